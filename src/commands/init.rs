//! `apspack init`: a new project from an embedded template, with the user's values filled in.

use std::io::Write;

use super::{Outcome, print};
use crate::Status;
use crate::cli::InitArgs;
use crate::scaffold::{self, Options};
use crate::text::escape_control;

/// Runs `apspack init`.
pub fn run(args: &InitArgs, out: &mut dyn Write) -> Outcome {
    let template = args.template.as_str();
    let opts = Options {
        name: args.name.clone(),
        id: args.id.clone(),
        vendor: args.vendor.clone(),
    };
    let files = scaffold::render(template, &opts)?;
    scaffold::create(&args.dir, &files)?;
    let dir = escape_control(&args.dir.display().to_string());
    let text = format!(
        "created {dir} from the {template} template ({} files)\n\
         next: edit {dir}/aps.toml, then run `apspack build {dir}`\n",
        files.len()
    );
    print(out, &text, "the summary")?;
    Ok(Status::Ok)
}

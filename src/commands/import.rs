//! `apspack import SRC -o DIR`: a package becomes an `aps.toml` project in a new directory.
//!
//! Exit status 0 when the project was written, 2 when anything stopped it (an unreadable
//! package, something aps.toml cannot express, a non-empty output); nothing is written then.

use std::io::Write;

use super::{Outcome, print};
use crate::Status;
use crate::cli::ImportArgs;

/// Runs `apspack import`.
pub fn run(args: &ImportArgs, out: &mut dyn Write) -> Outcome {
    crate::import::check_output(&args.out)?;
    let imported = crate::import::import(&args.src)?;
    crate::import::write(&imported, &args.out)?;
    let text = format!(
        "imported {} into {}\n  types  {}\n  files  {}\n",
        args.src.display(),
        args.out.display(),
        imported.types,
        imported.files.len()
    );
    print(out, &text, "the import summary")?;
    Ok(Status::Ok)
}

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
    let mut text = format!(
        "imported {} into {}\n  types  {}\n  files  {}\n",
        crate::escape::visible(&args.src.display().to_string()),
        crate::escape::visible(&args.out.display().to_string()),
        imported.types,
        imported.files.len()
    );
    // The import is faithful, defects included; say so now rather than at the first build.
    let errors = crate::lint::lint(&imported.tree)
        .into_iter()
        .filter(|f| f.severity == crate::lint::Severity::Error)
        // APP-LIST.xml (and its signature) is made anew by every build.
        .filter(|f| f.file.as_deref() != Some(crate::aps::APP_LIST))
        .collect::<Vec<_>>();
    if let Some(first) = errors.first() {
        text.push_str(&format!(
            "  lint   {} error(s) in the package, imported as they are (first: {} {} in {}); \
             `apspack build` refuses the project until they are fixed or lowered in its [lint] \
             table; `apspack lint {}` lists them\n",
            errors.len(),
            first.rule.code,
            first.rule.name,
            crate::escape::visible(first.file.as_deref().unwrap_or("the package")),
            crate::escape::visible(&args.src.display().to_string()),
        ));
    }
    print(out, &text, "the import summary")?;
    Ok(Status::Ok)
}

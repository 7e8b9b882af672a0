//! `apspack i18n extract`: the translatable strings of a project, package directory or archive
//! as a gettext template, on stdout or written atomically to `-o FILE`.

use std::io::Write;

use super::{Failure, Outcome, print};
use crate::Status;
use crate::cli::{ExtractArgs, I18nCommand};
use crate::i18n::extract::{collect, pot};
use crate::progress::Progress;
use crate::text::escape_control;

/// Runs `apspack i18n ...`.
pub fn run(
    cmd: &I18nCommand,
    progress: &dyn Progress,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    match cmd {
        I18nCommand::Extract(args) => extract(args, progress, out, err),
    }
}

fn extract(
    args: &ExtractArgs,
    progress: &dyn Progress,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let tree = super::inspect::open(&args.dir)?;
    let (found, skipped) = collect(&tree);
    for s in &skipped {
        let _ = writeln!(
            err,
            "warning: {} was not scanned (too large or not readable)",
            escape_control(s)
        );
    }
    let project = crate::describe::describe(&tree, &|_| None);
    let title = match (&project.name, &project.version) {
        (Some(n), Some(v)) => format!("{n} {v}"),
        (Some(n), None) => n.clone(),
        _ => "PACKAGE VERSION".to_string(),
    };
    let text = pot(&found, &title);
    let Some(path) = &args.output else {
        print(out, &text, "the template")?;
        return Ok(Status::Ok);
    };
    write_atomic(path, text.as_bytes()).map_err(|e| {
        Failure::message(format!(
            "cannot write {}: {e}",
            escape_control(&path.display().to_string())
        ))
    })?;
    let unique: std::collections::BTreeSet<&str> = found.iter().map(|f| f.text.as_str()).collect();
    progress.note(&format!(
        "wrote {} strings to {}",
        unique.len(),
        path.display()
    ));
    Ok(Status::Ok)
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`.
fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    // A temporary file is private (0600); the template is an ordinary file: keep the mode of
    // the file it replaces, else make it readable by all.
    let perms = match std::fs::metadata(path) {
        Ok(m) => m.permissions(),
        Err(_) => ordinary_permissions(tmp.as_file())?,
    };
    tmp.as_file().set_permissions(perms)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
fn ordinary_permissions(_: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn ordinary_permissions(f: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(f.metadata()?.permissions())
}

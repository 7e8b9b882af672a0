//! aps.toml: parsing with spans, validation collecting every problem, and the project it describes.
//!
//! Short type forms: `core/...` and `dns/...` expand under `http://aps-standard.org/types/`
//! (`core/resource/1.0#Counter` → `http://aps-standard.org/types/core/resource/1.0#Counter`).

pub mod files;
mod raw;
mod validate;

use std::path::{Path, PathBuf};

pub use crate::problems::Problem;

/// Why a manifest could not be turned into a project: it could not be read, or it has problems
/// (a TOML syntax error, or every validation problem found).
pub type ManifestError = crate::problems::Problems;

/// What to do once the problems of a manifest are fixed.
const NEXT_STEP: &str = "fix them all and build again";
/// What to do when there is no manifest to read.
const NO_MANIFEST: &str =
    "run apspack in a project directory that holds aps.toml, or pass that directory";
pub use files::FileSelector;
pub use validate::keys;

use crate::model::Package;
use crate::problems::Collector;

use crate::aps::MANIFEST;

/// Largest manifest read (the metadata cap of a package).
pub const MAX_MANIFEST_SIZE: u64 = crate::tree::MAX_METADATA_SIZE;

/// A validated project: the manifest's model plus where it lives.
#[derive(Debug, Clone)]
pub struct Project {
    /// Project directory (holds aps.toml and the files to package).
    pub dir: PathBuf,
    /// The validated model.
    pub package: Package,
    /// The text of `aps.toml`, for findings that point back at it.
    pub source: std::sync::Arc<str>,
}

/// Reads and validates `dir/aps.toml`.
pub fn load(dir: &Path) -> Result<Project, ManifestError> {
    let path = manifest_path(dir);
    // Only a regular file inside `dir` is a manifest: a link out of the project (to
    // /etc/passwd, say) is refused before a byte of it could reach an error snippet, and a
    // fifo is refused instead of waited on.
    let bytes = crate::inside::read(dir, MANIFEST, MAX_MANIFEST_SIZE)
        .map_err(|e| ManifestError::io(&path, e.into_io(), NO_MANIFEST))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let at = e.utf8_error().valid_up_to();
            let mut c = Collector::new(&text);
            c.error(
                at..at,
                "aps.toml is not valid UTF-8",
                "save the file as UTF-8",
            );
            return Err(ManifestError::in_text(&path, &text, c.problems, NEXT_STEP));
        }
    };
    parse_at(&text, dir, &path)
}

/// Parses and validates manifest `text` as if it were `dir/aps.toml` (project files are looked up
/// in `dir`).
pub fn parse(text: &str, dir: &Path) -> Result<Project, ManifestError> {
    parse_at(text, dir, &manifest_path(dir))
}

/// `dir/aps.toml` as users should read it in messages: `aps.toml` for the current directory,
/// without `./` segments otherwise.
pub fn manifest_path(dir: &Path) -> PathBuf {
    let mut p: PathBuf = dir
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    p.push(MANIFEST);
    p
}

fn parse_at(text: &str, dir: &Path, path: &Path) -> Result<Project, ManifestError> {
    let mut c = Collector::new(text);
    let doc = match toml::de::DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            c.error(
                span,
                format!("TOML syntax error: {}", e.message().trim_end()),
                "fix the TOML syntax (quotes, brackets, one key per line)",
            );
            return Err(ManifestError::in_text(path, text, c.problems, NEXT_STEP));
        }
    };
    let root = raw::Table {
        span: raw::Span { start: 0, end: 0 },
        table: doc.get_ref(),
        path: String::new(),
    };
    let package = validate::validate(&mut c, &root, dir);
    if c.problems.is_empty() {
        Ok(Project {
            source: text.into(),
            dir: dir.to_path_buf(),
            package,
        })
    } else {
        Err(ManifestError::in_text(path, text, c.problems, NEXT_STEP))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_reads_the_project_and_rejects_non_utf8() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("scripts")).unwrap();
        std::fs::write(dir.path().join("scripts/app.php"), "<?php\n").unwrap();
        let text = "[package]\nid = \"http://x.example.org/a\"\nname = \"A\"\nversion = \"1\"\nrelease = 0\n\n[types.app]\nid = \"http://x.example.org/aps/app/1.0\"\nimplements = [\"core/application/1.0\"]\n";
        std::fs::write(dir.path().join(MANIFEST), text).unwrap();
        let project = load(dir.path()).unwrap();
        assert_eq!(project.package.release, "0");
        assert_eq!(project.package.types[0].code, "scripts/app.php");
        assert_eq!(project.package.files, crate::model::FileSet::default());

        std::fs::write(dir.path().join(MANIFEST), b"[package]\nname = \"\xff\"\n").unwrap();
        let err = load(dir.path()).unwrap_err();
        assert_eq!(err.problems().len(), 1);
        assert_eq!((err.problems()[0].line, err.problems()[0].column), (2, 9));
        assert!(err.problems()[0].message.contains("UTF-8"));
    }

    #[cfg(unix)]
    #[test]
    fn a_manifest_that_is_no_regular_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(dir.path().join(MANIFEST))
            .status()
            .is_ok_and(|s| s.success());
        if !made {
            crate::needs::missing("mkfifo");
            return;
        }
        let err = load(dir.path()).expect_err("a fifo is refused, not waited on");
        let text = format!("{err}");
        assert!(text.contains(MANIFEST), "{text}");
        std::fs::remove_file(dir.path().join(MANIFEST)).unwrap();
        std::fs::create_dir(dir.path().join(MANIFEST)).unwrap();
        assert!(load(dir.path()).is_err());
    }

    #[test]
    fn missing_package_and_types_are_reported() {
        let err = parse("", Path::new(".")).unwrap_err();
        let msgs: Vec<_> = err.problems().iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "missing the `[package]` table",
                "the manifest defines no types"
            ]
        );
    }
}

//! aps.toml: parsing with spans, validation collecting every problem, and the project it describes.

use std::path::{Path, PathBuf};

use crate::model::Package;

/// Name of the manifest file.
pub const MANIFEST: &str = "aps.toml";

/// A validated project: the manifest's model plus where it lives.
#[derive(Debug, Clone)]
pub struct Project {
    /// Project directory (holds aps.toml and the files to package).
    pub dir: PathBuf,
    /// The validated model.
    pub package: Package,
}

/// Why a manifest could not be turned into a project.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot load {}", path.display())]
pub struct ManifestError {
    path: PathBuf,
}

/// Reads and validates `dir/aps.toml`.
pub fn load(dir: &Path) -> Result<Project, ManifestError> {
    Err(ManifestError {
        path: dir.join(MANIFEST),
    })
}

//! Opening any lint target as a PackageTree: a `.app.zip`, a package directory, or a project.

use std::path::{Path, PathBuf};

use crate::epoch::Epoch;
use crate::tree::{Entry, Origin, PackageTree};

/// Why a target could not be opened.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LoadError {
    /// The path names nothing this loader can read.
    #[error("{}: not a package directory (no APP-META.xml)", path.display())]
    #[diagnostic(code(apspack::load::unsupported))]
    Unsupported {
        /// The target.
        path: PathBuf,
    },
    /// Reading a file or directory failed.
    #[error("{}: {source}", path.display())]
    #[diagnostic(code(apspack::load::io))]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Opens `path` as a package tree.
pub fn open(path: &Path, _epoch: Epoch) -> Result<PackageTree, LoadError> {
    if !path.join("APP-META.xml").is_file() {
        return Err(LoadError::Unsupported {
            path: path.to_path_buf(),
        });
    }
    let mut tree = PackageTree::new(Origin::Directory(path.to_path_buf()));
    for item in walkdir::WalkDir::new(path).sort_by_file_name().min_depth(1) {
        let item = item.map_err(|e| LoadError::Io {
            path: e.path().unwrap_or(path).to_path_buf(),
            source: e.into(),
        })?;
        let rel = item
            .path()
            .strip_prefix(path)
            .unwrap_or(item.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if item.file_type().is_dir() {
            tree.push(Entry::dir(rel));
        } else if item.file_type().is_file() {
            let entry = Entry::from_disk(rel, item.path()).map_err(|source| LoadError::Io {
                path: item.path().to_path_buf(),
                source,
            })?;
            tree.push(entry);
        }
    }
    Ok(tree)
}

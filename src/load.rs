//! Opening any lint target as a PackageTree: a `.app.zip`, a package directory, or a project.
//!
//! * A file is read as a zip archive, whatever its extension (a name without `.app.zip` is
//!   for the linter to report).
//! * A directory with `APP-META.xml` is a package directory: walked in sorted order, symbolic
//!   links never followed (they become [`EntryKind::Symlink`] entries; sockets, fifos and
//!   devices become [`EntryKind::Other`]), and only `.git`, `.hg` and `.svn` directories
//!   skipped.
//! * A directory with `aps.toml` and no `APP-META.xml` is a project: its manifest is loaded
//!   and the package generated in memory.

use std::path::{Path, PathBuf};

use crate::archive::read::{ReadError, read_zip};
use crate::epoch::Epoch;
use crate::generate::{GenerateError, generate};
use crate::manifest::{MANIFEST, ManifestError};
use crate::tree::{Entry, EntryKind, LoadProblem, MAX_METADATA_SIZE, Origin, PackageTree};

/// Directories of version-control systems, never part of a package.
pub const SKIPPED_DIRS: &[&str] = &[".git", ".hg", ".svn"];

/// Why a lint target could not be opened.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LoadError {
    /// The project's manifest is broken.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Manifest(#[from] ManifestError),
    /// The project's package could not be generated.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Generate(#[from] GenerateError),
    /// The archive could not be read.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Archive(#[from] ReadError),
    /// A file or directory could not be read.
    #[error("cannot read {}: {err}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// What failed.
        err: std::io::Error,
    },
    /// A directory that is neither a package nor a project.
    #[error(
        "{} is not an APS package: expected a .app.zip file, a package directory with APP-META.xml, or a project directory with aps.toml",
        path.display()
    )]
    NotAPackage {
        /// The directory.
        path: PathBuf,
    },
}

/// Opens `path` as a package tree; `epoch` stamps a project's generated files.
pub fn open(path: &Path, epoch: Epoch) -> Result<PackageTree, LoadError> {
    let meta = std::fs::metadata(path).map_err(|err| LoadError::Io {
        path: path.to_path_buf(),
        err,
    })?;
    if !meta.is_dir() {
        return Ok(read_zip(path)?);
    }
    if path.join("APP-META.xml").is_file() {
        return read_dir(path);
    }
    if path.join(MANIFEST).is_file() {
        let project = crate::manifest::load(path)?;
        return Ok(generate(&project, epoch)?);
    }
    Err(LoadError::NotAPackage {
        path: path.to_path_buf(),
    })
}

/// Reads a package directory into a tree with [`Origin::Directory`].
pub fn read_dir(root: &Path) -> Result<PackageTree, LoadError> {
    let mut tree = PackageTree::new(Origin::Directory(root.to_path_buf()));
    let walk = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| {
            !(e.file_type().is_dir()
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| SKIPPED_DIRS.contains(&n)))
        });
    for item in walk {
        let item = item.map_err(|e| {
            let path = e.path().unwrap_or(root).to_path_buf();
            let err = e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("file system loop"));
            LoadError::Io { path, err }
        })?;
        let disk = item.path();
        let rel = disk.strip_prefix(root).unwrap_or(disk);
        let (name, name_is_utf8) = package_path(rel);
        let ft = item.file_type();
        let mut entry = if ft.is_file() {
            let e = Entry::from_disk(name, disk).map_err(|err| LoadError::Io {
                path: disk.to_path_buf(),
                err,
            })?;
            if e.bytes().is_none() && crate::tree::is_metadata_path(&e.path) {
                tree.problems.push(LoadProblem {
                    path: Some(e.path.clone()),
                    message: format!(
                        "metadata file larger than {MAX_METADATA_SIZE} bytes; its content was not read"
                    ),
                });
            }
            e
        } else {
            let mut e = Entry::dir(name);
            e.kind = if ft.is_dir() {
                EntryKind::Dir
            } else if ft.is_symlink() {
                EntryKind::Symlink
            } else {
                EntryKind::Other
            };
            e.mode = mode_of(&item);
            e
        };
        entry.name_is_utf8 = name_is_utf8;
        tree.push(entry);
    }
    Ok(tree)
}

/// The `/`-separated package path of a relative disk path, and whether it was valid UTF-8.
fn package_path(rel: &Path) -> (String, bool) {
    let mut parts = Vec::new();
    let mut utf8 = true;
    for c in rel.components() {
        let s = c.as_os_str();
        match s.to_str() {
            Some(s) => parts.push(s.to_string()),
            None => {
                utf8 = false;
                parts.push(s.to_string_lossy().into_owned());
            }
        }
    }
    (parts.join("/"), utf8)
}

#[cfg(unix)]
fn mode_of(item: &walkdir::DirEntry) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    item.metadata().ok().map(|m| m.permissions().mode())
}

#[cfg(not(unix))]
fn mode_of(_: &walkdir::DirEntry) -> Option<u32> {
    None
}

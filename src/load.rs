//! Opening any lint target as a PackageTree: a `.app.zip`, a package directory, or a project.
//!
//! * A regular file is read as a zip archive, whatever its extension (a name without
//!   `.app.zip` is for the linter to report); a fifo, socket or device is refused.
//! * A directory with `APP-META.xml` is a package directory: walked in sorted order, symbolic
//!   links never followed (they become [`EntryKind::Symlink`] entries; sockets, fifos and
//!   devices become [`EntryKind::Other`]), and only `.git`, `.hg` and `.svn` directories
//!   skipped.
//! * A directory with `aps.toml` and no `APP-META.xml` is a project: its manifest is loaded
//!   and the package generated in memory.

use std::path::{Path, PathBuf};

use crate::aps::{APP_META, MANIFEST};
use crate::archive::read::{Limits, ReadError, read_zip_jobs};
use crate::epoch::Epoch;
use crate::generate::{GenerateError, generate};
use crate::limits::{MAX_ENTRIES, MAX_METADATA_TOTAL};
use crate::manifest::ManifestError;
use crate::tree::{Content, Entry, EntryKind, LoadProblem, MAX_METADATA_SIZE, Origin, PackageTree};

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
    /// A path that is neither a regular file nor a directory (a fifo, socket or device).
    #[error(
        "{} is not a regular file or a directory, so it cannot be an APS package",
        path.display()
    )]
    #[diagnostic(help("pass a .app.zip file, a package directory or a project directory"))]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
}

/// Opens `path` as a package tree; `epoch` stamps a project's generated files.
pub fn open(path: &Path, epoch: Epoch) -> Result<PackageTree, LoadError> {
    open_with(path, epoch, crate::archive::default_jobs())
}

/// [`open`], reading an archive's members on `jobs` threads (the tree is the same for any
/// number).
pub fn open_with(path: &Path, epoch: Epoch, jobs: usize) -> Result<PackageTree, LoadError> {
    let meta = std::fs::metadata(path).map_err(|err| LoadError::Io {
        path: path.to_path_buf(),
        err,
    })?;
    if meta.is_file() {
        return Ok(read_zip_jobs(path, Limits::default(), jobs)?);
    }
    if !meta.is_dir() {
        // Opening a fifo would wait for a writer forever; devices and sockets are no packages.
        return Err(LoadError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if path.join(APP_META).is_file() {
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
    let mut kept = 0u64;
    for item in walk {
        if tree.entries().len() >= MAX_ENTRIES {
            tree.problems.push(LoadProblem {
                path: None,
                message: format!(
                    "the directory holds more than {MAX_ENTRIES} entries, more than a zip without Zip64 holds; only the first {MAX_ENTRIES} were read"
                ),
            });
            break;
        }
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
            let mut e = Entry::from_disk(name, disk).map_err(|err| LoadError::Io {
                path: disk.to_path_buf(),
                err,
            })?;
            within_budget(&mut tree, &mut e, disk, &mut kept);
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

/// Keeps `e`'s bytes in memory only while all kept files together stay within
/// [`MAX_METADATA_TOTAL`]; past it the file is read from disk when needed and not checked.
fn within_budget(tree: &mut PackageTree, e: &mut Entry, disk: &Path, kept: &mut u64) {
    let Some(bytes) = e.bytes() else { return };
    *kept += bytes.len() as u64;
    if *kept > MAX_METADATA_TOTAL {
        e.content = Content::Disk(disk.to_path_buf());
        tree.problems.push(LoadProblem {
            path: Some(e.path.clone()),
            message: format!(
                "not checked: the package's metadata files together are larger than {MAX_METADATA_TOTAL} bytes; this one was hashed but its content is not kept"
            ),
        });
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, bytes: &[u8]) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, bytes).expect("write");
    }

    #[test]
    fn a_package_directory_is_walked_sorted_without_vcs_dirs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(&root.join("APP-META.xml"), b"<application/>");
        write(&root.join("scripts/app.php"), b"<?php");
        write(&root.join("schemas/a.schema"), b"{}");
        write(&root.join(".git/config"), b"[core]");
        write(&root.join("ui/.svn/entries"), b"x");
        write(&root.join(".gitignore"), b"*.log");
        write(&root.join("images/.git"), b"a file named .git is kept");
        std::fs::create_dir_all(root.join("doc/empty")).expect("mkdir");
        let t = open(root, Epoch::default()).expect("loads");
        assert_eq!(t.origin, Origin::Directory(root.to_path_buf()));
        let paths: Vec<_> = t.entries().iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                ".gitignore",
                "APP-META.xml",
                "doc",
                "doc/empty",
                "images",
                "images/.git",
                "schemas",
                "schemas/a.schema",
                "scripts",
                "scripts/app.php",
                "ui"
            ]
        );
        assert_eq!(t.bytes("APP-META.xml"), Some(&b"<application/>"[..]));
        assert_eq!(t.bytes("schemas/a.schema"), Some(&b"{}"[..]));
        // A script is not kept; the rules that read scripts read it again from the disk.
        assert!(t.bytes("scripts/app.php").is_none());
        assert!(t.source("scripts/app.php").is_some());
        assert_eq!(t.get("doc/empty").map(|e| e.kind), Some(EntryKind::Dir));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_entries_and_never_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("pkg");
        write(&root.join("APP-META.xml"), b"<application/>");
        write(&dir.path().join("outside/secret.txt"), b"secret");
        std::os::unix::fs::symlink(dir.path().join("outside"), root.join("linkdir"))
            .expect("symlink");
        std::os::unix::fs::symlink("APP-META.xml", root.join("meta-link")).expect("symlink");
        let t = open(&root, Epoch::default()).expect("loads");
        assert_eq!(t.get("linkdir").map(|e| e.kind), Some(EntryKind::Symlink));
        assert_eq!(t.get("meta-link").map(|e| e.kind), Some(EntryKind::Symlink));
        assert!(t.get("linkdir/secret.txt").is_none());
        assert_eq!(t.entries().len(), 3);

        let fifo = root.join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if made {
            let t = open(&root, Epoch::default()).expect("loads without blocking");
            assert_eq!(t.get("pipe").map(|e| e.kind), Some(EntryKind::Other));
            // Given as the target itself, a fifo is refused instead of waited on.
            let e = open(&fifo, Epoch::default()).expect_err("a fifo is no package");
            assert!(matches!(e, LoadError::NotAFile { .. }), "{e}");
            assert!(e.to_string().contains("pipe"), "{e}");
        } else {
            crate::needs::missing("mkfifo");
        }
    }

    #[test]
    fn files_are_archives_and_other_directories_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut t = PackageTree::new(Origin::Project("p".into()));
        t.push(Entry::memory("APP-META.xml", b"<application/>".to_vec()));
        let w = crate::archive::write::write_atomic(&t, dir.path(), "a.zip", Epoch::default())
            .expect("written");
        let back = open(&w.path, Epoch::default()).expect("zip whatever its extension");
        assert!(matches!(back.origin, Origin::Archive(_)));
        assert!(back.has_file("APP-META.xml"));

        let neither = dir.path().join("neither");
        std::fs::create_dir(&neither).expect("mkdir");
        let e = open(&neither, Epoch::default()).expect_err("not a package");
        assert!(matches!(e, LoadError::NotAPackage { .. }), "{e}");
        assert!(e.to_string().contains("aps.toml"), "{e}");

        let missing = dir.path().join("missing");
        let e = open(&missing, Epoch::default()).expect_err("missing");
        assert!(matches!(e, LoadError::Io { .. }), "{e}");
        assert!(e.to_string().contains("missing"), "{e}");

        let text = dir.path().join("notes.txt");
        write(&text, b"hello");
        let e = open(&text, Epoch::default()).expect_err("not a zip");
        assert!(matches!(e, LoadError::Archive(_)), "{e}");
    }

    #[test]
    fn a_broken_project_manifest_is_a_manifest_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(&dir.path().join("aps.toml"), b"[package\nname = ");
        let e = open(dir.path(), Epoch::default()).expect_err("broken manifest");
        assert!(matches!(e, LoadError::Manifest(_)), "{e}");
    }
}

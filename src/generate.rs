//! Generation: a validated project becomes a PackageTree (APP-META.xml, schemas, files, APP-LIST.xml).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::aps::{APP_LIST, APP_META};
use crate::epoch::Epoch;
use crate::listing;
use crate::manifest::{FileSelector, Project};
use crate::tree::{Entry, Origin, PackageTree};

/// Name of the generated metadata file.
/// Name of the security document.
pub const SECURITY: &str = "security.json";

/// Why generation failed.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum GenerateError {
    /// A project file or directory could not be read.
    #[error("cannot read {}: {source}", path.display())]
    #[diagnostic(code(apspack::generate::io))]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A symbolic link where files are packaged.
    #[error("{} is a symbolic link", path.display())]
    #[diagnostic(
        code(apspack::generate::symlink),
        help(
            "packages hold only regular files and directories: replace the link with the file, or exclude it in [files]"
        )
    )]
    Symlink {
        /// The link.
        path: PathBuf,
    },
    /// A project file whose name is not UTF-8.
    #[error("{} has a name that is not UTF-8", path.display())]
    #[diagnostic(code(apspack::generate::name), help("rename it with ASCII characters"))]
    NotUtf8 {
        /// The file.
        path: PathBuf,
    },
    /// A project file would overwrite a generated one.
    #[error("{} would be packaged as `{name}`, which apspack generates", path.display())]
    #[diagnostic(
        code(apspack::generate::collision),
        help("remove the file or exclude it in [files]; generated files come from aps.toml")
    )]
    Collision {
        /// The project file.
        path: PathBuf,
        /// The package path.
        name: String,
    },
    /// The project-root security.json is not a JSON object.
    #[error("{} is not a JSON object: {message}", path.display())]
    #[diagnostic(
        code(apspack::generate::security),
        help(
            "write security.json as a JSON object, or move its content into [security] in aps.toml"
        )
    )]
    Security {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A PO file of `i18n/` is broken or cannot become a catalogue.
    #[error("{}:{line}: {message}", path.display())]
    #[diagnostic(
        code(apspack::generate::po),
        help(
            "fix the PO file (a PO editor such as Poedit checks the syntax); build compiles each i18n/<locale>.po into i18n/<locale>.json"
        )
    )]
    Po {
        /// The PO file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The `[files]` globs do not compile (validation normally catches this first).
    #[error("invalid [files] glob: {0}")]
    #[diagnostic(code(apspack::generate::glob))]
    Glob(String),
}

/// Generates the package tree of `project`, stamped with `epoch`.
pub fn generate(project: &Project, epoch: Epoch) -> Result<PackageTree, GenerateError> {
    generate_with(project, epoch, &crate::progress::Silent)
}

/// [`generate`], reporting each project file it hashes to `progress`.
pub fn generate_with(
    project: &Project,
    epoch: Epoch,
    progress: &dyn crate::progress::Progress,
) -> Result<PackageTree, GenerateError> {
    let p = &project.package;
    let dir = &project.dir;
    let mut tree = PackageTree::new(Origin::Project(dir.clone()));
    tree.manifest = Some(project.source.clone());
    let mut generated: BTreeSet<String> = [APP_META.to_string(), APP_LIST.to_string()].into();

    tree.push(Entry::memory(
        APP_META,
        crate::meta::write::render(p, epoch),
    ));
    for ty in &p.types {
        tree.push(Entry::memory(
            ty.schema_path.clone(),
            crate::typeschema::write::render(ty),
        ));
        generated.insert(ty.schema_path.clone());
    }
    if let Some(sec) = &p.security {
        let mut bytes = serde_json::to_vec_pretty(sec).unwrap_or_default();
        bytes.push(b'\n');
        tree.push(Entry::memory(SECURITY, bytes));
        generated.insert(SECURITY.to_string());
    } else {
        let disk = dir.join(SECURITY);
        match std::fs::symlink_metadata(&disk) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(GenerateError::Symlink { path: disk });
            }
            Ok(m) if m.is_file() => {
                let bytes = std::fs::read(&disk).map_err(|source| GenerateError::Io {
                    path: disk.clone(),
                    source,
                })?;
                match serde_json::from_slice::<serde_json::Value>(&bytes) {
                    Ok(v) if v.is_object() => {}
                    Ok(_) => {
                        return Err(GenerateError::Security {
                            path: disk,
                            message: "the top level is not an object".into(),
                        });
                    }
                    Err(e) => {
                        return Err(GenerateError::Security {
                            path: disk,
                            message: e.to_string(),
                        });
                    }
                }
                tree.push(Entry::memory(SECURITY, bytes));
                generated.insert(SECURITY.to_string());
            }
            _ => {}
        }
    }

    let selector = FileSelector::new(&p.files).map_err(GenerateError::Glob)?;
    let files = project_files(dir, &selector)?;
    progress.note(&format!(
        "hashing {} project file{}",
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    ));
    progress.phase("hashing", Some(files.len() as u64));
    if let Some((rel, abs)) = files.iter().find(|(rel, _)| generated.contains(rel)) {
        return Err(GenerateError::Collision {
            path: abs.clone(),
            name: rel.clone(),
        });
    }
    for entry in hash_files(&files, progress)? {
        tree.push(entry);
    }
    progress.done();
    compile_catalogues(&mut tree, &generated, progress)?;
    let list = listing::render(&tree);
    tree.insert(Entry::memory(APP_LIST, list));
    Ok(tree)
}

/// Reads and hashes the project's files on as many threads as there are CPUs (every file is read
/// once here, for APP-LIST.xml). The entries come back in the order of `files`, and the first
/// error in that order is the one returned, so nothing depends on the threads. Progress is
/// reported from the calling thread only (a progress display may hold the terminal).
fn hash_files(
    files: &[(String, PathBuf)],
    progress: &dyn crate::progress::Progress,
) -> Result<Vec<Entry>, GenerateError> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let jobs = crate::archive::default_jobs().clamp(1, files.len().max(1));
    let next = AtomicUsize::new(0);
    let mut done: Vec<Option<Result<Entry, GenerateError>>> = files.iter().map(|_| None).collect();
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::channel();
        for _ in 0..jobs {
            let (tx, next) = (tx.clone(), &next);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((rel, abs)) = files.get(i) else {
                        break;
                    };
                    let entry =
                        Entry::from_disk(rel.clone(), abs).map_err(|source| GenerateError::Io {
                            path: abs.clone(),
                            source,
                        });
                    if tx.send((i, entry)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, entry) in rx {
            if let (Some((rel, _)), Some(slot)) = (files.get(i), done.get_mut(i)) {
                progress.step(rel);
                *slot = Some(entry);
            }
        }
    });
    done.into_iter()
        .zip(files)
        .map(|(slot, (_, abs))| {
            slot.unwrap_or_else(|| {
                Err(GenerateError::Io {
                    path: abs.clone(),
                    source: std::io::Error::other("the file was not read"),
                })
            })
        })
        .collect()
}

/// Compiles every packaged `i18n/<locale>.po` into `i18n/<locale>.json` (replacing a project
/// file of that name: the PO file is the source, as with the vendor's tools).
fn compile_catalogues(
    tree: &mut PackageTree,
    generated: &BTreeSet<String>,
    progress: &dyn crate::progress::Progress,
) -> Result<(), GenerateError> {
    let sources: Vec<(String, PathBuf)> = tree
        .files()
        .filter(|e| crate::i18n::is_po_path(&e.path))
        .filter_map(|e| match &e.content {
            crate::tree::Content::Disk(p) => Some((e.path.clone(), p.clone())),
            _ => None,
        })
        .collect();
    for (rel, disk) in sources {
        progress.note(&format!("compiling {rel}"));
        // Shown in messages as the user would write it: `i18n/de.po`, not `./i18n/de.po`.
        let disk: PathBuf = disk
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect();
        let too_big = |size: u64| GenerateError::Po {
            path: disk.clone(),
            line: 1,
            message: format!(
                "the file is {size} bytes; PO files over {} bytes are not compiled",
                crate::i18n::MAX_PO_SIZE
            ),
        };
        let io = |source| GenerateError::Io {
            path: disk.clone(),
            source,
        };
        let size = std::fs::metadata(&disk).map_err(io)?.len();
        if size > crate::i18n::MAX_PO_SIZE {
            return Err(too_big(size));
        }
        let bytes = std::fs::read(&disk).map_err(io)?;
        let po_error = |e: crate::i18n::PoError| GenerateError::Po {
            path: disk.clone(),
            line: e.line,
            message: e.message,
        };
        let catalog = crate::i18n::parse(&bytes).map_err(po_error)?;
        let json = crate::i18n::compile(&catalog).map_err(po_error)?;
        let target = crate::i18n::json_path(&rel);
        if generated.contains(&target) {
            return Err(GenerateError::Collision {
                path: disk.clone(),
                name: target,
            });
        }
        tree.insert(Entry::memory(target, json));
    }
    Ok(())
}

/// The project files `selector` packages, as (package path, disk path), sorted by path.
pub fn project_files(
    dir: &Path,
    selector: &FileSelector,
) -> Result<Vec<(String, PathBuf)>, GenerateError> {
    let mut out = Vec::new();
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(next) = walk.next() {
        let entry = next.map_err(|e| GenerateError::Io {
            path: e
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| dir.to_path_buf()),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("directory walk failed")),
        })?;
        if entry.depth() == 0 {
            continue;
        }
        let abs = entry.path().to_path_buf();
        let Ok(rel_path) = abs.strip_prefix(dir) else {
            continue;
        };
        let utf8 = rel_path.to_str().is_some();
        let rel = rel_path
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let ft = entry.file_type();
        if !utf8 && (selector.selects(&rel) || selector.may_select_below(&rel)) {
            return Err(GenerateError::NotUtf8 { path: abs });
        }
        if ft.is_dir() {
            if selector.is_excluded(&rel) {
                walk.skip_current_dir();
            }
            continue;
        }
        if ft.is_symlink() {
            if selector.selects(&rel) || selector.may_select_below(&rel) {
                return Err(GenerateError::Symlink { path: abs });
            }
            continue;
        }
        if ft.is_file() && selector.selects(&rel) {
            out.push((rel, abs));
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_hashed_in_order_and_the_first_error_is_the_one_returned() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut files = Vec::new();
        for i in 0..200 {
            let name = format!("doc/f{i:03}.txt");
            let abs = dir.path().join(format!("f{i:03}.txt"));
            std::fs::write(&abs, format!("file {i}")).expect("write");
            files.push((name, abs));
        }
        let entries = hash_files(&files, &crate::progress::Silent).expect("hashed");
        let paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
        let want: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, want);
        assert_eq!(entries[7].sha256, Some(crate::tree::Digest::of(b"file 7")));
        for gone in [150, 40] {
            std::fs::remove_file(&files[gone].1).expect("remove");
        }
        match hash_files(&files, &crate::progress::Silent) {
            Err(GenerateError::Io { path, .. }) => assert_eq!(path, files[40].1),
            other => panic!("expected the error of the first missing file, got {other:?}"),
        }
    }
    use crate::model::FileSet;

    #[test]
    fn walk_selects_sorted_files_and_prunes_junk() {
        let dir = tempfile::tempdir().unwrap();
        for p in [
            "aps.toml",
            "scripts/b.php",
            "scripts/a.php",
            "scripts/.hidden",
            "scripts/a.php~",
            ".git/config",
            "dist/old.app.zip",
            "ui/x/y.js",
            "other/z.txt",
        ] {
            let abs = dir.path().join(p);
            std::fs::create_dir_all(abs.parent().unwrap()).unwrap();
            std::fs::write(abs, p).unwrap();
        }
        let sel = FileSelector::new(&FileSet {
            include: vec![
                "scripts/**".into(),
                "ui/**".into(),
                "dist/**".into(),
                "*.toml".into(),
            ],
            exclude: vec![],
        })
        .unwrap();
        let got: Vec<String> = project_files(dir.path(), &sel)
            .unwrap()
            .into_iter()
            .map(|(rel, abs)| {
                assert!(abs.is_file());
                rel
            })
            .collect();
        assert_eq!(got, ["scripts/a.php", "scripts/b.php", "ui/x/y.js"]);
    }
}

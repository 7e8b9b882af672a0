//! `apspack import`: any APS 2 package (a classic source tree, a package directory or a
//! `.app.zip`) becomes an `aps.toml` project: identity, presentation, vendor, packager, licence,
//! changelog, upgrade/patch, navigation, services, every type (from its schema, or from the PHP
//! annotations where the schema is absent) and the files.
//!
//! What `aps.toml` cannot express is a problem naming the element or member and its line; any
//! problem stops the import before anything is written. The project is written to a temporary
//! directory beside the output, validated as a manifest, and renamed into place, so a failed
//! import leaves nothing behind; the output must not exist or be an empty directory.

pub mod files;
pub mod meta;
pub mod types;

use std::fmt;
use std::path::{Path, PathBuf};

use toml::{Table, Value};

use crate::aps::{APP_LIST, APP_META, MANIFEST};
use crate::load::LoadError;
use crate::text::LineIndex;
use crate::tree::{EntryKind, PackageTree};

/// One thing `aps.toml` cannot express, or a file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// Package path of the file.
    pub file: String,
    /// 1-based line (0 when unknown).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
    /// What it is.
    pub message: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::php::problem::escape(&self.file);
        let msg = crate::php::problem::escape(&self.message);
        if self.line > 0 {
            write!(f, "{file}:{}:{}: {msg}", self.line, self.column)
        } else {
            write!(f, "{file}: {msg}")
        }
    }
}

/// Problems of one file, located by byte offset.
pub struct Problems<'a> {
    file: String,
    index: LineIndex,
    list: &'a mut Vec<ImportProblem>,
}

impl<'a> Problems<'a> {
    /// Problems of `file` with text `bytes`, added to `list`.
    pub fn new(file: &str, bytes: &[u8], list: &'a mut Vec<ImportProblem>) -> Problems<'a> {
        Problems {
            file: file.to_string(),
            index: LineIndex::new(bytes),
            list,
        }
    }

    /// Records a problem at byte `offset`.
    pub fn at(&mut self, offset: usize, message: String) {
        let (line, column) = self.index.position(offset);
        self.list.push(ImportProblem {
            file: self.file.clone(),
            line,
            column,
            message,
        });
    }
}

/// Why an import failed.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ImportError {
    /// The source could not be read as a package.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Load(#[from] LoadError),
    /// The source is already a project.
    #[error("{} already holds aps.toml; it is a project, not a package to import", path.display())]
    #[diagnostic(code(apspack::import::project))]
    Project {
        /// The source.
        path: PathBuf,
    },
    /// The output exists and is not an empty directory.
    #[error("{} exists and is not an empty directory; import writes only into a new or empty one", path.display())]
    #[diagnostic(code(apspack::import::not_empty))]
    NotEmpty {
        /// The output.
        path: PathBuf,
    },
    /// The package says things aps.toml cannot express.
    #[error("{}", list(problems))]
    #[diagnostic(
        code(apspack::import::inexpressible),
        help(
            "aps.toml has no key for these; change the package (or keep building it as a classic tree) and import again"
        )
    )]
    Inexpressible {
        /// Every problem found.
        problems: Vec<ImportProblem>,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    #[diagnostic(code(apspack::import::io))]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The written manifest does not validate (a package value aps.toml rejects).
    #[error("the package has values aps.toml rejects; nothing was imported:\n{source}")]
    #[diagnostic(
        code(apspack::import::invalid),
        help(
            "fix these in the package (the lines are those the imported aps.toml would have had) and import again"
        )
    )]
    Invalid {
        /// The manifest's problems.
        source: crate::manifest::ManifestError,
    },
}

fn list(problems: &[ImportProblem]) -> String {
    let mut s = format!(
        "{} thing(s) in the package cannot be expressed in aps.toml:",
        problems.len()
    );
    for p in problems {
        s.push_str(&format!("\n  {p}"));
    }
    s
}

/// What an import makes: the manifest text and the files to copy.
#[derive(Debug)]
pub struct Imported {
    /// `aps.toml`.
    pub manifest: String,
    /// Package paths of the files the project keeps.
    pub files: Vec<String>,
    /// How many types the project declares.
    pub types: usize,
    /// The package read.
    pub tree: PackageTree,
}

/// Reads the package at `src` into a project description.
pub fn import(src: &Path) -> Result<Imported, ImportError> {
    if src.is_dir() && src.join(MANIFEST).exists() {
        return Err(ImportError::Project {
            path: src.to_path_buf(),
        });
    }
    let tree = crate::load::open(src, crate::epoch::Epoch::from_secs(0))?;
    let mut problems = Vec::new();
    let Some(meta_bytes) = tree.bytes(APP_META).map(<[u8]>::to_vec) else {
        return Err(ImportError::Inexpressible {
            problems: vec![ImportProblem {
                file: APP_META.into(),
                line: 0,
                column: 0,
                message: "the package has no readable APP-META.xml".into(),
            }],
        });
    };
    let doc = match crate::xml::parse(&meta_bytes) {
        Ok(d) => d,
        Err(e) => {
            Problems::new(APP_META, &meta_bytes, &mut problems)
                .at(e.offset, format!("not well-formed XML: {}", e.message));
            return Err(ImportError::Inexpressible { problems });
        }
    };
    let mut p = Problems::new(APP_META, &meta_bytes, &mut problems);
    if doc.root.ns.as_deref() != Some(crate::aps::NS_APS2) || doc.root.name != "application" {
        p.at(
            doc.root.span.start,
            format!(
                "not an APS 2 package (<application xmlns=\"{}\">); APS 1 packages have no aps.toml form",
                crate::aps::NS_APS2
            ),
        );
        return Err(ImportError::Inexpressible { problems });
    }
    let (package, services, navigation) = meta::read(&doc.root, &mut p);
    let (types, schemas) = files::types(&tree, &services, &meta_bytes, &mut problems);
    let (keep, include) = files::project_files(&tree, &schemas, &mut problems);
    if !problems.is_empty() {
        return Err(ImportError::Inexpressible { problems });
    }
    let mut root = Table::new();
    root.insert("package".into(), Value::Table(package));
    if let Some(include) = include {
        let mut f = Table::new();
        f.insert(
            "include".into(),
            Value::Array(include.into_iter().map(Value::from).collect()),
        );
        root.insert("files".into(), Value::Table(f));
    }
    let type_count = types.len();
    root.insert("types".into(), Value::Table(types));
    if !navigation.is_empty() {
        root.insert("navigation".into(), Value::Array(navigation));
    }
    let body = toml::to_string(&root).map_err(|e| ImportError::Io {
        path: PathBuf::from(MANIFEST),
        source: std::io::Error::other(e.to_string()),
    })?;
    let manifest = format!(
        "# Imported by apspack from {}.\n\n{body}",
        crate::php::problem::escape(&src.display().to_string())
    );
    Ok(Imported {
        manifest,
        files: keep,
        types: type_count,
        tree,
    })
}

/// Checks that `out` does not exist or is an empty directory; true when it exists.
pub fn check_output(out: &Path) -> Result<bool, ImportError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ImportError::Io { path, source }
    };
    Ok(match std::fs::symlink_metadata(out) {
        Ok(m) if m.is_dir() => {
            let mut entries = std::fs::read_dir(out).map_err(io(out))?;
            if entries.next().is_some() {
                return Err(ImportError::NotEmpty {
                    path: out.to_path_buf(),
                });
            }
            true
        }
        Ok(_) => {
            return Err(ImportError::NotEmpty {
                path: out.to_path_buf(),
            });
        }
        Err(_) => false,
    })
}

/// Writes `imported` as a project at `out` (a new or empty directory), atomically.
pub fn write(imported: &Imported, out: &Path) -> Result<(), ImportError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ImportError::Io { path, source }
    };
    let existed = check_output(out)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let tmp = tempfile::Builder::new()
        .prefix(".apspack-import-")
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    let manifest_path = tmp.path().join(MANIFEST);
    std::fs::write(&manifest_path, &imported.manifest).map_err(io(&manifest_path))?;
    files::copy(&imported.tree, &imported.files, tmp.path())?;
    if existed {
        std::fs::remove_dir(out).map_err(io(out))?;
    }
    let kept = tmp.keep();
    std::fs::rename(&kept, out).map_err(|source| {
        let _ = std::fs::remove_dir_all(&kept);
        ImportError::Io {
            path: out.to_path_buf(),
            source,
        }
    })?;
    // Validated in place, so that problems name the output's aps.toml; a project that does not
    // validate is removed again (the output was new or empty).
    if let Err(source) = crate::manifest::load(out) {
        let _ = std::fs::remove_dir_all(out);
        if existed {
            let _ = std::fs::create_dir(out);
        }
        return Err(ImportError::Invalid { source });
    }
    Ok(())
}

/// True for the package paths a project never copies: the generated metadata.
pub fn generated(path: &str) -> bool {
    path == APP_META || path == APP_LIST
}

/// Whether a tree entry is a regular file.
pub fn is_file(tree: &PackageTree, path: &str) -> bool {
    tree.get(path).is_some_and(|e| e.kind == EntryKind::File)
}

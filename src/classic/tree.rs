//! A classic source tree made into a package tree in memory: the tree's files (selected by
//! `[files]`, default everything, minus the junk excludes), one `.schema.gen` per PHP service
//! generated from its script's annotations into the path its `<schema path>` names (a
//! `<schema>` element is added to `APP-META.xml` where a service has none), `packaged` set on
//! `<application>`, and a fresh `APP-LIST.xml`. Nothing is written to the source tree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::schemagen;
use super::scripts::{self, Reading};
use crate::aps::{APP_LIST, APP_META};
use crate::epoch::Epoch;
use crate::generate::{GenerateError, project_files};
use crate::listing;
use crate::manifest::FileSelector;
use crate::model::FileSet;
use crate::php::problem::Level;
use crate::php::{Problem, ScriptDiagnostic};
use crate::tree::{Entry, MAX_METADATA_SIZE, Origin, PackageTree};

/// Files a classic build packages unless `.apspack.toml` says otherwise: the whole tree.
pub const CLASSIC_INCLUDE: &[&str] = &["**"];

/// The generated tree and the warnings found on the way.
#[derive(Debug)]
pub struct Classic {
    /// The package.
    pub tree: PackageTree,
    /// Warnings about the scripts (misspelt annotations and the like), as diagnostics.
    pub warnings: Vec<ScriptDiagnostic>,
    /// Package paths of the generated schemas, in service order.
    pub schemas: Vec<String>,
}

/// Why a classic tree could not be made into a package.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ClassicError {
    /// A file could not be read or selected.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Files(#[from] GenerateError),
    /// APP-META.xml is missing, unreadable or not well-formed.
    #[error("{}: {message}", path.display())]
    #[diagnostic(
        code(apspack::classic::meta),
        help("a classic tree needs a well-formed APP-META.xml at its root")
    )]
    Meta {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A service's script could not be read into a type.
    #[error("{count} problem(s) in the package scripts; no package was made")]
    #[diagnostic(code(apspack::classic::scripts))]
    Scripts {
        /// How many errors.
        count: usize,
        /// Each, located.
        #[related]
        problems: Vec<ScriptDiagnostic>,
    },
}

/// Reads `APP-META.xml` of the tree at `dir`: its bytes as text and its element tree.
fn read_meta(dir: &Path) -> Result<(String, crate::xml::Document), ClassicError> {
    let meta_path = dir.join(APP_META);
    let meta_err = |message: String| ClassicError::Meta {
        path: meta_path.clone(),
        message,
    };
    match std::fs::symlink_metadata(&meta_path) {
        Ok(m) if m.is_file() && m.len() <= MAX_METADATA_SIZE => {}
        Ok(m) if m.is_file() => {
            return Err(meta_err(format!("larger than {MAX_METADATA_SIZE} bytes")));
        }
        Ok(_) => return Err(meta_err("not a regular file".into())),
        Err(e) => return Err(meta_err(format!("cannot read it: {e}"))),
    }
    let meta = std::fs::read(&meta_path).map_err(|e| meta_err(format!("cannot read it: {e}")))?;
    let doc = crate::xml::parse(&meta).map_err(|e| {
        let (line, col) = crate::text::LineIndex::new(&meta).position(e.offset);
        meta_err(format!(
            "not well-formed XML at {line}:{col}: {}",
            e.message
        ))
    })?;
    let text = String::from_utf8(meta).map_err(|_| meta_err("not UTF-8 text".to_string()))?;
    Ok((text, doc))
}

/// What the services' scripts gave: APP-META edits (added `<schema>` elements), the schemas by
/// package path in service order, and the warnings.
struct Schemas {
    edits: Vec<(usize, usize, String)>,
    generated: Vec<(String, Vec<u8>)>,
    warnings: Vec<ScriptDiagnostic>,
}

/// Reads the classic tree at `dir`, packaging the files `files` selects.
pub fn generate(dir: &Path, files: &FileSet, epoch: Epoch) -> Result<Classic, ClassicError> {
    let (meta_text, doc) = read_meta(dir)?;
    let selector = FileSelector::new(files).map_err(GenerateError::Glob)?;
    let selected: BTreeMap<String, PathBuf> = project_files(dir, &selector)?
        .into_iter()
        .filter(|(rel, _)| rel != APP_META && rel != APP_LIST)
        .collect();
    let read = |rel: &str| -> Option<String> {
        let abs = selected.get(rel)?;
        let meta = std::fs::metadata(abs).ok()?;
        if meta.len() > crate::php::MAX_SCRIPT_SIZE as u64 {
            return None;
        }
        String::from_utf8(std::fs::read(abs).ok()?).ok()
    };
    let Schemas {
        mut edits,
        generated,
        warnings,
    } = schemas(&doc, &meta_text, &read)?;
    edits.push(packaged_edit(&doc.root, &meta_text, epoch));
    let mut new_meta = meta_text.clone();
    edits.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
    for (start, end, text) in edits {
        new_meta.replace_range(start..end, &text);
    }

    let mut tree = PackageTree::new(Origin::Project(dir.to_path_buf()));
    tree.push(Entry::memory(APP_META, new_meta.into_bytes()));
    let order: Vec<String> = generated.iter().map(|(p, _)| p.clone()).collect();
    for (path, bytes) in generated {
        tree.push(Entry::memory(path, bytes));
    }
    for (rel, abs) in &selected {
        if order.contains(rel) {
            continue;
        }
        let entry = Entry::from_disk(rel.clone(), abs).map_err(|source| GenerateError::Io {
            path: abs.clone(),
            source,
        })?;
        tree.push(entry);
    }
    let list = listing::render(&tree);
    tree.insert(Entry::memory(APP_LIST, list));
    Ok(Classic {
        tree,
        warnings,
        schemas: order,
    })
}

/// Generates the schema of every PHP service of `doc`; any script error stops with all of them.
fn schemas(
    doc: &crate::xml::Document,
    meta_text: &str,
    read: &dyn Fn(&str) -> Option<String>,
) -> Result<Schemas, ClassicError> {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut generated: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut order = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for service in doc.root.descendants() {
        if service.name != "service" {
            continue;
        }
        let Some(code) = service.child("code") else {
            continue;
        };
        let engine = code.attr("engine").unwrap_or("php");
        let Some(code_path) = code.attr("path") else {
            continue;
        };
        if !engine.eq_ignore_ascii_case("php") || !code_path.ends_with(".php") {
            continue;
        }
        let schema_path = match service.child("schema").and_then(|s| s.attr("path")) {
            Some(p) => p.to_string(),
            None => {
                let p = schemagen::schema_path_for(code_path);
                let at = code.span.start;
                let line_start = meta_text[..at].rfind('\n').map_or(0, |i| i + 1);
                let indent: String = meta_text[line_start..at]
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .collect();
                edits.push((
                    at,
                    at,
                    format!("<schema path=\"{}\"/>\n{indent}", xml_attr(&p)),
                ));
                p
            }
        };
        let Reading {
            type_def,
            mut problems,
            set,
            untyped,
        } = scripts::read_service(code_path, read);
        // A script without annotations beside a schema the tree already has (a hand-written
        // schema, or a tree built before): that schema is packaged as it is.
        if untyped
            && read(&schema_path).is_some()
            && let Some(last) = problems.last_mut()
        {
            last.level = Level::Warning;
            last.message = format!(
                "{code_path} has no class with a @type annotation; {schema_path} is packaged as it is"
            );
        }
        for p in problems {
            let text = set
                .files
                .iter()
                .find(|(path, _, _)| *path == p.path)
                .map(|(_, t, _)| t.as_str())
                .unwrap_or("");
            let level = p.level;
            let d = ScriptDiagnostic::new(p, text);
            if level == Level::Error {
                errors.push(d);
            } else {
                warnings.push(d);
            }
        }
        if let Some(t) = type_def {
            if generated.contains_key(&schema_path) {
                errors.push(ScriptDiagnostic::new(
                    Problem::new(
                        Level::Error,
                        code_path,
                        0..0,
                        format!("two services write the same schema {schema_path}"),
                    ),
                    "",
                ));
                continue;
            }
            generated.insert(schema_path.clone(), schemagen::render(code_path, &t.schema));
            order.push(schema_path);
        }
    }
    if !errors.is_empty() {
        return Err(ClassicError::Scripts {
            count: errors.len(),
            problems: errors,
        });
    }
    Ok(Schemas {
        edits,
        generated: order
            .into_iter()
            .filter_map(|p| generated.remove(&p).map(|b| (p, b)))
            .collect(),
        warnings,
    })
}

/// The edit that sets `packaged` on the root element: its value replaced, or the attribute added
/// first, as the vendor writes it.
fn packaged_edit(root: &crate::xml::Element, text: &str, epoch: Epoch) -> (usize, usize, String) {
    let stamp = epoch.packaged();
    if let Some(a) = root.attr_node("packaged") {
        return (a.value_span.start, a.value_span.end, stamp);
    }
    let start = root.span.start;
    let tag = &text[start..];
    let name_len = tag
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(tag.len());
    let at = start + name_len;
    (at, at, format!(" packaged=\"{stamp}\""))
}

fn xml_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}

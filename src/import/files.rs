//! The package's files seen from an import: each service's type (its schema file, or its
//! script's annotations when the schema is absent), which files the project keeps and the
//! `[files]` globs that package them, and copying them out of a directory or an archive.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use toml::{Table, Value};

use super::meta::Service;
use super::{ImportError, ImportProblem, Problems};
use crate::aps::{MANIFEST, SECURITY_JSON};
use crate::lint::config::CONFIG_FILE;
use crate::manifest::FileSelector;
use crate::model::{DEFAULT_INCLUDE, FileSet};
use crate::tree::{Content, EntryKind, Origin, PackageTree};

/// Largest file read for its text (scripts, schemas).
const MAX_TEXT: u64 = crate::tree::MAX_METADATA_SIZE;

/// The text of a package file, from memory, the directory or the archive; `None` when the
/// package has no such UTF-8 file within the size cap.
pub fn read_text(tree: &PackageTree, path: &str) -> Option<String> {
    let e = tree.file(path)?;
    if e.size > MAX_TEXT {
        return None;
    }
    let bytes = match &e.content {
        Content::Memory(b) => b.to_vec(),
        Content::Disk(p) => std::fs::read(p).ok()?,
        Content::Dropped => match &tree.origin {
            Origin::Archive(zip) => {
                let mut z = zip::ZipArchive::new(std::fs::File::open(zip).ok()?).ok()?;
                let f = z.by_name(path).ok()?;
                let mut out = Vec::new();
                f.take(MAX_TEXT).read_to_end(&mut out).ok()?;
                out
            }
            _ => return None,
        },
    };
    String::from_utf8(bytes).ok()
}

/// A type key: the schema's `name` when it is a free identifier, else the service id.
fn key_for(name: Option<&str>, service: &str, taken: &Table) -> Option<String> {
    let ok = |s: &str| crate::aps::syntax::is_identifier(s) && !taken.contains_key(s);
    name.filter(|n| ok(n))
        .or(Some(service).filter(|s| ok(s)))
        .map(str::to_string)
}

/// The `[types]` table, and the package paths of the schema files it replaces.
pub fn types(
    tree: &PackageTree,
    services: &[Service],
    meta: &[u8],
    problems: &mut Vec<ImportProblem>,
) -> (Table, Vec<String>) {
    let mut types = Table::new();
    let mut schemas = Vec::new();
    for s in services {
        let (name, schema_keys) = match schema_of(tree, s, problems) {
            Some(x) => x,
            None => continue,
        };
        let Some(key) = key_for(name.as_deref(), &s.id, &types) else {
            Problems::new(crate::aps::APP_META, meta, problems).at(
                s.offset,
                format!(
                    "service `{}` (type name `{}`) gives no free type key: aps.toml names types by an identifier",
                    s.id,
                    name.unwrap_or_default()
                ),
            );
            continue;
        };
        let mut t = Table::new();
        for k in ["id", "implements"] {
            if let Some(v) = schema_keys.get(k) {
                t.insert(k.into(), v.clone());
            }
        }
        if s.id != key {
            t.insert("service".into(), s.id.clone().into());
        }
        match &s.code {
            Some(code) if *code != format!("scripts/{key}.php") => {
                t.insert("code".into(), code.clone().into());
            }
            Some(_) => {}
            None => Problems::new(crate::aps::APP_META, meta, problems).at(
                s.offset,
                format!(
                    "service `{}` has no <code>: aps.toml types need a script",
                    s.id
                ),
            ),
        }
        if let Some(engine) = s.engine.as_ref().filter(|e| *e != "php") {
            t.insert("engine".into(), engine.clone().into());
        }
        for (k, v) in &s.keys {
            t.insert(k.clone(), v.clone());
        }
        for (k, v) in schema_keys {
            if k != "id" && k != "implements" {
                t.insert(k, v);
            }
        }
        if let Some(path) = &s.schema {
            schemas.push(path.clone());
        }
        types.insert(key, Value::Table(t));
    }
    (types, schemas)
}

/// The type name and schema keys of a service: from its schema file, else its script.
fn schema_of(
    tree: &PackageTree,
    s: &Service,
    problems: &mut Vec<ImportProblem>,
) -> Option<(Option<String>, Table)> {
    if let Some(path) = &s.schema
        && let Some(text) = read_text(tree, path)
    {
        return match crate::typeschema::read::parse_json(text.as_bytes(), true) {
            Ok(json) => {
                let mut p = Problems::new(path, text.as_bytes(), problems);
                Some(super::types::read(&json, &mut p))
            }
            Err(e) => {
                Problems::new(path, text.as_bytes(), problems).at(
                    e.offset,
                    format!("not a JSON type definition: {}", e.message),
                );
                None
            }
        };
    }
    let code = s.code.as_deref().filter(|c| c.ends_with(".php"))?;
    let reading = crate::classic::scripts::read_service(code, &|p| read_text(tree, p));
    let mut failed = false;
    for pr in &reading.problems {
        if pr.level != crate::php::problem::Level::Error {
            continue;
        }
        failed = true;
        let text = reading
            .set
            .files
            .iter()
            .find(|(p, _, _)| *p == pr.path)
            .map_or("", |(_, t, _)| t.as_str());
        let (line, column) = pr.position(text);
        problems.push(ImportProblem {
            file: pr.path.clone(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            message: pr.message.clone(),
        });
    }
    if failed {
        return None;
    }
    let def = reading.type_def?;
    let text = crate::classic::schemagen::json(&def.schema);
    let json = crate::typeschema::read::parse_json(&text, false).ok()?;
    let mut p = Problems::new(code, &text, problems);
    Some(super::types::read(&json, &mut p))
}

/// The files the project keeps (every regular file but the generated metadata, the replaced
/// schemas and junk), and the `[files] include` globs when the defaults do not cover them.
pub fn project_files(
    tree: &PackageTree,
    schemas: &[String],
    problems: &mut Vec<ImportProblem>,
) -> (Vec<String>, Option<Vec<String>>) {
    let all = FileSelector::new(&FileSet {
        include: vec!["**".into()],
        exclude: Vec::new(),
    })
    .ok();
    let defaults = FileSelector::new(&FileSet::default()).ok();
    let mut keep = Vec::new();
    let mut extra: BTreeSet<String> = BTreeSet::new();
    for e in tree.sorted() {
        let path = e.path.as_str();
        if super::generated(path)
            || schemas.iter().any(|s| s == path)
            || path == MANIFEST
            || path == CONFIG_FILE
        {
            continue;
        }
        match e.kind {
            EntryKind::Dir => continue,
            EntryKind::File => {}
            EntryKind::Symlink | EntryKind::Other => {
                problems.push(ImportProblem {
                    file: path.to_string(),
                    line: 0,
                    column: 0,
                    message: "not a regular file: a project packages regular files only".into(),
                });
                continue;
            }
        }
        if !e.name_is_utf8 || all.as_ref().is_some_and(|a| !a.selects(path)) {
            continue;
        }
        keep.push(path.to_string());
        if path == SECURITY_JSON || defaults.as_ref().is_some_and(|d| d.selects(path)) {
            continue;
        }
        extra.insert(match path.split_once('/') {
            Some((top, _)) => format!("{}/**", globset::escape(top)),
            None => globset::escape(path),
        });
    }
    let include = (!extra.is_empty()).then(|| {
        DEFAULT_INCLUDE
            .iter()
            .map(|s| s.to_string())
            .chain(extra)
            .collect()
    });
    (keep, include)
}

/// Copies `files` of `tree` into `dir`, from disk or out of the archive (bounded by the
/// archive reader's total cap).
pub fn copy(tree: &PackageTree, files: &[String], dir: &Path) -> Result<(), ImportError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ImportError::Io { path, source }
    };
    let mut zip = match &tree.origin {
        Origin::Archive(p) => Some(
            std::fs::File::open(p)
                .map_err(std::io::Error::other)
                .and_then(|f| zip::ZipArchive::new(f).map_err(std::io::Error::other))
                .map_err(io(p))?,
        ),
        _ => None,
    };
    let mut budget = crate::archive::read::Limits::default().max_total;
    for rel in files {
        let Some(e) = tree.file(rel) else { continue };
        let to = dir.join(rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        match (&e.content, zip.as_mut()) {
            (Content::Memory(b), _) => std::fs::write(&to, b).map_err(io(&to))?,
            (Content::Disk(from), _) => {
                std::fs::copy(from, &to).map_err(io(from))?;
            }
            (Content::Dropped, Some(z)) => {
                let member = z
                    .by_name(rel)
                    .map_err(std::io::Error::other)
                    .map_err(io(&to))?;
                let mut out = std::fs::File::create(&to).map_err(io(&to))?;
                let n = std::io::copy(&mut member.take(budget + 1), &mut out).map_err(io(&to))?;
                if n > budget {
                    return Err(ImportError::Io {
                        path: to,
                        source: std::io::Error::other("the archive expands past the size cap"),
                    });
                }
                budget -= n;
            }
            (Content::Dropped, None) => {}
        }
    }
    Ok(())
}

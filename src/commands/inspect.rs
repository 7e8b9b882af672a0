//! `apspack inspect`: what an archive, package directory or project holds.
//!
//! Human output: identity, services, types (id, implements, relations, properties, operations),
//! navigation and files (size, compression, SHA-256). `--format json` prints one document of
//! `schema_version` 1 (see the README for its shape). Text taken from the package is escaped
//! (control characters) in the human output and JSON-escaped in JSON.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use serde_json::json;

use super::{Failure, Outcome, epoch, print};
use crate::Status;
use crate::cli::{InspectArgs, InspectFormat};
use crate::describe::{Description, View, describe};
use crate::text::escape_control as esc;
use crate::tree::{Origin, PackageTree};

/// Version of the JSON document's shape; raised on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// A package whose APP-META.xml is missing or broken: nothing to describe.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot describe {path}: {problem}")]
#[diagnostic(help("`apspack lint` reports what is wrong with the package"))]
pub struct Unreadable {
    /// The package.
    pub path: String,
    /// What is wrong.
    pub problem: String,
}

/// Opens `path` as `lint` does.
pub fn open(path: &Path) -> Result<PackageTree, Failure> {
    Ok(crate::load::open(path, epoch(None)?)?)
}

/// The compression method of each member of the archive at `path`, read from its central
/// directory.
fn archive_methods(path: &Path) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let Ok(file) = std::fs::File::open(path) else {
        return out;
    };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return out;
    };
    for i in 0..zip.len() {
        if let Ok(f) = zip.by_index_raw(i) {
            let method = match f.compression() {
                zip::CompressionMethod::Stored => "stored".to_string(),
                zip::CompressionMethod::Deflated => "deflated".to_string(),
                other => format!("{other:?}").to_ascii_lowercase(),
            };
            if let Ok(name) = f.name() {
                out.insert(name.into_owned(), method);
            }
        }
    }
    out
}

/// Runs `apspack inspect`.
pub fn run(args: &InspectArgs, out: &mut dyn Write) -> Outcome {
    let tree = open(&args.package)?;
    let methods = match &tree.origin {
        Origin::Archive(p) => archive_methods(p),
        _ => HashMap::new(),
    };
    let d = describe(&tree, &|path| methods.get(path).cloned());
    let text = match args.format {
        InspectFormat::Human => human(&d),
        InspectFormat::Json => json_doc(&d),
    };
    print(out, &text, "the description")?;
    Ok(Status::Ok)
}

fn opt(v: &Option<String>) -> String {
    v.as_deref().map_or_else(|| "-".to_string(), esc)
}

/// The human-readable description.
pub fn human(d: &Description) -> String {
    let mut s = format!("{} {}\n", d.kind, esc(&d.path));
    if let Some(p) = &d.problem {
        s.push_str(&format!("  problem   {}\n", esc(p)));
    }
    let version = match (&d.version, &d.release) {
        (Some(v), Some(r)) => format!("{}-{}", esc(v), esc(r)),
        (v, _) => opt(v),
    };
    for (k, v) in [
        ("id", opt(&d.id)),
        ("name", opt(&d.name)),
        ("version", version),
        ("aps", opt(&d.aps_version)),
        ("vendor", opt(&d.vendor)),
        ("packager", opt(&d.packager)),
    ] {
        s.push_str(&format!("  {k:<9} {v}\n"));
    }
    s.push_str(&format!("\nservices ({})\n", d.services.len()));
    for sv in &d.services {
        s.push_str(&format!(
            "  {}  schema {}  code {} ({})  title {}\n",
            esc(&sv.id),
            opt(&sv.schema),
            opt(&sv.code),
            opt(&sv.engine),
            opt(&sv.title)
        ));
    }
    s.push_str(&format!("\ntypes ({})\n", d.types.len()));
    for t in &d.types {
        let marker = if t.application { "  [application]" } else { "" };
        s.push_str(&format!(
            "  {}  {}{marker}\n",
            t.name.as_deref().map_or_else(|| esc(&t.schema), esc),
            opt(&t.id)
        ));
        let list = |v: &[String]| v.iter().map(|x| esc(x)).collect::<Vec<_>>().join(", ");
        if !t.implements.is_empty() {
            s.push_str(&format!("    implements  {}\n", list(&t.implements)));
        }
        for r in &t.relations {
            let mut marks = Vec::new();
            if r.required {
                marks.push("required");
            }
            if r.collection {
                marks.push("collection");
            }
            let marks = if marks.is_empty() {
                String::new()
            } else {
                format!(" ({})", marks.join(", "))
            };
            s.push_str(&format!(
                "    relation    {} -> {}{marks}\n",
                esc(&r.name),
                esc(&r.type_id)
            ));
        }
        for (label, v) in [
            ("properties", &t.properties),
            ("operations", &t.operations),
            ("structures", &t.structures),
        ] {
            if !v.is_empty() {
                s.push_str(&format!("    {label:<11} {}\n", list(v)));
            }
        }
    }
    s.push_str(&format!("\nnavigation ({})\n", d.navigation.len()));
    for n in &d.navigation {
        s.push_str(&format!(
            "  {} \"{}\" -> {}\n",
            esc(&n.id),
            esc(&n.label),
            opt(&n.plugs_to)
        ));
        views(&mut s, &n.views, 4);
        for i in &n.items {
            s.push_str(&format!("    item {} \"{}\"\n", esc(&i.id), esc(&i.label)));
            views(&mut s, &i.views, 6);
        }
    }
    let total: u64 = d.files.iter().map(|f| f.size).sum();
    s.push_str(&format!("\nfiles ({}, {total} bytes)\n", d.files.len()));
    for f in &d.files {
        s.push_str(&format!(
            "  {:>10}  {:<8}  {}  {}\n",
            f.size,
            esc(&f.compression),
            f.sha256.as_deref().unwrap_or("-"),
            esc(&f.path)
        ));
    }
    s
}

fn views(s: &mut String, views_: &[View], indent: usize) {
    for v in views_ {
        s.push_str(&format!(
            "{:indent$}view {} \"{}\" {}\n",
            "",
            esc(&v.id),
            esc(&v.label),
            opt(&v.src)
        ));
        views(s, &v.views, indent + 2);
    }
}

/// The JSON description (`schema_version` [`SCHEMA_VERSION`]).
pub fn json_doc(d: &Description) -> String {
    let total: u64 = d.files.iter().map(|f| f.size).sum();
    let doc = json!({
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "apspack", "version": env!("CARGO_PKG_VERSION")},
        "kind": d.kind,
        "path": d.path,
        "aps_version": d.aps_version,
        "identity": {
            "id": d.id,
            "name": d.name,
            "version": d.version,
            "release": d.release,
            "vendor": d.vendor,
            "packager": d.packager,
        },
        "services": d.services,
        "types": d.types,
        "navigation": d.navigation,
        "files": d.files,
        "summary": {"files": d.files.len(), "size": total},
        "problem": d.problem,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

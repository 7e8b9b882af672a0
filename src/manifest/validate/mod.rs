//! Validation: the spanned TOML tree becomes the package model, and every problem on the way is
//! collected (unknown keys, missing keys, wrong types, bad names and ids, dangling references,
//! missing project files).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;
use toml::de::DeValue;

use super::files::{FileSelector, compile};
use super::raw::{Span, Str, Table, as_table, to_json, type_name};
use crate::aps::{
    APPLICATION_TYPE, APS_TYPES, PRIMITIVES, SHORT_PREFIXES, TypeId, is_colour, is_identifier, rql,
    uri::is_http_url,
};
use crate::model::*;
use crate::problems::Collector;
use crate::suggest::closest;

pub mod keys;
mod navigation;
mod package;
mod resolve;
mod types;

use keys::*;

/// A type declared in this manifest, collected before any reference is resolved.
struct Local {
    key: String,
    id: Option<String>,
    structures: Vec<String>,
}

/// A project file the manifest points at.
struct FileRef {
    path: String,
    span: Span,
    what: &'static str,
    /// True when the path is a default the user did not write.
    default: bool,
}

struct Validator<'c> {
    c: &'c mut Collector,
    locals: Vec<Local>,
    refs: Vec<FileRef>,
}

/// Where a type reference appears, which decides what it may name.
#[derive(Clone, Copy)]
enum RefCtx<'s> {
    /// A property, item, parameter or response: primitives and the type's own structures too.
    Property(&'s [String]),
    /// `implements`, relations, vars: type ids only.
    TypeId,
}

/// Validates the whole manifest; the package is meaningful only when no problem was collected.
pub(crate) fn validate(c: &mut Collector, root: &Table<'_, '_>, dir: &Path) -> Package {
    let mut v = Validator {
        c,
        locals: Vec::new(),
        refs: Vec::new(),
    };
    root.check_keys(v.c, ROOT_KEYS);
    let files = v.files(root);
    let selector = FileSelector::new(&files).ok();
    let security = v.security(root);
    if let Some(f) = root.field("lint")
        && !matches!(f.value, DeValue::Table(_))
    {
        v.c.error(
            f.span.range(),
            format!("`lint` must be a table, not {}", type_name(f.value)),
            "write it as `[lint]`",
        );
    }
    let mut package = v.package(root);
    package.files = files;
    package.security = security;
    package.types = v.types(root);
    package.navigation = v.navigations(root);
    if let Some(sel) = selector {
        v.check_files(dir, &sel);
    }
    package
}

impl Validator<'_> {
    // ----- files, security -----

    fn files(&mut self, root: &Table<'_, '_>) -> FileSet {
        let mut set = FileSet::default();
        let Some(t) = root.opt_table(self.c, "files") else {
            return set;
        };
        t.check_keys(self.c, FILES_KEYS);
        for (key, target) in [("include", &mut set.include), ("exclude", &mut set.exclude)] {
            if let Some(list) = t.opt_str_array(self.c, key) {
                target.clear();
                for g in list {
                    match compile(&g.text) {
                        Ok(_) => target.push(g.text),
                        Err(e) => self.c.error(
                            g.span.range(),
                            format!("`{}` is not a valid glob: {}", g.text, e.kind()),
                            "use `*` within a folder, `**` across folders, `{a,b}` for choices",
                        ),
                    }
                }
            }
        }
        set
    }

    fn security(&mut self, root: &Table<'_, '_>) -> Option<Value> {
        let f = root.field("security")?;
        match f.value {
            DeValue::Table(_) => Some(to_json(f.value)),
            other => {
                self.c.error(
                    f.span.range(),
                    format!("`security` must be a table, not {}", type_name(other)),
                    "write it as `[security]` with the keys of security.json",
                );
                None
            }
        }
    }

    /// Records a project file reference and returns the path when it is a clean relative path.
    fn file_ref(&mut self, s: Option<Str>, what: &'static str) -> Option<String> {
        let s = s?;
        self.file_ref_at(&s.text, s.span, what, false)
    }

    fn file_ref_at(
        &mut self,
        path: &str,
        span: Span,
        what: &'static str,
        default: bool,
    ) -> Option<String> {
        let bad = path.is_empty()
            || path.starts_with('/')
            || path.contains('\\')
            || path.contains("://")
            || path
                .split('/')
                .any(|seg| seg.is_empty() || seg == "." || seg == "..");
        if bad {
            self.c.error(
                span.range(),
                format!("{what} `{path}` is not a relative path inside the project"),
                "write a `/`-separated path relative to the project directory, e.g. images/icon.png",
            );
            return None;
        }
        self.refs.push(FileRef {
            path: path.to_string(),
            span,
            what,
            default,
        });
        Some(path.to_string())
    }

    fn check_files(&mut self, dir: &Path, sel: &FileSelector) {
        for r in std::mem::take(&mut self.refs) {
            let disk = dir.join(&r.path);
            let meta = std::fs::symlink_metadata(&disk);
            let exists = meta.as_ref().is_ok_and(|m| m.is_file());
            let shown = if r.default {
                format!("{} `{}` (the default)", r.what, r.path)
            } else {
                format!("{} `{}`", r.what, r.path)
            };
            if !exists {
                let (problem, help) = match meta.map(|m| m.file_type()) {
                    Ok(t) if t.is_symlink() => {
                        ("is a symbolic link", "put the real file there".to_string())
                    }
                    Ok(t) if t.is_dir() => (
                        "is a directory, not a file",
                        format!("name a file, or fix the path {}", r.path),
                    ),
                    // A fifo, socket or device is there, but no package can hold it.
                    Ok(_) => (
                        "is not a regular file (a fifo, socket or device)",
                        format!("put a regular file at {}", r.path),
                    ),
                    Err(_) if r.default => (
                        "does not exist",
                        format!("create {} or give the path explicitly", r.path),
                    ),
                    Err(_) => (
                        "does not exist",
                        format!("create {} or fix the path", r.path),
                    ),
                };
                self.c
                    .error(r.span.range(), format!("{shown} {problem}"), help);
            } else if !sel.selects(&r.path) {
                self.c.error(
                    r.span.range(),
                    format!("{shown} exists but the [files] globs would not package it"),
                    "add a matching glob to files.include, or remove it from files.exclude (hidden and backup files are never packaged)",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_keys_in_their_help_order() {
        assert_eq!(
            PROPERTY_KEYS.join(" "),
            "type title description required readonly encrypted final default enum enumTitles \
             format pattern unit items access minLength maxLength minimum maximum"
        );
    }
}

//! Validation: the spanned TOML tree becomes the package model, and every problem on the way is
//! collected (unknown keys, missing keys, wrong types, bad names and ids, dangling references,
//! missing project files).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;
use toml::de::DeValue;

use super::diagnostics::{Collector, did_you_mean};
use super::files::{FileSelector, compile};
use super::raw::{Span, Str, Table, as_table, to_json, type_name};
use crate::model::*;

pub mod keys;
mod navigation;
mod package;
mod resolve;
mod types;

use keys::*;

/// Prefix that short forms (`core/...`, `dns/...`) expand under.
pub const APS_TYPES: &str = "http://aps-standard.org/types/";
/// The type the root service implements.
pub const APPLICATION_TYPE: &str = "http://aps-standard.org/types/core/application/1.0";
/// Property types that are not type ids.
pub const PRIMITIVES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];
/// Short-form prefixes expanded under [`APS_TYPES`].
pub const SHORT_PREFIXES: &[&str] = &["core/", "dns/"];

const FORBIDDEN_RQL: &[&str] = &["limit", "sort", "implementing", "composing", "isnull"];

/// True for `^[a-zA-Z_][a-zA-Z0-9_]*$`.
pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_version_part(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
}

/// Checks `http://basename/major[.minor]`: http only, no port, a version without leading zeros.
pub fn check_type_id(id: &str) -> Result<(), String> {
    let Some(rest) = id.strip_prefix("http://") else {
        return Err("a type id starts with `http://`".into());
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let host = segments.first().copied().unwrap_or("");
    if host.is_empty()
        || !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    {
        return Err(format!(
            "`{host}` is not a host name (letters, digits, `.` and `-`; no port)"
        ));
    }
    if segments.len() < 2 {
        return Err("a type id needs a version: http://basename/major.minor".into());
    }
    for seg in &segments[1..segments.len() - 1] {
        if seg.is_empty()
            || seg
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, '?' | '#'))
        {
            return Err(format!("empty or invalid path segment `{seg}`"));
        }
    }
    let version = segments[segments.len() - 1];
    let mut parts = version.splitn(2, '.');
    let major = parts.next().unwrap_or("");
    let minor_ok = parts.next().is_none_or(is_version_part);
    if !is_version_part(major) || !minor_ok {
        return Err(format!(
            "`{version}` is not a version `major[.minor]` (digits, no leading zeros)"
        ));
    }
    Ok(())
}

fn is_absolute_uri(s: &str) -> bool {
    let rest = s
        .strip_prefix("http://")
        .or_else(|| s.strip_prefix("https://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !s.chars().any(char::is_whitespace)
    })
}

fn is_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// Forbidden RQL operators used in `rql` (as a call `op(` or an operator `=op=`).
pub fn forbidden_rql(rql: &str) -> Vec<&'static str> {
    let bytes = rql.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphabetic() {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            let word = rql[start..i].to_ascii_lowercase();
            let mut j = i;
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            let call = bytes.get(j) == Some(&b'(');
            let op = start > 0 && bytes[start - 1] == b'=' && bytes.get(i) == Some(&b'=');
            if (call || op)
                && let Some(f) = FORBIDDEN_RQL.iter().find(|f| **f == word)
                && !found.contains(f)
            {
                found.push(*f);
            }
        } else {
            i += 1;
        }
    }
    found
}

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
                let help = if meta.is_ok_and(|m| m.file_type().is_symlink()) {
                    "it is a symbolic link; put the real file there".to_string()
                } else if r.default {
                    format!("create {} or give the path explicitly", r.path)
                } else {
                    format!("create {} or fix the path", r.path)
                };
                self.c
                    .error(r.span.range(), format!("{shown} does not exist"), help);
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
    fn names_ids_colours_and_rql() {
        assert!(is_name("_a1") && is_name("contextId"));
        assert!(!is_name("1a") && !is_name("a-b") && !is_name(""));
        assert!(check_type_id("http://ox.example.org/aps/context/1.0").is_ok());
        assert!(check_type_id("http://ox.example.org/aps/context/2").is_ok());
        assert!(check_type_id("http://ox.example.org/aps/context/01.0").is_err());
        assert!(check_type_id("http://ox.example.org/aps/context/1.00").is_err());
        assert!(check_type_id("https://ox.example.org/aps/context/1.0").is_err());
        assert!(check_type_id("http://ox.example.org:80/aps/context/1.0").is_err());
        assert!(check_type_id("http://ox.example.org/context").is_err());
        assert!(check_type_id("http://ox.example.org/2.1").is_ok());
        assert!(check_type_id("http://ox.example.org").is_err());
        assert!(check_type_id("http://ox.example.org/aps//1.0").is_err());
        assert!(is_colour("#0044aA") && !is_colour("#04a") && !is_colour("0044aa0"));
        assert!(
            is_absolute_uri("https://x.org/a")
                && !is_absolute_uri("x.org")
                && !is_absolute_uri("http://")
        );
        assert_eq!(
            forbidden_rql("version=ge=7.10, release=ge=0"),
            Vec::<&str>::new()
        );
        assert_eq!(
            forbidden_rql("limit(0,1),sort(+version)"),
            ["limit", "sort"]
        );
        assert_eq!(forbidden_rql("a=isnull=true"), ["isnull"]);
        assert_eq!(forbidden_rql("version=eq=sort"), Vec::<&str>::new());
    }

    #[test]
    fn property_keys_in_their_help_order() {
        assert_eq!(
            PROPERTY_KEYS.join(" "),
            "type title description required readonly encrypted final default enum enumTitles \
             format pattern unit items access minLength maxLength minimum maximum"
        );
    }
}

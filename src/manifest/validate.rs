//! Validation: the spanned TOML tree becomes the package model, and every problem on the way is
//! collected (unknown keys, missing keys, wrong types, bad names and ids, dangling references,
//! missing project files).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;
use toml::de::DeValue;

use super::diagnostics::{Collector, did_you_mean};
use super::files::{FileSelector, compile};
use super::raw::{Span, Str, Table, to_json, type_name};
use crate::model::*;

/// Prefix that short forms (`core/...`, `dns/...`) expand under.
pub const APS_TYPES: &str = "http://aps-standard.org/types/";
/// The type the root service implements.
pub const APPLICATION_TYPE: &str = "http://aps-standard.org/types/core/application/1.0";
/// Property types that are not type ids.
pub const PRIMITIVES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];
/// Short-form prefixes expanded under [`APS_TYPES`].
pub const SHORT_PREFIXES: &[&str] = &["core/", "dns/"];

const ROOT_KEYS: &[&str] = &[
    "package",
    "files",
    "security",
    "lint",
    "types",
    "navigation",
];
const PACKAGE_KEYS: &[&str] = &[
    "id",
    "name",
    "version",
    "release",
    "homepage",
    "summary",
    "description",
    "icon",
    "categories",
    "languages",
    "upgrade",
    "patch",
    "screenshots",
    "changelog",
    "vendor",
    "packager",
    "license",
];
const TYPE_KEYS: &[&str] = &[
    "id",
    "implements",
    "service",
    "code",
    "engine",
    "title",
    "summary",
    "access",
    "infolinks",
    "color",
    "font-color",
    "properties",
    "structures",
    "relations",
    "operations",
];
const PROPERTY_KEYS: &[&str] = &[
    "type",
    "title",
    "description",
    "required",
    "readonly",
    "encrypted",
    "final",
    "default",
    "enum",
    "enumTitles",
    "format",
    "pattern",
    "unit",
    "items",
    "access",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
];
const CONTROLS: &[&str] = &["cancel", "submit", "finish", "next", "prev"];
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
        t.check_keys(self.c, &["include", "exclude"]);
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

    // ----- package -----

    fn package(&mut self, root: &Table<'_, '_>) -> Package {
        let mut p = Package {
            id: String::new(),
            name: String::new(),
            version: String::new(),
            release: String::new(),
            homepage: None,
            summary: None,
            description: None,
            icon: None,
            screenshots: Vec::new(),
            changelog: Vec::new(),
            categories: Vec::new(),
            languages: Vec::new(),
            vendor: None,
            packager: None,
            license: None,
            update: None,
            types: Vec::new(),
            navigation: Vec::new(),
            files: FileSet::default(),
            security: None,
        };
        let Some(t) = root.opt_table(self.c, "package") else {
            if root.field("package").is_none() {
                self.c.error(
                    0..0,
                    "missing the `[package]` table",
                    "add `[package]` with id, name, version and release",
                );
            }
            return p;
        };
        t.check_keys(self.c, PACKAGE_KEYS);
        if let Some(id) = t.req_str(self.c, "id", "the application id, an absolute http(s) URI") {
            if !is_absolute_uri(&id.text) {
                self.c.error(
                    id.span.range(),
                    format!(
                        "application id `{}` is not an absolute http(s) URI",
                        id.text
                    ),
                    "use a URI you own, e.g. http://www.example.com/aps/myapp; never change it",
                );
            }
            p.id = id.text;
        }
        p.name = t
            .req_str(self.c, "name", "the display name")
            .map(|s| s.text)
            .unwrap_or_default();
        p.version = t
            .req_str_or_int(self.c, "version", "the application version, e.g. \"1.0\"")
            .map(|s| s.text)
            .unwrap_or_default();
        p.release = t
            .req_str_or_int(self.c, "release", "the package release, e.g. \"1\"")
            .map(|s| s.text)
            .unwrap_or_default();
        p.homepage = self.url(&t, "homepage");
        p.summary = t.opt_str(self.c, "summary").map(|s| s.text);
        p.description = t.opt_str(self.c, "description").map(|s| s.text);
        let icon = t.opt_str(self.c, "icon");
        p.icon = self.file_ref(icon, "icon");
        p.categories = self.plain_list(&t, "categories");
        p.languages = self.plain_list(&t, "languages");
        let upgrade = t.opt_str(self.c, "upgrade");
        let patch = t.opt_str(self.c, "patch");
        if let (Some(_), Some(pa)) = (&upgrade, &patch) {
            self.c.error(
                pa.span.range(),
                "`package.upgrade` and `package.patch` are exclusive",
                "keep `upgrade` for a normal update, or `patch` for an unattended fix, not both",
            );
        }
        p.update = upgrade
            .map(|s| (UpdateKind::Upgrade, s))
            .or(patch.map(|s| (UpdateKind::Patch, s)))
            .and_then(|(kind, s)| self.rql(s).map(|rql| UpdateMatch { kind, rql }));
        for s in t.opt_tables(self.c, "screenshots") {
            s.check_keys(self.c, &["path", "description"]);
            let path = s.req_str(self.c, "path", "the image path");
            let path = self.file_ref(path, "screenshot");
            let description = s.opt_str(self.c, "description").map(|d| d.text);
            if let Some(path) = path {
                p.screenshots.push(Screenshot { path, description });
            }
        }
        for ch in t.opt_tables(self.c, "changelog") {
            ch.check_keys(self.c, &["version", "release", "entries"]);
            let version = ch.req_str_or_int(self.c, "version", "the version");
            let release = ch.req_str_or_int(self.c, "release", "the release");
            let entries = match ch.opt_str_array(self.c, "entries") {
                Some(e) if !e.is_empty() => e.into_iter().map(|s| s.text).collect(),
                Some(_) => {
                    self.c.error(
                        ch.span.range(),
                        format!("`{}.entries` is empty", ch.path),
                        "say what changed in at least one entry",
                    );
                    Vec::new()
                }
                None => {
                    if ch.field("entries").is_none() {
                        self.c.error(
                            ch.span.range(),
                            format!("missing required key `{}.entries`", ch.path),
                            "add `entries = [\"what changed\"]`",
                        );
                    }
                    Vec::new()
                }
            };
            if let (Some(version), Some(release)) = (version, release) {
                p.changelog.push(ChangelogVersion {
                    version: version.text,
                    release: release.text,
                    entries,
                });
            }
        }
        p.vendor = self.party(&t, "vendor", false);
        p.packager = self.party(&t, "packager", true);
        p.license = self.license(&t);
        p
    }

    fn url(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        let s = t.opt_str(self.c, key)?;
        if !is_absolute_uri(&s.text) {
            self.c.error(
                s.span.range(),
                format!("`{}` is not an absolute http(s) URL", t.qualify(key)),
                "write the full URL, e.g. https://www.example.com",
            );
        }
        Some(s.text)
    }

    fn plain_list(&mut self, t: &Table<'_, '_>, key: &str) -> Vec<String> {
        let list = t.opt_str_array(self.c, key).unwrap_or_default();
        for s in &list {
            if s.text.trim().is_empty() {
                self.c.error(
                    s.span.range(),
                    format!("empty value in `{}`", t.qualify(key)),
                    "remove it",
                );
            }
        }
        list.into_iter().map(|s| s.text).collect()
    }

    fn rql(&mut self, s: Str) -> Option<String> {
        let bad = forbidden_rql(&s.text);
        if !bad.is_empty() {
            self.c.error(
                s.span.range(),
                format!(
                    "RQL `{}` uses forbidden operator(s): {}",
                    s.text,
                    bad.join(", ")
                ),
                "an update match may not use limit, sort, implementing, composing or isnull; compare version and release, e.g. version=ge=1.0",
            );
        }
        if s.text.trim().is_empty() {
            self.c.error(
                s.span.range(),
                "empty RQL match",
                "write a match such as version=ge=1.0, or remove the key",
            );
        }
        Some(s.text)
    }

    fn party(&mut self, t: &Table<'_, '_>, key: &str, packager: bool) -> Option<Party> {
        let p = t.opt_table(self.c, key)?;
        let keys: &[&str] = if packager {
            &["name", "homepage", "icon", "uri"]
        } else {
            &["name", "homepage", "icon"]
        };
        p.check_keys(self.c, keys);
        let name = p.req_str(self.c, "name", "the name");
        let homepage = self.url(&p, "homepage");
        let what = if packager {
            "packager icon"
        } else {
            "vendor icon"
        };
        let icon = p.opt_str(self.c, "icon");
        let icon = self.file_ref(icon, what);
        let uri = if packager {
            p.opt_str(self.c, "uri").map(|u| {
                if !(u.text.starts_with("uuid:") || is_absolute_uri(&u.text)) {
                    self.c.error(
                        u.span.range(),
                        format!(
                            "packager uri `{}` is neither a uuid: URN nor an http(s) URI",
                            u.text
                        ),
                        "use uuid:<uuid> or an http(s) URI",
                    );
                }
                u.text
            })
        } else {
            None
        };
        Some(Party {
            name: name?.text,
            homepage,
            icon,
            uri,
        })
    }

    fn license(&mut self, t: &Table<'_, '_>) -> Option<License> {
        let l = t.opt_table(self.c, "license")?;
        l.check_keys(self.c, &["kind", "name", "url", "file", "must-accept"]);
        let kind = l
            .req_str(self.c, "kind", "\"free\" or \"commercial\"")
            .and_then(|k| match k.text.as_str() {
                "free" => Some(LicenseKind::Free),
                "commercial" => Some(LicenseKind::Commercial),
                _ => {
                    self.c.error(
                        k.span.range(),
                        format!(
                            "licence kind `{}` is neither `free` nor `commercial`",
                            k.text
                        ),
                        "write kind = \"free\" or kind = \"commercial\"",
                    );
                    None
                }
            });
        let name = l.req_str(self.c, "name", "the licence name");
        let url = l.opt_str(self.c, "url");
        let file = l.opt_str(self.c, "file");
        let must_accept = l.opt_bool(self.c, "must-accept");
        let text = match (url, file) {
            (Some(u), None) => {
                if !is_absolute_uri(&u.text) {
                    self.c.error(
                        u.span.range(),
                        format!("licence url `{}` is not an absolute http(s) URL", u.text),
                        "for a file in the package use `file = \"doc/eula.txt\"` instead",
                    );
                }
                Some(LicenseText::Url(u.text))
            }
            (None, Some(f)) => self
                .file_ref(Some(f), "licence file")
                .map(LicenseText::File),
            (Some(_), Some(f)) => {
                self.c.error(
                    f.span.range(),
                    "`package.license` has both `url` and `file`",
                    "keep exactly one of them",
                );
                None
            }
            (None, None) => {
                self.c.error(
                    l.span.range(),
                    "`package.license` needs `url` or `file`",
                    "add `url = \"https://...\"` or `file = \"doc/eula.txt\"`",
                );
                None
            }
        };
        Some(License {
            kind: kind?,
            name: name?.text,
            text: text?,
            must_accept,
        })
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

    // ----- types -----

    fn types(&mut self, root: &Table<'_, '_>) -> Vec<ResourceType> {
        let Some(types) = root.opt_table(self.c, "types") else {
            if root.field("types").is_some() {
                return Vec::new();
            }
            self.c.error(
                0..0,
                "the manifest defines no types",
                "add a `[types.app]` table whose type implements core/application/1.0",
            );
            return Vec::new();
        };
        // Pass 1: names, ids and structure names, so references can be resolved in any order.
        let mut tables = Vec::new();
        let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
        for f in types.fields() {
            if !is_name(f.key) {
                self.c.error(
                    f.key_span.range(),
                    format!("type name `{}` is not a valid name", f.key),
                    "use letters, digits and `_`, not starting with a digit (^[a-zA-Z_][a-zA-Z0-9_]*$)",
                );
            }
            let Some(t) = super::raw::as_table(self.c, &f, types.qualify(f.key)) else {
                continue;
            };
            let id = t.req_str(self.c, "id", "the type id, http://basename/name/1.0");
            let id = id.and_then(|id| match check_type_id(&id.text) {
                Ok(()) => {
                    if let Some(other) = seen_ids.get(&id.text) {
                        self.c.error(
                            id.span.range(),
                            format!("type id `{}` is also used by type `{other}`", id.text),
                            "every type needs its own id",
                        );
                    } else {
                        seen_ids.insert(id.text.clone(), f.key.to_string());
                    }
                    Some(id.text)
                }
                Err(why) => {
                    self.c.error(
                        id.span.range(),
                        format!("bad type id `{}`: {why}", id.text),
                        "write http://basename/name/major.minor, e.g. http://www.example.com/aps/context/1.0",
                    );
                    None
                }
            });
            let structures = match t.table.get("structures").map(|s| s.get_ref()) {
                Some(DeValue::Table(s)) => s.keys().map(|k| k.get_ref().to_string()).collect(),
                _ => Vec::new(),
            };
            self.locals.push(Local {
                key: f.key.to_string(),
                id,
                structures,
            });
            tables.push((f.key.to_string(), f.key_span, t));
        }
        // Pass 2: everything else.
        let mut out = Vec::new();
        let mut services: BTreeMap<String, String> = BTreeMap::new();
        for (i, (key, key_span, t)) in tables.iter().enumerate() {
            let ty = self.resource_type(key, *key_span, t, i);
            if let Some(other) = services.get(&ty.service_id) {
                let span = t.field("service").map(|f| f.span).unwrap_or(*key_span);
                self.c.error(
                    span.range(),
                    format!(
                        "service id `{}` is also used by type `{other}`",
                        ty.service_id
                    ),
                    "give one of them another `service = \"...\"`",
                );
            } else {
                services.insert(ty.service_id.clone(), key.clone());
            }
            out.push(ty);
        }
        if !out.is_empty()
            && !out
                .iter()
                .any(|t| t.implements.iter().any(|i| i == APPLICATION_TYPE))
        {
            self.c.error(
                types.span.range(),
                "no type implements core/application/1.0",
                "the root service's type needs `implements = [\"core/application/1.0\"]`",
            );
        }
        if out.is_empty() && tables.is_empty() {
            self.c.error(
                types.span.range(),
                "`types` is empty",
                "add a `[types.app]` table whose type implements core/application/1.0",
            );
        }
        out
    }

    fn resource_type(
        &mut self,
        key: &str,
        key_span: Span,
        t: &Table<'_, '_>,
        index: usize,
    ) -> ResourceType {
        t.check_keys(self.c, TYPE_KEYS);
        let structures = self
            .locals
            .get(index)
            .map(|l| l.structures.clone())
            .unwrap_or_default();
        let id = self
            .locals
            .get(index)
            .and_then(|l| l.id.clone())
            .unwrap_or_default();
        let mut implements = Vec::new();
        for s in t.opt_str_array(self.c, "implements").unwrap_or_default() {
            if let Some(full) = self.resolve(&s, RefCtx::TypeId, "implemented type") {
                implements.push(full);
            }
        }
        let service_id = match t.opt_str(self.c, "service") {
            Some(s) if s.text.is_empty() || s.text.chars().any(char::is_whitespace) => {
                self.c.error(
                    s.span.range(),
                    format!("service id `{}` is empty or has spaces", s.text),
                    "use a short id such as `context`",
                );
                s.text
            }
            Some(s) => s.text,
            None => key.to_string(),
        };
        let code = match t.opt_str(self.c, "code") {
            Some(s) => self.file_ref(Some(s), "code script"),
            None => {
                let default = format!("scripts/{key}.php");
                self.file_ref_at(&default, key_span, "code script", true)
            }
        }
        .unwrap_or_default();
        let engine = match t.opt_str(self.c, "engine") {
            Some(e) if e.text.trim().is_empty() => {
                self.c
                    .error(e.span.range(), "empty engine", "write engine = \"php\"");
                e.text
            }
            Some(e) => e.text,
            None => "php".to_string(),
        };
        let title = t.opt_str(self.c, "title").map(|s| s.text);
        let summary = t.opt_str(self.c, "summary").map(|s| s.text);
        let access = t.opt_table(self.c, "access").map(|a| self.access(&a));
        let mut infolinks = Vec::new();
        for l in t.opt_tables(self.c, "infolinks") {
            l.check_keys(self.c, &["href", "class"]);
            let href = l.req_str(self.c, "href", "the link target");
            let class = l.req_str(self.c, "class", "e.g. \"deployment-guide\" or \"support\"");
            if let (Some(href), Some(class)) = (href, class) {
                infolinks.push(Infolink {
                    href: href.text,
                    class: class.text,
                });
            }
        }
        let color = self.colour(t, "color");
        let font_color = self.colour(t, "font-color");

        let mut structs = Vec::new();
        if let Some(st) = t.opt_table(self.c, "structures") {
            for f in st.fields() {
                self.member_name(f.key, f.key_span, "structure");
                let Some(s) = super::raw::as_table(self.c, &f, st.qualify(f.key)) else {
                    continue;
                };
                s.check_keys(self.c, &["description", "properties"]);
                let description = s.opt_str(self.c, "description").map(|d| d.text);
                let properties = match s.opt_table(self.c, "properties") {
                    Some(p) => self.properties(&p, &structures),
                    None => Vec::new(),
                };
                structs.push((
                    f.key.to_string(),
                    Structure {
                        description,
                        properties,
                    },
                ));
            }
        }
        let properties = match t.opt_table(self.c, "properties") {
            Some(p) => self.properties(&p, &structures),
            None => Vec::new(),
        };
        let mut relations = Vec::new();
        if let Some(rt) = t.opt_table(self.c, "relations") {
            for f in rt.fields() {
                self.member_name(f.key, f.key_span, "relation");
                let Some(r) = super::raw::as_table(self.c, &f, rt.qualify(f.key)) else {
                    continue;
                };
                r.check_keys(self.c, &["type", "required", "collection"]);
                let ty = r
                    .req_str(
                        self.c,
                        "type",
                        "the related type: a local type name or a type id",
                    )
                    .and_then(|s| self.resolve(&s, RefCtx::TypeId, "relation"));
                let required = r.opt_bool(self.c, "required").unwrap_or(false);
                let collection = r.opt_bool(self.c, "collection").unwrap_or(false);
                if let Some(ty) = ty {
                    relations.push((
                        f.key.to_string(),
                        Relation {
                            ty,
                            required,
                            collection,
                        },
                    ));
                }
            }
        }
        let mut operations = Vec::new();
        if let Some(ot) = t.opt_table(self.c, "operations") {
            for f in ot.fields() {
                self.member_name(f.key, f.key_span, "operation");
                let Some(o) = super::raw::as_table(self.c, &f, ot.qualify(f.key)) else {
                    continue;
                };
                if let Some(op) = self.operation(&o, &structures) {
                    operations.push((f.key.to_string(), op));
                }
            }
        }
        ResourceType {
            key: key.to_string(),
            id,
            implements,
            service_id,
            code,
            engine,
            schema_path: format!("schemas/{key}.schema"),
            title,
            summary,
            access,
            infolinks,
            color,
            font_color,
            properties,
            structures: structs,
            relations,
            operations,
        }
    }

    fn member_name(&mut self, name: &str, span: Span, what: &str) {
        if !is_name(name) {
            self.c.error(
                span.range(),
                format!("{what} name `{name}` is not a valid name"),
                "use letters, digits and `_`, not starting with a digit (^[a-zA-Z_][a-zA-Z0-9_]*$)",
            );
        }
    }

    fn colour(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        let s = t.opt_str(self.c, key)?;
        if !is_colour(&s.text) {
            self.c.error(
                s.span.range(),
                format!(
                    "`{}` = `{}` is not a colour #RRGGBB",
                    t.qualify(key),
                    s.text
                ),
                "write six hex digits after `#`, e.g. #0044aa",
            );
        }
        Some(s.text)
    }

    fn access(&mut self, a: &Table<'_, '_>) -> Access {
        a.check_keys(self.c, &["owner", "admin", "referrer"]);
        Access {
            owner: a.opt_bool(self.c, "owner"),
            admin: a.opt_bool(self.c, "admin"),
            referrer: a.opt_bool(self.c, "referrer"),
        }
    }

    fn properties(&mut self, t: &Table<'_, '_>, structures: &[String]) -> Vec<(String, Property)> {
        let mut out = Vec::new();
        for f in t.fields() {
            self.member_name(f.key, f.key_span, "property");
            let Some(p) = super::raw::as_table(self.c, &f, t.qualify(f.key)) else {
                continue;
            };
            if let Some(prop) = self.property(&p, structures) {
                out.push((f.key.to_string(), prop));
            }
        }
        out
    }

    fn property(&mut self, p: &Table<'_, '_>, structures: &[String]) -> Option<Property> {
        p.check_keys(self.c, PROPERTY_KEYS);
        let ty = p
            .req_str(
                self.c,
                "type",
                "string, number, integer, boolean, array, object, a structure or a type id",
            )
            .and_then(|s| self.resolve(&s, RefCtx::Property(structures), "property"));
        let items = match p.opt_table(self.c, "items") {
            Some(i) => self.property(&i, structures).map(Box::new),
            None => None,
        };
        if ty.as_deref() == Some("array") && items.is_none() && p.field("items").is_none() {
            self.c.error(
                p.span.range(),
                format!("`{}` is an array without `items`", p.path),
                "add `items = { type = \"string\" }` (the element type)",
            );
        }
        if let (Some(ty), Some(f)) = (&ty, p.field("items"))
            && ty != "array"
        {
            self.c.error(
                f.key_span.range(),
                format!("`items` only applies to arrays, but `{}` is `{ty}`", p.path),
                "remove `items` or set `type = \"array\"`",
            );
        }
        let enum_values = p.field("enum").and_then(|f| match f.value {
            DeValue::Array(a) if !a.is_empty() => {
                Some(a.iter().map(|v| to_json(v.get_ref())).collect::<Vec<_>>())
            }
            other => {
                self.c.error(
                    f.span.range(),
                    format!(
                        "`{}.enum` must be a non-empty array, not {}",
                        p.path,
                        type_name(other)
                    ),
                    "list the allowed values, e.g. enum = [\"a\", \"b\"]",
                );
                None
            }
        });
        let titles = p.opt_str_array(self.c, "enumTitles");
        if let Some(titles) = &titles {
            let span = p.field("enumTitles").map(|f| f.span).unwrap_or(p.span);
            match &enum_values {
                None if p.field("enum").is_none() => self.c.error(
                    span.range(),
                    format!("`{}.enumTitles` without `enum`", p.path),
                    "add the `enum` values the titles name, or remove enumTitles",
                ),
                Some(values) if values.len() != titles.len() => self.c.error(
                    span.range(),
                    format!(
                        "`{}.enumTitles` has {} title(s) but `enum` has {} value(s)",
                        p.path,
                        titles.len(),
                        values.len()
                    ),
                    "give exactly one title per enum value, in the same order",
                ),
                _ => {}
            }
        }
        let default = p.field("default").map(|f| (to_json(f.value), f.span));
        if let Some((d, span)) = &default {
            if let Some(values) = &enum_values
                && !values.contains(d)
            {
                self.c.error(
                    span.range(),
                    format!("default {d} of `{}` is not one of its enum values", p.path),
                    "use one of the enum values as the default",
                );
            }
            if let Some(ty) = &ty
                && let Some(expected) = default_mismatch(ty, d)
            {
                self.c.error(
                    span.range(),
                    format!("default {d} of `{}` is not {expected}", p.path),
                    format!("write a default of type {ty}"),
                );
            }
        }
        if let Some(values) = &enum_values
            && let Some(ty) = &ty
        {
            for v in values {
                if let Some(expected) = default_mismatch(ty, v) {
                    let span = p.field("enum").map(|f| f.span).unwrap_or(p.span);
                    self.c.error(
                        span.range(),
                        format!("enum value {v} of `{}` is not {expected}", p.path),
                        format!("every enum value must be of type {ty}"),
                    );
                    break;
                }
            }
        }
        let min_length = p.opt_u64(self.c, "minLength");
        let max_length = p.opt_u64(self.c, "maxLength");
        if let (Some(lo), Some(hi)) = (min_length, max_length)
            && lo > hi
        {
            self.c.error(
                p.span.range(),
                format!("`{}` has minLength {lo} above maxLength {hi}", p.path),
                "swap or fix the bounds",
            );
        }
        let minimum = p.opt_number(self.c, "minimum");
        let maximum = p.opt_number(self.c, "maximum");
        if let (Some(lo), Some(hi)) = (&minimum, &maximum)
            && lo.as_f64().zip(hi.as_f64()).is_some_and(|(a, b)| a > b)
        {
            self.c.error(
                p.span.range(),
                format!("`{}` has minimum {lo} above maximum {hi}", p.path),
                "swap or fix the bounds",
            );
        }
        let prop = Property {
            ty: ty?,
            title: p.opt_str(self.c, "title").map(|s| s.text),
            description: p.opt_str(self.c, "description").map(|s| s.text),
            required: p.opt_bool(self.c, "required"),
            readonly: p.opt_bool(self.c, "readonly"),
            encrypted: p.opt_bool(self.c, "encrypted"),
            final_: p.opt_bool(self.c, "final"),
            default: default.map(|(d, _)| d),
            enum_values,
            enum_titles: titles.map(|t| t.into_iter().map(|s| s.text).collect()),
            format: p.opt_str(self.c, "format").map(|s| s.text),
            pattern: p.opt_str(self.c, "pattern").map(|s| s.text),
            unit: p.opt_str(self.c, "unit").map(|s| s.text),
            items,
            access: p.opt_table(self.c, "access").map(|a| self.access(&a)),
            min_length,
            max_length,
            minimum,
            maximum,
        };
        Some(prop)
    }

    fn operation(&mut self, o: &Table<'_, '_>, structures: &[String]) -> Option<Operation> {
        o.check_keys(
            self.c,
            &[
                "verb",
                "path",
                "static",
                "access",
                "parameters",
                "response",
                "errorResponse",
            ],
        );
        let verb = o
            .req_str(self.c, "verb", "GET, POST, PUT or DELETE")
            .and_then(|v| match v.text.as_str() {
                "GET" => Some(Verb::Get),
                "POST" => Some(Verb::Post),
                "PUT" => Some(Verb::Put),
                "DELETE" => Some(Verb::Delete),
                other => {
                    self.c.error(
                        v.span.range(),
                        format!("`{other}` is not an operation verb"),
                        "use GET, POST, PUT or DELETE (upper case)",
                    );
                    None
                }
            });
        let path = o.req_str(self.c, "path", "the operation path, starting with `/`");
        let static_ = o.opt_bool(self.c, "static");
        let access = o.opt_table(self.c, "access").map(|a| self.access(&a));
        let mut parameters = Vec::new();
        if let Some(pt) = o.opt_table(self.c, "parameters") {
            for f in pt.fields() {
                self.member_name(f.key, f.key_span, "parameter");
                let Some(p) = super::raw::as_table(self.c, &f, pt.qualify(f.key)) else {
                    continue;
                };
                p.check_keys(self.c, &["type", "kind", "required"]);
                let ty = p
                    .req_str(self.c, "type", "the parameter type")
                    .and_then(|s| self.resolve(&s, RefCtx::Property(structures), "parameter"));
                let kind = p
                    .req_str(self.c, "kind", "path, query or body")
                    .and_then(|k| match k.text.as_str() {
                        "path" => Some(ParamKind::Path),
                        "query" => Some(ParamKind::Query),
                        "body" => Some(ParamKind::Body),
                        other => {
                            self.c.error(
                                k.span.range(),
                                format!("`{other}` is not a parameter kind"),
                                "use path, query or body",
                            );
                            None
                        }
                    });
                let required = p.opt_bool(self.c, "required");
                if let (Some(ty), Some(kind)) = (ty, kind) {
                    parameters.push((f.key.to_string(), Parameter { ty, kind, required }));
                }
            }
        }
        if let Some(path) = &path {
            if !path.text.starts_with('/') {
                self.c.error(
                    path.span.range(),
                    format!("operation path `{}` does not start with `/`", path.text),
                    format!("write `/{}`", path.text),
                );
            }
            match path_params(&path.text) {
                Ok(names) => {
                    for name in names {
                        let ok = parameters
                            .iter()
                            .any(|(n, p)| *n == name && p.kind == ParamKind::Path);
                        if !ok {
                            self.c.error(
                                path.span.range(),
                                format!("`{{{name}}}` in path `{}` has no `kind = \"path\"` parameter", path.text),
                                format!("add `{name} = {{ type = \"string\", kind = \"path\", required = true }}` to parameters"),
                            );
                        }
                    }
                }
                Err(why) => self.c.error(
                    path.span.range(),
                    format!("operation path `{}`: {why}", path.text),
                    "write placeholders as `{name}`",
                ),
            }
        }
        let response = self.response(o, "response", structures);
        let error_response = self.response(o, "errorResponse", structures);
        Some(Operation {
            verb: verb?,
            path: path?.text,
            static_,
            access,
            parameters,
            response,
            error_response,
        })
    }

    fn response(
        &mut self,
        o: &Table<'_, '_>,
        key: &str,
        structures: &[String],
    ) -> Option<Response> {
        let r = o.opt_table(self.c, key)?;
        r.check_keys(self.c, &["type", "items", "contentType"]);
        let ty = r
            .req_str(self.c, "type", "the response type")
            .and_then(|s| self.resolve(&s, RefCtx::Property(structures), "response"));
        let items = match r.opt_table(self.c, "items") {
            Some(i) => self.property(&i, structures).map(Box::new),
            None => None,
        };
        let content_type = r.opt_str(self.c, "contentType").map(|s| s.text);
        Some(Response {
            ty: ty?,
            items,
            content_type,
        })
    }

    /// Resolves a type reference: primitives and own structures stay bare (properties only), local
    /// type names become their ids, short forms expand, full ids are checked.
    fn resolve(&mut self, s: &Str, ctx: RefCtx<'_>, what: &str) -> Option<String> {
        let text = s.text.trim();
        let (base, frag) = match text.split_once('#') {
            Some((b, f)) => (b, Some(f)),
            None => (text, None),
        };
        if let Some(frag) = frag
            && !is_name(frag)
        {
            self.c.error(
                s.span.range(),
                format!("`{text}`: `#{frag}` is not a structure name"),
                "write <type>#<Structure>, e.g. core/resource/1.0#Counter",
            );
            return None;
        }
        if let RefCtx::Property(own) = ctx
            && frag.is_none()
            && (PRIMITIVES.contains(&base) || own.iter().any(|s| s == base))
        {
            return Some(base.to_string());
        }
        if PRIMITIVES.contains(&base) {
            self.c.error(
                s.span.range(),
                format!("{what} type `{text}` must be a type, not the primitive `{base}`"),
                "name a local type, a type id (http://...) or a short core form such as core/resource/1.0",
            );
            return None;
        }
        let (full, local) = if let Some(i) = self.locals.iter().position(|l| l.key == base) {
            // A reported bad or missing id: stay quiet here.
            let id = self.locals[i].id.clone()?;
            (id, Some(i))
        } else if SHORT_PREFIXES.iter().any(|p| base.starts_with(p)) {
            let full = format!("{APS_TYPES}{base}");
            if let Err(why) = check_type_id(&full) {
                self.c.error(
                    s.span.range(),
                    format!("short type `{base}` does not expand to a valid type id: {why}"),
                    "write core/<name>/<major>.<minor>, e.g. core/resource/1.0",
                );
                return None;
            }
            (full, None)
        } else if base.starts_with("http://") || base.starts_with("https://") {
            if let Err(why) = check_type_id(base) {
                self.c.error(
                    s.span.range(),
                    format!("bad type id `{base}`: {why}"),
                    "write http://basename/name/major.minor",
                );
                return None;
            }
            let local = self
                .locals
                .iter()
                .position(|l| l.id.as_deref() == Some(base));
            (base.to_string(), local)
        } else {
            let mut known: Vec<&str> = self.locals.iter().map(|l| l.key.as_str()).collect();
            if let RefCtx::Property(own) = ctx {
                known.extend(PRIMITIVES.iter().copied());
                known.extend(own.iter().map(String::as_str));
            }
            let hint = match did_you_mean(base, &known) {
                Some(k) => format!("did you mean `{k}`? "),
                None => String::new(),
            };
            let kinds = match ctx {
                RefCtx::Property(_) => "a primitive, a structure of this type, a local type, ",
                RefCtx::TypeId => "a local type, ",
            };
            self.c.error(
                s.span.range(),
                format!("{what} refers to undefined type `{base}`"),
                format!(
                    "{hint}use {kinds}a full type id (http://...) or a short core form such as core/resource/1.0"
                ),
            );
            return None;
        };
        match frag {
            None => Some(full),
            Some(frag) => {
                if let Some(i) = local
                    && !self.locals[i].structures.iter().any(|s| s == frag)
                {
                    self.c.error(
                        s.span.range(),
                        format!("type `{}` has no structure `{frag}`", self.locals[i].key),
                        format!("define [types.{}.structures.{frag}]", self.locals[i].key),
                    );
                    return None;
                }
                Some(format!("{full}#{frag}"))
            }
        }
    }

    // ----- navigation -----

    fn navigations(&mut self, root: &Table<'_, '_>) -> Vec<Navigation> {
        let mut out = Vec::new();
        for n in root.opt_tables(self.c, "navigation") {
            n.check_keys(self.c, &["id", "label", "plugs-to", "vars", "items"]);
            let id = self.nav_id(&n);
            let label = n.req_str(self.c, "label", "the label shown");
            let plugs_to = n.opt_str(self.c, "plugs-to").map(|s| s.text);
            let mut vars = Vec::new();
            for v in n.opt_tables(self.c, "vars") {
                v.check_keys(
                    self.c,
                    &["name", "type", "required", "collection", "filter"],
                );
                let name = v.req_str(self.c, "name", "the variable name");
                if let Some(name) = &name
                    && !is_name(&name.text)
                {
                    self.c.error(
                        name.span.range(),
                        format!("variable name `{}` is not a valid name", name.text),
                        "use letters, digits and `_`, not starting with a digit",
                    );
                }
                let ty = v
                    .req_str(self.c, "type", "a local type name or a type id")
                    .and_then(|s| self.resolve(&s, RefCtx::TypeId, "navigation variable"));
                let required = v.opt_bool(self.c, "required");
                let collection = v.opt_bool(self.c, "collection");
                let filter = v.opt_str(self.c, "filter").map(|s| s.text);
                if let (Some(name), Some(type_id)) = (name, ty) {
                    vars.push(Var {
                        name: name.text,
                        type_id,
                        required,
                        collection,
                        filter,
                    });
                }
            }
            let mut seen = BTreeSet::new();
            let mut items = Vec::new();
            for it in n.opt_tables(self.c, "items") {
                it.check_keys(self.c, &["id", "label", "plugs-to", "views"]);
                let id = self.nav_id(&it);
                let label = it.req_str(self.c, "label", "the label shown");
                let plugs_to = it.opt_str(self.c, "plugs-to").map(|s| s.text);
                let views = self.views(&it, &mut seen);
                if let (Some(id), Some(label)) = (id, label) {
                    items.push(Item {
                        id,
                        label: label.text,
                        plugs_to,
                        views,
                    });
                }
            }
            if let (Some(id), Some(label)) = (id, label) {
                out.push(Navigation {
                    id,
                    label: label.text,
                    plugs_to,
                    vars,
                    items,
                });
            }
        }
        out
    }

    fn nav_id(&mut self, t: &Table<'_, '_>) -> Option<String> {
        let id = t.req_str(self.c, "id", "the element id")?;
        if id
            .text
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '#' | '/' | '"' | '<' | '>' | '&'))
        {
            self.c.error(
                id.span.range(),
                format!("id `{}` has spaces or reserved characters", id.text),
                "use letters, digits, `_`, `-` and `.`",
            );
        }
        Some(id.text)
    }

    fn views(&mut self, parent: &Table<'_, '_>, seen: &mut BTreeSet<String>) -> Vec<View> {
        let mut out = Vec::new();
        for v in parent.opt_tables(self.c, "views") {
            v.check_keys(self.c, &["id", "label", "src", "controls", "views"]);
            let id_field = v.field("id").map(|f| f.span).unwrap_or(v.span);
            let id = self.nav_id(&v);
            let label = v.req_str(self.c, "label", "the label shown");
            let src = v.opt_str(self.c, "src");
            match (&src, &id) {
                (Some(s), _) => {
                    self.file_ref(Some(s.clone()), "view source");
                }
                (None, Some(id)) => {
                    self.file_ref_at(&format!("ui/{id}.html"), id_field, "view source", true);
                }
                (None, None) => {}
            }
            if let Some(id) = &id
                && !seen.insert(id.clone())
            {
                self.c.error(
                    id_field.range(),
                    format!("view id `{id}` is used twice in this navigation tree"),
                    "give every view of a tree its own id",
                );
            }
            let mut controls = Vec::new();
            for ctl in v.opt_str_array(self.c, "controls").unwrap_or_default() {
                if CONTROLS.contains(&ctl.text.as_str()) {
                    controls.push(ctl.text);
                } else {
                    let hint = did_you_mean(&ctl.text, CONTROLS)
                        .map(|k| format!("did you mean `{k}`? "))
                        .unwrap_or_default();
                    self.c.error(
                        ctl.span.range(),
                        format!("unknown view control `{}`", ctl.text),
                        format!("{hint}controls are cancel, submit, finish, next and prev"),
                    );
                }
            }
            let views = self.views(&v, seen);
            if let (Some(id), Some(label)) = (id, label) {
                out.push(View {
                    id,
                    label: label.text,
                    src: src.map(|s| s.text),
                    controls,
                    views,
                });
            }
        }
        out
    }
}

/// What a default or enum value of primitive type `ty` should have been, when it is not.
fn default_mismatch(ty: &str, v: &Value) -> Option<&'static str> {
    match ty {
        "string" if !v.is_string() => Some("a string"),
        "integer" if !(v.is_i64() || v.is_u64()) => Some("an integer"),
        "number" if !v.is_number() => Some("a number"),
        "boolean" if !v.is_boolean() => Some("a boolean"),
        "array" if !v.is_array() => Some("an array"),
        "object" if !v.is_object() => Some("an object"),
        _ => None,
    }
}

/// The `{name}` placeholders of an operation path.
fn path_params(path: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Err("`}` without `{`".into());
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err("`{` without `}`".into());
        };
        let name = &after[..close];
        if !is_name(name) {
            return Err(format!("`{{{name}}}` is not a valid placeholder"));
        }
        out.push(name.to_string());
        rest = &after[close + 1..];
    }
    Ok(out)
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
    fn path_placeholders() {
        assert_eq!(
            path_params("/users/{userId}/x/{n}").unwrap(),
            ["userId", "n"]
        );
        assert!(path_params("/a/{b").is_err());
        assert!(path_params("/a/b}").is_err());
        assert!(path_params("/a/{1b}").is_err());
    }

    #[test]
    fn default_types() {
        assert_eq!(
            default_mismatch("string", &Value::from(1)),
            Some("a string")
        );
        assert_eq!(default_mismatch("number", &Value::from(1)), None);
        assert_eq!(
            default_mismatch("integer", &Value::from(1.5)),
            Some("an integer")
        );
        assert_eq!(default_mismatch("Quota", &Value::from(1)), None);
    }
}

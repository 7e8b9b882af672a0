//! Rules APS08xx: secrets, junk, security.json.
//!
//! A package ships every file in it, so private keys, credentials, editor and VCS leftovers,
//! logs and old builds travel to every platform that imports it. Secrets in a source directory
//! are warnings (they would ship with the next naive build); in a built package a private key
//! is an error. These rules apply to every package, APS 1 or 2, except the security.json ones.

mod rules;
#[cfg(test)]
mod tests;

pub use rules::*;

use std::collections::{BTreeMap, BTreeSet};

use crate::lint::{Context, Family, Finding};
use crate::tree::EntryKind;
use crate::typeschema::read::parse_json;

const JUNK_DIRS: &[&str] = &[
    ".git",
    ".svn",
    ".hg",
    ".settings",
    ".idea",
    ".vscode",
    "nbproject",
    "__MACOSX",
    "CVS",
];
const JUNK_NAMES: &[&str] = &[
    ".DS_Store",
    "Thumbs.db",
    "desktop.ini",
    ".gitignore",
    ".gitattributes",
    ".gitmodules",
    ".cvsignore",
    ".project",
    ".buildpath",
];
const JUNK_SUFFIXES: &[&str] = &[".bak", "~", ".orig", ".rej", ".swp", ".swo", ".tmp"];
const LOG_NAMES: &[&str] = &["access_log", "error_log", "ssl_access_log", "ssl_error_log"];
const KEY_NAMES: &[&str] = &["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"];
const SECRET_NAMES: &[&str] = &[
    ".env",
    ".htpasswd",
    ".netrc",
    ".pgpass",
    ".git-credentials",
    "credentials",
    "credentials.json",
];
const SECRET_SUFFIXES: &[&str] = &[".p12", ".pfx", ".jks", ".keystore"];

/// Runs this family's checks.
pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let built = cx.tree.is_built();
    let mut junk_dirs = BTreeSet::new();
    let mut junk: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut packages: Vec<&str> = Vec::new();
    for e in cx.tree.sorted() {
        let path = e.path.trim_end_matches('/');
        let parts: Vec<&str> = path.split('/').collect();
        let last = if e.kind == EntryKind::File {
            parts.len().saturating_sub(1)
        } else {
            parts.len()
        };
        if let Some(i) = parts[..last].iter().position(|p| JUNK_DIRS.contains(p)) {
            let dir = parts[..=i].join("/");
            if junk_dirs.insert(dir.clone()) {
                let msg = format!("`{dir}/` is a tool directory, not part of the application");
                let help = format!(
                    "Delete `{dir}/` or exclude it from the build (aps.toml exclude glob `{dir}/**`)."
                );
                out.push(Finding::new(&JUNK_FILE, msg).in_file(dir).help(help));
            }
            continue;
        }
        if e.kind != EntryKind::File {
            continue;
        }
        let name = parts.last().copied().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        if is_private_key(&lower, &e.head) {
            let mut f = Finding::new(&PRIVATE_KEY, format!("`{path}` is a private key"));
            f = f.in_file(path);
            if !built {
                f.message.push_str(" (it would ship with the next build)");
            }
            out.push(f);
        } else if is_secret(&lower) {
            let msg = format!("`{path}` usually holds credentials");
            out.push(Finding::new(&SECRET_FILE, msg).in_file(path));
        } else if lower.ends_with(".app.zip") {
            packages.push(path);
        } else if let Some(kind) = junk_kind(name, &lower) {
            junk.entry(kind).or_default().push(path);
        }
    }
    for (kind, paths) in junk {
        if paths.len() <= MAX_LISTED {
            for path in paths {
                let msg = format!("`{path}` is a leftover {kind} file");
                let help = format!("Delete `{path}` or exclude it from the build.");
                out.push(Finding::new(&JUNK_FILE, msg).in_file(path).help(help));
            }
        } else {
            let msg = format!(
                "{} leftover {kind} files, e.g. {}",
                paths.len(),
                examples(&paths)
            );
            out.push(Finding::new(&JUNK_FILE, msg).in_file(paths[0]));
        }
    }
    if packages.len() <= MAX_LISTED {
        for path in packages {
            let msg = format!("`{path}` is a built APS package inside the package");
            out.push(Finding::new(&EMBEDDED_PACKAGE, msg).in_file(path));
        }
    } else {
        let msg = format!(
            "{} built APS packages inside the package, e.g. {}",
            packages.len(),
            examples(&packages)
        );
        out.push(Finding::new(&EMBEDDED_PACKAGE, msg).in_file(packages[0]));
    }
    security_json(cx, built, out);
}

/// Junk files of one kind (or embedded packages) beyond this many are reported as one finding.
const MAX_LISTED: usize = 5;

/// The first three of `paths`, quoted, for a grouped finding.
fn examples(paths: &[&str]) -> String {
    let shown: Vec<String> = paths.iter().take(3).map(|p| format!("`{p}`")).collect();
    shown.join(", ")
}

/// The kind of leftover a file name is, if it is one.
fn junk_kind(name: &str, lower: &str) -> Option<&'static str> {
    if name.starts_with("._") {
        Some("AppleDouble")
    } else if lower.ends_with(".log") || LOG_NAMES.contains(&lower) {
        Some("log")
    } else if JUNK_SUFFIXES.iter().any(|s| lower.ends_with(s)) {
        Some("backup or editor")
    } else if JUNK_NAMES.contains(&name) {
        Some("OS, VCS or IDE")
    } else {
        None
    }
}

fn is_private_key(lower: &str, head: &[u8]) -> bool {
    lower.ends_with(".key") || KEY_NAMES.contains(&lower) || pem_private_key(head)
}

/// True when `head` holds a `-----BEGIN ... PRIVATE KEY-----` line.
fn pem_private_key(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    text.lines().any(|l| {
        let l = l.trim();
        l.starts_with("-----BEGIN ") && l.ends_with("PRIVATE KEY-----")
    })
}

fn is_secret(lower: &str) -> bool {
    let env = lower == ".env"
        || (lower.starts_with(".env.")
            && !matches!(
                lower,
                ".env.example" | ".env.sample" | ".env.dist" | ".env.template"
            ));
    env || SECRET_NAMES.contains(&lower) || SECRET_SUFFIXES.iter().any(|s| lower.ends_with(s))
}

fn security_json(cx: &Context, built: bool, out: &mut Vec<Finding>) {
    const FILE: &str = "security.json";
    match cx.tree.bytes(FILE) {
        None if cx.tree.has_file(FILE) => {}
        None => {
            if built && cx.aps2_root().is_some() {
                let msg = "the package has no security.json (required for new applications)";
                out.push(Finding::new(&SECURITY_JSON_MISSING, msg));
            }
        }
        Some(bytes) => match parse_json(bytes, false) {
            Err(e) => {
                let msg = format!("security.json is not valid JSON: {}", e.message);
                out.push(cx.at(&SECURITY_JSON_INVALID, FILE, e.offset..e.offset, msg));
            }
            Ok(doc) if doc.as_object().is_none() => {
                let msg = format!("security.json is a JSON {}, not an object", doc.kind());
                out.push(cx.at(&SECURITY_JSON_INVALID, FILE, doc.span.clone(), msg));
            }
            Ok(_) => {}
        },
    }
}

/// The hygiene family's entry in [`crate::lint::FAMILIES`].
pub static FAMILY: Family = Family {
    name: "hygiene",
    codes: "APS08xx",
    summary: "secrets, junk, security.json",
    rules: RULES,
    check,
};

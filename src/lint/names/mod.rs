//! Rules APS07xx: names and paths inside the package, archive members (APS-FORMAT §1.2 N1–N9).
//!
//! Every entry is checked, and so is every directory that only appears as a prefix of an
//! entry, so a bad directory name is reported once however many files it holds. These rules
//! apply to every package; in APS 1 packages the naming-page rules (APS 2 SDK docs) are
//! warnings, while links, traversal and archive problems stay errors.

mod rules;
#[cfg(test)]
mod tests;

pub use rules::*;

use std::collections::{BTreeMap, BTreeSet};

use crate::aps::{APP_LIST, APP_META, SECURITY_JSON};
use crate::lint::{Context, Family, Finding, Rule};
use crate::tree::{EntryKind, Origin};

/// Longest allowed path (D-naming N9).
pub const MAX_PATH_CHARS: usize = 128;

const FORBIDDEN: &[char] = &['<', '>', ':', ';', '"', '\\', '|', '*', '?'];
const DEVICES: &[&str] = &["CON", "PRN", "AUX", "NUL", "CLOCK$", "CONIN$", "CONOUT$"];
const RESERVED: &[&str] = &[APP_META, APP_LIST, SECURITY_JSON];

/// Runs this family's checks.
pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let tree = cx.tree;
    for p in &tree.problems {
        let mut f = Finding::new(&ARCHIVE_ENTRY_UNREADABLE, p.message.clone());
        f.file.clone_from(&p.path);
        out.push(f);
    }
    if let Origin::Archive(path) = &tree.origin {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.to_ascii_lowercase().ends_with(".app.zip") {
            let msg = format!("archive `{name}` does not end in `.app.zip`");
            let stem = name
                .strip_suffix(".zip")
                .or_else(|| name.strip_suffix(".ZIP"))
                .unwrap_or(&name)
                .trim_end_matches(".app");
            let help = format!("Rename the file to `{stem}.app.zip`.");
            out.push(Finding::new(&ARCHIVE_EXTENSION, msg).help(help));
        }
    }
    // The naming-page rules (APS 2 SDK docs) declare that they are warnings in APS 1 packages:
    // Plesk-era packages were never held to them. Links and traversal stay errors everywhere.
    names(cx, out);
}

fn names(cx: &Context, out: &mut Vec<Finding>) {
    let tree = cx.tree;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut not_utf8: BTreeSet<&str> = BTreeSet::new();
    for e in tree.entries() {
        let path = e.path.trim_end_matches('/');
        *counts.entry(e.path.as_str()).or_default() += 1;
        if matches!(e.kind, EntryKind::Symlink | EntryKind::Other) {
            let what = if e.kind == EntryKind::Symlink {
                "a symbolic link"
            } else {
                "neither a file nor a directory"
            };
            out.push(Finding::new(&ENTRY_NOT_REGULAR, format!("`{path}` is {what}")).in_file(path));
        }
        if !e.name_is_utf8 {
            not_utf8.insert(path);
            let msg = format!("the name of `{path}` is not valid UTF-8");
            out.push(Finding::new(&NAME_NOT_ASCII, msg).in_file(path));
        }
        if path.chars().count() > MAX_PATH_CHARS {
            let msg = format!(
                "path is {} characters long, more than {MAX_PATH_CHARS}",
                path.chars().count()
            );
            out.push(Finding::new(&PATH_TOO_LONG, msg).in_file(path));
        }
        if let Some(why) = traversal(&e.path) {
            out.push(Finding::new(&PATH_TRAVERSAL, format!("`{}` {why}", e.path)).in_file(path));
            continue;
        }
        // The entry and each directory above it, each checked once.
        let mut prefix = String::new();
        for part in path.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            names.insert(prefix.clone());
        }
    }
    for (path, n) in counts {
        if n > 1 {
            let msg = format!("`{path}` occurs {n} times in the archive");
            out.push(Finding::new(&DUPLICATE_ENTRY, msg).in_file(path.trim_end_matches('/')));
        }
    }
    let mut folded: BTreeMap<(String, String), Vec<&str>> = BTreeMap::new();
    for path in &names {
        let (parent, name) = path.rsplit_once('/').unwrap_or(("", path));
        component(path, name, !not_utf8.contains(path.as_str()), out);
        folded
            .entry((parent.to_string(), name.to_lowercase()))
            .or_default()
            .push(name);
        if parent.is_empty()
            && let Some(canon) = RESERVED
                .iter()
                .find(|r| r.eq_ignore_ascii_case(name) && **r != name)
        {
            let msg =
                format!("`{name}` at the root differs only in case from the reserved `{canon}`");
            out.push(Finding::new(&RESERVED_NAME_CASE, msg).in_file(path.as_str()));
        }
    }
    for ((parent, _), variants) in folded {
        if variants.len() > 1 {
            let shown: Vec<String> = variants.iter().map(|v| format!("`{v}`")).collect();
            let dir = if parent.is_empty() {
                "the root".to_string()
            } else {
                format!("`{parent}/`")
            };
            let msg = format!("{} in {dir} differ only by case", shown.join(" and "));
            let file = if parent.is_empty() {
                variants[0].to_string()
            } else {
                format!("{parent}/{}", variants[0])
            };
            out.push(Finding::new(&NAME_CASE_COLLISION, msg).in_file(file));
        }
    }
}

/// Why `path` escapes or is not a clean relative path.
fn traversal(path: &str) -> Option<&'static str> {
    let b = path.as_bytes();
    if path.starts_with('/') || path.starts_with('\\') {
        return Some("is an absolute path");
    }
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        return Some("starts with a drive letter");
    }
    let trimmed = path.trim_end_matches('/');
    for part in trimmed.split(['/', '\\']) {
        match part {
            ".." => return Some("climbs out of the package with `..`"),
            "." => return Some("has a `.` segment"),
            "" => return Some("has an empty path segment"),
            _ => {}
        }
    }
    None
}

/// True for the characters rule N3 recommends.
fn recommended(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ',' | ' ')
}

/// Checks one name (the last segment of `path`).
/// `utf8` is false when the stored name was not UTF-8 (already reported, so non-ASCII is not).
fn component(path: &str, name: &str, utf8: bool, out: &mut Vec<Finding>) {
    let at = |rule: &'static Rule, msg: String| Finding::new(rule, msg).in_file(path);
    let forbidden: BTreeSet<char> = name
        .chars()
        .filter(|c| FORBIDDEN.contains(c) || c.is_ascii_control())
        .collect();
    if !forbidden.is_empty() {
        let shown: String = forbidden
            .iter()
            .map(|c| c.escape_default().to_string())
            .collect();
        out.push(at(
            &NAME_FORBIDDEN_CHARACTER,
            format!("name `{name}` contains forbidden `{shown}`"),
        ));
    }
    if utf8 && !name.is_ascii() {
        let shown: String = name
            .chars()
            .filter(|c| !c.is_ascii())
            .collect::<BTreeSet<char>>()
            .into_iter()
            .collect();
        out.push(
            at(
                &NAME_NOT_ASCII,
                format!("name `{name}` contains non-ASCII characters (`{shown}`)"),
            )
            .help(format!(
                "Rename `{name}` with ASCII characters only (transliterate `{shown}`)."
            )),
        );
    }
    let unusual: BTreeSet<char> = name
        .chars()
        .filter(|c| {
            c.is_ascii() && !c.is_ascii_control() && !FORBIDDEN.contains(c) && !recommended(*c)
        })
        .collect();
    if !unusual.is_empty() {
        let shown: String = unusual.iter().collect();
        out.push(at(
            &NAME_UNUSUAL_CHARACTER,
            format!("name `{name}` uses `{shown}`, outside 0-9 a-z A-Z _ - . , space"),
        ));
    }
    let stem = name
        .split('.')
        .next()
        .unwrap_or(name)
        .trim_end()
        .to_ascii_uppercase();
    let numbered = |p: &str| {
        stem.strip_prefix(p)
            .is_some_and(|d| d.len() == 1 && matches!(d.as_bytes()[0], b'1'..=b'9'))
    };
    if DEVICES.contains(&stem.as_str()) || numbered("COM") || numbered("LPT") {
        out.push(at(
            &NAME_DEVICE,
            format!("name `{name}` is the Windows device name `{stem}`"),
        ));
    }
    if let Some(dot) = name.rfind('.')
        && dot > 0
        && dot + 1 < name.len()
        && name[..dot].ends_with(' ')
    {
        out.push(
            at(
                &NAME_SPACE_BEFORE_EXTENSION,
                format!("name `{name}` has a space before its extension"),
            )
            .help(format!(
                "Remove the space: `{}{}`.",
                name[..dot].trim_end(),
                &name[dot..]
            )),
        );
    }
    if name.ends_with('.') || name.ends_with(' ') {
        out.push(at(
            &NAME_TRAILING_DOT_OR_SPACE,
            format!("name `{name}` ends with a dot or a space"),
        ));
    }
}

/// The names family's entry in [`crate::lint::FAMILIES`].
pub static FAMILY: Family = Family {
    name: "names",
    codes: "APS07xx",
    summary: "names and paths inside the package, archive members",
    rules: RULES,
    check,
};

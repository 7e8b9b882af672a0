//! Tests of the names family: for every rule, a package that triggers it and one that
//! does not.

use super::*;
use crate::lint::testkit::{self, clean, fires, quiet};
use crate::tree::{Entry, EntryKind, LoadProblem, Origin, PackageTree};

fn plus(path: &str) -> PackageTree {
    testkit::plus(path, b"x")
}

#[test]
fn only_files_and_directories() {
    let mut t = clean();
    let mut link = Entry::memory("scripts/lib", b"/usr/share/php".to_vec());
    link.kind = EntryKind::Symlink;
    t.push(link);
    fires(&t, &ENTRY_NOT_REGULAR);
    let mut t = clean();
    t.push(Entry::dir("scripts/"));
    quiet(&t, &ENTRY_NOT_REGULAR);
}

#[test]
fn case_collisions_in_one_directory() {
    let f = fires(&plus("ui/Main.js"), &NAME_CASE_COLLISION);
    assert_eq!(f.len(), 1);
    fires(&plus("UI/other.js"), &NAME_CASE_COLLISION);
    quiet(&plus("doc/main.js"), &NAME_CASE_COLLISION);
}

#[test]
fn unusual_characters_warn() {
    fires(&plus("doc/guide(v2)+notes.pdf"), &NAME_UNUSUAL_CHARACTER);
    quiet(
        &plus("doc/Resource Model, v2_final-1.html"),
        &NAME_UNUSUAL_CHARACTER,
    );
}

#[test]
fn forbidden_characters() {
    fires(&plus("doc/what?.txt"), &NAME_FORBIDDEN_CHARACTER);
    fires(&plus("scripts\\app2.php"), &NAME_FORBIDDEN_CHARACTER);
    quiet(&plus("doc/what.txt"), &NAME_FORBIDDEN_CHARACTER);
}

#[test]
fn non_ascii_and_non_utf8_names() {
    fires(&plus("doc/Übersicht.pdf"), &NAME_NOT_ASCII);
    let mut t = clean();
    let mut e = Entry::memory("doc/x\u{fffd}.pdf", b"x".to_vec());
    e.name_is_utf8 = false;
    t.push(e);
    let f = fires(&t, &NAME_NOT_ASCII);
    assert_eq!(f.len(), 1, "reported once");
    assert!(f[0].message.contains("UTF-8"));
    quiet(&plus("doc/Uebersicht.pdf"), &NAME_NOT_ASCII);
}

#[test]
fn paths_stay_inside_the_package() {
    fires(&plus("../../etc/passwd"), &PATH_TRAVERSAL);
    fires(&plus("/scripts/app2.php"), &PATH_TRAVERSAL);
    fires(&plus("C:/x.txt"), &PATH_TRAVERSAL);
    fires(&plus("scripts//x.php"), &PATH_TRAVERSAL);
    quiet(&plus("scripts/x..php"), &PATH_TRAVERSAL);
}

#[test]
fn windows_device_names() {
    fires(&plus("doc/nul.txt"), &NAME_DEVICE);
    fires(&plus("Com1"), &NAME_DEVICE);
    fires(&plus("doc/CONOUT$"), &NAME_DEVICE);
    quiet(&plus("doc/console.txt"), &NAME_DEVICE);
    quiet(&plus("doc/com10.txt"), &NAME_DEVICE);
}

#[test]
fn space_before_the_extension() {
    let f = fires(&plus("doc/guide .pdf"), &NAME_SPACE_BEFORE_EXTENSION);
    assert_eq!(f[0].help.as_deref(), Some("Remove the space: `guide.pdf`."));
    quiet(
        &plus("doc/Resource Model.html"),
        &NAME_SPACE_BEFORE_EXTENSION,
    );
}

#[test]
fn trailing_dot_or_space() {
    fires(&plus("images/logo."), &NAME_TRAILING_DOT_OR_SPACE);
    fires(&plus("images /logo.png"), &NAME_TRAILING_DOT_OR_SPACE);
    quiet(&plus("images/logo.png"), &NAME_TRAILING_DOT_OR_SPACE);
}

#[test]
fn long_paths() {
    let long = format!("scripts/{}.php", "a".repeat(121));
    assert_eq!(long.len(), 133);
    fires(&plus(&long), &PATH_TOO_LONG);
    let ok = format!("scripts/{}.php", "a".repeat(116));
    assert_eq!(ok.len(), 128);
    quiet(&plus(&ok), &PATH_TOO_LONG);
}

#[test]
fn duplicate_members() {
    let mut t = clean();
    t.push(Entry::memory("APP-META.xml", b"<x/>".to_vec()));
    assert_eq!(fires(&t, &DUPLICATE_ENTRY).len(), 1);
    quiet(&clean(), &DUPLICATE_ENTRY);
}

#[test]
fn load_problems_are_reported() {
    let mut t = clean();
    t.problems.push(LoadProblem {
        path: Some("images/huge.png".into()),
        message: "images/huge.png: member is larger than the size cap".into(),
    });
    let f = fires(&t, &ARCHIVE_ENTRY_UNREADABLE);
    assert_eq!(f[0].file.as_deref(), Some("images/huge.png"));
    quiet(&clean(), &ARCHIVE_ENTRY_UNREADABLE);
}

#[test]
fn archives_end_in_app_zip() {
    let mut t = clean();
    t.origin = Origin::Archive("dist/demo-1.0-1.zip".into());
    fires(&t, &ARCHIVE_EXTENSION);
    t.origin = Origin::Directory("dist/demo".into());
    quiet(&t, &ARCHIVE_EXTENSION);
    quiet(&clean(), &ARCHIVE_EXTENSION);
}

#[test]
fn reserved_names_in_the_wrong_case() {
    fires(&plus("app-meta.xml"), &RESERVED_NAME_CASE);
    quiet(&plus("ui/app-meta.xml"), &RESERVED_NAME_CASE);
    quiet(&plus("scripts/APP-META.xml"), &RESERVED_NAME_CASE);
}

#[test]
fn naming_page_errors_are_warnings_in_aps1_packages() {
    let long = format!("htdocs/{}.txt", "a".repeat(130));
    let mut t = crate::lint::testkit::with_meta(
        "http://aps-standard.org/ns/2",
        "http://apstandard.com/ns/1",
    );
    t.push(Entry::memory(long.as_str(), b"x".to_vec()));
    t.push(Entry::memory("../escape.txt", b"x".to_vec()));
    assert_eq!(
        fires(&t, &PATH_TOO_LONG)[0].severity,
        crate::lint::Severity::Warning
    );
    assert_eq!(
        fires(&t, &PATH_TRAVERSAL)[0].severity,
        crate::lint::Severity::Error
    );
    assert_eq!(
        fires(&plus(&long), &PATH_TOO_LONG)[0].severity,
        crate::lint::Severity::Error
    );
}

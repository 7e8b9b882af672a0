//! Tests of the APS07xx rules: each rule fires on a bad name and stays quiet on a good one.

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
    fires(&t, "APS0701");
    let mut t = clean();
    t.push(Entry::dir("scripts/"));
    quiet(&t, "APS0701");
}

#[test]
fn case_collisions_in_one_directory() {
    let f = fires(&plus("ui/Main.js"), "APS0702");
    assert_eq!(f.len(), 1);
    fires(&plus("UI/other.js"), "APS0702");
    quiet(&plus("doc/main.js"), "APS0702");
}

#[test]
fn unusual_characters_warn() {
    fires(&plus("doc/guide(v2)+notes.pdf"), "APS0703");
    quiet(&plus("doc/Resource Model, v2_final-1.html"), "APS0703");
}

#[test]
fn forbidden_characters() {
    fires(&plus("doc/what?.txt"), "APS0704");
    fires(&plus("scripts\\app2.php"), "APS0704");
    quiet(&plus("doc/what.txt"), "APS0704");
}

#[test]
fn non_ascii_and_non_utf8_names() {
    fires(&plus("doc/Übersicht.pdf"), "APS0705");
    let mut t = clean();
    let mut e = Entry::memory("doc/x\u{fffd}.pdf", b"x".to_vec());
    e.name_is_utf8 = false;
    t.push(e);
    let f = fires(&t, "APS0705");
    assert_eq!(f.len(), 1, "reported once");
    assert!(f[0].message.contains("UTF-8"));
    quiet(&plus("doc/Uebersicht.pdf"), "APS0705");
}

#[test]
fn paths_stay_inside_the_package() {
    fires(&plus("../../etc/passwd"), "APS0706");
    fires(&plus("/scripts/app2.php"), "APS0706");
    fires(&plus("C:/x.txt"), "APS0706");
    fires(&plus("scripts//x.php"), "APS0706");
    quiet(&plus("scripts/x..php"), "APS0706");
}

#[test]
fn windows_device_names() {
    fires(&plus("doc/nul.txt"), "APS0707");
    fires(&plus("Com1"), "APS0707");
    fires(&plus("doc/CONOUT$"), "APS0707");
    quiet(&plus("doc/console.txt"), "APS0707");
    quiet(&plus("doc/com10.txt"), "APS0707");
}

#[test]
fn space_before_the_extension() {
    let f = fires(&plus("doc/guide .pdf"), "APS0708");
    assert_eq!(f[0].help.as_deref(), Some("Remove the space: `guide.pdf`."));
    quiet(&plus("doc/Resource Model.html"), "APS0708");
}

#[test]
fn trailing_dot_or_space() {
    fires(&plus("images/logo."), "APS0709");
    fires(&plus("images /logo.png"), "APS0709");
    quiet(&plus("images/logo.png"), "APS0709");
}

#[test]
fn long_paths() {
    let long = format!("scripts/{}.php", "a".repeat(121));
    assert_eq!(long.len(), 133);
    fires(&plus(&long), "APS0710");
    let ok = format!("scripts/{}.php", "a".repeat(116));
    assert_eq!(ok.len(), 128);
    quiet(&plus(&ok), "APS0710");
}

#[test]
fn duplicate_members() {
    let mut t = clean();
    t.push(Entry::memory("APP-META.xml", b"<x/>".to_vec()));
    assert_eq!(fires(&t, "APS0711").len(), 1);
    quiet(&clean(), "APS0711");
}

#[test]
fn load_problems_are_reported() {
    let mut t = clean();
    t.problems.push(LoadProblem {
        path: Some("images/huge.png".into()),
        message: "images/huge.png: member is larger than the size cap".into(),
    });
    let f = fires(&t, "APS0712");
    assert_eq!(f[0].file.as_deref(), Some("images/huge.png"));
    quiet(&clean(), "APS0712");
}

#[test]
fn archives_end_in_app_zip() {
    let mut t = clean();
    t.origin = Origin::Archive("dist/demo-1.0-1.zip".into());
    fires(&t, "APS0713");
    t.origin = Origin::Directory("dist/demo".into());
    quiet(&t, "APS0713");
    quiet(&clean(), "APS0713");
}

#[test]
fn reserved_names_in_the_wrong_case() {
    fires(&plus("app-meta.xml"), "APS0714");
    quiet(&plus("ui/app-meta.xml"), "APS0714");
    quiet(&plus("scripts/APP-META.xml"), "APS0714");
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
        fires(&t, "APS0710")[0].severity,
        crate::lint::Severity::Warning
    );
    assert_eq!(
        fires(&t, "APS0706")[0].severity,
        crate::lint::Severity::Error
    );
    assert_eq!(
        fires(&plus(&long), "APS0710")[0].severity,
        crate::lint::Severity::Error
    );
}

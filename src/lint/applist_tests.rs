//! Tests of the APS06xx rules on edited copies of the clean package's APP-LIST.xml.

use crate::lint::Severity;
use crate::lint::testkit::{assert_clean, clean, fires, quiet};
use crate::listing::APP_LIST;
use crate::tree::{Entry, Origin, PackageTree};

fn list_text() -> String {
    String::from_utf8_lossy(clean().bytes(APP_LIST).unwrap()).into_owned()
}

/// The clean package with APP-LIST.xml edited (and nothing else changed).
fn list(from: &str, to: &str) -> PackageTree {
    let text = list_text();
    assert!(text.contains(from), "edit does not apply: {from}");
    let mut t = clean();
    t.insert(Entry::memory(
        APP_LIST,
        text.replacen(from, to, 1).into_bytes(),
    ));
    t
}

fn as_directory(mut t: PackageTree) -> PackageTree {
    t.origin = Origin::Directory("demo".into());
    t
}

fn digest_of(path: &str) -> String {
    clean().get(path).unwrap().sha256.unwrap().hex()
}

#[test]
fn missing_list_is_an_error_when_built_and_info_in_a_source_tree() {
    let mut t = clean();
    t.remove(APP_LIST);
    assert_eq!(fires(&t, "APS0601")[0].severity, Severity::Error);
    let t = as_directory(t);
    assert_eq!(fires(&t, "APS0601")[0].severity, Severity::Info);
    quiet(&clean(), "APS0601");
}

#[test]
fn malformed_lists() {
    fires(&list("</files>", "</file>"), "APS0602");
    let mut t = clean();
    t.insert(Entry::memory(APP_LIST, b"<placeholder/>".to_vec()));
    fires(&t, "APS0602");
    fires(&list(" size=\"", " bytes=\""), "APS0602");
    fires(&list(" sha256=\"", " md5=\""), "APS0602");
    quiet(&clean(), "APS0602");
}

#[test]
fn prefixes_and_attribute_order_do_not_matter() {
    let mut text = String::from(
        "<?xml version=\"1.0\"?>\n<ns2:files xmlns=\"http://www.w3.org/2000/09/xmldsig#\" xmlns:ns2=\"http://apstandard.com/ns/1\">\n",
    );
    for e in clean().files().filter(|e| e.path != APP_LIST) {
        text.push_str(&format!(
            "  <ns2:file sha256=\"{}\" name=\"{}\" size=\"{}\"/>\n",
            e.sha256.unwrap().hex(),
            e.path,
            e.size
        ));
    }
    text.push_str("</ns2:files>\n");
    let mut t = clean();
    t.insert(Entry::memory(APP_LIST, text.into_bytes()));
    assert_clean(&t, Severity::Info);
}

#[test]
fn unlisted_files() {
    let mut t = clean();
    t.insert(Entry::memory("extra.txt", b"x".to_vec()));
    let f = fires(&t, "APS0603");
    assert!(f[0].message.contains("extra.txt"));
    assert_eq!(
        fires(&as_directory(t), "APS0603")[0].severity,
        Severity::Warning
    );
    let mut dirs = clean();
    dirs.push(Entry::dir("scripts"));
    quiet(&dirs, "APS0603");
}

#[test]
fn listed_files_that_are_gone() {
    let mut t = clean();
    t.remove("ui/main.js");
    fires(&t, "APS0604");
    quiet(&clean(), "APS0604");
}

#[test]
fn size_mismatch() {
    let size = clean().get("scripts/app.php").unwrap().size;
    let t = list(
        &format!("name=\"scripts/app.php\" size=\"{size}\""),
        &format!("name=\"scripts/app.php\" size=\"{}\"", size + 1),
    );
    fires(&t, "APS0605");
    quiet(&clean(), "APS0605");
}

#[test]
fn digest_mismatch() {
    let mut t = clean();
    t.insert(Entry::memory("scripts/app.php", b"<?PHP\n".to_vec()));
    fires(&t, "APS0606");
    quiet(&t, "APS0605");
    quiet(&clean(), "APS0606");
}

#[test]
fn duplicate_names() {
    let d = digest_of("ui/main.js");
    let line = format!("<file name=\"ui/main.js\" size=\"28\" sha256=\"{d}\"/>");
    let t = list(&line, &format!("{line}\n    {line}"));
    let f = fires(&t, "APS0607");
    let first = f[0].line.unwrap_or(0) - 1;
    assert!(
        f[0].message.ends_with(&format!("(first at line {first})")),
        "{}",
        f[0].message
    );
    quiet(&clean(), "APS0607");
}

#[test]
fn the_list_does_not_list_itself() {
    let t = list(
        "</files>",
        "    <file name=\"APP-LIST.xml\" size=\"0\" sha256=\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"/>\n</files>",
    );
    fires(&t, "APS0608");
    quiet(&clean(), "APS0608");
}

#[test]
fn digest_syntax_and_case() {
    let d = digest_of("ui/main.js");
    fires(&list(&d, &d[..32]), "APS0609");
    fires(&list(&d, &format!("{}zz", &d[..62])), "APS0609");
    let upper = list(&d, &d.to_uppercase());
    assert_eq!(fires(&upper, "APS0610")[0].severity, Severity::Warning);
    quiet(&upper, "APS0606");
    quiet(&clean(), "APS0609");
    quiet(&clean(), "APS0610");
}

#[test]
fn signatures_are_noted() {
    let t = list(
        "</files>",
        "    <ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo/></ds:Signature>\n</files>",
    );
    assert_eq!(fires(&t, "APS0611")[0].severity, Severity::Info);
    quiet(&t, "APS0602");
    quiet(&clean(), "APS0611");
}

#[test]
fn a_broken_list_in_a_source_tree_is_a_warning() {
    let mut t = clean();
    t.insert(Entry::memory(APP_LIST, b"<placeholder/>".to_vec()));
    let t = as_directory(t);
    assert_eq!(fires(&t, "APS0602")[0].severity, Severity::Warning);
}

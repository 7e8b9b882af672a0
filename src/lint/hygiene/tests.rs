//! Tests of the hygiene family: for every rule, a package that triggers it and one that
//! does not.

use super::*;
use crate::lint::Severity;
use crate::lint::testkit::{clean, fires, plus, quiet, relist, with_file, with_meta, without};
use crate::tree::{Entry, Origin};

#[test]
fn private_keys_by_name_and_content() {
    let t = plus("ssl/server.key", b"x");
    assert_eq!(fires(&t, &PRIVATE_KEY)[0].severity, Severity::Error);
    let pem = b"-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n";
    fires(&plus("certs/server.pem", pem), &PRIVATE_KEY);
    fires(
        &plus("scripts/data.txt", b"-----BEGIN OPENSSH PRIVATE KEY-----\n"),
        &PRIVATE_KEY,
    );
    fires(&plus("home/id_rsa", b"x"), &PRIVATE_KEY);
    let source = crate::lint::testkit::source_tree(plus("ssl/server.key", b"x"));
    assert_eq!(fires(&source, &PRIVATE_KEY)[0].severity, Severity::Warning);
    quiet(
        &plus("certs/ca.pem", b"-----BEGIN CERTIFICATE-----\nMIIB\n"),
        &PRIVATE_KEY,
    );
    quiet(&plus("home/id_rsa.pub", b"ssh-rsa AAAA"), &PRIVATE_KEY);
}

#[test]
fn credential_files() {
    fires(&plus("scripts/.env", b"DB_PASSWORD=x"), &SECRET_FILE);
    fires(&plus("certs/signing.pfx", b"x"), &SECRET_FILE);
    fires(&plus("htdocs/.htpasswd", b"x"), &SECRET_FILE);
    quiet(&plus("scripts/.env.example", b"DB_PASSWORD="), &SECRET_FILE);
    quiet(&clean(), &SECRET_FILE);
    quiet(
        &plus("certs/ca.pem", b"-----BEGIN CERTIFICATE-----\nMIIB\n"),
        &SECRET_FILE,
    );
}

#[test]
fn junk_files_and_directories() {
    fires(&plus("APP-META.xml.bak", b"x"), &JUNK_FILE);
    fires(&plus("scripts/my-errors.log", b"x"), &JUNK_FILE);
    fires(&plus("deploy/logs/error_log", b"x"), &JUNK_FILE);
    fires(&plus("images/._logo.png", b"x"), &JUNK_FILE);
    fires(&plus(".gitignore", b"x"), &JUNK_FILE);
    let mut t = clean();
    for p in ["nbproject/project.xml", "nbproject/private/private.xml"] {
        t.push(Entry::memory(p, b"x".to_vec()));
    }
    relist(&mut t);
    let f = fires(&t, &JUNK_FILE);
    assert_eq!(f.len(), 1, "one finding per junk directory");
    assert_eq!(f[0].file.as_deref(), Some("nbproject"));
    quiet(&plus("scripts/catalog.php", b"x"), &JUNK_FILE);
    quiet(&plus("doc/changelog.txt", b"x"), &JUNK_FILE);
}

#[test]
fn built_packages_inside_the_package() {
    fires(
        &plus("APS Package/Openstack-1.0-63.app.zip", b"PK"),
        &EMBEDDED_PACKAGE,
    );
    quiet(&plus("scripts/vendor/lib.zip", b"PK"), &EMBEDDED_PACKAGE);
    let mut t = clean();
    for n in 51..=60 {
        t.push(Entry::memory(
            format!("APS Package/Openstack-1.0-{n}.app.zip"),
            b"PK".to_vec(),
        ));
    }
    relist(&mut t);
    let f = fires(&t, &EMBEDDED_PACKAGE);
    assert_eq!(f.len(), 1, "many embedded packages are one finding");
    assert!(
        f[0].message.starts_with("10 built APS packages"),
        "{}",
        f[0].message
    );
}

#[test]
fn junk_help_names_the_file() {
    let f = fires(&plus("scripts/app.php.bak", b"x"), &JUNK_FILE);
    assert_eq!(
        f[0].help.as_deref(),
        Some("Delete `scripts/app.php.bak` or exclude it from the build.")
    );
}

#[test]
fn security_json_missing_in_a_built_aps2_package() {
    let t = without("security.json");
    assert_eq!(
        fires(&t, &SECURITY_JSON_MISSING)[0].severity,
        Severity::Warning
    );
    let source = crate::lint::testkit::source_tree(without("security.json"));
    quiet(&source, &SECURITY_JSON_MISSING);
    // An unpacked built package is judged as built.
    let mut unpacked = without("security.json");
    unpacked.origin = Origin::Directory("demo".into());
    fires(&unpacked, &SECURITY_JSON_MISSING);
    let mut aps1 = with_meta("http://aps-standard.org/ns/2", "http://apstandard.com/ns/1");
    aps1.remove("security.json");
    quiet(&aps1, &SECURITY_JSON_MISSING);
    quiet(&clean(), &SECURITY_JSON_MISSING);
}

#[test]
fn security_json_must_be_an_object() {
    fires(
        &with_file("security.json", "[\"impersonation\"]"),
        &SECURITY_JSON_INVALID,
    );
    fires(
        &with_file("security.json", "// note\n{}"),
        &SECURITY_JSON_INVALID,
    );
    fires(&with_file("security.json", "{"), &SECURITY_JSON_INVALID);
    quiet(
        &with_file("security.json", "{\"impersonation\": \"owner\"}"),
        &SECURITY_JSON_INVALID,
    );
}

#[test]
fn many_leftovers_of_one_kind_are_summed_up() {
    let mut t = clean();
    for i in 0..8 {
        t.push(Entry::memory(
            format!("htdocs/._page{i}.php"),
            b"x".to_vec(),
        ));
    }
    t.push(Entry::memory("htdocs/index.php~", b"x".to_vec()));
    relist(&mut t);
    let f = fires(&t, &JUNK_FILE);
    assert_eq!(f.len(), 2, "{f:?}");
    assert!(
        f.iter()
            .any(|f| f.message.starts_with("8 leftover AppleDouble files"))
    );
}

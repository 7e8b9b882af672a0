//! Tests of the APS08xx rules: secrets, junk, embedded packages, security.json.

use crate::lint::Severity;
use crate::lint::testkit::{clean, fires, plus, quiet, relist, with_file, with_meta, without};
use crate::tree::{Entry, Origin};

#[test]
fn private_keys_by_name_and_content() {
    let t = plus("ssl/server.key", b"x");
    assert_eq!(fires(&t, "APS0801")[0].severity, Severity::Error);
    let pem = b"-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n";
    fires(&plus("certs/server.pem", pem), "APS0801");
    fires(
        &plus("scripts/data.txt", b"-----BEGIN OPENSSH PRIVATE KEY-----\n"),
        "APS0801",
    );
    fires(&plus("home/id_rsa", b"x"), "APS0801");
    let mut source = plus("ssl/server.key", b"x");
    source.origin = Origin::Directory("demo".into());
    assert_eq!(fires(&source, "APS0801")[0].severity, Severity::Warning);
    quiet(
        &plus("certs/ca.pem", b"-----BEGIN CERTIFICATE-----\nMIIB\n"),
        "APS0801",
    );
    quiet(&plus("home/id_rsa.pub", b"ssh-rsa AAAA"), "APS0801");
}

#[test]
fn credential_files() {
    fires(&plus("scripts/.env", b"DB_PASSWORD=x"), "APS0802");
    fires(&plus("certs/signing.pfx", b"x"), "APS0802");
    fires(&plus("htdocs/.htpasswd", b"x"), "APS0802");
    quiet(&plus("scripts/.env.example", b"DB_PASSWORD="), "APS0802");
    quiet(&clean(), "APS0802");
    quiet(
        &plus("certs/ca.pem", b"-----BEGIN CERTIFICATE-----\nMIIB\n"),
        "APS0802",
    );
}

#[test]
fn junk_files_and_directories() {
    fires(&plus("APP-META.xml.bak", b"x"), "APS0803");
    fires(&plus("scripts/my-errors.log", b"x"), "APS0803");
    fires(&plus("deploy/logs/error_log", b"x"), "APS0803");
    fires(&plus("images/._logo.png", b"x"), "APS0803");
    fires(&plus(".gitignore", b"x"), "APS0803");
    let mut t = clean();
    for p in ["nbproject/project.xml", "nbproject/private/private.xml"] {
        t.push(Entry::memory(p, b"x".to_vec()));
    }
    relist(&mut t);
    let f = fires(&t, "APS0803");
    assert_eq!(f.len(), 1, "one finding per junk directory");
    assert_eq!(f[0].file.as_deref(), Some("nbproject"));
    quiet(&plus("scripts/catalog.php", b"x"), "APS0803");
    quiet(&plus("doc/changelog.txt", b"x"), "APS0803");
}

#[test]
fn built_packages_inside_the_package() {
    fires(
        &plus("APS Package/Openstack-1.0-63.app.zip", b"PK"),
        "APS0804",
    );
    quiet(&plus("scripts/vendor/lib.zip", b"PK"), "APS0804");
    let mut t = clean();
    for n in 51..=60 {
        t.push(Entry::memory(
            format!("APS Package/Openstack-1.0-{n}.app.zip"),
            b"PK".to_vec(),
        ));
    }
    relist(&mut t);
    let f = fires(&t, "APS0804");
    assert_eq!(f.len(), 1, "many embedded packages are one finding");
    assert!(
        f[0].message.starts_with("10 built APS packages"),
        "{}",
        f[0].message
    );
}

#[test]
fn junk_help_names_the_file() {
    let f = fires(&plus("scripts/app.php.bak", b"x"), "APS0803");
    assert_eq!(
        f[0].help.as_deref(),
        Some("Delete `scripts/app.php.bak` or exclude it from the build.")
    );
}

#[test]
fn security_json_missing_in_a_built_aps2_package() {
    let t = without("security.json");
    assert_eq!(fires(&t, "APS0805")[0].severity, Severity::Warning);
    let mut source = without("security.json");
    source.origin = Origin::Directory("demo".into());
    quiet(&source, "APS0805");
    let mut aps1 = with_meta("http://aps-standard.org/ns/2", "http://apstandard.com/ns/1");
    aps1.remove("security.json");
    quiet(&aps1, "APS0805");
    quiet(&clean(), "APS0805");
}

#[test]
fn security_json_must_be_an_object() {
    fires(
        &with_file("security.json", "[\"impersonation\"]"),
        "APS0806",
    );
    fires(&with_file("security.json", "// note\n{}"), "APS0806");
    fires(&with_file("security.json", "{"), "APS0806");
    quiet(
        &with_file("security.json", "{\"impersonation\": \"owner\"}"),
        "APS0806",
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
    let f = fires(&t, "APS0803");
    assert_eq!(f.len(), 2, "{f:?}");
    assert!(
        f.iter()
            .any(|f| f.message.starts_with("8 leftover AppleDouble files"))
    );
}

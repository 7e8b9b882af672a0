//! Tests of the applist family: for every rule, a package that triggers it and one that
//! does not.

use super::*;
use crate::aps::APP_LIST;
use crate::lint::Severity;
use crate::lint::testkit::{assert_clean, clean, fires, quiet, source_tree};
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
    assert_eq!(fires(&t, &APP_LIST_MISSING)[0].severity, Severity::Error);
    // An unpacked built package (it holds schemas) is judged as its archive would be.
    assert_eq!(
        fires(&as_directory(t.clone()), &APP_LIST_MISSING)[0].severity,
        Severity::Error
    );
    assert_eq!(
        fires(&source_tree(t), &APP_LIST_MISSING)[0].severity,
        Severity::Info
    );
    quiet(&clean(), &APP_LIST_MISSING);
}

#[test]
fn malformed_lists() {
    fires(&list("</files>", "</file>"), &APP_LIST_MALFORMED);
    let mut t = clean();
    t.insert(Entry::memory(APP_LIST, b"<placeholder/>".to_vec()));
    fires(&t, &APP_LIST_MALFORMED);
    fires(&list(" size=\"", " bytes=\""), &APP_LIST_MALFORMED);
    fires(&list(" sha256=\"", " md5=\""), &APP_LIST_MALFORMED);
    quiet(&clean(), &APP_LIST_MALFORMED);
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
    let f = fires(&t, &APP_LIST_UNLISTED_FILE);
    assert!(f[0].message.contains("extra.txt"));
    // An unpacked built package: the archive's error, not a source-tree warning.
    assert_eq!(
        fires(&as_directory(t), &APP_LIST_UNLISTED_FILE)[0].severity,
        Severity::Error
    );
    let mut dirs = clean();
    dirs.push(Entry::dir("scripts"));
    quiet(&dirs, &APP_LIST_UNLISTED_FILE);
}

#[test]
fn listed_files_that_are_gone() {
    let mut t = clean();
    t.remove("ui/main.js");
    fires(&t, &APP_LIST_MISSING_FILE);
    quiet(&clean(), &APP_LIST_MISSING_FILE);
}

#[test]
fn size_mismatch() {
    let size = clean().get("scripts/app.php").unwrap().size;
    let t = list(
        &format!("name=\"scripts/app.php\" size=\"{size}\""),
        &format!("name=\"scripts/app.php\" size=\"{}\"", size + 1),
    );
    fires(&t, &APP_LIST_SIZE_MISMATCH);
    quiet(&clean(), &APP_LIST_SIZE_MISMATCH);
}

#[test]
fn digest_mismatch() {
    let mut t = clean();
    t.insert(Entry::memory("scripts/app.php", b"<?PHP\n".to_vec()));
    fires(&t, &APP_LIST_DIGEST_MISMATCH);
    quiet(&t, &APP_LIST_SIZE_MISMATCH);
    quiet(&clean(), &APP_LIST_DIGEST_MISMATCH);
}

#[test]
fn duplicate_names() {
    let d = digest_of("ui/main.js");
    let line = format!("<file name=\"ui/main.js\" size=\"28\" sha256=\"{d}\"/>");
    let t = list(&line, &format!("{line}\n    {line}"));
    let f = fires(&t, &APP_LIST_DUPLICATE);
    let first = f[0].line.unwrap_or(0) - 1;
    assert!(
        f[0].message.ends_with(&format!("(first at line {first})")),
        "{}",
        f[0].message
    );
    quiet(&clean(), &APP_LIST_DUPLICATE);
}

#[test]
fn the_list_does_not_list_itself() {
    let t = list(
        "</files>",
        "    <file name=\"APP-LIST.xml\" size=\"0\" sha256=\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"/>\n</files>",
    );
    fires(&t, &APP_LIST_LISTS_ITSELF);
    quiet(&clean(), &APP_LIST_LISTS_ITSELF);
}

#[test]
fn digest_syntax_and_case() {
    let d = digest_of("ui/main.js");
    fires(&list(&d, &d[..32]), &APP_LIST_DIGEST_SYNTAX);
    fires(
        &list(&d, &format!("{}zz", &d[..62])),
        &APP_LIST_DIGEST_SYNTAX,
    );
    let upper = list(&d, &d.to_uppercase());
    assert_eq!(
        fires(&upper, &APP_LIST_DIGEST_UPPERCASE)[0].severity,
        Severity::Warning
    );
    quiet(&upper, &APP_LIST_DIGEST_MISMATCH);
    quiet(&clean(), &APP_LIST_DIGEST_SYNTAX);
    quiet(&clean(), &APP_LIST_DIGEST_UPPERCASE);
}

/// A signer with the test-only RSA key of `tests/fixtures/signing` and `cert`.
fn signer(cert: &str) -> crate::dsig::Signer {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/signing");
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.pem");
    std::fs::copy(fixtures.join("rsa-key.pem"), &key).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    crate::dsig::Signer::from_pem_files(&key, &fixtures.join(cert), &mut Vec::new()).unwrap()
}

/// The clean package with APP-LIST.xml signed.
fn signed_with(cert: &str) -> PackageTree {
    let mut t = clean();
    let signed = crate::dsig::sign(t.bytes(APP_LIST).unwrap(), &signer(cert)).unwrap();
    t.insert(Entry::memory(APP_LIST, signed));
    t
}

fn signed_list() -> String {
    String::from_utf8(
        signed_with("rsa-cert.pem")
            .bytes(APP_LIST)
            .unwrap()
            .to_vec(),
    )
    .unwrap()
}

fn with_list(text: &str) -> PackageTree {
    let mut t = clean();
    t.insert(Entry::memory(APP_LIST, text.as_bytes().to_vec()));
    t
}

#[test]
fn a_signed_package_verifies() {
    let t = signed_with("rsa-cert.pem");
    assert_clean(&t, Severity::Info);
    for rule in [
        &APP_LIST_SIGNATURE,
        &APP_LIST_SIGNATURE_DIGEST,
        &APP_LIST_SIGNATURE_INVALID,
        &APP_LIST_CERTIFICATE_VALIDITY,
        &APP_LIST_UNSIGNED,
    ] {
        quiet(&t, rule);
    }
}

#[test]
fn unsigned_archives_are_noted_and_source_trees_are_not() {
    let f = fires(&clean(), &APP_LIST_UNSIGNED);
    assert_eq!(f[0].severity, Severity::Info);
    assert_eq!(f[0].file.as_deref(), Some(APP_LIST));
    quiet(&as_directory(clean()), &APP_LIST_UNSIGNED);
    let mut project = clean();
    project.origin = Origin::Project("demo".into());
    quiet(&project, &APP_LIST_UNSIGNED);
}

#[test]
fn a_changed_list_breaks_the_digest() {
    let d = digest_of("ui/main.js");
    let other = digest_of("i18n/en.json");
    let t = with_list(&signed_list().replacen(&d, &other, 1));
    let f = fires(&t, &APP_LIST_SIGNATURE_DIGEST);
    assert_eq!(f[0].severity, Severity::Error);
    assert!(f[0].line.is_some(), "points at the digest value");
    quiet(&t, &APP_LIST_SIGNATURE_INVALID);
}

#[test]
fn a_changed_signature_value_or_signed_info_is_invalid() {
    let text = signed_list();
    let at = text.find("<SignatureValue>").unwrap() + "<SignatureValue>".len();
    let mut bytes = text.clone().into_bytes();
    bytes[at + 10] = if bytes[at + 10] == b'A' { b'B' } else { b'A' };
    let t = with_list(&String::from_utf8(bytes).unwrap());
    assert_eq!(
        fires(&t, &APP_LIST_SIGNATURE_INVALID)[0].severity,
        Severity::Error
    );
    let t = with_list(&text.replacen("<Reference URI=\"\">", "<Reference URI=\"\" Id=\"x\">", 1));
    fires(&t, &APP_LIST_SIGNATURE_INVALID);
    let t = with_list(&text.replacen("</SignatureValue>", "</SignatureValue>junk", 1));
    fires(&t, &APP_LIST_SIGNATURE_INVALID);
}

#[test]
fn certificate_validity_is_a_warning() {
    let t = signed_with("rsa-expired-cert.pem");
    let f = fires(&t, &APP_LIST_CERTIFICATE_VALIDITY);
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(f[0].message.contains("expired"), "{}", f[0].message);
    quiet(&t, &APP_LIST_SIGNATURE_DIGEST);
    quiet(&t, &APP_LIST_SIGNATURE_INVALID);
    quiet(&signed_with("rsa-cert.pem"), &APP_LIST_CERTIFICATE_VALIDITY);
}

#[test]
fn signatures_apspack_cannot_check_are_noted() {
    let text = signed_list();
    let start = text.find("    <KeyInfo>").unwrap();
    let end = text.find("</KeyInfo>\n").unwrap() + "</KeyInfo>\n".len();
    let t = with_list(&format!("{}{}", &text[..start], &text[end..]));
    assert_eq!(fires(&t, &APP_LIST_SIGNATURE)[0].severity, Severity::Info);
    quiet(&t, &APP_LIST_SIGNATURE_INVALID);
    let plain = list_text();
    let close = plain.find("<file name=\"APP-META.xml\"").unwrap();
    let close = close + plain[close..].find("/>").unwrap();
    let nested = format!(
        "{}><ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"/></file>{}",
        &plain[..close],
        &plain[close + 2..]
    );
    fires(&with_list(&nested), &APP_LIST_SIGNATURE);
    quiet(&signed_with("rsa-cert.pem"), &APP_LIST_SIGNATURE);
}

#[test]
fn stray_elements_in_the_list_are_malformed() {
    let t = list("</files>", "    <extra/>\n</files>");
    fires(&t, &APP_LIST_MALFORMED);
    let t = list(
        "</files>",
        "    <Signature xmlns=\"urn:not-dsig\"/>\n</files>",
    );
    fires(&t, &APP_LIST_MALFORMED);
}

#[test]
fn a_signed_source_tree_reports_warnings_only() {
    let d = digest_of("ui/main.js");
    let other = digest_of("i18n/en.json");
    // A source tree: no schemas (a directory with them is an unpacked built package).
    let mut t = as_directory(with_list(&signed_list().replacen(&d, &other, 1)));
    t.remove("schemas/app.schema");
    assert_eq!(
        fires(&t, &APP_LIST_SIGNATURE_DIGEST)[0].severity,
        Severity::Warning
    );
}

/// An unpacked `.app.zip` (what CI checks before zipping) gets the errors its archive gets: a
/// wrong size or a broken list is not a source-tree warning.
#[test]
fn an_unpacked_built_package_is_judged_as_built() {
    let size = list("size=\"", "size=\"9");
    assert_eq!(
        fires(&as_directory(size), &APP_LIST_SIZE_MISMATCH)[0].severity,
        Severity::Error
    );
    let mut broken = clean();
    broken.insert(Entry::memory(APP_LIST, b"<placeholder/>".to_vec()));
    assert_eq!(
        fires(&as_directory(broken), &APP_LIST_MALFORMED)[0].severity,
        Severity::Error
    );
    // A source tree is one without schemas, whether or not it holds APP-LIST.xml or an old
    // `packaged` attribute (real source trees commit both).
    let mut source = source_tree(clean());
    assert!(!source.is_built());
    source.insert(Entry::memory(APP_LIST, b"<placeholder/>".to_vec()));
    source.insert(Entry::memory(
        "APP-META.xml",
        crate::lint::testkit::META.as_bytes().to_vec(),
    ));
    assert!(!source.is_built());
    assert_eq!(
        fires(&source, &APP_LIST_MALFORMED)[0].severity,
        Severity::Warning
    );
    assert!(as_directory(clean()).is_built());
    let mut schema = source_tree(clean());
    schema.insert(Entry::memory("schemas/app.schema.gen", b"{}".to_vec()));
    assert!(schema.is_built());
}

/// A list naming thousands of absent files yields the first findings and one summary, not
/// thousands of findings (the flood once cost gigabytes in the JSON and SARIF reports).
#[test]
fn a_flood_of_missing_files_is_capped_per_rule_and_file() {
    let gone: String = (0..5000)
        .map(|i| {
            format!(
                "<file name=\"gone/{i:05}\" size=\"1\" sha256=\"{}\"/>\n",
                "0".repeat(64)
            )
        })
        .collect();
    let t = list("</files>", &format!("{gone}</files>"));
    let count =
        |found: &[crate::lint::Finding]| found.iter().filter(|f| f.rule.code == "APS0604").count();
    let all = crate::lint::lint(&t);
    assert_eq!(count(&all), crate::lint::DEFAULT_MAX_PER_FILE + 1);
    let summary = all
        .iter()
        .filter(|f| f.rule.code == "APS0604")
        .find(|f| f.message.contains("more"))
        .expect("a summary finding");
    assert!(
        summary
            .message
            .starts_with("4900 more findings of this rule in APP-LIST.xml"),
        "{}",
        summary.message
    );
    assert_eq!(summary.severity, Severity::Error);
    assert_eq!(summary.file.as_deref(), Some(APP_LIST));
    assert!(summary.line.is_some());
    let few = crate::lint::lint_capped(&t, 3);
    assert_eq!(count(&few), 4);
    assert!(
        few.iter()
            .any(|f| f.message.starts_with("4997 more findings"))
    );
    // Under the cap nothing is summed up.
    let many = crate::lint::lint_capped(&t, 10_000);
    assert_eq!(count(&many), 5000);
    assert!(!many.iter().any(|f| f.message.contains("not listed")));
}

/// One rule firing on thousands of files lists ten times the per-file cap in all, then one
/// summary for the rest.
#[test]
fn a_rule_firing_on_thousands_of_files_is_capped_in_all() {
    let mut t = clean();
    for i in 0..3000 {
        t.insert(Entry::memory(format!("doc/f{i:04}~x.txt"), b"x".to_vec()));
    }
    let unlisted = |found: &[crate::lint::Finding]| {
        found
            .iter()
            .filter(|f| f.rule.code == "APS0703")
            .cloned()
            .collect::<Vec<_>>()
    };
    let all = unlisted(&crate::lint::lint_capped(&t, 100));
    assert_eq!(all.len(), 1001);
    let rest = all.iter().find(|f| f.file.is_none()).expect("a summary");
    assert_eq!(
        rest.message,
        "2000 more findings of this rule in other files not listed"
    );
    assert_eq!(unlisted(&crate::lint::lint_capped(&t, 1000)).len(), 3000);
}

/// Entries are checked as they are read; the findings stand only for a well-formed list, an
/// entry with content is checked like the others, and one of each kind repeats the other.
#[test]
fn streamed_entries_count_only_in_a_well_formed_list() {
    let size = clean().get("scripts/app.php").unwrap().size;
    let wrong = list(
        &format!("name=\"scripts/app.php\" size=\"{size}\""),
        &format!("name=\"scripts/app.php\" size=\"{}\"", size + 1),
    );
    // The same wrong size in a list that breaks later: only the break is reported.
    let text =
        String::from_utf8_lossy(wrong.bytes(APP_LIST).unwrap()).replace("</files>", "</file>");
    let mut broken = clean();
    broken.insert(Entry::memory(APP_LIST, text.into_bytes()));
    fires(&broken, &APP_LIST_MALFORMED);
    quiet(&broken, &APP_LIST_SIZE_MISMATCH);
    // Under another root, <file> entries are not checked as entries.
    let mut other = clean();
    let renamed = list_text()
        .replace("<files", "<listing")
        .replace("</files>", "</listing>");
    other.insert(Entry::memory(APP_LIST, renamed.into_bytes()));
    fires(&other, &APP_LIST_MALFORMED);
    quiet(&other, &APP_LIST_SIZE_MISMATCH);
    quiet(&other, &APP_LIST_MISSING_FILE);
    // An entry written with content is still an entry: checked, and a repeat of a plain one.
    let d = digest_of("ui/main.js");
    let plain = format!("<file name=\"ui/main.js\" size=\"28\" sha256=\"{d}\"/>");
    let full = format!("<file name=\"ui/main.js\" size=\"29\" sha256=\"{d}\"><x/></file>");
    let t = list(&plain, &full);
    fires(&t, &APP_LIST_SIZE_MISMATCH);
    quiet(&t, &APP_LIST_UNLISTED_FILE);
    let t = list(&plain, &format!("{plain}\n    {full}"));
    fires(&t, &APP_LIST_DUPLICATE);
}

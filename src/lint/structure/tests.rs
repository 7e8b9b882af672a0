//! Tests of the structure family: for every rule, a package that triggers it and one that
//! does not.

use super::*;
use crate::lint::Severity;
use crate::lint::testkit::{clean, findings, with_file, with_meta, without};
use crate::tree::{Entry, Origin};

fn has(tree: &crate::tree::PackageTree, rule: &'static Rule) -> bool {
    !findings(tree, rule).is_empty()
}

#[test]
fn missing_app_meta() {
    assert!(has(&without("APP-META.xml"), &APP_META_MISSING));
    assert!(!has(&clean(), &APP_META_MISSING));
}

#[test]
fn malformed_app_meta_points_at_the_line() {
    let t = with_meta("<name>Demo</name>", "<name>Demo & co</name>");
    let f = findings(&t, &APP_META_MALFORMED);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].line, Some(4));
    assert!(!has(&clean(), &APP_META_MALFORMED));
}

#[test]
fn encoding() {
    let t = with_meta(r#"encoding="UTF-8""#, r#"encoding="ISO-8859-1""#);
    let f = findings(&t, &APP_META_ENCODING);
    let meta = t.bytes(APP_META).unwrap();
    assert_eq!(&meta[f[0].span.clone().unwrap()], b"ISO-8859-1");
    let mut t = clean();
    let mut bytes = crate::lint::testkit::META.as_bytes().to_vec();
    bytes.push(0xff);
    t.insert(Entry::memory("APP-META.xml", bytes));
    assert!(has(&t, &APP_META_ENCODING));
    assert!(!has(&t, &APP_META_MALFORMED));
    assert!(!has(&clean(), &APP_META_ENCODING));
}

#[test]
fn root_and_namespace() {
    let t = with_file(
        "APP-META.xml",
        "<package xmlns=\"http://aps-standard.org/ns/2\"/>",
    );
    assert!(has(&t, &ROOT_ELEMENT));
    let t = with_meta(
        "http://aps-standard.org/ns/2",
        "http://aps-standard.org/ns/3",
    );
    assert!(has(&t, &UNKNOWN_NAMESPACE));
    let t = with_meta(r#" xmlns="http://aps-standard.org/ns/2""#, "");
    let f = findings(&t, &UNKNOWN_NAMESPACE);
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].message.contains("no namespace"));
    assert!(
        !has(&t, &crate::lint::aps1::APS1_REQUIRED),
        "not judged as APS 1"
    );
    assert!(!has(&clean(), &ROOT_ELEMENT));
    assert!(!has(&clean(), &UNKNOWN_NAMESPACE));
}

#[test]
fn format_version() {
    assert!(has(
        &with_meta(r#"version="2.0""#, r#"version="02.0""#),
        &FORMAT_VERSION
    ));
    assert!(has(&with_meta(r#" version="2.0""#, ""), &FORMAT_VERSION));
    assert!(!has(&clean(), &FORMAT_VERSION));
    assert!(is_major_minor("2.10") && !is_major_minor("2") && !is_major_minor("2.01"));
}

#[test]
fn required_elements() {
    let f = findings(&with_meta("<release>1</release>", ""), &REQUIRED_ELEMENT);
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("<release>"));
    assert_eq!(
        f[0].help.as_deref(),
        Some("Add `<release>1</release>` to <application>.")
    );
    assert!(has(
        &with_meta("<name>Demo</name>", "<name> </name>"),
        &REQUIRED_ELEMENT
    ));
    assert!(!has(&clean(), &REQUIRED_ELEMENT));
}

#[test]
fn element_order() {
    let t = with_meta("  <homepage>https://example.org</homepage>\n", "");
    let t2 = {
        let meta = crate::lint::testkit::META
            .replacen("  <homepage>https://example.org</homepage>\n", "", 1)
            .replacen(
                "<upgrade",
                "<homepage>https://example.org</homepage>\n  <upgrade",
                1,
            );
        with_file("APP-META.xml", &meta)
    };
    assert!(!has(&t, &ELEMENT_ORDER));
    let f = findings(&t2, &ELEMENT_ORDER);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(
        f[0].help
            .as_deref()
            .unwrap()
            .starts_with("Move <homepage> before <license-agreement>;"),
        "{f:?}"
    );
    assert!(!has(&clean(), &ELEMENT_ORDER));
}

#[test]
fn unknown_elements_and_attributes() {
    let t = with_meta("<summary>", "<summery>x</summery><summary>");
    assert!(has(&t, &UNKNOWN_ELEMENT));
    let t = with_meta(r#"<service id="app">"#, r#"<service id="app" name="x">"#);
    let f = findings(&t, &UNKNOWN_ATTRIBUTE);
    assert_eq!(
        f[0].help.as_deref(),
        Some("Correct the name or remove `name`; <service> takes `id`.")
    );
    assert!(!has(&clean(), &UNKNOWN_ELEMENT));
    assert!(!has(&clean(), &UNKNOWN_ATTRIBUTE));
}

#[test]
fn services() {
    let meta = crate::lint::testkit::META;
    let start = meta.find("  <service").unwrap_or(0);
    let end = meta
        .find("</service>")
        .map(|i| i + "</service>\n".len())
        .unwrap_or(0);
    let service = &meta[start..end];
    assert!(has(&with_meta(service, ""), &NO_SERVICE));
    let doubled = format!("{service}{service}");
    let f = findings(&with_meta(service, &doubled), &DUPLICATE_SERVICE);
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("first at line"));
    assert!(!has(&clean(), &NO_SERVICE));
    assert!(!has(&clean(), &DUPLICATE_SERVICE));
}

#[test]
fn packaged_missing_is_info_in_source_trees() {
    let t = with_meta(r#" packaged="2026-01-01T00:00:00""#, "");
    let f = findings(&t, &PACKAGED_MISSING);
    assert_eq!(f[0].severity, Severity::Warning);
    let d = crate::lint::testkit::source_tree(t.clone());
    assert_eq!(findings(&d, &PACKAGED_MISSING)[0].severity, Severity::Info);
    // With schemas, a directory is an unpacked built package.
    let mut unpacked = t.clone();
    unpacked.origin = Origin::Directory("src".into());
    assert_eq!(
        findings(&unpacked, &PACKAGED_MISSING)[0].severity,
        Severity::Warning
    );
    assert!(!has(&clean(), &PACKAGED_MISSING));
}

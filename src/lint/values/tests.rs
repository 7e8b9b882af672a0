//! Tests of the values family: for every rule, a package that triggers it and one that
//! does not.

use super::*;
use crate::lint::Severity;
use crate::lint::testkit::{clean, count, findings, with_meta};

#[test]
fn app_id() {
    assert_eq!(
        count(
            &with_meta("<id>http://example.org/aps/demo</id>", "<id>demo app</id>"),
            &APP_ID_NOT_URI
        ),
        1
    );
    assert_eq!(count(&clean(), &APP_ID_NOT_URI), 0);
}

#[test]
fn version_and_release() {
    assert_eq!(
        count(
            &with_meta("<version>1.0</version>", "<version>1.0 beta</version>"),
            &VERSION_FORMAT
        ),
        1
    );
    assert_eq!(
        count(
            &with_meta("<release>1</release>", "<release>one</release>"),
            &VERSION_FORMAT
        ),
        1
    );
    let t = with_meta("<release>1</release>", "<release>1.15</release>");
    let f = findings(&t, &RELEASE_NOT_INTEGER);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Info);
    assert_eq!(count(&t, &VERSION_FORMAT), 0);
    assert_eq!(
        count(&clean(), &VERSION_FORMAT) + count(&clean(), &RELEASE_NOT_INTEGER),
        0
    );
}

#[test]
fn empty_homepage() {
    let f = findings(
        &with_meta("<homepage>https://example.org</homepage>", "<homepage/>"),
        &EMPTY_HOMEPAGE,
    );
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].line, Some(7));
    assert_eq!(f[0].rule.vendor_code, Some("aps021"));
    assert_eq!(count(&clean(), &EMPTY_HOMEPAGE), 0);
}

#[test]
fn placeholders() {
    let t = with_meta(
        "<version>1.0</version>",
        "<version>%PRODUCT_VERSION%</version>",
    );
    let f = findings(&t, &PLACEHOLDER);
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("%PRODUCT_VERSION%"));
    let t = with_meta("<name>Demo</name>", "<name>%PRODUCT_NAME%</name>");
    assert_eq!(count(&t, &PLACEHOLDER_TEXT), 1);
    assert_eq!(count(&t, &PLACEHOLDER), 0);
    assert_eq!(
        count(&clean(), &PLACEHOLDER) + count(&clean(), &PLACEHOLDER_TEXT),
        0
    );
    assert_eq!(placeholder("50% off 20%"), None);
    assert_eq!(placeholder("a %X_1% b"), Some("%X_1%"));
}

#[test]
fn filler_text() {
    let t = with_meta(
        "<description>A demo package for tests.</description>",
        "<description>Lorem ipsum dolor sit amet.</description>",
    );
    let f = findings(&t, &FILLER_TEXT);
    assert_eq!(f.len(), 1, "{}", crate::lint::testkit::describe(&t));
    assert!(f[0].message.contains("<description>"));
    assert_eq!(count(&clean(), &FILLER_TEXT), 0);
    assert!(!is_filler("Ipsum lorem, not the filler order"));
    assert!(is_filler("\"LOREM  Ipsum\" dolor"));
}

#[test]
fn colours() {
    let t = with_meta(
        "<summary>Global settings</summary>",
        "<summary>G</summary><color>blue</color><font-color>#FFFFFF</font-color>",
    );
    assert_eq!(count(&t, &COLOR_FORMAT), 1);
    assert_eq!(count(&clean(), &COLOR_FORMAT), 0);
}

#[test]
fn categories_and_languages() {
    let t = with_meta("Collaboration/Email", "Video Streaming");
    assert_eq!(count(&t, &CATEGORY_FORMAT), 1);
    let t = with_meta("<language>en</language>", "<language>English</language>");
    assert_eq!(count(&t, &LANGUAGE_CODE), 1);
    assert!(is_language_code("pt_BR") && !is_language_code("pt-br"));
    assert_eq!(
        count(&clean(), &CATEGORY_FORMAT) + count(&clean(), &LANGUAGE_CODE),
        0
    );
}

#[test]
fn engine_and_service_id() {
    let t = with_meta(r#"engine="php""#, r#"engine="python""#);
    assert_eq!(count(&t, &CODE_ENGINE), 1);
    let t = with_meta(r#"<service id="app">"#, r#"<service id="my app">"#);
    let f = findings(&t, &SERVICE_ID_WHITESPACE);
    assert_eq!(f.len(), 1);
    assert!(f[0].help.as_deref().unwrap_or("").contains("my-app"));
    assert_eq!(
        count(&clean(), &CODE_ENGINE) + count(&clean(), &SERVICE_ID_WHITESPACE),
        0
    );
}

mod no_panics {
    use super::super::*;
    use crate::lint::testkit::{META, with_file};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn value_parsers_take_any_text(s in any::<String>()) {
            let _ = placeholder(&s);
            let _ = crate::aps::uri::is_absolute_uri(&s);
            let _ = is_datetime(&s);
            let _ = is_language_code(&s);
            let _ = crate::aps::is_colour(&s);
            let _ = crate::aps::rql::forbidden(&s);
            let _ = crate::lint::references::local_path(&s);
        }

        #[test]
        fn any_value_in_any_field_lints_without_panic(s in "[ -~]{0,40}") {
            let esc = s.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;");
            for (from, to) in [
                ("<version>1.0</version>", format!("<version>{esc}</version>")),
                ("2026-01-01T00:00:00", esc.clone()),
                ("version=ge=1.0, release=ge=0", esc.clone()),
                ("images/icon.png", esc.clone()),
                ("https://example.org/guide", esc.clone()),
                ("<language>en</language>", format!("<language>{esc}</language>")),
            ] {
                let meta = META.replacen(from, &to, 1);
                let found = crate::lint::lint(&with_file("APP-META.xml", &meta));
                prop_assert!(found
                    .iter()
                    .filter(|f| f.file.as_deref() == Some("APP-META.xml"))
                    .all(|f| f.line.is_some()));
            }
        }

        #[test]
        fn any_bytes_as_app_meta_lint_without_panic(b in proptest::collection::vec(any::<u8>(), 0..256)) {
            let mut t = crate::lint::testkit::clean();
            t.insert(crate::tree::Entry::memory("APP-META.xml", b));
            let found = crate::lint::lint(&t);
            prop_assert!(found
                .iter()
                .filter(|f| f.file.as_deref() == Some("APP-META.xml"))
                .all(|f| f.line.is_some()));
        }
    }
}

mod formats {
    use super::*;
    use crate::lint::testkit::{clean, count, findings, with_meta};

    #[test]
    fn rql() {
        let t = with_meta("release=ge=0\"", "release=ge=0,sort(+version)\"");
        let f = findings(&t, &RQL_FORBIDDEN);
        assert_eq!(f.len(), 1);
        let meta = t.bytes(crate::aps::APP_META).unwrap();
        assert_eq!(
            &meta[f[0].span.clone().unwrap()],
            b"sort",
            "caret on the operator"
        );
        let t = with_meta(
            "version=ge=1.0, release=ge=0",
            "and(version=ge=1.0,release=ge=0",
        );
        let f = findings(&t, &RQL_MALFORMED);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.ends_with("a `(` that is never closed"));
        let meta = t.bytes(crate::aps::APP_META).unwrap();
        assert_eq!(&meta[f[0].span.clone().unwrap()], b"(");
        assert_eq!(
            count(
                &with_meta("version=ge=1.0, release=ge=0", ""),
                &RQL_MALFORMED
            ),
            1
        );
        assert_eq!(
            count(&clean(), &RQL_FORBIDDEN) + count(&clean(), &RQL_MALFORMED),
            0
        );
    }

    #[test]
    fn packaged() {
        let t = with_meta("2026-01-01T00:00:00", "2026-01-01 00:00");
        assert_eq!(count(&t, &PACKAGED_FORMAT), 1);
        assert!(is_datetime("2014-11-26T11:17:13") && is_datetime("2014-11-26T11:17:13.5+00:00"));
        assert!(!is_datetime("2014-13-26T11:17:13"));
        assert_eq!(count(&clean(), &PACKAGED_FORMAT), 0);
    }
}

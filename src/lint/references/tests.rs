//! Tests of the references family: for every rule, a package that triggers it and one that
//! does not.

use super::*;
use crate::lint::Severity;
use crate::lint::testkit::{clean, count, findings, with_meta, without};
use crate::tree::{Origin, PackageTree};

fn as_dir(mut t: PackageTree) -> PackageTree {
    t.origin = Origin::Directory("src".into());
    t
}

#[test]
fn missing_files_point_at_the_reference() {
    let f = findings(&without("images/icon.png"), &REFERENCED_FILE_MISSING);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].line, Some(19));
    assert_eq!(f[0].rule.vendor_code, Some("aps030"));
    assert_eq!(
        f[0].message,
        "<icon path> refers to `images/icon.png`, which is not in the package"
    );
    assert!(
        f[0].help
            .as_deref()
            .is_some_and(|h| h.contains("`images/icon.png`"))
    );
    let t = without("images/icon.png");
    let meta = t.bytes(crate::aps::APP_META).unwrap();
    let span = f[0].span.clone().unwrap();
    assert_eq!(&meta[span], b"images/icon.png");
    assert_eq!(count(&without("ui/main.js"), &REFERENCED_FILE_MISSING), 1);
    assert_eq!(
        count(&without("scripts/app.php"), &REFERENCED_FILE_MISSING),
        1
    );
    assert_eq!(
        count(&without("schemas/app.schema"), &REFERENCED_FILE_MISSING),
        1
    );
    assert_eq!(count(&clean(), &REFERENCED_FILE_MISSING), 0);
}

#[test]
fn views_without_src_resolve_to_ui_html() {
    let t = with_meta(r#" src="ui/main.js""#, "");
    let f = findings(&t, &REFERENCED_FILE_MISSING);
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("ui/main.html"));
    let mut t2 = t.clone();
    t2.insert(crate::tree::Entry::memory(
        "ui/main.html",
        b"<html/>".to_vec(),
    ));
    assert_eq!(count(&t2, &REFERENCED_FILE_MISSING), 0);
}

#[test]
fn licence_files_and_infolinks() {
    let t = with_meta(
        "<url>https://opensource.org/licenses/MIT</url>",
        "<file>doc/LICENSE</file>",
    );
    assert_eq!(count(&t, &REFERENCED_FILE_MISSING), 1);
    let t = with_meta(
        "<url>https://opensource.org/licenses/MIT</url>",
        "<file>http://opensource.org/licenses/bsd-license</file>",
    );
    assert_eq!(count(&t, &REFERENCED_FILE_MISSING), 0);
    assert_eq!(count(&t, &LICENSE_FILE_URL), 1);
    let t = with_meta(
        "<url>https://opensource.org/licenses/MIT</url>",
        "<file>https://example.org/LICENSE</file>",
    );
    assert_eq!(
        findings(&t, &LICENSE_FILE_URL)[0].help.as_deref(),
        Some("Write `<url>https://example.org/LICENSE</url>` instead.")
    );
    let t = with_meta(
        "https://example.org/guide",
        "file:///doc/Deployment%20Guide.html",
    );
    let f = findings(&t, &REFERENCED_FILE_MISSING);
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("doc/Deployment Guide.html"));
    assert_eq!(count(&clean(), &LICENSE_FILE_URL), 0);
    let t = with_meta("https://example.org/guide", "doc/Deployment Guide.html");
    let f = findings(&t, &INFOLINK_HREF);
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].help.as_deref(),
        Some("Escape the whitespace: `doc/Deployment%20Guide.html`, or rename the file.")
    );
    assert_eq!(count(&clean(), &INFOLINK_HREF), 0);
    assert_eq!(local_path("mailto:x@y"), None);
    assert_eq!(local_path("./doc/a.pdf#p2").as_deref(), Some("doc/a.pdf"));
}

#[test]
fn unbuilt_source_tree_is_one_warning() {
    let t = as_dir(without("schemas/app.schema"));
    let f = findings(&t, &UNBUILT_SOURCE_TREE);
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].message,
        "unbuilt source tree: the referenced schema schemas/app.schema is absent"
    );
    assert_eq!(count(&t, &REFERENCED_FILE_MISSING), 0);
    let t =
        crate::lint::testkit::source_tree(with_meta(r#"<schema path="schemas/app.schema"/>"#, ""));
    let f = findings(&t, &UNBUILT_SOURCE_TREE);
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].message,
        "unbuilt source tree: service `app` has no <schema>"
    );
    assert_eq!(count(&t, &SERVICE_WITHOUT_SCHEMA), 0);
    assert_eq!(count(&as_dir(clean()), &UNBUILT_SOURCE_TREE), 0);
    assert_eq!(count(&clean(), &UNBUILT_SOURCE_TREE), 0);
    // An unpacked built package (it holds another schema) missing a schema gets the
    // archive's error, not the source-tree warning.
    let mut unpacked = as_dir(without("schemas/app.schema"));
    unpacked.insert(crate::tree::Entry::memory(
        "schemas/other.schema",
        b"{}".to_vec(),
    ));
    assert_eq!(count(&unpacked, &UNBUILT_SOURCE_TREE), 0);
    assert!(count(&unpacked, &REFERENCED_FILE_MISSING) > 0);
}

#[test]
fn built_service_without_schema() {
    let t = with_meta(r#"<schema path="schemas/app.schema"/>"#, "");
    assert_eq!(count(&t, &SERVICE_WITHOUT_SCHEMA), 1);
    assert_eq!(count(&t, &UNBUILT_SOURCE_TREE), 0);
    assert_eq!(count(&clean(), &SERVICE_WITHOUT_SCHEMA), 0);
}

mod catalogue {
    use super::*;
    use crate::lint::references::catalogue::catalogue_name;
    use crate::lint::testkit::{META, clean, count, findings, with_file, with_meta, without};

    #[test]
    fn languages_need_catalogues() {
        let t = with_meta(
            "<language>en</language>",
            "<language>en</language><language>es</language>",
        );
        let f = findings(&t, &LANGUAGE_WITHOUT_CATALOGUE);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].help.as_deref(),
            Some("Add `i18n/es_ES.po` (and the generated `.json`), or remove the language.")
        );
        let t = with_meta(
            "<language>en</language>",
            "<language>en</language><language>de</language>",
        );
        assert!(
            findings(&t, &LANGUAGE_WITHOUT_CATALOGUE)[0]
                .help
                .as_deref()
                .is_some_and(|h| h.contains("`i18n/de_DE.po`"))
        );
        assert_eq!(catalogue_name("en"), "en_US");
        assert_eq!(catalogue_name("pt_PT"), "pt_PT");
        assert_eq!(catalogue_name("xx"), "xx_<CC>");
        assert_eq!(f[0].severity, Severity::Warning);
        let t = with_file("i18n/es_ES.po", "msgid \"\"\n");
        assert_eq!(count(&t, &LANGUAGE_WITHOUT_CATALOGUE), 0);
        let f = findings(&without("i18n/en.json"), &LANGUAGE_WITHOUT_CATALOGUE);
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(count(&clean(), &LANGUAGE_WITHOUT_CATALOGUE), 0);
    }

    #[test]
    fn changelog_rules() {
        let entry = r#"<version version="1.0" release="1">
        <entry>First release</entry>
      </version>"#;
        let t = with_meta(entry, &format!("{entry}{entry}"));
        assert_eq!(count(&t, &CHANGELOG_DUPLICATE), 1);
        let newest_first = r#"<version version="1.0" release="0"><entry>b</entry></version>
      <version version="0.9" release="7"><entry>a</entry></version>"#;
        let f = findings(&with_meta(entry, newest_first), &CHANGELOG_MISSING_CURRENT);
        assert!(
            f[0].message.ends_with("(the newest entry is 1.0 / 0)"),
            "{}",
            f[0].message
        );
        let t = with_meta(r#"release="1">"#, r#"release="0">"#);
        let f = findings(&t, &CHANGELOG_MISSING_CURRENT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("release 1"));
        assert_eq!(
            f[0].help.as_deref(),
            Some(
                "Add `<version version=\"1.0\" release=\"1\"><entry>...</entry></version>` to the changelog."
            )
        );
        let t = with_meta(entry, "%PRODUCT_CHANGELOG%");
        let f = findings(&t, &CHANGELOG_TEXT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("%PRODUCT_CHANGELOG%"));
        for code in [
            &CHANGELOG_DUPLICATE,
            &CHANGELOG_MISSING_CURRENT,
            &CHANGELOG_TEXT,
        ] {
            assert_eq!(count(&clean(), code), 0);
        }
    }

    #[test]
    fn completeness() {
        let start = META.find("  <vendor>").unwrap_or(0);
        let end = META.find("</packager>\n").map(|i| i + 12).unwrap_or(0);
        let t = with_meta(&META[start..end], "");
        let f = findings(&t, &METADATA_INCOMPLETE);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("<vendor>") && f[0].message.contains("<packager>"));
        let help = f[0].help.as_deref().unwrap_or("");
        assert!(
            help.contains("<vendor>") && !help.contains("<summary>"),
            "{help}"
        );
        let t = with_meta(
            r#"<link class="support" href="https://example.org/support">Support</link>"#,
            "",
        );
        let f = findings(&t, &ROOT_SERVICE_INFOLINKS);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "root service `app` has no support infolink");
        assert!(
            !f[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("deployment-guide")
        );
        assert_eq!(
            count(&clean(), &METADATA_INCOMPLETE) + count(&clean(), &ROOT_SERVICE_INFOLINKS),
            0
        );
    }
}

mod navigation {
    use super::*;
    use crate::lint::testkit::{clean, count, findings, with_meta};

    #[test]
    fn duplicate_view_ids() {
        let twice = r#"<view id="main" label="Main" src="ui/main.js"/><view id="main" label="Again" src="ui/main.js"/>"#;
        let t = with_meta(r#"<view id="main" label="Main" src="ui/main.js"/>"#, twice);
        assert_eq!(count(&t, &DUPLICATE_VIEW_ID), 1);
        let other = r#"</navigation>
    <navigation id="pcp" label="Demo"><item id="p" label="P"><view id="main" label="M" src="ui/main.js"/></item></navigation>"#;
        let t = with_meta("</navigation>", other);
        assert_eq!(count(&t, &VIEW_ID_ACROSS_TREES), 1);
        assert_eq!(count(&t, &DUPLICATE_VIEW_ID), 0);
        assert_eq!(
            count(&clean(), &DUPLICATE_VIEW_ID) + count(&clean(), &VIEW_ID_ACROSS_TREES),
            0
        );
    }

    #[test]
    fn navigation_ids_and_labels() {
        let t = with_meta(
            r#"<item id="demo" label="Demo">"#,
            r#"<item id="demo.list">"#,
        );
        assert_eq!(count(&t, &NAVIGATION_ID_FORMAT), 1);
        assert_eq!(
            findings(&t, &NAVIGATION_ID_FORMAT)[0].help.as_deref(),
            Some("Rename it `demo-list`.")
        );
        assert_eq!(count(&t, &ITEM_WITHOUT_LABEL), 1);
        assert_eq!(
            count(&clean(), &NAVIGATION_ID_FORMAT) + count(&clean(), &ITEM_WITHOUT_LABEL),
            0
        );
    }

    #[test]
    fn bad_ids_are_one_finding_per_tree_at_the_first() {
        let t = with_meta(
            r#"<item id="demo" label="Demo">
        <view id="main" label="Main" src="ui/main.js"/>"#,
            r#"<item id="demo.a" label="Demo">
        <view id="main.b" label="Main" src="ui/main.js"/>
        <view id="1st" label="First" src="ui/main.js"/>"#,
        );
        let f = findings(&t, &NAVIGATION_ID_FORMAT);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].message,
            "navigation `ccp` has 3 ids outside [a-zA-Z_-][a-zA-Z_0-9-]*: <item> id `demo.a`, then `main.b`, `1st`"
        );
        let meta = t.bytes(crate::aps::APP_META).unwrap();
        assert_eq!(&meta[f[0].span.clone().unwrap()], b"demo.a");
        assert!(
            f[0].help
                .as_deref()
                .unwrap()
                .contains("`demo.a` becomes `demo-a`")
        );
        assert_eq!(
            crate::lint::references::navigation::suggest_nav_id("1st"),
            "_1st"
        );
        assert_eq!(crate::lint::references::navigation::suggest_nav_id(""), "_");
    }

    #[test]
    fn entry_points() {
        let entry = |dst: &str| {
            with_meta(
                "<infolinks>",
                &format!(
                    r#"<entry-points><entry class="aps2-view" dst="{dst}"><label>Go</label></entry></entry-points><infolinks>"#
                ),
            )
        };
        assert_eq!(
            count(&entry("http://example.org/aps/demo#main"), &ENTRY_POINT_DST),
            0
        );
        assert_eq!(
            count(&entry("http://example.org/aps/demo#nope"), &ENTRY_POINT_DST),
            1
        );
        let f = findings(&entry("http://other.org/app#main"), &ENTRY_POINT_DST);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].help.as_deref(),
            Some("Write `dst=\"http://example.org/aps/demo#main\"`.")
        );
        let f = findings(&entry("http://example.org/aps/demo#nope"), &ENTRY_POINT_DST);
        assert!(
            f[0].help
                .as_deref()
                .unwrap()
                .ends_with("for a declared view: `main`.")
        );
        assert_eq!(count(&clean(), &ENTRY_POINT_DST), 0);
    }
}

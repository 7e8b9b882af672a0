//! Tests of the upgrade family: for every rule, a pair of packages (the clean test package of
//! `lint::testkit` as the installed one, an edited copy as the new one) that triggers it, and
//! the unchanged next release, which triggers none.

mod compare {
    use crate::lint::testkit;
    use crate::lint::upgrade::*;

    #[test]
    fn identical_packages_have_nothing_to_report_but_the_version() {
        let t = testkit::clean();
        let codes: Vec<_> = compare(&t, &t).iter().map(|f| f.rule.code).collect();
        assert_eq!(codes, ["APS1103"], "same version and release is no upgrade");
    }

    #[test]
    fn unreadable_packages_are_one_finding_each() {
        let good = testkit::clean();
        let broken = testkit::with_file("APP-META.xml", "<application");
        let none = testkit::without("APP-META.xml");
        let f = compare(&broken, &good);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule.code, "APS1101");
        assert!(f[0].message.contains("installed (old)"), "{}", f[0].message);
        let f = compare(&good, &none);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("no APP-META.xml"), "{}", f[0].message);
    }

    #[test]
    fn shown_text_is_escaped_and_bounded() {
        assert_eq!(show("a\u{1b}[31mb\n"), "a\\u{1b}[31mb\\n");
        assert_eq!(show(&"x".repeat(500)).len(), SHOW_MAX + 3);
    }
}

mod identity {
    use crate::lint::testkit::{clean, with_meta};
    use crate::lint::upgrade::compare;

    fn codes(new: &crate::tree::PackageTree) -> Vec<&'static str> {
        compare(&clean(), new).iter().map(|f| f.rule.code).collect()
    }

    fn next_release() -> crate::tree::PackageTree {
        with_meta("<release>1</release>", "<release>2</release>")
    }

    fn edited(edits: &[(&str, &str)]) -> crate::tree::PackageTree {
        let mut meta =
            crate::lint::testkit::META.replacen("<release>1</release>", "<release>2</release>", 1);
        for (from, to) in edits {
            assert!(meta.contains(from), "{from}");
            meta = meta.replacen(from, to, 1);
        }
        crate::lint::testkit::with_file("APP-META.xml", &meta)
    }

    #[test]
    fn a_higher_release_with_a_covering_match_is_safe() {
        assert!(
            codes(&next_release())
                .iter()
                .all(|c| !c.starts_with("APS110")),
            "{:?}",
            codes(&next_release())
        );
        let higher_version = edited(&[
            ("<release>2</release>", "<release>0</release>"),
            ("<version>1.0</version>", "<version>1.10</version>"),
        ]);
        assert!(!codes(&higher_version).contains(&"APS1103"));
    }

    #[test]
    fn the_application_id_must_stay() {
        let f = compare(
            &clean(),
            &edited(&[(
                "<id>http://example.org/aps/demo</id>",
                "<id>http://example.org/aps/other</id>",
            )]),
        );
        let id = f
            .iter()
            .find(|f| f.rule.code == "APS1102")
            .expect("APS1102 fires");
        assert_eq!(
            (id.file.as_deref(), id.line),
            (Some("APP-META.xml"), Some(3))
        );
        assert!(
            id.message.contains("http://example.org/aps/demo"),
            "{}",
            id.message
        );
    }

    #[test]
    fn version_and_release_must_rise_dot_wise() {
        assert!(codes(&clean()).contains(&"APS1103"));
        let lower = with_meta("<version>1.0</version>", "<version>0.9</version>");
        assert!(codes(&lower).contains(&"APS1103"));
        let dotted = edited(&[
            ("<version>1.0</version>", "<version>1.0.0</version>"),
            ("<release>2</release>", "<release>1</release>"),
        ]);
        assert!(codes(&dotted).contains(&"APS1103"), "1.0.0-1 equals 1.0-1");
        let ten = edited(&[("<release>2</release>", "<release>10</release>")]);
        assert!(!codes(&ten).contains(&"APS1103"), "10 > 1 as numbers");
    }

    #[test]
    fn the_match_must_exist_parse_be_allowed_and_cover_the_installed_version() {
        let none = edited(&[("<upgrade match=\"version=ge=1.0, release=ge=0\"/>", "")]);
        assert!(codes(&none).contains(&"APS1104"));
        let broken = edited(&[("version=ge=1.0, release=ge=0", "version=ge=1.0, release")]);
        let f = compare(&clean(), &broken);
        let bad = f
            .iter()
            .find(|f| f.rule.code == "APS1105")
            .expect("APS1105 fires");
        assert!(bad.line.is_some());
        assert!(
            !codes(&broken).contains(&"APS1107"),
            "not evaluated when it does not parse"
        );
        let sorted = edited(&[(
            "version=ge=1.0, release=ge=0",
            "version=ge=1.0,sort(+version)",
        )]);
        let c = codes(&sorted);
        assert!(
            c.contains(&"APS1106") && !c.contains(&"APS1108") && !c.contains(&"APS1107"),
            "{c:?}"
        );
        let narrow = edited(&[("version=ge=1.0, release=ge=0", "version=ge=1.1")]);
        let f = compare(&clean(), &narrow);
        let ex = f
            .iter()
            .find(|f| f.rule.code == "APS1107")
            .expect("APS1107 fires");
        assert!(ex.message.contains("1.0-1"), "{}", ex.message);
        let patch_covers = edited(&[(
            "<upgrade match=\"version=ge=1.0, release=ge=0\"/>",
            "<upgrade match=\"version=ge=1.1\"/><patch match=\"version=eq=1.0\"/>",
        )]);
        assert!(
            !codes(&patch_covers).contains(&"APS1107"),
            "one true match is enough"
        );
        let unknown = edited(&[("version=ge=1.0, release=ge=0", "vendor=eq=x")]);
        let c = codes(&unknown);
        assert!(c.contains(&"APS1108") && !c.contains(&"APS1107"), "{c:?}");
    }
}

mod types {
    use crate::lint::testkit::{APP_SCHEMA, META, clean, with_file};
    use crate::lint::upgrade::compare;
    use crate::tree::{Entry, PackageTree};

    /// The clean package at release 2 with its app schema edited.
    fn next(from: &str, to: &str) -> PackageTree {
        assert!(APP_SCHEMA.contains(from), "{from}");
        let mut t = with_file(
            "APP-META.xml",
            &META.replacen("<release>1</release>", "<release>2</release>", 1),
        );
        t.insert(Entry::memory(
            "schemas/app.schema",
            APP_SCHEMA.replacen(from, to, 1).into_bytes(),
        ));
        t
    }

    const URL: &str =
        r#""url": {"type": "string", "format": "uri", "required": true, "title": "URL"}"#;
    const PLUS: &str = r#""url": {"type": "string", "format": "uri", "required": true, "title": "URL"}, "mail": {"type": "string"}"#;
    const ID: &str = "\"id\": \"http://example.org/aps/types/app/1.0\"";

    fn codes(new: &PackageTree) -> Vec<&'static str> {
        compare(&clean(), new).iter().map(|f| f.rule.code).collect()
    }

    fn with_id(t: &mut PackageTree, version: &str, props: &str) {
        let schema = APP_SCHEMA.replacen(URL, props, 1).replacen(
            ID,
            &format!("\"id\": \"http://example.org/aps/types/app/{version}\""),
            1,
        );
        t.insert(Entry::memory("schemas/app.schema", schema.into_bytes()));
    }

    #[test]
    fn an_added_property_needs_a_minor_bump() {
        let mut t = next(URL, PLUS);
        let c = codes(&t);
        assert!(
            c.contains(&"APS1116") && c.contains(&"APS1110"),
            "no bump: {c:?}"
        );
        let f = compare(&clean(), &t);
        let nb = f
            .iter()
            .find(|f| f.rule.code == "APS1110")
            .expect("APS1110");
        assert_eq!(
            (nb.file.as_deref(), nb.line),
            (Some("schemas/app.schema"), Some(4))
        );
        assert!(
            nb.help.as_deref().unwrap_or("").contains("/app/1.1"),
            "{:?}",
            nb.help
        );
        with_id(&mut t, "1.1", PLUS);
        let c = codes(&t);
        assert!(
            c.contains(&"APS1116") && !c.contains(&"APS1110") && !c.contains(&"APS1111"),
            "minor bump: {c:?}"
        );
        with_id(&mut t, "2.0", PLUS);
        assert!(
            !codes(&t)
                .iter()
                .any(|c| matches!(*c, "APS1110" | "APS1111" | "APS1112"))
        );
    }

    #[test]
    fn a_removed_property_needs_a_major_bump() {
        let mut t = next(URL, r#""other": {"type": "string"}"#);
        with_id(&mut t, "1.1", r#""other": {"type": "string"}"#);
        let c = codes(&t);
        assert!(
            c.contains(&"APS1117") && c.contains(&"APS1111"),
            "minor is too small: {c:?}"
        );
        with_id(&mut t, "2.0", r#""other": {"type": "string"}"#);
        let c = codes(&t);
        assert!(
            !c.contains(&"APS1111") && !c.contains(&"APS1110"),
            "major is enough: {c:?}"
        );
        with_id(&mut t, "1.0", r#""other": {"type": "string"}"#);
        assert!(codes(&t).contains(&"APS1110"), "no bump");
        with_id(&mut t, "0.9", r#""other": {"type": "string"}"#);
        assert!(codes(&t).contains(&"APS1112"), "version down");
    }

    #[test]
    fn a_bump_without_change_is_info_and_relation_moves_are_reported() {
        let mut t = next(URL, URL);
        with_id(&mut t, "1.1", URL);
        assert!(codes(&t).contains(&"APS1120"));
        let t = next("core/subscription/1.0", "core/subscription/2.0");
        let f = compare(&clean(), &t);
        let moved = f
            .iter()
            .find(|f| f.rule.code == "APS1119")
            .expect("APS1119");
        assert_eq!(moved.severity, crate::lint::Severity::Warning);
        assert!(
            !f.iter().any(|f| f.rule.code == "APS1110"),
            "not a change of the type itself"
        );
        let t = next("core/subscription/1.0", "core/subscription/1.1");
        let f = compare(&clean(), &t);
        let moved = f
            .iter()
            .find(|f| f.rule.code == "APS1119")
            .expect("APS1119");
        assert_eq!(moved.severity, crate::lint::Severity::Info);
    }

    #[test]
    fn removed_and_added_types() {
        let mut gone = with_file(
            "APP-META.xml",
            &META.replacen("<release>1</release>", "<release>2</release>", 1),
        );
        gone.insert(Entry::memory(
            "schemas/app.schema",
            APP_SCHEMA
                .replacen("types/app/1.0", "types/application/1.0", 1)
                .into_bytes(),
        ));
        let c = codes(&gone);
        assert!(c.contains(&"APS1113") && c.contains(&"APS1115"), "{c:?}");
        let mut extra = clean();
        extra.insert(Entry::memory(
            "schemas/extra.schema",
            br#"{"apsVersion": "2.0", "name": "extra", "id": "http://example.org/aps/types/extra/1.0", "implements": []}"#.to_vec(),
        ));
        let c: Vec<_> = compare(&extra, &next(URL, URL))
            .iter()
            .map(|f| f.rule.code)
            .collect();
        assert!(
            c.contains(&"APS1114") && !c.contains(&"APS1113"),
            "no service of it: {c:?}"
        );
    }

    #[test]
    fn a_package_without_schemas_is_not_compared_type_by_type() {
        let mut unbuilt = with_file(
            "APP-META.xml",
            &META.replacen("<release>1</release>", "<release>2</release>", 1),
        );
        unbuilt.remove("schemas/app.schema");
        let c = codes(&unbuilt);
        assert!(c.contains(&"APS1109"), "{c:?}");
        assert!(
            !c.contains(&"APS1113"),
            "not every type is reported removed: {c:?}"
        );
        assert!(!codes(&next(URL, URL)).contains(&"APS1109"));
    }
}

mod inventory {
    use crate::lint::testkit::{META, clean, relist};
    use crate::lint::upgrade::compare;
    use crate::tree::{Entry, PackageTree};

    fn next(edits: &[(&str, &str)]) -> PackageTree {
        let mut meta = META.replacen("<release>1</release>", "<release>2</release>", 1);
        for (from, to) in edits {
            assert!(meta.contains(from), "{from}");
            meta = meta.replacen(from, to, 1);
        }
        let mut t = clean();
        t.insert(Entry::memory("APP-META.xml", meta.into_bytes()));
        relist(&mut t);
        t
    }

    fn messages(new: &PackageTree, code: &str) -> Vec<String> {
        compare(&clean(), new)
            .into_iter()
            .filter(|f| f.rule.code == code)
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn an_unchanged_package_lists_nothing() {
        let f = compare(&clean(), &next(&[]));
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn services_and_navigation_added_and_removed() {
        let t = next(&[
            (
                "<view id=\"main\" label=\"Main\" src=\"ui/main.js\"/>",
                "<view id=\"home\" label=\"Home\" src=\"ui/main.js\"/><view-plugin id=\"dash\" src=\"ui/main.js\"/>",
            ),
            ("<service id=\"app\">", "<service id=\"application\">"),
        ]);
        assert_eq!(messages(&t, "APS1130"), ["new service `application`"]);
        assert_eq!(
            messages(&t, "APS1131"),
            ["service `app` of the installed package is gone"]
        );
        assert_eq!(
            messages(&t, "APS1132"),
            ["new view `home`", "new view-plugin `dash`"]
        );
        assert_eq!(
            messages(&t, "APS1133"),
            ["view `main` of the installed package is gone"]
        );
    }

    #[test]
    fn files_added_removed_and_changed_by_digest() {
        let mut t = next(&[]);
        t.insert(Entry::memory(
            "ui/main.js",
            b"define([], function () { return 1; });\n".to_vec(),
        ));
        t.insert(Entry::memory("doc/new.txt", b"hello".to_vec()));
        t.remove("i18n/en.json");
        relist(&mut t);
        assert_eq!(messages(&t, "APS1134"), ["new file doc/new.txt"]);
        assert_eq!(
            messages(&t, "APS1135"),
            ["file i18n/en.json of the installed package is gone"]
        );
        assert_eq!(messages(&t, "APS1136"), ["ui/main.js changed"]);
    }
}

/// Each kind of type change, as a pair of packages: the installed one with [`BASE`] as its app
/// schema, the next release with one edit of it, under three type ids: the same version (no
/// bump), a minor bump and a major bump. Additions and compatible changes need a minor bump,
/// removals and incompatible changes a major one.
mod bumps {
    use crate::lint::testkit::{META, clean, relist};
    use crate::lint::upgrade::compare;
    use crate::tree::{Entry, PackageTree};

    const BASE: &str = r#"{
  "apsVersion": "2.0",
  "name": "app",
  "id": "http://example.org/aps/types/app/1.0",
  "implements": ["http://aps-standard.org/types/core/application/1.0"],
  "properties": {
    "url": {"type": "string", "required": true},
    "plan": {"type": "string", "enum": ["basic", "pro"], "default": "basic"},
    "secret": {"type": "string", "encrypted": true},
    "count": {"type": "integer", "readonly": true},
    "limits": {"type": "Limits"}
  },
  "structures": {
    "Limits": {"type": "object", "properties": {"mb": {"type": "integer"}}}
  },
  "operations": {
    "ping": {"verb": "GET", "path": "/ping", "response": {"type": "string"}}
  },
  "relations": {
    "subscription": {"type": "http://aps-standard.org/types/core/subscription/1.0", "required": true}
  }
}"#;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Need {
        Minor,
        Major,
    }

    /// (what, from, to, the bump it needs, the member rule that lists it).
    const CASES: &[(&str, &str, &str, Need, &str)] = &[
        (
            "property added",
            r#""limits": {"type": "Limits"}"#,
            r#""limits": {"type": "Limits"}, "mail": {"type": "string"}"#,
            Need::Minor,
            "APS1116",
        ),
        (
            "property removed",
            r#""secret": {"type": "string", "encrypted": true},"#,
            "",
            Need::Major,
            "APS1117",
        ),
        (
            "property type",
            r#""count": {"type": "integer""#,
            r#""count": {"type": "string""#,
            Need::Major,
            "APS1118",
        ),
        (
            "required on",
            r#""secret": {"type": "string","#,
            r#""secret": {"type": "string", "required": true,"#,
            Need::Major,
            "APS1118",
        ),
        (
            "required off",
            r#""url": {"type": "string", "required": true}"#,
            r#""url": {"type": "string"}"#,
            Need::Minor,
            "APS1118",
        ),
        (
            "encrypted off",
            r#", "encrypted": true"#,
            "",
            Need::Major,
            "APS1118",
        ),
        (
            "readonly off",
            r#", "readonly": true"#,
            "",
            Need::Minor,
            "APS1118",
        ),
        (
            "readonly on",
            r#""url": {"type": "string","#,
            r#""url": {"type": "string", "readonly": true,"#,
            Need::Major,
            "APS1118",
        ),
        (
            "enum value removed",
            r#"["basic", "pro"]"#,
            r#"["basic"]"#,
            Need::Major,
            "APS1118",
        ),
        (
            "enum value added",
            r#"["basic", "pro"]"#,
            r#"["basic", "pro", "max"]"#,
            Need::Minor,
            "APS1118",
        ),
        (
            "default",
            r#""default": "basic""#,
            r#""default": "pro""#,
            Need::Minor,
            "APS1118",
        ),
        (
            "title",
            r#""url": {"type": "string","#,
            r#""url": {"type": "string", "title": "URL","#,
            Need::Minor,
            "APS1118",
        ),
        (
            "relation added",
            r#""relations": {"#,
            r#""relations": {"account": {"type": "http://aps-standard.org/types/core/account/1.0"}, "#,
            Need::Minor,
            "APS1116",
        ),
        (
            "relation removed",
            r#""subscription": {"type": "http://aps-standard.org/types/core/subscription/1.0", "required": true}"#,
            r#""x": {"type": "http://aps-standard.org/types/core/account/1.0"}"#,
            Need::Major,
            "APS1117",
        ),
        (
            "relation target",
            "core/subscription/1.0",
            "core/account/1.0",
            Need::Major,
            "APS1118",
        ),
        (
            "relation collection",
            r#"subscription/1.0", "required": true"#,
            r#"subscription/1.0", "required": true, "collection": true"#,
            Need::Major,
            "APS1118",
        ),
        (
            "operation added",
            r#""operations": {"#,
            r#""operations": {"reset": {"verb": "POST", "path": "/reset"}, "#,
            Need::Minor,
            "APS1116",
        ),
        (
            "operation removed",
            r#""ping": {"verb": "GET", "path": "/ping", "response": {"type": "string"}}"#,
            r#""pong": {"verb": "GET", "path": "/pong"}"#,
            Need::Major,
            "APS1117",
        ),
        (
            "operation verb",
            r#""verb": "GET""#,
            r#""verb": "POST""#,
            Need::Major,
            "APS1118",
        ),
        (
            "structure added",
            r#""structures": {"#,
            r#""structures": {"Usage": {"type": "object", "properties": {}}, "#,
            Need::Minor,
            "APS1116",
        ),
        (
            "structure property added",
            r#"{"mb": {"type": "integer"}}"#,
            r#"{"mb": {"type": "integer"}, "gb": {"type": "integer"}}"#,
            Need::Minor,
            "APS1116",
        ),
        (
            "structure property removed",
            r#"{"mb": {"type": "integer"}}"#,
            "{}",
            Need::Major,
            "APS1117",
        ),
        (
            "implemented type added",
            r#"["http://aps-standard.org/types/core/application/1.0"]"#,
            r#"["http://aps-standard.org/types/core/application/1.0", "http://example.org/aps/types/base/1.0"]"#,
            Need::Minor,
            "APS1116",
        ),
    ];

    fn package(schema: &str, release: &str) -> PackageTree {
        let mut t = clean();
        let meta = META.replacen(
            "<release>1</release>",
            &format!("<release>{release}</release>"),
            1,
        );
        t.insert(Entry::memory("APP-META.xml", meta.into_bytes()));
        t.insert(Entry::memory(
            "schemas/app.schema",
            schema.as_bytes().to_vec(),
        ));
        relist(&mut t);
        t
    }

    fn errors_and_codes(schema: &str) -> (Vec<&'static str>, Vec<&'static str>) {
        let f = compare(&package(BASE, "1"), &package(schema, "2"));
        let errors = f
            .iter()
            .filter(|f| f.severity == crate::lint::Severity::Error)
            .map(|f| f.rule.code)
            .collect();
        (errors, f.iter().map(|f| f.rule.code).collect())
    }

    #[test]
    fn the_unchanged_schema_needs_no_bump() {
        let (errors, codes) = errors_and_codes(BASE);
        assert!(errors.is_empty() && codes.is_empty(), "{codes:?}");
    }

    #[test]
    fn every_kind_of_change_with_no_bump_a_minor_and_a_major_one() {
        for (what, from, to, need, member) in CASES {
            assert_eq!(
                BASE.matches(from).count(),
                1,
                "{what}: the edit applies once"
            );
            let edited = BASE.replacen(from, to, 1);
            for (version, want) in [
                ("1.0", Some("APS1110")),
                ("1.1", (*need == Need::Major).then_some("APS1111")),
                ("2.0", None),
            ] {
                let schema = edited.replacen("types/app/1.0", &format!("types/app/{version}"), 1);
                let (errors, codes) = errors_and_codes(&schema);
                assert_eq!(
                    errors,
                    want.into_iter().collect::<Vec<_>>(),
                    "{what} at {version}: {codes:?}"
                );
                assert!(codes.contains(member), "{what} at {version}: {codes:?}");
            }
        }
    }
}

mod patch {
    use crate::lint::testkit::{APP_SCHEMA, META, clean, relist};
    use crate::lint::upgrade::compare;
    use crate::tree::{Entry, PackageTree};

    const MATCH: &str = "<upgrade match=\"version=ge=1.0, release=ge=0\"/>";
    const URL: &str =
        r#""url": {"type": "string", "format": "uri", "required": true, "title": "URL"}"#;

    /// Release 2 with `matches` instead of the upgrade element, and the app type at `version`
    /// without its `url` property when `drop_url`.
    fn next(matches: &str, version: &str, drop_url: bool) -> PackageTree {
        let mut t = clean();
        let meta = META
            .replacen("<release>1</release>", "<release>2</release>", 1)
            .replacen(MATCH, matches, 1);
        let mut schema = APP_SCHEMA.replacen("types/app/1.0", &format!("types/app/{version}"), 1);
        if drop_url {
            schema = schema.replacen(URL, r#""other": {"type": "string"}"#, 1);
        }
        t.insert(Entry::memory("APP-META.xml", meta.into_bytes()));
        t.insert(Entry::memory("schemas/app.schema", schema.into_bytes()));
        relist(&mut t);
        t
    }

    fn fires(t: &PackageTree) -> bool {
        compare(&clean(), t)
            .iter()
            .any(|f| f.rule.code == "APS1121")
    }

    #[test]
    fn a_patch_must_not_reshape_types() {
        let patch = "<patch match=\"version=eq=1.0\"/>";
        assert!(META.contains(MATCH));
        let f = compare(&clean(), &next(patch, "2.0", true));
        let hit = f
            .iter()
            .find(|f| f.rule.code == "APS1121")
            .expect("APS1121");
        assert_eq!(hit.severity, crate::lint::Severity::Warning);
        assert!(hit.message.contains("types/app/2.0"), "{}", hit.message);
        assert_eq!(hit.file.as_deref(), Some("APP-META.xml"));
        // Quiet: a compatible change, an upgrade that matches too, or an upgrade alone.
        assert!(
            !fires(&next(patch, "1.1", false)),
            "a bump without reshaping"
        );
        let both = format!("{patch}<upgrade match=\"version=ge=1.0\"/>");
        assert!(!fires(&next(&both, "2.0", true)));
        assert!(!fires(&next(MATCH, "2.0", true)));
    }
}

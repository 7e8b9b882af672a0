//! Integration tests of aps.toml parsing, validation and generation.

use std::path::{Path, PathBuf};

use apspack::epoch::Epoch;
use apspack::generate::{GenerateError, generate};
use apspack::manifest::{self, ManifestError};
use apspack::model::{LicenseText, UpdateKind};

fn fixture(name: &str) -> PathBuf {
    // Relative on purpose: rendered diagnostics and snapshots must not hold machine paths.
    Path::new("tests/fixtures/manifest").join(name)
}

fn problems(err: &ManifestError) -> Vec<(u32, u32, String)> {
    err.problems()
        .iter()
        .map(|p| (p.line, p.column, p.message.clone()))
        .collect()
}

/// What a user sees for `err` on a plain terminal: the one error renderer's output.
fn render(err: &ManifestError) -> String {
    apspack::report::error::render(err, false)
}

fn expect_err(text: &str, dir: &Path) -> ManifestError {
    match manifest::parse(text, dir) {
        Ok(p) => panic!("expected problems, got {:#?}", p.package),
        Err(e) => e,
    }
}

#[test]
fn spec_example_parses_into_the_model() {
    let project = manifest::load(&fixture("spec")).unwrap_or_else(|e| panic!("{e}"));
    let p = &project.package;
    assert_eq!(p.id, "http://www.open-xchange.com/aps/appsuite");
    assert_eq!(p.release, "1");
    assert_eq!(p.update.as_ref().unwrap().kind, UpdateKind::Upgrade);
    assert_eq!(
        p.license.as_ref().unwrap().text,
        LicenseText::Url("https://www.open-xchange.com/terms".into())
    );
    assert_eq!(
        p.packager.as_ref().unwrap().uri.as_deref(),
        Some("uuid:7f0b6a2e-6c2b-4f0a-9d1e-0a4b2c3d4e5f")
    );
    assert_eq!(
        p.security.as_ref().unwrap()["note"],
        "opaque document, copied as JSON"
    );
    let keys: Vec<_> = p.types.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(keys, ["app", "user", "context"]);
    let ctx = &p.types[2];
    assert_eq!(
        ctx.implements,
        ["http://aps-standard.org/types/core/resource/1.0"]
    );
    let ty = |name: &str| {
        ctx.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p.ty.clone())
            .unwrap()
    };
    assert_eq!(
        ty("mailboxes"),
        "http://aps-standard.org/types/core/resource/1.0#Counter"
    );
    assert_eq!(ty("quota"), "Quota");
    assert_eq!(ty("aliases"), "array");
    let rel: Vec<_> = ctx
        .relations
        .iter()
        .map(|(n, r)| (n.as_str(), r.ty.as_str()))
        .collect();
    assert_eq!(
        rel,
        [
            ("app", "http://www.open-xchange.com/aps/types/app/1.0"),
            ("users", "http://www.open-xchange.com/aps/types/user/1.0"),
            (
                "subscription",
                "http://aps-standard.org/types/core/subscription/1.0"
            ),
        ]
    );
    assert_eq!(ctx.operations[0].1.parameters[0].0, "userId");
    assert_eq!(ctx.color.as_deref(), Some("#0044aa"));
    let nav = &p.navigation[0];
    assert_eq!(
        nav.vars[0].type_id,
        "http://www.open-xchange.com/aps/types/context/1.0"
    );
    let controls: Vec<&str> = nav.items[0].views[0]
        .controls
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(controls, ["cancel", "submit"]);
}

#[test]
fn spec_example_generates_every_file() {
    let project = manifest::load(&fixture("spec")).unwrap_or_else(|e| panic!("{e}"));
    let tree = generate(&project, Epoch::from_secs(1_700_000_000)).unwrap();
    let files: Vec<_> = tree.files().map(|e| e.path.as_str()).collect();
    assert_eq!(
        files,
        [
            "APP-LIST.xml",
            "APP-META.xml",
            "doc/guide.html",
            "images/icon.png",
            "images/screenshot-1.png",
            "images/vendor.png",
            "schemas/app.schema",
            "schemas/context.schema",
            "schemas/user.schema",
            "scripts/app.php",
            "scripts/context.php",
            "scripts/user.php",
            "security.json",
            "ui/context-new.js",
        ]
    );
    let meta = std::str::from_utf8(tree.bytes("APP-META.xml").unwrap()).unwrap();
    assert!(meta.contains("packaged=\"2023-11-14T22:13:20\""));
    let doc = apspack::xml::parse(meta.as_bytes()).unwrap();
    let services: Vec<_> = doc
        .root
        .children_named("service")
        .filter_map(|s| s.attr("id"))
        .collect();
    assert_eq!(services, ["app", "user", "context"]);
    insta::assert_snapshot!(
        "spec_context_schema",
        std::str::from_utf8(tree.bytes("schemas/context.schema").unwrap()).unwrap()
    );
    insta::assert_snapshot!("spec_app_meta", meta);
    let sec: serde_json::Value =
        serde_json::from_slice(tree.bytes("security.json").unwrap()).unwrap();
    assert_eq!(sec["note"], "opaque document, copied as JSON");
}

#[test]
fn ok_fixture_generates_reproducibly() {
    let project = manifest::load(&fixture("ok")).unwrap_or_else(|e| panic!("{e}"));
    let epoch = Epoch::default();
    let a = generate(&project, epoch).unwrap();
    let b = generate(&project, epoch).unwrap();
    let listing = |t: &apspack::tree::PackageTree| {
        t.files()
            .map(|e| (e.path.clone(), e.size, e.sha256))
            .collect::<Vec<_>>()
    };
    assert_eq!(listing(&a), listing(&b));
    let files: Vec<_> = a.files().map(|e| e.path.as_str()).collect();
    // notes/ is not included, the .bak backup and aps.toml never are; no security.json here.
    assert_eq!(
        files,
        [
            "APP-LIST.xml",
            "APP-META.xml",
            "images/icon.png",
            "schemas/item.schema",
            "schemas/tiny.schema",
            "scripts/item.php",
            "scripts/tiny.php",
            "ui/tiny-view.html",
        ]
    );
    let meta = std::str::from_utf8(a.bytes("APP-META.xml").unwrap()).unwrap();
    let doc = apspack::xml::parse(meta.as_bytes()).unwrap();
    assert_eq!(doc.root.child_text("release"), Some("2"));
    insta::assert_snapshot!("ok_app_meta", meta);
    insta::assert_snapshot!(
        "ok_tiny_schema",
        std::str::from_utf8(a.bytes("schemas/tiny.schema").unwrap()).unwrap()
    );
    insta::assert_snapshot!(
        "ok_app_list",
        std::str::from_utf8(a.bytes("APP-LIST.xml").unwrap()).unwrap()
    );
    // A file on disk is streamed, not held.
    assert!(a.bytes("images/icon.png").is_none());
    assert_eq!(
        a.file("images/icon.png").unwrap().sha256,
        Some(apspack::tree::Digest::of(
            &std::fs::read(fixture("ok/images/icon.png")).unwrap()
        ))
    );
}

const FOUR_PROBLEMS: &str = r#"[package]
name = "X"
version = "1.0"
release = "1"
homepgae = "https://x.example.org"

[types.tiny]
id = "http://apps.example.org/aps/types/tiny/1.0"
implements = ["core/application/1.0"]

[types.tiny.properties]
"bad-name" = { type = "string" }

[types.tiny.relations]
owner = { type = "ghost", required = true }
"#;

#[test]
fn every_problem_is_reported_at_once_with_positions() {
    let err = expect_err(FOUR_PROBLEMS, &fixture("ok"));
    assert_eq!(
        problems(&err),
        [
            (1, 1, "missing required key `package.id`".to_string()),
            (5, 1, "unknown key `package.homepgae`".to_string()),
            (
                12,
                1,
                "property name `bad-name` is not a valid name".to_string()
            ),
            (
                15,
                18,
                "relation refers to undefined type `ghost`".to_string()
            ),
        ]
    );
    assert_eq!(err.problems()[1].help, "did you mean `homepage`?");
    assert_eq!(
        err.to_string(),
        "tests/fixtures/manifest/ok/aps.toml:1:1: missing required key `package.id`\n\
         tests/fixtures/manifest/ok/aps.toml:5:1: unknown key `package.homepgae`\n\
         tests/fixtures/manifest/ok/aps.toml:12:1: property name `bad-name` is not a valid name\n\
         tests/fixtures/manifest/ok/aps.toml:15:18: relation refers to undefined type `ghost`"
    );
    let shown = render(&err);
    for p in err.problems() {
        assert!(shown.contains(&p.message), "{shown}");
        assert!(shown.contains(&p.help), "{shown}");
    }
    assert!(
        shown.contains("tests/fixtures/manifest/ok/aps.toml:15:18"),
        "{shown}"
    );
    insta::assert_snapshot!("four_problems_rendered", shown);
}

#[test]
fn toml_syntax_error_has_a_position() {
    let err = expect_err("[package]\nid = \"x\"\nname = [1,\n", &fixture("ok"));
    let p = problems(&err);
    assert_eq!(p.len(), 1);
    assert!(p[0].2.starts_with("TOML syntax error"), "{p:?}");
    assert_eq!((p[0].0, p[0].1), (3, 11));
    let err = expect_err("[package]\nid = \"x\nname = 1\n", &fixture("ok"));
    assert_eq!((err.problems()[0].line, err.problems()[0].column), (2, 8));
}

#[test]
fn missing_manifest_is_an_io_error_naming_the_path() {
    let err = manifest::load(Path::new("tests/fixtures/manifest/nowhere")).unwrap_err();
    assert!(err.is_io());
    assert!(err.to_string().contains("nowhere/aps.toml"), "{err}");
}

const BASE: &str = r#"[package]
id = "http://apps.example.org/aps/tiny"
name = "Tiny"
version = "1.0"
release = "1"
"#;

const APP_TYPE: &str = r#"
[types.tiny]
id = "http://apps.example.org/aps/types/tiny/1.0"
implements = ["core/application/1.0"]
"#;

fn messages(text: &str) -> Vec<String> {
    match manifest::parse(text, &fixture("ok")) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems().iter().map(|p| p.message.clone()).collect(),
    }
}

fn assert_reports(extra: &str, expected: &[&str]) {
    let text = format!("{BASE}{extra}");
    let got = messages(&text);
    for e in expected {
        assert!(
            got.iter().any(|g| g.contains(e)),
            "missing `{e}` in {got:#?}\nfor\n{text}"
        );
    }
}

#[test]
fn values_and_combinations_are_checked() {
    assert!(messages(&format!("{BASE}{APP_TYPE}")).is_empty());
    assert_reports(
        &format!(
            r##"upgrade = "version=ge=1.0, limit(1)"
patch = "version=eq=1.0"
[package.license]
kind = "gratis"
name = "L"
url = "https://x.example.org/l"
file = "doc/l.txt"
{APP_TYPE}color = "#12345"
font-color = "blue"
[types.tiny.properties]
level = {{ type = "string", enum = ["a", "b"], enumTitles = ["A"], default = "c" }}
count = {{ type = "integer", default = "three" }}
list = {{ type = "array" }}
[types.tiny.operations.reset]
verb = "FETCH"
path = "reset/{{id}}"
[types.tiny.operations.other]
verb = "GET"
path = "/x/{{name}}"
parameters = {{ name = {{ type = "string", kind = "query" }} }}
"##
        ),
        &[
            "forbidden operator(s): limit",
            "`package.upgrade` and `package.patch` are exclusive",
            "licence kind `gratis`",
            "has both `url` and `file`",
            "`types.tiny.color` = `#12345` is not a colour",
            "`types.tiny.font-color` = `blue` is not a colour",
            "has 1 title(s) but `enum` has 2 value(s)",
            "default \"c\" of `types.tiny.properties.level` is not one of its enum values",
            "`types.tiny.properties.list` is an array without `items`",
            "`FETCH` is not an operation verb",
            "operation path `reset/{id}` does not start with `/`",
            "`{id}` in path `reset/{id}` has no `kind = \"path\"` parameter",
            "`{name}` in path `/x/{name}` has no `kind = \"path\"` parameter",
        ],
    );
}

#[test]
fn ids_and_references_are_checked() {
    let text = r#"[package]
id = "not a uri"
name = "Tiny"
version = "1.0"
release = "1"
[types.tiny]
id = "http://apps.example.org/aps/types/tiny/01.0"
implements = ["core/resource/1.0"]
[types.other]
id = "http://apps.example.org/aps/types/item/1.0"
service = "tiny"
code = "scripts/item.php"
implements = ["core/resource"]
[types.third]
id = "http://apps.example.org/aps/types/item/1.0"
code = "scripts/item.php"
[types.third.properties]
a = { type = "other#Missing" }
b = { type = "strnig" }
c = { type = "https://x.example.org/t/1.0" }
[types.third.relations]
r = { type = "string" }
"#;
    let got = messages(text);
    for e in [
        "application id `not a uri` is not an absolute http(s) URI",
        "bad type id `http://apps.example.org/aps/types/tiny/01.0`",
        "type id `http://apps.example.org/aps/types/item/1.0` is also used by type `other`",
        "service id `tiny` is also used by type `tiny`",
        "short type `core/resource` does not expand to a valid type id",
        "type `other` has no structure `Missing`",
        "property refers to undefined type `strnig`",
        "bad type id `https://x.example.org/t/1.0`",
        "relation type `string` must be a type, not the primitive `string`",
        "no type implements core/application/1.0",
    ] {
        assert!(
            got.iter().any(|g| g.contains(e)),
            "missing `{e}` in {got:#?}"
        );
    }
    let err = expect_err(
        &format!("{BASE}{APP_TYPE}[types.tiny.properties]\nb = {{ type = \"strnig\" }}\n"),
        &fixture("ok"),
    );
    assert!(
        err.problems()[0].help.starts_with("did you mean `string`?"),
        "{:?}",
        err.problems()
    );
}

#[test]
fn a_misspelt_application_type_gets_a_did_you_mean() {
    let text = format!(
        "{BASE}{}",
        APP_TYPE.replace("core/application/1.0", "core/aplication/1.0")
    );
    let err = expect_err(&text, &fixture("ok"));
    let p = err
        .problems()
        .iter()
        .find(|p| p.message == "no type implements core/application/1.0")
        .unwrap_or_else(|| panic!("{:?}", err.problems()));
    assert_eq!(
        p.help,
        "type `tiny` implements `core/aplication/1.0`: did you mean `core/application/1.0`?"
    );
    let text = format!(
        "{BASE}{}",
        APP_TYPE.replace("core/application/1.0", "core/resource/1.0")
    );
    let err = expect_err(&text, &fixture("ok"));
    assert!(
        err.problems()
            .iter()
            .all(|p| !p.help.contains("did you mean")),
        "{:?}",
        err.problems()
    );
}

#[test]
fn project_files_must_exist_and_be_packaged() {
    assert_reports(
        &format!(
            r#"icon = "images/missing.png"
[[package.screenshots]]
path = "notes/todo.txt"
[package.vendor]
name = "V"
icon = "../outside.png"
{APP_TYPE}
[types.extra]
id = "http://apps.example.org/aps/types/extra/1.0"
implements = ["core/resource/1.0"]
[[navigation]]
id = "n"
label = "N"
[[navigation.items]]
id = "i"
label = "I"
[[navigation.items.views]]
id = "nothing-here"
label = "V"
controls = ["cancle"]
[[navigation.items.views]]
id = "explicit"
label = "E"
src = "ui/explicit.js"
"#
        ),
        &[
            "icon `images/missing.png` does not exist",
            "screenshot `notes/todo.txt` exists but the [files] globs would not package it",
            "vendor icon `../outside.png` is not a relative path",
            "code script `scripts/extra.php` (the default) does not exist",
            "view source `ui/nothing-here.html` (the default) does not exist",
            "view source `ui/explicit.js` does not exist",
            "unknown view control `cancle`",
        ],
    );
    // The same file becomes acceptable once [files] packages it.
    let text = format!(
        "{BASE}[[package.screenshots]]\npath = \"notes/todo.txt\"\n[files]\ninclude = [\"notes/*.txt\", \"scripts/**\"]\n{APP_TYPE}"
    );
    assert!(messages(&text).is_empty(), "{:?}", messages(&text));
    // ...and unacceptable again when excluded.
    let text = format!(
        "{BASE}[[package.screenshots]]\npath = \"notes/todo.txt\"\n[files]\ninclude = [\"notes/*.txt\", \"scripts/**\"]\nexclude = [\"notes/**\"]\n{APP_TYPE}"
    );
    assert_eq!(messages(&text).len(), 1);
    assert_reports("[files]\ninclude = [\"a/[\"]\n", &["is not a valid glob"]);
}

fn temp_project(manifest: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("aps.toml"), manifest).expect("write aps.toml");
    for (path, content) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("fixture paths have a parent"))
            .expect("create fixture folder");
        std::fs::write(p, content).expect("write fixture file");
    }
    dir
}

/// A project made of `manifest` and `files`, loaded and generated.
struct Built {
    dir: tempfile::TempDir,
    project: manifest::Project,
    tree: apspack::tree::PackageTree,
    /// The generated APP-META.xml.
    meta: String,
}

fn build(manifest: &str, files: &[(&str, &str)]) -> Built {
    let dir = temp_project(manifest, files);
    let project = manifest::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let tree = generate(&project, Epoch::default()).unwrap_or_else(|e| panic!("{e}"));
    let meta = String::from_utf8_lossy(tree.bytes("APP-META.xml").expect("meta")).into_owned();
    Built {
        dir,
        project,
        tree,
        meta,
    }
}

/// The error findings of linting `tree`.
fn lint_errors(tree: &apspack::tree::PackageTree) -> Vec<apspack::lint::Finding> {
    apspack::lint::lint(tree)
        .into_iter()
        .filter(|f| f.severity == apspack::lint::Severity::Error)
        .collect()
}

#[test]
fn generated_names_cannot_be_shadowed_by_project_files() {
    let dir = temp_project(
        &format!("{BASE}[files]\ninclude = [\"scripts/**\", \"schemas/**\"]\n{APP_TYPE}"),
        &[
            ("scripts/tiny.php", "<?php\n"),
            ("schemas/tiny.schema", "{}"),
        ],
    );
    let project = manifest::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    match generate(&project, Epoch::default()) {
        Err(GenerateError::Collision { name, .. }) => assert_eq!(name, "schemas/tiny.schema"),
        other => panic!("expected a collision, got {other:?}"),
    }
}

#[test]
fn root_security_json_is_copied_verbatim_and_must_be_an_object() {
    let dir = temp_project(
        &format!("{BASE}{APP_TYPE}"),
        &[
            ("scripts/tiny.php", "<?php\n"),
            ("security.json", "{ \"a\": 1 }\n"),
        ],
    );
    let project = manifest::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let tree = generate(&project, Epoch::default()).unwrap();
    assert_eq!(tree.bytes("security.json"), Some(&b"{ \"a\": 1 }\n"[..]));
    std::fs::write(dir.path().join("security.json"), "[1]").unwrap();
    assert!(matches!(
        generate(&project, Epoch::default()),
        Err(GenerateError::Security { .. })
    ));
}

#[cfg(unix)]
#[test]
fn symlinks_in_packaged_folders_are_errors_naming_them() {
    let dir = temp_project(
        &format!("{BASE}{APP_TYPE}"),
        &[("scripts/tiny.php", "<?php\n")],
    );
    std::os::unix::fs::symlink("tiny.php", dir.path().join("scripts/link.php")).unwrap();
    // A link outside the packaged folders does not matter.
    std::os::unix::fs::symlink("scripts", dir.path().join("elsewhere")).unwrap();
    let project = manifest::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    match generate(&project, Epoch::default()) {
        Err(e @ GenerateError::Symlink { .. }) => {
            assert!(e.to_string().contains("scripts/link.php"), "{e}")
        }
        other => panic!("expected a symlink error, got {other:?}"),
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// Multi-byte text spliced anywhere: every problem's span stays inside the text and on
    /// character boundaries, so snippets never cut a character.
    #[test]
    fn problem_spans_stay_on_char_boundaries(
        at in 0usize..4000,
        len in 0usize..12,
        insert in "[é日😀\"=\\[\\]{}#.a-z\n ]{0,6}",
    ) {
        let base = std::fs::read_to_string(fixture("spec/aps.toml")).unwrap();
        let mut text = base.clone();
        let mut start = at.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + len).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.replace_range(start..end, &insert);
        if let Err(e) = manifest::parse(&text, &fixture("spec")) {
            for p in e.problems() {
                proptest::prop_assert!(p.span.start <= p.span.end && p.span.end <= text.len(), "{:?}", p.span);
                proptest::prop_assert!(
                    text.is_char_boundary(p.span.start) && text.is_char_boundary(p.span.end),
                    "{:?} in {:?}", p.span, &text
                );
            }
            let _ = render(&e);
        }
    }
}

proptest::proptest! {
    #[test]
    fn parse_never_panics(text in "\\PC*") {
        if let Err(e) = manifest::parse(&text, &fixture("ok")) {
            proptest::prop_assert!(!e.problems().is_empty());
            let _ = render(&e);
        }
    }

    #[test]
    fn parse_never_panics_on_damaged_manifests(cut in 0usize..2000, len in 0usize..40, insert in "[\\[\\]{}=\"#.a-z\n ]{0,6}") {
        let base = std::fs::read_to_string(fixture("spec/aps.toml")).unwrap();
        let mut text = base.clone();
        let start = cut.min(text.len());
        let end = (start + len).min(text.len());
        if text.is_char_boundary(start) && text.is_char_boundary(end) {
            text.replace_range(start..end, &insert);
        }
        if let Err(e) = manifest::parse(&text, &fixture("spec")) {
            proptest::prop_assert!(!e.problems().is_empty());
            let _ = render(&e);
        }
    }
}

#[test]
fn bundled_template_is_a_valid_project() {
    let dir = Path::new("templates/ox-app-suite");
    let project = manifest::load(dir).unwrap_or_else(|e| panic!("{e}"));
    let tree = generate(&project, Epoch::default()).unwrap_or_else(|e| panic!("{e}"));
    let meta = tree.bytes("APP-META.xml").unwrap();
    apspack::xml::parse(meta).unwrap();
    for ty in &project.package.types {
        let schema = tree.bytes(&ty.schema_path).unwrap();
        serde_json::from_slice::<serde_json::Value>(schema).unwrap();
    }
}

fn toml_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serialises")
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn accepted_text_always_yields_well_formed_output(
        name in "\\PC{0,12}",
        summary in "[\\x00-\\x7f]{0,12}",
        title in "\\PC{0,8}",
        label in "[\\x00-\\x7f]{0,8}",
    ) {
        let text = format!(
            "[package]\nid = \"http://apps.example.org/aps/tiny\"\nname = {}\nversion = \"1.0\"\nrelease = \"1\"\nsummary = {}\n\n[types.tiny]\nid = \"http://apps.example.org/aps/types/tiny/1.0\"\nimplements = [\"core/application/1.0\"]\ntitle = {}\n\n[types.tiny.properties]\np = {{ type = \"string\", title = {} }}\n",
            toml_string(&name), toml_string(&summary), toml_string(&title), toml_string(&label),
        );
        let controls = [&name, &summary, &title, &label]
            .iter()
            .any(|s| s.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')));
        let parsed = manifest::parse(&text, &fixture("ok"));
        proptest::prop_assert_eq!(parsed.is_err(), controls || name.trim().is_empty());
        if let Ok(project) = parsed {
            let tree = generate(&project, Epoch::default()).unwrap();
            let meta = tree.bytes("APP-META.xml").unwrap();
            let doc = apspack::xml::parse(meta);
            proptest::prop_assert!(doc.is_ok(), "{:?}\n{}", doc.err(), String::from_utf8_lossy(meta));
            let schema: serde_json::Value = serde_json::from_slice(tree.bytes("schemas/tiny.schema").unwrap()).unwrap();
            proptest::prop_assert_eq!(schema["properties"]["p"]["title"].as_str(), Some(label.as_str()));
            let doc = doc.unwrap();
            proptest::prop_assert_eq!(doc.root.child_text("name").unwrap_or("").trim(), name.trim());
        }
    }
}

/// A service-user wizard page: a view directly under a navigation, with its own variable,
/// placeholder and plugin placeholder.
const WIZARD: &str = r#"
[[navigation]]
id = "suwizard"
label = "Wizard"

[[navigation.views]]
id = "add-mailbox"
label = "Mailbox"
src = "ui/add-mailbox.js"
plugs-to = "http://www.aps-standard.org/ui/service/suwizard.new/2"
plugin-placeholders = ["http://www.aps-standard.org/core/package#biz"]
vars = [{ name = "app", type = "tiny", required = false }]
"#;

#[test]
fn views_under_a_navigation_carry_placement_variables_and_placeholders() {
    let b = build(
        &format!("{BASE}{APP_TYPE}{WIZARD}"),
        &[
            ("scripts/tiny.php", "<?php\n"),
            ("ui/add-mailbox.js", "define([], function () {});\n"),
        ],
    );
    let v = &b.project.package.navigation[0].views[0];
    assert_eq!(
        v.plugs_to.as_deref(),
        Some("http://www.aps-standard.org/ui/service/suwizard.new/2")
    );
    assert_eq!(
        v.plugin_placeholders,
        ["http://www.aps-standard.org/core/package#biz"]
    );
    assert_eq!(
        v.vars[0].type_id,
        "http://apps.example.org/aps/types/tiny/1.0"
    );
    assert_eq!(v.vars[0].required, Some(false));
    let meta = &b.meta;
    let order = [
        "<navigation id=\"suwizard\" label=\"Wizard\">",
        "<view id=\"add-mailbox\" label=\"Mailbox\" src=\"ui/add-mailbox.js\">",
        "<var name=\"app\" type-id=\"http://apps.example.org/aps/types/tiny/1.0\" required=\"false\"/>",
        "<plugs-to id=\"http://www.aps-standard.org/ui/service/suwizard.new/2\"/>",
        "<plugin-placeholder id=\"http://www.aps-standard.org/core/package#biz\"/>",
        "</view>",
        "</navigation>",
    ];
    let mut last = 0;
    for o in order {
        let at = meta[last..]
            .find(o)
            .unwrap_or_else(|| panic!("`{o}` missing or out of order in\n{meta}"));
        last += at;
    }
}

/// Shipped service-user wizards have no label on their tree; neither does the generated one.
#[test]
fn a_navigation_without_a_label_writes_none() {
    let wizard = WIZARD.replace("label = \"Wizard\"\n", "");
    let b = build(
        &format!("{BASE}{APP_TYPE}{wizard}"),
        &[
            ("scripts/tiny.php", "<?php\n"),
            ("ui/add-mailbox.js", "define([], function () {});\n"),
        ],
    );
    assert_eq!(b.project.package.navigation[0].label, None);
    assert!(
        b.meta.contains("<navigation id=\"suwizard\">"),
        "{}",
        b.meta
    );
    let errors = lint_errors(&b.tree);
    assert!(errors.is_empty(), "{errors:#?}");
}

/// Popups and view plugins are views of another kind; controls may carry labels.
#[test]
fn popups_view_plugins_and_control_labels() {
    let extra = r#"
[[navigation]]
id = "ccp"
label = "Tiny"

[[navigation.views]]
id = "edit"
label = "Edit"
src = "ui/edit.js"
controls = ["cancel", "submit"]
control-labels = { submit = "Save" }

[[navigation.views]]
kind = "popup"
id = "ask"
label = "Sure?"
src = "ui/edit.js"

[[navigation]]
id = "plugins"

[[navigation.views]]
kind = "view-plugin"
id = "widget"
src = "ui/edit.js"
plugs-to = "http://www.parallels.com/ccp-dashboard#dashboard"
"#;
    let b = build(
        &format!("{BASE}{APP_TYPE}{extra}"),
        &[
            ("scripts/tiny.php", "<?php\n"),
            ("ui/edit.js", "define([], function () {});\n"),
        ],
    );
    for want in [
        "<cancel/>",
        "<submit label=\"Save\"/>",
        "<popup id=\"ask\" label=\"Sure?\" src=\"ui/edit.js\"/>",
        "<view-plugin id=\"widget\" src=\"ui/edit.js\">",
    ] {
        assert!(b.meta.contains(want), "`{want}` missing in\n{}", b.meta);
    }
    let errors = lint_errors(&b.tree);
    assert!(errors.is_empty(), "{errors:#?}");
    // What is wrong is said where it is.
    let broken = extra
        .replace(
            "kind = \"popup\"\nid = \"ask\"\nlabel = \"Sure?\"\n",
            "kind = \"popup\"\nid = \"ask\"\n",
        )
        .replace("kind = \"view-plugin\"", "kind = \"view-plugn\"")
        .replace("{ submit = \"Save\" }", "{ finish = \"Done\" }");
    let text = format!("{BASE}{APP_TYPE}{broken}");
    let got = messages(&text);
    for want in [
        "missing required key `navigation[0].views[1].label`",
        "unknown view kind `view-plugn`",
        "`finish` labels a control the view does not have",
    ] {
        assert!(
            got.iter().any(|g| g.contains(want)),
            "missing `{want}` in {got:#?}"
        );
    }
    let err = expect_err(&text, &fixture("ok"));
    assert!(
        render(&err).contains("did you mean `view-plugin`?"),
        "{}",
        render(&err)
    );
}

#[test]
fn view_placement_keys_are_checked_with_positions() {
    let text = format!(
        "{BASE}{APP_TYPE}{}",
        r#"
[[navigation]]
id = "suwizard"
label = "Wizard"

[[navigation.views]]
id = "add-mailbox"
label = "Mailbox"
src = "ui/add-mailbox.js"
plugs-to = "not a uri"
plugin-placeholders = ["x#biz", "x#biz"]
vars = [{ name = "9app", type = "nosuchtype" }, { name = "ok", type = "tiny", collection = "yes" }]
plugin = "x"
"#
    );
    let err = expect_err(&text, &fixture("ok"));
    let got = problems(&err);
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.starts_with(needle))
            .map(|i| i as u32 + 1)
            .unwrap()
    };
    let expect = [
        (
            line_of("plugs-to"),
            "`plugs-to` `not a uri` is not a placeholder id",
        ),
        (
            line_of("plugin-placeholders"),
            "plugin placeholder `x#biz` is listed twice",
        ),
        (line_of("vars"), "variable name `9app` is not a valid name"),
        (line_of("vars"), "nosuchtype"),
        (line_of("vars"), "collection"),
        (line_of("plugin ="), "plugin"),
    ];
    for (line, msg) in expect {
        assert!(
            got.iter()
                .any(|(l, c, m)| *l == line && *c > 0 && m.contains(msg)),
            "no `{msg}` at line {line} in {got:#?}"
        );
    }
    // Placeholders are strings.
    let text = format!(
        "{BASE}{APP_TYPE}{}",
        WIZARD.replace("[\"http://www.aps-standard.org/core/package#biz\"]", "[3]")
    );
    assert!(
        messages(&text)
            .iter()
            .any(|m| m
                .contains("`navigation[0].views[0].plugin-placeholders` must hold only strings")),
        "{:?}",
        messages(&text)
    );
    // A view's variable names are unique within the view.
    let dup = format!(
        "{BASE}{APP_TYPE}{}",
        WIZARD.replace(
            "vars = [{ name = \"app\", type = \"tiny\", required = false }]",
            "vars = [{ name = \"app\", type = \"tiny\" }, { name = \"app\", type = \"tiny\" }]"
        )
    );
    assert!(
        messages(&dup)
            .iter()
            .any(|m| m.contains("variable `app` is declared twice")),
        "{:?}",
        messages(&dup)
    );
}

/// Two things shipped packages say that the format allows: a licence `<file>` holding an http(s)
/// URL, and a default of another type than its property's. The manifest takes both; the URL is
/// written as it is, and the default is left to the build's lint gate as a warning (APS0411).
#[test]
fn licence_file_urls_and_mistyped_defaults_are_left_to_the_linter() {
    let b = build(
        &format!(
            "{BASE}[package.license]\nkind = \"free\"\nname = \"BSD\"\nfile = \"http://opensource.org/licenses/bsd-license\"\n{APP_TYPE}\
             [types.tiny.properties]\nusage = {{ type = \"string\", default = 0 }}\n"
        ),
        &[("scripts/tiny.php", "<?php\n")],
    );
    let license = b.project.package.license.as_ref().expect("licence");
    assert_eq!(
        license.text,
        LicenseText::File("http://opensource.org/licenses/bsd-license".into())
    );
    assert!(
        b.meta
            .contains("<file>http://opensource.org/licenses/bsd-license</file>"),
        "{}",
        b.meta
    );
    let findings = apspack::lint::lint(&b.tree);
    let mismatch: Vec<_> = findings
        .iter()
        .filter(|f| f.rule.code == "APS0411")
        .collect();
    assert_eq!(mismatch.len(), 1, "{findings:#?}");
    assert_eq!(mismatch[0].severity, apspack::lint::Severity::Warning);
    let errors = lint_errors(&b.tree);
    assert!(
        errors.is_empty(),
        "a URL in <file> is not a missing file: {errors:#?}"
    );
    // A relative path is still a file of the project that must exist.
    let dir = b.dir.path();
    let text = std::fs::read_to_string(dir.join("aps.toml")).expect("read");
    std::fs::write(
        dir.join("aps.toml"),
        text.replace("http://opensource.org/licenses/bsd-license", "doc/eula.txt"),
    )
    .expect("write");
    let err = manifest::load(dir).expect_err("the licence file is missing");
    assert!(render(&err).contains("doc/eula.txt"), "{}", render(&err));
}

/// A service presentation's icon must exist, an entry point needs its view and label, and
/// neither goes with `presentation = false`.
#[test]
fn service_icons_and_entry_points_are_checked() {
    assert_reports(
        &format!(
            "{APP_TYPE}icon = \"images/none.png\"\n[[types.tiny.entry-points]]\nlabel = \"Open\"\n\
             [[types.tiny.entry-points]]\ndst = \"http://apps.example.org/aps/tiny#main\"\ntarget = \"x\"\n"
        ),
        &[
            "service icon `images/none.png` does not exist",
            "missing required key `types.tiny.entry-points[0].dst`",
            "missing required key `types.tiny.entry-points[1].label`",
            "unknown key `types.tiny.entry-points[1].target`",
        ],
    );
    assert_reports(
        &format!(
            "{APP_TYPE}presentation = false\n[[types.tiny.entry-points]]\ndst = \"http://apps.example.org/aps/tiny#main\"\nlabel = \"Open\"\n"
        ),
        &["`entry-points` is set but `presentation = false`"],
    );
}

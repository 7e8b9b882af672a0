//! Tests of the wiring rules: synthetic packages that trigger and do not trigger each rule, and
//! the OX App Suite template before (a fixture) and after its metadata was fixed.

use std::path::{Path, PathBuf};

use super::*;
use crate::epoch::Epoch;
use crate::lint::testkit::{clean, count, fires, quiet, relist, with_meta};
use crate::tree::{Entry, PackageTree};

const APP_ID: &str = "http://example.org/aps/types/app/1.0";
const USER_ID: &str = "http://example.org/aps/types/user/1.0";

/// The clean package with files `files` (path, content) added or replaced.
fn with(mut t: PackageTree, files: &[(&str, &str)]) -> PackageTree {
    for (path, content) in files {
        t.insert(Entry::memory(*path, content.as_bytes().to_vec()));
    }
    relist(&mut t);
    t
}

/// A view that creates a resource of type `id`.
fn creating_view(id: &str, extra: &str) -> String {
    format!(
        "define([\"aps/ResourceStore\"], function (S) {{\n  var s = new S({{ apsType: \"{id}\", target: \"/aps/2/resources\" }});\n  s.add({{ aps: {{ type: \"{id}\" }}{extra} }});\n}});\n"
    )
}

/// A user type whose relation `rel` links to `target` (required unless `optional`).
fn user_schema(rel: &str, target: &str, extra: &str) -> String {
    format!(
        "{{\"apsVersion\": \"2.0\", \"name\": \"user\", \"id\": \"{USER_ID}\",\n \"implements\": [\"http://aps-standard.org/types/core/resource/1.0\"],\n \"relations\": {{\"{rel}\": {{\"type\": \"{target}\", \"required\": true{extra}}}}}}}\n"
    )
}

// --- APS1001 required-var-created-by-view ------------------------------------------------

#[test]
fn a_required_var_whose_resource_a_view_creates_fires() {
    let t = with(clean(), &[("ui/main.js", &creating_view(APP_ID, ""))]);
    let f = fires(&t, &REQUIRED_VAR_CREATED_BY_VIEW);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].file.as_deref(), Some("APP-META.xml"));
    assert!(
        f[0].message.contains("variable `app` is required"),
        "{}",
        f[0].message
    );
    assert!(
        f[0].message.contains("view `main` (ui/main.js)"),
        "{}",
        f[0].message
    );
    let meta = t.bytes("APP-META.xml").expect("meta");
    let span = f[0].span.clone().expect("span");
    assert_eq!(&meta[span], APP_ID.as_bytes());
    // Any version of the type counts.
    let t = with(
        clean(),
        &[(
            "ui/main.js",
            &creating_view("http://example.org/aps/types/app/2.0", ""),
        )],
    );
    assert_eq!(count(&t, &REQUIRED_VAR_CREATED_BY_VIEW), 1);
}

#[test]
fn an_optional_var_or_a_view_that_only_reads_is_quiet() {
    let optional = with(
        with_meta(
            "<var name=\"app\" type-id=\"http://example.org/aps/types/app/1.0\"/>",
            "<var name=\"app\" type-id=\"http://example.org/aps/types/app/1.0\" required=\"false\"/>",
        ),
        &[("ui/main.js", &creating_view(APP_ID, ""))],
    );
    quiet(&optional, &REQUIRED_VAR_CREATED_BY_VIEW);
    let reads = with(
        clean(),
        &[(
            "ui/main.js",
            "new S({ apsType: \"http://example.org/aps/types/app/1.0\" }).query();\n",
        )],
    );
    quiet(&reads, &REQUIRED_VAR_CREATED_BY_VIEW);
    let other_type = with(
        clean(),
        &[(
            "ui/main.js",
            &creating_view("http://example.org/aps/types/application/1.0", ""),
        )],
    );
    quiet(&other_type, &REQUIRED_VAR_CREATED_BY_VIEW);
    quiet(&clean(), &REQUIRED_VAR_CREATED_BY_VIEW);
}

#[test]
fn a_view_level_var_covers_only_its_view() {
    let meta_from = "<view id=\"main\" label=\"Main\" src=\"ui/main.js\"/>";
    let nested = "<view id=\"main\" label=\"Main\" src=\"ui/main.js\">\n          <var name=\"user\" type-id=\"http://example.org/aps/types/user/1.0\"/>\n        </view>\n        <view id=\"add\" label=\"Add\" src=\"ui/add.js\"/>";
    let outside = with(
        with_meta(meta_from, nested),
        &[("ui/add.js", &creating_view(USER_ID, ""))],
    );
    quiet(&outside, &REQUIRED_VAR_CREATED_BY_VIEW);
    let inside = with(
        with_meta(meta_from, nested),
        &[
            ("ui/add.js", "define([], function () {});\n"),
            ("ui/main.js", &creating_view(USER_ID, "")),
        ],
    );
    assert_eq!(count(&inside, &REQUIRED_VAR_CREATED_BY_VIEW), 1);
}

// --- APS1002 required-relation-never-set -------------------------------------------------------

const SERVICE_USER: &str = "http://aps-standard.org/types/core/service-user/1.0";

#[test]
fn a_required_relation_no_code_sets_fires() {
    let t = with(
        clean(),
        &[
            (
                "schemas/user.schema",
                &user_schema("serviceUser", SERVICE_USER, ""),
            ),
            ("ui/main.js", &creating_view(USER_ID, ", login: \"jane\"")),
            (
                "scripts/user.php",
                "<?php\nclass user {\n    public $serviceUser;\n}\n",
            ),
        ],
    );
    let f = fires(&t, &REQUIRED_RELATION_NEVER_SET);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].file.as_deref(), Some("schemas/user.schema"));
    assert!(
        f[0].message
            .contains("relation `serviceUser` is required, but ui/main.js creates"),
        "{}",
        f[0].message
    );
    let bytes = t.bytes("schemas/user.schema").expect("schema");
    assert_eq!(&bytes[f[0].span.clone().expect("span")], b"\"serviceUser\"");
}

#[test]
fn a_relation_set_by_a_view_or_a_script_is_quiet() {
    let schema = user_schema("serviceUser", SERVICE_USER, "");
    let by_view = with(
        clean(),
        &[
            ("schemas/user.schema", &schema),
            (
                "ui/main.js",
                &creating_view(USER_ID, ", serviceUser: { aps: { id: id } }"),
            ),
        ],
    );
    quiet(&by_view, &REQUIRED_RELATION_NEVER_SET);
    let by_script = with(
        clean(),
        &[
            ("schemas/user.schema", &schema),
            ("ui/main.js", &creating_view(USER_ID, "")),
            ("scripts/user.php", "<?php\n$this->serviceUser = $found;\n"),
        ],
    );
    quiet(&by_script, &REQUIRED_RELATION_NEVER_SET);
}

#[test]
fn relations_the_platform_fills_or_no_creating_view_are_quiet() {
    for (target, extra) in [
        ("http://aps-standard.org/types/core/subscription/1.0", ""),
        ("http://aps-standard.org/types/core/account/1.0", ""),
        (APP_ID, ""),
        (SERVICE_USER, ", \"collection\": true"),
    ] {
        let t = with(
            clean(),
            &[
                ("schemas/user.schema", &user_schema("link", target, extra)),
                ("ui/main.js", &creating_view(USER_ID, "")),
            ],
        );
        quiet(&t, &REQUIRED_RELATION_NEVER_SET);
    }
    // A parent type with a collection of users: the user is created in that collection.
    let parent = "{\"apsVersion\": \"2.0\", \"name\": \"ctx\", \"id\": \"http://example.org/aps/types/ctx/1.0\",\n \"relations\": {\"users\": {\"type\": \"http://example.org/aps/types/user/1.0\", \"collection\": true}}}\n";
    let t = with(
        clean(),
        &[
            ("schemas/ctx.schema", parent),
            (
                "schemas/user.schema",
                &user_schema("ctx", "http://example.org/aps/types/ctx/1.0", ""),
            ),
            ("ui/main.js", &creating_view(USER_ID, "")),
        ],
    );
    quiet(&t, &REQUIRED_RELATION_NEVER_SET);
    // Nothing in the package creates a user: nothing to judge by.
    let t = with(
        clean(),
        &[(
            "schemas/user.schema",
            &user_schema("serviceUser", SERVICE_USER, ""),
        )],
    );
    quiet(&t, &REQUIRED_RELATION_NEVER_SET);
}

#[test]
fn relation_assignments_are_told_from_mentions() {
    for yes in [
        "serviceUser: { aps: { id: x } }",
        "{\"serviceUser\": {}}",
        "user.serviceUser = link;",
        "$this->serviceUser = $x;",
        "$data['serviceUser'] = $x;",
        "array('serviceUser' => $x)",
    ] {
        assert!(sets_relation(yes, "serviceUser"), "{yes}");
    }
    for no in [
        "public $serviceUser;",
        "if (a.serviceUser == b) {}",
        "myserviceUser: 1",
        "serviceUsers: 1",
        "// the serviceUser relation",
        "Foo::serviceUser",
    ] {
        assert!(!sets_relation(no, "serviceUser"), "{no}");
    }
}

// --- APS1003 operation-in-relation-path --------------------------------------------------------

fn with_operation(path: &str) -> PackageTree {
    let schema = format!(
        "{{\"apsVersion\": \"2.0\", \"name\": \"ctx\", \"id\": \"http://example.org/aps/types/ctx/1.0\",\n \"operations\": {{\"reset\": {{\"verb\": \"POST\", \"path\": \"{path}\"}}}},\n \"relations\": {{\"users\": {{\"type\": \"{USER_ID}\", \"collection\": true}}}}}}\n"
    );
    with(clean(), &[("schemas/ctx.schema", &schema)])
}

#[test]
fn an_operation_under_a_relation_fires() {
    let t = with_operation("/users/{userId}/password-reset");
    let f = fires(&t, &OPERATION_IN_RELATION_PATH);
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].message,
        "operation `reset` at `/users/{userId}/password-reset` lies in the URL space of relation `users`"
    );
    let bytes = t.bytes("schemas/ctx.schema").expect("schema");
    assert_eq!(
        &bytes[f[0].span.clone().expect("span")],
        b"\"/users/{userId}/password-reset\""
    );
    assert_eq!(
        count(&with_operation("/users"), &OPERATION_IN_RELATION_PATH),
        1
    );
}

#[test]
fn an_operation_beside_the_relations_is_quiet() {
    for path in ["/usage", "/user-reset/{users}", "/{users}", "/usersx", "/"] {
        quiet(&with_operation(path), &OPERATION_IN_RELATION_PATH);
    }
    quiet(&clean(), &OPERATION_IN_RELATION_PATH);
}

// --- The OX App Suite template, before and after ------------------------------------------------

fn project(rel: &str) -> PackageTree {
    let root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    crate::load::open(&root, Epoch::default()).unwrap_or_else(|e| panic!("{}: {e}", root.display()))
}

#[test]
fn the_old_template_defects_are_found() {
    let old = project("tests/fixtures/wiring/old-ox-app-suite");
    let var = fires(&old, &REQUIRED_VAR_CREATED_BY_VIEW);
    assert_eq!(var.len(), 1);
    assert!(
        var[0].message.contains("variable `context`") && var[0].message.contains("context-new")
    );
    let rel = fires(&old, &REQUIRED_RELATION_NEVER_SET);
    assert_eq!(rel.len(), 1);
    assert_eq!(rel[0].file.as_deref(), Some("schemas/user.schema"));
    assert!(rel[0].message.contains("`serviceUser`") && rel[0].message.contains("ui/user-new.js"));
    let op = fires(&old, &OPERATION_IN_RELATION_PATH);
    assert_eq!(op.len(), 1);
    assert_eq!(op[0].file.as_deref(), Some("schemas/context.schema"));
    assert!(op[0].message.contains("relation `users`"));
}

/// Built into an archive, the old template's views and scripts are read back from the zip.
#[test]
fn the_old_template_defects_are_found_in_its_archive() {
    let old = project("tests/fixtures/wiring/old-ox-app-suite");
    let dir = tempfile::tempdir().expect("temp dir");
    let written = crate::archive::write_atomic(&old, dir.path(), "old.app.zip", Epoch::default())
        .expect("written");
    let zip = crate::load::open(&written.path, Epoch::default()).expect("read back");
    for rule in RULES {
        assert_eq!(count(&zip, rule), 1, "{} in the archive", rule.code);
    }
}

#[test]
fn the_template_is_wired_cleanly() {
    let new = project("templates/ox-app-suite");
    for rule in RULES {
        quiet(&new, rule);
    }
}

//! Tests of the types family: for every rule, a package that triggers it and one that
//! does not.

use super::*;
use crate::lint::Severity;
use crate::lint::testkit::{fires, quiet, relist, with_file, with_meta, with_schema as schema};
use crate::tree::{Entry, PackageTree};

fn other(id: &str, name: &str, implements: &str) -> String {
    format!(
        "{{\"apsVersion\": \"2.0\", \"name\": \"{name}\", \"id\": \"{id}\", \"implements\": [\"{implements}\"]}}\n"
    )
}

const RESOURCE: &str = "http://aps-standard.org/types/core/resource/1.0";

fn plus(path: &str, content: &str) -> PackageTree {
    with_file(path, content)
}

fn relation(ty: &str) -> PackageTree {
    schema("http://aps-standard.org/types/core/subscription/1.0", ty)
}

fn unbuilt(var_type: &str) -> PackageTree {
    let mut t = with_meta("<schema path=\"schemas/app.schema\"/>\n    <code", "<code");
    let meta = String::from_utf8_lossy(t.bytes("APP-META.xml").unwrap())
        .replace("http://example.org/aps/types/app/1.0", var_type);
    t.insert(Entry::memory("APP-META.xml", meta.into_bytes()));
    t.remove("schemas/app.schema");
    relist(&mut t);
    t
}

#[test]
fn a_broken_schema_cannot_bind_its_service() {
    let f = fires(
        &with_file("schemas/app.schema", "{\"id\": "),
        &SERVICE_SCHEMA_UNUSABLE,
    );
    assert_eq!(f[0].file.as_deref(), Some("APP-META.xml"));
    quiet(&plus("schemas/extra.schema", "{"), &SERVICE_SCHEMA_UNUSABLE);
}

#[test]
fn type_ids_are_unique() {
    let dup = plus(
        "schemas/copy.schema",
        &other("http://example.org/aps/types/app/1.0", "copy", RESOURCE),
    );
    fires(&dup, &DUPLICATE_TYPE_ID);
    let ok = plus(
        "schemas/copy.schema",
        &other("http://example.org/aps/types/copy/1.0", "copy", RESOURCE),
    );
    quiet(&ok, &DUPLICATE_TYPE_ID);
}

#[test]
fn type_names_clash_as_a_warning() {
    let t = plus(
        "schemas/copy.schema",
        &other("http://example.org/aps/types/copy/1.0", "app", RESOURCE),
    );
    assert_eq!(
        fires(&t, &DUPLICATE_TYPE_NAME)[0].severity,
        Severity::Warning
    );
    let ok = plus(
        "schemas/copy.schema",
        &other("http://example.org/aps/types/copy/1.0", "copy", RESOURCE),
    );
    quiet(&ok, &DUPLICATE_TYPE_NAME);
}

#[test]
fn some_type_implements_the_application() {
    let t = schema(
        "http://aps-standard.org/types/core/application/1.0",
        RESOURCE,
    );
    let f = &fires(&t, &NO_APPLICATION_TYPE)[0];
    assert_eq!(f.file.as_deref(), Some("schemas/app.schema"));
    assert!(f.line.is_some());
    assert!(f.message.ends_with("(checked 1 schema)"), "{}", f.message);
    assert!(
        f.help
            .as_deref()
            .is_some_and(|h| h.contains("root service `app`")),
        "{f:?}"
    );
    let mut through = schema(
        "http://aps-standard.org/types/core/application/1.0",
        "http://example.org/aps/types/base/1.0",
    );
    through.insert(Entry::memory(
        "schemas/base.schema",
        other(
            "http://example.org/aps/types/base/1.0",
            "base",
            "http://aps-standard.org/types/core/application/1.0",
        )
        .into_bytes(),
    ));
    relist(&mut through);
    quiet(&through, &NO_APPLICATION_TYPE);
    quiet(
        &unbuilt("http://example.org/aps/types/app/1.0"),
        &NO_APPLICATION_TYPE,
    );
}

#[test]
fn a_long_chain_of_types_listed_backwards_reaches_the_application() {
    // app -> t0000 -> t0001 -> ... -> t(n-1) -> core application: in path order every type
    // comes before the one it implements, the worst order for a pass-until-stable search.
    let n = 1500;
    let ty = |i: usize| format!("http://example.org/aps/types/t{i:04}/1.0");
    let mut t = schema("http://aps-standard.org/types/core/application/1.0", &ty(0));
    for i in 0..n {
        let next = if i + 1 < n {
            ty(i + 1)
        } else {
            "http://aps-standard.org/types/core/application/1.0".to_string()
        };
        t.insert(Entry::memory(
            format!("schemas/t{i:04}.schema"),
            other(&ty(i), &format!("t{i:04}"), &next).into_bytes(),
        ));
    }
    relist(&mut t);
    quiet(&t, &NO_APPLICATION_TYPE);
    // Break the chain at its end: nothing reaches the application type any more.
    t.insert(Entry::memory(
        format!("schemas/t{:04}.schema", n - 1),
        other(&ty(n - 1), &format!("t{:04}", n - 1), RESOURCE).into_bytes(),
    ));
    relist(&mut t);
    assert!(!fires(&t, &NO_APPLICATION_TYPE).is_empty());
}

#[test]
fn unresolved_types_are_errors_at_their_pointer() {
    let t = relation("http://example.org/aps/types/nothing/1.0");
    let f = fires(&t, &UNRESOLVED_TYPE);
    assert_eq!(f[0].file.as_deref(), Some("schemas/app.schema"));
    assert_eq!(f[0].line, Some(10));
    assert!(
        f[0].message.contains("/relations/subscription/type"),
        "{}",
        f[0].message
    );
    fires(
        &relation("http://example.org/aps/types/app/2.0"),
        &UNRESOLVED_TYPE,
    );
    fires(
        &relation("http://example.org/aps/types/app/1.0#Missing"),
        &UNRESOLVED_TYPE,
    );
    let var = with_meta(
        "type-id=\"http://example.org/aps/types/app/1.0\"",
        "type-id=\"http://example.org/aps/types/nope/1.0\"",
    );
    assert_eq!(
        fires(&var, &UNRESOLVED_TYPE)[0].file.as_deref(),
        Some("APP-META.xml")
    );
    quiet(
        &relation("http://parallels.com/aps/types/pa/account/1.2"),
        &UNRESOLVED_TYPE,
    );
    quiet(
        &relation("http://odin.com/servicesSelector/globals/2.0"),
        &UNRESOLVED_TYPE,
    );
    quiet(
        &relation("http://example.org/aps/types/app/1.0"),
        &UNRESOLVED_TYPE,
    );
    quiet(
        &unbuilt("http://example.org/aps/types/nope/1.0"),
        &UNRESOLVED_TYPE,
    );
}

#[test]
fn version_less_references_are_warnings() {
    let t = relation("http://example.org/aps/types/app");
    let f = &fires(&t, &UNVERSIONED_TYPE_REF)[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        f.help.as_deref(),
        Some("Write the full id with its version: `http://example.org/aps/types/app/1.0`.")
    );
    quiet(&t, &UNRESOLVED_TYPE);
    let var = with_meta(
        "type-id=\"http://example.org/aps/types/app/1.0\"",
        "type-id=\"http://example.org/aps/types/app\"",
    );
    fires(&var, &UNVERSIONED_TYPE_REF);
    let f = &fires(
        &unbuilt("http://example.org/aps/types/app"),
        &UNVERSIONED_TYPE_REF,
    )[0];
    assert!(
        f.help
            .as_deref()
            .is_some_and(|h| h.contains("`http://example.org/aps/types/app/<major>.<minor>`")),
        "{f:?}"
    );
    quiet(
        &unbuilt("http://example.org/aps/types/app/1.0"),
        &UNVERSIONED_TYPE_REF,
    );
    quiet(
        &relation("http://aps-standard.org/types/core/subscription"),
        &UNVERSIONED_TYPE_REF,
    );
}

#[test]
fn two_services_on_one_schema() {
    let t = with_meta(
        "</application>",
        "  <service id=\"twin\">\n    <schema path=\"schemas/app.schema\"/>\n    <code engine=\"php\" path=\"scripts/app.php\"/>\n  </service>\n</application>",
    );
    fires(&t, &SERVICE_SCHEMA_SHARED);
    let ok = with_meta(
        "</application>",
        "  <service id=\"twin\">\n    <code engine=\"php\" path=\"scripts/app.php\"/>\n  </service>\n</application>",
    );
    quiet(&ok, &SERVICE_SCHEMA_SHARED);
}

#[test]
fn unresolved_types_are_warnings_while_another_schema_does_not_parse() {
    let mut t = relation("http://example.org/aps/types/other/1.0");
    t.insert(Entry::memory("schemas/other.schema", b"{\"id\": ".to_vec()));
    relist(&mut t);
    let f = fires(&t, &UNRESOLVED_TYPE);
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(
        fires(
            &relation("http://example.org/aps/types/other/1.0"),
            &UNRESOLVED_TYPE
        )[0]
        .severity,
        Severity::Error
    );
}

// --- APS0508 annotation-drift ---------------------------------------------------------------

fn template_project(name: &str, edit: impl Fn(&str) -> String) -> (tempfile::TempDir, PackageTree) {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("templates")
        .join(name);
    let dir = tempfile::tempdir().expect("tempdir");
    for e in walkdir::WalkDir::new(&from).sort_by_file_name() {
        let e = e.expect("walk");
        let to = dir
            .path()
            .join(e.path().strip_prefix(&from).expect("inside"));
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &to).expect("copy");
        }
    }
    let manifest = dir.path().join("aps.toml");
    let text = std::fs::read_to_string(&manifest).expect("aps.toml");
    std::fs::write(&manifest, edit(&text)).expect("write");
    let tree = crate::load::open(dir.path(), crate::epoch::Epoch::default()).expect("project");
    (dir, tree)
}

#[test]
fn annotation_drift_is_quiet_on_the_templates() {
    for name in ["ox-app-suite", "minimal"] {
        let (_dir, tree) = template_project(name, str::to_string);
        quiet(&tree, &ANNOTATION_DRIFT);
    }
    // Not a project: nothing to compare against.
    quiet(&crate::lint::testkit::clean(), &ANNOTATION_DRIFT);
}

#[test]
fn annotation_drift_names_the_script_and_the_manifest_line() {
    let (_dir, tree) = template_project("ox-app-suite", |t| {
        t.replacen(
            "id = \"http://www.open-xchange.com/aps/types/context/1.0\"",
            "id = \"http://www.open-xchange.com/aps/types/context/1.1\"",
            1,
        )
        .replacen("groups = { type = \"group\", collection = true }\n", "", 1)
    });
    let found = fires(&tree, &ANNOTATION_DRIFT);
    let id = found
        .iter()
        .find(|f| f.message.starts_with("type id"))
        .expect("the type id drift");
    assert_eq!(id.file.as_deref(), Some("scripts/context.php"));
    assert!(id.line.is_some_and(|l| l > 1), "{id:?}");
    assert!(id.message.contains("(aps.toml:"), "{}", id.message);
    assert!(id.message.contains("types.context.id"), "{}", id.message);
    let groups = found
        .iter()
        .find(|f| {
            f.message
                .contains("relation `groups` is annotated in the script but not in aps.toml")
        })
        .expect("the missing relation");
    assert_eq!(groups.file.as_deref(), Some("scripts/context.php"));
    // Relations elsewhere that point at the changed id disagree too, each in its own script.
    assert!(
        found
            .iter()
            .any(|f| f.file.as_deref() == Some("scripts/user.php") && f.message.contains("type is")),
        "{found:?}"
    );
}

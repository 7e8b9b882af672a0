//! `apspack diff` and `apspack build --previous` end to end, on packages derived at test time
//! from the bundled OX App Suite template (a copy whose `aps.toml` is edited with toml_edit, so
//! the tests follow the template's current contents instead of pinning them), and on the shared
//! corpus: every upgrade/patch match of its APP-META files parses, and the consecutive
//! OpenStack releases it holds are diffed with the findings pinned.
//!
//! The corpus (`support::corpus`) and `python3` (for its `materialize.py`) are needed by the
//! corpus tests: under `CI` their absence fails the test, locally the test says it skips.

use std::path::{Path, PathBuf};

use serde_json::Value;
use toml_edit::{DocumentMut, Item, value};

use super::support::{self, Apspack, copy_dir};

fn apspack() -> assert_cmd::Command {
    Apspack::new().command()
}

fn template() -> PathBuf {
    support::template("ox-app-suite")
}

/// A copy of the template at `dir` with its manifest edited by `edit`.
fn variant(dir: &Path, edit: impl FnOnce(&mut DocumentMut)) -> PathBuf {
    copy_dir(&template(), dir);
    let manifest = dir.join("aps.toml");
    let text = std::fs::read_to_string(&manifest).expect("read aps.toml");
    let mut doc: DocumentMut = text.parse().expect("the template's aps.toml parses");
    edit(&mut doc);
    std::fs::write(&manifest, doc.to_string()).expect("write aps.toml");
    dir.to_path_buf()
}

/// The template built into `dir` with apspack itself: the installed package of every test.
fn installed(dir: &Path) -> PathBuf {
    let out = dir.join("installed");
    apspack()
        .args(["build", "--out-dir"])
        .arg(&out)
        .arg(template())
        .assert()
        .success();
    let zips: Vec<PathBuf> = std::fs::read_dir(&out)
        .expect("read the output directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".app.zip"))
        .collect();
    assert_eq!(zips.len(), 1, "{zips:?}");
    zips[0].clone()
}

/// The next release: `release` raised by one.
fn next_release(doc: &mut DocumentMut) {
    let release = match doc["package"]["release"].as_value() {
        Some(v) if v.as_integer().is_some() => v.as_integer().unwrap_or(0).to_string(),
        Some(v) => v.as_str().unwrap_or("0").to_string(),
        None => "0".into(),
    };
    let n: u64 = release
        .parse()
        .expect("the template's release is a whole number");
    doc["package"]["release"] = value((n + 1).to_string());
}

/// Names of the manifest's types, in manifest order.
fn type_names(doc: &DocumentMut) -> Vec<String> {
    doc["types"]
        .as_table_like()
        .expect("[types]")
        .iter()
        .map(|(k, _)| k.to_string())
        .collect()
}

/// The first type with at least one property, and that property's name.
fn type_with_property(doc: &DocumentMut) -> (String, String) {
    for name in type_names(doc) {
        if let Some(props) = doc["types"][&name]
            .get("properties")
            .and_then(Item::as_table_like)
            && let Some((first, _)) = props.iter().next()
        {
            return (name, first.to_string());
        }
    }
    panic!("the template has no type with a property");
}

/// Sets the version part of type `name`'s id: `minor` raises the minor part, else the major.
fn bump(doc: &mut DocumentMut, name: &str, major: bool) {
    let id = doc["types"][name]["id"]
        .as_str()
        .expect("a type id")
        .to_string();
    let (base, version) = id.rsplit_once('/').expect("a versioned id");
    let (a, b) = version.split_once('.').unwrap_or((version, "0"));
    let (a, b): (u64, u64) = (a.parse().expect("major"), b.parse().expect("minor"));
    let next = if major {
        format!("{}.0", a + 1)
    } else {
        format!("{a}.{}", b + 1)
    };
    doc["types"][name]["id"] = value(format!("{base}/{next}"));
}

fn add_property(doc: &mut DocumentMut, name: &str) {
    let mut prop = toml_edit::InlineTable::new();
    prop.insert("type", "string".into());
    prop.insert("title", "Added in the next release".into());
    let props = &mut doc["types"][name]["properties"];
    if props.is_none() {
        *props = toml_edit::table();
    }
    props
        .as_table_like_mut()
        .expect("properties table")
        .insert("addedByUpgradeTest", Item::Value(prop.into()));
}

fn remove_property(doc: &mut DocumentMut, name: &str, prop: &str) {
    doc["types"][name]["properties"]
        .as_table_like_mut()
        .expect("properties table")
        .remove(prop);
}

struct Diff {
    code: i32,
    findings: Vec<Value>,
    stderr: String,
}

impl Diff {
    fn codes(&self) -> Vec<&str> {
        self.findings
            .iter()
            .filter_map(|f| f["code"].as_str())
            .collect()
    }

    fn errors(&self) -> Vec<&str> {
        self.findings
            .iter()
            .filter(|f| f["severity"] == "error")
            .filter_map(|f| f["code"].as_str())
            .collect()
    }
}

fn diff(old: &Path, new: &Path) -> Diff {
    let out = apspack()
        .args(["diff", "--format", "json"])
        .arg(old)
        .arg(new)
        .output()
        .expect("run apspack diff");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "diff JSON: {e}\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    Diff {
        code: out.status.code().unwrap_or(-1),
        findings: v["targets"][0]["findings"]
            .as_array()
            .cloned()
            .unwrap_or_default(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn template_new_property_with_a_minor_bump_is_a_safe_upgrade() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = installed(dir.path());
    let new = variant(&dir.path().join("new"), |doc| {
        next_release(doc);
        let name = type_names(doc).remove(0);
        add_property(doc, &name);
        bump(doc, &name, false);
    });
    let d = diff(&old, &new);
    assert_eq!(d.code, 0, "{:?}\n{}", d.findings, d.stderr);
    assert!(d.errors().is_empty(), "{:?}", d.findings);
    assert!(
        d.codes().contains(&"APS1116"),
        "the property is listed: {:?}",
        d.codes()
    );

    // The same check gates a build: the archive is written.
    let out = dir.path().join("dist");
    apspack()
        .args(["build", "--out-dir"])
        .arg(&out)
        .arg("--previous")
        .arg(&old)
        .arg(&new)
        .assert()
        .success();
    assert!(std::fs::read_dir(&out).expect("dist").count() == 2);
}

#[test]
fn template_new_property_without_a_bump_is_not_safe() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = installed(dir.path());
    let new = variant(&dir.path().join("new"), |doc| {
        next_release(doc);
        let name = type_names(doc).remove(0);
        add_property(doc, &name);
    });
    let d = diff(&old, &new);
    assert_eq!(d.code, 1, "{:?}", d.findings);
    assert_eq!(d.errors(), ["APS1110"], "{:?}", d.findings);
    let f = d
        .findings
        .iter()
        .find(|f| f["code"] == "APS1110")
        .expect("APS1110");
    assert!(
        f["file"]
            .as_str()
            .is_some_and(|p| p.starts_with("schemas/")),
        "{f}"
    );
    assert!(f["line"].as_u64().is_some(), "{f}");

    // As a build gate: exit 1, the finding on stderr, nothing written.
    let out = dir.path().join("dist");
    let run = apspack()
        .args(["build", "--out-dir"])
        .arg(&out)
        .arg("--previous")
        .arg(&old)
        .arg(&new)
        .output()
        .expect("run build");
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("APS1110"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!out.exists() || std::fs::read_dir(&out).expect("dist").count() == 0);
}

#[test]
fn template_removed_property_needs_a_major_bump() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = installed(dir.path());
    let minor = variant(&dir.path().join("minor"), |doc| {
        next_release(doc);
        let (name, prop) = type_with_property(doc);
        remove_property(doc, &name, &prop);
        bump(doc, &name, false);
    });
    let d = diff(&old, &minor);
    assert_eq!(d.code, 1, "{:?}", d.findings);
    assert_eq!(d.errors(), ["APS1111"], "{:?}", d.findings);
    assert!(d.codes().contains(&"APS1117"));

    let major = variant(&dir.path().join("major"), |doc| {
        next_release(doc);
        let (name, prop) = type_with_property(doc);
        remove_property(doc, &name, &prop);
        bump(doc, &name, true);
    });
    let d = diff(&old, &major);
    assert_eq!(d.code, 0, "{:?}", d.findings);

    let none = variant(&dir.path().join("none"), |doc| {
        next_release(doc);
        let (name, prop) = type_with_property(doc);
        remove_property(doc, &name, &prop);
    });
    assert_eq!(diff(&old, &none).errors(), ["APS1110"]);
}

#[test]
fn template_identity_changes_are_not_safe() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = installed(dir.path());
    // The template itself: same version and release.
    let d = diff(&old, &template());
    assert_eq!(d.errors(), ["APS1103"], "{:?}", d.findings);
    let moved = variant(&dir.path().join("moved"), |doc| {
        next_release(doc);
        doc["package"]["id"] = value("http://example.org/another-application");
        doc["package"]["upgrade"] = value("version=gt=999");
    });
    let d = diff(&old, &moved);
    let mut errors = d.errors();
    errors.sort_unstable();
    assert_eq!(errors, ["APS1102", "APS1107"], "{:?}", d.findings);
}

/// Two versions made from the template with one change of each kind: the codes, severities and
/// the type each finding is about are pinned. Why each is there:
///
/// * APS1116 + no APS1110: the first type gained a property and a minor bump (safe);
/// * APS1118 + APS1110: the second type's first property changed its title, without a bump;
/// * APS1117 + APS1111: the third type lost a property with only a minor bump;
/// * APS1119 (info): types whose relations point at the first type now refer to its new minor
///   version (the manifest names local types, so the schemas follow);
/// * APS1136: the first type's script changed.
#[test]
fn template_two_versions_with_each_kind_of_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = installed(dir.path());
    let mut picked = Vec::new();
    let new = variant(&dir.path().join("new"), |doc| {
        next_release(doc);
        let names = type_names(doc);
        assert!(names.len() >= 3, "the template has at least three types");
        let with_props: Vec<String> = names
            .iter()
            .filter(|n| {
                doc["types"][n.as_str()]
                    .get("properties")
                    .and_then(Item::as_table_like)
                    .is_some_and(|p| !p.is_empty())
            })
            .cloned()
            .collect();
        assert!(with_props.len() >= 3, "three types with properties");
        let (a, b, c) = (&with_props[0], &with_props[1], &with_props[2]);
        add_property(doc, a);
        bump(doc, a, false);
        let props = doc["types"][b.as_str()]["properties"]
            .as_table_like_mut()
            .expect("properties");
        let first = props
            .iter()
            .next()
            .map(|(k, _)| k.to_string())
            .expect("one");
        let prop = props.get_mut(&first).expect("first property");
        if let Some(t) = prop.as_table_like_mut() {
            t.insert("title", value("A new title"));
        }
        let third_first = doc["types"][c.as_str()]["properties"]
            .as_table_like()
            .and_then(|p| p.iter().next().map(|(k, _)| k.to_string()))
            .expect("a property");
        remove_property(doc, c, &third_first);
        bump(doc, c, false);
        picked = vec![a.clone(), b.clone(), c.clone()];
    });
    let script = new.join(format!("scripts/{}.php", picked[0]));
    if script.is_file() {
        let mut php = std::fs::read_to_string(&script).expect("script");
        php.push_str("\n// changed in the next release\n");
        std::fs::write(&script, php).expect("write script");
    }
    let d = diff(&old, &new);
    assert_eq!(d.code, 1, "{:?}", d.findings);
    let about = |code: &str| -> Vec<String> {
        d.findings
            .iter()
            .filter(|f| f["code"] == code)
            .map(|f| f["file"].as_str().unwrap_or("-").to_string())
            .collect()
    };
    let schema = |n: &str| format!("schemas/{n}.schema");
    assert_eq!(about("APS1116"), [schema(&picked[0])]);
    assert_eq!(about("APS1118"), [schema(&picked[1])]);
    assert_eq!(about("APS1110"), [schema(&picked[1])]);
    assert_eq!(about("APS1117"), [schema(&picked[2])]);
    assert_eq!(about("APS1111"), [schema(&picked[2])]);
    let mut errors = d.errors();
    errors.sort_unstable();
    assert_eq!(errors, ["APS1110", "APS1111"]);
    for f in d.findings.iter().filter(|f| f["code"] == "APS1119") {
        assert_eq!(f["severity"], "info", "a minor move is info: {f}");
    }
    if script.is_file() {
        assert_eq!(about("APS1136"), [format!("scripts/{}.php", picked[0])]);
    }
}

#[test]
fn every_upgrade_and_patch_match_in_the_corpus_parses() {
    let Some(corpus) = support::corpus() else {
        return;
    };
    let mut seen = Vec::new();
    for item in walkdir::WalkDir::new(&corpus).sort_by_file_name() {
        let item = item.expect("walk the corpus");
        if item.file_name() != "APP-META.xml" {
            continue;
        }
        let bytes = std::fs::read(item.path()).expect("read APP-META.xml");
        let Ok(doc) = apspack::xml::parse(&bytes) else {
            continue;
        };
        for el in doc.root.descendants() {
            if (el.name == "upgrade" || el.name == "patch")
                && let Some(m) = el.attr("match")
            {
                let node = apspack::aps::rql::parse(m).unwrap_or_else(|e| {
                    panic!("{}: `{m}` does not parse: {e}", item.path().display())
                });
                assert!(apspack::aps::rql::forbidden(m).is_empty(), "{m}");
                // Each is true for the version it was written to follow.
                let version = |f: &str| match f {
                    "version" => Some("99.0".to_string()),
                    "release" => Some("99".to_string()),
                    _ => None,
                };
                assert_eq!(apspack::aps::rql::eval(&node, &version), Ok(true), "{m}");
                seen.push(m.to_string());
            }
        }
    }
    assert!(seen.len() >= 3, "the corpus has upgrade matches: {seen:?}");
}

/// Materializes corpus root `root` (relative to the corpus) into `out` with materialize.py.
fn materialize(corpus: &Path, root: &str, out: &Path) -> PathBuf {
    let run = std::process::Command::new("python3")
        .arg(corpus.join("materialize.py"))
        .arg(corpus.join(root))
        .arg(out)
        .output()
        .expect("run materialize.py");
    assert!(
        run.status.success(),
        "materialize.py {root}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    out.to_path_buf()
}

/// The corpus holds two consecutive releases of one package: the OpenStack connector built as
/// `Openstack-1.0-64.app.zip`, and its source tree at release 65 (not built, so without type
/// schemas). Diffing them, the pinned findings say:
///
/// * no identity error: same application id, 1.0-65 above 1.0-64, and `version=ge=1.0` is true
///   for 1.0;
/// * APS1109: release 65 is an unbuilt source tree (10 services, no schema), so types were not
///   compared rather than all reported removed;
/// * no service, view or view plug-in was added or removed between the two releases;
/// * the file lists differ, counted per rule rather than listed: 19 files added (the IDE
///   preferences, the 14 earlier archives under `APS Package/`, three PDF guides and
///   `model.types`, all of which the build left out) and 7 removed (the NetBeans project files,
///   `scripts/resource` and `scripts/test.php`, which the source no longer holds); no file at
///   the same path changed (the corpus keeps only metadata, other files are placeholders).
#[test]
fn consecutive_openstack_releases_from_the_corpus() {
    let Some(corpus) = support::corpus() else {
        return;
    };
    if !support::tool("python3", "--version") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let old_dir = materialize(
        &corpus,
        "openstack-aps__openstack-aps/_built/Openstack-1.0-64.app.zip",
        &tmp.path().join("64"),
    );
    let new_dir = materialize(
        &corpus,
        "openstack-aps__openstack-aps",
        &tmp.path().join("65"),
    );
    let mut old = apspack::load::read_dir(&old_dir).expect("load 64");
    old.origin = apspack::tree::Origin::Archive("Openstack-1.0-64.app.zip".into());
    let new = apspack::load::read_dir(&new_dir).expect("load 65");
    let findings = apspack::lint::upgrade::compare(&old, &new);
    let mut pinned = String::new();
    let mut files = std::collections::BTreeMap::new();
    for f in &findings {
        if f.rule.code.starts_with("APS113") && f.rule.code >= "APS1134" {
            *files.entry(f.rule.code).or_insert(0) += 1;
            continue;
        }
        pinned.push_str(&format!(
            "{} {} {}:{} {}\n",
            f.rule.code,
            f.severity.as_str(),
            f.file.as_deref().unwrap_or("-"),
            f.line.unwrap_or(0),
            f.message
        ));
    }
    for (code, n) in files {
        pinned.push_str(&format!("{code} x{n}\n"));
    }
    insta::assert_snapshot!(pinned);
}

/// The SARIF and JUnit reports of a diff list the upgrade rules (the rules that ran), not the
/// lint rules, and carry its findings.
#[test]
fn sarif_and_junit_reports_list_the_upgrade_rules() {
    let rules: Value = serde_json::from_str(
        &Apspack::new()
            .args(["rules", "--format", "json"])
            .run()
            .expect_code(0)
            .stdout,
    )
    .expect("rules JSON");
    let upgrade = rules
        .as_array()
        .expect("array")
        .iter()
        .filter(|r| r["code"].as_str().is_some_and(|c| c.starts_with("APS11")))
        .count();
    assert!(upgrade > 20, "{upgrade}");
    let base = support::root().join("tests/cmd/diff.in");
    let run = |format: &str| {
        Apspack::new()
            .args(["diff", "--format", format])
            .arg(base.join("v1"))
            .arg(base.join("v2-broken"))
            .run()
            .expect_code(1)
            .stdout
    };
    let sarif: Value = serde_json::from_str(&run("sarif")).expect("SARIF is JSON");
    let driver = &sarif["runs"][0]["tool"]["driver"];
    assert_eq!(driver["rules"].as_array().map(Vec::len), Some(upgrade));
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 4);
    assert_eq!(results[0]["ruleId"], "APS1107");
    let junit = run("junit");
    let doc = apspack::xml::parse(junit.as_bytes()).expect("well-formed JUnit");
    let suite = doc.root.child("testsuite").expect("one suite");
    assert_eq!(suite.attr("tests"), Some(upgrade.to_string().as_str()));
    assert_eq!(suite.attr("failures"), Some("2"));
}

//! The editor JSON Schema `schemas/aps.toml.schema.json`: its shape, that the keys it allows at
//! every level are exactly the keys the manifest parser accepts (`manifest::keys`), that its
//! enums and syntax patterns accept what the parser accepts, and (with Python's `jsonschema`)
//! that the templates and fixtures validate against it while broken manifests do not.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use apspack::manifest::{self, keys};
use apspack::typeschema::{PROPERTY_ATTRIBUTES, UNCONFIRMED_PROPERTY_ATTRIBUTES};
use serde_json::Value;

/// The directive every template's aps.toml opens with.
const DIRECTIVE: &str = "#:schema ../../schemas/aps.toml.schema.json";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema_path() -> PathBuf {
    root().join("schemas").join("aps.toml.schema.json")
}

fn schema() -> Value {
    let path = schema_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", path.display()))
}

/// `node` with its `$ref` (to `#/definitions/...`) followed.
fn resolve<'a>(schema: &'a Value, node: &'a Value) -> &'a Value {
    let mut node = node;
    while let Some(r) = node.get("$ref").and_then(Value::as_str) {
        let name = r
            .strip_prefix("#/definitions/")
            .unwrap_or_else(|| panic!("unexpected $ref {r}"));
        node = schema
            .get("definitions")
            .and_then(|d| d.get(name))
            .unwrap_or_else(|| panic!("$ref {r} names no definition"));
    }
    node
}

/// The schema node at `path`: dot-separated keys, `x[]` for the elements of array `x`, `*` for
/// any member of a name-keyed table (`types.*.properties.*`).
fn node_at<'a>(schema: &'a Value, path: &str) -> &'a Value {
    let mut node = schema;
    if path.is_empty() {
        return node;
    }
    for step in path.split('.') {
        let (key, items) = match step.strip_suffix("[]") {
            Some(k) => (k, true),
            None => (step, false),
        };
        node = if key == "*" {
            node.get("additionalProperties")
                .filter(|v| v.is_object())
                .unwrap_or_else(|| panic!("`{path}`: no schema for table members at `{step}`"))
        } else {
            node.get("properties")
                .and_then(|p| p.get(key))
                .unwrap_or_else(|| panic!("`{path}`: the schema has no key `{key}`"))
        };
        node = resolve(schema, node);
        if items {
            node = resolve(
                schema,
                node.get("items")
                    .unwrap_or_else(|| panic!("`{path}`: `{key}` has no items")),
            );
        }
    }
    node
}

/// The keys the schema allows at `path`; fails unless unknown keys are rejected there.
fn schema_keys(schema: &Value, path: &str) -> BTreeSet<String> {
    let node = node_at(schema, path);
    assert_eq!(
        node.get("additionalProperties"),
        Some(&Value::Bool(false)),
        "`{path}` must reject unknown keys, as the parser does"
    );
    node.get("properties")
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("`{path}` has no properties"))
        .keys()
        .cloned()
        .collect()
}

fn set(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

#[test]
fn schema_is_a_draft_07_object_schema() {
    let s = schema();
    assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(s["type"], "object");
    assert!(s["properties"].is_object());
    assert!(s["definitions"].is_object());
    // Every $ref resolves and every key has a description.
    fn walk(schema: &Value, v: &Value, at: &str) {
        if v.get("$ref").is_some() {
            resolve(schema, v);
        }
        if let Some(props) = v.get("properties").and_then(Value::as_object) {
            for (k, p) in props {
                assert!(
                    p.get("description").is_some()
                        || resolve(schema, p).get("description").is_some(),
                    "{at}.{k} has no description"
                );
                walk(schema, p, &format!("{at}.{k}"));
            }
        }
        for key in ["items", "additionalProperties", "propertyNames"] {
            if let Some(x) = v.get(key).filter(|x| x.is_object()) {
                walk(schema, x, &format!("{at}.{key}"));
            }
        }
    }
    walk(&s, &s, "");
    for (name, d) in s["definitions"].as_object().into_iter().flatten() {
        walk(&s, d, &format!("definitions.{name}"));
    }
}

#[test]
fn schema_keys_are_the_parser_keys_at_every_level() {
    let s = schema();
    let levels: &[(&str, &[&str])] = &[
        ("", keys::ROOT_KEYS),
        ("package", keys::PACKAGE_KEYS),
        ("package.vendor", keys::VENDOR_KEYS),
        ("package.packager", keys::PACKAGER_KEYS),
        ("package.license", keys::LICENSE_KEYS),
        ("package.screenshots[]", keys::SCREENSHOT_KEYS),
        ("package.changelog[]", keys::CHANGELOG_KEYS),
        ("files", keys::FILES_KEYS),
        ("types.*", keys::TYPE_KEYS),
        ("types.*.access", keys::ACCESS_KEYS),
        ("types.*.infolinks[]", keys::INFOLINK_KEYS),
        ("types.*.entry-points[]", keys::ENTRY_POINT_KEYS),
        ("types.*.properties.*", keys::PROPERTY_KEYS),
        ("types.*.properties.*.items", keys::PROPERTY_KEYS),
        ("types.*.properties.*.access", keys::ACCESS_KEYS),
        ("types.*.structures.*", keys::STRUCTURE_KEYS),
        ("types.*.structures.*.properties.*", keys::PROPERTY_KEYS),
        ("types.*.relations.*", keys::RELATION_KEYS),
        ("types.*.operations.*", keys::OPERATION_KEYS),
        ("types.*.operations.*.access", keys::ACCESS_KEYS),
        ("types.*.operations.*.parameters.*", keys::PARAMETER_KEYS),
        ("types.*.operations.*.response", keys::RESPONSE_KEYS),
        ("types.*.operations.*.response.items", keys::PROPERTY_KEYS),
        ("types.*.operations.*.errorResponse", keys::RESPONSE_KEYS),
        ("navigation[]", keys::NAVIGATION_KEYS),
        ("navigation[].vars[]", keys::VAR_KEYS),
        ("navigation[].items[]", keys::ITEM_KEYS),
        ("navigation[].items[].views[]", keys::VIEW_KEYS),
        ("navigation[].items[].views[].views[]", keys::VIEW_KEYS),
    ];
    for (path, parser) in levels {
        assert_eq!(
            schema_keys(&s, path),
            set(parser),
            "schema and parser disagree on the keys of `{path}`"
        );
    }
    // No table escapes the comparison: every schema node with keys is one of the levels above.
    let compared: Vec<&Value> = levels
        .iter()
        .map(|(path, _)| node_at(&s, path))
        .chain([node_at(&s, "lint")])
        .collect();
    let mut tables = Vec::new();
    collect_tables(&s, "", &mut tables);
    for (name, d) in s["definitions"].as_object().into_iter().flatten() {
        collect_tables(d, &format!("definitions.{name}"), &mut tables);
    }
    assert!(
        tables.len() > levels.len() / 2,
        "tables found: {}",
        tables.len()
    );
    for (at, node) in tables {
        assert!(
            compared.iter().any(|c| std::ptr::eq(*c, node)),
            "`{at}` is a table the comparison with the parser does not reach"
        );
    }
    // Properties: the documented type-schema attributes plus the unconfirmed ones, nothing else.
    let mut attributes = set(PROPERTY_ATTRIBUTES);
    attributes.extend(set(UNCONFIRMED_PROPERTY_ATTRIBUTES));
    assert_eq!(schema_keys(&s, "types.*.properties.*"), attributes);
    // [lint] as the lint configuration reads it.
    assert_eq!(schema_keys(&s, "lint"), set(&["allow", "severity"]));
}

/// Every schema node below `v` (not following `$ref`) that lists keys, with where it is.
fn collect_tables<'a>(v: &'a Value, at: &str, out: &mut Vec<(String, &'a Value)>) {
    if let Some(props) = v.get("properties").and_then(Value::as_object) {
        out.push((at.to_string(), v));
        for (k, p) in props {
            collect_tables(p, &format!("{at}.{k}"), out);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(x) = v.get(key).filter(|x| x.is_object()) {
            collect_tables(x, &format!("{at}.{key}"), out);
        }
    }
}

#[test]
fn names_and_view_controls_match_the_parser() {
    let s = schema();
    let controls = node_at(&s, "navigation[].items[].views[].controls");
    assert_eq!(controls["items"]["enum"], serde_json::json!(keys::CONTROLS));
    for table in [
        "types",
        "types.*.properties",
        "types.*.structures",
        "types.*.relations",
        "types.*.operations",
        "types.*.operations.*.parameters",
    ] {
        let names = resolve(&s, &node_at(&s, table)["propertyNames"]);
        assert_eq!(
            names["pattern"], "^[a-zA-Z_][a-zA-Z0-9_]*$",
            "`{table}` member names"
        );
    }
    let colour = node_at(&s, "types.*.color");
    assert_eq!(colour["pattern"], "^#[0-9A-Fa-f]{6}$");
}

/// A manifest of one application type with the given extra lines, parsed in an empty directory;
/// the messages of every problem (missing files among them).
fn parser_messages(extra: &str) -> Vec<String> {
    parser_messages_with("", extra)
}

/// As [`parser_messages`], with extra lines in `[package]` too.
fn parser_messages_with(package: &str, extra: &str) -> Vec<String> {
    let text = format!(
        "[package]\nid = \"http://www.example.com/aps/x\"\nname = \"X\"\nversion = \"1.0\"\n\
         release = 1\n{package}\n[types.app]\nid = \"http://www.example.com/aps/app/1.0\"\n\
         implements = [\"core/application/1.0\"]\n{extra}"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    match manifest::parse(&text, dir.path()) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems().iter().map(|p| p.message.clone()).collect(),
    }
}

fn enum_of(s: &Value, path: &str) -> Vec<String> {
    node_at(s, path)["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("`{path}` has no enum"))
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

/// Every value of the schema's enum at `path` is accepted by the parser, and a value outside it
/// is not: `manifest(value)` builds the extra lines, `complaint` is the parser's message part.
fn assert_enum_agrees(path: &str, manifest: impl Fn(&str) -> String, complaint: &str) {
    let s = schema();
    let values = enum_of(&s, path);
    assert!(!values.is_empty());
    for v in values.iter().map(String::as_str).chain(["bogus"]) {
        let rejected = parser_messages(&manifest(v))
            .iter()
            .any(|m| m.contains(complaint));
        assert_eq!(
            rejected,
            !values.iter().any(|x| x == v),
            "`{path}` = {v:?}: schema and parser disagree"
        );
    }
}

#[test]
fn enums_match_what_the_parser_accepts() {
    assert_enum_agrees(
        "types.*.operations.*.verb",
        |v| format!("[types.app.operations.op]\nverb = \"{v}\"\npath = \"/x\"\n"),
        "is not an operation verb",
    );
    assert_enum_agrees(
        "types.*.operations.*.parameters.*.kind",
        |v| {
            format!(
                "[types.app.operations.op]\nverb = \"GET\"\npath = \"/x\"\n\
                 parameters = {{ p = {{ type = \"string\", kind = \"{v}\" }} }}\n"
            )
        },
        "is not a parameter kind",
    );
    assert_enum_agrees(
        "package.license.kind",
        |v| {
            format!(
                "\n[package.license]\nkind = \"{v}\"\nname = \"L\"\nurl = \"https://example.com/l\"\n"
            )
        },
        "licence kind",
    );
}

/// Which of `samples` the regular expression `pattern` finds a match in, as JSON Schema
/// validators do (Python's `re.search`); `None` without python3 (a local run; CI fails).
fn python_matches(pattern: &str, samples: &[&str]) -> Option<Vec<bool>> {
    if !super::support::tool("python3", "--version") {
        return None;
    }
    const SCRIPT: &str = "import json, re, sys\n\
        p, samples = json.loads(sys.argv[1])\n\
        print(json.dumps([re.search(p, s) is not None for s in samples]))\n";
    let input = serde_json::json!([pattern, samples]).to_string();
    let out = Command::new("python3")
        .args(["-c", SCRIPT, &input])
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    serde_json::from_slice(&out.stdout).ok()
}

/// The schema's pattern at `path` matches exactly the samples `accepts` says the parser takes.
fn assert_pattern_agrees(path: &str, samples: &[&str], accepts: impl Fn(&str) -> bool) {
    let s = schema();
    let node = node_at(&s, path);
    let pattern = node["pattern"]
        .as_str()
        .unwrap_or_else(|| panic!("`{path}` has no pattern"));
    let Some(matches) = python_matches(pattern, samples)
        .or_else(|| super::support::missing("python3 (to run the schema's patterns)"))
    else {
        return;
    };
    assert_eq!(matches.len(), samples.len());
    for (sample, matched) in samples.iter().zip(matches) {
        assert_eq!(
            matched,
            accepts(sample),
            "`{path}` pattern {pattern:?} and the parser disagree on {sample:?}"
        );
    }
}

/// The TOML string literal for `s` (JSON string escapes are valid TOML).
fn quoted(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

#[test]
fn patterns_agree_with_the_parser_checks() {
    assert_pattern_agrees(
        "types.*.id",
        &[
            "http://ox.example.org/aps/context/1.0",
            "http://ox.example.org/aps/context/2",
            "http://ox.example.org/2.1",
            "http://ox.example.org/aps/context/01.0",
            "http://ox.example.org/aps/context/1.00",
            "https://ox.example.org/aps/context/1.0",
            "http://ox.example.org:80/aps/context/1.0",
            "http://ox.example.org/context",
            "http://ox.example.org",
            "http://ox.example.org/aps//1.0",
            "http://ox.example.org/a b/1.0",
            "http://ox.example.org/a?b/1.0",
        ],
        |s| apspack::aps::TypeId::parse_versioned(s).is_ok(),
    );
    let names = ["_a1", "contextId", "A", "1a", "a-b", "a b", "é", ""];
    assert_pattern_agrees(
        "navigation[].vars[].name",
        &names,
        apspack::aps::is_identifier,
    );
    assert_pattern_agrees(
        "package.icon",
        &[
            "images/icon.png",
            ".well/x",
            "..x/y",
            "a/.../b",
            "/images/icon.png",
            "images//icon.png",
            "./icon.png",
            "images/../icon.png",
            "..",
            "images\\icon.png",
            "http://x/y.png",
            "images/",
        ],
        |p| {
            !parser_messages_with(&format!("icon = {}\n", quoted(p)), "")
                .iter()
                .any(|m| m.contains("is not a relative path inside the project"))
        },
    );
    assert_pattern_agrees(
        "package.homepage",
        &[
            "https://www.example.com",
            "http://x.org/a?b#c",
            "x.org",
            "http://",
            "http:///a",
            "ftp://x.org",
            "https://x.org/a b",
        ],
        |u| {
            !parser_messages_with(&format!("homepage = {}\n", quoted(u)), "")
                .iter()
                .any(|m| m.contains("is not an absolute http(s) URL"))
        },
    );
    assert_pattern_agrees(
        "types.*.color",
        &[
            "#0044aA", "#FFFFFF", "#04a", "0044aa0", "#0044aG", "#0044aa0",
        ],
        |c| {
            !parser_messages(&format!("color = {}\n", quoted(c)))
                .iter()
                .any(|m| m.contains("is not a colour"))
        },
    );
    assert_pattern_agrees(
        "navigation[].id",
        &["main", "a-b.c_1", "a b", "a/b", "a#b", "a\"b", "a<b", "a&b"],
        |id| {
            !parser_messages(&format!(
                "[[navigation]]\nid = {}\nlabel = \"L\"\n",
                quoted(id)
            ))
            .iter()
            .any(|m| m.contains("has spaces or reserved characters"))
        },
    );
}

// ----- validation with Python's jsonschema -----

/// True when `python3` can import `jsonschema`; prints why not otherwise.
fn have_jsonschema() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        super::support::missing::<()>("python3 with the jsonschema package");
    }
    ok
}

fn to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

fn toml_as_json(text: &str, what: &str) -> Value {
    let table: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("{what} is not valid TOML: {e}"));
    to_json(&toml::Value::Table(table))
}

/// Validates each named JSON document against the schema; `None` when valid, else the first
/// error Python reports.
fn validate(docs: &[(String, Value)]) -> Vec<(String, Option<String>)> {
    const SCRIPT: &str = r#"
import json, sys
import jsonschema
with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.absolute_path)
        print("FAIL " + json.dumps(where + ": " + e.message))
    else:
        print("OK")
"#;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut args = vec![schema_path().display().to_string()];
    for (i, (_, doc)) in docs.iter().enumerate() {
        let path = dir.path().join(format!("{i}.json"));
        std::fs::write(&path, doc.to_string()).expect("write temp JSON");
        args.push(path.display().to_string());
    }
    let out = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .args(&args)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "the validator failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.len(),
        docs.len(),
        "one verdict per document: {stdout}"
    );
    docs.iter()
        .zip(lines)
        .map(|((name, _), line)| {
            let verdict = line.strip_prefix("FAIL ").map(str::to_string);
            (name.clone(), verdict)
        })
        .collect()
}

/// Every `aps.toml` one level below `dir`, sorted.
fn manifests_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path().join("aps.toml"))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

#[test]
fn templates_and_fixtures_validate_against_the_schema() {
    if !have_jsonschema() {
        return;
    }
    let mut files = manifests_under(&root().join("templates"));
    let templates = files.len();
    files.extend(manifests_under(
        &root().join("tests").join("fixtures").join("manifest"),
    ));
    assert!(
        templates >= 2 && files.len() > templates,
        "templates and fixtures found"
    );
    let docs: Vec<(String, Value)> = files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            let name = p.display().to_string();
            let doc = toml_as_json(&text, &name);
            (name, doc)
        })
        .collect();
    for (name, verdict) in validate(&docs) {
        assert_eq!(verdict, None, "{name} does not validate against the schema");
    }
}

#[test]
fn broken_manifests_fail_the_schema() {
    if !have_jsonschema() {
        return;
    }
    let good = "[package]\nid = \"http://www.example.com/aps/x\"\nname = \"X\"\nversion = \"1.0\"\n\
                release = 1\n\n[types.app]\nid = \"http://www.example.com/aps/app/1.0\"\n\
                implements = [\"core/application/1.0\"]\n";
    let cases = [
        ("good", good.to_string()),
        (
            "unknown key",
            good.replace("name = \"X\"", "name = \"X\"\nnmae = \"Y\""),
        ),
        (
            "bad verb",
            format!("{good}[types.app.operations.op]\nverb = \"get\"\npath = \"/x\"\n"),
        ),
        (
            "bad property key",
            format!(
                "{good}[types.app.properties]\nuser = {{ type = \"string\", requird = true }}\n"
            ),
        ),
        ("bad type name", good.replace("[types.app]", "[types.1app]")),
        ("bad colour", format!("{good}color = \"#04a\"\n")),
        (
            "upgrade and patch",
            good.replace(
                "release = 1",
                "release = 1\nupgrade = \"version=ge=1\"\npatch = \"version=ge=1\"",
            ),
        ),
        (
            "no types",
            good.split("[types.app]")
                .next()
                .unwrap_or_default()
                .to_string(),
        ),
        (
            "bad lint severity",
            format!("{good}[lint.severity]\nAPS0306 = \"fatal\"\n"),
        ),
    ];
    let docs: Vec<(String, Value)> = cases
        .iter()
        .map(|(name, text)| (name.to_string(), toml_as_json(text, name)))
        .collect();
    let verdicts = validate(&docs);
    for (name, verdict) in &verdicts {
        if name == "good" {
            assert_eq!(verdict, &None, "the good manifest must validate");
        } else {
            assert!(verdict.is_some(), "`{name}` must fail the schema");
        }
    }
    // The parser rejects the same things: each broken manifest draws a problem the good one
    // (which lacks its script file in the empty directory) does not.
    let dir = tempfile::tempdir().expect("temp dir");
    let messages = |text: &str| -> BTreeSet<String> {
        match manifest::parse(text, dir.path()) {
            Ok(_) => BTreeSet::new(),
            Err(e) => e.problems().iter().map(|p| p.message.clone()).collect(),
        }
    };
    let baseline = messages(&cases[0].1);
    for (name, text) in &cases[1..] {
        if *name == "bad lint severity" {
            continue; // the manifest parser passes [lint] through; the lint configuration checks it
        }
        assert!(
            !messages(text).is_subset(&baseline),
            "the parser accepts `{name}`"
        );
    }
}

#[test]
fn templates_point_editors_at_the_schema() {
    for manifest in manifests_under(&root().join("templates")) {
        let text = std::fs::read_to_string(&manifest)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", manifest.display()));
        assert_eq!(
            text.lines().next(),
            Some(DIRECTIVE),
            "{} must open with the schema directive",
            manifest.display()
        );
        let target = DIRECTIVE.trim_start_matches("#:schema ");
        let dir = manifest.parent().unwrap_or(Path::new("."));
        assert!(
            dir.join(target).is_file(),
            "{}: {target} does not exist",
            manifest.display()
        );
    }
}

//! Integration tests of `apspack lint` output formats, `explain` and `rules`, run on the binary.
//!
//! SARIF output is validated against the official SARIF 2.1.0 JSON schema and by the SARIF
//! multitool when they are installed (`.ci/run` installs them under `target/ci-tools`, or set
//! `APSPACK_SARIF_TOOLS` to a folder holding `node_modules/@microsoft/sarif-multitool-linux`);
//! otherwise those checks say they are skipped.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use serde_json::Value;

use super::support::{self, Apspack, Run};

fn fixture(name: &str) -> PathBuf {
    support::fixture("report").join(name)
}

fn run(args: &[&str]) -> Run {
    Apspack::new().args(args).run()
}

fn lint(paths: &[&Path], format: &str, extra: &[&str]) -> Run {
    let mut args: Vec<String> = vec!["lint".into(), "--format".into(), format.into()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(paths.iter().map(|p| p.display().to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&refs)
}

fn registry() -> Vec<Value> {
    let r = run(&["rules", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("rules JSON");
    v.as_array().cloned().expect("an array")
}

/// The rules `lint` runs: the registry without the upgrade family (APS11xx), which only
/// `diff` and `build --previous` run.
fn lint_rules() -> Vec<Value> {
    registry()
        .into_iter()
        .filter(|r| !r["code"].as_str().unwrap_or_default().starts_with("APS11"))
        .collect()
}

#[test]
fn rules_json_parses_and_codes_and_names_are_unique() {
    let rules = registry();
    let mut codes = std::collections::HashSet::new();
    let mut names = std::collections::HashSet::new();
    for r in &rules {
        let code = r["code"].as_str().expect("code");
        assert!(codes.insert(code.to_string()), "duplicate {code}");
        assert!(names.insert(r["name"].as_str().expect("name").to_string()));
        assert!(["error", "warning", "info"].contains(&r["severity"].as_str().unwrap_or("")));
        for part in ["what", "why", "example", "fix"] {
            assert!(r["doc"][part].is_string(), "{code} lacks doc.{part}");
        }
    }
    let human = run(&["rules"]);
    assert_eq!(human.code, 0);
    assert!(human.stdout.starts_with("CODE"));
    assert_eq!(human.stdout.lines().count(), rules.len() + 1);
    let md = run(&["rules", "--format", "markdown"]);
    assert_eq!(md.code, 0);
    assert_eq!(md.stdout.matches("\n## APS").count(), rules.len());
}

#[test]
fn explain_known_and_unknown_rules() {
    let unknown = run(&["explain", "APS9999"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stdout.is_empty());
    assert!(unknown.stderr.contains("`APS9999`"), "{}", unknown.stderr);
    assert!(unknown.stderr.contains("apspack rules"));
    let rules = registry();
    let rule = rules.first().expect("the rule registry has rules");
    let code = rule["code"].as_str().unwrap_or_default();
    let name = rule["name"].as_str().unwrap_or_default();
    for key in [
        code.to_string(),
        code.to_ascii_lowercase(),
        name.to_string(),
    ] {
        let r = run(&["explain", &key]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stdout.starts_with(&format!("{code} {name}\n")),
            "{}",
            r.stdout
        );
        for section in ["\nWhat\n", "\nWhy\n", "\nExample\n", "\nFix\n"] {
            assert!(r.stdout.contains(section));
        }
    }
    if let Some(alias) = rules.iter().find_map(|r| r["vendor_code"].as_str()) {
        let r = run(&["explain", alias]);
        assert_eq!(r.code, 0);
        assert!(r.stdout.contains(&format!("vendor alias: {alias}")));
    }
    let typo = format!("{name}x");
    let r = run(&["explain", &typo]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean"), "{}", r.stderr);
}

#[test]
fn json_report_has_the_documented_shape() {
    let clean = fixture("clean");
    let r = lint(&[&clean], "json", &[]);
    let v: Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["tool"]["name"], "apspack");
    assert!(v["tool"]["version"].is_string());
    let t = &v["targets"][0];
    assert_eq!(t["path"], clean.display().to_string());
    assert_eq!(t["aps_version"], "2.0");
    for f in t["findings"].as_array().expect("findings") {
        let keys: Vec<&String> = f.as_object().expect("object").keys().collect();
        assert_eq!(
            keys,
            [
                "code", "rule", "severity", "message", "file", "line", "column", "help"
            ]
        );
    }
    let s = &v["summary"];
    assert_eq!(s["targets"], 1);
    assert_eq!(s["errors"], 0, "the clean fixture has errors: {}", r.stdout);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.ends_with("}\n"));
}

#[test]
fn human_report_ends_with_a_summary() {
    let r = lint(&[&fixture("clean")], "human", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let last = r.stdout.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("0 errors, ") && last.ends_with(" in 1 target"),
        "{last}"
    );
}

#[test]
fn a_missing_target_is_fatal_but_others_are_still_reported() {
    let nowhere = fixture("does-not-exist");
    let clean = fixture("clean");
    let r = lint(&[&nowhere, &clean], "json", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("does-not-exist"), "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert!(v["targets"][0]["error"].is_string());
    assert_eq!(v["targets"][1]["aps_version"], "2.0");
    let h = lint(&[&nowhere], "human", &[]);
    assert_eq!(h.code, 2);
    assert!(h.stdout.contains("1 target could not be linted"));
}

#[test]
fn a_bad_config_file_is_fatal_with_its_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("lint.toml");
    std::fs::write(&cfg, "[lint]\nallow = [\"no-such-rule\"]\n").expect("write");
    let cfg_arg = cfg.display().to_string();
    let r = lint(&[&fixture("clean")], "json", &["--config", &cfg_arg]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("lint.toml:2:10"), "{}", r.stderr);
    assert!(
        r.stderr.contains("unknown rule `no-such-rule`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_missing_referenced_file_fails_the_run() {
    assert!(
        registry()
            .iter()
            .any(|r| r["name"] == "referenced-file-missing")
    );
    let r = lint(&[&fixture("missing-file")], "json", &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let v: Value = serde_json::from_str(&r.stdout).expect("JSON");
    let findings = v["targets"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "referenced-file-missing" && f["severity"] == "error"),
        "{}",
        r.stdout
    );
    let allowed = tempfile::tempdir().expect("tempdir");
    let cfg = allowed.path().join("lint.toml");
    std::fs::write(
        &cfg,
        "[lint.severity]\nreferenced-file-missing = \"warning\"\n",
    )
    .expect("write");
    let cfg_arg = cfg.display().to_string();
    let demoted = lint(&[&fixture("missing-file")], "json", &["--config", &cfg_arg]);
    let v: Value = serde_json::from_str(&demoted.stdout).expect("JSON");
    if v["summary"]["errors"] == 0 {
        assert_eq!(demoted.code, 0, "{}", demoted.stdout);
        let strict = lint(
            &[&fixture("missing-file")],
            "json",
            &["--config", &cfg_arg, "--strict"],
        );
        assert_eq!(strict.code, 1);
    }
}

/// True if `line` is one GitHub workflow command with properly escaped parts.
fn is_workflow_command(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("::") else {
        return false;
    };
    let Some((head, data)) = rest.split_once("::") else {
        return false;
    };
    let (cmd, props) = head.split_once(' ').unwrap_or((head, ""));
    if !["error", "warning", "notice"].contains(&cmd) || data.contains(['\r', '\n']) {
        return false;
    }
    let escaped_ok = |s: &str| {
        s.match_indices('%')
            .all(|(i, _)| matches!(s.get(i + 1..i + 3), Some("25" | "0D" | "0A" | "3A" | "2C")))
    };
    if !escaped_ok(data) {
        return false;
    }
    props.is_empty()
        || props.split(',').all(|p| {
            p.split_once('=').is_some_and(|(k, v)| {
                ["file", "line", "col", "endLine", "endColumn", "title"].contains(&k)
                    && !v.contains(':')
                    && escaped_ok(v)
            })
        })
}

#[test]
fn github_lines_are_workflow_commands() {
    assert!(is_workflow_command(
        "::error file=a%2Cb,line=1,title=X::m%0An"
    ));
    assert!(!is_workflow_command("::error file=a:b::m"));
    assert!(!is_workflow_command("::fatal::m"));
    let r = lint(
        &[&fixture("clean"), &fixture("missing-file")],
        "github",
        &[],
    );
    assert!(!r.stdout.is_empty());
    for line in r.stdout.lines() {
        assert!(is_workflow_command(line), "not a workflow command: {line}");
    }
    assert!(
        r.stdout
            .lines()
            .last()
            .unwrap_or("")
            .starts_with("::notice title=apspack::")
    );
}

#[test]
fn junit_is_well_formed() {
    let r = lint(&[&fixture("clean"), &fixture("missing-file")], "junit", &[]);
    let doc = apspack::xml::parse(r.stdout.as_bytes()).expect("well-formed JUnit");
    assert_eq!(doc.root.name, "testsuites");
    let suites: Vec<_> = doc.root.children_named("testsuite").collect();
    assert_eq!(suites.len(), 2);
    let n = lint_rules().len();
    for s in &suites {
        assert_eq!(s.attr("tests"), Some(n.to_string().as_str()));
        assert_eq!(s.children_named("testcase").count(), n);
        let failing = s
            .children_named("testcase")
            .filter(|c| c.child("failure").is_some())
            .count();
        assert_eq!(s.attr("failures"), Some(failing.to_string().as_str()));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("report.xml");
    std::fs::write(&file, &r.stdout).expect("write");
    if support::tool("xmllint", "--version") {
        let out = Process::new("xmllint")
            .arg("--noout")
            .arg(&file)
            .output()
            .expect("xmllint runs");
        assert!(
            out.status.success(),
            "xmllint: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn sarif_tools() -> Option<PathBuf> {
    let base = std::env::var_os("APSPACK_SARIF_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-tools"));
    let dir = base.join("node_modules/@microsoft/sarif-multitool-linux");
    dir.join("sarif-2.1.0.json").is_file().then_some(dir)
}

const VALIDATE_PY: &str = r#"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
cls = jsonschema.validators.validator_for(schema)
errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors:
    print("/".join(map(str, e.path)), e.message)
sys.exit(1 if errors else 0)
"#;

#[test]
fn sarif_validates() {
    let r = lint(&[&fixture("clean"), &fixture("missing-file")], "sarif", &[]);
    let v: Value = serde_json::from_str(&r.stdout).expect("SARIF is JSON");
    assert_eq!(v["version"], "2.1.0");
    let rules = v["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(rules.len(), lint_rules().len());
    for res in v["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        let i = res["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
        assert_eq!(rules.get(i).map(|r| &r["id"]), Some(&res["ruleId"]));
    }
    let Some(tools) = sarif_tools().or_else(|| {
        support::missing("the SARIF schema and multitool (run .ci/run or set APSPACK_SARIF_TOOLS)")
    }) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("report.sarif");
    std::fs::write(&file, &r.stdout).expect("write");
    let schema = tools.join("sarif-2.1.0.json");
    match Process::new("python3")
        .arg("-c")
        .arg(VALIDATE_PY)
        .arg(&schema)
        .arg(&file)
        .output()
    {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            if text.contains("No module named 'jsonschema'") {
                support::missing::<()>("Python's jsonschema module");
            } else {
                panic!("SARIF does not match the schema:\n{text}");
            }
        }
        Err(_) => {
            support::missing::<()>("python3");
        }
    }
    let tool = tools.join("Sarif.Multitool");
    let validated = Process::new(&tool)
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .arg("validate")
        .arg(&file)
        .output();
    match validated {
        Ok(out) if String::from_utf8_lossy(&out.stdout).contains("files scanned") => {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "multitool failed:\n{text}");
            let errors: Vec<&str> = text.lines().filter(|l| l.contains(": error ")).collect();
            assert!(
                errors.is_empty(),
                "multitool errors:\n{}",
                errors.join("\n")
            );
        }
        Ok(out) => {
            let why = String::from_utf8_lossy(&out.stderr);
            support::missing::<()>(&format!("a working SARIF multitool ({why})"));
        }
        Err(e) => {
            support::missing::<()>(&format!("the SARIF multitool {} ({e})", tool.display()));
        }
    }
}

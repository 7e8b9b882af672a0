//! Lint results as SARIF 2.1.0: one run, every rule that ran in `tool.driver.rules`.
//!
//! Locations are relative URIs as the user's repository sees them (target path joined with the
//! package path) under the `%SRCROOT%` base. Findings inside an archive point at the archive
//! itself, and findings in files a project generates at its `aps.toml`, with the package path
//! and line in the message. A target that could not be linted becomes a tool execution
//! notification of level `error`.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{Report, TOOL_NAME, TOOL_URI, TOOL_VERSION, TargetReport, help_of};
use crate::lint::{Finding, Rule, Severity};
use crate::text::LineIndex;

/// The schema URI written into `$schema`.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The URI base id of every location.
pub const SRCROOT: &str = "%SRCROOT%";

/// SARIF `level` of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_value(r: &Rule) -> Value {
    let markdown = format!(
        "**{}** `{}` — {}\n\n## What\n\n{}\n\n## Why\n\n{}\n\n## Example\n\n```\n{}\n```\n\n## Fix\n\n{}\n",
        r.code, r.name, r.summary, r.doc.what, r.doc.why, r.doc.example, r.doc.fix
    );
    let text = format!(
        "{}\n\nWhy: {}\n\nExample:\n{}\n\nFix: {}",
        r.doc.what, r.doc.why, r.doc.example, r.doc.fix
    );
    let mut v = json!({
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.doc.what},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": level(r.severity)},
    });
    if let (Some(vendor), Some(map)) = (r.vendor_code, v.as_object_mut()) {
        map.insert("properties".to_string(), json!({"vendorCode": vendor}));
    }
    v
}

/// Percent-encodes a path for use as a relative URI reference (keeps `/` and unreserved
/// characters; turns `\` into `/`).
pub fn uri_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(b));
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn artifact(path: &str) -> Value {
    if path.starts_with('/') {
        json!({"uri": format!("file://{}", uri_of(path))})
    } else {
        json!({"uri": uri_of(path), "uriBaseId": SRCROOT})
    }
}

/// Line indexes of a target's files, built once per file rather than once per finding.
type Lines<'t> = HashMap<&'t str, LineIndex>;

/// Line and (exclusive) column of the end of a finding's span, when its file is at hand.
fn end_of<'t>(t: &'t TargetReport, f: &Finding, lines: &mut Lines<'t>) -> Option<(u32, u32)> {
    let span = f.span.as_ref()?;
    let (file, bytes) = t.sources.get_key_value(f.file.as_ref()?)?;
    if span.end > bytes.len() || span.end <= span.start {
        return None;
    }
    let index = lines
        .entry(file.as_str())
        .or_insert_with(|| LineIndex::new(bytes));
    Some(index.position(span.end))
}

fn result_value<'t>(
    t: &'t TargetReport,
    f: &Finding,
    index: usize,
    lines: &mut Lines<'t>,
) -> Value {
    let local = t.is_local(f.file.as_deref());
    let mut text = f.message.clone();
    if !local && let Some(file) = &f.file {
        let at = match f.line {
            Some(l) => format!("{file}:{l}"),
            None => file.clone(),
        };
        text = format!("{at}: {text}");
    }
    let mut physical = json!({"artifactLocation": artifact(&t.repo_path(f.file.as_deref()))});
    if local && let Some(line) = f.line {
        let mut region = json!({"startLine": line});
        if let (Some(c), Some(map)) = (f.column, region.as_object_mut()) {
            map.insert("startColumn".to_string(), json!(c));
            if let Some((el, ec)) = end_of(t, f, lines) {
                map.insert("endLine".to_string(), json!(el));
                map.insert("endColumn".to_string(), json!(ec));
            }
        }
        if let Some(map) = physical.as_object_mut() {
            map.insert("region".to_string(), region);
        }
    }
    json!({
        "ruleId": f.rule.code,
        "ruleIndex": index,
        "level": level(f.severity),
        "message": {"text": format!("{text}\nhelp: {}", help_of(f))},
        "locations": [{"physicalLocation": physical}],
    })
}

/// The report as a SARIF value.
pub fn to_value(report: &Report) -> Value {
    let rules = report.rules();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for t in &report.targets {
        if let Some(e) = &t.error {
            notifications.push(json!({
                "level": "error",
                "message": {"text": e},
                "locations": [{"physicalLocation": {"artifactLocation": artifact(&t.path)}}],
            }));
        }
        let mut lines = Lines::new();
        for f in &t.findings {
            let index = rules
                .iter()
                .position(|r| r.code == f.rule.code)
                .unwrap_or(0);
            results.push(result_value(t, f, index, &mut lines));
        }
    }
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": TOOL_NAME,
                "version": TOOL_VERSION,
                "semanticVersion": TOOL_VERSION,
                "informationUri": TOOL_URI,
                "rules": rules.iter().map(|r| rule_value(r)).collect::<Vec<_>>(),
            }},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": {SRCROOT: {"description": {"text": "The directory apspack ran in."}}},
            "results": results,
        }],
    })
}

/// The report as pretty-printed SARIF with a trailing newline.
pub fn render(report: &Report) -> String {
    super::pretty_json(&to_value(report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn many_findings_in_a_large_file_end_right() {
        let r = fixtures::many_findings(20_000);
        let v = to_value(&r);
        let region = &v["runs"][0]["results"][14_999]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], 15_000);
        assert_eq!(region["endLine"], 15_000);
        assert_eq!(region["endColumn"], 19);
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render(&fixtures::report()));
    }

    #[test]
    fn results_point_at_rules_and_files() {
        let v = to_value(&fixtures::report());
        let run = &v["runs"][0];
        let rules = run["tool"]["driver"]["rules"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let results = run["results"].as_array().cloned().unwrap_or_default();
        assert_eq!(results.len(), 4);
        for r in &results {
            let i = r["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
            assert_eq!(rules[i]["id"], r["ruleId"]);
        }
        let first = &results[0]["locations"][0]["physicalLocation"];
        assert_eq!(first["artifactLocation"]["uri"], "pkgs/app/APP-META.xml");
        assert_eq!(first["region"]["startLine"], 2);
        assert_eq!(first["region"]["startColumn"], 21);
        assert_eq!(first["region"]["endLine"], 2);
        assert_eq!(first["region"]["endColumn"], 30);
        assert_eq!(results[1]["level"], "note");
        assert_eq!(
            results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "pkgs/app/ui/a%2Cb%3Ac%25.txt"
        );
        let zipped = &results[3];
        assert_eq!(
            zipped["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "dist/App-1.0-1.app.zip"
        );
        assert!(
            zipped["locations"][0]["physicalLocation"]
                .get("region")
                .is_none()
        );
        assert!(
            zipped["message"]["text"]
                .as_str()
                .unwrap_or("")
                .starts_with("APP-META.xml:2: ")
        );
        assert_eq!(run["invocations"][0]["executionSuccessful"], false);
        assert_eq!(uri_of("/abs/p q"), "/abs/p%20q");
        assert_eq!(artifact("/abs/x")["uri"], "file:///abs/x");
    }

    /// Validates the fixture report against the official SARIF 2.1.0 schema (shipped in the
    /// SARIF multitool's npm package) with Python's `jsonschema`, when both are installed.
    #[test]
    fn fixture_report_matches_the_official_schema() {
        let base = std::env::var_os("APSPACK_SARIF_TOOLS")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-tools")
            });
        let schema = base.join("node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json");
        if !schema.is_file() {
            crate::needs::missing("the SARIF schema (run .ci/run or set APSPACK_SARIF_TOOLS)");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.sarif");
        std::fs::write(&file, render(&fixtures::report())).unwrap();
        let script = "import json,sys,jsonschema\ns=json.load(open(sys.argv[1]))\nd=json.load(open(sys.argv[2]))\nes=list(jsonschema.validators.validator_for(s)(s).iter_errors(d))\nfor e in es: print(list(e.path), e.message)\nsys.exit(1 if es else 0)\n";
        match std::process::Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(&schema)
            .arg(&file)
            .output()
        {
            Ok(out) if out.status.success() => {}
            Ok(out) if String::from_utf8_lossy(&out.stderr).contains("No module named") => {
                crate::needs::missing("Python's jsonschema module");
            }
            Ok(out) => panic!(
                "SARIF does not match the schema:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
            Err(_) => crate::needs::missing("python3"),
        }
        let tool = schema.with_file_name("Sarif.Multitool");
        let run = std::process::Command::new(&tool)
            .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
            .arg("validate")
            .arg(&file)
            .output();
        match run {
            Ok(out) if String::from_utf8_lossy(&out.stdout).contains("files scanned") => {
                let text = String::from_utf8_lossy(&out.stdout);
                assert!(out.status.success(), "{text}");
                assert!(!text.contains(": error "), "{text}");
            }
            Ok(out) => crate::needs::missing(&format!(
                "a working SARIF multitool ({})",
                String::from_utf8_lossy(&out.stderr)
            )),
            Err(e) => crate::needs::missing(&format!("the SARIF multitool ({e})")),
        }
    }
}

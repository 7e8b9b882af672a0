//! Lint results as JSON, `schema_version` 1 (the shape DESIGN.md fixes).
//!
//! A target that could not be linted carries an extra `"error"` string and no findings.

use serde_json::{Value, json};

use super::{Report, TOOL_NAME, TOOL_VERSION, help_of};

/// The schema version written into every document.
pub const SCHEMA_VERSION: u32 = 1;

/// The report as a JSON value.
pub fn to_value(report: &Report) -> Value {
    let targets: Vec<Value> = report
        .targets
        .iter()
        .map(|t| {
            let findings: Vec<Value> = t
                .findings
                .iter()
                .map(|f| {
                    json!({
                        "code": f.rule.code,
                        "rule": f.rule.name,
                        "severity": f.severity.as_str(),
                        "message": f.message,
                        "file": f.file,
                        "line": f.line,
                        "column": f.column,
                        "help": help_of(f),
                    })
                })
                .collect();
            let mut obj = json!({
                "path": t.path,
                "aps_version": t.aps_version,
                "findings": findings,
            });
            if let (Some(e), Some(map)) = (&t.error, obj.as_object_mut()) {
                map.insert("error".to_string(), Value::String(e.clone()));
            }
            obj
        })
        .collect();
    let s = report.summary();
    json!({
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": TOOL_VERSION},
        "targets": targets,
        "summary": {
            "targets": s.targets,
            "errors": s.errors,
            "warnings": s.warnings,
            "infos": s.infos,
        },
    })
}

/// The report as pretty-printed JSON with a trailing newline.
pub fn render(report: &Report) -> String {
    super::pretty_json(&to_value(report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn matches_the_documented_schema() {
        let out = render(&fixtures::report());
        assert!(out.ends_with("}\n"));
        insta::assert_snapshot!(out);
    }

    #[test]
    fn keys_keep_their_documented_order() {
        let v = to_value(&fixtures::report());
        let top: Vec<_> = v
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(top, ["schema_version", "tool", "targets", "summary"]);
        let f = &v["targets"][0]["findings"][0];
        let keys: Vec<_> = f
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            [
                "code", "rule", "severity", "message", "file", "line", "column", "help"
            ]
        );
        assert_eq!(v["targets"][0]["findings"][1]["file"], Value::Null);
        assert_eq!(
            v["targets"][2]["error"],
            "missing/dir: not a package directory"
        );
        assert!(v["targets"][0].get("error").is_none());
        assert_eq!(v["summary"]["errors"], 2);
    }
}

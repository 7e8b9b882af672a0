//! Corpus test: lints every package root of the shared APS metadata corpus and compares the
//! error-level findings (and the required warnings of mapped categories) with the corpus's
//! `expected.json`.
//!
//! The corpus lives beside the project (`../shared/corpus`, or where `APSPACK_CORPUS` points:
//! `support::corpus`); when it or `python3` is missing, a local run skips and CI fails. Roots are materialized with the corpus's own
//! `materialize.py` into a temporary directory and loaded with the library's directory loader:
//! `_built/...app.zip` roots are judged as archives, every other root as a source directory.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use apspack::lint::{self, Finding, Severity};
use apspack::tree::{Origin, PackageTree};
use serde_json::Value;

use super::support;

/// Loads a materialized root with the library's directory loader, judged as `origin`.
fn load(dir: &Path, origin: Origin) -> PackageTree {
    let mut tree =
        apspack::load::read_dir(dir).unwrap_or_else(|e| panic!("loading {}: {e}", dir.display()));
    tree.origin = origin;
    tree
}

/// Which of our rule codes report an expected-error category of `expected.json`.
fn category_matches(category: &str, code: &str) -> bool {
    match category {
        "missing-file" => code == "APS0301",
        "placeholder" => matches!(code, "APS0205" | "APS0312"),
        "unresolved-type" => code.starts_with("APS05"),
        "malformed" => matches!(code, "APS0102" | "APS0103"),
        _ => false,
    }
}

/// Which of our rule codes report an expected-warning category (any severity below error
/// is accepted); None for categories this test does not map.
fn warning_codes(category: &str) -> Option<&'static [&'static str]> {
    Some(match category {
        "unbuilt" => &["APS0302"],
        "changelog" => &["APS0310", "APS0311"],
        "service-id" => &["APS0214"],
        "settings" => &["APS0903", "APS0905"],
        "navigation" => &["APS0307"],
        "i18n" => &["APS0309"],
        "entry-points" => &["APS0308"],
        "placeholder" => &["APS0206"],
        "infolink" => &["APS0316"],
        "metadata" => &["APS0313", "APS0902", "APS0211", "APS0215"],
        "unversioned-type-ref" => &["APS0506"],
        "default-type" => &["APS0411", "APS0903"],
        "schema-name" => &["APS0503"],
        "requirement" => &["APS0904"],
        "hygiene" => &["APS0801", "APS0802", "APS0803", "APS0804"],
        _ => return None,
    })
}

fn describe(f: &Finding) -> String {
    format!(
        "{} {} {}:{} {}",
        f.rule.code,
        f.severity.as_str(),
        f.file.as_deref().unwrap_or("-"),
        f.line.unwrap_or(0),
        f.message
    )
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

#[test]
fn corpus_errors_match_expectations() {
    let Some(corpus) = support::corpus() else {
        return;
    };
    if !support::tool("python3", "--version") {
        return;
    }
    let out = tempfile::tempdir().expect("temporary directory");
    let target = out.path().join("roots");
    let status = Command::new("python3")
        .arg(corpus.join("materialize.py"))
        .arg("--all")
        .arg(&target)
        .output();
    let output = status.expect("python3 runs materialize.py");
    assert!(
        output.status.success(),
        "materialize.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read_json = |p: PathBuf| -> Value {
        let text =
            std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", p.display()))
    };
    let materialized = read_json(target.join("materialized.json"));
    let expected = read_json(corpus.join("expected.json"));
    let mut dirs: HashMap<(String, String), (PathBuf, Vec<String>)> = HashMap::new();
    for m in materialized.as_array().into_iter().flatten() {
        let real = m
            .get("real")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        dirs.insert(
            (str_of(m, "package").into(), str_of(m, "root").into()),
            (target.join(str_of(m, "dir")), real),
        );
    }

    let mut failures = Vec::new();
    let mut roots = 0;
    for exp in expected.as_array().into_iter().flatten() {
        let (package, root) = (str_of(exp, "package"), str_of(exp, "root"));
        let Some((dir, real)) = dirs.get(&(package.to_string(), root.to_string())) else {
            failures.push(format!("{package} {root}: not materialized"));
            continue;
        };
        roots += 1;
        let origin = if root.starts_with("_built/") {
            Origin::Archive(PathBuf::from(root))
        } else {
            Origin::Directory(PathBuf::from(root))
        };
        let tree = load(dir, origin);
        let findings = lint::lint(&tree);
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        println!(
            "== {package} [{root}]: {} error(s), {} warning(s), {} info(s)",
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        );
        for f in &findings {
            println!("   {}", describe(f));
        }
        // The wiring rules (APS10xx) read views and scripts, which the corpus holds only as
        // placeholders: they must stay silent rather than guess.
        for f in findings.iter().filter(|f| f.rule.code.starts_with("APS10")) {
            failures.push(format!(
                "{package} [{root}]: wiring rule fired on a corpus root: {}",
                describe(f)
            ));
        }
        let errors: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        let mut explained = vec![false; errors.len()];
        let mut targets: Vec<(String, String, String)> = Vec::new();
        for item in exp
            .get("errors")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (cat, file, tgt) = (
                str_of(item, "rule"),
                str_of(item, "file"),
                str_of(item, "target"),
            );
            let hits: Vec<usize> = errors
                .iter()
                .enumerate()
                .filter(|(_, f)| {
                    f.file.as_deref() == Some(file)
                        && category_matches(cat, f.rule.code)
                        && (tgt.is_empty() || f.message.contains(tgt))
                })
                .map(|(i, _)| i)
                .collect();
            if hits.is_empty() {
                failures.push(format!(
                    "{package} [{root}]: expected {cat} error not reported: {file} {} {tgt}",
                    str_of(item, "where")
                ));
            }
            for i in hits {
                explained[i] = true;
            }
            targets.push((cat.to_string(), file.to_string(), tgt.to_string()));
        }
        for item in exp
            .get("warnings")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (cat, file) = (str_of(item, "rule"), str_of(item, "file"));
            let optional = item.get("optional").and_then(Value::as_bool) == Some(true);
            let Some(codes) = warning_codes(cat) else {
                failures.push(format!(
                    "{package} [{root}]: expected warning category {cat} has no rule mapping in this test"
                ));
                continue;
            };
            // `-` names the whole tree: any file will do.
            let found = findings.iter().any(|f| {
                f.severity < Severity::Error
                    && (file == "-" || f.file.as_deref() == Some(file))
                    && codes.contains(&f.rule.code)
            });
            match (found, optional) {
                (true, _) => {}
                (false, true) => {
                    println!("   NOTE optional {cat} warning on {file} not reported")
                }
                (false, false) => failures.push(format!(
                    "{package} [{root}]: expected {cat} warning not reported: {file} {}",
                    str_of(item, "where")
                )),
            }
        }
        for (i, f) in errors.iter().enumerate() {
            if explained[i] {
                continue;
            }
            let file = f.file.as_deref().unwrap_or("");
            // A nested consequence of an expected defect: same category and file, and the
            // message names a path under the expected target.
            let nested = targets.iter().any(|(cat, tf, tgt)| {
                tf == file
                    && category_matches(cat, f.rule.code)
                    && !tgt.is_empty()
                    && f.message.contains(&format!("{tgt}/"))
            });
            if nested {
                println!("   allowed nested consequence: {}", describe(f));
                continue;
            }
            if !file.is_empty() && file != "APP-META.xml" && !real.iter().any(|r| r == file) {
                println!("   tolerated (placeholder file content): {}", describe(f));
                continue;
            }
            let violated: Vec<String> = exp
                .get("not_errors")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|n| str_of(n, "file") == file)
                .map(|n| format!("[{}] {}", str_of(n, "rule"), str_of(n, "where")))
                .collect();
            failures.push(format!(
                "{package} [{root}]: possible false positive: {}{}",
                describe(f),
                if violated.is_empty() {
                    String::new()
                } else {
                    format!(" (not-errors on this file: {})", violated.join("; "))
                }
            ));
        }
    }
    assert_eq!(roots, 10, "expected 10 package roots in the corpus");
    assert!(
        failures.is_empty(),
        "corpus mismatches:\n{}",
        failures.join("\n")
    );
}

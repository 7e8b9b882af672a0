//! Lint results as JUnit XML: one `<testsuite>` per target, one `<testcase>` per rule that ran.
//!
//! A test case fails (`<failure>`) when its rule has error-level findings on the target — under
//! `--strict` that includes former warnings. Warnings and infos do not fail a case; they are
//! listed in the case's `<system-out>`. A target that could not be linted is a suite with one
//! `load` case carrying an `<error>`.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{Report, TOOL_NAME, TargetReport, help_of};
use crate::escape::visible;
use crate::lint::{Finding, Rule, Severity};

/// A value made [`visible`] (control characters, line breaks included, become escapes, so a
/// value never forges a line of a CI log), and the noncharacters XML 1.0 cannot carry replaced
/// with U+FFFD.
fn clean(s: &str) -> String {
    visible(s)
        .chars()
        .map(|c| match c {
            '\u{FFFE}' | '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

fn line(t: &TargetReport, f: &Finding) -> String {
    let at = match (&f.file, f.line, f.column) {
        (Some(file), Some(l), Some(c)) => format!("{file}:{l}:{c}"),
        (Some(file), Some(l), None) => format!("{file}:{l}"),
        (Some(file), None, _) => file.clone(),
        (None, _, _) => t.path.clone(),
    };
    format!(
        "{at}: {} {}: {} (help: {})",
        f.severity.as_str(),
        f.rule.code,
        f.message,
        help_of(f)
    )
}

/// How many of `rules` fail on a loaded target: those with an error finding.
fn failing(t: &TargetReport, rules: &[&'static Rule]) -> usize {
    rules
        .iter()
        .filter(|r| {
            t.findings
                .iter()
                .any(|f| f.rule.code == r.code && f.severity == Severity::Error)
        })
        .count()
}

fn suite(w: &mut Writer<Vec<u8>>, t: &TargetReport, rules: &[&'static Rule]) -> io::Result<()> {
    if let Some(e) = &t.error {
        w.create_element("testsuite")
            .with_attributes([
                ("name", clean(&t.path).as_str()),
                ("tests", "1"),
                ("failures", "0"),
                ("errors", "1"),
                ("skipped", "0"),
            ])
            .write_inner_content(|w| {
                w.create_element("testcase")
                    .with_attributes([("classname", clean(&t.path).as_str()), ("name", "load")])
                    .write_inner_content(|w| {
                        w.create_element("error")
                            .with_attributes([("message", clean(e).as_str()), ("type", "load")])
                            .write_text_content(BytesText::new(&clean(e)))?;
                        Ok(())
                    })?;
                Ok(())
            })?;
        return Ok(());
    }
    let (tests, failures) = (rules.len().to_string(), failing(t, rules).to_string());
    w.create_element("testsuite")
        .with_attributes([
            ("name", clean(&t.path).as_str()),
            ("tests", tests.as_str()),
            ("failures", failures.as_str()),
            ("errors", "0"),
            ("skipped", "0"),
        ])
        .write_inner_content(|w| {
            for r in rules {
                let mine: Vec<&Finding> = t
                    .findings
                    .iter()
                    .filter(|f| f.rule.code == r.code)
                    .collect();
                let (errors, others): (Vec<&Finding>, Vec<&Finding>) =
                    mine.iter().partition(|f| f.severity == Severity::Error);
                let name = format!("{} {}", r.code, r.name);
                let case = w.create_element("testcase").with_attributes([
                    ("classname", clean(&t.path).as_str()),
                    ("name", name.as_str()),
                ]);
                if mine.is_empty() {
                    case.write_empty()?;
                    continue;
                }
                case.write_inner_content(|w| {
                    if let Some(first) = errors.first() {
                        let message = if errors.len() == 1 {
                            clean(&first.message)
                        } else {
                            format!(
                                "{} findings; first: {}",
                                errors.len(),
                                clean(&first.message)
                            )
                        };
                        let body: Vec<String> = errors.iter().map(|f| clean(&line(t, f))).collect();
                        w.create_element("failure")
                            .with_attributes([("message", message.as_str()), ("type", r.code)])
                            .write_text_content(BytesText::new(&body.join("\n")))?;
                    }
                    if !others.is_empty() {
                        let body: Vec<String> = others.iter().map(|f| clean(&line(t, f))).collect();
                        w.create_element("system-out")
                            .write_text_content(BytesText::new(&body.join("\n")))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write(report: &Report) -> io::Result<Vec<u8>> {
    let rules = report.rules();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let s = report.summary();
    let mut tests = 0;
    let mut failures = 0;
    for t in &report.targets {
        if t.error.is_none() {
            tests += rules.len();
            failures += failing(t, &rules);
        } else {
            tests += 1;
        }
    }
    let (tests, failures, errors) = (
        tests.to_string(),
        failures.to_string(),
        s.failed.to_string(),
    );
    w.create_element("testsuites")
        .with_attributes([
            ("name", TOOL_NAME),
            ("tests", tests.as_str()),
            ("failures", failures.as_str()),
            ("errors", errors.as_str()),
        ])
        .write_inner_content(|w| {
            for t in &report.targets {
                suite(w, t, &rules)?;
            }
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// The report as a JUnit XML document with a trailing newline.
pub fn render(report: &Report) -> String {
    // Writing into a Vec cannot fail; an error here would be a writer bug.
    let bytes = write(report).unwrap_or_default();
    let text = String::from_utf8(bytes).unwrap_or_default();
    crate::escape::output(&text, false).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn well_formed_with_right_counts() {
        let out = render(&fixtures::report());
        insta::assert_snapshot!(out);
        let doc = crate::xml::parse(out.as_bytes()).expect("well-formed");
        assert_eq!(doc.root.name, "testsuites");
        let suites: Vec<_> = doc.root.children_named("testsuite").collect();
        assert_eq!(suites.len(), 3);
        let n = fixtures_rule_count();
        assert_eq!(suites[0].attr("tests"), Some(n.to_string().as_str()));
        assert_eq!(suites[0].attr("failures"), Some("1"));
        assert_eq!(suites[1].attr("failures"), Some("1"));
        assert_eq!(suites[2].attr("errors"), Some("1"));
        assert_eq!(
            doc.root.attr("tests"),
            Some((2 * n + 1).to_string().as_str())
        );
        assert_eq!(doc.root.attr("failures"), Some("2"));
        let cases: Vec<_> = suites[0].children_named("testcase").collect();
        assert_eq!(cases.len(), n);
        let junk = cases
            .iter()
            .find(|c| c.attr("name") == Some("APS0801 hygiene-junk-file"))
            .expect("junk case");
        assert!(junk.child("failure").is_none());
        assert!(
            junk.child_text("system-out")
                .unwrap_or("")
                .contains("ui/a,b:c%.txt")
        );
        let missing = cases
            .iter()
            .find(|c| c.attr("name") == Some("APS0301 referenced-file-missing"))
            .expect("missing case");
        assert_eq!(
            missing.child("failure").and_then(|f| f.attr("type")),
            Some("APS0301")
        );
    }

    fn fixtures_rule_count() -> usize {
        fixtures::report().rules().len()
    }

    #[test]
    fn control_characters_are_replaced() {
        assert_eq!(clean("a\u{1}b\tc\u{FFFE}"), "a\\u{1}b\\tc\u{FFFD}");
        let mut r = fixtures::report();
        r.targets[0].findings[0].message = "bad \u{0} byte <&>".to_string();
        assert!(crate::xml::parse(render(&r).as_bytes()).is_ok());
    }
}

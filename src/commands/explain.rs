//! `apspack explain CODE`: a rule's code, name, severity, vendor alias, summary and its doc
//! (What, Why, Example, Fix). CODE may be a code, a name or a vendor alias; an unknown one is a
//! usage error (exit 2) with close codes and names suggested.

use std::fmt::Write as _;
use std::io::Write;

use super::{Failure, Outcome, Ui, paint, print};
use crate::Status;
use crate::cli::ExplainArgs;
use crate::lint::{self, Rule};

/// Runs `apspack explain`.
pub fn run(args: &ExplainArgs, ui: Ui, out: &mut dyn Write) -> Outcome {
    let key = args.code.trim();
    let rule = lint::find_rule(key).ok_or_else(|| unknown(key))?;
    print(out, &styled(rule, ui.color_out), "the explanation")?;
    Ok(Status::Ok)
}

fn indent(text: &str) -> String {
    let mut s = String::new();
    for line in text.trim_end().lines() {
        if line.is_empty() {
            s.push('\n');
        } else {
            let _ = writeln!(s, "    {line}");
        }
    }
    s
}

/// The explanation of one rule.
pub fn explain(rule: &Rule) -> String {
    styled(rule, false)
}

/// The explanation of one rule, with the title and section headings in bold when `color`.
fn styled(rule: &Rule, color: bool) -> String {
    let mut s = String::new();
    let title = format!("{} {}", rule.code, rule.name);
    let _ = writeln!(s, "{}", paint(color, "1", &title));
    let _ = writeln!(s, "severity: {}", severities(rule));
    if let Some(v) = rule.vendor_code {
        let _ = writeln!(s, "vendor alias: {v}");
    }
    let _ = writeln!(s, "\n{}", rule.summary);
    for (title, body) in [
        ("What", rule.doc.what),
        ("Why", rule.doc.why),
        ("Example", rule.doc.example),
        ("Fix", rule.doc.fix),
    ] {
        let _ = write!(s, "\n{}\n{}", paint(color, "1", title), indent(body));
    }
    s
}

/// The default severity, then each situation where the rule reports at another one:
/// `error (warning in a source tree)`.
pub fn severities(rule: &Rule) -> String {
    let mut s = rule.severity.as_str().to_string();
    for (i, l) in rule.lowered.iter().enumerate() {
        s.push_str(if i == 0 { " (" } else { "; " });
        let _ = write!(s, "{} {}", l.severity.as_str(), l.when.describe());
    }
    if !rule.lowered.is_empty() {
        s.push(')');
    }
    s
}

/// A key that names no rule: a usage error, with close codes and names suggested.
#[derive(Debug, thiserror::Error)]
#[error("no rule has the code, name or vendor alias `{key}`")]
pub struct UnknownRule {
    key: String,
    close: Vec<&'static str>,
}

impl miette::Diagnostic for UnknownRule {
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        let list = "`apspack rules` lists every rule";
        Some(Box::new(if self.close.is_empty() {
            list.to_string()
        } else {
            format!("did you mean {}? {list}", self.close.join(", "))
        }))
    }
}

/// The failure for a key that names no rule.
pub fn unknown(key: &str) -> Failure {
    Failure::from(UnknownRule {
        key: key.to_string(),
        close: lint::suggest_rules(key),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::conclude;
    use crate::report::fixtures;

    #[test]
    fn explains_every_part() {
        let text = explain(&fixtures::MISSING);
        assert!(text.starts_with(
            "APS0301 referenced-file-missing\nseverity: error\nvendor alias: aps030\n\nA file referenced"
        ));
        for part in [
            "\nWhat\n    Every file",
            "\nWhy\n    The importer",
            "\nExample\n    <view",
            "\nFix\n    Add the file",
        ] {
            assert!(text.contains(part), "{part} missing in {text}");
        }
    }

    #[test]
    fn lowered_severities_are_explained() {
        let text = explain(&crate::lint::applist::APP_LIST_MISSING);
        assert!(
            text.contains("\nseverity: error (info in a source tree)\n"),
            "{text}"
        );
        let text = explain(&crate::lint::types::UNRESOLVED_TYPE);
        assert!(
            text.contains("\nseverity: error (warning while another schema"),
            "{text}"
        );
        for rule in lint::registry() {
            let text = explain(rule);
            for l in rule.lowered {
                assert!(text.contains(l.when.describe()), "{}", rule.code);
            }
        }
    }

    #[test]
    fn unknown_keys_get_suggestions() {
        let msg = unknown("APS03011").render(false);
        assert!(msg.contains("did you mean APS0301"), "{msg}");
        let msg = unknown("junk-fil").render(false);
        assert!(msg.contains("did you mean junk-file"), "{msg}");
        let msg = unknown("zzzzzzzzzzzzzzzzz").render(false);
        assert!(!msg.contains("did you mean"), "{msg}");
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let args = ExplainArgs {
            code: "APS9999".to_string(),
        };
        assert_eq!(
            conclude(run(&args, Ui::PLAIN, &mut out), Ui::PLAIN, &mut err),
            Status::Fatal
        );
        assert!(out.is_empty());
        assert!(String::from_utf8_lossy(&err).contains("`APS9999`"));
    }

    #[test]
    fn colour_follows_the_stream() {
        let args = |code: &str| ExplainArgs {
            code: code.to_string(),
        };
        let only_err = Ui {
            color_out: false,
            color_err: true,
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(
            conclude(
                run(&args("APS0301"), only_err, &mut out),
                only_err,
                &mut err
            ),
            Status::Ok
        );
        assert!(!out.contains(&0x1b), "stdout is plain");
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(
            conclude(
                run(&args("APS9999"), only_err, &mut out),
                only_err,
                &mut err
            ),
            Status::Fatal
        );
        assert!(String::from_utf8_lossy(&err).starts_with("\x1b[1;31merror:\x1b[0m"));
        let only_out = Ui {
            color_out: true,
            color_err: false,
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        conclude(
            run(&args("APS0301"), only_out, &mut out),
            only_out,
            &mut err,
        );
        assert!(String::from_utf8_lossy(&out).starts_with("\x1b[1mAPS0301"));
    }
}

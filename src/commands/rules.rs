//! `apspack rules`: every lint rule as an aligned table, a JSON array, or a Markdown reference.

use std::fmt::Write as _;
use std::io::Write;

use super::{Outcome, Ui, paint, print};
use crate::Status;
use crate::cli::{RulesArgs, RulesFormat};
use crate::lint::{self, Rule};

/// Runs `apspack rules`.
pub fn run(args: &RulesArgs, ui: Ui, out: &mut dyn Write) -> Outcome {
    let rules = lint::registry();
    let text = match args.format {
        RulesFormat::Human => bold_header(table(&rules), ui.color_out),
        RulesFormat::Json => json(&rules),
        RulesFormat::Markdown => markdown(&rules),
    };
    print(out, &text, "the rules")?;
    Ok(Status::Ok)
}

/// `table` with its first (header) line in bold when `color`.
fn bold_header(table: String, color: bool) -> String {
    match table.split_once('\n') {
        Some((header, rest)) if color => format!("{}\n{rest}", paint(true, "1", header)),
        _ => table,
    }
}

/// An aligned table: code, severity, name, vendor alias, summary.
pub fn table(rules: &[&Rule]) -> String {
    let header = ["CODE", "SEVERITY", "NAME", "VENDOR", "SUMMARY"];
    let rows: Vec<[&str; 5]> = rules
        .iter()
        .map(|r| {
            [
                r.code,
                r.severity.as_str(),
                r.name,
                r.vendor_code.unwrap_or("-"),
                r.summary,
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut s = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<w$}  ", w = widths[i]);
            }
        }
        let _ = writeln!(s, "{}", line.trim_end());
    }
    s
}

/// A JSON array of rule objects (code, name, severity, lowered — the other severities and where
/// they apply —, vendor_code, summary, doc).
pub fn json(rules: &[&Rule]) -> String {
    let mut s = serde_json::to_string_pretty(rules).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

/// A Markdown reference: an index table, then one section per rule.
pub fn markdown(rules: &[&Rule]) -> String {
    let mut s = String::from("# apspack lint rules\n\n");
    s.push_str("| Code | Name | Severity | Vendor alias | Summary |\n|---|---|---|---|---|\n");
    for r in rules {
        let _ = writeln!(
            s,
            "| [{0}](#{1}) | `{2}` | {3} | {4} | {5} |",
            r.code,
            r.code.to_ascii_lowercase(),
            r.name,
            r.severity.as_str(),
            r.vendor_code.map(|v| format!("`{v}`")).unwrap_or_default(),
            r.summary.replace('|', "\\|")
        );
    }
    for r in rules {
        let _ = write!(
            s,
            "\n## {}\n\n`{}` · default severity **{}**",
            r.code,
            r.name,
            r.severity.as_str()
        );
        for l in r.lowered {
            let _ = write!(s, " · **{}** {}", l.severity.as_str(), l.when.describe());
        }
        if let Some(v) = r.vendor_code {
            let _ = write!(s, " · vendor alias `{v}`");
        }
        let _ = write!(
            s,
            "\n\n{}\n\n### What\n\n{}\n\n### Why\n\n{}\n\n### Example\n\n```\n{}\n```\n\n### Fix\n\n{}\n",
            r.summary,
            r.doc.what.trim_end(),
            r.doc.why.trim_end(),
            r.doc.example.trim_end(),
            r.doc.fix.trim_end()
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn rules() -> Vec<&'static Rule> {
        vec![&fixtures::MISSING, &fixtures::ZIP, &fixtures::JUNK]
    }

    #[test]
    fn table_is_aligned() {
        let t = table(&rules());
        insta::assert_snapshot!(t);
        let lines: Vec<_> = t.lines().collect();
        let col = lines[0].find("NAME").unwrap_or(0);
        for l in &lines[1..] {
            assert_eq!(l.chars().nth(col - 2), Some(' '), "{l}");
            assert_ne!(l.chars().nth(col), Some(' '), "{l}");
        }
    }

    #[test]
    fn json_is_an_array_of_rules() {
        let v: serde_json::Value = serde_json::from_str(&json(&rules())).unwrap_or_default();
        assert_eq!(v[0]["code"], "APS0301");
        assert_eq!(v[0]["vendor_code"], "aps030");
        assert_eq!(v[2]["severity"], "warning");
        assert_eq!(v[1]["doc"]["fix"], "Rebuild without a comment.");
    }

    #[test]
    fn markdown_has_one_section_per_rule() {
        let m = markdown(&rules());
        insta::assert_snapshot!(m);
        assert_eq!(m.matches("\n## APS").count(), 3);
    }

    #[test]
    fn markdown_names_the_other_severities() {
        let m = markdown(&[&crate::lint::applist::APP_LIST_MISSING]);
        assert!(
            m.contains("default severity **error** · **info** in a source tree"),
            "{m}"
        );
    }
}

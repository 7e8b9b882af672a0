//! Lint results for people: one compact line per finding in the vendor linter's shape
//! (`APP-META.xml:12: error APS0301 referenced-file-missing: ...`), followed, when the file's
//! bytes are at hand, by a miette source snippet with the span labelled, then a summary line.
//!
//! With colour the snippet uses unicode box drawing and ANSI styles; without, plain ASCII.
//! Targets that could not be linted are reported on stderr by the command; here they only
//! count in the summary.

use std::fmt::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use super::{Report, TargetKind, TargetReport, help_of, plural};
use crate::lint::{Finding, Severity};

/// Rendering options.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// ANSI colour and unicode drawing.
    pub color: bool,
}

/// Width snippets wrap at.
const WIDTH: usize = 100;

struct Snippet {
    summary: &'static str,
    severity: Severity,
    source: NamedSource<String>,
    span: std::ops::Range<usize>,
    help: String,
}

impl fmt::Debug for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.summary)
    }
}

impl fmt::Display for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.summary)
    }
}

impl std::error::Error for Snippet {}

impl Diagnostic for Snippet {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        // The finding's message heads the report already; the snippet only marks the place.
        Some(Box::new(std::iter::once(LabeledSpan::new(
            None,
            self.span.start,
            self.span.len(),
        ))))
    }
}

/// The miette handler for a style: unicode and colour together, or plain ASCII.
pub fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::none()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(WIDTH)
        .with_links(false)
}

fn paint(style: Style, severity: Severity) -> (&'static str, &'static str) {
    if !style.color {
        return ("", "");
    }
    let open = match severity {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Info => "\x1b[1;36m",
    };
    (open, "\x1b[0m")
}

/// The compact first line of a finding (no colour, no newline).
pub fn compact(t: &TargetReport, f: &Finding) -> String {
    let mut s = String::new();
    write_compact(&mut s, t, f, Style::default());
    s
}

fn write_compact(out: &mut String, t: &TargetReport, f: &Finding, style: Style) {
    let at = match (&f.file, f.line) {
        (Some(file), Some(l)) => format!("{file}:{l}"),
        (Some(file), None) => file.clone(),
        (None, _) => t.path.clone(),
    };
    let (open, close) = paint(style, f.severity);
    let _ = write!(
        out,
        "{at}: {open}{}{close} {} {}: {}",
        f.severity.as_str(),
        f.rule.code,
        f.rule.name,
        f.message.replace('\n', "\n    ")
    );
}

fn snippet(t: &TargetReport, f: &Finding) -> Option<Snippet> {
    let file = f.file.as_ref()?;
    let span = f.span.clone()?;
    let text = std::str::from_utf8(t.sources.get(file)?).ok()?;
    if span.end > text.len()
        || !text.is_char_boundary(span.start)
        || !text.is_char_boundary(span.end)
    {
        return None;
    }
    Some(Snippet {
        summary: f.rule.summary,
        severity: f.severity,
        source: NamedSource::new(file, text.to_string()),
        span,
        help: help_of(f).to_string(),
    })
}

/// The report for a terminal or a log.
pub fn render(report: &Report, style: Style) -> String {
    let handler = handler(style);
    let mut out = String::new();
    let many = report.targets.len() > 1;
    for t in report.targets.iter().filter(|t| t.error.is_none()) {
        if many {
            let version = t
                .aps_version
                .as_deref()
                .map(|v| format!(" (APS {v})"))
                .unwrap_or_default();
            let _ = writeln!(out, "{}{version}", t.path);
        }
        for f in &t.findings {
            write_compact(&mut out, t, f, style);
            out.push('\n');
            if let (Some(TargetKind::Project), Some(file)) = (t.kind, f.file.as_deref())
                && !t.is_local(Some(file))
            {
                let _ = writeln!(
                    out,
                    "  note: {file} is generated from {}; change the manifest, not the generated file",
                    t.repo_path(Some(file))
                );
            }
            let mut drawn = String::new();
            match snippet(t, f) {
                Some(d) if handler.render_report(&mut drawn, &d).is_ok() => {
                    out.push_str(drawn.trim_end());
                    out.push('\n');
                }
                _ => {
                    let _ = writeln!(out, "  help: {}", help_of(f));
                }
            }
        }
        if many {
            out.push('\n');
        }
    }
    let s = report.summary();
    out.push_str(&s.counts());
    if s.failed > 0 {
        let _ = write!(out, "; {} could not be linted", plural(s.failed, "target"));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn plain_snapshot() {
        let out = render(&fixtures::report(), Style { color: false });
        assert!(!out.contains('\x1b'));
        assert!(out.is_ascii(), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn generated_project_files_point_back_at_the_manifest() {
        let mut r = fixtures::report();
        r.targets.truncate(1);
        r.targets[0].kind = Some(TargetKind::Project);
        r.targets[0].path = "proj".into();
        let out = render(&r, Style::default());
        assert!(
            out.contains("note: APP-META.xml is generated from proj/aps.toml"),
            "{out}"
        );
        r.targets[0].kind = Some(TargetKind::Directory);
        assert!(!render(&r, Style::default()).contains("is generated from"));
    }

    #[test]
    fn vendor_shaped_first_lines_and_summary() {
        let r = fixtures::report();
        let t = &r.targets[0];
        assert_eq!(
            compact(t, &t.findings[0]),
            "APP-META.xml:2: error APS0301 referenced-file-missing: 'ui/x.html' is referenced but not in the package"
        );
        assert!(compact(t, &t.findings[1]).starts_with("pkgs/app: info APS0701 archive-comment: "));
        let out = render(&r, Style::default());
        assert!(
            out.ends_with(
                "2 errors, 1 warning, 1 info in 3 targets; 1 target could not be linted\n"
            )
        );
    }

    #[test]
    fn colour_uses_unicode_and_ansi() {
        let out = render(&fixtures::report(), Style { color: true });
        assert!(out.contains("\x1b[1;31merror\x1b[0m"));
        assert!(out.contains('╭'), "{out}");
    }

    #[test]
    fn bad_spans_fall_back_to_one_line() {
        let mut r = fixtures::report();
        r.targets[0].findings[0].span = Some(10_000..10_001);
        r.targets.truncate(1);
        let out = render(&r, Style::default());
        assert!(
            out.contains("  help: Add the file or correct the path."),
            "{out}"
        );
    }
}

//! Lint results for people: one compact line per finding in the vendor linter's shape
//! (`APP-META.xml:12: error APS0301 referenced-file-missing: ...`), followed, when the file's
//! bytes are at hand, by a miette source snippet with the span labelled, then a summary line.
//!
//! With colour the snippet uses unicode box drawing and ANSI styles; without, plain ASCII.
//! Targets that could not be linted are reported on stderr by the command; here they only
//! count in the summary.

use std::fmt::{self, Write};

use std::collections::HashMap;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::{Report, TargetKind, TargetReport, help_of, plural};
use crate::escape::{SourceMap, visible};
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
    source: Window,
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

/// The few lines of a file around a finding, so a snippet costs the size of those lines and
/// not of the whole file (a large APP-LIST.xml can carry thousands of findings).
struct Window {
    name: String,
    /// The lines, starting at a line start of the file.
    text: String,
    /// 0-based line number of the file where `text` starts.
    first_line: usize,
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// Lines of context kept on each side of a span.
const CONTEXT_LINES: usize = 2;
/// Longest stretch scanned on each side of a span for its context; longer lines get no snippet.
const MAX_CONTEXT_BYTES: usize = 64 * 1024;

/// The byte range of the lines around `span` (from a line start to a line end), or None when
/// they are too long to show.
fn window(text: &str, span: &std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let (mut start, mut breaks) = (span.start, 0);
    while start > 0 {
        if b[start - 1] == b'\n' {
            if breaks == CONTEXT_LINES {
                break;
            }
            breaks += 1;
        }
        start -= 1;
        if span.start - start > MAX_CONTEXT_BYTES {
            return None;
        }
    }
    let (mut end, mut breaks) = (span.end, 0);
    while end < b.len() {
        if b[end] == b'\n' {
            if breaks == CONTEXT_LINES {
                break;
            }
            breaks += 1;
        }
        end += 1;
        if end - span.end > MAX_CONTEXT_BYTES {
            return None;
        }
    }
    Some(start..end)
}

/// A file's text (None when it is not UTF-8) and line index, computed once per target.
type Sources<'t> = HashMap<&'t str, Option<(&'t str, crate::text::LineIndex)>>;

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
        (Some(file), Some(l)) => format!("{}:{l}", visible(file)),
        (Some(file), None) => visible(file).into_owned(),
        (None, _) => visible(&t.path).into_owned(),
    };
    let (open, close) = paint(style, f.severity);
    let _ = write!(
        out,
        "{at}: {open}{}{close} {} {}: {}",
        f.severity.as_str(),
        f.rule.code,
        f.rule.name,
        visible(&f.message)
    );
}

fn snippet<'t>(t: &'t TargetReport, f: &Finding, cache: &mut Sources<'t>) -> Option<Snippet> {
    let file = f.file.as_ref()?;
    let span = f.span.clone()?;
    let (key, bytes) = t.sources.get_key_value(file)?;
    let (text, lines) = cache
        .entry(key.as_str())
        .or_insert_with(|| {
            let text = std::str::from_utf8(bytes).ok()?;
            Some((text, crate::text::LineIndex::new(bytes)))
        })
        .as_ref()?;
    if span.start > span.end
        || span.end > text.len()
        || !text.is_char_boundary(span.start)
        || !text.is_char_boundary(span.end)
    {
        return None;
    }
    let lines_at = window(text, &span)?;
    let first_line = (lines.position(lines_at.start).0 as usize).saturating_sub(1);
    // The lines are shown with their control characters escaped, the span moved to match.
    let shown = SourceMap::new(&text[lines_at.clone()]);
    let span = shown.map_range(span.start - lines_at.start..span.end - lines_at.start);
    Some(Snippet {
        summary: f.rule.summary,
        severity: f.severity,
        source: Window {
            name: visible(file).into_owned(),
            text: shown.text.into_owned(),
            first_line,
        },
        span,
        help: visible(help_of(f)).into_owned(),
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
            let _ = writeln!(out, "{}", visible(&format!("{}{version}", t.path)));
        }
        let mut cache = Sources::new();
        for f in &t.findings {
            write_compact(&mut out, t, f, style);
            out.push('\n');
            if let (Some(TargetKind::Project), Some(file)) = (t.kind, f.file.as_deref())
                && !t.is_local(Some(file))
            {
                let _ = writeln!(
                    out,
                    "  note: {} is generated from {}; change the manifest, not the generated file",
                    visible(file),
                    visible(&t.repo_path(Some(file)))
                );
            }
            let mut drawn = String::new();
            match snippet(t, f, &mut cache) {
                Some(d) if handler.render_report(&mut drawn, &d).is_ok() => {
                    out.push_str(drawn.trim_end());
                    out.push('\n');
                }
                _ => {
                    let _ = writeln!(out, "  help: {}", visible(help_of(f)));
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
    // Every value was escaped above; this guards the rest (miette's own text) the same way.
    match crate::escape::output(&out, style.color) {
        std::borrow::Cow::Borrowed(_) => out,
        std::borrow::Cow::Owned(safe) => safe,
    }
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
    fn many_findings_in_a_large_file_keep_true_line_numbers() {
        let r = fixtures::many_findings(20_000);
        let out = render(&r, Style::default());
        let at = out.find("f14999").unwrap_or(0);
        assert!(
            out.contains("[APP-META.xml:15000:13]"),
            "{}",
            &out[at.saturating_sub(300)..at + 100]
        );
        assert!(
            out.contains(" 15000 | <file name=\"f14999\"/>"),
            "gutter line numbers"
        );
        assert!(out.contains(" 20000 | <file name=\"f19999\"/>"));
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

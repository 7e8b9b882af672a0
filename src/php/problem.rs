//! Problems found while reading scripts and their annotations: located by package path and byte
//! range, shown as `file:line:column` lines or as miette diagnostics with the source snippet.

use std::fmt;
use std::ops::Range;

use miette::{LabeledSpan, NamedSource, SourceCode};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Worth fixing; the result is still produced.
    Warning,
    /// The script's types cannot be read.
    Error,
}

/// One problem in one script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub level: Level,
    /// Package path of the script (`scripts/app.php`).
    pub path: String,
    /// Byte range in the script.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Problem {
    /// A problem without help text.
    pub fn new(level: Level, path: &str, span: Range<usize>, message: String) -> Problem {
        Problem {
            level,
            path: path.to_string(),
            span,
            message,
            help: None,
        }
    }

    /// Adds help text.
    pub fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }

    /// 1-based line and column (in characters) of the start of the span in `text`.
    pub fn position(&self, text: &str) -> (usize, usize) {
        let start = floor_char_boundary(text, self.span.start);
        let before = &text[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }

    /// `path:line:col: error: message` (control characters escaped), with the help on a
    /// second line when there is one.
    pub fn line(&self, text: &str) -> String {
        let (line, col) = self.position(text);
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let mut s = format!(
            "{}:{line}:{col}: {level}: {}",
            escape(&self.path),
            escape(&self.message)
        );
        if let Some(h) = &self.help {
            s.push_str(&format!("\n  help: {}", escape(h)));
        }
        s
    }
}

/// The largest char boundary at or below `i`.
pub fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Control characters written as `\u{..}` so that hostile text cannot drive a terminal.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A problem with the script's text, as a miette diagnostic.
#[derive(Debug)]
pub struct ScriptDiagnostic {
    problem: Problem,
    source: NamedSource<String>,
    location: String,
}

impl ScriptDiagnostic {
    /// Wraps `problem` with the script text it points into.
    pub fn new(problem: Problem, text: &str) -> ScriptDiagnostic {
        let (line, col) = problem.position(text);
        let location = format!("{}:{line}:{col}", escape(&problem.path));
        let source = NamedSource::new(escape(&problem.path), text.to_string());
        let start = floor_char_boundary(text, problem.span.start);
        let end = floor_char_boundary(text, problem.span.end.max(start));
        ScriptDiagnostic {
            problem: Problem {
                span: start..end,
                ..problem
            },
            source,
            location,
        }
    }
}

impl fmt::Display for ScriptDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, escape(&self.problem.message))
    }
}

impl std::error::Error for ScriptDiagnostic {}

impl miette::Diagnostic for ScriptDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("apspack::php"))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.problem.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.problem
            .help
            .as_ref()
            .map(|h| Box::new(escape(h)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = &self.problem.span;
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some("here".to_string()),
            span.start,
            span.end - span.start,
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "<?php\n/** é @typ(x) */";
        let at = text.find("@typ").unwrap_or(0);
        let p = Problem::new(
            Level::Warning,
            "scripts/a.php",
            at..at + 4,
            "bad\u{1b}".into(),
        )
        .help("use @type");
        assert_eq!(p.position(text), (2, 7));
        assert_eq!(
            p.line(text),
            "scripts/a.php:2:7: warning: bad\\u{1b}\n  help: use @type"
        );
        let d = ScriptDiagnostic::new(p, text);
        assert_eq!(d.to_string(), "scripts/a.php:2:7: bad\\u{1b}");
        assert_eq!(
            miette::Diagnostic::severity(&d),
            Some(miette::Severity::Warning)
        );
    }
}

//! Problems with spans in one text file the user wrote (`aps.toml`, a lint configuration): the
//! one type for "this file has these problems", collected while the file is read, shown as
//! `file:line:col: message` lines ([`Problems`]'s `Display`) and, by the error renderer, as one
//! source snippet per problem under one headline.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};

use crate::escape::{SourceMap, visible};
use crate::text::LineIndex;

/// One thing wrong in a file. Serialises as `{"line", "column", "message", "help"}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// Byte range in the file's text as shown, control characters escaped (the same range as
    /// in the file when it has none); empty for a problem with the file as a whole.
    #[serde(skip)]
    pub span: Range<usize>,
    /// 1-based line; 0 for a problem with the file as a whole.
    pub line: u32,
    /// 1-based column (bytes); 0 for a problem with the file as a whole.
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// How to fix it (may be empty).
    pub help: String,
}

impl Problem {
    /// A problem with the file as a whole (no position).
    pub fn whole_file(message: impl Into<String>, help: impl Into<String>) -> Problem {
        Problem {
            span: 0..0,
            line: 0,
            column: 0,
            message: message.into(),
            help: help.into(),
        }
    }

    /// Line and column, when the problem has a position.
    pub fn position(&self) -> Option<(u32, u32)> {
        (self.line > 0).then_some((self.line, self.column))
    }
}

/// Shows the message alone: rendered under its own snippet, the position is already there.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

impl Diagnostic for Problem {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.help.is_empty() {
            None
        } else {
            Some(Box::new(&self.help))
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.position()?;
        let label =
            LabeledSpan::new_primary_with_span(Some(short(&self.message)), self.span.clone());
        Some(Box::new(std::iter::once(label)))
    }
}

/// The head of a message, for the label under the source (the full text is above it).
fn short(message: &str) -> String {
    let end = [" (", "; "]
        .iter()
        .filter_map(|sep| message.find(sep))
        .min()
        .unwrap_or(message.len());
    message[..end].to_string()
}

/// Collects problems while a file is read, with line and column from the byte spans.
#[derive(Debug)]
pub struct Collector {
    index: LineIndex,
    len: usize,
    /// Every problem so far.
    pub problems: Vec<Problem>,
}

impl Collector {
    /// A collector for problems in `text`.
    pub fn new(text: &str) -> Collector {
        Collector {
            index: LineIndex::new(text.as_bytes()),
            len: text.len(),
            problems: Vec::new(),
        }
    }

    /// Records a problem at `span` (clamped to the text).
    pub fn error(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let start = span.start.min(self.len);
        let end = span.end.clamp(start, self.len);
        let (line, column) = self.index.position(start);
        // Messages quote the file's values: control characters in them are shown escaped.
        let (message, help): (String, String) = (message.into(), help.into());
        self.problems.push(Problem {
            span: start..end,
            line,
            column,
            message: visible(&message).into_owned(),
            help: visible(&help).into_owned(),
        });
    }
}

/// A file that could not be used: it could not be read, or it has problems (every one found).
#[derive(Debug)]
pub struct Problems {
    path: PathBuf,
    source: Option<Box<NamedSource<String>>>,
    problems: Vec<Problem>,
    io: Option<std::io::Error>,
    next_step: &'static str,
}

impl Problems {
    /// A file that could not be read; `help` says what to do.
    pub fn io(path: &Path, err: std::io::Error, help: &'static str) -> Problems {
        Problems {
            path: path.to_path_buf(),
            source: None,
            problems: Vec::new(),
            io: Some(err),
            next_step: help,
        }
    }

    /// `problems` in `text`, the content of `path`, sorted by position; `next_step` is what to
    /// do once they are fixed ("build again").
    pub fn in_text(
        path: &Path,
        text: &str,
        mut problems: Vec<Problem>,
        next_step: &'static str,
    ) -> Problems {
        problems.sort_by_key(|p| (p.span.start, p.span.end));
        // The snippet shows the text with control characters escaped; spans follow, while
        // lines and columns stay those of the file.
        let shown = SourceMap::new(text);
        for p in &mut problems {
            p.span = shown.map_range(p.span.clone());
            p.message = visible(&p.message).into_owned();
        }
        Problems {
            path: path.to_path_buf(),
            source: Some(Box::new(
                NamedSource::new(
                    visible(&path.display().to_string()),
                    shown.text.into_owned(),
                )
                .with_language("toml"),
            )),
            problems,
            io: None,
            next_step,
        }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every problem, in source order (empty when the file could not be read).
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// True when the file could not be read at all.
    pub fn is_io(&self) -> bool {
        self.io.is_some()
    }
}

/// One `file:line:col: message` line per problem (`file: message` for the file as a whole), or
/// `cannot read file: why`.
impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(e) = &self.io {
            return write!(f, "cannot read {}: {e}", self.path.display());
        }
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            match p.position() {
                Some((l, c)) => write!(f, "{}:{l}:{c}: {}", self.path.display(), p.message)?,
                None => write!(f, "{}: {}", self.path.display(), p.message)?,
            }
        }
        Ok(())
    }
}

/// The I/O cause is part of the message already, so it is not repeated as a source.
impl std::error::Error for Problems {}

/// The help is the headline of the rendered error ("2 problems in aps.toml; fix them all and
/// build again"); the problems are its related diagnostics, one snippet each.
impl Diagnostic for Problems {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.io.is_some() {
            return Some(Box::new(self.next_step));
        }
        let n = self.problems.len();
        Some(Box::new(format!(
            "{n} problem{} in {}; {}",
            if n == 1 { "" } else { "s" },
            self.path.display(),
            self.next_step
        )))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_deref().map(|s| s as &dyn SourceCode)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.problems.is_empty() {
            None
        } else {
            Some(Box::new(self.problems.iter().map(|p| p as &dyn Diagnostic)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_thread_safe_and_problems_serialise() {
        fn assert_bounds<T: Diagnostic + std::error::Error + Send + Sync + 'static>() {}
        assert_bounds::<Problems>();
        let mut c = Collector::new("x");
        c.error(0..1, "m", "h");
        assert_eq!(
            serde_json::to_string(&c.problems[0]).unwrap(),
            r#"{"line":1,"column":1,"message":"m","help":"h"}"#
        );
    }

    #[test]
    fn problems_carry_positions_and_show_as_lines() {
        let text = "a = 1\nbb = 2\n";
        let mut c = Collector::new(text);
        c.error(6..8, "unknown key `bb`", "remove it");
        c.error(0..1, "first", "fix");
        c.problems.push(Problem::whole_file("no [lint] table", ""));
        let e = Problems::in_text(Path::new("p/aps.toml"), text, c.problems, "build again");
        assert_eq!(
            e.to_string(),
            "p/aps.toml: no [lint] table\np/aps.toml:1:1: first\np/aps.toml:2:1: unknown key `bb`"
        );
        assert_eq!(e.problems()[2].line, 2);
        assert_eq!(e.related().map(|r| r.count()), Some(3));
        assert_eq!(
            e.help().map(|h| h.to_string()).as_deref(),
            Some("3 problems in p/aps.toml; build again")
        );
        assert!(e.problems()[0].labels().is_none());
    }

    #[test]
    fn spans_are_clamped_to_the_text() {
        let mut c = Collector::new("ab");
        c.error(1..9, "m", "");
        #[allow(clippy::reversed_empty_ranges)]
        c.error(7..3, "n", "");
        assert_eq!(c.problems[0].span, 1..2);
        assert_eq!(c.problems[1].span, 2..2);
    }
}

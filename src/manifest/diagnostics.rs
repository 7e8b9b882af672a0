//! Manifest problems: collected with byte spans, rendered by miette (one snippet per problem) and as
//! plain `aps.toml:LINE:COL: message` lines.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};

use crate::text::LineIndex;

/// One thing wrong with a manifest. Serialises as `{"line", "column", "message", "help"}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// Byte range in the manifest text.
    #[serde(skip)]
    pub span: Range<usize>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (bytes).
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// Shows the message alone: rendered under its own snippet, the position is already there.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

impl Diagnostic for Problem {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        None
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.help.is_empty() {
            None
        } else {
            Some(Box::new(&self.help))
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = LabeledSpan::new_primary_with_span(
            Some(self.message.clone()),
            self.span.start..self.span.end.max(self.span.start),
        );
        Some(Box::new(std::iter::once(label)))
    }
}

/// Collects problems while a manifest is validated.
#[derive(Debug)]
pub(crate) struct Collector {
    index: LineIndex,
    len: usize,
    pub(crate) problems: Vec<Problem>,
}

impl Collector {
    pub(crate) fn new(text: &str) -> Collector {
        Collector {
            index: LineIndex::new(text.as_bytes()),
            len: text.len(),
            problems: Vec::new(),
        }
    }

    /// Records a problem at `span`.
    pub(crate) fn error(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let start = span.start.min(self.len);
        let end = span.end.clamp(start, self.len);
        let (line, column) = self.index.position(start);
        self.problems.push(Problem {
            span: start..end,
            line,
            column,
            message: message.into(),
            help: help.into(),
        });
    }
}

/// Why a manifest could not be turned into a project: it could not be read, or it has problems
/// (a TOML syntax error, or every validation problem found).
#[derive(Debug)]
pub struct ManifestError {
    path: PathBuf,
    source: Option<Box<NamedSource<String>>>,
    problems: Vec<Problem>,
    io: Option<std::io::Error>,
}

impl ManifestError {
    /// A manifest that could not be read.
    pub(crate) fn io(path: &Path, err: std::io::Error) -> ManifestError {
        ManifestError {
            path: path.to_path_buf(),
            source: None,
            problems: Vec::new(),
            io: Some(err),
        }
    }

    /// A manifest with problems, sorted by position.
    pub(crate) fn problems_in(
        path: &Path,
        text: &str,
        mut problems: Vec<Problem>,
    ) -> ManifestError {
        problems.sort_by_key(|p| (p.span.start, p.span.end));
        ManifestError {
            path: path.to_path_buf(),
            source: Some(Box::new(
                NamedSource::new(path.display().to_string(), text.to_string())
                    .with_language("toml"),
            )),
            problems,
            io: None,
        }
    }

    /// The manifest path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every problem, in source order (empty when the manifest could not be read).
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// True when the manifest could not be read at all.
    pub fn is_io(&self) -> bool {
        self.io.is_some()
    }
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(e) = &self.io {
            return write!(f, "cannot read {}: {e}", self.path.display());
        }
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(
                f,
                "{}:{}:{}: {}",
                self.path.display(),
                p.line,
                p.column,
                p.message
            )?;
        }
        Ok(())
    }
}

/// The I/O cause is part of the message already, so it is not repeated as a source.
impl std::error::Error for ManifestError {}

impl Diagnostic for ManifestError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("apspack::manifest"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.io.is_some() {
            Some(Box::new(
                "run apspack in a project directory that holds aps.toml, or pass that directory",
            ))
        } else {
            Some(Box::new(format!(
                "{} problem(s) in {}; fix them all and build again",
                self.problems.len(),
                self.path.display()
            )))
        }
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
        assert_bounds::<ManifestError>();
        let mut c = Collector::new("x");
        c.error(0..1, "m", "h");
        assert_eq!(
            serde_json::to_string(&c.problems[0]).unwrap(),
            r#"{"line":1,"column":1,"message":"m","help":"h"}"#
        );
    }

    #[test]
    fn problems_carry_positions_and_render_as_lines() {
        let text = "a = 1\nbb = 2\n";
        let mut c = Collector::new(text);
        c.error(6..8, "unknown key `bb`", "remove it");
        c.error(0..1, "first", "fix");
        let e = ManifestError::problems_in(Path::new("p/aps.toml"), text, c.problems);
        assert_eq!(
            e.to_string(),
            "p/aps.toml:1:1: first\np/aps.toml:2:1: unknown key `bb`"
        );
        assert_eq!(e.problems()[1].line, 2);
        assert_eq!(e.related().map(|r| r.count()), Some(2));
    }
}

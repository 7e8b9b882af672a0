//! The one renderer of errors (as opposed to findings): every command shows every error it
//! cannot go on from the same way.
//!
//! ```text
//! error: 2 problems in aps.toml; fix them all and build again
//!
//!   x unknown key `package.sumary`
//!    ,-[aps.toml:8:1]
//!  8 | sumary = "..."
//!    : ^^^^^^
//!    `----
//!   help: did you mean `summary`?
//!
//!   x ...
//! ```
//!
//! A headline `error: <what went wrong>` (the `error:` in bold red on a terminal; `warning:` in
//! yellow for a diagnostic of warning severity), then, for
//! an error made of problems in a file (it has related diagnostics, like
//! [`crate::problems::Problems`]), one source snippet per problem; for any other error, its
//! help as a `help:` line. Diagnostic codes are never printed as a bare line.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, SourceCode};

use super::human::{Style, handler};

/// Errors are not wrapped to a terminal width: a message or help stays on one line to grep.
const WIDTH: usize = 200;

/// `error: ` (or `warning: ` for a diagnostic of warning severity) painted for a terminal when
/// `color`.
pub fn label(warning: bool, color: bool) -> &'static str {
    match (warning, color) {
        (false, true) => "\x1b[1;31merror:\x1b[0m ",
        (false, false) => "error: ",
        (true, true) => "\x1b[1;33mwarning:\x1b[0m ",
        (true, false) => "warning: ",
    }
}

/// A one-line error (no diagnostic behind it): `error: message`.
pub fn message(text: &str, color: bool) -> String {
    headline(false, text, color)
}

fn headline(warning: bool, text: &str, color: bool) -> String {
    format!(
        "{}{}\n",
        label(warning, color),
        crate::escape::visible_lines(text)
    )
}

/// Renders `error` as described in the module doc; the text ends with a newline. Control
/// characters of the error (from a package, a path, a file's text) are shown escaped; only the
/// renderer's own colour reaches the terminal.
pub fn render(error: &dyn Diagnostic, color: bool) -> String {
    let text = render_raw(error, color);
    match crate::escape::output(&text, color) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(safe) => safe,
    }
}

fn render_raw(error: &dyn Diagnostic, color: bool) -> String {
    let handler = handler(Style { color }).with_width(WIDTH);
    let warning = error.severity() == Some(miette::Severity::Warning);
    let Some(related) = error.related() else {
        let mut s = headline(warning, &error.to_string(), color);
        if error.labels().is_some() && error.source_code().is_some() {
            // The snippet, under the headline that already says what is wrong.
            let shown = WithSource {
                inner: error,
                source: error.source_code(),
            };
            let mut one = String::new();
            if handler.render_report(&mut one, &shown).is_ok() {
                let mut lines = one.trim_end().lines();
                lines.next();
                for line in lines {
                    s.push_str(line);
                    s.push('\n');
                }
                return s;
            }
        }
        if let Some(help) = error.help() {
            s.push_str(&format!("  help: {help}\n"));
        }
        return s;
    };
    let headline_text = error
        .help()
        .map_or_else(|| error.to_string(), |h| h.to_string());
    let mut s = headline(warning, &headline_text, color);
    for problem in related {
        let shown = WithSource {
            inner: problem,
            source: problem.source_code().or(error.source_code()),
        };
        let mut one = String::new();
        if handler.render_report(&mut one, &shown).is_err() {
            one = format!("  x {problem}\n");
        }
        s.push('\n');
        s.push_str(one.trim_end());
        s.push('\n');
    }
    s
}

/// A related diagnostic shown with its parent's source when it has none of its own.
struct WithSource<'a> {
    inner: &'a dyn Diagnostic,
    source: Option<&'a dyn SourceCode>,
}

impl fmt::Debug for WithSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.inner, f)
    }
}

impl fmt::Display for WithSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.inner, f)
    }
}

impl std::error::Error for WithSource<'_> {}

impl Diagnostic for WithSource<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.help()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.inner.labels()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problems::{Collector, Problems};
    use std::path::Path;

    fn two_problems() -> Problems {
        let text = "[package]\nsumary = \"x\"\nnme = \"y\"\n";
        let mut c = Collector::new(text);
        c.error(
            10..16,
            "unknown key `package.sumary`",
            "did you mean `summary`?",
        );
        c.error(23..26, "unknown key `package.nme`", "did you mean `name`?");
        Problems::in_text(
            Path::new("aps.toml"),
            text,
            c.problems,
            "fix them all and build again",
        )
    }

    #[test]
    fn problems_get_one_headline_and_one_snippet_each() {
        let shown = render(&two_problems(), false);
        assert!(
            shown.starts_with("error: 2 problems in aps.toml; fix them all and build again\n\n  x unknown key `package.sumary`\n"),
            "{shown}"
        );
        assert!(shown.contains("[aps.toml:2:1]"), "{shown}");
        assert!(shown.contains("[aps.toml:3:1]"), "{shown}");
        assert!(shown.contains("help: did you mean `name`?"), "{shown}");
        assert!(!shown.contains("Error:"), "no empty headers: {shown}");
        assert!(!shown.contains("apspack::"), "no bare code line: {shown}");
        assert_eq!(shown.matches("error:").count(), 1, "{shown}");
    }

    #[test]
    fn other_errors_are_one_line_and_their_help() {
        let e = Problems::io(
            Path::new("x/aps.toml"),
            std::io::Error::other("gone"),
            "pass a project directory",
        );
        assert_eq!(
            render(&e, false),
            "error: cannot read x/aps.toml: gone\n  help: pass a project directory\n"
        );
        assert_eq!(message("a\u{1b}b", false), "error: a\\u{1b}b\n");
        assert_eq!(
            render(&e, true).lines().next(),
            Some("\x1b[1;31merror:\x1b[0m cannot read x/aps.toml: gone")
        );
    }

    #[derive(Debug, thiserror::Error, miette::Diagnostic)]
    #[error("bad thing")]
    #[diagnostic(code(apspack::test), help("fix it"))]
    struct Labelled {
        #[source_code]
        src: miette::NamedSource<String>,
        #[label("here")]
        at: miette::SourceSpan,
    }

    #[test]
    fn a_labelled_error_shows_its_snippet_under_the_headline() {
        let e = Labelled {
            src: miette::NamedSource::new("f.txt", "one\ntwo\n".to_string()),
            at: (4, 3).into(),
        };
        let shown = render(&e, false);
        assert!(shown.starts_with("error: bad thing\n"), "{shown}");
        assert!(shown.contains("[f.txt:2:1]"), "{shown}");
        assert!(shown.contains("help: fix it"), "{shown}");
        assert!(!shown.contains("apspack::test"), "{shown}");
        assert_eq!(shown.matches("bad thing").count(), 1, "{shown}");
    }
}

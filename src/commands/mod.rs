//! Subcommands, one file each; `dispatch` routes a parsed command line to them.

pub mod build;
pub mod completions;
pub mod diff;
pub mod explain;
pub mod feedback;
pub mod graph;
pub mod i18n;
pub mod import;
pub mod init;
pub mod inspect;
pub mod lint;
pub mod rules;
pub mod sign;

use std::io::{IsTerminal, Write};

use crate::Status;
use crate::cli::{Cli, ColorChoice, Command};
use crate::epoch::Epoch;

/// Terminal facts the renderers need, decided per output stream: the lint report goes to
/// stdout and diagnostics to stderr, and either may be a terminal while the other is a pipe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ui {
    /// Use ANSI colour and styling on stdout.
    pub color_out: bool,
    /// Use ANSI colour and styling on stderr.
    pub color_err: bool,
}

impl Ui {
    /// No colour on either stream.
    pub const PLAIN: Ui = Ui {
        color_out: false,
        color_err: false,
    };

    /// Resolves `--color` against `NO_COLOR` and whether stdout and stderr are terminals.
    pub fn detect(choice: ColorChoice) -> Ui {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Ui::resolve(
            choice,
            no_color,
            std::io::stdout().is_terminal(),
            std::io::stderr().is_terminal(),
        )
    }

    /// The decision itself: `always` and `never` win; `auto` colours a stream only when it is
    /// a terminal and `NO_COLOR` is not set to a non-empty value.
    pub fn resolve(choice: ColorChoice, no_color: bool, out_tty: bool, err_tty: bool) -> Ui {
        match choice {
            ColorChoice::Always => Ui {
                color_out: true,
                color_err: true,
            },
            ColorChoice::Never => Ui::PLAIN,
            ColorChoice::Auto => Ui {
                color_out: out_tty && !no_color,
                color_err: err_tty && !no_color,
            },
        }
    }
}

/// `text` wrapped in the ANSI SGR sequence `sgr` (`1;31` is bold red) when `on`.
pub fn paint(on: bool, sgr: &str, text: &str) -> String {
    if on {
        format!("\x1b[{sgr}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Why a command stopped before it could finish: shown once, by [`dispatch`], through the one
/// error renderer ([`crate::report::error`]), and the run ends with [`Status::Fatal`].
#[derive(Debug)]
pub enum Failure {
    /// An error with a diagnostic behind it (its help, or problems with spans in a file).
    Diagnostic(Box<dyn miette::Diagnostic + Send + Sync + 'static>),
    /// A plain message.
    Message(String),
}

impl<E: miette::Diagnostic + Send + Sync + 'static> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure::Diagnostic(Box::new(e))
    }
}

impl Failure {
    /// A plain message.
    pub fn message(text: impl Into<String>) -> Failure {
        Failure::Message(text.into())
    }

    /// Renders the failure as every error is rendered.
    pub fn render(&self, color: bool) -> String {
        match self {
            Failure::Diagnostic(d) => crate::report::error::render(d.as_ref(), color),
            Failure::Message(m) => crate::report::error::message(m, color),
        }
    }
}

/// What a command returns: how it ended, or why it could not go on.
pub type Outcome = Result<Status, Failure>;

/// Writes `failure` to `err` (an error about one lint target, after which the run goes on).
pub fn show(err: &mut dyn Write, ui: Ui, failure: &Failure) {
    let _ = err.write_all(failure.render(ui.color_err).as_bytes());
}

/// Runs the command and renders its failure, if any, to `err`.
pub fn dispatch(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Status {
    let ui = Ui::detect(cli.color);
    let feedback = feedback::Feedback::new(feedback::Verbosity::from_flags(cli.quiet, cli.verbose));
    let outcome = match &cli.command {
        Command::Build(args) => build::run_with(args, ui, &feedback, out, err),
        Command::Lint(args) => lint::run_with(args, ui, &feedback, out, err),
        Command::Import(args) => import::run(args, out),
        Command::Diff(args) => diff::run(args, ui, out, err),
        Command::Explain(args) => explain::run(args, ui, out),
        Command::Rules(args) => rules::run(args, ui, out),
        Command::Init(args) => init::run(args, out),
        Command::Inspect(args) => inspect::run(args, out),
        Command::Graph(args) => graph::run(args, out),
        Command::I18n(cmd) => i18n::run(cmd, &feedback, out, err),
        Command::Completions(args) => completions::completions(args, out),
        Command::Man => completions::man(out),
        Command::Sign(args) => sign::run(args, ui, out, err),
    };
    conclude(outcome, ui, err)
}

/// The status of a command's outcome, its failure (if any) rendered to `err`.
pub fn conclude(outcome: Outcome, ui: Ui, err: &mut dyn Write) -> Status {
    outcome.unwrap_or_else(|failure| {
        show(err, ui, &failure);
        Status::Fatal
    })
}

/// The build epoch: `flag` (`--source-date-epoch`), else `SOURCE_DATE_EPOCH`, else the default.
/// A `SOURCE_DATE_EPOCH` that is not a whole number (or not even Unicode) is an error for every
/// command that reads it.
pub fn epoch(flag: Option<i64>) -> Result<Epoch, Failure> {
    let env = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => Some(v),
        Err(std::env::VarError::NotPresent) => None,
        Err(std::env::VarError::NotUnicode(_)) => {
            return Err(Failure::message(
                "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970",
            ));
        }
    };
    Epoch::resolve(flag, env.as_deref()).map_err(Failure::Message)
}

/// Writes `text` to stdout as [`emit`] does; a failure to write is the command's failure.
pub fn print(out: &mut dyn Write, text: &str, what: &str) -> Result<(), Failure> {
    emit(out, text.as_bytes())
        .map_err(|e| Failure::message(format!("cannot write {what} to stdout: {e}")))
}

/// Writes `bytes` to `out`; a closed pipe (reader went away) counts as success.
pub fn emit(out: &mut dyn Write, bytes: &[u8]) -> Result<(), std::io::Error> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_is_decided_per_stream() {
        let auto = |no_color, out, err| Ui::resolve(ColorChoice::Auto, no_color, out, err);
        assert_eq!(
            auto(false, true, false),
            Ui {
                color_out: true,
                color_err: false
            }
        );
        assert_eq!(
            auto(false, false, true),
            Ui {
                color_out: false,
                color_err: true
            }
        );
        assert_eq!(auto(true, true, true), Ui::PLAIN);
        assert_eq!(
            Ui::resolve(ColorChoice::Never, false, true, true),
            Ui::PLAIN
        );
        assert_eq!(
            Ui::resolve(ColorChoice::Always, true, false, false),
            Ui {
                color_out: true,
                color_err: true
            }
        );
    }

    #[test]
    fn paint_only_when_on() {
        assert_eq!(paint(false, "1", "x"), "x");
        assert_eq!(paint(true, "1;31", "x"), "\x1b[1;31mx\x1b[0m");
    }
}

//! Subcommands, one file each; `dispatch` routes a parsed command line to them.

pub mod build;
pub mod explain;
pub mod lint;
pub mod rules;

use std::io::{IsTerminal, Write};

use crate::Status;
use crate::cli::{Cli, ColorChoice, Command};

/// Terminal facts the renderers need.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    /// Use ANSI colour and styling.
    pub color: bool,
}

impl Ui {
    /// Resolves `--color` against NO_COLOR and whether stderr is a terminal.
    pub fn detect(choice: ColorChoice) -> Ui {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stderr().is_terminal()
            }
        };
        Ui { color }
    }
}

/// Runs the command; every error is rendered to `err` here or in the command.
pub fn dispatch(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Status {
    let ui = Ui::detect(cli.color);
    match &cli.command {
        Command::Build(args) => build::run(args, ui, out, err),
        Command::Lint(args) => lint::run(args, ui, out, err),
        Command::Explain(args) => explain::run(args, ui, out, err),
        Command::Rules(args) => rules::run(args, ui, out, err),
    }
}

/// Writes `bytes` to `out`; a closed pipe (reader went away) counts as success.
pub fn emit(out: &mut dyn Write, bytes: &[u8]) -> Result<(), std::io::Error> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

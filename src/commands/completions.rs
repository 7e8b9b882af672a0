//! `apspack completions SHELL` and `apspack man`: generated from the command-line definition
//! (clap_complete, clap_mangen), so they never drift from it.

use std::io::Write;

use clap::CommandFactory;

use super::{Failure, Outcome, emit};
use crate::Status;
use crate::cli::{Cli, CompletionsArgs, Shell};

/// The completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    use clap_complete::Shell as S;
    let shell = match shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
        Shell::Elvish => S::Elvish,
    };
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "apspack", &mut buf);
    buf
}

/// The manual page, in roff.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    Ok(buf)
}

/// Runs `apspack completions`.
pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Outcome {
    emit(out, &script(args.shell)).map_err(|e| cannot_write("the script", e))?;
    Ok(Status::Ok)
}

/// Runs `apspack man`.
pub fn man(out: &mut dyn Write) -> Outcome {
    let page = man_page().map_err(|e| cannot_write("the manual page", e))?;
    emit(out, &page).map_err(|e| cannot_write("the manual page", e))?;
    Ok(Status::Ok)
}

fn cannot_write(what: &str, e: std::io::Error) -> Failure {
    Failure::message(format!("cannot write {what} to stdout: {e}"))
}

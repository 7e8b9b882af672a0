//! `apspack lint`.

use std::io::Write;

use super::Ui;
use crate::Status;
use crate::cli::LintArgs;

/// Runs `apspack lint`.
pub fn run(_args: &LintArgs, _ui: Ui, _out: &mut dyn Write, err: &mut dyn Write) -> Status {
    let _ = writeln!(err, "error: `lint` is not available yet");
    Status::Fatal
}

//! `apspack explain`.

use std::io::Write;

use super::Ui;
use crate::Status;
use crate::cli::ExplainArgs;

/// Runs `apspack explain`.
pub fn run(_args: &ExplainArgs, _ui: Ui, _out: &mut dyn Write, err: &mut dyn Write) -> Status {
    let _ = writeln!(err, "error: `explain` is not available yet");
    Status::Fatal
}

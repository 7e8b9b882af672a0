//! `apspack rules`.

use std::io::Write;

use super::Ui;
use crate::Status;
use crate::cli::RulesArgs;

/// Runs `apspack rules`.
pub fn run(_args: &RulesArgs, _ui: Ui, _out: &mut dyn Write, err: &mut dyn Write) -> Status {
    let _ = writeln!(err, "error: `rules` is not available yet");
    Status::Fatal
}

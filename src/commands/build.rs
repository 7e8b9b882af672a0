//! `apspack build`.

use std::io::Write;

use super::Ui;
use crate::Status;
use crate::cli::BuildArgs;

/// Runs `apspack build`.
pub fn run(_args: &BuildArgs, _ui: Ui, _out: &mut dyn Write, err: &mut dyn Write) -> Status {
    let _ = writeln!(err, "error: `build` is not available yet");
    Status::Fatal
}

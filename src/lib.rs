//! apspack: build, lint and zip reproducible APS 2 packages for OX App Suite services.
//!
//! The data flow runs one way: `aps.toml` → [`manifest`] → [`model`] → generated files in a
//! [`tree::PackageTree`] → [`lint`] → [`report`], and, for `build`, [`archive`]. Commands in
//! [`commands`] glue the pieces together; nothing below them prints.

pub mod aps;
pub mod archive;
pub mod classic;
pub mod cli;
pub mod commands;
pub mod describe;
pub mod dsig;
pub mod epoch;
pub mod escape;
pub mod generate;
pub mod graph;
pub mod i18n;
pub mod import;
pub mod inside;
pub mod limits;
pub mod lint;
pub mod listing;
pub mod load;
pub mod manifest;
pub mod meta;
pub mod model;
#[cfg(test)]
pub(crate) mod needs;
pub mod php;
pub mod problems;
pub mod progress;
pub mod report;
pub mod scaffold;
pub mod suggest;
pub mod text;
pub mod tree;
pub mod typeschema;
pub mod xml;

use std::io::Write;

/// How a run ended; maps to the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Success, or only findings below the failing threshold.
    Ok,
    /// Error-level findings (or warnings under `--strict`).
    Findings,
    /// Usage errors, unreadable input, I/O failures, a broken manifest.
    Fatal,
}

impl Status {
    /// The process exit code: 0, 1 or 2.
    pub fn code(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::Findings => 1,
            Status::Fatal => 2,
        }
    }
}

/// Runs one parsed command line, writing results to `out` and diagnostics to `err`.
pub fn run(cli: cli::Cli, out: &mut dyn Write, err: &mut dyn Write) -> Status {
    commands::dispatch(cli, out, err)
}

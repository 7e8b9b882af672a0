//! Entry point: parse the command line, run it, map the outcome to an exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: reading an archive inflates every member with a
/// fresh decompressor, and glibc's allocator fragments under that pattern (65,535 small members
/// once cost 480 MiB of resident memory for 56 MiB of live data).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = apspack::cli::Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let status = apspack::run(cli, &mut out, &mut err);
    let _ = out.flush();
    ExitCode::from(status.code())
}

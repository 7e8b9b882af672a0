//! What the integration tests share: the `apspack` binary as a builder in the manner of just's
//! `Test` (`Apspack::new().args([...]).env(...).run()`), the paths of the project's fixtures
//! and templates, the shared test data beside the project (`../shared/corpus`, honouring
//! `APSPACK_CORPUS`, and `../shared/vendor-oracle`), external tools, and copying a directory.
//!
//! One rule for everything from outside the project: when it is missing, a local run skips the
//! test and says so on stderr; a run with `CI` set fails.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_apspack");

/// The project root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<rel>`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// A copy in `dir` of the test-only key or bundle `tests/fixtures/signing/<name>`, with `mode`
/// (signing warns about key files others can read).
pub fn signing_key_copy(dir: &Path, name: &str, mode: u32) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(fixture(&format!("signing/{name}")), &to).expect("copy the key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&to, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    #[cfg(not(unix))]
    let _ = mode;
    to
}

/// `templates/<name>`.
pub fn template(name: &str) -> PathBuf {
    root().join("templates").join(name)
}

/// One run of `apspack` being set up: no `SOURCE_DATE_EPOCH` and `NO_COLOR` set unless the
/// test says otherwise, then arguments, environment and working directory.
pub struct Apspack {
    cmd: assert_cmd::Command,
}

impl Default for Apspack {
    fn default() -> Self {
        Apspack::new()
    }
}

impl Apspack {
    /// `apspack` with a clean environment for the epoch and colour.
    pub fn new() -> Apspack {
        let mut cmd = assert_cmd::Command::new(BIN);
        cmd.env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
        Apspack { cmd }
    }

    /// Adds one argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Apspack {
        self.cmd.arg(arg);
        self
    }

    /// Adds arguments.
    pub fn args<I, S>(mut self, args: I) -> Apspack
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd.args(args);
        self
    }

    /// Sets an environment variable.
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Apspack {
        self.cmd.env(key, value);
        self
    }

    /// The command, for `assert_cmd`'s assertions (`.assert().success()`).
    pub fn command(self) -> assert_cmd::Command {
        self.cmd
    }

    /// Runs it to the end.
    pub fn run(mut self) -> Run {
        let out = self.cmd.output().expect("run apspack");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// How a run ended: its exit code and what it wrote.
#[derive(Debug)]
pub struct Run {
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Fails the test unless the run exited with `code`; returns the run.
    pub fn expect_code(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// True when `CI` is set: missing test data or tools are failures there.
fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// Skips (returns `None`, saying why) on a local run; fails under `CI`.
pub fn missing<T>(what: &str) -> Option<T> {
    assert!(
        !in_ci(),
        "{what} is missing, and CI is set: this test needs it"
    );
    eprintln!("skipping: {what} is missing (local run; CI would fail)");
    None
}

/// `../shared/<name>` beside the project, when it is there.
pub fn shared(name: &str) -> Option<PathBuf> {
    let dir = root().join("../shared").join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        missing(&format!("the shared test data {}", dir.display()))
    }
}

/// The shared corpus of real packages: `APSPACK_CORPUS` when set, else `../shared/corpus`; it
/// must hold `expected.json`.
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("APSPACK_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/corpus"));
    if dir.join("expected.json").is_file() {
        Some(dir)
    } else {
        missing(&format!(
            "the corpus {} (with expected.json; set APSPACK_CORPUS to move it)",
            dir.display()
        ))
    }
}

/// True when `tool` runs (`tool probe` starts at all); a missing tool skips locally and fails
/// under `CI`.
pub fn tool(tool: &str, probe: &str) -> bool {
    if Command::new(tool).arg(probe).output().is_ok() {
        true
    } else {
        missing::<()>(&format!("the tool `{tool}`")).is_some()
    }
}

/// Copies the directory `from` to `to` (created), files and sub-directories.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).sort_by_file_name() {
        let e = e.expect("walk the source directory");
        let dst = to.join(e.path().strip_prefix(from).expect("inside"));
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dst).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &dst).expect("copy");
        }
    }
}

#[test]
fn the_builder_runs_the_binary_with_a_clean_environment() {
    let run = Apspack::new()
        .args(["explain", "APS0301"])
        .run()
        .expect_code(0);
    assert!(
        run.stdout.starts_with("APS0301 referenced-file-missing"),
        "{run:?}"
    );
    let run = Apspack::new().args(["lint", "no-such-dir"]).run();
    assert_eq!(run.code, 2, "{run:?}");
    assert!(!run.stderr.contains('\x1b'), "NO_COLOR is set: {run:?}");
}

#[test]
fn the_corpus_follows_apspack_corpus() {
    // Pointing APSPACK_CORPUS elsewhere is a process-wide change, so only the default is
    // checked here; both corpus tests read `corpus()`.
    if std::env::var_os("APSPACK_CORPUS").is_none()
        && let Some(dir) = corpus()
    {
        assert!(dir.ends_with("shared/corpus"), "{}", dir.display());
    }
}

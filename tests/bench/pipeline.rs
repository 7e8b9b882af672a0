//! Pipeline benchmark: wall time and peak memory of `apspack build` and `apspack lint` on a
//! generated ~200 MiB project, next to standard tools doing the same job.
//!
//! Run with `cargo bench --bench pipeline`. It prints figures and asserts nothing about time:
//! shared machines are noisy, so the ratios are indicative only. Without `--bench` on its
//! command line (as when a test runner runs bench targets) it does a quick smoke run on a tiny
//! project instead, so the code keeps working.
//!
//! What it does, in a temporary directory:
//! * generates projects (an `aps.toml` with one `app` type, plus `doc/` and `images/` holding
//!   incompressible pseudo-random files, compressible text, many small files and a few big
//!   ones), one of ~200 MiB and one of ~20 MiB;
//! * times `apspack build` against `zip -X -r -6` of the same files (storing the formats apspack
//!   stores) plus `sha256sum` of every file (what APP-LIST.xml needs), or `tar -czf` when `zip`
//!   is missing;
//! * times `apspack lint` of the built archive against `unzip -t` plus `sha256sum` of the
//!   archive;
//! * records the peak resident memory of every run with GNU `time -f %M`, or by polling
//!   `VmHWM` in `/proc/<pid>/status` when GNU time is not installed, to show that memory does
//!   not grow with the package size (`APSPACK_BENCH_METER=proc` forces the polling).

use std::error::Error;
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use apspack::archive::write::STORED_EXTENSIONS;

// Classic trees (annotation reading, classic vs project build): its own section.
mod classic;

type Res<T> = Result<T, Box<dyn Error>>;

const MIB: u64 = 1024 * 1024;
const GNU_TIME: &str = "/usr/bin/time";

/// The shape of a generated project.
struct Spec {
    label: &'static str,
    small_files: usize,
    small_min: u64,
    small_max: u64,
    big_size: u64,
    /// Also time the standard-tool baselines.
    baseline: bool,
}

const FULL: Spec = Spec {
    label: "~200 MiB",
    small_files: 2000,
    small_min: 4 * 1024,
    small_max: 40 * 1024,
    big_size: 50 * MIB,
    baseline: true,
};

/// As many files as [`SMALL`] but as many bytes as [`FULL`]'s big files: with [`SMALL`] and
/// [`FULL`] it tells memory that grows with the file count from memory that grows with bytes.
const BIG_FEW: Spec = Spec {
    label: "~150 MiB",
    small_files: 200,
    small_min: 4 * 1024,
    small_max: 40 * 1024,
    big_size: 50 * MIB,
    baseline: false,
};

const SMALL: Spec = Spec {
    label: "~20 MiB",
    small_files: 200,
    small_min: 4 * 1024,
    small_max: 40 * 1024,
    big_size: 5 * MIB,
    baseline: true,
};

const SMOKE: Spec = Spec {
    label: "smoke",
    small_files: 20,
    small_min: 1024,
    small_max: 8 * 1024,
    big_size: 256 * 1024,
    baseline: true,
};

/// xorshift64*: small, fast, deterministic; plenty for filler bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let v = self.next().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
}

const WORDS: &[&str] = &[
    "mail",
    "calendar",
    "contact",
    "task",
    "drive",
    "folder",
    "share",
    "user",
    "context",
    "quota",
    "account",
    "server",
    "client",
    "service",
    "deploy",
    "upgrade",
    "release",
    "package",
    "module",
    "setting",
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "is",
    "for",
    "with",
    "on",
    "this",
    "that",
    "each",
    "every",
    "when",
    "then",
    "configure",
    "provision",
    "tenant",
    "domain",
    "alias",
    "mailbox",
    "storage",
    "backup",
    "restore",
    "sync",
    "push",
    "imap",
    "smtp",
    "caldav",
    "carddav",
    "webdav",
    "token",
    "session",
    "login",
    "logout",
    "password",
    "language",
    "timezone",
    "theme",
    "notification",
    "reminder",
    "attachment",
    "signature",
];

fn write_random(path: &Path, size: u64, rng: &mut Rng) -> Res<()> {
    let mut w = BufWriter::new(File::create(path).map_err(|e| at(path, e))?);
    let mut buf = vec![0u8; 64 * 1024];
    let mut left = size;
    while left > 0 {
        let n = left.min(buf.len() as u64) as usize;
        rng.fill(&mut buf[..n]);
        w.write_all(&buf[..n]).map_err(|e| at(path, e))?;
        left -= n as u64;
    }
    w.flush().map_err(|e| at(path, e))?;
    Ok(())
}

fn write_text(path: &Path, size: u64, rng: &mut Rng) -> Res<()> {
    let html = path.extension().is_some_and(|e| e == "html");
    let mut text = String::with_capacity(64 * 1024 + 64);
    let mut w = BufWriter::new(File::create(path).map_err(|e| at(path, e))?);
    let mut written = 0u64;
    if html {
        let head = "<!DOCTYPE html>\n<html><head><title>Guide</title></head><body>\n";
        w.write_all(head.as_bytes()).map_err(|e| at(path, e))?;
        written += head.len() as u64;
    }
    let mut in_line = 0;
    while written < size {
        text.clear();
        while text.len() < 64 * 1024 && written + (text.len() as u64) < size {
            let word = WORDS[rng.below(WORDS.len() as u64) as usize];
            text.push_str(word);
            in_line += 1;
            if in_line >= 12 + rng.below(6) {
                text.push('\n');
                in_line = 0;
            } else {
                text.push(' ');
            }
        }
        let take = text.len().min((size - written) as usize);
        w.write_all(&text.as_bytes()[..take])
            .map_err(|e| at(path, e))?;
        written += take as u64;
    }
    w.flush().map_err(|e| at(path, e))?;
    Ok(())
}

fn at(path: &Path, e: std::io::Error) -> Box<dyn Error> {
    format!("{}: {e}", path.display()).into()
}

const MANIFEST: &str = r#"[package]
id = "http://www.example.com/aps/bench"
name = "Bench"
version = "1.0"
release = "1"
homepage = "https://www.example.com"
summary = "A large package for the pipeline benchmark"
icon = "images/icon.png"

[[package.changelog]]
version = "1.0"
release = "1"
entries = ["First release"]

[package.vendor]
name = "Example Ltd"
homepage = "https://www.example.com"

[package.packager]
name = "Example Ltd"
homepage = "https://www.example.com"

[package.license]
kind = "free"
name = "MIT License"
url = "https://opensource.org/licenses/MIT"

[security]

[types.app]
id = "http://www.example.com/aps/types/app/1.0"
implements = ["core/application/1.0"]
infolinks = [
    { href = "https://www.example.com/docs/deployment", class = "deployment-guide" },
    { href = "https://www.example.com/support", class = "support" },
]

[types.app.properties]
url = { type = "string", format = "uri", required = true, title = "Service URL" }
"#;

/// A generated project: its directory, the files the baselines package, their total size.
struct Project {
    dir: PathBuf,
    files: Vec<String>,
    bytes: u64,
}

fn generate(root: &Path, spec: &Spec, seed: u64) -> Res<Project> {
    let dir = root.join(format!("project-{seed}"));
    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/minimal");
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut files: Vec<String> = Vec::new();
    for sub in ["images", "scripts", "doc"] {
        fs::create_dir_all(dir.join(sub)).map_err(|e| at(&dir.join(sub), e))?;
    }
    fs::write(dir.join("aps.toml"), MANIFEST).map_err(|e| at(&dir, e))?;
    files.push("aps.toml".into());
    for copy in ["images/icon.png", "scripts/app.php"] {
        let (from, to) = (template.join(copy), dir.join(copy));
        fs::copy(&from, &to).map_err(|e| at(&from, e))?;
        files.push(copy.into());
    }
    for i in 0..spec.small_files {
        let sub = format!("s{:02}", i / 100);
        let size = spec.small_min + rng.below(spec.small_max - spec.small_min + 1);
        let (top, name, random) = match i % 4 {
            0 => ("images", format!("img-{i:04}.png"), true),
            1 => ("doc", format!("data-{i:04}.bin"), true),
            2 => ("doc", format!("page-{i:04}.txt"), false),
            _ => ("doc", format!("page-{i:04}.html"), false),
        };
        let parent = dir.join(top).join(&sub);
        fs::create_dir_all(&parent).map_err(|e| at(&parent, e))?;
        let path = parent.join(&name);
        if random {
            write_random(&path, size, &mut rng)?;
        } else {
            write_text(&path, size, &mut rng)?;
        }
        files.push(format!("{top}/{sub}/{name}"));
    }
    // Three big files: stored random, deflated random, deflated text.
    for (rel, random) in [
        ("images/big-1.png", true),
        ("doc/big-2.bin", true),
        ("doc/big-3.txt", false),
    ] {
        let path = dir.join(rel);
        if random {
            write_random(&path, spec.big_size, &mut rng)?;
        } else {
            write_text(&path, spec.big_size, &mut rng)?;
        }
        files.push(rel.into());
    }
    let mut bytes = 0;
    for f in &files {
        let p = dir.join(f);
        bytes += fs::metadata(&p).map_err(|e| at(&p, e))?.len();
    }
    Ok(Project { dir, files, bytes })
}

/// How peak memory is measured.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Meter {
    GnuTime,
    Proc,
}

/// GNU time when it works, else `/proc` polling (forced with `APSPACK_BENCH_METER=proc`).
fn pick_meter(root: &Path) -> Meter {
    if std::env::var_os("APSPACK_BENCH_METER").is_some_and(|v| v == "proc") {
        return Meter::Proc;
    }
    let out = root.join("probe.rss");
    let ok = Command::new(GNU_TIME)
        .args(["-f", "%M", "-o"])
        .arg(&out)
        .arg("true")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
        && read_rss(&out).is_some();
    if ok { Meter::GnuTime } else { Meter::Proc }
}

/// The last line of a GNU time `%M` output file, in KiB.
fn read_rss(path: &Path) -> Option<u64> {
    let text = fs::read_to_string(path).ok()?;
    text.lines().last()?.trim().parse().ok()
}

/// One timed run.
struct Run {
    wall: Duration,
    peak_kib: Option<u64>,
}

/// Runs `cmd` (program and arguments) in `cwd`, output to files under `root`; fails unless
/// the exit code is in `ok_codes`.
fn run(root: &Path, meter: Meter, cwd: &Path, cmd: &[OsString], ok_codes: &[i32]) -> Res<Run> {
    let (program, args) = cmd.split_first().ok_or("empty command")?;
    let stdout_path = root.join("run.stdout");
    let stderr_path = root.join("run.stderr");
    let rss_path = root.join("run.rss");
    let _ = fs::remove_file(&rss_path);
    let mut c = match meter {
        Meter::GnuTime => {
            let mut c = Command::new(GNU_TIME);
            c.args(["-f", "%M", "-o"]).arg(&rss_path).arg(program);
            c
        }
        Meter::Proc => Command::new(program),
    };
    c.args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(File::create(&stdout_path).map_err(|e| at(&stdout_path, e))?)
        .stderr(File::create(&stderr_path).map_err(|e| at(&stderr_path, e))?);
    let start = Instant::now();
    let mut child = c
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", program.to_string_lossy()))?;
    let (status, polled) = match meter {
        Meter::GnuTime => (child.wait()?, None),
        Meter::Proc => poll_hwm(&mut child)?,
    };
    let wall = start.elapsed();
    check_status(status, cmd, ok_codes, &stderr_path)?;
    let peak_kib = match meter {
        Meter::GnuTime => read_rss(&rss_path),
        Meter::Proc => polled,
    };
    Ok(Run { wall, peak_kib })
}

/// Waits for `child`, reading its `VmHWM` every few milliseconds.
fn poll_hwm(child: &mut std::process::Child) -> Res<(ExitStatus, Option<u64>)> {
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak: Option<u64> = None;
    loop {
        if let Ok(text) = fs::read_to_string(&status_file) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            if let Some(h) = hwm {
                peak = Some(peak.map_or(h, |p| p.max(h)));
            }
        }
        if let Some(status) = child.try_wait()? {
            return Ok((status, peak));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn check_status(status: ExitStatus, cmd: &[OsString], ok: &[i32], stderr: &Path) -> Res<()> {
    if status.code().is_some_and(|c| ok.contains(&c)) {
        return Ok(());
    }
    let text = fs::read_to_string(stderr).unwrap_or_default();
    let tail: Vec<&str> = text.lines().rev().take(15).collect();
    let shown: Vec<String> = cmd
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    Err(format!(
        "`{}` ended with {status}:\n{}",
        shown.join(" "),
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    )
    .into())
}

fn sh(script: String) -> Vec<OsString> {
    vec!["sh".into(), "-c".into(), script.into()]
}

fn has_tool(name: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_apspack"))
}

/// Median wall time, and the highest peak seen, over runs.
struct Figures {
    median: Duration,
    peak_kib: Option<u64>,
}

fn figures(runs: &[Run]) -> Figures {
    let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
    walls.sort();
    Figures {
        median: walls.get(walls.len() / 2).copied().unwrap_or_default(),
        peak_kib: runs.iter().filter_map(|r| r.peak_kib).max(),
    }
}

/// Runs `a` and (when `with_b`) `b` alternately `n` times each, so drift in machine load hits
/// both alike.
fn compare(
    n: usize,
    with_b: bool,
    mut a: impl FnMut() -> Res<Run>,
    mut b: impl FnMut() -> Res<Run>,
) -> Res<(Figures, Option<Figures>)> {
    let (mut ra, mut rb) = (Vec::new(), Vec::new());
    for _ in 0..n {
        ra.push(a()?);
        if with_b {
            rb.push(b()?);
        }
    }
    Ok((figures(&ra), with_b.then(|| figures(&rb))))
}

/// Results for one project size.
struct Row {
    label: &'static str,
    files: usize,
    project_bytes: u64,
    archive_bytes: u64,
    baseline_archive_bytes: Option<u64>,
    build: (Figures, Option<Figures>),
    lint: (Figures, Option<Figures>),
}

fn measure(root: &Path, meter: Meter, spec: &Spec, seed: u64, runs: usize, zip: bool) -> Res<Row> {
    let project = generate(root, spec, seed)?;
    let out = root.join(format!("out-{seed}"));
    let base = root.join(format!("base-{seed}"));
    fs::create_dir_all(&base).map_err(|e| at(&base, e))?;
    let bin = binary();

    let build_cmd: Vec<OsString> = vec![
        bin.clone().into(),
        "build".into(),
        project.dir.clone().into(),
        "--out-dir".into(),
        out.clone().into(),
    ];
    let list = base.join("files.txt");
    fs::write(&list, project.files.join("\n") + "\n").map_err(|e| at(&list, e))?;
    let (base_archive, base_script) = if zip {
        let archive = base.join("base.zip");
        let stored: Vec<String> = STORED_EXTENSIONS.iter().map(|e| format!(".{e}")).collect();
        let script = format!(
            "rm -f '{a}' && zip -X -r -6 -q -n '{n}' '{a}' aps.toml doc images scripts && \
             tr '\\n' '\\0' < '{l}' | xargs -0 sha256sum > '{s}'",
            a = archive.display(),
            n = stored.join(":"),
            l = list.display(),
            s = base.join("SHA256SUMS").display(),
        );
        (archive, script)
    } else {
        let archive = base.join("base.tar.gz");
        let script = format!(
            "tar -czf '{a}' aps.toml doc images scripts && \
             tr '\\n' '\\0' < '{l}' | xargs -0 sha256sum > '{s}'",
            a = archive.display(),
            l = list.display(),
            s = base.join("SHA256SUMS").display(),
        );
        (archive, script)
    };
    let build = compare(
        runs,
        spec.baseline,
        || run(root, meter, &project.dir, &build_cmd, &[0]),
        || run(root, meter, &project.dir, &sh(base_script.clone()), &[0]),
    )?;

    let archive = fs::read_dir(&out)
        .map_err(|e| at(&out, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(".app.zip"))
        .ok_or("apspack build wrote no .app.zip")?;
    let archive_bytes = fs::metadata(&archive).map_err(|e| at(&archive, e))?.len();
    let baseline_archive_bytes = if spec.baseline {
        Some(
            fs::metadata(&base_archive)
                .map_err(|e| at(&base_archive, e))?
                .len(),
        )
    } else {
        None
    };

    let lint_cmd: Vec<OsString> = vec![bin.into(), "lint".into(), archive.clone().into()];
    let lint_base = if zip {
        format!(
            "unzip -tq '{a}' > /dev/null && sha256sum '{a}' > /dev/null",
            a = archive.display()
        )
    } else {
        format!(
            "gzip -t '{a}' && sha256sum '{a}' > /dev/null",
            a = base_archive.display()
        )
    };
    let lint = compare(
        runs,
        spec.baseline,
        // Findings (exit 1) are fine; only a fatal error (exit 2) stops the benchmark.
        || run(root, meter, root, &lint_cmd, &[0, 1]),
        || run(root, meter, root, &sh(lint_base.clone()), &[0]),
    )?;

    // Free the disk space before the next size.
    let _ = fs::remove_dir_all(&project.dir);
    let _ = fs::remove_dir_all(&base);
    let _ = fs::remove_dir_all(&out);
    Ok(Row {
        label: spec.label,
        files: project.files.len(),
        project_bytes: project.bytes,
        archive_bytes,
        baseline_archive_bytes,
        build,
        lint,
    })
}

fn mib(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / MIB as f64)
}

fn secs(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64())
}

fn ratio(a: Duration, b: Duration) -> String {
    if b.is_zero() {
        "-".into()
    } else {
        format!("{:.2}", a.as_secs_f64() / b.as_secs_f64())
    }
}

fn rss(kib: Option<u64>) -> String {
    kib.map_or_else(|| "-".into(), |k| format!("{:.1}", k as f64 / 1024.0))
}

fn host() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{cpus} CPU(s), {model}")
}

fn load() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|t| t.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn main() -> Res<()> {
    let bench = std::env::args().any(|a| a == "--bench");
    let (specs, runs): (Vec<&Spec>, usize) = if bench {
        (vec![&FULL, &SMALL, &BIG_FEW], 3)
    } else {
        println!("pipeline: smoke run (pass --bench, as `cargo bench` does, for the real figures)");
        (vec![&SMOKE], 1)
    };
    let root = tempfile::Builder::new()
        .prefix("apspack-bench-")
        .tempdir()?;
    let meter = pick_meter(root.path());
    let zip = has_tool("zip") && has_tool("unzip");
    if !zip {
        println!("note: zip/unzip not found; the baselines are tar -czf and gzip -t instead");
    }
    let load_before = load();
    let started = Instant::now();
    let mut rows = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        rows.push(measure(root.path(), meter, spec, i as u64 + 1, runs, zip)?);
    }
    let total = started.elapsed();

    let (build_base, lint_base) = if zip {
        (
            "zip -X -r -6 (storing what apspack stores) + sha256sum of every file",
            "unzip -t + sha256sum of the archive",
        )
    } else {
        (
            "tar -czf + sha256sum of every file",
            "gzip -t + sha256sum of the archive",
        )
    };
    println!();
    println!("apspack pipeline benchmark: {}", binary().display());
    println!(
        "host: {}; load average {} before, {} after; total {:.0} s",
        host(),
        load_before,
        load(),
        total.as_secs_f64()
    );
    println!(
        "wall times are medians of {runs} run(s), warm page cache; peak RSS is the highest of the runs ({})",
        match meter {
            Meter::GnuTime => "GNU time %M",
            Meter::Proc => "polled VmHWM of the direct child: for baselines, only the shell",
        }
    );
    println!("build baseline: {build_base}");
    println!("lint baseline:  {lint_base}");
    println!();
    println!(
        "{:<10} {:>6} {:>11} {:>11} {:>11}",
        "package", "files", "project MiB", "app.zip MiB", "base MiB"
    );
    for r in &rows {
        println!(
            "{:<10} {:>6} {:>11} {:>11} {:>11}",
            r.label,
            r.files,
            mib(r.project_bytes),
            mib(r.archive_bytes),
            r.baseline_archive_bytes.map_or_else(|| "-".into(), mib)
        );
    }
    println!();
    println!(
        "{:<6} {:<10} {:>10} {:>10} {:>7} {:>13} {:>13}",
        "step", "package", "apspack s", "base s", "ratio", "apspack peak", "base peak"
    );
    for r in &rows {
        for (step, (a, b)) in [("build", &r.build), ("lint", &r.lint)] {
            println!(
                "{:<6} {:<10} {:>10} {:>10} {:>7} {:>13} {:>13}",
                step,
                r.label,
                secs(a.median),
                b.as_ref().map_or_else(|| "-".into(), |b| secs(b.median)),
                b.as_ref()
                    .map_or_else(|| "-".into(), |b| ratio(a.median, b.median)),
                rss(a.peak_kib),
                rss(b.as_ref().and_then(|b| b.peak_kib))
            );
        }
    }
    println!();
    println!(
        "ratio = apspack / baseline (below 1 is faster); peak = peak RSS in MiB. Shared, noisy machines: \
         compare ratios on one host, not seconds across hosts."
    );
    classic::report(root.path(), &binary(), runs)?;
    Ok(())
}

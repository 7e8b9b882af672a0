//! Pipeline benchmark: `apspack build` and `apspack lint` against the standard tools doing the
//! same job, on generated 300 MiB and 1 GiB packages, with the machine's ceilings.
//!
//! Run with `cargo bench --bench pipeline`. It prints one table per package and asserts nothing
//! about time: shared machines are noisy, so compare the ratios of one run. With
//! `APSPACK_BENCH_SMOKE=1`, or without `--bench` on the command line (as when a test runner runs
//! bench targets), it does a smoke run on a few MiB instead, so the code keeps working (CI runs
//! it). `APSPACK_BENCH_RUNS=N` sets the runs per measurement (default 3; the median is shown);
//! `APSPACK_BENCH_ONLY=300MiB` or `1GiB` runs one package only; `APSPACK_BENCH_GENERATE=DIR`
//! only generates the first package into `DIR` (to profile by hand).
//!
//! What it does, in a temporary directory:
//! * generates a project: PHP and JavaScript text of varied sizes (log-uniform, 512 B to
//!   256 KiB), PNG- and JPEG-like images of incompressible bytes (4 KiB to 1 MiB), and a few
//!   20 MiB blobs (a JavaScript bundle, a video, a text dump), 5,000 files for 300 MiB;
//! * measures the ceilings: `cat` of every file to /dev/null, `sha256sum` of every file;
//! * times `apspack build` (default jobs, and `--jobs 1`) against `zip -r -X -q` plus
//!   `sha256sum` of every file (what APP-LIST.xml needs), and against a Python `zipfile` builder
//!   that hashes each file as it compresses it; every run alternates with the others, so drift
//!   in the machine's load hits all alike;
//! * times `apspack lint` of the built archive (every digest verified) against `unzip -tq` and
//!   against `unzip` to a directory plus `sha256sum` of every file;
//! * records the peak resident memory of every run with GNU `time -f %M` (for a shell pipeline
//!   that is its largest process), or by polling `VmHWM` in `/proc/<pid>/status` when GNU time
//!   is missing (`APSPACK_BENCH_METER=proc` forces it).
//!
//! When `CI` is set, a missing tool (zip, unzip, sha256sum, python3) is an error.

use std::error::Error;
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

// Classic trees (annotation reading, classic vs project build): its own section.
mod classic;

type Res<T> = Result<T, Box<dyn Error>>;

const KIB: u64 = 1024;
const MIB: u64 = 1024 * 1024;
const GNU_TIME: &str = "/usr/bin/time";

/// The shape of a generated package.
struct Shape {
    label: &'static str,
    /// Total bytes of the generated files.
    total: u64,
    text_files: usize,
    image_files: usize,
    blobs: usize,
    blob_len: u64,
    /// Also time `apspack build --jobs 1`.
    single_job: bool,
}

const P300: Shape = Shape {
    label: "300 MiB",
    total: 300 * MIB,
    text_files: 3800,
    image_files: 1197,
    blobs: 3,
    blob_len: 20 * MIB,
    single_job: true,
};

const P1G: Shape = Shape {
    label: "1 GiB",
    total: 1024 * MIB,
    text_files: 12_900,
    image_files: 4_090,
    blobs: 10,
    blob_len: 20 * MIB,
    single_job: false,
};

/// A few MiB; the blob crosses the 1 MiB piece size of the writer.
const SMOKE: Shape = Shape {
    label: "smoke",
    total: 6 * MIB,
    text_files: 60,
    image_files: 20,
    blobs: 1,
    blob_len: 2 * MIB + MIB / 2,
    single_job: true,
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

    /// Log-uniform in `[lo, hi]`.
    fn log_uniform(&mut self, lo: u64, hi: u64) -> u64 {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let (l, h) = ((lo as f64).ln(), (hi as f64).ln());
        (l + u * (h - l)).exp() as u64
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
    "password",
    "language",
    "timezone",
    "theme",
    "notification",
    "reminder",
    "attachment",
    "signature",
    "provision",
    "resource",
    "counter",
    "limit",
    "usage",
    "event",
    "request",
    "response",
    "result",
    "error",
    "message",
    "value",
    "config",
    "options",
    "handler",
];

/// Appends one line of PHP- or JavaScript-like code.
fn code_line(rng: &mut Rng, js: bool, out: &mut Vec<u8>) {
    let mut w = || WORDS[rng.below(WORDS.len() as u64) as usize];
    let (a, b, c, d) = (w(), w(), w(), w());
    let n = rng.below(100_000);
    let hex = rng.next() & 0xffff;
    let indent = " ".repeat(4 * rng.below(4) as usize);
    let line = match (js, rng.below(8)) {
        (false, 0) => format!("{indent}${a}_{b} = $this->{c}('{d}', {n});\n"),
        (false, 1) => format!("{indent}if (${a}->get{b}() === null) {{\n"),
        (false, 2) => format!("{indent}return array('{a}' => ${b}, '{c}' => {n});\n"),
        (false, 3) => format!("{indent}// {a} the {b} of every {c} when {d} is set\n"),
        (false, 4) => format!("{indent}public function {a}{b}(${c}, ${d} = {n})\n"),
        (false, 5) => format!("{indent}${a}[\"{b}_{hex:04x}\"] = ${c}->{d};\n"),
        (false, 6) => format!("{indent}}}\n"),
        (false, _) => format!("{indent}throw new \\Exception(\"{a} {b}: \" . ${c});\n"),
        (true, 0) => format!("{indent}const {a}{b} = await {c}.{d}({n}, '{a}');\n"),
        (true, 1) => format!("{indent}if (!this.{a} || this.{b}.length > {n}) {{\n"),
        (true, 2) => format!("{indent}return {{ {a}: {b}, {c}: '{d}_{hex:04x}' }};\n"),
        (true, 3) => format!("{indent}/* {a} {b} {c} {d} */\n"),
        (true, 4) => format!("{indent}export function {a}_{b}({c}, {d} = {n}) {{\n"),
        (true, 5) => format!("{indent}{a}.on('{b}', ({c}) => {d}({c}, 0x{hex:x}));\n"),
        (true, 6) => format!("{indent}}}\n"),
        (true, _) => format!("{indent}let {a} = new {b}({{ id: {n}, name: \"{c}\" }});\n"),
    };
    out.extend_from_slice(line.as_bytes());
}

fn write_text(path: &Path, size: u64, rng: &mut Rng) -> Res<()> {
    let js = path.extension().is_some_and(|e| e == "js");
    let mut w = BufWriter::new(File::create(path).map_err(|e| at(path, e))?);
    let mut buf = Vec::with_capacity(64 * 1024 + 256);
    let mut left = size;
    if !js {
        buf.extend_from_slice(b"<?php\n");
    }
    while left > 0 {
        while buf.len() < 64 * 1024 {
            code_line(rng, js, &mut buf);
        }
        let n = buf.len().min(left as usize);
        w.write_all(&buf[..n]).map_err(|e| at(path, e))?;
        left -= n as u64;
        buf.clear();
    }
    w.flush().map_err(|e| at(path, e))?;
    Ok(())
}

/// Incompressible bytes behind a PNG or JPEG signature (by extension).
fn write_image(path: &Path, size: u64, rng: &mut Rng) -> Res<()> {
    let mut w = BufWriter::new(File::create(path).map_err(|e| at(path, e))?);
    let head: &[u8] = if path.extension().is_some_and(|e| e == "png") {
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
    } else {
        b"\xff\xd8\xff\xe0\0\x10JFIF\0"
    };
    let head = &head[..head.len().min(size as usize)];
    w.write_all(head).map_err(|e| at(path, e))?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut left = size - head.len() as u64;
    while left > 0 {
        let n = left.min(buf.len() as u64) as usize;
        rng.fill(&mut buf[..n]);
        w.write_all(&buf[..n]).map_err(|e| at(path, e))?;
        left -= n as u64;
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
    { href = "https://www.example.com/docs/deployment", class = "deployment-guide", title = "Deployment guide" },
    { href = "https://www.example.com/support", class = "support", title = "Support" },
]

[types.app.properties]
url = { type = "string", format = "uri", required = true, title = "Service URL" }
"#;

/// A generated project.
struct Project {
    dir: PathBuf,
    files: usize,
    bytes: u64,
    text: u64,
    images: u64,
    blobs: u64,
}

/// Sizes drawn log-uniform in `[lo, hi]`, then scaled to sum to `total`.
fn sizes(rng: &mut Rng, n: usize, lo: u64, hi: u64, total: u64) -> Vec<u64> {
    let raw: Vec<u64> = (0..n).map(|_| rng.log_uniform(lo, hi)).collect();
    let sum: u64 = raw.iter().sum::<u64>().max(1);
    let mut out: Vec<u64> = raw
        .iter()
        .map(|&s| ((s as f64) * total as f64 / sum as f64) as u64)
        .collect();
    let short = total.saturating_sub(out.iter().sum());
    if let Some(first) = out.first_mut() {
        *first += short;
    }
    out
}

fn generate(root: &Path, shape: &Shape) -> Res<Project> {
    let dir = root.join(format!("project-{}", shape.label.replace(' ', "")));
    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/minimal");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for sub in ["images", "scripts", "ui", "doc"] {
        fs::create_dir_all(dir.join(sub)).map_err(|e| at(&dir.join(sub), e))?;
    }
    fs::write(dir.join("aps.toml"), MANIFEST).map_err(|e| at(&dir, e))?;
    let mut files = 1;
    for copy in ["images/icon.png", "scripts/app.php"] {
        let (from, to) = (template.join(copy), dir.join(copy));
        fs::copy(&from, &to).map_err(|e| at(&from, e))?;
        files += 1;
    }
    let blobs = shape.blobs as u64 * shape.blob_len;
    let rest = shape.total.saturating_sub(blobs);
    let text_total = rest * 55 / 100;
    let image_total = rest - text_total;
    let text_sizes = sizes(&mut rng, shape.text_files, 512, 256 * KIB, text_total);
    let image_sizes = sizes(&mut rng, shape.image_files, 4 * KIB, MIB, image_total);
    for (i, size) in text_sizes.iter().enumerate() {
        let (top, ext) = if i % 2 == 0 {
            ("scripts", "php")
        } else {
            ("ui", "js")
        };
        let parent = dir.join(top).join(format!("m{:03}", i / 50));
        fs::create_dir_all(&parent).map_err(|e| at(&parent, e))?;
        write_text(&parent.join(format!("f{i:05}.{ext}")), *size, &mut rng)?;
        files += 1;
    }
    for (i, size) in image_sizes.iter().enumerate() {
        let ext = if i % 3 == 0 { "jpg" } else { "png" };
        let parent = dir.join("images").join(format!("g{:03}", i / 50));
        fs::create_dir_all(&parent).map_err(|e| at(&parent, e))?;
        write_image(&parent.join(format!("i{i:05}.{ext}")), *size, &mut rng)?;
        files += 1;
    }
    for i in 0..shape.blobs {
        let path = match i % 3 {
            0 => dir.join(format!("ui/bundle-{i}.js")),
            1 => dir.join(format!("images/video-{i}.mp4")),
            _ => dir.join(format!("doc/dump-{i}.php")),
        };
        if i % 3 == 1 {
            write_image(&path, shape.blob_len, &mut rng)?;
        } else {
            write_text(&path, shape.blob_len, &mut rng)?;
        }
        files += 1;
    }
    let mut bytes = 0;
    for e in walk(&dir)? {
        bytes += fs::metadata(&e).map_err(|err| at(&e, err))?.len();
    }
    Ok(Project {
        dir,
        files,
        bytes,
        text: text_total,
        images: image_total,
        blobs,
    })
}

fn walk(dir: &Path) -> Res<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).map_err(|err| at(&d, err))? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    Ok(out)
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

/// A command to time: program and arguments, run in `cwd`, accepted exit codes, and a command
/// run (untimed) before each run to reset its output.
#[derive(Clone)]
struct Job {
    name: String,
    cmd: Vec<OsString>,
    cwd: PathBuf,
    ok: Vec<i32>,
    reset: Option<String>,
}

fn job(name: &str, cmd: Vec<OsString>, cwd: &Path) -> Job {
    Job {
        name: name.to_string(),
        cmd,
        cwd: cwd.to_path_buf(),
        ok: vec![0],
        reset: None,
    }
}

fn run(root: &Path, meter: Meter, job: &Job) -> Res<Run> {
    if let Some(reset) = &job.reset {
        let status = Command::new("sh").args(["-c", reset]).status()?;
        if !status.success() {
            return Err(format!("`{reset}` failed").into());
        }
    }
    let (program, args) = job.cmd.split_first().ok_or("empty command")?;
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
        .current_dir(&job.cwd)
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
    check_status(status, job, &stderr_path)?;
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

fn check_status(status: ExitStatus, job: &Job, stderr: &Path) -> Res<()> {
    if status.code().is_some_and(|c| job.ok.contains(&c)) {
        return Ok(());
    }
    let text = fs::read_to_string(stderr).unwrap_or_default();
    let tail: Vec<&str> = text.lines().rev().take(15).collect();
    Err(format!(
        "{} ended with {status}:\n{}",
        job.name,
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

/// Median wall time and the highest peak over the runs of one job.
struct Figures {
    name: String,
    median: Duration,
    peak_kib: Option<u64>,
}

/// Runs every job `n` times, round-robin, so drift in machine load hits all alike.
fn measure(root: &Path, meter: Meter, n: usize, jobs: &[Job]) -> Res<Vec<Figures>> {
    let mut runs: Vec<Vec<Run>> = jobs.iter().map(|_| Vec::new()).collect();
    for _ in 0..n {
        for (j, r) in jobs.iter().zip(runs.iter_mut()) {
            r.push(run(root, meter, j)?);
        }
    }
    Ok(jobs
        .iter()
        .zip(runs)
        .map(|(j, r)| {
            let mut walls: Vec<Duration> = r.iter().map(|r| r.wall).collect();
            walls.sort();
            Figures {
                name: j.name.clone(),
                median: walls[walls.len() / 2],
                peak_kib: r.iter().filter_map(|r| r.peak_kib).max(),
            }
        })
        .collect())
}

fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

const PY_BUILDER: &str = r#"
import hashlib, os, sys, zipfile
root, out, sums = sys.argv[1], sys.argv[2], sys.argv[3]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z, open(sums, "w") as s:
    for top, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(top, name)
            rel = os.path.relpath(path, root)
            h = hashlib.sha256()
            with open(path, "rb") as f, z.open(rel, "w") as w:
                while True:
                    b = f.read(1 << 20)
                    if not b:
                        break
                    h.update(b)
                    w.write(b)
            s.write(h.hexdigest() + "  " + rel + "\n")
"#;

/// What one package gave.
struct Report {
    label: &'static str,
    files: usize,
    bytes: u64,
    mix: (u64, u64, u64),
    ceilings: Vec<Figures>,
    build: Vec<Figures>,
    lint: Vec<Figures>,
    sizes: Vec<(String, u64)>,
}

fn bench_package(root: &Path, meter: Meter, shape: &Shape, runs: usize) -> Res<Report> {
    let project = generate(root, shape)?;
    let p = &project.dir;
    let work = root.join("work");
    fs::create_dir_all(&work).map_err(|e| at(&work, e))?;
    let bin = binary();
    let out = work.join("dist");
    let every_file = "find . -type f -print0 | xargs -0";

    let ceilings = measure(
        root,
        meter,
        runs,
        &[
            job(
                "cat > /dev/null",
                sh(format!("{every_file} cat > /dev/null")),
                p,
            ),
            job(
                "sha256sum",
                sh(format!("{every_file} sha256sum > /dev/null")),
                p,
            ),
        ],
    )?;

    let build = |name: &str, extra: &[&str]| {
        let mut cmd: Vec<OsString> = vec![bin.clone().into(), "build".into(), p.into()];
        cmd.extend(["--out-dir".into(), out.clone().into()]);
        cmd.extend(extra.iter().map(OsString::from));
        job(name, cmd, p)
    };
    let zip = work.join("zip.zip");
    let py = work.join("py.zip");
    let py_script = work.join("builder.py");
    fs::write(&py_script, PY_BUILDER).map_err(|e| at(&py_script, e))?;
    let mut zip_job = job(
        "zip -r -X -q + sha256sum",
        sh(format!(
            "zip -r -X -q {z} . && {every_file} sha256sum > {s}",
            z = quote(&zip),
            s = quote(&work.join("zip.sums"))
        )),
        p,
    );
    zip_job.reset = Some(format!("rm -f {}", quote(&zip)));
    let python_job = job(
        "python zipfile + hashlib",
        vec![
            "python3".into(),
            py_script.into(),
            p.into(),
            py.clone().into(),
            work.join("py.sums").into(),
        ],
        p,
    );
    let mut build_jobs = vec![build("apspack build", &[])];
    if shape.single_job {
        build_jobs.push(build("apspack build --jobs 1", &["--jobs", "1"]));
    }
    build_jobs.push(zip_job);
    build_jobs.push(python_job);
    let build = measure(root, meter, runs, &build_jobs)?;

    let archive = fs::read_dir(&out)
        .map_err(|e| at(&out, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(".app.zip"))
        .ok_or("apspack build wrote no .app.zip")?;
    let size = |p: &Path| fs::metadata(p).map(|m| m.len()).map_err(|e| at(p, e));
    let sizes = vec![
        ("apspack".to_string(), size(&archive)?),
        ("zip -r -X -q".to_string(), size(&zip)?),
        ("python zipfile".to_string(), size(&py)?),
    ];

    let unpacked = work.join("unpacked");
    let mut lint_job = job(
        "apspack lint",
        vec![bin.into(), "lint".into(), archive.clone().into()],
        &work,
    );
    // Findings (exit 1) are fine; only a fatal error (exit 2) stops the benchmark.
    lint_job.ok = vec![0, 1];
    let mut unzip_sums = job(
        "unzip + sha256sum",
        sh(format!(
            "unzip -q {a} -d {u} && cd {u} && {every_file} sha256sum > /dev/null",
            a = quote(&archive),
            u = quote(&unpacked)
        )),
        &work,
    );
    unzip_sums.reset = Some(format!("rm -rf {}", quote(&unpacked)));
    let lint = measure(
        root,
        meter,
        runs,
        &[
            lint_job,
            job(
                "unzip -tq",
                sh(format!("unzip -tq {} > /dev/null", quote(&archive))),
                &work,
            ),
            unzip_sums,
        ],
    )?;

    let _ = fs::remove_dir_all(&project.dir);
    let _ = fs::remove_dir_all(&work);
    Ok(Report {
        label: shape.label,
        files: project.files,
        bytes: project.bytes,
        mix: (project.text, project.images, project.blobs),
        ceilings,
        build,
        lint,
        sizes,
    })
}

fn mib(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / MIB as f64)
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
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "?".into())
}

fn print_report(r: &Report) {
    let (text, images, blobs) = r.mix;
    println!();
    println!(
        "## {}: {} files, {} MiB (text {} MiB, images {} MiB, blobs {} MiB)",
        r.label,
        r.files,
        mib(r.bytes),
        mib(text),
        mib(images),
        mib(blobs)
    );
    println!();
    println!("| ceiling | median s | MiB/s |");
    println!("|---|---:|---:|");
    for c in &r.ceilings {
        let rate = r.bytes as f64 / MIB as f64 / c.median.as_secs_f64().max(1e-9);
        println!(
            "| {} | {:.2} | {:.0} |",
            c.name,
            c.median.as_secs_f64(),
            rate
        );
    }
    for (title, rows) in [("build", &r.build), ("lint", &r.lint)] {
        let Some(base) = rows.first() else { continue };
        println!();
        println!("| {title} | median s | vs apspack | peak RSS MiB |");
        println!("|---|---:|---:|---:|");
        for f in rows.iter() {
            let speed = f.median.as_secs_f64() / base.median.as_secs_f64().max(1e-9);
            println!(
                "| {} | {:.2} | {:.2}× | {} |",
                f.name,
                f.median.as_secs_f64(),
                speed,
                rss(f.peak_kib)
            );
        }
    }
    println!();
    println!("| archive | MiB | vs zip |");
    println!("|---|---:|---:|");
    let zip = r
        .sizes
        .iter()
        .find(|(n, _)| n.starts_with("zip"))
        .map_or(1, |(_, s)| *s)
        .max(1);
    for (name, size) in &r.sizes {
        println!(
            "| {name} | {} | {:.4} |",
            mib(*size),
            *size as f64 / zip as f64
        );
    }
}

fn main() -> Res<()> {
    let smoke = std::env::var_os("APSPACK_BENCH_SMOKE").is_some_and(|v| !v.is_empty() && v != "0")
        || !std::env::args().any(|a| a == "--bench");
    let runs: usize = match std::env::var("APSPACK_BENCH_RUNS") {
        Ok(v) => v
            .parse()
            .map_err(|_| format!("APSPACK_BENCH_RUNS={v:?} is not a number"))?,
        Err(_) if smoke => 1,
        Err(_) => 3,
    };
    let runs = runs.max(1);
    let mut shapes: Vec<&Shape> = if smoke {
        vec![&SMOKE]
    } else {
        vec![&P300, &P1G]
    };
    if let Ok(only) = std::env::var("APSPACK_BENCH_ONLY") {
        shapes.retain(|s| s.label.replace(' ', "") == only.replace(' ', ""));
        if shapes.is_empty() {
            return Err(
                format!("APSPACK_BENCH_ONLY={only:?}: no such package (300MiB, 1GiB)").into(),
            );
        }
    }
    // Only generate the first package into a directory, for profiling by hand.
    if let Some(dir) = std::env::var_os("APSPACK_BENCH_GENERATE") {
        let dir = PathBuf::from(dir);
        fs::create_dir_all(&dir).map_err(|e| at(&dir, e))?;
        let p = generate(&dir, shapes[0])?;
        println!(
            "generated {} ({} files, {} MiB)",
            p.dir.display(),
            p.files,
            mib(p.bytes)
        );
        return Ok(());
    }
    let needed = ["zip", "unzip", "sha256sum", "python3", "find", "xargs"];
    let missing: Vec<&str> = needed.iter().copied().filter(|t| !has_tool(t)).collect();
    if !missing.is_empty() {
        let msg = format!("the benchmark needs {}: install it", missing.join(", "));
        if std::env::var_os("CI").is_some() {
            return Err(msg.into());
        }
        println!("pipeline: skipped: {msg}");
        return Ok(());
    }
    let root = tempfile::Builder::new()
        .prefix("apspack-bench-")
        .tempdir()?;
    let meter = pick_meter(root.path());
    if std::env::var_os("CI").is_some() && meter != Meter::GnuTime {
        return Err(format!("the benchmark needs GNU time at {GNU_TIME}").into());
    }
    let load_before = load();
    let started = Instant::now();
    let mut reports = Vec::new();
    for shape in shapes {
        reports.push(bench_package(root.path(), meter, shape, runs)?);
    }
    println!();
    println!(
        "# apspack pipeline benchmark{}",
        if smoke { " (smoke run)" } else { "" }
    );
    println!();
    println!("- host: {}", host());
    println!(
        "- load average (1, 5, 15 min): {} before, {} after; total {:.0} s",
        load_before,
        load(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "- wall times are medians of {runs} run(s), warm page cache; peak RSS is the highest of the runs ({})",
        match meter {
            Meter::GnuTime => "GNU time %M: for a shell pipeline, its largest process",
            Meter::Proc => "polled VmHWM of the direct child: for shell pipelines, only the shell",
        }
    );
    println!("- `vs apspack` is the median wall time over apspack's: above 1, apspack is faster");
    for r in &reports {
        print_report(r);
    }
    println!();
    classic::report(root.path(), &binary(), runs)?;
    Ok(())
}

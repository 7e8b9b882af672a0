//! Hostile packages end to end: links out of the directory, injection through names and values
//! into every output, finding floods, interrupted and concurrent builds, full disks. Each test
//! is a regression test for a way apspack was once broken.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_apspack");
/// Every lint output format.
const FORMATS: [&str; 5] = ["human", "json", "sarif", "github", "junit"];

fn apspack() -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_remove("SOURCE_DATE_EPOCH")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1");
    cmd
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out: Output = cmd.output().expect("run apspack");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).sort_by_file_name() {
        let e = e.expect("walk");
        let dst = to.join(e.path().strip_prefix(from).expect("inside"));
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dst).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &dst).expect("copy");
        }
    }
}

/// A copy of the clean report fixture package in `dir/pkg`.
fn package(dir: &Path) -> PathBuf {
    let pkg = dir.join("pkg");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/clean"),
        &pkg,
    );
    pkg
}

/// A copy of the archive fixture project in `dir/project`.
fn project(dir: &Path) -> PathBuf {
    let p = dir.join("project");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive/project"),
        &p,
    );
    p
}

/// The lines of `text` a GitHub runner would read as workflow commands (it trims leading
/// whitespace first).
fn commands(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.trim_start().starts_with("::"))
        .collect()
}

/// No byte that a terminal would obey: no ESC, no BEL, no C1 control, no CR.
fn assert_no_controls(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(bad.is_empty(), "{what} carries raw {bad:?}:\n{text}");
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    const SECRET: &str = "APSPACK_TEST_SECRET_VALUE_4711";

    fn secret_file(dir: &Path) -> PathBuf {
        let f = dir.join("secret.txt");
        std::fs::write(&f, format!("root:x:0:0:{SECRET}:/root:/bin/sh\n[[[\n")).expect("write");
        f
    }

    fn assert_refused(code: i32, out: &str, err: &str, name: &str) {
        assert_eq!(code, 2, "{out}{err}");
        for text in [out, err] {
            assert!(!text.contains(SECRET), "the target leaked:\n{text}");
            assert!(!text.contains("root:x"), "the target leaked:\n{text}");
            assert!(!text.contains("secret.txt"), "the target is named:\n{text}");
        }
        // The project's own lint warnings come first; then the one line of the error.
        let lines: Vec<&str> = err
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.contains("warning APS"))
            .collect();
        assert!(
            lines
                .iter()
                .any(|l| l.contains(name) && l.contains("symbolic link")),
            "{err}"
        );
    }

    #[test]
    fn a_linked_apspack_toml_is_refused_without_printing_its_target() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pkg = package(dir.path());
        let target = secret_file(dir.path());
        symlink(&target, pkg.join(".apspack.toml")).expect("symlink");
        for format in FORMATS {
            let (code, out, err) = run(apspack().args(["lint", "--format", format]).arg(&pkg));
            assert_refused(code, &out, &err, ".apspack.toml");
        }
        // The process environment through /proc is refused the same way.
        std::fs::remove_file(pkg.join(".apspack.toml")).expect("rm");
        symlink("/proc/self/environ", pkg.join(".apspack.toml")).expect("symlink");
        let (code, out, err) = run(apspack()
            .env("APSPACK_LEAK_CHECK", SECRET)
            .arg("lint")
            .arg(&pkg));
        assert_refused(code, &out, &err, ".apspack.toml");
        // Beside an archive, too.
        std::fs::create_dir(dir.path().join("zips")).expect("mkdir");
        let zip = dir.path().join("zips/a.app.zip");
        let (code, _, err) = run(apspack()
            .arg("build")
            .arg(project(dir.path()))
            .arg("-o")
            .arg(dir.path().join("dist")));
        assert_eq!(code, 0, "{err}");
        let built = std::fs::read_dir(dir.path().join("dist"))
            .expect("dist")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "zip"))
            .expect("an archive");
        std::fs::copy(built, &zip).expect("copy");
        symlink(&target, dir.path().join("zips/.apspack.toml")).expect("symlink");
        let (code, out, err) = run(apspack().arg("lint").arg(&zip));
        assert_refused(code, &out, &err, ".apspack.toml");
    }

    #[test]
    fn a_link_to_a_file_inside_the_package_is_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pkg = package(dir.path());
        std::fs::write(
            pkg.join("lint.toml"),
            "[lint]\nallow = [\"no-such-rule\"]\n",
        )
        .expect("write");
        symlink("lint.toml", pkg.join(".apspack.toml")).expect("symlink");
        let (code, _, err) = run(apspack().arg("lint").arg(&pkg));
        assert_eq!(code, 2, "the linked configuration was read: {err}");
        assert!(err.contains("unknown rule `no-such-rule`"), "{err}");
    }

    #[test]
    fn a_linked_aps_toml_is_refused_by_build_and_lint() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = project(dir.path());
        let target = secret_file(dir.path());
        std::fs::remove_file(p.join("aps.toml")).expect("rm");
        symlink(&target, p.join("aps.toml")).expect("symlink");
        let out_dir = dir.path().join("out");
        let (code, out, err) = run(apspack().arg("build").arg(&p).arg("-o").arg(&out_dir));
        assert_refused(code, &out, &err, "aps.toml");
        assert!(!out_dir.exists() || std::fs::read_dir(&out_dir).expect("out").next().is_none());
        let (code, out, err) = run(apspack().arg("lint").arg(&p));
        assert_refused(code, &out, &err, "aps.toml");
    }
}

mod injection {
    use super::*;

    const FORGED: &str = "::error file=ci.yml,line=1::PWNED";

    /// A package whose APP-META.xml names a missing view through character references (a line
    /// feed, ESC and an OSC title sequence) and that holds a file whose name forges a line.
    #[cfg(unix)]
    fn hostile_package(dir: &Path) -> PathBuf {
        let pkg = package(dir);
        let meta = std::fs::read_to_string(pkg.join("APP-META.xml")).expect("meta");
        let forged = "ui/x&#10;  ::error file=ci.yml,line=1::PWNED&#x1b;]0;owned&#7;&#x1b;[2J.html";
        let meta = meta.replacen(
            "</presentation>",
            &format!("<screenshot path=\"{forged}\"><description>x</description></screenshot></presentation>"),
            1,
        );
        assert!(
            meta.contains("&#10;"),
            "the fixture has a presentation element"
        );
        std::fs::write(pkg.join("APP-META.xml"), meta).expect("write");
        std::fs::write(pkg.join("ui").join(format!("x\n{FORGED}.php")), "x").expect("write");
        std::fs::write(pkg.join("ui").join("esc\u{1b}]0;t\u{7}\u{1b}[31m.js"), "x").expect("write");
        pkg
    }

    #[cfg(unix)]
    #[test]
    fn no_format_lets_a_name_forge_a_line_or_reach_the_terminal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pkg = hostile_package(dir.path());
        for format in FORMATS {
            let (code, out, err) = run(apspack().args(["lint", "--format", format]).arg(&pkg));
            assert_eq!(code, 1, "{format}: {out}{err}");
            assert!(
                out.contains("PWNED"),
                "{format}: the finding is reported:\n{out}"
            );
            assert_no_controls(format, &out);
            assert_no_controls(format, &err);
            if format == "github" {
                // Every line is one of apspack's commands; none is the forged one.
                for line in out.lines() {
                    assert!(
                        ["::error ", "::warning ", "::notice "]
                            .iter()
                            .any(|c| line.starts_with(c)),
                        "{line}"
                    );
                    assert!(!line.starts_with("::error file=ci.yml"), "{line}");
                }
            } else {
                let forged = commands(&out);
                assert!(
                    forged.is_empty(),
                    "{format} forges workflow commands: {forged:?}"
                );
            }
            for c in ["\\n", "\\u{1b}"] {
                if format == "human" || format == "github" || format == "junit" {
                    assert!(out.contains(c), "{format} shows {c} visibly:\n{out}");
                }
            }
        }
        // With colour forced on, only apspack's own colour sequences reach the terminal.
        let (_, out, _) = run(apspack().args(["--color", "always", "lint"]).arg(&pkg));
        assert!(!out.contains("\u{1b}]"), "an OSC sequence passed:\n{out}");
        assert!(!out.contains("\u{1b}[2J"), "a CSI sequence passed:\n{out}");
        assert!(commands(&out).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn build_stderr_escapes_names_and_values() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = project(dir.path());
        let scripts = p.join("scripts");
        std::fs::write(scripts.join(format!("x\n{FORGED}.php")), "<?php\n").expect("write");
        std::fs::write(scripts.join("e\u{1b}]0;t\u{7}.php"), "<?php\n").expect("write");
        let (_, out, err) = run(apspack()
            .arg("build")
            .arg(&p)
            .arg("-o")
            .arg(dir.path().join("out")));
        assert!(err.contains("PWNED"), "the finding is reported: {err}");
        assert!(commands(&err).is_empty(), "{err}");
        assert_no_controls("build stderr", &err);
        assert_no_controls("build stdout", &out);
    }

    #[test]
    fn manifest_snippets_escape_control_characters() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = project(dir.path());
        let text = std::fs::read_to_string(p.join("aps.toml")).expect("read");
        // A key quoting a forged line and ESC (TOML escapes), and a raw ESC on a line of its own.
        let bad = text.replacen(
            "[package]\n",
            "[package]\n\"x\\n::error file=ci.yml::PWNED\\u001b]0;t\\u0007\" = 1\n",
            1,
        );
        std::fs::write(p.join("aps.toml"), &bad).expect("write");
        for cmd in ["build", "lint"] {
            let (code, out, err) = run(apspack().arg(cmd).arg(&p).arg("--format").arg("human"));
            assert_eq!(code, 2, "{cmd}: {out}{err}");
            assert!(err.contains("PWNED"), "{cmd}: {err}");
            assert!(commands(&err).is_empty(), "{cmd}: {err}");
            assert_no_controls(cmd, &err);
        }
        let raw = text.replacen("[package]\n", "[package]\n\u{1b}]0;t\u{7}::PWNED\n", 1);
        std::fs::write(p.join("aps.toml"), &raw).expect("write");
        let (code, _, err) = run(apspack().arg("build").arg(&p));
        assert_eq!(code, 2, "{err}");
        assert_no_controls("syntax error snippet", &err);
        assert!(err.contains("\\u{1b}]0;t\\u{7}::PWNED"), "{err}");
        // The same through a package's .apspack.toml.
        let pkg = package(dir.path());
        std::fs::write(
            pkg.join(".apspack.toml"),
            "[lint]\nallow = [\"\\u001b[2J\\n::error::x\"]\n\u{1b}[2J\n",
        )
        .expect("write");
        let (code, _, err) = run(apspack().arg("lint").arg(&pkg));
        assert_eq!(code, 2, "{err}");
        assert_no_controls(".apspack.toml", &err);
        assert!(commands(&err).is_empty(), "{err}");
    }
}

mod output {
    use super::*;
    use sha2::Digest as _;

    const ZIP: &str = "Demo_App-1.2.0-3.app.zip";

    fn hex(bytes: &[u8]) -> String {
        sha2::Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Names of the temporary files a build leaves in `dir`.
    fn temps(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .map(|items| {
                items
                    .filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.starts_with(".apspack-") && n.ends_with(".tmp"))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn build(p: &Path, out: &Path) -> Command {
        let mut cmd = apspack();
        cmd.arg("build").arg(p).arg("-o").arg(out);
        cmd
    }

    /// Builds of one project into one directory at the same time, each with its own epoch, so
    /// each writes different bytes: afterwards the checksum always describes the archive.
    #[test]
    fn concurrent_builds_leave_a_matching_pair() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = project(dir.path());
        let out = dir.path().join("dist");
        for round in 0..10u64 {
            let children: Vec<_> = (0..8u64)
                .map(|i| {
                    let epoch = 315_532_800 + (round * 8 + i) * 86_400;
                    build(&p, &out)
                        .env("SOURCE_DATE_EPOCH", epoch.to_string())
                        .stdout(std::process::Stdio::null())
                        .stderr(std::process::Stdio::piped())
                        .spawn()
                        .expect("spawn")
                })
                .collect();
            for child in children {
                let done = child.wait_with_output().expect("wait");
                assert!(
                    done.status.success(),
                    "{}",
                    String::from_utf8_lossy(&done.stderr)
                );
            }
            let archive = std::fs::read(out.join(ZIP)).expect("archive");
            let sum = std::fs::read_to_string(out.join(format!("{ZIP}.sha256"))).expect("sum");
            assert_eq!(sum, format!("{}  {ZIP}\n", hex(&archive)), "round {round}");
            assert!(temps(&out).is_empty(), "{:?}", temps(&out));
        }
    }

    /// A project whose build takes long enough to be interrupted while the archive is written.
    fn slow_project(dir: &Path) -> PathBuf {
        let p = project(dir);
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let noise: Vec<u8> = (0..32 * 1024 * 1024)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        std::fs::write(p.join("doc/noise.bin"), noise).expect("write");
        p
    }

    #[cfg(unix)]
    #[test]
    fn an_interrupted_build_removes_its_temporary_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = slow_project(dir.path());
        for (signal, code) in [("INT", 130), ("TERM", 143)] {
            let out = dir.path().join(format!("dist-{signal}"));
            let mut child = build(&p, &out)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("spawn");
            let started = std::time::Instant::now();
            while temps(&out).is_empty() {
                if let Some(status) = child.try_wait().expect("poll") {
                    panic!("the build ended ({status}) before it could be interrupted");
                }
                assert!(
                    started.elapsed().as_secs() < 120,
                    "no temporary file appeared"
                );
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            let sent = Command::new("sh")
                .arg("-c")
                .arg(format!("kill -{signal} {}", child.id()))
                .status()
                .expect("sh");
            assert!(sent.success());
            let status = child.wait().expect("wait");
            assert_eq!(status.code(), Some(code), "SIG{signal}");
            assert!(temps(&out).is_empty(), "SIG{signal} left {:?}", temps(&out));
            assert!(!out.join(ZIP).exists());
        }
    }

    #[cfg(unix)]
    #[test]
    fn stale_temporary_files_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = project(dir.path());
        let out = dir.path().join("dist");
        std::fs::create_dir(&out).expect("mkdir");
        // A dead build's file: nobody holds its lock.
        std::fs::write(out.join(".apspack-dead01.tmp"), "half an archive").expect("write");
        // A live build's file: its lock is held (here by this test process).
        let live_path = out.join(".apspack-live01.tmp");
        let live = std::fs::File::create(&live_path).expect("create");
        live.lock().expect("lock");
        let (code, _, err) = run(&mut build(&p, &out));
        assert_eq!(code, 0, "{err}");
        assert!(
            !out.join(".apspack-dead01.tmp").exists(),
            "the stale file stays"
        );
        assert!(live_path.exists(), "a live build's file was removed");
        assert_eq!(temps(&out), [".apspack-live01.tmp"]);
        // Other files of the directory are never touched.
        std::fs::write(out.join("notes.tmp"), "mine").expect("write");
        live.unlock().expect("unlock");
        drop(live);
        let (code, _, err) = run(&mut build(&p, &out));
        assert_eq!(code, 0, "{err}");
        assert!(temps(&out).is_empty(), "{:?}", temps(&out));
        assert!(out.join("notes.tmp").exists());
    }

    /// A write that fails half way (here the file size limit, as a full disk would) is one
    /// clean line, with no dump of the zip writer's state and nothing left behind.
    #[cfg(unix)]
    #[test]
    fn a_failed_write_is_one_clean_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = slow_project(dir.path());
        let out = dir.path().join("dist");
        let script = "trap '' XFSZ; ulimit -f 256; exec \"$0\" build \"$1\" -o \"$2\"";
        let (code, stdout, err) = run(Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(BIN)
            .arg(&p)
            .arg(&out)
            .env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH"));
        assert_eq!(code, 2, "{stdout}{err}");
        assert!(!err.contains("ZipWriter"), "{err}");
        assert!(!err.contains("Custom {"), "{err}");
        // The project's own lint warnings come first; then the one line of the error.
        let lines: Vec<&str> = err
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.contains("warning APS"))
            .collect();
        assert_eq!(lines.len(), 1, "{err}");
        assert!(lines[0].contains(ZIP), "{err}");
        assert!(temps(&out).is_empty(), "{:?}", temps(&out));
        assert!(!out.join(ZIP).exists());
    }
}

mod smaller {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_fifo_as_the_icon_is_named_as_what_it_is() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = project(dir.path());
        let icon = p.join("images/icon.png");
        std::fs::remove_file(&icon).expect("rm");
        let made = Command::new("mkfifo").arg(&icon).status();
        if !made.is_ok_and(|s| s.success()) {
            super::super::support::missing::<()>("mkfifo");
            return;
        }
        let (code, _, err) = run(apspack()
            .arg("build")
            .arg(&p)
            .arg("-o")
            .arg(dir.path().join("out")));
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("images/icon.png"), "{err}");
        assert!(err.contains("not a regular file"), "{err}");
        assert!(!err.contains("does not exist"), "{err}");
    }

    #[test]
    fn an_implements_cycle_is_an_error_naming_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = project(dir.path());
        let mut text = std::fs::read_to_string(p.join("aps.toml")).expect("read");
        text.push_str(
            "\n[types.ca]\nid = \"http://example.com/aps/types/ca/1.0\"\nimplements = [\"http://example.com/aps/types/cb/1.0\"]\n\n[types.cb]\nid = \"http://example.com/aps/types/cb/1.0\"\nimplements = [\"http://example.com/aps/types/ca/1.0\"]\n",
        );
        std::fs::write(p.join("aps.toml"), text).expect("write");
        for s in ["ca", "cb"] {
            std::fs::write(p.join(format!("scripts/{s}.php")), "<?php\n").expect("write");
        }
        let (code, _, err) = run(apspack()
            .arg("build")
            .arg(&p)
            .arg("-o")
            .arg(dir.path().join("out")));
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("cycle: ca -> cb -> ca"), "{err}");
        assert!(err.contains("1 problem in"), "one error per cycle: {err}");
    }
}

/// `build` applies the limits `lint` applies to an archive: what it writes, lint accepts.
mod limits {
    use super::*;

    fn build_fails(p: &Path, out: &Path, wanted: &[&str]) {
        let (code, stdout, err) = run(apspack().arg("build").arg(p).arg("-o").arg(out));
        assert_eq!(code, 2, "{stdout}{err}");
        for w in wanted {
            assert!(err.contains(w), "`{w}` not in: {err}");
        }
        let left: Vec<_> = std::fs::read_dir(out)
            .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_file_that_compresses_like_a_bomb_is_not_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = project(dir.path());
        std::fs::write(p.join("doc/zeros.bin"), vec![0u8; 10 * 1024 * 1024]).expect("write");
        build_fails(&p, &dir.path().join("out"), &["doc/zeros.bin", "100:1"]);
    }

    #[test]
    fn metadata_past_the_lint_cap_is_not_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = project(dir.path());
        let text = std::fs::read_to_string(p.join("aps.toml")).expect("read");
        // 4 MiB of `&` in the manifest become 20 MiB of `&amp;` in APP-META.xml.
        let big = "&".repeat(4 * 1024 * 1024);
        let text = text.replacen(
            "description = \"Used by the tests of apspack build.\"",
            &format!("description = \"{big}\""),
            1,
        );
        assert!(text.contains(&big));
        std::fs::write(p.join("aps.toml"), text).expect("write");
        build_fails(&p, &dir.path().join("out"), &["APP-META.xml would be"]);
    }

    /// What build writes, lint of the archive accepts (the README's promise).
    #[test]
    fn a_large_compressible_but_legal_file_builds_and_lints() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = project(dir.path());
        let text: String = (0..200_000).map(|i| format!("line {i}\n")).collect();
        std::fs::write(p.join("doc/log.txt"), text).expect("write");
        let out = dir.path().join("out");
        let (code, _, err) = run(apspack().arg("build").arg(&p).arg("-o").arg(&out));
        assert_eq!(code, 0, "{err}");
        let (code, out, err) = run(apspack()
            .arg("lint")
            .arg(out.join("Demo_App-1.2.0-3.app.zip")));
        assert_eq!(code, 0, "{out}{err}");
    }
}

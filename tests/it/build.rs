//! `apspack build` end to end: the archive, its checksum, and reproducibility across hosts.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use sha2::Digest as _;

use super::support::{self, Apspack};

const ZIP_NAME: &str = "Demo_App-1.2.0-3.app.zip";
fn fixture() -> PathBuf {
    support::fixture("archive/project")
}

/// Copies the fixture project into `dst`, returning `dst`.
fn copy_project(dst: &Path) -> PathBuf {
    support::copy_dir(&fixture(), dst);
    dst.to_path_buf()
}

/// `apspack build project -o out`.
fn build_cmd(project: &Path, out: &Path) -> assert_cmd::Command {
    Apspack::new()
        .arg("build")
        .arg(project)
        .arg("-o")
        .arg(out)
        .command()
}

/// Builds `project` into `out` and returns the archive bytes.
fn build(project: &Path, out: &Path) -> Vec<u8> {
    build_cmd(project, out).assert().success();
    std::fs::read(out.join(ZIP_NAME)).expect("the archive exists")
}

fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every member of an archive: name → bytes (directories map to nothing).
fn members(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut m = z.by_index(i).expect("member");
        let mut b = Vec::new();
        m.read_to_end(&mut b).expect("inflates");
        out.insert(m.name().expect("utf-8 name").to_string(), b);
    }
    out
}

#[test]
fn build_writes_the_archive_and_a_checksum_that_verifies() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("dist");
    let bytes = build(&fixture(), &out);
    let sum = std::fs::read_to_string(out.join(format!("{ZIP_NAME}.sha256"))).expect("sum");
    assert_eq!(sum, format!("{}  {ZIP_NAME}\n", sha256_hex(&bytes)));

    let m = members(&bytes);
    for name in [
        "APP-LIST.xml",
        "APP-META.xml",
        "schemas/app.schema",
        "schemas/context.schema",
        "scripts/app.php",
        "scripts/context.php",
        "images/icon.png",
        "doc/readme.txt",
    ] {
        assert!(m.contains_key(name), "{name} missing from {:?}", m.keys());
    }
    assert!(!m.contains_key("aps.toml"), "the manifest is not packaged");
    let z = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
    let names: Vec<&[u8]> = z.file_names_raw().take(2).collect();
    assert_eq!(names, [&b"APP-LIST.xml"[..], &b"APP-META.xml"[..]]);

    if support::tool("sha256sum", "--version") {
        let ok = Command::new("sha256sum")
            .arg("-c")
            .arg(format!("{ZIP_NAME}.sha256"))
            .current_dir(&out)
            .output()
            .expect("sha256sum runs");
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stdout)
        );
    }
    if support::tool("unzip", "-v") {
        let ok = Command::new("unzip")
            .arg("-t")
            .arg(out.join(ZIP_NAME))
            .output()
            .expect("unzip runs");
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stdout)
        );
    }
}

#[test]
fn two_builds_are_identical() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = build(&fixture(), &tmp.path().join("a"));
    let b = build(&fixture(), &tmp.path().join("b"));
    assert_eq!(a, b);
}

#[test]
fn umask_time_zone_and_mtimes_do_not_change_the_bytes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let baseline = build(&fixture(), &tmp.path().join("base"));

    // A copy made under umask 077 (files 0600, directories 0700), built under that umask.
    let copy = tmp.path().join("umask-copy");
    let out = tmp.path().join("umask-out");
    let status = Command::new("sh")
        .arg("-c")
        .arg(r#"umask 077 && cp -R "$1" "$2" && exec "$3" build "$2" -o "$4""#)
        .arg("sh")
        .arg(fixture())
        .arg(&copy)
        .arg(support::BIN)
        .arg(&out)
        .env_remove("SOURCE_DATE_EPOCH")
        .status()
        .expect("sh runs");
    assert!(status.success());
    let under_umask = std::fs::read(out.join(ZIP_NAME)).expect("archive");
    assert_eq!(under_umask, baseline, "umask 077 changed the archive");

    // Other time zones.
    for tz in ["Pacific/Kiritimati", "America/St_Johns", "UTC+14"] {
        let out = tmp.path().join(format!("tz-{}", tz.replace('/', "-")));
        build_cmd(&fixture(), &out).env("TZ", tz).assert().success();
        let bytes = std::fs::read(out.join(ZIP_NAME)).expect("archive");
        assert_eq!(bytes, baseline, "TZ={tz} changed the archive");
    }

    // Every source file touched to a different time.
    let touched = copy_project(&tmp.path().join("touched"));
    let when = SystemTime::UNIX_EPOCH + Duration::from_secs(1_234_567_890);
    for e in walkdir::WalkDir::new(&touched) {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            File::options()
                .write(true)
                .open(e.path())
                .and_then(|f| f.set_modified(when))
                .expect("set mtime");
        }
    }
    let bytes = build(&touched, &tmp.path().join("touched-out"));
    assert_eq!(bytes, baseline, "file times changed the archive");
}

/// The `packaged="..."` attribute value of an APP-META.xml.
fn without_packaged(meta: &[u8]) -> String {
    let s = String::from_utf8_lossy(meta).into_owned();
    let Some(start) = s.find("packaged=\"") else {
        panic!("APP-META.xml has no packaged attribute: {s}");
    };
    let value = start + "packaged=\"".len();
    let end = value + s[value..].find('"').expect("closing quote");
    format!("{}{}", &s[..value], &s[end..])
}

#[test]
fn the_epoch_changes_only_packaged_and_its_digest() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = build(&fixture(), &tmp.path().join("a"));
    let out_b = tmp.path().join("b");
    build_cmd(&fixture(), &out_b)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .assert()
        .success();
    let b = std::fs::read(out_b.join(ZIP_NAME)).expect("archive");
    assert_ne!(a, b, "a different epoch must change the archive");

    // The flag wins over the environment.
    let out_c = tmp.path().join("c");
    build_cmd(&fixture(), &out_c)
        .env("SOURCE_DATE_EPOCH", "1")
        .arg("--source-date-epoch")
        .arg("1700000000")
        .assert()
        .success();
    assert_eq!(std::fs::read(out_c.join(ZIP_NAME)).expect("archive"), b);

    let (ma, mb) = (members(&a), members(&b));
    assert_eq!(ma.keys().collect::<Vec<_>>(), mb.keys().collect::<Vec<_>>());
    for (name, bytes) in &ma {
        match name.as_str() {
            "APP-META.xml" => {
                assert_ne!(bytes, &mb[name]);
                assert_eq!(without_packaged(bytes), without_packaged(&mb[name]));
                assert!(
                    String::from_utf8_lossy(bytes).contains("packaged=\"1980-01-01T00:00:00\"")
                );
                assert!(
                    String::from_utf8_lossy(&mb[name]).contains("packaged=\"2023-11-14T22:13:20\"")
                );
            }
            "APP-LIST.xml" => {
                let la = String::from_utf8_lossy(bytes).into_owned();
                let lb = String::from_utf8_lossy(&mb[name]).into_owned();
                let differing: Vec<_> = la
                    .lines()
                    .zip(lb.lines())
                    .filter(|(x, y)| x != y)
                    .map(|(x, _)| x.to_string())
                    .collect();
                assert_eq!(la.lines().count(), lb.lines().count());
                assert_eq!(differing.len(), 1, "{differing:?}");
                assert!(
                    differing[0].contains("name=\"APP-META.xml\""),
                    "{differing:?}"
                );
            }
            _ => assert_eq!(bytes, &mb[name], "{name} differs"),
        }
    }
}

#[test]
fn a_broken_manifest_exits_2_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let project = copy_project(&tmp.path().join("broken"));
    let manifest = project.join("aps.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(
        &manifest,
        text.replace("version = \"1.2.0\"\n", "version = [\n"),
    )
    .expect("break it");
    let out = tmp.path().join("dist");
    let assert = build_cmd(&project, &out).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("aps.toml"), "{stderr}");
    assert!(
        !out.exists() || std::fs::read_dir(&out).expect("dir").next().is_none(),
        "something was written"
    );

    // A directory without aps.toml is fatal too.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    build_cmd(&empty, &out).assert().code(2);
    assert!(!out.join(ZIP_NAME).exists());
}

#[test]
fn a_package_the_linter_rejects_exits_1_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let project = copy_project(&tmp.path().join("device-name"));
    std::fs::write(project.join("doc/NUL.txt"), b"a Windows device name").expect("write");
    let out = tmp.path().join("dist");
    let assert = build_cmd(&project, &out).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let line = stderr
        .lines()
        .find(|l| l.starts_with("doc/NUL.txt"))
        .unwrap_or_else(|| panic!("no finding about doc/NUL.txt in {stderr}"));
    assert!(line.contains(": error APS"), "{line}");
    assert!(!out.exists(), "something was written");
}

#[test]
fn the_projects_lint_table_applies_to_the_build() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let project = copy_project(&tmp.path().join("allowed"));
    std::fs::write(project.join("doc/NUL.txt"), b"a Windows device name").expect("write");
    let manifest = project.join("aps.toml");
    let mut text = std::fs::read_to_string(&manifest).expect("read aps.toml");
    text.push_str("\n[lint]\nallow = [\"name-device\"]\n");
    std::fs::write(&manifest, &text).expect("write aps.toml");
    let out = tmp.path().join("dist");
    build_cmd(&project, &out).assert().success();
    assert!(
        out.join(ZIP_NAME).exists(),
        "the allowed finding still blocked the build"
    );

    text.push_str("[lint.severity]\nno-such-rule = \"error\"\n");
    std::fs::write(&manifest, &text).expect("write aps.toml");
    let out = tmp.path().join("dist2");
    let assert = build_cmd(&project, &out).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("no-such-rule"), "{stderr}");
    assert!(!out.exists(), "something was written");
}

#[test]
fn json_summary_has_the_documented_shape() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("dist");
    let assert = build_cmd(&fixture(), &out)
        .arg("--format")
        .arg("json")
        .assert()
        .success();
    let v: serde_json::Value =
        serde_json::from_slice(&assert.get_output().stdout).expect("stdout is JSON");
    let obj = v.as_object().expect("an object");
    assert_eq!(
        obj.keys().collect::<Vec<_>>(),
        ["package", "size", "sha256", "files"]
    );
    let bytes = std::fs::read(out.join(ZIP_NAME)).expect("archive");
    let package = obj["package"].as_str().expect("package path");
    assert!(package.ends_with(ZIP_NAME), "{package}");
    assert_eq!(obj["size"].as_u64(), Some(bytes.len() as u64));
    assert_eq!(obj["sha256"].as_str(), Some(sha256_hex(&bytes).as_str()));
    let m = members(&bytes);
    let files = obj["files"].as_array().expect("files");
    let file_members = m.keys().filter(|k| !k.ends_with('/')).count();
    assert_eq!(files.len(), file_members);
    for f in files {
        let f = f.as_object().expect("a file object");
        assert_eq!(f.keys().collect::<Vec<_>>(), ["path", "size", "sha256"]);
        let path = f["path"].as_str().expect("path");
        let content = &m[path];
        assert_eq!(f["size"].as_u64(), Some(content.len() as u64), "{path}");
        assert_eq!(f["sha256"].as_str(), Some(sha256_hex(content).as_str()));
    }
}

#[test]
fn human_summary_names_the_archive_and_its_digest() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("dist");
    let assert = build_cmd(&fixture(), &out).assert().success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let bytes = std::fs::read(out.join(ZIP_NAME)).expect("archive");
    assert!(stdout.contains(ZIP_NAME), "{stdout}");
    assert!(stdout.contains(&sha256_hex(&bytes)), "{stdout}");
    assert!(
        stdout.contains(&format!("{} bytes", bytes.len())),
        "{stdout}"
    );
}

#[test]
fn an_output_directory_inside_the_packaged_files_is_never_packaged() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Inside an included folder, and the project directory itself.
    for (i, out) in ["scripts/out", ""].into_iter().enumerate() {
        let project = copy_project(&dir.path().join(format!("proj{i}")));
        // Package the project root's own files too, so an archive written there would be picked.
        let manifest = project.join("aps.toml");
        let mut toml = std::fs::read_to_string(&manifest).expect("manifest");
        toml.push_str("\n[files]\ninclude = [\"scripts/**\", \"images/**\", \"doc/**\", \"*\"]\n");
        std::fs::write(&manifest, toml).expect("write manifest");
        let out = project.join(out);
        let first = build(&project, &out);
        let again = build(&project, &out);
        assert_eq!(
            sha256_hex(&first),
            sha256_hex(&again),
            "the previous build went into the next one ({out:?})"
        );
        let names = members(&again).into_keys().collect::<Vec<_>>();
        assert!(
            names
                .iter()
                .all(|n| !n.ends_with(".app.zip") && !n.ends_with(".sha256")),
            "{names:?}"
        );
    }
}

/// An upper-case forbidden RQL operator is refused by `build` (in `aps.toml`) and by `lint` (in
/// APP-META.xml) alike: both read the one list of forbidden operators, in any letter case.
#[test]
fn an_upper_case_forbidden_rql_operator_fails_build_and_lint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = copy_project(&dir.path().join("p"));
    let manifest = project.join("aps.toml");
    let text = std::fs::read_to_string(&manifest).expect("read aps.toml");
    let text = text.replacen("[package]\n", "[package]\nupgrade = \"LIMIT(1)\"\n", 1);
    std::fs::write(&manifest, text).expect("write aps.toml");
    let out = dir.path().join("out");
    let built = build_cmd(&project, &out).assert().code(2);
    let stderr = String::from_utf8_lossy(&built.get_output().stderr).into_owned();
    assert!(stderr.contains("forbidden operator(s): limit"), "{stderr}");
    assert!(!out.join(ZIP_NAME).exists());

    let pkg = dir.path().join("pkg");
    support::copy_dir(&support::root().join("tests/cmd/lint.in/warned"), &pkg);
    let meta = pkg.join("APP-META.xml");
    let text = std::fs::read_to_string(&meta).expect("read APP-META.xml");
    assert!(text.contains("<upgrade match=\"version=ge=1.0, release=ge=0\"/>"));
    let text = text.replace("version=ge=1.0, release=ge=0", "LIMIT(1)");
    std::fs::write(&meta, text).expect("write APP-META.xml");
    let stdout = Apspack::new()
        .args(["lint", "--format", "json"])
        .arg(&pkg)
        .run()
        .expect_code(1)
        .stdout;
    assert!(
        stdout.contains("\"code\": \"APS0207\"") || stdout.contains("\"code\":\"APS0207\""),
        "{stdout}"
    );
    assert!(stdout.contains("`limit`"), "{stdout}");
}

/// A `SOURCE_DATE_EPOCH` that is not Unicode stops `build` and `lint` alike, with one message.
#[cfg(unix)]
#[test]
fn a_non_unicode_source_date_epoch_is_an_error_for_build_and_lint() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let project = copy_project(&dir.path().join("p"));
    let bad = std::ffi::OsStr::from_bytes(b"17\xff00");
    let message = "error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970\n";
    let out_dir = dir.path().join("out");
    let build: Vec<&std::ffi::OsStr> = vec![
        "build".as_ref(),
        project.as_os_str(),
        "-o".as_ref(),
        out_dir.as_os_str(),
    ];
    let lint: Vec<&std::ffi::OsStr> = vec!["lint".as_ref(), project.as_os_str()];
    for args in [build, lint] {
        let run = Apspack::new()
            .args(&args)
            .env("SOURCE_DATE_EPOCH", bad)
            .run()
            .expect_code(2);
        assert_eq!(run.stderr, message, "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}");
    }
}

/// Text that deflates well, `len` bytes.
fn text(len: usize) -> Vec<u8> {
    let words: [&[u8]; 5] = [
        b"mail ",
        b"calendar ",
        b"$ctx->user(); ",
        b"drive\n",
        b"quota ",
    ];
    let mut x = 5u64;
    let mut out = Vec::with_capacity(len + 16);
    while out.len() < len {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        out.extend_from_slice(words[(x >> 40) as usize % words.len()]);
    }
    out.truncate(len);
    out
}

/// Bytes deflate cannot shrink, `len` of them.
fn noise(len: usize) -> Vec<u8> {
    let mut x = 9u64;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect()
}

#[test]
fn the_archive_is_the_same_for_any_number_of_jobs() {
    const MIB: usize = 1024 * 1024;
    let tmp = tempfile::tempdir().expect("tempdir");
    let project = tmp.path().join("project");
    std::fs::create_dir_all(&project).expect("mkdir");
    copy_project(&project);
    // Around the writer's 1 MiB pieces: 3.5 pieces, exactly 2, one byte, empty; text and noise.
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("doc/three-and-a-half.txt", text(3 * MIB + MIB / 2)),
        ("doc/two-pieces.txt", text(2 * MIB)),
        ("doc/one-byte.txt", b"x".to_vec()),
        ("doc/empty.txt", Vec::new()),
        ("images/noise.bin", noise(MIB + 17)),
    ];
    for (path, bytes) in &files {
        std::fs::write(project.join(path), bytes).expect("write");
    }
    let mut archives = Vec::new();
    for jobs in ["1", "2", "16"] {
        let out = tmp.path().join(format!("out-{jobs}"));
        build_cmd(&project, &out)
            .args(["--jobs", jobs])
            .assert()
            .success();
        archives.push((jobs, out.join(ZIP_NAME)));
    }
    let first = std::fs::read(&archives[0].1).expect("archive");
    for (jobs, path) in &archives[1..] {
        let other = std::fs::read(path).expect("archive");
        assert!(
            other == first,
            "--jobs {jobs} wrote other bytes than --jobs 1"
        );
    }
    let back = members(&first);
    for (path, bytes) in &files {
        assert!(back.get(*path) == Some(bytes), "{path}: other bytes");
    }
    // Deflate shrank the text; the noise is stored as it is.
    assert!(first.len() < 2 * MIB + MIB, "{} bytes", first.len());
    // A missing unzip skips this check locally and fails under CI.
    if support::tool("unzip", "-v") {
        let ok = Command::new("unzip")
            .arg("-tq")
            .arg(&archives[0].1)
            .status()
            .expect("unzip runs");
        assert!(ok.success(), "unzip -tq rejects the archive");
    }
    // The project's own reader verifies every digest of APP-LIST.xml, with the same findings
    // for any number of reading threads.
    let lint = |jobs: &str| {
        let out = Command::new(support::BIN)
            .args(["lint", "--format", "json", "--jobs", jobs])
            .arg(&archives[0].1)
            .env("NO_COLOR", "1")
            .output()
            .expect("lint runs");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{stdout}");
        stdout
    };
    assert_eq!(lint("1"), lint("4"));
}

#[test]
fn jobs_must_be_a_positive_number() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for bad in ["0", "-1", "many"] {
        let out = tmp.path().join("out");
        build_cmd(&fixture(), &out)
            .args(["--jobs", bad])
            .assert()
            .code(2);
        assert!(!out.exists(), "--jobs {bad} wrote something");
    }
}

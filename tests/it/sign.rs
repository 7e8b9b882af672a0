//! Signed packages end to end: `build --sign-*`, `apspack sign`, and `lint` verifying, checked
//! against xmlsec1 (Debian's `xmlsec1` package) in both directions. Tests that need xmlsec1
//! fail when `CI` is set and it is missing, and say they skip otherwise.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::Digest as _;

use super::support::{self, Apspack, Run};

const NAME: &str = "Hello-1.0-1.app.zip";
const PASSWORD: &str = "test-password";

fn project() -> PathBuf {
    support::template("minimal")
}

/// A test-only key or certificate of `tests/fixtures/signing`.
fn fixture(name: &str) -> PathBuf {
    support::fixture(&format!("signing/{name}"))
}

/// A copy of a fixture key in `dir` with `mode`.
fn key_copy(dir: &Path, name: &str, mode: u32) -> PathBuf {
    support::signing_key_copy(dir, name, mode)
}

/// `xmlsec1` when installed; skips locally and fails under CI when it is not.
fn xmlsec1() -> Option<&'static str> {
    support::tool("xmlsec1", "--version").then_some("xmlsec1")
}

/// `build` of the minimal template into `out` with `extra` arguments.
fn build_run(out: &Path, extra: &[&std::ffi::OsStr]) -> Run {
    Apspack::new()
        .arg("build")
        .arg(project())
        .arg("-o")
        .arg(out)
        .args(extra)
        .run()
}

/// Builds the minimal template into `out` with `sign` options; returns the archive path.
fn build(out: &Path, sign: &[&std::ffi::OsStr]) -> PathBuf {
    build_run(out, sign).expect_code(0);
    out.join(NAME)
}

/// Builds signed with the fixture `key` (a private copy) and `cert` into `dir/out`.
fn pem_build(dir: &Path, out: &str, key: &str, cert: &str) -> PathBuf {
    let key = key_copy(dir, key, 0o600);
    build(
        &dir.join(out),
        &[
            "--sign-key".as_ref(),
            key.as_os_str(),
            "--sign-cert".as_ref(),
            fixture(cert).as_os_str(),
        ],
    )
}

/// name → uncompressed bytes, in archive order.
fn members(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let f = std::fs::File::open(zip).expect("open the archive");
    let mut a = zip::ZipArchive::new(f).expect("a zip");
    (0..a.len())
        .map(|i| {
            let mut m = a.by_index(i).expect("member");
            let mut bytes = Vec::new();
            m.read_to_end(&mut bytes).expect("read member");
            (String::from_utf8_lossy(m.name_raw()).into_owned(), bytes)
        })
        .collect()
}

/// The archive `src` with member `name` replaced by `bytes`, written to `dst`.
fn replace_member(src: &Path, dst: &Path, name: &str, bytes: &[u8]) {
    let f = std::fs::File::open(src).expect("open");
    let mut a = zip::ZipArchive::new(f).expect("zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(dst).expect("create"));
    for i in 0..a.len() {
        let m = a.by_index_raw(i).expect("member");
        if m.name_raw() == name.as_bytes() {
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            drop(m);
            w.start_file(name, opts).expect("start");
            w.write_all(bytes).expect("write");
        } else {
            w.raw_copy_file(m).expect("copy");
        }
    }
    w.finish().expect("finish");
}

fn member(zip: &Path, name: &str) -> Vec<u8> {
    members(zip)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, b)| b)
        .expect("member present")
}

/// Lints `zip` as JSON: (exit code, codes of the findings with their severities).
fn lint(zip: &Path) -> (i32, Vec<(String, String)>) {
    let o = Apspack::new()
        .args(["lint", "--format", "json"])
        .arg(zip)
        .run();
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json report");
    let findings = v["targets"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_string(),
                f["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    (o.code, findings)
}

fn xmlsec_verify(tool: &str, list: &Path, cert: &Path, how: &str) -> bool {
    Command::new(tool)
        .arg("--verify")
        .arg(how)
        .arg(cert)
        .arg(list)
        .output()
        .expect("run xmlsec1")
        .status
        .success()
}

#[test]
fn apspack_signatures_verify_with_xmlsec1() {
    let Some(tool) = xmlsec1() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    for (key, cert) in [
        ("rsa-key.pem", "rsa-cert.pem"),
        ("ec-key.pem", "ec-cert.pem"),
    ] {
        let zip = pem_build(dir.path(), &format!("out-{cert}"), key, cert);
        let list = dir.path().join(format!("{key}.xml"));
        std::fs::write(&list, member(&zip, "APP-LIST.xml")).expect("write");
        for how in ["--pubkey-cert-pem", "--trusted-pem"] {
            assert!(
                xmlsec_verify(tool, &list, &fixture(cert), how),
                "xmlsec1 {how} rejects the {key} signature"
            );
        }
        // The check can fail: an edited list does not verify.
        let edited = String::from_utf8(member(&zip, "APP-LIST.xml"))
            .expect("utf-8")
            .replacen("size=\"", "size=\"1", 1);
        std::fs::write(&list, edited).expect("write");
        assert!(!xmlsec_verify(
            tool,
            &list,
            &fixture(cert),
            "--pubkey-cert-pem"
        ));
    }
}

#[test]
fn xmlsec1_signatures_from_the_same_template_verify_in_lint() {
    let Some(tool) = xmlsec1() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let unsigned = build(&dir.path().join("plain"), &[]);
    let list = String::from_utf8(member(&unsigned, "APP-LIST.xml")).expect("utf-8");
    let cases = [
        (
            "rsa-key.pem",
            "rsa-cert.pem",
            apspack::dsig::Algorithm::RsaSha256,
            false,
        ),
        (
            "ec-key.pem",
            "ec-cert.pem",
            apspack::dsig::Algorithm::EcdsaP256Sha256,
            false,
        ),
        (
            "rsa-key.pem",
            "rsa-cert.pem",
            apspack::dsig::Algorithm::RsaSha256,
            true,
        ),
    ];
    for (i, (key, cert, alg, exclusive)) in cases.into_iter().enumerate() {
        let mut template = apspack::dsig::template(alg, "", "", "");
        if exclusive {
            template = template.replace(apspack::dsig::C14N, apspack::dsig::EXC_C14N);
        }
        let tmpl = list.replacen("</files>", &format!("{template}</files>"), 1);
        let tmpl_path = dir.path().join(format!("tmpl{i}.xml"));
        let signed_path = dir.path().join(format!("signed{i}.xml"));
        std::fs::write(&tmpl_path, tmpl).expect("write template");
        let key = key_copy(dir.path(), key, 0o600);
        let o = Command::new(tool)
            .arg("--sign")
            .arg("--privkey-pem")
            .arg(format!("{},{}", key.display(), fixture(cert).display()))
            .arg("--output")
            .arg(&signed_path)
            .arg(&tmpl_path)
            .output()
            .expect("run xmlsec1");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let signed = std::fs::read(&signed_path).expect("signed list");
        let zip = dir.path().join(format!("x{i}-{NAME}"));
        replace_member(&unsigned, &zip, "APP-LIST.xml", &signed);
        let (code, findings) = lint(&zip);
        assert_eq!(code, 0, "{findings:?}");
        assert!(
            findings.iter().all(|(c, _)| !c.starts_with("APS06")),
            "xmlsec1's signature ({alg:?}, exclusive {exclusive}) is not accepted: {findings:?}"
        );
    }
}

#[test]
fn changing_any_listed_file_or_the_list_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zip = pem_build(dir.path(), "signed", "rsa-key.pem", "rsa-cert.pem");
    assert_eq!(lint(&zip), (0, vec![]), "the signed package is clean");
    let all = members(&zip);
    let mut checked = 0;
    for (name, bytes) in &all {
        if name.ends_with('/') || bytes.is_empty() {
            continue;
        }
        let positions: Vec<usize> = if name == "APP-LIST.xml" {
            // Inside a file entry, the digest value, the signed info and the signature value.
            let text = String::from_utf8_lossy(bytes);
            [
                "sha256=\"",
                "<DigestValue>",
                "<SignatureMethod",
                "<SignatureValue>",
            ]
            .iter()
            .map(|m| text.find(m).expect("marker") + m.len() + 2)
            .collect()
        } else {
            vec![0, bytes.len() / 2, bytes.len() - 1]
        };
        for at in positions {
            let mut edited = bytes.clone();
            edited[at] = if edited[at] == b'Z' { b'Y' } else { b'Z' };
            let out = dir.path().join(format!("t{checked}-{NAME}"));
            replace_member(&zip, &out, name, &edited);
            let (code, findings) = lint(&out);
            assert_eq!(code, 1, "{name}@{at}: {findings:?}");
            assert!(findings.iter().any(|(_, s)| s == "error"));
            checked += 1;
        }
    }
    assert!(checked >= 12, "every member was edited ({checked} edits)");
}

#[test]
fn signing_is_deterministic_and_sign_equals_build() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (key, cert) in [
        ("rsa-key.pem", "rsa-cert.pem"),
        ("ec-key.pem", "ec-cert.pem"),
    ] {
        let a = std::fs::read(pem_build(dir.path(), "a", key, cert)).expect("a");
        let b = std::fs::read(pem_build(dir.path(), "b", key, cert)).expect("b");
        assert!(a == b, "{key}: two signed builds differ");
        // `apspack sign` on the unsigned build gives the same bytes, twice.
        let plain = build(&dir.path().join("plain"), &[]);
        let k = key_copy(dir.path(), key, 0o600);
        for _ in 0..2 {
            Apspack::new()
                .arg("sign")
                .arg(&plain)
                .arg("--sign-key")
                .arg(&k)
                .arg("--sign-cert")
                .arg(fixture(cert))
                .run()
                .expect_code(0);
            assert!(
                std::fs::read(&plain).expect("signed") == a,
                "{key}: sign != build"
            );
        }
        // The checksum file was rewritten with the package.
        let sum = std::fs::read_to_string(dir.path().join("plain").join(format!("{NAME}.sha256")))
            .expect("sum");
        let hex: String = sha2::Sha256::digest(&a)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(sum, format!("{hex}  {NAME}\n"));
    }
}

/// Raw bytes of every member (local header and compressed data), by name, with the order.
fn raw_members(zip: &Path) -> (Vec<String>, BTreeMap<String, Vec<u8>>) {
    let bytes = std::fs::read(zip).expect("read");
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
    let mut order = Vec::new();
    let mut raw = BTreeMap::new();
    for i in 0..a.len() {
        let m = a.by_index_raw(i).expect("member");
        let start = usize::try_from(m.header_start()).expect("offset");
        let end = usize::try_from(m.data_start().expect("data start") + m.compressed_size())
            .expect("offset");
        let name = String::from_utf8_lossy(m.name_raw()).into_owned();
        order.push(name.clone());
        raw.insert(name, bytes[start..end].to_vec());
    }
    (order, raw)
}

#[test]
fn sign_changes_nothing_but_the_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zip = build(&dir.path().join("out"), &[]);
    let (order, before) = raw_members(&zip);
    let key = key_copy(dir.path(), "ec-key.pem", 0o600);
    let o = Apspack::new()
        .arg("sign")
        .arg(&zip)
        .args(["--sign-key".as_ref(), key.as_os_str()])
        .args(["--sign-cert".as_ref(), fixture("ec-cert.pem").as_os_str()])
        .run()
        .expect_code(0);
    assert_eq!(o.stdout, format!("signed {}\n", zip.display()));
    let (order_after, after) = raw_members(&zip);
    assert_eq!(order, order_after, "same members in the same order");
    for (name, raw) in &before {
        if name != "APP-LIST.xml" {
            assert!(after[name] == *raw, "{name} changed");
        }
    }
    assert!(after["APP-LIST.xml"] != before["APP-LIST.xml"]);
    let f = std::fs::File::open(&zip).expect("open");
    let mut a = zip::ZipArchive::new(f).expect("zip");
    let list = a.by_name("APP-LIST.xml").expect("list");
    assert_eq!(list.unix_mode().map(|m| m & 0o777), Some(0o644));
    assert_eq!(
        list.last_modified().map(|t| (t.year(), t.month(), t.day())),
        Some((1980, 1, 1))
    );
    drop(list);
    assert_eq!(lint(&zip), (0, vec![]));
}

#[test]
fn sign_refuses_a_broken_package_and_leaves_it_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zip = build(&dir.path().join("out"), &[]);
    let broken = dir.path().join(NAME);
    replace_member(&zip, &broken, "scripts/app.php", b"<?php // changed\n");
    let before = std::fs::read(&broken).expect("read");
    let key = key_copy(dir.path(), "rsa-key.pem", 0o600);
    let o = Apspack::new()
        .arg("sign")
        .arg(&broken)
        .args(["--sign-key".as_ref(), key.as_os_str()])
        .args(["--sign-cert".as_ref(), fixture("rsa-cert.pem").as_os_str()])
        .run()
        .expect_code(1);
    let err = &o.stderr;
    assert!(
        err.contains("APS0606") && err.contains("not signed"),
        "{err}"
    );
    assert!(
        std::fs::read(&broken).expect("read") == before,
        "the package was modified"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn pkcs12_passwords_and_keys_never_show() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p12 = key_copy(dir.path(), "rsa.p12", 0o600);
    let key_pem = std::fs::read_to_string(fixture("rsa-key.pem")).expect("key");
    let key_lines: Vec<&str> = key_pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let check_clean = |what: &str, bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(PASSWORD), "{what} shows the password");
        for l in &key_lines {
            assert!(!text.contains(l), "{what} shows key material");
        }
    };
    // From an environment variable.
    let out = dir.path().join("env");
    let o = Apspack::new()
        .arg("build")
        .arg(project())
        .arg("-o")
        .arg(&out)
        .arg("--sign-pkcs12")
        .arg(&p12)
        .args(["--sign-password-env", "APSPACK_TEST_P12_PASSWORD"])
        .env("APSPACK_TEST_P12_PASSWORD", PASSWORD)
        .run()
        .expect_code(0);
    check_clean("stdout", o.stdout.as_bytes());
    check_clean("stderr", o.stderr.as_bytes());
    for (name, bytes) in members(&out.join(NAME)) {
        check_clean(&name, &bytes);
    }
    check_clean("the archive", &std::fs::read(out.join(NAME)).expect("zip"));
    assert_eq!(lint(&out.join(NAME)), (0, vec![]));
    // From a file; a wrong password is a clear error that does not echo it.
    let pw = dir.path().join("pw");
    std::fs::write(&pw, "not-the-password\n").expect("write");
    let o = build_run(
        &dir.path().join("bad"),
        &[
            "--sign-pkcs12".as_ref(),
            p12.as_os_str(),
            "--sign-password-file".as_ref(),
            pw.as_os_str(),
        ],
    )
    .expect_code(2);
    let err = &o.stderr;
    assert!(err.contains("check the password"), "{err}");
    assert!(!err.contains("not-the-password"), "{err}");
    assert!(
        err.contains("can be read by other users"),
        "a 0644 password file warns: {err}"
    );
    assert!(!dir.path().join("bad").exists(), "nothing written on error");
    // A password on the command line is not an option.
    Apspack::new()
        .args([
            "build",
            "--sign-pkcs12",
            "x.p12",
            "--sign-password",
            PASSWORD,
        ])
        .run()
        .expect_code(2);
    // A bundle without a password source is refused before anything is built.
    let o = build_run(
        &dir.path().join("nopw"),
        &["--sign-pkcs12".as_ref(), p12.as_os_str()],
    )
    .expect_code(2);
    assert!(o.stderr.contains("--sign-password-env"), "{}", o.stderr);
}

#[cfg(unix)]
#[test]
fn a_key_others_can_read_draws_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = key_copy(dir.path(), "ec-key.pem", 0o644);
    let cert = fixture("ec-cert.pem");
    let o = build_run(
        &dir.path().join("out"),
        &[
            "--sign-key".as_ref(),
            key.as_os_str(),
            "--sign-cert".as_ref(),
            cert.as_os_str(),
        ],
    )
    .expect_code(0);
    let err = &o.stderr;
    assert!(
        err.contains("warning:") && err.contains("mode 644") && err.contains("chmod 600"),
        "{err}"
    );
}

#[test]
fn a_key_that_does_not_fit_the_certificate_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = key_copy(dir.path(), "other-key.pem", 0o600);
    let cert = fixture("rsa-cert.pem");
    let o = build_run(
        &dir.path().join("out"),
        &[
            "--sign-key".as_ref(),
            key.as_os_str(),
            "--sign-cert".as_ref(),
            cert.as_os_str(),
        ],
    )
    .expect_code(2);
    let err = &o.stderr;
    assert!(err.contains("does not belong to the private key"), "{err}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_expired_certificate_is_a_warning_in_lint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zip = pem_build(dir.path(), "old", "rsa-key.pem", "rsa-expired-cert.pem");
    let (code, findings) = lint(&zip);
    assert_eq!(code, 0);
    assert_eq!(findings, [("APS0614".to_string(), "warning".to_string())]);
}

/// The reproducibility checks of plain builds, for signed builds: umask, time zone, file
/// times and the epoch change nothing but what they must.
#[test]
fn signed_builds_are_reproducible() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = key_copy(dir.path(), "rsa-key.pem", 0o600);
    let cert = fixture("rsa-cert.pem");
    let signed = |project: &Path, out: &Path, env: &[(&str, &str)]| -> Vec<u8> {
        let mut run = Apspack::new()
            .arg("build")
            .arg(project)
            .arg("-o")
            .arg(out)
            .args(["--sign-key".as_ref(), key.as_os_str()])
            .args(["--sign-cert".as_ref(), cert.as_os_str()]);
        for (k, v) in env {
            run = run.env(k, v);
        }
        run.run().expect_code(0);
        std::fs::read(out.join(NAME)).expect("archive")
    };
    let baseline = signed(&project(), &dir.path().join("base"), &[]);
    // A copy made and built under umask 077, with every file's time changed.
    let copy = dir.path().join("copy");
    let status = Command::new("sh")
        .arg("-c")
        .arg(r#"umask 077 && cp -R "$1" "$2""#)
        .arg("sh")
        .arg(project())
        .arg(&copy)
        .status()
        .expect("sh");
    assert!(status.success());
    let when = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_234_567_890);
    for e in walkdir::WalkDir::new(&copy) {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            std::fs::File::options()
                .write(true)
                .open(e.path())
                .and_then(|f| f.set_modified(when))
                .expect("mtime");
        }
    }
    for tz in ["UTC", "Pacific/Kiritimati", "America/St_Johns"] {
        let out = dir.path().join(format!("tz-{}", tz.replace('/', "-")));
        assert!(
            signed(&copy, &out, &[("TZ", tz)]) == baseline,
            "umask, file times or TZ={tz} changed the signed archive"
        );
    }
    // Another epoch changes @packaged, and so APP-META.xml's digest and the signature.
    let later = signed(
        &project(),
        &dir.path().join("later"),
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    let (a, b) = (
        members(&dir.path().join("base").join(NAME)),
        members(&dir.path().join("later").join(NAME)),
    );
    assert!(later != baseline);
    for ((name, x), (_, y)) in a.iter().zip(b.iter()) {
        if name == "APP-LIST.xml" {
            let (x, y) = (String::from_utf8_lossy(x), String::from_utf8_lossy(y));
            let differing: Vec<&str> = x
                .lines()
                .zip(y.lines())
                .filter(|(p, q)| p != q)
                .map(|(p, _)| p.trim_start())
                .collect();
            assert_eq!(differing.len(), 3, "{differing:?}");
            assert!(differing[0].starts_with("<file name=\"APP-META.xml\""));
            assert!(differing[1].starts_with("<DigestValue>"));
            assert!(differing[2].starts_with("<SignatureValue>"));
        } else if name != "APP-META.xml" {
            assert!(x == y, "{name} differs");
        }
    }
}

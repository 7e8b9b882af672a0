//! The commands around build and lint, end to end: `init` from both templates (builds and lints
//! with no finding; refuses a non-empty directory), `build --dry-run` (writes nothing),
//! `inspect --format json` (its documented shape), `graph` (Graphviz accepts the DOT; the
//! Mermaid renders with mermaid-cli driving Chromium), PO compilation and `i18n extract`,
//! completions and the man page, `-v` and `-q`.
//!
//! Tests that need a tool from outside the project (dot, mmdc with chromium, bash, man) fail
//! when the `CI` environment variable is set and the tool is missing; a local run without it
//! skips that part and says so.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use serde_json::Value;

use super::support::{self, BIN, root};

fn apspack() -> assert_cmd::Command {
    support::Apspack::new().command()
}

/// Whether `tool` can be used; in CI a missing tool fails the test.
fn require(tool: &str, present: bool) -> bool {
    present || support::missing::<()>(tool).is_some()
}

fn runs(program: &str, arg: &str) -> bool {
    Process::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Every file under `dir` with its bytes, by `/` path.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        let rel = e
            .path()
            .strip_prefix(dir)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = if e.file_type().is_file() {
            std::fs::read(e.path()).expect("read")
        } else {
            Vec::new()
        };
        out.push((rel, bytes));
    }
    out
}

fn lint_json(paths: &[&Path]) -> Value {
    let out = apspack()
        .arg("lint")
        .arg("--strict")
        .args(paths)
        .args(["--format", "json"])
        .output()
        .expect("lint runs");
    serde_json::from_slice(&out.stdout).expect("lint JSON")
}

/// Builds `project` into `out` and returns the archive path.
fn build(project: &Path, out: &Path) -> PathBuf {
    apspack()
        .arg("build")
        .arg(project)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    let zips: Vec<PathBuf> = std::fs::read_dir(out)
        .expect("out dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".app.zip"))
        .collect();
    assert_eq!(zips.len(), 1, "{zips:?}");
    zips[0].clone()
}

/// Signs `zip` in place with the test-only RSA key of `tests/fixtures/signing` (copied into
/// `dir` with mode 0600, as a real key file is kept).
fn sign_with_test_key(zip: &Path, dir: &Path) {
    apspack()
        .arg("sign")
        .arg(zip)
        .arg("--sign-key")
        .arg(support::signing_key_copy(dir, "rsa-key.pem", 0o600))
        .arg("--sign-cert")
        .arg(support::fixture("signing/rsa-cert.pem"))
        .assert()
        .success();
}

// ---------------------------------------------------------------------------------------------
// init
// ---------------------------------------------------------------------------------------------

#[test]
fn init_from_each_template_builds_and_lints_with_no_finding() {
    for (template, extra) in [
        ("ox-app-suite", &[][..]),
        ("minimal", &[][..]),
        (
            "ox-app-suite",
            &[
                "--name",
                "Acme \"Mail\" Suite",
                "--id",
                "https://mail.acme.example:8443/aps/suite",
                "--vendor",
                "Acme Ltd",
            ][..],
        ),
        (
            "minimal",
            &[
                "--name",
                "Hello Acme",
                "--id",
                "http://acme.example/aps/hello",
            ][..],
        ),
    ] {
        let tmp = tempfile::tempdir().expect("tempdir");
        let project = tmp.path().join("x");
        apspack()
            .arg("init")
            .arg(&project)
            .args(["--template", template])
            .args(extra)
            .assert()
            .success();
        let zip = build(&project, &tmp.path().join("dist"));
        let report = lint_json(&[&project, &zip]);
        // The one info: the archive is not signed (APS0615).
        assert_eq!(
            report["summary"],
            serde_json::json!({"targets": 2, "errors": 0, "warnings": 0, "infos": 1}),
            "{template} {extra:?}: {report:#}"
        );
        assert_eq!(
            report["targets"][1]["findings"][0]["code"], "APS0615",
            "{template} {extra:?}: {report:#}"
        );
        // Signed, as a release is, the archive lints with no finding at all.
        sign_with_test_key(&zip, tmp.path());
        let report = lint_json(&[&project, &zip]);
        assert_eq!(
            report["summary"],
            serde_json::json!({"targets": 2, "errors": 0, "warnings": 0, "infos": 0}),
            "{template} {extra:?} signed: {report:#}"
        );
        // The scripts' annotations agree with the manifest, ids included.
        let m = super::templates::load(&project);
        let problems = super::templates::annotation_problems(&project, &m);
        assert!(problems.is_empty(), "{template} {extra:?}: {problems:#?}");
        let text = std::fs::read_to_string(project.join("aps.toml")).expect("aps.toml");
        assert!(
            text.starts_with("#:schema ./aps.toml.schema.json\n"),
            "{text}"
        );
        let schema: Value = serde_json::from_slice(
            &std::fs::read(project.join("aps.toml.schema.json")).expect("schema written"),
        )
        .expect("schema is JSON");
        assert!(schema.is_object());
        if let Some(i) = extra.iter().position(|a| *a == "--id") {
            let id = extra[i + 1];
            let pkg = m["package"].as_table().expect("[package]");
            assert_eq!(pkg["id"].as_str(), Some(id));
            // No type id of the template survives anywhere in the project.
            let template_manifest =
                super::templates::load(&root().join("templates").join(template));
            for ty in template_manifest["types"]
                .as_table()
                .expect("types")
                .values()
            {
                let old = ty["id"].as_str().expect("type id");
                for (path, bytes) in snapshot(&project) {
                    let s = String::from_utf8_lossy(&bytes);
                    assert!(!s.contains(old), "{path} still names {old}");
                }
            }
        }
    }
}

/// Every file of the template is in the new project (byte for byte, but for the manifest).
#[test]
fn init_copies_every_template_file() {
    for template in ["ox-app-suite", "minimal"] {
        let tmp = tempfile::tempdir().expect("tempdir");
        let project = tmp.path().join("p");
        apspack()
            .arg("init")
            .arg(&project)
            .args(["--template", template])
            .assert()
            .success();
        let source = root().join("templates").join(template);
        let want: Vec<(String, Vec<u8>)> = snapshot(&source)
            .into_iter()
            .filter(|(p, _)| !p.is_empty() && !p.starts_with('.'))
            .collect();
        let got = snapshot(&project);
        for (path, bytes) in &want {
            let found = got.iter().find(|(p, _)| p == path);
            assert!(found.is_some(), "{template}: {path} missing");
            if path != "aps.toml"
                && let Some((_, b)) = found
            {
                assert_eq!(b, bytes, "{template}: {path} differs");
            }
        }
    }
}

#[test]
fn init_refuses_a_non_empty_directory_and_changes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("busy");
    std::fs::create_dir_all(dir.join("sub")).expect("mkdir");
    std::fs::write(dir.join("aps.toml"), "mine").expect("write");
    std::fs::write(dir.join("sub/notes.txt"), "keep").expect("write");
    let before = snapshot(tmp.path());
    let out = apspack().arg("init").arg(&dir).output().expect("init runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is not empty"), "{stderr}");
    assert_eq!(snapshot(tmp.path()), before, "init changed something");

    // A bad value is refused before anything is created, and leaves no staging directory.
    let fresh = tmp.path().join("fresh");
    apspack()
        .arg("init")
        .arg(&fresh)
        .args(["--id", "not a uri"])
        .assert()
        .code(2);
    assert!(!fresh.exists());
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn init_fills_an_existing_empty_directory() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("empty");
    std::fs::create_dir(&dir).expect("mkdir");
    apspack()
        .arg("init")
        .arg(&dir)
        .args(["--template", "minimal"])
        .assert()
        .success();
    assert!(dir.join("aps.toml").is_file());
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["empty"], "no staging directory is left behind");
}

// ---------------------------------------------------------------------------------------------
// build --dry-run and inspect
// ---------------------------------------------------------------------------------------------

#[test]
fn dry_run_writes_nothing_and_matches_the_real_build() {
    let project = root().join("templates/ox-app-suite");
    let tmp = tempfile::tempdir().expect("tempdir");
    let out_dir = tmp.path().join("never/created");
    let dry = apspack()
        .arg("build")
        .arg(&project)
        .arg("-o")
        .arg(&out_dir)
        .args(["--dry-run", "--format", "json"])
        .output()
        .expect("dry run");
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(
        !tmp.path().join("never").exists(),
        "the dry run created its output directory"
    );
    let dry: Value = serde_json::from_slice(&dry.stdout).expect("JSON");
    assert_eq!(dry["dry_run"], true);

    let real_dir = tmp.path().join("dist");
    let real = apspack()
        .arg("build")
        .arg(&project)
        .arg("-o")
        .arg(&real_dir)
        .args(["--format", "json"])
        .output()
        .expect("build");
    let real: Value = serde_json::from_slice(&real.stdout).expect("JSON");
    assert_eq!(dry["size"], real["size"]);
    let strip = |v: &Value| -> Vec<(String, u64, String)> {
        v["files"]
            .as_array()
            .expect("files")
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().unwrap_or_default().to_string(),
                    f["size"].as_u64().unwrap_or_default(),
                    f["sha256"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(strip(&dry), strip(&real));

    // The compression the dry run announces is the one the archive holds.
    let zip_path = PathBuf::from(real["package"].as_str().expect("package"));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).expect("open")).expect("zip");
    for f in dry["files"].as_array().expect("files") {
        let entry = zip
            .by_name(f["path"].as_str().expect("path"))
            .expect("entry");
        let method = match entry.compression() {
            zip::CompressionMethod::Stored => "stored",
            zip::CompressionMethod::Deflated => "deflated",
            _ => "other",
        };
        assert_eq!(f["compression"], method, "{}", f["path"]);
    }
}

#[test]
fn inspect_json_has_the_documented_shape_for_every_kind_of_target() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let project = root().join("templates/ox-app-suite");
    let zip = build(&project, tmp.path());
    let unpacked = tmp.path().join("unpacked");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).expect("open")).expect("zip");
    archive.extract(&unpacked).expect("extract");
    let mut docs = Vec::new();
    for (target, kind) in [
        (zip.as_path(), "archive"),
        (unpacked.as_path(), "directory"),
        (project.as_path(), "project"),
    ] {
        let out = apspack()
            .arg("inspect")
            .arg(target)
            .args(["--format", "json"])
            .output()
            .expect("inspect");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let keys: Vec<&str> = v
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "schema_version",
                "tool",
                "kind",
                "path",
                "aps_version",
                "identity",
                "services",
                "types",
                "navigation",
                "files",
                "summary",
                "problem"
            ]
        );
        assert_eq!(v["schema_version"], 1);
        assert_eq!(v["kind"], kind);
        assert_eq!(v["identity"]["name"], "OX App Suite");
        let types = v["types"].as_array().expect("types");
        let app: Vec<&Value> = types.iter().filter(|t| t["application"] == true).collect();
        assert_eq!(app.len(), 1, "one application root");
        for t in types {
            for r in t["relations"].as_array().expect("relations") {
                assert!(r["required"].is_boolean() && r["collection"].is_boolean());
                assert!(r["type"].as_str().is_some_and(|s| s.starts_with("http")));
            }
        }
        for f in v["files"].as_array().expect("files") {
            assert!(f["size"].is_u64());
            assert_eq!(f["sha256"].as_str().map(str::len), Some(64));
            assert!(matches!(
                f["compression"].as_str(),
                Some("stored" | "deflated")
            ));
        }
        docs.push(v);
    }
    // The three views of one package agree (paths aside).
    for key in ["identity", "services", "types", "navigation"] {
        assert_eq!(docs[0][key], docs[1][key], "{key}");
        assert_eq!(docs[0][key], docs[2][key], "{key}");
    }
}

#[test]
fn inspect_of_something_that_is_not_a_package_is_fatal() {
    let tmp = tempfile::tempdir().expect("tempdir");
    apspack().arg("inspect").arg(tmp.path()).assert().code(2);
}

// ---------------------------------------------------------------------------------------------
// graph
// ---------------------------------------------------------------------------------------------

fn graph(format: &str) -> String {
    let out = apspack()
        .arg("graph")
        .arg(root().join("templates/ox-app-suite"))
        .args(["--format", format])
        .output()
        .expect("graph");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn graphviz_accepts_the_dot_output() {
    let dot = graph("dot");
    for relation in ["contexts (collection)", "app (required)", "implements"] {
        assert!(dot.contains(relation), "{relation}: {dot}");
    }
    if !require("dot (Graphviz)", runs("dot", "-V")) {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("model.dot");
    std::fs::write(&input, &dot).expect("write");
    let out = Process::new("dot")
        .arg("-Tsvg")
        .arg(&input)
        .output()
        .expect("dot runs");
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "dot rejected the graph: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8_lossy(&out.stdout);
    assert!(
        svg.contains("<svg") && svg.contains("contexts (collection)"),
        "{svg}"
    );
}

/// mermaid-cli installed by .ci/run under target/ci-tools (or `APSPACK_MERMAID_TOOLS`).
fn mmdc() -> Option<PathBuf> {
    let base = std::env::var_os("APSPACK_MERMAID_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/ci-tools"));
    let bin = base.join("node_modules/.bin/mmdc");
    bin.is_file().then_some(bin)
}

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

#[test]
fn mermaid_output_renders_to_svg() {
    let mermaid = graph("mermaid");
    assert!(mermaid.starts_with("%% OX App Suite"), "{mermaid}");
    let tools = mmdc().zip(chromium());
    if !require("mermaid-cli (mmdc) and chromium", tools.is_some()) {
        return;
    }
    let Some((mmdc, chromium)) = tools else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("model.mmd");
    let output = tmp.path().join("model.svg");
    let config = tmp.path().join("puppeteer.json");
    std::fs::write(&input, &mermaid).expect("write");
    let puppeteer = serde_json::json!({
        "executablePath": chromium,
        "args": ["--no-sandbox", "--disable-setuid-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
    std::fs::write(&config, puppeteer.to_string()).expect("write");
    let out = Process::new(&mmdc)
        .arg("-p")
        .arg(&config)
        .arg("-i")
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .arg("-q")
        .env("PUPPETEER_SKIP_DOWNLOAD", "1")
        .output()
        .expect("mmdc runs");
    assert!(
        out.status.success(),
        "mmdc failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&output).expect("mmdc wrote the SVG");
    assert!(svg.contains("<svg"), "{svg}");
    assert!(
        !svg.contains("Syntax error"),
        "Mermaid reported a syntax error"
    );
    for label in [
        "contexts (collection)",
        "app (required)",
        "core/application/1.0",
    ] {
        assert!(svg.contains(label), "{label} missing from the SVG");
    }
}

// ---------------------------------------------------------------------------------------------
// i18n
// ---------------------------------------------------------------------------------------------

/// The project of tests/cmd/i18n.in copied into a temporary directory, with `de.po` replaced
/// by `po` when given.
fn i18n_project(po: Option<&str>) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = root().join("tests/cmd/i18n.in");
    for e in walkdir::WalkDir::new(&src) {
        let e = e.expect("walk");
        let to = tmp
            .path()
            .join(e.path().strip_prefix(&src).expect("inside"));
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &to).expect("copy");
        }
    }
    if let Some(po) = po {
        std::fs::write(tmp.path().join("i18n/de.po"), po).expect("write");
    }
    tmp
}

#[test]
fn build_compiles_po_into_the_json_catalogue() {
    let tmp = i18n_project(None);
    let zip = build(tmp.path(), &tmp.path().join("dist"));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).expect("open")).expect("zip");
    let mut json = String::new();
    archive
        .by_name("i18n/de.json")
        .expect("the catalogue is packaged")
        .read_to_string(&mut json)
        .expect("read");
    let v: Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(
        v,
        serde_json::json!({
            "Board settings": "Board-Einstellungen",
            "Saved %s": "Saved %s",
            "Service URL": "Dienst-URL",
            "Team Board": "Team Board"
        })
    );
}

#[test]
fn a_broken_po_file_fails_the_build_with_file_and_line() {
    for (po, line, what) in [
        (
            "msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"c\nmsgstr \"\"\n",
            4,
            "not closed",
        ),
        (
            "msgid \"a\"\nmsgstr \"b\"\nmsgid \"a\"\nmsgstr \"c\"\n",
            3,
            "duplicate",
        ),
        ("msgid \"a\"\nmsgtsr \"b\"\n", 2, "unknown keyword"),
    ] {
        let tmp = i18n_project(Some(po));
        let out_dir = tmp.path().join("dist");
        let out = apspack()
            .current_dir(tmp.path())
            .args(["build", "-o"])
            .arg(&out_dir)
            .output()
            .expect("build");
        assert_eq!(out.status.code(), Some(2), "{po:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("i18n/de.po:{line}: ")) && stderr.contains(what),
            "{po:?}: {stderr}"
        );
        assert!(!out_dir.exists(), "a failed build wrote something");
    }
}

/// Every `_("...")` / `_('...')` constant of a file, found by a line scan of its own: a `//`
/// comment at the start of a line or after a space is left out; escapes are taken as the
/// character they escape.
fn underscore_calls(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = if line.trim_start().starts_with("//") {
            ""
        } else {
            line.split(" //").next().unwrap_or(line)
        };
        let mut rest = line;
        while let Some(i) = rest.find("_(") {
            let before = rest[..i].chars().next_back();
            let after = rest[i + 2..].trim_start();
            rest = &rest[i + 2..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '$') {
                continue;
            }
            let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let mut s = String::new();
            let mut chars = after[1..].chars();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        if let Some(n) = chars.next() {
                            s.push(n);
                        }
                    }
                    c if c == quote => {
                        closed = true;
                        break;
                    }
                    c => s.push(c),
                }
            }
            let tail = chars.as_str().trim_start();
            if closed && (tail.starts_with(')') || tail.starts_with(',')) {
                out.push(s);
            }
        }
    }
    out
}

/// The msgids of a .pot file (single-line strings, `\"` and `\\` unescaped).
fn pot_ids(pot: &str) -> BTreeSet<String> {
    pot.lines()
        .filter_map(|l| {
            l.strip_prefix("msgid \"")?
                .strip_suffix('"')
                .map(str::to_string)
        })
        .map(|s| s.replace("\\\"", "\"").replace("\\\\", "\\"))
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn extract_on_the_ox_template_finds_every_underscore_string_of_its_views() {
    let template = root().join("templates/ox-app-suite");
    let tmp = tempfile::tempdir().expect("tempdir");
    let pot_path = tmp.path().join("ox.pot");
    apspack()
        .args(["i18n", "extract"])
        .arg(&template)
        .arg("-o")
        .arg(&pot_path)
        .assert()
        .success();
    let pot = std::fs::read_to_string(&pot_path).expect("pot written");
    let ids = pot_ids(&pot);
    let mut expected = BTreeSet::new();
    for e in walkdir::WalkDir::new(template.join("ui")) {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let text = std::fs::read_to_string(e.path()).expect("view is text");
            expected.extend(underscore_calls(&text));
        }
    }
    // Every view label and every title the manifest declares is translatable too.
    let m = super::templates::load(&template);
    for nav in m["navigation"].as_array().expect("navigation") {
        let items = nav.get("items").and_then(|v| v.as_array());
        for item in items.into_iter().flatten() {
            expected.insert(item["label"].as_str().expect("label").to_string());
        }
        // Views directly under a navigation (the service-user wizard page).
        let views = nav.get("views").and_then(|v| v.as_array());
        for view in views.into_iter().flatten() {
            expected.insert(view["label"].as_str().expect("label").to_string());
        }
    }
    let missing: Vec<&String> = expected.iter().filter(|s| !ids.contains(*s)).collect();
    assert!(missing.is_empty(), "not extracted: {missing:?}");
    // The template is a PO file the build's own reader accepts.
    let parsed = apspack::i18n::parse(pot.as_bytes()).expect("valid PO");
    assert_eq!(parsed.messages.len(), ids.len());
}

#[test]
fn the_test_scanner_finds_what_it_should() {
    let js =
        "a = _(\"One\"); // _(\"no\")\n// _(\"skip\")\nb = my_(\"no\"); c = _('Two', x); d = _(v);";
    assert_eq!(underscore_calls(js), ["One", "Two"]);
}

// ---------------------------------------------------------------------------------------------
// completions, man, -v and -q
// ---------------------------------------------------------------------------------------------

#[test]
fn completions_for_every_shell_name_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = apspack()
            .args(["completions", shell])
            .output()
            .expect("completions");
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).expect("UTF-8");
        for sub in [
            "build",
            "lint",
            "init",
            "inspect",
            "graph",
            "i18n",
            "completions",
            "man",
        ] {
            assert!(script.contains(sub), "{shell}: {sub} missing");
        }
        assert!(script.contains("dry-run"), "{shell}: --dry-run missing");
    }
    if !require("bash", runs("bash", "--version")) {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("apspack.bash");
    let script = apspack()
        .args(["completions", "bash"])
        .output()
        .expect("completions")
        .stdout;
    std::fs::write(&file, script).expect("write");
    let check = Process::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p apspack",
            file.display()
        ))
        .output()
        .expect("bash runs");
    assert!(
        check.status.success(),
        "bash rejected the script: {}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn the_man_page_is_roff_with_every_subcommand() {
    let out = apspack().arg("man").output().expect("man");
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(page.contains(".TH apspack 1"), "{page}");
    for sub in [
        "build",
        "lint",
        "init",
        "inspect",
        "graph",
        "i18n",
        "completions",
    ] {
        assert!(page.contains(sub), "{sub} missing");
    }
}

#[test]
fn verbose_says_what_is_done_and_quiet_says_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let project = root().join("templates/minimal");
    let out = apspack()
        .args(["-v", "build"])
        .arg(&project)
        .arg("-o")
        .arg(tmp.path().join("v"))
        .output()
        .expect("build -v");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for note in [
        "reading",
        "hashing",
        "linting",
        "writing",
        "compressing scripts/app.php",
    ] {
        assert!(stderr.contains(note), "{note}: {stderr}");
    }
    assert!(
        !stderr.contains('\u{1b}'),
        "no terminal codes when not a terminal"
    );
    let out = apspack()
        .args(["build", "-q"])
        .arg(&project)
        .arg("-o")
        .arg(tmp.path().join("q"))
        .output()
        .expect("build -q");
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stdout.is_empty(), "-q keeps the summary on stdout");
}

// ---------------------------------------------------------------------------------------------
// README recipes and the pre-commit hook
// ---------------------------------------------------------------------------------------------

/// Every concrete `apspack ...` command line in the README's code blocks parses with the real
/// command line (synopsis lines with `[`, `|` or `...` are left out).
#[test]
fn readme_command_lines_parse() {
    use clap::Parser;
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let mut inside = false;
    let mut checked = 0;
    for line in readme.lines() {
        if line.trim_start().starts_with("```") {
            inside = !inside;
            continue;
        }
        if !inside {
            continue;
        }
        let cmd = line
            .trim_start()
            .trim_start_matches("- ")
            .trim_start_matches("run: ");
        let cmd = cmd.split(" #").next().unwrap_or(cmd).trim();
        let cmd = cmd.split(['>', '|']).next().unwrap_or(cmd).trim();
        if !cmd.starts_with("apspack ") || cmd.contains('[') || cmd.contains("...") {
            continue;
        }
        let mut words = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        for c in cmd.chars() {
            match c {
                '"' => quoted = !quoted,
                ' ' if !quoted => {
                    if !cur.is_empty() {
                        words.push(std::mem::take(&mut cur));
                    }
                }
                c => cur.push(c),
            }
        }
        if !cur.is_empty() {
            words.push(cur);
        }
        if let Err(e) = apspack::cli::Cli::try_parse_from(&words) {
            panic!("README: `{cmd}` does not parse: {e}");
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} command lines found");
}

#[test]
fn the_pre_commit_hook_runs_a_real_lint() {
    use clap::Parser;
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).expect("hooks file");
    assert!(text.contains("- id: apspack-lint"), "{text}");
    let entry = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("entry: "))
        .expect("entry");
    let args = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("args: "))
        .expect("args");
    let args: Vec<String> = serde_json::from_str(args).expect("args is a flow list");
    let mut words: Vec<String> = entry.split_whitespace().map(String::from).collect();
    words.extend(args);
    apspack::cli::Cli::try_parse_from(&words).expect("the hook's command parses");
    assert!(text.contains("language: rust") && text.contains("pass_filenames: false"));
}

/// On a terminal (a pseudo-terminal made by util-linux `script`) `build` draws a progress bar;
/// with `-q` it draws none.
#[test]
fn a_progress_bar_is_drawn_on_a_terminal_only_without_q() {
    if !require("script (util-linux)", runs("script", "--version")) {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let project = root().join("templates/ox-app-suite");
    let run = |extra: &str, out: &str| {
        let cmd = format!(
            "'{BIN}' build {extra} '{}' -o '{}'",
            project.display(),
            tmp.path().join(out).display()
        );
        let o = Process::new("script")
            .args(["-q", "-e", "-c", &cmd, "/dev/null"])
            .env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .expect("script runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let shown = run("", "bar");
    assert!(shown.contains("compressing ["), "{shown}");
    assert!(shown.contains("built "), "{shown}");
    let quiet = run("-q", "quiet");
    assert!(!quiet.contains("compressing"), "{quiet}");
    assert!(quiet.contains("built "), "{quiet}");
}

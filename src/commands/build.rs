//! `apspack build`: manifest → generated package → lint → deterministic archive + `.sha256`.
//!
//! A classic source tree (`APP-META.xml`, no `aps.toml`) is built the vendor's way instead: its
//! schemas are generated from the scripts' PHP annotations, its files selected by the
//! `.apspack.toml` `[files]` table (default: everything but junk), and its `[lint]` table applied.
//! `--config FILE` replaces the project's or tree's own lint configuration.
//!
//! Nothing is written when the manifest is broken, generation fails, or the linter finds an
//! error in the generated package (after the project's `[lint]` table is applied). Error and warning findings are printed to stderr, one a
//! line (`file:line:col: severity CODE name: message`); infos are left to `apspack lint`. The archive is named
//! `<name>-<version>-<release>.app.zip`, where every character of the three parts other than
//! `A-Z a-z 0-9 . _ -` (spaces included) becomes `_`. An output directory inside the project
//! is left out of the package (only the archive and its checksum when it is the project itself),
//! so a build never packages an earlier build. An interrupt (SIGINT, SIGTERM, SIGHUP) removes
//! the build's temporary files before the process exits.
//!
//! With `--previous OLD` the generated package must also be a safe upgrade of OLD (a `.app.zip`,
//! package directory or project): the upgrade findings of `apspack diff` are printed the same
//! way, and an error-level one (after the lint configuration) means nothing is written.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use super::{Failure, Outcome, Ui, epoch, paint, print};
use crate::Status;
use crate::aps::APP_LIST;
use crate::archive::dry::{Plan, plan};
use crate::archive::write::{Written, default_jobs, write_atomic_with};
use crate::classic::tree::CLASSIC_INCLUDE;
use crate::cli::{BuildArgs, BuildFormat};
use crate::epoch::Epoch;
use crate::lint::config::{CONFIG_FILE, LintConfig, Shape};
use crate::lint::{Finding, Severity};
use crate::model::FileSet;
use crate::progress::Progress;
use crate::tree::{Entry, PackageTree};

/// Runs `apspack build`.
pub fn run(args: &BuildArgs, ui: Ui, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    run_with(args, ui, &crate::progress::Silent, out, err)
}

/// Runs `apspack build`, reporting what it does to `progress`.
pub fn run_with(
    args: &BuildArgs,
    ui: Ui,
    progress: &dyn Progress,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    clean_up_on_signals();
    let epoch = epoch(args.source_date_epoch)?;
    // Load the signer first: a bad key or password fails before anything is generated.
    let signer = super::sign::load_signer(&args.sign, ui, err)?;
    let (mut tree, name, own_config) = if is_classic(&args.dir) {
        progress.note(&format!("reading the classic tree {}", args.dir.display()));
        classic(args, epoch, ui, err)?
    } else {
        progress.note(&format!(
            "reading {}",
            crate::manifest::manifest_path(&args.dir).display()
        ));
        project(args, epoch, progress)?
    };
    // Signed before the lint below, which then verifies the signature like any other.
    if let Some(signer) = &signer {
        let list = tree.bytes(APP_LIST).unwrap_or_default();
        let signed =
            crate::dsig::sign(list, signer).map_err(|e| Failure::message(e.to_string()))?;
        tree.insert(Entry::memory(APP_LIST, signed));
    }
    // `--config FILE` wins over the project's own [lint] table or .apspack.toml.
    let config = match &args.config {
        Some(path) => crate::lint::config::load(path, Shape::Explicit)?,
        None => own_config,
    }
    .unwrap_or_default();
    progress.note("linting the generated package");
    let findings = config.apply(
        crate::lint::lint_capped(&tree, config.max_per_file()),
        false,
    );
    for f in findings.iter().filter(|f| f.severity >= Severity::Warning) {
        let line = finding_line(f, ui.color_err);
        let _ = writeln!(err, "{line}");
    }
    let lint_failed = findings.iter().any(|f| f.severity == Severity::Error);
    let unsafe_upgrade = match &args.previous {
        Some(previous) => upgrade_gate(previous, &tree, &config, epoch, ui, err)?,
        None => false,
    };
    if lint_failed || unsafe_upgrade {
        let previous = args.previous.as_deref().unwrap_or(Path::new("")).display();
        let text = match (lint_failed, unsafe_upgrade) {
            (true, true) => format!(
                "the generated package has errors and is not a safe upgrade of {previous}; nothing was written"
            ),
            (true, false) => "the generated package has errors; nothing was written".to_string(),
            _ => format!(
                "the generated package is not a safe upgrade of {previous}; nothing was written"
            ),
        };
        let _ = err.write_all(crate::report::error::message(&text, ui.color_err).as_bytes());
        return Ok(Status::Findings);
    }
    if args.dry_run {
        let path = args.out_dir.join(&name);
        let planned = plan(&tree, epoch, &path, progress)?;
        let text = match args.format {
            BuildFormat::Human => dry_human(&path, &planned),
            BuildFormat::Json => dry_json(&path, &planned),
        };
        print(out, &text, "the build summary")?;
        return Ok(Status::Ok);
    }
    progress.note(&format!("writing {}", args.out_dir.join(&name).display()));
    // The limits `apspack lint` applies to an archive: a package past them is not written.
    crate::limits::check_tree(&tree)?;
    let jobs = args.jobs.map_or_else(default_jobs, usize::from);
    let written = write_atomic_with(&tree, &args.out_dir, &name, epoch, progress, jobs)?;
    let text = match args.format {
        BuildFormat::Human => human(&written),
        BuildFormat::Json => json(&written),
    };
    print(out, &text, "the build summary")?;
    Ok(Status::Ok)
}

/// `--previous OLD`: compares `tree` with OLD, prints the error and warning findings to `err`,
/// and says whether one is an error; OLD that cannot be opened is the build's failure.
fn upgrade_gate(
    previous: &Path,
    tree: &PackageTree,
    config: &LintConfig,
    epoch: Epoch,
    ui: Ui,
    err: &mut dyn Write,
) -> Result<bool, Failure> {
    let old = crate::load::open(previous, epoch)?;
    let findings = config.apply(crate::lint::upgrade::compare(&old, tree), false);
    for f in findings.iter().filter(|f| f.severity >= Severity::Warning) {
        let line = finding_line(f, ui.color_err);
        let _ = writeln!(err, "{line}");
    }
    Ok(findings.iter().any(|f| f.severity == Severity::Error))
}

/// On SIGINT, SIGTERM or SIGHUP, removes the build's temporary files (waiting for a rename of
/// the archive and its checksum under way, so both or neither are in place) and exits with
/// 128 + the signal number, as a shell reports a process killed by that signal.
fn clean_up_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _held = crate::archive::write::abandon_temps();
            std::process::exit(128 + signal);
        }
    });
}

/// A tree, its archive name and its own lint configuration.
type Built = (PackageTree, String, Option<LintConfig>);

/// True when `dir` is a classic source tree: `APP-META.xml` and no `aps.toml`.
pub fn is_classic(dir: &Path) -> bool {
    dir.join(crate::aps::APP_META).is_file() && !crate::manifest::manifest_path(dir).exists()
}

/// The package of an `aps.toml` project.
fn project(args: &BuildArgs, epoch: Epoch, progress: &dyn Progress) -> Result<Built, Failure> {
    let mut project = crate::manifest::load(&args.dir)?;
    let p = &project.package;
    let name = archive_name(&p.name, &p.version, &p.release);
    // An output directory inside the project must not feed the next build its own output.
    let own_output = output_excludes(&project.dir, &args.out_dir, &name);
    project.package.files.exclude.extend(own_output);
    let tree = crate::generate::generate_with(&project, epoch, progress)?;
    // The project's own [lint] table applies to the build as it does to `apspack lint`.
    let config = if args.config.is_some() {
        None
    } else {
        crate::lint::config::discover(&tree.origin)?
    };
    Ok((tree, name, config))
}

/// The package of a classic tree: schemas generated from the scripts' annotations, files and
/// lint configuration from `.apspack.toml`. Warnings about the scripts go to `err`.
fn classic(args: &BuildArgs, epoch: Epoch, ui: Ui, err: &mut dyn Write) -> Result<Built, Failure> {
    let dir = &args.dir;
    let cfg_path = dir.join(CONFIG_FILE);
    let mut files = FileSet {
        include: CLASSIC_INCLUDE.iter().map(|s| s.to_string()).collect(),
        exclude: Vec::new(),
    };
    let mut config = None;
    // Read only as a regular file inside the tree (a link out of it is refused).
    if let Some((include, exclude)) = crate::lint::config::load_package_files(&cfg_path)? {
        if let Some(include) = include {
            files.include = include;
        }
        files.exclude = exclude;
    }
    if args.config.is_none() {
        config = crate::lint::config::load_own(&cfg_path, Shape::PackageFile)?;
    }
    let name = classic_name(dir).map_err(Failure::Message)?;
    files
        .exclude
        .extend(output_excludes(dir, &args.out_dir, &name));
    let built = crate::classic::generate(dir, &files, epoch)?;
    for w in &built.warnings {
        let _ = err.write_all(crate::report::error::render(w, ui.color_err).as_bytes());
    }
    Ok((built.tree, name, config))
}

/// The archive name from a classic tree's `APP-META.xml` (`<name>`, `<version>`, `<release>`).
fn classic_name(dir: &Path) -> Result<String, String> {
    let path = dir.join(crate::aps::APP_META);
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let doc = crate::xml::parse(&bytes)
        .map_err(|e| format!("{} is not well-formed XML: {}", path.display(), e.message))?;
    let part = |n: &str| {
        doc.root
            .child_text(n)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .ok_or_else(|| {
                format!(
                    "{} has no <{n}>; the archive is named after it",
                    path.display()
                )
            })
    };
    Ok(archive_name(
        &part("name")?,
        &part("version")?,
        &part("release")?,
    ))
}

/// Exclude globs that keep the build's own output out of the package when `out_dir` lies inside
/// the project `dir`: the whole output directory, or only the archive and its checksum when the
/// output directory is the project directory itself.
fn output_excludes(dir: &Path, out_dir: &Path, archive: &str) -> Vec<String> {
    let Some(rel) = relative_inside(dir, out_dir) else {
        return Vec::new();
    };
    if rel.is_empty() {
        vec![
            globset::escape(archive),
            globset::escape(&format!("{archive}.sha256")),
        ]
    } else {
        let rel = globset::escape(&rel);
        vec![rel.clone(), format!("{rel}/**")]
    }
}

/// `path` relative to `dir` as a `/` path ("" for `dir` itself) when it lies inside `dir`,
/// after resolving symbolic links of the parts that exist.
fn relative_inside(dir: &Path, path: &Path) -> Option<String> {
    let dir = std::fs::canonicalize(dir).ok()?;
    let path = resolved(path)?;
    let rel = path.strip_prefix(&dir).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// `path` made absolute: its longest existing ancestor canonicalized, the rest appended.
fn resolved(path: &Path) -> Option<PathBuf> {
    let mut missing = Vec::new();
    let mut cur = path;
    loop {
        let probe = if cur.as_os_str().is_empty() {
            Path::new(".")
        } else {
            cur
        };
        if let Ok(mut out) = std::fs::canonicalize(probe) {
            for part in missing.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(p) => out.push(p),
                    _ => {}
                }
            }
            return Some(out);
        }
        missing.push(cur.components().next_back()?);
        cur = cur.parent()?;
    }
}

/// `<name>-<version>-<release>.app.zip` with every character outside `[A-Za-z0-9._-]` of the
/// three parts replaced by `_`.
pub fn archive_name(name: &str, version: &str, release: &str) -> String {
    format!(
        "{}-{}-{}.app.zip",
        file_safe(name),
        file_safe(version),
        file_safe(release)
    )
}

fn file_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `file:line:col: severity CODE name: message`, leaving out the location parts not known;
/// the severity in bold red or yellow when `color`.
pub fn finding_line(f: &Finding, color: bool) -> String {
    let mut loc = String::new();
    if let Some(file) = &f.file {
        loc.push_str(&crate::escape::visible(file));
        if let Some(line) = f.line {
            loc.push_str(&format!(":{line}"));
            if let Some(col) = f.column {
                loc.push_str(&format!(":{col}"));
            }
        }
        loc.push_str(": ");
    }
    let sgr = match f.severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    };
    format!(
        "{loc}{} {} {}: {}",
        paint(color, sgr, f.severity.as_str()),
        f.rule.code,
        f.rule.name,
        crate::escape::visible(&f.message)
    )
}

fn method(stored: bool) -> &'static str {
    if stored { "stored" } else { "deflated" }
}

/// `build --dry-run`: the archive it would write and every file in it.
fn dry_human(path: &Path, p: &Plan) -> String {
    let mut s = format!(
        "would build {} (dry run: nothing written)\n  size    {} bytes\n  files   {} ({} bytes unpacked)\n",
        crate::text::escape_control(&path.display().to_string()),
        p.size,
        p.files.len(),
        p.unpacked_size()
    );
    for f in &p.files {
        s.push_str(&format!(
            "  {:>10}  {:<8}  {}  {}\n",
            f.size,
            method(f.stored),
            f.sha256.hex(),
            crate::text::escape_control(&f.path)
        ));
    }
    s
}

#[derive(Serialize)]
struct DryJson<'a> {
    package: String,
    dry_run: bool,
    size: u64,
    unpacked_size: u64,
    entry_count: usize,
    files: Vec<DryFile<'a>>,
}

#[derive(Serialize)]
struct DryFile<'a> {
    path: &'a str,
    size: u64,
    sha256: String,
    compression: &'static str,
    mode: String,
}

/// `build --dry-run --format json`, in the manner of `npm pack --dry-run --json`.
fn dry_json(path: &Path, p: &Plan) -> String {
    let doc = DryJson {
        package: path.display().to_string(),
        dry_run: true,
        size: p.size,
        unpacked_size: p.unpacked_size(),
        entry_count: p.files.len(),
        files: p
            .files
            .iter()
            .map(|f| DryFile {
                path: &f.path,
                size: f.size,
                sha256: f.sha256.hex(),
                compression: method(f.stored),
                mode: format!("{:04o}", f.mode),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn human(w: &Written) -> String {
    format!(
        "built {}\n  size    {} bytes\n  sha256  {}\n  files   {}\n  sum     {}\n",
        w.path.display(),
        w.size,
        w.sha256,
        w.files.len(),
        w.checksum_path.display()
    )
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    package: String,
    size: u64,
    sha256: String,
    files: Vec<JsonFile<'a>>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    size: u64,
    sha256: String,
}

fn json(w: &Written) -> String {
    let summary = JsonSummary {
        package: w.path.display().to_string(),
        size: w.size,
        sha256: w.sha256.hex(),
        files: w
            .files
            .iter()
            .map(|f| JsonFile {
                path: &f.path,
                size: f.size,
                sha256: f.sha256.hex(),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&summary).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_names_are_file_safe() {
        assert_eq!(
            archive_name("OX App Suite", "7.10.6", "1"),
            "OX_App_Suite-7.10.6-1.app.zip"
        );
        assert_eq!(
            archive_name("a/b:c", "1.0~rc", "2 beta"),
            "a_b_c-1.0_rc-2_beta.app.zip"
        );
        assert_eq!(archive_name("Café", "1", "1"), "Caf_-1-1.app.zip");
    }

    #[test]
    fn json_summary_shape() {
        use crate::archive::write::WrittenFile;
        use crate::tree::Digest;
        let w = Written {
            path: "dist/A-1-1.app.zip".into(),
            checksum_path: "dist/A-1-1.app.zip.sha256".into(),
            size: 42,
            sha256: Digest::of(b"zip"),
            files: vec![WrittenFile {
                path: "APP-META.xml".into(),
                size: 3,
                sha256: Digest::of(b"abc"),
                deflated: false,
            }],
        };
        let v: serde_json::Value = serde_json::from_str(&json(&w)).expect("json");
        assert_eq!(
            v,
            serde_json::json!({
                "package": "dist/A-1-1.app.zip",
                "size": 42,
                "sha256": Digest::of(b"zip").hex(),
                "files": [{"path": "APP-META.xml", "size": 3, "sha256": Digest::of(b"abc").hex()}]
            })
        );
        let keys: Vec<_> = v.as_object().expect("object").keys().cloned().collect();
        assert_eq!(keys, ["package", "size", "sha256", "files"]);
        let h = human(&w);
        assert!(
            h.contains("dist/A-1-1.app.zip") && h.contains("42 bytes"),
            "{h}"
        );
        assert!(h.contains(&Digest::of(b"zip").hex()), "{h}");
    }

    static RULE: crate::lint::Rule = crate::lint::Rule {
        code: "APS9999",
        name: "test-rule",
        severity: Severity::Warning,
        lowered: &[],
        vendor_code: None,
        summary: "a rule for this test",
        doc: crate::lint::RuleDoc {
            what: "",
            why: "",
            example: "",
            fix: "",
        },
    };

    #[test]
    fn findings_print_their_location_when_known() {
        let rule = &RULE;
        let mut f = Finding::new(rule, "broken").in_file("APP-META.xml");
        f.line = Some(3);
        f.column = Some(7);
        assert_eq!(
            finding_line(&f, false),
            "APP-META.xml:3:7: warning APS9999 test-rule: broken"
        );
        f.column = None;
        assert_eq!(
            finding_line(&f, false),
            "APP-META.xml:3: warning APS9999 test-rule: broken"
        );
        let g = Finding::new(rule, "whole");
        assert_eq!(finding_line(&g, false), "warning APS9999 test-rule: whole");
        assert_eq!(
            finding_line(&g, true),
            "\x1b[1;33mwarning\x1b[0m APS9999 test-rule: whole"
        );
    }
}

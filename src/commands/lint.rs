//! `apspack lint`: open each target, lint it, apply the configuration, render every target in
//! one report.
//!
//! Exit status: 0 when no error-level finding remains (after configuration and `--strict`),
//! 1 when some does, 2 when a target could not be opened or configured (the others are still
//! linted and reported) or `--config` is bad. Fatal errors go to stderr; the report to stdout.

use std::io::Write;
use std::path::Path;

use super::{Failure, Outcome, Ui, epoch, print, show};
use crate::cli::{LintArgs, LintFormat};
use crate::epoch::Epoch;
use crate::lint::{self, config};
use crate::progress::Progress;
use crate::report::{self, Report, TargetReport, human};

/// Runs `apspack lint`.
pub fn run(args: &LintArgs, ui: Ui, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    run_with(args, ui, &crate::progress::Silent, out, err)
}

/// Runs `apspack lint`, reporting each target to `progress`.
pub fn run_with(
    args: &LintArgs,
    ui: Ui,
    progress: &dyn Progress,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let explicit = match &args.config {
        Some(path) => config::load(path, config::Shape::Explicit)?,
        None => None,
    };
    let epoch = epoch(None)?;
    let jobs = args
        .jobs
        .map_or_else(crate::archive::default_jobs, usize::from);
    let mut targets = Vec::with_capacity(args.paths.len());
    progress.phase("linting", Some(args.paths.len() as u64));
    for path in &args.paths {
        progress.note(&format!("linting {}", path.display()));
        targets.push(
            match lint_target(path, epoch, explicit.as_ref(), args.strict, jobs) {
                Ok(target) => target,
                Err((why, failure)) => {
                    show(err, ui, &failure);
                    TargetReport::failed(path.display().to_string(), why)
                }
            },
        );
        progress.step(&path.display().to_string());
    }
    progress.done();
    finish(&Report::new(targets), args.format, ui, out)
}

/// Lints one target; a load or configuration failure comes back as the line the report records
/// and the failure to show, while the other targets are still linted.
fn lint_target(
    path: &Path,
    epoch: Epoch,
    explicit: Option<&config::LintConfig>,
    strict: bool,
    jobs: usize,
) -> Result<TargetReport, (String, Failure)> {
    let failed = |e: String, f: Failure| (e, f);
    let tree =
        crate::load::open_with(path, epoch, jobs).map_err(|e| failed(e.to_string(), e.into()))?;
    let discovered;
    let cfg = match explicit {
        Some(cfg) => cfg,
        None => {
            discovered = config::discover(&tree.origin)
                .map_err(|e| failed(e.to_string(), e.into()))?
                .unwrap_or_default();
            &discovered
        }
    };
    let findings = cfg.apply(lint::lint_capped(&tree, cfg.max_per_file()), strict);
    Ok(TargetReport::linted(
        path.display().to_string(),
        &tree,
        findings,
    ))
}

/// Renders `report` in `format` to `out` and returns the run's status.
pub(super) fn finish(report: &Report, format: LintFormat, ui: Ui, out: &mut dyn Write) -> Outcome {
    let text = match format {
        LintFormat::Human => human::render(
            report,
            human::Style {
                color: ui.color_out,
            },
        ),
        LintFormat::Json => report::json::render(report),
        LintFormat::Sarif => report::sarif::render(report),
        LintFormat::Github => report::github::render(report),
        LintFormat::Junit => report::junit::render(report),
    };
    print(out, &text, "the report")?;
    Ok(report.status())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;
    use crate::commands::conclude;

    /// `run` and its failure rendered, as `dispatch` does.
    fn run_status(args: &LintArgs, ui: Ui, out: &mut dyn Write, err: &mut dyn Write) -> Status {
        let outcome = run(args, ui, out, err);
        conclude(outcome, ui, err)
    }
    use crate::lint::{Finding, Severity};
    use crate::report::fixtures;
    use std::path::PathBuf;

    const PLAIN: Ui = Ui::PLAIN;

    fn args(paths: Vec<PathBuf>, format: LintFormat, strict: bool) -> LintArgs {
        LintArgs {
            paths,
            format,
            strict,
            config: None,
            jobs: None,
        }
    }

    /// A copy of the clean fixture package, with an optional `.apspack.toml`.
    fn package(dir: &Path, config: Option<&str>) -> PathBuf {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/clean");
        let pkg = dir.join("pkg");
        for item in walkdir::WalkDir::new(&from) {
            let item = item.unwrap();
            let to = pkg.join(item.path().strip_prefix(&from).unwrap());
            if item.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(item.path(), &to).unwrap();
            }
        }
        if let Some(c) = config {
            std::fs::write(pkg.join(".apspack.toml"), c).unwrap();
        }
        pkg
    }

    fn status_of(findings: Vec<Finding>, strict: bool) -> Status {
        let t = TargetReport {
            findings: config::LintConfig::default().apply(findings, strict),
            ..fixtures::report().targets[0].clone()
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        conclude(
            finish(&Report::new(vec![t]), LintFormat::Json, PLAIN, &mut out),
            PLAIN,
            &mut err,
        )
    }

    #[test]
    fn exit_status_follows_severities_and_strict() {
        let warning = Finding::new(&fixtures::JUNK, "junk");
        let error = Finding::new(&fixtures::MISSING, "missing");
        let info = Finding::new(&fixtures::ZIP, "zip");
        assert_eq!(status_of(vec![], false), Status::Ok);
        assert_eq!(
            status_of(vec![warning.clone(), info.clone()], false),
            Status::Ok
        );
        assert_eq!(
            status_of(vec![warning.clone(), info.clone()], true),
            Status::Findings
        );
        assert_eq!(status_of(vec![info], true), Status::Ok);
        assert_eq!(status_of(vec![error], false), Status::Findings);
        let mut demoted = Finding::new(&fixtures::MISSING, "missing");
        demoted.severity = Severity::Warning;
        assert_eq!(status_of(vec![demoted], false), Status::Ok);
    }

    #[test]
    fn a_failed_target_is_fatal_but_the_others_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = package(dir.path(), None);
        let missing = dir.path().join("nothing-here");
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = run_status(
            &args(vec![missing, pkg.clone()], LintFormat::Json, false),
            PLAIN,
            &mut out,
            &mut err,
        );
        assert_eq!(status, Status::Fatal);
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert!(
            v["targets"][0]["error"]
                .as_str()
                .unwrap()
                .contains("nothing-here")
        );
        assert_eq!(v["targets"][1]["path"], pkg.display().to_string());
        assert_eq!(v["targets"][1]["aps_version"], "2.0");
        assert!(String::from_utf8_lossy(&err).contains("nothing-here"));
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = run_status(
            &args(vec![pkg], LintFormat::Human, false),
            PLAIN,
            &mut out,
            &mut err,
        );
        assert_eq!(status, Status::Ok, "{}", String::from_utf8_lossy(&err));
        assert!(String::from_utf8_lossy(&out).ends_with("in 1 target\n"));
    }

    #[test]
    fn the_report_is_coloured_by_stdout_alone() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = package(dir.path(), None);
        let pkg_args = args(vec![pkg], LintFormat::Human, false);
        let render = |ui: Ui| {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let r = Report::new(vec![TargetReport {
                findings: vec![Finding::new(&fixtures::JUNK, "junk")],
                ..fixtures::report().targets[0].clone()
            }]);
            conclude(finish(&r, LintFormat::Human, ui, &mut out), ui, &mut err);
            out
        };
        let only_err = Ui {
            color_out: false,
            color_err: true,
        };
        let only_out = Ui {
            color_out: true,
            color_err: false,
        };
        assert!(!render(only_err).contains(&0x1b));
        assert!(render(only_out).contains(&0x1b));
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(
            run_status(&pkg_args, only_err, &mut out, &mut err),
            Status::Ok
        );
        assert!(!out.contains(&0x1b));
    }

    #[test]
    fn bad_configuration_is_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = package(dir.path(), Some("[lint]\nallow = [\"no-such-rule\"]\n"));
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = run_status(
            &args(vec![pkg.clone()], LintFormat::Json, false),
            PLAIN,
            &mut out,
            &mut err,
        );
        assert_eq!(status, Status::Fatal);
        let shown = String::from_utf8_lossy(&err).to_string();
        assert!(shown.contains("unknown rule `no-such-rule`"), "{shown}");
        assert!(shown.contains(".apspack.toml:2:10"), "{shown}");

        let cfg = dir.path().join("cfg.toml");
        std::fs::write(&cfg, "[lint.severity]\nX = \"loud\"\n").unwrap();
        let mut a = args(vec![pkg], LintFormat::Json, false);
        a.config = Some(cfg);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(run_status(&a, PLAIN, &mut out, &mut err), Status::Fatal);
        assert!(out.is_empty());
        assert!(String::from_utf8_lossy(&err).contains("cfg.toml:2:1"));
    }

    #[test]
    fn a_closed_pipe_is_not_a_failure() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let r = Report::new(vec![]);
        let mut err = Vec::new();
        assert_eq!(
            conclude(
                finish(&r, LintFormat::Sarif, PLAIN, &mut Closed),
                PLAIN,
                &mut err
            ),
            Status::Ok
        );
        assert!(err.is_empty());
    }
}

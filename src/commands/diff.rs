//! `apspack diff OLD NEW`: is NEW a safe upgrade of the installed OLD? Both are opened like lint
//! targets (a `.app.zip`, a package directory or a project), compared by [`crate::lint::upgrade`], and
//! the findings rendered in the lint formats as one target, NEW, whose files they point into.
//!
//! Configuration: `--config FILE`, else NEW's own (`[lint]` of a project, `.apspack.toml`
//! beside a directory or an archive). Exit status: 0 when the upgrade is safe (no error-level
//! finding after configuration and `--strict`), 1 when it is not, 2 when a package cannot be
//! opened or the configuration is bad.

use std::io::Write;

use super::lint::finish;
use super::{Outcome, Ui, epoch, show};
use crate::cli::DiffArgs;
use crate::lint::config;
use crate::report::{Report, TargetReport};

/// Runs `apspack diff`.
pub fn run(args: &DiffArgs, ui: Ui, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let explicit = match &args.config {
        Some(path) => config::load(path, config::Shape::Explicit)?,
        None => None,
    };
    let epoch = epoch(None)?;
    let shown = args.new.display().to_string();
    let rules = crate::lint::upgrade::rules::RULES.to_vec();
    let opened = crate::load::open(&args.old, epoch)
        .and_then(|old| Ok((old, crate::load::open(&args.new, epoch)?)));
    let (old, new) = match opened {
        Ok(pair) => pair,
        Err(e) => {
            let failed = TargetReport::failed(shown, e.to_string());
            show(err, ui, &e.into());
            finish(&Report::of(vec![failed], rules), args.format, ui, out)?;
            return Ok(crate::Status::Fatal);
        }
    };
    let cfg = match explicit {
        Some(cfg) => cfg,
        None => config::discover(&new.origin)?.unwrap_or_default(),
    };
    let findings = cfg.apply(crate::lint::upgrade::compare(&old, &new), args.strict);
    let target = TargetReport::linted(shown, &new, findings);
    finish(&Report::of(vec![target], rules), args.format, ui, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;
    use crate::cli::LintFormat;
    use crate::lint::testkit::{META, clean, relist};
    use crate::tree::{Entry, Origin, PackageTree};
    use std::path::{Path, PathBuf};

    fn write(tree: &PackageTree, dir: &Path) -> PathBuf {
        for e in tree.files() {
            let p = dir.join(&e.path);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(&p, e.bytes().expect("in memory")).expect("write");
        }
        dir.to_path_buf()
    }

    fn args(old: PathBuf, new: PathBuf, format: LintFormat) -> DiffArgs {
        DiffArgs {
            old,
            new,
            format,
            strict: false,
            config: None,
        }
    }

    fn run_diff(a: &DiffArgs) -> (Status, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let outcome = run(a, Ui::PLAIN, &mut out, &mut err);
        let status = crate::commands::conclude(outcome, Ui::PLAIN, &mut err);
        (
            status,
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
        )
    }

    #[test]
    fn safe_unsafe_and_unreadable() {
        let dir = tempfile::tempdir().expect("tempdir");
        let old = write(&clean(), &dir.path().join("old"));
        let mut next = PackageTree::new(Origin::Directory("x".into()));
        for e in clean().files() {
            next.push(e.clone());
        }
        next.insert(Entry::memory(
            "APP-META.xml",
            META.replacen("<release>1</release>", "<release>2</release>", 1)
                .into_bytes(),
        ));
        relist(&mut next);
        let new = write(&next, &dir.path().join("new"));

        let (status, out, err) = run_diff(&args(old.clone(), new.clone(), LintFormat::Json));
        assert_eq!(status, Status::Ok, "{out}{err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v["targets"][0]["path"], new.display().to_string());

        let (status, out, _) = run_diff(&args(new.clone(), old.clone(), LintFormat::Human));
        assert_eq!(status, Status::Findings, "a lower release is no upgrade");
        assert!(out.contains("APS1103"), "{out}");

        let (status, _, err) = run_diff(&args(dir.path().join("missing"), new, LintFormat::Json));
        assert_eq!(status, Status::Fatal);
        assert!(err.contains("missing"), "{err}");

        std::fs::write(old.join(".apspack.toml"), "[lint]\nallow = [\"APS1103\"]\n")
            .expect("config");
        let mut a = args(old.clone(), old.clone(), LintFormat::Json);
        assert_eq!(run_diff(&a).0, Status::Ok, "NEW's configuration applies");
        let cfg = dir.path().join("strict.toml");
        std::fs::write(&cfg, "[lint.severity]\nAPS1103 = \"warning\"\n").expect("config");
        a.config = Some(cfg);
        assert_eq!(run_diff(&a).0, Status::Ok);
        a.strict = true;
        assert_eq!(
            run_diff(&a).0,
            Status::Findings,
            "--strict makes the warning fail"
        );
    }
}

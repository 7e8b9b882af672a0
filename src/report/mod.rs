//! Renderers of lint results: human (miette), json, sarif, github, junit; and of errors (`error`).
//!
//! A [`Report`] holds, per target, the findings left after configuration (and `--strict`), the
//! in-memory bytes of the files they point into (for snippets), or the fatal load error. Each
//! renderer turns a report into one string; commands decide where it goes.

pub mod error;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::Status;
use crate::lint::{self, Finding, Rule, Severity};
use crate::tree::{Origin, PackageTree};

/// The tool's name in machine-readable reports.
pub const TOOL_NAME: &str = "apspack";
/// The tool's version in machine-readable reports.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
/// Where to learn about the tool.
pub const TOOL_URI: &str = "https://crates.io/crates/apspack";

/// What kind of thing a target turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// A `.app.zip`: its files exist only inside the archive.
    Archive,
    /// A package directory: its files are on disk under the target path.
    Directory,
    /// A project (`aps.toml`): files are generated or copied from under the target path.
    Project,
}

impl TargetKind {
    /// The kind of a loaded tree's origin.
    pub fn of(origin: &Origin) -> TargetKind {
        match origin {
            Origin::Archive(_) => TargetKind::Archive,
            Origin::Directory(_) => TargetKind::Directory,
            Origin::Project(_) => TargetKind::Project,
        }
    }
}

/// The outcome of linting one target.
#[derive(Debug, Clone)]
pub struct TargetReport {
    /// The path as the user gave it.
    pub path: String,
    /// What the target was, when it could be opened.
    pub kind: Option<TargetKind>,
    /// The `version` attribute of APP-META.xml's root, as written.
    pub aps_version: Option<String>,
    /// Findings after configuration, sorted by file, line, column and code.
    pub findings: Vec<Finding>,
    /// In-memory bytes of the files that findings point into.
    pub sources: BTreeMap<String, Arc<[u8]>>,
    /// Why the target could not be linted at all.
    pub error: Option<String>,
}

impl TargetReport {
    /// A linted target: keeps the bytes of every file a finding with a span points into.
    pub fn linted(path: impl Into<String>, tree: &PackageTree, findings: Vec<Finding>) -> Self {
        let mut sources = BTreeMap::new();
        for f in &findings {
            if let (Some(file), Some(_)) = (&f.file, &f.span)
                && !sources.contains_key(file)
                && let Some(bytes) = tree.text(file)
            {
                sources.insert(file.clone(), bytes);
            }
        }
        let aps_version = tree
            .bytes(crate::aps::APP_META)
            .and_then(|b| crate::xml::root_attr(b, "version"));
        TargetReport {
            path: path.into(),
            kind: Some(TargetKind::of(&tree.origin)),
            aps_version,
            findings,
            sources,
            error: None,
        }
    }

    /// A target that could not be opened or configured.
    pub fn failed(path: impl Into<String>, error: impl Into<String>) -> Self {
        TargetReport {
            path: path.into(),
            kind: None,
            aps_version: None,
            findings: Vec::new(),
            sources: BTreeMap::new(),
            error: Some(error.into()),
        }
    }

    /// The path of `file` as the user's repository sees it: the target path joined with the
    /// package path for directories, and for files a project copies as they are; the archive
    /// for archive members, and the project's `aps.toml` for files a project generates.
    pub fn repo_path(&self, file: Option<&str>) -> String {
        match (self.kind, file) {
            (_, None) | (Some(TargetKind::Archive), _) => self.path.clone(),
            (Some(TargetKind::Project), Some(f)) if is_generated(f) => {
                join(&self.path, crate::aps::MANIFEST)
            }
            (_, Some(f)) => join(&self.path, f),
        }
    }

    /// True when `file`'s line and column refer to the file at [`Self::repo_path`], so a
    /// position can be given; false for archive members and generated project files.
    pub fn is_local(&self, file: Option<&str>) -> bool {
        match (self.kind, file) {
            (Some(TargetKind::Archive), _) => false,
            (Some(TargetKind::Project), Some(f)) => !is_generated(f),
            _ => true,
        }
    }
}

/// Files a project generates from `aps.toml` rather than copies.
fn is_generated(path: &str) -> bool {
    path == crate::aps::APP_META
        || path == crate::aps::APP_LIST
        || (path.starts_with("schemas/") && path.ends_with(".schema"))
}

/// `base/rel` with `/`, without doubling separators or a leading `./`.
fn join(base: &str, rel: &str) -> String {
    let base = base.trim_end_matches(['/', '\\']);
    if base.is_empty() || base == "." {
        rel.to_string()
    } else {
        format!("{base}/{rel}")
    }
}

/// Counts over a whole report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Targets named.
    pub targets: usize,
    /// Targets that could not be linted.
    pub failed: usize,
    /// Error-level findings.
    pub errors: usize,
    /// Warning-level findings.
    pub warnings: usize,
    /// Info-level findings.
    pub infos: usize,
}

impl Summary {
    /// `1 error, 2 warnings, 0 infos in 1 target`.
    pub fn counts(&self) -> String {
        format!(
            "{}, {}, {} in {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.infos, "info"),
            plural(self.targets, "target")
        )
    }
}

/// Everything one `lint` run found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// One entry per target, in the order given.
    pub targets: Vec<TargetReport>,
    /// The rules that ran on every target (JUnit and SARIF list them all).
    pub ran: Vec<&'static Rule>,
}

impl Report {
    /// A lint report over `targets`, every rule of `lint` having run.
    pub fn new(targets: Vec<TargetReport>) -> Report {
        Report::of(targets, lint::lint_rules())
    }

    /// A report over `targets` from a run of the rules `ran` (for `diff`, the upgrade rules).
    pub fn of(targets: Vec<TargetReport>, mut ran: Vec<&'static Rule>) -> Report {
        ran.sort_by_key(|r| r.code);
        Report { targets, ran }
    }

    /// Counts findings by severity and failed targets.
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            targets: self.targets.len(),
            ..Summary::default()
        };
        for t in &self.targets {
            if t.error.is_some() {
                s.failed += 1;
            }
            for f in &t.findings {
                match f.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Info => s.infos += 1,
                }
            }
        }
        s
    }

    /// Fatal if a target failed, else Findings if any error-level finding, else Ok.
    /// (`--strict` has already turned warnings into errors.)
    pub fn status(&self) -> Status {
        let s = self.summary();
        if s.failed > 0 {
            Status::Fatal
        } else if s.errors > 0 {
            Status::Findings
        } else {
            Status::Ok
        }
    }

    /// The rules that ran, plus any rule a finding names that they lack; sorted by code.
    pub fn rules(&self) -> Vec<&'static Rule> {
        let mut rules = self.ran.clone();
        for t in &self.targets {
            for f in &t.findings {
                if !rules.iter().any(|r| r.code == f.rule.code) {
                    rules.push(f.rule);
                }
            }
        }
        rules.sort_by_key(|r| r.code);
        rules
    }
}

/// The help text of a finding: its own, else the rule's fix.
pub fn help_of(f: &Finding) -> &str {
    f.help.as_deref().unwrap_or(f.rule.doc.fix)
}

/// `v` as pretty-printed JSON with a trailing newline.
fn pretty_json(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// `1 error`, `2 errors`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Hand-made findings for renderer tests.

    use super::*;
    use crate::lint::RuleDoc;

    pub static MISSING: Rule = Rule {
        code: "APS0301",
        name: "referenced-file-missing",
        severity: Severity::Error,
        lowered: &[],
        vendor_code: Some("aps030"),
        summary: "A file referenced from APP-META.xml is not in the package",
        doc: RuleDoc {
            what: "Every file APP-META.xml references must be in the package.",
            why: "The importer rejects the package (vendor code aps030).",
            example: "<view id=\"x\" src=\"ui/x.html\"/>",
            fix: "Add the file or correct the path.",
        },
    };
    pub static JUNK: Rule = Rule {
        code: "APS0801",
        name: "hygiene-junk-file",
        severity: Severity::Warning,
        lowered: &[],
        vendor_code: None,
        summary: "An editor or OS leftover is packaged",
        doc: RuleDoc {
            what: "Files like .DS_Store or *~ should not ship.",
            why: "They bloat the package and leak details.",
            example: "ui/.DS_Store",
            fix: "Delete the file or exclude it.",
        },
    };
    pub static ZIP: Rule = Rule {
        code: "APS0701",
        name: "archive-comment",
        severity: Severity::Info,
        lowered: &[],
        vendor_code: None,
        summary: "The archive has a comment",
        doc: RuleDoc {
            what: "w",
            why: "y",
            example: "e",
            fix: "Rebuild without a comment.",
        },
    };

    pub const META: &str = "<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n  <view id=\"x\" src=\"ui/x.html\"/>\n</application>\n";

    /// A directory target with an error (snippet), a warning (with a comma and colon in its
    /// path) and an info without a file; an archive target with one error; a failed target.
    /// One target whose APP-META.xml has `lines` lines, each with one finding (column 13).
    pub fn many_findings(lines: u32) -> Report {
        let mut r = report();
        r.targets.truncate(1);
        let t = &mut r.targets[0];
        let text: String = (0..lines)
            .map(|i| format!("<file name=\"f{i:05}\"/>\n"))
            .collect();
        let line_len = "<file name=\"f00000\"/>\n".len();
        let template = t.findings[0].clone();
        t.findings = (0..lines)
            .map(|i| {
                let at = i as usize * line_len + "<file name=\"".len();
                let mut f = template.clone();
                f.line = Some(i + 1);
                f.column = Some(13);
                f.span = Some(at..at + 6);
                f
            })
            .collect();
        t.sources
            .insert("APP-META.xml".to_string(), text.into_bytes().into());
        r
    }

    pub fn report() -> Report {
        let start = META.find("ui/x.html").unwrap_or(0);
        let span = start..start + "ui/x.html".len();
        let mut missing =
            Finding::new(&MISSING, "'ui/x.html' is referenced but not in the package")
                .in_file("APP-META.xml");
        missing.line = Some(2);
        missing.column = Some(21);
        missing.span = Some(span);
        let junk = Finding::new(&JUNK, "junk file \"a,b:c%.txt\"\nsecond line")
            .in_file("ui/a,b:c%.txt")
            .help("delete it");
        let info = Finding::new(&ZIP, "archive comment <none> & more");
        let mut sources = BTreeMap::new();
        sources.insert("APP-META.xml".to_string(), META.as_bytes().into());
        let dir = TargetReport {
            path: "pkgs/app".to_string(),
            kind: Some(TargetKind::Directory),
            aps_version: Some("2.0".to_string()),
            findings: vec![missing.clone(), info, junk],
            sources,
            error: None,
        };
        let mut zipped = missing;
        zipped.span = None;
        let archive = TargetReport {
            path: "dist/App-1.0-1.app.zip".to_string(),
            kind: Some(TargetKind::Archive),
            aps_version: Some("2.0".to_string()),
            findings: vec![zipped],
            sources: BTreeMap::new(),
            error: None,
        };
        let failed = TargetReport::failed("missing/dir", "missing/dir: not a package directory");
        Report {
            targets: vec![dir, archive, failed],
            ran: vec![&MISSING, &ZIP, &JUNK],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_status_and_paths() {
        let r = fixtures::report();
        let s = r.summary();
        assert_eq!(
            (s.targets, s.failed, s.errors, s.warnings, s.infos),
            (3, 1, 2, 1, 1)
        );
        assert_eq!(r.status(), Status::Fatal);
        let ok = Report::new(vec![r.targets[1].clone()]);
        assert_eq!(ok.status(), Status::Findings);
        let mut quiet = r.targets[0].clone();
        quiet.findings.retain(|f| f.severity != Severity::Error);
        assert_eq!(Report::new(vec![quiet]).status(), Status::Ok);
        assert_eq!(r.targets[0].repo_path(Some("ui/x")), "pkgs/app/ui/x");
        assert_eq!(
            r.targets[1].repo_path(Some("ui/x")),
            "dist/App-1.0-1.app.zip"
        );
        let mut project = r.targets[0].clone();
        project.kind = Some(TargetKind::Project);
        assert_eq!(project.repo_path(Some("APP-META.xml")), "pkgs/app/aps.toml");
        assert_eq!(
            project.repo_path(Some("schemas/a.schema")),
            "pkgs/app/aps.toml"
        );
        assert!(!project.is_local(Some("schemas/a.schema")));
        assert_eq!(project.repo_path(Some("ui/a.js")), "pkgs/app/ui/a.js");
        assert!(project.is_local(Some("ui/a.js")));
        assert!(!r.targets[1].is_local(Some("ui/a.js")));
        assert_eq!(join("./", "a"), "a");
        assert_eq!(join("p/", "a"), "p/a");
        let codes: Vec<_> = r.rules().iter().map(|r| r.code).collect();
        for c in ["APS0301", "APS0701", "APS0801"] {
            assert!(codes.contains(&c));
        }
    }

    #[test]
    fn linted_targets_keep_sources_and_version() {
        use crate::tree::Entry;
        let mut tree = PackageTree::new(Origin::Directory("p".into()));
        tree.push(Entry::memory(
            "APP-META.xml",
            fixtures::META.as_bytes().to_vec(),
        ));
        let mut f = Finding::new(&fixtures::MISSING, "m").in_file("APP-META.xml");
        f.span = Some(0..1);
        let t = TargetReport::linted("p", &tree, vec![f]);
        assert_eq!(t.aps_version.as_deref(), Some("2.0"));
        assert!(t.sources.contains_key("APP-META.xml"));
        assert_eq!(t.kind, Some(TargetKind::Directory));
    }
}

//! Lint configuration: per-rule severity overrides and allows, from `[lint]` tables.
//!
//! ```toml
//! [lint]
//! allow = ["APS0803", "junk-file", "aps030"]  # rule codes, names or vendor aliases
//! max-findings-per-file = 100                 # per rule and file; the rest are summed up
//!
//! [lint.severity]
//! APS0204 = "error"                          # error | warning | info | allow
//! ```
//!
//! The table is read from `--config FILE` when given (it wins), else from the target's own place:
//! a project's `aps.toml`, a package directory's `.apspack.toml`, or the `.apspack.toml` in the
//! directory holding an archive. Unknown rules, unknown keys and bad values are errors with the
//! file, line and column. Applying a configuration drops allowed findings, sets overridden
//! severities, and then, under `--strict`, turns warnings into errors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{Finding, Severity, find_rule, suggest_rules};
use crate::aps::MANIFEST;
use crate::problems::{Collector, Problem, Problems};
use crate::tree::Origin;

/// Name of the per-package configuration file.
pub const CONFIG_FILE: &str = ".apspack.toml";

/// What the configuration says about one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Report at this severity.
    Report(Severity),
    /// Do not report.
    Allow,
}

impl Level {
    fn parse(s: &str) -> Option<Level> {
        match s {
            "error" => Some(Level::Report(Severity::Error)),
            "warning" => Some(Level::Report(Severity::Warning)),
            "info" => Some(Level::Report(Severity::Info)),
            "allow" => Some(Level::Allow),
            _ => None,
        }
    }
}

/// A validated lint configuration.
#[derive(Debug, Clone, Default)]
pub struct LintConfig {
    /// The file it came from (None for the empty default).
    pub source: Option<PathBuf>,
    levels: BTreeMap<&'static str, Level>,
    max_per_file: Option<usize>,
}

impl LintConfig {
    /// Most findings of one rule in one file to list (`max-findings-per-file`, else
    /// [`super::DEFAULT_MAX_PER_FILE`]).
    pub fn max_per_file(&self) -> usize {
        self.max_per_file.unwrap_or(super::DEFAULT_MAX_PER_FILE)
    }

    /// What the configuration sets for the rule with `code`, if anything.
    pub fn level(&self, code: &str) -> Option<Level> {
        self.levels.get(code).copied()
    }

    /// Applies the configuration to one target's findings: allowed rules are dropped,
    /// overridden severities set, and under `strict` warnings become errors.
    pub fn apply(&self, findings: Vec<Finding>, strict: bool) -> Vec<Finding> {
        findings
            .into_iter()
            .filter_map(|mut f| {
                match self.level(f.rule.code) {
                    Some(Level::Allow) => return None,
                    Some(Level::Report(s)) => f.severity = s,
                    None => {}
                }
                if strict && f.severity == Severity::Warning {
                    f.severity = Severity::Error;
                }
                Some(f)
            })
            .collect()
    }
}

/// A configuration file that could not be read or is invalid; lists every problem found.
pub type ConfigError = Problems;

/// What to do when a configuration file cannot be read.
const READABLE: &str = "pass a readable TOML file";
/// What to do once the problems of a configuration are fixed.
const NEXT_STEP: &str = "fix the configuration and run again";

/// Which file shape is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `--config FILE`: must have a `[lint]` table and nothing else.
    Explicit,
    /// `.apspack.toml`: may lack `[lint]`, must have nothing else.
    PackageFile,
    /// `aps.toml`: other tables belong to the manifest and are ignored here.
    Manifest,
}

#[derive(Deserialize)]
struct ManifestShape {
    lint: Option<Spanned<LintShape>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictShape {
    lint: Option<Spanned<LintShape>>,
}

/// `.apspack.toml`: `[lint]` and, for classic builds, `[files]`; each reader checks its own
/// table (`L` or `F`) and takes the other as any TOML value.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackageFileShape<L, F> {
    lint: Option<L>,
    files: Option<F>,
}

/// `.apspack.toml` read for its `[lint]` table.
type PackageShape = PackageFileShape<Spanned<LintShape>, toml::Value>;
/// `.apspack.toml` read for its `[files]` table.
type FilesOnly = PackageFileShape<toml::Value, Spanned<FilesShape>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FilesShape {
    include: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
}

/// `[files]` of an `.apspack.toml`: the include globs when given, and the exclude globs.
pub type PackageFiles = (Option<Vec<String>>, Vec<String>);

/// A TOML error (syntax, an unknown key, a wrong type) as the file's one problem.
fn syntax(path: &Path, text: &str, e: &toml::de::Error) -> ConfigError {
    let mut c = Collector::new(text);
    let msg = e.message().trim().to_string();
    match e.span() {
        Some(span) => c.error(span, msg, ""),
        None => c.problems.push(Problem::whole_file(msg, "")),
    }
    Problems::in_text(path, text, c.problems, NEXT_STEP)
}

/// The `[files]` table of an `.apspack.toml` (`include` and `exclude` globs), checked: unknown
/// keys and globs that do not compile are errors with their line and column. `Ok(None)` when the
/// file has no `[files]` table.
pub fn package_files(path: &Path, text: &str) -> Result<Option<PackageFiles>, ConfigError> {
    let mut c = Collector::new(text);
    let fail = |c: Collector| Err(Problems::in_text(path, text, c.problems, NEXT_STEP));
    let files = toml::from_str::<FilesOnly>(text)
        .map_err(|e| syntax(path, text, &e))?
        .files;
    let Some(files) = files else {
        return Ok(None);
    };
    let files = files.into_inner();
    let mut check = |globs: &[Spanned<String>]| -> Vec<String> {
        for g in globs {
            if let Err(e) = crate::manifest::files::compile(g.get_ref()) {
                c.error(
                    g.span(),
                    format!("`{}` is not a valid glob: {}", g.get_ref(), e.kind()),
                    "",
                );
            }
        }
        globs.iter().map(|g| g.get_ref().clone()).collect()
    };
    let include = files.include.as_deref().map(&mut check);
    let exclude = check(&files.exclude);
    if c.problems.is_empty() {
        Ok(Some((include, exclude)))
    } else {
        fail(c)
    }
}

/// Reads a package's `.apspack.toml` `[files]` table with [`package_files`]; `Ok(None)` when
/// there is no such file.
pub fn load_package_files(path: &Path) -> Result<Option<PackageFiles>, ConfigError> {
    match read_own(path)? {
        Some(text) => package_files(path, &text),
        None => Ok(None),
    }
}

/// Largest configuration file read (the metadata cap of a package).
pub const MAX_CONFIG_SIZE: u64 = crate::tree::MAX_METADATA_SIZE;

/// The text of a configuration file that belongs to a package or project (`.apspack.toml`,
/// `aps.toml`), `Ok(None)` when there is none. It is read only as a regular file inside its
/// directory: a link out of it (to /proc/self/environ, say) is refused with one line, and
/// nothing of its target is read or shown.
pub fn read_own(path: &Path) -> Result<Option<String>, ConfigError> {
    let (dir, name) = match (path.parent(), path.file_name().and_then(|n| n.to_str())) {
        (Some(dir), Some(name)) => (dir, name),
        _ => return Ok(None),
    };
    let bytes = match crate::inside::read(dir, name, MAX_CONFIG_SIZE) {
        Ok(bytes) => bytes,
        Err(crate::inside::InsideError::Missing { .. }) => return Ok(None),
        Err(e) => return Err(Problems::io(path, e.into_io(), OWN_FILE)),
    };
    String::from_utf8(bytes).map(Some).map_err(|_| {
        let e = std::io::Error::new(std::io::ErrorKind::InvalidData, "not valid UTF-8");
        Problems::io(path, e, OWN_FILE)
    })
}

/// What to do when a package's own configuration file cannot be read.
const OWN_FILE: &str = "make it a regular UTF-8 TOML file in that directory";

/// Reads a package's own configuration file of the given shape (see [`read_own`]).
pub fn load_own(path: &Path, shape: Shape) -> Result<Option<LintConfig>, ConfigError> {
    match read_own(path)? {
        Some(text) => parse(path, &text, shape),
        None => Ok(None),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LintShape {
    #[serde(default)]
    allow: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default, rename = "max-findings-per-file")]
    max_per_file: Option<Spanned<i64>>,
}

/// Parses configuration text; rules are named as [`find_rule`] finds them (code, name or vendor
/// alias). `Ok(None)` when the file has no `[lint]` table (allowed for `.apspack.toml` and
/// `aps.toml`).
pub fn parse(path: &Path, text: &str, shape: Shape) -> Result<Option<LintConfig>, ConfigError> {
    let mut c = Collector::new(text);
    let fail = |c: Collector| Err(Problems::in_text(path, text, c.problems, NEXT_STEP));
    let lint = match shape {
        Shape::Manifest => toml::from_str::<ManifestShape>(text).map(|s| s.lint),
        Shape::Explicit => toml::from_str::<StrictShape>(text).map(|s| s.lint),
        Shape::PackageFile => toml::from_str::<PackageShape>(text).map(|s| s.lint),
    };
    let lint = lint.map_err(|e| syntax(path, text, &e))?;
    let Some(lint) = lint else {
        if shape == Shape::Explicit {
            let help = "add a [lint] table with `allow` or `[lint.severity]`";
            c.problems
                .push(Problem::whole_file("no [lint] table in this file", help));
            return fail(c);
        }
        return Ok(None);
    };
    let lint = lint.into_inner();
    let mut levels: BTreeMap<&'static str, Level> = BTreeMap::new();
    let mut set_by: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut severity: Vec<_> = lint.severity.into_iter().collect();
    severity.sort_by_key(|(k, _)| k.span().start);
    for (key, value) in severity {
        let rule = find_rule(key.get_ref());
        let level = Level::parse(value.get_ref());
        match (rule, level) {
            (None, _) => c.error(key.span(), unknown_rule(key.get_ref()), ""),
            (Some(_), None) => c.error(
                value.span(),
                format!(
                    "`{}` is not a severity; use \"error\", \"warning\", \"info\" or \"allow\"",
                    value.get_ref()
                ),
                "",
            ),
            (Some(rule), Some(level)) => {
                if let Some(first) = set_by.get(rule.code) {
                    c.error(
                        key.span(),
                        format!("{} ({}) is already set by `{first}`", rule.code, rule.name),
                        "",
                    );
                } else {
                    set_by.insert(rule.code, key.get_ref().clone());
                    levels.insert(rule.code, level);
                }
            }
        }
    }
    for item in lint.allow {
        match find_rule(item.get_ref()) {
            Some(rule) => {
                levels.insert(rule.code, Level::Allow);
            }
            None => c.error(item.span(), unknown_rule(item.get_ref()), ""),
        }
    }
    let max_per_file = lint.max_per_file.and_then(|max| {
        let n = usize::try_from(*max.get_ref()).ok().filter(|n| *n >= 1);
        if n.is_none() {
            c.error(
                max.span(),
                format!(
                    "`max-findings-per-file` must be a whole number of at least 1, not {}",
                    max.get_ref()
                ),
                "",
            );
        }
        n
    });
    if c.problems.is_empty() {
        Ok(Some(LintConfig {
            source: Some(path.to_path_buf()),
            levels,
            max_per_file,
        }))
    } else {
        fail(c)
    }
}

fn unknown_rule(key: &str) -> String {
    let mut msg =
        format!("unknown rule `{key}` (use a rule code like APS0301, a name or an alias)");
    let close = suggest_rules(key);
    if !close.is_empty() {
        msg.push_str(&format!("; did you mean {}?", close.join(" or ")));
    }
    msg
}

/// Reads a configuration file of the given shape.
pub fn load(path: &Path, shape: Shape) -> Result<Option<LintConfig>, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| Problems::io(path, e, READABLE))?;
    parse(path, &text, shape)
}

/// Finds and reads the configuration that belongs to a target: a project's `aps.toml`, a
/// package directory's `.apspack.toml`, or the `.apspack.toml` beside an archive.
pub fn discover(origin: &Origin) -> Result<Option<LintConfig>, ConfigError> {
    let (path, shape) = match origin {
        Origin::Project(dir) => (dir.join(MANIFEST), Shape::Manifest),
        Origin::Directory(dir) => (dir.join(CONFIG_FILE), Shape::PackageFile),
        Origin::Archive(file) => {
            let parent = file.parent().filter(|p| !p.as_os_str().is_empty());
            (
                parent.unwrap_or(Path::new(".")).join(CONFIG_FILE),
                Shape::PackageFile,
            )
        }
    };
    load_own(&path, shape)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::hygiene::JUNK_FILE as JUNK;
    use crate::lint::references::REFERENCED_FILE_MISSING as MISSING;
    use crate::lint::values::EMPTY_HOMEPAGE as URL;

    fn parse(text: &str, shape: Shape) -> Result<Option<LintConfig>, ConfigError> {
        super::parse(Path::new("cfg.toml"), text, shape)
    }

    fn findings() -> Vec<Finding> {
        vec![
            Finding::new(&JUNK, "junk"),
            Finding::new(&URL, "url"),
            Finding::new(&MISSING, "missing"),
        ]
    }

    fn severities(f: &[Finding]) -> Vec<(&str, Severity)> {
        f.iter().map(|f| (f.rule.code, f.severity)).collect()
    }

    #[test]
    fn allow_and_severity_by_code_or_name() {
        let cfg = parse(
            "[lint]\nallow = [\"junk-file\"]\n[lint.severity]\naps0204 = \"error\"\nreferenced-file-missing = \"info\"\n",
            Shape::Explicit,
        )
        .unwrap()
        .unwrap();
        assert_eq!(cfg.level("APS0803"), Some(Level::Allow));
        let out = cfg.apply(findings(), false);
        assert_eq!(
            severities(&out),
            [("APS0204", Severity::Error), ("APS0301", Severity::Info)]
        );
    }

    #[test]
    fn strict_turns_warnings_into_errors_after_overrides() {
        let cfg = parse("[lint.severity]\nAPS0803 = \"info\"\n", Shape::PackageFile)
            .unwrap()
            .unwrap();
        let out = cfg.apply(findings(), true);
        assert_eq!(
            severities(&out),
            [
                ("APS0803", Severity::Info),
                ("APS0204", Severity::Error),
                ("APS0301", Severity::Error)
            ]
        );
        let plain = LintConfig::default().apply(findings(), false);
        assert_eq!(plain[1].severity, Severity::Warning);
    }

    #[test]
    fn unknown_rules_and_bad_values_are_reported_with_positions() {
        let text = "[lint]\nallow = [\"APS9999\"]\n[lint.severity]\nAPS0204 = \"fatal\"\nreferenced-file-mising = \"error\"\n";
        let e = parse(text, Shape::Explicit).unwrap_err();
        assert_eq!(e.problems().len(), 3, "{e}");
        let shown = e.to_string();
        assert!(
            shown.contains("cfg.toml:2:10: unknown rule `APS9999`"),
            "{shown}"
        );
        assert!(
            shown.contains("cfg.toml:4:11: `fatal` is not a severity"),
            "{shown}"
        );
        assert!(
            shown.contains("cfg.toml:5:1: unknown rule `referenced-file-mising`")
                && shown.contains("did you mean referenced-file-missing"),
            "{shown}"
        );
    }

    #[test]
    fn vendor_aliases_name_rules_too() {
        let text = "[lint]\nallow = [\"aps030\"]\n[lint.severity]\nAPS021 = \"error\"\n";
        let cfg = parse(text, Shape::Explicit).unwrap().unwrap();
        assert_eq!(cfg.level("APS0301"), Some(Level::Allow));
        assert_eq!(cfg.level("APS0204"), Some(Level::Report(Severity::Error)));
    }

    #[test]
    fn unknown_keys_and_syntax_errors_are_fatal() {
        let e = parse("[lint]\ndeny = []\n", Shape::Explicit).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("cfg.toml:2:1: unknown field `deny`"),
            "{e}"
        );
        let e = parse("[lint\n", Shape::Explicit).unwrap_err();
        assert!(e.problems()[0].position().is_some(), "{e}");
        let e = parse("[other]\n", Shape::PackageFile).unwrap_err();
        assert!(e.to_string().contains("unknown field `other`"), "{e}");
        let e = parse("", Shape::Explicit).unwrap_err();
        assert_eq!(e.to_string(), "cfg.toml: no [lint] table in this file");
        let e = parse(
            "[lint.severity]\nAPS0204 = \"error\"\nempty-homepage = \"info\"\n",
            Shape::Explicit,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("cfg.toml:3:1: APS0204 (empty-homepage) is already set by `APS0204`"),
            "{e}"
        );
    }

    #[test]
    fn manifests_ignore_other_tables_and_may_lack_lint() {
        assert!(
            parse("[package]\nname = \"x\"\n", Shape::Manifest)
                .unwrap()
                .is_none()
        );
        let cfg = parse(
            "[package]\nname = \"x\"\n[lint]\nallow = [\"APS0301\"]\n",
            Shape::Manifest,
        )
        .unwrap()
        .unwrap();
        assert!(
            cfg.apply(findings(), false)
                .iter()
                .all(|f| f.rule.code != "APS0301")
        );
    }

    #[test]
    fn discovery_follows_the_origin() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("pkg");
        std::fs::create_dir(&pkg).unwrap();
        assert!(discover(&Origin::Directory(pkg.clone())).unwrap().is_none());
        std::fs::write(pkg.join(CONFIG_FILE), "[lint]\nallow = [\"APS9999\"]\n").unwrap();
        let e = discover(&Origin::Directory(pkg.clone())).unwrap_err();
        assert_eq!(e.path(), pkg.join(CONFIG_FILE));
        std::fs::write(dir.path().join(CONFIG_FILE), "[lint]\n").unwrap();
        let cfg = discover(&Origin::Archive(dir.path().join("x.app.zip")))
            .unwrap()
            .unwrap();
        assert_eq!(
            cfg.source.as_deref(),
            Some(dir.path().join(CONFIG_FILE).as_path())
        );
        std::fs::write(pkg.join(MANIFEST), "[package]\n").unwrap();
        assert!(discover(&Origin::Project(pkg)).unwrap().is_none());
    }

    #[test]
    fn max_findings_per_file_is_read_and_checked() {
        let path = Path::new(".apspack.toml");
        let cfg = super::parse(
            path,
            "[lint]\nmax-findings-per-file = 7\n",
            Shape::PackageFile,
        )
        .unwrap()
        .unwrap();
        assert_eq!(cfg.max_per_file(), 7);
        assert_eq!(
            LintConfig::default().max_per_file(),
            crate::lint::DEFAULT_MAX_PER_FILE
        );
        for bad in ["0", "-3"] {
            let text = format!("[lint]\nmax-findings-per-file = {bad}\n");
            let e = super::parse(path, &text, Shape::PackageFile).unwrap_err();
            assert_eq!(e.problems()[0].position(), Some((2, 25)), "{e}");
            assert!(e.to_string().contains("at least 1"), "{e}");
        }
    }
}

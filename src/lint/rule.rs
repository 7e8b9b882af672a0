//! What the linter deals in: a [`Rule`] (code, name, severities, doc), its [`Severity`], and a
//! [`Finding`] of one rule in one package.

use std::ops::Range;

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational; never fails a run.
    Info,
    /// A real problem the platform tolerates; fails only under `--strict`.
    Warning,
    /// The importer would reject the package, or it cannot work.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The documentation of a rule, printed by `apspack explain`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleDoc {
    /// What the rule checks.
    pub what: &'static str,
    /// Why it matters (with the source: vendor doc, shipped packages).
    pub why: &'static str,
    /// A short failing example (XML, JSON or a path).
    pub example: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

/// One lint rule in the registry.
#[derive(Debug, Serialize)]
pub struct Rule {
    /// Stable code, `APS` and four digits.
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    /// Default severity: what a finding of the rule is in a built APS 2 package.
    pub severity: Severity,
    /// Where the rule reports at another severity, and which: the run applies
    /// [`When::SourceTree`] and [`When::Aps1Package`] itself; a rule body applies its
    /// [`When::Case`] with [`Finding::lowered`]. `explain` and `rules` show them all.
    pub lowered: &'static [Lowered],
    /// The vendor linter's code for the same check (`aps021`), when there is one.
    pub vendor_code: Option<&'static str>,
    /// One line: what a finding of this rule means.
    pub summary: &'static str,
    /// Full documentation.
    pub doc: RuleDoc,
}

/// Rules are the same when their codes are (codes are unique in the registry).
impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.code == other.code
    }
}

impl Eq for Rule {}

/// Where a rule reports at another severity than its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "when", content = "case")]
pub enum When {
    /// In an unbuilt source tree (a package directory or project, not a built archive).
    SourceTree,
    /// In an APS 1 package.
    Aps1Package,
    /// In one situation the rule finds itself, described.
    Case(&'static str),
}

impl When {
    /// The situation in words, for `explain` ("in a source tree").
    pub fn describe(self) -> &'static str {
        match self {
            When::SourceTree => "in a source tree",
            When::Aps1Package => "in an APS 1 package",
            When::Case(text) => text,
        }
    }
}

/// A rule's severity in one situation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Lowered {
    /// The situation.
    #[serde(flatten)]
    pub when: When,
    /// The severity there.
    pub severity: Severity,
}

/// A lowered severity: `to` [`When::SourceTree`], [`When::Aps1Package`] or a [`When::Case`].
pub const fn lowered(when: When, severity: Severity) -> Lowered {
    Lowered { when, severity }
}

impl Rule {
    /// The severity the rule declares for where `when` holds, if it declares one.
    pub fn severity_when(&self, when: When) -> Option<Severity> {
        self.lowered
            .iter()
            .find(|l| l.when == when)
            .map(|l| l.severity)
    }
}

/// One problem found in one package.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule that found it.
    pub rule: &'static Rule,
    /// Effective severity (the rule's default unless configuration changed it).
    pub severity: Severity,
    /// What is wrong, about this instance.
    pub message: String,
    /// Path inside the package (None for findings about the whole archive).
    pub file: Option<String>,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column, when known.
    pub column: Option<u32>,
    /// Byte range in `file`, for source snippets.
    pub span: Option<Range<usize>>,
    /// How to fix this instance. Renderers fall back to the rule's documented fix, so a rule
    /// whose fix quotes an example value (an id, a path, a version) must set this to the
    /// values of the instance: a fallback must never name another package's data.
    pub help: Option<String>,
}

impl Finding {
    /// A finding of `rule` at its default severity, about no particular file.
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: rule.severity,
            message: message.into(),
            file: None,
            line: None,
            column: None,
            span: None,
            help: None,
        }
    }

    /// About `file` as a whole.
    pub fn in_file(mut self, file: impl Into<String>) -> Finding {
        self.file = Some(file.into());
        self
    }

    /// At the severity the rule declares for its [`When::Case`]: the rule's body has found the
    /// situation its doc describes. A rule that declares no case keeps its severity.
    pub fn lowered(mut self) -> Finding {
        if let Some(l) = self
            .rule
            .lowered
            .iter()
            .find(|l| matches!(l.when, When::Case(_)))
        {
            self.severity = l.severity;
        }
        self
    }

    /// With a help text for this instance.
    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }
}

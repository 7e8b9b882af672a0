//! The linter: rule registry (codes, names, severities, docs), findings, and the run over a tree.
//!
//! Rules live in one file per family; each family exposes `RULES` (its registry entries) and
//! `check(&Context, &mut Vec<Finding>)`. Code ranges:
//!
//! | range   | family        | what                                                        |
//! |---------|---------------|-------------------------------------------------------------|
//! | APS01xx | `structure`   | APP-META.xml well-formedness, root, namespace, element order |
//! | APS02xx | `values`      | APP-META value formats: ids, versions, RQL, URLs, colours    |
//! | APS03xx | `references`  | referenced files, unbuilt trees, navigation, i18n, changelog |
//! | APS04xx | `schemas`     | one APS type JSON file at a time                            |
//! | APS05xx | `types`       | across files: service bindings, type ids, type resolution   |
//! | APS06xx | `applist`     | APP-LIST.xml                                                |
//! | APS07xx | `names`       | names and paths inside the package, archive members         |
//! | APS08xx | `hygiene`     | secrets, junk, security.json                                |
//! | APS09xx | `aps1`        | APS 1.x packages                                            |

pub mod applist;
pub mod aps1;
pub mod config;
#[cfg(test)]
mod fuzz_tests;
pub mod hygiene;
pub mod names;
pub mod references;
pub mod schemas;
pub mod structure;
#[cfg(test)]
pub mod testkit;
pub mod types;
pub mod values;

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::text::LineIndex;
use crate::tree::PackageTree;
use crate::typeschema::read::SchemaIndex;
use crate::xml;

/// The APS 2 APP-META namespace.
pub const NS_APS2: &str = "http://aps-standard.org/ns/2";
/// The APS 1 namespace (also used by APP-LIST.xml in APS 2 packages).
pub const NS_APS1: &str = "http://apstandard.com/ns/1";

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
    /// Default severity.
    pub severity: Severity,
    /// The vendor linter's code for the same check (`aps021`), when there is one.
    pub vendor_code: Option<&'static str>,
    /// One line: what a finding of this rule means.
    pub summary: &'static str,
    /// Full documentation.
    pub doc: RuleDoc,
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

    /// With a help text for this instance.
    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }
}

/// Which APS generation a package belongs to, from its APP-META.xml root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApsGeneration {
    /// `http://aps-standard.org/ns/2`.
    Aps2,
    /// `http://apstandard.com/ns/1`, or the un-namespaced flat APS 1.0 layout.
    Aps1,
    /// No APP-META.xml, a broken one, or an unknown root.
    Unknown,
}

/// What every rule sees: the tree plus APP-META.xml parsed once.
pub struct Context<'a> {
    /// The package.
    pub tree: &'a PackageTree,
    /// APP-META.xml parsed, when present and well-formed.
    pub meta: Option<xml::Document>,
    /// The parse error of APP-META.xml, when present but broken.
    pub meta_error: Option<xml::XmlError>,
    /// APS 1 or 2, from the root element.
    pub generation: ApsGeneration,
    /// The `version` attribute of the APP-META root, as written.
    pub aps_version: Option<String>,
    lines: RefCell<HashMap<String, LineIndex>>,
    schemas: OnceCell<SchemaIndex>,
}

/// Name of the metadata file.
pub const APP_META: &str = "APP-META.xml";

impl<'a> Context<'a> {
    /// Parses APP-META.xml (if any) and works out the APS generation.
    pub fn new(tree: &'a PackageTree) -> Context<'a> {
        let (meta, meta_error) = match tree.bytes(APP_META).map(xml::parse) {
            Some(Ok(doc)) => (Some(doc), None),
            Some(Err(e)) => (None, Some(e)),
            None => (None, None),
        };
        let generation = match &meta {
            Some(doc) if doc.root.name == "application" => match doc.root.ns.as_deref() {
                Some(NS_APS2) => ApsGeneration::Aps2,
                Some(NS_APS1) | None => ApsGeneration::Aps1,
                Some(_) => ApsGeneration::Unknown,
            },
            _ => ApsGeneration::Unknown,
        };
        let aps_version = meta
            .as_ref()
            .and_then(|d| d.root.attr("version"))
            .map(str::to_string);
        Context {
            tree,
            meta,
            meta_error,
            generation,
            aps_version,
            lines: RefCell::new(HashMap::new()),
            schemas: OnceCell::new(),
        }
    }

    /// The APP-META root element of an APS 2 package.
    pub fn aps2_root(&self) -> Option<&xml::Element> {
        match self.generation {
            ApsGeneration::Aps2 => self.meta.as_ref().map(|d| &d.root),
            _ => None,
        }
    }

    /// The package's type schemas, found and parsed on first use and shared by every rule
    /// family after that. Schemas bound by services are found through the APS 2 APP-META root.
    pub fn schemas(&self) -> &SchemaIndex {
        self.schemas
            .get_or_init(|| SchemaIndex::build(self.tree, self.aps2_root()))
    }

    /// A finding of `rule` at byte range `span` of `file`, with line and column filled in
    /// when the file's bytes are in memory.
    pub fn at(
        &self,
        rule: &'static Rule,
        file: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Finding {
        let mut f = Finding::new(rule, message).in_file(file);
        if let Some(bytes) = self.tree.bytes(file) {
            let (l, c) = self.position(file, bytes, span.start);
            f.line = Some(l);
            f.column = Some(c);
            f.span = Some(span.start.min(bytes.len())..span.end.min(bytes.len()));
        }
        f
    }

    /// The line of byte `offset` of `file` (for "first at line N"), 0 when the file's bytes are
    /// not in memory.
    pub fn line_at(&self, file: &str, offset: usize) -> u32 {
        self.tree
            .bytes(file)
            .map_or(0, |bytes| self.position(file, bytes, offset).0)
    }

    /// Line and column of byte `offset` (clamped to the end) of `file`, whose bytes are `bytes`.
    fn position(&self, file: &str, bytes: &[u8], offset: usize) -> (u32, u32) {
        let mut lines = self.lines.borrow_mut();
        let idx = lines
            .entry(file.to_string())
            .or_insert_with(|| LineIndex::new(bytes));
        idx.position(offset.min(bytes.len()))
    }
}

/// Every rule family's registry entries.
pub fn families() -> [&'static [&'static Rule]; 9] {
    [
        structure::RULES,
        values::RULES,
        references::RULES,
        schemas::RULES,
        types::RULES,
        applist::RULES,
        names::RULES,
        hygiene::RULES,
        aps1::RULES,
    ]
}

/// All rules, sorted by code.
pub fn registry() -> Vec<&'static Rule> {
    let mut all: Vec<&'static Rule> = families().into_iter().flatten().copied().collect();
    all.sort_by_key(|r| r.code);
    all
}

/// Finds a rule by code (`APS0301`, any case), name, or vendor code (`aps030`).
pub fn find_rule(key: &str) -> Option<&'static Rule> {
    registry().into_iter().find(|r| {
        r.code.eq_ignore_ascii_case(key)
            || r.name == key
            || r.vendor_code.is_some_and(|v| v.eq_ignore_ascii_case(key))
    })
}

/// Runs every rule over `tree`, at default severities, sorted by file, line, column and code.
pub fn lint(tree: &PackageTree) -> Vec<Finding> {
    let cx = Context::new(tree);
    let mut out = Vec::new();
    structure::check(&cx, &mut out);
    values::check(&cx, &mut out);
    references::check(&cx, &mut out);
    schemas::check(&cx, &mut out);
    types::check(&cx, &mut out);
    applist::check(&cx, &mut out);
    names::check(&cx, &mut out);
    hygiene::check(&cx, &mut out);
    aps1::check(&cx, &mut out);
    out.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule.code).cmp(&(&b.file, b.line, b.column, b.rule.code))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The bug this guards against: a finding without its own help falls back to the rule's
    /// documented fix, which quotes the doc example's data (another package's type id).
    #[test]
    fn help_never_quotes_the_rule_examples() {
        use crate::lint::testkit::{APP_SCHEMA, META, with_file};
        let meta = META
            .replace(
                "type-id=\"http://example.org/aps/types/app/1.0\"",
                "type-id=\"http://example.org/aps/types/app\"",
            )
            .replace(
                "<url>https://opensource.org/licenses/MIT</url>",
                "<file>https://example.org/LICENSE</file>",
            )
            .replace(
                "<language>en</language>",
                "<language>en</language><language>de</language>",
            )
            .replace("<view id=\"main\"", "<view id=\"demo.main\"")
            .replace("<color>", "<color>blue")
            .replace("<release>1</release>", "<release>1.x</release>");
        let mut t = with_file("APP-META.xml", &meta);
        let schema = APP_SCHEMA.replace(
            "http://aps-standard.org/types/core/subscription/1.0",
            "http://example.org/aps/types/app",
        );
        t.insert(crate::tree::Entry::memory(
            "schemas/app.schema",
            schema.into_bytes(),
        ));
        let findings = lint(&t);
        for code in ["APS0306", "APS0309", "APS0315", "APS0506"] {
            assert!(
                findings.iter().any(|f| f.rule.code == code),
                "{code} did not fire: {findings:?}"
            );
        }
        for f in &findings {
            let help = crate::report::help_of(f);
            for foreign in [
                "openstack",
                "es_ES",
                "bsd-license",
                "company-edit",
                "communigate",
            ] {
                assert!(
                    !help.contains(foreign),
                    "{} help quotes `{foreign}`: {help}",
                    f.rule.code
                );
            }
        }
    }

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for r in registry() {
            assert!(codes.insert(r.code), "duplicate code {}", r.code);
            assert!(names.insert(r.name), "duplicate name {}", r.name);
            assert!(
                r.code.len() == 7
                    && r.code.starts_with("APS")
                    && r.code[3..].chars().all(|c| c.is_ascii_digit()),
                "bad code {}",
                r.code
            );
            assert!(
                r.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "bad name {}",
                r.name
            );
            for part in [r.summary, r.doc.what, r.doc.why, r.doc.example, r.doc.fix] {
                assert!(
                    !part.trim().is_empty(),
                    "rule {} has an empty doc part",
                    r.code
                );
            }
        }
    }
}

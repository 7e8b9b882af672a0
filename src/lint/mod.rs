//! The linter: the table of rule families, the registry and lookup built from it, and the run
//! over a package tree.
//!
//! Every family is a folder here with the same shape (see CONTRIBUTING.md): `mod.rs` (the
//! checks and the family's [`Family`] entry), `rules.rs` (its rules and `RULES` table) and
//! `tests.rs`. [`FAMILIES`] lists them once; [`registry`], [`find_rule`] and [`lint`] all read it.
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
//! | APS10xx | `wiring`      | navigation vars, relations, operations against views/scripts |
//! | APS11xx | `upgrade`     | a package against the one it replaces (`diff`; not `lint`)   |

pub mod applist;
pub mod aps1;
pub mod config;
mod context;
#[cfg(test)]
mod fuzz_tests;
pub mod hygiene;
pub mod names;
pub mod references;
mod rule;
pub mod schemas;
pub mod structure;
#[cfg(test)]
pub mod testkit;
pub mod types;
pub mod upgrade;
pub mod values;
pub mod wiring;

pub use context::{ApsGeneration, Context};
pub use rule::{Finding, Lowered, Rule, RuleDoc, Severity, When, lowered};

use std::collections::HashMap;

use crate::tree::PackageTree;

/// One rule family: a range of codes, its rules, and the check that reports them.
pub struct Family {
    /// The family's folder name (`structure`).
    pub name: &'static str,
    /// Its code range (`APS01xx`).
    pub codes: &'static str,
    /// What it checks, in one line.
    pub summary: &'static str,
    /// Every rule it reports.
    pub rules: &'static [&'static Rule],
    /// Runs its checks over one package.
    pub check: fn(&Context, &mut Vec<Finding>),
}

/// Every rule family, in code order: the one list the registry and the run read.
pub static FAMILIES: &[&Family] = &[
    &structure::FAMILY,
    &values::FAMILY,
    &references::FAMILY,
    &schemas::FAMILY,
    &types::FAMILY,
    &applist::FAMILY,
    &names::FAMILY,
    &hygiene::FAMILY,
    &aps1::FAMILY,
    &wiring::FAMILY,
    &upgrade::FAMILY,
];

/// The families `lint` runs over one package: all but [`upgrade`], whose rules compare a
/// package with the one it replaces (`apspack diff`, `build --previous`).
pub fn lint_families() -> impl Iterator<Item = &'static Family> {
    FAMILIES
        .iter()
        .copied()
        .filter(|f| !std::ptr::eq(*f, &upgrade::FAMILY))
}

/// The rules `lint` runs, sorted by code (what its JUnit and SARIF reports list).
pub fn lint_rules() -> Vec<&'static Rule> {
    let mut all: Vec<&'static Rule> = lint_families()
        .flat_map(|f| f.rules.iter().copied())
        .collect();
    all.sort_by_key(|r| r.code);
    all
}

/// All rules, sorted by code.
pub fn registry() -> Vec<&'static Rule> {
    let mut all: Vec<&'static Rule> = FAMILIES
        .iter()
        .flat_map(|f| f.rules.iter().copied())
        .collect();
    all.sort_by_key(|r| r.code);
    all
}

/// True when `rule` is in the registry (the same static, not only the same code).
pub fn is_registered(rule: &Rule) -> bool {
    FAMILIES
        .iter()
        .any(|f| f.rules.iter().any(|r| std::ptr::eq(*r, rule)))
}

/// The one rule lookup (`explain`, `[lint]` configuration): by code (`APS0301`, any case), name
/// (`referenced-file-missing`) or vendor alias (`aps030`, any case).
pub fn find_rule(key: &str) -> Option<&'static Rule> {
    FAMILIES
        .iter()
        .flat_map(|f| f.rules.iter().copied())
        .find(|r| {
            r.code.eq_ignore_ascii_case(key)
                || r.name == key
                || r.vendor_code.is_some_and(|v| v.eq_ignore_ascii_case(key))
        })
}

/// Codes and names of the rules closest to an unknown `key`, best first, at most three.
pub fn suggest_rules(key: &str) -> Vec<&'static str> {
    let candidates = FAMILIES
        .iter()
        .flat_map(|f| f.rules.iter())
        .flat_map(|r| [r.code, r.name]);
    crate::suggest::ranked(key, candidates, 3)
}

/// Runs every family over `tree` and sorts the findings by file, line, column and code. Each
/// finding has the severity its rule declares for the package (default, source tree, APS 1).
pub fn lint(tree: &PackageTree) -> Vec<Finding> {
    lint_capped(tree, DEFAULT_MAX_PER_FILE)
}

/// Most findings of one rule in one file reported by default; the rest are summed up in one
/// finding (`[lint] max-findings-per-file` changes it).
pub const DEFAULT_MAX_PER_FILE: usize = 100;

/// [`lint`] with at most `max_per_file` findings of one rule in one file (at least one), and
/// ten times as many of one rule in all: the first ones found are kept and one more finding of
/// the rule says how many were left out and where the first of them is. A package that names
/// 750,000 missing files so costs the memory and output of a few hundred findings, in every
/// format.
pub fn lint_capped(tree: &PackageTree, max_per_file: usize) -> Vec<Finding> {
    let cx = Context::new(tree);
    let mut out = Vec::new();
    for family in lint_families() {
        let first = out.len();
        (family.check)(&cx, &mut out);
        // Rules belong to one family each, so a family's findings are capped on their own.
        cap(&mut out, first, max_per_file.max(1));
    }
    let source = !tree.is_built();
    let aps1 = cx.generation == ApsGeneration::Aps1;
    for f in &mut out {
        debug_assert!(
            is_registered(f.rule),
            "rule {} fired but is in no family's RULES",
            f.rule.code
        );
        for (holds, when) in [(source, When::SourceTree), (aps1, When::Aps1Package)] {
            if let Some(lower) = f.rule.severity_when(when).filter(|_| holds) {
                f.severity = f.severity.min(lower);
            }
        }
    }
    out.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule.code).cmp(&(&b.file, b.line, b.column, b.rule.code))
    });
    out
}

/// Keeps the first `max` findings of each (rule, file) in `out[first..]`, and of each rule at
/// most ten times as many over all files; appends one summary finding for each (rule, file),
/// and each rule, that had more.
fn cap(out: &mut Vec<Finding>, first: usize, max: usize) {
    let per_rule = max.saturating_mul(10);
    if out.len() - first <= max {
        return;
    }
    struct Over {
        count: usize,
        severity: Severity,
        first: Finding,
    }
    // (rule, file, past the rule's total)
    type Key = (&'static str, Option<String>, bool);
    let mut per_file: HashMap<(&'static str, Option<String>), usize> = HashMap::new();
    let mut rule_kept: HashMap<&'static str, usize> = HashMap::new();
    let mut over: Vec<(Key, Over)> = Vec::new();
    let mut kept = first;
    for i in first..out.len() {
        let code = out[i].rule.code;
        let n = per_file.entry((code, out[i].file.clone())).or_insert(0);
        *n += 1;
        let in_rule = rule_kept.entry(code).or_insert(0);
        let key = if *n > max {
            (code, out[i].file.clone(), false)
        } else if *in_rule >= per_rule {
            // Past the rule's total: summed up once for the rule, about no one file.
            (code, None, true)
        } else {
            *in_rule += 1;
            out.swap(kept, i);
            kept += 1;
            continue;
        };
        if let Some((_, o)) = over.iter_mut().find(|(k, _)| *k == key) {
            o.count += 1;
            o.severity = o.severity.max(out[i].severity);
        } else {
            over.push((
                key,
                Over {
                    count: 1,
                    severity: out[i].severity,
                    first: out[i].clone(),
                },
            ));
        }
    }
    out.truncate(kept);
    let hint = format!(
        "at most {max} findings of one rule in one file, and {per_rule} in all, are listed; set `max-findings-per-file` in the [lint] table to list more"
    );
    for ((_, file, whole_rule), o) in over {
        let f = o.first;
        let plural = if o.count == 1 { "finding" } else { "findings" };
        let mut summary = match (&file, whole_rule) {
            (Some(name), _) => {
                let from = f
                    .line
                    .map(|l| format!(", from line {l} on"))
                    .unwrap_or_default();
                let mut s = Finding::new(
                    f.rule,
                    format!(
                        "{} more {plural} of this rule in {name}{from} not listed",
                        o.count
                    ),
                );
                s.file = Some(name.clone());
                s.line = f.line;
                s.column = f.column;
                s
            }
            (None, true) => Finding::new(
                f.rule,
                format!(
                    "{} more {plural} of this rule in other files not listed",
                    o.count
                ),
            ),
            (None, false) => Finding::new(
                f.rule,
                format!("{} more {plural} of this rule not listed", o.count),
            ),
        };
        summary.severity = o.severity;
        out.push(summary.help(hint.clone()));
    }
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

    /// Every `static ...: Rule` under `src/lint/<family>/` is in that family's `RULES`: a rule
    /// left out would still fire (and the run's debug check would stop it in every test that
    /// lints), but `rules`, `explain` and `[lint]` would not know it.
    #[test]
    fn every_rule_a_family_defines_is_in_its_table() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lint");
        let mut seen = 0;
        for family in FAMILIES {
            let dir = root.join(family.name);
            assert!(dir.is_dir(), "family {} has no folder", family.name);
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                let mut in_rule = false;
                for line in text.lines() {
                    if line.contains(": Rule = Rule {") {
                        in_rule = true;
                    } else if in_rule && let Some(rest) = line.trim().strip_prefix("code: \"") {
                        let code = rest.trim_end_matches("\",");
                        assert!(
                            family.rules.iter().any(|r| r.code == code),
                            "{code} is defined in {} but not in the {} family's RULES",
                            path.display(),
                            family.name
                        );
                        seen += 1;
                        in_rule = false;
                    }
                }
            }
        }
        assert_eq!(
            seen,
            registry().len(),
            "every registered rule was found in the sources"
        );
    }

    #[test]
    fn an_unlisted_rule_is_not_registered() {
        static STRAY: Rule = Rule {
            code: "APS0999",
            name: "stray",
            severity: Severity::Info,
            lowered: &[],
            vendor_code: None,
            summary: "s",
            doc: RuleDoc {
                what: "w",
                why: "y",
                example: "e",
                fix: "f",
            },
        };
        assert!(!is_registered(&STRAY));
        assert!(registry().iter().all(|r| is_registered(r)));
    }

    #[test]
    fn one_lookup_by_code_name_or_alias() {
        let r = find_rule("APS0301").expect("code");
        assert!(std::ptr::eq(find_rule("aps0301").expect("any case"), r));
        assert!(std::ptr::eq(
            find_rule("referenced-file-missing").expect("name"),
            r
        ));
        assert!(std::ptr::eq(find_rule("APS030").expect("alias"), r));
        assert!(find_rule("APS9999").is_none());
        assert_eq!(
            suggest_rules("referenced-file-mising"),
            ["referenced-file-missing"]
        );
    }

    #[test]
    fn families_cover_their_code_ranges() {
        for family in FAMILIES {
            let prefix = &family.codes[..5];
            for r in family.rules {
                assert!(r.code.starts_with(prefix), "{} in {}", r.code, family.name);
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

//! Catalogue rules of the references family: languages, changelog, metadata completeness.

use std::collections::{HashMap, HashSet};

use super::rules::*;
use crate::aps::APP_META;
use crate::lint::values::{is_language_code, placeholder};
use crate::lint::{Context, Finding};
use crate::xml::Element;

/// Changelog checks shared by APS 1 and APS 2: text instead of entries, duplicates, and the
/// current (version, release) missing.
pub fn check_changelog(
    cx: &Context,
    changelog: &Element,
    version: Option<&str>,
    release: Option<&str>,
    out: &mut Vec<Finding>,
) {
    let entries: Vec<&Element> = changelog.children_named("version").collect();
    let text = changelog.text.trim();
    if entries.is_empty() {
        if !text.is_empty() {
            let what = match placeholder(text) {
                Some(p) => format!("only the unfilled placeholder `{p}`"),
                None => "only text".to_string(),
            };
            out.push(cx.at(
                &CHANGELOG_TEXT,
                APP_META,
                changelog.value_span(),
                format!("<changelog> holds {what} and no <version> entries"),
            ));
        }
        return;
    }
    let mut seen: HashMap<(&str, &str), &Element> = HashMap::new();
    for e in &entries {
        let key = (
            e.attr("version").unwrap_or(""),
            e.attr("release").unwrap_or(""),
        );
        if let Some(first) = seen.get(&key) {
            let line = cx.line_at(APP_META, first.span.start);
            let span = e
                .attr_node("version")
                .map_or_else(|| e.span.clone(), |a| a.value_span.clone());
            out.push(
                cx.at(
                    &CHANGELOG_DUPLICATE,
                    APP_META,
                    span,
                    format!(
                        "changelog lists version {} release {} twice (first at line {line})",
                        key.0, key.1
                    ),
                )
                .help("Merge the two entries, or correct the release of one of them."),
            );
        } else {
            seen.insert(key, e);
        }
    }
    if let (Some(v), Some(r)) = (version, release)
        && !v.is_empty()
        && !r.is_empty()
        && placeholder(v).is_none()
        && placeholder(r).is_none()
        && !seen.contains_key(&(v, r))
    {
        // Changelogs are written oldest-first or newest-first: name the highest entry.
        let latest = entries
            .iter()
            .max_by(|a, b| {
                let key = |e: &Element| {
                    (
                        version_key(e.attr("version").unwrap_or("")),
                        version_key(e.attr("release").unwrap_or("")),
                    )
                };
                key(a).cmp(&key(b))
            })
            .map(|e| {
                format!(
                    " (the newest entry is {} / {})",
                    e.attr("version").unwrap_or("?"),
                    e.attr("release").unwrap_or("?")
                )
            })
            .unwrap_or_default();
        out.push(cx.at_element(&CHANGELOG_MISSING_CURRENT, changelog, format!("the changelog has no entry for the package's version {v} release {r}{latest}"),
        )
        .help(format!(
            "Add `<version version=\"{v}\" release=\"{r}\"><entry>...</entry></version>` to the changelog."
        )));
    }
}

/// A dotted version as numbers for ordering; a segment that is not a number counts as 0.
fn version_key(v: &str) -> Vec<u64> {
    v.trim()
        .split('.')
        .map(|p| p.trim().parse().unwrap_or(0))
        .collect()
}

/// The catalogue name to suggest for a language code: `ll_CC` codes as they are, a bare `ll`
/// with its most common country (`en` becomes `en_US`), else `ll_<CC>` for the user to fill.
pub(super) fn catalogue_name(code: &str) -> String {
    const COUNTRIES: &[(&str, &str)] = &[
        ("cs", "CZ"),
        ("da", "DK"),
        ("de", "DE"),
        ("el", "GR"),
        ("en", "US"),
        ("es", "ES"),
        ("fi", "FI"),
        ("fr", "FR"),
        ("hu", "HU"),
        ("it", "IT"),
        ("ja", "JP"),
        ("ko", "KR"),
        ("nl", "NL"),
        ("pl", "PL"),
        ("pt", "BR"),
        ("ro", "RO"),
        ("ru", "RU"),
        ("sk", "SK"),
        ("sv", "SE"),
        ("tr", "TR"),
        ("uk", "UA"),
        ("zh", "CN"),
    ];
    if code.len() != 2 {
        return code.to_string();
    }
    match COUNTRIES.iter().find(|(l, _)| *l == code) {
        Some((l, c)) => format!("{l}_{c}"),
        None => format!("{code}_<CC>"),
    }
}

pub(super) fn check_languages(cx: &Context, pres: &Element, out: &mut Vec<Finding>) {
    let catalogues: Vec<String> = cx
        .tree
        .files()
        .filter_map(|e| e.path.strip_prefix("i18n/"))
        .filter_map(|n| n.strip_suffix(".json").or_else(|| n.strip_suffix(".po")))
        .map(str::to_string)
        .collect();
    for l in pres
        .children_named("languages")
        .flat_map(|l| l.children_named("language"))
    {
        let code = l.text.trim();
        // A malformed code is APS0212's finding; its catalogue cannot be looked up.
        if code.is_empty() || placeholder(code).is_some() || !is_language_code(code) {
            continue;
        }
        let found = catalogues.iter().any(|c| {
            c == code
                || (code.len() == 2
                    && c.len() == 5
                    && c.starts_with(code)
                    && c.as_bytes()[2] == b'_')
        });
        if found {
            continue;
        }
        let mut f = cx
            .at(
                &LANGUAGE_WITHOUT_CATALOGUE,
                APP_META,
                l.value_span(),
                format!("language `{code}` has no catalogue i18n/{code}[_CC].json or .po"),
            )
            .help(format!(
                "Add `i18n/{}.po` (and the generated `.json`), or remove the language.",
                catalogue_name(code)
            ));
        if catalogues.is_empty() {
            f = f.lowered();
            f.message
                .push_str(" (the package has no i18n/ catalogues at all)");
        }
        out.push(f);
    }
}

pub(super) fn check_completeness(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
    let pres = root.child("presentation");
    let mut missing = Vec::new();
    if root.child("vendor").is_none() {
        missing.push("<vendor>");
    }
    if root.child("packager").is_none() {
        missing.push("<packager>");
    }
    if pres.and_then(|p| p.child("summary")).is_none() {
        missing.push("presentation <summary>");
    }
    if pres.and_then(|p| p.child("icon")).is_none() {
        missing.push("presentation <icon>");
    }
    if !missing.is_empty() {
        let add: Vec<&str> = missing
            .iter()
            .map(|m| match *m {
                "<vendor>" => "`<vendor><name>...</name></vendor>`",
                "<packager>" => "`<packager><name>...</name></packager>`",
                "presentation <summary>" => "`<summary>...</summary>` to <presentation>",
                _ => "`<icon path=\"images/icon.png\"/>` to <presentation>",
            })
            .collect();
        out.push(
            cx.at_element(
                &METADATA_INCOMPLETE,
                root,
                format!("APP-META.xml has no {}", missing.join(", ")),
            )
            .help(format!("Add {}.", add.join(", "))),
        );
    }
    if let Some(first) = root.child("service") {
        let classes: HashSet<&str> = first
            .child("presentation")
            .into_iter()
            .flat_map(|p| p.children_named("infolinks"))
            .flat_map(|i| i.children_named("link"))
            .filter_map(|l| l.attr("class"))
            .collect();
        let lacking: Vec<&str> = ["deployment-guide", "support"]
            .into_iter()
            .filter(|c| !classes.contains(c))
            .collect();
        if !lacking.is_empty() {
            let links: Vec<String> = lacking
                .iter()
                .map(|c| format!("<link class=\"{c}\" href=\"...\">...</link>"))
                .collect();
            out.push(
                cx.at_element(
                    &ROOT_SERVICE_INFOLINKS,
                    first,
                    format!(
                        "root service `{}` has no {} infolink",
                        first.attr("id").unwrap_or("?"),
                        lacking.join(" and no ")
                    ),
                )
                .help(format!(
                    "Add `{}` to the service's presentation <infolinks>.",
                    links.concat()
                )),
            );
        }
    }
}

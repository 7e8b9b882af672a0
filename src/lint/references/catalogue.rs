//! Catalogue rules of the references family: languages, changelog, metadata completeness.

use std::collections::{HashMap, HashSet};

use crate::lint::values::{is_language_code, placeholder};
use crate::lint::{APP_META, Context, Finding, Rule, RuleDoc, Severity};
use crate::xml::Element;

/// Language without catalogue.
pub static LANGUAGE_WITHOUT_CATALOGUE: Rule = Rule {
    code: "APS0309",
    name: "language-without-catalogue",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "a declared language has no message catalogue under i18n/",
    doc: RuleDoc {
        what: "A `<language>` code with no `i18n/<code>.json`, `i18n/<code>_XX.json` or `.po` \
               catalogue. When the package has no i18n/ folder at all this is only info.",
        why: "UI strings are translated from `i18n/<ll_CC>.json`, built from `.po` files \
              (CloudBlue SDK \"Internationalization\"); a language without a catalogue shows untranslated text.",
        example: "<language>es</language>   (i18n/ holds only en_US.json and pt_BR.po)",
        fix: "Add `i18n/es_ES.po` (and the generated `.json`), or remove the language.",
    },
};

/// Duplicate changelog entry.
pub static CHANGELOG_DUPLICATE: Rule = Rule {
    code: "APS0310",
    name: "changelog-duplicate",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "a changelog lists the same version and release twice",
    doc: RuleDoc {
        what: "Two changelog `<version>` entries with the same `version` and `release`.",
        why: "Each entry describes one package; a repeated pair is a copy-paste slip (seen in \
              shipped packages).",
        example: "<version version=\"1.0\" release=\"2\">...</version>\n<version version=\"1.0\" release=\"2\">...</version>",
        fix: "Merge the entries or correct the release.",
    },
};

/// Current version missing from changelog.
pub static CHANGELOG_MISSING_CURRENT: Rule = Rule {
    code: "APS0311",
    name: "changelog-missing-current",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "the changelog has no entry for the package's own version and release",
    doc: RuleDoc {
        what: "A changelog exists but none of its entries has the package's `version` and `release`.",
        why: "The certification criteria want the current release described; shipped packages \
              forget to add it (APS 1.2 certification criteria §3.2.6; a shipped package was built as release 28 while its changelog stopped at 23).",
        example: "<release>3</release> ... <changelog><version version=\"1.0\" release=\"2\">",
        fix: "Add `<version version=\"...\" release=\"...\"><entry>...</entry></version>` for this release.",
    },
};

/// Changelog holding text.
pub static CHANGELOG_TEXT: Rule = Rule {
    code: "APS0312",
    name: "changelog-holds-text",
    severity: Severity::Error,
    vendor_code: None,
    summary: "a <changelog> holds text instead of <version> entries",
    doc: RuleDoc {
        what: "A `<changelog>` whose content is text (often an unfilled placeholder such as \
               `%PRODUCT_CHANGELOG%`) rather than `<version version release>` entries.",
        why: "A changelog consists of `<version>` entries with `<entry>` children and holds no \
              text of its own (CloudBlue SDK \"APP-META.xml\"); a template placeholder left \
              there means the package was never filled in.",
        example: "<changelog>%PRODUCT_CHANGELOG%</changelog>",
        fix: "Write `<changelog><version version=\"1.0\" release=\"1\"><entry>...</entry></version></changelog>`.",
    },
};

/// Missing catalogue metadata.
pub static METADATA_INCOMPLETE: Rule = Rule {
    code: "APS0313",
    name: "metadata-incomplete",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "no vendor, packager, summary or icon",
    doc: RuleDoc {
        what: "APP-META.xml has no `<vendor>`, no `<packager>`, no presentation `<summary>` or no \
               presentation `<icon>` (one finding lists what is missing).",
        why: "The catalogue shows them and the certification criteria require them; `aps build` \
              still builds without (CloudBlue SDK \"APP-META.xml\"; shipped packages).",
        example: "<presentation><navigation .../></presentation>",
        fix: "Add `<vendor><name>...</name></vendor>`, `<packager>`, `<summary>` and `<icon path>`.",
    },
};

/// Root service infolinks.
pub static ROOT_SERVICE_INFOLINKS: Rule = Rule {
    code: "APS0314",
    name: "root-service-infolinks",
    severity: Severity::Info,
    vendor_code: None,
    summary: "the root service lacks deployment-guide or support infolinks",
    doc: RuleDoc {
        what: "The first (application) service has no `<link class=\"deployment-guide\">` or no \
               `<link class=\"support\">` in its presentation infolinks.",
        why: "Needed for certification (CloudBlue SDK \"Service\").",
        example: "<service id=\"app\">...<presentation><name>App</name></presentation></service>",
        fix: "Add `<infolinks><link class=\"deployment-guide\" href=\"...\">Guide</link><link class=\"support\" href=\"...\">Support</link></infolinks>`.",
    },
};

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
        out.push(cx.at(
            &CHANGELOG_MISSING_CURRENT,
            APP_META,
            changelog.span.clone(),
            format!("the changelog has no entry for the package's version {v} release {r}{latest}"),
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
fn catalogue_name(code: &str) -> String {
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
            f.severity = Severity::Info;
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
            cx.at(
                &METADATA_INCOMPLETE,
                APP_META,
                root.span.clone(),
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
                cx.at(
                    &ROOT_SERVICE_INFOLINKS,
                    APP_META,
                    first.span.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testkit::{META, clean, count, findings, with_file, with_meta, without};

    #[test]
    fn languages_need_catalogues() {
        let t = with_meta(
            "<language>en</language>",
            "<language>en</language><language>es</language>",
        );
        let f = findings(&t, "APS0309");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].help.as_deref(),
            Some("Add `i18n/es_ES.po` (and the generated `.json`), or remove the language.")
        );
        let t = with_meta(
            "<language>en</language>",
            "<language>en</language><language>de</language>",
        );
        assert!(
            findings(&t, "APS0309")[0]
                .help
                .as_deref()
                .is_some_and(|h| h.contains("`i18n/de_DE.po`"))
        );
        assert_eq!(catalogue_name("en"), "en_US");
        assert_eq!(catalogue_name("pt_PT"), "pt_PT");
        assert_eq!(catalogue_name("xx"), "xx_<CC>");
        assert_eq!(f[0].severity, Severity::Warning);
        let t = with_file("i18n/es_ES.po", "msgid \"\"\n");
        assert_eq!(count(&t, "APS0309"), 0);
        let f = findings(&without("i18n/en.json"), "APS0309");
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(count(&clean(), "APS0309"), 0);
    }

    #[test]
    fn changelog_rules() {
        let entry = r#"<version version="1.0" release="1">
        <entry>First release</entry>
      </version>"#;
        let t = with_meta(entry, &format!("{entry}{entry}"));
        assert_eq!(count(&t, "APS0310"), 1);
        let newest_first = r#"<version version="1.0" release="0"><entry>b</entry></version>
      <version version="0.9" release="7"><entry>a</entry></version>"#;
        let f = findings(&with_meta(entry, newest_first), "APS0311");
        assert!(
            f[0].message.ends_with("(the newest entry is 1.0 / 0)"),
            "{}",
            f[0].message
        );
        let t = with_meta(r#"release="1">"#, r#"release="0">"#);
        let f = findings(&t, "APS0311");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("release 1"));
        assert_eq!(
            f[0].help.as_deref(),
            Some(
                "Add `<version version=\"1.0\" release=\"1\"><entry>...</entry></version>` to the changelog."
            )
        );
        let t = with_meta(entry, "%PRODUCT_CHANGELOG%");
        let f = findings(&t, "APS0312");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("%PRODUCT_CHANGELOG%"));
        for code in ["APS0310", "APS0311", "APS0312"] {
            assert_eq!(count(&clean(), code), 0);
        }
    }

    #[test]
    fn completeness() {
        let start = META.find("  <vendor>").unwrap_or(0);
        let end = META.find("</packager>\n").map(|i| i + 12).unwrap_or(0);
        let t = with_meta(&META[start..end], "");
        let f = findings(&t, "APS0313");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("<vendor>") && f[0].message.contains("<packager>"));
        let help = f[0].help.as_deref().unwrap_or("");
        assert!(
            help.contains("<vendor>") && !help.contains("<summary>"),
            "{help}"
        );
        let t = with_meta(
            r#"<link class="support" href="https://example.org/support">Support</link>"#,
            "",
        );
        let f = findings(&t, "APS0314");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "root service `app` has no support infolink");
        assert!(
            !f[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("deployment-guide")
        );
        assert_eq!(count(&clean(), "APS0313") + count(&clean(), "APS0314"), 0);
    }
}

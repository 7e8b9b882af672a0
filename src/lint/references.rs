//! Rules APS03xx: files referenced from APP-META.xml, unbuilt source trees, navigation, i18n
//! catalogues, changelog and metadata completeness.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::values::placeholder;
use super::{APP_META, Context, Finding, Rule, RuleDoc, Severity};
use crate::xml::Element;

/// A referenced package file is missing.
pub static REFERENCED_FILE_MISSING: Rule = Rule {
    code: "APS0301",
    name: "referenced-file-missing",
    severity: Severity::Error,
    vendor_code: Some("aps030"),
    summary: "a file or directory referenced from APP-META.xml is not in the package",
    doc: RuleDoc {
        what: "APP-META.xml names a package path that does not exist: an icon, a screenshot, a \
               service `<code>` script, a `<schema>` (in built packages), a view, popup or \
               view-plugin `src`, the implied `ui/<view-id>.html` of a view without `src`, a \
               licence `<file>` holding a relative path, a local infolink, or (APS 1) a URL \
               mapping directory.",
        why: "The importer rejects the package: `Error aps030: 'ui/company.edit.html' file \
              refernced from package metadata 'view' element not found in package content` \
              (KB-127122, APS-FORMAT §2.3, §11).",
        example: "<view id=\"company.edit\" label=\"Edit\"/>   (no ui/company.edit.html in the package)",
        fix: "Add the file at that path, or correct the path in APP-META.xml.",
    },
};

/// A source tree that `aps build` has not processed.
pub static UNBUILT_SOURCE_TREE: Rule = Rule {
    code: "APS0302",
    name: "unbuilt-source-tree",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "a source directory whose services have no schemas yet",
    doc: RuleDoc {
        what: "A package directory (not an archive) whose services have no `<schema>`, or whose \
               `<schema path>` files are absent. Reported once, listing them, instead of one \
               missing-file error per schema.",
        why: "`aps build` generates `schemas/<service>.schema.gen` from the PHP `@type` \
              annotations and inserts `<schema path>`; source repositories do not commit them \
              (APS-FORMAT §2.2, corpus INDEX). The tree cannot be imported as it is.",
        example: "<service id=\"app\"><code engine=\"php\" path=\"scripts/app.php\"/></service>",
        fix: "Build the package (`aps build`, or `apspack build` from an aps.toml) and lint the result.",
    },
};

/// A built package's service has no schema.
pub static SERVICE_WITHOUT_SCHEMA: Rule = Rule {
    code: "APS0303",
    name: "service-without-schema",
    severity: Severity::Error,
    vendor_code: None,
    summary: "a service of a built package has no <schema>",
    doc: RuleDoc {
        what: "In an archive or a generated project, a `<service>` without a `<schema path>` child.",
        why: "\"Every service declared in a package must be bound to an APS type defined in the \
              same package\" (CloudBlue \"Type Definition\", APS-FORMAT §2.2); every built package \
              in the corpus has one.",
        example: "<service id=\"app\"><code engine=\"php\" path=\"scripts/app.php\"/></service>",
        fix: "Add `<schema path=\"schemas/app.schema\"/>` and the schema file.",
    },
};

/// Duplicate view id within one navigation tree.
pub static DUPLICATE_VIEW_ID: Rule = Rule {
    code: "APS0304",
    name: "duplicate-view-id",
    severity: Severity::Error,
    vendor_code: None,
    summary: "two views of one navigation tree have the same id",
    doc: RuleDoc {
        what: "Two `<view>`, `<popup>` or `<view-plugin>` elements of the same `<navigation>` with \
               the same `id`.",
        why: "Views are addressed by id (`aps.apsc.gotoView(\"id\")`, entry points \
              `<app-id>#<view-id>`); a duplicate is ambiguous (APS-FORMAT §6.3).",
        example: "<view id=\"list\" label=\"A\"/>\n<view id=\"list\" label=\"B\"/>",
        fix: "Rename one of the views.",
    },
};

/// The same view id in two navigation trees.
pub static VIEW_ID_ACROSS_TREES: Rule = Rule {
    code: "APS0305",
    name: "view-id-across-trees",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "the same view id is used in two navigation trees",
    doc: RuleDoc {
        what: "A view id used in more than one `<navigation>` tree.",
        why: "Entry points and navigation calls name views by id alone; shipped packages keep the \
              ids of their trees distinct (APS-FORMAT §6.3).",
        example: "<navigation id=\"pcp\"><view id=\"list\"/></navigation>\n<navigation id=\"ccp\"><view id=\"list\"/></navigation>",
        fix: "Give the views distinct ids, e.g. `pcp-list` and `ccp-list`.",
    },
};

/// Navigation ids outside the documented pattern.
pub static NAVIGATION_ID_FORMAT: Rule = Rule {
    code: "APS0306",
    name: "navigation-id-format",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "a navigation, item or view id is outside [a-zA-Z_-][a-zA-Z_0-9-]*",
    doc: RuleDoc {
        what: "A `navigation`, `item`, `view`, `popup` or `view-plugin` id that does not match \
               `[a-zA-Z_\\-][a-zA-Z_0-9\\-]*`. Dots are common in shipped packages.",
        why: "The documented id pattern (CloudBlue \"Navigation tree elements\", APS-FORMAT §6.1); \
              UX1 single-page apps are stricter still.",
        example: "<view id=\"company.edit\" label=\"Edit\"/>",
        fix: "Use letters, digits, `_` and `-`: `company-edit`.",
    },
};

/// Item without label.
pub static ITEM_WITHOUT_LABEL: Rule = Rule {
    code: "APS0307",
    name: "item-without-label",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "a navigation <item> has no label",
    doc: RuleDoc {
        what: "An `<item>` of a navigation tree without a `label` attribute.",
        why: "Items are shown in the navigation menu by their label (CloudBlue \"Navigation tree \
              elements\", APS-FORMAT §6.1).",
        example: "<item id=\"company\"><view id=\"company\" label=\"Company\"/></item>",
        fix: "Add `label=\"...\"`.",
    },
};

/// Entry point dst not naming an existing view.
pub static ENTRY_POINT_DST: Rule = Rule {
    code: "APS0308",
    name: "entry-point-dst",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "an aps2-view entry point does not name <app id>#<existing view>",
    doc: RuleDoc {
        what: "A service entry point with `class=\"aps2-view\"` whose `dst` is not this \
               application's id, `#`, and the id of a view declared in the navigation.",
        why: "The entry point opens that view; any other target leads nowhere (APS-FORMAT §2.2, §6.3).",
        example: "<entry class=\"aps2-view\" dst=\"http://example.org/app#missing\">",
        fix: "Write `dst=\"<application id>#<view id>\"` for an existing view.",
    },
};

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
              (APS-FORMAT §7); a language without a catalogue shows untranslated text.",
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
              shipped packages, APS-FORMAT §2.3).",
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
              forget to add it (APS-FORMAT §2.3: release 28 built, changelog stops at 23).",
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
        why: "A changelog consists of `<version>` entries with `<entry>` children (APS-FORMAT \
              §2.1); bare text is not allowed (corpus expectations \"placeholder\").",
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
              still builds without (APS-FORMAT §2.3).",
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
        why: "Needed for certification (CloudBlue \"Service\", APS-FORMAT §2.2).",
        example: "<service id=\"app\">...<presentation><name>App</name></presentation></service>",
        fix: "Add `<infolinks><link class=\"deployment-guide\" href=\"...\">Guide</link><link class=\"support\" href=\"...\">Support</link></infolinks>`.",
    },
};

/// Licence file holding a URL.
pub static LICENSE_FILE_URL: Rule = Rule {
    code: "APS0315",
    name: "license-file-url",
    severity: Severity::Info,
    vendor_code: None,
    summary: "a licence <file> holds a URL",
    doc: RuleDoc {
        what: "`license-agreement/text/file` holds an http(s) URL instead of a package path.",
        why: "Tolerated: the vendor's own APP-META example does this (APS-FORMAT §2.4); `<url>` \
              is the element meant for URLs.",
        example: "<file>http://opensource.org/licenses/bsd-license</file>",
        fix: "Write `<url>http://opensource.org/licenses/bsd-license</url>` instead.",
    },
};

/// Infolink href that is not a valid URI reference.
pub static INFOLINK_HREF: Rule = Rule {
    code: "APS0316",
    name: "infolink-href-invalid",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "an infolink href contains unescaped whitespace",
    doc: RuleDoc {
        what: "A service infolink `href` containing spaces or other whitespace.",
        why: "An href is a URI reference, where a space must be written `%20`; shipped packages \
              link `file:///doc/Resource Model.html` (corpus, gcalendar), which browsers and the \
              panel may not open.",
        example: "<link class=\"deployment-guide\" href=\"file:///doc/Deployment Guide.html\">Guide</link>",
        fix: "Escape the spaces (`file:///doc/Deployment%20Guide.html`) or rename the file.",
    },
};

/// This family's rules.
pub static RULES: &[&Rule] = &[
    &REFERENCED_FILE_MISSING,
    &UNBUILT_SOURCE_TREE,
    &SERVICE_WITHOUT_SCHEMA,
    &DUPLICATE_VIEW_ID,
    &VIEW_ID_ACROSS_TREES,
    &NAVIGATION_ID_FORMAT,
    &ITEM_WITHOUT_LABEL,
    &ENTRY_POINT_DST,
    &LANGUAGE_WITHOUT_CATALOGUE,
    &CHANGELOG_DUPLICATE,
    &CHANGELOG_MISSING_CURRENT,
    &CHANGELOG_TEXT,
    &METADATA_INCOMPLETE,
    &ROOT_SERVICE_INFOLINKS,
    &LICENSE_FILE_URL,
    &INFOLINK_HREF,
];

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// The package path a reference names, or None for URLs and other non-local references.
/// `file:///x` and relative paths are local; `./` and a leading `/` are dropped.
pub fn local_path(reference: &str) -> Option<String> {
    let r = reference.trim();
    if r.is_empty() || r.starts_with('#') || r.starts_with("//") {
        return None;
    }
    let r = if let Some(rest) = r.strip_prefix("file://") {
        percent_decode(rest)
    } else {
        if let Some((scheme, _)) = r.split_once(':')
            && !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        {
            return None;
        }
        let cut = r.find(['?', '#']).unwrap_or(r.len());
        r[..cut].to_string()
    };
    let mut p = r.as_str();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    let p = p.trim_start_matches('/');
    (!p.is_empty()).then(|| p.to_string())
}

/// Reports [`REFERENCED_FILE_MISSING`] when `path` is not a regular file of the tree.
pub fn require_file(
    cx: &Context,
    span: Range<usize>,
    path: &str,
    element: &str,
    out: &mut Vec<Finding>,
) {
    if !cx.tree.has_file(path) {
        out.push(
            cx.at(
                &REFERENCED_FILE_MISSING,
                APP_META,
                span,
                format!(
                    "'{path}' file referenced from package metadata '{element}' element not found in package content"
                ),
            )
            .help(format!("add {path} to the package, or correct the reference")),
        );
    }
}

/// Checks a `path`-attribute reference (icons, screenshots, code, schema).
fn require_attr(cx: &Context, el: &Element, attr: &str, out: &mut Vec<Finding>) {
    if let Some(a) = el.attr_node(attr)
        && placeholder(&a.value).is_none()
        && let Some(p) = local_path(&a.value)
    {
        require_file(cx, a.value_span.clone(), &p, &el.name, out);
    }
}

/// Checks a licence `<text><file>`: a relative path must exist; a URL is only info.
pub fn check_license_file(cx: &Context, file: &Element, out: &mut Vec<Finding>) {
    let v = file.text.trim();
    if v.is_empty() || placeholder(v).is_some() {
        return;
    }
    match local_path(v) {
        Some(p) => require_file(cx, file.value_span(), &p, "file", out),
        None => out.push(cx.at(
            &LICENSE_FILE_URL,
            APP_META,
            file.value_span(),
            format!("licence <file> holds the URL `{v}`; it is not looked up in the package"),
        )),
    }
}

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
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    for e in &entries {
        let key = (
            e.attr("version").unwrap_or(""),
            e.attr("release").unwrap_or(""),
        );
        if !seen.insert(key) {
            out.push(cx.at(
                &CHANGELOG_DUPLICATE,
                APP_META,
                e.span.clone(),
                format!("changelog lists version {} release {} twice", key.0, key.1),
            ));
        }
    }
    if let (Some(v), Some(r)) = (version, release)
        && !v.is_empty()
        && !r.is_empty()
        && placeholder(v).is_none()
        && placeholder(r).is_none()
        && !seen.contains(&(v, r))
    {
        let latest = entries
            .last()
            .map(|e| {
                format!(
                    " (the last entry is {} / {})",
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
        ));
    }
}

/// Runs this family's checks.
pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(root) = cx.aps2_root() else { return };
    for who in ["vendor", "packager"] {
        for icon in root
            .child(who)
            .into_iter()
            .flat_map(|w| w.children_named("icon"))
        {
            require_attr(cx, icon, "path", out);
        }
    }
    let pres = root.child("presentation");
    if let Some(p) = pres {
        for icon in p.children_named("icon") {
            require_attr(cx, icon, "path", out);
        }
        for s in p.children_named("screenshot") {
            require_attr(cx, s, "path", out);
        }
        for c in p.children_named("changelog") {
            check_changelog(
                cx,
                c,
                root.child_text("version"),
                root.child_text("release"),
                out,
            );
        }
        check_languages(cx, p, out);
        check_navigation(cx, root, p, out);
    }
    for file in root
        .child("license-agreement")
        .and_then(|l| l.child("text"))
        .into_iter()
        .flat_map(|t| t.children_named("file"))
    {
        check_license_file(cx, file, out);
    }
    check_services(cx, root, out);
    check_completeness(cx, root, out);
}

fn check_services(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
    let built = cx.tree.origin.is_built();
    let mut no_schema: Vec<&Element> = Vec::new();
    let mut absent: Vec<(&Element, String)> = Vec::new();
    for s in root.children_named("service") {
        for code in s.children_named("code") {
            require_attr(cx, code, "path", out);
        }
        let schemas: Vec<&Element> = s.children_named("schema").collect();
        if schemas.is_empty() {
            no_schema.push(s);
        }
        for sc in schemas {
            let Some(a) = sc.attr_node("path") else {
                continue;
            };
            let Some(p) = local_path(&a.value) else {
                continue;
            };
            if cx.tree.has_file(&p) {
                continue;
            }
            if built {
                require_file(cx, a.value_span.clone(), &p, "schema", out);
            } else {
                absent.push((sc, p));
            }
        }
        if let Some(p) = s.child("presentation") {
            for icon in p.children_named("icon") {
                require_attr(cx, icon, "path", out);
            }
            for link in p
                .children_named("infolinks")
                .flat_map(|i| i.children_named("link"))
            {
                require_attr(cx, link, "href", out);
                if let Some(h) = link.attr_node("href")
                    && h.value.chars().any(char::is_whitespace)
                {
                    out.push(
                        cx.at(
                            &INFOLINK_HREF,
                            APP_META,
                            h.value_span.clone(),
                            format!("infolink href `{}` contains unescaped whitespace", h.value),
                        )
                        .help("write spaces as %20"),
                    );
                }
            }
        }
    }
    if built {
        for s in no_schema {
            let id = s.attr("id").unwrap_or("?");
            out.push(
                cx.at(
                    &SERVICE_WITHOUT_SCHEMA,
                    APP_META,
                    s.span.clone(),
                    format!("service `{id}` has no <schema>; a built package binds every service to a type"),
                )
                .help(format!("add <schema path=\"schemas/{id}.schema\"/> and the schema file")),
            );
        }
    } else if !no_schema.is_empty() || !absent.is_empty() {
        let mut parts = Vec::new();
        if !no_schema.is_empty() {
            let ids: Vec<&str> = no_schema
                .iter()
                .map(|s| s.attr("id").unwrap_or("?"))
                .collect();
            parts.push(format!(
                "{} service(s) have no <schema> ({})",
                ids.len(),
                ids.join(", ")
            ));
        }
        if !absent.is_empty() {
            let paths: Vec<&str> = absent.iter().map(|(_, p)| p.as_str()).collect();
            parts.push(format!(
                "{} referenced schema(s) absent ({})",
                paths.len(),
                paths.join(", ")
            ));
        }
        let span = absent
            .first()
            .and_then(|(el, _)| el.attr_node("path").map(|a| a.value_span.clone()))
            .or_else(|| no_schema.first().map(|s| s.span.clone()))
            .unwrap_or(0..0);
        out.push(
            cx.at(
                &UNBUILT_SOURCE_TREE,
                APP_META,
                span,
                format!("unbuilt source tree: {}", parts.join("; ")),
            )
            .help("`aps build` generates the schemas from scripts/*.php; lint the built package"),
        );
    }
}

fn is_nav_id(s: &str) -> bool {
    let mut c = s.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_' || f == '-')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_' || x == '-')
}

const VIEW_LIKE: &[&str] = &["view", "popup", "view-plugin"];

fn check_navigation(cx: &Context, root: &Element, pres: &Element, out: &mut Vec<Finding>) {
    // view id -> (navigation id, first element)
    let mut global: HashMap<String, String> = HashMap::new();
    let mut all_views: HashSet<String> = HashSet::new();
    for nav in pres.children_named("navigation") {
        let nav_id = nav.attr("id").unwrap_or("");
        check_id(cx, nav, out);
        let mut local: HashMap<&str, &Element> = HashMap::new();
        for el in nav.descendants() {
            if el.ns != nav.ns {
                continue;
            }
            let is_view = VIEW_LIKE.contains(&el.name.as_str());
            if el.name == "item" || is_view {
                check_id(cx, el, out);
            }
            if el.name == "item" && el.attr_node("label").is_none() {
                out.push(cx.at(
                    &ITEM_WITHOUT_LABEL,
                    APP_META,
                    el.span.clone(),
                    format!(
                        "navigation item `{}` has no label",
                        el.attr("id").unwrap_or("?")
                    ),
                ));
            }
            if !is_view {
                continue;
            }
            match el.attr_node("src") {
                Some(src) => require_attr(cx, el, &src.name, out),
                None if el.name == "view" => {
                    if let Some(id) = el.attr("id").filter(|i| !i.is_empty()) {
                        let implied = format!("ui/{id}.html");
                        require_file(cx, el.span.clone(), &implied, "view", out);
                    }
                }
                None => {}
            }
            let Some(id) = el.attr_node("id") else {
                continue;
            };
            all_views.insert(id.value.clone());
            if let Some(first) = local.get(id.value.as_str()) {
                let line = cx
                    .at(&DUPLICATE_VIEW_ID, APP_META, first.span.clone(), "")
                    .line
                    .unwrap_or(0);
                out.push(cx.at(
                    &DUPLICATE_VIEW_ID,
                    APP_META,
                    id.value_span.clone(),
                    format!(
                        "view id `{}` is used twice in navigation `{nav_id}` (first at line {line})",
                        id.value
                    ),
                ));
                continue;
            }
            local.insert(&id.value, el);
            match global.get(&id.value) {
                Some(other) if other != nav_id => out.push(cx.at(
                    &VIEW_ID_ACROSS_TREES,
                    APP_META,
                    id.value_span.clone(),
                    format!(
                        "view id `{}` of navigation `{nav_id}` is also used in navigation `{other}`",
                        id.value
                    ),
                )),
                Some(_) => {}
                None => {
                    global.insert(id.value.clone(), nav_id.to_string());
                }
            }
        }
    }
    let app_id = root.child_text("id").unwrap_or("");
    for entry in root
        .children_named("service")
        .filter_map(|s| s.child("presentation"))
        .flat_map(|p| p.children_named("entry-points"))
        .flat_map(|e| e.children_named("entry"))
    {
        if entry.attr("class") != Some("aps2-view") {
            continue;
        }
        let Some(dst) = entry.attr_node("dst") else {
            out.push(cx.at(
                &ENTRY_POINT_DST,
                APP_META,
                entry.span.clone(),
                "aps2-view entry point has no dst",
            ));
            continue;
        };
        let problem = match dst.value.split_once('#') {
            None => Some("has no `#<view id>`".to_string()),
            Some((app, _)) if app != app_id => Some(format!(
                "does not start with this application's id `{app_id}`"
            )),
            Some((_, view)) if !all_views.contains(view) => {
                Some(format!("names view `{view}`, which no navigation declares"))
            }
            Some(_) => None,
        };
        if let Some(p) = problem {
            out.push(
                cx.at(
                    &ENTRY_POINT_DST,
                    APP_META,
                    dst.value_span.clone(),
                    format!("entry point dst `{}` {p}", dst.value),
                )
                .help("write dst=\"<application id>#<view id>\""),
            );
        }
    }
}

fn check_id(cx: &Context, el: &Element, out: &mut Vec<Finding>) {
    if let Some(id) = el.attr_node("id")
        && !is_nav_id(&id.value)
    {
        out.push(cx.at(
            &NAVIGATION_ID_FORMAT,
            APP_META,
            id.value_span.clone(),
            format!(
                "<{}> id `{}` is outside [a-zA-Z_-][a-zA-Z_0-9-]*",
                el.name, id.value
            ),
        ));
    }
}

fn check_languages(cx: &Context, pres: &Element, out: &mut Vec<Finding>) {
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
        if code.is_empty() || placeholder(code).is_some() {
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
        let mut f = cx.at(
            &LANGUAGE_WITHOUT_CATALOGUE,
            APP_META,
            l.value_span(),
            format!("language `{code}` has no catalogue i18n/{code}[_CC].json or .po"),
        );
        if catalogues.is_empty() {
            f.severity = Severity::Info;
            f.message
                .push_str(" (the package has no i18n/ catalogues at all)");
        }
        out.push(f);
    }
}

fn check_completeness(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
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
        out.push(cx.at(
            &METADATA_INCOMPLETE,
            APP_META,
            root.span.clone(),
            format!("APP-META.xml has no {}", missing.join(", ")),
        ));
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
            out.push(cx.at(
                &ROOT_SERVICE_INFOLINKS,
                APP_META,
                first.span.clone(),
                format!(
                    "root service `{}` has no {} infolink",
                    first.attr("id").unwrap_or("?"),
                    lacking.join(" or ")
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testkit::{META, clean, findings, with_file, with_meta, without};
    use crate::tree::{Origin, PackageTree};

    fn count(tree: &PackageTree, code: &str) -> usize {
        findings(tree, code).len()
    }

    fn as_dir(mut t: PackageTree) -> PackageTree {
        t.origin = Origin::Directory("src".into());
        t
    }

    #[test]
    fn missing_files_point_at_the_reference() {
        let f = findings(&without("images/icon.png"), "APS0301");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].line, Some(19));
        assert_eq!(f[0].rule.vendor_code, Some("aps030"));
        assert!(f[0].message.contains("'images/icon.png'"));
        assert_eq!(count(&without("ui/main.js"), "APS0301"), 1);
        assert_eq!(count(&without("scripts/app.php"), "APS0301"), 1);
        assert_eq!(count(&without("schemas/app.schema"), "APS0301"), 1);
        assert_eq!(count(&clean(), "APS0301"), 0);
    }

    #[test]
    fn views_without_src_resolve_to_ui_html() {
        let t = with_meta(r#" src="ui/main.js""#, "");
        let f = findings(&t, "APS0301");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("ui/main.html"));
        let mut t2 = t.clone();
        t2.insert(crate::tree::Entry::memory(
            "ui/main.html",
            b"<html/>".to_vec(),
        ));
        assert_eq!(count(&t2, "APS0301"), 0);
    }

    #[test]
    fn licence_files_and_infolinks() {
        let t = with_meta(
            "<url>https://opensource.org/licenses/MIT</url>",
            "<file>doc/LICENSE</file>",
        );
        assert_eq!(count(&t, "APS0301"), 1);
        let t = with_meta(
            "<url>https://opensource.org/licenses/MIT</url>",
            "<file>http://opensource.org/licenses/bsd-license</file>",
        );
        assert_eq!(count(&t, "APS0301"), 0);
        assert_eq!(count(&t, "APS0315"), 1);
        let t = with_meta(
            "https://example.org/guide",
            "file:///doc/Deployment%20Guide.html",
        );
        let f = findings(&t, "APS0301");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("doc/Deployment Guide.html"));
        assert_eq!(count(&clean(), "APS0315"), 0);
        let t = with_meta("https://example.org/guide", "doc/Deployment Guide.html");
        assert_eq!(count(&t, "APS0316"), 1);
        assert_eq!(count(&clean(), "APS0316"), 0);
        assert_eq!(local_path("mailto:x@y"), None);
        assert_eq!(local_path("./doc/a.pdf#p2").as_deref(), Some("doc/a.pdf"));
    }

    #[test]
    fn unbuilt_source_tree_is_one_warning() {
        let t = as_dir(without("schemas/app.schema"));
        let f = findings(&t, "APS0302");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("schemas/app.schema"));
        assert_eq!(count(&t, "APS0301"), 0);
        let t = as_dir(with_meta(r#"<schema path="schemas/app.schema"/>"#, ""));
        let f = findings(&t, "APS0302");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("(app)"));
        assert_eq!(count(&t, "APS0303"), 0);
        assert_eq!(count(&as_dir(clean()), "APS0302"), 0);
        assert_eq!(count(&clean(), "APS0302"), 0);
    }

    #[test]
    fn built_service_without_schema() {
        let t = with_meta(r#"<schema path="schemas/app.schema"/>"#, "");
        assert_eq!(count(&t, "APS0303"), 1);
        assert_eq!(count(&t, "APS0302"), 0);
        assert_eq!(count(&clean(), "APS0303"), 0);
    }

    #[test]
    fn duplicate_view_ids() {
        let twice = r#"<view id="main" label="Main" src="ui/main.js"/><view id="main" label="Again" src="ui/main.js"/>"#;
        let t = with_meta(r#"<view id="main" label="Main" src="ui/main.js"/>"#, twice);
        assert_eq!(count(&t, "APS0304"), 1);
        let other = r#"</navigation>
    <navigation id="pcp" label="Demo"><item id="p" label="P"><view id="main" label="M" src="ui/main.js"/></item></navigation>"#;
        let t = with_meta("</navigation>", other);
        assert_eq!(count(&t, "APS0305"), 1);
        assert_eq!(count(&t, "APS0304"), 0);
        assert_eq!(count(&clean(), "APS0304") + count(&clean(), "APS0305"), 0);
    }

    #[test]
    fn navigation_ids_and_labels() {
        let t = with_meta(
            r#"<item id="demo" label="Demo">"#,
            r#"<item id="demo.list">"#,
        );
        assert_eq!(count(&t, "APS0306"), 1);
        assert_eq!(count(&t, "APS0307"), 1);
        assert_eq!(count(&clean(), "APS0306") + count(&clean(), "APS0307"), 0);
    }

    #[test]
    fn entry_points() {
        let entry = |dst: &str| {
            with_meta(
                "<infolinks>",
                &format!(
                    r#"<entry-points><entry class="aps2-view" dst="{dst}"><label>Go</label></entry></entry-points><infolinks>"#
                ),
            )
        };
        assert_eq!(
            count(&entry("http://example.org/aps/demo#main"), "APS0308"),
            0
        );
        assert_eq!(
            count(&entry("http://example.org/aps/demo#nope"), "APS0308"),
            1
        );
        assert_eq!(count(&entry("http://other.org/app#main"), "APS0308"), 1);
        assert_eq!(count(&clean(), "APS0308"), 0);
    }

    #[test]
    fn languages_need_catalogues() {
        let t = with_meta(
            "<language>en</language>",
            "<language>en</language><language>es</language>",
        );
        let f = findings(&t, "APS0309");
        assert_eq!(f.len(), 1);
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
        let t = with_meta(r#"release="1">"#, r#"release="0">"#);
        let f = findings(&t, "APS0311");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("release 1"));
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
        let t = with_meta(
            r#"<link class="support" href="https://example.org/support">Support</link>"#,
            "",
        );
        let f = findings(&t, "APS0314");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("support"));
        assert_eq!(count(&clean(), "APS0313") + count(&clean(), "APS0314"), 0);
    }
}

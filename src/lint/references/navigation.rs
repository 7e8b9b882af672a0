//! Navigation rules of the references family: view ids, item labels, entry points.

use std::collections::{HashMap, HashSet};

use super::{require_attr, require_file};
use crate::lint::{APP_META, Context, Finding, Rule, RuleDoc, Severity};
use crate::xml::Element;

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
              `<app-id>#<view-id>`); a duplicate is ambiguous (CloudBlue SDK \"Navigation tree elements\").",
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
              ids of their trees distinct (CloudBlue SDK \"Navigation tree elements\").",
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
               `[a-zA-Z_\\-][a-zA-Z_0-9\\-]*`. Dots are common in shipped packages. One finding \
               per navigation tree, at its first such id, names the others.",
        why: "The documented id pattern (CloudBlue SDK \"Navigation tree elements\"); \
              UX1 single-page apps are stricter still.",
        example: "<view id=\"company.edit\" label=\"Edit\"/>",
        fix: "Use letters, digits, `_` and `-` only (`company.edit` becomes `company-edit`), and \
              rename every reference to the id (`aps.apsc.gotoView`, entry points) with it.",
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
        why: "Items are shown in the navigation menu by their label (CloudBlue SDK \"Navigation \
              tree elements\").",
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
        why: "The entry point opens that view; any other target leads nowhere (CloudBlue SDK \"APP-META.xml\", \"Navigation tree elements\").",
        example: "<entry class=\"aps2-view\" dst=\"http://example.org/app#missing\">",
        fix: "Write `dst=\"<application id>#<view id>\"` for an existing view.",
    },
};

fn is_nav_id(s: &str) -> bool {
    let mut c = s.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_' || f == '-')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_' || x == '-')
}

const VIEW_LIKE: &[&str] = &["view", "popup", "view-plugin"];

pub(super) fn check_navigation(
    cx: &Context,
    root: &Element,
    pres: &Element,
    out: &mut Vec<Finding>,
) {
    // view id -> (navigation id, first element)
    let mut global: HashMap<String, String> = HashMap::new();
    let mut all_views: HashSet<String> = HashSet::new();
    for nav in pres.children_named("navigation") {
        let nav_id = nav.attr("id").unwrap_or("");
        let mut bad_ids: Vec<(&Element, &crate::xml::Attr)> = Vec::new();
        collect_bad_id(nav, &mut bad_ids);
        let mut local: HashMap<&str, &Element> = HashMap::new();
        for el in nav.descendants() {
            if el.ns != nav.ns {
                continue;
            }
            let is_view = VIEW_LIKE.contains(&el.name.as_str());
            if el.name == "item" || is_view {
                collect_bad_id(el, &mut bad_ids);
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
                        require_file(cx, el.span.clone(), &implied, "<view> without src", out);
                    }
                }
                None => {}
            }
            let Some(id) = el.attr_node("id") else {
                continue;
            };
            all_views.insert(id.value.clone());
            if let Some(first) = local.get(id.value.as_str()) {
                let line = cx.line_at(APP_META, first.span.start);
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
                Some(other) if other != nav_id => out.push(
                    cx.at(
                        &VIEW_ID_ACROSS_TREES,
                        APP_META,
                        id.value_span.clone(),
                        format!(
                            "view id `{}` of navigation `{nav_id}` is also used in navigation `{other}`",
                            id.value
                        ),
                    )
                    .help(format!(
                        "Give the views distinct ids, e.g. `{other}-{0}` and `{nav_id}-{0}`.",
                        id.value
                    )),
                ),
                Some(_) => {}
                None => {
                    global.insert(id.value.clone(), nav_id.to_string());
                }
            }
        }
        report_bad_ids(cx, nav_id, &bad_ids, out);
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
                .help(dst_help(
                    app_id,
                    dst.value.split_once('#').map(|(_, v)| v),
                    &all_views,
                )),
            );
        }
    }
}

/// The help of an entry-point finding: this application's id and a declared view, the one
/// named when it exists.
fn dst_help(app_id: &str, view: Option<&str>, views: &HashSet<String>) -> String {
    match view.filter(|v| views.contains(*v)) {
        Some(v) => format!("Write `dst=\"{app_id}#{v}\"`."),
        None => {
            let mut known: Vec<&str> = views.iter().map(String::as_str).collect();
            known.sort_unstable();
            let shown: Vec<String> = known.iter().take(5).map(|v| format!("`{v}`")).collect();
            if shown.is_empty() {
                format!("Write `dst=\"{app_id}#<view id>\"` for a view the navigation declares.")
            } else {
                format!(
                    "Write `dst=\"{app_id}#<view id>\"` for a declared view: {}.",
                    shown.join(", ")
                )
            }
        }
    }
}

/// Records `el`'s id when it is outside the documented pattern.
fn collect_bad_id<'e>(el: &'e Element, bad: &mut Vec<(&'e Element, &'e crate::xml::Attr)>) {
    if let Some(id) = el.attr_node("id")
        && !is_nav_id(&id.value)
    {
        bad.push((el, id));
    }
}

/// One finding per navigation tree for all its ids outside the pattern: a tree that uses
/// dotted ids uses them throughout, and one defect deserves one finding. It points at the
/// first such id and names the others.
fn report_bad_ids(
    cx: &Context,
    nav_id: &str,
    bad: &[(&Element, &crate::xml::Attr)],
    out: &mut Vec<Finding>,
) {
    let Some((first_el, first)) = bad.first() else {
        return;
    };
    let message = if bad.len() == 1 {
        format!(
            "<{}> id `{}` in navigation `{nav_id}` is outside [a-zA-Z_-][a-zA-Z_0-9-]*",
            first_el.name, first.value
        )
    } else {
        const SHOWN: usize = 4;
        let mut others: Vec<String> = bad[1..]
            .iter()
            .take(SHOWN)
            .map(|(_, a)| format!("`{}`", a.value))
            .collect();
        if bad.len() - 1 > SHOWN {
            others.push(format!("and {} more", bad.len() - 1 - SHOWN));
        }
        format!(
            "navigation `{nav_id}` has {} ids outside [a-zA-Z_-][a-zA-Z_0-9-]*: <{}> id `{}`, then {}",
            bad.len(),
            first_el.name,
            first.value,
            others.join(", ")
        )
    };
    let help = if bad.len() == 1 {
        format!("Rename it `{}`.", suggest_nav_id(&first.value))
    } else {
        format!(
            "Use letters, digits, `_` and `-` only: `{}` becomes `{}`; rename every reference \
             (`aps.apsc.gotoView`, entry points) with it.",
            first.value,
            suggest_nav_id(&first.value)
        )
    };
    out.push(
        cx.at(
            &NAVIGATION_ID_FORMAT,
            APP_META,
            first.value_span.clone(),
            message,
        )
        .help(help),
    );
}

/// `id` with every character outside the pattern replaced by `-` (and a leading digit
/// guarded by `_`).
fn suggest_nav_id(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    s
}

#[cfg(test)]
mod tests {
    use crate::lint::testkit::{clean, count, findings, with_meta};

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
        assert_eq!(
            findings(&t, "APS0306")[0].help.as_deref(),
            Some("Rename it `demo-list`.")
        );
        assert_eq!(count(&t, "APS0307"), 1);
        assert_eq!(count(&clean(), "APS0306") + count(&clean(), "APS0307"), 0);
    }

    #[test]
    fn bad_ids_are_one_finding_per_tree_at_the_first() {
        let t = with_meta(
            r#"<item id="demo" label="Demo">
        <view id="main" label="Main" src="ui/main.js"/>"#,
            r#"<item id="demo.a" label="Demo">
        <view id="main.b" label="Main" src="ui/main.js"/>
        <view id="1st" label="First" src="ui/main.js"/>"#,
        );
        let f = findings(&t, "APS0306");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].message,
            "navigation `ccp` has 3 ids outside [a-zA-Z_-][a-zA-Z_0-9-]*: <item> id `demo.a`, then `main.b`, `1st`"
        );
        let meta = t.bytes(crate::lint::APP_META).unwrap();
        assert_eq!(&meta[f[0].span.clone().unwrap()], b"demo.a");
        assert!(
            f[0].help
                .as_deref()
                .unwrap()
                .contains("`demo.a` becomes `demo-a`")
        );
        assert_eq!(super::suggest_nav_id("1st"), "_1st");
        assert_eq!(super::suggest_nav_id(""), "_");
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
        let f = findings(&entry("http://other.org/app#main"), "APS0308");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].help.as_deref(),
            Some("Write `dst=\"http://example.org/aps/demo#main\"`.")
        );
        let f = findings(&entry("http://example.org/aps/demo#nope"), "APS0308");
        assert!(
            f[0].help
                .as_deref()
                .unwrap()
                .ends_with("for a declared view: `main`.")
        );
        assert_eq!(count(&clean(), "APS0308"), 0);
    }
}

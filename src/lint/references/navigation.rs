//! Navigation rules of the references family: view ids, item labels, entry points.

use std::collections::{HashMap, HashSet};

use super::rules::*;
use super::{require_attr, require_file};
use crate::aps::APP_META;
use crate::lint::{Context, Finding};
use crate::xml::Element;

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
                out.push(cx.at_element(
                    &ITEM_WITHOUT_LABEL,
                    el,
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
                out.push(cx.at_value(&DUPLICATE_VIEW_ID, id, format!(
                        "view id `{}` is used twice in navigation `{nav_id}` (first at line {line})",
                        id.value
                    ),
                ));
                continue;
            }
            local.insert(&id.value, el);
            match global.get(&id.value) {
                Some(other) if other != nav_id => out.push(
                    cx.at_value(&VIEW_ID_ACROSS_TREES, id, format!(
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
    check_entry_points(cx, root, &all_views, out);
}

/// `aps2-view` entry points name `<application id>#<view id>` of a view some navigation declares.
fn check_entry_points(
    cx: &Context,
    root: &Element,
    all_views: &HashSet<String>,
    out: &mut Vec<Finding>,
) {
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
            out.push(cx.at_element(&ENTRY_POINT_DST, entry, "aps2-view entry point has no dst"));
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
                cx.at_value(
                    &ENTRY_POINT_DST,
                    dst,
                    format!("entry point dst `{}` {p}", dst.value),
                )
                .help(dst_help(
                    app_id,
                    dst.value.split_once('#').map(|(_, v)| v),
                    all_views,
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
        cx.at_value(&NAVIGATION_ID_FORMAT, first, message)
            .help(help),
    );
}

/// `id` with every character outside the pattern replaced by `-` (and a leading digit
/// guarded by `_`).
pub(super) fn suggest_nav_id(id: &str) -> String {
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

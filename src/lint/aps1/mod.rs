//! Rules APS09xx: APS 1.x packages, recognised and checked without APS 2 rules.
//!
//! APS 1 packages (root in `http://apstandard.com/ns/1`, or the un-namespaced APS 1.0 flat
//! layout) are judged here only. Checks that mean the same in both generations report under
//! the shared rules: placeholders (APS0205/APS0206), version format (APS0202/APS0203), service
//! ids (APS0214), referenced files (APS0301) and the changelog (APS0310–APS0312).

mod rules;
#[cfg(test)]
mod tests;

pub use rules::*;

use crate::aps::uri::is_absolute_uri;
use crate::aps::{APP_META, NS_APS1};
use crate::lint::references::{
    check_changelog, check_license_file, local_path, require_attr, require_file,
};
use crate::lint::structure::check_required;
use crate::lint::values::{
    check_placeholders, check_service_id, check_version_release, placeholder,
};
use crate::lint::{ApsGeneration, Context, Family, Finding};
use crate::xml::Element;

const NS_PHP: &str = "http://apstandard.com/ns/1/php";
const NS_DB: &str = "http://apstandard.com/ns/1/db";

const PHP_ELEMENTS: &[&str] = &[
    "version",
    "extension",
    "function",
    "safe-mode",
    "register-globals",
    "magic-quotes-gpc",
    "short-open-tag",
    "file-uploads",
    "allow-url-fopen",
    "memory-limit",
    "max-execution-time",
    "post-max-size",
    "upload-max-filesize",
    "handler",
    "permissions",
];

const DB_ELEMENTS: &[&str] = &[
    "db",
    "id",
    "default-name",
    "can-use-tables-prefix",
    "server-type",
    "server-min-version",
    "server-max-version",
    "max-db-size",
];

/// The APS 1 root: `http://apstandard.com/ns/1` or the un-namespaced 1.0 layout.
fn aps1_root<'a>(cx: &'a Context) -> Option<&'a Element> {
    match cx.generation {
        ApsGeneration::Aps1 => cx
            .meta
            .as_ref()
            .map(|d| &d.root)
            .filter(|r| !super::structure::is_aps2_without_namespace(r)),
        _ => None,
    }
}

/// Runs this family's checks.
pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(root) = aps1_root(cx) else { return };
    check_required(
        cx,
        root,
        &["name", "version", "release"],
        &APS1_REQUIRED,
        out,
    );
    if root.child("id").is_none() && root.child("packager-uri").is_none() {
        out.push(cx.at_element(
            &APS1_NO_ID,
            root,
            "APP-META.xml has no package identifier (<id> or <packager-uri>)",
        ));
    }
    check_version_release(cx, root, out);
    check_placeholders(cx, root, out);
    let all = root.descendants();
    for el in &all {
        let in_aps1 = el.ns.as_deref() == root.ns.as_deref() || el.ns.as_deref() == Some(NS_APS1);
        match el.ns.as_deref() {
            Some(NS_PHP) => check_aspect(cx, el, "php", PHP_ELEMENTS, out),
            Some(NS_DB) => check_aspect(cx, el, "db", DB_ELEMENTS, out),
            _ => {}
        }
        if !in_aps1 {
            continue;
        }
        match el.name.as_str() {
            "icon" | "screenshot" => require_attr(cx, el, "path", out),
            "service" => check_service_id(cx, el, out),
            "setting" => check_setting(cx, el, out),
            "group" if el.child("setting").is_some() && el.child("name").is_none() => {
                out.push(cx.at_element(&APS1_GROUP_UNNAMED, el, "settings group has no <name>"));
            }
            "configuration-script" => {
                if let Some(a) = el.attr_node("name")
                    && let Some(p) = local_path(&a.value)
                {
                    require_file(
                        cx,
                        a.value_span.clone(),
                        &format!("scripts/{p}"),
                        "<configuration-script name>",
                        out,
                    );
                }
            }
            _ => {}
        }
    }
    for text in all
        .iter()
        .filter(|e| e.name == "license" || e.name == "license-agreement")
        .flat_map(|l| l.children_named("text"))
    {
        for file in text.children_named("file") {
            check_license_file(cx, file, out);
        }
    }
    if let Some(lang) = root.child("configuration-script-language")
        && !cx.tree.has_file("scripts/configure")
        && !cx
            .tree
            .files()
            .any(|e| e.path.starts_with("scripts/configure."))
    {
        require_file(
            cx,
            lang.value_span(),
            "scripts/configure",
            "<configuration-script-language>",
            out,
        );
    }
    let changelogs = root.children_named("changelog").chain(
        root.children_named("presentation")
            .flat_map(|p| p.children_named("changelog")),
    );
    for c in changelogs {
        check_changelog(
            cx,
            c,
            root.child_text("version"),
            root.child_text("release"),
            out,
        );
    }
    check_mappings(cx, root, None, out);
    check_entry_points(cx, root, &all, out);
}

fn check_entry_points(cx: &Context, root: &Element, all: &[&Element], out: &mut Vec<Finding>) {
    let in_aps1 = |e: &Element| e.ns == root.ns || e.ns.as_deref() == Some(NS_APS1);
    let Some(base) = all
        .iter()
        .filter(|e| in_aps1(e) && e.name == "mapping")
        .find(|e| {
            e.attr("url")
                .is_some_and(|u| u.trim_matches('/').is_empty())
        })
        .and_then(|e| e.attr("path"))
        .and_then(local_path)
        .filter(|p| placeholder(p).is_none() && cx.tree.has_dir(p))
    else {
        return;
    };
    for entry in all.iter().filter(|e| in_aps1(e) && e.name == "entry") {
        let (value, span) = match (entry.child("path"), entry.attr_node("dst")) {
            (Some(p), _) => (p.text.trim().to_string(), p.value_span()),
            (None, Some(d)) => (d.value.clone(), d.value_span.clone()),
            (None, None) => continue,
        };
        if placeholder(&value).is_some() || value.contains("://") {
            continue;
        }
        let Some(rel) = local_path(&value) else {
            continue;
        };
        let target = format!("{base}/{}", rel.trim_end_matches('/'));
        if !cx.tree.has_file(&target) && !cx.tree.has_dir(&target) {
            out.push(cx.at(
                &APS1_ENTRY_POINT,
                APP_META,
                span,
                format!(
                    "entry point `{value}` resolves to `{target}`, which is not in the package"
                ),
            ));
        }
    }
}

/// Walks URL mappings; an explicit `path` is package-relative, an implied one is the parent's
/// path plus the mapping's `url`. Children of a missing directory are not reported again.
fn check_mappings(cx: &Context, el: &Element, parent: Option<&str>, out: &mut Vec<Finding>) {
    for child in &el.children {
        if child.name != "mapping" || child.ns != el.ns && child.ns.as_deref() != Some(NS_APS1) {
            if child.ns == el.ns {
                check_mappings(cx, child, parent, out);
            }
            continue;
        }
        let url = child.attr("url").unwrap_or("").trim_matches('/');
        let (path, span) = match child.attr_node("path") {
            Some(a) => (local_path(&a.value), a.value_span.clone()),
            None => (
                parent.map(|p| {
                    if url.is_empty() {
                        p.to_string()
                    } else {
                        format!("{p}/{url}")
                    }
                }),
                child.span.clone(),
            ),
        };
        let Some(path) = path.filter(|p| placeholder(p).is_none()) else {
            continue;
        };
        if !cx.tree.has_dir(&path) {
            out.push(
                cx.at(
                    &super::references::REFERENCED_FILE_MISSING,
                    APP_META,
                    span,
                    format!(
                        "<mapping url=\"{}\"> maps directory `{path}/`, which is not in the package",
                        child.attr("url").unwrap_or("")
                    ),
                )
                .help(format!(
                    "Add the `{path}/` directory to the package, or correct the mapping path."
                )),
            );
            continue;
        }
        check_mappings(cx, child, Some(&path), out);
    }
}

fn check_aspect(cx: &Context, el: &Element, prefix: &str, known: &[&str], out: &mut Vec<Finding>) {
    if known.contains(&el.name.as_str()) {
        return;
    }
    let dashed = el.name.replace('_', "-");
    let help = if known.contains(&dashed.as_str()) {
        format!("Did you mean `<{prefix}:{dashed}>`?")
    } else {
        format!(
            "Use one of the {prefix} aspect's elements: {}.",
            known.join(", ")
        )
    };
    out.push(
        cx.at_element(
            &APS1_ASPECT_ELEMENT,
            el,
            format!(
                "<{prefix}:{}> is not an element of the {prefix} aspect",
                el.name
            ),
        )
        .help(help),
    );
}

fn is_host_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.trim_end_matches('.').split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

fn check_setting(cx: &Context, setting: &Element, out: &mut Vec<Finding>) {
    let Some(d) = setting.attr_node("default-value") else {
        return;
    };
    let v = d.value.as_str();
    if v.is_empty() || placeholder(v).is_some() {
        return;
    }
    let ty = setting.attr("type").unwrap_or("string");
    let problem = match ty {
        "host-name" | "domain-name" if !is_host_name(v) => Some(format!("is not a {ty}")),
        "email" => match v.split_once('@') {
            Some((l, dom)) if !l.is_empty() && is_host_name(dom) => None,
            _ => Some("is not an e-mail address".into()),
        },
        "integer" if v.parse::<i64>().is_err() => Some("is not an integer".into()),
        "float" | "number" if v.parse::<f64>().is_err() => Some("is not a number".into()),
        "boolean" if !matches!(v, "true" | "false") => Some("is not `true` or `false`".into()),
        "url" | "uri" if !is_absolute_uri(v) => Some("is not an absolute URI".into()),
        "enum" => {
            let ids: Vec<&str> = setting
                .children_named("choice")
                .filter_map(|c| c.attr("id"))
                .collect();
            (!ids.contains(&v)).then(|| format!("is not one of the choices ({})", ids.join(", ")))
        }
        _ => None,
    };
    let len = v.chars().count();
    let problem = problem.or_else(|| {
        let attr = |n: &str| setting.attr(n).and_then(|x| x.trim().parse::<usize>().ok());
        match (attr("min-length"), attr("max-length")) {
            (Some(min), _) if len < min => Some(format!("is shorter than min-length {min}")),
            (_, Some(max)) if len > max => Some(format!("is longer than max-length {max}")),
            _ => None,
        }
    });
    if let Some(p) = problem {
        out.push(
            cx.at_value(
                &APS1_SETTING_DEFAULT,
                d,
                format!(
                    "setting `{}`: default-value `{v}` {p} (type `{ty}`)",
                    setting.attr("id").unwrap_or("?")
                ),
            )
            .help(format!(
                "Write a default-value that is a valid `{ty}`, or change the setting's type."
            )),
        );
    }
}

/// The aps1 family's entry in [`crate::lint::FAMILIES`].
pub static FAMILY: Family = Family {
    name: "aps1",
    codes: "APS09xx",
    summary: "APS 1.x packages",
    rules: RULES,
    check,
};

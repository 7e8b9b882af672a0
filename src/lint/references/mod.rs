//! Rules APS03xx: files referenced from APP-META.xml, unbuilt source trees, navigation, i18n
//! catalogues, changelog and metadata completeness.

mod rules;
#[cfg(test)]
mod tests;

pub use rules::*;

use std::ops::Range;

pub(crate) mod catalogue;
pub(crate) mod navigation;

pub use catalogue::check_changelog;

use crate::aps::APP_META;
use crate::lint::values::placeholder;
use crate::lint::{Context, Family, Finding};
use crate::xml::Element;

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

/// `href` with every whitespace character percent-encoded.
fn escape_whitespace(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    for c in href.chars() {
        if c.is_whitespace() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Reports [`REFERENCED_FILE_MISSING`] when `path` is not a regular file of the tree; `what`
/// names the reference in the message (`<icon path>`).
pub fn require_file(
    cx: &Context,
    span: Range<usize>,
    path: &str,
    what: &str,
    out: &mut Vec<Finding>,
) {
    if !cx.tree.has_file(path) {
        out.push(
            cx.at(
                &REFERENCED_FILE_MISSING,
                APP_META,
                span,
                format!("{what} refers to `{path}`, which is not in the package"),
            )
            .help(format!(
                "Add `{path}` to the package, or correct the reference in APP-META.xml."
            )),
        );
    }
}

/// Checks a `path`-attribute reference (icons, screenshots, code, schema).
pub fn require_attr(cx: &Context, el: &Element, attr: &str, out: &mut Vec<Finding>) {
    if let Some(a) = el.attr_node(attr)
        && placeholder(&a.value).is_none()
        && let Some(p) = local_path(&a.value)
    {
        require_file(
            cx,
            a.value_span.clone(),
            &p,
            &format!("<{} {attr}>", el.name),
            out,
        );
    }
}

/// Checks a licence `<text><file>`: a relative path must exist; a URL is only info.
pub fn check_license_file(cx: &Context, file: &Element, out: &mut Vec<Finding>) {
    let v = file.text.trim();
    if v.is_empty() || placeholder(v).is_some() {
        return;
    }
    match local_path(v) {
        Some(p) => require_file(cx, file.value_span(), &p, "licence <file>", out),
        None => out.push(
            cx.at(
                &LICENSE_FILE_URL,
                APP_META,
                file.value_span(),
                format!("licence <file> holds the URL `{v}`; it is not looked up in the package"),
            )
            .help(format!("Write `<url>{v}</url>` instead.")),
        ),
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
        catalogue::check_languages(cx, p, out);
        navigation::check_navigation(cx, root, p, out);
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
    catalogue::check_completeness(cx, root, out);
}

fn check_services(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
    let built = cx.tree.is_built();
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
                require_file(cx, a.value_span.clone(), &p, "<schema path>", out);
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
                        cx.at_value(
                            &INFOLINK_HREF,
                            h,
                            format!("infolink href `{}` contains unescaped whitespace", h.value),
                        )
                        .help(format!(
                            "Escape the whitespace: `{}`, or rename the file.",
                            escape_whitespace(&h.value)
                        )),
                    );
                }
            }
        }
    }
    if built {
        for s in no_schema {
            let id = s.attr("id").unwrap_or("?");
            out.push(
                cx.at_element(&SERVICE_WITHOUT_SCHEMA, s, format!("service `{id}` has no <schema>; a built package binds every service to a type"),
                )
                .help(format!(
                    "Add `<schema path=\"schemas/{id}.schema\"/>` to the service and the schema file to the package."
                )),
            );
        }
    } else if !no_schema.is_empty() || !absent.is_empty() {
        let mut parts = Vec::new();
        if !no_schema.is_empty() {
            let ids: Vec<&str> = no_schema
                .iter()
                .map(|s| s.attr("id").unwrap_or("?"))
                .collect();
            parts.push(match ids.as_slice() {
                [one] => format!("service `{one}` has no <schema>"),
                _ => format!(
                    "{} services have no <schema> ({})",
                    ids.len(),
                    ids.join(", ")
                ),
            });
        }
        if !absent.is_empty() {
            let paths: Vec<&str> = absent.iter().map(|(_, p)| p.as_str()).collect();
            parts.push(match paths.as_slice() {
                [one] => format!("the referenced schema {one} is absent"),
                _ => format!(
                    "{} referenced schemas are absent ({})",
                    paths.len(),
                    paths.join(", ")
                ),
            });
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
            .help(
                "Build the package (`aps build` generates the schemas from scripts/*.php) and lint the result.",
            ),
        );
    }
}

/// The references family's entry in [`crate::lint::FAMILIES`].
pub static FAMILY: Family = Family {
    name: "references",
    codes: "APS03xx",
    summary: "referenced files, unbuilt trees, navigation, i18n, changelog",
    rules: RULES,
    check,
};

//! Rules APS01xx: APP-META.xml well-formedness, root element, namespace, format version, element order.

mod rules;
#[cfg(test)]
mod tests;

pub use rules::*;

use std::collections::HashMap;

use crate::aps::{APP_META, NS_APS1, NS_APS2};
use crate::lint::{ApsGeneration, Context, Family, Finding, Rule};
use crate::xml::Element;

/// Top-level elements of an APS 2 `<application>` in documented order (same rank = either).
const TOP_ORDER: &[(&str, u8)] = &[
    ("id", 0),
    ("name", 1),
    ("version", 2),
    ("release", 3),
    ("homepage", 4),
    ("vendor", 5),
    ("packager", 6),
    ("presentation", 7),
    ("license-agreement", 8),
    ("upgrade", 9),
    ("patch", 9),
    ("service", 10),
    ("privileges", 11),
];

/// Known children and attributes of checked APS 2 elements, keyed by `parent/element` path.
fn known(path: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match path {
        "application" => (
            &[
                "id",
                "name",
                "version",
                "release",
                "homepage",
                "vendor",
                "packager",
                "presentation",
                "license-agreement",
                "upgrade",
                "patch",
                "service",
                "privileges",
            ],
            &["version", "packaged"],
        ),
        "vendor" => (&["name", "homepage", "icon"], &[]),
        "packager" => (&["name", "homepage", "icon", "uri"], &[]),
        "presentation" => (
            &[
                "summary",
                "description",
                "icon",
                "screenshot",
                "changelog",
                "categories",
                "languages",
                "navigation",
            ],
            &[],
        ),
        "license-agreement" => (&["free", "commercial", "text"], &["must-accept"]),
        "license-agreement/text" => (&["name", "file", "url"], &[]),
        "service" => (&["schema", "code", "presentation"], &["id"]),
        "service/presentation" => (
            &[
                "name",
                "summary",
                "description",
                "icon",
                "infolinks",
                "entry-points",
                "color",
                "font-color",
            ],
            &[],
        ),
        "upgrade" | "patch" => (&[], &["match"]),
        _ => return None,
    })
}

/// Runs this family's checks.
pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(bytes) = cx.tree.bytes(APP_META) else {
        if cx.tree.get(APP_META).is_none() {
            out.push(app_meta_missing(cx));
        }
        return;
    };
    if !parses(cx, bytes, out) {
        return;
    }
    let Some(doc) = &cx.meta else { return };
    if let Some(enc) = &doc.declared_encoding
        && !enc.eq_ignore_ascii_case("utf-8")
        && !enc.eq_ignore_ascii_case("utf8")
    {
        out.push(
            cx.at(
                &APP_META_ENCODING,
                APP_META,
                declared_encoding_span(bytes, enc),
                format!("APP-META.xml declares encoding `{enc}`; it must be UTF-8"),
            )
            .help(format!(
                "Convert the file from {enc} to UTF-8 and write `encoding=\"UTF-8\"`."
            )),
        );
    }
    if !root_is_known(cx, &doc.root, out) {
        return;
    }
    let Some(root) = cx.aps2_root() else { return };
    check_version_attr(cx, root, out);
    check_required(
        cx,
        root,
        &["id", "name", "version", "release"],
        &REQUIRED_ELEMENT,
        out,
    );
    check_order(cx, root, out);
    check_unknown(cx, root, "application", out);
    check_services(cx, root, out);
    if root.attr("packaged").is_none() {
        let mut f = cx.at_element(
            &PACKAGED_MISSING,
            root,
            "<application> has no `packaged` attribute",
        );
        if !cx.tree.is_built() {
            f.message
                .push_str(" (normal in a source tree: the build adds it)");
        }
        out.push(f);
    }
}

/// No APP-META.xml at the root: the finding names one that sits in a folder, if any.
fn app_meta_missing(cx: &Context) -> Finding {
    let elsewhere = cx.tree.files().map(|e| e.path.as_str()).find(|p| {
        p.eq_ignore_ascii_case(APP_META) || p.rsplit('/').next().is_some_and(|n| n == APP_META)
    });
    let help = match elsewhere {
        Some(p) => format!(
            "Move `{p}` to `APP-META.xml` at the root of the package, with no wrapping folder."
        ),
        None => "Add APP-META.xml at the root of the package, with no wrapping folder.".to_string(),
    };
    Finding::new(
        &APP_META_MISSING,
        "the package has no APP-META.xml at its root",
    )
    .help(help)
}

/// False (with a finding) when APP-META.xml is not UTF-8 or not well-formed.
fn parses(cx: &Context, bytes: &[u8], out: &mut Vec<Finding>) -> bool {
    if let Err(e) = std::str::from_utf8(bytes) {
        let at = e.valid_up_to();
        out.push(cx.at(
            &APP_META_ENCODING,
            APP_META,
            at..at + 1,
            format!("APP-META.xml is not valid UTF-8 (first bad byte at offset {at})"),
        ));
        return false;
    }
    if let Some(err) = &cx.meta_error {
        out.push(
            cx.at(
                &APP_META_MALFORMED,
                APP_META,
                err.offset..err.offset,
                format!("APP-META.xml is not well-formed XML: {}", err.message),
            )
            .help(format!(
                "{} (The vendor tool reports this as \"XML structure is broken\".)",
                APP_META_MALFORMED.doc.fix
            )),
        );
        return false;
    }
    true
}

/// False (with a finding) when the root is not `<application>` in a known namespace.
fn root_is_known(cx: &Context, root: &Element, out: &mut Vec<Finding>) -> bool {
    if root.name != "application" {
        out.push(cx.at_element(
            &ROOT_ELEMENT,
            root,
            format!("the root element is <{}>, not <application>", root.name),
        ));
        return false;
    }
    let problem = if cx.generation == ApsGeneration::Unknown {
        Some((
            format!(
                "<application> is in namespace `{}`, which is neither APS 2 (`{NS_APS2}`) nor APS 1 (`{NS_APS1}`)",
                root.ns.as_deref().unwrap_or("")
            ),
            format!("Use `xmlns=\"{NS_APS2}\"` for an APS 2 package."),
        ))
    } else if is_aps2_without_namespace(root) {
        Some((
            format!(
                "<application version=\"{}\"> has no namespace; APS 2 needs xmlns=\"{NS_APS2}\"",
                root.attr("version").unwrap_or("")
            ),
            format!("Add `xmlns=\"{NS_APS2}\"` to <application>."),
        ))
    } else {
        None
    };
    let Some((message, help)) = problem else {
        return true;
    };
    out.push(cx.at_element(&UNKNOWN_NAMESPACE, root, message).help(help));
    false
}

/// Where the XML declaration names `enc`: the name itself when found in the declaration,
/// else the start of the file.
fn declared_encoding_span(bytes: &[u8], enc: &str) -> std::ops::Range<usize> {
    let head = &bytes[..bytes.len().min(200)];
    let decl_end = head
        .windows(2)
        .position(|w| w == b"?>")
        .unwrap_or(head.len());
    head[..decl_end]
        .windows(enc.len().max(1))
        .position(|w| w.eq_ignore_ascii_case(enc.as_bytes()))
        .map_or(0..decl_end.min(40), |at| at..at + enc.len())
}

/// An un-namespaced `<application>` whose format version says APS 2: a forgotten `xmlns`,
/// not the APS 1.0 flat layout (which has no version attribute, or a 1.x one).
pub fn is_aps2_without_namespace(root: &Element) -> bool {
    root.name == "application"
        && root.ns.is_none()
        && root
            .attr("version")
            .is_some_and(|v| v.trim().starts_with("2."))
}

fn is_major_minor(v: &str) -> bool {
    let Some((a, b)) = v.split_once('.') else {
        return false;
    };
    let part = |p: &str| {
        !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()) && (p == "0" || !p.starts_with('0'))
    };
    part(a) && part(b)
}

fn check_version_attr(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
    match root.attr_node("version") {
        None => out.push(
            cx.at_element(&FORMAT_VERSION, root, "<application> has no `version` attribute",
            )
            .help("Write `version=\"2.0\"` on <application>."),
        ),
        Some(a) if !is_major_minor(&a.value) => out.push(
            cx.at_value(&FORMAT_VERSION, a, format!(
                    "<application version=\"{}\"> is not `major.minor` (integers without leading zeros)",
                    a.value
                ),
            )
            .help("Write `version=\"2.0\"` on <application>."),
        ),
        Some(_) => {}
    }
}

/// Reports each of the top-level elements `names` that `root` lacks or leaves empty, as `rule`
/// (APS 1 and APS 2 share the messages and help).
pub(crate) fn check_required(
    cx: &Context,
    root: &Element,
    names: &[&str],
    rule: &'static Rule,
    out: &mut Vec<Finding>,
) {
    for &name in names {
        match root.child(name) {
            None => out.push(
                cx.at(
                    rule,
                    APP_META,
                    root.span.clone(),
                    format!("required element <{name}> is missing from <application>"),
                )
                .help(format!(
                    "Add `{}` to <application>.",
                    required_example(name)
                )),
            ),
            Some(el) if el.text.trim().is_empty() => out.push(
                cx.at(
                    rule,
                    APP_META,
                    el.span.clone(),
                    format!("required element <{name}> is empty"),
                )
                .help(format!("Give it a value: `{}`.", required_example(name))),
            ),
            Some(_) => {}
        }
    }
}

/// An example of a required top-level element with a value (APS 1 and APS 2).
pub(crate) fn required_example(name: &str) -> String {
    let value = match name {
        "id" => "http://www.example.com/aps/myapp",
        "name" => "My App",
        "version" => "1.0",
        _ => "1",
    };
    format!("<{name}>{value}</{name}>")
}

fn check_order(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
    let mut highest: Option<(u8, &str)> = None;
    for child in root.children.iter().filter(|c| c.ns == root.ns) {
        let Some(&(_, rank)) = TOP_ORDER.iter().find(|(n, _)| *n == child.name) else {
            continue;
        };
        match highest {
            Some((h, after)) if rank < h => out.push(
                cx.at_element(&ELEMENT_ORDER, child, format!("<{}> comes after <{after}>; the documented order puts it before", child.name),
                )
                .help(format!(
                    "Move <{}> before <{after}>; the order is id, name, version, release, homepage, vendor, packager, presentation, license-agreement, upgrade|patch, service, privileges.",
                    child.name
                )),
            ),
            Some((h, _)) if rank == h => {}
            _ => highest = Some((rank, child.name.as_str())),
        }
    }
}

fn check_unknown(cx: &Context, el: &Element, path: &str, out: &mut Vec<Finding>) {
    let Some((children, attrs)) = known(path) else {
        return;
    };
    for a in &el.attrs {
        if a.ns.is_some() || a.name == "xmlns" || a.name.starts_with("xmlns:") {
            continue;
        }
        if !attrs.contains(&a.name.as_str()) {
            let help = if attrs.is_empty() {
                format!("Remove `{}`: <{}> takes no attributes.", a.name, el.name)
            } else {
                format!(
                    "Correct the name or remove `{}`; <{}> takes {}.",
                    a.name,
                    el.name,
                    attrs
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            out.push(
                cx.at(
                    &UNKNOWN_ATTRIBUTE,
                    APP_META,
                    a.name_span.clone(),
                    format!("attribute `{}` is not known on <{}>", a.name, el.name),
                )
                .help(help),
            );
        }
    }
    for c in el
        .children
        .iter()
        .filter(|c| c.ns.as_deref() == Some(NS_APS2))
    {
        if !children.contains(&c.name.as_str()) {
            out.push(cx.at_element(
                &UNKNOWN_ELEMENT,
                c,
                format!("element <{}> is not known inside <{}>", c.name, el.name),
            ));
            continue;
        }
        let child_path = match (path, c.name.as_str()) {
            ("application", name) => name.to_string(),
            ("license-agreement", "text") => "license-agreement/text".into(),
            ("service", "presentation") => "service/presentation".into(),
            _ => continue,
        };
        check_unknown(cx, c, &child_path, out);
    }
}

fn check_services(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
    let services: Vec<&Element> = root.children_named("service").collect();
    if services.is_empty() {
        out.push(cx.at_element(&NO_SERVICE, root, "APP-META.xml declares no <service>"));
        return;
    }
    let mut seen: HashMap<&str, &Element> = HashMap::new();
    for s in services {
        let Some(id) = s.attr_node("id") else {
            continue;
        };
        if let Some(first) = seen.get(id.value.as_str()) {
            let line = cx.line_at(APP_META, first.span.start);
            out.push(cx.at_value(
                &DUPLICATE_SERVICE,
                id,
                format!(
                    "service id `{}` is declared twice (first at line {line})",
                    id.value
                ),
            ));
        } else {
            seen.insert(&id.value, s);
        }
    }
}

/// The structure family's entry in [`crate::lint::FAMILIES`].
pub static FAMILY: Family = Family {
    name: "structure",
    codes: "APS01xx",
    summary: "APP-META.xml well-formedness, root, namespace, element order",
    rules: RULES,
    check,
};

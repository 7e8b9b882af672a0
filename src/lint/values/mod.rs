//! Rules APS02xx: APP-META value formats: ids, versions, placeholders, RQL, dates, colours, codes.

mod rules;
#[cfg(test)]
mod tests;

pub use rules::*;

use std::ops::Range;

use crate::aps::uri::is_absolute_uri;
use crate::aps::{APP_META, is_colour};
use crate::lint::{Context, Family, Finding};
use crate::xml::Element;

mod formats;

pub use formats::is_datetime;

/// The first `%NAME%` template placeholder in `s` (upper-case letters, digits, `_`).
pub fn placeholder(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let mut j = i + 1;
            while j < b.len()
                && (b[j].is_ascii_uppercase() || b[j].is_ascii_digit() || b[j] == b'_')
            {
                j += 1;
            }
            if j < b.len() && b[j] == b'%' && j > i + 1 && b[i + 1].is_ascii_uppercase() {
                return Some(&s[i..=j]);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    None
}

/// True if `text` contains the typesetting filler "lorem ipsum" (any case and spacing).
fn is_filler(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .take(64)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_ascii_lowercase()
        })
        .collect();
    words.windows(2).any(|w| w[0] == "lorem" && w[1] == "ipsum")
}

/// Elements whose text is typed (a placeholder there is an error).
const TYPED_ELEMENTS: &[&str] = &["id", "version", "release", "installed-size", "language"];
/// Attributes whose value is typed.
const TYPED_ATTRS: &[&str] = &["version", "release", "packaged", "match", "must-accept"];

/// Reports every placeholder in element text and attribute values under `root`, as
/// [`PLACEHOLDER`] in typed fields and [`PLACEHOLDER_TEXT`] elsewhere. A `changelog`'s own text
/// is left to the changelog rule.
pub fn check_placeholders(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
    let mut all = vec![root];
    all.extend(root.descendants());
    for el in all {
        if el.name != "changelog"
            && let Some(p) = placeholder(&el.text)
        {
            let typed = TYPED_ELEMENTS.contains(&el.name.as_str());
            let what = format!("<{}>", el.name);
            out.push(placeholder_finding(cx, typed, el.value_span(), &what, p));
        }
        if !TYPED_ELEMENTS.contains(&el.name.as_str()) && is_filler(&el.text) {
            out.push(
                cx.at(
                    &FILLER_TEXT,
                    APP_META,
                    el.value_span(),
                    format!("<{}> is lorem-ipsum filler text", el.name),
                )
                .help(format!("Write the real text of <{}>.", el.name)),
            );
        }
        for a in &el.attrs {
            if let Some(p) = placeholder(&a.value) {
                let typed = TYPED_ATTRS.contains(&a.name.as_str());
                let what = format!("<{} {}>", el.name, a.name);
                out.push(placeholder_finding(
                    cx,
                    typed,
                    a.value_span.clone(),
                    &what,
                    p,
                ));
            }
        }
    }
}

/// A placeholder `p` found in `what` (an element or attribute) at `span`: [`PLACEHOLDER`] when
/// the field is typed, [`PLACEHOLDER_TEXT`] otherwise.
fn placeholder_finding(
    cx: &Context,
    typed: bool,
    span: Range<usize>,
    what: &str,
    p: &str,
) -> Finding {
    let rule = if typed {
        &PLACEHOLDER
    } else {
        &PLACEHOLDER_TEXT
    };
    cx.at(
        rule,
        APP_META,
        span,
        format!("{what} holds the unfilled placeholder `{p}`"),
    )
    .help(format!(
        "Replace `{p}` with the real value (run the template step that fills it) before packaging."
    ))
}

fn is_dotted_number(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
}

/// Reports a service id with whitespace (APS 1 and APS 2).
pub fn check_service_id(cx: &Context, service: &Element, out: &mut Vec<Finding>) {
    if let Some(id) = service.attr_node("id")
        && id.value.chars().any(char::is_whitespace)
    {
        out.push(
            cx.at_value(
                &SERVICE_ID_WHITESPACE,
                id,
                format!("service id `{}` contains whitespace", id.value),
            )
            .help(format!(
                "Use an identifier such as `{}`.",
                id.value
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join("-")
                    .to_ascii_lowercase()
            )),
        );
    }
}

/// Checks `version` and `release` text of `root` (APS 1 and APS 2).
pub fn check_version_release(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
    for name in ["version", "release"] {
        let Some(el) = root.child(name) else { continue };
        let v = el.text.trim();
        if v.is_empty() || placeholder(v).is_some() {
            continue;
        }
        let ok = v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '~'));
        if !ok {
            out.push(
                cx.at(
                    &VERSION_FORMAT,
                    APP_META,
                    el.value_span(),
                    format!("<{name}> `{v}` has characters a version does not have"),
                )
                .help(if name == "release" {
                    "Write the release as an integer: `<release>1</release>`."
                } else {
                    "Use dotted numbers: `<version>1.0.1</version>`."
                }),
            );
        } else if name == "release" && v.contains('.') && is_dotted_number(v) {
            out.push(cx.at(
                &RELEASE_NOT_INTEGER,
                APP_META,
                el.value_span(),
                format!("release `{v}` is a dotted number; it is compared segment by segment"),
            ));
        } else if name == "release" && !is_dotted_number(v) {
            out.push(
                cx.at(
                    &VERSION_FORMAT,
                    APP_META,
                    el.value_span(),
                    format!("release `{v}` is not a number"),
                )
                .help("Write the release as an integer: `<release>1</release>`."),
            );
        }
    }
}

/// Runs this family's checks.
pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(root) = cx.aps2_root() else { return };
    if let Some(id) = root.child("id") {
        let v = id.text.trim();
        if !v.is_empty() && placeholder(v).is_none() && !is_absolute_uri(v) {
            out.push(cx.at(
                &APP_ID_NOT_URI,
                APP_META,
                id.value_span(),
                format!("application id `{v}` is not an absolute URI"),
            ));
        }
    }
    check_version_release(cx, root, out);
    check_placeholders(cx, root, out);
    check_homepages(cx, root, out);
    for kind in ["upgrade", "patch"] {
        for el in root.children_named(kind) {
            formats::check_rql(cx, el, out);
        }
    }
    if let Some(p) = root.attr_node("packaged")
        && placeholder(&p.value).is_none()
        && !is_datetime(&p.value)
    {
        out.push(cx.at_value(
            &PACKAGED_FORMAT,
            p,
            format!("packaged=\"{}\" is not an xsd:dateTime", p.value),
        ));
    }
    if let Some(pres) = root.child("presentation") {
        for cats in pres.children_named("categories") {
            for c in cats.children_named("category") {
                check_category(cx, c, out);
            }
        }
        for langs in pres.children_named("languages") {
            for l in langs.children_named("language") {
                let v = l.text.trim();
                if placeholder(v).is_none() && !is_language_code(v) {
                    let mut f = cx.at(
                        &LANGUAGE_CODE,
                        APP_META,
                        l.value_span(),
                        format!("language `{v}` is not `ll` or `ll_CC`"),
                    );
                    if let Some(s) = suggest_language(v) {
                        f = f.help(format!("Write `<language>{s}</language>`."));
                    }
                    out.push(f);
                }
            }
        }
    }
    for s in root.children_named("service") {
        check_service_id(cx, s, out);
        for code in s.children_named("code") {
            match code.attr_node("engine") {
                Some(e) if e.value == "php" => {}
                Some(e) => out.push(cx.at_value(
                    &CODE_ENGINE,
                    e,
                    format!("code engine `{}` is not `php`", e.value),
                )),
                None => {
                    out.push(cx.at_element(&CODE_ENGINE, code, "<code> has no engine attribute"))
                }
            }
        }
        if let Some(p) = s.child("presentation") {
            for name in ["color", "font-color"] {
                for c in p.children_named(name) {
                    let v = c.text.trim();
                    if !is_colour(v) {
                        out.push(
                            cx.at(
                                &COLOR_FORMAT,
                                APP_META,
                                c.value_span(),
                                format!("<{name}> `{v}` is not #RRGGBB"),
                            )
                            .help(format!(
                                "Write `#` and six hex digits: `<{name}>#34495E</{name}>`."
                            )),
                        );
                    }
                }
            }
        }
    }
}

fn check_homepages(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
    let mut candidates: Vec<(&Element, &str)> = Vec::new();
    if let Some(h) = root.child("homepage") {
        candidates.push((h, "/application/homepage"));
    }
    for (parent, path) in [
        ("vendor", "/application/vendor/homepage"),
        ("packager", "/application/packager/homepage"),
    ] {
        if let Some(h) = root.child(parent).and_then(|p| p.child("homepage")) {
            candidates.push((h, path));
        }
    }
    for (h, path) in candidates {
        if h.text.trim().is_empty() {
            out.push(
                cx.at_element(&EMPTY_HOMEPAGE, h, format!("`{path}` is empty"))
                    .help("Put the URL in it, or remove the element."),
            );
        }
    }
}

/// `s` rewritten as `ll` or `ll_CC` when only case or the separator is wrong (`en-us`).
fn suggest_language(s: &str) -> Option<String> {
    let fixed = match s.split_once(['-', '_']) {
        Some((l, c)) => format!("{}_{}", l.to_ascii_lowercase(), c.to_ascii_uppercase()),
        None => s.to_ascii_lowercase(),
    };
    is_language_code(&fixed).then_some(fixed)
}

/// True for `ll` or `ll_CC`.
pub fn is_language_code(s: &str) -> bool {
    let b = s.as_bytes();
    let ll = |x: &[u8]| x.len() == 2 && x.iter().all(u8::is_ascii_lowercase);
    match b.len() {
        2 => ll(b),
        5 => ll(&b[..2]) && b[2] == b'_' && b[3..].iter().all(u8::is_ascii_uppercase),
        _ => false,
    }
}

fn check_category(cx: &Context, c: &Element, out: &mut Vec<Finding>) {
    let v = c.text.trim();
    if placeholder(v).is_some() {
        return;
    }
    let problem = if v.is_empty() {
        Some("is empty".to_string())
    } else if v.split('/').any(|p| p.trim().is_empty()) {
        Some("has an empty path segment".to_string())
    } else if !v.contains('/') {
        Some("is a single name, not a `Group/Name` path".to_string())
    } else {
        None
    };
    if let Some(p) = problem {
        out.push(cx.at(
            &CATEGORY_FORMAT,
            APP_META,
            c.value_span(),
            format!("category `{v}` {p}"),
        ));
    }
}

/// The values family's entry in [`crate::lint::FAMILIES`].
pub static FAMILY: Family = Family {
    name: "values",
    codes: "APS02xx",
    summary: "APP-META value formats: ids, versions, RQL, URLs, colours",
    rules: RULES,
    check,
};

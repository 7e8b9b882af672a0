//! Identity of an upgrade: the same application id, a higher (version, release), and an
//! `upgrade`/`patch` match of NEW that parses as RQL, uses no forbidden function and is true for
//! OLD's metadata (APS-FORMAT §2.2; CloudBlue SDK "Application Updates").

use std::ops::Range;

use super::rules::{
    ID_CHANGED, MATCH_EXCLUDES, MATCH_FORBIDDEN, MATCH_MALFORMED, MATCH_MISSING, MATCH_UNEVALUABLE,
    NOT_NEWER,
};
use super::show;
use crate::aps::APP_META;
use crate::aps::rql;
use crate::lint::{Context, Finding};
use crate::xml::{Attr, Element};

/// Adds the identity findings of upgrading `old` to `new` (both APS 2). Returns where NEW's
/// `<patch>` is when a patch match, and no upgrade match, is true for OLD.
pub fn check(old: &Context, new: &Context, out: &mut Vec<Finding>) -> Option<Range<usize>> {
    let (Some(o), Some(n)) = (old.aps2_root(), new.aps2_root()) else {
        return None;
    };
    same_application(new, o, n, out);
    higher_version(new, o, n, out);
    update_matches(new, o, n, out)
}

/// Trimmed text of `root`'s child `name`, empty when missing.
fn text(root: &Element, name: &str) -> String {
    root.child_text(name).unwrap_or("").to_string()
}

/// Where NEW's child `name` is, for findings: its text, else the root.
fn place(n: &Element, name: &str) -> Range<usize> {
    n.child(name).map_or(n.span.clone(), Element::value_span)
}

/// The application id must not change.
fn same_application(new: &Context, o: &Element, n: &Element, out: &mut Vec<Finding>) {
    let (old_id, new_id) = (text(o, "id"), text(n, "id"));
    if old_id != new_id {
        out.push(
            new.at(
                &ID_CHANGED,
                APP_META,
                place(n, "id"),
                format!(
                    "the application id changed from `{}` to `{}`: the platform sees another application and cannot upgrade the installed one",
                    show(&old_id),
                    show(&new_id)
                ),
            )
            .help(format!("Keep `<id>{}</id>` (`id` in [package]).", show(&old_id))),
        );
    }
}

/// (version, release) must rise.
fn higher_version(new: &Context, o: &Element, n: &Element, out: &mut Vec<Finding>) {
    let (ov, or) = (text(o, "version"), text(o, "release"));
    let (nv, nr) = (text(n, "version"), text(n, "release"));
    let ord = crate::aps::version::compare_pair((&nv, &nr), (&ov, &or));
    if ord != std::cmp::Ordering::Greater {
        let how = if ord.is_eq() {
            "the same as"
        } else {
            "lower than"
        };
        out.push(
            new.at(
                &NOT_NEWER,
                APP_META,
                place(n, "release"),
                format!(
                    "version {}-{} is {how} the installed {}-{}: the platform only upgrades to a higher version or release",
                    show(&nv),
                    show(&nr),
                    show(&ov),
                    show(&or)
                ),
            )
            .help(format!(
                "Raise the release above {} (or the version above {}).",
                show(&or),
                show(&ov)
            )),
        );
    }
}

/// What one match says about the installed package.
enum Verdict {
    /// True for it.
    Matched,
    /// False for it: the match as quoted, and where it is.
    Refused(String, Range<usize>),
    /// Broken, forbidden or not evaluable (already reported).
    Unknown,
}

/// NEW's `upgrade`/`patch` matches: present, valid, allowed, and one of them true for OLD.
/// Returns the patch's span when only a patch matched.
fn update_matches(
    new: &Context,
    o: &Element,
    n: &Element,
    out: &mut Vec<Finding>,
) -> Option<Range<usize>> {
    let ov = text(o, "version");
    let or = text(o, "release");
    let matches: Vec<(&Element, &Attr)> = n
        .children
        .iter()
        .filter(|c| c.ns == n.ns && (c.name == "upgrade" || c.name == "patch"))
        .filter_map(|c| c.attr_node("match").map(|m| (c, m)))
        .collect();
    if matches.is_empty() {
        out.push(
            new.at(
                &MATCH_MISSING,
                APP_META,
                n.span.clone(),
                format!(
                    "the new package declares no <upgrade match> or <patch match>, so it updates no installed version, {} included",
                    show(&ov)
                ),
            )
            .help(format!(
                "Add `upgrade = \"version=ge={}\"` to [package] (or `<upgrade match=\"version=ge={}\"/>`).",
                show(&ov),
                show(&ov)
            )),
        );
        return None;
    }
    let mut by_upgrade = false;
    let mut by_patch = None;
    let mut matched = false;
    let mut unknown = false;
    let mut refused: Vec<(String, Range<usize>)> = Vec::new();
    for (el, m) in matches {
        match evaluate(new, o, el, m, out) {
            Verdict::Matched => {
                matched = true;
                if el.name == "patch" {
                    by_patch = Some(el.span.clone());
                } else {
                    by_upgrade = true;
                }
            }
            Verdict::Refused(what, span) => refused.push((what, span)),
            Verdict::Unknown => unknown = true,
        }
    }
    if !matched && !unknown {
        for (what, span) in refused {
            out.push(
                new.at(
                    &MATCH_EXCLUDES,
                    APP_META,
                    span,
                    format!(
                        "{what} is false for the installed version {}-{}: the platform will not offer this package as its update",
                        show(&ov),
                        show(&or)
                    ),
                )
                .help(format!(
                    "Widen the match to cover version {} release {}, e.g. `version=ge={}`.",
                    show(&ov),
                    show(&or),
                    show(&ov)
                )),
            );
        }
    }
    by_patch.filter(|_| !by_upgrade)
}

/// Parses and evaluates one match against OLD, reporting what is wrong with it.
fn evaluate(new: &Context, o: &Element, el: &Element, m: &Attr, out: &mut Vec<Finding>) -> Verdict {
    let installed = |f: &str| -> Option<String> {
        match f {
            "version" | "release" | "id" | "name" => Some(text(o, f)),
            "packaged" => o.attr("packaged").map(str::to_string),
            _ => None,
        }
    };
    let expr = m.value.trim();
    let banned = rql::forbidden(&m.value);
    for f in &banned {
        out.push(
            new.at(
                &MATCH_FORBIDDEN,
                APP_META,
                inner(new, m, f.at..f.at + f.len),
                format!(
                    "<{} match=\"{}\"> uses `{}`, which the platform forbids in a package match",
                    el.name,
                    show(expr),
                    f.op
                ),
            )
            .help(format!("Remove `{}(...)`; keep only comparisons.", f.op)),
        );
    }
    let node = match rql::parse(&m.value) {
        Ok(node) => node,
        Err(e) => {
            out.push(
                new.at(
                    &MATCH_MALFORMED,
                    APP_META,
                    inner(new, m, e.offset..e.offset + 1),
                    format!(
                        "<{} match=\"{}\"> is not valid RQL: {}",
                        el.name,
                        show(expr),
                        show(&e.message)
                    ),
                )
                .help("Write comparisons such as `version=ge=1.0, release=ge=0`."),
            );
            return Verdict::Unknown;
        }
    };
    match rql::eval(&node, &installed) {
        Ok(true) => Verdict::Matched,
        Ok(false) => Verdict::Refused(
            format!("<{} match=\"{}\">", el.name, show(expr)),
            m.value_span.clone(),
        ),
        // A forbidden function is reported above, not again as unevaluable.
        Err(_) if !banned.is_empty() => Verdict::Unknown,
        Err(e) => {
            out.push(
                new.at(
                    &MATCH_UNEVALUABLE,
                    APP_META,
                    inner(new, m, e.span.clone()),
                    format!(
                        "<{} match=\"{}\"> cannot be evaluated against the installed package: {}",
                        el.name,
                        show(expr),
                        show(&e.message)
                    ),
                )
                .help("Match on `version` and `release`, e.g. `version=ge=1.0`."),
            );
            Verdict::Unknown
        }
    }
}

/// The span of `at` (offsets in the attribute's value) in APP-META.xml when the value is
/// written as it reads (no entity references), else the whole value.
fn inner(cx: &Context, a: &Attr, at: Range<usize>) -> Range<usize> {
    let raw = cx
        .tree
        .bytes(APP_META)
        .and_then(|b| b.get(a.value_span.clone()));
    if raw == Some(a.value.as_bytes()) && at.end <= a.value.len() && at.start < at.end {
        a.value_span.start + at.start..a.value_span.start + at.end
    } else {
        a.value_span.clone()
    }
}

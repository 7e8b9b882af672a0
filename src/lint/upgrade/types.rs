//! Types across an upgrade: OLD's and NEW's schemas matched by type id without version, each
//! pair compared member by member ([`super::members`]) and its type id version bump checked
//! against what the changes need; types removed (with or without services) and added.

use std::collections::BTreeMap;

use super::members::{self, Kind, Need};
use super::rules::{
    BUMP_WITHOUT_CHANGE, MEMBER_ADDED, MEMBER_CHANGED, MEMBER_REMOVED, NO_BUMP,
    REMOVED_WITH_SERVICES, SMALL_BUMP, TARGET_VERSION, TYPE_ADDED, TYPE_REMOVED, TYPES_UNKNOWN,
    VERSION_DOWN,
};
use super::show;
use crate::lint::{Context, Finding};
use crate::typeschema::read::{Json, SchemaFile};

/// One type of a package.
struct Type<'a> {
    id: &'a str,
    version: (u64, u64),
    file: &'a SchemaFile,
    root: &'a Json,
}

/// The package's types by id base; the first schema of a base wins (duplicates are lint's).
fn types<'a>(cx: &'a Context) -> BTreeMap<&'a str, Type<'a>> {
    let mut out = BTreeMap::new();
    for file in cx.schemas().parsed() {
        let (Some((id, _)), Some(root)) = (file.id(), file.root()) else {
            continue;
        };
        let Ok(tid) = crate::aps::TypeId::parse(id) else {
            continue;
        };
        if tid.structure.is_some() {
            continue;
        }
        out.entry(tid.base).or_insert(Type {
            id,
            version: tid.version.unwrap_or((0, 0)),
            file,
            root,
        });
    }
    out
}

/// `1.0`, or `(none)` for an id without version.
fn version_text(t: &Type) -> String {
    match crate::aps::TypeId::parse(t.id).ok().and_then(|t| t.version) {
        Some((a, b)) => format!("{a}.{b}"),
        None => "(none)".into(),
    }
}

/// Adds the type findings of upgrading `old` to `new`; returns the ids of the types added,
/// removed, or changed in a way that needs a major bump (what a patch must not do).
pub fn check(old: &Context, new: &Context, out: &mut Vec<Finding>) -> Vec<String> {
    let mut reshaped = Vec::new();
    let (ot, nt) = (types(old), types(new));
    let mut comparable = true;
    for (cx, t, which) in [(old, &ot, "installed (old)"), (new, &nt, "new")] {
        let services = cx
            .aps2_root()
            .map_or(0, |r| r.children_named("service").count());
        if t.is_empty() && services > 0 {
            comparable = false;
            out.push(
                Finding::new(
                    &TYPES_UNKNOWN,
                    format!(
                        "the {which} package declares {services} service{} but holds no type schema that parses (an unbuilt source tree?): type versions were not compared",
                        if services == 1 { "" } else { "s" }
                    ),
                )
                .in_file(crate::aps::APP_META),
            );
        }
    }
    if !comparable {
        return reshaped;
    }
    for (base, o) in &ot {
        let Some(n) = nt.get(base) else {
            removed(o, out);
            reshaped.push(o.id.to_string());
            continue;
        };
        if pair(new, o, n, out) == Some(Need::Major) {
            reshaped.push(n.id.to_string());
        }
    }
    for (base, n) in &nt {
        if !ot.contains_key(base) {
            reshaped.push(n.id.to_string());
            let (_, span) = n.file.id().unwrap_or((n.id, 0..0));
            out.push(new.at(
                &TYPE_ADDED,
                &n.file.path,
                span,
                format!("new type `{}`", show(n.id)),
            ));
        }
    }
    reshaped
}

fn removed(o: &Type, out: &mut Vec<Finding>) {
    let services = &o.file.services;
    if services.is_empty() {
        out.push(
            Finding::new(
                &TYPE_REMOVED,
                format!(
                    "type `{}` ({} in the installed package) is defined nowhere in the new package",
                    show(o.id),
                    show(&o.file.path)
                ),
            )
            .help(format!(
                "Keep a type with an id starting `{}/`, unless nothing refers to it.",
                show(base_of(o.id))
            )),
        );
    } else {
        let names: Vec<String> = services.iter().map(|s| format!("`{}`", show(s))).collect();
        out.push(
            Finding::new(
                &REMOVED_WITH_SERVICES,
                format!(
                    "type `{}` is gone, but the installed package declared service {} of it: its resources have no type to upgrade to",
                    show(o.id),
                    names.join(", ")
                ),
            )
            .in_file(crate::aps::APP_META)
            .help(format!(
                "Keep the type (id base `{}`), with a major version bump if its members changed.",
                show(base_of(o.id))
            )),
        );
    }
}

fn base_of(id: &str) -> &str {
    crate::aps::TypeId::parse(id).map_or(id, |t| t.base)
}

/// Compares one type present in both packages; returns the bump its changes need.
fn pair(new: &Context, o: &Type, n: &Type, out: &mut Vec<Finding>) -> Option<Need> {
    let d = members::compare(o.root, n.root);
    let file = n.file.path.as_str();
    let id_span = n.file.id().map_or(0..0, |(_, s)| s);
    for c in &d.changes {
        let (rule, text) = match c.kind {
            Kind::Added => (&MEMBER_ADDED, format!("{} added", c.what)),
            Kind::Removed => (&MEMBER_REMOVED, format!("{} removed", c.what)),
            Kind::Changed => (&MEMBER_CHANGED, format!("{} changed: {}", c.what, c.detail)),
        };
        let need = match c.need {
            Need::Minor => "a minor",
            Need::Major => "a major",
        };
        let mut text = format!("type `{}`: {text}", show(n.id));
        if matches!(c.kind, Kind::Added) && !c.detail.is_empty() {
            text.push_str(&format!(" ({})", c.detail));
        }
        text.push_str(&format!("; needs {need} type id version bump"));
        out.push(new.at(rule, file, c.at.clone().unwrap_or(id_span.clone()), text));
    }
    for m in &d.moved {
        let mut f = new.at(
            &TARGET_VERSION,
            file,
            m.at.clone(),
            format!(
                "type `{}`: {} now refers to `{}` instead of `{}`",
                show(n.id),
                m.what,
                show(&m.to),
                show(&m.from)
            ),
        );
        if !m.breaking {
            f = f.lowered();
        }
        out.push(
            f.help("Check that the resources linked today are accepted by the new target version."),
        );
    }
    let (ov, nv) = (o.version, n.version);
    let (ot, ntxt) = (version_text(o), version_text(n));
    if nv < ov {
        out.push(
            new.at(
                &VERSION_DOWN,
                file,
                id_span,
                format!(
                    "type `{}`: version {ntxt} is lower than the installed {ot}",
                    show(n.id)
                ),
            )
            .help(format!("Use a version of at least {ot}.")),
        );
        return d.need();
    }
    let bump = if nv.0 > ov.0 {
        Some(Need::Major)
    } else if nv > ov {
        Some(Need::Minor)
    } else {
        None
    };
    let Some(need) = d.need() else {
        if bump.is_some() {
            out.push(new.at(
                &BUMP_WITHOUT_CHANGE,
                file,
                id_span,
                format!("type `{}`: version raised from {ot} to {ntxt} with no change to its definition", show(n.id)),
            ));
        }
        return None;
    };
    let count = d.changes.len();
    let why = summary(&d);
    let next_minor = format!("{}.{}", ov.0, ov.1 + 1);
    let next_major = format!("{}.0", ov.0 + 1);
    let suggested = if need == Need::Major {
        &next_major
    } else {
        &next_minor
    };
    match bump {
        None => out.push(
            new.at(
                &NO_BUMP,
                file,
                id_span,
                format!(
                    "type `{}` changed ({count} change{}: {why}) but kept version {ot}; it needs a {} bump",
                    show(n.id),
                    if count == 1 { "" } else { "s" },
                    if need == Need::Major { "major" } else { "minor" }
                ),
            )
            .help(format!(
                "Change the type id to `{}/{suggested}` and update navigation var@type-id values and UI files.",
                show(base_of(n.id))
            )),
        ),
        Some(Need::Minor) if need == Need::Major => out.push(
            new.at(
                &SMALL_BUMP,
                file,
                id_span,
                format!(
                    "type `{}`: a minor bump from {ot} is not enough for {why}; it needs a major bump",
                    show(n.id)
                ),
            )
            .help(format!("Change the type id to `{}/{next_major}`.", show(base_of(n.id)))),
        ),
        _ => {}
    }
    Some(need)
}

/// The changes that need the largest bump, briefly: "property `a` removed, ...".
fn summary(d: &members::Diff) -> String {
    let need = d.need();
    let parts: Vec<String> = d
        .changes
        .iter()
        .filter(|c| Some(c.need) == need)
        .map(|c| match c.kind {
            Kind::Added => format!("{} added", c.what),
            Kind::Removed => format!("{} removed", c.what),
            Kind::Changed => format!("{} changed ({})", c.what, c.detail),
        })
        .collect();
    let shown = parts.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    if parts.len() > 3 {
        format!("{shown} and {} more", parts.len() - 3)
    } else {
        shown
    }
}

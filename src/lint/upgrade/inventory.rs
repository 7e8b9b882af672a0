//! What else an upgrade changes, as info: services added or removed, navigation views, popups
//! and view plug-ins added or removed, and files added, removed or changed (by SHA-256).

use std::collections::BTreeMap;
use std::ops::Range;

use super::rules::{
    FILE_ADDED, FILE_CHANGED, FILE_REMOVED, NAV_ADDED, NAV_REMOVED, SERVICE_ADDED, SERVICE_REMOVED,
};
use super::show;
use crate::aps::APP_META;
use crate::lint::{Context, Finding};
use crate::tree::Digest;
use crate::typeschema::read::is_schema_path;
use crate::xml::Element;

/// Navigation elements compared by id.
const NAV_KINDS: &[&str] = &["view", "popup", "view-plugin"];

/// Adds the info findings of upgrading `old` to `new`.
pub fn check(old: &Context, new: &Context, out: &mut Vec<Finding>) {
    let (Some(o), Some(n)) = (old.aps2_root(), new.aps2_root()) else {
        return;
    };
    let (os, ns) = (services(o), services(n));
    for (id, span) in &ns {
        if !os.contains_key(id) {
            out.push(new.at(
                &SERVICE_ADDED,
                APP_META,
                span.clone(),
                format!("new service `{}`", show(id)),
            ));
        }
    }
    for id in os.keys() {
        if !ns.contains_key(id) {
            out.push(
                Finding::new(
                    &SERVICE_REMOVED,
                    format!("service `{}` of the installed package is gone", show(id)),
                )
                .in_file(APP_META),
            );
        }
    }
    let (on, nn) = (navigation(o), navigation(n));
    for ((kind, id), span) in &nn {
        if !on.contains_key(&(kind, id.clone())) {
            out.push(new.at(
                &NAV_ADDED,
                APP_META,
                span.clone(),
                format!("new {kind} `{}`", show(id)),
            ));
        }
    }
    for (kind, id) in on.keys() {
        if !nn.contains_key(&(kind, id.clone())) {
            out.push(
                Finding::new(
                    &NAV_REMOVED,
                    format!("{kind} `{}` of the installed package is gone", show(id)),
                )
                .in_file(APP_META),
            );
        }
    }
    files(old, new, out);
}

/// Service ids with the span of their element (first of each id).
fn services(root: &Element) -> BTreeMap<String, Range<usize>> {
    let mut out = BTreeMap::new();
    for s in root.children_named("service") {
        if let Some(id) = s.attr("id") {
            out.entry(id.trim().to_string()).or_insert(s.span.clone());
        }
    }
    out
}

/// `(element kind, id)` of every view, popup and view plug-in under `presentation`.
fn navigation(root: &Element) -> BTreeMap<(&'static str, String), Range<usize>> {
    let mut out = BTreeMap::new();
    let Some(p) = root.child("presentation") else {
        return out;
    };
    for e in p.descendants() {
        if let Some(kind) = NAV_KINDS.iter().find(|k| **k == e.name)
            && let Some(id) = e.attr("id")
        {
            out.entry((*kind, id.trim().to_string()))
                .or_insert(e.span.clone());
        }
    }
    out
}

/// Files compared by path and digest; the files every build rewrites (APP-META.xml,
/// APP-LIST.xml) and the schemas (compared type by type) are left out.
fn files(old: &Context, new: &Context, out: &mut Vec<Finding>) {
    let skip = |p: &str| p == APP_META || p == crate::aps::APP_LIST || is_schema_path(p);
    let digests = |cx: &Context| -> BTreeMap<String, Option<Digest>> {
        cx.tree
            .files()
            .filter(|e| !skip(&e.path))
            .map(|e| (e.path.clone(), e.sha256))
            .collect()
    };
    let (o, n) = (digests(old), digests(new));
    for (path, digest) in &n {
        match o.get(path) {
            None => out.push(
                Finding::new(&FILE_ADDED, format!("new file {}", show(path))).in_file(path.clone()),
            ),
            Some(before) if before != digest => out.push(
                Finding::new(&FILE_CHANGED, format!("{} changed", show(path)))
                    .in_file(path.clone()),
            ),
            Some(_) => {}
        }
    }
    for path in o.keys() {
        if !n.contains_key(path) {
            out.push(Finding::new(
                &FILE_REMOVED,
                format!("file {} of the installed package is gone", show(path)),
            ));
        }
    }
}

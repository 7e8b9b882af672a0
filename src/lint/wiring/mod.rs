//! Rules APS10xx: how the metadata is wired to the package's own views and scripts: navigation
//! variables against the views that create their resources, required relations against the
//! code that sets them, and custom operation paths against relation URLs.
//!
//! Views and scripts are read only as far as the package shows them: a rule that needs to see a
//! view create a resource says nothing when no view does (a tree whose files are placeholders,
//! or a package that creates the resource elsewhere). They are fetched one at a time
//! ([`crate::tree::PackageTree::source`]) and dropped once scanned, so memory does not grow with
//! the package's code.

mod rules;
#[cfg(test)]
mod tests;

pub use rules::*;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::aps::type_id::TypeId;
use crate::aps::{APP_META, APPLICATION_TYPE, PLATFORM_LINKED_TYPES};
use crate::lint::{Context, Family, Finding};
use crate::typeschema::read::{JsonValue, SchemaFile};
use crate::xml::Element;

/// This family's entry in the lint table.
pub static FAMILY: Family = Family {
    name: "wiring",
    codes: "APS10xx",
    summary: "navigation variables, required relations and operation paths against the package's own views and scripts",
    rules: RULES,
    check,
};

/// Runs this family's checks.
pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(root) = cx.aps2_root() else { return };
    if let Some(pres) = root.child("presentation") {
        for nav in pres.children_named("navigation") {
            check_navigation_vars(cx, nav, out);
        }
    }
    for schema in cx.schemas().parsed() {
        check_operation_paths(cx, schema, out);
    }
    check_required_relations(cx, out);
}

/// `s` with control characters escaped, for messages.
fn shown(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

const VIEW_LIKE: &[&str] = &["view", "popup", "view-plugin"];

/// The source path of a view-like element: its `src`, else `ui/<id>.html`.
fn view_path(el: &Element) -> Option<String> {
    match el.attr("src") {
        Some(src) => crate::lint::references::local_path(src),
        None => Some(format!("ui/{}.html", el.attr("id")?)),
    }
}

/// Whether the view at `path` creates a resource of type `base`: each (view, type) pair is
/// read and answered once per navigation tree, however many holders have the view in scope.
fn view_creates(
    cx: &Context,
    known: &mut HashMap<(String, String), bool>,
    path: &str,
    base: &str,
) -> bool {
    let key = (path.to_string(), base.to_string());
    *known.entry(key).or_insert_with(|| {
        cx.tree
            .source(path)
            .is_some_and(|b| std::str::from_utf8(&b).is_ok_and(|text| creates(text, base)))
    })
}

/// The base of a type id (without its version), for matching references to any version.
fn type_base(id: &str) -> &str {
    TypeId::parse(id).map_or(id, |t| t.base)
}

/// True when `text` names the type `base` in a string literal (any version of it).
fn names_type(text: &str, base: &str) -> bool {
    if base.is_empty() {
        return false;
    }
    for quote in ['"', '\''] {
        let needle = format!("{quote}{base}");
        for (at, _) in text.match_indices(&needle) {
            let next = text[at + needle.len()..].chars().next();
            if next == Some(quote) || next == Some('/') {
                return true;
            }
        }
    }
    false
}

/// True when `text` adds a resource: a store's `add(` or an HTTP POST.
fn adds_resource(text: &str) -> bool {
    text.contains(".add(") || text.contains("\"POST\"") || text.contains("'POST'")
}

/// True when a view source creates a resource of type `base`.
fn creates(text: &str, base: &str) -> bool {
    names_type(text, base) && adds_resource(text)
}

fn check_navigation_vars(cx: &Context, nav: &Element, out: &mut Vec<Finding>) {
    let mut known = HashMap::new();
    let mut holders: Vec<&Element> = vec![nav];
    holders.extend(
        nav.descendants()
            .into_iter()
            .filter(|e| VIEW_LIKE.contains(&e.name.as_str()) && e.ns == nav.ns),
    );
    for holder in holders {
        let mut scope: Vec<&Element> = holder
            .descendants()
            .into_iter()
            .filter(|e| VIEW_LIKE.contains(&e.name.as_str()) && e.ns == nav.ns)
            .collect();
        if holder.name != "navigation" {
            scope.insert(0, holder);
        }
        for var in holder.children_named("var") {
            let required = var
                .attr("required")
                .is_none_or(|r| !r.trim().eq_ignore_ascii_case("false"));
            let Some(type_id) = var.attr_node("type-id") else {
                continue;
            };
            if !required {
                continue;
            }
            let base = type_base(type_id.value.trim());
            let creator = scope.iter().find_map(|v| {
                let path = view_path(v)?;
                view_creates(cx, &mut known, &path, base)
                    .then(|| (v.attr("id").unwrap_or("?").to_string(), path))
            });
            let Some((view, path)) = creator else {
                continue;
            };
            let name = var.attr("name").unwrap_or("?");
            out.push(
                cx.at(
                    &REQUIRED_VAR_CREATED_BY_VIEW,
                    APP_META,
                    type_id.value_span.clone(),
                    format!(
                        "variable `{}` is required, but view `{}` ({}) creates its resource: \
                         until one exists the navigation is hidden and the view cannot be reached",
                        shown(name),
                        shown(&view),
                        shown(&path)
                    ),
                )
                .help(format!(
                    "Add `required=\"false\"` to <var name=\"{}\"> and let the views handle a \
                     missing resource, or create it with the subscription and drop view `{}`.",
                    shown(name),
                    shown(&view)
                )),
            );
        }
    }
}

fn check_operation_paths(cx: &Context, schema: &SchemaFile, out: &mut Vec<Finding>) {
    let relations: Vec<&str> = schema
        .section("relations")
        .iter()
        .map(|m| m.key.as_str())
        .collect();
    if relations.is_empty() {
        return;
    }
    for op in schema.section("operations") {
        let Some(path) = op.value.get("path") else {
            continue;
        };
        let Some(p) = path.as_str() else { continue };
        let first = p.trim_start_matches('/').split('/').next().unwrap_or("");
        if first.is_empty() || !relations.contains(&first) {
            continue;
        }
        out.push(
            cx.at(
                &OPERATION_IN_RELATION_PATH,
                &schema.path,
                path.span.clone(),
                format!(
                    "operation `{}` at `{}` lies in the URL space of relation `{}`",
                    shown(&op.key),
                    shown(p),
                    shown(first)
                ),
            )
            .help(format!(
                "Move operation `{}` to the type the `{}` relation links to, or give it a path \
                 that does not start with `/{}`.",
                shown(&op.key),
                shown(first),
                shown(first)
            )),
        );
    }
}

/// True when `text` assigns something to relation `name`: a JS object key or property
/// assignment, or a PHP property or array assignment.
fn sets_relation(text: &str, name: &str) -> bool {
    for (at, _) in text.match_indices(name) {
        let before = &text[..at];
        let after = &text[at + name.len()..];
        let prev = before.chars().next_back();
        if prev.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if after.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let after_quote = after.strip_prefix(['"', '\'']);
        let quoted = after_quote.is_some() && before.ends_with(['"', '\'']);
        let rest = after_quote.unwrap_or(after);
        let rest = rest.strip_prefix(']').unwrap_or(rest).trim_start();
        let assigns = (rest.starts_with('=') && !rest.starts_with("=="))
            || (rest.starts_with("=>") && quoted);
        let key = rest.starts_with(':') && !rest.starts_with("::");
        if assigns || key {
            return true;
        }
    }
    false
}

/// A required, single relation of a type, which some view or script must set.
struct Needed<'s> {
    schema: &'s SchemaFile,
    base: &'s str,
    key: &'s str,
    key_span: std::ops::Range<usize>,
}

fn check_required_relations(cx: &Context, out: &mut Vec<Finding>) {
    let schemas: Vec<&SchemaFile> = cx.schemas().parsed().collect();
    let mut needed = Vec::new();
    for schema in &schemas {
        let Some((id, _)) = schema.id() else { continue };
        let base = type_base(id);
        for rel in schema.section("relations") {
            let flag = |key: &str| {
                rel.value
                    .get(key)
                    .is_some_and(|v| v.value == JsonValue::Bool(true))
            };
            if !flag("required") || flag("collection") {
                continue;
            }
            let Some(target) = rel.value.get("type").and_then(|t| t.as_str()) else {
                continue;
            };
            if platform_links(&schemas, base, target) {
                continue;
            }
            needed.push(Needed {
                schema,
                base,
                key: &rel.key,
                key_span: rel.key_span.clone(),
            });
        }
    }
    if needed.is_empty() {
        return;
    }
    let (creators, set) = scan_sources(cx, &needed);
    for n in needed {
        let Some(creator) = creators.get(n.base) else {
            continue;
        };
        if set.contains(n.key) {
            continue;
        }
        out.push(
            cx.at(
                &REQUIRED_RELATION_NEVER_SET,
                &n.schema.path,
                n.key_span,
                format!(
                    "relation `{}` is required, but {} creates this type without setting \
                     it, and no view or script sets it",
                    shown(n.key),
                    shown(creator)
                ),
            )
            .help(format!(
                "Set `{}: {{ aps: {{ id: ... }} }}` where {} creates the resource, or make \
                 the relation optional.",
                shown(n.key),
                shown(creator)
            )),
        );
    }
}

/// One pass over the package's views and scripts, each read on its own: the first view (in path
/// order) that creates each type of `needed`, and the relation names some source sets.
fn scan_sources<'n>(
    cx: &Context,
    needed: &[Needed<'n>],
) -> (BTreeMap<&'n str, String>, BTreeSet<&'n str>) {
    let bases: BTreeSet<&str> = needed.iter().map(|n| n.base).collect();
    let keys: BTreeSet<&str> = needed.iter().map(|n| n.key).collect();
    let mut creators: BTreeMap<&str, String> = BTreeMap::new();
    let mut set: BTreeSet<&str> = BTreeSet::new();
    let sources = cx
        .tree
        .files()
        .filter(|e| e.path.starts_with("ui/") || e.path.starts_with("scripts/"))
        .filter(|e| crate::tree::is_checked_source(&e.path));
    for e in sources {
        let Some(bytes) = cx.tree.source(&e.path) else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        if e.path.starts_with("ui/") {
            for base in &bases {
                if !creators.contains_key(base) && creates(text, base) {
                    creators.insert(base, e.path.clone());
                }
            }
        }
        for key in &keys {
            if !set.contains(key) && sets_relation(text, key) {
                set.insert(key);
            }
        }
    }
    (creators, set)
}

/// True when the platform links a new resource of type `base` to `target` by itself.
fn platform_links(schemas: &[&SchemaFile], base: &str, target: &str) -> bool {
    let target_base = type_base(target);
    if PLATFORM_LINKED_TYPES
        .iter()
        .any(|t| type_base(t) == target_base)
    {
        return true;
    }
    let Some(linked) = schemas
        .iter()
        .find(|s| s.id().is_some_and(|(id, _)| type_base(id) == target_base))
    else {
        return false;
    };
    if linked
        .implements()
        .iter()
        .any(|(i, _)| type_base(i) == type_base(APPLICATION_TYPE))
    {
        return true;
    }
    linked.section("relations").iter().any(|r| {
        r.value
            .get("type")
            .and_then(|t| t.as_str())
            .is_some_and(|t| type_base(t) == base)
    })
}

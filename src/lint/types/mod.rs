//! Rules APS05xx: across files: service bindings, type ids, type resolution.
//!
//! Every APS 2 service binds to a type defined in the package, type ids are unique, one type
//! implements the core application type, and every type a schema or APP-META refers to resolves:
//! to a package type, to a package type by its version-less base name (a warning), or to a
//! platform namespace. Without any schema (an unbuilt source tree) only missing versions of
//! `var@type-id` are reported, since the types do not exist yet.

mod drift;
mod rules;
#[cfg(test)]
mod tests;

pub use rules::*;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use crate::aps::APP_META;
use crate::aps::type_id::{is_platform_type, strip_structure};
use crate::aps::{APPLICATION_TYPE, TypeId};
use crate::lint::{Context, Family, Finding};
use crate::typeschema::read::{Json, SchemaFile, SchemaIndex, pointer_segment};

/// Runs this family's checks.
pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    drift::check(cx, out);
    let Some(root) = cx.aps2_root() else {
        return;
    };
    let index = cx.schemas();
    bindings(cx, root, index, out);
    uniqueness(cx, index, out);
    let has_types = index.parsed().next().is_some();
    if has_types && !implements_application(index) {
        out.push(no_application_type(cx, root, index));
    }
    let resolver = Resolver::new(index);
    for file in index.parsed() {
        let mut refs = Vec::new();
        collect_refs(file, &mut refs);
        for r in refs {
            resolver.report(cx, &file.path, &r.ptr, &r.value, r.span, true, out);
        }
    }
    for var in root.descendants() {
        if var.name != "var" || var.ns != root.ns {
            continue;
        }
        if let Some(attr) = var.attr_node("type-id") {
            let name = var.attr("name").unwrap_or("?");
            let what = format!("var `{name}` type-id");
            let value = attr.value.trim().to_string();
            let span = attr.value_span.clone();
            resolver.report(cx, APP_META, &what, &value, span, has_types, out);
        }
    }
}

fn bindings(cx: &Context, root: &crate::xml::Element, index: &SchemaIndex, out: &mut Vec<Finding>) {
    let mut first_service: BTreeMap<String, String> = BTreeMap::new();
    for service in root.children_named("service") {
        let id = service.attr("id").unwrap_or("?");
        for schema in service.children_named("schema") {
            let Some(attr) = schema.attr_node("path") else {
                continue;
            };
            let path = attr.value.trim();
            if let Some(file) = index.get(path) {
                let why = match &file.doc {
                    Err(e) => Some(e.message.clone()),
                    Ok(doc) if doc.as_object().is_none() => {
                        Some(format!("it is a JSON {}", doc.kind()))
                    }
                    Ok(_) => None,
                };
                if let Some(why) = why {
                    let msg = format!(
                        "service `{id}` cannot bind to `{path}`: the schema does not parse ({why})"
                    );
                    out.push(
                        cx.at_value(&SERVICE_SCHEMA_UNUSABLE, attr, msg)
                            .help(format!(
                                "Repair `{path}`; APS0401 on that file shows where it breaks."
                            )),
                    );
                }
            }
            match first_service.get(path) {
                Some(other) => {
                    let msg = format!("services `{other}` and `{id}` are both bound to `{path}`");
                    out.push(cx.at_value(&SERVICE_SCHEMA_SHARED, attr, msg).help(format!(
                        "Give service `{id}` its own schema file with its own type id."
                    )));
                }
                None => {
                    first_service.insert(path.to_string(), id.to_string());
                }
            }
        }
    }
}

fn uniqueness(cx: &Context, index: &SchemaIndex, out: &mut Vec<Finding>) {
    let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
    let mut names: BTreeMap<&str, &str> = BTreeMap::new();
    for file in index.parsed() {
        if let Some((id, span)) = file.id() {
            match ids.get(id) {
                Some(first) => {
                    let msg = format!("type id `{id}` is also declared by {first}");
                    out.push(cx.at(&DUPLICATE_TYPE_ID, &file.path, span, msg));
                }
                None => {
                    ids.insert(id, &file.path);
                }
            }
        }
        if let Some((name, span)) = file.name() {
            match names.get(name) {
                Some(first) => {
                    let msg = format!("type name `{name}` is also used by {first}");
                    out.push(cx.at(&DUPLICATE_TYPE_NAME, &file.path, span, msg));
                }
                None => {
                    names.insert(name, &file.path);
                }
            }
        }
    }
}

/// The [`NO_APPLICATION_TYPE`] finding, at the `implements` of the root service's schema
/// when that schema is in the package.
fn no_application_type(cx: &Context, root: &crate::xml::Element, index: &SchemaIndex) -> Finding {
    let count = index.parsed().count();
    let msg = format!(
        "no type of the package implements {APPLICATION_TYPE} (checked {count} {})",
        if count == 1 { "schema" } else { "schemas" }
    );
    let service = root
        .children_named("service")
        .next()
        .and_then(|s| s.attr("id"));
    let schema = service.and_then(|id| {
        index
            .parsed()
            .find(|f| f.services.iter().any(|s| s == id))
            .map(|f| (id, f))
    });
    match schema {
        Some((id, file)) => {
            let span = file
                .root()
                .map(|r| match r.get("implements") {
                    Some(v) => v.span.clone(),
                    None => r.span.start..r.span.start + 1,
                })
                .unwrap_or(0..0);
            cx.at(&NO_APPLICATION_TYPE, &file.path, span, msg)
                .help(format!(
                    "Add \"{APPLICATION_TYPE}\" to `implements` in {}, the type of the root service `{id}`.",
                    file.path
                ))
        }
        None => Finding::new(&NO_APPLICATION_TYPE, msg),
    }
}

/// True when some package type implements the core application type, directly or through
/// other package types. One pass over the schemas and a walk down from the core type, so a
/// long chain of types (listed in any order) costs no more than a short one.
fn implements_application(index: &SchemaIndex) -> bool {
    // For each implemented type id, the ids of the package types implementing it.
    let mut implementers: HashMap<&str, Vec<&str>> = HashMap::new();
    for file in index.parsed() {
        if let Some((id, _)) = file.id() {
            for (i, _) in file.implements() {
                implementers.entry(i).or_default().push(id);
            }
        }
    }
    let mut good: HashSet<&str> = HashSet::from([APPLICATION_TYPE]);
    let mut todo = vec![APPLICATION_TYPE];
    while let Some(ty) = todo.pop() {
        for &id in implementers.get(ty).into_iter().flatten() {
            if good.insert(id) {
                todo.push(id);
            }
        }
    }
    index
        .parsed()
        .any(|f| f.implements().iter().any(|(i, _)| good.contains(i)))
}

struct Ref {
    ptr: String,
    value: String,
    span: Range<usize>,
}

fn collect_refs(file: &SchemaFile, out: &mut Vec<Ref>) {
    let Some(root) = file.root() else { return };
    if let Some(items) = root.get("implements").and_then(Json::as_array) {
        for (i, item) in items.iter().enumerate() {
            push_ref(item, format!("/implements/{i}"), out);
        }
    }
    for (key, ptr) in [("properties", "/properties"), ("structures", "/structures")] {
        for m in file.section(key) {
            typed(&m.value, &format!("{ptr}/{}", pointer_segment(&m.key)), out);
        }
    }
    for m in file.section("relations") {
        if let Some(t) = m.value.get("type") {
            push_ref(
                t,
                format!("/relations/{}/type", pointer_segment(&m.key)),
                out,
            );
        }
    }
    for m in file.section("operations") {
        let op = format!("/operations/{}", pointer_segment(&m.key));
        if let Some(params) = m.value.get("parameters").and_then(Json::as_object) {
            for p in params {
                typed(
                    &p.value,
                    &format!("{op}/parameters/{}", pointer_segment(&p.key)),
                    out,
                );
            }
        }
        if let Some(resp) = m.value.get("response") {
            typed(resp, &format!("{op}/response"), out);
        }
    }
}

/// A property-like node: its `type`, its `items` and nested `properties`.
fn typed(v: &Json, ptr: &str, out: &mut Vec<Ref>) {
    if let Some(t) = v.get("type") {
        push_ref(t, format!("{ptr}/type"), out);
    }
    if let Some(items) = v.get("items") {
        typed(items, &format!("{ptr}/items"), out);
    }
    if let Some(props) = v.get("properties").and_then(Json::as_object) {
        for m in props {
            typed(
                &m.value,
                &format!("{ptr}/properties/{}", pointer_segment(&m.key)),
                out,
            );
        }
    }
}

fn push_ref(v: &Json, ptr: String, out: &mut Vec<Ref>) {
    if let Some(s) = v.as_str()
        && s.contains("://")
    {
        out.push(Ref {
            ptr,
            value: s.to_string(),
            span: v.span.clone(),
        });
    }
}

/// Looks type references up in the package's schemas.
struct Resolver<'a> {
    by_id: BTreeMap<&'a str, &'a SchemaFile>,
    /// Some schema does not parse, so an unknown reference may be defined there.
    incomplete: bool,
}

enum Resolution<'a> {
    Known,
    ByBase(&'a str),
    MissingStructure(&'a str),
    Unknown(Option<&'a str>),
}

impl<'a> Resolver<'a> {
    fn new(index: &'a SchemaIndex) -> Resolver<'a> {
        let mut by_id = BTreeMap::new();
        for f in index.parsed() {
            if let Some((id, _)) = f.id() {
                by_id.entry(id).or_insert(f);
            }
        }
        let incomplete = index.files.iter().any(|f| f.root().is_none());
        Resolver { by_id, incomplete }
    }

    fn same_base(&self, base: &str) -> Option<&'a str> {
        self.by_id
            .keys()
            .copied()
            .find(|id| TypeId::parse(id).is_ok_and(|t| t.base == base))
    }

    fn resolve(&self, reference: &str) -> Resolution<'a> {
        let main = strip_structure(reference);
        if is_platform_type(main) {
            return Resolution::Known;
        }
        if let Some((id, file)) = self.by_id.get_key_value(main) {
            if let Some((_, structure)) = reference.split_once('#')
                && !file
                    .section("structures")
                    .iter()
                    .any(|m| m.key == structure)
            {
                return Resolution::MissingStructure(id);
            }
            return Resolution::Known;
        }
        match TypeId::parse(main) {
            Ok(t) if t.version.is_none() => match self.same_base(t.base) {
                Some(id) => Resolution::ByBase(id),
                None => Resolution::Unknown(None),
            },
            Ok(t) => Resolution::Unknown(self.same_base(t.base)),
            Err(_) => Resolution::Unknown(None),
        }
    }

    /// Reports `reference` found at `what` of `file`; with `strict` false (no schemas in the
    /// package) only a missing version is reported.
    #[allow(clippy::too_many_arguments)]
    fn report(
        &self,
        cx: &Context,
        file: &str,
        what: &str,
        reference: &str,
        span: Range<usize>,
        strict: bool,
        out: &mut Vec<Finding>,
    ) {
        if !strict {
            let main = strip_structure(reference);
            if !is_platform_type(main) && TypeId::parse(main).is_ok_and(|t| t.version.is_none()) {
                let msg = format!("{what} `{reference}` has no version");
                out.push(cx.at(&UNVERSIONED_TYPE_REF, file, span, msg).help(format!(
                    "Append the version of the type it names: `{main}/<major>.<minor>`."
                )));
            }
            return;
        }
        let msg = match self.resolve(reference) {
            Resolution::Known => return,
            Resolution::ByBase(id) => {
                let msg = format!(
                    "{what} `{reference}` has no version; it matches `{id}` only by base name"
                );
                out.push(
                    cx.at(&UNVERSIONED_TYPE_REF, file, span, msg)
                        .help(format!("Write the full id with its version: `{id}`.")),
                );
                return;
            }
            Resolution::MissingStructure(id) => (
                format!("{what} `{reference}`: type `{id}` has no such structure"),
                format!(
                    "Define `{}` under `structures` of the type `{id}`, or correct the name.",
                    reference.split_once('#').map_or("", |(_, s)| s)
                ),
            ),
            Resolution::Unknown(Some(other)) => (
                format!(
                    "{what} `{reference}` is not defined by any schema in the package (it defines `{other}`)"
                ),
                format!("Write `{other}`, or add a schema whose id is `{reference}`."),
            ),
            Resolution::Unknown(None) => (
                format!(
                    "{what} `{reference}` is not defined by any schema in the package and is not in a platform namespace"
                ),
                format!(
                    "Point the reference at an id a schema of the package declares, or add a schema whose id is `{reference}`."
                ),
            ),
        };
        let (msg, help) = msg;
        let mut f = cx.at(&UNRESOLVED_TYPE, file, span, msg).help(help);
        if self.incomplete {
            f = f.lowered();
            f.message
                .push_str(" (a schema of the package does not parse and may define it)");
        }
        out.push(f);
    }
}

/// The types family's entry in [`crate::lint::FAMILIES`].
pub static FAMILY: Family = Family {
    name: "types",
    codes: "APS05xx",
    summary: "across files: service bindings, type ids, type resolution",
    rules: RULES,
    check,
};

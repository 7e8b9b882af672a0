//! Rules APS05xx: across files: service bindings, type ids, type resolution.
//!
//! Every APS 2 service binds to a type defined in the package, type ids are unique, one type
//! implements the core application type, and every type a schema or APP-META refers to resolves:
//! to a package type, to a package type by its version-less base name (a warning), or to a
//! platform namespace. Without any schema (an unbuilt source tree) only missing versions of
//! `var@type-id` are reported, since the types do not exist yet.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use super::{APP_META, Context, Finding, Rule, RuleDoc, Severity};
use crate::typeschema::read::{
    CORE_APPLICATION, Json, SchemaFile, SchemaIndex, is_platform_type, parse_type_id,
    pointer_segment, strip_structure,
};

/// This family's rules.
pub static RULES: &[&Rule] = &[
    &SERVICE_SCHEMA_UNUSABLE,
    &DUPLICATE_TYPE_ID,
    &DUPLICATE_TYPE_NAME,
    &NO_APPLICATION_TYPE,
    &UNRESOLVED_TYPE,
    &UNVERSIONED_TYPE_REF,
    &SERVICE_SCHEMA_SHARED,
];

/// APS0501.
pub static SERVICE_SCHEMA_UNUSABLE: Rule = Rule {
    code: "APS0501",
    name: "service-schema-unusable",
    severity: Severity::Error,
    vendor_code: None,
    summary: "a service's schema does not parse, so the service binds to no type",
    doc: RuleDoc {
        what: "The file named by a service's `<schema path>` exists but is not a JSON object.",
        why: "Type Definition: \"every service declared in a package must be bound to an APS type defined in the same package\"; an unreadable schema binds nothing and the import fails.",
        example: "<service id=\"app\"><schema path=\"schemas/app.schema\"/>  (app.schema: `{\"id\": `)",
        fix: "Repair the schema (see APS0401 on the schema file itself).",
    },
};

/// APS0502.
pub static DUPLICATE_TYPE_ID: Rule = Rule {
    code: "APS0502",
    name: "duplicate-type-id",
    severity: Severity::Error,
    vendor_code: None,
    summary: "two schemas of the package declare the same type id",
    doc: RuleDoc {
        what: "Every schema's `id` is unique within the package.",
        why: "APS Type ID: an id names exactly one type; two definitions make the binding of services ambiguous (EXPECTED corpus rules: duplicate type id is an error).",
        example: "schemas/a.schema and schemas/b.schema both: \"id\": \"http://example.org/aps/app/1.0\"",
        fix: "Give each type its own id (or remove the stale copy).",
    },
};

/// APS0503.
pub static DUPLICATE_TYPE_NAME: Rule = Rule {
    code: "APS0503",
    name: "duplicate-type-name",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "two schemas of the package use the same type `name`",
    doc: RuleDoc {
        what: "The friendly `name` of each type in one package differs.",
        why: "General Definitions: `name` is only for code generation and documentation and cannot be used to refer to a type, so a clash is not fatal, but generated classes collide.",
        example: "schemas/a.schema and schemas/b.schema both: \"name\": \"app\"",
        fix: "Rename one of the types.",
    },
};

/// APS0504.
pub static NO_APPLICATION_TYPE: Rule = Rule {
    code: "APS0504",
    name: "no-application-type",
    severity: Severity::Error,
    vendor_code: None,
    summary: "no type of the package implements the core application type",
    doc: RuleDoc {
        what: "Some schema implements http://aps-standard.org/types/core/application/1.0, directly or through another package type.",
        why: "The application root service is that type; `aps build` fails without one (troubleshooting examples, docs.cloudblue.com).",
        example: "\"implements\": [\"http://aps-standard.org/types/core/resource/1.0\"]   <- in every schema",
        fix: "Let the root service's type implement http://aps-standard.org/types/core/application/1.0.",
    },
};

/// APS0505.
pub static UNRESOLVED_TYPE: Rule = Rule {
    code: "APS0505",
    name: "unresolved-type",
    severity: Severity::Error,
    vendor_code: None,
    summary: "a referenced type is neither a package type nor a platform type",
    doc: RuleDoc {
        what: "Relation, property, item, parameter, response and `implements` types that are type ids, and APP-META `var@type-id` values, must name a schema of the package (or its base name), a structure of it (`id#Structure`), or a type in a platform namespace (http://aps-standard.org/types/, http://parallels.com/aps/types/, http://odin.com/). Checked only when the package has schemas.",
        why: "Type Definition: services bind to types defined in the same package; platform types live in the documented namespaces. A relation to a type nobody defines can never be satisfied (shipped OpenStack package: `.../ip`).",
        example: "\"relations\": {\"ip\": {\"type\": \"http://openstack.parallels.com/ip\"}}   <- no such type",
        fix: "Point the reference at the id a schema declares, or add the schema.",
    },
};

/// APS0506.
pub static UNVERSIONED_TYPE_REF: Rule = Rule {
    code: "APS0506",
    name: "unversioned-type-ref",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "a type reference has no version and matches a package type only by base name",
    doc: RuleDoc {
        what: "A reference such as `http://vendor/app/type` where the package defines `http://vendor/app/type/1.2`.",
        why: "APS Type ID allows a version-less id, but a type's own id is fully qualified (General Definitions), so the reference matches only by base name and silently follows every version change.",
        example: "<var name=\"app\" type-id=\"http://openstack.parallels.com/app\"/>   (type is .../app/1.4)",
        fix: "Write the full id with its version, e.g. `http://openstack.parallels.com/app/1.4` for the example.",
    },
};

/// APS0507.
pub static SERVICE_SCHEMA_SHARED: Rule = Rule {
    code: "APS0507",
    name: "service-schema-shared",
    severity: Severity::Error,
    vendor_code: None,
    summary: "two services are bound to the same schema",
    doc: RuleDoc {
        what: "Each `<service>` names its own schema file, so each service has its own type id.",
        why: "Type Definition / Application Services: one service per APS type; two services on one type collide on the type id.",
        example: "<service id=\"a\"><schema path=\"schemas/app.schema\"/>...<service id=\"b\"><schema path=\"schemas/app.schema\"/>",
        fix: "Give the second service its own schema and type id.",
    },
};

/// Runs this family's checks.
pub fn check(cx: &Context, out: &mut Vec<Finding>) {
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
                        cx.at(
                            &SERVICE_SCHEMA_UNUSABLE,
                            APP_META,
                            attr.value_span.clone(),
                            msg,
                        )
                        .help(format!(
                            "Repair `{path}`; APS0401 on that file shows where it breaks."
                        )),
                    );
                }
            }
            match first_service.get(path) {
                Some(other) => {
                    let msg = format!("services `{other}` and `{id}` are both bound to `{path}`");
                    out.push(
                        cx.at(
                            &SERVICE_SCHEMA_SHARED,
                            APP_META,
                            attr.value_span.clone(),
                            msg,
                        )
                        .help(format!(
                            "Give service `{id}` its own schema file with its own type id."
                        )),
                    );
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
        "no type of the package implements {CORE_APPLICATION} (checked {count} {})",
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
                    "Add \"{CORE_APPLICATION}\" to `implements` in {}, the type of the root service `{id}`.",
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
    let mut good: HashSet<&str> = HashSet::from([CORE_APPLICATION]);
    let mut todo = vec![CORE_APPLICATION];
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
            .find(|id| parse_type_id(id).is_ok_and(|t| t.base == base))
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
        match parse_type_id(main) {
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
            if !is_platform_type(main) && parse_type_id(main).is_ok_and(|t| t.version.is_none()) {
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
            f.severity = Severity::Warning;
            f.message
                .push_str(" (a schema of the package does not parse and may define it)");
        }
        out.push(f);
    }
}

#[cfg(test)]
#[path = "types_tests.rs"]
mod tests;

//! Rules APS04xx: each APS type definition (schemas/*.schema[.gen]) on its own.
//!
//! The rule table is in `schema_rules.rs`; this file walks one schema (properties, structures,
//! relations, operations) and reports what breaks the APS "Type Definition" pages.

mod rules;
#[cfg(test)]
mod tests;

pub use rules::*;

use std::ops::Range;

use crate::aps::{PRIMITIVES, TYPE_MEMBERS, TypeId, is_identifier};
use crate::lint::{Context, Family, Finding, Rule};
use crate::typeschema::read::{Json, JsonValue, Member, SchemaFile, pointer_segment};
use crate::typeschema::{PROPERTY_ATTRIBUTES, concat};

/// The members a type definition may have: the type's own, and a title and description.
const TOP_KEYS: &[&str] =
    &concat::<{ TYPE_MEMBERS.len() + 2 }>(TYPE_MEMBERS, &["description", "title"]);
/// The documented property attributes, plus the `properties` of a structure (structures are
/// walked as properties); the unconfirmed ones are left to [`SCHEMA_UNKNOWN_ATTRIBUTE`].
const PROPERTY_KEYS: &[&str] =
    &concat::<{ PROPERTY_ATTRIBUTES.len() + 1 }>(PROPERTY_ATTRIBUTES, &["properties"]);
const RELATION_KEYS: &[&str] = &[
    "type",
    "required",
    "collection",
    "backrel",
    "assign",
    "access",
    "title",
    "description",
];
const OPERATION_KEYS: &[&str] = &[
    "verb",
    "path",
    "parameters",
    "response",
    "errorResponse",
    "static",
    "access",
    "description",
    "title",
];
const PARAMETER_KEYS: &[&str] = &[
    "type",
    "kind",
    "required",
    "description",
    "title",
    "items",
    "default",
];
const RESPONSE_KEYS: &[&str] = &["type", "items", "contentType", "description"];
const UNITS: &[&str] = &["unit", "kb", "mb", "gb", "unit-h", "mb-h"];

/// Runs this family's checks.
pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.aps2_root().is_none() {
        return;
    }
    for file in &cx.schemas().files {
        let mut w = Walker {
            cx,
            file,
            structures: file
                .section("structures")
                .iter()
                .map(|m| m.key.as_str())
                .collect(),
            out: &mut *out,
        };
        w.check_file();
    }
}

struct Walker<'a, 'o> {
    cx: &'a Context<'a>,
    file: &'a SchemaFile,
    structures: Vec<&'a str>,
    out: &'o mut Vec<Finding>,
}

impl Walker<'_, '_> {
    fn report(&mut self, rule: &'static Rule, span: Range<usize>, msg: String) {
        let f = self.cx.at(rule, &self.file.path, span, msg);
        self.out.push(f);
    }

    /// Like [`Walker::report`], with a help text about this instance.
    fn report_help(&mut self, rule: &'static Rule, span: Range<usize>, msg: String, help: String) {
        let f = self.cx.at(rule, &self.file.path, span, msg).help(help);
        self.out.push(f);
    }

    fn check_file(&mut self) {
        let doc = match &self.file.doc {
            Ok(doc) => doc,
            Err(e) => {
                let msg = format!("schema is not valid JSON: {}", e.message);
                self.report(&SCHEMA_NOT_JSON, e.offset..e.offset, msg);
                return;
            }
        };
        let Some(members) = doc.as_object() else {
            let msg = format!("schema is a JSON {}, not an object", doc.kind());
            self.report(&SCHEMA_NOT_JSON, doc.span.clone(), msg);
            return;
        };
        let start = doc.span.start..doc.span.start + 1;
        for key in ["apsVersion", "name", "id"] {
            match doc.get(key) {
                None => self.report(
                    &SCHEMA_KEY_MISSING,
                    start.clone(),
                    format!("schema has no `{key}`"),
                ),
                Some(v) if v.as_str().is_none() => self.report(
                    &SCHEMA_KEY_MISSING,
                    v.span.clone(),
                    format!("`/{key}` is a {}, not a string", v.kind()),
                ),
                Some(_) => {}
            }
        }
        if let Some((name, span)) = self.file.name()
            && !is_identifier(name)
        {
            let msg = format!("type name `{name}` does not match ^[a-zA-Z_][a-zA-Z0-9_]*$");
            self.report(&SCHEMA_BAD_NAME, span, msg);
        }
        if let Some((id, span)) = self.file.id() {
            self.own_id(id, span);
        }
        self.implements(doc, start);
        for m in members {
            if !TOP_KEYS.contains(&m.key.as_str()) {
                let msg = format!("unknown top-level key `{}`", m.key);
                self.report(&SCHEMA_UNKNOWN_ATTRIBUTE, m.key_span.clone(), msg);
            }
        }
        for (key, ptr) in [("properties", "/properties"), ("structures", "/structures")] {
            if let Some(section) = self.section(doc, key) {
                self.properties(section, ptr);
            }
        }
        if let Some(section) = self.section(doc, "relations") {
            for m in section {
                self.name(m, "relation");
                self.relation(m);
            }
        }
        if let Some(section) = self.section(doc, "operations") {
            for m in section {
                self.name(m, "operation");
                self.operation(m);
            }
        }
    }

    fn section<'d>(&mut self, doc: &'d Json, key: &str) -> Option<&'d [Member]> {
        let v = doc.get(key)?;
        if v.as_object().is_none() && !v.is_null() {
            let msg = format!("`/{key}` is a {}, not an object", v.kind());
            self.report(&SCHEMA_KEY_MISSING, v.span.clone(), msg);
        }
        v.as_object()
    }

    fn own_id(&mut self, id: &str, span: Range<usize>) {
        match TypeId::parse(id) {
            Err(why) => self.report(
                &TYPE_ID_SYNTAX,
                span,
                format!("type id `{id}` is not valid: {why}"),
            ),
            Ok(t) if t.structure.is_some() => self.report(
                &TYPE_ID_SYNTAX,
                span,
                format!("type id `{id}` must not name a structure"),
            ),
            Ok(t) if t.version.is_none() => self.report_help(
                &TYPE_ID_WITHOUT_VERSION,
                span,
                format!("type id `{id}` has no version"),
                format!("Append the type's version: `{id}/1.0`."),
            ),
            Ok(_) => {}
        }
    }

    fn implements(&mut self, doc: &Json, start: Range<usize>) {
        let Some(v) = doc.get("implements") else {
            self.report(
                &SCHEMA_KEY_MISSING,
                start,
                "schema has no `implements`".into(),
            );
            return;
        };
        let Some(items) = v.as_array() else {
            let msg = format!("`/implements` is a {}, not an array of type ids", v.kind());
            self.report(&SCHEMA_KEY_MISSING, v.span.clone(), msg);
            return;
        };
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                None => self.report(
                    &TYPE_ID_SYNTAX,
                    item.span.clone(),
                    format!("`/implements/{i}` is a {}, not a type id", item.kind()),
                ),
                Some(id) => {
                    if let Err(why) = TypeId::parse(id) {
                        let msg = format!("implemented type `{id}` is not valid: {why}");
                        self.report(&TYPE_ID_SYNTAX, item.span.clone(), msg);
                    }
                }
            }
        }
    }

    fn name(&mut self, m: &Member, what: &str) {
        if !is_identifier(&m.key) {
            let msg = format!(
                "{what} name `{}` does not match ^[a-zA-Z_][a-zA-Z0-9_]*$",
                m.key
            );
            self.report(&SCHEMA_BAD_NAME, m.key_span.clone(), msg);
        }
    }

    fn properties(&mut self, members: &[Member], ptr: &str) {
        let what = if ptr == "/structures" {
            "structure"
        } else {
            "property"
        };
        for m in members {
            self.name(m, what);
            let p = format!("{ptr}/{}", pointer_segment(&m.key));
            self.property(&m.value, &p, m.key_span.clone());
        }
    }

    fn unknown_keys(&mut self, v: &Json, known: &[&str], ptr: &str) {
        for m in v.as_object().unwrap_or(&[]) {
            if !known.contains(&m.key.as_str()) {
                let msg = format!("unknown attribute `{}` at {ptr}", m.key);
                self.report(&SCHEMA_UNKNOWN_ATTRIBUTE, m.key_span.clone(), msg);
            }
        }
    }

    fn booleans(&mut self, v: &Json, keys: &[&str], ptr: &str) {
        for key in keys {
            if let Some(b) = v.get(key)
                && !matches!(b.value, JsonValue::Bool(_))
            {
                let msg = format!("{ptr}/{key} is a {}, not true or false", b.kind());
                self.report(&ATTRIBUTE_NOT_BOOLEAN, b.span.clone(), msg);
            }
        }
    }

    /// Checks a `type` value; returns it when it is a string.
    fn type_of<'v>(&mut self, v: &'v Json, ptr: &str, anchor: Range<usize>) -> Option<&'v str> {
        let Some(t) = v.get("type") else {
            self.report(
                &PROPERTY_TYPE_MISSING,
                anchor,
                format!("{ptr} has no `type`"),
            );
            return None;
        };
        let Some(s) = t.as_str() else {
            let msg = format!("{ptr}/type is a {}, not a type name", t.kind());
            self.report(&PROPERTY_TYPE_UNKNOWN, t.span.clone(), msg);
            return None;
        };
        if PRIMITIVES.contains(&s) || self.structures.contains(&s) {
            return Some(s);
        }
        if s.contains("://") {
            if let Err(why) = TypeId::parse(s) {
                let msg = format!("{ptr}/type `{s}` is not a valid type id: {why}");
                self.report(&TYPE_ID_SYNTAX, t.span.clone(), msg);
            }
            return Some(s);
        }
        let msg = format!(
            "{ptr}/type `{s}` is not a primitive type, a structure of this schema or a type id"
        );
        self.report(&PROPERTY_TYPE_UNKNOWN, t.span.clone(), msg);
        None
    }

    fn property(&mut self, v: &Json, ptr: &str, anchor: Range<usize>) {
        if v.as_object().is_none() {
            let msg = format!("{ptr} is a {}, not an object with a `type`", v.kind());
            self.report(&PROPERTY_TYPE_MISSING, v.span.clone(), msg);
            return;
        }
        let ty = self.type_of(v, ptr, anchor);
        self.unknown_keys(v, PROPERTY_KEYS, ptr);
        self.booleans(v, &["required", "readonly", "encrypted", "final"], ptr);
        self.items(v, ty, ptr);
        self.enums(v, ptr);
        if let (Some(t), Some(d)) = (ty, v.get("default")) {
            self.default(v, t, d, ptr);
        }
        if let Some(unit) = v.get("unit")
            && !unit.as_str().is_some_and(|u| UNITS.contains(&u))
        {
            let shown = unit
                .as_str()
                .map_or_else(|| unit.kind().to_string(), str::to_string);
            let msg = format!("{ptr}/unit `{shown}` is not one of {}", UNITS.join(", "));
            self.report(&COUNTER_BAD_UNIT, unit.span.clone(), msg);
        }
        if let Some(props) = v.get("properties") {
            match props.as_object() {
                Some(members) => self.properties(members, &format!("{ptr}/properties")),
                None => self.report(
                    &PROPERTY_TYPE_UNKNOWN,
                    props.span.clone(),
                    format!("{ptr}/properties is a {}, not an object", props.kind()),
                ),
            }
        }
    }

    fn items(&mut self, v: &Json, ty: Option<&str>, ptr: &str) {
        match v.get("items") {
            Some(items) if !items.is_null() => {
                let p = format!("{ptr}/items");
                self.property(items, &p, items.span.clone());
            }
            _ if ty == Some("array") => {
                let span = v.get("type").map_or(v.span.clone(), |t| t.span.clone());
                self.report(
                    &ARRAY_ITEMS_MISSING,
                    span,
                    format!("{ptr} is an array without `items`"),
                );
            }
            _ => {}
        }
    }

    fn enums(&mut self, v: &Json, ptr: &str) {
        let (Some(e), Some(t)) = (v.get("enum"), v.get("enumTitles")) else {
            return;
        };
        if let (Some(a), Some(b)) = (e.as_array(), t.as_array())
            && a.len() != b.len()
        {
            let msg = format!(
                "{ptr}: `enum` has {} values but `enumTitles` has {}",
                a.len(),
                b.len()
            );
            self.report(&ENUM_TITLES_MISMATCH, t.span.clone(), msg);
        }
    }

    fn default(&mut self, v: &Json, ty: &str, d: &Json, ptr: &str) {
        if d.is_null() {
            return;
        }
        let fits = match ty {
            "string" => matches!(d.value, JsonValue::String(_)),
            "integer" => matches!(&d.value, JsonValue::Number(n) if !n.contains(['.', 'e', 'E'])),
            "number" => matches!(d.value, JsonValue::Number(_)),
            "boolean" => matches!(d.value, JsonValue::Bool(_)),
            "array" => matches!(d.value, JsonValue::Array(_)),
            "object" => matches!(d.value, JsonValue::Object(_)),
            s if self.structures.contains(&s) => matches!(d.value, JsonValue::Object(_)),
            _ => true,
        };
        if !fits {
            let msg = format!(
                "{ptr}/default is a {} but the property is of type \"{ty}\"",
                d.kind()
            );
            let help = match ty {
                "string" => "Write the default as a JSON string, in double quotes.",
                "integer" => "Write the default as a JSON integer: no quotes, no fraction.",
                "number" => "Write the default as a JSON number, without quotes.",
                "boolean" => "Write `true` or `false`, without quotes.",
                "array" => "Write the default as a JSON array (`[...]`).",
                _ => "Write the default as a JSON object (`{...}`).",
            };
            self.report_help(&DEFAULT_MISMATCH, d.span.clone(), msg, help.to_string());
            return;
        }
        if let Some(values) = v.get("enum").and_then(Json::as_array)
            && !values.iter().any(|e| same_value(e, d))
        {
            let msg = format!("{ptr}/default is not one of the `enum` values");
            let help = "Use one of the `enum` values as the default, or add it to `enum`.";
            self.report_help(&DEFAULT_MISMATCH, d.span.clone(), msg, help.to_string());
        }
    }

    fn relation(&mut self, m: &Member) {
        let ptr = format!("/relations/{}", pointer_segment(&m.key));
        let v = &m.value;
        match v.get("type") {
            _ if v.as_object().is_none() => {
                let msg = format!("{ptr} is a {}, not an object with a `type`", v.kind());
                self.report(&RELATION_TYPE_MISSING, v.span.clone(), msg);
                return;
            }
            None => {
                let msg = format!("relation {ptr} has no `type`");
                self.report(&RELATION_TYPE_MISSING, m.key_span.clone(), msg);
            }
            Some(t) => match t.as_str() {
                None => {
                    let msg = format!("{ptr}/type is a {}, not a type id", t.kind());
                    self.report(&RELATION_TYPE_MISSING, t.span.clone(), msg);
                }
                Some(s) => {
                    if let Err(why) = TypeId::parse(s) {
                        let msg = format!("{ptr}/type `{s}` is not a valid type id: {why}");
                        self.report(&TYPE_ID_SYNTAX, t.span.clone(), msg);
                    }
                }
            },
        }
        self.unknown_keys(v, RELATION_KEYS, &ptr);
        self.booleans(v, &["required", "collection"], &ptr);
    }

    fn operation(&mut self, m: &Member) {
        let ptr = format!("/operations/{}", pointer_segment(&m.key));
        let v = &m.value;
        if v.as_object().is_none() {
            let msg = format!("{ptr} is a {}, not an object", v.kind());
            self.report(&OPERATION_BAD_VERB, v.span.clone(), msg);
            return;
        }
        self.unknown_keys(v, OPERATION_KEYS, &ptr);
        self.booleans(v, &["static"], &ptr);
        match v.get("verb") {
            Some(verb) if verb.as_str().is_some_and(|s| VERBS.contains(&s)) => {}
            Some(verb) => {
                let shown = verb
                    .as_str()
                    .map_or_else(|| verb.kind().to_string(), str::to_string);
                let msg = format!("{ptr}/verb `{shown}` is not GET, POST, PUT or DELETE");
                self.report(&OPERATION_BAD_VERB, verb.span.clone(), msg);
            }
            None => {
                let msg = format!("operation {ptr} has no `verb`");
                self.report(&OPERATION_BAD_VERB, m.key_span.clone(), msg);
            }
        }
        let params = v.get("parameters").and_then(Json::as_object).unwrap_or(&[]);
        let path_params: Vec<&str> = params
            .iter()
            .filter(|p| p.value.get("kind").and_then(Json::as_str) == Some("path"))
            .map(|p| p.key.as_str())
            .collect();
        match v.get("path") {
            Some(path) => match path.as_str() {
                Some(s) if s.starts_with('/') => {
                    for name in crate::aps::path::names(s) {
                        if !path_params.contains(&name) {
                            let msg = format!(
                                "{ptr}/path `{s}` uses `{{{name}}}` but no parameter `{name}` has `\"kind\": \"path\"`"
                            );
                            let help = format!(
                                "Declare `\"{name}\": {{\"type\": \"string\", \"kind\": \"path\", \"required\": true}}` under {ptr}/parameters."
                            );
                            self.report_help(
                                &PATH_PARAMETER_UNDECLARED,
                                path.span.clone(),
                                msg,
                                help,
                            );
                        }
                    }
                }
                _ => {
                    let shown = path
                        .as_str()
                        .map_or_else(|| path.kind().to_string(), str::to_string);
                    let msg = format!("{ptr}/path `{shown}` does not start with `/`");
                    match path.as_str() {
                        Some(s) => {
                            let help = format!("Start the path with `/`: `\"path\": \"/{s}\"`.");
                            self.report_help(&OPERATION_BAD_PATH, path.span.clone(), msg, help);
                        }
                        None => self.report(&OPERATION_BAD_PATH, path.span.clone(), msg),
                    }
                }
            },
            None => {
                let msg = format!("operation {ptr} has no `path`");
                self.report(&OPERATION_BAD_PATH, m.key_span.clone(), msg);
            }
        }
        for p in params {
            let pp = format!("{ptr}/parameters/{}", pointer_segment(&p.key));
            if p.value.as_object().is_none() {
                let msg = format!("{pp} is a {}, not an object with a `type`", p.value.kind());
                self.report(&PROPERTY_TYPE_MISSING, p.value.span.clone(), msg);
                continue;
            }
            let ty = self.type_of(&p.value, &pp, p.key_span.clone());
            self.items(&p.value, ty, &pp);
            self.unknown_keys(&p.value, PARAMETER_KEYS, &pp);
            self.booleans(&p.value, &["required"], &pp);
            match p.value.get("kind") {
                Some(k) if k.as_str().is_some_and(|s| KINDS.contains(&s)) => {}
                Some(k) => {
                    let shown = k
                        .as_str()
                        .map_or_else(|| k.kind().to_string(), str::to_string);
                    let msg = format!("{pp}/kind `{shown}` is not path, query or body");
                    self.report(&PARAMETER_BAD_KIND, k.span.clone(), msg);
                }
                None => {}
            }
        }
        if let Some(resp) = v.get("response")
            && resp.as_object().is_some()
        {
            let rp = format!("{ptr}/response");
            let ty = self.type_of(resp, &rp, resp.span.clone());
            self.items(resp, ty, &rp);
            self.unknown_keys(resp, RESPONSE_KEYS, &rp);
        }
    }
}

const VERBS: &[&str] = &["GET", "POST", "PUT", "DELETE"];
const KINDS: &[&str] = &["path", "query", "body"];

/// JSON equality that ignores spans and number spelling (`1` = `1.0`).
fn same_value(a: &Json, b: &Json) -> bool {
    match (&a.value, &b.value) {
        (JsonValue::Number(x), JsonValue::Number(y)) => {
            x == y || matches!((x.parse::<f64>(), y.parse::<f64>()), (Ok(p), Ok(q)) if p == q)
        }
        (JsonValue::Array(x), JsonValue::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(p, q))
        }
        (JsonValue::Object(x), JsonValue::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|m| b.get(&m.key).is_some_and(|w| same_value(&m.value, w)))
        }
        (x, y) => x == y,
    }
}

/// The schemas family's entry in [`crate::lint::FAMILIES`].
pub static FAMILY: Family = Family {
    name: "schemas",
    codes: "APS04xx",
    summary: "one APS type JSON file at a time",
    rules: RULES,
    check,
};

//! APS0508: in an `aps.toml` project, a service script's APS annotations disagree with the type
//! the manifest declares (type id, implements, properties, relations, operations). The script
//! is read as the classic build reads it; the manifest's side is the schema generated from
//! `aps.toml`. Each finding points at the script and names the `aps.toml` line.

use std::ops::Range;

use serde_json::{Map, Value};

use super::rules::ANNOTATION_DRIFT;
use crate::classic::scripts::read_service;
use crate::lint::{Context, Finding};
use crate::php::Class;

/// What of a member is compared (its facts as one JSON value).
type Facts = fn(&Value) -> Value;

/// One disagreement: where in the script, the manifest key path, and what differs.
struct Drift {
    span: Range<usize>,
    key: Vec<String>,
    message: String,
}

/// Checks every PHP service of a generated project.
pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(manifest) = cx.tree.manifest.as_deref() else {
        return;
    };
    let Some(root) = cx.aps2_root() else {
        return;
    };
    let read = |p: &str| {
        cx.tree
            .source(p)
            .and_then(|b| std::str::from_utf8(&b).ok().map(str::to_string))
    };
    for service in root.children_named("service") {
        let (Some(code), Some(schema)) = (
            service.child("code").and_then(|c| c.attr("path")),
            service.child("schema").and_then(|c| c.attr("path")),
        ) else {
            continue;
        };
        if !code.ends_with(".php") {
            continue;
        }
        let reading = read_service(code, &read);
        let (Some(def), Some((_, _, script))) = (&reading.type_def, reading.set.files.first())
        else {
            continue;
        };
        let Some(declared) = cx
            .tree
            .bytes(schema)
            .and_then(|b| serde_json::from_slice::<Value>(b).ok())
        else {
            continue;
        };
        let Some(class) = script.classes.iter().find(|c| c.name == def.class) else {
            continue;
        };
        let key = declared["name"].as_str().unwrap_or_default().to_string();
        for d in compare(&def.schema, &declared, class, &key) {
            let at = toml_location(manifest, &d.key);
            let msg = format!("{} (aps.toml{at}: {})", d.message, d.key.join("."));
            out.push(cx.at(&ANNOTATION_DRIFT, code, d.span, msg).help(format!(
                "make the annotations of {code} and [types.{key}] in aps.toml say the same; apspack builds from aps.toml"
            )));
        }
    }
}

/// `:line:col` of the deepest key of `path` found in the manifest text (empty when none is).
fn toml_location(text: &str, path: &[String]) -> String {
    let Ok(doc) = toml::de::DeTable::parse(text) else {
        return String::new();
    };
    let mut table = doc.get_ref();
    let mut found: Option<Range<usize>> = None;
    for k in path {
        let Some((key, value)) = table.get_key_value(k.as_str()) else {
            break;
        };
        found = Some(key.span());
        match value.get_ref() {
            toml::de::DeValue::Table(t) => table = t,
            _ => break,
        }
    }
    found.map_or_else(String::new, |s| {
        let (l, c) = crate::text::LineIndex::new(text.as_bytes()).position(s.start);
        format!(":{l}:{c}")
    })
}

fn span_of(class: &Class, member: &str) -> Range<usize> {
    class
        .properties
        .iter()
        .find(|p| p.name == member)
        .map(|p| p.span.clone())
        .or_else(|| {
            class
                .methods
                .iter()
                .find(|m| m.name == member)
                .map(|m| m.span.clone())
        })
        .unwrap_or_else(|| class.span.clone())
}

fn path(key: &str, parts: &[&str]) -> Vec<String> {
    std::iter::once("types")
        .chain(std::iter::once(key))
        .chain(parts.iter().copied())
        .map(str::to_string)
        .collect()
}

fn members(v: &Value, section: &str) -> Map<String, Value> {
    v.get(section)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// Every disagreement between the script's type `ann` and the manifest's `decl`.
fn compare(ann: &Value, decl: &Value, class: &Class, key: &str) -> Vec<Drift> {
    let mut out = Vec::new();
    let whole = class.span.clone();
    for (member, what) in [("id", "type id"), ("implements", "implements")] {
        if ann[member] != decl[member] {
            out.push(Drift {
                span: whole.clone(),
                key: path(key, &[member]),
                message: format!(
                    "{what}: the script says {}, aps.toml {}",
                    ann[member], decl[member]
                ),
            });
        }
    }
    let sections: [(&str, &str, Facts); 3] = [
        ("properties", "property", property_facts),
        ("relations", "relation", relation_facts),
        ("operations", "operation", operation_facts),
    ];
    for (section, what, facts) in sections {
        let a = members(ann, section);
        let d = members(decl, section);
        for (name, av) in &a {
            let span = span_of(class, name);
            match d.get(name) {
                None => out.push(Drift {
                    span,
                    key: path(key, &[section]),
                    message: format!(
                        "{what} `{name}` is annotated in the script but not in aps.toml"
                    ),
                }),
                Some(dv) if facts(av) != facts(dv) => out.push(Drift {
                    span,
                    key: path(key, &[section, name]),
                    message: format!("{what} `{name}`: {}", differences(&facts(av), &facts(dv))),
                }),
                Some(_) => {}
            }
        }
        for name in d.keys().filter(|n| !a.contains_key(*n)) {
            out.push(Drift {
                span: whole.clone(),
                key: path(key, &[section, name]),
                message: format!("{what} `{name}` is in aps.toml but not annotated in the script"),
            });
        }
    }
    out
}

/// `field` is `a` in the script, `b` in aps.toml; ... for each field that differs.
fn differences(a: &Value, b: &Value) -> String {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return String::new();
    };
    a.iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, v)| {
            let other = b.get(k).unwrap_or(&Value::Null);
            format!(
                "{k} is {} in the script, {} in aps.toml",
                shown(v),
                shown(other)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn shown(v: &Value) -> String {
    match v {
        Value::Null => "absent".into(),
        Value::String(s) => format!("`{s}`"),
        other => other.to_string(),
    }
}

/// What a property means for drift: its type (and items' type) and its flags.
fn property_facts(p: &Value) -> Value {
    let flag = |k: &str| p.get(k).and_then(Value::as_bool).unwrap_or(false);
    serde_json::json!({
        "type": expand(&p["type"]),
        "items": expand(&p["items"]["type"]),
        "required": flag("required"),
        "readonly": flag("readonly"),
        "encrypted": flag("encrypted"),
    })
}

fn relation_facts(r: &Value) -> Value {
    let flag = |k: &str| r.get(k).and_then(Value::as_bool).unwrap_or(false);
    serde_json::json!({
        "type": expand(&r["type"]),
        "required": flag("required"),
        "collection": flag("collection"),
    })
}

fn operation_facts(o: &Value) -> Value {
    let params: Map<String, Value> = members(o, "parameters")
        .into_iter()
        .map(|(n, p)| (n, p["kind"].clone()))
        .collect();
    serde_json::json!({
        "verb": o["verb"],
        "path": o["path"],
        "parameters": params,
    })
}

/// Short core forms (`core/resource/1.0`) written out, as the manifest's schema has them.
fn expand(v: &Value) -> Value {
    match v.as_str() {
        Some(s) if crate::aps::SHORT_PREFIXES.iter().any(|p| s.starts_with(p)) => {
            Value::String(format!("{}{s}", crate::aps::APS_TYPES))
        }
        _ => v.clone(),
    }
}

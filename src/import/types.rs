//! A type definition (JSON with spans) → the schema part of a `[types.<name>]` table: `id`,
//! `implements`, `access`, `properties`, `structures`, `relations`, `operations`. A member that
//! `aps.toml` has no key for is a problem at its line; `null` members read as absent.

use toml::{Table, Value};

use super::Problems;
use crate::manifest::keys;
use crate::typeschema::read::{Json, JsonValue, Member};

/// Top-level members read (or known to be implied) besides the manifest's type keys.
const TOP: &[&str] = crate::aps::TYPE_MEMBERS;

/// The schema keys of a type table; the type's `name` is returned beside it.
pub fn read(root: &Json, p: &mut Problems) -> (Option<String>, Table) {
    let mut t = Table::new();
    let mut name = None;
    let Some(members) = root.as_object() else {
        p.at(
            root.span.start,
            "the type definition is not a JSON object".into(),
        );
        return (None, t);
    };
    for m in members {
        if m.value.is_null() {
            continue;
        }
        match m.key.as_str() {
            "apsVersion" => {}
            "name" => name = m.value.as_str().map(str::to_string),
            "id" => {
                if let Some(v) = scalar(&m.value, p) {
                    t.insert("id".into(), v);
                }
            }
            "implements" => {
                if let Some(v) = value(&m.value, p) {
                    t.insert("implements".into(), v);
                }
            }
            "access" => {
                if let Some(v) = checked(&m.value, keys::ACCESS_KEYS, p) {
                    t.insert("access".into(), v);
                }
            }
            "properties" => {
                t.insert("properties".into(), properties(&m.value, p).into());
            }
            "structures" => {
                let mut out = Table::new();
                for s in object(&m.value, p) {
                    out.insert(s.key.clone(), structure(&s.value, p).into());
                }
                t.insert("structures".into(), out.into());
            }
            "relations" => {
                let mut out = Table::new();
                for r in object(&m.value, p) {
                    if let Some(v) = checked(&r.value, keys::RELATION_KEYS, p) {
                        out.insert(r.key.clone(), v);
                    }
                }
                t.insert("relations".into(), out.into());
            }
            "operations" => {
                let mut out = Table::new();
                for o in object(&m.value, p) {
                    out.insert(o.key.clone(), operation(&o.value, p).into());
                }
                t.insert("operations".into(), out.into());
            }
            other => {
                debug_assert!(!TOP.contains(&other));
                p.at(
                    m.key_span.start,
                    format!("type member `{other}` has no aps.toml key"),
                );
            }
        }
    }
    (name, t)
}

fn object<'j>(v: &'j Json, p: &mut Problems) -> &'j [Member] {
    match v.as_object() {
        Some(m) => m,
        None => {
            if !matches!(&v.value, JsonValue::Array(a) if a.is_empty()) {
                p.at(
                    v.span.start,
                    format!("expected an object, found {}", v.kind()),
                );
            }
            &[]
        }
    }
}

fn properties(v: &Json, p: &mut Problems) -> Table {
    let mut out = Table::new();
    for m in object(v, p) {
        if let Some(t) = property(&m.value, p) {
            out.insert(m.key.clone(), t.into());
        }
    }
    out
}

fn property(v: &Json, p: &mut Problems) -> Option<Table> {
    let mut t = Table::new();
    for m in object(v, p) {
        if m.value.is_null() {
            continue;
        }
        if !keys::PROPERTY_KEYS.contains(&m.key.as_str()) {
            p.at(
                m.key_span.start,
                format!("property member `{}` has no aps.toml key", m.key),
            );
            continue;
        }
        let val = match m.key.as_str() {
            "items" => property(&m.value, p).map(Value::Table),
            "access" => checked(&m.value, keys::ACCESS_KEYS, p),
            _ => value(&m.value, p),
        };
        if let Some(val) = val {
            t.insert(m.key.clone(), val);
        }
    }
    Some(t)
}

fn structure(v: &Json, p: &mut Problems) -> Table {
    let mut t = Table::new();
    for m in object(v, p) {
        match m.key.as_str() {
            "type" if m.value.as_str() == Some("object") => {}
            "description" => {
                if let Some(s) = scalar(&m.value, p) {
                    t.insert("description".into(), s);
                }
            }
            "properties" => {
                t.insert("properties".into(), properties(&m.value, p).into());
            }
            _ if m.value.is_null() => {}
            other => p.at(
                m.key_span.start,
                format!("structure member `{other}` has no aps.toml key"),
            ),
        }
    }
    if !t.contains_key("properties") {
        t.insert("properties".into(), Table::new().into());
    }
    t
}

fn operation(v: &Json, p: &mut Problems) -> Table {
    let mut t = Table::new();
    for m in object(v, p) {
        if m.value.is_null() {
            continue;
        }
        if !keys::OPERATION_KEYS.contains(&m.key.as_str()) {
            p.at(
                m.key_span.start,
                format!("operation member `{}` has no aps.toml key", m.key),
            );
            continue;
        }
        let val = match m.key.as_str() {
            "access" => checked(&m.value, keys::ACCESS_KEYS, p),
            "parameters" => {
                let mut out = Table::new();
                for prm in object(&m.value, p) {
                    if let Some(x) = checked(&prm.value, keys::PARAMETER_KEYS, p) {
                        out.insert(prm.key.clone(), x);
                    }
                }
                Some(Value::Table(out))
            }
            "response" | "errorResponse" => {
                let mut r = Table::new();
                for x in object(&m.value, p) {
                    if x.value.is_null() {
                        continue;
                    }
                    match x.key.as_str() {
                        "items" => {
                            if let Some(i) = property(&x.value, p) {
                                r.insert("items".into(), i.into());
                            }
                        }
                        "type" | "contentType" => {
                            if let Some(s) = scalar(&x.value, p) {
                                r.insert(x.key.clone(), s);
                            }
                        }
                        other => p.at(
                            x.key_span.start,
                            format!("response member `{other}` has no aps.toml key"),
                        ),
                    }
                }
                Some(Value::Table(r))
            }
            _ => value(&m.value, p),
        };
        if let Some(val) = val {
            t.insert(m.key.clone(), val);
        }
    }
    t
}

/// An object whose members must all be among `allowed`, as a table of plain values.
fn checked(v: &Json, allowed: &[&str], p: &mut Problems) -> Option<Value> {
    let mut t = Table::new();
    for m in object(v, p) {
        if m.value.is_null() {
            continue;
        }
        if !allowed.contains(&m.key.as_str()) {
            p.at(
                m.key_span.start,
                format!("member `{}` has no aps.toml key", m.key),
            );
            continue;
        }
        if let Some(x) = value(&m.value, p) {
            t.insert(m.key.clone(), x);
        }
    }
    Some(Value::Table(t))
}

fn scalar(v: &Json, p: &mut Problems) -> Option<Value> {
    match &v.value {
        JsonValue::Array(_) | JsonValue::Object(_) => {
            p.at(
                v.span.start,
                format!("expected a single value, found {}", v.kind()),
            );
            None
        }
        _ => value(v, p),
    }
}

/// Any JSON value as TOML; `null` inside arrays or objects cannot be written in TOML.
fn value(v: &Json, p: &mut Problems) -> Option<Value> {
    Some(match &v.value {
        JsonValue::Null => {
            p.at(v.span.start, "TOML has no null value".into());
            return None;
        }
        JsonValue::Bool(b) => Value::Boolean(*b),
        JsonValue::String(s) => Value::String(s.clone()),
        JsonValue::Number(n) => match n.parse::<i64>() {
            Ok(i) => Value::Integer(i),
            Err(_) => match n.parse::<f64>() {
                Ok(f) if f.is_finite() => Value::Float(f),
                _ => {
                    p.at(
                        v.span.start,
                        format!("the number {n} does not fit aps.toml"),
                    );
                    return None;
                }
            },
        },
        JsonValue::Array(items) => Value::Array(items.iter().filter_map(|i| value(i, p)).collect()),
        JsonValue::Object(members) => {
            let mut t = Table::new();
            for m in members {
                if let Some(x) = value(&m.value, p) {
                    t.insert(m.key.clone(), x);
                }
            }
            Value::Table(t)
        }
    })
}

//! Writing APS type definition JSON from the model: plain JSON, fixed key order.
//!
//! Top level: `apsVersion name id implements access? properties operations? structures?
//! relations`; property attributes in the order of [`property`]. Two-space indent, LF, trailing
//! newline.

use serde_json::{Map, Value};

use crate::model::{Access, Operation, Property, Relation, ResourceType, Response, Structure};

/// The `apsVersion` written into every schema.
pub const APS_VERSION: &str = "2.0";

/// Renders the type definition of `ty`.
pub fn render(ty: &ResourceType) -> Vec<u8> {
    let mut root = Map::new();
    root.insert("apsVersion".into(), APS_VERSION.into());
    root.insert("name".into(), ty.key.clone().into());
    root.insert("id".into(), ty.id.clone().into());
    root.insert(
        "implements".into(),
        Value::Array(ty.implements.iter().cloned().map(Value::from).collect()),
    );
    if let Some(a) = &ty.access {
        root.insert("access".into(), access(a));
    }
    root.insert("properties".into(), properties(&ty.properties));
    if !ty.operations.is_empty() {
        let ops = ty
            .operations
            .iter()
            .map(|(n, o)| (n.clone(), operation(o)))
            .collect();
        root.insert("operations".into(), Value::Object(ops));
    }
    if !ty.structures.is_empty() {
        let st = ty
            .structures
            .iter()
            .map(|(n, s)| (n.clone(), structure(s)))
            .collect();
        root.insert("structures".into(), Value::Object(st));
    }
    let rels = ty
        .relations
        .iter()
        .map(|(n, r)| (n.clone(), relation(r)))
        .collect();
    root.insert("relations".into(), Value::Object(rels));
    let mut out = serde_json::to_vec_pretty(&Value::Object(root)).unwrap_or_default();
    out.push(b'\n');
    out
}

fn access(a: &Access) -> Value {
    let mut m = Map::new();
    for (k, v) in [
        ("owner", a.owner),
        ("admin", a.admin),
        ("referrer", a.referrer),
    ] {
        if let Some(v) = v {
            m.insert(k.into(), v.into());
        }
    }
    Value::Object(m)
}

fn properties(props: &[(String, Property)]) -> Value {
    Value::Object(
        props
            .iter()
            .map(|(n, p)| (n.clone(), property(p)))
            .collect(),
    )
}

/// One property: `type title description required readonly encrypted final default enum
/// enumTitles format pattern unit items access minLength maxLength minimum maximum`, set ones only.
pub fn property(p: &Property) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), p.ty.clone().into());
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            m.insert(k.into(), v);
        }
    };
    put("title", p.title.clone().map(Value::from));
    put("description", p.description.clone().map(Value::from));
    put("required", p.required.map(Value::from));
    put("readonly", p.readonly.map(Value::from));
    put("encrypted", p.encrypted.map(Value::from));
    put("final", p.final_.map(Value::from));
    put("default", p.default.clone());
    put("enum", p.enum_values.clone().map(Value::Array));
    put(
        "enumTitles",
        p.enum_titles
            .as_ref()
            .map(|t| Value::Array(t.iter().cloned().map(Value::from).collect())),
    );
    put("format", p.format.clone().map(Value::from));
    put("pattern", p.pattern.clone().map(Value::from));
    put("unit", p.unit.clone().map(Value::from));
    put("items", p.items.as_deref().map(property));
    put("access", p.access.as_ref().map(access));
    put("minLength", p.min_length.map(Value::from));
    put("maxLength", p.max_length.map(Value::from));
    put("minimum", p.minimum.clone().map(Value::Number));
    put("maximum", p.maximum.clone().map(Value::Number));
    Value::Object(m)
}

fn structure(s: &Structure) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), "object".into());
    if let Some(d) = &s.description {
        m.insert("description".into(), d.clone().into());
    }
    m.insert("properties".into(), properties(&s.properties));
    Value::Object(m)
}

fn relation(r: &Relation) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), r.ty.clone().into());
    m.insert("required".into(), r.required.into());
    m.insert("collection".into(), r.collection.into());
    Value::Object(m)
}

fn operation(o: &Operation) -> Value {
    let mut m = Map::new();
    m.insert("verb".into(), o.verb.as_str().into());
    m.insert("path".into(), o.path.clone().into());
    if let Some(s) = o.static_ {
        m.insert("static".into(), s.into());
    }
    if let Some(a) = &o.access {
        m.insert("access".into(), access(a));
    }
    if !o.parameters.is_empty() {
        let params = o
            .parameters
            .iter()
            .map(|(n, p)| {
                let mut pm = Map::new();
                pm.insert("type".into(), p.ty.clone().into());
                pm.insert("kind".into(), p.kind.as_str().into());
                if let Some(r) = p.required {
                    pm.insert("required".into(), r.into());
                }
                (n.clone(), Value::Object(pm))
            })
            .collect();
        m.insert("parameters".into(), Value::Object(params));
    }
    if let Some(r) = &o.response {
        m.insert("response".into(), response(r));
    }
    if let Some(r) = &o.error_response {
        m.insert("errorResponse".into(), response(r));
    }
    Value::Object(m)
}

fn response(r: &Response) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), r.ty.clone().into());
    if let Some(i) = &r.items {
        m.insert("items".into(), property(i));
    }
    if let Some(c) = &r.content_type {
        m.insert("contentType".into(), c.clone().into());
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ParamKind, Parameter, Verb};

    fn ty() -> ResourceType {
        ResourceType {
            key: "context".into(),
            id: "http://x.example.org/aps/context/1.0".into(),
            implements: vec!["http://aps-standard.org/types/core/resource/1.0".into()],
            service_id: "context".into(),
            code: "scripts/context.php".into(),
            engine: "php".into(),
            schema_path: "schemas/context.schema".into(),
            title: None,
            summary: None,
            access: None,
            icon: None,
            infolinks: vec![],
            entry_points: vec![],
            color: None,
            font_color: None,
            presentation: true,
            properties: vec![(
                "level".into(),
                Property {
                    ty: "string".into(),
                    maximum: Some(5.into()),
                    default: Some("a".into()),
                    title: Some("Level".into()),
                    enum_values: Some(vec!["a".into(), "b".into()]),
                    ..Property::default()
                },
            )],
            structures: vec![],
            relations: vec![],
            operations: vec![(
                "reset".into(),
                Operation {
                    verb: Verb::Post,
                    path: "/reset/{id}".into(),
                    static_: None,
                    access: None,
                    parameters: vec![(
                        "id".into(),
                        Parameter {
                            ty: "string".into(),
                            kind: ParamKind::Path,
                            required: Some(true),
                        },
                    )],
                    response: None,
                    error_response: None,
                },
            )],
        }
    }

    #[test]
    fn key_order_and_optional_sections() {
        let text = String::from_utf8(render(&ty())).unwrap();
        let keys = [
            "\"apsVersion\"",
            "\"name\"",
            "\"id\"",
            "\"implements\"",
            "\"properties\"",
            "\"operations\"",
            "\"relations\"",
        ];
        let pos: Vec<usize> = keys.iter().map(|k| text.find(k).unwrap()).collect();
        assert!(pos.windows(2).all(|w| w[0] < w[1]), "{text}");
        assert!(!text.contains("\"structures\"") && !text.contains("\"access\""));
        assert!(text.contains("\"relations\": {}"));
        let attrs = [
            "\"type\": \"string\"",
            "\"title\"",
            "\"default\"",
            "\"enum\"",
            "\"maximum\"",
        ];
        let pos: Vec<usize> = attrs.iter().map(|k| text.find(k).unwrap()).collect();
        assert!(pos.windows(2).all(|w| w[0] < w[1]), "{text}");
        assert!(text.starts_with("{\n  \"apsVersion\": \"2.0\""));
        assert!(text.ends_with("}\n"));
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["operations"]["reset"]["parameters"]["id"]["kind"], "path");
    }
}

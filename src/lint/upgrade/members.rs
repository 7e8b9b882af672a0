//! Member-by-member comparison of two versions of one APS type (their schema JSON), and the
//! type id version bump each change needs (APS-FORMAT §5.3, KB 120574):
//!
//! * an addition (property, relation, operation, structure, implemented type, optional
//!   operation parameter) needs at least a minor bump;
//! * a removal, and an incompatible change, needs a major bump: another `type` (or relation
//!   target), `required` or `readonly` switched on, `encrypted` switched either way, enum values
//!   removed, a relation's `collection` switched, an operation's verb, path, response or
//!   parameters changed (a new required parameter included);
//! * any other change (`default`, titles, enum values added, `required` switched off, ...) needs
//!   some bump, the minor one being the smallest.
//!
//! A reference whose id keeps its base and only changes version (a relation to
//! `core/subscription/1.0` becoming `/2.0`, `Limits` of `context/1.0` becoming `1.1`) is not a
//! change of the type itself: it is reported apart, as a moved target.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;

use crate::typeschema::read::{Json, JsonValue, Member};

/// The smallest type id version bump a change needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    /// The minor part (or more).
    Minor,
    /// The major part.
    Major,
}

/// Added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// New in NEW.
    Added,
    /// Gone from NEW.
    Removed,
    /// In both, different.
    Changed,
}

/// One change of a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Added, removed or changed.
    pub kind: Kind,
    /// What changed: "property `quota`", "structure `Limits` property `mb`".
    pub what: String,
    /// How, for changes: "required false -> true".
    pub detail: String,
    /// The bump it needs.
    pub need: Need,
    /// Where in NEW's schema, when the thing is there.
    pub at: Option<Range<usize>>,
}

/// A reference that kept its type base but changed version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// "relation `subscription`".
    pub what: String,
    /// The old reference.
    pub from: String,
    /// The new reference.
    pub to: String,
    /// True when the major version changed or the version went down.
    pub breaking: bool,
    /// Where in NEW's schema.
    pub at: Range<usize>,
}

/// Everything that differs between two versions of a type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// Changes of the type's definition.
    pub changes: Vec<Change>,
    /// References that changed only their version.
    pub moved: Vec<Moved>,
}

impl Diff {
    /// The largest bump any change needs; None when nothing changed.
    pub fn need(&self) -> Option<Need> {
        self.changes.iter().map(|c| c.need).max()
    }

    fn push(
        &mut self,
        kind: Kind,
        what: String,
        detail: String,
        need: Need,
        at: Option<Range<usize>>,
    ) {
        self.changes.push(Change {
            kind,
            what,
            detail,
            need,
            at,
        });
    }
}

/// Keys of the type document compared by their own rules; every other top-level key is
/// compared as a whole.
const SECTIONS: &[&str] = &[
    "id",
    "implements",
    "properties",
    "relations",
    "operations",
    "structures",
];

/// Compares two type documents (schema roots).
pub fn compare(old: &Json, new: &Json) -> Diff {
    let mut d = Diff::default();
    implements(&mut d, old.get("implements"), new.get("implements"), new);
    for (key, o, n) in pairs(old, new) {
        if SECTIONS.contains(&key) {
            continue;
        }
        if !same_opt(o, n) {
            let at = new.member(key).map(|m| m.key_span.clone());
            d.push(
                Kind::Changed,
                format!("`{}`", super::show(key)),
                from_to(o, n),
                Need::Minor,
                at,
            );
        }
    }
    section(
        &mut d,
        "property",
        old.get("properties"),
        new.member("properties"),
        property,
    );
    section(
        &mut d,
        "relation",
        old.get("relations"),
        new.member("relations"),
        relation,
    );
    section(
        &mut d,
        "operation",
        old.get("operations"),
        new.member("operations"),
        operation,
    );
    section(
        &mut d,
        "structure",
        old.get("structures"),
        new.member("structures"),
        structure,
    );
    d
}

type MemberRule = fn(&mut Diff, &str, &Json, &Member);

/// Members of one section (an object of named definitions): added, removed, compared.
fn section(d: &mut Diff, noun: &str, old: Option<&Json>, new: Option<&Member>, rule: MemberRule) {
    let none: &[Member] = &[];
    let o = index(old.and_then(Json::as_object).unwrap_or(none));
    let n = index(new.and_then(|m| m.value.as_object()).unwrap_or(none));
    for (key, m) in &n.order {
        let what = format!("{noun} `{}`", super::show(key));
        match o.map.get(key) {
            None => d.push(
                Kind::Added,
                what,
                String::new(),
                Need::Minor,
                Some(m.key_span.clone()),
            ),
            Some(om) => rule(d, &what, &om.value, m),
        }
    }
    for (key, _) in &o.order {
        if !n.map.contains_key(key) {
            let at = new.map(|m| m.key_span.clone());
            let what = format!("{noun} `{}`", super::show(key));
            d.push(Kind::Removed, what, String::new(), Need::Major, at);
        }
    }
}

/// The first member of each key (later duplicates are lint's business), in source order of
/// first appearance.
fn index(members: &[Member]) -> Index<'_> {
    let mut map = HashMap::with_capacity(members.len());
    let mut order = Vec::with_capacity(members.len());
    for m in members {
        if !map.contains_key(m.key.as_str()) {
            map.insert(m.key.as_str(), m);
            order.push((m.key.as_str(), m));
        }
    }
    Index { order, map }
}

/// Members by key: the first of each key, in source order and for lookup.
struct Index<'a> {
    order: Vec<(&'a str, &'a Member)>,
    map: HashMap<&'a str, &'a Member>,
}

/// A property (or structure property, or `items`).
fn property(d: &mut Diff, what: &str, old: &Json, new: &Member) {
    let n = &new.value;
    let at = Some(new.key_span.clone());
    let mut handled = vec![
        "type",
        "items",
        "required",
        "readonly",
        "encrypted",
        "enum",
        "default",
    ];
    type_ref(d, what, old.get("type"), n.get("type"), n, at.clone());
    match (old.get("items"), n.member("items")) {
        (Some(oi), Some(ni)) if oi.as_object().is_some() && ni.value.as_object().is_some() => {
            property(d, &format!("{what} items"), oi, ni);
        }
        (oi, ni) => {
            if !same_opt(oi, ni.map(|m| &m.value)) {
                d.push(
                    Kind::Changed,
                    what.into(),
                    format!("items {}", from_to(oi, ni.map(|m| &m.value))),
                    Need::Major,
                    at.clone(),
                );
            }
        }
    }
    for (key, on, off) in [
        ("required", Need::Major, Need::Minor),
        ("readonly", Need::Major, Need::Minor),
        ("encrypted", Need::Major, Need::Major),
    ] {
        flag(d, what, key, old, n, on, off, at.clone());
    }
    enums(d, what, old.get("enum"), n.get("enum"), at.clone());
    if !same_opt(old.get("default"), n.get("default")) {
        d.push(
            Kind::Changed,
            what.into(),
            format!("default {}", from_to(old.get("default"), n.get("default"))),
            Need::Minor,
            at.clone(),
        );
    }
    // A property that is itself an object with properties (inline structure).
    if old.get("properties").is_some() || n.get("properties").is_some() {
        handled.push("properties");
        let prefix = format!("{what} property");
        nested(d, &prefix, old.get("properties"), n.member("properties"));
    }
    rest(d, what, old, n, &handled, at);
}

/// Properties nested in a structure or object property, named with `prefix`.
fn nested(d: &mut Diff, prefix: &str, old: Option<&Json>, new: Option<&Member>) {
    let mut inner = Diff::default();
    section(&mut inner, "property", old, new, property);
    for mut c in inner.changes {
        c.what = format!(
            "{prefix}{}",
            c.what.strip_prefix("property").unwrap_or(&c.what)
        );
        d.changes.push(c);
    }
    for mut m in inner.moved {
        m.what = format!(
            "{prefix}{}",
            m.what.strip_prefix("property").unwrap_or(&m.what)
        );
        d.moved.push(m);
    }
}

fn relation(d: &mut Diff, what: &str, old: &Json, new: &Member) {
    let n = &new.value;
    let at = Some(new.key_span.clone());
    type_ref(d, what, old.get("type"), n.get("type"), n, at.clone());
    for (key, on, off) in [
        ("required", Need::Major, Need::Minor),
        ("collection", Need::Major, Need::Major),
    ] {
        flag(d, what, key, old, n, on, off, at.clone());
    }
    rest(d, what, old, n, &["type", "required", "collection"], at);
}

fn operation(d: &mut Diff, what: &str, old: &Json, new: &Member) {
    let n = &new.value;
    let at = Some(new.key_span.clone());
    for key in ["verb", "path", "response"] {
        if !same_opt(old.get(key), n.get(key)) {
            d.push(
                Kind::Changed,
                what.into(),
                format!("{key} {}", from_to(old.get(key), n.get(key))),
                Need::Major,
                at.clone(),
            );
        }
    }
    let none: &[Member] = &[];
    let op = old
        .get("parameters")
        .and_then(Json::as_object)
        .unwrap_or(none);
    let np = n
        .get("parameters")
        .and_then(Json::as_object)
        .unwrap_or(none);
    let (op, np) = (index(op), index(np));
    for (key, p) in &np.order {
        let pw = format!("{what} parameter `{}`", super::show(key));
        match op.map.get(key) {
            None => {
                let required = p
                    .value
                    .get("required")
                    .is_some_and(|r| r.value == JsonValue::Bool(true));
                let need = if required { Need::Major } else { Need::Minor };
                let detail = if required {
                    "a new required parameter"
                } else {
                    ""
                };
                d.push(
                    Kind::Added,
                    pw,
                    detail.into(),
                    need,
                    Some(p.key_span.clone()),
                );
            }
            Some(o) => {
                for (key, a, b) in pairs(&o.value, &p.value) {
                    if !same_opt(a, b) {
                        let need = if matches!(key, "type" | "kind" | "required" | "items") {
                            Need::Major
                        } else {
                            Need::Minor
                        };
                        d.push(
                            Kind::Changed,
                            pw.clone(),
                            format!("{} {}", super::show(key), from_to(a, b)),
                            need,
                            Some(p.key_span.clone()),
                        );
                    }
                }
            }
        }
    }
    for (key, _) in &op.order {
        if !np.map.contains_key(key) {
            d.push(
                Kind::Removed,
                format!("{what} parameter `{}`", super::show(key)),
                String::new(),
                Need::Major,
                at.clone(),
            );
        }
    }
    rest(
        d,
        what,
        old,
        n,
        &["verb", "path", "response", "parameters"],
        at,
    );
}

fn structure(d: &mut Diff, what: &str, old: &Json, new: &Member) {
    let n = &new.value;
    nested(
        d,
        &format!("{what} property"),
        old.get("properties"),
        n.member("properties"),
    );
    rest(d, what, old, n, &["properties"], Some(new.key_span.clone()));
}

/// `implements`: an added id is a minor change, a removed one a major change.
fn implements(d: &mut Diff, old: Option<&Json>, new: Option<&Json>, root: &Json) {
    let ids = |j: Option<&Json>| -> BTreeSet<String> {
        match j.map(|j| &j.value) {
            Some(JsonValue::Array(items)) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
            Some(JsonValue::String(s)) => BTreeSet::from([s.clone()]),
            _ => BTreeSet::new(),
        }
    };
    let (o, n) = (ids(old), ids(new));
    let at = root.member("implements").map(|m| m.key_span.clone());
    for id in n.difference(&o) {
        d.push(
            Kind::Added,
            format!("implemented type `{}`", super::show(id)),
            String::new(),
            Need::Minor,
            at.clone(),
        );
    }
    for id in o.difference(&n) {
        d.push(
            Kind::Removed,
            format!("implemented type `{}`", super::show(id)),
            String::new(),
            Need::Major,
            at.clone(),
        );
    }
}

/// A `type` reference: same text, a moved version (reported apart), or another type (major).
fn type_ref(
    d: &mut Diff,
    what: &str,
    old: Option<&Json>,
    new: Option<&Json>,
    holder: &Json,
    at: Option<Range<usize>>,
) {
    if same_opt(old, new) {
        return;
    }
    if let (Some(o), Some(n)) = (old.and_then(Json::as_str), new.and_then(Json::as_str))
        && let (Ok(a), Ok(b)) = (crate::aps::TypeId::parse(o), crate::aps::TypeId::parse(n))
        && a.base == b.base
        && a.structure == b.structure
    {
        let (va, vb) = (a.version.unwrap_or((0, 0)), b.version.unwrap_or((0, 0)));
        d.moved.push(Moved {
            what: what.to_string(),
            from: o.to_string(),
            to: n.to_string(),
            breaking: vb.0 != va.0 || vb < va,
            at: holder
                .get("type")
                .map_or(at.clone().unwrap_or(0..0), |t| t.span.clone()),
        });
        return;
    }
    d.push(
        Kind::Changed,
        what.into(),
        format!("type {}", from_to(old, new)),
        Need::Major,
        at,
    );
}

/// A boolean attribute (absent = false): `on` is the need of switching it on, `off` of off.
#[allow(clippy::too_many_arguments)]
fn flag(
    d: &mut Diff,
    what: &str,
    key: &str,
    old: &Json,
    new: &Json,
    on: Need,
    off: Need,
    at: Option<Range<usize>>,
) {
    let get = |j: &Json| j.get(key).is_some_and(|v| v.value == JsonValue::Bool(true));
    let (a, b) = (get(old), get(new));
    if a != b {
        d.push(
            Kind::Changed,
            what.into(),
            format!("{key} {a} -> {b}"),
            if b { on } else { off },
            at,
        );
    } else if !(same_opt(old.get(key), new.get(key))
        || (is_false(old.get(key)) && is_false(new.get(key))))
    {
        d.push(
            Kind::Changed,
            what.into(),
            format!("{key} {}", from_to(old.get(key), new.get(key))),
            Need::Minor,
            at,
        );
    }
}

fn is_false(j: Option<&Json>) -> bool {
    j.is_none_or(|j| j.value == JsonValue::Bool(false))
}

/// `enum`: values removed (major), added (minor), or reordered (minor).
fn enums(
    d: &mut Diff,
    what: &str,
    old: Option<&Json>,
    new: Option<&Json>,
    at: Option<Range<usize>>,
) {
    if same_opt(old, new) {
        return;
    }
    let vals = |j: Option<&Json>| -> Vec<String> {
        j.and_then(Json::as_array)
            .map(|a| a.iter().map(render).collect())
            .unwrap_or_default()
    };
    let (o, n) = (vals(old), vals(new));
    let (os, ns): (HashSet<&String>, HashSet<&String>) = (o.iter().collect(), n.iter().collect());
    let removed: Vec<&String> = o.iter().filter(|v| !ns.contains(v)).collect();
    let added: Vec<&String> = n.iter().filter(|v| !os.contains(v)).collect();
    let list = |v: &[&String]| {
        v.iter()
            .map(|s| super::show(s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if old.is_some() && new.is_none() {
        d.push(
            Kind::Changed,
            what.into(),
            "enum removed (any value allowed now)".into(),
            Need::Minor,
            at,
        );
    } else if old.is_none() {
        d.push(
            Kind::Changed,
            what.into(),
            format!("enum added: {}", list(&added)),
            Need::Major,
            at,
        );
    } else if !removed.is_empty() {
        d.push(
            Kind::Changed,
            what.into(),
            format!("enum values removed: {}", list(&removed)),
            Need::Major,
            at,
        );
    } else if !added.is_empty() {
        d.push(
            Kind::Changed,
            what.into(),
            format!("enum values added: {}", list(&added)),
            Need::Minor,
            at,
        );
    } else {
        d.push(
            Kind::Changed,
            what.into(),
            "enum values reordered".into(),
            Need::Minor,
            at,
        );
    }
}

/// Every other attribute: any difference is a minor change.
fn rest(
    d: &mut Diff,
    what: &str,
    old: &Json,
    new: &Json,
    handled: &[&str],
    at: Option<Range<usize>>,
) {
    for (key, a, b) in pairs(old, new) {
        if handled.contains(&key) {
            continue;
        }
        if !same_opt(a, b) {
            d.push(
                Kind::Changed,
                what.into(),
                format!("{} {}", super::show(key), from_to(a, b)),
                Need::Minor,
                at.clone(),
            );
        }
    }
}

/// Keys of two objects: NEW's in order, then OLD's that NEW lacks.
/// The keys of two objects with their values in each: NEW's keys in order, then OLD's that
/// NEW lacks (the first member of each key).
fn pairs<'a>(old: &'a Json, new: &'a Json) -> Vec<(&'a str, Option<&'a Json>, Option<&'a Json>)> {
    let (o, n) = (
        index(old.as_object().unwrap_or(&[])),
        index(new.as_object().unwrap_or(&[])),
    );
    let mut out: Vec<_> = n
        .order
        .iter()
        .map(|(k, m)| (*k, o.map.get(k).map(|m| &m.value), Some(&m.value)))
        .collect();
    out.extend(
        o.order
            .iter()
            .filter(|(k, _)| !n.map.contains_key(k))
            .map(|(k, m)| (*k, Some(&m.value), None)),
    );
    out
}

fn same_opt(a: Option<&Json>, b: Option<&Json>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => same(a, b),
        _ => false,
    }
}

/// Equal values, whatever their spans, member order, or number spelling (`1` and `1.0`).
pub fn same(a: &Json, b: &Json) -> bool {
    match (&a.value, &b.value) {
        (JsonValue::Number(x), JsonValue::Number(y)) => {
            x == y || matches!((x.parse::<f64>(), y.parse::<f64>()), (Ok(p), Ok(q)) if p == q)
        }
        (JsonValue::Array(x), JsonValue::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (JsonValue::Object(x), JsonValue::Object(y)) => {
            let (x, y) = (index(x), index(y));
            x.map.len() == y.map.len()
                && x.map
                    .iter()
                    .all(|(k, p)| y.map.get(k).is_some_and(|q| same(&p.value, &q.value)))
        }
        (x, y) => x == y,
    }
}

/// `a -> b`, with `(none)` for a missing value.
fn from_to(a: Option<&Json>, b: Option<&Json>) -> String {
    let r = |j: Option<&Json>| j.map_or("(none)".to_string(), |j| super::show(&render(j)));
    format!("{} -> {}", r(a), r(b))
}

/// Compact JSON text of a value.
pub fn render(j: &Json) -> String {
    match &j.value {
        JsonValue::Null => "null".into(),
        JsonValue::Bool(b) => b.to_string(),
        JsonValue::Number(n) => n.clone(),
        JsonValue::String(s) => serde_json::Value::String(s.clone()).to_string(),
        JsonValue::Array(a) => format!("[{}]", a.iter().map(render).collect::<Vec<_>>().join(",")),
        JsonValue::Object(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|m| format!(
                    "{}:{}",
                    serde_json::Value::String(m.key.clone()),
                    render(&m.value)
                ))
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeschema::read::parse_json;

    fn diff(old: &str, new: &str) -> Diff {
        let o = parse_json(old.as_bytes(), true).expect("old parses");
        let n = parse_json(new.as_bytes(), true).expect("new parses");
        compare(&o, &n)
    }

    fn props(p: &str) -> String {
        format!(r#"{{"id": "http://x.org/t/1.0", "properties": {{{p}}}}}"#)
    }

    fn one(d: &Diff) -> (Change, Need) {
        assert_eq!(d.changes.len(), 1, "{d:?}");
        (d.changes[0].clone(), d.need().expect("a need"))
    }

    #[test]
    fn the_same_type_in_another_spelling_has_no_changes() {
        let a = r#"{"id": "http://x.org/t/1.0", "properties": {"a": {"type": "integer", "default": 1, "title": "A"}}}"#;
        let b = "// comment\n{\"properties\": {\"a\": {\"title\": \"A\", \"default\": 1.0, \"type\": \"integer\"}}, \"id\": \"http://x.org/t/1.1\"}";
        assert_eq!(diff(a, b), Diff::default());
        assert_eq!(Diff::default().need(), None);
    }

    #[test]
    fn additions_need_minor_and_removals_major() {
        let base = props(r#""a": {"type": "string"}"#);
        let plus = props(r#""a": {"type": "string"}, "b": {"type": "string"}"#);
        let (c, need) = one(&diff(&base, &plus));
        assert_eq!(
            (c.kind, c.what.as_str(), need),
            (Kind::Added, "property `b`", Need::Minor)
        );
        assert!(c.at.is_some());
        let (c, need) = one(&diff(&plus, &base));
        assert_eq!((c.kind, need), (Kind::Removed, Need::Major));
        let rel = |r: &str| format!(r#"{{"relations": {{{r}}}}}"#);
        let (c, need) = one(&diff(
            &rel(""),
            &rel(r#""x": {"type": "http://x.org/u/1.0"}"#),
        ));
        assert_eq!((c.what.as_str(), need), ("relation `x`", Need::Minor));
        let st = |s: &str| {
            format!(r#"{{"structures": {{"S": {{"type": "object", "properties": {{{s}}}}}}}}}"#)
        };
        let (c, need) = one(&diff(&st(r#""m": {"type": "integer"}"#), &st("")));
        assert_eq!(
            (c.what.as_str(), need),
            ("structure `S` property `m`", Need::Major)
        );
        let imp = |i: &str| format!(r#"{{"implements": [{i}]}}"#);
        let (_, need) = one(&diff(
            &imp(r#""http://a/1.0""#),
            &imp(r#""http://a/1.0", "http://b/1.0""#),
        ));
        assert_eq!(need, Need::Minor);
        let (_, need) = one(&diff(
            &imp(r#""http://a/1.0", "http://b/1.0""#),
            &imp(r#""http://a/1.0""#),
        ));
        assert_eq!(need, Need::Major);
    }

    #[test]
    fn property_attributes_need_what_their_change_breaks() {
        let p = |attrs: &str| props(&format!(r#""a": {{"type": "string"{attrs}}}"#));
        let cases = [
            ("", r#", "required": true"#, Need::Major),
            (r#", "required": true"#, "", Need::Minor),
            ("", r#", "readonly": true"#, Need::Major),
            (r#", "readonly": true"#, "", Need::Minor),
            ("", r#", "encrypted": true"#, Need::Major),
            (r#", "encrypted": true"#, "", Need::Major),
            (r#", "enum": ["x", "y"]"#, r#", "enum": ["x"]"#, Need::Major),
            (r#", "enum": ["x"]"#, r#", "enum": ["x", "y"]"#, Need::Minor),
            (
                r#", "enum": ["x", "y"]"#,
                r#", "enum": ["y", "x"]"#,
                Need::Minor,
            ),
            (r#", "default": "x""#, r#", "default": "y""#, Need::Minor),
            (r#", "title": "x""#, r#", "title": "y""#, Need::Minor),
        ];
        assert_eq!(
            diff(&p(""), &p(r#", "required": false"#)),
            Diff::default(),
            "absent is false"
        );
        for (a, b, want) in cases {
            let d = diff(&p(a), &p(b));
            let (c, need) = one(&d);
            assert_eq!(need, want, "{a} -> {b}: {c:?}");
            assert_eq!(c.kind, Kind::Changed);
        }
        let (c, need) = one(&diff(
            &props(r#""a": {"type": "string"}"#),
            &props(r#""a": {"type": "integer"}"#),
        ));
        assert_eq!(need, Need::Major);
        assert_eq!(c.detail, r#"type "string" -> "integer""#);
    }

    #[test]
    fn relations_and_operations() {
        let r = |body: &str| format!(r#"{{"relations": {{"s": {{{body}}}}}}}"#);
        let (_, need) = one(&diff(
            &r(r#""type": "http://x.org/a/1.0""#),
            &r(r#""type": "http://x.org/b/1.0""#),
        ));
        assert_eq!(need, Need::Major, "another target type");
        let (_, need) = one(&diff(
            &r(r#""type": "http://x.org/a/1.0""#),
            &r(r#""type": "http://x.org/a/1.0", "collection": true"#),
        ));
        assert_eq!(need, Need::Major);
        let d = diff(
            &r(r#""type": "http://x.org/a/1.0""#),
            &r(r#""type": "http://x.org/a/2.0""#),
        );
        assert!(
            d.changes.is_empty(),
            "a moved version is no change of the type: {d:?}"
        );
        assert_eq!(d.moved.len(), 1);
        assert!(d.moved[0].breaking);
        let d = diff(
            &r(r#""type": "http://x.org/a/1.0""#),
            &r(r#""type": "http://x.org/a/1.1""#),
        );
        assert!(!d.moved[0].breaking);

        let op = |body: &str| {
            format!(r#"{{"operations": {{"o": {{"verb": "GET", "path": "/x"{body}}}}}}}"#)
        };
        let (_, need) = one(&diff(
            &op(""),
            &op(r#", "parameters": {"p": {"type": "string", "kind": "query"}}"#),
        ));
        assert_eq!(need, Need::Minor, "an optional parameter");
        let (c, need) = one(&diff(
            &op(""),
            &op(r#", "parameters": {"p": {"type": "string", "kind": "query", "required": true}}"#),
        ));
        assert_eq!(need, Need::Major, "{c:?}");
        let (_, need) = one(&diff(
            &op(r#", "parameters": {"p": {"type": "string", "kind": "query"}}"#),
            &op(""),
        ));
        assert_eq!(need, Need::Major);
        let (_, need) = one(&diff(
            &op(r#", "access": {"owner": true}"#),
            &op(r#", "access": {"owner": false}"#),
        ));
        assert_eq!(need, Need::Minor);
        let (_, need) = one(&diff(&op(""), &op("").replace("GET", "POST")));
        assert_eq!(need, Need::Major);
    }

    #[test]
    fn other_top_level_keys_are_compared_whole() {
        let (c, need) = one(&diff(
            r#"{"access": {"owner": true}}"#,
            r#"{"access": {"owner": false}}"#,
        ));
        assert_eq!((c.what.as_str(), need), ("`access`", Need::Minor));
        assert_eq!(
            diff(r#"{"id": "http://x/1.0"}"#, r#"{"id": "http://x/2.0"}"#),
            Diff::default()
        );
    }
}

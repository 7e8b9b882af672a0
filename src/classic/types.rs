//! PHP annotations → APS type definitions, as the vendor's `aps build` writes them.
//!
//! The class with `@type` gives the schema: `apsVersion name id implements properties?
//! operations? structures? relations`. Properties (public, `@type`) carry `type items required
//! readonly encrypted default format title description enum enumTitles unit access`, with the
//! default taken from the PHP initializer (never from `@default`); `@link` members become
//! relations (`type required? collection allocate?`); methods with `@verb` become operations
//! (`verb path response? parameters?`, `@param` bound to the method's arguments by position);
//! `relations` is left out when there are none;
//! classes without `@type` that a property or an operation refers to (directly or through another
//! structure) become structures. Unknown annotations are ignored; a known one misspelt or in another letter
//! case is a warning with a suggestion; a malformed one is an error.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::php::doc::{self, Annotation};
use crate::php::problem::Level;
use crate::php::value::{self, Expr};
use crate::php::{Class, DocComment, Problem, Script};

/// A script and what was read from it.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// Package path.
    pub path: &'a str,
    /// Its text.
    pub text: &'a str,
    /// Its parsed form.
    pub script: &'a Script,
}

/// The type a script declares.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The type definition, keys in the vendor's order.
    pub schema: Value,
    /// The class that carries `@type`.
    pub class: String,
    /// Byte offset of the class name in the main script.
    pub class_offset: usize,
}

/// Annotations the vendor's runtime reads, with the number of arguments each takes.
pub const KNOWN: &[(&str, usize, usize)] = &[
    ("type", 1, 1),
    ("implements", 1, 1),
    ("link", 1, 1),
    ("required", 0, 0),
    ("readonly", 0, 0),
    ("encrypted", 0, 0),
    ("default", 1, 1),
    ("title", 1, 1),
    ("description", 1, 1),
    ("unit", 1, 1),
    ("format", 1, 1),
    ("option", 2, 2),
    ("access", 2, 2),
    ("allocate", 1, 1),
    ("verb", 1, 1),
    ("path", 1, 1),
    ("param", 2, 2),
    ("return", 1, 2),
];

/// Phpdoc tags that also appear without parentheses and are documentation, not APS annotations.
const PHPDOC: &[&str] = &[
    "var",
    "param",
    "return",
    "returns",
    "throws",
    "throw",
    "see",
    "link",
    "author",
    "since",
    "version",
    "package",
    "subpackage",
    "deprecated",
    "todo",
    "internal",
    "uses",
    "used-by",
    "example",
    "license",
    "copyright",
    "category",
    "method",
    "property",
    "inheritdoc",
    "inheritDoc",
    "global",
    "static",
    "abstract",
    "final",
    "api",
    "ignore",
    "codeCoverageIgnore",
    "override",
    "source",
    "filesource",
    "name",
    "access",
    "tutorial",
];

/// Reads the type of `main`; `included` are the package scripts it requires (for structures).
/// Problems (errors and warnings) are added to `problems`; `None` when there is no `@type`
/// class or an error prevents the result.
pub fn read_type(
    main: Source,
    included: &[Source],
    problems: &mut Vec<Problem>,
) -> Option<TypeDef> {
    let before = problems.len();
    let mut reader = TypeReader {
        sources: std::iter::once(main)
            .chain(included.iter().copied())
            .collect(),
        problems,
    };
    let mut typed: Vec<(&Class, Vec<Annotation>)> = Vec::new();
    for class in &main.script.classes {
        let notes = reader.annotations(main.path, class.doc.as_ref());
        if notes.iter().any(|a| a.name == "type") {
            typed.push((class, notes));
        }
    }
    let (class, notes) = typed.first()?;
    if let Some((second, _)) = typed.get(1) {
        let p = Problem::new(
            Level::Error,
            main.path,
            second.span.clone(),
            format!(
                "classes {} and {} both carry @type; a script declares one resource type",
                class.name, second.name
            ),
        )
        .help("move the second class into its own script and service");
        reader.problems.push(p);
        return None;
    }
    let mut root = Map::new();
    root.insert("apsVersion".into(), "2.0".into());
    root.insert("name".into(), class.name.clone().into());
    let id = reader.last_arg(main.path, notes, "type");
    root.insert("id".into(), id.unwrap_or_default().into());
    let implements: Vec<Value> = notes
        .iter()
        .filter(|a| a.name == "implements")
        .filter_map(first_arg)
        .map(Value::from)
        .collect();
    root.insert("implements".into(), Value::Array(implements));
    let (properties, relations, mut refs) = reader.members(main, class, true);
    if !properties.is_empty() {
        root.insert("properties".into(), Value::Object(properties));
    }
    let operations = reader.operations(main, class);
    // The vendor's output shows structures that properties refer to; whether a class used only
    // by an operation's @param or @return is emitted is not in the data. Emitting it is the
    // safe reading: without it the operation names a type the schema does not define.
    for op in operations.values() {
        let types = op["parameters"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.values())
            .map(|p| &p["type"])
            .chain(std::iter::once(&op["response"]["type"]));
        for t in types.filter_map(Value::as_str) {
            refs.push(t.strip_suffix("[]").unwrap_or(t).to_string());
        }
    }
    if !operations.is_empty() {
        root.insert("operations".into(), Value::Object(operations));
    }
    let structures = reader.structures(class, refs);
    if !structures.is_empty() {
        root.insert("structures".into(), Value::Object(structures));
    }
    // Every vendor build seen has relations, so the data cannot say how the vendor writes none
    // (PHP would print `[]`). An absent section is valid (relations are optional) and cannot be
    // misread as a list by a strict consumer, so it is left out like the other sections.
    if !relations.is_empty() {
        root.insert("relations".into(), Value::Object(relations));
    }
    if reader.problems[before..]
        .iter()
        .any(|p| p.level == Level::Error)
    {
        return None;
    }
    Some(TypeDef {
        schema: Value::Object(root),
        class: class.name.clone(),
        class_offset: class.span.start,
    })
}

fn first_arg(a: &Annotation) -> Option<String> {
    a.args.as_ref()?.first().map(|x| x.value.clone())
}

fn args_of(a: &Annotation) -> Vec<String> {
    a.args
        .as_ref()
        .map(|v| v.iter().map(|x| x.value.clone()).collect())
        .unwrap_or_default()
}

struct TypeReader<'s, 'p> {
    sources: Vec<Source<'s>>,
    problems: &'p mut Vec<Problem>,
}

impl<'s> TypeReader<'s, '_> {
    /// The annotations of a doc-comment, checked: malformed ones are errors, misspelt ones
    /// warnings, known ones with the wrong number of arguments errors.
    fn annotations(&mut self, path: &str, doc: Option<&DocComment>) -> Vec<Annotation> {
        let Some(doc) = doc else {
            return Vec::new();
        };
        let (found, bad) = doc::annotations(&doc.text, doc.offset);
        for m in bad {
            self.problems.push(
                Problem::new(Level::Error, path, m.span, m.message)
                    .help("write annotations as @name(\"value\", ...) on one line"),
            );
        }
        let mut out = Vec::with_capacity(found.len());
        for a in found {
            match KNOWN.iter().find(|(n, _, _)| *n == a.name) {
                Some((name, min, max)) => {
                    let Some(args) = &a.args else {
                        if *min > 0 && !PHPDOC.contains(name) {
                            self.problems.push(
                                Problem::new(
                                    Level::Warning,
                                    path,
                                    a.span.clone(),
                                    format!("@{name} without parentheses is ignored"),
                                )
                                .help(format!("write @{name}(\"...\")")),
                            );
                        }
                        if *min == 0 {
                            out.push(a);
                        }
                        continue;
                    };
                    if args.is_empty() && matches!(*name, "param" | "return") {
                        continue;
                    }
                    if args.len() < *min || args.len() > *max {
                        let want = if min == max {
                            format!("{min}")
                        } else {
                            format!("{min} or {max}")
                        };
                        self.problems.push(Problem::new(
                            Level::Error,
                            path,
                            a.span.clone(),
                            format!("@{name} takes {want} argument(s), found {}", args.len()),
                        ));
                        continue;
                    }
                    out.push(a);
                }
                None => {
                    if let Some(s) = suggestion(&a.name) {
                        let msg = if s.eq_ignore_ascii_case(&a.name) {
                            format!(
                                "@{} is ignored: annotation names are case-sensitive",
                                a.name
                            )
                        } else {
                            format!("unknown annotation @{} is ignored", a.name)
                        };
                        self.problems.push(
                            Problem::new(Level::Warning, path, a.span.clone(), msg)
                                .help(format!("did you mean @{s}?")),
                        );
                    }
                }
            }
        }
        out
    }

    fn last_arg(&mut self, _path: &str, notes: &[Annotation], name: &str) -> Option<String> {
        notes
            .iter()
            .rev()
            .find(|a| a.name == name)
            .and_then(first_arg)
    }

    /// Properties, relations and the bare type names properties refer to.
    fn members(
        &mut self,
        src: Source<'s>,
        class: &Class,
        with_relations: bool,
    ) -> (Map<String, Value>, Map<String, Value>, Vec<String>) {
        let mut props = Map::new();
        let mut rels = Map::new();
        let mut refs = Vec::new();
        for p in &class.properties {
            let notes = self.annotations(src.path, p.doc.as_ref());
            let has = |n: &str| notes.iter().any(|a| a.name == n);
            let last = |n: &str| notes.iter().rev().find(|a| a.name == n).and_then(first_arg);
            if let Some(ty) = last("type") {
                let mut m = Map::new();
                if let Some(inner) = ty.strip_suffix("[]") {
                    m.insert("type".into(), "array".into());
                    let mut items = Map::new();
                    items.insert("type".into(), inner.into());
                    m.insert("items".into(), Value::Object(items));
                    refs.push(inner.to_string());
                } else {
                    m.insert("type".into(), ty.clone().into());
                    refs.push(ty.clone());
                }
                for flag in ["required", "readonly", "encrypted"] {
                    if has(flag) {
                        m.insert(flag.into(), true.into());
                    }
                }
                if let Some(init) = &p.init
                    && let Some(v) = self.default(src, class, init, &p.name)
                {
                    m.insert("default".into(), v);
                }
                for key in ["format", "title", "description"] {
                    if let Some(v) = last(key) {
                        m.insert(key.into(), v.into());
                    }
                }
                let options: Vec<Vec<String>> = notes
                    .iter()
                    .filter(|a| a.name == "option")
                    .map(args_of)
                    .collect();
                if !options.is_empty() {
                    let values = options.iter().map(|o| Value::from(o[0].clone())).collect();
                    let titles = options.iter().map(|o| Value::from(o[1].clone())).collect();
                    m.insert("enum".into(), Value::Array(values));
                    m.insert("enumTitles".into(), Value::Array(titles));
                }
                if let Some(v) = last("unit") {
                    m.insert("unit".into(), v.into());
                }
                let mut access = Map::new();
                for a in notes.iter().filter(|a| a.name == "access") {
                    let args = args_of(a);
                    match args[1].to_ascii_lowercase().as_str() {
                        "true" => {
                            access.insert(args[0].clone(), true.into());
                        }
                        "false" => {
                            access.insert(args[0].clone(), false.into());
                        }
                        _ => self.problems.push(
                            Problem::new(
                                Level::Error,
                                src.path,
                                a.span.clone(),
                                format!(
                                    "@access({}, {}): the second argument must be true or false",
                                    args[0], args[1]
                                ),
                            )
                            .help("write @access(referrer, false)"),
                        ),
                    }
                }
                if !access.is_empty() {
                    m.insert("access".into(), Value::Object(access));
                }
                props.insert(p.name.clone(), Value::Object(m));
            }
            if with_relations && let Some(link) = last("link") {
                let mut r = Map::new();
                let (ty, collection) = match link.strip_suffix("[]") {
                    Some(t) => (t.to_string(), true),
                    None => (link.clone(), false),
                };
                r.insert("type".into(), ty.into());
                if has("required") {
                    r.insert("required".into(), true.into());
                }
                r.insert("collection".into(), collection.into());
                if let Some(a) = last("allocate") {
                    r.insert("allocate".into(), a.into());
                }
                rels.insert(p.name.clone(), Value::Object(r));
            }
        }
        (props, rels, refs)
    }

    fn default(
        &mut self,
        src: Source<'s>,
        class: &Class,
        init: &Expr,
        prop: &str,
    ) -> Option<Value> {
        let sources = self.sources.clone();
        let lookup = |cls: &str, name: &str| -> Option<Expr> {
            let target = if cls.eq_ignore_ascii_case("self") || cls.eq_ignore_ascii_case("static") {
                class.name.as_str()
            } else {
                cls.rsplit('\\').next().unwrap_or(cls)
            };
            sources
                .iter()
                .flat_map(|s| s.script.classes.iter())
                .find(|c| c.name.eq_ignore_ascii_case(target))
                .and_then(|c| c.constants.iter().find(|(n, _)| n == name))
                .map(|(_, e)| e.clone())
        };
        match value::evaluate(init, &lookup) {
            Ok(Value::Null) => None,
            Ok(v) => Some(v),
            Err(e) => {
                self.problems.push(
                    Problem::new(
                        Level::Error,
                        src.path,
                        e.span,
                        format!(
                            "the initial value of ${prop} is {}, which cannot be read without running PHP",
                            e.what
                        ),
                    )
                    .help("initialize the property with a literal, an array of literals or a class constant"),
                );
                None
            }
        }
    }

    fn operations(&mut self, src: Source<'s>, class: &Class) -> Map<String, Value> {
        let mut ops = Map::new();
        for m in &class.methods {
            let notes = self.annotations(src.path, m.doc.as_ref());
            let Some(verb) = notes.iter().rev().find(|a| a.name == "verb") else {
                continue;
            };
            let mut o = Map::new();
            o.insert("verb".into(), first_arg(verb).unwrap_or_default().into());
            match notes
                .iter()
                .rev()
                .find(|a| a.name == "path")
                .and_then(first_arg)
            {
                Some(p) => {
                    o.insert("path".into(), p.into());
                }
                None => {
                    self.problems.push(
                        Problem::new(
                            Level::Error,
                            src.path,
                            m.span.clone(),
                            format!("operation {} has @verb but no @path", m.name),
                        )
                        .help(format!("add @path(\"/{}\") to its doc-comment", m.name)),
                    );
                    continue;
                }
            }
            if let Some(r) = notes.iter().rev().find(|a| a.name == "return") {
                let args = args_of(r);
                let mut resp = Map::new();
                resp.insert(
                    "contentType".into(),
                    args.get(1).cloned().map_or(Value::Null, Value::from),
                );
                resp.insert("type".into(), args[0].clone().into());
                resp.insert("items".into(), Value::Null);
                o.insert("response".into(), Value::Object(resp));
            }
            let mut params = Map::new();
            for (i, p) in notes.iter().filter(|a| a.name == "param").enumerate() {
                let Some(arg) = m.args.get(i) else {
                    continue;
                };
                let args = args_of(p);
                let mut pm = Map::new();
                pm.insert("type".into(), args[0].clone().into());
                pm.insert("required".into(), true.into());
                pm.insert("kind".into(), args[1].clone().into());
                params.insert(arg.clone(), Value::Object(pm));
            }
            if !params.is_empty() {
                o.insert("parameters".into(), Value::Object(params));
            }
            ops.insert(m.name.clone(), Value::Object(o));
        }
        ops
    }

    /// Classes without `@type` reachable from `refs`, in declaration order.
    fn structures(&mut self, typed: &Class, refs: Vec<String>) -> Map<String, Value> {
        let sources = self.sources.clone();
        let candidates: Vec<(Source<'s>, &Class)> = sources
            .iter()
            .flat_map(|s| s.script.classes.iter().map(move |c| (*s, c)))
            .filter(|(_, c)| c.name != typed.name)
            .collect();
        let mut wanted: BTreeSet<String> = BTreeSet::new();
        let mut queue = refs;
        let mut bodies: Vec<(String, Value)> = Vec::new();
        while let Some(r) = queue.pop() {
            if wanted.contains(&r) {
                continue;
            }
            let Some((src, class)) = candidates.iter().find(|(_, c)| c.name == r) else {
                continue;
            };
            let notes = self.annotations(src.path, class.doc.as_ref());
            if notes.iter().any(|a| a.name == "type") {
                continue;
            }
            wanted.insert(r.clone());
            let (props, _, more) = self.members(*src, class, false);
            queue.extend(more);
            let mut m = Map::new();
            m.insert("type".into(), "object".into());
            m.insert("properties".into(), props_value(props));
            bodies.push((r, Value::Object(m)));
        }
        let mut out = Map::new();
        for (_, c) in &candidates {
            if let Some((_, v)) = bodies.iter().find(|(n, _)| *n == c.name)
                && !out.contains_key(&c.name)
            {
                out.insert(c.name.clone(), v.clone());
            }
        }
        out
    }
}

/// A structure's members; `{}` when it has none (an object, as the format requires).
fn props_value(props: Map<String, Value>) -> Value {
    Value::Object(props)
}

/// The known annotation a misspelt or wrongly cased `name` most likely means.
pub fn suggestion(name: &str) -> Option<&'static str> {
    if PHPDOC.iter().any(|p| p.eq_ignore_ascii_case(name)) {
        return None;
    }
    crate::suggest::closest(name, &KNOWN_NAMES)
}

/// The names of [`KNOWN`].
const KNOWN_NAMES: [&str; KNOWN.len()] = {
    let mut out = [""; KNOWN.len()];
    let mut i = 0;
    while i < KNOWN.len() {
        out[i] = KNOWN[i].0;
        i += 1;
    }
    out
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(text: &str) -> (Option<Value>, Vec<Problem>) {
        let script = crate::php::parse("scripts/a.php", text);
        let mut problems = script.problems.clone();
        let src = Source {
            path: "scripts/a.php",
            text,
            script: &script,
        };
        let t = read_type(src, &[], &mut problems);
        (t.map(|t| t.schema), problems)
    }

    #[test]
    fn maps_properties_relations_operations_and_structures() {
        let text = r#"<?php
class Quota {
    /** @type(integer) */
    public $limit = 10;
}
class Unused { /** @type(string) */ public $x; }
/**
 * @type("http://x.example/a/1.0")
 * @implements("http://aps-standard.org/types/core/resource/1.0")
 */
class a {
    const LEVEL = 'basic';
    /**
     * @description("Level")
     * @type(string)
     * @required
     * @default("ignored")
     * @option("basic", "Basic")
     * @option("pro", "Pro")
     * @access(referrer, false)
     */
    public $level = self::LEVEL;
    /** @type(Quota[]) */
    public $quotas = array();
    /** @type(string) @Description("x") */
    public $plain;
    /**
     * @link("http://x.example/b/1.0[]")
     * @allocate(new)
     */
    public $bs;
    /**
     * @verb(GET)
     * @path("/count")
     * @param(string, query)
     * @param(integer, query)
     * @return(string, "text/plain")
     */
    public function count($filter) {}
    public function helper() {}
}
"#;
        let (v, problems) = read(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            v,
            Some(json!({
                "apsVersion": "2.0",
                "name": "a",
                "id": "http://x.example/a/1.0",
                "implements": ["http://aps-standard.org/types/core/resource/1.0"],
                "properties": {
                    "level": {"type": "string", "required": true, "default": "basic",
                        "description": "Level", "enum": ["basic", "pro"],
                        "enumTitles": ["Basic", "Pro"], "access": {"referrer": false}},
                    "quotas": {"type": "array", "items": {"type": "Quota"}, "default": []},
                    "plain": {"type": "string"}
                },
                "operations": {"count": {"verb": "GET", "path": "/count",
                    "response": {"contentType": "text/plain", "type": "string", "items": null},
                    "parameters": {"filter": {"type": "string", "required": true, "kind": "query"}}}},
                "structures": {"Quota": {"type": "object", "properties": {"limit": {"type": "integer", "default": 10}}}},
                "relations": {"bs": {"type": "http://x.example/b/1.0", "collection": true, "allocate": "new"}}
            }))
        );
        let keys: Vec<String> = v
            .as_ref()
            .and_then(|v| v["properties"]["level"].as_object())
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            [
                "type",
                "required",
                "default",
                "description",
                "enum",
                "enumTitles",
                "access"
            ]
        );
    }

    #[test]
    fn misspelt_annotations_warn_with_a_suggestion() {
        let text = "<?php\n/** @type(\"http://x/a/1.0\") */\nclass a {\n  /**\n   * @type(string)\n   * @requried\n   * @Title(\"t\")\n   * @var string\n   * @codeCoverageIgnore\n   */\n  public $x;\n}\n";
        let (v, problems) = read(text);
        assert!(v.is_some());
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().all(|p| p.level == Level::Warning));
        assert_eq!(problems[0].help.as_deref(), Some("did you mean @required?"));
        assert_eq!(problems[0].position(text), (6, 6));
        assert_eq!(problems[1].help.as_deref(), Some("did you mean @title?"));
        assert_eq!(
            v.map(|v| v["properties"]["x"].clone()),
            Some(json!({"type": "string"}))
        );
    }

    #[test]
    fn errors_are_located_and_stop_the_type() {
        let text = "<?php\n/** @type(\"http://x/a/1.0\") */\nclass a {\n  /** @type(string) */\n  public $x = FOO;\n  /** @option(\"only\") */\n  public $y;\n}\n";
        let (v, problems) = read(text);
        assert!(v.is_none());
        let errors: Vec<_> = problems
            .iter()
            .filter(|p| p.level == Level::Error)
            .collect();
        assert_eq!(errors.len(), 2, "{problems:?}");
        assert_eq!(errors[0].position(text), (5, 15));
        assert!(errors[1].message.contains("@option takes 2"));
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggestion("requried"), Some("required"));
        assert_eq!(suggestion("implments"), Some("implements"));
        assert_eq!(suggestion("Description"), Some("description"));
        assert_eq!(suggestion("var"), None);
        assert_eq!(suggestion("codeCoverageIgnore"), None);
        assert_eq!(suggestion("xyz"), None);
    }
}

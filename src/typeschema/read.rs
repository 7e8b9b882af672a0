//! Reading APS type definition JSON with `//` and `/* */` comments tolerated, keeping spans.
//!
//! [`parse_json`] turns a schema file into an owned [`Json`] tree in which every value and every
//! object key keeps its byte range, so lint findings can point at the line of a JSON pointer.
//! Only comments are tolerated; the other loose JSON extensions (trailing commas, single quotes,
//! bare words, hex numbers) are errors, as the platform's strict parsers would reject them.
//! [`SchemaIndex`] finds the schema files of a package.

use std::ops::Range;

use jsonc_parser::ast;
use jsonc_parser::{CollectOptions, ParseOptions};

use crate::tree::PackageTree;
use crate::xml;

/// One JSON value with the byte range it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    /// The value.
    pub value: JsonValue,
    /// Byte range of the value in the file.
    pub span: Range<usize>,
}

/// The kinds of JSON values; objects keep their members in source order.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonValue {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in source order (duplicates kept).
    Object(Vec<Member>),
}

/// One member of a JSON object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The key, unescaped.
    pub key: String,
    /// Byte range of the key.
    pub key_span: Range<usize>,
    /// The value.
    pub value: Json,
}

/// Why a file is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// What is wrong.
    pub message: String,
    /// Byte offset of the problem.
    pub offset: usize,
}

impl Json {
    /// The members of an object.
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            JsonValue::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The elements of an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match &self.value {
            JsonValue::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            JsonValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self.value, JsonValue::Null)
    }

    /// The first member `key` of an object.
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().find(|m| m.key == key)
    }

    /// The value of the first member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.member(key).map(|m| &m.value)
    }

    /// The value at a JSON pointer (`/relations/ip/type`); `""` is the value itself.
    pub fn pointer(&self, pointer: &str) -> Option<&Json> {
        let mut cur = self;
        for raw in pointer.split('/').skip(1) {
            let part = raw.replace("~1", "/").replace("~0", "~");
            cur = match &cur.value {
                JsonValue::Object(_) => cur.get(&part)?,
                JsonValue::Array(a) => a.get(part.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(cur)
    }

    /// `null`, `boolean`, `number`, `string`, `array` or `object`.
    pub fn kind(&self) -> &'static str {
        match self.value {
            JsonValue::Null => "null",
            JsonValue::Bool(_) => "boolean",
            JsonValue::Number(_) => "number",
            JsonValue::String(_) => "string",
            JsonValue::Array(_) => "array",
            JsonValue::Object(_) => "object",
        }
    }
}

/// Escapes one JSON pointer segment (`~` → `~0`, `/` → `~1`).
pub fn pointer_segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// Parses `bytes` as JSON; `//` and `/* */` comments are allowed when `comments` is true.
/// A UTF-8 byte order mark is skipped; spans stay offsets into `bytes`.
pub fn parse_json(bytes: &[u8], comments: bool) -> Result<Json, JsonError> {
    let text = std::str::from_utf8(bytes).map_err(|e| JsonError {
        message: "the file is not valid UTF-8".into(),
        offset: e.valid_up_to(),
    })?;
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let shape = scan(body.as_bytes());
    if let Some(at) = shape.too_deep {
        return Err(JsonError {
            message: format!("values are nested more than {MAX_DEPTH} levels deep"),
            offset: at + bom,
        });
    }
    if let Some(at) = shape.too_many {
        return Err(JsonError {
            message: format!("more than {MAX_JSON_VALUES} values; the file is not checked further"),
            offset: at + bom,
        });
    }
    let options = ParseOptions {
        allow_comments: comments,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed =
        jsonc_parser::parse_to_ast(body, &CollectOptions::default(), &options).map_err(|e| {
            JsonError {
                message: e.kind().to_string(),
                offset: e.range().start + bom,
            }
        })?;
    match parsed.value {
        Some(v) => Ok(convert(&v, bom)),
        None => Err(JsonError {
            message: "the file holds no JSON value".into(),
            offset: bom,
        }),
    }
}

/// Deepest nesting of arrays and objects accepted; APS types are never near it, and the limit
/// keeps every recursive walk over the tree far from the stack's end.
pub const MAX_DEPTH: usize = 64;

/// Most values in one JSON file ([`crate::limits::MAX_JSON_VALUES`]); a larger file is rejected
/// before it is parsed, so parsing stays within the memory budget.
pub const MAX_JSON_VALUES: usize = crate::limits::MAX_JSON_VALUES;

/// What a scan of JSON text found before parsing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// The offset where `[`/`{` nesting first exceeds [`MAX_DEPTH`].
    pub too_deep: Option<usize>,
    /// The offset where the value count first exceeds [`MAX_JSON_VALUES`].
    pub too_many: Option<usize>,
    /// An upper bound of the number of values (containers plus separators plus one).
    pub values: usize,
}

/// The [`Shape`] of JSON text, skipping strings and comments.
pub fn scan(b: &[u8]) -> Shape {
    let mut shape = Shape {
        too_deep: None,
        too_many: None,
        values: 1,
    };
    let count = |shape: &mut Shape, i: usize| {
        shape.values += 1;
        if shape.values > MAX_JSON_VALUES && shape.too_many.is_none() {
            shape.too_many = Some(i);
        }
    };
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' => {
                let quote = b[i];
                i += 1;
                while i < b.len() && b[i] != quote {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b'[' | b'{' => {
                depth += 1;
                count(&mut shape, i);
                if depth > MAX_DEPTH && shape.too_deep.is_none() {
                    shape.too_deep = Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' => count(&mut shape, i),
            _ => {}
        }
        i += 1;
    }
    shape
}

fn span(r: jsonc_parser::common::Range, base: usize) -> Range<usize> {
    r.start + base..r.end + base
}

fn convert(v: &ast::Value<'_>, base: usize) -> Json {
    match v {
        ast::Value::NullKeyword(n) => Json {
            value: JsonValue::Null,
            span: span(n.range, base),
        },
        ast::Value::BooleanLit(b) => Json {
            value: JsonValue::Bool(b.value),
            span: span(b.range, base),
        },
        ast::Value::NumberLit(n) => Json {
            value: JsonValue::Number(n.value.to_string()),
            span: span(n.range, base),
        },
        ast::Value::StringLit(s) => Json {
            value: JsonValue::String(s.value.to_string()),
            span: span(s.range, base),
        },
        ast::Value::Array(a) => Json {
            value: JsonValue::Array(a.elements.iter().map(|e| convert(e, base)).collect()),
            span: span(a.range, base),
        },
        ast::Value::Object(o) => Json {
            value: JsonValue::Object(
                o.properties
                    .iter()
                    .map(|p| {
                        let (key, key_range) = match &p.name {
                            ast::ObjectPropName::String(s) => (s.value.to_string(), s.range),
                            ast::ObjectPropName::Word(w) => (w.value.to_string(), w.range),
                        };
                        Member {
                            key,
                            key_span: span(key_range, base),
                            value: convert(&p.value, base),
                        }
                    })
                    .collect(),
            ),
            span: span(o.range, base),
        },
    }
}

/// One schema file of a package.
#[derive(Debug, Clone)]
pub struct SchemaFile {
    /// Path inside the package.
    pub path: String,
    /// Ids of the APP-META services whose `<schema path>` names this file.
    pub services: Vec<String>,
    /// The parsed document, or why it does not parse.
    pub doc: Result<Json, JsonError>,
}

impl SchemaFile {
    /// The root object, when the file parsed to one.
    pub fn root(&self) -> Option<&Json> {
        self.doc.as_ref().ok().filter(|j| j.as_object().is_some())
    }

    /// The type's own `id` string and its span.
    pub fn id(&self) -> Option<(&str, Range<usize>)> {
        let v = self.root()?.get("id")?;
        Some((v.as_str()?, v.span.clone()))
    }

    /// The type's `name` string and its span.
    pub fn name(&self) -> Option<(&str, Range<usize>)> {
        let v = self.root()?.get("name")?;
        Some((v.as_str()?, v.span.clone()))
    }

    /// The `implements` entries that are strings, with spans.
    pub fn implements(&self) -> Vec<(&str, Range<usize>)> {
        let Some(list) = self.root().and_then(|r| r.get("implements")) else {
            return Vec::new();
        };
        match &list.value {
            JsonValue::Array(items) => items
                .iter()
                .filter_map(|i| Some((i.as_str()?, i.span.clone())))
                .collect(),
            JsonValue::String(s) => vec![(s.as_str(), list.span.clone())],
            _ => Vec::new(),
        }
    }

    /// The members of a top-level section (`properties`, `relations`, `operations`,
    /// `structures`) when it is an object.
    pub fn section(&self, key: &str) -> &[Member] {
        self.root()
            .and_then(|r| r.get(key))
            .and_then(Json::as_object)
            .unwrap_or(&[])
    }
}

/// The schema files of a package: those APP-META services point at plus every
/// `schemas/**/*.schema` and `*.schema.gen`, in path order. Files whose bytes are not in
/// memory are left out.
#[derive(Debug, Clone, Default)]
pub struct SchemaIndex {
    /// The files, sorted by path.
    pub files: Vec<SchemaFile>,
}

/// True for paths that name a schema file by convention.
pub fn is_schema_path(path: &str) -> bool {
    path.starts_with("schemas/") && (path.ends_with(".schema") || path.ends_with(".schema.gen"))
}

impl SchemaIndex {
    /// Finds and parses the schema files of `tree`; `meta` is the APP-META root (APS 2).
    pub fn build(tree: &PackageTree, meta: Option<&xml::Element>) -> SchemaIndex {
        let mut bound: Vec<(String, String)> = Vec::new();
        if let Some(root) = meta {
            for service in root.children_named("service") {
                let id = service.attr("id").unwrap_or_default().to_string();
                for schema in service.children_named("schema") {
                    if let Some(p) = schema.attr("path") {
                        bound.push((p.trim().to_string(), id.clone()));
                    }
                }
            }
        }
        let mut paths: Vec<String> = tree
            .files()
            .filter(|e| is_schema_path(&e.path))
            .map(|e| e.path.clone())
            .collect();
        paths.extend(bound.iter().map(|(p, _)| p.clone()));
        paths.sort();
        paths.dedup();
        // All schemas together hold at most MAX_JSON_VALUES_TOTAL values in memory; the files
        // past that budget are reported as not checked.
        let mut budget = crate::limits::MAX_JSON_VALUES_TOTAL;
        let files = paths
            .into_iter()
            .filter_map(|path| {
                let bytes = tree.bytes(&path)?;
                let services = bound
                    .iter()
                    .filter(|(p, _)| *p == path)
                    .map(|(_, s)| s.clone())
                    .collect();
                let values = scan(bytes).values.min(MAX_JSON_VALUES);
                let doc = if values > budget {
                    Err(JsonError {
                        message: format!(
                            "not checked: the package's schemas together hold more than {} values",
                            crate::limits::MAX_JSON_VALUES_TOTAL
                        ),
                        offset: 0,
                    })
                } else {
                    budget -= values;
                    parse_json(bytes, true)
                };
                Some(SchemaFile {
                    doc,
                    path,
                    services,
                })
            })
            .collect();
        SchemaIndex { files }
    }

    /// Files that parsed to an object.
    pub fn parsed(&self) -> impl Iterator<Item = &SchemaFile> {
        self.files.iter().filter(|f| f.root().is_some())
    }

    /// The file at `path`.
    pub fn get(&self, path: &str) -> Option<&SchemaFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_tolerated_and_spans_kept() {
        let src = "// generated\n// again\n{\n  \"id\": \"http://x.org/a/1.0\", /* c */\n  \"n\": [1, null, true]\n}";
        let j = parse_json(src.as_bytes(), true).unwrap();
        let id = j.pointer("/id").unwrap();
        assert_eq!(&src[id.span.clone()], "\"http://x.org/a/1.0\"");
        assert_eq!(id.as_str(), Some("http://x.org/a/1.0"));
        assert!(j.pointer("/n/1").unwrap().is_null());
        assert_eq!(j.pointer("/n/2").unwrap().kind(), "boolean");
        assert!(j.pointer("/n/3").is_none());
        let m = j.member("n").unwrap();
        assert_eq!(&src[m.key_span.clone()], "\"n\"");
    }

    #[test]
    fn loose_json_and_broken_text_are_errors() {
        assert!(parse_json(b"{\"a\": 1,}", true).is_err());
        assert!(parse_json(b"{'a': 1}", true).is_err());
        assert!(parse_json(b"{a: 1}", true).is_err());
        assert!(parse_json(b"// x\n{}", false).is_err());
        assert!(parse_json(b"", true).is_err());
        assert!(parse_json(b"\xff{}", true).is_err());
        let e = parse_json(b"{\n  \"a\": }", true).unwrap_err();
        assert_eq!(e.offset, 9);
        let bom = parse_json("\u{feff}{\"a\": 1}".as_bytes(), true).unwrap();
        assert_eq!(bom.pointer("/a").unwrap().span, 9..10);
    }

    #[test]
    fn stray_quotes_and_comment_marks_cannot_hide_deep_nesting() {
        let deep = "[".repeat(200_000);
        for prefix in [
            "[1, '", "[1, /", "[1, //", "[1, /*", "[\"\\", "'", "\"", "/*",
        ] {
            for comments in [true, false] {
                let text = format!("{prefix}{deep}");
                assert!(
                    parse_json(text.as_bytes(), comments).is_err(),
                    "{prefix} {comments}"
                );
            }
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let e = parse_json(deep.as_bytes(), true).unwrap_err();
        assert_eq!(e.offset, MAX_DEPTH);
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse_json(ok.as_bytes(), true).is_ok());
        let quoted = format!(
            "{{\"a\": \"{}\" /* {} */}}",
            "[".repeat(100),
            "{".repeat(100)
        );
        assert!(parse_json(quoted.as_bytes(), true).is_ok());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_parse_or_fail_with_spans_inside(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            match parse_json(&bytes, true) {
                Ok(j) => proptest::prop_assert!(j.span.end <= bytes.len()),
                Err(e) => proptest::prop_assert!(e.offset <= bytes.len()),
            }
        }
    }

    #[test]
    fn too_many_values_is_an_error_before_parsing() {
        let ok = format!("[{}0]", "0,".repeat(MAX_JSON_VALUES - 3));
        assert_eq!(scan(ok.as_bytes()).too_many, None);
        assert!(parse_json(ok.as_bytes(), true).is_ok());
        let over = format!("[{}0, \"a,b\" /* , */]", "0,".repeat(MAX_JSON_VALUES));
        let e = parse_json(over.as_bytes(), true).expect_err("over the cap");
        assert!(e.message.contains("more than"), "{}", e.message);
        assert_eq!(scan(b"[1, \"a,b,c\", // ,,,\n 2]").values, 4);
    }
}

//! Constant PHP expressions (property initializers, class constants) as a small tree, and their
//! value as JSON the way PHP's `json_encode` would write it: literals, `array()`/`[]` (a list
//! when its keys are 0..n in order, else an object), unary minus, `.` concatenation and class
//! constants. Anything else is reported as not constant, with its location.

use std::ops::Range;

use serde_json::{Map, Number, Value};
use tree_sitter::Node;

/// Deepest nesting of arrays and operators read; deeper initializers are refused.
pub const MAX_DEPTH: usize = 64;

/// A constant expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer literal.
    Int(i64),
    /// A float literal.
    Float(f64),
    /// A string literal (quotes, escapes and nowdocs resolved).
    Str(String),
    /// `array(...)` or `[...]`: optional key and value per element.
    Array(Vec<(Option<Expr>, Expr)>),
    /// `-x`.
    Neg(Box<Expr>),
    /// `a . b`.
    Concat(Box<Expr>, Box<Expr>),
    /// `Class::NAME` (`self`, `static` or a class name).
    ClassConst {
        /// The class part as written.
        class: String,
        /// The constant name.
        name: String,
        /// Where it is.
        span: Range<usize>,
    },
    /// Something that is not a constant this reader can evaluate.
    Unsupported {
        /// What it is.
        what: String,
        /// Where it is.
        span: Range<usize>,
    },
}

/// Reads the expression at `n`.
pub fn expr(n: Node, src: &str) -> Expr {
    read(n, src, 0)
}

fn text<'a>(n: Node, src: &'a str) -> &'a str {
    src.get(n.byte_range()).unwrap_or("")
}

fn unsupported(n: Node, what: &str) -> Expr {
    Expr::Unsupported {
        what: what.to_string(),
        span: n.byte_range(),
    }
}

fn read(n: Node, src: &str, depth: usize) -> Expr {
    if depth > MAX_DEPTH {
        return unsupported(n, "an initializer nested this deep");
    }
    if n.is_error() || n.is_missing() || n.has_error() {
        return unsupported(n, "a broken initializer");
    }
    match n.kind() {
        "null" => Expr::Null,
        "boolean" => Expr::Bool(text(n, src).eq_ignore_ascii_case("true")),
        "integer" => int(text(n, src)).map_or_else(|| unsupported(n, "an integer"), Expr::Int),
        "float" => text(n, src)
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map_or_else(|| unsupported(n, "a number"), Expr::Float),
        "string" | "encapsed_string" | "heredoc" | "nowdoc" => match literal_string(n, src) {
            Ok(s) => Expr::Str(s),
            Err(what) => unsupported(n, what),
        },
        "parenthesized_expression" => match n.named_child(0) {
            Some(inner) => read(inner, src, depth + 1),
            None => unsupported(n, "empty parentheses"),
        },
        "array_creation_expression" => {
            let mut items = Vec::new();
            let mut cursor = n.walk();
            for el in n.named_children(&mut cursor) {
                if el.kind() != "array_element_initializer" {
                    continue;
                }
                let mut c2 = el.walk();
                let parts: Vec<Node> = el.named_children(&mut c2).collect();
                match parts.as_slice() {
                    [v] if !matches!(v.kind(), "by_ref" | "variadic_unpacking") => {
                        items.push((None, read(*v, src, depth + 1)));
                    }
                    [k, v] if !matches!(v.kind(), "by_ref") => {
                        items.push((Some(read(*k, src, depth + 1)), read(*v, src, depth + 1)));
                    }
                    _ => items.push((None, unsupported(el, "an array element"))),
                }
            }
            Expr::Array(items)
        }
        "unary_op_expression" => {
            let op = n
                .child_by_field_name("operator")
                .map(|o| text(o, src))
                .unwrap_or_else(|| text(n, src).get(..1).unwrap_or(""));
            let arg = n.child_by_field_name("argument").or_else(|| {
                n.named_child(u32::try_from(n.named_child_count().saturating_sub(1)).unwrap_or(0))
            });
            match (op, arg) {
                ("-", Some(a)) => Expr::Neg(Box::new(read(a, src, depth + 1))),
                ("+", Some(a)) => read(a, src, depth + 1),
                _ => unsupported(n, "an operator expression"),
            }
        }
        "binary_expression" => {
            let op = n.child_by_field_name("operator").map(|o| text(o, src));
            match (
                op,
                n.child_by_field_name("left"),
                n.child_by_field_name("right"),
            ) {
                (Some("."), Some(l), Some(r)) => Expr::Concat(
                    Box::new(read(l, src, depth + 1)),
                    Box::new(read(r, src, depth + 1)),
                ),
                _ => unsupported(n, "an operator expression"),
            }
        }
        "class_constant_access_expression" => {
            let (Some(class), Some(name)) = (n.named_child(0), n.named_child(1)) else {
                return unsupported(n, "a class constant");
            };
            Expr::ClassConst {
                class: text(class, src).trim_start_matches('\\').to_string(),
                name: text(name, src).to_string(),
                span: n.byte_range(),
            }
        }
        "name" | "qualified_name" => match text(n, src).to_ascii_lowercase().as_str() {
            "true" => Expr::Bool(true),
            "false" => Expr::Bool(false),
            "null" => Expr::Null,
            _ => unsupported(n, "a global constant"),
        },
        _ => unsupported(n, "a non-constant expression"),
    }
}

/// PHP integer literal: decimal, `0x`, `0o`/leading-zero octal, `0b`, with `_` separators.
fn int(raw: &str) -> Option<i64> {
    let s = raw.replace('_', "");
    let lower = s.to_ascii_lowercase();
    if let Some(h) = lower.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()
    } else if let Some(b) = lower.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()
    } else if let Some(o) = lower.strip_prefix("0o") {
        i64::from_str_radix(o, 8).ok()
    } else if lower.len() > 1 && lower.starts_with('0') {
        i64::from_str_radix(&lower[1..], 8).ok()
    } else {
        lower.parse().ok()
    }
}

/// The value of a string literal: `'...'`, `"..."` without interpolation, a nowdoc or a heredoc
/// without interpolation. The error says what kind of string could not be read.
pub fn literal_string(n: Node, src: &str) -> Result<String, &'static str> {
    let raw = text(n, src);
    match n.kind() {
        "string" => {
            let body = raw.trim_start_matches(['b', 'B']);
            let inner = body
                .strip_prefix('\'')
                .and_then(|b| b.strip_suffix('\''))
                .ok_or("an unterminated string")?;
            Ok(single_quoted(inner))
        }
        "encapsed_string" => {
            let mut cursor = n.walk();
            if n.named_children(&mut cursor)
                .any(|c| !matches!(c.kind(), "string_content" | "escape_sequence"))
            {
                return Err("a string with variables in it");
            }
            let body = raw.trim_start_matches(['b', 'B']);
            let inner = body
                .strip_prefix('"')
                .and_then(|b| b.strip_suffix('"'))
                .ok_or("an unterminated string")?;
            double_quoted(inner).ok_or("a string that is not UTF-8")
        }
        "nowdoc" => Ok(doc_body(n, src, "nowdoc_body")),
        "heredoc" => {
            let body = n.child_by_field_name("value");
            if let Some(b) = body {
                let mut c2 = b.walk();
                if b.named_children(&mut c2).any(|c| {
                    !matches!(
                        c.kind(),
                        "string_content" | "escape_sequence" | "string_value"
                    )
                }) {
                    return Err("a heredoc with variables in it");
                }
            }
            let raw_body = doc_body(n, src, "heredoc_body");
            double_quoted(&raw_body).ok_or("a heredoc that is not UTF-8")
        }
        _ => Err("not a string"),
    }
}

/// The body of a heredoc or nowdoc with the closing marker's indentation removed from each line.
fn doc_body(n: Node, src: &str, _kind: &str) -> String {
    let Some(body) = n.child_by_field_name("value") else {
        return String::new();
    };
    let raw = text(body, src);
    let indent = n
        .child_by_field_name("end_tag")
        .map(|e| {
            let start = e.start_byte();
            let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
            src[line_start..start]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .count()
        })
        .unwrap_or(0);
    let raw = raw.strip_prefix('\n').unwrap_or(raw);
    let raw = raw.strip_prefix("\r\n").unwrap_or(raw);
    let lines: Vec<&str> = raw.split('\n').collect();
    let mut out: Vec<String> = lines
        .iter()
        .map(|l| {
            let strip = l
                .char_indices()
                .take(indent)
                .take_while(|(_, c)| *c == ' ' || *c == '\t')
                .count();
            l[strip..].to_string()
        })
        .collect();
    // The line break before the closing marker is not part of the string.
    if out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    let s = out.join("\n");
    s.strip_suffix('\r').map(str::to_string).unwrap_or(s)
}

fn single_quoted(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && matches!(chars.peek(), Some('\\' | '\'')) {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// PHP double-quoted escapes; `None` when `\x`/octal escapes produce bytes that are not UTF-8.
fn double_quoted(inner: &str) -> Option<String> {
    let mut out: Vec<u8> = Vec::with_capacity(inner.len());
    let b = inner.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' || i + 1 >= b.len() {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let e = b[i + 1];
        let simple = match e {
            b'n' => Some(b'\n'),
            b't' => Some(b'\t'),
            b'r' => Some(b'\r'),
            b'v' => Some(0x0b),
            b'e' => Some(0x1b),
            b'f' => Some(0x0c),
            b'\\' => Some(b'\\'),
            b'$' => Some(b'$'),
            b'"' => Some(b'"'),
            _ => None,
        };
        if let Some(c) = simple {
            out.push(c);
            i += 2;
            continue;
        }
        if e.is_ascii_digit() && e < b'8' {
            let mut j = i + 1;
            let mut v: u32 = 0;
            while j < b.len() && j < i + 4 && (b'0'..b'8').contains(&b[j]) {
                v = v * 8 + u32::from(b[j] - b'0');
                j += 1;
            }
            out.push((v & 0xff) as u8);
            i = j;
            continue;
        }
        if e == b'x' && i + 2 < b.len() && b[i + 2].is_ascii_hexdigit() {
            let mut j = i + 2;
            let mut v: u32 = 0;
            while j < b.len() && j < i + 4 && b[j].is_ascii_hexdigit() {
                v = v * 16 + (b[j] as char).to_digit(16).unwrap_or(0);
                j += 1;
            }
            out.push(v as u8);
            i = j;
            continue;
        }
        if e == b'u'
            && b.get(i + 2) == Some(&b'{')
            && let Some(close) = b[i + 3..].iter().position(|c| *c == b'}')
        {
            {
                let hex = std::str::from_utf8(&b[i + 3..i + 3 + close]).ok()?;
                let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)?;
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                i += 4 + close;
                continue;
            }
        }
        out.push(b'\\');
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Looks up a class constant: `(class as written, constant name)` → its expression.
pub type ConstLookup<'a> = dyn Fn(&str, &str) -> Option<Expr> + 'a;

/// Why an expression has no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotConstant {
    /// What could not be evaluated.
    pub what: String,
    /// Where.
    pub span: Range<usize>,
}

/// The JSON value of `e`, resolving class constants with `lookup`.
pub fn evaluate(e: &Expr, lookup: &ConstLookup) -> Result<Value, NotConstant> {
    eval(e, lookup, 0)
}

fn eval(e: &Expr, lookup: &ConstLookup, depth: usize) -> Result<Value, NotConstant> {
    let too_deep = |span: Range<usize>| NotConstant {
        what: "constants that refer to each other too deeply".into(),
        span,
    };
    if depth > MAX_DEPTH {
        return Err(too_deep(0..0));
    }
    Ok(match e {
        Expr::Null => Value::Null,
        Expr::Bool(b) => Value::Bool(*b),
        Expr::Int(i) => Value::from(*i),
        Expr::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Expr::Str(s) => Value::String(s.clone()),
        Expr::Neg(inner) => match eval(inner, lookup, depth + 1)? {
            Value::Number(n) => {
                if let Some(i) = n.as_i64().and_then(i64::checked_neg) {
                    Value::from(i)
                } else if let Some(f) = n.as_f64() {
                    Number::from_f64(-f).map_or(Value::Null, Value::Number)
                } else {
                    Value::Null
                }
            }
            other => {
                return Err(NotConstant {
                    what: format!("minus applied to {other}"),
                    span: span_of(inner),
                });
            }
        },
        Expr::Concat(a, b) => {
            let l = php_string(&eval(a, lookup, depth + 1)?, a)?;
            let r = php_string(&eval(b, lookup, depth + 1)?, b)?;
            Value::String(l + &r)
        }
        Expr::Array(items) => array(items, lookup, depth)?,
        Expr::ClassConst { class, name, span } => match lookup(class, name) {
            Some(found) => eval(&found, lookup, depth + 1).map_err(|e| {
                if e.span == (0..0) {
                    too_deep(span.clone())
                } else {
                    e
                }
            })?,
            None => {
                return Err(NotConstant {
                    what: format!(
                        "the constant {class}::{name}, which is not defined in the package scripts"
                    ),
                    span: span.clone(),
                });
            }
        },
        Expr::Unsupported { what, span } => {
            return Err(NotConstant {
                what: what.clone(),
                span: span.clone(),
            });
        }
    })
}

fn span_of(e: &Expr) -> Range<usize> {
    match e {
        Expr::ClassConst { span, .. } | Expr::Unsupported { span, .. } => span.clone(),
        Expr::Neg(i) => span_of(i),
        Expr::Concat(a, _) => span_of(a),
        _ => 0..0,
    }
}

fn php_string(v: &Value, e: &Expr) -> Result<String, NotConstant> {
    Ok(match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(true) => "1".into(),
        Value::Bool(false) | Value::Null => String::new(),
        _ => {
            return Err(NotConstant {
                what: "an array used as a string".into(),
                span: span_of(e),
            });
        }
    })
}

/// PHP array keys: integers, or strings that do not look like canonical integers.
#[derive(Debug, Clone, PartialEq)]
enum Key {
    Int(i64),
    Str(String),
}

fn array(
    items: &[(Option<Expr>, Expr)],
    lookup: &ConstLookup,
    depth: usize,
) -> Result<Value, NotConstant> {
    let mut entries: Vec<(Key, Value)> = Vec::with_capacity(items.len());
    let mut next: i64 = 0;
    for (k, v) in items {
        let value = eval(v, lookup, depth + 1)?;
        let key = match k {
            None => Key::Int(next),
            Some(k) => match eval(k, lookup, depth + 1)? {
                Value::Number(n) if n.is_i64() => Key::Int(n.as_i64().unwrap_or(0)),
                Value::Number(n) => Key::Int(n.as_f64().unwrap_or(0.0) as i64),
                Value::Bool(b) => Key::Int(i64::from(b)),
                Value::Null => Key::Str(String::new()),
                Value::String(s) => match s.parse::<i64>() {
                    Ok(i) if i.to_string() == s => Key::Int(i),
                    _ => Key::Str(s),
                },
                _ => {
                    return Err(NotConstant {
                        what: "an array used as an array key".into(),
                        span: span_of(k),
                    });
                }
            },
        };
        if let Key::Int(i) = key {
            next = next.max(i.saturating_add(1));
        }
        match entries.iter_mut().find(|(ek, _)| *ek == key) {
            Some(slot) => slot.1 = value,
            None => entries.push((key, value)),
        }
    }
    let is_list = entries
        .iter()
        .enumerate()
        .all(|(i, (k, _))| *k == Key::Int(i as i64));
    Ok(if is_list {
        Value::Array(entries.into_iter().map(|(_, v)| v).collect())
    } else {
        let mut m = Map::new();
        for (k, v) in entries {
            let k = match k {
                Key::Int(i) => i.to_string(),
                Key::Str(s) => s,
            };
            m.insert(k, v);
        }
        Value::Object(m)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn init_of(src: &str) -> Expr {
        let full = format!("<?php class a {{ const K = 'k'; public $x = {src}; }}");
        let s = super::super::parse("scripts/a.php", &full);
        s.classes[0].properties[0]
            .init
            .clone()
            .unwrap_or(Expr::Null)
    }

    fn value_of(src: &str) -> Result<Value, NotConstant> {
        let e = init_of(src);
        let lookup = |c: &str, n: &str| (c == "self" && n == "K").then(|| Expr::Str("k".into()));
        evaluate(&e, &lookup)
    }

    #[test]
    fn literals() {
        assert_eq!(value_of("0").unwrap(), json!(0));
        assert_eq!(value_of("-5").unwrap(), json!(-5));
        assert_eq!(value_of("0x1F").unwrap(), json!(31));
        assert_eq!(value_of("1_000").unwrap(), json!(1000));
        assert_eq!(value_of("-1.5").unwrap(), json!(-1.5));
        assert_eq!(value_of("''").unwrap(), json!(""));
        assert_eq!(value_of("'it\\'s \\n'").unwrap(), json!("it's \\n"));
        assert_eq!(value_of("\"a\\tb\\u{e9}\"").unwrap(), json!("a\tbé"));
        assert_eq!(value_of("false").unwrap(), json!(false));
        assert_eq!(value_of("TRUE").unwrap(), json!(true));
        assert_eq!(value_of("null").unwrap(), Value::Null);
        assert_eq!(value_of("'a' . 'b' . 1").unwrap(), json!("ab1"));
        assert_eq!(value_of("self::K").unwrap(), json!("k"));
    }

    #[test]
    fn arrays_are_lists_or_objects_as_json_encode_writes_them() {
        assert_eq!(value_of("array()").unwrap(), json!([]));
        assert_eq!(value_of("[1, 'two', [3]]").unwrap(), json!([1, "two", [3]]));
        assert_eq!(
            value_of("array(0 => 'a', 1 => 'b')").unwrap(),
            json!(["a", "b"])
        );
        assert_eq!(value_of("array(1 => 'a')").unwrap(), json!({"1": "a"}));
        assert_eq!(
            value_of("['k' => -1, 'v']").unwrap(),
            json!({"k": -1, "0": "v"})
        );
    }

    #[test]
    fn non_constants_are_located() {
        let e = value_of("\"x $y\"").unwrap_err();
        assert!(e.what.contains("variables"), "{e:?}");
        assert!(value_of("OTHER::K").unwrap_err().what.contains("OTHER::K"));
        assert!(value_of("strlen('x')").is_err());
        assert!(value_of("PHP_INT_MAX").is_err());
    }

    #[test]
    fn nowdoc_and_heredoc() {
        assert_eq!(
            value_of("<<<'EOT'\n  a\n  b\n  EOT").unwrap(),
            json!("a\nb")
        );
        assert_eq!(value_of("<<<EOT\nx\\ty\nEOT").unwrap(), json!("x\ty"));
    }
}

//! Typed access to the spanned TOML tree: getters that report wrong types, missing keys and
//! unknown keys (with "did you mean") into the problem collector.

use std::ops::Range;

use serde_json::Value;
use toml::de::{DeArray, DeTable, DeValue};

use crate::problems::Collector;
use crate::suggest::closest;

/// A table with the span that names it (a `[header]`, an inline table, or its key).
#[derive(Clone)]
pub(crate) struct Table<'a, 'i> {
    pub(crate) span: Span,
    pub(crate) table: &'a DeTable<'i>,
    /// Dotted path of the table for messages (`package.vendor`).
    pub(crate) path: String,
}

/// A byte range, `Copy` for convenience.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Span {
    pub(crate) fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span {
            start: r.start,
            end: r.end,
        }
    }
}

/// A value with its key's span and its own span.
#[derive(Clone, Copy)]
pub(crate) struct Field<'a, 'i> {
    pub(crate) key: &'a str,
    pub(crate) key_span: Span,
    pub(crate) span: Span,
    pub(crate) value: &'a DeValue<'i>,
}

/// A string with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Str {
    pub(crate) text: String,
    pub(crate) span: Span,
}

/// TOML type names for messages.
pub(crate) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

pub(crate) fn qualified(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'a, 'i> Table<'a, 'i> {
    /// The field `key`, if present.
    pub(crate) fn field(&self, key: &str) -> Option<Field<'a, 'i>> {
        self.table.get_key_value(key).map(|(k, v)| Field {
            key: k.get_ref().as_ref(),
            key_span: k.span().into(),
            span: v.span().into(),
            value: v.get_ref(),
        })
    }

    /// Every field in manifest order.
    pub(crate) fn fields(&self) -> impl Iterator<Item = Field<'a, 'i>> + 'a {
        self.table.iter().map(|(k, v)| Field {
            key: k.get_ref().as_ref(),
            key_span: k.span().into(),
            span: v.span().into(),
            value: v.get_ref(),
        })
    }

    /// Reports every key not in `known`.
    pub(crate) fn check_keys(&self, c: &mut Collector, known: &[&str]) {
        for f in self.fields() {
            if known.contains(&f.key) {
                continue;
            }
            let help = match closest(f.key, known) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("known keys here: {}", known.join(", ")),
            };
            c.error(
                f.key_span.range(),
                format!("unknown key `{}`", qualified(&self.path, f.key)),
                help,
            );
        }
    }

    fn missing(&self, c: &mut Collector, key: &str, what: &str) {
        c.error(
            self.span.range(),
            format!("missing required key `{}`", qualified(&self.path, key)),
            format!("add `{key} = ...` ({what})"),
        );
    }

    fn wrong(&self, c: &mut Collector, f: &Field<'_, '_>, expected: &str) {
        c.error(
            f.span.range(),
            format!(
                "`{}` must be {expected}, not {}",
                qualified(&self.path, f.key),
                type_name(f.value)
            ),
            format!("write `{}` as {expected}", f.key),
        );
    }

    /// An optional string.
    pub(crate) fn opt_str(&self, c: &mut Collector, key: &str) -> Option<Str> {
        let f = self.field(key)?;
        match f.value {
            DeValue::String(s) => {
                check_chars(c, s, f.span, &qualified(&self.path, key));
                Some(Str {
                    text: s.to_string(),
                    span: f.span,
                })
            }
            _ => {
                self.wrong(c, &f, "a string");
                None
            }
        }
    }

    /// A required, non-empty string.
    pub(crate) fn req_str(&self, c: &mut Collector, key: &str, what: &str) -> Option<Str> {
        if self.field(key).is_none() {
            self.missing(c, key, what);
            return None;
        }
        let s = self.opt_str(c, key)?;
        if s.text.trim().is_empty() {
            c.error(
                s.span.range(),
                format!("`{}` must not be empty", qualified(&self.path, key)),
                format!("give {what}"),
            );
            return None;
        }
        Some(s)
    }

    /// A required string that may also be written as an integer (`release = 1`).
    pub(crate) fn req_str_or_int(&self, c: &mut Collector, key: &str, what: &str) -> Option<Str> {
        match self.field(key) {
            None => {
                self.missing(c, key, what);
                None
            }
            Some(f) => match f.value {
                DeValue::Integer(i) => Some(Str {
                    text: i64::from_str_radix(i.as_str(), i.radix())
                        .map(|n| n.to_string())
                        .unwrap_or_else(|_| i.as_str().to_string()),
                    span: f.span,
                }),
                DeValue::String(_) => self.req_str(c, key, what),
                _ => {
                    self.wrong(c, &f, "a string");
                    None
                }
            },
        }
    }

    /// An optional boolean.
    pub(crate) fn opt_bool(&self, c: &mut Collector, key: &str) -> Option<bool> {
        let f = self.field(key)?;
        match f.value {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong(c, &f, "a boolean (true or false)");
                None
            }
        }
    }

    /// An optional non-negative integer.
    pub(crate) fn opt_u64(&self, c: &mut Collector, key: &str) -> Option<u64> {
        let f = self.field(key)?;
        match f.value {
            DeValue::Integer(i) => match u64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(n),
                Err(_) => {
                    self.wrong(c, &f, "a non-negative integer");
                    None
                }
            },
            _ => {
                self.wrong(c, &f, "a non-negative integer");
                None
            }
        }
    }

    /// An optional number (integer or float).
    pub(crate) fn opt_number(&self, c: &mut Collector, key: &str) -> Option<serde_json::Number> {
        let f = self.field(key)?;
        match to_json(f.value) {
            Value::Number(n) => Some(n),
            _ => {
                self.wrong(c, &f, "a number");
                None
            }
        }
    }

    /// An optional array of strings.
    pub(crate) fn opt_str_array(&self, c: &mut Collector, key: &str) -> Option<Vec<Str>> {
        let f = self.field(key)?;
        let DeValue::Array(items) = f.value else {
            self.wrong(c, &f, "an array of strings");
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => {
                    check_chars(c, s, item.span().into(), &qualified(&self.path, key));
                    out.push(Str {
                        text: s.to_string(),
                        span: item.span().into(),
                    })
                }
                other => {
                    ok = false;
                    c.error(
                        item.span(),
                        format!(
                            "`{}` must hold only strings, not {}",
                            qualified(&self.path, key),
                            type_name(other)
                        ),
                        "quote the value",
                    );
                }
            }
        }
        ok.then_some(out)
    }

    /// An optional sub-table (a `[header]` table or an inline table).
    pub(crate) fn opt_table(&self, c: &mut Collector, key: &str) -> Option<Table<'a, 'i>> {
        let f = self.field(key)?;
        as_table(c, &f, self.qualify(key))
    }

    /// `path.key` for messages.
    pub(crate) fn qualify(&self, key: &str) -> String {
        qualified(&self.path, key)
    }

    /// An optional array of tables (`[[x]]` or `x = [{...}]`), each with its span.
    pub(crate) fn opt_tables(&self, c: &mut Collector, key: &str) -> Vec<Table<'a, 'i>> {
        let Some(f) = self.field(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = f.value else {
            self.wrong(c, &f, "an array of tables");
            return Vec::new();
        };
        tables_of(c, items, &self.qualify(key))
    }
}

/// Reports control characters (other than tab and line breaks), which XML 1.0 cannot carry.
fn check_chars(c: &mut Collector, s: &str, span: Span, what: &str) {
    if let Some(ch) = s
        .chars()
        .find(|ch| ch.is_control() && !matches!(ch, '\t' | '\n' | '\r'))
    {
        c.error(
            span.range(),
            format!(
                "`{what}` holds the control character U+{:04X}",
                u32::from(ch)
            ),
            "remove it; generated XML and JSON cannot carry it",
        );
    }
}

/// The table a field holds, or a problem.
pub(crate) fn as_table<'a, 'i>(
    c: &mut Collector,
    f: &Field<'a, 'i>,
    path: String,
) -> Option<Table<'a, 'i>> {
    match f.value {
        DeValue::Table(t) => Some(Table {
            span: f.span,
            table: t,
            path,
        }),
        other => {
            c.error(
                f.span.range(),
                format!("`{path}` must be a table, not {}", type_name(other)),
                format!("write it as `[{path}]` or as an inline table `{{ ... }}`"),
            );
            None
        }
    }
}

fn tables_of<'a, 'i>(c: &mut Collector, items: &'a DeArray<'i>, what: &str) -> Vec<Table<'a, 'i>> {
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item.get_ref() {
            DeValue::Table(t) => out.push(Table {
                span: item.span().into(),
                table: t,
                path: format!("{what}[{i}]"),
            }),
            other => c.error(
                item.span(),
                format!("`{what}` must hold tables, not {}", type_name(other)),
                "write each element as `{ key = value, ... }` or as `[[...]]`",
            ),
        }
    }
    out
}

/// A TOML value as JSON (date-times become strings; non-finite floats become null).
pub(crate) fn to_json(v: &DeValue<'_>) -> Value {
    match v {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map(Value::from)
            .unwrap_or(Value::Null),
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(a) => Value::Array(a.iter().map(|x| to_json(x.get_ref())).collect()),
        DeValue::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.get_ref().to_string(), to_json(v.get_ref())))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn getters_report_wrong_types_missing_and_unknown_keys() {
        let text = "[t]\na = 1\nb = 'x'\nflag = 'yes'\nrel = 3\nlist = ['a', 2]\nnum = 1.5\n";
        let doc = DeTable::parse(text).unwrap();
        let root = Table {
            span: Span { start: 0, end: 0 },
            table: doc.get_ref(),
            path: String::new(),
        };
        let mut c = Collector::new(text);
        let f = root.field("t").unwrap();
        let t = as_table(&mut c, &f, "t".to_string()).unwrap();
        assert!(t.opt_str(&mut c, "a").is_none());
        assert_eq!(t.opt_str(&mut c, "b").unwrap().text, "x");
        assert!(t.opt_bool(&mut c, "flag").is_none());
        assert_eq!(t.req_str_or_int(&mut c, "rel", "r").unwrap().text, "3");
        assert!(t.req_str(&mut c, "missing", "m").is_none());
        assert!(t.opt_str_array(&mut c, "list").is_none());
        assert_eq!(t.opt_number(&mut c, "num").unwrap().to_string(), "1.5");
        t.check_keys(&mut c, &["a", "b", "flag", "rel", "list", "nun"]);
        let msgs: Vec<_> = c.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "`t.a` must be a string, not an integer",
                "`t.flag` must be a boolean (true or false), not a string",
                "missing required key `t.missing`",
                "`t.list` must hold only strings, not an integer",
                "unknown key `t.num`",
            ]
        );
        assert_eq!(c.problems[4].help, "did you mean `nun`?");
        assert_eq!((c.problems[0].line, c.problems[0].column), (2, 5));
    }
}

#[cfg(test)]
mod json_tests {
    use super::*;

    #[test]
    fn toml_values_become_json() {
        let doc = DeTable::parse(
            "a = 1_000\nb = 0x10\nc = -2\nd = 2.5e1\ne = [true, 'x']\nf = { g = 1979-05-27 }\n",
        )
        .unwrap();
        let v = to_json(&DeValue::Table(doc.get_ref().clone()));
        assert_eq!(
            v,
            serde_json::json!({"a": 1000, "b": 16, "c": -2, "d": 25.0, "e": [true, "x"], "f": {"g": "1979-05-27"}})
        );
    }
}

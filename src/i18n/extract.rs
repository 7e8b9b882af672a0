//! `apspack i18n extract`: the translatable strings of a package, as a gettext template (`.pot`).
//!
//! Collected, each with its `file:line` reference:
//!
//! * `APP-META.xml` (APS 2): the presentation's summary, description, screenshot descriptions
//!   and changelog entries; the labels of navigation trees, items and views; each service's
//!   name, summary and infolink titles.
//! * Type schemas (`schemas/*.schema`): every `title`, `description` and `enumTitles` string.
//! * `ui/**/*.js`, `*.html`, `*.htm`: the string constant passed to each `_(...)` call
//!   (`_("Users")`, `_('Users')`, `` _(`Users`) `` without substitutions, or literals joined
//!   with `+`), outside comments and other strings. A call whose first argument is not a
//!   constant is skipped.
//!
//! The template lists each text once, sorted, with all its references.

use std::collections::BTreeMap;

use crate::text::LineIndex;
use crate::tree::PackageTree;
use crate::typeschema::read::{JsonValue, is_schema_path, parse_json};
use crate::xml;

use super::po::escape;

/// One translatable string and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The source text.
    pub text: String,
    /// Package path of the file.
    pub file: String,
    /// 1-based line.
    pub line: u32,
}

/// File extensions under `ui/` whose `_()` calls are collected.
pub const SCRIPT_EXTENSIONS: &[&str] = &["js", "mjs", "html", "htm"];

/// Largest file scanned; bigger ones are skipped.
pub const MAX_SCAN_SIZE: u64 = crate::tree::MAX_METADATA_SIZE;

/// Everything translatable in `tree`, in file order. Files over [`MAX_SCAN_SIZE`] or whose bytes
/// are not available are skipped and named in the second list.
pub fn collect(tree: &PackageTree) -> (Vec<Found>, Vec<String>) {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    if let Some(bytes) = tree.bytes(crate::aps::APP_META) {
        found.extend(from_meta(bytes));
    }
    for e in tree.files() {
        if is_schema_path(&e.path) {
            if let Some(bytes) = e.bytes() {
                found.extend(from_schema(&e.path, bytes));
            }
        } else if is_script(&e.path) {
            match tree.source_within(&e.path, MAX_SCAN_SIZE) {
                Some(bytes) => {
                    let text = String::from_utf8_lossy(&bytes);
                    found.extend(from_script(&e.path, &text));
                }
                None => skipped.push(e.path.clone()),
            }
        }
    }
    (found, skipped)
}

fn is_script(path: &str) -> bool {
    path.starts_with("ui/")
        && path
            .rsplit_once('.')
            .is_some_and(|(_, ext)| SCRIPT_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// The translatable texts of an APS 2 `APP-META.xml`.
pub fn from_meta(bytes: &[u8]) -> Vec<Found> {
    let Ok(doc) = xml::parse(bytes) else {
        return Vec::new();
    };
    let index = LineIndex::new(bytes);
    let mut out = Vec::new();
    let mut push = |text: &str, offset: usize| {
        let text = text.trim();
        if !text.is_empty() {
            out.push(Found {
                text: text.to_string(),
                file: crate::aps::APP_META.into(),
                line: index.position(offset).0,
            });
        }
    };
    let root = &doc.root;
    if let Some(p) = root.child("presentation") {
        for name in ["summary", "description"] {
            if let Some(e) = p.child(name) {
                push(&e.text, e.value_span().start);
            }
        }
        for s in p.children_named("screenshot") {
            if let Some(e) = s.child("description") {
                push(&e.text, e.value_span().start);
            }
        }
        for c in p.children_named("changelog") {
            for v in c.children_named("version") {
                for e in v.children_named("entry") {
                    push(&e.text, e.value_span().start);
                }
            }
        }
        for n in p.children_named("navigation") {
            let mut stack = vec![n];
            while let Some(e) = stack.pop() {
                if matches!(e.name.as_str(), "navigation" | "item" | "view")
                    && let Some(a) = e.attr_node("label")
                {
                    push(&a.value, a.value_span.start);
                }
                stack.extend(e.children.iter().rev());
            }
        }
    }
    for s in root.children_named("service") {
        let Some(p) = s.child("presentation") else {
            continue;
        };
        for name in ["name", "summary"] {
            if let Some(e) = p.child(name) {
                push(&e.text, e.value_span().start);
            }
        }
        for links in p.children_named("infolinks") {
            for l in links.children_named("link") {
                push(&l.text, l.value_span().start);
            }
        }
    }
    out.sort_by_key(|f| f.line);
    out
}

/// Every `title`, `description` and `enumTitles` string of a type schema.
pub fn from_schema(path: &str, bytes: &[u8]) -> Vec<Found> {
    let Ok(json) = parse_json(bytes, true) else {
        return Vec::new();
    };
    let index = LineIndex::new(bytes);
    let mut out = Vec::new();
    let mut stack = vec![&json];
    while let Some(v) = stack.pop() {
        match &v.value {
            JsonValue::Object(members) => {
                for m in members {
                    match (m.key.as_str(), &m.value.value) {
                        ("title" | "description", JsonValue::String(s)) => {
                            push_text(&mut out, s, path, index.position(m.value.span.start).0);
                        }
                        ("enumTitles", JsonValue::Array(items)) => {
                            for i in items {
                                if let Some(s) = i.as_str() {
                                    push_text(&mut out, s, path, index.position(i.span.start).0);
                                }
                            }
                        }
                        _ => stack.push(&m.value),
                    }
                }
            }
            JsonValue::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    out.sort_by_key(|f| f.line);
    out
}

fn push_text(out: &mut Vec<Found>, text: &str, file: &str, line: u32) {
    if !text.trim().is_empty() {
        out.push(Found {
            text: text.to_string(),
            file: file.to_string(),
            line,
        });
    }
}

/// The constant first arguments of the `_(...)` calls in JavaScript (or HTML) `text`.
pub fn from_script(path: &str, text: &str) -> Vec<Found> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line: u32 = 1;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
                i += 2;
            }
            '"' | '\'' | '`' => {
                let (_, end, lines) = literal(&chars, i);
                line += lines;
                i = end;
            }
            '_' if (i == 0 || !is_ident(chars[i - 1]))
                && !chars.get(i + 1).is_some_and(|c| is_ident(*c)) =>
            {
                let call_line = line;
                let mut j = skip_ws(&chars, i + 1);
                if chars.get(j) != Some(&'(') {
                    i += 1;
                    continue;
                }
                j = skip_ws(&chars, j + 1);
                let mut text = String::new();
                let mut constant = false;
                while let Some(q) = chars
                    .get(j)
                    .copied()
                    .filter(|q| matches!(q, '"' | '\'' | '`'))
                {
                    let (value, end, _) = literal(&chars, j);
                    match value {
                        Some(v) if !(q == '`' && v.contains("${")) => text.push_str(&v),
                        _ => {
                            constant = false;
                            break;
                        }
                    }
                    constant = true;
                    j = skip_ws(&chars, end);
                    if chars.get(j) == Some(&'+') {
                        j = skip_ws(&chars, j + 1);
                        constant = false;
                    } else {
                        break;
                    }
                }
                if constant && matches!(chars.get(j), Some(')' | ',')) && !text.is_empty() {
                    out.push(Found {
                        text,
                        file: path.to_string(),
                        line: call_line,
                    });
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || c == '.'
}

fn skip_ws(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    i
}

/// The string literal opening at `start`: its value (None when it is not closed), the index
/// after it, and the line breaks inside it.
fn literal(chars: &[char], start: usize) -> (Option<String>, usize, u32) {
    let quote = chars[start];
    let mut out = String::new();
    let mut i = start + 1;
    let mut lines = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == quote {
            return (Some(out), i + 1, lines);
        }
        if c == '\n' {
            lines += 1;
            if quote != '`' {
                return (None, i, lines - 1);
            }
        }
        if c == '\\' {
            i += 1;
            let Some(&e) = chars.get(i) else { break };
            match e {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'v' => out.push('\u{b}'),
                '0' => out.push('\0'),
                '\n' => lines += 1,
                'x' => {
                    let hex: String = chars.iter().skip(i + 1).take(2).collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(ch) if hex.len() == 2 => {
                            out.push(ch);
                            i += 2;
                        }
                        _ => out.push('x'),
                    }
                }
                'u' => {
                    let (hex, len) = if chars.get(i + 1) == Some(&'{') {
                        let h: String = chars
                            .iter()
                            .skip(i + 2)
                            .take_while(|c| **c != '}')
                            .take(7)
                            .collect();
                        let n = h.chars().count() + 2;
                        (h, n)
                    } else {
                        (chars.iter().skip(i + 1).take(4).collect::<String>(), 4)
                    };
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(ch) => {
                            out.push(ch);
                            i += len;
                        }
                        None => out.push('u'),
                    }
                }
                other => out.push(other),
            }
            i += 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    (None, i, lines)
}

/// A gettext template of `found`: each text once, sorted, with its references; `project` names
/// the package in the header.
pub fn pot(found: &[Found], project: &str) -> String {
    let mut by_text: BTreeMap<&str, Vec<(&str, u32)>> = BTreeMap::new();
    for f in found {
        by_text
            .entry(f.text.as_str())
            .or_default()
            .push((f.file.as_str(), f.line));
    }
    let mut s = String::new();
    s.push_str("# Translatable strings, collected by apspack i18n extract.\n");
    s.push_str("msgid \"\"\nmsgstr \"\"\n");
    s.push_str(&format!("\"Project-Id-Version: {}\\n\"\n", escape(project)));
    s.push_str("\"MIME-Version: 1.0\\n\"\n");
    s.push_str("\"Content-Type: text/plain; charset=UTF-8\\n\"\n");
    s.push_str("\"Content-Transfer-Encoding: 8bit\\n\"\n");
    for (text, mut refs) in by_text {
        refs.sort();
        refs.dedup();
        s.push('\n');
        let refs: Vec<String> = refs
            .iter()
            .map(|(file, line)| format!("{}:{line}", reference(file)))
            .collect();
        s.push_str(&format!("#: {}\n", refs.join(" ")));
        s.push_str(&format!("msgid \"{}\"\nmsgstr \"\"\n", escape(text)));
    }
    s
}

/// A file name fit for a `#:` reference: whitespace and control characters escaped, so a
/// hostile name cannot end the comment or split the reference.
fn reference(file: &str) -> String {
    file.chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                format!("%{:02X}", c as u32 & 0xff)
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_with_constant_arguments_are_found() {
        let js = "var a = _(\"Users\"); // _(\"commented\")\n\
                  /* _(\"block\") */ b = _( 'It\\'s' , {x: 1});\n\
                  c = \"_(\\\"in a string\\\")\"; d = _(name); e = my_(\"no\"); f = this._(\"no\");\n\
                  g = _(\"Con\" +\n \"cat\"); h = _(`tmpl`); i = _(`${x}`); j = _(\"a\" + x);\n\
                  k = _(\"\\u00fc\\x41\\n\");";
        let found = from_script("ui/a.js", js);
        let texts: Vec<(&str, u32)> = found.iter().map(|f| (f.text.as_str(), f.line)).collect();
        assert_eq!(
            texts,
            [
                ("Users", 1),
                ("It's", 2),
                ("Concat", 4),
                ("tmpl", 5),
                ("üA\n", 6)
            ]
        );
    }

    #[test]
    fn meta_strings_with_lines() {
        let meta = br#"<application xmlns="http://aps-standard.org/ns/2" version="2.0">
<presentation>
  <summary>Sum</summary>
  <changelog><version version="1" release="1"><entry>First</entry></version></changelog>
  <navigation id="n" label="Nav">
    <item id="i" label="Item"><view id="v" label="View"/></item>
  </navigation>
</presentation>
<service id="s"><presentation><name>Svc</name><infolinks><link href="x" class="support">Help</link></infolinks></presentation></service>
</application>"#;
        let found = from_meta(meta);
        let texts: Vec<(&str, u32)> = found.iter().map(|f| (f.text.as_str(), f.line)).collect();
        assert_eq!(
            texts,
            [
                ("Sum", 3),
                ("First", 4),
                ("Nav", 5),
                ("Item", 6),
                ("View", 6),
                ("Svc", 9),
                ("Help", 9)
            ]
        );
    }

    #[test]
    fn schema_titles_and_pot_layout() {
        let schema = b"{\n\"properties\": {\"a\": {\"title\": \"Name\",\n \"enumTitles\": [\"One\", \"Two\"]}}}";
        let mut found = from_schema("schemas/a.schema", schema);
        found.push(Found {
            text: "Name".into(),
            file: "ui/a b.js".into(),
            line: 3,
        });
        let pot = pot(&found, "X \"1\"");
        assert!(
            pot.contains("\"Project-Id-Version: X \\\"1\\\"\\n\"\n"),
            "{pot}"
        );
        assert!(
            pot.contains("#: schemas/a.schema:2 ui/a%20b.js:3\nmsgid \"Name\"\nmsgstr \"\"\n"),
            "{pot}"
        );
        let parsed = super::super::parse(pot.as_bytes()).expect("the template is valid PO");
        let ids: Vec<&str> = parsed.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["Name", "One", "Two"]);
    }
}

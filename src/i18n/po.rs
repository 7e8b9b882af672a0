//! A strict reader and writer of gettext PO files, with the line of every problem.
//!
//! Read: comments (`#:` references and `#,` flags kept, obsolete `#~` entries skipped),
//! `msgctxt`, `msgid`, `msgid_plural`, `msgstr` and `msgstr[n]`, each with continuation lines;
//! strings with the C escapes gettext knows (`\n \t \r \a \b \f \v \\ \" \' \? \ooo \xhh`).
//! Anything else (an unknown keyword, a string that is not closed, a `msgstr` before its
//! `msgid`, a duplicate message, text that is not UTF-8, a header that declares another charset)
//! is an error naming its line.

use std::collections::HashMap;
use std::fmt::Write as _;

/// One message of a PO file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    /// `msgctxt`.
    pub context: Option<String>,
    /// `msgid`.
    pub id: String,
    /// `msgid_plural`.
    pub plural: Option<String>,
    /// `msgstr`, or `msgstr[0]`, `msgstr[1]`, ...
    pub translations: Vec<String>,
    /// Marked `#, fuzzy`.
    pub fuzzy: bool,
    /// `#:` references.
    pub references: Vec<String>,
    /// Line of the `msgid` keyword (1-based).
    pub line: usize,
}

/// A parsed PO file: the header entry's text and the messages in file order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Catalog {
    /// The `msgstr` of the entry with an empty `msgid`.
    pub header: Option<String>,
    /// Every other message.
    pub messages: Vec<Message>,
}

/// A syntax error at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl PoError {
    fn at(line: usize, message: impl Into<String>) -> PoError {
        PoError {
            line,
            message: message.into(),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Context,
    Id,
    Plural,
    Str(usize),
}

#[derive(Default)]
struct Pending {
    msg: Message,
    started: bool,
    has_id: bool,
    has_str: bool,
    first_line: usize,
}

/// The reading state: the catalogue so far, the message being read and the field a
/// continuation line extends.
#[derive(Default)]
struct Reader {
    cat: Catalog,
    seen: HashMap<(Option<String>, String), usize>,
    cur: Pending,
    field: Option<Field>,
}

/// Parses `bytes` as a UTF-8 PO file.
pub fn parse(bytes: &[u8]) -> Result<Catalog, PoError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            return Err(PoError::at(
                line,
                "the file is not valid UTF-8 (APS catalogues are UTF-8 only)",
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = Reader::default();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix('#') {
            r.comment(rest)?;
        } else if line.starts_with('"') {
            let Some(f) = r.field else {
                return Err(PoError::at(
                    n,
                    "a string continuation line with no msgid or msgstr before it",
                ));
            };
            let s = unquote(line, n)?;
            append(&mut r.cur.msg, f, &s);
        } else {
            r.keyword_line(line, n)?;
        }
    }
    if r.cur.started {
        if !r.cur.has_str {
            return Err(PoError::at(
                r.cur.first_line,
                "the message has no msgstr (the file ends first)",
            ));
        }
        r.finish()?;
    }
    Ok(r.cat)
}

impl Reader {
    /// Ends the current message and starts an empty one.
    fn finish(&mut self) -> Result<(), PoError> {
        let p = std::mem::take(&mut self.cur);
        self.field = None;
        finish(&mut self.cat, &mut self.seen, p)
    }

    /// A `#` line (without the `#`): references and flags are kept, obsolete entries skipped.
    fn comment(&mut self, rest: &str) -> Result<(), PoError> {
        if rest.starts_with('~') {
            return Ok(());
        }
        if self.cur.has_str {
            self.finish()?;
        }
        if let Some(refs) = rest.strip_prefix(':') {
            self.cur
                .msg
                .references
                .extend(refs.split_whitespace().map(str::to_string));
        } else if let Some(flags) = rest.strip_prefix(',')
            && flags.split(',').any(|f| f.trim() == "fuzzy")
        {
            self.cur.msg.fuzzy = true;
        }
        Ok(())
    }

    /// A `keyword "string"` line.
    fn keyword_line(&mut self, line: &str, n: usize) -> Result<(), PoError> {
        let (keyword, rest) = line
            .split_once(|c: char| c.is_whitespace() || c == '"')
            .map(|(k, _)| (k, line[k.len()..].trim_start()))
            .unwrap_or((line, ""));
        let f = field_of(keyword, n)?;
        if !rest.starts_with('"') {
            return Err(PoError::at(
                n,
                format!("`{keyword}` must be followed by a quoted string"),
            ));
        }
        let s = unquote(rest, n)?;
        match f {
            Field::Context | Field::Id => self.start(f, keyword, s, n)?,
            Field::Plural => {
                if !self.cur.has_id || self.cur.has_str {
                    return Err(PoError::at(n, "msgid_plural must follow a msgid"));
                }
                self.cur.msg.plural = Some(s);
            }
            Field::Str(idx) => self.translation(idx, keyword != "msgstr", s, n)?,
        }
        self.field = Some(f);
        Ok(())
    }

    /// `msgctxt` or `msgid`: ends the previous message when it is complete.
    fn start(&mut self, f: Field, keyword: &str, s: String, n: usize) -> Result<(), PoError> {
        if self.cur.has_str {
            self.finish()?;
        } else if self.cur.has_id {
            return Err(PoError::at(
                n,
                format!(
                    "`{keyword}` before the msgstr of the message at line {}",
                    self.cur.first_line
                ),
            ));
        }
        if !self.cur.started {
            self.cur.started = true;
            self.cur.first_line = n;
        }
        if f == Field::Id {
            self.cur.has_id = true;
            self.cur.msg.line = n;
            self.cur.msg.id = s;
        } else {
            if self.cur.msg.context.is_some() {
                return Err(PoError::at(n, "a second msgctxt for one message"));
            }
            self.cur.msg.context = Some(s);
        }
        Ok(())
    }

    /// `msgstr` or `msgstr[idx]`.
    fn translation(
        &mut self,
        idx: usize,
        indexed: bool,
        s: String,
        n: usize,
    ) -> Result<(), PoError> {
        if !self.cur.has_id {
            return Err(PoError::at(n, "msgstr without a msgid before it"));
        }
        let plural = self.cur.msg.plural.is_some();
        if plural != indexed {
            return Err(PoError::at(
                n,
                if plural {
                    "a message with msgid_plural needs msgstr[0], msgstr[1], ..."
                } else {
                    "msgstr[n] is only for messages with a msgid_plural"
                },
            ));
        }
        if idx != self.cur.msg.translations.len() {
            return Err(PoError::at(
                n,
                format!(
                    "expected msgstr[{}], found msgstr[{idx}]",
                    self.cur.msg.translations.len()
                ),
            ));
        }
        self.cur.has_str = true;
        self.cur.msg.translations.push(s);
        Ok(())
    }
}

/// The field a keyword starts.
fn field_of(keyword: &str, n: usize) -> Result<Field, PoError> {
    Ok(match keyword {
        "msgctxt" => Field::Context,
        "msgid" => Field::Id,
        "msgid_plural" => Field::Plural,
        "msgstr" => Field::Str(0),
        k if k.starts_with("msgstr[") && k.ends_with(']') => {
            let idx = k["msgstr[".len()..k.len() - 1]
                .parse::<usize>()
                .map_err(|_| {
                    PoError::at(n, format!("`{}` is not a msgstr index", escape_line(k)))
                })?;
            if idx > 16 {
                return Err(PoError::at(n, format!("plural form {idx} is out of range")));
            }
            Field::Str(idx)
        }
        other => {
            return Err(PoError::at(
                n,
                format!(
                    "unknown keyword `{}` (expected msgctxt, msgid, msgid_plural or msgstr)",
                    escape_line(other)
                ),
            ));
        }
    })
}

fn append(msg: &mut Message, f: Field, s: &str) {
    match f {
        Field::Context => msg.context.get_or_insert_with(String::new).push_str(s),
        Field::Id => msg.id.push_str(s),
        Field::Plural => msg.plural.get_or_insert_with(String::new).push_str(s),
        Field::Str(i) => {
            if let Some(t) = msg.translations.get_mut(i) {
                t.push_str(s);
            }
        }
    }
}

fn finish(
    cat: &mut Catalog,
    seen: &mut HashMap<(Option<String>, String), usize>,
    p: Pending,
) -> Result<(), PoError> {
    if p.msg.id.is_empty() && p.msg.context.is_none() {
        if cat.header.is_some() {
            return Err(PoError::at(
                p.msg.line,
                "a second header entry (msgid \"\")",
            ));
        }
        let header = p.msg.translations.first().cloned().unwrap_or_default();
        check_charset(&header, p.msg.line)?;
        cat.header = Some(header);
        return Ok(());
    }
    let key = (p.msg.context.clone(), p.msg.id.clone());
    if let Some(first) = seen.get(&key) {
        return Err(PoError::at(
            p.msg.line,
            format!("duplicate message; the same msgid is at line {first}"),
        ));
    }
    seen.insert(key, p.msg.line);
    cat.messages.push(p.msg);
    Ok(())
}

/// A header that names a charset other than UTF-8 (or the template placeholder `CHARSET`) is an
/// error: the platform reads UTF-8 only.
fn check_charset(header: &str, line: usize) -> Result<(), PoError> {
    for h in header.lines() {
        let Some((name, value)) = h.split_once(':') else {
            continue;
        };
        if !name.trim().eq_ignore_ascii_case("content-type") {
            continue;
        }
        if let Some(cs) = value
            .split(';')
            .filter_map(|p| p.trim().split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
            .map(|(_, v)| v.trim())
        {
            let ok = cs.eq_ignore_ascii_case("utf-8")
                || cs.eq_ignore_ascii_case("utf8")
                || cs == "CHARSET";
            if !ok {
                return Err(PoError::at(
                    line,
                    format!(
                        "the header declares charset {}; APS catalogues are UTF-8 only",
                        escape_line(cs)
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The text of a `"..."` token that must make up all of `s` (trailing spaces allowed).
fn unquote(s: &str, line: usize) -> Result<String, PoError> {
    let body = s
        .strip_prefix('"')
        .ok_or_else(|| PoError::at(line, "expected a string in double quotes"))?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let rest = body[i + 1..].trim();
                if !rest.is_empty() {
                    return Err(PoError::at(
                        line,
                        format!(
                            "unexpected text after the closing quote: `{}`",
                            escape_line(rest)
                        ),
                    ));
                }
                return Ok(out);
            }
            '\\' => {
                let Some((_, e)) = chars.next() else {
                    break;
                };
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    '\\' | '"' | '\'' | '?' => out.push(e),
                    '0'..='7' => {
                        let mut v = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            let next = chars.clone().next();
                            match next.and_then(|(_, d)| d.to_digit(8)) {
                                Some(d) => {
                                    v = v * 8 + d;
                                    chars.next();
                                }
                                None => break,
                            }
                        }
                        out.push(byte_char(v, line)?);
                    }
                    'x' => {
                        let mut v = 0u32;
                        let mut digits = 0;
                        while let Some(d) = chars.clone().next().and_then(|(_, d)| d.to_digit(16)) {
                            chars.next();
                            v = v.saturating_mul(16).saturating_add(d);
                            digits += 1;
                        }
                        if digits == 0 {
                            return Err(PoError::at(line, "`\\x` without hexadecimal digits"));
                        }
                        out.push(byte_char(v, line)?);
                    }
                    other => {
                        return Err(PoError::at(
                            line,
                            format!("unknown escape `\\{}`", escape_line(&other.to_string())),
                        ));
                    }
                }
            }
            c => out.push(c),
        }
    }
    Err(PoError::at(
        line,
        "the string is not closed with a double quote",
    ))
}

/// An octal or hexadecimal escape must name an ASCII character: bytes above 0x7f would be half
/// of a UTF-8 sequence.
fn byte_char(v: u32, line: usize) -> Result<char, PoError> {
    if v < 0x80 {
        Ok(char::from(v as u8))
    } else {
        Err(PoError::at(
            line,
            format!("the escape names byte {v:#x}; write non-ASCII text as UTF-8 characters"),
        ))
    }
}

fn escape_line(s: &str) -> String {
    let short: String = s.chars().take(60).collect();
    crate::text::escape_control(&short)
}

/// `s` as the body of a PO string (without the quotes): backslash, quote and control characters
/// escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\{:03o}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"# German
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

#: APP-META.xml:4
#, fuzzy
msgid "Users"
msgstr "Benutzer"

msgctxt "menu"
msgid "Open"
msgstr ""
"Öff"
"nen\t\"x\""

#~ msgid "Old"
#~ msgstr "Alt"

msgid "one file"
msgid_plural "%d files"
msgstr[0] "eine Datei"
msgstr[1] "%d Dateien"
"#;

    #[test]
    fn a_good_file_parses_completely() {
        let c = parse(GOOD.as_bytes()).expect("parses");
        assert!(c.header.as_deref().is_some_and(|h| h.contains("UTF-8")));
        assert_eq!(c.messages.len(), 3);
        let users = &c.messages[0];
        assert_eq!(
            (users.id.as_str(), users.fuzzy, users.line),
            ("Users", true, 8)
        );
        assert_eq!(users.references, ["APP-META.xml:4"]);
        assert_eq!(c.messages[1].context.as_deref(), Some("menu"));
        assert_eq!(c.messages[1].translations, ["Öffnen\t\"x\""]);
        assert_eq!(c.messages[2].plural.as_deref(), Some("%d files"));
        assert_eq!(c.messages[2].translations.len(), 2);
    }

    #[test]
    fn errors_name_their_line() {
        let cases: &[(&str, usize, &str)] = &[
            ("msgid \"a\"\nmsgstr \"b\n", 2, "not closed"),
            (
                "msgid \"a\"\nmsgstr \"b\"\nmsgid \"a\"\nmsgstr \"c\"\n",
                3,
                "duplicate",
            ),
            ("msgid \"a\"\nmsgtxt \"b\"\n", 2, "unknown keyword"),
            ("msgstr \"b\"\n", 1, "without a msgid"),
            ("\"b\"\n", 1, "continuation"),
            (
                "msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"\"\n",
                3,
                "before the msgstr",
            ),
            ("msgid \"a\"\n", 1, "no msgstr"),
            ("msgid \"a\" x\nmsgstr \"\"\n", 1, "after the closing quote"),
            ("msgid \"a\\q\"\nmsgstr \"\"\n", 1, "unknown escape"),
            ("msgid \"a\"\nmsgstr[0] \"\"\n", 2, "msgid_plural"),
            (
                "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n",
                1,
                "UTF-8 only",
            ),
            ("msgid \"a\"\nmsgstr \"\\xff\"\n", 2, "byte"),
        ];
        for (text, line, what) in cases {
            let e = parse(text.as_bytes()).expect_err(text);
            assert_eq!(e.line, *line, "{text:?}: {e:?}");
            assert!(e.message.contains(what), "{text:?}: {e:?}");
        }
        let e = parse(b"msgid \"a\"\nmsgstr \"\xff\"\n").expect_err("utf8");
        assert_eq!(e.line, 2);
    }

    #[test]
    fn escape_round_trips() {
        let s = "a\\b\"c\nd\te\u{1}";
        let quoted = format!("msgid \"{}\"\nmsgstr \"\"\n", escape(s));
        let c = parse(quoted.as_bytes()).expect("parses");
        assert_eq!(c.messages[0].id, s);
    }
}

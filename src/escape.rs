//! Control characters made visible: the one escaping every renderer applies to text it did not
//! write itself (names, values and messages from a package, paths, file contents in snippets).
//!
//! A value from a package may carry line breaks that start a forged line in a CI log (GitHub's
//! runner reads `::error ...` at the start of any line, after leading whitespace), or ESC, OSC
//! and CSI sequences a terminal would obey. [`visible`] turns every such character into a
//! printable escape (`\n`, `\r`, `\t`, `\u{1b}`), so a value always stays on its line and
//! shows what it holds. Escaped are: C0 controls, DEL, C1 controls, and the Unicode format
//! characters that reorder or hide text (bidirectional overrides and isolates, zero-width
//! marks, the BOM, line and paragraph separators).
//!
//! [`visible_lines`] keeps line feeds and tabs, for multi-line text shown as lines (source
//! snippets), and [`SourceMap`] translates byte offsets into such escaped text, so a snippet's
//! underline still falls on the right characters.

use std::borrow::Cow;
use std::fmt::Write;

/// True for a character that must not reach a terminal or a log as it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// `c` as its visible escape: `\n`, `\r`, `\t`, else `\u{hex}`.
fn push_escape(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// `s` with every unsafe character (line breaks and tabs included) escaped; borrowed when
/// nothing needed escaping. The result is always one line.
pub fn visible(s: &str) -> Cow<'_, str> {
    escape_where(s, is_unsafe)
}

/// `s` with every unsafe character escaped except line feeds and tabs (and a carriage return
/// right before a line feed), for multi-line text shown line by line.
pub fn visible_lines(s: &str) -> Cow<'_, str> {
    SourceMap::new(s).text
}

fn escape_where(s: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    let Some(first) = s.find(&unsafe_char) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        if unsafe_char(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Multi-line text escaped as [`visible_lines`] does, with the byte offsets of the original
/// mapped to offsets in the escaped text.
#[derive(Debug, Clone)]
pub struct SourceMap<'a> {
    /// The escaped text.
    pub text: Cow<'a, str>,
    /// (original offset just past an escaped character, bytes added so far), in order.
    shifts: Vec<(usize, usize)>,
}

impl<'a> SourceMap<'a> {
    /// Escapes `s`, keeping `\n`, `\t`, and `\r` when a `\n` follows.
    pub fn new(s: &'a str) -> SourceMap<'a> {
        let keep = |i: usize, c: char| {
            c == '\n' || c == '\t' || (c == '\r' && s.as_bytes().get(i + 1) == Some(&b'\n'))
        };
        let needs = s.char_indices().any(|(i, c)| is_unsafe(c) && !keep(i, c));
        if !needs {
            return SourceMap {
                text: Cow::Borrowed(s),
                shifts: Vec::new(),
            };
        }
        let mut out = String::with_capacity(s.len() + 16);
        let mut shifts = Vec::new();
        let mut added = 0;
        for (i, c) in s.char_indices() {
            if is_unsafe(c) && !keep(i, c) {
                let before = out.len();
                push_escape(&mut out, c);
                added += out.len() - before - c.len_utf8();
                shifts.push((i + c.len_utf8(), added));
            } else {
                out.push(c);
            }
        }
        SourceMap {
            text: Cow::Owned(out),
            shifts,
        }
    }

    /// The offset in the escaped text of original byte `offset` (an escaped character maps to
    /// the start of its escape).
    pub fn map(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|&(at, _)| at <= offset);
        offset + if i == 0 { 0 } else { self.shifts[i - 1].1 }
    }

    /// A byte range of the original mapped into the escaped text.
    pub fn map_range(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.map(r.start)..self.map(r.end)
    }
}

/// Rendered output passed through a last check: unsafe characters escaped as [`visible_lines`]
/// does, except the SGR colour sequences (`ESC [ digits ; m`) a renderer wrote itself when
/// `keep_colour`. Values are escaped before they are rendered; this only guards against one
/// that was missed, so the escape never lets a terminal sequence or a forged line through.
pub fn output(s: &str, keep_colour: bool) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let sgr_len = |i: usize| -> Option<usize> {
        if !keep_colour || bytes.get(i + 1) != Some(&b'[') {
            return None;
        }
        let mut j = i + 2;
        while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b';') {
            j += 1;
        }
        (bytes.get(j) == Some(&b'm')).then_some(j + 1 - i)
    };
    let keep = |i: usize, c: char| {
        c == '\n' || c == '\t' || (c == '\r' && bytes.get(i + 1) == Some(&b'\n'))
    };
    let bad =
        |i: usize, c: char| is_unsafe(c) && !keep(i, c) && !(c == '\x1b' && sgr_len(i).is_some());
    if !s.char_indices().any(|(i, c)| bad(i, c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for (i, c) in s.char_indices() {
        if bad(i, c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_stay_on_one_line_and_show_what_they_hold() {
        assert_eq!(visible("plain/path.php"), "plain/path.php");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(
            visible("x\n::error file=ci.yml,line=1::PWNED.php"),
            "x\\n::error file=ci.yml,line=1::PWNED.php"
        );
        assert_eq!(visible("a\r\n\tb"), "a\\r\\n\\tb");
        assert_eq!(
            visible("\x1b[31mred\x1b]0;title\x07"),
            "\\u{1b}[31mred\\u{1b}]0;title\\u{7}"
        );
        assert_eq!(visible("c1\u{9b}2J"), "c1\\u{9b}2J");
        assert_eq!(visible("del\u{7f}"), "del\\u{7f}");
        assert_eq!(visible("rtl\u{202e}gpj.exe"), "rtl\\u{202e}gpj.exe");
        assert_eq!(visible("Café ü €"), "Café ü €");
    }

    #[test]
    fn lines_keep_breaks_and_offsets_follow_the_escapes() {
        let s = "a\x1bb\r\nc\td\re";
        let m = SourceMap::new(s);
        assert_eq!(m.text, "a\\u{1b}b\r\nc\td\\re");
        assert_eq!(visible_lines(s), m.text);
        assert_eq!(m.map(0), 0);
        assert_eq!(m.map(1), 1, "the escaped ESC starts where it was");
        assert_eq!(&m.text[m.map(2)..m.map(3)], "b");
        assert_eq!(&m.text[m.map_range(7..8)], "d");
        assert_eq!(&m.text[m.map(9)..], "e");
        assert_eq!(m.map(s.len()), m.text.len());
        let clean = SourceMap::new("no escapes\n");
        assert!(matches!(clean.text, Cow::Borrowed(_)));
        assert_eq!(clean.map(4), 4);
    }

    #[test]
    fn output_keeps_only_its_own_colour() {
        let painted = "\x1b[1;31merror\x1b[0m: \x1b]8;;http://x\x07link\n";
        assert_eq!(
            output(painted, true),
            "\x1b[1;31merror\x1b[0m: \\u{1b}]8;;http://x\\u{7}link\n"
        );
        assert_eq!(
            output(painted, false),
            "\\u{1b}[1;31merror\\u{1b}[0m: \\u{1b}]8;;http://x\\u{7}link\n"
        );
        assert!(matches!(output("fine\n", false), Cow::Borrowed(_)));
    }
}

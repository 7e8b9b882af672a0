//! Byte offsets to 1-based line and column numbers, for findings and diagnostics.

/// Start offsets of every line of a text, for offset → line:column lookups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text` (LF, CRLF and CR line endings all count as one break).
    pub fn new(text: &[u8]) -> Self {
        let mut starts = vec![0];
        let mut i = 0;
        while i < text.len() {
            match text[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if text.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// 1-based (line, column) of byte `offset`; the column counts bytes.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let col = offset - self.starts[line];
        (to_u32(line + 1), to_u32(col + 1))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `text` with every control character other than a line feed or a tab shown escaped (see
/// [`crate::escape::visible_lines`], the one place that decides how), so a name from a package
/// cannot move the cursor, recolour or erase the terminal it is shown on.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    crate::escape::visible_lines(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_follow_line_breaks() {
        let idx = LineIndex::new(b"ab\ncd\r\nef\rg");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(1), (1, 2));
        assert_eq!(idx.position(3), (2, 1));
        assert_eq!(idx.position(7), (3, 1));
        assert_eq!(idx.position(10), (4, 1));
    }
}

/// `s` with every control character (C0, DEL, C1) written as a Rust-style escape (`\n`,
/// `\u{1b}`), so text taken from a package cannot move a terminal's cursor, colour it, or forge
/// lines when printed.
pub fn escape_control(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod escape_tests {
    use super::escape_control;

    #[test]
    fn control_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(escape_control("plain ü"), "plain ü");
        assert_eq!(escape_control("a\u{1b}[31mb\n"), "a\\u{1b}[31mb\\n");
        assert_eq!(escape_control("\u{85}\u{7f}"), "\\u{85}\\u{7f}");
    }
}

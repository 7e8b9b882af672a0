//! The annotation grammar inside a doc-comment.
//!
//! ```text
//! doc        = "/**" line* "*/"
//! line       = ws* "*"* ws* ( annotation | text )
//! annotation = "@" name ( "(" args? ")" )? text
//! name       = [A-Za-z_] [A-Za-z0-9_-]*
//! args       = arg ( "," arg )*
//! arg        = ws* ( '"' ( [^"\\] | "\" any )* '"' | "'" ( [^'\\] | "\" any )* "'" | bare ) ws*
//! bare       = [^,)"']*           (trimmed)
//! ```
//!
//! Only an `@` that opens a line (after the comment's `*`) starts an annotation, so e-mail
//! addresses and `{@link}` in prose are text. An annotation's arguments end on its line: an
//! unterminated string or a missing `)` is an error at the annotation. Names are case-sensitive,
//! as the vendor's runtime reads them.

use std::ops::Range;

/// One argument of an annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// The value with quotes and escapes resolved, or the trimmed bare word.
    pub value: String,
    /// Whether it was quoted.
    pub quoted: bool,
    /// Byte range in the file.
    pub span: Range<usize>,
}

/// One annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// The name after `@`.
    pub name: String,
    /// The arguments when the name was followed by `(`.
    pub args: Option<Vec<Arg>>,
    /// Byte range of `@name` in the file.
    pub span: Range<usize>,
}

/// A malformed annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// What is wrong.
    pub message: String,
    /// Where, in the file.
    pub span: Range<usize>,
}

/// The annotations of a doc-comment whose text starts at byte `offset` of its file.
pub fn annotations(doc: &str, offset: usize) -> (Vec<Annotation>, Vec<Malformed>) {
    let mut found = Vec::new();
    let mut bad = Vec::new();
    let body_end = doc.strip_suffix("*/").map_or(doc.len(), |s| s.len());
    let mut line_start = 0usize;
    while line_start < body_end {
        let line_end = doc[line_start..body_end]
            .find('\n')
            .map_or(body_end, |i| line_start + i);
        let line = &doc[line_start..line_end];
        let mut i = 0;
        let lb = line.as_bytes();
        while i < lb.len() && (lb[i] == b' ' || lb[i] == b'\t' || lb[i] == b'\r') {
            i += 1;
        }
        if line_start == 0 && line[i..].starts_with("/**") {
            i += 3;
        }
        while i < lb.len() && lb[i] == b'*' {
            i += 1;
        }
        while i < lb.len() && (lb[i] == b' ' || lb[i] == b'\t') {
            i += 1;
        }
        if i < lb.len() && lb[i] == b'@' {
            match annotation(line, i, line_start + offset) {
                Ok(Some(a)) => found.push(a),
                Ok(None) => {}
                Err(m) => bad.push(m),
            }
        }
        line_start = line_end + 1;
    }
    (found, bad)
}

/// Reads the annotation at `line[at]` (an `@`); `base` is the file offset of `line`.
fn annotation(line: &str, at: usize, base: usize) -> Result<Option<Annotation>, Malformed> {
    let b = line.as_bytes();
    let mut j = at + 1;
    if j >= b.len() || !(b[j].is_ascii_alphabetic() || b[j] == b'_') {
        return Ok(None);
    }
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'-') {
        j += 1;
    }
    let name = line[at + 1..j].to_string();
    let span = base + at..base + j;
    if j >= b.len() || b[j] != b'(' {
        return Ok(Some(Annotation {
            name,
            args: None,
            span,
        }));
    }
    let mut args = Vec::new();
    let mut k = j + 1;
    loop {
        while k < b.len() && (b[k] == b' ' || b[k] == b'\t') {
            k += 1;
        }
        if k >= b.len() || b[k] == b'\r' {
            return Err(Malformed {
                message: format!("@{name}( has no closing `)` on its line"),
                span,
            });
        }
        if b[k] == b')' && args.is_empty() {
            break;
        }
        let start = k;
        let (value, quoted) = if b[k] == b'"' || b[k] == b'\'' {
            let q = b[k];
            let mut v = Vec::new();
            k += 1;
            let mut closed = false;
            while k < b.len() {
                if b[k] == b'\\' && k + 1 < b.len() && (b[k + 1] == q || b[k + 1] == b'\\') {
                    v.push(b[k + 1]);
                    k += 2;
                } else if b[k] == q {
                    closed = true;
                    k += 1;
                    break;
                } else {
                    v.push(b[k]);
                    k += 1;
                }
            }
            if !closed {
                return Err(Malformed {
                    message: format!("unterminated string in @{name}(...)"),
                    span: base + start..base + b.len(),
                });
            }
            (String::from_utf8_lossy(&v).into_owned(), true)
        } else {
            while k < b.len() && !matches!(b[k], b',' | b')' | b'"' | b'\'') {
                k += 1;
            }
            if k < b.len() && matches!(b[k], b'"' | b'\'') {
                return Err(Malformed {
                    message: format!("a quote inside an unquoted argument of @{name}(...)"),
                    span: base + k..base + k + char_len(line, k),
                });
            }
            (line[start..k].trim().to_string(), false)
        };
        args.push(Arg {
            value,
            quoted,
            span: base + start..base + k,
        });
        while k < b.len() && (b[k] == b' ' || b[k] == b'\t') {
            k += 1;
        }
        match b.get(k) {
            Some(b',') => k += 1,
            Some(b')') => break,
            None | Some(b'\r') => {
                return Err(Malformed {
                    message: format!("@{name}( has no closing `)` on its line"),
                    span,
                });
            }
            _ => {
                return Err(Malformed {
                    message: format!("expected `,` or `)` after an argument of @{name}(...)"),
                    span: base + k..base + k + char_len(line, k),
                });
            }
        }
    }
    Ok(Some(Annotation {
        name,
        args: Some(args),
        span,
    }))
}

/// Length in bytes of the character at byte `k` of `line` (0 at the end).
fn char_len(line: &str, k: usize) -> usize {
    line.get(k..)
        .and_then(|r| r.chars().next())
        .map_or(0, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(a: &Annotation) -> Vec<&str> {
        a.args
            .as_ref()
            .map(|v| v.iter().map(|x| x.value.as_str()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn reads_names_and_arguments() {
        let doc = "/**\n * Class x, mail me@example.com\n * @type(\"http://a/b/1.0\")\n\t* @required\n * @option(\"a,b\", 'it\\'s') trailing\n * @param(string , body)\n * @param()\n * @var $x int\n */";
        let (found, bad) = annotations(doc, 100);
        assert!(bad.is_empty(), "{bad:?}");
        let names: Vec<_> = found.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            ["type", "required", "option", "param", "param", "var"]
        );
        assert_eq!(vals(&found[0]), ["http://a/b/1.0"]);
        assert!(found[1].args.is_none());
        assert_eq!(vals(&found[2]), ["a,b", "it's"]);
        assert_eq!(vals(&found[3]), ["string", "body"]);
        assert!(vals(&found[4]).is_empty());
        let at = doc.find("@type").unwrap_or(0) + 100;
        assert_eq!(found[0].span, at..at + 5);
    }

    #[test]
    fn one_line_docs_and_crlf() {
        let (found, _) = annotations("/** @type(string) */", 0);
        assert_eq!(vals(&found[0]), ["string"]);
        let (found, bad) = annotations("/**\r\n * @title(\"T\")\r\n * @required\r\n */", 0);
        assert!(bad.is_empty());
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].name, "required");
    }

    #[test]
    fn malformed_annotations_are_located() {
        let doc = "/**\n * @title(\"open\n * @type(string\n * @x(a\"b)\n */";
        let (found, bad) = annotations(doc, 0);
        assert!(found.is_empty());
        assert_eq!(bad.len(), 3);
        assert!(bad[0].message.contains("unterminated"));
        assert_eq!(bad[0].span.start, doc.find("\"open").unwrap_or(0));
        assert!(bad[1].message.contains("closing"));
    }
}

//! Operation paths: the `{name}` placeholders of a path such as `/users/{userId}`.
//!
//! One scanner, two readings: [`params`] is strict (the manifest refuses a stray brace or a
//! placeholder that is not an identifier); [`names`] is lenient (the schema linter reads what a
//! package wrote, and reports malformed paths through its own rules).

use super::syntax::is_identifier;

/// One piece of an operation path, as the scanner meets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// The text between `{` and the next `}`.
    Placeholder(&'a str),
    /// A `}` with no `{` before it.
    StrayClose,
    /// A `{` never closed (the scan ends there).
    Unclosed,
}

/// The placeholders and brace errors of `path`, in order.
pub fn pieces(path: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            out.push(Piece::StrayClose);
            rest = &rest[open + 1..];
            continue;
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push(Piece::Unclosed);
            break;
        };
        out.push(Piece::Placeholder(&after[..close]));
        rest = &after[close + 1..];
    }
    out
}

/// The placeholder names of `path`, or what is wrong with the first bad brace or name.
pub fn params(path: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for piece in pieces(path) {
        match piece {
            Piece::StrayClose => return Err("`}` without `{`".into()),
            Piece::Unclosed => return Err("`{` without `}`".into()),
            Piece::Placeholder(name) if !is_identifier(name) => {
                return Err(format!("`{{{name}}}` is not a valid placeholder"));
            }
            Piece::Placeholder(name) => out.push(name.to_string()),
        }
    }
    Ok(out)
}

/// Whatever stands between braces in `path`, skipping stray braces.
pub fn names(path: &str) -> Vec<&str> {
    pieces(path)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Placeholder(name) => Some(name),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_params() {
        assert_eq!(params("/users/{userId}/x/{n}").unwrap(), ["userId", "n"]);
        assert_eq!(params("/plain").unwrap(), Vec::<String>::new());
        assert!(params("/a/{b").is_err());
        assert!(params("/a/b}").is_err());
        assert!(params("/a/{1b}").is_err());
        assert!(params("/a/{b{c}").is_err());
    }

    #[test]
    fn lenient_names() {
        assert_eq!(names("/users/{userId}/x/{n}"), ["userId", "n"]);
        assert_eq!(names("/a}/{b}/{c"), ["b"]);
        assert_eq!(names("/a/{1b}"), ["1b"]);
        assert_eq!(names("/a/{b{c}"), ["b{c"]);
    }
}

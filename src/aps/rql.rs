//! RQL as APP-META `upgrade@match` and `patch@match` use it: the operators the platform forbids
//! there (in any letter case, as a call `op(` or an operator `=op=`) and balanced parentheses.

/// Operators a package-update match must not use (CloudBlue SDK "Package updates").
pub const FORBIDDEN: &[&str] = &["limit", "sort", "implementing", "composing", "isnull"];

/// One use of a forbidden operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forbidden {
    /// The operator, in lower case as [`FORBIDDEN`] spells it.
    pub op: &'static str,
    /// Byte offset of the operator's name in the expression.
    pub at: usize,
    /// Byte length of the name as written.
    pub len: usize,
}

/// The forbidden operators `rql` uses, first use of each, in order of appearance. A word counts
/// when it is called (`limit(`, `LIMIT (`) or used as an operator (`a=isnull=true`), not when it
/// is a value (`version=eq=sort`) or part of a longer name (`my_limit(`, `a.sort(`).
pub fn forbidden(rql: &str) -> Vec<Forbidden> {
    let bytes = rql.as_bytes();
    let word_char = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut found: Vec<Forbidden> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !word_char(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && word_char(bytes[i]) {
            i += 1;
        }
        let before = start.checked_sub(1).map(|b| bytes[b]);
        if before == Some(b'.') {
            continue;
        }
        let call = rql[i..].trim_start().starts_with('(');
        let op = before == Some(b'=') && bytes.get(i) == Some(&b'=');
        let word = &rql[start..i];
        if (call || op)
            && let Some(f) = FORBIDDEN.iter().find(|f| f.eq_ignore_ascii_case(word))
            && !found.iter().any(|x| x.op == *f)
        {
            found.push(Forbidden {
                op: f,
                at: start,
                len: word.len(),
            });
        }
    }
    found
}

/// Byte offset of the first `)` that closes nothing, else of the first `(` never closed.
pub fn unbalanced_paren(s: &str) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    for (i, c) in s.char_indices() {
        match c {
            '(' => open.push(i),
            ')' if open.pop().is_none() => return Some(i),
            _ => {}
        }
    }
    open.first().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(rql: &str) -> Vec<&'static str> {
        forbidden(rql).into_iter().map(|f| f.op).collect()
    }

    #[test]
    fn forbidden_operators_in_any_case() {
        assert!(ops("version=ge=7.10, release=ge=0").is_empty());
        assert_eq!(ops("limit(0,1),sort(+version)"), ["limit", "sort"]);
        assert_eq!(ops("LIMIT(1)"), ["limit"]);
        assert_eq!(ops("and(version=ge=1,Sort (+a))"), ["sort"]);
        assert_eq!(ops("a=isnull=true"), ["isnull"]);
        assert_eq!(ops("a=ISNULL=true"), ["isnull"]);
        assert!(ops("version=eq=sort").is_empty());
        assert!(ops("my_limit(1),a.sort(1),xlimit(2)").is_empty());
        assert_eq!(ops("limit(1),limit(2)"), ["limit"]);
    }

    #[test]
    fn offsets_point_at_the_name_as_written() {
        let f = forbidden("version=ge=1,LIMIT(1)");
        assert_eq!((f[0].at, f[0].len), (13, 5));
    }

    #[test]
    fn parentheses() {
        assert_eq!(unbalanced_paren("and(a,b)"), None);
        assert_eq!(unbalanced_paren("and(a,b"), Some(3));
        assert_eq!(unbalanced_paren("a)("), Some(1));
    }
}

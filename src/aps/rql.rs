//! RQL as APP-META `upgrade@match` and `patch@match` use it: the operators the platform forbids
//! there (in any letter case, as a call `op(` or an operator `=op=`), balanced parentheses, and
//! the expression parsed and evaluated against an installed package's metadata.
//!
//! Grammar of [`parse`] (the Resource Query Language, APS-FORMAT §2.2):
//!
//! * a call `name(arg, ...)`, where an argument is a value, a call, a comparison or a
//!   parenthesised list of values;
//! * a comparison `field=op=value` with `op` one of `eq ne lt le gt ge like in out` (any other
//!   word parses too, so that [`eval`] can say what it cannot evaluate), `field=value` for `eq`,
//!   and `==`, `!=`, `<`, `<=`, `>`, `>=`;
//! * terms joined by `,` or `&` (and) or by `|` (or); mixing both in one group needs
//!   parentheses, as in the reference RQL parser; `( ... )` groups.
//!
//! Values are taken as written (trimmed, `%XX` escapes decoded). [`eval`] compares values
//! dot-wise ([`super::version::compare`]), so `version=ge=7.10` matches `7.10.6`.

use std::ops::Range;

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

/// Deepest nesting of calls and groups accepted; real matches nest two or three levels.
pub const MAX_DEPTH: usize = 64;

/// One node of a parsed expression; spans are byte ranges of the expression text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// `name(args)`, also what `a,b`, `a|b` and `f=op=v` parse to (`and`, `or`, `op`).
    Call {
        /// The function, as written.
        name: String,
        /// Its arguments.
        args: Vec<Node>,
        /// Where the function name is (the whole term for `,`/`|` groups).
        span: Range<usize>,
    },
    /// A bare value or field name.
    Value {
        /// The text, trimmed and percent-decoded.
        text: String,
        /// Where it is.
        span: Range<usize>,
    },
    /// A parenthesised list of values, `(a,b)` (for `in` and `out`).
    List {
        /// The items.
        items: Vec<Node>,
        /// Where it is.
        span: Range<usize>,
    },
}

impl Node {
    /// The node's byte range.
    pub fn span(&self) -> Range<usize> {
        match self {
            Node::Call { span, .. } | Node::Value { span, .. } | Node::List { span, .. } => {
                span.clone()
            }
        }
    }
}

/// Why an expression does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at byte {offset})")]
pub struct ParseError {
    /// What is wrong.
    pub message: String,
    /// Byte offset in the expression.
    pub offset: usize,
}

/// Why an expression cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EvalError {
    /// What is wrong.
    pub message: String,
    /// Where, in the expression.
    pub span: Range<usize>,
}

/// Parses an RQL expression.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    let mut p = Parser {
        s: text,
        b: text.as_bytes(),
        i: 0,
        depth: 0,
    };
    p.ws();
    if p.i == p.b.len() {
        return Err(p.err("the expression is empty"));
    }
    let node = p.group()?;
    p.ws();
    match p.peek() {
        None => Ok(node),
        Some(b')') => Err(p.err("`)` closes nothing")),
        Some(c) => Err(p.err(&format!("unexpected `{}`", c as char))),
    }
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    depth: usize,
}

/// Bytes that end a word (field, function name or value).
fn is_delim(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b',' | b'&' | b'|' | b'=' | b'<' | b'>' | b'!'
    )
}

impl Parser<'_> {
    fn err(&self, message: &str) -> ParseError {
        ParseError {
            message: message.to_string(),
            offset: self.i.min(self.b.len()),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(&format!("nested more than {MAX_DEPTH} levels deep")));
        }
        Ok(())
    }

    /// Terms joined by one kind of conjunction, up to `)` or the end.
    fn group(&mut self) -> Result<Node, ParseError> {
        self.enter()?;
        let start = self.i;
        let mut terms = vec![self.term()?];
        let mut joint: Option<&'static str> = None;
        loop {
            self.ws();
            let this = match self.peek() {
                Some(b',' | b'&') => "and",
                Some(b'|') => "or",
                _ => break,
            };
            if joint.is_some_and(|j| j != this) {
                return Err(self.err(
                    "`|` and `,`/`&` are mixed in one group: put parentheses around each set",
                ));
            }
            joint = Some(this);
            self.i += 1;
            terms.push(self.term()?);
        }
        self.depth -= 1;
        Ok(match joint {
            None => terms.pop().unwrap_or(Node::Value {
                text: String::new(),
                span: start..start,
            }),
            Some(name) => Node::Call {
                name: name.to_string(),
                args: terms,
                span: start..self.i,
            },
        })
    }

    /// One term: `( group )`, `name(args)` or a comparison.
    fn term(&mut self) -> Result<Node, ParseError> {
        self.ws();
        match self.peek() {
            Some(b'(') => {
                self.i += 1;
                let node = self.group()?;
                self.close()?;
                Ok(node)
            }
            None => Err(self.err("an expression ends where a term is expected")),
            Some(c) if is_delim(c) => Err(self.err(&format!(
                "`{}` where a field or function name is expected",
                c as char
            ))),
            Some(_) => {
                let (name, span) = self.word();
                self.ws();
                match self.peek() {
                    Some(b'(') => self.call(name, span),
                    Some(b'=' | b'!' | b'<' | b'>') => self.comparison(name, span),
                    _ => Err(ParseError {
                        message: format!(
                            "`{name}` is neither a call `{name}(...)` nor a comparison such as `{name}=ge=1.0`"
                        ),
                        offset: span.start,
                    }),
                }
            }
        }
    }

    fn close(&mut self) -> Result<(), ParseError> {
        self.ws();
        if self.peek() == Some(b')') {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err("a `(` is never closed"))
        }
    }

    /// A word up to the next delimiter, trimmed; its span.
    fn word(&mut self) -> (String, Range<usize>) {
        let start = self.i;
        while self.peek().is_some_and(|c| !is_delim(c)) {
            self.i += 1;
        }
        let raw = &self.s[start..self.i];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        let span = start + lead..start + lead + trimmed.len();
        (decode(trimmed), span)
    }

    /// `name(` already seen: the arguments up to `)`.
    fn call(&mut self, name: String, span: Range<usize>) -> Result<Node, ParseError> {
        self.enter()?;
        self.i += 1;
        self.ws();
        let args = if self.peek() == Some(b')') {
            Vec::new()
        } else {
            self.separated(Self::arg)?
        };
        self.close()?;
        self.depth -= 1;
        Ok(Node::Call { name, args, span })
    }

    /// One call argument: a list, a nested call, a comparison, or a value.
    fn arg(&mut self) -> Result<Node, ParseError> {
        self.ws();
        if self.peek() == Some(b'(') {
            return self.list();
        }
        let (text, span) = self.word();
        self.ws();
        match self.peek() {
            Some(b'(') if !text.is_empty() => self.call(text, span),
            Some(b'=' | b'!' | b'<' | b'>') if !text.is_empty() => self.comparison(text, span),
            _ => Ok(Node::Value { text, span }),
        }
    }

    /// Items read by `one`, separated by `,` (with optional whitespace), up to the first item
    /// not followed by a comma.
    fn separated(
        &mut self,
        mut one: impl FnMut(&mut Self) -> Result<Node, ParseError>,
    ) -> Result<Vec<Node>, ParseError> {
        let mut out = Vec::new();
        loop {
            out.push(one(self)?);
            self.ws();
            if self.peek() == Some(b',') {
                self.i += 1;
            } else {
                return Ok(out);
            }
        }
    }

    /// `(a, b, ...)`: values only.
    fn list(&mut self) -> Result<Node, ParseError> {
        self.enter()?;
        let start = self.i;
        self.i += 1;
        let items = self.separated(|p| {
            p.ws();
            if p.peek() == Some(b'(') {
                p.list()
            } else {
                let (text, span) = p.word();
                Ok(Node::Value { text, span })
            }
        })?;
        self.close()?;
        self.depth -= 1;
        Ok(Node::List {
            items,
            span: start..self.i,
        })
    }

    /// `field` already read: the operator and the value.
    fn comparison(&mut self, field: String, field_span: Range<usize>) -> Result<Node, ParseError> {
        let op_start = self.i;
        let rest = &self.s[self.i..];
        let op: String = if let Some(tail) = rest.strip_prefix('=')
            && let Some(end) = tail.find('=')
            && end > 0
            && tail[..end].bytes().all(|c| c.is_ascii_alphabetic())
        {
            self.i += end + 2;
            tail[..end].to_string()
        } else {
            let (sym, name) = [
                ("==", "eq"),
                ("!=", "ne"),
                ("<=", "le"),
                (">=", "ge"),
                ("=", "eq"),
                ("<", "lt"),
                (">", "gt"),
            ]
            .into_iter()
            .find(|(sym, _)| rest.starts_with(sym))
            .ok_or_else(|| self.err("expected an operator such as `=ge=`"))?;
            self.i += sym.len();
            name.to_string()
        };
        let op_span = op_start..self.i;
        self.ws();
        let value = if self.peek() == Some(b'(') {
            self.list()?
        } else {
            let (text, span) = self.word();
            if text.is_empty() {
                return Err(self.err(&format!("`{field}` is compared with nothing")));
            }
            Node::Value { text, span }
        };
        Ok(Node::Call {
            name: op,
            args: vec![
                Node::Value {
                    text: field,
                    span: field_span,
                },
                value,
            ],
            span: op_span,
        })
    }
}

/// `%XX` escapes decoded; anything not a valid escape is kept as written.
fn decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(hex, 16)
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Evaluates `node` against a package's metadata; `field` returns a field's value (`version`,
/// `release`, `id`, `name`, ...) or None when the package has no such field.
pub fn eval(node: &Node, field: &dyn Fn(&str) -> Option<String>) -> Result<bool, EvalError> {
    let Node::Call { name, args, span } = node else {
        return Err(EvalError {
            message: "a bare value is not a condition".into(),
            span: node.span(),
        });
    };
    let fail = |message: String| EvalError {
        message,
        span: span.clone(),
    };
    let op = name.to_ascii_lowercase();
    match op.as_str() {
        "and" => {
            for a in args {
                if !eval(a, field)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        "or" => {
            for a in args {
                if eval(a, field)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        "not" => match args.as_slice() {
            [one] => Ok(!eval(one, field)?),
            _ => Err(fail(format!(
                "`not` takes one condition, not {}",
                args.len()
            ))),
        },
        "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "like" | "in" | "out" => {
            let [Node::Value { text: key, .. }, value] = args.as_slice() else {
                return Err(fail(format!("`{name}` takes a field and a value")));
            };
            let have = field(key).ok_or_else(|| {
                fail(format!(
                    "the installed package has no field `{key}` (known: version, release, id, name)"
                ))
            })?;
            let values: Vec<&str> = match value {
                Node::Value { text, .. } => vec![text.as_str()],
                Node::List { items, .. } => items
                    .iter()
                    .filter_map(|i| match i {
                        Node::Value { text, .. } => Some(text.as_str()),
                        _ => None,
                    })
                    .collect(),
                Node::Call { .. } => {
                    return Err(fail(format!("`{name}` compares with a value, not a call")));
                }
            };
            let cmp = |v: &str| super::version::compare(&have, v);
            use std::cmp::Ordering::*;
            let one = || -> Result<&str, EvalError> {
                match values.as_slice() {
                    [v] => Ok(v),
                    _ => Err(fail(format!(
                        "`{name}` compares with one value, not a list"
                    ))),
                }
            };
            Ok(match op.as_str() {
                "eq" => cmp(one()?) == Equal,
                "ne" => cmp(one()?) != Equal,
                "lt" => cmp(one()?) == Less,
                "le" => cmp(one()?) != Greater,
                "gt" => cmp(one()?) == Greater,
                "ge" => cmp(one()?) != Less,
                "like" => glob(one()?, &have),
                "in" => values.iter().any(|v| cmp(v) == Equal),
                _ => values.iter().all(|v| cmp(v) != Equal),
            })
        }
        _ if FORBIDDEN.contains(&op.as_str()) => Err(fail(format!(
            "`{name}` is forbidden in a package match and cannot be evaluated"
        ))),
        _ => Err(fail(format!(
            "`{name}` is not a function a package match can use (eq, ne, lt, le, gt, ge, like, in, out, and, or, not)"
        ))),
    }
}

/// `*` matches any run of characters, `?` one character; everything else itself.
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
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

    fn installed(version: &'static str, release: &'static str) -> impl Fn(&str) -> Option<String> {
        move |f: &str| match f {
            "version" => Some(version.to_string()),
            "release" => Some(release.to_string()),
            "id" => Some("http://example.org/app".to_string()),
            _ => None,
        }
    }

    fn matches(rql: &str, version: &'static str, release: &'static str) -> bool {
        let node = parse(rql).unwrap_or_else(|e| panic!("{rql}: {e}"));
        eval(&node, &installed(version, release)).unwrap_or_else(|e| panic!("{rql}: {e}"))
    }

    #[test]
    fn short_forms_and_calls_evaluate_dot_wise() {
        assert!(matches("version=ge=7.10, release=ge=0", "7.10.6", "1"));
        assert!(!matches("version=ge=7.10, release=ge=0", "7.9", "5"));
        assert!(matches("version =ge= 1.0, release =ge= 1", "1.0", "1"));
        assert!(!matches("version =lt= 1.99", "1.100", "0"));
        assert!(matches("version=eq=2.0,release=ge=3", "2", "3"));
        assert!(matches("version=2.0", "2.0", "0"));
        assert!(matches("and(ge(version,1.0),lt(version,2.0))", "1.5", "0"));
        assert!(!matches("and(ge(version,1.0),lt(version,2.0))", "2.0", "0"));
        assert!(matches("or(eq(version,1.0),eq(version,1.1))", "1.1", "0"));
        assert!(matches("not(eq(version,1.0))", "1.1", "0"));
        assert!(matches("version=ne=1.0", "1.1", "0"));
        assert!(matches("version=le=1.0&release=lt=10", "1.0", "9"));
        assert!(matches("version=eq=1.0|version=eq=1.2", "1.2", "0"));
        assert!(matches(
            "(version=eq=1.0|version=eq=1.2),release=gt=1",
            "1.2",
            "2"
        ));
        assert!(matches("version=in=(1.0,1.1)", "1.1", "0"));
        assert!(!matches("version=out=(1.0,1.1)", "1.1", "0"));
        assert!(matches("version=like=7.*", "7.10", "0"));
        assert!(matches("and(version=ge=1.0,release=ge=1)", "1.0", "1"));
        assert!(matches("version>=1.0", "1.0", "0"));
        assert!(matches("version=ge=1%2E0", "1.0", "0"));
    }

    #[test]
    fn forbidden_functions_cannot_be_evaluated() {
        let e = eval(&parse("limit(1)").expect("parses"), &installed("1", "1")).unwrap_err();
        assert!(e.message.contains("forbidden"), "{e}");
        assert_eq!(forbidden("version=ge=1.0,sort(+version)")[0].op, "sort");
    }

    #[test]
    fn broken_expressions_are_errors_with_offsets() {
        for (rql, offset) in [
            ("", 0),
            ("   ", 3),
            ("and(version=ge=1.0", 18),
            ("version=ge=1.0)", 14),
            ("version", 0),
            ("version=ge=", 11),
            ("a=eq=1,b=eq=2|c=eq=3", 13),
            (",version=ge=1", 0),
            ("version=ge=1,", 13),
        ] {
            let e = parse(rql).expect_err(rql);
            assert_eq!(e.offset, offset, "{rql}: {e}");
        }
        let deep = format!("{}version=ge=1{}", "not(".repeat(100), ")".repeat(100));
        assert!(parse(&deep).unwrap_err().message.contains("nested"));
    }

    #[test]
    fn unknown_fields_and_functions_cannot_be_evaluated() {
        let e = eval(&parse("vendor=eq=x").unwrap(), &installed("1", "1")).unwrap_err();
        assert!(e.message.contains("vendor"), "{e}");
        let e = eval(&parse("select(version)").unwrap(), &installed("1", "1")).unwrap_err();
        assert!(e.message.contains("select"), "{e}");
        assert!(matches("id=eq=http://example.org/app", "1", "1"));
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_or_fails_inside_it(s in "[a-z=(),&|<>! .0-9%*]{0,40}") {
            match parse(&s) {
                Ok(n) => {
                    proptest::prop_assert!(n.span().end <= s.len());
                    let _ = eval(&n, &installed("1.0", "1"));
                }
                Err(e) => proptest::prop_assert!(e.offset <= s.len()),
            }
        }
    }
}

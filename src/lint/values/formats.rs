//! Value-format rules of the values family: upgrade/patch RQL and the `packaged` date.

use super::placeholder;
use crate::lint::{APP_META, Context, Finding, Rule, RuleDoc, Severity};
use crate::xml::Element;

/// Forbidden RQL operator.
pub static RQL_FORBIDDEN: Rule = Rule {
    code: "APS0207",
    name: "rql-forbidden-operator",
    severity: Severity::Error,
    vendor_code: None,
    summary: "upgrade/patch match uses an RQL operator that is not allowed",
    doc: RuleDoc {
        what: "`upgrade@match` or `patch@match` uses `limit`, `sort`, `implementing`, `composing` \
               or `isnull`.",
        why: "The match is run against installed packages; these operators are forbidden there \
              (CloudBlue SDK \"Package updates\").",
        example: "<upgrade match=\"version=ge=1.0,sort(+version)\"/>",
        fix: "Use only comparisons joined by `,` / `and` / `or`: `version=ge=1.0, release=ge=0`.",
    },
};

/// Malformed RQL.
pub static RQL_MALFORMED: Rule = Rule {
    code: "APS0208",
    name: "rql-malformed",
    severity: Severity::Error,
    vendor_code: None,
    summary: "upgrade/patch match is empty or has unbalanced parentheses",
    doc: RuleDoc {
        what: "`upgrade@match` or `patch@match` is empty, or its parentheses do not balance.",
        why: "The platform parses the match as RQL (CloudBlue SDK \"Package \
              updates\"); a broken expression cannot select the packages to update.",
        example: "<upgrade match=\"and(version=ge=1.0,release=ge=1\"/>",
        fix: "Close every parenthesis, e.g. `and(version=ge=1.0,release=ge=1)`.",
    },
};

/// `packaged` not a dateTime.
pub static PACKAGED_FORMAT: Rule = Rule {
    code: "APS0209",
    name: "packaged-format",
    severity: Severity::Error,
    vendor_code: None,
    summary: "<application packaged> is not an xsd:dateTime",
    doc: RuleDoc {
        what: "The `packaged` attribute is not `YYYY-MM-DDThh:mm:ss`, optionally with fractions \
               and a zone (`Z`, `+hh:mm`).",
        why: "Its type is xsd:dateTime (APS 2.1 spec, \"APP-META.xml\").",
        example: "<application packaged=\"26.11.2014 11:17\" ...>",
        fix: "Write `packaged=\"2014-11-26T11:17:13\"`; `apspack build` writes it for you.",
    },
};

pub(super) fn check_rql(cx: &Context, el: &Element, out: &mut Vec<Finding>) {
    let Some(m) = el.attr_node("match") else {
        out.push(cx.at(
            &RQL_MALFORMED,
            APP_META,
            el.span.clone(),
            format!("<{}> has no match attribute", el.name),
        ));
        return;
    };
    let v = m.value.trim();
    if placeholder(v).is_some() {
        return;
    }
    if v.is_empty() {
        out.push(cx.at(
            &RQL_MALFORMED,
            APP_META,
            m.value_span.clone(),
            format!("<{} match> is empty", el.name),
        ));
        return;
    }
    if let Some(at) = unbalanced_paren(&m.value) {
        let what = if m.value[at..].starts_with('(') {
            "a `(` that is never closed"
        } else {
            "a `)` that closes nothing"
        };
        out.push(
            cx.at(
                &RQL_MALFORMED,
                APP_META,
                inner_span(cx, m, at, 1),
                format!(
                    "<{} match=\"{v}\"> has unbalanced parentheses: {what}",
                    el.name
                ),
            )
            .help("Close every `(` once, e.g. `and(version=ge=1.0,release=ge=1)`."),
        );
    }
    for op in ["limit", "sort", "implementing", "composing", "isnull"] {
        if let Some(at) = rql_find(&m.value, op) {
            out.push(
                cx.at(
                    &RQL_FORBIDDEN,
                    APP_META,
                    inner_span(cx, m, at, op.len()),
                    format!(
                        "<{} match=\"{v}\"> uses the forbidden RQL operator `{op}`",
                        el.name
                    ),
                )
                .help(format!(
                    "Remove `{op}(...)`; keep only comparisons such as `version=ge=1.0`."
                )),
            );
        }
    }
}

/// Byte offset of the first `)` that closes nothing, else of the first `(` never closed.
fn unbalanced_paren(s: &str) -> Option<usize> {
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

/// The span of `len` bytes at offset `at` of an attribute's value, when the value is written
/// in the file as it reads (no entity references); else the whole value.
fn inner_span(cx: &Context, a: &crate::xml::Attr, at: usize, len: usize) -> std::ops::Range<usize> {
    let raw = cx
        .tree
        .bytes(APP_META)
        .and_then(|b| b.get(a.value_span.clone()));
    if raw == Some(a.value.as_bytes()) && at + len <= a.value.len() {
        a.value_span.start + at..a.value_span.start + at + len
    } else {
        a.value_span.clone()
    }
}

/// Byte offset of the first call `op(` in `rql`, as a whole word.
pub(super) fn rql_find(rql: &str, op: &str) -> Option<usize> {
    let mut start = 0;
    while let Some(i) = rql[start..].find(op) {
        let at = start + i;
        let before_ok = rql[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'));
        let after = rql[at + op.len()..].trim_start();
        if before_ok && after.starts_with('(') {
            return Some(at);
        }
        start = at + op.len();
    }
    None
}

/// True for `YYYY-MM-DDThh:mm:ss[.f+][Z|(+|-)hh:mm]`.
pub fn is_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    if b.len() < 19
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || b[10] != b'T'
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(99);
    if !(1..=12).contains(&num(5..7)) || !(1..=31).contains(&num(8..10)) || num(11..13) > 24 {
        return false;
    }
    if num(14..16) > 59 || num(17..19) > 60 {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest {
        "" | "Z" => true,
        z => {
            let zb = z.as_bytes();
            zb.len() == 6
                && matches!(zb[0], b'+' | b'-')
                && zb[1..3].iter().all(u8::is_ascii_digit)
                && zb[3] == b':'
                && zb[4..6].iter().all(u8::is_ascii_digit)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testkit::{clean, count, findings, with_meta};

    #[test]
    fn rql() {
        let t = with_meta("release=ge=0\"", "release=ge=0,sort(+version)\"");
        let f = findings(&t, "APS0207");
        assert_eq!(f.len(), 1);
        let meta = t.bytes(crate::lint::APP_META).unwrap();
        assert_eq!(
            &meta[f[0].span.clone().unwrap()],
            b"sort",
            "caret on the operator"
        );
        let t = with_meta(
            "version=ge=1.0, release=ge=0",
            "and(version=ge=1.0,release=ge=0",
        );
        let f = findings(&t, "APS0208");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.ends_with("a `(` that is never closed"));
        let meta = t.bytes(crate::lint::APP_META).unwrap();
        assert_eq!(&meta[f[0].span.clone().unwrap()], b"(");
        assert_eq!(
            count(&with_meta("version=ge=1.0, release=ge=0", ""), "APS0208"),
            1
        );
        assert_eq!(rql_find("sortable=eq=1", "sort"), None);
        assert_eq!(rql_find("a=eq=1,sort(+a)", "sort"), Some(7));
        assert_eq!(unbalanced_paren("and(a,(b)"), Some(3));
        assert_eq!(unbalanced_paren("a)"), Some(1));
        assert_eq!(unbalanced_paren("and(a,b)"), None);
        assert_eq!(count(&clean(), "APS0207") + count(&clean(), "APS0208"), 0);
    }

    #[test]
    fn packaged() {
        let t = with_meta("2026-01-01T00:00:00", "2026-01-01 00:00");
        assert_eq!(count(&t, "APS0209"), 1);
        assert!(is_datetime("2014-11-26T11:17:13") && is_datetime("2014-11-26T11:17:13.5+00:00"));
        assert!(!is_datetime("2014-13-26T11:17:13"));
        assert_eq!(count(&clean(), "APS0209"), 0);
    }
}

//! Value-format rules of the values family: upgrade/patch RQL and the `packaged` date.

use super::placeholder;
use super::rules::*;
use crate::aps::{APP_META, rql};
use crate::lint::{Context, Finding};
use crate::xml::Element;

pub(super) fn check_rql(cx: &Context, el: &Element, out: &mut Vec<Finding>) {
    let Some(m) = el.attr_node("match") else {
        out.push(cx.at_element(
            &RQL_MALFORMED,
            el,
            format!("<{}> has no match attribute", el.name),
        ));
        return;
    };
    let v = m.value.trim();
    if placeholder(v).is_some() {
        return;
    }
    if v.is_empty() {
        out.push(cx.at_value(&RQL_MALFORMED, m, format!("<{} match> is empty", el.name)));
        return;
    }
    if let Some(at) = rql::unbalanced_paren(&m.value) {
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
    for bad in rql::forbidden(&m.value) {
        let op = bad.op;
        out.push(
            cx.at(
                &RQL_FORBIDDEN,
                APP_META,
                inner_span(cx, m, bad.at, bad.len),
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

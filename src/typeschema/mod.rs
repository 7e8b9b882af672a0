//! APS type definitions (`schemas/*.schema`): reading (comments tolerated, with spans) and writing.

pub mod read;
pub mod write;

/// The attributes of a property that the format reference documents, in the order a type
/// definition is written.
pub const PROPERTY_ATTRIBUTES: &[&str] = &[
    "type",
    "title",
    "description",
    "required",
    "readonly",
    "encrypted",
    "final",
    "default",
    "enum",
    "enumTitles",
    "format",
    "pattern",
    "unit",
    "items",
    "access",
];

/// Property attributes seen in the wild that the format reference marks unconfirmed: the
/// manifest accepts them, the linter notes them as info.
pub const UNCONFIRMED_PROPERTY_ATTRIBUTES: &[&str] =
    &["minLength", "maxLength", "minimum", "maximum"];

/// `a` followed by `b`, for building key lists at compile time; `N` must be the sum of their
/// lengths.
pub const fn concat<const N: usize>(a: &[&'static str], b: &[&'static str]) -> [&'static str; N] {
    assert!(
        a.len() + b.len() == N,
        "concat: N is not the sum of the lengths"
    );
    let mut out = [""; N];
    let mut i = 0;
    while i < a.len() {
        out[i] = a[i];
        i += 1;
    }
    let mut j = 0;
    while j < b.len() {
        out[i + j] = b[j];
        j += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concat_keeps_both_orders() {
        const JOINED: [&str; 3] = concat(&["a"], &["b", "c"]);
        assert_eq!(JOINED, ["a", "b", "c"]);
    }

    #[test]
    fn unconfirmed_attributes_are_not_documented_ones() {
        for a in UNCONFIRMED_PROPERTY_ATTRIBUTES {
            assert!(!PROPERTY_ATTRIBUTES.contains(a), "{a} is in both lists");
        }
    }
}

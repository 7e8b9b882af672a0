//! Dot-wise comparison of package versions and releases (`7.10.6` against `7.10`), as the
//! platform orders (version, release) pairs and RQL matches compare them.
//!
//! Parts are split at `.`; two numeric parts compare as integers (`2.10` > `2.9`), any other
//! pair compares as text; a missing part counts as `0`, so `7.10` equals `7.10.0`. This is the
//! segment-by-segment reading APS-FORMAT.md §2.4 gives dotted releases such as `1.15`.

use std::cmp::Ordering;

/// Compares two dotted versions part by part.
pub fn compare(a: &str, b: &str) -> Ordering {
    let a: Vec<&str> = a.trim().split('.').collect();
    let b: Vec<&str> = b.trim().split('.').collect();
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or("0");
        let y = b.get(i).copied().unwrap_or("0");
        let ord = match (number(x), number(y)) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => x.cmp(y),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

/// Compares `(version, release)` pairs: the version first, then the release.
pub fn compare_pair(a: (&str, &str), b: (&str, &str)) -> Ordering {
    compare(a.0, b.0).then_with(|| compare(a.1, b.1))
}

/// A part made only of ASCII digits, as an integer (any length: leading zeros and huge numbers
/// compare by value, not by text).
fn number(s: &str) -> Option<Number<'_>> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| Number(s.trim_start_matches('0')))
}

/// Digits without leading zeros: longer is bigger, equal length compares as text.
#[derive(PartialEq, Eq)]
struct Number<'a>(&'a str);

impl Ord for Number<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.cmp(other.0))
    }
}

impl PartialOrd for Number<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ordering::*;

    #[test]
    fn parts_compare_as_numbers_and_missing_parts_are_zero() {
        assert_eq!(compare("2.10", "2.9"), Greater);
        assert_eq!(compare("7.10.6", "7.10"), Greater);
        assert_eq!(compare("7.10", "7.10.0"), Equal);
        assert_eq!(compare("1.0", "1"), Equal);
        assert_eq!(compare("01", "1"), Equal);
        assert_eq!(compare("1.15", "1.9"), Greater);
        assert_eq!(compare("99999999999999999999999", "1"), Greater);
        assert_eq!(compare("1.0-beta", "1.0-alpha"), Greater);
        assert_eq!(compare("1.a", "1.1"), Greater, "text after digits");
        assert_eq!(compare_pair(("1.0", "2"), ("1.0", "10")), Less);
        assert_eq!(compare_pair(("1.1", "0"), ("1.0", "10")), Greater);
    }
}

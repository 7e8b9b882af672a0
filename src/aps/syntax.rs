//! Small value grammars of the format: identifiers (property, structure, parameter and
//! variable names) and `#RRGGBB` colours.

/// True for `^[a-zA-Z_][a-zA-Z0-9_]*$`: names of properties, structures, operation
/// parameters and navigation variables.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// True for a `#RRGGBB` colour (six hex digits, any case).
pub fn is_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(is_identifier("_a1") && is_identifier("contextId") && is_identifier("A"));
        for bad in ["1a", "a-b", "a b", "é", "", "a.b"] {
            assert!(!is_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn colours() {
        assert!(is_colour("#0044aA") && is_colour("#FFFFFF"));
        for bad in ["#04a", "0044aa0", "#0044ag", "#0044aa0", "", "#ééé"] {
            assert!(!is_colour(bad), "{bad}");
        }
    }
}

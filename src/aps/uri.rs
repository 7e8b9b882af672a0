//! URIs: two different checks with two different names. [`is_http_url`] takes only `http://`
//! and `https://` URLs with a host (homepages, licence URLs, the manifest's package id);
//! [`is_absolute_uri`] takes any scheme (`uuid:...`, `urn:...`), as APP-META `<id>` allows.

/// True for an absolute `http://` or `https://` URL with a non-empty host and no whitespace.
pub fn is_http_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("http://")
        .or_else(|| s.strip_prefix("https://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !s.chars().any(char::is_whitespace)
    })
}

/// True for an absolute URI of any scheme: a scheme (`[a-zA-Z][a-zA-Z0-9+.-]*`), `:`, and a
/// non-empty rest, without whitespace.
pub fn is_absolute_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut sc = scheme.chars();
    sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        && sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !s.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_urls_only() {
        assert!(is_http_url("https://x.org/a") && is_http_url("http://x.org/a?b#c"));
        for bad in [
            "x.org",
            "http://",
            "http:///a",
            "ftp://x.org",
            "https://x.org/a b",
            "uuid:1",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }

    #[test]
    fn any_scheme() {
        assert!(is_absolute_uri("uuid:1234") && is_absolute_uri("https://x.org"));
        assert!(is_absolute_uri("urn:a.b+c-d:x"));
        for bad in ["/x", "1x:y", "x:", "a b:c", "uuid:1 2", ""] {
            assert!(!is_absolute_uri(bad), "{bad}");
        }
    }
}

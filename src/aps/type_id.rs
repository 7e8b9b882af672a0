//! The APS type-id grammar: `http://host/path/major[.minor][#Structure]`: `http://` only, a host
//! name without a port, non-empty path segments without whitespace, `?` or `#`, and a version of
//! digits without leading zeros.

use super::PLATFORM_NAMESPACES;
use super::syntax::is_identifier;

/// A parsed type id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeId<'a> {
    /// Everything before the version (the whole id when it has none), without `#Structure`.
    pub base: &'a str,
    /// `(major, minor)` when the last path segment is a version (`minor` is 0 for `major`).
    pub version: Option<(u64, u64)>,
    /// The structure name after `#`, when present.
    pub structure: Option<&'a str>,
}

impl<'a> TypeId<'a> {
    /// Parses a type reference as schemas write it: the version and a `#Structure` are optional.
    /// The error says what is wrong.
    pub fn parse(id: &'a str) -> Result<TypeId<'a>, String> {
        let (main, structure) = match id.split_once('#') {
            Some((m, s)) => (m, Some(s)),
            None => (id, None),
        };
        if let Some(s) = structure
            && !is_identifier(s)
        {
            return Err(format!("`#{s}` is not a structure name"));
        }
        let Some(rest) = main.strip_prefix("http://") else {
            return Err("a type id must start with `http://`".into());
        };
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        check_host(host)?;
        let segments: Vec<&str> = if path.is_empty() {
            Vec::new()
        } else {
            path.split('/').collect()
        };
        if let Some(bad) = segments
            .iter()
            .find(|s| s.is_empty() || s.chars().any(|c| c.is_whitespace() || c == '?'))
        {
            return Err(if bad.is_empty() {
                "the type id has an empty path segment".into()
            } else {
                format!("path segment `{bad}` holds whitespace or `?`")
            });
        }
        let (base, version) = match segments.last() {
            Some(last) if looks_like_version(last) => (
                &main[..main.len() - last.len() - 1],
                Some(parse_version(last)?),
            ),
            _ => (main, None),
        };
        Ok(TypeId {
            base,
            version,
            structure,
        })
    }

    /// Parses the id a type declares for itself: as [`TypeId::parse`], and it must end in a
    /// version and name no structure.
    pub fn parse_versioned(id: &'a str) -> Result<TypeId<'a>, String> {
        let t = TypeId::parse(id)?;
        if t.structure.is_some() {
            return Err("a type's own id names no `#Structure`".into());
        }
        if t.version.is_none() {
            return Err("a type id needs a version: http://basename/major.minor".into());
        }
        Ok(t)
    }
}

fn check_host(host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Err("the type id has no host name".into());
    }
    if host.contains(':') {
        return Err("a type id must not carry a port".into());
    }
    if !host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        return Err(format!("`{host}` is not a host name"));
    }
    Ok(())
}

/// One or two dot-separated runs of digits.
fn looks_like_version(s: &str) -> bool {
    s.split('.').count() <= 2
        && s.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn parse_version(s: &str) -> Result<(u64, u64), String> {
    let mut parts = s.split('.');
    let mut number = || -> Result<u64, String> {
        match parts.next() {
            None => Ok(0),
            Some(p) if p.len() > 1 && p.starts_with('0') => {
                Err(format!("version `{s}` has leading zeros"))
            }
            Some(p) => p
                .parse::<u64>()
                .map_err(|_| format!("version `{s}` has a number too large")),
        }
    };
    Ok((number()?, number()?))
}

/// True when `id` (with or without `#Structure`) is in a platform namespace.
pub fn is_platform_type(id: &str) -> bool {
    PLATFORM_NAMESPACES.iter().any(|ns| id.starts_with(ns))
}

/// The part of a type reference before `#`.
pub fn strip_structure(id: &str) -> &str {
    id.split_once('#').map_or(id, |(base, _)| base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        let t = TypeId::parse("http://x.org/app/1.4").unwrap();
        assert_eq!(
            (t.base, t.version, t.structure),
            ("http://x.org/app", Some((1, 4)), None)
        );
        let t = TypeId::parse("http://x.org/app/2#Quota").unwrap();
        assert_eq!((t.version, t.structure), (Some((2, 0)), Some("Quota")));
        assert_eq!(TypeId::parse("http://x.org/app").unwrap().version, None);
        assert_eq!(
            TypeId::parse("http://x.org/app/1.0.1").unwrap().version,
            None
        );
        for bad in [
            "https://x.org/app/1.0",
            "http://x.org:80/app/1.0",
            "http://x.org/app/01.0",
            "http://x.org/app/1.00",
            "http://x.org//1.0",
            "http:///a",
            "http://x.org/a b/1.0",
            "http://x.org/a?b/1.0",
            "http://x.org/a/1.0#",
            "http://x.org/a/1.0#1x",
            "http://x_y.org/a/1.0",
        ] {
            assert!(TypeId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn own_ids_need_a_version_and_no_structure() {
        for ok in [
            "http://ox.example.org/aps/context/1.0",
            "http://ox.example.org/aps/context/2",
            "http://ox.example.org/2.1",
        ] {
            assert!(TypeId::parse_versioned(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://ox.example.org/context",
            "http://ox.example.org",
            "http://ox.example.org/aps/context/1.0#S",
            "http://ox.example.org/aps//1.0",
        ] {
            assert!(TypeId::parse_versioned(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn platform_types() {
        assert!(is_platform_type(
            "http://aps-standard.org/types/core/resource/1.0#X"
        ));
        assert!(!is_platform_type("http://ox.example.org/aps/context/1.0"));
        assert_eq!(strip_structure("http://a.org/t/1#S"), "http://a.org/t/1");
    }

    proptest::proptest! {
        #[test]
        fn bases_are_prefixes(s in "(http://)?[a-z0-9.:/#_-]{0,40}") {
            if let Ok(t) = TypeId::parse(&s) {
                proptest::prop_assert!(s.starts_with(t.base));
            }
        }
    }
}

//! Package and type ids for `init`: checking a new package id, deriving type ids from it, and
//! replacing whole occurrences of old ids in text.

use super::InitError;

/// Characters that may continue an id; an occurrence followed or preceded by one of them is part
/// of a longer id or URL and is left alone.
fn continues_id(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '-' | '_' | '~' | '%' | ':')
}

/// Checks that `id` can be a package id: an absolute `http`/`https` URI without spaces, quotes,
/// a query or a fragment.
pub fn check_package_id(id: &str) -> Result<(), InitError> {
    let bad = |why: &str| InitError::BadValue {
        what: "--id",
        value: crate::text::escape_control(id),
        why: why.to_string(),
        help: "give an absolute http(s) URI you control, such as https://www.example.com/aps/myapp",
    };
    let rest = id
        .strip_prefix("http://")
        .or_else(|| id.strip_prefix("https://"))
        .ok_or_else(|| bad("it is not an http:// or https:// URI"))?;
    if let Some(c) = id
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"'\\<>{}|^`?#@".contains(*c))
    {
        return Err(bad(&format!(
            "it holds {:?}, which has no place in a package id",
            c
        )));
    }
    let host = rest.split('/').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    if host.is_empty() || !host.contains(|c: char| c.is_ascii_alphanumeric()) {
        return Err(bad("it has no host name"));
    }
    Ok(())
}

/// The id of type `key` in a package whose id is `package_id`:
/// `http://<host><path>/types/<key>/<version>`, with the port dropped (type ids allow none) and
/// the version taken from the end of `old` (`1.0` when it ends in none).
pub fn derive_type_id(package_id: &str, key: &str, old: &str) -> Result<String, InitError> {
    check_package_id(package_id)?;
    let rest = package_id
        .split_once("://")
        .map_or(package_id, |(_, rest)| rest);
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = authority.split(':').next().unwrap_or(authority);
    let path = path.trim_end_matches('/');
    let version = old
        .rsplit('/')
        .next()
        .filter(|v| {
            !v.is_empty()
                && v.split('.').count() <= 2
                && v.split('.')
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        })
        .unwrap_or("1.0");
    let mut id = format!("http://{host}");
    if !path.is_empty() {
        id.push('/');
        id.push_str(path);
    }
    id.push_str(&format!("/types/{key}/{version}"));
    Ok(id)
}

/// `text` with every whole occurrence of each `old` id replaced by its `new` id, in one pass
/// (a replacement is never replaced again). An occurrence counts when the characters around it
/// cannot continue a URL (`"…/1.0"`, `…/1.0[]` and `…/1.0#Counter` match; `…/1.01` does not).
pub fn replace_ids(text: &str, ids: &[(String, String)]) -> String {
    if ids.is_empty() {
        return text.to_string();
    }
    let mut sorted: Vec<&(String, String)> = ids.iter().filter(|(o, _)| !o.is_empty()).collect();
    sorted.sort_by_key(|(old, _)| std::cmp::Reverse(old.len()));
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut prev: Option<char> = None;
    while i < text.len() {
        let rest = &text[i..];
        let hit = sorted.iter().find(|(old, _)| {
            rest.starts_with(old.as_str())
                && !prev.is_some_and(continues_id)
                && !rest[old.len()..].chars().next().is_some_and(continues_id)
        });
        if let Some((old, new)) = hit {
            out.push_str(new);
            i += old.len();
            prev = old.chars().next_back();
            continue;
        }
        let Some(c) = rest.chars().next() else {
            break;
        };
        out.push(c);
        prev = Some(c);
        i += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_ids_follow_the_package_id() {
        let d = |p, k, o| derive_type_id(p, k, o).expect("derive");
        assert_eq!(
            d(
                "http://x.example/aps/app",
                "user",
                "http://o/types/user/2.1"
            ),
            "http://x.example/aps/app/types/user/2.1"
        );
        assert_eq!(
            d("https://x.example:8443/", "app", "http://o/app"),
            "http://x.example/types/app/1.0"
        );
    }

    #[test]
    fn package_ids_are_checked() {
        for bad in [
            "x.example",
            "http://",
            "http://a b",
            "http://x/\"",
            "http://x/?q",
            "http://u@x/",
        ] {
            assert!(check_package_id(bad).is_err(), "{bad}");
        }
        assert!(check_package_id("https://www.example.com/aps/app").is_ok());
    }

    #[test]
    fn only_whole_ids_are_replaced_once() {
        let ids = vec![
            (
                "http://o/t/app/1.0".to_string(),
                "http://n/t/app/1.0".to_string(),
            ),
            ("http://o".to_string(), "http://o/t/app/1.0".to_string()),
        ];
        let text = r#"@type("http://o/t/app/1.0") @link("http://o/t/app/1.0[]") x#"http://o/t/app/1.0#S" http://o/t/app/1.01 "http://o" http://o/more"#;
        assert_eq!(
            replace_ids(text, &ids),
            r#"@type("http://n/t/app/1.0") @link("http://n/t/app/1.0[]") x#"http://n/t/app/1.0#S" http://o/t/app/1.01 "http://o/t/app/1.0" http://o/more"#
        );
    }
}

//! "Did you mean": the one edit distance and the two ways of picking likely intended names from
//! it ([`closest`] for one name among keys or types, [`ranked`] for up to a few rule codes and
//! names).

/// Levenshtein distance over chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The known name closest to `word`, when it is close enough to be a likely typo. Case and the
/// separators `-` and `_` do not count (`must_accept` finds `must-accept`, `enum_titles` finds
/// `enumTitles`).
pub fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| *c != '-' && *c != '_')
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let w = norm(word);
    if let Some(k) = known.iter().find(|k| norm(k) == w) {
        return Some(k);
    }
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        let d = edit_distance(&w, &norm(k));
        let limit = (k.chars().count().max(word.chars().count()) / 3).clamp(1, 3);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

/// Up to `max` of `candidates` closest to `key` (a typo, a prefix of four or more characters,
/// or a different case), best first. Each candidate is `(compared, shown)`: it is compared in
/// lower case and shown as written.
pub fn ranked<'a>(
    key: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<&'a str> {
    let lower = key.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = Vec::new();
    for shown in candidates {
        let cand = shown.to_ascii_lowercase();
        let d = edit_distance(&lower, &cand);
        let limit = (cand.len() / 3).max(2);
        let prefix = lower.len() >= 4 && cand.starts_with(&lower);
        if d <= limit || prefix {
            scored.push((if prefix { 0 } else { d }, shown));
        }
    }
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(max).map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
    }

    #[test]
    fn closest_catches_typos_and_case_styles() {
        let known = ["version", "release", "must-accept", "enumTitles"];
        assert_eq!(closest("verison", &known), Some("version"));
        assert_eq!(closest("must_accept", &known), Some("must-accept"));
        assert_eq!(closest("enum_titles", &known), Some("enumTitles"));
        assert_eq!(closest("colour", &known), None);
    }

    #[test]
    fn ranked_by_distance_then_prefix() {
        let c = [
            "APS0301",
            "referenced-file-missing",
            "APS0302",
            "rql-malformed",
        ];
        assert_eq!(ranked("aps0031", c, 3), ["APS0301"]);
        assert_eq!(ranked("referenced", c, 3), ["referenced-file-missing"]);
        assert!(ranked("zzzzzzzz", c, 3).is_empty());
    }
}

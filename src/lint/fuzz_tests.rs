//! Property tests: the linter on mutated metadata never panics and every span fits its file.

use proptest::prelude::*;

use super::testkit::{APP_SCHEMA, META, clean};
use crate::tree::Entry;

/// Files the mutations target, with their clean bytes.
fn target(which: usize) -> (&'static str, Vec<u8>) {
    match which % 3 {
        0 => ("APP-META.xml", META.as_bytes().to_vec()),
        1 => ("schemas/app.schema", APP_SCHEMA.as_bytes().to_vec()),
        _ => {
            let list = clean()
                .bytes(crate::aps::APP_LIST)
                .map(<[u8]>::to_vec)
                .unwrap_or_default();
            (crate::aps::APP_LIST, list)
        }
    }
}

/// Pieces spliced into the files: multi-byte characters, a byte order mark, line breaks,
/// markup and JSON punctuation, entity references, and bytes that are not UTF-8.
const PIECES: &[&[u8]] = &[
    "é".as_bytes(),
    "日本".as_bytes(),
    "😀".as_bytes(),
    b"\xEF\xBB\xBF",
    b"\r\n",
    b"\r",
    b"<",
    b">",
    b"\"",
    b"&amp;",
    b"&#x1F600;",
    b"{",
    b"}",
    b"[",
    b":",
    b",",
    b"\\u00e9",
    b"\xff",
    b"\xc3",
    b"",
];

/// One edit: replace `len` bytes at `at` (both taken modulo the file length) with a piece.
fn apply(bytes: &mut Vec<u8>, at: usize, len: usize, piece: usize) {
    let at = at % (bytes.len() + 1);
    let end = (at + len % 8).min(bytes.len());
    bytes.splice(at..end, PIECES[piece % PIECES.len()].iter().copied());
}

/// Every finding with a span lies inside its file and, when the file is UTF-8, on character
/// boundaries.
fn spans_fit(t: &crate::tree::PackageTree) -> Result<(), TestCaseError> {
    for f in crate::lint::lint(t) {
        let (Some(file), Some(span)) = (&f.file, &f.span) else {
            continue;
        };
        let Some(bytes) = t.bytes(file) else {
            continue;
        };
        prop_assert!(
            span.start <= span.end && span.end <= bytes.len(),
            "{} {}: span {span:?} outside {} bytes",
            f.rule.code,
            file,
            bytes.len()
        );
        if let Ok(text) = std::str::from_utf8(bytes) {
            prop_assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{} {}: span {span:?} splits a character",
                f.rule.code,
                file
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn mutated_metadata_lints_with_spans_inside_the_file(
        which in 0usize..3,
        edits in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<usize>()), 1..6),
    ) {
        let (path, mut bytes) = target(which);
        for (at, len, piece) in edits {
            apply(&mut bytes, at, len, piece);
        }
        let mut t = clean();
        t.insert(Entry::memory(path, bytes));
        spans_fit(&t)?;
        // Every report format renders whatever the findings point at.
        let target = crate::report::TargetReport::linted("pkg", &t, crate::lint::lint(&t));
        let report = crate::report::Report::new(vec![target]);
        let human = crate::report::human::render(&report, crate::report::human::Style::default());
        prop_assert!(human.ends_with('\n'));
        let _ = crate::report::sarif::render(&report);
        let _ = crate::report::junit::render(&report);
    }

    #[test]
    fn multibyte_text_in_every_value_keeps_spans_on_boundaries(
        piece in prop_oneof![Just("é"), Just("日本"), Just("😀"), Just("&#233;"), Just("a&amp;b")],
        nth in 0usize..64,
    ) {
        // Put the piece inside the nth quoted attribute value or element text of APP-META.xml.
        let mut places: Vec<usize> = META.match_indices('"').map(|(i, _)| i + 1).collect();
        places.extend(META.match_indices('>').map(|(i, _)| i + 1));
        places.sort_unstable();
        let at = places[nth % places.len()];
        let meta = format!("{}{piece}{}", &META[..at], &META[at..]);
        let mut t = clean();
        t.insert(Entry::memory("APP-META.xml", meta.into_bytes()));
        super::testkit::relist(&mut t);
        spans_fit(&t)?;
    }
}

#[test]
fn a_byte_order_mark_keeps_spans_on_boundaries() {
    for (path, bytes) in (0..3).map(target) {
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(&bytes);
        let mut t = clean();
        t.insert(Entry::memory(path, with_bom));
        if let Err(e) = spans_fit(&t) {
            panic!("{path}: {e}");
        }
    }
}

//! Translations as the vendor tools handle them: `i18n/<locale>.po` compiled into the
//! `i18n/<locale>.json` catalogue the platform reads (the vendor's `msgfmt`), and translatable
//! strings collected into a `.pot` template (the vendor's `msgmake`, see [`extract`]).
//!
//! The catalogue is one flat JSON object from source text to translation, keys sorted, UTF-8:
//! `{"Users": "Benutzer", ...}`. That is the layout of the catalogues the vendor's build writes
//! next to their PO sources in public packages. The header entry (`msgid ""`) is left out; a
//! message without a translation, or marked fuzzy, maps to its own source text, so the catalogue
//! always has every key; a plural message gives its singular and its plural source text, each
//! mapped to the first and second form. A `msgctxt` cannot be expressed in a flat catalogue and
//! is an error.

pub mod extract;
pub mod po;

use std::collections::BTreeMap;

pub use po::{Catalog, Message, PoError, parse};

/// Largest PO file compiled; bigger ones are an error rather than read.
pub const MAX_PO_SIZE: u64 = crate::tree::MAX_METADATA_SIZE;

/// The JSON catalogue of `catalog`, or the first message that cannot go into one.
pub fn compile(catalog: &Catalog) -> Result<Vec<u8>, PoError> {
    let mut map: BTreeMap<&str, &str> = BTreeMap::new();
    for m in &catalog.messages {
        if m.context.is_some() {
            return Err(PoError {
                line: m.line,
                message:
                    "msgctxt cannot be used: APS catalogues are keyed by the source text alone"
                        .into(),
            });
        }
        let forms: Vec<&str> = std::iter::once(m.id.as_str())
            .chain(m.plural.as_deref())
            .collect();
        for (i, source) in forms.into_iter().enumerate() {
            let translated = m
                .translations
                .get(i)
                .map(String::as_str)
                .filter(|t| !t.is_empty() && !m.fuzzy)
                .unwrap_or(source);
            map.insert(source, translated);
        }
    }
    let mut bytes = serde_json::to_vec_pretty(&map).unwrap_or_default();
    bytes.push(b'\n');
    Ok(bytes)
}

/// True for `i18n/<name>.po` (directly in `i18n/`).
pub fn is_po_path(path: &str) -> bool {
    path.strip_prefix("i18n/")
        .and_then(|n| n.strip_suffix(".po"))
        .is_some_and(|stem| !stem.is_empty() && !stem.contains('/'))
}

/// The catalogue path of PO file `path`: `i18n/de.po` → `i18n/de.json`.
pub fn json_path(path: &str) -> String {
    format!("{}.json", path.strip_suffix(".po").unwrap_or(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_layout() {
        let c = parse(
            "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n\
             msgid \"Users\"\nmsgstr \"Benutzer\"\n\n\
             msgid \"Empty\"\nmsgstr \"\"\n\n\
             #, fuzzy\nmsgid \"Unsure\"\nmsgstr \"Unsicher\"\n\n\
             msgid \"a file\"\nmsgid_plural \"files\"\nmsgstr[0] \"eine Datei\"\nmsgstr[1] \"Dateien\"\n"
                .as_bytes(),
        )
        .expect("parses");
        let json: serde_json::Value =
            serde_json::from_slice(&compile(&c).expect("compiles")).expect("json");
        assert_eq!(
            json,
            serde_json::json!({
                "Empty": "Empty",
                "Unsure": "Unsure",
                "Users": "Benutzer",
                "a file": "eine Datei",
                "files": "Dateien"
            })
        );
        let ctx = parse(b"msgctxt \"m\"\nmsgid \"a\"\nmsgstr \"b\"\n").expect("parses");
        assert_eq!(compile(&ctx).expect_err("context").line, 2);
    }

    #[test]
    fn po_paths() {
        assert!(is_po_path("i18n/de_DE.po"));
        assert!(
            !is_po_path("i18n/sub/de.po") && !is_po_path("ui/de.po") && !is_po_path("i18n/.po")
        );
        assert_eq!(json_path("i18n/de.po"), "i18n/de.json");
    }
}

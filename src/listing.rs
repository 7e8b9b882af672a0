//! APP-LIST.xml: the list of every package file but itself, with size and SHA-256.

use crate::aps::{APP_LIST, NS_APS1, NS_XMLDSIG};
use crate::tree::PackageTree;

/// Renders APP-LIST.xml for `tree`: every regular file except APP-LIST.xml itself, sorted by
/// path bytes, attributes `name size sha256`, 4-space indent, LF, trailing newline.
pub fn render(tree: &PackageTree) -> Vec<u8> {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<files xmlns=\"{NS_APS1}\" xmlns:ns2=\"{NS_XMLDSIG}\">\n",
    );
    for e in tree.files().filter(|e| e.path != APP_LIST) {
        let digest = e.sha256.map(|d| d.hex()).unwrap_or_default();
        out.push_str("    <file name=\"");
        out.push_str(&escape_attr(&e.path));
        out.push_str(&format!("\" size=\"{}\" sha256=\"{}\"/>\n", e.size, digest));
    }
    out.push_str("</files>\n");
    out.into_bytes()
}

fn escape_attr(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::{Entry, Origin};

    #[test]
    fn lists_every_file_but_itself_sorted() {
        let mut t = PackageTree::new(Origin::Project("p".into()));
        t.push(Entry::memory("scripts/a&b.php", b"x".to_vec()));
        t.push(Entry::memory("APP-META.xml", b"".to_vec()));
        t.push(Entry::memory(APP_LIST, b"old".to_vec()));
        let s = String::from_utf8(render(&t)).unwrap();
        let meta = s
            .find("name=\"APP-META.xml\" size=\"0\" sha256=\"e3b0c442")
            .unwrap();
        let script = s.find("name=\"scripts/a&amp;b.php\" size=\"1\"").unwrap();
        assert!(meta < script);
        assert!(!s.contains("name=\"APP-LIST.xml\""));
        assert!(s.ends_with("</files>\n"));
        crate::xml::parse(s.as_bytes()).unwrap();
    }
}

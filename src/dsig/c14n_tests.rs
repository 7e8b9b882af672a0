//! Canonicalisation on small documents; the outputs were checked against xmlsec1, which
//! verifies signatures over the same forms (see the integration tests).

use super::*;

fn at(doc: &str, needle: &str) -> usize {
    doc.find(needle).expect("needle in document")
}

fn c14n(doc: &str, select: Select, method: Method) -> String {
    String::from_utf8(canonicalize(doc.as_bytes(), select, method).expect("canonical")).unwrap()
}

const LIST: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n",
    "<files xmlns=\"http://apstandard.com/ns/1\" xmlns:ns2=\"http://www.w3.org/2000/09/xmldsig#\">\r\n",
    "    <file size=\"1\"  name=\"a&amp;b&#x9;c\tx\" sha256=\"00\"/>\r\n",
    "    <!-- gone -->\n",
    "    <Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"><SignedInfo><Reference URI=\"\"/></SignedInfo></Signature>\n",
    "</files>\n"
);

#[test]
fn exclusive_document_without_the_signature() {
    let got = c14n(
        LIST,
        Select::DocumentWithout(at(LIST, "<Signature")),
        Method::Exclusive,
    );
    assert_eq!(
        got,
        "<files xmlns=\"http://apstandard.com/ns/1\">\n    \
         <file name=\"a&amp;b&#x9;c x\" sha256=\"00\" size=\"1\"></file>\n    \n    \n</files>"
    );
}

#[test]
fn inclusive_keeps_every_declaration_in_scope() {
    let got = c14n(
        LIST,
        Select::DocumentWithout(at(LIST, "<Signature")),
        Method::Inclusive,
    );
    assert!(
        got.starts_with("<files xmlns=\"http://apstandard.com/ns/1\" xmlns:ns2=\"http://www.w3.org/2000/09/xmldsig#\">"),
        "{got}"
    );
}

#[test]
fn subtrees_take_their_namespaces_by_method() {
    let si = at(LIST, "<SignedInfo");
    assert_eq!(
        c14n(LIST, Select::Subtree(si), Method::Exclusive),
        "<SignedInfo xmlns=\"http://www.w3.org/2000/09/xmldsig#\"><Reference URI=\"\"></Reference></SignedInfo>"
    );
    assert_eq!(
        c14n(LIST, Select::Subtree(si), Method::Inclusive),
        "<SignedInfo xmlns=\"http://www.w3.org/2000/09/xmldsig#\" xmlns:ns2=\"http://www.w3.org/2000/09/xmldsig#\"><Reference URI=\"\"></Reference></SignedInfo>"
    );
}

#[test]
fn prefixed_names_attributes_and_escapes() {
    let doc = "<a:r xmlns:a=\"urn:a\" xmlns:b=\"urn:b\" xmlns:z=\"urn:z\"><a:e b:y=\"2\" x=\"1\" a:y=\"3\">&lt;&gt;&quot;\r<![CDATA[<&>]]>&#xD;<?pi   data ?></a:e></a:r>";
    assert_eq!(
        c14n(doc, Select::DocumentWithout(usize::MAX), Method::Exclusive),
        "<a:r xmlns:a=\"urn:a\"><a:e xmlns:b=\"urn:b\" x=\"1\" a:y=\"3\" b:y=\"2\">&lt;&gt;\"\n&lt;&amp;&gt;&#xD;<?pi data ?></a:e></a:r>"
    );
    assert_eq!(
        c14n(doc, Select::DocumentWithout(usize::MAX), Method::Inclusive),
        "<a:r xmlns:a=\"urn:a\" xmlns:b=\"urn:b\" xmlns:z=\"urn:z\"><a:e x=\"1\" a:y=\"3\" b:y=\"2\">&lt;&gt;\"\n&lt;&amp;&gt;&#xD;<?pi data ?></a:e></a:r>"
    );
}

#[test]
fn default_namespace_is_undone_only_when_rendered() {
    let doc = "<r xmlns=\"urn:d\"><c xmlns=\"\"><g/></c></r>";
    for m in [Method::Exclusive, Method::Inclusive] {
        assert_eq!(
            c14n(doc, Select::DocumentWithout(usize::MAX), m),
            "<r xmlns=\"urn:d\"><c xmlns=\"\"><g></g></c></r>"
        );
    }
    let doc = "<r><c xmlns=\"\"/></r>";
    assert_eq!(
        c14n(doc, Select::DocumentWithout(usize::MAX), Method::Exclusive),
        "<r><c></c></r>"
    );
}

#[test]
fn document_level_processing_instructions_get_line_breaks() {
    let doc = "<?xml version=\"1.0\"?>\n<?a?>\n<r/>\n<?b x?>\n";
    assert_eq!(
        c14n(doc, Select::DocumentWithout(usize::MAX), Method::Exclusive),
        "<?a?>\n<r></r>\n<?b x?>"
    );
}

#[test]
fn inclusive_subtree_inherits_xml_attributes() {
    let doc = "<r xml:lang=\"de\"><s xml:space=\"preserve\"><t/></s></r>";
    assert_eq!(
        c14n(doc, Select::Subtree(at(doc, "<t")), Method::Inclusive),
        "<t xml:lang=\"de\" xml:space=\"preserve\"></t>"
    );
    assert_eq!(
        c14n(doc, Select::Subtree(at(doc, "<t")), Method::Exclusive),
        "<t></t>"
    );
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let bad = [
        "<!DOCTYPE r [<!ENTITY e \"x\">]><r>&e;</r>",
        "<r>&nope;</r>",
        "<r a=\"&nope;\"/>",
        "<r><p:x/></r>",
        "<r>",
        "<r></s>",
        "\u{feff}",
    ];
    for doc in bad {
        assert!(
            canonicalize(
                doc.as_bytes(),
                Select::DocumentWithout(usize::MAX),
                Method::Exclusive
            )
            .is_err(),
            "{doc}"
        );
    }
    assert!(canonicalize(b"\xff<r/>", Select::Subtree(0), Method::Exclusive).is_err());
    assert!(canonicalize(b"<r/>", Select::Subtree(3), Method::Exclusive).is_err());
}

#[test]
fn byte_order_mark_counts_in_offsets() {
    let doc = "\u{feff}<r><s/></r>";
    assert_eq!(
        c14n(doc, Select::Subtree(at(doc, "<s")), Method::Exclusive),
        "<s></s>"
    );
}

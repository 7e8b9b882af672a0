//! A small namespace-aware XML element tree with byte spans, read with quick-xml, for lint rules.
//!
//! Every element and attribute keeps the byte range it came from, so findings can point at the
//! file, line and column. Text is unescaped; comments and processing instructions are dropped.

use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// Deepest element nesting accepted; deeper documents are rejected rather than risk the stack.
pub const MAX_DEPTH: usize = 256;
/// Most elements accepted in one document ([`crate::limits::MAX_XML_ELEMENTS`]); a larger tree
/// is rejected before it is built, so parsing stays within the memory budget.
pub const MAX_ELEMENTS: usize = crate::limits::MAX_XML_ELEMENTS;

/// A parsed XML document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The root element.
    pub root: Element,
    /// The `encoding` of the XML declaration, if there was one.
    pub declared_encoding: Option<String>,
    /// Whether the bytes started with a UTF-8 byte order mark.
    pub has_bom: bool,
}

/// One element with its attributes, children and concatenated direct text.
#[derive(Debug, Clone, Default)]
pub struct Element {
    /// Namespace URI the element name resolves to (None when unbound).
    pub ns: Option<String>,
    /// Local name, without prefix.
    pub name: String,
    /// Attributes in source order.
    pub attrs: Vec<Attr>,
    /// Child elements in source order.
    pub children: Vec<Element>,
    /// Direct text content (text and CDATA of this element only), unescaped, not trimmed.
    pub text: String,
    /// Byte range of the start tag (`<name ...>`), or of the whole empty tag.
    pub span: Range<usize>,
    /// Byte range of the first direct text node, if any.
    pub text_span: Option<Range<usize>>,
}

/// One attribute.
#[derive(Debug, Clone)]
pub struct Attr {
    /// Namespace URI of a prefixed attribute (unprefixed attributes have none).
    pub ns: Option<String>,
    /// Local name.
    pub name: String,
    /// Unescaped value.
    pub value: String,
    /// Byte range of the raw value (between the quotes).
    pub value_span: Range<usize>,
    /// Byte range of the name.
    pub name_span: Range<usize>,
}

/// Why a document is not well-formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// What is wrong.
    pub message: String,
    /// Byte offset where the problem was found.
    pub offset: usize,
}

impl Element {
    /// The value of the unprefixed attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attr_node(name).map(|a| a.value.as_str())
    }

    /// The unprefixed attribute `name` with its spans.
    pub fn attr_node(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.ns.is_none() && a.name == name)
    }

    /// Children with local name `name` in the same namespace as this element.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children
            .iter()
            .filter(move |c| c.name == name && c.ns == self.ns)
    }

    /// The first child with local name `name` in the same namespace as this element.
    pub fn child<'a>(&'a self, name: &'a str) -> Option<&'a Element> {
        self.children_named(name).next()
    }

    /// Trimmed text of the first child named `name`.
    pub fn child_text<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        self.child(name).map(|c| c.text.trim())
    }

    /// All descendants (not including self), depth first, in document order.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        let mut stack: Vec<&Element> = self.children.iter().rev().collect();
        while let Some(e) = stack.pop() {
            out.push(e);
            stack.extend(e.children.iter().rev());
        }
        out
    }

    /// Where the element's value is: its text if it has any, else its start tag.
    pub fn value_span(&self) -> Range<usize> {
        self.text_span.clone().unwrap_or_else(|| self.span.clone())
    }
}

/// Parses `bytes` as a UTF-8 XML document.
pub fn parse(bytes: &[u8]) -> Result<Document, XmlError> {
    parse_with(bytes, &mut |_, child| Some(child))
}

/// [`parse`], handing each complete child of the root element to `take` (with the root's start
/// tag, its children not yet attached) as soon as it is read; the child stays in the document
/// only when `take` gives it back. A long flat list (APP-LIST.xml's `<file>` entries) is so
/// checked without holding all of it; the document is checked just as [`parse`] checks it.
pub fn parse_with(
    bytes: &[u8],
    take: &mut dyn FnMut(&Element, Element) -> Option<Element>,
) -> Result<Document, XmlError> {
    let has_bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Err(XmlError {
                message: "the file is not valid UTF-8".into(),
                offset: e.valid_up_to(),
            });
        }
    };
    let bom_len = if has_bom { 3 } else { 0 };
    let body = &text[bom_len..];
    let mut reader = NsReader::from_str(body);
    {
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.check_comments = true;
        cfg.expand_empty_elements = false;
    }
    let base = body.as_ptr() as usize;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut declared_encoding = None;
    let mut elements = 0usize;
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader
            .read_resolved_event()
            .map(|(ns, ev)| (resolved(&ns), ev));
        let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let (ns, event) = match event {
            Ok(pair) => pair,
            Err(e) => {
                let pos = usize::try_from(reader.error_position()).unwrap_or(0);
                return Err(XmlError {
                    message: e.to_string(),
                    offset: pos + bom_len,
                });
            }
        };
        let span = (before + bom_len)..(after + bom_len);
        if matches!(event, Event::Start(_) | Event::Empty(_)) {
            count_element(&mut elements, before + bom_len)?;
        }
        match event {
            Event::Decl(d) => {
                if let Some(Ok(enc)) = d.encoding() {
                    declared_encoding = Some(enc.to_string());
                }
            }
            Event::Start(e) => {
                let el = start_element(&reader, &e, ns, span, base, bom_len)?;
                if root.is_some() && stack.is_empty() {
                    return Err(err("content after the root element", before + bom_len));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(err("elements are nested too deeply", before + bom_len));
                }
                stack.push(el);
            }
            Event::Empty(e) => {
                let el = start_element(&reader, &e, ns, span, base, bom_len)?;
                if root.is_some() && stack.is_empty() {
                    return Err(err("content after the root element", before + bom_len));
                }
                attach(&mut stack, &mut root, el, take);
            }
            Event::End(_) => {
                let Some(el) = stack.pop() else {
                    return Err(err("unexpected closing tag", before + bom_len));
                };
                attach(&mut stack, &mut root, el, take);
            }
            Event::Text(t) => {
                let raw = t.xml10_content();
                push_text(&mut stack, &raw, span, before + bom_len)?;
            }
            Event::CData(c) => {
                let raw: &str = &c;
                let raw = raw.to_string();
                push_text(&mut stack, &raw, span, before + bom_len)?;
            }
            Event::GeneralRef(r) => {
                let resolved = general_ref(&r, before + bom_len)?;
                push_text(&mut stack, &resolved, span, before + bom_len)?;
            }
            Event::Eof => break,
            Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(err(
            &format!("element <{}> is never closed", open.name),
            text.len(),
        ));
    }
    match root {
        Some(root) => Ok(Document {
            root,
            declared_encoding,
            has_bom,
        }),
        None => Err(err("the document has no root element", 0)),
    }
}

/// Attaches a complete element to its parent (or makes it the root); a child of the root
/// goes through `take` first.
fn attach(
    stack: &mut [Element],
    root: &mut Option<Element>,
    el: Element,
    take: &mut dyn FnMut(&Element, Element) -> Option<Element>,
) {
    let depth = stack.len();
    match stack.last_mut() {
        Some(parent) if depth == 1 => {
            if let Some(el) = take(parent, el) {
                parent.children.push(el);
            }
        }
        Some(parent) => parent.children.push(el),
        None => *root = Some(el),
    }
}

/// Counts one more element; an error past [`MAX_ELEMENTS`], at byte `at`.
fn count_element(elements: &mut usize, at: usize) -> Result<(), XmlError> {
    *elements += 1;
    if *elements > MAX_ELEMENTS {
        return Err(err(
            &format!("more than {MAX_ELEMENTS} elements; the document is not checked further"),
            at,
        ));
    }
    Ok(())
}

/// The text of a character or predefined entity reference at byte `at`.
fn general_ref(r: &quick_xml::events::BytesRef<'_>, at: usize) -> Result<String, XmlError> {
    match r.resolve_char_ref() {
        Ok(Some(ch)) => Ok(ch.to_string()),
        Ok(None) => match predefined(&r.xml10_content()) {
            Some(s) => Ok(s.to_string()),
            None => Err(err(
                &format!("unknown entity `&{};`", r.xml10_content()),
                at,
            )),
        },
        Err(e) => Err(err(&e.to_string(), at)),
    }
}

/// The value of unprefixed attribute `name` on the root element, reading only up to the root's
/// start tag (cheap, for callers that need nothing else from the document).
pub fn root_attr(bytes: &[u8], name: &str) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut reader = quick_xml::reader::Reader::from_str(text.trim_start_matches('\u{feff}'));
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) => {
                return e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == name)
                    .and_then(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| v.into_owned())
                    });
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

fn err(message: &str, offset: usize) -> XmlError {
    XmlError {
        message: message.to_string(),
        offset,
    }
}

fn predefined(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

fn resolved(ns: &ResolveResult<'_>) -> Option<String> {
    match ns {
        ResolveResult::Bound(n) => Some(n.0.to_string()),
        _ => None,
    }
}

fn push_text(
    stack: &mut [Element],
    text: &str,
    span: Range<usize>,
    offset: usize,
) -> Result<(), XmlError> {
    match stack.last_mut() {
        Some(el) => {
            if el.text_span.is_none() && !text.trim().is_empty() {
                el.text_span = Some(span);
            }
            el.text.push_str(text);
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err(err("text outside the root element", offset)),
    }
}

fn start_element(
    reader: &NsReader<&[u8]>,
    e: &quick_xml::events::BytesStart<'_>,
    ns: Option<String>,
    span: Range<usize>,
    base: usize,
    bom_len: usize,
) -> Result<Element, XmlError> {
    let name = e.local_name().as_ref().to_string();
    let mut attrs = Vec::with_capacity(e.attributes().count());
    for a in e.attributes() {
        let a = a.map_err(|x| err(&x.to_string(), span.start))?;
        let (ans, local) = reader.resolver().resolve_attribute(a.key);
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|x| err(&x.to_string(), span.start))?
            .into_owned();
        let raw_value: &str = a.value.as_ref();
        let vstart = offset_in(raw_value.as_ptr() as usize, base, span.start - bom_len) + bom_len;
        let raw_key = a.key.as_ref();
        let kstart = offset_in(raw_key.as_ptr() as usize, base, span.start - bom_len) + bom_len;
        attrs.push(Attr {
            ns: match ans {
                ResolveResult::Bound(n) if a.key.prefix().is_some() => Some(n.0.to_string()),
                _ => None,
            },
            name: local.as_ref().to_string(),
            value,
            value_span: vstart..vstart + raw_value.len(),
            name_span: kstart..kstart + raw_key.len(),
        });
    }
    Ok(Element {
        ns,
        name,
        attrs,
        span,
        ..Element::default()
    })
}

/// Offset of `ptr` inside the source starting at `base`; falls back to `fallback` for copies.
fn offset_in(ptr: usize, base: usize, fallback: usize) -> usize {
    if ptr >= base { ptr - base } else { fallback }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_namespaces_text_and_spans() {
        let src = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n  <id>a &amp; b</id>\n</application>\n";
        let doc = parse(src).unwrap();
        assert_eq!(doc.root.name, "application");
        assert_eq!(doc.root.ns.as_deref(), Some("http://aps-standard.org/ns/2"));
        assert_eq!(doc.root.attr("version"), Some("2.0"));
        let v = doc.root.attr_node("version").unwrap();
        assert_eq!(&src[v.value_span.clone()], b"2.0");
        let id = doc.root.child("id").unwrap();
        assert_eq!(id.text, "a & b");
        assert_eq!(&src[id.span.clone()], b"<id>");
        assert_eq!(doc.declared_encoding.as_deref(), Some("UTF-8"));
    }

    #[test]
    fn reports_broken_documents_with_offsets() {
        let e = parse(b"<a><b></a>").unwrap_err();
        assert!(e.offset > 0, "{e:?}");
        assert!(parse(b"<a>x & y</a>").is_err());
        assert!(parse(b"\xff<a/>").is_err());
        assert!(parse(b"").is_err());
        assert!(parse(b"<a/><b/>").is_err());
    }

    #[test]
    fn root_attributes_without_parsing_the_document() {
        let src = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c --><application version=\"2.0\"><id>x</unclosed>";
        assert_eq!(root_attr(src, "version").as_deref(), Some("2.0"));
        assert_eq!(root_attr(b"<a b=\"1\"/>", "b").as_deref(), Some("1"));
        assert_eq!(root_attr(b"<a/>", "version"), None);
        assert_eq!(root_attr(b"not xml", "version"), None);
    }

    #[test]
    fn children_of_the_root_can_be_taken_as_they_are_read() {
        let text = b"<list a=\"1\"><x n=\"1\"/><y><z/></y><x n=\"2\"></x></list>";
        let mut taken = Vec::new();
        let doc = parse_with(text, &mut |root, child| {
            assert_eq!(root.name, "list");
            assert_eq!(root.attr("a"), Some("1"));
            if child.name == "x" {
                taken.push(child.attr("n").unwrap_or_default().to_string());
                None
            } else {
                Some(child)
            }
        })
        .expect("well-formed");
        assert_eq!(taken, ["1", "2"]);
        let kept: Vec<&str> = doc.root.children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(kept, ["y"]);
        assert_eq!(doc.root.children[0].children[0].name, "z");
        // Errors are those of parse.
        let broken = b"<list><x/><x></list>";
        assert_eq!(
            parse_with(broken, &mut |_, _| None).map(|_| ()),
            parse(broken).map(|_| ())
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "<a>".repeat(MAX_DEPTH + 10);
        assert!(parse(deep.as_bytes()).is_err());
    }

    #[test]
    fn too_many_elements_is_an_error_not_a_huge_tree() {
        let ok = format!("<a>{}</a>", "<b/>".repeat(MAX_ELEMENTS - 1));
        assert!(parse(ok.as_bytes()).is_ok());
        let over = format!("<a>{}</a>", "<b/>".repeat(MAX_ELEMENTS));
        let e = parse(over.as_bytes()).expect_err("over the cap");
        assert!(e.message.contains("more than"), "{}", e.message);
        assert_eq!(e.offset, 3 + 4 * (MAX_ELEMENTS - 1));
    }
}

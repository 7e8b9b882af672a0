//! XML canonicalisation (C14N 1.0 and exclusive C14N 1.0, both without comments) of a whole
//! document minus one element (the enveloped-signature transform), or of one element's subtree.
//!
//! This is XML processing, not cryptography: it turns a document into the exact octets a
//! digest or signature covers. It supports what an XML-DSig over APP-LIST.xml needs: elements,
//! attributes, namespace declarations, text, CDATA, character and predefined entity references,
//! processing instructions and comments (dropped). A DOCTYPE is refused, since a DTD can add
//! default attributes and entities that would change the canonical form.

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// The XML namespace, bound to the `xml` prefix by definition.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Which canonicalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Canonical XML 1.0 (`http://www.w3.org/TR/2001/REC-xml-c14n-20010315`).
    Inclusive,
    /// Exclusive XML Canonicalization 1.0 (`http://www.w3.org/2001/10/xml-exc-c14n#`).
    Exclusive,
}

impl Method {
    /// The method an algorithm URI names, when it is one of the two without comments.
    pub fn from_uri(uri: &str) -> Option<Method> {
        match uri {
            "http://www.w3.org/TR/2001/REC-xml-c14n-20010315" => Some(Method::Inclusive),
            "http://www.w3.org/2001/10/xml-exc-c14n#" => Some(Method::Exclusive),
            _ => None,
        }
    }
}

/// What part of the document to canonicalise.
#[derive(Debug, Clone, Copy)]
pub enum Select {
    /// The whole document, leaving out the element whose start tag begins at this byte offset
    /// (and everything inside it).
    DocumentWithout(usize),
    /// The element whose start tag begins at this byte offset, with its content.
    Subtree(usize),
}

/// Why a document cannot be canonicalised.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (byte {offset})")]
pub struct C14nError {
    /// What is wrong.
    pub message: String,
    /// Byte offset in the document.
    pub offset: usize,
}

fn fail<T>(message: impl Into<String>, offset: usize) -> Result<T, C14nError> {
    Err(C14nError {
        message: message.into(),
        offset,
    })
}

/// One open element.
struct Frame {
    /// Namespace declarations on this element (prefix "" is the default namespace).
    decls: Vec<(String, String)>,
    /// `xml:*` attributes on this element (for inclusive C14N of a subtree).
    xml_attrs: Vec<(String, String)>,
    /// Whether the element is in the output.
    output: bool,
    /// Namespace bindings rendered by the nearest output element at or above this one.
    rendered: BTreeMap<String, String>,
}

/// Canonicalises `doc` (UTF-8, optionally with a byte order mark; offsets count it).
pub fn canonicalize(doc: &[u8], select: Select, method: Method) -> Result<Vec<u8>, C14nError> {
    let bom = if doc.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let Ok(text) = std::str::from_utf8(&doc[bom..]) else {
        return fail("the document is not valid UTF-8", 0);
    };
    let mut reader = Reader::from_str(text);
    {
        let cfg = reader.config_mut();
        cfg.expand_empty_elements = true;
        cfg.check_end_names = true;
        cfg.check_comments = true;
    }
    let mut c = Canon {
        select,
        method,
        out: String::new(),
        stack: Vec::new(),
        marked: None,
        seen_root: false,
    };
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX) + bom;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let pos = usize::try_from(reader.error_position()).unwrap_or(0) + bom;
                return fail(e.to_string(), pos);
            }
        };
        match c.event(event, at)? {
            Step::Go => {}
            Step::Done => return Ok(c.out.into_bytes()),
            Step::Eof => break,
        }
    }
    if !c.stack.is_empty() {
        return fail("an element is never closed", doc.len());
    }
    match select {
        Select::DocumentWithout(_) if !c.seen_root => fail("the document has no root element", 0),
        Select::DocumentWithout(_) => Ok(c.out.into_bytes()),
        Select::Subtree(off) => fail("no element starts at the selected offset", off),
    }
}

/// What the reader loop does next.
enum Step {
    Go,
    /// The selected subtree is complete.
    Done,
    Eof,
}

/// The canonicaliser's state while it reads the document.
struct Canon {
    select: Select,
    method: Method,
    out: String,
    stack: Vec<Frame>,
    /// Depth (stack length) at which the selected subtree or the left-out element started.
    marked: Option<usize>,
    seen_root: bool,
}

impl Canon {
    /// Whether nodes read now belong to the output.
    fn in_output(&self) -> bool {
        match self.select {
            Select::DocumentWithout(_) => self.marked.is_none(),
            Select::Subtree(_) => self.marked.is_some(),
        }
    }

    fn event(&mut self, event: Event<'_>, at: usize) -> Result<Step, C14nError> {
        let inside = self.in_output() && !self.stack.is_empty();
        match event {
            Event::Start(e) => {
                if self.stack.len() >= crate::xml::MAX_DEPTH {
                    return fail("elements are nested too deeply", at);
                }
                let (Select::DocumentWithout(off) | Select::Subtree(off)) = self.select;
                if off == at && self.marked.is_none() {
                    self.marked = Some(self.stack.len());
                }
                self.seen_root = true;
                let output = self.in_output();
                let frame = start(&e, at, output, &self.stack, self.method, &mut self.out)?;
                self.stack.push(frame);
            }
            Event::End(e) => {
                let Some(frame) = self.stack.pop() else {
                    return fail("unexpected closing tag", at);
                };
                if frame.output {
                    self.out.push_str("</");
                    self.out.push_str(e.name().as_ref());
                    self.out.push('>');
                }
                if self.marked == Some(self.stack.len()) {
                    self.marked = None;
                    if matches!(self.select, Select::Subtree(_)) {
                        return Ok(Step::Done);
                    }
                }
            }
            Event::Text(t) if inside => escape_text(&normalize_newlines(&t), &mut self.out),
            Event::CData(c) if inside => escape_text(&normalize_newlines(&c), &mut self.out),
            Event::GeneralRef(r) if inside => {
                let name: &str = &r;
                let Some(ch) = resolve_ref(name) else {
                    return fail(format!("unknown entity `&{name};`"), at);
                };
                escape_text(&ch.to_string(), &mut self.out);
            }
            Event::PI(p) if self.in_output() => {
                let document_level = self.stack.is_empty();
                if document_level && self.seen_root {
                    self.out.push('\n');
                }
                render_pi(&normalize_newlines(&p), &mut self.out);
                if document_level && !self.seen_root {
                    self.out.push('\n');
                }
            }
            Event::DocType(_) => {
                return fail("a DOCTYPE is not supported in a signed document", at);
            }
            // Empty tags arrive as Start and End (expand_empty_elements).
            Event::Empty(_) => return fail("unexpected empty tag", at),
            Event::Eof => return Ok(Step::Eof),
            // Declarations, comments, and nodes outside the selection.
            _ => {}
        }
        Ok(Step::Go)
    }
}

/// `<?target data?>`: one space between target and data, none when there is no data.
fn render_pi(raw: &str, out: &mut String) {
    let (target, data) = raw
        .split_once(|c: char| c.is_ascii_whitespace())
        .unwrap_or((raw, ""));
    let data = data.trim_start();
    out.push_str("<?");
    out.push_str(target);
    if !data.is_empty() {
        out.push(' ');
        out.push_str(data);
    }
    out.push_str("?>");
}

/// The namespace declarations and the other attributes (qualified name, normalised value) of
/// a start tag.
type Attrs = (Vec<(String, String)>, Vec<(String, String)>);

fn read_attrs(e: &BytesStart<'_>, at: usize) -> Result<Attrs, C14nError> {
    let mut decls = Vec::new();
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = match a {
            Ok(a) => a,
            Err(err) => return fail(err.to_string(), at),
        };
        let key = a.key.as_ref().to_string();
        let raw: &str = &a.value;
        let Some(value) = attr_value(raw) else {
            return fail(format!("attribute `{key}` has an unknown entity"), at);
        };
        if key == "xmlns" {
            decls.push((String::new(), value));
        } else if let Some(p) = key.strip_prefix("xmlns:") {
            decls.push((p.to_string(), value));
        } else {
            attrs.push((key, value));
        }
    }
    Ok((decls, attrs))
}

/// The URI `prefix` is bound to on an element declaring `decls` below `stack`.
fn lookup(prefix: &str, decls: &[(String, String)], stack: &[Frame]) -> Option<String> {
    if prefix == "xml" {
        return Some(XML_NS.to_string());
    }
    decls
        .iter()
        .chain(stack.iter().rev().flat_map(|f| f.decls.iter()))
        .find(|(p, _)| p == prefix)
        .map(|(_, v)| v.clone())
}

/// The namespace bindings an output element must have rendered: every binding in scope
/// (inclusive), or those its name and attributes use (exclusive).
fn wanted_namespaces(
    name: &str,
    attrs: &[(String, String)],
    decls: &[(String, String)],
    stack: &[Frame],
    method: Method,
    at: usize,
) -> Result<BTreeMap<String, String>, C14nError> {
    let mut wanted = BTreeMap::new();
    match method {
        Method::Inclusive => {
            for (p, v) in stack.iter().flat_map(|f| f.decls.iter()).chain(decls) {
                wanted.insert(p.clone(), v.clone());
            }
        }
        Method::Exclusive => {
            let used = std::iter::once(prefix_of(name)).chain(
                attrs
                    .iter()
                    .filter(|(k, _)| k.contains(':'))
                    .map(|(k, _)| prefix_of(k)),
            );
            for p in used.filter(|p| *p != "xml") {
                match lookup(p, decls, stack) {
                    Some(v) => {
                        wanted.insert(p.to_string(), v);
                    }
                    None if p.is_empty() => {
                        wanted.insert(String::new(), String::new());
                    }
                    None => return fail(format!("prefix `{p}` is not declared"), at),
                }
            }
        }
    }
    Ok(wanted)
}

/// Handles one start tag: records its declarations and, when `output`, renders it.
fn start(
    e: &BytesStart<'_>,
    at: usize,
    output: bool,
    stack: &[Frame],
    method: Method,
    out: &mut String,
) -> Result<Frame, C14nError> {
    let name = e.name().as_ref().to_string();
    let (decls, mut attrs) = read_attrs(e, at)?;
    let xml_attrs: Vec<(String, String)> = attrs
        .iter()
        .filter(|(k, _)| k.starts_with("xml:"))
        .cloned()
        .collect();
    let parent_rendered = stack
        .last()
        .filter(|f| f.output)
        .map(|f| f.rendered.clone())
        .unwrap_or_default();
    let mut frame = Frame {
        decls: decls.clone(),
        xml_attrs,
        output,
        rendered: parent_rendered.clone(),
    };
    if !output {
        return Ok(frame);
    }
    let wanted = wanted_namespaces(&name, &attrs, &decls, stack, method, at)?;
    let mut ns_out: Vec<(String, String)> = Vec::new();
    for (p, v) in wanted {
        let already = parent_rendered.get(&p);
        let render = if p.is_empty() && v.is_empty() {
            // xmlns="" only undoes a rendered non-empty default namespace.
            already.is_some_and(|a| !a.is_empty())
        } else {
            already != Some(&v)
        };
        if render {
            frame.rendered.insert(p.clone(), v.clone());
            ns_out.push((p, v));
        }
    }
    // Inclusive C14N of a subtree inherits xml:* attributes of the elements left out above it;
    // the nearest ancestor's value wins.
    if method == Method::Inclusive && stack.last().is_some_and(|f| !f.output) {
        for f in stack.iter().rev() {
            for (k, v) in &f.xml_attrs {
                if !attrs.iter().any(|(own, _)| own == k) {
                    attrs.push((k.clone(), v.clone()));
                }
            }
        }
    }
    let mut keyed: Vec<((String, String), String, String)> = Vec::with_capacity(attrs.len());
    for (k, v) in attrs {
        let (uri, local) = match k.split_once(':') {
            Some((p, l)) => match lookup(p, &decls, stack) {
                Some(uri) => (uri, l.to_string()),
                None => return fail(format!("prefix `{p}` is not declared"), at),
            },
            None => (String::new(), k.clone()),
        };
        keyed.push(((uri, local), k, v));
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    out.push('<');
    out.push_str(&name);
    for (p, v) in ns_out {
        out.push_str(if p.is_empty() { " xmlns" } else { " xmlns:" });
        out.push_str(&p);
        out.push_str("=\"");
        escape_attr(&v, out);
        out.push('"');
    }
    for (_, k, v) in keyed {
        out.push(' ');
        out.push_str(&k);
        out.push_str("=\"");
        escape_attr(&v, out);
        out.push('"');
    }
    out.push('>');
    Ok(frame)
}

fn prefix_of(qname: &str) -> &str {
    qname.split_once(':').map_or("", |(p, _)| p)
}

/// `\r\n` and lone `\r` become `\n` (XML end-of-line handling).
fn normalize_newlines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// The character a predefined entity or character reference names.
fn resolve_ref(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// An attribute's value after XML attribute-value normalisation: references expanded, each
/// literal whitespace character (after end-of-line handling) a space.
fn attr_value(raw: &str) -> Option<String> {
    let raw = normalize_newlines(raw);
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw.as_str();
    while let Some(i) = rest.find('&') {
        for c in rest[..i].chars() {
            out.push(if matches!(c, '\t' | '\n') { ' ' } else { c });
        }
        let tail = &rest[i + 1..];
        let end = tail.find(';')?;
        out.push(resolve_ref(&tail[..end])?);
        rest = &tail[end + 1..];
    }
    for c in rest.chars() {
        out.push(if matches!(c, '\t' | '\n') { ' ' } else { c });
    }
    Some(out)
}

fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            _ => out.push(c),
        }
    }
}

fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
#[path = "c14n_tests.rs"]
mod tests;

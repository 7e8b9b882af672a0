//! What every rule sees: the [`Context`] of one package (the tree, APP-META.xml parsed once,
//! the APS generation, schemas parsed on first use) and how findings get their positions.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::ops::Range;

use super::{Finding, Rule};
use crate::aps::{APP_META, NS_APS1, NS_APS2};
use crate::text::LineIndex;
use crate::tree::PackageTree;
use crate::typeschema::read::SchemaIndex;
use crate::xml;

/// Which APS generation a package belongs to, from its APP-META.xml root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApsGeneration {
    /// `http://aps-standard.org/ns/2`.
    Aps2,
    /// `http://apstandard.com/ns/1`, or the un-namespaced flat APS 1.0 layout.
    Aps1,
    /// No APP-META.xml, a broken one, or an unknown root.
    Unknown,
}

/// What every rule sees: the tree plus APP-META.xml parsed once.
pub struct Context<'a> {
    /// The package.
    pub tree: &'a PackageTree,
    /// APP-META.xml parsed, when present and well-formed.
    pub meta: Option<xml::Document>,
    /// The parse error of APP-META.xml, when present but broken.
    pub meta_error: Option<xml::XmlError>,
    /// APS 1 or 2, from the root element.
    pub generation: ApsGeneration,
    /// The `version` attribute of the APP-META root, as written.
    pub aps_version: Option<String>,
    /// Per file: its line index and its length, built the first time a finding is located.
    lines: RefCell<HashMap<String, (LineIndex, usize)>>,
    schemas: OnceCell<SchemaIndex>,
}

impl<'a> Context<'a> {
    /// Parses APP-META.xml (if any) and works out the APS generation.
    pub fn new(tree: &'a PackageTree) -> Context<'a> {
        let (meta, meta_error) = match tree.bytes(APP_META).map(xml::parse) {
            Some(Ok(doc)) => (Some(doc), None),
            Some(Err(e)) => (None, Some(e)),
            None => (None, None),
        };
        let generation = match &meta {
            Some(doc) if doc.root.name == "application" => match doc.root.ns.as_deref() {
                Some(NS_APS2) => ApsGeneration::Aps2,
                Some(NS_APS1) | None => ApsGeneration::Aps1,
                Some(_) => ApsGeneration::Unknown,
            },
            _ => ApsGeneration::Unknown,
        };
        let aps_version = meta
            .as_ref()
            .and_then(|d| d.root.attr("version"))
            .map(str::to_string);
        Context {
            tree,
            meta,
            meta_error,
            generation,
            aps_version,
            lines: RefCell::new(HashMap::new()),
            schemas: OnceCell::new(),
        }
    }

    /// The APP-META root element of an APS 2 package.
    pub fn aps2_root(&self) -> Option<&xml::Element> {
        match self.generation {
            ApsGeneration::Aps2 => self.meta.as_ref().map(|d| &d.root),
            _ => None,
        }
    }

    /// The package's type schemas, found and parsed on first use and shared by every rule
    /// family after that. Schemas bound by services are found through the APS 2 APP-META root.
    pub fn schemas(&self) -> &SchemaIndex {
        self.schemas
            .get_or_init(|| SchemaIndex::build(self.tree, self.aps2_root()))
    }

    /// A finding of `rule` at byte range `span` of `file`, with line and column filled in
    /// when the file's bytes are in memory or it is a view or script that can be read again.
    pub fn at(
        &self,
        rule: &'static Rule,
        file: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Finding {
        let mut f = Finding::new(rule, message).in_file(file);
        if let Some((l, c, len)) = self.locate(file, span.start) {
            f.line = Some(l);
            f.column = Some(c);
            f.span = Some(span.start.min(len)..span.end.min(len));
        }
        f
    }

    /// A finding of `rule` at the value of attribute `attr` of APP-META.xml.
    pub fn at_value(
        &self,
        rule: &'static Rule,
        attr: &xml::Attr,
        message: impl Into<String>,
    ) -> Finding {
        self.at(rule, APP_META, attr.value_span.clone(), message)
    }

    /// A finding of `rule` at element `el` of APP-META.xml.
    pub fn at_element(
        &self,
        rule: &'static Rule,
        el: &xml::Element,
        message: impl Into<String>,
    ) -> Finding {
        self.at(rule, APP_META, el.span.clone(), message)
    }

    /// The line of byte `offset` of `file` (for "first at line N"), 0 when the file's bytes
    /// cannot be had.
    pub fn line_at(&self, file: &str, offset: usize) -> u32 {
        self.locate(file, offset).map_or(0, |(line, _, _)| line)
    }

    /// Line and column of byte `offset` (clamped to the end) of `file`, and the file's length;
    /// `None` when its bytes cannot be had ([`PackageTree::text`]). A file is read and indexed
    /// once, however many findings it has.
    fn locate(&self, file: &str, offset: usize) -> Option<(u32, u32, usize)> {
        let mut lines = self.lines.borrow_mut();
        if !lines.contains_key(file) {
            let bytes = self.tree.text(file)?;
            lines.insert(file.to_string(), (LineIndex::new(&bytes), bytes.len()));
        }
        let (idx, len) = lines.get(file)?;
        let (line, column) = idx.position(offset.min(*len));
        Some((line, column, *len))
    }
}

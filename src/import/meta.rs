//! `APP-META.xml` → the `[package]` and `[[navigation]]` tables of `aps.toml` and the service
//! part of each `[types.<name>]`. Every element or attribute `aps.toml` has no key for is a
//! problem naming it and its line, never dropped.

use toml::{Table, Value};

use super::Problems;
use crate::xml::Element;

/// A `<service>` as `aps.toml` sees it.
#[derive(Debug, Clone)]
pub struct Service {
    /// `@id`.
    pub id: String,
    /// `<code path>`.
    pub code: Option<String>,
    /// `<code engine>`.
    pub engine: Option<String>,
    /// `<schema path>`.
    pub schema: Option<String>,
    /// The presentation keys (`title`, `summary`, `infolinks`, `color`, `font-color`).
    pub keys: Table,
    /// Byte offset of the element.
    pub offset: usize,
}

fn text(e: &Element) -> String {
    e.text.trim().to_string()
}

/// Reports every attribute of `e` not in `allowed`.
fn attrs(e: &Element, allowed: &[&str], p: &mut Problems) {
    for a in &e.attrs {
        if a.ns.is_none() && allowed.contains(&a.name.as_str()) {
            continue;
        }
        if a.ns.as_deref() == Some("http://www.w3.org/XML/1998/namespace") || a.name == "xmlns" {
            continue;
        }
        p.at(
            a.name_span.start,
            format!("attribute `{}` of <{}> has no aps.toml key", a.name, e.name),
        );
    }
}

fn unexpected(e: &Element, parent: &str, p: &mut Problems) {
    p.at(
        e.span.start,
        format!("<{}> in <{parent}> has no aps.toml key", e.name),
    );
}

/// Reads the root `<application>`: the `[package]` table, the services and the navigation.
pub fn read(root: &Element, p: &mut Problems) -> (Table, Vec<Service>, Vec<Value>) {
    let mut pkg = Table::new();
    let mut services = Vec::new();
    let mut navigation = Vec::new();
    attrs(root, &["version", "packaged"], p);
    for c in &root.children {
        match c.name.as_str() {
            "id" | "name" | "version" | "release" | "homepage" => {
                attrs(c, &[], p);
                pkg.insert(c.name.clone(), text(c).into());
            }
            "presentation" => presentation(c, &mut pkg, &mut navigation, p),
            "vendor" | "packager" => {
                pkg.insert(c.name.clone(), party(c, p).into());
            }
            "license-agreement" => {
                if let Some(l) = license(c, p) {
                    pkg.insert("license".into(), l.into());
                }
            }
            "upgrade" | "patch" => {
                attrs(c, &["match"], p);
                if let Some(m) = c.attr("match") {
                    pkg.insert(c.name.clone(), m.into());
                }
            }
            "service" => services.push(service(c, p)),
            _ => unexpected(c, "application", p),
        }
    }
    (pkg, services, navigation)
}

fn presentation(e: &Element, pkg: &mut Table, navigation: &mut Vec<Value>, p: &mut Problems) {
    attrs(e, &[], p);
    let mut screenshots = Vec::new();
    let mut changelog = Vec::new();
    for c in &e.children {
        match c.name.as_str() {
            "summary" | "description" => {
                pkg.insert(c.name.clone(), text(c).into());
            }
            "icon" => {
                attrs(c, &["path"], p);
                if let Some(path) = c.attr("path") {
                    pkg.insert("icon".into(), path.into());
                }
            }
            "screenshot" => {
                attrs(c, &["path"], p);
                let mut s = Table::new();
                s.insert("path".into(), c.attr("path").unwrap_or("").into());
                for d in &c.children {
                    if d.name == "description" {
                        s.insert("description".into(), text(d).into());
                    } else {
                        unexpected(d, "screenshot", p);
                    }
                }
                screenshots.push(Value::Table(s));
            }
            "changelog" => {
                for v in &c.children {
                    if v.name != "version" {
                        unexpected(v, "changelog", p);
                        continue;
                    }
                    let mut t = attr_table(v, &["version", "release"], p);
                    let mut entries = Vec::new();
                    for en in &v.children {
                        if en.name == "entry" {
                            entries.push(Value::from(text(en)));
                        } else {
                            unexpected(en, "version", p);
                        }
                    }
                    t.insert("entries".into(), Value::Array(entries));
                    changelog.push(Value::Table(t));
                }
            }
            "categories" | "languages" => {
                let child = if c.name == "categories" {
                    "category"
                } else {
                    "language"
                };
                let mut list = Vec::new();
                for x in &c.children {
                    if x.name == child {
                        list.push(Value::from(text(x)));
                    } else {
                        unexpected(x, &c.name, p);
                    }
                }
                pkg.insert(c.name.clone(), Value::Array(list));
            }
            "navigation" => navigation.push(Value::Table(nav(c, p))),
            _ => unexpected(c, "presentation", p),
        }
    }
    if !screenshots.is_empty() {
        pkg.insert("screenshots".into(), Value::Array(screenshots));
    }
    if !changelog.is_empty() {
        pkg.insert("changelog".into(), Value::Array(changelog));
    }
}

fn party(e: &Element, p: &mut Problems) -> Table {
    attrs(e, &[], p);
    let mut t = Table::new();
    for c in &e.children {
        match c.name.as_str() {
            "name" | "homepage" => {
                t.insert(c.name.clone(), text(c).into());
            }
            "uri" if e.name == "packager" => {
                t.insert("uri".into(), text(c).into());
            }
            "icon" => {
                attrs(c, &["path"], p);
                if let Some(path) = c.attr("path") {
                    t.insert("icon".into(), path.into());
                }
            }
            _ => unexpected(c, &e.name, p),
        }
    }
    t
}

fn license(e: &Element, p: &mut Problems) -> Option<Table> {
    attrs(e, &["must-accept"], p);
    let mut t = Table::new();
    for c in &e.children {
        match c.name.as_str() {
            "free" | "commercial" => {
                t.insert("kind".into(), c.name.clone().into());
            }
            "text" => {
                for x in &c.children {
                    match x.name.as_str() {
                        "name" | "url" | "file" => {
                            t.insert(x.name.clone(), text(x).into());
                        }
                        _ => unexpected(x, "text", p),
                    }
                }
            }
            _ => unexpected(c, "license-agreement", p),
        }
    }
    if let Some(m) = e.attr("must-accept") {
        t.insert("must-accept".into(), (m.trim() == "true").into());
    }
    Some(t)
}

fn service(e: &Element, p: &mut Problems) -> Service {
    attrs(e, &["id"], p);
    let mut s = Service {
        id: e.attr("id").unwrap_or("").to_string(),
        code: None,
        engine: None,
        schema: None,
        keys: Table::new(),
        offset: e.span.start,
    };
    for c in &e.children {
        match c.name.as_str() {
            "code" => {
                attrs(c, &["engine", "path"], p);
                s.code = c.attr("path").map(str::to_string);
                s.engine = c.attr("engine").map(str::to_string);
            }
            "schema" => {
                attrs(c, &["path"], p);
                s.schema = c.attr("path").map(str::to_string);
            }
            "presentation" => service_presentation(c, &mut s.keys, p),
            _ => unexpected(c, "service", p),
        }
    }
    if e.child("presentation").is_none() {
        s.keys.insert("presentation".into(), false.into());
    }
    s
}

fn service_presentation(e: &Element, keys: &mut Table, p: &mut Problems) {
    attrs(e, &[], p);
    for c in &e.children {
        match c.name.as_str() {
            "name" => {
                keys.insert("title".into(), text(c).into());
            }
            "summary" | "color" | "font-color" => {
                keys.insert(c.name.clone(), text(c).into());
            }
            "infolinks" => {
                let mut links = Vec::new();
                for l in &c.children {
                    if l.name != "link" {
                        unexpected(l, "infolinks", p);
                        continue;
                    }
                    let mut t = attr_table(l, &["href", "class"], p);
                    let title = text(l);
                    if !title.is_empty() {
                        t.insert("title".into(), title.into());
                    }
                    links.push(Value::Table(t));
                }
                keys.insert("infolinks".into(), Value::Array(links));
            }
            "icon" => {
                attrs(c, &["path"], p);
                keys.insert("icon".into(), c.attr("path").unwrap_or("").into());
            }
            "entry-points" => {
                attrs(c, &[], p);
                let list = c.children.iter().filter_map(|x| entry_point(x, p));
                keys.insert("entry-points".into(), Value::Array(list.collect()));
            }
            _ => unexpected(c, "presentation", p),
        }
    }
}

/// One `<entry class dst>` with its `<label>` and `<description>`.
fn entry_point(e: &Element, p: &mut Problems) -> Option<Value> {
    if e.name != "entry" {
        unexpected(e, "entry-points", p);
        return None;
    }
    attrs(e, &["class", "dst"], p);
    let mut t = Table::new();
    if let Some(class) = e.attr("class") {
        t.insert("class".into(), class.into());
    }
    t.insert("dst".into(), e.attr("dst").unwrap_or("").into());
    for c in &e.children {
        match c.name.as_str() {
            "label" | "description" => {
                attrs(c, &[], p);
                t.insert(c.name.clone(), text(c).into());
            }
            _ => unexpected(c, "entry", p),
        }
    }
    Some(Value::Table(t))
}

fn nav(e: &Element, p: &mut Problems) -> Table {
    attrs(e, &["id", "label"], p);
    let mut t = Table::new();
    t.insert("id".into(), e.attr("id").unwrap_or("").into());
    if let Some(l) = e.attr("label") {
        t.insert("label".into(), l.into());
    }
    let mut vars = Vec::new();
    let mut views = Vec::new();
    let mut items = Vec::new();
    for c in &e.children {
        match c.name.as_str() {
            "plugs-to" => plugs_to(&mut t, c, p),
            "var" => vars.push(Value::Table(var(c, p))),
            "view" | "popup" | "view-plugin" => views.push(Value::Table(view(c, p))),
            "item" => items.push(Value::Table(item(c, p))),
            _ => unexpected(c, "navigation", p),
        }
    }
    insert_list(&mut t, "vars", vars);
    insert_list(&mut t, "views", views);
    insert_list(&mut t, "items", items);
    t
}

/// A `<var>` of a navigation or a view.
fn var(c: &Element, p: &mut Problems) -> Table {
    attrs(
        c,
        &["name", "type-id", "required", "collection", "filter"],
        p,
    );
    let mut v = Table::new();
    v.insert("name".into(), c.attr("name").unwrap_or("").into());
    v.insert("type".into(), c.attr("type-id").unwrap_or("").into());
    for b in ["required", "collection"] {
        if let Some(x) = c.attr(b) {
            v.insert(b.into(), (x.trim() == "true").into());
        }
    }
    if let Some(f) = c.attr("filter") {
        v.insert("filter".into(), f.into());
    }
    v
}

fn item(e: &Element, p: &mut Problems) -> Table {
    attrs(e, &["id", "label"], p);
    let mut t = Table::new();
    t.insert("id".into(), e.attr("id").unwrap_or("").into());
    if let Some(l) = e.attr("label") {
        t.insert("label".into(), l.into());
    }
    let mut views = Vec::new();
    let mut items = Vec::new();
    for c in &e.children {
        match c.name.as_str() {
            "plugs-to" => plugs_to(&mut t, c, p),
            "view" | "popup" | "view-plugin" => views.push(Value::Table(view(c, p))),
            "item" => items.push(Value::Table(item(c, p))),
            _ => unexpected(c, "item", p),
        }
    }
    insert_list(&mut t, "views", views);
    insert_list(&mut t, "items", items);
    t
}

/// A table of the attributes `keys` of `e` (each one, `""` when absent); any other attribute
/// is a problem.
fn attr_table(e: &Element, keys: &[&str], p: &mut Problems) -> Table {
    attrs(e, keys, p);
    keys.iter()
        .map(|k| (k.to_string(), Value::from(e.attr(k).unwrap_or(""))))
        .collect()
}

/// `plugs-to = "<id>"` from a `<plugs-to id>` element.
fn plugs_to(t: &mut Table, c: &Element, p: &mut Problems) {
    attrs(c, &["id"], p);
    t.insert("plugs-to".into(), c.attr("id").unwrap_or("").into());
}

/// `key = [...]` in `t`, unless the list is empty.
fn insert_list(t: &mut Table, key: &str, list: Vec<Value>) {
    if !list.is_empty() {
        t.insert(key.into(), Value::Array(list));
    }
}

/// `controls = [...]` and, for the labelled ones, `control-labels = { ... }`.
fn controls(t: &mut Table, c: &Element, p: &mut Problems) {
    attrs(c, &[], p);
    let mut list = Vec::new();
    let mut labels = Table::new();
    for x in &c.children {
        attrs(x, &["label"], p);
        if !x.children.is_empty() {
            unexpected(&x.children[0], x.name.as_str(), p);
        }
        list.push(Value::from(x.name.clone()));
        if let Some(label) = x.attr("label") {
            labels.insert(x.name.clone(), label.into());
        }
    }
    t.insert("controls".into(), Value::Array(list));
    if !labels.is_empty() {
        t.insert("control-labels".into(), Value::Table(labels));
    }
}

fn view(e: &Element, p: &mut Problems) -> Table {
    attrs(e, &["id", "label", "src"], p);
    let mut t = Table::new();
    if e.name != "view" {
        t.insert("kind".into(), e.name.as_str().into());
    }
    t.insert("id".into(), e.attr("id").unwrap_or("").into());
    if let Some(label) = e.attr("label") {
        t.insert("label".into(), label.into());
    }
    if let Some(src) = e.attr("src") {
        t.insert("src".into(), src.into());
    }
    let mut views = Vec::new();
    let mut vars = Vec::new();
    let mut placeholders = Vec::new();
    for c in &e.children {
        match c.name.as_str() {
            "var" => vars.push(Value::Table(var(c, p))),
            "plugs-to" => plugs_to(&mut t, c, p),
            "plugin-placeholder" => {
                attrs(c, &["id"], p);
                placeholders.push(Value::from(c.attr("id").unwrap_or("")));
            }
            "controls" => controls(&mut t, c, p),
            "view" | "popup" | "view-plugin" => views.push(Value::Table(view(c, p))),
            _ => unexpected(c, e.name.as_str(), p),
        }
    }
    insert_list(&mut t, "vars", vars);
    insert_list(&mut t, "plugin-placeholders", placeholders);
    insert_list(&mut t, "views", views);
    t
}

//! The resource model as a picture: Mermaid flowcharts and Graphviz DOT from a [`Description`].
//!
//! Nodes: the package's types (the application root, the type that implements
//! `core/application/1.0`, drawn with a double border and marked "application"), the types they
//! refer to from outside the package (dashed), and the services (bound to their type by a dotted
//! line). Edges: relations, labelled with their name and `required` / `collection` (a required
//! relation is drawn thick), and `implements` (dashed). Every label is escaped for its format;
//! control characters are written as escapes, so a hostile name cannot break out of a label.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::describe::Description;
use crate::text::escape_control;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A Mermaid flowchart (renders in GitHub and GitLab Markdown).
    Mermaid,
    /// Graphviz DOT.
    Dot,
}

/// A node of the graph.
struct Node {
    key: String,
    label: String,
    kind: NodeKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    Type,
    Application,
    External,
    Service,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum EdgeKind {
    Relation { required: bool },
    Implements,
    Binding,
}

struct Edge {
    from: String,
    to: String,
    label: String,
    kind: EdgeKind,
}

/// Shortens ids of the APS standard types to their `core/...` form for labels.
fn short(id: &str) -> String {
    id.strip_prefix(crate::aps::APS_TYPES)
        .map_or_else(|| id.to_string(), str::to_string)
}

fn model(d: &Description) -> (Vec<Node>, Vec<Edge>) {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let mut by_id: BTreeMap<String, String> = BTreeMap::new();
    let mut by_schema: BTreeMap<String, String> = BTreeMap::new();
    for (i, t) in d.types.iter().enumerate() {
        let key = format!("t{i}");
        let name = t.name.clone().unwrap_or_else(|| t.schema.clone());
        let mut label = name;
        if t.application {
            label.push_str(" (application)");
        }
        if let Some(id) = &t.id {
            label.push('\n');
            label.push_str(id);
            by_id.entry(id.clone()).or_insert_with(|| key.clone());
        }
        by_schema.insert(t.schema.clone(), key.clone());
        nodes.push(Node {
            key,
            label,
            kind: if t.application {
                NodeKind::Application
            } else {
                NodeKind::Type
            },
        });
    }
    let external = |id: &str, nodes: &mut Vec<Node>, by_id: &mut BTreeMap<String, String>| {
        if let Some(k) = by_id.get(id) {
            return k.clone();
        }
        let key = format!("x{}", nodes.len());
        nodes.push(Node {
            key: key.clone(),
            label: short(id),
            kind: NodeKind::External,
        });
        by_id.insert(id.to_string(), key.clone());
        key
    };
    for (i, t) in d.types.iter().enumerate() {
        let from = format!("t{i}");
        for imp in &t.implements {
            let to = external(imp, &mut nodes, &mut by_id);
            edges.push(Edge {
                from: from.clone(),
                to,
                label: "implements".into(),
                kind: EdgeKind::Implements,
            });
        }
        for r in &t.relations {
            let to = external(&r.type_id, &mut nodes, &mut by_id);
            let marks: Vec<&str> = [(r.required, "required"), (r.collection, "collection")]
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, m)| *m)
                .collect();
            let label = if marks.is_empty() {
                r.name.clone()
            } else {
                format!("{} ({})", r.name, marks.join(", "))
            };
            edges.push(Edge {
                from: from.clone(),
                to,
                label,
                kind: EdgeKind::Relation {
                    required: r.required,
                },
            });
        }
    }
    for (i, s) in d.services.iter().enumerate() {
        let key = format!("s{i}");
        nodes.push(Node {
            key: key.clone(),
            label: format!("service {}", s.id),
            kind: NodeKind::Service,
        });
        if let Some(t) = s.schema.as_ref().and_then(|p| by_schema.get(p)) {
            edges.push(Edge {
                from: key,
                to: t.clone(),
                label: String::new(),
                kind: EdgeKind::Binding,
            });
        }
    }
    (nodes, edges)
}

/// Renders the graph of `d` in `format`.
pub fn render(d: &Description, format: Format) -> String {
    let (nodes, edges) = model(d);
    match format {
        Format::Mermaid => mermaid(d, &nodes, &edges),
        Format::Dot => dot(d, &nodes, &edges),
    }
}

fn title(d: &Description) -> String {
    let mut t = d.name.clone().unwrap_or_else(|| d.path.clone());
    if let Some(v) = &d.version {
        t.push(' ');
        t.push_str(v);
        if let Some(r) = &d.release {
            t.push('-');
            t.push_str(r);
        }
    }
    t
}

/// Text for inside a quoted Mermaid label: entity codes for the characters Mermaid or its HTML
/// labels treat specially, `<br/>` for the line breaks the renderer puts in.
fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in escape_control(s).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            c => out.push(c),
        }
    }
    out
}

fn mermaid_label(label: &str) -> String {
    label
        .split('\n')
        .map(mermaid_text)
        .collect::<Vec<_>>()
        .join("<br/>")
}

fn mermaid(d: &Description, nodes: &[Node], edges: &[Edge]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "%% {}", mermaid_text(&title(d)));
    s.push_str("flowchart LR\n");
    for n in nodes {
        let label = mermaid_label(&n.label);
        let (open, close) = match n.kind {
            NodeKind::Type => ("[\"", "\"]"),
            NodeKind::Application => ("[[\"", "\"]]"),
            NodeKind::External => ("([\"", "\"])"),
            NodeKind::Service => ("{{\"", "\"}}"),
        };
        let _ = writeln!(s, "    {}{open}{label}{close}", n.key);
    }
    for e in edges {
        let label = mermaid_label(&e.label);
        let _ = match e.kind {
            EdgeKind::Relation { required: true } => {
                writeln!(s, "    {} ==>|\"{label}\"| {}", e.from, e.to)
            }
            EdgeKind::Relation { required: false } => {
                writeln!(s, "    {} -->|\"{label}\"| {}", e.from, e.to)
            }
            EdgeKind::Implements => writeln!(s, "    {} -.->|\"{label}\"| {}", e.from, e.to),
            EdgeKind::Binding => writeln!(s, "    {} -.- {}", e.from, e.to),
        };
    }
    let class = |kind: NodeKind| {
        nodes
            .iter()
            .filter(|n| n.kind == kind)
            .map(|n| n.key.as_str())
            .collect::<Vec<_>>()
            .join(",")
    };
    s.push_str("    classDef application stroke-width:3px;\n");
    s.push_str("    classDef external stroke-dasharray:4 3;\n");
    s.push_str("    classDef service fill:#eef;\n");
    for (kind, name) in [
        (NodeKind::Application, "application"),
        (NodeKind::External, "external"),
        (NodeKind::Service, "service"),
    ] {
        let members = class(kind);
        if !members.is_empty() {
            let _ = writeln!(s, "    class {members} {name};");
        }
    }
    s
}

/// A DOT double-quoted string (without the quotes): `"` and `\` escaped, line breaks as `\n`.
fn dot_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push_str("\\n");
        }
        for c in escape_control(line).chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c => out.push(c),
            }
        }
    }
    out
}

fn dot(d: &Description, nodes: &[Node], edges: &[Edge]) -> String {
    let mut s = String::new();
    s.push_str("digraph apspack {\n");
    let _ = writeln!(
        s,
        "    graph [rankdir=LR, labelloc=t, label=\"{}\"];",
        dot_text(&title(d))
    );
    s.push_str("    node [shape=box, fontname=\"Helvetica\"];\n");
    s.push_str("    edge [fontname=\"Helvetica\", fontsize=10];\n");
    for n in nodes {
        let attrs = match n.kind {
            NodeKind::Type => "",
            NodeKind::Application => ", peripheries=2, style=bold",
            NodeKind::External => ", shape=ellipse, style=dashed",
            NodeKind::Service => ", shape=component",
        };
        let _ = writeln!(
            s,
            "    {} [label=\"{}\"{attrs}];",
            n.key,
            dot_text(&n.label)
        );
    }
    for e in edges {
        let attrs = match e.kind {
            EdgeKind::Relation { required: true } => ", style=bold",
            EdgeKind::Relation { required: false } => "",
            EdgeKind::Implements => ", style=dashed, arrowhead=empty",
            EdgeKind::Binding => ", style=dotted, arrowhead=none",
        };
        let _ = writeln!(
            s,
            "    {} -> {} [label=\"{}\"{attrs}];",
            e.from,
            e.to,
            dot_text(&e.label)
        );
    }
    s.push_str("}\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::{Relation, Service, TypeInfo};

    fn description(name: &str) -> Description {
        Description {
            kind: "project",
            path: "p".into(),
            aps_version: Some("2.0".into()),
            id: None,
            name: Some(name.into()),
            version: Some("1".into()),
            release: Some("2".into()),
            vendor: None,
            packager: None,
            services: vec![Service {
                id: "app".into(),
                title: None,
                schema: Some("schemas/app.schema".into()),
                code: None,
                engine: None,
            }],
            types: vec![TypeInfo {
                schema: "schemas/app.schema".into(),
                id: Some("http://x/app/1.0".into()),
                name: Some("app".into()),
                services: vec!["app".into()],
                implements: vec![crate::aps::APPLICATION_TYPE.into()],
                application: true,
                properties: vec![],
                relations: vec![Relation {
                    name: "users\"]; evil".into(),
                    type_id: "http://x/user/1.0".into(),
                    required: true,
                    collection: true,
                }],
                operations: vec![],
                structures: vec![],
            }],
            navigation: vec![],
            files: vec![],
            problem: None,
        }
    }

    #[test]
    fn mermaid_marks_application_relations_and_escapes() {
        let m = render(&description("A\u{1b}\"B"), Format::Mermaid);
        assert!(m.contains("flowchart LR"), "{m}");
        assert!(
            m.contains("t0[[\"app (application)<br/>http://x/app/1.0\"]]"),
            "{m}"
        );
        assert!(
            m.contains("t0 ==>|\"users#quot;]; evil (required, collection)\"| x2"),
            "{m}"
        );
        assert!(m.contains("t0 -.->|\"implements\"| x1"), "{m}");
        assert!(m.contains("x1([\"core/application/1.0\"])"), "{m}");
        assert!(m.contains("s0 -.- t0"), "{m}");
        assert!(!m.contains('\u{1b}'), "{m}");
    }

    #[test]
    fn dot_escapes_quotes_and_backslashes() {
        let d = render(&description("a\"b\\c"), Format::Dot);
        assert!(d.starts_with("digraph apspack {\n"), "{d}");
        assert!(d.contains("label=\"a\\\"b\\\\c 1-2\""), "{d}");
        assert!(
            d.contains("t0 -> x2 [label=\"users\\\"]; evil (required, collection)\", style=bold];"),
            "{d}"
        );
        assert!(d.contains("peripheries=2"), "{d}");
        assert!(d.ends_with("}\n"));
    }
}

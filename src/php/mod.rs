//! PHP scripts read as text, without a PHP runtime: classes, public properties with their
//! initializers, methods with their argument names, class constants, `require`/`include` of other
//! scripts, and the doc-comment of each declaration (parsed with tree-sitter-php).
//!
//! The parser recovers from any syntax error; the reader reports the first broken spot inside a
//! class it needs (an `ERROR` or missing node) with its byte range, and never panics. Nothing here
//! evaluates PHP: initializers become [`value::Expr`] trees that [`value`] folds to JSON when
//! they are constant.

pub mod doc;
pub mod problem;
pub mod value;

use std::ops::Range;

use tree_sitter::{Node, Parser};

use problem::Level;
pub use problem::{Problem, ScriptDiagnostic};
use value::Expr;

/// Largest script read (bytes); larger scripts are an error rather than a memory risk.
pub const MAX_SCRIPT_SIZE: usize = 16 * 1024 * 1024;

/// A doc-comment (`/** ... */`) and where it starts in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocComment {
    /// The comment's text, `/**` and `*/` included.
    pub text: String,
    /// Byte offset of the comment in the file.
    pub offset: usize,
}

/// A public (or `var`) property of a class.
#[derive(Debug, Clone, PartialEq)]
pub struct PhpProperty {
    /// Name without the `$`.
    pub name: String,
    /// Byte range of the name.
    pub span: Range<usize>,
    /// Its doc-comment.
    pub doc: Option<DocComment>,
    /// Its initializer (`= ...`), when it has one.
    pub init: Option<Expr>,
    /// Declared `static`.
    pub is_static: bool,
}

/// A method of a class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method {
    /// Name.
    pub name: String,
    /// Byte range of the name.
    pub span: Range<usize>,
    /// Its doc-comment.
    pub doc: Option<DocComment>,
    /// Argument names in order, without `$`.
    pub args: Vec<String>,
}

/// A class (interfaces and traits are not read).
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    /// Name as written (case kept).
    pub name: String,
    /// Byte range of the name.
    pub span: Range<usize>,
    /// Its doc-comment.
    pub doc: Option<DocComment>,
    /// Public, non-static properties in declaration order.
    pub properties: Vec<PhpProperty>,
    /// Methods in declaration order.
    pub methods: Vec<Method>,
    /// Class constants in declaration order.
    pub constants: Vec<(String, Expr)>,
}

/// A `require`, `require_once`, `include` or `include_once` whose operand is a constant path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Require {
    /// The path as written (`__DIR__ . '/x.php'` becomes `/x.php` relative to the script).
    pub path: String,
    /// Byte range of the expression.
    pub span: Range<usize>,
}

/// What one script holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Script {
    /// Classes in source order (also those inside namespaces or blocks).
    pub classes: Vec<Class>,
    /// Constant-path requires and includes, in source order.
    pub requires: Vec<Require>,
    /// Syntax problems, located.
    pub problems: Vec<Problem>,
}

/// Parses `text`, the script at package path `path`.
pub fn parse(path: &str, text: &str) -> Script {
    let mut script = Script::default();
    if text.len() > MAX_SCRIPT_SIZE {
        script.problems.push(Problem::new(
            Level::Error,
            path,
            0..0,
            format!("script is larger than {MAX_SCRIPT_SIZE} bytes; not read"),
        ));
        return script;
    }
    let mut parser = Parser::new();
    if parser
        .set_language(&tree_sitter_php::LANGUAGE_PHP.into())
        .is_err()
    {
        script.problems.push(Problem::new(
            Level::Error,
            path,
            0..0,
            "the PHP grammar could not be loaded".to_string(),
        ));
        return script;
    }
    let Some(tree) = parser.parse(text, None) else {
        script.problems.push(Problem::new(
            Level::Error,
            path,
            0..0,
            "the script could not be parsed".to_string(),
        ));
        return script;
    };
    let root = tree.root_node();
    if root.has_error() {
        syntax_problems(root, path, text, &mut script.problems);
    }
    let mut reader = Reader {
        src: text,
        script: &mut script,
    };
    reader.statements(root);
    script
}

/// Reports the first syntax error that touches what the reader needs (an error), and the first
/// one inside a function or method body (a warning: bodies do not define types).
fn syntax_problems(root: Node, path: &str, text: &str, problems: &mut Vec<Problem>) {
    let mut in_body_seen = false;
    let mut cursor = root.walk();
    let mut steps = 0usize;
    loop {
        steps += 1;
        let n = cursor.node();
        if n.is_error() || n.is_missing() {
            let in_body = inside_body(n);
            if !in_body || !in_body_seen {
                let message = if n.is_missing() {
                    format!("PHP syntax error: missing `{}`", n.kind())
                } else {
                    "PHP syntax error".to_string()
                };
                let start = problem::floor_char_boundary(text, n.start_byte());
                let end = problem::floor_char_boundary(text, n.end_byte().min(start + 80));
                let (level, help) = if in_body {
                    in_body_seen = true;
                    (
                        Level::Warning,
                        "inside a function body, which apspack does not read; PHP would refuse the script",
                    )
                } else {
                    (
                        Level::Error,
                        "the script must be valid PHP; check it with `php -l`",
                    )
                };
                problems.push(Problem::new(level, path, start..end, message).help(help));
                if !in_body {
                    return;
                }
            }
        } else if n.has_error() && steps < 10_000_000 && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// True when `n` lies inside the body of a function or method.
fn inside_body(n: Node) -> bool {
    let mut cur = n.parent();
    while let Some(p) = cur {
        if p.kind() == "compound_statement"
            && p.parent().is_some_and(|pp| {
                matches!(
                    pp.kind(),
                    "method_declaration" | "function_definition" | "anonymous_function"
                )
            })
        {
            return true;
        }
        cur = p.parent();
    }
    false
}

struct Reader<'a> {
    src: &'a str,
    script: &'a mut Script,
}

/// Deepest statement nesting searched for classes and requires.
const MAX_STATEMENT_DEPTH: usize = 64;

impl Reader<'_> {
    fn text(&self, n: Node) -> &str {
        self.src.get(n.byte_range()).unwrap_or("")
    }

    /// Walks statements (iteratively, bounded) for classes and requires.
    fn statements(&mut self, root: Node) {
        let mut stack = vec![(root, 0usize)];
        while let Some((node, depth)) = stack.pop() {
            let mut children = Vec::new();
            let mut cursor = node.walk();
            for child in node.children(&mut cursor) {
                children.push(child);
            }
            let mut deeper = Vec::new();
            for (i, child) in children.iter().enumerate() {
                match child.kind() {
                    "class_declaration" => {
                        let doc = self.doc_before(&children, i);
                        self.class(*child, doc);
                    }
                    "expression_statement" => self.requires_in(*child),
                    "namespace_definition"
                    | "compound_statement"
                    | "declare_statement"
                    | "if_statement"
                    | "else_clause"
                    | "else_if_clause"
                    | "ERROR" => {
                        deeper.push((*child, depth + 1));
                    }
                    _ => {}
                }
            }
            if depth < MAX_STATEMENT_DEPTH {
                stack.extend(deeper.into_iter().rev());
            }
        }
    }

    fn requires_in(&mut self, stmt: Node) {
        let Some(expr) = stmt.named_child(0) else {
            return;
        };
        if !matches!(
            expr.kind(),
            "require_expression"
                | "require_once_expression"
                | "include_expression"
                | "include_once_expression"
        ) {
            return;
        }
        let Some(arg) = expr.named_child(0) else {
            return;
        };
        let arg = unparen(arg);
        if let Some(path) = self.require_path(arg) {
            self.script.requires.push(Require {
                path,
                span: expr.byte_range(),
            });
        }
    }

    /// `'x.php'`, `"x.php"`, `__DIR__ . '/x.php'` and `dirname(__FILE__) . '/x.php'`.
    fn require_path(&self, n: Node) -> Option<String> {
        match n.kind() {
            "string" | "encapsed_string" => value::literal_string(n, self.src).ok(),
            "binary_expression" => {
                let op = n.child_by_field_name("operator")?;
                if self.text(op) != "." {
                    return None;
                }
                let left = n.child_by_field_name("left")?;
                let right = n.child_by_field_name("right")?;
                let lt = self.text(left).replace(char::is_whitespace, "");
                if lt == "__DIR__" || lt.eq_ignore_ascii_case("dirname(__FILE__)") {
                    let rest = self.require_path(right)?;
                    Some(rest.trim_start_matches('/').to_string())
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// The doc-comment directly before `children[i]`: the nearest `/** */` comment with only
    /// other comments between it and the declaration.
    fn doc_before(&self, children: &[Node], i: usize) -> Option<DocComment> {
        let mut j = i;
        while j > 0 {
            j -= 1;
            let c = children[j];
            if c.kind() != "comment" {
                return None;
            }
            let t = self.text(c);
            if t.starts_with("/**") && t.len() >= 5 {
                return Some(DocComment {
                    text: t.to_string(),
                    offset: c.start_byte(),
                });
            }
        }
        None
    }

    fn class(&mut self, node: Node, doc: Option<DocComment>) {
        let Some(name) = node.child_by_field_name("name") else {
            return;
        };
        let mut class = Class {
            name: self.text(name).to_string(),
            span: name.byte_range(),
            doc,
            properties: Vec::new(),
            methods: Vec::new(),
            constants: Vec::new(),
        };
        if let Some(body) = node.child_by_field_name("body") {
            let mut cursor = body.walk();
            let members: Vec<Node> = body.children(&mut cursor).collect();
            for (i, m) in members.iter().enumerate() {
                match m.kind() {
                    "property_declaration" => {
                        let doc = self.doc_before(&members, i);
                        self.properties(*m, doc, &mut class);
                    }
                    "method_declaration" => {
                        let doc = self.doc_before(&members, i);
                        self.method(*m, doc, &mut class);
                    }
                    "const_declaration" => self.constants(*m, &mut class),
                    _ => {}
                }
            }
        }
        self.script.classes.push(class);
    }

    fn properties(&mut self, decl: Node, doc: Option<DocComment>, class: &mut Class) {
        let mut public = true;
        let mut is_static = false;
        let mut cursor = decl.walk();
        let parts: Vec<Node> = decl.children(&mut cursor).collect();
        for p in &parts {
            match p.kind() {
                "visibility_modifier" => {
                    public = self.text(*p).eq_ignore_ascii_case("public");
                }
                "static_modifier" => is_static = true,
                _ => {}
            }
        }
        if !public {
            return;
        }
        for p in parts.iter().filter(|p| p.kind() == "property_element") {
            let Some(name) = p.child_by_field_name("name") else {
                continue;
            };
            let init = p
                .child_by_field_name("default_value")
                .map(|v| value::expr(v, self.src));
            class.properties.push(PhpProperty {
                name: self.text(name).trim_start_matches('$').to_string(),
                span: name.byte_range(),
                doc: doc.clone(),
                init,
                is_static,
            });
        }
    }

    fn method(&mut self, decl: Node, doc: Option<DocComment>, class: &mut Class) {
        let Some(name) = decl.child_by_field_name("name") else {
            return;
        };
        let mut args = Vec::new();
        if let Some(params) = decl.child_by_field_name("parameters") {
            let mut cursor = params.walk();
            for p in params.named_children(&mut cursor) {
                if let Some(n) = p.child_by_field_name("name") {
                    args.push(self.text(n).trim_start_matches('$').to_string());
                }
            }
        }
        class.methods.push(Method {
            name: self.text(name).to_string(),
            span: name.byte_range(),
            doc,
            args,
        });
    }

    fn constants(&mut self, decl: Node, class: &mut Class) {
        let mut cursor = decl.walk();
        for el in decl.named_children(&mut cursor) {
            if el.kind() != "const_element" {
                continue;
            }
            let (Some(name), Some(v)) = (el.named_child(0), el.named_child(1)) else {
                continue;
            };
            class
                .constants
                .push((self.text(name).to_string(), value::expr(v, self.src)));
        }
    }
}

/// `(x)` → `x`.
fn unparen(mut n: Node) -> Node {
    while n.kind() == "parenthesized_expression" {
        match n.named_child(0) {
            Some(inner) => n = inner,
            None => break,
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_classes_properties_methods_and_requires() {
        let src = r#"<?php
require_once "aps/2/runtime.php";
require __DIR__ . '/lib.php';
/**
 * @type("http://x/a/1.0")
 */
class a extends \APS\ResourceBase {
    # a comment between
    /** @type(string) */
    public $x = 'v';
    private $hidden;
    var $old;
    const LIMIT = 5;
    /** @verb(GET) */
    public function go($one, $two = null) {}
}
"#;
        let s = parse("scripts/a.php", src);
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert_eq!(s.requires.len(), 2);
        assert_eq!(s.requires[0].path, "aps/2/runtime.php");
        assert_eq!(s.requires[1].path, "lib.php");
        let c = &s.classes[0];
        assert_eq!(c.name, "a");
        assert!(c.doc.as_ref().is_some_and(|d| d.text.contains("@type")));
        let names: Vec<_> = c.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["x", "old"]);
        assert!(c.properties[0].doc.is_some());
        assert_eq!(c.methods[0].args, ["one", "two"]);
        assert_eq!(c.constants[0].0, "LIMIT");
    }

    #[test]
    fn broken_classes_are_located() {
        let s = parse("scripts/b.php", "<?php\nclass b {\n  public $x = ;\n}\n");
        assert!(!s.problems.is_empty());
        let s = parse("scripts/b.php", "<?php\n/** unterminated\nclass b {}");
        assert!(!s.problems.is_empty(), "{:?}", s.classes);
    }
}

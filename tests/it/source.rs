//! Conventions of the source tree that reviews would otherwise have to catch: every Rust file
//! under `src/` opens with a `//!` line saying what it owns, and no function is longer than 120
//! lines.

use std::path::{Path, PathBuf};

/// The longest a function may be, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 120;

fn rust_files() -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&src)
        .into_iter()
        .map(|e| e.expect("walk src").into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    assert!(files.len() > 20, "found the sources: {}", files.len());
    files
}

/// `(name, first line, length)` of every function with a body in rustfmt-formatted `text`: from
/// the line that opens it to the first line at its indentation that is a lone `}`.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let indent = &line[..line.len() - code.len()];
        let rest = ["pub(crate) ", "pub(super) ", "pub "]
            .iter()
            .find_map(|p| code.strip_prefix(p))
            .unwrap_or(code);
        let rest = rest.strip_prefix("const ").unwrap_or(rest);
        let Some(sig) = rest.strip_prefix("fn ") else {
            continue;
        };
        if line.trim_end().ends_with(';') {
            continue;
        }
        let name: String = sig
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let close = format!("{indent}}}");
        if let Some(end) = lines[i..].iter().position(|l| *l == close) {
            out.push((name, i + 1, end + 1));
        }
    }
    out
}

#[test]
fn no_function_is_longer_than_120_lines() {
    let mut long = Vec::new();
    for path in rust_files() {
        let text = std::fs::read_to_string(&path).expect("read a source file");
        for (name, line, len) in functions(&text) {
            if len > MAX_FN_LINES {
                long.push(format!("{}:{line} fn {name}: {len} lines", path.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn every_source_file_says_what_it_owns() {
    for path in rust_files() {
        let text = std::fs::read_to_string(&path).expect("read a source file");
        assert!(
            text.starts_with("//!"),
            "{} does not open with a //! line",
            path.display()
        );
    }
}

#[test]
fn the_length_check_finds_functions_and_their_ends() {
    let text = "fn a() {\n    x();\n}\n\nimpl X {\n    pub(crate) fn b(\n        y: u8,\n    ) -> u8 {\n        y\n    }\n    fn c();\n}\n";
    assert_eq!(
        functions(text),
        [("a".to_string(), 1, 3), ("b".to_string(), 6, 5)]
    );
}

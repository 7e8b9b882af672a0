//! Reading a service's script and the package scripts it requires, from any source of package
//! files (a directory on disk or a tree in memory), and turning them into its type definition.

use std::collections::BTreeSet;

use super::types::{self, Source, TypeDef};
use crate::php::problem::Level;
use crate::php::{self, Problem, Script};

/// Most scripts followed through `require`/`include` from one service script.
pub const MAX_INCLUDED: usize = 256;

/// A script read for a service: its text and parsed form, and those of the scripts it includes.
#[derive(Debug, Clone)]
pub struct ScriptSet {
    /// Package path, text and parse of the main script, then of each included script.
    pub files: Vec<(String, String, Script)>,
}

/// Everything read for one service script.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The type, when the script declares one and no error stopped it.
    pub type_def: Option<TypeDef>,
    /// Errors and warnings, each with its script's path.
    pub problems: Vec<Problem>,
    /// The scripts read (for showing problems with their source).
    pub set: ScriptSet,
    /// The script parsed cleanly but has no class with `@type` (the last problem says so).
    pub untyped: bool,
}

/// Reads the script at package path `code` and the package scripts it requires. `read` returns
/// the text of a package file, or `None` when the package has no such (UTF-8) file.
pub fn read_service(code: &str, read: &dyn Fn(&str) -> Option<String>) -> Reading {
    let mut files: Vec<(String, String, Script)> = Vec::new();
    let mut problems = Vec::new();
    let Some(text) = read(code) else {
        problems.push(Problem::new(
            Level::Error,
            code,
            0..0,
            format!("{code} is not a UTF-8 text file of the package"),
        ));
        return Reading {
            type_def: None,
            problems,
            set: ScriptSet { files },
            untyped: false,
        };
    };
    let mut seen: BTreeSet<String> = BTreeSet::from([code.to_string()]);
    let mut queue = vec![(code.to_string(), text)];
    while let Some((path, text)) = queue.pop() {
        let script = php::parse(&path, &text);
        for r in &script.requires {
            let Some(target) = resolve(&path, &r.path) else {
                continue;
            };
            if seen.len() >= MAX_INCLUDED || !seen.insert(target.clone()) {
                continue;
            }
            if let Some(t) = read(&target) {
                queue.push((target, t));
            }
        }
        files.push((path, text, script));
    }
    // A script the service script requires (often a library under scripts/vendor/) only offers
    // structure candidates: its syntax problems are warnings, so a library using syntax the
    // parser does not know cannot stop the build.
    for (i, (_, _, s)) in files.iter().enumerate() {
        for p in &s.problems {
            let mut p = p.clone();
            if i > 0 && p.level == Level::Error {
                p.level = Level::Warning;
                p.message = format!(
                    "{} (in a script {code} requires; its classes may be missed as structures)",
                    p.message
                );
            }
            problems.push(p);
        }
    }
    let sources: Vec<Source> = files
        .iter()
        .map(|(p, t, s)| Source {
            path: p,
            text: t,
            script: s,
        })
        .collect();
    let mut type_def = None;
    let mut untyped = false;
    if let Some((main, rest)) = sources.split_first()
        && !problems.iter().any(|p| p.level == Level::Error)
    {
        type_def = types::read_type(*main, rest, &mut problems);
        if type_def.is_none() && !problems.iter().any(|p| p.level == Level::Error) {
            untyped = true;
            problems.push(
                Problem::new(
                    Level::Error,
                    code,
                    0..0,
                    format!("{code} has no class with a @type annotation"),
                )
                .help("annotate the resource class: /** @type(\"http://example.com/app/thing/1.0\") */"),
            );
        }
    }
    Reading {
        type_def,
        problems,
        set: ScriptSet { files },
        untyped,
    }
}

/// The package path a `require` of `target` in the script at `from` names, when it stays inside
/// the package: relative to the script's directory, `.` and `..` resolved.
pub fn resolve(from: &str, target: &str) -> Option<String> {
    if target.is_empty() || target.contains(['\\', '\0']) || target.contains("://") {
        return None;
    }
    let mut parts: Vec<&str> = if target.starts_with('/') {
        return None;
    } else {
        from.split('/').collect()
    };
    parts.pop();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn requires_resolve_inside_the_package() {
        assert_eq!(
            resolve("scripts/a.php", "b.php").as_deref(),
            Some("scripts/b.php")
        );
        assert_eq!(
            resolve("scripts/a.php", "./lib/c.php").as_deref(),
            Some("scripts/lib/c.php")
        );
        assert_eq!(
            resolve("scripts/a.php", "../x.php").as_deref(),
            Some("x.php")
        );
        assert_eq!(resolve("scripts/a.php", "../../x.php"), None);
        assert_eq!(resolve("scripts/a.php", "/etc/passwd"), None);
    }

    #[test]
    fn structures_come_from_included_scripts() {
        let files: BTreeMap<&str, &str> = BTreeMap::from([
            (
                "scripts/a.php",
                "<?php require_once 'aps/2/runtime.php'; require 'types.php';\n/** @type(\"http://x/a/1.0\") */\nclass a { /** @type(Limit) */ public $l; }",
            ),
            (
                "scripts/types.php",
                "<?php require 'a.php';\nclass Limit { /** @type(integer) */ public $max = -1; }",
            ),
        ]);
        let r = read_service("scripts/a.php", &|p| files.get(p).map(|s| s.to_string()));
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let t = r.type_def.map(|t| t.schema).unwrap_or_default();
        assert_eq!(t["structures"]["Limit"]["properties"]["max"]["default"], -1);
        assert_eq!(r.set.files.len(), 2);
        // A class used only by an operation is a structure too.
        let op = "<?php\nclass Usage { /** @type(integer) */ public $n; }\n/** @type(\"http://x/a/1.0\") */\nclass a {\n  /**\n   * @verb(GET)\n   * @path(\"/u\")\n   * @return(Usage, \"text/json\")\n   */\n  public function u() {}\n}\n";
        let r = read_service("scripts/a.php", &|p| {
            (p == "scripts/a.php").then(|| op.to_string())
        });
        let t = r.type_def.map(|t| t.schema).unwrap_or_default();
        assert_eq!(
            t["structures"]["Usage"]["properties"]["n"]["type"],
            "integer"
        );
        // A broken library the script requires is a warning, not an error.
        let lib = "<?php\nclass Broken { public function f() { return [1, 2; } }\nclass {";
        let r = read_service("scripts/a.php", &|p| match p {
            "scripts/a.php" => Some(format!(
                "<?php require 'vendor/lib.php';\n{}",
                op.trim_start_matches("<?php\n")
            )),
            "scripts/vendor/lib.php" => Some(lib.to_string()),
            _ => None,
        });
        assert!(r.type_def.is_some(), "{:?}", r.problems);
        assert!(!r.problems.is_empty());
        assert!(
            r.problems
                .iter()
                .all(|p| p.level == Level::Warning && p.path == "scripts/vendor/lib.php")
        );
        let missing = read_service("scripts/none.php", &|_| None);
        assert_eq!(missing.problems.len(), 1);
        let untyped = read_service("scripts/types.php", &|p| {
            files.get(p).map(|s| s.to_string())
        });
        assert!(
            untyped.problems[0]
                .message
                .contains("no class with a @type")
        );
    }
}

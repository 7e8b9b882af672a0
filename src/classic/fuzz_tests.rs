//! Property tests: mutated PHP (unterminated comments and strings, annotations in strings,
//! heredocs, deep nesting, multi-byte text, CRLF) gives located problems or a clean type, never a
//! panic, and every problem's span lies inside its script on character boundaries.

use proptest::prelude::*;

use super::scripts::read_service;
use super::types::KNOWN;

/// A script with every construct the reader handles.
const BASE: &str = r#"<?php
require_once "aps/2/runtime.php";
require 'lib.php';

/**
 * The service.
 * @type("http://example.com/app/thing/1.0")
 * @implements("http://aps-standard.org/types/core/resource/1.0")
 */
class thing extends \APS\ResourceBase {
    const LIMIT = 10;
    /**
     * @type(string)
     * @title("Name — naïve 名前")
     * @option("a", "A")
     * @option("b", "B")
     * @required
     */
    public $name = 'a';

    /** @type(Limit[]) */
    public $limits = array(1, -2, [3, 'x' => self::LIMIT]);

    /**
     * @link("http://example.com/app/other/1.0[]")
     * @allocate(new)
     */
    public $others;

    /**
     * @verb(GET)
     * @path("/count")
     * @param(string, query)
     * @return(string, "text/plain")
     */
    public function count($filter) {
        $s = "@type(\"not an annotation\") $filter";
        $h = <<<EOT
        heredoc {$filter} /* not a comment */
        EOT;
        return strlen($s . $h);
    }
}
"#;

const LIB: &str = "<?php\nclass Limit {\n    /** @type(integer) */\n    public $max = -1;\n}\n";

/// Pieces spliced into the script.
const PIECES: &[&str] = &[
    "/*",
    "/**",
    "*/",
    "\"",
    "'",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ";",
    "@type(\"",
    " * @requried\n",
    " * @Title(\"x\")\n",
    " * @option(\"only\")\n",
    "<<<EOT\n",
    "<<<'EOT'\n",
    "\nEOT;\n",
    "é",
    "漢字",
    "😀",
    "\r\n",
    "\r",
    "\u{feff}",
    "?>",
    "<?php",
    "$",
    "\\",
    "public $x = ",
    "",
];

/// `n` levels of nested arrays, or of nested blocks.
fn nesting(n: usize, arrays: bool) -> String {
    if arrays {
        format!("{}{}", "[".repeat(n), "]".repeat(n))
    } else {
        format!("{}{}", "{".repeat(n), "}".repeat(n))
    }
}

fn apply(text: &mut String, at: usize, len: usize, piece: &str) {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + len % 8).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text.replace_range(at..end, piece);
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let files = [("scripts/thing.php", text), ("scripts/lib.php", LIB)];
    let r = read_service("scripts/thing.php", &|p| {
        files
            .iter()
            .find(|(n, _)| *n == p)
            .map(|(_, t)| t.to_string())
    });
    for p in &r.problems {
        let t = files
            .iter()
            .find(|(n, _)| *n == p.path)
            .map(|(_, t)| *t)
            .unwrap_or("");
        prop_assert!(p.span.start <= p.span.end, "{p:?}");
        prop_assert!(p.span.end <= t.len(), "{p:?} beyond {}", t.len());
        prop_assert!(
            t.is_char_boundary(p.span.start) && t.is_char_boundary(p.span.end),
            "{p:?}"
        );
        let (line, col) = p.position(t);
        prop_assert!(line >= 1 && col >= 1);
        let _ = crate::php::ScriptDiagnostic::new(p.clone(), t);
    }
    if let Some(t) = &r.type_def {
        let out = super::schemagen::render("scripts/thing.php", &t.schema);
        prop_assert!(std::str::from_utf8(&out).is_ok());
    }
    Ok(())
}

#[test]
fn the_base_script_reads_cleanly() {
    let files = [("scripts/thing.php", BASE), ("scripts/lib.php", LIB)];
    let r = read_service("scripts/thing.php", &|p| {
        files
            .iter()
            .find(|(n, _)| *n == p)
            .map(|(_, t)| t.to_string())
    });
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let t = r.type_def.map(|t| t.schema).unwrap_or_default();
    assert_eq!(t["properties"]["limits"]["default"][2]["x"], 10);
    assert_eq!(t["structures"]["Limit"]["properties"]["max"]["default"], -1);
    assert_eq!(
        t["operations"]["count"]["parameters"]["filter"]["kind"],
        "query"
    );
    assert!(KNOWN.iter().any(|(n, _, _)| *n == "type"));
}

#[test]
fn deep_nesting_is_an_error_or_clean() {
    for arrays in [true, false] {
        let deep = nesting(100_000, arrays);
        let text = if arrays {
            BASE.replace("array(1, -2, [3, 'x' => self::LIMIT])", &deep)
        } else {
            BASE.replace("return strlen($s . $h);", &deep)
        };
        check(&text).expect("no panic, spans fit");
    }
    check(&BASE.replace('\n', "\r\n")).expect("CRLF");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_php_never_panics(
        edits in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<usize>()), 1..6),
        crlf in any::<bool>(),
    ) {
        let mut text = if crlf { BASE.replace('\n', "\r\n") } else { BASE.to_string() };
        for (at, len, piece) in edits {
            apply(&mut text, at, len, PIECES[piece % PIECES.len()]);
        }
        check(&text)?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        check(&text)?;
        check(&format!("<?php\n/**\n * {text}\n */\nclass a {{}}\n"))?;
    }
}

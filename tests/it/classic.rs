//! Classic builds against the vendor's own output: every pair in the shared vendor oracle (PHP
//! scripts and the `schemas/*.schema.gen` the vendor's `aps build` wrote from them) is made into a
//! classic tree with an `APP-META.xml` written here, built with apspack, and every generated
//! schema must equal the vendor's file byte for byte. Also the `build` command on classic trees:
//! the archive's contents, the source tree left untouched, `.apspack.toml` and `--config`.
//!
//! The oracle lives beside the project (`../shared/vendor-oracle`); without it the tests skip
//! locally and fail under `CI`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use apspack::classic;
use apspack::epoch::Epoch;
use apspack::model::FileSet;

/// `../shared/<name>` beside the project; `None` (after saying so) when missing outside CI.
pub fn shared(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(name);
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing, and CI is set: this test needs the shared test data",
        dir.display()
    );
    eprintln!("skipping: {} is missing (local run)", dir.display());
    None
}

/// The oracle pairs: directories holding `scripts/` and `schemas/`.
pub fn oracle_pairs() -> Vec<PathBuf> {
    let Some(dir) = shared("vendor-oracle") else {
        return Vec::new();
    };
    let mut pairs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read the oracle")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("scripts").is_dir() && p.join("schemas").is_dir())
        .collect();
    pairs.sort();
    assert!(
        pairs.len() >= 2,
        "expected at least two oracle pairs in {}",
        dir.display()
    );
    pairs
}

/// The script a vendor schema names in its first header line.
pub fn script_of(schema_text: &str) -> String {
    let first = schema_text.lines().next().unwrap_or("");
    let start = first
        .find("from '")
        .map(|i| i + 6)
        .expect("header names the script");
    let end = first[start..].find('\'').expect("quoted script") + start;
    first[start..end].to_string()
}

/// The vendor schemas of a pair: package path → bytes.
pub fn vendor_schemas(pair: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(pair.join("schemas")).expect("schemas dir") {
        let p = e.expect("entry").path();
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        out.insert(
            format!("schemas/{name}"),
            std::fs::read(&p).expect("read schema"),
        );
    }
    out
}

/// Writes a classic tree for `pair` into `dir`: its scripts, and an APP-META.xml with one
/// service per vendor schema. With `schema_elements`, each service names its schema path;
/// without, the build must add the elements itself.
pub fn classic_tree(pair: &Path, dir: &Path, schema_elements: bool) {
    let scripts = dir.join("scripts");
    std::fs::create_dir_all(&scripts).expect("mkdir");
    for e in std::fs::read_dir(pair.join("scripts")).expect("scripts dir") {
        let p = e.expect("entry").path();
        if p.is_file() {
            std::fs::copy(&p, scripts.join(p.file_name().expect("name"))).expect("copy");
        }
    }
    let mut services = String::new();
    for (path, bytes) in vendor_schemas(pair) {
        let code = script_of(&String::from_utf8_lossy(&bytes));
        let id = path
            .trim_start_matches("schemas/")
            .trim_end_matches(".schema.gen")
            .to_string();
        let schema = if schema_elements {
            format!("\n    <schema path=\"{path}\"/>")
        } else {
            String::new()
        };
        services.push_str(&format!(
            "  <service id=\"{id}\">{schema}\n    <code engine=\"php\" path=\"{code}\"/>\n    <presentation><name>{id}</name></presentation>\n  </service>\n"
        ));
    }
    let meta = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n  <id>http://example.com/oracle</id>\n  <name>Oracle</name>\n  <version>1.0</version>\n  <release>1</release>\n  <homepage>http://example.com</homepage>\n  <vendor><name>Example</name><homepage>http://example.com</homepage></vendor>\n  <packager><name>Example</name><homepage>http://example.com</homepage></packager>\n  <presentation><summary>Oracle pair</summary><description>Oracle pair</description><categories><category>Samples</category></categories></presentation>\n  <license-agreement><free/><text><name>GPL</name><url>http://www.gnu.org/licenses/gpl.html</url></text></license-agreement>\n{services}</application>\n"
    );
    std::fs::write(dir.join("APP-META.xml"), meta).expect("write APP-META.xml");
}

fn all_files() -> FileSet {
    FileSet {
        include: vec!["**".into()],
        exclude: vec![],
    }
}

#[test]
fn oracle_schemas_are_byte_identical() {
    for pair in oracle_pairs() {
        for schema_elements in [false, true] {
            let tmp = tempfile::tempdir().expect("tempdir");
            classic_tree(&pair, tmp.path(), schema_elements);
            let built = classic::generate(tmp.path(), &all_files(), Epoch::from_secs(0))
                .unwrap_or_else(|e| panic!("{}: {e:?}", pair.display()));
            let expected = vendor_schemas(&pair);
            assert_eq!(built.schemas.len(), expected.len(), "{}", pair.display());
            for (path, want) in &expected {
                let got = built
                    .tree
                    .bytes(path)
                    .unwrap_or_else(|| panic!("{}: {path} not generated", pair.display()));
                assert!(
                    got == want.as_slice(),
                    "{}: {path} differs from the vendor's file\n--- vendor\n{}\n--- apspack\n{}",
                    pair.display(),
                    String::from_utf8_lossy(want),
                    String::from_utf8_lossy(got)
                );
            }
        }
    }
}

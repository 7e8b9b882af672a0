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

use super::support::{self, Apspack};

/// The oracle pairs: directories holding `scripts/` and `schemas/`.
pub fn oracle_pairs() -> Vec<PathBuf> {
    let Some(dir) = support::shared("vendor-oracle") else {
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

fn build_cmd(dir: &Path, out: &Path) -> assert_cmd::Command {
    Apspack::new()
        .arg("build")
        .arg(dir)
        .arg("-o")
        .arg(out)
        .command()
}

/// Every file under `dir`: relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// The members of the only archive in `out`.
fn archive_members(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let zip = std::fs::read_dir(out)
        .expect("out dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.to_string_lossy().ends_with(".app.zip"))
        .expect("an archive was written");
    let mut z = zip::ZipArchive::new(std::fs::File::open(zip).expect("open")).expect("zip");
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("member");
        if f.is_dir() {
            continue;
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut bytes).expect("read member");
        let name = f.name().expect("member name").to_string();
        out.insert(name, bytes);
    }
    out
}

/// A small classic tree with one annotated service.
fn small_tree(dir: &Path, script: &str) {
    std::fs::create_dir_all(dir.join("scripts")).expect("mkdir");
    std::fs::write(dir.join("scripts/app.php"), script).expect("write");
    std::fs::write(
        dir.join("APP-META.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n  <id>http://example.com/small</id>\n  <name>Small</name>\n  <version>1.0</version>\n  <release>1</release>\n  <homepage>http://example.com</homepage>\n  <vendor><name>Example</name><homepage>http://example.com</homepage></vendor>\n  <packager><name>Example</name><homepage>http://example.com</homepage></packager>\n  <presentation><summary>s</summary><description>d</description><categories><category>Samples</category></categories></presentation>\n  <license-agreement><free/><text><name>GPL</name><url>http://www.gnu.org/licenses/gpl.html</url></text></license-agreement>\n  <service id=\"app\">\n    <code engine=\"php\" path=\"scripts/app.php\"/>\n    <presentation><name>App</name></presentation>\n  </service>\n</application>\n",
    )
    .expect("write");
}

const APP: &str = "<?php\nrequire \"aps/2/runtime.php\";\n/**\n * @type(\"http://example.com/small/app/1.0\")\n * @implements(\"http://aps-standard.org/types/core/application/1.0\")\n */\nclass app extends \\APS\\ResourceBase {\n    /**\n     * @type(string)\n     * @title(\"Host\")\n     */\n    public $host = 'localhost';\n}\n";

#[test]
fn build_writes_the_vendor_schemas_and_leaves_the_tree_alone() {
    for pair in oracle_pairs() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let src = tmp.path().join("src");
        classic_tree(&pair, &src, false);
        std::fs::write(src.join("scripts/notes.txt~"), "junk").expect("junk");
        std::fs::create_dir_all(src.join(".git")).expect("git dir");
        std::fs::write(src.join(".git/config"), "junk").expect("junk");
        let before = snapshot(&src);
        let out = tmp.path().join("out");
        build_cmd(&src, &out).assert().success();
        assert_eq!(snapshot(&src), before, "the source tree changed");
        let members = archive_members(&out);
        for (path, want) in vendor_schemas(&pair) {
            assert_eq!(members.get(&path), Some(&want), "{path} in the archive");
        }
        assert!(
            !members
                .keys()
                .any(|k| k.ends_with('~') || k.starts_with(".git"))
        );
        let meta = String::from_utf8_lossy(&members["APP-META.xml"]).into_owned();
        assert!(meta.contains("packaged=\"1980-01-01T00:00:00\""), "{meta}");
        assert!(meta.contains("<schema path=\"schemas/"), "{meta}");
        let list = String::from_utf8_lossy(&members["APP-LIST.xml"]).into_owned();
        for name in members.keys().filter(|k| *k != "APP-LIST.xml") {
            assert!(
                list.contains(&format!("name=\"{name}\"")),
                "{name} not listed"
            );
        }
    }
}

#[test]
fn apspack_toml_files_and_lint_and_config_flag() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src");
    small_tree(&src, APP);
    std::fs::write(src.join("README.txt"), "read me").expect("write");
    std::fs::write(
        src.join(".apspack.toml"),
        "[files]\nexclude = [\"README.txt\"]\n\n[lint]\nallow = [\"APS0805\"]\n",
    )
    .expect("write");
    let out = tmp.path().join("out");
    let assert = build_cmd(&src, &out).assert().success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(!stderr.contains("APS0805"), "{stderr}");
    let members = archive_members(&out);
    assert!(!members.contains_key("README.txt"));
    assert!(!members.contains_key(".apspack.toml"));
    let schema = String::from_utf8_lossy(&members["schemas/app.schema.gen"]).into_owned();
    assert!(schema.contains("\"default\": \"localhost\""), "{schema}");

    // --config wins over .apspack.toml: the allowed warning comes back as an error.
    let cfg = tmp.path().join("strict.toml");
    std::fs::write(&cfg, "[lint.severity]\nAPS0805 = \"error\"\n").expect("write");
    let out2 = tmp.path().join("out2");
    let assert = build_cmd(&src, &out2)
        .arg("--config")
        .arg(&cfg)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("error APS0805"), "{stderr}");
    assert!(!out2.exists(), "nothing is written when lint fails");

    // A bad glob in [files] is an error at its line and column.
    std::fs::write(src.join(".apspack.toml"), "[files]\nexclude = [\"a/[\"]\n").expect("write");
    let assert = build_cmd(&src, &tmp.path().join("out3")).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains(".apspack.toml:2:"), "{stderr}");
}

#[test]
fn annotation_problems_are_located() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src");
    let misspelt = APP.replace("@title(\"Host\")", "@title(\"Host\")\n     * @requried");
    small_tree(&src, &misspelt);
    let out = tmp.path().join("out");
    let assert = build_cmd(&src, &out).assert().success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("scripts/app.php:11:8"), "{stderr}");
    assert!(stderr.contains("did you mean @required?"), "{stderr}");

    let broken = APP.replace("@title(\"Host\")", "@title(\"Host)");
    small_tree(&src, &broken);
    let out = tmp.path().join("out-broken");
    let assert = build_cmd(&src, &out).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("scripts/app.php:10:15"), "{stderr}");
    assert!(stderr.contains("unterminated string"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn built_corpus_packages_without_errors_build_as_classic_trees() {
    let Some(corpus) = support::corpus() else {
        return;
    };
    let expected: serde_json::Value = serde_json::from_slice(
        &std::fs::read(corpus.join("expected.json")).expect("expected.json"),
    )
    .expect("expected.json parses");
    let tmp = tempfile::tempdir().expect("tempdir");
    let roots = super::import::built_roots(tmp.path());
    assert!(roots.len() >= 2, "the corpus has built package roots");
    for (name, root) in roots {
        let (package, rel) = name.split_once('/').expect("package/root");
        let errors = expected
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["package"] == package && r["root"] == format!("_built/{rel}"))
            .and_then(|r| r["errors"].as_array())
            .map_or(0, Vec::len);
        // The materialized scripts are placeholders without annotations: the schemas the tree
        // already has are packaged as they are, with a warning.
        let run = Apspack::new()
            .arg("build")
            .arg(&root)
            .arg("-o")
            .arg(tmp.path().join(format!("out-{package}")))
            .run();
        if errors == 0 {
            let run = run.expect_code(0);
            assert!(
                run.stderr.contains("is packaged as it is"),
                "{}",
                run.stderr
            );
        } else {
            let run = run.expect_code(1);
            assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
        }
    }
}

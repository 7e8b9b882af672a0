//! Template checks that need no apspack code: every `templates/*/aps.toml` parses as TOML, every
//! file it names exists inside the template, nothing in `ui/` or `scripts/` is left unreferenced,
//! the i18n catalogues and images are what they claim, and the PHP annotations of each script
//! agree with the types the manifest declares.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use toml::{Table, Value};

/// Prefix that short core type forms (`core/resource/1.0`) expand to.
const CORE_PREFIX: &str = "http://aps-standard.org/types/";

/// Plain JSON-ish property types, written unquoted in PHP annotations.
const SIMPLE_TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

fn templates_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("templates")
}

/// Every template directory (one holding an aps.toml), sorted.
fn templates() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(templates_root())
        .expect("templates/ is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("aps.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

pub(super) fn load(dir: &Path) -> Table {
    let path = dir.join("aps.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.parse::<Table>()
        .unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", path.display()))
}

/// Runs `check` on every template and fails with the problems it reports, template by template.
fn assert_no_problems(check: impl Fn(&Path, &Table) -> Vec<String>) {
    for dir in templates() {
        let problems = check(&dir, &load(&dir));
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            dir.display(),
            problems.join("\n")
        );
    }
}

/// A manifest given as TOML text in a test.
fn manifest(toml: &str) -> Table {
    toml.parse().expect("valid TOML")
}

/// A temporary directory holding `content` at `rel` (one directory deep).
fn with_file(rel: &str, content: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, content).expect("write");
    dir
}

fn table<'a>(t: &'a Table, key: &str) -> Option<&'a Table> {
    t.get(key).and_then(Value::as_table)
}

fn string<'a>(t: &'a Table, key: &str) -> Option<&'a str> {
    t.get(key).and_then(Value::as_str)
}

fn array<'a>(t: &'a Table, key: &str) -> &'a [Value] {
    t.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn flag(t: &Table, key: &str) -> bool {
    t.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// Every file path the manifest makes the package depend on, each with what refers to it.
fn referenced_files(m: &Table) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(pkg) = table(m, "package") {
        if let Some(icon) = string(pkg, "icon") {
            out.push(("package.icon".to_string(), icon.to_string()));
        }
        for s in array(pkg, "screenshots").iter().filter_map(Value::as_table) {
            if let Some(p) = string(s, "path") {
                out.push(("package.screenshots".to_string(), p.to_string()));
            }
        }
        for who in ["vendor", "packager"] {
            if let Some(icon) = table(pkg, who).and_then(|v| string(v, "icon")) {
                out.push((format!("package.{who}.icon"), icon.to_string()));
            }
        }
        if let Some(file) = table(pkg, "license").and_then(|l| string(l, "file")) {
            out.push(("package.license.file".to_string(), file.to_string()));
        }
        for lang in array(pkg, "languages").iter().filter_map(Value::as_str) {
            out.push(("package.languages".to_string(), format!("i18n/{lang}.json")));
        }
    }
    if let Some(types) = table(m, "types") {
        for (key, ty) in types.iter().filter_map(|(k, v)| Some((k, v.as_table()?))) {
            let code =
                string(ty, "code").map_or_else(|| format!("scripts/{key}.php"), String::from);
            out.push((format!("types.{key}.code"), code));
            for link in array(ty, "infolinks").iter().filter_map(Value::as_table) {
                if let Some(href) = string(link, "href").filter(|h| !h.contains("://")) {
                    out.push((format!("types.{key}.infolinks"), href.to_string()));
                }
            }
        }
    }
    for nav in array(m, "navigation").iter().filter_map(Value::as_table) {
        view_files(array(nav, "views"), &mut out);
        for item in array(nav, "items").iter().filter_map(Value::as_table) {
            view_files(array(item, "views"), &mut out);
        }
    }
    out
}

/// The source of each view (explicit `src`, else `ui/<id>.html`), nested views included.
fn view_files(views: &[Value], out: &mut Vec<(String, String)>) {
    for view in views.iter().filter_map(Value::as_table) {
        let id = string(view, "id").unwrap_or("?");
        let src = string(view, "src").map_or_else(|| format!("ui/{id}.html"), String::from);
        out.push((format!("view {id}"), src));
        view_files(array(view, "views"), out);
    }
}

/// Problems with the referenced files of the template in `dir`: paths that leave the project
/// or do not name a regular file.
fn missing_files(dir: &Path, m: &Table) -> Vec<String> {
    let mut problems = Vec::new();
    for (what, path) in referenced_files(m) {
        if path.starts_with('/') || path.contains('\\') || path.split('/').any(|p| p == "..") {
            problems.push(format!(
                "{what}: `{path}` is not a relative path inside the project"
            ));
        } else if !dir.join(&path).is_file() {
            problems.push(format!("{what}: `{path}` does not exist"));
        }
    }
    problems
}

#[test]
fn both_templates_exist() {
    let names: Vec<String> = templates()
        .iter()
        .filter_map(|d| d.file_name()?.to_str().map(String::from))
        .collect();
    for wanted in ["minimal", "ox-app-suite"] {
        assert!(
            names.iter().any(|n| n == wanted),
            "templates/{wanted} is missing"
        );
    }
}

#[test]
fn every_referenced_file_exists() {
    assert_no_problems(|dir, m| {
        assert!(
            !referenced_files(m).is_empty(),
            "{} references no file at all",
            dir.display()
        );
        missing_files(dir, m)
    });
}

#[test]
fn a_missing_file_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let m = manifest(
        r#"
        [package]
        icon = "images/icon.png"
        [types.app]
        id = "http://example.com/app/1.0"
        [[navigation]]
        [[navigation.items]]
        [[navigation.items.views]]
        id = "home"
        views = [{ id = "nested", src = "../outside.js" }]
    "#,
    );
    let problems = missing_files(dir.path(), &m);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(problems[0].contains("images/icon.png"));
    assert!(problems[1].contains("scripts/app.php"));
    assert!(problems[2].contains("ui/home.html"));
    assert!(problems[3].contains("not a relative path"));
}

/// Every file under `dir/sub`, as project paths (`sub/...`), sorted.
fn files_under(dir: &Path, sub: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.join(sub)];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// The files a PHP script includes with `require_once __DIR__ . "/x.php"` (or `require`), as
/// project paths relative to the script's directory.
fn php_includes(script: &str, php: &str) -> Vec<String> {
    let base = script.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out = Vec::new();
    for line in php.lines().map(str::trim) {
        let Some(rest) = line
            .strip_prefix("require_once __DIR__ . \"")
            .or_else(|| line.strip_prefix("require __DIR__ . \""))
        else {
            continue;
        };
        if let Some(rel) = rest.split('"').next() {
            out.push(format!("{base}{rel}"));
        }
    }
    out
}

#[test]
fn every_ui_and_script_file_is_referenced() {
    for dir in templates() {
        let mut referenced: BTreeSet<String> = referenced_files(&load(&dir))
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        let scripts: Vec<String> = referenced
            .iter()
            .filter(|p| p.starts_with("scripts/"))
            .cloned()
            .collect();
        for script in scripts {
            let php = std::fs::read_to_string(dir.join(&script)).unwrap_or_default();
            for inc in php_includes(&script, &php) {
                assert!(
                    dir.join(&inc).is_file(),
                    "{}: {script} includes {inc}, which does not exist",
                    dir.display()
                );
                referenced.insert(inc);
            }
        }
        for sub in ["ui", "scripts"] {
            for rel in files_under(&dir, sub) {
                assert!(
                    referenced.contains(&rel),
                    "{}: {rel} is shipped but neither aps.toml nor a script refers to it",
                    dir.display()
                );
            }
        }
    }
}

#[test]
fn php_includes_are_found() {
    let php = "<?php\nrequire \"aps/2/runtime.php\";\nrequire_once __DIR__ . \"/lib/ox.php\";\n";
    assert_eq!(
        php_includes("scripts/app.php", php),
        vec!["scripts/lib/ox.php".to_string()]
    );
}

#[test]
fn changelog_covers_the_current_release() {
    for dir in templates() {
        let m = load(&dir);
        let pkg = table(&m, "package").expect("[package]");
        let version = string(pkg, "version").expect("package.version");
        let release = string(pkg, "release").expect("package.release");
        let covered = array(pkg, "changelog")
            .iter()
            .filter_map(Value::as_table)
            .any(|c| {
                string(c, "version") == Some(version)
                    && string(c, "release") == Some(release)
                    && !array(c, "entries").is_empty()
            });
        assert!(
            covered,
            "{}: no changelog entry for {version}-{release}",
            dir.display()
        );
    }
}

#[test]
fn i18n_catalogues_are_json_objects_with_the_same_keys() {
    for dir in templates() {
        let m = load(&dir);
        let langs = table(&m, "package").map_or(&[][..], |p| array(p, "languages"));
        let mut key_sets = Vec::new();
        for lang in langs.iter().filter_map(Value::as_str) {
            let path = dir.join("i18n").join(format!("{lang}.json"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let json: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
            let obj = json
                .as_object()
                .unwrap_or_else(|| panic!("{} is not a JSON object", path.display()));
            assert!(
                obj.values().all(serde_json::Value::is_string),
                "{}: every translation is a string",
                path.display()
            );
            key_sets.push((
                lang.to_string(),
                obj.keys().cloned().collect::<BTreeSet<_>>(),
            ));
        }
        for pair in key_sets.windows(2) {
            assert_eq!(
                pair[0].1,
                pair[1].1,
                "{}: catalogues {} and {} differ in their keys",
                dir.display(),
                pair[0].0,
                pair[1].0
            );
        }
    }
}

/// Width and height of a PNG, from its IHDR chunk.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    Some((w, h))
}

#[test]
fn images_are_pngs_and_icons_are_square() {
    for dir in templates() {
        let m = load(&dir);
        for (what, path) in referenced_files(&m) {
            if !path.ends_with(".png") {
                continue;
            }
            let bytes = std::fs::read(dir.join(&path)).expect("referenced image is readable");
            let (w, h) = png_size(&bytes)
                .unwrap_or_else(|| panic!("{}: {path} is not a PNG", dir.display()));
            if what.ends_with("icon") {
                assert_eq!(w, h, "{}: icon {path} is not square", dir.display());
                assert!(
                    (32..=256).contains(&w),
                    "{}: icon {path} is {w}px",
                    dir.display()
                );
            } else {
                assert!(
                    w >= 320 && h >= 200,
                    "{}: {path} is too small",
                    dir.display()
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// PHP annotations against the manifest
// ---------------------------------------------------------------------------------------------

/// One `@name(args)` annotation of a doc block.
#[derive(Debug, Clone)]
struct Annotation {
    name: String,
    args: Vec<String>,
}

/// A doc block and the declaration after it.
#[derive(Debug)]
struct Declared {
    annotations: Vec<Annotation>,
    decl: String,
}

impl Declared {
    fn get(&self, name: &str) -> Option<&Annotation> {
        self.annotations.iter().find(|a| a.name == name)
    }

    fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The single argument of `@name(...)`.
    fn arg(&self, name: &str) -> Option<&str> {
        self.get(name)
            .and_then(|a| a.args.first())
            .map(String::as_str)
    }
}

/// Splits `a, "b,c", d` at commas outside double quotes and unquotes each part.
fn split_args(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur).trim().to_string()),
            _ => cur.push(c),
        }
    }
    if !cur.trim().is_empty() || !out.is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

fn annotations(doc: &str) -> Vec<Annotation> {
    let mut out = Vec::new();
    for line in doc.lines() {
        let line = line.trim().trim_start_matches('*').trim();
        let Some(rest) = line.strip_prefix('@') else {
            continue;
        };
        let name_end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_string();
        let after = &rest[name_end..];
        let args = match (after.strip_prefix('('), after.rfind(')')) {
            (Some(_), Some(close)) => split_args(&after[1..close]),
            _ => Vec::new(),
        };
        out.push(Annotation { name, args });
    }
    out
}

/// Every `/** ... */` block of a PHP file with the declaration line that follows it.
fn declarations(php: &str) -> Vec<Declared> {
    let mut out = Vec::new();
    let mut rest = php;
    while let Some(start) = rest.find("/**") {
        let Some(len) = rest[start..].find("*/") else {
            break;
        };
        let doc = &rest[start + 3..start + len];
        rest = &rest[start + len + 2..];
        let decl = rest
            .trim_start()
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        out.push(Declared {
            annotations: annotations(doc),
            decl,
        });
    }
    out
}

/// Name of a `public $name;` declaration.
fn member_name(decl: &str) -> Option<&str> {
    decl.strip_prefix("public $")?.strip_suffix(';')
}

/// Name of a `class Name ...` declaration.
fn class_name(decl: &str) -> Option<&str> {
    decl.strip_prefix("class ")?.split_whitespace().next()
}

/// Name of a `public function name(...)` declaration.
fn function_name(decl: &str) -> Option<&str> {
    decl.strip_prefix("public function ")?.split('(').next()
}

/// The members (doc blocks of `public $x;`) of class `class`, in the order of the file.
fn class_members<'a>(decls: &'a [Declared], class: &str) -> Vec<&'a Declared> {
    let mut inside = false;
    let mut out = Vec::new();
    for d in decls {
        if let Some(name) = class_name(&d.decl) {
            inside = name == class;
        } else if inside {
            out.push(d);
        }
    }
    out
}

/// Expands a type reference of the manifest to what the PHP annotation holds.
fn resolve_type(t: &str, types: &Table, structures: Option<&Table>) -> String {
    if SIMPLE_TYPES.contains(&t) || structures.is_some_and(|s| s.contains_key(t)) {
        return t.to_string();
    }
    if let Some(short) = t.strip_prefix("core/") {
        return format!("{CORE_PREFIX}core/{short}");
    }
    if let Some(id) = types
        .get(t)
        .and_then(Value::as_table)
        .and_then(|ty| string(ty, "id"))
    {
        return id.to_string();
    }
    t.to_string()
}

/// A TOML scalar as the PHP annotation writes it (strings unquoted).
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Boolean(b) => b.to_string(),
        other => format!("{other:?}"),
    }
}

/// Compares one manifest property with the doc block of its PHP member.
fn check_property(
    ctx: &str,
    def: &Table,
    php: &Declared,
    types: &Table,
    structures: Option<&Table>,
    problems: &mut Vec<String>,
) {
    let ty = string(def, "type").unwrap_or("");
    let mut want = resolve_type(ty, types, structures);
    if ty == "array" {
        let items = table(def, "items")
            .and_then(|i| string(i, "type"))
            .unwrap_or("");
        want = format!("{}[]", resolve_type(items, types, structures));
    }
    if php.arg("type") != Some(want.as_str()) {
        problems.push(format!(
            "{ctx}: @type is {:?}, want {want:?}",
            php.arg("type")
        ));
    }
    for attr in ["required", "encrypted", "readonly", "final"] {
        if flag(def, attr) != php.has(attr) {
            problems.push(format!(
                "{ctx}: `{attr}` differs between aps.toml and the script"
            ));
        }
    }
    for attr in ["title", "format", "unit", "pattern", "description"] {
        if string(def, attr) != php.arg(attr) {
            problems.push(format!(
                "{ctx}: {attr} {:?} in aps.toml, {:?} in the script",
                string(def, attr),
                php.arg(attr)
            ));
        }
    }
    let default = def.get("default").map(scalar);
    if default.as_deref() != php.arg("default") {
        problems.push(format!(
            "{ctx}: default {default:?} in aps.toml, {:?} in the script",
            php.arg("default")
        ));
    }
    for attr in ["enum", "enumTitles"] {
        let want: Vec<String> = array(def, attr).iter().map(scalar).collect();
        let got = php.get(attr).map(|a| a.args.clone()).unwrap_or_default();
        if want != got {
            problems.push(format!(
                "{ctx}: {attr} {want:?} in aps.toml, {got:?} in the script"
            ));
        }
    }
}

/// Compares a set of manifest properties with the members of one PHP class; returns the names
/// of members it did not account for.
fn check_members(
    ctx: &str,
    props: Option<&Table>,
    members: &[&Declared],
    types: &Table,
    structures: Option<&Table>,
    problems: &mut Vec<String>,
) -> BTreeSet<String> {
    let mut unseen: BTreeSet<String> = members
        .iter()
        .filter_map(|d| member_name(&d.decl).map(String::from))
        .collect();
    for (name, def) in props
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k, v.as_table()?)))
    {
        match members
            .iter()
            .find(|d| member_name(&d.decl) == Some(name.as_str()))
        {
            Some(php) => {
                unseen.remove(name);
                check_property(
                    &format!("{ctx}.{name}"),
                    def,
                    php,
                    types,
                    structures,
                    problems,
                );
            }
            None => problems.push(format!("{ctx}: no `public ${name};` in the script")),
        }
    }
    unseen
}

/// Every disagreement between the types of manifest `m` and the scripts of template `dir`.
pub(super) fn annotation_problems(dir: &Path, m: &Table) -> Vec<String> {
    let mut problems = Vec::new();
    let empty = Table::new();
    let types = table(m, "types").unwrap_or(&empty);
    for (key, ty) in types.iter().filter_map(|(k, v)| Some((k, v.as_table()?))) {
        let code = string(ty, "code").map_or_else(|| format!("scripts/{key}.php"), String::from);
        let Ok(php) = std::fs::read_to_string(dir.join(&code)) else {
            problems.push(format!("{key}: cannot read {code}"));
            continue;
        };
        let decls = declarations(&php);
        let id = string(ty, "id").unwrap_or("");
        let Some(class) = decls
            .iter()
            .find(|d| class_name(&d.decl).is_some() && d.arg("type") == Some(id))
        else {
            problems.push(format!("{key}: no class in {code} with @type(\"{id}\")"));
            continue;
        };
        let implemented = class
            .get("implements")
            .map(|a| a.args.clone())
            .unwrap_or_default();
        for imp in array(ty, "implements").iter().filter_map(Value::as_str) {
            let want = resolve_type(imp, types, None);
            if !implemented.contains(&want) {
                problems.push(format!("{key}: {code} does not @implements(\"{want}\")"));
            }
        }
        let class_id = class_name(&class.decl).unwrap_or("");
        let members = class_members(&decls, class_id);
        let structures = table(ty, "structures");
        let mut unseen = check_members(
            key,
            table(ty, "properties"),
            &members,
            types,
            structures,
            &mut problems,
        );
        for (name, rel) in table(ty, "relations")
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k, v.as_table()?)))
        {
            let Some(php) = members
                .iter()
                .find(|d| member_name(&d.decl) == Some(name.as_str()))
            else {
                problems.push(format!("{key}.{name}: no `public ${name};` in {code}"));
                continue;
            };
            unseen.remove(name);
            let mut want = resolve_type(string(rel, "type").unwrap_or(""), types, None);
            if flag(rel, "collection") {
                want.push_str("[]");
            }
            if php.arg("link") != Some(want.as_str()) {
                problems.push(format!(
                    "{key}.{name}: @link is {:?}, want {want:?}",
                    php.arg("link")
                ));
            }
            if flag(rel, "required") != php.has("required") {
                problems.push(format!("{key}.{name}: `required` differs"));
            }
        }
        for extra in unseen {
            problems.push(format!(
                "{key}: {code} declares ${extra}, aps.toml does not"
            ));
        }
        for (sname, st) in structures
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k, v.as_table()?)))
        {
            let members = class_members(&decls, sname);
            if members.is_empty() {
                problems.push(format!("{key}: no class {sname} in {code}"));
                continue;
            }
            let extra = check_members(
                &format!("{key}#{sname}"),
                table(st, "properties"),
                &members,
                types,
                structures,
                &mut problems,
            );
            for e in extra {
                problems.push(format!(
                    "{key}#{sname}: {code} declares ${e}, aps.toml does not"
                ));
            }
        }
        for (oname, op) in table(ty, "operations")
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k, v.as_table()?)))
        {
            let Some(php) = decls
                .iter()
                .find(|d| function_name(&d.decl) == Some(oname.as_str()))
            else {
                problems.push(format!("{key}.{oname}(): no such function in {code}"));
                continue;
            };
            for attr in ["verb", "path"] {
                if php.arg(attr) != string(op, attr) {
                    problems.push(format!(
                        "{key}.{oname}(): @{attr} {:?}, aps.toml says {:?}",
                        php.arg(attr),
                        string(op, attr)
                    ));
                }
            }
            let params = table(op, "parameters").map_or(0, Table::len);
            let php_params = php.annotations.iter().filter(|a| a.name == "param").count();
            if params != php_params {
                problems.push(format!(
                    "{key}.{oname}(): {params} parameters in aps.toml, {php_params} @param"
                ));
            }
        }
    }
    problems
}

#[test]
fn php_annotations_agree_with_the_manifest() {
    assert_no_problems(annotation_problems);
}

#[test]
fn annotation_disagreements_are_reported() {
    let dir = with_file(
        "scripts/app.php",
        r#"<?php
/**
 * @type("http://example.com/app/1.0")
 * @implements("http://aps-standard.org/types/core/application/1.0")
 */
class app extends \APS\ResourceBase
{
    /**
     * @type(integer)
     * @title("Port")
     */
    public $port;

    /**
     * @type(string)
     */
    public $stray;

    /**
     * @link("http://example.com/ctx/1.0")
     */
    public $contexts;
}
"#,
    );
    let m = manifest(
        r#"
        [types.app]
        id = "http://example.com/app/1.0"
        implements = ["core/application/1.0"]
        [types.app.properties]
        port = { type = "string", title = "Port", required = true }
        [types.app.relations]
        contexts = { type = "http://example.com/ctx/1.0", collection = true }
    "#,
    );
    let problems = annotation_problems(dir.path(), &m);
    let joined = problems.join("\n");
    assert!(joined.contains("app.port: @type"), "{joined}");
    assert!(joined.contains("app.port: `required`"), "{joined}");
    assert!(joined.contains("app.contexts: @link"), "{joined}");
    assert!(joined.contains("declares $stray"), "{joined}");
    assert_eq!(problems.len(), 4, "{joined}");
}

#[test]
fn annotation_parsing_handles_quotes_and_lists() {
    let decls = declarations(
        "/**\n * @enum(\"a,b\", \"c\")\n * @required\n * @access(owner, true)\n */\npublic $x;\n",
    );
    assert_eq!(decls.len(), 1);
    let d = &decls[0];
    assert_eq!(member_name(&d.decl), Some("x"));
    assert_eq!(
        d.get("enum").map(|a| a.args.clone()),
        Some(vec!["a,b".to_string(), "c".to_string()])
    );
    assert!(d.has("required"));
    assert_eq!(d.get("required").map(|a| a.args.len()), Some(0));
    assert_eq!(
        d.get("access").map(|a| a.args.clone()),
        Some(vec!["owner".to_string(), "true".to_string()])
    );
}

// ---------------------------------------------------------------------------------------------
// UI scripts against the manifest
// ---------------------------------------------------------------------------------------------

/// Every view id of the manifest's navigation trees, nested views included.
fn view_ids(m: &Table) -> BTreeSet<String> {
    fn walk(views: &[Value], out: &mut BTreeSet<String>) {
        for view in views.iter().filter_map(Value::as_table) {
            if let Some(id) = string(view, "id") {
                out.insert(id.to_string());
            }
            walk(array(view, "views"), out);
        }
    }
    let mut out = BTreeSet::new();
    for nav in array(m, "navigation").iter().filter_map(Value::as_table) {
        walk(array(nav, "views"), &mut out);
        for item in array(nav, "items").iter().filter_map(Value::as_table) {
            walk(array(item, "views"), &mut out);
        }
    }
    out
}

/// The first argument of every `name("...")` call in `js`.
fn string_args<'a>(js: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!("{name}(\"");
    js.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &js[at + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Every `apsType: "..."` value in `js`.
fn aps_types(js: &str) -> Vec<&str> {
    let needle = "apsType: \"";
    js.match_indices(needle)
        .filter_map(|(at, _)| {
            let rest = &js[at + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Views the UI scripts go to that the manifest does not declare, and type ids they query that
/// are neither package types nor standard APS types.
fn ui_problems(dir: &Path, m: &Table) -> Vec<String> {
    let views = view_ids(m);
    let type_ids: BTreeSet<&str> = table(m, "types")
        .into_iter()
        .flatten()
        .filter_map(|(_, t)| t.as_table().and_then(|t| string(t, "id")))
        .collect();
    let mut problems = Vec::new();
    for (_, src) in referenced_files(m)
        .into_iter()
        .filter(|(w, p)| w.starts_with("view ") && p.ends_with(".js"))
    {
        let Ok(js) = std::fs::read_to_string(dir.join(&src)) else {
            problems.push(format!("cannot read {src}"));
            continue;
        };
        for target in string_args(&js, "gotoView") {
            if !views.contains(target) {
                problems.push(format!("{src}: gotoView(\"{target}\") names no view"));
            }
        }
        for ty in aps_types(&js) {
            if !type_ids.contains(ty) && !ty.starts_with("http://aps-standard.org/types/") {
                problems.push(format!(
                    "{src}: apsType \"{ty}\" is not a type of the package"
                ));
            }
        }
    }
    problems
}

#[test]
fn ui_scripts_name_declared_views_and_types() {
    assert_no_problems(ui_problems);
}

#[test]
fn ui_disagreements_are_reported() {
    let dir = with_file(
        "ui/home.js",
        "aps.apsc.gotoView(\"home\"); aps.apsc.gotoView(\"gone\");\n\
         new ResourceStore({ apsType: \"http://example.com/other/1.0\" });\n\
         new ResourceStore({ apsType: \"http://example.com/app/1.0\" });\n",
    );
    let m = manifest(
        r#"
        [types.app]
        id = "http://example.com/app/1.0"
        [[navigation]]
        [[navigation.items]]
        [[navigation.items.views]]
        id = "home"
        src = "ui/home.js"
    "#,
    );
    let problems = ui_problems(dir.path(), &m);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].contains("gotoView(\"gone\")"));
    assert!(problems[1].contains("http://example.com/other/1.0"));
}

// ---------------------------------------------------------------------------------------------
// UI texts against the catalogues
// ---------------------------------------------------------------------------------------------

/// The argument of every `_("...")` call in `js`, unescaped.
fn translated(js: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in js.match_indices("_(\"") {
        if js[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let mut text = String::new();
        let mut chars = js[at + 3..].chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => text.extend(chars.next()),
                '"' => break,
                _ => text.push(c),
            }
        }
        out.push(text);
    }
    out
}

/// UI texts written as bare string literals instead of through `_()`.
fn untranslated(js: &str) -> Vec<String> {
    let mut out = Vec::new();
    for key in ["label", "title", "name", "hint", "description"] {
        for quote in ['"', '\''] {
            let needle = format!("{key}: {quote}");
            for (at, _) in js.match_indices(&needle) {
                let line = js[at..].lines().next().unwrap_or("");
                out.push(line.trim().to_string());
            }
        }
    }
    out
}

/// Every label of the manifest's navigation trees (navigation, items, views).
fn navigation_labels(m: &Table) -> BTreeSet<String> {
    fn walk(views: &[Value], out: &mut BTreeSet<String>) {
        for view in views.iter().filter_map(Value::as_table) {
            out.extend(string(view, "label").map(String::from));
            walk(array(view, "views"), out);
        }
    }
    let mut out = BTreeSet::new();
    for nav in array(m, "navigation").iter().filter_map(Value::as_table) {
        out.extend(string(nav, "label").map(String::from));
        walk(array(nav, "views"), &mut out);
        for item in array(nav, "items").iter().filter_map(Value::as_table) {
            out.extend(string(item, "label").map(String::from));
            walk(array(item, "views"), &mut out);
        }
    }
    out
}

/// Views whose texts bypass `_()`, texts no catalogue translates, and catalogue keys nothing uses.
fn catalogue_problems(dir: &Path, m: &Table) -> Vec<String> {
    let langs: Vec<&str> = table(m, "package")
        .map_or(&[][..], |p| array(p, "languages"))
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let mut problems = Vec::new();
    let mut used = navigation_labels(m);
    for (_, src) in referenced_files(m)
        .into_iter()
        .filter(|(w, p)| w.starts_with("view ") && p.ends_with(".js"))
    {
        let Ok(js) = std::fs::read_to_string(dir.join(&src)) else {
            problems.push(format!("cannot read {src}"));
            continue;
        };
        for bare in untranslated(&js) {
            problems.push(format!("{src}: `{bare}` is not passed through _()"));
        }
        used.extend(translated(&js));
    }
    if langs.is_empty() {
        return problems;
    }
    for lang in langs {
        let path = dir.join("i18n").join(format!("{lang}.json"));
        let catalogue: serde_json::Map<String, serde_json::Value> = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        for text in &used {
            if !catalogue.contains_key(text) {
                problems.push(format!("i18n/{lang}.json has no entry for {text:?}"));
            }
        }
        for key in catalogue.keys() {
            if !used.contains(key) {
                problems.push(format!("i18n/{lang}.json: {key:?} is used by no view"));
            }
        }
    }
    problems
}

#[test]
fn views_translate_every_text_and_catalogues_cover_them() {
    assert_no_problems(catalogue_problems);
}

#[test]
fn catalogue_gaps_are_reported() {
    let dir = with_file(
        "ui/home.js",
        "[\"aps/Panel\", { title: _(\"Home\") }, [\n  [\"aps/Output\", { label: \"Bare\" }],\n  [\"aps/Output\", { label: _(\"Quoted \\\"x\\\"\") }]\n]]\n",
    );
    std::fs::create_dir_all(dir.path().join("i18n")).expect("mkdir");
    std::fs::write(
        dir.path().join("i18n/en.json"),
        "{\"Home\": \"Home\", \"Stale\": \"Stale\", \"Menu\": \"Menu\"}",
    )
    .expect("write");
    let m = manifest(
        r#"
        [package]
        languages = ["en"]
        [[navigation]]
        label = "Menu"
        [[navigation.items]]
        label = "Start"
        [[navigation.items.views]]
        id = "home"
        label = "Home"
        src = "ui/home.js"
    "#,
    );
    let problems = catalogue_problems(dir.path(), &m);
    let joined = problems.join("\n");
    assert!(
        joined.contains("`label: \"Bare\" }],` is not passed"),
        "{joined}"
    );
    assert!(
        joined.contains("no entry for \"Quoted \\\"x\\\"\""),
        "{joined}"
    );
    assert!(joined.contains("no entry for \"Start\""), "{joined}");
    assert!(joined.contains("\"Stale\" is used by no view"), "{joined}");
    assert_eq!(problems.len(), 4, "{joined}");
}

// ---------------------------------------------------------------------------------------------
// The package's own tests
// ---------------------------------------------------------------------------------------------

/// A template with a `tests/` directory runs it with an executable `tests/run`, and `[files]`
/// never packages it (the default includes and the template's own leave it out).
#[test]
fn template_tests_are_runnable_and_never_packaged() {
    for dir in templates() {
        if !dir.join("tests").is_dir() {
            continue;
        }
        let run = dir.join("tests/run");
        assert!(run.is_file(), "{}: tests/ without tests/run", dir.display());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&run)
                .expect("tests/run")
                .permissions()
                .mode();
            assert!(
                mode & 0o111 != 0,
                "{}: tests/run is not executable",
                dir.display()
            );
        }
        let m = load(&dir);
        let includes: Vec<&str> = table(&m, "files")
            .map(|f| {
                array(f, "include")
                    .iter()
                    .filter_map(Value::as_str)
                    .collect()
            })
            .unwrap_or_default();
        for pattern in includes {
            assert!(
                !(pattern.starts_with("tests") || pattern.starts_with("**") || pattern == "*"),
                "{}: [files] include {pattern:?} would package tests/",
                dir.display()
            );
        }
    }
}

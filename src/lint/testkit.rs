//! Test support: a clean APS 2 package built in memory, and helpers to break it and lint it.

use crate::listing;
use crate::tree::{Entry, Origin, PackageTree};

use super::{Finding, Rule, Severity};

/// APP-META.xml of the clean package.
pub const META: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<application xmlns="http://aps-standard.org/ns/2" version="2.0" packaged="2026-01-01T00:00:00">
  <id>http://example.org/aps/demo</id>
  <name>Demo</name>
  <version>1.0</version>
  <release>1</release>
  <homepage>https://example.org</homepage>
  <vendor>
    <name>Example</name>
    <homepage>https://example.org</homepage>
  </vendor>
  <packager>
    <name>Example</name>
    <homepage>https://example.org</homepage>
  </packager>
  <presentation>
    <summary>A demo package</summary>
    <description>A demo package for tests.</description>
    <icon path="images/icon.png"/>
    <changelog>
      <version version="1.0" release="1">
        <entry>First release</entry>
      </version>
    </changelog>
    <categories>
      <category>Collaboration/Email</category>
    </categories>
    <languages>
      <language>en</language>
    </languages>
    <navigation id="ccp" label="Demo">
      <var name="app" type-id="http://example.org/aps/types/app/1.0"/>
      <plugs-to id="http://www.parallels.com/ccp/2"/>
      <item id="demo" label="Demo">
        <view id="main" label="Main" src="ui/main.js"/>
      </item>
    </navigation>
  </presentation>
  <license-agreement must-accept="true">
    <free/>
    <text>
      <name>MIT</name>
      <url>https://opensource.org/licenses/MIT</url>
    </text>
  </license-agreement>
  <upgrade match="version=ge=1.0, release=ge=0"/>
  <service id="app">
    <schema path="schemas/app.schema"/>
    <code engine="php" path="scripts/app.php"/>
    <presentation>
      <name>Demo application</name>
      <summary>Global settings</summary>
      <infolinks>
        <link class="deployment-guide" href="https://example.org/guide">Guide</link>
        <link class="support" href="https://example.org/support">Support</link>
      </infolinks>
    </presentation>
  </service>
</application>
"#;

/// schemas/app.schema of the clean package.
pub const APP_SCHEMA: &str = r#"{
  "apsVersion": "2.0",
  "name": "app",
  "id": "http://example.org/aps/types/app/1.0",
  "implements": ["http://aps-standard.org/types/core/application/1.0"],
  "properties": {
    "url": {"type": "string", "format": "uri", "required": true, "title": "URL"}
  },
  "relations": {
    "subscription": {"type": "http://aps-standard.org/types/core/subscription/1.0", "required": false}
  }
}
"#;

/// The clean package as a built archive would hold it, APP-LIST.xml included.
pub fn clean() -> PackageTree {
    let mut t = PackageTree::new(Origin::Archive("demo-1.0-1.app.zip".into()));
    t.push(Entry::memory("APP-META.xml", META.as_bytes().to_vec()));
    t.push(Entry::memory(
        "schemas/app.schema",
        APP_SCHEMA.as_bytes().to_vec(),
    ));
    t.push(Entry::memory("scripts/app.php", b"<?php\n".to_vec()));
    t.push(Entry::memory(
        "images/icon.png",
        b"\x89PNG\r\n\x1a\n".to_vec(),
    ));
    t.push(Entry::memory(
        "ui/main.js",
        b"define([], function () {});\n".to_vec(),
    ));
    t.push(Entry::memory("i18n/en.json", b"{}\n".to_vec()));
    t.push(Entry::memory("security.json", b"{}\n".to_vec()));
    relist(&mut t);
    t
}

/// Regenerates APP-LIST.xml so that only the intended defect remains.
pub fn relist(t: &mut PackageTree) {
    let list = listing::render(t);
    t.insert(Entry::memory(crate::aps::APP_LIST, list));
}

/// The clean package with APP-META.xml replaced (text substitution), APP-LIST.xml refreshed.
pub fn with_meta(from: &str, to: &str) -> PackageTree {
    assert!(META.contains(from), "test edit does not apply: {from}");
    with_file("APP-META.xml", &META.replacen(from, to, 1))
}

/// `t` as a source tree: a directory without what only a build writes (APP-LIST.xml, the
/// `packaged` attribute, `schemas/*.schema`). A directory that holds schemas is judged as a
/// built package.
pub fn source_tree(mut t: PackageTree) -> PackageTree {
    t.origin = Origin::Directory("demo".into());
    t.remove(crate::aps::APP_LIST);
    let schemas: Vec<String> = t
        .files()
        .filter(|e| e.path.starts_with("schemas/") && e.path.ends_with(".schema"))
        .map(|e| e.path.clone())
        .collect();
    for path in schemas {
        t.remove(&path);
    }
    if let Some(meta) = t.bytes("APP-META.xml") {
        let text =
            String::from_utf8_lossy(meta).replacen(r#" packaged="2026-01-01T00:00:00""#, "", 1);
        t.insert(Entry::memory("APP-META.xml", text.into_bytes()));
    }
    t
}

/// The clean package with `path` set to `content`, APP-LIST.xml refreshed.
pub fn with_file(path: &str, content: &str) -> PackageTree {
    let mut t = clean();
    t.insert(Entry::memory(path, content.as_bytes().to_vec()));
    relist(&mut t);
    t
}

/// The clean package with schemas/app.schema edited (text substitution), APP-LIST.xml refreshed.
pub fn with_schema(from: &str, to: &str) -> PackageTree {
    assert!(APP_SCHEMA.contains(from), "edit does not apply: {from}");
    with_file("schemas/app.schema", &APP_SCHEMA.replacen(from, to, 1))
}

/// The clean package with one more entry `path` holding `content` (appended, so a second entry
/// of an existing path stays a duplicate), APP-LIST.xml refreshed.
pub fn plus(path: &str, content: &[u8]) -> PackageTree {
    let mut t = clean();
    t.push(Entry::memory(path, content.to_vec()));
    relist(&mut t);
    t
}

/// The clean package without `path`, APP-LIST.xml refreshed.
pub fn without(path: &str) -> PackageTree {
    let mut t = clean();
    t.remove(path);
    relist(&mut t);
    t
}

/// Findings of `rule` on `tree`.
pub fn findings(tree: &PackageTree, rule: &'static Rule) -> Vec<Finding> {
    assert!(
        super::is_registered(rule),
        "{} is in no family's RULES",
        rule.code
    );
    super::lint(tree)
        .into_iter()
        .filter(|f| std::ptr::eq(f.rule, rule))
        .collect()
}

/// How many findings `rule` has on `tree`.
pub fn count(tree: &PackageTree, rule: &'static Rule) -> usize {
    findings(tree, rule).len()
}

/// Findings of `rule` on `tree`; fails the test when there is none.
pub fn fires(tree: &PackageTree, rule: &'static Rule) -> Vec<Finding> {
    let f = findings(tree, rule);
    assert!(
        !f.is_empty(),
        "{} did not fire:\n{}",
        rule.code,
        describe(tree)
    );
    f
}

/// Fails the test when `rule` reports anything on `tree`.
pub fn quiet(tree: &PackageTree, rule: &'static Rule) {
    let f = findings(tree, rule);
    assert!(
        f.is_empty(),
        "{} fired: {:?}",
        rule.code,
        f.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
}

/// Every finding of `tree` as `CODE file:line message`, for assertion messages.
pub fn describe(tree: &PackageTree) -> String {
    super::lint(tree)
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{} {}",
                f.rule.code,
                f.severity.as_str(),
                f.file.as_deref().unwrap_or("-"),
                f.line.unwrap_or(0),
                f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts that `tree` has no finding at or above `min`, leaving aside the note that an
/// archive is unsigned (APS0615), which every test package but the signed ones draws.
pub fn assert_clean(tree: &PackageTree, min: Severity) {
    let bad: Vec<_> = super::lint(tree)
        .into_iter()
        .filter(|f| f.severity >= min && !std::ptr::eq(f.rule, &super::applist::APP_LIST_UNSIGNED))
        .collect();
    assert!(bad.is_empty(), "unexpected findings:\n{}", describe(tree));
}

#[test]
fn the_clean_package_is_clean() {
    assert_clean(&clean(), Severity::Info);
}

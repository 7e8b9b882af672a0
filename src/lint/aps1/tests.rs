//! Tests of the aps1 family: for every rule, a package that triggers it and one that
//! does not.

use super::*;
use crate::lint::Rule;
use crate::lint::Severity;
use crate::tree::{Entry, Origin, PackageTree};

const APS12: &str = r#"<application xmlns="http://apstandard.com/ns/1" version="1.2">
  <id>http://www.example.com/</id>
  <name>Example</name>
  <version>1.0</version>
  <release>1</release>
  <presentation>
<summary>Example</summary>
<icon path="images/logo.gif"/>
<changelog><version version="1.0" release="1"><entry>First</entry></version></changelog>
  </presentation>
  <global-settings>
<setting type="host-name" id="server" default-value="mail.example.com"><name>Server</name></setting>
<setting type="enum" id="mode" default-value="a"><name>Mode</name><choice id="a"/><choice id="b"/></setting>
  </global-settings>
  <service id="example">
<license must-accept="true"><commercial/><text><name>License</name><file>htdocs/license.txt</file></text></license>
<requirements xmlns:php="http://apstandard.com/ns/1/php"><php:version min="5.3.0"/></requirements>
<provision xmlns:php="http://apstandard.com/ns/1/php">
  <url-mapping>
    <default-prefix>example</default-prefix>
    <mapping url="/" path="htdocs"><php:handler><php:extension>php</php:extension></php:handler>
      <mapping url="data"><php:permissions writable="true"/></mapping>
    </mapping>
  </url-mapping>
</provision>
  </service>
</application>
"#;

fn tree(meta: &str) -> PackageTree {
    let mut t = PackageTree::new(Origin::Directory("pkg".into()));
    t.push(Entry::memory("APP-META.xml", meta.as_bytes().to_vec()));
    for f in [
        "images/logo.gif",
        "htdocs/license.txt",
        "htdocs/index.php",
        "htdocs/data/.keep",
    ] {
        t.push(Entry::memory(f, b"x".to_vec()));
    }
    t
}

fn codes(meta: &str) -> Vec<&'static Rule> {
    crate::lint::lint(&tree(meta))
        .iter()
        .map(|f| f.rule)
        .collect()
}

fn count(meta: &str, rule: &'static Rule) -> usize {
    codes(meta).iter().filter(|c| **c == rule).count()
}

#[test]
fn a_clean_aps1_package_has_no_findings_from_aps2_rules() {
    let all = crate::lint::lint(&tree(APS12));
    assert!(all.is_empty(), "{all:?}");
}

#[test]
fn required_elements_and_id() {
    assert_eq!(
        count(&APS12.replace("<version>1.0</version>", ""), &APS1_REQUIRED),
        1
    );
    assert_eq!(
        count(
            &APS12.replace("<id>http://www.example.com/</id>", ""),
            &APS1_NO_ID
        ),
        1
    );
    let with_uri = APS12.replace(
        "<id>http://www.example.com/</id>",
        "<packager-uri>uuid:1</packager-uri>",
    );
    assert_eq!(count(&with_uri, &APS1_NO_ID), 0);
    assert_eq!(count(APS12, &APS1_REQUIRED) + count(APS12, &APS1_NO_ID), 0);
}

#[test]
fn placeholders_in_typed_fields_are_errors() {
    let m = APS12
        .replace(
            "<version>1.0</version>",
            "<version>%PRODUCT_VERSION%</version>",
        )
        .replace("<name>Example</name>", "<name>%PRODUCT_FULLNAME%</name>");
    let all = crate::lint::lint(&tree(&m));
    let typed: Vec<_> = all
        .iter()
        .filter(|f| f.rule == &crate::lint::values::PLACEHOLDER)
        .collect();
    assert_eq!(typed.len(), 1, "{all:?}");
    assert_eq!(typed[0].severity, Severity::Error);
    assert_eq!(
        all.iter()
            .filter(|f| f.rule == &crate::lint::values::PLACEHOLDER_TEXT)
            .count(),
        1
    );
}

#[test]
fn missing_files_and_mappings() {
    let mut t = tree(APS12);
    t.remove("images/logo.gif");
    t.remove("htdocs/license.txt");
    let f: Vec<_> = crate::lint::lint(&t)
        .into_iter()
        .filter(|f| f.rule == &crate::lint::references::REFERENCED_FILE_MISSING)
        .collect();
    assert_eq!(f.len(), 2, "{f:?}");
    let mut t = PackageTree::new(Origin::Directory("pkg".into()));
    t.push(Entry::memory("APP-META.xml", APS12.as_bytes().to_vec()));
    t.push(Entry::memory("images/logo.gif", b"x".to_vec()));
    let f: Vec<_> = crate::lint::lint(&t)
        .into_iter()
        .filter(|f| f.rule == &crate::lint::references::REFERENCED_FILE_MISSING)
        .collect();
    assert_eq!(
        f.len(),
        2,
        "licence file and htdocs, not htdocs/data: {f:?}"
    );
    assert!(
        f.iter()
            .any(|x| x.message.contains("maps directory `htdocs/`")
                && x.help.as_deref().is_some_and(|h| h.contains("`htdocs/`"))),
        "{f:?}"
    );
    let mut t = tree(APS12);
    t.remove("htdocs/data/.keep");
    let f: Vec<_> = crate::lint::lint(&t)
        .into_iter()
        .filter(|f| f.rule == &crate::lint::references::REFERENCED_FILE_MISSING)
        .collect();
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("htdocs/data"));
}

#[test]
fn service_id_with_space() {
    let m = APS12.replace(r#"<service id="example">"#, r#"<service id="Example Pro">"#);
    assert_eq!(count(&m, &crate::lint::values::SERVICE_ID_WHITESPACE), 1);
    assert_eq!(count(APS12, &crate::lint::values::SERVICE_ID_WHITESPACE), 0);
}

#[test]
fn setting_defaults() {
    let m = APS12.replace("mail.example.com", "77.77.150.135:1106");
    assert_eq!(count(&m, &APS1_SETTING_DEFAULT), 1);
    let m = APS12.replace(r#"default-value="a""#, r#"default-value="c""#);
    assert_eq!(count(&m, &APS1_SETTING_DEFAULT), 1);
    assert_eq!(count(APS12, &APS1_SETTING_DEFAULT), 0);
}

#[test]
fn unnamed_settings_group() {
    let grouped = APS12.replace(
        "<global-settings>",
        "<global-settings><group><setting id=\"g\" type=\"string\"><name>G</name></setting></group>",
    );
    assert_eq!(count(&grouped, &APS1_GROUP_UNNAMED), 1);
    let named = grouped.replace("<group>", "<group><name>General</name>");
    assert_eq!(count(&named, &APS1_GROUP_UNNAMED), 0);
    assert_eq!(count(APS12, &APS1_GROUP_UNNAMED), 0);
}

#[test]
fn entry_points_resolve_under_the_root_mapping() {
    let with_entry = |dst: &str| {
        APS12.replace(
            "<requirements",
            &format!(
                r#"<presentation><entry-points><entry dst="{dst}"><label>Go</label></entry></entry-points></presentation><requirements"#
            ),
        )
    };
    assert_eq!(count(&with_entry("index.php"), &APS1_ENTRY_POINT), 0);
    assert_eq!(count(&with_entry("data/"), &APS1_ENTRY_POINT), 0);
    assert_eq!(count(&with_entry("admin/index.php"), &APS1_ENTRY_POINT), 1);
    assert_eq!(count(APS12, &APS1_ENTRY_POINT), 0);
}

#[test]
fn misspelt_requirements() {
    let m = APS12.replace(
        r#"<php:version min="5.3.0"/>"#,
        r#"<php:version min="5.3.0"/><php:post_max_size>16M</php:post_max_size>"#,
    );
    let all = crate::lint::lint(&tree(&m));
    let f: Vec<_> = all
        .iter()
        .filter(|f| f.rule == &APS1_ASPECT_ELEMENT)
        .collect();
    assert_eq!(f.len(), 1);
    assert!(f[0].help.as_deref().unwrap_or("").contains("post-max-size"));
    assert_eq!(count(APS12, &APS1_ASPECT_ELEMENT), 0);
}

#[test]
fn flat_aps10_layout_changelog_text_and_configure() {
    let m = r#"<application xmlns="http://apstandard.com/ns/1">
  <name>Webmail</name>
  <version>1.0</version>
  <release>1</release>
  <configuration-script-language>php</configuration-script-language>
  <changelog>
%PRODUCT_CHANGELOG%
  </changelog>
  <installed-size>%INSTALL_SIZE%</installed-size>
</application>"#;
    let c = codes(m);
    assert!(
        c.contains(&&crate::lint::references::CHANGELOG_TEXT),
        "{c:?}"
    );
    assert!(c.contains(&&crate::lint::values::PLACEHOLDER), "{c:?}");
    assert!(
        c.contains(&&crate::lint::references::REFERENCED_FILE_MISSING),
        "scripts/configure: {c:?}"
    );
    assert!(c.contains(&&APS1_NO_ID), "{c:?}");
    let mut t = tree(m);
    t.push(Entry::memory("scripts/configure", b"<?php".to_vec()));
    assert!(
        !crate::lint::lint(&t)
            .iter()
            .any(|f| f.rule == &crate::lint::references::REFERENCED_FILE_MISSING)
    );
}

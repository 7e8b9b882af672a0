//! Rules APS09xx: APS 1.x packages, recognised and checked without APS 2 rules.
//!
//! APS 1 packages (root in `http://apstandard.com/ns/1`, or the un-namespaced APS 1.0 flat
//! layout) are judged here only. Checks that mean the same in both generations report under
//! the shared rules: placeholders (APS0205/APS0206), version format (APS0202/APS0203), service
//! ids (APS0214), referenced files (APS0301) and the changelog (APS0310–APS0312).

use super::references::{
    check_changelog, check_license_file, local_path, require_attr, require_file,
};
use super::structure::check_required;
use super::values::{
    check_placeholders, check_service_id, check_version_release, is_absolute_uri, placeholder,
};
use super::{APP_META, ApsGeneration, Context, Finding, NS_APS1, Rule, RuleDoc, Severity};
use crate::xml::Element;

/// Required APS 1 element missing.
pub static APS1_REQUIRED: Rule = Rule {
    code: "APS0901",
    name: "aps1-required-element-missing",
    severity: Severity::Error,
    vendor_code: None,
    summary: "an APS 1 package has no name, version or release",
    doc: RuleDoc {
        what: "The `<application>` of an APS 1.x package has no (or an empty) `name`, `version` or \
               `release`.",
        why: "APS 1.2 requires them after the id (APS 1.2 format, RELAX NG schema); the installer \
              identifies packages by them.",
        example: "<application xmlns=\"http://apstandard.com/ns/1\"><name>Blog</name><release>1</release>...",
        fix: "Add `<version>` (and `<name>`, `<release>`) with values.",
    },
};

/// No package id.
pub static APS1_NO_ID: Rule = Rule {
    code: "APS0902",
    name: "aps1-no-package-id",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "an APS 1 package has neither <id> nor <packager-uri>",
    doc: RuleDoc {
        what: "An APS 1.x APP-META.xml without `<id>` (APS 1.1+) or `<packager-uri>` (APS 1.0).",
        why: "Upgrades are matched by the package identifier (APS 1.2 packaging guide).",
        example: "<application xmlns=\"http://apstandard.com/ns/1\"><name>Webmail</name>...",
        fix: "Add `<id>http://www.example.com/webmail</id>` (or `<packager-uri>uuid:...</packager-uri>`).",
    },
};

/// Setting default that does not fit its type.
pub static APS1_SETTING_DEFAULT: Rule = Rule {
    code: "APS0903",
    name: "aps1-setting-default-type",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "a setting's default-value is not a value of its type",
    doc: RuleDoc {
        what: "An APS 1 `<setting>` whose `default-value` does not fit its `type` (`host-name`, \
               `email`, `integer`, `float`, `boolean`, `enum` choices, `min-length`/`max-length`).",
        why: "A default must be a valid value of the setting type; the installer offers it as is \
              (APS 1.2 packaging guide, settings).",
        example: "<setting id=\"server\" type=\"host-name\" default-value=\"10.0.0.1:1106\">",
        fix: "Use a valid default (`default-value=\"mail.example.com\"`) or change the type.",
    },
};

/// Unknown element in an aspect namespace.
pub static APS1_ASPECT_ELEMENT: Rule = Rule {
    code: "APS0904",
    name: "aps1-unknown-aspect-element",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "an unknown element in the php or db aspect namespace (a misspelt requirement)",
    doc: RuleDoc {
        what: "An element in `http://apstandard.com/ns/1/php` or `http://apstandard.com/ns/1/db` \
               that the aspect does not define, such as `php:post_max_size`.",
        why: "Installers ignore unknown requirements, so a misspelt one is silently not checked \
              (APS 1.2 PHP aspect; shipped packages misspell `php:post_max_size`).",
        example: "<php:post_max_size>16M</php:post_max_size>",
        fix: "Use the aspect's spelling: `<php:post-max-size>16777216</php:post-max-size>`.",
    },
};

/// Settings group without a name.
pub static APS1_GROUP_UNNAMED: Rule = Rule {
    code: "APS0905",
    name: "aps1-settings-group-unnamed",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "an APS 1 settings group has no <name>",
    doc: RuleDoc {
        what: "A `<group>` of APS 1 settings without a `<name>` child.",
        why: "The installer shows group names as headings of the settings form (APS 1.2 \
              packaging guide, settings); an unnamed group shows an empty heading.",
        example: "<settings><group><setting id=\"mode\" type=\"enum\">...</setting></group></settings>",
        fix: "Add `<name>Installation</name>` as the group's first child.",
    },
};

/// Entry point that resolves to nothing.
pub static APS1_ENTRY_POINT: Rule = Rule {
    code: "APS0906",
    name: "aps1-entry-point-missing",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "an APS 1 entry point resolves to no file or directory under the root mapping",
    doc: RuleDoc {
        what: "An APS 1 entry point (`entry/path`, or `entry@dst` in APS 1.2) whose path, resolved \
               under the directory mapped to URL `/`, is neither a file nor a directory of the \
               package. Not checked when the mapped directory itself is missing.",
        why: "Entry points are URLs relative to the application's URL mapping (APS 1.2 packaging guide); \
              one that resolves to nothing shows users a broken link, unless a rewrite rule \
              serves it, hence only a warning.",
        example: "<mapping url=\"/\" path=\"htdocs\"/> ... <entry><path>/admin/</path>...</entry>   (no htdocs/admin)",
        fix: "Correct the entry point path, or add the file it names.",
    },
};

/// This family's rules.
pub static RULES: &[&Rule] = &[
    &APS1_REQUIRED,
    &APS1_NO_ID,
    &APS1_SETTING_DEFAULT,
    &APS1_ASPECT_ELEMENT,
    &APS1_GROUP_UNNAMED,
    &APS1_ENTRY_POINT,
];

const NS_PHP: &str = "http://apstandard.com/ns/1/php";
const NS_DB: &str = "http://apstandard.com/ns/1/db";

const PHP_ELEMENTS: &[&str] = &[
    "version",
    "extension",
    "function",
    "safe-mode",
    "register-globals",
    "magic-quotes-gpc",
    "short-open-tag",
    "file-uploads",
    "allow-url-fopen",
    "memory-limit",
    "max-execution-time",
    "post-max-size",
    "upload-max-filesize",
    "handler",
    "permissions",
];

const DB_ELEMENTS: &[&str] = &[
    "db",
    "id",
    "default-name",
    "can-use-tables-prefix",
    "server-type",
    "server-min-version",
    "server-max-version",
    "max-db-size",
];

/// The APS 1 root: `http://apstandard.com/ns/1` or the un-namespaced 1.0 layout.
fn aps1_root<'a>(cx: &'a Context) -> Option<&'a Element> {
    match cx.generation {
        ApsGeneration::Aps1 => cx
            .meta
            .as_ref()
            .map(|d| &d.root)
            .filter(|r| !super::structure::is_aps2_without_namespace(r)),
        _ => None,
    }
}

/// Runs this family's checks.
pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(root) = aps1_root(cx) else { return };
    check_required(
        cx,
        root,
        &["name", "version", "release"],
        &APS1_REQUIRED,
        out,
    );
    if root.child("id").is_none() && root.child("packager-uri").is_none() {
        out.push(cx.at(
            &APS1_NO_ID,
            APP_META,
            root.span.clone(),
            "APP-META.xml has no package identifier (<id> or <packager-uri>)",
        ));
    }
    check_version_release(cx, root, out);
    check_placeholders(cx, root, out);
    let all = root.descendants();
    for el in &all {
        let in_aps1 = el.ns.as_deref() == root.ns.as_deref() || el.ns.as_deref() == Some(NS_APS1);
        match el.ns.as_deref() {
            Some(NS_PHP) => check_aspect(cx, el, "php", PHP_ELEMENTS, out),
            Some(NS_DB) => check_aspect(cx, el, "db", DB_ELEMENTS, out),
            _ => {}
        }
        if !in_aps1 {
            continue;
        }
        match el.name.as_str() {
            "icon" | "screenshot" => require_attr(cx, el, "path", out),
            "service" => check_service_id(cx, el, out),
            "setting" => check_setting(cx, el, out),
            "group" if el.child("setting").is_some() && el.child("name").is_none() => {
                out.push(cx.at(
                    &APS1_GROUP_UNNAMED,
                    APP_META,
                    el.span.clone(),
                    "settings group has no <name>",
                ));
            }
            "configuration-script" => {
                if let Some(a) = el.attr_node("name")
                    && let Some(p) = local_path(&a.value)
                {
                    require_file(
                        cx,
                        a.value_span.clone(),
                        &format!("scripts/{p}"),
                        "<configuration-script name>",
                        out,
                    );
                }
            }
            _ => {}
        }
    }
    for text in all
        .iter()
        .filter(|e| e.name == "license" || e.name == "license-agreement")
        .flat_map(|l| l.children_named("text"))
    {
        for file in text.children_named("file") {
            check_license_file(cx, file, out);
        }
    }
    if let Some(lang) = root.child("configuration-script-language")
        && !cx.tree.has_file("scripts/configure")
        && !cx
            .tree
            .files()
            .any(|e| e.path.starts_with("scripts/configure."))
    {
        require_file(
            cx,
            lang.value_span(),
            "scripts/configure",
            "<configuration-script-language>",
            out,
        );
    }
    let changelogs = root.children_named("changelog").chain(
        root.children_named("presentation")
            .flat_map(|p| p.children_named("changelog")),
    );
    for c in changelogs {
        check_changelog(
            cx,
            c,
            root.child_text("version"),
            root.child_text("release"),
            out,
        );
    }
    check_mappings(cx, root, None, out);
    check_entry_points(cx, root, &all, out);
}

fn check_entry_points(cx: &Context, root: &Element, all: &[&Element], out: &mut Vec<Finding>) {
    let in_aps1 = |e: &Element| e.ns == root.ns || e.ns.as_deref() == Some(NS_APS1);
    let Some(base) = all
        .iter()
        .filter(|e| in_aps1(e) && e.name == "mapping")
        .find(|e| {
            e.attr("url")
                .is_some_and(|u| u.trim_matches('/').is_empty())
        })
        .and_then(|e| e.attr("path"))
        .and_then(local_path)
        .filter(|p| placeholder(p).is_none() && cx.tree.has_dir(p))
    else {
        return;
    };
    for entry in all.iter().filter(|e| in_aps1(e) && e.name == "entry") {
        let (value, span) = match (entry.child("path"), entry.attr_node("dst")) {
            (Some(p), _) => (p.text.trim().to_string(), p.value_span()),
            (None, Some(d)) => (d.value.clone(), d.value_span.clone()),
            (None, None) => continue,
        };
        if placeholder(&value).is_some() || value.contains("://") {
            continue;
        }
        let Some(rel) = local_path(&value) else {
            continue;
        };
        let target = format!("{base}/{}", rel.trim_end_matches('/'));
        if !cx.tree.has_file(&target) && !cx.tree.has_dir(&target) {
            out.push(cx.at(
                &APS1_ENTRY_POINT,
                APP_META,
                span,
                format!(
                    "entry point `{value}` resolves to `{target}`, which is not in the package"
                ),
            ));
        }
    }
}

/// Walks URL mappings; an explicit `path` is package-relative, an implied one is the parent's
/// path plus the mapping's `url`. Children of a missing directory are not reported again.
fn check_mappings(cx: &Context, el: &Element, parent: Option<&str>, out: &mut Vec<Finding>) {
    for child in &el.children {
        if child.name != "mapping" || child.ns != el.ns && child.ns.as_deref() != Some(NS_APS1) {
            if child.ns == el.ns {
                check_mappings(cx, child, parent, out);
            }
            continue;
        }
        let url = child.attr("url").unwrap_or("").trim_matches('/');
        let (path, span) = match child.attr_node("path") {
            Some(a) => (local_path(&a.value), a.value_span.clone()),
            None => (
                parent.map(|p| {
                    if url.is_empty() {
                        p.to_string()
                    } else {
                        format!("{p}/{url}")
                    }
                }),
                child.span.clone(),
            ),
        };
        let Some(path) = path.filter(|p| placeholder(p).is_none()) else {
            continue;
        };
        if !cx.tree.has_dir(&path) {
            out.push(
                cx.at(
                    &super::references::REFERENCED_FILE_MISSING,
                    APP_META,
                    span,
                    format!(
                        "<mapping url=\"{}\"> maps directory `{path}/`, which is not in the package",
                        child.attr("url").unwrap_or("")
                    ),
                )
                .help(format!(
                    "Add the `{path}/` directory to the package, or correct the mapping path."
                )),
            );
            continue;
        }
        check_mappings(cx, child, Some(&path), out);
    }
}

fn check_aspect(cx: &Context, el: &Element, prefix: &str, known: &[&str], out: &mut Vec<Finding>) {
    if known.contains(&el.name.as_str()) {
        return;
    }
    let dashed = el.name.replace('_', "-");
    let help = if known.contains(&dashed.as_str()) {
        format!("Did you mean `<{prefix}:{dashed}>`?")
    } else {
        format!(
            "Use one of the {prefix} aspect's elements: {}.",
            known.join(", ")
        )
    };
    out.push(
        cx.at(
            &APS1_ASPECT_ELEMENT,
            APP_META,
            el.span.clone(),
            format!(
                "<{prefix}:{}> is not an element of the {prefix} aspect",
                el.name
            ),
        )
        .help(help),
    );
}

fn is_host_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.trim_end_matches('.').split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

fn check_setting(cx: &Context, setting: &Element, out: &mut Vec<Finding>) {
    let Some(d) = setting.attr_node("default-value") else {
        return;
    };
    let v = d.value.as_str();
    if v.is_empty() || placeholder(v).is_some() {
        return;
    }
    let ty = setting.attr("type").unwrap_or("string");
    let problem = match ty {
        "host-name" | "domain-name" if !is_host_name(v) => Some(format!("is not a {ty}")),
        "email" => match v.split_once('@') {
            Some((l, dom)) if !l.is_empty() && is_host_name(dom) => None,
            _ => Some("is not an e-mail address".into()),
        },
        "integer" if v.parse::<i64>().is_err() => Some("is not an integer".into()),
        "float" | "number" if v.parse::<f64>().is_err() => Some("is not a number".into()),
        "boolean" if !matches!(v, "true" | "false") => Some("is not `true` or `false`".into()),
        "url" | "uri" if !is_absolute_uri(v) => Some("is not an absolute URI".into()),
        "enum" => {
            let ids: Vec<&str> = setting
                .children_named("choice")
                .filter_map(|c| c.attr("id"))
                .collect();
            (!ids.contains(&v)).then(|| format!("is not one of the choices ({})", ids.join(", ")))
        }
        _ => None,
    };
    let len = v.chars().count();
    let problem = problem.or_else(|| {
        let attr = |n: &str| setting.attr(n).and_then(|x| x.trim().parse::<usize>().ok());
        match (attr("min-length"), attr("max-length")) {
            (Some(min), _) if len < min => Some(format!("is shorter than min-length {min}")),
            (_, Some(max)) if len > max => Some(format!("is longer than max-length {max}")),
            _ => None,
        }
    });
    if let Some(p) = problem {
        out.push(
            cx.at(
                &APS1_SETTING_DEFAULT,
                APP_META,
                d.value_span.clone(),
                format!(
                    "setting `{}`: default-value `{v}` {p} (type `{ty}`)",
                    setting.attr("id").unwrap_or("?")
                ),
            )
            .help(format!(
                "Write a default-value that is a valid `{ty}`, or change the setting's type."
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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

    fn codes(meta: &str) -> Vec<&'static str> {
        crate::lint::lint(&tree(meta))
            .iter()
            .map(|f| f.rule.code)
            .collect()
    }

    fn count(meta: &str, code: &str) -> usize {
        codes(meta).iter().filter(|c| **c == code).count()
    }

    #[test]
    fn a_clean_aps1_package_has_no_findings_from_aps2_rules() {
        let all = crate::lint::lint(&tree(APS12));
        assert!(all.is_empty(), "{all:?}");
    }

    #[test]
    fn required_elements_and_id() {
        assert_eq!(
            count(&APS12.replace("<version>1.0</version>", ""), "APS0901"),
            1
        );
        assert_eq!(
            count(
                &APS12.replace("<id>http://www.example.com/</id>", ""),
                "APS0902"
            ),
            1
        );
        let with_uri = APS12.replace(
            "<id>http://www.example.com/</id>",
            "<packager-uri>uuid:1</packager-uri>",
        );
        assert_eq!(count(&with_uri, "APS0902"), 0);
        assert_eq!(count(APS12, "APS0901") + count(APS12, "APS0902"), 0);
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
        let typed: Vec<_> = all.iter().filter(|f| f.rule.code == "APS0205").collect();
        assert_eq!(typed.len(), 1, "{all:?}");
        assert_eq!(typed[0].severity, Severity::Error);
        assert_eq!(all.iter().filter(|f| f.rule.code == "APS0206").count(), 1);
    }

    #[test]
    fn missing_files_and_mappings() {
        let mut t = tree(APS12);
        t.remove("images/logo.gif");
        t.remove("htdocs/license.txt");
        let f: Vec<_> = crate::lint::lint(&t)
            .into_iter()
            .filter(|f| f.rule.code == "APS0301")
            .collect();
        assert_eq!(f.len(), 2, "{f:?}");
        let mut t = PackageTree::new(Origin::Directory("pkg".into()));
        t.push(Entry::memory("APP-META.xml", APS12.as_bytes().to_vec()));
        t.push(Entry::memory("images/logo.gif", b"x".to_vec()));
        let f: Vec<_> = crate::lint::lint(&t)
            .into_iter()
            .filter(|f| f.rule.code == "APS0301")
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
            .filter(|f| f.rule.code == "APS0301")
            .collect();
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("htdocs/data"));
    }

    #[test]
    fn service_id_with_space() {
        let m = APS12.replace(r#"<service id="example">"#, r#"<service id="Example Pro">"#);
        assert_eq!(count(&m, "APS0214"), 1);
        assert_eq!(count(APS12, "APS0214"), 0);
    }

    #[test]
    fn setting_defaults() {
        let m = APS12.replace("mail.example.com", "77.77.150.135:1106");
        assert_eq!(count(&m, "APS0903"), 1);
        let m = APS12.replace(r#"default-value="a""#, r#"default-value="c""#);
        assert_eq!(count(&m, "APS0903"), 1);
        assert_eq!(count(APS12, "APS0903"), 0);
    }

    #[test]
    fn unnamed_settings_group() {
        let grouped = APS12.replace(
            "<global-settings>",
            "<global-settings><group><setting id=\"g\" type=\"string\"><name>G</name></setting></group>",
        );
        assert_eq!(count(&grouped, "APS0905"), 1);
        let named = grouped.replace("<group>", "<group><name>General</name>");
        assert_eq!(count(&named, "APS0905"), 0);
        assert_eq!(count(APS12, "APS0905"), 0);
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
        assert_eq!(count(&with_entry("index.php"), "APS0906"), 0);
        assert_eq!(count(&with_entry("data/"), "APS0906"), 0);
        assert_eq!(count(&with_entry("admin/index.php"), "APS0906"), 1);
        assert_eq!(count(APS12, "APS0906"), 0);
    }

    #[test]
    fn misspelt_requirements() {
        let m = APS12.replace(
            r#"<php:version min="5.3.0"/>"#,
            r#"<php:version min="5.3.0"/><php:post_max_size>16M</php:post_max_size>"#,
        );
        let all = crate::lint::lint(&tree(&m));
        let f: Vec<_> = all.iter().filter(|f| f.rule.code == "APS0904").collect();
        assert_eq!(f.len(), 1);
        assert!(f[0].help.as_deref().unwrap_or("").contains("post-max-size"));
        assert_eq!(count(APS12, "APS0904"), 0);
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
        assert!(c.contains(&"APS0312"), "{c:?}");
        assert!(c.contains(&"APS0205"), "{c:?}");
        assert!(c.contains(&"APS0301"), "scripts/configure: {c:?}");
        assert!(c.contains(&"APS0902"), "{c:?}");
        let mut t = tree(m);
        t.push(Entry::memory("scripts/configure", b"<?php".to_vec()));
        assert!(
            !crate::lint::lint(&t)
                .iter()
                .any(|f| f.rule.code == "APS0301")
        );
    }
}

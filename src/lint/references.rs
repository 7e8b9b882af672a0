//! Rules APS03xx: files referenced from APP-META.xml, unbuilt source trees, navigation, i18n
//! catalogues, changelog and metadata completeness.

use std::ops::Range;

mod catalogue;
mod navigation;

pub use catalogue::{
    CHANGELOG_DUPLICATE, CHANGELOG_MISSING_CURRENT, CHANGELOG_TEXT, LANGUAGE_WITHOUT_CATALOGUE,
    METADATA_INCOMPLETE, ROOT_SERVICE_INFOLINKS, check_changelog,
};
pub use navigation::{
    DUPLICATE_VIEW_ID, ENTRY_POINT_DST, ITEM_WITHOUT_LABEL, NAVIGATION_ID_FORMAT,
    VIEW_ID_ACROSS_TREES,
};

use super::values::placeholder;
use super::{APP_META, Context, Finding, Rule, RuleDoc, Severity};
use crate::xml::Element;

/// A referenced package file is missing.
pub static REFERENCED_FILE_MISSING: Rule = Rule {
    code: "APS0301",
    name: "referenced-file-missing",
    severity: Severity::Error,
    vendor_code: Some("aps030"),
    summary: "a file or directory referenced from APP-META.xml is not in the package",
    doc: RuleDoc {
        what: "APP-META.xml names a package path that does not exist: an icon, a screenshot, a \
               service `<code>` script, a `<schema>` (in built packages), a view, popup or \
               view-plugin `src`, the implied `ui/<view-id>.html` of a view without `src`, a \
               licence `<file>` holding a relative path, a local infolink, or (APS 1) a URL \
               mapping directory.",
        why: "The importer rejects the package: `Error aps030: 'ui/company.edit.html' file \
              refernced from package metadata 'view' element not found in package content` \
              (CloudBlue KB 127122).",
        example: "<view id=\"company.edit\" label=\"Edit\"/>   (no ui/company.edit.html in the package)",
        fix: "Add the file at that path, or correct the path in APP-META.xml.",
    },
};

/// A source tree that `aps build` has not processed.
pub static UNBUILT_SOURCE_TREE: Rule = Rule {
    code: "APS0302",
    name: "unbuilt-source-tree",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "a source directory whose services have no schemas yet",
    doc: RuleDoc {
        what: "A package directory (not an archive) whose services have no `<schema>`, or whose \
               `<schema path>` files are absent. Reported once, listing them, instead of one \
               missing-file error per schema.",
        why: "`aps build` generates `schemas/<service>.schema.gen` from the PHP `@type` \
              annotations and inserts `<schema path>`; source repositories do not commit them \
              (CloudBlue SDK \"CLI tools\": aps build; public source repositories). The tree cannot be imported as it is.",
        example: "<service id=\"app\"><code engine=\"php\" path=\"scripts/app.php\"/></service>",
        fix: "Build the package (`aps build`, or `apspack build` from an aps.toml) and lint the result.",
    },
};

/// A built package's service has no schema.
pub static SERVICE_WITHOUT_SCHEMA: Rule = Rule {
    code: "APS0303",
    name: "service-without-schema",
    severity: Severity::Error,
    vendor_code: None,
    summary: "a service of a built package has no <schema>",
    doc: RuleDoc {
        what: "In an archive or a generated project, a `<service>` without a `<schema path>` child.",
        why: "\"Every service declared in a package must be bound to an APS type defined in the \
              same package\" (CloudBlue SDK \"Type Definition\"); every built package \
              inspected has one.",
        example: "<service id=\"app\"><code engine=\"php\" path=\"scripts/app.php\"/></service>",
        fix: "Add `<schema path=\"schemas/app.schema\"/>` and the schema file.",
    },
};

/// Licence file holding a URL.
pub static LICENSE_FILE_URL: Rule = Rule {
    code: "APS0315",
    name: "license-file-url",
    severity: Severity::Info,
    vendor_code: None,
    summary: "a licence <file> holds a URL",
    doc: RuleDoc {
        what: "`license-agreement/text/file` holds an http(s) URL instead of a package path.",
        why: "Tolerated: the vendor's own APP-META example (CloudBlue SDK \"APP-META.xml\") and shipped packages do this; `<url>` \
              is the element meant for URLs.",
        example: "<file>http://opensource.org/licenses/bsd-license</file>",
        fix: "Write `<url>http://opensource.org/licenses/bsd-license</url>` instead.",
    },
};

/// Infolink href that is not a valid URI reference.
pub static INFOLINK_HREF: Rule = Rule {
    code: "APS0316",
    name: "infolink-href-invalid",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "an infolink href contains unescaped whitespace",
    doc: RuleDoc {
        what: "A service infolink `href` containing spaces or other whitespace.",
        why: "An href is a URI reference, where a space must be written `%20` (RFC 3986); a \
              shipped package links `file:///doc/Resource Model.html`, which browsers and the \
              panel may not open.",
        example: "<link class=\"deployment-guide\" href=\"file:///doc/Deployment Guide.html\">Guide</link>",
        fix: "Escape the spaces (`file:///doc/Deployment%20Guide.html`) or rename the file.",
    },
};

/// This family's rules.
pub static RULES: &[&Rule] = &[
    &REFERENCED_FILE_MISSING,
    &UNBUILT_SOURCE_TREE,
    &SERVICE_WITHOUT_SCHEMA,
    &DUPLICATE_VIEW_ID,
    &VIEW_ID_ACROSS_TREES,
    &NAVIGATION_ID_FORMAT,
    &ITEM_WITHOUT_LABEL,
    &ENTRY_POINT_DST,
    &LANGUAGE_WITHOUT_CATALOGUE,
    &CHANGELOG_DUPLICATE,
    &CHANGELOG_MISSING_CURRENT,
    &CHANGELOG_TEXT,
    &METADATA_INCOMPLETE,
    &ROOT_SERVICE_INFOLINKS,
    &LICENSE_FILE_URL,
    &INFOLINK_HREF,
];

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// The package path a reference names, or None for URLs and other non-local references.
/// `file:///x` and relative paths are local; `./` and a leading `/` are dropped.
pub fn local_path(reference: &str) -> Option<String> {
    let r = reference.trim();
    if r.is_empty() || r.starts_with('#') || r.starts_with("//") {
        return None;
    }
    let r = if let Some(rest) = r.strip_prefix("file://") {
        percent_decode(rest)
    } else {
        if let Some((scheme, _)) = r.split_once(':')
            && !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        {
            return None;
        }
        let cut = r.find(['?', '#']).unwrap_or(r.len());
        r[..cut].to_string()
    };
    let mut p = r.as_str();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    let p = p.trim_start_matches('/');
    (!p.is_empty()).then(|| p.to_string())
}

/// `href` with every whitespace character percent-encoded.
fn escape_whitespace(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    for c in href.chars() {
        if c.is_whitespace() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Reports [`REFERENCED_FILE_MISSING`] when `path` is not a regular file of the tree; `what`
/// names the reference in the message (`<icon path>`).
pub fn require_file(
    cx: &Context,
    span: Range<usize>,
    path: &str,
    what: &str,
    out: &mut Vec<Finding>,
) {
    if !cx.tree.has_file(path) {
        out.push(
            cx.at(
                &REFERENCED_FILE_MISSING,
                APP_META,
                span,
                format!("{what} refers to `{path}`, which is not in the package"),
            )
            .help(format!(
                "Add `{path}` to the package, or correct the reference in APP-META.xml."
            )),
        );
    }
}

/// Checks a `path`-attribute reference (icons, screenshots, code, schema).
pub fn require_attr(cx: &Context, el: &Element, attr: &str, out: &mut Vec<Finding>) {
    if let Some(a) = el.attr_node(attr)
        && placeholder(&a.value).is_none()
        && let Some(p) = local_path(&a.value)
    {
        require_file(
            cx,
            a.value_span.clone(),
            &p,
            &format!("<{} {attr}>", el.name),
            out,
        );
    }
}

/// Checks a licence `<text><file>`: a relative path must exist; a URL is only info.
pub fn check_license_file(cx: &Context, file: &Element, out: &mut Vec<Finding>) {
    let v = file.text.trim();
    if v.is_empty() || placeholder(v).is_some() {
        return;
    }
    match local_path(v) {
        Some(p) => require_file(cx, file.value_span(), &p, "licence <file>", out),
        None => out.push(
            cx.at(
                &LICENSE_FILE_URL,
                APP_META,
                file.value_span(),
                format!("licence <file> holds the URL `{v}`; it is not looked up in the package"),
            )
            .help(format!("Write `<url>{v}</url>` instead.")),
        ),
    }
}

/// Runs this family's checks.
pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(root) = cx.aps2_root() else { return };
    for who in ["vendor", "packager"] {
        for icon in root
            .child(who)
            .into_iter()
            .flat_map(|w| w.children_named("icon"))
        {
            require_attr(cx, icon, "path", out);
        }
    }
    let pres = root.child("presentation");
    if let Some(p) = pres {
        for icon in p.children_named("icon") {
            require_attr(cx, icon, "path", out);
        }
        for s in p.children_named("screenshot") {
            require_attr(cx, s, "path", out);
        }
        for c in p.children_named("changelog") {
            check_changelog(
                cx,
                c,
                root.child_text("version"),
                root.child_text("release"),
                out,
            );
        }
        catalogue::check_languages(cx, p, out);
        navigation::check_navigation(cx, root, p, out);
    }
    for file in root
        .child("license-agreement")
        .and_then(|l| l.child("text"))
        .into_iter()
        .flat_map(|t| t.children_named("file"))
    {
        check_license_file(cx, file, out);
    }
    check_services(cx, root, out);
    catalogue::check_completeness(cx, root, out);
}

fn check_services(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
    let built = cx.tree.origin.is_built();
    let mut no_schema: Vec<&Element> = Vec::new();
    let mut absent: Vec<(&Element, String)> = Vec::new();
    for s in root.children_named("service") {
        for code in s.children_named("code") {
            require_attr(cx, code, "path", out);
        }
        let schemas: Vec<&Element> = s.children_named("schema").collect();
        if schemas.is_empty() {
            no_schema.push(s);
        }
        for sc in schemas {
            let Some(a) = sc.attr_node("path") else {
                continue;
            };
            let Some(p) = local_path(&a.value) else {
                continue;
            };
            if cx.tree.has_file(&p) {
                continue;
            }
            if built {
                require_file(cx, a.value_span.clone(), &p, "<schema path>", out);
            } else {
                absent.push((sc, p));
            }
        }
        if let Some(p) = s.child("presentation") {
            for icon in p.children_named("icon") {
                require_attr(cx, icon, "path", out);
            }
            for link in p
                .children_named("infolinks")
                .flat_map(|i| i.children_named("link"))
            {
                require_attr(cx, link, "href", out);
                if let Some(h) = link.attr_node("href")
                    && h.value.chars().any(char::is_whitespace)
                {
                    out.push(
                        cx.at(
                            &INFOLINK_HREF,
                            APP_META,
                            h.value_span.clone(),
                            format!("infolink href `{}` contains unescaped whitespace", h.value),
                        )
                        .help(format!(
                            "Escape the whitespace: `{}`, or rename the file.",
                            escape_whitespace(&h.value)
                        )),
                    );
                }
            }
        }
    }
    if built {
        for s in no_schema {
            let id = s.attr("id").unwrap_or("?");
            out.push(
                cx.at(
                    &SERVICE_WITHOUT_SCHEMA,
                    APP_META,
                    s.span.clone(),
                    format!("service `{id}` has no <schema>; a built package binds every service to a type"),
                )
                .help(format!(
                    "Add `<schema path=\"schemas/{id}.schema\"/>` to the service and the schema file to the package."
                )),
            );
        }
    } else if !no_schema.is_empty() || !absent.is_empty() {
        let mut parts = Vec::new();
        if !no_schema.is_empty() {
            let ids: Vec<&str> = no_schema
                .iter()
                .map(|s| s.attr("id").unwrap_or("?"))
                .collect();
            parts.push(match ids.as_slice() {
                [one] => format!("service `{one}` has no <schema>"),
                _ => format!(
                    "{} services have no <schema> ({})",
                    ids.len(),
                    ids.join(", ")
                ),
            });
        }
        if !absent.is_empty() {
            let paths: Vec<&str> = absent.iter().map(|(_, p)| p.as_str()).collect();
            parts.push(match paths.as_slice() {
                [one] => format!("the referenced schema {one} is absent"),
                _ => format!(
                    "{} referenced schemas are absent ({})",
                    paths.len(),
                    paths.join(", ")
                ),
            });
        }
        let span = absent
            .first()
            .and_then(|(el, _)| el.attr_node("path").map(|a| a.value_span.clone()))
            .or_else(|| no_schema.first().map(|s| s.span.clone()))
            .unwrap_or(0..0);
        out.push(
            cx.at(
                &UNBUILT_SOURCE_TREE,
                APP_META,
                span,
                format!("unbuilt source tree: {}", parts.join("; ")),
            )
            .help(
                "Build the package (`aps build` generates the schemas from scripts/*.php) and lint the result.",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testkit::{clean, count, findings, with_meta, without};
    use crate::tree::{Origin, PackageTree};

    fn as_dir(mut t: PackageTree) -> PackageTree {
        t.origin = Origin::Directory("src".into());
        t
    }

    #[test]
    fn missing_files_point_at_the_reference() {
        let f = findings(&without("images/icon.png"), "APS0301");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].line, Some(19));
        assert_eq!(f[0].rule.vendor_code, Some("aps030"));
        assert_eq!(
            f[0].message,
            "<icon path> refers to `images/icon.png`, which is not in the package"
        );
        assert!(
            f[0].help
                .as_deref()
                .is_some_and(|h| h.contains("`images/icon.png`"))
        );
        let t = without("images/icon.png");
        let meta = t.bytes(crate::lint::APP_META).unwrap();
        let span = f[0].span.clone().unwrap();
        assert_eq!(&meta[span], b"images/icon.png");
        assert_eq!(count(&without("ui/main.js"), "APS0301"), 1);
        assert_eq!(count(&without("scripts/app.php"), "APS0301"), 1);
        assert_eq!(count(&without("schemas/app.schema"), "APS0301"), 1);
        assert_eq!(count(&clean(), "APS0301"), 0);
    }

    #[test]
    fn views_without_src_resolve_to_ui_html() {
        let t = with_meta(r#" src="ui/main.js""#, "");
        let f = findings(&t, "APS0301");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("ui/main.html"));
        let mut t2 = t.clone();
        t2.insert(crate::tree::Entry::memory(
            "ui/main.html",
            b"<html/>".to_vec(),
        ));
        assert_eq!(count(&t2, "APS0301"), 0);
    }

    #[test]
    fn licence_files_and_infolinks() {
        let t = with_meta(
            "<url>https://opensource.org/licenses/MIT</url>",
            "<file>doc/LICENSE</file>",
        );
        assert_eq!(count(&t, "APS0301"), 1);
        let t = with_meta(
            "<url>https://opensource.org/licenses/MIT</url>",
            "<file>http://opensource.org/licenses/bsd-license</file>",
        );
        assert_eq!(count(&t, "APS0301"), 0);
        assert_eq!(count(&t, "APS0315"), 1);
        let t = with_meta(
            "<url>https://opensource.org/licenses/MIT</url>",
            "<file>https://example.org/LICENSE</file>",
        );
        assert_eq!(
            findings(&t, "APS0315")[0].help.as_deref(),
            Some("Write `<url>https://example.org/LICENSE</url>` instead.")
        );
        let t = with_meta(
            "https://example.org/guide",
            "file:///doc/Deployment%20Guide.html",
        );
        let f = findings(&t, "APS0301");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("doc/Deployment Guide.html"));
        assert_eq!(count(&clean(), "APS0315"), 0);
        let t = with_meta("https://example.org/guide", "doc/Deployment Guide.html");
        let f = findings(&t, "APS0316");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].help.as_deref(),
            Some("Escape the whitespace: `doc/Deployment%20Guide.html`, or rename the file.")
        );
        assert_eq!(count(&clean(), "APS0316"), 0);
        assert_eq!(local_path("mailto:x@y"), None);
        assert_eq!(local_path("./doc/a.pdf#p2").as_deref(), Some("doc/a.pdf"));
    }

    #[test]
    fn unbuilt_source_tree_is_one_warning() {
        let t = as_dir(without("schemas/app.schema"));
        let f = findings(&t, "APS0302");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "unbuilt source tree: the referenced schema schemas/app.schema is absent"
        );
        assert_eq!(count(&t, "APS0301"), 0);
        let t = as_dir(with_meta(r#"<schema path="schemas/app.schema"/>"#, ""));
        let f = findings(&t, "APS0302");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "unbuilt source tree: service `app` has no <schema>"
        );
        assert_eq!(count(&t, "APS0303"), 0);
        assert_eq!(count(&as_dir(clean()), "APS0302"), 0);
        assert_eq!(count(&clean(), "APS0302"), 0);
    }

    #[test]
    fn built_service_without_schema() {
        let t = with_meta(r#"<schema path="schemas/app.schema"/>"#, "");
        assert_eq!(count(&t, "APS0303"), 1);
        assert_eq!(count(&t, "APS0302"), 0);
        assert_eq!(count(&clean(), "APS0303"), 0);
    }
}

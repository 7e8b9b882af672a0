//! Rules APS01xx: APP-META.xml well-formedness, root element, namespace, format version, element order.

use std::collections::HashMap;

use super::{APP_META, ApsGeneration, Context, Finding, NS_APS1, NS_APS2, Rule, RuleDoc, Severity};
use crate::xml::Element;

/// APP-META.xml is not in the package root.
pub static APP_META_MISSING: Rule = Rule {
    code: "APS0101",
    name: "app-meta-missing",
    severity: Severity::Error,
    vendor_code: None,
    summary: "APP-META.xml is missing at the package root",
    doc: RuleDoc {
        what: "The package has no file named exactly `APP-META.xml` at its root.",
        why: "APP-META.xml is the package's metadata; the importer reads nothing else first \
              (CloudBlue SDK \"APP-META.xml\"). Without it the package cannot be imported.",
        example: "app/APP-META.xml      (inside a wrapping folder)\napp-meta.xml          (wrong case)",
        fix: "Put `APP-META.xml` at the root of the package, with no wrapping folder.",
    },
};

/// APP-META.xml is not well-formed XML.
pub static APP_META_MALFORMED: Rule = Rule {
    code: "APS0102",
    name: "app-meta-malformed",
    severity: Severity::Error,
    vendor_code: None,
    summary: "APP-META.xml is not well-formed XML",
    doc: RuleDoc {
        what: "APP-META.xml cannot be parsed as XML: an unescaped `&`, a tag that is never closed, \
               text after the root element, and so on.",
        why: "The vendor tool stops with \"XML structure is broken\" (CloudBlue SDK \
              troubleshooting examples); nothing else in the package can be checked.",
        example: "<summary>Mail & calendar</summary>",
        fix: "Escape `&` as `&amp;` and `<` as `&lt;`, close every element, keep one root element.",
    },
};

/// APP-META.xml is not UTF-8.
pub static APP_META_ENCODING: Rule = Rule {
    code: "APS0103",
    name: "app-meta-not-utf8",
    severity: Severity::Error,
    vendor_code: None,
    summary: "APP-META.xml is not UTF-8 or declares another encoding",
    doc: RuleDoc {
        what: "The bytes of APP-META.xml are not valid UTF-8, or its XML declaration names an \
               encoding other than UTF-8.",
        why: "APP-META.xml is a well-formed UTF-8 file (CloudBlue SDK \"APP-META.xml\").",
        example: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
        fix: "Save the file as UTF-8 and declare `encoding=\"UTF-8\"` (or no encoding at all).",
    },
};

/// The root element is not `application`.
pub static ROOT_ELEMENT: Rule = Rule {
    code: "APS0104",
    name: "root-not-application",
    severity: Severity::Error,
    vendor_code: None,
    summary: "the root element of APP-META.xml is not <application>",
    doc: RuleDoc {
        what: "The root element of APP-META.xml has a local name other than `application`.",
        why: "Every APS 1 and APS 2 APP-META.xml has an `<application>` root (CloudBlue SDK \"APP-META.xml\"; APS 1.2 format).",
        example: "<package xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">",
        fix: "Use `<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">` as the root.",
    },
};

/// The root element is in an unknown namespace.
pub static UNKNOWN_NAMESPACE: Rule = Rule {
    code: "APS0105",
    name: "unknown-namespace",
    severity: Severity::Error,
    vendor_code: None,
    summary: "<application> is in a namespace that is neither APS 2 nor APS 1",
    doc: RuleDoc {
        what: "The `<application>` root is bound to a namespace other than \
               `http://aps-standard.org/ns/2` (APS 2) or `http://apstandard.com/ns/1` (APS 1).",
        why: "The namespace selects the format and changes only on incompatible changes \
              (CloudBlue SDK \"APP-META.xml\"); an unknown one is not importable.",
        example: "<application xmlns=\"http://aps-standard.org/ns/3\" version=\"2.0\">",
        fix: "Use `xmlns=\"http://aps-standard.org/ns/2\"` for APS 2 packages.",
    },
};

/// `application@version` missing or malformed.
pub static FORMAT_VERSION: Rule = Rule {
    code: "APS0106",
    name: "format-version",
    severity: Severity::Error,
    vendor_code: None,
    summary: "<application version> is missing or not `major.minor`",
    doc: RuleDoc {
        what: "The `version` attribute of an APS 2 `<application>` is missing, or is not two \
               integers without leading zeros joined by a dot.",
        why: "The attribute is required and has the form `major.minor` (CloudBlue SDK 7.4+ \
              \"APP-META.xml\" says MUST; the APS 2.1 spec says SHOULD).",
        example: "<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2\">",
        fix: "Write `version=\"2.0\"`.",
    },
};

/// Required element missing or empty.
pub static REQUIRED_ELEMENT: Rule = Rule {
    code: "APS0107",
    name: "required-element-missing",
    severity: Severity::Error,
    vendor_code: None,
    summary: "id, name, version or release is missing or empty",
    doc: RuleDoc {
        what: "One of the required top-level elements `id`, `name`, `version`, `release` of an \
               APS 2 APP-META.xml is absent or has no text.",
        why: "The platform keys packages on id, version and release, and shows the name \
              (CloudBlue SDK \"Metadata processing\").",
        example: "<application ...>\n  <id>http://example.org/app</id>\n  <name>Demo</name>\n  <version>1.0</version>\n</application>",
        fix: "Add the missing element with a value, e.g. `<release>1</release>`.",
    },
};

/// Top-level elements out of the documented order.
pub static ELEMENT_ORDER: Rule = Rule {
    code: "APS0108",
    name: "element-order",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "a top-level APP-META element is out of the documented order",
    doc: RuleDoc {
        what: "A child of `<application>` appears after an element that the documented order puts \
               after it: id, name, version, release, homepage, vendor, packager, presentation, \
               license-agreement, upgrade/patch, service, privileges.",
        why: "The documentation and every shipped APS 2 package follow this order (CloudBlue \
              SDK \"APP-META.xml\" example); the importer's schema is not public, so an importer that enforces the order \
              cannot be ruled out.",
        example: "<service id=\"app\">...</service>\n<presentation>...</presentation>",
        fix: "Move the element to its place in the documented order.",
    },
};

/// Unknown element.
pub static UNKNOWN_ELEMENT: Rule = Rule {
    code: "APS0109",
    name: "unknown-element",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "an APS 2 element that the format does not define",
    doc: RuleDoc {
        what: "An element in the APS 2 namespace that is not known at its place in APP-META.xml \
               (checked for application, vendor, packager, presentation, license-agreement, text, \
               service and service presentation).",
        why: "Usually a misspelling (`<summery>`) that silently drops the value; the APP-META \
              schema is not public, so unknown names are reported rather than rejected.",
        example: "<presentation><summery>Mail</summery></presentation>",
        fix: "Correct the element name, or remove the element.",
    },
};

/// Unknown attribute.
pub static UNKNOWN_ATTRIBUTE: Rule = Rule {
    code: "APS0110",
    name: "unknown-attribute",
    severity: Severity::Info,
    vendor_code: None,
    summary: "an attribute that the format does not define on this element",
    doc: RuleDoc {
        what: "An unprefixed attribute not known on a checked APS 2 element.",
        why: "Often a misspelling that the importer ignores (the APP-META schema is not public, so unknown names are reported, not rejected).",
        example: "<service name=\"app\">",
        fix: "Correct the attribute name (`<service id=\"app\">`), or remove it.",
    },
};

/// No service.
pub static NO_SERVICE: Rule = Rule {
    code: "APS0111",
    name: "no-service",
    severity: Severity::Error,
    vendor_code: None,
    summary: "APP-META.xml declares no <service>",
    doc: RuleDoc {
        what: "An APS 2 APP-META.xml without any `<service>` element.",
        why: "An APS 2 application has one service per APS type and at least the application \
              service (CloudBlue SDK \"APP-META.xml\", \"Type Definition\").",
        example: "<application ...><id>...</id>...<presentation/></application>",
        fix: "Declare `<service id=\"app\"><schema path=\"schemas/app.schema\"/><code engine=\"php\" path=\"scripts/app.php\"/></service>`.",
    },
};

/// Duplicate service ids.
pub static DUPLICATE_SERVICE: Rule = Rule {
    code: "APS0112",
    name: "duplicate-service-id",
    severity: Severity::Error,
    vendor_code: None,
    summary: "two services have the same id",
    doc: RuleDoc {
        what: "Two `<service>` elements with the same `id`.",
        why: "Service ids name the endpoint of each type; they must be unique (CloudBlue SDK \
              \"Type Definition\").",
        example: "<service id=\"app\">...</service>\n<service id=\"app\">...</service>",
        fix: "Give each service its own id.",
    },
};

/// `@packaged` missing.
pub static PACKAGED_MISSING: Rule = Rule {
    code: "APS0113",
    name: "packaged-missing",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "<application> has no packaged attribute",
    doc: RuleDoc {
        what: "The `packaged` attribute (build time, xsd:dateTime) is missing. In a source \
               directory this is normal (`aps build` adds it) and is only reported as info.",
        why: "The APS 2.1 spec says the attribute SHOULD be present; `aps build` writes it \
              (CloudBlue SDK \"APP-META.xml\"; shipped packages).",
        example: "<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">",
        fix: "Build the package (`apspack build`, or the vendor's `aps build`), which writes `packaged`.",
    },
};

/// This family's rules.
pub static RULES: &[&Rule] = &[
    &APP_META_MISSING,
    &APP_META_MALFORMED,
    &APP_META_ENCODING,
    &ROOT_ELEMENT,
    &UNKNOWN_NAMESPACE,
    &FORMAT_VERSION,
    &REQUIRED_ELEMENT,
    &ELEMENT_ORDER,
    &UNKNOWN_ELEMENT,
    &UNKNOWN_ATTRIBUTE,
    &NO_SERVICE,
    &DUPLICATE_SERVICE,
    &PACKAGED_MISSING,
];

/// Top-level elements of an APS 2 `<application>` in documented order (same rank = either).
const TOP_ORDER: &[(&str, u8)] = &[
    ("id", 0),
    ("name", 1),
    ("version", 2),
    ("release", 3),
    ("homepage", 4),
    ("vendor", 5),
    ("packager", 6),
    ("presentation", 7),
    ("license-agreement", 8),
    ("upgrade", 9),
    ("patch", 9),
    ("service", 10),
    ("privileges", 11),
];

/// Known children and attributes of checked APS 2 elements, keyed by `parent/element` path.
fn known(path: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match path {
        "application" => (
            &[
                "id",
                "name",
                "version",
                "release",
                "homepage",
                "vendor",
                "packager",
                "presentation",
                "license-agreement",
                "upgrade",
                "patch",
                "service",
                "privileges",
            ],
            &["version", "packaged"],
        ),
        "vendor" => (&["name", "homepage", "icon"], &[]),
        "packager" => (&["name", "homepage", "icon", "uri"], &[]),
        "presentation" => (
            &[
                "summary",
                "description",
                "icon",
                "screenshot",
                "changelog",
                "categories",
                "languages",
                "navigation",
            ],
            &[],
        ),
        "license-agreement" => (&["free", "commercial", "text"], &["must-accept"]),
        "license-agreement/text" => (&["name", "file", "url"], &[]),
        "service" => (&["schema", "code", "presentation"], &["id"]),
        "service/presentation" => (
            &[
                "name",
                "summary",
                "description",
                "icon",
                "infolinks",
                "entry-points",
                "color",
                "font-color",
            ],
            &[],
        ),
        "upgrade" | "patch" => (&[], &["match"]),
        _ => return None,
    })
}

/// Runs this family's checks.
pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(bytes) = cx.tree.bytes(APP_META) else {
        if cx.tree.get(APP_META).is_none() {
            let elsewhere = cx.tree.files().map(|e| e.path.as_str()).find(|p| {
                p.eq_ignore_ascii_case(APP_META)
                    || p.rsplit('/').next().is_some_and(|n| n == APP_META)
            });
            let help = match elsewhere {
                Some(p) => format!(
                    "Move `{p}` to `APP-META.xml` at the root of the package, with no wrapping folder."
                ),
                None => "Add APP-META.xml at the root of the package, with no wrapping folder."
                    .to_string(),
            };
            out.push(
                Finding::new(
                    &APP_META_MISSING,
                    "the package has no APP-META.xml at its root",
                )
                .help(help),
            );
        }
        return;
    };
    if let Err(e) = std::str::from_utf8(bytes) {
        let at = e.valid_up_to();
        out.push(cx.at(
            &APP_META_ENCODING,
            APP_META,
            at..at + 1,
            format!("APP-META.xml is not valid UTF-8 (first bad byte at offset {at})"),
        ));
        return;
    }
    if let Some(err) = &cx.meta_error {
        out.push(
            cx.at(
                &APP_META_MALFORMED,
                APP_META,
                err.offset..err.offset,
                format!("APP-META.xml is not well-formed XML: {}", err.message),
            )
            .help(format!(
                "{} (The vendor tool reports this as \"XML structure is broken\".)",
                APP_META_MALFORMED.doc.fix
            )),
        );
        return;
    }
    let Some(doc) = &cx.meta else { return };
    if let Some(enc) = &doc.declared_encoding
        && !enc.eq_ignore_ascii_case("utf-8")
        && !enc.eq_ignore_ascii_case("utf8")
    {
        out.push(
            cx.at(
                &APP_META_ENCODING,
                APP_META,
                declared_encoding_span(bytes, enc),
                format!("APP-META.xml declares encoding `{enc}`; it must be UTF-8"),
            )
            .help(format!(
                "Convert the file from {enc} to UTF-8 and write `encoding=\"UTF-8\"`."
            )),
        );
    }
    let root = &doc.root;
    if root.name != "application" {
        out.push(cx.at(
            &ROOT_ELEMENT,
            APP_META,
            root.span.clone(),
            format!("the root element is <{}>, not <application>", root.name),
        ));
        return;
    }
    if cx.generation == ApsGeneration::Unknown {
        out.push(
            cx.at(
                &UNKNOWN_NAMESPACE,
                APP_META,
                root.span.clone(),
                format!(
                    "<application> is in namespace `{}`, which is neither APS 2 (`{NS_APS2}`) nor APS 1 (`{NS_APS1}`)",
                    root.ns.as_deref().unwrap_or("")
                ),
            )
            .help(format!("Use `xmlns=\"{NS_APS2}\"` for an APS 2 package.")),
        );
        return;
    }
    if is_aps2_without_namespace(root) {
        out.push(
            cx.at(
                &UNKNOWN_NAMESPACE,
                APP_META,
                root.span.clone(),
                format!(
                    "<application version=\"{}\"> has no namespace; APS 2 needs xmlns=\"{NS_APS2}\"",
                    root.attr("version").unwrap_or("")
                ),
            )
            .help(format!("Add `xmlns=\"{NS_APS2}\"` to <application>.")),
        );
        return;
    }
    let Some(root) = cx.aps2_root() else { return };
    check_version_attr(cx, root, out);
    check_required(
        cx,
        root,
        &["id", "name", "version", "release"],
        &REQUIRED_ELEMENT,
        out,
    );
    check_order(cx, root, out);
    check_unknown(cx, root, "application", out);
    check_services(cx, root, out);
    if root.attr("packaged").is_none() {
        let mut f = cx.at(
            &PACKAGED_MISSING,
            APP_META,
            root.span.clone(),
            "<application> has no `packaged` attribute",
        );
        if !cx.tree.origin.is_built() {
            f.severity = Severity::Info;
            f.message
                .push_str(" (normal in a source tree: the build adds it)");
        }
        out.push(f);
    }
}

/// Where the XML declaration names `enc`: the name itself when found in the declaration,
/// else the start of the file.
fn declared_encoding_span(bytes: &[u8], enc: &str) -> std::ops::Range<usize> {
    let head = &bytes[..bytes.len().min(200)];
    let decl_end = head
        .windows(2)
        .position(|w| w == b"?>")
        .unwrap_or(head.len());
    head[..decl_end]
        .windows(enc.len().max(1))
        .position(|w| w.eq_ignore_ascii_case(enc.as_bytes()))
        .map_or(0..decl_end.min(40), |at| at..at + enc.len())
}

/// An un-namespaced `<application>` whose format version says APS 2: a forgotten `xmlns`,
/// not the APS 1.0 flat layout (which has no version attribute, or a 1.x one).
pub fn is_aps2_without_namespace(root: &Element) -> bool {
    root.name == "application"
        && root.ns.is_none()
        && root
            .attr("version")
            .is_some_and(|v| v.trim().starts_with("2."))
}

fn is_major_minor(v: &str) -> bool {
    let Some((a, b)) = v.split_once('.') else {
        return false;
    };
    let part = |p: &str| {
        !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()) && (p == "0" || !p.starts_with('0'))
    };
    part(a) && part(b)
}

fn check_version_attr(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
    match root.attr_node("version") {
        None => out.push(
            cx.at(
                &FORMAT_VERSION,
                APP_META,
                root.span.clone(),
                "<application> has no `version` attribute",
            )
            .help("Write `version=\"2.0\"` on <application>."),
        ),
        Some(a) if !is_major_minor(&a.value) => out.push(
            cx.at(
                &FORMAT_VERSION,
                APP_META,
                a.value_span.clone(),
                format!(
                    "<application version=\"{}\"> is not `major.minor` (integers without leading zeros)",
                    a.value
                ),
            )
            .help("Write `version=\"2.0\"` on <application>."),
        ),
        Some(_) => {}
    }
}

/// Reports each of the top-level elements `names` that `root` lacks or leaves empty, as `rule`
/// (APS 1 and APS 2 share the messages and help).
pub(crate) fn check_required(
    cx: &Context,
    root: &Element,
    names: &[&str],
    rule: &'static Rule,
    out: &mut Vec<Finding>,
) {
    for &name in names {
        match root.child(name) {
            None => out.push(
                cx.at(
                    rule,
                    APP_META,
                    root.span.clone(),
                    format!("required element <{name}> is missing from <application>"),
                )
                .help(format!(
                    "Add `{}` to <application>.",
                    required_example(name)
                )),
            ),
            Some(el) if el.text.trim().is_empty() => out.push(
                cx.at(
                    rule,
                    APP_META,
                    el.span.clone(),
                    format!("required element <{name}> is empty"),
                )
                .help(format!("Give it a value: `{}`.", required_example(name))),
            ),
            Some(_) => {}
        }
    }
}

/// An example of a required top-level element with a value (APS 1 and APS 2).
pub(crate) fn required_example(name: &str) -> String {
    let value = match name {
        "id" => "http://www.example.com/aps/myapp",
        "name" => "My App",
        "version" => "1.0",
        _ => "1",
    };
    format!("<{name}>{value}</{name}>")
}

fn check_order(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
    let mut highest: Option<(u8, &str)> = None;
    for child in root.children.iter().filter(|c| c.ns == root.ns) {
        let Some(&(_, rank)) = TOP_ORDER.iter().find(|(n, _)| *n == child.name) else {
            continue;
        };
        match highest {
            Some((h, after)) if rank < h => out.push(
                cx.at(
                    &ELEMENT_ORDER,
                    APP_META,
                    child.span.clone(),
                    format!("<{}> comes after <{after}>; the documented order puts it before", child.name),
                )
                .help(format!(
                    "Move <{}> before <{after}>; the order is id, name, version, release, homepage, vendor, packager, presentation, license-agreement, upgrade|patch, service, privileges.",
                    child.name
                )),
            ),
            Some((h, _)) if rank == h => {}
            _ => highest = Some((rank, child.name.as_str())),
        }
    }
}

fn check_unknown(cx: &Context, el: &Element, path: &str, out: &mut Vec<Finding>) {
    let Some((children, attrs)) = known(path) else {
        return;
    };
    for a in &el.attrs {
        if a.ns.is_some() || a.name == "xmlns" || a.name.starts_with("xmlns:") {
            continue;
        }
        if !attrs.contains(&a.name.as_str()) {
            let help = if attrs.is_empty() {
                format!("Remove `{}`: <{}> takes no attributes.", a.name, el.name)
            } else {
                format!(
                    "Correct the name or remove `{}`; <{}> takes {}.",
                    a.name,
                    el.name,
                    attrs
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            out.push(
                cx.at(
                    &UNKNOWN_ATTRIBUTE,
                    APP_META,
                    a.name_span.clone(),
                    format!("attribute `{}` is not known on <{}>", a.name, el.name),
                )
                .help(help),
            );
        }
    }
    for c in el
        .children
        .iter()
        .filter(|c| c.ns.as_deref() == Some(NS_APS2))
    {
        if !children.contains(&c.name.as_str()) {
            out.push(cx.at(
                &UNKNOWN_ELEMENT,
                APP_META,
                c.span.clone(),
                format!("element <{}> is not known inside <{}>", c.name, el.name),
            ));
            continue;
        }
        let child_path = match (path, c.name.as_str()) {
            ("application", name) => name.to_string(),
            ("license-agreement", "text") => "license-agreement/text".into(),
            ("service", "presentation") => "service/presentation".into(),
            _ => continue,
        };
        check_unknown(cx, c, &child_path, out);
    }
}

fn check_services(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
    let services: Vec<&Element> = root.children_named("service").collect();
    if services.is_empty() {
        out.push(cx.at(
            &NO_SERVICE,
            APP_META,
            root.span.clone(),
            "APP-META.xml declares no <service>",
        ));
        return;
    }
    let mut seen: HashMap<&str, &Element> = HashMap::new();
    for s in services {
        let Some(id) = s.attr_node("id") else {
            continue;
        };
        if let Some(first) = seen.get(id.value.as_str()) {
            let line = cx.line_at(APP_META, first.span.start);
            out.push(cx.at(
                &DUPLICATE_SERVICE,
                APP_META,
                id.value_span.clone(),
                format!(
                    "service id `{}` is declared twice (first at line {line})",
                    id.value
                ),
            ));
        } else {
            seen.insert(&id.value, s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testkit::{clean, findings, with_file, with_meta, without};
    use crate::tree::{Entry, Origin};

    fn has(tree: &crate::tree::PackageTree, code: &str) -> bool {
        !findings(tree, code).is_empty()
    }

    #[test]
    fn missing_app_meta() {
        assert!(has(&without("APP-META.xml"), "APS0101"));
        assert!(!has(&clean(), "APS0101"));
    }

    #[test]
    fn malformed_app_meta_points_at_the_line() {
        let t = with_meta("<name>Demo</name>", "<name>Demo & co</name>");
        let f = findings(&t, "APS0102");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].line, Some(4));
        assert!(!has(&clean(), "APS0102"));
    }

    #[test]
    fn encoding() {
        let t = with_meta(r#"encoding="UTF-8""#, r#"encoding="ISO-8859-1""#);
        let f = findings(&t, "APS0103");
        let meta = t.bytes(APP_META).unwrap();
        assert_eq!(&meta[f[0].span.clone().unwrap()], b"ISO-8859-1");
        let mut t = clean();
        let mut bytes = crate::lint::testkit::META.as_bytes().to_vec();
        bytes.push(0xff);
        t.insert(Entry::memory("APP-META.xml", bytes));
        assert!(has(&t, "APS0103"));
        assert!(!has(&t, "APS0102"));
        assert!(!has(&clean(), "APS0103"));
    }

    #[test]
    fn root_and_namespace() {
        let t = with_file(
            "APP-META.xml",
            "<package xmlns=\"http://aps-standard.org/ns/2\"/>",
        );
        assert!(has(&t, "APS0104"));
        let t = with_meta(
            "http://aps-standard.org/ns/2",
            "http://aps-standard.org/ns/3",
        );
        assert!(has(&t, "APS0105"));
        let t = with_meta(r#" xmlns="http://aps-standard.org/ns/2""#, "");
        let f = findings(&t, "APS0105");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("no namespace"));
        assert!(!has(&t, "APS0901"), "not judged as APS 1");
        assert!(!has(&clean(), "APS0104"));
        assert!(!has(&clean(), "APS0105"));
    }

    #[test]
    fn format_version() {
        assert!(has(
            &with_meta(r#"version="2.0""#, r#"version="02.0""#),
            "APS0106"
        ));
        assert!(has(&with_meta(r#" version="2.0""#, ""), "APS0106"));
        assert!(!has(&clean(), "APS0106"));
        assert!(is_major_minor("2.10") && !is_major_minor("2") && !is_major_minor("2.01"));
    }

    #[test]
    fn required_elements() {
        let f = findings(&with_meta("<release>1</release>", ""), "APS0107");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("<release>"));
        assert_eq!(
            f[0].help.as_deref(),
            Some("Add `<release>1</release>` to <application>.")
        );
        assert!(has(
            &with_meta("<name>Demo</name>", "<name> </name>"),
            "APS0107"
        ));
        assert!(!has(&clean(), "APS0107"));
    }

    #[test]
    fn element_order() {
        let t = with_meta("  <homepage>https://example.org</homepage>\n", "");
        let t2 = {
            let meta = crate::lint::testkit::META
                .replacen("  <homepage>https://example.org</homepage>\n", "", 1)
                .replacen(
                    "<upgrade",
                    "<homepage>https://example.org</homepage>\n  <upgrade",
                    1,
                );
            with_file("APP-META.xml", &meta)
        };
        assert!(!has(&t, "APS0108"));
        let f = findings(&t2, "APS0108");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(
            f[0].help
                .as_deref()
                .unwrap()
                .starts_with("Move <homepage> before <license-agreement>;"),
            "{f:?}"
        );
        assert!(!has(&clean(), "APS0108"));
    }

    #[test]
    fn unknown_elements_and_attributes() {
        let t = with_meta("<summary>", "<summery>x</summery><summary>");
        assert!(has(&t, "APS0109"));
        let t = with_meta(r#"<service id="app">"#, r#"<service id="app" name="x">"#);
        let f = findings(&t, "APS0110");
        assert_eq!(
            f[0].help.as_deref(),
            Some("Correct the name or remove `name`; <service> takes `id`.")
        );
        assert!(!has(&clean(), "APS0109"));
        assert!(!has(&clean(), "APS0110"));
    }

    #[test]
    fn services() {
        let meta = crate::lint::testkit::META;
        let start = meta.find("  <service").unwrap_or(0);
        let end = meta
            .find("</service>")
            .map(|i| i + "</service>\n".len())
            .unwrap_or(0);
        let service = &meta[start..end];
        assert!(has(&with_meta(service, ""), "APS0111"));
        let doubled = format!("{service}{service}");
        let f = findings(&with_meta(service, &doubled), "APS0112");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("first at line"));
        assert!(!has(&clean(), "APS0111"));
        assert!(!has(&clean(), "APS0112"));
    }

    #[test]
    fn packaged_missing_is_info_in_source_trees() {
        let t = with_meta(r#" packaged="2026-01-01T00:00:00""#, "");
        let f = findings(&t, "APS0113");
        assert_eq!(f[0].severity, Severity::Warning);
        let mut d = t.clone();
        d.origin = Origin::Directory("src".into());
        assert_eq!(findings(&d, "APS0113")[0].severity, Severity::Info);
        assert!(!has(&clean(), "APS0113"));
    }
}

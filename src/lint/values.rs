//! Rules APS02xx: APP-META value formats: ids, versions, placeholders, RQL, dates, colours, codes.

use std::ops::Range;

use super::{APP_META, Context, Finding, Rule, RuleDoc, Severity};
use crate::xml::Element;

mod formats;

pub use formats::{PACKAGED_FORMAT, RQL_FORBIDDEN, RQL_MALFORMED, is_datetime};

/// Application id not an absolute URI.
pub static APP_ID_NOT_URI: Rule = Rule {
    code: "APS0201",
    name: "app-id-not-uri",
    severity: Severity::Error,
    vendor_code: None,
    summary: "the application id is not an absolute URI",
    doc: RuleDoc {
        what: "`/application/id` is not an absolute URI (`scheme:` followed by the rest, no spaces).",
        why: "The id is a URI, unique on the platform and never changed; upgrades match on it \
              (CloudBlue SDK \"Metadata processing\", \"Upgrade\").",
        example: "<id>my app</id>",
        fix: "Use a URI you control, e.g. `<id>http://www.example.com/aps/myapp</id>`, and never change it.",
    },
};

/// Version or release with characters a version cannot have.
pub static VERSION_FORMAT: Rule = Rule {
    code: "APS0202",
    name: "version-format",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "version or release has characters a version does not have",
    doc: RuleDoc {
        what: "`version` or `release` holds whitespace or characters other than letters, digits \
               and `. _ - + ~`.",
        why: "The platform compares (version, release) to order packages and requires them to \
              grow on each import (CloudBlue SDK \"Upgrade\"); such values do not \
              compare sensibly.",
        example: "<version>1.0 beta</version>",
        fix: "Use dotted numbers, e.g. `<version>1.0.1</version>`.",
    },
};

/// Release that is not an integer.
pub static RELEASE_NOT_INTEGER: Rule = Rule {
    code: "APS0203",
    name: "release-not-integer",
    severity: Severity::Info,
    vendor_code: None,
    summary: "release is a dotted number, not an integer",
    doc: RuleDoc {
        what: "`release` is a dotted number such as `1.15` instead of an integer.",
        why: "Allowed: the vendor's own example uses `<release>1.15</release>` and shipped packages \
              use `1.9` (CloudBlue SDK \"APP-META.xml\" example; shipped packages). It is compared segment by segment, which surprises \
              people (1.9 < 1.15).",
        example: "<release>1.9</release>",
        fix: "Nothing is required; prefer integer releases (`<release>2</release>`).",
    },
};

/// Empty homepage.
pub static EMPTY_HOMEPAGE: Rule = Rule {
    code: "APS0204",
    name: "empty-homepage",
    severity: Severity::Warning,
    vendor_code: Some("aps021"),
    summary: "a homepage element is empty",
    doc: RuleDoc {
        what: "`/application/homepage` (or a vendor or packager homepage) is present but empty.",
        why: "The vendor linter reports `aps021: '/application/homepage' element is empty` \
              (CloudBlue SDK \"CLI tools\"); the catalogue links to it.",
        example: "<homepage/>",
        fix: "Put the application's URL in it, or remove the element.",
    },
};

/// Placeholder in a typed field.
pub static PLACEHOLDER: Rule = Rule {
    code: "APS0205",
    name: "placeholder-value",
    severity: Severity::Error,
    vendor_code: None,
    summary: "an unfilled %PLACEHOLDER% in a typed field",
    doc: RuleDoc {
        what: "A template placeholder such as `%PRODUCT_VERSION%` in a typed field: id, version, \
               release, installed-size, language, or the version/release/packaged/match attributes.",
        why: "These fields have a type (a URI, a version, an integer); an unexpanded placeholder \
              is never a valid value (typed fields of the APS 1 and APS 2 formats).",
        example: "<version>%PRODUCT_VERSION%</version>",
        fix: "Run the template step that fills the placeholders, or write the value.",
    },
};

/// Placeholder in free text.
pub static PLACEHOLDER_TEXT: Rule = Rule {
    code: "APS0206",
    name: "placeholder-text",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "an unfilled %PLACEHOLDER% in free text or a URL",
    doc: RuleDoc {
        what: "A template placeholder such as `%PRODUCT_NAME%` in a name, description, homepage or \
               other free text or URL.",
        why: "Unfilled template text is shown to customers as is (APS 1.2 packaging guide).",
        example: "<description>%PRODUCT_NAME% is a webmail client</description>",
        fix: "Fill the placeholder.",
    },
};

/// Lorem-ipsum filler in free text.
pub static FILLER_TEXT: Rule = Rule {
    code: "APS0215",
    name: "filler-text",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "a description or other free text is lorem-ipsum filler",
    doc: RuleDoc {
        what: "Free text in APP-META.xml (a name, summary, description, changelog entry or label) \
               that contains the typesetting filler `Lorem ipsum`.",
        why: "Filler text is shown to providers and customers as the product's description; the \
              certification criteria ask for real descriptions (APS certification criteria 1.2, \
              §3.2). Shipped packages carry it (communigate-plesk-aps).",
        example: "<description>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</description>",
        fix: "Write the real text.",
    },
};

/// Colour not `#RRGGBB`.
pub static COLOR_FORMAT: Rule = Rule {
    code: "APS0210",
    name: "color-format",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "a service colour is not #RRGGBB",
    doc: RuleDoc {
        what: "`color` or `font-color` of a service presentation is not `#` and six hex digits.",
        why: "Shipped UX1 packages (the MyWeatherDemo tutorial) use `#RRGGBB`; other forms may not render.",
        example: "<color>blue</color>",
        fix: "Write `<color>#34495E</color>`.",
    },
};

/// Category format.
pub static CATEGORY_FORMAT: Rule = Rule {
    code: "APS0211",
    name: "category-format",
    severity: Severity::Info,
    vendor_code: None,
    summary: "a category is not a `Group/Name` path",
    doc: RuleDoc {
        what: "A `<category>` is empty, has empty path segments, or is a single name instead of \
               a slash path such as `Collaboration/Email`.",
        why: "Categories are slash paths (APS 2.1 spec, APP-META example); the catalogue \
              may ignore others.",
        example: "<category>Video Streaming</category>",
        fix: "Use a path from the APS category list, e.g. `Collaboration/Email`.",
    },
};

/// Language code format.
pub static LANGUAGE_CODE: Rule = Rule {
    code: "APS0212",
    name: "language-code",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "a language is not `ll` or `ll_CC`",
    doc: RuleDoc {
        what: "A `<language>` is not a two-letter lower-case ISO 639 code, optionally followed by \
               `_` and a two-letter upper-case ISO 3166 code.",
        why: "Locale names are `ll` or `ll_CC` (CloudBlue SDK \"Internationalization\").",
        example: "<language>English</language>",
        fix: "Write `<language>en</language>` or `<language>en_US</language>`.",
    },
};

/// Unknown code engine.
pub static CODE_ENGINE: Rule = Rule {
    code: "APS0213",
    name: "code-engine",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "a service <code> engine other than php",
    doc: RuleDoc {
        what: "`service/code@engine` is missing or not `php`.",
        why: "`php` is the only engine seen in the CloudBlue SDK \"APP-META.xml\" examples and in shipped packages.",
        example: "<code engine=\"python\" path=\"scripts/app.py\"/>",
        fix: "Use `engine=\"php\"`, or make sure your platform runs the engine you name.",
    },
};

/// Whitespace in a service id.
pub static SERVICE_ID_WHITESPACE: Rule = Rule {
    code: "APS0214",
    name: "service-id-whitespace",
    severity: Severity::Warning,
    vendor_code: None,
    summary: "a service id contains whitespace",
    doc: RuleDoc {
        what: "A `service@id` (APS 1 or 2) contains spaces or other whitespace.",
        why: "Service ids are identifiers used in the controller's service and resource paths \
              (APS 1.2 and APS 2 service ids; a shipped package used `CommuniGate Pro`).",
        example: "<service id=\"CommuniGate Pro\">",
        fix: "Use an identifier: `<service id=\"communigate\">`.",
    },
};

/// This family's rules.
pub static RULES: &[&Rule] = &[
    &APP_ID_NOT_URI,
    &VERSION_FORMAT,
    &RELEASE_NOT_INTEGER,
    &EMPTY_HOMEPAGE,
    &PLACEHOLDER,
    &PLACEHOLDER_TEXT,
    &FILLER_TEXT,
    &RQL_FORBIDDEN,
    &RQL_MALFORMED,
    &PACKAGED_FORMAT,
    &COLOR_FORMAT,
    &CATEGORY_FORMAT,
    &LANGUAGE_CODE,
    &CODE_ENGINE,
    &SERVICE_ID_WHITESPACE,
];

/// The first `%NAME%` template placeholder in `s` (upper-case letters, digits, `_`).
pub fn placeholder(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let mut j = i + 1;
            while j < b.len()
                && (b[j].is_ascii_uppercase() || b[j].is_ascii_digit() || b[j] == b'_')
            {
                j += 1;
            }
            if j < b.len() && b[j] == b'%' && j > i + 1 && b[i + 1].is_ascii_uppercase() {
                return Some(&s[i..=j]);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    None
}

/// True if `text` contains the typesetting filler "lorem ipsum" (any case and spacing).
fn is_filler(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .take(64)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_ascii_lowercase()
        })
        .collect();
    words.windows(2).any(|w| w[0] == "lorem" && w[1] == "ipsum")
}

/// Elements whose text is typed (a placeholder there is an error).
const TYPED_ELEMENTS: &[&str] = &["id", "version", "release", "installed-size", "language"];
/// Attributes whose value is typed.
const TYPED_ATTRS: &[&str] = &["version", "release", "packaged", "match", "must-accept"];

/// Reports every placeholder in element text and attribute values under `root`, as
/// [`PLACEHOLDER`] in typed fields and [`PLACEHOLDER_TEXT`] elsewhere. A `changelog`'s own text
/// is left to the changelog rule.
pub fn check_placeholders(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
    let mut all = vec![root];
    all.extend(root.descendants());
    for el in all {
        if el.name != "changelog"
            && let Some(p) = placeholder(&el.text)
        {
            let typed = TYPED_ELEMENTS.contains(&el.name.as_str());
            let what = format!("<{}>", el.name);
            out.push(placeholder_finding(cx, typed, el.value_span(), &what, p));
        }
        if !TYPED_ELEMENTS.contains(&el.name.as_str()) && is_filler(&el.text) {
            out.push(
                cx.at(
                    &FILLER_TEXT,
                    APP_META,
                    el.value_span(),
                    format!("<{}> is lorem-ipsum filler text", el.name),
                )
                .help(format!("Write the real text of <{}>.", el.name)),
            );
        }
        for a in &el.attrs {
            if let Some(p) = placeholder(&a.value) {
                let typed = TYPED_ATTRS.contains(&a.name.as_str());
                let what = format!("<{} {}>", el.name, a.name);
                out.push(placeholder_finding(
                    cx,
                    typed,
                    a.value_span.clone(),
                    &what,
                    p,
                ));
            }
        }
    }
}

/// A placeholder `p` found in `what` (an element or attribute) at `span`: [`PLACEHOLDER`] when
/// the field is typed, [`PLACEHOLDER_TEXT`] otherwise.
fn placeholder_finding(
    cx: &Context,
    typed: bool,
    span: Range<usize>,
    what: &str,
    p: &str,
) -> Finding {
    let rule = if typed {
        &PLACEHOLDER
    } else {
        &PLACEHOLDER_TEXT
    };
    cx.at(
        rule,
        APP_META,
        span,
        format!("{what} holds the unfilled placeholder `{p}`"),
    )
    .help(format!(
        "Replace `{p}` with the real value (run the template step that fills it) before packaging."
    ))
}

/// True if `s` is an absolute URI: a scheme, `:`, and a non-empty rest without whitespace.
pub fn is_absolute_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut sc = scheme.chars();
    sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        && sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !s.chars().any(char::is_whitespace)
}

fn is_dotted_number(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
}

/// Reports a service id with whitespace (APS 1 and APS 2).
pub fn check_service_id(cx: &Context, service: &Element, out: &mut Vec<Finding>) {
    if let Some(id) = service.attr_node("id")
        && id.value.chars().any(char::is_whitespace)
    {
        out.push(
            cx.at(
                &SERVICE_ID_WHITESPACE,
                APP_META,
                id.value_span.clone(),
                format!("service id `{}` contains whitespace", id.value),
            )
            .help(format!(
                "Use an identifier such as `{}`.",
                id.value
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join("-")
                    .to_ascii_lowercase()
            )),
        );
    }
}

/// Checks `version` and `release` text of `root` (APS 1 and APS 2).
pub fn check_version_release(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
    for name in ["version", "release"] {
        let Some(el) = root.child(name) else { continue };
        let v = el.text.trim();
        if v.is_empty() || placeholder(v).is_some() {
            continue;
        }
        let ok = v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '~'));
        if !ok {
            out.push(
                cx.at(
                    &VERSION_FORMAT,
                    APP_META,
                    el.value_span(),
                    format!("<{name}> `{v}` has characters a version does not have"),
                )
                .help(if name == "release" {
                    "Write the release as an integer: `<release>1</release>`."
                } else {
                    "Use dotted numbers: `<version>1.0.1</version>`."
                }),
            );
        } else if name == "release" && v.contains('.') && is_dotted_number(v) {
            out.push(cx.at(
                &RELEASE_NOT_INTEGER,
                APP_META,
                el.value_span(),
                format!("release `{v}` is a dotted number; it is compared segment by segment"),
            ));
        } else if name == "release" && !is_dotted_number(v) {
            out.push(
                cx.at(
                    &VERSION_FORMAT,
                    APP_META,
                    el.value_span(),
                    format!("release `{v}` is not a number"),
                )
                .help("Write the release as an integer: `<release>1</release>`."),
            );
        }
    }
}

/// Runs this family's checks.
pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(root) = cx.aps2_root() else { return };
    if let Some(id) = root.child("id") {
        let v = id.text.trim();
        if !v.is_empty() && placeholder(v).is_none() && !is_absolute_uri(v) {
            out.push(cx.at(
                &APP_ID_NOT_URI,
                APP_META,
                id.value_span(),
                format!("application id `{v}` is not an absolute URI"),
            ));
        }
    }
    check_version_release(cx, root, out);
    check_placeholders(cx, root, out);
    check_homepages(cx, root, out);
    for kind in ["upgrade", "patch"] {
        for el in root.children_named(kind) {
            formats::check_rql(cx, el, out);
        }
    }
    if let Some(p) = root.attr_node("packaged")
        && placeholder(&p.value).is_none()
        && !is_datetime(&p.value)
    {
        out.push(cx.at(
            &PACKAGED_FORMAT,
            APP_META,
            p.value_span.clone(),
            format!("packaged=\"{}\" is not an xsd:dateTime", p.value),
        ));
    }
    if let Some(pres) = root.child("presentation") {
        for cats in pres.children_named("categories") {
            for c in cats.children_named("category") {
                check_category(cx, c, out);
            }
        }
        for langs in pres.children_named("languages") {
            for l in langs.children_named("language") {
                let v = l.text.trim();
                if placeholder(v).is_none() && !is_language_code(v) {
                    let mut f = cx.at(
                        &LANGUAGE_CODE,
                        APP_META,
                        l.value_span(),
                        format!("language `{v}` is not `ll` or `ll_CC`"),
                    );
                    if let Some(s) = suggest_language(v) {
                        f = f.help(format!("Write `<language>{s}</language>`."));
                    }
                    out.push(f);
                }
            }
        }
    }
    for s in root.children_named("service") {
        check_service_id(cx, s, out);
        for code in s.children_named("code") {
            match code.attr_node("engine") {
                Some(e) if e.value == "php" => {}
                Some(e) => out.push(cx.at(
                    &CODE_ENGINE,
                    APP_META,
                    e.value_span.clone(),
                    format!("code engine `{}` is not `php`", e.value),
                )),
                None => out.push(cx.at(
                    &CODE_ENGINE,
                    APP_META,
                    code.span.clone(),
                    "<code> has no engine attribute",
                )),
            }
        }
        if let Some(p) = s.child("presentation") {
            for name in ["color", "font-color"] {
                for c in p.children_named(name) {
                    let v = c.text.trim();
                    if !is_rgb(v) {
                        out.push(
                            cx.at(
                                &COLOR_FORMAT,
                                APP_META,
                                c.value_span(),
                                format!("<{name}> `{v}` is not #RRGGBB"),
                            )
                            .help(format!(
                                "Write `#` and six hex digits: `<{name}>#34495E</{name}>`."
                            )),
                        );
                    }
                }
            }
        }
    }
}

fn check_homepages(cx: &Context, root: &Element, out: &mut Vec<Finding>) {
    let mut candidates: Vec<(&Element, &str)> = Vec::new();
    if let Some(h) = root.child("homepage") {
        candidates.push((h, "/application/homepage"));
    }
    for (parent, path) in [
        ("vendor", "/application/vendor/homepage"),
        ("packager", "/application/packager/homepage"),
    ] {
        if let Some(h) = root.child(parent).and_then(|p| p.child("homepage")) {
            candidates.push((h, path));
        }
    }
    for (h, path) in candidates {
        if h.text.trim().is_empty() {
            out.push(
                cx.at(
                    &EMPTY_HOMEPAGE,
                    APP_META,
                    h.span.clone(),
                    format!("`{path}` is empty"),
                )
                .help("Put the URL in it, or remove the element."),
            );
        }
    }
}

fn is_rgb(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|c| c.is_ascii_hexdigit())
}

/// `s` rewritten as `ll` or `ll_CC` when only case or the separator is wrong (`en-us`).
fn suggest_language(s: &str) -> Option<String> {
    let fixed = match s.split_once(['-', '_']) {
        Some((l, c)) => format!("{}_{}", l.to_ascii_lowercase(), c.to_ascii_uppercase()),
        None => s.to_ascii_lowercase(),
    };
    is_language_code(&fixed).then_some(fixed)
}

/// True for `ll` or `ll_CC`.
pub fn is_language_code(s: &str) -> bool {
    let b = s.as_bytes();
    let ll = |x: &[u8]| x.len() == 2 && x.iter().all(u8::is_ascii_lowercase);
    match b.len() {
        2 => ll(b),
        5 => ll(&b[..2]) && b[2] == b'_' && b[3..].iter().all(u8::is_ascii_uppercase),
        _ => false,
    }
}

fn check_category(cx: &Context, c: &Element, out: &mut Vec<Finding>) {
    let v = c.text.trim();
    if placeholder(v).is_some() {
        return;
    }
    let problem = if v.is_empty() {
        Some("is empty".to_string())
    } else if v.split('/').any(|p| p.trim().is_empty()) {
        Some("has an empty path segment".to_string())
    } else if !v.contains('/') {
        Some("is a single name, not a `Group/Name` path".to_string())
    } else {
        None
    };
    if let Some(p) = problem {
        out.push(cx.at(
            &CATEGORY_FORMAT,
            APP_META,
            c.value_span(),
            format!("category `{v}` {p}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testkit::{clean, count, findings, with_meta};

    #[test]
    fn app_id() {
        assert_eq!(
            count(
                &with_meta("<id>http://example.org/aps/demo</id>", "<id>demo app</id>"),
                "APS0201"
            ),
            1
        );
        assert_eq!(count(&clean(), "APS0201"), 0);
        assert!(is_absolute_uri("uuid:1234") && !is_absolute_uri("/x") && !is_absolute_uri("1x:y"));
    }

    #[test]
    fn version_and_release() {
        assert_eq!(
            count(
                &with_meta("<version>1.0</version>", "<version>1.0 beta</version>"),
                "APS0202"
            ),
            1
        );
        assert_eq!(
            count(
                &with_meta("<release>1</release>", "<release>one</release>"),
                "APS0202"
            ),
            1
        );
        let t = with_meta("<release>1</release>", "<release>1.15</release>");
        let f = findings(&t, "APS0203");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(count(&t, "APS0202"), 0);
        assert_eq!(count(&clean(), "APS0202") + count(&clean(), "APS0203"), 0);
    }

    #[test]
    fn empty_homepage() {
        let f = findings(
            &with_meta("<homepage>https://example.org</homepage>", "<homepage/>"),
            "APS0204",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].line, Some(7));
        assert_eq!(f[0].rule.vendor_code, Some("aps021"));
        assert_eq!(count(&clean(), "APS0204"), 0);
    }

    #[test]
    fn placeholders() {
        let t = with_meta(
            "<version>1.0</version>",
            "<version>%PRODUCT_VERSION%</version>",
        );
        let f = findings(&t, "APS0205");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("%PRODUCT_VERSION%"));
        let t = with_meta("<name>Demo</name>", "<name>%PRODUCT_NAME%</name>");
        assert_eq!(count(&t, "APS0206"), 1);
        assert_eq!(count(&t, "APS0205"), 0);
        assert_eq!(count(&clean(), "APS0205") + count(&clean(), "APS0206"), 0);
        assert_eq!(placeholder("50% off 20%"), None);
        assert_eq!(placeholder("a %X_1% b"), Some("%X_1%"));
    }

    #[test]
    fn filler_text() {
        let t = with_meta(
            "<description>A demo package for tests.</description>",
            "<description>Lorem ipsum dolor sit amet.</description>",
        );
        let f = findings(&t, "APS0215");
        assert_eq!(f.len(), 1, "{}", crate::lint::testkit::describe(&t));
        assert!(f[0].message.contains("<description>"));
        assert_eq!(count(&clean(), "APS0215"), 0);
        assert!(!is_filler("Ipsum lorem, not the filler order"));
        assert!(is_filler("\"LOREM  Ipsum\" dolor"));
    }

    #[test]
    fn colours() {
        let t = with_meta(
            "<summary>Global settings</summary>",
            "<summary>G</summary><color>blue</color><font-color>#FFFFFF</font-color>",
        );
        assert_eq!(count(&t, "APS0210"), 1);
        assert_eq!(count(&clean(), "APS0210"), 0);
    }

    #[test]
    fn categories_and_languages() {
        let t = with_meta("Collaboration/Email", "Video Streaming");
        assert_eq!(count(&t, "APS0211"), 1);
        let t = with_meta("<language>en</language>", "<language>English</language>");
        assert_eq!(count(&t, "APS0212"), 1);
        assert!(is_language_code("pt_BR") && !is_language_code("pt-br"));
        assert_eq!(count(&clean(), "APS0211") + count(&clean(), "APS0212"), 0);
    }

    #[test]
    fn engine_and_service_id() {
        let t = with_meta(r#"engine="php""#, r#"engine="python""#);
        assert_eq!(count(&t, "APS0213"), 1);
        let t = with_meta(r#"<service id="app">"#, r#"<service id="my app">"#);
        let f = findings(&t, "APS0214");
        assert_eq!(f.len(), 1);
        assert!(f[0].help.as_deref().unwrap_or("").contains("my-app"));
        assert_eq!(count(&clean(), "APS0213") + count(&clean(), "APS0214"), 0);
    }

    mod no_panics {
        use super::super::*;
        use crate::lint::testkit::{META, with_file};
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]

            #[test]
            fn value_parsers_take_any_text(s in any::<String>()) {
                let _ = placeholder(&s);
                let _ = is_absolute_uri(&s);
                let _ = is_datetime(&s);
                let _ = is_language_code(&s);
                let _ = is_rgb(&s);
                let _ = super::super::formats::rql_find(&s, "sort");
                let _ = crate::lint::references::local_path(&s);
            }

            #[test]
            fn any_value_in_any_field_lints_without_panic(s in "[ -~]{0,40}") {
                let esc = s.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;");
                for (from, to) in [
                    ("<version>1.0</version>", format!("<version>{esc}</version>")),
                    ("2026-01-01T00:00:00", esc.clone()),
                    ("version=ge=1.0, release=ge=0", esc.clone()),
                    ("images/icon.png", esc.clone()),
                    ("https://example.org/guide", esc.clone()),
                    ("<language>en</language>", format!("<language>{esc}</language>")),
                ] {
                    let meta = META.replacen(from, &to, 1);
                    let found = crate::lint::lint(&with_file("APP-META.xml", &meta));
                    prop_assert!(found
                        .iter()
                        .filter(|f| f.file.as_deref() == Some("APP-META.xml"))
                        .all(|f| f.line.is_some()));
                }
            }

            #[test]
            fn any_bytes_as_app_meta_lint_without_panic(b in proptest::collection::vec(any::<u8>(), 0..256)) {
                let mut t = crate::lint::testkit::clean();
                t.insert(crate::tree::Entry::memory("APP-META.xml", b));
                let found = crate::lint::lint(&t);
                prop_assert!(found
                    .iter()
                    .filter(|f| f.file.as_deref() == Some("APP-META.xml"))
                    .all(|f| f.line.is_some()));
            }
        }
    }
}

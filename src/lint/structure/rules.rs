//! The structure family's rules: codes, names, severities and documentation, and the
//! family's `RULES` table (every rule the family reports is listed there).

use crate::lint::{Rule, RuleDoc, Severity, When, lowered};

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

/// APP-META.xml is not in the package root.
pub static APP_META_MISSING: Rule = Rule {
    code: "APS0101",
    name: "app-meta-missing",
    severity: Severity::Error,
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[lowered(When::SourceTree, Severity::Info)],
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

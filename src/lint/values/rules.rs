//! The values family's rules: codes, names, severities and documentation, and the
//! family's `RULES` table (every rule the family reports is listed there).

use crate::lint::{Rule, RuleDoc, Severity};

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

/// Application id not an absolute URI.
pub static APP_ID_NOT_URI: Rule = Rule {
    code: "APS0201",
    name: "app-id-not-uri",
    severity: Severity::Error,
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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

/// Forbidden RQL operator.
pub static RQL_FORBIDDEN: Rule = Rule {
    code: "APS0207",
    name: "rql-forbidden-operator",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "upgrade/patch match uses an RQL operator that is not allowed",
    doc: RuleDoc {
        what: "`upgrade@match` or `patch@match` uses `limit`, `sort`, `implementing`, `composing` \
               or `isnull`.",
        why: "The match is run against installed packages; these operators are forbidden there \
              (CloudBlue SDK \"Package updates\").",
        example: "<upgrade match=\"version=ge=1.0,sort(+version)\"/>",
        fix: "Use only comparisons joined by `,` / `and` / `or`: `version=ge=1.0, release=ge=0`.",
    },
};

/// Malformed RQL.
pub static RQL_MALFORMED: Rule = Rule {
    code: "APS0208",
    name: "rql-malformed",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "upgrade/patch match is empty or has unbalanced parentheses",
    doc: RuleDoc {
        what: "`upgrade@match` or `patch@match` is empty, or its parentheses do not balance.",
        why: "The platform parses the match as RQL (CloudBlue SDK \"Package \
              updates\"); a broken expression cannot select the packages to update.",
        example: "<upgrade match=\"and(version=ge=1.0,release=ge=1\"/>",
        fix: "Close every parenthesis, e.g. `and(version=ge=1.0,release=ge=1)`.",
    },
};

/// `packaged` not a dateTime.
pub static PACKAGED_FORMAT: Rule = Rule {
    code: "APS0209",
    name: "packaged-format",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "<application packaged> is not an xsd:dateTime",
    doc: RuleDoc {
        what: "The `packaged` attribute is not `YYYY-MM-DDThh:mm:ss`, optionally with fractions \
               and a zone (`Z`, `+hh:mm`).",
        why: "Its type is xsd:dateTime (APS 2.1 spec, \"APP-META.xml\").",
        example: "<application packaged=\"26.11.2014 11:17\" ...>",
        fix: "Write `packaged=\"2014-11-26T11:17:13\"`; `apspack build` writes it for you.",
    },
};

//! The aps1 family's rules: codes, names, severities and documentation, and the
//! family's `RULES` table (every rule the family reports is listed there).

use crate::lint::{Rule, RuleDoc, Severity};

/// This family's rules.
pub static RULES: &[&Rule] = &[
    &APS1_REQUIRED,
    &APS1_NO_ID,
    &APS1_SETTING_DEFAULT,
    &APS1_ASPECT_ELEMENT,
    &APS1_GROUP_UNNAMED,
    &APS1_ENTRY_POINT,
];

/// Required APS 1 element missing.
pub static APS1_REQUIRED: Rule = Rule {
    code: "APS0901",
    name: "aps1-required-element-missing",
    severity: Severity::Error,
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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

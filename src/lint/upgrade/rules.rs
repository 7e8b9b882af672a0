//! The registry entries of the upgrade family (APS11xx): what `apspack diff` and
//! `apspack build --previous` report when comparing an installed package with its successor.
//!
//! Sources: APS-FORMAT §2.2 and §5.3; CloudBlue SDK "Application Updates"
//! (docs.cloudblue.com/cbc/sdk/21.0/api/package/updates), "APS Type ID"
//! (docs.cloudblue.com/cbc/sdk/21.0/api/types/type-definition/type-id), "Upgrade"
//! (docs.cloudblue.com/cbc/sdk/21.0/api/rest/application/upgrade) and knowledge-base article
//! 120574 "How do I test application upgrade?" (kb.cloudblue.com/en/120574).

use crate::lint::{Rule, RuleDoc, Severity, When, lowered};

/// Where the type-versioning rules come from, quoted by every type rule's doc.
const TYPE_RULES: &str = "APS-FORMAT §5.3; \"APS Type ID\" \
    (docs.cloudblue.com/cbc/sdk/21.0/api/types/type-definition/type-id): once a type is imported, \
    change its version whenever it changes; KB 120574 (kb.cloudblue.com/en/120574): adding a \
    property or relation needs a minor bump, removing one a major bump, or the platform \
    refuses the upgrade.";

/// a package of the comparison has no readable APS 2 APP-META.xml
pub static UNREADABLE: Rule = Rule {
    code: "APS1101",
    name: "upgrade-input-unreadable",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a package of the comparison has no readable APS 2 APP-META.xml",
    doc: RuleDoc {
        what: "The installed (old) or the new package has no APP-META.xml, a broken one, or one \
           that is not APS 2, so it cannot be compared.",
        why: "Upgrades are defined for APS 2 packages only (\"Upgrade\", \
          docs.cloudblue.com/cbc/sdk/21.0/api/rest/application/upgrade: APS 1 packages cannot be \
          upgraded to APS 2).",
        example: "apspack diff old-aps1-package/ new.app.zip",
        fix: "Compare two APS 2 packages; run `apspack lint` on the one named to see what is wrong.",
    },
};

/// the new package has another application id, so it cannot upgrade the old one
pub static ID_CHANGED: Rule = Rule {
    code: "APS1102",
    name: "application-id-changed",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "the new package has another application id, so it cannot upgrade the old one",
    doc: RuleDoc {
        what: "`<id>` of the new APP-META.xml differs from the installed package's.",
        why: "The platform finds updates among packages with the same application id; another id \
          is another application (APS-FORMAT §2.2; \"Upgrade\", \
          docs.cloudblue.com/cbc/sdk/21.0/api/rest/application/upgrade).",
        example: "old: <id>http://example.org/app</id>   new: <id>http://example.org/app2</id>",
        fix: "Keep the application id of the installed package.",
    },
};

/// the new package's (version, release) is not greater than the installed one's
pub static NOT_NEWER: Rule = Rule {
    code: "APS1103",
    name: "version-not-increased",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "the new package's (version, release) is not greater than the installed one's",
    doc: RuleDoc {
        what: "(version, release) of the new package, compared part by part with numeric parts as \
           integers, is equal to or lower than the installed package's.",
        why: "The match is evaluated only against installed packages with a lower version or \
          release, and the package version must be raised before each import (\"Application \
          Updates\", docs.cloudblue.com/cbc/sdk/21.0/api/package/updates; APS-FORMAT §2.2).",
        example: "old: 7.10.6-1   new: 7.10.6-1",
        fix: "Raise `<release>` (or `<version>`): `release = \"2\"` in aps.toml.",
    },
};

/// the new package has neither <upgrade match> nor <patch match>
pub static MATCH_MISSING: Rule = Rule {
    code: "APS1104",
    name: "update-match-missing",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "the new package has neither <upgrade match> nor <patch match>",
    doc: RuleDoc {
        what: "The new APP-META.xml declares no `upgrade` or `patch` element, so it names no \
           installed version it can update.",
        why: "\"An application may declare versions of packages which can be updated to the \
          current package\" with `upgrade@match` or `patch@match` (\"Application Updates\", \
          docs.cloudblue.com/cbc/sdk/21.0/api/package/updates); KB 120574 lists adding the \
          `upgrade` node as a step of every upgrade.",
        example: "<application ...> ... (no <upgrade/>) ... </application>",
        fix: "Add `upgrade = \"version=ge=<old version>\"` to [package] in aps.toml.",
    },
};

/// upgrade/patch match is not valid RQL
pub static MATCH_MALFORMED: Rule = Rule {
    code: "APS1105",
    name: "update-match-malformed",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "upgrade/patch match is not valid RQL",
    doc: RuleDoc {
        what: "The `match` of `upgrade` or `patch` in the new package does not parse as RQL.",
        why: "The platform evaluates the match as an RQL expression against installed packages \
          (\"Application Updates\", docs.cloudblue.com/cbc/sdk/21.0/api/package/updates); \
          an expression it cannot read selects nothing.",
        example: "<upgrade match=\"version=ge=1.0,release\"/>",
        fix: "Write comparisons such as `version=ge=1.0, release=ge=0`, joined by `,` (and) or \
          `|` (or), or calls such as `and(ge(version,1.0),lt(version,2.0))`.",
    },
};

/// upgrade/patch match uses an RQL function the platform forbids there
pub static MATCH_FORBIDDEN: Rule = Rule {
    code: "APS1106",
    name: "update-match-forbidden-function",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "upgrade/patch match uses an RQL function the platform forbids there",
    doc: RuleDoc {
        what: "The match uses `limit`, `sort`, `implementing`, `composing` or `isnull`.",
        why: "\"The limit, sort, implementing, composing, and isnull RQL functions cannot be used \
          in expressions to be evaluated against package metadata\" (\"Application Updates\", \
          docs.cloudblue.com/cbc/sdk/21.0/api/package/updates; APS-FORMAT §2.2).",
        example: "<upgrade match=\"version=ge=1.0,sort(+version)\"/>",
        fix: "Remove the function; keep only comparisons on version and release.",
    },
};

/// upgrade/patch match is false for the installed package
pub static MATCH_EXCLUDES: Rule = Rule {
    code: "APS1107",
    name: "update-match-excludes-installed",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "upgrade/patch match is false for the installed package",
    doc: RuleDoc {
        what: "Evaluated against the installed package's version and release, no `upgrade` or \
           `patch` match of the new package is true.",
        why: "\"If the specified RQL expression will be evaluated to true on some examined \
          application metadata - the package is considered to be an update\" (\"Application \
          Updates\", docs.cloudblue.com/cbc/sdk/21.0/api/package/updates): otherwise the \
          platform never offers the new package to instances of the old one.",
        example: "old: 7.9-3   new: <upgrade match=\"version=ge=7.10\"/>",
        fix: "Widen the match so that it covers the installed version, e.g. `version=ge=7.9`.",
    },
};

/// upgrade/patch match uses a field or function that cannot be evaluated here
pub static MATCH_UNEVALUABLE: Rule = Rule {
    code: "APS1108",
    name: "update-match-unevaluable",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "upgrade/patch match uses a field or function that cannot be evaluated here",
    doc: RuleDoc {
        what: "The match compares a field other than version, release, id, name or packaged, or \
           calls a function other than eq, ne, lt, le, gt, ge, like, in, out, and, or, not.",
        why: "Whether the new package updates the installed one cannot be decided, so the upgrade \
          is not known to be safe (\"Application Updates\", \
          docs.cloudblue.com/cbc/sdk/21.0/api/package/updates).",
        example: "<upgrade match=\"select(version)\"/>",
        fix: "Match on `version` and `release` with comparisons such as `version=ge=1.0`.",
    },
};

/// a package declares services but holds no type schema, so its types cannot be compared
pub static TYPES_UNKNOWN: Rule = Rule {
    code: "APS1109",
    name: "types-not-comparable",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a package declares services but holds no type schema, so its types cannot be compared",
    doc: RuleDoc {
        what: "The installed or the new package declares services, but no schema file of it \
           parses: a source tree that `aps build` has not built yet, or a package that lost its \
           schemas. Type versions are not checked.",
        why: "The type rules (APS-FORMAT §5.3) compare schemas; without them an upgrade that \
          breaks types would pass unnoticed, and every type would look removed.",
        example: "apspack diff Openstack-1.0-64.app.zip openstack-source/",
        fix: "Compare built packages (`.app.zip`), or projects that apspack generates.",
    },
};

/// a type changed but kept its type id version
pub static NO_BUMP: Rule = Rule {
    code: "APS1110",
    name: "type-changed-without-version-bump",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a type changed but kept its type id version",
    doc: RuleDoc {
        what: "A type (matched by its id without the version) has added, removed or changed \
           properties, relations, operations, structures or other definitions, while its \
           type id version stayed the same.",
        why: TYPE_RULES,
        example: "old: \"id\": \"http://example.org/types/user/1.0\" with properties a, b\nnew: \
              \"id\": \"http://example.org/types/user/1.0\" with properties a, b, c",
        fix: "Raise the type id version: the minor part for additions and compatible changes \
          (`.../user/1.1`), the major part for removals and incompatible changes \
          (`.../user/2.0`); update navigation `var@type-id` values and UI files to the new id.",
    },
};

/// a type's id version was raised by a minor step where its changes need a major one
pub static SMALL_BUMP: Rule = Rule {
    code: "APS1111",
    name: "type-version-bump-too-small",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a type's id version was raised by a minor step where its changes need a major one",
    doc: RuleDoc {
        what: "A type removed a member or changed one incompatibly (type, required, encrypted, \
           readonly, enum values removed, relation target, operation signature), but only the \
           minor part of its type id version was raised.",
        why: TYPE_RULES,
        example: "old: \"id\": \".../user/1.0\" with property quota\nnew: \"id\": \".../user/1.1\" \
              without it",
        fix: "Raise the major part of the type id version (`.../user/2.0`).",
    },
};

/// a type's id version is lower in the new package
pub static VERSION_DOWN: Rule = Rule {
    code: "APS1112",
    name: "type-version-decreased",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a type's id version is lower in the new package",
    doc: RuleDoc {
        what: "The type id version of a type (matched by its id without the version) is lower in \
           the new package than in the installed one.",
        why: TYPE_RULES,
        example: "old: \".../user/1.2\"   new: \".../user/1.1\"",
        fix: "Keep the installed version or raise it; never go back.",
    },
};

/// a type the installed package declared services of is gone from the new package
pub static REMOVED_WITH_SERVICES: Rule = Rule {
    code: "APS1113",
    name: "type-removed-with-services",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a type the installed package declared services of is gone from the new package",
    doc: RuleDoc {
        what: "The installed package bound a `<service>` to a type whose id (without version) is \
           defined nowhere in the new package.",
        why: "Resources of that service exist on the platform; every service must be bound to a \
          type defined in the same package (APS-FORMAT §2.2, §5.10), and the upgrade has no \
          type to move them to. Removing a type is the largest incompatible change (KB 120574).",
        example: "old: <service id=\"user\"> with schemas/user.schema   new: no user type",
        fix: "Keep the type (with a major version bump if its members changed), or migrate its \
          resources in the upgrade script before dropping it in a later release.",
    },
};

/// a type of the installed package is gone from the new package
pub static TYPE_REMOVED: Rule = Rule {
    code: "APS1114",
    name: "type-removed",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a type of the installed package is gone from the new package",
    doc: RuleDoc {
        what: "A type id (without version) of the installed package is defined nowhere in the new \
           package, and no service of the installed package was bound to it.",
        why: "Other packages and UI code may still refer to it; removal is an incompatible change \
          (APS-FORMAT §5.3; KB 120574).",
        example: "old: schemas/extra.schema (\".../extra/1.0\")   new: none",
        fix: "Keep the type unless nothing refers to it.",
    },
};

/// the new package defines a type the installed one did not
pub static TYPE_ADDED: Rule = Rule {
    code: "APS1115",
    name: "type-added",
    severity: Severity::Info,
    lowered: &[],
    vendor_code: None,
    summary: "the new package defines a type the installed one did not",
    doc: RuleDoc {
        what: "A type id (without version) of the new package is not in the installed package.",
        why: "A new service is a typical reason for an upgrade (\"Upgrade\", \
          docs.cloudblue.com/cbc/sdk/21.0/api/rest/application/upgrade); listed for review.",
        example: "new: schemas/report.schema (\".../report/1.0\")",
        fix: "Nothing to fix.",
    },
};

/// a type gained a property, relation, operation or structure
pub static MEMBER_ADDED: Rule = Rule {
    code: "APS1116",
    name: "type-member-added",
    severity: Severity::Info,
    lowered: &[],
    vendor_code: None,
    summary: "a type gained a property, relation, operation or structure",
    doc: RuleDoc {
        what: "A member of a type is new; it needs at least a minor type id version bump.",
        why: TYPE_RULES,
        example: "new property `mobile` in `.../user/1.1`",
        fix: "Nothing to fix when the type id version was raised.",
    },
};

/// a type lost a property, relation, operation or structure
pub static MEMBER_REMOVED: Rule = Rule {
    code: "APS1117",
    name: "type-member-removed",
    severity: Severity::Info,
    lowered: &[],
    vendor_code: None,
    summary: "a type lost a property, relation, operation or structure",
    doc: RuleDoc {
        what: "A member of a type is gone; it needs a major type id version bump.",
        why: TYPE_RULES,
        example: "property `quota` gone from `.../user/2.0`",
        fix: "Nothing to fix when the major part of the type id version was raised.",
    },
};

/// a type's property, relation, operation or structure changed
pub static MEMBER_CHANGED: Rule = Rule {
    code: "APS1118",
    name: "type-member-changed",
    severity: Severity::Info,
    lowered: &[],
    vendor_code: None,
    summary: "a type's property, relation, operation or structure changed",
    doc: RuleDoc {
        what: "An attribute of a member changed: its type, required, encrypted, readonly, enum \
           values, default, or another definition. Incompatible changes need a major bump, \
           the others a minor one.",
        why: TYPE_RULES,
        example: "property `quota`: required false -> true",
        fix: "Nothing to fix when the type id version was raised enough.",
    },
};

/// a relation or property refers to another version of the same type
pub static TARGET_VERSION: Rule = Rule {
    code: "APS1119",
    name: "relation-target-version-changed",
    severity: Severity::Warning,
    lowered: &[lowered(
        When::Case("when only the minor version of the target rose"),
        Severity::Info,
    )],
    vendor_code: None,
    summary: "a relation or property refers to another version of the same type",
    doc: RuleDoc {
        what: "A relation's target type (or a property's structure type) has the same id without \
           version, but another version, in the new package.",
        why: "Links of existing resources point at resources of the old version; a target whose \
          major version changed, or went down, may no longer accept them (APS-FORMAT §5.3, \
          §5.6). Reported as info when only the minor version rose.",
        example: "relation `subscription`: core/subscription/1.0 -> core/subscription/2.0",
        fix: "Check that resources linked today are of a type the new target accepts.",
    },
};

/// a type's id version was raised though its definition did not change
pub static BUMP_WITHOUT_CHANGE: Rule = Rule {
    code: "APS1120",
    name: "type-bumped-without-change",
    severity: Severity::Info,
    lowered: &[],
    vendor_code: None,
    summary: "a type's id version was raised though its definition did not change",
    doc: RuleDoc {
        what: "The type id version rose, but properties, relations, operations, structures and \
           other definitions are the same.",
        why: "Harmless, but every id change must be followed in navigation `var@type-id` values \
          and UI files (KB 120574).",
        example: "old: \".../user/1.0\"   new: \".../user/1.1\", same members",
        fix: "Nothing to fix if the bump is intended.",
    },
};

/// the new package declares a service the installed one did not
pub static SERVICE_ADDED: Rule = Rule {
    code: "APS1130",
    name: "service-added",
    severity: Severity::Info,
    lowered: &[],
    vendor_code: None,
    summary: "the new package declares a service the installed one did not",
    doc: RuleDoc {
        what: "A `<service id>` is new.",
        why: "Listed for review of the upgrade (\"Upgrade\", \
          docs.cloudblue.com/cbc/sdk/21.0/api/rest/application/upgrade).",
        example: "<service id=\"reports\">",
        fix: "Nothing to fix.",
    },
};

/// a service of the installed package is gone
pub static SERVICE_REMOVED: Rule = Rule {
    code: "APS1131",
    name: "service-removed",
    severity: Severity::Info,
    lowered: &[],
    vendor_code: None,
    summary: "a service of the installed package is gone",
    doc: RuleDoc {
        what: "A `<service id>` of the installed package is not declared by the new one.",
        why: "Listed for review of the upgrade; a type removed with its services is reported as \
          an error of its own (APS1113).",
        example: "old: <service id=\"reports\">   new: none",
        fix: "Nothing to fix when intended.",
    },
};

/// the new package adds a view, popup or view plug-in
pub static NAV_ADDED: Rule = Rule {
    code: "APS1132",
    name: "navigation-added",
    severity: Severity::Info,
    lowered: &[],
    vendor_code: None,
    summary: "the new package adds a view, popup or view plug-in",
    doc: RuleDoc {
        what: "A `view`, `popup` or `view-plugin` id is new in the navigation.",
        why: "UI changes are part of an upgrade (\"Upgrade\", \
          docs.cloudblue.com/cbc/sdk/21.0/api/rest/application/upgrade).",
        example: "<view id=\"reports\" ...>",
        fix: "Nothing to fix.",
    },
};

/// a view, popup or view plug-in of the installed package is gone
pub static NAV_REMOVED: Rule = Rule {
    code: "APS1133",
    name: "navigation-removed",
    severity: Severity::Info,
    lowered: &[],
    vendor_code: None,
    summary: "a view, popup or view plug-in of the installed package is gone",
    doc: RuleDoc {
        what: "A `view`, `popup` or `view-plugin` id of the installed package is not in the new \
           navigation.",
        why: "Links, bookmarks and other packages' plug-ins may point at it.",
        example: "old: <view id=\"reports\">   new: none",
        fix: "Nothing to fix when intended.",
    },
};

/// the new package has a file the installed one did not
pub static FILE_ADDED: Rule = Rule {
    code: "APS1134",
    name: "file-added",
    severity: Severity::Info,
    lowered: &[],
    vendor_code: None,
    summary: "the new package has a file the installed one did not",
    doc: RuleDoc {
        what: "A file path is new.",
        why: "Listed for review of the upgrade.",
        example: "scripts/reports.php",
        fix: "Nothing to fix.",
    },
};

/// a file of the installed package is gone
pub static FILE_REMOVED: Rule = Rule {
    code: "APS1135",
    name: "file-removed",
    severity: Severity::Info,
    lowered: &[],
    vendor_code: None,
    summary: "a file of the installed package is gone",
    doc: RuleDoc {
        what: "A file path of the installed package is not in the new one.",
        why: "Listed for review of the upgrade; the endpoint keeps old files until replaced (KB \
          120574).",
        example: "scripts/legacy.php",
        fix: "Nothing to fix when intended.",
    },
};

/// a file's content changed
pub static FILE_CHANGED: Rule = Rule {
    code: "APS1136",
    name: "file-changed",
    severity: Severity::Info,
    lowered: &[],
    vendor_code: None,
    summary: "a file's content changed",
    doc: RuleDoc {
        what: "A file at the same path has another SHA-256 digest (APP-META.xml and APP-LIST.xml, \
           which change with every build, and the schemas, compared type by type, are left out).",
        why: "Listed for review of the upgrade.",
        example: "scripts/app.php",
        fix: "Nothing to fix.",
    },
};

/// a patch that changes types
pub static PATCH_RESHAPES: Rule = Rule {
    code: "APS1121",
    name: "patch-changes-types",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "the new package updates the installed one only as a patch, yet changes its types",
    doc: RuleDoc {
        what: "Only a `<patch match>` (no `<upgrade match>`) is true for the installed package, \
               and the new package adds or removes a type or changes one in a way that needs a \
               major type id bump.",
        why: "A patch is \"a version change without major changes in the application settings \
              and without any changes in the deployment logic. In particular, all allocated \
              resources are left as is\", and patches install unattended (\"Application \
              Updates\", docs.cloudblue.com/cbc/sdk/21.0/api/package/updates).",
        example: "<patch match=\"version=eq=1.0\"/> with a property removed from a type",
        fix: "Declare the release as an upgrade (`upgrade = \"version=ge=1.0\"` in [package]), \
              or leave the types as they are in a patch.",
    },
};

/// The family's rules.
pub static RULES: &[&Rule] = &[
    &UNREADABLE,
    &ID_CHANGED,
    &NOT_NEWER,
    &MATCH_MISSING,
    &MATCH_MALFORMED,
    &MATCH_FORBIDDEN,
    &MATCH_EXCLUDES,
    &MATCH_UNEVALUABLE,
    &TYPES_UNKNOWN,
    &NO_BUMP,
    &SMALL_BUMP,
    &VERSION_DOWN,
    &REMOVED_WITH_SERVICES,
    &TYPE_REMOVED,
    &TYPE_ADDED,
    &MEMBER_ADDED,
    &MEMBER_REMOVED,
    &MEMBER_CHANGED,
    &TARGET_VERSION,
    &BUMP_WITHOUT_CHANGE,
    &SERVICE_ADDED,
    &SERVICE_REMOVED,
    &NAV_ADDED,
    &NAV_REMOVED,
    &FILE_ADDED,
    &FILE_REMOVED,
    &FILE_CHANGED,
    &PATCH_RESHAPES,
];

//! The references family's rules: codes, names, severities and documentation, and the
//! family's `RULES` table (every rule the family reports is listed there).

use crate::lint::{Rule, RuleDoc, Severity, When, lowered};

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

/// A referenced package file is missing.
pub static REFERENCED_FILE_MISSING: Rule = Rule {
    code: "APS0301",
    name: "referenced-file-missing",
    severity: Severity::Error,
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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
    lowered: &[],
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

/// Where a language without a catalogue is only worth knowing.
const NO_CATALOGUES: When = When::Case("when the package has no i18n catalogues at all");

/// Language without catalogue.
pub static LANGUAGE_WITHOUT_CATALOGUE: Rule = Rule {
    code: "APS0309",
    name: "language-without-catalogue",
    severity: Severity::Warning,
    lowered: &[lowered(NO_CATALOGUES, Severity::Info)],
    vendor_code: None,
    summary: "a declared language has no message catalogue under i18n/",
    doc: RuleDoc {
        what: "A `<language>` code with no `i18n/<code>.json`, `i18n/<code>_XX.json` or `.po` \
               catalogue. When the package has no i18n/ folder at all this is only info.",
        why: "UI strings are translated from `i18n/<ll_CC>.json`, built from `.po` files \
              (CloudBlue SDK \"Internationalization\"); a language without a catalogue shows untranslated text.",
        example: "<language>es</language>   (i18n/ holds only en_US.json and pt_BR.po)",
        fix: "Add `i18n/es_ES.po` (and the generated `.json`), or remove the language.",
    },
};

/// Duplicate changelog entry.
pub static CHANGELOG_DUPLICATE: Rule = Rule {
    code: "APS0310",
    name: "changelog-duplicate",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a changelog lists the same version and release twice",
    doc: RuleDoc {
        what: "Two changelog `<version>` entries with the same `version` and `release`.",
        why: "Each entry describes one package; a repeated pair is a copy-paste slip (seen in \
              shipped packages).",
        example: "<version version=\"1.0\" release=\"2\">...</version>\n<version version=\"1.0\" release=\"2\">...</version>",
        fix: "Merge the entries or correct the release.",
    },
};

/// Current version missing from changelog.
pub static CHANGELOG_MISSING_CURRENT: Rule = Rule {
    code: "APS0311",
    name: "changelog-missing-current",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "the changelog has no entry for the package's own version and release",
    doc: RuleDoc {
        what: "A changelog exists but none of its entries has the package's `version` and `release`.",
        why: "The certification criteria want the current release described; shipped packages \
              forget to add it (APS 1.2 certification criteria §3.2.6; a shipped package was built as release 28 while its changelog stopped at 23).",
        example: "<release>3</release> ... <changelog><version version=\"1.0\" release=\"2\">",
        fix: "Add `<version version=\"...\" release=\"...\"><entry>...</entry></version>` for this release.",
    },
};

/// Changelog holding text.
pub static CHANGELOG_TEXT: Rule = Rule {
    code: "APS0312",
    name: "changelog-holds-text",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a <changelog> holds text instead of <version> entries",
    doc: RuleDoc {
        what: "A `<changelog>` whose content is text (often an unfilled placeholder such as \
               `%PRODUCT_CHANGELOG%`) rather than `<version version release>` entries.",
        why: "A changelog consists of `<version>` entries with `<entry>` children and holds no \
              text of its own (CloudBlue SDK \"APP-META.xml\"); a template placeholder left \
              there means the package was never filled in.",
        example: "<changelog>%PRODUCT_CHANGELOG%</changelog>",
        fix: "Write `<changelog><version version=\"1.0\" release=\"1\"><entry>...</entry></version></changelog>`.",
    },
};

/// Missing catalogue metadata.
pub static METADATA_INCOMPLETE: Rule = Rule {
    code: "APS0313",
    name: "metadata-incomplete",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "no vendor, packager, summary or icon",
    doc: RuleDoc {
        what: "APP-META.xml has no `<vendor>`, no `<packager>`, no presentation `<summary>` or no \
               presentation `<icon>` (one finding lists what is missing).",
        why: "The catalogue shows them and the certification criteria require them; `aps build` \
              still builds without (CloudBlue SDK \"APP-META.xml\"; shipped packages).",
        example: "<presentation><navigation .../></presentation>",
        fix: "Add `<vendor><name>...</name></vendor>`, `<packager>`, `<summary>` and `<icon path>`.",
    },
};

/// Root service infolinks.
pub static ROOT_SERVICE_INFOLINKS: Rule = Rule {
    code: "APS0314",
    name: "root-service-infolinks",
    severity: Severity::Info,
    lowered: &[],
    vendor_code: None,
    summary: "the root service lacks deployment-guide or support infolinks",
    doc: RuleDoc {
        what: "The first (application) service has no `<link class=\"deployment-guide\">` or no \
               `<link class=\"support\">` in its presentation infolinks.",
        why: "Needed for certification (CloudBlue SDK \"Service\").",
        example: "<service id=\"app\">...<presentation><name>App</name></presentation></service>",
        fix: "Add `<infolinks><link class=\"deployment-guide\" href=\"...\">Guide</link><link class=\"support\" href=\"...\">Support</link></infolinks>`.",
    },
};

/// Duplicate view id within one navigation tree.
pub static DUPLICATE_VIEW_ID: Rule = Rule {
    code: "APS0304",
    name: "duplicate-view-id",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "two views of one navigation tree have the same id",
    doc: RuleDoc {
        what: "Two `<view>`, `<popup>` or `<view-plugin>` elements of the same `<navigation>` with \
               the same `id`.",
        why: "Views are addressed by id (`aps.apsc.gotoView(\"id\")`, entry points \
              `<app-id>#<view-id>`); a duplicate is ambiguous (CloudBlue SDK \"Navigation tree elements\").",
        example: "<view id=\"list\" label=\"A\"/>\n<view id=\"list\" label=\"B\"/>",
        fix: "Rename one of the views.",
    },
};

/// The same view id in two navigation trees.
pub static VIEW_ID_ACROSS_TREES: Rule = Rule {
    code: "APS0305",
    name: "view-id-across-trees",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "the same view id is used in two navigation trees",
    doc: RuleDoc {
        what: "A view id used in more than one `<navigation>` tree.",
        why: "Entry points and navigation calls name views by id alone; shipped packages keep the \
              ids of their trees distinct (CloudBlue SDK \"Navigation tree elements\").",
        example: "<navigation id=\"pcp\"><view id=\"list\"/></navigation>\n<navigation id=\"ccp\"><view id=\"list\"/></navigation>",
        fix: "Give the views distinct ids, e.g. `pcp-list` and `ccp-list`.",
    },
};

/// Navigation ids outside the documented pattern.
pub static NAVIGATION_ID_FORMAT: Rule = Rule {
    code: "APS0306",
    name: "navigation-id-format",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a navigation, item or view id is outside [a-zA-Z_-][a-zA-Z_0-9-]*",
    doc: RuleDoc {
        what: "A `navigation`, `item`, `view`, `popup` or `view-plugin` id that does not match \
               `[a-zA-Z_\\-][a-zA-Z_0-9\\-]*`. Dots are common in shipped packages. One finding \
               per navigation tree, at its first such id, names the others.",
        why: "The documented id pattern (CloudBlue SDK \"Navigation tree elements\"); \
              UX1 single-page apps are stricter still.",
        example: "<view id=\"company.edit\" label=\"Edit\"/>",
        fix: "Use letters, digits, `_` and `-` only (`company.edit` becomes `company-edit`), and \
              rename every reference to the id (`aps.apsc.gotoView`, entry points) with it.",
    },
};

/// Item without label.
pub static ITEM_WITHOUT_LABEL: Rule = Rule {
    code: "APS0307",
    name: "item-without-label",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a navigation <item> has no label",
    doc: RuleDoc {
        what: "An `<item>` of a navigation tree without a `label` attribute.",
        why: "Items are shown in the navigation menu by their label (CloudBlue SDK \"Navigation \
              tree elements\").",
        example: "<item id=\"company\"><view id=\"company\" label=\"Company\"/></item>",
        fix: "Add `label=\"...\"`.",
    },
};

/// Entry point dst not naming an existing view.
pub static ENTRY_POINT_DST: Rule = Rule {
    code: "APS0308",
    name: "entry-point-dst",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "an aps2-view entry point does not name <app id>#<existing view>",
    doc: RuleDoc {
        what: "A service entry point with `class=\"aps2-view\"` whose `dst` is not this \
               application's id, `#`, and the id of a view declared in the navigation.",
        why: "The entry point opens that view; any other target leads nowhere (CloudBlue SDK \"APP-META.xml\", \"Navigation tree elements\").",
        example: "<entry class=\"aps2-view\" dst=\"http://example.org/app#missing\">",
        fix: "Write `dst=\"<application id>#<view id>\"` for an existing view.",
    },
};

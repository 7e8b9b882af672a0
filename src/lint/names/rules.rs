//! The names family's rules: codes, names, severities and documentation, and the
//! family's `RULES` table (every rule the family reports is listed there).

use crate::lint::{Rule, RuleDoc, Severity, When, lowered};

/// This family's rules.
pub static RULES: &[&Rule] = &[
    &ENTRY_NOT_REGULAR,
    &NAME_CASE_COLLISION,
    &NAME_UNUSUAL_CHARACTER,
    &NAME_FORBIDDEN_CHARACTER,
    &NAME_NOT_ASCII,
    &PATH_TRAVERSAL,
    &NAME_DEVICE,
    &NAME_SPACE_BEFORE_EXTENSION,
    &NAME_TRAILING_DOT_OR_SPACE,
    &PATH_TOO_LONG,
    &DUPLICATE_ENTRY,
    &ARCHIVE_ENTRY_UNREADABLE,
    &ARCHIVE_EXTENSION,
    &RESERVED_NAME_CASE,
];

/// APS0701.
pub static ENTRY_NOT_REGULAR: Rule = Rule {
    code: "APS0701",
    name: "entry-not-regular",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "an entry is a symbolic link or another special file",
    doc: RuleDoc {
        what: "Only regular files and directories may be in a package (rule N1).",
        why: "Package naming rules (docs.cloudblue.com/cbc/sdk/8.2/api/package/naming) say MUST; links can point outside the package when it is unpacked.",
        example: "scripts/lib -> /usr/share/php",
        fix: "Replace the link by the files it points to.",
    },
};

/// APS0702.
pub static NAME_CASE_COLLISION: Rule = Rule {
    code: "APS0702",
    name: "name-case-collision",
    severity: Severity::Error,
    lowered: &[lowered(When::Aps1Package, Severity::Warning)],
    vendor_code: None,
    summary: "two names in one directory differ only by letter case",
    doc: RuleDoc {
        what: "No two names in the same directory may differ only by case (rule N2).",
        why: "Package naming rules, MUST: the controller unpacks on case-insensitive file systems where one file would overwrite the other.",
        example: "ui/Main.js and ui/main.js",
        fix: "Rename or remove one of them.",
    },
};

/// APS0703.
pub static NAME_UNUSUAL_CHARACTER: Rule = Rule {
    code: "APS0703",
    name: "name-unusual-character",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a name uses characters outside 0-9 a-z A-Z _ - . , and space",
    doc: RuleDoc {
        what: "Names SHOULD use only digits, letters, `_`, `-`, `.`, `,` and space (rule N3).",
        why: "Package naming rules, SHOULD: other characters need quoting in shells and URLs on some platforms.",
        example: "doc/guide(v2)+notes.pdf",
        fix: "Rename using the recommended characters.",
    },
};

/// APS0704.
pub static NAME_FORBIDDEN_CHARACTER: Rule = Rule {
    code: "APS0704",
    name: "name-forbidden-character",
    severity: Severity::Error,
    lowered: &[lowered(When::Aps1Package, Severity::Warning)],
    vendor_code: None,
    summary: "a name contains < > : ; \" \\ | * ? or a control character",
    doc: RuleDoc {
        what: "These characters are not allowed in names (rule N4); `\\` is not a separator in zip names.",
        why: "Package naming rules: NOT allowed; Windows cannot create such files.",
        example: "scripts\\app.php   or   doc/what?.txt",
        fix: "Rename the file; use `/` as the separator.",
    },
};

/// APS0705.
pub static NAME_NOT_ASCII: Rule = Rule {
    code: "APS0705",
    name: "name-not-ascii",
    severity: Severity::Error,
    lowered: &[lowered(When::Aps1Package, Severity::Warning)],
    vendor_code: None,
    summary: "a name contains non-ASCII characters or is not valid UTF-8",
    doc: RuleDoc {
        what: "Names are plain ASCII (rule N5).",
        why: "Package naming rules: non-ASCII characters are NOT allowed; zip tools disagree on name encodings.",
        example: "doc/Übersicht.pdf",
        fix: "Transliterate the name to ASCII (`doc/Uebersicht.pdf`).",
    },
};

/// APS0706.
pub static PATH_TRAVERSAL: Rule = Rule {
    code: "APS0706",
    name: "path-traversal",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a path is absolute, has a drive letter, or contains `..`, `.` or empty segments",
    doc: RuleDoc {
        what: "Paths are relative, normalised and stay inside the package (rule N6).",
        why: "Package naming rules: `../` and absolute paths are NOT allowed; they write outside the unpack directory (zip slip).",
        example: "../../etc/passwd   or   /scripts/app.php",
        fix: "Store files by their relative path inside the package.",
    },
};

/// APS0707.
pub static NAME_DEVICE: Rule = Rule {
    code: "APS0707",
    name: "name-device",
    severity: Severity::Error,
    lowered: &[lowered(When::Aps1Package, Severity::Warning)],
    vendor_code: None,
    summary: "a name is a Windows device name, also with an extension",
    doc: RuleDoc {
        what: "CON PRN AUX NUL CLOCK$ CONIN$ CONOUT$ COM1-9 LPT1-9 in any case, with or without an extension (rule N7).",
        why: "Package naming rules: NOT allowed; Windows opens the device instead of the file.",
        example: "doc/nul.txt",
        fix: "Rename the file.",
    },
};

/// APS0708.
pub static NAME_SPACE_BEFORE_EXTENSION: Rule = Rule {
    code: "APS0708",
    name: "name-space-before-extension",
    severity: Severity::Error,
    lowered: &[lowered(When::Aps1Package, Severity::Warning)],
    vendor_code: None,
    summary: "a name has a space right before its extension",
    doc: RuleDoc {
        what: "No space directly before the extension's dot (rule N8).",
        why: "Package naming rules: NOT allowed; Windows strips or mangles such names.",
        example: "doc/guide .pdf",
        fix: "Remove the space: `doc/guide.pdf`.",
    },
};

/// APS0709.
pub static NAME_TRAILING_DOT_OR_SPACE: Rule = Rule {
    code: "APS0709",
    name: "name-trailing-dot-or-space",
    severity: Severity::Error,
    lowered: &[lowered(When::Aps1Package, Severity::Warning)],
    vendor_code: None,
    summary: "a name ends with a dot or a space",
    doc: RuleDoc {
        what: "No name ends in `.` or space (rule N3).",
        why: "Package naming rules say no dot or space at the end; Windows silently drops them, so two names can become one [inferred: error].",
        example: "images/logo.",
        fix: "Remove the trailing character.",
    },
};

/// APS0710.
pub static PATH_TOO_LONG: Rule = Rule {
    code: "APS0710",
    name: "path-too-long",
    severity: Severity::Error,
    lowered: &[lowered(When::Aps1Package, Severity::Warning)],
    vendor_code: None,
    summary: "a path is longer than 128 characters",
    doc: RuleDoc {
        what: "Every file or folder path inside the package is at most 128 characters (rule N9).",
        why: "Package naming rules: MUST NOT; the controller keeps the rest of Windows' 260 characters for its own directory. Vendored libraries (`scripts/vendor/...`) are the usual culprit.",
        example: "scripts/vendor/guzzle/guzzle/src/Guzzle/Service/Command/LocationVisitor/Request/AbstractRequestVisitor.php (if longer than 128)",
        fix: "Shorten directory names or flatten vendored code.",
    },
};

/// APS0711.
pub static DUPLICATE_ENTRY: Rule = Rule {
    code: "APS0711",
    name: "duplicate-entry",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "the archive holds two members with the same name",
    doc: RuleDoc {
        what: "Each path occurs once in the zip.",
        why: "Zip readers disagree on which duplicate wins, so the file that is checked may not be the one that is installed.",
        example: "APP-META.xml stored twice",
        fix: "Rebuild the archive from a clean tree.",
    },
};

/// APS0712.
pub static ARCHIVE_ENTRY_UNREADABLE: Rule = Rule {
    code: "APS0712",
    name: "archive-entry-unreadable",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a package entry could not be read (corrupt, unsupported or over the size cap)",
    doc: RuleDoc {
        what: "Problems met while loading the package: unreadable or corrupt members, unsupported compression, metadata files over the size limit.",
        why: "What apspack cannot read, the importer will not read either, and nothing inside it was checked.",
        example: "APP-META.xml compressed with an unsupported method",
        fix: "Rebuild the archive with plain deflate; keep metadata files small.",
    },
};

/// APS0713.
pub static ARCHIVE_EXTENSION: Rule = Rule {
    code: "APS0713",
    name: "archive-extension",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "the archive's file name does not end in .app.zip",
    doc: RuleDoc {
        what: "APS packages are named `<name>-<version>-<release>.app.zip`.",
        why: "Package page (docs.cloudblue.com/cbc/sdk/21.0/api/package): a ZIP with the extension .app.zip; some importers (ISPmanager) reject other extensions.",
        example: "demo-1.0-1.zip",
        fix: "Rename the file to `demo-1.0-1.app.zip`.",
    },
};

/// APS0714.
pub static RESERVED_NAME_CASE: Rule = Rule {
    code: "APS0714",
    name: "reserved-name-case",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a root file differs only in case from APP-META.xml, APP-LIST.xml or security.json",
    doc: RuleDoc {
        what: "The reserved root names are spelled exactly `APP-META.xml`, `APP-LIST.xml`, `security.json`.",
        why: "Package page: these names are reserved at the root and looked up case-sensitively; `app-meta.xml` is not found on Linux controllers.",
        example: "app-meta.xml",
        fix: "Rename the file to its exact reserved name.",
    },
};

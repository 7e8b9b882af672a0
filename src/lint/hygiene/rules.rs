//! The hygiene family's rules: codes, names, severities and documentation, and the
//! family's `RULES` table (every rule the family reports is listed there).

use crate::lint::{Rule, RuleDoc, Severity, When, lowered};

/// This family's rules.
pub static RULES: &[&Rule] = &[
    &PRIVATE_KEY,
    &SECRET_FILE,
    &JUNK_FILE,
    &EMBEDDED_PACKAGE,
    &SECURITY_JSON_MISSING,
    &SECURITY_JSON_INVALID,
];

/// APS0801.
pub static PRIVATE_KEY: Rule = Rule {
    code: "APS0801",
    name: "private-key",
    severity: Severity::Error,
    lowered: &[lowered(When::SourceTree, Severity::Warning)],
    vendor_code: None,
    summary: "a private key is inside the package (a warning in a source tree)",
    doc: RuleDoc {
        what: "Files named `*.key`, `id_rsa`, `id_dsa`, `id_ecdsa`, `id_ed25519`, or whose first bytes hold a `-----BEGIN ... PRIVATE KEY-----` block (any extension; a `.pem` is judged by its content, since CA bundles are `.pem` too).",
        why: "Everything in a package is copied to every platform that imports it; a shipped key is a leaked key. The MyWeatherDemo repository keeps a TLS key (deploy-image/.../aps-php-runtime.key) next to its package files.",
        example: "deploy-image/var/www/aps-php-runtime/ssl/aps-php-runtime.key",
        fix: "Remove the key from the package, revoke it if it ever shipped, and exclude it from the build.",
    },
};

/// APS0802.
pub static SECRET_FILE: Rule = Rule {
    code: "APS0802",
    name: "secret-file",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a file that usually holds credentials is inside the package",
    doc: RuleDoc {
        what: "`.env` files, keystores (`*.p12 *.pfx *.jks *.keystore`), `.htpasswd`, `.netrc`, `.pgpass`, `.git-credentials`, `credentials[.json]`.",
        why: "Such files hold passwords or signing keys (`aps build -c <pfx>` signs with a PFX); a package is not the place for them.",
        example: "scripts/.env   or   certs/signing.pfx",
        fix: "Remove the file from the package; pass secrets as encrypted properties at provisioning time.",
    },
};

/// APS0803.
pub static JUNK_FILE: Rule = Rule {
    code: "APS0803",
    name: "junk-file",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "an editor, VCS or OS leftover, backup or log file is inside the package",
    doc: RuleDoc {
        what: "Backups (`*.bak *~ *.orig *.rej *.swp *.swo *.tmp`), logs (`*.log`, Apache `access_log` and `error_log`), `.DS_Store`, `Thumbs.db`, `desktop.ini`, AppleDouble `._*` files, `.gitignore` and IDE project files, and whole `.git/ .svn/ .hg/ .settings/ .idea/ .vscode/ nbproject/ __MACOSX/` directories (reported once each).",
        why: "Shipped packages carry such files (SpamExperts: APP-META.xml.bak; OpenStack: nbproject/, scripts/my-errors.log, .gitignore); they bloat the package and can leak internals.",
        example: "scripts/my-errors.log",
        fix: "Delete the files or exclude them from the build (aps.toml include/exclude globs).",
    },
};

/// APS0804.
pub static EMBEDDED_PACKAGE: Rule = Rule {
    code: "APS0804",
    name: "embedded-package",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a built .app.zip package is inside the package",
    doc: RuleDoc {
        what: "Any `*.app.zip` file inside the tree.",
        why: "Build outputs kept in the source tree are packed into the next build: the OpenStack repository holds 14 older packages under `APS Package/`.",
        example: "APS Package/Openstack-1.0-63.app.zip",
        fix: "Write build outputs outside the package tree (`apspack build -o dist`) and exclude them.",
    },
};

/// APS0805.
pub static SECURITY_JSON_MISSING: Rule = Rule {
    code: "APS0805",
    name: "security-json-missing",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a built APS 2 package has no security.json",
    doc: RuleDoc {
        what: "security.json at the root states the required level of impersonation.",
        why: "Package Structure (docs.cloudblue.com/cbc/sdk/21.0/api/package) requires it \"for new applications\"; older shipped packages lack it, so this is a warning, not an error.",
        example: "demo-1.0-1.app.zip without security.json",
        fix: "Add a security.json (a JSON object) to the package root.",
    },
};

/// APS0806.
pub static SECURITY_JSON_INVALID: Rule = Rule {
    code: "APS0806",
    name: "security-json-invalid",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "security.json is not a JSON object",
    doc: RuleDoc {
        what: "security.json parses as strict JSON (no comments) and its top level is an object.",
        why: "The platform reads it as a JSON document (Package Structure); its keys are not public, but anything that is not an object cannot hold them.",
        example: "security.json: [\"impersonation\"]",
        fix: "Write a JSON object, e.g. `{}`.",
    },
};

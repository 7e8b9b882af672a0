//! Rules APS08xx: secrets, junk, security.json.
//!
//! A package ships every file in it, so private keys, credentials, editor and VCS leftovers,
//! logs and old builds travel to every platform that imports it. Secrets in a source directory
//! are warnings (they would ship with the next naive build); in a built package a private key
//! is an error. These rules apply to every package, APS 1 or 2, except the security.json ones.

use std::collections::{BTreeMap, BTreeSet};

use super::{Context, Finding, Rule, RuleDoc, Severity};
use crate::tree::EntryKind;
use crate::typeschema::read::parse_json;

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
    vendor_code: None,
    summary: "security.json is not a JSON object",
    doc: RuleDoc {
        what: "security.json parses as strict JSON (no comments) and its top level is an object.",
        why: "The platform reads it as a JSON document (Package Structure); its keys are not public, but anything that is not an object cannot hold them.",
        example: "security.json: [\"impersonation\"]",
        fix: "Write a JSON object, e.g. `{}`.",
    },
};

const JUNK_DIRS: &[&str] = &[
    ".git",
    ".svn",
    ".hg",
    ".settings",
    ".idea",
    ".vscode",
    "nbproject",
    "__MACOSX",
    "CVS",
];
const JUNK_NAMES: &[&str] = &[
    ".DS_Store",
    "Thumbs.db",
    "desktop.ini",
    ".gitignore",
    ".gitattributes",
    ".gitmodules",
    ".cvsignore",
    ".project",
    ".buildpath",
];
const JUNK_SUFFIXES: &[&str] = &[".bak", "~", ".orig", ".rej", ".swp", ".swo", ".tmp"];
const LOG_NAMES: &[&str] = &["access_log", "error_log", "ssl_access_log", "ssl_error_log"];
const KEY_NAMES: &[&str] = &["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"];
const SECRET_NAMES: &[&str] = &[
    ".env",
    ".htpasswd",
    ".netrc",
    ".pgpass",
    ".git-credentials",
    "credentials",
    "credentials.json",
];
const SECRET_SUFFIXES: &[&str] = &[".p12", ".pfx", ".jks", ".keystore"];

/// Runs this family's checks.
pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let built = cx.tree.origin.is_built();
    let mut junk_dirs = BTreeSet::new();
    let mut junk: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut packages: Vec<&str> = Vec::new();
    for e in cx.tree.sorted() {
        let path = e.path.trim_end_matches('/');
        let parts: Vec<&str> = path.split('/').collect();
        let last = if e.kind == EntryKind::File {
            parts.len().saturating_sub(1)
        } else {
            parts.len()
        };
        if let Some(i) = parts[..last].iter().position(|p| JUNK_DIRS.contains(p)) {
            let dir = parts[..=i].join("/");
            if junk_dirs.insert(dir.clone()) {
                let msg = format!("`{dir}/` is a tool directory, not part of the application");
                let help = format!(
                    "Delete `{dir}/` or exclude it from the build (aps.toml exclude glob `{dir}/**`)."
                );
                out.push(Finding::new(&JUNK_FILE, msg).in_file(dir).help(help));
            }
            continue;
        }
        if e.kind != EntryKind::File {
            continue;
        }
        let name = parts.last().copied().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        if is_private_key(&lower, &e.head) {
            let mut f = Finding::new(&PRIVATE_KEY, format!("`{path}` is a private key"));
            f = f.in_file(path);
            if !built {
                f.severity = Severity::Warning;
                f.message.push_str(" (it would ship with the next build)");
            }
            out.push(f);
        } else if is_secret(&lower) {
            let msg = format!("`{path}` usually holds credentials");
            out.push(Finding::new(&SECRET_FILE, msg).in_file(path));
        } else if lower.ends_with(".app.zip") {
            packages.push(path);
        } else if let Some(kind) = junk_kind(name, &lower) {
            junk.entry(kind).or_default().push(path);
        }
    }
    for (kind, paths) in junk {
        if paths.len() <= MAX_LISTED {
            for path in paths {
                let msg = format!("`{path}` is a leftover {kind} file");
                let help = format!("Delete `{path}` or exclude it from the build.");
                out.push(Finding::new(&JUNK_FILE, msg).in_file(path).help(help));
            }
        } else {
            let msg = format!(
                "{} leftover {kind} files, e.g. {}",
                paths.len(),
                examples(&paths)
            );
            out.push(Finding::new(&JUNK_FILE, msg).in_file(paths[0]));
        }
    }
    if packages.len() <= MAX_LISTED {
        for path in packages {
            let msg = format!("`{path}` is a built APS package inside the package");
            out.push(Finding::new(&EMBEDDED_PACKAGE, msg).in_file(path));
        }
    } else {
        let msg = format!(
            "{} built APS packages inside the package, e.g. {}",
            packages.len(),
            examples(&packages)
        );
        out.push(Finding::new(&EMBEDDED_PACKAGE, msg).in_file(packages[0]));
    }
    security_json(cx, built, out);
}

/// Junk files of one kind (or embedded packages) beyond this many are reported as one finding.
const MAX_LISTED: usize = 5;

/// The first three of `paths`, quoted, for a grouped finding.
fn examples(paths: &[&str]) -> String {
    let shown: Vec<String> = paths.iter().take(3).map(|p| format!("`{p}`")).collect();
    shown.join(", ")
}

/// The kind of leftover a file name is, if it is one.
fn junk_kind(name: &str, lower: &str) -> Option<&'static str> {
    if name.starts_with("._") {
        Some("AppleDouble")
    } else if lower.ends_with(".log") || LOG_NAMES.contains(&lower) {
        Some("log")
    } else if JUNK_SUFFIXES.iter().any(|s| lower.ends_with(s)) {
        Some("backup or editor")
    } else if JUNK_NAMES.contains(&name) {
        Some("OS, VCS or IDE")
    } else {
        None
    }
}

fn is_private_key(lower: &str, head: &[u8]) -> bool {
    lower.ends_with(".key") || KEY_NAMES.contains(&lower) || pem_private_key(head)
}

/// True when `head` holds a `-----BEGIN ... PRIVATE KEY-----` line.
fn pem_private_key(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    text.lines().any(|l| {
        let l = l.trim();
        l.starts_with("-----BEGIN ") && l.ends_with("PRIVATE KEY-----")
    })
}

fn is_secret(lower: &str) -> bool {
    let env = lower == ".env"
        || (lower.starts_with(".env.")
            && !matches!(
                lower,
                ".env.example" | ".env.sample" | ".env.dist" | ".env.template"
            ));
    env || SECRET_NAMES.contains(&lower) || SECRET_SUFFIXES.iter().any(|s| lower.ends_with(s))
}

fn security_json(cx: &Context, built: bool, out: &mut Vec<Finding>) {
    const FILE: &str = "security.json";
    match cx.tree.bytes(FILE) {
        None if cx.tree.has_file(FILE) => {}
        None => {
            if built && cx.aps2_root().is_some() {
                let msg = "the package has no security.json (required for new applications)";
                out.push(Finding::new(&SECURITY_JSON_MISSING, msg));
            }
        }
        Some(bytes) => match parse_json(bytes, false) {
            Err(e) => {
                let msg = format!("security.json is not valid JSON: {}", e.message);
                out.push(cx.at(&SECURITY_JSON_INVALID, FILE, e.offset..e.offset, msg));
            }
            Ok(doc) if doc.as_object().is_none() => {
                let msg = format!("security.json is a JSON {}, not an object", doc.kind());
                out.push(cx.at(&SECURITY_JSON_INVALID, FILE, doc.span.clone(), msg));
            }
            Ok(_) => {}
        },
    }
}

#[cfg(test)]
#[path = "hygiene_tests.rs"]
mod tests;

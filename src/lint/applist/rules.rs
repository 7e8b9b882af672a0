//! The applist family's rules: codes, names, severities and documentation, and the
//! family's `RULES` table (every rule the family reports is listed there).

use crate::lint::{Rule, RuleDoc, Severity, When, lowered};

/// This family's rules.
pub static RULES: &[&Rule] = &[
    &APP_LIST_MISSING,
    &APP_LIST_MALFORMED,
    &APP_LIST_UNLISTED_FILE,
    &APP_LIST_MISSING_FILE,
    &APP_LIST_SIZE_MISMATCH,
    &APP_LIST_DIGEST_MISMATCH,
    &APP_LIST_DUPLICATE,
    &APP_LIST_LISTS_ITSELF,
    &APP_LIST_DIGEST_SYNTAX,
    &APP_LIST_DIGEST_UPPERCASE,
    &APP_LIST_SIGNATURE,
    &APP_LIST_SIGNATURE_DIGEST,
    &APP_LIST_SIGNATURE_INVALID,
    &APP_LIST_CERTIFICATE_VALIDITY,
    &APP_LIST_UNSIGNED,
];

/// APS0601.
pub static APP_LIST_MISSING: Rule = Rule {
    code: "APS0601",
    name: "app-list-missing",
    severity: Severity::Error,
    lowered: &[lowered(When::SourceTree, Severity::Info)],
    vendor_code: None,
    summary: "the package has no APP-LIST.xml (info in a source tree)",
    doc: RuleDoc {
        what: "A built package has APP-LIST.xml at its root. In a source directory the build writes it, so its absence is only noted.",
        why: "Package Structure (docs.cloudblue.com/cbc/sdk/21.0/api/package) marks APP-LIST.xml as required; the importer checks file sizes and digests against it.",
        example: "demo-1.0-1.app.zip without APP-LIST.xml",
        fix: "Build the package (`apspack build`, or the vendor's `aps build`), which writes APP-LIST.xml.",
    },
};

/// APS0602.
pub static APP_LIST_MALFORMED: Rule = Rule {
    code: "APS0602",
    name: "app-list-malformed",
    severity: Severity::Error,
    lowered: &[lowered(When::SourceTree, Severity::Warning)],
    vendor_code: None,
    summary: "APP-LIST.xml is not well-formed, has another root, or a <file> lacks name, size or sha256",
    doc: RuleDoc {
        what: "APP-LIST.xml is well-formed UTF-8 XML with a <files> root whose <file> children carry `name`, a decimal `size` and `sha256` (any namespace prefix, any attribute order).",
        why: "APP-LIST.xml page (docs.cloudblue.com/cbc/sdk/8.2/api/package/app-list): a well-formed file listing every file with name, size and SHA-256.",
        example: "<files><file name=\"APP-META.xml\" size=\"12 bytes\"/></files>",
        fix: "Regenerate APP-LIST.xml with the build instead of editing it by hand.",
    },
};

/// APS0603.
pub static APP_LIST_UNLISTED_FILE: Rule = Rule {
    code: "APS0603",
    name: "app-list-unlisted-file",
    severity: Severity::Error,
    lowered: &[lowered(When::SourceTree, Severity::Warning)],
    vendor_code: None,
    summary: "a package file is not listed in APP-LIST.xml",
    doc: RuleDoc {
        what: "Every regular file but APP-LIST.xml itself has a <file> entry (directories are not listed).",
        why: "APP-LIST.xml lists \"every file except itself\" (app-list page); an unlisted file fails the integrity check. In a source tree this is a warning, since the build rewrites the list.",
        example: "scripts/new.php added after APP-LIST.xml was written",
        fix: "Rebuild so the list is regenerated, or remove the stray file.",
    },
};

/// APS0604.
pub static APP_LIST_MISSING_FILE: Rule = Rule {
    code: "APS0604",
    name: "app-list-missing-file",
    severity: Severity::Error,
    lowered: &[lowered(When::SourceTree, Severity::Warning)],
    vendor_code: None,
    summary: "APP-LIST.xml lists a file the package does not have",
    doc: RuleDoc {
        what: "Every listed name is a regular file of the package.",
        why: "APP-LIST.xml page: the list describes the package content; a listed file that is absent fails the import (a warning in a source tree).",
        example: "<file name=\"scripts/old.php\" .../>  with no scripts/old.php",
        fix: "Rebuild the package so the list matches its content.",
    },
};

/// APS0605.
pub static APP_LIST_SIZE_MISMATCH: Rule = Rule {
    code: "APS0605",
    name: "app-list-size-mismatch",
    severity: Severity::Error,
    lowered: &[lowered(When::SourceTree, Severity::Warning)],
    vendor_code: None,
    summary: "a file's size differs from its APP-LIST.xml entry",
    doc: RuleDoc {
        what: "`size` is the file's length in decimal bytes.",
        why: "APP-LIST.xml page: each file is listed with its size; a different size means the file changed after listing (a warning in a source tree).",
        example: "<file name=\"APP-META.xml\" size=\"7395\" .../> for a 7400-byte file",
        fix: "Rebuild the package so the list matches its content.",
    },
};

/// APS0606.
pub static APP_LIST_DIGEST_MISMATCH: Rule = Rule {
    code: "APS0606",
    name: "app-list-digest-mismatch",
    severity: Severity::Error,
    lowered: &[lowered(When::SourceTree, Severity::Warning)],
    vendor_code: None,
    summary: "a file's SHA-256 differs from its APP-LIST.xml entry",
    doc: RuleDoc {
        what: "`sha256` is the SHA-256 of the file's bytes.",
        why: "APP-LIST.xml page: the digest protects the content (and any signature covers the list); a mismatch means a changed or corrupted file (a warning in a source tree).",
        example: "<file name=\"scripts/app.php\" size=\"10\" sha256=\"e3b0…\"/> for a changed script",
        fix: "Rebuild the package so the list matches its content.",
    },
};

/// APS0607.
pub static APP_LIST_DUPLICATE: Rule = Rule {
    code: "APS0607",
    name: "app-list-duplicate",
    severity: Severity::Error,
    lowered: &[lowered(When::SourceTree, Severity::Warning)],
    vendor_code: None,
    summary: "a name is listed twice in APP-LIST.xml",
    doc: RuleDoc {
        what: "Each file is listed once.",
        why: "APP-LIST.xml validator rules (APS-FORMAT §3): a duplicated name makes the list ambiguous.",
        example: "two <file name=\"APP-META.xml\" .../> elements",
        fix: "Regenerate the list.",
    },
};

/// APS0608.
pub static APP_LIST_LISTS_ITSELF: Rule = Rule {
    code: "APS0608",
    name: "app-list-lists-itself",
    severity: Severity::Error,
    lowered: &[lowered(When::SourceTree, Severity::Warning)],
    vendor_code: None,
    summary: "APP-LIST.xml lists itself",
    doc: RuleDoc {
        what: "The list names every file except APP-LIST.xml.",
        why: "APP-LIST.xml page: \"every file except itself\"; a file cannot contain its own digest.",
        example: "<file name=\"APP-LIST.xml\" .../>",
        fix: "Remove the entry (regenerate the list).",
    },
};

/// APS0609.
pub static APP_LIST_DIGEST_SYNTAX: Rule = Rule {
    code: "APS0609",
    name: "app-list-digest-syntax",
    severity: Severity::Error,
    lowered: &[lowered(When::SourceTree, Severity::Warning)],
    vendor_code: None,
    summary: "a sha256 value is not 64 hexadecimal characters",
    doc: RuleDoc {
        what: "`sha256` holds exactly 64 hex digits.",
        why: "APS 2 lists SHA-256 digests (app-list page); an MD5 (32 digits, APS 1 style) or a truncated value cannot be checked.",
        example: "sha256=\"d41d8cd98f00b204e9800998ecf8427e\"",
        fix: "Regenerate the list with SHA-256 digests.",
    },
};

/// APS0610.
pub static APP_LIST_DIGEST_UPPERCASE: Rule = Rule {
    code: "APS0610",
    name: "app-list-digest-uppercase",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a sha256 value is written in upper case",
    doc: RuleDoc {
        what: "Digests are 64 lower-case hex characters.",
        why: "`aps build` writes lower case (shipped OpenStack package); a case-sensitive comparison in a consumer would fail.",
        example: "sha256=\"E3B0C442…\"",
        fix: "Write digests in lower case.",
    },
};

/// APS0611.
pub static APP_LIST_SIGNATURE: Rule = Rule {
    code: "APS0611",
    name: "app-list-signature",
    severity: Severity::Info,
    lowered: &[],
    vendor_code: None,
    summary: "APP-LIST.xml carries an XML-DSig signature in a form apspack cannot check",
    doc: RuleDoc {
        what: "A {http://www.w3.org/2000/09/xmldsig#}Signature child of <files> that uses an algorithm, transform or reference apspack does not verify (anything but one URI=\"\" reference with the enveloped-signature transform, exclusive or inclusive C14N 1.0, SHA-256, RSA-SHA256 or ECDSA-SHA256 and an X509Certificate in KeyInfo).",
        why: "APP-LIST.xml MAY be signed with an enveloped XML-DSig signature (app-list page); such a signature is reported rather than silently trusted or rejected.",
        example: "<Signature ...><SignedInfo><SignatureMethod Algorithm=\"...#rsa-sha1\"/>...",
        fix: "Re-sign with `apspack sign PKG --sign-key KEY --sign-cert CERT` (RSA-SHA256 or ECDSA-SHA256), or check the signature with the tool that made it.",
    },
};

/// APS0612.
pub static APP_LIST_SIGNATURE_DIGEST: Rule = Rule {
    code: "APS0612",
    name: "app-list-signature-digest",
    severity: Severity::Error,
    lowered: &[lowered(When::SourceTree, Severity::Warning)],
    vendor_code: None,
    summary: "the signature's digest does not match APP-LIST.xml: the list changed after signing",
    doc: RuleDoc {
        what: "The SHA-256 DigestValue of the signature's reference equals the digest of APP-LIST.xml without the signature, canonicalised as the signature's transforms say.",
        why: "An enveloped XML-DSig signature over APP-LIST.xml (app-list page) protects the list, and through its digests every listed file; a changed list means the package is not what was signed.",
        example: "a <file> entry's sha256 edited after `apspack build --sign-key ...`",
        fix: "Rebuild and sign again, or re-sign the package with `apspack sign`.",
    },
};

/// APS0613.
pub static APP_LIST_SIGNATURE_INVALID: Rule = Rule {
    code: "APS0613",
    name: "app-list-signature-invalid",
    severity: Severity::Error,
    lowered: &[lowered(When::SourceTree, Severity::Warning)],
    vendor_code: None,
    summary: "the signature value does not verify with the embedded certificate, or the signature is malformed",
    doc: RuleDoc {
        what: "SignatureValue verifies over the canonicalised SignedInfo with the public key of the X509Certificate in KeyInfo; SignedInfo, DigestValue, SignatureValue and the certificate are present and well-formed.",
        why: "A signature that does not verify proves nothing and means SignedInfo, the value or the certificate was changed after signing; the platform would not trust the package.",
        example: "<SignatureValue> edited, or a certificate swapped for another key's",
        fix: "Sign the package again with the key that belongs to the certificate (`apspack sign`).",
    },
};

/// APS0614.
pub static APP_LIST_CERTIFICATE_VALIDITY: Rule = Rule {
    code: "APS0614",
    name: "app-list-certificate-validity",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "the signing certificate is expired or not yet valid",
    doc: RuleDoc {
        what: "The current time lies within the notBefore..notAfter period of the certificate in the signature's KeyInfo.",
        why: "Verifiers that check the validity period do not trust a signature whose certificate has expired (or is not valid yet); the signature still proves the content, so this is a warning.",
        example: "a package signed with a certificate that expired last month",
        fix: "Renew the certificate and re-sign the package (`apspack sign`).",
    },
};

/// APS0615.
pub static APP_LIST_UNSIGNED: Rule = Rule {
    code: "APS0615",
    name: "app-list-unsigned",
    severity: Severity::Info,
    lowered: &[],
    vendor_code: None,
    summary: "the package archive carries no signature in APP-LIST.xml",
    doc: RuleDoc {
        what: "A built package (.app.zip) whose APP-LIST.xml has no XML-DSig Signature.",
        why: "The packager should sign with a package certificate (app-list page); the platform trusts signed packages more. Unsigned packages are common and valid, so this is only noted.",
        example: "dist/Hello-1.0-1.app.zip built without --sign-key",
        fix: "Build with `--sign-key KEY --sign-cert CERT` (or `--sign-pkcs12`), or sign the package with `apspack sign`.",
    },
};

//! XML-DSig over APP-LIST.xml: an enveloped signature written as the last child of `<files>`,
//! and its verification.
//!
//! The signature apspack writes (and the template `xmlsec1 --sign` fills the same way):
//! one `<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">` child of the root, Canonical
//! XML 1.0 (inclusive, without comments: the algorithm XML-DSig requires of every
//! implementation, and the one a reference falls back to) for `SignedInfo`, one
//! `<Reference URI="">` over the whole document with the enveloped-signature transform followed
//! by the same C14N, a SHA-256 digest, RSA-SHA256 (PKCS#1 v1.5) or ECDSA-SHA256 (P-256, RFC 6979
//! nonces), and the signer's certificate in `KeyInfo/X509Data`. Inclusive C14N keeps every
//! namespace declaration of `<files>` in the signed form, so none can be changed unnoticed. Both
//! algorithms are deterministic: the same list and key give the same bytes. Verification also
//! accepts exclusive C14N 1.0. The cryptography is RustCrypto's; this module arranges the XML.

pub mod c14n;
pub mod keys;
pub mod verify;

use base64ct::{Base64, Encoding};
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use sha2::{Digest as _, Sha256};

pub use keys::{Algorithm, KeyError, Password, Signer};
pub use verify::{Issue, SignatureReport, verify};

/// The XML-DSig namespace.
pub const XMLDSIG: &str = crate::aps::NS_XMLDSIG;
/// Exclusive XML canonicalisation 1.0, without comments.
pub const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
/// Canonical XML 1.0, without comments.
pub const C14N: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
/// The enveloped-signature transform.
pub const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
/// SHA-256 as a digest method.
pub const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";
/// RSA PKCS#1 v1.5 with SHA-256.
pub const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
/// ECDSA with SHA-256.
pub const ECDSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";

/// Why a document cannot be signed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// The document is not XML this module can sign.
    #[error("APP-LIST.xml cannot be signed: {0}")]
    Document(String),
    /// The key refused to sign.
    #[error("{0}")]
    Key(String),
}

/// The signature template for `algorithm`, with `digest`, `value` and `cert` (base64) filled
/// in; `indent` is the indentation of the `<Signature>` line.
pub fn template(algorithm: Algorithm, digest: &str, value: &str, cert: &str) -> String {
    let method = match algorithm {
        Algorithm::RsaSha256 => RSA_SHA256,
        Algorithm::EcdsaP256Sha256 => ECDSA_SHA256,
    };
    let mut cert_lines = String::new();
    for chunk in cert.as_bytes().chunks(64) {
        cert_lines.push_str("\n                ");
        cert_lines.push_str(std::str::from_utf8(chunk).unwrap_or_default());
    }
    if !cert.is_empty() {
        cert_lines.push_str("\n            ");
    }
    format!(
        r#"    <Signature xmlns="{XMLDSIG}">
        <SignedInfo>
            <CanonicalizationMethod Algorithm="{C14N}"/>
            <SignatureMethod Algorithm="{method}"/>
            <Reference URI="">
                <Transforms>
                    <Transform Algorithm="{ENVELOPED}"/>
                    <Transform Algorithm="{C14N}"/>
                </Transforms>
                <DigestMethod Algorithm="{SHA256}"/>
                <DigestValue>{digest}</DigestValue>
            </Reference>
        </SignedInfo>
        <SignatureValue>{value}</SignatureValue>
        <KeyInfo>
            <X509Data>
                <X509Certificate>{cert_lines}</X509Certificate>
            </X509Data>
        </KeyInfo>
    </Signature>
"#
    )
}

/// Signs APP-LIST.xml: removes any signature that is a child of the root, then adds one made
/// with `signer` as the root's last child.
pub fn sign(doc: &[u8], signer: &Signer) -> Result<Vec<u8>, SignError> {
    let unsigned = strip_signatures(doc)?;
    let layout = scan(&unsigned)?;
    let insert_at = layout.root_end;
    let cert = Base64::encode_string(signer.cert_der());
    let with = |digest: &str, value: &str| -> Vec<u8> {
        let mut out = Vec::with_capacity(unsigned.len() + 4096);
        out.extend_from_slice(&unsigned[..insert_at]);
        out.extend_from_slice(template(signer.algorithm(), digest, value, &cert).as_bytes());
        out.extend_from_slice(&unsigned[insert_at..]);
        out
    };
    let sig_start = insert_at + 4; // after the four spaces of indentation
    let doc_err = |e: c14n::C14nError| SignError::Document(e.to_string());
    // The signature is left out of the digest, so its placeholders do not matter.
    let draft = with("", "");
    let canonical = c14n::canonicalize(
        &draft,
        c14n::Select::DocumentWithout(sig_start),
        c14n::Method::Inclusive,
    )
    .map_err(doc_err)?;
    let digest = Base64::encode_string(&Sha256::digest(&canonical));
    let draft = with(&digest, "");
    let signed_info = signed_info_offset(&draft, sig_start)?;
    let canonical_si = c14n::canonicalize(
        &draft,
        c14n::Select::Subtree(signed_info),
        c14n::Method::Inclusive,
    )
    .map_err(doc_err)?;
    let value = signer.sign(&canonical_si).map_err(SignError::Key)?;
    Ok(with(&digest, &Base64::encode_string(&value)))
}

/// Where the document's parts are.
struct Layout {
    /// Offset of the root's end tag (`</files>`), where a signature line is inserted; placed
    /// after the last line break before it.
    root_end: usize,
    /// Byte ranges of `Signature` children of the root (each with the indentation before it
    /// and the line break after it).
    signatures: Vec<std::ops::Range<usize>>,
}

fn scan(doc: &[u8]) -> Result<Layout, SignError> {
    let text = std::str::from_utf8(doc)
        .map_err(|_| SignError::Document("the file is not valid UTF-8".into()))?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut root_end = None;
    let mut signatures = Vec::new();
    let mut sig_start: Option<usize> = None;
    let mut root_prefix: Vec<(String, String)> = Vec::new();
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let ev = reader
            .read_event()
            .map_err(|e| SignError::Document(e.to_string()))?;
        let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match ev {
            Event::Start(e) => {
                if depth == 0 {
                    root_prefix = ns_decls(&e);
                }
                if depth == 1 && is_signature(&e, &root_prefix) {
                    sig_start = Some(at);
                }
                depth += 1;
            }
            Event::Empty(e) => {
                if depth == 0 {
                    return Err(SignError::Document("the root element is empty".into()));
                }
                if depth == 1 && is_signature(&e, &root_prefix) {
                    signatures.push(line_range(text, at, after));
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 1
                    && let Some(start) = sig_start.take()
                {
                    signatures.push(line_range(text, start, after));
                }
                if depth == 0 && root_end.is_none() {
                    let line_start = text[..at].rfind('\n').map_or(at, |i| i + 1);
                    let only_space = text[line_start..at]
                        .bytes()
                        .all(|b| b == b' ' || b == b'\t');
                    root_end = Some(if only_space { line_start } else { at });
                }
            }
            Event::DocType(_) => {
                return Err(SignError::Document("a DOCTYPE is not supported".into()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let root_end = root_end.ok_or_else(|| SignError::Document("no root element".into()))?;
    Ok(Layout {
        root_end,
        signatures,
    })
}

/// `start..end` widened to the whole lines when only blanks precede and a line break follows.
fn line_range(text: &str, start: usize, end: usize) -> std::ops::Range<usize> {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let blank_before = text[line_start..start]
        .bytes()
        .all(|b| b == b' ' || b == b'\t');
    let rest = &text[end..];
    let trailing = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let newline = rest[trailing..].starts_with('\n');
    if blank_before && newline {
        line_start..end + trailing + 1
    } else {
        start..end
    }
}

fn ns_decls(e: &quick_xml::events::BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .filter_map(|a| {
            let key = a.key.as_ref().to_string();
            let value = a.value.to_string();
            if key == "xmlns" {
                Some((String::new(), value))
            } else {
                key.strip_prefix("xmlns:").map(|p| (p.to_string(), value))
            }
        })
        .collect()
}

/// Whether a root child is `{xmldsig}Signature`, by its own or the root's declarations.
fn is_signature(e: &quick_xml::events::BytesStart<'_>, root: &[(String, String)]) -> bool {
    let name = e.name().as_ref().to_string();
    let (prefix, local) = name.split_once(':').unwrap_or(("", &name));
    if local != "Signature" {
        return false;
    }
    let own = ns_decls(e);
    own.iter()
        .chain(root.iter())
        .find(|(p, _)| p == prefix)
        .is_some_and(|(_, uri)| uri == XMLDSIG)
}

/// `doc` without the signatures that are children of its root.
pub fn strip_signatures(doc: &[u8]) -> Result<Vec<u8>, SignError> {
    let layout = scan(doc)?;
    let mut out = Vec::with_capacity(doc.len());
    let mut at = 0;
    for r in layout.signatures {
        out.extend_from_slice(&doc[at..r.start]);
        at = r.end;
    }
    out.extend_from_slice(&doc[at..]);
    Ok(out)
}

/// Offset of the `SignedInfo` start tag inside the signature that starts at `sig_start`.
fn signed_info_offset(doc: &[u8], sig_start: usize) -> Result<usize, SignError> {
    let rel = doc[sig_start..]
        .windows(b"<SignedInfo>".len())
        .position(|w| w == b"<SignedInfo>")
        .ok_or_else(|| SignError::Document("the signature template has no SignedInfo".into()))?;
    Ok(sig_start + rel)
}

#[cfg(test)]
#[path = "dsig_tests.rs"]
mod tests;

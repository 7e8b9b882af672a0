//! Verification of the XML-DSig signatures that are children of APP-LIST.xml's root: the
//! reference digest against the canonicalised document, the signature value against the
//! certificate in `KeyInfo`, and the certificate's validity period.

use std::ops::Range;
use std::time::{SystemTime, UNIX_EPOCH};

use base64ct::{Base64, Encoding};
use der::Decode;
use pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use sha2::{Digest as _, Sha256};

use super::c14n::{self, Method, Select};
use super::{ECDSA_SHA256, ENVELOPED, RSA_SHA256, SHA256, XMLDSIG};
use crate::text::escape_controls;
use crate::xml::{Document, Element};

/// What is wrong with one signature (a signature with no issue verified).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    /// A form apspack does not check (algorithm, transform, reference); not an error.
    Unsupported(String),
    /// The reference digest does not match the canonicalised document.
    DigestMismatch,
    /// The signature value does not verify, or the signature is malformed.
    Invalid(String),
    /// The certificate is expired or not yet valid (message says which, with dates).
    CertificateValidity(String),
}

/// The result for one `Signature` element.
#[derive(Debug, Clone)]
pub struct SignatureReport {
    /// Span of the `Signature` start tag.
    pub span: Range<usize>,
    /// Span to point at for the issue (the digest or signature value, else the start tag).
    pub issue_span: Range<usize>,
    /// The certificate's subject, when it could be read.
    pub subject: Option<String>,
    /// The problems found (empty: verified).
    pub issues: Vec<Issue>,
}

/// Most signatures checked in one document: each check canonicalises the whole document, so a
/// list stuffed with signatures must not cost quadratic time.
pub const MAX_SIGNATURES: usize = 8;

/// Verifies every `Signature` child of the root of `doc` (the bytes `parsed` came from) at
/// time `now`; past [`MAX_SIGNATURES`], signatures are reported as not checked.
pub fn verify(doc: &[u8], parsed: &Document, now: SystemTime) -> Vec<SignatureReport> {
    parsed
        .root
        .children
        .iter()
        .filter(|c| c.name == "Signature" && c.ns.as_deref() == Some(XMLDSIG))
        .enumerate()
        .map(|(i, sig)| {
            let mut report = SignatureReport {
                span: sig.span.clone(),
                issue_span: sig.span.clone(),
                subject: None,
                issues: Vec::new(),
            };
            if i < MAX_SIGNATURES {
                check(doc, sig, now, &mut report);
            } else {
                report.issues.push(Issue::Unsupported(format!(
                    "only the first {MAX_SIGNATURES} signatures are checked"
                )));
            }
            report
        })
        .collect()
}

/// Algorithm identifiers of XML-DSig and its companions that apspack recognises but does not
/// verify: a signature using one is reported, not failed. Any other unknown identifier means
/// the signature was damaged or is not XML-DSig, and is an error.
const KNOWN_UNSUPPORTED: &[&str] = &[
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
    "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
    "http://www.w3.org/2006/12/xml-c14n11",
    "http://www.w3.org/2006/12/xml-c14n11#WithComments",
    "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
    "http://www.w3.org/2000/09/xmldsig#dsa-sha1",
    "http://www.w3.org/2000/09/xmldsig#hmac-sha1",
    "http://www.w3.org/2009/xmldsig11#dsa-sha256",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha224",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha224",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
    "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
    "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
    "http://www.w3.org/2000/09/xmldsig#sha1",
    "http://www.w3.org/2001/04/xmldsig-more#sha224",
    "http://www.w3.org/2001/04/xmldsig-more#sha384",
    "http://www.w3.org/2001/04/xmlenc#sha512",
    "http://www.w3.org/2000/09/xmldsig#base64",
    "http://www.w3.org/TR/1999/REC-xpath-19991116",
    "http://www.w3.org/2002/06/xmldsig-filter2",
    "http://www.w3.org/TR/1999/REC-xslt-19991116",
];

/// The issue for an algorithm identifier apspack does not verify with: info for a known one,
/// an error for anything else.
fn not_verified(role: &str, uri: &str, supported: &str) -> Issue {
    let shown = escape_controls(uri);
    if KNOWN_UNSUPPORTED.contains(&uri) {
        Issue::Unsupported(format!("{role} `{shown}` is not supported ({supported})"))
    } else {
        Issue::Invalid(format!(
            "{role} `{shown}` is not a known XML-DSig algorithm"
        ))
    }
}

fn ds<'a>(el: &'a Element, name: &str) -> Option<&'a Element> {
    el.children
        .iter()
        .find(|c| c.name == name && c.ns.as_deref() == Some(XMLDSIG))
}

fn algorithm(el: Option<&Element>) -> Option<&str> {
    el.and_then(|e| e.attr("Algorithm"))
}

fn b64(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    Base64::decode_vec(&compact).ok()
}

fn check(doc: &[u8], sig: &Element, now: SystemTime, r: &mut SignatureReport) {
    let Some(si) = ds(sig, "SignedInfo") else {
        r.issues
            .push(Issue::Invalid("the signature has no SignedInfo".into()));
        return;
    };
    if let Some(why) = stray_text(sig) {
        r.issues.push(Issue::Invalid(why));
        return;
    }
    // First the signature value over SignedInfo: when it fails, nothing SignedInfo says
    // (references, transforms, digests) can be believed.
    let Some(cert) = signature_value(doc, sig, si, r) else {
        return;
    };
    let digest_ok = check_reference(doc, sig, si, r);
    if digest_ok {
        if let Err(msg) = self_signature(&cert) {
            r.issues.push(Issue::Invalid(msg));
        }
        if let Some(msg) = validity(&cert, now) {
            r.issues.push(Issue::CertificateValidity(msg));
        }
    }
}

/// Verifies SignatureValue over the canonicalised SignedInfo with the KeyInfo certificate;
/// returns the certificate when it verifies.
fn signature_value(
    doc: &[u8],
    sig: &Element,
    si: &Element,
    r: &mut SignatureReport,
) -> Option<x509_cert::Certificate> {
    let c14n_uri = algorithm(ds(si, "CanonicalizationMethod")).unwrap_or_default();
    let Some(si_method) = Method::from_uri(c14n_uri) else {
        r.issues.push(not_verified(
            "canonicalization method",
            c14n_uri,
            "inclusive or exclusive C14N 1.0 without comments",
        ));
        return None;
    };
    let sig_method = algorithm(ds(si, "SignatureMethod")).unwrap_or_default();
    if sig_method != RSA_SHA256 && sig_method != ECDSA_SHA256 {
        r.issues.push(not_verified(
            "signature method",
            sig_method,
            "rsa-sha256 or ecdsa-sha256",
        ));
        return None;
    }
    let Some(cert_el) = ds(sig, "KeyInfo")
        .and_then(|k| ds(k, "X509Data"))
        .and_then(|x| ds(x, "X509Certificate"))
    else {
        r.issues.push(Issue::Unsupported(
            "KeyInfo carries no X509Certificate; the signature cannot be checked without one"
                .into(),
        ));
        return None;
    };
    let Some(cert_der) = b64(&cert_el.text) else {
        r.issues
            .push(Issue::Invalid("X509Certificate is not base64".into()));
        return None;
    };
    let cert = match x509_cert::Certificate::from_der(&cert_der) {
        Ok(c) => c,
        Err(e) => {
            r.issues.push(Issue::Invalid(format!(
                "the X509Certificate is not a valid certificate: {e}"
            )));
            return None;
        }
    };
    r.subject = Some(escape_controls(&cert.tbs_certificate().subject().to_string()).into_owned());
    let value_el = ds(sig, "SignatureValue");
    if let Some(v) = value_el {
        r.issue_span = v.value_span();
    }
    let Some(value) = value_el.and_then(|v| b64(&v.text)) else {
        r.issues.push(Issue::Invalid(
            "SignatureValue is missing or not base64".into(),
        ));
        return None;
    };
    let canonical_si = match c14n::canonicalize(doc, Select::Subtree(si.span.start), si_method) {
        Ok(c) => c,
        Err(e) => {
            r.issues.push(Issue::Invalid(format!(
                "SignedInfo cannot be canonicalised: {e}"
            )));
            return None;
        }
    };
    let spki = match der::Encode::to_der(cert.tbs_certificate().subject_public_key_info()) {
        Ok(s) => s,
        Err(e) => {
            r.issues.push(Issue::Invalid(format!(
                "the certificate's public key cannot be read: {e}"
            )));
            return None;
        }
    };
    if let Err(msg) = verify_value(sig_method, &spki, &canonical_si, &value) {
        r.issues.push(Issue::Invalid(msg));
        return None;
    }
    Some(cert)
}

/// Checks the one reference: its form, then its digest. True when the digest matches.
fn check_reference(doc: &[u8], sig: &Element, si: &Element, r: &mut SignatureReport) -> bool {
    let refs: Vec<&Element> = si
        .children
        .iter()
        .filter(|c| c.name == "Reference" && c.ns.as_deref() == Some(XMLDSIG))
        .collect();
    let [reference] = refs.as_slice() else {
        r.issues.push(Issue::Unsupported(format!(
            "the signature has {} references; only one reference to the whole document is supported",
            refs.len()
        )));
        return false;
    };
    if reference.attr("URI") != Some("") {
        r.issues.push(Issue::Unsupported(
            "the reference does not cover the whole document (URI=\"\")".into(),
        ));
        return false;
    }
    let transforms: Vec<&Element> = ds(reference, "Transforms")
        .map(|t| {
            t.children
                .iter()
                .filter(|c| c.name == "Transform" && c.ns.as_deref() == Some(XMLDSIG))
                .collect()
        })
        .unwrap_or_default();
    let mut enveloped = false;
    let mut ref_method = Method::Inclusive;
    for t in &transforms {
        let uri = t.attr("Algorithm").unwrap_or_default();
        if uri == ENVELOPED && !enveloped {
            enveloped = true;
        } else if let Some(m) = Method::from_uri(uri).filter(|_| enveloped) {
            if !t.children.is_empty() {
                r.issues.push(Issue::Unsupported(
                    "canonicalization parameters (InclusiveNamespaces) are not supported".into(),
                ));
                return false;
            }
            ref_method = m;
        } else {
            r.issues.push(not_verified(
                "transform",
                uri,
                "enveloped-signature, then C14N",
            ));
            return false;
        }
    }
    if !enveloped {
        r.issues.push(Issue::Unsupported(
            "the reference has no enveloped-signature transform".into(),
        ));
        return false;
    }
    let digest_method = algorithm(ds(reference, "DigestMethod")).unwrap_or_default();
    if digest_method != SHA256 {
        r.issues
            .push(not_verified("digest method", digest_method, "SHA-256"));
        return false;
    }
    let digest_el = ds(reference, "DigestValue");
    if let Some(d) = digest_el {
        r.issue_span = d.value_span();
    }
    let Some(expected) = digest_el.and_then(|d| b64(&d.text)) else {
        r.issues.push(Issue::Invalid(
            "DigestValue is missing or not base64".into(),
        ));
        return false;
    };
    let canonical =
        match c14n::canonicalize(doc, Select::DocumentWithout(sig.span.start), ref_method) {
            Ok(c) => c,
            Err(e) => {
                r.issues.push(Issue::Invalid(format!(
                    "the document cannot be canonicalised: {e}"
                )));
                return false;
            }
        };
    if Sha256::digest(&canonical).as_slice() != expected.as_slice() {
        r.issues.push(Issue::DigestMismatch);
        return false;
    }
    true
}

fn verify_value(method: &str, spki: &[u8], msg: &[u8], value: &[u8]) -> Result<(), String> {
    if method == RSA_SHA256 {
        let key = rsa::pkcs1v15::VerifyingKey::<Sha256>::from_public_key_der(spki)
            .map_err(|_| "the certificate holds no RSA public key, but the method is rsa-sha256")?;
        let sig = rsa::pkcs1v15::Signature::try_from(value)
            .map_err(|_| "SignatureValue is not an RSA signature")?;
        key.verify(msg, &sig)
            .map_err(|_| "the signature value does not verify with the certificate's key".into())
    } else {
        let key = p256::ecdsa::VerifyingKey::from_public_key_der(spki).map_err(
            |_| "the certificate holds no P-256 public key, but the method is ecdsa-sha256",
        )?;
        let sig = p256::ecdsa::Signature::from_slice(value)
            .map_err(|_| "SignatureValue is not a P-256 ECDSA signature (r || s, 64 bytes)")?;
        key.verify(msg, &sig)
            .map_err(|_| "the signature value does not verify with the certificate's key".into())
    }
}

/// Text other than whitespace between the elements of the signature's unsigned parts (which
/// no digest covers) is not XML-DSig and could hide an edit.
fn stray_text(sig: &Element) -> Option<String> {
    let mut parts = vec![sig];
    if let Some(k) = ds(sig, "KeyInfo") {
        parts.push(k);
        parts.extend(k.children.iter().filter(|c| c.name == "X509Data"));
    }
    parts.iter().find(|e| !e.text.trim().is_empty()).map(|e| {
        format!(
            "<{}> holds text outside its elements",
            escape_controls(&e.name)
        )
    })
}

/// A self-signed certificate (issuer = subject, or authority key id = subject key id) must
/// verify with its own key, so an edit to any part of it shows. A certificate issued by
/// another is checked by whoever holds that issuer.
fn self_signature(cert: &x509_cert::Certificate) -> Result<(), String> {
    use x509_cert::ext::pkix::{AuthorityKeyIdentifier, SubjectKeyIdentifier};
    let tbs = cert.tbs_certificate();
    if cert.signature_algorithm() != tbs.signature() {
        return Err(
            "the certificate's two signature algorithm fields differ (it was altered)".into(),
        );
    }
    // Self-issued: the same name on both sides, or the same key identifier.
    let ski = tbs.get_extension::<SubjectKeyIdentifier>().ok().flatten();
    let aki = tbs.get_extension::<AuthorityKeyIdentifier>().ok().flatten();
    let same_key_id = match (ski, aki) {
        (Some((_, s)), Some((_, a))) => a.key_identifier.as_ref() == Some(&s.0),
        _ => false,
    };
    if tbs.issuer() != tbs.subject() && !same_key_id {
        return Ok(());
    }
    let oid = cert.signature_algorithm().oid.to_string();
    let (Ok(tbs_der), Ok(spki)) = (
        der::Encode::to_der(tbs),
        der::Encode::to_der(tbs.subject_public_key_info()),
    ) else {
        return Err("the certificate cannot be re-encoded".into());
    };
    let sig = cert.signature().raw_bytes();
    let bad = || {
        "the self-signed certificate does not verify with its own key (it was altered)".to_string()
    };
    match oid.as_str() {
        // sha256WithRSAEncryption
        "1.2.840.113549.1.1.11" => {
            let key = rsa::pkcs1v15::VerifyingKey::<Sha256>::from_public_key_der(&spki)
                .map_err(|_| bad())?;
            let sig = rsa::pkcs1v15::Signature::try_from(sig).map_err(|_| bad())?;
            key.verify(&tbs_der, &sig).map_err(|_| bad())
        }
        // ecdsa-with-SHA256
        "1.2.840.10045.4.3.2" => {
            let key = p256::ecdsa::VerifyingKey::from_public_key_der(&spki).map_err(|_| bad())?;
            let sig = p256::ecdsa::Signature::from_der(sig).map_err(|_| bad())?;
            key.verify(&tbs_der, &sig).map_err(|_| bad())
        }
        // Other algorithms are not checked here.
        _ => Ok(()),
    }
}

/// A message when `now` is outside the certificate's validity period.
fn validity(cert: &x509_cert::Certificate, now: SystemTime) -> Option<String> {
    let v = cert.tbs_certificate().validity();
    let now = now.duration_since(UNIX_EPOCH).ok()?;
    if now < v.not_before.to_unix_duration() {
        Some(format!(
            "the signing certificate is not valid before {}",
            v.not_before
        ))
    } else if now > v.not_after.to_unix_duration() {
        Some(format!(
            "the signing certificate expired on {}",
            v.not_after
        ))
    } else {
        None
    }
}

//! The signature checks of the applist family (APS0611–APS0615): the XML-DSig signatures of
//! APP-LIST.xml, verified with [`crate::dsig`], and unsigned archives noted.

use std::time::SystemTime;

use super::{
    APP_LIST_CERTIFICATE_VALIDITY, APP_LIST_SIGNATURE, APP_LIST_SIGNATURE_DIGEST,
    APP_LIST_SIGNATURE_INVALID, APP_LIST_UNSIGNED,
};
use crate::aps::{APP_LIST, NS_XMLDSIG};
use crate::dsig::{self, Issue};
use crate::lint::{Context, Finding};
use crate::tree::Origin;
use crate::xml::Document;

/// Checks the signatures of APP-LIST.xml (`bytes`, parsed as `doc`).
pub fn check(cx: &Context, bytes: &[u8], doc: &Document, out: &mut Vec<Finding>) {
    let is_sig = |ns: Option<&str>, name: &str| name == "Signature" && ns == Some(NS_XMLDSIG);
    // Signatures anywhere but directly under <files> are not where an enveloped one belongs.
    for el in doc.root.descendants() {
        if is_sig(el.ns.as_deref(), &el.name)
            && !doc.root.children.iter().any(|c| c.span == el.span)
        {
            let msg = "an XML signature that is not a child of <files> is not checked";
            out.push(cx.at(&APP_LIST_SIGNATURE, APP_LIST, el.span.clone(), msg));
        }
    }
    let reports = dsig::verify(bytes, doc, SystemTime::now());
    if reports.is_empty() {
        if matches!(cx.tree.origin, Origin::Archive(_)) {
            let msg = "the package is not signed (APP-LIST.xml has no XML signature)";
            out.push(cx.at(&APP_LIST_UNSIGNED, APP_LIST, doc.root.span.clone(), msg));
        }
        return;
    }
    for r in reports {
        let signer = r
            .subject
            .as_deref()
            .map(|s| format!(" (signer `{s}`)"))
            .unwrap_or_default();
        for issue in r.issues {
            let finding = match issue {
                Issue::Unsupported(why) => cx.at(
                    &APP_LIST_SIGNATURE,
                    APP_LIST,
                    r.span.clone(),
                    format!("the XML signature is not checked: {why}"),
                ),
                Issue::DigestMismatch => cx
                    .at(
                        &APP_LIST_SIGNATURE_DIGEST,
                        APP_LIST,
                        r.issue_span.clone(),
                        "the signature's digest does not match APP-LIST.xml: the list was changed after signing",
                    )
                    .help("Rebuild and sign again, or re-sign with `apspack sign`."),
                Issue::Invalid(why) => cx
                    .at(
                        &APP_LIST_SIGNATURE_INVALID,
                        APP_LIST,
                        r.issue_span.clone(),
                        format!("the XML signature is invalid{signer}: {why}"),
                    )
                    .help("Sign again with the key that belongs to the certificate (`apspack sign`)."),
                Issue::CertificateValidity(why) => cx
                    .at(
                        &APP_LIST_CERTIFICATE_VALIDITY,
                        APP_LIST,
                        r.span.clone(),
                        format!("{why}{signer}"),
                    )
                    .help("Renew the certificate and re-sign the package (`apspack sign`)."),
            };
            out.push(finding);
        }
    }
}

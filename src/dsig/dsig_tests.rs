//! Signing and verifying APP-LIST.xml with the test-only keys in `tests/fixtures/signing`.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/signing")
        .join(name)
}

/// A private copy (mode 0600) of a fixture key, so loading it draws no warning.
fn private_copy(dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(fixture(name), &to).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    to
}

fn signer(key: &str, cert: &str) -> Signer {
    let dir = tempfile::tempdir().unwrap();
    let mut warnings = Vec::new();
    let s = Signer::from_pem_files(
        &private_copy(dir.path(), key),
        &fixture(cert),
        &mut warnings,
    )
    .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    s
}

fn rsa() -> Signer {
    signer("rsa-key.pem", "rsa-cert.pem")
}

fn ec() -> Signer {
    signer("ec-key.pem", "ec-cert.pem")
}

const LIST: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<files xmlns=\"http://apstandard.com/ns/1\" xmlns:ns2=\"http://www.w3.org/2000/09/xmldsig#\">\n",
    "    <file name=\"APP-META.xml\" size=\"3\" sha256=\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"/>\n",
    "    <file name=\"scripts/a&amp;b.php\" size=\"0\" sha256=\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"/>\n",
    "</files>\n"
);

fn now() -> SystemTime {
    SystemTime::now()
}

fn issues(doc: &[u8]) -> Vec<Issue> {
    let parsed = crate::xml::parse(doc).expect("well-formed");
    let reports = verify(doc, &parsed, now());
    assert_eq!(reports.len(), 1, "one signature");
    reports.into_iter().next().unwrap().issues
}

#[test]
fn signed_lists_verify_for_both_algorithms() {
    for s in [rsa(), ec()] {
        let signed = sign(LIST.as_bytes(), &s).unwrap();
        assert_eq!(issues(&signed), [], "{}", String::from_utf8_lossy(&signed));
        let text = String::from_utf8(signed).unwrap();
        assert!(text.starts_with(&LIST[..LIST.len() - "</files>\n".len()]));
        assert!(text.ends_with("    </Signature>\n</files>\n"));
    }
}

#[test]
fn signing_is_deterministic_and_resigning_replaces_the_signature() {
    for s in [rsa(), ec()] {
        let once = sign(LIST.as_bytes(), &s).unwrap();
        assert_eq!(once, sign(LIST.as_bytes(), &s).unwrap());
        assert_eq!(once, sign(&once, &s).unwrap(), "re-signing is idempotent");
        assert_eq!(strip_signatures(&once).unwrap(), LIST.as_bytes());
    }
    let by_rsa = sign(LIST.as_bytes(), &rsa()).unwrap();
    let by_ec = sign(&by_rsa, &ec()).unwrap();
    assert_eq!(by_ec, sign(LIST.as_bytes(), &ec()).unwrap());
    assert_eq!(issues(&by_ec), []);
}

/// Replacing any byte of a signed list with `Z` is noticed (as malformed XML, a stray
/// element, a digest mismatch or an invalid signature), except in the XML declaration, which
/// canonicalisation leaves out.
#[test]
fn every_byte_of_a_signed_list_is_protected() {
    // RSA only: every edit costs a verification, and P-256 is slow in unoptimised test builds.
    for s in [rsa()] {
        let signed = sign(LIST.as_bytes(), &s).unwrap();
        let decl_end = signed.iter().position(|&b| b == b'\n').unwrap();
        let mut unnoticed = Vec::new();
        for i in decl_end..signed.len() {
            let mut t = signed.clone();
            t[i] = if t[i] == b'Z' { b'Y' } else { b'Z' };
            let Ok(parsed) = crate::xml::parse(&t) else {
                continue;
            };
            let stray = parsed.root.children.iter().any(|c| {
                c.name != "file" && !(c.name == "Signature" && c.ns.as_deref() == Some(XMLDSIG))
            });
            let reports = verify(&t, &parsed, now());
            let broken = reports.len() != 1
                || reports[0]
                    .issues
                    .iter()
                    .any(|i| matches!(i, Issue::DigestMismatch | Issue::Invalid(_)));
            if !stray && !broken {
                unnoticed.push(i);
            }
        }
        assert_eq!(
            unnoticed,
            Vec::<usize>::new(),
            "unnoticed edits at these offsets"
        );
    }
}

#[test]
fn lists_signed_with_exclusive_c14n_verify() {
    // The same signature made with exclusive C14N for SignedInfo and the reference.
    let s = rsa();
    let ours = String::from_utf8(sign(LIST.as_bytes(), &s).unwrap()).unwrap();
    let incl = ours.replace(C14N, EXC_C14N);
    // The old values no longer match: recompute them as a signer using these forms would.
    let parsed = crate::xml::parse(incl.as_bytes()).unwrap();
    let sig = &parsed.root.children[2];
    let canonical = c14n::canonicalize(
        incl.as_bytes(),
        c14n::Select::DocumentWithout(sig.span.start),
        c14n::Method::Exclusive,
    )
    .unwrap();
    let old_digest = &sig.children[0].children[2].children[2].text;
    let digest = Base64::encode_string(&Sha256::digest(&canonical));
    let incl = incl.replace(old_digest.as_str(), &digest);
    let parsed = crate::xml::parse(incl.as_bytes()).unwrap();
    let si = &parsed.root.children[2].children[0];
    let canonical_si = c14n::canonicalize(
        incl.as_bytes(),
        c14n::Select::Subtree(si.span.start),
        c14n::Method::Exclusive,
    )
    .unwrap();
    assert!(
        String::from_utf8_lossy(&canonical_si)
            .starts_with("<SignedInfo xmlns=\"http://www.w3.org/2000/09/xmldsig#\">"),
        "exclusive SignedInfo carries only the namespace it uses"
    );
    let old_value = &parsed.root.children[2].children[1].text;
    let value = Base64::encode_string(&s.sign(&canonical_si).unwrap());
    let incl = incl.replace(old_value.as_str(), &value);
    assert_eq!(issues(incl.as_bytes()), []);
}

/// `doc` with its SignatureValue made again over its (edited) SignedInfo.
fn resign(doc: &str, s: &Signer) -> String {
    let parsed = crate::xml::parse(doc.as_bytes()).unwrap();
    let sig = parsed
        .root
        .children
        .iter()
        .find(|c| c.name == "Signature")
        .unwrap();
    let si = &sig.children[0];
    let canonical = c14n::canonicalize(
        doc.as_bytes(),
        c14n::Select::Subtree(si.span.start),
        c14n::Method::Inclusive,
    )
    .unwrap();
    let old = &sig.children[1].text;
    doc.replace(
        old.as_str(),
        &Base64::encode_string(&s.sign(&canonical).unwrap()),
    )
}

#[test]
fn unsupported_forms_are_reported_not_failed() {
    let s = rsa();
    let signed = String::from_utf8(sign(LIST.as_bytes(), &s).unwrap()).unwrap();
    assert_eq!(
        issues(resign(&signed, &s).as_bytes()),
        [],
        "resign is faithful"
    );
    for (from, to) in [
        (RSA_SHA256, "http://www.w3.org/2000/09/xmldsig#rsa-sha1"),
        (SHA256, "http://www.w3.org/2000/09/xmldsig#sha1"),
        ("URI=\"\"", "URI=\"#list\""),
        (ENVELOPED, "http://www.w3.org/TR/1999/REC-xslt-19991116"),
    ] {
        let edited = resign(&signed.replacen(from, to, 1), &s);
        let got = issues(edited.as_bytes());
        assert!(
            matches!(got.as_slice(), [Issue::Unsupported(_)]),
            "{from} -> {to}: {got:?}"
        );
        // An identifier nobody defined is damage, not an unsupported choice.
        if from != "URI=\"\"" {
            let garbled = resign(&signed.replacen(from, "urn:garbled", 1), &s);
            let got = issues(garbled.as_bytes());
            assert!(
                matches!(got.as_slice(), [Issue::Invalid(_)]),
                "{from}: {got:?}"
            );
        }
    }
    let no_cert = signed.replace(
        &signed[signed.find("<KeyInfo>").unwrap()..signed.find("</KeyInfo>").unwrap() + 10],
        "",
    );
    assert!(matches!(
        issues(no_cert.as_bytes()).as_slice(),
        [Issue::Unsupported(_)]
    ));
}

#[test]
fn certificate_validity_is_checked_against_the_time_given() {
    let s = signer("rsa-key.pem", "rsa-expired-cert.pem");
    let signed = sign(LIST.as_bytes(), &s).unwrap();
    let parsed = crate::xml::parse(&signed).unwrap();
    let at = |secs: u64| UNIX_EPOCH + Duration::from_secs(secs);
    let in_2020 = verify(&signed, &parsed, at(1_590_000_000));
    assert_eq!(in_2020[0].issues, []);
    let later = verify(&signed, &parsed, at(1_700_000_000));
    assert!(
        matches!(&later[0].issues[..], [Issue::CertificateValidity(m)] if m.contains("expired"))
    );
    let before = verify(&signed, &parsed, at(1_500_000_000));
    assert!(
        matches!(&before[0].issues[..], [Issue::CertificateValidity(m)] if m.contains("not valid before"))
    );
}

#[test]
fn a_signature_by_another_key_is_invalid() {
    let mine = String::from_utf8(sign(LIST.as_bytes(), &rsa()).unwrap()).unwrap();
    let cert_of = |s: &str| {
        s[s.find("<X509Certificate>").unwrap()..s.find("</X509Certificate>").unwrap()].to_string()
    };
    let ec_signed = String::from_utf8(sign(LIST.as_bytes(), &ec()).unwrap()).unwrap();
    // RSA signature with the EC certificate: the key type does not fit the method.
    let swapped = mine.replace(&cert_of(&mine), &cert_of(&ec_signed));
    assert!(matches!(
        issues(swapped.as_bytes()).as_slice(),
        [Issue::Invalid(_)]
    ));
}

#[test]
fn keys_must_match_their_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let key = private_copy(dir.path(), "other-key.pem");
    let err = Signer::from_pem_files(&key, &fixture("rsa-cert.pem"), &mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("does not belong to the private key"), "{err}");
    let key = private_copy(dir.path(), "rsa-key.pem");
    let err = Signer::from_pem_files(&key, &key, &mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("certificate"), "{err}");
    let err = Signer::from_pem_files(
        &fixture("rsa-cert.pem"),
        &fixture("rsa-cert.pem"),
        &mut Vec::new(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("not a private key"), "{err}");
}

#[test]
fn pkcs12_bundles_open_with_their_password_only() {
    let dir = tempfile::tempdir().unwrap();
    for bundle in ["rsa.p12", "ec-legacy.p12"] {
        let path = private_copy(dir.path(), bundle);
        let pw_file = dir.path().join("pw");
        std::fs::write(&pw_file, "test-password\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&pw_file, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let mut warnings = Vec::new();
        let pw = Password::from_file(&pw_file, &mut warnings).unwrap();
        let s = Signer::from_pkcs12_file(&path, &pw, &mut warnings).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(issues(&sign(LIST.as_bytes(), &s).unwrap()), []);
        let wrong_file = dir.path().join("wrong");
        std::fs::write(&wrong_file, "Wrong-Secret-42").unwrap();
        let wrong = Password::from_file(&wrong_file, &mut Vec::new()).unwrap();
        let err = Signer::from_pkcs12_file(&path, &wrong, &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(err.contains("check the password"), "{err}");
        assert!(!err.contains("Wrong-Secret-42"), "{err}");
        assert!(!format!("{wrong:?}").contains("Wrong-Secret-42"));
    }
}

#[test]
fn secrets_stay_out_of_debug_output_and_signatures() {
    let s = rsa();
    let shown = format!("{s:?}");
    assert!(shown.contains("redacted"), "{shown}");
    let key_pem = std::fs::read_to_string(fixture("rsa-key.pem")).unwrap();
    let body: String = key_pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let signed = String::from_utf8(sign(LIST.as_bytes(), &s).unwrap()).unwrap();
    for line in key_pem.lines().filter(|l| !l.starts_with("-----")) {
        assert!(!signed.contains(line) && !shown.contains(line));
    }
    assert!(!body.is_empty());
}

#[cfg(unix)]
#[test]
fn key_files_others_can_read_draw_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let key = private_copy(dir.path(), "ec-key.pem");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o640)).unwrap();
    let mut warnings = Vec::new();
    Signer::from_pem_files(&key, &fixture("ec-cert.pem"), &mut warnings).unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("640") && warnings[0].contains("chmod 600"));
}

#[test]
fn only_the_first_signatures_are_checked() {
    let signed = String::from_utf8(sign(LIST.as_bytes(), &ec()).unwrap()).unwrap();
    let start = signed.find("    <Signature").unwrap();
    let end = signed.find("</files>").unwrap();
    let block = &signed[start..end];
    let many = format!(
        "{}{}</files>\n",
        &signed[..start],
        block.repeat(verify::MAX_SIGNATURES + 2)
    );
    let parsed = crate::xml::parse(many.as_bytes()).unwrap();
    let reports = verify(many.as_bytes(), &parsed, now());
    assert_eq!(reports.len(), verify::MAX_SIGNATURES + 2);
    for r in &reports[verify::MAX_SIGNATURES..] {
        assert!(matches!(&r.issues[..], [Issue::Unsupported(m)] if m.contains("only the first")));
    }
}

//! Signing keys and certificates: PEM key + certificate files, or a PKCS#12 (PFX) bundle with
//! its password from an environment variable or a file.
//!
//! Key material and passwords live in zeroizing buffers, never in a `Debug` or error text: an
//! error names the file and what is wrong with it, never its content. A key, bundle or password
//! file that others may read (mode & 0o077) is accepted with a warning for the caller to show.

use std::path::{Path, PathBuf};

use der::{Decode, Encode};
use pkcs8::{DecodePrivateKey, EncodePublicKey};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::signature::{SignatureEncoding, Signer as _};
use sha2::Sha256;
use zeroize::Zeroizing;

/// Largest key, certificate, bundle or password file read (they are a few KiB).
const MAX_FILE: u64 = 1 << 20;

/// Why a key or certificate cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file is not what it should be.
    #[error("{}: {what}", path.display())]
    Bad {
        /// The file.
        path: PathBuf,
        /// What is wrong, with how to fix it (never the file's content).
        what: String,
    },
    /// The password source is unusable.
    #[error("{0}")]
    Password(String),
}

fn bad(path: &Path, what: impl Into<String>) -> KeyError {
    KeyError::Bad {
        path: path.to_path_buf(),
        what: what.into(),
    }
}

/// A password, wiped from memory when dropped.
pub struct Password(Zeroizing<String>);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl Password {
    /// The value of environment variable `var`.
    pub fn from_env(var: &str) -> Result<Password, KeyError> {
        match std::env::var(var) {
            Ok(v) => Ok(Password(Zeroizing::new(v))),
            Err(std::env::VarError::NotPresent) => Err(KeyError::Password(format!(
                "environment variable {var} (named by --sign-password-env) is not set"
            ))),
            Err(std::env::VarError::NotUnicode(_)) => Err(KeyError::Password(format!(
                "environment variable {var} (named by --sign-password-env) is not valid Unicode"
            ))),
        }
    }

    /// The first line of `path` (without its line ending); warns when others may read it.
    pub fn from_file(path: &Path, warnings: &mut Vec<String>) -> Result<Password, KeyError> {
        let bytes = read_secret(path, "password file", warnings)?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| bad(path, "the password file is not valid UTF-8"))?;
        let line = text.split('\n').next().unwrap_or_default();
        let line = line.strip_suffix('\r').unwrap_or(line);
        Ok(Password(Zeroizing::new(line.to_string())))
    }
}

/// The private key of a signer.
enum Key {
    /// The signing key and the DER of its public half (SubjectPublicKeyInfo).
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>, Vec<u8>),
    P256(p256::ecdsa::SigningKey),
}

fn rsa_key(k: rsa::PrivateKey) -> Result<Key, String> {
    use rsa::traits::PublicKeyParts;
    if k.size() < 256 {
        return Err("the RSA key is shorter than 2048 bits; use 2048 bits or more".into());
    }
    let spki = k
        .to_public_key()
        .to_public_key_der()
        .map_err(|e| format!("cannot encode the key's public half: {e}"))?;
    Ok(Key::Rsa(
        Box::new(rsa::pkcs1v15::SigningKey::new(k)),
        spki.as_bytes().to_vec(),
    ))
}

/// A private key with the certificate that goes with it.
pub struct Signer {
    key: Key,
    cert_der: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("algorithm", &self.algorithm())
            .field("key", &"<redacted>")
            .finish()
    }
}

/// The two signature algorithms apspack writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// RSA PKCS#1 v1.5 with SHA-256.
    RsaSha256,
    /// ECDSA on P-256 with SHA-256, deterministic nonces (RFC 6979).
    EcdsaP256Sha256,
}

impl Signer {
    /// The signature algorithm of the key.
    pub fn algorithm(&self) -> Algorithm {
        match self.key {
            Key::Rsa(..) => Algorithm::RsaSha256,
            Key::P256(_) => Algorithm::EcdsaP256Sha256,
        }
    }

    /// The certificate, DER-encoded.
    pub fn cert_der(&self) -> &[u8] {
        &self.cert_der
    }

    /// Signs `msg`: PKCS#1 v1.5 bytes for RSA, `r || s` (32 bytes each) for ECDSA, as XML-DSig
    /// wants them. Both are deterministic for the same key and message.
    pub fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, String> {
        match &self.key {
            Key::Rsa(k, _) => k
                .try_sign(msg)
                .map(|s| s.to_vec())
                .map_err(|e| format!("RSA signing failed: {e}")),
            Key::P256(k) => {
                let sig: p256::ecdsa::Signature = k
                    .try_sign(msg)
                    .map_err(|e| format!("ECDSA signing failed: {e}"))?;
                Ok(sig.to_bytes().to_vec())
            }
        }
    }

    /// Loads a PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC) and a PEM (or DER) certificate.
    pub fn from_pem_files(
        key_path: &Path,
        cert_path: &Path,
        warnings: &mut Vec<String>,
    ) -> Result<Signer, KeyError> {
        let key_bytes = read_secret(key_path, "private key", warnings)?;
        let key_text = std::str::from_utf8(&key_bytes)
            .map_err(|_| bad(key_path, "the key file is not PEM text"))?;
        let key = parse_pem_key(key_text).map_err(|what| bad(key_path, what))?;
        let cert_bytes = read_capped(cert_path)?;
        let cert_der = cert_from_pem_or_der(&cert_bytes).map_err(|w| bad(cert_path, w))?;
        let signer = Signer { key, cert_der };
        signer.check_pair().map_err(|w| bad(cert_path, w))?;
        Ok(signer)
    }

    /// Loads the key and certificate of a PKCS#12 bundle.
    pub fn from_pkcs12_file(
        path: &Path,
        password: &Password,
        warnings: &mut Vec<String>,
    ) -> Result<Signer, KeyError> {
        let bytes = read_secret(path, "PKCS#12 bundle", warnings)?;
        let store = p12_keystore::KeyStore::from_pkcs12(
            &bytes,
            &password.0,
            p12_keystore::Pkcs12ImportPolicy::Strict,
        )
        .map_err(|e| {
            bad(
                path,
                format!(
                    "cannot open the PKCS#12 bundle ({}); check the password and the file",
                    p12_reason(&e)
                ),
            )
        })?;
        let Some((_, chain)) = store.private_key_chain() else {
            return Err(bad(
                path,
                "the PKCS#12 bundle holds no private key with its certificate",
            ));
        };
        let Some(cert) = chain.certs().first() else {
            return Err(bad(
                path,
                "the PKCS#12 bundle holds no certificate for its key",
            ));
        };
        let key_der = Zeroizing::new(chain.key().as_der().to_vec());
        let key = parse_pkcs8_der(&key_der).map_err(|w| bad(path, w))?;
        let signer = Signer {
            key,
            cert_der: cert.as_der().to_vec(),
        };
        signer.check_pair().map_err(|w| bad(path, w))?;
        Ok(signer)
    }

    /// The certificate must hold the public half of the key.
    fn check_pair(&self) -> Result<(), String> {
        let cert = x509_cert::Certificate::from_der(&self.cert_der)
            .map_err(|e| format!("the certificate is not valid X.509 DER: {e}"))?;
        let cert_spki = cert
            .tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .map_err(|e| format!("cannot encode the certificate's public key: {e}"))?;
        let key_spki = match &self.key {
            Key::Rsa(_, spki) => spki.clone(),
            Key::P256(k) => k
                .verifying_key()
                .to_public_key_der()
                .map_err(|e| format!("cannot encode the key's public half: {e}"))?
                .as_bytes()
                .to_vec(),
        };
        if key_spki != cert_spki {
            return Err(
                "the certificate does not belong to the private key (their public keys differ)"
                    .into(),
            );
        }
        Ok(())
    }
}

fn p12_reason(e: &p12_keystore::error::Error) -> String {
    // The crate's messages describe structure and MAC failures, never key bytes.
    e.to_string()
}

fn parse_pem_key(text: &str) -> Result<Key, String> {
    let label = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("-----BEGIN "))
        .and_then(|l| l.strip_suffix("-----"))
        .unwrap_or_default();
    match label {
        "PRIVATE KEY" => {
            let (_, doc) = der::SecretDocument::from_pem(text)
                .map_err(|e| format!("the PEM private key cannot be decoded: {e}"))?;
            parse_pkcs8_der(doc.as_bytes())
        }
        "RSA PRIVATE KEY" => rsa::PrivateKey::from_pkcs1_pem(text)
            .map_err(|e| format!("the PKCS#1 RSA key cannot be decoded: {e}"))
            .and_then(rsa_key),
        "EC PRIVATE KEY" => {
            use p256::elliptic_curve::SecretKey;
            SecretKey::<p256::NistP256>::from_sec1_pem(text)
                .map(|k| Key::P256(p256::ecdsa::SigningKey::from(k)))
                .map_err(|_| "the EC key is not a P-256 (prime256v1) key in SEC1 form".into())
        }
        "ENCRYPTED PRIVATE KEY" => Err(
            "the key is encrypted; decrypt it to a protected file (`openssl pkey`), or use a PKCS#12 bundle with --sign-pkcs12".into(),
        ),
        "" => Err("no PEM private key found (expected `-----BEGIN PRIVATE KEY-----`)".into()),
        other => Err(format!(
            "a PEM {other:?} block is not a private key this tool can use (PKCS#8, RSA or EC P-256)"
        )),
    }
}

fn parse_pkcs8_der(der: &[u8]) -> Result<Key, String> {
    let info = pkcs8::PrivateKeyInfoRef::try_from(der)
        .map_err(|e| format!("the private key is not PKCS#8: {e}"))?;
    let oid = info.algorithm.oid;
    if oid == rsa::pkcs1::ALGORITHM_OID {
        let k = rsa::PrivateKey::from_pkcs8_der(der)
            .map_err(|e| format!("the RSA key cannot be decoded: {e}"))?;
        rsa_key(k)
    } else if oid == p256::elliptic_curve::ALGORITHM_OID {
        p256::ecdsa::SigningKey::from_pkcs8_der(der)
            .map(Key::P256)
            .map_err(|_| {
                "the EC key is not on curve P-256 (prime256v1), the only curve supported".into()
            })
    } else {
        Err(format!(
            "unsupported key algorithm {oid}: use RSA (2048 bits or more) or EC P-256"
        ))
    }
}

/// The DER of the first certificate in PEM `bytes`, or `bytes` when they already are DER.
pub fn cert_from_pem_or_der(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if bytes.starts_with(b"-----") || bytes.iter().take(64).all(|b| b.is_ascii()) {
        let chain = x509_cert::Certificate::load_pem_chain(bytes)
            .map_err(|e| format!("no PEM certificate could be read: {e}"))?;
        let first = chain
            .into_iter()
            .next()
            .ok_or("the file holds no certificate")?;
        return first
            .to_der()
            .map_err(|e| format!("cannot encode the certificate: {e}"));
    }
    x509_cert::Certificate::from_der(bytes)
        .map_err(|e| format!("the certificate is neither PEM nor DER X.509: {e}"))?;
    Ok(bytes.to_vec())
}

fn read_capped(path: &Path) -> Result<Vec<u8>, KeyError> {
    use std::io::Read;
    let read_err = |source| KeyError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if !meta.is_file() {
        return Err(bad(path, "not a regular file"));
    }
    let file = std::fs::File::open(path).map_err(read_err)?;
    let mut buf = Vec::new();
    file.take(MAX_FILE + 1)
        .read_to_end(&mut buf)
        .map_err(read_err)?;
    if buf.len() as u64 > MAX_FILE {
        return Err(bad(
            path,
            "larger than 1 MiB; not a key or certificate file",
        ));
    }
    Ok(buf)
}

/// Reads a secret file into a zeroizing buffer; warns when group or others may read it.
fn read_secret(
    path: &Path,
    what: &str,
    warnings: &mut Vec<String>,
) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let bytes = Zeroizing::new(read_capped(path)?);
    if let Some(mode) = loose_mode(path) {
        warnings.push(format!(
            "the {what} {} can be read by other users (mode {:o}); restrict it with `chmod 600`",
            path.display(),
            mode & 0o777
        ));
    }
    Ok(bytes)
}

/// The file's mode when group or others have any permission on it (Unix only).
#[cfg(unix)]
pub fn loose_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o077 != 0).then_some(mode)
}

/// Permissions are not checked outside Unix.
#[cfg(not(unix))]
pub fn loose_mode(_path: &Path) -> Option<u32> {
    None
}

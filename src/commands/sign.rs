//! `apspack sign`: signs (or re-signs) built packages in place, and loads the signer that
//! `build --sign-*` uses.
//!
//! Only APP-LIST.xml changes: every other member is copied raw (same compressed bytes, header
//! fields and order), and the new APP-LIST.xml keeps its place, time, mode and compression
//! method. A package whose content does not match its APP-LIST.xml, or that lints with errors,
//! is not signed. The result is written to a temporary file, verified, and renamed over the
//! package; a `.sha256` file next to it is rewritten the same way.

use std::fs::File;
use std::io::{self, Seek, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::{Failure, Outcome, Ui, print, show};
use crate::Status;
use crate::aps::APP_LIST;
use crate::archive::deflate::LEVEL as DEFLATE_LEVEL;
use crate::archive::write::MODE_FILE;
use crate::cli::{SignArgs, SignCmdArgs};
use crate::dsig::{self, Password, Signer};
use crate::lint::{Finding, Severity};
use crate::tree::Digest;

/// Runs `apspack sign`: each package in turn; one that cannot be signed is reported and the
/// others are still signed.
pub fn run(args: &SignCmdArgs, ui: Ui, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    if !args.sign.any() {
        return Err(Failure::message(
            "`apspack sign` needs --sign-key KEY --sign-cert CERT, or --sign-pkcs12 FILE with --sign-password-env VAR or --sign-password-file FILE",
        ));
    }
    let Some(signer) = load_signer(&args.sign, ui, err)? else {
        return Err(Failure::message("no signing key was given"));
    };
    let mut status = Status::Ok;
    for pkg in &args.packages {
        match sign_package(pkg, &signer) {
            Ok(()) => print(out, &format!("signed {}\n", pkg.display()), "the result")?,
            Err(SignFailure::Findings(findings)) => {
                for f in &findings {
                    let _ = writeln!(err, "{}", super::build::finding_line(f, ui.color_err));
                }
                let text = format!("{} has errors; it was not signed", pkg.display());
                let _ =
                    err.write_all(crate::report::error::message(&text, ui.color_err).as_bytes());
                if status == Status::Ok {
                    status = Status::Findings;
                }
            }
            Err(SignFailure::Fatal(msg)) => {
                show(err, ui, &Failure::message(msg));
                status = Status::Fatal;
            }
        }
    }
    Ok(status)
}

/// Loads the signer the options name (None when none is named), writing warnings (key files
/// others may read) to `err`. Errors never quote key or password material.
pub fn load_signer(
    args: &SignArgs,
    ui: Ui,
    err: &mut dyn Write,
) -> Result<Option<Signer>, Failure> {
    let mut warnings = Vec::new();
    let result = if let (Some(key), Some(cert)) = (&args.sign_key, &args.sign_cert) {
        Signer::from_pem_files(key, cert, &mut warnings).map(Some)
    } else if let Some(p12) = &args.sign_pkcs12 {
        let password = match (&args.sign_password_env, &args.sign_password_file) {
            (Some(var), _) => Password::from_env(var),
            (None, Some(file)) => Password::from_file(file, &mut warnings),
            (None, None) => {
                return Err(Failure::message(
                    "--sign-pkcs12 needs its password from --sign-password-env VAR or --sign-password-file FILE",
                ));
            }
        };
        password.and_then(|pw| Signer::from_pkcs12_file(p12, &pw, &mut warnings).map(Some))
    } else {
        Ok(None)
    };
    for w in &warnings {
        let _ = writeln!(
            err,
            "{}{}",
            crate::report::error::label(true, ui.color_err),
            crate::text::escape_controls(w)
        );
    }
    result.map_err(|e| Failure::message(e.to_string()))
}

enum SignFailure {
    Findings(Vec<Finding>),
    Fatal(String),
}

/// Rules whose errors a new signature replaces.
fn fixed_by_signing(f: &Finding) -> bool {
    matches!(f.rule.code, "APS0612" | "APS0613")
}

fn sign_package(pkg: &Path, signer: &Signer) -> Result<(), SignFailure> {
    let shown = pkg.display();
    let tree =
        crate::archive::read::read_zip(pkg).map_err(|e| SignFailure::Fatal(e.to_string()))?;
    if let Some(p) = tree.problems.first() {
        let member = p.path.as_deref().unwrap_or("(archive)");
        return Err(SignFailure::Fatal(format!(
            "{shown}: cannot read `{}`: {}",
            member.escape_debug(),
            p.message
        )));
    }
    let errors: Vec<Finding> = crate::lint::lint(&tree)
        .into_iter()
        .filter(|f| f.severity == Severity::Error && !fixed_by_signing(f))
        .collect();
    if !errors.is_empty() {
        return Err(SignFailure::Findings(errors));
    }
    let Some(list) = tree.bytes(APP_LIST) else {
        return Err(SignFailure::Fatal(format!("{shown} has no APP-LIST.xml")));
    };
    let signed =
        dsig::sign(list, signer).map_err(|e| SignFailure::Fatal(format!("{shown}: {e}")))?;
    let dir = match pkg.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let io_fail = |what: &str, e: io::Error| SignFailure::Fatal(format!("{shown}: {what}: {e}"));
    let tmp = tempfile::Builder::new()
        .prefix(".apspack-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| io_fail("cannot create a temporary file beside it", e))?;
    let file = rewrite(
        pkg,
        tmp.reopen()
            .map_err(|e| io_fail("cannot reopen the temporary file", e))?,
        &signed,
    )
    .map_err(|e| SignFailure::Fatal(format!("{shown}: {e}")))?;
    file.sync_all()
        .map_err(|e| io_fail("cannot flush the signed package", e))?;
    // Check what is about to replace the package, as `build` does.
    let check = crate::archive::read::read_zip(tmp.path()).map_err(|e| {
        SignFailure::Fatal(format!(
            "{shown}: the signed package cannot be read back: {e}"
        ))
    })?;
    let errors: Vec<Finding> = crate::lint::lint(&check)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        return Err(SignFailure::Findings(errors));
    }
    let sum_path = pkg.with_file_name(format!(
        "{}.sha256",
        pkg.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    let sum = if sum_path.is_file() {
        let bytes =
            std::fs::read(tmp.path()).map_err(|e| io_fail("cannot read the signed package", e))?;
        let name = pkg
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut s = tempfile::Builder::new()
            .prefix(".apspack-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| io_fail("cannot create a temporary file beside it", e))?;
        s.write_all(format!("{}  {name}\n", Digest::of(&bytes).hex()).as_bytes())
            .and_then(|()| s.as_file().sync_all())
            .map_err(|e| io_fail("cannot write the checksum", e))?;
        Some(s)
    } else {
        None
    };
    keep_mode(pkg, tmp.path());
    tmp.persist(pkg)
        .map_err(|e| io_fail("cannot replace the package", e.error))?;
    if let Some(s) = sum {
        s.persist(&sum_path).map_err(|e| {
            SignFailure::Fatal(format!(
                "{}: cannot replace the checksum: {}",
                sum_path.display(),
                e.error
            ))
        })?;
    }
    Ok(())
}

/// Gives the new file the permissions of the package it replaces.
fn keep_mode(from: &Path, to: &Path) {
    if let Ok(meta) = std::fs::metadata(from) {
        let _ = std::fs::set_permissions(to, meta.permissions());
    }
}

/// Copies the archive at `src` into `dst`, every member raw but APP-LIST.xml, which becomes
/// `list` with the member's own time, mode and compression method.
fn rewrite(src: &Path, dst: File, list: &[u8]) -> Result<File, String> {
    let input = File::open(src).map_err(|e| format!("cannot open: {e}"))?;
    let mut zin = ZipArchive::new(io::BufReader::new(input)).map_err(|e| e.to_string())?;
    let mut zout = ZipWriter::new(dst);
    let mut replaced = false;
    for i in 0..zin.len() {
        let member = zin.by_index_raw(i).map_err(|e| e.to_string())?;
        let is_list = member.name_raw() == APP_LIST.as_bytes();
        if is_list && !replaced {
            replaced = true;
            let mut opts = SimpleFileOptions::default()
                .system(zip::System::Unix)
                .unix_permissions(member.unix_mode().map_or(MODE_FILE, |m| m & 0o777))
                .large_file(false);
            if let Some(t) = member.last_modified() {
                opts = opts.last_modified_time(t);
            }
            opts = match member.compression() {
                CompressionMethod::Stored => opts.compression_method(CompressionMethod::Stored),
                _ => opts
                    .compression_method(CompressionMethod::Deflated)
                    .compression_level(Some(i64::from(DEFLATE_LEVEL))),
            };
            drop(member);
            zout.start_file(APP_LIST, opts).map_err(|e| e.to_string())?;
            zout.write_all(list).map_err(|e| e.to_string())?;
        } else {
            zout.raw_copy_file(member).map_err(|e| e.to_string())?;
        }
    }
    if !zin.comment().is_empty() {
        zout.set_raw_comment(zin.comment().to_vec().into_boxed_slice())
            .map_err(|e| e.to_string())?;
    }
    let mut file = zout.finish().map_err(|e| e.to_string())?;
    file.flush().map_err(|e| e.to_string())?;
    file.rewind().map_err(|e| e.to_string())?;
    Ok(file)
}

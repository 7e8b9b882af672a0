//! Deterministic `.app.zip` writer: fixed order, times, modes; no extra fields; atomic.
//!
//! The same [`PackageTree`] and [`Epoch`] always give the same bytes, whatever the host, its
//! clock, time zone or umask:
//!
//! * **Order.** `APP-LIST.xml`, then `APP-META.xml`, then every other entry sorted by the bytes
//!   of its zip name. Directory names end in `/`, so a directory sorts before its contents.
//!   A directory entry is written for every directory of the tree, explicit or implied by a
//!   file path.
//! * **Times.** Every entry carries the epoch (UTC, even second).
//! * **Modes.** "Made by" Unix. Directories `0755`. Files `0644`, except files under `scripts/`
//!   whose source mode has an execute bit, which get `0755`. Only the execute bit of the source
//!   is looked at: git keeps it, and no usual umask clears the owner's execute bit, so the
//!   output does not depend on the umask the sources were checked out with. Files outside
//!   `scripts/` are never executable, so a checkout on a file system that marks everything
//!   executable cannot change them.
//! * **Compression.** Deflate at level [`DEFLATE_LEVEL`]; empty files and already-compressed
//!   formats ([`STORED_EXTENSIONS`]) are stored.
//! * **Headers.** No extra fields (no 0x5455 time, no 0x7875 uid/gid), no Zip64, no data
//!   descriptors (the archive is written to a seekable file), no comments.
//!
//! Files on disk are streamed, never read whole, and are hashed while written: a file whose
//! bytes no longer match the size and SHA-256 recorded in the tree (changed during the build)
//! stops the write. The archive is written to a temporary file next to its destination and
//! renamed into place, with its `.sha256`, only when everything succeeded.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use crate::aps::{APP_LIST as LIST, APP_META as META};
use crate::epoch::Epoch;
use crate::progress::{Progress, Silent};
use crate::tree::{Content, Digest, Entry, EntryKind, PackageTree};

/// The deflate level every compressed entry uses (zlib's usual default).
pub const DEFLATE_LEVEL: i64 = 6;

/// File extensions (lowercase) whose content is already compressed; such files are stored.
/// PDF is deflated: many PDFs hold uncompressed parts.
pub const STORED_EXTENSIONS: &[&str] = &[
    "7z", "avif", "bz2", "gif", "gz", "jar", "jpeg", "jpg", "m4a", "mp3", "mp4", "ogg", "png",
    "tgz", "war", "webm", "webp", "woff", "woff2", "xz", "zip", "zst",
];

/// Mode of directories and executable scripts.
pub const MODE_EXEC: u32 = 0o755;
/// Mode of every other file.
pub const MODE_FILE: u32 = 0o644;

const BUF_LEN: usize = 64 * 1024;

/// Why an archive could not be written. Nothing is left behind when one is returned.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ArchiveError {
    /// Reading or writing a file failed.
    #[error("{}: {err}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What failed.
        err: io::Error,
    },
    /// The output directory exists but is not a directory.
    #[error("output directory {} is not a directory", path.display())]
    #[diagnostic(help("pass --out-dir a directory (it is created when missing)"))]
    OutDirNotDir {
        /// The path given as output directory.
        path: PathBuf,
    },
    /// The zip writer failed.
    #[error("cannot write {}: {err}", path.display())]
    Zip {
        /// The archive being written.
        path: PathBuf,
        /// What failed.
        err: zip::result::ZipError,
    },
    /// A file's bytes no longer match the size and SHA-256 recorded when it was read.
    #[error(
        "{entry}: {origin} changed while the package was built (expected {expected_size} bytes with SHA-256 {expected}, found {found_size} bytes with SHA-256 {found})"
    )]
    #[diagnostic(help("build again once nothing writes to the project's files"))]
    Changed {
        /// Path inside the package.
        entry: String,
        /// Where the bytes came from (a disk path, or "the in-memory copy").
        origin: String,
        /// Recorded size.
        expected_size: u64,
        /// Recorded digest (hex, or "none").
        expected: String,
        /// Size read now.
        found_size: u64,
        /// Digest of the bytes read now.
        found: Digest,
    },
    /// An entry's bytes were not kept when the tree was loaded.
    #[error("{path}: the content of this entry was not kept, so it cannot be archived")]
    Dropped {
        /// Path inside the package.
        path: String,
    },
    /// Only regular files and directories go into a package.
    #[error("{path}: a {kind} cannot be archived; only regular files and directories can")]
    Unsupported {
        /// Path inside the package.
        path: String,
        /// "symbolic link" or "special file".
        kind: &'static str,
    },
    /// An entry path that is not a plain relative `/` path.
    #[error(
        "{path:?}: not a relative `/`-separated path without empty, `.` or `..` parts; it cannot be archived"
    )]
    BadPath {
        /// Path inside the package.
        path: String,
    },
    /// The archive file name is not a plain file name.
    #[error("{name:?} is not a plain file name for the archive")]
    BadFileName {
        /// The name given.
        name: String,
    },
    /// The epoch cannot be written as a zip time (cannot happen for a clamped [`Epoch`]).
    #[error("the build time {0} cannot be stored in a zip archive")]
    Epoch(String),
}

/// One file written into the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    /// Path inside the package.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the bytes written.
    pub sha256: Digest,
}

/// A finished archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The `.app.zip` path.
    pub path: PathBuf,
    /// The `.sha256` path next to it.
    pub checksum_path: PathBuf,
    /// Archive size in bytes.
    pub size: u64,
    /// SHA-256 of the archive.
    pub sha256: Digest,
    /// Regular files in archive order (directories are not listed).
    pub files: Vec<WrittenFile>,
}

/// Writes `tree` to `out_dir/file_name` and `out_dir/file_name.sha256` (`sha256sum` format),
/// creating `out_dir` if needed. Both files are written to temporary files in `out_dir` and
/// renamed into place only when everything succeeded: on error nothing is left behind and
/// existing files of those names are untouched.
pub fn write_atomic(
    tree: &PackageTree,
    out_dir: &Path,
    file_name: &str,
    epoch: Epoch,
) -> Result<Written, ArchiveError> {
    write_atomic_with(tree, out_dir, file_name, epoch, &Silent)
}

/// [`write_atomic`], reporting each file it compresses to `progress`.
pub fn write_atomic_with(
    tree: &PackageTree,
    out_dir: &Path,
    file_name: &str,
    epoch: Epoch,
    progress: &dyn Progress,
) -> Result<Written, ArchiveError> {
    check_file_name(file_name)?;
    zip_time(epoch)?;
    plan(tree)?;
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(ArchiveError::OutDirNotDir {
            path: out_dir.to_path_buf(),
        });
    }
    let created = first_missing(out_dir);
    let result = std::fs::create_dir_all(out_dir)
        .map_err(|err| io_err(out_dir, err))
        .and_then(|()| write_into(tree, out_dir, file_name, epoch, progress));
    if result.is_err()
        && let Some(top) = created
    {
        // Remove the directories this call created; `remove_dir` keeps any that are not empty.
        for dir in out_dir.ancestors() {
            if std::fs::remove_dir(dir).is_err() || dir == top {
                break;
            }
        }
    }
    result
}

/// The outermost ancestor of `dir` (or `dir` itself) that does not exist yet.
fn first_missing(dir: &Path) -> Option<PathBuf> {
    let mut missing = None;
    for d in dir.ancestors() {
        if d.as_os_str().is_empty() || d.exists() {
            break;
        }
        missing = Some(d.to_path_buf());
    }
    missing
}

fn write_into(
    tree: &PackageTree,
    out_dir: &Path,
    file_name: &str,
    epoch: Epoch,
    progress: &dyn Progress,
) -> Result<Written, ArchiveError> {
    let path = out_dir.join(file_name);
    let checksum_path = out_dir.join(format!("{file_name}.sha256"));

    let tmp = temp_file(out_dir)?;
    let tmp_path = tmp.path().to_path_buf();
    let (tmp, files) = write_zip_with(tree, tmp, epoch, &path, progress)?;
    let mut file = tmp.as_file();
    file.sync_all().map_err(|err| io_err(&tmp_path, err))?;
    file.seek(io::SeekFrom::Start(0))
        .map_err(|err| io_err(&tmp_path, err))?;
    let (size, sha256) = hash_reader(&mut file).map_err(|err| io_err(&tmp_path, err))?;

    let mut sum = temp_file(out_dir)?;
    let sum_tmp = sum.path().to_path_buf();
    sum.write_all(format!("{}  {}\n", sha256.hex(), file_name).as_bytes())
        .and_then(|()| sum.as_file().sync_all())
        .map_err(|err| io_err(&sum_tmp, err))?;

    // A directory in either place would fail its rename only after the other one replaced an
    // older build, which the clean-up below would then delete: refuse before renaming anything.
    for dest in [&path, &checksum_path] {
        if std::fs::symlink_metadata(dest).is_ok_and(|m| m.is_dir()) {
            return Err(io_err(
                dest,
                io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "a directory is in the way of the output file",
                ),
            ));
        }
    }
    tmp.persist(&path).map_err(|e| io_err(&path, e.error))?;
    if let Err(e) = sum.persist(&checksum_path) {
        // Do not leave an archive next to a checksum that does not describe it.
        let _ = std::fs::remove_file(&path);
        return Err(io_err(&checksum_path, e.error));
    }
    Ok(Written {
        path,
        checksum_path,
        size,
        sha256,
        files,
    })
}

/// Writes `tree` as a zip into `sink` and returns the sink with the files written. `name` is
/// the archive path used in error messages.
pub fn write_zip<W: Write + Seek>(
    tree: &PackageTree,
    sink: W,
    epoch: Epoch,
    name: &Path,
) -> Result<(W, Vec<WrittenFile>), ArchiveError> {
    write_zip_with(tree, sink, epoch, name, &Silent)
}

/// [`write_zip`], reporting each file it writes to `progress`.
pub fn write_zip_with<W: Write + Seek>(
    tree: &PackageTree,
    sink: W,
    epoch: Epoch,
    name: &Path,
    progress: &dyn Progress,
) -> Result<(W, Vec<WrittenFile>), ArchiveError> {
    let time = zip_time(epoch)?;
    let plan = plan(tree)?;
    let zip_err = |err| ArchiveError::Zip {
        path: name.to_path_buf(),
        err,
    };
    let base = SimpleFileOptions::default()
        .system(System::Unix)
        .last_modified_time(time)
        .large_file(false);
    let mut zip = ZipWriter::new(sink);
    let mut files = Vec::new();
    let total = plan.iter().filter(|i| matches!(i, Item::File(_))).count();
    progress.phase("compressing", Some(total as u64));
    let mut buf = vec![0u8; BUF_LEN];
    for item in plan {
        match item {
            Item::Dir(dir) => {
                let opts = base
                    .compression_method(CompressionMethod::Stored)
                    .unix_permissions(MODE_EXEC);
                zip.add_directory(dir, opts).map_err(zip_err)?;
            }
            Item::File(entry) => {
                let opts = base.unix_permissions(file_mode(entry));
                let opts = if stored(entry) {
                    opts.compression_method(CompressionMethod::Stored)
                } else {
                    opts.compression_method(CompressionMethod::Deflated)
                        .compression_level(Some(DEFLATE_LEVEL))
                };
                zip.start_file(entry.path.as_str(), opts).map_err(zip_err)?;
                files.push(copy_entry(entry, &mut zip, &mut buf, name)?);
                progress.step(&entry.path);
            }
        }
    }
    let sink = zip.finish().map_err(zip_err)?;
    progress.done();
    Ok((sink, files))
}

enum Item<'a> {
    Dir(String),
    File(&'a Entry),
}

/// The entries in archive order, with implied directories added.
fn plan(tree: &PackageTree) -> Result<Vec<Item<'_>>, ArchiveError> {
    let mut dirs: BTreeSet<String> = BTreeSet::new();
    let mut files: Vec<&Entry> = Vec::new();
    for e in tree.sorted() {
        let path = match e.kind {
            EntryKind::Dir => e.path.strip_suffix('/').unwrap_or(&e.path),
            _ => &e.path,
        };
        check_path(path)?;
        match e.kind {
            EntryKind::File if matches!(e.content, Content::Dropped) => {
                return Err(ArchiveError::Dropped {
                    path: e.path.clone(),
                });
            }
            EntryKind::File => files.push(e),
            EntryKind::Dir => {
                dirs.insert(format!("{path}/"));
            }
            EntryKind::Symlink => {
                return Err(ArchiveError::Unsupported {
                    path: e.path.clone(),
                    kind: "symbolic link",
                });
            }
            EntryKind::Other => {
                return Err(ArchiveError::Unsupported {
                    path: e.path.clone(),
                    kind: "special file",
                });
            }
        }
        let mut end = 0;
        while let Some(i) = path[end..].find('/') {
            end += i + 1;
            dirs.insert(path[..end].to_string());
        }
    }
    let first = |p: &str| p == LIST || p == META;
    let mut rest: Vec<(&[u8], Item<'_>)> = Vec::new();
    for d in &dirs {
        rest.push((d.as_bytes(), Item::Dir(d.clone())));
    }
    for f in files.iter().filter(|e| !first(&e.path)) {
        rest.push((f.path.as_bytes(), Item::File(f)));
    }
    rest.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = Vec::with_capacity(rest.len() + 2);
    for head in [LIST, META] {
        if let Some(e) = files.iter().find(|e| e.path == head) {
            out.push(Item::File(e));
        }
    }
    out.extend(rest.into_iter().map(|(_, item)| item));
    Ok(out)
}

fn check_path(path: &str) -> Result<(), ArchiveError> {
    let bad = path.is_empty()
        || path.contains('\\')
        || path.contains('\0')
        || path
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..");
    if bad {
        return Err(ArchiveError::BadPath {
            path: path.to_string(),
        });
    }
    Ok(())
}

fn check_file_name(name: &str) -> Result<(), ArchiveError> {
    if name.is_empty() || name == "." || name == ".." || name.contains(['/', '\\', '\0']) {
        return Err(ArchiveError::BadFileName {
            name: name.to_string(),
        });
    }
    Ok(())
}

/// `0755` for files under `scripts/` with an execute bit in their source mode, else `0644`.
pub fn file_mode(entry: &Entry) -> u32 {
    let exec = entry.mode.is_some_and(|m| m & 0o111 != 0);
    if exec && entry.path.starts_with("scripts/") {
        MODE_EXEC
    } else {
        MODE_FILE
    }
}

/// True when `entry` is stored rather than deflated: empty, or an already-compressed format.
pub fn stored(entry: &Entry) -> bool {
    if entry.size == 0 {
        return true;
    }
    let name = entry.path.rsplit('/').next().unwrap_or(&entry.path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => {
            let ext = ext.to_ascii_lowercase();
            STORED_EXTENSIONS.contains(&ext.as_str())
        }
        _ => false,
    }
}

fn zip_time(epoch: Epoch) -> Result<DateTime, ArchiveError> {
    let c = epoch.civil();
    u16::try_from(c.year)
        .ok()
        .and_then(|y| {
            DateTime::from_date_and_time(y, c.month, c.day, c.hour, c.minute, c.second).ok()
        })
        .ok_or_else(|| ArchiveError::Epoch(epoch.packaged()))
}

/// Copies one file's bytes into the open zip entry, hashing them, and checks them against the
/// size and digest the tree recorded.
fn copy_entry<W: Write + Seek>(
    entry: &Entry,
    zip: &mut ZipWriter<W>,
    buf: &mut [u8],
    archive: &Path,
) -> Result<WrittenFile, ArchiveError> {
    use sha2::Digest as _;
    let write_err = |err| io_err(archive, err);
    let mut hasher = sha2::Sha256::new();
    let (size, origin) = match &entry.content {
        Content::Memory(bytes) => {
            hasher.update(bytes);
            zip.write_all(bytes).map_err(write_err)?;
            (bytes.len() as u64, "the in-memory copy".to_string())
        }
        Content::Disk(disk) => {
            let mut file = File::open(disk).map_err(|err| io_err(disk, err))?;
            let mut total = 0u64;
            loop {
                let n = match file.read(buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(err) => return Err(io_err(disk, err)),
                };
                hasher.update(&buf[..n]);
                zip.write_all(&buf[..n]).map_err(write_err)?;
                total += n as u64;
            }
            (total, disk.display().to_string())
        }
        Content::Dropped => {
            return Err(ArchiveError::Dropped {
                path: entry.path.clone(),
            });
        }
    };
    let found = Digest(hasher.finalize().into());
    if size != entry.size || entry.sha256.is_some_and(|d| d != found) {
        return Err(ArchiveError::Changed {
            entry: entry.path.clone(),
            origin,
            expected_size: entry.size,
            expected: entry.sha256.map_or_else(|| "none".to_string(), |d| d.hex()),
            found_size: size,
            found,
        });
    }
    Ok(WrittenFile {
        path: entry.path.clone(),
        size,
        sha256: found,
    })
}

fn hash_reader(r: &mut dyn Read) -> io::Result<(u64, Digest)> {
    use sha2::Digest as _;
    let mut hasher = sha2::Sha256::new();
    let mut buf = vec![0u8; BUF_LEN];
    let mut total = 0u64;
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((total, Digest(hasher.finalize().into())))
}

/// A temporary file in `dir`, created with the mode an ordinary new file gets (0666 less the
/// umask) so the renamed archive is as readable as any other build output.
fn temp_file(dir: &Path) -> Result<tempfile::NamedTempFile, ArchiveError> {
    let mut b = tempfile::Builder::new();
    b.prefix(".apspack-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b.tempfile_in(dir).map_err(|err| io_err(dir, err))
}

fn io_err(path: &Path, err: io::Error) -> ArchiveError {
    ArchiveError::Io {
        path: path.to_path_buf(),
        err,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::tree::Origin;
    use std::io::Cursor;

    /// A local file header as stored.
    #[derive(Debug)]
    pub(crate) struct Local {
        pub name: String,
        pub flags: u16,
        pub method: u16,
        pub time: u16,
        pub date: u16,
        pub extra_len: u16,
    }

    /// A central directory header as stored.
    #[derive(Debug)]
    pub(crate) struct Central {
        pub name: String,
        pub made_by: u16,
        pub method: u16,
        pub time: u16,
        pub date: u16,
        pub extra_len: u16,
        pub comment_len: u16,
        pub external: u32,
    }

    fn u16_at(b: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([b[at], b[at + 1]])
    }

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }

    /// Walks the local headers from the start of the archive (possible because sizes are in
    /// the headers: no data descriptors).
    pub(crate) fn local_headers(b: &[u8]) -> Vec<Local> {
        let mut out = Vec::new();
        let mut at = 0;
        while u32_at(b, at) == 0x0403_4b50 {
            let csize = u32_at(b, at + 18) as usize;
            let name_len = u16_at(b, at + 26) as usize;
            let extra_len = u16_at(b, at + 28);
            out.push(Local {
                name: String::from_utf8_lossy(&b[at + 30..at + 30 + name_len]).into_owned(),
                flags: u16_at(b, at + 6),
                method: u16_at(b, at + 8),
                time: u16_at(b, at + 10),
                date: u16_at(b, at + 12),
                extra_len,
            });
            at += 30 + name_len + extra_len as usize + csize;
        }
        assert_eq!(u32_at(b, at), 0x0201_4b50, "central directory follows");
        out
    }

    /// Reads the central directory found through the end record.
    pub(crate) fn central_headers(b: &[u8]) -> Vec<Central> {
        let eocd = b.len() - 22;
        assert_eq!(u32_at(b, eocd), 0x0605_4b50, "no archive comment");
        let count = u16_at(b, eocd + 10) as usize;
        let mut at = u32_at(b, eocd + 16) as usize;
        let mut out = Vec::new();
        for _ in 0..count {
            assert_eq!(u32_at(b, at), 0x0201_4b50);
            let name_len = u16_at(b, at + 28) as usize;
            let extra_len = u16_at(b, at + 30);
            let comment_len = u16_at(b, at + 32);
            out.push(Central {
                name: String::from_utf8_lossy(&b[at + 46..at + 46 + name_len]).into_owned(),
                made_by: u16_at(b, at + 4),
                method: u16_at(b, at + 10),
                time: u16_at(b, at + 12),
                date: u16_at(b, at + 14),
                extra_len,
                comment_len,
                external: u32_at(b, at + 38),
            });
            at += 46 + name_len + extra_len as usize + comment_len as usize;
        }
        out
    }

    fn with_mode(mut e: Entry, mode: u32) -> Entry {
        e.mode = Some(mode);
        e
    }

    fn sample() -> PackageTree {
        let mut t = PackageTree::new(Origin::Project("p".into()));
        t.push(Entry::memory("scripts/app.php", b"<?php echo 1;".to_vec()));
        t.push(with_mode(
            Entry::memory("scripts/run.sh", b"#!/bin/sh\n".to_vec()),
            0o100_700,
        ));
        t.push(with_mode(
            Entry::memory("doc/readme.txt", b"read me".to_vec()),
            0o100_777,
        ));
        t.push(Entry::memory("doc/empty.txt", Vec::new()));
        t.push(Entry::memory(
            "images/icon.PNG",
            vec![0x89, b'P', b'N', b'G'],
        ));
        t.push(Entry::memory("scripts-x/a", b"a".to_vec()));
        t.push(Entry::dir("ui"));
        t.push(Entry::memory("APP-META.xml", b"<application/>".to_vec()));
        t.push(Entry::memory("APP-LIST.xml", b"<files/>".to_vec()));
        t
    }

    fn zip_bytes(t: &PackageTree, epoch: Epoch) -> Vec<u8> {
        let (cur, _) =
            write_zip(t, Cursor::new(Vec::new()), epoch, Path::new("t.app.zip")).expect("writes");
        cur.into_inner()
    }

    fn dos(epoch: Epoch) -> (u16, u16) {
        let d = zip_time(epoch).expect("valid");
        (d.timepart(), d.datepart())
    }

    #[test]
    fn order_times_modes_and_headers_are_fixed() {
        let epoch = Epoch::from_secs(1_700_000_000);
        let b = zip_bytes(&sample(), epoch);
        let locals = local_headers(&b);
        let names: Vec<_> = locals.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "APP-LIST.xml",
                "APP-META.xml",
                "doc/",
                "doc/empty.txt",
                "doc/readme.txt",
                "images/",
                "images/icon.PNG",
                "scripts-x/",
                "scripts-x/a",
                "scripts/",
                "scripts/app.php",
                "scripts/run.sh",
                "ui/",
            ]
        );
        let (time, date) = dos(epoch);
        assert_eq!((date >> 9) + 1980, 2023);
        for l in &locals {
            assert_eq!((l.time, l.date), (time, date), "{}", l.name);
            assert_eq!(l.extra_len, 0, "{}: extra fields", l.name);
            assert_eq!(l.flags & 0x0008, 0, "{}: data descriptor", l.name);
            let expect = match l.name.as_str() {
                n if n.ends_with('/') => 0,
                "doc/empty.txt" | "images/icon.PNG" => 0,
                _ => 8,
            };
            assert_eq!(l.method, expect, "{}: method", l.name);
        }
        let centrals = central_headers(&b);
        assert_eq!(centrals.len(), locals.len());
        for (c, l) in centrals.iter().zip(&locals) {
            assert_eq!(c.name, l.name);
            assert_eq!(c.made_by >> 8, 3, "{}: made by Unix", c.name);
            assert_eq!((c.time, c.date), (time, date));
            assert_eq!((c.extra_len, c.comment_len), (0, 0), "{}", c.name);
            assert_eq!(c.method, l.method);
            let mode = c.external >> 16;
            let expect = match c.name.as_str() {
                n if n.ends_with('/') => 0o040_755,
                "scripts/run.sh" => 0o100_755,
                _ => 0o100_644,
            };
            assert_eq!(mode, expect, "{}: mode {mode:o}", c.name);
        }
    }

    #[test]
    fn same_input_same_bytes_and_the_epoch_matters() {
        let a = zip_bytes(&sample(), Epoch::default());
        let b = zip_bytes(&sample(), Epoch::default());
        assert_eq!(a, b);
        let c = zip_bytes(&sample(), Epoch::from_secs(1_700_000_000));
        assert_ne!(a, c);
        // Insertion order of the tree does not matter.
        let mut rev = PackageTree::new(Origin::Project("p".into()));
        let entries: Vec<Entry> = sample().entries().iter().rev().cloned().collect();
        for e in entries {
            rev.push(e);
        }
        assert_eq!(zip_bytes(&rev, Epoch::default()), a);
    }

    #[test]
    fn stored_and_mode_choices() {
        let e = |p: &str, size: usize| Entry::memory(p, vec![1u8; size]);
        assert!(stored(&e("a.png", 3)));
        assert!(stored(&e("x/b.WOFF2", 3)));
        assert!(stored(&e("c.txt", 0)));
        assert!(!stored(&e("d.pdf", 3)));
        assert!(!stored(&e("x/.png", 3)));
        assert!(!stored(&e("png", 3)));
        assert_eq!(file_mode(&with_mode(e("scripts/a", 1), 0o100_744)), 0o755);
        assert_eq!(file_mode(&with_mode(e("ui/a.js", 1), 0o100_755)), 0o644);
        assert_eq!(file_mode(&with_mode(e("scripts/b", 1), 0o100_666)), 0o644);
        assert_eq!(file_mode(&e("scripts/c", 1)), 0o644);
    }

    #[test]
    fn atomic_write_produces_zip_and_checksum() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("dist/nested");
        let w = write_atomic(&sample(), &out, "X-1-1.app.zip", Epoch::default()).expect("ok");
        assert_eq!(w.path, out.join("X-1-1.app.zip"));
        let bytes = std::fs::read(&w.path).expect("zip");
        assert_eq!(w.size, bytes.len() as u64);
        assert_eq!(w.sha256, Digest::of(&bytes));
        let sum = std::fs::read_to_string(&w.checksum_path).expect("sum");
        assert_eq!(
            sum,
            format!("{}  X-1-1.app.zip\n", Digest::of(&bytes).hex())
        );
        let names: Vec<_> = w.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(names[..2], ["APP-LIST.xml", "APP-META.xml"]);
        assert_eq!(w.files.len(), 8);
        let php = w
            .files
            .iter()
            .find(|f| f.path == "scripts/app.php")
            .expect("listed");
        assert_eq!(php.size, 13);
        assert_eq!(php.sha256, Digest::of(b"<?php echo 1;"));
        let mut left: Vec<_> = std::fs::read_dir(&out)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["X-1-1.app.zip", "X-1-1.app.zip.sha256"]);
    }

    #[test]
    fn disk_files_are_streamed_and_checked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let src = dir.path().join("big.bin");
        let data: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&src, &data).expect("write");
        let mut t = sample();
        t.push(Entry::from_disk("scripts/big.bin", &src).expect("read"));
        let out = dir.path().join("out");
        let w = write_atomic(&t, &out, "ok.app.zip", Epoch::default()).expect("written");
        let f = w
            .files
            .iter()
            .find(|f| f.path == "scripts/big.bin")
            .expect("in");
        assert_eq!((f.size, f.sha256), (300_000, Digest::of(&data)));
        let mut archive = zip::ZipArchive::new(File::open(&w.path).expect("open")).expect("a zip");
        let mut back = Vec::new();
        archive
            .by_name("scripts/big.bin")
            .expect("member")
            .read_to_end(&mut back)
            .expect("inflates");
        assert_eq!(back, data);
    }

    #[test]
    fn a_failed_write_leaves_nothing_and_keeps_old_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let src = dir.path().join("changing.txt");
        std::fs::write(&src, b"before").expect("write");
        let mut t = sample();
        t.push(Entry::from_disk("doc/changing.txt", &src).expect("read"));
        std::fs::write(&src, b"after!").expect("change");
        let out = dir.path().join("out");
        std::fs::write(&out, b"a file").expect("file");
        let e = write_atomic(&t, &out, "X.app.zip", Epoch::default()).expect_err("a file");
        assert!(matches!(e, ArchiveError::OutDirNotDir { .. }), "{e}");
        std::fs::remove_file(&out).expect("rm");
        std::fs::create_dir(&out).expect("mkdir");
        std::fs::write(out.join("X.app.zip"), b"old zip").expect("old");
        std::fs::write(out.join("X.app.zip.sha256"), b"old sum").expect("old");
        let e = write_atomic(&t, &out, "X.app.zip", Epoch::default()).expect_err("changed");
        assert!(matches!(e, ArchiveError::Changed { .. }), "{e}");
        assert!(e.to_string().contains("doc/changing.txt"), "{e}");
        assert_eq!(
            std::fs::read(out.join("X.app.zip")).expect("kept"),
            b"old zip"
        );
        assert_eq!(
            std::fs::read(out.join("X.app.zip.sha256")).expect("kept"),
            b"old sum"
        );
        assert_eq!(std::fs::read_dir(&out).expect("dir").count(), 2);

        // Dropped content and symlinks cannot be written; nothing appears.
        let empty = dir.path().join("empty");
        let mut t = sample();
        let mut d = Entry::memory("doc/gone.txt", b"x".to_vec());
        d.content = Content::Dropped;
        t.push(d);
        let e = write_atomic(&t, &empty, "Y.app.zip", Epoch::default()).expect_err("dropped");
        assert!(matches!(e, ArchiveError::Dropped { .. }), "{e}");
        assert!(!empty.exists());
        let mut t = sample();
        let mut l = Entry::dir("ui/link");
        l.kind = EntryKind::Symlink;
        t.push(l);
        let e = write_atomic(&t, &empty, "Y.app.zip", Epoch::default()).expect_err("link");
        assert!(matches!(e, ArchiveError::Unsupported { .. }), "{e}");
        assert!(!empty.exists());

        // A failure during the write removes the output directories it created, and only those.
        let nested = dir.path().join("made/by/write");
        std::fs::write(&src, b"before").expect("write");
        let mut t = sample();
        t.push(Entry::from_disk("doc/changing.txt", &src).expect("read"));
        std::fs::write(&src, b"after!").expect("change");
        let e = write_atomic(&t, &nested, "Z.app.zip", Epoch::default()).expect_err("changed");
        assert!(matches!(e, ArchiveError::Changed { .. }), "{e}");
        assert!(!dir.path().join("made").exists());
        assert!(dir.path().exists());
    }

    #[test]
    fn a_directory_in_the_checksum_s_place_keeps_the_old_archive() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path();
        std::fs::write(out.join("X.app.zip"), b"old zip").expect("old");
        std::fs::create_dir(out.join("X.app.zip.sha256")).expect("mkdir");
        let e = write_atomic(&sample(), out, "X.app.zip", Epoch::default()).expect_err("a dir");
        assert!(e.to_string().contains("X.app.zip.sha256"), "{e}");
        assert_eq!(
            std::fs::read(out.join("X.app.zip")).expect("old archive kept"),
            b"old zip"
        );
        assert_eq!(
            std::fs::read_dir(out).expect("dir").count(),
            2,
            "no temp left"
        );
    }

    #[test]
    fn bad_names_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in ["", "a/b.app.zip", "..", "x\\y.zip"] {
            let e = write_atomic(&sample(), dir.path(), name, Epoch::default());
            assert!(
                matches!(e, Err(ArchiveError::BadFileName { .. })),
                "{name:?}"
            );
        }
        for path in ["../evil", "/abs", "a//b", "a/./b", "dir/"] {
            let mut t = sample();
            t.push(Entry::memory(path, b"x".to_vec()));
            let e = write_zip(
                &t,
                Cursor::new(Vec::new()),
                Epoch::default(),
                Path::new("t"),
            );
            assert!(matches!(e, Err(ArchiveError::BadPath { .. })), "{path:?}");
        }
    }
}

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
//! * **Compression.** Empty files are stored. Any other file is deflated at level
//!   [`LEVEL`](super::deflate::LEVEL) when deflating its first 64 KiB saves at least 2%, else stored: the choice
//!   depends on the content alone, never on the file name or the machine. Files are compressed
//!   in parallel, big ones in 1 MiB pieces joined into one deflate stream
//!   ([`deflate`](super::deflate), [`pipeline`](super::pipeline)); the bytes are the same with
//!   one thread or many.
//! * **Headers.** No extra fields (no 0x5455 time, no 0x7875 uid/gid), no Zip64, no data
//!   descriptors (the archive is written to a seekable file), no comments
//!   ([`headers`](super::headers)).
//!
//! Files on disk are read once, in pieces, never whole, and are hashed while written: a file
//! whose bytes no longer match the size and SHA-256 recorded in the tree (changed during the
//! build) stops the write. The archive is written to a temporary file next to its destination and
//! renamed into place, with its `.sha256`, only when everything succeeded.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

use zip::DateTime;

use super::headers::{self, DEFLATED, LOCAL_CRC_AT, MAX_ENTRIES, MAX_FIELD, Member, STORED};
use super::pipeline;
use crate::aps::{APP_LIST as LIST, APP_META as META};
use crate::epoch::Epoch;
use crate::progress::{Progress, Silent};
use crate::tree::{Content, Digest, Entry, EntryKind, PackageTree};

/// Mode of directories and executable scripts.
pub const MODE_EXEC: u32 = 0o755;
/// Mode of every other file.
pub const MODE_FILE: u32 = 0o644;

const BUF_LEN: usize = 64 * 1024;
const OUT_BUF_LEN: usize = 256 * 1024;
const S_IFREG: u32 = 0o100_000;
const S_IFDIR: u32 = 0o040_000;

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
    /// A file or the whole archive is too large for a ZIP without Zip64.
    #[error(
        "{what}: cannot be archived, {why}; an APS package is a ZIP without Zip64, limited to 4 GiB and {MAX_ENTRIES} entries"
    )]
    #[diagnostic(help("leave large files out of the package with [files] exclude in aps.toml"))]
    TooLarge {
        /// The entry, or the archive.
        what: String,
        /// Which limit.
        why: String,
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
    /// The archive would be past one of the limits `apspack lint` applies.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Limit(#[from] crate::limits::LimitError),
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
    /// Deflated (else stored), as the writer decided from the content.
    pub deflated: bool,
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
/// creating `out_dir` if needed, with [`default_jobs`] compression threads. Both files are
/// written to temporary files in `out_dir` and renamed into place only when everything
/// succeeded: on error nothing is left behind and existing files of those names are untouched.
pub fn write_atomic(
    tree: &PackageTree,
    out_dir: &Path,
    file_name: &str,
    epoch: Epoch,
) -> Result<Written, ArchiveError> {
    write_atomic_with(tree, out_dir, file_name, epoch, &Silent, default_jobs())
}

/// [`write_atomic`] with `jobs` compression threads, reporting each file it compresses to
/// `progress`. The bytes do not depend on `jobs`.
pub fn write_atomic_with(
    tree: &PackageTree,
    out_dir: &Path,
    file_name: &str,
    epoch: Epoch,
    progress: &dyn Progress,
    jobs: usize,
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
        .and_then(|()| write_into(tree, out_dir, file_name, epoch, progress, jobs));
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
    jobs: usize,
) -> Result<Written, ArchiveError> {
    let path = out_dir.join(file_name);
    let checksum_path = out_dir.join(format!("{file_name}.sha256"));

    // Under the directory lock: temporary files of dead builds are removed, and this build's
    // two are created and locked, so no other build can take them for stale.
    let (tmp, mut sum) = {
        let _dir = DirLock::acquire(out_dir);
        remove_stale_temps(out_dir);
        (temp_file(out_dir)?, temp_file(out_dir)?)
    };
    let tmp_path = tmp.path().to_path_buf();
    let sum_tmp = sum.path().to_path_buf();
    // A failed write (a full disk) must not make the zip writer print its own dump of the
    // error when it is dropped: the sink goes quiet after its first failure.
    let (tmp, files) = write_zip_with(tree, Quiet::new(tmp), epoch, &path, progress, jobs)?;
    let tmp = tmp.into_inner();
    let mut file = tmp.file.as_file();
    check_ratios(file, &tmp_path)?;
    file.sync_all().map_err(|err| io_err(&tmp_path, err))?;
    file.seek(io::SeekFrom::Start(0))
        .map_err(|err| io_err(&tmp_path, err))?;
    let (size, sha256) = hash_reader(&mut file).map_err(|err| io_err(&tmp_path, err))?;

    sum.file
        .write_all(format!("{}  {}\n", sha256.hex(), file_name).as_bytes())
        .and_then(|()| sum.file.as_file().sync_all())
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
    // The pair is renamed into place under the directory lock, so concurrent builds into one
    // directory always leave an archive and the checksum of that archive; and under the
    // registry of live temporary files, so an interrupt waits for both renames or neither.
    let _dir = DirLock::acquire(out_dir);
    let mut live = live_temps();
    let archive = tmp.persist(&path, &mut live);
    if let Err(e) = archive {
        return Err(io_err(&path, e));
    }
    if let Err(e) = sum.persist(&checksum_path, &mut live) {
        // Do not leave an archive next to a checksum that does not describe it.
        let _ = std::fs::remove_file(&path);
        return Err(io_err(&checksum_path, e));
    }
    drop(live);
    Ok(Written {
        path,
        checksum_path,
        size,
        sha256,
        files,
    })
}

/// Writes `tree` as a zip into `sink` with [`default_jobs`] compression threads and returns
/// the sink with the files written. `name` is the archive path used in error messages.
pub fn write_zip<W: Write + Seek>(
    tree: &PackageTree,
    sink: W,
    epoch: Epoch,
    name: &Path,
) -> Result<(W, Vec<WrittenFile>), ArchiveError> {
    write_zip_with(tree, sink, epoch, name, &Silent, default_jobs())
}

/// [`write_zip`] with `jobs` compression threads, reporting each file it writes to `progress`.
/// The bytes do not depend on `jobs`.
pub fn write_zip_with<W: Write + Seek>(
    tree: &PackageTree,
    sink: W,
    epoch: Epoch,
    name: &Path,
    progress: &dyn Progress,
    jobs: usize,
) -> Result<(W, Vec<WrittenFile>), ArchiveError> {
    let time = zip_time(epoch)?;
    let plan = plan(tree)?;
    let mut out = Out {
        w: BufWriter::with_capacity(OUT_BUF_LEN, sink),
        at: 0,
        central: Vec::new(),
        count: 0,
        name,
        time: (time.timepart(), time.datepart()),
    };
    // Where each file sits in the plan, so the directories before it are written first.
    let mut positions = Vec::new();
    let mut entries = Vec::new();
    for (i, item) in plan.iter().enumerate() {
        if let Item::File(e) = item {
            positions.push(i);
            entries.push(*e);
        }
    }
    let mut next_item = 0;
    let mut open: Option<Open> = None;
    let mut files = Vec::with_capacity(entries.len());
    progress.phase("compressing", Some(entries.len() as u64));
    pipeline::run(&entries, jobs, name, |piece| {
        let entry = entries[piece.file];
        if piece.first {
            while next_item < positions[piece.file] {
                if let Item::Dir(d) = &plan[next_item] {
                    out.dir(d)?;
                }
                next_item += 1;
            }
            next_item += 1;
            open = Some(out.start(entry, piece)?);
        }
        let Some(member) = open.as_mut() else {
            return Err(internal(
                name,
                "a piece arrived before its member's first piece",
            ));
        };
        member.add(piece);
        out.write(piece.stored_bytes())?;
        if piece.last {
            let member = open
                .take()
                .ok_or_else(|| internal(name, "no open member"))?;
            files.push(out.finish_member(entry, member)?);
            progress.step(&entry.path);
        }
        Ok(())
    })?;
    if files.len() != entries.len() {
        return Err(internal(name, "not every file was written"));
    }
    for item in &plan[next_item..] {
        if let Item::Dir(d) = item {
            out.dir(d)?;
        }
    }
    let sink = out.finish()?;
    progress.done();
    Ok((sink, files))
}

/// The number of compression threads used when none is given: the number of CPUs available.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// The archive being written: offsets, and the central directory kept until the end.
struct Out<'a, W: Write + Seek> {
    w: BufWriter<W>,
    at: u64,
    central: Vec<u8>,
    count: usize,
    name: &'a Path,
    time: (u16, u16),
}

/// A member whose pieces are being written.
struct Open {
    header: Member,
    /// The local header still holds placeholder sums, to patch at the end.
    patch: bool,
    crc: crc32fast::Hasher,
    compressed: u64,
    size: u64,
    sha: Option<sha2::Sha256>,
    digest: Option<Digest>,
}

impl Open {
    fn add(&mut self, piece: &pipeline::Piece) {
        use sha2::Digest as _;
        self.crc.combine(&piece.crc);
        self.compressed += piece.stored_bytes().len() as u64;
        self.size += piece.data.len() as u64;
        if let Some(sha) = &mut self.sha {
            sha.update(&piece.data);
        }
        if piece.sha.is_some() {
            self.digest = piece.sha;
        }
    }
}

impl<W: Write + Seek> Out<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> Result<(), ArchiveError> {
        self.w
            .write_all(bytes)
            .map_err(|err| io_err(self.name, err))?;
        self.at += bytes.len() as u64;
        Ok(())
    }

    fn member(&mut self, name: &str, method: u16, mode: u32) -> Result<Member, ArchiveError> {
        self.count += 1;
        if self.count > MAX_ENTRIES {
            return Err(ArchiveError::TooLarge {
                what: self.name.display().to_string(),
                why: format!("more than {MAX_ENTRIES} entries"),
            });
        }
        Ok(Member {
            name: name.to_string(),
            method,
            time: self.time.0,
            date: self.time.1,
            crc: 0,
            compressed: 0,
            size: 0,
            mode,
            offset: self.offset(name)?,
        })
    }

    fn offset(&self, what: &str) -> Result<u32, ArchiveError> {
        u32::try_from(self.at)
            .ok()
            .filter(|&at| u64::from(at) <= MAX_FIELD)
            .ok_or_else(|| ArchiveError::TooLarge {
                what: what.to_string(),
                why: "it would start beyond 4 GiB into the archive".to_string(),
            })
    }

    fn dir(&mut self, name: &str) -> Result<(), ArchiveError> {
        let m = self.member(name, STORED, S_IFDIR | MODE_EXEC)?;
        self.write(&m.local())?;
        m.central(&mut self.central);
        Ok(())
    }

    fn start(&mut self, entry: &Entry, first: &pipeline::Piece) -> Result<Open, ArchiveError> {
        let method = if first.deflated { DEFLATED } else { STORED };
        let mut header = self.member(&entry.path, method, S_IFREG | file_mode(entry))?;
        let whole = first.last;
        if whole {
            // Everything is known: write the final header at once.
            header.crc = first.crc.clone().finalize();
            header.compressed = field(&entry.path, first.stored_bytes().len() as u64)?;
            header.size = field(&entry.path, first.data.len() as u64)?;
        }
        self.write(&header.local())?;
        Ok(Open {
            header,
            patch: !whole,
            crc: crc32fast::Hasher::new(),
            compressed: 0,
            size: 0,
            sha: (!whole).then(<sha2::Sha256 as sha2::Digest>::new),
            digest: None,
        })
    }

    fn finish_member(&mut self, entry: &Entry, mut m: Open) -> Result<WrittenFile, ArchiveError> {
        let found = match (m.digest, m.sha.take()) {
            (Some(d), _) => d,
            (None, Some(sha)) => Digest(sha2::Digest::finalize(sha).into()),
            (None, None) => return Err(internal(self.name, "a member without a digest")),
        };
        if m.size != entry.size || entry.sha256.is_some_and(|d| d != found) {
            let origin = match &entry.content {
                Content::Disk(p) => p.display().to_string(),
                _ => "the in-memory copy".to_string(),
            };
            return Err(changed_error(entry, origin, m.size, found));
        }
        m.header.crc = m.crc.finalize();
        m.header.compressed = field(&entry.path, m.compressed)?;
        m.header.size = field(&entry.path, m.size)?;
        if m.patch {
            let at = u64::from(m.header.offset) + LOCAL_CRC_AT;
            let end = self.at;
            self.w
                .seek(io::SeekFrom::Start(at))
                .and_then(|_| self.w.write_all(&m.header.sums()))
                .and_then(|()| self.w.seek(io::SeekFrom::Start(end)))
                .map_err(|err| io_err(self.name, err))?;
        }
        m.header.central(&mut self.central);
        Ok(WrittenFile {
            path: entry.path.clone(),
            size: m.size,
            sha256: found,
            deflated: m.header.method == DEFLATED,
        })
    }

    fn finish(mut self) -> Result<W, ArchiveError> {
        let central_at = self.offset("the central directory")?;
        let central = std::mem::take(&mut self.central);
        self.write(&central)?;
        let len = field("the central directory", central.len() as u64)?;
        // `member` keeps the count within MAX_ENTRIES.
        let count = u16::try_from(self.count).unwrap_or(u16::MAX);
        self.write(&headers::end(count, len, central_at))?;
        let name = self.name;
        self.w
            .into_inner()
            .map_err(|e| io_err(name, e.into_error()))
    }
}

/// `value` as a classic 32-bit ZIP field, or [`ArchiveError::TooLarge`].
fn field(what: &str, value: u64) -> Result<u32, ArchiveError> {
    u32::try_from(value)
        .ok()
        .filter(|&v| u64::from(v) <= MAX_FIELD)
        .ok_or_else(|| ArchiveError::TooLarge {
            what: what.to_string(),
            why: format!("{value} bytes is more than 4 GiB"),
        })
}

fn internal(archive: &Path, what: &str) -> ArchiveError {
    io_err(archive, io::Error::other(format!("internal error: {what}")))
}

/// The error for a file whose bytes are no longer those recorded in the tree.
pub(crate) fn changed_error(
    entry: &Entry,
    origin: String,
    found_size: u64,
    found: Digest,
) -> ArchiveError {
    ArchiveError::Changed {
        entry: entry.path.clone(),
        origin,
        expected_size: entry.size,
        expected: entry.sha256.map_or_else(|| "none".to_string(), |d| d.hex()),
        found_size,
        found,
    }
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
        if path.len() >= usize::from(u16::MAX) {
            return Err(ArchiveError::TooLarge {
                what: format!("{}...", path.chars().take(60).collect::<String>()),
                why: format!("its name of {} bytes is longer than 65,534", path.len()),
            });
        }
        if e.kind == EntryKind::File {
            field(&e.path, e.size)?;
        }
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
    if out.len() > MAX_ENTRIES {
        return Err(ArchiveError::TooLarge {
            what: "the package".to_string(),
            why: format!("{} entries is more than {MAX_ENTRIES}", out.len()),
        });
    }
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

fn zip_time(epoch: Epoch) -> Result<DateTime, ArchiveError> {
    let c = epoch.civil();
    u16::try_from(c.year)
        .ok()
        .and_then(|y| {
            DateTime::from_date_and_time(y, c.month, c.day, c.hour, c.minute, c.second).ok()
        })
        .ok_or_else(|| ArchiveError::Epoch(epoch.packaged()))
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

/// Refuses an archive with a member that expands more than the reader accepts (a file of
/// zeros deflates a thousandfold), read back from its central directory.
fn check_ratios(file: &File, path: &Path) -> Result<(), ArchiveError> {
    let mut reader = file.try_clone().map_err(|err| io_err(path, err))?;
    reader
        .seek(io::SeekFrom::Start(0))
        .map_err(|err| io_err(path, err))?;
    let zip = zip::ZipArchive::new(io::BufReader::new(reader))
        .map_err(|err| io_err(path, io::Error::other(err)))?;
    for i in 0..zip.len() {
        let Ok(m) = zip.by_index_data(i) else {
            continue;
        };
        if crate::limits::too_compressed(m.size(), m.compressed_size()) {
            return Err(crate::limits::LimitError::Ratio {
                path: String::from_utf8_lossy(m.name_raw()).into_owned(),
                size: m.size(),
                compressed: m.compressed_size(),
            }
            .into());
        }
    }
    Ok(())
}

/// Prefix of the temporary files a build writes into the output directory.
pub const TEMP_PREFIX: &str = ".apspack-";
/// Suffix of those temporary files.
pub const TEMP_SUFFIX: &str = ".tmp";

/// Temporary files of this process not yet renamed into place.
static LIVE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn live_temps() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Removes the temporary files this process has not renamed into place yet, for a handler of
/// SIGINT or SIGTERM that exits right after. The returned guard keeps the registry locked, so
/// a build cannot rename anything after it: an interrupt leaves both files of the pair
/// renamed, or neither.
pub fn abandon_temps() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    let mut live = live_temps();
    for path in live.drain(..) {
        let _ = std::fs::remove_file(path);
    }
    live
}

/// A temporary file of this build: registered for [`abandon_temps`] until it is renamed into
/// place, locked (an exclusive `flock`) for as long as the build runs so that other builds
/// leave it alone, and removed when dropped unless it was renamed. (A dropped file's path may
/// stay registered; removing it again on an interrupt is harmless.)
struct Temp {
    file: tempfile::NamedTempFile,
}

impl Temp {
    fn path(&self) -> &Path {
        self.file.path()
    }

    /// Renames the file to `dest` and forgets it; `live` is the locked registry.
    fn persist(self, dest: &Path, live: &mut Vec<PathBuf>) -> io::Result<()> {
        let path = self.file.path().to_path_buf();
        let result = self.file.persist(dest).map(drop).map_err(|e| e.error);
        live.retain(|p| *p != path);
        result
    }
}

/// Writes go to the file itself: the error message names the archive, not the temporary file.
impl Write for Temp {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_file_mut().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_file_mut().flush()
    }
}

impl Seek for Temp {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        self.file.as_file_mut().seek(pos)
    }
}

/// A temporary file in `dir`, created with the mode an ordinary new file gets (0666 less the
/// umask) so the renamed archive is as readable as any other build output; locked and
/// registered as a [`Temp`].
fn temp_file(dir: &Path) -> Result<Temp, ArchiveError> {
    let mut b = tempfile::Builder::new();
    b.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut live = live_temps();
    let file = b.tempfile_in(dir).map_err(|err| io_err(dir, err))?;
    // Where locks are not supported the file is simply not protected from other builds'
    // clean-up; it is never the reason a build fails.
    let _ = file.as_file().lock();
    live.push(file.path().to_path_buf());
    Ok(Temp { file })
}

/// Removes the temporary files in `dir` that no running build holds: those of a build that
/// was killed. A file whose lock cannot be taken belongs to a live build and is left alone.
fn remove_stale_temps(dir: &Path) {
    let Ok(items) = std::fs::read_dir(dir) else {
        return;
    };
    for item in items.flatten() {
        let name = item.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        if !item.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let Ok(file) = File::open(item.path()) else {
            continue;
        };
        if file.try_lock().is_ok() {
            let _ = std::fs::remove_file(item.path());
        }
    }
}

/// An exclusive lock on the output directory itself, held while temporary files are created
/// or swept and while the pair is renamed into place. Where a directory cannot be locked
/// (another platform, an odd file system) the build goes on without it.
struct DirLock(Option<File>);

impl DirLock {
    fn acquire(dir: &Path) -> DirLock {
        let file = File::open(dir).ok().filter(|f| f.lock().is_ok());
        DirLock(file)
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        if let Some(f) = &self.0 {
            let _ = f.unlock();
        }
    }
}

/// A sink that, once a write, flush or seek has failed, accepts and drops everything after
/// (keeping track of where it would be): the zip writer's own clean-up on drop then ends
/// quietly instead of printing a debug dump of the error, and the first error is the one
/// reported.
struct Quiet<W> {
    inner: W,
    failed: bool,
    /// The position, and the end of what was written, as the writer sees them.
    pos: u64,
    end: u64,
}

impl<W> Quiet<W> {
    fn new(inner: W) -> Quiet<W> {
        Quiet {
            inner,
            failed: false,
            pos: 0,
            end: 0,
        }
    }

    fn into_inner(self) -> W {
        self.inner
    }

    fn moved(&mut self, pos: u64) -> u64 {
        self.pos = pos;
        self.end = self.end.max(pos);
        pos
    }
}

impl<W: Write> Write for Quiet<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.failed {
            match self.inner.write(buf) {
                Ok(n) => {
                    self.moved(self.pos + n as u64);
                    return Ok(n);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => return Err(e),
                Err(e) => {
                    self.failed = true;
                    return Err(e);
                }
            }
        }
        self.moved(self.pos + buf.len() as u64);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed {
            return Ok(());
        }
        let r = self.inner.flush();
        self.failed = r.is_err();
        r
    }
}

impl<W: Seek> Seek for Quiet<W> {
    fn seek(&mut self, to: io::SeekFrom) -> io::Result<u64> {
        if !self.failed {
            match self.inner.seek(to) {
                Ok(p) => return Ok(self.moved(p)),
                Err(e) => {
                    self.failed = true;
                    return Err(e);
                }
            }
        }
        let base = match to {
            io::SeekFrom::Start(p) => return Ok(self.moved(p)),
            io::SeekFrom::Current(d) => self.pos.checked_add_signed(d),
            io::SeekFrom::End(d) => self.end.checked_add_signed(d),
        };
        Ok(self.moved(base.unwrap_or(0)))
    }
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
    use crate::archive::deflate::{CHUNK_LEN, PROBE_LEN};
    use crate::tree::Origin;
    use std::collections::BTreeMap;
    use std::fs::File;
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

    const PHP: &[u8] = b"<?php echo 1;\n";

    fn sample() -> PackageTree {
        let mut t = PackageTree::new(Origin::Project("p".into()));
        t.push(Entry::memory("scripts/app.php", PHP.repeat(20)));
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
            // Only the PHP script is long enough for deflate to pay.
            let expect = match l.name.as_str() {
                "scripts/app.php" => 8,
                _ => 0,
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
    fn mode_choices() {
        let e = |p: &str| Entry::memory(p, vec![1u8; 3]);
        assert_eq!(file_mode(&with_mode(e("scripts/a"), 0o100_744)), 0o755);
        assert_eq!(file_mode(&with_mode(e("ui/a.js"), 0o100_755)), 0o644);
        assert_eq!(file_mode(&with_mode(e("scripts/b"), 0o100_666)), 0o644);
        assert_eq!(file_mode(&e("scripts/c")), 0o644);
    }

    /// Deterministic pseudo-random bytes that deflate cannot shrink.
    fn noise(len: usize, seed: u64) -> Vec<u8> {
        let mut x = seed | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    }

    fn text(len: usize, seed: u64) -> Vec<u8> {
        let words: [&[u8]; 6] = [
            b"mail ",
            b"calendar ",
            b"<?php ",
            b"echo ",
            b"$ctx;\n",
            b"drive ",
        ];
        let mut x = seed | 1;
        let mut out = Vec::with_capacity(len + 16);
        while out.len() < len {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            out.extend_from_slice(words[(x >> 40) as usize % words.len()]);
        }
        out.truncate(len);
        out
    }

    #[test]
    fn the_method_follows_the_content_not_the_name() {
        let mut t = PackageTree::new(Origin::Project("p".into()));
        t.push(Entry::memory("images/really-text.png", text(10_000, 1)));
        t.push(Entry::memory("doc/really-noise.txt", noise(10_000, 2)));
        // Mostly noise, but its first 64 KiB are text: the probe decides for the whole file.
        let mut mixed = text(PROBE_LEN, 3);
        mixed.extend(noise(2 * CHUNK_LEN, 4));
        t.push(Entry::memory("doc/mixed.bin", mixed));
        let b = zip_bytes(&t, Epoch::default());
        let methods: Vec<(String, u16)> = local_headers(&b)
            .into_iter()
            .map(|l| (l.name, l.method))
            .collect();
        assert!(
            methods.contains(&("images/really-text.png".into(), 8)),
            "{methods:?}"
        );
        assert!(
            methods.contains(&("doc/really-noise.txt".into(), 0)),
            "{methods:?}"
        );
        assert!(
            methods.contains(&("doc/mixed.bin".into(), 8)),
            "{methods:?}"
        );
    }

    /// Files around the piece size, some text, some noise, on disk and in memory.
    fn chunky(dir: &Path) -> (PackageTree, Vec<(String, Vec<u8>)>) {
        let c = CHUNK_LEN;
        let contents: Vec<(String, Vec<u8>)> = vec![
            ("doc/empty.txt".into(), Vec::new()),
            ("doc/one.txt".into(), b"x".to_vec()),
            ("doc/probe.txt".into(), text(PROBE_LEN, 5)),
            ("doc/probe-plus-one.txt".into(), text(PROBE_LEN + 1, 6)),
            ("doc/chunk-less-one.txt".into(), text(c - 1, 7)),
            ("doc/chunk.txt".into(), text(c, 8)),
            ("doc/chunk-plus-one.txt".into(), text(c + 1, 9)),
            ("doc/two-chunks.txt".into(), text(2 * c, 10)),
            ("doc/three-and-a-half.txt".into(), text(3 * c + c / 2, 11)),
            ("images/noise.bin".into(), noise(2 * c + c / 2, 12)),
            ("images/small-noise.bin".into(), noise(5000, 13)),
        ];
        let mut t = sample();
        for (i, (path, bytes)) in contents.iter().enumerate() {
            if i % 2 == 0 {
                let disk = dir.join(format!("f{i}"));
                std::fs::write(&disk, bytes).expect("write");
                t.push(Entry::from_disk(path.as_str(), &disk).expect("read"));
            } else {
                t.push(Entry::memory(path.as_str(), bytes.clone()));
            }
        }
        (t, contents)
    }

    #[test]
    fn the_bytes_do_not_depend_on_the_number_of_jobs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (t, contents) = chunky(dir.path());
        let write = |jobs| {
            let (cur, files) = write_zip_with(
                &t,
                Cursor::new(Vec::new()),
                Epoch::default(),
                Path::new("t.app.zip"),
                &Silent,
                jobs,
            )
            .expect("writes");
            (cur.into_inner(), files)
        };
        let (one, files) = write(1);
        for jobs in [2, 3, 16, 64] {
            let (other, other_files) = write(jobs);
            assert!(other == one, "{jobs} jobs give other bytes");
            assert_eq!(other_files, files);
        }
        // Every member inflates to its bytes, with the size and digest reported.
        let mut archive = zip::ZipArchive::new(Cursor::new(&one)).expect("a zip");
        for (path, bytes) in &contents {
            let mut back = Vec::new();
            archive
                .by_name(path)
                .expect("member")
                .read_to_end(&mut back)
                .expect("inflates, CRC ok");
            assert!(back == *bytes, "{path}: other bytes");
            let f = files.iter().find(|f| &f.path == path).expect("listed");
            assert_eq!((f.size, f.sha256), (bytes.len() as u64, Digest::of(bytes)));
        }
        let methods: BTreeMap<String, u16> = local_headers(&one)
            .into_iter()
            .map(|l| (l.name, l.method))
            .collect();
        assert_eq!(methods["images/noise.bin"], 0);
        assert_eq!(methods["images/small-noise.bin"], 0);
        assert_eq!(methods["doc/empty.txt"], 0);
        assert_eq!(methods["doc/three-and-a-half.txt"], 8);
        assert_eq!(methods["doc/chunk.txt"], 8);
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
        assert_eq!(php.size, 20 * PHP.len() as u64);
        assert_eq!(php.sha256, Digest::of(&PHP.repeat(20)));
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

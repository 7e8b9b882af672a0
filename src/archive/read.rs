//! Safe `.app.zip` reader: entries to a PackageTree without extracting, with size caps.
//!
//! Each member is streamed once: hashed (SHA-256), its first [`HEAD_LEN`] bytes kept, and its
//! whole bytes kept only for metadata paths ([`is_metadata_path`]) no bigger than
//! [`MAX_METADATA_SIZE`] (see [`keep_limit`]). The archive stays open in the tree, so views and
//! scripts are read again one at a time when a rule asks for them
//! ([`PackageTree::source`], [`super::members`]). Memory use is bounded whatever the archive's
//! size.
//!
//! Nothing about a member stops the load: a member that is encrypted, uses an unsupported
//! compression method, is corrupt, or trips a cap (see [`Limits`]) is kept as an entry without
//! a digest and reported as a [`LoadProblem`]. Only an archive that cannot be opened or is not
//! a zip at all is an error. Names are kept as stored (lossily decoded when they are not
//! UTF-8, with [`Entry::name_is_utf8`] false); nothing is ever written to disk.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use zip::{CompressionMethod, ZipArchive};

use super::at::At;

use crate::limits::{MAX_ENTRIES, MAX_METADATA_TOTAL};
use crate::tree::{
    Content, Digest, Entry, EntryKind, HEAD_LEN, LoadProblem, MAX_METADATA_SIZE, Origin,
    PackageTree, is_metadata_path, keep_limit,
};

const S_IFMT: u32 = 0o170_000;
const S_IFREG: u32 = 0o100_000;
const S_IFDIR: u32 = 0o040_000;
const S_IFLNK: u32 = 0o120_000;
const BUF_LEN: usize = 64 * 1024;

/// Caps that protect against zip bombs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most uncompressed bytes read from the whole archive; members past it are not read.
    pub max_total: u64,
    /// Most a member may expand (uncompressed bytes per compressed byte) ...
    pub max_ratio: u64,
    /// ... once it has produced more than this many bytes (small files may expand a lot).
    pub ratio_grace: u64,
}

impl Default for Limits {
    /// The shared [`crate::limits`]: 2 GiB in total; 100:1 expansion beyond the first MiB of
    /// a member.
    fn default() -> Self {
        Limits {
            max_total: crate::limits::MAX_TOTAL_SIZE,
            max_ratio: crate::limits::MAX_RATIO,
            ratio_grace: crate::limits::RATIO_GRACE,
        }
    }
}

/// Why an archive could not be read at all.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("cannot read {}: {err}", path.display())]
    Io {
        /// The archive.
        path: PathBuf,
        /// What failed.
        err: io::Error,
    },
    /// The file is not a readable zip archive.
    #[error("{} is not a readable zip archive: {err}", path.display())]
    #[diagnostic(help("an APS package is a ZIP file named <name>-<version>-<release>.app.zip"))]
    NotZip {
        /// The archive.
        path: PathBuf,
        /// What the zip reader said.
        err: zip::result::ZipError,
    },
}

/// Reads the archive at `path` with the default [`Limits`].
pub fn read_zip(path: &Path) -> Result<PackageTree, ReadError> {
    read_zip_with(path, Limits::default())
}

/// Reads the archive at `path` into a tree with [`Origin::Archive`], under `limits`, with
/// [`default_jobs`](super::write::default_jobs) threads.
pub fn read_zip_with(path: &Path, limits: Limits) -> Result<PackageTree, ReadError> {
    read_zip_jobs(path, limits, super::write::default_jobs())
}

/// [`read_zip_with`] reading members on `jobs` threads. The tree, its digests and its problems
/// are the same for any number: members are read ahead in parallel only while the sizes their
/// headers declare (which bound what they yield) add up to less than [`Limits::max_total`], so
/// the total cap cannot depend on the order they are read in; members past that point are read
/// one after the other.
pub fn read_zip_jobs(path: &Path, limits: Limits, jobs: usize) -> Result<PackageTree, ReadError> {
    let mut archive = open_archive(path)?;
    let mut tree = PackageTree::new(Origin::Archive(path.to_path_buf()));
    let members = member_count(archive.len(), &mut tree);
    let mut ahead = if jobs > 1 {
        read_ahead(&archive, &limits, jobs)
    } else {
        HashMap::new()
    };
    let mut total = 0u64;
    let mut kept = 0u64;
    let mut buf = vec![0u8; BUF_LEN];
    for i in 0..members {
        let meta = match archive.by_index_data(i) {
            Ok(m) => Member::of(&m),
            Err(e) => {
                tree.problems.push(LoadProblem {
                    path: None,
                    message: format!("member {} cannot be read: {e}", i + 1),
                });
                continue;
            }
        };
        let (name, name_is_utf8) = match std::str::from_utf8(&meta.raw_name) {
            Ok(s) => (s.to_string(), true),
            Err(_) => (String::from_utf8_lossy(&meta.raw_name).into_owned(), false),
        };
        let kind = kind_of(meta.mode, meta.is_dir);
        if kind == EntryKind::Dir {
            let mut e = Entry::dir(name.strip_suffix('/').unwrap_or(&name));
            e.name_is_utf8 = name_is_utf8;
            e.mode = meta.mode;
            tree.push(e);
            continue;
        }
        let unread = Entry {
            path: name.clone(),
            kind,
            size: meta.declared,
            sha256: None,
            content: Content::Dropped,
            head: Vec::new(),
            name_is_utf8,
            mode: meta.mode,
        };
        let refuse = refusal(&meta, total, &limits);
        if let Some(message) = refuse {
            tree.problems.push(LoadProblem {
                path: Some(name),
                message,
            });
            tree.push(unread);
            continue;
        }
        let read = if let Some((read, bytes)) = ahead.remove(&i) {
            total += bytes;
            read
        } else {
            match archive.by_index(i) {
                Ok(mut member) => stream(&mut member, &name, &meta, &limits, &mut total, &mut buf),
                Err(e) => Err(format!("the member cannot be read: {e}")),
            }
        };
        match read {
            Ok(mut r) => {
                keep_within_budget(&mut r, &name, &mut kept, &mut tree);
                if r.keep_failed {
                    tree.problems.push(LoadProblem {
                        path: Some(name.clone()),
                        message: format!(
                            "metadata file larger than {MAX_METADATA_SIZE} bytes; it was hashed but its content is not kept for checks"
                        ),
                    });
                }
                tree.push(Entry {
                    path: name,
                    kind,
                    size: r.size,
                    sha256: Some(r.digest),
                    content: match r.bytes {
                        Some(b) => Content::Memory(b),
                        None => Content::Dropped,
                    },
                    head: r.head,
                    name_is_utf8,
                    mode: meta.mode,
                });
            }
            Err(message) => {
                tree.problems.push(LoadProblem {
                    path: Some(name),
                    message,
                });
                tree.push(unread);
            }
        }
    }
    if archive.has_duplicate_names() {
        add_duplicates(path, &mut tree);
    }
    tree.set_members(super::members::Members::new(archive));
    Ok(tree)
}

/// How many members are read: all, up to the [`MAX_ENTRIES`] a zip without Zip64 holds.
fn member_count(len: usize, tree: &mut PackageTree) -> usize {
    if len > MAX_ENTRIES {
        tree.problems.push(LoadProblem {
            path: None,
            message: format!(
                "the archive has {len} members, more than the {MAX_ENTRIES} a zip without Zip64 holds; only the first {MAX_ENTRIES} were read"
            ),
        });
    }
    len.min(MAX_ENTRIES)
}

/// Drops the kept bytes of a member once all kept members together pass
/// [`MAX_METADATA_TOTAL`], and says so.
fn keep_within_budget(r: &mut Streamed, name: &str, kept: &mut u64, tree: &mut PackageTree) {
    let Some(b) = &r.bytes else { return };
    *kept += b.len() as u64;
    if *kept > MAX_METADATA_TOTAL {
        r.bytes = None;
        tree.problems.push(LoadProblem {
            path: Some(name.to_string()),
            message: format!(
                "not checked: the package's metadata files together are larger than {MAX_METADATA_TOTAL} bytes; this one was hashed but its content is not kept"
            ),
        });
    }
}

/// The index the zip reader builds keeps one member per name; the others are added here as
/// unread entries, so `duplicate-entry` reports each duplicated name by name.
fn add_duplicates(path: &Path, tree: &mut PackageTree) {
    let duplicates = match duplicated_names(path) {
        Ok(d) if !d.is_empty() => d,
        _ => {
            tree.problems.push(LoadProblem {
                path: None,
                message: "the archive lists some member names more than once; only one member of each name was read".to_string(),
            });
            return;
        }
    };
    for (raw, extra) in duplicates {
        let (name, name_is_utf8) = match String::from_utf8(raw) {
            Ok(s) => (s, true),
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), false),
        };
        for _ in 0..extra {
            let mut e = Entry::dir(name.trim_end_matches('/'));
            if !name.ends_with('/') {
                e.kind = EntryKind::File;
            }
            e.name_is_utf8 = name_is_utf8;
            tree.push(e);
        }
    }
}

/// Names the central directory of the archive at `path` lists more than once, each with the
/// number of extra occurrences, in order of first appearance.
fn duplicated_names(path: &Path) -> zip::result::ZipResult<Vec<(Vec<u8>, usize)>> {
    let file = BufReader::new(File::open(path)?);
    let mut iter = zip::unstable::read::ZipIterable::try_new(file, zip::read::Config::default())?;
    let mut seen: std::collections::HashMap<Vec<u8>, usize> = std::collections::HashMap::new();
    let mut order = Vec::new();
    for (i, entry) in iter.files()?.enumerate() {
        if i >= MAX_ENTRIES {
            break;
        }
        let raw = entry?.name_raw().to_vec();
        let n = seen.entry(raw.clone()).or_insert(0);
        *n += 1;
        if *n == 2 {
            order.push(raw);
        }
    }
    Ok(order
        .into_iter()
        .map(|raw| {
            let extra = seen.get(&raw).copied().unwrap_or(1) - 1;
            (raw, extra)
        })
        .collect())
}

/// Opens the archive at `path`; a file that is no ZIP (or a truncated one) is [`ReadError::NotZip`].
fn open_archive(path: &Path) -> Result<ZipArchive<At>, ReadError> {
    let io_err = |err| ReadError::Io {
        path: path.to_path_buf(),
        err,
    };
    let file = File::open(path).map_err(io_err)?;
    ZipArchive::new(At::new(file).map_err(io_err)?).map_err(|err| match err {
        zip::result::ZipError::Io(err) if err.kind() != io::ErrorKind::UnexpectedEof => {
            ReadError::Io {
                path: path.to_path_buf(),
                err,
            }
        }
        err => ReadError::NotZip {
            path: path.to_path_buf(),
            err,
        },
    })
}

/// Why a member is not read at all: encrypted, an unsupported compression method, or the
/// archive already expanded to the cap.
fn refusal(meta: &Member, total: u64, limits: &Limits) -> Option<String> {
    if meta.encrypted {
        Some("the member is encrypted, so it cannot be read".to_string())
    } else if !matches!(
        meta.compression,
        CompressionMethod::Stored | CompressionMethod::Deflated
    ) {
        Some(format!(
            "the member uses the compression method {}, which apspack cannot read (only stored and deflated members)",
            meta.compression
        ))
    } else if total >= limits.max_total {
        Some(format!(
            "not read: the archive already expanded to the {} byte cap (zip bomb?)",
            limits.max_total
        ))
    } else {
        None
    }
}

/// Outcome of reading one member ahead, and the bytes it yielded (counted toward the total).
type Ahead = (Result<Streamed, String>, u64);

/// Reads, on `jobs` threads, the leading members that the loop of [`read_zip_jobs`] would read
/// and that cannot reach the total cap: see there. Each thread reads through a clone of
/// `archive`, which shares its parsed central directory; members it could not read are left to
/// the loop.
fn read_ahead<R: Read + io::Seek + Clone + Send>(
    archive: &ZipArchive<R>,
    limits: &Limits,
    jobs: usize,
) -> HashMap<usize, Ahead> {
    let mut list: Vec<(usize, String, Member)> = Vec::new();
    let mut declared = 0u64;
    for i in 0..archive.len() {
        let Ok(meta) = archive.by_index_data(i).map(|m| Member::of(&m)) else {
            continue;
        };
        if kind_of(meta.mode, meta.is_dir) == EntryKind::Dir || refusal(&meta, 0, limits).is_some()
        {
            continue;
        }
        declared = declared.saturating_add(meta.declared);
        if declared >= limits.max_total {
            break;
        }
        let name = String::from_utf8_lossy(&meta.raw_name).into_owned();
        list.push((i, name, meta));
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<HashMap<usize, Ahead>> = Mutex::new(HashMap::new());
    std::thread::scope(|s| {
        for _ in 0..jobs.min(list.len()) {
            // A clone shares the parsed central directory; only the position is its own.
            let mut archive = archive.clone();
            let (list, next, done) = (&list, &next, &done);
            s.spawn(move || {
                let mut buf = vec![0u8; BUF_LEN];
                while let Some((i, name, meta)) = list.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let mut bytes = 0u64;
                    let read = match archive.by_index(*i) {
                        Ok(mut member) => {
                            stream(&mut member, name, meta, limits, &mut bytes, &mut buf)
                        }
                        Err(e) => Err(format!("the member cannot be read: {e}")),
                    };
                    if let Ok(mut done) = done.lock() {
                        done.insert(*i, (read, bytes));
                    }
                }
            });
        }
    });
    done.into_inner().unwrap_or_default()
}

impl Member {
    fn of(m: &zip::read::ZipFileEntry<'_>) -> Member {
        Member {
            raw_name: m.name_raw().to_vec(),
            mode: m.unix_mode(),
            is_dir: m.is_dir(),
            compression: m.compression(),
            encrypted: m.encrypted(),
            compressed: m.compressed_size(),
            declared: m.size(),
        }
    }
}

struct Member {
    raw_name: Vec<u8>,
    mode: Option<u32>,
    is_dir: bool,
    compression: CompressionMethod,
    encrypted: bool,
    compressed: u64,
    declared: u64,
}

struct Streamed {
    size: u64,
    digest: Digest,
    head: Vec<u8>,
    bytes: Option<std::sync::Arc<[u8]>>,
    keep_failed: bool,
}

/// The kind of a member from its Unix mode (when it has one) and its name.
fn kind_of(mode: Option<u32>, name_is_dir: bool) -> EntryKind {
    match mode.map(|m| m & S_IFMT) {
        Some(S_IFDIR) => EntryKind::Dir,
        Some(S_IFLNK) => EntryKind::Symlink,
        Some(0 | S_IFREG) | None if name_is_dir => EntryKind::Dir,
        Some(0 | S_IFREG) | None => EntryKind::File,
        Some(_) => EntryKind::Other,
    }
}

/// Reads one member to its end, hashing it and keeping what the tree keeps; an error message
/// when it cannot be read or trips a cap.
fn stream(
    r: &mut dyn Read,
    name: &str,
    meta: &Member,
    limits: &Limits,
    total: &mut u64,
    buf: &mut [u8],
) -> Result<Streamed, String> {
    use sha2::Digest as _;
    let limit = keep_limit(name).unwrap_or(0);
    let keep = keep_limit(name).is_some_and(|l| meta.declared <= l);
    // The declared size (at most the keep limit) up front: no doubling of the buffer as it fills.
    let mut bytes: Option<Vec<u8>> =
        keep.then(|| Vec::with_capacity(usize::try_from(meta.declared).unwrap_or(0)));
    let mut keep_failed = is_metadata_path(name) && !keep;
    let mut hasher = sha2::Sha256::new();
    let mut head = Vec::new();
    let mut size = 0u64;
    let ratio_cap = meta.compressed.saturating_mul(limits.max_ratio);
    loop {
        let n = match r.read(buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("the member cannot be read: {e}")),
        };
        size += n as u64;
        *total += n as u64;
        if size > limits.ratio_grace && size > ratio_cap {
            return Err(format!(
                "not read: the member expands more than {} times its compressed size of {} bytes (zip bomb?)",
                limits.max_ratio, meta.compressed
            ));
        }
        if *total > limits.max_total {
            return Err(format!(
                "not read: the archive expands beyond the {} byte cap (zip bomb?)",
                limits.max_total
            ));
        }
        let chunk = &buf[..n];
        if head.len() < HEAD_LEN {
            let take = (HEAD_LEN - head.len()).min(n);
            head.extend_from_slice(&chunk[..take]);
        }
        hasher.update(chunk);
        if let Some(b) = &mut bytes {
            if size <= limit {
                b.extend_from_slice(chunk);
            } else {
                bytes = None;
                keep_failed = is_metadata_path(name);
            }
        }
    }
    // A link's head is its target; of a file's, only what a rule sniffs is kept.
    let head = if kind_of(meta.mode, meta.is_dir) == EntryKind::File {
        crate::tree::sniffed(&head)
    } else {
        head
    };
    Ok(Streamed {
        size,
        digest: Digest(hasher.finalize().into()),
        head,
        // Into its final shared form at once: a buffer read ahead is not held twice.
        bytes: bytes.map(Into::into),
        keep_failed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::epoch::Epoch;
    use std::io::Write;
    use zip::ZipWriter;
    use zip::write::SimpleFileOptions;

    fn build(path: &Path, f: impl FnOnce(&mut ZipWriter<File>)) {
        let mut z = ZipWriter::new(File::create(path).expect("create"));
        f(&mut z);
        z.finish().expect("finish");
    }

    fn stored() -> SimpleFileOptions {
        SimpleFileOptions::default().compression_method(CompressionMethod::Stored)
    }

    #[test]
    fn round_trip_through_the_writer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut t = PackageTree::new(Origin::Project("p".into()));
        let big: Vec<u8> = (0..5000u32).map(|i| (i % 13) as u8).collect();
        t.push(Entry::memory("APP-META.xml", b"<application/>".to_vec()));
        t.push(Entry::memory("APP-LIST.xml", b"<files/>".to_vec()));
        t.push(Entry::memory("schemas/a.schema", b"{}".to_vec()));
        t.push(Entry::memory("scripts/app.php", big.clone()));
        let w = crate::archive::write::write_atomic(&t, dir.path(), "r.app.zip", Epoch::default())
            .expect("written");
        let back = read_zip(&w.path).expect("read");
        assert_eq!(back.origin, Origin::Archive(w.path.clone()));
        assert!(back.problems.is_empty(), "{:?}", back.problems);
        let paths: Vec<_> = back.entries().iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "APP-LIST.xml",
                "APP-META.xml",
                "schemas",
                "schemas/a.schema",
                "scripts",
                "scripts/app.php"
            ]
        );
        assert_eq!(back.get("schemas").map(|e| e.kind), Some(EntryKind::Dir));
        assert_eq!(back.get("schemas").and_then(|e| e.mode), Some(0o040_755));
        assert_eq!(back.bytes("APP-META.xml"), Some(&b"<application/>"[..]));
        assert_eq!(back.bytes("schemas/a.schema"), Some(&b"{}"[..]));
        let php = back.file("scripts/app.php").expect("file");
        // A script is not kept; the rules that read scripts get it from the archive again.
        assert_eq!(php.bytes(), None);
        assert_eq!(back.source("scripts/app.php").as_deref(), Some(&big[..]));
        assert_eq!(php.size, 5000);
        assert_eq!(php.sha256, Some(Digest::of(&big)));
        assert!(
            php.head.is_empty(),
            "no PEM header: nothing of the head is kept"
        );
        assert_eq!(php.mode, Some(0o100_644));
        for f in t.files() {
            let b = back.file(&f.path).expect("present");
            assert_eq!((b.size, b.sha256), (f.size, f.sha256), "{}", f.path);
        }
    }

    #[test]
    fn symlinks_odd_names_and_directories() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("odd.zip");
        build(&p, |z| {
            z.add_directory("ui/", stored()).expect("dir");
            z.add_symlink("ui/link", "../../etc/passwd", stored())
                .expect("link");
            z.start_file_with_options(stored().name(b"doc/caf\xe9.txt"))
                .expect("latin-1 name");
            z.write_all(b"x").expect("write");
            z.start_file("../escape.txt", stored()).expect("file");
            z.write_all(b"y").expect("write");
        });
        let t = read_zip(&p).expect("read");
        assert!(t.problems.is_empty(), "{:?}", t.problems);
        assert_eq!(t.get("ui").map(|e| e.kind), Some(EntryKind::Dir));
        let link = t.get("ui/link").expect("link");
        assert_eq!(link.kind, EntryKind::Symlink);
        assert_eq!(link.head, b"../../etc/passwd");
        let odd = t
            .entries()
            .iter()
            .find(|e| e.path.starts_with("doc/caf"))
            .expect("odd name");
        assert!(!odd.name_is_utf8);
        assert_eq!(odd.path, "doc/caf\u{fffd}.txt");
        assert!(t.get("../escape.txt").is_some_and(|e| e.name_is_utf8));
        assert!(!dir.path().join("escape.txt").exists());
    }

    #[test]
    fn a_bomb_member_becomes_a_problem() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("bomb.zip");
        build(&p, |z| {
            z.start_file("APP-META.xml", SimpleFileOptions::default())
                .expect("start");
            z.write_all(b"<a/>").expect("write");
            z.start_file("images/zeros.png", SimpleFileOptions::default())
                .expect("start");
            z.write_all(&vec![0u8; 3 * 1024 * 1024]).expect("write");
        });
        let t = read_zip(&p).expect("read");
        assert_eq!(t.problems.len(), 1, "{:?}", t.problems);
        assert_eq!(t.problems[0].path.as_deref(), Some("images/zeros.png"));
        assert!(t.problems[0].message.contains("zip bomb"));
        let e = t.file("images/zeros.png").expect("kept as an entry");
        assert_eq!(e.sha256, None);
        assert_eq!(e.size, 3 * 1024 * 1024);
        assert_eq!(t.bytes("APP-META.xml"), Some(&b"<a/>"[..]));

        // The total cap stops reading the rest of the archive.
        let tight = Limits {
            max_total: 2 * 1024 * 1024,
            max_ratio: u64::MAX,
            ratio_grace: 0,
        };
        let t = read_zip_with(&p, tight).expect("read");
        assert_eq!(t.problems.len(), 1, "{:?}", t.problems);
        assert!(t.problems[0].message.contains("cap"));
        assert!(t.file("APP-META.xml").is_some_and(|e| e.sha256.is_some()));
    }

    /// Sets a header field of the only member, in both its local and central header.
    fn patch_member(path: &Path, local_off: usize, central_off: usize, value: u16) {
        let mut b = std::fs::read(path).expect("read");
        let cd = b
            .windows(4)
            .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
            .expect("central");
        b[local_off..local_off + 2].copy_from_slice(&value.to_le_bytes());
        b[cd + central_off..cd + central_off + 2].copy_from_slice(&value.to_le_bytes());
        std::fs::write(path, b).expect("write");
    }

    #[test]
    fn encrypted_and_unsupported_members_become_problems() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (what, local, central, value) in [("encrypted", 6, 8, 1u16), ("method", 8, 10, 14)] {
            let p = dir.path().join(format!("{what}.zip"));
            build(&p, |z| {
                z.start_file("scripts/a.php", stored()).expect("start");
                z.write_all(b"secret").expect("write");
            });
            patch_member(&p, local, central, value);
            let t = read_zip(&p).expect("archive opens");
            assert_eq!(t.problems.len(), 1, "{what}: {:?}", t.problems);
            assert!(t.problems[0].message.contains(what), "{:?}", t.problems);
            let e = t.file("scripts/a.php").expect("entry kept");
            assert_eq!(e.sha256, None);
        }

        // A corrupt member (its CRC no longer matches) is a problem, not an error.
        let p = dir.path().join("corrupt.zip");
        build(&p, |z| {
            z.start_file("scripts/a.php", stored()).expect("start");
            z.write_all(b"<?php ok").expect("write");
            z.start_file("scripts/b.php", stored()).expect("start");
            z.write_all(b"<?php ok").expect("write");
        });
        let mut b = std::fs::read(&p).expect("read");
        let at = b.windows(8).position(|w| w == b"<?php ok").expect("data");
        b[at + 6] = b'K';
        std::fs::write(&p, b).expect("write");
        let t = read_zip(&p).expect("archive opens");
        assert_eq!(t.problems.len(), 1, "{:?}", t.problems);
        assert_eq!(t.problems[0].path.as_deref(), Some("scripts/a.php"));
        assert_eq!(t.file("scripts/a.php").map(|e| e.sha256), Some(None));
        assert!(t.file("scripts/b.php").is_some_and(|e| e.sha256.is_some()));
    }

    #[test]
    fn duplicate_names_are_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("dup.zip");
        build(&p, |z| {
            z.start_file("doc/a.txt", stored()).expect("start");
            z.write_all(b"one").expect("write");
            z.start_file("doc/b.txt", stored()).expect("start");
            z.write_all(b"two").expect("write");
        });
        // Rename the second member to the first one's name in both of its headers.
        let b = std::fs::read(&p).expect("read");
        let mut patched = b.clone();
        let mut at = 0;
        while let Some(i) = patched[at..].windows(9).position(|w| w == b"doc/b.txt") {
            patched[at + i + 4] = b'a';
            at += i + 9;
        }
        assert_ne!(patched, b);
        std::fs::write(&p, patched).expect("write");
        let t = read_zip(&p).expect("opens");
        assert!(t.problems.is_empty(), "{:?}", t.problems);
        assert!(t.has_file("doc/a.txt"));
        // The duplicated name is reported by name (APS0711), not as a file-less load problem.
        let findings = crate::lint::lint(&t);
        let dup: Vec<_> = findings
            .iter()
            .filter(|f| f.rule.code == "APS0711")
            .collect();
        assert_eq!(dup.len(), 1, "{findings:?}");
        assert_eq!(dup[0].file.as_deref(), Some("doc/a.txt"));
        assert!(dup[0].message.contains("2 times"), "{}", dup[0].message);
        assert!(
            !findings
                .iter()
                .any(|f| f.rule.code == "APS0712" && f.file.is_none()),
            "{findings:?}"
        );
    }

    #[test]
    fn not_a_zip_is_an_error_naming_the_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("fake.app.zip");
        std::fs::write(&p, b"this is not a zip archive at all").expect("write");
        let e = read_zip(&p).expect_err("not a zip");
        assert!(matches!(e, ReadError::NotZip { .. }), "{e}");
        assert!(e.to_string().contains("fake.app.zip"), "{e}");
        let empty = dir.path().join("empty.app.zip");
        std::fs::write(&empty, b"").expect("write");
        let e = read_zip(&empty).expect_err("empty file");
        assert!(matches!(e, ReadError::NotZip { .. }), "{e}");
        assert!(e.to_string().contains("empty.app.zip"), "{e}");
        let cut = dir.path().join("cut.app.zip");
        build(&cut, |z| {
            z.start_file("a.txt", stored()).expect("start");
            z.write_all(b"hello").expect("write");
        });
        let bytes = std::fs::read(&cut).expect("read");
        std::fs::write(&cut, &bytes[..bytes.len() - 30]).expect("truncate");
        let e = read_zip(&cut).expect_err("truncated");
        assert!(matches!(e, ReadError::NotZip { .. }), "{e}");
        let missing = dir.path().join("missing.app.zip");
        let e = read_zip(&missing).expect_err("missing");
        assert!(matches!(e, ReadError::Io { .. }), "{e}");
        assert!(e.to_string().contains("missing.app.zip"), "{e}");
    }

    /// Everything a tree says about its entries and problems, to compare two reads.
    fn summary(t: &PackageTree) -> String {
        format!("{:?}\n{:?}", t.entries(), t.problems)
    }

    #[test]
    fn the_tree_is_the_same_for_any_number_of_jobs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("many.zip");
        build(&p, |z| {
            z.start_file("APP-META.xml", SimpleFileOptions::default())
                .expect("start");
            z.write_all(b"<application/>").expect("write");
            for i in 0..300 {
                z.start_file(format!("doc/f{i:03}.txt"), SimpleFileOptions::default())
                    .expect("start");
                write!(z, "file {i} ").expect("write");
                z.write_all(&vec![b'a'; i * 37]).expect("write");
            }
            // A bomb in the middle, and an encrypted-looking member is not needed here.
            z.start_file("images/zeros.png", SimpleFileOptions::default())
                .expect("start");
            z.write_all(&vec![0u8; 3 * 1024 * 1024]).expect("write");
            z.start_file("scripts/last.php", stored()).expect("start");
            z.write_all(b"<?php").expect("write");
        });
        let tight = Limits {
            max_total: 1024 * 1024 + 100_000,
            max_ratio: 100,
            ratio_grace: 1024,
        };
        for limits in [Limits::default(), tight] {
            let one = read_zip_jobs(&p, limits, 1).expect("read");
            assert!(!one.problems.is_empty(), "the bomb is reported");
            for jobs in [2, 3, 8] {
                let other = read_zip_jobs(&p, limits, jobs).expect("read");
                assert_eq!(summary(&other), summary(&one), "{jobs} jobs, {limits:?}");
            }
        }
    }

    #[test]
    fn many_members_are_all_read_in_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("many.zip");
        build(&p, |z| {
            for i in 0..200 {
                z.start_file(format!("doc/f{i:03}.txt"), SimpleFileOptions::default())
                    .expect("start");
                write!(z, "file {i}").expect("write");
            }
        });
        let t = read_zip(&p).expect("read");
        assert!(t.problems.is_empty());
        assert_eq!(t.entries().len(), 200);
        for (i, e) in t.entries().iter().enumerate() {
            assert_eq!(e.path, format!("doc/f{i:03}.txt"));
            assert_eq!(e.sha256, Some(Digest::of(format!("file {i}").as_bytes())));
        }
    }

    #[test]
    fn a_large_member_keeps_only_its_head() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("large.zip");
        let chunk: Vec<u8> = (0..1024 * 1024u32).map(|i| (i % 251) as u8).collect();
        let mut z = ZipWriter::new(File::create(&p).expect("create"));
        z.start_file("scripts/vendor/blob.bin", stored())
            .expect("start");
        let mut expect = <sha2::Sha256 as sha2::Digest>::new();
        for _ in 0..50 {
            z.write_all(&chunk).expect("write");
            sha2::Digest::update(&mut expect, &chunk);
        }
        z.finish().expect("finish");
        let t = read_zip(&p).expect("read");
        assert!(t.problems.is_empty(), "{:?}", t.problems);
        let e = t.file("scripts/vendor/blob.bin").expect("member");
        assert!(matches!(e.content, Content::Dropped));
        assert_eq!(e.size, 50 * 1024 * 1024);
        assert!(
            e.head.is_empty(),
            "no PEM header: nothing of the head is kept"
        );
        assert_eq!(
            e.sha256,
            Some(Digest(sha2::Digest::finalize(expect).into()))
        );
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        /// A small valid archive from the writer: metadata kept in memory, a script, an image.
        fn valid_archive() -> Vec<u8> {
            let mut t = PackageTree::new(Origin::Project("p".into()));
            t.push(Entry::memory("APP-META.xml", b"<application/>".to_vec()));
            t.push(Entry::memory("APP-LIST.xml", b"<files/>".to_vec()));
            t.push(Entry::memory("schemas/a.schema", b"{\"a\": 1}".to_vec()));
            t.push(Entry::memory(
                "scripts/app.php",
                b"<?php echo 1; ".repeat(40),
            ));
            t.push(Entry::memory("images/i.png", b"\x89PNG\r\n\x1a\n".to_vec()));
            let (cursor, _) = crate::archive::write::write_zip(
                &t,
                std::io::Cursor::new(Vec::new()),
                Epoch::default(),
                Path::new("p.app.zip"),
            )
            .expect("written");
            cursor.into_inner()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(96))]

            /// Corrupted archives give an error naming the file or problems, never a panic.
            #[test]
            fn mutated_archives_never_panic(
                edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
                cut in proptest::option::of(any::<usize>()),
            ) {
                let mut bytes = valid_archive();
                for (at, b) in edits {
                    let at = at % bytes.len();
                    bytes[at] = b;
                }
                if let Some(cut) = cut {
                    bytes.truncate(cut % (bytes.len() + 1));
                }
                let dir = tempfile::tempdir().expect("tempdir");
                let p = dir.path().join("m.app.zip");
                std::fs::write(&p, &bytes).expect("write");
                match read_zip(&p) {
                    Ok(t) => {
                        for e in t.entries() {
                            prop_assert!(e.head.len() <= HEAD_LEN);
                            if let Some(b) = e.bytes() {
                                prop_assert_eq!(b.len() as u64, e.size);
                            }
                        }
                    }
                    Err(e) => prop_assert!(e.to_string().contains("m.app.zip"), "{}", e),
                }
            }
        }
    }
}

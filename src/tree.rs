//! PackageTree: the one in-memory view of a package that lint rules and the archiver read.
//!
//! A tree is a list of entries (files, directories, and anything else an archive or a directory
//! held) keyed by their `/`-separated path inside the package. Metadata files are kept in memory;
//! other files keep only their size, SHA-256 and first bytes, plus where to stream them from.
//! Views and scripts, which some rules read, are fetched one at a time when a rule asks
//! ([`PackageTree::source`]): from the disk, or from the archive the tree was read from, and only
//! while they still have the digest the load recorded. So a package's memory does not grow with
//! the amount of its code.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use crate::aps::{APP_LIST, APP_META, SECURITY_JSON, TEST_META};

/// Longest prefix of each file kept for content sniffing (secrets, binary detection).
pub const HEAD_LEN: usize = 512;

/// Largest metadata file kept in memory; bigger ones are reported instead of read.
pub const MAX_METADATA_SIZE: u64 = crate::limits::MAX_METADATA_SIZE;

/// A SHA-256 digest.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest(pub [u8; 32]);

impl Digest {
    /// Lowercase hex.
    pub fn hex(&self) -> String {
        use fmt::Write;
        let mut s = String::with_capacity(64);
        for b in self.0 {
            let _ = write!(s, "{b:02x}");
        }
        s
    }

    /// Digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Digest {
        use sha2::Digest as _;
        Digest(sha2::Sha256::digest(bytes).into())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({})", self.hex())
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.hex())
    }
}

/// Where a tree came from; rules use it to tell built packages from source trees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A `.app.zip` archive.
    Archive(PathBuf),
    /// A package directory (has `APP-META.xml`).
    Directory(PathBuf),
    /// A project (`aps.toml`) generated in memory; the path is the project directory.
    Project(PathBuf),
}

impl Origin {
    /// The path the user named.
    pub fn path(&self) -> &std::path::Path {
        match self {
            Origin::Archive(p) | Origin::Directory(p) | Origin::Project(p) => p,
        }
    }

    /// True for archives and generated projects: what a build ships, whatever they hold (see
    /// [`PackageTree::is_built`] for directories).
    pub fn is_built(&self) -> bool {
        matches!(self, Origin::Archive(_) | Origin::Project(_))
    }
}

/// What kind of thing an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link (never followed).
    Symlink,
    /// Anything else: device, socket, fifo, or an archive entry of an unknown type.
    Other,
}

/// Where an entry's bytes are.
#[derive(Debug, Clone)]
pub enum Content {
    /// Fully in memory (metadata files, generated files).
    Memory(Arc<[u8]>),
    /// A file on disk, streamed when needed.
    Disk(PathBuf),
    /// Not kept (a large archive member already hashed); only size, digest and head remain.
    Dropped,
}

/// One entry of a package.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path inside the package, `/`-separated, as stored (lossily decoded if not UTF-8).
    pub path: String,
    /// File, directory, link, other.
    pub kind: EntryKind,
    /// Size in bytes (0 for directories).
    pub size: u64,
    /// SHA-256 of the content, for files.
    pub sha256: Option<Digest>,
    /// The bytes, or where to find them.
    pub content: Content,
    /// The first [`HEAD_LEN`] bytes of a file when they hold a PEM header, the one thing rules
    /// look for in a file's content ([`sniffed`]); a link's target; empty otherwise.
    pub head: Vec<u8>,
    /// False when the stored name was not valid UTF-8.
    pub name_is_utf8: bool,
    /// Unix mode bits when known (archives with Unix attributes, directories on Unix).
    pub mode: Option<u32>,
}

impl Entry {
    /// A file held in memory; size, digest and head are computed from `bytes`.
    pub fn memory(path: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> Entry {
        let bytes: Arc<[u8]> = bytes.into();
        Entry {
            path: path.into(),
            kind: EntryKind::File,
            size: bytes.len() as u64,
            sha256: Some(Digest::of(&bytes)),
            head: sniffed(&bytes[..bytes.len().min(HEAD_LEN)]),
            content: Content::Memory(bytes),
            name_is_utf8: true,
            mode: None,
        }
    }

    /// A file on disk: size, SHA-256 and head are computed by streaming it once; the bytes are
    /// kept in memory only for metadata paths within their [`keep_limit`].
    pub fn from_disk(path: impl Into<String>, disk: &std::path::Path) -> std::io::Result<Entry> {
        use sha2::Digest as _;
        use std::io::Read;
        let path = path.into();
        let mut file = std::fs::File::open(disk)?;
        let size = file.metadata()?.len();
        if keep_limit(&path).is_some_and(|limit| size <= limit) {
            let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
            file.read_to_end(&mut bytes)?;
            let mut e = Entry::memory(path, bytes);
            e.mode = unix_mode(disk);
            return Ok(e);
        }
        let mut hasher = sha2::Sha256::new();
        let mut head = Vec::new();
        let mut buf = vec![0u8; 64 * 1024];
        let mut total = 0u64;
        loop {
            let n = match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if head.len() < HEAD_LEN {
                let take = (HEAD_LEN - head.len()).min(n);
                head.extend_from_slice(&buf[..take]);
            }
            hasher.update(&buf[..n]);
            total += n as u64;
        }
        Ok(Entry {
            path,
            kind: EntryKind::File,
            size: total,
            sha256: Some(Digest(hasher.finalize().into())),
            content: Content::Disk(disk.to_path_buf()),
            head: sniffed(&head),
            name_is_utf8: true,
            mode: unix_mode(disk),
        })
    }

    /// A directory entry.
    pub fn dir(path: impl Into<String>) -> Entry {
        Entry {
            path: path.into(),
            kind: EntryKind::Dir,
            size: 0,
            sha256: None,
            content: Content::Dropped,
            head: Vec::new(),
            name_is_utf8: true,
            mode: None,
        }
    }

    /// The whole of `r` when it holds exactly this entry's bytes: its size (one byte more is
    /// read, so a file that grew is refused, not read on) and its SHA-256.
    pub fn read_verified(&self, r: impl std::io::Read) -> Option<Vec<u8>> {
        use std::io::Read;
        let want = self.sha256?;
        let mut bytes = Vec::with_capacity(usize::try_from(self.size).ok()?);
        r.take(self.size.saturating_add(1))
            .read_to_end(&mut bytes)
            .ok()?;
        (bytes.len() as u64 == self.size && Digest::of(&bytes) == want).then_some(bytes)
    }

    /// The bytes when they are in memory.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.content {
            Content::Memory(b) => Some(b),
            _ => None,
        }
    }
}

#[cfg(unix)]
fn unix_mode(p: &std::path::Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).ok().map(|m| m.permissions().mode())
}

#[cfg(not(unix))]
fn unix_mode(_: &std::path::Path) -> Option<u32> {
    None
}

/// What is kept of a file's first bytes: all of them when they hold a PEM header
/// (`-----BEGIN`, which the private-key rule looks for), nothing otherwise, so that tens of
/// thousands of entries do not each hold [`HEAD_LEN`] bytes no rule reads.
pub fn sniffed(head: &[u8]) -> Vec<u8> {
    const PEM: &[u8] = b"-----BEGIN";
    if head.windows(PEM.len()).any(|w| w == PEM) {
        head.to_vec()
    } else {
        Vec::new()
    }
}

/// True for paths whose content rules read, so loaders keep them in memory.
pub fn is_metadata_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    matches!(path, APP_META | APP_LIST | SECURITY_JSON | TEST_META)
        || lower.starts_with("schemas/")
        || lower.ends_with(".schema")
        || lower.ends_with(".schema.gen")
        || (lower.starts_with("i18n/") && lower.ends_with(".json"))
}

/// Largest view or script ([`is_checked_source`]) that [`PackageTree::source`] reads for the
/// rules that look into the package's own views and scripts; a bigger one is not read.
pub const MAX_SOURCE_SIZE: u64 = 256 * 1024;

/// Views (`ui/**` `.js`, `.html`, `.htm`) and PHP scripts (`scripts/**.php`): sources that
/// lint rules read as text, one at a time, when they are small ([`MAX_SOURCE_SIZE`]).
pub fn is_checked_source(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    (lower.starts_with("ui/")
        && (lower.ends_with(".js") || lower.ends_with(".html") || lower.ends_with(".htm")))
        || (lower.starts_with("scripts/") && lower.ends_with(".php"))
}

/// How many bytes of the file at `path` a loader keeps in memory: metadata up to
/// [`MAX_METADATA_SIZE`], nothing of other files (views and scripts are read on demand, see
/// [`PackageTree::source`]).
pub fn keep_limit(path: &str) -> Option<u64> {
    is_metadata_path(path).then_some(MAX_METADATA_SIZE)
}

/// A problem met while loading an entry that did not stop the load (an unreadable archive
/// member, a member over the size cap); the `archive-entry-unreadable` rule reports these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadProblem {
    /// The entry, when the problem is about one.
    pub path: Option<String>,
    /// What went wrong.
    pub message: String,
}

/// A package: its origin and entries.
#[derive(Debug, Clone)]
pub struct PackageTree {
    /// Where it came from.
    pub origin: Origin,
    /// Problems met while loading.
    pub problems: Vec<LoadProblem>,
    /// The `aps.toml` text of a generated project (not a package file), so that rules can point
    /// at the manifest line as well as at the package file.
    pub manifest: Option<Arc<str>>,
    /// The archive the tree was read from, kept open for [`PackageTree::source`].
    members: Option<Arc<crate::archive::members::Members>>,
    entries: Vec<Entry>,
    index: BTreeMap<String, usize>,
}

impl PackageTree {
    /// An empty tree.
    pub fn new(origin: Origin) -> PackageTree {
        PackageTree {
            origin,
            problems: Vec::new(),
            manifest: None,
            members: None,
            entries: Vec::new(),
            index: BTreeMap::new(),
        }
    }

    /// Adds an entry. A second entry with the same path is kept in [`Self::entries`] (rules
    /// report duplicates) but lookups by path return the first.
    pub fn push(&mut self, entry: Entry) {
        let i = self.entries.len();
        self.index.entry(entry.path.clone()).or_insert(i);
        self.entries.push(entry);
    }

    /// Adds or replaces the entry at `entry.path`.
    pub fn insert(&mut self, entry: Entry) {
        match self.index.get(&entry.path) {
            Some(&i) => self.entries[i] = entry,
            None => self.push(entry),
        }
    }

    /// Removes the entry at `path` (and any duplicates of it).
    pub fn remove(&mut self, path: &str) {
        if self.index.remove(path).is_some() {
            self.entries.retain(|e| e.path != path);
            self.reindex();
        }
    }

    fn reindex(&mut self) {
        self.index.clear();
        for (i, e) in self.entries.iter().enumerate() {
            self.index.entry(e.path.clone()).or_insert(i);
        }
    }

    /// True for what a build ships, not a source tree: an archive, a generated project, or a
    /// directory that holds type schemas (`schemas/*.schema`, `schemas/*.schema.gen`), which
    /// only a build writes. An unpacked `.app.zip` is so judged as strictly as the archive
    /// itself. `APP-LIST.xml` and a `packaged` attribute do not count on their own: real
    /// source trees commit both (the APS IDE keeps them; see the shared corpus).
    pub fn is_built(&self) -> bool {
        if self.origin.is_built() {
            return true;
        }
        self.files().any(|e| {
            e.path.strip_prefix("schemas/").is_some_and(|n| {
                !n.contains('/') && (n.ends_with(".schema") || n.ends_with(".schema.gen"))
            })
        })
    }

    /// Every entry in load order (duplicates included).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Entries sorted by path bytes, without duplicates.
    pub fn sorted(&self) -> impl Iterator<Item = &Entry> {
        self.index.values().map(|&i| &self.entries[i])
    }

    /// The entry at `path`.
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.index.get(path).map(|&i| &self.entries[i])
    }

    /// The regular file at `path`.
    pub fn file(&self, path: &str) -> Option<&Entry> {
        self.get(path).filter(|e| e.kind == EntryKind::File)
    }

    /// True if a regular file exists at `path`.
    pub fn has_file(&self, path: &str) -> bool {
        self.file(path).is_some()
    }

    /// True if `path` is a directory: an explicit entry, or the parent of some entry.
    pub fn has_dir(&self, path: &str) -> bool {
        let p = path.trim_end_matches('/');
        if p.is_empty() {
            return true;
        }
        if self.get(p).is_some_and(|e| e.kind == EntryKind::Dir)
            || self
                .get(&format!("{p}/"))
                .is_some_and(|e| e.kind == EntryKind::Dir)
        {
            return true;
        }
        let prefix = format!("{p}/");
        self.index
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&prefix))
    }

    /// The in-memory bytes of the file at `path` (metadata files and generated files).
    pub fn bytes(&self, path: &str) -> Option<&[u8]> {
        self.file(path).and_then(Entry::bytes)
    }

    /// The in-memory bytes of the file at `path`, shared rather than copied.
    pub fn shared(&self, path: &str) -> Option<Arc<[u8]>> {
        match &self.file(path)?.content {
            Content::Memory(b) => Some(Arc::clone(b)),
            _ => None,
        }
    }

    /// Keeps the archive the tree was read from open, so that [`Self::source`] can fetch
    /// members the load did not keep.
    pub fn set_members(&mut self, members: crate::archive::members::Members) {
        self.members = Some(Arc::new(members));
    }

    /// The bytes of the file at `path` when it is at most [`MAX_SOURCE_SIZE`] bytes: from
    /// memory, else read again from the disk or the archive (see [`Self::source_within`]).
    pub fn source(&self, path: &str) -> Option<Arc<[u8]>> {
        self.source_within(path, MAX_SOURCE_SIZE)
    }

    /// The bytes of the file at `path` when it is at most `limit` bytes: shared when they are in
    /// memory, otherwise read again from the disk file or the archive member it was loaded
    /// from, and given only when they still have the SHA-256 the load recorded (a file changed
    /// or swapped since is `None`, never other bytes).
    pub fn source_within(&self, path: &str, limit: u64) -> Option<Arc<[u8]>> {
        let e = self.file(path)?;
        match &e.content {
            Content::Memory(b) => (b.len() as u64 <= limit).then(|| Arc::clone(b)),
            _ if e.size > limit => None,
            Content::Disk(disk) => {
                // Still a regular file, not a link or a pipe put in its place since the load.
                if !std::fs::symlink_metadata(disk).ok()?.is_file() {
                    return None;
                }
                e.read_verified(std::fs::File::open(disk).ok()?)
                    .map(Arc::from)
            }
            Content::Dropped => self.members.as_ref()?.read(e).map(Arc::from),
        }
    }

    /// The bytes of `path` for locating or quoting a finding: in memory whatever their size
    /// (metadata), else a view or script read again ([`Self::source`]).
    pub fn text(&self, path: &str) -> Option<Arc<[u8]>> {
        self.shared(path).or_else(|| self.source(path))
    }

    /// Regular files, sorted by path.
    pub fn files(&self) -> impl Iterator<Item = &Entry> {
        self.sorted().filter(|e| e.kind == EntryKind::File)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_and_scripts_are_read_on_demand_when_small() {
        assert_eq!(keep_limit("APP-META.xml"), Some(MAX_METADATA_SIZE));
        assert_eq!(keep_limit("ui/users.js"), None);
        assert!(is_checked_source("ui/nested/view.HTML"));
        assert!(is_checked_source("scripts/lib/ox.php"));
        assert!(!is_checked_source("scripts/data.bin"));
        assert_eq!(keep_limit("images/icon.png"), None);
        assert_eq!(keep_limit("doc/guide.html"), None);
        let dir = tempfile::tempdir().expect("temp dir");
        let small = dir.path().join("small.js");
        std::fs::write(&small, b"define([], {});").expect("write");
        let big = dir.path().join("big.js");
        std::fs::write(&big, vec![b'x'; 300 * 1024]).expect("write");
        let mut t = PackageTree::new(Origin::Directory(dir.path().to_path_buf()));
        for (path, disk) in [("ui/small.js", &small), ("ui/big.js", &big)] {
            let e = Entry::from_disk(path, disk).expect("entry");
            assert!(e.bytes().is_none(), "{path} is not kept while loading");
            t.push(e);
        }
        assert_eq!(
            t.source("ui/small.js").as_deref(),
            Some(&b"define([], {});"[..])
        );
        assert!(t.source("ui/big.js").is_none(), "over the cap: not read");
        assert_eq!(
            t.source_within("ui/big.js", 400 * 1024).map(|b| b.len()),
            Some(300 * 1024)
        );
        // Heads are kept only when a rule would look at them (a PEM header).
        let key = dir.path().join("id.txt");
        std::fs::write(&key, b"note\n-----BEGIN PRIVATE KEY-----\nMIIE\n").expect("write");
        assert!(
            !Entry::from_disk("doc/id.txt", &key)
                .expect("entry")
                .head
                .is_empty()
        );
        assert!(t.file("ui/big.js").expect("entry").head.is_empty());
        // Changed since the load: not given, whatever it holds now.
        std::fs::write(&small, b"define([], {}); // edited").expect("write");
        assert!(t.source("ui/small.js").is_none());
        std::fs::write(&small, b"define([], {x});").expect("write");
        assert!(t.source("ui/small.js").is_none());
        // Swapped for a link to a file with the very bytes loaded: still not followed.
        #[cfg(unix)]
        {
            let same = dir.path().join("same.js");
            std::fs::write(&same, b"define([], {});").expect("write");
            std::fs::remove_file(&small).expect("remove");
            std::os::unix::fs::symlink(&same, &small).expect("link");
            assert!(t.source("ui/small.js").is_none());
        }
    }

    #[test]
    fn lookups_and_implied_directories() {
        let mut t = PackageTree::new(Origin::Directory(PathBuf::from("x")));
        t.push(Entry::memory("scripts/app.php", b"<?php".to_vec()));
        t.push(Entry::memory("APP-META.xml", b"<a/>".to_vec()));
        assert!(t.has_file("scripts/app.php"));
        assert!(t.has_dir("scripts"));
        assert!(!t.has_dir("script"));
        assert!(!t.has_file("scripts"));
        assert_eq!(t.bytes("APP-META.xml"), Some(&b"<a/>"[..]));
        let order: Vec<_> = t.sorted().map(|e| e.path.as_str()).collect();
        assert_eq!(order, ["APP-META.xml", "scripts/app.php"]);
        assert_eq!(
            Digest::of(b"").hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn duplicates_are_kept_but_first_wins() {
        let mut t = PackageTree::new(Origin::Archive(PathBuf::from("x.app.zip")));
        t.push(Entry::memory("a", b"1".to_vec()));
        t.push(Entry::memory("a", b"2".to_vec()));
        assert_eq!(t.entries().len(), 2);
        assert_eq!(t.bytes("a"), Some(&b"1"[..]));
        t.remove("a");
        assert!(t.entries().is_empty());
    }
}

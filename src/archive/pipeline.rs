//! The parallel read → compress → write pipeline behind the archive writer.
//!
//! One reader thread reads every file once, in archive order, cut into pieces of
//! [`CHUNK_LEN`] bytes; a pool of compression threads checksums and deflates the pieces; the
//! calling thread receives them back strictly in archive order and writes them. Memory is
//! bounded by a fixed set of reusable piece buffers (at most [`MAX_SLOTS`] of a little over
//! 2 × [`CHUNK_LEN`] each), whatever the size of the package, and the bytes written do not
//! depend on the number of threads: how a member is cut and compressed depends only on its
//! content (see [`deflate`](super::deflate)).
//!
//! Per member, from its content alone: a member whose first [`PROBE_LEN`] bytes do not look
//! compressible ([`looks_compressible`]) is stored, as is an empty one. A member of one piece
//! that looks compressible is deflated, and stored after all when deflate saves less than 2%
//! ([`worth_deflating`]); a longer member that looks compressible is deflated. Members of one
//! piece are probed and hashed (SHA-256) on the compression threads; longer members are probed
//! by the reader and hashed by the writer, which must see their pieces in order anyway. The CRC-32 of
//! every piece is computed on the compression threads and combined by the writer.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

use super::deflate::{
    CHUNK_LEN, DeflateError, Deflater, PROBE_LEN, WINDOW, looks_compressible, worth_deflating,
};
use super::write::ArchiveError;
use crate::tree::{Content, Digest, Entry};

/// Most piece buffers in flight: with [`CHUNK_LEN`] of 1 MiB, about 34 MiB at most.
pub const MAX_SLOTS: usize = 16;

/// How a piece is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Mode {
    /// A member of one piece: probe it, then deflate or store.
    #[default]
    Decide,
    /// A piece of a longer member the reader found worth deflating.
    Deflate,
    /// A piece of a longer member the reader found not worth deflating.
    Store,
}

/// One piece of a member, as handed to the writer.
#[derive(Default)]
pub struct Piece {
    seq: u64,
    mode: Mode,
    /// Index of the member in the list given to [`run`].
    pub file: usize,
    /// The member's first piece.
    pub first: bool,
    /// The member's last piece.
    pub last: bool,
    /// Whether the member is deflated (the same for all its pieces).
    pub deflated: bool,
    /// The uncompressed bytes.
    pub data: Vec<u8>,
    /// The deflated bytes, when `deflated`.
    pub out: Vec<u8>,
    /// The member's bytes just before this piece (at most [`WINDOW`]), for priming.
    history: Vec<u8>,
    /// CRC-32 of `data`.
    pub crc: crc32fast::Hasher,
    /// SHA-256 of the member when it is a single piece.
    pub sha: Option<Digest>,
}

impl Piece {
    /// The bytes that go into the archive for this piece.
    pub fn stored_bytes(&self) -> &[u8] {
        if self.deflated { &self.out } else { &self.data }
    }
}

type Done = (u64, Result<Piece, ArchiveError>);

/// Reads, compresses and hands `files` to `consume` piece by piece, in order, using `jobs`
/// compression threads. Stops at the first error, from reading, compressing or `consume`.
pub fn run<F>(
    files: &[&Entry],
    jobs: usize,
    archive: &Path,
    mut consume: F,
) -> Result<(), ArchiveError>
where
    F: FnMut(&Piece) -> Result<(), ArchiveError>,
{
    let jobs = jobs.clamp(1, MAX_SLOTS);
    let slots = (2 * jobs + 2).min(MAX_SLOTS);
    let stop = AtomicBool::new(false);
    let (task_tx, task_rx) = mpsc::channel::<Piece>();
    let task_rx = Mutex::new(task_rx);
    std::thread::scope(|s| {
        let (pool_tx, pool_rx) = mpsc::channel::<Piece>();
        for _ in 0..slots {
            let _ = pool_tx.send(Piece::default());
        }
        let (done_tx, done_rx) = mpsc::channel::<Done>();
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let task_rx = &task_rx;
            s.spawn(move || compress_loop(task_rx, &done_tx, archive));
        }
        let stop = &stop;
        s.spawn(move || read_all(files, &pool_rx, task_tx, &done_tx, stop));

        let mut pending: BTreeMap<u64, Result<Piece, ArchiveError>> = BTreeMap::new();
        let mut next = 0u64;
        let result = loop {
            if let Some(done) = pending.remove(&next) {
                next += 1;
                match done.and_then(|piece| consume(&piece).map(|()| piece)) {
                    Ok(mut piece) => {
                        piece.data.clear();
                        piece.out.clear();
                        piece.history.clear();
                        let _ = pool_tx.send(piece);
                    }
                    Err(e) => break Err(e),
                }
                continue;
            }
            match done_rx.recv() {
                Ok((seq, done)) => {
                    pending.insert(seq, done);
                }
                // Every thread is gone and nothing is pending: all was written.
                Err(_) => break Ok(()),
            }
        };
        // Unblock and end the other threads: the reader waits for free buffers, the
        // compressors for tasks or for someone to take their results.
        stop.store(true, Ordering::Relaxed);
        drop(pool_tx);
        drop(done_rx);
        result
    })
}

fn compress_loop(tasks: &Mutex<Receiver<Piece>>, done: &Sender<Done>, archive: &Path) {
    let mut deflater = Deflater::default();
    loop {
        let task = match tasks.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(mut piece) = task else { return };
        let seq = piece.seq;
        let result = compress(&mut piece, &mut deflater)
            .map(|()| piece)
            .map_err(|e| ArchiveError::Io {
                path: archive.to_path_buf(),
                err: io::Error::other(e),
            });
        if done.send((seq, result)).is_err() {
            return;
        }
    }
}

fn compress(p: &mut Piece, d: &mut Deflater) -> Result<(), DeflateError> {
    p.crc = crc32fast::Hasher::new();
    p.crc.update(&p.data);
    p.sha = (p.first && p.last).then(|| Digest::of(&p.data));
    p.out.clear();
    p.deflated = match p.mode {
        Mode::Store => false,
        Mode::Deflate => {
            d.piece(&p.history, &p.data, p.last, &mut p.out)?;
            true
        }
        Mode::Decide => decide_whole(&p.data, d, &mut p.out)?,
    };
    Ok(())
}

/// For a member of one piece (`data` is all of it): whether it is deflated, with its deflate
/// in `out` when it is.
fn decide_whole(data: &[u8], d: &mut Deflater, out: &mut Vec<u8>) -> Result<bool, DeflateError> {
    let sample = &data[..data.len().min(PROBE_LEN)];
    if !looks_compressible(sample) {
        return Ok(false);
    }
    d.piece(&[], data, true, out)?;
    Ok(worth_deflating(out.len(), data.len()))
}

/// Whether the writer deflates `entry` (else stores it), deciding as it does: reads the
/// member's first piece, and deflates it when it is the whole member.
pub fn deflates(entry: &Entry) -> io::Result<bool> {
    let want = entry.size.min(CHUNK_LEN as u64) as usize;
    let mut data = vec![0u8; want];
    let got = match &entry.content {
        Content::Memory(bytes) => read_full(&mut &bytes[..], &mut data)?,
        Content::Disk(path) => read_full(&mut File::open(path)?, &mut data)?,
        Content::Dropped => return Err(io::Error::other("the content was not kept")),
    };
    data.truncate(got);
    if entry.size > CHUNK_LEN as u64 {
        return Ok(looks_compressible(&data[..data.len().min(PROBE_LEN)]));
    }
    decide_whole(&data, &mut Deflater::default(), &mut Vec::new()).map_err(io::Error::other)
}

/// Why the reader stopped early.
enum Halt {
    /// The writer stopped (an error elsewhere); nothing to report.
    Stopped,
    /// Reading failed.
    Failed(ArchiveError),
}

fn read_all(
    files: &[&Entry],
    pool: &Receiver<Piece>,
    tasks: Sender<Piece>,
    done: &Sender<Done>,
    stop: &AtomicBool,
) {
    let mut reader = Reader {
        pool,
        tasks,
        stop,
        seq: 0,
        history: Vec::with_capacity(WINDOW),
    };
    for (i, entry) in files.iter().enumerate() {
        match reader.feed(i, entry) {
            Ok(()) => {}
            Err(Halt::Stopped) => return,
            Err(Halt::Failed(e)) => {
                let _ = done.send((reader.seq, Err(e)));
                return;
            }
        }
    }
}

struct Reader<'a> {
    pool: &'a Receiver<Piece>,
    tasks: Sender<Piece>,
    stop: &'a AtomicBool,
    seq: u64,
    history: Vec<u8>,
}

impl Reader<'_> {
    /// Reads member `file` and sends its pieces.
    fn feed(&mut self, file: usize, entry: &Entry) -> Result<(), Halt> {
        let (mut src, disk): (Box<dyn Read>, Option<&Path>) = match &entry.content {
            Content::Memory(bytes) => (Box::new(&bytes[..]), None),
            Content::Disk(path) => {
                let f = File::open(path).map_err(|err| Halt::Failed(io_err(path, err)))?;
                (Box::new(f), Some(path.as_path()))
            }
            Content::Dropped => {
                return Err(Halt::Failed(ArchiveError::Dropped {
                    path: entry.path.clone(),
                }));
            }
        };
        let size = entry.size;
        let chunk = CHUNK_LEN as u64;
        let count = size.div_ceil(chunk).max(1);
        let mut mode = Mode::Decide;
        self.history.clear();
        for k in 0..count {
            let mut piece = self.pool.recv().map_err(|_| Halt::Stopped)?;
            if self.stop.load(Ordering::Relaxed) {
                return Err(Halt::Stopped);
            }
            let want = (size - k * chunk).min(chunk) as usize;
            piece.data.resize(want, 0);
            let got = read_full(&mut src, &mut piece.data)
                .map_err(|err| Halt::Failed(read_err(entry, disk, err)))?;
            let last = k + 1 == count;
            let grew = last && got == want && !at_end(&mut src, entry, disk)?;
            if got < want || grew {
                return Err(Halt::Failed(changed(entry, disk)));
            }
            if count > 1 {
                if k == 0 {
                    mode = if looks_compressible(&piece.data[..PROBE_LEN]) {
                        Mode::Deflate
                    } else {
                        Mode::Store
                    };
                }
                if mode == Mode::Deflate {
                    piece.history.clear();
                    piece.history.extend_from_slice(&self.history);
                    self.history.clear();
                    let tail = piece.data.len().saturating_sub(WINDOW);
                    self.history.extend_from_slice(&piece.data[tail..]);
                }
            }
            piece.seq = self.seq;
            piece.mode = mode;
            piece.file = file;
            piece.first = k == 0;
            piece.last = last;
            self.tasks.send(piece).map_err(|_| Halt::Stopped)?;
            self.seq += 1;
        }
        Ok(())
    }
}

/// Fills `buf` as far as the source goes; the number of bytes read.
fn read_full(src: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match src.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// True when the source has nothing more to give.
fn at_end(src: &mut dyn Read, entry: &Entry, disk: Option<&Path>) -> Result<bool, Halt> {
    let mut one = [0u8; 1];
    read_full(src, &mut one)
        .map(|n| n == 0)
        .map_err(|err| Halt::Failed(read_err(entry, disk, err)))
}

fn read_err(entry: &Entry, disk: Option<&Path>, err: io::Error) -> ArchiveError {
    io_err(disk.unwrap_or(Path::new(&entry.path)), err)
}

fn io_err(path: &Path, err: io::Error) -> ArchiveError {
    ArchiveError::Io {
        path: path.to_path_buf(),
        err,
    }
}

/// The error for a file whose size changed since it was loaded: reads it again to say what
/// it holds now.
fn changed(entry: &Entry, disk: Option<&Path>) -> ArchiveError {
    use sha2::Digest as _;
    let Some(path) = disk else {
        // In-memory bytes cannot change; report what they are.
        let bytes = entry.bytes().unwrap_or_default();
        return super::write::changed_error(
            entry,
            "the in-memory copy".into(),
            bytes.len() as u64,
            Digest::of(bytes),
        );
    };
    let mut hasher = sha2::Sha256::new();
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(err) => return io_err(path, err),
    };
    loop {
        match read_full(&mut file, &mut buf) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buf[..n]);
                total += n as u64;
            }
            Err(err) => return io_err(path, err),
        }
    }
    super::write::changed_error(
        entry,
        path.display().to_string(),
        total,
        Digest(hasher.finalize().into()),
    )
}

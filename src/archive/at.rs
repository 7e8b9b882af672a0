//! A file read at explicit offsets, with a small buffer of its own: clones share the open file
//! but not a position, so an archive opened once can be cloned for each reading thread, and
//! every clone shares the central directory the zip reader parsed (`ZipArchive` keeps it behind
//! an `Arc`) instead of parsing and holding its own copy.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::Arc;

/// Reads smaller than this go through the buffer; larger ones go straight to the caller.
const BUF_LEN: usize = 16 * 1024;

/// An open file and a position in it.
#[derive(Debug)]
pub struct At {
    file: Arc<File>,
    len: u64,
    pos: u64,
    buf: Vec<u8>,
    /// File offset of `buf[0]`; `buf` holds the bytes read there.
    buf_at: u64,
}

impl At {
    /// Reads `file` from its start.
    pub fn new(file: File) -> io::Result<At> {
        let len = file.metadata()?.len();
        Ok(At {
            file: Arc::new(file),
            len,
            pos: 0,
            buf: Vec::new(),
            buf_at: 0,
        })
    }
}

impl Clone for At {
    /// The same file at the same position, with a buffer of its own.
    fn clone(&self) -> At {
        At {
            file: Arc::clone(&self.file),
            len: self.len,
            pos: self.pos,
            buf: Vec::new(),
            buf_at: 0,
        }
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

impl Read for At {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() || self.pos >= self.len {
            return Ok(0);
        }
        let buffered = self.pos >= self.buf_at && self.pos < self.buf_at + self.buf.len() as u64;
        if !buffered {
            if out.len() >= BUF_LEN {
                let n = read_at(&self.file, out, self.pos)?;
                self.pos += n as u64;
                return Ok(n);
            }
            self.buf.resize(BUF_LEN, 0);
            let n = read_at(&self.file, &mut self.buf, self.pos)?;
            self.buf.truncate(n);
            self.buf_at = self.pos;
            if n == 0 {
                return Ok(0);
            }
        }
        // Within the buffer: `pos - buf_at` is below `buf.len()`, a usize.
        let start = usize::try_from(self.pos - self.buf_at).unwrap_or(usize::MAX);
        let Some(have) = self.buf.get(start..) else {
            return Ok(0);
        };
        let n = have.len().min(out.len());
        out[..n].copy_from_slice(&have[..n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for At {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        let Some(target) = target else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            ));
        };
        self.pos = target;
        Ok(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_and_seeks_like_the_file_and_clones_keep_their_own_place() {
        let mut f = tempfile::tempfile().expect("temp file");
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        f.write_all(&data).expect("write");
        let mut a = At::new(f).expect("open");
        let mut small = [0u8; 7];
        a.read_exact(&mut small).expect("read");
        assert_eq!(small, data[..7]);
        let mut b = a.clone();
        a.seek(SeekFrom::Start(50_000)).expect("seek");
        let mut big = vec![0u8; 20_000];
        a.read_exact(&mut big).expect("read");
        assert_eq!(big, data[50_000..70_000]);
        b.read_exact(&mut small).expect("read");
        assert_eq!(small, data[7..14], "the clone reads on from where it was");
        assert_eq!(b.seek(SeekFrom::End(-3)).expect("seek"), 99_997);
        let mut rest = Vec::new();
        b.read_to_end(&mut rest).expect("read");
        assert_eq!(rest, data[99_997..]);
        assert_eq!(b.seek(SeekFrom::Current(-10)).expect("seek"), 99_990);
        b.read_exact(&mut small).expect("read");
        assert_eq!(small, data[99_990..99_997]);
        assert!(b.seek(SeekFrom::Current(-200_000)).is_err());
        // Past the end: nothing more.
        b.seek(SeekFrom::Start(200_000)).expect("seek");
        assert_eq!(b.read(&mut small).expect("read"), 0);
    }
}

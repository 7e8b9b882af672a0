//! `build --dry-run`: everything the writer would do, into a sink that only counts bytes.
//!
//! The archive is produced by the same [`write_zip_with`] a real build uses, so the entry list,
//! each file's compression (the writer's own decision from the content), mode and the archive size are
//! exactly those of the real archive; the bytes go nowhere and no file is created.

use std::io::{self, Seek, SeekFrom, Write};
use std::path::Path;

use super::write::{ArchiveError, default_jobs, file_mode, write_zip_with};
use crate::epoch::Epoch;
use crate::progress::Progress;
use crate::tree::{Digest, PackageTree};

/// One file as the archive would hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// Path inside the package.
    pub path: String,
    /// Size in bytes (uncompressed).
    pub size: u64,
    /// SHA-256 of the content.
    pub sha256: Digest,
    /// True when stored, false when deflated.
    pub stored: bool,
    /// Unix mode of the entry.
    pub mode: u32,
}

/// What a build would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Size of the archive in bytes.
    pub size: u64,
    /// The files in archive order.
    pub files: Vec<PlannedFile>,
}

impl Plan {
    /// Sum of the file sizes.
    pub fn unpacked_size(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}

/// A sink that keeps no bytes, only the length of what would have been written.
#[derive(Debug, Default)]
struct Counter {
    pos: u64,
    len: u64,
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pos += buf.len() as u64;
        self.len = self.len.max(self.pos);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Seek for Counter {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
        Ok(self.pos)
    }
}

/// Plans the archive of `tree` without writing it; `name` is used in error messages.
pub fn plan(
    tree: &PackageTree,
    epoch: Epoch,
    name: &Path,
    progress: &dyn Progress,
) -> Result<Plan, ArchiveError> {
    let (sink, written) = write_zip_with(
        tree,
        Counter::default(),
        epoch,
        name,
        progress,
        default_jobs(),
    )?;
    let files = written
        .into_iter()
        .map(|w| {
            let entry = tree.file(&w.path);
            PlannedFile {
                stored: !w.deflated,
                mode: entry.map_or(super::write::MODE_FILE, file_mode),
                path: w.path,
                size: w.size,
                sha256: w.sha256,
            }
        })
        .collect();
    Ok(Plan {
        size: sink.len,
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;
    use crate::tree::{Entry, Origin};

    #[test]
    fn the_plan_matches_a_real_archive() {
        let mut t = PackageTree::new(Origin::Project("p".into()));
        t.push(Entry::memory("APP-META.xml", b"<a/>".repeat(100)));
        // Short files do not shrink: stored, whatever their name.
        t.push(Entry::memory("images/i.png", b"png".to_vec()));
        t.push(Entry::memory("scripts/app.php", b"<?php".to_vec()));
        let epoch = Epoch::default();
        let plan = plan(&t, epoch, Path::new("x.app.zip"), &Silent).expect("plan");
        let (real, files) =
            super::super::write::write_zip(&t, io::Cursor::new(Vec::new()), epoch, Path::new("x"))
                .expect("write");
        assert_eq!(plan.size, real.into_inner().len() as u64);
        assert_eq!(plan.files.len(), files.len());
        let png = plan
            .files
            .iter()
            .find(|f| f.path == "images/i.png")
            .expect("png");
        assert!(png.stored);
        let meta = plan
            .files
            .iter()
            .find(|f| f.path == "APP-META.xml")
            .expect("meta");
        assert!(!meta.stored);
        assert_eq!(meta.mode, 0o644);
        assert_eq!(plan.unpacked_size(), 400 + 3 + 5);
    }
}

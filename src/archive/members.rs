//! Members of a read archive fetched again on demand: views and scripts are not kept in memory
//! while an archive is read, and the rules that read them get them one at a time from here.
//!
//! The archive stays open (its central directory already parsed by the reader); a member is read
//! by name, at most up to a caller's limit, and only when its bytes still have the SHA-256 the
//! reader recorded, so a rule never sees bytes other than those the tree was built from.

use std::fmt;

use zip::ZipArchive;

use super::at::At;
use crate::tree::Entry;

/// The archive a tree was read from, open for reading members again. Each read works on a
/// clone, which shares the open file and the parsed central directory, so readers never wait
/// for one another.
pub struct Members {
    zip: ZipArchive<At>,
}

impl fmt::Debug for Members {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Members")
    }
}

impl Members {
    /// Keeps `zip` open for [`Members::read`].
    pub fn new(zip: ZipArchive<At>) -> Members {
        Members { zip }
    }

    /// The bytes of `entry` when its member can be read again and still has the size and
    /// digest recorded when the archive was read ([`Entry::read_verified`]); `None` otherwise.
    pub fn read(&self, entry: &Entry) -> Option<Vec<u8>> {
        let mut zip = self.zip.clone();
        let member = zip.by_name(&entry.path).ok()?;
        entry.read_verified(member)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::{Content, Origin, PackageTree};

    fn archive(files: &[(&str, &[u8])]) -> (tempfile::TempDir, std::path::PathBuf) {
        let mut t = PackageTree::new(Origin::Project("p".into()));
        for (p, b) in files {
            t.push(Entry::memory(*p, b.to_vec()));
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let w = crate::archive::write_atomic(&t, dir.path(), "m.app.zip", Default::default())
            .expect("write");
        (dir, w.path)
    }

    #[test]
    fn sources_come_back_from_the_archive_on_demand() {
        let js = b"define([], function () { return 1; });".repeat(100);
        let pem = b"-----BEGIN EC PRIVATE KEY-----\nMHc\n";
        let (_dir, zip) = archive(&[
            ("ui/a.js", &js),
            ("scripts/app.php", b"<?php\n"),
            ("doc/k.txt", pem),
        ]);
        let tree = crate::archive::read_zip(&zip).expect("read");
        assert_eq!(tree.file("doc/k.txt").expect("key").head, pem);
        assert!(tree.file("ui/a.js").expect("view").head.is_empty());
        let e = tree.file("ui/a.js").expect("entry");
        assert!(matches!(e.content, Content::Dropped), "not kept while read");
        assert_eq!(tree.source("ui/a.js").as_deref(), Some(&js[..]));
        assert_eq!(
            tree.source("scripts/app.php").as_deref(),
            Some(&b"<?php\n"[..])
        );
        assert!(tree.source("ui/none.js").is_none());
        // Over the caller's limit: not read.
        assert!(tree.source_within("ui/a.js", 10).is_none());
    }

    #[test]
    fn a_member_whose_digest_changed_is_not_read() {
        let (_dir, zip) = archive(&[("ui/a.js", b"one")]);
        let mut tree = crate::archive::read_zip(&zip).expect("read");
        let mut e = tree.file("ui/a.js").expect("entry").clone();
        e.sha256 = Some(crate::tree::Digest::of(b"two"));
        tree.insert(e);
        assert!(tree.source("ui/a.js").is_none());
    }
}

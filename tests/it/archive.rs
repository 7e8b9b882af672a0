//! The archive writer and reader on real package metadata: every package root of the shared
//! corpus is loaded as a directory, zipped, read back, and compared (the corpus is found as
//! every test finds it: `support::corpus`).

use std::path::{Path, PathBuf};

use apspack::archive::{read_zip, write_atomic};
use apspack::epoch::Epoch;
use apspack::load;
use apspack::tree::{EntryKind, Origin};

use super::support;

/// Every directory holding APP-META.xml and FILES.txt.
fn package_roots(corpus: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(corpus)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.into_path())
        .filter(|p| p.join("APP-META.xml").is_file() && p.join("FILES.txt").is_file())
        .collect()
}

#[test]
fn corpus_roots_round_trip_through_the_archive() {
    let Some(corpus) = support::corpus() else {
        return;
    };
    let roots = package_roots(&corpus);
    assert!(
        roots.len() >= 10,
        "found only {} package roots",
        roots.len()
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    for (i, root) in roots.iter().enumerate() {
        let tree = load::open(root, Epoch::default())
            .unwrap_or_else(|e| panic!("{}: {e}", root.display()));
        assert_eq!(tree.origin, Origin::Directory(root.clone()));
        assert!(tree.problems.is_empty(), "{:?}", tree.problems);
        assert!(tree.bytes("APP-META.xml").is_some(), "{}", root.display());

        let name = format!("root{i}.app.zip");
        let w = write_atomic(&tree, tmp.path(), &name, Epoch::from_secs(1_600_000_000))
            .unwrap_or_else(|e| panic!("{}: {e}", root.display()));
        let back = read_zip(&w.path).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
        assert!(back.problems.is_empty(), "{:?}", back.problems);
        let files = |t: &apspack::tree::PackageTree| {
            t.files()
                .map(|e| (e.path.clone(), e.size, e.sha256))
                .collect::<Vec<_>>()
        };
        assert_eq!(files(&back), files(&tree), "{}", root.display());
        for d in tree.sorted().filter(|e| e.kind == EntryKind::Dir) {
            assert!(back.has_dir(&d.path), "{}: {}", root.display(), d.path);
        }
        assert_eq!(
            back.bytes("APP-META.xml"),
            tree.bytes("APP-META.xml"),
            "{}",
            root.display()
        );
        // Opening the archive through the loader gives the same tree.
        let again = load::open(&w.path, Epoch::default()).expect("opens as an archive");
        assert_eq!(files(&again), files(&back));
    }
}

#[test]
fn rewriting_a_read_archive_is_not_possible_for_dropped_members_but_metadata_survives() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut tree = apspack::tree::PackageTree::new(Origin::Project("p".into()));
    tree.push(apspack::tree::Entry::memory(
        "APP-META.xml",
        b"<application/>".to_vec(),
    ));
    tree.push(apspack::tree::Entry::memory(
        "doc/guide.html",
        b"<html/>".to_vec(),
    ));
    let w = write_atomic(&tree, tmp.path(), "a.app.zip", Epoch::default()).expect("written");
    let back = read_zip(&w.path).expect("read");
    // Document bytes are not kept after reading (views, scripts and metadata are, when small),
    // so the tree cannot be written again...
    let again = write_atomic(
        &back,
        &tmp.path().join("again"),
        "b.app.zip",
        Epoch::default(),
    );
    assert!(again.is_err());
    assert!(!tmp.path().join("again/b.app.zip").exists());
    // ...but metadata is kept whole.
    assert_eq!(back.bytes("APP-META.xml"), Some(&b"<application/>"[..]));
}

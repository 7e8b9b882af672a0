//! The one set of limits that `build` and `lint` share: what an archive may hold and what is
//! read of it. `build` refuses to write a package past any of them, and the archive reader and
//! the linter report a package past them as an error, so a build never writes what its own
//! linter rejects. They also bound memory: linting any input within them stays well under
//! 256 MiB.

/// Most uncompressed bytes in one package (all files together).
pub const MAX_TOTAL_SIZE: u64 = 2 * 1024 * 1024 * 1024;
/// Most a member may expand when inflated: uncompressed bytes per compressed byte ...
pub const MAX_RATIO: u64 = 100;
/// ... once it has produced more than this many bytes (small files may expand a lot).
pub const RATIO_GRACE: u64 = 1024 * 1024;
/// Largest metadata file (APP-META.xml, APP-LIST.xml, schemas, catalogues, security.json)
/// whose content is read and checked.
pub const MAX_METADATA_SIZE: u64 = 16 * 1024 * 1024;
/// Most metadata bytes kept in memory for one package, all metadata files together; files
/// past it are hashed but not checked.
pub const MAX_METADATA_TOTAL: u64 = 48 * 1024 * 1024;
/// Most entries (files and directories) in one package: the most a zip archive without Zip64
/// can hold.
pub const MAX_ENTRIES: usize = 65_535;
/// Most elements in one XML document (an APP-LIST.xml of the most files an archive can hold
/// needs 65,536).
pub const MAX_XML_ELEMENTS: usize = 70_000;
/// Most values (arrays, objects and the items between their commas) in one JSON file.
pub const MAX_JSON_VALUES: usize = 100_000;
/// Most JSON values parsed for one package, all type schemas together.
pub const MAX_JSON_VALUES_TOTAL: usize = 200_000;

/// A package `build` must not write, because `apspack lint` of the archive would reject it.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LimitError {
    /// A metadata file larger than the linter reads.
    #[error(
        "{path} would be {size} bytes, more than the {MAX_METADATA_SIZE} bytes apspack lint reads of a metadata file"
    )]
    #[diagnostic(help(
        "shorten what goes into it (a long description, many types or files); nothing was written"
    ))]
    Metadata {
        /// The file inside the package.
        path: String,
        /// Its size.
        size: u64,
    },
    /// More content than an archive may hold.
    #[error(
        "the package would hold {size} bytes, more than the {MAX_TOTAL_SIZE} bytes an archive may expand to"
    )]
    #[diagnostic(help("package less (see [files] in aps.toml); nothing was written"))]
    Total {
        /// The sum of the file sizes.
        size: u64,
    },
    /// More entries than a zip without Zip64 holds.
    #[error(
        "the package would hold {count} entries, more than the {MAX_ENTRIES} a zip without Zip64 holds"
    )]
    #[diagnostic(help("package fewer files (see [files] in aps.toml); nothing was written"))]
    Entries {
        /// Files and directories.
        count: usize,
    },
    /// A member that expands more than the reader accepts.
    #[error(
        "{path} compresses from {size} to {compressed} bytes, more than the {MAX_RATIO}:1 apspack lint accepts (it takes such a member for a zip bomb)"
    )]
    #[diagnostic(help(
        "leave the file out, or make it less repetitive (a compressed format); nothing was written"
    ))]
    Ratio {
        /// The file inside the package.
        path: String,
        /// Its size.
        size: u64,
        /// Its compressed size.
        compressed: u64,
    },
}

/// Checks what can be known before an archive is written: metadata sizes, the total size and
/// the number of entries (directories a file path implies counted too).
pub fn check_tree(tree: &crate::tree::PackageTree) -> Result<(), LimitError> {
    let mut total = 0u64;
    let mut dirs = std::collections::BTreeSet::new();
    let mut files = 0usize;
    for e in tree.sorted() {
        match e.kind {
            crate::tree::EntryKind::Dir => {
                dirs.insert(e.path.trim_end_matches('/').to_string());
                continue;
            }
            _ => files += 1,
        }
        if crate::tree::is_metadata_path(&e.path) && e.size > MAX_METADATA_SIZE {
            return Err(LimitError::Metadata {
                path: e.path.clone(),
                size: e.size,
            });
        }
        total = total.saturating_add(e.size);
        let mut end = 0;
        while let Some(i) = e.path[end..].find('/') {
            end += i + 1;
            dirs.insert(e.path[..end - 1].to_string());
        }
    }
    if total > MAX_TOTAL_SIZE {
        return Err(LimitError::Total { size: total });
    }
    if files + dirs.len() > MAX_ENTRIES {
        return Err(LimitError::Entries {
            count: files + dirs.len(),
        });
    }
    Ok(())
}

/// True when a member of `size` bytes stored in `compressed` bytes expands more than the
/// reader accepts.
pub fn too_compressed(size: u64, compressed: u64) -> bool {
    size > RATIO_GRACE && size > compressed.saturating_mul(MAX_RATIO)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::{Entry, EntryKind, Origin, PackageTree};

    fn file(path: &str, size: u64) -> Entry {
        let mut e = Entry::dir(path);
        e.kind = EntryKind::File;
        e.size = size;
        e
    }

    #[test]
    fn trees_past_a_limit_are_refused() {
        let mut t = PackageTree::new(Origin::Project("p".into()));
        t.push(file("APP-META.xml", 1000));
        t.push(file("doc/a.bin", 1 << 30));
        assert!(check_tree(&t).is_ok());
        t.push(file("doc/b.bin", (1 << 30) + 1));
        assert!(matches!(check_tree(&t), Err(LimitError::Total { .. })));
        let mut t = PackageTree::new(Origin::Project("p".into()));
        t.push(file("APP-META.xml", MAX_METADATA_SIZE + 1));
        let e = check_tree(&t).expect_err("metadata over the cap");
        assert!(e.to_string().starts_with("APP-META.xml would be"), "{e}");
        let mut t = PackageTree::new(Origin::Project("p".into()));
        for i in 0..=MAX_ENTRIES / 2 {
            t.push(file(&format!("d{i}/f"), 1));
        }
        assert!(matches!(check_tree(&t), Err(LimitError::Entries { .. })));
        assert!(!too_compressed(RATIO_GRACE, 1));
        assert!(too_compressed(RATIO_GRACE + 1, 1));
        assert!(!too_compressed(2_000_000, 20_000));
        assert!(too_compressed(2_000_000, 19_999));
    }
}

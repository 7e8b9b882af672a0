//! Fuzz target: any bytes as APP-META.xml of an otherwise empty package; every rule must run
//! without panicking and every finding position must be 1-based.
#![no_main]

use std::path::PathBuf;

use apspack::tree::{Entry, Origin, PackageTree};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut tree = PackageTree::new(Origin::Directory(PathBuf::from("fuzz")));
    tree.push(Entry::memory("APP-META.xml", data.to_vec()));
    for finding in apspack::lint::lint(&tree) {
        assert!(finding.line.is_none_or(|l| l >= 1));
        assert!(finding.column.is_none_or(|c| c >= 1));
    }
});

//! Fuzz target: any bytes as a `.app.zip`; reading must give a tree or an error, and linting
//! the tree must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let path = dir.path().join("fuzz.app.zip");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    if let Ok(tree) = apspack::archive::read::read_zip(&path) {
        let _ = apspack::lint::lint(&tree);
    }
});

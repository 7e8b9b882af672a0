//! Fuzz target: any bytes as a project's aps.toml; loading and validating must return a
//! project or an error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    if std::fs::write(dir.path().join(apspack::manifest::MANIFEST), data).is_err() {
        return;
    }
    let _ = apspack::manifest::load(dir.path());
});

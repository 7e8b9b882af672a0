//! Fuzz target: any text as aps.toml; parsing and validating must return a project or an error
//! (with positions inside the text), never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    if let Err(e) = apspack::manifest::parse(text, dir.path()) {
        for p in e.problems() {
            assert!(p.line >= 1 && p.column >= 1, "positions are 1-based");
        }
    }
});

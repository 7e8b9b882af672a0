//! Fuzz target: the namespace-aware XML parser must never panic, and every span it returns
//! must lie inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = apspack::xml::parse(data) {
        let mut elements = vec![&doc.root];
        elements.extend(doc.root.descendants());
        for e in elements {
            assert!(e.span.start <= e.span.end && e.span.end <= data.len());
            let v = e.value_span();
            assert!(v.start <= v.end && v.end <= data.len());
        }
    }
});

//! For unit tests only: something a test needs from outside the project (a tool, installed
//! test data) is missing. A local run skips the check and says so; under `CI` the test fails.

/// Fails the test when `CI` is set; otherwise prints that the check of `what` is skipped.
pub fn missing(what: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{what} is missing, and CI is set: this test needs it"
    );
    println!("skipping: {what} is missing (local run; CI would fail)");
}

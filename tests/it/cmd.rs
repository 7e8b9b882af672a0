//! Command transcripts (`tests/cmd/*.toml`) run with trycmd.

#[test]
fn transcripts() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml");
}

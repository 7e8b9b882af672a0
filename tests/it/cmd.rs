//! Command transcripts run with trycmd: `tests/cmd/*.toml` (one command each) and
//! `tests/cmd/*.trycmd` (several commands sharing one sandbox). `NO_COLOR` is set so that the
//! output is plain, and `COLUMNS` so that help text wraps the same everywhere.

#[test]
fn transcripts() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .case("tests/cmd/*.toml")
        .case("tests/cmd/*.trycmd");
}

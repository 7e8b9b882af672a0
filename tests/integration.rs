//! The one integration test binary: end-to-end tests of the `apspack` binary and library, one
//! module per area under `tests/it/`.

mod it {
    mod archive;
    mod artifact;
    mod build;
    mod classic;
    mod cmd;
    mod corpus;
    mod diff;
    mod hostile;
    mod import;
    mod manifest;
    mod report;
    mod schema;
    mod sign;
    mod source;
    mod support;
    mod templates;
    mod tools;
}

//! ZIP archives: the deterministic parallel writer and the safe reader.

pub mod at;
pub mod deflate;
pub mod dry;
pub mod headers;
pub mod members;
pub mod pipeline;
pub mod read;
pub mod write;

pub use read::{Limits, ReadError, read_zip, read_zip_with};
pub use write::{
    ArchiveError, Written, WrittenFile, default_jobs, write_atomic, write_atomic_with, write_zip,
    write_zip_with,
};

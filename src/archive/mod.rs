//! ZIP archives: the deterministic writer and the safe reader.

pub mod dry;
pub mod read;
pub mod write;

pub use read::{Limits, ReadError, read_zip, read_zip_with};
pub use write::{
    ArchiveError, Written, WrittenFile, write_atomic, write_atomic_with, write_zip, write_zip_with,
};

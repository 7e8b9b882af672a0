//! ZIP archives: the deterministic writer and the safe reader.

pub mod read;
pub mod write;

//! APS type definitions (`schemas/*.schema`): reading (comments tolerated, with spans) and writing.

pub mod read;
pub mod write;

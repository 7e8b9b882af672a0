//! Classic APS source trees (`APP-META.xml` and annotated `scripts/*.php`, no `aps.toml`): the
//! type definitions read from the PHP annotations ([`types`]), written in the vendor's
//! `.schema.gen` style ([`schemagen`]), and the package tree a build makes of the whole source tree
//! ([`tree`]).

pub mod schemagen;
pub mod scripts;
pub mod tree;
pub mod types;

#[cfg(test)]
mod fuzz_tests;

pub use tree::{Classic, ClassicError, generate};

//! Progress reporting from the library to whoever runs it: library code never prints, it calls
//! a [`Progress`] that the command line turns into a bar or `-v` lines (or ignores).

/// Receives what a long operation is doing. Every method has a do-nothing default.
pub trait Progress: Sync {
    /// A phase begins (`"hashing"`, `"compressing"`), with the number of steps when known.
    fn phase(&self, _name: &str, _total: Option<u64>) {}
    /// One step of the current phase is done; `item` names it (a package path).
    fn step(&self, _item: &str) {}
    /// A note about what is being done, for verbose output.
    fn note(&self, _message: &str) {}
    /// The current phase is over.
    fn done(&self) {}
}

/// A [`Progress`] that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}

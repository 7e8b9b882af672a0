//! The one set of limits that `build` and `lint` share: what an archive may hold and what is
//! read of it. `build` refuses to write a package past any of them, and the archive reader and
//! the linter report a package past them as an error, so a build never writes what its own
//! linter rejects. They also bound memory: linting any input within them stays well under
//! 256 MiB.

/// Most uncompressed bytes in one package (all files together).
pub const MAX_TOTAL_SIZE: u64 = 2 * 1024 * 1024 * 1024;
/// Most a member may expand when inflated: uncompressed bytes per compressed byte ...
pub const MAX_RATIO: u64 = 100;
/// ... once it has produced more than this many bytes (small files may expand a lot).
pub const RATIO_GRACE: u64 = 1024 * 1024;
/// Largest metadata file (APP-META.xml, APP-LIST.xml, schemas, catalogues, security.json)
/// whose content is read and checked.
pub const MAX_METADATA_SIZE: u64 = 16 * 1024 * 1024;
/// Most metadata bytes kept in memory for one package, all metadata files together; files
/// past it are hashed but not checked.
pub const MAX_METADATA_TOTAL: u64 = 48 * 1024 * 1024;
/// Most entries (files and directories) in one package: the most a zip archive without Zip64
/// can hold.
pub const MAX_ENTRIES: usize = 65_535;
/// Most elements in one XML document (an APP-LIST.xml of the most files an archive can hold
/// needs 65,536).
pub const MAX_XML_ELEMENTS: usize = 100_000;
/// Most values (arrays, objects and the items between their commas) in one JSON file.
pub const MAX_JSON_VALUES: usize = 100_000;
/// Most JSON values parsed for one package, all type schemas together.
pub const MAX_JSON_VALUES_TOTAL: usize = 400_000;

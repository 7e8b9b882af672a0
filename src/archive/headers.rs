//! The ZIP records the writer emits: local headers, central directory headers, the end record.
//!
//! Only what a deterministic APS archive needs: no extra fields, no comments, no data
//! descriptors, no Zip64 (so sizes, offsets and the entry count must fit the classic fields;
//! [`ArchiveError::TooLarge`](super::write::ArchiveError::TooLarge) says when they do not).
//! Version needed is 2.0 for deflated members and directories, 1.0 for stored files; "made by"
//! is Unix with the same version; the language-encoding flag (bit 11) marks names that are not
//! plain ASCII, which are UTF-8.

/// Compression method: stored.
pub const STORED: u16 = 0;
/// Compression method: deflate.
pub const DEFLATED: u16 = 8;
/// Length of a local header before the name.
pub const LOCAL_LEN: u64 = 30;
/// Offset, inside a local header, of the CRC-32 (followed by the two sizes).
pub const LOCAL_CRC_AT: u64 = 14;
/// Largest size or offset the classic fields hold (0xFFFFFFFF itself means "see Zip64").
pub const MAX_FIELD: u64 = 0xFFFF_FFFE;
/// Most entries the classic end record counts (0xFFFF itself means "see Zip64").
pub const MAX_ENTRIES: usize = 0xFFFE;

/// One member's header fields.
#[derive(Debug, Clone)]
pub struct Member {
    /// Stored name (UTF-8; directories end in `/`).
    pub name: String,
    /// [`STORED`] or [`DEFLATED`].
    pub method: u16,
    /// DOS time and date.
    pub time: u16,
    /// DOS date.
    pub date: u16,
    /// CRC-32 of the uncompressed bytes.
    pub crc: u32,
    /// Compressed size.
    pub compressed: u32,
    /// Uncompressed size.
    pub size: u32,
    /// Unix mode including the file type bits (`0o100644`, `0o040755`, ...).
    pub mode: u32,
    /// Offset of the local header from the start of the archive.
    pub offset: u32,
}

impl Member {
    fn version(&self) -> u16 {
        if self.method == DEFLATED || self.name.ends_with('/') {
            20
        } else {
            10
        }
    }

    fn flags(&self) -> u16 {
        if self.name.is_ascii() { 0 } else { 0x0800 }
    }

    fn name_len(&self) -> u16 {
        // Entry paths are checked against MAX_NAME before anything is written.
        u16::try_from(self.name.len()).unwrap_or(u16::MAX)
    }

    /// The local header (30 bytes and the name).
    pub fn local(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(LOCAL_LEN as usize + self.name.len());
        b.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        b.extend_from_slice(&self.version().to_le_bytes());
        self.shared_fields(&mut b);
        b.extend_from_slice(&0u16.to_le_bytes());
        b.extend_from_slice(self.name.as_bytes());
        b
    }

    /// The fields the local and the central header share, in the same order: flags, method,
    /// time, date, the sums and the name length.
    fn shared_fields(&self, b: &mut Vec<u8>) {
        b.extend_from_slice(&self.flags().to_le_bytes());
        b.extend_from_slice(&self.method.to_le_bytes());
        b.extend_from_slice(&self.time.to_le_bytes());
        b.extend_from_slice(&self.date.to_le_bytes());
        b.extend_from_slice(&self.sums());
        b.extend_from_slice(&self.name_len().to_le_bytes());
    }

    /// CRC-32, compressed size, uncompressed size: the 12 bytes at [`LOCAL_CRC_AT`].
    pub fn sums(&self) -> [u8; 12] {
        let mut b = [0u8; 12];
        b[..4].copy_from_slice(&self.crc.to_le_bytes());
        b[4..8].copy_from_slice(&self.compressed.to_le_bytes());
        b[8..].copy_from_slice(&self.size.to_le_bytes());
        b
    }

    /// Appends the central directory header (46 bytes and the name) to `b`.
    pub fn central(&self, b: &mut Vec<u8>) {
        let version = self.version();
        b.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        b.extend_from_slice(&(0x0300 | version).to_le_bytes());
        b.extend_from_slice(&version.to_le_bytes());
        self.shared_fields(b);
        // Extra field, comment, disk number, internal attributes.
        b.extend_from_slice(&[0u8; 8]);
        b.extend_from_slice(&(self.mode << 16).to_le_bytes());
        b.extend_from_slice(&self.offset.to_le_bytes());
        b.extend_from_slice(self.name.as_bytes());
    }
}

/// The end of central directory record, without a comment.
pub fn end(entries: u16, central_len: u32, central_at: u32) -> Vec<u8> {
    let mut b = Vec::with_capacity(22);
    b.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    b.extend_from_slice(&[0u8; 4]);
    b.extend_from_slice(&entries.to_le_bytes());
    b.extend_from_slice(&entries.to_le_bytes());
    b.extend_from_slice(&central_len.to_le_bytes());
    b.extend_from_slice(&central_at.to_le_bytes());
    b.extend_from_slice(&0u16.to_le_bytes());
    b
}

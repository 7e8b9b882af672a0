//! Raw deflate of one piece of a member, and the content probe that decides deflate or store.
//!
//! A member larger than [`CHUNK_LEN`] is cut into pieces of exactly [`CHUNK_LEN`] bytes (the
//! last one shorter), each compressed on its own and joined into one valid deflate stream: every
//! piece but the last ends with a sync flush (an empty stored block, so it ends on a byte
//! boundary with BFINAL=0), the last one finishes the stream. Each piece is primed with the
//! [`WINDOW`] bytes of the member just before it, so back-references across the cut still work
//! and the ratio stays that of one stream. The pieces depend only on the member's bytes, never
//! on which thread compressed them or how many there were: the output is the same for one job
//! and for sixty-four.

use flate2::{Compress, Compression, FlushCompress, Status};

/// The deflate level of every compressed member (zlib's usual default).
pub const LEVEL: u32 = 6;

/// Size of the pieces a member is cut into.
pub const CHUNK_LEN: usize = 1024 * 1024;

/// How much of a member the probe compresses.
pub const PROBE_LEN: usize = 64 * 1024;

/// The deflate window: how much history a piece is primed with.
pub const WINDOW: usize = 32 * 1024;

/// A compressor for pieces; keep one per thread and reuse it.
pub struct Deflater(Compress);

impl Default for Deflater {
    fn default() -> Self {
        Deflater(Compress::new(Compression::new(LEVEL), false))
    }
}

/// Why deflate failed (the backend reported an error; not expected for valid parameters).
#[derive(Debug, thiserror::Error)]
#[error("deflate failed: {0}")]
pub struct DeflateError(String);

impl Deflater {
    /// Appends to `out` the raw deflate of `input`, a piece of a member whose preceding bytes
    /// end with `history` (only its last [`WINDOW`] bytes are used; empty for the first piece).
    /// `last` ends the stream; otherwise the piece ends with a sync flush.
    pub fn piece(
        &mut self,
        history: &[u8],
        input: &[u8],
        last: bool,
        out: &mut Vec<u8>,
    ) -> Result<(), DeflateError> {
        let c = &mut self.0;
        c.reset();
        let history = &history[history.len().saturating_sub(WINDOW)..];
        if !history.is_empty() {
            c.set_dictionary(history)
                .map_err(|e| DeflateError(e.to_string()))?;
        }
        let flush = if last {
            FlushCompress::Finish
        } else {
            FlushCompress::Sync
        };
        // Room for the worst case (stored blocks) up front, so one call usually does it all.
        out.reserve(bound(input.len()));
        let start_in = c.total_in();
        loop {
            let used = (c.total_in() - start_in) as usize;
            let status = c
                .compress_vec(&input[used..], out, flush)
                .map_err(|e| DeflateError(e.to_string()))?;
            let consumed = (c.total_in() - start_in) as usize == input.len();
            let room = out.len() < out.capacity();
            match status {
                Status::StreamEnd => return Ok(()),
                Status::Ok | Status::BufError if !last && consumed && room => return Ok(()),
                Status::Ok | Status::BufError => out.reserve(out.capacity().max(64 * 1024)),
            }
        }
    }
}

/// The probe: whether the sample (a member's first [`PROBE_LEN`] bytes, or all of a shorter
/// member) looks worth deflating. Cheap (a byte histogram and one pass of a 4-byte match
/// finder, no compression), integer-only, so it decides the same on every machine: yes when
/// entropy coding of the bytes alone would save 5%, or when repeated strings would.
pub fn looks_compressible(sample: &[u8]) -> bool {
    let n = sample.len() as u64;
    if n == 0 {
        return false;
    }
    let mut counts = [0u64; 256];
    for &b in sample {
        counts[usize::from(b)] += 1;
    }
    // Order-0 entropy, in 1/65536 bits: what Huffman coding of single bytes approaches.
    let log_n = log2_q16(n);
    let bits: u64 = counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| c * (log_n - log2_q16(c)))
        .sum();
    if bits * 100 <= 95 * 8 * n * 65536 {
        return true;
    }
    repeats_save(sample) * 20 >= n
}

/// Bytes that back-references to repeated strings would roughly save in `sample`: the bytes
/// covered by matches of 4 bytes or more found through a one-entry hash table, less 3 bytes for
/// coding each match.
fn repeats_save(sample: &[u8]) -> u64 {
    const BITS: u32 = 14;
    let mut table = vec![0u32; 1 << BITS];
    let (mut covered, mut matches) = (0u64, 0u64);
    let mut i = 0;
    while i + 4 <= sample.len() {
        let word = [sample[i], sample[i + 1], sample[i + 2], sample[i + 3]];
        let h = (u32::from_le_bytes(word).wrapping_mul(0x9E37_79B1) >> (32 - BITS)) as usize;
        let candidate = table[h] as usize;
        // Positions are stored plus one, so 0 means empty (samples are far below 4 GiB).
        table[h] = u32::try_from(i + 1).unwrap_or(0);
        if candidate > 0 && sample[candidate - 1..candidate + 3] == word {
            let j = candidate - 1;
            let mut len = 4;
            while i + len < sample.len() && sample[j + len] == sample[i + len] {
                len += 1;
            }
            covered += len as u64;
            matches += 1;
            i += len;
        } else {
            i += 1;
        }
    }
    covered.saturating_sub(3 * matches)
}

/// log2(`x`) for `x` ≥ 1 in 16.16 fixed point, by repeated squaring: integer arithmetic only.
fn log2_q16(x: u64) -> u64 {
    let int = 63 - u64::from(x.max(1).leading_zeros());
    // The mantissa in [1, 2) as a 31-bit fraction.
    let mut m: u64 = if int >= 31 {
        x >> (int - 31)
    } else {
        x << (31 - int)
    };
    let mut frac = 0;
    for bit in (0..16).rev() {
        m = (m * m) >> 31;
        if m >= 1 << 32 {
            m >>= 1;
            frac |= 1 << bit;
        }
    }
    (int << 16) | frac
}

/// Whether a deflate output is worth keeping over the original: it saves at least 2%.
pub fn worth_deflating(deflated: usize, original: usize) -> bool {
    original > 0 && deflated.saturating_mul(50) <= original.saturating_mul(49)
}

/// An upper bound of the deflated size of `len` bytes, flush marker included.
fn bound(len: usize) -> usize {
    len + len / 1000 * 5 + 64
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn inflate(stream: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::DeflateDecoder::new(stream)
            .read_to_end(&mut out)
            .expect("a valid deflate stream");
        out
    }

    /// Deflates `data` in pieces of `chunk` bytes as the archive writer does.
    fn pieces(data: &[u8], chunk: usize) -> Vec<u8> {
        let mut d = Deflater::default();
        let mut out = Vec::new();
        let n = data.len().div_ceil(chunk).max(1);
        for i in 0..n {
            let start = i * chunk;
            let end = (start + chunk).min(data.len());
            d.piece(&data[..start], &data[start..end], i + 1 == n, &mut out)
                .expect("deflates");
        }
        out
    }

    fn text(len: usize) -> Vec<u8> {
        let words = ["alpha ", "beta ", "gamma ", "delta\n", "epsilon ", "<?php "];
        let mut s = Vec::with_capacity(len + 8);
        let mut x = 7u64;
        while s.len() < len {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            s.extend_from_slice(words[(x >> 33) as usize % words.len()].as_bytes());
        }
        s.truncate(len);
        s
    }

    #[test]
    fn joined_pieces_are_one_valid_stream() {
        let chunk = 4096;
        for len in [
            0,
            1,
            chunk - 1,
            chunk,
            chunk + 1,
            3 * chunk,
            3 * chunk + chunk / 2,
        ] {
            let data = text(len);
            let stream = pieces(&data, chunk);
            assert_eq!(inflate(&stream), data, "{len} bytes");
        }
    }

    #[test]
    fn priming_keeps_the_ratio_of_one_stream() {
        let data = text(512 * 1024);
        let whole = pieces(&data, data.len());
        let cut = pieces(&data, 64 * 1024);
        assert_eq!(inflate(&cut), data);
        // Seven sync markers of 5 bytes and a little block overhead, nothing more.
        assert!(
            cut.len() <= whole.len() + whole.len() / 100,
            "{} vs {}",
            cut.len(),
            whole.len()
        );
    }

    #[test]
    fn a_piece_depends_only_on_its_bytes_and_history() {
        let data = text(100_000);
        let mut a = Deflater::default();
        let mut b = Deflater::default();
        let (mut x, mut y) = (Vec::new(), Vec::new());
        // A used compressor gives the same bytes as a fresh one.
        a.piece(&[], &text(5000), true, &mut Vec::new())
            .expect("deflates");
        a.piece(&data[..50_000], &data[50_000..], true, &mut x)
            .expect("deflates");
        b.piece(&data[..50_000], &data[50_000..], true, &mut y)
            .expect("deflates");
        assert_eq!(x, y);
    }

    fn noise(len: usize) -> Vec<u8> {
        let mut x = 1u64;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 32) as u8
            })
            .collect()
    }

    #[test]
    fn the_probe_tells_text_from_noise() {
        assert!(looks_compressible(&text(PROBE_LEN)));
        assert!(looks_compressible(b"aaaa"));
        assert!(!looks_compressible(&noise(PROBE_LEN)));
        assert!(!looks_compressible(&noise(4096)));
        // Too few bytes to tell: worth a try (deflate then keeps them stored).
        assert!(looks_compressible(&noise(100)));
        assert!(!looks_compressible(b""));
        // Uniform bytes, but a 1 KiB block repeated: the repeats make it worth deflating.
        let block = noise(1024);
        assert!(looks_compressible(&block.repeat(64)));
        // Base64-like text: 6 bits a byte.
        let b64: Vec<u8> = noise(PROBE_LEN)
            .iter()
            .map(|b| {
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                    [usize::from(b % 64)]
            })
            .collect();
        assert!(looks_compressible(&b64));
        // And the probe agrees with deflate on these.
        let mut d = Deflater::default();
        for (sample, expect) in [(text(PROBE_LEN), true), (noise(PROBE_LEN), false)] {
            let mut out = Vec::new();
            d.piece(&[], &sample, true, &mut out).expect("deflates");
            assert_eq!(worth_deflating(out.len(), sample.len()), expect);
        }
        assert!(!worth_deflating(0, 0));
        assert!(worth_deflating(98, 100));
        assert!(!worth_deflating(99, 100));
    }

    #[test]
    fn fixed_point_log2() {
        for (x, want) in [
            (1u64, 0.0f64),
            (2, 1.0),
            (3, 1.584_962_5),
            (1000, 9.965_784),
            (65_536, 16.0),
            (65_535, 15.999_978),
        ] {
            let got = log2_q16(x) as f64 / 65_536.0;
            assert!((got - want).abs() < 1e-4, "log2({x}) = {got}, want {want}");
        }
    }
}

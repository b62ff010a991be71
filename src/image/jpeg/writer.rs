//! The JFIF container (markers and segments) and the entropy-coded bit stream with 0xFF 0x00 stuffing.

use super::huffman::Table;
use super::tables::Quantizer;

/// Bytes of every segment but DHT, SOS's data and the stuffing: SOI 2, APP0 18, DQT 4 + 2·65, SOF0 19,
/// SOS 14, EOI 2 (+ DHT's 4-byte marker and length).
pub(super) const FIXED_BYTES: usize = 2 + 18 + 134 + 19 + 14 + 2 + 4;

/// Bytes of one table in DHT: class/id, 16 counts, the symbols.
pub(super) fn dht_table_bytes(t: &Table) -> usize {
    17 + t.values.len()
}

/// SOI, APP0 (JFIF 1.02, aspect 1:1), DQT (luma 0, chroma 1), SOF0 (baseline, 8-bit, Y 2×2, Cb/Cr 1×1),
/// one DHT with four tables (DC 0, AC 0 luma; DC 1, AC 1 chroma) and SOS (one interleaved scan).
pub(super) fn headers(out: &mut Vec<u8>, width: u16, height: u16, q: &[Quantizer; 2], tables: &[Table; 4]) {
    out.extend_from_slice(&[0xFF, 0xD8]);
    out.extend_from_slice(&[0xFF, 0xE0, 0, 16]);
    out.extend_from_slice(b"JFIF\0");
    out.extend_from_slice(&[1, 2, 0, 0, 1, 0, 1, 0, 0]);

    out.extend_from_slice(&[0xFF, 0xDB, 0, 2 + 2 * 65]);
    for (id, table) in q.iter().enumerate() {
        out.push(id as u8);
        out.extend_from_slice(&table.dqt);
    }

    out.extend_from_slice(&[0xFF, 0xC0, 0, 17, 8]);
    out.extend_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&width.to_be_bytes());
    out.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);

    let dht_len = 2 + tables.iter().map(dht_table_bytes).sum::<usize>();
    out.extend_from_slice(&[0xFF, 0xC4]);
    out.extend_from_slice(&(dht_len as u16).to_be_bytes());
    // Order of `tables`: luma DC, luma AC, chroma DC, chroma AC.
    for (i, t) in tables.iter().enumerate() {
        out.push((((i & 1) as u8) << 4) | (i / 2) as u8);
        out.extend_from_slice(&t.bits);
        out.extend_from_slice(&t.values);
    }

    out.extend_from_slice(&[0xFF, 0xDA, 0, 12, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
}

/// Big-endian bit writer: whole 32-bit words at a time, byte by byte only when a word holds a 0xFF (which
/// gets a 0x00 stuffed after it).
pub(super) struct BitWriter<'a> {
    out: &'a mut Vec<u8>,
    acc: u64,
    /// Bits in `acc` not yet written (0–31 between calls).
    n: u32,
}

impl<'a> BitWriter<'a> {
    pub(super) fn new(out: &'a mut Vec<u8>) -> Self {
        BitWriter { out, acc: 0, n: 0 }
    }

    /// Appends the low `count` (≤ 32) bits of `value`.
    #[inline(always)]
    pub(super) fn put(&mut self, value: u32, count: u32) {
        self.acc = (self.acc << count) | u64::from(value);
        self.n += count;
        if self.n >= 32 {
            self.n -= 32;
            let word = (self.acc >> self.n) as u32;
            // Any byte equal to 0xFF? (`haszero` of the complement.)
            if (!word).wrapping_sub(0x0101_0101) & word & 0x8080_8080 == 0 {
                self.out.extend_from_slice(&word.to_be_bytes());
            } else {
                for b in word.to_be_bytes() {
                    self.out.push(b);
                    if b == 0xFF {
                        self.out.push(0);
                    }
                }
            }
        }
    }

    /// Pads the last byte with one bits and writes what is left.
    pub(super) fn finish(mut self) {
        let pad = (8 - self.n % 8) % 8;
        self.acc = (self.acc << pad) | ((1u64 << pad) - 1);
        self.n += pad;
        while self.n >= 8 {
            self.n -= 8;
            let b = (self.acc >> self.n) as u8;
            self.out.push(b);
            if b == 0xFF {
                self.out.push(0);
            }
        }
    }
}

//! Optimal Huffman tables from symbol statistics, limited to 16-bit codes: JPEG Annex K.2 as libjpeg's
//! `jpeg_gen_optimal_table`, after the port in the `jpeg-encoder` crate 0.7.1 (`HuffmanTable::new_optimized`,
//! MIT OR Apache-2.0), with the same tie-breaking, so the tables (and sizes) match that crate's.

/// Symbol counts of one table: 256 symbols plus the reserved one (index 256, count 1) that keeps any code
/// from being all ones.
pub(super) type Freq = [u64; 257];

/// A Huffman table: what DHT holds (`bits`, `values`) and the code of each symbol.
#[derive(Debug, Clone)]
pub(super) struct Table {
    /// Number of codes of each length 1–16.
    pub(super) bits: [u8; 16],
    /// The symbols by increasing code length.
    pub(super) values: Vec<u8>,
    /// Code length per symbol (0: unused).
    pub(super) len: [u8; 256],
    /// Code per symbol, right-aligned.
    pub(super) code: [u16; 256],
}

impl Table {
    /// The optimal table for `freq` (whose entry 256 must be non-zero).
    pub(super) fn optimal(freq: &Freq) -> Table {
        let mut freq = *freq;
        freq[256] = freq[256].max(1);
        let mut others = [usize::MAX; 257];
        let mut codesize = [0usize; 257];
        loop {
            // The two least frequent (ties: the highest index), as in Annex K.2 / libjpeg.
            let (mut v1, mut v1_min) = (None, u64::MAX);
            for (i, &f) in freq.iter().enumerate() {
                if f > 0 && f <= v1_min {
                    v1_min = f;
                    v1 = Some(i);
                }
            }
            let (mut v2, mut v2_min) = (None, u64::MAX);
            for (i, &f) in freq.iter().enumerate() {
                if f > 0 && f <= v2_min && Some(i) != v1 {
                    v2_min = f;
                    v2 = Some(i);
                }
            }
            let (Some(mut v1), Some(mut v2)) = (v1, v2) else { break };
            freq[v1] += freq[v2];
            freq[v2] = 0;
            // Every symbol in both subtrees gets one bit longer; chain v2's list after v1's.
            codesize[v1] += 1;
            while let Some(&next) = others.get(v1).filter(|&&n| n != usize::MAX) {
                v1 = next;
                codesize[v1] += 1;
            }
            others[v1] = v2;
            codesize[v2] += 1;
            while let Some(&next) = others.get(v2).filter(|&&n| n != usize::MAX) {
                v2 = next;
                codesize[v2] += 1;
            }
        }

        // Count codes per length (a length can exceed 32 only with > 2^32 symbols; clamp defensively).
        let mut bits = [0u32; 64];
        for &size in &codesize {
            if size > 0 {
                bits[size.min(63)] += 1;
            }
        }
        // Limit to 16 bits (Annex K.3, Figure K.3): move pairs of the longest codes up.
        for i in (17..64).rev() {
            while bits[i] > 0 {
                let Some(j) = (1..=i - 2).rev().find(|&j| bits[j] > 0) else { break };
                bits[i] = bits[i].saturating_sub(2);
                bits[i - 1] += 1;
                bits[j + 1] += 2;
                bits[j] -= 1;
            }
        }
        // Remove the reserved symbol's code: one of the longest.
        if let Some(i) = (1..=16).rev().find(|&i| bits[i] > 0) {
            bits[i] -= 1;
        }

        // Symbols sorted by their unlimited code length, then value; lengths assigned from the limited counts.
        let mut values = Vec::with_capacity(256);
        for size in 1..=codesize.iter().copied().max().unwrap_or(0) {
            for (sym, &s) in codesize.iter().enumerate().take(256) {
                if s == size {
                    values.push(sym as u8);
                }
            }
        }
        let mut table =
            Table { bits: [0; 16], values: Vec::with_capacity(values.len()), len: [0; 256], code: [0; 256] };
        let mut code = 0u32;
        let mut next = values.iter();
        for (l, &count) in bits.iter().enumerate().take(17).skip(1) {
            let count = count as u8;
            table.bits[l - 1] = count;
            for _ in 0..count {
                let Some(&sym) = next.next() else { break };
                table.values.push(sym);
                table.len[usize::from(sym)] = l as u8;
                table.code[usize::from(sym)] = code as u16;
                code += 1;
            }
            code <<= 1;
        }
        table
    }

    /// Bits to code the symbols counted in `freq` with this table (the extra bits are counted apart).
    pub(super) fn cost(&self, freq: &Freq) -> u64 {
        self.len.iter().zip(freq.iter()).map(|(&l, &f)| u64::from(l) * f).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code is prefix-free and complete minus the all-ones code, every used symbol has one, lengths ≤ 16.
    fn check(freq: &Freq) -> Table {
        let t = Table::optimal(freq);
        let used = freq.iter().take(256).filter(|&&f| f > 0).count();
        assert_eq!(t.values.len(), used);
        assert_eq!(t.bits.iter().map(|&b| usize::from(b)).sum::<usize>(), used);
        let mut kraft = 0.0;
        for (s, &f) in freq.iter().enumerate().take(256) {
            let l = t.len[s];
            assert_eq!(l > 0, f > 0, "symbol {s}");
            assert!(l <= 16);
            if l > 0 {
                kraft += 0.5f64.powi(i32::from(l));
                assert!(u32::from(t.code[s]) < (1 << l) - 1, "all-ones code for {s}");
            }
        }
        assert!(kraft < 1.0);
        t
    }

    #[test]
    fn lengths_are_limited_and_codes_valid() {
        // Fibonacci-like counts force very long unlimited codes.
        let mut freq = [0u64; 257];
        let (mut a, mut b) = (1u64, 1u64);
        for f in freq.iter_mut().take(40) {
            *f = a;
            (a, b) = (b, a + b);
        }
        freq[256] = 1;
        check(&freq);
        // One symbol only; all 256.
        let mut one = [0u64; 257];
        one[0] = 1000;
        one[256] = 1;
        assert_eq!(check(&one).len[0], 1);
        let mut all = [7u64; 257];
        all[256] = 1;
        check(&all);
    }

    #[test]
    fn frequent_symbols_get_short_codes() {
        let mut freq = [0u64; 257];
        freq[0] = 1000;
        freq[1] = 10;
        freq[2] = 10;
        freq[256] = 1;
        let t = check(&freq);
        assert_eq!(t.len[0], 1);
        assert_eq!(t.cost(&freq), 1000 + 10 * 2 + 10 * 3);
    }
}

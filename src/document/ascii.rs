//! Where a run of ASCII bytes of one class ends, found eight bytes at a time. The word loops
//! of the per-document pass (name finding, lower-case words, doubled words) spend most of
//! their time finding the ends of words, and prose has one every few bytes: too often for a
//! memchr call each, and a byte at a time costs several instructions a byte.

const ONES: u64 = u64::from_le_bytes([1; 8]);
/// The high bit of every byte: the bits of a chunk's masks.
pub const HIGH: u64 = ONES * 0x80;

/// The high bit of each byte of `w` below 0x80 that lies in `lo..=hi` (`hi` below 0x80). Exact
/// for every byte: per byte, `0x80 + hi - b` and `b + 0x80 - lo` stay within 0..=0xFF, so no
/// borrow or carry crosses into the next byte.
const fn within(w: u64, lo: u8, hi: u8) -> u64 {
    let low = w & (ONES * 0x7F);
    let at_most_hi = (ONES * (0x80 + hi as u64)).wrapping_sub(low);
    if lo == 0 {
        return at_most_hi & !w & HIGH;
    }
    let at_least_lo = low + ONES * (0x80 - lo as u64);
    at_most_hi & at_least_lo & !w & HIGH
}

/// ASCII letters, either case: folded to lower case first (`| 0x20` maps no other byte into
/// `a..=z`).
const fn letters(w: u64) -> u64 {
    within(w | (ONES * 0x20), b'a', b'z')
}

/// The end of a stretch of lower-case prose from `at`: ASCII lower-case letters, digits,
/// spaces and the punctuation `"#$%&'()*+,-`, and capital letters inside a word ("iPhone",
/// "3D") but not starting one. Name finding skips such a stretch at once, where it would
/// otherwise go word by word: none of it starts a name or a sentence.
pub fn lower_prose_end(bytes: &[u8], mut at: usize) -> usize {
    let mut after_alnum = at
        .checked_sub(1)
        .and_then(|i| bytes.get(i))
        .is_some_and(u8::is_ascii_alphanumeric);
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: every x86_64 processor has SSE2.
        match unsafe { lower_prose_end_sse2(bytes, at, after_alnum) } {
            Ok(end) => return end,
            Err((next, alnum)) => (at, after_alnum) = (next, alnum),
        }
    }
    // The high bit of the byte before the chunk, if it is a letter or a digit.
    let mut carry = if after_alnum { 0x80 } else { 0 };
    while let Some(chunk) = bytes.get(at..at + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let letter = letters(w);
        let digit = within(w, b'0', b'9');
        // A capital has bit 5 clear: `w << 2` moves it to the byte's high bit.
        let upper = letter & !(w << 2);
        let alnum = letter | digit;
        let after_alnum = (alnum << 8) | carry;
        // `^ 1` swaps each even byte with the odd one after it: the space and `"`..=`-` to
        // `!`..=`-`, and `!` (which ends a sentence) to the space.
        let ok = alnum & !(upper & !after_alnum) | within(w ^ ONES, b'!', b'-');
        let stop = !ok & HIGH;
        if stop != 0 {
            return at + stop.trailing_zeros() as usize / 8;
        }
        carry = alnum >> 56;
        at += 8;
    }
    after_alnum = carry != 0;
    while let Some(&b) = bytes.get(at) {
        let ok = b.is_ascii_lowercase()
            || b.is_ascii_digit()
            || matches!(b, b' ' | b'"'..=b'-')
            || (b.is_ascii_uppercase() && after_alnum);
        if !ok {
            break;
        }
        after_alnum = b.is_ascii_alphanumeric();
        at += 1;
    }
    at
}

/// [`lower_prose_end`] sixteen bytes to a compare, as long as sixteen are left: the end, or
/// where the rest starts and whether the byte before it is a letter or a digit.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn lower_prose_end_sse2(
    bytes: &[u8],
    mut at: usize,
    after_alnum: bool,
) -> Result<usize, (usize, bool)> {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_setzero_si128, _mm_xor_si128,
    };
    // Bytes from 0x80 compare as negative: none is in any of the ranges below.
    let within = |v: __m128i, lo: u8, hi: u8| {
        _mm_and_si128(
            _mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)),
            _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1)),
        )
    };
    let mut carry = u32::from(after_alnum);
    while let Some(chunk) = bytes.get(at..at + 16) {
        // SAFETY: sixteen bytes to read, unaligned.
        let v = unsafe { _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>()) };
        let letter = within(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', b'z');
        let alnum = _mm_or_si128(letter, within(v, b'0', b'9'));
        let capital = _mm_and_si128(
            letter,
            _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8(0x20)), _mm_setzero_si128()),
        );
        // As in the chunks of eight: `^ 1` pairs the space with `"`..=`-`.
        let punctuation = within(_mm_xor_si128(v, _mm_set1_epi8(1)), b'!', b'-');
        let mask = |m: __m128i| _mm_movemask_epi8(m) as u32;
        let (alnum, capital) = (mask(alnum), mask(capital));
        let after_alnum = (alnum << 1) | carry;
        let ok = (alnum & !(capital & !after_alnum)) | mask(punctuation);
        let stop = !ok & 0xFFFF;
        if stop != 0 {
            return Ok(at + stop.trailing_zeros() as usize);
        }
        carry = alnum >> 15;
        at += 16;
    }
    Err((at, carry != 0))
}

/// Where a run of ASCII letters and digits from `at` ends, and whether it has a lower-case
/// letter and a digit: the body of a capitalised word, eight bytes at a time.
pub fn alnum_run(bytes: &[u8], mut at: usize) -> (usize, bool, bool) {
    let (mut lower, mut digits) = (0, 0);
    while let Some(chunk) = bytes.get(at..at + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let digit = within(w, b'0', b'9');
        let letter = letters(w);
        let stop = !(letter | digit) & HIGH;
        // The bytes before the first stop.
        let run = stop.wrapping_sub(1) & !stop;
        lower |= letter & (w << 2) & run;
        digits |= digit & run;
        if stop != 0 {
            return (
                at + stop.trailing_zeros() as usize / 8,
                lower != 0,
                digits != 0,
            );
        }
        at += 8;
    }
    let (mut has_lower, mut has_digit) = (lower != 0, digits != 0);
    while let Some(&b) = bytes.get(at).filter(|b| b.is_ascii_alphanumeric()) {
        has_lower |= b.is_ascii_lowercase();
        has_digit |= b.is_ascii_digit();
        at += 1;
    }
    (at, has_lower, has_digit)
}

/// Whether `b` is a byte of an ASCII word as a bytes regex's `\w` and `\b` read one: a letter,
/// a digit or `_`.
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `w` with its ASCII capitals in lower case.
pub const fn to_lower(w: u64) -> u64 {
    // A capital's high bit moved to bit 5, which it lacks.
    w | (within(w, b'A', b'Z') >> 2)
}

/// The eight bytes from `at` as a word, the last chunk padded with `pad`; `None` from the end
/// of `bytes` on.
fn chunk_at(bytes: &[u8], at: usize, pad: u8) -> Option<u64> {
    let chunk: [u8; 8] = match bytes.get(at..at + 8) {
        Some(chunk) => chunk.try_into().expect("eight bytes"),
        None => {
            let rest = bytes.get(at..).filter(|rest| !rest.is_empty())?;
            let mut chunk = [pad; 8];
            chunk[..rest.len()].copy_from_slice(rest);
            chunk
        }
    };
    Some(u64::from_le_bytes(chunk))
}

/// The high bit of each byte of `w` below `!`: whitespace or another control byte.
const fn controls_in(w: u64) -> u64 {
    within(w, 0, b' ')
}

/// The high bit of each byte of `w` equal to ASCII `c`.
#[cfg(any(test, not(target_arch = "x86_64")))]
const fn equal_to(w: u64, c: u8) -> u64 {
    within(w, c, c)
}

/// The high bits of `high` (a chunk's mask: nothing but [`HIGH`] bits) gathered into its low
/// eight bits, byte `k`'s into bit `k`. The product puts byte `k`'s bit at `8k + 7 + 7j`
/// for each `j` in 0..8: at `56 + k` when `j = 7 - k`, and below 56 no two land on one place
/// (`8k + 7j = 7(k + j) + k` with `k < 7`), so nothing carries into the top byte.
#[cfg(any(test, not(target_arch = "x86_64")))]
const fn gather(high: u64) -> u64 {
    high.wrapping_mul(0x0002_0408_1020_4081) >> 56
}

/// Of the 64 bytes from `at` (spaces past the end of `bytes`), one bit a byte, byte `at + i`
/// bit `i`: each ASCII letter or non-ASCII byte (the bytes of words), and each non-ASCII
/// byte. Words are read off 64 bytes at once: a start, an end or a length is a bit
/// operation, and prose has a word every few bytes.
#[inline]
pub fn word_bytes_64(bytes: &[u8], at: usize) -> (u64, u64) {
    let mut padded = [b' '; 64];
    let block = block_64(bytes, at, &mut padded);
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: every x86_64 processor has SSE2.
        unsafe { word_bytes_64_sse2(block) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    word_bytes_64_swar(block)
}

/// The 64 bytes of `bytes` from `at`; past its end, `padded` (spaces) with what is left copied
/// in.
#[inline(always)]
fn block_64<'a>(bytes: &'a [u8], at: usize, padded: &'a mut [u8; 64]) -> &'a [u8; 64] {
    match bytes.get(at..at + 64) {
        Some(block) => block.try_into().expect("64 bytes"),
        None => {
            let rest = bytes.get(at..).unwrap_or_default();
            padded[..rest.len()].copy_from_slice(rest);
            padded
        }
    }
}

/// [`word_bytes_64`] sixteen bytes to a compare: it reads every byte of a document's prose
/// for the names facts, and eight bytes a word took three times the instructions.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn word_bytes_64_sse2(block: &[u8; 64]) -> (u64, u64) {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8,
    };
    let (mut words, mut non_ascii) = (0, 0);
    for (k, sixteen) in block.as_chunks::<16>().0.iter().enumerate() {
        // SAFETY: sixteen bytes to read, unaligned.
        let v = unsafe { _mm_loadu_si128(sixteen.as_ptr().cast::<__m128i>()) };
        // A byte from 0x80 is negative as a signed byte: above no letter, and its own bit.
        let high = u64::from(_mm_movemask_epi8(v) as u16);
        let folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
        let letter = _mm_and_si128(
            _mm_cmpgt_epi8(folded, _mm_set1_epi8(b'a' as i8 - 1)),
            _mm_cmplt_epi8(folded, _mm_set1_epi8(b'z' as i8 + 1)),
        );
        let letters = u64::from(_mm_movemask_epi8(letter) as u16);
        words |= (letters | high) << (16 * k);
        non_ascii |= high << (16 * k);
    }
    (words, non_ascii)
}

/// [`word_bytes_64`] eight bytes a word, where there is no SSE2.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn word_bytes_64_swar(block: &[u8; 64]) -> (u64, u64) {
    let (mut words, mut non_ascii) = (0, 0);
    for (k, eight) in block.as_chunks::<8>().0.iter().enumerate() {
        let w = u64::from_le_bytes(*eight);
        // `letters`, with the non-ASCII bytes let through instead of cut.
        let folded = (w | (ONES * 0x20)) & (ONES * 0x7F);
        let at_most_z = (ONES * (0x80 + b'z' as u64)).wrapping_sub(folded);
        let at_least_a = folded + ONES * (0x80 - b'a' as u64);
        words |= gather((at_most_z & at_least_a | w) & HIGH) << (8 * k);
        non_ascii |= gather(w & HIGH) << (8 * k);
    }
    (words, non_ascii)
}

/// Of the 64 bytes from `at` (spaces past the end of `bytes`), one bit a byte, byte `at + i`
/// bit `i`: each byte equal to one of `set`. The rules that look for a few ASCII bytes
/// (whitespace, punctuation) in a certain neighbourhood find them all at once, and most
/// blocks have none where it counts.
#[inline]
pub fn equal_64<const N: usize>(bytes: &[u8], at: usize, set: [u8; N]) -> u64 {
    let mut padded = [b' '; 64];
    let block = block_64(bytes, at, &mut padded);
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: every x86_64 processor has SSE2.
        unsafe { equal_64_sse2(block, set) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    equal_64_swar(block, set)
}

/// The offset of each byte of `bytes` equal to one of `set` and right after one of `after`,
/// in order, found 64 bytes at a time ([`equal_64`]): where such pairs are rare, as a space
/// before punctuation is, the bytes of `set` alone would be too many to test one by one.
pub fn preceded<const M: usize, const N: usize>(
    bytes: &[u8],
    after: [u8; M],
    set: [u8; N],
) -> impl Iterator<Item = usize> + '_ {
    // Whether the next block's first byte follows one of `after`.
    let mut carry = 0u64;
    set_bits(bytes.len(), move |at| {
        let before = equal_64(bytes, at, after);
        let found = equal_64(bytes, at, set) & ((before << 1) | carry);
        carry = before >> 63;
        found
    })
}

/// The offset of each byte of `bytes` equal to one of `set`, in order, as `memchr3_iter`
/// gives them, found 64 bytes at a time ([`equal_64`]): quicker where they are frequent, as
/// punctuation is in prose, and each would cost `memchr3_iter` a return and a new start.
pub fn find_all<const N: usize>(bytes: &[u8], set: [u8; N]) -> impl Iterator<Item = usize> + '_ {
    set_bits(bytes.len(), move |at| equal_64(bytes, at, set))
}

/// The offset of each bit set in the masks `block` gives of the 64-byte blocks of `len`
/// bytes (called with each block's start, in order), bits past `len` left out.
fn set_bits(len: usize, mut block: impl FnMut(usize) -> u64) -> impl Iterator<Item = usize> {
    let (mut base, mut next, mut found) = (0, 0, 0u64);
    std::iter::from_fn(move || {
        while found == 0 {
            let rest = len.checked_sub(next).filter(|&rest| rest > 0)?;
            found = block(next);
            // The padding past the end is no byte of the text.
            if rest < 64 {
                found &= (1 << rest) - 1;
            }
            base = next;
            next += 64;
        }
        let at = base + found.trailing_zeros() as usize;
        found &= found - 1;
        Some(at)
    })
}

/// [`equal_64`] sixteen bytes to a compare: a fifth of the instructions of eight bytes a
/// word ([`equal_64_swar`]).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn equal_64_sse2<const N: usize>(block: &[u8; 64], set: [u8; N]) -> u64 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_setzero_si128,
    };
    let mut mask = 0;
    for (k, sixteen) in block.as_chunks::<16>().0.iter().enumerate() {
        // SAFETY: sixteen bytes to read, unaligned.
        let v = unsafe { _mm_loadu_si128(sixteen.as_ptr().cast::<__m128i>()) };
        let equal = set.iter().fold(_mm_setzero_si128(), |equal, &c| {
            _mm_or_si128(equal, _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8)))
        });
        mask |= u64::from(_mm_movemask_epi8(equal) as u16) << (16 * k);
    }
    mask
}

/// [`equal_64`] eight bytes a word, where there is no SSE2.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn equal_64_swar<const N: usize>(block: &[u8; 64], set: [u8; N]) -> u64 {
    let mut mask = 0;
    for (k, eight) in block.as_chunks::<8>().0.iter().enumerate() {
        let w = u64::from_le_bytes(*eight);
        let equal = set.iter().fold(0, |equal, &c| equal | equal_to(w, c));
        mask |= gather(equal) << (8 * k);
    }
    mask
}

/// The offset of every byte below `!` (whitespace or another control byte), in order. Prose
/// has one every few bytes: each chunk of eight is tested once and its stops read off its
/// mask, rather than a search started again after each.
pub fn controls(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    // The chunk `stops` (the high bit of each stop byte) covers, and the next to read.
    let (mut base, mut next, mut stops) = (0, 0, 0u64);
    std::iter::from_fn(move || {
        while stops == 0 {
            // The last bytes padded with one that is no stop.
            stops = controls_in(chunk_at(bytes, next, b'!')?);
            base = next;
            next += 8;
        }
        let at = base + stops.trailing_zeros() as usize / 8;
        stops &= stops - 1;
        Some(at)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The eight bytes from `at` (spaces past the end of `bytes`): the high bit of each ASCII
    /// letter, and of each non-ASCII byte.
    fn letters_and_non_ascii(bytes: &[u8], at: usize) -> (u64, u64) {
        let w = chunk_at(bytes, at, b' ').unwrap_or(ONES * u64::from(b' '));
        (letters(w), w & HIGH)
    }

    fn check(bytes: &[u8]) {
        for at in 0..=bytes.len() {
            let (letters, non_ascii) = letters_and_non_ascii(bytes, at);
            for k in 0..8 {
                let b = bytes.get(at + k).copied().unwrap_or(b' ');
                let bit = |mask: u64| mask >> (8 * k) & 0xFF;
                assert_eq!(
                    bit(letters) == 0x80,
                    b.is_ascii_alphabetic(),
                    "{bytes:?} {at}"
                );
                assert_eq!(bit(non_ascii) == 0x80, !b.is_ascii(), "{bytes:?} {at}");
                assert_eq!(bit(letters | non_ascii) & 0x7F, 0, "{bytes:?} {at}");
            }
        }
        // Every length, so that each chunk boundary and the padded tail are crossed.
        for len in 0..=bytes.len() {
            let naive: Vec<usize> = (0..len).filter(|&i| bytes[i] < b'!').collect();
            assert_eq!(
                controls(&bytes[..len]).collect::<Vec<_>>(),
                naive,
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn word_bytes_are_the_letters_and_non_ascii_bytes_a_byte_loop_finds() {
        let naive = |bytes: &[u8], at: usize| {
            let (mut words, mut non_ascii) = (0u64, 0u64);
            for i in 0..64 {
                let b = bytes.get(at + i).copied().unwrap_or(b' ');
                words |= u64::from(b.is_ascii_alphabetic() || !b.is_ascii()) << i;
                non_ascii |= u64::from(!b.is_ascii()) << i;
            }
            (words, non_ascii)
        };
        for filler in [b'a', b'Z', b' ', 0xC3] {
            for value in 0..=u8::MAX {
                for place in [0, 1, 7, 8, 30, 63, 64, 65, 70] {
                    let mut bytes = [filler; 72];
                    bytes[place] = value;
                    for (len, at) in [(72, 0), (72, 5), (72, 8), (64, 0), (60, 0), (72, 70)] {
                        let expected = naive(&bytes[..len], at);
                        let what = format!("{value} at {place}, {len} bytes from {at}");
                        assert_eq!(word_bytes_64(&bytes[..len], at), expected, "{what}");
                        let mut padded = [b' '; 64];
                        let block = block_64(&bytes[..len], at, &mut padded);
                        assert_eq!(word_bytes_64_swar(block), expected, "{what}");
                    }
                }
            }
        }
        assert_eq!(word_bytes_64(b"", 0), (0, 0));
        assert_eq!(word_bytes_64(b"ab", 64), (0, 0));
    }

    #[test]
    fn equal_bytes_are_those_a_byte_loop_finds() {
        const SET: [u8; 3] = [b' ', b'\t', b'\n'];
        let naive = |bytes: &[u8], at: usize| {
            (0..64).fold(0u64, |equal, i| {
                let b = bytes.get(at + i).copied().unwrap_or(b' ');
                equal | u64::from(SET.contains(&b)) << i
            })
        };
        for filler in [b'a', b' ', b'\n', b'\r', 0xC3] {
            for value in 0..=u8::MAX {
                for place in [0, 1, 7, 8, 15, 16, 30, 63, 64, 65, 70] {
                    let mut bytes = [filler; 72];
                    bytes[place] = value;
                    for (len, at) in [(72, 0), (72, 5), (72, 8), (64, 0), (60, 0), (72, 70)] {
                        let expected = naive(&bytes[..len], at);
                        let found = equal_64(&bytes[..len], at, SET);
                        assert_eq!(found, expected, "{value} at {place}, {len} from {at}");
                        let block: [u8; 64] = std::array::from_fn(|i| {
                            bytes[..len].get(at + i).copied().unwrap_or(b' ')
                        });
                        assert_eq!(equal_64_swar(&block, SET), expected);
                    }
                }
            }
        }
        assert_eq!(equal_64(b"", 0, SET), u64::MAX);
        assert_eq!(equal_64(b"a\tb", 0, SET), !0b101);
        assert_eq!(equal_64(b"a.b,", 0, [b'.', b',']), 0b1010);
    }

    #[test]
    fn pairs_and_bytes_found_are_those_a_byte_loop_finds() {
        let texts: [&[u8]; 6] = [
            b"",
            b" .",
            b"solutions . Tokyo , Seoul ;then\t? and  !  a.b  ",
            &[b' '; 130],
            &[b'.'; 129],
            "caf\u{e9} , na\u{ef}ve .\n:".as_bytes(),
        ];
        let long: Vec<u8> = (0..300).map(|i| b" .a,\t"[i * 7 % 5]).collect();
        for text in texts.into_iter().chain([long.as_slice()]) {
            for len in 0..=text.len() {
                let bytes = &text[..len];
                let pairs: Vec<usize> = (1..len)
                    .filter(|&i| b".,;".contains(&bytes[i]) && b" \t".contains(&bytes[i - 1]))
                    .collect();
                let found: Vec<usize> =
                    preceded(bytes, [b' ', b'\t'], [b'.', b',', b';']).collect();
                assert_eq!(found, pairs, "{bytes:?}");
                let spaces: Vec<usize> = (0..len).filter(|&i| bytes[i] == b' ').collect();
                assert_eq!(
                    find_all(bytes, [b' ']).collect::<Vec<_>>(),
                    spaces,
                    "{bytes:?}"
                );
                let marks: Vec<usize> = memchr::memchr3_iter(b'.', b',', b';', bytes).collect();
                let found: Vec<usize> = find_all(bytes, [b'.', b',', b';']).collect();
                assert_eq!(found, marks, "{bytes:?}");
            }
        }
    }

    #[test]
    fn every_byte_value_at_every_place_is_classed_as_a_byte_loop_says() {
        for filler in [b'a', b'Z', b'5', b' ', 0xC3] {
            for value in 0..=u8::MAX {
                for place in 0..10 {
                    let mut bytes = [filler; 11];
                    bytes[place] = value;
                    check(&bytes);
                }
            }
        }
    }

    /// [`lower_prose_end`], a byte at a time.
    fn lower_prose_end_naive(bytes: &[u8], at: usize) -> usize {
        let continues = |i: usize| {
            let b = bytes[i];
            let after_alnum = i > 0 && bytes[i - 1].is_ascii_alphanumeric();
            b.is_ascii_lowercase()
                || b.is_ascii_digit()
                || b" \"#$%&'()*+,-".contains(&b)
                || (b.is_ascii_uppercase() && after_alnum)
        };
        (at..bytes.len())
            .find(|&i| !continues(i))
            .unwrap_or(bytes.len())
    }

    #[test]
    fn lower_prose_ends_where_a_byte_loop_ends_it() {
        let texts: [&[u8]; 5] = [
            b"the iPhone 3D and 5G are sold by apple Inc. in a shop",
            b"said (in part), \"it's 5% of $3 & more\" -Tokyo, 'Osaka' #1 *Kyoto*!",
            b"abcdefgh Ijklmnop qRstuvwx yz0123 456789AB",
            "na\u{ef}ve caf\u{e9}s, ok\tTab".as_bytes(),
            b"",
        ];
        for text in texts {
            for at in 0..=text.len() {
                assert_eq!(
                    lower_prose_end(text, at),
                    lower_prose_end_naive(text, at),
                    "{text:?} from {at}"
                );
            }
        }
        // Every byte value at every place of the chunks of sixteen and eight and the bytes
        // after them, after each kind of byte.
        for before in [b'a', b'Z', b'5', b' ', b'.'] {
            for value in 0..=u8::MAX {
                for place in 0..34 {
                    let mut bytes = [b'x'; 36];
                    bytes[0] = before;
                    bytes[place + 1] = value;
                    if place > 0 {
                        bytes[place] = before;
                    }
                    for at in 0..=bytes.len() {
                        assert_eq!(
                            lower_prose_end(&bytes, at),
                            lower_prose_end_naive(&bytes, at),
                            "{bytes:?} from {at}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn alnum_runs_end_where_a_byte_loop_ends_them() {
        let naive = |bytes: &[u8], at: usize| {
            let end = (at..bytes.len())
                .find(|&i| !bytes[i].is_ascii_alphanumeric())
                .unwrap_or(bytes.len());
            let run = &bytes[at.min(end)..end];
            (
                end,
                run.iter().any(u8::is_ascii_lowercase),
                run.iter().any(u8::is_ascii_digit),
            )
        };
        for filler in [b'a', b'Z', b'5'] {
            for value in 0..=u8::MAX {
                for place in 0..18 {
                    let mut bytes = [filler; 19];
                    bytes[place] = value;
                    for len in [0, 1, 7, 8, 9, 16, 17, 19] {
                        for at in 0..=len {
                            assert_eq!(
                                alnum_run(&bytes[..len], at),
                                naive(&bytes[..len], at),
                                "{bytes:?} {len} from {at}"
                            );
                        }
                    }
                }
            }
        }
        assert_eq!(alnum_run(b"NHK said", 0), (3, false, false));
        assert_eq!(alnum_run(b"Motegi, 65", 0), (6, true, false));
        assert_eq!(alnum_run(b"AG273 QXP", 0), (5, false, true));
    }

    #[test]
    fn word_bytes_are_those_of_a_bytes_regex() {
        let word = regex::bytes::Regex::new(r"(?-u:\w)").unwrap();
        for b in 0..=u8::MAX {
            assert_eq!(is_word_byte(b), word.is_match(&[b]), "{b:#04x}");
        }
    }

    #[test]
    fn to_lower_is_to_ascii_lowercase() {
        for value in 0..=u8::MAX {
            for place in 0..8 {
                let mut bytes = *b"aZ5 @[`{";
                bytes[place] = value;
                let lower = to_lower(u64::from_le_bytes(bytes)).to_le_bytes();
                assert_eq!(lower, bytes.map(|b| b.to_ascii_lowercase()), "{bytes:?}");
            }
        }
    }

    #[test]
    fn prose_is_classed_as_a_byte_loop_says() {
        check(
            "Foreign Minister Toshimitsu Motegi, 65, met naïve Straße's x2y\tat\r\n東京 — @end"
                .as_bytes(),
        );
        check(b"");
    }
}

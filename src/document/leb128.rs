//! Numbers in LEB128, seven bits a byte: what the run holds of every document until the corpus
//! is decided is mostly small numbers, and this keeps each in a byte or two.

/// Appends `n` in LEB128.
pub fn put(bytes: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        bytes.push(n as u8 | 0x80);
        n >>= 7;
    }
    bytes.push(n as u8);
}

/// [`put`] for a length or an offset.
pub fn put_usize(bytes: &mut Vec<u8>, n: usize) {
    put(bytes, n as u64);
}

/// [`take`] for a length or an offset: `None` also for a number a `usize` does not hold.
pub fn take_usize(bytes: &mut &[u8]) -> Option<usize> {
    take(bytes).and_then(|n| usize::try_from(n).ok())
}

/// The number [`put`] appended at the front of `bytes`, which it moves past; `None` at the
/// end, or for more bytes than a `u64` takes (damaged bytes).
pub fn take(bytes: &mut &[u8]) -> Option<u64> {
    let (mut n, mut shift) = (0u64, 0);
    loop {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        n |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(n);
        }
        shift += 7;
        if shift >= u64::BITS {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_read_back_as_they_were_put() {
        let numbers = [
            0,
            1,
            0x7f,
            0x80,
            300,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ];
        let mut bytes = Vec::new();
        for n in numbers {
            super::put(&mut bytes, n);
        }
        assert_eq!(bytes[..4], [0, 1, 0x7f, 0x80]);
        let mut rest = &bytes[..];
        let back: Vec<u64> = std::iter::from_fn(|| super::take(&mut rest)).collect();
        assert_eq!(back, numbers);
        // A number cut off in its middle does not read back, nor one longer than a u64's.
        assert_eq!(super::take(&mut &[0x80u8][..]), None);
        assert_eq!(super::take(&mut &[0xffu8; 11][..]), None);
    }
}

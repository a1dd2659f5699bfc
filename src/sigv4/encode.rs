//! Percent-encoding as SigV4 wants it: RFC 3986 section 2.3 unreserved characters
//! (`A-Za-z0-9-._~`) stay, every other byte becomes `%XX` with uppercase hex. Also the small
//! hex writers the signer uses instead of `core::fmt` (which would pull the
//! formatting machinery into the `.wasm`).

use alloc::string::String;
use alloc::vec::Vec;

/// Whether `/` stays as is (paths) or is encoded too (query keys and values).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slash {
    Keep,
    Encode,
}

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

pub(crate) fn uri_encode(out: &mut String, bytes: &[u8], slash: Slash) {
    for &b in bytes {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (b == b'/' && slash == Slash::Keep)
        {
            out.push(char::from(b));
        } else {
            // Both indexes are below 16: a nibble cannot be out of bounds.
            out.push('%');
            out.push(char::from(HEX_UPPER[usize::from(b >> 4)]));
            out.push(char::from(HEX_UPPER[usize::from(b & 0x0f)]));
        }
    }
}

/// The two lowercase hex digits of a byte.
fn hex_pair(b: u8) -> [u8; 2] {
    // Both indexes are below 16.
    [
        HEX_LOWER[usize::from(b >> 4)],
        HEX_LOWER[usize::from(b & 0x0f)],
    ]
}

/// Writes `bytes` as lowercase hex into the start of `out` (two digits a byte, as far as `out`
/// reaches).
fn fill_hex(out: &mut [u8], bytes: &[u8]) {
    for (i, &b) in bytes.iter().enumerate() {
        // `get_mut` and a pattern, not chunks and `copy_from_slice`: no panic path.
        if let Some([hi, lo]) = out.get_mut(2 * i..2 * i + 2) {
            [*hi, *lo] = hex_pair(b);
        }
    }
}

/// Appends `bytes` as lowercase hex, two digits a byte (SigV4's `HexEncode`).
pub(crate) fn push_hex_lower(out: &mut String, bytes: &[u8]) {
    let mut rest = bytes;
    while !rest.is_empty() {
        // Up to 32 bytes at a time (`chunks` would carry a panic path).
        let (chunk, tail) = rest.split_at_checked(32).unwrap_or((rest, &[]));
        rest = tail;
        let mut hex = [0u8; 64];
        fill_hex(&mut hex, chunk);
        // Hex digits are ASCII, so `from_utf8` cannot fail: one copy, not a `push` a digit.
        let text = hex
            .get(..2 * chunk.len())
            .and_then(|h| core::str::from_utf8(h).ok());
        out.push_str(text.unwrap_or_default());
    }
}

/// A SHA-256 digest as 64 lowercase hex digits, without allocating.
pub(crate) fn hex_digest(digest: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    fill_hex(&mut out, digest);
    out
}

/// Appends `value` in lowercase hex without leading zeros (`0` for zero).
pub(crate) fn push_hex_u32(out: &mut String, value: u32) {
    let mut started = false;
    for shift in (0..8).rev().map(|digit| 4 * digit) {
        let nibble = (value >> shift) & 0x0f;
        started |= nibble != 0 || shift == 0;
        // The mask keeps the index below 16: no bounds-check panic path.
        if let (true, Some(&digit)) = (started, HEX_LOWER.get(nibble as usize)) {
            out.push(char::from(digit));
        }
    }
}

/// Decodes `%XX` escapes. A `%` not followed by two hex digits is kept as a literal `%`, as
/// lenient URL decoders do; `+` stays `+` (SigV4 is not form encoding: a literal `+` signs as
/// `%2B`).
pub(crate) fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hi = bytes.get(i + 1).and_then(|&h| hex_value(h));
            let lo = bytes.get(i + 2).and_then(|&l| hex_value(l));
            if let (Some(hi), Some(lo)) = (hi, lo) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

pub(crate) fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(s: &str, slash: Slash) -> String {
        let mut out = String::new();
        uri_encode(&mut out, s.as_bytes(), slash);
        out
    }

    #[test]
    fn encodes_all_but_unreserved() {
        assert_eq!(encoded("a-._~Z9", Slash::Encode), "a-._~Z9");
        assert_eq!(encoded("a b+c/d=", Slash::Encode), "a%20b%2Bc%2Fd%3D");
        assert_eq!(encoded("/a b/", Slash::Keep), "/a%20b/");
        assert_eq!(encoded("!'()*@%", Slash::Keep), "%21%27%28%29%2A%40%25");
        assert_eq!(encoded("\u{1234}", Slash::Keep), "%E1%88%B4");
    }

    #[test]
    fn writes_hex_without_fmt() {
        let mut out = String::new();
        push_hex_lower(&mut out, &[0x00, 0x0f, 0xa5, 0xff]);
        assert_eq!(out, "000fa5ff");
        let long: Vec<u8> = (0..=255).collect();
        out.clear();
        push_hex_lower(&mut out, &long);
        assert_eq!(out, hex::encode(&long));
        let digest: [u8; 32] = core::array::from_fn(|i| (i * 37) as u8);
        assert_eq!(&hex_digest(&digest)[..], hex::encode(digest).as_bytes());
        for value in [0u32, 1, 0xa, 0x10, 0xdb8, 0xffff, 0x1234_5678, u32::MAX] {
            let mut out = String::new();
            push_hex_u32(&mut out, value);
            assert_eq!(out, format!("{value:x}"));
        }
    }

    #[test]
    fn decodes_escapes_and_keeps_stray_percents_and_plus() {
        assert_eq!(percent_decode("%E1%88%B4"), "\u{1234}".as_bytes());
        assert_eq!(percent_decode("a%2fb%2Fc"), b"a/b/c");
        assert_eq!(percent_decode("c+d"), b"c+d");
        assert_eq!(percent_decode("100%"), b"100%");
        assert_eq!(percent_decode("%zz%4"), b"%zz%4");
    }
}

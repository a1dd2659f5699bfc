//! Percent-encoding as SigV4 wants it: RFC 3986 section 2.3 unreserved characters
//! (`A-Za-z0-9-._~`) stay, every other byte becomes `%XX` with uppercase hex.

/// Whether `/` stays as is (paths) or is encoded too (query keys and values).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slash {
    Keep,
    Encode,
}

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

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

fn hex_value(b: u8) -> Option<u8> {
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
    fn decodes_escapes_and_keeps_stray_percents_and_plus() {
        assert_eq!(percent_decode("%E1%88%B4"), "\u{1234}".as_bytes());
        assert_eq!(percent_decode("a%2fb%2Fc"), b"a/b/c");
        assert_eq!(percent_decode("c+d"), b"c+d");
        assert_eq!(percent_decode("100%"), b"100%");
        assert_eq!(percent_decode("%zz%4"), b"%zz%4");
    }
}

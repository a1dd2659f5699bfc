//! Byte-level searches and number parsing on text, for the places that look for one string in
//! another or read a decimal: `str::find(&str)`, `contains`, `replace`, `split`, `rsplit` and
//! `str::parse` pull core's string searchers (Two-Way), their slicing panics and the
//! formatting machinery behind those into the `.wasm`, several KB.
//!
//! Byte matching is exact on UTF-8 text: a valid UTF-8 needle only matches where a character
//! starts and ends, so every offset returned here is a character boundary.

use alloc::string::String;

/// The offset of the first `needle` in `haystack`.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let last = h.len().checked_sub(n.len())?;
    (0..=last).find(|&i| h.get(i..i + n.len()) == Some(n))
}

/// The offset of the first byte of `s` in `set`.
pub fn find_byte(s: &str, set: &[u8]) -> Option<usize> {
    s.bytes().position(|b| set.contains(&b))
}

/// `s` split at its first byte in `set` (ASCII), which is dropped.
pub fn split_once<'a>(s: &'a str, set: &[u8]) -> Option<(&'a str, &'a str)> {
    let at = find_byte(s, set)?;
    Some((s.get(..at)?, s.get(at + 1..)?))
}

/// `haystack` with every `needle` (non-empty) replaced by `with`.
pub fn replace(haystack: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some(at) = find(rest, needle).filter(|_| !needle.is_empty()) {
        out.push_str(rest.get(..at).unwrap_or_default());
        out.push_str(with);
        rest = rest.get(at + needle.len()..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// `s` as an unsigned number in `radix` (at most 16), as `u64::from_str_radix` reads it: an
/// optional `+`, then one digit or more; `None` on overflow.
pub fn parse_u64(s: &str, radix: u32) -> Option<u64> {
    let digits = s.strip_prefix('+').unwrap_or(s);
    if digits.is_empty() {
        return None;
    }
    digits.bytes().try_fold(0u64, |n, b| {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'z' => b - b'a' + 10,
            b'A'..=b'Z' => b - b'A' + 10,
            _ => return None,
        };
        let d = Some(u32::from(d)).filter(|&d| d < radix)?;
        n.checked_mul(u64::from(radix))?.checked_add(u64::from(d))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_like_str_find() {
        for (h, n) in [
            ("abcabc", "ca"),
            ("abc", "abcd"),
            ("", ""),
            ("abc", ""),
            ("héllo wörld", "wö"),
            ("aaa", "aa"),
            ("x", "y"),
        ] {
            assert_eq!(find(h, n), h.find(n), "{h:?} {n:?}");
        }
        assert_eq!(split_once("a=b=c", b"="), Some(("a", "b=c")));
        assert_eq!(
            split_once("2024-01-01t10", b"Tt"),
            Some(("2024-01-01", "10"))
        );
        assert_eq!(split_once("abc", b"="), None);
    }

    #[test]
    fn replaces_like_str_replace() {
        for (h, n, w) in [
            ("a secret and secret", "secret", "<r>"),
            ("none here", "secret", "<r>"),
            ("ssss", "ss", "s"),
            ("é€é", "€", "e"),
        ] {
            assert_eq!(replace(h, n, w), h.replace(n, w));
        }
    }

    #[test]
    fn parses_like_from_str_radix() {
        for s in [
            "0",
            "42",
            "+7",
            "",
            "+",
            "-1",
            " 1",
            "18446744073709551615",
            "18446744073709551616",
            "1a",
            "٣",
        ] {
            assert_eq!(parse_u64(s, 10), s.parse::<u64>().ok(), "{s:?}");
        }
        for s in ["ff", "+1F", "10FFFF", "g", ""] {
            assert_eq!(parse_u64(s, 16), u64::from_str_radix(s, 16).ok(), "{s:?}");
        }
    }
}

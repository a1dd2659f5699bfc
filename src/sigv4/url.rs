//! A tiny absolute-URL splitter (RFC 3986 section 3: `scheme://authority/path?query`) for
//! [`super::sign_request`]. It refuses what fetch's WHATWG URL parser would rewrite, so the host,
//! path and query signed are the ones fetch sends.
//!
//! Byte by byte: `str` searches by character or string pull searchers worth KB into the `.wasm`.

use alloc::string::String;

use super::encode::{hex_value, push_hex_u32};
use super::error::{ErrorKind, SigningError};
use crate::time::push_padded;

pub(crate) struct SplitUrl<'a> {
    /// The `Host` header fetch will send: lowercase host, with the port only when it is not the
    /// scheme's default.
    pub host: String,
    pub path: &'a str,
    pub query: &'a str,
}

fn invalid(why: &'static str) -> SigningError {
    SigningError::new(ErrorKind::InvalidUrl(why))
}

/// `s` split at its first `byte` (ASCII), which is dropped.
pub(crate) fn split_once_byte(s: &str, byte: u8) -> Option<(&str, &str)> {
    let at = s.bytes().position(|b| b == byte)?;
    Some((s.get(..at)?, s.get(at + 1..)?))
}

/// `s` split at every `byte` (ASCII), as `str::split` does.
pub(crate) fn split_byte(s: &str, byte: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    core::iter::from_fn(move || {
        let current = rest?;
        match split_once_byte(current, byte) {
            Some((head, tail)) => {
                rest = Some(tail);
                Some(head)
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

pub(crate) fn split_url(url: &str) -> Result<SplitUrl<'_>, SigningError> {
    let (scheme, rest) = split_once_byte(url, b':')
        .and_then(|(scheme, rest)| Some((scheme, rest.strip_prefix("//")?)))
        .ok_or_else(|| invalid("it is not absolute (scheme://host/path)"))?;
    let default_port = if scheme.eq_ignore_ascii_case("https") {
        443
    } else if scheme.eq_ignore_ascii_case("http") {
        80
    } else {
        return Err(invalid("the scheme is not http or https"));
    };
    if rest.bytes().any(|b| b == b'#') {
        return Err(invalid("it has a fragment"));
    }
    let authority_end = rest
        .bytes()
        .position(|b| b == b'/' || b == b'?')
        .unwrap_or(rest.len());
    let (authority, path_and_query) = rest
        .split_at_checked(authority_end)
        .ok_or_else(|| invalid("it cannot be split"))?;
    if authority.bytes().any(|b| b == b'@') {
        return Err(invalid("it has userinfo"));
    }
    // `?` is a plain byte too, so this checks the path and the query.
    if !path_and_query.bytes().all(is_plain_url_byte) {
        return Err(invalid(
            "the path or query has a character fetch would percent-encode",
        ));
    }
    let (path, query) = split_once_byte(path_and_query, b'?').unwrap_or((path_and_query, ""));

    let mut host = String::with_capacity(authority.len());
    let port = push_host(&mut host, authority)?;
    if let Some(port) = port.filter(|&p| p != default_port) {
        host.push(':');
        push_padded(&mut host, u64::from(port), 1);
    }
    Ok(SplitUrl {
        host,
        path: if path.is_empty() { "/" } else { path },
        query,
    })
}

/// Printable ASCII that the WHATWG URL parser leaves alone in both a path and a query.
fn is_plain_url_byte(b: u8) -> bool {
    b.is_ascii_graphic()
        && !matches!(
            b,
            b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'}' | b'|' | b'\''
        )
}

/// Appends the host as fetch sends it (lowercase, IPv6 in brackets and in canonical form) and
/// returns the port, if any.
fn push_host(out: &mut String, authority: &str) -> Result<Option<u16>, SigningError> {
    let port = if let Some(rest) = authority.strip_prefix('[') {
        let (literal, after) = split_once_byte(rest, b']')
            .ok_or_else(|| invalid("an IPv6 host is missing its `]`"))?;
        let pieces = parse_ipv6(literal).ok_or_else(|| invalid("the IPv6 host is malformed"))?;
        push_ipv6(out, &pieces);
        match after {
            "" => None,
            _ => Some(
                after
                    .strip_prefix(':')
                    .ok_or_else(|| invalid("junk follows the IPv6 host"))?,
            ),
        }
    } else {
        let (host, port) = match split_once_byte(authority, b':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        push_reg_name(out, host)?;
        port
    };
    match port {
        // `host:` with an empty port means the default port (RFC 3986 section 3.2.3).
        None | Some("") => Ok(None),
        Some(digits) => {
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid("the port is not a number"));
            }
            match parse_decimal(digits.as_bytes(), u16::MAX) {
                Some(port) => Ok(Some(port)),
                None => Err(invalid("the port is out of range")),
            }
        }
    }
}

/// Appends a DNS name or dotted IPv4 address, lowercased as the URL parser does.
fn push_reg_name(out: &mut String, host: &str) -> Result<(), SigningError> {
    if host.is_empty() {
        return Err(invalid("the host is empty"));
    }
    if !host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
    {
        return Err(invalid("the host has characters fetch would rewrite"));
    }
    // A name whose last label is numeric is an IPv4 address to the URL parser, which rewrites
    // short and hex forms (`127.1`, `0x7f.0.0.1`) to dotted decimal. Accept only that form.
    let name = host.strip_suffix('.').unwrap_or(host).as_bytes();
    let last_label = match name.iter().rposition(|&b| b == b'.') {
        Some(dot) => name.get(dot + 1..).unwrap_or_default(),
        None => name,
    };
    let numeric = !last_label.is_empty()
        && (last_label.iter().all(u8::is_ascii_digit)
            || last_label
                .get(..2)
                .is_some_and(|prefix| prefix.eq_ignore_ascii_case(b"0x")));
    if numeric && parse_ipv4(host.as_bytes()).is_none() {
        return Err(invalid(
            "the host is an IPv4 address not in dotted-decimal form",
        ));
    }
    out.extend(host.chars().map(|c| c.to_ascii_lowercase()));
    Ok(())
}

/// ASCII digits as a number up to `max`; `None` above it or for another byte.
fn parse_decimal(digits: &[u8], max: u16) -> Option<u16> {
    digits.iter().try_fold(0u16, |acc, &b| {
        let digit = b.is_ascii_digit().then(|| u16::from(b - b'0'))?;
        acc.checked_mul(10)?
            .checked_add(digit)
            .filter(|&n| n <= max)
    })
}

/// Strict dotted decimal: four parts, 0..=255, no leading zeros.
fn parse_ipv4(s: &[u8]) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut parts = s.split(|&b| b == b'.');
    for slot in &mut out {
        let part = parts.next()?;
        let canonical =
            (1..=3).contains(&part.len()) && (part == b"0" || part.first() != Some(&b'0'));
        if !canonical {
            return None;
        }
        *slot = u8::try_from(parse_decimal(part, 255)?).ok()?;
    }
    match parts.next() {
        None => Some(out),
        Some(_) => None,
    }
}

/// The WHATWG URL Standard's IPv6 parser (RFC 4291 section 2.2 text: eight groups, one `::` at
/// most, an IPv4 tail allowed), as fetch parses the host: one pass over the bytes.
fn parse_ipv6(s: &str) -> Option<[u16; 8]> {
    let input = s.as_bytes();
    let at = |i: usize| input.get(i).copied();
    let mut address = [0u16; 8];
    let (mut piece, mut compress, mut pointer) = (0usize, None, 0usize);
    if at(0) == Some(b':') {
        if at(1) != Some(b':') {
            return None;
        }
        pointer = 2;
        piece = 1;
        compress = Some(1);
    }
    while let Some(c) = at(pointer) {
        if piece == 8 {
            return None;
        }
        if c == b':' {
            if compress.is_some() {
                return None;
            }
            pointer += 1;
            piece += 1;
            compress = Some(piece);
            continue;
        }
        let (mut value, mut length) = (0u16, 0usize);
        while let Some(digit) = at(pointer).filter(|_| length < 4).and_then(hex_value) {
            value = value << 4 | u16::from(digit);
            pointer += 1;
            length += 1;
        }
        match at(pointer) {
            Some(b'.') => {
                // An IPv4 tail, read again from its start: the last two pieces.
                if length == 0 || piece > 6 {
                    return None;
                }
                let [a, b, c, d] = parse_ipv4(input.get(pointer - length..)?)?;
                *address.get_mut(piece)? = u16::from_be_bytes([a, b]);
                *address.get_mut(piece + 1)? = u16::from_be_bytes([c, d]);
                piece += 2;
                break;
            }
            Some(b':') => {
                pointer += 1;
                at(pointer)?;
            }
            Some(_) => return None,
            None => {}
        }
        *address.get_mut(piece)? = value;
        piece += 1;
    }
    match compress {
        // The pieces after `::` move to the end; zeros fill the gap.
        Some(start) => {
            let moved = piece.checked_sub(start)?;
            for i in (0..moved).rev() {
                let from = start + i;
                let to = 8 - moved + i;
                if from != to {
                    *address.get_mut(to)? = *address.get(from)?;
                    *address.get_mut(from)? = 0;
                }
            }
            Some(address)
        }
        None if piece == 8 => Some(address),
        None => None,
    }
}

/// The WHATWG URL serialization: lowercase hex without leading zeros, the first longest run of
/// two or more zero groups as `::`, in brackets.
fn push_ipv6(out: &mut String, pieces: &[u16; 8]) {
    // The first longest run of zeros, if two or more long.
    let (mut best_start, mut best_len) = (pieces.len(), 1);
    let (mut run_start, mut run_len) = (0, 0);
    for (i, &piece) in pieces.iter().enumerate() {
        if piece != 0 {
            run_len = 0;
            continue;
        }
        if run_len == 0 {
            run_start = i;
        }
        run_len += 1;
        if run_len > best_len {
            (best_start, best_len) = (run_start, run_len);
        }
    }
    out.push('[');
    let mut i = 0;
    while let Some(&piece) = pieces.get(i) {
        if i == best_start {
            out.push_str(if i == 0 { "::" } else { ":" });
            i += best_len;
            continue;
        }
        push_hex_u32(out, u32::from(piece));
        if i + 1 < pieces.len() {
            out.push(':');
        }
        i += 1;
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host_of(url: &str) -> String {
        match split_url(url) {
            Ok(split) => split.host,
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn host_keeps_only_non_default_ports() {
        let cases = [
            (
                "https://metering.marketplace.us-east-1.amazonaws.com/",
                "metering.marketplace.us-east-1.amazonaws.com",
            ),
            ("https://example.com:443/", "example.com"),
            ("https://example.com:0443/", "example.com"),
            ("https://example.com:/", "example.com"),
            ("https://example.com:80/", "example.com:80"),
            ("http://example.com:80/", "example.com"),
            ("http://example.com:443/", "example.com:443"),
            ("HTTPS://Example.COM:8443", "example.com:8443"),
            ("http://localhost:8080/", "localhost:8080"),
            ("http://127.0.0.1:3000/", "127.0.0.1:3000"),
            ("http://[::1]:8080/", "[::1]:8080"),
            ("https://[::1]:443/", "[::1]"),
            ("http://[0:0:0:0:0:0:0:1]/", "[::1]"),
            ("http://[2001:DB8:0:0:1:0:0:1]/", "[2001:db8::1:0:0:1]"),
            ("http://[::ffff:192.168.0.1]/", "[::ffff:c0a8:1]"),
            ("http://[1::]/", "[1::]"),
        ];
        for (url, expected) in cases {
            assert_eq!(host_of(url), expected, "{url}");
        }
    }

    #[test]
    fn splits_path_and_query_raw() {
        let split = split_url("https://h.example/a/b%3D?x=1&y=%2B").unwrap();
        assert_eq!((split.path, split.query), ("/a/b%3D", "x=1&y=%2B"));
        let split = split_url("https://h.example?x").unwrap();
        assert_eq!((split.path, split.query), ("/", "x"));
        let split = split_url("https://h.example").unwrap();
        assert_eq!((split.path, split.query), ("/", ""));
    }

    #[test]
    fn parses_ipv6_as_the_standard_library_does() {
        for text in [
            "::",
            "::1",
            "1::",
            "1::2",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "1:2:3:4:5:6::8",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7",
            "1::2::3",
            ":::",
            ":1::",
            "1:",
            ":1",
            "12345::",
            "abcd:EF01::",
            "g::",
            "::ffff:192.168.0.1",
            "::192.168.0.1",
            "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:4:5:6:7:1.2.3.4",
            "::1.2.3.4.5",
            "::1.2.3",
            "::01.2.3.4",
            "::256.2.3.4",
            "1.2.3.4::",
            "::1.2.3.4:1",
            "",
            "0:0:0:0:0:0:0:0",
            "2001:db8:0:0:1:0:0:1",
        ] {
            let expected = text
                .parse::<std::net::Ipv6Addr>()
                .ok()
                .map(|a| a.segments());
            assert_eq!(parse_ipv6(text), expected, "{text:?}");
        }
    }

    #[test]
    fn serializes_ipv6_as_whatwg_does() {
        for (pieces, expected) in [
            ([0, 0, 0, 0, 0, 0, 0, 0], "[::]"),
            ([0, 0, 0, 0, 0, 0, 0, 1], "[::1]"),
            ([1, 0, 0, 0, 0, 0, 0, 0], "[1::]"),
            ([1, 0, 0, 0, 0, 0, 0, 2], "[1::2]"),
            ([1, 0, 2, 0, 0, 3, 0, 0], "[1:0:2::3:0:0]"),
            ([1, 2, 3, 4, 5, 6, 7, 8], "[1:2:3:4:5:6:7:8]"),
            ([1, 0, 3, 4, 5, 6, 7, 0], "[1:0:3:4:5:6:7:0]"),
            ([0xabcd, 0, 0, 1, 0, 0, 0, 0xf], "[abcd:0:0:1::f]"),
        ] {
            let mut out = String::new();
            push_ipv6(&mut out, &pieces);
            assert_eq!(out, expected);
        }
    }

    #[test]
    fn rejects_what_fetch_would_send_differently() {
        for url in [
            "",
            "/relative",
            "ftp://example.com/",
            "https://user:pass@example.com/",
            "https://example.com/#frag",
            "https://example.com/a b",
            "https://example.com/\u{1234}",
            "https://example.com/a\\b",
            "https://ex ample.com/",
            "https://ex\u{e4}mple.com/",
            "https:///path",
            "https://example.com:99999/",
            "https://example.com:+443/",
            "https://example.com:8a/",
            "https://127.1/",
            "https://0x7f.0.0.1/",
            "https://1.2.3.04/",
            "https://[::1/",
            "https://[::1]x/",
            "https://[1:2:3:4:5:6:7:8:9]/",
            "https://[1::2::3]/",
            "https://[12345::]/",
        ] {
            assert!(split_url(url).is_err(), "{url:?}");
        }
    }
}

//! A tiny absolute-URL splitter (RFC 3986 section 3: `scheme://authority/path?query`) for
//! [`super::sign_request`]. It refuses what fetch's WHATWG URL parser would rewrite, so the host,
//! path and query signed are the ones fetch sends.

use super::error::{ErrorKind, SigningError};

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

pub(crate) fn split_url(url: &str) -> Result<SplitUrl<'_>, SigningError> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| invalid("it is not absolute (scheme://host/path)"))?;
    let default_port = if scheme.eq_ignore_ascii_case("https") {
        443
    } else if scheme.eq_ignore_ascii_case("http") {
        80
    } else {
        return Err(invalid("the scheme is not http or https"));
    };
    if rest.contains('#') {
        return Err(invalid("it has a fragment"));
    }
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path_and_query) = rest
        .split_at_checked(authority_end)
        .ok_or_else(|| invalid("it cannot be split"))?;
    if authority.contains('@') {
        return Err(invalid("it has userinfo"));
    }
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    if !path.bytes().all(is_plain_url_byte) || !query.bytes().all(is_plain_url_byte) {
        return Err(invalid(
            "the path or query has a character fetch would percent-encode",
        ));
    }

    let (host, port) = split_host_port(authority)?;
    let mut signed_host = host;
    if let Some(port) = port.filter(|&p| p != default_port) {
        signed_host.push(':');
        signed_host.push_str(&port.to_string());
    }
    Ok(SplitUrl {
        host: signed_host,
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

/// Host (lowercase, IPv6 in brackets and in canonical form) and port, if any.
fn split_host_port(authority: &str) -> Result<(String, Option<u16>), SigningError> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (literal, after) = rest
            .split_once(']')
            .ok_or_else(|| invalid("an IPv6 host is missing its `]`"))?;
        let port = match after {
            "" => None,
            _ => Some(
                after
                    .strip_prefix(':')
                    .ok_or_else(|| invalid("junk follows the IPv6 host"))?,
            ),
        };
        let pieces = parse_ipv6(literal).ok_or_else(|| invalid("the IPv6 host is malformed"))?;
        (serialize_ipv6(&pieces), port)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        (reg_name(host)?, port)
    };
    let port = match port {
        // `host:` with an empty port means the default port (RFC 3986 section 3.2.3).
        None | Some("") => None,
        Some(digits) => {
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid("the port is not a number"));
            }
            Some(
                digits
                    .parse::<u16>()
                    .map_err(|_| invalid("the port is out of range"))?,
            )
        }
    };
    Ok((host, port))
}

/// A DNS name or dotted IPv4 address, lowercased as the URL parser does.
fn reg_name(host: &str) -> Result<String, SigningError> {
    if host.is_empty() {
        return Err(invalid("the host is empty"));
    }
    if !host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
    {
        return Err(invalid("the host has characters fetch would rewrite"));
    }
    let host = host.to_ascii_lowercase();
    // A name whose last label is numeric is an IPv4 address to the URL parser, which rewrites
    // short and hex forms (`127.1`, `0x7f.0.0.1`) to dotted decimal. Accept only that form.
    let last_label = host
        .strip_suffix('.')
        .unwrap_or(&host)
        .rsplit('.')
        .next()
        .unwrap_or("");
    let numeric = !last_label.is_empty()
        && (last_label.bytes().all(|b| b.is_ascii_digit()) || last_label.starts_with("0x"));
    if numeric && parse_ipv4(&host).is_none() {
        return Err(invalid(
            "the host is an IPv4 address not in dotted-decimal form",
        ));
    }
    Ok(host)
}

/// Strict dotted decimal: four parts, 0..=255, no leading zeros.
fn parse_ipv4(s: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut parts = s.split('.');
    for slot in &mut out {
        let part = parts.next()?;
        let canonical = !part.is_empty()
            && part.len() <= 3
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part == "0" || !part.starts_with('0'));
        if !canonical {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    match parts.next() {
        None => Some(out),
        Some(_) => None,
    }
}

/// RFC 4291 section 2.2 text form: eight groups, one `::` at most, an IPv4 tail allowed.
fn parse_ipv6(s: &str) -> Option<[u16; 8]> {
    let (head, tail) = match s.split_once("::") {
        Some((head, tail)) => (parse_groups(head, false)?, Some(parse_groups(tail, true)?)),
        None => (parse_groups(s, true)?, None),
    };
    let mut pieces = [0u16; 8];
    match tail {
        None if head.len() == 8 => pieces.copy_from_slice(&head),
        Some(tail) if head.len() + tail.len() <= 7 => {
            for (slot, piece) in pieces.iter_mut().zip(&head) {
                *slot = *piece;
            }
            for (slot, piece) in pieces.iter_mut().rev().zip(tail.iter().rev()) {
                *slot = *piece;
            }
        }
        _ => return None,
    }
    Some(pieces)
}

fn parse_groups(s: &str, ipv4_tail: bool) -> Option<Vec<u16>> {
    let mut out = Vec::with_capacity(8);
    if s.is_empty() {
        return Some(out);
    }
    let mut groups = s.split(':').peekable();
    while let Some(group) = groups.next() {
        let last = groups.peek().is_none();
        if last && ipv4_tail && group.contains('.') {
            let [a, b, c, d] = parse_ipv4(group)?;
            out.push(u16::from_be_bytes([a, b]));
            out.push(u16::from_be_bytes([c, d]));
        } else if (1..=4).contains(&group.len()) && group.bytes().all(|b| b.is_ascii_hexdigit()) {
            out.push(u16::from_str_radix(group, 16).ok()?);
        } else {
            return None;
        }
    }
    Some(out)
}

/// The WHATWG URL serialization: lowercase hex without leading zeros, the first longest run of
/// two or more zero groups as `::`, in brackets.
fn serialize_ipv6(pieces: &[u16; 8]) -> String {
    let mut best: Option<(usize, usize)> = None;
    let mut run_start = None;
    for (i, &piece) in pieces.iter().chain(core::iter::once(&1)).enumerate() {
        match (piece, run_start) {
            (0, None) => run_start = Some(i),
            (0, Some(_)) => {}
            (_, Some(start)) => {
                let len = i - start;
                if len >= 2 && best.is_none_or(|(_, best_len)| len > best_len) {
                    best = Some((start, len));
                }
                run_start = None;
            }
            (_, None) => {}
        }
    }
    let mut out = String::with_capacity(41);
    out.push('[');
    for (index, piece) in pieces.iter().enumerate() {
        if let Some((start, len)) = best {
            if index == start {
                out.push_str(if index == 0 { "::" } else { ":" });
            }
            if (start..start + len).contains(&index) {
                continue;
            }
        }
        out.push_str(&format!("{piece:x}"));
        if index != 7 {
            out.push(':');
        }
    }
    out.push(']');
    out
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

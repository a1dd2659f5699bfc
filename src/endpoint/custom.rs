//! Checks a caller's custom `Endpoint` URL before the fetch transport sends signed requests
//! to it. The rule set takes the URL verbatim; these checks turn the URLs that `fetch` would
//! reject, rewrite or send somewhere unexpected into a clean error instead.

use alloc::borrow::ToOwned;
use alloc::string::String;

use crate::sigv4::{split_once_byte, SigningTarget};

/// The custom endpoint as the base URL of every request, or why it cannot be one.
///
/// Accepted: `http://` or `https://` (any case), a host (name, IPv4 or `[IPv6]`), an optional
/// port, an optional path. The one change made is dropping a single trailing `/`, so
/// `https://example.com/` and `https://example.com` give the same base URL, as in the
/// JavaScript SDK, whose awsJson protocol then forces the path to end in `/`.
pub(crate) fn base_url(endpoint: &str) -> Result<String, &'static str> {
    // Non-ASCII would be punycoded by `fetch` but signed as written, so the signature would
    // not match; whitespace, controls and `\` are rewritten or stripped by the URL parser.
    if let Some(byte) = endpoint
        .bytes()
        .find(|b| !b.is_ascii_graphic() || *b == b'\\')
    {
        return Err(if byte.is_ascii() {
            "it contains a space, a control character or a backslash"
        } else {
            "it contains a non-ASCII character (write the host in punycode)"
        });
    }
    // A character split, not a `"://"` one: a string searcher is KB of wasm.
    let scheme_and_rest = split_once_byte(endpoint, b':')
        .and_then(|(scheme, rest)| Some((scheme, rest.strip_prefix("//")?)));
    let Some((scheme, rest)) = scheme_and_rest else {
        return Err("it must start with http:// or https://");
    };
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Err("it must start with http:// or https://");
    }
    if rest.bytes().any(|b| b == b'#') {
        return Err("it must not have a fragment (#)");
    }
    // Smithy's `parseURL` refuses a query too, and the protocol owns the request target.
    if rest.bytes().any(|b| b == b'?') {
        return Err("it must not have a query (?)");
    }
    let authority = split_once_byte(rest, b'/').map_or(rest, |(authority, _path)| authority);
    // Credentials in the URL would travel with every request and show up in logs.
    if authority.bytes().any(|b| b == b'@') {
        return Err("it must not contain user info (user@ or user:password@)");
    }
    check_authority(authority)?;
    // What passes must also be signable as fetch will send it: the signer refuses hosts and
    // paths that fetch's URL parser would rewrite (`127.1`, `[0:0::1]` is fine, `/{x}` is not).
    SigningTarget::without_query(endpoint)
        .map_err(|e| e.url_reason().unwrap_or("it cannot be signed"))?;
    let base = endpoint.strip_suffix('/').unwrap_or(endpoint);
    Ok(base.to_owned())
}

/// `host[:port]`, where host is a DNS name, an IPv4 address or `[IPv6]`.
fn check_authority(authority: &str) -> Result<(), &'static str> {
    let (host_ok, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let Some((ipv6, after)) = split_once_byte(bracketed, b']') else {
            return Err("its IPv6 host has no closing ]");
        };
        let ipv6_ok = !ipv6.is_empty()
            && ipv6
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
        match after {
            "" => (ipv6_ok, None),
            _ => match after.strip_prefix(':') {
                Some(port) => (ipv6_ok, Some(port)),
                None => return Err("only a :port may follow its IPv6 host"),
            },
        }
    } else {
        let (host, port) = match split_once_byte(authority, b':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        if host.is_empty() {
            return Err("it has no host");
        }
        let name_ok = host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
        (name_ok, port)
    };
    if !host_ok {
        return Err("its host is not a valid host name or IP address");
    }
    match port {
        None => Ok(()),
        Some(port) if is_port(port) => Ok(()),
        Some(_) => Err("its port must be a number from 1 to 65535"),
    }
}

fn is_port(text: &str) -> bool {
    (1..=5).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_digit())
        && (1..=65535).contains(&text.bytes().fold(0u32, |n, b| n * 10 + u32::from(b - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises_usable_urls() {
        for (input, base) in [
            ("https://example.com", "https://example.com"),
            ("https://example.com/", "https://example.com"),
            ("http://localhost:8080", "http://localhost:8080"),
            ("http://localhost:8080/", "http://localhost:8080"),
            ("HTTPS://Example.COM", "HTTPS://Example.COM"),
            (
                "https://proxy.example.com/aws/",
                "https://proxy.example.com/aws",
            ),
            (
                "https://proxy.example.com/aws",
                "https://proxy.example.com/aws",
            ),
            ("http://127.0.0.1:4566", "http://127.0.0.1:4566"),
            ("http://[::1]:4566/", "http://[::1]:4566"),
            ("http://[::ffff:127.0.0.1]", "http://[::ffff:127.0.0.1]"),
            ("https://my_host.internal", "https://my_host.internal"),
            ("https://example.com//", "https://example.com/"),
            (
                "http://[0:0:0:0:0:0:0:1]:4566",
                "http://[0:0:0:0:0:0:0:1]:4566",
            ),
            ("https://example.com/a/../b", "https://example.com/a/../b"),
        ] {
            assert_eq!(base_url(input).as_deref(), Ok(base), "input {input:?}");
        }
    }

    #[test]
    fn refuses_unusable_urls() {
        for (input, reason) in [
            ("", "it must start with http:// or https://"),
            ("example.com", "it must start with http:// or https://"),
            (
                "ftp://example.com",
                "it must start with http:// or https://",
            ),
            (
                "https:/example.com",
                "it must start with http:// or https://",
            ),
            ("://example.com", "it must start with http:// or https://"),
            ("https://", "it has no host"),
            ("https:///path", "it has no host"),
            ("https://:443", "it has no host"),
            (
                "https://example.com#frag",
                "it must not have a fragment (#)",
            ),
            ("https://example.com/?a=b", "it must not have a query (?)"),
            (
                "https://user:pw@example.com",
                "it must not contain user info (user@ or user:password@)",
            ),
            (
                "https://user@example.com/",
                "it must not contain user info (user@ or user:password@)",
            ),
            (
                "https://example.com:0",
                "its port must be a number from 1 to 65535",
            ),
            (
                "https://example.com:65536",
                "its port must be a number from 1 to 65535",
            ),
            (
                "https://example.com:",
                "its port must be a number from 1 to 65535",
            ),
            (
                "https://example.com:+443",
                "its port must be a number from 1 to 65535",
            ),
            (
                "https://example.com:44300000",
                "its port must be a number from 1 to 65535",
            ),
            ("https://a:1:2", "its port must be a number from 1 to 65535"),
            ("http://[::1", "its IPv6 host has no closing ]"),
            (
                "http://[]",
                "its host is not a valid host name or IP address",
            ),
            ("http://[::1]x", "only a :port may follow its IPv6 host"),
            (
                "https://exa%6dple.com",
                "its host is not a valid host name or IP address",
            ),
            (
                "https://exa mple.com",
                "it contains a space, a control character or a backslash",
            ),
            (
                " https://example.com",
                "it contains a space, a control character or a backslash",
            ),
            (
                "https://example.com\n",
                "it contains a space, a control character or a backslash",
            ),
            (
                "https:\\\\example.com",
                "it contains a space, a control character or a backslash",
            ),
            (
                "https://bücher.example",
                "it contains a non-ASCII character (write the host in punycode)",
            ),
            // Refused by the signer: fetch would send another host or path than it signs.
            (
                "https://127.1",
                "the host is an IPv4 address not in dotted-decimal form",
            ),
            (
                "https://example.com/{x}",
                "the path or query has a character fetch would percent-encode",
            ),
            ("http://[1::2::3]", "the IPv6 host is malformed"),
        ] {
            assert_eq!(base_url(input), Err(reason), "input {input:?}");
        }
    }
}

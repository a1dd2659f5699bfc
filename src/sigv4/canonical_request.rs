//! Task 1 of AWS SigV4, "Create a canonical request": method, canonical URI, canonical query
//! string, canonical headers, signed headers and hashed payload, one per line.

use core::fmt;

use super::encode::{percent_decode, uri_encode, Slash};
use super::error::{ErrorKind, SigningError};
use super::settings::{
    PathNormalization, PayloadChecksum, PercentEncodingMode, SessionTokenMode, SignatureLocation,
    SigningSettings,
};
use super::{
    ALGORITHM, HEADER_AUTHORIZATION, HEADER_CONTENT_SHA256, HEADER_DATE, HEADER_SECURITY_TOKEN,
    PARAM_ALGORITHM, PARAM_CREDENTIAL, PARAM_DATE, PARAM_EXPIRES, PARAM_SECURITY_TOKEN,
    PARAM_SIGNED_HEADERS,
};

/// A request as it goes on the wire, borrowed. `path` and `query` are raw (no URL parser has
/// touched them: that would re-encode them); `headers` may repeat a name and must include `host`.
#[derive(Debug, Clone, Copy)]
pub struct SignableRequest<'a> {
    pub method: &'a str,
    pub path: &'a str,
    /// Without the leading `?`; empty when there is none.
    pub query: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
}

/// The canonical request. `Display` writes exactly the text whose SHA-256 goes into the string
/// to sign, which (as the spec requires) includes a signed session token.
#[derive(Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    method: String,
    path: String,
    query: String,
    /// Lowercase names, sorted, with the values of repeated names joined by `,`.
    headers: Vec<(String, String)>,
    signed_headers: String,
    payload_hash: String,
}

/// What the signer adds to the canonical request besides the caller's request.
pub(crate) struct SigningContext<'a> {
    pub amz_date: &'a str,
    /// `<access key id>/<scope>`, the `X-Amz-Credential` value.
    pub credential: &'a str,
    pub session_token: Option<&'a str>,
    pub payload_hash: &'a str,
}

/// Headers that proxies, CDNs or the runtime add, drop or rewrite between signing and AWS, so
/// signing them breaks the signature (the aws-c-auth skip list plus the remaining hop-by-hop
/// headers, as botocore and smithy skip them).
fn is_unsigned_header(lowercase_name: &str) -> bool {
    matches!(
        lowercase_name,
        "user-agent"
            | "x-amzn-trace-id"
            | "connection"
            | "keep-alive"
            | "expect"
            | "te"
            | "trailer"
            | "transfer-encoding"
            | "upgrade"
    ) || lowercase_name.starts_with("sec-websocket-")
}

/// Headers the signer writes itself; one already present would be signed and sent twice.
fn is_signer_header(lowercase_name: &str) -> bool {
    matches!(
        lowercase_name,
        HEADER_AUTHORIZATION | HEADER_DATE | HEADER_SECURITY_TOKEN | HEADER_CONTENT_SHA256
    )
}

impl CanonicalRequest {
    pub(crate) fn new(
        request: &SignableRequest<'_>,
        settings: &SigningSettings,
        context: &SigningContext<'_>,
    ) -> Result<Self, SigningError> {
        if request.method.is_empty() || !request.method.bytes().all(is_token_byte) {
            return Err(SigningError::new(ErrorKind::InvalidMethod));
        }
        let headers = canonical_headers(request.headers, settings, context)?;
        let mut signed_headers = String::new();
        for (name, _) in &headers {
            if !signed_headers.is_empty() {
                signed_headers.push(';');
            }
            signed_headers.push_str(name);
        }
        let query = canonical_query(request.query, settings, context, &signed_headers);
        Ok(CanonicalRequest {
            method: request.method.to_owned(),
            path: canonical_path(request.path, settings),
            query,
            headers,
            signed_headers,
            payload_hash: context.payload_hash.to_owned(),
        })
    }

    /// `host;x-amz-date`: the names of the signed headers, as the `SignedHeaders` value.
    pub fn signed_headers(&self) -> &str {
        &self.signed_headers
    }
}

impl fmt::Display for CanonicalRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.method)?;
        f.write_str("\n")?;
        f.write_str(&self.path)?;
        f.write_str("\n")?;
        f.write_str(&self.query)?;
        f.write_str("\n")?;
        for (name, value) in &self.headers {
            f.write_str(name)?;
            f.write_str(":")?;
            f.write_str(value)?;
            f.write_str("\n")?;
        }
        f.write_str("\n")?;
        f.write_str(&self.signed_headers)?;
        f.write_str("\n")?;
        f.write_str(&self.payload_hash)
    }
}

// Debug leaves out header values: a signed session token is one of them.
impl fmt::Debug for CanonicalRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CanonicalRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("signed_headers", &self.signed_headers)
            .field("payload_hash", &self.payload_hash)
            .finish_non_exhaustive()
    }
}

/// CanonicalURI: the path, normalized if asked, then URI-encoded once more if asked.
fn canonical_path(raw: &str, settings: &SigningSettings) -> String {
    let normalized;
    let path = match settings.path_normalization {
        PathNormalization::Enabled => {
            normalized = normalize_path(raw);
            normalized.as_str()
        }
        PathNormalization::Disabled if raw.is_empty() => "/",
        PathNormalization::Disabled => raw,
    };
    match settings.percent_encoding {
        PercentEncodingMode::Double => {
            let mut out = String::with_capacity(path.len());
            uri_encode(&mut out, path.as_bytes(), Slash::Keep);
            out
        }
        PercentEncodingMode::Single => path.to_owned(),
    }
}

/// RFC 3986 section 5.2.4 dot-segment removal, also dropping empty segments (collapsing `//`),
/// as the AWS SDKs do. The result starts with `/`, and ends with one when the input's last
/// segment was a directory (`/a/`, `/a/.`, `/a/b/..`).
fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let mut ends_in_directory = false;
    for segment in path.split('/') {
        match segment {
            "" | "." => ends_in_directory = true,
            ".." => {
                segments.pop();
                ends_in_directory = true;
            }
            _ => {
                segments.push(segment);
                ends_in_directory = false;
            }
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    for segment in &segments {
        out.push('/');
        out.push_str(segment);
    }
    if ends_in_directory || segments.is_empty() {
        out.push('/');
    }
    out
}

/// CanonicalQueryString: every key and value decoded then URI-encoded (so `%E1%88%B4` and a raw
/// `ሴ` sign alike), sorted by key then value, joined with `&`. Presigning adds its own
/// parameters before sorting.
fn canonical_query(
    raw: &str,
    settings: &SigningSettings,
    context: &SigningContext<'_>,
    signed_headers: &str,
) -> String {
    let mut pairs: Vec<(String, String)> = raw
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                encoded(&percent_decode(key)),
                encoded(&percent_decode(value)),
            )
        })
        .collect();
    if let SignatureLocation::QueryParams { expires_in_secs } = settings.signature_location {
        let expires = expires_in_secs.to_string();
        let mut presign = vec![
            (PARAM_ALGORITHM, ALGORITHM),
            (PARAM_CREDENTIAL, context.credential),
            (PARAM_DATE, context.amz_date),
            (PARAM_EXPIRES, expires.as_str()),
            (PARAM_SIGNED_HEADERS, signed_headers),
        ];
        if let (Some(token), SessionTokenMode::Include) =
            (context.session_token, settings.session_token)
        {
            presign.push((PARAM_SECURITY_TOKEN, token));
        }
        pairs.extend(
            presign
                .into_iter()
                .map(|(k, v)| (encoded(k.as_bytes()), encoded(v.as_bytes()))),
        );
    }
    insertion_sort(&mut pairs, |a, b| a < b);
    let mut out = String::new();
    for (key, value) in &pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// A stable insertion sort. A request has a handful of headers and query parameters, and
/// this is a few dozen bytes of wasm where the standard library's sorts are several KB.
fn insertion_sort<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && less(&items[j], &items[j - 1]) {
            items.swap(j, j - 1);
            j -= 1;
        }
    }
}

fn encoded(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    uri_encode(&mut out, bytes, Slash::Encode);
    out
}

/// CanonicalHeaders: lowercase names, values trimmed with inner whitespace runs (folded lines
/// included) collapsed to one space, repeated names joined with `,` in their original order,
/// sorted by name. Header signing adds `x-amz-date` and, as configured, the token and payload
/// hash.
fn canonical_headers(
    headers: &[(&str, &str)],
    settings: &SigningSettings,
    context: &SigningContext<'_>,
) -> Result<Vec<(String, String)>, SigningError> {
    let mut entries: Vec<(String, &str)> = Vec::with_capacity(headers.len() + 3);
    for &(name, value) in headers {
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(SigningError::new(ErrorKind::InvalidHeaderName));
        }
        let name = name.to_ascii_lowercase();
        if !is_valid_header_value(value) {
            return Err(SigningError::new(ErrorKind::InvalidHeaderValue(name)));
        }
        if is_signer_header(&name) {
            return Err(SigningError::new(ErrorKind::ForbiddenHeader(name)));
        }
        if !is_unsigned_header(&name) {
            entries.push((name, value));
        }
    }
    if settings.signature_location == SignatureLocation::Headers {
        entries.push((HEADER_DATE.to_owned(), context.amz_date));
        if settings.payload_checksum == PayloadChecksum::XAmzContentSha256 {
            entries.push((HEADER_CONTENT_SHA256.to_owned(), context.payload_hash));
        }
        if let (Some(token), SessionTokenMode::Include) =
            (context.session_token, settings.session_token)
        {
            entries.push((HEADER_SECURITY_TOKEN.to_owned(), token));
        }
    }
    // Stable, so repeated names keep their order (the suite's `get-header-value-order`).
    insertion_sort(&mut entries, |a, b| a.0 < b.0);

    let mut merged: Vec<(String, String)> = Vec::with_capacity(entries.len());
    for (name, value) in entries {
        match merged.last_mut() {
            Some((last, joined)) if *last == name => {
                joined.push(',');
                push_trimmed(joined, value);
            }
            _ => {
                let mut trimmed = String::with_capacity(value.len());
                push_trimmed(&mut trimmed, value);
                merged.push((name, trimmed));
            }
        }
    }
    Ok(merged)
}

/// Appends `value` trimmed, with every run of spaces, tabs and line breaks as one space.
fn push_trimmed(out: &mut String, value: &str) {
    let mut words = value
        .split([' ', '\t', '\r', '\n'])
        .filter(|word| !word.is_empty());
    if let Some(first) = words.next() {
        out.push_str(first);
        for word in words {
            out.push(' ');
            out.push_str(word);
        }
    }
}

/// RFC 9110 `tchar`.
pub(crate) fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Visible characters, spaces and tabs; a line break only as an obsolete fold (followed by a
/// space or tab), which the suite's `get-header-value-multiline` uses. Any other control
/// character could smuggle a header into the request.
pub(crate) fn is_valid_header_value(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| match b {
        b'\t' | b' '..=b'~' | 0x80..=0xff => true,
        b'\r' => bytes.get(i + 1) == Some(&b'\n'),
        b'\n' => matches!(bytes.get(i + 1), Some(b' ' | b'\t')),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_dot_segments_and_double_slashes() {
        for (input, expected) in [
            ("", "/"),
            ("/", "/"),
            ("//", "/"),
            ("/./", "/"),
            ("/example/..", "/"),
            ("/example1/example2/../..", "/"),
            ("/./example", "/example"),
            ("//example//", "/example/"),
            ("/a/b/..", "/a/"),
            ("/a/./b/../c", "/a/c"),
            ("/../a", "/a"),
            ("/a/.", "/a/"),
            ("/a..b/.c", "/a..b/.c"),
            ("a/b", "/a/b"),
        ] {
            assert_eq!(normalize_path(input), expected, "{input:?}");
        }
    }

    #[test]
    fn trims_and_collapses_header_values() {
        let mut out = String::new();
        push_trimmed(&mut out, "  \"a   b \t c\"\r\n  d ");
        assert_eq!(out, "\"a b c\" d");
    }

    #[test]
    fn header_values_reject_control_characters_but_allow_folds() {
        assert!(is_valid_header_value("value1\n  value2\r\n\tvalue3"));
        assert!(is_valid_header_value("caf\u{e9} \t x"));
        assert!(!is_valid_header_value("a\nb"));
        assert!(!is_valid_header_value("a\r\nX-Injected: 1"));
        assert!(!is_valid_header_value("a\rb"));
        assert!(!is_valid_header_value("a\0b"));
        assert!(!is_valid_header_value("a\u{7f}"));
        assert!(!is_valid_header_value("trailing\n"));
    }
}

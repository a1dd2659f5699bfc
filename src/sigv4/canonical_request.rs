//! Task 1 of AWS SigV4, "Create a canonical request": method, canonical URI, canonical query
//! string, canonical headers, signed headers and hashed payload, one per line.
//!
//! The text is written straight into one buffer (the client's is reused from one request to the
//! next): header names are compared and written lowercase without lowercased copies, values
//! are copied whole unless they need trimming.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::ops::Range;

use super::encode::{percent_decode, uri_encode, Slash};
use super::error::{ErrorKind, SigningError};
use super::settings::{
    PathNormalization, PayloadChecksum, PercentEncodingMode, SessionTokenMode, SignatureLocation,
    SigningSettings,
};
use super::url::{split_byte, split_once_byte};
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

/// The canonical request. [`CanonicalRequest::as_str`] (and `Display`) is exactly the text
/// whose SHA-256 goes into the string to sign, which (as the spec requires) includes a signed
/// session token.
#[derive(Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    text: String,
    /// Where the `SignedHeaders` value sits in `text`.
    signed_headers: Range<usize>,
}

/// What the signer adds to the canonical request besides the caller's request.
pub(crate) struct SigningContext<'a> {
    pub amz_date: &'a str,
    /// `<access key id>/<scope>`, the `X-Amz-Credential` value.
    pub credential: &'a str,
    pub session_token: Option<&'a str>,
    pub payload_hash: &'a str,
}

/// A header to sign: the name as given (compared and written lowercase) and the raw value.
pub(crate) type Header<'a> = (&'a str, &'a str);

/// What signing does with a request header.
#[derive(Clone, Copy, PartialEq, Eq)]
enum HeaderRole {
    Signed,
    /// Proxies, CDNs or the runtime add, drop or rewrite it between signing and AWS, so signing
    /// it breaks the signature (the aws-c-auth skip list plus the remaining hop-by-hop headers,
    /// as botocore and smithy skip them).
    Unsigned,
    /// `authorization`, `x-amz-date`, `x-amz-security-token`: what signing adds.
    AddedBySigning,
    /// `x-amz-content-sha256`, which the signer adds when the settings ask for it.
    PayloadHash,
}

/// Header names with a role other than [`HeaderRole::Signed`].
const HEADER_ROLES: [(&str, HeaderRole); 13] = [
    (HEADER_AUTHORIZATION, HeaderRole::AddedBySigning),
    (HEADER_DATE, HeaderRole::AddedBySigning),
    (HEADER_SECURITY_TOKEN, HeaderRole::AddedBySigning),
    (HEADER_CONTENT_SHA256, HeaderRole::PayloadHash),
    ("user-agent", HeaderRole::Unsigned),
    ("x-amzn-trace-id", HeaderRole::Unsigned),
    ("connection", HeaderRole::Unsigned),
    ("keep-alive", HeaderRole::Unsigned),
    ("expect", HeaderRole::Unsigned),
    ("te", HeaderRole::Unsigned),
    ("trailer", HeaderRole::Unsigned),
    ("transfer-encoding", HeaderRole::Unsigned),
    ("upgrade", HeaderRole::Unsigned),
];

/// The role of a header, by its case-insensitive name. A table walk: a `match` on lowercased
/// bytes is faster by a little and larger by 2 KB of wasm.
fn header_role(name: &str) -> HeaderRole {
    let listed = HEADER_ROLES
        .iter()
        .find(|(listed, _)| listed.len() == name.len() && listed.eq_ignore_ascii_case(name));
    match listed {
        Some((_, role)) => *role,
        None if name
            .get(..14)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("sec-websocket-")) =>
        {
            HeaderRole::Unsigned
        }
        None => HeaderRole::Signed,
    }
}

/// What [`sorted_headers`] does with a header that signing adds (`authorization`,
/// `x-amz-date`, `x-amz-security-token`) found in the request.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum PreviousSignature {
    /// Refuse it: it would be sent twice.
    Refuse,
    /// Leave it out: it is from an earlier signing of the same request, which this one replaces.
    Replace,
}

/// Whether an earlier signing of the request added this header.
pub(crate) fn is_added_by_signing(name: &str) -> bool {
    header_role(name) == HeaderRole::AddedBySigning
}

impl CanonicalRequest {
    pub(crate) fn new(
        request: &SignableRequest<'_>,
        settings: &SigningSettings,
        context: &SigningContext<'_>,
    ) -> Result<Self, SigningError> {
        check_method(request.method)?;
        let mut added: Vec<Header<'_>> = Vec::with_capacity(3);
        if settings.signature_location == SignatureLocation::Headers {
            added.push((HEADER_DATE, context.amz_date));
            if settings.payload_checksum == PayloadChecksum::XAmzContentSha256 {
                added.push((HEADER_CONTENT_SHA256, context.payload_hash));
            }
            if let (Some(token), SessionTokenMode::Include) =
                (context.session_token, settings.session_token)
            {
                added.push((HEADER_SECURITY_TOKEN, token));
            }
        }
        let headers = sorted_headers(
            request.headers.iter().copied(),
            &added,
            PreviousSignature::Refuse,
        )?;
        let query = match settings.signature_location {
            SignatureLocation::Headers => canonical_query(request.query, &[]),
            SignatureLocation::QueryParams { expires_in_secs } => {
                let mut signed_headers = String::new();
                push_signed_headers(&mut signed_headers, &headers);
                let mut expires = String::new();
                crate::time::push_padded(&mut expires, expires_in_secs, 1);
                let mut presign = Vec::with_capacity(6);
                presign.extend([
                    (PARAM_ALGORITHM, ALGORITHM),
                    (PARAM_CREDENTIAL, context.credential),
                    (PARAM_DATE, context.amz_date),
                    (PARAM_EXPIRES, expires.as_str()),
                    (PARAM_SIGNED_HEADERS, signed_headers.as_str()),
                ]);
                if let (Some(token), SessionTokenMode::Include) =
                    (context.session_token, settings.session_token)
                {
                    presign.push((PARAM_SECURITY_TOKEN, token));
                }
                canonical_query(request.query, &presign)
            }
        };
        let path = canonical_path(request.path, settings);
        let mut text = String::new();
        let signed_headers = write_canonical_request(
            &mut text,
            request.method,
            &path,
            &query,
            &headers,
            context.payload_hash,
        );
        Ok(CanonicalRequest {
            text,
            signed_headers,
        })
    }

    /// The canonical request text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// `host;x-amz-date`: the names of the signed headers, as the `SignedHeaders` value.
    pub fn signed_headers(&self) -> &str {
        self.text
            .get(self.signed_headers.clone())
            .unwrap_or_default()
    }
}

impl fmt::Display for CanonicalRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

// Debug leaves out header values: a signed session token is one of them.
impl fmt::Debug for CanonicalRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut lines = self.text.split('\n');
        let method = lines.next().unwrap_or_default();
        let path = lines.next().unwrap_or_default();
        let payload_hash = self.text.rsplit('\n').next().unwrap_or_default();
        f.debug_struct("CanonicalRequest")
            .field("method", &method)
            .field("path", &path)
            .field("signed_headers", &self.signed_headers())
            .field("payload_hash", &payload_hash)
            .finish_non_exhaustive()
    }
}

/// Writes the canonical request into `out` (after what it holds) and returns where the
/// `SignedHeaders` value is. `path` and `query` are already canonical; `headers` come from
/// [`sorted_headers`]; `payload_hash` is the hex SHA-256 of the body (or what the settings
/// sign instead).
pub(crate) fn write_canonical_request(
    out: &mut String,
    method: &str,
    path: &str,
    query: &str,
    headers: &[Header<'_>],
    payload_hash: &str,
) -> Range<usize> {
    let headers_len: usize = headers
        .iter()
        .map(|(name, value)| 2 * name.len() + value.len() + 2)
        .sum();
    out.reserve(method.len() + path.len() + query.len() + headers_len + payload_hash.len() + 6);
    out.push_str(method);
    out.push('\n');
    out.push_str(path);
    out.push('\n');
    out.push_str(query);
    out.push('\n');
    let mut previous: Option<&str> = None;
    for &(name, value) in headers {
        if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
            // A repeated name: its values join with `,`, in their original order.
            out.push(',');
        } else {
            if previous.is_some() {
                out.push('\n');
            }
            push_lowercase(out, name);
            out.push(':');
        }
        push_trimmed(out, value);
        previous = Some(name);
    }
    if previous.is_some() {
        out.push('\n');
    }
    out.push('\n');
    let start = out.len();
    push_signed_headers(out, headers);
    let signed_headers = start..out.len();
    out.push('\n');
    out.push_str(payload_hash);
    signed_headers
}

/// The lowercase names of `headers`, each once, joined with `;`.
fn push_signed_headers(out: &mut String, headers: &[Header<'_>]) {
    let mut previous: Option<&str> = None;
    for &(name, _) in headers {
        if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
            continue;
        }
        if previous.is_some() {
            out.push(';');
        }
        push_lowercase(out, name);
        previous = Some(name);
    }
}

/// Appends an ASCII header name in lowercase.
fn push_lowercase(out: &mut String, name: &str) {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        out.extend(name.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        out.push_str(name);
    }
}

pub(crate) fn check_method(method: &str) -> Result<(), SigningError> {
    if method.is_empty() || !method.bytes().all(is_token_byte) {
        return Err(SigningError::new(ErrorKind::InvalidMethod));
    }
    Ok(())
}

/// CanonicalURI: the path, normalized if asked, then URI-encoded once more if asked.
pub(crate) fn canonical_path(raw: &str, settings: &SigningSettings) -> String {
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
    for segment in split_byte(path, b'/') {
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
/// `ሴ` sign alike), with `extra` (presigning's own parameters, raw) added, sorted by key then
/// value, joined with `&`.
pub(crate) fn canonical_query(raw: &str, extra: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(String, String)> = split_byte(raw, b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = split_once_byte(pair, b'=').unwrap_or((pair, ""));
            (
                encoded(&percent_decode(key)),
                encoded(&percent_decode(value)),
            )
        })
        .collect();
    pairs.extend(
        extra
            .iter()
            .map(|(k, v)| (encoded(k.as_bytes()), encoded(v.as_bytes()))),
    );
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
        // `get_mut` instead of indexing: no bounds-check panic path.
        while let Some([a, b]) = j.checked_sub(1).and_then(|k| items.get_mut(k..=j)) {
            if !less(b, a) {
                break;
            }
            core::mem::swap(a, b);
            j -= 1;
        }
    }
}

fn encoded(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    uri_encode(&mut out, bytes, Slash::Encode);
    out
}

/// Checks and sorts the headers to sign: the request's (minus those proxies rewrite) and the
/// signer's own `added` ones (lowercase, valid). Sorted by lowercase name, stable, so repeated
/// names keep their order (the suite's `get-header-value-order`).
pub(crate) fn sorted_headers<'a>(
    headers: impl Iterator<Item = Header<'a>>,
    added: &[Header<'a>],
    previous: PreviousSignature,
) -> Result<Vec<Header<'a>>, SigningError> {
    let mut entries: Vec<Header<'a>> = Vec::with_capacity(headers.size_hint().0 + added.len());
    for (name, value) in headers {
        let role = header_role(name);
        if role == HeaderRole::AddedBySigning && previous == PreviousSignature::Replace {
            continue;
        }
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(SigningError::new(ErrorKind::InvalidHeaderName));
        }
        if !is_valid_header_value(value) {
            return Err(SigningError::new(ErrorKind::InvalidHeaderValue(
                name.to_ascii_lowercase(),
            )));
        }
        match role {
            HeaderRole::Signed => entries.push((name, value)),
            HeaderRole::Unsigned => {}
            HeaderRole::AddedBySigning | HeaderRole::PayloadHash => {
                return Err(SigningError::new(ErrorKind::ForbiddenHeader(
                    name.to_ascii_lowercase(),
                )));
            }
        }
    }
    entries.extend_from_slice(added);
    insertion_sort(&mut entries, |a, b| {
        let lower = |name: &'a str| name.bytes().map(|b| b.to_ascii_lowercase());
        lower(a.0).lt(lower(b.0))
    });
    Ok(entries)
}

/// Appends `value` trimmed, with every run of spaces, tabs and line breaks as one space.
fn push_trimmed(out: &mut String, value: &str) {
    // Most values (all the client's, a session token among them) have no space or control
    // byte at all: one quick pass, and copy them whole.
    if value.bytes().all(|b| b > b' ') {
        out.push_str(value);
        return;
    }
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    // Values with only single spaces inside, none at either end, need nothing either.
    let mut previous_space = true;
    let mut clean = true;
    for b in value.bytes() {
        let space = is_space(b);
        if space && (previous_space || b != b' ') {
            clean = false;
            break;
        }
        previous_space = space;
    }
    // `previous_space` is now whether the value ends in a space (or is empty).
    if clean && (!previous_space || value.is_empty()) {
        out.push_str(value);
        return;
    }
    let mut word_start = None;
    let mut first = true;
    // A space after the end closes the last word.
    for (i, b) in value.bytes().chain([b' ']).enumerate() {
        match (is_space(b), word_start) {
            (false, None) => word_start = Some(i),
            (true, Some(start)) => {
                if !first {
                    out.push(' ');
                }
                // Split at ASCII bytes: always on character boundaries.
                out.push_str(value.get(start..i).unwrap_or_default());
                word_start = None;
                first = false;
            }
            _ => {}
        }
    }
}

/// RFC 9110 `tchar`.
pub(crate) fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'.'
                | b'^'
                | b'_'
                | b'`'
                | b'|'
                | b'~'
        )
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
        for (value, expected) in [
            ("  \"a   b \t c\"\r\n  d ", "\"a b c\" d"),
            ("", ""),
            (" ", ""),
            ("a", "a"),
            ("a b c", "a b c"),
            ("a  b", "a b"),
            (" a", "a"),
            ("a ", "a"),
            ("a\tb", "a b"),
            ("a\r\n b", "a b"),
            ("caf\u{e9} au lait", "caf\u{e9} au lait"),
        ] {
            let mut out = String::from(">");
            push_trimmed(&mut out, value);
            assert_eq!(out, format!(">{expected}"), "{value:?}");
        }
    }

    #[test]
    fn insertion_sort_is_stable() {
        let mut items = [(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e'), (0, 'f')];
        insertion_sort(&mut items, |a, b| a.0 < b.0);
        assert_eq!(
            items,
            [(0, 'f'), (1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]
        );
        let mut empty: [u8; 0] = [];
        insertion_sort(&mut empty, |a, b| a < b);
    }

    #[test]
    fn headers_sort_by_lowercase_name_and_keep_repeats_in_order() {
        let headers = [
            ("X-B", "1"),
            ("x-a", "2"),
            ("X-A", "3"),
            ("User-Agent", "skipped"),
            ("Sec-WebSocket-Key", "skipped"),
            ("host", "h"),
        ];
        let sorted = sorted_headers(
            headers.iter().copied(),
            &[("x-amz-date", "d")],
            PreviousSignature::Refuse,
        )
        .unwrap();
        assert_eq!(
            sorted,
            [
                ("host", "h"),
                ("x-a", "2"),
                ("X-A", "3"),
                ("x-amz-date", "d"),
                ("X-B", "1")
            ]
        );
        let mut text = String::new();
        let signed = write_canonical_request(&mut text, "GET", "/", "", &sorted, "e3b0");
        assert_eq!(
            text,
            "GET\n/\n\nhost:h\nx-a:2,3\nx-amz-date:d\nx-b:1\n\nhost;x-a;x-amz-date;x-b\ne3b0"
        );
        assert_eq!(&text[signed], "host;x-a;x-amz-date;x-b");
        for forbidden in [
            "Authorization",
            "X-Amz-Date",
            "x-amz-security-token",
            "X-Amz-Content-Sha256",
        ] {
            let header = [(forbidden, "v")].into_iter();
            let err = sorted_headers(header, &[], PreviousSignature::Refuse).unwrap_err();
            assert_eq!(err.detail(), Some(forbidden.to_ascii_lowercase().as_str()));
        }
        // Re-signing drops what an earlier signing added, but still refuses the payload hash.
        let resigned = [
            ("Authorization", "old"),
            ("x-b", "1"),
            ("X-Amz-Date", "old"),
        ];
        let sorted = sorted_headers(resigned.into_iter(), &[], PreviousSignature::Replace).unwrap();
        assert_eq!(sorted, [("x-b", "1")]);
        let header = [("x-amz-content-sha256", "v")].into_iter();
        assert!(sorted_headers(header, &[], PreviousSignature::Replace).is_err());
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

//! The one HTTP request and response type shared by the core and the transport.
//!
//! The core only describes requests; a transport (fetch, in `wasm`) sends them. Keeping the
//! body as bytes means the bytes sent are exactly the bytes signed.

use alloc::string::String;
use alloc::vec::Vec;

/// An HTTP request ready to send. `url` is absolute; `headers` never include `host`, which
/// fetch sets by itself from the URL (it is still signed, taken from the URL).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// An HTTP response as received. Header names are compared case-insensitively.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl HttpResponse {
    /// A response from the edge's text form: the headers as `name\nvalue\n…`.
    pub fn from_lines(status: u16, headers: &str, body: &[u8]) -> Self {
        let mut pairs = Vec::new();
        let mut rest = headers;
        while let Some((name, after)) = crate::text::split_once(rest, b"\n") {
            let (value, after) = crate::text::split_once(after, b"\n").unwrap_or((after, ""));
            pairs.push((String::from(name), String::from(value)));
            rest = after;
        }
        HttpResponse {
            status,
            headers: pairs,
            body: body.to_vec(),
        }
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

// Debug leaves out header values: a signed request carries `authorization` and
// `x-amz-security-token`, which must never reach a log.
impl core::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("header_names", &names)
            .field("body_len", &self.body.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_header_values() {
        let req = HttpRequest {
            method: "POST",
            url: "https://example.com/".into(),
            headers: vec![("authorization".into(), "AWS4-HMAC-SHA256 secret-sig".into())],
            body: b"{}".to_vec(),
        };
        let shown = format!("{req:?}");
        assert!(shown.contains("authorization"));
        assert!(!shown.contains("secret-sig"), "{shown}");
    }

    #[test]
    fn header_lookup_ignores_case() {
        let res = HttpResponse {
            status: 200,
            headers: vec![("X-Amzn-RequestId".into(), "abc".into())],
            body: vec![],
        };
        assert_eq!(res.header("x-amzn-requestid"), Some("abc"));
        assert_eq!(res.header("date"), None);
    }
}

//! The signer's one error type. Messages name what was wrong (a header name, a URL part), never
//! a header value, a key, a token or a signature.
//!
//! The text is available without `core::fmt` ([`SigningError::message`], [`SigningError::detail`],
//! [`SigningError::text`]), so a `.wasm` that reports signing errors does not carry the
//! formatting machinery; `Display` writes the same text.

use alloc::string::String;
use core::fmt;

/// Why a request could not be signed. Opaque on purpose: callers show it, they do not branch on
/// it, and the kinds can change without breaking anyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningError {
    kind: ErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// The URL could not be split, or fetch would send something other than what is signed;
    /// carries why.
    InvalidUrl(&'static str),
    InvalidMethod,
    InvalidHeaderName,
    /// A control character other than a folded line break; carries the header name only.
    InvalidHeaderValue(String),
    /// A header the signer adds itself (carries the name), or a `host` header that fetch would
    /// not send.
    ForbiddenHeader(String),
    /// Region, service, access key id or session token that would break the credential scope
    /// or a header; carries the whole message.
    InvalidParams(&'static str),
    /// The signing key cache had no entry at the index it just found or filled: cannot happen
    /// (our HMAC takes a key of any length), but `SigningKeyCache::signing_key` reads the entry
    /// back with `get`, not an index that could panic.
    Hmac,
}

impl SigningError {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        SigningError { kind }
    }

    /// What went wrong, without the detail.
    pub fn message(&self) -> &'static str {
        match &self.kind {
            ErrorKind::InvalidUrl(_) => "cannot sign the URL",
            ErrorKind::InvalidMethod => "the HTTP method is not a valid token",
            ErrorKind::InvalidHeaderName => "a header name is not a valid token",
            ErrorKind::InvalidHeaderValue(_) => "a header value contains a control character",
            ErrorKind::ForbiddenHeader(_) => {
                "the request must not carry this header before signing"
            }
            ErrorKind::InvalidParams(message) => message,
            ErrorKind::Hmac => "HMAC-SHA256 rejected the key",
        }
    }

    /// Which URL part or header name, when the error has one. Never a value.
    pub fn detail(&self) -> Option<&str> {
        match &self.kind {
            ErrorKind::InvalidUrl(why) => Some(why),
            ErrorKind::InvalidHeaderValue(name) | ErrorKind::ForbiddenHeader(name) => Some(name),
            _ => None,
        }
    }

    /// Why a URL cannot be signed, for callers that report it in their own words.
    pub(crate) fn url_reason(&self) -> Option<&'static str> {
        match self.kind {
            ErrorKind::InvalidUrl(why) => Some(why),
            _ => None,
        }
    }

    /// `message`, then `: detail` when there is one: the text `Display` writes.
    pub fn text(&self) -> String {
        let message = self.message();
        let detail = self.detail();
        let mut out = String::with_capacity(message.len() + detail.map_or(0, |d| d.len() + 2));
        out.push_str(message);
        if let Some(detail) = detail {
            out.push_str(": ");
            out.push_str(detail);
        }
        out
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl core::error::Error for SigningError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_message_then_detail() {
        let url = SigningError::new(ErrorKind::InvalidUrl("it has a fragment"));
        assert_eq!(url.message(), "cannot sign the URL");
        assert_eq!(url.detail(), Some("it has a fragment"));
        assert_eq!(url.text(), "cannot sign the URL: it has a fragment");
        assert_eq!(url.to_string(), url.text());

        let header = SigningError::new(ErrorKind::ForbiddenHeader("x-amz-date".into()));
        assert_eq!(
            header.to_string(),
            "the request must not carry this header before signing: x-amz-date"
        );
        let method = SigningError::new(ErrorKind::InvalidMethod);
        assert_eq!(method.detail(), None);
        assert_eq!(method.text(), method.message());
    }
}

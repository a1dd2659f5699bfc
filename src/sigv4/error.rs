//! The signer's one error type. Messages name what was wrong (a header name, a URL part), never
//! a header value, a key, a token or a signature.

use core::fmt;

/// Why a request could not be signed. Opaque on purpose: callers show it, they do not branch on
/// it, and the kinds can change without breaking anyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningError {
    kind: ErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// The URL could not be split, or fetch would send something other than what is signed.
    InvalidUrl(&'static str),
    InvalidMethod,
    InvalidHeaderName,
    /// A control character other than a folded line break; carries the header name only.
    InvalidHeaderValue(String),
    /// A header the signer adds itself (carries the name), or a `host` header that fetch would
    /// not send.
    ForbiddenHeader(String),
    /// Region or service that would break the credential scope; carries which one.
    InvalidScope(&'static str),
    InvalidCredentials(&'static str),
    /// The HMAC implementation refused a key (it accepts any length, so this does not happen).
    Hmac,
}

impl SigningError {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        SigningError { kind }
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::InvalidUrl(why) => write!(f, "cannot sign the URL: {why}"),
            ErrorKind::InvalidMethod => f.write_str("the HTTP method is not a valid token"),
            ErrorKind::InvalidHeaderName => f.write_str("a header name is not a valid token"),
            ErrorKind::InvalidHeaderValue(name) => {
                write!(
                    f,
                    "the value of header `{name}` contains a control character"
                )
            }
            ErrorKind::ForbiddenHeader(name) => {
                write!(
                    f,
                    "the request must not carry a `{name}` header before signing"
                )
            }
            ErrorKind::InvalidScope(what) => {
                write!(f, "the {what} cannot be used in a credential scope")
            }
            ErrorKind::InvalidCredentials(what) => write!(f, "the {what} is malformed"),
            ErrorKind::Hmac => f.write_str("HMAC-SHA256 rejected the key"),
        }
    }
}

impl std::error::Error for SigningError {}

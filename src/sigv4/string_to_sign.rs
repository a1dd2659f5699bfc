//! Task 2 of AWS SigV4, "Create a string to sign": algorithm, request date, credential scope and
//! the hex SHA-256 of the canonical request, one per line.

use alloc::string::String;
use core::fmt;

use super::canonical_request::CanonicalRequest;
use super::encode::push_hex_lower;
use super::sha256::sha256;
use super::ALGORITHM;

/// `AWS4-HMAC-SHA256\n<amz date>\n<scope>\n<hex sha256(canonical request)>`, as
/// [`StringToSign::as_str`] (and `Display`) gives it. Nothing in it is secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringToSign {
    text: String,
}

impl StringToSign {
    pub(crate) fn new(amz_date: &str, scope: &str, canonical_request: &CanonicalRequest) -> Self {
        let hash = sha256(canonical_request.as_str().as_bytes());
        let mut text = String::new();
        write_string_to_sign(&mut text, amz_date, scope, &hash);
        StringToSign { text }
    }

    /// The string to sign.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for StringToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Appends the string to sign for the canonical request whose SHA-256 is
/// `canonical_request_hash`.
pub(crate) fn write_string_to_sign(
    out: &mut String,
    amz_date: &str,
    scope: &str,
    canonical_request_hash: &[u8],
) {
    out.reserve(ALGORITHM.len() + amz_date.len() + scope.len() + 67);
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(amz_date);
    out.push('\n');
    out.push_str(scope);
    out.push('\n');
    push_hex_lower(out, canonical_request_hash);
}

/// Appends the credential scope, `20150830/us-east-1/service/aws4_request`.
pub(crate) fn push_credential_scope(out: &mut String, date: &str, region: &str, service: &str) {
    out.reserve(date.len() + region.len() + service.len() + 15);
    out.push_str(date);
    out.push('/');
    out.push_str(region);
    out.push('/');
    out.push_str(service);
    out.push_str("/aws4_request");
}

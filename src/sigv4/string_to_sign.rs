//! Task 2 of AWS SigV4, "Create a string to sign": algorithm, request date, credential scope and
//! the hex SHA-256 of the canonical request, one per line.

use core::fmt;

use sha2::{Digest, Sha256};

use super::canonical_request::CanonicalRequest;
use super::ALGORITHM;

/// `AWS4-HMAC-SHA256\n<amz date>\n<scope>\n<hex sha256(canonical request)>`; `Display` writes
/// exactly that. Nothing in it is secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringToSign {
    amz_date: String,
    scope: String,
    hashed_canonical_request: String,
}

impl StringToSign {
    pub(crate) fn new(amz_date: &str, scope: &str, canonical_request: &CanonicalRequest) -> Self {
        let hash = Sha256::digest(canonical_request.to_string().as_bytes());
        StringToSign {
            amz_date: amz_date.to_owned(),
            scope: scope.to_owned(),
            hashed_canonical_request: hex::encode(hash),
        }
    }
}

impl fmt::Display for StringToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(ALGORITHM)?;
        f.write_str("\n")?;
        f.write_str(&self.amz_date)?;
        f.write_str("\n")?;
        f.write_str(&self.scope)?;
        f.write_str("\n")?;
        f.write_str(&self.hashed_canonical_request)
    }
}

/// The credential scope, `20150830/us-east-1/service/aws4_request`.
pub(crate) fn credential_scope(date: &str, region: &str, service: &str) -> String {
    let mut scope = String::with_capacity(date.len() + region.len() + service.len() + 15);
    scope.push_str(date);
    scope.push('/');
    scope.push_str(region);
    scope.push('/');
    scope.push_str(service);
    scope.push_str("/aws4_request");
    scope
}

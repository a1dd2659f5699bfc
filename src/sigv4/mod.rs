//! AWS Signature Version 4 (HMAC-SHA256), as specified in the AWS General Reference,
//! "Create a signed AWS API request", and checked against the aws-c-auth signing test suite.
//!
//! Shaped like smithy-rs `aws-sigv4`: every stage is a value whose `Display` is the spec text
//! ([`CanonicalRequest`], [`StringToSign`]), [`sign`] returns what to add to a request instead of
//! changing it, and the time is a parameter. [`sign_request`] is the one convenience that does
//! change a request: the awsJson `POST` the client sends; [`RequestSigner`] does the same for a
//! client that sends every request to one URL, splitting it once.

mod canonical_request;
mod credentials;
mod encode;
mod error;
mod request;
mod settings;
mod sha256;
mod sign;
mod signing_key;
mod string_to_sign;
mod url;

pub use canonical_request::{CanonicalRequest, SignableRequest};
pub use credentials::{Credentials, SigningParams};
pub(crate) use encode::{push_hex_u32, uri_encode, Slash};
pub use error::SigningError;
pub use request::{sign_request, RequestSigner, SigningTarget};
pub use settings::{
    PathNormalization, PayloadChecksum, PercentEncodingMode, SessionTokenMode, SignatureLocation,
    SigningSettings,
};
pub use sign::{sign, SigningInstructions, SigningOutput};
pub use signing_key::SigningKeyCache;
pub use string_to_sign::StringToSign;
pub(crate) use url::split_once_byte;

/// The algorithm name, as it opens the string to sign and the `Authorization` value.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";

// One place for each wire name. Header names are lowercase: HTTP names are case-insensitive,
// and the canonical request wants them lowercase anyway.
const HEADER_AUTHORIZATION: &str = "authorization";
const HEADER_DATE: &str = "x-amz-date";
pub(crate) const HEADER_SECURITY_TOKEN: &str = "x-amz-security-token";
const HEADER_CONTENT_SHA256: &str = "x-amz-content-sha256";
const HEADER_HOST: &str = "host";

const PARAM_ALGORITHM: &str = "X-Amz-Algorithm";
const PARAM_CREDENTIAL: &str = "X-Amz-Credential";
const PARAM_DATE: &str = "X-Amz-Date";
const PARAM_EXPIRES: &str = "X-Amz-Expires";
const PARAM_SIGNED_HEADERS: &str = "X-Amz-SignedHeaders";
const PARAM_SECURITY_TOKEN: &str = "X-Amz-Security-Token";
const PARAM_SIGNATURE: &str = "X-Amz-Signature";

//! AWS SigV4 end to end: canonical request, string to sign, signature, and the headers or
//! query parameters ("Add the signature to the request") that carry it.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::ops::Range;

use super::canonical_request::{CanonicalRequest, SignableRequest, SigningContext};
use super::credentials::SigningParams;
use super::encode::{push_hex_lower, uri_encode, Slash};
use super::error::{ErrorKind, SigningError};
use super::settings::{PayloadChecksum, SignatureLocation, SigningSettings};
use super::sha256::sha256;
use super::signing_key::SigningKeyCache;
use super::string_to_sign::{push_credential_scope, StringToSign};
use super::{
    ALGORITHM, HEADER_AUTHORIZATION, HEADER_CONTENT_SHA256, HEADER_DATE, HEADER_SECURITY_TOKEN,
    PARAM_ALGORITHM, PARAM_CREDENTIAL, PARAM_DATE, PARAM_EXPIRES, PARAM_SECURITY_TOKEN,
    PARAM_SIGNATURE, PARAM_SIGNED_HEADERS,
};
use crate::time::{format_amz_date, push_padded};

/// Signs `request` and returns what to add to it; the request itself is not changed.
pub fn sign(
    request: &SignableRequest<'_>,
    settings: &SigningSettings,
    params: &SigningParams<'_>,
    cache: &mut SigningKeyCache,
) -> Result<SigningOutput, SigningError> {
    let session_token = check_params(params)?;
    let access_key_id = params.credentials.access_key_id();
    let amz_date = format_amz_date(params.time);
    let date = scope_date(&amz_date);
    let mut scope = String::new();
    push_credential_scope(&mut scope, date, params.region, params.service);
    let mut credential = String::with_capacity(access_key_id.len() + 1 + scope.len());
    credential.push_str(access_key_id);
    credential.push('/');
    credential.push_str(&scope);
    let mut payload_hash = String::with_capacity(64);
    push_hex_lower(&mut payload_hash, &sha256(request.body));

    let context = SigningContext {
        amz_date: &amz_date,
        credential: &credential,
        session_token,
        payload_hash: &payload_hash,
    };
    let canonical_request = CanonicalRequest::new(request, settings, &context)?;
    let string_to_sign = StringToSign::new(&amz_date, &scope, &canonical_request);
    let key = cache.signing_key(params.credentials, date, params.region, params.service)?;
    let mut signature = String::with_capacity(64);
    key.sign_into(string_to_sign.as_str().as_bytes(), &mut signature);

    let mut instructions = SigningInstructions::default();
    match settings.signature_location {
        SignatureLocation::Headers => {
            // The order matches the suite's signed requests. The token is sent in both session
            // token modes; `Exclude` only left it out of the canonical request.
            let mut authorization = String::new();
            push_authorization_head(
                &mut authorization,
                params,
                date,
                canonical_request.signed_headers(),
            );
            authorization.push_str(&signature);
            if let Some(token) = session_token {
                instructions.push_header(HEADER_SECURITY_TOKEN, token.to_owned());
            }
            instructions.push_header(HEADER_DATE, amz_date);
            if settings.payload_checksum == PayloadChecksum::XAmzContentSha256 {
                instructions.push_header(HEADER_CONTENT_SHA256, payload_hash);
            }
            instructions.push_header(HEADER_AUTHORIZATION, authorization);
        }
        SignatureLocation::QueryParams { expires_in_secs } => {
            instructions.push_param(PARAM_ALGORITHM, ALGORITHM.to_owned());
            instructions.push_param(PARAM_CREDENTIAL, credential);
            instructions.push_param(PARAM_DATE, amz_date);
            instructions.push_param(
                PARAM_SIGNED_HEADERS,
                canonical_request.signed_headers().to_owned(),
            );
            let mut expires = String::new();
            push_padded(&mut expires, expires_in_secs, 1);
            instructions.push_param(PARAM_EXPIRES, expires);
            // With `Exclude` the token was left out of the canonical query, but the request still
            // needs it.
            if let Some(token) = session_token {
                instructions.push_param(PARAM_SECURITY_TOKEN, token.to_owned());
            }
            instructions.push_param(PARAM_SIGNATURE, signature.clone());
        }
    }
    Ok(SigningOutput {
        canonical_request,
        string_to_sign,
        signature,
        instructions,
    })
}

/// Checks what goes into the scope and the signer's headers; returns the session token.
pub(crate) fn check_params<'a>(
    params: &SigningParams<'a>,
) -> Result<Option<&'a str>, SigningError> {
    check_scope_part(
        params.region,
        "the region cannot be used in a credential scope",
    )?;
    check_scope_part(
        params.service,
        "the service cannot be used in a credential scope",
    )?;
    let credentials = params.credentials;
    let access_key_id = credentials.access_key_id();
    // The id goes into `Credential=<id>/<scope>`, so `/`, `,` or whitespace would change its
    // meaning; a token goes into a header or the query as is.
    if access_key_id.is_empty() || !access_key_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(SigningError::new(ErrorKind::InvalidParams(
            "the access key id is malformed",
        )));
    }
    let session_token = credentials.session_token();
    if session_token.is_some_and(|t| !t.bytes().all(|b| b.is_ascii_graphic())) {
        return Err(SigningError::new(ErrorKind::InvalidParams(
            "the session token is malformed",
        )));
    }
    Ok(session_token)
}

/// Region and service sit between `/` in the scope: anything but letters, digits and `-._`
/// would change the scope's shape.
fn check_scope_part(value: &str, message: &'static str) -> Result<(), SigningError> {
    let valid = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if valid {
        Ok(())
    } else {
        Err(SigningError::new(ErrorKind::InvalidParams(message)))
    }
}

/// The scope date, `YYYYMMDD`: the first 8 bytes of the amz date.
pub(crate) fn scope_date(amz_date: &str) -> &str {
    amz_date.get(..8).unwrap_or_default()
}

/// Appends the `Authorization` value up to its signature,
/// `AWS4-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=<names>, Signature=`, and returns
/// where the scope is in `out`.
pub(crate) fn push_authorization_head(
    out: &mut String,
    params: &SigningParams<'_>,
    date: &str,
    signed_headers: &str,
) -> Range<usize> {
    let access_key_id = params.credentials.access_key_id();
    out.reserve(
        ALGORITHM.len()
            + access_key_id.len()
            + date.len()
            + params.region.len()
            + params.service.len()
            + signed_headers.len()
            + 130,
    );
    out.push_str(ALGORITHM);
    out.push_str(" Credential=");
    out.push_str(access_key_id);
    out.push('/');
    let scope_start = out.len();
    push_credential_scope(out, date, params.region, params.service);
    let scope = scope_start..out.len();
    out.push_str(", SignedHeaders=");
    out.push_str(signed_headers);
    out.push_str(", Signature=");
    scope
}

/// Every stage of one signing, for callers that apply the signature and for tests that compare
/// each stage with the spec's text.
pub struct SigningOutput {
    canonical_request: CanonicalRequest,
    string_to_sign: StringToSign,
    signature: String,
    instructions: SigningInstructions,
}

impl SigningOutput {
    pub fn canonical_request(&self) -> &CanonicalRequest {
        &self.canonical_request
    }

    pub fn string_to_sign(&self) -> &StringToSign {
        &self.string_to_sign
    }

    /// The hex signature. Secret enough to replay the request: do not log it.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    pub fn instructions(&self) -> &SigningInstructions {
        &self.instructions
    }

    pub fn into_instructions(self) -> SigningInstructions {
        self.instructions
    }
}

impl fmt::Debug for SigningOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningOutput")
            .field("canonical_request", &self.canonical_request)
            .field("string_to_sign", &self.string_to_sign)
            .field("instructions", &self.instructions)
            .finish_non_exhaustive()
    }
}

/// What to add to the request: headers (names lowercase) for header signing, query parameters
/// for presigning. Values are raw; [`SigningInstructions::query_suffix`] encodes the parameters.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SigningInstructions {
    headers: Vec<(&'static str, String)>,
    params: Vec<(&'static str, String)>,
}

impl SigningInstructions {
    fn push_header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value));
    }

    fn push_param(&mut self, name: &'static str, value: String) {
        self.params.push((name, value));
    }

    pub fn headers(&self) -> &[(&'static str, String)] {
        &self.headers
    }

    pub fn params(&self) -> &[(&'static str, String)] {
        &self.params
    }

    /// The parameters as `k=v&k=v`, URI-encoded, to append to the request's query (after a `&`
    /// when it has one).
    pub fn query_suffix(&self) -> String {
        let mut out = String::new();
        for (name, value) in &self.params {
            if !out.is_empty() {
                out.push('&');
            }
            uri_encode(&mut out, name.as_bytes(), Slash::Encode);
            out.push('=');
            uri_encode(&mut out, value.as_bytes(), Slash::Encode);
        }
        out
    }

    /// The headers to add, for header signing (empty when presigning).
    pub fn into_headers(self) -> Vec<(&'static str, String)> {
        self.headers
    }
}

// Names only: the values include the signature and the session token.
impl fmt::Debug for SigningInstructions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(k, _)| *k).collect();
        let params: Vec<&str> = self.params.iter().map(|(k, _)| *k).collect();
        f.debug_struct("SigningInstructions")
            .field("headers", &headers)
            .field("params", &params)
            .finish()
    }
}

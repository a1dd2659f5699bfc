//! Signing the client's own requests: an awsJson 1.1 `POST` (AWS SigV4 header signing, with the
//! settings the AWS SDKs use for services other than S3).
//!
//! A client sends every request to the same URL, so [`RequestSigner`] splits it once (signed
//! host, canonical URI and query) and keeps its signing keys and one text buffer from one
//! request to the next. Per request it hashes the body once, writes the canonical request and
//! the string to sign into that buffer, and signs with an HMAC state keyed once per day.

use alloc::borrow::ToOwned;
use alloc::string::String;
use core::fmt;

use super::canonical_request::{
    canonical_path, canonical_query, check_method, is_added_by_signing, sorted_headers,
    write_canonical_request, Header, PreviousSignature,
};
use super::credentials::SigningParams;
use super::encode::hex_digest;
use super::error::{ErrorKind, SigningError};
use super::settings::SigningSettings;
use super::sha256::sha256;
use super::sign::{check_params, push_authorization_head, scope_date};
use super::signing_key::SigningKeyCache;
use super::string_to_sign::write_string_to_sign;
use super::url::{split_url, SplitUrl};
use super::{HEADER_AUTHORIZATION, HEADER_DATE, HEADER_HOST, HEADER_SECURITY_TOKEN};
use crate::http::HttpRequest;
use crate::time::push_amz_date;

/// A request URL split once for signing: the `host` fetch will send and the canonical URI and
/// query of AWS SigV4 (path normalized and encoded twice, query sorted), as the AWS SDKs sign
/// every service but S3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningTarget {
    host: String,
    canonical_uri: String,
    canonical_query: String,
}

impl SigningTarget {
    /// Splits an absolute `http(s)` URL, refusing what fetch's URL parser would rewrite (so
    /// what is signed is what is sent).
    pub fn new(url: &str) -> Result<Self, SigningError> {
        let split = split_url(url)?;
        let canonical_query = canonical_query(split.query, &[]);
        Ok(Self::from_split(split, canonical_query))
    }

    /// As [`SigningTarget::new`], for a URL without a query (an awsJson client's requests all go
    /// to one): the query canonicalization then stays out of a `.wasm` that signs only those.
    pub fn without_query(url: &str) -> Result<Self, SigningError> {
        let split = split_url(url)?;
        if !split.query.is_empty() {
            return Err(SigningError::new(ErrorKind::InvalidUrl(
                "it has a query, and a client's requests go to a URL without one",
            )));
        }
        Ok(Self::from_split(split, String::new()))
    }

    fn from_split(split: SplitUrl<'_>, canonical_query: String) -> Self {
        SigningTarget {
            canonical_uri: canonical_path(split.path, &SigningSettings::default()),
            canonical_query,
            host: split.host,
        }
    }

    /// The signed `host`: lowercase, with the port only when it is not the scheme's default.
    pub fn host(&self) -> &str {
        &self.host
    }
}

/// A client's signer: its [`SigningTarget`], the signing keys it derived and a buffer reused
/// by every signing.
pub struct RequestSigner {
    target: SigningTarget,
    keys: SigningKeyCache,
    /// The last string to sign; between two steps, the canonical request (session token
    /// included).
    buffer: String,
}

// Not the buffer: between two steps it holds the canonical request, session token included.
impl fmt::Debug for RequestSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestSigner")
            .field("target", &self.target)
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

impl RequestSigner {
    /// A signer for requests to `url` (the URL every request it signs is sent to), which has
    /// no query ([`SigningTarget::without_query`]).
    pub fn new(url: &str) -> Result<Self, SigningError> {
        Ok(RequestSigner {
            target: SigningTarget::without_query(url)?,
            keys: SigningKeyCache::new(),
            buffer: String::new(),
        })
    }

    pub fn target(&self) -> &SigningTarget {
        &self.target
    }

    /// Signs `request` in place, as [`sign_request`] does, for this signer's target: the
    /// request's `url` is not read again, so it must be the URL the signer was made for.
    pub fn sign(
        &mut self,
        request: &mut HttpRequest,
        params: &SigningParams<'_>,
    ) -> Result<(), SigningError> {
        sign_for_target(
            &self.target,
            request,
            params,
            &mut self.keys,
            &mut self.buffer,
        )
    }
}

/// Signs `request` in place: signs `host` (taken from the URL, as fetch will send it), every
/// header already set, `x-amz-date` and the session token, then appends `x-amz-date`,
/// `x-amz-security-token` (with temporary credentials) and `authorization`.
///
/// Re-signing a request (every retry must) replaces what the previous signing added. No `host`
/// header is added: fetch forbids setting it and sends the URL's. On error the request is left
/// as it was. A client that signs many requests to one URL should use [`RequestSigner`], which
/// splits the URL once.
pub fn sign_request(
    request: &mut HttpRequest,
    params: &SigningParams<'_>,
    cache: &mut SigningKeyCache,
) -> Result<(), SigningError> {
    let target = SigningTarget::new(&request.url)?;
    sign_for_target(&target, request, params, cache, &mut String::new())
}

fn sign_for_target(
    target: &SigningTarget,
    request: &mut HttpRequest,
    params: &SigningParams<'_>,
    cache: &mut SigningKeyCache,
    buffer: &mut String,
) -> Result<(), SigningError> {
    if request.header(HEADER_HOST).is_some() {
        return Err(SigningError::new(ErrorKind::ForbiddenHeader(
            HEADER_HOST.to_owned(),
        )));
    }
    check_method(request.method)?;
    let session_token = check_params(params)?;
    let mut amz_date = String::with_capacity(16);
    push_amz_date(&mut amz_date, params.time);
    let date = scope_date(&amz_date);

    // The signer's headers; the token is signed (`SessionTokenMode::Include`).
    let added: [Header<'_>; 3] = [
        (HEADER_HOST, &target.host),
        (HEADER_DATE, &amz_date),
        (HEADER_SECURITY_TOKEN, session_token.unwrap_or_default()),
    ];
    let added = added
        .get(..if session_token.is_some() { 3 } else { 2 })
        .unwrap_or_default();
    let request_headers = request
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()));
    let headers = sorted_headers(request_headers, added, PreviousSignature::Replace)?;

    // HashedPayload = Lowercase(HexEncode(Hash(payload)))
    let payload_hash = hex_digest(&sha256(&request.body));
    buffer.clear();
    let signed_headers = write_canonical_request(
        buffer,
        request.method,
        &target.canonical_uri,
        &target.canonical_query,
        &headers,
        core::str::from_utf8(&payload_hash).unwrap_or_default(),
    );
    drop(headers);
    let canonical_request_hash = sha256(buffer.as_bytes());

    let mut authorization = String::new();
    let scope = push_authorization_head(
        &mut authorization,
        params,
        date,
        buffer.get(signed_headers).unwrap_or_default(),
    );
    buffer.clear();
    write_string_to_sign(
        buffer,
        &amz_date,
        authorization.get(scope).unwrap_or_default(),
        &canonical_request_hash,
    );
    // signature = HexEncode(HMAC(kSigning, StringToSign))
    cache
        .signing_key(params.credentials, date, params.region, params.service)?
        .sign_into(buffer.as_bytes(), &mut authorization);

    // The order matches the suite's signed requests.
    request
        .headers
        .retain(|(name, _)| !is_added_by_signing(name));
    if let Some(token) = session_token {
        request
            .headers
            .push((HEADER_SECURITY_TOKEN.to_owned(), token.to_owned()));
    }
    request.headers.push((HEADER_DATE.to_owned(), amz_date));
    request
        .headers
        .push((HEADER_AUTHORIZATION.to_owned(), authorization));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sigv4::{sign, Credentials, SignableRequest};

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLE/+token==";
    const TIME: i64 = 1_795_720_791; // 2026-11-26T19:19:51Z

    fn meter_usage(url: &str) -> HttpRequest {
        HttpRequest {
            method: "POST",
            url: url.to_owned(),
            headers: vec![
                (
                    "Content-Type".to_owned(),
                    "application/x-amz-json-1.1".to_owned(),
                ),
                (
                    "X-Amz-Target".to_owned(),
                    "AWSMPMeteringService.MeterUsage".to_owned(),
                ),
            ],
            body: br#"{"ProductCode":"abc","Timestamp":1795720791,"UsageDimension":"users","UsageQuantity":3}"#.to_vec(),
        }
    }

    fn params(credentials: &Credentials) -> SigningParams<'_> {
        SigningParams {
            credentials,
            region: "us-east-1",
            service: "aws-marketplace",
            time: TIME,
        }
    }

    fn signed(url: &str, token: Option<&str>) -> HttpRequest {
        let creds = Credentials::new("AKIDEXAMPLE", SECRET, token.map(str::to_owned));
        let params = params(&creds);
        let mut request = meter_usage(url);
        sign_request(&mut request, &params, &mut SigningKeyCache::new()).unwrap();
        request
    }

    fn names(request: &HttpRequest) -> Vec<&str> {
        request.headers.iter().map(|(k, _)| k.as_str()).collect()
    }

    #[test]
    fn signs_an_aws_json_post_with_a_session_token() {
        let request = signed(
            "https://metering.marketplace.us-east-1.amazonaws.com/",
            Some(TOKEN),
        );
        assert_eq!(
            names(&request),
            [
                "Content-Type",
                "X-Amz-Target",
                "x-amz-security-token",
                "x-amz-date",
                "authorization"
            ]
        );
        assert_eq!(request.header("x-amz-date"), Some("20261126T191951Z"));
        assert_eq!(request.header("x-amz-security-token"), Some(TOKEN));
        assert!(request.header("host").is_none());
        assert!(request.header("x-amz-content-sha256").is_none());
        // Computed independently with Python's hmac/hashlib from the canonical request below.
        //   POST / (empty query)
        //   content-type:application/x-amz-json-1.1
        //   host:metering.marketplace.us-east-1.amazonaws.com
        //   x-amz-date:20261126T191951Z
        //   x-amz-security-token:<TOKEN>
        //   x-amz-target:AWSMPMeteringService.MeterUsage
        assert_eq!(
            request.header("authorization"),
            Some(concat!(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/aws-marketplace/aws4_request, ",
                "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, ",
                "Signature=64b987092beb6332515054ef7a666ebbf06f6abfdb227497d0569c5171d9dfaf"
            ))
        );
    }

    #[test]
    fn request_signer_signs_as_sign_request_does() {
        let creds = Credentials::new("AKIDEXAMPLE", SECRET, Some(TOKEN.to_owned()));
        let params = params(&creds);
        for url in [
            "https://metering.marketplace.us-east-1.amazonaws.com/",
            "http://[::1]:8080/a/./b/../c//d",
            "HTTPS://Example.COM:443/base%2Fx",
        ] {
            let mut signer = RequestSigner::new(url).unwrap();
            let mut expected = meter_usage(url);
            sign_request(&mut expected, &params, &mut SigningKeyCache::new()).unwrap();
            // Twice: the buffer and the cached key are reused.
            for _ in 0..2 {
                let mut request = meter_usage(url);
                signer.sign(&mut request, &params).unwrap();
                assert_eq!(request, expected, "{url}");
            }
        }
        let mut signer = RequestSigner::new("https://metering.example/").unwrap();
        signer
            .sign(&mut meter_usage("https://metering.example/"), &params)
            .unwrap();
        let shown = format!("{signer:?}");
        assert!(shown.contains("metering.example"), "{shown}");
        assert!(!shown.contains(TOKEN) && !shown.contains(SECRET), "{shown}");
        // Nor the buffer, whatever stage it last held.
        assert!(!shown.contains("AWS4-HMAC-SHA256"), "{shown}");
        let err = RequestSigner::new("https://metering.example/?a=b").unwrap_err();
        assert_eq!(err.message(), "cannot sign the URL");
        assert_eq!(
            SigningTarget::new("https://metering.example/?b=2&a=1").map(|t| t.canonical_query),
            Ok("a=1&b=2".to_owned())
        );
    }

    #[test]
    fn signs_the_port_only_when_it_is_not_the_default() {
        let signature = |url: &str| {
            signed(url, None)
                .header("authorization")
                .map(str::to_owned)
                .unwrap_or_default()
        };
        let plain = signature("https://metering.example/");
        assert_eq!(plain, signature("https://metering.example:443/"));
        assert_eq!(plain, signature("HTTPS://METERING.example/"));
        assert_ne!(plain, signature("https://metering.example:8443/"));
        assert_ne!(plain, signature("http://metering.example:443/"));
        assert_eq!(
            signature("http://metering.example/"),
            signature("http://metering.example:80/")
        );
        assert!(plain.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target,"));
    }

    #[test]
    fn port_is_part_of_the_signed_host() {
        // Same request signed by the general signer with an explicit host header.
        let creds = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let params = params(&creds);
        let request = meter_usage("http://[::1]:8080/");
        let mut headers = vec![("host", "[::1]:8080")];
        headers.extend(
            request
                .headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str())),
        );
        let output = sign(
            &SignableRequest {
                method: "POST",
                path: "/",
                query: "",
                headers: &headers,
                body: &request.body,
            },
            &SigningSettings::default(),
            &params,
            &mut SigningKeyCache::new(),
        )
        .unwrap();
        assert!(output
            .canonical_request()
            .to_string()
            .contains("\nhost:[::1]:8080\n"));
        let signed = signed("http://[::1]:8080/", None);
        assert_eq!(
            signed.header("authorization").unwrap_or_default(),
            output.instructions().headers()[1].1
        );
    }

    #[test]
    fn resigning_replaces_the_previous_signature() {
        let creds = Credentials::new("AKIDEXAMPLE", SECRET, Some(TOKEN.to_owned()));
        let mut cache = SigningKeyCache::new();
        let mut request = meter_usage("https://metering.example/");
        let mut params = params(&creds);
        sign_request(&mut request, &params, &mut cache).unwrap();
        let first = request.header("authorization").map(str::to_owned);

        params.time += 5;
        sign_request(&mut request, &params, &mut cache).unwrap();
        assert_eq!(request.headers.len(), 5, "{:?}", names(&request));
        assert_eq!(request.header("x-amz-date"), Some("20261126T191956Z"));
        assert_ne!(request.header("authorization").map(str::to_owned), first);

        // The same as signing a fresh request at that time: nothing stale was signed.
        let mut fresh = meter_usage("https://metering.example/");
        sign_request(&mut fresh, &params, &mut cache).unwrap();
        assert_eq!(request, fresh);

        // Credentials without a token drop the stale token header.
        let plain = Credentials::new("AKIDEXAMPLE", SECRET, None);
        params.credentials = &plain;
        sign_request(&mut request, &params, &mut cache).unwrap();
        assert!(request.header("x-amz-security-token").is_none());
        assert_eq!(request.headers.len(), 4);
    }

    #[test]
    fn errors_leave_the_request_untouched_and_never_show_secrets() {
        let creds = Credentials::new("AKIDEXAMPLE", SECRET, Some(TOKEN.to_owned()));
        let params = params(&creds);
        let mut cache = SigningKeyCache::new();
        for url in [
            "https://user@metering.example/",
            "https://metering.example/#x",
            "metering.example/",
        ] {
            let mut request = meter_usage(url);
            let before = request.clone();
            let err = sign_request(&mut request, &params, &mut cache).unwrap_err();
            assert_eq!(request, before);
            assert!(err.to_string().starts_with("cannot sign the URL"), "{err}");
        }

        let mut request = meter_usage("https://metering.example/");
        request
            .headers
            .push(("Host".to_owned(), "evil.example".to_owned()));
        assert!(sign_request(&mut request, &params, &mut cache).is_err());

        let mut request = meter_usage("https://metering.example/");
        request
            .headers
            .push(("X-Note".to_owned(), format!("{TOKEN}\r\nX-Injected: 1")));
        let err = sign_request(&mut request, &params, &mut cache).unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(shown.contains("x-note"), "{shown}");
        assert!(!shown.contains(TOKEN) && !shown.contains(SECRET), "{shown}");
    }
}

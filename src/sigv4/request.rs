//! Signing the client's own requests: an awsJson 1.1 `POST` (AWS SigV4 header signing, with the
//! settings the AWS SDKs use for services other than S3).

use super::canonical_request::SignableRequest;
use super::credentials::SigningParams;
use super::error::{ErrorKind, SigningError};
use super::settings::SigningSettings;
use super::sign::sign;
use super::signing_key::SigningKeyCache;
use super::url::split_url;
use super::{HEADER_AUTHORIZATION, HEADER_DATE, HEADER_HOST, HEADER_SECURITY_TOKEN};
use crate::http::HttpRequest;

/// Signs `request` in place: signs `host` (taken from the URL, as fetch will send it), every
/// header already set, `x-amz-date` and the session token, then appends `x-amz-date`,
/// `x-amz-security-token` (with temporary credentials) and `authorization`.
///
/// Re-signing a request (every retry must) replaces what the previous signing added. No `host`
/// header is added: fetch forbids setting it and sends the URL's. On error the request is left
/// as it was.
pub fn sign_request(
    request: &mut HttpRequest,
    params: &SigningParams<'_>,
    cache: &mut SigningKeyCache,
) -> Result<(), SigningError> {
    if request.header(HEADER_HOST).is_some() {
        return Err(SigningError::new(ErrorKind::ForbiddenHeader(
            HEADER_HOST.to_owned(),
        )));
    }
    let url = split_url(&request.url)?;
    let mut headers: Vec<(&str, &str)> = Vec::with_capacity(request.headers.len() + 1);
    headers.push((HEADER_HOST, &url.host));
    headers.extend(
        request
            .headers
            .iter()
            .filter(|(name, _)| !is_added_by_signing(name))
            .map(|(name, value)| (name.as_str(), value.as_str())),
    );
    let signable = SignableRequest {
        method: request.method,
        path: url.path,
        query: url.query,
        headers: &headers,
        body: &request.body,
    };
    let output = sign(&signable, &SigningSettings::default(), params, cache)?;
    let added = output.into_instructions().into_headers();

    request
        .headers
        .retain(|(name, _)| !is_added_by_signing(name));
    request.headers.extend(
        added
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value)),
    );
    Ok(())
}

/// Headers a previous signing of the same request added.
fn is_added_by_signing(name: &str) -> bool {
    [HEADER_AUTHORIZATION, HEADER_DATE, HEADER_SECURITY_TOKEN]
        .iter()
        .any(|added| name.eq_ignore_ascii_case(added))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sigv4::Credentials;

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

    fn signed(url: &str, token: Option<&str>) -> HttpRequest {
        let creds = Credentials::new("AKIDEXAMPLE", SECRET, token.map(str::to_owned));
        let params = SigningParams {
            credentials: &creds,
            region: "us-east-1",
            service: "aws-marketplace",
            time: TIME,
        };
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
        let params = SigningParams {
            credentials: &creds,
            region: "us-east-1",
            service: "aws-marketplace",
            time: TIME,
        };
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
        let mut params = SigningParams {
            credentials: &creds,
            region: "us-east-1",
            service: "aws-marketplace",
            time: TIME,
        };
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
        let params = SigningParams {
            credentials: &creds,
            region: "us-east-1",
            service: "aws-marketplace",
            time: TIME,
        };
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

//! The sans-IO client: one entry turns a validated input, credentials and the time into a
//! signed request; one turns a response into an output or an error. The transport in
//! `wasm` is a thin loop around these two, the retry decisions in [`crate::retry`].

use crate::endpoint::{self, EndpointError, EndpointParams};
use crate::error::ResponseError;
use crate::http::{HttpRequest, HttpResponse};
use crate::model::{Input, Operation, Output};
use crate::protocol;
use crate::sigv4::{Credentials, RequestSigner, SigningError, SigningParams};

/// The SigV4 signing name of Marketplace Metering (its endpoint prefix is `metering.marketplace`).
pub const SIGNING_NAME: &str = "aws-marketplace";

/// Where requests go and how they are signed; fixed for a client's life.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientConfig {
    pub region: String,
    pub endpoint_url: String,
}

impl ClientConfig {
    /// Resolves the endpoint by the service's rules (region, FIPS, dual-stack, custom URL).
    pub fn new(
        region: &str,
        use_fips: bool,
        use_dual_stack: bool,
        endpoint_url: Option<&str>,
    ) -> Result<Self, EndpointError> {
        let resolved = endpoint::resolve(&EndpointParams {
            region: Some(region),
            use_fips,
            use_dual_stack,
            endpoint: endpoint_url,
        })?;
        Ok(ClientConfig {
            region: region.to_owned(),
            endpoint_url: resolved.url,
        })
    }
}

/// The client's signing state: its configuration and its signer (the endpoint split once, the
/// derived signing keys, a reused buffer).
#[derive(Debug)]
pub struct Client {
    config: ClientConfig,
    /// An endpoint that cannot be signed (fetch would rewrite its URL) fails every `prepare`.
    signer: Result<RequestSigner, SigningError>,
}

impl Client {
    pub fn new(config: ClientConfig) -> Self {
        // The URL `protocol::build_request` sends to: the endpoint with `/` when it has no path.
        // Splitting the endpoint as is gives the same host, path and query.
        let signer = RequestSigner::new(&config.endpoint_url);
        Client { config, signer }
    }

    /// The signed request for one attempt of `input` at `now` (unix seconds). Every attempt
    /// is prepared afresh, so a retry carries a new date and signature.
    pub fn prepare(
        &mut self,
        input: &Input,
        credentials: &Credentials,
        now: i64,
    ) -> Result<HttpRequest, SigningError> {
        let signer = self.signer.as_mut().map_err(|e| e.clone())?;
        let mut request = protocol::build_request(input, &self.config.endpoint_url);
        let params = SigningParams {
            credentials,
            region: &self.config.region,
            service: SIGNING_NAME,
            time: now,
        };
        signer.sign(&mut request, &params)?;
        Ok(request)
    }
}

/// The output of `op`, or the error, that `response` carries.
pub fn parse(op: Operation, response: &HttpResponse) -> Result<Output, ResponseError> {
    protocol::parse_response(op, response)
}

/// A random (version 4) UUID from 16 random bytes, in its canonical text form: MeterUsage's
/// default client token, as the AWS SDKs make it.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex = hex::encode(bytes);
    let mut out = String::with_capacity(36);
    for (i, c) in hex.chars().enumerate() {
        if matches!(i, 8 | 12 | 16 | 20) {
            out.push('-');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::js::input_from_js_text;

    fn creds() -> Credentials {
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        )
    }

    fn resolve_customer() -> Input {
        input_from_js_text(Operation::ResolveCustomer, br#"{"registrationToken":"t"}"#).unwrap()
    }

    #[test]
    fn prepares_a_signed_awsjson_request() {
        let config = ClientConfig::new("us-east-1", false, false, None).unwrap();
        assert_eq!(
            config.endpoint_url,
            "https://metering.marketplace.us-east-1.amazonaws.com"
        );
        let mut client = Client::new(config);
        let input = input_from_js_text(
            Operation::ResolveCustomer,
            br#"{"registrationToken":"tok"}"#,
        )
        .unwrap();
        let req = client.prepare(&input, &creds(), 1_440_938_160).unwrap();
        assert_eq!(req.method, "POST");
        assert_eq!(
            req.url,
            "https://metering.marketplace.us-east-1.amazonaws.com/"
        );
        assert_eq!(
            req.header("x-amz-target"),
            Some("AWSMPMeteringService.ResolveCustomer")
        );
        assert_eq!(req.header("x-amz-date"), Some("20150830T123600Z"));
        assert_eq!(req.header("host"), None, "fetch sets host itself");
        let auth = req.header("authorization").unwrap();
        assert!(
            auth.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/aws-marketplace/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="
            ),
            "{auth}"
        );
        assert_eq!(req.body, br#"{"RegistrationToken":"tok"}"#);

        // A retry a second later is signed again, with the new date.
        let again = client.prepare(&input, &creds(), 1_440_938_161).unwrap();
        assert_eq!(again.header("x-amz-date"), Some("20150830T123601Z"));
        assert_ne!(again.header("authorization"), req.header("authorization"));
    }

    #[test]
    fn custom_endpoint_keeps_its_path() {
        let config =
            ClientConfig::new("us-east-1", false, false, Some("http://127.0.0.1:8080")).unwrap();
        let mut client = Client::new(config);
        let input = resolve_customer();
        let req = client.prepare(&input, &creds(), 0).unwrap();
        assert_eq!(req.url, "http://127.0.0.1:8080/");
        assert!(
            ClientConfig::new("us-east-1", true, false, Some("http://127.0.0.1:8080")).is_err()
        );
    }

    #[test]
    fn signs_as_sign_request_does_on_the_url_it_sends() {
        let input = resolve_customer();
        for endpoint in [
            None,
            Some("http://127.0.0.1:8080"),
            Some("https://proxy.example.com/aws/"),
            Some("https://proxy.example.com/a/../b//c"),
            Some("http://[::1]:4566"),
            Some("HTTPS://Example.COM:443/base"),
        ] {
            let config = ClientConfig::new("us-east-1", false, false, endpoint).unwrap();
            let mut client = Client::new(config.clone());
            let prepared = client.prepare(&input, &creds(), 1_440_938_160).unwrap();

            let mut expected = protocol::build_request(&input, &config.endpoint_url);
            let params = SigningParams {
                credentials: &creds(),
                region: "us-east-1",
                service: SIGNING_NAME,
                time: 1_440_938_160,
            };
            crate::sigv4::sign_request(
                &mut expected,
                &params,
                &mut crate::sigv4::SigningKeyCache::new(),
            )
            .unwrap();
            assert_eq!(prepared, expected, "{endpoint:?}");
        }
    }

    #[test]
    fn an_endpoint_fetch_would_rewrite_is_refused() {
        let url = "https://example.com/{x}";
        let err = ClientConfig::new("us-east-1", false, false, Some(url)).unwrap_err();
        assert_eq!(
            err.detail(),
            Some("the path or query has a character fetch would percent-encode")
        );
        // A configuration made by hand fails every prepare instead.
        let mut client = Client::new(ClientConfig {
            region: "us-east-1".to_owned(),
            endpoint_url: url.to_owned(),
        });
        let input = resolve_customer();
        for _ in 0..2 {
            let err = client.prepare(&input, &creds(), 0).unwrap_err();
            assert_eq!(err.message(), "cannot sign the URL");
        }
    }

    #[test]
    fn uuid_v4_has_version_and_variant() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }
}

//! What one client keeps between its calls: where requests go and how they are signed, the
//! credentials and when to refresh them, the clock offset it has learnt, and the retry quota
//! every call draws on. Calls read and update it; nothing here waits
//! or reads a clock.

use alloc::string::String;

use crate::endpoint::{self, EndpointError, EndpointParams};
use crate::http::HttpRequest;
use crate::model::tables::SERVICE;
use crate::protocol;
use crate::retry::{RetryQuota, DEFAULT_MAX_ATTEMPTS};
use crate::sigv4::{Credentials, RequestSigner, SigningError, SigningParams};
use crate::sts;
use crate::text;

/// Provider credentials this close to their expiration are fetched again, as the AWS SDKs do.
pub const REFRESH_BEFORE_EXPIRY_MS: i64 = 5 * 60 * 1000;
/// Highest `maxAttempts` accepted; more would only multiply load during an outage.
pub const MAX_ATTEMPTS_LIMIT: u32 = 20;
/// Longest `requestTimeoutMs`: timers take a signed 32-bit delay, and a longer one fires at
/// once in Node, browsers and workerd, which would time out every attempt.
pub const MAX_TIMEOUT_MS: u32 = 2_147_483_647;

/// Where credentials come from.
#[derive(Debug)]
pub enum CredentialSource {
    /// Given once; never expire as far as the client knows.
    Static(Credentials),
    /// A provider the edge calls when a call asks for credentials.
    Provider,
    Missing,
}

/// The settings a client is made with.
#[derive(Clone, Debug)]
pub struct Settings {
    pub max_attempts: u32,
    /// Per attempt, and for each wait on the credentials provider; 0 is none.
    pub request_timeout_ms: u32,
    /// `customUserAgent`, appended to the package's own.
    pub custom_user_agent: Option<String>,
    /// Whether calls describe their attempts and retry decisions for a logger.
    pub logging: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            request_timeout_ms: 0,
            custom_user_agent: None,
            logging: false,
        }
    }
}

/// A client's state, shared by its calls.
#[derive(Debug)]
pub struct Client {
    region: String,
    /// The endpoint URL with the request path (`/`).
    url: String,
    signing_name: &'static str,
    user_agent: String,
    pub(crate) settings: Settings,
    /// Splits the URL once and keeps the day's signing key. A custom URL the signer could not
    /// split is already refused by `endpoint::custom_endpoint`; should any other be, the error
    /// is kept (not unwrapped) and every call fails to sign with it.
    signer: Result<RequestSigner, SigningError>,
    source: CredentialSource,
    /// Provider credentials and their expiration (unix ms), once fetched.
    cached: Option<(Credentials, Option<i64>)>,
    /// Server time minus local time, learnt from responses' `Date`.
    pub(crate) clock_offset_ms: i64,
    pub(crate) quota: RetryQuota,
}

/// What the credentials are at some time.
pub(crate) enum Lookup {
    Ready,
    /// None yet, or the cached ones are about to expire: the provider must be asked.
    Fetch,
    Missing,
}

impl Client {
    /// A Marketplace Metering client: the endpoint by the service's rules (region, FIPS,
    /// dual-stack, custom URL).
    pub fn metering(
        region: &str,
        use_fips: bool,
        use_dual_stack: bool,
        endpoint_url: Option<&str>,
        source: CredentialSource,
        settings: Settings,
    ) -> Result<Self, EndpointError> {
        let resolved = endpoint::resolve(&EndpointParams {
            region: Some(region),
            use_fips,
            use_dual_stack,
            endpoint: endpoint_url,
        })?;
        Ok(Client::new(
            region,
            &resolved.url,
            SERVICE.signing_name,
            source,
            settings,
        ))
    }

    /// An STS client for `AssumeRole`: `https://sts.{region}.{dnsSuffix}` unless `endpoint_url`.
    /// The region is checked either way (it is also the signing region), and a custom endpoint
    /// as the metering client checks one.
    pub fn sts(
        region: &str,
        endpoint_url: Option<&str>,
        source: CredentialSource,
        settings: Settings,
    ) -> Result<Self, EndpointError> {
        let region = endpoint::checked_region(region)?;
        let url = match endpoint_url {
            Some(url) => endpoint::custom_endpoint(url)?.url,
            None => sts::endpoint(region),
        };
        Ok(Client::new(
            region,
            &url,
            sts::SIGNING_NAME,
            source,
            settings,
        ))
    }

    fn new(
        region: &str,
        endpoint_url: &str,
        signing_name: &'static str,
        source: CredentialSource,
        settings: Settings,
    ) -> Self {
        let url = protocol::with_path(endpoint_url);
        Client {
            region: String::from(region),
            signer: RequestSigner::new(&url),
            url,
            signing_name,
            user_agent: protocol::user_agent_header(settings.custom_user_agent.as_deref()),
            settings,
            source,
            cached: None,
            clock_offset_ms: 0,
            quota: RetryQuota::default(),
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }

    /// Whether credentials come from a provider the edge calls.
    pub fn has_provider(&self) -> bool {
        matches!(self.source, CredentialSource::Provider)
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn clock_offset_ms(&self) -> i64 {
        self.clock_offset_ms
    }

    pub(crate) fn lookup(&self, now_ms: i64) -> Lookup {
        match (&self.source, &self.cached) {
            (CredentialSource::Static(_), _) => Lookup::Ready,
            (CredentialSource::Missing, _) => Lookup::Missing,
            (CredentialSource::Provider, Some((_, None))) => Lookup::Ready,
            (CredentialSource::Provider, Some((_, Some(expiration))))
                if expiration.saturating_sub(now_ms) > REFRESH_BEFORE_EXPIRY_MS =>
            {
                Lookup::Ready
            }
            (CredentialSource::Provider, _) => Lookup::Fetch,
        }
    }

    /// Keeps what the provider gave, for every call of this client until it nears expiry.
    pub fn set_credentials(&mut self, credentials: Credentials, expiration_ms: Option<i64>) {
        self.cached = Some((credentials, expiration_ms));
    }

    /// Removes secrets from a text the service wrote: a signature mismatch answer may quote
    /// the canonical request, session token included. `signed_token` is the session token the
    /// answered request carried: another call may have refreshed the credentials meanwhile,
    /// and the current ones then hold another token.
    pub(crate) fn redact(&self, text: &str, signed_token: Option<&str>) -> String {
        let credentials = current(&self.source, &self.cached);
        let mut out = String::from(text);
        for secret in [
            credentials.map(Credentials::secret_access_key),
            credentials.and_then(Credentials::session_token),
            signed_token,
        ]
        .into_iter()
        .flatten()
        {
            // An empty secret matches nothing: `replace` leaves the text as it is.
            out = text::replace(&out, secret, "<redacted>");
        }
        out
    }

    /// Signs `request` with the current credentials at `time_secs` (the corrected clock);
    /// `None` when there are none (callers look them up first).
    pub(crate) fn sign(
        &mut self,
        request: &mut HttpRequest,
        time_secs: i64,
    ) -> Option<Result<(), SigningError>> {
        // The fields apart: the signer is borrowed mutably below.
        let credentials = current(&self.source, &self.cached)?;
        let params = SigningParams {
            credentials,
            region: &self.region,
            service: self.signing_name,
            time: time_secs,
        };
        Some(match &mut self.signer {
            Ok(signer) => signer.sign(request, &params),
            Err(e) => Err(e.clone()),
        })
    }
}

/// The credentials calls sign with now: the static ones, or the provider's last answer.
fn current<'c>(
    source: &'c CredentialSource,
    cached: &'c Option<(Credentials, Option<i64>)>,
) -> Option<&'c Credentials> {
    match (source, cached) {
        (CredentialSource::Static(c), _) | (_, Some((c, _))) => Some(c),
        _ => None,
    }
}

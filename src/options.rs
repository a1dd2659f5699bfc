//! The rules of the client's options, `fromAssumeRole`'s and the credentials objects: what
//! each option may hold and what it becomes. The edge reads every option off its JS object as
//! an [`Opt`] and hands it here, so the rules and their texts are the core's, tested natively.
//! Errors name the option and the rule, never its value.

use alloc::string::String;

use crate::client::{Client, CredentialSource, Settings, MAX_ATTEMPTS_LIMIT, MAX_TIMEOUT_MS};
use crate::error::{CallError, ErrorKind};
use crate::num;
use crate::retry::DEFAULT_MAX_ATTEMPTS;
use crate::sigv4::Credentials;
use crate::sts::{RoleTemplate, MAX_DURATION_SECONDS, MIN_DURATION_SECONDS};

/// An option's value as read from JS. No `Debug`: a `Str` may be a secret access key or a
/// session token ([`credentials`]).
#[derive(Clone, PartialEq)]
pub enum Opt {
    /// `undefined` or `null`.
    Absent,
    Str(String),
    Num(f64),
    Bool(bool),
    Function,
    /// A `Date`: its time, NaN for an invalid one.
    Date(f64),
    /// Any other object.
    Object,
    /// Anything else (a symbol, a BigInt…).
    Other,
}

/// A bad option: its name, the rule, and whether it is about credentials (a `CredentialsError`
/// then, else a `ValidationError`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionError {
    pub field: &'static str,
    pub rule: &'static str,
    pub credentials: bool,
}

/// Why a client's options were refused. It becomes the error the constructor throws in one
/// place ([`CallError::from`]): building a `CallError` at each rule would put a copy of that
/// code in the `.wasm` for each.
#[derive(Debug)]
pub enum Refused {
    /// An option broke a rule.
    Rule(OptionError),
    /// The `credentials` object broke this rule.
    Credentials(&'static str),
    /// `fromAssumeRole` has nothing to sign its STS requests with.
    NoCredentials,
    /// The endpoint rules refused the region or the URL (the option named): their text.
    Endpoint(&'static str, String),
}

impl From<OptionError> for Refused {
    fn from(e: OptionError) -> Self {
        Refused::Rule(e)
    }
}

impl From<Refused> for CallError {
    fn from(refused: Refused) -> Self {
        // Pushes, not `concat`: its generic code measured 330 B more .wasm gzip.
        let credentials = |parts: &[&str]| {
            let mut message = String::new();
            parts.iter().for_each(|part| message.push_str(part));
            CallError::new(ErrorKind::Credentials, message)
        };
        match refused {
            Refused::Rule(e) if e.credentials => credentials(&[e.field, " ", e.rule]),
            Refused::Rule(e) => CallError::validation(e.field, e.rule),
            Refused::Credentials(rule) => credentials(&["credentials: ", rule]),
            Refused::NoCredentials => credentials(&[
                "fromAssumeRole needs `credentials` or `credentialsProvider` to call STS with",
            ]),
            Refused::Endpoint(field, text) => CallError::validation(field, &text),
        }
    }
}

fn bad<T>(field: &'static str, rule: &'static str) -> Result<T, OptionError> {
    Err(OptionError {
        field,
        rule,
        credentials: false,
    })
}

/// An optional string.
pub fn string(
    field: &'static str,
    opt: Opt,
    rule: &'static str,
) -> Result<Option<String>, OptionError> {
    match opt {
        Opt::Absent => Ok(None),
        Opt::Str(s) => Ok(Some(s)),
        _ => bad(field, rule),
    }
}

/// An optional boolean, `false` when absent.
pub fn flag(field: &'static str, opt: Opt) -> Result<bool, OptionError> {
    match opt {
        Opt::Absent => Ok(false),
        Opt::Bool(b) => Ok(b),
        _ => bad(field, "must be a boolean"),
    }
}

/// An integer within `min..=max`, or `default` when absent.
fn integer(
    field: &'static str,
    opt: Opt,
    (min, max): (u32, u32),
    default: u32,
    rule: &'static str,
) -> Result<u32, OptionError> {
    match opt {
        Opt::Absent => Ok(default),
        Opt::Num(n) if num::is_integral(n) && (f64::from(min)..=f64::from(max)).contains(&n) => {
            Ok(n as u32)
        }
        _ => bad(field, rule),
    }
}

/// `region`: required, not empty.
pub fn region(opt: Opt) -> Result<String, OptionError> {
    match opt {
        Opt::Str(s) if !s.is_empty() => Ok(s),
        _ => bad(
            "region",
            "is required: a non-empty string such as \"us-east-1\"",
        ),
    }
}

/// `maxAttempts`: 1 to 20, default 3 (the SDKs' standard mode).
pub fn max_attempts(opt: Opt) -> Result<u32, OptionError> {
    let rule = "must be an integer from 1 to 20";
    integer(
        "maxAttempts",
        opt,
        (1, MAX_ATTEMPTS_LIMIT),
        DEFAULT_MAX_ATTEMPTS,
        rule,
    )
}

/// `requestTimeoutMs`: 0 (none) to what a timer takes; fractions dropped, as timers count
/// whole milliseconds.
pub fn request_timeout_ms(opt: Opt) -> Result<u32, OptionError> {
    match opt {
        Opt::Absent => Ok(0),
        Opt::Num(n) if (0.0..=f64::from(MAX_TIMEOUT_MS)).contains(&n) => Ok(n as u32),
        _ => bad(
            "requestTimeoutMs",
            "must be a number of milliseconds from 0 to 2147483647",
        ),
    }
}

/// `customUserAgent`: a header value fetch can send (printable ASCII; a Headers object refuses
/// the rest).
pub fn custom_user_agent(opt: Opt) -> Result<Option<String>, OptionError> {
    let ua = string("customUserAgent", opt, "must be a string")?;
    if ua
        .as_deref()
        .is_some_and(|ua| !ua.bytes().all(|b| (b' '..=b'~').contains(&b)))
    {
        return bad(
            "customUserAgent",
            "must be printable ASCII (a header value)",
        );
    }
    Ok(ua)
}

/// `meterUsageRecords`'s `concurrency`: 1 to 10, default 4 (the service allows about 10
/// requests a second; more calls at once only get throttled).
pub fn concurrency(opt: Opt) -> Result<u32, OptionError> {
    integer(
        "concurrency",
        opt,
        (1, 10),
        4,
        "must be an integer from 1 to 10",
    )
}

/// `fromAssumeRole`'s `durationSeconds`: STS's 900 to 43200 when given.
pub fn duration_seconds(opt: Opt) -> Result<Option<u32>, OptionError> {
    match opt {
        Opt::Absent => Ok(None),
        opt => {
            let range = (MIN_DURATION_SECONDS, MAX_DURATION_SECONDS);
            integer(
                "durationSeconds",
                opt,
                range,
                0,
                "must be an integer from 900 to 43200",
            )
            .map(Some)
        }
    }
}

/// `logger`: an object (its methods are looked up at each event), when given.
pub fn logger(opt: &Opt) -> Result<bool, OptionError> {
    match opt {
        Opt::Absent => Ok(false),
        Opt::Object | Opt::Date(_) => Ok(true),
        _ => bad(
            "logger",
            "must be an object with debug, info, warn and error methods (each optional)",
        ),
    }
}

/// A function option (`fetch`): whether one is given.
pub fn function(field: &'static str, opt: &Opt, rule: &'static str) -> Result<bool, OptionError> {
    match opt {
        Opt::Absent => Ok(false),
        Opt::Function => Ok(true),
        _ => bad(field, rule),
    }
}

/// `credentialsProvider`: a function, when given (a `CredentialsError` otherwise).
pub fn provider(opt: &Opt) -> Result<bool, OptionError> {
    function("credentialsProvider", opt, "must be a function").map_err(|mut e| {
        e.credentials = true;
        e
    })
}

/// `{ accessKeyId, secretAccessKey, sessionToken?, expiration? }` (the members read in that
/// order; `None` when the value is not an object): the credentials and their expiration in
/// unix milliseconds. The error is the rule alone, for the caller to prefix with where the
/// object came from.
pub fn credentials(members: Option<[Opt; 4]>) -> Result<(Credentials, Option<i64>), &'static str> {
    let Some([access_key_id, secret, token, expiration]) = members else {
        return Err(
            "must be an object { accessKeyId, secretAccessKey, sessionToken?, expiration? }",
        );
    };
    let required = |opt: Opt, rule| match opt {
        Opt::Str(s) if !s.is_empty() => Ok(s),
        _ => Err(rule),
    };
    let access_key_id = required(access_key_id, "accessKeyId must be a non-empty string")?;
    let secret = required(secret, "secretAccessKey must be a non-empty string")?;
    let token = match token {
        Opt::Absent => None,
        Opt::Str(s) if !s.is_empty() => Some(s),
        _ => return Err("sessionToken must be a non-empty string when given"),
    };
    let expiration = match expiration {
        Opt::Absent => None,
        Opt::Date(ms) if ms.is_finite() => Some(ms as i64),
        _ => return Err("expiration must be a valid Date when given"),
    };
    Ok((Credentials::new(access_key_id, secret, token), expiration))
}

/// The members of a credentials object, in the order [`credentials`] takes them.
pub const CREDENTIAL_MEMBERS: [&str; 4] = [
    "accessKeyId",
    "secretAccessKey",
    "sessionToken",
    "expiration",
];

/// An options object as the rules read it: each key once, in the order the rules ask for it
/// (a getter or a Proxy sees one read per key).
pub trait Source {
    /// Whether the options are an object at all.
    fn is_object(&self) -> bool;
    fn get(&mut self, key: &'static str) -> Opt;
    /// The [`CREDENTIAL_MEMBERS`] of the `credentials` option `get` read; `None` when it is not
    /// an object.
    fn credentials(&mut self) -> Option<[Opt; 4]>;
}

/// A client made from options, and whether it keeps the `fetch` it was given (else the global
/// one). Whether it keeps a logger and a provider is the client's own state
/// (`settings().logging`, [`Client::has_provider`]): a provider beside static credentials is
/// never called.
pub struct Built {
    pub client: Client,
    pub fetch: bool,
}

/// What the metering client and `fromAssumeRole` both take.
struct Common {
    settings: Settings,
    source: CredentialSource,
    endpoint_url: Option<String>,
    fetch: bool,
}

fn common(src: &mut impl Source) -> Result<Common, Refused> {
    let fetch = function(
        "fetch",
        &src.get("fetch"),
        "must be a function like the global fetch",
    )?;
    let logging = logger(&src.get("logger"))?;
    let provider_opt = src.get("credentialsProvider");
    let given = src.get("credentials");
    let settings = Settings {
        max_attempts: max_attempts(src.get("maxAttempts"))?,
        request_timeout_ms: request_timeout_ms(src.get("requestTimeoutMs"))?,
        custom_user_agent: custom_user_agent(src.get("customUserAgent"))?,
        logging,
    };
    let endpoint_url = string(
        "endpointUrl",
        src.get("endpointUrl"),
        "must be a string URL",
    )?;
    // Static credentials win over a provider when both are given.
    let source = if given != Opt::Absent {
        let (credentials, _) = credentials(src.credentials()).map_err(Refused::Credentials)?;
        CredentialSource::Static(credentials)
    } else if provider(&provider_opt)? {
        CredentialSource::Provider
    } else {
        CredentialSource::Missing
    };
    Ok(Common {
        settings,
        source,
        endpoint_url,
        fetch,
    })
}

fn not_object(src: &impl Source, rule: &'static str) -> Result<(), OptionError> {
    if src.is_object() {
        Ok(())
    } else {
        bad("options", rule)
    }
}

/// `new MarketplaceMetering(options)`.
pub fn metering(src: &mut impl Source) -> Result<Built, Refused> {
    not_object(src, "must be an object with at least `region`")?;
    let region = region(src.get("region"))?;
    let use_fips = flag("useFipsEndpoint", src.get("useFipsEndpoint"))?;
    let use_dual_stack = flag("useDualStackEndpoint", src.get("useDualStackEndpoint"))?;
    let c = common(src)?;
    let url = c.endpoint_url.as_deref();
    let client = Client::metering(&region, use_fips, use_dual_stack, url, c.source, c.settings)
        .map_err(|e| {
            let field = if url.is_some() {
                "endpointUrl"
            } else {
                "region"
            };
            Refused::Endpoint(field, e.text())
        })?;
    Ok(Built {
        client,
        fetch: c.fetch,
    })
}

/// `fromAssumeRole(options)`: the STS client and the role to assume.
pub fn assume_role(src: &mut impl Source) -> Result<(Built, RoleTemplate), Refused> {
    not_object(src, "must be an object with at least `roleArn`")?;
    let mut text = |key: &'static str| string(key, src.get(key), "must be a string");
    let role_arn = text("roleArn")?.map_or_else(|| bad("roleArn", "is required"), Ok)?;
    let session_name = text("roleSessionName")?;
    let external_id = text("externalId")?;
    let duration = duration_seconds(src.get("durationSeconds"))?;
    let region = string("region", src.get("region"), "must be a string")?;
    let c = common(src)?;
    if matches!(c.source, CredentialSource::Missing) {
        return Err(Refused::NoCredentials);
    }
    // STS's own rules (sts.rs), which cannot use this module's error type without an import
    // cycle.
    let template = RoleTemplate::new(role_arn, session_name, external_id, duration)
        .or_else(|e| bad(e.field, e.rule))?;
    let region = region.as_deref().unwrap_or("us-east-1");
    let client =
        Client::sts(region, c.endpoint_url.as_deref(), c.source, c.settings).map_err(|e| {
            let field = if e.is_region() {
                "region"
            } else {
                "endpointUrl"
            };
            Refused::Endpoint(field, e.text())
        })?;
    Ok((
        Built {
            client,
            fetch: c.fetch,
        },
        template,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec::Vec;

    fn s(v: &str) -> Opt {
        Opt::Str(v.to_string())
    }

    #[test]
    fn numbers_are_whole_and_in_range() {
        assert_eq!(max_attempts(Opt::Absent), Ok(3));
        assert_eq!(max_attempts(Opt::Num(20.0)), Ok(20));
        for bad in [
            Opt::Num(0.0),
            Opt::Num(21.0),
            Opt::Num(2.5),
            Opt::Num(f64::NAN),
            s("3"),
        ] {
            assert_eq!(max_attempts(bad).unwrap_err().field, "maxAttempts");
        }
        assert_eq!(request_timeout_ms(Opt::Num(150.9)), Ok(150));
        for bad in [
            Opt::Num(-1.0),
            Opt::Num(2_147_483_648.0),
            Opt::Num(f64::INFINITY),
            s("30"),
        ] {
            assert!(request_timeout_ms(bad).is_err());
        }
        assert_eq!(concurrency(Opt::Absent), Ok(4));
        assert!(concurrency(Opt::Num(11.0)).is_err());
        assert_eq!(duration_seconds(Opt::Num(900.0)), Ok(Some(900)));
        assert!(duration_seconds(Opt::Num(899.0)).is_err());
    }

    #[test]
    fn strings_flags_and_functions() {
        assert_eq!(region(s("eu-west-1")), Ok("eu-west-1".to_string()));
        assert!(region(s("")).is_err() && region(Opt::Absent).is_err());
        assert_eq!(flag("useFipsEndpoint", Opt::Bool(true)), Ok(true));
        assert!(flag("useFipsEndpoint", s("true")).is_err());
        assert_eq!(
            custom_user_agent(s("app/1.2 (+x)")),
            Ok(Some("app/1.2 (+x)".to_string()))
        );
        for bad in ["a\r\nx: 1", "caf\u{e9}"] {
            assert_eq!(
                custom_user_agent(s(bad)).unwrap_err().rule,
                "must be printable ASCII (a header value)"
            );
        }
        assert_eq!(logger(&Opt::Object), Ok(true));
        assert!(logger(&Opt::Function).is_err() && logger(&s("console")).is_err());
        let e = provider(&Opt::Object).unwrap_err();
        assert!(e.credentials && e.field == "credentialsProvider");
    }

    #[test]
    fn credentials_name_the_member_never_the_value() {
        let ok = credentials(Some([
            s("AKID"),
            s("secret"),
            Opt::Absent,
            Opt::Date(1_000.0),
        ]))
        .unwrap();
        assert_eq!((ok.0.access_key_id(), ok.1), ("AKID", Some(1_000)));
        let err = |members| credentials(members).unwrap_err();
        assert!(err(None).starts_with("must be an object"));
        assert_eq!(
            err(Some([s("AKID"), s(""), Opt::Absent, Opt::Absent])),
            "secretAccessKey must be a non-empty string"
        );
        assert_eq!(
            err(Some([s("AKID"), s("x"), Opt::Num(1.0), Opt::Absent])),
            "sessionToken must be a non-empty string when given"
        );
        assert_eq!(
            err(Some([s("AKID"), s("x"), Opt::Absent, Opt::Date(f64::NAN)])),
            "expiration must be a valid Date when given"
        );
        assert_eq!(
            err(Some([s("AKID"), s("x"), Opt::Absent, Opt::Num(1.0)])),
            "expiration must be a valid Date when given"
        );
    }

    /// Options as a list of keys and values; records every read.
    struct Given {
        values: Vec<(&'static str, Opt)>,
        credentials: Option<[Opt; 4]>,
        reads: Vec<&'static str>,
    }

    impl Source for Given {
        fn is_object(&self) -> bool {
            true
        }
        fn get(&mut self, key: &'static str) -> Opt {
            self.reads.push(key);
            let found = self.values.iter().find(|(k, _)| *k == key);
            found.map_or(Opt::Absent, |(_, v)| v.clone())
        }
        fn credentials(&mut self) -> Option<[Opt; 4]> {
            self.reads.push("credentials.*");
            self.credentials.clone()
        }
    }

    fn given(values: &[(&'static str, Opt)]) -> Given {
        Given {
            values: values.to_vec(),
            credentials: None,
            reads: Vec::new(),
        }
    }

    fn refused(result: Result<Built, Refused>) -> CallError {
        match result {
            Ok(_) => panic!("accepted"),
            Err(e) => e.into(),
        }
    }

    #[test]
    fn a_client_reads_each_option_once_and_keeps_only_what_it_uses() {
        let mut src = given(&[
            ("region", s("eu-west-1")),
            ("fetch", Opt::Function),
            ("credentialsProvider", Opt::Function),
            ("credentials", Opt::Object),
            ("maxAttempts", Opt::Num(5.0)),
        ]);
        src.credentials = Some([s("AKID"), s("secret"), Opt::Absent, Opt::Absent]);
        let built = metering(&mut src).unwrap();
        let mut reads = src.reads.clone();
        reads.sort_unstable();
        let before = reads.len();
        reads.dedup();
        assert_eq!(before, reads.len(), "a key was read twice: {:?}", src.reads);
        assert!(src.reads.contains(&"credentials.*"));
        // Static credentials win: the provider is never kept, so never called.
        assert!(built.fetch && !built.client.has_provider() && !built.client.settings().logging);
        assert_eq!(built.client.settings().max_attempts, 5);
        assert_eq!(
            built.client.url(),
            "https://metering.marketplace.eu-west-1.amazonaws.com/"
        );

        let mut src = given(&[
            ("region", s("us-east-1")),
            ("credentialsProvider", Opt::Function),
        ]);
        let built = metering(&mut src).unwrap();
        assert!(built.client.has_provider() && !built.fetch);
        assert!(!src.reads.contains(&"credentials.*"));
    }

    #[test]
    fn a_refused_option_is_the_error_the_call_would_report() {
        let e = refused(metering(&mut given(&[])));
        assert_eq!(
            (e.kind, e.field.as_deref()),
            (ErrorKind::Validation, Some("region"))
        );
        let e = refused(metering(&mut given(&[
            ("region", s("us-east-1")),
            ("credentialsProvider", s("x")),
        ])));
        assert_eq!(e.kind, ErrorKind::Credentials);
        assert_eq!(e.message, "credentialsProvider must be a function");
        let mut src = given(&[("region", s("us-east-1")), ("credentials", Opt::Object)]);
        src.credentials = Some([s("AKID"), s(""), Opt::Absent, Opt::Absent]);
        let e = refused(metering(&mut src));
        assert_eq!(
            (e.kind, e.message.as_str()),
            (
                ErrorKind::Credentials,
                "credentials: secretAccessKey must be a non-empty string"
            )
        );
        // The endpoint's error names the option that made the URL.
        let e = refused(metering(&mut given(&[
            ("region", s("us-east-1")),
            ("endpointUrl", s("not a url")),
        ])));
        assert_eq!(e.field.as_deref(), Some("endpointUrl"));
        let e = refused(metering(&mut given(&[("region", s("a b"))])));
        assert_eq!(e.field.as_deref(), Some("region"));
    }

    #[test]
    fn assume_role_needs_a_role_and_credentials_to_call_sts_with() {
        let arn = s("arn:aws:iam::123456789012:role/Seller");
        let e = match assume_role(&mut given(&[("credentialsProvider", Opt::Function)])) {
            Err(e) => CallError::from(e),
            Ok(_) => panic!("accepted"),
        };
        assert_eq!(e.field.as_deref(), Some("roleArn"));
        let e = match assume_role(&mut given(&[("roleArn", arn.clone())])) {
            Err(e) => CallError::from(e),
            Ok(_) => panic!("accepted"),
        };
        assert_eq!(e.kind, ErrorKind::Credentials);
        assert!(
            e.message.starts_with("fromAssumeRole needs"),
            "{}",
            e.message
        );
        let (built, _) = assume_role(&mut given(&[
            ("roleArn", arn),
            ("credentialsProvider", Opt::Function),
            ("region", s("eu-west-1")),
        ]))
        .unwrap();
        assert!(built.client.has_provider());
        assert_eq!(built.client.url(), "https://sts.eu-west-1.amazonaws.com/");
    }
}

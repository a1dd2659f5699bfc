//! Reading options and credentials from JS values: the client's constructor options, each
//! call's `{ abortSignal?, concurrency? }`, `fromAssumeRole`'s options, and credentials
//! objects (given, or a provider's result). Errors name the option and the rule, never a value.

use alloc::string::String;

use js_sys::{Date, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::bindings::{CheckedDate, CheckedSignal};
use super::errors::{invalid, js_error};
use crate::client::{CredentialSource, Settings, MAX_ATTEMPTS_LIMIT, MAX_TIMEOUT_MS};
use crate::error::{CallError, ErrorKind};
use crate::sigv4::Credentials;

#[wasm_bindgen(typescript_custom_section)]
const OPTION_TYPES: &'static str = r#"
/** AWS credentials for SigV4. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Required with temporary credentials (access keys starting `ASIA`). */
  readonly sessionToken?: string;
  /** When temporary credentials stop working: a provider is asked again 5 minutes before. */
  readonly expiration?: Date;
}

/**
 * Returns credentials, synchronously or as a promise. Called when a call needs to sign and
 * the cached credentials are missing or expire within 5 minutes; one request at a time is
 * shared by every call waiting. `abortSignal` aborts when the client closes or when no call
 * waits any longer. A throw becomes a `CredentialsError` whose `cause` is what was thrown (a
 * `CredentialsError` itself, as `fromAssumeRole` throws, is passed on as it is).
 */
export type CredentialsProvider = (props?: { abortSignal?: AbortSignal }) => Credentials | PromiseLike<Credentials>;

/** The AWS SDK's logger shape: each method optional, each event a plain object. */
export interface Logger {
  debug?(event: LogEvent): void;
  info?(event: LogEvent): void;
  warn?(event: LogEvent): void;
  error?(event: LogEvent): void;
}

/** One attempt (`debug`), or one retry decision (`warn` to retry, `error` to give up). Never a secret, signature, token or body. */
export interface LogEvent {
  event: "attempt" | "retry" | "fail";
  operation: string;
  attempt: number;
  httpStatusCode?: number;
  requestId?: string;
  errorCode?: string;
  delayMs?: number;
}

export interface MarketplaceMeteringOptions {
  /** The AWS region, e.g. `"us-east-1"`: chooses the endpoint and the signing region. */
  region: string;
  /** Static credentials; win over `credentialsProvider` when both are given. */
  credentials?: Credentials;
  /** Where credentials come from when `credentials` is not given (see `fromAssumeRole`). */
  credentialsProvider?: CredentialsProvider;
  /** Used instead of the global `fetch` (a Worker's service binding, a proxy, tests). */
  fetch?: typeof fetch;
  /** Overrides the endpoint from the region's rules (e.g. a local emulator); still signed for `region`. */
  endpointUrl?: string;
  /** The FIPS endpoint of the region. */
  useFipsEndpoint?: boolean;
  /** The dual-stack (IPv4 and IPv6) endpoint of the region. */
  useDualStackEndpoint?: boolean;
  /** Attempts per call including the first, an integer from 1 to 20. Default 3 (the SDKs' standard mode). */
  maxAttempts?: number;
  /** Time limit of each attempt, and of each wait for the credentials provider, in milliseconds; 0 (the default) is none. */
  requestTimeoutMs?: number;
  /** Receives one event per attempt and per retry decision. */
  logger?: Logger;
  /** Appended to `x-amz-user-agent` and `user-agent` after the package's own name and version. */
  customUserAgent?: string;
}

/** The second argument of every operation. */
export interface CallOptions {
  /** Cancels the call, including any wait: it rejects with the signal's `reason`, as fetch does. */
  abortSignal?: AbortSignal;
}

/** The second argument of `meterUsageRecords`. */
export interface MeterUsageRecordsOptions extends CallOptions {
  /** BatchMeterUsage calls in flight at once, an integer from 1 to 10. Default 4. */
  concurrency?: number;
}

/** A signed request, ready for `fetch(url, { method, headers, body })`. Signatures expire after 15 minutes. */
export interface PreparedRequest {
  method: "POST";
  url: string;
  /** Without `host`: fetch derives it from `url`. */
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer>;
}

/** `meterUsageRecords`' input: BatchMeterUsage's, with any number of records. */
export type MeterUsageRecordsInput = BatchMeterUsageInput;

/** Every record of the input ends in exactly one of the two lists, as your own object. */
export type MeterUsageRecordsOutput = Omit<BatchMeterUsageOutput, "$metadata">;

// `Symbol.dispose` and `Symbol.asyncDispose` for projects whose `lib` predates them (as
// @types/node declares them): the client's `[Symbol.dispose]` must not need esnext.disposable.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
    readonly asyncDispose: unique symbol;
  }
}

export interface MarketplaceMetering {
  /** `await using client = …` closes the client at the end of the block. */
  [Symbol.asyncDispose](): Promise<void>;
  /**
   * The request an operation would send — validated, serialized and signed exactly as a call
   * signs it — without sending it: for a proxy, a queue, or measuring.
   *
   * Rejects with `ValidationError` (bad input or operation name) and `CredentialsError`.
   */
  prepareRequest<O extends keyof OperationInputs>(operation: O, input: OperationInputs[O]): Promise<PreparedRequest>;
}

/** `fromAssumeRole`'s options: STS `AssumeRole` (API 2011-06-15). */
export interface AssumeRoleOptions {
  /** The role to assume, e.g. `arn:aws:iam::123456789012:role/MarketplaceMetering`. */
  roleArn: string;
  /** 2 to 64 of `[\w+=,.@-]`. Default `marketplace-metering-wasm-<ms>`, new at each request. */
  roleSessionName?: string;
  /** The `sts:ExternalId` the role's trust policy asks for. */
  externalId?: string;
  /** 900 to 43200 seconds (and at most the role's maximum). Default: STS's, one hour. */
  durationSeconds?: number;
  /** The credentials that call STS (e.g. the long-term keys in your Worker's secrets)… */
  credentials?: Credentials;
  /** …or where they come from. */
  credentialsProvider?: CredentialsProvider;
  /** STS's region: the endpoint `https://sts.{region}.amazonaws.com`. Default `us-east-1`. */
  region?: string;
  /** Overrides the STS endpoint (e.g. a local emulator). */
  endpointUrl?: string;
  fetch?: typeof fetch;
  maxAttempts?: number;
  requestTimeoutMs?: number;
  /** Receives the AssumeRole attempts and retry decisions, as the client's logger does for its calls. */
  logger?: Logger;
  /** Appended to the AssumeRole requests' `x-amz-user-agent` and `user-agent`. */
  customUserAgent?: string;
}
"#;

pub(crate) fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub(crate) fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

fn optional_string(options: &JsValue, key: &str, rule: &str) -> Result<Option<String>, JsValue> {
    let v = get(options, key);
    if absent(&v) {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or_else(|| invalid(key, rule))
}

fn optional_bool(options: &JsValue, key: &str) -> Result<bool, JsValue> {
    let v = get(options, key);
    if absent(&v) {
        return Ok(false);
    }
    v.as_bool().ok_or_else(|| invalid(key, "must be a boolean"))
}

/// An integer option within `min..=max`, or `default` when absent.
fn integer(
    options: &JsValue,
    key: &str,
    (min, max): (u32, u32),
    default: u32,
    rule: &str,
) -> Result<u32, JsValue> {
    let v = get(options, key);
    if absent(&v) {
        return Ok(default);
    }
    match v.as_f64() {
        Some(n) if crate::num::is_integral(n) && (f64::from(min)..=f64::from(max)).contains(&n) => {
            Ok(n as u32)
        }
        _ => Err(invalid(key, rule)),
    }
}

/// The function at `key`, if any.
fn function(options: &JsValue, key: &str, rule: &str) -> Result<JsValue, JsValue> {
    let v = get(options, key);
    if absent(&v) {
        return Ok(JsValue::UNDEFINED);
    }
    if v.is_function() {
        Ok(v)
    } else {
        Err(invalid(key, rule))
    }
}

/// What every client takes: the settings, the credential source, and the I/O pieces
/// (fetch, provider, logger) the driver keeps.
pub(crate) struct Common {
    pub settings: Settings,
    pub source: CredentialSource,
    pub fetch: JsValue,
    pub provider: JsValue,
    pub logger: JsValue,
    pub endpoint_url: Option<String>,
}

pub(crate) fn common(options: &JsValue) -> Result<Common, JsValue> {
    let max_attempts = integer(
        options,
        "maxAttempts",
        (1, MAX_ATTEMPTS_LIMIT),
        crate::retry::DEFAULT_MAX_ATTEMPTS,
        "must be an integer from 1 to 20",
    )?;
    let timeout = get(options, "requestTimeoutMs");
    let request_timeout_ms = if absent(&timeout) {
        0
    } else {
        match timeout.as_f64() {
            // Fractions of a millisecond are dropped: timers count whole milliseconds.
            Some(n) if (0.0..=f64::from(MAX_TIMEOUT_MS)).contains(&n) => n as u32,
            _ => {
                return Err(invalid(
                    "requestTimeoutMs",
                    "must be a number of milliseconds from 0 to 2147483647",
                ))
            }
        }
    };
    let fetch = function(options, "fetch", "must be a function like the global fetch")?;
    let logger = get(options, "logger");
    let logger = if absent(&logger) {
        JsValue::UNDEFINED
    } else if logger.is_object() {
        logger
    } else {
        return Err(invalid(
            "logger",
            "must be an object with debug, info, warn and error methods (each optional)",
        ));
    };
    let custom_user_agent = optional_string(options, "customUserAgent", "must be a string")?;
    // A header value fetch can send: printable ASCII (a Headers object refuses the rest).
    let printable = |ua: &str| ua.bytes().all(|b| (b' '..=b'~').contains(&b));
    if custom_user_agent
        .as_deref()
        .is_some_and(|ua| !printable(ua))
    {
        return Err(invalid(
            "customUserAgent",
            "must be printable ASCII (a header value)",
        ));
    }
    let endpoint_url = optional_string(options, "endpointUrl", "must be a string URL")?;
    // Static credentials win over a provider when both are given.
    let given = get(options, "credentials");
    let provider = get(options, "credentialsProvider");
    let (source, provider) = if !absent(&given) {
        (
            CredentialSource::Static(read_credentials(&given, "credentials")?.0),
            JsValue::UNDEFINED,
        )
    } else if provider.is_function() {
        (CredentialSource::Provider, provider)
    } else if !absent(&provider) {
        return Err(js_error(
            &CallError::new(
                ErrorKind::Credentials,
                "credentialsProvider must be a function",
            ),
            &JsValue::UNDEFINED,
        ));
    } else {
        (CredentialSource::Missing, JsValue::UNDEFINED)
    };
    Ok(Common {
        settings: Settings {
            max_attempts,
            request_timeout_ms,
            custom_user_agent,
            logging: !logger.is_undefined(),
        },
        source,
        fetch,
        provider,
        logger,
        endpoint_url,
    })
}

/// The constructor's own options: region, FIPS, dual-stack.
pub(crate) fn region(options: &JsValue) -> Result<(String, bool, bool), JsValue> {
    let region = match get(options, "region").as_string() {
        Some(r) if !r.is_empty() => r,
        _ => {
            return Err(invalid(
                "region",
                "is required: a non-empty string such as \"us-east-1\"",
            ))
        }
    };
    Ok((
        region,
        optional_bool(options, "useFipsEndpoint")?,
        optional_bool(options, "useDualStackEndpoint")?,
    ))
}

/// Reads `{ accessKeyId, secretAccessKey, sessionToken?, expiration? }`; the expiration as
/// unix milliseconds.
pub(crate) fn read_credentials(
    value: &JsValue,
    origin: &str,
) -> Result<(Credentials, Option<i64>), JsValue> {
    parse_credentials(value).map_err(|rule| {
        let mut message = String::from(origin);
        message.push_str(": ");
        message.push_str(rule);
        js_error(
            &CallError::new(ErrorKind::Credentials, message),
            &JsValue::UNDEFINED,
        )
    })
}

/// The same, with the problem as a rule text.
pub(crate) fn parse_credentials(
    value: &JsValue,
) -> Result<(Credentials, Option<i64>), &'static str> {
    if !value.is_object() {
        return Err(
            "must be an object { accessKeyId, secretAccessKey, sessionToken?, expiration? }",
        );
    }
    let required = |key: &str, rule| match get(value, key).as_string() {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(rule),
    };
    let access_key_id = required("accessKeyId", "accessKeyId must be a non-empty string")?;
    let secret_access_key = required(
        "secretAccessKey",
        "secretAccessKey must be a non-empty string",
    )?;
    let token = get(value, "sessionToken");
    let session_token = if absent(&token) {
        None
    } else {
        match token.as_string() {
            Some(s) if !s.is_empty() => Some(s),
            _ => return Err("sessionToken must be a non-empty string when given"),
        }
    };
    let exp = get(value, "expiration");
    let expiration = if absent(&exp) {
        None
    } else {
        let ms = exp
            .dyn_ref::<Date>()
            .and_then(|d| d.unchecked_ref::<CheckedDate>().get_time().ok())
            .filter(|ms| ms.is_finite());
        match ms {
            Some(ms) => Some(ms as i64),
            None => return Err("expiration must be a valid Date when given"),
        }
    };
    Ok((
        Credentials::new(access_key_id, secret_access_key, session_token),
        expiration,
    ))
}

/// A call's `abortSignal`, if its options have one.
pub(crate) fn signal(options: &JsValue) -> Result<JsValue, JsValue> {
    if absent(options) {
        return Ok(JsValue::UNDEFINED);
    }
    if !options.is_object() {
        return Err(invalid("options", "must be an object { abortSignal? }"));
    }
    let signal = get(options, "abortSignal");
    let real = || {
        signal.is_instance_of::<super::bindings::AbortSignal>()
            && signal.unchecked_ref::<CheckedSignal>().aborted().is_ok()
    };
    if absent(&signal) || real() {
        Ok(signal)
    } else {
        Err(invalid("abortSignal", "must be an AbortSignal"))
    }
}

/// `meterUsageRecords`'s `concurrency`: 1 to 10, default 4 (the service allows about 10
/// requests a second; more parallel calls only get throttled).
pub(crate) fn concurrency(options: &JsValue) -> Result<u32, JsValue> {
    if absent(options) {
        return Ok(4);
    }
    integer(
        options,
        "concurrency",
        (1, 10),
        4,
        "must be an integer from 1 to 10",
    )
}

/// `fromAssumeRole`'s role options (the rest are [`common`]'s).
pub(crate) struct RoleOptions {
    pub role_arn: String,
    pub role_session_name: Option<String>,
    pub external_id: Option<String>,
    pub duration_seconds: Option<u32>,
    pub region: String,
}

pub(crate) fn role(options: &JsValue) -> Result<RoleOptions, JsValue> {
    if !options.is_object() {
        return Err(invalid(
            "options",
            "must be an object with at least `roleArn`",
        ));
    }
    let role_arn = optional_string(options, "roleArn", "must be a string")?
        .ok_or_else(|| invalid("roleArn", "is required"))?;
    let duration = get(options, "durationSeconds");
    let duration_seconds = if absent(&duration) {
        None
    } else {
        Some(integer(
            options,
            "durationSeconds",
            (
                crate::sts::MIN_DURATION_SECONDS,
                crate::sts::MAX_DURATION_SECONDS,
            ),
            0,
            "must be an integer from 900 to 43200",
        )?)
    };
    Ok(RoleOptions {
        role_arn,
        role_session_name: optional_string(options, "roleSessionName", "must be a string")?,
        external_id: optional_string(options, "externalId", "must be a string")?,
        duration_seconds,
        region: optional_string(options, "region", "must be a string")?
            .unwrap_or_else(|| String::from("us-east-1")),
    })
}

//! Reading options off JS objects: each option is read once through `Reflect` (which cannot
//! throw through wasm) as an [`Opt`] and checked by the core's rules (`crate::options`). The
//! functions (`fetch`, `credentialsProvider`, `logger`) stay JS values for the driver.

use alloc::string::String;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::bindings::{AbortSignal, CheckedDate, CheckedSignal};
use super::errors::{invalid, js_error};
use crate::client::{CredentialSource, Settings};
use crate::error::{CallError, ErrorKind};
use crate::options::{self as rules, Opt, OptionError};
use crate::sigv4::Credentials;

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A JS value as the core's rules see it.
fn opt(value: &JsValue) -> Opt {
    if value.is_undefined() || value.is_null() {
        Opt::Absent
    } else if let Some(s) = value.as_string() {
        Opt::Str(s)
    } else if let Some(n) = value.as_f64() {
        Opt::Num(n)
    } else if let Some(b) = value.as_bool() {
        Opt::Bool(b)
    } else if value.is_function() {
        Opt::Function
    } else if value.is_instance_of::<js_sys::Date>() {
        // Through a `getTime` that catches: an object that only pretends to be a Date throws.
        Opt::Date(
            value
                .unchecked_ref::<CheckedDate>()
                .get_time()
                .unwrap_or(f64::NAN),
        )
    } else if value.is_object() {
        Opt::Object
    } else {
        Opt::Other
    }
}

fn read(options: &JsValue, key: &str) -> Opt {
    opt(&get(options, key))
}

/// The exported error class for a broken rule.
fn error(e: OptionError) -> JsValue {
    if e.credentials {
        let mut message = String::from(e.field);
        message.push(' ');
        message.push_str(e.rule);
        js_error(
            &CallError::new(ErrorKind::Credentials, message),
            &JsValue::UNDEFINED,
        )
    } else {
        invalid(e.field, e.rule)
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
    let fetch = get(options, "fetch");
    let logger = get(options, "logger");
    let provider = get(options, "credentialsProvider");
    let given = get(options, "credentials");
    let fetch_rule = "must be a function like the global fetch";
    let has_fetch = rules::function("fetch", &opt(&fetch), fetch_rule).map_err(error)?;
    let logging = rules::logger(&opt(&logger)).map_err(error)?;
    let settings = Settings {
        max_attempts: rules::max_attempts(read(options, "maxAttempts")).map_err(error)?,
        request_timeout_ms: rules::request_timeout_ms(read(options, "requestTimeoutMs"))
            .map_err(error)?,
        custom_user_agent: rules::custom_user_agent(read(options, "customUserAgent"))
            .map_err(error)?,
        logging,
    };
    let endpoint_url = rules::string(
        "endpointUrl",
        read(options, "endpointUrl"),
        "must be a string URL",
    )
    .map_err(error)?;
    // Static credentials win over a provider when both are given.
    let source = if !matches!(opt(&given), Opt::Absent) {
        CredentialSource::Static(static_credentials(&given)?)
    } else if rules::provider(&opt(&provider)).map_err(error)? {
        CredentialSource::Provider
    } else {
        CredentialSource::Missing
    };
    let keep = |v: JsValue, keep: bool| if keep { v } else { JsValue::UNDEFINED };
    Ok(Common {
        provider: keep(provider, matches!(source, CredentialSource::Provider)),
        settings,
        source,
        fetch: keep(fetch, has_fetch),
        logger: keep(logger, logging),
        endpoint_url,
    })
}

/// The constructor's own options: region, FIPS, dual-stack.
pub(crate) fn region(options: &JsValue) -> Result<(String, bool, bool), JsValue> {
    Ok((
        rules::region(read(options, "region")).map_err(error)?,
        rules::flag("useFipsEndpoint", read(options, "useFipsEndpoint")).map_err(error)?,
        rules::flag(
            "useDualStackEndpoint",
            read(options, "useDualStackEndpoint"),
        )
        .map_err(error)?,
    ))
}

/// `{ accessKeyId, secretAccessKey, sessionToken?, expiration? }` as the core's rules read it.
pub(crate) fn parse_credentials(
    value: &JsValue,
) -> Result<(Credentials, Option<i64>), &'static str> {
    let members = value.is_object().then(|| {
        [
            "accessKeyId",
            "secretAccessKey",
            "sessionToken",
            "expiration",
        ]
        .map(|key| read(value, key))
    });
    rules::credentials(members)
}

/// The `credentials` option: a `CredentialsError` when they are not usable.
fn static_credentials(value: &JsValue) -> Result<Credentials, JsValue> {
    parse_credentials(value)
        .map(|(credentials, _)| credentials)
        .map_err(|rule| {
            let mut message = String::from("credentials: ");
            message.push_str(rule);
            js_error(
                &CallError::new(ErrorKind::Credentials, message),
                &JsValue::UNDEFINED,
            )
        })
}

/// A call's `abortSignal`, if its options have one.
pub(crate) fn signal(options: &JsValue) -> Result<JsValue, JsValue> {
    if matches!(opt(options), Opt::Absent) {
        return Ok(JsValue::UNDEFINED);
    }
    if !options.is_object() {
        return Err(invalid("options", "must be an object { abortSignal? }"));
    }
    let signal = get(options, "abortSignal");
    // An object that only inherits from AbortSignal.prototype throws at `aborted`.
    let real = || {
        signal.is_instance_of::<AbortSignal>()
            && signal.unchecked_ref::<CheckedSignal>().aborted().is_ok()
    };
    if matches!(opt(&signal), Opt::Absent) || real() {
        Ok(signal)
    } else {
        Err(invalid("abortSignal", "must be an AbortSignal"))
    }
}

/// `meterUsageRecords`'s `concurrency`.
pub(crate) fn concurrency(options: &JsValue) -> Result<u32, JsValue> {
    rules::concurrency(read(options, "concurrency")).map_err(error)
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
    let text = |key: &'static str| rules::string(key, read(options, key), "must be a string");
    Ok(RoleOptions {
        role_arn: text("roleArn")
            .map_err(error)?
            .ok_or_else(|| invalid("roleArn", "is required"))?,
        role_session_name: text("roleSessionName").map_err(error)?,
        external_id: text("externalId").map_err(error)?,
        duration_seconds: rules::duration_seconds(read(options, "durationSeconds"))
            .map_err(error)?,
        region: text("region")
            .map_err(error)?
            .unwrap_or_else(|| String::from("us-east-1")),
    })
}

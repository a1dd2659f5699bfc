//! Where the client's AWS credentials come from: static `credentials`, or a
//! `credentialsProvider` (sync or async) called lazily, cached, shared by concurrent calls,
//! and called again when the credentials expire in less than five minutes.

use js_sys::{Date, Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::error::{ErrorInfo, Kind};
use crate::sigv4::Credentials;

/// Provider credentials this close to `expiration` are refreshed, as the AWS SDKs do.
const REFRESH_BEFORE_EXPIRY_MS: f64 = 5.0 * 60.0 * 1000.0;

pub(crate) enum Source {
    Static(Credentials),
    Provider(Function),
    Missing,
}

#[derive(Default)]
pub(crate) struct Cache {
    current: Option<(Credentials, Option<f64>)>,
    /// The provider call in flight, so concurrent calls wait on one call instead of many.
    pending: Option<Promise>,
}

/// Reads `{ accessKeyId, secretAccessKey, sessionToken?, expiration? }`. Errors name the
/// member and never echo a value.
pub(crate) fn parse(
    value: &JsValue,
    origin: &str,
) -> Result<(Credentials, Option<f64>), ErrorInfo> {
    let bad = |rule: &str| ErrorInfo::new(Kind::Credentials, format!("{origin}: {rule}"));
    if !value.is_object() {
        return Err(bad(
            "must be an object { accessKeyId, secretAccessKey, sessionToken?, expiration? }",
        ));
    }
    let get =
        |key: &str| Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let required = |key: &str| match get(key).as_string() {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(bad(&format!("{key} must be a non-empty string"))),
    };
    let access_key_id = required("accessKeyId")?;
    let secret_access_key = required("secretAccessKey")?;
    let token = get("sessionToken");
    let session_token = if token.is_undefined() || token.is_null() {
        None
    } else {
        match token.as_string() {
            Some(s) if !s.is_empty() => Some(s),
            _ => return Err(bad("sessionToken must be a non-empty string when given")),
        }
    };
    let exp = get("expiration");
    let expiration = if exp.is_undefined() || exp.is_null() {
        None
    } else {
        match exp.dyn_ref::<Date>().and_then(super::bindings::date_time) {
            Some(ms) if ms.is_finite() => Some(ms),
            _ => return Err(bad("expiration must be a valid Date when given")),
        }
    };
    Ok((
        Credentials::new(access_key_id, secret_access_key, session_token),
        expiration,
    ))
}

fn fresh(expiration: Option<f64>, now_ms: f64) -> bool {
    expiration.is_none_or(|e| e - now_ms > REFRESH_BEFORE_EXPIRY_MS)
}

/// The credentials to sign the next attempt with.
pub(crate) async fn resolve(
    source: &Source,
    cache: &std::cell::RefCell<Cache>,
    now_ms: f64,
) -> Result<Credentials, ErrorInfo> {
    let provider = match source {
        Source::Static(credentials) => return Ok(credentials.clone()),
        Source::Missing => {
            return Err(ErrorInfo::new(
                Kind::Credentials,
                "no credentials: pass `credentials` or `credentialsProvider` to the MarketplaceMetering constructor",
            ))
        }
        Source::Provider(provider) => provider,
    };
    // Borrows are taken and dropped between awaits: a borrow held across an await would
    // make a concurrent call fail with "recursive use of an object".
    let promise = {
        let mut cache = cache.borrow_mut();
        if let Some((credentials, expiration)) = &cache.current {
            if fresh(*expiration, now_ms) {
                return Ok(credentials.clone());
            }
        }
        match &cache.pending {
            Some(p) => p.clone(),
            None => {
                let p = match provider.call0(&JsValue::UNDEFINED) {
                    // A fresh promise resolved with the result, not `Promise.resolve(v)`:
                    // that reads `v.constructor` and hands back `v` itself, so a throwing
                    // getter or an own `then` would throw through wasm here or in JsFuture.
                    // The resolve function reads `then` inside the promise machinery, where
                    // anything thrown becomes a rejection.
                    Ok(v) => Promise::new(&mut |resolve, _reject| {
                        let _ = resolve.call1(&JsValue::UNDEFINED, &v);
                    }),
                    Err(e) => Promise::reject(&e),
                };
                cache.pending = Some(p.clone());
                p
            }
        }
    };
    let result = JsFuture::from(promise.clone()).await;
    let mut cache = cache.borrow_mut();
    if cache
        .pending
        .as_ref()
        .is_some_and(|p| Object::is(p, &promise))
    {
        cache.pending = None;
    }
    let value = result.map_err(|e| {
        ErrorInfo::new(
            Kind::Credentials,
            "credentialsProvider failed (see `cause`)",
        )
        .with_cause(e)
    })?;
    let (credentials, expiration) = parse(&value, "credentialsProvider result")?;
    cache.current = Some((credentials.clone(), expiration));
    Ok(credentials)
}

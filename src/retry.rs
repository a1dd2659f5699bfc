//! Retry decisions as the AWS SDKs' "standard" retry mode makes them: which failures are
//! worth another attempt, exponential backoff with full jitter, the client-wide retry quota
//! (a token bucket, so an outage does not multiply load), and clock-skew correction.
//!
//! Pure: the caller supplies the random number and the times and does the waiting.
//! References: AWS SDKs and Tools Reference Guide, "Retry behavior" (standard mode);
//! smithy-lang "Retries" guidance; aws-sdk-js-v3 `@smithy/util-retry` and `middleware-signing`.

use crate::text;

/// What a failure means for retrying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retryability {
    /// The service asked us to slow down: retry with the longer throttling backoff.
    Throttling,
    /// A transient fault (5xx, network, timeout, an unreadable 2xx): retry with backoff.
    Transient,
    /// The request's signing time was off the service's clock: correct it and retry at once.
    ClockSkew,
    /// Retrying cannot help (validation, auth, a modelled 4xx).
    No,
}

/// A failed attempt, as the transport and the protocol layer saw it.
#[derive(Clone, Copy, Debug)]
pub enum Failure<'a> {
    /// fetch threw: DNS, connection reset, a refused connection.
    Network,
    /// The attempt exceeded its time limit.
    Timeout,
    /// The service answered 2xx, but the body could not be read (truncated, not JSON). The
    /// request may have taken effect; retrying is safe because MeterUsage carries a client
    /// token and BatchMeterUsage de-duplicates records.
    UnreadableSuccess,
    /// The service answered with an error.
    Service {
        status: u16,
        code: &'a str,
        message: &'a str,
    },
}

// The codes the SDKs treat as throttling (smithy `THROTTLING_ERROR_CODES`).
const THROTTLING_CODES: &[&str] = &[
    "ThrottlingException",
    "Throttling",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

// Transient codes (smithy `TRANSIENT_ERROR_CODES`); the model's own server faults are added
// from the generated error table (see `is_server_fault`).
const TRANSIENT_CODES: &[&str] = &[
    "TimeoutError",
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "ServiceUnavailable",
];

// Codes a signature-time error comes with (smithy `CLOCK_SKEW_ERROR_CODES`).
const CLOCK_SKEW_CODES: &[&str] = &[
    "AuthFailure",
    "InvalidSignatureException",
    "RequestExpired",
    "RequestInTheFuture",
    "RequestTimeTooSkewed",
    "SignatureDoesNotMatch",
];

/// Classifies a failed attempt. `InvalidSignatureException` is also what a wrong secret key
/// gives, so it counts as clock skew only when its message says the time was off.
pub fn classify(failure: &Failure<'_>) -> Retryability {
    match *failure {
        Failure::Network | Failure::Timeout | Failure::UnreadableSuccess => Retryability::Transient,
        Failure::Service {
            status,
            code,
            message,
        } => {
            if listed(THROTTLING_CODES, code) || status == 429 {
                Retryability::Throttling
            } else if listed(CLOCK_SKEW_CODES, code) && mentions_signing_time(code, message) {
                Retryability::ClockSkew
            } else if listed(TRANSIENT_CODES, code)
                || is_server_fault(code)
                || matches!(status, 500 | 502 | 503 | 504)
            {
                Retryability::Transient
            } else {
                Retryability::No
            }
        }
    }
}

/// Whether `code` is one of `codes`: a plain loop, where `<[&str]>::contains` is unrolled into
/// 441 bytes of wasm.
#[allow(clippy::manual_contains)]
fn listed(codes: &[&str], code: &str) -> bool {
    codes.iter().any(|listed| *listed == code)
}

/// An error the model marks `@error("server")`: the service's fault, so worth retrying.
fn is_server_fault(code: &str) -> bool {
    crate::error::modelled_fault(code) == Some(crate::model::schema::Fault::Server)
}

fn mentions_signing_time(code: &str, message: &str) -> bool {
    match code {
        "InvalidSignatureException" | "SignatureDoesNotMatch" | "AuthFailure" => {
            let m = message.to_ascii_lowercase();
            ["signature expired", "not yet current", "skew"]
                .iter()
                .any(|phrase| text::find(&m, phrase).is_some())
        }
        _ => true,
    }
}

/// The SDKs' standard-mode constants.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
const BASE_DELAY_MS: f64 = 100.0;
const THROTTLING_BASE_DELAY_MS: f64 = 500.0;
pub const MAX_BACKOFF_MS: u64 = 20_000;
const INITIAL_RETRY_TOKENS: u32 = 500;
const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;
const NO_RETRY_INCREMENT: u32 = 1;
/// Clock corrections one call may make (see [`RetryState::on_failure`]).
const MAX_SKEW_CORRECTIONS: u8 = 2;
/// A signature-time error whose `Date` says we are closer than this is not skew.
const MIN_SKEW_SECS: i64 = 60;

/// Full-jitter exponential backoff: `random * min(cap, base * 2^(attempt - 1))`, where
/// `attempt` is the 1-based number of the attempt that just failed and `random` is in [0, 1).
pub fn backoff_ms(class: Retryability, attempt: u32, random: f64) -> u64 {
    let base = if class == Retryability::Throttling {
        THROTTLING_BASE_DELAY_MS
    } else {
        BASE_DELAY_MS
    };
    let exp = attempt.saturating_sub(1).min(31);
    let ceiling = (base * f64::from(1u32 << exp)).min(MAX_BACKOFF_MS as f64);
    let r = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.0
    };
    (r * ceiling) as u64
}

/// The client-wide retry budget: a retry takes tokens, a success gives some back. When the
/// bucket is empty, failures are returned at once instead of retried.
#[derive(Clone, Debug)]
pub struct RetryQuota {
    available: u32,
}

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota {
            available: INITIAL_RETRY_TOKENS,
        }
    }
}

impl RetryQuota {
    pub fn available(&self) -> u32 {
        self.available
    }

    fn acquire(&mut self, cost: u32) -> bool {
        if self.available >= cost {
            self.available -= cost;
            true
        } else {
            false
        }
    }

    fn release(&mut self, amount: u32) {
        self.available = (self.available + amount).min(INITIAL_RETRY_TOKENS);
    }
}

/// What to do after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Wait this long, then send again (re-signed).
    RetryAfter { delay_ms: u64 },
    /// Give up and report the failure.
    Stop,
}

/// One call's retry bookkeeping, from its first attempt to its result.
#[derive(Clone, Debug, Default)]
pub struct RetryState {
    attempts: u32,
    total_delay_ms: u64,
    last_cost: Option<u32>,
    skew_corrections: u8,
}

impl RetryState {
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts an attempt about to be sent.
    pub fn start_attempt(&mut self) {
        self.attempts = self.attempts.saturating_add(1);
    }

    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    pub fn total_delay_ms(&self) -> u64 {
        self.total_delay_ms
    }

    /// Decides after a failed attempt. `retry_after_ms` is the server's hint, if any;
    /// `random` is uniform in [0, 1). A clock-skew retry happens at most twice per call, at once, and
    /// costs no tokens (the caller must have corrected its clock first); it still counts
    /// toward `max_attempts`.
    pub fn on_failure(
        &mut self,
        class: Retryability,
        is_timeout: bool,
        retry_after_ms: Option<u64>,
        random: f64,
        max_attempts: u32,
        quota: &mut RetryQuota,
    ) -> Decision {
        if class == Retryability::No || self.attempts >= max_attempts {
            return Decision::Stop;
        }
        if class == Retryability::ClockSkew {
            // Twice at most: a first answer may come from a host whose own clock is off,
            // and the next host's `Date` then corrects the correction.
            if self.skew_corrections >= MAX_SKEW_CORRECTIONS {
                return Decision::Stop;
            }
            self.skew_corrections += 1;
            return Decision::RetryAfter { delay_ms: 0 };
        }
        let cost = if is_timeout {
            TIMEOUT_RETRY_COST
        } else {
            RETRY_COST
        };
        if !quota.acquire(cost) {
            return Decision::Stop;
        }
        self.last_cost = Some(cost);
        let jittered = backoff_ms(class, self.attempts, random);
        let delay_ms = match retry_after_ms {
            Some(hint) => hint.max(jittered).min(MAX_BACKOFF_MS),
            None => jittered,
        };
        self.total_delay_ms = self.total_delay_ms.saturating_add(delay_ms);
        Decision::RetryAfter { delay_ms }
    }

    /// Records success: a retried call returns what its last retry took, an unretried one
    /// adds a token, as the SDKs do.
    pub fn on_success(&mut self, quota: &mut RetryQuota) {
        match self.last_cost.take() {
            Some(cost) => quota.release(cost),
            None => quota.release(NO_RETRY_INCREMENT),
        }
    }
}

/// The clock offset (server minus local, in seconds) a signature-time error teaches, from the
/// response's `Date` (as unix seconds). `None` when the difference is too small to be the cause.
pub fn learn_clock_offset(server_time: i64, local_time: i64, current_offset: i64) -> Option<i64> {
    let offset = server_time.saturating_sub(local_time);
    if offset.saturating_sub(current_offset).abs() >= MIN_SKEW_SECS {
        Some(offset)
    } else {
        None
    }
}

/// A `Retry-After` value (delay seconds or an HTTP date, already parsed by the caller into
/// unix seconds via `parse_date`) as milliseconds from `now`. Also reads the AWS
/// `x-amz-retry-after` header form, which is milliseconds.
pub fn retry_after_ms(
    retry_after: Option<&str>,
    amz_retry_after: Option<&str>,
    now: i64,
    parse_date: impl Fn(&str) -> Option<i64>,
) -> Option<u64> {
    if let Some(ms) = amz_retry_after.and_then(|v| text::parse_u64(v.trim(), 10)) {
        return Some(ms.min(MAX_BACKOFF_MS));
    }
    let v = retry_after?.trim();
    if let Some(secs) = text::parse_u64(v, 10) {
        return Some(secs.saturating_mul(1000).min(MAX_BACKOFF_MS));
    }
    let at = parse_date(v)?;
    let secs = u64::try_from(at.saturating_sub(now)).unwrap_or(0);
    Some(secs.saturating_mul(1000).min(MAX_BACKOFF_MS))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service<'a>(status: u16, code: &'a str, message: &'a str) -> Failure<'a> {
        Failure::Service {
            status,
            code,
            message,
        }
    }

    #[test]
    fn classifies_like_the_sdks() {
        assert_eq!(
            classify(&service(400, "ThrottlingException", "")),
            Retryability::Throttling
        );
        assert_eq!(
            classify(&service(429, "Whatever", "")),
            Retryability::Throttling
        );
        assert_eq!(
            classify(&service(500, "InternalServiceErrorException", "")),
            Retryability::Transient
        );
        for status in [500, 502, 503, 504] {
            assert_eq!(
                classify(&service(status, "", "")),
                Retryability::Transient,
                "{status}"
            );
        }
        assert_eq!(classify(&Failure::Network), Retryability::Transient);
        assert_eq!(classify(&Failure::Timeout), Retryability::Transient);
        assert_eq!(
            classify(&Failure::UnreadableSuccess),
            Retryability::Transient
        );
        for code in [
            "InvalidProductCodeException",
            "TimestampOutOfBoundsException",
            "DuplicateRequestException",
            "IdempotencyConflictException",
            "ValidationException",
            "UnrecognizedClientException",
        ] {
            assert_eq!(
                classify(&service(400, code, "")),
                Retryability::No,
                "{code}"
            );
        }
    }

    #[test]
    fn invalid_signature_is_skew_only_when_the_time_was_off() {
        let expired = "Signature expired: 20261126T100000Z is now earlier than 20261126T100500Z (20261126T101000Z - 5 min.)";
        assert_eq!(
            classify(&service(403, "InvalidSignatureException", expired)),
            Retryability::ClockSkew
        );
        let future =
            "Signature not yet current: 20261126T102000Z is still later than 20261126T101500Z";
        assert_eq!(
            classify(&service(403, "InvalidSignatureException", future)),
            Retryability::ClockSkew
        );
        let wrong_key =
            "The request signature we calculated does not match the signature you provided.";
        assert_eq!(
            classify(&service(403, "InvalidSignatureException", wrong_key)),
            Retryability::No
        );
        assert_eq!(
            classify(&service(403, "RequestTimeTooSkewed", "")),
            Retryability::ClockSkew
        );
    }

    #[test]
    fn backoff_is_full_jitter_capped() {
        assert_eq!(backoff_ms(Retryability::Transient, 1, 0.0), 0);
        assert_eq!(backoff_ms(Retryability::Transient, 1, 0.5), 50);
        assert_eq!(backoff_ms(Retryability::Transient, 3, 0.5), 200);
        assert_eq!(backoff_ms(Retryability::Throttling, 1, 0.5), 250);
        assert_eq!(backoff_ms(Retryability::Throttling, 2, 0.999_999), 999);
        assert_eq!(backoff_ms(Retryability::Transient, 40, 0.999_999), 19_999);
        assert_eq!(
            backoff_ms(Retryability::Transient, u32::MAX, 1.0),
            MAX_BACKOFF_MS
        );
        assert_eq!(backoff_ms(Retryability::Transient, 2, f64::NAN), 0);
        assert_eq!(backoff_ms(Retryability::Transient, 2, -3.0), 0);
    }

    #[test]
    fn stops_at_max_attempts_and_for_non_retryable() {
        let mut quota = RetryQuota::default();
        let mut state = RetryState::new();
        state.start_attempt();
        let d = state.on_failure(Retryability::Transient, false, None, 0.5, 3, &mut quota);
        assert_eq!(d, Decision::RetryAfter { delay_ms: 50 });
        state.start_attempt();
        assert!(matches!(
            state.on_failure(Retryability::Throttling, false, None, 0.5, 3, &mut quota),
            Decision::RetryAfter { .. }
        ));
        state.start_attempt();
        assert_eq!(
            state.on_failure(Retryability::Transient, false, None, 0.5, 3, &mut quota),
            Decision::Stop
        );
        assert_eq!(state.attempts(), 3);
        assert_eq!(state.total_delay_ms(), 50 + 500);

        let mut other = RetryState::new();
        other.start_attempt();
        assert_eq!(
            other.on_failure(Retryability::No, false, None, 0.5, 3, &mut quota),
            Decision::Stop
        );
    }

    #[test]
    fn quota_drains_and_refills() {
        let mut quota = RetryQuota::default();
        let mut retries = 0;
        loop {
            let mut state = RetryState::new();
            state.start_attempt();
            match state.on_failure(Retryability::Transient, false, None, 0.0, 3, &mut quota) {
                Decision::RetryAfter { .. } => retries += 1,
                Decision::Stop => break,
            }
        }
        assert_eq!(retries, 100, "500 tokens at 5 a retry");
        assert_eq!(quota.available(), 0);
        let mut timeout = RetryState::new();
        timeout.start_attempt();
        assert_eq!(
            timeout.on_failure(Retryability::Transient, true, None, 0.0, 3, &mut quota),
            Decision::Stop
        );

        // A success after a retry gives back that retry's cost; a plain success one token.
        let mut state = RetryState::new();
        state.start_attempt();
        quota.release(10);
        assert!(matches!(
            state.on_failure(Retryability::Transient, true, None, 0.0, 3, &mut quota),
            Decision::RetryAfter { .. }
        ));
        assert_eq!(quota.available(), 0);
        state.start_attempt();
        state.on_success(&mut quota);
        assert_eq!(quota.available(), 10);
        RetryState::new().on_success(&mut quota);
        assert_eq!(quota.available(), 11);
    }

    #[test]
    fn clock_skew_retries_twice_without_tokens() {
        let mut quota = RetryQuota { available: 0 };
        let mut state = RetryState::new();
        for _ in 0..2 {
            state.start_attempt();
            let d = state.on_failure(Retryability::ClockSkew, false, None, 0.5, 5, &mut quota);
            assert_eq!(d, Decision::RetryAfter { delay_ms: 0 });
        }
        state.start_attempt();
        let d = state.on_failure(Retryability::ClockSkew, false, None, 0.5, 5, &mut quota);
        assert_eq!(d, Decision::Stop);
        // And only within max_attempts.
        let mut short = RetryState::new();
        short.start_attempt();
        let d = short.on_failure(Retryability::ClockSkew, false, None, 0.5, 1, &mut quota);
        assert_eq!(d, Decision::Stop);
    }

    #[test]
    fn honours_retry_after() {
        let mut quota = RetryQuota::default();
        let mut state = RetryState::new();
        state.start_attempt();
        let d = state.on_failure(
            Retryability::Throttling,
            false,
            Some(3_000),
            0.1,
            3,
            &mut quota,
        );
        assert_eq!(d, Decision::RetryAfter { delay_ms: 3_000 });
        let never = |_: &str| None;
        assert_eq!(retry_after_ms(Some("2"), None, 0, never), Some(2_000));
        assert_eq!(
            retry_after_ms(Some("99999"), None, 0, never),
            Some(MAX_BACKOFF_MS)
        );
        assert_eq!(retry_after_ms(None, Some("750"), 0, never), Some(750));
        assert_eq!(retry_after_ms(Some("soon"), None, 0, never), None);
        assert_eq!(
            retry_after_ms(Some("a date"), None, 100, |_| Some(105)),
            Some(5_000)
        );
        assert_eq!(
            retry_after_ms(Some("a date"), None, 100, |_| Some(50)),
            Some(0)
        );
    }

    #[test]
    fn learns_clock_offset_only_when_large() {
        assert_eq!(learn_clock_offset(1_000_600, 1_000_000, 0), Some(600));
        assert_eq!(learn_clock_offset(999_100, 1_000_000, 0), Some(-900));
        assert_eq!(learn_clock_offset(1_000_010, 1_000_000, 0), None);
        assert_eq!(
            learn_clock_offset(1_000_000, 1_000_000, 600),
            Some(0),
            "back to no offset"
        );
        assert_eq!(learn_clock_offset(i64::MAX, i64::MIN, 0), Some(i64::MAX));
    }
}

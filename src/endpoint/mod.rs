//! Endpoint resolution for AWS Marketplace Metering: the Smithy rule set
//! `endpoint-rule-set-1.json` (botocore `meteringmarketplace/2016-01-14`, the same rules as the
//! model's `smithy.rules#endpointRuleSet`) written out by hand, with `aws.partition` in
//! [`partition`].
//!
//! Hand-coded rather than interpreted: a rules engine plus the embedded JSON would cost far
//! more `.wasm` than these few branches. `tests/endpoints.rs` runs the model's
//! `smithy.rules#endpointTests` against it, one test per case.
//!
//! Two checks go beyond the rule set, both on input it copies into the URL unchecked:
//! - the region must be a host label (`isValidHostLabel`), as the JavaScript SDK's
//!   `checkRegion` demands before it resolves an endpoint; an empty region counts as missing,
//!   as in its `resolveRegionConfig`. Otherwise `us-east-1.evil.example#` would move the host.
//! - a custom endpoint must be a plain `http(s)://host[:port][/path]` URL (see [`custom`]).
//!
//! The rule set sets no `properties` (so no auth scheme overrides: sign as `aws-marketplace` in
//! the given region) and no `headers`, so an [`Endpoint`] is only a URL.

mod custom;
mod partition;

use alloc::borrow::ToOwned;
use alloc::string::String;
use core::fmt;

use crate::sigv4::push_hex_u32;

pub use partition::{partition, Partition};

/// The rule set's parameters. `use_fips` and `use_dual_stack` are required with default
/// `false`, as in the rule set; `region` and `endpoint` are optional.
#[derive(Clone, Copy, Default)]
pub struct EndpointParams<'a> {
    /// `Region` (`AWS::Region`).
    pub region: Option<&'a str>,
    /// `UseFIPS` (`AWS::UseFIPS`).
    pub use_fips: bool,
    /// `UseDualStack` (`AWS::UseDualStack`).
    pub use_dual_stack: bool,
    /// `Endpoint` (`SDK::Endpoint`): overrides the endpoint used to send the request.
    pub endpoint: Option<&'a str>,
}

/// A resolved endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// The base URL, never ending in `/`: the protocol appends the request path (`/`).
    pub url: String,
}

/// Why no endpoint could be resolved. [`EndpointError::text`] (and `Display`) is the rule set's
/// error text for the rule set's errors; it is built without `core::fmt`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointError {
    kind: ErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ErrorKind {
    FipsWithCustomEndpoint,
    DualStackWithCustomEndpoint,
    MissingRegion,
    FipsAndDualStackUnsupported,
    FipsUnsupported,
    DualStackUnsupported,
    /// Holds the refused region: it is not a secret, and the caller needs to see it.
    InvalidRegion(String),
    /// Holds why, never the URL itself: it may carry credentials in its user info.
    InvalidEndpoint(&'static str),
}

impl EndpointError {
    /// What went wrong, without the detail: for the rule set's own errors, its whole text.
    pub fn message(&self) -> &'static str {
        match &self.kind {
            ErrorKind::FipsWithCustomEndpoint => {
                "Invalid Configuration: FIPS and custom endpoint are not supported"
            }
            ErrorKind::DualStackWithCustomEndpoint => {
                "Invalid Configuration: Dualstack and custom endpoint are not supported"
            }
            ErrorKind::MissingRegion => "Invalid Configuration: Missing Region",
            ErrorKind::FipsAndDualStackUnsupported => {
                "FIPS and DualStack are enabled, but this partition does not support one or both"
            }
            ErrorKind::FipsUnsupported => {
                "FIPS is enabled but this partition does not support FIPS"
            }
            ErrorKind::DualStackUnsupported => {
                "DualStack is enabled but this partition does not support DualStack"
            }
            ErrorKind::InvalidRegion(_) => "Region not accepted: not a valid hostname component",
            ErrorKind::InvalidEndpoint(_) => {
                "Invalid Configuration: custom endpoint URL not accepted"
            }
        }
    }

    /// The refused region, or why a custom endpoint URL was refused (never the URL).
    pub fn detail(&self) -> Option<&str> {
        match &self.kind {
            ErrorKind::InvalidRegion(region) => Some(region),
            ErrorKind::InvalidEndpoint(reason) => Some(reason),
            _ => None,
        }
    }

    /// The whole text: `message: detail`, except for a refused region, which takes the
    /// JavaScript SDK's `checkRegion` wording.
    pub fn text(&self) -> String {
        let mut out = String::new();
        match &self.kind {
            ErrorKind::InvalidRegion(region) => {
                out.push_str("Region not accepted: region=");
                push_debug_quoted(&mut out, region);
                out.push_str(" is not a valid hostname component.");
            }
            _ => {
                out.push_str(self.message());
                if let Some(detail) = self.detail() {
                    out.push_str(": ");
                    out.push_str(detail);
                }
            }
        }
        out
    }
}

/// `value` in double quotes, with quotes, backslashes and control characters escaped as `{:?}`
/// shows them, by hand: `{:?}` costs KB of wasm.
fn push_debug_quoted(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if !c.is_control() => out.push(c),
            c => {
                out.push_str("\\u{");
                push_hex_u32(out, u32::from(c));
                out.push('}');
            }
        }
    }
    out.push('"');
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl core::error::Error for EndpointError {}

impl From<ErrorKind> for EndpointError {
    fn from(kind: ErrorKind) -> Self {
        EndpointError { kind }
    }
}

/// Resolves the endpoint for `params`, following the rule set's rules in order.
///
/// # Errors
///
/// The rule set's errors (FIPS or dual-stack with a custom endpoint, a missing region, a
/// partition without FIPS or dual-stack), a region that is not a host label, or a custom
/// endpoint that is not a usable URL.
pub fn resolve(params: &EndpointParams<'_>) -> Result<Endpoint, EndpointError> {
    if let Some(endpoint) = params.endpoint {
        if params.use_fips {
            return Err(ErrorKind::FipsWithCustomEndpoint.into());
        }
        if params.use_dual_stack {
            return Err(ErrorKind::DualStackWithCustomEndpoint.into());
        }
        return custom_endpoint(endpoint);
    }
    let region = checked_region(params.region.unwrap_or_default())?;
    let partition_result = partition(region);
    regional_url(
        region,
        &partition_result,
        params.use_fips,
        params.use_dual_stack,
    )
    .map(|url| Endpoint { url })
    .map_err(EndpointError::from)
}

/// A custom endpoint URL as every request's base URL, or why it cannot be one (see [`custom`]).
///
/// # Errors
///
/// The URL is not a plain `http(s)://host[:port][/path]`.
pub fn custom_endpoint(endpoint: &str) -> Result<Endpoint, EndpointError> {
    let url = custom::base_url(endpoint).map_err(ErrorKind::InvalidEndpoint)?;
    Ok(Endpoint { url })
}

/// The region, if it may go into a host name (`https://{service}.{region}.{dnsSuffix}`) and a
/// credential scope: not empty, and a host label.
///
/// # Errors
///
/// An empty region (missing), or one that is not a host label.
pub fn checked_region(region: &str) -> Result<&str, EndpointError> {
    if region.is_empty() {
        return Err(ErrorKind::MissingRegion.into());
    }
    if !is_valid_host_label(region) {
        return Err(ErrorKind::InvalidRegion(region.to_owned()).into());
    }
    Ok(region)
}

impl EndpointError {
    /// Whether the region is what was refused (rather than the custom endpoint, or a setting).
    pub fn is_region(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::MissingRegion | ErrorKind::InvalidRegion(_)
        )
    }
}

/// The rules under `isSet(Region)`, in order. The first four are the service's special
/// cases: the hyphenated `metering-marketplace.` host for dual-stack in `aws`, `aws-cn` and
/// `aws-us-gov`, and for plain `aws-eusc` (with a literal `amazonaws.eu`).
fn regional_url(
    region: &str,
    partition: &Partition,
    use_fips: bool,
    use_dual_stack: bool,
) -> Result<String, ErrorKind> {
    // (host prefix, DNS suffix): the URL is `https://<prefix>.<region>.<suffix>`.
    let (prefix, suffix) = match (partition.name, use_fips, use_dual_stack) {
        ("aws" | "aws-cn" | "aws-us-gov", false, true) => {
            ("metering-marketplace", partition.dual_stack_dns_suffix)
        }
        ("aws-eusc", false, false) => ("metering-marketplace", "amazonaws.eu"),
        (_, true, true) => {
            if !(partition.supports_fips && partition.supports_dual_stack) {
                return Err(ErrorKind::FipsAndDualStackUnsupported);
            }
            ("metering.marketplace-fips", partition.dual_stack_dns_suffix)
        }
        (_, true, false) => {
            if !partition.supports_fips {
                return Err(ErrorKind::FipsUnsupported);
            }
            ("metering.marketplace-fips", partition.dns_suffix)
        }
        (_, false, true) => {
            if !partition.supports_dual_stack {
                return Err(ErrorKind::DualStackUnsupported);
            }
            ("metering.marketplace", partition.dual_stack_dns_suffix)
        }
        (_, false, false) => ("metering.marketplace", partition.dns_suffix),
    };
    let mut url = String::with_capacity(10 + prefix.len() + region.len() + suffix.len());
    url.push_str("https://");
    url.push_str(prefix);
    url.push('.');
    url.push_str(region);
    url.push('.');
    url.push_str(suffix);
    Ok(url)
}

/// The rules library's `isValidHostLabel(value, false)`, as the JavaScript SDK has it:
/// `^(?!.*-$)(?!-)[a-zA-Z0-9-]{1,63}$`.
fn is_valid_host_label(value: &str) -> bool {
    (1..=63).contains(&value.len())
        && !value.starts_with('-')
        && !value.ends_with('-')
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests;

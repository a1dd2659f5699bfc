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

use core::fmt::{self, Write as _};

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

/// Why no endpoint could be resolved. `Display` is the rule set's error text for the rule
/// set's errors.
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

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match &self.kind {
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
            // The JavaScript SDK's `checkRegion` text, with quotes and control characters
            // as `{:?}` shows it, escaped by hand: `{:?}` costs KB of wasm.
            ErrorKind::InvalidRegion(region) => {
                f.write_str("Region not accepted: region=\"")?;
                for c in region.chars() {
                    match c {
                        '"' => f.write_str("\\\"")?,
                        '\\' => f.write_str("\\\\")?,
                        '\n' => f.write_str("\\n")?,
                        '\r' => f.write_str("\\r")?,
                        '\t' => f.write_str("\\t")?,
                        '\0' => f.write_str("\\0")?,
                        c if !c.is_control() => f.write_char(c)?,
                        c => write!(f, "\\u{{{:x}}}", c as u32)?,
                    }
                }
                return f.write_str("\" is not a valid hostname component.");
            }
            ErrorKind::InvalidEndpoint(reason) => {
                return write!(
                    f,
                    "Invalid Configuration: custom endpoint URL not accepted: {reason}"
                );
            }
        };
        f.write_str(message)
    }
}

impl std::error::Error for EndpointError {}

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
    let url = match (partition.name, use_fips, use_dual_stack) {
        ("aws" | "aws-cn" | "aws-us-gov", false, true) => {
            format!(
                "https://metering-marketplace.{region}.{}",
                partition.dual_stack_dns_suffix
            )
        }
        ("aws-eusc", false, false) => format!("https://metering-marketplace.{region}.amazonaws.eu"),
        (_, true, true) => {
            if !(partition.supports_fips && partition.supports_dual_stack) {
                return Err(ErrorKind::FipsAndDualStackUnsupported);
            }
            format!(
                "https://metering.marketplace-fips.{region}.{}",
                partition.dual_stack_dns_suffix
            )
        }
        (_, true, false) => {
            if !partition.supports_fips {
                return Err(ErrorKind::FipsUnsupported);
            }
            format!(
                "https://metering.marketplace-fips.{region}.{}",
                partition.dns_suffix
            )
        }
        (_, false, true) => {
            if !partition.supports_dual_stack {
                return Err(ErrorKind::DualStackUnsupported);
            }
            format!(
                "https://metering.marketplace.{region}.{}",
                partition.dual_stack_dns_suffix
            )
        }
        (_, false, false) => format!(
            "https://metering.marketplace.{region}.{}",
            partition.dns_suffix
        ),
    };
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

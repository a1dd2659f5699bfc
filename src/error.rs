//! Errors a Marketplace Metering response can carry: the 19 error shapes of service-2.json
//! (with each one's fault from the model's `error` trait / botocore `fault`), any other code
//! the service or the AWS front end returns, and a 2xx that cannot be read.

use core::fmt;

/// Whose fault an error is, from the model (`InternalServiceErrorException` is the only
/// `server` one); for codes outside the model, from the HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Client,
    Server,
}

macro_rules! service_error_codes {
    ($($name:ident => $fault:ident,)*) => {
        /// An error code as the service names it. The modelled ones are variants; anything
        /// else (`DryRunOperation`, `UnrecognizedClientException`, a bare `503`...) is kept
        /// as [`ServiceErrorCode::Other`].
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum ServiceErrorCode {
            $($name,)*
            Other(String),
        }

        impl ServiceErrorCode {
            /// The 19 modelled codes.
            pub const MODELLED: &'static [ServiceErrorCode] = &[$(ServiceErrorCode::$name,)*];

            /// A sanitised code (no `namespace#`, no `:…` suffix) to its variant.
            pub fn from_code(code: &str) -> Self {
                match code {
                    $(stringify!($name) => ServiceErrorCode::$name,)*
                    other => ServiceErrorCode::Other(other.to_owned()),
                }
            }

            pub fn as_str(&self) -> &str {
                match self {
                    $(ServiceErrorCode::$name => stringify!($name),)*
                    ServiceErrorCode::Other(code) => code,
                }
            }

            /// The model's fault; `None` for codes the model does not know.
            pub fn fault(&self) -> Option<Fault> {
                match self {
                    $(ServiceErrorCode::$name => Some(Fault::$fault),)*
                    ServiceErrorCode::Other(_) => None,
                }
            }
        }
    };
}

// In botocore's order of first appearance; `fault: true` only on InternalServiceErrorException.
service_error_codes! {
    InternalServiceErrorException => Server,
    InvalidProductCodeException => Client,
    InvalidUsageDimensionException => Client,
    InvalidTagException => Client,
    InvalidUsageAllocationsException => Client,
    InvalidCustomerIdentifierException => Client,
    TimestampOutOfBoundsException => Client,
    ThrottlingException => Client,
    DisabledApiException => Client,
    InvalidLicenseException => Client,
    InvalidEndpointRegionException => Client,
    DuplicateRequestException => Client,
    IdempotencyConflictException => Client,
    CustomerNotEntitledException => Client,
    InvalidRegionException => Client,
    InvalidPublicKeyVersionException => Client,
    PlatformNotSupportedException => Client,
    InvalidTokenException => Client,
    ExpiredTokenException => Client,
}

/// A non-2xx response, read as the AWS SDKs read awsJson1_1 errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceError {
    pub code: ServiceErrorCode,
    pub message: Option<String>,
    /// `x-amzn-requestid` (or `x-amz-request-id`), for AWS support.
    pub request_id: Option<String>,
    pub status: u16,
}

impl ServiceError {
    /// The model's fault, or for other codes `Server` on a 5xx status and `Client` otherwise.
    pub fn fault(&self) -> Fault {
        self.code.fault().unwrap_or(if self.status >= 500 {
            Fault::Server
        } else {
            Fault::Client
        })
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {})", self.code.as_str(), self.status)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

/// What a response can be instead of an output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResponseError {
    /// A non-2xx status.
    Service(ServiceError),
    /// A 2xx whose body is not the operation's output. The call may have taken effect; a
    /// retry is safe (MeterUsage carries a client token, BatchMeterUsage de-duplicates).
    UnreadableSuccess {
        status: u16,
        request_id: Option<String>,
        /// What was wrong, without any of the body's values.
        reason: String,
    },
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Service(e) => e.fmt(f),
            ResponseError::UnreadableSuccess {
                status,
                request_id,
                reason,
            } => {
                write!(f, "unreadable HTTP {status} response: {reason}")?;
                if let Some(id) = request_id {
                    write!(f, " [request id {id}]")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ResponseError {}
impl std::error::Error for ServiceError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nineteen_codes_round_trip_and_only_one_is_server() {
        assert_eq!(ServiceErrorCode::MODELLED.len(), 19);
        for code in ServiceErrorCode::MODELLED {
            assert_eq!(&ServiceErrorCode::from_code(code.as_str()), code);
        }
        let servers: Vec<_> = ServiceErrorCode::MODELLED
            .iter()
            .filter(|c| c.fault() == Some(Fault::Server))
            .collect();
        assert_eq!(servers, [&ServiceErrorCode::InternalServiceErrorException]);
    }

    #[test]
    fn other_codes_take_their_fault_from_the_status() {
        let mut e = ServiceError {
            code: ServiceErrorCode::from_code("DryRunOperation"),
            message: None,
            request_id: None,
            status: 412,
        };
        assert_eq!(e.code, ServiceErrorCode::Other("DryRunOperation".into()));
        assert_eq!(e.fault(), Fault::Client);
        e.status = 503;
        assert_eq!(e.fault(), Fault::Server);
        assert_eq!(e.to_string(), "DryRunOperation (HTTP 503)");
    }
}

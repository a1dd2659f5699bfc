//! How to sign: the choices the AWS SigV4 spec leaves to each service (and that the aws-c-auth
//! suite's context.json switches).

/// Where the signature goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureLocation {
    /// `Authorization` header.
    Headers,
    /// Presigned URL: `X-Amz-Signature` and friends in the query string, valid for
    /// `expires_in_secs` (`X-Amz-Expires`; AWS accepts at most 604800, seven days).
    QueryParams { expires_in_secs: u64 },
}

/// Whether `.` and `..` segments are resolved and `//` collapsed before the path is signed.
/// Every service but S3 wants this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathNormalization {
    Enabled,
    Disabled,
}

/// Whether the path, already percent-encoded on the wire, is percent-encoded once more for the
/// canonical request (`%3D` becomes `%253D`). Every service but S3 wants `Double`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PercentEncodingMode {
    Double,
    Single,
}

/// Whether the payload hash is also sent, and signed, as `x-amz-content-sha256` (header
/// signing only). S3 needs it; the other services do not, and the SDKs do not send it to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadChecksum {
    XAmzContentSha256,
    NoHeader,
}

/// Whether the session token is part of what is signed, or only added after signing (the
/// suite's `omit_session_token`; IoT presigned websocket URLs want that).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionTokenMode {
    Include,
    Exclude,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningSettings {
    pub signature_location: SignatureLocation,
    pub path_normalization: PathNormalization,
    pub percent_encoding: PercentEncodingMode,
    pub payload_checksum: PayloadChecksum,
    pub session_token: SessionTokenMode,
}

/// What the AWS SDKs use for services other than S3, Metering included.
impl Default for SigningSettings {
    fn default() -> Self {
        SigningSettings {
            signature_location: SignatureLocation::Headers,
            path_normalization: PathNormalization::Enabled,
            percent_encoding: PercentEncodingMode::Double,
            payload_checksum: PayloadChecksum::NoHeader,
            session_token: SessionTokenMode::Include,
        }
    }
}

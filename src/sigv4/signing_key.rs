//! Task 3 of AWS SigV4, "Calculate the signature": the signing key derivation, and a small cache
//! so that the four HMACs run once per day, region, service and key instead of on every request.

use std::collections::VecDeque;

use core::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::credentials::Credentials;
use super::error::{ErrorKind, SigningError};

/// kSigning, the key the string to sign is signed with. Secret for its day: never printed.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct SigningKey([u8; 32]);

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(** redacted **)")
    }
}

impl SigningKey {
    /// signature = HexEncode(HMAC(kSigning, string to sign))
    pub(crate) fn sign(&self, string_to_sign: &str) -> Result<String, SigningError> {
        Ok(hex::encode(hmac_sha256(
            &self.0,
            string_to_sign.as_bytes(),
        )?))
    }
}

pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> Result<[u8; 32], SigningError> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .map_err(|_| SigningError::new(ErrorKind::Hmac))?;
    mac.update(data);
    Ok(mac.finalize().into_bytes().into())
}

/// `date` is the scope date, `YYYYMMDD`.
pub(crate) fn derive_signing_key(
    secret_access_key: &str,
    date: &str,
    region: &str,
    service: &str,
) -> Result<SigningKey, SigningError> {
    let mut secret = Vec::with_capacity(4 + secret_access_key.len());
    secret.extend_from_slice(b"AWS4");
    secret.extend_from_slice(secret_access_key.as_bytes());
    // kDate = HMAC("AWS4" + kSecret, Date)
    let k_date = hmac_sha256(&secret, date.as_bytes())?;
    // kRegion = HMAC(kDate, Region)
    let k_region = hmac_sha256(&k_date, region.as_bytes())?;
    // kService = HMAC(kRegion, Service)
    let k_service = hmac_sha256(&k_region, service.as_bytes())?;
    // kSigning = HMAC(kService, "aws4_request")
    let k_signing = hmac_sha256(&k_service, b"aws4_request")?;
    Ok(SigningKey(k_signing))
}

/// Derived signing keys, by (date, region, service, credentials). Bounded: when full, the
/// oldest entry goes. A handful covers an isolate that signs for a few regions across midnight.
pub struct SigningKeyCache {
    entries: VecDeque<CacheEntry>,
    capacity: usize,
}

struct CacheEntry {
    date: String,
    region: String,
    service: String,
    access_key_id: String,
    // The key depends on the secret alone, but keying on the pair keeps rotated credentials
    // that reuse an id (or the other way round) from ever sharing an entry.
    secret_access_key: String,
    key: SigningKey,
}

impl SigningKeyCache {
    pub const DEFAULT_CAPACITY: usize = 8;

    pub fn new() -> Self {
        Self::with_capacity(Self::DEFAULT_CAPACITY)
    }

    /// A capacity of 0 is taken as 1.
    pub fn with_capacity(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        SigningKeyCache {
            entries: VecDeque::with_capacity(capacity),
            capacity,
        }
    }

    pub(crate) fn signing_key(
        &mut self,
        credentials: &Credentials,
        date: &str,
        region: &str,
        service: &str,
    ) -> Result<SigningKey, SigningError> {
        let hit = self.entries.iter().find(|e| {
            e.date == date
                && e.region == region
                && e.service == service
                && e.access_key_id == credentials.access_key_id()
                && e.secret_access_key == credentials.secret_access_key()
        });
        if let Some(entry) = hit {
            return Ok(entry.key.clone());
        }
        let key = derive_signing_key(credentials.secret_access_key(), date, region, service)?;
        if self.entries.len() >= self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back(CacheEntry {
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            access_key_id: credentials.access_key_id().to_owned(),
            secret_access_key: credentials.secret_access_key().to_owned(),
            key: key.clone(),
        });
        Ok(key)
    }
}

impl Default for SigningKeyCache {
    fn default() -> Self {
        Self::new()
    }
}

// Only the size: entries hold secrets.
impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKeyCache")
            .field("len", &self.entries.len())
            .field("capacity", &self.capacity)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    #[test]
    fn derives_the_published_signing_key() {
        // AWS General Reference, "Examples of how to derive a signing key for Signature
        // Version 4".
        let key = derive_signing_key(SECRET, "20120215", "us-east-1", "iam").unwrap();
        assert_eq!(
            hex::encode(key.0),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
        );
    }

    fn cached_dates(cache: &SigningKeyCache) -> Vec<&str> {
        cache.entries.iter().map(|e| e.date.as_str()).collect()
    }

    #[test]
    fn cache_hits_return_the_derived_key_without_a_new_entry() {
        let creds = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let mut cache = SigningKeyCache::new();
        let first = cache
            .signing_key(&creds, "20120215", "us-east-1", "iam")
            .unwrap();
        let again = cache
            .signing_key(&creds, "20120215", "us-east-1", "iam")
            .unwrap();
        assert_eq!(first, again);
        assert_eq!(cache.entries.len(), 1);

        // Poison the entry: a hit must return what is cached, not derive again.
        if let Some(entry) = cache.entries.front_mut() {
            entry.key = SigningKey([7; 32]);
        }
        let hit = cache
            .signing_key(&creds, "20120215", "us-east-1", "iam")
            .unwrap();
        assert_eq!(hit, SigningKey([7; 32]));
    }

    #[test]
    fn every_part_of_the_cache_key_matters() {
        let creds = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let rotated = Credentials::new("AKIDEXAMPLE", "another-secret", None);
        let other_id = Credentials::new("AKIDOTHER", SECRET, None);
        let mut cache = SigningKeyCache::new();
        let base = cache.signing_key(&creds, "20120215", "us-east-1", "iam");
        let variants = [
            cache.signing_key(&creds, "20120216", "us-east-1", "iam"),
            cache.signing_key(&creds, "20120215", "us-west-2", "iam"),
            cache.signing_key(&creds, "20120215", "us-east-1", "s3"),
            cache.signing_key(&rotated, "20120215", "us-east-1", "iam"),
        ];
        for variant in &variants {
            assert_ne!(variant, &base);
        }
        cache
            .signing_key(&other_id, "20120215", "us-east-1", "iam")
            .unwrap();
        assert_eq!(cache.entries.len(), 6);
    }

    #[test]
    fn full_cache_evicts_the_oldest_entry() {
        let creds = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let mut cache = SigningKeyCache::with_capacity(3);
        for date in ["20240101", "20240102", "20240103", "20240104"] {
            cache
                .signing_key(&creds, date, "us-east-1", "aws-marketplace")
                .unwrap();
        }
        assert_eq!(cached_dates(&cache), ["20240102", "20240103", "20240104"]);
        // A hit does not reorder (oldest-inserted goes first, not least-recently-used).
        cache
            .signing_key(&creds, "20240102", "us-east-1", "aws-marketplace")
            .unwrap();
        cache
            .signing_key(&creds, "20240105", "us-east-1", "aws-marketplace")
            .unwrap();
        assert_eq!(cached_dates(&cache), ["20240103", "20240104", "20240105"]);
        assert_eq!(SigningKeyCache::new().capacity, 8);
        assert_eq!(SigningKeyCache::with_capacity(0).capacity, 1);
    }

    #[test]
    fn debug_hides_keys_and_secrets() {
        let creds = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let mut cache = SigningKeyCache::new();
        let key = cache
            .signing_key(&creds, "20120215", "us-east-1", "iam")
            .unwrap();
        let shown = format!("{cache:?} {key:?}");
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains("f4780e2d"), "{shown}");
    }
}

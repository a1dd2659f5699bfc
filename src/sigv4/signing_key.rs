//! Task 3 of AWS SigV4, "Calculate the signature": the signing key derivation, and a small cache
//! so that the four HMACs run once per day, region, service and key instead of on every request.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::credentials::Credentials;
use super::encode::push_hex_lower;
use super::error::{ErrorKind, SigningError};
use super::sha256::{hmac_sha256, HmacSha256};

/// kSigning, the key the string to sign is signed with, held as the HMAC state already keyed
/// with it: HMAC hashes the key's inner and outer pads once here, not on every signature (two
/// SHA-256 blocks of the six a MeterUsage signature costs). Secret for its day: never printed.
#[derive(Clone)]
pub(crate) struct SigningKey(HmacSha256);

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(** redacted **)")
    }
}

impl SigningKey {
    fn new(k_signing: &[u8; 32]) -> Self {
        SigningKey(HmacSha256::new(k_signing))
    }

    /// signature = HexEncode(HMAC(kSigning, string to sign)), appended to `out`.
    pub(crate) fn sign_into(&self, string_to_sign: &[u8], out: &mut String) {
        let mut mac = self.0.clone();
        mac.update(string_to_sign);
        push_hex_lower(out, &mac.finish());
    }
}

/// kSigning for `date`, the scope date `YYYYMMDD`.
fn derive_key_bytes(secret_access_key: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let mut secret = Vec::with_capacity(4 + secret_access_key.len());
    secret.extend_from_slice(b"AWS4");
    secret.extend_from_slice(secret_access_key.as_bytes());
    // kDate = HMAC("AWS4" + kSecret, Date)
    let mut key = hmac_sha256(&secret, date.as_bytes());
    // kRegion = HMAC(kDate, Region); kService = HMAC(kRegion, Service);
    // kSigning = HMAC(kService, "aws4_request")
    for part in [region, service, "aws4_request"] {
        key = hmac_sha256(&key, part.as_bytes());
    }
    key
}

pub(crate) fn derive_signing_key(
    secret_access_key: &str,
    date: &str,
    region: &str,
    service: &str,
) -> SigningKey {
    SigningKey::new(&derive_key_bytes(secret_access_key, date, region, service))
}

/// Derived signing keys, by (date, region, service, credentials). Bounded: when full, the
/// oldest entry goes. A handful covers an isolate that signs for a few regions across midnight.
pub struct SigningKeyCache {
    /// A ring once full: `oldest` is the slot the next new entry replaces.
    entries: Vec<CacheEntry>,
    oldest: usize,
    capacity: usize,
}

struct CacheEntry {
    /// `date`, region, service, access key id and secret access key, each but the last
    /// followed by a NUL (which none of the four can contain). The key depends on the secret
    /// alone, but keying on the pair keeps rotated credentials that reuse an id (or the other
    /// way round) from ever sharing an entry.
    scope: String,
    key: SigningKey,
}

impl CacheEntry {
    fn matches(&self, parts: &[&str; 5]) -> bool {
        let mut rest = self.scope.as_bytes();
        for (i, part) in parts.iter().enumerate() {
            let Some(after) = rest.strip_prefix(part.as_bytes()) else {
                return false;
            };
            rest = match after.split_first() {
                Some((0, after)) if i < 4 => after,
                None if i == 4 => after,
                _ => return false,
            };
        }
        true
    }

    #[cfg(test)]
    fn date(&self) -> &str {
        self.scope.get(..8).unwrap_or_default()
    }
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
            entries: Vec::with_capacity(capacity),
            oldest: 0,
            capacity,
        }
    }

    pub(crate) fn signing_key(
        &mut self,
        credentials: &Credentials,
        date: &str,
        region: &str,
        service: &str,
    ) -> Result<&SigningKey, SigningError> {
        let parts = [
            date,
            region,
            service,
            credentials.access_key_id(),
            credentials.secret_access_key(),
        ];
        let index = match self.entries.iter().position(|e| e.matches(&parts)) {
            Some(index) => index,
            None => {
                let key =
                    derive_signing_key(credentials.secret_access_key(), date, region, service);
                let mut scope = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        scope.push('\0');
                    }
                    scope.push_str(part);
                }
                self.insert(CacheEntry { scope, key })
            }
        };
        // `index` is in bounds (found, or the entry just pushed).
        self.entries
            .get(index)
            .map(|entry| &entry.key)
            .ok_or(SigningError::new(ErrorKind::Hmac))
    }
}

impl SigningKeyCache {
    /// Adds `entry`, replacing the oldest when full (no `Vec::remove`, whose bounds check is a
    /// panic path); returns its index.
    fn insert(&mut self, entry: CacheEntry) -> usize {
        let index = self.oldest;
        match self.entries.get_mut(index) {
            Some(slot) => *slot = entry,
            None => self.entries.push(entry),
        }
        self.oldest = if index + 1 >= self.capacity {
            0
        } else {
            index + 1
        };
        index
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
    const PUBLISHED_KEY: &str = "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d";

    /// What a key signs `probe` as: keys are compared by what they sign.
    fn signature(key: &SigningKey) -> String {
        let mut out = String::new();
        key.sign_into(b"probe", &mut out);
        out
    }

    #[test]
    fn derives_the_published_signing_key() {
        // AWS General Reference, "Examples of how to derive a signing key for Signature
        // Version 4".
        let bytes = derive_key_bytes(SECRET, "20120215", "us-east-1", "iam");
        assert_eq!(hex::encode(bytes), PUBLISHED_KEY);
        // The pre-keyed HMAC state signs as HMAC keyed with those bytes does.
        let key = derive_signing_key(SECRET, "20120215", "us-east-1", "iam");
        assert_eq!(signature(&key), hex::encode(hmac_sha256(&bytes, b"probe")));
        let mut twice = String::new();
        key.sign_into(b"probe", &mut twice);
        key.sign_into(b"probe", &mut twice);
        assert_eq!(
            twice,
            signature(&key).repeat(2),
            "signing leaves the key as it was"
        );
    }

    /// The cached dates, oldest first.
    fn cached_dates(cache: &SigningKeyCache) -> Vec<&str> {
        let (newer, older) = cache.entries.split_at(cache.oldest);
        older.iter().chain(newer).map(CacheEntry::date).collect()
    }

    #[test]
    fn cache_hits_return_the_derived_key_without_a_new_entry() {
        let creds = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let mut cache = SigningKeyCache::new();
        let first = signature(
            cache
                .signing_key(&creds, "20120215", "us-east-1", "iam")
                .unwrap(),
        );
        let again = signature(
            cache
                .signing_key(&creds, "20120215", "us-east-1", "iam")
                .unwrap(),
        );
        assert_eq!(first, again);
        assert_eq!(cache.entries.len(), 1);

        // Poison the entry: a hit must return what is cached, not derive again.
        let poison = SigningKey::new(&[7; 32]);
        if let Some(entry) = cache.entries.first_mut() {
            entry.key = poison.clone();
        }
        let hit = cache
            .signing_key(&creds, "20120215", "us-east-1", "iam")
            .unwrap();
        assert_eq!(signature(hit), signature(&poison));
        assert_ne!(signature(hit), first);
    }

    #[test]
    fn every_part_of_the_cache_key_matters() {
        let creds = Credentials::new("AKIDEXAMPLE", SECRET, None);
        let rotated = Credentials::new("AKIDEXAMPLE", "another-secret", None);
        let shorter = Credentials::new("AKIDEXAMPLE", &SECRET[..39], None);
        let other_id = Credentials::new("AKIDOTHER", SECRET, None);
        let mut cache = SigningKeyCache::new();
        let mut signed = |creds: &Credentials, date: &str, region: &str, service: &str| {
            cache
                .signing_key(creds, date, region, service)
                .map(signature)
        };
        let base = signed(&creds, "20120215", "us-east-1", "iam");
        let variants = [
            signed(&creds, "20120216", "us-east-1", "iam"),
            signed(&creds, "20120215", "us-west-2", "iam"),
            signed(&creds, "20120215", "us-east-1", "s3"),
            signed(&rotated, "20120215", "us-east-1", "iam"),
            signed(&shorter, "20120215", "us-east-1", "iam"),
            signed(&creds, "20120215", "us-east-1", "iam2"),
        ];
        for variant in &variants {
            assert_ne!(variant, &base);
        }
        signed(&other_id, "20120215", "us-east-1", "iam").unwrap();
        assert_eq!(cache.entries.len(), 8);
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
            .unwrap()
            .clone();
        let shown = format!("{cache:?} {key:?}");
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains("f4780e2d"), "{shown}");
        assert!(!shown.contains(&signature(&key)[..8]), "{shown}");
    }
}

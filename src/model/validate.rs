//! The model's constraints (service-2.json `min`/`max`/`pattern`, list sizes, integer
//! ranges) and the documented 1 MB BatchMeterUsage request limit, checked before sending.
//!
//! Only what the model states is enforced: documented service rules (timestamp windows,
//! allocation sums, ProductCode with LicenseArn) are left to the service, so that nothing AWS
//! would accept is refused here.
//!
//! String lengths count Unicode scalar values (Rust `char`s), as Smithy's `@length` trait
//! defines them. JS `String.length` counts UTF-16 units, which is larger for characters
//! outside the BMP; counting the smaller number never refuses a string the service would
//! take, whichever way the service counts.
//!
//! Patterns are hand-written matchers, each named after the shape whose pattern it follows.
//! Anchors follow Smithy's ECMAScript semantics (`$` is the end of the string).

use core::fmt;

use super::{
    wire, BatchMeterUsageInput, Input, MeterUsageInput, Path, RegisterUsageInput,
    ResolveCustomerInput, Tag, UsageAllocation, UsageRecord,
};

/// A member that breaks the model. `field` is the path as the caller wrote it in JS
/// (`usageRecords[3].usageAllocations[0].tags[1].key`); `rule` says what is expected. Neither
/// ever contains the member's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    pub field: String,
    pub rule: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.rule)
    }
}

impl std::error::Error for ValidationError {}

impl ValidationError {
    /// The whole input has no path of its own; it is called `input`.
    pub(crate) fn at(path: &Path<'_>, rule: impl Into<String>) -> Self {
        let mut field = path.render();
        if field.is_empty() {
            field.push_str("input");
        }
        ValidationError {
            field,
            rule: rule.into(),
        }
    }
}

/// An inclusive integer range from the model (`UsageQuantity`, `VersionInteger`...).
#[derive(Clone, Copy, Debug)]
pub(crate) struct IntRange {
    pub min: i64,
    pub max: i64,
}

/// `UsageQuantity` and `AllocatedUsageQuantity`: 0..=2147483647.
pub(crate) const QUANTITY: IntRange = IntRange {
    min: 0,
    max: i32::MAX as i64,
};
/// `VersionInteger`: min 1; Smithy `integer` is 32-bit, so at most 2147483647.
pub(crate) const PUBLIC_KEY_VERSION: IntRange = IntRange {
    min: 1,
    max: i32::MAX as i64,
};

impl IntRange {
    pub(crate) fn check(self, n: i64, path: &Path<'_>) -> Result<(), ValidationError> {
        if (self.min..=self.max).contains(&n) {
            Ok(())
        } else {
            Err(self.error(path))
        }
    }

    pub(crate) fn error(self, path: &Path<'_>) -> ValidationError {
        ValidationError::at(
            path,
            format!("must be an integer from {} to {}", self.min, self.max),
        )
    }
}

/// The service refuses a BatchMeterUsage request of 1 MB or more ("each request must be less
/// than 1 MB in size").
pub const MAX_BATCH_REQUEST_BYTES: usize = 1024 * 1024;

pub const MAX_USAGE_RECORDS: usize = 25;
const USAGE_ALLOCATIONS: (usize, usize) = (1, 2500);
const TAGS: (usize, usize) = (1, 5);

fn check_len(
    s: &str,
    min: usize,
    max: Option<usize>,
    path: &Path<'_>,
) -> Result<(), ValidationError> {
    // Bytes bound chars from above, and a non-empty string has at least one char: most
    // strings pass without being counted.
    if min <= usize::from(!s.is_empty()) && max.is_some_and(|max| s.len() <= max) {
        return Ok(());
    }
    let n = s.chars().count();
    let fits = n >= min && max.is_none_or(|max| n <= max);
    if fits {
        return Ok(());
    }
    let rule = match (min, max) {
        (0, Some(max)) => format!("must be at most {max} characters"),
        (1, None) => "must not be empty".to_owned(),
        (min, None) => format!("must be at least {min} characters"),
        (min, Some(max)) => format!("must be {min} to {max} characters"),
    };
    Err(ValidationError::at(path, rule))
}

fn check_items(
    n: usize,
    (min, max): (usize, usize),
    path: &Path<'_>,
) -> Result<(), ValidationError> {
    if n < min || n > max {
        let rule = if min == 0 {
            format!("must have at most {max} items")
        } else {
            format!("must have {min} to {max} items")
        };
        return Err(ValidationError::at(path, rule));
    }
    Ok(())
}

fn check_pattern(ok: bool, rule: &'static str, path: &Path<'_>) -> Result<(), ValidationError> {
    if ok {
        Ok(())
    } else {
        Err(ValidationError::at(path, rule))
    }
}

/// `ProductCode`: `^[-a-zA-Z0-9/=:_.@]*$`.
pub(crate) fn is_product_code(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-/=:_.@".contains(&b))
}

/// `CustomerAWSAccountId`: `^[0-9]+$`.
pub(crate) fn is_customer_aws_account_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `TagKey` and `TagValue`: `^[a-zA-Z0-9+ -=._:\/@]+$`. Inside the class, `+` stands alone and
/// ` -=` is the range from space (0x20) to `=` (0x3D), which is how PCRE, Java and ECMAScript
/// read it: it also admits `!"#$%&'()*,;<`.
pub(crate) fn is_tag_text(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric() || (b' '..=b'=').contains(&b) || b"._:/@+".contains(&b)
        })
}

/// `LicenseArn`:
/// `^arn:aws[a-zA-Z-]*:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,1023}$`.
/// None of the first four parts' classes holds `:`, so splitting at the first four colons
/// finds the only possible match; the resource part takes the rest, colons included.
pub(crate) fn is_license_arn(s: &str) -> bool {
    fn seg(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b"_/.-".contains(&b)
    }
    fn res(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b":_/+=,@.-".contains(&b)
    }
    fn first_alnum_then(part: &[u8], max_rest: usize, rest_ok: fn(u8) -> bool) -> bool {
        match part.split_first() {
            Some((first, rest)) => {
                first.is_ascii_alphanumeric()
                    && rest.len() <= max_rest
                    && rest.iter().all(|&b| rest_ok(b))
            }
            None => false,
        }
    }
    let Some(rest) = s.strip_prefix("arn:aws") else {
        return false;
    };
    let mut parts = rest.as_bytes().splitn(5, |&b| b == b':');
    let (Some(partition), Some(service), Some(region), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return false;
    };
    partition
        .iter()
        .all(|&b| b.is_ascii_alphabetic() || b == b'-')
        && first_alnum_then(service, 62, seg)
        && region.len() <= 63
        && region.iter().all(|&b| seg(b))
        && account.len() <= 63
        && account.iter().all(|&b| seg(b))
        && first_alnum_then(resource, 1023, res)
}

const PRODUCT_CODE_RULE: &str = "may contain only letters, digits and - / = : _ . @";
const ACCOUNT_ID_RULE: &str = "must contain only digits";
const TAG_RULE: &str = "may contain only letters, digits, space and !\"#$%&'()*+,-./:;<=@_";
const LICENSE_ARN_RULE: &str =
    "must be a license ARN (arn:aws<partition>:<service>:<region>:<account>:<resource>)";

fn product_code(s: &str, path: &Path<'_>) -> Result<(), ValidationError> {
    check_len(s, 0, Some(255), path)?;
    check_pattern(is_product_code(s), PRODUCT_CODE_RULE, path)
}

fn usage_dimension(s: &str, path: &Path<'_>) -> Result<(), ValidationError> {
    // `[\s\S]+` adds nothing to min 1.
    check_len(s, 1, Some(255), path)
}

fn usage_allocations(list: &[UsageAllocation], path: &Path<'_>) -> Result<(), ValidationError> {
    check_items(list.len(), USAGE_ALLOCATIONS, path)?;
    for (i, allocation) in list.iter().enumerate() {
        let at = path.index(i);
        QUANTITY.check(
            i64::from(allocation.allocated_usage_quantity),
            &at.member("allocatedUsageQuantity"),
        )?;
        if let Some(tags) = &allocation.tags {
            let tags_path = at.member("tags");
            check_items(tags.len(), TAGS, &tags_path)?;
            for (j, tag) in tags.iter().enumerate() {
                self::tag(tag, &tags_path.index(j))?;
            }
        }
    }
    Ok(())
}

fn tag(tag: &Tag, path: &Path<'_>) -> Result<(), ValidationError> {
    let key = path.member("key");
    check_len(&tag.key, 1, Some(100), &key)?;
    check_pattern(is_tag_text(&tag.key), TAG_RULE, &key)?;
    let value = path.member("value");
    check_len(&tag.value, 1, Some(256), &value)?;
    check_pattern(is_tag_text(&tag.value), TAG_RULE, &value)
}

fn usage_record(record: &UsageRecord, path: &Path<'_>) -> Result<(), ValidationError> {
    if let Some(id) = &record.customer_identifier {
        // `[\s\S]*` adds nothing to the length.
        check_len(id, 0, Some(255), &path.member("customerIdentifier"))?;
    }
    usage_dimension(&record.dimension, &path.member("dimension"))?;
    if let Some(q) = record.quantity {
        QUANTITY.check(i64::from(q), &path.member("quantity"))?;
    }
    if let Some(list) = &record.usage_allocations {
        usage_allocations(list, &path.member("usageAllocations"))?;
    }
    if let Some(id) = &record.customer_aws_account_id {
        let at = path.member("customerAWSAccountId");
        check_len(id, 1, Some(255), &at)?;
        check_pattern(is_customer_aws_account_id(id), ACCOUNT_ID_RULE, &at)?;
    }
    if let Some(arn) = &record.license_arn {
        let at = path.member("licenseArn");
        check_pattern(is_license_arn(arn), LICENSE_ARN_RULE, &at)?;
    }
    Ok(())
}

impl BatchMeterUsageInput {
    /// Every model constraint, then the 1 MB limit on the serialized body.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let records = Path::Root.member("usageRecords");
        check_items(self.usage_records.len(), (0, MAX_USAGE_RECORDS), &records)?;
        self.validate_records()?;
        // Only the serialized size is exact (escapes, digits); 25 records of 2500 allocations
        // of 5 long tags reach several MB.
        if wire::batch_meter_usage_body_bound(self) >= MAX_BATCH_REQUEST_BYTES
            && wire::batch_meter_usage_body(self).len() >= MAX_BATCH_REQUEST_BYTES
        {
            return Err(ValidationError::at(
                &records,
                "make a request of 1 MB or more; the service takes less than 1 MB per request",
            ));
        }
        Ok(())
    }
}

impl BatchMeterUsageInput {
    /// Every constraint on the product code and on each record, but none on how many records
    /// there are or how large they are together: what `meterUsageRecords` checks before it
    /// splits any number of records into calls (see `crate::batch`).
    pub fn validate_records(&self) -> Result<(), ValidationError> {
        let root = Path::Root;
        let records = root.member("usageRecords");
        for (i, record) in self.usage_records.iter().enumerate() {
            usage_record(record, &records.index(i))?;
        }
        if let Some(code) = &self.product_code {
            product_code(code, &root.member("productCode"))?;
        }
        Ok(())
    }
}

impl MeterUsageInput {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let root = Path::Root;
        product_code(&self.product_code, &root.member("productCode"))?;
        usage_dimension(&self.usage_dimension, &root.member("usageDimension"))?;
        if let Some(q) = self.usage_quantity {
            QUANTITY.check(i64::from(q), &root.member("usageQuantity"))?;
        }
        if let Some(list) = &self.usage_allocations {
            usage_allocations(list, &root.member("usageAllocations"))?;
        }
        if let Some(token) = &self.client_token {
            check_len(token, 1, Some(64), &root.member("clientToken"))?;
        }
        Ok(())
    }
}

impl RegisterUsageInput {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let root = Path::Root;
        product_code(&self.product_code, &root.member("productCode"))?;
        PUBLIC_KEY_VERSION.check(
            i64::from(self.public_key_version),
            &root.member("publicKeyVersion"),
        )?;
        if let Some(nonce) = &self.nonce {
            check_len(nonce, 0, Some(255), &root.member("nonce"))?;
        }
        Ok(())
    }
}

impl ResolveCustomerInput {
    pub fn validate(&self) -> Result<(), ValidationError> {
        // `NonEmptyString`: `[\s\S]+`, no maximum.
        check_len(
            &self.registration_token,
            1,
            None,
            &Path::Root.member("registrationToken"),
        )
    }
}

impl Input {
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self {
            Input::BatchMeterUsage(i) => i.validate(),
            Input::MeterUsage(i) => i.validate(),
            Input::RegisterUsage(i) => i.validate(),
            Input::ResolveCustomer(i) => i.validate(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_code_pattern() {
        assert!(is_product_code(""));
        assert!(is_product_code("abc-DEF/0=9:_.@"));
        for bad in ["a b", "a+b", "é", "a\n", "a#"] {
            assert!(!is_product_code(bad), "{bad:?}");
        }
    }

    #[test]
    fn account_id_pattern() {
        assert!(is_customer_aws_account_id("123456789012"));
        for bad in ["", "12a", " 1", "1\n", "١٢"] {
            assert!(!is_customer_aws_account_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn tag_pattern_reads_space_to_equals_as_a_range() {
        for c in (0x20u8..=0x3d).chain(b'a'..=b'z').chain(b'A'..=b'Z') {
            assert!(is_tag_text(&char::from(c).to_string()), "{c:#x}");
        }
        for c in ['.', '_', ':', '/', '@', '+'] {
            assert!(is_tag_text(&c.to_string()), "{c:?}");
        }
        for bad in [
            "", ">", "?", "[", "\\", "^", "`", "{", "|", "}", "~", "\t", "é", "a\u{7f}",
        ] {
            assert!(!is_tag_text(bad), "{bad:?}");
        }
    }

    #[test]
    fn license_arn_pattern() {
        let good = [
            "arn:aws:license-manager::123456789012:license:l-abc123",
            "arn:aws-us-gov:license-manager:us-gov-west-1:123456789012:license/x:y",
            "arn:aws:s:::r",
            "arn:awsfoo-bar:a/b.c_d-e:r:a:R+=,@.-:x",
        ];
        for arn in good {
            assert!(is_license_arn(arn), "{arn}");
        }
        let long_service = format!("arn:aws:a{}:r:a:x", "b".repeat(62));
        assert!(is_license_arn(&long_service));
        let too_long_service = format!("arn:aws:a{}:r:a:x", "b".repeat(63));
        assert!(!is_license_arn(&too_long_service));
        let long_region = format!("arn:aws:s:{}:a:x", "r".repeat(63));
        assert!(is_license_arn(&long_region));
        assert!(!is_license_arn(&format!(
            "arn:aws:s:{}:a:x",
            "r".repeat(64)
        )));
        assert!(!is_license_arn(&format!(
            "arn:aws:s:r:{}:x",
            "a".repeat(64)
        )));
        assert!(is_license_arn(&format!(
            "arn:aws:s:r:a:x{}",
            "y".repeat(1023)
        )));
        assert!(!is_license_arn(&format!(
            "arn:aws:s:r:a:x{}",
            "y".repeat(1024)
        )));
        let bad = [
            "",
            "arn:aws",
            "arn:aws:s:r:a",
            "arn:aws:s:r:a:",
            "arn:aws:_s:r:a:x",
            "arn:aws:s:r:a:_x",
            "arn:aws1:s:r:a:x",
            "arn:azure:s:r:a:x",
            "ARN:aws:s:r:a:x",
            "arn:aws::r:a:x",
            "arn:aws:s:r:a:x y",
            "arn:aws:s:r:a:x\n",
            "arn:aws:s:r#:a:x",
        ];
        for arn in bad {
            assert!(!is_license_arn(arn), "{arn:?}");
        }
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let root = Path::Root;
        let p = root.member("x");
        assert!(check_len(&"é".repeat(255), 1, Some(255), &p).is_ok());
        assert!(check_len(&"😀".repeat(255), 1, Some(255), &p).is_ok());
        let err = check_len(&"é".repeat(256), 1, Some(255), &p).unwrap_err();
        assert_eq!(err.to_string(), "x: must be 1 to 255 characters");
        assert_eq!(
            check_len("", 1, None, &p).unwrap_err().rule,
            "must not be empty"
        );
        assert_eq!(
            check_len(&"a".repeat(256), 0, Some(255), &p)
                .unwrap_err()
                .rule,
            "must be at most 255 characters"
        );
        assert!(check_len("", 0, Some(255), &p).is_ok());
    }
}

// generated from the service model by experiments/serde-boundary/codegen.mjs; do not edit.
//! The service model's inputs and outputs as serde types (see `super`): [`input`] crosses
//! from JS through `serde_wasm_bindgen::from_value`, [`output`] is read from the wire and
//! crosses to JS through `serde_wasm_bindgen::to_value`.

/// The inputs, as the JS API names them (from JS only: wasm32).
#[cfg(target_arch = "wasm32")]
pub mod input {
    use alloc::string::String;
    use alloc::vec::Vec;
    use serde::Deserialize;
    use wasm_bindgen::JsValue;

    use crate::json;
    use crate::model::tables;
    use crate::model::walk::TopList;
    use crate::model::{Path, ValidationError};
    #[cfg(feature = "members")]
    use crate::serde_model::js::{items, known_members, member};
    use crate::serde_model::{check_date, check_integer, check_list, check_string, Input, JsDate};

    /// `BatchMeterUsageRequest` as a JS input.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct BatchMeterUsageRequest {
        pub usage_records: Vec<UsageRecord>,
        pub product_code: Option<String>,
    }

    impl Input for BatchMeterUsageRequest {
        fn validate(&self, path: &Path<'_>, top: TopList) -> Result<(), ValidationError> {
            let _ = top;
            let at = path.member("usageRecords");
            check_list(
                &tables::USAGE_RECORD_LIST,
                self.usage_records.len(),
                &at,
                top,
            )?;
            for (i, item) in self.usage_records.iter().enumerate() {
                item.validate(&at.index(i), TopList::Bounded)?;
            }
            if let Some(v) = &self.product_code {
                check_string(&tables::PRODUCT_CODE, v, &path.member("productCode"))?;
            }
            Ok(())
        }

        fn write_wire(&self, out: &mut String, token: Option<&str>) {
            let _ = token;
            let first = &mut true;
            out.push('{');
            json::write_key(out, first, "UsageRecords");
            out.push('[');
            for (i, item) in self.usage_records.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                item.write_wire(out, None);
            }
            out.push(']');
            if let Some(v) = self.product_code.as_deref().filter(|v| !v.is_empty()) {
                json::write_key(out, first, "ProductCode");
                json::write_string(out, v);
            }
            out.push('}');
        }

        #[cfg(feature = "members")]
        fn check_members(v: &JsValue, path: &Path<'_>) -> Result<(), ValidationError> {
            known_members(v, &["usageRecords", "productCode"], path)?;
            {
                let at = path.member("usageRecords");
                for (i, item) in items(&member(v, "usageRecords")).iter().enumerate() {
                    UsageRecord::check_members(item, &at.index(i))?;
                }
            }
            Ok(())
        }
    }

    /// `UsageRecord` as a JS input.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct UsageRecord {
        pub timestamp: JsDate,
        pub customer_identifier: Option<String>,
        pub dimension: String,
        pub quantity: Option<i32>,
        pub usage_allocations: Option<Vec<UsageAllocation>>,
        #[serde(rename = "customerAWSAccountId")]
        pub customer_aws_account_id: Option<String>,
        pub license_arn: Option<String>,
    }

    impl Input for UsageRecord {
        fn validate(&self, path: &Path<'_>, top: TopList) -> Result<(), ValidationError> {
            let _ = top;
            check_date(&self.timestamp, &path.member("timestamp"))?;
            if let Some(v) = &self.customer_identifier {
                check_string(
                    &tables::CUSTOMER_IDENTIFIER,
                    v,
                    &path.member("customerIdentifier"),
                )?;
            }
            check_string(
                &tables::USAGE_DIMENSION,
                &self.dimension,
                &path.member("dimension"),
            )?;
            if let Some(v) = &self.quantity {
                check_integer(&tables::USAGE_QUANTITY, *v, &path.member("quantity"))?;
            }
            if let Some(v) = &self.usage_allocations {
                let at = path.member("usageAllocations");
                check_list(&tables::USAGE_ALLOCATIONS, v.len(), &at, top)?;
                for (i, item) in v.iter().enumerate() {
                    item.validate(&at.index(i), TopList::Bounded)?;
                }
            }
            if let Some(v) = &self.customer_aws_account_id {
                check_string(
                    &tables::CUSTOMER_AWS_ACCOUNT_ID,
                    v,
                    &path.member("customerAWSAccountId"),
                )?;
            }
            if let Some(v) = &self.license_arn {
                check_string(&tables::LICENSE_ARN, v, &path.member("licenseArn"))?;
            }
            Ok(())
        }

        fn write_wire(&self, out: &mut String, token: Option<&str>) {
            let _ = token;
            let first = &mut true;
            out.push('{');
            json::write_key(out, first, "Timestamp");
            json::write_i64(out, self.timestamp.epoch_seconds());
            if let Some(v) = self
                .customer_identifier
                .as_deref()
                .filter(|v| !v.is_empty())
            {
                json::write_key(out, first, "CustomerIdentifier");
                json::write_string(out, v);
            }
            json::write_key(out, first, "Dimension");
            json::write_string(out, &self.dimension);
            if let Some(v) = &self.quantity {
                json::write_key(out, first, "Quantity");
                json::write_i64(out, i64::from(*v));
            }
            if let Some(v) = &self.usage_allocations {
                json::write_key(out, first, "UsageAllocations");
                out.push('[');
                for (i, item) in v.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_wire(out, None);
                }
                out.push(']');
            }
            if let Some(v) = &self.customer_aws_account_id {
                json::write_key(out, first, "CustomerAWSAccountId");
                json::write_string(out, v);
            }
            if let Some(v) = &self.license_arn {
                json::write_key(out, first, "LicenseArn");
                json::write_string(out, v);
            }
            out.push('}');
        }

        #[cfg(feature = "members")]
        fn check_members(v: &JsValue, path: &Path<'_>) -> Result<(), ValidationError> {
            known_members(
                v,
                &[
                    "timestamp",
                    "customerIdentifier",
                    "dimension",
                    "quantity",
                    "usageAllocations",
                    "customerAWSAccountId",
                    "licenseArn",
                ],
                path,
            )?;
            {
                let at = path.member("usageAllocations");
                for (i, item) in items(&member(v, "usageAllocations")).iter().enumerate() {
                    UsageAllocation::check_members(item, &at.index(i))?;
                }
            }
            Ok(())
        }
    }

    /// `UsageAllocation` as a JS input.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct UsageAllocation {
        pub allocated_usage_quantity: i32,
        pub tags: Option<Vec<Tag>>,
    }

    impl Input for UsageAllocation {
        fn validate(&self, path: &Path<'_>, top: TopList) -> Result<(), ValidationError> {
            let _ = top;
            check_integer(
                &tables::ALLOCATED_USAGE_QUANTITY,
                self.allocated_usage_quantity,
                &path.member("allocatedUsageQuantity"),
            )?;
            if let Some(v) = &self.tags {
                let at = path.member("tags");
                check_list(&tables::TAG_LIST, v.len(), &at, top)?;
                for (i, item) in v.iter().enumerate() {
                    item.validate(&at.index(i), TopList::Bounded)?;
                }
            }
            Ok(())
        }

        fn write_wire(&self, out: &mut String, token: Option<&str>) {
            let _ = token;
            let first = &mut true;
            out.push('{');
            json::write_key(out, first, "AllocatedUsageQuantity");
            json::write_i64(out, i64::from(self.allocated_usage_quantity));
            if let Some(v) = &self.tags {
                json::write_key(out, first, "Tags");
                out.push('[');
                for (i, item) in v.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_wire(out, None);
                }
                out.push(']');
            }
            out.push('}');
        }

        #[cfg(feature = "members")]
        fn check_members(v: &JsValue, path: &Path<'_>) -> Result<(), ValidationError> {
            known_members(v, &["allocatedUsageQuantity", "tags"], path)?;
            {
                let at = path.member("tags");
                for (i, item) in items(&member(v, "tags")).iter().enumerate() {
                    Tag::check_members(item, &at.index(i))?;
                }
            }
            Ok(())
        }
    }

    /// `Tag` as a JS input.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct Tag {
        pub key: String,
        pub value: String,
    }

    impl Input for Tag {
        fn validate(&self, path: &Path<'_>, top: TopList) -> Result<(), ValidationError> {
            let _ = top;
            check_string(&tables::TAG_KEY, &self.key, &path.member("key"))?;
            check_string(&tables::TAG_VALUE, &self.value, &path.member("value"))?;
            Ok(())
        }

        fn write_wire(&self, out: &mut String, token: Option<&str>) {
            let _ = token;
            let first = &mut true;
            out.push('{');
            json::write_key(out, first, "Key");
            json::write_string(out, &self.key);
            json::write_key(out, first, "Value");
            json::write_string(out, &self.value);
            out.push('}');
        }

        #[cfg(feature = "members")]
        fn check_members(v: &JsValue, path: &Path<'_>) -> Result<(), ValidationError> {
            known_members(v, &["key", "value"], path)?;
            Ok(())
        }
    }

    /// `MeterUsageRequest` as a JS input.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct MeterUsageRequest {
        pub product_code: String,
        pub timestamp: JsDate,
        pub usage_dimension: String,
        pub usage_quantity: Option<i32>,
        pub dry_run: Option<bool>,
        pub usage_allocations: Option<Vec<UsageAllocation>>,
        pub client_token: Option<String>,
    }

    impl Input for MeterUsageRequest {
        fn validate(&self, path: &Path<'_>, top: TopList) -> Result<(), ValidationError> {
            let _ = top;
            check_string(
                &tables::PRODUCT_CODE,
                &self.product_code,
                &path.member("productCode"),
            )?;
            check_date(&self.timestamp, &path.member("timestamp"))?;
            check_string(
                &tables::USAGE_DIMENSION,
                &self.usage_dimension,
                &path.member("usageDimension"),
            )?;
            if let Some(v) = &self.usage_quantity {
                check_integer(&tables::USAGE_QUANTITY, *v, &path.member("usageQuantity"))?;
            }
            if let Some(v) = &self.usage_allocations {
                let at = path.member("usageAllocations");
                check_list(&tables::USAGE_ALLOCATIONS, v.len(), &at, top)?;
                for (i, item) in v.iter().enumerate() {
                    item.validate(&at.index(i), TopList::Bounded)?;
                }
            }
            if let Some(v) = &self.client_token {
                check_string(&tables::CLIENT_TOKEN, v, &path.member("clientToken"))?;
            }
            Ok(())
        }

        fn write_wire(&self, out: &mut String, token: Option<&str>) {
            let _ = token;
            let first = &mut true;
            out.push('{');
            json::write_key(out, first, "ProductCode");
            json::write_string(out, &self.product_code);
            json::write_key(out, first, "Timestamp");
            json::write_i64(out, self.timestamp.epoch_seconds());
            json::write_key(out, first, "UsageDimension");
            json::write_string(out, &self.usage_dimension);
            if let Some(v) = &self.usage_quantity {
                json::write_key(out, first, "UsageQuantity");
                json::write_i64(out, i64::from(*v));
            }
            if let Some(v) = &self.dry_run {
                json::write_key(out, first, "DryRun");
                out.push_str(if *v { "true" } else { "false" });
            }
            if let Some(v) = &self.usage_allocations {
                json::write_key(out, first, "UsageAllocations");
                out.push('[');
                for (i, item) in v.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_wire(out, None);
                }
                out.push(']');
            }
            if let Some(v) = &self.client_token {
                json::write_key(out, first, "ClientToken");
                json::write_string(out, v);
            }
            if let (None, Some(token)) = (&self.client_token, token) {
                json::write_key(out, first, "ClientToken");
                json::write_string(out, token);
            }
            out.push('}');
        }

        #[cfg(feature = "members")]
        fn check_members(v: &JsValue, path: &Path<'_>) -> Result<(), ValidationError> {
            known_members(
                v,
                &[
                    "productCode",
                    "timestamp",
                    "usageDimension",
                    "usageQuantity",
                    "dryRun",
                    "usageAllocations",
                    "clientToken",
                ],
                path,
            )?;
            {
                let at = path.member("usageAllocations");
                for (i, item) in items(&member(v, "usageAllocations")).iter().enumerate() {
                    UsageAllocation::check_members(item, &at.index(i))?;
                }
            }
            Ok(())
        }
    }

    /// `RegisterUsageRequest` as a JS input.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct RegisterUsageRequest {
        pub product_code: String,
        pub public_key_version: i32,
        pub nonce: Option<String>,
    }

    impl Input for RegisterUsageRequest {
        fn validate(&self, path: &Path<'_>, top: TopList) -> Result<(), ValidationError> {
            let _ = top;
            check_string(
                &tables::PRODUCT_CODE,
                &self.product_code,
                &path.member("productCode"),
            )?;
            check_integer(
                &tables::VERSION_INTEGER,
                self.public_key_version,
                &path.member("publicKeyVersion"),
            )?;
            if let Some(v) = &self.nonce {
                check_string(&tables::NONCE, v, &path.member("nonce"))?;
            }
            Ok(())
        }

        fn write_wire(&self, out: &mut String, token: Option<&str>) {
            let _ = token;
            let first = &mut true;
            out.push('{');
            json::write_key(out, first, "ProductCode");
            json::write_string(out, &self.product_code);
            json::write_key(out, first, "PublicKeyVersion");
            json::write_i64(out, i64::from(self.public_key_version));
            if let Some(v) = &self.nonce {
                json::write_key(out, first, "Nonce");
                json::write_string(out, v);
            }
            out.push('}');
        }

        #[cfg(feature = "members")]
        fn check_members(v: &JsValue, path: &Path<'_>) -> Result<(), ValidationError> {
            known_members(v, &["productCode", "publicKeyVersion", "nonce"], path)?;
            Ok(())
        }
    }

    /// `ResolveCustomerRequest` as a JS input.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct ResolveCustomerRequest {
        pub registration_token: String,
    }

    impl Input for ResolveCustomerRequest {
        fn validate(&self, path: &Path<'_>, top: TopList) -> Result<(), ValidationError> {
            let _ = top;
            check_string(
                &tables::NON_EMPTY_STRING,
                &self.registration_token,
                &path.member("registrationToken"),
            )?;
            Ok(())
        }

        fn write_wire(&self, out: &mut String, token: Option<&str>) {
            let _ = token;
            let first = &mut true;
            out.push('{');
            json::write_key(out, first, "RegistrationToken");
            json::write_string(out, &self.registration_token);
            out.push('}');
        }

        #[cfg(feature = "members")]
        fn check_members(v: &JsValue, path: &Path<'_>) -> Result<(), ValidationError> {
            known_members(v, &["registrationToken"], path)?;
            Ok(())
        }
    }
}

/// The outputs: wire names in, JS names out.
pub mod output {
    use alloc::string::String;
    use alloc::vec::Vec;
    use serde::Deserialize;
    #[cfg(target_arch = "wasm32")]
    use serde::Serialize;

    use crate::serde_model::WireDate;

    /// `UsageRecord` as the service answers it and as JS receives it.
    #[derive(Debug, PartialEq, Eq, Deserialize)]
    #[cfg_attr(target_arch = "wasm32", derive(Serialize))]
    pub struct UsageRecord {
        #[serde(rename(deserialize = "Timestamp", serialize = "timestamp"))]
        pub timestamp: WireDate,
        #[serde(
            rename(deserialize = "CustomerIdentifier", serialize = "customerIdentifier"),
            skip_serializing_if = "Option::is_none"
        )]
        pub customer_identifier: Option<String>,
        #[serde(rename(deserialize = "Dimension", serialize = "dimension"))]
        pub dimension: String,
        #[serde(
            rename(deserialize = "Quantity", serialize = "quantity"),
            skip_serializing_if = "Option::is_none"
        )]
        pub quantity: Option<i64>,
        #[serde(
            rename(deserialize = "UsageAllocations", serialize = "usageAllocations"),
            skip_serializing_if = "Option::is_none"
        )]
        pub usage_allocations: Option<Vec<UsageAllocation>>,
        #[serde(
            rename(
                deserialize = "CustomerAWSAccountId",
                serialize = "customerAWSAccountId"
            ),
            skip_serializing_if = "Option::is_none"
        )]
        pub customer_aws_account_id: Option<String>,
        #[serde(
            rename(deserialize = "LicenseArn", serialize = "licenseArn"),
            skip_serializing_if = "Option::is_none"
        )]
        pub license_arn: Option<String>,
    }

    /// `UsageAllocation` as the service answers it and as JS receives it.
    #[derive(Debug, PartialEq, Eq, Deserialize)]
    #[cfg_attr(target_arch = "wasm32", derive(Serialize))]
    pub struct UsageAllocation {
        #[serde(rename(
            deserialize = "AllocatedUsageQuantity",
            serialize = "allocatedUsageQuantity"
        ))]
        pub allocated_usage_quantity: i64,
        #[serde(
            rename(deserialize = "Tags", serialize = "tags"),
            skip_serializing_if = "Option::is_none"
        )]
        pub tags: Option<Vec<Tag>>,
    }

    /// `Tag` as the service answers it and as JS receives it.
    #[derive(Debug, PartialEq, Eq, Deserialize)]
    #[cfg_attr(target_arch = "wasm32", derive(Serialize))]
    pub struct Tag {
        #[serde(rename(deserialize = "Key", serialize = "key"))]
        pub key: String,
        #[serde(rename(deserialize = "Value", serialize = "value"))]
        pub value: String,
    }

    /// `BatchMeterUsageResult` as the service answers it and as JS receives it.
    #[derive(Debug, PartialEq, Eq, Deserialize)]
    #[cfg_attr(target_arch = "wasm32", derive(Serialize))]
    pub struct BatchMeterUsageResult {
        #[serde(rename(deserialize = "Results", serialize = "results"), default)]
        pub results: Vec<UsageRecordResult>,
        #[serde(
            rename(deserialize = "UnprocessedRecords", serialize = "unprocessedRecords"),
            default
        )]
        pub unprocessed_records: Vec<UsageRecord>,
    }

    /// `UsageRecordResult` as the service answers it and as JS receives it.
    #[derive(Debug, PartialEq, Eq, Deserialize)]
    #[cfg_attr(target_arch = "wasm32", derive(Serialize))]
    pub struct UsageRecordResult {
        #[serde(
            rename(deserialize = "UsageRecord", serialize = "usageRecord"),
            skip_serializing_if = "Option::is_none"
        )]
        pub usage_record: Option<UsageRecord>,
        #[serde(
            rename(deserialize = "MeteringRecordId", serialize = "meteringRecordId"),
            skip_serializing_if = "Option::is_none"
        )]
        pub metering_record_id: Option<String>,
        #[serde(
            rename(deserialize = "Status", serialize = "status"),
            skip_serializing_if = "Option::is_none"
        )]
        pub status: Option<String>,
    }

    /// `MeterUsageResult` as the service answers it and as JS receives it.
    #[derive(Debug, PartialEq, Eq, Deserialize)]
    #[cfg_attr(target_arch = "wasm32", derive(Serialize))]
    pub struct MeterUsageResult {
        #[serde(
            rename(deserialize = "MeteringRecordId", serialize = "meteringRecordId"),
            skip_serializing_if = "Option::is_none"
        )]
        pub metering_record_id: Option<String>,
    }

    /// `RegisterUsageResult` as the service answers it and as JS receives it.
    #[derive(Debug, PartialEq, Eq, Deserialize)]
    #[cfg_attr(target_arch = "wasm32", derive(Serialize))]
    pub struct RegisterUsageResult {
        #[serde(
            rename(
                deserialize = "PublicKeyRotationTimestamp",
                serialize = "publicKeyRotationTimestamp"
            ),
            skip_serializing_if = "Option::is_none"
        )]
        pub public_key_rotation_timestamp: Option<WireDate>,
        #[serde(
            rename(deserialize = "Signature", serialize = "signature"),
            skip_serializing_if = "Option::is_none"
        )]
        pub signature: Option<String>,
    }

    /// `ResolveCustomerResult` as the service answers it and as JS receives it.
    #[derive(Debug, PartialEq, Eq, Deserialize)]
    #[cfg_attr(target_arch = "wasm32", derive(Serialize))]
    pub struct ResolveCustomerResult {
        #[serde(
            rename(deserialize = "CustomerIdentifier", serialize = "customerIdentifier"),
            skip_serializing_if = "Option::is_none"
        )]
        pub customer_identifier: Option<String>,
        #[serde(
            rename(deserialize = "ProductCode", serialize = "productCode"),
            skip_serializing_if = "Option::is_none"
        )]
        pub product_code: Option<String>,
        #[serde(
            rename(
                deserialize = "CustomerAWSAccountId",
                serialize = "customerAWSAccountId"
            ),
            skip_serializing_if = "Option::is_none"
        )]
        pub customer_aws_account_id: Option<String>,
        #[serde(
            rename(deserialize = "LicenseArn", serialize = "licenseArn"),
            skip_serializing_if = "Option::is_none"
        )]
        pub license_arn: Option<String>,
    }
}

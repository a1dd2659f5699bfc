//! The exported `MarketplaceMetering` class and `fromAssumeRole`: each method reads its
//! input, lets the core validate it into a call (or a records plan), and hands that to the
//! driver in js/runtime.js. Nothing here decides how a call goes.

use alloc::rc::Rc;
use alloc::string::String;
use core::cell::RefCell;

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;

use super::bindings::{self, Io};
use super::call::{seed, Call, Machine, Plan};
use super::errors::{closed, invalid, js_error, validation};
use super::options;
use crate::batch::RecordsPlan;
use crate::call::{self as core_call, Request};
use crate::client::Client;
use crate::error::{CallError, ErrorKind};
use crate::model::tables::{batch_meter_usage_request, BATCH_METER_USAGE_REQUEST};
use crate::model::Operation;
use crate::sts::RoleTemplate;

/// A client for the AWS Marketplace Metering Service.
#[wasm_bindgen]
pub struct MarketplaceMetering {
    client: Rc<RefCell<Client>>,
    io: Io,
}

/// The input as the JSON text the core reads.
fn input_text(input: &JsValue) -> Result<String, JsValue> {
    let not_object = || invalid("input", "must be an object");
    if !input.is_object() || bindings::is_array(input) {
        return Err(not_object());
    }
    match bindings::stringify(input) {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Err(not_object()),
        Err(cause) => Err(js_error(
            &CallError::validation("input", "must be plain data that JSON can represent (no BigInt, cycles or throwing getters)"),
            &cause,
        )),
    }
}

fn reject(error: JsValue) -> Promise {
    Promise::reject(&error)
}

#[wasm_bindgen]
impl MarketplaceMetering {
    /// `new MarketplaceMetering({ region, credentials?, credentialsProvider?, fetch?, endpointUrl?,
    /// useFipsEndpoint?, useDualStackEndpoint?, maxAttempts?, requestTimeoutMs?, logger?,
    /// customUserAgent? })`. Throws a `ValidationError` for a bad option.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "MarketplaceMeteringOptions")] options: JsValue,
    ) -> Result<MarketplaceMetering, JsValue> {
        if !options.is_object() {
            return Err(invalid(
                "options",
                "must be an object with at least `region`",
            ));
        }
        let (region, use_fips, use_dual_stack) = options::region(&options)?;
        let common = options::common(&options)?;
        let timeout_ms = common.settings.request_timeout_ms;
        let client = Client::metering(
            &region,
            use_fips,
            use_dual_stack,
            common.endpoint_url.as_deref(),
            common.source,
            common.settings,
        )
        .map_err(|e| {
            let field = if common.endpoint_url.is_some() {
                "endpointUrl"
            } else {
                "region"
            };
            invalid(field, &e.text())
        })?;
        Ok(MarketplaceMetering {
            client: Rc::new(RefCell::new(client)),
            io: Io::new(common.fetch, common.provider, common.logger, timeout_ms),
        })
    }

    /// BatchMeterUsage: meters up to 25 usage records of one product (SaaS) in one call, the
    /// request under 1 MB. Each customer, dimension and hour is billed once; records the
    /// answer lists as unprocessed should be sent again (or use `meterUsageRecords`).
    ///
    /// Rejects with a {@link BatchMeterUsageError}, or one of the errors any call can end
    /// with: `ValidationError` (nothing was sent), `CredentialsError`, `NetworkError`,
    /// `TimeoutError`, `MarketplaceMeteringServiceException` (codes outside the model), or the
    /// signal's reason when aborted.
    #[wasm_bindgen(js_name = batchMeterUsage, unchecked_return_type = "Promise<BatchMeterUsageOutput>")]
    pub fn batch_meter_usage(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BatchMeterUsageInput")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.call(Operation::BatchMeterUsage, &input, options)
    }

    /// MeterUsage: meters one usage record for the calling account (AMI, container and
    /// AgentCore products). When the input has no idempotency token, the client makes one
    /// random token per call and every retry reuses it, so a retry after a lost answer cannot
    /// bill twice.
    ///
    /// Rejects with a {@link MeterUsageError}, or one of the errors any call can end with
    /// (see `batchMeterUsage`).
    #[wasm_bindgen(js_name = meterUsage, unchecked_return_type = "Promise<MeterUsageOutput>")]
    pub fn meter_usage(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MeterUsageInput")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.call(Operation::MeterUsage, &input, options)
    }

    /// RegisterUsage: for paid container products, checks the caller's entitlement at task
    /// start and returns a JWT signed by AWS Marketplace, verifiable offline.
    ///
    /// Rejects with a {@link RegisterUsageError}, or one of the errors any call can end with
    /// (see `batchMeterUsage`).
    #[wasm_bindgen(js_name = registerUsage, unchecked_return_type = "Promise<RegisterUsageOutput>")]
    pub fn register_usage(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RegisterUsageInput")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.call(Operation::RegisterUsage, &input, options)
    }

    /// ResolveCustomer: turns the registration token a buyer arrives with (SaaS fulfilment)
    /// into the customer and product it belongs to. Call it with the seller account's
    /// credentials (see `fromAssumeRole`).
    ///
    /// Rejects with a {@link ResolveCustomerError}, or one of the errors any call can end
    /// with (see `batchMeterUsage`).
    #[wasm_bindgen(js_name = resolveCustomer, unchecked_return_type = "Promise<ResolveCustomerOutput>")]
    pub fn resolve_customer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ResolveCustomerInput")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.call(Operation::ResolveCustomer, &input, options)
    }

    /// Meters any number of usage records of one product: splits them into BatchMeterUsage
    /// calls of at most 25 records and under 1 MB, sends `concurrency` calls at a time (default
    /// 4), and sends unprocessed records again within `maxAttempts` rounds. Every record comes
    /// back exactly once, with your own record object, among the results or the unprocessed
    /// records.
    ///
    /// Rejects with a `ValidationError` (a record is invalid, or alone 1 MB or more; nothing
    /// was sent), and with a `BatchError` when calls failed as a whole: it carries the same
    /// two lists plus `failures`, each with its error and the records it carried, so nothing is
    /// dropped silently.
    #[wasm_bindgen(js_name = meterUsageRecords, unchecked_return_type = "Promise<MeterUsageRecordsOutput>")]
    pub fn meter_usage_records(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MeterUsageRecordsInput")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "MeterUsageRecordsOptions")]
        options: JsValue,
    ) -> Promise {
        if self.io.closed() {
            return reject(closed());
        }
        let started = (|| {
            let signal = options::signal(&options)?;
            let concurrency = options::concurrency(&options)?;
            let text = input_text(&input)?;
            let max_rounds = self
                .client
                .try_borrow()
                .map_or(1, |c| c.settings().max_attempts);
            let plan = RecordsPlan::new(text.as_bytes(), max_rounds).map_err(|e| validation(&e))?;
            let records = read_records(&input, plan.len())?;
            let concurrency = concurrency.min(plan.queued() as u32);
            Ok::<_, JsValue>((signal, concurrency, plan, records))
        })();
        match started {
            Ok((signal, concurrency, plan, records)) => bindings::drive_records(
                Plan::new(plan, self.client.clone()).into(),
                &self.io,
                &signal,
                concurrency,
                records,
            ),
            Err(e) => reject(e),
        }
    }

    // Typed by the interface in options.rs: its operation name picks the input type, which
    // wasm-bindgen's own declarations cannot express.
    #[wasm_bindgen(js_name = prepareRequest, skip_typescript)]
    pub fn prepare_request(&self, operation: JsValue, input: JsValue) -> Promise {
        let op = operation
            .as_string()
            .and_then(|name| Operation::from_name(&name));
        match op {
            Some(op) => self.start(op, &input, &JsValue::UNDEFINED, true),
            None => {
                let mut rule = String::from("must be the name of an operation:");
                for (i, op) in Operation::ALL.iter().enumerate() {
                    rule.push_str(if i == 0 { " " } else { ", " });
                    rule.push_str(op.name());
                }
                reject(invalid("operation", &rule))
            }
        }
    }

    /// Closes the client: calls in flight reject with a `ClientClosedError`, and so do later
    /// calls. Idempotent. `using client = new MarketplaceMetering(…)` closes it at the end of
    /// the block.
    pub fn close(&self) {
        if !self.io.closed() {
            self.io.close(&closed());
        }
    }

    fn call(&self, op: Operation, input: &JsValue, options: JsValue) -> Promise {
        self.start(op, input, &options, false)
    }

    fn start(&self, op: Operation, input: &JsValue, options: &JsValue, prepare: bool) -> Promise {
        if self.io.closed() {
            return reject(closed());
        }
        let started = (|| {
            let signal = options::signal(options)?;
            let text = input_text(input)?;
            let call = core_call::Call::operation(op, text.as_bytes(), seed())
                .map_err(|e| validation(&e))?;
            Ok::<_, JsValue>((signal, call))
        })();
        match started {
            Ok((signal, call)) => bindings::drive(
                Call::new(Machine::Single(call), self.client.clone()).into(),
                &self.io,
                &signal,
                prepare,
            ),
            Err(e) => reject(e),
        }
    }
}

/// The caller's own record objects, read once through `Reflect` (which cannot throw through
/// wasm): a list that no longer has the records that were validated (a Proxy or a getter may
/// answer differently from the text) is refused before anything is sent.
fn read_records(input: &JsValue, count: usize) -> Result<Array, JsValue> {
    let name = BATCH_METER_USAGE_REQUEST
        .members
        .get(batch_meter_usage_request::USAGE_RECORDS)
        .map_or("", |m| m.js_name);
    let changed = || {
        invalid(name, "must be a plain array that reads the same every time (it changed or threw while being read)")
    };
    let list = Reflect::get(input, &JsValue::from_str(name)).map_err(|_| changed())?;
    let length = Reflect::get(&list, &JsValue::from_str("length")).map_err(|_| changed())?;
    if length.as_f64() != Some(count as f64) {
        return Err(changed());
    }
    let out = Array::new();
    for i in 0..count as u32 {
        out.push(&Reflect::get_u32(&list, i).map_err(|_| changed())?);
    }
    Ok(out)
}

/// A credentials provider that assumes an IAM role with STS `AssumeRole`, signed by this
/// package's own signer. Pass it as `credentialsProvider`: the client keeps its credentials
/// until 5 minutes before they expire, and calls waiting meanwhile share one STS request.
/// STS errors reject with a `CredentialsError` named by the STS code (`AccessDenied`, …).
#[wasm_bindgen(js_name = fromAssumeRole, unchecked_return_type = "CredentialsProvider")]
pub fn from_assume_role(
    #[wasm_bindgen(unchecked_param_type = "AssumeRoleOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let role = options::role(&options)?;
    let common = options::common(&options)?;
    if matches!(common.source, crate::client::CredentialSource::Missing) {
        return Err(js_error(
            &CallError::new(
                ErrorKind::Credentials,
                "fromAssumeRole needs `credentials` or `credentialsProvider` to call STS with",
            ),
            &JsValue::UNDEFINED,
        ));
    }
    let template = RoleTemplate::new(
        role.role_arn,
        role.role_session_name,
        role.external_id,
        role.duration_seconds,
    )
    .map_err(|e| invalid(e.field, e.rule))?;
    let timeout_ms = common.settings.request_timeout_ms;
    let client = Client::sts(
        &role.region,
        common.endpoint_url.as_deref(),
        common.source,
        common.settings,
    )
    .map_err(|e| {
        let field = if e.is_region() {
            "region"
        } else {
            "endpointUrl"
        };
        invalid(field, &e.text())
    })?;
    let provider = AssumeRoleProvider {
        client: Rc::new(RefCell::new(client)),
        io: Io::new(common.fetch, common.provider, common.logger, timeout_ms),
        template,
    };
    Ok(bindings::provider(provider.into()))
}

/// The object behind `fromAssumeRole`'s provider function.
#[wasm_bindgen(skip_typescript)]
pub struct AssumeRoleProvider {
    client: Rc<RefCell<Client>>,
    io: Io,
    template: RoleTemplate,
}

#[wasm_bindgen]
impl AssumeRoleProvider {
    /// Fresh credentials from STS; `props.abortSignal` cancels the request.
    pub fn credentials(&self, props: JsValue) -> Promise {
        let signal = options::signal(&props).unwrap_or(JsValue::UNDEFINED);
        let role = self.template.at(bindings::now() as i64);
        bindings::drive(
            Call::new(
                Machine::Single(core_call::Call::new(Request::AssumeRole(role), seed())),
                self.client.clone(),
            )
            .into(),
            &self.io,
            &signal,
            false,
        )
    }
}

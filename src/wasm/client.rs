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
use crate::sts::AssumeRole;

/// A client for the AWS Marketplace Metering Service.
#[wasm_bindgen]
pub struct MarketplaceMetering {
    client: Rc<RefCell<Client>>,
    io: Io,
}

/// The input as the JSON text the core reads.
fn input_text(input: &JsValue, shape: &str) -> Result<String, JsValue> {
    if !input.is_object() || bindings::is_array(input) {
        return Err(invalid("input", shape));
    }
    match bindings::stringify(input) {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Err(invalid("input", shape)),
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
            invalid(field, &alloc::string::ToString::to_string(&e))
        })?;
        Ok(MarketplaceMetering {
            client: Rc::new(RefCell::new(client)),
            io: Io::new(common.fetch, common.provider, common.logger),
        })
    }

    /// BatchMeterUsage: up to 25 usage records (under 1 MB) for one product in one call.
    #[wasm_bindgen(js_name = batchMeterUsage, unchecked_return_type = "Promise<BatchMeterUsageOutput>")]
    pub fn batch_meter_usage(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BatchMeterUsageInput")] input: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.call(Operation::BatchMeterUsage, &input, &options)
    }

    /// MeterUsage: one usage record. A random `clientToken` is filled in when you give none
    /// and reused by every retry, so a retry after a lost answer cannot bill twice.
    #[wasm_bindgen(js_name = meterUsage, unchecked_return_type = "Promise<MeterUsageOutput>")]
    pub fn meter_usage(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MeterUsageInput")] input: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.call(Operation::MeterUsage, &input, &options)
    }

    /// RegisterUsage: for paid container products.
    #[wasm_bindgen(js_name = registerUsage, unchecked_return_type = "Promise<RegisterUsageOutput>")]
    pub fn register_usage(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RegisterUsageInput")] input: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.call(Operation::RegisterUsage, &input, &options)
    }

    /// ResolveCustomer: a registration token to the customer it belongs to.
    #[wasm_bindgen(js_name = resolveCustomer, unchecked_return_type = "Promise<ResolveCustomerOutput>")]
    pub fn resolve_customer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ResolveCustomerInput")] input: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.call(Operation::ResolveCustomer, &input, &options)
    }

    /// Any number of usage records for one product: split into BatchMeterUsage calls of at
    /// most 25 records and under 1 MB, sent `concurrency` at a time (default 4), unprocessed
    /// records sent again within `maxAttempts` rounds. Every record comes back once, in
    /// `results` (with your own record object as `usageRecord`) or in `unprocessedRecords`;
    /// if a call failed as a whole, the promise rejects with a `BatchError` that carries the
    /// same lists plus `failures`.
    #[wasm_bindgen(js_name = meterUsageRecords, unchecked_return_type = "Promise<MeterUsageRecordsOutput>")]
    pub fn meter_usage_records(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BatchMeterUsageInput")] input: JsValue,
        #[wasm_bindgen(unchecked_param_type = "MeterUsageRecordsOptions")] options: JsValue,
    ) -> Promise {
        if self.io.closed() {
            return reject(closed());
        }
        let started = (|| {
            let signal = options::signal(&options)?;
            let concurrency = options::concurrency(&options)?;
            let text = input_text(&input, "must be an object { productCode?, usageRecords }")?;
            let max_rounds = self.client.borrow().settings().max_attempts;
            let plan = RecordsPlan::new(text.as_bytes(), max_rounds).map_err(|e| validation(&e))?;
            let records = read_records(&input, plan.len())?;
            let concurrency = concurrency.min(plan.queued() as u32);
            Ok::<_, JsValue>((signal, concurrency, plan, records))
        })();
        match started {
            Ok((signal, concurrency, plan, records)) => bindings::drive_records(
                Plan::new(plan, self.client.clone()),
                &self.io,
                &signal,
                concurrency,
                records,
            ),
            Err(e) => reject(e),
        }
    }

    /// The signed request for one operation (`"BatchMeterUsage"`, `"MeterUsage"`,
    /// `"RegisterUsage"`, `"ResolveCustomer"`), validated and signed exactly as a call would
    /// send it, but not sent: for a proxy or a queue. Signatures expire after 15 minutes.
    #[wasm_bindgen(js_name = prepareRequest, unchecked_return_type = "Promise<PreparedRequest>")]
    pub fn prepare_request(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "\"BatchMeterUsage\" | \"MeterUsage\" | \"RegisterUsage\" | \"ResolveCustomer\""
        )]
        operation: JsValue,
        #[wasm_bindgen(unchecked_param_type = "object")] input: JsValue,
    ) -> Promise {
        let op = operation
            .as_string()
            .and_then(|name| Operation::from_name(&name));
        match op {
            Some(op) => self.start(op, &input, &JsValue::UNDEFINED, true),
            None => reject(invalid(
                "operation",
                "must be \"BatchMeterUsage\", \"MeterUsage\", \"RegisterUsage\" or \"ResolveCustomer\"",
            )),
        }
    }

    /// Closes the client: calls in flight are aborted, later calls reject with a
    /// `ClientClosedError`. Idempotent.
    pub fn close(&self) {
        if !self.io.closed() {
            self.io.close(&closed());
        }
    }

    fn call(&self, op: Operation, input: &JsValue, options: &JsValue) -> Promise {
        self.start(op, input, options, false)
    }

    fn start(&self, op: Operation, input: &JsValue, options: &JsValue, prepare: bool) -> Promise {
        if self.io.closed() {
            return reject(closed());
        }
        let started = (|| {
            let signal = options::signal(options)?;
            let text = input_text(input, "must be an object")?;
            let call = core_call::Call::operation(op, text.as_bytes(), seed())
                .map_err(|e| validation(&e))?;
            Ok::<_, JsValue>((signal, call))
        })();
        match started {
            Ok((signal, call)) => bindings::drive(
                Call::new(Machine::Single(call), self.client.clone()),
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
    // Checked now with a session name of the default form, so a bad option fails here.
    AssumeRole::new(
        role.role_arn.clone(),
        role.role_session_name
            .clone()
            .unwrap_or_else(|| String::from("marketplace-metering-wasm-0")),
        role.external_id.clone(),
        role.duration_seconds,
    )
    .map_err(|e| invalid(e.field, e.rule))?;
    let client = Client::sts(
        &role.region,
        common.endpoint_url.as_deref(),
        common.source,
        common.settings,
    );
    let provider = AssumeRoleProvider {
        client: Rc::new(RefCell::new(client)),
        io: Io::new(common.fetch, common.provider, common.logger),
        role,
    };
    Ok(bindings::provider(provider.into()))
}

/// The object behind `fromAssumeRole`'s provider function.
#[wasm_bindgen(skip_typescript)]
pub struct AssumeRoleProvider {
    client: Rc<RefCell<Client>>,
    io: Io,
    role: options::RoleOptions,
}

#[wasm_bindgen]
impl AssumeRoleProvider {
    /// Fresh credentials from STS; `props.abortSignal` cancels the request.
    pub fn credentials(&self, props: JsValue) -> Promise {
        let signal = options::signal(&props).unwrap_or(JsValue::UNDEFINED);
        let session = match &self.role.role_session_name {
            Some(name) => name.clone(),
            None => {
                let mut name = String::from("marketplace-metering-wasm-");
                crate::json::write_u64(&mut name, bindings::now() as u64);
                name
            }
        };
        let role = AssumeRole::new(
            self.role.role_arn.clone(),
            session,
            self.role.external_id.clone(),
            self.role.duration_seconds,
        );
        match role {
            Ok(role) => bindings::drive(
                Call::new(
                    Machine::Single(core_call::Call::new(Request::AssumeRole(role), seed())),
                    self.client.clone(),
                ),
                &self.io,
                &signal,
                false,
            ),
            Err(e) => reject(invalid(e.field, e.rule)),
        }
    }
}

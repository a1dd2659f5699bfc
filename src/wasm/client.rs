//! The exported `MarketplaceMetering` class and `fromAssumeRole`: each method reads its
//! input, lets the core validate it into a call (or a records plan), and hands that to the
//! driver in js/runtime.js. Nothing here decides how a call goes.

use alloc::rc::Rc;
use core::cell::RefCell;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::bindings::{self, Io};
use super::call::{seed, Call, Plan};
use super::errors::{closed, invalid, js_error, NONE};
use super::input;
use super::options::{self, Reader};
use crate::batch::{Machine, RecordsPlan};
use crate::call::{self as core_call, Request};
use crate::client::Client;
use crate::model::Operation;
use crate::options::Built;
use crate::sts::RoleTemplate;

/// A client for the AWS Marketplace Metering Service.
#[wasm_bindgen]
pub struct MarketplaceMetering(Edge);

/// A client's state and its I/O, shared by its calls.
struct Edge {
    client: Rc<RefCell<Client>>,
    io: Io,
}

impl Edge {
    fn new(reader: Reader, built: Built) -> Self {
        let io = reader.io(&built);
        Edge {
            client: Rc::new(RefCell::new(built.client)),
            io,
        }
    }

    /// Reads a call's options and input with `begin`, then drives what it made; a closed
    /// client or a failure to begin rejects.
    fn run(&self, begin: impl FnOnce() -> Result<Promise, JsValue>) -> Promise {
        if self.io.closed() {
            return Promise::reject(&closed());
        }
        begin().unwrap_or_else(|e| Promise::reject(&e))
    }

    fn drive(&self, call: core_call::Call, signal: &JsValue, prepare: bool) -> Promise {
        let call = Call::new(Machine::Single(call), self.client.clone());
        bindings::drive(call.into(), &self.io, signal, prepare)
    }
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
        let mut reader = Reader::new(&options);
        let built =
            crate::options::metering(&mut reader).map_err(|e| js_error(&e.into(), &NONE))?;
        Ok(MarketplaceMetering(Edge::new(reader, built)))
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
        self.start(Operation::BatchMeterUsage, &input, &options, false)
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
        self.start(Operation::MeterUsage, &input, &options, false)
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
        self.start(Operation::RegisterUsage, &input, &options, false)
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
        self.start(Operation::ResolveCustomer, &input, &options, false)
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
        let edge = &self.0;
        edge.run(|| {
            let signal = options::signal(&options)?;
            let concurrency = options::concurrency(&options)?;
            let text = input::text(&input)?;
            let max_rounds = edge
                .client
                .try_borrow()
                .map_or(1, |c| c.settings().max_attempts);
            let plan = RecordsPlan::new(text.as_bytes(), max_rounds)
                .map_err(|e| invalid(&e.field, &e.rule))?;
            let records = input::records(&input, plan.len())?;
            let concurrency = concurrency.min(plan.queued() as u32);
            let plan = Plan {
                plan,
                client: edge.client.clone(),
            };
            Ok(bindings::drive_records(
                plan.into(),
                &edge.io,
                &signal,
                concurrency,
                records,
            ))
        })
    }

    // Typed by codegen/templates/client.d.ts (in model_types.rs): its operation name picks the
    // input type, which wasm-bindgen's own declarations cannot express.
    #[wasm_bindgen(js_name = prepareRequest, skip_typescript)]
    pub fn prepare_request(&self, operation: JsValue, input: JsValue) -> Promise {
        match core_call::operation_named(operation.as_string().as_deref()) {
            Ok(op) => self.start(op, &input, &JsValue::UNDEFINED, true),
            Err(e) => Promise::reject(&invalid(&e.field, &e.rule)),
        }
    }

    /// Closes the client: calls in flight reject with a `ClientClosedError`, and so do later
    /// calls. Idempotent. `using client = new MarketplaceMetering(…)` closes it at the end of
    /// the block.
    pub fn close(&self) {
        if !self.0.io.closed() {
            self.0.io.close(&closed());
        }
    }

    fn start(&self, op: Operation, input: &JsValue, options: &JsValue, prepare: bool) -> Promise {
        self.0.run(|| {
            let signal = options::signal(options)?;
            let text = input::text(input)?;
            let call = core_call::Call::operation(op, text.as_bytes(), seed())
                .map_err(|e| invalid(&e.field, &e.rule))?;
            Ok(self.0.drive(call, &signal, prepare))
        })
    }
}

/// A credentials provider that assumes an IAM role with STS `AssumeRole`, signed by this
/// package's own signer. Pass it as `credentialsProvider`: the client keeps its credentials
/// until 5 minutes before they expire, and calls waiting meanwhile share one STS request.
/// STS errors reject with a `CredentialsError` named by the STS code (`AccessDenied`, …).
#[wasm_bindgen(js_name = fromAssumeRole, unchecked_return_type = "CredentialsProvider")]
pub fn from_assume_role(
    #[wasm_bindgen(unchecked_param_type = "AssumeRoleOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let mut reader = Reader::new(&options);
    let (built, template) =
        crate::options::assume_role(&mut reader).map_err(|e| js_error(&e.into(), &NONE))?;
    let provider = AssumeRoleProvider {
        edge: Edge::new(reader, built),
        template,
    };
    Ok(bindings::provider(provider.into()))
}

/// The object behind `fromAssumeRole`'s provider function.
#[wasm_bindgen(skip_typescript)]
pub struct AssumeRoleProvider {
    edge: Edge,
    template: RoleTemplate,
}

#[wasm_bindgen]
impl AssumeRoleProvider {
    /// Fresh credentials from STS; `props.abortSignal` cancels the request.
    pub fn credentials(&self, props: JsValue) -> Promise {
        let signal = options::signal(&props).unwrap_or(JsValue::UNDEFINED);
        let role = self.template.at(js_sys::Date::now() as i64);
        let call = core_call::Call::new(Request::AssumeRole(role), seed());
        self.edge.drive(call, &signal, false)
    }
}

//! What a row of the service model's tables is. The tables themselves (`tables.rs`) are
//! generated from `shared/aws-model/marketplace-metering.smithy.json` by `make generate`
//! (`codegen/`); this file only says what they hold, and the walker reads JS input and
//! service output through them.
//!
//! Every table is a `static`, so the tables cost read-only data and no code; a shape refers to
//! another by reference, and a structure's members keep the model's order, which is the order
//! the request body is written in.

/// Whose fault an error is: the model's `smithy.api#error` trait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Client,
    Server,
}

/// The service: the names its protocol and signature need.
pub struct Service {
    /// `aws.api#service` `sdkId`, e.g. `Marketplace Metering`.
    pub sdk_id: &'static str,
    /// `aws.auth#sigv4` `name`: the SigV4 signing name.
    pub signing_name: &'static str,
    /// `aws.protocols#awsJson1_1`'s target prefix: `X-Amz-Target` is `<prefix>.<operation>`.
    pub target_prefix: &'static str,
    /// The service's `version`.
    pub api_version: &'static str,
}

/// One operation: its input and output structures and the errors it names.
pub struct OperationShape {
    /// The model's name, e.g. `BatchMeterUsage`, as `X-Amz-Target` and `prepareRequest` spell it.
    pub name: &'static str,
    /// The JS method, e.g. `batchMeterUsage`.
    pub js_name: &'static str,
    pub input: &'static Structure,
    pub output: &'static Structure,
    /// Indices into the generated `ERRORS` table.
    pub errors: &'static [u8],
}

/// One error structure of the model.
pub struct ErrorShape {
    /// The shape name, which is the error code on the wire (`__type`, `x-amzn-errortype`).
    pub code: &'static str,
    pub fault: Fault,
    /// `smithy.api#httpError`, or 0 when the model gives none.
    pub http_status: u16,
}

/// A structure: its members in model order.
pub struct Structure {
    pub name: &'static str,
    pub members: &'static [Member],
}

/// A member of a structure.
pub struct Member {
    /// The JS API's name: the wire name with its first letter lowercased.
    pub js_name: &'static str,
    /// The model's member name, as awsJson1_1 writes it.
    pub wire_name: &'static str,
    pub shape: Shape,
    /// [`REQUIRED`], [`DEFAULT_EMPTY`], [`IDEMPOTENCY_TOKEN`].
    pub flags: u8,
}

/// `smithy.api#required`.
pub const REQUIRED: u8 = 1;
/// `smithy.api#default` of `""` (with `addedDefault`): an empty value is the same as none, and
/// is not sent.
pub const DEFAULT_EMPTY: u8 = 2;
/// `smithy.api#idempotencyToken`: filled with a random UUID v4 when the caller gives none.
pub const IDEMPOTENCY_TOKEN: u8 = 4;

impl Member {
    pub fn is(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// What a member holds.
#[derive(Clone, Copy)]
pub enum Shape {
    String(&'static StringShape),
    Integer(&'static IntegerShape),
    Boolean,
    /// Epoch seconds on the wire (awsJson1_1), a `Date` in JS.
    Timestamp,
    /// The enum's values. Values the service adds later are passed through on output.
    Enum(&'static [&'static str]),
    List(&'static ListShape),
    Structure(&'static Structure),
}

/// `smithy.api#length` (in Unicode scalar values) and `smithy.api#pattern` of a string.
pub struct StringShape {
    pub name: &'static str,
    pub min: u32,
    /// `u32::MAX` when the model sets no maximum.
    pub max: u32,
    pub pattern: Option<&'static Pattern>,
}

/// `smithy.api#range` of an integer; without one, the 32-bit range of a Smithy `integer`.
pub struct IntegerShape {
    pub name: &'static str,
    pub min: i64,
    pub max: i64,
}

/// `smithy.api#length` of a list (its number of items).
pub struct ListShape {
    pub name: &'static str,
    pub min: u32,
    /// `u32::MAX` when the model sets no maximum.
    pub max: u32,
    pub member: Shape,
}

/// A `smithy.api#pattern`, compiled by the generator into a sequence of atoms that must match
/// the whole string (every pattern in the model is anchored `^…$`). The generator refuses
/// syntax it cannot compile to this form, so nothing is ever matched loosely.
pub struct Pattern {
    /// The pattern as the model writes it.
    pub source: &'static str,
    /// The rule as a validation error states it, e.g. `may contain only digits`.
    pub rule: &'static str,
    pub atoms: &'static [Atom],
}

/// A set of characters (inclusive ranges) repeated `min..=max` times; a literal character is a
/// set of one range, once.
pub struct Atom {
    pub ranges: &'static [(char, char)],
    pub min: u16,
    /// `u16::MAX`: no upper bound (`*`, `+`).
    pub max: u16,
}

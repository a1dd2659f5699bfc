// generated from the service model by `make generate`; do not edit.
//! The service model's tables, read by the walker (rows: [`super::schema`]). Source:
//! `shared/aws-model/marketplace-metering.smithy.json`, through `codegen/`.
//!
//! Order: [`OPERATIONS`] and [`Operation`] follow the service's operation list; [`ERRORS`]
//! is sorted by code (an operation's `errors` are indices into it); structures come in the order
//! the operations reach them and keep the model's member order (the order a body is written in).
//! Strings and lists without `@length` have min 0 and max `u32::MAX`; integers without
//! `@range` bounds have the 32-bit range of a Smithy `integer`. A pattern that admits every
//! string (`^[\s\S]*$`) is `pattern: None`: it adds nothing to a check.

use super::schema::*;

pub static SERVICE: Service = Service {
    sdk_id: "Marketplace Metering",
    signing_name: "aws-marketplace",
    target_prefix: "AWSMPMeteringService",
    api_version: "2016-01-14",
};

/// The service's operations; the discriminant is the index into [`OPERATIONS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Operation {
    BatchMeterUsage,
    MeterUsage,
    RegisterUsage,
    ResolveCustomer,
}

impl Operation {
    pub const ALL: [Operation; 4] = [
        Operation::BatchMeterUsage,
        Operation::MeterUsage,
        Operation::RegisterUsage,
        Operation::ResolveCustomer,
    ];

    /// The operation's row of [`OPERATIONS`].
    pub fn shape(self) -> &'static OperationShape {
        match self {
            Operation::BatchMeterUsage => &OPERATIONS[0],
            Operation::MeterUsage => &OPERATIONS[1],
            Operation::RegisterUsage => &OPERATIONS[2],
            Operation::ResolveCustomer => &OPERATIONS[3],
        }
    }

    /// The model's name, e.g. `BatchMeterUsage`.
    pub fn name(self) -> &'static str {
        self.shape().name
    }

    /// The operation the model names `name`.
    pub fn from_name(name: &str) -> Option<Operation> {
        match name {
            "BatchMeterUsage" => Some(Operation::BatchMeterUsage),
            "MeterUsage" => Some(Operation::MeterUsage),
            "RegisterUsage" => Some(Operation::RegisterUsage),
            "ResolveCustomer" => Some(Operation::ResolveCustomer),
            _ => None,
        }
    }
}

pub static OPERATIONS: [OperationShape; 4] = [
    OperationShape {
        name: "BatchMeterUsage",
        js_name: "batchMeterUsage",
        input: &BATCH_METER_USAGE_REQUEST,
        output: &BATCH_METER_USAGE_RESULT,
        errors: &[1, 5, 6, 8, 9, 12, 14, 15, 17, 18],
    },
    OperationShape {
        name: "MeterUsage",
        js_name: "meterUsage",
        input: &METER_USAGE_REQUEST,
        output: &METER_USAGE_RESULT,
        errors: &[0, 2, 4, 5, 7, 9, 12, 14, 15, 17, 18],
    },
    OperationShape {
        name: "RegisterUsage",
        js_name: "registerUsage",
        input: &REGISTER_USAGE_REQUEST,
        output: &REGISTER_USAGE_RESULT,
        errors: &[0, 1, 5, 9, 10, 11, 16, 17],
    },
    OperationShape {
        name: "ResolveCustomer",
        js_name: "resolveCustomer",
        input: &RESOLVE_CUSTOMER_REQUEST,
        output: &RESOLVE_CUSTOMER_RESULT,
        errors: &[1, 3, 5, 13, 17],
    },
];

/// Every error structure of the model, sorted by code.
pub static ERRORS: [ErrorShape; 19] = [
    ErrorShape {
        code: "CustomerNotEntitledException",
        fault: Fault::Client,
        http_status: 0,
    },
    ErrorShape {
        code: "DisabledApiException",
        fault: Fault::Client,
        http_status: 0,
    },
    ErrorShape {
        code: "DuplicateRequestException",
        fault: Fault::Client,
        http_status: 0,
    },
    ErrorShape {
        code: "ExpiredTokenException",
        fault: Fault::Client,
        http_status: 0,
    },
    ErrorShape {
        code: "IdempotencyConflictException",
        fault: Fault::Client,
        http_status: 409,
    },
    ErrorShape {
        code: "InternalServiceErrorException",
        fault: Fault::Server,
        http_status: 0,
    },
    ErrorShape {
        code: "InvalidCustomerIdentifierException",
        fault: Fault::Client,
        http_status: 0,
    },
    ErrorShape {
        code: "InvalidEndpointRegionException",
        fault: Fault::Client,
        http_status: 0,
    },
    ErrorShape {
        code: "InvalidLicenseException",
        fault: Fault::Client,
        http_status: 0,
    },
    ErrorShape {
        code: "InvalidProductCodeException",
        fault: Fault::Client,
        http_status: 0,
    },
    ErrorShape {
        code: "InvalidPublicKeyVersionException",
        fault: Fault::Client,
        http_status: 0,
    },
    ErrorShape {
        code: "InvalidRegionException",
        fault: Fault::Client,
        http_status: 0,
    },
    ErrorShape {
        code: "InvalidTagException",
        fault: Fault::Client,
        http_status: 0,
    },
    ErrorShape {
        code: "InvalidTokenException",
        fault: Fault::Client,
        http_status: 0,
    },
    ErrorShape {
        code: "InvalidUsageAllocationsException",
        fault: Fault::Client,
        http_status: 0,
    },
    ErrorShape {
        code: "InvalidUsageDimensionException",
        fault: Fault::Client,
        http_status: 0,
    },
    ErrorShape {
        code: "PlatformNotSupportedException",
        fault: Fault::Client,
        http_status: 0,
    },
    ErrorShape {
        code: "ThrottlingException",
        fault: Fault::Client,
        http_status: 0,
    },
    ErrorShape {
        code: "TimestampOutOfBoundsException",
        fault: Fault::Client,
        http_status: 0,
    },
];

pub static BATCH_METER_USAGE_REQUEST: Structure = Structure {
    name: "BatchMeterUsageRequest",
    members: &[
        Member {
            js_name: "usageRecords",
            wire_name: "UsageRecords",
            shape: Shape::List(&USAGE_RECORD_LIST),
            flags: REQUIRED,
        },
        Member {
            js_name: "productCode",
            wire_name: "ProductCode",
            shape: Shape::String(&PRODUCT_CODE),
            flags: DEFAULT_EMPTY,
        },
    ],
};

pub static USAGE_RECORD: Structure = Structure {
    name: "UsageRecord",
    members: &[
        Member {
            js_name: "timestamp",
            wire_name: "Timestamp",
            shape: Shape::Timestamp,
            flags: REQUIRED,
        },
        Member {
            js_name: "customerIdentifier",
            wire_name: "CustomerIdentifier",
            shape: Shape::String(&CUSTOMER_IDENTIFIER),
            flags: DEFAULT_EMPTY,
        },
        Member {
            js_name: "dimension",
            wire_name: "Dimension",
            shape: Shape::String(&USAGE_DIMENSION),
            flags: REQUIRED,
        },
        Member {
            js_name: "quantity",
            wire_name: "Quantity",
            shape: Shape::Integer(&USAGE_QUANTITY),
            flags: 0,
        },
        Member {
            js_name: "usageAllocations",
            wire_name: "UsageAllocations",
            shape: Shape::List(&USAGE_ALLOCATIONS),
            flags: 0,
        },
        Member {
            js_name: "customerAWSAccountId",
            wire_name: "CustomerAWSAccountId",
            shape: Shape::String(&CUSTOMER_AWS_ACCOUNT_ID),
            flags: 0,
        },
        Member {
            js_name: "licenseArn",
            wire_name: "LicenseArn",
            shape: Shape::String(&LICENSE_ARN),
            flags: 0,
        },
    ],
};

pub static USAGE_ALLOCATION: Structure = Structure {
    name: "UsageAllocation",
    members: &[
        Member {
            js_name: "allocatedUsageQuantity",
            wire_name: "AllocatedUsageQuantity",
            shape: Shape::Integer(&ALLOCATED_USAGE_QUANTITY),
            flags: REQUIRED,
        },
        Member {
            js_name: "tags",
            wire_name: "Tags",
            shape: Shape::List(&TAG_LIST),
            flags: 0,
        },
    ],
};

pub static TAG: Structure = Structure {
    name: "Tag",
    members: &[
        Member {
            js_name: "key",
            wire_name: "Key",
            shape: Shape::String(&TAG_KEY),
            flags: REQUIRED,
        },
        Member {
            js_name: "value",
            wire_name: "Value",
            shape: Shape::String(&TAG_VALUE),
            flags: REQUIRED,
        },
    ],
};

pub static BATCH_METER_USAGE_RESULT: Structure = Structure {
    name: "BatchMeterUsageResult",
    members: &[
        Member {
            js_name: "results",
            wire_name: "Results",
            shape: Shape::List(&USAGE_RECORD_RESULT_LIST),
            flags: 0,
        },
        Member {
            js_name: "unprocessedRecords",
            wire_name: "UnprocessedRecords",
            shape: Shape::List(&USAGE_RECORD_LIST),
            flags: 0,
        },
    ],
};

pub static USAGE_RECORD_RESULT: Structure = Structure {
    name: "UsageRecordResult",
    members: &[
        Member {
            js_name: "usageRecord",
            wire_name: "UsageRecord",
            shape: Shape::Structure(&USAGE_RECORD),
            flags: 0,
        },
        Member {
            js_name: "meteringRecordId",
            wire_name: "MeteringRecordId",
            shape: Shape::String(&STRING),
            flags: 0,
        },
        Member {
            js_name: "status",
            wire_name: "Status",
            shape: Shape::Enum(&USAGE_RECORD_RESULT_STATUS),
            flags: 0,
        },
    ],
};

pub static METER_USAGE_REQUEST: Structure = Structure {
    name: "MeterUsageRequest",
    members: &[
        Member {
            js_name: "productCode",
            wire_name: "ProductCode",
            shape: Shape::String(&PRODUCT_CODE),
            flags: REQUIRED,
        },
        Member {
            js_name: "timestamp",
            wire_name: "Timestamp",
            shape: Shape::Timestamp,
            flags: REQUIRED,
        },
        Member {
            js_name: "usageDimension",
            wire_name: "UsageDimension",
            shape: Shape::String(&USAGE_DIMENSION),
            flags: REQUIRED,
        },
        Member {
            js_name: "usageQuantity",
            wire_name: "UsageQuantity",
            shape: Shape::Integer(&USAGE_QUANTITY),
            flags: 0,
        },
        Member {
            js_name: "dryRun",
            wire_name: "DryRun",
            shape: Shape::Boolean,
            flags: 0,
        },
        Member {
            js_name: "usageAllocations",
            wire_name: "UsageAllocations",
            shape: Shape::List(&USAGE_ALLOCATIONS),
            flags: 0,
        },
        Member {
            js_name: "clientToken",
            wire_name: "ClientToken",
            shape: Shape::String(&CLIENT_TOKEN),
            flags: IDEMPOTENCY_TOKEN,
        },
    ],
};

pub static METER_USAGE_RESULT: Structure = Structure {
    name: "MeterUsageResult",
    members: &[Member {
        js_name: "meteringRecordId",
        wire_name: "MeteringRecordId",
        shape: Shape::String(&STRING),
        flags: 0,
    }],
};

pub static REGISTER_USAGE_REQUEST: Structure = Structure {
    name: "RegisterUsageRequest",
    members: &[
        Member {
            js_name: "productCode",
            wire_name: "ProductCode",
            shape: Shape::String(&PRODUCT_CODE),
            flags: REQUIRED,
        },
        Member {
            js_name: "publicKeyVersion",
            wire_name: "PublicKeyVersion",
            shape: Shape::Integer(&VERSION_INTEGER),
            flags: REQUIRED,
        },
        Member {
            js_name: "nonce",
            wire_name: "Nonce",
            shape: Shape::String(&NONCE),
            flags: 0,
        },
    ],
};

pub static REGISTER_USAGE_RESULT: Structure = Structure {
    name: "RegisterUsageResult",
    members: &[
        Member {
            js_name: "publicKeyRotationTimestamp",
            wire_name: "PublicKeyRotationTimestamp",
            shape: Shape::Timestamp,
            flags: 0,
        },
        Member {
            js_name: "signature",
            wire_name: "Signature",
            shape: Shape::String(&NON_EMPTY_STRING),
            flags: 0,
        },
    ],
};

pub static RESOLVE_CUSTOMER_REQUEST: Structure = Structure {
    name: "ResolveCustomerRequest",
    members: &[Member {
        js_name: "registrationToken",
        wire_name: "RegistrationToken",
        shape: Shape::String(&NON_EMPTY_STRING),
        flags: REQUIRED,
    }],
};

pub static RESOLVE_CUSTOMER_RESULT: Structure = Structure {
    name: "ResolveCustomerResult",
    members: &[
        Member {
            js_name: "customerIdentifier",
            wire_name: "CustomerIdentifier",
            shape: Shape::String(&CUSTOMER_IDENTIFIER),
            flags: 0,
        },
        Member {
            js_name: "productCode",
            wire_name: "ProductCode",
            shape: Shape::String(&PRODUCT_CODE),
            flags: 0,
        },
        Member {
            js_name: "customerAWSAccountId",
            wire_name: "CustomerAWSAccountId",
            shape: Shape::String(&CUSTOMER_AWS_ACCOUNT_ID),
            flags: 0,
        },
        Member {
            js_name: "licenseArn",
            wire_name: "LicenseArn",
            shape: Shape::String(&LICENSE_ARN),
            flags: 0,
        },
    ],
};

pub static ALLOCATED_USAGE_QUANTITY: IntegerShape = IntegerShape {
    name: "AllocatedUsageQuantity",
    min: 0,
    max: 2147483647,
};
pub static CLIENT_TOKEN: StringShape = StringShape {
    name: "ClientToken",
    min: 1,
    max: 64,
    pattern: None,
};
pub static CUSTOMER_AWS_ACCOUNT_ID: StringShape = StringShape {
    name: "CustomerAWSAccountId",
    min: 1,
    max: 255,
    pattern: Some(&CUSTOMER_AWS_ACCOUNT_ID_PATTERN),
};
pub static CUSTOMER_IDENTIFIER: StringShape = StringShape {
    name: "CustomerIdentifier",
    min: 0,
    max: 255,
    pattern: None,
};
pub static LICENSE_ARN: StringShape = StringShape {
    name: "LicenseArn",
    min: 0,
    max: u32::MAX,
    pattern: Some(&LICENSE_ARN_PATTERN),
};
pub static NON_EMPTY_STRING: StringShape = StringShape {
    name: "NonEmptyString",
    min: 0,
    max: u32::MAX,
    pattern: Some(&NON_EMPTY_STRING_PATTERN),
};
pub static NONCE: StringShape = StringShape {
    name: "Nonce",
    min: 0,
    max: 255,
    pattern: None,
};
pub static PRODUCT_CODE: StringShape = StringShape {
    name: "ProductCode",
    min: 0,
    max: 255,
    pattern: Some(&PRODUCT_CODE_PATTERN),
};
pub static STRING: StringShape = StringShape {
    name: "String",
    min: 0,
    max: u32::MAX,
    pattern: None,
};
pub static TAG_KEY: StringShape = StringShape {
    name: "TagKey",
    min: 1,
    max: 100,
    pattern: Some(&TAG_KEY_PATTERN),
};
pub static TAG_LIST: ListShape = ListShape {
    name: "TagList",
    min: 1,
    max: 5,
    member: Shape::Structure(&TAG),
};
pub static TAG_VALUE: StringShape = StringShape {
    name: "TagValue",
    min: 1,
    max: 256,
    pattern: Some(&TAG_KEY_PATTERN),
};
pub static USAGE_ALLOCATIONS: ListShape = ListShape {
    name: "UsageAllocations",
    min: 1,
    max: 2500,
    member: Shape::Structure(&USAGE_ALLOCATION),
};
pub static USAGE_DIMENSION: StringShape = StringShape {
    name: "UsageDimension",
    min: 1,
    max: 255,
    pattern: Some(&NON_EMPTY_STRING_PATTERN),
};
pub static USAGE_QUANTITY: IntegerShape = IntegerShape {
    name: "UsageQuantity",
    min: 0,
    max: 2147483647,
};
pub static USAGE_RECORD_LIST: ListShape = ListShape {
    name: "UsageRecordList",
    min: 0,
    max: 25,
    member: Shape::Structure(&USAGE_RECORD),
};
pub static USAGE_RECORD_RESULT_LIST: ListShape = ListShape {
    name: "UsageRecordResultList",
    min: 0,
    max: u32::MAX,
    member: Shape::Structure(&USAGE_RECORD_RESULT),
};
pub static USAGE_RECORD_RESULT_STATUS: [&str; 3] =
    ["Success", "CustomerNotSubscribed", "DuplicateRecord"];
pub static VERSION_INTEGER: IntegerShape = IntegerShape {
    name: "VersionInteger",
    min: 1,
    max: 2147483647,
};

pub static CUSTOMER_AWS_ACCOUNT_ID_PATTERN: Pattern = Pattern {
    source: "^[0-9]+$",
    rule: "must contain only digits",
    atoms: &[Atom {
        ranges: &[('0', '9')],
        min: 1,
        max: u16::MAX,
    }],
};

pub static LICENSE_ARN_PATTERN: Pattern = Pattern {
    source: concat!(
        "^arn:aws[a-zA-Z-]*:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,",
        "63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,1023}$"
    ),
    rule: concat!(
        "must match the pattern ^arn:aws[a-zA-Z-]*:[A-Za-z0-9][A-Za-z0-9_/.-]{0",
        ",62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9",
        ":_/+=,@.-]{0,1023}$"
    ),
    atoms: &[
        Atom {
            ranges: &[('a', 'a')],
            min: 1,
            max: 1,
        },
        Atom {
            ranges: &[('r', 'r')],
            min: 1,
            max: 1,
        },
        Atom {
            ranges: &[('n', 'n')],
            min: 1,
            max: 1,
        },
        Atom {
            ranges: &[(':', ':')],
            min: 1,
            max: 1,
        },
        Atom {
            ranges: &[('a', 'a')],
            min: 1,
            max: 1,
        },
        Atom {
            ranges: &[('w', 'w')],
            min: 1,
            max: 1,
        },
        Atom {
            ranges: &[('s', 's')],
            min: 1,
            max: 1,
        },
        Atom {
            ranges: &[('-', '-'), ('A', 'Z'), ('a', 'z')],
            min: 0,
            max: u16::MAX,
        },
        Atom {
            ranges: &[(':', ':')],
            min: 1,
            max: 1,
        },
        Atom {
            ranges: &[('0', '9'), ('A', 'Z'), ('a', 'z')],
            min: 1,
            max: 1,
        },
        Atom {
            ranges: &[('-', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')],
            min: 0,
            max: 62,
        },
        Atom {
            ranges: &[(':', ':')],
            min: 1,
            max: 1,
        },
        Atom {
            ranges: &[('-', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')],
            min: 0,
            max: 63,
        },
        Atom {
            ranges: &[(':', ':')],
            min: 1,
            max: 1,
        },
        Atom {
            ranges: &[('-', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')],
            min: 0,
            max: 63,
        },
        Atom {
            ranges: &[(':', ':')],
            min: 1,
            max: 1,
        },
        Atom {
            ranges: &[('0', '9'), ('A', 'Z'), ('a', 'z')],
            min: 1,
            max: 1,
        },
        Atom {
            ranges: &[('+', ':'), ('=', '='), ('@', 'Z'), ('_', '_'), ('a', 'z')],
            min: 0,
            max: 1023,
        },
    ],
};

pub static NON_EMPTY_STRING_PATTERN: Pattern = Pattern {
    source: "^[\\s\\S]+$",
    rule: "must not be empty",
    atoms: &[Atom {
        ranges: &[('\u{0}', '\u{d7ff}'), ('\u{e000}', '\u{10ffff}')],
        min: 1,
        max: u16::MAX,
    }],
};

pub static PRODUCT_CODE_PATTERN: Pattern = Pattern {
    source: "^[-a-zA-Z0-9/=:_.@]*$",
    rule: "may contain only letters, digits and - / = : _ . @",
    atoms: &[Atom {
        ranges: &[('-', ':'), ('=', '='), ('@', 'Z'), ('_', '_'), ('a', 'z')],
        min: 0,
        max: u16::MAX,
    }],
};

pub static TAG_KEY_PATTERN: Pattern = Pattern {
    source: "^[a-zA-Z0-9+ -=._:\\/@]+$",
    rule: "may contain only letters, digits, space and !\"#$%&'()*+,-./:;<=@_",
    atoms: &[Atom {
        ranges: &[(' ', '='), ('@', 'Z'), ('_', '_'), ('a', 'z')],
        min: 1,
        max: u16::MAX,
    }],
};

/// Indices into [`BATCH_METER_USAGE_REQUEST`]'s members.
pub mod batch_meter_usage_request {
    pub const USAGE_RECORDS: usize = 0;
    pub const PRODUCT_CODE: usize = 1;
}

/// Indices into [`USAGE_RECORD`]'s members.
pub mod usage_record {
    pub const TIMESTAMP: usize = 0;
    pub const CUSTOMER_IDENTIFIER: usize = 1;
    pub const DIMENSION: usize = 2;
    pub const QUANTITY: usize = 3;
    pub const USAGE_ALLOCATIONS: usize = 4;
    pub const CUSTOMER_AWS_ACCOUNT_ID: usize = 5;
    pub const LICENSE_ARN: usize = 6;
}

/// Indices into [`USAGE_ALLOCATION`]'s members.
pub mod usage_allocation {
    pub const ALLOCATED_USAGE_QUANTITY: usize = 0;
    pub const TAGS: usize = 1;
}

/// Indices into [`TAG`]'s members.
pub mod tag {
    pub const KEY: usize = 0;
    pub const VALUE: usize = 1;
}

/// Indices into [`BATCH_METER_USAGE_RESULT`]'s members.
pub mod batch_meter_usage_result {
    pub const RESULTS: usize = 0;
    pub const UNPROCESSED_RECORDS: usize = 1;
}

/// Indices into [`USAGE_RECORD_RESULT`]'s members.
pub mod usage_record_result {
    pub const USAGE_RECORD: usize = 0;
    pub const METERING_RECORD_ID: usize = 1;
    pub const STATUS: usize = 2;
}

/// Indices into [`METER_USAGE_REQUEST`]'s members.
pub mod meter_usage_request {
    pub const PRODUCT_CODE: usize = 0;
    pub const TIMESTAMP: usize = 1;
    pub const USAGE_DIMENSION: usize = 2;
    pub const USAGE_QUANTITY: usize = 3;
    pub const DRY_RUN: usize = 4;
    pub const USAGE_ALLOCATIONS: usize = 5;
    pub const CLIENT_TOKEN: usize = 6;
}

/// Indices into [`METER_USAGE_RESULT`]'s members.
pub mod meter_usage_result {
    pub const METERING_RECORD_ID: usize = 0;
}

/// Indices into [`REGISTER_USAGE_REQUEST`]'s members.
pub mod register_usage_request {
    pub const PRODUCT_CODE: usize = 0;
    pub const PUBLIC_KEY_VERSION: usize = 1;
    pub const NONCE: usize = 2;
}

/// Indices into [`REGISTER_USAGE_RESULT`]'s members.
pub mod register_usage_result {
    pub const PUBLIC_KEY_ROTATION_TIMESTAMP: usize = 0;
    pub const SIGNATURE: usize = 1;
}

/// Indices into [`RESOLVE_CUSTOMER_REQUEST`]'s members.
pub mod resolve_customer_request {
    pub const REGISTRATION_TOKEN: usize = 0;
}

/// Indices into [`RESOLVE_CUSTOMER_RESULT`]'s members.
pub mod resolve_customer_result {
    pub const CUSTOMER_IDENTIFIER: usize = 0;
    pub const PRODUCT_CODE: usize = 1;
    pub const CUSTOMER_AWS_ACCOUNT_ID: usize = 2;
    pub const LICENSE_ARN: usize = 3;
}

/// (structure, member wire name, the first sentence of the member's documentation as plain
/// text), for messages and tooling. Apart from [`Member`] so that a build that never reads it
/// (the wasm package) drops it.
pub static MEMBER_DOCS: &[(&str, &str, &str)] = &[
    (
        "BatchMeterUsageRequest",
        "UsageRecords",
        "The set of UsageRecords to submit.",
    ),
    (
        "BatchMeterUsageRequest",
        "ProductCode",
        concat!(
            "Product code is used to uniquely identify a product in Amazon Web ",
            "Services Marketplace."
        ),
    ),
    (
        "UsageRecord",
        "Timestamp",
        "Timestamp, in UTC, for which the usage is being reported.",
    ),
    (
        "UsageRecord",
        "CustomerIdentifier",
        concat!(
            "The CustomerIdentifier is obtained through the ResolveCustomer ",
            "operation and represents an individual buyer in your application."
        ),
    ),
    (
        "UsageRecord",
        "Dimension",
        concat!(
            "During the process of registering a product on Amazon Web Services ",
            "Marketplace, dimensions are specified."
        ),
    ),
    (
        "UsageRecord",
        "Quantity",
        concat!(
            "The quantity of usage consumed by the customer for the given dimension ",
            "and time."
        ),
    ),
    (
        "UsageRecord",
        "UsageAllocations",
        "The set of UsageAllocations to submit.",
    ),
    (
        "UsageRecord",
        "CustomerAWSAccountId",
        concat!(
            "The CustomerAWSAccountId parameter specifies the AWS account ID of the ",
            "buyer."
        ),
    ),
    (
        "UsageRecord",
        "LicenseArn",
        "The LicenseArn is a unique identifier for a specific granted license.",
    ),
    (
        "UsageAllocation",
        "AllocatedUsageQuantity",
        "The total quantity allocated to this bucket of usage.",
    ),
    (
        "UsageAllocation",
        "Tags",
        "The set of tags that define the bucket of usage.",
    ),
    (
        "Tag",
        "Key",
        "One part of a key-value pair that makes up a tag.",
    ),
    (
        "Tag",
        "Value",
        "One part of a key-value pair that makes up a tag.",
    ),
    (
        "BatchMeterUsageResult",
        "Results",
        "Contains all UsageRecords processed by BatchMeterUsage.",
    ),
    (
        "BatchMeterUsageResult",
        "UnprocessedRecords",
        "Contains all UsageRecords that were not processed by BatchMeterUsage.",
    ),
    (
        "UsageRecordResult",
        "UsageRecord",
        "The UsageRecord that was part of the BatchMeterUsage request.",
    ),
    (
        "UsageRecordResult",
        "MeteringRecordId",
        "The MeteringRecordId is a unique identifier for this metering event.",
    ),
    (
        "UsageRecordResult",
        "Status",
        concat!(
            "The UsageRecordResult Status indicates the status of an individual ",
            "UsageRecord processed by BatchMeterUsage."
        ),
    ),
    (
        "MeterUsageRequest",
        "ProductCode",
        concat!(
            "Product code is used to uniquely identify a product in Amazon Web ",
            "Services Marketplace."
        ),
    ),
    (
        "MeterUsageRequest",
        "Timestamp",
        "Timestamp, in UTC, for which the usage is being reported.",
    ),
    (
        "MeterUsageRequest",
        "UsageDimension",
        concat!(
            "It will be one of the fcp dimension name provided during the ",
            "publishing of the product."
        ),
    ),
    (
        "MeterUsageRequest",
        "UsageQuantity",
        "Consumption value for the hour.",
    ),
    (
        "MeterUsageRequest",
        "DryRun",
        concat!(
            "Checks whether you have the permissions required for the action, but ",
            "does not make the request."
        ),
    ),
    (
        "MeterUsageRequest",
        "UsageAllocations",
        "The set of UsageAllocations to submit.",
    ),
    (
        "MeterUsageRequest",
        "ClientToken",
        concat!(
            "Specifies a unique, case-sensitive identifier that you provide to ",
            "ensure the idempotency of the request."
        ),
    ),
    (
        "MeterUsageResult",
        "MeteringRecordId",
        "Metering record id.",
    ),
    (
        "RegisterUsageRequest",
        "ProductCode",
        concat!(
            "Product code is used to uniquely identify a product in Amazon Web ",
            "Services Marketplace."
        ),
    ),
    (
        "RegisterUsageRequest",
        "PublicKeyVersion",
        "Public Key Version provided by Amazon Web Services Marketplace",
    ),
    (
        "RegisterUsageRequest",
        "Nonce",
        concat!(
            "(Optional) To scope down the registration to a specific running ",
            "software instance and guard against replay attacks."
        ),
    ),
    (
        "RegisterUsageResult",
        "PublicKeyRotationTimestamp",
        "(Optional) Only included when public key version has expired",
    ),
    ("RegisterUsageResult", "Signature", "JWT Token"),
    (
        "ResolveCustomerRequest",
        "RegistrationToken",
        concat!(
            "When a buyer visits your website during the registration process, the ",
            "buyer submits a registration token through the browser."
        ),
    ),
    (
        "ResolveCustomerResult",
        "CustomerIdentifier",
        concat!(
            "The CustomerIdentifier is used to identify an individual customer in ",
            "your application."
        ),
    ),
    (
        "ResolveCustomerResult",
        "ProductCode",
        concat!(
            "The product code is returned to confirm that the buyer is registering ",
            "for your product."
        ),
    ),
    (
        "ResolveCustomerResult",
        "CustomerAWSAccountId",
        concat!(
            "The CustomerAWSAccountId provides the Amazon Web Services account ID ",
            "associated with the CustomerIdentifier for the individual customer."
        ),
    ),
    (
        "ResolveCustomerResult",
        "LicenseArn",
        "The LicenseArn is a unique identifier for a specific granted license.",
    ),
];

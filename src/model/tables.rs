// PROVISIONAL hand-written stand-in for the generated tables (replaced by `make generate`).
#![allow(missing_docs)]
use super::schema::*;

pub static SERVICE: Service = Service {
    sdk_id: "Marketplace Metering",
    signing_name: "aws-marketplace",
    target_prefix: "AWSMPMeteringService",
    api_version: "2016-01-14",
};

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

pub static ANY: (char, char) = ('\0', '\u{10FFFF}');
const AN: [(char, char); 3] = [('0', '9'), ('A', 'Z'), ('a', 'z')];

pub static PRODUCT_CODE_PATTERN: Pattern = Pattern {
    source: "^[-a-zA-Z0-9/=:_.@]*$",
    rule: "may contain only letters, digits and - / = : _ . @",
    atoms: &[Atom {
        ranges: &[
            ('-', '-'),
            ('.', '.'),
            ('/', '/'),
            ('0', ':'),
            ('=', '='),
            ('@', 'Z'),
            ('_', '_'),
            ('a', 'z'),
        ],
        min: 0,
        max: u16::MAX,
    }],
};
pub static PRODUCT_CODE: StringShape = StringShape {
    name: "ProductCode",
    min: 0,
    max: 255,
    pattern: Some(&PRODUCT_CODE_PATTERN),
};
pub static CUSTOMER_IDENTIFIER: StringShape = StringShape {
    name: "CustomerIdentifier",
    min: 0,
    max: 255,
    pattern: None,
};
pub static USAGE_DIMENSION: StringShape = StringShape {
    name: "UsageDimension",
    min: 1,
    max: 255,
    pattern: None,
};
pub static NON_EMPTY_STRING: StringShape = StringShape {
    name: "NonEmptyString",
    min: 1,
    max: u32::MAX,
    pattern: None,
};
pub static CLIENT_TOKEN: StringShape = StringShape {
    name: "ClientToken",
    min: 1,
    max: 64,
    pattern: None,
};
pub static NONCE: StringShape = StringShape {
    name: "Nonce",
    min: 0,
    max: 255,
    pattern: None,
};
pub static STRING: StringShape = StringShape {
    name: "String",
    min: 0,
    max: u32::MAX,
    pattern: None,
};
pub static ACCOUNT_PATTERN: Pattern = Pattern {
    source: "^[0-9]+$",
    rule: "must contain only digits",
    atoms: &[Atom {
        ranges: &[('0', '9')],
        min: 1,
        max: u16::MAX,
    }],
};
pub static CUSTOMER_AWS_ACCOUNT_ID: StringShape = StringShape {
    name: "CustomerAWSAccountId",
    min: 1,
    max: 255,
    pattern: Some(&ACCOUNT_PATTERN),
};
pub static TAG_PATTERN: Pattern = Pattern {
    source: "^[a-zA-Z0-9+ -=._:\\/@]+$",
    rule: "may contain only letters, digits, space and !\"#$%&'()*+,-./:;<=@_",
    atoms: &[Atom {
        ranges: &[(' ', '='), ('@', 'Z'), ('_', '_'), ('a', 'z')],
        min: 1,
        max: u16::MAX,
    }],
};
pub static TAG_KEY: StringShape = StringShape {
    name: "TagKey",
    min: 1,
    max: 100,
    pattern: Some(&TAG_PATTERN),
};
pub static TAG_VALUE: StringShape = StringShape {
    name: "TagValue",
    min: 1,
    max: 256,
    pattern: Some(&TAG_PATTERN),
};
pub static LICENSE_ARN_PATTERN: Pattern = Pattern {
    source: "^arn:aws[a-zA-Z-]*:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,1023}$",
    rule: "must match the pattern ^arn:aws[a-zA-Z-]*:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,1023}$",
    atoms: &[
        Atom { ranges: &[('a', 'a')], min: 1, max: 1 },
        Atom { ranges: &[('r', 'r')], min: 1, max: 1 },
        Atom { ranges: &[('n', 'n')], min: 1, max: 1 },
        Atom { ranges: &[(':', ':')], min: 1, max: 1 },
        Atom { ranges: &[('a', 'a')], min: 1, max: 1 },
        Atom { ranges: &[('w', 'w')], min: 1, max: 1 },
        Atom { ranges: &[('s', 's')], min: 1, max: 1 },
        Atom { ranges: &[('-', '-'), ('A', 'Z'), ('a', 'z')], min: 0, max: u16::MAX },
        Atom { ranges: &[(':', ':')], min: 1, max: 1 },
        Atom { ranges: &AN, min: 1, max: 1 },
        Atom { ranges: &[('-', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')], min: 0, max: 62 },
        Atom { ranges: &[(':', ':')], min: 1, max: 1 },
        Atom { ranges: &[('-', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')], min: 0, max: 63 },
        Atom { ranges: &[(':', ':')], min: 1, max: 1 },
        Atom { ranges: &[('-', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')], min: 0, max: 63 },
        Atom { ranges: &[(':', ':')], min: 1, max: 1 },
        Atom { ranges: &AN, min: 1, max: 1 },
        Atom { ranges: &[('+', ':'), ('=', '='), ('@', 'Z'), ('_', '_'), ('a', 'z')], min: 0, max: 1023 },
    ],
};
pub static LICENSE_ARN: StringShape = StringShape {
    name: "LicenseArn",
    min: 0,
    max: u32::MAX,
    pattern: Some(&LICENSE_ARN_PATTERN),
};

pub static USAGE_QUANTITY: IntegerShape = IntegerShape {
    name: "UsageQuantity",
    min: 0,
    max: 2147483647,
};
pub static ALLOCATED_USAGE_QUANTITY: IntegerShape = IntegerShape {
    name: "AllocatedUsageQuantity",
    min: 0,
    max: 2147483647,
};
pub static VERSION_INTEGER: IntegerShape = IntegerShape {
    name: "VersionInteger",
    min: 1,
    max: 2147483647,
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
pub static TAG_LIST: ListShape = ListShape {
    name: "TagList",
    min: 1,
    max: 5,
    member: Shape::Structure(&TAG),
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
pub static USAGE_ALLOCATIONS: ListShape = ListShape {
    name: "UsageAllocations",
    min: 1,
    max: 2500,
    member: Shape::Structure(&USAGE_ALLOCATION),
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
pub mod usage_record {
    pub const TIMESTAMP: usize = 0;
    pub const CUSTOMER_IDENTIFIER: usize = 1;
    pub const DIMENSION: usize = 2;
    pub const QUANTITY: usize = 3;
    pub const USAGE_ALLOCATIONS: usize = 4;
    pub const CUSTOMER_AWS_ACCOUNT_ID: usize = 5;
    pub const LICENSE_ARN: usize = 6;
}
pub static USAGE_RECORD_LIST: ListShape = ListShape {
    name: "UsageRecordList",
    min: 0,
    max: 25,
    member: Shape::Structure(&USAGE_RECORD),
};
pub static USAGE_RECORD_RESULT_STATUS: [&str; 3] =
    ["Success", "CustomerNotSubscribed", "DuplicateRecord"];
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
pub mod usage_record_result {
    pub const USAGE_RECORD: usize = 0;
    pub const METERING_RECORD_ID: usize = 1;
    pub const STATUS: usize = 2;
}
pub static USAGE_RECORD_RESULT_LIST: ListShape = ListShape {
    name: "UsageRecordResultList",
    min: 0,
    max: u32::MAX,
    member: Shape::Structure(&USAGE_RECORD_RESULT),
};

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
pub mod batch_meter_usage_request {
    pub const USAGE_RECORDS: usize = 0;
    pub const PRODUCT_CODE: usize = 1;
}
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
pub mod batch_meter_usage_result {
    pub const RESULTS: usize = 0;
    pub const UNPROCESSED_RECORDS: usize = 1;
}
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

pub static OPERATIONS: [OperationShape; 4] = [
    OperationShape {
        name: "BatchMeterUsage",
        js_name: "batchMeterUsage",
        input: &BATCH_METER_USAGE_REQUEST,
        output: &BATCH_METER_USAGE_RESULT,
        errors: &[5, 9, 15, 12, 14, 6, 18, 17, 1, 8],
    },
    OperationShape {
        name: "MeterUsage",
        js_name: "meterUsage",
        input: &METER_USAGE_REQUEST,
        output: &METER_USAGE_RESULT,
        errors: &[],
    },
    OperationShape {
        name: "RegisterUsage",
        js_name: "registerUsage",
        input: &REGISTER_USAGE_REQUEST,
        output: &REGISTER_USAGE_RESULT,
        errors: &[],
    },
    OperationShape {
        name: "ResolveCustomer",
        js_name: "resolveCustomer",
        input: &RESOLVE_CUSTOMER_REQUEST,
        output: &RESOLVE_CUSTOMER_RESULT,
        errors: &[],
    },
];

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
    pub fn shape(self) -> &'static OperationShape {
        match self {
            Operation::BatchMeterUsage => &OPERATIONS[0],
            Operation::MeterUsage => &OPERATIONS[1],
            Operation::RegisterUsage => &OPERATIONS[2],
            Operation::ResolveCustomer => &OPERATIONS[3],
        }
    }
    pub fn name(self) -> &'static str {
        self.shape().name
    }
    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.name() == name)
    }
}

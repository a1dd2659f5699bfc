// generated from the service model by `make generate`; do not edit.
// The operations and the shapes their inputs and outputs reach, for validate.js.

export const operations = {
  "BatchMeterUsage": {
    "input": "BatchMeterUsageRequest",
    "output": "BatchMeterUsageResult",
    "errors": [
      "DisabledApiException",
      "InternalServiceErrorException",
      "InvalidCustomerIdentifierException",
      "InvalidLicenseException",
      "InvalidProductCodeException",
      "InvalidTagException",
      "InvalidUsageAllocationsException",
      "InvalidUsageDimensionException",
      "ThrottlingException",
      "TimestampOutOfBoundsException"
    ]
  },
  "MeterUsage": {
    "input": "MeterUsageRequest",
    "output": "MeterUsageResult",
    "errors": [
      "CustomerNotEntitledException",
      "DuplicateRequestException",
      "IdempotencyConflictException",
      "InternalServiceErrorException",
      "InvalidEndpointRegionException",
      "InvalidProductCodeException",
      "InvalidTagException",
      "InvalidUsageAllocationsException",
      "InvalidUsageDimensionException",
      "ThrottlingException",
      "TimestampOutOfBoundsException"
    ]
  },
  "RegisterUsage": {
    "input": "RegisterUsageRequest",
    "output": "RegisterUsageResult",
    "errors": [
      "CustomerNotEntitledException",
      "DisabledApiException",
      "InternalServiceErrorException",
      "InvalidProductCodeException",
      "InvalidPublicKeyVersionException",
      "InvalidRegionException",
      "PlatformNotSupportedException",
      "ThrottlingException"
    ]
  },
  "ResolveCustomer": {
    "input": "ResolveCustomerRequest",
    "output": "ResolveCustomerResult",
    "errors": [
      "DisabledApiException",
      "ExpiredTokenException",
      "InternalServiceErrorException",
      "InvalidTokenException",
      "ThrottlingException"
    ]
  }
};

export const shapes = {
  "BatchMeterUsageRequest": {
    "type": "structure",
    "members": {
      "UsageRecords": {
        "shape": "UsageRecordList"
      },
      "ProductCode": {
        "shape": "ProductCode"
      }
    },
    "required": [
      "UsageRecords"
    ]
  },
  "UsageRecordList": {
    "type": "list",
    "member": {
      "shape": "UsageRecord"
    },
    "min": 0,
    "max": 25
  },
  "UsageRecord": {
    "type": "structure",
    "members": {
      "Timestamp": {
        "shape": "Timestamp"
      },
      "CustomerIdentifier": {
        "shape": "CustomerIdentifier"
      },
      "Dimension": {
        "shape": "UsageDimension"
      },
      "Quantity": {
        "shape": "UsageQuantity"
      },
      "UsageAllocations": {
        "shape": "UsageAllocations"
      },
      "CustomerAWSAccountId": {
        "shape": "CustomerAWSAccountId"
      },
      "LicenseArn": {
        "shape": "LicenseArn"
      }
    },
    "required": [
      "Timestamp",
      "Dimension"
    ]
  },
  "Timestamp": {
    "type": "timestamp"
  },
  "CustomerIdentifier": {
    "type": "string",
    "min": 0,
    "max": 255,
    "pattern": "^[\\s\\S]*$"
  },
  "UsageDimension": {
    "type": "string",
    "min": 1,
    "max": 255,
    "pattern": "^[\\s\\S]+$"
  },
  "UsageQuantity": {
    "type": "integer",
    "min": 0,
    "max": 2147483647
  },
  "UsageAllocations": {
    "type": "list",
    "member": {
      "shape": "UsageAllocation"
    },
    "min": 1,
    "max": 2500
  },
  "UsageAllocation": {
    "type": "structure",
    "members": {
      "AllocatedUsageQuantity": {
        "shape": "AllocatedUsageQuantity"
      },
      "Tags": {
        "shape": "TagList"
      }
    },
    "required": [
      "AllocatedUsageQuantity"
    ]
  },
  "AllocatedUsageQuantity": {
    "type": "integer",
    "min": 0,
    "max": 2147483647
  },
  "TagList": {
    "type": "list",
    "member": {
      "shape": "Tag"
    },
    "min": 1,
    "max": 5
  },
  "Tag": {
    "type": "structure",
    "members": {
      "Key": {
        "shape": "TagKey"
      },
      "Value": {
        "shape": "TagValue"
      }
    },
    "required": [
      "Key",
      "Value"
    ]
  },
  "TagKey": {
    "type": "string",
    "min": 1,
    "max": 100,
    "pattern": "^[a-zA-Z0-9+ -=._:\\/@]+$"
  },
  "TagValue": {
    "type": "string",
    "min": 1,
    "max": 256,
    "pattern": "^[a-zA-Z0-9+ -=._:\\/@]+$"
  },
  "CustomerAWSAccountId": {
    "type": "string",
    "min": 1,
    "max": 255,
    "pattern": "^[0-9]+$"
  },
  "LicenseArn": {
    "type": "string",
    "pattern": "^arn:aws[a-zA-Z-]*:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,1023}$"
  },
  "ProductCode": {
    "type": "string",
    "min": 0,
    "max": 255,
    "pattern": "^[-a-zA-Z0-9/=:_.@]*$"
  },
  "BatchMeterUsageResult": {
    "type": "structure",
    "members": {
      "Results": {
        "shape": "UsageRecordResultList"
      },
      "UnprocessedRecords": {
        "shape": "UsageRecordList"
      }
    }
  },
  "UsageRecordResultList": {
    "type": "list",
    "member": {
      "shape": "UsageRecordResult"
    }
  },
  "UsageRecordResult": {
    "type": "structure",
    "members": {
      "UsageRecord": {
        "shape": "UsageRecord"
      },
      "MeteringRecordId": {
        "shape": "String"
      },
      "Status": {
        "shape": "UsageRecordResultStatus"
      }
    }
  },
  "String": {
    "type": "string"
  },
  "UsageRecordResultStatus": {
    "type": "string",
    "enum": [
      "Success",
      "CustomerNotSubscribed",
      "DuplicateRecord"
    ]
  },
  "MeterUsageRequest": {
    "type": "structure",
    "members": {
      "ProductCode": {
        "shape": "ProductCode"
      },
      "Timestamp": {
        "shape": "Timestamp"
      },
      "UsageDimension": {
        "shape": "UsageDimension"
      },
      "UsageQuantity": {
        "shape": "UsageQuantity"
      },
      "DryRun": {
        "shape": "Boolean"
      },
      "UsageAllocations": {
        "shape": "UsageAllocations"
      },
      "ClientToken": {
        "shape": "ClientToken"
      }
    },
    "required": [
      "ProductCode",
      "Timestamp",
      "UsageDimension"
    ]
  },
  "Boolean": {
    "type": "boolean"
  },
  "ClientToken": {
    "type": "string",
    "min": 1,
    "max": 64
  },
  "MeterUsageResult": {
    "type": "structure",
    "members": {
      "MeteringRecordId": {
        "shape": "String"
      }
    }
  },
  "RegisterUsageRequest": {
    "type": "structure",
    "members": {
      "ProductCode": {
        "shape": "ProductCode"
      },
      "PublicKeyVersion": {
        "shape": "VersionInteger"
      },
      "Nonce": {
        "shape": "Nonce"
      }
    },
    "required": [
      "ProductCode",
      "PublicKeyVersion"
    ]
  },
  "VersionInteger": {
    "type": "integer",
    "min": 1
  },
  "Nonce": {
    "type": "string",
    "min": 0,
    "max": 255,
    "pattern": "^[\\s\\S]*$"
  },
  "RegisterUsageResult": {
    "type": "structure",
    "members": {
      "PublicKeyRotationTimestamp": {
        "shape": "Timestamp"
      },
      "Signature": {
        "shape": "NonEmptyString"
      }
    }
  },
  "NonEmptyString": {
    "type": "string",
    "pattern": "^[\\s\\S]+$"
  },
  "ResolveCustomerRequest": {
    "type": "structure",
    "members": {
      "RegistrationToken": {
        "shape": "NonEmptyString"
      }
    },
    "required": [
      "RegistrationToken"
    ]
  },
  "ResolveCustomerResult": {
    "type": "structure",
    "members": {
      "CustomerIdentifier": {
        "shape": "CustomerIdentifier"
      },
      "ProductCode": {
        "shape": "ProductCode"
      },
      "CustomerAWSAccountId": {
        "shape": "CustomerAWSAccountId"
      },
      "LicenseArn": {
        "shape": "LicenseArn"
      }
    }
  }
};

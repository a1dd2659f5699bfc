//! The rules library function `aws.partition`, with the partition data of botocore
//! `partitions.json` (version 1.1, at the snapshot the rule set was copied from; see
//! shared/notes/service-api.md §2) written out as a table.

/// The outputs of `aws.partition(region)`: what the rule set reads as `PartitionResult#…`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Partition {
    /// `name`, e.g. `aws`, `aws-cn`, `aws-us-gov`.
    pub name: &'static str,
    /// `dnsSuffix`, e.g. `amazonaws.com`.
    pub dns_suffix: &'static str,
    /// `dualStackDnsSuffix`, e.g. `api.aws`.
    pub dual_stack_dns_suffix: &'static str,
    /// `supportsFIPS`.
    pub supports_fips: bool,
    /// `supportsDualStack`.
    pub supports_dual_stack: bool,
}

/// One partition of `partitions.json`: its outputs, its `regionRegex` and whether it lists the
/// one region name the regex does not cover.
struct Entry {
    outputs: Partition,
    /// The `regionRegex` is always `^(p1|p2|…)\-\w+\-\d+$`; these are the alternatives.
    region_prefixes: &'static [&'static str],
    /// Whether the `regions` map lists `<partition name>-global`, a pseudo-region. Every other
    /// name in it matches its own `regionRegex` and no other partition's, so the regex alone
    /// already gives the same answer for those; listing them would only cost bytes.
    global_region: bool,
}

/// In `partitions.json` order, which is the order `aws.partition` tries them in.
const PARTITIONS: [Entry; 8] = [
    Entry {
        outputs: Partition {
            name: "aws",
            dns_suffix: "amazonaws.com",
            dual_stack_dns_suffix: "api.aws",
            supports_fips: true,
            supports_dual_stack: true,
        },
        region_prefixes: &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"],
        global_region: true,
    },
    Entry {
        outputs: Partition {
            name: "aws-cn",
            dns_suffix: "amazonaws.com.cn",
            dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
            supports_fips: true,
            supports_dual_stack: true,
        },
        region_prefixes: &["cn"],
        global_region: true,
    },
    Entry {
        outputs: Partition {
            name: "aws-eusc",
            dns_suffix: "amazonaws.eu",
            dual_stack_dns_suffix: "api.amazonwebservices.eu",
            supports_fips: true,
            supports_dual_stack: true,
        },
        // `^eusc\-(de)\-\w+\-\d+$`
        region_prefixes: &["eusc-de"],
        global_region: false,
    },
    Entry {
        outputs: Partition {
            name: "aws-iso",
            dns_suffix: "c2s.ic.gov",
            dual_stack_dns_suffix: "api.aws.ic.gov",
            supports_fips: true,
            supports_dual_stack: true,
        },
        region_prefixes: &["us-iso"],
        global_region: true,
    },
    Entry {
        outputs: Partition {
            name: "aws-iso-b",
            dns_suffix: "sc2s.sgov.gov",
            dual_stack_dns_suffix: "api.aws.scloud",
            supports_fips: true,
            supports_dual_stack: true,
        },
        region_prefixes: &["us-isob"],
        global_region: true,
    },
    Entry {
        outputs: Partition {
            name: "aws-iso-e",
            dns_suffix: "cloud.adc-e.uk",
            dual_stack_dns_suffix: "api.cloud-aws.adc-e.uk",
            supports_fips: true,
            supports_dual_stack: true,
        },
        region_prefixes: &["eu-isoe"],
        global_region: true,
    },
    Entry {
        outputs: Partition {
            name: "aws-iso-f",
            dns_suffix: "csp.hci.ic.gov",
            dual_stack_dns_suffix: "api.aws.hci.ic.gov",
            supports_fips: true,
            supports_dual_stack: true,
        },
        region_prefixes: &["us-isof"],
        global_region: true,
    },
    Entry {
        outputs: Partition {
            name: "aws-us-gov",
            dns_suffix: "amazonaws.com",
            dual_stack_dns_suffix: "api.aws",
            supports_fips: true,
            supports_dual_stack: true,
        },
        region_prefixes: &["us-gov"],
        global_region: true,
    },
];

/// `aws.partition(region)`: an explicitly listed region first, then the first `regionRegex`
/// that matches, else the `aws` partition. It never fails, so the rule set's
/// `aws.partition` condition always holds.
pub fn partition(region: &str) -> Partition {
    let explicit = PARTITIONS.iter().find(|entry| {
        entry.global_region && region.strip_suffix("-global") == Some(entry.outputs.name)
    });
    let by_regex = || {
        PARTITIONS
            .iter()
            .find(|entry| matches_region_regex(region, entry.region_prefixes))
    };
    match explicit.or_else(by_regex) {
        Some(entry) => entry.outputs,
        None => AWS.outputs,
    }
}

/// The default partition: `aws` is the first entry.
const AWS: &Entry = &PARTITIONS[0];

/// `^(prefix|…)\-\w+\-\d+$`, by hand. `\w` is ASCII `[A-Za-z0-9_]` and `\d` ASCII `[0-9]`, as
/// in the JavaScript SDK's `RegExp` (no `u` flag).
fn matches_region_regex(region: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|prefix| {
        region
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(is_word_dash_digits)
    })
}

/// `\w+\-\d+$`. `\w` excludes `-`, so the only split that can match is at the last `-`.
fn is_word_dash_digits(text: &str) -> bool {
    let Some(dash) = text.bytes().rposition(|b| b == b'-') else {
        return false;
    };
    let (word, digits) = (
        text.get(..dash).unwrap_or_default(),
        text.get(dash + 1..).unwrap_or_default(),
    );
    !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name in the `regions` maps of `partitions.json`, with its partition.
    const LISTED_REGIONS: &[(&str, &str)] = &[
        ("af-south-1", "aws"),
        ("ap-east-2", "aws"),
        ("ap-southeast-7", "aws"),
        ("aws-global", "aws"),
        ("ca-west-1", "aws"),
        ("eu-central-2", "aws"),
        ("il-central-1", "aws"),
        ("me-central-1", "aws"),
        ("mx-central-1", "aws"),
        ("sa-east-1", "aws"),
        ("us-west-2", "aws"),
        ("aws-cn-global", "aws-cn"),
        ("cn-north-1", "aws-cn"),
        ("cn-northwest-1", "aws-cn"),
        ("eusc-de-east-1", "aws-eusc"),
        ("aws-iso-global", "aws-iso"),
        ("us-iso-east-1", "aws-iso"),
        ("us-iso-west-1", "aws-iso"),
        ("aws-iso-b-global", "aws-iso-b"),
        ("us-isob-east-1", "aws-iso-b"),
        ("us-isob-west-1", "aws-iso-b"),
        ("aws-iso-e-global", "aws-iso-e"),
        ("eu-isoe-west-1", "aws-iso-e"),
        ("aws-iso-f-global", "aws-iso-f"),
        ("us-isof-east-1", "aws-iso-f"),
        ("us-isof-south-1", "aws-iso-f"),
        ("aws-us-gov-global", "aws-us-gov"),
        ("us-gov-east-1", "aws-us-gov"),
        ("us-gov-west-1", "aws-us-gov"),
    ];

    #[test]
    fn listed_regions_resolve_to_their_partition() {
        for (region, name) in LISTED_REGIONS {
            assert_eq!(partition(region).name, *name, "region {region}");
        }
    }

    #[test]
    fn unlisted_regions_go_by_regex() {
        assert_eq!(partition("us-gov-north-9").name, "aws-us-gov");
        assert_eq!(partition("cn-south-12").name, "aws-cn");
        assert_eq!(partition("eusc-de-west-2").name, "aws-eusc");
        assert_eq!(partition("us-isof-north_x-3").name, "aws-iso-f");
        assert_eq!(partition("ap-newplace-1").name, "aws");
    }

    #[test]
    fn regex_misses_fall_back_to_aws() {
        // Each of these fails its would-be partition's regex.
        for region in [
            "eusc-fr-east-1",  // only `(de)` is in the eusc alternation
            "cn-north",        // no `-\d+`
            "cn-north-1a",     // `\d+$`
            "CN-NORTH-1",      // the regexes are case-sensitive
            "us-gov-west-",    // empty `\d+`
            "us-gov--1",       // empty `\w+`
            "aws-eusc-global", // not a listed region
            "",
        ] {
            let found = partition(region);
            assert_eq!(found.name, "aws", "region {region:?}");
            assert_eq!(found.dns_suffix, "amazonaws.com");
        }
    }

    #[test]
    fn outputs_match_partitions_json() {
        let iso_e = partition("eu-isoe-west-1");
        assert_eq!(iso_e.dns_suffix, "cloud.adc-e.uk");
        assert_eq!(iso_e.dual_stack_dns_suffix, "api.cloud-aws.adc-e.uk");
        let cn = partition("aws-cn-global");
        assert_eq!(cn.dual_stack_dns_suffix, "api.amazonwebservices.com.cn");
        let names: Vec<&str> = PARTITIONS.iter().map(|e| e.outputs.name).collect();
        assert_eq!(
            names,
            [
                "aws",
                "aws-cn",
                "aws-eusc",
                "aws-iso",
                "aws-iso-b",
                "aws-iso-e",
                "aws-iso-f",
                "aws-us-gov"
            ]
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for region in [
            "-",
            "--",
            "us-",
            "us--",
            "ü-ö-1",
            "us-east-١",
            "us-east-1\n",
            "\u{0}",
        ] {
            assert_eq!(partition(region).name, "aws", "region {region:?}");
        }
    }
}

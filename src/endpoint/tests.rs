//! Edge cases of [`super::resolve`] that the model's test cases do not cover.

use super::*;

fn regional(region: Option<&str>, use_fips: bool, use_dual_stack: bool) -> Result<String, String> {
    let params = EndpointParams {
        region,
        use_fips,
        use_dual_stack,
        endpoint: None,
    };
    resolve(&params).map(|e| e.url).map_err(|e| e.to_string())
}

fn custom(endpoint: &str, region: Option<&str>) -> Result<String, String> {
    let params = EndpointParams {
        region,
        endpoint: Some(endpoint),
        ..EndpointParams::default()
    };
    resolve(&params).map(|e| e.url).map_err(|e| e.to_string())
}

fn not_accepted(region: &str) -> Result<String, String> {
    Err(format!(
        "Region not accepted: region={region:?} is not a valid hostname component."
    ))
}

const MISSING: &str = "Invalid Configuration: Missing Region";

#[test]
fn missing_and_empty_region() {
    assert_eq!(regional(None, false, false), Err(MISSING.to_owned()));
    assert_eq!(regional(Some(""), false, false), Err(MISSING.to_owned()));
    assert_eq!(regional(Some(""), true, true), Err(MISSING.to_owned()));
}

#[test]
fn region_that_is_not_a_host_label_is_refused() {
    for region in [
        "us-east-1.evil.example",
        "evil.example#",
        "us-east-1/",
        "us-east-1 ",
        " us-east-1",
        "us-east-1\n",
        "us_east_1",
        "-us-east-1",
        "us-east-1-",
        "us-eäst-1",
        "東京-1",
        "us-east-1\u{0}",
        "a:443",
        "[::1]",
    ] {
        assert_eq!(
            regional(Some(region), false, false),
            not_accepted(region),
            "region {region:?}"
        );
    }
    let long = "a".repeat(64);
    assert_eq!(regional(Some(&long), false, false), not_accepted(&long));
    let longest = "a".repeat(63);
    assert_eq!(
        regional(Some(&longest), false, false),
        Ok(format!(
            "https://metering.marketplace.{longest}.amazonaws.com"
        ))
    );
}

#[test]
fn refused_region_is_escaped_in_the_message() {
    assert_eq!(
        regional(Some("us\n\"1"), false, false),
        Err(
            r#"Region not accepted: region="us\n\"1" is not a valid hostname component."#
                .to_owned()
        )
    );
}

#[test]
fn uppercase_region_follows_the_rules_into_aws() {
    // The partition regexes are case-sensitive, so this is not aws-cn; the host label is
    // valid, so the rules build the URL from it as given.
    assert_eq!(
        regional(Some("CN-NORTH-1"), false, false),
        Ok("https://metering.marketplace.CN-NORTH-1.amazonaws.com".to_owned())
    );
}

#[test]
fn unknown_region_uses_the_aws_partition() {
    assert_eq!(
        regional(Some("xx-mars-1"), false, true),
        Ok("https://metering-marketplace.xx-mars-1.api.aws".to_owned())
    );
}

#[test]
fn global_pseudo_regions_use_their_partition() {
    assert_eq!(
        regional(Some("aws-cn-global"), false, false),
        Ok("https://metering.marketplace.aws-cn-global.amazonaws.com.cn".to_owned())
    );
    assert_eq!(
        regional(Some("aws-iso-b-global"), true, false),
        Ok("https://metering.marketplace-fips.aws-iso-b-global.sc2s.sgov.gov".to_owned())
    );
}

#[test]
fn eusc_special_cases() {
    let eusc = Some("eusc-de-east-1");
    // Dual-stack in aws-eusc is not a special case: it takes the generic dotted host.
    assert_eq!(
        regional(eusc, false, true),
        Ok("https://metering.marketplace.eusc-de-east-1.api.amazonwebservices.eu".to_owned())
    );
    assert_eq!(
        regional(eusc, true, true),
        Ok("https://metering.marketplace-fips.eusc-de-east-1.api.amazonwebservices.eu".to_owned())
    );
}

#[test]
fn iso_dual_stack_takes_the_generic_dotted_host() {
    assert_eq!(
        regional(Some("us-iso-east-1"), false, true),
        Ok("https://metering.marketplace.us-iso-east-1.api.aws.ic.gov".to_owned())
    );
    assert_eq!(
        regional(Some("us-isof-south-1"), true, true),
        Ok("https://metering.marketplace-fips.us-isof-south-1.api.aws.hci.ic.gov".to_owned())
    );
}

#[test]
fn partitions_without_fips_or_dual_stack_give_the_rule_set_errors() {
    // No partition in the current data lacks either, so use a made-up one.
    let bare = Partition {
        name: "aws-test",
        dns_suffix: "example",
        dual_stack_dns_suffix: "dual.example",
        supports_fips: false,
        supports_dual_stack: false,
    };
    let message = |fips, dual| {
        regional_url("test-1", &bare, fips, dual).map_err(|k| EndpointError::from(k).to_string())
    };
    assert_eq!(
        message(true, true),
        Err(
            "FIPS and DualStack are enabled, but this partition does not support one or both"
                .to_owned()
        )
    );
    assert_eq!(
        message(true, false),
        Err("FIPS is enabled but this partition does not support FIPS".to_owned())
    );
    assert_eq!(
        message(false, true),
        Err("DualStack is enabled but this partition does not support DualStack".to_owned())
    );
    assert_eq!(
        message(false, false),
        Ok("https://metering.marketplace.test-1.example".to_owned())
    );
    let fips_only = Partition {
        supports_fips: true,
        ..bare
    };
    assert_eq!(
        regional_url("test-1", &fips_only, true, true)
            .map_err(|k| EndpointError::from(k).to_string()),
        Err(
            "FIPS and DualStack are enabled, but this partition does not support one or both"
                .to_owned()
        )
    );
}

#[test]
fn custom_endpoint_ignores_region_and_drops_one_trailing_slash() {
    assert_eq!(
        custom("https://example.com", None),
        Ok("https://example.com".to_owned())
    );
    assert_eq!(
        custom("https://example.com/", None),
        Ok("https://example.com".to_owned())
    );
    // The region is not checked: the rule set never reads it when Endpoint is set.
    assert_eq!(
        custom("http://localhost:4566/", Some("not a region")),
        Ok("http://localhost:4566".to_owned())
    );
}

#[test]
fn custom_endpoint_errors_come_before_url_checks() {
    // The rule set's own errors win, even for a URL that would be refused.
    let params = EndpointParams {
        endpoint: Some("ftp://user:secret@example.com"),
        use_fips: true,
        ..EndpointParams::default()
    };
    assert_eq!(
        resolve(&params).map_err(|e| e.to_string()),
        Err("Invalid Configuration: FIPS and custom endpoint are not supported".to_owned())
    );
}

#[test]
fn bad_custom_endpoint_error_never_shows_the_url() {
    for endpoint in [
        "https://user:secret@example.com",
        "secret",
        "",
        "https://secret.example:0",
    ] {
        let message = match custom(endpoint, None) {
            Err(message) => message,
            Ok(url) => panic!("{endpoint:?} was accepted as {url:?}"),
        };
        assert!(
            message.starts_with("Invalid Configuration: custom endpoint URL not accepted: "),
            "{message}"
        );
        assert!(!message.contains("secret"), "{message}");
    }
}

#[test]
fn any_input_gives_a_value_not_a_panic() {
    let inputs = [
        "",
        "-",
        ".",
        "/",
        "#",
        "@",
        ":",
        "[",
        "]",
        "?",
        "\\",
        "\u{0}",
        "\u{feff}",
        "é",
        "://",
        "http://",
        "https://[",
        "https://[]:",
        "http://a:99999999999999999999",
        "us-east-1",
    ];
    for a in inputs {
        for b in inputs {
            for flags in 0..4 {
                let params = EndpointParams {
                    region: Some(a),
                    use_fips: flags & 1 == 1,
                    use_dual_stack: flags & 2 == 2,
                    endpoint: Some(b),
                };
                let _ = resolve(&params);
                let _ = resolve(&EndpointParams {
                    endpoint: None,
                    ..params
                });
            }
        }
    }
}

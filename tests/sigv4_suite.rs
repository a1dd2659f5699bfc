//! The AWS SigV4 signing test suite (aws-c-auth `v4`, and smithy-rs's two `double-*` extras; see
//! shared/testdata/sigv4-suite/SOURCE.md): one test per case and signature location, comparing
//! the canonical request, string to sign, signature and signed request each on their own.
// Native only (plain #[test], files read from disk): `wasm-pack test` builds every test target
// for wasm32, where tests/wasm.rs is the suite.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

use marketplace_metering_wasm::sigv4::{
    sign, Credentials, PathNormalization, PayloadChecksum, PercentEncodingMode, SessionTokenMode,
    SignableRequest, SignatureLocation, SigningKeyCache, SigningOutput, SigningParams,
    SigningSettings,
};
use marketplace_metering_wasm::time::parse_rfc3339_millis;

/// `../shared/testdata/sigv4-suite` beside the crate; absent in a lone clone, where the suite is
/// skipped loudly rather than failed.
fn suite_root() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata/sigv4-suite");
    if root.is_dir() {
        Some(root)
    } else {
        eprintln!(
            "\n!!!!!!!! SigV4 suite NOT RUN: {} is missing. Put shared/ beside the crate. !!!!!!!!\n",
            root.display()
        );
        None
    }
}

#[derive(Clone, Copy)]
enum Location {
    Header,
    Query,
}

impl Location {
    fn file_prefix(self) -> &'static str {
        match self {
            Location::Header => "header",
            Location::Query => "query",
        }
    }
}

macro_rules! suite {
    ($($test:ident => $case:literal,)*) => {
        const CASES: &[&str] = &[$($case),*];

        mod header_signing {
            $(#[test]
            fn $test() {
                super::run_case($case, super::Location::Header);
            })*
        }

        mod query_signing {
            $(#[test]
            fn $test() {
                super::run_case($case, super::Location::Query);
            })*
        }
    };
}

suite! {
    get_header_key_duplicate => "get-header-key-duplicate",
    get_header_value_multiline => "get-header-value-multiline",
    get_header_value_order => "get-header-value-order",
    get_header_value_trim => "get-header-value-trim",
    get_relative_normalized => "get-relative-normalized",
    get_relative_relative_normalized => "get-relative-relative-normalized",
    get_relative_relative_unnormalized => "get-relative-relative-unnormalized",
    get_relative_unnormalized => "get-relative-unnormalized",
    get_slash_dot_slash_normalized => "get-slash-dot-slash-normalized",
    get_slash_dot_slash_unnormalized => "get-slash-dot-slash-unnormalized",
    get_slash_normalized => "get-slash-normalized",
    get_slash_pointless_dot_normalized => "get-slash-pointless-dot-normalized",
    get_slash_pointless_dot_unnormalized => "get-slash-pointless-dot-unnormalized",
    get_slash_unnormalized => "get-slash-unnormalized",
    get_slashes_normalized => "get-slashes-normalized",
    get_slashes_unnormalized => "get-slashes-unnormalized",
    get_space_normalized => "get-space-normalized",
    get_space_unnormalized => "get-space-unnormalized",
    get_unreserved => "get-unreserved",
    get_utf8 => "get-utf8",
    get_vanilla => "get-vanilla",
    get_vanilla_empty_query_key => "get-vanilla-empty-query-key",
    get_vanilla_query => "get-vanilla-query",
    get_vanilla_query_order_encoded => "get-vanilla-query-order-encoded",
    get_vanilla_query_order_key_case => "get-vanilla-query-order-key-case",
    get_vanilla_query_unreserved => "get-vanilla-query-unreserved",
    get_vanilla_utf8_query => "get-vanilla-utf8-query",
    get_vanilla_with_session_token => "get-vanilla-with-session-token",
    post_header_key_case => "post-header-key-case",
    post_header_key_sort => "post-header-key-sort",
    post_header_value_case => "post-header-value-case",
    post_sts_header_after => "post-sts-header-after",
    post_sts_header_before => "post-sts-header-before",
    post_vanilla => "post-vanilla",
    post_vanilla_empty_query_value => "post-vanilla-empty-query-value",
    post_vanilla_query => "post-vanilla-query",
    post_x_www_form_urlencoded => "post-x-www-form-urlencoded",
    post_x_www_form_urlencoded_parameters => "post-x-www-form-urlencoded-parameters",
}

#[test]
fn every_case_in_the_suite_is_listed() {
    let Some(root) = suite_root() else { return };
    let mut on_disk: Vec<String> = fs::read_dir(root.join("aws-c-auth/v4"))
        .expect("read the v4 folder")
        .map(|entry| {
            entry
                .expect("a folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    on_disk.sort();
    let mut listed: Vec<&str> = CASES.to_vec();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert_eq!(listed.len(), 38);
}

fn run_case(case: &str, location: Location) {
    let Some(root) = suite_root() else { return };
    let dir = root.join("aws-c-auth/v4").join(case);
    let context = read(&dir, "context.json");
    let credentials = Credentials::new(
        json_string(&context, "access_key_id").expect("access_key_id"),
        json_string(&context, "secret_access_key").expect("secret_access_key"),
        json_string(&context, "token"),
    );
    let flag = |key: &str| json_literal(&context, key).map(|v| v == "true");
    let expires_in_secs = json_literal(&context, "expiration_in_seconds")
        .and_then(|v| v.parse().ok())
        .expect("expiration_in_seconds");
    let settings = SigningSettings {
        signature_location: match location {
            Location::Header => SignatureLocation::Headers,
            Location::Query => SignatureLocation::QueryParams { expires_in_secs },
        },
        path_normalization: match flag("normalize").expect("normalize") {
            true => PathNormalization::Enabled,
            false => PathNormalization::Disabled,
        },
        // The aws-c-auth harness signs with `use_double_uri_encode = true`.
        percent_encoding: PercentEncodingMode::Double,
        payload_checksum: match flag("sign_body").expect("sign_body") {
            true => PayloadChecksum::XAmzContentSha256,
            false => PayloadChecksum::NoHeader,
        },
        session_token: match flag("omit_session_token").unwrap_or(false) {
            true => SessionTokenMode::Exclude,
            false => SessionTokenMode::Include,
        },
    };
    let params = SigningParams {
        credentials: &credentials,
        region: &json_string(&context, "region").expect("region"),
        service: &json_string(&context, "service").expect("service"),
        time: unix_secs(&json_string(&context, "timestamp").expect("timestamp")),
    };

    let request = RawRequest::parse(&read(&dir, "request.txt"));
    let output = request.sign(&settings, &params);
    let prefix = location.file_prefix();
    let expected = |stage: &str| read(&dir, &format!("{prefix}-{stage}.txt"));
    let stage = |name: &str, actual: &str, expected: &str| {
        assert_eq!(
            actual, expected,
            "case {case}, {prefix} signing, stage `{name}` differs"
        );
    };
    stage(
        "canonical request",
        &output.canonical_request().to_string(),
        &expected("canonical-request"),
    );
    stage(
        "string to sign",
        &output.string_to_sign().to_string(),
        &expected("string-to-sign"),
    );
    stage("signature", output.signature(), &expected("signature"));
    stage(
        "signed request",
        &lowercase_header_names(&request.render_signed(&output, location)),
        &lowercase_header_names(&expected("signed-request")),
    );
}

/// smithy-rs `double-encode-path`: the `%3D` already on the wire is encoded again, and `@`
/// becomes `%40`. Its canonical request was made at 2021-05-11T15:40:45Z, its signed request
/// with the params below at 2015-08-30T12:36:00Z (SOURCE.md).
#[test]
fn smithy_double_encode_path() {
    let Some(root) = suite_root() else { return };
    let dir = root.join("smithy-rs/v4/double-encode-path");
    let request = RawRequest::parse(&read(&dir, "request.txt"));
    let credentials = Credentials::new("ANOTREAL", "notrealrnrELgWzOk3IfjzDKtFBhDby", None);
    let mut params = SigningParams {
        credentials: &credentials,
        region: "us-east-1",
        service: "service",
        time: unix_secs("2021-05-11T15:40:45Z"),
    };
    let settings = SigningSettings::default();
    let output = request.sign(&settings, &params);
    assert_eq!(
        output.canonical_request().to_string(),
        read(&dir, "header-canonical-request.txt"),
        "case double-encode-path, stage `canonical request` differs"
    );

    params.time = unix_secs("2015-08-30T12:36:00Z");
    let output = request.sign(&settings, &params);
    assert_signed_headers_match(
        "double-encode-path",
        &output,
        &read(&dir, "header-signed-request.txt"),
    );
}

/// smithy-rs `double-url-encode`: a Lambda ARN path whose `%3A` signs as `%253A`.
#[test]
fn smithy_double_url_encode() {
    let Some(root) = suite_root() else { return };
    let dir = root.join("smithy-rs/v4/double-url-encode");
    let request = RawRequest::parse(&read(&dir, "request.txt"));
    let credentials = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
    );
    let params = SigningParams {
        credentials: &credentials,
        region: "us-east-2",
        service: "lambda",
        time: unix_secs("2021-05-11T15:40:45Z"),
    };
    let output = request.sign(&SigningSettings::default(), &params);
    assert_eq!(
        output.canonical_request().to_string(),
        read(&dir, "header-canonical-request.txt"),
        "case double-url-encode, stage `canonical request` differs"
    );
    assert_eq!(
        output.string_to_sign().to_string(),
        // This legacy-format file ends in a newline, which smithy-rs's reader trims.
        read(&dir, "header-string-to-sign.txt").trim_end(),
        "case double-url-encode, stage `string to sign` differs"
    );
    assert_signed_headers_match(
        "double-url-encode",
        &output,
        &read(&dir, "header-signed-request.txt"),
    );
}

/// The smithy-rs extras list their signed headers in no particular order (and the
/// `Authorization` of one has a space after the colon), so compare the signer's headers by name.
fn assert_signed_headers_match(case: &str, output: &SigningOutput, signed_request: &str) {
    let added = output.instructions().headers();
    assert_eq!(
        added.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
        ["x-amz-date", "authorization"],
        "case {case}, stage `signed request`: unexpected headers"
    );
    for (name, value) in added {
        let expected = signed_request.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        });
        assert_eq!(
            Some(value.as_str()),
            expected,
            "case {case}, stage `signed request`, header `{name}` differs"
        );
    }
}

/// A request.txt: request line, `Name:value` lines (a line starting with whitespace continues
/// the previous value), a blank line, the body. The path is kept as raw bytes from the file.
struct RawRequest {
    method: String,
    target: String,
    version: String,
    header_lines: Vec<String>,
    headers: Vec<(String, String)>,
    body: String,
}

impl RawRequest {
    fn parse(text: &str) -> Self {
        let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
        let mut lines = head.lines();
        let request_line = lines.next().expect("a request line");
        // The target may hold a raw space (`get-space-*`): method first, version last.
        let (method, rest) = request_line.split_once(' ').expect("method");
        let (target, version) = match rest.rsplit_once(' ') {
            Some((target, version)) if version.starts_with("HTTP/") => (target, version),
            _ => (rest, ""),
        };
        let mut header_lines = Vec::new();
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in lines {
            header_lines.push(line.to_owned());
            if line.starts_with([' ', '\t']) {
                let (_, value) = headers.last_mut().expect("a header to continue");
                value.push('\n');
                value.push_str(line);
            } else {
                let (name, value) = line.split_once(':').expect("name:value");
                headers.push((name.to_owned(), value.to_owned()));
            }
        }
        RawRequest {
            method: method.to_owned(),
            target: target.to_owned(),
            version: version.to_owned(),
            header_lines,
            headers,
            body: body.to_owned(),
        }
    }

    fn sign(&self, settings: &SigningSettings, params: &SigningParams<'_>) -> SigningOutput {
        let (path, query) = self.target.split_once('?').unwrap_or((&self.target, ""));
        // The smithy-rs extras carry the X-Amz-Date they were signed with; the signer writes
        // that header itself.
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("x-amz-date"))
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        let request = SignableRequest {
            method: &self.method,
            path,
            query,
            headers: &headers,
            body: self.body.as_bytes(),
        };
        sign(&request, settings, params, &mut SigningKeyCache::new())
            .unwrap_or_else(|e| panic!("{} {}: signing failed: {e}", self.method, self.target))
    }

    /// The request as the suite's `*-signed-request.txt` shows it: header signing appends the
    /// signer's headers, presigning appends its parameters to the query.
    fn render_signed(&self, output: &SigningOutput, location: Location) -> String {
        let instructions = output.instructions();
        let mut target = self.target.clone();
        let mut lines = Vec::new();
        match location {
            Location::Header => {
                assert!(instructions.params().is_empty());
                lines.extend(self.header_lines.iter().cloned());
                lines.extend(
                    instructions
                        .headers()
                        .iter()
                        .map(|(name, value)| format!("{name}:{value}")),
                );
            }
            Location::Query => {
                assert!(instructions.headers().is_empty());
                target.push(if target.contains('?') { '&' } else { '?' });
                target.push_str(&instructions.query_suffix());
                lines.extend(self.header_lines.iter().cloned());
            }
        }
        let mut out = format!("{} {} {}", self.method, target, self.version);
        for line in lines {
            out.push('\n');
            out.push_str(&line);
        }
        out.push_str("\n\n");
        out.push_str(&self.body);
        out
    }
}

/// Header names are case-insensitive (the suite writes `X-Amz-Date`, the signer `x-amz-date`).
fn lowercase_header_names(request: &str) -> String {
    let (head, body) = request.split_once("\n\n").unwrap_or((request, ""));
    let mut lines = head.lines();
    let mut out = lines.next().unwrap_or("").to_owned();
    for line in lines {
        out.push('\n');
        match line.split_once(':') {
            Some((name, value)) if !line.starts_with([' ', '\t']) => {
                out.push_str(&name.to_ascii_lowercase());
                out.push(':');
                out.push_str(value);
            }
            _ => out.push_str(line),
        }
    }
    out.push_str("\n\n");
    out.push_str(body);
    out
}

fn read(dir: &Path, file: &str) -> String {
    let path = dir.join(file);
    fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .replace("\r\n", "\n")
}

fn unix_secs(rfc3339: &str) -> i64 {
    parse_rfc3339_millis(rfc3339).expect("an RFC 3339 timestamp") / 1000
}

// context.json is a small object of strings, numbers and booleans, with `credentials` nested one
// level; no key repeats, so finding `"key":` anywhere is enough. (The crate's JSON module is not
// used on purpose: the suite should not depend on the code it does not test.)

/// The raw text of a number or boolean value.
fn json_literal<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let value = json_value(json, key)?;
    let end = value
        .find(|c: char| c == ',' || c == '}' || c.is_whitespace())
        .unwrap_or(value.len());
    Some(&value[..end])
}

/// A string value, with the simple escapes undone.
fn json_string(json: &str, key: &str) -> Option<String> {
    let value = json_value(json, key)?.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                c @ ('"' | '\\' | '/') => out.push(c),
                other => panic!("unsupported escape \\{other} in context.json"),
            },
            c => out.push(c),
        }
    }
    None
}

/// What follows `"key":`, leading whitespace skipped.
fn json_value<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let quoted = format!("\"{key}\"");
    let after_key = &json[json.find(&quoted)? + quoted.len()..];
    Some(after_key.trim_start().strip_prefix(':')?.trim_start())
}

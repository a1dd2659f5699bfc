//! STS `AssumeRole` over the AWS Query protocol (API version 2011-06-15): the form-encoded
//! request and the XML answer, as the STS API reference and the AWS SDKs' awsQuery protocol
//! write and read them. Only what a credentials provider needs: the four credential fields,
//! the request id, and the error's code and message.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec;

use crate::error::{ResponseError, ServiceError};
use crate::http::{HttpRequest, HttpResponse};
use crate::json;
use crate::protocol;
use crate::sigv4::{self, Credentials};
use crate::text;
use crate::time;

/// The SigV4 signing name of STS.
pub const SIGNING_NAME: &str = "sts";
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// `DurationSeconds` bounds: 15 minutes to the 12-hour maximum a role can allow.
pub const MIN_DURATION_SECONDS: u32 = 900;
pub const MAX_DURATION_SECONDS: u32 = 43_200;

/// The parameters of one `AssumeRole` request, checked by [`AssumeRole::new`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssumeRole {
    pub role_arn: String,
    pub role_session_name: String,
    pub external_id: Option<String>,
    pub duration_seconds: Option<u32>,
}

/// A bad `fromAssumeRole` option: the option's name and the rule, never its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionError {
    pub field: &'static str,
    pub rule: &'static str,
}

impl AssumeRole {
    /// Checks the parameters against STS's documented constraints, so a typo fails at once
    /// instead of at the first metering call.
    pub fn new(
        role_arn: String,
        role_session_name: String,
        external_id: Option<String>,
        duration_seconds: Option<u32>,
    ) -> Result<Self, OptionError> {
        let bad = |field, rule| Err(OptionError { field, rule });
        if !(20..=2048).contains(&role_arn.len()) || !role_arn.starts_with("arn:") {
            return bad(
                "roleArn",
                "must be a role ARN (arn:aws:iam::<account>:role/<name>), 20 to 2048 characters",
            );
        }
        let session_ok = (2..=64).contains(&role_session_name.len())
            && role_session_name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b));
        if !session_ok {
            return bad(
                "roleSessionName",
                "must be 2 to 64 characters of letters, digits and _+=,.@-",
            );
        }
        if let Some(id) = &external_id {
            let ok = (2..=1224).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@:/-".contains(&b));
            if !ok {
                return bad(
                    "externalId",
                    "must be 2 to 1224 characters of letters, digits and _+=,.@:/-",
                );
            }
        }
        if let Some(d) = duration_seconds {
            if !(MIN_DURATION_SECONDS..=MAX_DURATION_SECONDS).contains(&d) {
                return bad("durationSeconds", "must be an integer from 900 to 43200");
            }
        }
        Ok(AssumeRole {
            role_arn,
            role_session_name,
            external_id,
            duration_seconds,
        })
    }

    /// The form body, parameters in the order the SDKs write them.
    pub fn form_body(&self) -> String {
        let mut body = String::from("Action=AssumeRole&Version=2011-06-15&RoleArn=");
        form_encode(&mut body, &self.role_arn);
        body.push_str("&RoleSessionName=");
        form_encode(&mut body, &self.role_session_name);
        if let Some(d) = self.duration_seconds {
            body.push_str("&DurationSeconds=");
            json::write_u64(&mut body, u64::from(d));
        }
        if let Some(id) = &self.external_id {
            body.push_str("&ExternalId=");
            form_encode(&mut body, id);
        }
        body
    }

    /// The unsigned request to `url` (the endpoint with its path).
    pub fn request(&self, url: &str, user_agent: &str) -> HttpRequest {
        HttpRequest {
            method: "POST",
            url: url.to_owned(),
            headers: vec![
                ("content-type".to_owned(), FORM_CONTENT_TYPE.to_owned()),
                ("x-amz-user-agent".to_owned(), user_agent.to_owned()),
            ],
            body: self.form_body().into_bytes(),
        }
    }
}

/// `fromAssumeRole`'s parameters, checked once: each request takes its session name at its
/// own time (`marketplace-metering-wasm-<ms>`) unless one was given, as the SDKs name theirs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleTemplate(AssumeRole);

/// The default session name's prefix.
const SESSION_PREFIX: &str = "marketplace-metering-wasm-";

impl RoleTemplate {
    pub fn new(
        role_arn: String,
        role_session_name: Option<String>,
        external_id: Option<String>,
        duration_seconds: Option<u32>,
    ) -> Result<Self, OptionError> {
        // Checked with a default name of the longest form, so a bad option fails here.
        let given = role_session_name.is_some();
        let mut role = AssumeRole::new(
            role_arn,
            role_session_name
                .unwrap_or_else(|| String::from("marketplace-metering-wasm-9999999999999")),
            external_id,
            duration_seconds,
        )?;
        if !given {
            role.role_session_name.clear();
        }
        Ok(RoleTemplate(role))
    }

    /// The request for a call at `now_ms`.
    pub fn at(&self, now_ms: i64) -> AssumeRole {
        let mut role = self.0.clone();
        if role.role_session_name.is_empty() {
            role.role_session_name.push_str(SESSION_PREFIX);
            json::write_u64(&mut role.role_session_name, now_ms.max(0) as u64);
        }
        role
    }
}

/// `application/x-www-form-urlencoded` as the SDKs write it: RFC 3986 unreserved characters
/// as they are, everything else percent-encoded (UTF-8), which is SigV4's query encoding.
fn form_encode(out: &mut String, s: &str) {
    sigv4::uri_encode(out, s.as_bytes(), sigv4::Slash::Encode);
}

/// The default endpoint of STS in `region`: `https://sts.{region}.{dnsSuffix}`.
pub fn endpoint(region: &str) -> String {
    let partition = crate::endpoint::partition(region);
    let mut url = String::from("https://sts.");
    url.push_str(region);
    url.push('.');
    url.push_str(partition.dns_suffix);
    url
}

/// Temporary credentials and when they expire (unix milliseconds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssumedCredentials {
    pub credentials: Credentials,
    pub expiration_ms: i64,
}

/// The credentials of a successful answer, or the error an answer carries.
pub fn parse_response(response: &HttpResponse) -> Result<AssumedCredentials, ResponseError> {
    let body = core::str::from_utf8(&response.body).unwrap_or_default();
    let request_id = protocol::request_id(response).or_else(|| element(body, "RequestId"));
    if !(200..300).contains(&response.status) {
        let code = element(body, "Code")
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| protocol::status_text(response.status));
        return Err(ResponseError::Service(ServiceError {
            code,
            message: element(body, "Message"),
            request_id,
            status: response.status,
        }));
    }
    // The raw inner XML: decoding it before looking inside would decode each field twice.
    let credentials = raw_element(body, "Credentials").unwrap_or_default();
    let field = |name| element(credentials, name).filter(|v| !v.is_empty());
    let (Some(access_key_id), Some(secret), Some(token), Some(expiration)) = (
        field("AccessKeyId"),
        field("SecretAccessKey"),
        field("SessionToken"),
        field("Expiration"),
    ) else {
        return Err(ResponseError::UnreadableSuccess {
            status: response.status,
            request_id,
            reason: "the AssumeRole answer has no complete Credentials".to_owned(),
        });
    };
    let Some(expiration_ms) = time::parse_rfc3339_millis(&expiration) else {
        return Err(ResponseError::UnreadableSuccess {
            status: response.status,
            request_id,
            reason: "the AssumeRole answer's Expiration is not a date".to_owned(),
        });
    };
    Ok(AssumedCredentials {
        credentials: Credentials::new(access_key_id, secret, Some(token)),
        expiration_ms,
    })
}

/// The text of the first `<name>…</name>` element (namespace prefixes and attributes
/// allowed), with XML's entities decoded. Enough for STS's flat answers, and total: odd text
/// gives `None`, never a panic.
fn element(xml: &str, name: &str) -> Option<String> {
    raw_element(xml, name).map(unescape_xml)
}

/// What stands between `<name>` and `</name>` (empty for `<name/>`), entities undecoded.
fn raw_element<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = xml;
    loop {
        (_, rest) = text::split_once(rest, b"<")?;
        let (tag, after) = text::split_once(rest, b">")?;
        let tag_name = tag.get(..text::find_byte(tag, b" \t\n\r/").unwrap_or(tag.len()))?;
        let local = match tag_name.bytes().rposition(|b| b == b':') {
            Some(colon) => tag_name.get(colon + 1..)?,
            None => tag_name,
        };
        if local == name && !tag.starts_with('/') {
            if tag.ends_with('/') {
                return Some("");
            }
            let mut close = String::from("</");
            close.push_str(tag_name);
            close.push('>');
            let end = text::find(after, &close)?;
            return after.get(..end);
        }
        rest = after;
    }
}

fn unescape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some((head, after)) = text::split_once(rest, b"&") {
        out.push_str(head);
        let Some(semi) = text::find_byte(after, b";").filter(|&n| n <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let entity = after.get(..semi).unwrap_or_default();
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| text::parse_u64(h, 16))
                .or_else(|| {
                    entity
                        .strip_prefix('#')
                        .and_then(|d| text::parse_u64(d, 10))
                })
                .and_then(|n| char::from_u32(u32::try_from(n).ok()?)),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = after.get(semi + 1..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role() -> AssumeRole {
        AssumeRole::new(
            "arn:aws:iam::123456789012:role/MarketplaceMetering".into(),
            "metering-worker".into(),
            Some("ext:id/1".into()),
            Some(3600),
        )
        .unwrap()
    }

    #[test]
    fn writes_the_query_form() {
        assert_eq!(
            role().form_body(),
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FMarketplaceMetering&RoleSessionName=metering-worker&DurationSeconds=3600&ExternalId=ext%3Aid%2F1"
        );
    }

    #[test]
    fn checks_the_parameters() {
        let arn = "arn:aws:iam::123456789012:role/R".to_owned();
        let err = |r: Result<AssumeRole, OptionError>| r.unwrap_err().field;
        assert_eq!(
            err(AssumeRole::new("role".into(), "s1".into(), None, None)),
            "roleArn"
        );
        assert_eq!(
            err(AssumeRole::new(arn.clone(), "x".into(), None, None)),
            "roleSessionName"
        );
        assert_eq!(
            err(AssumeRole::new(arn.clone(), "a b".into(), None, None)),
            "roleSessionName"
        );
        assert_eq!(
            err(AssumeRole::new(
                arn.clone(),
                "ok".into(),
                Some("x".into()),
                None
            )),
            "externalId"
        );
        assert_eq!(
            err(AssumeRole::new(arn.clone(), "ok".into(), None, Some(899))),
            "durationSeconds"
        );
        assert!(AssumeRole::new(arn, "ok".into(), None, Some(43_200)).is_ok());
    }

    fn answer(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![],
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn reads_the_credentials() {
        let xml = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
      <SecretAccessKey>se/cr+et=</SecretAccessKey>
      <SessionToken>tok&amp;en&lt;&#43;&#x2F;&amp;lt;</SessionToken>
      <Expiration>2026-11-30T14:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser><Arn>arn:aws:sts::1:assumed-role/R/s</Arn></AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>req-9</RequestId></ResponseMetadata>
</AssumeRoleResponse>"#;
        let got = parse_response(&answer(200, xml)).unwrap();
        assert_eq!(got.credentials.access_key_id(), "ASIAEXAMPLE");
        assert_eq!(got.credentials.secret_access_key(), "se/cr+et=");
        assert_eq!(got.credentials.session_token(), Some("tok&en<+/&lt;"));
        assert_eq!(got.expiration_ms, 1_796_047_200_000);
    }

    #[test]
    fn reads_errors_and_refuses_incomplete_answers() {
        let xml = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: x is not authorized &amp; denied</Message></Error><RequestId>req-1</RequestId></ErrorResponse>"#;
        match parse_response(&answer(403, xml)) {
            Err(ResponseError::Service(e)) => {
                assert_eq!(e.code, "AccessDenied");
                assert_eq!(
                    e.message.as_deref(),
                    Some("User: x is not authorized & denied")
                );
                assert_eq!(e.request_id.as_deref(), Some("req-1"));
                assert_eq!(e.status, 403);
            }
            other => panic!("{other:?}"),
        }
        match parse_response(&answer(503, "")) {
            Err(ResponseError::Service(e)) => assert_eq!(e.code, "503"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_response(&answer(200, "<AssumeRoleResponse/>")),
            Err(ResponseError::UnreadableSuccess { .. })
        ));
        for odd in [
            "<",
            "<a",
            "<Code>",
            "&",
            "<Credentials><AccessKeyId>x</AccessKeyId>",
            "\u{1F600}<",
        ] {
            let _ = parse_response(&answer(200, odd));
            let _ = parse_response(&answer(400, odd));
        }
    }

    #[test]
    fn a_template_names_each_session_at_its_time_unless_given() {
        let arn = "arn:aws:iam::123456789012:role/R".to_owned();
        let t = RoleTemplate::new(arn.clone(), None, None, Some(900)).unwrap();
        assert_eq!(
            t.at(1_796_040_000_000).role_session_name,
            "marketplace-metering-wasm-1796040000000"
        );
        assert_eq!(t.at(7).duration_seconds, Some(900));
        let named = RoleTemplate::new(arn.clone(), Some("worker-1".into()), None, None).unwrap();
        assert_eq!(named.at(7).role_session_name, "worker-1");
        assert_eq!(
            RoleTemplate::new(arn, Some("x".into()), None, None)
                .unwrap_err()
                .field,
            "roleSessionName"
        );
    }
}

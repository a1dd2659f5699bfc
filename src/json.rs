//! A small JSON (RFC 8259) reader and writer for the awsJson1_1 bodies and for the JS inputs,
//! which cross the wasm boundary as `JSON.stringify` text.
//!
//! Hand-written rather than serde_json: it keeps the `.wasm` small, and it never panics — the
//! reader takes any bytes (bounded nesting, no recursion past [`MAX_DEPTH`]) and answers a
//! [`Value`] or a [`ParseError`]. Strings are borrowed from the text: the reader checks their
//! escapes once and decodes them only when asked, so a request's strings are copied to the
//! body as they came, without a round trip through decoded text.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// Nesting deeper than this is refused: no real request or response comes close, and it keeps
/// the recursive reader far from the wasm stack limit.
pub const MAX_DEPTH: usize = 64;

/// A parsed JSON value, borrowing its strings from the text. Objects keep their members in
/// document order.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Number(f64),
    String(Str<'a>),
    Array(Vec<Value<'a>>),
    Object(Vec<(Str<'a>, Value<'a>)>),
}

/// A JSON string as it stands between its quotes: valid UTF-8 with valid escapes (checked by
/// the reader), so it can be written back as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Str<'a> {
    raw: &'a str,
    escaped: bool,
}

impl<'a> Str<'a> {
    /// The text between the quotes, escapes included.
    pub fn raw(self) -> &'a str {
        self.raw
    }

    /// The decoded text.
    pub fn text(self) -> Cow<'a, str> {
        if self.escaped {
            Cow::Owned(unescape(self.raw))
        } else {
            Cow::Borrowed(self.raw)
        }
    }

    /// Whether the decoded text is `s`, without decoding when there is nothing to decode.
    pub fn is(self, s: &str) -> bool {
        if self.escaped {
            unescape(self.raw) == s
        } else {
            self.raw == s
        }
    }
}

impl PartialEq<str> for Str<'_> {
    fn eq(&self, other: &str) -> bool {
        self.is(other)
    }
}

impl PartialEq<&str> for Str<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.is(other)
    }
}

// For tests and tools.
impl core::fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.text())
    }
}

impl<'a> Value<'a> {
    /// The member `key` of an object; `None` for a missing member or a non-object.
    /// With duplicate keys the last one wins, as in `JSON.parse`.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(members) => members
                .iter()
                .rev()
                .find(|(k, _)| k.is(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<Cow<'a, str>> {
        match self {
            Value::String(s) => Some(s.text()),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(Str<'a>, Value<'a>)]> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The JS-style name of this value's type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

/// Why a text is not JSON, and the byte offset where reading stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub reason: &'static str,
}

// For tests and tools; the client builds its messages from the fields.
impl core::fmt::Display for ParseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} at byte {}", self.reason, self.offset)
    }
}

/// Parses one JSON value; only whitespace may follow it.
pub fn parse(bytes: &[u8]) -> Result<Value<'_>, ParseError> {
    let mut reader = Reader { bytes, pos: 0 };
    let value = reader.value(0)?;
    reader.skip_ws();
    if reader.pos != bytes.len() {
        return Err(reader.error("unexpected text after the JSON value"));
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, reason: &'static str) -> ParseError {
        ParseError {
            offset: self.pos,
            reason,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn literal(
        &mut self,
        literal: &'static [u8],
        value: Value<'a>,
    ) -> Result<Value<'a>, ParseError> {
        if self.bytes.get(self.pos..self.pos + literal.len()) == Some(literal) {
            self.pos += literal.len();
            Ok(value)
        } else {
            Err(self.error("invalid literal"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, ParseError> {
        self.skip_ws();
        match self.peek() {
            None => Err(self.error("unexpected end of JSON")),
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'[') => self.array(depth + 1),
            Some(b'{') => self.object(depth + 1),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("unexpected character")),
        }
    }

    /// After a value in a list: `,` continues it (`Ok(true)`), `close` ends it.
    fn next_item(&mut self, close: u8, reason: &'static str) -> Result<bool, ParseError> {
        self.skip_ws();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => Err(self.error(reason)),
        }
    }

    /// Consumes the opening bracket; `Ok(true)` when the list is empty (and closed).
    fn open(&mut self, depth: usize, close: u8) -> Result<bool, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error("JSON nested too deeply"));
        }
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(true);
        }
        Ok(false)
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, ParseError> {
        let mut items = Vec::new();
        if !self.open(depth, b']')? {
            loop {
                items.push(self.value(depth)?);
                if !self.next_item(b']', "expected ',' or ']'")? {
                    break;
                }
            }
        }
        Ok(Value::Array(items))
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, ParseError> {
        let mut members = Vec::new();
        if !self.open(depth, b'}')? {
            loop {
                self.skip_ws();
                if self.peek() != Some(b'"') {
                    return Err(self.error("expected a member name"));
                }
                let key = self.string()?;
                self.skip_ws();
                if self.peek() != Some(b':') {
                    return Err(self.error("expected ':'"));
                }
                self.pos += 1;
                let value = self.value(depth)?;
                members.push((key, value));
                if !self.next_item(b'}', "expected ',' or '}'")? {
                    break;
                }
            }
        }
        Ok(Value::Object(members))
    }

    /// Reads a number by the JSON grammar. The value is computed by hand rather than with
    /// `str::parse::<f64>`, whose tables cost about 10 KB of wasm: up to 19 significant
    /// digits become an exact integer, scaled once by a power of ten. Integers up to 2^53
    /// (every quantity and timestamp here) are exact; other values are within a few ulps.
    fn number(&mut self) -> Result<Value<'a>, ParseError> {
        const MAX_MANTISSA: u64 = 1_000_000_000_000_000_000;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let mut mantissa: u64 = 0;
        let mut exp10: i64 = 0;
        let mut digits = |reader: &mut Self, fraction: bool| {
            while let Some(d @ b'0'..=b'9') = reader.peek() {
                if mantissa < MAX_MANTISSA {
                    mantissa = mantissa * 10 + u64::from(d - b'0');
                    exp10 -= i64::from(fraction);
                } else if !fraction {
                    exp10 += 1;
                }
                reader.pos += 1;
            }
        };
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => digits(self, false),
            _ => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("invalid number"));
            }
            digits(self, true);
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            let exp_negative = self.peek() == Some(b'-');
            if let Some(b'-' | b'+') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("invalid number"));
            }
            let mut e: i64 = 0;
            while let Some(d @ b'0'..=b'9') = self.peek() {
                // Saturate far beyond f64's range; the value is then 0 or out of range.
                e = (e * 10 + i64::from(d - b'0')).min(100_000);
                self.pos += 1;
            }
            exp10 += if exp_negative { -e } else { e };
        }
        let magnitude = if mantissa == 0 {
            0.0
        } else {
            let m = mantissa as f64;
            let e = exp10.clamp(-400, 400) as i32;
            if e >= 0 {
                m * pow10(e)
            } else if e >= -308 {
                // Dividing by an exact power of ten rounds once, where multiplying by an
                // inexact 10^-k would round twice.
                m / pow10(-e)
            } else {
                m / pow10(308) / pow10(-e - 308)
            }
        };
        if !magnitude.is_finite() {
            return Err(self.error("number out of range"));
        }
        Ok(Value::Number(if negative { -magnitude } else { magnitude }))
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let n = self
            .bytes
            .get(self.pos..self.pos + 4)
            .and_then(hex4)
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        self.pos += 4;
        Ok(n)
    }

    /// Checks a string and returns it undecoded: UTF-8, no control characters, valid escapes,
    /// and no lone surrogate (it has no UTF-8 form, and a silent U+FFFD in a customer id would
    /// bill the wrong customer).
    fn string(&mut self) -> Result<Str<'a>, ParseError> {
        self.pos += 1; // opening quote
        let start = self.pos;
        let mut escaped = false;
        loop {
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.pos += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1
                        }
                        Some(b'u') => {
                            self.pos += 1;
                            match self.hex4()? {
                                0xD800..=0xDBFF => {
                                    if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                                        return Err(self.error("lone surrogate in string"));
                                    }
                                    self.pos += 2;
                                    if !(0xDC00..=0xDFFF).contains(&self.hex4()?) {
                                        return Err(self.error("lone surrogate in string"));
                                    }
                                }
                                0xDC00..=0xDFFF => {
                                    return Err(self.error("lone surrogate in string"))
                                }
                                _ => {}
                            }
                        }
                        None => return Err(self.error("unterminated string")),
                        Some(_) => return Err(self.error("invalid escape")),
                    }
                }
                Some(c) if c < 0x20 => return Err(self.error("control character in string")),
                Some(_) => self.pos += 1,
            }
        }
        let bytes = self.bytes.get(start..self.pos).unwrap_or_default();
        self.pos += 1; // closing quote
        let raw = core::str::from_utf8(bytes).map_err(|e| ParseError {
            offset: start + e.valid_up_to(),
            reason: "invalid UTF-8 in string",
        })?;
        Ok(Str { raw, escaped })
    }
}

fn pow10(e: i32) -> f64 {
    // `powi` is an intrinsic that lowers to a call into compiler-builtins on wasm; a loop of
    // squarings is as exact for these exponents and needs nothing.
    let mut result = 1.0;
    let mut base = 10.0f64;
    let mut n = e.unsigned_abs();
    while n > 0 {
        if n & 1 == 1 {
            result *= base;
        }
        base *= base;
        n >>= 1;
    }
    result
}

fn hex4(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |n, &b| {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => return None,
        };
        Some(n * 16 + u32::from(d))
    })
}

/// Decodes the escapes of a string the reader accepted. Total: what the reader refuses cannot
/// reach here, and anything odd is skipped rather than trusted.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some((head, after)) = crate::text::split_once(rest, b"\\") {
        out.push_str(head);
        let mut chars = after.chars();
        let (decoded, used) = match chars.next() {
            Some('n') => (Some('\n'), 1),
            Some('r') => (Some('\r'), 1),
            Some('t') => (Some('\t'), 1),
            Some('b') => (Some('\u{8}'), 1),
            Some('f') => (Some('\u{c}'), 1),
            Some('u') => {
                let first = hex4(after.as_bytes().get(1..5).unwrap_or_default()).unwrap_or(0);
                if (0xD800..0xDC00).contains(&first) {
                    let second = hex4(after.as_bytes().get(7..11).unwrap_or_default()).unwrap_or(0);
                    let code =
                        0x10000 + ((first - 0xD800) << 10) + (second.wrapping_sub(0xDC00) & 0x3ff);
                    (char::from_u32(code), 11)
                } else {
                    (char::from_u32(first), 5)
                }
            }
            Some(c) => (Some(c), c.len_utf8()),
            None => (None, 0),
        };
        if let Some(c) = decoded {
            out.push(c);
        }
        rest = after.get(used..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// Appends `s` as a JSON string literal. Non-ASCII text is written as UTF-8, as the AWS SDKs do.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    let mut run_start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(run_start..i).unwrap_or_default());
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escape);
        }
        run_start = i + 1;
    }
    out.push_str(s.get(run_start..).unwrap_or_default());
    out.push('"');
}

/// Appends a string the reader accepted, as it came.
pub fn write_str(out: &mut String, s: Str<'_>) {
    out.push('"');
    out.push_str(s.raw);
    out.push('"');
}

/// Appends an integer without going through `fmt` (this runs for every request).
pub fn write_i64(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    write_u64(out, n.unsigned_abs());
}

pub fn write_u64(out: &mut String, n: u64) {
    crate::time::push_padded(out, n, 1);
}

/// Appends `"key":` (a key the caller knows needs no escaping), after a comma unless `first`.
pub fn write_key(out: &mut String, first: &mut bool, key: &str) {
    if !core::mem::take(first) {
        out.push(',');
    }
    out.push('"');
    out.push_str(key);
    out.push_str("\":");
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn p(s: &str) -> Result<Value<'_>, ParseError> {
        parse(s.as_bytes())
    }

    #[test]
    fn parses_every_kind_of_value() {
        let text = r#" {"a": [1, -2.5e2, true, false, null], "b": "x\"\\\/\n\u00e9\ud83d\ude00"} "#;
        let v = p(text).unwrap();
        assert_eq!(
            v.get("a").unwrap(),
            &Value::Array(vec![
                Value::Number(1.0),
                Value::Number(-250.0),
                Value::Bool(true),
                Value::Bool(false),
                Value::Null
            ])
        );
        assert_eq!(v.get("b").unwrap().as_str().unwrap(), "x\"\\/\né😀");
        // The raw form is what was between the quotes.
        let Some(Value::String(s)) = v.get("b") else {
            panic!()
        };
        assert_eq!(s.raw(), r#"x\"\\\/\n\u00e9\ud83d\ude00"#);
    }

    #[test]
    fn rejects_malformed_text() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\"}",
            "{\"a\":1,}",
            "01",
            "1.",
            "-",
            "1e",
            "tru",
            "\"abc",
            "\"\\x\"",
            "\"\\u12\"",
            "[1] 2",
            "\"a\u{1}\"",
            "NaN",
            "1e999",
            "{1:2}",
            "\"\\",
            "\"\\u",
        ] {
            assert!(p(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn numbers_read_exactly_where_it_matters() {
        for (text, want) in [
            ("0", 0.0),
            ("-0", -0.0),
            ("7", 7.0),
            ("2147483647", 2_147_483_647.0),
            ("9007199254740992", 9_007_199_254_740_992.0),
            ("1732000000.5", 1_732_000_000.5),
            ("0.1", 0.1),
            ("1.5e3", 1500.0),
            ("25E-1", 2.5),
            ("-12.75", -12.75),
            ("1e-400", 0.0),
            ("0e99999", 0.0),
            ("123456789012345678901234567890", 1.2345678901234568e29),
        ] {
            assert_eq!(p(text).unwrap(), Value::Number(want), "{text}");
        }
        assert_eq!(p("1e309").unwrap_err().reason, "number out of range");
        for text in [
            "3.141592653589793",
            "2.2250738585072014e-308",
            "0.30000000000000004",
            "1234.5678e-10",
        ] {
            let got = p(text).unwrap().as_f64().unwrap();
            let want: f64 = text.parse().unwrap();
            let ulps = (got.to_bits() as i64 - want.to_bits() as i64).abs();
            assert!(ulps <= 4, "{text}: {got} vs {want}");
        }
    }

    #[test]
    fn rejects_lone_surrogates_and_invalid_utf8() {
        for bad in [r#""\ud800""#, r#""\udc00x""#, r#""\ud800\u0041""#] {
            assert_eq!(
                p(bad).unwrap_err().reason,
                "lone surrogate in string",
                "{bad}"
            );
        }
        assert!(parse(b"\"\xff\"").is_err());
    }

    #[test]
    fn bounds_nesting_depth() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(p(&ok).is_ok());
        let deep = "[".repeat(100_000);
        assert_eq!(p(&deep).unwrap_err().reason, "JSON nested too deeply");
    }

    #[test]
    fn later_duplicate_key_wins() {
        assert_eq!(
            p(r#"{"a":1,"a":2}"#).unwrap().get("a"),
            Some(&Value::Number(2.0))
        );
    }

    #[test]
    fn escaped_keys_compare_by_their_text() {
        let v = p(r#"{"\u0061b":1}"#).unwrap();
        assert_eq!(v.get("ab"), Some(&Value::Number(1.0)));
    }

    #[test]
    fn writes_strings_that_read_back() {
        let s = "quote\" back\\ nl\n tab\t ctl\u{1}\u{1f} é 😀";
        let mut out = String::new();
        write_string(&mut out, s);
        assert_eq!(
            out,
            "\"quote\\\" back\\\\ nl\\n tab\\t ctl\\u0001\\u001f é 😀\""
        );
        assert_eq!(p(&out).unwrap().as_str().unwrap(), s);
        // A string read is written back byte for byte.
        let Value::String(read) = p(&out).unwrap() else {
            panic!()
        };
        let mut again = String::new();
        write_str(&mut again, read);
        assert_eq!(again, out);
    }

    #[test]
    fn writes_integers() {
        let mut out = String::new();
        for n in [0, 7, -42, i64::MAX, i64::MIN] {
            out.clear();
            write_i64(&mut out, n);
            assert_eq!(out, n.to_string());
        }
        out.clear();
        write_u64(&mut out, u64::MAX);
        assert_eq!(out, u64::MAX.to_string());
    }
}

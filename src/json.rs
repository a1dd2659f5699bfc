//! A small JSON (RFC 8259) reader and writer for the awsJson1_1 bodies and for the JS inputs,
//! which cross the wasm boundary as `JSON.stringify` text.
//!
//! Hand-written rather than serde_json: it keeps the `.wasm` small, and it never panics — the
//! reader takes any bytes (bounded nesting, no recursion past [`MAX_DEPTH`]) and answers a
//! [`Value`] or a [`ParseError`].

use core::fmt;

/// Nesting deeper than this is refused: no real request or response comes close, and it keeps
/// the recursive reader far from the wasm stack limit.
pub const MAX_DEPTH: usize = 64;

/// A parsed JSON value. Objects keep their members in document order.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object; `None` for a missing member or a non-object.
    /// With duplicate keys the last one wins, as in `JSON.parse`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Value)]> {
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

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.reason, self.offset)
    }
}

/// Parses one JSON value; only whitespace may follow it.
pub fn parse(bytes: &[u8]) -> Result<Value, ParseError> {
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

impl Reader<'_> {
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

    fn expect_literal(
        &mut self,
        literal: &'static [u8],
        value: Value,
    ) -> Result<Value, ParseError> {
        if self.bytes.get(self.pos..self.pos + literal.len()) == Some(literal) {
            self.pos += literal.len();
            Ok(value)
        } else {
            Err(self.error("invalid literal"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.skip_ws();
        match self.peek() {
            None => Err(self.error("unexpected end of JSON")),
            Some(b'n') => self.expect_literal(b"null", Value::Null),
            Some(b't') => self.expect_literal(b"true", Value::Bool(true)),
            Some(b'f') => self.expect_literal(b"false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'[') => self.array(depth + 1),
            Some(b'{') => self.object(depth + 1),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("unexpected character")),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error("JSON nested too deeply"));
        }
        self.pos += 1; // '['
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error("JSON nested too deeply"));
        }
        self.pos += 1; // '{'
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
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
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    /// Reads a number by the JSON grammar. The value is computed by hand rather than with
    /// `str::parse::<f64>`, whose tables cost about 10 KB of wasm: up to 19 significant
    /// digits become an exact integer, scaled once by a power of ten. Integers up to 2^53
    /// (every quantity and timestamp here) are exact; other values are within a few ulps.
    fn number(&mut self) -> Result<Value, ParseError> {
        const MAX_MANTISSA: u64 = 1_000_000_000_000_000_000;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let mut mantissa: u64 = 0;
        let mut exp10: i64 = 0;
        let push = |mantissa: &mut u64, exp10: &mut i64, digit: u8, fraction: bool| {
            if *mantissa < MAX_MANTISSA {
                *mantissa = *mantissa * 10 + u64::from(digit - b'0');
                if fraction {
                    *exp10 -= 1;
                }
            } else if !fraction {
                *exp10 += 1;
            }
        };
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    push(&mut mantissa, &mut exp10, d, false);
                    self.pos += 1;
                }
            }
            _ => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("invalid number"));
            }
            while let Some(d @ b'0'..=b'9') = self.peek() {
                push(&mut mantissa, &mut exp10, d, true);
                self.pos += 1;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            let exp_negative = match self.peek() {
                Some(b'-') => {
                    self.pos += 1;
                    true
                }
                Some(b'+') => {
                    self.pos += 1;
                    false
                }
                _ => false,
            };
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
                m * 10f64.powi(e)
            } else if e >= -308 {
                // Dividing by an exact power of ten rounds once, where multiplying by an
                // inexact 10^-k would round twice.
                m / 10f64.powi(-e)
            } else {
                m / 10f64.powi(308) / 10f64.powi(-e - 308)
            }
        };
        if !magnitude.is_finite() {
            return Err(self.error("number out of range"));
        }
        Ok(Value::Number(if negative { -magnitude } else { magnitude }))
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.error("invalid \\u escape")),
            };
            n = n * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            // Copy the longest run without quotes, escapes or control characters at once.
            let run_start = self.pos;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            if self.pos > run_start {
                let run = self.bytes.get(run_start..self.pos).unwrap_or_default();
                let text = core::str::from_utf8(run).map_err(|e| ParseError {
                    offset: run_start + e.valid_up_to(),
                    reason: "invalid UTF-8 in string",
                })?;
                out.push_str(text);
            }
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = self
                        .peek()
                        .ok_or_else(|| self.error("unterminated string"))?;
                    self.pos += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return Err(self.error("invalid escape")),
                    }
                }
                Some(_) => return Err(self.error("control character in string")),
            }
        }
    }

    /// `\uXXXX`, with UTF-16 surrogate pairs joined. A lone surrogate has no UTF-8 form, so
    /// it is an error rather than a silent U+FFFD: changing a customer id would bill the
    /// wrong customer.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Err(self.error("lone surrogate in string"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("lone surrogate in string"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("lone surrogate in string")),
            _ => first,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))
    }
}

/// Appends `s` as a JSON string literal. Non-ASCII text is written as UTF-8, as the AWS SDKs do.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    let mut run_start = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            c if (c as u32) < 0x20 => "",
            _ => continue,
        };
        out.push_str(s.get(run_start..i).unwrap_or_default());
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let n = c as usize;
            out.push_str("\\u00");
            out.push(char::from(HEX[(n >> 4) & 0xf]));
            out.push(char::from(HEX[n & 0xf]));
        } else {
            out.push_str(escape);
        }
        run_start = i + c.len_utf8();
    }
    out.push_str(s.get(run_start..).unwrap_or_default());
    out.push('"');
}

/// Appends an integer without going through `fmt` (this runs for every request).
pub fn write_i64(out: &mut String, n: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let negative = n < 0;
    let mut m = n.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    if negative {
        out.push('-');
    }
    for &b in &buf[i..] {
        out.push(char::from(b));
    }
}

/// Appends a number: integers exactly, others in Rust's shortest round-trip form.
/// Non-finite numbers have no JSON form and are written as `null`.
pub fn write_f64(out: &mut String, n: f64) {
    if !n.is_finite() {
        out.push_str("null");
    } else if n.fract() == 0.0 && n.abs() < 9.0e15 {
        write_i64(out, n as i64);
    } else {
        use core::fmt::Write;
        let _ = write!(out, "{n}");
    }
}

/// Writes `[item, item...]` with `each` writing one item.
pub fn write_array<T>(out: &mut String, items: &[T], mut each: impl FnMut(&mut String, &T)) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        each(out, item);
    }
    out.push(']');
}

/// Writes a whole [`Value`] (used for tests and for echoing usage records back to JS).
pub fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => write_f64(out, *n),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => write_array(out, items, write_value),
        Value::Object(members) => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                write_value(out, v);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Value, ParseError> {
        parse(s.as_bytes())
    }

    #[test]
    fn parses_every_kind_of_value() {
        let v = p(r#" {"a": [1, -2.5e2, true, false, null], "b": "x\"\\\/\n\u00e9\ud83d\ude00"} "#)
            .unwrap();
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
        assert_eq!(v.get("b").unwrap().as_str(), Some("x\"\\/\né😀"));
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
        // Within two ulps of the correctly rounded value for awkward fractions.
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
        assert_eq!(
            p(r#""\ud800""#).unwrap_err().reason,
            "lone surrogate in string"
        );
        assert_eq!(
            p(r#""\udc00x""#).unwrap_err().reason,
            "lone surrogate in string"
        );
        assert_eq!(
            p(r#""\ud800\u0041""#).unwrap_err().reason,
            "lone surrogate in string"
        );
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
    fn writes_strings_that_read_back() {
        let s = "quote\" back\\ nl\n tab\t ctl\u{1}\u{1f} é 😀";
        let mut out = String::new();
        write_string(&mut out, s);
        assert_eq!(
            out,
            "\"quote\\\" back\\\\ nl\\n tab\\t ctl\\u0001\\u001f é 😀\""
        );
        assert_eq!(p(&out).unwrap().as_str(), Some(s));
    }

    #[test]
    fn writes_numbers() {
        let mut out = String::new();
        for n in [0, 7, -42, i64::MAX, i64::MIN] {
            out.clear();
            write_i64(&mut out, n);
            assert_eq!(out, n.to_string());
        }
        out.clear();
        write_f64(&mut out, 1.5);
        out.push(' ');
        write_f64(&mut out, 1_732_000_000.0);
        out.push(' ');
        write_f64(&mut out, f64::NAN);
        assert_eq!(out, "1.5 1732000000 null");
    }

    #[test]
    fn value_round_trips() {
        let text = r#"{"a":[1,2.5,"x",null,true],"b":{"c":false}}"#;
        let mut out = String::new();
        write_value(&mut out, &p(text).unwrap());
        assert_eq!(out, text);
    }
}

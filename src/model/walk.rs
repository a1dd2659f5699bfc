//! The one schema-driven walker: JS input text → validated value → awsJson1_1 body, and
//! response body → JS output text. Generic over the generated tables: no code per shape.
//!
//! Inputs arrive as `JSON.stringify` text with the JS API's camelCase names; a `Date` arrives
//! as its `toJSON` text (ISO 8601) and an invalid one as `null`. Every constraint the model
//! states is checked before anything is written: required members, types, lengths (in Unicode
//! scalar values, as Smithy's `@length` counts), patterns, ranges, list sizes. Unknown members
//! are refused — a misspelt `quantitiy` would otherwise meter 0 without a word — with a hint
//! when the name is a member in another case (users arrive from the SDK's PascalCase).
//! `null` for an optional member counts as absent, like `undefined`.
//!
//! Outputs are read leniently, as the AWS SDKs read them: unknown members are skipped (AWS
//! adds members), enum values pass through, and only a value of the wrong type — which no
//! output can be built from — is an error.

use alloc::string::String;

use super::schema::{
    Atom, Member, Pattern, Shape, StringShape, Structure, DEFAULT_EMPTY, IDEMPOTENCY_TOKEN,
    REQUIRED,
};
use super::{Path, ValidationError};
use crate::json::{self, Str, Value};
use crate::num;
use crate::time;

/// How far a list's own size limit applies: `meterUsageRecords` takes any number of records
/// in its top-level list, which it splits into calls within the limit.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TopList {
    Bounded,
    Unbounded,
}

/// Unknown member names are echoed in the error (they are names, not values) but cut short.
const MAX_NAME_SHOWN: usize = 64;

/// The largest instant a JS `Date` can hold: 8.64e15 ms either side of 1970.
const MAX_DATE_MILLIS: f64 = 8.64e15;

/// Parses JS input text and checks it against `structure`. On success the value is ready for
/// [`write_wire`].
pub fn read_input<'a>(
    structure: &'static Structure,
    text: &'a [u8],
    top: TopList,
) -> Result<Value<'a>, ValidationError> {
    let value = json::parse(text).map_err(|e| {
        ValidationError::at(
            &Path::Root,
            if e.reason == "lone surrogate in string" {
                "holds a string with a lone UTF-16 surrogate, which cannot be sent"
            } else {
                "is not valid JSON"
            },
        )
    })?;
    check_structure(structure, &value, &Path::Root, top)?;
    Ok(value)
}

fn type_error(path: &Path<'_>, expected: &str, got: &Value<'_>) -> ValidationError {
    let mut rule = String::from("must be ");
    rule.push_str(expected);
    rule.push_str(", not ");
    rule.push_str(got.type_name());
    ValidationError::at(path, rule)
}

/// The member of an object named `name` ([`Value::get`]: the last one wins, as in
/// `JSON.parse`), `null` being absent.
fn find<'v, 'a>(object: &'v Value<'a>, name: &str) -> Option<&'v Value<'a>> {
    object.get(name).filter(|v| !matches!(v, Value::Null))
}

fn check_structure(
    structure: &'static Structure,
    value: &Value<'_>,
    path: &Path<'_>,
    top: TopList,
) -> Result<(), ValidationError> {
    let Value::Object(members) = value else {
        return Err(type_error(path, "an object", value));
    };
    for (name, _) in members {
        if !structure.members.iter().any(|m| name.is(m.js_name)) {
            return Err(unknown_member(structure, *name, path));
        }
    }
    for member in structure.members {
        let at = path.member(member.js_name);
        match value.get(member.js_name) {
            // An invalid `Date` reaches here as `null` (its `toJSON`), so say so.
            Some(Value::Null) if matches!(member.shape, Shape::Timestamp) => {
                return Err(ValidationError::at(&at, "must be a valid Date"))
            }
            None | Some(Value::Null) if member.is(REQUIRED) => {
                return Err(ValidationError::at(&at, "is required"))
            }
            None | Some(Value::Null) => {}
            Some(v) => check_shape(member.shape, v, &at, top)?,
        }
    }
    Ok(())
}

fn unknown_member(structure: &Structure, name: Str<'_>, path: &Path<'_>) -> ValidationError {
    let text = name.text();
    let shown: String = text.chars().take(MAX_NAME_SHOWN).collect();
    let near = structure
        .members
        .iter()
        .find(|m| m.js_name.eq_ignore_ascii_case(&text));
    match near {
        Some(m) => {
            let mut rule = String::from("is not a known member; did you mean ");
            rule.push_str(m.js_name);
            rule.push('?');
            ValidationError::at(&path.member(&shown), rule)
        }
        None => ValidationError::at(
            &path.member(&shown),
            "is not a known member (check its spelling)",
        ),
    }
}

fn check_shape(
    shape: Shape,
    value: &Value<'_>,
    path: &Path<'_>,
    top: TopList,
) -> Result<(), ValidationError> {
    match shape {
        Shape::String(s) => match value {
            Value::String(v) => check_string(s, &v.text(), path),
            _ => Err(type_error(path, "a string", value)),
        },
        Shape::Enum(values) => match value {
            Value::String(v) if values.iter().any(|e| v.is(e)) => Ok(()),
            Value::String(_) => {
                let mut rule = String::from("must be one of ");
                for (i, e) in values.iter().enumerate() {
                    if i > 0 {
                        rule.push_str(", ");
                    }
                    rule.push_str(e);
                }
                Err(ValidationError::at(path, rule))
            }
            _ => Err(type_error(path, "a string", value)),
        },
        Shape::Integer(range) => {
            let Value::Number(n) = *value else {
                return Err(type_error(path, "an integer", value));
            };
            if !num::is_integral(n) {
                return Err(ValidationError::at(path, "must be an integer"));
            }
            if n < range.min as f64 || n > range.max as f64 {
                let mut rule = String::from("must be an integer from ");
                json::write_i64(&mut rule, range.min);
                rule.push_str(" to ");
                json::write_i64(&mut rule, range.max);
                return Err(ValidationError::at(path, rule));
            }
            Ok(())
        }
        Shape::Boolean => match value {
            Value::Bool(_) => Ok(()),
            _ => Err(type_error(path, "a boolean", value)),
        },
        Shape::Timestamp => match value {
            Value::String(s) if js_date_millis(*s).is_some() => Ok(()),
            // A Date past 9999 (or before year 0) writes a signed six-digit year.
            Value::String(s) if s.raw().starts_with(['+', '-']) => Err(ValidationError::at(
                path,
                "must be a Date between the years 0 and 9999",
            )),
            Value::String(_) => Err(ValidationError::at(path, "must be a valid Date")),
            _ => Err(type_error(path, "a Date", value)),
        },
        Shape::List(list) => {
            let Value::Array(items) = value else {
                return Err(type_error(path, "an array", value));
            };
            let bounded = top == TopList::Bounded;
            let n = items.len() as u64;
            if n < u64::from(list.min) || (bounded && n > u64::from(list.max)) {
                return Err(ValidationError::at(
                    path,
                    count_rule(list.min, list.max, "items"),
                ));
            }
            for (i, item) in items.iter().enumerate() {
                // Only the top-level list can be unbounded.
                check_shape(list.member, item, &path.index(i), TopList::Bounded)?;
            }
            Ok(())
        }
        Shape::Structure(s) => check_structure(s, value, path, TopList::Bounded),
    }
}

/// `must be 1 to 255 characters`, `must have at most 25 items`, `must not be empty`…
fn count_rule(min: u32, max: u32, unit: &str) -> String {
    if (min, max, unit) == (1, u32::MAX, "characters") {
        return String::from("must not be empty");
    }
    let mut rule = String::from(if unit == "items" {
        "must have "
    } else {
        "must be "
    });
    match (min, max) {
        (min, u32::MAX) => {
            rule.push_str("at least ");
            json::write_u64(&mut rule, u64::from(min));
        }
        (0, max) => {
            rule.push_str("at most ");
            json::write_u64(&mut rule, u64::from(max));
        }
        (min, max) => {
            json::write_u64(&mut rule, u64::from(min));
            rule.push_str(" to ");
            json::write_u64(&mut rule, u64::from(max));
        }
    }
    rule.push(' ');
    rule.push_str(unit);
    rule
}

fn check_string(shape: &StringShape, s: &str, path: &Path<'_>) -> Result<(), ValidationError> {
    // Bytes bound chars from above and a non-empty string has at least one char, so most
    // strings pass without being counted.
    let fits_fast = shape.min <= u32::from(!s.is_empty()) && s.len() as u64 <= u64::from(shape.max);
    if !fits_fast {
        // Unicode scalar values: every byte but UTF-8's continuation bytes starts one.
        let n = s.bytes().filter(|&b| b & 0xC0 != 0x80).count() as u64;
        if n < u64::from(shape.min) || n > u64::from(shape.max) {
            return Err(ValidationError::at(
                path,
                count_rule(shape.min, shape.max, "characters"),
            ));
        }
    }
    match shape.pattern {
        Some(p) if !matches(p, s) => Err(ValidationError::at(path, p.rule)),
        _ => Ok(()),
    }
}

/// Whether `s` as a whole matches the compiled pattern: each atom takes between `min` and
/// `max` characters of its set, longest first, backtracking when what follows fails. Patterns
/// have a handful of atoms, so the recursion is shallow; the work is bounded by the string's
/// length times the number of atoms for the patterns in the model.
pub fn matches(pattern: &Pattern, s: &str) -> bool {
    match_atoms(pattern.atoms, s)
}

fn match_atoms(atoms: &[Atom], s: &str) -> bool {
    let Some((atom, rest)) = atoms.split_first() else {
        return s.is_empty();
    };
    let in_set = |c: char| atom.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi);
    let max = if atom.max == u16::MAX {
        usize::MAX
    } else {
        usize::from(atom.max)
    };
    // Take as many characters of the set as allowed, then give them back one at a time.
    let (mut taken, mut end) = (0usize, 0usize);
    for c in s.chars() {
        if taken == max || !in_set(c) {
            break;
        }
        taken += 1;
        end += c.len_utf8();
    }
    loop {
        if taken < usize::from(atom.min) {
            return false;
        }
        if match_atoms(rest, s.get(end..).unwrap_or_default()) {
            return true;
        }
        match s.get(..end).and_then(|head| head.chars().next_back()) {
            Some(c) if taken > 0 => {
                taken -= 1;
                end -= c.len_utf8();
            }
            _ => return false,
        }
    }
}

/// A `Date`'s `toJSON` text (`2026-11-30T10:00:00.000Z`) as epoch milliseconds.
fn js_date_millis(s: Str<'_>) -> Option<i64> {
    time::parse_rfc3339_millis(s.raw())
}

/// Writes the awsJson1_1 body of a value [`read_input`] accepted: wire names, model order,
/// timestamps as epoch seconds (floored, so a record never moves into the next hour), no
/// absent or `null` members, no empty string where the model's default is `""`, and
/// `token` as the idempotency token when the caller gave none.
pub fn write_wire(out: &mut String, structure: &Structure, value: &Value<'_>, token: Option<&str>) {
    out.push('{');
    write_members(out, structure, value, token, None, &mut true);
    out.push('}');
}

/// The members of `structure` in `value`, except `skip` (an index into the members), each
/// after a comma unless `first`.
pub fn write_members(
    out: &mut String,
    structure: &Structure,
    value: &Value<'_>,
    token: Option<&str>,
    skip: Option<usize>,
    first: &mut bool,
) {
    if !matches!(value, Value::Object(_)) {
        return;
    }
    for (i, member) in structure.members.iter().enumerate() {
        if skip == Some(i) {
            continue;
        }
        match find(value, member.js_name) {
            Some(Value::String(s)) if member.is(DEFAULT_EMPTY) && s.raw().is_empty() => {}
            Some(v) => {
                json::write_key(out, first, member.wire_name);
                write_value(out, member.shape, v);
            }
            None => {
                if let (true, Some(token)) = (member.is(IDEMPOTENCY_TOKEN), token) {
                    json::write_key(out, first, member.wire_name);
                    json::write_string(out, token);
                }
            }
        }
    }
}

fn write_value(out: &mut String, shape: Shape, value: &Value<'_>) {
    match (shape, value) {
        (Shape::Timestamp, Value::String(s)) => {
            let millis = js_date_millis(*s).unwrap_or(0);
            json::write_i64(out, millis.div_euclid(1000));
        }
        (Shape::Structure(s), v) => write_wire(out, s, v, None),
        (Shape::List(list), Value::Array(items)) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, list.member, item);
            }
            out.push(']');
        }
        (_, Value::String(s)) => json::write_str(out, *s),
        // Validated as an integer within the model's range, so the cast is exact.
        (_, Value::Number(n)) => json::write_i64(out, *n as i64),
        (_, Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
        _ => out.push_str("null"),
    }
}

/// Why a 2xx body does not fit the output shape: the wire path and what was expected there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError {
    pub path: String,
    pub expected: &'static str,
}

fn wrong(path: &Path<'_>, expected: &'static str) -> WireError {
    let mut rendered = path.render();
    if rendered.is_empty() {
        rendered.push_str("body");
    }
    WireError {
        path: rendered,
        expected,
    }
}

/// Writes the JS output (camelCase JSON text, timestamps as `{"$date": ms}`) of a response
/// body for `structure`, leaving the object open so the caller can add members
/// (`$metadata`). A list member of the operation's output that the service left out is `[]`:
/// the JS API always hands back its lists.
pub fn write_output(
    out: &mut String,
    structure: &Structure,
    body: &Value<'_>,
    first: &mut bool,
) -> Result<(), WireError> {
    if !matches!(body, Value::Object(_)) {
        return Err(wrong(&Path::Root, "an object"));
    }
    out.push('{');
    for member in structure.members {
        let at = Path::Root.member(member.wire_name);
        match find(body, member.wire_name) {
            Some(v) => {
                json::write_key(out, first, member.js_name);
                write_js(out, member.shape, v, &at)?;
            }
            None if matches!(member.shape, Shape::List(_)) => {
                json::write_key(out, first, member.js_name);
                out.push_str("[]");
            }
            None => {}
        }
    }
    Ok(())
}

fn write_js(
    out: &mut String,
    shape: Shape,
    value: &Value<'_>,
    path: &Path<'_>,
) -> Result<(), WireError> {
    match (shape, value) {
        (Shape::String(_) | Shape::Enum(_), Value::String(s)) => json::write_str(out, *s),
        (Shape::String(_) | Shape::Enum(_), _) => return Err(wrong(path, "a string")),
        (Shape::Integer(_), Value::Number(n)) if num::is_integral(*n) && n.abs() <= 9.0e15 => {
            json::write_i64(out, *n as i64)
        }
        (Shape::Integer(_), _) => return Err(wrong(path, "an integer")),
        (Shape::Boolean, Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
        (Shape::Boolean, _) => return Err(wrong(path, "a boolean")),
        (Shape::Timestamp, Value::Number(secs)) => {
            let millis = num::round(secs * 1000.0);
            if millis.is_nan() || millis.abs() > MAX_DATE_MILLIS {
                return Err(wrong(path, "epoch seconds within the JS Date range"));
            }
            out.push_str("{\"$date\":");
            json::write_i64(out, millis as i64);
            out.push('}');
        }
        (Shape::Timestamp, _) => return Err(wrong(path, "a number of epoch seconds")),
        (Shape::List(list), Value::Array(items)) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_js(out, list.member, item, &path.index(i))?;
            }
            out.push(']');
        }
        (Shape::List(_), _) => return Err(wrong(path, "an array")),
        (Shape::Structure(s), Value::Object(_)) => {
            out.push('{');
            let mut first = true;
            for member in s.members {
                let at = path.member(member.wire_name);
                match find(value, member.wire_name) {
                    Some(v) => {
                        json::write_key(out, &mut first, member.js_name);
                        write_js(out, member.shape, v, &at)?;
                    }
                    // A required member missing from what the service echoes: the value
                    // cannot be what the model says (and cannot be matched to a request).
                    None if member.is(REQUIRED) => return Err(wrong(&at, "a required member")),
                    None => {}
                }
            }
            out.push('}');
        }
        (Shape::Structure(_), _) => return Err(wrong(path, "an object")),
    }
    Ok(())
}

/// A member of an object by its wire or JS name, `null` being absent: for the few places
/// that need one member's value (batch matching), through the generated member indices.
pub fn member<'v, 'a>(
    value: &'v Value<'a>,
    member: &Member,
    naming: Naming,
) -> Option<&'v Value<'a>> {
    find(value, naming.name(member))
}

/// Which of a member's names a value uses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Naming {
    /// The JS API's camelCase (inputs).
    Js,
    /// The model's member names (the wire).
    Wire,
}

impl Naming {
    pub fn name(self, member: &Member) -> &'static str {
        match self {
            Naming::Js => member.js_name,
            Naming::Wire => member.wire_name,
        }
    }
}

/// A timestamp member's value as epoch seconds: a JS input's `Date` text, or the wire's
/// epoch seconds (floored either way, as requests send them).
pub fn epoch_seconds(value: &Value<'_>) -> Option<i64> {
    match value {
        Value::String(s) => js_date_millis(*s).map(|ms| ms.div_euclid(1000)),
        Value::Number(secs) if secs.is_finite() && secs.abs() <= MAX_DATE_MILLIS / 1000.0 => {
            Some(num::floor(*secs) as i64)
        }
        _ => None,
    }
}

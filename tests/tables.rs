//! The generated tables (`src/model/tables.rs`) against the model they come from, read here at
//! test time from `../shared/aws-model/marketplace-metering.smithy.json`: every operation, error,
//! structure, member and constraint of the model is in the tables, and nothing else is. The
//! compiled patterns are checked against ECMAScript's RegExp through `tests/data/pattern-cases.json`
//! (strings and what `RegExp(source, "u")` answered, written by `make generate` with Node), with a
//! reference backtracking matcher over the atoms and with the walker's own `walk::matches`.
// Native only (plain #[test], files read from disk): `wasm-pack test` builds every test target
// for wasm32, where tests/wasm.rs is the suite.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use marketplace_metering_wasm::json;
use marketplace_metering_wasm::model::schema::{
    self, Atom, Fault, Pattern, Shape, Structure, DEFAULT_EMPTY, IDEMPOTENCY_TOKEN, REQUIRED,
};
use marketplace_metering_wasm::model::tables::{self, Operation, ERRORS, OPERATIONS, SERVICE};
use marketplace_metering_wasm::model::walk;

const T: &str = "smithy.api#";

/// The model as an owned tree (the crate's reader borrows from the text), for easy walking.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    fn from(v: &json::Value<'_>) -> Value {
        match v {
            json::Value::Null => Value::Null,
            json::Value::Bool(b) => Value::Bool(*b),
            json::Value::Number(n) => Value::Number(*n),
            json::Value::String(s) => Value::String(s.text().into_owned()),
            json::Value::Array(items) => Value::Array(items.iter().map(Value::from).collect()),
            json::Value::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.text().into_owned(), Value::from(v)))
                    .collect(),
            ),
        }
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }
}

fn read(path: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Value::from(&json::parse(&bytes).unwrap_or_else(|e| panic!("{}: {e:?}", path.display())))
}

fn model() -> &'static Value {
    static MODEL: OnceLock<Value> = OnceLock::new();
    MODEL.get_or_init(|| read("../shared/aws-model/marketplace-metering.smithy.json"))
}

fn shapes() -> &'static [(String, Value)] {
    model().get("shapes").and_then(Value::as_object).unwrap()
}

fn shape(id: &str) -> &'static Value {
    model()
        .get("shapes")
        .and_then(|s| s.get(id))
        .unwrap_or_else(|| panic!("no shape {id}"))
}

fn name(id: &str) -> &str {
    id.rsplit('#').next().unwrap()
}

fn trait_of<'a>(node: &'a Value, t: &str) -> Option<&'a Value> {
    node.get("traits")
        .and_then(|traits| traits.get(&format!("{T}{t}")))
}

fn num(v: Option<&Value>) -> Option<i64> {
    v.and_then(Value::as_f64).map(|n| n as i64)
}

/// The id in `node[key].target` (`key` "" for a member's own `target`), borrowed from the model,
/// which lives for the whole run.
fn target(node: &Value, key: &str) -> &'static str {
    let holder = if key.is_empty() {
        Some(node)
    } else {
        node.get(key)
    };
    let id = holder.and_then(|v| v.get("target")).and_then(Value::as_str);
    let id = id.unwrap_or_else(|| panic!("no {key} target"));
    shapes()
        .iter()
        .find(|(k, _)| k == id)
        .map(|(k, _)| k.as_str())
        .unwrap_or_else(|| panic!("no shape {id}"))
}

fn service() -> (&'static str, &'static Value) {
    let (id, svc) = shapes()
        .iter()
        .find(|(_, s)| s.get("type").and_then(Value::as_str) == Some("service"))
        .unwrap();
    (id, svc)
}

#[test]
fn service_matches_the_model() {
    let (id, svc) = service();
    assert_eq!(SERVICE.target_prefix, name(id));
    assert_eq!(
        SERVICE.api_version,
        svc.get("version").and_then(Value::as_str).unwrap()
    );
    let traits = svc.get("traits").unwrap();
    let sdk_id = traits.get("aws.api#service").and_then(|s| s.get("sdkId"));
    assert_eq!(Some(SERVICE.sdk_id), sdk_id.and_then(Value::as_str));
    let signing = traits.get("aws.auth#sigv4").and_then(|s| s.get("name"));
    assert_eq!(Some(SERVICE.signing_name), signing.and_then(Value::as_str));
}

#[test]
fn errors_are_every_error_structure_sorted() {
    let mut expected: Vec<(&str, Fault, u16)> = shapes()
        .iter()
        .filter_map(|(id, s)| {
            let fault = trait_of(s, "error")?.as_str()?;
            let fault = if fault == "server" {
                Fault::Server
            } else {
                Fault::Client
            };
            Some((
                name(id),
                fault,
                num(trait_of(s, "httpError")).unwrap_or(0) as u16,
            ))
        })
        .collect();
    expected.sort_by_key(|e| e.0);
    let actual: Vec<(&str, Fault, u16)> = ERRORS
        .iter()
        .map(|e| (e.code, e.fault, e.http_status))
        .collect();
    assert_eq!(actual, expected);
    assert_eq!(ERRORS.len(), 19, "the model has 19 errors today");
}

#[test]
fn operations_match_the_model_in_its_order() {
    let (_, svc) = service();
    let ops = svc.get("operations").and_then(Value::as_array).unwrap();
    assert_eq!(OPERATIONS.len(), ops.len());
    assert_eq!(Operation::ALL.len(), ops.len());
    for ((op_ref, row), op) in ops.iter().zip(&OPERATIONS).zip(Operation::ALL) {
        let id = op_ref.get("target").and_then(Value::as_str).unwrap();
        let node = shape(id);
        assert_eq!(row.name, name(id));
        assert!(
            std::ptr::eq(op.shape(), row),
            "{} indexes its own row",
            row.name
        );
        assert_eq!(op.name(), row.name);
        assert_eq!(Operation::from_name(row.name), Some(op));
        let mut js = row.name.to_owned();
        js[..1].make_ascii_lowercase();
        assert_eq!(row.js_name, js);
        assert_eq!(row.input.name, name(target(node, "input")));
        assert_eq!(row.output.name, name(target(node, "output")));
        let errors: BTreeSet<&str> = node
            .get("errors")
            .and_then(Value::as_array)
            .unwrap()
            .iter()
            .map(|e| name(e.get("target").and_then(Value::as_str).unwrap()))
            .collect();
        let indexed: BTreeSet<&str> = row
            .errors
            .iter()
            .map(|&i| ERRORS[usize::from(i)].code)
            .collect();
        assert_eq!(indexed, errors, "{}'s errors", row.name);
    }
    assert_eq!(Operation::from_name("meterUsage"), None);
}

/// Every structure the tables reach from the operations, by name.
fn table_structures() -> BTreeMap<&'static str, &'static Structure> {
    fn walk(shape: Shape, out: &mut BTreeMap<&'static str, &'static Structure>) {
        match shape {
            Shape::Structure(s) if out.insert(s.name, s).is_none() => {
                for m in s.members {
                    walk(m.shape, out);
                }
            }
            Shape::List(l) => walk(l.member, out),
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for op in &OPERATIONS {
        walk(Shape::Structure(op.input), &mut out);
        walk(Shape::Structure(op.output), &mut out);
    }
    out
}

/// Checks a member's shape against the model shape `id`; collects patterns on the way.
fn check_shape(
    table: Shape,
    id: &str,
    at: &str,
    patterns: &mut Vec<(&'static str, Option<&'static Pattern>)>,
) {
    let node = shape(id);
    let ty = node.get("type").and_then(Value::as_str).unwrap();
    let length = trait_of(node, "length");
    let range = trait_of(node, "range");
    let (min, max) = (
        num(length.and_then(|l| l.get("min"))),
        num(length.and_then(|l| l.get("max"))),
    );
    match (ty, table) {
        ("string", Shape::String(s)) => {
            assert_eq!(s.name, name(id), "{at}");
            assert_eq!(
                (i64::from(s.min), i64::from(s.max)),
                (min.unwrap_or(0), max.unwrap_or(u32::MAX.into())),
                "{at} length"
            );
            let source = trait_of(node, "pattern").and_then(Value::as_str);
            match (source, s.pattern) {
                (Some(src), Some(p)) => assert_eq!(p.source, src, "{at}"),
                // Only a pattern that admits every string may be left out.
                (Some(src), None) => assert_eq!(src, r"^[\s\S]*$", "{at}: pattern dropped"),
                (None, p) => assert!(p.is_none(), "{at}: a pattern the model does not have"),
            }
            if let Some(src) = source {
                patterns.push((src, s.pattern));
            }
        }
        ("integer", Shape::Integer(i)) => {
            assert_eq!(i.name, name(id), "{at}");
            let lo = num(range.and_then(|r| r.get("min"))).unwrap_or(i32::MIN.into());
            let hi = num(range.and_then(|r| r.get("max"))).unwrap_or(i32::MAX.into());
            assert_eq!((i.min, i.max), (lo, hi), "{at} range");
        }
        ("list", Shape::List(l)) => {
            assert_eq!(l.name, name(id), "{at}");
            assert_eq!(
                (i64::from(l.min), i64::from(l.max)),
                (min.unwrap_or(0), max.unwrap_or(u32::MAX.into())),
                "{at} length"
            );
            check_shape(
                l.member,
                target(node, "member"),
                &format!("{at}[]"),
                patterns,
            );
        }
        ("enum", Shape::Enum(values)) => {
            let expected: Vec<&str> = node
                .get("members")
                .and_then(Value::as_object)
                .unwrap()
                .iter()
                .map(|(_, m)| trait_of(m, "enumValue").and_then(Value::as_str).unwrap())
                .collect();
            assert_eq!(values, expected.as_slice(), "{at}");
        }
        ("structure", Shape::Structure(s)) => assert_eq!(s.name, name(id), "{at}"),
        ("boolean", Shape::Boolean) | ("timestamp", Shape::Timestamp) => {}
        _ => panic!("{at}: model type {ty}, table shape of another kind"),
    }
}

fn model_structures() -> BTreeMap<&'static str, &'static str> {
    // Reached from the operations, as the generator walks them (errors are not members).
    fn walk(id: &'static str, out: &mut BTreeMap<&'static str, &'static str>) {
        let node = shape(id);
        match node.get("type").and_then(Value::as_str) {
            Some("structure") if out.insert(name(id), id).is_none() => {
                for (_, m) in node.get("members").and_then(Value::as_object).unwrap() {
                    let t = m.get("target").and_then(Value::as_str).unwrap();
                    if let Some((k, _)) = shapes().iter().find(|(k, _)| k == t) {
                        walk(k, out);
                    }
                }
            }
            Some("list") => walk(target(node, "member"), out),
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    let (_, svc) = service();
    for op in svc.get("operations").and_then(Value::as_array).unwrap() {
        let node = shape(op.get("target").and_then(Value::as_str).unwrap());
        walk(target(node, "input"), &mut out);
        walk(target(node, "output"), &mut out);
    }
    out
}

fn all_patterns() -> Vec<(&'static str, Option<&'static Pattern>)> {
    let structures = table_structures();
    let mut patterns = Vec::new();
    for (struct_name, id) in model_structures() {
        let node = shape(id);
        let members = node.get("members").and_then(Value::as_object).unwrap();
        for (m, (wire, member)) in structures[struct_name].members.iter().zip(members) {
            check_shape(
                m.shape,
                target(member, ""),
                &format!("{struct_name}.{wire}"),
                &mut patterns,
            );
        }
    }
    patterns
}

#[test]
fn structures_and_members_match_the_model() {
    let structures = table_structures();
    let expected = model_structures();
    assert_eq!(
        structures.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (struct_name, id) in expected {
        let s = structures[struct_name];
        let members = shape(id).get("members").and_then(Value::as_object).unwrap();
        let wire: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
        let table: Vec<&str> = s.members.iter().map(|m| m.wire_name).collect();
        assert_eq!(table, wire, "{struct_name}: members in model order");
        for (m, (wire, member)) in s.members.iter().zip(members) {
            let mut js = wire.clone();
            js[..1].make_ascii_lowercase();
            assert_eq!(m.js_name, js);
            let flag = |t: &str, f: u8| if trait_of(member, t).is_some() { f } else { 0 };
            let default_empty = match trait_of(member, "default") {
                Some(Value::String(s)) if s.is_empty() => DEFAULT_EMPTY,
                None => 0,
                Some(other) => panic!("{struct_name}.{wire}: default {other:?}"),
            };
            let flags = flag("required", REQUIRED)
                | flag("idempotencyToken", IDEMPOTENCY_TOKEN)
                | default_empty;
            assert_eq!(m.flags, flags, "{struct_name}.{wire} flags");
        }
    }
    all_patterns(); // every member's shape and constraints
}

#[test]
fn member_indices_name_their_members() {
    use tables::{usage_record, BATCH_METER_USAGE_REQUEST, METER_USAGE_REQUEST, USAGE_RECORD};
    assert_eq!(
        USAGE_RECORD.members[usage_record::TIMESTAMP].wire_name,
        "Timestamp"
    );
    assert_eq!(
        USAGE_RECORD.members[usage_record::CUSTOMER_AWS_ACCOUNT_ID].wire_name,
        "CustomerAWSAccountId"
    );
    assert_eq!(
        USAGE_RECORD.members[usage_record::LICENSE_ARN].wire_name,
        "LicenseArn"
    );
    let token = &METER_USAGE_REQUEST.members[tables::meter_usage_request::CLIENT_TOKEN];
    assert!(token.is(IDEMPOTENCY_TOKEN) && !token.is(REQUIRED));
    let code = &BATCH_METER_USAGE_REQUEST.members[tables::batch_meter_usage_request::PRODUCT_CODE];
    assert!(code.is(DEFAULT_EMPTY));
}

#[test]
fn member_docs_have_a_plain_first_sentence_per_member() {
    let rows: HashSet<(&str, &str)> = tables::MEMBER_DOCS
        .iter()
        .map(|(s, m, _)| (*s, *m))
        .collect();
    let structures = table_structures();
    let count: usize = structures.values().map(|s| s.members.len()).sum();
    assert_eq!(tables::MEMBER_DOCS.len(), count, "one row per member");
    for s in structures.values() {
        for m in s.members {
            assert!(
                rows.contains(&(s.name, m.wire_name)),
                "{}.{}",
                s.name,
                m.wire_name
            );
        }
    }
    for (s, m, doc) in tables::MEMBER_DOCS {
        assert!(!doc.is_empty(), "{s}.{m}: every member is documented today");
        assert!(
            !doc.contains('<') && !doc.contains("&amp;") && !doc.contains("  "),
            "{s}.{m}: {doc}"
        );
    }
    let (_, _, doc) = tables::MEMBER_DOCS
        .iter()
        .find(|(s, m, _)| *s == "UsageRecord" && *m == "CustomerIdentifier")
        .unwrap();
    assert_eq!(*doc, "The CustomerIdentifier is obtained through the ResolveCustomer operation and represents an individual buyer in your application.");
}

/// The reference: does `atoms` match all of `s`? Backtracking over each atom's counts, with a
/// memo of (atom, position) pairs that failed, so long strings stay fast.
fn matches(atoms: &[Atom], s: &[char]) -> bool {
    fn go(
        atoms: &[Atom],
        s: &[char],
        i: usize,
        pos: usize,
        failed: &mut HashSet<(usize, usize)>,
    ) -> bool {
        let Some(atom) = atoms.get(i) else {
            return pos == s.len();
        };
        if failed.contains(&(i, pos)) {
            return false;
        }
        let in_set = |c: char| atom.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi);
        let max = if atom.max == u16::MAX {
            usize::MAX
        } else {
            usize::from(atom.max)
        };
        let run = s[pos..].iter().take_while(|&&c| in_set(c)).count().min(max);
        let found = (usize::from(atom.min)..=run)
            .rev()
            .any(|k| go(atoms, s, i + 1, pos + k, failed));
        if !found {
            failed.insert((i, pos));
        }
        found
    }
    go(atoms, s, 0, 0, &mut HashSet::new())
}

#[test]
fn patterns_agree_with_ecmascript_regexp() {
    let fixture = read("tests/data/pattern-cases.json");
    let groups = fixture.get("patterns").and_then(Value::as_array).unwrap();
    let by_source: BTreeMap<&str, &[Value]> = groups
        .iter()
        .map(|g| {
            (
                g.get("source").and_then(Value::as_str).unwrap(),
                g.get("cases").and_then(Value::as_array).unwrap(),
            )
        })
        .collect();
    let patterns = all_patterns();
    let sources: BTreeSet<&str> = patterns.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        by_source.keys().copied().collect::<BTreeSet<_>>(),
        sources,
        "the fixture covers the model's patterns"
    );
    let mut checked = 0;
    for (source, compiled) in patterns {
        let mut seen = [false, false];
        for case in by_source[source] {
            let case = case.as_array().unwrap();
            let text = case[0].as_str().unwrap();
            let js = matches!(case[1], Value::Bool(true));
            let chars: Vec<char> = text.chars().collect();
            // `pattern: None` admits every string.
            let ours = compiled.is_none_or(|p| matches(p.atoms, &chars));
            assert_eq!(
                ours, js,
                "{source} on {text:?}: atoms say {ours}, RegExp says {js}"
            );
            // And the matcher validation runs, which the reference above only stands beside.
            let walker = compiled.is_none_or(|p| walk::matches(p, text));
            assert_eq!(
                walker, js,
                "{source} on {text:?}: walk::matches says {walker}, RegExp says {js}"
            );
            seen[usize::from(js)] = true;
            checked += 1;
        }
        assert!(seen[1], "{source}: no matching case");
        assert!(
            seen[0] || compiled.is_none() || source == r"^[\s\S]+$",
            "{source}: no failing case"
        );
    }
    assert!(checked > 1000, "{checked} cases");
}

#[test]
fn pattern_rules_read_as_validate_rs_writes_them() {
    let rule = |s: &'static schema::StringShape| s.pattern.map(|p| p.rule);
    assert_eq!(
        rule(&tables::PRODUCT_CODE),
        Some("may contain only letters, digits and - / = : _ . @")
    );
    assert_eq!(
        rule(&tables::CUSTOMER_AWS_ACCOUNT_ID),
        Some("must contain only digits")
    );
    assert_eq!(
        rule(&tables::TAG_KEY),
        Some("may contain only letters, digits, space and !\"#$%&'()*+,-./:;<=@_")
    );
    assert_eq!(rule(&tables::USAGE_DIMENSION), Some("must not be empty"));
    assert_eq!(
        rule(&tables::CUSTOMER_IDENTIFIER),
        None,
        r"^[\s\S]*$ admits everything"
    );
    assert!(rule(&tables::LICENSE_ARN)
        .is_some_and(|r| r.starts_with("must match the pattern ^arn:aws")));
}

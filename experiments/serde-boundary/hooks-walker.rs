// --- appended by experiments/serde-boundary/build.sh (BENCH_HOOKS=1 copies only) ---
/// The serde-boundary experiment's output benchmark: a 2xx body to the JS output text exactly
/// as `Call::read` writes it (the driver then `JSON.parse`s it with its reviver).
#[wasm_bindgen(js_name = __benchOutput, skip_typescript)]
pub fn bench_output(op: &str, body: &[u8]) -> String {
    let (Some(op), Ok(value)) = (Operation::from_name(op), crate::json::parse(body)) else {
        return String::new();
    };
    let mut out = String::with_capacity(body.len() + 96);
    let mut first = true;
    if crate::model::walk::write_output(&mut out, op.shape().output, &value, &mut first).is_err() {
        return String::new();
    }
    crate::json::write_key(&mut out, &mut first, "$metadata");
    out.push('{');
    crate::error::write_metadata_members(&mut out, &mut true, Some(200), Some("bench"), 1, 0);
    out.push_str("}}");
    out
}

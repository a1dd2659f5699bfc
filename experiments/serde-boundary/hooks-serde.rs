// --- appended by experiments/serde-boundary/build.sh (BENCH_HOOKS=1 copies only) ---
/// The serde-boundary experiment's output benchmark: a 2xx body to the JS output exactly as
/// `Call::read` and `Call::output` make it (typed, then `serde_wasm_bindgen::to_value`).
#[wasm_bindgen(js_name = __benchOutput, skip_typescript)]
pub fn bench_output(op: &str, body: &[u8]) -> Result<JsValue, JsValue> {
    let (Some(op), Ok(value)) = (Operation::from_name(op), crate::json::parse(body)) else {
        return Err(JsValue::NULL);
    };
    let typed = crate::serde_model::read_output(op, &value).map_err(|e| JsValue::from_str(&e))?;
    let metadata = crate::serde_model::Metadata {
        http_status_code: Some(200),
        request_id: Some(String::from("bench")),
        attempts: 1,
        total_retry_delay: 0,
    };
    crate::serde_model::js::output_value(&typed, &metadata)
}

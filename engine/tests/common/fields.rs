//! Reading fields as the model tests compare them: applying an event, then a field's printable
//! value, every value it yields, or its JSON value.
//!
//! Place in the data flow: test event → state → **fields** (read here as text or JSON).

use syssentry_engine::{
    event::Event,
    fields::{extract, format_value, json_value, resolve_full, EvalCtx, Scratch, Value},
    state::State,
};

/// Applies an event (apply only; call `finish` separately when needed).
pub fn apply(st: &mut State, ev: &Event) {
    st.apply(ev);
}

/// The printable value of a field for `ev`, `None` when missing.
pub fn val(st: &State, ev: &Event, field: &str) -> Option<String> {
    let f = resolve_full(field).unwrap_or_else(|e| panic!("{field}: {e}"));
    let ctx = EvalCtx::new(ev, st);
    let mut sc = Scratch::new();
    let mut out = String::new();
    format_value(&f, &ctx, &mut sc, &mut out).then_some(out)
}

/// Every value `extract` yields, as text.
pub fn vals(st: &State, ev: &Event, field: &str) -> Vec<String> {
    let f = resolve_full(field).unwrap_or_else(|e| panic!("{field}: {e}"));
    let ctx = EvalCtx::new(ev, st);
    let mut sc = Scratch::new();
    let mut out = Vec::new();
    extract(&f, &ctx, &mut sc, &mut |v| {
        out.push(match v {
            Value::Str(s) => s.to_string(),
            Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            Value::U64(n) => n.to_string(),
            Value::I64(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Ip(ip) => ip.to_string(),
        });
        false
    });
    out
}

/// The JSON value of a field.
pub fn json(st: &State, ev: &Event, field: &str) -> serde_json::Value {
    let f = resolve_full(field).unwrap_or_else(|e| panic!("{field}: {e}"));
    let ctx = EvalCtx::new(ev, st);
    let mut sc = Scratch::new();
    json_value(&f, &ctx, &mut sc)
}

/// `Some(s.to_string())`.
pub fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

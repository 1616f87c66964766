//! Helpers shared by the model tests: seeding processes and reading fields as text.
#![allow(dead_code)]

use std::sync::Arc;

use syssentry_engine::{
    event::Event,
    fields::{extract, format_value, json_value, resolve_full, EvalCtx, Scratch, Value},
    state::{ProcImage, State, Thread},
};

/// Adds a process (main thread) with the given image to the state.
pub fn seed(st: &mut State, pid: i64, ppid: i64, exepath: &str, argv: &[&str]) {
    let mut t = Thread::new(pid, pid, ppid);
    let comm = exepath.rsplit('/').next().unwrap_or(exepath);
    let args = argv.iter().skip(1).map(|s| s.to_string()).collect();
    t.image = Arc::new(ProcImage::new(
        argv.first().copied().unwrap_or(""),
        exepath,
        comm,
        args,
        vec![],
    ));
    t.cwd = "/root/".into();
    t.clone_ts = 1;
    assert!(st.add_thread(t));
}

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

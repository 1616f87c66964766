//! An alert's `output_fields` values taken from the text its message printed are the values the
//! fields give on their own: for every field the engine knows (with an index, a key or a
//! parameter name where it takes one), over the events of the benchmarks' realistic and
//! worst-case mixes (processes in containers and on the host, files, sockets, execs), the value
//! an alert gives for a field its message printed (`OutputFormat::printed`) equals `json_value`
//! of the field, and so does the value of every other key.

#[path = "../benches/common/mod.rs"]
mod mixes;

use syssentry_engine::fields::{json_value, registry, resolve_full, EvalCtx, ARG_REQUIRED};
use syssentry_engine::filter::compile::EvalScratch;
use syssentry_engine::output::{OutputFormat, OutputOptions, RuleOutput};
use syssentry_engine::rules::Priority;

/// Every field as an output token: plain, and with each argument form it accepts.
fn tokens() -> Vec<String> {
    let mut out = Vec::new();
    for info in registry() {
        let name = info.name;
        let mut forms: Vec<String> = Vec::new();
        if !info.has(ARG_REQUIRED) {
            forms.push(name.to_string());
        }
        for arg in ["[0]", "[1]", "[2]", "[3]", "[HOME]", "[PATH]", ".name", ".fd", ".flags", ".res", ".domain", ".addr", ".tuple"] {
            forms.push(format!("{name}{arg}"));
        }
        for form in forms {
            if resolve_full(&form).is_ok() && OutputFormat::compile(&format!("%{form}")).is_ok() {
                out.push(form);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn values_from_the_message_are_the_fields_own() {
    let tokens = tokens();
    assert!(tokens.len() > 250, "only {} field tokens compiled", tokens.len());
    let text: String = tokens.iter().map(|t| format!("{t}=%{t} ")).collect();
    let format = OutputFormat::compile(&text).expect("a format of every field");
    let keys = format.output_keys().to_vec();
    let output = RuleOutput::new("every field".into(), Priority::Notice, "syscall".into(), Vec::new().into(), format);
    let opts = OutputOptions::default();
    let mut state = mixes::seeded_state();
    let mut scratch = EvalScratch::default();
    let mut compared = 0usize;
    let mut from_text = 0usize;
    let events: Vec<_> = mixes::realistic_mix(2).into_iter().chain(mixes::worst_case_mix(2)).collect();
    for ev in &events {
        state.apply(ev);
        let ctx = EvalCtx::new(ev, &state);
        let alert = output.alert(&ctx, &mut scratch, &opts);
        let fields = alert.output_fields();
        // Every key; the time key replaces the `evt.time` token the format has too.
        assert_eq!(fields.len(), keys.len());
        for (i, (key, field)) in keys.iter().enumerate() {
            let printed = output.format.printed(i, &scratch).is_some();
            from_text += usize::from(printed);
            let own = match key.as_ref() {
                // The time key's value is the event's time whatever field it names.
                "evt.time" => serde_json::json!(ev.ts),
                _ => json_value(field, &ctx, &mut scratch.fields),
            };
            let given = fields.get(key).unwrap_or_else(|| panic!("no {key}")).to_json();
            assert_eq!(given, own, "{key} (from the text: {printed}) on {:?} event {}", ev.event_type(), ev.num);
            compared += usize::from(printed && !own.is_null());
        }
        state.finish(ev);
    }
    // Most keys take their value from the text, and most of those have one on some event.
    assert!(from_text > events.len() * keys.len() * 9 / 10, "{from_text} values taken from the text");
    assert!(compared > events.len() * 20, "only {compared} values present");
}

//! Per-event cost of `Engine::process` (state update + rule evaluation + output for matches) with
//! the stable and incubating rules loaded, on a realistic and on a worst-case event mix, and the
//! parts of it: state only (`State::apply` + `State::finish`) and state + evaluation without
//! output. Criterion's throughput is events per second; time per iteration / events per iteration
//! is the mean cost of one event.
//! Run: `cargo bench -p syssentry-engine --bench evaluate`.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Arc;
use syssentry_engine::eval::{Engine, RuleMatching, RuleSet};
use syssentry_engine::event::Event;
use syssentry_engine::fields::EvalCtx;
use syssentry_engine::filter::compile::EvalScratch;
use syssentry_engine::state::State;

/// Rounds per mix: 1,000 realistic events, 1,020 worst-case events per iteration.
const REALISTIC_ROUNDS: usize = 10;
const WORST_ROUNDS: usize = 20;

/// Runs the mix once through a fresh engine and prints what it raised (so a reader of the numbers
/// knows how many events paid for output formatting).
fn describe(name: &str, rules: &Arc<RuleSet>, events: &[Event]) {
    let mut engine = Engine::new(
        rules.clone(),
        common::seeded_state(),
        common::output_options(),
    );
    let mut fired: BTreeMap<String, usize> = BTreeMap::new();
    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    for ev in events {
        *types.entry(ev.event_type().name()).or_default() += 1;
        engine.process(ev, &mut |a| {
            *fired.entry(a.rule.to_string()).or_default() += 1
        });
    }
    let wanted = events
        .iter()
        .filter(|e| rules.wants(e.event_type()))
        .count();
    let alerts: usize = fired.values().sum();
    eprintln!(
        "{name}: {} events, {wanted} of a type some rule wants, {alerts} alerts; types {types:?}; alerts {fired:?}",
        events.len()
    );
}

fn bench_mix(
    c: &mut Criterion,
    name: &str,
    events: &[Event],
    rules: &Arc<RuleSet>,
    all_rules: Option<&Arc<RuleSet>>,
) {
    describe(name, rules, events);
    let mut g = c.benchmark_group(format!("evaluate/{name}"));
    g.throughput(Throughput::Elements(events.len() as u64));

    let mut engine = Engine::new(
        rules.clone(),
        common::seeded_state(),
        common::output_options(),
    );
    g.bench_function(BenchmarkId::from_parameter("process"), |b| {
        b.iter(|| {
            for ev in events {
                engine.process(black_box(ev), &mut |a| {
                    black_box(a);
                });
            }
        })
    });

    if let Some(all) = all_rules {
        describe(&format!("{name} (rule_matching: all)"), all, events);
        let mut engine = Engine::new(
            all.clone(),
            common::seeded_state(),
            common::output_options(),
        );
        g.bench_function(BenchmarkId::from_parameter("process_all_matches"), |b| {
            b.iter(|| {
                for ev in events {
                    engine.process(black_box(ev), &mut |a| {
                        black_box(a);
                    });
                }
            })
        });
    }

    // The same steps as `Engine::process` without output: state, evaluation, deferred removals.
    let mut state = common::seeded_state();
    let mut scratch = EvalScratch::default();
    let mut matched = Vec::new();
    let hostname = common::output_options().hostname;
    g.bench_function(BenchmarkId::from_parameter("state_eval"), |b| {
        b.iter(|| {
            for ev in events {
                let ev = black_box(ev);
                state.apply(ev);
                matched.clear();
                let mut ctx = EvalCtx::new(ev, &state);
                ctx.hostname = &hostname;
                rules.evaluate(&ctx, &mut scratch, &mut matched);
                black_box(&matched);
                state.finish(ev);
            }
        })
    });

    let mut state: State = common::seeded_state();
    g.bench_function(BenchmarkId::from_parameter("state_only"), |b| {
        b.iter(|| {
            for ev in events {
                let ev = black_box(ev);
                state.apply(ev);
                black_box(&state);
                state.finish(ev);
            }
        })
    });
    g.finish();
}

fn evaluate(c: &mut Criterion) {
    let files = common::stable_incubating();
    let first = common::ruleset(&files, RuleMatching::First);
    let all = common::ruleset(&files, RuleMatching::All);
    eprintln!("stable+incubating: {} enabled rules", first.rules().len());
    bench_mix(
        c,
        "realistic",
        &common::realistic_mix(REALISTIC_ROUNDS),
        &first,
        None,
    );
    bench_mix(
        c,
        "worst_case",
        &common::worst_case_mix(WORST_ROUNDS),
        &first,
        Some(&all),
    );
}

criterion_group!(benches, evaluate);
criterion_main!(benches);

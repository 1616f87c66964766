//! A subtree several rules hold is evaluated once per event and its result shared
//! (`filter::compile::memo`): that must change no rule's outcome. Every rule's condition,
//! evaluated on its own (no sharing outside the rule set's evaluation), must give exactly the
//! rules the rule set reports with `rule_matching: all`, event after event, for the upstream
//! stable, incubating and sandbox rules and `rules/`, on the benchmark mixes and on random
//! interleavings of their events.

#[path = "../benches/common/mod.rs"]
mod bench;

use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use syssentry_engine::eval::{load_rules, BuildOptions, RuleMatching, RuleSet};
use syssentry_engine::event::Event;
use syssentry_engine::fields::EvalCtx;
use syssentry_engine::filter::compile::EvalScratch;

fn ruleset(files: &[PathBuf]) -> Arc<RuleSet> {
    let opts = BuildOptions { matching: RuleMatching::All, output: bench::output_options(), ..BuildOptions::default() };
    let report = load_rules(files, &opts);
    assert!(!report.diagnostics.has_errors(), "{}", report.diagnostics.render(&report.sources));
    Arc::new(report.ruleset)
}

fn rule_sets() -> Vec<(&'static str, Arc<RuleSet>)> {
    let up = |f: &[&str]| f.iter().map(|f| bench::upstream_rules(f)).collect::<Vec<_>>();
    let all = ["falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"];
    vec![
        ("stable", ruleset(&up(&all[..1]))),
        ("stable+incubating", ruleset(&up(&all[..2]))),
        ("stable+incubating+sandbox", ruleset(&up(&all))),
        ("rules/", ruleset(&bench::our_rules())),
    ]
}

/// Runs `events` through the state and compares, per event, the rule set's matches with each
/// rule's own; returns how many matches there were.
fn compare(name: &str, rules: &RuleSet, events: &[Event]) -> usize {
    let mut state = bench::seeded_state();
    let (mut shared, mut alone) = (EvalScratch::default(), EvalScratch::default());
    let mut matched = Vec::new();
    let mut total = 0;
    for (n, ev) in events.iter().enumerate() {
        state.apply(ev);
        let ctx = EvalCtx::new(ev, &state);
        matched.clear();
        rules.evaluate(&ctx, &mut shared, &mut matched);
        let own: Vec<u32> = (0..rules.rules().len() as u32)
            .filter(|&i| {
                let r = &rules.rules()[i as usize];
                r.event_types.contains(ev.event_type()) && r.program.matches(&ctx, &mut alone)
            })
            .collect();
        assert_eq!(matched, own, "{name}: event {n} ({})", ev.event_type().name());
        total += own.len();
        state.finish(ev);
    }
    total
}

#[test]
fn shared_checks_change_no_rule_outcome_on_the_mixes() {
    let mixes = [bench::realistic_mix(3), bench::worst_case_mix(6)];
    for (name, rules) in rule_sets() {
        let total: usize = mixes.iter().map(|m| compare(name, &rules, m)).sum();
        if name != "rules/" {
            assert!(total > 20, "{name}: {total} matches; the worst-case mix should raise many");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn shared_checks_change_no_rule_outcome_on_random_streams(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 100..800),
        which in 0usize..4,
    ) {
        static SETS: std::sync::OnceLock<Vec<(&'static str, Arc<RuleSet>)>> = std::sync::OnceLock::new();
        static POOL: std::sync::OnceLock<Vec<Event>> = std::sync::OnceLock::new();
        let sets = SETS.get_or_init(rule_sets);
        let pool = POOL.get_or_init(|| {
            let mut p = bench::realistic_mix(2);
            p.extend(bench::worst_case_mix(4));
            p
        });
        let events: Vec<Event> = picks.iter().map(|i| pool[i.index(pool.len())].clone()).collect();
        let (name, rules) = &sets[which];
        compare(name, rules, &events);
    }
}

//! Load + compile time of the upstream rulesets (`eval::load_rules`: YAML reading, lists, macros,
//! condition compilation, event-type inference, output formats, indexing).
//! Run: `cargo bench -p syssentry-engine --bench rules_load`.

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use syssentry_engine::eval::{load_rules, BuildOptions};

fn rules_load(c: &mut Criterion) {
    let opts = BuildOptions {
        output: common::output_options(),
        ..BuildOptions::default()
    };
    let mut g = c.benchmark_group("rules_load");
    for (name, files) in [
        ("stable", common::stable()),
        ("stable+incubating", common::stable_incubating()),
    ] {
        let report = load_rules(&files, &opts);
        assert!(
            !report.diagnostics.has_errors(),
            "{}",
            report.diagnostics.render(&report.sources)
        );
        eprintln!(
            "{name}: {} rules, {} enabled, {} macros, {} lists",
            report.summary.rules,
            report.summary.enabled_rules,
            report.summary.macros,
            report.summary.lists
        );
        g.bench_function(name, |b| {
            b.iter(|| black_box(load_rules(black_box(&files), &opts)))
        });
    }
    g.finish();
}

criterion_group!(benches, rules_load);
criterion_main!(benches);

//! Membership cost of the three `BytesSet` representations (linear scan, binary search over sorted
//! values, hash set) by set size, half hits and half misses: the measurement behind `LINEAR_MAX` in
//! `filter/ops/set.rs`. Two value shapes: long paths with a common prefix and short
//! process-name-like values.
//! Run: `cargo bench -p syssentry-engine --bench set_strategies`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;
use syssentry_engine::filter::ops::{BytesSet, SetStrategy};

fn paths(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("/usr/bin/proc-{i:04}-{}", "x".repeat(i % 17)))
        .collect()
}

fn path_miss(i: usize) -> String {
    format!("/usr/bin/proc-{i:04}-{}", "y".repeat(i % 17))
}

fn short(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("p{}{i}", ["s", "ba", "dock"][i % 3]))
        .collect()
}

fn short_miss(i: usize) -> String {
    format!("q{i}z")
}

type Dataset = (&'static str, fn(usize) -> Vec<String>, fn(usize) -> String);

fn set_strategies(c: &mut Criterion) {
    let datasets: [Dataset; 2] = [("paths", paths, path_miss), ("short", short, short_miss)];
    for (label, make, miss) in datasets {
        let mut g = c.benchmark_group(format!("set_strategies/{label}"));
        g.measurement_time(Duration::from_secs(1))
            .warm_up_time(Duration::from_millis(300))
            .sample_size(30);
        for n in [1, 4, 8, 16, 32, 64, 128, 300, 1200] {
            let values = make(n);
            let mut probes: Vec<Vec<u8>> = values.iter().map(|v| v.clone().into_bytes()).collect();
            probes.extend((0..n).map(|i| miss(i).into_bytes()));
            g.throughput(Throughput::Elements(probes.len() as u64));
            for strategy in [
                SetStrategy::Linear,
                SetStrategy::Sorted,
                SetStrategy::Hashed,
            ] {
                let set = BytesSet::with_strategy(&values, strategy);
                g.bench_with_input(
                    BenchmarkId::new(format!("{strategy:?}"), n),
                    &probes,
                    |b, probes| {
                        b.iter(|| {
                            let mut hits = 0usize;
                            for p in probes {
                                hits += usize::from(set.contains(black_box(p)));
                            }
                            hits
                        })
                    },
                );
            }
        }
        g.finish();
    }
}

criterion_group!(benches, set_strategies);
criterion_main!(benches);

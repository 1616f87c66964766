//! Sets for `in` / `intersects`, list-field semantics, and the micro measurement behind the
//! size thresholds of `BytesSet` (run it with
//! `cargo test --release -p syssentry-engine --test filter_ops_set -- --ignored --nocapture`).

use std::hint::black_box;
use std::time::Instant;

use syssentry_engine::filter::ops::set::{all_in, any_in};
use syssentry_engine::filter::ops::{BytesSet, NumSet, SetStrategy};

fn names(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("/usr/bin/proc-{i:04}-{}", "x".repeat(i % 17)))
        .collect()
}

#[test]
fn membership_is_exact_bytes_for_every_strategy() {
    for n in [0, 1, 5, 9, 40, 600] {
        let values = names(n);
        for strategy in [
            SetStrategy::Linear,
            SetStrategy::Sorted,
            SetStrategy::Hashed,
        ] {
            let set = BytesSet::with_strategy(&values, strategy);
            assert_eq!(set.len(), n);
            for v in &values {
                assert!(set.contains(v.as_bytes()), "{strategy:?} {n} {v}");
                assert!(!set.contains(format!("{v}\0").as_bytes()));
                assert!(!set.contains(&v.as_bytes()[..v.len() - 1]));
            }
            assert!(!set.contains(b""));
            assert!(!set.contains(b"/usr/bin/proc"));
        }
    }
}

#[test]
fn adaptive_choice_and_dedup() {
    assert_eq!(BytesSet::new(names(3)).strategy(), SetStrategy::Linear);
    assert_eq!(BytesSet::new(names(16)).strategy(), SetStrategy::Linear);
    assert_eq!(BytesSet::new(names(17)).strategy(), SetStrategy::Hashed);
    assert_eq!(BytesSet::new(names(2000)).strategy(), SetStrategy::Hashed);
    let set = BytesSet::new(["a", "b", "a", ""]);
    assert_eq!(set.len(), 3);
    assert!(set.contains(b""));
    assert!(BytesSet::new(Vec::<&str>::new()).is_empty());
    // "<NA>" and "N/A" as in the ruleset's proc_name_exists macro.
    let na = BytesSet::new(["<NA>", "N/A"]);
    assert!(na.contains(b"<NA>"));
    assert!(!na.contains(b"<na>"));
}

#[test]
fn numeric_sets() {
    let ports = NumSet::new([443u64, 80, 22, 80]);
    assert_eq!(ports.len(), 3);
    assert!(ports.contains(22));
    assert!(!ports.contains(23));
    let many = NumSet::new((0..100i64).map(|i| i * 3 - 50));
    assert!(many.contains(-50));
    assert!(many.contains(247));
    assert!(!many.contains(248));
    assert!(NumSet::<u64>::new([]).is_empty());
}

#[test]
fn list_semantics() {
    let set = BytesSet::new(["a", "b"]);
    let member = |v: &&str| set.contains(v.as_bytes());
    assert!(all_in(&["a", "b", "a"], member));
    assert!(!all_in(&["a", "c"], member));
    assert!(
        all_in(&[] as &[&str], member),
        "empty list is inside any set"
    );
    assert!(any_in(&["c", "b"], member));
    assert!(!any_in(&["c", "d"], member));
    assert!(!any_in(&[] as &[&str], member));
}

fn time_lookups(set: &BytesSet, probes: &[Vec<u8>]) -> f64 {
    let rounds = 200;
    let start = Instant::now();
    let mut hits = 0usize;
    for _ in 0..rounds {
        for p in probes {
            hits += usize::from(set.contains(black_box(p)));
        }
    }
    black_box(hits);
    start.elapsed().as_nanos() as f64 / (rounds * probes.len()) as f64
}

#[test]
#[ignore = "measurement, run in release with --nocapture"]
fn measure_strategies() {
    // Long paths with a common prefix, then short process-name-like values.
    type Dataset = (&'static str, fn(usize) -> Vec<String>, fn(usize) -> String);
    let datasets: [Dataset; 2] = [
        ("paths", names, |i| {
            format!("/usr/bin/proc-{i:04}-{}", "y".repeat(i % 17))
        }),
        (
            "short",
            |n| {
                (0..n)
                    .map(|i| format!("p{}{i}", ["s", "ba", "dock"][i % 3]))
                    .collect()
            },
            |i| format!("q{i}z"),
        ),
    ];
    for (label, make, miss) in datasets {
        for n in [1, 4, 8, 16, 32, 64, 128, 300, 1200] {
            let values = make(n);
            // Half hits, half misses of similar shape.
            let mut probes: Vec<Vec<u8>> = values.iter().map(|v| v.clone().into_bytes()).collect();
            probes.extend((0..n).map(|i| miss(i).into_bytes()));
            let row: Vec<String> = [
                SetStrategy::Linear,
                SetStrategy::Sorted,
                SetStrategy::Hashed,
            ]
            .into_iter()
            .map(|s| {
                format!(
                    "{s:?} {:6.1} ns",
                    time_lookups(&BytesSet::with_strategy(&values, s), &probes)
                )
            })
            .collect();
            println!("{label} n={n:5}: {}", row.join("  "));
        }
    }
}

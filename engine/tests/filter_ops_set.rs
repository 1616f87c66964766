//! Sets for `in` / `intersects` and list-field semantics. The measurement behind the size
//! thresholds of `BytesSet` is the `set_strategies` benchmark
//! (`cargo bench -p syssentry-engine --bench set_strategies`).

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

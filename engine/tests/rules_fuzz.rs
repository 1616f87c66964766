//! Hostile input: random bytes and mutated upstream rules files must never panic the loader
//! and must load in bounded time; diagnostics must render compactly even for huge lines.

mod common;

use std::time::{Duration, Instant};

use common::upstream_rules;
use proptest::prelude::*;
use syssentry_engine::rules::Loader;

const BUDGET: Duration = Duration::from_secs(20);

fn upstream(name: &str) -> Vec<u8> {
    std::fs::read(upstream_rules(name)).unwrap()
}

fn load_and_render(bytes: Vec<u8>) -> Duration {
    let start = Instant::now();
    let mut l = Loader::new();
    l.add_source("fuzz.yaml", bytes);
    let out = l.load();
    for d in out.diagnostics.iter() {
        let r = d.render(&out.sources);
        assert!(
            r.len() < 64 * 1024,
            "rendered diagnostic too long: {}",
            r.len()
        );
    }
    start.elapsed()
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Truncate { at: usize },
    DuplicateLine { line: usize, times: usize },
    DeleteLine { line: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        (any::<usize>(), 1usize..50)
            .prop_map(|(line, times)| Mutation::DuplicateLine { line, times }),
        any::<usize>().prop_map(|line| Mutation::DeleteLine { line }),
    ]
}

fn apply(mut text: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        if text.is_empty() {
            break;
        }
        match *m {
            Mutation::Flip { at, byte } => {
                let n = text.len();
                text[at % n] = byte;
            }
            Mutation::Truncate { at } => {
                let n = text.len();
                text.truncate(at % n);
            }
            Mutation::DuplicateLine { line, times } => {
                let lines: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').collect();
                let i = line % lines.len();
                let mut out = Vec::with_capacity(text.len() + lines[i].len() * times);
                for (j, l) in lines.iter().enumerate() {
                    out.extend_from_slice(l);
                    if j == i {
                        for _ in 0..times {
                            out.extend_from_slice(l);
                        }
                    }
                }
                text = out;
            }
            Mutation::DeleteLine { line } => {
                let lines: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').collect();
                let i = line % lines.len();
                text = lines
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .flat_map(|(_, l)| l.iter().copied())
                    .collect();
            }
        }
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        prop_assert!(load_and_render(bytes) < BUDGET);
    }

    #[test]
    fn yamlish_text_never_panics(text in "([-:\\[\\]{}&*!|>'\" \n\ta-z0-9#,.]){0,2000}") {
        prop_assert!(load_and_render(text.into_bytes()) < BUDGET);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_upstream_files_never_panic(
        which in 0usize..3,
        muts in proptest::collection::vec(mutation(), 1..6),
    ) {
        let name = ["falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"][which];
        let text = apply(upstream(name), &muts);
        prop_assert!(load_and_render(text) < BUDGET);
    }
}

#[test]
fn megabyte_lines_render_compactly() {
    // A 1 MB condition with a syntax error in the middle.
    let mut cond = "proc.name = a and ".repeat(30_000);
    cond.push_str("proc.name = = b and ");
    cond.push_str(&"proc.name = c and ".repeat(30_000));
    cond.push_str("evt.type = open");
    let text =
        format!("- rule: big\n  desc: d\n  condition: {cond}\n  output: o\n  priority: INFO\n");
    let mut l = Loader::new();
    l.add_source("big.yaml", text.clone());
    let out = l.load();
    let d = out.diagnostics.errors().next().expect("an error");
    let loc = d.location.as_ref().unwrap();
    assert_eq!(loc.line, 3);
    assert_eq!(&text[loc.offset..loc.offset + 3], "= b");
    let r = d.render(&out.sources);
    assert!(r.len() < 2_000, "{}", r.len());
    assert!(r.contains("proc.name = = b"), "{r}");

    // A 1 MB line of garbage.
    let garbage: Vec<u8> = (0..1_000_000u32)
        .map(|i| b"a:[{"[(i % 4) as usize])
        .collect();
    assert!(load_and_render(garbage) < BUDGET);
}

#[test]
fn macro_bombs_are_bounded() {
    let mut text = String::from("- macro: m0\n  condition: evt.type = open\n");
    for i in 1..400 {
        let p = if i < 19 { i - 1 } else { 18 };
        text.push_str(&format!("- macro: m{i}\n  condition: m{p} and m{p}\n"));
    }
    for i in 0..400 {
        text.push_str(&format!(
            "- rule: r{i}\n  desc: d\n  condition: m{i}\n  output: o\n  priority: INFO\n"
        ));
    }
    let start = Instant::now();
    let mut l = Loader::new();
    l.add_source("bomb.yaml", text);
    let out = l.load();
    assert!(start.elapsed() < BUDGET, "{:?}", start.elapsed());
    assert!(out.diagnostics.has_errors());
}

#[test]
fn deep_and_wide_structures_are_bounded() {
    let deep = format!(
        "- rule: r\n  desc: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(load_and_render(deep.into_bytes()) < BUDGET);
    let mut l = Loader::new();
    // Exponential list growth through textual substitution is cut off with an error.
    let mut text = String::new();
    for i in 0..6 {
        let next: Vec<String> = (0..60).map(|_| format!("l{}", i + 1)).collect();
        text.push_str(&format!("- list: l{i}\n  items: [{}]\n", next.join(", ")));
    }
    text.push_str(
        "- rule: r\n  desc: d\n  condition: proc.name in (l0)\n  output: o\n  priority: INFO\n",
    );
    l.add_source("grow.yaml", text);
    let start = Instant::now();
    let out = l.load();
    assert!(start.elapsed() < BUDGET);
    assert!(out.diagnostics.has_errors());
}

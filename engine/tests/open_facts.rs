//! Which facts of opened files (created flag, overlayfs layer, device and inode) the loaded
//! rules need, so that capture collects only those: the per-rule decision, the upstream rule
//! files, and a check over the whole field registry that every field whose value changes with
//! a fact is listed as needing it (on the open event itself and later through the fd table).

mod common;

use common::{apply, seed, upstream_rules, val};
use syssentry_engine::eval::{build, BuildOptions, RuleSet};
use syssentry_engine::event::ppm::open::{
    FD_LOWER_LAYER, FD_UPPER_LAYER, O_CREAT, O_F_CREATED, O_WRONLY,
};
use syssentry_engine::event::{mk, Event, EventBuilder, OpenFacts};
use syssentry_engine::fields::{
    open_facts_of, registry, resolve_full, ARG_INDEX, ARG_REQUIRED,
};
use syssentry_engine::rules::Loader;
use syssentry_engine::state::State;

fn ruleset(text: &str) -> RuleSet {
    let mut loader = Loader::new();
    loader.add_source("rules.yaml", text.to_string());
    let r = build(loader.load(), &BuildOptions::default());
    assert!(
        !r.diagnostics.has_errors(),
        "{}",
        r.diagnostics.render(&r.sources)
    );
    r.ruleset
}

fn rule(condition: &str, output: &str) -> String {
    format!(
        "- rule: r\n  desc: d\n  condition: {condition}\n  output: '{output}'\n  priority: INFO\n"
    )
}

fn facts(condition: &str, output: &str) -> OpenFacts {
    ruleset(&rule(condition, output)).open_facts()
}

const C: OpenFacts = OpenFacts::CREATED;
const L: OpenFacts = OpenFacts::LAYER;
const I: OpenFacts = OpenFacts::ID;
const N: OpenFacts = OpenFacts::NONE;

#[test]
fn the_rule_set_says_which_open_facts_it_reads() {
    let cases: &[(&str, &str, OpenFacts)] = &[
        (
            "evt.type = openat and fd.name = /etc/shadow",
            "%fd.name %proc.cmdline",
            N,
        ),
        ("evt.type = openat and fd.ino = 12", "x", I),
        ("evt.type = close and fd.dev.major = 8", "x", I),
        ("evt.type = execve and proc.name = cat", "%fd.ino", I),
        ("evt.type = close and fd.is_upper_layer = true", "x", L),
        ("evt.type = openat and evt.is_open_create = true", "x", C),
        // evt.arg.flags on opens: a test the facts cannot change needs none...
        (
            "evt.type = openat and evt.arg.flags contains O_TRUNC",
            "x",
            N,
        ),
        (
            "evt.type in (open, openat) and evt.arg.flags icontains o_trunc",
            "x",
            N,
        ),
        // ...any other use does.
        (
            "evt.type = openat and evt.arg.flags contains CREATED",
            "x",
            C | L,
        ),
        (
            "evt.type = openat and evt.arg.flags contains \"O_TRUNC|O_F\"",
            "x",
            C | L,
        ),
        ("evt.type = openat and evt.arg.flags = O_RDONLY", "x", C | L),
        (
            "evt.type = openat and fd.name = /x",
            "flags=%evt.arg.flags",
            C | L,
        ),
        ("evt.type = openat and evt.rawarg.flags > 0", "x", C | L),
        ("evt.type = openat and evt.arg.ino = 3", "x", I),
        (
            "evt.type = creat and fd.name = /x",
            "%evt.arg.creat_flags",
            L,
        ),
        (
            "evt.type = openat and fd.name = /x",
            "%evt.args",
            OpenFacts::ALL,
        ),
        (
            "evt.type = openat and evt.arg[2] exists",
            "x",
            OpenFacts::ALL,
        ),
        // The same fields on events that carry no open facts need nothing.
        (
            "evt.type = execve and proc.name = cat",
            "exe_flags=%evt.arg.flags %evt.args",
            N,
        ),
        (
            "evt.type = execve and evt.arg.flags contains CREATED",
            "x",
            N,
        ),
        ("evt.type = execve and evt.is_open_create = true", "x", N),
        // A rule without an event type restriction matches opens too.
        ("proc.name = cat", "%evt.arg.flags", C | L),
    ];
    for &(cond, out, want) in cases {
        assert_eq!(facts(cond, out), want, "{cond} / {out}");
    }

    // A disabled rule does not count.
    let disabled = ruleset(&format!(
        "{}  enabled: false\n",
        rule("evt.type = close and fd.ino = 1", "x")
    ));
    assert_eq!(disabled.open_facts(), N);
    // Several rules: the union.
    let two = ruleset(&format!(
        "{}{}",
        rule("evt.type = close and fd.ino = 1", "x"),
        rule("evt.type = openat and evt.is_open_create = true", "x").replace("rule: r", "rule: s")
    ));
    assert_eq!(two.open_facts(), I | C);
}

#[test]
fn upstream_rule_files_need_the_open_facts_their_fields_say() {
    let load = |files: &[&str]| {
        let mut loader = Loader::new();
        for f in files {
            loader.add_file(upstream_rules(f));
        }
        build(loader.load(), &BuildOptions::default()).ruleset
    };
    // The stable rules read evt.arg.flags of opens only through `contains "O_TRUNC"` (Clear Log
    // Activities), and print it only for execs.
    assert_eq!(load(&["falco_rules.yaml"]).open_facts(), N);
    // The sandbox rules test it with `contains "O_CREAT"` and print `evt.args` for renames.
    assert_eq!(
        load(&["falco_rules.yaml", "falco-sandbox_rules.yaml"]).open_facts(),
        N
    );
    // An incubating rule prints `evt.arg.flags` of opens (Backdoored library loaded into SSHD).
    assert_eq!(
        load(&["falco_rules.yaml", "falco-incubating_rules.yaml"]).open_facts(),
        C | L
    );
}

/// Field texts to try: every registry field, with an index or parameter where it takes one.
fn field_texts() -> Vec<String> {
    let mut out = Vec::new();
    for info in registry() {
        let name = info.name;
        if name == "evt.arg" || name == "evt.rawarg" {
            for p in [
                "flags",
                "dev",
                "ino",
                "creat_flags",
                "name",
                "mode",
                "dirfd",
                "fd",
                "res",
            ] {
                out.push(format!("{name}.{p}"));
            }
            if name == "evt.arg" {
                for i in 0..8 {
                    out.push(format!("evt.arg[{i}]"));
                }
            }
            continue;
        }
        if info.flags & ARG_REQUIRED == 0 {
            out.push(name.to_string());
        }
        if info.flags & ARG_INDEX != 0 {
            out.push(format!("{name}[0]"));
            out.push(format!("{name}[3]"));
        }
    }
    out
}

/// An open event of each type, with the given facts set (the file on an overlayfs upper or
/// lower layer), returning fd 3.
fn opens(with: OpenFacts, lower: bool) -> Vec<Event> {
    let f = |base: u32| {
        let mut v = base;
        if with.contains(C) {
            v |= O_F_CREATED;
        }
        if with.contains(L) {
            v |= if lower {
                FD_LOWER_LAYER
            } else {
                FD_UPPER_LAYER
            };
        }
        v
    };
    let id = |b: EventBuilder| {
        if with.contains(I) {
            b.uint("dev", 0x801).uint("ino", 4242)
        } else {
            b
        }
    };
    let creat = mk::creat(100, "/tmp/x", 0o644, 3);
    let creat = if with.contains(L) {
        creat.uint("creat_flags", if lower { 2 } else { 1 })
    } else {
        creat
    };
    vec![
        id(mk::open(100, "/tmp/x", f(O_WRONLY | O_CREAT), 0o644, 3)).build(),
        id(mk::openat(
            100,
            -100,
            "/tmp/x",
            f(O_WRONLY | O_CREAT),
            0o644,
            3,
        ))
        .build(),
        id(mk::openat2(
            100,
            -100,
            "/tmp/x",
            f(O_WRONLY | O_CREAT),
            0o644,
            3,
        ))
        .build(),
        id(creat).build(),
    ]
}

fn state() -> State {
    let mut st = State::default();
    seed(&mut st, 100, 1, "/usr/bin/touch", &["touch", "/tmp/x"], &[]);
    st
}

/// Every field whose value differs when one fact is missing is listed as needing that fact:
/// on the open event itself (`on_opens`), and on a later `close` of the fd (fd table).
#[test]
fn every_field_that_changes_with_a_fact_needs_it() {
    let texts = field_texts();
    let mut compared = 0;
    for (fact, lower) in [(C, false), (L, false), (L, true), (I, false)] {
        let all = opens(OpenFacts::ALL, lower);
        let rest = OpenFacts::from_bits(OpenFacts::ALL.bits() & !fact.bits());
        let without = opens(rest, lower);
        for (full, lacking) in all.iter().zip(&without) {
            let (mut sa, mut sb) = (state(), state());
            apply(&mut sa, full);
            apply(&mut sb, lacking);
            let close = mk::close(100, 3, 0).build();
            let (mut ca, mut cb) = (state(), state());
            apply(&mut ca, full);
            apply(&mut cb, lacking);
            apply(&mut ca, &close);
            apply(&mut cb, &close);
            for text in &texts {
                let Ok(field) = resolve_full(text) else {
                    continue;
                };
                compared += 1;
                if val(&sa, full, text) != val(&sb, lacking, text) {
                    assert!(
                        open_facts_of(&field, true).contains(fact),
                        "{text} on {} changes without {fact:?} but is not listed as needing it",
                        full.event_type()
                    );
                }
                if val(&ca, &close, text) != val(&cb, &close, text) {
                    assert!(
                        open_facts_of(&field, false).contains(fact),
                        "{text} on close after {} changes without {fact:?} but is not listed",
                        full.event_type()
                    );
                }
            }
        }
    }
    assert!(compared > 1000, "only {compared} comparisons");
    // And the check can see a difference: fd.ino does change without the ID fact.
    let (mut sa, mut sb) = (state(), state());
    let (a, b) = (&opens(OpenFacts::ALL, false)[1], &opens(C | L, false)[1]);
    apply(&mut sa, a);
    apply(&mut sb, b);
    assert_ne!(val(&sa, a, "fd.ino"), val(&sb, b, "fd.ino"));
}

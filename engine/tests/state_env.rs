//! What the state keeps once and shares: process environments, kept only when the loaded rules
//! read them (decided once from the compiled rule set) and shared, not copied, between the images
//! of a process's descendants; capability sets and cgroup lists that an exec leaves unchanged.

mod common;

use common::{apply, s, seed, upstream_rules, val};
use std::sync::Arc;
use syssentry_engine::eval::{build, BuildOptions, RuleSet};
use syssentry_engine::event::mk;
use syssentry_engine::rules::Loader;
use syssentry_engine::state::{State, StateConfig};

fn ruleset(text: &str) -> RuleSet {
    let mut loader = Loader::new();
    loader.add_source("rules.yaml", text.to_string());
    let r = build(loader.load(), &BuildOptions::default());
    assert!(!r.diagnostics.has_errors(), "{}", r.diagnostics.render(&r.sources));
    r.ruleset
}

fn rule(condition: &str, output: &str) -> String {
    format!("- rule: r\n  desc: d\n  condition: {condition}\n  output: {output}\n  priority: INFO\n")
}

#[test]
fn the_rule_set_says_whether_it_reads_the_environment() {
    let plain = ruleset(&rule("evt.type = execve and proc.name = cat", "cat %proc.cmdline"));
    assert!(!plain.reads_env());
    assert!(!State::new(plain.state_config()).config().keep_env);

    for (cond, out) in [
        ("evt.type = execve and proc.env[LD_PRELOAD] exists", "x"),
        ("evt.type = execve and proc.name = cat", "home=%proc.env[HOME]"),
        ("evt.type = execve and tolower(proc.env) contains ld_preload", "x"),
        ("evt.type = execve and proc.name = cat", "env %toupper(proc.env)"),
        ("evt.type = execve and proc.name = val(proc.env[NAME])", "x"),
    ] {
        let rs = ruleset(&rule(cond, out));
        assert!(rs.reads_env(), "{cond} / {out}");
        assert!(State::new(rs.state_config()).config().keep_env, "{cond} / {out}");
    }

    // A disabled rule does not count.
    let disabled = ruleset(&format!(
        "{}  enabled: false\n",
        rule("evt.type = execve and proc.env[HOME] = /root", "x")
    ));
    assert!(!disabled.reads_env());
}

#[test]
fn upstream_rule_files_decide_as_their_fields_say() {
    let load = |files: &[&str]| {
        let mut loader = Loader::new();
        for f in files {
            loader.add_file(upstream_rules(f));
        }
        build(loader.load(), &BuildOptions::default()).ruleset
    };
    // The stable rules use no environment field; the incubating ones do (GLIBC_TUNABLES).
    assert!(!load(&["falco_rules.yaml"]).reads_env());
    assert!(load(&["falco_rules.yaml", "falco-incubating_rules.yaml"]).reads_env());
}

fn env_state(keep_env: bool) -> State {
    let mut st = State::new(StateConfig {
        keep_env,
        ..StateConfig::default()
    });
    seed(&mut st, 1, 0, "/sbin/init", &["/sbin/init"], &[]);
    seed(&mut st, 100, 1, "/usr/bin/bash", &["bash"], &[]);
    st
}

#[test]
fn without_environment_rules_an_exec_keeps_no_environment() {
    let mut st = env_state(false);
    apply(&mut st, &mk::fork(100, 200).build());
    let exec = mk::execve(200, 200, "/usr/bin/env", &["env"], 0)
        .list("env", &["HOME=/root", "LD_PRELOAD=/tmp/x.so"])
        .build();
    apply(&mut st, &exec);
    assert!(st.thread(200).unwrap().image.env.is_empty());
    assert_eq!(val(&st, &exec, "proc.env"), s(""));
    // Everything else about the exec is there.
    assert_eq!(val(&st, &exec, "proc.name"), s("env"));
}

#[test]
fn with_environment_rules_an_exec_keeps_its_environment_and_shares_the_callers() {
    let mut st = env_state(true);
    apply(&mut st, &mk::fork(100, 200).build());
    let exec = mk::execve(200, 200, "/usr/bin/bash", &["bash"], 0)
        .list("env", &["HOME=/root", "LD_PRELOAD=/tmp/x.so"])
        .build();
    apply(&mut st, &exec);
    assert_eq!(val(&st, &exec, "proc.env[LD_PRELOAD]"), s("/tmp/x.so"));

    // A fork and an exec whose event carries no environment share the caller's, not a copy.
    apply(&mut st, &mk::fork(200, 300).build());
    let exec2 = mk::execve(300, 300, "/usr/bin/cat", &["cat", "/etc/hosts"], 0).build();
    apply(&mut st, &exec2);
    let (parent, child) = (st.thread(200).unwrap(), st.thread(300).unwrap());
    assert!(!Arc::ptr_eq(&parent.image, &child.image));
    assert!(Arc::ptr_eq(&parent.image.env, &child.image.env));
    assert_eq!(val(&st, &exec2, "proc.env[HOME]"), s("/root"));
}

#[test]
fn unchanged_capabilities_and_cgroups_stay_shared_across_fork_and_exec() {
    let mut st = env_state(false);
    let cg = ["cpu=/user.slice", "memory=/user.slice"];
    let caps = (0u64, 0x1ff_ffff_ffffu64, 0x1ff_ffff_ffffu64);
    let exec = |tid: i64, exe: &str, caps: (u64, u64, u64)| {
        mk::execve(tid, tid, exe, &[exe], 0)
            .list("cgroups", &cg)
            .uint("cap_inheritable", caps.0)
            .uint("cap_permitted", caps.1)
            .uint("cap_effective", caps.2)
            .build()
    };
    apply(&mut st, &exec(100, "/usr/bin/bash", caps));
    apply(&mut st, &mk::fork(100, 200).list("cgroups", &cg).build());
    apply(&mut st, &exec(200, "/usr/bin/cat", caps));
    let (parent, child) = (st.thread(100).unwrap(), st.thread(200).unwrap());
    assert!(Arc::ptr_eq(&parent.caps, &child.caps));
    assert!(Arc::ptr_eq(&parent.cgroups, &child.cgroups));
    assert_eq!(child.caps.effective, caps.2);

    // Changed sets get their own values.
    apply(&mut st, &mk::fork(100, 300).build());
    let ev = exec(300, "/usr/bin/ping", (0, 0x2000, 0x2000));
    apply(&mut st, &ev);
    let t = st.thread(300).unwrap();
    assert!(!Arc::ptr_eq(&st.thread(100).unwrap().caps, &t.caps));
    assert_eq!(val(&st, &ev, "thread.cap_effective"), s("CAP_NET_RAW"));
}

//! Process lifecycle through the state engine: fork, exec, failed exec, exit, ancestors,
//! reparenting, capabilities, users, caps on table sizes.

mod common;

use common::{apply, json, s, seed, val, vals};
use syssentry_engine::{
    event::{mk, ppm::clone::CLONE_THREAD, EventBuilder, EventType},
    state::{State, StateConfig, User},
};

fn base() -> State {
    let mut st = State::default();
    seed(&mut st, 1, 0, "/usr/lib/systemd/systemd", &["/sbin/init"], &[]);
    seed(&mut st, 100, 1, "/usr/bin/bash", &["bash"], &[]);
    st
}

#[test]
fn fork_then_exec_updates_process_fields() {
    let mut st = base();
    let fork = mk::fork(100, 200).ts(1_000).build();
    apply(&mut st, &fork);
    // The caller's view after fork: the child exists with the parent's image.
    let child = st.thread(200).expect("child created");
    assert_eq!(child.ptid, 100);
    assert_eq!(child.image.comm, "bash");
    assert_eq!(st.thread(200).unwrap().clone_ts, 1_000);

    let exec = mk::execve(200, 200, "/usr/bin/cat", &["cat", "/etc/shadow", "-n"], 0)
        .ts(3_500)
        .list("env", &["HOME=/root", "PATH=/bin"])
        .uint("tty", 34816)
        .uint("loginuid", 1000)
        .build();
    apply(&mut st, &exec);
    assert_eq!(val(&st, &exec, "proc.name"), s("cat"));
    assert_eq!(val(&st, &exec, "proc.exe"), s("cat"));
    assert_eq!(val(&st, &exec, "proc.exepath"), s("/usr/bin/cat"));
    assert_eq!(val(&st, &exec, "proc.cmdline"), s("cat /etc/shadow -n"));
    assert_eq!(val(&st, &exec, "proc.args"), s("/etc/shadow -n"));
    assert_eq!(val(&st, &exec, "proc.args[1]"), s("-n"));
    assert_eq!(val(&st, &exec, "proc.exeline"), s("cat /etc/shadow -n"));
    assert_eq!(val(&st, &exec, "proc.cmdnargs"), s("2"));
    assert_eq!(val(&st, &exec, "proc.env[HOME]"), s("/root"));
    assert_eq!(val(&st, &exec, "proc.env"), s("HOME=/root PATH=/bin"));
    assert_eq!(val(&st, &exec, "proc.pname"), s("bash"));
    assert_eq!(val(&st, &exec, "proc.pcmdline"), s("bash"));
    assert_eq!(val(&st, &exec, "proc.ppid"), s("100"));
    assert_eq!(val(&st, &exec, "proc.pid"), s("200"));
    assert_eq!(val(&st, &exec, "proc.aname[0]"), s("cat"));
    assert_eq!(val(&st, &exec, "proc.aname[1]"), s("bash"));
    assert_eq!(val(&st, &exec, "proc.aname[2]"), s("systemd"));
    assert_eq!(val(&st, &exec, "proc.aname[3]"), None);
    assert_eq!(val(&st, &exec, "proc.aname"), s("bash systemd"));
    assert_eq!(vals(&st, &exec, "proc.aname"), ["bash", "systemd"]);
    assert_eq!(
        val(&st, &exec, "proc.aexepath[2]"),
        s("/usr/lib/systemd/systemd")
    );
    assert_eq!(val(&st, &exec, "proc.duration"), s("2500"));
    assert_eq!(val(&st, &exec, "proc.tty"), s("34816"));
    assert_eq!(json(&st, &exec, "proc.tty"), serde_json::json!(34816));
    assert_eq!(val(&st, &exec, "user.loginuid"), s("1000"));
    assert_eq!(val(&st, &exec, "evt.type"), s("execve"));
    assert_eq!(val(&st, &exec, "evt.res"), s("SUCCESS"));
    assert_eq!(val(&st, &exec, "thread.tid"), s("200"));
    assert_eq!(val(&st, &exec, "thread.ismain"), s("true"));
}

#[test]
fn failed_exec_keeps_the_caller() {
    let mut st = base();
    let ev = mk::execve(100, 100, "/nonexistent", &["/nonexistent"], -2).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.type"), s("execve"));
    assert_eq!(val(&st, &ev, "proc.name"), s("bash"));
    assert_eq!(val(&st, &ev, "evt.res"), s("ENOENT"));
    assert_eq!(val(&st, &ev, "evt.rawres"), s("-2"));
    assert_eq!(val(&st, &ev, "evt.failed"), s("true"));
    // A failed execveat is an execveat event; a successful one arrives as execve.
    let ev = mk::execveat_failed(100, -13).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.type"), s("execveat"));
    assert_eq!(val(&st, &ev, "evt.res"), s("EACCES"));
    assert_eq!(val(&st, &ev, "proc.name"), s("bash"));
}

#[test]
fn exec_flags_and_caps() {
    let mut st = base();
    let caps = (1u64 << 0) | (1u64 << 21); // CAP_CHOWN, CAP_SYS_ADMIN
    let ev = mk::execve(100, 100, "/tmp/x", &["x"], 0)
        .uint("flags", 2 | 4) // upper layer, from memfd
        .uint("cap_effective", caps)
        .uint("cap_permitted", caps | (1 << 7))
        .uint("cap_inheritable", 0)
        .build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "proc.is_exe_upper_layer"), s("true"));
    assert_eq!(val(&st, &ev, "proc.is_exe_from_memfd"), s("true"));
    assert_eq!(val(&st, &ev, "proc.is_exe_writable"), s("false"));
    assert_eq!(
        val(&st, &ev, "evt.arg.flags"),
        s("EXE_UPPER_LAYER|EXE_FROM_MEMFD")
    );
    assert_eq!(
        val(&st, &ev, "thread.cap_effective"),
        s("CAP_CHOWN CAP_SYS_ADMIN")
    );
    assert_eq!(
        val(&st, &ev, "thread.cap_permitted"),
        s("CAP_CHOWN CAP_SETUID CAP_SYS_ADMIN")
    );
    assert_eq!(val(&st, &ev, "thread.cap_inheritable"), s(""));
    let cs = mk::capset(100, 0, 1 << 12, 1 << 12, 0).build();
    apply(&mut st, &cs);
    assert_eq!(val(&st, &cs, "thread.cap_effective"), s("CAP_NET_ADMIN"));
}

#[test]
fn procexit_removes_after_evaluation_and_reparents() {
    let mut st = base();
    for (caller, child) in [(100, 200), (200, 300)] {
        let ev = mk::fork(caller, child).ts(10).build();
        apply(&mut st, &ev);
        st.finish(&ev);
    }
    let exit = mk::procexit(200).build();
    apply(&mut st, &exit);
    // Fields still see the exiting thread while rules evaluate.
    assert_eq!(val(&st, &exit, "proc.pid"), s("200"));
    assert!(st.thread(200).is_some());
    st.finish(&exit);
    assert!(st.thread(200).is_none());
    // The orphan goes to init (a reaper).
    assert_eq!(st.thread(300).unwrap().ptid, 1);
    let ev = mk::openat(300, -100, "/x", 1, 0, 3).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "proc.pname"), s("systemd"));

    // A child subreaper takes orphans of its descendants.
    let sub = mk::prctl(100, 36, "", 1, 0).build();
    apply(&mut st, &sub);
    for (caller, child) in [(100, 400), (400, 500)] {
        apply(&mut st, &mk::fork(caller, child).build());
    }
    let exit = mk::procexit(400).build();
    apply(&mut st, &exit);
    st.finish(&exit);
    assert_eq!(st.thread(500).unwrap().ptid, 100);
}

#[test]
fn missing_parent_makes_parent_fields_missing() {
    let mut st = State::default();
    seed(&mut st, 50, 49, "/bin/sh", &["sh"], &[]);
    let ev = mk::openat(50, -100, "/etc/passwd", 1, 0, 3).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "proc.pname"), None);
    assert_eq!(val(&st, &ev, "proc.aname"), None);
    assert!(vals(&st, &ev, "proc.aname").is_empty());
}

#[test]
fn threads_share_the_process() {
    let mut st = base();
    let ev = mk::clone(100, 101, CLONE_THREAD).build();
    apply(&mut st, &ev);
    let t = st.thread(101).unwrap();
    assert_eq!((t.pid, t.ptid), (100, 1));
    let open = mk::openat(101, -100, "/etc/hosts", 1, 0, 7).build();
    apply(&mut st, &open);
    // The fd lands in the process's table, visible from the main thread.
    assert!(st.fds_of(st.thread(100).unwrap()).get(7).is_some());
    assert_eq!(val(&st, &open, "thread.ismain"), s("false"));
    assert_eq!(val(&st, &open, "proc.pid"), s("100"));
    assert_eq!(val(&st, &open, "proc.nthreads"), s("2"));
}

#[test]
fn unknown_threads_get_a_placeholder() {
    let mut st = State::default();
    let ev = mk::openat(777, -100, "/etc/shadow", 1, 0, 3).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "proc.name"), s("<NA>"));
    assert_eq!(val(&st, &ev, "proc.exe"), s("<NA>"));
    assert_eq!(val(&st, &ev, "user.name"), s("<NA>"));
    assert_eq!(val(&st, &ev, "user.uid"), s("4294967295"));
    assert_eq!(val(&st, &ev, "user.loginuid"), s("-1"));
    assert_eq!(val(&st, &ev, "proc.pname"), None);
    assert_eq!(st.stats().placeholder_threads, 1);
    // A procexit of an unknown thread creates nothing.
    let exit = mk::procexit(778).build();
    apply(&mut st, &exit);
    assert!(st.thread(778).is_none());
}

#[test]
fn users_and_groups() {
    let mut st = base();
    st.users.load_passwd(
        "",
        "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n",
    );
    st.groups.load_group("", "root:x:0:\nnogroup:x:65534:\n");
    let ev = mk::setuid(100, 65534, 0).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.arg.uid"), s("nobody"));
    assert_eq!(val(&st, &ev, "evt.rawarg.uid"), s("65534"));
    assert_eq!(val(&st, &ev, "user.name"), s("nobody"));
    assert_eq!(val(&st, &ev, "user.homedir"), s("/nonexistent"));
    assert_eq!(val(&st, &ev, "user.shell"), s("/usr/sbin/nologin"));
    assert_eq!(val(&st, &ev, "evt.args"), s("res=0 uid=65534(nobody)"));
    let ev = mk::setuid(100, 4242, 0).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "user.name"), s("<NA>"));
    assert_eq!(val(&st, &ev, "evt.arg.uid"), s("<NA>"));
    let ev = mk::setuid(100, 0, 0).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "user.name"), s("root"));
    assert_eq!(val(&st, &ev, "group.name"), s("root"));
    let ev = mk::setgid(100, 65534, 0).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "group.gid"), s("65534"));
    assert_eq!(val(&st, &ev, "group.name"), s("nogroup"));
    // A failed setuid changes nothing.
    let ev = mk::setuid(100, 65534, -1).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "user.uid"), s("0"));
    assert!(st.users.insert(
        "",
        User {
            uid: 5,
            name: "five".into(),
            ..User::default()
        }
    ));
}

#[test]
fn thread_table_cap_drops_and_counts() {
    let mut st = State::new(StateConfig {
        max_threads: 3,
        max_fds_per_process: 2,
        ..StateConfig::default()
    });
    seed(&mut st, 1, 0, "/sbin/init", &["init"], &[]);
    seed(&mut st, 2, 1, "/bin/sh", &["sh"], &[]);
    apply(&mut st, &mk::fork(2, 3).build());
    apply(&mut st, &mk::fork(2, 4).build());
    assert_eq!(st.thread_count(), 3);
    assert!(st.thread(4).is_none());
    assert_eq!(st.stats().threads_dropped, 1);
    for fd in 3..6 {
        apply(&mut st, &mk::openat(2, -100, "/f", 1, 0, fd).build());
    }
    assert_eq!(st.fds_of(st.thread(2).unwrap()).len(), 2);
    assert_eq!(st.stats().fds_dropped, 1);
}

#[test]
fn session_and_group_leaders() {
    let mut st = base();
    let ev = EventBuilder::new(EventType::SETSID)
        .tid(100)
        .res(100)
        .build();
    apply(&mut st, &ev);
    apply(&mut st, &mk::fork(100, 101).build());
    let ev = mk::openat(101, -100, "/x", 1, 0, 3).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "proc.sid"), s("100"));
    assert_eq!(val(&st, &ev, "proc.sname"), s("bash"));
    assert_eq!(val(&st, &ev, "proc.is_sid_leader"), s("false"));
}

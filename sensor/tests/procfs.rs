//! Seeding state from the live /proc: the test process finds itself, its files, its listening
//! socket and its ancestry in the seeded tables.

use std::net::TcpListener;
use std::time::Duration;
use syssentry_sensor::procfs::{seed_state, SeedOptions};
use syssentry_engine::state::{FdKind, State};

#[test]
fn the_test_process_is_seeded_with_its_context() {
    let dir = std::env::temp_dir().join(format!("syssentry-procfs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("held-open.txt");
    let file = std::fs::File::create(&path).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();

    let mut state = State::default();
    let report = seed_state(&mut state, &SeedOptions::default()).expect("procfs readable");
    assert!(report.processes > 1, "{report:?}");
    assert!(report.threads >= report.processes);
    assert!(!report.deadline_hit);

    let pid = std::process::id() as i64;
    let me = state.thread(pid).expect("own process seeded");
    assert_eq!(me.pid, pid);
    let exe = std::env::current_exe().unwrap();
    assert_eq!(me.image.exepath, exe.to_string_lossy());
    let comm = std::fs::read_to_string("/proc/self/comm").unwrap();
    assert_eq!(me.image.comm, comm.trim_end());
    // The command line is the test binary and its arguments, as the harness passed them.
    let args: Vec<String> = std::env::args().collect();
    assert_eq!(me.image.exe, args[0]);
    assert_eq!(me.image.args, args[1..]);
    assert!(me.image.cmdline.starts_with(&me.image.comm));
    let cwd = std::env::current_dir().unwrap();
    assert_eq!(me.cwd, format!("{}/", cwd.to_string_lossy()));
    assert!(me.exe_ino > 0 && me.exe_ino_mtime > 0);
    assert!(me.clone_ts > 1_600_000_000_000_000_000, "start time {}", me.clone_ts);
    assert!(!me.image.env.is_empty());

    // The file and the listening socket, among the process's fds.
    let fds = state.fds_of(me);
    let held = fds.iter().find(|(_, fd)| *fd.name == *path.to_string_lossy()).expect("open file seeded");
    assert_eq!(held.1.kind, FdKind::File);
    let listen_name = format!("127.0.0.1:{port}");
    let sock = fds.iter().find(|(_, fd)| *fd.name == *listen_name).expect("listening socket seeded");
    assert_eq!(sock.1.kind, FdKind::Ipv4ServSock);
    assert_eq!(sock.1.tuple.unwrap().sport, port);

    // The test harness runs tests on threads of this process.
    assert!(state.threads_of(pid).count() >= 2, "threads of the test process");
    let tid = std::fs::read_link("/proc/thread-self").unwrap();
    let tid: i64 = tid.file_name().unwrap().to_str().unwrap().parse().unwrap();
    if tid != pid {
        let t = state.thread(tid).expect("this thread seeded");
        assert_eq!(t.pid, pid);
        assert!(std::sync::Arc::ptr_eq(&t.image, &me.image));
    }

    // Ancestry: the parent chain matches /proc, up to a process without a parent.
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let ppid: i64 = stat.rsplit(')').next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    let parent = state.parent(me).expect("parent seeded");
    assert_eq!(parent.pid, ppid);
    assert!(parent.children.contains(&pid));
    let mut chain = Vec::new();
    state.for_each_ancestor(me, &mut |a| {
        chain.push(a.pid);
        false
    });
    assert_eq!(chain[0], ppid);
    assert!(chain.len() >= 2 || ppid == 1, "chain {chain:?}");
    // Each link is the real parent.
    for w in chain.windows(2) {
        let s = std::fs::read_to_string(format!("/proc/{}/stat", w[0])).unwrap_or_default();
        if let Some(p) = s.rsplit(')').next().and_then(|r| r.split_whitespace().nth(1)) {
            assert_eq!(p.parse::<i64>().unwrap(), w[1]);
        }
    }

    // Host users and addresses.
    assert!(report.users > 0);
    assert_eq!(state.users.get("", 0).map(|u| u.name.as_str()), Some("root"));
    assert!(state.local_addrs.iter().any(|a| a.is_loopback()));

    drop((file, listener));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_zero_deadline_stops_early_and_a_missing_procfs_is_an_error() {
    let mut state = State::default();
    let opts = SeedOptions { deadline: Duration::ZERO, ..SeedOptions::default() };
    let report = seed_state(&mut state, &opts).unwrap();
    assert!(report.deadline_hit);
    assert!(report.processes <= 1);

    let opts = SeedOptions { proc_root: "/nonexistent-proc".into(), ..SeedOptions::default() };
    let err = seed_state(&mut State::default(), &opts).unwrap_err();
    assert!(err.to_string().starts_with("cannot list /nonexistent-proc"), "{err}");
}

#[test]
fn caps_bound_the_tables() {
    let cfg = syssentry_engine::state::StateConfig { max_threads: 3, max_fds_per_process: 2, ..Default::default() };
    let mut state = State::new(cfg);
    let report = seed_state(&mut state, &SeedOptions::default()).unwrap();
    assert!(state.thread_count() <= 3);
    assert!(report.refused > 0);
    let pid = std::process::id() as i64;
    if let Some(me) = state.thread(pid) {
        assert!(state.fds_of(me).len() <= 2);
    }
}

#[test]
fn environments_are_read_only_when_the_state_keeps_them() {
    let pid = std::process::id() as i64;
    let seeded = |keep_env: bool| {
        let cfg = syssentry_engine::state::StateConfig { keep_env, ..Default::default() };
        let mut state = State::new(cfg);
        seed_state(&mut state, &SeedOptions::default()).unwrap();
        state
    };
    let with = seeded(true);
    let me = with.thread(pid).expect("own process seeded");
    let path = std::env::var("PATH").unwrap_or_default();
    assert!(me.image.env.iter().any(|kv| kv.strip_prefix("PATH=") == Some(path.as_str())));

    let without = seeded(false);
    let me = without.thread(pid).expect("own process seeded");
    assert!(me.image.env.is_empty());
    // The rest of the image is unchanged.
    assert_eq!(me.image.cmdline, with.thread(pid).unwrap().image.cmdline);
}

//! The state a case starts from: built-in users and groups, pid 1, the containers and the
//! processes (with their open fds) of the file and of the case, as if read from `/proc` and the
//! container runtime when the sensor started.
//!
//! Place in the data flow: spec → **seeded [`State`]** → engine → each event of the case.

use super::reader::T0;
use super::spec::{ProcessSeed, Seed};
use syssentry_engine::state::{ProcImage, State, Thread};
use std::sync::Arc;

/// The users every host and container knows: root(0), daemon(1), www-data(33), alice(1000),
/// nobody(65534).
pub const PASSWD: &str = "root:x:0:0:root:/root:/bin/bash\n\
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n\
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n\
alice:x:1000:1000:Alice:/home/alice:/bin/bash\n\
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";

/// The groups every host and container knows.
pub const GROUP: &str = "root:x:0:\ndaemon:x:1:\nwww-data:x:33:\nalice:x:1000:\nnogroup:x:65534:\n";

/// When seeded processes started: one hour before the first event.
const SEEDED_START: u64 = T0 - 3_600_000_000_000;

/// The state for one case: the file's seed, then the case's.
pub fn seeded_state(file: &Seed, case: &Seed) -> State {
    let mut st = State::default();
    st.users.load_passwd("", PASSWD);
    st.groups.load_group("", GROUP);
    if !file
        .processes
        .iter()
        .chain(&case.processes)
        .any(|p| p.pid == 1)
    {
        add_process(&mut st, &init());
    }
    for seed in [file, case] {
        st.local_addrs.extend(seed.host_ips.iter().copied());
        for c in &seed.containers {
            st.users.load_passwd(&c.info.id, PASSWD);
            st.groups.load_group(&c.info.id, GROUP);
            st.containers.insert(c.info.clone());
        }
    }
    // Parents first where possible, so every child is linked to its parent.
    let mut pending: Vec<&ProcessSeed> = file.processes.iter().chain(&case.processes).collect();
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|p| {
            let ready = p.pid == 1
                || st.thread(p.ppid).is_some()
                || !pending_has(&file.processes, &case.processes, p.ppid);
            if ready {
                add_process(&mut st, p);
            }
            !ready
        });
        if pending.len() == before {
            for p in pending.drain(..) {
                add_process(&mut st, p);
            }
        }
    }
    st
}

fn pending_has(a: &[ProcessSeed], b: &[ProcessSeed], pid: i64) -> bool {
    a.iter().chain(b).any(|p| p.pid == pid)
}

/// systemd as pid 1 on the host.
fn init() -> ProcessSeed {
    ProcessSeed {
        pid: 1,
        ppid: 0,
        exe: "/usr/lib/systemd/systemd".into(),
        args: vec!["/sbin/init".into()],
        comm: "systemd".into(),
        env: Vec::new(),
        container_id: String::new(),
        uid: 0,
        gid: 0,
        loginuid: u32::MAX,
        tty: 0,
        cwd: "/".into(),
        exe_flags: 0,
        fds: Vec::new(),
        pos: Default::default(),
    }
}

fn add_process(st: &mut State, p: &ProcessSeed) {
    let mut t = Thread::new(p.pid, p.pid, p.ppid);
    let exe = p.args.first().map_or(p.exe.as_str(), String::as_str);
    let args = p.args.iter().skip(1).cloned().collect();
    t.image = Arc::new(ProcImage::new(exe, &p.exe, &p.comm, args, p.env.clone()));
    t.cwd = p.cwd.clone();
    t.uid = p.uid;
    t.gid = p.gid;
    t.loginuid = p.loginuid;
    t.tty = p.tty;
    t.sid = p.pid;
    t.exe_flags = p.exe_flags;
    t.clone_ts = SEEDED_START;
    t.lastexec_ts = SEEDED_START;
    t.container_id = Arc::from(p.container_id.as_str());
    let cap = st.config().max_fds_per_process;
    for (n, fd) in &p.fds {
        t.fds.insert(*n, fd.clone(), cap);
    }
    st.add_thread(t);
}

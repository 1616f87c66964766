//! Seeding the state with processes, as `/proc` seeding would at start.
//!
//! Place in the data flow: stands in for `/proc` seeding → **state** before the first event.

use std::sync::Arc;

use syssentry_engine::state::{ProcImage, State, Thread};

/// Adds a process (its main thread) running `exepath` with `argv` and the environment `env`
/// (`&[]` for none) to the state: `comm` is the executable's file name, the working directory
/// `/root/`.
pub fn seed(st: &mut State, pid: i64, ppid: i64, exepath: &str, argv: &[&str], env: &[&str]) {
    let mut t = Thread::new(pid, pid, ppid);
    let comm = exepath.rsplit('/').next().unwrap_or(exepath);
    let args = argv.iter().skip(1).map(|s| s.to_string()).collect();
    let env: Vec<String> = env.iter().map(|s| s.to_string()).collect();
    t.image = Arc::new(ProcImage::new(
        argv.first().copied().unwrap_or(""),
        exepath,
        comm,
        args,
        env,
    ));
    t.cwd = "/root/".into();
    t.clone_ts = 1;
    assert!(st.add_thread(t));
}

//! First end-to-end check of the stable rules: one rule through state, evaluation and output.
mod stable_common;

use stable_common::*;
use syssentry_engine::event::mk;
use syssentry_engine::rules::Priority;

#[test]
fn execution_from_dev_shm() {
    let mut h = Harness::stable();
    h.process(Proc::new(100, 1, "/usr/bin/bash", &["bash"]));
    h.feed(mk::fork(100, 101).build());
    let prefix = h.next_prefix();
    let alerts = h.feed(mk::execve(101, 101, "/dev/shm/payload", &["/dev/shm/payload", "-x"], 0).build());
    expect_alert(
        &alerts,
        "Execution from /dev/shm",
        Priority::Warning,
        &format!(
            "{prefix}: Warning File execution detected from /dev/shm | evt_res=SUCCESS file=<NA> proc_cwd=/root/ \
             proc_pcmdline=bash user_loginname=<NA> group_gid=0 group_name=root evt_type=execve user=root user_uid=0 \
             user_loginuid=-1 process=payload proc_exepath=/dev/shm/payload parent=bash command=payload -x terminal=0 \
             exe_flags=<NA> {HOST_SUFFIX}"
        ),
    );
}

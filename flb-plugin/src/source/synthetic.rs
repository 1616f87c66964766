//! The synthetic source: a scripted scenario built with the engine's event constructors, paced in
//! wall-clock time. It lets users try the plugin and their Fluent Bit outputs without root or BPF
//! (`event_source synthetic`), and it drives the host-harness tests.
//!
//! Place in the data flow: stands in for **capture**; its events go through state, evaluation and
//! output exactly like captured ones.
//!
//! The scenario: an interactive root shell (`bash`, pid 100, below `sshd` and `init`) starts
//! `cat /etc/shadow` again and again. Each run is five events: the shell's `clone`, the child's
//! `execve`, its `openat` of `/etc/shadow` (fd 3), `close` and `procexit`. With Falco's stable
//! rules the `openat` raises "Read sensitive file untrusted". Children get pids 20000..60000 in
//! turn, so the thread table stays small however long it runs.

use super::{EventSource, SourceCounters, SourceError};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use syssentry_engine::event::ppm::{open::O_RDONLY, AT_FDCWD};
use syssentry_engine::event::{mk, Event};
use syssentry_engine::state::{ProcImage, State, Thread};

/// Events per scenario run.
pub const EVENTS_PER_RUN: u64 = 5;

/// The shell's pid.
const SHELL: i64 = 100;

/// Most events generated in one poll when unpaced, so the worker checks its stop flag often.
const MAX_BATCH: u64 = 4096;

/// The synthetic source.
#[derive(Debug)]
pub struct Synthetic {
    rate: u64,
    count: u64,
    sent: u64,
    started: Instant,
}

impl Synthetic {
    /// `rate` events per second (0: as fast as possible), `count` events in all (0: no end).
    pub fn new(rate: u64, count: u64) -> Synthetic {
        Synthetic {
            rate,
            count,
            sent: 0,
            started: Instant::now(),
        }
    }

    fn remaining(&self) -> u64 {
        if self.count == 0 {
            u64::MAX
        } else {
            self.count - self.sent
        }
    }

    /// The `n`-th event of the script (0-based).
    pub fn event(n: u64, ts: u64) -> Event {
        let run = n / EVENTS_PER_RUN;
        let child = 20_000 + (run % 40_000) as i64;
        let b = match n % EVENTS_PER_RUN {
            0 => mk::clone(SHELL, child, 0),
            1 => mk::execve(child, child, "/usr/bin/cat", &["cat", "/etc/shadow"], 0),
            2 => mk::openat(child, AT_FDCWD, "/etc/shadow", O_RDONLY, 0, 3),
            3 => mk::close(child, 3, 0),
            _ => mk::procexit(child),
        };
        b.ts(ts).num(n + 1).build()
    }
}

fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

fn seed_process(
    st: &mut State,
    pid: i64,
    ppid: i64,
    exepath: &str,
    argv: &[&str],
    tty: u32,
    loginuid: u32,
) {
    let mut t = Thread::new(pid, pid, ppid);
    let comm = exepath.rsplit('/').next().unwrap_or(exepath);
    let args = argv.iter().skip(1).map(|s| s.to_string()).collect();
    t.image = Arc::new(ProcImage::new(
        argv.first().copied().unwrap_or(exepath),
        exepath,
        comm,
        args,
        vec![],
    ));
    t.cwd = "/root/".into();
    t.tty = tty;
    t.loginuid = loginuid;
    t.sid = pid;
    t.clone_ts = now_ns().saturating_sub(3_600_000_000_000);
    st.add_thread(t);
}

impl EventSource for Synthetic {
    fn seed(&mut self, state: &mut State) -> Result<String, SourceError> {
        state
            .users
            .load_passwd("", "root:x:0:0:root:/root:/bin/bash\n");
        state.groups.load_group("", "root:x:0:\n");
        seed_process(state, 1, 0, "/sbin/init", &["/sbin/init"], 0, u32::MAX);
        seed_process(state, 900, 1, "/usr/sbin/sshd", &["sshd: root@pts/0"], 0, 0);
        seed_process(state, SHELL, 900, "/usr/bin/bash", &["-bash"], 34_816, 0);
        self.started = Instant::now();
        Ok("synthetic source: seeded 3 processes (init, sshd, bash)".to_string())
    }

    fn poll(&mut self, timeout: Duration, f: &mut dyn FnMut(&Event)) -> Result<usize, SourceError> {
        let due = if self.rate == 0 {
            MAX_BATCH
        } else {
            let elapsed = self.started.elapsed().as_nanos();
            let target = (elapsed.saturating_mul(u128::from(self.rate)) / 1_000_000_000)
                .min(u128::from(u64::MAX)) as u64;
            target.saturating_sub(self.sent).min(MAX_BATCH)
        };
        let n = due.min(self.remaining());
        if n == 0 {
            // Sleep until the next event is due (or the timeout), never busy-wait.
            let wait = if self.rate == 0 || self.remaining() == 0 {
                timeout
            } else {
                Duration::from_nanos(1_000_000_000 / self.rate).min(timeout)
            };
            std::thread::sleep(wait.min(Duration::from_millis(50)));
            return Ok(0);
        }
        let ts = now_ns();
        for i in 0..n {
            let ev = Synthetic::event(self.sent, ts + i);
            self.sent += 1;
            f(&ev);
        }
        Ok(n as usize)
    }

    fn counters(&self) -> SourceCounters {
        SourceCounters {
            seen: self.sent,
            sent: self.sent,
            dropped: 0,
        }
    }

    fn finished(&self) -> bool {
        self.remaining() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_bounds_the_events_and_pacing_holds_back() {
        let mut s = Synthetic::new(0, 12);
        let mut st = State::default();
        s.seed(&mut st).unwrap();
        let mut types = Vec::new();
        while !s.finished() {
            s.poll(Duration::from_millis(10), &mut |e| {
                types.push(e.event_type().name())
            })
            .unwrap();
        }
        assert_eq!(types.len(), 12);
        assert_eq!(
            &types[..6],
            &["clone", "execve", "openat", "close", "procexit", "clone"]
        );
        let mut slow = Synthetic::new(1, 0);
        let mut n = 0;
        slow.poll(Duration::from_millis(1), &mut |_| n += 1)
            .unwrap();
        assert_eq!(n, 0, "the first event is due after one second");
    }
}

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
//!
//! With `fail_after`, the source fails once after that many events (and, reopened by the
//! runtime, runs on): a rehearsal of what `on_failure` does when capture fails.

use crate::clock::now_ns;
use crate::source::{SeedSummary, Source, SourceCounters, SourceError, SourceOpener};
use std::sync::Arc;
use std::time::{Duration, Instant};
use syssentry_engine::event::ppm::{open::O_RDONLY, AT_FDCWD};
use syssentry_engine::event::{mk, Event};
use syssentry_engine::state::{ProcImage, State, Thread};

/// Events per scenario run.
pub const EVENTS_PER_RUN: u64 = 5;

/// The shell's pid.
const SHELL: i64 = 100;

/// Most events generated in one poll when unpaced, so the worker checks its stop flag often.
const MAX_BATCH: u64 = 4096;

/// How the synthetic source runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyntheticOptions {
    /// Events per second (0: as fast as possible).
    pub rate: u64,
    /// Events in all (0: no end).
    pub count: u64,
    /// Fail once after this many events (0: never).
    pub fail_after: u64,
}

/// The synthetic source.
#[derive(Debug)]
pub struct Synthetic {
    rate: u64,
    count: u64,
    fail_after: u64,
    sent: u64,
    started: Instant,
    stopped: bool,
}

/// Opens a synthetic source for the runtime: the first one fails after `opts.fail_after`
/// events, the ones that replace it do not (one rehearsal per run).
pub fn opener(opts: SyntheticOptions) -> SourceOpener {
    let mut next = opts;
    Box::new(move || {
        let source = Synthetic::new(next);
        next.fail_after = 0;
        Ok(Box::new(source) as Box<dyn Source>)
    })
}

impl Synthetic {
    /// A source running the scenario as `opts` say.
    pub fn new(opts: SyntheticOptions) -> Synthetic {
        Synthetic {
            rate: opts.rate,
            count: opts.count,
            fail_after: opts.fail_after,
            sent: 0,
            started: Instant::now(),
            stopped: false,
        }
    }

    /// Whether the scenario has sent all it was asked to (its count, or everything after a
    /// stop).
    pub fn finished(&self) -> bool {
        self.remaining() == 0
    }

    fn remaining(&self) -> u64 {
        if self.stopped {
            0
        } else if self.count == 0 {
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

impl Source for Synthetic {
    fn name(&self) -> &'static str {
        "synthetic"
    }

    fn seed(&mut self, state: &mut State) -> Result<SeedSummary, SourceError> {
        state
            .users
            .load_passwd("", "root:x:0:0:root:/root:/bin/bash\n");
        state.groups.load_group("", "root:x:0:\n");
        seed_process(state, 1, 0, "/sbin/init", &["/sbin/init"], 0, u32::MAX);
        seed_process(state, 900, 1, "/usr/sbin/sshd", &["sshd: root@pts/0"], 0, 0);
        seed_process(state, SHELL, 900, "/usr/bin/bash", &["-bash"], 34_816, 0);
        self.started = Instant::now();
        Ok(SeedSummary {
            from: "the synthetic scenario (init, sshd, bash)".into(),
            processes: 3,
            threads: 3,
            users: 1,
            groups: 1,
            ..SeedSummary::default()
        })
    }

    fn poll(&mut self, timeout: Duration, f: &mut dyn FnMut(&Event)) -> Result<usize, SourceError> {
        if self.fail_after > 0 && self.sent >= self.fail_after {
            // Once: the runtime opens a new source, which counts afresh and does not fail again
            // before another `fail_after` events.
            self.fail_after = 0;
            return Err(SourceError::Rehearsed { events: self.sent });
        }
        let due = if self.rate == 0 {
            MAX_BATCH
        } else {
            let elapsed = self.started.elapsed().as_nanos();
            let target = (elapsed.saturating_mul(u128::from(self.rate)) / 1_000_000_000)
                .min(u128::from(u64::MAX)) as u64;
            target.saturating_sub(self.sent).min(MAX_BATCH)
        };
        let mut n = due.min(self.remaining());
        if self.fail_after > 0 {
            n = n.min(self.fail_after - self.sent);
        }
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

    fn stop(&mut self) {
        // The scenario holds nothing: it makes its events when polled.
        self.stopped = true;
    }

    fn counters(&self) -> SourceCounters {
        SourceCounters {
            seen: self.sent,
            sent: self.sent,
            ..SourceCounters::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_bounds_the_events_and_pacing_holds_back() {
        let mut s = Synthetic::new(SyntheticOptions { count: 12, ..SyntheticOptions::default() });
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
        let mut slow = Synthetic::new(SyntheticOptions { rate: 1, ..SyntheticOptions::default() });
        let mut n = 0;
        slow.poll(Duration::from_millis(1), &mut |_| n += 1)
            .unwrap();
        assert_eq!(n, 0, "the first event is due after one second");
    }

    #[test]
    fn a_rehearsed_failure_comes_once_after_its_count() {
        let mut open = opener(SyntheticOptions { fail_after: 7, ..SyntheticOptions::default() });
        let mut first = open().unwrap();
        let mut n = 0;
        let err = loop {
            match first.poll(Duration::ZERO, &mut |_| n += 1) {
                Ok(_) => continue,
                Err(e) => break e,
            }
        };
        assert_eq!(n, 7, "exactly fail_after events before the failure");
        assert!(matches!(err, SourceError::Rehearsed { events: 7 }), "{err}");
        let mut second = open().unwrap();
        let mut m = 0;
        for _ in 0..5 {
            second.poll(Duration::ZERO, &mut |_| m += 1).expect("the replacement does not fail");
        }
        assert!(m > 7, "{m}");
    }
}

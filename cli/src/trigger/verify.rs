//! `syssentry trigger --verify`: the sensor in this process (rules loaded as `run` loads them,
//! state seeded from /proc, kernel capture attached) while a second thread performs the actions;
//! every alert is kept with the pid lineage of the process that caused it, and waiting ends when
//! every expected rule has alerted or the bounded wait after the last action has passed.
//!
//! Place in the data flow: the whole chain, capture → event → state → evaluation → output, with
//! alerts collected here instead of printed.

use super::catalog::Action;
use super::expect::{all_seen, Performed, SeenAlert};
use super::lab::Lab;
use crate::run::event_loop::EventSource;
use crate::run::kernel::KernelSource;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use syssentry_engine::eval::Engine;
use syssentry_engine::state::State;

/// Longest process lineage kept per alert.
const MAX_LINEAGE: usize = 32;
/// Zero-timeout polls made at the end to evaluate what capture still holds.
const FINAL_POLLS: usize = 64;

/// What a verification run collected.
#[derive(Debug, Default)]
pub struct Collected {
    /// How performing each action went, in order.
    pub performed: Vec<Performed>,
    /// Every alert with its lineage.
    pub alerts: Vec<SeenAlert>,
    /// Events the kernel could not deliver (ring buffer full).
    pub dropped: u64,
    /// Events evaluated.
    pub events: u64,
}

/// Runs the actions while the engine evaluates captured events; `wait` bounds the wait for
/// alerts after the last action.
#[allow(clippy::too_many_arguments)]
pub fn collect(
    source: &mut KernelSource,
    engine: &mut Engine,
    lab: &Lab,
    actions: &[&Action],
    loaded: &BTreeSet<String>,
    wait: Duration,
    stop: &AtomicBool,
) -> Result<Collected, String> {
    let performed: Arc<Mutex<Vec<Performed>>> = Arc::default();
    let done = AtomicBool::new(false);
    let mut alerts: Vec<SeenAlert> = Vec::new();
    let mut events = 0u64;
    let result = std::thread::scope(|s| {
        let shared = performed.clone();
        let done_ref = &done;
        s.spawn(move || {
            lab.perform_all(actions, stop, |_, p| shared.lock().unwrap_or_else(|e| e.into_inner()).push(p.clone()));
            done_ref.store(true, Ordering::Release);
        });
        let mut deadline: Option<Instant> = None;
        let mut sink = Sink { engine, rules: Vec::new(), alerts: &mut alerts, events: &mut events };
        loop {
            if let Err(e) = sink.step(source, Duration::from_millis(100)) {
                // Let the actions thread finish before returning.
                stop.store(true, Ordering::Relaxed);
                while !done.load(Ordering::Acquire) {
                    std::thread::sleep(Duration::from_millis(20));
                }
                return Err(e);
            }
            if !done.load(Ordering::Acquire) {
                continue;
            }
            let at = *deadline.get_or_insert_with(|| Instant::now() + wait);
            let p = performed.lock().unwrap_or_else(|e| e.into_inner());
            if stop.load(Ordering::Relaxed) || Instant::now() >= at || all_seen(actions, loaded, &p, sink.alerts) {
                break;
            }
        }
        for _ in 0..FINAL_POLLS {
            match sink.step(source, Duration::ZERO) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
        Ok(())
    });
    result?;
    let performed = std::mem::take(&mut *performed.lock().unwrap_or_else(|e| e.into_inner()));
    Ok(Collected { performed, alerts, dropped: source.counters().dropped, events })
}

/// Where polled events go: the engine, then the alerts with their lineage.
struct Sink<'a> {
    engine: &'a mut Engine,
    rules: Vec<Arc<str>>,
    alerts: &'a mut Vec<SeenAlert>,
    events: &'a mut u64,
}

impl Sink<'_> {
    /// Polls one batch (waiting up to `timeout`) and evaluates it; returns how many events.
    fn step(&mut self, source: &mut KernelSource, timeout: Duration) -> Result<usize, String> {
        source.poll(timeout, &mut |ev| {
            *self.events += 1;
            let rules = &mut self.rules;
            self.engine.process(ev, &mut |alert| rules.push(alert.rule.clone()));
            if !self.rules.is_empty() {
                let lineage = lineage(self.engine.state(), ev.tid);
                for r in self.rules.drain(..) {
                    self.alerts.push(SeenAlert { rule: r.to_string(), lineage: lineage.clone() });
                }
            }
        })
    }
}

/// The pid of the thread's process followed by its ancestors' pids.
fn lineage(state: &State, tid: i64) -> Vec<i64> {
    let Some(t) = state.thread(tid) else { return vec![tid] };
    let mut v = vec![t.pid];
    state.for_each_ancestor(t, &mut |p| {
        v.push(p.pid);
        v.len() >= MAX_LINEAGE
    });
    v
}

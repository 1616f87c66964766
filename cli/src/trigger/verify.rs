//! `syssentry trigger --verify`: the sensor runtime in this process (rules loaded as `run` loads
//! them, the kernel source, the same side services) while a second thread performs the actions;
//! every alert is kept with the pid lineage of the process that caused it, and the run ends when
//! every expected rule has alerted or the bounded wait after the last action has passed.
//!
//! Place in the data flow: the whole chain, capture → event → state → evaluation → output, run by
//! `syssentry_sensor`; this module is its sink ([`Collector`]), which keeps alerts instead of
//! printing them.

use super::catalog::Action;
use super::expect::{all_seen, Performed, SeenAlert, METADATA_FIELDS};
use super::lab::Lab;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use syssentry_engine::event::Event;
use syssentry_engine::fields::{format_value, resolve_full, EvalCtx, FieldRef, Scratch};
use syssentry_engine::output::Alert;
use syssentry_engine::state::State;
use syssentry_sensor::error::RunError;
use syssentry_sensor::internal::InternalAlert;
use syssentry_sensor::failure::panic_message;
use syssentry_sensor::runtime::Sensor;
use syssentry_sensor::sink::{AlertSink, SinkError};

/// Longest process lineage kept per alert.
const MAX_LINEAGE: usize = 32;

/// What a verification run collected.
#[derive(Debug, Default)]
pub struct Collected {
    /// How performing each action went, in order.
    pub performed: Vec<Performed>,
    /// Every alert with its lineage.
    pub alerts: Vec<SeenAlert>,
    /// Internal alerts (drops, a source failure), by rule name.
    pub internal: Vec<String>,
    /// Events the kernel could not deliver (ring buffer full).
    pub dropped: u64,
    /// Events evaluated.
    pub events: u64,
}

/// Runs the actions on a thread of their own while `sensor` evaluates what they cause; `wait`
/// bounds the wait for alerts after the last action, `interrupted` is the Ctrl-C flag.
pub fn collect(
    sensor: &mut Sensor,
    lab: &Lab,
    actions: &[&Action],
    loaded: &BTreeSet<String>,
    wait: Duration,
    interrupted: &AtomicBool,
) -> Result<Collected, RunError> {
    let performed: Arc<Mutex<Vec<Performed>>> = Arc::default();
    let done = AtomicBool::new(false);
    let finished = AtomicBool::new(false);
    let mut collector = Collector {
        alerts: Vec::new(),
        internal: Vec::new(),
        performed: performed.clone(),
        done: &done,
        interrupted,
        finished: &finished,
        actions,
        loaded,
        wait,
        deadline: None,
        metadata: METADATA_FIELDS.iter().filter_map(|f| resolve_full(f).ok().map(|r| (*f, r))).collect(),
        scratch: Scratch::new(),
    };
    let result = std::thread::scope(|s| {
        let shared = performed.clone();
        let done_ref = &done;
        s.spawn(move || {
            // A panic while performing is a failed action, never a sensor left waiting forever.
            let performing = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                lab.perform_all(actions, interrupted, |_, p| shared.lock().unwrap_or_else(|e| e.into_inner()).push(p.clone()))
            }));
            if let Err(panic) = performing {
                let why = format!("the trigger failed while performing it: {}", panic_message(&*panic));
                let mut p = shared.lock().unwrap_or_else(|e| e.into_inner());
                while p.len() < actions.len() {
                    p.push(Performed::Failed { why: why.clone() });
                }
            }
            done_ref.store(true, Ordering::Release);
        });
        let result = sensor.run(&mut collector, &finished);
        if result.is_err() {
            // Let the actions thread finish (its waits are bounded) before returning.
            while !done.load(Ordering::Acquire) {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        result
    });
    result?;
    let performed = std::mem::take(&mut *performed.lock().unwrap_or_else(|e| e.into_inner()));
    let stats = sensor.stats().snapshot();
    Ok(Collected {
        performed,
        alerts: collector.alerts,
        internal: collector.internal,
        dropped: stats.counters.capture.dropped,
        events: stats.counters.events,
    })
}

/// The sink of a verification: keeps each alert with its lineage, and at the end of every batch
/// decides whether the run is over.
struct Collector<'a> {
    alerts: Vec<SeenAlert>,
    internal: Vec<String>,
    performed: Arc<Mutex<Vec<Performed>>>,
    done: &'a AtomicBool,
    interrupted: &'a AtomicBool,
    finished: &'a AtomicBool,
    actions: &'a [&'a Action],
    loaded: &'a BTreeSet<String>,
    wait: Duration,
    deadline: Option<Instant>,
    /// [`METADATA_FIELDS`], resolved once.
    metadata: Vec<(&'static str, FieldRef)>,
    scratch: Scratch,
}

impl AlertSink for Collector<'_> {
    fn alert(&mut self, alert: &Alert, event: &Event, state: Option<&State>) -> Result<(), SinkError> {
        // Always given: `reads_state` keeps evaluation on the runtime's thread.
        let Some(state) = state else {
            self.alerts.push(SeenAlert { rule: alert.rule.to_string(), lineage: vec![event.tid], container: String::new(), metadata: Vec::new() });
            return Ok(());
        };
        let container = state.thread(event.tid).map(|t| t.container_id.to_string()).unwrap_or_default();
        // The metadata an action in a container is judged on, as the alert's event gives it.
        let mut metadata = Vec::new();
        if !container.is_empty() {
            let ctx = EvalCtx::new(event, state);
            for (name, field) in &self.metadata {
                let mut value = String::new();
                if !format_value(field, &ctx, &mut self.scratch, &mut value) {
                    value = "<NA>".to_string();
                }
                metadata.push((*name, value));
            }
        }
        self.alerts.push(SeenAlert { rule: alert.rule.to_string(), lineage: lineage(state, event.tid), container, metadata });
        Ok(())
    }

    fn internal(&mut self, alert: &InternalAlert) -> Result<(), SinkError> {
        self.internal.push(alert.rule.to_string());
        Ok(())
    }

    /// An alert is told apart by the lineage and container metadata its event had.
    fn reads_state(&self) -> bool {
        true
    }

    /// The end of a batch: the run is over when interrupted, or once the actions are done and
    /// either every expected alert was seen or the wait after them has passed.
    fn flush(&mut self) -> Result<(), SinkError> {
        if self.interrupted.load(Ordering::Relaxed) {
            self.finished.store(true, Ordering::Release);
            return Ok(());
        }
        if !self.done.load(Ordering::Acquire) {
            return Ok(());
        }
        let at = *self.deadline.get_or_insert_with(|| Instant::now() + self.wait);
        let p = self.performed.lock().unwrap_or_else(|e| e.into_inner());
        if Instant::now() >= at || all_seen(self.actions, self.loaded, &p, &self.alerts) {
            self.finished.store(true, Ordering::Release);
        }
        Ok(())
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

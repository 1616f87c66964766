//! Evaluation on every core. The runtime's thread and `evaluation_threads - 1` helper threads
//! each hold a whole copy of the engine: every copy applies every event to its own state, in
//! the stream's order, and each event is evaluated (its alerts formatted) by exactly one copy,
//! chosen by the event's place in the stream (strides of 32 events, dealt out in rounds; the
//! runtime's thread, which also polls and packs, takes fewer or more strides of a round as it is
//! busier or idler than the helpers). The runtime then hands the alerts to the sink in the order
//! of their events.
//!
//! Place in the data flow: source → event → **state (every copy) → evaluation → output (the
//! event's copy)** → back in stream order → sink.
//!
//! Why copies of the state rather than shards of it: a rule reads more than the event's own
//! process (its parent and ancestors, its container, the users of that container), so no split
//! of the tables lets two threads evaluate independently; and since every copy sees the same
//! events in the same order, each is, at every event, exactly the state one thread would have
//! had. Alerts are therefore the same as with one thread, by construction: the same state
//! updates in the same order per process, the same first-match evaluation per event, the same
//! output, in the same order. Applying an event costs a fifth of evaluating it on the realistic
//! mix, which bounds what a second core can add (`docs/performance.md`).
//!
//! The helpers take part only while the runtime's thread alone falls behind (half the kernel
//! ring still waits after a poll): when they start, their copies are replaced by a copy
//! of the runtime's; after a run of quiet polls they stop and their copies are emptied. A quiet host
//! thus pays for one thread's state, in memory and in updates, not one per core.
//!
//! The side services write only the container, user, group and DNS tables, between batches, on
//! the runtime's copy; after they changed something those tables are copied to the other
//! threads at that same place in the stream. A source that is opened again seeds the runtime's
//! copy, which then replaces the others.

use crate::failure::panic_message;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use syssentry_engine::eval::{Engine, RuleSet};
use syssentry_engine::event::{Event, EventType, PackedEvents};
use syssentry_engine::output::{Alert, OutputOptions};
use syssentry_engine::state::{ContainerTable, DnsTable, GroupTable, State, UserTable};

/// Events handed to the helper threads at once (they start on a chunk as soon as it is full,
/// while the runtime's thread goes on with the next one).
const CHUNK_EVENTS: usize = 256;
/// Consecutive events evaluated by the same copy: long enough for each to run through its
/// events with warm caches, short enough to share even a small batch out.
const STRIDE: u64 = 32;
/// The helpers start when, after a poll, half the kernel ring still waits (the runtime's
/// thread alone is falling behind; at a full ring the kernel drops)...
pub const ENGAGE_BACKLOG: f64 = 0.5;
/// ... or, for a source without a ring, when a poll brought this many events.
pub const ENGAGE_AT: usize = 1024;
/// Polls after which less than this share of the ring waits count as quiet (without a ring:
/// polls of fewer events than [`QUIET_BELOW`])...
const QUIET_BACKLOG: f64 = 0.05;
const QUIET_BELOW: usize = 256;
/// ... and this many in a row stop the helpers.
const QUIET_POLLS: u32 = 32;

/// How busy the source was at the last poll.
#[derive(Debug, Clone, Copy)]
pub struct Pressure {
    /// Events the poll brought.
    pub events: usize,
    /// The source's backlog after it ([`crate::source::Source::backlog`]).
    pub backlog: Option<f64>,
}

impl Pressure {
    fn behind(self) -> bool {
        match self.backlog {
            Some(b) => b >= ENGAGE_BACKLOG,
            None => self.events >= ENGAGE_AT,
        }
    }

    fn quiet(self) -> bool {
        match self.backlog {
            Some(b) => b < QUIET_BACKLOG,
            None => self.events < QUIET_BELOW,
        }
    }
}

/// How long a thread waiting for the other keeps looking before it sleeps.
const SPIN: std::time::Duration = std::time::Duration::from_micros(200);
/// How often a wait for the helpers looks whether one of them is gone.
const GONE_CHECK: std::time::Duration = std::time::Duration::from_millis(200);

/// Strides are dealt out in rounds of this many.
const SLOTS: usize = 16;

/// Which copy evaluates each stride of a round.
type Deal = [u8; SLOTS];

/// The round when the runtime's thread (copy 0) takes `share` of its strides, spread over it,
/// and the helpers the others, in turn.
fn deal(copies: usize, share: usize) -> Deal {
    let mut d = [0; SLOTS];
    let mut next_helper = 0;
    for (slot, owner) in d.iter_mut().enumerate() {
        if (slot * share) % SLOTS >= share && copies > 1 {
            *owner = 1 + (next_helper % (copies - 1)) as u8;
            next_helper += 1;
        }
    }
    d
}

/// Which copy evaluates the event at `seq`.
fn evaluator_of(seq: u64, deal: &Deal) -> usize {
    usize::from(deal[((seq / STRIDE) % SLOTS as u64) as usize])
}

/// Why evaluating on the helper threads failed.
#[derive(Debug, thiserror::Error)]
pub enum EvaluatorError {
    /// A helper thread could not be started.
    #[error("cannot start evaluation thread {index}: {source}")]
    Spawn {
        /// Its index (1 is the first helper).
        index: usize,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// Evaluating an event panicked on a helper thread (its copy was replaced since).
    #[error("evaluation thread {index} panicked: {message}")]
    Panicked {
        /// Its index.
        index: usize,
        /// The panic's message.
        message: String,
    },
    /// A helper thread is gone (it was started again with the runtime's copy of the state).
    #[error("evaluation thread {index} stopped answering")]
    Gone {
        /// Its index.
        index: usize,
    },
}

/// Events in the order they were handed out, starting at `base`, packed back to back (a
/// helper reads them as a stream from the core that wrote them).
#[derive(Debug, Default)]
struct Chunk {
    base: u64,
    /// Who evaluates which of its events ([`evaluator_of`]).
    deal: Deal,
    events: PackedEvents,
}

/// The tables the side services write.
#[derive(Debug, Clone)]
struct ServiceTables {
    users: UserTable,
    groups: GroupTable,
    containers: ContainerTable,
    dns: DnsTable,
}

impl ServiceTables {
    fn of(state: &State) -> ServiceTables {
        ServiceTables {
            users: state.users.clone(),
            groups: state.groups.clone(),
            containers: state.containers.clone(),
            dns: state.dns.clone(),
        }
    }

    fn install(&self, state: &mut State) {
        state.users.clone_from(&self.users);
        state.groups.clone_from(&self.groups);
        state.containers.clone_from(&self.containers);
        state.dns.clone_from(&self.dns);
    }
}

/// What a helper thread is given, in stream order.
enum Work {
    Events(Arc<Chunk>),
    Tables(Arc<ServiceTables>),
    Replace(Box<State>),
}

/// A helper thread's answer for one chunk: the alerts of the events it evaluated, each with
/// its event's place in the stream.
struct Done {
    index: usize,
    alerts: Result<Vec<(u64, Alert)>, String>,
    /// How long the chunk took it.
    busy: std::time::Duration,
}

#[derive(Debug)]
struct Helper {
    work: Sender<Work>,
    thread: Option<JoinHandle<()>>,
    /// Chunks handed to it not answered yet.
    awaited: usize,
}

impl Helper {
    fn is_gone(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }
}

/// The helper threads and what the runtime's thread keeps for putting their alerts back in
/// order.
#[derive(Debug)]
pub struct Evaluators {
    rules: Arc<RuleSet>,
    output: OutputOptions,
    /// Helper `i + 1` of the copies (0 is the runtime's own).
    helpers: Vec<Helper>,
    done_tx: Sender<Done>,
    done_rx: Receiver<Done>,
    /// The place in the stream of the next event.
    next_seq: u64,
    /// The chunk being filled.
    filling: Chunk,
    /// Chunks handed out since the last [`Evaluators::settle`], oldest first.
    handed: Vec<Arc<Chunk>>,
    /// Alerts of the events the runtime's thread evaluated, and then of all, before sorting.
    alerts: Vec<(u64, Alert)>,
    /// The event of an alert being emitted.
    scratch: Event,
    /// Emptied chunks, for reuse.
    spare: Vec<Chunk>,
    /// Whether the helpers take part (their copies follow every event).
    engaged: bool,
    /// Quiet polls in a row while engaged.
    quiet: u32,
    /// Events handed out to the helpers so far.
    pub events_shared: u64,
    /// The strides of each round the runtime's thread evaluates itself: it also polls, packs
    /// and puts alerts in order, so it takes less when the helpers wait for it and more when
    /// it waits for them.
    share: usize,
    /// The round that goes with it.
    deal: Deal,
    /// When the first event since the last settle was handed out.
    since: Option<std::time::Instant>,
}

impl std::fmt::Debug for Work {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Work::Events(_) => "Events",
            Work::Tables(_) => "Tables",
            Work::Replace(_) => "Replace",
        })
    }
}

impl std::fmt::Debug for Done {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Done").field("index", &self.index).finish_non_exhaustive()
    }
}

impl Evaluators {
    /// Starts `threads - 1` helpers (at least one), with empty states until they take part.
    pub fn start(engine: &Engine, threads: usize) -> Result<Evaluators, EvaluatorError> {
        let (done_tx, done_rx) = channel();
        let mut ev = Evaluators {
            rules: engine.rules().clone(),
            output: engine.output_options().clone(),
            helpers: Vec::new(),
            done_tx,
            done_rx,
            next_seq: 0,
            filling: Chunk::default(),
            handed: Vec::new(),
            alerts: Vec::new(),
            spare: Vec::new(),
            scratch: Event::new(EventType::CLOSE),
            engaged: false,
            quiet: 0,
            events_shared: 0,
            share: SLOTS / threads.max(2),
            deal: deal(threads.max(2), SLOTS / threads.max(2)),
            since: None,
        };
        for index in 1..threads.max(2) {
            let helper = ev.spawn(index, ev.empty_state())?;
            ev.helpers.push(helper);
        }
        Ok(ev)
    }

    /// How many copies evaluate (the runtime's thread included).
    pub fn threads(&self) -> usize {
        self.helpers.len() + 1
    }

    fn empty_state(&self) -> State {
        State::new(self.rules.state_config())
    }

    /// Whether the helpers take part now.
    pub fn engaged(&self) -> bool {
        self.engaged
    }

    /// Before a poll, with nothing handed out pending: starts the helpers (their copies
    /// replaced by `engine`'s state) when the last poll left the reader behind, and stops them
    /// after [`QUIET_POLLS`] quiet polls. Whether they take part in this one.
    pub fn steer(&mut self, engine: &Engine, last: Pressure) -> bool {
        if self.engaged {
            self.quiet = if last.quiet() { self.quiet + 1 } else { 0 };
            if self.quiet >= QUIET_POLLS {
                // Their copies would go stale: emptied, the memory goes back until they start
                // again.
                self.engaged = false;
                self.replace_states(engine.state());
            }
        } else if last.behind() {
            self.engaged = true;
            self.quiet = 0;
            self.replace_states(engine.state());
        }
        self.engaged
    }

    fn spawn(&self, index: usize, state: State) -> Result<Helper, EvaluatorError> {
        let (work, rx) = channel();
        let engine = Engine::new(self.rules.clone(), state, self.output.clone());
        let done = self.done_tx.clone();
        let thread = std::thread::Builder::new()
            .name(format!("syssentry-eval-{index}"))
            .spawn(move || helper_loop(index, engine, &rx, &done))
            .map_err(|source| EvaluatorError::Spawn { index, source })?;
        Ok(Helper { work, thread: Some(thread), awaited: 0 })
    }

    /// Runs `ev` through the runtime's copy (evaluating it when it is that copy's turn, its
    /// alerts kept for [`Evaluators::settle`]) and queues it for the helpers.
    pub fn dispatch(&mut self, engine: &mut Engine, ev: &Event) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.events_shared += 1;
        if self.filling.events.is_empty() {
            self.filling.base = seq;
            self.filling.deal = self.deal;
        }
        self.since.get_or_insert_with(std::time::Instant::now);
        self.filling.events.push(ev);
        if evaluator_of(seq, &self.deal) == 0 {
            let alerts = &mut self.alerts;
            engine.process(ev, &mut |a| alerts.push((seq, a)));
        } else {
            engine.keep_up(ev);
        }
        if self.filling.events.len() == CHUNK_EVENTS {
            self.hand_out();
        }
    }

    /// Hands the chunk being filled to every helper.
    fn hand_out(&mut self) {
        if self.filling.events.is_empty() {
            return;
        }
        let next = self.spare.pop().unwrap_or_default();
        let chunk = Arc::new(std::mem::replace(&mut self.filling, next));
        for h in &mut self.helpers {
            if h.work.send(Work::Events(chunk.clone())).is_ok() {
                h.awaited += 1;
            }
        }
        self.handed.push(chunk);
    }

    /// Waits until the helpers evaluated every event handed out so far, then calls `emit` with
    /// each alert and its event, in stream order. A helper that panicked or is gone is replaced
    /// by one with a copy of `engine`'s state (after the alerts were emitted), and said in the
    /// error; the alerts of the other events are emitted all the same.
    pub fn settle(&mut self, engine: &Engine, emit: &mut dyn FnMut(&Alert, &Event)) -> Result<(), EvaluatorError> {
        self.hand_out();
        let waiting = std::time::Instant::now();
        let mut helpers_busy = std::time::Duration::ZERO;
        let mut failure = None;
        while self.helpers.iter().any(|h| h.awaited > 0) {
            match self.done_rx.recv_timeout(GONE_CHECK) {
                Ok(done) => {
                    self.helpers[done.index - 1].awaited -= 1;
                    helpers_busy += done.busy;
                    match done.alerts {
                        Ok(mut alerts) => self.alerts.append(&mut alerts),
                        Err(message) => {
                            failure.get_or_insert(EvaluatorError::Panicked { index: done.index, message });
                        }
                    }
                }
                // A helper that is gone owes answers that will never come.
                Err(_) => {
                    for (i, h) in self.helpers.iter_mut().enumerate() {
                        if h.awaited > 0 && h.is_gone() {
                            h.awaited = 0;
                            failure.get_or_insert(EvaluatorError::Gone { index: i + 1 });
                        }
                    }
                }
            }
        }
        if failure.is_none() {
            failure = self.helpers.iter().position(Helper::is_gone).map(|i| EvaluatorError::Gone { index: i + 1 });
        }
        if let Some(since) = self.since.take() {
            let per_helper = helpers_busy / self.helpers.len().max(1) as u32;
            self.rebalance(waiting.duration_since(since), per_helper);
        }
        self.alerts.sort_by_key(|(seq, _)| *seq);
        let mut chunks = self.handed.iter().peekable();
        for (seq, alert) in &self.alerts {
            while chunks.peek().is_some_and(|c| c.base + c.events.len() as u64 <= *seq) {
                chunks.next();
            }
            if let Some(c) = chunks.peek() {
                if c.events.unpack((*seq - c.base) as usize, &mut self.scratch) {
                    emit(alert, &self.scratch);
                }
            }
        }
        self.alerts.clear();
        for chunk in self.handed.drain(..) {
            if let Ok(mut c) = Arc::try_unwrap(chunk) {
                c.events.clear();
                self.spare.push(c);
            }
        }
        match failure {
            None => Ok(()),
            Some(e) => {
                self.replace_states(engine.state());
                Err(e)
            }
        }
    }

    /// After a batch in which the runtime's thread was busy for `own` (polling, packing and
    /// its share of evaluation) and each helper for `helper` on average: a stride of each round
    /// moves from the busier side to the other when they differ by more than a twentieth.
    fn rebalance(&mut self, own: std::time::Duration, helper: std::time::Duration) {
        let share = if own * 20 > helper * 21 {
            self.share.saturating_sub(1)
        } else if own * 21 < helper * 20 {
            (self.share + 1).min(SLOTS)
        } else {
            self.share
        };
        if share != self.share {
            self.share = share;
            self.deal = deal(self.threads(), share);
        }
    }

    /// After the side services changed the runtime's copy (between batches, with nothing
    /// handed out pending): the other copies take the tables they write (stale copies need not:
    /// they are replaced whole when the helpers start again).
    pub fn share_service_tables(&mut self, state: &State) {
        if !self.engaged {
            return;
        }
        let tables = Arc::new(ServiceTables::of(state));
        for h in &self.helpers {
            let _ = h.work.send(Work::Tables(tables.clone()));
        }
    }

    /// After seeding again, or a failure: the helpers' copies become `state` (when they take
    /// part; else at their start).
    pub fn resync(&mut self, state: &State) {
        if self.engaged {
            self.replace_states(state);
        }
    }

    /// Every helper's copy becomes `state` (empty when they do not take part); a helper that is
    /// gone is started again with it.
    fn replace_states(&mut self, state: &State) {
        let empty;
        let state = if self.engaged {
            state
        } else {
            empty = self.empty_state();
            &empty
        };
        for i in 0..self.helpers.len() {
            if !self.helpers[i].is_gone() && self.helpers[i].work.send(Work::Replace(Box::new(state.clone()))).is_ok() {
                continue;
            }
            if let Ok(h) = self.spawn(i + 1, state.clone()) {
                let old = std::mem::replace(&mut self.helpers[i], h);
                drop(old);
            }
        }
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        // Closing the channel ends the helper's loop.
        let (closed, _) = channel();
        self.work = closed;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A helper thread: applies every event to its copy, evaluates those that are its turn, and
/// answers each chunk with their alerts, until the runtime drops its end of the channel.
fn helper_loop(index: usize, mut engine: Engine, work: &Receiver<Work>, done: &Sender<Done>) {
    let mut ev = Event::new(EventType::CLOSE);
    while let Some(w) = next_work(work) {
        match w {
            Work::Events(chunk) => {
                let started = std::time::Instant::now();
                let run = catch_unwind(AssertUnwindSafe(|| {
                    let mut alerts = Vec::new();
                    for i in 0..chunk.events.len() {
                        chunk.events.unpack(i, &mut ev);
                        let seq = chunk.base + i as u64;
                        if evaluator_of(seq, &chunk.deal) == index {
                            engine.process(&ev, &mut |a| alerts.push((seq, a)));
                        } else {
                            engine.keep_up(&ev);
                        }
                    }
                    alerts
                }));
                // The chunk goes back to the runtime's thread for reuse before the answer.
                drop(chunk);
                let alerts = run.map_err(|p| panic_message(&*p));
                if done.send(Done { index, alerts, busy: started.elapsed() }).is_err() {
                    return;
                }
            }
            Work::Tables(t) => t.install(engine.state_mut()),
            Work::Replace(state) => *engine.state_mut() = *state,
        }
    }
}

/// The next piece of work: waits a little without sleeping first, since waking a sleeping
/// thread costs more than a chunk's evaluation on virtual machines.
fn next_work(work: &Receiver<Work>) -> Option<Work> {
    let until = std::time::Instant::now() + SPIN;
    loop {
        match work.try_recv() {
            Ok(w) => return Some(w),
            Err(std::sync::mpsc::TryRecvError::Disconnected) => return None,
            Err(std::sync::mpsc::TryRecvError::Empty) if std::time::Instant::now() < until => std::hint::spin_loop(),
            Err(std::sync::mpsc::TryRecvError::Empty) => return work.recv().ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_go_round_in_strides() {
        assert_eq!(deal(2, 8), [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
        assert_eq!(deal(3, 4), [0, 1, 2, 1, 0, 2, 1, 2, 0, 1, 2, 1, 0, 2, 1, 2]);
        assert_eq!(deal(2, 0), [1; 16]);
        assert_eq!(deal(2, 16), [0; 16]);
        for copies in 2..6 {
            for share in 0..=SLOTS {
                let d = deal(copies, share);
                let per: Vec<usize> = (0..copies).map(|c| d.iter().filter(|o| usize::from(**o) == c).count()).collect();
                assert_eq!(per[0], share, "{copies} copies, share {share}");
                let helpers = &per[1..];
                assert!(helpers.iter().max().unwrap() - helpers.iter().min().unwrap() <= 1, "{copies} copies, share {share}: {per:?}");
            }
        }
        let d = deal(2, 1);
        assert_eq!(evaluator_of(STRIDE - 1, &d), 0);
        assert_eq!(evaluator_of(STRIDE, &d), 1);
        assert_eq!(evaluator_of(SLOTS as u64 * STRIDE, &d), 0, "the next round");
    }
}

//! Holding a new container's events until its metadata arrives, so that a rule on the image or
//! the namespace sees them even for the container's very first process
//! (`docker run IMAGE sh -c 'cat /etc/shadow'`): complete on the first alert.
//!
//! Place in the data flow: source → **hold** → state → evaluation. An event joins a container's
//! queue when it enters a container the container engines have not described yet (an exec or a
//! clone whose cgroups name it), or comes from a thread already queued (or, for a new thread,
//! from a parent already queued). The queue is evaluated, in order, as soon as the metadata is in
//! the state, or after `metadata_wait` with what is known (counted as a timeout; the container
//! is not held again). Everything else goes on meanwhile: the host and other containers are
//! never held up, each process's events stay in order, and past `max_events` held in all an
//! event is evaluated at once (counted), never dropped. The exit of a process outside the
//! container that is an ancestor of a held one (the runtime's `runc`, a shim, a `docker exec`'s
//! parent) waits too, behind the held events, so they are evaluated with their parent and
//! ancestors still in the state (`proc.pname`, `proc.aname`), as they were when they happened.

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::{Duration, Instant};
use syssentry_engine::event::{Event, EventType};
use syssentry_engine::state::{container_id_from_cgroups, State};

/// Containers given up on that are remembered at most (then all are forgotten at once).
const MAX_GIVEN_UP: usize = 4096;
/// Ancestors of a held process whose exits wait with it (parent first).
const MAX_ANCESTORS: usize = 8;

/// One container's held events.
#[derive(Debug)]
struct Queue {
    since: Instant,
    events: VecDeque<Event>,
}

/// Why a queue was released.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    /// The metadata arrived.
    Described,
    /// `metadata_wait` passed first.
    TimedOut,
    /// The sensor is stopping.
    Stopping,
}

/// The held events of containers whose metadata has not arrived yet.
#[derive(Debug)]
pub struct Holding {
    wait: Duration,
    max_events: usize,
    queues: HashMap<String, Queue>,
    tids: HashMap<i64, String>,
    /// Processes outside the held containers that are ancestors of held ones: their exits wait.
    ancestors: HashMap<i64, String>,
    given_up: HashSet<String>,
    held: usize,
    /// Events held so far.
    pub events_held: u64,
    /// Containers whose metadata did not arrive within the wait.
    pub timeouts: u64,
    /// Events evaluated at once because `max_events` were held already.
    pub overflow: u64,
}

impl Holding {
    /// Holds for up to `wait` per container and `max_events` events in all (`wait` zero: never).
    pub fn new(wait: Duration, max_events: usize) -> Holding {
        Holding {
            wait,
            max_events,
            queues: HashMap::new(),
            tids: HashMap::new(),
            ancestors: HashMap::new(),
            given_up: HashSet::new(),
            held: 0,
            events_held: 0,
            timeouts: 0,
            overflow: 0,
        }
    }

    /// Whether holding is on at all.
    pub fn enabled(&self) -> bool {
        !self.wait.is_zero() && self.max_events > 0
    }

    /// Events held now.
    pub fn len(&self) -> usize {
        self.held
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.held == 0
    }

    /// Takes `ev` into its container's queue when it must wait; `false` when it is to be
    /// evaluated now. `state` is the state before `ev` is applied.
    pub fn offer(&mut self, ev: &Event, state: &State) -> bool {
        let Some(id) = self.container_of(ev, state) else { return false };
        if self.held >= self.max_events {
            self.overflow += 1;
            return false;
        }
        // (An ancestor's exit joins the queue, not its thread: its other events go on.)
        if ev.event_type() != EventType::PROCEXIT && !self.tids.contains_key(&ev.tid) {
            self.note_ancestors(ev, state, &id);
            self.tids.insert(ev.tid, id.clone());
        }
        let q = self.queues.entry(id).or_insert_with(|| Queue { since: Instant::now(), events: VecDeque::new() });
        q.events.push_back(ev.clone());
        self.held += 1;
        self.events_held += 1;
        true
    }

    /// Remembers the ancestors of the thread `ev` brings into the queue of `id`: those of its
    /// thread as the state knows it, or for the child side of a clone (not in the state yet),
    /// its parent and the parent's.
    fn note_ancestors(&mut self, ev: &Event, state: &State, id: &str) {
        let mut found: Vec<i64> = Vec::new();
        let start = match state.thread(ev.tid) {
            Some(t) => t,
            None => match ev.int("ptid").and_then(|p| state.thread(p)) {
                Some(parent) => {
                    found.push(parent.tid);
                    parent
                }
                None => return,
            },
        };
        state.for_each_ancestor(start, &mut |a| {
            found.push(a.tid);
            found.len() >= MAX_ANCESTORS
        });
        for tid in found {
            if !self.tids.contains_key(&tid) {
                self.ancestors.entry(tid).or_insert_with(|| id.to_string());
            }
        }
    }

    /// The container whose queue `ev` joins, if any.
    fn container_of(&self, ev: &Event, state: &State) -> Option<String> {
        if !self.tids.is_empty() {
            if let Some(id) = self.tids.get(&ev.tid) {
                return Some(id.clone());
            }
        }
        let ty = ev.event_type();
        if ty == EventType::PROCEXIT {
            // An ancestor of a held process leaves the state after the held events.
            return self.ancestors.get(&ev.tid).cloned();
        }
        let enters = [EventType::EXECVE, EventType::EXECVEAT, EventType::CLONE, EventType::CLONE3, EventType::FORK, EventType::VFORK]
            .contains(&ty);
        if !enters {
            return None;
        }
        if !self.tids.is_empty() {
            // The child side of a clone whose parent is held: its state entry comes from the
            // parent's events, so it waits with them.
            if let Some(id) = ev.int("ptid").and_then(|p| self.tids.get(&p)) {
                return Some(id.clone());
            }
        }
        let cgroups = ev.bytes("cgroups")?;
        let list = cgroups.split(|&b| b == 0).filter_map(|s| std::str::from_utf8(s).ok()).filter(|s| !s.is_empty());
        let id = container_id_from_cgroups(list)?;
        if state.containers.get(id).is_some() || self.given_up.contains(id) {
            return None;
        }
        Some(id.to_string())
    }

    /// The queues to evaluate now, oldest event first in each: those whose container is now in
    /// the state, and those that waited `metadata_wait` (all of them when `stopping`).
    pub fn due(&mut self, state: &State, now: Instant, stopping: bool) -> Vec<(Release, VecDeque<Event>)> {
        if self.queues.is_empty() {
            return Vec::new();
        }
        let mut ready: Vec<(String, Release)> = Vec::new();
        for (id, q) in &self.queues {
            let why = if state.containers.get(id).is_some() {
                Release::Described
            } else if stopping {
                Release::Stopping
            } else if now.duration_since(q.since) >= self.wait {
                Release::TimedOut
            } else {
                continue;
            };
            ready.push((id.clone(), why));
        }
        // Oldest queue first.
        ready.sort_by_key(|(id, _)| self.queues[id].since);
        let mut out = Vec::with_capacity(ready.len());
        for (id, why) in ready {
            let q = self.queues.remove(&id).expect("a queue listed as ready");
            self.held -= q.events.len();
            self.tids.retain(|_, c| *c != id);
            self.ancestors.retain(|_, c| *c != id);
            if why == Release::TimedOut {
                self.timeouts += 1;
                if self.given_up.len() >= MAX_GIVEN_UP {
                    self.given_up.clear();
                }
                self.given_up.insert(id);
            }
            out.push((why, q.events));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syssentry_engine::event::mk;
    use syssentry_engine::state::ContainerInfo;

    const ID: &str = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";

    fn exec_in_container(tid: i64) -> Event {
        let cg = format!("cpu=/docker/{ID}\0");
        mk::execve(tid, tid, "/bin/cat", &["cat", "/etc/shadow"], 0).bytes("cgroups", cg.as_bytes()).build()
    }

    #[test]
    fn a_new_container_s_events_wait_for_its_metadata_and_others_do_not() {
        let mut h = Holding::new(Duration::from_secs(1), 100);
        let mut state = State::default();
        assert!(h.offer(&exec_in_container(500), &state), "the container is not described yet");
        let open = mk::openat(500, -100, "/etc/shadow", 0, 0, 3).build();
        assert!(h.offer(&open, &state), "later events of a held thread wait too");
        let child = mk::clone(600, 0, 0).int("ptid", 500).build();
        assert!(h.offer(&child, &state), "a new thread of a held parent waits");
        let host = mk::openat(42, -100, "/etc/hosts", 0, 0, 3).build();
        assert!(!h.offer(&host, &state), "the host is never held");
        assert_eq!(h.len(), 3);
        assert!(h.due(&state, Instant::now(), false).is_empty());
        state.containers.insert(ContainerInfo { id: ID[..12].into(), name: "web".into(), ..ContainerInfo::default() });
        let due = h.due(&state, Instant::now(), false);
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].0, Release::Described);
        let types: Vec<&str> = due[0].1.iter().map(|e| e.event_type().name()).collect();
        assert_eq!(types, ["execve", "openat", "clone"], "in order");
        assert!(h.is_empty());
        assert!(!h.offer(&open, &state), "released threads are not held again");
        assert!(!h.offer(&exec_in_container(501), &state), "a described container is not held");
    }

    /// `docker exec`'s parent, or runc for a first process, exits on the host while its child's
    /// exec is held: the exit waits behind it, so the child is evaluated with its parent known.
    #[test]
    fn an_ancestor_s_exit_waits_behind_the_held_events_of_its_descendant() {
        let mut h = Holding::new(Duration::from_secs(1), 100);
        let mut state = State::default();
        for ev in [mk::execve(300, 300, "/usr/bin/shim", &["shim"], 0).build(), mk::clone_child(500, 500, 300, 0).build()] {
            state.apply(&ev);
            state.finish(&ev);
        }
        assert_eq!(state.thread(500).map(|t| t.ptid), Some(300), "the child is known with its parent");
        assert!(h.offer(&exec_in_container(500), &state));
        let parent_exit = mk::procexit(300).build();
        assert!(h.offer(&parent_exit, &state), "the parent's exit waits with the container");
        assert!(!h.offer(&mk::close(300, 3, 0).build(), &state), "its other events do not");
        assert!(!h.offer(&mk::procexit(42).build(), &state), "other exits do not");
        let due = h.due(&state, Instant::now(), true);
        let types: Vec<(&str, i64)> = due[0].1.iter().map(|e| (e.event_type().name(), e.tid)).collect();
        assert_eq!(types, [("execve", 500), ("procexit", 300)], "the child first, then its parent's exit");
        assert!(!h.offer(&mk::procexit(300).build(), &state), "released: not held again");
    }

    #[test]
    fn past_the_wait_a_container_is_released_and_not_held_again_and_the_bound_holds() {
        let mut h = Holding::new(Duration::from_millis(10), 2);
        let state = State::default();
        let t0 = Instant::now();
        assert!(h.offer(&exec_in_container(500), &state));
        assert!(h.offer(&mk::close(500, 3, 0).build(), &state));
        assert!(!h.offer(&mk::close(500, 4, 0).build(), &state), "over the bound: evaluated at once");
        assert_eq!(h.overflow, 1);
        let due = h.due(&state, t0 + Duration::from_millis(20), false);
        assert_eq!((due.len(), due[0].0, due[0].1.len()), (1, Release::TimedOut, 2));
        assert_eq!(h.timeouts, 1);
        assert!(!h.offer(&exec_in_container(700), &state), "given up on: not held again");
        let mut h = Holding::new(Duration::from_secs(60), 10);
        assert!(h.offer(&exec_in_container(500), &state));
        let due = h.due(&state, Instant::now(), true);
        assert_eq!(due[0].0, Release::Stopping);
        assert!(!Holding::new(Duration::ZERO, 10).enabled());
    }
}

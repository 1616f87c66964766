//! How container metadata is kept in the state, bounded: what the engines report goes in (a
//! partial description never replaces a full one), a destroyed container leaves after
//! [`REMOVAL_GRACE`], and because a destroy can be missed (its runtime was down at the time) a
//! sweep every [`SWEEP_EVERY`] drops containers no process in the state has been in for
//! [`SWEEP_AGE`]. The container table has a hard cap: when it is full, the container unused the
//! longest makes room. Either way a container leaves with its users and groups, and each
//! removal without a destroy is counted as an eviction.
//!
//! Place in the data flow: engines → container side service → **this cache** → state.

use crate::engines::update::{ContainerDescription, ContainerUpdate};
use std::collections::{HashMap, HashSet, VecDeque};
use std::time::{Duration, Instant};
use syssentry_engine::state::State;

/// How long a destroyed container's metadata stays: its last events (the exit of its processes,
/// events held until its metadata came) may still be evaluated after the runtime reports it gone.
pub const REMOVAL_GRACE: Duration = Duration::from_secs(5);
/// How often containers no process is in are looked for.
pub const SWEEP_EVERY: Duration = Duration::from_secs(60);
/// How long a container no process of the state is in stays without a destroy event.
pub const SWEEP_AGE: Duration = Duration::from_secs(300);

/// The bookkeeping beside the state's container table.
#[derive(Debug)]
pub struct ContainerCache {
    /// Destroyed containers and when their grace ends.
    leaving: VecDeque<(Instant, String)>,
    /// Containers known from a full description.
    full: HashSet<String>,
    /// When each known container was last described or seen in use by a process.
    last_used: HashMap<String, Instant>,
    next_sweep: Instant,
    /// Containers removed without a destroy event (swept, or making room in a full table).
    pub evictions: u64,
}

impl ContainerCache {
    /// An empty cache; the first sweep comes [`SWEEP_EVERY`] after `now`.
    pub fn new(now: Instant) -> ContainerCache {
        ContainerCache {
            leaving: VecDeque::new(),
            full: HashSet::new(),
            last_used: HashMap::new(),
            next_sweep: now + SWEEP_EVERY,
            evictions: 0,
        }
    }

    /// Applies one engine update at `now`; whether it changed anything.
    pub fn apply(&mut self, state: &mut State, update: ContainerUpdate, now: Instant) -> bool {
        match update {
            ContainerUpdate::Upsert(d) => self.upsert(state, *d, now),
            ContainerUpdate::Remove(id) => {
                self.leaving.push_back((now + REMOVAL_GRACE, id));
                true
            }
        }
    }

    fn upsert(&mut self, state: &mut State, d: ContainerDescription, now: Instant) -> bool {
        let id = d.info.id.clone();
        if d.partial && self.full.contains(&id) {
            return false;
        }
        if state.containers.get(&id).is_none() && state.containers.len() >= state.containers.cap {
            self.make_room(state);
        }
        // A container the full table refuses (counted by it) leaves nothing else behind.
        if !state.containers.insert(d.info) {
            return true;
        }
        self.last_used.insert(id.clone(), now);
        if !d.partial {
            self.full.insert(id.clone());
        }
        self.leaving.retain(|(_, l)| *l != id);
        // `user.name` and `group.name` of its processes come from its own files.
        if let Some(text) = &d.passwd {
            state.users.remove_container(&id);
            state.users.load_passwd(&id, text);
        }
        if let Some(text) = &d.group {
            state.groups.remove_container(&id);
            state.groups.load_group(&id, text);
        }
        true
    }

    /// Ends the grace of destroyed containers, and sweeps when it is time; how many containers
    /// it removed.
    pub fn tick(&mut self, state: &mut State, now: Instant) -> u64 {
        let mut removed = 0;
        while self.leaving.front().is_some_and(|(at, _)| *at <= now) {
            if let Some((_, id)) = self.leaving.pop_front() {
                self.forget(state, &id);
                removed += 1;
            }
        }
        if now >= self.next_sweep {
            self.next_sweep = now + SWEEP_EVERY;
            removed += self.sweep(state, now);
        }
        removed
    }

    /// Drops containers no process has been in for [`SWEEP_AGE`]; how many.
    fn sweep(&mut self, state: &mut State, now: Instant) -> u64 {
        let in_use = in_use(state);
        for id in &in_use {
            if let Some(t) = self.last_used.get_mut(*id) {
                *t = now;
            }
        }
        let stale: Vec<String> = state
            .containers
            .iter()
            .map(|c| &c.id)
            .filter(|id| !in_use.contains(id.as_str()) && self.last_used.get(*id).is_none_or(|t| now.duration_since(*t) >= SWEEP_AGE))
            .cloned()
            .collect();
        let removed = stale.len() as u64;
        for id in stale {
            self.forget(state, &id);
            self.evictions += 1;
        }
        removed
    }

    /// Makes room in a full table: the container unused the longest that no process is in goes
    /// (when every one is in use, the new one is refused and counted by the table).
    fn make_room(&mut self, state: &mut State) {
        let in_use = in_use(state);
        let oldest = state
            .containers
            .iter()
            .filter(|c| !in_use.contains(c.id.as_str()))
            .min_by_key(|c| self.last_used.get(&c.id).copied())
            .map(|c| c.id.clone());
        if let Some(id) = oldest {
            self.forget(state, &id);
            self.evictions += 1;
        }
    }

    fn forget(&mut self, state: &mut State, id: &str) {
        state.containers.remove(id);
        state.users.remove_container(id);
        state.groups.remove_container(id);
        self.full.remove(id);
        self.last_used.remove(id);
    }
}

/// The containers some thread of the state is in.
fn in_use(state: &State) -> HashSet<&str> {
    state.thread_container_ids().filter(|c| !c.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use syssentry_engine::state::{ContainerInfo, StateConfig, Thread};

    fn described(id: &str, name: &str, partial: bool) -> ContainerUpdate {
        let info = ContainerInfo { id: id.into(), name: name.into(), ..ContainerInfo::default() };
        ContainerUpdate::Upsert(Box::new(ContainerDescription {
            info,
            passwd: Some("root:x:0:0::/:/bin/sh\n".into()),
            group: None,
            partial,
        }))
    }

    fn process_in(state: &mut State, tid: i64, container: &str) {
        let mut t = Thread::new(tid, tid, 1);
        t.container_id = container.into();
        state.add_thread(t);
    }

    #[test]
    fn a_partial_description_never_replaces_a_full_one() {
        let t0 = Instant::now();
        let (mut cache, mut state) = (ContainerCache::new(t0), State::default());
        assert!(cache.apply(&mut state, described("aaaaaaaaaaaa", "partial", true), t0));
        assert!(cache.apply(&mut state, described("aaaaaaaaaaaa", "web", false), t0));
        assert!(!cache.apply(&mut state, described("aaaaaaaaaaaa", "partial", true), t0));
        assert_eq!(state.containers.get("aaaaaaaaaaaa").unwrap().name, "web");
    }

    #[test]
    fn destroyed_containers_leave_after_the_grace_with_their_users() {
        let t0 = Instant::now();
        let (mut cache, mut state) = (ContainerCache::new(t0), State::default());
        cache.apply(&mut state, described("aaaaaaaaaaaa", "web", false), t0);
        assert_eq!(state.users.len(), 1);
        cache.apply(&mut state, ContainerUpdate::Remove("aaaaaaaaaaaa".into()), t0);
        cache.tick(&mut state, t0 + REMOVAL_GRACE / 2);
        assert!(state.containers.get("aaaaaaaaaaaa").is_some(), "still in its grace");
        cache.tick(&mut state, t0 + REMOVAL_GRACE);
        assert!(state.containers.is_empty() && state.users.is_empty());
        assert_eq!(cache.evictions, 0, "a destroy is not an eviction");
    }

    #[test]
    fn the_sweep_drops_containers_no_process_is_in() {
        let t0 = Instant::now();
        let (mut cache, mut state) = (ContainerCache::new(t0), State::default());
        cache.apply(&mut state, described("aaaaaaaaaaaa", "busy", false), t0);
        cache.apply(&mut state, described("bbbbbbbbbbbb", "missed-destroy", false), t0);
        process_in(&mut state, 10, "aaaaaaaaaaaa");
        // Before SWEEP_AGE nothing goes, whatever the sweeps.
        cache.tick(&mut state, t0 + SWEEP_EVERY);
        assert_eq!(state.containers.len(), 2);
        cache.tick(&mut state, t0 + SWEEP_AGE + SWEEP_EVERY);
        assert!(state.containers.get("aaaaaaaaaaaa").is_some(), "a process is in it");
        assert!(state.containers.get("bbbbbbbbbbbb").is_none());
        assert_eq!(cache.evictions, 1);
        assert_eq!(state.users.len(), 1, "the swept container's users went with it");
    }

    #[test]
    fn a_full_table_makes_room_from_the_unused() {
        let t0 = Instant::now();
        let mut state = State::new(StateConfig { max_containers: 2, ..StateConfig::default() });
        let mut cache = ContainerCache::new(t0);
        cache.apply(&mut state, described("aaaaaaaaaaaa", "old-unused", false), t0);
        cache.apply(&mut state, described("bbbbbbbbbbbb", "in-use", false), t0 - Duration::from_secs(1));
        process_in(&mut state, 10, "bbbbbbbbbbbb");
        cache.apply(&mut state, described("cccccccccccc", "new", false), t0 + Duration::from_secs(1));
        let names: HashSet<&str> = state.containers.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, HashSet::from(["in-use", "new"]));
        assert_eq!(cache.evictions, 1);
        // Every container in use: the next one is refused, and counted by the table.
        process_in(&mut state, 11, "cccccccccccc");
        cache.apply(&mut state, described("dddddddddddd", "refused", false), t0 + Duration::from_secs(2));
        assert_eq!(state.containers.len(), 2);
        assert_eq!(state.containers.dropped, 1);
    }
}

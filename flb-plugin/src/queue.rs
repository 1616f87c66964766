//! The bounded alert queue between the evaluating thread and Fluent Bit's collect callback, with
//! its overflow policy and drop accounting.
//!
//! Place in the data flow: evaluation (the plugin's worker thread pushes encoded records) →
//! **queue** → the collect callback (drains it into one buffer) → Fluent Bit.
//!
//! The queue never blocks either side: the worker must keep consuming kernel events (the state
//! tables would go wrong otherwise) and the collect callback must return within milliseconds.
//! When it is full, the configured [`OverflowPolicy`] drops the new record or the oldest queued
//! one; every drop is counted, per episode and in total, so the collect callback can report an
//! episode once the queue has room again ([`AlertQueue::take_overflow_episode`]).

use crate::config::OverflowPolicy;
use crossbeam_queue::ArrayQueue;
use std::sync::atomic::{AtomicU64, Ordering};

/// One encoded record (a complete msgpack log event) waiting for Fluent Bit.
pub type Record = Vec<u8>;

/// A finished overflow episode: records dropped since the last report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverflowEpisode {
    /// Records dropped in this episode.
    pub dropped: u64,
    /// Records dropped since the instance started.
    pub dropped_total: u64,
    /// Time of the first drop of the episode, nanoseconds since the epoch.
    pub first_drop_ns: u64,
    /// Time of the last drop of the episode.
    pub last_drop_ns: u64,
}

/// A lock-free bounded multi-producer multi-consumer queue of encoded records.
#[derive(Debug)]
pub struct AlertQueue {
    q: ArrayQueue<Record>,
    policy: OverflowPolicy,
    pushed: AtomicU64,
    dropped_total: AtomicU64,
    episode_dropped: AtomicU64,
    episode_first_ns: AtomicU64,
    episode_last_ns: AtomicU64,
}

impl AlertQueue {
    /// A queue of `capacity` records (at least 1).
    pub fn new(capacity: usize, policy: OverflowPolicy) -> AlertQueue {
        AlertQueue {
            q: ArrayQueue::new(capacity.max(1)),
            policy,
            pushed: AtomicU64::new(0),
            dropped_total: AtomicU64::new(0),
            episode_dropped: AtomicU64::new(0),
            episode_first_ns: AtomicU64::new(0),
            episode_last_ns: AtomicU64::new(0),
        }
    }

    /// Queues a record; when full, drops one by the policy and counts it. `now_ns` stamps the
    /// drop. Returns whether a record was dropped.
    pub fn push(&self, rec: Record, now_ns: u64) -> bool {
        self.pushed.fetch_add(1, Ordering::Relaxed);
        let dropped = match self.policy {
            OverflowPolicy::DropNewest => self.q.push(rec).is_err(),
            OverflowPolicy::DropOldest => self.q.force_push(rec).is_some(),
        };
        if dropped {
            self.dropped_total.fetch_add(1, Ordering::Relaxed);
            if self.episode_dropped.fetch_add(1, Ordering::AcqRel) == 0 {
                self.episode_first_ns.store(now_ns, Ordering::Relaxed);
            }
            self.episode_last_ns.store(now_ns, Ordering::Relaxed);
        }
        dropped
    }

    /// Takes the oldest record.
    pub fn pop(&self) -> Option<Record> {
        self.q.pop()
    }

    /// Records queued now.
    pub fn len(&self) -> usize {
        self.q.len()
    }

    /// Whether nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.q.is_empty()
    }

    /// The capacity.
    pub fn capacity(&self) -> usize {
        self.q.capacity()
    }

    /// The overflow policy.
    pub fn policy(&self) -> OverflowPolicy {
        self.policy
    }

    /// Records offered to the queue since start (queued or dropped).
    pub fn pushed(&self) -> u64 {
        self.pushed.load(Ordering::Relaxed)
    }

    /// Records dropped since start.
    pub fn dropped_total(&self) -> u64 {
        self.dropped_total.load(Ordering::Relaxed)
    }

    /// If records were dropped since the last report and the queue has recovered (at most half
    /// full), ends the episode and returns it. Called by the collect callback after draining.
    pub fn take_overflow_episode(&self) -> Option<OverflowEpisode> {
        if self.episode_dropped.load(Ordering::Acquire) == 0 || self.q.len() > self.q.capacity() / 2
        {
            return None;
        }
        let first_drop_ns = self.episode_first_ns.load(Ordering::Relaxed);
        let last_drop_ns = self.episode_last_ns.load(Ordering::Relaxed);
        let dropped = self.episode_dropped.swap(0, Ordering::AcqRel);
        (dropped > 0).then(|| OverflowEpisode {
            dropped,
            dropped_total: self.dropped_total(),
            first_drop_ns,
            last_drop_ns,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_newest_keeps_the_first_records() {
        let q = AlertQueue::new(3, OverflowPolicy::DropNewest);
        for i in 0..10u8 {
            q.push(vec![i], 100 + i as u64);
        }
        assert_eq!(q.dropped_total(), 7);
        assert_eq!(q.take_overflow_episode(), None, "still full");
        assert_eq!(q.pop(), Some(vec![0]));
        assert_eq!(q.pop(), Some(vec![1]));
        let ep = q.take_overflow_episode().unwrap();
        assert_eq!(
            (
                ep.dropped,
                ep.dropped_total,
                ep.first_drop_ns,
                ep.last_drop_ns
            ),
            (7, 7, 103, 109)
        );
        assert_eq!(q.take_overflow_episode(), None, "reported once");
        assert_eq!(q.pop(), Some(vec![2]));
        assert_eq!(q.pushed(), 10);
    }

    #[test]
    fn drop_oldest_keeps_the_last_records() {
        let q = AlertQueue::new(3, OverflowPolicy::DropOldest);
        for i in 0..10u8 {
            q.push(vec![i], 0);
        }
        assert_eq!(q.dropped_total(), 7);
        let got: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(got, vec![vec![7], vec![8], vec![9]]);
        assert_eq!(q.take_overflow_episode().unwrap().dropped, 7);
    }
}

//! [`StateStats`]: counters of what the state's caps kept out of the tables, and of placeholder
//! threads created.
//!
//! Place in the data flow: counted by the **state** while applying events → read by whoever
//! reports health (drop alerts, exit statistics).

/// Counters of what the caps kept out of the tables, and of placeholders created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StateStats {
    /// Threads not created because the thread table was full.
    pub threads_dropped: u64,
    /// Fds not stored because the process's fd table was full.
    pub fds_dropped: u64,
    /// Placeholder threads created for threads seen before their creation.
    pub placeholder_threads: u64,
    /// Threads removed (exits).
    pub threads_removed: u64,
}

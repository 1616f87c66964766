//! [`StateConfig`]: the capacity limits of the state tables, and whether process environments
//! are kept.
//!
//! Place in the data flow: chosen when the state is created (from the rule set's needs,
//! `RuleSet::state_config` in the evaluator) → the **state** enforces it for every event.

/// Capacity limits of the state tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateConfig {
    /// Maximum number of threads.
    pub max_threads: usize,
    /// Maximum number of fds per process.
    pub max_fds_per_process: usize,
    /// Maximum number of users (over all containers).
    pub max_users: usize,
    /// Maximum number of groups (over all containers).
    pub max_groups: usize,
    /// Maximum number of containers with metadata.
    pub max_containers: usize,
    /// Keep process environments (`proc.env`). A rule set says whether it needs them
    /// (`RuleSet::state_config` in the evaluator): when no loaded rule reads the
    /// environment, execs drop the one their event carries and `/proc` seeding skips `environ`,
    /// saving a copy of every distinct environment (about a kilobyte for a login shell's).
    pub keep_env: bool,
}

impl Default for StateConfig {
    fn default() -> Self {
        StateConfig {
            max_threads: 131_072,
            max_fds_per_process: 4_096,
            max_users: 65_536,
            max_groups: 65_536,
            max_containers: 8_192,
            keep_env: true,
        }
    }
}

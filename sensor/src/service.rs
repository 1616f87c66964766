//! Side services: what feeds the state tables from outside the event stream, between batches —
//! the addresses of the domain names rules compare with today, container and workload metadata
//! next. A service does its slow work (DNS lookups, daemon API calls) on a thread of its own and
//! hands the results over a channel; the runtime applies them between two batches, so nothing
//! on the event path ever waits on a socket or a daemon.
//!
//! Place in the data flow: outside sources → **side service** → state (between batches) →
//! evaluation.

use syssentry_engine::state::State;

/// A producer of state updates that runs beside the event loop.
pub trait SideService: Send {
    /// A short name for logs and stats (`dns`).
    fn name(&self) -> &'static str;

    /// Applies to `state` what the service learnt since the last call, without waiting; returns
    /// how many updates it applied. It changes only the container, user, group and DNS tables,
    /// and returns more than 0 whenever it changed any (the runtime then copies them to its
    /// other evaluation threads).
    fn apply(&mut self, state: &mut State) -> u64;

    /// Failures of its outside source so far (a runtime that stopped answering, ...).
    fn failures(&self) -> u64 {
        0
    }

    /// Entries it removed from the state without their source saying they were gone (swept as
    /// unused, or making room in a full table).
    fn evictions(&self) -> u64 {
        0
    }

    /// Whether it puts container metadata into the state (then a new container's events may
    /// wait for it: [`crate::hold`]).
    fn describes_containers(&self) -> bool {
        false
    }
}

//! `on_failure exit`: when the event source fails, stop Fluent Bit with a non-zero status, for
//! orchestrators that restart the pod or the task — after the alert that says so has reached
//! Fluent Bit and its outputs have had their grace period to deliver it.
//!
//! Place in the data flow: after it. The worker asks for the exit; Fluent Bit's own shutdown
//! runs (SIGTERM: inputs paused, outputs flushed, instances exited); the status is applied when
//! Fluent Bit unregisters the plugin, its last call before unloading it.
//!
//! A proxy plugin has no way to set Fluent Bit's exit status, and a plain `exit()` from the
//! worker would lose the alert still queued and whatever the outputs buffer. So the worker waits
//! (bounded) until the collect callback has taken the queue, then sends the process SIGTERM,
//! which Fluent Bit handles as an operator's stop; `FLBPluginUnregister` then ends the process
//! with [`EXIT_STATUS`] once everything else is shut down.

use crate::shared::Shared;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};
use syssentry_sensor::log::{Level, Log};

/// The status Fluent Bit exits with after the source failed under `on_failure exit`.
pub const EXIT_STATUS: i32 = 1;

/// Longest wait for Fluent Bit to collect the queued alerts before stopping it anyway.
const DRAIN_WAIT: Duration = Duration::from_secs(5);

/// The status asked for, 0 while none was.
static REQUESTED: AtomicI32 = AtomicI32::new(0);

/// Asks Fluent Bit to stop, and to exit with [`EXIT_STATUS`]: waits until the queue is taken
/// (at most [`DRAIN_WAIT`], less if the instance is being stopped anyway), then sends SIGTERM to
/// the process.
pub fn request(shared: &Shared, log: &dyn Log) {
    let until = Instant::now() + DRAIN_WAIT;
    while !shared.queue.is_empty() && Instant::now() < until && !shared.stop.load(Ordering::Acquire) {
        std::thread::sleep(Duration::from_millis(50));
    }
    REQUESTED.store(EXIT_STATUS, Ordering::SeqCst);
    log.log(
        Level::Error,
        &format!("on_failure exit: stopping fluent bit, which will exit with status {EXIT_STATUS}"),
    );
    if let Err(e) = nix::sys::signal::kill(nix::unistd::Pid::this(), nix::sys::signal::Signal::SIGTERM) {
        log.log(Level::Error, &format!("on_failure exit: cannot signal fluent bit to stop: {e}"));
    }
}

/// The status to exit with, if a failure asked for one.
pub fn requested() -> Option<i32> {
    match REQUESTED.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s),
    }
}

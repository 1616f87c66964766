//! [`EvalCtx`]: what extraction reads for one event: the event, the state as updated by it, host
//! settings, and the event's thread, fd and container looked up once.
//!
//! Place in the data flow: event + state (after `State::apply`) → **EvalCtx** (built once per
//! event) → every field extracted for the rules and outputs evaluated on it.

use crate::state::{ContainerInfo, Fd, State, Thread};
use syssentry_event::Event;

/// What extraction reads: the event, the state after applying it, and host settings.
///
/// Built once per event with [`EvalCtx::new`], which also resolves what nearly every field needs
/// (the event's thread, the fd it uses, the thread's container entry), so extraction never
/// repeats those table lookups per field.
#[derive(Debug, Clone, Copy)]
pub struct EvalCtx<'a> {
    pub(crate) event: &'a Event,
    pub(crate) state: &'a State,
    /// Host name (`evt.hostname`).
    pub hostname: &'a str,
    /// Local time zone offset from UTC in seconds, for `evt.time`/`evt.datetime`.
    pub utc_offset_secs: i32,
    thread: Option<&'a Thread>,
    fd: Option<&'a Fd>,
    container: Option<&'a ContainerInfo>,
}

impl<'a> EvalCtx<'a> {
    /// A context for `event` over `state` (already updated with the event), with an empty host
    /// name and UTC as local time.
    pub fn new(event: &'a Event, state: &'a State) -> Self {
        let thread = state.thread(event.tid);
        EvalCtx {
            event,
            state,
            hostname: "",
            utc_offset_secs: 0,
            thread,
            fd: thread.and_then(|t| state.current_fd_info_of(t)),
            container: thread.and_then(|t| state.container_info(&t.container_id)),
        }
    }

    /// The current event.
    pub fn event(&self) -> &'a Event {
        self.event
    }

    /// The state, already updated with the event.
    pub fn state(&self) -> &'a State {
        self.state
    }

    /// The thread of the event, if the state knows it.
    pub fn thread(&self) -> Option<&'a Thread> {
        self.thread
    }

    /// The fd the event used or created (or just closed), if the process has it.
    pub fn fd(&self) -> Option<&'a Fd> {
        self.fd
    }

    /// The container metadata of the event's thread (the built-in `host` entry on the host),
    /// if known.
    pub fn container(&self) -> Option<&'a ContainerInfo> {
        self.container
    }
}

//! Which events the state tables learn from: capture must deliver these whatever the rules
//! match, or the tables drift from the system (a process unseen at exec, an fd unseen at close).
//!
//! Place in the data flow: read once when a sensor configures capture (capture → event →
//! **state**); nothing here runs per event.

use syssentry_event::{EventType, EventTypeSet};

/// The event types that update the tables whatever the rules ask for: process lifecycle, file
/// descriptors, network endpoints, working directory and identities. A sensor captures these
/// beside the rules' own.
pub fn tracked_event_types() -> EventTypeSet {
    const NAMES: &[&str] = &[
        "clone",
        "clone3",
        "fork",
        "vfork",
        "execve",
        "execveat",
        "procexit",
        "open",
        "openat",
        "openat2",
        "creat",
        "close",
        "close_range",
        "dup",
        "dup2",
        "dup3",
        "fcntl",
        "socket",
        "connect",
        "accept",
        "accept4",
        "bind",
        "listen",
        "chdir",
        "fchdir",
        "setuid",
        "setgid",
        "setreuid",
        "setregid",
        "setresuid",
        "setresgid",
        "setns",
        "unshare",
        "memfd_create",
        "mount",
        "umount2",
        "capset",
        "prctl",
        "pipe",
        "pipe2",
    ];
    let mut set = EventTypeSet::empty();
    for n in NAMES {
        if let Some(t) = EventType::from_name(n) {
            set.insert(t);
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_an_event_type() {
        // A misspelt name would be left out silently by `from_name`.
        assert_eq!(tracked_event_types().len(), 40);
        for t in ["clone", "execve", "procexit", "close", "connect", "setns", "capset"] {
            assert!(tracked_event_types().contains(EventType::from_name(t).unwrap()), "{t}");
        }
    }
}

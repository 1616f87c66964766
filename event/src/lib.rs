//! The exit-first event model: what capture produces and everything downstream consumes.
//!
//! Place in the data flow: capture → **event** → state → eval → output.
//!
//! * [`EventType`]: every event name Falco accepts in `evt.type` (all syscall names, the
//!   Falco event-table names such as `procexit`, `container`, `asyncevent`), as a `Copy` u16.
//! * [`Event`]: header plus typed parameters stored without per-event allocation.
//! * [`schema_of`]: the parameter names/types of each event, exactly as Falco names them, so
//!   `evt.arg.flags` or `evt.arg.request` mean the same thing here.
//! * [`EventBuilder`] and [`mk`]: terse constructors for tests and synthetic event sequences.
//! * [`flags`], [`ppm`], [`names`]: flag tables and codes used to render parameters.
//!
//! Semantics that producers must follow (they decide rule results):
//! * Events are *exit* events; enter events exist only for the TOCTOU-mitigation cases
//!   (`open`, `openat`, `openat2`, `creat`, `connect`), see [`Event::new_enter`].
//! * A **successful** `execveat` is reported as an `execve` exit event; an `execveat` exit
//!   event only reports a failure (as Falco's drivers do).
//! * Flag parameters use the PPM encoding ([`ppm`]), not raw kernel values.

pub mod builder;
#[rustfmt::skip]
pub mod flags;
pub mod names;
mod open_facts;
pub mod ppm;
mod record;
mod schema;
#[rustfmt::skip]
mod tables;
mod set;
mod value;

pub use builder::{mk, EventBuilder};
pub use open_facts::{open_event_types, OpenFacts};
pub use record::Event;
pub use set::EventTypeSet;
pub use schema::{
    has_schema, schema_of, EventSchema, ParamFormat, ParamId, ParamSpec, ParamType, FD_CREATES,
    FD_DESTROYS, FD_USES,
};
pub use value::{Param, ParamValue, SockAddr, SockTuple, Span};

/// An event type: an index into the sorted table of every event name Falco accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventType(u16);

impl EventType {
    /// How many event types exist (valid indices are `0..COUNT`).
    pub const COUNT: usize = tables::EVENT_NAMES.len();

    /// Looks an event type up by name (`openat`, `procexit`, `container`, any syscall name).
    pub fn from_name(name: &str) -> Option<EventType> {
        tables::EVENT_NAMES
            .binary_search(&name)
            .ok()
            .map(|i| EventType(i as u16))
    }

    /// The event type's name.
    pub fn name(self) -> &'static str {
        tables::EVENT_NAMES
            .get(self.0 as usize)
            .copied()
            .unwrap_or("")
    }

    /// The index, in `0..COUNT`.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The event type with this index.
    pub fn from_index(i: usize) -> Option<EventType> {
        (i < Self::COUNT).then_some(EventType(i as u16))
    }

    /// All event types.
    pub fn all() -> impl Iterator<Item = EventType> {
        (0..Self::COUNT).map(|i| EventType(i as u16))
    }

    /// Whether the engine knows this event's parameters (otherwise it is a generic syscall
    /// event without parameters).
    pub fn has_schema(self) -> bool {
        schema::has_schema(self)
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for n in [
            "openat",
            "execve",
            "execveat",
            "procexit",
            "container",
            "asyncevent",
            "bpf",
        ] {
            let t = EventType::from_name(n).unwrap_or_else(|| panic!("{n} missing"));
            assert_eq!(t.name(), n);
        }
        assert!(EventType::from_name("openatx").is_none());
        assert!(EventType::from_name("").is_none());
        // Syscalls Falco only reports as generic events are still valid names.
        assert!(EventType::from_name("kexec_load").is_some());
        assert!(EventType::from_name("io_uring_enter").is_some());
        assert_eq!(EventType::OPENAT, EventType::from_name("openat").unwrap());
    }

    #[test]
    fn rule_event_types_have_schemas() {
        let rule_types = "connect dup dup2 dup3 execve execveat finit_module init_module link \
            linkat open openat openat2 ptrace sendmsg sendto socket symlink symlinkat accept \
            accept4 bpf chmod creat fchmod fchmodat listen rename renameat renameat2 rmdir setns \
            setuid unlink unlinkat unshare mkdir mkdirat recvfrom recvmsg userfaultfd";
        let mut n = 0;
        for name in rule_types.split_whitespace() {
            let t = EventType::from_name(name).unwrap();
            assert!(t.has_schema(), "{name} has no schema");
            n += 1;
        }
        assert_eq!(n, 41);
    }

    #[test]
    fn openat_schema_matches_falco() {
        let s = schema_of(EventType::OPENAT, false);
        let names: Vec<_> = s.params.iter().map(|p| p.name).collect();
        assert_eq!(
            names,
            ["fd", "dirfd", "name", "flags", "mode", "dev", "ino"]
        );
        assert!(s.has_return_value);
        assert_eq!(s.params[2].ty, ParamType::FsRelPath);
        assert_eq!(s.params[2].dirfd, 1);
        let p = schema_of(EventType::PROCEXIT, false);
        assert!(!p.has_return_value);
    }

    #[test]
    fn param_ids() {
        for n in [
            "flags", "request", "domain", "target", "linkpath", "oldpath", "newpath", "uid",
        ] {
            assert_eq!(ParamId::from_name(n).map(|p| p.name()), Some(n));
        }
        assert!(ParamId::from_name("nosuchparam").is_none());
        assert_eq!(
            ParamId::longest_prefix_of("flagsx").map(|p| p.name()),
            Some("flags")
        );
    }
}

//! [`EventType`]: every event name syssentry knows, as a `Copy` index into the sorted name
//! table, with one named constant per event (`EventType::OPENAT`).
//!
//! Place in the data flow: capture picks the type of each event it fills; rules compile
//! `evt.type` into these; state and evaluation dispatch on them. The names and constants are
//! derived by the build script from `tables/events.txt`.

/// An event type: an index into the sorted table of every event name Falco accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventType(u16);

include!(concat!(env!("OUT_DIR"), "/event_types.rs"));

impl EventType {
    /// How many event types exist (valid indices are `0..COUNT`).
    pub const COUNT: usize = EVENT_NAMES.len();

    /// Looks an event type up by name (`openat`, `procexit`, `container`, any syscall name).
    pub fn from_name(name: &str) -> Option<EventType> {
        EVENT_NAMES
            .binary_search(&name)
            .ok()
            .map(|i| EventType(i as u16))
    }

    /// The event type's name.
    #[inline]
    pub fn name(self) -> &'static str {
        EVENT_NAMES.get(self.0 as usize).copied().unwrap_or("")
    }

    /// The index, in `0..COUNT`.
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The event type with this index.
    #[inline]
    pub fn from_index(i: usize) -> Option<EventType> {
        (i < Self::COUNT).then_some(EventType(i as u16))
    }

    /// All event types.
    pub fn all() -> impl Iterator<Item = EventType> {
        (0..Self::COUNT).map(|i| EventType(i as u16))
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::EventType;

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
}

//! Facts of an opened file that capture can collect with each open (created flag, overlayfs
//! layer, device and inode), as a set: the rules say which they read, capture collects only
//! those, and the event then carries them.
//!
//! Place in the data flow: rules → capture configuration → **open events** (their `flags`,
//! `dev` and `ino` parameters) → state. Nothing here runs per event.

use crate::{event_type::EventType, set::EventTypeSet};

/// A set of open-file facts (bit set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct OpenFacts(u8);

impl OpenFacts {
    /// No fact.
    pub const NONE: OpenFacts = OpenFacts(0);
    /// The open created the file (`O_F_CREATED`).
    pub const CREATED: OpenFacts = OpenFacts(1);
    /// The file's overlayfs layer (`FD_UPPER_LAYER`, `FD_LOWER_LAYER`, `creat_flags`).
    pub const LAYER: OpenFacts = OpenFacts(2);
    /// The file's device and inode numbers (`dev`, `ino`).
    pub const ID: OpenFacts = OpenFacts(4);
    /// Every fact.
    pub const ALL: OpenFacts = OpenFacts(7);

    /// The set of the given bits (`CREATED` = 1, `LAYER` = 2, `ID` = 4); others are ignored.
    pub fn from_bits(bits: u8) -> OpenFacts {
        OpenFacts(bits & OpenFacts::ALL.0)
    }

    /// The raw bits (`CREATED` = 1, `LAYER` = 2, `ID` = 4).
    pub fn bits(self) -> u8 {
        self.0
    }

    /// Whether every fact of `other` is in `self`.
    pub fn contains(self, other: OpenFacts) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl std::ops::BitOr for OpenFacts {
    type Output = OpenFacts;
    fn bitor(self, rhs: OpenFacts) -> OpenFacts {
        OpenFacts(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for OpenFacts {
    fn bitor_assign(&mut self, rhs: OpenFacts) {
        self.0 |= rhs.0;
    }
}

/// The event types whose records carry open-file facts.
pub fn open_event_types() -> EventTypeSet {
    let mut s = EventTypeSet::empty();
    for t in [
        EventType::OPEN,
        EventType::OPENAT,
        EventType::OPENAT2,
        EventType::CREAT,
    ] {
        s.insert(t);
    }
    s
}

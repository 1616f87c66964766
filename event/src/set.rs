//! Sets of event types: what a rule's condition can match, and what capture must send.

use crate::event_type::EventType;

const WORDS: usize = EventType::COUNT.div_ceil(64);

/// A set of event types (a fixed-size bitset).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct EventTypeSet {
    bits: [u64; WORDS],
}

impl EventTypeSet {
    /// No event type.
    pub fn empty() -> Self {
        EventTypeSet { bits: [0; WORDS] }
    }

    /// Every event type.
    pub fn all() -> Self {
        let mut s = EventTypeSet { bits: [u64::MAX; WORDS] };
        s.trim();
        s
    }

    fn trim(&mut self) {
        let extra = WORDS * 64 - EventType::COUNT;
        if extra > 0 {
            self.bits[WORDS - 1] &= u64::MAX >> extra;
        }
    }

    /// Adds an event type.
    #[inline]
    pub fn insert(&mut self, ty: EventType) {
        self.bits[ty.index() / 64] |= 1 << (ty.index() % 64);
    }

    /// Removes an event type.
    #[inline]
    pub fn remove(&mut self, ty: EventType) {
        self.bits[ty.index() / 64] &= !(1 << (ty.index() % 64));
    }

    /// Whether the set holds `ty`.
    #[inline]
    pub fn contains(&self, ty: EventType) -> bool {
        self.bits[ty.index() / 64] & (1 << (ty.index() % 64)) != 0
    }

    /// Every event type not in the set.
    pub fn complement(&self) -> Self {
        let mut s = EventTypeSet { bits: self.bits.map(|w| !w) };
        s.trim();
        s
    }

    /// Adds every member of `other`.
    pub fn union_with(&mut self, other: &EventTypeSet) {
        for (a, b) in self.bits.iter_mut().zip(other.bits.iter()) {
            *a |= b;
        }
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|&w| w == 0)
    }

    /// The members, in index order.
    pub fn iter(&self) -> impl Iterator<Item = EventType> + '_ {
        EventType::all().filter(|t| self.contains(*t))
    }
}

impl std::fmt::Debug for EventTypeSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter().map(EventType::name)).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let open = EventType::from_name("open").unwrap();
        let execve = EventType::from_name("execve").unwrap();
        let mut s = EventTypeSet::empty();
        assert!(s.is_empty());
        s.insert(open);
        assert!(s.contains(open) && !s.contains(execve));
        let c = s.complement();
        assert!(!c.contains(open) && c.contains(execve));
        assert_eq!(c.len(), EventType::COUNT - 1);
        assert_eq!(EventTypeSet::all().len(), EventType::COUNT);
        s.remove(open);
        assert!(s.is_empty());
    }
}

//! [`PackedEvents`]: many events stored back to back in four flat buffers, for handing them to
//! another thread. An [`Event`] keeps its parameters, text and bytes in allocations of its own;
//! a thread reading events another core wrote would fetch each of those as a separate miss,
//! where flat buffers arrive as one stream.
//!
//! Place in the data flow: capture → event → **packed** (the runtime's evaluation threads) →
//! event → state.

use crate::event::Event;
use crate::value::ParamValue;

/// The header of one packed event: its fixed fields and where its parts end in the buffers.
#[derive(Debug, Clone, Copy)]
struct Head {
    fixed: crate::event::Fixed,
    params_end: usize,
    text_end: usize,
    bytes_end: usize,
}

/// Events in the order they were pushed.
#[derive(Debug, Default, Clone)]
pub struct PackedEvents {
    heads: Vec<Head>,
    params: Vec<ParamValue>,
    text: String,
    bytes: Vec<u8>,
}

impl PackedEvents {
    /// Appends a copy of `ev`.
    pub fn push(&mut self, ev: &Event) {
        let (fixed, params, text, bytes) = ev.parts();
        self.params.extend_from_slice(params);
        self.text.push_str(text);
        self.bytes.extend_from_slice(bytes);
        self.heads.push(Head { fixed, params_end: self.params.len(), text_end: self.text.len(), bytes_end: self.bytes.len() });
    }

    /// How many events it holds.
    pub fn len(&self) -> usize {
        self.heads.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// Empties it, keeping the buffers' capacity.
    pub fn clear(&mut self) {
        self.heads.clear();
        self.params.clear();
        self.text.clear();
        self.bytes.clear();
    }

    /// Copies event `i` into `into` (reusing its buffers); false when there is no such event.
    pub fn unpack(&self, i: usize, into: &mut Event) -> bool {
        let Some(h) = self.heads.get(i) else { return false };
        let (p0, t0, b0) = match i.checked_sub(1).map(|j| self.heads[j]) {
            Some(prev) => (prev.params_end, prev.text_end, prev.bytes_end),
            None => (0, 0, 0),
        };
        into.set_parts(h.fixed, &self.params[p0..h.params_end], &self.text[t0..h.text_end], &self.bytes[b0..h.bytes_end]);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mk;
    use crate::ppm::open::O_RDONLY;

    #[test]
    fn events_come_back_as_they_went_in() {
        let evs = [
            mk::openat(7, -100, "/etc/shadow", O_RDONLY, 0, 3).ts(5).build(),
            mk::execve(8, 8, "/usr/bin/cat", &["cat", "/etc/hostname"], 0).build(),
            mk::close(7, 3, 0).build(),
        ];
        let mut packed = PackedEvents::default();
        for _ in 0..2 {
            packed.clear();
            evs.iter().for_each(|e| packed.push(e));
            assert_eq!(packed.len(), 3);
            let mut out = Event::new(crate::EventType::CLOSE);
            for (i, e) in evs.iter().enumerate() {
                assert!(packed.unpack(i, &mut out));
                assert_eq!(format!("{out:?}"), format!("{e:?}"));
            }
            assert!(!packed.unpack(3, &mut out));
        }
    }
}

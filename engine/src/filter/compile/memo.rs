//! [`Memo`]: the results of subtrees several rules hold, kept for the event being evaluated.
//! The rules of one event type share much of their conditions (every rule on reading a file
//! starts with the `open_read` macro: four checks under one `and`): each such subtree is
//! evaluated once per event, and the other rules take its result.
//!
//! Place in the data flow: rule set built → identical subtrees numbered
//! ([`super::shared::assign`]) → per event, **evaluation** keeps and reuses their results
//! ([`Memo`], in the evaluating thread's scratch).
//!
//! A subtree is pure for one event: its result depends only on the event and the state, neither
//! of which changes while the event's rules are evaluated; so taking a kept result changes no
//! rule's outcome, only the work. Results are valid between [`Memo::begin`] and [`Memo::end`]
//! (one event's evaluation by the rule set); outside, nothing is kept or taken.


/// Kept results, by the number [`super::shared::assign`] gave a subtree.
#[derive(Debug, Default)]
pub struct Memo {
    /// Between [`Memo::begin`] and [`Memo::end`].
    active: bool,
    /// The event being evaluated, counted.
    epoch: u32,
    /// The event each slot's result belongs to.
    seen: Vec<u32>,
    value: Vec<bool>,
}

impl Memo {
    /// Starts an event with `slots` numbered subtrees; results of earlier events are void.
    pub fn begin(&mut self, slots: u32) {
        let n = slots as usize;
        if self.seen.len() < n {
            self.seen.resize(n, 0);
            self.value.resize(n, false);
        }
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.seen.fill(0);
            self.epoch = 1;
        }
        self.active = true;
    }

    /// Ends the event: nothing is kept or taken until the next [`Memo::begin`].
    pub fn end(&mut self) {
        self.active = false;
    }

    /// The kept result of subtree `slot` for this event.
    #[inline]
    pub fn get(&self, slot: u32) -> Option<bool> {
        let i = slot as usize;
        (self.active && self.seen.get(i) == Some(&self.epoch)).then(|| self.value[i])
    }

    /// Keeps the result of subtree `slot` for this event.
    #[inline]
    pub fn set(&mut self, slot: u32, v: bool) {
        let i = slot as usize;
        if self.active && i < self.seen.len() {
            self.seen[i] = self.epoch;
            self.value[i] = v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_last_one_event() {
        let mut m = Memo::default();
        m.set(0, true);
        assert_eq!(m.get(0), None, "nothing is kept outside an event");
        m.begin(2);
        assert_eq!(m.get(0), None);
        m.set(0, true);
        m.set(1, false);
        assert_eq!((m.get(0), m.get(1)), (Some(true), Some(false)));
        m.end();
        assert_eq!(m.get(0), None, "nothing is taken outside an event");
        m.begin(2);
        assert_eq!((m.get(0), m.get(1)), (None, None), "the next event starts empty");
        assert_eq!(m.get(7), None);
        m.set(7, true);
        assert_eq!(m.get(7), None, "a slot beyond those begun is not kept");
    }

    #[test]
    fn the_counter_wrapping_voids_old_results() {
        let mut m = Memo::default();
        m.begin(1);
        m.set(0, true);
        m.epoch = u32::MAX;
        m.seen[0] = u32::MAX;
        m.begin(1);
        assert_eq!(m.get(0), None);
    }
}

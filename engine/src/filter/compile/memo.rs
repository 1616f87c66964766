//! [`Memo`]: the results of subtrees several rules hold, kept for the event being evaluated.
//! The rules of one event type share much of their conditions (every rule on reading a file
//! starts with the `open_read` macro: four checks under one `and`): each such subtree is
//! evaluated once per event, and the other rules take its result.
//!
//! Place in the data flow: rule set built → identical subtrees numbered ([`assign`]) → per
//! event, **evaluation** keeps and reuses their results ([`Memo`], in the evaluating thread's
//! scratch).
//!
//! Subtrees are identical when they have the same shape: a check is known by its text (macros
//! and lists expanded), an `and`, `or` or `not` by its kind and its children, in order. A
//! subtree is pure for one event: its result depends only on the event and the state, neither
//! of which changes while the event's rules are evaluated; so taking a kept result changes no
//! rule's outcome, only the work. Results are valid between [`Memo::begin`] and [`Memo::end`]
//! (one event's evaluation by the rule set); outside, nothing is kept or taken.

use super::program::{Node, NodeKind, Program};
use std::collections::HashMap;

/// Kept results, by the number [`assign`] gave a subtree.
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

/// The shape of a subtree, its children known by their numbers.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Shape {
    Check(Box<str>),
    And(Box<[u32]>),
    Or(Box<[u32]>),
    Not(u32),
}

/// Gives each distinct shape a number, children first; `out` gets the number of every node in
/// that order.
fn intern(node: &Node, shapes: &mut HashMap<Shape, u32>, out: &mut Vec<u32>) -> u32 {
    let shape = match &node.kind {
        NodeKind::Check(c) => Shape::Check(c.key().into()),
        NodeKind::And(cs) => Shape::And(cs.iter().map(|c| intern(c, shapes, out)).collect()),
        NodeKind::Or(cs) => Shape::Or(cs.iter().map(|c| intern(c, shapes, out)).collect()),
        NodeKind::Not(c) => Shape::Not(intern(c, shapes, out)),
    };
    let next = shapes.len() as u32;
    let id = *shapes.entry(shape).or_insert(next);
    out.push(id);
    id
}

/// Visits every node, children first (the order of [`intern`]).
fn visit_mut(node: &mut Node, visit: &mut dyn FnMut(&mut Node)) {
    match &mut node.kind {
        NodeKind::Check(_) => {}
        NodeKind::And(cs) | NodeKind::Or(cs) => cs.iter_mut().for_each(|c| visit_mut(c, visit)),
        NodeKind::Not(c) => visit_mut(c, visit),
    }
    visit(node);
}

/// Numbers the subtrees that appear more than once over `programs` (the same shape), the same
/// number for the same shape; returns how many numbers were given. The checks' texts are
/// dropped afterwards: a program is numbered once, with every other program of its rule set.
pub fn assign(programs: &mut [&mut Program]) -> u32 {
    let mut shapes = HashMap::new();
    let ids: Vec<Vec<u32>> = programs
        .iter()
        .map(|p| {
            let mut out = Vec::new();
            intern(p.root(), &mut shapes, &mut out);
            out
        })
        .collect();
    let mut counts = vec![0u32; shapes.len()];
    ids.iter().flatten().for_each(|&id| counts[id as usize] += 1);
    let mut slots: HashMap<u32, u32> = HashMap::new();
    for (p, ids) in programs.iter_mut().zip(&ids) {
        let mut ids = ids.iter();
        visit_mut(p.root_mut(), &mut |n| {
            let Some(&id) = ids.next() else { return };
            if counts[id as usize] > 1 {
                let next = slots.len() as u32;
                n.memo = *slots.entry(id).or_insert(next);
            }
            if let NodeKind::Check(c) = &mut n.kind {
                c.forget_key();
            }
        });
    }
    slots.len() as u32
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

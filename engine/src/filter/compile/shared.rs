//! Numbering the subtrees several rules of a rule set hold, once, when it is built: identical
//! subtrees get the same number, under which [`super::memo::Memo`] keeps their result for the
//! event being evaluated.
//!
//! Place in the data flow: compiled programs → **numbered** (here, by `eval::RuleSet`'s
//! builder) → evaluated with their results shared per event.
//!
//! Subtrees are identical when they have the same shape: a check is known by its text (macros
//! and lists expanded), an `and`, `or` or `not` by its kind and its children, in order.

use super::program::{Node, NodeKind, Program};
use std::collections::HashMap;

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

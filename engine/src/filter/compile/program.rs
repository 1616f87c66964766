//! [`Program`]: a compiled condition, a tree of `and`/`or`/`not` over leaf [`Check`]s, compiled
//! from a macro-expanded AST and evaluated per event with short-circuiting.
//!
//! Place in the data flow: expanded AST → **program** (compiled once per rule) → evaluated per
//! event by the rule set.

use super::check::Check;
use super::error::CompileError;
use super::scratch::EvalScratch;
use super::warn::CompileWarning;
use crate::fields::{EvalCtx, FieldRef};
use crate::filter::ast::{Expr, ExprKind};
use syssentry_event::OpenFacts;

/// Deepest boolean nesting the compiler accepts (the parser's own limit is the same).
pub const MAX_DEPTH: usize = 1000;

/// A node of a compiled condition.
#[derive(Debug)]
pub struct Node {
    /// What it is.
    pub kind: NodeKind,
    /// Where its result for the event being evaluated is kept when other rules (or other places
    /// of this one) hold the same subtree ([`super::memo`], numbered by [`super::shared`]); [`NO_MEMO`] otherwise.
    pub(super) memo: u32,
}

/// [`Node::memo`] of a subtree held once.
pub(super) const NO_MEMO: u32 = u32::MAX;

/// What a node of a compiled condition is.
#[derive(Debug)]
pub enum NodeKind {
    /// All children must be true (short-circuits).
    And(Box<[Node]>),
    /// Any child must be true (short-circuits).
    Or(Box<[Node]>),
    /// Negation.
    Not(Box<Node>),
    /// A leaf check.
    Check(Box<Check>),
}

impl Node {
    fn new(kind: NodeKind) -> Node {
        Node { kind, memo: NO_MEMO }
    }
}

/// A compiled condition.
#[derive(Debug)]
pub struct Program {
    root: Node,
    warnings: Vec<CompileWarning>,
}

impl Program {
    /// Compiles a macro-expanded condition. Compilation stops at the first error, in the order
    /// of [`checks`] (left to right).
    pub fn compile(expr: &Expr) -> Result<Program, CompileError> {
        let mut warnings = Vec::new();
        let root = compile_node(expr, 0, &mut warnings)?;
        Ok(Program { root, warnings })
    }

    /// The hints found while compiling (`LOAD_COMPILE_CONDITION` warnings), in condition order.
    pub fn warnings(&self) -> &[CompileWarning] {
        &self.warnings
    }

    /// Evaluates the condition for one event.
    pub fn matches(&self, ctx: &EvalCtx<'_>, scratch: &mut EvalScratch) -> bool {
        eval_node(&self.root, ctx, scratch)
    }

    /// The root node (for inspection and tests).
    pub fn root(&self) -> &Node {
        &self.root
    }

    /// The open-file facts the condition reads ([`Check::open_facts`] of every check), in a
    /// rule that can (`on_opens`) or cannot match an open-family event.
    pub fn open_facts(&self, on_opens: bool) -> OpenFacts {
        let mut facts = OpenFacts::NONE;
        self.for_each_check(&mut |c| facts |= c.open_facts(on_opens));
        facts
    }

    /// Calls `visit` for every check.
    fn for_each_check(&self, visit: &mut dyn FnMut(&Check)) {
        let mut stack = vec![&self.root];
        while let Some(n) = stack.pop() {
            match &n.kind {
                NodeKind::And(c) | NodeKind::Or(c) => stack.extend(c.iter()),
                NodeKind::Not(c) => stack.push(c),
                NodeKind::Check(c) => visit(c),
            }
        }
    }

    /// The root node, to number its subtrees ([`super::memo`]).
    pub(super) fn root_mut(&mut self) -> &mut Node {
        &mut self.root
    }

    /// Calls `visit` for every field the condition reads.
    pub fn for_each_field(&self, visit: &mut dyn FnMut(&FieldRef)) {
        self.for_each_check(&mut |c| c.for_each_field(visit));
    }
}

/// The checks of a condition (`UnaryCheck`/`BinaryCheck` nodes) in compilation order, with the
/// boolean nesting depth limited as the compiler limits it.
pub fn checks(expr: &Expr) -> Vec<&Expr> {
    let mut out = Vec::new();
    let mut stack = vec![expr];
    while let Some(e) = stack.pop() {
        match &e.kind {
            ExprKind::UnaryCheck { .. } | ExprKind::BinaryCheck { .. } => out.push(e),
            ExprKind::And(c) | ExprKind::Or(c) => stack.extend(c.iter().rev()),
            ExprKind::Not(c) => stack.push(c),
            _ => {}
        }
    }
    out
}

fn compile_node(
    expr: &Expr,
    depth: usize,
    warnings: &mut Vec<CompileWarning>,
) -> Result<Node, CompileError> {
    if depth > MAX_DEPTH {
        return Err(CompileError::TooDeep {
            limit: MAX_DEPTH,
            span: expr.span,
        });
    }
    Ok(Node::new(match &expr.kind {
        ExprKind::And(children) => NodeKind::And(compile_children(children, depth, warnings)?),
        ExprKind::Or(children) => NodeKind::Or(compile_children(children, depth, warnings)?),
        ExprKind::Not(child) => NodeKind::Not(Box::new(compile_node(child, depth + 1, warnings)?)),
        ExprKind::Identifier(name) => {
            return Err(CompileError::UndefinedMacro {
                name: name.clone(),
                span: expr.span,
            })
        }
        ExprKind::UnaryCheck { .. } | ExprKind::BinaryCheck { .. } => {
            NodeKind::Check(Box::new(Check::compile(expr, warnings)?))
        }
        _ => {
            return Err(CompileError::Unsupported {
                what: format!("'{expr}' is not a condition"),
                span: expr.span,
            })
        }
    }))
}

fn compile_children(
    children: &[Expr],
    depth: usize,
    warnings: &mut Vec<CompileWarning>,
) -> Result<Box<[Node]>, CompileError> {
    children
        .iter()
        .map(|c| compile_node(c, depth + 1, warnings))
        .collect()
}

/// Evaluates a node, or takes its result from the memo when another rule evaluated the same
/// subtree for this event already.
fn eval_node(node: &Node, ctx: &EvalCtx<'_>, scratch: &mut EvalScratch) -> bool {
    if node.memo != NO_MEMO {
        if let Some(v) = scratch.memo.get(node.memo) {
            return v;
        }
    }
    let v = match &node.kind {
        NodeKind::And(children) => children.iter().all(|c| eval_node(c, ctx, scratch)),
        NodeKind::Or(children) => children.iter().any(|c| eval_node(c, ctx, scratch)),
        NodeKind::Not(child) => !eval_node(child, ctx, scratch),
        NodeKind::Check(check) => check.eval(ctx, scratch),
    };
    if node.memo != NO_MEMO {
        scratch.memo.set(node.memo, v);
    }
    v
}

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
pub enum Node {
    /// All children must be true (short-circuits).
    And(Box<[Node]>),
    /// Any child must be true (short-circuits).
    Or(Box<[Node]>),
    /// Negation.
    Not(Box<Node>),
    /// A leaf check.
    Check(Box<Check>),
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
        let mut stack = vec![&self.root];
        while let Some(n) = stack.pop() {
            match n {
                Node::And(c) | Node::Or(c) => stack.extend(c.iter()),
                Node::Not(c) => stack.push(c),
                Node::Check(c) => facts |= c.open_facts(on_opens),
            }
        }
        facts
    }

    /// Calls `visit` for every check.
    pub(super) fn for_each_check(&self, visit: &mut dyn FnMut(&Check)) {
        let mut stack = vec![&self.root];
        while let Some(n) = stack.pop() {
            match n {
                Node::And(c) | Node::Or(c) => stack.extend(c.iter()),
                Node::Not(c) => stack.push(c),
                Node::Check(c) => visit(c),
            }
        }
    }

    /// Calls `visit` for every check, to change it.
    pub(super) fn for_each_check_mut(&mut self, visit: &mut dyn FnMut(&mut Check)) {
        let mut stack = vec![&mut self.root];
        while let Some(n) = stack.pop() {
            match n {
                Node::And(c) | Node::Or(c) => stack.extend(c.iter_mut()),
                Node::Not(c) => stack.push(c),
                Node::Check(c) => visit(c),
            }
        }
    }

    /// Calls `visit` for every field the condition reads.
    pub fn for_each_field(&self, visit: &mut dyn FnMut(&FieldRef)) {
        let mut stack = vec![&self.root];
        while let Some(n) = stack.pop() {
            match n {
                Node::And(c) | Node::Or(c) => stack.extend(c.iter()),
                Node::Not(c) => stack.push(c),
                Node::Check(c) => c.for_each_field(visit),
            }
        }
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
    Ok(match &expr.kind {
        ExprKind::And(children) => Node::And(compile_children(children, depth, warnings)?),
        ExprKind::Or(children) => Node::Or(compile_children(children, depth, warnings)?),
        ExprKind::Not(child) => Node::Not(Box::new(compile_node(child, depth + 1, warnings)?)),
        ExprKind::Identifier(name) => {
            return Err(CompileError::UndefinedMacro {
                name: name.clone(),
                span: expr.span,
            })
        }
        ExprKind::UnaryCheck { .. } | ExprKind::BinaryCheck { .. } => {
            Node::Check(Box::new(Check::compile(expr, warnings)?))
        }
        _ => {
            return Err(CompileError::Unsupported {
                what: format!("'{expr}' is not a condition"),
                span: expr.span,
            })
        }
    })
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

fn eval_node(node: &Node, ctx: &EvalCtx<'_>, scratch: &mut EvalScratch) -> bool {
    match node {
        Node::And(children) => children.iter().all(|c| eval_node(c, ctx, scratch)),
        Node::Or(children) => children.iter().any(|c| eval_node(c, ctx, scratch)),
        Node::Not(child) => !eval_node(child, ctx, scratch),
        Node::Check(check) => check.eval_memo(ctx, scratch),
    }
}

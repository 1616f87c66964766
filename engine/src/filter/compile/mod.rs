//! The condition compiler: expanded AST → [`Program`], and the program's evaluator.
//!
//! Place in the data flow: rules (macros expanded) → **compile** → `eval::RuleSet`. Compilation
//! resolves every field name to a [`FieldRef`](crate::fields::FieldRef), type-checks each operator
//! against the field's type (libsinsp's comparability table), parses constants into typed values and
//! builds matchers (globs, path-prefix sets, regexes, hash sets) once. Evaluating a program then does
//! no string lookup and no allocation: it walks a small tree of checks over values extracted from the
//! event and the state.
//!
//! Semantics follow Falco: a check whose field has no value for the event is false for every
//! operator (and `not` negates that); `and`/`or` short-circuit left to right. Operands may be
//! transformer expressions, including libsinsp's multi-value `concat`, `join` and `getopt`
//! ([`Operand`]).

mod check;
mod extract;
mod op;
mod operand;
mod test;
mod warn;

pub use check::Check;
pub(crate) use extract::Slot;
pub use op::{CmpOp, Modifier, TypeClass};
pub use operand::{ListElement, NumText, Operand, Optstring, Transform};
pub use test::Test;
pub use warn::CompileWarning;

use crate::fields::{EvalCtx, Scratch};
use crate::filter::ast::{Expr, ExprKind, Span};
use thiserror::Error;

/// Errors found while compiling a condition; each names the text and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CompileError {
    /// A field name that no field class provides.
    #[error("filter_check called with nonexistent field {name}")]
    UnknownField {
        /// The field as written (with its argument).
        name: String,
        /// Why resolution failed.
        reason: String,
        /// Where it is in the condition.
        span: Span,
    },
    /// An `evt.type` value that is no known event or syscall name.
    #[error("unknown event type {name}")]
    UnknownEventType {
        /// The value as written.
        name: String,
        /// Where it is.
        span: Span,
    },
    /// An operator that the field's type does not support.
    #[error("{}", refusal_text(op, *class, *with_modifier))]
    OperatorNotSupported {
        /// The operator.
        op: String,
        /// The field (with its transformers) as written.
        field: String,
        /// The field's type class (after transformers).
        class: TypeClass,
        /// Whether the operator had a modifier (`= anyof`).
        with_modifier: bool,
        /// Where the check is.
        span: Span,
    },
    /// A field compared with a field of another type (`proc.name = val(proc.pid)`).
    #[error("field '{left}' has type '{left_type}' while the right-hand side field '{right}' has incompatible type '{right_type}'")]
    FieldTypeMismatch {
        /// The left side as written.
        left: String,
        /// Its type (`CHARBUF`, `INT64 (list)`, ...).
        left_type: String,
        /// The right-hand field as written.
        right: String,
        /// Its type.
        right_type: String,
        /// Where the right-hand side is.
        span: Span,
    },
    /// A constant that does not parse as the field's type.
    #[error("{value} is not a valid {expected} value for {field}: {reason}")]
    InvalidValue {
        /// The constant as written.
        value: String,
        /// The field.
        field: String,
        /// The expected type.
        expected: &'static str,
        /// What is wrong.
        reason: String,
        /// Where it is.
        span: Span,
    },
    /// A macro reference left after expansion.
    #[error("Undefined macro '{name}' used in filter.")]
    UndefinedMacro {
        /// The identifier.
        name: String,
        /// Where it is.
        span: Span,
    },
    /// A construct the compiler does not accept in that position (a transformer on a field that
    /// refuses them, `val()` with an operator that cannot take a field, ...).
    #[error("{what}")]
    Unsupported {
        /// What was refused, in words.
        what: String,
        /// Where it is.
        span: Span,
    },
    /// The condition nests deeper than the compiler allows.
    #[error("condition nests deeper than {limit} levels")]
    TooDeep {
        /// The limit.
        limit: usize,
        /// Where the limit was hit.
        span: Span,
    },
}

impl CompileError {
    /// Where the error is in the condition text.
    pub fn span(&self) -> Span {
        match self {
            CompileError::UnknownField { span, .. }
            | CompileError::UnknownEventType { span, .. }
            | CompileError::OperatorNotSupported { span, .. }
            | CompileError::FieldTypeMismatch { span, .. }
            | CompileError::InvalidValue { span, .. }
            | CompileError::UndefinedMacro { span, .. }
            | CompileError::Unsupported { span, .. }
            | CompileError::TooDeep { span, .. } => *span,
        }
    }

    /// Whether this is the kind of error Falco's `skip-if-unknown-filter` turns into a warning
    /// (an unknown field or event type).
    pub fn is_unknown_filter(&self) -> bool {
        matches!(
            self,
            CompileError::UnknownField { .. } | CompileError::UnknownEventType { .. }
        )
    }
}

fn refusal_text(op: &str, class: TypeClass, with_modifier: bool) -> String {
    if with_modifier && class == TypeClass::Ip {
        format!("'{op}' with modifier not supported for ip address and network filters")
    } else {
        format!(
            "'{op}' operator not supported for {} filters",
            class.describe()
        )
    }
}

/// Deepest transformer nesting accepted (`tolower(toupper(...))`, `concat(a, join(",", (b)))`).
pub const MAX_TRANSFORM_DEPTH: usize = 32;

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
    pub fn open_facts(&self, on_opens: bool) -> syssentry_event::OpenFacts {
        let mut facts = syssentry_event::OpenFacts::NONE;
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

    /// Calls `visit` for every field the condition reads.
    pub fn for_each_field(&self, visit: &mut dyn FnMut(&crate::fields::FieldRef)) {
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

/// Reusable buffers for evaluation, one per evaluating thread.
#[derive(Debug, Default)]
pub struct EvalScratch {
    /// Buffers the field extractors write derived values into.
    pub fields: Scratch,
    /// One slot of buffers per transformer node of the largest operand evaluated so far.
    pub(crate) slots: Vec<extract::Slot>,
    /// The right-hand value of a field-to-field (`val()`) comparison.
    pub(crate) rhs: Vec<u8>,
    /// The right-hand values of a list-to-list comparison.
    pub(crate) rhs_set: crate::filter::ops::ByteList,
    /// A transformer's value rendered for an output, before its width is applied.
    pub(crate) render: Vec<u8>,
    /// Sanitised text of a value that is not valid UTF-8, for regexes.
    pub(crate) text: String,
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
        Node::Check(check) => check.eval(ctx, scratch),
    }
}

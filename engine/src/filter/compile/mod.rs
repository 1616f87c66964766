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
//!
//! Files: `error` ([`CompileError`]), `op` (operators and type classes), `operand` (operands
//! and their typing), `test` (per-value tests), `warn` (compiler hints), `check` (one leaf),
//! `program` ([`Program`], the tree of checks), `extract` (operand values per event), `shared`
//! (numbering the subtrees several rules hold), `memo` (their results, once per event) and `scratch` ([`EvalScratch`]).

mod check;
mod error;
mod extract;
pub(crate) mod memo;
mod op;
mod operand;
mod program;
mod scratch;
pub(crate) mod shared;
mod test;
mod warn;

pub use check::Check;
pub use error::CompileError;
pub(crate) use extract::Slot;
pub use op::{CmpOp, Modifier, TypeClass};
pub use operand::{ListElement, NumText, Operand, Optstring, Transform, MAX_TRANSFORM_DEPTH};
pub use program::{checks, Node, NodeKind, Program, MAX_DEPTH};
pub use scratch::EvalScratch;
pub use test::Test;
pub use warn::CompileWarning;

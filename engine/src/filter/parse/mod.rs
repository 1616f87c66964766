//! The condition parser: Falco condition text → [`Expr`](crate::filter::ast::Expr), accepting exactly what libsinsp accepts.
//!
//! Place in the data flow: rule text (lists already substituted by the loader) → **`parse`** →
//! `Expr` → macro expansion ([`macros`](crate::filter::macros)) → compile. The output formatter also
//! uses [`parse_field_or_transformer`] for its `%field` tokens.
//!
//! The parser is hand-written recursive descent working on the text itself, trying token
//! patterns at the cursor in libsinsp's order (spec §2.1–2.2), so that every input upstream
//! accepts is accepted here with the same tree, and every input it rejects is rejected. Recursion
//! is bounded by a depth counter that is incremented by the same grammar functions as upstream's
//! `depth_guard`, so the "exceeded max depth" limit trips at the same nesting.
//!
//! Deliberate differences from libsinsp, all documented on the items concerned:
//! * a bare identifier after `in`/`intersects`/`pmatch` or after a modifier (`= oneof mylist`)
//!   becomes an [`ExprKind::Identifier`](crate::filter::ast::ExprKind::Identifier) node (upstream: a value node); both print the same;
//! * spans are byte ranges of the node's own text: the top-level `or`/`and` node starts at its
//!   first operand, not at the first byte of the input when the input begins with blanks;
//! * a quoted string whose `\xHH` escapes decode to invalid UTF-8 is an error
//!   ([`ParseErrorKind::InvalidUtf8`]), because AST values are Rust strings;
//! * transformer lists (`join(",", (a.b, c.d))`) count toward the depth limit, which upstream's
//!   do not, so that every recursive parser frame is accounted for; the limit is also capped at
//!   [`MAX_DEPTH_CEILING`].
//!
//! Files, each building on the ones before it: `vocabulary` (operators, transformers,
//! modifiers) → `error` ([`ParseError`]) → `cursor` (the parse state and token consumption) →
//! `values` (right-hand sides) and `grammar` (conditions, checks, fields, transformers) →
//! `parser` ([`Parser`] and the entry points).

mod cursor;
mod error;
mod grammar;
mod parser;
mod values;
mod vocabulary;

pub use error::{line_col, ParseError, ParseErrorKind};
pub use parser::{
    parse, parse_field_or_transformer, Parser, DEFAULT_MAX_DEPTH, FORMAT_MAX_DEPTH, MAX_DEPTH_CEILING,
};
pub use vocabulary::{list_operators, supported_operators, supported_transformers};

//! The Falco condition language: parse → [`ast::Expr`] → macro expansion → compiled program.
pub mod ast;
pub mod compile;
pub mod escape;
pub mod evttype;
mod lex;
pub mod macros;
pub mod ops;
pub mod parse;

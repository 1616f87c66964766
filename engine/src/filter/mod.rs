//! The Falco condition language: parse → [`ast::Expr`] → compiled program.
pub mod ast;
pub mod escape;
pub mod evttype;
mod lex;
pub mod macros;
pub mod parse;

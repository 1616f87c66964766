//! The Falco condition language: parse → [`ast::Expr`] → compiled program.
pub mod ast;
pub mod ops;

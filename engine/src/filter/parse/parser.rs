//! [`Parser`] and the entry points ([`parse`], [`parse_field_or_transformer`]): depth limits,
//! input checks, and the whole-input rule.
//!
//! Place in the data flow: rule text → **parser** (runs the [`grammar`](super::grammar) over a
//! [`cursor`](super::cursor) state) → [`Expr`].

use super::cursor::{error_at, Fail, State};
use super::error::{ParseError, ParseErrorKind};
use crate::filter::ast::Expr;

/// Maximum nesting depth used by [`parse`], as Falco sets it for rule conditions.
pub const DEFAULT_MAX_DEPTH: u32 = 1000;

/// Maximum nesting depth used by [`parse_field_or_transformer`], libsinsp's parser default
/// (the output formatter does not change it).
pub const FORMAT_MAX_DEPTH: u32 = 100;

/// Depth limits above this are clamped, so that no setting can exhaust a thread's stack (each
/// depth unit is one parser frame; 1000 of them fit comfortably in a 2 MiB thread stack even in
/// unoptimised builds).
pub const MAX_DEPTH_CEILING: u32 = 1000;

/// Parses a condition with the default depth limit ([`DEFAULT_MAX_DEPTH`]).
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    Parser::new().parse(text)
}

/// Parses one field or transformer expression at byte offset `start` of `text` (an output-format
/// `%` token), returning it and the offset just past it. Trailing text is left alone. Uses
/// libsinsp's default depth limit ([`FORMAT_MAX_DEPTH`]). The field name is the longest
/// field-name token; shortening it on a failed field lookup is the caller's job (spec §3.1).
pub fn parse_field_or_transformer(text: &str, start: usize) -> Result<(Expr, usize), ParseError> {
    Parser::new().max_depth(FORMAT_MAX_DEPTH).parse_field_or_transformer(text, start)
}

/// A configurable condition parser: `Parser::new().max_depth(200).parse(text)`.
#[derive(Debug, Clone, Copy)]
pub struct Parser {
    max_depth: u32,
}

impl Default for Parser {
    fn default() -> Self {
        Self::new()
    }
}

impl Parser {
    /// A parser with the default depth limit ([`DEFAULT_MAX_DEPTH`]).
    pub fn new() -> Self {
        Parser { max_depth: DEFAULT_MAX_DEPTH }
    }

    /// Sets the nesting limit (clamped to [`MAX_DEPTH_CEILING`]). Parsing fails with
    /// [`ParseErrorKind::DepthExceeded`] when the grammar recursion reaches it.
    pub fn max_depth(mut self, max_depth: u32) -> Self {
        self.max_depth = max_depth.min(MAX_DEPTH_CEILING);
        self
    }

    /// Parses a whole condition; the entire text must be consumed.
    pub fn parse(&self, text: &str) -> Result<Expr, ParseError> {
        if text.is_empty() {
            return Err(error_at(text, ParseErrorKind::EmptyInput, 0));
        }
        check_len(text)?;
        let mut st = State::new(text, self.max_depth);
        let expr = st.parse_or().map_err(|f| st.error(f))?;
        if st.pos != st.src.len() {
            let last_token = st.last_token_text();
            return Err(st.error(Fail::at(ParseErrorKind::TrailingInput { last_token }, st.pos)));
        }
        Ok(expr)
    }

    /// Parses one field or transformer at byte offset `start` (see [`parse_field_or_transformer`]).
    pub fn parse_field_or_transformer(&self, text: &str, start: usize) -> Result<(Expr, usize), ParseError> {
        check_len(text)?;
        let mut st = State::new(text, self.max_depth);
        if start > text.len() || !text.is_char_boundary(start) {
            return Err(error_at(text, ParseErrorKind::ExpectedFieldOrTransformer, start.min(text.len())));
        }
        st.pos = start;
        let expr = st.field_or_transformer().map_err(|f| st.error(f))?;
        Ok((expr, st.pos))
    }
}

fn check_len(text: &str) -> Result<(), ParseError> {
    if u32::try_from(text.len()).is_err() {
        return Err(error_at(text, ParseErrorKind::InputTooLarge { len: text.len() }, 0));
    }
    Ok(())
}

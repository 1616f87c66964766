//! Parse errors of the condition language: kinds with libsinsp's messages, and positions.
//!
//! Place in the data flow: produced by [`parse`](super::parse) and reported by the rules loader
//! with the condition text.

use std::fmt;

use thiserror::Error;

use super::vocabulary::{OPERATORS, TRANSFORMERS};
use crate::filter::escape::EscapeError;

/// Quoted list of the transformers plus `val`, as libsinsp lists them in its messages.
struct TransformerNames;

impl fmt::Display for TransformerNames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("'val'")?;
        for t in TRANSFORMERS {
            write!(f, ", '{t}'")?;
        }
        Ok(())
    }
}

/// Quoted list of all operators for the "expected a valid check operator" message.
struct OperatorNames;

impl fmt::Display for OperatorNames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, op) in OPERATORS.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "'{op}'")?;
        }
        Ok(())
    }
}

/// What went wrong while parsing (messages follow libsinsp's wording).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The condition is the empty string.
    #[error("filter input string is empty")]
    EmptyInput,
    /// The condition is longer than spans can address (4 GiB).
    #[error("filter input string is too long ({len} bytes)")]
    InputTooLarge {
        /// Length of the input in bytes.
        len: usize,
    },
    /// Text remains after a complete expression.
    #[error("unexpected token after '{last_token}', expecting 'or', 'and'")]
    TrailingInput {
        /// The last token that was read.
        last_token: String,
    },
    /// `and`/`or` not followed by a blank or `(`.
    #[error("expected blank or '(' after '{keyword}'")]
    ExpectedBlankOrParen {
        /// `and` or `or`.
        keyword: &'static str,
    },
    /// A parenthesised expression or value list is not closed.
    #[error("expected a ')' token")]
    ExpectedCloseParen,
    /// Nothing that can start a check.
    #[error("expected a '(' token, a field check, or an identifier")]
    ExpectedCheck,
    /// `[` not followed by a quoted or bare argument.
    #[error("expected a valid field argument: a quoted string or a bare string")]
    ExpectedFieldArg,
    /// A field argument is not closed by `]`.
    #[error("expected a ']' token")]
    ExpectedCloseBracket,
    /// A transformer's argument list is not closed by `)`.
    #[error("expected a ')' token closing the transformer")]
    ExpectedTransformerClose,
    /// A transformer argument is not a field, transformer, string, number or list.
    #[error(
        "expected field transformer argument: field, transformer, quoted string, number, or transformer list"
    )]
    ExpectedTransformerArg,
    /// A transformer list is not closed by `)`.
    #[error("expected ')'")]
    ExpectedTransformerListClose,
    /// A transformer list element is not a field, transformer, string or number.
    #[error("expected transformer list argument: field, transformer, quoted string, or number")]
    ExpectedTransformerListArg,
    /// No operator after a field or transformer.
    #[error("expected a valid check operator: one of {}", OperatorNames)]
    ExpectedOperator,
    /// A numeric operator not followed by a number or transformer.
    #[error("expected a number value or a field with a valid transformer: {}", TransformerNames)]
    ExpectedNumber,
    /// A string operator not followed by a string or transformer.
    #[error("expected a string value or a field with a valid transformer: {}", TransformerNames)]
    ExpectedStringOrTransformer,
    /// A list element that is not a string.
    #[error("expected a string value")]
    ExpectedString,
    /// A list operator not followed by a list, identifier or transformer.
    #[error(
        "expected a list, an identifier, or a field with a valid transformer: {}",
        TransformerNames
    )]
    ExpectedListOrTransformer,
    /// A modifier (`oneof`, ...) not followed by a list or identifier.
    #[error("expected a list or an identifier")]
    ExpectedListOrIdentifier,
    /// `val(` not followed by a field.
    #[error("expected a field within '{transformer}' transformer")]
    ExpectedFieldInTransformer {
        /// The transformer name (`val`).
        transformer: &'static str,
    },
    /// An output-format token that is neither a field nor a transformer.
    #[error("expected a field or a field transformer")]
    ExpectedFieldOrTransformer,
    /// The nesting limit was reached.
    #[error("exceeded max depth limit of {max}")]
    DepthExceeded {
        /// The configured limit.
        max: u32,
    },
    /// A quoted string has an invalid escape sequence.
    #[error("{source}")]
    Escape {
        /// The escape problem.
        #[source]
        source: EscapeError,
    },
    /// A quoted string decodes (through `\xHH` escapes) to bytes that are not UTF-8.
    #[error("quoted string is not valid utf-8 after unescaping")]
    InvalidUtf8,
}

/// A parse failure with its position in the condition text.
///
/// The position is where the parser stood when it gave up (as libsinsp reports it), except for
/// escape errors, which point at the offending backslash.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{kind}")]
pub struct ParseError {
    /// What went wrong.
    pub kind: ParseErrorKind,
    /// Byte offset in the condition text.
    pub offset: usize,
    /// 1-based line (CR and LF each start a new line, as libsinsp counts).
    pub line: u32,
    /// 1-based column in bytes.
    pub column: u32,
}

/// Line and column (1-based, bytes) of `offset`, counting lines the way libsinsp does:
/// every CR and every LF starts a new line.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut line: u32 = 1;
    let mut col: u32 = 1;
    for &b in text.as_bytes().iter().take(offset) {
        if b == b'\r' || b == b'\n' {
            line = line.saturating_add(1);
            col = 1;
        } else {
            col = col.saturating_add(1);
        }
    }
    (line, col)
}

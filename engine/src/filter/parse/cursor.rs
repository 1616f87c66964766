//! The parse state ([`State`]: text, cursor, depth, last token) and the cursor operations:
//! skipping blanks and consuming literal and scanned tokens; internal failures ([`Fail`]) and
//! their conversion to [`ParseError`]s.
//!
//! Place in the data flow: rule text → token scanners ([`lex`]) → **cursor**
//! → grammar functions ([`grammar`](super::grammar), [`values`](super::values)) → AST.

use super::error::{line_col, ParseError, ParseErrorKind};
use super::vocabulary::TRANSFORMERS;
use crate::filter::ast::Span;
use crate::filter::escape::unescape_str;
use crate::filter::lex::{self, Quoted};

/// A [`ParseError`] of `kind` at byte `offset` of `text`, with its line and column.
pub(super) fn error_at(text: &str, kind: ParseErrorKind, offset: usize) -> ParseError {
    let (line, column) = line_col(text, offset);
    ParseError { kind, offset, line, column }
}

/// An internal failure: boxed to keep the parser's stack frames small.
pub(super) struct Fail(Box<(ParseErrorKind, usize)>);

impl Fail {
    pub(super) fn at(kind: ParseErrorKind, offset: usize) -> Self {
        Fail(Box::new((kind, offset)))
    }
}

pub(super) type PResult<T> = Result<T, Fail>;

/// The last token read, kept for the "unexpected token after" message.
pub(super) enum LastToken {
    /// A range of the source text.
    Range(usize, usize),
    /// A decoded quoted string.
    Decoded(String),
}

/// The cursor and bookkeeping of one parse.
pub(super) struct State<'a> {
    pub(super) text: &'a str,
    pub(super) src: &'a [u8],
    pub(super) pos: usize,
    /// End of the last non-blank token consumed: node spans end here.
    pub(super) last_end: usize,
    pub(super) last_token: LastToken,
    pub(super) depth: u32,
    pub(super) max_depth: u32,
}

impl<'a> State<'a> {
    pub(super) fn new(text: &'a str, max_depth: u32) -> Self {
        State {
            text,
            src: text.as_bytes(),
            pos: 0,
            last_end: 0,
            last_token: LastToken::Range(0, 0),
            depth: 0,
            max_depth,
        }
    }

    pub(super) fn error(&self, fail: Fail) -> ParseError {
        let (kind, offset) = *fail.0;
        error_at(self.text, kind, offset)
    }

    pub(super) fn fail<T>(&self, kind: ParseErrorKind) -> PResult<T> {
        Err(Fail::at(kind, self.pos))
    }

    pub(super) fn last_token_text(&self) -> String {
        match &self.last_token {
            LastToken::Range(s, e) => self.text.get(*s..*e).unwrap_or_default().to_string(),
            LastToken::Decoded(s) => s.clone(),
        }
    }

    /// Enters a depth-guarded grammar function.
    pub(super) fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth >= self.max_depth {
            return self.fail(ParseErrorKind::DepthExceeded { max: self.max_depth });
        }
        Ok(())
    }

    /// Leaves a depth-guarded grammar function successfully, returning its value. (On failure
    /// the depth is not unwound: errors end the parse, except at the one place that recovers,
    /// which restores the depth itself.)
    pub(super) fn leave<T>(&mut self, value: T) -> PResult<T> {
        self.depth -= 1;
        Ok(value)
    }

    pub(super) fn span_from(&self, start: usize) -> Span {
        Span::new(start, self.last_end.max(start))
    }

    /// Skips blanks; true if there was at least one.
    pub(super) fn blank(&mut self) -> bool {
        let start = self.pos;
        while self.src.get(self.pos).copied().is_some_and(lex::is_blank) {
            self.pos += 1;
        }
        self.pos > start
    }

    /// Consumes a token ending at `end`.
    pub(super) fn take(&mut self, end: usize) {
        self.last_token = LastToken::Range(self.pos, end);
        self.pos = end;
        self.last_end = end;
    }

    /// Consumes `lit` if the text at the cursor starts with it.
    pub(super) fn lit(&mut self, lit: &str) -> bool {
        if self.src[self.pos..].starts_with(lit.as_bytes()) {
            self.take(self.pos + lit.len());
            true
        } else {
            false
        }
    }

    /// Consumes a token matched by `scanner`, returning its text.
    pub(super) fn scan(&mut self, scanner: fn(&[u8], usize) -> Option<usize>) -> Option<&'a str> {
        let end = scanner(self.src, self.pos)?;
        let text = self.text.get(self.pos..end)?;
        self.take(end);
        Some(text)
    }

    /// Consumes a word operator (or modifier) that must be followed by at least one blank,
    /// blanks included; backtracks if no blank follows.
    pub(super) fn word_with_blank(&mut self, word: &str) -> bool {
        if !self.src[self.pos..].starts_with(word.as_bytes()) {
            return false;
        }
        let after = self.pos + word.len();
        if !self.src.get(after).copied().is_some_and(lex::is_blank) {
            return false;
        }
        self.take(after);
        self.blank();
        true
    }

    /// Consumes a quoted string and decodes it. `Ok(None)` when there is none at the cursor (or
    /// it is unterminated); on a decoding error the cursor has already moved past the string,
    /// as in libsinsp.
    pub(super) fn quoted(&mut self) -> PResult<Option<String>> {
        if !matches!(self.src.get(self.pos), Some(b'"' | b'\'')) {
            return Ok(None);
        }
        self.last_token = LastToken::Decoded(String::new());
        let Quoted::End(end) = lex::quoted(self.src, self.pos) else {
            return Ok(None);
        };
        let start = self.pos;
        self.pos = end;
        self.last_end = end;
        let bytes = match unescape_str(&self.src[start..end]) {
            Ok(bytes) => bytes,
            Err(source) => {
                let offset = start + source.offset();
                return Err(Fail::at(ParseErrorKind::Escape { source }, offset));
            }
        };
        let Ok(value) = String::from_utf8(bytes) else {
            return Err(Fail::at(ParseErrorKind::InvalidUtf8, start));
        };
        self.last_token = LastToken::Decoded(value.clone());
        Ok(Some(value))
    }

    /// Consumes a transformer name followed by `(`, returning the name.
    pub(super) fn transformer_type(&mut self) -> Option<&'static str> {
        let rest = &self.src[self.pos..];
        let name = TRANSFORMERS
            .iter()
            .find(|t| rest.starts_with(t.as_bytes()) && rest.get(t.len()) == Some(&b'('))?;
        self.take(self.pos + name.len() + 1);
        Some(name)
    }

    /// Consumes a number or hexadecimal number.
    pub(super) fn number(&mut self) -> Option<&'a str> {
        self.scan(lex::hex_number).or_else(|| self.scan(lex::number))
    }
}

//! The parser's cursor operations: skipping blanks and consuming literal and scanned tokens.
//!
//! Place in the data flow: rule text → token scanners ([`lex`](crate::filter::lex)) → **cursor**
//! → grammar functions ([`parse`](super)) → AST.

use super::{Fail, LastToken, PResult, ParseErrorKind, State, TRANSFORMERS};
use crate::filter::escape::unescape_str;
use crate::filter::lex::{self, Quoted};

impl<'a> State<'a> {

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

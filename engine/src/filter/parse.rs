//! The condition parser: Falco condition text → [`Expr`], accepting exactly what libsinsp accepts.
//!
//! Place in the data flow: rule text (lists already substituted by the loader) → **`parse`** →
//! [`Expr`] → macro expansion ([`macros`](super::macros)) → compile. The output formatter also
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
//!   becomes an [`ExprKind::Identifier`] node (upstream: a value node); both print the same;
//! * spans are byte ranges of the node's own text: the top-level `or`/`and` node starts at its
//!   first operand, not at the first byte of the input when the input begins with blanks;
//! * a quoted string whose `\xHH` escapes decode to invalid UTF-8 is an error
//!   ([`ParseErrorKind::InvalidUtf8`]), because AST values are Rust strings.

use std::fmt;

use thiserror::Error;

use super::ast::{Expr, ExprKind, Span};
use super::escape::{unescape_str, EscapeError};
use super::lex::{self, Quoted};

/// Maximum nesting depth used by [`parse`], as Falco sets it for rule conditions.
pub const DEFAULT_MAX_DEPTH: u32 = 1000;

/// Maximum nesting depth used by [`parse_field_or_transformer`], libsinsp's parser default
/// (the output formatter does not change it).
pub const FORMAT_MAX_DEPTH: u32 = 100;

/// Depth limits above this are clamped, so that no setting can exhaust the thread's stack.
pub const MAX_DEPTH_CEILING: u32 = 10_000;

/// Comparison operators in the order the parser tries them (unary, numeric, string, list).
const OPERATORS: &[&str] = &[
    "exists", "<=", "<", ">=", ">", "==", "=", "!=", "glob", "iglob", "contains", "icontains",
    "bcontains", "startswith", "bstartswith", "endswith", "regex", "intersects", "in", "pmatch",
];

/// Transformers accepted at the start of a check or as transformer arguments.
const TRANSFORMERS: &[&str] = &["tolower", "toupper", "b64", "basename", "len", "join", "concat", "getopt"];

const NUM_OPS: &[&str] = &["<=", "<", ">=", ">"];

/// String operators; `true` marks the word operators, which need a blank after them.
const STR_OPS: &[(&str, bool)] = &[
    ("==", false),
    ("=", false),
    ("!=", false),
    ("glob", true),
    ("iglob", true),
    ("contains", true),
    ("icontains", true),
    ("bcontains", true),
    ("startswith", true),
    ("bstartswith", true),
    ("endswith", true),
    ("regex", true),
];

const MODIFIERS: &[&str] = &["oneof", "anyof", "allof"];

const LIST_OPS: &[&str] = &["intersects", "in", "pmatch"];

/// Every comparison operator of the language (`exists`, `=`, `contains`, `in`, ...).
pub fn supported_operators() -> &'static [&'static str] {
    OPERATORS
}

/// The list operators, which take a parenthesised list on the right (`in`, `intersects`, `pmatch`).
pub fn list_operators() -> &'static [&'static str] {
    LIST_OPS
}

/// The field transformers (`tolower`, `toupper`, `b64`, `basename`, `len`, `join`, `concat`,
/// `getopt`); `val` is handled separately, as it is only valid on the right-hand side.
pub fn supported_transformers() -> &'static [&'static str] {
    TRANSFORMERS
}

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

fn error_at(text: &str, kind: ParseErrorKind, offset: usize) -> ParseError {
    let (line, column) = line_col(text, offset);
    ParseError { kind, offset, line, column }
}

/// An internal failure: boxed to keep the parser's stack frames small.
struct Fail(Box<(ParseErrorKind, usize)>);

impl Fail {
    fn at(kind: ParseErrorKind, offset: usize) -> Self {
        Fail(Box::new((kind, offset)))
    }
}

type PResult<T> = Result<T, Fail>;

/// The last token read, kept for the "unexpected token after" message.
enum LastToken {
    /// A range of the source text.
    Range(usize, usize),
    /// A decoded quoted string.
    Decoded(String),
}

/// The cursor and bookkeeping of one parse.
struct State<'a> {
    text: &'a str,
    src: &'a [u8],
    pos: usize,
    /// End of the last non-blank token consumed: node spans end here.
    last_end: usize,
    last_token: LastToken,
    depth: u32,
    max_depth: u32,
}

impl<'a> State<'a> {
    fn new(text: &'a str, max_depth: u32) -> Self {
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

    fn error(&self, fail: Fail) -> ParseError {
        let (kind, offset) = *fail.0;
        error_at(self.text, kind, offset)
    }

    fn fail<T>(&self, kind: ParseErrorKind) -> PResult<T> {
        Err(Fail::at(kind, self.pos))
    }

    fn last_token_text(&self) -> String {
        match &self.last_token {
            LastToken::Range(s, e) => self.text.get(*s..*e).unwrap_or_default().to_string(),
            LastToken::Decoded(s) => s.clone(),
        }
    }

    /// Enters a depth-guarded grammar function.
    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth >= self.max_depth {
            return self.fail(ParseErrorKind::DepthExceeded { max: self.max_depth });
        }
        Ok(())
    }

    /// Leaves a depth-guarded grammar function successfully, returning its value. (On failure
    /// the depth is not unwound: errors end the parse, except at the one place that recovers,
    /// which restores the depth itself.)
    fn leave<T>(&mut self, value: T) -> PResult<T> {
        self.depth -= 1;
        Ok(value)
    }

    fn span_from(&self, start: usize) -> Span {
        Span::new(start, self.last_end.max(start))
    }

    // ---- lexing helpers -------------------------------------------------------------------

    /// Skips blanks; true if there was at least one.
    fn blank(&mut self) -> bool {
        let start = self.pos;
        while self.src.get(self.pos).copied().is_some_and(lex::is_blank) {
            self.pos += 1;
        }
        self.pos > start
    }

    /// Consumes a token ending at `end`.
    fn take(&mut self, end: usize) {
        self.last_token = LastToken::Range(self.pos, end);
        self.pos = end;
        self.last_end = end;
    }

    /// Consumes `lit` if the text at the cursor starts with it.
    fn lit(&mut self, lit: &str) -> bool {
        if self.src[self.pos..].starts_with(lit.as_bytes()) {
            self.take(self.pos + lit.len());
            true
        } else {
            false
        }
    }

    /// Consumes a token matched by `scanner`, returning its text.
    fn scan(&mut self, scanner: fn(&[u8], usize) -> Option<usize>) -> Option<&'a str> {
        let end = scanner(self.src, self.pos)?;
        let text = self.text.get(self.pos..end)?;
        self.take(end);
        Some(text)
    }

    /// Consumes a word operator (or modifier) that must be followed by at least one blank,
    /// blanks included; backtracks if no blank follows.
    fn word_with_blank(&mut self, word: &str) -> bool {
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
    fn quoted(&mut self) -> PResult<Option<String>> {
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
    fn transformer_type(&mut self) -> Option<&'static str> {
        let rest = &self.src[self.pos..];
        let name = TRANSFORMERS
            .iter()
            .find(|t| rest.starts_with(t.as_bytes()) && rest.get(t.len()) == Some(&b'('))?;
        self.take(self.pos + name.len() + 1);
        Some(name)
    }

    /// Consumes a number or hexadecimal number.
    fn number(&mut self) -> Option<&'a str> {
        self.scan(lex::hex_number).or_else(|| self.scan(lex::number))
    }

    // ---- grammar --------------------------------------------------------------------------

    fn parse_or(&mut self) -> PResult<Expr> {
        self.enter()?;
        self.blank();
        let start = self.pos;
        let mut children = vec![self.parse_and()?];
        self.blank();
        while self.lit("or") {
            let child = if self.blank() {
                self.parse_and()?
            } else if self.lit("(") {
                self.embedded_remainder()?
            } else {
                return self.fail(ParseErrorKind::ExpectedBlankOrParen { keyword: "or" });
            };
            children.push(child);
            self.blank();
        }
        let expr = if children.len() == 1 {
            children.remove(0)
        } else {
            Expr::new(ExprKind::Or(children), self.span_from(start))
        };
        self.leave(expr)
    }

    fn parse_and(&mut self) -> PResult<Expr> {
        self.enter()?;
        self.blank();
        let start = self.pos;
        let mut children = vec![self.parse_not()?];
        self.blank();
        while self.lit("and") {
            let child = if self.blank() {
                self.parse_not()?
            } else if self.lit("(") {
                self.embedded_remainder()?
            } else {
                return self.fail(ParseErrorKind::ExpectedBlankOrParen { keyword: "and" });
            };
            children.push(child);
            self.blank();
        }
        let expr = if children.len() == 1 {
            children.remove(0)
        } else {
            Expr::new(ExprKind::And(children), self.span_from(start))
        };
        self.leave(expr)
    }

    fn parse_not(&mut self) -> PResult<Expr> {
        self.enter()?;
        self.blank();
        let start = self.pos;
        let mut negate = false;
        while self.scan(lex::not_blank).is_some() {
            negate = !negate;
        }
        let child = if self.lit("not(") {
            negate = !negate;
            self.embedded_remainder()?
        } else {
            self.parse_check()?
        };
        let expr = if negate { Expr::new(ExprKind::Not(Box::new(child)), self.span_from(start)) } else { child };
        self.leave(expr)
    }

    /// The rest of a parenthesised expression, after its `(`.
    fn embedded_remainder(&mut self) -> PResult<Expr> {
        self.enter()?;
        self.blank();
        let child = self.parse_or()?;
        self.blank();
        if !self.lit(")") {
            return self.fail(ParseErrorKind::ExpectedCloseParen);
        }
        self.leave(child)
    }

    fn parse_check(&mut self) -> PResult<Expr> {
        self.enter()?;
        self.blank();
        let start = self.pos;
        if self.lit("(") {
            let inner = self.embedded_remainder()?;
            return self.leave(inner);
        }
        if let Some(name) = self.scan(lex::field_name) {
            let left = self.field_remainder(name, start)?;
            let check = self.parse_condition(left, start)?;
            return self.leave(check);
        }
        if let Some(name) = self.transformer_type() {
            self.blank();
            let left = self.transformer_remainder(name, start)?;
            let check = self.parse_condition(left, start)?;
            return self.leave(check);
        }
        if let Some(id) = self.scan(lex::identifier) {
            let expr = Expr::new(ExprKind::Identifier(id.to_string()), self.span_from(start));
            return self.leave(expr);
        }
        self.fail(ParseErrorKind::ExpectedCheck)
    }

    /// A field or transformer at the cursor, with no leading blanks (output-format tokens).
    fn field_or_transformer(&mut self) -> PResult<Expr> {
        self.enter()?;
        let start = self.pos;
        if let Some(name) = self.scan(lex::field_name) {
            let field = self.field_remainder(name, start)?;
            return self.leave(field);
        }
        if let Some(name) = self.transformer_type() {
            self.blank();
            let transformer = self.transformer_remainder(name, start)?;
            return self.leave(transformer);
        }
        self.fail(ParseErrorKind::ExpectedFieldOrTransformer)
    }

    /// A field whose name has been read: its optional `[arg]`.
    fn field_remainder(&mut self, name: &str, start: usize) -> PResult<Expr> {
        self.enter()?;
        let arg = self.optional_field_arg()?;
        let field = Expr::new(ExprKind::Field { name: name.to_string(), arg }, self.span_from(start));
        self.leave(field)
    }

    /// `[arg]` right after a field name or a transformer's `)`, if present.
    fn optional_field_arg(&mut self) -> PResult<Option<String>> {
        if !self.lit("[") {
            return Ok(None);
        }
        let arg = match self.quoted()? {
            Some(value) => value,
            None => match self.scan(lex::field_arg_bare) {
                Some(bare) => bare.to_string(),
                None => return self.fail(ParseErrorKind::ExpectedFieldArg),
            },
        };
        if !self.lit("]") {
            return self.fail(ParseErrorKind::ExpectedCloseBracket);
        }
        Ok(Some(arg))
    }

    /// A transformer whose `name(` has been read: arguments, `)` and optional `[arg]`.
    fn transformer_remainder(&mut self, name: &'static str, start: usize) -> PResult<Expr> {
        self.enter()?;
        self.blank();
        let mut values = Vec::new();
        loop {
            values.push(self.transformer_arg()?);
            self.blank();
            if !self.lit(",") {
                break;
            }
        }
        self.blank();
        if !self.lit(")") {
            return self.fail(ParseErrorKind::ExpectedTransformerClose);
        }
        let arg = self.optional_field_arg()?;
        let expr = Expr::new(ExprKind::Transformer { name: name.to_string(), values, arg }, self.span_from(start));
        self.leave(expr)
    }

    /// One transformer argument: number, quoted string, transformer list, transformer or field.
    fn transformer_arg(&mut self) -> PResult<Expr> {
        self.enter()?;
        self.blank();
        let start = self.pos;
        if let Some(n) = self.number() {
            let value = Expr::new(ExprKind::Value(n.to_string()), self.span_from(start));
            return self.leave(value);
        }
        if let Some(s) = self.quoted()? {
            let value = Expr::new(ExprKind::Value(s), self.span_from(start));
            return self.leave(value);
        }
        if self.lit("(") {
            let list = self.transformer_list(start)?;
            return self.leave(list);
        }
        if let Some(name) = self.transformer_type() {
            let inner = self.transformer_remainder(name, start)?;
            return self.leave(inner);
        }
        if let Some(name) = self.scan(lex::field_name) {
            let field = self.field_remainder(name, start)?;
            return self.leave(field);
        }
        self.fail(ParseErrorKind::ExpectedTransformerArg)
    }

    /// A transformer list after its `(`: `(a.b, tolower(c.d), "x", 1)` or `()`.
    fn transformer_list(&mut self, start: usize) -> PResult<Expr> {
        self.blank();
        let mut children = Vec::new();
        if !self.lit(")") {
            children.push(self.transformer_list_arg()?);
            self.blank();
            while self.lit(",") {
                self.blank();
                children.push(self.transformer_list_arg()?);
                self.blank();
            }
            if !self.lit(")") {
                return self.fail(ParseErrorKind::ExpectedTransformerListClose);
            }
        }
        Ok(Expr::new(ExprKind::TransformerList(children), self.span_from(start)))
    }

    fn transformer_list_arg(&mut self) -> PResult<Expr> {
        let start = self.pos;
        if let Some(name) = self.scan(lex::field_name) {
            return self.field_remainder(name, start);
        }
        if let Some(name) = self.transformer_type() {
            self.blank();
            return self.transformer_remainder(name, start);
        }
        if let Some(s) = self.quoted()? {
            return Ok(Expr::new(ExprKind::Value(s), self.span_from(start)));
        }
        if let Some(n) = self.number() {
            return Ok(Expr::new(ExprKind::Value(n.to_string()), self.span_from(start)));
        }
        self.fail(ParseErrorKind::ExpectedTransformerListArg)
    }

    /// The operator and right-hand side of a check whose left side is `left`.
    fn parse_condition(&mut self, left: Expr, start: usize) -> PResult<Expr> {
        self.enter()?;
        self.blank();
        if self.lit("exists") {
            let check = ExprKind::UnaryCheck { left: Box::new(left), op: "exists".to_string() };
            let expr = Expr::new(check, self.span_from(start));
            return self.leave(expr);
        }
        self.blank();
        let (op, right) = if let Some(op) = NUM_OPS.iter().find(|op| self.lit(op)) {
            (op.to_string(), self.num_value_or_transformer()?)
        } else if let Some(&(op, word)) =
            STR_OPS.iter().find(|(op, word)| if *word { self.word_with_blank(op) } else { self.lit(op) })
        {
            self.str_rhs(op, word)?
        } else if let Some(op) = LIST_OPS.iter().find(|op| self.lit(op)) {
            (op.to_string(), self.list_value_or_transformer()?)
        } else {
            return self.fail(ParseErrorKind::ExpectedOperator);
        };
        let check = ExprKind::BinaryCheck { left: Box::new(left), op, right: Box::new(right) };
        let expr = Expr::new(check, self.span_from(start));
        self.leave(expr)
    }

    /// The right-hand side of a string operator, with the optional `oneof/anyof/allof` modifier.
    fn str_rhs(&mut self, op: &str, word: bool) -> PResult<(String, Expr)> {
        // Word operators already consumed their blank; symbol operators need one here.
        let had_blank = word || self.blank();
        if had_blank {
            let (saved_pos, saved_end) = (self.pos, self.last_end);
            let saved_token = std::mem::replace(&mut self.last_token, LastToken::Range(0, 0));
            if let Some(modifier) = MODIFIERS.iter().find(|m| self.word_with_blank(m)) {
                if self.list_value_follows() && !self.bool_keyword_follows() {
                    let right = self.list_value()?;
                    return Ok((format!("{op} {modifier}"), right));
                }
            }
            self.pos = saved_pos;
            self.last_end = saved_end;
            self.last_token = saved_token;
        }
        Ok((op.to_string(), self.str_value_or_transformer(false)?))
    }

    /// True if a `(` or an identifier is at the cursor (nothing is consumed).
    fn list_value_follows(&self) -> bool {
        self.src.get(self.pos) == Some(&b'(') || lex::identifier(self.src, self.pos).is_some()
    }

    /// True if `and`, `or` or `not` is at the cursor as a whole word (`_` does not extend a word
    /// here, as in libsinsp).
    fn bool_keyword_follows(&self) -> bool {
        let rest = &self.src[self.pos..];
        ["and", "or", "not"].iter().any(|kw| {
            rest.starts_with(kw.as_bytes()) && !rest.get(kw.len()).is_some_and(u8::is_ascii_alphanumeric)
        })
    }

    fn num_value_or_transformer(&mut self) -> PResult<Expr> {
        self.enter()?;
        self.blank();
        let start = self.pos;
        if let Some(t) = self.try_transformer_or_val()? {
            return self.leave(t);
        }
        if let Some(n) = self.number() {
            let value = Expr::new(ExprKind::Value(n.to_string()), self.span_from(start));
            return self.leave(value);
        }
        self.fail(ParseErrorKind::ExpectedNumber)
    }

    fn str_value_or_transformer(&mut self, no_transformer: bool) -> PResult<Expr> {
        self.enter()?;
        self.blank();
        let start = self.pos;
        if !no_transformer {
            if let Some(t) = self.try_transformer_or_val()? {
                return self.leave(t);
            }
        }
        let value = match self.quoted()? {
            Some(s) => Some(s),
            None => self.scan(lex::bare_str).map(str::to_string),
        };
        if let Some(v) = value {
            let expr = Expr::new(ExprKind::Value(v), self.span_from(start));
            return self.leave(expr);
        }
        if no_transformer {
            self.fail(ParseErrorKind::ExpectedString)
        } else {
            self.fail(ParseErrorKind::ExpectedStringOrTransformer)
        }
    }

    /// A parenthesised value list, if the cursor is on `(`.
    fn try_list(&mut self) -> PResult<Option<Expr>> {
        let start = self.pos;
        if !self.lit("(") {
            return Ok(None);
        }
        self.blank();
        let mut values = Vec::new();
        // libsinsp reads the first element speculatively: any failure there (even a bad escape
        // or the depth limit) means "empty list", with the cursor left where the attempt stopped.
        let depth = self.depth;
        match self.str_value_or_transformer(true) {
            Ok(first) => {
                values.push(value_text(first));
                self.blank();
                while self.lit(",") {
                    let next = self.str_value_or_transformer(true)?;
                    values.push(value_text(next));
                    self.blank();
                }
            }
            Err(_) => self.depth = depth,
        }
        if !self.lit(")") {
            return self.fail(ParseErrorKind::ExpectedCloseParen);
        }
        Ok(Some(Expr::new(ExprKind::List(values), self.span_from(start))))
    }

    /// The right-hand side after a modifier: a list or a list name.
    fn list_value(&mut self) -> PResult<Expr> {
        self.enter()?;
        self.blank();
        let start = self.pos;
        if let Some(list) = self.try_list()? {
            return self.leave(list);
        }
        if let Some(id) = self.scan(lex::identifier) {
            let expr = Expr::new(ExprKind::Identifier(id.to_string()), self.span_from(start));
            return self.leave(expr);
        }
        self.fail(ParseErrorKind::ExpectedListOrIdentifier)
    }

    /// The right-hand side of `in`/`intersects`/`pmatch`: a list, a transformer or a list name.
    fn list_value_or_transformer(&mut self) -> PResult<Expr> {
        self.enter()?;
        self.blank();
        let start = self.pos;
        if let Some(list) = self.try_list()? {
            return self.leave(list);
        }
        if let Some(t) = self.try_transformer_or_val()? {
            return self.leave(t);
        }
        if let Some(id) = self.scan(lex::identifier) {
            let expr = Expr::new(ExprKind::Identifier(id.to_string()), self.span_from(start));
            return self.leave(expr);
        }
        self.fail(ParseErrorKind::ExpectedListOrTransformer)
    }

    /// `val(field)` or a transformer, if one starts at the cursor.
    fn try_transformer_or_val(&mut self) -> PResult<Option<Expr>> {
        self.enter()?;
        self.blank();
        let start = self.pos;
        if self.lit("val(") {
            self.blank();
            let field_start = self.pos;
            let Some(name) = self.scan(lex::field_name) else {
                return self.fail(ParseErrorKind::ExpectedFieldInTransformer { transformer: "val" });
            };
            let field = self.field_remainder(name, field_start)?;
            self.blank();
            if !self.lit(")") {
                return self.fail(ParseErrorKind::ExpectedTransformerClose);
            }
            let arg = self.optional_field_arg()?;
            let kind = ExprKind::Transformer { name: "val".to_string(), values: vec![field], arg };
            let expr = Expr::new(kind, self.span_from(start));
            return self.leave(Some(expr));
        }
        if let Some(name) = self.transformer_type() {
            self.blank();
            let t = self.transformer_remainder(name, start)?;
            return self.leave(Some(t));
        }
        self.leave(None)
    }
}

/// The string of a list element (always a `Value` node, by construction).
fn value_text(expr: Expr) -> String {
    match expr.kind {
        ExprKind::Value(v) => v,
        other => Expr::new(other, expr.span).to_string(),
    }
}

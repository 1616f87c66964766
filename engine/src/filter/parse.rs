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
//!   ([`ParseErrorKind::InvalidUtf8`]), because AST values are Rust strings;
//! * transformer lists (`join(",", (a.b, c.d))`) count toward the depth limit, which upstream's
//!   do not, so that every recursive parser frame is accounted for; the limit is also capped at
//!   [`MAX_DEPTH_CEILING`].

mod cursor;
mod error;
mod values;

pub use error::{line_col, ParseError, ParseErrorKind};

use super::ast::{Expr, ExprKind, Span};
use super::lex;

/// Maximum nesting depth used by [`parse`], as Falco sets it for rule conditions.
pub const DEFAULT_MAX_DEPTH: u32 = 1000;

/// Maximum nesting depth used by [`parse_field_or_transformer`], libsinsp's parser default
/// (the output formatter does not change it).
pub const FORMAT_MAX_DEPTH: u32 = 100;

/// Depth limits above this are clamped, so that no setting can exhaust a thread's stack (each
/// depth unit is one parser frame; 1000 of them fit comfortably in a 2 MiB thread stack even in
/// unoptimised builds).
pub const MAX_DEPTH_CEILING: u32 = 1000;

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
        self.enter()?;
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
        let list = Expr::new(ExprKind::TransformerList(children), self.span_from(start));
        self.leave(list)
    }

    fn transformer_list_arg(&mut self) -> PResult<Expr> {
        self.enter()?;
        let start = self.pos;
        let arg = if let Some(name) = self.scan(lex::field_name) {
            self.field_remainder(name, start)?
        } else if let Some(name) = self.transformer_type() {
            self.blank();
            self.transformer_remainder(name, start)?
        } else if let Some(s) = self.quoted()? {
            Expr::new(ExprKind::Value(s), self.span_from(start))
        } else if let Some(n) = self.number() {
            Expr::new(ExprKind::Value(n.to_string()), self.span_from(start))
        } else {
            return self.fail(ParseErrorKind::ExpectedTransformerListArg);
        };
        self.leave(arg)
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
}

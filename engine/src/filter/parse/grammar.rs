//! The grammar of conditions (libsinsp's order): `or`, `and`, `not`, parenthesised expressions,
//! checks, fields with arguments, transformers and their arguments, and the operator of a check.
//! Every function is depth-guarded like upstream's.
//!
//! Place in the data flow: rule text → cursor → **grammar** (with [`values`](super::values) for
//! right-hand sides) → [`Expr`].

use super::cursor::{PResult, State};
use super::error::ParseErrorKind;
use super::vocabulary::{LIST_OPS, NUM_OPS, STR_OPS};
use crate::filter::ast::{Expr, ExprKind};
use crate::filter::lex;

impl State<'_> {
    pub(super) fn parse_or(&mut self) -> PResult<Expr> {
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

    pub(super) fn parse_and(&mut self) -> PResult<Expr> {
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

    pub(super) fn parse_not(&mut self) -> PResult<Expr> {
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
    pub(super) fn embedded_remainder(&mut self) -> PResult<Expr> {
        self.enter()?;
        self.blank();
        let child = self.parse_or()?;
        self.blank();
        if !self.lit(")") {
            return self.fail(ParseErrorKind::ExpectedCloseParen);
        }
        self.leave(child)
    }

    pub(super) fn parse_check(&mut self) -> PResult<Expr> {
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
    pub(super) fn field_or_transformer(&mut self) -> PResult<Expr> {
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
    pub(super) fn field_remainder(&mut self, name: &str, start: usize) -> PResult<Expr> {
        self.enter()?;
        let arg = self.optional_field_arg()?;
        let field = Expr::new(ExprKind::Field { name: name.to_string(), arg }, self.span_from(start));
        self.leave(field)
    }

    /// `[arg]` right after a field name or a transformer's `)`, if present.
    pub(super) fn optional_field_arg(&mut self) -> PResult<Option<String>> {
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
    pub(super) fn transformer_remainder(&mut self, name: &'static str, start: usize) -> PResult<Expr> {
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
    pub(super) fn transformer_arg(&mut self) -> PResult<Expr> {
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
    pub(super) fn transformer_list(&mut self, start: usize) -> PResult<Expr> {
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

    pub(super) fn transformer_list_arg(&mut self) -> PResult<Expr> {
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
    pub(super) fn parse_condition(&mut self, left: Expr, start: usize) -> PResult<Expr> {
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

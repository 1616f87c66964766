//! Right-hand sides of checks: values, value lists, list names, modifiers and `val()`.
//!
//! Place in the data flow: part of the condition parser (with [`grammar`](super::grammar)):
//! after an operator, these grammar functions read what the left side is compared with.

use super::cursor::{LastToken, PResult, State};
use super::error::ParseErrorKind;
use super::vocabulary::MODIFIERS;
use crate::filter::ast::{Expr, ExprKind};
use crate::filter::lex;

impl State<'_> {
    /// The right-hand side of a string operator, with the optional `oneof/anyof/allof` modifier.
    pub(super) fn str_rhs(&mut self, op: &str, word: bool) -> PResult<(String, Expr)> {
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
    pub(super) fn list_value_follows(&self) -> bool {
        self.src.get(self.pos) == Some(&b'(') || lex::identifier(self.src, self.pos).is_some()
    }

    /// True if `and`, `or` or `not` is at the cursor as a whole word (`_` does not extend a word
    /// here, as in libsinsp).
    pub(super) fn bool_keyword_follows(&self) -> bool {
        let rest = &self.src[self.pos..];
        ["and", "or", "not"].iter().any(|kw| {
            rest.starts_with(kw.as_bytes()) && !rest.get(kw.len()).is_some_and(u8::is_ascii_alphanumeric)
        })
    }

    pub(super) fn num_value_or_transformer(&mut self) -> PResult<Expr> {
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

    pub(super) fn str_value_or_transformer(&mut self, no_transformer: bool) -> PResult<Expr> {
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
    pub(super) fn try_list(&mut self) -> PResult<Option<Expr>> {
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
    pub(super) fn list_value(&mut self) -> PResult<Expr> {
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
    pub(super) fn list_value_or_transformer(&mut self) -> PResult<Expr> {
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
    pub(super) fn try_transformer_or_val(&mut self) -> PResult<Option<Expr>> {
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

//! Macro expansion on the condition AST (spec §2.8 step 4, Falco's `filter_macro_resolver`).
//!
//! Place in the data flow: [`parse`](super::parse) → `Expr` with macro references →
//! **`expand_macros`** → `Expr` without them → compile. The rules loader supplies the macros
//! visible to each condition through a lookup function.
//!
//! Every `Identifier` in check position (an operand of `and`/`or`/`not`, or the whole
//! condition) is replaced by a deep copy of the macro's AST, expanded in turn. Identifiers on the
//! right-hand side of a check (`proc.name in some_list`) are values, not macro references, and
//! are left alone, as upstream does. Copied nodes keep the spans they have in the macro's own
//! condition text. Expansion is bounded in size and depth so that a "macro bomb"
//! (`a: b and b`, `b: c and c`, ...) fails cleanly instead of exhausting memory.

use thiserror::Error;

use super::ast::{Expr, ExprKind, Span};

/// Largest expanded condition, counted in AST nodes plus list values.
pub const MAX_EXPANDED_NODES: usize = 1_000_000;

/// Deepest nesting of the expanded AST.
pub const MAX_EXPANDED_DEPTH: usize = 1_000;

/// Why macro expansion failed. `span` is the position of the offending reference in the text it
/// was written in: the condition being expanded when `within` is `None`, else the condition of
/// the macro named by `within`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum MacroError {
    /// A macro refers back to itself, directly or through other macros.
    #[error("reference loop in macro '{name}'")]
    ReferenceLoop {
        /// The macro that closes the loop.
        name: String,
        /// Where the looping reference is.
        span: Span,
        /// The macro whose body holds the reference (`None`: the condition itself).
        within: Option<String>,
    },
    /// A reference to a macro that does not exist (or is not visible).
    #[error("Undefined macro '{name}' used in filter.")]
    Undefined {
        /// The unknown name.
        name: String,
        /// Where the reference is.
        span: Span,
        /// The macro whose body holds the reference (`None`: the condition itself).
        within: Option<String>,
    },
    /// The expansion grew beyond [`MAX_EXPANDED_NODES`].
    #[error("macro expansion exceeds {limit} nodes (while expanding '{name}')")]
    TooLarge {
        /// The node limit.
        limit: usize,
        /// The macro being expanded when the limit was hit.
        name: String,
        /// Where that macro was referenced.
        span: Span,
    },
    /// The expansion nests deeper than [`MAX_EXPANDED_DEPTH`].
    #[error("macro expansion nests deeper than {limit} levels (while expanding '{name}')")]
    TooDeep {
        /// The depth limit.
        limit: usize,
        /// The macro being expanded when the limit was hit.
        name: String,
        /// Where that macro was referenced.
        span: Span,
    },
}

/// A successful expansion and the macros it used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// The condition with every macro reference replaced.
    pub expr: Expr,
    /// Each macro reference that was replaced (name and span), including references inside
    /// macro bodies, in the order their expansion completed. The loader uses this to flag
    /// macros as used.
    pub resolved: Vec<(String, Span)>,
}

/// Expands every macro reference in `expr`; `lookup` returns the (parsed, list-substituted)
/// condition of a visible macro. Of several problems the first reference loop is reported, else
/// the first undefined macro, as Falco does.
pub fn expand_macros<'m>(expr: &Expr, lookup: &dyn Fn(&str) -> Option<&'m Expr>) -> Result<Expr, MacroError> {
    expand_macros_report(expr, lookup).map(|e| e.expr)
}

/// Like [`expand_macros`], also returning which macros were used.
pub fn expand_macros_report<'m>(
    expr: &Expr,
    lookup: &dyn Fn(&str) -> Option<&'m Expr>,
) -> Result<Expansion, MacroError> {
    let mut ex = Expander { lookup, path: Vec::new(), nodes: 0, resolved: Vec::new(), loop_error: None, undefined: None };
    let out = ex.expand(expr, 0)?;
    if let Some(err) = ex.loop_error.or(ex.undefined) {
        return Err(err);
    }
    Ok(Expansion { expr: out, resolved: ex.resolved })
}

/// Names of the macros referenced by `expr` (identifiers in check position), in source order,
/// with repetitions. Does not look inside the referenced macros.
pub fn macro_references(expr: &Expr) -> Vec<&str> {
    let mut out = Vec::new();
    collect_references(expr, &mut out);
    out
}

fn collect_references<'e>(expr: &'e Expr, out: &mut Vec<&'e str>) {
    match &expr.kind {
        ExprKind::Identifier(name) => out.push(name),
        ExprKind::And(children) | ExprKind::Or(children) => {
            for c in children {
                collect_references(c, out);
            }
        }
        ExprKind::Not(child) => collect_references(child, out),
        _ => {}
    }
}

/// Size of a subtree in the units of [`MAX_EXPANDED_NODES`] and its depth.
fn weight(expr: &Expr) -> (usize, usize) {
    let own = match &expr.kind {
        ExprKind::List(values) => 1 + values.len(),
        _ => 1,
    };
    expr.children().into_iter().fold((own, 1), |(n, d), c| {
        let (cn, cd) = weight(c);
        (n.saturating_add(cn), d.max(cd + 1))
    })
}

struct Expander<'l, 'm> {
    lookup: &'l dyn Fn(&str) -> Option<&'m Expr>,
    /// Macros being expanded, outermost first, with the span of their reference.
    path: Vec<(String, Span)>,
    nodes: usize,
    resolved: Vec<(String, Span)>,
    loop_error: Option<MacroError>,
    undefined: Option<MacroError>,
}

impl Expander<'_, '_> {
    fn within(&self) -> Option<String> {
        self.path.last().map(|(n, _)| n.clone())
    }

    fn limit_error(&self, too_deep: bool) -> MacroError {
        let (name, span) = self.path.last().cloned().unwrap_or_default();
        if too_deep {
            MacroError::TooDeep { limit: MAX_EXPANDED_DEPTH, name, span }
        } else {
            MacroError::TooLarge { limit: MAX_EXPANDED_NODES, name, span }
        }
    }

    /// Accounts for a subtree of `weight` nodes and `height` levels placed at `depth`.
    fn account(&mut self, weight: usize, height: usize, depth: usize) -> Result<(), MacroError> {
        self.nodes = self.nodes.saturating_add(weight);
        if self.nodes > MAX_EXPANDED_NODES {
            return Err(self.limit_error(false));
        }
        if depth + height > MAX_EXPANDED_DEPTH {
            return Err(self.limit_error(true));
        }
        Ok(())
    }

    fn expand(&mut self, expr: &Expr, depth: usize) -> Result<Expr, MacroError> {
        match &expr.kind {
            ExprKind::And(children) | ExprKind::Or(children) => {
                self.account(1, 1, depth)?;
                let mut out = Vec::with_capacity(children.len());
                for c in children {
                    out.push(self.expand(c, depth + 1)?);
                }
                let kind = if matches!(expr.kind, ExprKind::And(_)) { ExprKind::And(out) } else { ExprKind::Or(out) };
                Ok(Expr::new(kind, expr.span))
            }
            ExprKind::Not(child) => {
                self.account(1, 1, depth)?;
                let inner = self.expand(child, depth + 1)?;
                Ok(Expr::new(ExprKind::Not(Box::new(inner)), expr.span))
            }
            ExprKind::Identifier(name) => self.expand_reference(expr, name, depth),
            _ => {
                let (w, h) = weight(expr);
                self.account(w, h, depth)?;
                Ok(expr.clone())
            }
        }
    }

    fn expand_reference(&mut self, expr: &Expr, name: &str, depth: usize) -> Result<Expr, MacroError> {
        let Some(body) = (self.lookup)(name) else {
            if self.undefined.is_none() {
                self.undefined =
                    Some(MacroError::Undefined { name: name.to_string(), span: expr.span, within: self.within() });
            }
            self.account(1, 1, depth)?;
            return Ok(expr.clone());
        };
        if self.path.iter().any(|(n, _)| n == name) {
            if self.loop_error.is_none() {
                self.loop_error =
                    Some(MacroError::ReferenceLoop { name: name.to_string(), span: expr.span, within: self.within() });
            }
            self.account(1, 1, depth)?;
            return Ok(expr.clone());
        }
        self.path.push((name.to_string(), expr.span));
        let out = self.expand(body, depth);
        self.path.pop();
        let out = out?;
        self.resolved.push((name.to_string(), expr.span));
        Ok(out)
    }
}

//! The condition AST: the source-faithful form of a Falco condition.
//!
//! Place in the data flow: rule text → [`parse`](super::parse) → **`Expr`** → macro expansion
//! (rules compiler) → [`compile`](super::compile) → `Program`. Every node carries the byte span
//! of the condition text it was parsed from, so later stages can point at the offending text.
//!
//! The node kinds mirror libsinsp's filter AST one to one, which keeps the canonical string form
//! (`Display`, used by upstream's tests as the "compiled condition") exact.

use std::fmt;

/// A half-open byte range `[start, end)` within the condition text that was parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte of the node.
    pub start: u32,
    /// One past the last byte of the node.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start: start as u32, end: end as u32 }
    }
}

/// A node of the condition AST with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expr {
    /// What the node is.
    pub kind: ExprKind,
    /// Where it was in the condition text.
    pub span: Span,
}

/// The kinds of condition nodes (libsinsp `and_expr`, `or_expr`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExprKind {
    /// `a and b and c` (n-ary, flattened).
    And(Vec<Expr>),
    /// `a or b or c` (n-ary, flattened).
    Or(Vec<Expr>),
    /// `not a`.
    Not(Box<Expr>),
    /// A bare identifier in check position: a macro reference.
    Identifier(String),
    /// A single constant value (right-hand side of a binary check).
    Value(String),
    /// A parenthesised list of constant values, `(a, b, "c d")`.
    List(Vec<String>),
    /// `left exists` (the only unary operator).
    UnaryCheck {
        /// A `Field` or `Transformer` node.
        left: Box<Expr>,
        /// The operator text, always `exists`.
        op: String,
    },
    /// `left op right`.
    BinaryCheck {
        /// A `Field` or `Transformer` node.
        left: Box<Expr>,
        /// Operator text as written in canonical form (`=`, `==`, `contains`, `startswith oneof`, ...).
        op: String,
        /// `Value`, `List`, `Identifier` (a list name that was not substituted: compared as one
        /// string value), `Field` wrapped in a `val` transformer, or `Transformer`.
        right: Box<Expr>,
    },
    /// A field, with its optional `[arg]`: `proc.aname[2]`, `proc.env[HOME]`.
    Field {
        /// The field name (`proc.aname`, `evt.arg.flags`).
        name: String,
        /// The bracketed argument, unescaped.
        arg: Option<String>,
    },
    /// A transformer application: `tolower(proc.name)`, `val(proc.pname)`, `join(",", fd.types)`.
    Transformer {
        /// The transformer name (`tolower`, `toupper`, `b64`, `basename`, `len`, `join`, `concat`,
        /// `getopt`, `val`).
        name: String,
        /// Arguments: `Field`, `Transformer`, `Value` (string or number literal) or `TransformerList`.
        values: Vec<Expr>,
        /// The optional `[arg]` applied to the result (`getopt(...)[o]`).
        arg: Option<String>,
    },
    /// A parenthesised list of transformer arguments.
    TransformerList(Vec<Expr>),
}

impl Expr {
    /// Builds a node.
    pub fn new(kind: ExprKind, span: Span) -> Self {
        Expr { kind, span }
    }
}

/// Escapes a string for the canonical form: wrapped in double quotes when it contains any of
/// `\b \f \n \r \t`, space, `=`, `\`, `"`, `'` or NUL, with `\b \f \n \r \t \\ \"` escaped
/// (see [`escape`](super::escape)).
pub fn escape_str(s: &str) -> String {
    super::escape::escape_str(s)
}

impl Expr {
    /// Structural equality that ignores spans (libsinsp's `is_equal`): same node kinds, names,
    /// operators and values.
    pub fn same_shape(&self, other: &Expr) -> bool {
        fn all(a: &[Expr], b: &[Expr]) -> bool {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_shape(y))
        }
        match (&self.kind, &other.kind) {
            (ExprKind::And(a), ExprKind::And(b)) | (ExprKind::Or(a), ExprKind::Or(b)) => all(a, b),
            (ExprKind::TransformerList(a), ExprKind::TransformerList(b)) => all(a, b),
            (ExprKind::Not(a), ExprKind::Not(b)) => a.same_shape(b),
            (ExprKind::Identifier(a), ExprKind::Identifier(b)) | (ExprKind::Value(a), ExprKind::Value(b)) => a == b,
            (ExprKind::List(a), ExprKind::List(b)) => a == b,
            (ExprKind::UnaryCheck { left: l1, op: o1 }, ExprKind::UnaryCheck { left: l2, op: o2 }) => {
                o1 == o2 && l1.same_shape(l2)
            }
            (
                ExprKind::BinaryCheck { left: l1, op: o1, right: r1 },
                ExprKind::BinaryCheck { left: l2, op: o2, right: r2 },
            ) => o1 == o2 && l1.same_shape(l2) && r1.same_shape(r2),
            (ExprKind::Field { name: n1, arg: a1 }, ExprKind::Field { name: n2, arg: a2 }) => n1 == n2 && a1 == a2,
            (
                ExprKind::Transformer { name: n1, values: v1, arg: a1 },
                ExprKind::Transformer { name: n2, values: v2, arg: a2 },
            ) => n1 == n2 && a1 == a2 && all(v1, v2),
            _ => false,
        }
    }

    /// The direct children of this node, in source order (operands of `and`/`or`/`not`, both
    /// sides of a check, transformer arguments, transformer-list elements).
    pub fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprKind::And(c) | ExprKind::Or(c) | ExprKind::TransformerList(c) => c.iter().collect(),
            ExprKind::Transformer { values, .. } => values.iter().collect(),
            ExprKind::Not(c) => vec![c],
            ExprKind::UnaryCheck { left, .. } => vec![left],
            ExprKind::BinaryCheck { left, right, .. } => vec![left, right],
            ExprKind::Identifier(_) | ExprKind::Value(_) | ExprKind::List(_) | ExprKind::Field { .. } => Vec::new(),
        }
    }
}

/// The canonical string form (libsinsp `ast::as_string`), as Falco reports a compiled condition.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::And(children) | ExprKind::Or(children) => {
                let sep = if matches!(self.kind, ExprKind::And(_)) { " and " } else { " or " };
                f.write_str("(")?;
                for (i, c) in children.iter().enumerate() {
                    if i > 0 {
                        f.write_str(sep)?;
                    }
                    write!(f, "{c}")?;
                }
                f.write_str(")")
            }
            ExprKind::Not(child) => write!(f, "not {child}"),
            ExprKind::Identifier(id) => f.write_str(id),
            ExprKind::Value(v) => f.write_str(&escape_str(v)),
            ExprKind::List(values) => {
                f.write_str("(")?;
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(&escape_str(v))?;
                }
                f.write_str(")")
            }
            ExprKind::UnaryCheck { left, op } => write!(f, "{left} {op}"),
            ExprKind::BinaryCheck { left, op, right } => write!(f, "{left} {op} {right}"),
            ExprKind::Field { name, arg } => {
                f.write_str(name)?;
                if let Some(a) = arg {
                    if a.is_empty() {
                        f.write_str("[\"\"]")?;
                    } else {
                        write!(f, "[{}]", escape_str(a))?;
                    }
                }
                Ok(())
            }
            ExprKind::Transformer { name, values, arg } => {
                write!(f, "{name}(")?;
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str(")")?;
                if let Some(a) = arg {
                    if a.is_empty() {
                        f.write_str("[\"\"]")?;
                    } else {
                        write!(f, "[{}]", escape_str(a))?;
                    }
                }
                Ok(())
            }
            ExprKind::TransformerList(children) => {
                f.write_str("(")?;
                for (i, c) in children.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{c}")?;
                }
                f.write_str(")")
            }
        }
    }
}

//! Operators of the condition language and the type classes they apply to (compile stage).

use crate::fields::FieldType;
pub use crate::filter::ops::Modifier;
use std::fmt;

/// A comparison operator, as written in a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `=` or `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `contains`.
    Contains,
    /// `icontains`.
    IContains,
    /// `bcontains`.
    BContains,
    /// `startswith`.
    StartsWith,
    /// `bstartswith`.
    BStartsWith,
    /// `endswith`.
    EndsWith,
    /// `glob`.
    Glob,
    /// `iglob`.
    IGlob,
    /// `in`.
    In,
    /// `intersects`.
    Intersects,
    /// `pmatch`.
    PMatch,
    /// `regex`.
    Regex,
    /// `exists`.
    Exists,
}

impl CmpOp {
    /// Splits an operator text (`startswith oneof`) into the operator and its modifier.
    pub fn parse(text: &str) -> Option<(CmpOp, Option<Modifier>)> {
        let mut words = text.split_whitespace();
        let op = match words.next()? {
            "=" | "==" => CmpOp::Eq,
            "!=" => CmpOp::Ne,
            "<" => CmpOp::Lt,
            "<=" => CmpOp::Le,
            ">" => CmpOp::Gt,
            ">=" => CmpOp::Ge,
            "contains" => CmpOp::Contains,
            "icontains" => CmpOp::IContains,
            "bcontains" => CmpOp::BContains,
            "startswith" => CmpOp::StartsWith,
            "bstartswith" => CmpOp::BStartsWith,
            "endswith" => CmpOp::EndsWith,
            "glob" => CmpOp::Glob,
            "iglob" => CmpOp::IGlob,
            "in" => CmpOp::In,
            "intersects" => CmpOp::Intersects,
            "pmatch" => CmpOp::PMatch,
            "regex" => CmpOp::Regex,
            "exists" => CmpOp::Exists,
            _ => return None,
        };
        let modifier = match words.next() {
            None => None,
            Some(word) => Some(Modifier::from_keyword(word)?),
        };
        if words.next().is_some() {
            return None;
        }
        Some((op, modifier))
    }

    /// The operator's text.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Contains => "contains",
            CmpOp::IContains => "icontains",
            CmpOp::BContains => "bcontains",
            CmpOp::StartsWith => "startswith",
            CmpOp::BStartsWith => "bstartswith",
            CmpOp::EndsWith => "endswith",
            CmpOp::Glob => "glob",
            CmpOp::IGlob => "iglob",
            CmpOp::In => "in",
            CmpOp::Intersects => "intersects",
            CmpOp::PMatch => "pmatch",
            CmpOp::Regex => "regex",
            CmpOp::Exists => "exists",
        }
    }

    /// Whether the right-hand side is a list of values (`in`, `intersects`, `pmatch`).
    pub fn takes_list(self) -> bool {
        matches!(self, CmpOp::In | CmpOp::Intersects | CmpOp::PMatch)
    }
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The classes of left-hand types that decide which operators apply (libsinsp's comparability table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeClass {
    /// Integers, pids, fds, ports, times, flags, modes.
    Numeric,
    /// Booleans.
    Bool,
    /// Strings and paths.
    Str,
    /// Byte buffers.
    Bytes,
    /// IP addresses and networks.
    Ip,
    /// A field that yields a list of values.
    List,
}

impl TypeClass {
    /// The class of a (possibly transformed) operand of type `ty`; `list` for list fields.
    pub fn of(ty: FieldType, list: bool) -> TypeClass {
        if list {
            return TypeClass::List;
        }
        match ty {
            FieldType::Bool => TypeClass::Bool,
            FieldType::Str | FieldType::Path => TypeClass::Str,
            FieldType::Bytes | FieldType::Dyn => TypeClass::Bytes,
            FieldType::IpAddr | FieldType::IpNet => TypeClass::Ip,
            _ => TypeClass::Numeric,
        }
    }

    /// Whether `op` may be applied to a value of this class.
    pub fn allows(self, op: CmpOp) -> bool {
        use CmpOp::*;
        if op == Exists {
            return true;
        }
        match self {
            TypeClass::Numeric => matches!(op, Eq | Ne | Lt | Le | Gt | Ge | In | Intersects),
            TypeClass::Bool | TypeClass::Ip => matches!(op, Eq | Ne | In | Intersects),
            TypeClass::Str => !matches!(op, BContains | BStartsWith),
            TypeClass::Bytes => {
                matches!(
                    op,
                    Eq | Ne
                        | Contains
                        | BContains
                        | StartsWith
                        | BStartsWith
                        | EndsWith
                        | In
                        | Intersects
                )
            }
            TypeClass::List => matches!(op, In | Intersects),
        }
    }

    /// Why `op` (with or without a modifier) cannot be applied to this class, in libsinsp's words;
    /// `None` when it can.
    pub fn refusal(self, op: CmpOp, modifier: Option<Modifier>) -> Option<String> {
        if self == TypeClass::Ip && modifier.is_some() && !self.allows(op) {
            return Some(format!(
                "'{op}' with modifier not supported for ip address and network filters"
            ));
        }
        (!self.allows(op)).then(|| {
            format!(
                "'{op}' operator not supported for {} filters",
                self.describe()
            )
        })
    }

    /// The name used in messages.
    pub fn describe(self) -> &'static str {
        match self {
            TypeClass::Numeric => "numeric",
            TypeClass::Bool => "boolean",
            TypeClass::Str => "string",
            TypeClass::Bytes => "buffer",
            TypeClass::Ip => "ip address and network",
            TypeClass::List => "list",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_operators_and_modifiers() {
        assert_eq!(CmpOp::parse("=="), Some((CmpOp::Eq, None)));
        assert_eq!(
            CmpOp::parse("startswith oneof"),
            Some((CmpOp::StartsWith, Some(Modifier::OneOf)))
        );
        assert_eq!(
            CmpOp::parse("in allof"),
            Some((CmpOp::In, Some(Modifier::AllOf)))
        );
        assert_eq!(CmpOp::parse("within"), None);
        assert_eq!(CmpOp::parse("= someof"), None);
    }

    #[test]
    fn comparability_table() {
        assert!(!TypeClass::Numeric.allows(CmpOp::Contains));
        assert!(TypeClass::Numeric.allows(CmpOp::Ge));
        assert!(TypeClass::Str.allows(CmpOp::Glob));
        assert!(!TypeClass::Str.allows(CmpOp::BContains));
        assert!(TypeClass::Bytes.allows(CmpOp::BContains));
        assert!(!TypeClass::Bool.allows(CmpOp::Lt));
        assert!(!TypeClass::List.allows(CmpOp::Eq));
    }
}

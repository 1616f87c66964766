//! [`CompileError`]: why a condition does not compile (unknown field or event type, operator
//! refused for the field's type, bad constant, undefined macro, ...), each with its span.
//!
//! Place in the data flow: produced by the condition **compiler** → reported by the rule-set
//! builder with the rule's location.

use super::op::TypeClass;
use crate::filter::ast::Span;
use thiserror::Error;

/// Errors found while compiling a condition; each names the text and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CompileError {
    /// A field name that no field class provides.
    #[error("filter_check called with nonexistent field {name}")]
    UnknownField {
        /// The field as written (with its argument).
        name: String,
        /// Why resolution failed.
        reason: String,
        /// Where it is in the condition.
        span: Span,
    },
    /// An `evt.type` value that is no known event or syscall name.
    #[error("unknown event type {name}")]
    UnknownEventType {
        /// The value as written.
        name: String,
        /// Where it is.
        span: Span,
    },
    /// An operator that the field's type does not support.
    #[error("{}", refusal_text(op, *class, *with_modifier))]
    OperatorNotSupported {
        /// The operator.
        op: String,
        /// The field (with its transformers) as written.
        field: String,
        /// The field's type class (after transformers).
        class: TypeClass,
        /// Whether the operator had a modifier (`= anyof`).
        with_modifier: bool,
        /// Where the check is.
        span: Span,
    },
    /// A field compared with a field of another type (`proc.name = val(proc.pid)`).
    #[error("field '{left}' has type '{left_type}' while the right-hand side field '{right}' has incompatible type '{right_type}'")]
    FieldTypeMismatch {
        /// The left side as written.
        left: String,
        /// Its type (`CHARBUF`, `INT64 (list)`, ...).
        left_type: String,
        /// The right-hand field as written.
        right: String,
        /// Its type.
        right_type: String,
        /// Where the right-hand side is.
        span: Span,
    },
    /// A constant that does not parse as the field's type.
    #[error("{value} is not a valid {expected} value for {field}: {reason}")]
    InvalidValue {
        /// The constant as written.
        value: String,
        /// The field.
        field: String,
        /// The expected type.
        expected: &'static str,
        /// What is wrong.
        reason: String,
        /// Where it is.
        span: Span,
    },
    /// A macro reference left after expansion.
    #[error("Undefined macro '{name}' used in filter.")]
    UndefinedMacro {
        /// The identifier.
        name: String,
        /// Where it is.
        span: Span,
    },
    /// A construct the compiler does not accept in that position (a transformer on a field that
    /// refuses them, `val()` with an operator that cannot take a field, ...).
    #[error("{what}")]
    Unsupported {
        /// What was refused, in words.
        what: String,
        /// Where it is.
        span: Span,
    },
    /// The condition nests deeper than the compiler allows.
    #[error("condition nests deeper than {limit} levels")]
    TooDeep {
        /// The limit.
        limit: usize,
        /// Where the limit was hit.
        span: Span,
    },
}

impl CompileError {
    /// Where the error is in the condition text.
    pub fn span(&self) -> Span {
        match self {
            CompileError::UnknownField { span, .. }
            | CompileError::UnknownEventType { span, .. }
            | CompileError::OperatorNotSupported { span, .. }
            | CompileError::FieldTypeMismatch { span, .. }
            | CompileError::InvalidValue { span, .. }
            | CompileError::UndefinedMacro { span, .. }
            | CompileError::Unsupported { span, .. }
            | CompileError::TooDeep { span, .. } => *span,
        }
    }

    /// Whether this is the kind of error Falco's `skip-if-unknown-filter` turns into a warning
    /// (an unknown field or event type).
    pub fn is_unknown_filter(&self) -> bool {
        matches!(
            self,
            CompileError::UnknownField { .. } | CompileError::UnknownEventType { .. }
        )
    }
}

fn refusal_text(op: &str, class: TypeClass, with_modifier: bool) -> String {
    if with_modifier && class == TypeClass::Ip {
        format!("'{op}' with modifier not supported for ip address and network filters")
    } else {
        format!(
            "'{op}' operator not supported for {} filters",
            class.describe()
        )
    }
}

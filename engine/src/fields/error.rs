//! [`FieldError`]: why a field name does not resolve (unknown field or event argument, missing or
//! unexpected argument, bad index).
//!
//! Place in the data flow: produced by [`resolve`](super::resolve()) at compile time → reported
//! by the condition compiler and the output formatter.

/// Why a field name does not resolve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FieldError {
    /// No field has this name.
    #[error("filter_check called with nonexistent field {name}")]
    Unknown {
        /// The name as written.
        name: String,
    },
    /// `evt.arg.X` / `evt.rawarg.X` with an X no event has.
    #[error("unknown event argument {arg}")]
    UnknownEventArg {
        /// The argument name.
        arg: String,
    },
    /// The field needs an argument.
    #[error("field {name} requires an argument")]
    ArgRequired {
        /// Field name.
        name: String,
    },
    /// The field takes no argument.
    #[error("field {name} does not accept an argument")]
    ArgNotAllowed {
        /// Field name.
        name: String,
    },
    /// The argument must be a number.
    #[error("invalid argument '{arg}' for field {name}: expected a non-negative index")]
    BadIndex {
        /// Field name.
        name: String,
        /// The argument.
        arg: String,
    },
    /// `evt.rawarg[N]` (raw arguments must be named).
    #[error("evt.rawarg fields must be expressed explicitly")]
    RawArgIndex,
}

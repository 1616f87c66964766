//! The words of the condition language the parser tries, in its order: comparison operators,
//! transformers and list modifiers.
//!
//! Place in the data flow: rule text → parser (**tries these** at the cursor) → AST; also listed
//! in parse error messages and by the `syssentry` CLI.

/// Comparison operators in the order the parser tries them (unary, numeric, string, list).
pub(super) const OPERATORS: &[&str] = &[
    "exists", "<=", "<", ">=", ">", "==", "=", "!=", "glob", "iglob", "contains", "icontains",
    "bcontains", "startswith", "bstartswith", "endswith", "regex", "intersects", "in", "pmatch",
];

/// Transformers accepted at the start of a check or as transformer arguments.
pub(super) const TRANSFORMERS: &[&str] = &["tolower", "toupper", "b64", "basename", "len", "join", "concat", "getopt"];

pub(super) const NUM_OPS: &[&str] = &["<=", "<", ">=", ">"];

/// String operators; `true` marks the word operators, which need a blank after them.
pub(super) const STR_OPS: &[(&str, bool)] = &[
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

pub(super) const MODIFIERS: &[&str] = &["oneof", "anyof", "allof"];

pub(super) const LIST_OPS: &[&str] = &["intersects", "in", "pmatch"];

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

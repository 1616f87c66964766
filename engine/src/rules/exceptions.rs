//! Rule exceptions → condition text.
//!
//! Place in the data flow: `collector` (rule with exceptions) → **`apply_exceptions`** → list
//! substitution → condition parser.
//!
//! Falco turns exceptions into text appended to the condition (`build_rule_exception_infos` in
//! `rule_loader_compiler.cpp`): `(cond) and not (...)` per exception. Values are pasted without
//! escaping; only values containing a space (and not already quoted) get double quotes. This
//! module reproduces that text exactly.

use std::collections::BTreeSet;

use super::collector::{is_str_operator_with_modifier, ExEntry, ExceptionInfo, LIST_OPERATORS};

/// An exception that cannot be turned into condition text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExceptionError {
    /// Scalar `fields` with a list among the values.
    #[error("Expected values array to contain a list of strings")]
    ValuesNotStrings {
        /// The exception's name.
        exception: String,
    },
    /// A values tuple with a different length than `fields`.
    #[error("Fields and values lists must have equal length")]
    LengthMismatch {
        /// The exception's name.
        exception: String,
    },
}

impl ExceptionError {
    /// The name of the exception concerned.
    pub fn exception(&self) -> &str {
        match self {
            ExceptionError::ValuesNotStrings { exception }
            | ExceptionError::LengthMismatch { exception } => exception,
        }
    }
}

fn quote_item(e: &str) -> String {
    if e.contains(' ') && !e.starts_with('"') && !e.starts_with('\'') {
        format!("\"{e}\"")
    } else {
        e.to_string()
    }
}

fn paren_item(e: &str) -> String {
    if e.starts_with('(') {
        e.to_string()
    } else {
        format!("({e})")
    }
}

fn is_operator_for_list(op: &str) -> bool {
    LIST_OPERATORS.contains(&op) || is_str_operator_with_modifier(op)
}

/// Rewrites `condition` with the rule's exceptions; also returns the fields the exceptions use.
/// With no exceptions, the condition is returned unchanged (Falco does not even add the
/// parentheses then).
pub fn apply_exceptions(
    condition: &str,
    exceptions: &[ExceptionInfo],
) -> Result<(String, BTreeSet<String>), ExceptionError> {
    let mut fields_used = BTreeSet::new();
    if exceptions.is_empty() {
        return Ok((condition.to_string(), fields_used));
    }
    let mut out = format!("({condition})");
    for ex in exceptions {
        let icond = if !ex.fields.is_list {
            let mut icond = String::new();
            for val in &ex.values {
                if val.is_list {
                    return Err(ExceptionError::ValuesNotStrings {
                        exception: ex.name.clone(),
                    });
                }
                if icond.is_empty() {
                    icond.push('(');
                    icond.push_str(&ex.fields.item);
                    icond.push(' ');
                    icond.push_str(&ex.comps.item);
                    icond.push_str(" (");
                } else {
                    icond.push_str(", ");
                }
                fields_used.insert(ex.fields.item.clone());
                icond.push_str(&quote_item(&val.item));
            }
            if !icond.is_empty() {
                icond.push_str("))");
            }
            icond
        } else {
            let mut icond = String::from("(");
            for values in &ex.values {
                if ex.fields.items.len() != values.items.len() {
                    return Err(ExceptionError::LengthMismatch {
                        exception: ex.name.clone(),
                    });
                }
                if icond != "(" {
                    icond.push_str(" or ");
                }
                icond.push('(');
                for (k, field) in ex.fields.items.iter().enumerate() {
                    if k > 0 {
                        icond.push_str(" and ");
                    }
                    let comp = ex.comps.items.get(k).map_or("=", |c| c.item.as_str());
                    let value: &ExEntry = &values.items[k];
                    let rendered = if value.is_list {
                        let inner: Vec<String> =
                            value.items.iter().map(|v| quote_item(&v.item)).collect();
                        format!("({})", inner.join(", "))
                    } else if is_operator_for_list(comp) {
                        paren_item(&value.item)
                    } else {
                        quote_item(&value.item)
                    };
                    icond.push(' ');
                    icond.push_str(&field.item);
                    icond.push(' ');
                    icond.push_str(comp);
                    icond.push(' ');
                    icond.push_str(&rendered);
                    fields_used.insert(field.item.clone());
                }
                icond.push(')');
            }
            icond.push(')');
            if icond == "()" {
                String::new()
            } else {
                icond
            }
        };
        if !icond.is_empty() {
            out.push_str(" and not ");
            out.push_str(&icond);
        }
    }
    Ok((out, fields_used))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    fn s(v: &str) -> ExEntry {
        ExEntry::scalar(v)
    }
    fn l(v: Vec<ExEntry>) -> ExEntry {
        ExEntry {
            is_list: true,
            item: String::new(),
            items: v,
        }
    }
    fn ex(fields: ExEntry, comps: ExEntry, values: Vec<ExEntry>) -> ExceptionInfo {
        ExceptionInfo {
            name: "e".into(),
            fields,
            comps,
            values,
            location: Location {
                file: "f".into(),
                line: 1,
                column: 1,
                offset: 0,
            },
        }
    }

    #[test]
    fn tuple_form_with_space_value() {
        let e = ex(
            l(vec![s("proc.cmdline")]),
            l(vec![s("contains")]),
            vec![l(vec![s("curl 127.0.0.1")])],
        );
        let (c, f) = apply_exceptions(
            "proc.cmdline contains curl or proc.cmdline contains wget",
            &[e],
        )
        .unwrap();
        assert_eq!(
            c,
            "(proc.cmdline contains curl or proc.cmdline contains wget) and not (( proc.cmdline contains \"curl 127.0.0.1\"))"
        );
        assert!(f.contains("proc.cmdline"));
    }

    #[test]
    fn scalar_form() {
        let e = ex(s("proc.name"), s("in"), vec![s("cat"), s("my cat")]);
        let (c, _) = apply_exceptions("a", &[e]).unwrap();
        assert_eq!(c, "(a) and not (proc.name in (cat, \"my cat\"))");
    }

    #[test]
    fn list_operators_parenthesise_scalars() {
        let e = ex(
            l(vec![s("proc.name"), s("fd.name")]),
            l(vec![s("startswith oneof"), s("in")]),
            vec![l(vec![s("sshd"), s("(x)")])],
        );
        let (c, _) = apply_exceptions("a", &[e]).unwrap();
        assert_eq!(
            c,
            "(a) and not (( proc.name startswith oneof (sshd) and  fd.name in (x)))"
        );
    }

    #[test]
    fn no_values_contributes_nothing() {
        let e = ex(l(vec![s("proc.name")]), l(vec![s("=")]), vec![]);
        assert_eq!(apply_exceptions("a", &[e]).unwrap().0, "(a)");
        let e = ex(s("proc.name"), s("in"), vec![]);
        assert_eq!(apply_exceptions("a", &[e]).unwrap().0, "(a)");
    }

    #[test]
    fn errors() {
        let e = ex(s("proc.name"), s("in"), vec![l(vec![s("x")])]);
        assert!(matches!(
            apply_exceptions("a", &[e]),
            Err(ExceptionError::ValuesNotStrings { .. })
        ));
        let e = ex(
            l(vec![s("a"), s("b")]),
            l(vec![s("="), s("=")]),
            vec![l(vec![s("x")])],
        );
        assert!(matches!(
            apply_exceptions("a", &[e]),
            Err(ExceptionError::LengthMismatch { .. })
        ));
    }
}

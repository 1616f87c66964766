//! Compiler hints: constants that look like mistakes (a field name or a transformer written as a
//! string value, a regex that a plain operator could do). Found while compiling a condition and
//! reported by the rule-set builder as `LOAD_COMPILE_CONDITION` warnings (compile stage).

use super::op::CmpOp;
use crate::fields;
use crate::filter::ast::Span;
use crate::filter::parse::supported_transformers;

/// A hint about a condition; the condition still compiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileWarning {
    /// What looks wrong.
    pub message: String,
    /// The right-hand side it is about.
    pub span: Span,
    /// The span of the whole check holding it (to tell where the check came from).
    pub check_span: Span,
}

/// Regex metacharacters that make a pattern a real regex.
const REGEX_SPECIAL: &[u8] = b".+*?^$()[]{}|\\";
/// Repetition characters that, after a leading or trailing `.`, only express "anything".
const REGEX_REPEAT: &[u8] = b"+*?";

/// The hints libsinsp gives for one constant `value` compared with `op`.
pub(super) fn check_value(
    op: CmpOp,
    value: &str,
    span: Span,
    check_span: Span,
    out: &mut Vec<CompileWarning>,
) {
    let mut push = |message: String| {
        out.push(CompileWarning {
            message,
            span,
            check_span,
        })
    };
    if op == CmpOp::Regex && regex_is_plain(value.as_bytes()) {
        push(format!(
            "regex check with '{value}' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'"
        ));
    }
    // White space is ignored: `proc.pname ` is still a field name written as a value.
    let compact: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r'))
        .collect();
    if fields::resolve_full(&compact).is_ok() {
        push(format!(
            "'{value}' may be a valid field misused as a const string value"
        ));
    }
    let transformers = supported_transformers().iter().copied().chain(["val"]);
    for t in transformers {
        let looks_like = compact.len() >= t.len() + 2
            && compact.starts_with(t)
            && compact.as_bytes()[t.len()] == b'('
            && compact.ends_with(')');
        if looks_like {
            push(format!(
                "'{value}' may be a valid field transformer misused as a const string value"
            ));
        }
    }
}

/// Whether a regex pattern has no metacharacter beyond optional anchors and a leading or
/// trailing "anything" (`.*`, `.+`, `.?`), so that `=`, `contains`, `startswith` or `endswith`
/// would do.
fn regex_is_plain(v: &[u8]) -> bool {
    let len = v.len();
    let mut i = 0;
    while i < len {
        let c = v[i];
        if (i == 0 && c == b'^') || (i + 1 == len && c == b'$') {
            i += 1;
            continue;
        }
        if ((i == 0 && len > 1) || i + 2 == len) && c == b'.' && REGEX_REPEAT.contains(&v[i + 1]) {
            i += 2;
            continue;
        }
        if REGEX_SPECIAL.contains(&c) {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints(op: CmpOp, v: &str) -> usize {
        let mut out = Vec::new();
        check_value(op, v, Span::default(), Span::default(), &mut out);
        out.len()
    }

    #[test]
    fn libsinsp_compilation_warnings() {
        // Inputs of libsinsp's `compilation_warnings` test.
        assert_eq!(hints(CmpOp::Eq, "evt.hostname"), 1);
        assert_eq!(hints(CmpOp::Eq, "tolower(evt.hostname)"), 1);
        for re in [
            "syscall",
            "^syscall$",
            "^syscall",
            "syscall$",
            ".*syscall",
            "syscall.*",
            ".*syscall.*",
            ".+syscall",
            "syscall.+",
            ".+syscall.+",
            ".?syscall",
            "syscall.?",
            ".?syscall.?",
        ] {
            assert_eq!(hints(CmpOp::Regex, re), 1, "{re}");
        }
        assert_eq!(hints(CmpOp::Eq, "unknown.field"), 0);
        assert_eq!(hints(CmpOp::Eq, "tolower"), 0);
        assert_eq!(hints(CmpOp::Eq, "tolow(evt.hostname)"), 0);
        for re in ["syscall.{1}", "syscall\\.*", "s.*l", "syscal[l]?"] {
            assert_eq!(hints(CmpOp::Regex, re), 0, "{re}");
        }
        assert_eq!(hints(CmpOp::Eq, "proc.pname "), 1);
        assert_eq!(hints(CmpOp::Eq, "toupper( proc.pname)"), 1);
    }
}

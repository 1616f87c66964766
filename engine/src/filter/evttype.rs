//! Event-type inference: the set of event-type names for which a condition can be true
//! (spec §2.10, libsinsp's `filter/ppm_codes.cpp`).
//!
//! Place in the data flow: macro-expanded `Expr` → **`infer_event_types`** → rule indexing by
//! event type (eval). The result is expressed over `evt.type` *names*; mapping names to event
//! codes (a name covers every code with that name; syscall names without a dedicated event map
//! to the generic events) belongs to the event-table side.
//!
//! Algorithm: `and` intersects, `or` unites, and `not` is pushed to the leaves (De Morgan), where
//! `evt.type`/`syscall.type` checks with `=`, `==`, `in` give their named set, `!=` its complement,
//! `evt.type exists` everything (nothing under negation), checks on `evt.num` that its runtime
//! invariant (`evt.num >= 1`) decides give nothing or everything, and every other check is
//! "neutral": everything, negated or not. The traversal reproduces libsinsp's visitor, including
//! when it reports errors for transformers and field comparisons on `evt.type`.
//!
//! Name-level differences from the code-level upstream result: names that match no event stay
//! in the set (the compiler rejects unknown `evt.type` values anyway), and complements are taken
//! over names, so two syscall names sharing the generic event are still told apart.

use std::collections::BTreeSet;

use thiserror::Error;

use super::ast::{Expr, ExprKind, Span};

/// A set of event-type names, possibly infinite (everything except some names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvtTypeSet {
    /// Exactly these names.
    Only(BTreeSet<String>),
    /// Every event type except these names.
    AllExcept(BTreeSet<String>),
}

impl EvtTypeSet {
    /// Every event type.
    pub fn all() -> Self {
        EvtTypeSet::AllExcept(BTreeSet::new())
    }

    /// No event type.
    pub fn none() -> Self {
        EvtTypeSet::Only(BTreeSet::new())
    }

    /// The set holding exactly `names`.
    pub fn only<I: IntoIterator<Item = S>, S: Into<String>>(names: I) -> Self {
        EvtTypeSet::Only(names.into_iter().map(Into::into).collect())
    }

    /// True if the set contains every event type.
    pub fn is_all(&self) -> bool {
        matches!(self, EvtTypeSet::AllExcept(s) if s.is_empty())
    }

    /// True if the set is empty (the condition can never be true).
    pub fn is_empty(&self) -> bool {
        matches!(self, EvtTypeSet::Only(s) if s.is_empty())
    }

    /// True if events named `name` are in the set.
    pub fn contains(&self, name: &str) -> bool {
        match self {
            EvtTypeSet::Only(s) => s.contains(name),
            EvtTypeSet::AllExcept(s) => !s.contains(name),
        }
    }

    /// The complement.
    pub fn complement(self) -> Self {
        match self {
            EvtTypeSet::Only(s) => EvtTypeSet::AllExcept(s),
            EvtTypeSet::AllExcept(s) => EvtTypeSet::Only(s),
        }
    }

    /// The intersection.
    pub fn intersect(&self, other: &EvtTypeSet) -> Self {
        use EvtTypeSet::{AllExcept, Only};
        match (self, other) {
            (Only(a), Only(b)) => Only(a.intersection(b).cloned().collect()),
            (Only(a), AllExcept(b)) | (AllExcept(b), Only(a)) => Only(a.difference(b).cloned().collect()),
            (AllExcept(a), AllExcept(b)) => AllExcept(a.union(b).cloned().collect()),
        }
    }

    /// The union.
    pub fn union(&self, other: &EvtTypeSet) -> Self {
        use EvtTypeSet::{AllExcept, Only};
        match (self, other) {
            (Only(a), Only(b)) => Only(a.union(b).cloned().collect()),
            (Only(a), AllExcept(b)) | (AllExcept(b), Only(a)) => AllExcept(b.difference(a).cloned().collect()),
            (AllExcept(a), AllExcept(b)) => AllExcept(a.intersection(b).cloned().collect()),
        }
    }
}

/// Conditions the inference cannot handle (libsinsp rejects them the same way).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum EvtTypeError {
    /// A transformer applied to `evt.type`/`syscall.type` (`tolower(evt.type) = open`).
    #[error("event code search does not support `evt.type` checks with transformers")]
    TransformerOnEvtType {
        /// The transformer node.
        span: Span,
    },
    /// `evt.type` compared with a field or transformer (`evt.type = val(proc.name)`).
    #[error("right-hand field comparisons on `evt.type`/`syscall.type` checks are not supported by event code search")]
    FieldComparison {
        /// The check node.
        span: Span,
    },
}

/// The event types for which `expr` (macro-expanded) can be true.
pub fn infer_event_types(expr: &Expr) -> Result<EvtTypeSet, EvtTypeError> {
    let mut v = Inference {
        is_evttype_field: false,
        is_field_or_transformer: true,
        negated: false,
        has_codes: false,
        codes: EvtTypeSet::none(),
    };
    v.visit(expr, false)?;
    Ok(v.codes)
}

/// What the invariant of `evt.num` (always >= 1) says about a check.
enum Invariant {
    Empty,
    All,
    Unknown,
}

/// `sscanf("%llu%c")` semantics: optional leading spaces and sign, decimal digits, nothing after
/// (a NUL byte ends the string). Negative values wrap; overflow saturates.
fn parse_u64_like_scanf(s: &str) -> Option<u64> {
    let s = s.split('\0').next().unwrap_or_default();
    let t = s.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '\u{b}');
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits.bytes().fold(0u64, |acc, b| acc.saturating_mul(10).saturating_add(u64::from(b - b'0')));
    Some(if neg && magnitude != u64::MAX { magnitude.wrapping_neg() } else { magnitude })
}

fn evt_num_invariant(left: &Expr, op: &str, right: &Expr) -> Invariant {
    match &left.kind {
        ExprKind::Field { name, arg: None } if name == "evt.num" => {}
        _ => return Invariant::Unknown,
    }
    if op == "in" {
        let ExprKind::List(values) = &right.kind else {
            return Invariant::Unknown;
        };
        if values.iter().all(|v| parse_u64_like_scanf(v) == Some(0)) {
            return Invariant::Empty;
        }
        return Invariant::Unknown;
    }
    let ExprKind::Value(v) = &right.kind else {
        return Invariant::Unknown;
    };
    let Some(n) = parse_u64_like_scanf(v) else {
        return Invariant::Unknown;
    };
    match op {
        "=" | "==" if n == 0 => Invariant::Empty,
        "!=" if n == 0 => Invariant::All,
        "<" if n <= 1 => Invariant::Empty,
        "<=" if n == 0 => Invariant::Empty,
        ">" if n == 0 => Invariant::All,
        ">=" if n <= 1 => Invariant::All,
        _ => Invariant::Unknown,
    }
}

/// The traversal state, mirroring libsinsp's visitor so that results and errors match it.
struct Inference {
    /// The last visited node was a plain `evt.type`/`syscall.type` field.
    is_evttype_field: bool,
    /// The last visited right-hand side was a field or transformer.
    is_field_or_transformer: bool,
    /// Inside an odd number of `not`.
    negated: bool,
    /// The last leaf narrows event types (so negation complements it).
    has_codes: bool,
    /// The set computed for the last visited node.
    codes: EvtTypeSet,
}

impl Inference {
    fn invert(&mut self) {
        if self.has_codes {
            self.codes = std::mem::replace(&mut self.codes, EvtTypeSet::none()).complement();
        }
    }

    fn invert_if_negated(&mut self) {
        if self.negated {
            self.invert();
        }
    }

    fn leaf(&mut self, has_codes: bool, codes: EvtTypeSet) {
        self.has_codes = has_codes;
        self.codes = codes;
        self.is_evttype_field = false;
        self.invert_if_negated();
    }

    fn combine(&mut self, children: &[Expr], intersect: bool) -> Result<(), EvtTypeError> {
        let mut acc = if intersect { EvtTypeSet::all() } else { EvtTypeSet::none() };
        for c in children {
            self.visit(c, false)?;
            acc = if intersect { acc.intersect(&self.codes) } else { acc.union(&self.codes) };
        }
        self.codes = acc;
        self.is_evttype_field = false;
        Ok(())
    }

    /// Visits a node; `rhs` marks the right-hand side of a check, where an identifier is a value.
    fn visit(&mut self, expr: &Expr, rhs: bool) -> Result<(), EvtTypeError> {
        match &expr.kind {
            ExprKind::And(children) => self.combine(children, !self.negated)?,
            ExprKind::Or(children) => self.combine(children, self.negated)?,
            ExprKind::Not(child) => {
                self.codes = EvtTypeSet::none();
                self.negated = !self.negated;
                let r = self.visit(child, false);
                self.negated = !self.negated;
                r?;
                self.is_evttype_field = false;
            }
            ExprKind::BinaryCheck { left, op, right } => self.binary(expr, left, op, right)?,
            ExprKind::UnaryCheck { left, op } => {
                self.visit(left, false)?;
                let narrows = self.is_evttype_field && op == "exists";
                self.leaf(narrows, EvtTypeSet::all());
            }
            ExprKind::Identifier(name) if rhs => self.leaf(true, EvtTypeSet::only([name.as_str()])),
            ExprKind::Identifier(_) => self.leaf(false, EvtTypeSet::all()),
            ExprKind::Value(v) => self.leaf(true, EvtTypeSet::only([v.as_str()])),
            ExprKind::List(values) => self.leaf(true, EvtTypeSet::only(values.iter().map(String::as_str))),
            ExprKind::TransformerList(children) => {
                for c in children {
                    self.visit(c, false)?;
                }
            }
            ExprKind::Field { name, arg } => {
                self.has_codes = false;
                self.is_field_or_transformer = true;
                self.is_evttype_field = (name == "evt.type" || name == "syscall.type") && arg.is_none();
                self.codes = EvtTypeSet::all();
                self.invert_if_negated();
            }
            ExprKind::Transformer { values, .. } => {
                for c in values {
                    self.visit(c, false)?;
                    if self.is_evttype_field {
                        return Err(EvtTypeError::TransformerOnEvtType { span: expr.span });
                    }
                }
                self.is_field_or_transformer = true;
            }
        }
        Ok(())
    }

    fn binary(&mut self, check: &Expr, left: &Expr, op: &str, right: &Expr) -> Result<(), EvtTypeError> {
        self.has_codes = false;
        match evt_num_invariant(left, op, right) {
            Invariant::Empty => {
                self.leaf(true, EvtTypeSet::none());
                return Ok(());
            }
            Invariant::All => {
                self.leaf(true, EvtTypeSet::all());
                return Ok(());
            }
            Invariant::Unknown => {}
        }
        if matches!(op, "==" | "=" | "!=" | "in") {
            self.visit(left, false)?;
            if self.is_evttype_field {
                self.is_field_or_transformer = false;
                self.visit(right, true)?;
                if self.is_field_or_transformer {
                    return Err(EvtTypeError::FieldComparison { span: check.span });
                }
                if op == "!=" {
                    self.invert();
                }
                self.is_evttype_field = false;
                return Ok(());
            }
        }
        self.codes = EvtTypeSet::all();
        self.is_evttype_field = false;
        self.invert_if_negated();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_algebra_is_closed() {
        let a = EvtTypeSet::only(["open", "close"]);
        let not_open = EvtTypeSet::only(["open"]).complement();
        assert_eq!(a.intersect(&not_open), EvtTypeSet::only(["close"]));
        assert_eq!(a.union(&not_open), EvtTypeSet::all());
        assert!(EvtTypeSet::all().complement().is_empty());
        assert!(not_open.contains("read") && !not_open.contains("open"));
    }

    #[test]
    fn scanf_number_rules() {
        assert_eq!(parse_u64_like_scanf("0"), Some(0));
        assert_eq!(parse_u64_like_scanf("-0"), Some(0));
        assert_eq!(parse_u64_like_scanf("-1"), Some(u64::MAX));
        assert_eq!(parse_u64_like_scanf("0x0"), None);
        assert_eq!(parse_u64_like_scanf("1.5"), None);
        assert_eq!(parse_u64_like_scanf(" 7"), Some(7));
    }
}

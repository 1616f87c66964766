//! A rule condition's necessary condition on open-family events, as clauses over the opened path
//! and the open flags ([`OpenClause`]): what the kernel can test before it sends an open.
//!
//! Place in the data flow: expanded condition (once per rule and open type) → **clauses** → the
//! rule set's kernel filter. Nothing here runs per event.
//!
//! The abstraction is sound, not exact: every event the condition matches satisfies the result.
//! `and` intersects, `or` unites, `not` and every test the kernel cannot make give "no
//! constraint" (checks that decide the event type are evaluated for the type at hand, so
//! `not evt.type = openat` is false on openat). Path tests are on `fd.name`, `fd.nameraw`,
//! `evt.arg.name` (equal to the path as passed for the plain absolute paths the kernel filters,
//! see [`path_is_plain`](syssentry_event::kernel_filter::path_is_plain)), `fd.directory`
//! and `fd.filename`, with `=`, `in`, `startswith`, `endswith`, `glob` and `pmatch`.
//! Case-insensitive operators, `contains`, regular expressions and transformers give no
//! constraint.

use syssentry_event::kernel_filter::{features_of, needs, PathPattern, MAX_CLAUSES};
use syssentry_event::EventType;

use super::checks::{constants, type_decided};
use crate::fields::{resolve, FieldArg};
use crate::fields::registry::F;
use crate::filter::ast::{Expr, ExprKind};

/// One alternative: a path pattern and required open flags ([`needs`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Clause {
    pub path: PathPattern,
    pub needs: u8,
}

/// A necessary condition: nothing passes, some clauses, or no constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cond {
    Never,
    Clauses(Vec<Clause>),
    Any,
}

impl Cond {
    fn one(path: PathPattern, need: u8) -> Cond {
        Cond::Clauses(vec![Clause { path, needs: need }])
    }

    fn paths(paths: impl IntoIterator<Item = PathPattern>) -> Cond {
        let mut v: Vec<Clause> = paths
            .into_iter()
            .filter(PathPattern::can_match_absolute)
            .map(|path| Clause { path, needs: 0 })
            .collect();
        v.sort();
        v.dedup();
        if v.is_empty() {
            Cond::Never
        } else if v.len() > MAX_CLAUSES {
            Cond::Any
        } else {
            Cond::Clauses(v)
        }
    }

    /// Both must hold. When the product grows past [`MAX_CLAUSES`] the left side alone is kept
    /// (still necessary).
    fn and(self, other: Cond) -> Cond {
        match (self, other) {
            (Cond::Never, _) | (_, Cond::Never) => Cond::Never,
            (Cond::Any, x) | (x, Cond::Any) => x,
            (Cond::Clauses(a), Cond::Clauses(b)) => {
                let mut out = Vec::new();
                for x in &a {
                    for y in &b {
                        if let Some(path) = x.path.intersect(&y.path) {
                            out.push(Clause { path, needs: x.needs | y.needs });
                        }
                    }
                }
                out.sort();
                out.dedup();
                if out.is_empty() {
                    Cond::Never
                } else if out.len() > MAX_CLAUSES {
                    Cond::Clauses(a)
                } else {
                    Cond::Clauses(out)
                }
            }
        }
    }

    /// Either holds.
    fn or(self, other: Cond) -> Cond {
        match (self, other) {
            (Cond::Any, _) | (_, Cond::Any) => Cond::Any,
            (Cond::Never, x) | (x, Cond::Never) => x,
            (Cond::Clauses(mut a), Cond::Clauses(b)) => {
                a.extend(b);
                a.sort();
                a.dedup();
                if a.len() > MAX_CLAUSES {
                    Cond::Any
                } else {
                    Cond::Clauses(a)
                }
            }
        }
    }
}

/// The abstraction of a sub-condition: a necessary condition, and whether it is true for
/// every event of the type (only `evt.type` checks can say so).
struct Abs {
    cond: Cond,
    always: bool,
}

impl Abs {
    fn any() -> Abs {
        Abs { cond: Cond::Any, always: false }
    }
    fn decided(v: bool) -> Abs {
        if v {
            Abs { cond: Cond::Any, always: true }
        } else {
            Abs { cond: Cond::Never, always: false }
        }
    }
}

/// The necessary condition of `expr` (macro-expanded) on events of the open-family type `ty`.
pub(crate) fn open_condition(expr: &Expr, ty: EventType) -> Cond {
    abs(expr, ty).cond
}

fn abs(e: &Expr, ty: EventType) -> Abs {
    match &e.kind {
        ExprKind::And(c) => {
            let mut cond = Cond::Any;
            let mut always = true;
            for x in c {
                let a = abs(x, ty);
                always &= a.always;
                cond = cond.and(a.cond);
            }
            Abs { cond, always }
        }
        ExprKind::Or(c) => {
            let mut cond = Cond::Never;
            let mut always = false;
            for x in c {
                let a = abs(x, ty);
                always |= a.always;
                cond = cond.or(a.cond);
            }
            Abs { cond, always }
        }
        ExprKind::Not(x) => {
            let a = abs(x, ty);
            if a.always {
                Abs::decided(false)
            } else if a.cond == Cond::Never {
                Abs::decided(true)
            } else {
                Abs::any()
            }
        }
        ExprKind::BinaryCheck { left, op, right } => check(e, left, op, right, ty),
        _ => Abs::any(),
    }
}

/// The path a field reads on an open-family event.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PathField {
    /// The whole path (`fd.name`, `fd.nameraw`, `evt.arg.name`).
    Name,
    /// Everything before the last `/` (`fd.directory`).
    Directory,
    /// Everything after it (`fd.filename`).
    Filename,
}

fn check(e: &Expr, left: &Expr, op: &str, right: &Expr, ty: EventType) -> Abs {
    if let Some(v) = type_decided(e, ty) {
        return Abs::decided(v);
    }
    let ExprKind::Field { name, arg } = &left.kind else {
        return Abs::any();
    };
    let Some(vals) = constants(right) else {
        return Abs::any();
    };
    if name == "evt.type" {
        return Abs::any();
    }
    let Ok(field) = resolve(name, arg.as_deref()) else {
        return Abs::any();
    };
    let pf = match field.id.f() {
        F::FdName | F::FdNameraw => PathField::Name,
        F::FdDirectory => PathField::Directory,
        F::FdFilename => PathField::Filename,
        F::EvtArg | F::EvtRawarg => match &field.arg {
            FieldArg::Param(p) if p.name() == "name" => PathField::Name,
            FieldArg::Param(p) if p.name() == "flags" && field.id.f() == F::EvtArg => {
                return flags_check(op, &vals, ty);
            }
            _ => return Abs::any(),
        },
        F::EvtIsOpenRead | F::EvtIsOpenWrite => {
            // creat is never read or write here (only exec); openat2's flags are not
            // tested in the kernel: no constraint on either.
            if !matches!(ty, EventType::OPEN | EventType::OPENAT) || !matches!(op, "=" | "==") || vals != ["true"] {
                return Abs::any();
            }
            let need = if field.id.f() == F::EvtIsOpenRead { needs::READ } else { needs::WRITE };
            return Abs { cond: Cond::one(PathPattern::any(), need), always: false };
        }
        _ => return Abs::any(),
    };
    let pats: Option<Vec<PathPattern>> = vals.iter().map(|v| pattern(pf, op, v.as_bytes())).collect();
    match pats {
        Some(p) if op == "in" || op == "pmatch" || vals.len() == 1 => Abs { cond: Cond::paths(p), always: false },
        _ => Abs::any(),
    }
}

/// `evt.arg.flags contains <name>` for the flags the kernel tests (no other flag name holds
/// these names, so a substring test is a test of the flag).
fn flags_check(op: &str, vals: &[&str], ty: EventType) -> Abs {
    if op != "contains" || vals.len() != 1 || !matches!(ty, EventType::OPEN | EventType::OPENAT) {
        return Abs::any();
    }
    let need = match vals[0] {
        "O_CREAT" => needs::CREAT,
        "O_TRUNC" => needs::TRUNC,
        "O_APPEND" => needs::APPEND,
        _ => return Abs::any(),
    };
    Abs { cond: Cond::one(PathPattern::any(), need), always: false }
}

/// The paths of which `field op value` can be true, `None` for "any path".
fn pattern(field: PathField, op: &str, v: &[u8]) -> Option<PathPattern> {
    Some(match (field, op) {
        (PathField::Name, "=" | "==" | "in") => PathPattern::exact(v),
        (PathField::Name, "startswith" | "pmatch") => PathPattern::prefix(v),
        (PathField::Name, "endswith") => PathPattern::suffix(v),
        (PathField::Name, "contains") if features_of(v) != 0 => PathPattern::with_features(features_of(v)),
        (PathField::Name, "glob") => {
            let (head, tail) = glob_literals(v);
            match tail {
                None => PathPattern::exact(v),
                Some(t) => PathPattern {
                    prefix: head.to_vec(),
                    exact: false,
                    suffix: t.to_vec(),
                    features: glob_features(v),
                },
            }
        }
        // `fd.directory` is the path up to its last `/` (`/` for a top-level entry).
        (PathField::Directory, "=" | "==" | "in") => {
            if v == b"/" || v.ends_with(b"/") {
                PathPattern::prefix(v)
            } else {
                let mut p = v.to_vec();
                p.push(b'/');
                PathPattern::prefix(&p)
            }
        }
        (PathField::Directory, "startswith" | "pmatch") => PathPattern::prefix(v),
        (PathField::Directory, "glob") => PathPattern::prefix(glob_literals(v).0),
        // `fd.filename` is the path after its last `/`.
        (PathField::Filename, "=" | "==" | "in") => {
            let mut s = b"/".to_vec();
            s.extend_from_slice(v);
            PathPattern::suffix(&s)
        }
        (PathField::Filename, "endswith") => PathPattern::suffix(v),
        (PathField::Filename, "glob") => match glob_literals(v).1 {
            None => {
                let mut s = b"/".to_vec();
                s.extend_from_slice(v);
                PathPattern::suffix(&s)
            }
            Some(t) => PathPattern::suffix(t),
        },
        _ => return None,
    })
}

/// The [`features`](syssentry_event::kernel_filter::features) every path a glob matches has:
/// those of its literal runs.
fn glob_features(g: &[u8]) -> u8 {
    let mut f = 0;
    let mut run_start = 0;
    let mut i = 0;
    while i < g.len() {
        match g[i] {
            b'*' | b'?' | b'\\' => {
                f |= features_of(&g[run_start..i]);
                run_start = i + 1;
            }
            b'[' => {
                f |= features_of(&g[run_start..i]);
                // a class ends at the first `]` after its first character
                let end = g[i + 1..].iter().skip(1).position(|c| *c == b']').map(|p| i + 2 + p);
                i = end.unwrap_or(g.len());
                run_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    f | features_of(&g[run_start.min(g.len())..])
}

/// A glob's literal head (before its first metacharacter) and tail (after its last one);
/// the tail is `None` when the glob has no metacharacter. `\` counts as one, conservatively.
fn glob_literals(g: &[u8]) -> (&[u8], Option<&[u8]>) {
    let meta = |c: &u8| matches!(c, b'*' | b'?' | b'[' | b'\\');
    match (g.iter().position(meta), g.iter().rposition(meta)) {
        (Some(first), Some(last)) => (&g[..first], Some(&g[last + 1..])),
        _ => (g, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse::parse;
    use syssentry_event::kernel_filter::features;

    fn cond(text: &str, ty: EventType) -> Cond {
        open_condition(&parse(text).unwrap(), ty)
    }

    fn clauses(text: &str) -> Vec<Clause> {
        match cond(text, EventType::OPENAT) {
            Cond::Clauses(c) => c,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn event_type_checks_decide() {
        assert_eq!(cond("evt.type = connect and fd.name = /x", EventType::OPENAT), Cond::Never);
        assert_eq!(cond("not evt.type = openat", EventType::OPENAT), Cond::Never);
        assert_eq!(cond("not evt.type = open", EventType::OPENAT), Cond::Any);
        assert_eq!(cond("evt.type in (open, openat) or fd.name = /x", EventType::OPENAT), Cond::Any);
        assert_eq!(cond("evt.type in (open, creat) or fd.name = /x", EventType::OPENAT).clone(), Cond::Clauses(vec![Clause { path: PathPattern::exact(b"/x"), needs: 0 }]));
    }

    #[test]
    fn sensitive_files_narrow_to_names() {
        let c = clauses(
            "evt.type = openat and evt.is_open_read = true and fd.name startswith /etc \
             and (fd.name in (/etc/shadow, /etc/sudoers) or fd.directory in (/etc/pam.d))",
        );
        assert_eq!(
            c,
            vec![
                Clause { path: PathPattern::prefix(b"/etc/pam.d/"), needs: needs::READ },
                Clause { path: PathPattern::exact(b"/etc/shadow"), needs: needs::READ },
                Clause { path: PathPattern::exact(b"/etc/sudoers"), needs: needs::READ },
            ]
        );
    }

    #[test]
    fn globs_suffixes_flags() {
        assert_eq!(
            clauses("fd.name glob /proc/*/environ"),
            vec![Clause {
                path: PathPattern { prefix: b"/proc/".to_vec(), exact: false, suffix: b"/environ".to_vec(), features: 0 },
                needs: 0
            }]
        );
        assert_eq!(
            clauses("evt.arg.flags contains O_TRUNC and fd.filename in (.bash_history)"),
            vec![Clause { path: PathPattern::suffix(b"/.bash_history"), needs: needs::TRUNC }]
        );
        assert_eq!(cond("evt.arg.flags contains O_TRUNC", EventType::OPENAT2), Cond::Any);
        assert_eq!(cond("fd.name icontains shadow", EventType::OPENAT), Cond::Any);
        assert_eq!(cond("not fd.name startswith /etc", EventType::OPENAT), Cond::Any);
        assert_eq!(cond("fd.name = relative", EventType::OPENAT), Cond::Never);
        assert_eq!(cond("tolower(fd.name) = /etc", EventType::OPENAT), Cond::Any);
        assert_eq!(glob_features(b"*../*../*"), features::DOTDOT_SLASH);
        assert_eq!(glob_features(b"*[../]*"), 0);
        assert_eq!(glob_features(b"*.\\./*"), 0);
        assert_eq!(
            clauses("fd.nameraw contains '../' and fd.name contains id_rsa"),
            vec![Clause { path: PathPattern::with_features(features::DOTDOT_SLASH), needs: 0 }]
        );
    }
}

//! The matching walk: pattern elements (`*`, `?`, literals, brackets) against a value, with two
//! cursors and only the last `*` remembered (the classic backtracking scheme: at most
//! O(pattern × value) steps, no recursion, no allocation). One walk serves both forms of a
//! pattern: a compiled [`Glob`](super::Glob) (elements decoded once, bracket tables) and a
//! pattern given at run time ([`matches_pattern`]: elements decoded as the walk reaches them,
//! brackets read per byte).
//!
//! Place in the data flow: evaluator (per event) → **walk** → match or not.

use super::bracket::{Pat, FAIL, LITERAL};
use crate::filter::ops::text::c_str;

/// One element of a pattern, at a pattern position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Elem {
    /// `*`.
    Star,
    /// `?`.
    Any,
    /// A literal byte (already folded for `iglob`) and the position after it.
    Lit { byte: u8, next: u32 },
    /// A trailing lone backslash: matches nothing.
    Never,
    /// A `[` with an outcome table: index into the compiled pattern's tables.
    Bracket(u32),
    /// A `[` whose outcome is worked out per byte while matching (patterns given at run time,
    /// and compiled patterns once the compile-time budget is spent, so that hostile
    /// bracket-dense patterns cannot stall compilation).
    LazyBracket,
    /// A position no match can reach (inside a terminated bracket).
    Unreachable,
}

/// The element at pattern position `p` (< the pattern's length), brackets left to be read per
/// byte ([`Elem::LazyBracket`]).
pub(super) fn decode(pat: Pat<'_>, p: usize) -> Elem {
    match pat.pat[p] {
        b'*' => Elem::Star,
        b'?' => Elem::Any,
        b'\\' => match pat.pat.get(p + 1) {
            Some(&b) => Elem::Lit {
                byte: pat.fold(b),
                next: (p + 2) as u32,
            },
            None => Elem::Never,
        },
        b'[' => Elem::LazyBracket,
        b => Elem::Lit {
            byte: pat.fold(b),
            next: (p + 1) as u32,
        },
    }
}

/// Where the walk reads a pattern's elements from.
pub(super) trait Elements {
    /// Number of pattern positions.
    fn len(&self) -> usize;
    /// The element at position `p` (< [`Elements::len`]).
    fn elem(&self, p: usize) -> Elem;
    /// The outcome of the bracket table `t` ([`Elem::Bracket`]) for the value byte `b`.
    fn table(&self, t: u32, b: u8) -> u32;
    /// The pattern text, for brackets read per byte.
    fn pat(&self) -> Pat<'_>;
}

/// A pattern given at run time: elements decoded where the walk reaches them.
struct Text<'p>(Pat<'p>);

impl Elements for Text<'_> {
    #[inline(always)]
    fn len(&self) -> usize {
        self.0.pat.len()
    }

    #[inline(always)]
    fn elem(&self, p: usize) -> Elem {
        decode(self.0, p)
    }

    #[inline(always)]
    fn table(&self, _t: u32, _b: u8) -> u32 {
        // `decode` never yields `Elem::Bracket`.
        FAIL
    }

    #[inline(always)]
    fn pat(&self) -> Pat<'_> {
        self.0
    }
}

/// `glob` (`casefold == false`) or `iglob` (`casefold == true`) of `pattern` against `value`,
/// both seen as C strings, with the semantics of [`Glob`](super::Glob) (glibc `fnmatch`) but
/// without compiling the pattern: nothing is allocated, and each bracket the walk meets is read
/// again for the byte at hand. For patterns known only while evaluating; a constant pattern is
/// compiled once into a [`Glob`](super::Glob) instead.
pub fn matches_pattern(pattern: &[u8], value: &[u8], casefold: bool) -> bool {
    walk(
        &Text(Pat {
            pat: c_str(pattern),
            fold: casefold,
        }),
        value,
    )
}

/// Matches a value (seen as a C string) against the whole pattern.
#[inline]
pub(super) fn walk<E: Elements>(elems: &E, value: &[u8]) -> bool {
    let s = c_str(value);
    let end = elems.len();
    let casefold = elems.pat().fold;
    let fold = |b: u8| {
        if casefold {
            b.to_ascii_lowercase()
        } else {
            b
        }
    };
    let (mut p, mut n) = (0usize, 0usize);
    // Pattern position after the last `*` seen, and the value position it was tried at.
    let mut star: Option<(usize, usize)> = None;
    loop {
        let step = if p == end {
            if n == s.len() {
                return true;
            }
            None
        } else {
            match elems.elem(p) {
                Elem::Star => {
                    if p + 1 == end {
                        return true;
                    }
                    star = Some((p + 1, n));
                    Some((p + 1, n))
                }
                _ if n == s.len() => None,
                Elem::Any => Some((p + 1, n + 1)),
                Elem::Lit { byte, next } => (fold(s[n]) == byte).then_some((next as usize, n + 1)),
                Elem::Bracket(t) => match elems.table(t, s[n]) {
                    FAIL => None,
                    LITERAL => Some((p + 1, n + 1)),
                    next => Some((next as usize, n + 1)),
                },
                Elem::LazyBracket => match elems.pat().bracket_outcome(p, s[n]) {
                    FAIL => None,
                    LITERAL => Some((p + 1, n + 1)),
                    next => Some((next as usize, n + 1)),
                },
                Elem::Never | Elem::Unreachable => None,
            }
        };
        match step {
            Some((np, nn)) => (p, n) = (np, nn),
            None => match star {
                Some((sp, sn)) if sn < s.len() => {
                    star = Some((sp, sn + 1));
                    (p, n) = (sp, sn + 1);
                }
                _ => return false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::matches_pattern;

    fn g(p: &str, s: &str) -> bool {
        matches_pattern(p.as_bytes(), s.as_bytes(), false)
    }

    /// The cases of the matcher `container.mount.*[pattern]` had before it used this one.
    #[test]
    fn mount_path_globs() {
        assert!(g("/proc*", "/proc"));
        assert!(g("/proc*", "/proc/sys/kernel"));
        assert!(g("/var/run/docker.sock", "/var/run/docker.sock"));
        assert!(!g("/root*", "/home/root"));
        assert!(g("/a/?/c", "/a/b/c"));
        assert!(g("/x[0-9]", "/x5"));
        assert!(!g("/x[!0-9]", "/x5"));
        assert!(g("*", ""));
        assert!(!g("a", ""));
    }

    #[test]
    fn escapes_brackets_and_casefold() {
        assert!(g("\\*", "*"));
        assert!(!g("\\*", "a"));
        assert!(!g("\\", "\\"));
        assert!(g("[", "["));
        assert!(g("[]]", "]"));
        assert!(g("[[:alpha:]]", "a"));
        assert!(!g("[[:foo:]]", "a"));
        assert!(g("x", "x\0y"));
        assert!(matches_pattern(b"[A-Z]*", b"abc", true));
        assert!(!matches_pattern(b"[A-Z]*", b"abc", false));
    }
}

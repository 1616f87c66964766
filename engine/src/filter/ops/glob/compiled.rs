//! [`Glob`]: a `glob`/`iglob` pattern decoded once, every reachable bracket turned into a
//! 256-entry outcome table (within a work budget; brackets beyond it are read per byte).
//!
//! Place in the data flow: condition compiler (**compiles** each constant pattern once) →
//! evaluator ([`Glob::matches`] per event, through the shared [`walk`](super::walk)).

use super::bracket::{undecided_outcome, Member, Pat, Skip, SkipEnd, FAIL, LITERAL};
use super::walk::{decode, walk, Elem, Elements};
use crate::filter::ops::text::c_str;

/// A compiled `glob`/`iglob` pattern.
#[derive(Debug, Clone)]
pub struct Glob {
    /// One element per pattern byte position (a bracket's literal fallback resumes in the middle
    /// of its own text, so any position may be an element start).
    elems: Box<[Elem]>,
    /// Outcome tables of the bracket elements, indexed by `Elem::Bracket`.
    tables: Box<[[u32; 256]]>,
    casefold: bool,
    pattern: Box<[u8]>,
}

impl Glob {
    /// Compiles `pattern` for `glob` (`casefold == false`) or `iglob` (`casefold == true`).
    ///
    /// Every pattern is valid (malformed pieces simply fail to match, as in `fnmatch`). The
    /// pattern is used up to its first NUL, like a C string.
    pub fn new(pattern: &[u8], casefold: bool) -> Glob {
        Glob::with_budget(pattern, casefold, COMPILE_BUDGET)
    }

    fn with_budget(pattern: &[u8], casefold: bool, budget: usize) -> Glob {
        let pattern = c_str(pattern);
        let mut builder = Builder {
            pat: Pat {
                pat: pattern,
                fold: casefold,
            },
            elems: vec![Elem::Unreachable; pattern.len()],
            tables: Vec::new(),
            skip_memo: vec![None; pattern.len() + 1],
            budget,
        };
        builder.build();
        Glob {
            elems: builder.elems.into_boxed_slice(),
            tables: builder.tables.into_boxed_slice(),
            casefold,
            pattern: pattern.into(),
        }
    }

    /// The pattern text as compiled.
    pub fn pattern(&self) -> &[u8] {
        &self.pattern
    }

    /// Whether this is an `iglob` (case-folding) pattern.
    pub fn is_casefold(&self) -> bool {
        self.casefold
    }

    /// Matches a value (seen as a C string) against the whole pattern.
    pub fn matches(&self, value: &[u8]) -> bool {
        walk(self, value)
    }
}

impl Elements for Glob {
    #[inline(always)]
    fn len(&self) -> usize {
        self.elems.len()
    }

    #[inline(always)]
    fn elem(&self, p: usize) -> Elem {
        self.elems[p]
    }

    #[inline(always)]
    fn table(&self, t: u32, b: u8) -> u32 {
        self.tables[t as usize][usize::from(b)]
    }

    #[inline(always)]
    fn pat(&self) -> Pat<'_> {
        Pat {
            pat: &self.pattern,
            fold: self.casefold,
        }
    }
}

/// Work units (pattern bytes read, byte values tested) spent on bracket tables before the
/// remaining brackets are left to be worked out while matching.
const COMPILE_BUDGET: usize = 1 << 22;

struct Builder<'p> {
    pat: Pat<'p>,
    elems: Vec<Elem>,
    tables: Vec<[u32; 256]>,
    /// Memo of skipping the rest of a matched bracket, per start position.
    skip_memo: Vec<Option<SkipEnd>>,
    budget: usize,
}

impl Builder<'_> {
    /// Decodes every pattern position reachable from the start.
    fn build(&mut self) {
        let len = self.pat.pat.len();
        let mut seen = vec![false; len];
        let mut todo = vec![0usize];
        let mut lazy = false;
        while let Some(p) = todo.pop() {
            if p >= len || seen[p] {
                continue;
            }
            seen[p] = true;
            let elem = self.decode(p);
            self.elems[p] = elem;
            match elem {
                Elem::Star | Elem::Any => todo.push(p + 1),
                Elem::Lit { next, .. } => todo.push(next as usize),
                Elem::Bracket(t) => {
                    let mut nexts: Vec<usize> = self.tables[t as usize]
                        .iter()
                        .filter_map(|&o| match o {
                            FAIL => None,
                            LITERAL => Some(p + 1),
                            next => Some(next as usize),
                        })
                        .collect();
                    nexts.sort_unstable();
                    nexts.dedup();
                    todo.extend(nexts);
                }
                Elem::LazyBracket => lazy = true,
                Elem::Never | Elem::Unreachable => {}
            }
        }
        if lazy {
            // Where a lazy bracket continues is only known per byte: decode everything left.
            let unseen: Vec<usize> = (0..len).filter(|&p| !seen[p]).collect();
            for p in unseen {
                self.elems[p] = self.decode(p);
            }
        }
    }

    /// The element at `p`, with an outcome table for a bracket while the budget lasts.
    fn decode(&mut self, p: usize) -> Elem {
        match decode(self.pat, p) {
            Elem::LazyBracket => match self.bracket_table(p) {
                Some(table) => {
                    self.tables.push(table);
                    Elem::Bracket((self.tables.len() - 1) as u32)
                }
                None => Elem::LazyBracket,
            },
            elem => elem,
        }
    }

    /// The outcome of the bracket opening at `open` for every byte value, or `None` once the
    /// compile budget is spent.
    fn bracket_table(&mut self, open: usize) -> Option<[u32; 256]> {
        if self.budget == 0 {
            return None;
        }
        let pat = self.pat;
        let mut table = [FAIL; 256];
        let mut decided = [false; 256];
        decided[0] = true; // values are C strings: NUL never reaches a bracket
        let mut undecided = 255usize;
        let mut matched: Vec<(u8, usize)> = Vec::new();
        let mut work = 0usize;
        let (negated, end, read_to) = pat.read_bracket(open, &mut |member, skip_from| {
            let mut mark = |b: u8| {
                if !decided[usize::from(b)] && member.matches(b, pat.fold(b)) {
                    decided[usize::from(b)] = true;
                    undecided -= 1;
                    matched.push((b, skip_from));
                }
            };
            match member {
                Member::Folded(c) | Member::Raw(c) => {
                    work += 3;
                    for b in [c, c.to_ascii_uppercase(), c.to_ascii_lowercase()] {
                        mark(b);
                    }
                }
                Member::Range(..) | Member::Class(_) => {
                    work += 255;
                    for b in 1..=255u8 {
                        mark(b);
                    }
                }
            }
            undecided == 0
        });
        work += read_to.saturating_sub(open);
        self.budget = self.budget.saturating_sub(work);
        for (b, skip_from) in matched {
            let rest = self.skip_rest(skip_from);
            table[usize::from(b)] = match rest {
                SkipEnd::Closed(after) if !negated => after as u32,
                SkipEnd::Unterminated if b == b'[' => LITERAL,
                _ => FAIL,
            };
        }
        for b in 1..=255u8 {
            if decided[usize::from(b)] {
                continue;
            }
            table[usize::from(b)] = undecided_outcome(negated, end, b);
        }
        Some(table)
    }

    /// [`Pat::skip_rest`], memoised per start position.
    fn skip_rest(&mut self, from: usize) -> SkipEnd {
        let mut path = Vec::new();
        let mut p = from;
        let result = loop {
            if let Some(Some(done)) = self.skip_memo.get(p) {
                break *done;
            }
            path.push(p);
            match self.pat.skip_step(p) {
                Skip::Done(end) => break end,
                Skip::Next(q) => p = q,
            }
        };
        for q in path {
            if let Some(slot) = self.skip_memo.get_mut(q) {
                *slot = Some(result);
            }
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(p: &str, s: &str) -> bool {
        Glob::new(p.as_bytes(), false).matches(s.as_bytes())
    }

    #[test]
    fn basics() {
        assert!(g("*", ".hidden"));
        assert!(g("*", "a/b"));
        assert!(g("?", "/"));
        assert!(g("/etc/*", "/etc/passwd"));
        assert!(!g("/etc/*", "/etcx"));
        assert!(g("a*b*c", "aXXbYYc"));
        assert!(!g("a*b*c", "aXXbYY"));
        assert!(g("[!a]", "/"));
        assert!(g("\\*", "*"));
        assert!(!g("\\*", "a"));
        assert!(!g("\\", "\\"));
        assert!(g("[", "["));
        assert!(g("[*", "[xyz"));
        assert!(!g("[a", "a"));
        assert!(g("[]]", "]"));
        assert!(!g("[]", "]"));
        assert!(g("[]", "[]"));
        assert!(g("[[:alpha:]]", "a"));
        assert!(!g("[[:foo:]]", "a"));
        assert!(g("x", "x\0y"));
    }

    #[test]
    fn casefold() {
        let ig = |p: &str, s: &str| Glob::new(p.as_bytes(), true).matches(s.as_bytes());
        assert!(ig("ABC", "abc"));
        assert!(ig("[A-Z]", "a"));
        assert!(!ig("[[:upper:]]", "a"));
        assert!(!ig("[!a]", "A"));
        assert!(!ig("[Z-a]", "_"));
    }

    #[test]
    fn per_byte_mode_agrees_with_tables() {
        let patterns = [
            "[[",
            "[a",
            "[[:alpha:]",
            "*[!a]x",
            "[]a]*[",
            "[a-",
            "[[.a.]-c]?",
            "[\\]]",
            "[!]",
            "x[",
            "[[=[=]",
            "[[:nope:]]",
            "*[[*[[",
            "[Z-a]*",
        ];
        let values = [
            "[", "[[", "a", "[a", "]x", "b", "[:", "x[", "\\]", "A[", "_", "zz[[",
        ];
        for p in patterns {
            for fold in [false, true] {
                let tables = Glob::new(p.as_bytes(), fold);
                let lazy = Glob::with_budget(p.as_bytes(), fold, 0);
                assert!(lazy.elems.contains(&Elem::LazyBracket) || !p.contains('['));
                for v in values {
                    assert_eq!(
                        tables.matches(v.as_bytes()),
                        lazy.matches(v.as_bytes()),
                        "{p:?} {v:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn hostile_patterns_compile_quickly() {
        let start = std::time::Instant::now();
        let huge = Glob::new("[".repeat(100_000).as_bytes(), false);
        assert!(!huge.matches(b"x"));
        // Every unterminated `[` is a literal `[`.
        let g = Glob::new("[".repeat(5_000).as_bytes(), false);
        assert!(g.matches("[".repeat(5_000).as_bytes()));
        assert!(!g.matches("[".repeat(4_999).as_bytes()));
        assert!(start.elapsed() < std::time::Duration::from_secs(30));
    }

    #[test]
    fn no_exponential_backtracking() {
        let pattern = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
        let value = "a".repeat(2000);
        assert!(!g(pattern, &value));
    }
}

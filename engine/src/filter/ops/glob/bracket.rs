//! Bracket expressions (`[...]`) of `glob` patterns, read the way glibc `fnmatch` reads them:
//! member by member, with the byte-dependent outcomes described in the parent module, and the
//! outcome codes ([`FAIL`], [`LITERAL`], or the pattern position to go on at).
//!
//! Place in the data flow: used by [`Glob::new`](super::Glob::new) to precompute per-byte
//! outcome tables (compile time) and, per byte while matching, by the [`walk`](super::walk) for
//! brackets without a table (hostile bracket-dense patterns, patterns given at run time).

/// Outcome code: this byte cannot be matched here.
pub(super) const FAIL: u32 = u32::MAX;
/// Outcome code: the bracket is unterminated and the byte is `[`: match it as a literal and go
/// on with the pattern byte after it.
pub(super) const LITERAL: u32 = u32::MAX - 1;

/// A character class of the "C" locale.
#[derive(Debug, Clone, Copy)]
pub(super) enum CClass {
    Alnum,
    Alpha,
    Blank,
    Cntrl,
    Digit,
    Graph,
    Lower,
    Print,
    Punct,
    Space,
    Upper,
    Xdigit,
}

impl CClass {
    fn from_name(name: &[u8]) -> Option<CClass> {
        Some(match name {
            b"alnum" => CClass::Alnum,
            b"alpha" => CClass::Alpha,
            b"blank" => CClass::Blank,
            b"cntrl" => CClass::Cntrl,
            b"digit" => CClass::Digit,
            b"graph" => CClass::Graph,
            b"lower" => CClass::Lower,
            b"print" => CClass::Print,
            b"punct" => CClass::Punct,
            b"space" => CClass::Space,
            b"upper" => CClass::Upper,
            b"xdigit" => CClass::Xdigit,
            _ => return None,
        })
    }

    fn contains(self, b: u8) -> bool {
        match self {
            CClass::Alnum => b.is_ascii_alphanumeric(),
            CClass::Alpha => b.is_ascii_alphabetic(),
            CClass::Blank => b == b' ' || b == b'\t',
            CClass::Cntrl => b.is_ascii_control(),
            CClass::Digit => b.is_ascii_digit(),
            CClass::Graph => b.is_ascii_graphic(),
            CClass::Lower => b.is_ascii_lowercase(),
            CClass::Print => b.is_ascii_graphic() || b == b' ',
            CClass::Punct => b.is_ascii_punctuation(),
            CClass::Space => matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'),
            CClass::Upper => b.is_ascii_uppercase(),
            CClass::Xdigit => b.is_ascii_hexdigit(),
        }
    }
}

/// glibc's limit on the length of a class name inside `[: :]`.
const CLASS_NAME_MAX: usize = 256;

/// One member of a bracket expression, tested against the value byte `b` (raw) and its folded
/// form `fb`.
#[derive(Debug, Clone, Copy)]
pub(super) enum Member {
    /// Compared with the folded byte.
    Folded(u8),
    /// Compared with the raw byte (`[=x=]`, `[.x.]`).
    Raw(u8),
    /// `lo <= fb <= hi` (both bounds as glibc computed them).
    Range(u8, u8),
    /// A character class, tested on the raw byte.
    Class(CClass),
}

impl Member {
    pub(super) fn matches(self, b: u8, fb: u8) -> bool {
        match self {
            Member::Folded(c) => fb == c,
            Member::Raw(c) => b == c,
            Member::Range(lo, hi) => lo <= fb && fb <= hi,
            Member::Class(class) => class.contains(b),
        }
    }
}

/// How reading a bracket expression ended when no member matched.
#[derive(Debug, Clone, Copy)]
pub(super) enum BracketEnd {
    /// At a closing `]`; the pattern goes on at this position.
    Closed(usize),
    /// At the end of the pattern: the `[` is an ordinary character.
    Unterminated,
    /// At a malformed piece: no byte can match.
    Malformed,
}

/// The pattern and the folding mode: the bracket reader shared by compilation and by
/// lazy brackets.
#[derive(Clone, Copy)]
pub(super) struct Pat<'p> {
    pub(super) pat: &'p [u8],
    pub(super) fold: bool,
}

/// The outcome for a byte no member matched, given how the bracket ended (`None`: not read to
/// the end, which only happens once every byte is decided).
pub(super) fn undecided_outcome(negated: bool, end: Option<BracketEnd>, b: u8) -> u32 {
    match end {
        Some(BracketEnd::Closed(after)) if negated => after as u32,
        Some(BracketEnd::Unterminated) if b == b'[' => LITERAL,
        _ => FAIL,
    }
}

impl Pat<'_> {
    /// The pattern byte at `i`, or 0 past the end (the C string terminator).
    pub(super) fn at(&self, i: usize) -> u8 {
        self.pat.get(i).copied().unwrap_or(0)
    }

    pub(super) fn fold(&self, b: u8) -> u8 {
        if self.fold {
            b.to_ascii_lowercase()
        } else {
            b
        }
    }

    /// The outcome of the bracket at `open` for one byte, without tables or memo.
    pub(super) fn bracket_outcome(&self, open: usize, b: u8) -> u32 {
        let fb = self.fold(b);
        let mut hit = None;
        let (negated, end, _) = self.read_bracket(open, &mut |member, skip_from| {
            let m = member.matches(b, fb);
            if m {
                hit = Some(skip_from);
            }
            m
        });
        match hit {
            Some(skip_from) => match self.skip_rest(skip_from) {
                SkipEnd::Closed(after) if !negated => after as u32,
                SkipEnd::Unterminated if b == b'[' => LITERAL,
                _ => FAIL,
            },
            None => undecided_outcome(negated, end, b),
        }
    }

    /// Skips the rest of a matched bracket from `from` the way glibc does and tells where it
    /// ends. Running into the end of the pattern makes the `[` an ordinary character after
    /// all; other malformed pieces make the alignment fail.
    pub(super) fn skip_rest(&self, from: usize) -> SkipEnd {
        let mut p = from;
        loop {
            match self.skip_step(p) {
                Skip::Done(end) => return end,
                Skip::Next(q) => p = q,
            }
        }
    }
    /// Reads the members of the bracket at `open` in glibc's order and hands each to `visit`
    /// with the position the rest of the bracket is skipped from if that member matches;
    /// `visit` returns true to stop reading. Returns the negation flag, how the bracket ended
    /// (`None` if stopped) and how far it was read.
    pub(super) fn read_bracket(
        &self,
        open: usize,
        visit: &mut dyn FnMut(Member, usize) -> bool,
    ) -> (bool, Option<BracketEnd>, usize) {
        let mut p = open + 1;
        let negated = matches!(self.at(p), b'!' | b'^');
        if negated {
            p += 1;
        }
        let mut c = self.at(p);
        p += 1;
        loop {
            // `start` is the folded (or raw, for `[.x.]`) first byte of a possible range.
            let start: Member;
            let lo: u8;
            if c == b'\\' {
                if self.at(p) == 0 {
                    return (negated, Some(BracketEnd::Malformed), p);
                }
                c = self.fold(self.at(p));
                p += 1;
                (start, lo) = (Member::Folded(c), c);
            } else if c == b'[' && self.at(p) == b':' {
                match self.read_class_name(p) {
                    ClassName::Name(name, after) => {
                        let Some(class) = CClass::from_name(name) else {
                            return (negated, Some(BracketEnd::Malformed), p);
                        };
                        p = after;
                        if visit(Member::Class(class), p) {
                            return (negated, None, p);
                        }
                        c = self.at(p);
                        p += 1;
                        if c == b']' {
                            return (negated, Some(BracketEnd::Closed(p)), p);
                        }
                        continue;
                    }
                    ClassName::TooLong => return (negated, Some(BracketEnd::Malformed), p),
                    // Not a class: the `[` is an ordinary member; `p` still points at `:`.
                    ClassName::NotAName => (start, lo) = (Member::Folded(b'['), b'['),
                }
            } else if c == 0 {
                return (negated, Some(BracketEnd::Unterminated), p);
            } else if c == b'[' && self.at(p) == b'=' {
                let sym = self.at(p + 1);
                if sym != 0 && self.at(p + 2) == b'=' && self.at(p + 3) == b']' {
                    p += 4;
                    if visit(Member::Raw(sym), p) {
                        return (negated, None, p);
                    }
                    c = self.at(p);
                    p += 1;
                    if c == b']' {
                        return (negated, Some(BracketEnd::Closed(p)), p);
                    }
                    continue;
                }
                (start, lo) = (Member::Folded(b'['), b'[');
            } else if c == b'[' && self.at(p) == b'.' {
                let Some((sym, after)) = self.read_collating(p) else {
                    return (negated, Some(BracketEnd::Malformed), p);
                };
                p = after;
                let is_range = self.at(p) == b'-' && self.at(p + 1) != 0;
                if !is_range && visit(Member::Raw(sym), p) {
                    return (negated, None, p);
                }
                c = self.at(p);
                p += 1;
                if let Some(end) = self.read_range_end(&mut c, &mut p, sym, visit) {
                    return (negated, end, p);
                }
                if c == b']' {
                    return (negated, Some(BracketEnd::Closed(p)), p);
                }
                continue;
            } else {
                c = self.fold(c);
                (start, lo) = (Member::Folded(c), c);
            }
            // An ordinary member `lo`, possibly the start of a range.
            let is_range = self.at(p) == b'-' && !matches!(self.at(p + 1), 0 | b']');
            if !is_range && visit(start, p) {
                return (negated, None, p);
            }
            c = self.at(p);
            p += 1;
            if let Some(end) = self.read_range_end(&mut c, &mut p, lo, visit) {
                return (negated, end, p);
            }
            if c == b']' {
                return (negated, Some(BracketEnd::Closed(p)), p);
            }
        }
    }

    /// If `c` is a `-` that opens a range from `lo`, reads the range's end, visits the member
    /// and reads the next byte into `c`. Returns `Some` to stop reading the bracket: with the
    /// end if the range is malformed, `None` if the visitor stopped.
    fn read_range_end(
        &self,
        c: &mut u8,
        p: &mut usize,
        lo: u8,
        visit: &mut dyn FnMut(Member, usize) -> bool,
    ) -> Option<Option<BracketEnd>> {
        if *c != b'-' || self.at(*p) == b']' {
            return None;
        }
        let mut hi = self.at(*p);
        *p += 1;
        if hi == b'[' && self.at(*p) == b'.' {
            let Some((sym, after)) = self.read_collating(*p) else {
                return Some(Some(BracketEnd::Malformed));
            };
            hi = sym;
            *p = after;
        } else {
            if hi == b'\\' {
                hi = self.at(*p);
                *p += 1;
            }
            if hi == 0 {
                return Some(Some(BracketEnd::Malformed));
            }
            hi = self.fold(hi);
        }
        if visit(Member::Range(lo, hi), *p) {
            return Some(None);
        }
        *c = self.at(*p);
        *p += 1;
        None
    }

    /// Reads `[.x.]` whose `.` is at `dot`: the single symbol byte and the position after `]`.
    /// `None` if unterminated or not exactly one byte (the "C" locale knows no longer names).
    fn read_collating(&self, dot: usize) -> Option<(u8, usize)> {
        let mut q = dot;
        let mut count = 0usize;
        loop {
            q += 1;
            let c = self.at(q);
            if c == b'.' && self.at(q + 1) == b']' {
                break;
            }
            if c == 0 {
                return None;
            }
            count += 1;
        }
        (count == 1).then(|| (self.at(dot + 1), q + 2))
    }

    fn read_class_name(&self, colon: usize) -> ClassName<'_> {
        let mut q = colon;
        loop {
            if q - colon == CLASS_NAME_MAX {
                return ClassName::TooLong;
            }
            q += 1;
            let c = self.at(q);
            if c == b':' && self.at(q + 1) == b']' {
                return ClassName::Name(&self.pat[colon + 1..q], q + 2);
            }
            // glibc stops class names at `z` itself (its test is `c >= 'z'`).
            if !matches!(c, b'a'..=b'y') {
                return ClassName::NotAName;
            }
        }
    }

    pub(super) fn skip_step(&self, p: usize) -> Skip {
        let c = self.at(p);
        let mut q = p + 1;
        match c {
            0 => return Skip::Done(SkipEnd::Unterminated),
            b'\\' => {
                if self.at(q) == 0 {
                    return Skip::Done(SkipEnd::Fail);
                }
                q += 1;
            }
            b'[' if self.at(q) == b':' => {
                let colon = q;
                let mut count = 0usize;
                loop {
                    q += 1;
                    let c = self.at(q);
                    count += 1;
                    if count == CLASS_NAME_MAX {
                        return Skip::Done(SkipEnd::Fail);
                    }
                    if c == b':' && self.at(q + 1) == b']' {
                        q += 2;
                        break;
                    }
                    if !matches!(c, b'a'..=b'y') {
                        return Skip::Next(colon);
                    }
                }
            }
            b'[' if self.at(q) == b'=' => {
                if self.at(q + 1) == 0 || self.at(q + 2) != b'=' || self.at(q + 3) != b']' {
                    return Skip::Done(SkipEnd::Fail);
                }
                q += 4;
            }
            b'[' if self.at(q) == b'.' => loop {
                q += 1;
                let c = self.at(q);
                if c == 0 {
                    return Skip::Done(SkipEnd::Fail);
                }
                if c == b'.' && self.at(q + 1) == b']' {
                    q += 2;
                    break;
                }
            },
            b']' => return Skip::Done(SkipEnd::Closed(q)),
            _ => {}
        }
        Skip::Next(q)
    }
}

enum ClassName<'p> {
    Name(&'p [u8], usize),
    NotAName,
    TooLong,
}

/// Where skipping the rest of a matched bracket ends.
#[derive(Debug, Clone, Copy)]
pub(super) enum SkipEnd {
    /// After the closing `]` at this position.
    Closed(usize),
    /// At the end of the pattern.
    Unterminated,
    /// At a malformed piece.
    Fail,
}

pub(super) enum Skip {
    Done(SkipEnd),
    Next(usize),
}

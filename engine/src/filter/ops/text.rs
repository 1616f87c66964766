//! String and byte-buffer comparisons: `=`/`!=`, ordering, `contains`, `icontains`,
//! `startswith`, `endswith`, `bcontains`, `bstartswith`.
//!
//! Place in the data flow: the compiler builds one matcher per check from the right-hand-side
//! constant (**compile once**); the evaluator calls `matches` with the extracted value for every
//! event (**match many**, no allocation).
//!
//! # NUL semantics
//!
//! libsinsp compares string fields (`CHARBUF`, `FSPATH`, `FSRELPATH`) as C strings: `strcmp`,
//! `strstr`, `strcasestr`, `strncmp`. A value with an embedded NUL therefore behaves as if it
//! ended at its first NUL; [`StrMatcher`] does the same with [`c_str`]. The right-hand side can
//! never contain a NUL (the value parser refuses it). Byte buffers (`BYTEBUF`) are compared with
//! their full length (`memcmp`, `memmem`), NULs included; that is [`BytesMatcher`].

use memchr::memmem;

use super::value::{parse_hex, ValueError};

/// The C-string view of `value`: everything before its first NUL byte.
#[inline]
pub fn c_str(value: &[u8]) -> &[u8] {
    match memchr::memchr(0, value) {
        Some(end) => &value[..end],
        None => value,
    }
}

/// `strcmp` ordering of two values seen as C strings (unsigned bytes, stop at NUL).
#[inline]
pub fn c_strcmp(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    c_str(a).cmp(c_str(b))
}

/// ASCII-only case-insensitive substring test, like glibc `strcasestr` in the "C" locale.
///
/// An empty `needle` is found in every haystack. Neither argument is truncated at NUL here.
pub fn ascii_icontains(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    if needle.len() > haystack.len() {
        return false;
    }
    let (lo, up) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let last_start = haystack.len() - needle.len();
    let mut from = 0;
    while from <= last_start {
        let Some(off) = memchr::memchr2(lo, up, &haystack[from..=last_start]) else {
            return false;
        };
        let at = from + off;
        if haystack[at + 1..at + needle.len()].eq_ignore_ascii_case(rest) {
            return true;
        }
        from = at + 1;
    }
    false
}

/// A string operator (the ones `flt_compare` applies to string fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StrOp {
    /// `=` / `==`: `strcmp == 0`.
    Eq,
    /// `!=`: `strcmp != 0`.
    Ne,
    /// `<`: `strcmp < 0`.
    Lt,
    /// `<=`: `strcmp <= 0`.
    Le,
    /// `>`: `strcmp > 0`.
    Gt,
    /// `>=`: `strcmp >= 0`.
    Ge,
    /// `contains`: `strstr`.
    Contains,
    /// `icontains`: `strcasestr` (ASCII case folding only).
    IContains,
    /// `startswith`: prefix.
    StartsWith,
    /// `endswith`: suffix.
    EndsWith,
}

/// A compiled string comparison against one right-hand-side constant.
#[derive(Debug, Clone)]
pub struct StrMatcher {
    op: StrOp,
    rhs: Box<[u8]>,
    finder: Option<memmem::Finder<'static>>,
}

impl StrMatcher {
    /// Compiles `lhs <op> rhs`. `rhs` is used up to its first NUL, like a C string.
    pub fn new(op: StrOp, rhs: &[u8]) -> Self {
        let rhs: Box<[u8]> = c_str(rhs).into();
        let finder = match op {
            StrOp::Contains => Some(memmem::Finder::new(&rhs[..]).into_owned()),
            _ => None,
        };
        StrMatcher { op, rhs, finder }
    }

    /// The operator.
    pub fn op(&self) -> StrOp {
        self.op
    }

    /// The right-hand side as compiled.
    pub fn rhs(&self) -> &[u8] {
        &self.rhs
    }

    /// Applies the comparison to an extracted value (seen as a C string). `rhs` holds no NUL,
    /// so equality, prefixes and substrings are decided without first scanning `lhs` for one
    /// (values almost never hold a NUL; the scan is done only where the answer depends on it).
    #[inline]
    pub fn matches(&self, lhs: &[u8]) -> bool {
        let rhs = &self.rhs[..];
        match self.op {
            StrOp::Eq => c_str_eq(lhs, rhs),
            StrOp::Ne => !c_str_eq(lhs, rhs),
            StrOp::Lt => c_str(lhs) < rhs,
            StrOp::Le => c_str(lhs) <= rhs,
            StrOp::Gt => c_str(lhs) > rhs,
            StrOp::Ge => c_str(lhs) >= rhs,
            // The first occurrence is inside the C string unless a NUL comes before it.
            StrOp::Contains => {
                let found = match &self.finder {
                    Some(finder) => finder.find(lhs),
                    None => memmem::find(lhs, rhs),
                };
                found.is_some_and(|at| memchr::memchr(0, &lhs[..at]).is_none())
            }
            StrOp::IContains => ascii_icontains(c_str(lhs), rhs),
            StrOp::StartsWith => lhs.starts_with(rhs),
            StrOp::EndsWith => c_str(lhs).ends_with(rhs),
        }
    }
}

/// `c_str(lhs) == rhs` for a NUL-free `rhs`: `lhs` starts with `rhs` and ends there or at a NUL.
#[inline]
fn c_str_eq(lhs: &[u8], rhs: &[u8]) -> bool {
    lhs.starts_with(rhs) && lhs.get(rhs.len()).is_none_or(|&b| b == 0)
}

/// A byte-buffer operator (the ones `flt_compare` applies to `BYTEBUF` fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BytesOp {
    /// `=`: same length and bytes.
    Eq,
    /// `!=`: different length or bytes.
    Ne,
    /// `contains`, `bcontains`: `memmem`.
    Contains,
    /// `startswith`, `bstartswith`: prefix.
    StartsWith,
    /// `endswith`: suffix.
    EndsWith,
}

/// A compiled byte-buffer comparison against one constant; NULs are ordinary bytes.
#[derive(Debug, Clone)]
pub struct BytesMatcher {
    op: BytesOp,
    rhs: Box<[u8]>,
    finder: Option<memmem::Finder<'static>>,
}

impl BytesMatcher {
    /// Compiles `lhs <op> rhs` with `rhs` taken as raw bytes (`contains`, `startswith`, ...).
    pub fn new(op: BytesOp, rhs: &[u8]) -> Self {
        let finder = match op {
            BytesOp::Contains => Some(memmem::Finder::new(rhs).into_owned()),
            _ => None,
        };
        BytesMatcher {
            op,
            rhs: rhs.into(),
            finder,
        }
    }

    /// Compiles `bcontains`/`bstartswith` (or any op) with `hex` decoded first
    /// (`"68656c6c6f"` → `b"hello"`).
    pub fn from_hex(op: BytesOp, hex: &str) -> Result<Self, ValueError> {
        Ok(Self::new(op, &parse_hex(hex)?))
    }

    /// The operator.
    pub fn op(&self) -> BytesOp {
        self.op
    }

    /// The right-hand side bytes as compiled.
    pub fn rhs(&self) -> &[u8] {
        &self.rhs
    }

    /// Applies the comparison to an extracted buffer (full length, NULs included).
    #[inline]
    pub fn matches(&self, lhs: &[u8]) -> bool {
        let rhs = &self.rhs[..];
        match self.op {
            BytesOp::Eq => lhs == rhs,
            BytesOp::Ne => lhs != rhs,
            BytesOp::Contains => match &self.finder {
                Some(finder) => finder.find(lhs).is_some(),
                None => memmem::find(lhs, rhs).is_some(),
            },
            BytesOp::StartsWith => lhs.starts_with(rhs),
            BytesOp::EndsWith => lhs.ends_with(rhs),
        }
    }
}

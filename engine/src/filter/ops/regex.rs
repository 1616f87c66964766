//! The `regex` operator: the value must match the whole pattern (anchored at both ends).
//!
//! Place in the data flow: the compiler builds one [`FullRegex`] per pattern; the evaluator
//! calls [`FullRegex::matches`] per event.
//!
//! libsinsp compiles the pattern with RE2 in POSIX-syntax mode and matches the value with both
//! ends anchored, after replacing invalid UTF-8 sequences with U+FFFD (maximal-subpart rule, so
//! `.` matches a stray `\xff`). Here the pattern goes to the `regex` crate wrapped as
//! `\A(?:pattern)\z` with multi-line mode on (RE2's POSIX mode lets `^`/`$` match at line
//! breaks). Known differences from RE2's POSIX syntax, all in patterns Falco would reject or
//! treat oddly:
//! * Perl extensions that RE2-POSIX refuses are accepted here: `\d \s \w \b`, `(?:...)`,
//!   `(?i)`, lazy quantifiers `*?`, `\pL`, `\A`, `\z`;
//! * RE2-POSIX accepts stacked repetitions (`a**`), which the `regex` crate rejects as an error.
//!
//! Whether a full match exists does not depend on leftmost-longest vs leftmost-first
//! semantics, so those agree.

use regex::Regex;

use super::value::ValueError;

/// A compiled `regex` right-hand side.
#[derive(Debug, Clone)]
pub struct FullRegex {
    re: Regex,
    pattern: Box<str>,
}

impl FullRegex {
    /// Compiles `pattern`; an invalid pattern is an error carrying the pattern and the reason.
    pub fn new(pattern: &str) -> Result<FullRegex, ValueError> {
        let invalid = |e: regex::Error| ValueError::InvalidRegex {
            pattern: pattern.to_owned(),
            reason: last_line(&e.to_string()),
        };
        // Checking the pattern on its own first reports errors against the user's text and
        // refuses patterns like `a)|(b` that would otherwise escape the anchoring group.
        regex::RegexBuilder::new(pattern)
            .multi_line(true)
            .build()
            .map_err(invalid)?;
        let re = regex::RegexBuilder::new(&format!(r"\A(?:{pattern})\z"))
            .multi_line(true)
            .build()
            .map_err(invalid)?;
        Ok(FullRegex {
            re,
            pattern: pattern.into(),
        })
    }

    /// The pattern as written.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// Full match of a UTF-8 value.
    #[inline]
    pub fn matches(&self, value: &str) -> bool {
        self.re.is_match(value)
    }

    /// Full match of a raw value. Valid UTF-8 is matched in place; otherwise the value is
    /// sanitised into `scratch` (invalid sequences → U+FFFD), reusing its capacity.
    pub fn matches_bytes(&self, value: &[u8], scratch: &mut String) -> bool {
        match std::str::from_utf8(value) {
            Ok(text) => self.re.is_match(text),
            Err(_) => {
                sanitize_utf8_into(value, scratch);
                self.re.is_match(scratch)
            }
        }
    }
}

/// Writes `value` into `out` with every invalid UTF-8 sequence replaced by U+FFFD, using the
/// maximal-subpart rule (the one libsinsp's sanitiser follows).
pub fn sanitize_utf8_into(value: &[u8], out: &mut String) {
    out.clear();
    for chunk in value.utf8_chunks() {
        out.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            out.push(char::REPLACEMENT_CHARACTER);
        }
    }
}

fn last_line(text: &str) -> String {
    text.lines().last().unwrap_or(text).trim().to_owned()
}

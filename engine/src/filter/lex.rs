//! Token scanners of the condition language, used by the parser directly on the condition text.
//!
//! Place in the data flow: rule text → **scanners** → [`parse`](super::parse) → AST.
//!
//! There is no separate token stream: libsinsp's parser tries token patterns at the cursor in a
//! fixed order, and so does ours. Each scanner takes the text and a byte offset and returns the
//! end of the longest match there (the patterns are those of spec §2.1, matched leftmost-longest
//! like RE2's POSIX mode). All scanners run in time linear in the length of the match.

/// The blanks skipped between tokens: space, tab, backspace, CR and LF (not form feed or VT).
pub(crate) fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x08 | b'\r' | b'\n')
}

/// POSIX `[:space:]`: space, tab, LF, VT, FF, CR.
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn is_alpha(b: u8) -> bool {
    b.is_ascii_alphabetic()
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `[a-zA-Z]+[a-zA-Z0-9_]*`
pub(crate) fn identifier(s: &[u8], at: usize) -> Option<usize> {
    if !s.get(at).copied().is_some_and(is_alpha) {
        return None;
    }
    let mut i = at + 1;
    while s.get(i).copied().is_some_and(is_word) {
        i += 1;
    }
    Some(i)
}

/// `[a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+`: at least one dot, every segment starting
/// with a letter.
pub(crate) fn field_name(s: &[u8], at: usize) -> Option<usize> {
    let mut end = identifier(s, at)?;
    let mut segments = 0;
    while s.get(end) == Some(&b'.') {
        match identifier(s, end + 1) {
            Some(next) => {
                end = next;
                segments += 1;
            }
            None => break,
        }
    }
    (segments > 0).then_some(end)
}

/// `not[[:space:]]+`
pub(crate) fn not_blank(s: &[u8], at: usize) -> Option<usize> {
    if !s[at.min(s.len())..].starts_with(b"not") {
        return None;
    }
    let mut i = at + 3;
    while s.get(i).copied().is_some_and(is_space) {
        i += 1;
    }
    (i > at + 3).then_some(i)
}

/// `[^][\"'[:space:]]+`: a bare field argument.
pub(crate) fn field_arg_bare(s: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    while let Some(&b) = s.get(i) {
        if matches!(b, b'[' | b']' | b'"' | b'\'') || is_space(b) {
            break;
        }
        i += 1;
    }
    (i > at).then_some(i)
}

/// `[^()\"'[:space:]=,]+`: a bare string value.
pub(crate) fn bare_str(s: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    while let Some(&b) = s.get(i) {
        if matches!(b, b'(' | b')' | b'"' | b'\'' | b'=' | b',') || is_space(b) {
            break;
        }
        i += 1;
    }
    (i > at).then_some(i)
}

/// `0[xX][0-9a-fA-F]+`
pub(crate) fn hex_number(s: &[u8], at: usize) -> Option<usize> {
    if s.get(at) != Some(&b'0') || !matches!(s.get(at + 1), Some(b'x' | b'X')) {
        return None;
    }
    let mut i = at + 2;
    while s.get(i).is_some_and(u8::is_ascii_hexdigit) {
        i += 1;
    }
    (i > at + 2).then_some(i)
}

fn digits(s: &[u8], mut i: usize) -> usize {
    while s.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

/// `[+\-]?[0-9]+[\.]?[0-9]*([eE][+\-][0-9]+)?`
pub(crate) fn number(s: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    if matches!(s.get(i), Some(b'+' | b'-')) {
        i += 1;
    }
    let after_int = digits(s, i);
    if after_int == i {
        return None;
    }
    i = after_int;
    if s.get(i) == Some(&b'.') {
        i += 1;
    }
    i = digits(s, i);
    if matches!(s.get(i), Some(b'e' | b'E')) && matches!(s.get(i + 1), Some(b'+' | b'-')) {
        let exp_end = digits(s, i + 2);
        if exp_end > i + 2 {
            i = exp_end;
        }
    }
    Some(i)
}

/// Outcome of scanning a quoted string at the cursor.
pub(crate) enum Quoted {
    /// The cursor is not on a quote, or the string is not terminated (libsinsp then backtracks
    /// and lets the next pattern try).
    NoMatch,
    /// The string ends just before this offset (one past the closing delimiter).
    End(usize),
}

/// Finds the end of a quoted string starting at `at` (`'…'` or `"…"`).
///
/// Like libsinsp, a delimiter counts as closing only when the byte before it is not a backslash
/// (so `"a\\"` is not closed at its last quote), and a NUL byte ends the scan as if it were the
/// end of the text.
pub(crate) fn quoted(s: &[u8], at: usize) -> Quoted {
    let delimiter = match s.get(at) {
        Some(&d @ (b'"' | b'\'')) => d,
        _ => return Quoted::NoMatch,
    };
    let mut prev = delimiter;
    let mut i = at + 1;
    while let Some(&b) = s.get(i) {
        if b == 0 {
            break;
        }
        if b == delimiter && prev != b'\\' {
            return Quoted::End(i + 1);
        }
        prev = b;
        i += 1;
    }
    Quoted::NoMatch
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(f: fn(&[u8], usize) -> Option<usize>, s: &str) -> Option<&str> {
        f(s.as_bytes(), 0).map(|e| &s[..e])
    }

    #[test]
    fn field_names_need_a_dot_and_letter_segments() {
        assert_eq!(m(field_name, "proc.name=x"), Some("proc.name"));
        assert_eq!(m(field_name, "evt.arg.flags["), Some("evt.arg.flags"));
        assert_eq!(m(field_name, "a.b.1"), Some("a.b"));
        assert_eq!(m(field_name, "proc"), None);
        assert_eq!(m(field_name, "proc.1x"), None);
        assert_eq!(m(field_name, "1proc.name"), None);
    }

    #[test]
    fn numbers_are_longest_matches() {
        assert_eq!(m(number, "-0.1222e+10 "), Some("-0.1222e+10"));
        assert_eq!(m(number, "1e5"), Some("1"));
        assert_eq!(m(number, "12."), Some("12."));
        assert_eq!(m(number, "+"), None);
        assert_eq!(m(hex_number, "0XaB00AB"), Some("0XaB00AB"));
        assert_eq!(m(hex_number, "0xg"), None);
    }

    #[test]
    fn not_needs_a_space_class_character() {
        assert_eq!(m(not_blank, "not \x0c a"), Some("not \x0c "));
        assert_eq!(m(not_blank, "not(a)"), None);
        assert_eq!(m(not_blank, "nota"), None);
    }

    #[test]
    fn quoted_strings_follow_the_previous_byte_rule() {
        assert!(matches!(quoted(br#""a\"b" x"#, 0), Quoted::End(6)));
        assert!(matches!(quoted(br#""a\\" "#, 0), Quoted::NoMatch));
        assert!(matches!(quoted(b"'a\0'", 0), Quoted::NoMatch));
        assert!(matches!(quoted(b"''", 0), Quoted::End(2)));
    }
}

//! String escaping for the condition language: decoding quoted strings and writing the canonical form.
//!
//! Place in the data flow: rule text → [`parse`](super::parse) (calls [`unescape_str`] on every
//! quoted token) → [`ast`](super::ast) (whose `Display` calls [`escape_str`]) → compile.
//!
//! Both functions work on bytes, as libsinsp does: `\xHH` may produce any byte, and the canonical
//! form passes non-ASCII bytes through untouched. The rules are those of libsinsp's
//! `filter/escaping.cpp` (spec §2.1, §2.3), including two legacy quirks:
//! * `\` followed by a space decodes to a single backslash (kept upstream for an old rule);
//! * the quoted-string scanner in the parser, not this module, decides where a string ends.

use thiserror::Error;

/// Why a quoted string could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum EscapeError {
    /// `\"` inside a single-quoted string.
    #[error("invalid \\\" escape in '-quoted string")]
    DoubleQuoteInSingleQuoted {
        /// Byte offset of the backslash within the quoted token (delimiters included).
        offset: usize,
    },
    /// `\'` inside a double-quoted string.
    #[error("invalid \\' escape in \"-quoted string")]
    SingleQuoteInDoubleQuoted {
        /// Byte offset of the backslash within the quoted token (delimiters included).
        offset: usize,
    },
    /// `\x` not followed by two characters before the closing delimiter.
    #[error("truncated hex char escape sequence")]
    TruncatedHex {
        /// Byte offset of the backslash within the quoted token (delimiters included).
        offset: usize,
    },
    /// `\x` followed by two characters that are not both hexadecimal digits.
    #[error("invalid hex char escape sequence: {digits}")]
    InvalidHex {
        /// Byte offset of the backslash within the quoted token (delimiters included).
        offset: usize,
        /// The two characters that followed `\x`.
        digits: String,
    },
    /// A backslash followed by a character that has no escape meaning.
    #[error("unsupported string escape sequence: \\{sequence}")]
    Unsupported {
        /// Byte offset of the backslash within the quoted token (delimiters included).
        offset: usize,
        /// The character that followed the backslash.
        sequence: String,
    },
}

impl EscapeError {
    /// Byte offset of the offending backslash within the quoted token.
    pub fn offset(&self) -> usize {
        match self {
            EscapeError::DoubleQuoteInSingleQuoted { offset }
            | EscapeError::SingleQuoteInDoubleQuoted { offset }
            | EscapeError::TruncatedHex { offset }
            | EscapeError::InvalidHex { offset, .. }
            | EscapeError::Unsupported { offset, .. } => *offset,
        }
    }
}

/// True for the bytes that force the canonical form to quote a value.
fn needs_quotes(b: u8) -> bool {
    matches!(b, 0x08 | 0x0c | b'\n' | b'\r' | b'\t' | b' ' | b'=' | b'\\' | b'"' | b'\'' | 0)
}

/// Appends the escaped form of `b` (used only inside a quoted canonical value).
fn push_escaped(out: &mut Vec<u8>, b: u8) {
    match b {
        0x08 => out.extend_from_slice(b"\\b"),
        0x0c => out.extend_from_slice(b"\\f"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'"' => out.extend_from_slice(b"\\\""),
        other => out.push(other),
    }
}

/// Canonical form of a byte string: unchanged unless it contains one of `\b \f \n \r \t`, space,
/// `=`, `\`, `"`, `'` or NUL; then wrapped in double quotes with `\b \f \n \r \t \\ \"` escaped
/// (space, `=`, `'` and NUL are kept as they are inside the quotes).
pub fn escape_bytes(s: &[u8]) -> Vec<u8> {
    if !s.iter().copied().any(needs_quotes) {
        return s.to_vec();
    }
    let mut out = Vec::with_capacity(s.len() + 2);
    out.push(b'"');
    for &b in s {
        push_escaped(&mut out, b);
    }
    out.push(b'"');
    out
}

/// Canonical form of a string value (see [`escape_bytes`]).
pub fn escape_str(s: &str) -> String {
    if !s.bytes().any(needs_quotes) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// Value of one ASCII hexadecimal digit.
fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes a quoted token, delimiters included (`"a\tb"` or `'a\'b'`).
///
/// The first and last bytes are taken as the delimiters without being checked; a token shorter
/// than two bytes decodes to the empty string. Escapes: `\b \f \n \r \t \\ \/`, `\"` only in
/// `"…"`, `\'` only in `'…'`, `\xHH` (exactly two hex digits, any byte value), and the legacy
/// backslash-space which yields one backslash. A backslash right before the closing delimiter
/// is dropped.
pub fn unescape_str(token: &[u8]) -> Result<Vec<u8>, EscapeError> {
    if token.len() < 2 {
        return Ok(Vec::new());
    }
    let delimiter = token[0];
    let end = token.len() - 1;
    let mut out = Vec::with_capacity(end);
    let mut i = 1;
    while i < end {
        let b = token[i];
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        let backslash = i;
        i += 1;
        if i >= end {
            break;
        }
        match token[i] {
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b' ' | b'\\' => out.push(b'\\'),
            b'/' => out.push(b'/'),
            b'"' => {
                if delimiter != b'"' {
                    return Err(EscapeError::DoubleQuoteInSingleQuoted { offset: backslash });
                }
                out.push(b'"');
            }
            b'\'' => {
                if delimiter != b'\'' {
                    return Err(EscapeError::SingleQuoteInDoubleQuoted { offset: backslash });
                }
                out.push(b'\'');
            }
            b'x' => {
                if i + 2 >= end {
                    return Err(EscapeError::TruncatedHex { offset: backslash });
                }
                let (hi, lo) = (token[i + 1], token[i + 2]);
                match (hex_value(hi), hex_value(lo)) {
                    (Some(h), Some(l)) => out.push(h << 4 | l),
                    _ => {
                        return Err(EscapeError::InvalidHex {
                            offset: backslash,
                            digits: String::from_utf8_lossy(&token[i + 1..i + 3]).into_owned(),
                        })
                    }
                }
                i += 2;
            }
            _ => {
                let rest = &token[i..end];
                let width = utf8_width(rest[0]).min(rest.len());
                return Err(EscapeError::Unsupported {
                    offset: backslash,
                    sequence: String::from_utf8_lossy(&rest[..width]).into_owned(),
                });
            }
        }
        i += 1;
    }
    Ok(out)
}

/// Length of the UTF-8 sequence that starts with `b` (1 for anything that is not a lead byte).
fn utf8_width(b: u8) -> usize {
    match b {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(body: &str) -> Vec<u8> {
        format!("\"{body}\"").into_bytes()
    }

    #[test]
    fn simple_escapes_decode() {
        assert_eq!(unescape_str(&quoted(r"a\b\f\n\r\t\\\/z")).unwrap(), b"a\x08\x0c\n\r\t\\/z");
    }

    #[test]
    fn backslash_space_is_one_backslash() {
        assert_eq!(unescape_str(&quoted(r"bad escape \ ")).unwrap(), b"bad escape \\");
    }

    #[test]
    fn quote_escapes_depend_on_delimiter() {
        assert_eq!(unescape_str(br#""a\"b""#).unwrap(), b"a\"b");
        assert_eq!(unescape_str(br"'a\'b'").unwrap(), b"a'b");
        assert!(matches!(
            unescape_str(br#"'a\"b'"#),
            Err(EscapeError::DoubleQuoteInSingleQuoted { offset: 2 })
        ));
        assert!(matches!(
            unescape_str(br#""a\'b""#),
            Err(EscapeError::SingleQuoteInDoubleQuoted { offset: 2 })
        ));
    }

    #[test]
    fn unsupported_escape_names_the_character() {
        let err = unescape_str(&quoted(r"\q")).unwrap_err();
        assert_eq!(err.to_string(), r"unsupported string escape sequence: \q");
    }

    #[test]
    fn escape_quotes_only_when_needed() {
        assert_eq!(escape_str("abc"), "abc");
        assert_eq!(escape_str("a=b"), "\"a=b\"");
        assert_eq!(escape_str("it's"), "\"it's\"");
        assert_eq!(escape_str("\u{0}"), "\"\u{0}\"");
        assert_eq!(escape_bytes(b"a\xffb"), b"a\xffb");
    }
}

//! Right-hand-side constant parsing: turns the text of a condition value (`123`, `true`,
//! `10.0.0.0/8`, `https`) into a typed constant, the way libsinsp's value parser does.
//!
//! Place in the data flow: rule text → parser → **compiler (this, once per value)** → compiled
//! check; nothing here runs per event.
//!
//! Integers follow C `sscanf("%u%c")` / `sscanf("%d%c")` as glibc implements it on a 64-bit
//! target, because that is what users of Falco get:
//! * leading C white space (`' ' \t \n \v \f \r`) is skipped, then one optional `+` or `-`, then
//!   decimal digits; nothing may follow the digits (not even a blank), so `0x10`, `1.5`, `1e3`
//!   and `12 ` are rejected with "`<text>` is not a valid number";
//! * the digits are converted like `strtoul`/`strtol` into 64 bits (saturating on overflow: a too
//!   large unsigned value becomes `u64::MAX`, a too large signed value `i64::MAX`/`i64::MIN`), a
//!   leading `-` on an unsigned conversion negates modulo 2^64 (`-1` → `u64::MAX`);
//! * the result is then truncated to the field width (`300` for an 8-bit field is `44`),
//!   exactly like the C casts in libsinsp.

use thiserror::Error;

/// A right-hand-side value that cannot be used for the left-hand side's type or operator.
///
/// Every variant carries the offending text; none is produced at event time.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ValueError {
    /// A numeric field compared with something that is not a decimal integer.
    #[error("{text} is not a valid number")]
    InvalidNumber {
        /// The value as written in the rule.
        text: String,
        /// The integer type it was parsed for.
        kind: IntKind,
    },
    /// A boolean field compared with something other than `true` or `false`.
    #[error("unrecognized boolean value {text}")]
    InvalidBool {
        /// The value as written in the rule.
        text: String,
    },
    /// A value containing a NUL byte (`\x00`), which no string comparison can see.
    #[error("filter value cannot contain a NUL byte (\\x00): {text:?}")]
    NulByte {
        /// The value, lossily decoded.
        text: String,
    },
    /// `bcontains`/`bstartswith` need an even-length string of hex digits.
    #[error("bcontains and bstartswith operator support hex strings only: {text}")]
    InvalidHex {
        /// The value as written in the rule.
        text: String,
    },
    /// Not an IPv4 (`a.b.c.d`) or IPv6 address.
    #[error("unrecognized {family} address {text}")]
    InvalidIpAddr {
        /// The value as written in the rule.
        text: String,
        /// `IPv4` or `IPv6`: the family chosen from the text (v4 iff it contains a `.`).
        family: &'static str,
    },
    /// An IP network without `/`, or whose address part is not an address.
    #[error("unrecognized IP network {text}")]
    InvalidIpNet {
        /// The value as written in the rule.
        text: String,
    },
    /// The prefix length of a network is out of range (v4: 0–32, v6: 1–128).
    #[error("invalid netmask {mask} in {text}")]
    InvalidNetmask {
        /// The whole network value.
        text: String,
        /// The part after `/`.
        mask: String,
    },
    /// A port that is neither all digits nor a known service name.
    #[error("unrecognized protocol {text}")]
    UnknownPort {
        /// The value as written in the rule.
        text: String,
    },
    /// A port written in digits whose value does not fit a C `int`.
    #[error("port {text} is out of range")]
    PortOutOfRange {
        /// The value as written in the rule.
        text: String,
    },
    /// A `regex` pattern the regex engine refuses.
    #[error("invalid regex pattern {pattern:?}: {reason}")]
    InvalidRegex {
        /// The pattern as written in the rule.
        pattern: String,
        /// What the regex engine reported.
        reason: String,
    },
}

/// The integer types a numeric field can have, for parsing its right-hand side.
///
/// The width decides the final truncation; signedness decides `strtol` vs `strtoul` rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IntKind {
    /// 8-bit unsigned (`UINT8`, `FLAGS8`, `ENUMFLAGS8`, `L4PROTO`, `SIGTYPE`).
    U8,
    /// 16-bit unsigned (`UINT16`, `FLAGS16`, `ENUMFLAGS16`, `SYSCALLID`).
    U16,
    /// 32-bit unsigned (`UINT32`, `FLAGS32`, `ENUMFLAGS32`, `MODE`, `UID`, `GID`).
    U32,
    /// 64-bit unsigned (`UINT64`, `RELTIME`, `ABSTIME`).
    U64,
    /// 8-bit signed (`INT8`).
    I8,
    /// 16-bit signed (`INT16`).
    I16,
    /// 32-bit signed (`INT32`, and `DOUBLE`, which libsinsp parses as a 32-bit integer).
    I32,
    /// 64-bit signed (`INT64`, `FD`, `PID`, `ERRNO`).
    I64,
}

impl IntKind {
    /// Whether values of this kind are compared as signed integers.
    pub fn is_signed(self) -> bool {
        matches!(
            self,
            IntKind::I8 | IntKind::I16 | IntKind::I32 | IntKind::I64
        )
    }
}

impl std::fmt::Display for IntKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            IntKind::U8 => "uint8",
            IntKind::U16 => "uint16",
            IntKind::U32 => "uint32",
            IntKind::U64 => "uint64",
            IntKind::I8 => "int8",
            IntKind::I16 => "int16",
            IntKind::I32 => "int32",
            IntKind::I64 => "int64",
        };
        f.write_str(name)
    }
}

/// A parsed integer constant, already truncated to its kind's width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntValue {
    /// For the unsigned kinds.
    Unsigned(u64),
    /// For the signed kinds.
    Signed(i64),
}

/// C `isspace` in the "C" locale.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// The pieces of a `%u`/`%d` conversion: sign and decimal digits, or `None` if the whole text
/// is not exactly that (after leading blanks).
fn split_decimal(text: &str) -> Option<(bool, &[u8])> {
    let bytes = text.as_bytes();
    let start = bytes.iter().position(|&b| !is_c_space(b))?;
    let rest = &bytes[start..];
    let (negative, digits) = match rest.first() {
        Some(b'-') => (true, &rest[1..]),
        Some(b'+') => (false, &rest[1..]),
        _ => (false, rest),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some((negative, digits))
}

/// The magnitude of a digit string, or `None` if it does not fit in 64 bits.
fn magnitude(digits: &[u8]) -> Option<u64> {
    digits.iter().try_fold(0u64, |acc, &d| {
        acc.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })
}

/// `strtoul` on sign + digits: saturates at `u64::MAX`, negation wraps.
fn c_strtoul(negative: bool, digits: &[u8]) -> u64 {
    match magnitude(digits) {
        None => u64::MAX,
        Some(m) if negative => m.wrapping_neg(),
        Some(m) => m,
    }
}

/// `strtol` on sign + digits: saturates at `i64::MIN`/`i64::MAX`.
fn c_strtol(negative: bool, digits: &[u8]) -> i64 {
    let m = magnitude(digits);
    if negative {
        match m {
            Some(m) if m <= i64::MAX as u64 + 1 => (m as i64).wrapping_neg(),
            _ => i64::MIN,
        }
    } else {
        match m {
            Some(m) if m <= i64::MAX as u64 => m as i64,
            _ => i64::MAX,
        }
    }
}

/// Parses `text` as an integer of `kind` with libsinsp's rules (see the module docs).
pub fn parse_int(text: &str, kind: IntKind) -> Result<IntValue, ValueError> {
    let invalid = || ValueError::InvalidNumber {
        text: text.to_owned(),
        kind,
    };
    reject_nul(text)?;
    let (negative, digits) = split_decimal(text).ok_or_else(invalid)?;
    // The truncating `as` casts below are the point: they mirror the C casts.
    let value = match kind {
        IntKind::U8 => IntValue::Unsigned(u64::from(c_strtoul(negative, digits) as u8)),
        IntKind::U16 => IntValue::Unsigned(u64::from(c_strtoul(negative, digits) as u16)),
        IntKind::U32 => IntValue::Unsigned(u64::from(c_strtoul(negative, digits) as u32)),
        IntKind::U64 => IntValue::Unsigned(c_strtoul(negative, digits)),
        IntKind::I8 => IntValue::Signed(i64::from(c_strtol(negative, digits) as i8)),
        IntKind::I16 => IntValue::Signed(i64::from(c_strtol(negative, digits) as i16)),
        IntKind::I32 => IntValue::Signed(i64::from(c_strtol(negative, digits) as i32)),
        IntKind::I64 => IntValue::Signed(c_strtol(negative, digits)),
    };
    Ok(value)
}

/// Parses an unsigned integer of `kind` (which must be unsigned; a signed kind is parsed as its
/// unsigned counterpart of the same width).
pub fn parse_unsigned(text: &str, kind: IntKind) -> Result<u64, ValueError> {
    match parse_int(text, kind)? {
        IntValue::Unsigned(v) => Ok(v),
        // Same bits, reinterpreted: what a C cast between equal widths does.
        IntValue::Signed(v) => Ok(v as u64),
    }
}

/// Parses a signed integer of `kind` (which must be signed; an unsigned kind's value is
/// reinterpreted as two's complement).
pub fn parse_signed(text: &str, kind: IntKind) -> Result<i64, ValueError> {
    match parse_int(text, kind)? {
        IntValue::Signed(v) => Ok(v),
        IntValue::Unsigned(v) => Ok(v as i64),
    }
}

/// Parses a `BOOL` value: exactly `true` or `false`.
pub fn parse_bool(text: &str) -> Result<bool, ValueError> {
    match text {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ValueError::InvalidBool {
            text: text.to_owned(),
        }),
    }
}

/// Checks a string value: kept verbatim, but a NUL byte is refused (no C-string comparison
/// could ever see past it).
pub fn parse_string(text: &str) -> Result<&str, ValueError> {
    reject_nul(text)?;
    Ok(text)
}

/// Checks raw string bytes (values from `\xHH` escapes need not be UTF-8): NUL is refused.
pub fn parse_string_bytes(bytes: &[u8]) -> Result<&[u8], ValueError> {
    if bytes.contains(&0) {
        return Err(ValueError::NulByte {
            text: String::from_utf8_lossy(bytes).into_owned(),
        });
    }
    Ok(bytes)
}

fn reject_nul(text: &str) -> Result<(), ValueError> {
    parse_string_bytes(text.as_bytes()).map(|_| ())
}

/// Decodes the hex string of a `bcontains`/`bstartswith` value (`cafebabe` → 4 bytes).
///
/// Upper- and lower-case digits are accepted; an odd length or any other character is an
/// error. The empty string decodes to no bytes (which every buffer contains).
pub fn parse_hex(text: &str) -> Result<Vec<u8>, ValueError> {
    let invalid = || ValueError::InvalidHex {
        text: text.to_owned(),
    };
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return Err(invalid());
    }
    bytes
        .chunks_exact(2)
        .map(|pair| Some((hex_digit(pair[0])? << 4) | hex_digit(pair[1])?))
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(invalid)
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_and_sign() {
        assert_eq!(parse_unsigned("300", IntKind::U64), Ok(300));
        assert_eq!(parse_unsigned("+7", IntKind::U64), Ok(7));
        assert_eq!(parse_unsigned("-1", IntKind::U64), Ok(u64::MAX));
        assert_eq!(parse_unsigned("-1", IntKind::U32), Ok(u64::from(u32::MAX)));
        assert_eq!(parse_signed("-500", IntKind::I64), Ok(-500));
        assert_eq!(parse_signed(" \t12", IntKind::I32), Ok(12));
    }

    #[test]
    fn truncation_and_saturation() {
        assert_eq!(parse_unsigned("300", IntKind::U8), Ok(44));
        assert_eq!(parse_unsigned("4294967296", IntKind::U32), Ok(0));
        assert_eq!(
            parse_unsigned("99999999999999999999", IntKind::U64),
            Ok(u64::MAX)
        );
        assert_eq!(
            parse_signed("2147483648", IntKind::I32),
            Ok(i64::from(i32::MIN))
        );
        assert_eq!(
            parse_signed("99999999999999999999", IntKind::I64),
            Ok(i64::MAX)
        );
        assert_eq!(
            parse_signed("-99999999999999999999", IntKind::I64),
            Ok(i64::MIN)
        );
        assert_eq!(
            parse_signed("-9223372036854775808", IntKind::I64),
            Ok(i64::MIN)
        );
    }

    #[test]
    fn rejects_non_decimal() {
        for bad in [
            "0x10", "1.5", "1e3", "", " ", "-", "+", "12 ", "1a", "--1", "+-1", "- 1", "abc",
        ] {
            let err = parse_unsigned(bad, IntKind::U64).unwrap_err();
            assert_eq!(err.to_string(), format!("{bad} is not a valid number"));
            assert!(parse_signed(bad, IntKind::I64).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn booleans_strings_hex() {
        assert_eq!(parse_bool("true"), Ok(true));
        assert_eq!(parse_bool("false"), Ok(false));
        assert!(parse_bool("TRUE").is_err());
        assert!(parse_bool("1").is_err());
        assert_eq!(parse_string("a b"), Ok("a b"));
        assert!(matches!(
            parse_string("a\0b"),
            Err(ValueError::NulByte { .. })
        ));
        assert_eq!(parse_hex("68656c6C6f"), Ok(b"hello".to_vec()));
        assert_eq!(parse_hex(""), Ok(vec![]));
        assert!(parse_hex("2").is_err());
        assert!(parse_hex("2g").is_err());
    }
}

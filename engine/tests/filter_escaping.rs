//! Conformance of string escaping with libsinsp's `filter_escaping.ut.cpp`, plus how escapes
//! surface through the parser.

use syssentry_engine::filter::escape::{escape_bytes, escape_str, unescape_str, EscapeError};
use syssentry_engine::filter::parse::{parse, ParseErrorKind};

fn quoted(body: &[u8]) -> Vec<u8> {
    let mut v = vec![b'"'];
    v.extend_from_slice(body);
    v.push(b'"');
    v
}

fn bidirectional(input: &[u8]) {
    assert_eq!(unescape_str(&escape_bytes(input)).unwrap(), input, "{input:?}");
}

#[test]
fn spaces() {
    assert_eq!(escape_str("some string"), "\"some string\"");
    bidirectional(b"some string");
}

#[test]
fn ws_chars() {
    let input = r"some\b\f\n\r\tstring";
    assert_eq!(escape_str(input), r#""some\\b\\f\\n\\r\\tstring""#);
    bidirectional(input.as_bytes());
}

#[test]
fn double_quotes() {
    assert_eq!(escape_str("some \"quoted string\""), r#""some \"quoted string\"""#);
    bidirectional(b"some \"quoted string\"");
}

#[test]
fn single_quotes() {
    assert_eq!(escape_str("some 'quoted string'"), "\"some 'quoted string'\"");
    assert_eq!(unescape_str(escape_str("some 'quoted string'").as_bytes()).unwrap(), b"some 'quoted string'");
}

#[test]
fn hex_escape_decodes_ascii() {
    assert_eq!(unescape_str(&quoted(br"\x41")).unwrap(), b"A");
    assert_eq!(unescape_str(&quoted(br"\x7f")).unwrap(), [0x7f]);
    assert_eq!(unescape_str(&quoted(br"\x01")).unwrap(), [0x01]);
}

#[test]
fn hex_escape_decodes_high_bytes() {
    assert_eq!(unescape_str(&quoted(br"\xff")).unwrap(), [0xff]);
    assert_eq!(unescape_str(&quoted(br"\x80")).unwrap(), [0x80]);
    assert_eq!(unescape_str(&quoted(br"\xAb")).unwrap(), [0xab]);
}

#[test]
fn hex_escape_decodes_multiple() {
    assert_eq!(unescape_str(&quoted(br"\xff\xfe")).unwrap(), [0xff, 0xfe]);
    assert_eq!(unescape_str(&quoted(br"a\xffb")).unwrap(), b"a\xffb");
}

#[test]
fn hex_escape_decodes_nul() {
    assert_eq!(unescape_str(&quoted(br"\x00")).unwrap(), [0]);
    assert_eq!(unescape_str(&quoted(br"a\x00b")).unwrap(), b"a\0b");
}

#[test]
fn hex_escape_consumes_exactly_two_digits() {
    assert_eq!(unescape_str(&quoted(br"\x413")).unwrap(), b"A3");
}

#[test]
fn hex_escape_rejects_truncated() {
    for body in [&br"\x"[..], br"\xf", br"a\xf"] {
        assert!(matches!(unescape_str(&quoted(body)), Err(EscapeError::TruncatedHex { .. })), "{body:?}");
    }
}

#[test]
fn hex_escape_rejects_non_hex() {
    for body in [&br"\xgg"[..], br"\xfg", br"\x g", br"\x-1", br"\x+a"] {
        assert!(matches!(unescape_str(&quoted(body)), Err(EscapeError::InvalidHex { .. })), "{body:?}");
    }
}

#[test]
fn escape_str_passes_high_byte_raw() {
    assert_eq!(escape_bytes(b"a\xffb"), b"a\xffb");
}

#[test]
fn escape_str_quotes_nul() {
    assert_eq!(escape_bytes(b"\0"), b"\"\0\"");
    assert_eq!(escape_str("\0"), "\"\0\"");
    bidirectional(b"\0");
}

#[test]
fn high_byte_roundtrip() {
    bidirectional(b"a \xff");
}

// ---- through the parser ------------------------------------------------------------------

fn rhs_value(input: &str) -> String {
    match parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}")).kind {
        syssentry_engine::filter::ast::ExprKind::BinaryCheck { right, .. } => match right.kind {
            syssentry_engine::filter::ast::ExprKind::Value(v) => v,
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[test]
fn parser_decodes_quoted_values() {
    assert_eq!(rhs_value(r#"a.b = "x\ty""#), "x\ty");
    assert_eq!(rhs_value(r"a.b = 'it\'s'"), "it's");
    assert_eq!(rhs_value(r#"a.b = "\x41\x42""#), "AB");
    assert_eq!(rhs_value(r#"a.b = "\xc3\xa9""#), "é");
    assert_eq!(rhs_value(r#"a.b = "bad escape \ ""#), "bad escape \\");
}

#[test]
fn parser_reports_escape_errors_at_the_backslash() {
    let err = parse(r#"a.b = "x\qy""#).unwrap_err();
    assert!(matches!(err.kind, ParseErrorKind::Escape { source: EscapeError::Unsupported { .. } }));
    assert_eq!(err.to_string(), r"unsupported string escape sequence: \q");
    assert_eq!(err.offset, 8);
    let err = parse(r#"a.b = "\xff""#).unwrap_err();
    assert_eq!(err.kind, ParseErrorKind::InvalidUtf8);
}

#[test]
fn escaped_backslash_before_quote_does_not_close_the_string() {
    // `"a\\"` is not terminated at its last quote (upstream quirk): unterminated → rejected.
    assert!(parse(r#"a.b = "a\\""#).is_err());
    // ... but a later quote closes it, and the content decodes `\\` then `"`.
    assert_eq!(rhs_value(r#"a.b = "a\\" ""#), "a\\\" ");
}

#[test]
fn bad_escape_in_first_list_element_reads_as_empty_list() {
    // libsinsp reads the first list element speculatively and swallows its error, leaving the
    // cursor after the string: `('\"')` is therefore an empty list.
    let e = parse(r#"a.b in ('\"')"#).unwrap();
    assert_eq!(e.to_string(), "a.b in ()");
    // in a later element the error is reported
    assert!(parse(r#"a.b in (x, '\"')"#).is_err());
}

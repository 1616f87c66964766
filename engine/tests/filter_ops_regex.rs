//! `regex`: anchored full match, UTF-8 sanitisation (libs `filterchecks/invalid_utf8.cpp`),
//! error reporting.

use syssentry_engine::filter::ops::regex::sanitize_utf8_into;
use syssentry_engine::filter::ops::{FullRegex, ValueError};

fn re(p: &str) -> FullRegex {
    FullRegex::new(p).unwrap()
}

#[test]
fn full_match_only() {
    assert!(re("my.*").matches("myexe"));
    assert!(!re("my").matches("myexe"));
    assert!(!re("exe").matches("myexe"));
    assert!(re("a|b").matches("b"));
    assert!(!re("a|b").matches("ab"));
    assert!(re("").matches(""));
    assert!(!re("").matches("x"));
    assert!(re("[0-9]+").matches("12345"));
    assert!(!re("[0-9]+").matches("12a45"));
}

#[test]
fn anchors_inside_the_pattern_match_at_line_breaks() {
    assert!(re("a$\nb").matches("a\nb"));
    assert!(re("^a").matches("a"));
    assert!(!re(".").matches("\n"));
}

#[test]
fn upstream_invalid_utf8() {
    let mut scratch = String::new();
    let name = b"/p\xff/q\xff";
    assert!(re("/p./q.").matches_bytes(name, &mut scratch));
    assert!(!re("/p./q").matches_bytes(name, &mut scratch));
    assert!(re("/p./q.").matches_bytes(b"/pa/qb", &mut scratch));
}

#[test]
fn sanitisation_uses_maximal_subparts() {
    let mut out = String::from("stale");
    sanitize_utf8_into(b"a\xe2\x82b", &mut out);
    assert_eq!(out, "a\u{fffd}b");
    sanitize_utf8_into(b"\xff\xfe", &mut out);
    assert_eq!(out, "\u{fffd}\u{fffd}");
    sanitize_utf8_into("ok é".as_bytes(), &mut out);
    assert_eq!(out, "ok é");
}

#[test]
fn invalid_patterns_are_errors_with_the_pattern() {
    for bad in ["(", "a)|(b", "[a-", "*", "a{2,1}"] {
        match FullRegex::new(bad) {
            Err(ValueError::InvalidRegex { pattern, reason }) => {
                assert_eq!(pattern, bad);
                assert!(!reason.is_empty());
            }
            other => panic!("{bad:?}: {other:?}"),
        }
    }
    assert_eq!(re("x+").pattern(), "x+");
}

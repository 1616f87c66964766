//! String and byte-buffer operators: cases from libs `filter_op_contains.ut.cpp`,
//! `filter_op_bytebuf.ut.cpp` and `filterchecks/invalid_utf8.cpp`, plus C-string edge cases.

use syssentry_engine::filter::ops::text::{ascii_icontains, c_str, c_strcmp};
use syssentry_engine::filter::ops::{BytesMatcher, BytesOp, StrMatcher, StrOp};

fn s(op: StrOp, rhs: &str, lhs: &str) -> bool {
    StrMatcher::new(op, rhs.as_bytes()).matches(lhs.as_bytes())
}

#[test]
fn upstream_contains_icontains() {
    let name = "/opt/dir/SUBDIR/file.txt";
    assert!(s(StrOp::Contains, "/dir", name));
    assert!(s(StrOp::IContains, "/subdir", name));
    assert!(!s(StrOp::IContains, "notthis", name));
    assert!(!s(StrOp::Contains, "/subdir", name));
    let flags = "O_RDWR|O_CREAT";
    assert!(s(StrOp::Contains, "O_CREAT", flags));
    assert!(!s(StrOp::Contains, "O_TMPFILE", flags));
    assert!(s(StrOp::IContains, "O_CREAT", flags));
}

#[test]
fn upstream_bcontains_bstartswith() {
    let buf = b"hello";
    let bc = |hex: &str| BytesMatcher::from_hex(BytesOp::Contains, hex).map(|m| m.matches(buf));
    let bs = |hex: &str| BytesMatcher::from_hex(BytesOp::StartsWith, hex).map(|m| m.matches(buf));
    assert!(bc("2").is_err());
    assert!(bc("2g").is_err());
    assert_eq!(bc("68656c6c6f"), Ok(true));
    assert_eq!(bc("656c6C"), Ok(true));
    assert_eq!(bc("20"), Ok(false));
    assert_eq!(bc("656c6cAA"), Ok(false));
    assert!(bs("2").is_err());
    assert!(bs("2g").is_err());
    assert_eq!(bs("68"), Ok(true));
    assert_eq!(bs("68656c6c6f"), Ok(true));
    assert_eq!(bs("65"), Ok(false));
    assert_eq!(bs("656c6C"), Ok(false));
    assert_eq!(bs("20"), Ok(false));
    assert_eq!(bs("656c6cAA"), Ok(false));
}

#[test]
fn upstream_bytebuf_with_nul() {
    let buf = b"a\0b";
    assert!(BytesMatcher::new(BytesOp::Eq, b"a\0b").matches(buf));
    assert!(!BytesMatcher::new(BytesOp::Eq, b"ab").matches(buf));
    assert!(BytesMatcher::from_hex(BytesOp::Contains, "610062")
        .unwrap()
        .matches(buf));
    assert!(!BytesMatcher::from_hex(BytesOp::Contains, "610162")
        .unwrap()
        .matches(buf));
    assert!(BytesMatcher::from_hex(BytesOp::StartsWith, "6100")
        .unwrap()
        .matches(buf));
    assert!(!BytesMatcher::from_hex(BytesOp::StartsWith, "6101")
        .unwrap()
        .matches(buf));
    assert!(BytesMatcher::new(BytesOp::Ne, b"a").matches(buf));
    assert!(BytesMatcher::new(BytesOp::EndsWith, b"\0b").matches(buf));
}

#[test]
fn upstream_invalid_utf8_bytes() {
    let name: &[u8] = b"/p\xff/q\xff";
    assert!(StrMatcher::new(StrOp::Eq, b"/p\xff/q\xff").matches(name));
    assert!(StrMatcher::new(StrOp::Contains, b"\xff").matches(name));
    assert!(StrMatcher::new(StrOp::EndsWith, b"\xff").matches(name));
    assert!(!StrMatcher::new(StrOp::Contains, b"\xfe").matches(name));
}

#[test]
fn strings_compare_as_c_strings() {
    assert_eq!(c_str(b"ab\0cd"), b"ab");
    assert!(StrMatcher::new(StrOp::Eq, b"ab").matches(b"ab\0cd"));
    assert!(!StrMatcher::new(StrOp::Ne, b"ab").matches(b"ab\0cd"));
    assert!(!StrMatcher::new(StrOp::Contains, b"cd").matches(b"ab\0cd"));
    assert!(!StrMatcher::new(StrOp::EndsWith, b"cd").matches(b"ab\0cd"));
    assert!(StrMatcher::new(StrOp::EndsWith, b"b").matches(b"ab\0cd"));
    assert!(!ascii_icontains(b"abc", b"abcd"));
}

#[test]
fn ordering_is_strcmp() {
    assert!(s(StrOp::Lt, "b", "a"));
    assert!(s(StrOp::Lt, "ab", "a"));
    assert!(s(StrOp::Gt, "a", "ab"));
    assert!(s(StrOp::Le, "a", "a"));
    assert!(s(StrOp::Ge, "a", "a"));
    assert!(!s(StrOp::Gt, "a", "a"));
    assert!(s(StrOp::Gt, "Z", "a"));
    // Unsigned bytes: 0xff sorts after ASCII.
    assert!(StrMatcher::new(StrOp::Gt, b"z").matches(b"\xff"));
    assert_eq!(c_strcmp(b"a\0z", b"a"), std::cmp::Ordering::Equal);
}

#[test]
fn empty_needles_and_icontains_ascii_only() {
    assert!(s(StrOp::Contains, "", "anything"));
    assert!(s(StrOp::Contains, "", ""));
    assert!(s(StrOp::IContains, "", ""));
    assert!(s(StrOp::StartsWith, "", "x"));
    assert!(s(StrOp::EndsWith, "", "x"));
    assert!(!s(StrOp::StartsWith, "xy", "x"));
    assert!(!s(StrOp::EndsWith, "xy", "y"));
    assert!(s(StrOp::IContains, "bC", "AaBcD"));
    assert!(s(StrOp::IContains, "aab", "AAAB"));
    // Non-ASCII letters are not folded (strcasestr in the C locale).
    assert!(!s(StrOp::IContains, "é", "É"));
    assert!(s(StrOp::IContains, "é", "xé"));
    assert!(BytesMatcher::new(BytesOp::Contains, b"").matches(b""));
}

/// What each operator means on C strings, written the plain way: both sides cut at their first
/// NUL, then compared.
fn reference(op: StrOp, lhs: &[u8], rhs: &[u8]) -> bool {
    let cut = |v: &[u8]| -> Vec<u8> { v.iter().copied().take_while(|&b| b != 0).collect() };
    let (l, r) = (cut(lhs), cut(rhs));
    let lower = |v: &[u8]| v.to_ascii_lowercase();
    match op {
        StrOp::Eq => l == r,
        StrOp::Ne => l != r,
        StrOp::Lt => l < r,
        StrOp::Le => l <= r,
        StrOp::Gt => l > r,
        StrOp::Ge => l >= r,
        StrOp::Contains => r.is_empty() || l.windows(r.len()).any(|w| w == &r[..]),
        StrOp::IContains => r.is_empty() || lower(&l).windows(r.len()).any(|w| w == &lower(&r)[..]),
        StrOp::StartsWith => l.starts_with(&r),
        StrOp::EndsWith => l.ends_with(&r),
        _ => unreachable!("no other operator"),
    }
}

proptest::proptest! {
    /// Every operator agrees with the plain C-string reading, values with NULs included.
    #[test]
    fn operators_read_values_as_c_strings(
        lhs in proptest::collection::vec(proptest::sample::select(b"ab/\0A".to_vec()), 0..10),
        rhs in proptest::collection::vec(proptest::sample::select(b"ab/\0A".to_vec()), 0..4),
    ) {
        for op in [
            StrOp::Eq, StrOp::Ne, StrOp::Lt, StrOp::Le, StrOp::Gt, StrOp::Ge, StrOp::Contains,
            StrOp::IContains, StrOp::StartsWith, StrOp::EndsWith,
        ] {
            proptest::prop_assert_eq!(
                StrMatcher::new(op, &rhs).matches(&lhs),
                reference(op, &lhs, &rhs),
                "{:?} {:?} {:?}", op, lhs, rhs
            );
        }
    }
}

//! Right-hand-side constant parsing (libsinsp `value_parser.cpp` / `sinsp_numparser`), and the
//! numeric comparisons of libs `filter_op_numeric_compare.ut.cpp` on primitive values.
//!
//! Expected integers were recorded from glibc 2.36 `sscanf("%u%c")`-style conversions on
//! x86-64, which is what libsinsp runs.

// `!(a > b)` keeps the shape of the upstream `EXPECT_FALSE(a > b)` cases.
#![allow(clippy::nonminimal_bool)]

use syssentry_engine::filter::ops::value::{
    parse_bool, parse_hex, parse_int, parse_signed, parse_string, parse_string_bytes,
    parse_unsigned,
};
use syssentry_engine::filter::ops::{IntKind, IntValue, ValueError};

#[test]
fn glibc_conversions() {
    // (text, u8, u16, u32, i8, i32, u64, i64)
    type Row = (&'static str, u64, u64, u64, i64, i64, u64, i64);
    let rows: &[Row] = &[
        ("300", 44, 300, 300, 44, 300, 300, 300),
        ("-1", 255, 65535, 4294967295, -1, -1, u64::MAX, -1),
        ("4294967296", 0, 0, 0, 0, 0, 4294967296, 4294967296),
        (
            "99999999999999999999",
            255,
            65535,
            4294967295,
            -1,
            -1,
            u64::MAX,
            i64::MAX,
        ),
        (
            "-99999999999999999999",
            255,
            65535,
            4294967295,
            0,
            0,
            u64::MAX,
            i64::MIN,
        ),
        (
            "2147483648",
            0,
            0,
            2147483648,
            0,
            -2147483648,
            2147483648,
            2147483648,
        ),
        ("-18446744073709551615", 1, 1, 1, 0, 0, 1, i64::MIN),
        (" 12", 12, 12, 12, 12, 12, 12, 12),
        ("\n7", 7, 7, 7, 7, 7, 7, 7),
        ("+5", 5, 5, 5, 5, 5, 5, 5),
        ("-0", 0, 0, 0, 0, 0, 0, 0),
        (
            "-9223372036854775809",
            255,
            65535,
            4294967295,
            0,
            0,
            9223372036854775807,
            i64::MIN,
        ),
    ];
    for &(text, u8v, u16v, u32v, i8v, i32v, u64v, i64v) in rows {
        assert_eq!(
            parse_int(text, IntKind::U8),
            Ok(IntValue::Unsigned(u8v)),
            "{text:?} u8"
        );
        assert_eq!(
            parse_int(text, IntKind::U16),
            Ok(IntValue::Unsigned(u16v)),
            "{text:?} u16"
        );
        assert_eq!(
            parse_int(text, IntKind::U32),
            Ok(IntValue::Unsigned(u32v)),
            "{text:?} u32"
        );
        assert_eq!(
            parse_int(text, IntKind::I8),
            Ok(IntValue::Signed(i8v)),
            "{text:?} i8"
        );
        assert_eq!(
            parse_int(text, IntKind::I32),
            Ok(IntValue::Signed(i32v)),
            "{text:?} i32"
        );
        assert_eq!(
            parse_int(text, IntKind::U64),
            Ok(IntValue::Unsigned(u64v)),
            "{text:?} u64"
        );
        assert_eq!(
            parse_int(text, IntKind::I64),
            Ok(IntValue::Signed(i64v)),
            "{text:?} i64"
        );
    }
}

#[test]
fn rejected_numbers() {
    for text in ["12 ", "0x10", "0X1f", "1.5", "1e3", "", "abc", "1_000", "٣"] {
        for kind in [
            IntKind::U8,
            IntKind::U32,
            IntKind::U64,
            IntKind::I32,
            IntKind::I64,
        ] {
            let err = parse_int(text, kind).unwrap_err();
            assert_eq!(
                err,
                ValueError::InvalidNumber {
                    text: text.to_owned(),
                    kind
                }
            );
            assert_eq!(err.to_string(), format!("{text} is not a valid number"));
        }
    }
}

/// `signed_int_compare`: `evt.cpu` (INT16) = 1, `evt.rawarg.res` (ERRNO, 64-bit) = -22,
/// `fd.num` (FD, 64-bit) = -1, with the constants parsed for the field's type.
#[test]
fn upstream_numeric_compare() {
    let i16c = |t: &str| parse_signed(t, IntKind::I16).unwrap();
    let i64c = |t: &str| parse_signed(t, IntKind::I64).unwrap();
    let cpu: i64 = 1;
    assert!(cpu < i16c("300"));
    assert!(!(cpu > i16c("300")));
    assert!(cpu < i16c("2"));
    assert!(cpu > i16c("-500"));
    assert!(cpu < i16c("500"));
    assert!(cpu <= i16c("500"));
    assert!(cpu <= i16c("1025"));
    assert!(!(cpu >= i16c("1025")));

    let res: i64 = -22;
    assert!(!(res > i64c("0")));
    assert!(res < i64c("0"));
    assert!(!(res > i64c("4294967295")));
    assert!(res < i64c("-1"));
    assert!(res > i64c("-65535"));

    // An unsigned 64-bit field compared with a negative constant sees it wrapped.
    assert_eq!(parse_unsigned("-1", IntKind::U64), Ok(u64::MAX));

    let fd: i64 = -1;
    assert!(!(fd >= i64c("0")));
    assert!(!(fd > i64c("0")));
    assert!(fd < i64c("0"));
    assert!(!(fd > i64c("4294967295")));
    assert!(!(fd < i64c("-1")));
    assert!(fd > i64c("-65535"));
}

#[test]
fn booleans() {
    assert_eq!(parse_bool("true"), Ok(true));
    assert_eq!(parse_bool("false"), Ok(false));
    for bad in ["True", "FALSE", "1", "0", "yes", "", " true"] {
        let err = parse_bool(bad).unwrap_err();
        assert_eq!(
            err,
            ValueError::InvalidBool {
                text: bad.to_owned()
            }
        );
    }
}

#[test]
fn strings_and_hex() {
    assert_eq!(parse_string("/usr/bin/*"), Ok("/usr/bin/*"));
    assert_eq!(parse_string(""), Ok(""));
    assert!(matches!(
        parse_string("x\0"),
        Err(ValueError::NulByte { .. })
    ));
    assert!(matches!(
        parse_string_bytes(b"\xff\0"),
        Err(ValueError::NulByte { .. })
    ));
    assert_eq!(parse_string_bytes(b"\xff"), Ok(&b"\xff"[..]));
    assert_eq!(parse_hex("CAFEbabe"), Ok(vec![0xca, 0xfe, 0xba, 0xbe]));
    assert!(matches!(
        parse_hex("cafebab"),
        Err(ValueError::InvalidHex { .. })
    ));
    assert!(matches!(
        parse_hex("0x00"),
        Err(ValueError::InvalidHex { .. })
    ));
    assert!(matches!(
        parse_hex("ca fe"),
        Err(ValueError::InvalidHex { .. })
    ));
}

//! Timestamps as Falco prints them: the local-time `evt.time` prefix and fields (`evt.time`,
//! `evt.datetime`, ...), the ISO 8601 prefix and field (`evt.time.iso8601`), and the RFC 3339 UTC
//! `time` key of a JSON alert. One calendar conversion serves them all; only the host's offset
//! from UTC ([`local_utc_offset`]) needs the time zone database.
//!
//! Place in the data flow: used by fields (per-event time fields) and by the **output** stage
//! (alert lines and JSON). Writers append to the caller's buffer and never allocate beyond it.

use chrono::{DateTime, Local, Offset};
use std::fmt::Write;

const NANOS: u64 = 1_000_000_000;

/// Largest offset from UTC, in seconds, accepted for the alert prefix (less than a day).
const MAX_OFFSET_SECS: i32 = 86_399;

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Writes `YYYY-MM-DD<sep>HH:MM:SS` for `secs` seconds since the epoch.
fn write_date_time(secs: i64, sep: char, out: &mut String) {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    match u64::try_from(y) {
        Ok(y) => push_digits(out, y, 4),
        Err(_) => {
            let _ = write!(out, "{y:04}");
        }
    }
    out.push('-');
    push_digits(out, u64::from(m), 2);
    out.push('-');
    push_digits(out, u64::from(d), 2);
    out.push(sep);
    write_clock(secs.rem_euclid(86_400) as u64, out);
}

/// `HH:MM:SS` of the seconds into a day.
fn write_clock(s: u64, out: &mut String) {
    push_digits(out, s / 3600, 2);
    out.push(':');
    push_digits(out, (s % 3600) / 60, 2);
    out.push(':');
    push_digits(out, s % 60, 2);
}

/// Appends `v` in decimal, with leading zeros to `width` digits (what `{v:0width$}` writes,
/// without the formatting machinery: every alert line starts with a time).
fn push_digits(out: &mut String, v: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    let mut n = v;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for _ in buf.len() - i..width {
        out.push('0');
    }
    out.extend(buf[i..].iter().map(|&b| char::from(b)));
}

/// Writes `[YYYY-MM-DD ]HH:MM:SS[.nnnnnnnnn]` for `ts_ns` shifted by `offset` seconds
/// (libsinsp `ts_to_string`; the `evt.time`/`evt.datetime` fields).
pub(crate) fn write_datetime(ts_ns: u64, offset: i32, date: bool, ns: bool, out: &mut String) {
    let secs = (ts_ns / NANOS) as i64 + i64::from(offset);
    if date {
        write_date_time(secs, ' ', out);
    } else {
        write_clock(secs.rem_euclid(86_400) as u64, out);
    }
    if ns {
        out.push('.');
        push_digits(out, ts_ns % NANOS, 9);
    }
}

/// `HH:MM:SS.nnnnnnnnn` in the local time given by its offset from UTC (Falco's `evt.time`).
/// An offset of a day or more is taken as UTC.
pub fn write_local_time(ts_ns: u64, utc_offset_secs: i32, out: &mut String) {
    let offset = if (-MAX_OFFSET_SECS..=MAX_OFFSET_SECS).contains(&utc_offset_secs) {
        utc_offset_secs
    } else {
        0
    };
    write_datetime(ts_ns, offset, false, true, out);
}

/// The host's local offset from UTC, in seconds, at the instant `ts_ns` (from the `TZ` variable or
/// the system time zone database).
pub fn local_utc_offset(ts_ns: u64) -> i32 {
    let utc = DateTime::from_timestamp((ts_ns / NANOS) as i64, (ts_ns % NANOS) as u32)
        .unwrap_or_default();
    utc.with_timezone(&Local).offset().fix().local_minus_utc()
}

/// Writes `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn` in UTC.
fn write_utc_nanos(ts_ns: u64, out: &mut String) {
    write_date_time((ts_ns / NANOS) as i64, 'T', out);
    out.push('.');
    push_digits(out, ts_ns % NANOS, 9);
}

/// `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000` in UTC (Falco's `evt.time.iso8601`, libsinsp
/// `ts_to_iso_8601`): the ISO 8601 alert prefix and the `evt.time.iso8601` field.
pub fn write_iso8601(ts_ns: u64, out: &mut String) {
    write_utc_nanos(ts_ns, out);
    out.push_str("+0000");
}

/// `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` in UTC: the `time` key of a JSON alert.
pub fn rfc3339_nanos(ts_ns: u64) -> String {
    let mut out = String::with_capacity(30);
    write_utc_nanos(ts_ns, &mut out);
    out.push('Z');
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn digits_are_padded_as_the_format_machinery_pads_them() {
        for (v, w) in [(0u64, 2), (7, 2), (59, 2), (123, 2), (5, 9), (881_781_397, 9), (1970, 4), (99, 4), (u64::MAX, 4)] {
            let mut s = String::new();
            push_digits(&mut s, v, w);
            assert_eq!(s, format!("{v:0w$}"));
        }
    }
    use super::*;
    use chrono::FixedOffset;

    #[test]
    fn utc_forms() {
        // 2016-08-04T16:17:57.881781397Z, the instant of an upstream JSON example.
        let ts = 1_470_327_477_881_781_397;
        assert_eq!(rfc3339_nanos(ts), "2016-08-04T16:17:57.881781397Z");
        let mut s = String::new();
        write_iso8601(ts, &mut s);
        assert_eq!(s, "2016-08-04T16:17:57.881781397+0000");
    }

    #[test]
    fn local_form_applies_the_offset() {
        let mut s = String::new();
        write_local_time(1_470_327_477_000_000_042, 0, &mut s);
        assert_eq!(s, "16:17:57.000000042");
        s.clear();
        write_local_time(1_470_327_477_000_000_042, -5 * 3600, &mut s);
        assert_eq!(s, "11:17:57.000000042");
    }

    #[test]
    fn field_forms() {
        let ts = 1_470_327_477_881_781_397;
        let mut s = String::new();
        write_datetime(ts, 0, false, true, &mut s);
        assert_eq!(s, "16:17:57.881781397");
        s.clear();
        write_datetime(ts, 7200, true, false, &mut s);
        assert_eq!(s, "2016-08-04 18:17:57");
        s.clear();
        write_datetime(0, 0, true, true, &mut s);
        assert_eq!(s, "1970-01-01 00:00:00.000000000");
    }

    /// The calendar conversion agrees with chrono's (which the alert prefix and JSON time used
    /// before they shared it) over the whole `u64` range and every valid offset.
    #[test]
    fn agrees_with_chrono() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut samples = vec![
            0,
            1,
            NANOS - 1,
            NANOS,
            951_782_400 * NANOS,
            u64::MAX,
            u64::MAX - NANOS,
        ];
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            samples.push(x);
        }
        for (i, &ts) in samples.iter().enumerate() {
            let utc = DateTime::from_timestamp((ts / NANOS) as i64, (ts % NANOS) as u32).unwrap();
            let mut s = String::new();
            write_iso8601(ts, &mut s);
            assert_eq!(
                s,
                format!("{}.{:09}+0000", utc.format("%Y-%m-%dT%H:%M:%S"), ts % NANOS)
            );
            assert_eq!(
                rfc3339_nanos(ts),
                format!("{}.{:09}Z", utc.format("%Y-%m-%dT%H:%M:%S"), ts % NANOS)
            );
            for off in [
                0,
                -MAX_OFFSET_SECS,
                MAX_OFFSET_SECS,
                (i as i32 * 7919) % 86_400 - 43_200,
            ] {
                let t = utc.with_timezone(&FixedOffset::east_opt(off).unwrap());
                s.clear();
                write_local_time(ts, off, &mut s);
                assert_eq!(s, format!("{}.{:09}", t.format("%H:%M:%S"), ts % NANOS));
            }
        }
        let mut s = String::new();
        write_local_time(1_470_327_477_000_000_042, 86_400, &mut s);
        assert_eq!(s, "16:17:57.000000042", "an offset of a day is UTC");
    }
}

//! Timestamps as Falco prints them: the local-time `evt.time` prefix, the ISO 8601 prefix, and the
//! RFC 3339 UTC `time` key of a JSON alert. Output stage of the data flow.

use chrono::{DateTime, FixedOffset, Local, Offset, Utc};
use std::fmt::Write;

const NANOS: u64 = 1_000_000_000;

fn utc(ts_ns: u64) -> DateTime<Utc> {
    DateTime::from_timestamp((ts_ns / NANOS) as i64, (ts_ns % NANOS) as u32).unwrap_or_default()
}

/// `HH:MM:SS.nnnnnnnnn` in the local time given by its offset from UTC (Falco's `evt.time`).
pub fn write_local_time(ts_ns: u64, utc_offset_secs: i32, out: &mut String) {
    let offset = FixedOffset::east_opt(utc_offset_secs).unwrap_or(FixedOffset::east_opt(0).expect("zero offset"));
    let t = utc(ts_ns).with_timezone(&offset);
    let _ = write!(out, "{}.{:09}", t.format("%H:%M:%S"), ts_ns % NANOS);
}

/// The host's local offset from UTC, in seconds, at the instant `ts_ns` (from the `TZ` variable or
/// the system time zone database).
pub fn local_utc_offset(ts_ns: u64) -> i32 {
    utc(ts_ns).with_timezone(&Local).offset().fix().local_minus_utc()
}

/// `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000` in UTC (Falco's `evt.time.iso8601`).
pub fn write_iso8601(ts_ns: u64, out: &mut String) {
    let _ = write!(out, "{}.{:09}+0000", utc(ts_ns).format("%Y-%m-%dT%H:%M:%S"), ts_ns % NANOS);
}

/// `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` in UTC: the `time` key of a JSON alert.
pub fn rfc3339_nanos(ts_ns: u64) -> String {
    format!("{}.{:09}Z", utc(ts_ns).format("%Y-%m-%dT%H:%M:%S"), ts_ns % NANOS)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

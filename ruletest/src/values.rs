//! Scalar values of test files: integers (decimal, `0x`, `0o`, octal modes), flag names joined
//! with `|`, errno and signal names, socket addresses and tuples, RFC 3339 times, working
//! directories.
//!
//! Place in the data flow: test file text → reader → **these parsers** → event parameters and
//! seeded state. Each parser returns `None` (or the offending part) and leaves positions to the
//! caller.

use syssentry_engine::event::flags::FlagTable;
use syssentry_engine::event::{names, SockAddr, SockTuple};
use std::net::SocketAddr;

/// A signed integer: decimal, or `0x`/`0o`/`0b` prefixed, optionally negative.
pub fn parse_i64(text: &str) -> Option<i64> {
    let t = text.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let mag = parse_unsigned(body, false)?;
    if neg {
        0i64.checked_sub_unsigned(mag)
    } else {
        i64::try_from(mag).ok()
    }
}

/// An unsigned integer: decimal, or `0x`/`0o`/`0b` prefixed; with `octal_default`, a number
/// written with a leading `0` (`0644`) is octal, as modes are usually written.
pub fn parse_u64(text: &str, octal_default: bool) -> Option<u64> {
    parse_unsigned(
        text.trim().strip_prefix('+').unwrap_or(text.trim()),
        octal_default,
    )
}

fn parse_unsigned(t: &str, octal_default: bool) -> Option<u64> {
    let t = t.replace('_', "");
    if t.is_empty() || t.starts_with(['+', '-']) {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    if let Some(h) = lower.strip_prefix("0x") {
        u64::from_str_radix(h, 16).ok()
    } else if let Some(o) = lower.strip_prefix("0o") {
        u64::from_str_radix(o, 8).ok()
    } else if let Some(b) = lower.strip_prefix("0b") {
        u64::from_str_radix(b, 2).ok()
    } else if octal_default && t.len() > 1 && t.starts_with('0') {
        u64::from_str_radix(&t[1..], 8).ok()
    } else {
        t.parse().ok()
    }
}

/// A return value or errno-typed parameter: an integer, or an errno name (`EACCES` or
/// `-EACCES`, both meaning -13, as the kernel returns it).
pub fn parse_errno(text: &str) -> Option<i64> {
    if let Some(v) = parse_i64(text) {
        return Some(v);
    }
    let name = text.trim().trim_start_matches('-');
    names::errno_value(name).map(|v| -v)
}

/// A signal: a number or a name (`SIGKILL`).
pub fn parse_signal(text: &str) -> Option<u64> {
    parse_u64(text, false).or_else(|| names::signal_value(text.trim()))
}

/// A flags value: integers and names of `table` joined with `|` (`O_WRONLY|O_CREAT`), OR-ed.
/// `Err` carries the first name that is neither a number nor in the table.
pub fn parse_flags(text: &str, table: Option<FlagTable>) -> Result<u64, &str> {
    let mut v = 0u64;
    let mut any = false;
    for part in text.split('|') {
        let part = part.trim();
        if part.is_empty() {
            return Err(part);
        }
        any = true;
        if let Some(n) = parse_u64(part, false) {
            v |= n;
            continue;
        }
        match table.and_then(|t| t.iter().find(|(name, _)| *name == part)) {
            Some((_, bits)) => v |= u64::from(*bits),
            None => return Err(part),
        }
    }
    if any {
        Ok(v)
    } else {
        Err(text)
    }
}

/// The names of a flag table, for messages.
pub fn flag_names(table: Option<FlagTable>) -> String {
    match table {
        Some(t) if !t.is_empty() => t.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
        _ => "numbers only".to_string(),
    }
}

/// A socket address: `ip:port` (IPv6 as `[addr]:port`), or a unix socket path (`/run/x.sock`,
/// or `@name` for the abstract namespace).
pub fn parse_sockaddr(text: &str) -> Option<SockAddr<&str>> {
    let t = text.trim();
    if t.starts_with('/') || t.starts_with('@') {
        return Some(SockAddr::Unix(t));
    }
    match t.parse::<SocketAddr>().ok()? {
        SocketAddr::V4(a) => Some(SockAddr::Inet(*a.ip(), a.port())),
        SocketAddr::V6(a) => Some(SockAddr::Inet6(*a.ip(), a.port())),
    }
}

/// A socket tuple as the calling side reports it, `source->destination`: `ip:port->ip:port`
/// (IPv6 in brackets; both ends of one family), or for unix sockets `/path` or
/// `<hex>-><hex> /path` (the kernel socket pointers, as `fd.name` shows them).
pub fn parse_tuple(text: &str) -> Option<SockTuple<&str>> {
    let t = text.trim();
    if t.starts_with('/') || t.starts_with('@') {
        return Some(SockTuple::Unix {
            src: 0,
            dst: 0,
            path: t,
        });
    }
    let (left, right) = t.split_once("->")?;
    if let Some((dst, path)) = right.split_once(' ') {
        let src = u64::from_str_radix(left.trim(), 16).ok()?;
        let dst = u64::from_str_radix(dst.trim(), 16).ok()?;
        return Some(SockTuple::Unix {
            src,
            dst,
            path: path.trim(),
        });
    }
    let s: SocketAddr = left.trim().parse().ok()?;
    let d: SocketAddr = right.trim().parse().ok()?;
    match (s, d) {
        (SocketAddr::V4(s), SocketAddr::V4(d)) => Some(SockTuple::Inet {
            sip: *s.ip(),
            sport: s.port(),
            dip: *d.ip(),
            dport: d.port(),
        }),
        (SocketAddr::V6(s), SocketAddr::V6(d)) => Some(SockTuple::Inet6 {
            sip: *s.ip(),
            sport: s.port(),
            dip: *d.ip(),
            dport: d.port(),
        }),
        _ => None,
    }
}

/// An RFC 3339 time (`2026-01-02T03:04:05.5Z`) as nanoseconds since the epoch.
pub fn parse_time(text: &str) -> Option<u64> {
    let t = chrono::DateTime::parse_from_rfc3339(text.trim()).ok()?;
    u64::try_from(t.timestamp_nanos_opt()?).ok()
}

/// A boolean: `true`/`false` in any case.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// A directory with a trailing `/`, as the state keeps working directories.
pub(crate) fn dir_with_slash(mut d: String) -> String {
    if !d.ends_with('/') {
        d.push('/');
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use syssentry_engine::event::flags::FILE_FLAGS;

    #[test]
    fn integers() {
        assert_eq!(parse_i64("-100"), Some(-100));
        assert_eq!(parse_i64("0x10"), Some(16));
        assert_eq!(parse_i64("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_i64("9223372036854775808"), None);
        assert_eq!(parse_i64("12a"), None);
        assert_eq!(parse_u64("0644", true), Some(0o644));
        assert_eq!(parse_u64("0644", false), Some(644));
        assert_eq!(parse_u64("0o17", false), Some(15));
        assert_eq!(parse_u64("-1", false), None);
        assert_eq!(parse_errno("EACCES"), Some(-13));
        assert_eq!(parse_errno("-ENOENT"), Some(-2));
        assert_eq!(parse_errno("ENOPE"), None);
        assert_eq!(parse_signal("SIGKILL"), Some(9));
    }

    #[test]
    fn flags() {
        assert_eq!(parse_flags("O_WRONLY|O_CREAT", Some(FILE_FLAGS)), Ok(2 | 4));
        assert_eq!(
            parse_flags(" O_RDONLY | 0x1000 ", Some(FILE_FLAGS)),
            Ok(1 | 0x1000)
        );
        assert_eq!(
            parse_flags("O_WRONLY|O_NOPE", Some(FILE_FLAGS)),
            Err("O_NOPE")
        );
        assert_eq!(parse_flags("O_WRONLY||O_CREAT", Some(FILE_FLAGS)), Err(""));
    }

    #[test]
    fn addresses_and_tuples() {
        assert_eq!(
            parse_sockaddr("10.0.0.1:80"),
            Some(SockAddr::Inet([10, 0, 0, 1].into(), 80))
        );
        assert_eq!(
            parse_sockaddr("[::1]:443"),
            Some(SockAddr::Inet6(std::net::Ipv6Addr::LOCALHOST, 443))
        );
        assert_eq!(
            parse_sockaddr("/run/docker.sock"),
            Some(SockAddr::Unix("/run/docker.sock"))
        );
        assert_eq!(parse_sockaddr("10.0.0.1"), None);
        assert_eq!(
            parse_tuple("10.0.0.5:51000->169.254.169.254:80"),
            Some(SockTuple::Inet {
                sip: [10, 0, 0, 5].into(),
                sport: 51000,
                dip: [169, 254, 169, 254].into(),
                dport: 80
            })
        );
        assert!(matches!(
            parse_tuple("[fe80::1]:5->[2001:db8::2]:443"),
            Some(SockTuple::Inet6 {
                sport: 5,
                dport: 443,
                ..
            })
        ));
        assert_eq!(parse_tuple("10.0.0.5:1->[::1]:2"), None);
        assert_eq!(
            parse_tuple("ffff1->ffff2 /run/x.sock"),
            Some(SockTuple::Unix {
                src: 0xffff1,
                dst: 0xffff2,
                path: "/run/x.sock"
            })
        );
        assert_eq!(
            parse_tuple("/run/x.sock"),
            Some(SockTuple::Unix {
                src: 0,
                dst: 0,
                path: "/run/x.sock"
            })
        );
    }

    #[test]
    fn times() {
        assert_eq!(
            parse_time("2026-01-02T03:04:05Z"),
            Some(1_767_323_045_000_000_000)
        );
        assert_eq!(
            parse_time("2026-01-02T04:04:05.5+01:00"),
            Some(1_767_323_045_500_000_000)
        );
        assert_eq!(parse_time("yesterday"), None);
    }
}

//! Text parsers for one process's procfs files: `stat`, `status`, `cgroup`, `cmdline`,
//! `environ`, `limits` and `fdinfo`.
//!
//! Place in the data flow: /proc at start → **these parsers** → the seeded threads (procfs) →
//! state. Every parser takes text and returns what it could read; nothing here fails on
//! malformed input.

use syssentry_engine::event::ppm::open as ppm_open;

/// The fields of `/proc/<pid>/stat` the state needs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stat {
    /// `comm`, the text between the first `(` and the last `)`.
    pub comm: String,
    /// Parent pid.
    pub ppid: i64,
    /// Process group id.
    pub pgrp: i64,
    /// Session id.
    pub session: i64,
    /// Controlling terminal device number.
    pub tty_nr: u32,
    /// Start time in clock ticks after boot.
    pub starttime: u64,
}

/// Parses `stat` text.
pub fn parse_stat(text: &str) -> Option<Stat> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let comm = text.get(open + 1..close)?.to_string();
    // Fields after the name, starting at field 3 (state).
    let rest: Vec<&str> = text.get(close + 1..)?.split_whitespace().collect();
    let field = |n: usize| rest.get(n - 3).copied();
    Some(Stat {
        comm,
        ppid: field(4)?.parse().ok()?,
        pgrp: field(5)?.parse().ok()?,
        session: field(6)?.parse().ok()?,
        tty_nr: field(7)?.parse::<i64>().ok()? as u32,
        starttime: field(22)?.parse().ok()?,
    })
}

/// The fields of `/proc/<pid>/status` the state needs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Status {
    /// Thread group id.
    pub tgid: i64,
    /// Parent pid.
    pub ppid: i64,
    /// Effective uid.
    pub euid: u32,
    /// Effective gid.
    pub egid: u32,
    /// Inheritable, permitted and effective capability sets.
    pub caps: (u64, u64, u64),
    /// Thread id in the innermost pid namespace (last `NSpid` value).
    pub vtid: Option<i64>,
    /// Process id in the innermost pid namespace (last `NStgid` value).
    pub vpid: Option<i64>,
    /// Process group in the innermost pid namespace (last `NSpgid` value).
    pub vpgid: Option<i64>,
}

/// Parses `status` text.
pub fn parse_status(text: &str) -> Status {
    let mut s = Status::default();
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else { continue };
        let mut words = value.split_whitespace();
        let last = value.split_whitespace().last().and_then(|v| v.parse().ok());
        let hex = |v: &str| u64::from_str_radix(v.trim(), 16).unwrap_or(0);
        match key {
            "Tgid" => s.tgid = words.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            "PPid" => s.ppid = words.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            "Uid" => s.euid = words.nth(1).and_then(|v| v.parse().ok()).unwrap_or(0),
            "Gid" => s.egid = words.nth(1).and_then(|v| v.parse().ok()).unwrap_or(0),
            "CapInh" => s.caps.0 = hex(value),
            "CapPrm" => s.caps.1 = hex(value),
            "CapEff" => s.caps.2 = hex(value),
            "NSpid" => s.vtid = last,
            "NStgid" => s.vpid = last,
            "NSpgid" => s.vpgid = last,
            _ => {}
        }
    }
    s
}

/// Parses `cgroup` text into `subsystem=path` entries (one per v1 controller, named
/// hierarchies without their `name=` prefix) and the raw paths of every line, v2 included
/// (what container ids are read from).
pub fn parse_cgroup(text: &str) -> (Vec<String>, Vec<String>) {
    let mut entries = Vec::new();
    let mut paths = Vec::new();
    for line in text.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(_id), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        paths.push(path.to_string());
        for c in controllers.split(',').filter(|c| !c.is_empty()) {
            let c = c.strip_prefix("name=").unwrap_or(c);
            entries.push(format!("{c}={path}"));
        }
    }
    (entries, paths)
}

/// Splits NUL-separated text (`cmdline`, `environ`) into at most `max_items` strings; a final
/// NUL does not start an empty item. Invalid UTF-8 is replaced.
pub fn split_nul(bytes: &[u8], max_items: usize) -> Vec<String> {
    let bytes = bytes.strip_suffix(b"\0").unwrap_or(bytes);
    if bytes.is_empty() {
        return Vec::new();
    }
    bytes
        .split(|b| *b == 0)
        .take(max_items)
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect()
}

/// The soft limit on open files from `limits` text (`Max open files  <soft> <hard> files`).
pub fn parse_fd_limit(text: &str) -> Option<i64> {
    let line = text.lines().find(|l| l.starts_with("Max open files"))?;
    let soft = line.get("Max open files".len()..)?.split_whitespace().next()?;
    if soft == "unlimited" {
        return Some(i64::MAX);
    }
    soft.parse().ok()
}

/// The open flags in `fdinfo` text (`flags:\t0100002`, octal kernel flags) in PPM encoding.
pub fn parse_fdinfo_flags(text: &str) -> Option<u32> {
    let line = text.lines().find(|l| l.starts_with("flags:"))?;
    let raw = u32::from_str_radix(line["flags:".len()..].trim(), 8).ok()?;
    Some(open_flags_to_ppm(raw))
}

/// Kernel `O_*` flags (x86-64 / generic values) to the PPM encoding.
pub fn open_flags_to_ppm(raw: u32) -> u32 {
    let mut f = match raw & 0o3 {
        0 => ppm_open::O_RDONLY,
        1 => ppm_open::O_WRONLY,
        _ => ppm_open::O_RDWR,
    };
    const MAP: [(u32, u32); 11] = [
        (0o100, ppm_open::O_CREAT),
        (0o200, ppm_open::O_EXCL),
        (0o1000, ppm_open::O_TRUNC),
        (0o2000, ppm_open::O_APPEND),
        (0o4000, ppm_open::O_NONBLOCK),
        (0o10000, ppm_open::O_DSYNC),
        (0o40000, ppm_open::O_DIRECT),
        (0o100000, ppm_open::O_LARGEFILE),
        (0o200000, ppm_open::O_DIRECTORY),
        (0o2000000, ppm_open::O_CLOEXEC),
        (0o4010000, ppm_open::O_SYNC),
    ];
    for (k, p) in MAP {
        if raw & k == k {
            f |= p;
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_with_spaces_and_parens_in_comm() {
        let s = parse_stat("4242 (a (b) c) S 1 4242 4240 34817 4242 4194560 0 0 0 0 3 1 0 0 20 0 1 0 1234567 0 0").unwrap();
        assert_eq!(s.comm, "a (b) c");
        assert_eq!((s.ppid, s.pgrp, s.session, s.tty_nr, s.starttime), (1, 4242, 4240, 34817, 1234567));
        assert_eq!(parse_stat("4242 (x) S 1"), None);
    }

    #[test]
    fn status_fields() {
        let s = parse_status(
            "Name:\tbash\nTgid:\t300\nPPid:\t1\nUid:\t1000\t0\t0\t0\nGid:\t1000\t27\t27\t27\n\
NStgid:\t300\t12\nNSpid:\t301\t13\nNSpgid:\t300\t12\nCapInh:\t0000000000000000\nCapPrm:\t00000000a80425fb\nCapEff:\t0000000000000400\n",
        );
        assert_eq!((s.tgid, s.ppid, s.euid, s.egid), (300, 1, 0, 27));
        assert_eq!(s.caps, (0, 0xa80425fb, 0x400));
        assert_eq!((s.vtid, s.vpid, s.vpgid), (Some(13), Some(12), Some(12)));
    }

    #[test]
    fn cgroups_v1_named_and_v2() {
        let (entries, paths) = parse_cgroup("9:name=systemd:/\n4:cpu,cpuacct:/docker/abc\n0::/user.slice\n");
        assert_eq!(entries, ["systemd=/", "cpu=/docker/abc", "cpuacct=/docker/abc"]);
        assert_eq!(paths, ["/", "/docker/abc", "/user.slice"]);
    }

    #[test]
    fn nul_lists_limits_and_flags() {
        assert_eq!(split_nul(b"cat\0/etc/shadow\0", 10), ["cat", "/etc/shadow"]);
        assert_eq!(split_nul(b"a\0b\0c\0", 2), ["a", "b"]);
        assert!(split_nul(b"", 5).is_empty());
        assert_eq!(parse_fd_limit("Limit Soft Hard Units\nMax open files            1024                 524288               files\n"), Some(1024));
        let f = parse_fdinfo_flags("pos:\t0\nflags:\t02100001\nmnt_id:\t21\n").unwrap();
        assert_eq!(f, ppm_open::O_WRONLY | ppm_open::O_LARGEFILE | ppm_open::O_CLOEXEC);
        assert!(open_flags_to_ppm(0o4010000) & ppm_open::O_SYNC != 0);
        assert!(open_flags_to_ppm(0o10000) & ppm_open::O_SYNC == 0);
    }
}

//! Sockets and interface addresses from procfs text: `net/{tcp,tcp6,udp,udp6,unix,netlink}`
//! map socket inodes to what the fd table needs; `net/fib_trie` and `net/if_inet6` give the
//! host's own addresses.
//!
//! Place in the data flow: /proc at start → **socket and address tables** → the seeded fds of
//! each process (procfs) → state → `fd.*` fields. Parsers take text and never fail: lines
//! they cannot read are skipped.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use syssentry_engine::state::{Fd, FdKind, IpTuple, L4Proto};

/// What a socket inode is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SockInfo {
    /// An IP socket: protocol, local and remote endpoints, listening or not.
    Ip {
        /// TCP or UDP.
        proto: L4Proto,
        /// Local address and port.
        local: (IpAddr, u16),
        /// Remote address and port (unspecified address and 0 when not connected).
        remote: (IpAddr, u16),
        /// Listening (TCP state LISTEN) or an unconnected UDP socket.
        listening: bool,
    },
    /// A unix-domain socket: its kernel address and bound path (empty when unbound).
    Unix {
        /// Kernel address of the socket (the `Num` column).
        addr: u64,
        /// Path, `@name` for abstract sockets.
        path: String,
    },
    /// A netlink socket.
    Netlink,
}

impl SockInfo {
    /// The fd this socket is, as the state tables hold it.
    pub fn to_fd(&self) -> Fd {
        match self {
            SockInfo::Ip { proto, local, remote, listening } => {
                let v6 = matches!(local.0, IpAddr::V6(a) if a.to_ipv4_mapped().is_none());
                let kind = match (v6, *listening) {
                    (false, true) => FdKind::Ipv4ServSock,
                    (true, true) => FdKind::Ipv6ServSock,
                    (false, false) => FdKind::Ipv4Sock,
                    (true, false) => FdKind::Ipv6Sock,
                };
                let mut fd = Fd::new(kind, "");
                fd.l4proto = *proto;
                // /proc tells local and remote, not who connected: the local side is written
                // first, as the client, like libscap does for sockets found at start.
                fd.tuple = Some(if *listening {
                    IpTuple { cip: remote.0, cport: 0, sip: local.0, sport: local.1 }
                } else {
                    IpTuple { cip: local.0, cport: local.1, sip: remote.0, sport: remote.1 }
                });
                fd.connected = !*listening;
                fd.refresh_socket_name();
                fd
            }
            SockInfo::Unix { addr, path } => {
                let mut fd = Fd::new(FdKind::Unix, path);
                fd.unix = Some((*addr, 0));
                fd
            }
            SockInfo::Netlink => Fd::new(FdKind::Netlink, ""),
        }
    }
}

/// Socket inode → socket, for one network namespace.
pub type SocketTable = HashMap<u64, SockInfo>;

/// Parses `net/tcp`, `net/udp` (IPv4) or `net/tcp6`, `net/udp6` (IPv6) text into `out`.
pub fn parse_inet(text: &str, proto: L4Proto, out: &mut SocketTable) {
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 10 {
            continue;
        }
        let (Some(local), Some(remote)) = (parse_endpoint(cols[1]), parse_endpoint(cols[2])) else {
            continue;
        };
        let Ok(state) = u8::from_str_radix(cols[3], 16) else { continue };
        let Ok(inode) = cols[9].parse::<u64>() else { continue };
        if inode == 0 {
            continue;
        }
        let listening = match proto {
            // TCP_LISTEN
            L4Proto::Tcp => state == 0x0A,
            _ => remote.0.is_unspecified() && remote.1 == 0,
        };
        out.insert(inode, SockInfo::Ip { proto, local, remote, listening });
    }
}

/// `0100007F:1F90` (IPv4) or 32 hex digits `:port` (IPv6): addresses are written as 32-bit
/// words in host byte order.
fn parse_endpoint(s: &str) -> Option<(IpAddr, u16)> {
    let (addr, port) = s.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let ip = match addr.len() {
        8 => IpAddr::V4(Ipv4Addr::from(u32::from_str_radix(addr, 16).ok()?.to_ne_bytes())),
        32 => {
            let mut bytes = [0u8; 16];
            for (i, chunk) in bytes.chunks_mut(4).enumerate() {
                let word = u32::from_str_radix(addr.get(i * 8..i * 8 + 8)?, 16).ok()?;
                chunk.copy_from_slice(&word.to_ne_bytes());
            }
            IpAddr::V6(Ipv6Addr::from(bytes))
        }
        _ => return None,
    };
    Some((ip, port))
}

/// Parses `net/unix` text into `out`.
pub fn parse_unix(text: &str, out: &mut SocketTable) {
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 7 {
            continue;
        }
        let Ok(addr) = u64::from_str_radix(cols[0].trim_end_matches(':'), 16) else { continue };
        let Ok(inode) = cols[6].parse::<u64>() else { continue };
        let path = cols.get(7).map(|p| p.to_string()).unwrap_or_default();
        out.insert(inode, SockInfo::Unix { addr, path });
    }
}

/// Parses `net/netlink` text into `out`.
pub fn parse_netlink(text: &str, out: &mut SocketTable) {
    for line in text.lines().skip(1) {
        if let Some(Ok(inode)) = line.split_whitespace().nth(9).map(str::parse::<u64>) {
            out.insert(inode, SockInfo::Netlink);
        }
    }
}

/// The host's IPv4 addresses: the `/32 host LOCAL` entries of `net/fib_trie` text.
pub fn parse_fib_trie_local(text: &str, out: &mut Vec<IpAddr>) {
    let mut last: Option<Ipv4Addr> = None;
    for line in text.lines() {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix("|-- ") {
            last = rest.trim().parse().ok();
        } else if t.starts_with("/32 host LOCAL") {
            if let Some(a) = last {
                let ip = IpAddr::V4(a);
                if !out.contains(&ip) {
                    out.push(ip);
                }
            }
        }
    }
}

/// The host's IPv6 addresses from `net/if_inet6` text (32 hex digits first on each line).
pub fn parse_if_inet6(text: &str, out: &mut Vec<IpAddr>) {
    for line in text.lines() {
        let Some(hex) = line.split_whitespace().next() else { continue };
        let Ok(v) = u128::from_str_radix(hex, 16) else { continue };
        if hex.len() != 32 {
            continue;
        }
        let ip = IpAddr::V6(Ipv6Addr::from(v));
        if !out.contains(&ip) {
            out.push(ip);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inet_tables() {
        let tcp = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n\
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1060 1 0 100 0 0 10 0\n\
   1: 0F02000A:D2F0 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 1061 1 0 100 0 0 10 0\n\
   2: garbage\n";
        let mut t = SocketTable::new();
        parse_inet(tcp, L4Proto::Tcp, &mut t);
        assert_eq!(t.len(), 2);
        let listen = t[&1060].to_fd();
        assert_eq!((listen.kind, listen.name.as_ref()), (FdKind::Ipv4ServSock, "127.0.0.1:8080"));
        let conn = t[&1061].to_fd();
        assert_eq!((conn.kind, conn.name.as_ref()), (FdKind::Ipv4Sock, "10.0.2.15:54000->127.0.0.1:8080"));
        assert!(conn.connected);

        let tcp6 = "header\n   0: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 0:0 0:0 0 0 0 77 1\n";
        parse_inet(tcp6, L4Proto::Tcp, &mut t);
        let fd = t[&77].to_fd();
        assert_eq!((fd.kind, fd.name.as_ref()), (FdKind::Ipv6ServSock, "::1:22"));
    }

    #[test]
    fn unix_netlink_and_addresses() {
        let mut t = SocketTable::new();
        parse_unix(
            "Num       RefCount Protocol Flags    Type St Inode Path\n\
0000000050e05b25: 00000003 00000000 00000000 0001 03  1056 /run/systemd/journal/stdout\n\
00000000d14e9d59: 00000003 00000000 00000000 0001 03  1057\n",
            &mut t,
        );
        assert_eq!(t[&1056], SockInfo::Unix { addr: 0x50e05b25, path: "/run/systemd/journal/stdout".into() });
        assert_eq!(t[&1057].to_fd().kind, FdKind::Unix);
        parse_netlink("sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode\n0000000065f332ac 4 0 00000000 0 0 0 2 0 565\n", &mut t);
        assert_eq!(t[&565], SockInfo::Netlink);

        let mut addrs = Vec::new();
        parse_fib_trie_local(
            "Main:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 127.0.0.1\n        /32 host LOCAL\n     |-- 127.255.255.255\n        /32 link BROADCAST\n     |-- 192.0.2.10\n        /32 host LOCAL\nLocal:\n     |-- 192.0.2.10\n        /32 host LOCAL\n",
            &mut addrs,
        );
        parse_if_inet6("fd000000000000000000000000000002 04 40 00 82     eth0\n", &mut addrs);
        let want: Vec<IpAddr> = ["127.0.0.1", "192.0.2.10", "fd00::2"].iter().map(|s| s.parse().unwrap()).collect();
        assert_eq!(addrs, want);
    }
}

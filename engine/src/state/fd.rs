//! File descriptors of a process: what `fd.*` reads.
//!
//! Place in the data flow: event (open, socket, connect, dup, close, ...) → **fd table of the
//! process** → fields. `fd.name` of sockets is computed when the socket changes (connect,
//! accept, sendto), not per event.

use std::{fmt::Write as _, net::IpAddr};

/// The kind of object an fd refers to (libsinsp `scap_fd_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FdKind {
    /// Regular file.
    File,
    /// Directory (opened with `O_DIRECTORY`).
    Directory,
    /// IPv4 socket (connected or unconnected).
    Ipv4Sock,
    /// IPv6 socket.
    Ipv6Sock,
    /// IPv4 listening socket known only by its local address.
    Ipv4ServSock,
    /// IPv6 listening socket known only by its local address.
    Ipv6ServSock,
    /// Unix-domain socket.
    Unix,
    /// Pipe or FIFO.
    Pipe,
    /// eventfd.
    Event,
    /// signalfd.
    Signal,
    /// epoll.
    EventPoll,
    /// inotify.
    Inotify,
    /// timerfd.
    Timerfd,
    /// Netlink socket.
    Netlink,
    /// BPF object.
    Bpf,
    /// userfaultfd.
    Userfaultfd,
    /// io_uring.
    IoUring,
    /// memfd.
    Memfd,
    /// pidfd.
    Pidfd,
    /// Unknown type.
    Unknown,
}

impl FdKind {
    /// `fd.typechar`.
    pub fn typechar(self) -> char {
        match self {
            FdKind::File => 'f',
            FdKind::Directory => 'd',
            FdKind::Ipv4Sock | FdKind::Ipv4ServSock => '4',
            FdKind::Ipv6Sock | FdKind::Ipv6ServSock => '6',
            FdKind::Unix | FdKind::Userfaultfd => 'u',
            FdKind::Pipe => 'p',
            FdKind::Event => 'e',
            FdKind::Signal => 's',
            FdKind::EventPoll => 'l',
            FdKind::Inotify => 'i',
            FdKind::Timerfd => 't',
            FdKind::Netlink => 'n',
            FdKind::Bpf => 'b',
            FdKind::IoUring => 'r',
            FdKind::Memfd => 'm',
            FdKind::Pidfd => 'P',
            FdKind::Unknown => 'o',
        }
    }

    /// `fd.type`.
    pub fn type_name(self) -> &'static str {
        match self {
            FdKind::File => "file",
            FdKind::Directory => "directory",
            FdKind::Ipv4Sock | FdKind::Ipv4ServSock => "ipv4",
            FdKind::Ipv6Sock | FdKind::Ipv6ServSock => "ipv6",
            FdKind::Unix => "unix",
            FdKind::Pipe => "pipe",
            FdKind::Event => "event",
            FdKind::Signal => "signalfd",
            FdKind::EventPoll => "eventpoll",
            FdKind::Inotify => "inotify",
            FdKind::Timerfd => "timerfd",
            FdKind::Netlink => "netlink",
            FdKind::Bpf => "bpf",
            FdKind::Userfaultfd => "userfaultfd",
            FdKind::IoUring => "io_uring",
            FdKind::Memfd => "memfd",
            FdKind::Pidfd => "pidfd",
            FdKind::Unknown => "<NA>",
        }
    }

    /// Whether this is an IP socket (connected or listening).
    pub fn is_ip(self) -> bool {
        matches!(
            self,
            FdKind::Ipv4Sock | FdKind::Ipv6Sock | FdKind::Ipv4ServSock | FdKind::Ipv6ServSock
        )
    }
}

/// Transport protocol of an IP socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum L4Proto {
    /// Not known.
    #[default]
    Unknown,
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
    /// ICMP.
    Icmp,
    /// Raw IP.
    Raw,
}

impl L4Proto {
    /// `fd.l4proto`.
    pub fn name(self) -> &'static str {
        match self {
            L4Proto::Tcp => "tcp",
            L4Proto::Udp => "udp",
            L4Proto::Icmp => "icmp",
            L4Proto::Raw => "raw",
            L4Proto::Unknown => "<NA>",
        }
    }
}

/// Endpoints of an IP socket. For connected sockets `client → server`; for listening sockets
/// only the server side is meaningful.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpTuple {
    /// Client address.
    pub cip: IpAddr,
    /// Client port.
    pub cport: u16,
    /// Server address.
    pub sip: IpAddr,
    /// Server port.
    pub sport: u16,
}

/// Which side of a connection the process is on, if known (libsinsp fd roles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// Not known yet (socket created, not connected or accepted).
    #[default]
    None,
    /// The process connected (client).
    Client,
    /// The process accepted (server).
    Server,
}

/// One open file descriptor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fd {
    /// What it is.
    pub kind: FdKind,
    /// `fd.name`: absolute path, socket tuple text, unix path, ... (a boxed `str`: fds are the
    /// state's most numerous entries, and a name changes only as a whole).
    pub name: Box<str>,
    /// `fd.nameraw`, the path as passed to the syscall, when it differs from `name` (`None`:
    /// the same text, as for most absolute paths, so the common open stores one string).
    pub name_raw: Option<Box<str>>,
    /// Open flags (`ppm::open::*`).
    pub flags: u32,
    /// Device number.
    pub dev: u32,
    /// Inode number.
    pub ino: u64,
    /// Transport protocol (IP sockets).
    pub l4proto: L4Proto,
    /// Endpoints (IP sockets).
    pub tuple: Option<IpTuple>,
    /// Connection role.
    pub role: Role,
    /// The socket is connected.
    pub connected: bool,
    /// Unix socket endpoints (kernel pointers) and path.
    pub unix: Option<(u64, u64)>,
}

impl Fd {
    /// A new fd of the given kind and name.
    pub fn new(kind: FdKind, name: &str) -> Fd {
        Fd {
            kind,
            name: name.into(),
            name_raw: Some(Box::default()),
            flags: 0,
            dev: 0,
            ino: 0,
            l4proto: L4Proto::Unknown,
            tuple: None,
            role: Role::None,
            connected: false,
            unix: None,
        }
    }

    /// `fd.nameraw`: the path as passed to the syscall.
    pub fn name_raw(&self) -> &str {
        self.name_raw.as_deref().unwrap_or(&self.name)
    }

    /// Whether it is a regular file.
    pub fn is_file(&self) -> bool {
        self.kind == FdKind::File
    }

    /// Recomputes `name` from the socket endpoints (libsinsp `sockinfo_to_str` /
    /// `ipv4serveraddr_to_string`).
    pub fn refresh_socket_name(&mut self) {
        let Some(t) = self.tuple else { return };
        let mut name = String::with_capacity(48);
        match self.kind {
            FdKind::Ipv4ServSock | FdKind::Ipv6ServSock => {
                write_ip(&mut name, t.sip);
                write_port(&mut name, t.sport);
            }
            FdKind::Ipv4Sock | FdKind::Ipv6Sock => match self.l4proto {
                L4Proto::Icmp | L4Proto::Raw => {
                    write_ip(&mut name, t.cip);
                    name.push_str("->");
                    write_ip(&mut name, t.sip);
                }
                L4Proto::Tcp | L4Proto::Udp => {
                    write_ip(&mut name, t.cip);
                    write_port(&mut name, t.cport);
                    name.push_str("->");
                    write_ip(&mut name, t.sip);
                    write_port(&mut name, t.sport);
                }
                L4Proto::Unknown => name.push_str("<unknown>"),
            },
            _ => {}
        }
        self.name = name.into_boxed_str();
    }
}

/// Writes an IP address as libsinsp does: dotted quad, RFC 5952 for IPv6, IPv4-mapped IPv6
/// addresses as IPv4.
pub fn write_ip(out: &mut String, ip: IpAddr) {
    let v4 = match ip {
        IpAddr::V4(a) => a,
        IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(v4) => v4,
            None => {
                let _ = write!(out, "{a}");
                return;
            }
        },
    };
    // Dotted quads are most socket names: written without the formatting machinery.
    let mut digits = itoa::Buffer::new();
    for (i, octet) in v4.octets().into_iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(digits.format(octet));
    }
}

/// Appends `:port`.
fn write_port(out: &mut String, port: u16) {
    out.push(':');
    out.push_str(itoa::Buffer::new().format(port));
}

#[cfg(test)]
mod tests {
    use super::write_ip;
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

    proptest::proptest! {
        /// Dotted quads written digit by digit read as the standard library writes them; an
        /// IPv4-mapped IPv6 address as its IPv4 form.
        #[test]
        fn addresses_as_displayed(bits: u32, v6: u128) {
            let v4 = Ipv4Addr::from(bits);
            let mut out = String::new();
            write_ip(&mut out, IpAddr::V4(v4));
            proptest::prop_assert_eq!(&out, &v4.to_string());
            out.clear();
            write_ip(&mut out, IpAddr::V6(v4.to_ipv6_mapped()));
            proptest::prop_assert_eq!(&out, &v4.to_string());
            let v6 = Ipv6Addr::from(v6);
            out.clear();
            write_ip(&mut out, IpAddr::V6(v6));
            let want = v6.to_ipv4_mapped().map_or_else(|| v6.to_string(), |a| a.to_string());
            proptest::prop_assert_eq!(&out, &want);
        }
    }
}

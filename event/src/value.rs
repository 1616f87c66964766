//! Typed parameter values as stored inside an [`Event`](super::Event), and socket addresses.
//!
//! Place in the data flow: capture decodes kernel records into these values; `state` and
//! `fields` read them. Strings and byte buffers live in the event's arena and are referred to by
//! [`Span`], so a value is `Copy` and an event can be refilled without allocating.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A byte range within an event's arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// Length in bytes.
    pub len: u32,
}

/// A socket address (libsinsp `PT_SOCKADDR`), generic over how a unix path is held: [`Span`]
/// inside an event, `&str` when read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SockAddr<P> {
    /// `AF_UNIX` with its path.
    Unix(P),
    /// `AF_INET` address and port.
    Inet(Ipv4Addr, u16),
    /// `AF_INET6` address and port.
    Inet6(Ipv6Addr, u16),
    /// Another family, by its PPM family number.
    Other(u8),
}

/// A socket tuple (libsinsp `PT_SOCKTUPLE`): source and destination of a connection as the
/// kernel reports it for the calling side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SockTuple<P> {
    /// `AF_UNIX`: kernel socket pointers of both ends and the path.
    Unix {
        /// Source socket pointer.
        src: u64,
        /// Destination socket pointer.
        dst: u64,
        /// Socket path.
        path: P,
    },
    /// `AF_INET` source and destination.
    Inet {
        /// Source address.
        sip: Ipv4Addr,
        /// Source port.
        sport: u16,
        /// Destination address.
        dip: Ipv4Addr,
        /// Destination port.
        dport: u16,
    },
    /// `AF_INET6` source and destination.
    Inet6 {
        /// Source address.
        sip: Ipv6Addr,
        /// Source port.
        sport: u16,
        /// Destination address.
        dip: Ipv6Addr,
        /// Destination port.
        dport: u16,
    },
    /// Another family, by its PPM family number.
    Other(u8),
}

impl<P> SockTuple<P> {
    /// Client address and port, then server address and port, of an IP tuple; IPv4-mapped
    /// (or all-zero) IPv6 pairs become IPv4 (libsinsp `is_ipv4_mapped_ipv6`). `None` for a unix
    /// tuple.
    #[inline]
    pub fn ip_endpoints(&self) -> Option<(IpAddr, u16, IpAddr, u16)> {
        match *self {
            SockTuple::Inet { sip, sport, dip, dport } => Some((sip.into(), sport, dip.into(), dport)),
            SockTuple::Inet6 { sip, sport, dip, dport } => match (mapped_v4(sip), mapped_v4(dip)) {
                (Some(a), Some(b)) => Some((a.into(), sport, b.into(), dport)),
                _ => Some((sip.into(), sport, dip.into(), dport)),
            },
            SockTuple::Unix { .. } | SockTuple::Other(_) => None,
        }
    }
}

/// An IPv4-mapped (`::ffff:a.b.c.d`) or all-zero IPv6 address as IPv4.
#[inline]
fn mapped_v4(a: Ipv6Addr) -> Option<Ipv4Addr> {
    if a.is_unspecified() {
        return Some(Ipv4Addr::UNSPECIFIED);
    }
    a.to_ipv4_mapped()
}

impl<P> SockAddr<P> {
    /// Converts the path representation.
    pub fn map<Q>(self, f: impl FnOnce(P) -> Q) -> SockAddr<Q> {
        match self {
            SockAddr::Unix(p) => SockAddr::Unix(f(p)),
            SockAddr::Inet(a, p) => SockAddr::Inet(a, p),
            SockAddr::Inet6(a, p) => SockAddr::Inet6(a, p),
            SockAddr::Other(x) => SockAddr::Other(x),
        }
    }
}

impl<P> SockTuple<P> {
    /// Converts the path representation.
    pub fn map<Q>(self, f: impl FnOnce(P) -> Q) -> SockTuple<Q> {
        match self {
            SockTuple::Unix { src, dst, path } => SockTuple::Unix {
                src,
                dst,
                path: f(path),
            },
            SockTuple::Inet {
                sip,
                sport,
                dip,
                dport,
            } => SockTuple::Inet {
                sip,
                sport,
                dip,
                dport,
            },
            SockTuple::Inet6 {
                sip,
                sport,
                dip,
                dport,
            } => SockTuple::Inet6 {
                sip,
                sport,
                dip,
                dport,
            },
            SockTuple::Other(x) => SockTuple::Other(x),
        }
    }
}

/// A stored parameter value. Numbers of every width are widened to 64 bits; the schema's
/// [`ParamType`](super::ParamType) says how to read and print them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParamValue {
    /// Not filled (libsinsp "empty parameter": prints `<NA>` or `NULL`).
    #[default]
    Empty,
    /// A signed number (fds, pids, errnos, signed ints).
    Int(i64),
    /// An unsigned number (flags, modes, uids, u64s, times).
    Uint(u64),
    /// A string in the arena.
    Str(Span),
    /// Bytes in the arena.
    Bytes(Span),
    /// A socket address.
    SockAddr(SockAddr<Span>),
    /// A socket tuple.
    SockTuple(SockTuple<Span>),
}

/// A parameter value read back from an event, with arena data borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param<'a> {
    /// Not filled.
    Empty,
    /// A signed number.
    Int(i64),
    /// An unsigned number.
    Uint(u64),
    /// A string.
    Str(&'a str),
    /// A byte buffer.
    Bytes(&'a [u8]),
    /// A socket address.
    SockAddr(SockAddr<&'a str>),
    /// A socket tuple.
    SockTuple(SockTuple<&'a str>),
}

impl<'a> Param<'a> {
    /// The value as a signed integer (unsigned values are reinterpreted).
    #[inline]
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Param::Int(v) => Some(v),
            Param::Uint(v) => Some(v as i64),
            _ => None,
        }
    }

    /// The value as an unsigned integer (signed values are reinterpreted).
    #[inline]
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Param::Int(v) => Some(v as u64),
            Param::Uint(v) => Some(v),
            _ => None,
        }
    }

    /// The value as a string.
    #[inline]
    pub fn as_str(&self) -> Option<&'a str> {
        match *self {
            Param::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value as bytes (strings give their UTF-8 bytes).
    #[inline]
    pub fn as_bytes(&self) -> Option<&'a [u8]> {
        match *self {
            Param::Bytes(b) => Some(b),
            Param::Str(s) => Some(s.as_bytes()),
            _ => None,
        }
    }

    /// Whether the parameter was not filled.
    #[inline]
    pub fn is_empty(&self) -> bool {
        matches!(self, Param::Empty)
    }
}

//! Parsing one raw ring-buffer record (`include/syssentry_abi.h` layout) into a borrowed
//! [`Record`]: header, syscall arguments and typed items. Every length and offset is checked;
//! malformed input gives a [`DecodeError`], never a panic.
//!
//! Place in the data flow: capture ring → **raw_record** → the record decoders
//! ([`syscall`](super::syscall), [`process`](super::process)) → engine event.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::error::DecodeError;
use crate::abi::{self, SYSCALL_HDR_LEN};

/// Most items a record may carry.
pub const MAX_ITEMS: usize = 24;

const HDR_LEN: usize = std::mem::size_of::<abi::sse_hdr>();
const ITEM_HDR_LEN: usize = std::mem::size_of::<abi::sse_item>();

/// One item of a record's payload.
#[derive(Debug, Clone, Copy, Default)]
pub struct Item<'a> {
    /// `SSE_I_*`.
    pub ty: u16,
    /// Argument index, or `SSE_ARG_RES`.
    pub arg: u8,
    /// `SSE_IF_*`.
    pub flags: u8,
    /// The item's bytes.
    pub data: &'a [u8],
}

impl Item<'_> {
    /// Whether the value was cut at its bound.
    pub fn truncated(&self) -> bool {
        self.flags & abi::SSE_IF_TRUNC as u8 != 0
    }
}

/// A parsed record, borrowing the ring-buffer bytes.
#[derive(Debug)]
pub struct Record<'a> {
    pub ts: u64,
    pub res: i64,
    pub tid: u32,
    pub pid: u32,
    pub kind: u16,
    pub nr: u16,
    pub flags: u16,
    pub args: [u64; 6],
    items: [Item<'a>; MAX_ITEMS],
    nitems: usize,
}

fn u16_at(b: &[u8], off: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(off..off + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(off..off + 4)?.try_into().ok()?))
}

pub(crate) fn u64_at(b: &[u8], off: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(off..off + 8)?.try_into().ok()?))
}

impl<'a> Record<'a> {
    /// Parses `buf`.
    pub fn parse(buf: &'a [u8]) -> Result<Record<'a>, DecodeError> {
        let short = |need: usize| DecodeError::TooShort {
            len: buf.len(),
            need,
        };
        if buf.len() < HDR_LEN {
            return Err(short(HDR_LEN));
        }
        let ts = u64_at(buf, 0).ok_or(short(8))?;
        let res = u64_at(buf, 8).ok_or(short(16))? as i64;
        let len = u32_at(buf, 16).ok_or(short(20))? as usize;
        let tid = u32_at(buf, 20).ok_or(short(24))?;
        let pid = u32_at(buf, 24).ok_or(short(28))?;
        let kind = u16_at(buf, 28).ok_or(short(30))?;
        let nr = u16_at(buf, 30).ok_or(short(32))?;
        let nparams = u16_at(buf, 32).ok_or(short(34))? as usize;
        let flags = u16_at(buf, 34).ok_or(short(36))?;
        if len > buf.len() || len < HDR_LEN {
            return Err(DecodeError::BadLength {
                declared: len,
                actual: buf.len(),
            });
        }
        let buf = &buf[..len];
        let mut args = [0u64; 6];
        let mut off = HDR_LEN;
        match kind as u32 {
            abi::SSE_K_SYSCALL => {
                if len < SYSCALL_HDR_LEN {
                    return Err(DecodeError::TooShort {
                        len,
                        need: SYSCALL_HDR_LEN,
                    });
                }
                for (i, a) in args.iter_mut().enumerate() {
                    *a = u64_at(buf, HDR_LEN + 8 * i).unwrap_or(0);
                }
                off = SYSCALL_HDR_LEN;
            }
            abi::SSE_K_EXEC | abi::SSE_K_PROCEXIT => {}
            _ => return Err(DecodeError::BadKind { kind }),
        }
        if nparams > MAX_ITEMS {
            return Err(DecodeError::TooManyItems { count: nparams });
        }
        let mut items = [Item::default(); MAX_ITEMS];
        for slot in items.iter_mut().take(nparams) {
            let bad = DecodeError::BadItem { offset: off };
            let ty = u16_at(buf, off).ok_or(bad.clone())?;
            let dlen = u16_at(buf, off + 2).ok_or(bad.clone())? as usize;
            let arg = *buf.get(off + 4).ok_or(bad.clone())?;
            let iflags = *buf.get(off + 5).ok_or(bad.clone())?;
            let start = off + ITEM_HDR_LEN;
            let data = buf.get(start..start + dlen).ok_or(bad)?;
            *slot = Item {
                ty,
                arg,
                flags: iflags,
                data,
            };
            off = start + dlen.div_ceil(8) * 8;
        }
        Ok(Record {
            ts,
            res,
            tid,
            pid,
            kind,
            nr,
            flags,
            args,
            items,
            nitems: nparams,
        })
    }

    /// The items, in record order.
    pub fn items(&self) -> &[Item<'a>] {
        &self.items[..self.nitems]
    }

    /// The first item of type `ty` (and argument `arg`, when given).
    pub fn item(&self, ty: u32, arg: Option<u8>) -> Option<&Item<'a>> {
        self.items()
            .iter()
            .find(|it| it.ty as u32 == ty && arg.is_none_or(|a| a == it.arg))
    }

    /// Argument `i` as a signed value.
    pub fn arg_i(&self, i: usize) -> i64 {
        self.args.get(i).copied().unwrap_or(0) as i64
    }

    /// Argument `i` as a signed 32-bit value (fds, ints), sign-extended.
    pub fn arg_i32(&self, i: usize) -> i64 {
        self.args.get(i).copied().unwrap_or(0) as u32 as i32 as i64
    }

    /// Argument `i` raw.
    pub fn arg(&self, i: usize) -> u64 {
        self.args.get(i).copied().unwrap_or(0)
    }
}

/// A decoded socket address (unix path borrowed from the record).
pub enum Addr<'a> {
    Unix(&'a [u8]),
    V4(Ipv4Addr, u16),
    V6(Ipv6Addr, u16),
    Other(u16),
}

/// Decodes raw `struct sockaddr` bytes.
pub fn sockaddr(b: &[u8]) -> Option<Addr<'_>> {
    let fam = u16_at(b, 0)?;
    match fam {
        1 => Some(Addr::Unix(unix_path(b.get(2..).unwrap_or(&[])))),
        2 => {
            let port = u16::from_be_bytes(b.get(2..4)?.try_into().ok()?);
            let ip: [u8; 4] = b.get(4..8)?.try_into().ok()?;
            Some(Addr::V4(Ipv4Addr::from(ip), port))
        }
        10 => {
            let port = u16::from_be_bytes(b.get(2..4)?.try_into().ok()?);
            let ip: [u8; 16] = b.get(8..24)?.try_into().ok()?;
            Some(Addr::V6(Ipv6Addr::from(ip), port))
        }
        f => Some(Addr::Other(f)),
    }
}

/// A unix socket path up to its NUL; abstract names keep their leading NUL (the caller
/// renders it as `@`).
pub fn unix_path(b: &[u8]) -> &[u8] {
    if b.first() == Some(&0) {
        let end = b[1..]
            .iter()
            .position(|&c| c == 0)
            .map_or(b.len(), |p| p + 1);
        return &b[..end];
    }
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    &b[..end]
}

/// A decoded `struct sse_tuple`.
pub struct Tuple<'a> {
    pub family: u16,
    pub sport: u16,
    pub dport: u16,
    pub saddr: [u8; 16],
    pub daddr: [u8; 16],
    pub sptr: u64,
    pub dptr: u64,
    pub path: &'a [u8],
}

/// Decodes `struct sse_tuple` bytes.
pub fn tuple(b: &[u8]) -> Option<Tuple<'_>> {
    if b.len() < std::mem::size_of::<abi::sse_tuple>() {
        return None;
    }
    Some(Tuple {
        family: u16_at(b, 0)?,
        sport: u16_at(b, 2)?,
        dport: u16_at(b, 4)?,
        saddr: b.get(8..24)?.try_into().ok()?,
        daddr: b.get(24..40)?.try_into().ok()?,
        sptr: u64_at(b, 40)?,
        dptr: u64_at(b, 48)?,
        path: unix_path(b.get(56..164)?),
    })
}

/// `struct sse_file` fields: (ino, dev, flags).
pub fn file(b: &[u8]) -> Option<(u64, u32, u32)> {
    Some((u64_at(b, 0)?, u32_at(b, 8)?, u32_at(b, 12)?))
}

/// A decoded `struct sse_proc`.
#[derive(Debug, Default)]
pub struct Proc {
    pub ptid: u32,
    pub vtid: u32,
    pub vpid: u32,
    pub pgid: u32,
    pub vpgid: u32,
    pub euid: u32,
    pub egid: u32,
    pub loginuid: u32,
    pub tty: u32,
    pub cap_inheritable: u64,
    pub cap_permitted: u64,
    pub cap_effective: u64,
    pub exe_ino: u64,
    pub exe_ctime: u64,
    pub exe_mtime: u64,
    pub fdlimit: u64,
    pub pidns_init_start: u64,
    pub exe_flags: u32,
}

/// Decodes `struct sse_proc` bytes.
pub fn proc(b: &[u8]) -> Option<Proc> {
    if b.len() < std::mem::size_of::<abi::sse_proc>() {
        return None;
    }
    let u = |i: usize| u32_at(b, i * 4).unwrap_or(0);
    let q = |i: usize| u64_at(b, 48 + i * 8).unwrap_or(0);
    Some(Proc {
        ptid: u(0),
        vtid: u(1),
        vpid: u(2),
        pgid: u(3),
        vpgid: u(4),
        euid: u(8),
        egid: u(9),
        loginuid: u(10),
        tty: u(11),
        cap_inheritable: q(0),
        cap_permitted: q(1),
        cap_effective: q(2),
        exe_ino: q(3),
        exe_ctime: q(4),
        exe_mtime: q(5),
        fdlimit: q(6),
        pidns_init_start: q(7),
        exe_flags: u32_at(b, 112).unwrap_or(0),
    })
}

//! Decoding syscall-exit records: file, fd, socket, credential, namespace, mount and module
//! syscalls (failed execs and the parent side of clones go on to [`process`](super::process)),
//! with kernel flag values translated to the PPM encoding and socket endpoints to tuples.
//!
//! Place in the data flow: capture ring → dispatch → **syscall** → engine event.

use std::net::{Ipv4Addr, Ipv6Addr};

use syssentry_event::{Event, EventType as T, SockAddr, SockTuple};

use super::decoder::Decoder;
use super::error::DecodeError;
use super::raw_record::{self, Addr, Record};
use crate::abi::{self, SSE_ARG_RES};
use crate::flags;
use crate::syscalls;

impl Decoder {
    pub(super) fn syscall(&mut self, rec: &Record<'_>, ev: &mut Event) -> Result<(), DecodeError> {
        let ty =
            syscalls::event_type_of(rec.nr).ok_or(DecodeError::UnknownSyscall { nr: rec.nr })?;
        self.header(rec, ev, ty);
        let file = rec
            .item(abi::SSE_I_FILE, Some(SSE_ARG_RES as u8))
            .and_then(|it| raw_record::file(it.data));
        let (ino, dev, fflags) = file.unwrap_or((0, 0, 0));
        // Device and inode only when collected (the loaded rules can read them).
        let id = match file {
            Some(_) => fflags & abi::SSE_FF_ID != 0,
            None => self.open_ids,
        };
        let set_id = |ev: &mut Event, dev_at: usize| {
            if id {
                ev.set_uint(dev_at, dev.into());
                ev.set_uint(dev_at + 1, ino);
            }
        };
        match ty {
            T::OPEN => {
                self.str_arg(rec, ev, 1, 0);
                ev.set_uint(
                    2,
                    (flags::open_flags(rec.arg(1)) | flags::file_flags(fflags)).into(),
                );
                ev.set_uint(3, rec.arg(2) & 0o7777);
                set_id(ev, 4);
            }
            T::OPENAT => {
                ev.set_int(1, rec.arg_i32(0));
                self.str_arg(rec, ev, 2, 1);
                ev.set_uint(
                    3,
                    (flags::open_flags(rec.arg(2)) | flags::file_flags(fflags)).into(),
                );
                ev.set_uint(4, rec.arg(3) & 0o7777);
                set_id(ev, 5);
            }
            T::OPENAT2 => {
                ev.set_int(1, rec.arg_i32(0));
                self.str_arg(rec, ev, 2, 1);
                let how = rec
                    .item(abi::SSE_I_MEM, Some(2))
                    .map(|it| it.data)
                    .unwrap_or(&[]);
                let f = raw_record::u64_at(how, 0).unwrap_or(0);
                let m = raw_record::u64_at(how, 8).unwrap_or(0);
                let r = raw_record::u64_at(how, 16).unwrap_or(0);
                ev.set_uint(3, (flags::open_flags(f) | flags::file_flags(fflags)).into());
                ev.set_uint(4, m & 0o7777);
                ev.set_uint(5, flags::resolve_flags(r).into());
                set_id(ev, 6);
            }
            T::CREAT => {
                self.str_arg(rec, ev, 1, 0);
                ev.set_uint(2, rec.arg(1) & 0o7777);
                set_id(ev, 3);
                ev.set_uint(5, flags::creat_flags(fflags));
            }
            T::CLOSE | T::FCHDIR | T::LISTEN => {
                ev.set_int(1, rec.arg_i32(0));
                if ty == T::LISTEN {
                    ev.set_int(2, rec.arg_i32(1));
                }
            }
            T::CLOSE_RANGE => {
                ev.set_uint(1, rec.arg(0) & 0xffff_ffff);
                ev.set_uint(2, rec.arg(1) & 0xffff_ffff);
                ev.set_uint(3, rec.arg(2) & 0xffff_ffff);
            }
            T::DUP => ev.set_int(1, rec.arg_i32(0)),
            T::DUP2 | T::DUP3 => {
                ev.set_int(1, rec.arg_i32(0));
                ev.set_int(2, rec.arg_i32(1));
                if ty == T::DUP3 {
                    ev.set_uint(3, flags::fd_flags(rec.arg(2)).into());
                }
            }
            T::FCNTL => {
                ev.set_int(1, rec.arg_i32(0));
                ev.set_uint(2, flags::fcntl_cmd(rec.arg(1) & 0xffff_ffff).into());
                ev.set_uint(3, rec.arg(2));
            }
            T::SOCKET => {
                ev.set_uint(1, rec.arg(0) & 0xffff_ffff);
                // The type as passed, SOCK_NONBLOCK/SOCK_CLOEXEC bits included (as Falco's
                // modern driver sends it); `flags` carries those bits translated.
                ev.set_uint(2, rec.arg(1) & 0xffff_ffff);
                ev.set_uint(3, rec.arg(2) & 0xffff_ffff);
                ev.set_uint(4, flags::fd_flags(rec.arg(1)).into());
            }
            T::CONNECT => {
                ev.set_int(2, rec.arg_i32(0));
                let sa = self.sockaddr_item(rec);
                self.set_tuple(rec, ev, 1, Some(0), false, sa.as_ref());
                if let Some(a) = sa {
                    set_addr(ev, 3, &a);
                }
            }
            T::ACCEPT | T::ACCEPT4 => {
                self.set_tuple(rec, ev, 1, Some(SSE_ARG_RES as u8), true, None);
                ev.set_uint(2, 0);
                ev.set_uint(3, 0);
                ev.set_uint(4, 0);
                if ty == T::ACCEPT4 {
                    ev.set_int(5, flags::fd_flags(rec.arg(3)).into());
                }
            }
            T::BIND => {
                ev.set_int(2, rec.arg_i32(0));
                if let Some(a) = self.sockaddr_item(rec) {
                    set_addr(ev, 1, &a);
                }
            }
            T::SENDTO | T::SENDMSG => {
                ev.set_int(2, rec.arg_i32(0));
                ev.set_uint(3, rec.arg(2) & 0xffff_ffff);
                let sa = self.sockaddr_item(rec);
                self.set_tuple(rec, ev, 4, Some(0), false, sa.as_ref());
            }
            T::RECVFROM => {
                self.set_tuple(rec, ev, 2, Some(0), true, None);
                ev.set_int(3, rec.arg_i32(0));
                ev.set_uint(4, rec.arg(2) & 0xffff_ffff);
            }
            T::RECVMSG => {
                self.set_tuple(rec, ev, 3, Some(0), true, None);
                ev.set_int(5, rec.arg_i32(0));
            }
            T::PIPE | T::PIPE2 => {
                let fds = rec
                    .item(abi::SSE_I_MEM, Some(0))
                    .map(|it| it.data)
                    .unwrap_or(&[]);
                if fds.len() >= 8 && rec.res >= 0 {
                    let a = i32::from_le_bytes([fds[0], fds[1], fds[2], fds[3]]);
                    let b = i32::from_le_bytes([fds[4], fds[5], fds[6], fds[7]]);
                    ev.set_int(1, a.into());
                    ev.set_int(2, b.into());
                }
                ev.set_uint(3, 0);
                if ty == T::PIPE2 {
                    ev.set_uint(4, flags::fd_flags(rec.arg(1)).into());
                }
            }
            T::MEMFD_CREATE => {
                self.str_arg(rec, ev, 1, 0);
                ev.set_uint(2, rec.arg(1) & 7);
            }
            T::USERFAULTFD => ev.set_uint(1, flags::fd_flags(rec.arg(0)).into()),
            T::BPF => ev.set_uint(1, rec.arg(0) & 0xffff_ffff),
            T::CHDIR | T::UNLINK | T::RMDIR => self.str_arg(rec, ev, 1, 0),
            T::SETUID | T::SETGID => ev.set_uint(1, rec.arg(0) & 0xffff_ffff),
            T::SETREUID | T::SETREGID => {
                ev.set_uint(1, rec.arg(0) & 0xffff_ffff);
                ev.set_uint(2, rec.arg(1) & 0xffff_ffff);
            }
            T::SETRESUID | T::SETRESGID => {
                ev.set_uint(1, rec.arg(0) & 0xffff_ffff);
                ev.set_uint(2, rec.arg(1) & 0xffff_ffff);
                ev.set_uint(3, rec.arg(2) & 0xffff_ffff);
            }
            T::CAPSET => {
                let d = rec
                    .item(abi::SSE_I_MEM, Some(1))
                    .map(|it| it.data)
                    .unwrap_or(&[]);
                let w = |i: usize| -> u64 {
                    d.get(i * 4..i * 4 + 4)
                        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]).into())
                };
                // Two {effective, permitted, inheritable} u32 triples: low then high words.
                ev.set_uint(1, w(2) | w(5) << 32);
                ev.set_uint(2, w(1) | w(4) << 32);
                ev.set_uint(3, w(0) | w(3) << 32);
            }
            T::PRCTL => {
                ev.set_uint(1, rec.arg(0) & 0xffff_ffff);
                ev.set_int(3, rec.arg_i(1));
            }
            T::MOUNT => {
                self.str_arg(rec, ev, 1, 0);
                self.str_arg(rec, ev, 2, 1);
                self.str_arg(rec, ev, 3, 2);
                ev.set_uint(4, flags::mount_flags(rec.arg(3)).into());
            }
            T::UMOUNT2 => {
                self.str_arg(rec, ev, 1, 0);
                // The type as passed, SOCK_NONBLOCK/SOCK_CLOEXEC bits included (as Falco's
                // modern driver sends it); `flags` carries those bits translated.
                ev.set_uint(2, rec.arg(1) & 0xffff_ffff);
            }
            T::INIT_MODULE => {
                ev.set_uint(2, rec.arg(1));
                self.str_arg(rec, ev, 3, 2);
            }
            T::FINIT_MODULE => {
                ev.set_int(1, rec.arg_i32(0));
                self.str_arg(rec, ev, 2, 1);
                ev.set_uint(3, rec.arg(2) & 7);
            }
            T::MKDIR => {
                self.str_arg(rec, ev, 1, 0);
                ev.set_uint(2, rec.arg(1) & 0o7777);
            }
            T::MKDIRAT => {
                ev.set_int(1, rec.arg_i32(0));
                self.str_arg(rec, ev, 2, 1);
                ev.set_uint(3, rec.arg(2) & 0o7777);
            }
            T::RENAME | T::LINK | T::SYMLINK => {
                self.str_arg(rec, ev, 1, 0);
                self.str_arg(rec, ev, 2, 1);
            }
            T::RENAMEAT | T::RENAMEAT2 | T::LINKAT => {
                ev.set_int(1, rec.arg_i32(0));
                self.str_arg(rec, ev, 2, 1);
                ev.set_int(3, rec.arg_i32(2));
                self.str_arg(rec, ev, 4, 3);
                if ty != T::RENAMEAT {
                    ev.set_uint(5, rec.arg(4) & 0xffff_ffff);
                }
            }
            T::SYMLINKAT => {
                self.str_arg(rec, ev, 1, 0);
                ev.set_int(2, rec.arg_i32(1));
                self.str_arg(rec, ev, 3, 2);
            }
            T::UNLINKAT => {
                ev.set_int(1, rec.arg_i32(0));
                self.str_arg(rec, ev, 2, 1);
                ev.set_uint(3, rec.arg(2) & 0xffff_ffff);
            }
            T::CHMOD => {
                self.str_arg(rec, ev, 1, 0);
                ev.set_uint(2, rec.arg(1) & 0o7777);
            }
            T::FCHMOD => {
                ev.set_int(1, rec.arg_i32(0));
                ev.set_uint(2, rec.arg(1) & 0o7777);
            }
            T::FCHMODAT => {
                ev.set_int(1, rec.arg_i32(0));
                self.str_arg(rec, ev, 2, 1);
                ev.set_uint(3, rec.arg(2) & 0o7777);
            }
            T::PTRACE => {
                ev.set_uint(1, rec.arg(2));
                ev.set_uint(2, rec.arg(3));
                ev.set_uint(3, flags::ptrace_request(rec.arg(0)).into());
                ev.set_int(4, rec.arg_i32(1));
            }
            T::SETNS => {
                ev.set_int(1, rec.arg_i32(0));
                ev.set_uint(2, flags::clone_flags(rec.arg(1)).into());
            }
            T::UNSHARE => ev.set_uint(1, flags::clone_flags(rec.arg(0)).into()),
            T::EXECVE | T::EXECVEAT => self.exec_failed(rec, ev, ty),
            T::CLONE | T::CLONE3 | T::FORK | T::VFORK => self.clone(rec, ev, ty)?,
            _ => {}
        }
        Ok(())
    }

    fn sockaddr_item<'r>(&self, rec: &Record<'r>) -> Option<Addr<'r>> {
        rec.item(abi::SSE_I_SOCKADDR, None)
            .and_then(|it| raw_record::sockaddr(it.data))
    }

    /// Fills a tuple parameter from the socket's kernel endpoints. `remote_first` puts the peer
    /// as source (accept, receive); `dest` fills a missing peer (unconnected send, failed
    /// connect) from the syscall's address.
    fn set_tuple(
        &mut self,
        rec: &Record<'_>,
        ev: &mut Event,
        idx: usize,
        arg: Option<u8>,
        remote_first: bool,
        dest: Option<&Addr<'_>>,
    ) {
        let Some(t) = rec
            .item(abi::SSE_I_TUPLE, arg)
            .and_then(|it| raw_record::tuple(it.data))
        else {
            return;
        };
        let (mut daddr, mut dport) = (t.daddr, t.dport);
        match (t.family, dest) {
            (2, Some(Addr::V4(ip, port))) if dport == 0 => {
                daddr[..4].copy_from_slice(&ip.octets());
                dport = *port;
            }
            (10, Some(Addr::V6(ip, port))) if dport == 0 => {
                daddr = ip.octets();
                dport = *port;
            }
            _ => {}
        }
        let v4 = |a: &[u8; 16]| Ipv4Addr::new(a[0], a[1], a[2], a[3]);
        match t.family {
            2 => {
                let (l, r) = ((v4(&t.saddr), t.sport), (v4(&daddr), dport));
                let ((sip, sport), (dip, dport)) = if remote_first { (r, l) } else { (l, r) };
                ev.set_socktuple(
                    idx,
                    SockTuple::Inet {
                        sip,
                        sport,
                        dip,
                        dport,
                    },
                );
            }
            10 => {
                let l = (Ipv6Addr::from(t.saddr), t.sport);
                let r = (Ipv6Addr::from(daddr), dport);
                let ((sip, sport), (dip, dport)) = if remote_first { (r, l) } else { (l, r) };
                ev.set_socktuple(
                    idx,
                    SockTuple::Inet6 {
                        sip,
                        sport,
                        dip,
                        dport,
                    },
                );
            }
            1 => {
                let path: &[u8] = match (t.path.is_empty(), dest) {
                    (true, Some(Addr::Unix(p))) => p,
                    _ => t.path,
                };
                unix_text(&mut self.text, path);
                let (src, dst) = if remote_first {
                    (t.dptr, t.sptr)
                } else {
                    (t.sptr, t.dptr)
                };
                ev.set_socktuple(
                    idx,
                    SockTuple::Unix {
                        src,
                        dst,
                        path: &self.text,
                    },
                );
            }
            f => ev.set_socktuple(idx, SockTuple::Other(f as u8)),
        }
    }
}

fn unix_text(out: &mut String, path: &[u8]) {
    out.clear();
    if path.first() == Some(&0) {
        out.push('@');
        out.push_str(&String::from_utf8_lossy(&path[1..]));
    } else {
        out.push_str(&String::from_utf8_lossy(path));
    }
}

fn set_addr(ev: &mut Event, idx: usize, a: &Addr<'_>) {
    match a {
        Addr::V4(ip, port) => ev.set_sockaddr(idx, SockAddr::Inet(*ip, *port)),
        Addr::V6(ip, port) => ev.set_sockaddr(idx, SockAddr::Inet6(*ip, *port)),
        Addr::Unix(p) => {
            let mut s = String::new();
            unix_text(&mut s, p);
            ev.set_sockaddr(idx, SockAddr::Unix(&s));
        }
        Addr::Other(f) => ev.set_sockaddr(idx, SockAddr::Other(*f as u8)),
    }
}

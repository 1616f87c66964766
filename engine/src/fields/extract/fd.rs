//! `fd.*` fields: the file descriptor the event used or created, or, when the process has no
//! entry (failed open, unknown fd), what the event's parameters say.

use std::{fmt::Write as _, net::IpAddr};

use super::params;
use crate::fields::ctx::EvalCtx;
use crate::fields::field_ref::{FieldArg, FieldRef};
use crate::fields::registry::F;
use crate::fields::render::render_param;
use crate::fields::scratch::Scratch;
use crate::fields::value::Value;
use crate::state::{append_path, Fd, FdKind, IpTuple, Role};
use syssentry_event::{ppm::open::*, EventType as T};

/// Whether `fd.*` fields exist for this event (it creates, uses or destroys an fd) and the
/// event's thread is known.
fn fd_event(ctx: &EvalCtx<'_>) -> bool {
    ctx.event.schema().fd_role != 0 && ctx.thread().is_some()
}

fn fdinfo<'s>(ctx: &'s EvalCtx<'_>) -> Option<&'s Fd> {
    ctx.fd()
}

pub(super) fn extract<'s>(
    id: F,
    f: &FieldRef,
    ctx: &'s EvalCtx<'_>,
    sc: &'s mut Scratch,
) -> Option<Value<'s>> {
    if !fd_event(ctx) {
        return None;
    }
    let st = ctx.state;
    if id == F::FdNum {
        return Some(Value::I64(st.current_fd()));
    }
    if id == F::FdTypes {
        // Indexed form (the list form goes through `fd_types`).
        let FieldArg::Index(n) = f.arg else {
            return None;
        };
        let t = ctx.thread()?;
        return st
            .fds_of(t)
            .get(i64::from(n))
            .map(|fd| Value::Str(fd.kind.type_name()));
    }
    let info = fdinfo(ctx);
    match id {
        F::FdName => match info {
            Some(fd) => Some(Value::Str(&fd.name)),
            None => {
                name_from_event(ctx, sc, false)?;
                Some(Value::Str(&sc.a))
            }
        },
        F::FdContainername => {
            if info.is_none() {
                name_from_event(ctx, sc, false)?;
            }
            let cid = ctx.thread().map_or("", |t| &*t.container_id);
            sc.c.clear();
            sc.c.push_str(cid);
            sc.c.push(':');
            match info {
                Some(fd) => sc.c.push_str(&fd.name),
                None => {
                    let tmp = std::mem::take(&mut sc.a);
                    sc.c.push_str(&tmp);
                    sc.a = tmp;
                }
            }
            Some(Value::Str(&sc.c))
        }
        F::FdNameraw => {
            sc.c.clear();
            match info {
                Some(fd) => push_dedup_slashes(&mut sc.c, fd.name_raw()),
                None => {
                    name_from_event(ctx, sc, true)?;
                    let tmp = std::mem::take(&mut sc.a);
                    push_dedup_slashes(&mut sc.c, &tmp);
                    sc.a = tmp;
                }
            }
            Some(Value::Str(&sc.c))
        }
        F::FdDirectory => match info {
            // The common case borrows the directory part of the stored name; no copy.
            Some(fd) if fd.is_file() => Some(Value::Str(dir_of(&fd.name))),
            Some(fd) if fd.kind == FdKind::Directory => Some(Value::Str(&fd.name)),
            Some(_) => None,
            None => {
                name_from_event(ctx, sc, false)?;
                sc.c.clear();
                sc.c.push_str(dir_of(&sc.a));
                Some(Value::Str(&sc.c))
            }
        },
        F::FdContainerdirectory => {
            sc.c.clear();
            match info {
                Some(fd) if !matches!(fd.kind, FdKind::File | FdKind::Directory) => return None,
                Some(fd) => sc.c.push_str(&fd.name),
                None => {
                    name_from_event(ctx, sc, false)?;
                    let tmp = std::mem::take(&mut sc.a);
                    sc.c.push_str(&tmp);
                    sc.a = tmp;
                }
            }
            if info.is_none_or(Fd::is_file) {
                match sc.c.rfind('/') {
                    Some(pos) if pos != 0 => {
                        if pos < sc.c.len() - 1 {
                            sc.c.truncate(pos);
                        }
                    }
                    _ => {
                        sc.c.clear();
                        sc.c.push('/');
                    }
                }
            }
            if id == F::FdContainerdirectory {
                let cid = ctx.thread().map_or("", |t| &*t.container_id);
                sc.c.insert(0, ':');
                sc.c.insert_str(0, cid);
            }
            Some(Value::Str(&sc.c))
        }
        F::FdFilename => {
            let fd = info.filter(|fd| fd.is_file())?;
            Some(Value::Str(match fd.name.rfind('/') {
                Some(pos) if pos < fd.name.len() - 1 => &fd.name[pos + 1..],
                Some(_) => &fd.name,
                None => "/",
            }))
        }
        F::FdTypechar => {
            let c = match info {
                Some(fd) => fd.kind.typechar(),
                None => typechar_from_event(ctx.event.event_type()),
            };
            Some(Value::Str(char_str(c, &mut sc.c)))
        }
        F::FdType => Some(Value::Str(info?.kind.type_name())),
        F::FdUid => {
            sc.c.clear();
            let _ = write!(sc.c, "{}{}", ctx.event.tid, st.current_fd());
            Some(Value::Str(&sc.c))
        }
        F::FdNameChanged => {
            info?;
            Some(Value::Bool(st.current_fd_name_changed()))
        }
        _ => socket_field(id, ctx, info?, sc),
    }
}

fn socket_field<'s>(
    id: F,
    ctx: &'s EvalCtx<'_>,
    fd: &'s Fd,
    sc: &'s mut Scratch,
) -> Option<Value<'s>> {
    let st = ctx.state;
    let th = ctx.thread()?;
    let sock = matches!(fd.kind, FdKind::Ipv4Sock | FdKind::Ipv6Sock);
    let serv = matches!(fd.kind, FdKind::Ipv4ServSock | FdKind::Ipv6ServSock);
    let with_role = fd.role != Role::None;
    let t: Option<IpTuple> = fd.tuple;
    Some(match id {
        F::FdCip | F::FdCnet => {
            if !(sock && with_role) {
                return None;
            }
            Value::Ip(t?.cip)
        }
        F::FdSip | F::FdSnet => {
            if !((sock || serv) && with_role) {
                return None;
            }
            Value::Ip(t?.sip)
        }
        F::FdCport => {
            if !(sock && with_role) {
                return None;
            }
            Value::U64(u64::from(t?.cport))
        }
        F::FdSport => {
            if !(serv || (sock && with_role)) {
                return None;
            }
            Value::U64(u64::from(t?.sport))
        }
        F::FdCproto | F::FdSproto => {
            if !(sock || serv) || (sock && !with_role) {
                return None;
            }
            sc.c.clear();
            if sock {
                let tt = t?;
                let p = if id == F::FdCproto {
                    tt.cport
                } else {
                    tt.sport
                };
                let _ = write!(sc.c, "{p}");
            }
            Value::Str(&sc.c)
        }
        F::FdLip
        | F::FdRip
        | F::FdLnet
        | F::FdRnet
        | F::FdLport
        | F::FdRport
        | F::FdLproto
        | F::FdRproto => {
            if !(sock && with_role) {
                return None;
            }
            let tt = t?;
            let local = st.is_local_addr_for(th, tt.cip);
            let want_local = matches!(id, F::FdLip | F::FdLnet | F::FdLport | F::FdLproto);
            let client_side = local == want_local;
            let (ip, port) = if client_side {
                (tt.cip, tt.cport)
            } else {
                (tt.sip, tt.sport)
            };
            match id {
                F::FdLip | F::FdRip | F::FdLnet | F::FdRnet => Value::Ip(ip),
                F::FdLport | F::FdRport => Value::U64(u64::from(port)),
                _ => {
                    sc.c.clear();
                    let _ = write!(sc.c, "{port}");
                    Value::Str(&sc.c)
                }
            }
        }
        F::FdL4proto => Value::Str(if fd.kind.is_ip() {
            fd.l4proto.name()
        } else {
            "<NA>"
        }),
        F::FdSockfamily => {
            if fd.kind.is_ip() {
                Value::Str("ip")
            } else if fd.kind == FdKind::Unix {
                Value::Str("unix")
            } else {
                return None;
            }
        }
        F::FdIsServer => Value::Bool(if serv {
            true
        } else if sock {
            t.is_some_and(|tt| st.is_local_addr_for(th, tt.sip))
        } else {
            false
        }),
        F::FdConnected => Value::Bool(fd.connected),
        F::FdCipName | F::FdSipName | F::FdLipName | F::FdRipName => {
            // The name recorded for the address (libsinsp asks its DNS cache); listening
            // sockets only have a server address.
            if !with_role || !(sock || (serv && id == F::FdSipName)) {
                return None;
            }
            let tt = t?;
            let ip = match id {
                F::FdCipName => tt.cip,
                F::FdSipName => tt.sip,
                _ => {
                    let local = st.is_local_addr_for(th, tt.cip);
                    if local == (id == F::FdLipName) {
                        tt.cip
                    } else {
                        tt.sip
                    }
                }
            };
            Value::Str(st.dns.name_of(ip)?)
        }
        F::FdDev => Value::U64(u64::from(fd.dev)),
        F::FdDevMajor => Value::U64(u64::from((fd.dev & 0xfff00) >> 8)),
        F::FdDevMinor => Value::U64(u64::from((fd.dev & 0xff) | ((fd.dev >> 12) & 0xfff00))),
        F::FdIno => Value::I64(fd.ino as i64),
        F::FdIsUpperLayer => Value::Bool(fd.flags & FD_UPPER_LAYER != 0),
        F::FdIsLowerLayer => Value::Bool(fd.flags & FD_LOWER_LAYER != 0),
        _ => return None,
    })
}

/// `fd.name` (or `fd.nameraw`) of an event without an fd entry, from its parameters, into
/// `sc.a` (libsinsp `extract_fdname_from_event`). `None` when it cannot be computed.
fn name_from_event(ctx: &EvalCtx<'_>, sc: &mut Scratch, raw: bool) -> Option<()> {
    let ev = ctx.event;
    if ev.is_enter() {
        return None;
    }
    sc.a.clear();
    match ev.event_type() {
        T::OPEN | T::ACCEPT | T::ACCEPT4 | T::CREAT | T::CONNECT => {
            render_param(ctx, 1, &mut sc.b, &mut sc.c);
            if sc.c.is_empty() {
                sc.a.push_str(&sc.b);
            } else {
                sc.a.push_str(&sc.c);
            }
        }
        T::OPENAT | T::OPENAT2 => {
            let ids = params::ids();
            let name = params::get(ev, ids.name).as_str()?;
            if raw {
                sc.a.push_str(name);
            } else {
                let dirfd = params::get(ev, ids.dirfd).as_i64()?;
                ctx.state.write_base_dir(ev, name, dirfd, &mut sc.a);
                append_path(&mut sc.a, name);
            }
        }
        T::OPEN_BY_HANDLE_AT => {
            sc.a.push_str(params::get(ev, params::ids().path).as_str().unwrap_or(""))
        }
        _ => {}
    }
    Some(())
}

/// The directory part of a file path as `fd.directory` gives it: everything before the last `/`
/// (`/` itself when that is the only one or there is none); a path ending in `/` is kept whole.
fn dir_of(path: &str) -> &str {
    match memchr::memrchr(b'/', path.as_bytes()) {
        Some(pos) if pos != 0 => {
            if pos < path.len() - 1 {
                &path[..pos]
            } else {
                path
            }
        }
        _ => "/",
    }
}

/// A one-character string for `fd.typechar`: a static string for the type characters fds have,
/// else rendered into `buf`.
fn char_str(c: char, buf: &mut String) -> &str {
    match c {
        'f' => "f",
        'd' => "d",
        '4' => "4",
        '6' => "6",
        'u' => "u",
        'p' => "p",
        'e' => "e",
        's' => "s",
        'l' => "l",
        'i' => "i",
        't' => "t",
        'n' => "n",
        'b' => "b",
        'r' => "r",
        'm' => "m",
        'P' => "P",
        'o' => "o",
        _ => {
            buf.clear();
            buf.push(c);
            buf
        }
    }
}

fn push_dedup_slashes(out: &mut String, s: &str) {
    let mut prev_slash = false;
    for c in s.chars() {
        if c == '/' && prev_slash {
            continue;
        }
        prev_slash = c == '/';
        out.push(c);
    }
}

/// `fd.typechar` of an event without an fd entry (libsinsp `extract_typechar`: note `open` is
/// missing from its list, so a failed `open` gives `o`).
fn typechar_from_event(ty: T) -> char {
    match ty {
        T::OPENAT | T::OPENAT2 | T::CREAT => 'f',
        T::SOCKET | T::ACCEPT | T::ACCEPT4 => '4',
        T::PIPE | T::PIPE2 => 'p',
        T::EVENTFD | T::EVENTFD2 => 'e',
        T::SIGNALFD | T::SIGNALFD4 => 's',
        T::TIMERFD_CREATE => 't',
        T::INOTIFY_INIT | T::INOTIFY_INIT1 => 'i',
        _ => 'o',
    }
}

/// `fd.ip`, `fd.net`, `fd.port`: client then server endpoint (server only for listening
/// sockets).
pub(super) fn endpoints(f: &FieldRef, ctx: &EvalCtx<'_>, visit: &mut dyn FnMut(Value<'_>) -> bool) {
    if !fd_event(ctx) {
        return;
    }
    let Some(fd) = fdinfo(ctx) else { return };
    let Some(t) = fd.tuple else { return };
    let port = f.id.f() == F::FdPort;
    let mk = |ip: IpAddr, p: u16| {
        if port {
            Value::U64(u64::from(p))
        } else {
            Value::Ip(ip)
        }
    };
    match fd.kind {
        FdKind::Ipv4Sock | FdKind::Ipv6Sock if !visit(mk(t.cip, t.cport)) => {
            visit(mk(t.sip, t.sport));
        }
        FdKind::Ipv4ServSock | FdKind::Ipv6ServSock => {
            visit(mk(t.sip, t.sport));
        }
        _ => {}
    }
}

/// Whether `fd.types` has a value for this event (a list, possibly empty): the event must use an
/// fd and its thread must be known.
pub(super) fn fd_types_present(ctx: &EvalCtx<'_>) -> bool {
    fd_event(ctx)
}

/// `fd.types`: the distinct types of the process's open fds.
pub(super) fn fd_types(
    ctx: &EvalCtx<'_>,
    _sc: &mut Scratch,
    visit: &mut dyn FnMut(Value<'_>) -> bool,
) {
    if !fd_event(ctx) {
        return;
    }
    let Some(t) = ctx.thread() else { return };
    let mut seen: [Option<FdKindName>; 24] = [None; 24];
    let mut n = 0;
    for (_, fd) in ctx.state.fds_of(t).iter() {
        let name = fd.kind.type_name();
        if seen[..n].contains(&Some(name)) {
            continue;
        }
        if n < seen.len() {
            seen[n] = Some(name);
            n += 1;
        }
        if visit(Value::Str(name)) {
            return;
        }
    }
}

type FdKindName = &'static str;

#[cfg(test)]
mod tests {
    use std::{net::Ipv4Addr, sync::Arc};

    use crate::fields::{format_value, resolve_full, EvalCtx, Scratch};
    use crate::state::{ProcImage, State, Thread};
    use syssentry_event::{
        mk,
        ppm::{af, ipproto, sock},
        Event, SockTuple,
    };

    fn text(st: &State, ev: &Event, field: &str) -> Option<String> {
        let f = resolve_full(field).unwrap();
        let (ctx, mut sc, mut out) = (EvalCtx::new(ev, st), Scratch::new(), String::new());
        format_value(&f, &ctx, &mut sc, &mut out).then_some(out)
    }

    #[test]
    fn directory_part_and_type_characters() {
        use super::{char_str, dir_of};
        assert_eq!(dir_of("/etc/shadow"), "/etc");
        assert_eq!(dir_of("/etc/pam.d/"), "/etc/pam.d/");
        assert_eq!(dir_of("/shadow"), "/");
        assert_eq!(dir_of("shadow"), "/");
        assert_eq!(dir_of("/"), "/");
        let mut buf = String::new();
        for c in [
            'f', 'd', '4', '6', 'u', 'p', 'e', 's', 'l', 'i', 't', 'n', 'b', 'r', 'm', 'P', 'o',
            'x', '\0',
        ] {
            assert_eq!(char_str(c, &mut buf), c.to_string());
        }
        assert_eq!(char_str('é', &mut buf), "é");
    }

    #[test]
    fn ip_names_come_from_the_dns_table() {
        let mut st = State::default();
        let mut t = Thread::new(10, 10, 1);
        t.image = Arc::new(ProcImage::new(
            "curl",
            "/usr/bin/curl",
            "curl",
            vec![],
            vec![],
        ));
        assert!(st.add_thread(t));
        st.local_addrs.push(Ipv4Addr::new(10, 244, 1, 7).into());
        st.dns.insert(
            "kubernetes.default.svc.cluster.local",
            &[Ipv4Addr::new(10, 96, 0, 1).into()],
        );
        st.dns
            .insert("pod.local", &[Ipv4Addr::new(10, 244, 1, 7).into()]);
        let sock = mk::socket(10, af::AF_INET, sock::SOCK_STREAM, ipproto::TCP, 3).build();
        st.apply(&sock);
        // Before connect the socket has no role: no names.
        assert_eq!(text(&st, &sock, "fd.sip.name"), None);
        let tuple = SockTuple::Inet {
            sip: Ipv4Addr::new(10, 244, 1, 7),
            sport: 43512,
            dip: Ipv4Addr::new(10, 96, 0, 1),
            dport: 443,
        };
        let conn = mk::connect(10, 3, tuple, 0).build();
        st.apply(&conn);
        assert_eq!(
            text(&st, &conn, "fd.sip.name").as_deref(),
            Some("kubernetes.default.svc.cluster.local")
        );
        assert_eq!(
            text(&st, &conn, "fd.rip.name").as_deref(),
            Some("kubernetes.default.svc.cluster.local")
        );
        assert_eq!(
            text(&st, &conn, "fd.cip.name").as_deref(),
            Some("pod.local")
        );
        assert_eq!(
            text(&st, &conn, "fd.lip.name").as_deref(),
            Some("pod.local")
        );
        // An address no recorded name resolved to has no name.
        st.dns.remove("pod.local");
        assert_eq!(text(&st, &conn, "fd.cip.name"), None);
    }
}

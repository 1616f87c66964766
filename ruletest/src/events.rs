//! Reading the events of a case: the generic form (any event type, parameters by Falco name,
//! values converted by the parameter's type in the event schema) and the convenience forms for
//! the process life cycle (`clone`/`fork`/`vfork` with `child:`, `execve` with `exe:`, `exit`).
//!
//! Place in the data flow: test file → reader → **events** → [`TestEvent`]s fed to the engine.

use super::doc::Doc;
use super::error::{Problem, TestFileError};
use super::spec::TestEvent;
use super::values;
use syssentry_engine::event::ppm::AT_FDCWD;
use syssentry_engine::event::{mk, schema_of, Event, EventType, ParamSpec, ParamType, SockAddr, SockTuple};
use syssentry_engine::rules::yaml::{Node, NodeKind};
use syssentry_engine::state::{Fd, FdKind, L4Proto};
use std::collections::BTreeSet;

const GENERIC_KEYS: &[&str] = &["type", "pid", "tid", "res", "fd", "args", "time", "enter"];
const GENERIC_EXPECTED: &str = "type, pid, tid, res, fd, args, time, enter";
const EXECVE_KEYS: &[&str] = &[
    "type",
    "pid",
    "tid",
    "res",
    "time",
    "exe",
    "args",
    "comm",
    "cwd",
    "tty",
    "uid",
    "gid",
    "loginuid",
    "env",
    "upper_layer",
    "memfd",
    "writable",
];
const CLONE_KEYS: &[&str] = &["type", "pid", "tid", "child", "flags", "time"];
const EXIT_KEYS: &[&str] = &["type", "pid", "tid", "time"];

/// Reads one event. `pids` holds the processes known at this point of the case (seeded or
/// created by earlier events); the event's thread must be one of them.
pub(super) fn read_event(
    d: &Doc<'_>,
    node: &Node,
    pids: &mut BTreeSet<i64>,
) -> Result<TestEvent, TestFileError> {
    d.map(node, "events")?;
    let ty_node = d.require(node, "type", "an event")?;
    let ty_name = d.scalar(ty_node, "type")?;
    let pid_node = d.require(node, "pid", "an event")?;
    let pid = d.int(pid_node, "pid")?;
    let tid = node
        .get("tid")
        .map(|n| d.int(n, "tid"))
        .transpose()?
        .unwrap_or(pid);
    if !pids.contains(&tid) {
        let at = node.get("tid").unwrap_or(pid_node);
        return Err(d.err(at.pos, Problem::UnknownProcess { pid: tid }));
    }
    let time =
        match node.get("time") {
            Some(n) => {
                let s = d.scalar(n, "time")?;
                Some(values::parse_time(s).ok_or_else(|| {
                    d.bad(n, "time", s, "an RFC 3339 time (2026-01-02T03:04:05Z)")
                })?)
            }
            None => None,
        };
    let args_is_map = node
        .get("args")
        .is_some_and(|a| matches!(a.kind, NodeKind::Map(_)));
    let mut out = TestEvent {
        pos: node.pos,
        event: Event::new(EventType::PROCEXIT),
        time,
        cwd: None,
        implicit_socket: None,
    };
    match ty_name {
        "exit" => {
            d.check_keys(
                node.as_map().unwrap_or(&[]),
                "an exit event",
                EXIT_KEYS,
                "type, pid, tid, time",
            )?;
            out.event = mk::procexit(tid).pid(pid).build();
            pids.remove(&tid);
        }
        "clone" | "clone3" | "fork" | "vfork" if node.get("child").is_some() => {
            reject_mixed(d, node, args_is_map, ty_name)?;
            d.check_keys(
                node.as_map().unwrap_or(&[]),
                "a process creation event",
                CLONE_KEYS,
                "type, pid, tid, child, flags, time",
            )?;
            let child_node = node.get("child").unwrap_or(node);
            let child = d.int(child_node, "child")?;
            if child <= 0 || pids.contains(&child) {
                return Err(d.bad(
                    child_node,
                    "child",
                    &child.to_string(),
                    "the pid of a process that does not exist yet",
                ));
            }
            let ty = EventType::from_name(ty_name).unwrap_or(EventType::CLONE);
            let flags = match node.get("flags") {
                Some(n) => flags_value(d, n, "flags", ty)?,
                None => 0,
            };
            let flags = u32::try_from(flags)
                .map_err(|_| d.bad(node, "flags", &flags.to_string(), "32-bit clone flags"))?;
            let mut ev = if ty == EventType::VFORK {
                // The child side creates a vfork child (the parent stays blocked until it execs).
                mk::clone_child(child, child, tid, flags).pid(child).build()
            } else {
                mk::clone(tid, child, flags)
                    .pid(pid)
                    .int("pid", pid)
                    .build()
            };
            reset_type(&mut ev, ty);
            out.event = ev;
            pids.insert(child);
        }
        "execve" if !args_is_map => {
            d.check_keys(node.as_map().unwrap_or(&[]), "an execve event", EXECVE_KEYS, "type, pid, tid, res, time, exe, args, comm, cwd, tty, uid, gid, loginuid, env, upper_layer, memfd, writable")?;
            out.event = execve(d, node, tid, pid)?;
            out.cwd = node
                .get("cwd")
                .map(|n| d.string(n, "cwd"))
                .transpose()?
                .map(values::dir_with_slash);
        }
        _ => {
            d.check_keys(
                node.as_map().unwrap_or(&[]),
                "an event",
                GENERIC_KEYS,
                GENERIC_EXPECTED,
            )?;
            let ty = EventType::from_name(ty_name).ok_or_else(|| {
                d.err(
                    ty_node.pos,
                    Problem::UnknownEventType {
                        name: ty_name.to_string(),
                    },
                )
            })?;
            out.event = generic(d, node, ty, tid, pid)?;
            out.implicit_socket = implicit_socket(&out.event);
            if matches!(
                ty,
                EventType::CLONE | EventType::CLONE3 | EventType::FORK | EventType::VFORK
            ) && out.event.res > 0
            {
                pids.insert(out.event.res);
            }
        }
    }
    Ok(out)
}

fn reject_mixed(
    d: &Doc<'_>,
    node: &Node,
    args_is_map: bool,
    ty: &str,
) -> Result<(), TestFileError> {
    if args_is_map {
        let key = node
            .as_map()
            .and_then(|m| m.iter().find(|(k, _)| k.as_scalar() == Some("child")))
            .map(|(k, _)| k);
        let pos = key.map_or(node.pos, |k| k.pos);
        let event = EventType::from_name(ty).map_or("clone", EventType::name);
        return Err(d.err(
            pos,
            Problem::MixedForms {
                key: "child".into(),
                event,
            },
        ));
    }
    Ok(())
}

/// Re-types an event built by [`mk::clone`]/[`mk::clone_child`] as `fork`, `vfork` or `clone3`,
/// keeping its header and the parameters the state reads (`tid`, `pid`, `ptid`, `flags`).
fn reset_type(ev: &mut Event, ty: EventType) {
    if ev.event_type() == ty {
        return;
    }
    let mut fresh = Event::new(ty);
    fresh.tid = ev.tid;
    fresh.pid = ev.pid;
    fresh.res = ev.res;
    for name in ["tid", "pid", "ptid"] {
        if let (Some(v), Some(i)) = (ev.int(name), fresh.schema().position_by_name(name)) {
            fresh.set_int(i, v);
        }
    }
    if let (Some(v), Some(i)) = (ev.uint("flags"), fresh.schema().position_by_name("flags")) {
        fresh.set_uint(i, v);
    }
    *ev = fresh;
}

fn execve(d: &Doc<'_>, node: &Node, tid: i64, pid: i64) -> Result<Event, TestFileError> {
    let exe_path = d.string(d.require(node, "exe", "an execve event")?, "exe")?;
    let argv = match node.get("args") {
        Some(n) => d.str_list(n, "args")?,
        None => vec![exe_path.clone()],
    };
    let argv_ref: Vec<&str> = argv.iter().map(String::as_str).collect();
    let res = match node.get("res") {
        Some(n) => res_value(d, n)?,
        None => 0,
    };
    let mut b = mk::execve(tid, pid, &exe_path, &argv_ref, res).flags("flags", d.exe_flags(node)?);
    if let Some(n) = node.get("comm") {
        b = b.str("comm", d.scalar(n, "comm")?);
    }
    if let Some(n) = node.get("cwd") {
        b = b.str("cwd", &values::dir_with_slash(d.string(n, "cwd")?));
    }
    for key in ["tty", "uid", "gid"] {
        if let Some(n) = node.get(key) {
            b = b.uint(key, u64::from(d.u32(n, key)?));
        }
    }
    if let Some(n) = node.get("loginuid") {
        let v = d.int(n, "loginuid")?;
        b = b.uint("loginuid", u64::from(u32::try_from(v).unwrap_or(u32::MAX)));
    }
    if let Some(n) = node.get("env") {
        let env = d.str_list(n, "env")?;
        b = b.list("env", &env.iter().map(String::as_str).collect::<Vec<_>>());
    }
    Ok(b.build())
}

fn res_value(d: &Doc<'_>, n: &Node) -> Result<i64, TestFileError> {
    let s = d.scalar(n, "res")?;
    values::parse_errno(s).ok_or_else(|| d.bad(n, "res", s, "an integer or an errno name (EACCES)"))
}

fn generic(
    d: &Doc<'_>,
    node: &Node,
    ty: EventType,
    tid: i64,
    pid: i64,
) -> Result<Event, TestFileError> {
    let enter = match node.get("enter") {
        Some(n) => d.bool(n, "enter")?,
        None => false,
    };
    let mut ev = if enter {
        Event::new_enter(ty)
    } else {
        Event::new(ty)
    };
    ev.tid = tid;
    ev.pid = pid;
    let schema = schema_of(ty, enter);
    // A path relative to a directory fd is relative to the working directory unless told otherwise.
    for p in schema
        .params
        .iter()
        .filter(|p| p.ty == ParamType::FsRelPath)
    {
        if let Some(dirfd) = schema.params.get(p.dirfd as usize) {
            let i = p.dirfd as usize;
            if dirfd.ty == ParamType::Fd && !(i == 0 && ev.has_return_value()) {
                ev.set_int(i, AT_FDCWD);
            }
        }
    }
    if let Some(n) = node.get("res") {
        ev.res = res_value(d, n)?;
    }
    if let Some(n) = node.get("fd") {
        let pos = schema
            .params
            .iter()
            .enumerate()
            .position(|(i, p)| p.name == "fd" && !(i == 0 && ev.has_return_value()))
            .ok_or_else(|| d.err(n.pos, Problem::NoFdParam { event: ty.name() }))?;
        ev.set_int(pos, d.int(n, "fd")?);
    }
    if let Some(args) = node.get("args") {
        for (k, v) in d.map(args, "args")? {
            let name = d.scalar(k, "args")?;
            let Some(i) = schema.position_by_name(name) else {
                let known = schema
                    .params
                    .iter()
                    .map(|p| p.name)
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(d.err(
                    k.pos,
                    Problem::UnknownParam {
                        event: ty.name(),
                        param: name.to_string(),
                        known,
                    },
                ));
            };
            set_param(d, &mut ev, i, &schema.params[i], v, ty)?;
        }
    }
    // A connect reports the address it connected to in `addr`; derive it from the tuple.
    if ty == EventType::CONNECT && !enter {
        if let (Some(i), Some(syssentry_engine::event::Param::SockTuple(t))) = (
            schema.position_by_name("addr"),
            schema.position_by_name("tuple").map(|t| ev.param(t)),
        ) {
            if matches!(ev.param(i), syssentry_engine::event::Param::Empty) {
                // The unix path borrows from the event; copy it before writing the event.
                let (addr, path) = match t {
                    SockTuple::Inet { dip, dport, .. } => {
                        (SockAddr::Inet(dip, dport), String::new())
                    }
                    SockTuple::Inet6 { dip, dport, .. } => {
                        (SockAddr::Inet6(dip, dport), String::new())
                    }
                    SockTuple::Unix { path, .. } => (SockAddr::Unix(()), path.to_string()),
                    SockTuple::Other(f) => (SockAddr::Other(f), String::new()),
                };
                ev.set_sockaddr(i, addr.map(|()| path.as_str()));
            }
        }
    }
    Ok(ev)
}

fn flags_value(d: &Doc<'_>, n: &Node, key: &str, ty: EventType) -> Result<u64, TestFileError> {
    let spec = schema_of(ty, false).params.iter().find(|p| p.name == key);
    let table = spec.and_then(|p| p.table);
    let s = d.scalar(n, key)?;
    values::parse_flags(s, table).map_err(|flag| {
        d.err(
            n.pos,
            Problem::UnknownFlag {
                param: key.to_string(),
                flag: flag.to_string(),
                known: values::flag_names(table),
            },
        )
    })
}

/// Converts a YAML value by the parameter's type and stores it.
fn set_param(
    d: &Doc<'_>,
    ev: &mut Event,
    i: usize,
    spec: &ParamSpec,
    v: &Node,
    ty: EventType,
) -> Result<(), TestFileError> {
    use ParamType as T;
    let key = spec.name;
    if spec.ty.is_flags() || (spec.table.is_some() && !matches!(spec.ty, T::Fd | T::Pid)) {
        let s = d.scalar(v, key)?;
        let bits = values::parse_flags(s, spec.table).map_err(|flag| {
            d.err(
                v.pos,
                Problem::UnknownFlag {
                    param: key.to_string(),
                    flag: flag.to_string(),
                    known: values::flag_names(spec.table),
                },
            )
        })?;
        ev.set_uint(i, bits);
        return Ok(());
    }
    match spec.ty {
        T::Fd => {
            let s = d.scalar(v, key)?;
            let n = if s.trim() == "AT_FDCWD" {
                Some(AT_FDCWD)
            } else {
                values::parse_i64(s)
            };
            ev.set_int(
                i,
                n.ok_or_else(|| d.bad(v, key, s, "an fd number or AT_FDCWD"))?,
            );
        }
        T::Errno => {
            let s = d.scalar(v, key)?;
            ev.set_int(
                i,
                values::parse_errno(s)
                    .ok_or_else(|| d.bad(v, key, s, "an integer or an errno name (EACCES)"))?,
            );
        }
        T::I8 | T::I16 | T::I32 | T::I64 | T::Pid => ev.set_int(i, d.int(v, key)?),
        T::SigType => {
            let s = d.scalar(v, key)?;
            ev.set_uint(
                i,
                values::parse_signal(s)
                    .ok_or_else(|| d.bad(v, key, s, "a signal number or name (SIGKILL)"))?,
            );
        }
        T::Bool => ev.set_uint(i, u64::from(d.bool(v, key)?)),
        T::U8
        | T::U16
        | T::U32
        | T::U64
        | T::Uid
        | T::Gid
        | T::RelTime
        | T::AbsTime
        | T::Port
        | T::SyscallId
        | T::Dyn
        | T::Mode
        | T::L4Proto
        | T::SockFamily => {
            let s = d.scalar(v, key)?;
            let octal = spec.ty == T::Mode || spec.fmt == syssentry_engine::event::ParamFormat::Oct;
            ev.set_uint(
                i,
                values::parse_u64(s, octal)
                    .ok_or_else(|| d.bad(v, key, s, "an unsigned integer"))?,
            );
        }
        T::CharBuf | T::FsPath | T::FsRelPath => ev.set_str(i, d.scalar(v, key)?),
        T::ByteBuf | T::CharBufArray | T::CharBufPairArray => match &v.kind {
            NodeKind::Seq(_) => {
                let items = d.str_list(v, key)?;
                ev.set_str_list(i, &items.iter().map(String::as_str).collect::<Vec<_>>());
            }
            _ => ev.set_bytes(i, d.scalar(v, key)?.as_bytes()),
        },
        T::SockAddr => {
            let s = d.scalar(v, key)?;
            let a = values::parse_sockaddr(s)
                .ok_or_else(|| d.bad(v, key, s, "an address ip:port, [ipv6]:port or /unix/path"))?;
            ev.set_sockaddr(i, a);
        }
        T::SockTuple => {
            let s = d.scalar(v, key)?;
            let t = values::parse_tuple(s).ok_or_else(|| {
                d.bad(
                    v,
                    key,
                    s,
                    "a tuple ip:port->ip:port ([ipv6]:port) or a unix path",
                )
            })?;
            ev.set_socktuple(i, t);
        }
        other => {
            return Err(d.err(
                v.pos,
                Problem::UnsupportedParam {
                    event: ty.name(),
                    param: key.to_string(),
                    ty: format!("{other:?}"),
                },
            ));
        }
    }
    Ok(())
}

/// For events that use a socket fd and carry its address (connect, bind, sendto, ...), the socket
/// the process must have opened earlier; the runner adds it when the process does not have it.
fn implicit_socket(ev: &Event) -> Option<(i64, Fd)> {
    let ty = ev.event_type();
    let udp = matches!(
        ty,
        EventType::SENDTO | EventType::SENDMSG | EventType::RECVFROM | EventType::RECVMSG
    );
    if ev.is_enter() || !(udp || matches!(ty, EventType::CONNECT | EventType::BIND)) {
        return None;
    }
    let schema = ev.schema();
    let fd = (schema.fd_param != 255)
        .then(|| ev.param(schema.fd_param as usize).as_i64())
        .flatten()?;
    let (v4, unix) = match (ev.param_by_name("tuple"), ev.param_by_name("addr")) {
        (syssentry_engine::event::Param::SockTuple(t), _) => match t {
            SockTuple::Inet { .. } => (true, false),
            SockTuple::Inet6 { .. } => (false, false),
            SockTuple::Unix { .. } => (false, true),
            SockTuple::Other(_) => return None,
        },
        (_, syssentry_engine::event::Param::SockAddr(a)) => match a {
            SockAddr::Inet(..) => (true, false),
            SockAddr::Inet6(..) => (false, false),
            SockAddr::Unix(_) => (false, true),
            SockAddr::Other(_) => return None,
        },
        _ => return None,
    };
    let mut f = Fd::new(
        if unix {
            FdKind::Unix
        } else if v4 {
            FdKind::Ipv4Sock
        } else {
            FdKind::Ipv6Sock
        },
        "",
    );
    if !unix {
        f.l4proto = if udp { L4Proto::Udp } else { L4Proto::Tcp };
    }
    Some((fd, f))
}

//! Rendering event parameters as libsinsp does (`sinsp_evt::get_param_as_str`): a raw form
//! (`evt.rawarg`-like text, e.g. `4097` for flags) and a resolved form (`O_RDONLY|O_CLOEXEC`,
//! `<f>/etc/passwd`, `ENOENT`, user names). `evt.arg.*` prefers the resolved form; `evt.args`
//! prints `name=raw` or `name=raw(resolved)` for each parameter.
//!
//! Place in the data flow: fields → **render** (into scratch buffers) → comparisons/outputs.

use std::fmt::Write as _;

use super::ctx::EvalCtx;
use crate::state::{append_path, fd::write_ip, Thread};
use syssentry_event::{
    names::{errno_name, signal_name},
    ppm, Param, ParamFormat, ParamSpec, ParamType, SockAddr, SockTuple,
};

/// Renders parameter `idx` of the current event: raw text into `raw`, resolved text (possibly
/// empty) into `resolved`.
pub(crate) fn render_param(ctx: &EvalCtx<'_>, idx: usize, raw: &mut String, resolved: &mut String) {
    raw.clear();
    resolved.clear();
    let ev = ctx.event;
    let Some(spec) = ev.schema().params.get(idx) else {
        return;
    };
    let value = ev.param(idx);
    let thread = ctx.thread();
    if value.is_empty() {
        raw.push_str(match spec.ty {
            ParamType::ByteBuf
            | ParamType::SockTuple
            | ParamType::FdList
            | ParamType::CharBufArray
            | ParamType::CharBufPairArray
            | ParamType::Dyn => "NULL",
            _ => "<NA>",
        });
        return;
    }
    match spec.ty {
        ParamType::I8 | ParamType::I16 | ParamType::I32 | ParamType::I64 => {
            let v = value.as_i64().unwrap_or(0);
            let bits = if spec.ty == ParamType::I64 { 64 } else { 32 };
            write_num_signed(raw, v, spec.fmt, bits);
        }
        ParamType::U8 | ParamType::U16 | ParamType::U32 | ParamType::U64 | ParamType::Dyn => {
            let v = value.as_u64().unwrap_or(0);
            if spec.ty == ParamType::U64 || spec.ty == ParamType::Dyn {
                // libsinsp prints 64-bit unsigned parameters through a signed conversion.
                match spec.fmt {
                    ParamFormat::Oct => write_oct(raw, v),
                    ParamFormat::Hex => {
                        let _ = write!(raw, "{v:X}");
                    }
                    ParamFormat::PaddedDec => {
                        let _ = write!(raw, "{:09}", v as i64);
                    }
                    _ => push_int(raw, v as i64),
                }
            } else {
                write_num_unsigned(raw, v & 0xffff_ffff, spec.fmt);
            }
        }
        ParamType::Fd => {
            let fd = value.as_i64().unwrap_or(0);
            push_int(raw, fd);
            if let Some(t) = thread {
                render_fd(ctx, t, fd, resolved);
            }
        }
        ParamType::Pid => {
            let pid = value.as_i64().unwrap_or(0);
            push_int(raw, pid);
            if let Some(t) = ctx.state.thread(pid) {
                resolved.push_str(&t.image.comm);
            }
        }
        ParamType::Errno => {
            let v = value.as_i64().unwrap_or(0);
            push_int(raw, v);
            if v < 0 {
                if let Some(n) = errno_name(v) {
                    resolved.push_str(n);
                }
            }
        }
        ParamType::CharBuf => raw.push_str(value.as_str().unwrap_or("")),
        ParamType::FsPath | ParamType::FsRelPath => {
            let path = value.as_str().unwrap_or("");
            raw.push_str(path);
            match thread {
                Some(t) => {
                    if path != "<NA>" && !path.is_empty() && !path.starts_with('/') {
                        write_base_dir(ctx, t, spec, resolved);
                        append_path(resolved, path);
                    }
                }
                None => resolved.push_str(path),
            }
        }
        ParamType::ByteBuf | ParamType::CharBufArray | ParamType::CharBufPairArray => {
            for &b in value.as_bytes().unwrap_or(&[]) {
                raw.push(if (0x20..0x7f).contains(&b) {
                    b as char
                } else {
                    '.'
                });
            }
        }
        ParamType::SockAddr => {
            if let Param::SockAddr(a) = value {
                write_sockaddr(raw, a);
            }
        }
        ParamType::SockTuple => {
            if let Param::SockTuple(t) = value {
                write_socktuple(raw, t);
            }
        }
        ParamType::SigType => {
            let v = value.as_u64().unwrap_or(0) & 0xff;
            push_int(raw, v);
            if let Some(n) = signal_name(v) {
                resolved.push_str(n);
            }
        }
        ParamType::RelTime => {
            let v = value.as_u64().unwrap_or(0);
            if v == u64::MAX {
                raw.push_str("none");
            } else {
                push_int(raw, v);
                write_g(resolved, v as f64 / 1e9);
                resolved.push('s');
            }
        }
        ParamType::Flags8
        | ParamType::Flags16
        | ParamType::Flags32
        | ParamType::EnumFlags8
        | ParamType::EnumFlags16
        | ParamType::EnumFlags32 => {
            let mask: u64 = match spec.ty {
                ParamType::Flags8 | ParamType::EnumFlags8 => 0xff,
                ParamType::Flags16 | ParamType::EnumFlags16 => 0xffff,
                _ => 0xffff_ffff,
            };
            let v = (value.as_u64().unwrap_or(0) & mask) as u32;
            push_int(raw, v);
            write_flags(resolved, v, spec, spec.ty.is_enum());
        }
        ParamType::Mode => {
            let v = (value.as_u64().unwrap_or(0) & 0xffff_ffff) as u32;
            write_num_unsigned(raw, u64::from(v), spec.fmt);
            write_mode(resolved, v, spec);
        }
        ParamType::AbsTime => {
            let v = value.as_u64().unwrap_or(0);
            write_abstime_param(raw, v, ctx.utc_offset_secs);
        }
        ParamType::Uid | ParamType::Gid => {
            let v = (value.as_u64().unwrap_or(0) & 0xffff_ffff) as u32;
            if v == u32::MAX {
                raw.push_str("-1");
                resolved.push_str("<NONE>");
            } else {
                push_int(raw, v as i32);
                let container = thread.map_or("", |t| &*t.container_id);
                let name = if spec.ty == ParamType::Uid {
                    thread
                        .and_then(|_| ctx.state.users.get(container, v))
                        .map(|u| u.name.as_str())
                } else {
                    thread
                        .and_then(|_| ctx.state.groups.get(container, v))
                        .map(|g| g.name.as_str())
                };
                resolved.push_str(name.filter(|n| !n.is_empty()).unwrap_or("<NA>"));
            }
        }
        ParamType::SyscallId => {
            push_int(raw, value.as_u64().unwrap_or(0));
        }
        _ => raw.push_str("(n.a.)"),
    }
}

/// The directory a relative path parameter resolves against, written into `out`: the cwd,
/// or for `FsRelPath` the path of its dirfd parameter with a trailing `/` (empty when the
/// dirfd is unknown).
fn write_base_dir(ctx: &EvalCtx<'_>, t: &Thread, spec: &ParamSpec, out: &mut String) {
    out.clear();
    let cwd = &ctx.state.main_thread(t).unwrap_or(t).cwd;
    if spec.ty != ParamType::FsRelPath {
        out.push_str(cwd);
        return;
    }
    match ctx.event.param(spec.dirfd as usize).as_i64() {
        None => out.push_str(cwd),
        Some(d) if d == ppm::AT_FDCWD => out.push_str(cwd),
        Some(d) if ctx.event.is_not_dir(d) => {}
        Some(d) => {
            if let Some(fd) = ctx.state.fds_of(t).get(d).filter(|fd| !fd.name.is_empty()) {
                out.push_str(&fd.name);
                if !fd.name.ends_with('/') {
                    out.push('/');
                }
            }
        }
    }
}

/// The resolved form of an fd parameter: `<typechar[l4]>name`, `AT_FDCWD` or an errno name.
fn render_fd(ctx: &EvalCtx<'_>, t: &Thread, fd: i64, out: &mut String) {
    if fd >= 0 {
        // a directory fd capture found not to be one is shown as the bare number
        if let Some(info) = ctx.state.fds_of(t).get(fd).filter(|_| !ctx.event.is_not_dir(fd)) {
            out.push('<');
            out.push(info.kind.typechar());
            if info.kind.is_ip() {
                use crate::state::L4Proto;
                match info.l4proto {
                    L4Proto::Tcp => out.push('t'),
                    L4Proto::Udp => out.push('u'),
                    L4Proto::Icmp => out.push('i'),
                    L4Proto::Raw => out.push('r'),
                    L4Proto::Unknown => {}
                }
            }
            out.push('>');
            out.push_str(&info.name);
        }
    } else if fd == ppm::AT_FDCWD {
        out.push_str("AT_FDCWD");
    } else if let Some(n) = errno_name(fd) {
        out.push_str(n);
    }
}

fn write_num_signed(out: &mut String, v: i64, fmt: ParamFormat, bits: u32) {
    let as_unsigned = if bits == 64 {
        v as u64
    } else {
        (v as u64) & 0xffff_ffff
    };
    match fmt {
        ParamFormat::Oct => write_oct(out, as_unsigned),
        ParamFormat::Hex => {
            let _ = write!(out, "{as_unsigned:X}");
        }
        ParamFormat::PaddedDec => {
            let _ = write!(out, "{v:09}");
        }
        _ => push_int(out, v),
    }
}

fn write_num_unsigned(out: &mut String, v: u64, fmt: ParamFormat) {
    match fmt {
        ParamFormat::Oct => write_oct(out, v),
        ParamFormat::Hex => {
            let _ = write!(out, "{v:X}");
        }
        ParamFormat::PaddedDec => {
            let _ = write!(out, "{v:09}");
        }
        _ => push_int(out, v),
    }
}

/// Appends `v` in decimal (most rendered parameters are plain numbers: no formatting machinery).
fn push_int(out: &mut String, v: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(v));
}

/// C's `%#o`: a leading 0 unless the value is 0.
fn write_oct(out: &mut String, v: u64) {
    if v == 0 {
        out.push('0');
    } else {
        let _ = write!(out, "0{v:o}");
    }
}

/// Flag names joined by `|` in table order; enumerations match exactly (libsinsp rules).
fn write_flags(out: &mut String, v: u32, spec: &ParamSpec, exact: bool) {
    let Some(table) = spec.table else { return };
    let initial = v;
    let mut rest = v;
    let mut sep = "";
    for &(name, fv) in table {
        let matched = if exact {
            fv == initial
        } else if (fv == 0 && initial == 0) || (fv != 0 && rest & fv == fv && rest != 0) {
            rest &= !fv;
            true
        } else {
            false
        };
        if matched {
            out.push_str(sep);
            out.push_str(name);
            sep = "|";
            if !exact && fv == initial {
                break;
            }
        }
    }
}

/// Mode names (`S_IRUSR|S_IWUSR|...`) following libsinsp's mode-table walk.
fn write_mode(out: &mut String, v: u32, spec: &ParamSpec) {
    let Some(table) = spec.table else { return };
    let mut rest = v;
    let mut sep = "";
    let mut i = 0;
    while i < table.len() && table[i].1 != v {
        let (name, mv) = table[i];
        if (mv == 0 && v == 0) || (mv != 0 && rest & mv == mv && rest != 0) {
            out.push_str(sep);
            out.push_str(name);
            sep = "|";
            rest &= !mv;
        }
        i += 1;
    }
    if let Some((name, _)) = table.get(i) {
        out.push_str(sep);
        out.push_str(name);
    }
}

/// A socket address: unix path, `ip:port`, or `family N`.
pub(crate) fn write_sockaddr(out: &mut String, a: SockAddr<&str>) {
    match a {
        SockAddr::Unix(p) => out.push_str(p),
        SockAddr::Inet(ip, port) => {
            let _ = write!(out, "{ip}:{port}");
        }
        SockAddr::Inet6(ip, port) => {
            let _ = write!(out, "{ip}:{port}");
        }
        SockAddr::Other(f) => {
            let _ = write!(out, "family {f}");
        }
    }
}

/// A socket tuple: `src->dst path` (hex pointers) for unix, `ip:port->ip:port` for IP
/// (IPv4-mapped IPv6 pairs printed as IPv4).
pub(crate) fn write_socktuple(out: &mut String, t: SockTuple<&str>) {
    match t {
        SockTuple::Unix { src, dst, path } => {
            let _ = write!(out, "{src:x}->{dst:x} {path}");
        }
        SockTuple::Inet {
            sip,
            sport,
            dip,
            dport,
        } => {
            let _ = write!(out, "{sip}:{sport}->{dip}:{dport}");
        }
        SockTuple::Inet6 {
            sip,
            sport,
            dip,
            dport,
        } => {
            let m = |a: std::net::Ipv6Addr| {
                if a.is_unspecified() {
                    Some(std::net::Ipv4Addr::UNSPECIFIED)
                } else {
                    a.to_ipv4_mapped()
                }
            };
            match (m(sip), m(dip)) {
                (Some(a), Some(b)) => {
                    let _ = write!(out, "{a}:{sport}->{b}:{dport}");
                }
                _ => {
                    write_ip(out, sip.into());
                    let _ = write!(out, ":{sport}->");
                    write_ip(out, dip.into());
                    let _ = write!(out, ":{dport}");
                }
            }
        }
        SockTuple::Other(f) => {
            let _ = write!(out, "family {f}");
        }
    }
}

/// C's `%lg` for the values `RelTime` renders (6 significant digits, trailing zeros trimmed).
fn write_g(out: &mut String, x: f64) {
    if x == 0.0 {
        out.push('0');
        return;
    }
    let exp = x.abs().log10().floor() as i32;
    if (-5..6).contains(&exp) {
        let decimals = (5 - exp).max(0) as usize;
        let s = format!("{x:.decimals$}");
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.')
        } else {
            &s
        };
        out.push_str(s);
    } else {
        let m = x / 10f64.powi(exp);
        let s = format!("{m:.5}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        let _ = write!(
            out,
            "{s}e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        );
    }
}

/// `PT_ABSTIME` parameter text: local `YYYY-MM-DD HH:MM:SS.nnnnnnnnn +hhmm`.
fn write_abstime_param(out: &mut String, ts: u64, offset: i32) {
    crate::output::time::write_datetime(ts, offset, true, true, out);
    out.push(' ');
    write_offset(out, offset);
}

/// `+hhmm` / `-hhmm`.
pub(crate) fn write_offset(out: &mut String, offset: i32) {
    let sign = if offset < 0 { '-' } else { '+' };
    let a = offset.unsigned_abs();
    let _ = write!(out, "{sign}{:02}{:02}", a / 3600, (a % 3600) / 60);
}

/// Renders `evt.args` into `out` using `raw`/`res` as temporaries.
pub(crate) fn render_args(ctx: &EvalCtx<'_>, out: &mut String, raw: &mut String, res: &mut String) {
    out.clear();
    let n = ctx.event.num_params();
    for i in 0..n {
        render_param(ctx, i, raw, res);
        out.push_str(ctx.event.schema().params[i].name);
        out.push('=');
        out.push_str(raw);
        if !res.is_empty() {
            out.push('(');
            out.push_str(res);
            out.push(')');
        }
        out.push(' ');
    }
    out.pop();
}

//! `evt.*` fields: event header, parameters (`evt.arg.*`, `evt.rawarg.*`, `evt.args`), return
//! value and open-mode predicates.

use super::params;
use crate::fields::ctx::EvalCtx;
use crate::fields::field_ref::{FieldArg, FieldRef};
use crate::fields::registry::F;
use crate::fields::render::{render_args, render_param};
use crate::fields::scratch::Scratch;
use crate::fields::value::Value;
use crate::output::time::{write_datetime, write_iso8601};
use syssentry_event::{
    ppm::{mode, open::*},
    EventType as T, Param,
};

pub(super) fn extract<'s>(
    id: F,
    f: &FieldRef,
    ctx: &'s EvalCtx<'_>,
    sc: &'s mut Scratch,
) -> Option<Value<'s>> {
    let ev = ctx.event;
    let ts = ev.ts;
    let off = ctx.utc_offset_secs;
    Some(match id {
        F::EvtNum => Value::U64(if ev.num != 0 {
            ev.num
        } else {
            ctx.state.current_num()
        }),
        F::EvtTime | F::EvtTimeS | F::EvtDatetime | F::EvtDatetimeS => {
            sc.a.clear();
            let date = matches!(id, F::EvtDatetime | F::EvtDatetimeS);
            let ns = matches!(id, F::EvtTime | F::EvtDatetime);
            write_datetime(ts, off, date, ns, &mut sc.a);
            Value::Str(&sc.a)
        }
        F::EvtTimeIso8601 => {
            sc.a.clear();
            write_iso8601(ts, &mut sc.a);
            Value::Str(&sc.a)
        }
        F::EvtRawtime => Value::U64(ts),
        F::EvtRawtimeS => Value::U64(ts / 1_000_000_000),
        F::EvtRawtimeNs => Value::U64(ts % 1_000_000_000),
        F::EvtHostname => Value::Str(ctx.hostname),
        F::EvtSource => Value::Str("syscall"),
        F::EvtIsAsync => Value::Bool(ev.event_type() == T::ASYNCEVENT),
        F::EvtAsynctype => {
            if ev.event_type() != T::ASYNCEVENT {
                return None;
            }
            Value::Str(params::get(ev, params::ids().name).as_str()?)
        }
        F::EvtDir => Value::Str(if ev.is_enter() { ">" } else { "<" }),
        F::EvtType => {
            if ev.event_type() == T::ASYNCEVENT {
                if let Some(n) = params::get(ev, params::ids().name).as_str() {
                    return Some(Value::Str(n));
                }
            }
            Value::Str(ev.event_type().name())
        }
        F::SyscallType => {
            if !is_syscall(ev.event_type()) {
                return None;
            }
            Value::Str(ev.event_type().name())
        }
        F::EvtArgs | F::EvtInfo => {
            render_args(ctx, &mut sc.a, &mut sc.b, &mut sc.c);
            Value::Str(&sc.a)
        }
        F::EvtArg => {
            let idx = match &f.arg {
                FieldArg::Param(p) => ev.position(*p)?,
                FieldArg::Index(i) => *i as usize,
                _ => return None,
            };
            if idx >= ev.num_params() {
                return None;
            }
            render_param(ctx, idx, &mut sc.a, &mut sc.b);
            if sc.b.is_empty() {
                Value::Str(&sc.a)
            } else {
                Value::Str(&sc.b)
            }
        }
        F::EvtRawarg => {
            let FieldArg::Param(p) = &f.arg else {
                return None;
            };
            let idx = ev.position(*p)?;
            match ev.param(idx) {
                Param::Empty => return None,
                Param::Int(v) => Value::I64(v),
                Param::Uint(v) => Value::U64(v),
                Param::Str(s) => Value::Str(s),
                Param::Bytes(b) => Value::Bytes(b),
                Param::SockAddr(_) | Param::SockTuple(_) => return None,
            }
        }
        F::EvtBuffer => match params::get(ev, params::ids().data) {
            Param::Bytes(b) => Value::Bytes(b),
            _ => return None,
        },
        F::EvtBuflen => {
            ev.position(params::ids().data?)?;
            if !ev.has_return_value() || ev.res < 0 {
                return None;
            }
            Value::U64(ev.res as u64)
        }
        F::EvtRes => {
            if !ev.has_return_value() {
                return None;
            }
            if ev.res >= 0 {
                return Some(Value::Str("SUCCESS"));
            }
            render_param(ctx, 0, &mut sc.a, &mut sc.b);
            if sc.b.is_empty() {
                Value::Str(&sc.a)
            } else {
                Value::Str(&sc.b)
            }
        }
        F::EvtRawres => {
            if !ev.has_return_value() {
                return None;
            }
            Value::I64(ev.res)
        }
        F::EvtFailed => Value::Bool(ev.has_return_value() && ev.res < 0),
        F::EvtCount => Value::U64(1),
        F::EvtIsOpenRead | F::EvtIsOpenWrite | F::EvtIsOpenExec | F::EvtIsOpenCreate => {
            Value::Bool(is_open(id, ctx))
        }
        _ => return None,
    })
}

/// `evt.is_open_*` (libsinsp: only open/openat/openat2/open_by_handle_at exit events, exec
/// also for creat; false otherwise).
fn is_open(id: F, ctx: &EvalCtx<'_>) -> bool {
    let ev = ctx.event;
    let ty = ev.event_type();
    if ev.is_enter() {
        return false;
    }
    let exec_mask = mode::S_IXUSR | mode::S_IXGRP | mode::S_IXOTH;
    let ids = params::ids();
    match ty {
        T::OPEN | T::OPENAT | T::OPENAT2 | T::OPEN_BY_HANDLE_AT => {
            let flags = params::get(ev, ids.flags).as_u64().unwrap_or(0) as u32;
            match id {
                F::EvtIsOpenRead => flags & O_RDONLY != 0,
                F::EvtIsOpenWrite => flags & O_WRONLY != 0,
                F::EvtIsOpenCreate => {
                    flags & O_F_CREATED != 0 || (flags & O_TMPFILE != 0 && ev.res >= 0)
                }
                F::EvtIsOpenExec => {
                    ty != T::OPEN_BY_HANDLE_AT
                        && flags & (O_TMPFILE | O_CREAT) != 0
                        && params::get(ev, ids.mode)
                            .as_u64()
                            .is_some_and(|m| m as u32 & exec_mask != 0)
                }
                _ => false,
            }
        }
        T::CREAT => {
            id == F::EvtIsOpenExec
                && params::get(ev, ids.mode).as_u64().unwrap_or(0) as u32 & exec_mask != 0
        }
        _ => false,
    }
}

/// Whether the event is a syscall event (`syscall.type` exists).
fn is_syscall(ty: T) -> bool {
    !matches!(
        ty,
        T::PROCEXIT
            | T::CONTAINER
            | T::ASYNCEVENT
            | T::PLUGINEVENT
            | T::SWITCH
            | T::TRACER
            | T::MESOS
            | T::SCAPEVENT
            | T::SIGNALDELIVER
            | T::PAGE_FAULT
            | T::NOTIFICATION
            | T::INFRA
            | T::USERADDED
            | T::USERDELETED
            | T::GROUPADDED
            | T::GROUPDELETED
            | T::CPU_HOTPLUG
            | T::DROP
            | T::PROCINFO
    )
}

//! `proc.*` and `thread.*` fields: the thread of the event, its process and ancestors.

use crate::fields::ctx::EvalCtx;
use crate::fields::field_ref::{FieldArg, FieldRef};
use crate::fields::registry::F;
use crate::fields::scratch::Scratch;
use crate::fields::value::Value;
use crate::state::{State, Thread};
use syssentry_event::ppm::exe;

pub(super) fn extract<'s>(
    id: F,
    f: &FieldRef,
    ctx: &'s EvalCtx<'_>,
    sc: &'s mut Scratch,
) -> Option<Value<'s>> {
    let st = ctx.state;
    let t = ctx.thread()?;
    let img = &*t.image;
    Some(match id {
        F::ProcExe => Value::Str(&img.exe),
        F::ProcExepath => Value::Str(&img.exepath),
        F::ProcName => Value::Str(&img.comm),
        F::ProcCmdline => Value::Str(&img.cmdline),
        F::ProcExeline => Value::Str(&img.exeline),
        F::ProcArgs => match f.arg {
            FieldArg::Index(i) => Value::Str(img.args.get(i as usize).map_or("", String::as_str)),
            _ => Value::Str(&img.args_joined),
        },
        F::ProcCmdnargs => Value::U64(img.args.len() as u64),
        F::ProcCmdlenargs => Value::U64(img.args.iter().map(|a| a.len() as u64).sum()),
        F::ProcEnv => match &f.arg {
            FieldArg::Key(k) => Value::Str(env_value(&img.env, k)),
            _ => {
                sc.a.clear();
                for (i, e) in img.env.iter().enumerate() {
                    if i > 0 {
                        sc.a.push(' ');
                    }
                    sc.a.push_str(e);
                }
                Value::Str(&sc.a)
            }
        },
        F::ProcCwd => Value::Str(&st.main_thread(t).unwrap_or(t).cwd),
        F::ProcTty => Value::U64(u64::from(t.tty)),
        F::ProcPid => xid(t.pid)?,
        F::ThreadVtid => {
            if t.vtid == -1 {
                return None;
            }
            Value::I64(t.vtid)
        }
        F::ProcVpid => {
            if t.vpid == -1 {
                return None;
            }
            Value::I64(t.vpid)
        }
        F::ProcPexe | F::ProcPexepath | F::ProcPname | F::ProcPcmdline | F::ProcPpid => {
            let p = st.parent(t)?;
            match id {
                F::ProcPexe => Value::Str(&p.image.exe),
                F::ProcPexepath => Value::Str(&p.image.exepath),
                F::ProcPname => Value::Str(&p.image.comm),
                F::ProcPcmdline => Value::Str(&p.image.cmdline),
                _ => xid(p.pid)?,
            }
        }
        F::ProcAexe | F::ProcAexepath | F::ProcAname | F::ProcAcmdline | F::ProcApid => {
            let n = match f.arg {
                FieldArg::Index(i) => i,
                _ => 0,
            };
            let a = st.ancestor(t, n)?;
            ancestor_value(id, a)?
        }
        F::ProcPvpid => Value::I64(st.thread(t.ptid)?.vpid),
        F::ProcSid => Value::I64(t.sid),
        F::ProcVpgid => Value::I64(t.vpgid),
        F::ProcPgid => Value::I64(t.pgid),
        F::ProcSname | F::ProcSidExe | F::ProcSidExepath => {
            let l = oldest_matching(st, t, |x| x.sid, true);
            Value::Str(l.map_or("", |l| match id {
                F::ProcSname => &l.image.comm,
                F::ProcSidExe => &l.image.exe,
                _ => &l.image.exepath,
            }))
        }
        F::ProcVpgidName | F::ProcVpgidExe | F::ProcVpgidExepath => {
            let l = oldest_matching(st, t, |x| x.vpgid, true);
            Value::Str(l.map_or("", |l| match id {
                F::ProcVpgidName => &l.image.comm,
                F::ProcVpgidExe => &l.image.exe,
                _ => &l.image.exepath,
            }))
        }
        F::ProcDuration => {
            if t.clone_ts == 0 {
                return None;
            }
            Value::U64(ctx.event.ts.wrapping_sub(t.clone_ts))
        }
        F::ProcPpidDuration => {
            let p = st.parent(t)?;
            if p.clone_ts == 0 {
                return None;
            }
            Value::U64(ctx.event.ts.wrapping_sub(p.clone_ts))
        }
        F::ProcPidTs => {
            if t.clone_ts == 0 {
                return None;
            }
            Value::U64(t.clone_ts)
        }
        F::ProcPpidTs => Value::U64(st.thread(t.ptid)?.clone_ts),
        F::ProcIsExeWritable => Value::Bool(t.exe_flags & exe::EXE_WRITABLE != 0),
        F::ProcIsExeUpperLayer => Value::Bool(t.exe_flags & exe::EXE_UPPER_LAYER != 0),
        F::ProcIsExeLowerLayer => Value::Bool(t.exe_flags & exe::EXE_LOWER_LAYER != 0),
        F::ProcIsExeFromMemfd => Value::Bool(t.exe_flags & exe::EXE_FROM_MEMFD != 0),
        F::ProcIsSidLeader => Value::Bool(t.sid == t.vpid),
        F::ProcIsVpgidLeader => Value::Bool(t.vpgid == t.vpid),
        F::ProcIsPgidLeader => Value::Bool(t.pgid == t.pid),
        F::ProcExeIno => nonzero(t.exe_ino).map(|v| Value::I64(v as i64))?,
        F::ProcExeInoCtime => Value::U64(nonzero(t.exe_ino_ctime)?),
        F::ProcExeInoMtime => Value::U64(nonzero(t.exe_ino_mtime)?),
        F::ProcExeInoCtimeDurationProcStart => {
            Value::U64(nonzero(t.exe_ino_ctime_duration_clone_ts)?)
        }
        F::ProcExeInoCtimeDurationPidnsStart => {
            Value::U64(nonzero(t.exe_ino_ctime_duration_pidns_start)?)
        }
        F::ProcPidnsInitStartTs => Value::U64(nonzero(t.pidns_init_start_ts)?),
        F::ThreadCapPermitted => Value::Str(&t.caps.permitted_text),
        F::ThreadCapInheritable => Value::Str(&t.caps.inheritable_text),
        F::ThreadCapEffective => Value::Str(&t.caps.effective_text),
        F::ProcFdopencount => Value::U64(st.fds_of(t).len() as u64),
        F::ProcFdlimit => Value::I64(st.main_thread(t).unwrap_or(t).fdlimit),
        F::ProcNthreads | F::ProcNchilds => {
            let pid = t.pid;
            let live = st.threads_of(pid).filter(|x| !x.dead).count() as u64;
            if id == F::ProcNthreads {
                Value::U64(live)
            } else {
                let main_live = st.thread(pid).is_some_and(|m| !m.dead);
                Value::U64(live.saturating_sub(u64::from(main_live)))
            }
        }
        F::ThreadIsmain => Value::Bool(t.is_main()),
        F::ThreadCgroups => {
            if t.cgroups.is_empty() {
                return None;
            }
            sc.a.clear();
            for (i, cg) in t.cgroups.iter().enumerate() {
                if i > 0 {
                    sc.a.push(' ');
                }
                sc.a.push_str(cg);
            }
            Value::Str(&sc.a)
        }
        F::ThreadCgroup => {
            let FieldArg::Key(k) = &f.arg else {
                return None;
            };
            let path = t.cgroups.iter().find_map(|cg| {
                let (sub, path) = cg.split_once('=')?;
                sub.split(',').any(|s| s == &**k).then_some(path)
            })?;
            Value::Str(path)
        }
        _ => return None,
    })
}

/// `proc.env[NAME]`: the value with surrounding spaces trimmed, `""` when unset.
fn env_value<'a>(env: &'a [String], name: &str) -> &'a str {
    for kv in env {
        if kv.len() > name.len() + 1 && kv.starts_with(name) && kv.as_bytes()[name.len()] == b'=' {
            return kv[name.len() + 1..].trim_matches(' ');
        }
    }
    ""
}

fn xid(v: i64) -> Option<Value<'static>> {
    (-1..=i64::from(u32::MAX))
        .contains(&v)
        .then_some(Value::I64(v))
}

fn nonzero(v: u64) -> Option<u64> {
    (v != 0).then_some(v)
}

fn ancestor_value(id: F, a: &Thread) -> Option<Value<'_>> {
    Some(match id {
        F::ProcAexe => Value::Str(&a.image.exe),
        F::ProcAexepath => Value::Str(&a.image.exepath),
        F::ProcAname => Value::Str(&a.image.comm),
        F::ProcAcmdline => Value::Str(&a.image.cmdline),
        F::ProcApid => xid(a.pid)?,
        _ => return None,
    })
}

/// Existential ancestor fields: one value per ancestor process, parent first.
pub(super) fn ancestors(f: &FieldRef, ctx: &EvalCtx<'_>, visit: &mut dyn FnMut(Value<'_>) -> bool) {
    let Some(t) = ctx.thread() else { return };
    let st = ctx.state;
    let Some(main) = st.main_thread(t) else {
        return;
    };
    let id = f.id.f();
    st.for_each_ancestor(main, &mut |a| match ancestor_value(id, a) {
        Some(v) => visit(v),
        None => false,
    });
}

/// The oldest ancestor (starting from the thread itself when its id is a host id) whose id
/// (session or process group) equals the thread's (libsinsp `get_oldest_matching_ancestor`).
fn oldest_matching<'a>(
    st: &'a State,
    t: &'a Thread,
    get: impl Fn(&Thread) -> i64,
    is_virtual: bool,
) -> Option<&'a Thread> {
    let id = get(t);
    if id == -1 {
        return None;
    }
    if !is_virtual || !t.in_pid_namespace() {
        if let Some(l) = st.thread(id) {
            return Some(l);
        }
    }
    let mut leader = None;
    st.for_each_ancestor(t, &mut |a| {
        if get(a) != id {
            return true;
        }
        leader = Some(a);
        false
    });
    leader
}

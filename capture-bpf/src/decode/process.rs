//! Process records: successful exec (`sched_process_exec`), failed exec, both sides of a clone
//! and thread exit, decoded into the engine's execve/execveat/clone*/procexit events.
//!
//! Place in the data flow: capture ring → dispatch (or [`syscall`](super::syscall) for failed
//! execs and clones) → **process** → `State::apply` (process table).

use std::borrow::Cow;

use syssentry_event::{ppm, Event, EventType as T};

use super::decoder::{Decoder, ENV_MAX_VARS, TRUNCATION_MARK};
use super::error::DecodeError;
use super::raw_record::{self, Item, Record};
use crate::abi;
use crate::flags;

impl Decoder {
    /// Joins path components given leaf first into `self.text` as an absolute path.
    fn join_path(&mut self, comps: &[u8], truncated: bool) {
        self.text.clear();
        if truncated {
            self.text.push_str(TRUNCATION_MARK);
        }
        let parts = comps.split(|&c| c == 0).filter(|p| !p.is_empty());
        let n = parts.clone().count();
        if n == 0 {
            self.text.push('/');
        }
        for i in (0..n).rev() {
            if let Some(p) = parts.clone().nth(i) {
                self.text.push('/');
                self.text.push_str(&String::from_utf8_lossy(p));
            }
        }
    }

    /// Sets `args` (everything after argv[0]) from a NUL-separated argv item and returns the
    /// byte range of argv[0] within it.
    fn set_args(&mut self, ev: &mut Event, idx: usize, it: &Item<'_>) -> usize {
        let data = it.data;
        let first = data.iter().position(|&c| c == 0).unwrap_or(data.len());
        let rest = data.get(first + 1..).unwrap_or(&[]);
        self.bytes.clear();
        self.bytes.extend_from_slice(rest);
        if !self.bytes.is_empty() && self.bytes.last() != Some(&0) {
            self.bytes.push(0);
        }
        if it.truncated() {
            self.truncated += 1;
            self.bytes.extend_from_slice(TRUNCATION_MARK.as_bytes());
            self.bytes.push(0);
        }
        ev.set_bytes(idx, &self.bytes);
        first
    }

    /// Sets `env` from an environment item: at most [`ENV_MAX_VARS`] NUL-terminated variables;
    /// a list cut at either bound ends with a [`TRUNCATION_MARK`] entry. A failed read leaves
    /// the list empty (counted in the kernel's read failures).
    fn set_env(&mut self, ev: &mut Event, idx: usize, it: &Item<'_>) {
        self.bytes.clear();
        let mut cut = it.truncated();
        if it.flags & abi::SSE_IF_FAULT as u8 == 0 {
            let data = it.data.strip_suffix(&[0]).unwrap_or(it.data);
            if !data.is_empty() {
                for (i, var) in data.split(|&c| c == 0).enumerate() {
                    if i == ENV_MAX_VARS {
                        cut = true;
                        break;
                    }
                    self.bytes.extend_from_slice(var);
                    self.bytes.push(0);
                }
            }
        }
        if cut {
            self.truncated += 1;
            self.bytes.extend_from_slice(TRUNCATION_MARK.as_bytes());
            self.bytes.push(0);
        }
        ev.set_bytes(idx, &self.bytes);
    }

    /// Process facts common to exec and clone events: exe, args, tid, pid, ptid, fdlimit,
    /// comm (positions 1-5, 7 and 13 in both schemas).
    fn proc_common(&mut self, rec: &Record<'_>, ev: &mut Event, p: &raw_record::Proc) {
        if let Some(args) = rec.item(abi::SSE_I_ARGS, None).copied() {
            let first = self.set_args(ev, 2, &args);
            let exe = &args.data[..first];
            match String::from_utf8_lossy(exe) {
                Cow::Borrowed(s) => ev.set_str(1, s),
                Cow::Owned(s) => ev.set_str(1, &s),
            }
        }
        ev.set_int(3, rec.tid as i64);
        ev.set_int(4, rec.pid as i64);
        ev.set_int(5, p.ptid as i64);
        ev.set_int(7, p.fdlimit as i64);
        let comm = rec.item(abi::SSE_I_COMM, None).copied();
        self.put_str(ev, 13, comm.as_ref());
    }

    pub(super) fn exec(&mut self, rec: &Record<'_>, ev: &mut Event) -> Result<(), DecodeError> {
        self.header(rec, ev, T::EXECVE);
        ev.res = 0;
        let p = rec
            .item(abi::SSE_I_PROC, None)
            .and_then(|it| raw_record::proc(it.data))
            .ok_or(DecodeError::MissingItem {
                what: "process facts",
                event: "execve",
            })?;
        self.proc_common(rec, ev, &p);
        if let Some(cwd) = rec.item(abi::SSE_I_CWD, None).copied() {
            self.join_path(cwd.data, cwd.truncated());
            ev.set_str(6, &self.text.clone());
        }
        self.set_cgroups(rec, ev, 14);
        ev.set_uint(16, p.tty.into());
        ev.set_int(17, p.vpgid as i64);
        ev.set_uint(18, p.loginuid.into());
        ev.set_uint(19, flags::exe_flags(p.exe_flags).into());
        ev.set_uint(20, p.cap_inheritable);
        ev.set_uint(21, p.cap_permitted);
        ev.set_uint(22, p.cap_effective);
        ev.set_uint(23, p.exe_ino);
        ev.set_uint(24, p.exe_ctime);
        ev.set_uint(25, p.exe_mtime);
        ev.set_uint(26, p.euid.into());
        if let Some(exe) = rec.item(abi::SSE_I_EXEPATH, None).copied() {
            // As Falco's modern BPF driver reports it: a memfd executable (a pseudo file whose
            // dentry is its own parent) is its bare dentry name, `memfd:<name>`, with no leading
            // slash; no path gets d_path's " (deleted)" suffix, whatever the link count.
            let mut comps = exe.data.split(|&c| c == 0).filter(|c| !c.is_empty());
            match (comps.next(), comps.next()) {
                (Some(name), None) if p.exe_flags & abi::SSE_EF_MEMFD != 0 && !exe.truncated() => {
                    self.text.clear();
                    self.text.push_str(&String::from_utf8_lossy(name));
                }
                _ => self.join_path(exe.data, exe.truncated()),
            }
            let path = std::mem::take(&mut self.text);
            ev.set_str(27, &path);
            self.text = path;
        }
        ev.set_int(28, p.pgid as i64);
        ev.set_uint(29, p.egid.into());
        let f = rec.item(abi::SSE_I_FILENAME, None).copied();
        self.put_str(ev, 30, f.as_ref());
        // Present only when capture was started with environments (`CaptureConfig::env`).
        if let Some(env) = rec.item(abi::SSE_I_ENV, None).copied() {
            self.set_env(ev, 15, &env);
        } else if self.env && rec.flags & abi::SSE_RF_TRUNCATED as u16 != 0 {
            // Already counted as a truncated record.
            self.bytes.clear();
            self.bytes.extend_from_slice(TRUNCATION_MARK.as_bytes());
            self.bytes.push(0);
            ev.set_bytes(15, &self.bytes);
        }
        Ok(())
    }

    fn set_cgroups(&mut self, rec: &Record<'_>, ev: &mut Event, idx: usize) {
        self.bytes.clear();
        let mut any = false;
        for it in rec
            .items()
            .iter()
            .filter(|it| it.ty as u32 == abi::SSE_I_CGROUP)
        {
            let mut parts = it.data.splitn(2, |&c| c == 0);
            let hierarchy = parts.next().unwrap_or(&[]);
            let comps = parts.next().unwrap_or(&[]);
            self.join_path(comps, it.truncated());
            // `controller=path` for each controller of a v1 hierarchy, as /proc seeding lists them
            for name in hierarchy.split(|&c| c == b',').filter(|n| !n.is_empty()) {
                self.bytes.extend_from_slice(name);
                self.bytes.push(b'=');
                self.bytes.extend_from_slice(self.text.as_bytes());
                self.bytes.push(0);
                any = true;
            }
        }
        if any {
            ev.set_bytes(idx, &self.bytes);
        }
    }

    pub(super) fn exec_failed(&mut self, rec: &Record<'_>, ev: &mut Event, ty: T) {
        if let Some(args) = rec.item(abi::SSE_I_ARGS, None).copied() {
            let first = self.set_args(ev, 2, &args);
            match String::from_utf8_lossy(&args.data[..first]) {
                Cow::Borrowed(s) => ev.set_str(1, s),
                Cow::Owned(s) => ev.set_str(1, &s),
            }
        }
        ev.set_int(3, rec.tid as i64);
        ev.set_int(4, rec.pid as i64);
        if ty == T::EXECVE {
            self.str_arg(rec, ev, 30, 0);
        }
    }

    pub(super) fn clone(
        &mut self,
        rec: &Record<'_>,
        ev: &mut Event,
        ty: T,
    ) -> Result<(), DecodeError> {
        let mut fl = match ty {
            T::CLONE => flags::clone_flags(rec.arg(0)),
            T::CLONE3 => rec
                .item(abi::SSE_I_MEM, Some(0))
                .and_then(|it| raw_record::u64_at(it.data, 0))
                .map_or(0, flags::clone_flags),
            T::VFORK => ppm::clone::CLONE_VFORK | ppm::clone::CLONE_VM,
            _ => 0,
        };
        if rec.res < 0 {
            ev.set_uint(15, fl.into());
            return Ok(());
        }
        let p = rec
            .item(abi::SSE_I_PROC, None)
            .and_then(|it| raw_record::proc(it.data))
            .ok_or(DecodeError::MissingItem {
                what: "process facts",
                event: ty.name(),
            })?;
        if rec.res == 0 && p.vtid != rec.tid {
            fl |= ppm::clone::CLONE_CHILD_IN_PIDNS;
        }
        self.proc_common(rec, ev, &p);
        ev.set_uint(15, fl.into());
        ev.set_uint(16, p.euid.into());
        ev.set_uint(17, p.egid.into());
        ev.set_int(18, p.vtid as i64);
        ev.set_int(19, p.vpid as i64);
        if p.pidns_init_start != 0 {
            ev.set_uint(20, self.epoch_boot(p.pidns_init_start));
        }
        Ok(())
    }

    pub(super) fn procexit(&mut self, rec: &Record<'_>, ev: &mut Event) -> Result<(), DecodeError> {
        let code = rec
            .item(abi::SSE_I_EXIT, None)
            .and_then(|it| it.data.get(..4))
            .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .ok_or(DecodeError::MissingItem {
                what: "exit status",
                event: "procexit",
            })?;
        self.header(rec, ev, T::PROCEXIT);
        ev.set_int(0, code.into());
        ev.set_int(1, ((code >> 8) & 0xff).into());
        ev.set_uint(2, (code & 0x7f) as u64);
        ev.set_uint(3, u64::from(code & 0x80 != 0));
        ev.set_int(4, 0);
        Ok(())
    }
}

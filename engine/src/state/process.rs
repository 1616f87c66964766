//! Process lifecycle: thread creation on clone/fork, image replacement on execve, removal and
//! reparenting on exit.
//!
//! Place in the data flow: part of [`State::apply`] / [`State::finish`] (in
//! [`apply`](super::apply), which builds on this file); semantics follow libsinsp's parser and thread
//! manager (see the comments on each function).

use std::sync::Arc;

use super::container;
use super::tables::State;
use super::thread::{Caps, ProcImage, Thread};
use syssentry_event::{ppm::clone as cl, ppm::exe, Event, EventType, Param};

/// Splits a NUL-separated list (`args`, `env`, `cgroups`) into owned strings.
pub(super) fn split_list(b: &[u8]) -> Vec<String> {
    if b.is_empty() {
        return Vec::new();
    }
    let b = b.strip_suffix(&[0]).unwrap_or(b);
    b.split(|c| *c == 0)
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect()
}

/// Whether `b` (NUL-separated, as [`split_list`] reads it) holds exactly `list`, compared
/// without allocating: an exec usually keeps its caller's cgroups.
fn same_list(list: &[String], b: &[u8]) -> bool {
    if b.is_empty() {
        return list.is_empty();
    }
    let b = b.strip_suffix(&[0]).unwrap_or(b);
    let mut parts = b.split(|c| *c == 0);
    list.iter().all(|s| parts.next() == Some(s.as_bytes())) && parts.next().is_none()
}

fn str_param<'a>(ev: &'a Event, name: &str) -> Option<&'a str> {
    match ev.param_by_name(name) {
        Param::Str(s) => Some(s),
        _ => None,
    }
}

fn container_of(cgroups: &[String]) -> Arc<str> {
    Arc::from(
        container::container_id_from_cgroups(cgroups.iter().map(String::as_str)).unwrap_or(""),
    )
}

impl State {
    /// A clone/fork/vfork/clone3 exit event. The caller side (`res` > 0) creates the child
    /// unless the child lives in another pid namespace or is a vfork child (then the child side,
    /// `res` = 0, creates it, as in libsinsp). The child inherits the caller's image, cwd, fds
    /// (not for threads, which share the process's), users, capabilities and container.
    pub(super) fn clone_exit(&mut self, ev: &Event) {
        let res = ev.res;
        if res < 0 {
            return;
        }
        let flags = ev.uint("flags").unwrap_or(0) as u32;
        let (child_tid, lookup_tid) = if res > 0 {
            if flags & (cl::CLONE_CHILD_IN_PIDNS | cl::CLONE_NEWPID | cl::CLONE_PARENT) != 0
                || flags & cl::CLONE_VFORK != 0
                || ev.event_type() == EventType::VFORK
            {
                return;
            }
            if let Some(c) = self.threads.get(&ev.tid) {
                if c.vtid != c.tid && c.vtid >= 0 {
                    return;
                }
            }
            (res, ev.tid)
        } else {
            // Child side: created by the caller already unless in a namespace or vfork.
            if let Some(t) = self.threads.get(&ev.tid) {
                if !t.invalid && t.clone_ts != 0 {
                    return;
                }
            }
            let ptid = ev.int("ptid").unwrap_or(-1);
            let pid = ev.int("pid").unwrap_or(ev.tid);
            let lookup = if flags & cl::CLONE_THREAD != 0 {
                pid
            } else {
                ptid
            };
            (ev.tid, lookup)
        };
        let caller = self
            .threads
            .get(&lookup_tid)
            .filter(|t| !t.invalid)
            .cloned_shallow();
        let is_thread = flags & cl::CLONE_THREAD != 0;
        let mut child = Thread::new(child_tid, child_tid, lookup_tid);
        if let Some(c) = &caller {
            child.image = c.image.clone();
            child.uid = c.uid;
            child.gid = c.gid;
            child.loginuid = c.loginuid;
            child.tty = c.tty;
            child.caps = c.caps.clone();
            child.exe_flags = c.exe_flags;
            child.exe_ino = c.exe_ino;
            child.exe_ino_ctime = c.exe_ino_ctime;
            child.exe_ino_mtime = c.exe_ino_mtime;
            child.exe_ino_ctime_duration_clone_ts = c.exe_ino_ctime_duration_clone_ts;
            child.sid = c.sid;
            child.vpgid = c.vpgid;
            child.pgid = c.pgid;
            child.cgroups = c.cgroups.clone();
            child.container_id = c.container_id.clone();
            child.pidns_init_start_ts = c.pidns_init_start_ts;
            child.fdlimit = c.fdlimit;
            child.lastexec_ts = c.lastexec_ts;
        }
        if is_thread {
            let (pid, ptid) = match &caller {
                Some(c) => (c.pid, c.ptid),
                None => (
                    ev.int("pid").unwrap_or(child_tid),
                    ev.int("ptid").unwrap_or(-1),
                ),
            };
            child.pid = pid;
            child.ptid = ptid;
        } else {
            child.pid = child_tid;
            child.ptid = caller.as_ref().map_or(lookup_tid, |c| c.tid);
            if res == 0 {
                child.ptid = ev.int("ptid").unwrap_or(child.ptid);
            }
            if let Some(c) = self.threads.get(&lookup_tid) {
                let main = self.main_thread(c).unwrap_or(c);
                child.cwd = main.cwd.clone();
                // Copy the fd table (libsinsp copies it for every new process).
                child.fds = main.fds.copy_exact();
            }
        }
        if res == 0 {
            child.pid = ev.int("pid").unwrap_or(child.pid);
        }
        // Event parameters describe the new task where present.
        if let Some(v) = ev.int("vtid").filter(|v| *v >= 0) {
            child.vtid = v;
        } else {
            child.vtid = child.tid;
        }
        if let Some(v) = ev.int("vpid").filter(|v| *v >= 0) {
            child.vpid = v;
        } else {
            child.vpid = child.pid;
        }
        if let Some(comm) = str_param(ev, "comm") {
            let exe = str_param(ev, "exe").unwrap_or(&child.image.exe);
            let args = match ev.param_by_name("args") {
                Param::Bytes(b) => split_list(b),
                _ => child.image.args.clone(),
            };
            let img = ProcImage::new(
                exe,
                &child.image.exepath,
                comm,
                args,
                child.image.env.clone(),
            );
            child.image = Arc::new(img);
        }
        if let Some(u) = ev.uint("uid") {
            child.uid = u as u32;
        }
        if let Some(g) = ev.uint("gid") {
            child.gid = g as u32;
        }
        if let Param::Bytes(b) = ev.param_by_name("cgroups") {
            set_cgroups(&mut child, b);
        }
        if let Some(ts) = ev.uint("pidns_init_start_ts").filter(|v| *v != 0) {
            child.pidns_init_start_ts = ts;
        }
        if let Some(l) = ev.int("fdlimit") {
            child.fdlimit = l;
        }
        child.clone_flags = flags;
        child.clone_ts = ev.ts;
        child.reaper = child.vpid == 1 || child.tid == 1;
        if self.threads.contains_key(&child_tid) {
            self.detach_from_parent(child_tid);
            self.take_thread(child_tid);
        }
        self.add_thread(child);
    }

    /// An execve/execveat exit event. Only a successful exec changes the thread; a failed one
    /// leaves the caller's identity in place (libsinsp `parse_execve_exit` returns early).
    pub(super) fn execve_exit(&mut self, ev: &Event) {
        if ev.res < 0 {
            return;
        }
        let ts = ev.ts;
        let Some(t) = self.threads.get_mut(&ev.tid) else {
            return;
        };
        let exe = str_param(ev, "exe").unwrap_or("");
        let comm = str_param(ev, "comm")
            .filter(|c| !c.is_empty())
            .unwrap_or(exe);
        let args = match ev.param_by_name("args") {
            Param::Bytes(b) => split_list(b),
            _ => Vec::new(),
        };
        // The environment is kept only when rules read it; an exec whose event carries none
        // shares the caller's.
        let env: Arc<[String]> = match ev.param_by_name("env") {
            Param::Bytes(b) if self.cfg.keep_env => split_list(b).into(),
            _ if self.cfg.keep_env => t.image.env.clone(),
            _ => Arc::from([]),
        };
        let exepath = str_param(ev, "trusted_exepath")
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| t.image.exepath.clone());
        t.image = Arc::new(ProcImage::new(exe, &exepath, comm, args, env));
        t.lastexec_ts = ts;
        t.dead = false;
        if let Some(pid) = ev.int("pid").filter(|p| *p > 0) {
            t.pid = pid;
        }
        if t.invalid {
            if let Some(ptid) = ev.int("ptid") {
                t.ptid = ptid;
            }
            t.vtid = t.tid;
            t.vpid = t.pid;
            t.invalid = false;
        }
        if let Some(l) = ev.int("fdlimit") {
            t.fdlimit = l;
        }
        if let Param::Bytes(b) = ev.param_by_name("cgroups") {
            set_cgroups(t, b);
        }
        if let Some(v) = ev.uint("tty") {
            t.tty = v as u32;
        }
        if let Some(v) = ev.int("vpgid") {
            t.vpgid = v;
        }
        if let Some(v) = ev.uint("loginuid") {
            t.loginuid = v as u32;
        }
        if let Some(f) = ev.uint("flags") {
            t.exe_flags = f as u32
                & (exe::EXE_WRITABLE
                    | exe::EXE_UPPER_LAYER
                    | exe::EXE_FROM_MEMFD
                    | exe::EXE_LOWER_LAYER);
        }
        if let Some(eff) = ev.uint("cap_effective") {
            let inh = ev.uint("cap_inheritable").unwrap_or(0);
            let perm = ev.uint("cap_permitted").unwrap_or(0);
            t.caps = shared_caps(&t.caps, inh, perm, eff);
        }
        if let Some(mtime) = ev.uint("exe_ino_mtime") {
            t.exe_ino = ev.uint("exe_ino").unwrap_or(0);
            t.exe_ino_ctime = ev.uint("exe_ino_ctime").unwrap_or(0);
            t.exe_ino_mtime = mtime;
            if t.clone_ts != 0 {
                t.exe_ino_ctime_duration_clone_ts = t.clone_ts.wrapping_sub(t.exe_ino_ctime);
            }
            if t.pidns_init_start_ts != 0 && t.exe_ino_ctime > t.pidns_init_start_ts {
                t.exe_ino_ctime_duration_pidns_start = t.exe_ino_ctime - t.pidns_init_start_ts;
            }
        }
        if let Some(u) = ev.uint("uid") {
            t.uid = u as u32;
        }
        t.pgid = ev.int("pgid").unwrap_or(-1);
        if let Some(g) = ev.uint("gid") {
            t.gid = g as u32;
        }
        let (tid, pid) = (t.tid, t.pid);
        // close-on-exec fds go away.
        let main_tid = if self.threads.contains_key(&pid) {
            pid
        } else {
            tid
        };
        if let Some(m) = self.threads.get_mut(&main_tid) {
            m.fds
                .retain(|_, fd| fd.flags & syssentry_event::ppm::open::O_CLOEXEC == 0);
        }
        // Other threads of the process are terminated by the kernel.
        let others: Vec<i64> = if self.has_secondary_threads(pid) {
            self.threads
                .values()
                .filter(|x| x.pid == pid && x.tid != tid && x.tid != pid)
                .map(|x| x.tid)
                .collect()
        } else {
            Vec::new()
        };
        for o in others {
            self.detach_from_parent(o);
            self.take_thread(o);
        }
    }

    fn detach_from_parent(&mut self, tid: i64) {
        let Some(ptid) = self.threads.get(&tid).map(|t| t.ptid) else {
            return;
        };
        if let Some(p) = self.threads.get_mut(&ptid) {
            p.children.retain(|c| *c != tid);
        }
    }

    /// Removes an exited thread (deferred to `finish` for procexit), reparenting its children
    /// to: the reaper the kernel reported, else another live thread of the same process, else
    /// the nearest ancestor marked as reaper (namespace init or child subreaper), else nobody
    /// (ptid 0) — libsinsp's `remove_thread` / `find_new_reaper`.
    pub(super) fn remove_thread(&mut self, tid: i64, reaper_hint: i64) {
        let Some(t) = self.threads.get(&tid) else {
            return;
        };
        let pid = t.pid;
        let is_main = t.is_main();
        let children: Vec<i64> = t.children.clone();
        if t.invalid {
            self.detach_from_parent(tid);
            self.take_thread(tid);
            self.stats.threads_removed += 1;
            return;
        }
        if let Some(t) = self.threads.get_mut(&tid) {
            t.dead = true;
        }
        let live_sibling = if self.has_secondary_threads(pid) {
            self.threads
                .values()
                .find(|x| x.pid == pid && x.tid != tid && !x.dead)
                .map(|x| x.tid)
        } else {
            None
        };
        if !children.is_empty() {
            let mut reaper = None;
            if reaper_hint > 0 && self.threads.get(&reaper_hint).is_some_and(|r| !r.invalid) {
                reaper = Some(reaper_hint);
            }
            if reaper.is_none() {
                reaper = live_sibling;
            }
            if reaper.is_none() {
                if let Some(me) = self.threads.get(&tid) {
                    let in_ns = me.in_pid_namespace();
                    let mut found = None;
                    self.for_each_ancestor(me, &mut |a| {
                        if a.in_pid_namespace() != in_ns {
                            return true;
                        }
                        if a.reaper && !a.dead && a.pid != pid {
                            found = Some(a.tid);
                            return true;
                        }
                        false
                    });
                    reaper = found;
                }
            }
            let new_ptid = reaper.unwrap_or(0);
            for c in &children {
                if let Some(ch) = self.threads.get_mut(c) {
                    if ch.ptid == tid || ch.ptid == pid {
                        ch.ptid = new_ptid;
                    }
                }
            }
            if let Some(r) = reaper.and_then(|r| self.threads.get_mut(&r)) {
                for c in children {
                    if !r.children.contains(&c) {
                        r.children.push(c);
                    }
                }
            }
            if let Some(t) = self.threads.get_mut(&tid) {
                t.children.clear();
            }
        }
        if live_sibling.is_none() {
            // Last thread of the process: the process goes.
            self.detach_from_parent(pid);
            self.take_thread(pid);
            self.stats.threads_removed += 1;
        }
        if !is_main && self.threads.contains_key(&tid) {
            self.detach_from_parent(tid);
            self.take_thread(tid);
            self.stats.threads_removed += 1;
        }
    }
}

/// Capability sets `(inh, perm, eff)`: the thread's current ones (shared with its parent and
/// siblings) when they are unchanged, as they are for nearly every exec, else new ones. Each
/// set's text is up to a kilobyte.
pub(super) fn shared_caps(cur: &Arc<Caps>, inh: u64, perm: u64, eff: u64) -> Arc<Caps> {
    if (cur.inheritable, cur.permitted, cur.effective) == (inh, perm, eff) {
        cur.clone()
    } else {
        Arc::new(Caps::new(inh, perm, eff))
    }
}

/// Sets a thread's cgroups (and container id) from an event's list, keeping the shared list it
/// already has (its parent's) when the event's is the same.
fn set_cgroups(t: &mut Thread, list: &[u8]) {
    if same_list(&t.cgroups, list) {
        return;
    }
    let cg = split_list(list);
    // Bytes that differ can still read the same once invalid UTF-8 is replaced.
    if *t.cgroups != cg {
        t.container_id = container_of(&cg);
        t.cgroups = Arc::new(cg);
    }
}

/// Cheap copies of the fields a child inherits (avoids cloning the caller's fd table).
trait ShallowClone {
    fn cloned_shallow(self) -> Option<Inherit>;
}

/// What a child takes from its caller.
pub(super) struct Inherit {
    pub tid: i64,
    pub pid: i64,
    pub ptid: i64,
    pub image: Arc<ProcImage>,
    pub uid: u32,
    pub gid: u32,
    pub loginuid: u32,
    pub tty: u32,
    pub caps: Arc<Caps>,
    pub exe_flags: u32,
    pub exe_ino: u64,
    pub exe_ino_ctime: u64,
    pub exe_ino_mtime: u64,
    pub exe_ino_ctime_duration_clone_ts: u64,
    pub sid: i64,
    pub vpgid: i64,
    pub pgid: i64,
    pub cgroups: Arc<Vec<String>>,
    pub container_id: Arc<str>,
    pub pidns_init_start_ts: u64,
    pub fdlimit: i64,
    pub lastexec_ts: u64,
}

impl ShallowClone for Option<&Thread> {
    fn cloned_shallow(self) -> Option<Inherit> {
        self.map(|c| Inherit {
            tid: c.tid,
            pid: c.pid,
            ptid: c.ptid,
            image: c.image.clone(),
            uid: c.uid,
            gid: c.gid,
            loginuid: c.loginuid,
            tty: c.tty,
            caps: c.caps.clone(),
            exe_flags: c.exe_flags,
            exe_ino: c.exe_ino,
            exe_ino_ctime: c.exe_ino_ctime,
            exe_ino_mtime: c.exe_ino_mtime,
            exe_ino_ctime_duration_clone_ts: c.exe_ino_ctime_duration_clone_ts,
            sid: c.sid,
            vpgid: c.vpgid,
            pgid: c.pgid,
            cgroups: c.cgroups.clone(),
            container_id: c.container_id.clone(),
            pidns_init_start_ts: c.pidns_init_start_ts,
            fdlimit: c.fdlimit,
            lastexec_ts: c.lastexec_ts,
        })
    }
}

#[cfg(test)]
mod tests {
    use syssentry_event::{mk, ppm::exe};
    use crate::state::{State, Thread};

    #[test]
    fn forked_child_keeps_the_exe_ctime_to_clone_delta() {
        // libsinsp copies the executable's ctime→clone delta to children (parse_clone_exit).
        let mut st = State::default();
        let mut shell = Thread::new(100, 100, 1);
        shell.clone_ts = 1_000;
        assert!(st.add_thread(shell));
        let mut ev = mk::clone(100, 101, 0).build();
        ev.ts = 5_000;
        st.apply(&ev);
        let mut ev = mk::execve(101, 101, "/tmp/xmrig", &["/tmp/xmrig"], 0)
            .flags("flags", exe::EXE_UPPER_LAYER)
            .uint("exe_ino", 42)
            .uint("exe_ino_ctime", 3_000)
            .uint("exe_ino_mtime", 2_000)
            .build();
        ev.ts = 6_000;
        st.apply(&ev);
        assert_eq!(
            st.thread(101).unwrap().exe_ino_ctime_duration_clone_ts,
            2_000
        );
        let mut ev = mk::clone(101, 102, 0).build();
        ev.ts = 7_000;
        st.apply(&ev);
        let child = st.thread(102).unwrap();
        assert_eq!(child.exe_ino_ctime, 3_000);
        assert_eq!(child.exe_ino_ctime_duration_clone_ts, 2_000);
    }
}

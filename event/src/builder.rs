//! Building events by hand: [`EventBuilder`] (by parameter name) and [`mk`] (one terse
//! constructor per syscall), for tests and synthetic event sequences.
//!
//! Place in the data flow: stands in for capture; the result goes to
//! the engine's `State::apply` and the evaluator like any captured event.
//!
//! ```
//! use syssentry_event::{mk, ppm::{open::*, AT_FDCWD}, EventBuilder, EventType};
//! let ev = mk::openat(42, AT_FDCWD, "/etc/shadow", O_RDONLY, 0, 3).ts(1_000).build();
//! assert_eq!(ev.event_type().name(), "openat");
//! let same = EventBuilder::new(EventType::OPENAT)
//!     .tid(42).ts(1_000).res(3)
//!     .int("dirfd", AT_FDCWD).str("name", "/etc/shadow").uint("flags", O_RDONLY as u64)
//!     .uint("mode", 0)
//!     .build();
//! assert_eq!(same.str("name"), ev.str("name"));
//! ```

use crate::{
    event::Event,
    event_type::EventType,
    value::{SockAddr, SockTuple},
};

/// Fills an [`Event`] parameter by parameter, by Falco parameter name. A name the event does
/// not have is a programming error: it trips a debug assertion and is otherwise ignored.
#[derive(Debug, Clone)]
pub struct EventBuilder {
    ev: Event,
}

impl EventBuilder {
    /// An exit (or meta) event of type `ty`.
    pub fn new(ty: EventType) -> Self {
        EventBuilder { ev: Event::new(ty) }
    }

    /// An enter event of type `ty` (TOCTOU-mitigation events only carry parameters).
    pub fn enter(ty: EventType) -> Self {
        EventBuilder {
            ev: Event::new_enter(ty),
        }
    }

    /// An exit event by type name; unknown names give a `syscall`-less generic event of the
    /// first type (and trip a debug assertion).
    pub fn named(name: &str) -> Self {
        let ty = EventType::from_name(name);
        debug_assert!(ty.is_some(), "unknown event type {name}");
        Self::new(ty.unwrap_or_else(|| EventType::all().next().expect("event types exist")))
    }

    fn pos(&self, name: &str) -> Option<usize> {
        let p = self.ev.schema().position_by_name(name);
        debug_assert!(
            p.is_some(),
            "event {} has no parameter {name}",
            self.ev.event_type()
        );
        p
    }

    /// Thread id.
    pub fn tid(mut self, tid: i64) -> Self {
        self.ev.tid = tid;
        self
    }

    /// Process id (thread group id) as known to the producer.
    pub fn pid(mut self, pid: i64) -> Self {
        self.ev.pid = pid;
        self
    }

    /// Timestamp in nanoseconds since the epoch.
    pub fn ts(mut self, ts: u64) -> Self {
        self.ev.ts = ts;
        self
    }

    /// Event number.
    pub fn num(mut self, num: u64) -> Self {
        self.ev.num = num;
        self
    }

    /// Return value.
    pub fn res(mut self, res: i64) -> Self {
        self.ev.res = res;
        self
    }

    /// A signed parameter (fd, pid, errno, signed int).
    pub fn int(mut self, name: &str, v: i64) -> Self {
        if let Some(i) = self.pos(name) {
            self.ev.set_int(i, v);
        }
        self
    }

    /// An unsigned parameter (flags, mode, uid, gid, u64, time).
    pub fn uint(mut self, name: &str, v: u64) -> Self {
        if let Some(i) = self.pos(name) {
            self.ev.set_uint(i, v);
        }
        self
    }

    /// A file-descriptor parameter.
    pub fn fd(self, name: &str, fd: i64) -> Self {
        self.int(name, fd)
    }

    /// A flags parameter.
    pub fn flags(self, name: &str, v: u32) -> Self {
        self.uint(name, u64::from(v))
    }

    /// A string parameter.
    pub fn str(mut self, name: &str, v: &str) -> Self {
        if let Some(i) = self.pos(name) {
            self.ev.set_str(i, v);
        }
        self
    }

    /// A path parameter (same storage as [`EventBuilder::str`]).
    pub fn path(self, name: &str, v: &str) -> Self {
        self.str(name, v)
    }

    /// A byte-buffer parameter.
    pub fn bytes(mut self, name: &str, v: &[u8]) -> Self {
        if let Some(i) = self.pos(name) {
            self.ev.set_bytes(i, v);
        }
        self
    }

    /// A string-list parameter (`args`, `env`, `cgroups`), NUL separated.
    pub fn list(mut self, name: &str, items: &[&str]) -> Self {
        if let Some(i) = self.pos(name) {
            self.ev.set_str_list(i, items);
        }
        self
    }

    /// A socket-address parameter.
    pub fn sockaddr(mut self, name: &str, a: SockAddr<&str>) -> Self {
        if let Some(i) = self.pos(name) {
            self.ev.set_sockaddr(i, a);
        }
        self
    }

    /// A socket-tuple parameter.
    pub fn tuple(mut self, name: &str, t: SockTuple<&str>) -> Self {
        if let Some(i) = self.pos(name) {
            self.ev.set_socktuple(i, t);
        }
        self
    }

    /// The finished event.
    pub fn build(self) -> Event {
        self.ev
    }
}

impl From<EventBuilder> for Event {
    fn from(b: EventBuilder) -> Event {
        b.ev
    }
}

/// One constructor per syscall, filling the parameters the state engine and the rules read.
/// Each returns an [`EventBuilder`] so more parameters or a timestamp can be chained before
/// `.build()`. Return values follow the kernel: fds/ids on success, negative errno on failure.
pub mod mk {
    use crate::{
        builder::EventBuilder,
        event_type::EventType as T,
        value::{SockAddr, SockTuple},
    };

    fn ev(ty: T, tid: i64, res: i64) -> EventBuilder {
        EventBuilder::new(ty).tid(tid).res(res)
    }

    /// `open(name, flags, mode)` returning `fd`.
    pub fn open(tid: i64, name: &str, flags: u32, mode: u32, fd: i64) -> EventBuilder {
        ev(T::OPEN, tid, fd)
            .str("name", name)
            .flags("flags", flags)
            .uint("mode", mode.into())
    }

    /// `openat(dirfd, name, flags, mode)` returning `fd`.
    pub fn openat(
        tid: i64,
        dirfd: i64,
        name: &str,
        flags: u32,
        mode: u32,
        fd: i64,
    ) -> EventBuilder {
        ev(T::OPENAT, tid, fd)
            .int("dirfd", dirfd)
            .str("name", name)
            .flags("flags", flags)
            .uint("mode", mode.into())
    }

    /// `openat2(dirfd, name, how)` returning `fd`.
    pub fn openat2(
        tid: i64,
        dirfd: i64,
        name: &str,
        flags: u32,
        mode: u32,
        fd: i64,
    ) -> EventBuilder {
        ev(T::OPENAT2, tid, fd)
            .int("dirfd", dirfd)
            .str("name", name)
            .flags("flags", flags)
            .uint("mode", mode.into())
            .flags("resolve", 0)
    }

    /// `creat(name, mode)` returning `fd`.
    pub fn creat(tid: i64, name: &str, mode: u32, fd: i64) -> EventBuilder {
        ev(T::CREAT, tid, fd)
            .str("name", name)
            .uint("mode", mode.into())
    }

    /// `close(fd)`.
    pub fn close(tid: i64, fd: i64, res: i64) -> EventBuilder {
        ev(T::CLOSE, tid, res).int("fd", fd)
    }

    /// `dup(oldfd)` returning the new fd.
    pub fn dup(tid: i64, oldfd: i64, res: i64) -> EventBuilder {
        ev(T::DUP, tid, res).int("oldfd", oldfd)
    }

    /// `dup2(oldfd, newfd)`.
    pub fn dup2(tid: i64, oldfd: i64, newfd: i64, res: i64) -> EventBuilder {
        ev(T::DUP2, tid, res)
            .int("oldfd", oldfd)
            .int("newfd", newfd)
    }

    /// `dup3(oldfd, newfd, flags)`.
    pub fn dup3(tid: i64, oldfd: i64, newfd: i64, flags: u32, res: i64) -> EventBuilder {
        ev(T::DUP3, tid, res)
            .int("oldfd", oldfd)
            .int("newfd", newfd)
            .flags("flags", flags)
    }

    /// `fcntl(fd, cmd, arg)` (cmd in PPM encoding, see [`ppm::fcntl`](crate::ppm::fcntl)).
    pub fn fcntl(tid: i64, fd: i64, cmd: u32, res: i64) -> EventBuilder {
        ev(T::FCNTL, tid, res)
            .int("fd", fd)
            .uint("cmd", cmd.into())
            .uint("arg", 0)
    }

    /// `socket(domain, type, proto)` returning `fd`.
    pub fn socket(tid: i64, domain: u32, ty: u32, proto: u32, fd: i64) -> EventBuilder {
        ev(T::SOCKET, tid, fd)
            .uint("domain", domain.into())
            .uint("type", ty.into())
            .uint("proto", proto.into())
            .flags("flags", 0)
    }

    /// `connect(fd, addr)`; `tuple` is the (local → remote) tuple the kernel reports.
    pub fn connect(tid: i64, fd: i64, tuple: SockTuple<&str>, res: i64) -> EventBuilder {
        let addr = match tuple {
            SockTuple::Inet { dip, dport, .. } => SockAddr::Inet(dip, dport),
            SockTuple::Inet6 { dip, dport, .. } => SockAddr::Inet6(dip, dport),
            SockTuple::Unix { path, .. } => SockAddr::Unix(path),
            SockTuple::Other(f) => SockAddr::Other(f),
        };
        ev(T::CONNECT, tid, res)
            .int("fd", fd)
            .tuple("tuple", tuple)
            .sockaddr("addr", addr)
    }

    /// `accept(...)` returning the new connection `fd`, with the (remote → local) tuple.
    pub fn accept(tid: i64, fd: i64, tuple: SockTuple<&str>) -> EventBuilder {
        ev(T::ACCEPT, tid, fd).tuple("tuple", tuple)
    }

    /// `accept4(...)` returning the new connection `fd`.
    pub fn accept4(tid: i64, fd: i64, tuple: SockTuple<&str>) -> EventBuilder {
        ev(T::ACCEPT4, tid, fd)
            .tuple("tuple", tuple)
            .int("flags", 0)
    }

    /// `bind(fd, addr)`.
    pub fn bind(tid: i64, fd: i64, addr: SockAddr<&str>, res: i64) -> EventBuilder {
        ev(T::BIND, tid, res).int("fd", fd).sockaddr("addr", addr)
    }

    /// `listen(fd, backlog)`.
    pub fn listen(tid: i64, fd: i64, backlog: i64, res: i64) -> EventBuilder {
        ev(T::LISTEN, tid, res)
            .int("fd", fd)
            .int("backlog", backlog)
    }

    /// `sendto(fd, ...)` with the tuple and `data`.
    pub fn sendto(
        tid: i64,
        fd: i64,
        tuple: SockTuple<&str>,
        data: &[u8],
        res: i64,
    ) -> EventBuilder {
        ev(T::SENDTO, tid, res)
            .int("fd", fd)
            .tuple("tuple", tuple)
            .bytes("data", data)
            .uint("size", data.len() as u64)
    }

    /// `sendmsg(fd, ...)`.
    pub fn sendmsg(
        tid: i64,
        fd: i64,
        tuple: SockTuple<&str>,
        data: &[u8],
        res: i64,
    ) -> EventBuilder {
        ev(T::SENDMSG, tid, res)
            .int("fd", fd)
            .tuple("tuple", tuple)
            .bytes("data", data)
            .uint("size", data.len() as u64)
    }

    /// `recvfrom(fd, ...)`.
    pub fn recvfrom(
        tid: i64,
        fd: i64,
        tuple: SockTuple<&str>,
        data: &[u8],
        res: i64,
    ) -> EventBuilder {
        ev(T::RECVFROM, tid, res)
            .int("fd", fd)
            .tuple("tuple", tuple)
            .bytes("data", data)
            .uint("size", data.len() as u64)
    }

    /// `recvmsg(fd, ...)`.
    pub fn recvmsg(
        tid: i64,
        fd: i64,
        tuple: SockTuple<&str>,
        data: &[u8],
        res: i64,
    ) -> EventBuilder {
        ev(T::RECVMSG, tid, res)
            .int("fd", fd)
            .tuple("tuple", tuple)
            .bytes("data", data)
            .uint("size", data.len() as u64)
    }

    /// `pipe()` creating `fd1` (read end) and `fd2` (write end).
    pub fn pipe(tid: i64, fd1: i64, fd2: i64, ino: u64, res: i64) -> EventBuilder {
        ev(T::PIPE, tid, res)
            .int("fd1", fd1)
            .int("fd2", fd2)
            .uint("ino", ino)
    }

    /// `eventfd2(initval, flags)` returning `fd`.
    pub fn eventfd2(tid: i64, fd: i64) -> EventBuilder {
        ev(T::EVENTFD2, tid, fd)
            .flags("flags", 0)
            .uint("initval", 0)
    }

    /// `memfd_create(name, flags)` returning `fd`.
    pub fn memfd_create(tid: i64, name: &str, flags: u32, fd: i64) -> EventBuilder {
        ev(T::MEMFD_CREATE, tid, fd)
            .str("name", name)
            .flags("flags", flags)
    }

    /// `userfaultfd(flags)` returning `fd`.
    pub fn userfaultfd(tid: i64, flags: u32, fd: i64) -> EventBuilder {
        ev(T::USERFAULTFD, tid, fd).flags("flags", flags)
    }

    /// `bpf(cmd, ...)` returning `fd` (PPM command encoding).
    pub fn bpf(tid: i64, cmd: u32, fd: i64) -> EventBuilder {
        ev(T::BPF, tid, fd).uint("cmd", cmd.into())
    }

    /// `chdir(path)`.
    pub fn chdir(tid: i64, path: &str, res: i64) -> EventBuilder {
        ev(T::CHDIR, tid, res).str("path", path)
    }

    /// `fchdir(fd)`.
    pub fn fchdir(tid: i64, fd: i64, res: i64) -> EventBuilder {
        ev(T::FCHDIR, tid, res).int("fd", fd)
    }

    /// `setuid(uid)`.
    pub fn setuid(tid: i64, uid: u32, res: i64) -> EventBuilder {
        ev(T::SETUID, tid, res).uint("uid", uid.into())
    }

    /// `setgid(gid)`.
    pub fn setgid(tid: i64, gid: u32, res: i64) -> EventBuilder {
        ev(T::SETGID, tid, res).uint("gid", gid.into())
    }

    /// `setresuid(ruid, euid, suid)`.
    pub fn setresuid(tid: i64, ruid: u32, euid: u32, suid: u32, res: i64) -> EventBuilder {
        ev(T::SETRESUID, tid, res)
            .uint("ruid", ruid.into())
            .uint("euid", euid.into())
            .uint("suid", suid.into())
    }

    /// `setresgid(rgid, egid, sgid)`.
    pub fn setresgid(tid: i64, rgid: u32, egid: u32, sgid: u32, res: i64) -> EventBuilder {
        ev(T::SETRESGID, tid, res)
            .uint("rgid", rgid.into())
            .uint("egid", egid.into())
            .uint("sgid", sgid.into())
    }

    /// `capset(...)` with the new capability sets.
    pub fn capset(
        tid: i64,
        inheritable: u64,
        permitted: u64,
        effective: u64,
        res: i64,
    ) -> EventBuilder {
        ev(T::CAPSET, tid, res)
            .uint("cap_inheritable", inheritable)
            .uint("cap_permitted", permitted)
            .uint("cap_effective", effective)
    }

    /// A successful or failed `execve`: `argv[0]` becomes `proc.exe`, `exepath` the
    /// kernel-resolved executable (`proc.exepath`), its basename (cut to 15 bytes) the comm.
    /// On success `res` is 0; on failure a negative errno.
    pub fn execve(tid: i64, pid: i64, exepath: &str, argv: &[&str], res: i64) -> EventBuilder {
        let comm = comm_of(exepath);
        let (exe, args) = argv.split_first().map_or(("", &[][..]), |(a, r)| (*a, r));
        ev(T::EXECVE, tid, res)
            .pid(pid)
            .str("exe", exe)
            .list("args", args)
            .int("tid", tid)
            .int("pid", pid)
            .str("comm", comm)
            .str("trusted_exepath", exepath)
            .str("filename", exepath)
    }

    /// A failed `execveat` (a successful one is reported as [`execve`]).
    pub fn execveat_failed(tid: i64, res: i64) -> EventBuilder {
        ev(T::EXECVEAT, tid, res).int("tid", tid)
    }

    /// The caller side of `clone(flags)`: `res` is the child's tid.
    pub fn clone(caller_tid: i64, child_tid: i64, flags: u32) -> EventBuilder {
        ev(T::CLONE, caller_tid, child_tid)
            .int("tid", caller_tid)
            .flags("flags", flags)
    }

    /// The child side of `clone(flags)` (`res` = 0), for a child with the given pid and parent.
    pub fn clone_child(child_tid: i64, pid: i64, ptid: i64, flags: u32) -> EventBuilder {
        ev(T::CLONE, child_tid, 0)
            .int("tid", child_tid)
            .int("pid", pid)
            .int("ptid", ptid)
            .flags("flags", flags)
    }

    /// The caller side of `clone3`.
    pub fn clone3(caller_tid: i64, child_tid: i64, flags: u32) -> EventBuilder {
        ev(T::CLONE3, caller_tid, child_tid)
            .int("tid", caller_tid)
            .flags("flags", flags)
    }

    /// The caller side of `fork()`.
    pub fn fork(caller_tid: i64, child_tid: i64) -> EventBuilder {
        ev(T::FORK, caller_tid, child_tid)
            .int("tid", caller_tid)
            .flags("flags", 0)
    }

    /// The caller side of `vfork()` (the child side creates the child, as in libsinsp).
    pub fn vfork(caller_tid: i64, child_tid: i64) -> EventBuilder {
        ev(T::VFORK, caller_tid, child_tid)
            .int("tid", caller_tid)
            .flags("flags", 0)
    }

    /// Thread exit.
    pub fn procexit(tid: i64) -> EventBuilder {
        EventBuilder::new(T::PROCEXIT)
            .tid(tid)
            .int("status", 0)
            .int("ret", 0)
            .uint("sig", 0)
            .uint("core", 0)
            .int("reaper_tid", 0)
    }

    /// `ptrace(request, pid)` (PPM request encoding, see [`ppm::ptrace`](crate::ppm::ptrace)).
    pub fn ptrace(tid: i64, request: u32, pid: i64, res: i64) -> EventBuilder {
        ev(T::PTRACE, tid, res)
            .uint("request", request.into())
            .int("pid", pid)
    }

    /// `symlink(target, linkpath)`.
    pub fn symlink(tid: i64, target: &str, linkpath: &str, res: i64) -> EventBuilder {
        ev(T::SYMLINK, tid, res)
            .str("target", target)
            .str("linkpath", linkpath)
    }

    /// `symlinkat(target, linkdirfd, linkpath)`.
    pub fn symlinkat(
        tid: i64,
        target: &str,
        linkdirfd: i64,
        linkpath: &str,
        res: i64,
    ) -> EventBuilder {
        ev(T::SYMLINKAT, tid, res)
            .str("target", target)
            .int("linkdirfd", linkdirfd)
            .str("linkpath", linkpath)
    }

    /// `link(oldpath, newpath)`.
    pub fn link(tid: i64, oldpath: &str, newpath: &str, res: i64) -> EventBuilder {
        ev(T::LINK, tid, res)
            .str("oldpath", oldpath)
            .str("newpath", newpath)
    }

    /// `linkat(olddir, oldpath, newdir, newpath, flags)`.
    pub fn linkat(
        tid: i64,
        olddir: i64,
        oldpath: &str,
        newdir: i64,
        newpath: &str,
        res: i64,
    ) -> EventBuilder {
        ev(T::LINKAT, tid, res)
            .int("olddir", olddir)
            .str("oldpath", oldpath)
            .int("newdir", newdir)
            .str("newpath", newpath)
            .flags("flags", 0)
    }

    /// `unlink(path)`.
    pub fn unlink(tid: i64, path: &str, res: i64) -> EventBuilder {
        ev(T::UNLINK, tid, res).str("path", path)
    }

    /// `unlinkat(dirfd, name, flags)`.
    pub fn unlinkat(tid: i64, dirfd: i64, name: &str, flags: u32, res: i64) -> EventBuilder {
        ev(T::UNLINKAT, tid, res)
            .int("dirfd", dirfd)
            .str("name", name)
            .flags("flags", flags)
    }

    /// `rename(oldpath, newpath)`.
    pub fn rename(tid: i64, oldpath: &str, newpath: &str, res: i64) -> EventBuilder {
        ev(T::RENAME, tid, res)
            .str("oldpath", oldpath)
            .str("newpath", newpath)
    }

    /// `renameat(olddirfd, oldpath, newdirfd, newpath)`.
    pub fn renameat(
        tid: i64,
        olddirfd: i64,
        oldpath: &str,
        newdirfd: i64,
        newpath: &str,
        res: i64,
    ) -> EventBuilder {
        ev(T::RENAMEAT, tid, res)
            .int("olddirfd", olddirfd)
            .str("oldpath", oldpath)
            .int("newdirfd", newdirfd)
            .str("newpath", newpath)
    }

    /// `renameat2(olddirfd, oldpath, newdirfd, newpath, flags)`.
    pub fn renameat2(
        tid: i64,
        olddirfd: i64,
        oldpath: &str,
        newdirfd: i64,
        newpath: &str,
        res: i64,
    ) -> EventBuilder {
        ev(T::RENAMEAT2, tid, res)
            .int("olddirfd", olddirfd)
            .str("oldpath", oldpath)
            .int("newdirfd", newdirfd)
            .str("newpath", newpath)
            .flags("flags", 0)
    }

    /// `mkdir(path, mode)`.
    pub fn mkdir(tid: i64, path: &str, mode: u32, res: i64) -> EventBuilder {
        ev(T::MKDIR, tid, res)
            .str("path", path)
            .uint("mode", mode.into())
    }

    /// `mkdirat(dirfd, path, mode)`.
    pub fn mkdirat(tid: i64, dirfd: i64, path: &str, mode: u32, res: i64) -> EventBuilder {
        ev(T::MKDIRAT, tid, res)
            .int("dirfd", dirfd)
            .str("path", path)
            .uint("mode", mode.into())
    }

    /// `rmdir(path)`.
    pub fn rmdir(tid: i64, path: &str, res: i64) -> EventBuilder {
        ev(T::RMDIR, tid, res).str("path", path)
    }

    /// `chmod(filename, mode)`.
    pub fn chmod(tid: i64, filename: &str, mode: u32, res: i64) -> EventBuilder {
        ev(T::CHMOD, tid, res)
            .str("filename", filename)
            .uint("mode", mode.into())
    }

    /// `fchmod(fd, mode)`.
    pub fn fchmod(tid: i64, fd: i64, mode: u32, res: i64) -> EventBuilder {
        ev(T::FCHMOD, tid, res)
            .int("fd", fd)
            .uint("mode", mode.into())
    }

    /// `fchmodat(dirfd, filename, mode)`.
    pub fn fchmodat(tid: i64, dirfd: i64, filename: &str, mode: u32, res: i64) -> EventBuilder {
        ev(T::FCHMODAT, tid, res)
            .int("dirfd", dirfd)
            .str("filename", filename)
            .uint("mode", mode.into())
    }

    /// `init_module(img, uargs)`.
    pub fn init_module(tid: i64, uargs: &str, res: i64) -> EventBuilder {
        ev(T::INIT_MODULE, tid, res)
            .bytes("img", &[])
            .uint("length", 0)
            .str("uargs", uargs)
    }

    /// `finit_module(fd, uargs, flags)`.
    pub fn finit_module(tid: i64, fd: i64, uargs: &str, res: i64) -> EventBuilder {
        ev(T::FINIT_MODULE, tid, res)
            .int("fd", fd)
            .str("uargs", uargs)
            .flags("flags", 0)
    }

    /// `setns(fd, nstype)`.
    pub fn setns(tid: i64, fd: i64, nstype: u32, res: i64) -> EventBuilder {
        ev(T::SETNS, tid, res).int("fd", fd).flags("nstype", nstype)
    }

    /// `unshare(flags)`.
    pub fn unshare(tid: i64, flags: u32, res: i64) -> EventBuilder {
        ev(T::UNSHARE, tid, res).flags("flags", flags)
    }

    /// `mount(dev, dir, type, flags)`.
    pub fn mount(
        tid: i64,
        dev: &str,
        dir: &str,
        fstype: &str,
        flags: u32,
        res: i64,
    ) -> EventBuilder {
        ev(T::MOUNT, tid, res)
            .str("dev", dev)
            .str("dir", dir)
            .str("type", fstype)
            .flags("flags", flags)
    }

    /// `prctl(option, arg2)` (PPM option encoding).
    pub fn prctl(tid: i64, option: u32, arg2_str: &str, arg2_int: i64, res: i64) -> EventBuilder {
        ev(T::PRCTL, tid, res)
            .uint("option", option.into())
            .str("arg2_str", arg2_str)
            .int("arg2_int", arg2_int)
    }

    /// The kernel command name for an executable path: its basename cut to 15 bytes.
    pub fn comm_of(path: &str) -> &str {
        let base = path.rsplit('/').next().unwrap_or(path);
        let mut end = base.len().min(15);
        while !base.is_char_boundary(end) {
            end -= 1;
        }
        &base[..end]
    }
}

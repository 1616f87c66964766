//! [`State::apply`] and [`State::finish`]: the per-event state machine (libsinsp parser order).
//!
//! Place in the data flow: event → **apply** → rules evaluate → **finish**.

use std::net::IpAddr;

use super::fd::{Fd, FdKind, IpTuple, L4Proto, Role};
use super::fd_table::FdTable;
use super::path::{append_path, concatenate_paths};
use super::process::shared_caps;
use super::tables::State;
use super::thread::Thread;
use syssentry_event::{
    ppm::{self, open::*},
    Event, EventType as T, Param, SockAddr, SockTuple, FD_USES,
};

impl State {
    /// Updates the tables with `ev` before rules evaluate it.
    ///
    /// Unknown threads get a placeholder (`proc.name = <NA>`, unknown ids and users), as
    /// libsinsp does when it cannot read the process from procfs; clone/fork and procexit
    /// events never create one.
    pub fn apply(&mut self, ev: &Event) {
        self.finish_pending();
        self.cur.num = if ev.num != 0 {
            ev.num
        } else {
            self.cur.num + 1
        };
        self.cur.fd = -1;
        self.cur.fd_name_changed = false;
        let ty = ev.event_type();
        if is_meta(ty) {
            return;
        }
        let tid = ev.tid;
        let creates = matches!(ty, T::CLONE | T::CLONE3 | T::FORK | T::VFORK) && !ev.is_enter();
        if !self.threads.contains_key(&tid) && !creates && ty != T::PROCEXIT {
            let mut t = Thread::placeholder(tid);
            if ev.pid > 0 {
                t.pid = ev.pid;
            }
            if self.add_thread(t) {
                self.stats.placeholder_threads += 1;
            }
        }
        let schema = ev.schema();
        if schema.fd_role & FD_USES != 0 {
            let pos = if ev.is_enter() {
                schema.position_by_name("fd")
            } else {
                (schema.fd_param != 255).then_some(schema.fd_param as usize)
            };
            if let Some(v) = pos.and_then(|p| ev.param(p).as_i64()) {
                self.cur.fd = v;
            }
        }
        if ev.is_enter() {
            return;
        }
        let res = ev.res;
        match ty {
            T::OPEN | T::OPENAT | T::OPENAT2 | T::CREAT | T::OPEN_BY_HANDLE_AT => {
                self.open_exit(ev)
            }
            T::CLOSE if res >= 0 => {
                let n = self.cur.fd;
                if let Some(fd) = self.fds_mut(tid).and_then(|f| f.remove(n)) {
                    self.cur.closed = Some((n, fd));
                }
            }
            T::CLOSE_RANGE if res >= 0 => {
                let first = ev.uint("first").unwrap_or(0) as i64;
                let last = ev.uint("last").unwrap_or(0) as i64;
                if let Some(f) = self.fds_mut(tid) {
                    f.retain(|n, _| n < first || n > last);
                }
            }
            T::DUP | T::DUP2 | T::DUP3 => self.dup_exit(ev, self.cur.fd),
            T::FCNTL => {
                let cmd = ev.uint("cmd").unwrap_or(0) as u32;
                if cmd == ppm::fcntl::F_DUPFD || cmd == ppm::fcntl::F_DUPFD_CLOEXEC {
                    self.dup_exit(ev, self.cur.fd);
                }
            }
            T::SOCKET => self.socket_exit(ev),
            T::SOCKETPAIR if res >= 0 => {
                let (a, b) = (ev.int("fd1").unwrap_or(-1), ev.int("fd2").unwrap_or(-1));
                if a != b {
                    let src = ev.uint("source").unwrap_or(0);
                    let dst = ev.uint("peer").unwrap_or(0);
                    let mut fd = Fd::new(FdKind::Unix, "");
                    fd.unix = Some((src, dst));
                    self.add_fd(tid, b, fd.clone());
                    self.add_fd(tid, a, fd);
                }
            }
            T::CONNECT => self.connect_exit(ev),
            T::ACCEPT | T::ACCEPT4 => self.accept_exit(ev),
            T::BIND => self.bind_exit(ev),
            T::SENDTO | T::SENDMSG | T::RECVFROM | T::RECVMSG => self.io_tuple_update(ev),
            T::PIPE | T::PIPE2 if res >= 0 => {
                let flags = ev.uint("flags").unwrap_or(0) as u32;
                let ino = ev.uint("ino").unwrap_or(0);
                for name in ["fd1", "fd2"] {
                    let n = ev.int(name).unwrap_or(-1);
                    let mut fd = Fd::new(FdKind::Pipe, "");
                    fd.ino = ino;
                    fd.flags = flags;
                    self.add_fd(tid, n, fd);
                }
            }
            T::EVENTFD | T::EVENTFD2 => self.simple_fd(ev, FdKind::Event),
            T::SIGNALFD | T::SIGNALFD4 => self.simple_fd(ev, FdKind::Signal),
            T::TIMERFD_CREATE => self.simple_fd(ev, FdKind::Timerfd),
            T::INOTIFY_INIT | T::INOTIFY_INIT1 => self.simple_fd(ev, FdKind::Inotify),
            T::EPOLL_CREATE | T::EPOLL_CREATE1 => self.simple_fd(ev, FdKind::EventPoll),
            T::USERFAULTFD => self.simple_fd(ev, FdKind::Userfaultfd),
            T::IO_URING_SETUP => self.simple_fd(ev, FdKind::IoUring),
            T::BPF => self.simple_fd(ev, FdKind::Bpf),
            T::PIDFD_OPEN => self.simple_fd(ev, FdKind::Pidfd),
            T::MEMFD_CREATE if res >= 0 => {
                let mut fd = Fd::new(FdKind::Memfd, ev.str("name").unwrap_or(""));
                fd.flags = ev.uint("flags").unwrap_or(0) as u32;
                self.add_fd(tid, res, fd);
            }
            T::CHDIR if res >= 0 => {
                if let Some(p) = ev.str("path") {
                    self.update_cwd(tid, p);
                }
            }
            T::FCHDIR if res >= 0 => {
                let name = self.current_fd_info(tid).map(|f| f.name.clone());
                if let Some(n) = name {
                    self.update_cwd(tid, &n);
                }
            }
            T::SETUID | T::SETREUID | T::SETRESUID => {
                let p = if ty == T::SETUID { "uid" } else { "euid" };
                if let (true, Some(u)) = (res >= 0, ev.uint(p)) {
                    if u as u32 != u32::MAX {
                        if let Some(t) = self.threads.get_mut(&tid) {
                            t.uid = u as u32;
                        }
                    }
                }
            }
            T::SETGID | T::SETREGID | T::SETRESGID => {
                let p = if ty == T::SETGID { "gid" } else { "egid" };
                if let (true, Some(g)) = (res >= 0, ev.uint(p)) {
                    if g as u32 != u32::MAX {
                        if let Some(t) = self.threads.get_mut(&tid) {
                            t.gid = g as u32;
                        }
                    }
                }
            }
            T::SETSID if res >= 0 => {
                if let Some(t) = self.threads.get_mut(&tid) {
                    t.sid = res;
                }
            }
            T::CAPSET if res >= 0 => {
                if let Some(t) = self.threads.get_mut(&tid) {
                    t.caps = shared_caps(
                        &t.caps,
                        ev.uint("cap_inheritable").unwrap_or(0),
                        ev.uint("cap_permitted").unwrap_or(0),
                        ev.uint("cap_effective").unwrap_or(0),
                    );
                }
            }
            T::PRCTL => {
                const PR_SET_CHILD_SUBREAPER: u64 = 36;
                if res >= 0 && ev.uint("option") == Some(PR_SET_CHILD_SUBREAPER) {
                    let on = ev.int("arg2_int").unwrap_or(0) != 0;
                    let pid = self.threads.get(&tid).filter(|t| !t.invalid).map(|t| t.pid);
                    if let Some(t) = pid.and_then(|p| self.threads.get_mut(&p)) {
                        t.reaper = on;
                    }
                }
            }
            T::EXECVE | T::EXECVEAT => self.execve_exit(ev),
            T::CLONE | T::CLONE3 | T::FORK | T::VFORK => self.clone_exit(ev),
            T::PROCEXIT if self.threads.contains_key(&tid) => {
                self.cur.exiting = Some((tid, ev.int("reaper_tid").unwrap_or(0)));
            }
            _ => {}
        }
    }

    /// Completes `ev` after rules evaluated it: removes the exiting thread of a `procexit` and
    /// drops the fd a `close` removed.
    pub fn finish(&mut self, _ev: &Event) {
        self.finish_pending();
    }

    fn finish_pending(&mut self) {
        self.cur.closed = None;
        if let Some((tid, reaper)) = self.cur.exiting.take() {
            self.remove_thread(tid, reaper);
        }
    }

    /// The tid whose fd table serves `tid` (its main thread when known).
    fn fd_owner(&self, tid: i64) -> Option<i64> {
        let t = self.threads.get(&tid)?;
        Some(if self.threads.contains_key(&t.pid) {
            t.pid
        } else {
            tid
        })
    }

    fn fds_mut(&mut self, tid: i64) -> Option<&mut FdTable> {
        let owner = self.fd_owner(tid)?;
        self.threads.get_mut(&owner).map(|t| &mut t.fds)
    }

    /// Adds an fd to the process of `tid`, counting drops at the cap; sets `fd.num`.
    fn add_fd(&mut self, tid: i64, n: i64, fd: Fd) {
        if n < 0 {
            return;
        }
        let cap = self.cfg.max_fds_per_process;
        let Some(table) = self.fds_mut(tid) else {
            return;
        };
        if !table.insert(n, fd, cap) {
            self.stats.fds_dropped += 1;
        }
        self.cur.fd = n;
    }

    fn simple_fd(&mut self, ev: &Event, kind: FdKind) {
        if ev.res >= 0 {
            let mut fd = Fd::new(kind, "");
            fd.flags = ev.uint("flags").unwrap_or(0) as u32;
            self.add_fd(ev.tid, ev.res, fd);
        }
    }

    fn update_cwd(&mut self, tid: i64, path: &str) {
        let Some(owner) = self.fd_owner(tid) else {
            return;
        };
        if let Some(t) = self.threads.get_mut(&owner) {
            let mut cwd = concatenate_paths(&t.cwd, path);
            if !cwd.ends_with('/') {
                cwd.push('/');
            }
            t.cwd = cwd;
        }
    }

    /// Writes into `out` (cleared first) the directory a relative path of event `ev` resolves
    /// against (libsinsp `parse_dirfd`): `.` for absolute paths, the cwd for `AT_FDCWD`, the
    /// dirfd's path with a trailing `/`, or `<UNKNOWN>` when the dirfd is not known or capture
    /// found it not to be a directory ([`Event::is_not_dir`]).
    pub(crate) fn write_base_dir(&self, ev: &Event, name: &str, dirfd: i64, out: &mut String) {
        out.clear();
        if name.starts_with('/') {
            out.push('.');
            return;
        }
        if ev.is_not_dir(dirfd) {
            out.push_str("<UNKNOWN>");
            return;
        }
        let tid = ev.tid;
        let Some(t) = self.threads.get(&tid) else {
            out.push_str("<UNKNOWN>");
            return;
        };
        if dirfd == ppm::AT_FDCWD {
            out.push_str(&self.main_thread(t).unwrap_or(t).cwd);
            return;
        }
        match self.fds_of(t).get(dirfd) {
            None => out.push_str("<UNKNOWN>"),
            Some(fd) => {
                out.push_str(&fd.name);
                if !fd.name.is_empty() && !fd.name.ends_with('/') {
                    out.push('/');
                }
            }
        }
    }

    fn open_exit(&mut self, ev: &Event) {
        let tid = ev.tid;
        let ty = ev.event_type();
        let name = ev
            .str(if ty == T::OPEN_BY_HANDLE_AT {
                "path"
            } else {
                "name"
            })
            .unwrap_or("<NA>");
        let mut flags = ev.uint("flags").unwrap_or(0) as u32;
        if ty == T::CREAT {
            const UPPER: u64 = 1;
            const LOWER: u64 = 2;
            let cf = ev.uint("creat_flags").unwrap_or(0);
            flags = if cf & UPPER != 0 {
                FD_UPPER_LAYER
            } else if cf & LOWER != 0 {
                FD_LOWER_LAYER
            } else {
                0
            };
        }
        if ev.res < 0 {
            return;
        }
        // The full path is built in a buffer kept between events (taken out while `self` is
        // read for the base directory).
        let mut full = std::mem::take(&mut self.cur.path);
        full.clear();
        match ty {
            T::OPENAT | T::OPENAT2 => {
                if let Some(d) = ev.int("dirfd") {
                    self.write_base_dir(ev, name, d, &mut full);
                }
            }
            T::OPEN_BY_HANDLE_AT => {}
            _ => {
                if let Some(t) = self.threads.get(&tid) {
                    full.push_str(&self.main_thread(t).unwrap_or(t).cwd);
                }
            }
        }
        append_path(&mut full, name);
        let kind = if flags & O_DIRECTORY != 0 {
            FdKind::Directory
        } else {
            FdKind::File
        };
        let mut fd = Fd::new(kind, &full);
        fd.name_raw = (name != full).then(|| name.into());
        fd.flags = flags;
        fd.dev = ev.uint("dev").unwrap_or(0) as u32;
        fd.ino = ev.uint("ino").unwrap_or(0);
        self.cur.path = full;
        self.add_fd(tid, ev.res, fd);
    }

    fn dup_exit(&mut self, ev: &Event, oldfd: i64) {
        let res = ev.res;
        if res < 0 {
            return;
        }
        let Some(mut fd) = self.current_fd_info(ev.tid).cloned() else {
            // The new descriptor replaced whatever the number held; with the old one unknown
            // there is nothing to copy, but a stale entry must not stay.
            if let Some(t) = self.fds_mut(ev.tid) {
                t.remove(res);
            }
            return;
        };
        let _ = oldfd;
        fd.flags &= !O_CLOEXEC;
        if ev.event_type() == T::DUP3 && ev.uint("flags").unwrap_or(0) as u32 & O_CLOEXEC != 0 {
            fd.flags |= O_CLOEXEC;
        }
        if let Some(t) = self.fds_mut(ev.tid) {
            t.remove(res);
        }
        self.add_fd(ev.tid, res, fd);
    }

    fn socket_exit(&mut self, ev: &Event) {
        if ev.res < 0 {
            return;
        }
        let domain = ev.uint("domain").unwrap_or(0) as u32;
        let ty = ev.uint("type").unwrap_or(0) as u32;
        let proto = ev.uint("proto").unwrap_or(0) as u32;
        let mut fd = Fd::new(FdKind::Unknown, "");
        fd.flags = ev.uint("flags").unwrap_or(0) as u32;
        use ppm::{af, ipproto, sock};
        match domain {
            af::AF_UNIX => fd.kind = FdKind::Unix,
            af::AF_INET | af::AF_INET6 => {
                fd.kind = if domain == af::AF_INET {
                    FdKind::Ipv4Sock
                } else {
                    FdKind::Ipv6Sock
                };
                const IPPROTO_IP: u32 = 0;
                const IPPROTO_RAW: u32 = 255;
                fd.l4proto = match proto {
                    ipproto::TCP if ty == sock::SOCK_RAW => L4Proto::Raw,
                    ipproto::TCP => L4Proto::Tcp,
                    ipproto::UDP if ty == sock::SOCK_RAW => L4Proto::Raw,
                    ipproto::UDP => L4Proto::Udp,
                    IPPROTO_IP if ty & 0xff == sock::SOCK_STREAM => L4Proto::Tcp,
                    IPPROTO_IP if ty & 0xff == sock::SOCK_DGRAM => L4Proto::Udp,
                    ipproto::ICMP if ty == sock::SOCK_RAW => L4Proto::Raw,
                    ipproto::ICMP => L4Proto::Icmp,
                    IPPROTO_RAW => L4Proto::Raw,
                    _ => L4Proto::Unknown,
                };
            }
            af::AF_NETLINK => fd.kind = FdKind::Netlink,
            _ => {}
        }
        self.add_fd(ev.tid, ev.res, fd);
    }

    fn connect_exit(&mut self, ev: &Event) {
        let res = ev.res;
        if res < 0 && res != -115 {
            return; // failed, except EINPROGRESS
        }
        let n = self.cur.fd;
        let tuple = match ev.param_by_name("tuple") {
            Param::SockTuple(t) => t,
            _ => return,
        };
        let Some(table) = self.fds_mut(ev.tid) else {
            return;
        };
        let Some(fd) = table.get_mut(n) else { return };
        fd.connected = true;
        match tuple {
            SockTuple::Unix { src, dst, path } => {
                fd.kind = FdKind::Unix;
                fd.unix = Some((src, dst));
                fd.name = unix_name(src, dst, path).into_boxed_str();
            }
            SockTuple::Inet { .. } | SockTuple::Inet6 { .. } => {
                let Some((cip, cport, sip, sport)) = tuple.ip_endpoints() else {
                    return;
                };
                fd.kind = if cip.is_ipv4() {
                    FdKind::Ipv4Sock
                } else {
                    FdKind::Ipv6Sock
                };
                if fd.l4proto == L4Proto::Unknown {
                    fd.l4proto = L4Proto::Tcp;
                }
                fd.tuple = Some(IpTuple {
                    cip,
                    cport,
                    sip,
                    sport,
                });
                fd.refresh_socket_name();
            }
            SockTuple::Other(_) => return,
        }
        if fd.role == Role::None {
            fd.role = Role::Client;
        }
    }

    fn accept_exit(&mut self, ev: &Event) {
        let res = ev.res;
        if res < 0 {
            return;
        }
        self.cur.fd = res;
        let tuple = match ev.param_by_name("tuple") {
            Param::SockTuple(t) => t,
            _ => return,
        };
        let mut fd = match tuple {
            SockTuple::Unix { src, dst, path } => {
                let mut fd = Fd::new(FdKind::Unix, &unix_name(src, dst, path));
                fd.unix = Some((src, dst));
                fd
            }
            SockTuple::Inet { .. } | SockTuple::Inet6 { .. } => {
                let Some((cip, cport, sip, sport)) = tuple.ip_endpoints() else {
                    return;
                };
                let kind = if cip.is_ipv4() {
                    FdKind::Ipv4Sock
                } else {
                    FdKind::Ipv6Sock
                };
                let mut fd = Fd::new(kind, "");
                fd.l4proto = L4Proto::Tcp;
                fd.tuple = Some(IpTuple {
                    cip,
                    cport,
                    sip,
                    sport,
                });
                fd.refresh_socket_name();
                fd
            }
            SockTuple::Other(_) => return,
        };
        fd.role = Role::Server;
        fd.connected = true;
        if ev.event_type() == T::ACCEPT4 {
            fd.flags = ev.int("flags").unwrap_or(0) as u32 & O_CLOEXEC;
        }
        self.add_fd(ev.tid, res, fd);
    }

    fn bind_exit(&mut self, ev: &Event) {
        if ev.res < 0 {
            return;
        }
        let n = self.cur.fd;
        let addr = match ev.param_by_name("addr") {
            Param::SockAddr(a) => a,
            _ => return,
        };
        let Some(table) = self.fds_mut(ev.tid) else {
            return;
        };
        let Some(fd) = table.get_mut(n) else { return };
        match addr {
            SockAddr::Inet(_, port) | SockAddr::Inet6(_, port) if port > 0 => {
                let ip: IpAddr = match addr {
                    SockAddr::Inet6(a, _) => a.to_ipv4_mapped().map_or(IpAddr::V6(a), IpAddr::V4),
                    SockAddr::Inet(a, _) => IpAddr::V4(a),
                    _ => return,
                };
                fd.kind = if ip.is_ipv4() {
                    FdKind::Ipv4ServSock
                } else {
                    FdKind::Ipv6ServSock
                };
                fd.tuple = Some(IpTuple {
                    cip: unspecified(ip),
                    cport: 0,
                    sip: ip,
                    sport: port,
                });
                fd.role = Role::Server;
                fd.refresh_socket_name();
            }
            SockAddr::Unix(p) => fd.name = p.into(),
            _ => {}
        }
    }

    /// sendto/recvfrom & co. on a UDP socket with a tuple: record the peer and flag a name change
    /// (`fd.name_changed`).
    fn io_tuple_update(&mut self, ev: &Event) {
        if ev.res < 0 {
            return;
        }
        let n = self.cur.fd;
        let tuple = match ev.param_by_name("tuple") {
            Param::SockTuple(t) => t,
            _ => return,
        };
        let Some((cip, cport, sip, sport)) = tuple.ip_endpoints() else {
            return;
        };
        let Some(table) = self.fds_mut(ev.tid) else {
            return;
        };
        let Some(fd) = table.get_mut(n) else { return };
        if fd.l4proto != L4Proto::Udp {
            return;
        }
        let new = IpTuple {
            cip,
            cport,
            sip,
            sport,
        };
        if fd.tuple != Some(new) {
            fd.tuple = Some(new);
            fd.kind = if cip.is_ipv4() {
                FdKind::Ipv4Sock
            } else {
                FdKind::Ipv6Sock
            };
            fd.refresh_socket_name();
            self.cur.fd_name_changed = true;
        }
    }
}

fn unspecified(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
        IpAddr::V6(_) => IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED),
    }
}

/// `fd.name` of a unix socket: `<src hex>-><dst hex> <path>`.
pub(crate) fn unix_name(src: u64, dst: u64, path: &str) -> String {
    format!("{src:x}->{dst:x} {path}")
}

fn is_meta(ty: T) -> bool {
    matches!(
        ty,
        T::CONTAINER
            | T::ASYNCEVENT
            | T::USERADDED
            | T::USERDELETED
            | T::GROUPADDED
            | T::GROUPDELETED
            | T::PLUGINEVENT
    )
}

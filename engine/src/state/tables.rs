//! [`State`]: all state tables together (threads, users, groups, containers, local addresses,
//! resolved names) with their lookups: threads and their processes, ancestors, fds, container
//! metadata, local addresses.
//!
//! Place in the data flow: event → `State::apply` (in [`apply`](super::apply) and
//! [`process`](super::process), on top of these tables) → **tables** read by fields while rules
//! evaluate → `State::finish`.

// The tables are read several times per event: they hash with foldhash (a fast hasher seeded
// randomly per table, so ids a process can choose, such as fd numbers, cannot be crafted to
// collide) instead of the standard library's SipHash (see docs/performance.md).
use foldhash::HashMap;
use std::net::IpAddr;

use super::config::StateConfig;
use super::container::{ContainerInfo, ContainerTable};
use super::current::Current;
use super::dns::DnsTable;
use super::fd::Fd;
use super::fd_table::FdTable;
use super::stats::StateStats;
use super::thread::Thread;
use super::users::{GroupTable, UserTable};

/// All state tables.
#[derive(Debug, Clone)]
pub struct State {
    pub(super) cfg: StateConfig,
    pub(super) stats: StateStats,
    pub(super) threads: HashMap<i64, Thread>,
    /// Number of non-main threads per pid, so single-threaded processes never need a scan.
    pub(super) secondary: HashMap<i64, u32>,
    /// Users by container.
    pub users: UserTable,
    /// Groups by container.
    pub groups: GroupTable,
    /// Container metadata.
    pub containers: ContainerTable,
    /// Local interface addresses, deciding local/remote for `fd.lip`, `fd.rip`, ... (loopback
    /// addresses are always local).
    pub local_addrs: Vec<IpAddr>,
    /// Addresses of the domain names rules compare `fd.*ip.name` fields with.
    pub dns: DnsTable,
    pub(crate) cur: Current,
    pub(super) host_container: ContainerInfo,
}

impl Default for State {
    fn default() -> Self {
        State::new(StateConfig::default())
    }
}

impl State {
    /// Empty tables with the given caps.
    pub fn new(cfg: StateConfig) -> State {
        State {
            cfg,
            stats: StateStats::default(),
            threads: HashMap::default(),
            secondary: HashMap::default(),
            users: UserTable::with_cap(cfg.max_users),
            groups: GroupTable::with_cap(cfg.max_groups),
            containers: ContainerTable::with_cap(cfg.max_containers),
            local_addrs: Vec::new(),
            dns: DnsTable::default(),
            cur: Current {
                fd: -1,
                ..Current::default()
            },
            host_container: ContainerInfo::host(),
        }
    }

    /// The caps in force.
    pub fn config(&self) -> &StateConfig {
        &self.cfg
    }

    /// Counters of dropped entries.
    pub fn stats(&self) -> StateStats {
        self.stats
    }

    /// A thread by tid.
    pub fn thread(&self, tid: i64) -> Option<&Thread> {
        self.threads.get(&tid)
    }

    /// A thread by tid, mutable (for seeding state, e.g. from procfs).
    pub fn thread_mut(&mut self, tid: i64) -> Option<&mut Thread> {
        self.threads.get_mut(&tid)
    }

    /// The threads of process `pid` (linear in the table size; not for hot paths).
    pub fn threads_of(&self, pid: i64) -> impl Iterator<Item = &Thread> {
        self.threads.values().filter(move |t| t.pid == pid)
    }

    /// The container id of every thread (`""` on the host), repeated per thread (linear in the
    /// table size; not for hot paths).
    pub fn thread_container_ids(&self) -> impl Iterator<Item = &str> {
        self.threads.values().map(|t| &*t.container_id)
    }

    /// Number of threads.
    pub fn thread_count(&self) -> usize {
        self.threads.len()
    }

    /// Adds a thread (for seeding state from procfs or tests). Returns false when the table is
    /// full (counted in [`StateStats::threads_dropped`]).
    pub fn add_thread(&mut self, t: Thread) -> bool {
        let (tid, ptid) = (t.tid, t.ptid);
        if !self.threads.contains_key(&tid) && self.threads.len() >= self.cfg.max_threads {
            self.stats.threads_dropped += 1;
            return false;
        }
        if t.tid != t.pid && t.pid > 0 && !self.threads.contains_key(&tid) {
            *self.secondary.entry(t.pid).or_insert(0) += 1;
        }
        if let Some(old) = self.threads.insert(tid, t) {
            self.forget_secondary(&old);
        }
        if let Some(p) = self.threads.get_mut(&ptid) {
            if !p.children.contains(&tid) {
                p.children.push(tid);
            }
        }
        true
    }

    /// Removes a thread from the table, keeping the per-process thread counts right.
    pub(crate) fn take_thread(&mut self, tid: i64) -> Option<Thread> {
        let t = self.threads.remove(&tid)?;
        self.forget_secondary(&t);
        Some(t)
    }

    fn forget_secondary(&mut self, t: &Thread) {
        if t.tid != t.pid && t.pid > 0 {
            if let Some(n) = self.secondary.get_mut(&t.pid) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.secondary.remove(&t.pid);
                }
            }
        }
    }

    /// Whether process `pid` has threads other than its main thread.
    pub(crate) fn has_secondary_threads(&self, pid: i64) -> bool {
        self.secondary.get(&pid).is_some_and(|n| *n > 0)
    }

    /// The main thread (process) of a thread.
    pub fn main_thread<'a>(&'a self, t: &'a Thread) -> Option<&'a Thread> {
        if t.is_main() {
            Some(t)
        } else {
            self.threads.get(&t.pid)
        }
    }

    /// The parent process of a thread: the main thread of the thread whose tid is the
    /// process's parent tid.
    pub fn parent<'a>(&'a self, t: &'a Thread) -> Option<&'a Thread> {
        let main = self.main_thread(t).unwrap_or(t);
        let p = self.threads.get(&main.ptid)?;
        self.main_thread(p).or(Some(p))
    }

    /// Calls `visit` for each ancestor process of `t` (parent first), stopping when `visit`
    /// returns true. Loops in the parent links are detected (a slow cursor advancing at half
    /// speed) and the walk is bounded by the table size. Returns whether `visit` stopped.
    pub fn for_each_ancestor<'a>(
        &'a self,
        t: &'a Thread,
        visit: &mut dyn FnMut(&'a Thread) -> bool,
    ) -> bool {
        let mut cur = t;
        let mut slow = t;
        let mut steps = 0usize;
        while let Some(p) = self.parent(cur) {
            if visit(p) {
                return true;
            }
            cur = p;
            steps += 1;
            if steps.is_multiple_of(2) {
                slow = match self.parent(slow) {
                    Some(s) => s,
                    None => return false,
                };
            }
            if std::ptr::eq(cur, slow) || steps > self.threads.len() {
                return false;
            }
        }
        false
    }

    /// The `n`-th ancestor (0 = the thread's process itself, 1 = its parent).
    pub fn ancestor<'a>(&'a self, t: &'a Thread, n: u32) -> Option<&'a Thread> {
        if n == 0 {
            return Some(self.main_thread(t).unwrap_or(t));
        }
        let mut found = None;
        let mut i = 0;
        self.for_each_ancestor(t, &mut |a| {
            i += 1;
            if i == n {
                found = Some(a);
            }
            i == n
        });
        found
    }

    /// The fd table of the process of `t`.
    pub fn fds_of<'a>(&'a self, t: &'a Thread) -> &'a FdTable {
        &self.main_thread(t).unwrap_or(t).fds
    }

    /// The container metadata for a container id (`""` = host entry).
    pub fn container_info(&self, id: &str) -> Option<&ContainerInfo> {
        if id.is_empty() {
            Some(&self.host_container)
        } else {
            self.containers.get(id)
        }
    }

    /// Whether an IP address belongs to this machine, as seen by a host process: loopback or one
    /// of the host's interface addresses (IPv4-mapped IPv6 addresses count as their IPv4 form).
    pub fn is_local_addr(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        ip.is_loopback() || self.local_addrs.contains(&ip)
    }

    /// Whether `ip` is an address of this machine as seen from thread `t` (libsinsp
    /// `is_ipv4addr_in_local_machine` / `is_ipv6addr_in_local_machine`), which decides the
    /// local/remote side of its sockets. For a process in a container: its container's IP;
    /// when the runtime reported no IP for it, any container's IP and nothing else; IPv6
    /// addresses never. Otherwise (or when its container's IP does not match) the host's
    /// addresses ([`State::is_local_addr`]).
    pub fn is_local_addr_for(&self, t: &Thread, ip: IpAddr) -> bool {
        if !t.container_id.is_empty() {
            let v4 = match ip {
                IpAddr::V4(a) => a,
                IpAddr::V6(a) => match a.to_ipv4_mapped() {
                    Some(a) => a,
                    None => return false,
                },
            };
            let is = |s: &str| s.parse::<std::net::Ipv4Addr>().is_ok_and(|a| a == v4);
            match self.containers.get(&t.container_id).map(|c| c.ip.as_str()) {
                Some(own) if !own.is_empty() => {
                    if is(own) {
                        return true;
                    }
                }
                _ => {
                    return self
                        .containers
                        .iter()
                        .any(|c| !c.ip.is_empty() && is(&c.ip))
                }
            }
        }
        self.is_local_addr(ip)
    }

    /// Event number to report for the current event when it carries none.
    pub(crate) fn current_num(&self) -> u64 {
        self.cur.num
    }

    /// The fd number the current event used or created (`fd.num`).
    pub fn current_fd(&self) -> i64 {
        self.cur.fd
    }

    /// The fd the current event refers to, if the process has it (or it was just closed).
    pub fn current_fd_info(&self, tid: i64) -> Option<&Fd> {
        self.current_fd_info_of(self.threads.get(&tid)?)
    }

    /// [`State::current_fd_info`] for the event's thread already looked up.
    pub fn current_fd_info_of<'a>(&'a self, t: &'a Thread) -> Option<&'a Fd> {
        let n = self.cur.fd;
        if n < 0 {
            return None;
        }
        if let Some((cn, fd)) = &self.cur.closed {
            if *cn == n {
                return Some(fd);
            }
        }
        self.fds_of(t).get(n)
    }

    /// Whether the current event changed the name of its fd.
    pub fn current_fd_name_changed(&self) -> bool {
        self.cur.fd_name_changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn local_addresses_as_seen_from_a_container() {
        let mut st = State::default();
        st.local_addrs.push(ip("192.168.1.20"));
        let host = Thread::new(1, 1, 0);
        let mut pod = Thread::new(2, 2, 1);
        pod.container_id = "5f2a9c3e1b7d".into();
        let mut other = Thread::new(3, 3, 1);
        other.container_id = "0123456789ab".into();

        assert!(st.is_local_addr_for(&host, ip("192.168.1.20")));
        assert!(st.is_local_addr_for(&host, ip("127.0.0.1")));
        assert!(!st.is_local_addr_for(&host, ip("10.244.1.7")));

        // No container reported an IP yet: nothing is local inside containers.
        assert!(!st.is_local_addr_for(&pod, ip("192.168.1.20")));
        st.containers.insert(ContainerInfo {
            id: "5f2a9c3e1b7d".into(),
            ip: "10.244.1.7".into(),
            ..ContainerInfo::default()
        });
        // Its own IP, then the host's addresses.
        assert!(st.is_local_addr_for(&pod, ip("10.244.1.7")));
        assert!(st.is_local_addr_for(&pod, ip("::ffff:10.244.1.7")));
        assert!(st.is_local_addr_for(&pod, ip("192.168.1.20")));
        assert!(!st.is_local_addr_for(&pod, ip("10.96.0.1")));
        assert!(!st.is_local_addr_for(&pod, ip("fd00::7")));
        // A container without a reported IP: any container's IP, not the host's.
        assert!(st.is_local_addr_for(&other, ip("10.244.1.7")));
        assert!(!st.is_local_addr_for(&other, ip("192.168.1.20")));
    }
}

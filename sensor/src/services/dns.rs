//! Resolving the domain names rules compare `fd.*ip.name` with, on a thread of its own: the
//! side service behind `fd.sip.name = kubernetes.default.svc` and its kin.
//!
//! Place in the data flow: rule set (`RulesReport::dns_names`) → **resolver thread** → channel →
//! [`DnsService::apply`] puts each update into the state's `DnsTable` between batches. The event
//! loop never waits on DNS: it only drains what the channel already holds.
//!
//! Each name is resolved at start, then refreshed every 10 s; a refresh that changes nothing
//! doubles the interval, up to 5 minutes, and a change brings it back to 10 s.

use crate::service::SideService;
use std::net::{IpAddr, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};
use syssentry_engine::state::State;

/// First refresh interval.
pub const MIN_REFRESH: Duration = Duration::from_secs(10);
/// Longest refresh interval.
pub const MAX_REFRESH: Duration = Duration::from_secs(300);

/// The addresses a name resolved to (empty when it did not resolve).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsUpdate {
    /// The name.
    pub name: String,
    /// Its addresses, sorted.
    pub addrs: Vec<IpAddr>,
}

/// When to refresh next: a pure schedule over the results of each round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshSchedule {
    interval: Duration,
}

impl Default for RefreshSchedule {
    fn default() -> Self {
        RefreshSchedule { interval: MIN_REFRESH }
    }
}

impl RefreshSchedule {
    /// The wait before the next round, given whether the last round changed anything.
    pub fn after_round(&mut self, changed: bool) -> Duration {
        self.interval = if changed { MIN_REFRESH } else { (self.interval * 2).min(MAX_REFRESH) };
        self.interval
    }
}

/// Resolves `name` with the system resolver (`getaddrinfo` through `ToSocketAddrs`).
pub fn system_resolve(name: &str) -> Vec<IpAddr> {
    let mut addrs: Vec<IpAddr> = (name, 0u16)
        .to_socket_addrs()
        .map(|it| it.map(|a| a.ip()).collect())
        .unwrap_or_default();
    addrs.sort();
    addrs.dedup();
    addrs
}

/// One round: resolves every name and sends the ones whose addresses changed (all of them the
/// first time). Returns whether anything changed, or `None` when the receiver is gone.
pub fn resolve_round(
    names: &[String],
    last: &mut [Option<Vec<IpAddr>>],
    resolve: &dyn Fn(&str) -> Vec<IpAddr>,
    tx: &Sender<DnsUpdate>,
) -> Option<bool> {
    let mut changed = false;
    for (name, prev) in names.iter().zip(last.iter_mut()) {
        let addrs = resolve(name);
        if prev.as_ref() != Some(&addrs) {
            changed = true;
            tx.send(DnsUpdate { name: name.clone(), addrs: addrs.clone() }).ok()?;
            *prev = Some(addrs);
        }
    }
    Some(changed)
}

/// A name resolver: the system's ([`system_resolve`]) or a test's.
pub type Resolve = fn(&str) -> Vec<IpAddr>;

/// The running resolver: its thread and the channel its updates arrive on. Dropping it asks the
/// thread to end; the thread is not waited for (a lookup in progress can take the resolver's
/// whole timeout), it notices within 200 ms of its lookup returning.
#[derive(Debug)]
pub struct DnsService {
    updates: Receiver<DnsUpdate>,
    stop: Arc<AtomicBool>,
}

impl DnsService {
    /// Starts resolving `names` with `resolve` on a thread of its own; `None` when there is
    /// nothing to resolve (or the thread cannot be created, which leaves the names unresolved,
    /// as an unreachable resolver would).
    pub fn start(names: Vec<String>, resolve: Resolve) -> Option<DnsService> {
        if names.is_empty() {
            return None;
        }
        let (tx, updates) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        std::thread::Builder::new()
            .name("syssentry-dns".into())
            .spawn(move || resolver_loop(&names, resolve, &tx, &flag))
            .ok()?;
        Some(DnsService { updates, stop })
    }
}

impl Drop for DnsService {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl SideService for DnsService {
    fn name(&self) -> &'static str {
        "dns"
    }

    fn apply(&mut self, state: &mut State) -> u64 {
        let mut n = 0;
        for u in self.updates.try_iter() {
            state.dns.insert(&u.name, &u.addrs);
            n += 1;
        }
        n
    }
}

/// Resolves every name at start, then again on the [`RefreshSchedule`], until `stop` is set or
/// the service is dropped.
fn resolver_loop(names: &[String], resolve: Resolve, tx: &Sender<DnsUpdate>, stop: &AtomicBool) {
    let mut last = vec![None; names.len()];
    let mut schedule = RefreshSchedule::default();
    while !stop.load(Ordering::Relaxed) {
        let Some(changed) = resolve_round(names, &mut last, &resolve, tx) else { return };
        let wait_until = Instant::now() + schedule.after_round(changed);
        while Instant::now() < wait_until {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_backs_off_to_five_minutes_and_resets_on_change() {
        let mut s = RefreshSchedule::default();
        let waits: Vec<u64> = (0..7).map(|_| s.after_round(false).as_secs()).collect();
        assert_eq!(waits, [20, 40, 80, 160, 300, 300, 300]);
        assert_eq!(s.after_round(true), MIN_REFRESH);
    }

    #[test]
    fn rounds_send_only_changes() {
        let names = vec!["api.example".to_string(), "db.example".to_string()];
        let mut last = vec![None; 2];
        let (tx, rx) = channel();
        let v1 = |n: &str| if n == "api.example" { vec!["192.0.2.1".parse().unwrap()] } else { Vec::new() };
        assert_eq!(resolve_round(&names, &mut last, &v1, &tx), Some(true));
        let got: Vec<DnsUpdate> = rx.try_iter().collect();
        assert_eq!(got.len(), 2, "every name is sent the first time, resolved or not");
        assert_eq!(got[0].addrs, ["192.0.2.1".parse::<IpAddr>().unwrap()]);
        assert_eq!(resolve_round(&names, &mut last, &v1, &tx), Some(false));
        assert_eq!(rx.try_iter().count(), 0);
        let v2 = |n: &str| if n == "db.example" { vec!["192.0.2.9".parse().unwrap()] } else { v1(n) };
        assert_eq!(resolve_round(&names, &mut last, &v2, &tx), Some(true));
        let got: Vec<DnsUpdate> = rx.try_iter().collect();
        assert_eq!(got, [DnsUpdate { name: "db.example".into(), addrs: vec!["192.0.2.9".parse().unwrap()] }]);
        drop(rx);
        assert_eq!(resolve_round(&names, &mut vec![None; 2], &v2, &tx), None);
    }

    #[test]
    fn the_service_applies_what_the_thread_resolved() {
        fn fixed(name: &str) -> Vec<IpAddr> {
            if name == "api.example" {
                vec!["192.0.2.10".parse().unwrap()]
            } else {
                Vec::new()
            }
        }
        assert!(DnsService::start(Vec::new(), fixed).is_none(), "nothing to resolve, no thread");
        let mut svc = DnsService::start(vec!["api.example".into(), "gone.example".into()], fixed).unwrap();
        let mut state = State::default();
        let mut applied = 0;
        let deadline = Instant::now() + Duration::from_secs(10);
        while applied < 2 && Instant::now() < deadline {
            applied += svc.apply(&mut state);
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(applied, 2, "both names sent the first time, resolved or not");
        let ip: IpAddr = "192.0.2.10".parse().unwrap();
        assert_eq!(state.dns.name_of(ip), Some("api.example"));
    }

    #[test]
    fn the_system_resolver_resolves_localhost() {
        assert!(system_resolve("localhost").iter().all(|a| a.is_loopback()));
    }
}

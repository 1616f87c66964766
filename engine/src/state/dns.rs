//! Resolved domain names: the addresses of the names rules compare `fd.cip.name`,
//! `fd.sip.name`, `fd.lip.name` and `fd.rip.name` with (e.g. the stable rule "Contact K8S API
//! Server From Container" asks for `kubernetes.default.svc.cluster.local`).
//!
//! Place in the data flow: filled and refreshed outside the event path by whoever can resolve
//! names (the capture side, or tests) → **state** → `fd.*ip.name` fields, which print the name
//! a socket address belongs to. Falco resolves these names with `getaddrinfo` when a rule first
//! asks for them and refreshes them in the background; the engine never blocks on DNS while
//! evaluating, so the names must be resolved into this table ahead of time.

use std::{collections::BTreeMap, net::IpAddr, sync::Arc};

/// Domain names and the addresses they resolved to, bounded to [`DnsTable::MAX_NAMES`] names.
#[derive(Debug, Clone, Default)]
pub struct DnsTable {
    names: BTreeMap<Arc<str>, Vec<IpAddr>>,
    /// Names refused because the table was full.
    pub dropped: u64,
}

impl DnsTable {
    /// Maximum number of names kept (rules name a handful).
    pub const MAX_NAMES: usize = 1024;

    /// Records (or replaces) the addresses `name` resolves to. Returns false when the table is
    /// full and `name` is new.
    pub fn insert(&mut self, name: &str, addrs: &[IpAddr]) -> bool {
        if let Some(v) = self.names.get_mut(name) {
            v.clear();
            v.extend_from_slice(addrs);
            return true;
        }
        if self.names.len() >= Self::MAX_NAMES {
            self.dropped += 1;
            return false;
        }
        self.names.insert(Arc::from(name), addrs.to_vec());
        true
    }

    /// Forgets `name`.
    pub fn remove(&mut self, name: &str) -> bool {
        self.names.remove(name).is_some()
    }

    /// The name `ip` belongs to, as `fd.sip.name` & co. print it: the first (in byte order) of
    /// the recorded names that resolved to it (libsinsp takes the first its unordered cache
    /// yields, so its pick among several names is unspecified). IPv4-mapped IPv6 addresses
    /// count as IPv4.
    pub fn name_of(&self, ip: IpAddr) -> Option<&str> {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        self.names
            .iter()
            .find(|(_, addrs)| addrs.contains(&ip))
            .map(|(n, _)| &**n)
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether no name is recorded.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn name_of_picks_the_first_name_holding_the_address() {
        let mut t = DnsTable::default();
        assert!(t.insert("kubernetes.default.svc.cluster.local", &[ip("10.96.0.1")]));
        assert!(t.insert("api.internal", &[ip("10.96.0.1"), ip("fd00::1")]));
        assert_eq!(t.name_of(ip("10.96.0.1")), Some("api.internal"));
        assert_eq!(t.name_of(ip("::ffff:10.96.0.1")), Some("api.internal"));
        assert_eq!(t.name_of(ip("fd00::1")), Some("api.internal"));
        assert_eq!(t.name_of(ip("10.96.0.2")), None);
        // A refresh replaces the addresses.
        assert!(t.insert("api.internal", &[ip("10.0.0.9")]));
        assert_eq!(
            t.name_of(ip("10.96.0.1")),
            Some("kubernetes.default.svc.cluster.local")
        );
        assert!(t.remove("kubernetes.default.svc.cluster.local"));
        assert_eq!(t.name_of(ip("10.96.0.1")), None);
    }

    #[test]
    fn bounded() {
        let mut t = DnsTable::default();
        for i in 0..DnsTable::MAX_NAMES {
            assert!(t.insert(&format!("n{i}.example"), &[]));
        }
        assert!(!t.insert("one.more.example", &[ip("192.0.2.1")]));
        assert_eq!(t.dropped, 1);
        assert!(
            t.insert("n0.example", &[ip("192.0.2.1")]),
            "known names can still be refreshed"
        );
        assert_eq!(t.len(), DnsTable::MAX_NAMES);
    }
}

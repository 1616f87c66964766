//! IP addresses, networks and port names as right-hand-side constants, and the comparisons on
//! them (`fd.sip = 10.0.0.1`, `fd.net = 10.0.0.0/8`, `fd.sport = https`).
//!
//! Place in the data flow: parsed once by the compiler; [`IpNet::contains`] runs per event.
//!
//! Parsing follows libsinsp's value parser:
//! * the text is IPv4 if it contains a `.`, IPv6 otherwise, so `::ffff:1.2.3.4` is parsed (and
//!   rejected) as IPv4;
//! * IPv4 addresses are strict dotted quads (`inet_pton`: four decimal parts, no leading zeros);
//! * a network needs a `/`; the prefix length after it is parsed like an 8-bit unsigned field
//!   (so `/288` wraps to `/32`); IPv4 accepts 0–32, IPv6 1–128;
//! * addresses of different families never compare equal and a network never contains an
//!   address of the other family (so `!=` is true across families).
//!
//! Port names (`PORT` fields): all digits → the number (truncated to 16 bits, as the C code
//! does); the empty string → 0; otherwise a service name. Names are looked up in a built-in
//! table of the common IANA/netbase services first, then in `/etc/services` if the host has it;
//! the built-in table wins so that a rule means the same on every host.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;

use super::value::{parse_unsigned, IntKind, ValueError};

/// Parses an IP address constant (`IPADDR` / `IPV4ADDR` / `IPV6ADDR` fields).
pub fn parse_ip_addr(text: &str) -> Result<IpAddr, ValueError> {
    if text.contains('.') {
        parse_ipv4(text).map(IpAddr::V4)
    } else {
        parse_ipv6(text).map(IpAddr::V6)
    }
}

/// Parses a dotted-quad IPv4 address.
pub fn parse_ipv4(text: &str) -> Result<Ipv4Addr, ValueError> {
    text.parse::<Ipv4Addr>()
        .map_err(|_| ValueError::InvalidIpAddr {
            text: text.to_owned(),
            family: "IPv4",
        })
}

/// Parses an IPv6 address in any of the standard text forms.
pub fn parse_ipv6(text: &str) -> Result<Ipv6Addr, ValueError> {
    text.parse::<Ipv6Addr>()
        .map_err(|_| ValueError::InvalidIpAddr {
            text: text.to_owned(),
            family: "IPv6",
        })
}

/// An IP network (`10.0.0.0/8`, `2001:db8::/32`): an address and a prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// Parses a network constant (`IPNET` fields); see the module docs for the rules.
    pub fn parse(text: &str) -> Result<IpNet, ValueError> {
        let Some((ip, rest)) = text.split_once('/') else {
            return Err(ValueError::InvalidIpNet {
                text: text.to_owned(),
            });
        };
        // libsinsp reads the mask with `getline`, which stops at a newline.
        let mask = rest.split('\n').next().unwrap_or_default();
        let bad_mask = || ValueError::InvalidNetmask {
            text: text.to_owned(),
            mask: mask.to_owned(),
        };
        let prefix = parse_unsigned(mask, IntKind::U8).map_err(|_| bad_mask())?;
        let addr = if text.contains('.') {
            let addr = parse_ipv4(ip).map_err(|_| ValueError::InvalidIpNet {
                text: text.to_owned(),
            })?;
            if prefix > 32 {
                return Err(bad_mask());
            }
            IpAddr::V4(addr)
        } else {
            let addr = parse_ipv6(ip).map_err(|_| ValueError::InvalidIpNet {
                text: text.to_owned(),
            })?;
            if prefix == 0 || prefix > 128 {
                return Err(bad_mask());
            }
            IpAddr::V6(addr)
        };
        Ok(IpNet {
            addr,
            prefix: prefix as u8,
        })
    }

    /// Builds a network from parts; `None` if the prefix is too long for the family.
    pub fn new(addr: IpAddr, prefix: u8) -> Option<IpNet> {
        let max = if addr.is_ipv4() { 32 } else { 128 };
        (prefix <= max).then_some(IpNet { addr, prefix })
    }

    /// The address as written (host bits are kept, they are ignored by [`IpNet::contains`]).
    pub fn addr(&self) -> IpAddr {
        self.addr
    }

    /// The prefix length.
    pub fn prefix_len(&self) -> u8 {
        self.prefix
    }

    /// Whether `ip` lies in this network (always false across families).
    #[inline]
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                (u32::from(net) & mask) == (u32::from(ip) & mask)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                (u128::from(net) & mask) == (u128::from(ip) & mask)
            }
            _ => false,
        }
    }
}

/// A table of service names → port numbers, for `PORT` constants.
#[derive(Debug, Clone, Default)]
pub struct ServiceTable {
    entries: Vec<(Box<str>, u16)>,
}

/// Common services (name or alias, port), as in the netbase `/etc/services`.
const BUILTIN_SERVICES: &[(&str, u16)] = &[
    ("echo", 7),
    ("discard", 9),
    ("sink", 9),
    ("null", 9),
    ("daytime", 13),
    ("chargen", 19),
    ("ttytst", 19),
    ("source", 19),
    ("ftp-data", 20),
    ("ftp", 21),
    ("ssh", 22),
    ("telnet", 23),
    ("smtp", 25),
    ("mail", 25),
    ("time", 37),
    ("timserver", 37),
    ("whois", 43),
    ("nicname", 43),
    ("domain", 53),
    ("bootps", 67),
    ("bootpc", 68),
    ("tftp", 69),
    ("gopher", 70),
    ("finger", 79),
    ("http", 80),
    ("www", 80),
    ("kerberos", 88),
    ("kerberos5", 88),
    ("krb5", 88),
    ("pop3", 110),
    ("pop-3", 110),
    ("sunrpc", 111),
    ("portmapper", 111),
    ("nntp", 119),
    ("ntp", 123),
    ("netbios-ns", 137),
    ("netbios-dgm", 138),
    ("netbios-ssn", 139),
    ("imap2", 143),
    ("imap", 143),
    ("snmp", 161),
    ("snmp-trap", 162),
    ("snmptrap", 162),
    ("bgp", 179),
    ("ldap", 389),
    ("https", 443),
    ("microsoft-ds", 445),
    ("submissions", 465),
    ("ssmtp", 465),
    ("smtps", 465),
    ("isakmp", 500),
    ("syslog", 514),
    ("printer", 515),
    ("submission", 587),
    ("ldaps", 636),
    ("domain-s", 853),
    ("rsync", 873),
    ("imaps", 993),
    ("pop3s", 995),
    ("socks", 1080),
    ("openvpn", 1194),
    ("ms-sql-s", 1433),
    ("radius", 1812),
    ("nfs", 2049),
    ("mysql", 3306),
    ("ms-wbt-server", 3389),
    ("postgresql", 5432),
    ("postgres", 5432),
    ("amqp", 5672),
    ("x11", 6000),
    ("redis", 6379),
    ("http-alt", 8080),
    ("webcache", 8080),
    ("git", 9418),
    ("zabbix-agent", 10050),
];

impl ServiceTable {
    /// Only the built-in table.
    pub fn builtin() -> ServiceTable {
        ServiceTable {
            entries: BUILTIN_SERVICES
                .iter()
                .map(|&(n, p)| (n.into(), p))
                .collect(),
        }
    }

    /// The built-in table followed by the entries of a `services(5)` text (used for names the
    /// built-in table does not know; the first line naming a service wins, as in glibc).
    pub fn builtin_and(services_text: &str) -> ServiceTable {
        let mut table = ServiceTable::builtin();
        for line in services_text.lines() {
            let line = line.split('#').next().unwrap_or_default();
            let mut words = line.split_whitespace();
            let (Some(name), Some(port_proto)) = (words.next(), words.next()) else {
                continue;
            };
            let Some(port) = port_proto
                .split('/')
                .next()
                .and_then(|p| p.parse::<u16>().ok())
            else {
                continue;
            };
            for alias in std::iter::once(name).chain(words) {
                if table.lookup(alias).is_none() {
                    table.entries.push((alias.into(), port));
                }
            }
        }
        table
    }

    /// The process-wide table: built-in entries, then `/etc/services` (read once, if present).
    pub fn system() -> &'static ServiceTable {
        static SYSTEM: OnceLock<ServiceTable> = OnceLock::new();
        SYSTEM.get_or_init(|| match std::fs::read_to_string("/etc/services") {
            Ok(text) => ServiceTable::builtin_and(&text),
            Err(_) => ServiceTable::builtin(),
        })
    }

    /// The port of a service name or alias (case-sensitive, like `getservbyname`).
    pub fn lookup(&self, name: &str) -> Option<u16> {
        self.entries
            .iter()
            .find(|(n, _)| &**n == name)
            .map(|&(_, p)| p)
    }
}

/// Parses a `PORT` constant with the given service table (see the module docs).
pub fn parse_port_with(text: &str, services: &ServiceTable) -> Result<u16, ValueError> {
    if text.is_empty() {
        return Ok(0);
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        // libsinsp uses `stoi` (an `int`) and stores the low 16 bits.
        return match text.parse::<i32>() {
            Ok(n) => Ok(n as u16),
            Err(_) => Err(ValueError::PortOutOfRange {
                text: text.to_owned(),
            }),
        };
    }
    services
        .lookup(text)
        .ok_or_else(|| ValueError::UnknownPort {
            text: text.to_owned(),
        })
}

/// Parses a `PORT` constant with [`ServiceTable::system`].
pub fn parse_port(text: &str) -> Result<u16, ValueError> {
    parse_port_with(text, ServiceTable::system())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_by_dot() {
        assert!(parse_ip_addr("::ffff:1.2.3.4").is_err());
        assert_eq!(
            parse_ip_addr("::1").unwrap(),
            IpAddr::V6(Ipv6Addr::LOCALHOST)
        );
        assert!(parse_ip_addr("01.2.3.4").is_err());
    }

    #[test]
    fn netmask_rules() {
        assert_eq!(IpNet::parse("10.0.0.0/288").unwrap().prefix_len(), 32);
        assert!(IpNet::parse("10.0.0.0/33").is_err());
        assert!(IpNet::parse("10.0.0.0").is_err());
        assert!(IpNet::parse("10.0.0.0/").is_err());
        assert!(IpNet::parse("::/0").is_err());
        assert!(IpNet::parse("0.0.0.0/0")
            .unwrap()
            .contains("1.2.3.4".parse().unwrap()));
    }

    #[test]
    fn services_file_fallback() {
        let t = ServiceTable::builtin_and("foo 1234/tcp bar # c\nssh 2222/tcp\n");
        assert_eq!(t.lookup("bar"), Some(1234));
        assert_eq!(t.lookup("ssh"), Some(22));
        assert_eq!(parse_port_with("70000", &t), Ok(4464));
        assert!(parse_port_with("-1", &t).is_err());
    }
}

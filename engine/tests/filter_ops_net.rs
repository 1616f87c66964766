//! IP addresses, networks and ports: cases of libs `filter_op_net_compare.ut.cpp` on the
//! primitive values (server 142.251.111.147 / 2001:4860:4860::8888) and value-parser rules.

use std::net::IpAddr;
use syssentry_engine::filter::ops::net::{parse_ip_addr, parse_port, parse_port_with};
use syssentry_engine::filter::ops::{IpNet, IpSet, ServiceTable, ValueError};

fn ip(text: &str) -> IpAddr {
    parse_ip_addr(text).unwrap()
}

fn net(text: &str) -> IpNet {
    IpNet::parse(text).unwrap()
}

#[test]
fn upstream_ipv4_compare() {
    let server = ip("142.251.111.147");
    let client = ip("172.40.111.222");
    assert_eq!(server, ip("142.251.111.147"));
    assert_eq!(client, ip("172.40.111.222"));
    assert_ne!(server, ip("0:0:0:0:0:0:0:1"));
    assert!(net("142.0.0.0/4").contains(server));
    assert!(net("142.251.0.0/8").contains(server));
    assert!(net("142.251.111.0/16").contains(server));
    assert!(!net("10.0.0.0/8").contains(server));
    assert!(!net("2001:db8:abcd:0012::0/64").contains(server));
}

#[test]
fn upstream_ipv6_compare() {
    let server = ip("2001:4860:4860::8888");
    let client = ip("::1");
    assert_eq!(server, ip("2001:4860:4860::8888"));
    assert_eq!(client, ip("::1"));
    assert_ne!(server, ip("127.0.0.1"));
    assert!(net("2001::0/16").contains(server));
    assert!(net("2001:4860::0/32").contains(server));
    assert!(net("2001:4860:4860::8888/48").contains(server));
    assert!(!net("10::0/16").contains(server));
    assert!(!net("10.0.0.0/8").contains(server));
    assert!(!net("2001:db8:abcd:0012::0/64").contains(server));
}

#[test]
fn prefix_boundaries() {
    let a = ip("10.1.2.3");
    assert!(net("10.1.2.3/32").contains(a));
    assert!(!net("10.1.2.4/32").contains(a));
    assert!(net("10.1.2.0/31").contains(ip("10.1.2.1")));
    assert!(!net("10.1.2.0/31").contains(ip("10.1.2.2")));
    assert!(net("0.0.0.0/0").contains(a));
    assert!(net("2001:db8::/127").contains(ip("2001:db8::1")));
    assert!(!net("2001:db8::/127").contains(ip("2001:db8::2")));
    assert!(net("8000::/1").contains(ip("ffff::")));
    assert!(!net("8000::/1").contains(ip("7fff::")));
    assert!(net("::1/128").contains(ip("::1")));
}

#[test]
fn parse_errors() {
    assert!(matches!(
        parse_ip_addr("1.2.3"),
        Err(ValueError::InvalidIpAddr { .. })
    ));
    assert!(matches!(
        parse_ip_addr("1.2.3.256"),
        Err(ValueError::InvalidIpAddr { .. })
    ));
    assert!(matches!(
        parse_ip_addr("fe80::1%eth0"),
        Err(ValueError::InvalidIpAddr { .. })
    ));
    assert!(matches!(
        IpNet::parse("10.0.0.1"),
        Err(ValueError::InvalidIpNet { .. })
    ));
    assert!(matches!(
        IpNet::parse("10.0.0/8"),
        Err(ValueError::InvalidIpNet { .. })
    ));
    assert!(matches!(
        IpNet::parse("10.0.0.0/33"),
        Err(ValueError::InvalidNetmask { .. })
    ));
    assert!(matches!(
        IpNet::parse("10.0.0.0/x"),
        Err(ValueError::InvalidNetmask { .. })
    ));
    assert!(matches!(
        IpNet::parse("::1"),
        Err(ValueError::InvalidIpNet { .. })
    ));
    assert!(matches!(
        IpNet::parse("::/0"),
        Err(ValueError::InvalidNetmask { .. })
    ));
    assert!(matches!(
        IpNet::parse("::/129"),
        Err(ValueError::InvalidNetmask { .. })
    ));
    assert_eq!(IpNet::parse("::/384").unwrap().prefix_len(), 128);
    assert_eq!(
        IpNet::parse("10.0.0.0/33").unwrap_err().to_string(),
        "invalid netmask 33 in 10.0.0.0/33"
    );
}

#[test]
fn ip_sets() {
    let set = IpSet::new([ip("10.0.0.1"), ip("::1")], [net("192.168.0.0/16")]);
    assert!(set.contains(ip("10.0.0.1")));
    assert!(set.contains(ip("::1")));
    assert!(set.contains(ip("192.168.3.4")));
    assert!(!set.contains(ip("10.0.0.2")));
    // A v4-mapped v6 address is not the v4 address (and libsinsp would parse the text as v4).
    assert!(parse_ip_addr("::ffff:10.0.0.1").is_err());
    assert!(!set.contains("::ffff:10.0.0.1".parse().unwrap()));
    assert!(IpSet::new([], []).is_empty());
}

#[test]
fn ports() {
    assert_eq!(parse_port("443"), Ok(443));
    assert_eq!(parse_port("https"), Ok(443));
    assert_eq!(parse_port("ssh"), Ok(22));
    assert_eq!(parse_port("http"), Ok(80));
    assert_eq!(parse_port("domain"), Ok(53));
    assert_eq!(parse_port("www"), Ok(80));
    assert_eq!(parse_port(""), Ok(0));
    assert_eq!(parse_port("65536"), Ok(0));
    assert!(matches!(
        parse_port("no-such-service-x"),
        Err(ValueError::UnknownPort { .. })
    ));
    assert!(matches!(
        parse_port("99999999999"),
        Err(ValueError::PortOutOfRange { .. })
    ));
    assert!(matches!(
        parse_port("-1"),
        Err(ValueError::UnknownPort { .. })
    ));
    // The built-in table wins over a host file.
    let t = ServiceTable::builtin_and("https 8443/tcp\ncustom 7777/udp alias7\n");
    assert_eq!(parse_port_with("https", &t), Ok(443));
    assert_eq!(parse_port_with("alias7", &t), Ok(7777));
    assert_eq!(ServiceTable::builtin().lookup("custom"), None);
}

//! Events built from the forms of rule test files: the process life-cycle convenience forms,
//! and the generic form with parameters converted by their schema type (flags, errno names,
//! octal modes, socket tuples and addresses for IPv4, IPv6 and unix sockets, string lists).

use std::net::{Ipv4Addr, Ipv6Addr};
use std::path::Path;
use syssentry_engine::event::ppm::{clone, exe, open, ptrace, AT_FDCWD};
use syssentry_engine::event::{Event, EventType, Param, SockAddr, SockTuple};
use syssentry_ruletest::{read_str, TestEvent};
use syssentry_engine::state::FdKind;

/// The events of a one-case file whose seeded processes are 100 (nginx) and 200 (a shell).
fn events(events: &str) -> Vec<TestEvent> {
    let text = format!(
        "rules: [r.yaml]\nprocesses:\n  - {{pid: 100, exe: /usr/sbin/nginx}}\n  - {{pid: 200, exe: /bin/sh}}\n\
         cases:\n  - name: c\n    events:\n{events}    expect: []\n"
    );
    let f = read_str(Path::new("t.yaml"), text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    f.cases.into_iter().next().unwrap().events
}

fn one(ev: &str) -> Event {
    events(&format!("      - {ev}\n")).remove(0).event
}

fn list(ev: &Event, name: &str) -> Vec<String> {
    let b = ev.bytes(name).unwrap_or(&[]);
    b.strip_suffix(&[0]).unwrap_or(b).split(|c| *c == 0).map(|s| String::from_utf8_lossy(s).into_owned()).collect()
}

#[test]
fn clone_fork_and_vfork_create_the_child() {
    let e = one("{type: clone, pid: 100, child: 101}");
    assert_eq!((e.event_type(), e.tid, e.res, e.int("pid"), e.uint("flags")), (EventType::CLONE, 100, 101, Some(100), Some(0)));
    let e = one("{type: fork, pid: 100, child: 101}");
    assert_eq!((e.event_type(), e.tid, e.res, e.int("tid")), (EventType::FORK, 100, 101, Some(100)));
    let e = one("{type: clone3, pid: 100, child: 101, flags: CLONE_NEWUSER|CLONE_NEWNS}");
    assert_eq!((e.event_type(), e.uint("flags")), (EventType::CLONE3, Some(u64::from(clone::CLONE_NEWUSER | clone::CLONE_NEWNS))));
    // vfork: the child side (res 0, the child's tid, the parent in ptid) creates the child.
    let e = one("{type: vfork, pid: 100, child: 101}");
    assert_eq!((e.event_type(), e.tid, e.res, e.int("pid"), e.int("ptid")), (EventType::VFORK, 101, 0, Some(101), Some(100)));
    // The child exists for the events after it, and not after it exits.
    let evs = events("      - {type: clone, pid: 100, child: 101}\n      - {type: exit, pid: 101}\n");
    assert_eq!((evs[1].event.event_type(), evs[1].event.tid), (EventType::PROCEXIT, 101));
}

#[test]
fn execve_form() {
    let e = one(
        "{type: execve, pid: 200, exe: /usr/bin/python3.12, args: [python3, -c, 'print(1)'], comm: python3, \
         cwd: /tmp, tty: 34816, uid: 33, gid: 33, loginuid: 1000, env: [HOME=/root, PATH=/bin], upper_layer: true, memfd: true, writable: true}",
    );
    assert_eq!((e.event_type(), e.tid, e.res), (EventType::EXECVE, 200, 0));
    assert_eq!(e.str("exe"), Some("python3"), "proc.exe is argv[0]");
    assert_eq!(e.str("trusted_exepath"), Some("/usr/bin/python3.12"));
    assert_eq!(e.str("comm"), Some("python3"));
    assert_eq!(list(&e, "args"), ["-c", "print(1)"]);
    assert_eq!(list(&e, "env"), ["HOME=/root", "PATH=/bin"]);
    assert_eq!(e.str("cwd"), Some("/tmp/"));
    assert_eq!((e.uint("tty"), e.uint("uid"), e.uint("gid"), e.uint("loginuid")), (Some(34816), Some(33), Some(33), Some(1000)));
    assert_eq!(e.uint("flags"), Some(u64::from(exe::EXE_UPPER_LAYER | exe::EXE_FROM_MEMFD | exe::EXE_WRITABLE)));
    // Defaults: argv = [exe], comm = basename (15 bytes), no flags, no identity change.
    let e = one("{type: execve, pid: 200, exe: /opt/app/bin/a-very-long-program-name}");
    assert_eq!(e.str("exe"), Some("/opt/app/bin/a-very-long-program-name"));
    assert_eq!(e.str("comm"), Some("a-very-long-pro"));
    assert_eq!((e.uint("flags"), e.uint("uid")), (Some(0), None));
    // A failed exec with an errno name.
    assert_eq!(one("{type: execve, pid: 200, exe: /x, res: ENOENT}").res, -2);
    // The cwd is applied to the process before the event.
    let evs = events("      - {type: execve, pid: 200, exe: /bin/ls, cwd: /srv}\n");
    assert_eq!(evs[0].cwd.as_deref(), Some("/srv/"));
}

#[test]
fn generic_form_converts_by_parameter_type() {
    let e = one("{type: openat, pid: 100, res: 5, args: {name: /etc/shadow, flags: O_WRONLY|O_CREAT|O_TRUNC, mode: 0644}}");
    assert_eq!(e.res, 5);
    assert_eq!(e.int("dirfd"), Some(AT_FDCWD), "a relative path is relative to the working directory by default");
    assert_eq!(e.uint("flags"), Some(u64::from(open::O_WRONLY | open::O_CREAT | open::O_TRUNC)));
    assert_eq!(e.uint("mode"), Some(0o644), "mode is octal");
    assert_eq!(e.param_by_name("dev"), Param::Empty, "omitted parameters stay empty");
    let e = one("{type: openat, pid: 100, res: -13, args: {dirfd: 7, name: x, flags: 0x3}}");
    assert_eq!((e.res, e.int("dirfd"), e.uint("flags")), (-13, Some(7), Some(3)));
    let e = one("{type: ptrace, pid: 100, args: {request: PTRACE_ATTACH, pid: 200}}");
    assert_eq!((e.uint("request"), e.int("pid")), (Some(u64::from(ptrace::PTRACE_ATTACH)), Some(200)));
    let e = one("{type: setns, pid: 100, fd: 4, args: {nstype: CLONE_NEWNET}}");
    assert_eq!((e.int("fd"), e.uint("nstype")), (Some(4), Some(u64::from(clone::CLONE_NEWNET))));
    let e = one("{type: kill, pid: 100, args: {pid: 200, sig: SIGKILL}}");
    assert_eq!(e.uint("sig"), Some(9));
    let e = one("{type: procexit, pid: 100, args: {status: 9, sig: 9}}");
    assert_eq!(e.event_type(), EventType::PROCEXIT);
    let e = one("{type: openat, pid: 100, tid: 200, enter: true, args: {name: /a, flags: O_RDONLY}}");
    assert!(e.is_enter());
    assert_eq!((e.tid, e.pid), (200, 100));
    // A generic clone (no `child:`) creates its child too.
    let evs = events("      - {type: clone, pid: 100, res: 150, args: {flags: 0}}\n      - {type: exit, pid: 150}\n");
    assert_eq!(evs[0].event.res, 150);
    // A byte buffer from a string, a string list from a sequence.
    let e = one("{type: sendto, pid: 100, fd: 3, res: 4, args: {data: ping, tuple: \"10.0.0.1:5000->10.0.0.2:53\"}}");
    assert_eq!(e.bytes("data"), Some(&b"ping"[..]));
    let e = one("{type: execve, pid: 200, args: {exe: sh, args: [-c, id], trusted_exepath: /bin/sh}}");
    assert_eq!((e.str("exe"), list(&e, "args")), (Some("sh"), vec!["-c".to_string(), "id".into()]));
}

#[test]
fn sockets_ipv4_ipv6_and_unix() {
    let e = one("{type: connect, pid: 100, res: 0, fd: 3, args: {tuple: \"10.0.0.5:51000->169.254.169.254:80\"}}");
    let v4 = SockTuple::Inet { sip: Ipv4Addr::new(10, 0, 0, 5), sport: 51000, dip: Ipv4Addr::new(169, 254, 169, 254), dport: 80 };
    assert_eq!(e.param_by_name("tuple"), Param::SockTuple(v4));
    assert_eq!(e.int("fd"), Some(3));
    assert_eq!(e.param_by_name("addr"), Param::SockAddr(SockAddr::Inet(Ipv4Addr::new(169, 254, 169, 254), 80)), "addr derives from the tuple");
    let evs = events("      - {type: connect, pid: 100, res: 0, fd: 3, args: {tuple: \"10.0.0.5:51000->169.254.169.254:80\"}}\n");
    let (n, fd) = evs[0].implicit_socket.clone().expect("a socket for fd 3");
    assert_eq!((n, fd.kind), (3, FdKind::Ipv4Sock));

    let e = one("{type: connect, pid: 100, res: 0, fd: 3, args: {tuple: \"[2001:db8::5]:40000->[2001:db8::1]:443\"}}");
    let ip = |s: &str| s.parse::<Ipv6Addr>().unwrap();
    assert_eq!(
        e.param_by_name("tuple"),
        Param::SockTuple(SockTuple::Inet6 { sip: ip("2001:db8::5"), sport: 40000, dip: ip("2001:db8::1"), dport: 443 })
    );
    assert_eq!(e.param_by_name("addr"), Param::SockAddr(SockAddr::Inet6(ip("2001:db8::1"), 443)));

    let e = one("{type: connect, pid: 100, res: 0, fd: 3, args: {tuple: \"ffff8a01->ffff8a02 /run/containerd/containerd.sock\"}}");
    assert_eq!(
        e.param_by_name("tuple"),
        Param::SockTuple(SockTuple::Unix { src: 0xffff8a01, dst: 0xffff8a02, path: "/run/containerd/containerd.sock" })
    );
    assert_eq!(e.param_by_name("addr"), Param::SockAddr(SockAddr::Unix("/run/containerd/containerd.sock")));
    let evs = events("      - {type: connect, pid: 100, res: 0, fd: 3, args: {tuple: /run/docker.sock}}\n");
    assert_eq!(evs[0].implicit_socket.as_ref().map(|(_, f)| f.kind), Some(FdKind::Unix));

    let e = one("{type: bind, pid: 100, res: 0, fd: 4, args: {addr: \"[::]:8443\"}}");
    assert_eq!(e.param_by_name("addr"), Param::SockAddr(SockAddr::Inet6(Ipv6Addr::UNSPECIFIED, 8443)));
    let e = one("{type: bind, pid: 100, res: 0, fd: 4, args: {addr: /run/app.sock}}");
    assert_eq!(e.param_by_name("addr"), Param::SockAddr(SockAddr::Unix("/run/app.sock")));
    let e = one("{type: socket, pid: 100, res: 4, args: {domain: AF_INET6, type: 1, proto: 6}}");
    assert_eq!(e.uint("domain"), Some(10));
}

#[test]
fn times_advance_unless_given() {
    let evs = events("      - {type: exit, pid: 100}\n      - {type: exit, pid: 200, time: \"2026-01-02T03:04:06Z\"}\n");
    assert_eq!((evs[0].time, evs[1].time), (None, Some(1_767_323_046_000_000_000)));
}

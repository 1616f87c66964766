//! File descriptors through the state engine, and the `fd.*`, `evt.arg.*`, `evt.args`,
//! `evt.res` renderings on them.

mod common;

use std::net::{Ipv4Addr, Ipv6Addr};

use common::{apply, json, s, seed, val, vals};
use syssentry_engine::{
    event::{
        mk,
        ppm::{af, ipproto, open::*, ptrace, sock, AT_FDCWD},
        EventBuilder, EventType, SockAddr, SockTuple,
    },
    state::State,
};

fn base() -> State {
    let mut st = State::default();
    seed(&mut st, 1, 0, "/sbin/init", &["init"], &[]);
    seed(&mut st, 100, 1, "/usr/bin/cat", &["cat"], &[]);
    st
}

#[test]
fn open_dup_close_sequence() {
    let mut st = base();
    let open = mk::openat(100, AT_FDCWD, "/etc/shadow", O_RDONLY | O_CLOEXEC, 0, 3)
        .uint("dev", 0x803)
        .uint("ino", 1234)
        .build();
    apply(&mut st, &open);
    assert_eq!(val(&st, &open, "fd.name"), s("/etc/shadow"));
    assert_eq!(val(&st, &open, "fd.num"), s("3"));
    assert_eq!(val(&st, &open, "fd.typechar"), s("f"));
    assert_eq!(val(&st, &open, "fd.type"), s("file"));
    assert_eq!(val(&st, &open, "fd.directory"), s("/etc"));
    assert_eq!(val(&st, &open, "fd.filename"), s("shadow"));
    assert_eq!(val(&st, &open, "fd.nameraw"), s("/etc/shadow"));
    assert_eq!(val(&st, &open, "fd.dev"), s("803"));
    assert_eq!(json(&st, &open, "fd.dev"), serde_json::json!("803"));
    assert_eq!(val(&st, &open, "fd.ino"), s("1234"));
    assert_eq!(val(&st, &open, "evt.is_open_read"), s("true"));
    assert_eq!(val(&st, &open, "evt.is_open_write"), s("false"));
    assert_eq!(val(&st, &open, "evt.arg.flags"), s("O_RDONLY|O_CLOEXEC"));
    // The first `flags` parameter of the event table is hex-formatted, so libsinsp prints
    // the raw value in hex.
    assert_eq!(val(&st, &open, "evt.rawarg.flags"), s("1001"));
    assert_eq!(vals(&st, &open, "evt.rawarg.flags"), ["4097"]);
    assert_eq!(val(&st, &open, "evt.arg.fd"), s("<f>/etc/shadow"));
    assert_eq!(val(&st, &open, "evt.arg[1]"), s("AT_FDCWD"));
    assert_eq!(
        val(&st, &open, "evt.args"),
        s("fd=3(<f>/etc/shadow) dirfd=-100(AT_FDCWD) name=/etc/shadow flags=4097(O_RDONLY|O_CLOEXEC) mode=0 dev=803 ino=1234")
    );
    assert_eq!(val(&st, &open, "evt.res"), s("SUCCESS"));
    assert_eq!(val(&st, &open, "fd.l4proto"), s("<NA>"));
    assert_eq!(val(&st, &open, "fd.sockfamily"), None);

    let dup = mk::dup2(100, 3, 0, 0).build();
    apply(&mut st, &dup);
    assert_eq!(val(&st, &dup, "fd.num"), s("0"));
    assert_eq!(val(&st, &dup, "fd.name"), s("/etc/shadow"));
    assert_eq!(val(&st, &dup, "evt.arg.oldfd"), s("<f>/etc/shadow"));
    assert_eq!(vals(&st, &dup, "fd.types"), ["file"]);
    assert_eq!(val(&st, &dup, "fd.types"), s("(file)"));

    let close = mk::close(100, 3, 0).build();
    apply(&mut st, &close);
    // Rules on the close event still see the fd.
    assert_eq!(val(&st, &close, "fd.name"), s("/etc/shadow"));
    assert_eq!(val(&st, &close, "fd.num"), s("3"));
    st.finish(&close);
    let t = st.thread(100).unwrap();
    assert!(st.fds_of(t).get(3).is_none());
    assert!(st.fds_of(t).get(0).is_some());

    // Events that do not involve fds have no fd fields.
    let ev = mk::chdir(100, "/tmp", 0).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "fd.name"), None);
    assert_eq!(val(&st, &ev, "fd.num"), None);
    assert_eq!(val(&st, &ev, "evt.is_open_read"), s("false"));
}

#[test]
fn open_flag_rendering() {
    let mut st = base();
    let ev = mk::open(
        100,
        "/var/log/x",
        O_WRONLY | O_CREAT | O_TRUNC | O_F_CREATED,
        0o644,
        4,
    )
    .build();
    apply(&mut st, &ev);
    assert_eq!(
        val(&st, &ev, "evt.arg.flags"),
        s("O_TRUNC|O_CREAT|O_WRONLY|O_F_CREATED")
    );
    assert_eq!(val(&st, &ev, "evt.arg.mode"), s("0644"));
    assert_eq!(val(&st, &ev, "evt.is_open_write"), s("true"));
    assert_eq!(val(&st, &ev, "evt.is_open_create"), s("true"));
    assert_eq!(val(&st, &ev, "evt.is_open_exec"), s("false"));
    let ev = mk::openat(100, AT_FDCWD, "/tmp/run.sh", O_RDWR | O_CREAT, 0o755, 5).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.arg.flags"), s("O_CREAT|O_RDWR"));
    assert_eq!(val(&st, &ev, "evt.is_open_exec"), s("true"));
    assert_eq!(val(&st, &ev, "evt.is_open_read"), s("true"));
    let ev = mk::openat(100, AT_FDCWD, "/tmp", O_RDONLY | O_DIRECTORY, 0, 6).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "fd.typechar"), s("d"));
    assert_eq!(val(&st, &ev, "fd.type"), s("directory"));
    assert_eq!(val(&st, &ev, "fd.filename"), None);
    assert_eq!(val(&st, &ev, "fd.directory"), s("/tmp"));
    let ev = mk::openat(100, AT_FDCWD, "/x", 0, 0, 7).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.arg.flags"), s("O_NONE"));
}

#[test]
fn relative_paths_use_cwd_and_dirfd() {
    let mut st = base();
    let cd = mk::chdir(100, "/home/user/../alice", 0).build();
    apply(&mut st, &cd);
    assert_eq!(val(&st, &cd, "proc.cwd"), s("/home/alice/"));
    let ev = mk::openat(100, AT_FDCWD, "docs/./a.txt", O_RDONLY, 0, 3).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "fd.name"), s("/home/alice/docs/a.txt"));
    assert_eq!(val(&st, &ev, "fd.nameraw"), s("docs/./a.txt"));
    assert_eq!(val(&st, &ev, "evt.arg.name"), s("/home/alice/docs/a.txt"));

    let dir = mk::openat(100, AT_FDCWD, "/etc", O_RDONLY | O_DIRECTORY, 0, 4).build();
    apply(&mut st, &dir);
    let ev = mk::openat(100, 4, "../etc/passwd", O_RDONLY, 0, 5).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "fd.name"), s("/etc/passwd"));
    assert_eq!(val(&st, &ev, "fd.nameraw"), s("../etc/passwd"));

    // Unknown dirfd: libsinsp prefixes `<UNKNOWN>` without a separator.
    let ev = mk::openat(100, 42, "tmp/x", O_RDONLY, 0, 6).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "fd.name"), s("<UNKNOWN>tmp/x"));

    // fchdir to an open directory.
    let ev = mk::fchdir(100, 4, 0).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "proc.cwd"), s("/etc/"));
    let ev = mk::open(100, "shadow", O_RDONLY, 0, 7).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "fd.name"), s("/etc/shadow"));

    // Children inherit the working directory.
    apply(&mut st, &mk::fork(100, 200).build());
    let ev = mk::openat(200, AT_FDCWD, "hosts", O_RDONLY, 0, 3).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "fd.name"), s("/etc/hosts"));
    // ... and the open fds.
    let ev = mk::close(200, 4, 0).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "fd.name"), s("/etc"));
}

#[test]
fn failed_opens_use_event_parameters() {
    let mut st = base();
    let ev = mk::openat(100, AT_FDCWD, "/etc/secret", O_RDONLY, 0, -2).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "fd.num"), s("-1"));
    assert_eq!(val(&st, &ev, "fd.name"), s("/etc/secret"));
    assert_eq!(val(&st, &ev, "fd.typechar"), s("f"));
    assert_eq!(val(&st, &ev, "fd.directory"), s("/etc"));
    assert_eq!(val(&st, &ev, "fd.filename"), None);
    assert_eq!(val(&st, &ev, "fd.type"), None);
    assert_eq!(val(&st, &ev, "evt.res"), s("ENOENT"));
    assert_eq!(val(&st, &ev, "evt.rawres"), s("-2"));
    assert_eq!(val(&st, &ev, "evt.arg.fd"), s("ENOENT"));
    // open(2) is missing from libsinsp's typechar list: a failed open gives 'o'.
    let ev = mk::open(100, "/etc/secret", O_RDONLY, 0, -13).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "fd.typechar"), s("o"));
    assert_eq!(val(&st, &ev, "evt.res"), s("EACCES"));
    assert_eq!(val(&st, &ev, "fd.name"), s("/etc/secret"));
}

#[test]
fn tcp_connect_ipv4() {
    let mut st = base();
    st.local_addrs.push("10.0.0.5".parse().unwrap());
    let sock_ev = mk::socket(100, af::AF_INET, sock::SOCK_STREAM, 0, 3).build();
    apply(&mut st, &sock_ev);
    assert_eq!(val(&st, &sock_ev, "evt.arg.domain"), s("AF_INET"));
    assert_eq!(val(&st, &sock_ev, "fd.typechar"), s("4"));
    assert_eq!(val(&st, &sock_ev, "fd.name"), s(""));
    assert_eq!(val(&st, &sock_ev, "fd.sip"), None);
    let tuple = SockTuple::Inet {
        sip: Ipv4Addr::new(10, 0, 0, 5),
        sport: 34567,
        dip: Ipv4Addr::new(93, 184, 216, 34),
        dport: 443,
    };
    let conn = mk::connect(100, 3, tuple, 0).build();
    apply(&mut st, &conn);
    assert_eq!(
        val(&st, &conn, "fd.name"),
        s("10.0.0.5:34567->93.184.216.34:443")
    );
    assert_eq!(val(&st, &conn, "fd.cip"), s("10.0.0.5"));
    assert_eq!(val(&st, &conn, "fd.sip"), s("93.184.216.34"));
    assert_eq!(val(&st, &conn, "fd.sport"), s("443"));
    assert_eq!(val(&st, &conn, "fd.cport"), s("34567"));
    assert_eq!(val(&st, &conn, "fd.lip"), s("10.0.0.5"));
    assert_eq!(val(&st, &conn, "fd.rip"), s("93.184.216.34"));
    assert_eq!(val(&st, &conn, "fd.lport"), s("34567"));
    assert_eq!(val(&st, &conn, "fd.rport"), s("443"));
    assert_eq!(val(&st, &conn, "fd.sproto"), s("443"));
    assert_eq!(val(&st, &conn, "fd.l4proto"), s("tcp"));
    assert_eq!(val(&st, &conn, "fd.sockfamily"), s("ip"));
    assert_eq!(val(&st, &conn, "fd.connected"), s("true"));
    assert_eq!(val(&st, &conn, "fd.is_server"), s("false"));
    assert_eq!(vals(&st, &conn, "fd.ip"), ["10.0.0.5", "93.184.216.34"]);
    assert_eq!(vals(&st, &conn, "fd.port"), ["34567", "443"]);
    assert_eq!(vals(&st, &conn, "fd.net"), ["10.0.0.5", "93.184.216.34"]);
    assert_eq!(
        val(&st, &conn, "evt.arg.fd"),
        s("<4t>10.0.0.5:34567->93.184.216.34:443")
    );
    assert_eq!(
        val(&st, &conn, "evt.args"),
        s("res=0 tuple=10.0.0.5:34567->93.184.216.34:443 fd=3(<4t>10.0.0.5:34567->93.184.216.34:443) addr=93.184.216.34:443")
    );
    assert_eq!(val(&st, &conn, "fd.sip.name"), None);
    assert_eq!(json(&st, &conn, "fd.sport"), serde_json::json!(443));
    assert_eq!(
        json(&st, &conn, "fd.sip"),
        serde_json::json!("93.184.216.34")
    );
}

#[test]
fn connect_ipv6_and_mapped() {
    let mut st = base();
    apply(
        &mut st,
        &mk::socket(100, af::AF_INET6, sock::SOCK_STREAM, ipproto::TCP, 3).build(),
    );
    let t6 = SockTuple::Inet6 {
        sip: "2001:db8::1".parse().unwrap(),
        sport: 40000,
        dip: "2001:db8::2".parse().unwrap(),
        dport: 22,
    };
    let conn = mk::connect(100, 3, t6, 0).build();
    apply(&mut st, &conn);
    assert_eq!(
        val(&st, &conn, "fd.name"),
        s("2001:db8::1:40000->2001:db8::2:22")
    );
    assert_eq!(val(&st, &conn, "fd.typechar"), s("6"));
    assert_eq!(val(&st, &conn, "fd.type"), s("ipv6"));
    assert_eq!(val(&st, &conn, "fd.sip"), s("2001:db8::2"));

    apply(
        &mut st,
        &mk::socket(100, af::AF_INET6, sock::SOCK_STREAM, 0, 4).build(),
    );
    let mapped = SockTuple::Inet6 {
        sip: Ipv4Addr::new(127, 0, 0, 1).to_ipv6_mapped(),
        sport: 5000,
        dip: Ipv4Addr::new(127, 0, 0, 1).to_ipv6_mapped(),
        dport: 8080,
    };
    let conn = mk::connect(100, 4, mapped, 0).build();
    apply(&mut st, &conn);
    assert_eq!(
        val(&st, &conn, "fd.name"),
        s("127.0.0.1:5000->127.0.0.1:8080")
    );
    assert_eq!(val(&st, &conn, "fd.typechar"), s("4"));
    assert_eq!(
        val(&st, &conn, "evt.arg.tuple"),
        s("127.0.0.1:5000->127.0.0.1:8080")
    );
    let _ = Ipv6Addr::LOCALHOST;
}

#[test]
fn unix_socket_connect_and_accept() {
    let mut st = base();
    apply(
        &mut st,
        &mk::socket(100, af::AF_UNIX, sock::SOCK_STREAM, 0, 3).build(),
    );
    let t = SockTuple::Unix {
        src: 0xffff9a1b2c3d4e00,
        dst: 0xffff9a1b2c3d5f00,
        path: "/var/run/docker.sock",
    };
    let conn = mk::connect(100, 3, t, 0).build();
    apply(&mut st, &conn);
    assert_eq!(
        val(&st, &conn, "fd.name"),
        s("ffff9a1b2c3d4e00->ffff9a1b2c3d5f00 /var/run/docker.sock")
    );
    assert_eq!(val(&st, &conn, "fd.typechar"), s("u"));
    assert_eq!(val(&st, &conn, "fd.sockfamily"), s("unix"));
    assert_eq!(val(&st, &conn, "evt.arg.addr"), s("/var/run/docker.sock"));

    let acc = mk::accept4(
        100,
        9,
        SockTuple::Inet {
            sip: Ipv4Addr::new(8, 8, 8, 8),
            sport: 5555,
            dip: Ipv4Addr::new(10, 1, 1, 1),
            dport: 22,
        },
    )
    .build();
    apply(&mut st, &acc);
    assert_eq!(val(&st, &acc, "fd.name"), s("8.8.8.8:5555->10.1.1.1:22"));
    assert_eq!(val(&st, &acc, "fd.num"), s("9"));
    assert_eq!(val(&st, &acc, "fd.sport"), s("22"));
    assert_eq!(val(&st, &acc, "fd.l4proto"), s("tcp"));
}

#[test]
fn bind_listen_and_udp_sendto() {
    let mut st = base();
    apply(
        &mut st,
        &mk::socket(100, af::AF_INET, sock::SOCK_STREAM, ipproto::TCP, 3).build(),
    );
    let b = mk::bind(100, 3, SockAddr::Inet(Ipv4Addr::UNSPECIFIED, 8080), 0).build();
    apply(&mut st, &b);
    assert_eq!(val(&st, &b, "fd.name"), s("0.0.0.0:8080"));
    assert_eq!(val(&st, &b, "fd.is_server"), s("true"));
    assert_eq!(vals(&st, &b, "fd.port"), ["8080"]);
    let l = mk::listen(100, 3, 128, 0).build();
    apply(&mut st, &l);
    assert_eq!(val(&st, &l, "fd.sport"), s("8080"));
    assert_eq!(val(&st, &l, "fd.cport"), None);

    apply(
        &mut st,
        &mk::socket(100, af::AF_INET, sock::SOCK_DGRAM, 0, 4).build(),
    );
    let t = SockTuple::Inet {
        sip: Ipv4Addr::new(10, 0, 0, 5),
        sport: 999,
        dip: Ipv4Addr::new(1, 1, 1, 1),
        dport: 53,
    };
    let send = mk::sendto(100, 4, t, b"\x01query", 6).build();
    apply(&mut st, &send);
    assert_eq!(val(&st, &send, "fd.name_changed"), s("true"));
    assert_eq!(val(&st, &send, "fd.l4proto"), s("udp"));
    assert_eq!(val(&st, &send, "evt.arg.data"), s(".query"));
    let again = mk::sendto(100, 4, t, b"x", 1).build();
    apply(&mut st, &again);
    assert_eq!(val(&st, &again, "fd.name_changed"), s("false"));
}

#[test]
fn other_rule_parameters_render_like_falco() {
    let mut st = base();
    let ev = mk::ptrace(100, ptrace::PTRACE_ATTACH, 1, 0).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.arg.request"), s("PTRACE_ATTACH"));
    assert_eq!(val(&st, &ev, "evt.arg.pid"), s("init"));
    let ev = mk::ptrace(100, ptrace::PTRACE_POKETEXT, 1, 0).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.arg.request"), s("PTRACE_POKETEXT"));
    let ev = mk::socket(100, af::AF_PACKET, sock::SOCK_RAW, 0, 5).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.arg.domain"), s("AF_PACKET"));
    let ev = mk::socket(100, af::AF_UNIX, sock::SOCK_STREAM, 0, 6).build();
    apply(&mut st, &ev);
    // Enumerations render every name with the value (AF_LOCAL and AF_UNIX share 1).
    assert_eq!(val(&st, &ev, "evt.arg.domain"), s("AF_LOCAL|AF_UNIX"));
    let ev = mk::symlinkat(100, "/etc/shadow", AT_FDCWD, "/tmp/link", 0).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.arg.target"), s("/etc/shadow"));
    assert_eq!(val(&st, &ev, "evt.arg.linkpath"), s("/tmp/link"));
    let ev = mk::symlinkat(100, "/etc/shadow", AT_FDCWD, "link", 0).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.arg.linkpath"), s("/root/link"));
    let ev = mk::bpf(100, 5, 7).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.arg.cmd"), s("BPF_PROG_LOAD"));
    assert_eq!(val(&st, &ev, "fd.typechar"), s("b"));
    let ev = mk::chmod(100, "/usr/bin/x", 0o4755, 0).build();
    apply(&mut st, &ev);
    assert!(
        val(&st, &ev, "evt.arg.mode").unwrap().contains("S_ISUID"),
        "{:?}",
        val(&st, &ev, "evt.arg.mode")
    );
    let ev = mk::unlinkat(100, AT_FDCWD, "/var/log/auth.log", 0, 0).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.arg.name"), s("/var/log/auth.log"));
    let ev = mk::renameat2(100, AT_FDCWD, "a", AT_FDCWD, "/b", 0).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.arg.oldpath"), s("/root/a"));
    assert_eq!(val(&st, &ev, "evt.arg.newpath"), s("/b"));
    let ev = mk::unshare(100, 1 << 5, 0).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.arg.flags"), s("CLONE_NEWNS"));
    let ev = mk::memfd_create(100, "x", 0, 8).build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "fd.typechar"), s("m"));
    assert_eq!(val(&st, &ev, "fd.name"), s("x"));
    // An argument the event does not have is missing.
    assert_eq!(val(&st, &ev, "evt.arg.request"), None);
    assert_eq!(val(&st, &ev, "evt.arg[9]"), None);
    // Generic events have no parameters and no return value.
    let ev = EventBuilder::new(EventType::from_name("kexec_load").unwrap())
        .tid(100)
        .build();
    apply(&mut st, &ev);
    assert_eq!(val(&st, &ev, "evt.type"), s("kexec_load"));
    assert_eq!(val(&st, &ev, "evt.args"), s(""));
    assert_eq!(val(&st, &ev, "evt.res"), None);
}

//! Kernel tests: load the real programs as root, act in child processes, check the decoded
//! events (filtered by the child's pid). Without root or BPF each test prints a line starting
//! with `SKIPPED:` and returns.

use std::{

    net::{Ipv4Addr, TcpListener},
    path::PathBuf,
    process::{Command, Stdio},
    sync::{Mutex, OnceLock},
    time::{Duration, Instant},
};

use syssentry_capture_bpf::{preflight, supported_event_types, Capture, CaptureConfig};
use syssentry_event::{ppm, Event, EventType, EventTypeSet, Param, SockAddr, SockTuple};
use syssentry_event::OpenFacts;

const PY: &str = "/usr/bin/python3";

/// Every event type capture supports, so tests can look at any of them.
fn all_types() -> EventTypeSet {
    let mut w = supported_event_types();
    for n in "connect dup dup2 dup3 execve execveat finit_module init_module link linkat open \
              openat openat2 ptrace sendmsg sendto socket symlink symlinkat accept accept4 bpf \
              chmod creat fchmod fchmodat listen rename renameat renameat2 rmdir setns setuid \
              unlink unlinkat unshare mkdir mkdirat recvfrom recvmsg userfaultfd memfd_create"
        .split_whitespace()
    {
        w.insert(EventType::from_name(n).unwrap());
    }
    w
}

fn privileged() -> bool {
    match preflight() {
        Ok(()) => true,
        Err(e) => {
            println!("SKIPPED: capture preflight failed: {e}");
            false
        }
    }
}

/// One capture shared by the tests (loading takes a while); tests take turns.
fn shared() -> Option<std::sync::MutexGuard<'static, Capture>> {
    static CAP: OnceLock<Option<Mutex<Capture>>> = OnceLock::new();
    if !privileged() {
        return None;
    }
    let cap = CAP.get_or_init(|| {
        Some(Mutex::new(
            Capture::start(&CaptureConfig::new(all_types())).expect("capture start"),
        ))
    });
    cap.as_ref()
        .map(|m| m.lock().unwrap_or_else(|p| p.into_inner()))
}

/// Runs `cmd`, collecting every event of its pid (and of the test process's clone of it) until
/// the child's procexit arrives or 5 s pass.
fn collect(cap: &mut Capture, cmd: &mut Command) -> (i64, Vec<Event>) {
    // Drain what is already queued.
    while cap.poll(Duration::from_millis(1), &mut |_| {}).unwrap() > 0 {}
    let mut child = cmd.stdout(Stdio::null()).spawn().expect("spawn");
    let pid = child.id() as i64;
    let me = std::process::id() as i64;
    let mut evs = Vec::new();
    let mut exited = false;
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        cap.poll(Duration::from_millis(20), &mut |ev: &Event| {
            if ev.pid == pid || (ev.pid == me && ev.res == pid) {
                evs.push(ev.clone());
            }
            if ev.event_type() == EventType::PROCEXIT && ev.tid == pid {
                exited = true;
            }
        })
        .unwrap();
        if exited {
            break;
        }
        let _ = child.try_wait();
    }
    let _ = child.wait();
    (pid, evs)
}

fn py(script: &str) -> Command {
    let mut c = Command::new(PY);
    c.arg("-c").arg(script);
    c
}

fn find<'a>(evs: &'a [Event], names: &[&str], pred: impl Fn(&Event) -> bool) -> &'a Event {
    evs.iter()
        .find(|e| names.contains(&e.event_type().name()) && pred(e))
        .unwrap_or_else(|| {
            let all: Vec<String> = evs
                .iter()
                .map(|e| format!("{} res={}", e.event_type(), e.res))
                .collect();
            panic!("no {names:?} event matched among {all:#?}")
        })
}

fn args_of(ev: &Event) -> Vec<String> {
    ev.bytes("args")
        .unwrap_or(&[])
        .split(|&b| b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect()
}

fn tmpdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sse-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn exec_with_arguments() {
    let Some(mut cap) = shared() else { return };
    let (pid, evs) = collect(
        &mut cap,
        Command::new("/bin/echo").args(["hello", "sse world"]),
    );
    let ev = find(&evs, &["execve"], |e| e.res == 0);
    assert_eq!(ev.tid, pid);
    assert_eq!(ev.str("exe"), Some("/bin/echo"));
    assert_eq!(args_of(ev), ["hello", "sse world"]);
    assert_eq!(ev.str("comm"), Some("echo"));
    assert_eq!(ev.str("filename"), Some("/bin/echo"));
    let exepath = ev.str("trusted_exepath").unwrap();
    assert!(
        exepath.ends_with("/echo") && exepath.starts_with('/'),
        "{exepath}"
    );
    assert_eq!(ev.int("pid"), Some(pid));
    // ptid is the parent's process id (getppid()), as the upstream drivers report it.
    assert_eq!(ev.int("ptid"), Some(std::process::id() as i64));
    assert_eq!(ev.uint("uid"), Some(0));
    assert_ne!(ev.uint("exe_ino"), Some(0));
    assert!(ev.uint("exe_ino_mtime").unwrap() > 1_000_000_000_000_000_000);
    assert!(ev.uint("cap_effective").unwrap() != 0);
    assert!(ev.str("cwd").unwrap().starts_with('/'));
    // The caller's clone/fork/vfork exit reports the child.
    let cl = find(&evs, &["clone", "clone3", "vfork", "fork"], |e| {
        e.res == pid
    });
    assert_eq!(cl.pid, std::process::id() as i64);
    // procexit with status 0.
    let ex = find(&evs, &["procexit"], |e| e.tid == pid);
    assert_eq!(ex.int("status"), Some(0));
}

#[test]
fn failed_exec() {
    let Some(mut cap) = shared() else { return };
    let (_, evs) = collect(
        &mut cap,
        &mut py(
            "import os\ntry: os.execv('/nonexistent/sse-x', ['sse-x', 'a1'])\nexcept OSError: pass",
        ),
    );
    let ev = find(&evs, &["execve"], |e| e.res < 0);
    assert_eq!(ev.res, -2);
    assert_eq!(ev.str("filename"), Some("/nonexistent/sse-x"));
    assert_eq!(ev.str("exe"), Some("sse-x"));
    assert_eq!(args_of(ev), ["a1"]);
}

#[test]
fn file_operations() {
    let Some(mut cap) = shared() else { return };
    let d = tmpdir("files");
    let ds = d.to_str().unwrap();
    let script = format!(
        "import os\n\
         d='{ds}'\n\
         open(d+'/w.txt','w').write('x')\n\
         fd=os.open(d, os.O_RDONLY|os.O_DIRECTORY)\n\
         f2=os.open('rel.txt', os.O_WRONLY|os.O_CREAT, 0o640, dir_fd=fd)\n\
         os.rename(d+'/w.txt', d+'/r.txt')\n\
         os.symlink('/etc/passwd', d+'/link')\n\
         os.chmod(d+'/r.txt', 0o751)\n\
         os.unlink(d+'/r.txt')\n"
    );
    let wall = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
    };
    let t0 = wall();
    let (_, evs) = collect(&mut cap, &mut py(&script));
    let t1 = wall();
    let w = format!("{ds}/w.txt");
    let ev = find(&evs, &["openat", "open"], |e| e.str("name") == Some(&w));
    assert!(ev.res >= 0);
    // Record times (monotonic clock in the kernel) come out as wall-clock ns.
    assert!(t0 <= ev.ts && ev.ts <= t1, "{t0} <= {} <= {t1}", ev.ts);
    let f = ev.uint("flags").unwrap() as u32;
    use ppm::open::*;
    assert_eq!(f & O_RDWR, O_WRONLY, "flags {f:#x}");
    assert!(
        f & O_CREAT != 0 && f & O_TRUNC != 0 && f & O_F_CREATED != 0,
        "flags {f:#x}"
    );
    assert!(ev.uint("ino").unwrap() != 0);
    // dirfd-relative open.
    let dir = find(&evs, &["openat"], |e| e.str("name") == Some(ds));
    let dirfd = dir.res;
    assert!(dirfd >= 0);
    let rel = find(&evs, &["openat"], |e| e.str("name") == Some("rel.txt"));
    assert_eq!(rel.int("dirfd"), Some(dirfd));
    assert_eq!(rel.uint("mode"), Some(0o640));
    assert!(rel.res >= 0);
    // The file item is read from the kernel objects: inode number and device as stat sees them
    // (the kernel's dev_t is major << 20 | minor).
    {
        use std::os::unix::fs::MetadataExt;
        let md = std::fs::metadata(d.join("rel.txt")).unwrap();
        assert_eq!(rel.uint("ino"), Some(md.ino()));
        let kdev = (u64::from(libc::major(md.dev())) << 20) | u64::from(libc::minor(md.dev()));
        assert_eq!(rel.uint("dev"), Some(kdev));
    }
    let r = format!("{ds}/r.txt");
    let ren = find(&evs, &["rename", "renameat", "renameat2"], |e| {
        e.str("newpath") == Some(&r)
    });
    assert_eq!(ren.res, 0);
    assert_eq!(ren.str("oldpath"), Some(w.as_str()));
    let link = format!("{ds}/link");
    let sl = find(&evs, &["symlink", "symlinkat"], |e| {
        e.str("linkpath") == Some(&link)
    });
    assert_eq!(sl.str("target"), Some("/etc/passwd"));
    assert_eq!(sl.res, 0);
    let ch = find(&evs, &["chmod", "fchmodat"], |e| {
        e.str("filename") == Some(&r)
    });
    assert_eq!(ch.uint("mode"), Some(0o751));
    assert_eq!(ch.res, 0);
    let un = find(&evs, &["unlink", "unlinkat"], |e| {
        e.str("path") == Some(&r) || e.str("name") == Some(&r)
    });
    assert_eq!(un.res, 0);
    let _ = std::fs::remove_dir_all(&d);
}

/// Opens around the bounds of how records are built: paths that fit the in-place record, one
/// exactly at its bound (255 bytes), one past it, one past SSE_STR_MAX (cut and marked), a
/// failed open, and descriptors past the embedded fd array (64), whose file facts come the
/// general way. Every one must carry the whole path (or a marked cut) and the right inode.
#[test]
fn open_paths_and_fds_around_record_bounds() {
    use std::os::unix::fs::MetadataExt;
    let Some(mut cap) = shared() else { return };
    let d = tmpdir("bounds");
    let ds = d.to_str().unwrap();
    let sub = format!("{ds}/{}", "b".repeat(100));
    let path_of = |n: usize| format!("{sub}/{}", "c".repeat(n - sub.len() - 1));
    let (p255, p300) = (path_of(255), path_of(300));
    let long = format!("{ds}/{}", "x/".repeat(2500));
    let script = format!(
        "import os\n\
         os.mkdir('{sub}')\n\
         for p in ('{p255}', '{p300}'):\n\
         \x20   os.close(os.open(p, os.O_WRONLY|os.O_CREAT, 0o600))\n\
         try:\n\
         \x20   os.open('{long}', os.O_RDONLY)\n\
         except OSError:\n\
         \x20   pass\n\
         fds=[os.open('/etc/hostname', os.O_RDONLY) for _ in range(80)]\n"
    );
    let before = cap.stats().truncated;
    let (_, evs) = collect(&mut cap, &mut py(&script));
    for p in [&p255, &p300] {
        let ev = find(&evs, &["openat", "open"], |e| {
            e.str("name") == Some(p.as_str())
        });
        assert!(ev.res >= 0, "{p}");
        assert_eq!(
            ev.uint("ino"),
            Some(std::fs::metadata(p).unwrap().ino()),
            "{p}"
        );
        assert!(ev.uint("flags").unwrap() as u32 & ppm::open::O_F_CREATED != 0);
    }
    let cut = find(&evs, &["openat", "open"], |e| {
        e.str("name")
            .is_some_and(|n| n.starts_with(&format!("{ds}/x/x/")))
    });
    assert!(cut.res < 0);
    assert_eq!(cut.uint("ino"), Some(0));
    let name = cut.str("name").unwrap();
    assert!(name.ends_with("..."), "{name}");
    assert_eq!(
        name.len(),
        4095 + 3,
        "a cut path keeps SSE_STR_MAX - 1 bytes"
    );
    assert!(cap.stats().truncated > before);
    let ino = std::fs::metadata("/etc/hostname").unwrap().ino();
    let opens: Vec<&Event> = evs
        .iter()
        .filter(|e| e.event_type().name() == "openat" && e.str("name") == Some("/etc/hostname"))
        .collect();
    assert!(opens.len() >= 80, "{} opens of /etc/hostname", opens.len());
    assert!(opens.iter().any(|e| e.res < 64) && opens.iter().any(|e| e.res >= 64));
    for e in opens {
        assert_eq!(e.uint("ino"), Some(ino), "fd {}", e.res);
    }
    let _ = std::fs::remove_dir_all(&d);
}

/// Only the facts of opened files the configuration asks for are collected, for descriptors in
/// the embedded fd array (plain loads) and past it (probe reads): the created flag, the inode
/// and device, both, or neither.
#[test]
fn open_facts_follow_the_configuration() {
    use std::os::unix::fs::MetadataExt;
    if !privileged() {
        return;
    }
    let mut only = EventTypeSet::empty();
    only.insert(EventType::OPENAT);
    only.insert(EventType::PROCEXIT);
    let mut cfg = CaptureConfig::new(only);
    cfg.open_facts = OpenFacts::NONE;
    let mut cap = Capture::start(&cfg).expect("capture start");
    let d = tmpdir("facts");
    let ds = d.to_str().unwrap();
    for (round, facts) in [
        OpenFacts::NONE,
        OpenFacts::CREATED,
        OpenFacts::ID,
        OpenFacts::ALL,
    ]
    .into_iter()
    .enumerate()
    {
        if round > 0 {
            cap.set_open_facts(facts).unwrap();
        }
        // A new file at a low fd, then 70 descriptors so the next new file is past 64.
        let script = format!(
            "import os\n\
             os.close(os.open('{ds}/low{round}', os.O_WRONLY|os.O_CREAT, 0o600))\n\
             fds=[os.open('/etc/hostname', os.O_RDONLY) for _ in range(70)]\n\
             os.close(os.open('{ds}/high{round}', os.O_WRONLY|os.O_CREAT, 0o600))\n"
        );
        let (_, evs) = collect(&mut cap, &mut py(&script));
        for which in ["low", "high"] {
            let p = format!("{ds}/{which}{round}");
            let ev = find(&evs, &["openat"], |e| e.str("name") == Some(p.as_str()));
            assert_eq!(ev.res >= 64, which == "high", "{p}: fd {}", ev.res);
            let created = ev.uint("flags").unwrap() as u32 & ppm::open::O_F_CREATED != 0;
            assert_eq!(created, facts.contains(OpenFacts::CREATED), "{p} with {facts:?}");
            let md = std::fs::metadata(&p).unwrap();
            let kdev = (u64::from(libc::major(md.dev())) << 20) | u64::from(libc::minor(md.dev()));
            if facts.contains(OpenFacts::ID) {
                assert_eq!((ev.uint("ino"), ev.uint("dev")), (Some(md.ino()), Some(kdev)), "{p}");
            } else {
                assert_eq!((ev.uint("ino"), ev.uint("dev")), (None, None), "{p} with {facts:?}");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&d);
}

/// The smallest ring (one page), a producer much faster than a slow reader: the ring wraps
/// thousands of times and fills (drops counted), and every record that was sent is read once
/// and decodes (no corrupt or lost record, no decode error).
#[test]
fn a_one_page_ring_under_a_faster_producer() {
    if !privileged() {
        return;
    }
    let mut only = EventTypeSet::empty();
    only.insert(EventType::OPENAT);
    let mut cfg = CaptureConfig::new(only);
    cfg.ring_bytes = 4096;
    cfg.batch_records = 8;
    let mut cap = Capture::start(&cfg).expect("capture start");
    let mut child = Command::new(PY)
        .arg("-c")
        .arg("import os\nfor _ in range(100000): os.close(os.open('/etc/hostname', os.O_RDONLY))")
        .spawn()
        .unwrap();
    let (mut read, mut hostname) = (0u64, 0u64);
    let mut slow = |ev: &Event| {
        read += 1;
        if ev.str("name") == Some("/etc/hostname") {
            hostname += 1;
        }
        assert!(ev.str("name").is_some_and(|n| !n.is_empty()), "an openat without its path");
        std::thread::sleep(Duration::from_micros(20));
    };
    while child.try_wait().unwrap().is_none() {
        cap.poll(Duration::from_millis(1), &mut slow).unwrap();
    }
    // Drain what is left: every record sent by then has been read (other processes may
    // still add records, hence the bounds).
    let before = cap.stats();
    while cap.poll(Duration::from_millis(20), &mut slow).unwrap() > 0 {}
    let st = cap.stats();
    assert_eq!(st.decode_errors, 0, "{st:?}");
    assert!(st.dropped > 0, "the ring never filled: {st:?}");
    assert!(read >= before.sent && read <= st.sent, "read {read}: {before:?} {st:?}");
    assert_eq!(st.delivered, read, "{st:?}");
    assert!(hostname > 1000, "{hostname} of the child's opens read: {st:?}");
    assert!(st.sent > 100 * 4096 / 256, "the ring wrapped too few times: {st:?}");
}

/// One poll decodes at most `batch_records` records, so callers check the drop counters between
/// bounded batches even while a long backlog drains; nothing is lost across batches.
#[test]
fn poll_returns_bounded_batches() {
    if !privileged() {
        return;
    }
    let mut only = EventTypeSet::empty();
    only.insert(EventType::OPENAT);
    let mut cfg = CaptureConfig::new(only);
    cfg.batch_records = 16;
    let mut cap = Capture::start(&cfg).expect("capture start");
    let st = Command::new(PY)
        .arg("-c")
        .arg("import os\nfor _ in range(500): os.close(os.open('/etc/hostname', os.O_RDONLY))")
        .status()
        .unwrap();
    assert!(st.success());
    // Other processes may add records: poll until at least what was sent by now is delivered.
    let sent = cap.stats().sent;
    assert!(sent >= 500, "{sent} sent");
    let (mut polls, mut total) = (0u64, 0u64);
    let deadline = Instant::now() + Duration::from_secs(10);
    while total < sent && Instant::now() < deadline {
        let n = cap.poll(Duration::from_millis(1), &mut |_| {}).unwrap();
        assert!(n <= 16, "a poll delivered {n} events");
        polls += u64::from(n > 0);
        total += n as u64;
    }
    assert!(total >= sent, "{total} of {sent} delivered");
    assert!(
        polls >= sent.div_ceil(16),
        "{polls} polls for {total} events"
    );
    assert_eq!(cap.stats().delivered, total);
}

#[test]
fn connect_to_loopback() {
    let Some(mut cap) = shared() else { return };
    let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = l.local_addr().unwrap().port();
    let script =
        format!("import socket\ns=socket.socket()\ns.connect(('127.0.0.1',{port}))\ns.close()");
    let (_, evs) = collect(&mut cap, &mut py(&script));
    let so = find(&evs, &["socket"], |e| {
        e.uint("domain") == Some(ppm::af::AF_INET.into())
    });
    let fd = so.res;
    let ev = find(&evs, &["connect"], |e| e.int("fd") == Some(fd));
    assert_eq!(ev.res, 0);
    match ev.param_by_name("tuple") {
        Param::SockTuple(SockTuple::Inet {
            sip,
            sport,
            dip,
            dport,
        }) => {
            assert_eq!(dip, Ipv4Addr::LOCALHOST);
            assert_eq!(dport, port);
            assert_eq!(sip, Ipv4Addr::LOCALHOST);
            assert_ne!(sport, 0);
        }
        other => panic!("tuple {other:?}"),
    }
    assert_eq!(
        ev.param_by_name("addr"),
        Param::SockAddr(SockAddr::Inet(Ipv4Addr::LOCALHOST, port))
    );
}

#[test]
fn listen_and_accept() {
    let Some(mut cap) = shared() else { return };
    let script = "import socket\n\
        srv=socket.socket()\n\
        srv.bind(('127.0.0.1',0))\n\
        srv.listen(7)\n\
        c=socket.create_connection(srv.getsockname())\n\
        a,_=srv.accept()\n\
        print(srv.getsockname()[1], c.getsockname()[1])";
    let out = Command::new(PY).arg("-c").arg("print(1)").output().unwrap();
    assert!(out.status.success());
    let (_, evs) = collect(&mut cap, &mut py(script));
    let b = find(&evs, &["bind"], |e| e.res == 0);
    let port = match b.param_by_name("addr") {
        Param::SockAddr(SockAddr::Inet(ip, p)) => {
            assert_eq!(ip, Ipv4Addr::LOCALHOST);
            p
        }
        other => panic!("bind addr {other:?}"),
    };
    assert_eq!(port, 0, "bind reports the address the caller asked for");
    let lfd = b.int("fd").unwrap();
    let li = find(&evs, &["listen"], |e| e.int("fd") == Some(lfd));
    assert_eq!((li.int("backlog"), li.res), (Some(7), 0));
    let acc = find(&evs, &["accept", "accept4"], |e| e.res >= 0);
    match acc.param_by_name("tuple") {
        Param::SockTuple(SockTuple::Inet {
            sip,
            sport,
            dip,
            dport,
        }) => {
            // remote (the client) → local (the server's listening port)
            assert_eq!((sip, dip), (Ipv4Addr::LOCALHOST, Ipv4Addr::LOCALHOST));
            assert_ne!(sport, 0);
            assert_ne!(dport, 0);
            let conn = find(&evs, &["connect"], |e| e.res == 0 || e.res == -115);
            match conn.param_by_name("tuple") {
                Param::SockTuple(SockTuple::Inet {
                    sport: cport,
                    dport: srv,
                    ..
                }) => {
                    assert_eq!(cport, sport);
                    assert_eq!(srv, dport);
                }
                other => panic!("connect tuple {other:?}"),
            }
        }
        other => panic!("accept tuple {other:?}"),
    }
}

#[test]
fn setns_and_unshare() {
    let Some(mut cap) = shared() else { return };
    let script = "import ctypes,os\n\
        libc=ctypes.CDLL(None, use_errno=True)\n\
        fd=os.open('/proc/self/ns/uts', os.O_RDONLY)\n\
        assert libc.unshare(0x04000000)==0\n\
        assert libc.setns(fd, 0x04000000)==0\n";
    let (_, evs) = collect(&mut cap, &mut py(script));
    let un = find(&evs, &["unshare"], |_| true);
    assert_eq!(un.res, 0);
    assert_eq!(un.uint("flags"), Some(128)); // CLONE_NEWUTS in the PPM encoding
    let ns = find(&evs, &["openat"], |e| {
        e.str("name") == Some("/proc/self/ns/uts")
    });
    let sn = find(&evs, &["setns"], |_| true);
    assert_eq!(sn.int("fd"), Some(ns.res));
    assert_eq!(sn.uint("nstype"), Some(128));
    assert_eq!(sn.res, 0);
}

#[test]
fn ptrace_attach() {
    let Some(mut cap) = shared() else { return };
    let mut target = Command::new("/bin/sleep").arg("5").spawn().unwrap();
    let tpid = target.id();
    let script = format!(
        "import ctypes\nlibc=ctypes.CDLL(None, use_errno=True)\n\
         r=libc.ptrace(16, {tpid}, 0, 0)\nassert r==0, ctypes.get_errno()\n\
         import os\nos.waitpid({tpid}, 0x40000000)\nlibc.ptrace(17, {tpid}, 0, 0)"
    );
    let (_, evs) = collect(&mut cap, &mut py(&script));
    let _ = target.kill();
    let _ = target.wait();
    let ev = find(&evs, &["ptrace"], |e| {
        e.uint("request") == Some(ppm::ptrace::PTRACE_ATTACH.into())
    });
    assert_eq!(ev.int("pid"), Some(tpid as i64));
    assert_eq!(ev.res, 0);
}

#[test]
fn memfd_exec() {
    let Some(mut cap) = shared() else { return };
    let script = "import os\n\
        fd=os.memfd_create('sse-memfd', 0)\n\
        os.write(fd, open('/bin/true','rb').read())\n\
        os.execve(fd, ['memfd-true'], {})";
    let (_, evs) = collect(&mut cap, &mut py(script));
    let mc = find(&evs, &["memfd_create"], |_| true);
    assert_eq!(mc.str("name"), Some("sse-memfd"));
    assert!(mc.res >= 0);
    let ex = find(&evs, &["execve"], |e| {
        e.res == 0 && e.str("exe") == Some("memfd-true")
    });
    let fl = ex.uint("flags").unwrap() as u32;
    assert!(fl & ppm::exe::EXE_FROM_MEMFD != 0, "flags {fl:#x}");
    assert_eq!(
        ex.str("trusted_exepath"),
        Some("memfd:sse-memfd")
    );
}

#[test]
fn container_cgroup() {
    let Some(mut cap) = shared() else { return };
    let id = "3f1a5b7c9d2e4f60718293a4b5c6d7e8f90112233445566778899aabbccddeef";
    let base = PathBuf::from("/sys/fs/cgroup/unified");
    if !base.join("cgroup.procs").exists() {
        println!("SKIPPED: no cgroup v2 hierarchy at {}", base.display());
        return;
    }
    let rel = format!("sse-test.slice/cri-containerd-{id}.scope");
    let dir = base.join(&rel);
    std::fs::create_dir_all(&dir).unwrap();
    let script = format!("echo $$ > {}/cgroup.procs && exec /bin/true", dir.display());
    let (_, evs) = collect(&mut cap, Command::new("/bin/sh").arg("-c").arg(script));
    let ex = find(&evs, &["execve"], |e| {
        e.res == 0 && e.str("exe") == Some("/bin/true")
    });
    let cgroups: Vec<String> = ex
        .bytes("cgroups")
        .unwrap_or(&[])
        .split(|&b| b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect();
    let want = format!("unified=/{rel}");
    assert!(cgroups.contains(&want), "{cgroups:?}");
    let _ = std::fs::remove_dir(&dir);
    let _ = std::fs::remove_dir(base.join("sse-test.slice"));
}

/// The exec's `cgroups` list every hierarchy the process is in, each once, with the same
/// `controller=path` entries /proc/PID/cgroup gives (each controller of a co-mounted hierarchy,
/// a named hierarchy by its name), plus the unified one; here the process sits in a cgroup of
/// its own in the last v1 hierarchy (`pids`) and in a named hierarchy the test mounts.
#[test]
fn every_cgroup_hierarchy_once_as_proc_lists_it() {
    let Some(mut cap) = shared() else { return };
    let pids = PathBuf::from("/sys/fs/cgroup/pids");
    assert!(pids.join("cgroup.procs").exists(), "a v1 pids hierarchy at {}", pids.display());
    let named = tmpdir("named-hierarchy");
    let mounted = Command::new("mount")
        .args(["-t", "cgroup", "-o", "none,name=sse-test", "cgroup"])
        .arg(&named)
        .status()
        .unwrap();
    assert!(mounted.success(), "mount a named cgroup hierarchy");
    let (pids_dir, named_dir) = (pids.join("sse-every"), named.join("sse-named"));
    std::fs::create_dir_all(&pids_dir).unwrap();
    std::fs::create_dir_all(&named_dir).unwrap();
    let listed = tmpdir("proc-cgroup").join("cgroup");
    let script = format!(
        "echo $$ > {}/cgroup.procs && echo $$ > {}/cgroup.procs && cat /proc/$$/cgroup > {} && exec /bin/true",
        pids_dir.display(),
        named_dir.display(),
        listed.display()
    );
    let (_, evs) = collect(&mut cap, Command::new("/bin/sh").arg("-c").arg(script));
    let proc_text = std::fs::read_to_string(&listed).unwrap_or_default();
    let _ = std::fs::remove_dir_all(listed.parent().unwrap());
    let _ = std::fs::remove_dir(&pids_dir);
    let _ = std::fs::remove_dir(&named_dir);
    let _ = Command::new("umount").arg(&named).status();
    let _ = std::fs::remove_dir(&named);
    let ex = find(&evs, &["execve"], |e| e.res == 0 && e.str("exe") == Some("/bin/true"));
    let mut got: Vec<String> = ex
        .bytes("cgroups")
        .unwrap_or(&[])
        .split(|&b| b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect();
    let mut want: Vec<String> = Vec::new();
    for line in proc_text.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(_), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if controllers.is_empty() {
            want.push(format!("unified={path}"));
        }
        for c in controllers.split(',').filter(|c| !c.is_empty()) {
            want.push(format!("{}={path}", c.strip_prefix("name=").unwrap_or(c)));
        }
    }
    assert!(want.contains(&"pids=/sse-every".to_string()), "{proc_text}");
    assert!(want.contains(&"sse-test=/sse-named".to_string()), "{proc_text}");
    got.sort();
    want.sort();
    assert_eq!(got, want, "the exec's cgroups against /proc/PID/cgroup:\n{proc_text}");
}

#[test]
fn unwanted_syscall_is_not_sent() {
    if !privileged() {
        return;
    }
    let mut only = EventTypeSet::empty();
    only.insert(EventType::from_name("symlinkat").unwrap());
    let mut cap = Capture::start(&CaptureConfig::new(only)).expect("capture start");
    let before = cap.stats();
    let st = Command::new(PY)
        .arg("-c")
        .arg("import os\nfor _ in range(20000): os.getppid()")
        .status()
        .unwrap();
    assert!(st.success());
    let mut n = 0;
    cap.poll(Duration::from_millis(50), &mut |_| n += 1)
        .unwrap();
    let after = cap.stats();
    assert!(after.seen - before.seen >= 20_000, "{before:?} {after:?}");
    assert!(after.sent - before.sent < 20, "{before:?} {after:?}");
}

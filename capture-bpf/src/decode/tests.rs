//! Decoder tests: synthetic records built like the BPF side builds them, read back by
//! parameter name (which pins the parameter positions), malformed input, and random bytes.

use std::net::Ipv4Addr;

use proptest::prelude::*;
use syssentry_event::{ppm, Event, EventType, Param, SockAddr, SockTuple};

use super::decoder::{Decoder, CLOCK_RESYNC_NS, ENV_MAX_VARS, TRUNCATION_MARK};
use super::error::DecodeError;
use crate::abi::*;

/// Builds a record the way the BPF programs lay it out.
struct B {
    buf: Vec<u8>,
    n: u16,
}

impl B {
    fn new(kind: u32, nr: u16, res: i64, tid: u32, pid: u32) -> B {
        let mut buf = Vec::new();
        buf.extend_from_slice(&1_000u64.to_le_bytes());
        buf.extend_from_slice(&res.to_le_bytes());
        buf.extend_from_slice(&0u32.to_le_bytes());
        buf.extend_from_slice(&tid.to_le_bytes());
        buf.extend_from_slice(&pid.to_le_bytes());
        buf.extend_from_slice(&(kind as u16).to_le_bytes());
        buf.extend_from_slice(&nr.to_le_bytes());
        buf.extend_from_slice(&[0u8; 8]);
        B { buf, n: 0 }
    }

    fn syscall(nr: u16, res: i64, args: [u64; 6]) -> B {
        let mut b = B::new(SSE_K_SYSCALL, nr, res, 42, 40);
        for a in args {
            b.buf.extend_from_slice(&a.to_le_bytes());
        }
        b
    }

    fn item(mut self, ty: u32, arg: u8, flags: u8, data: &[u8]) -> B {
        self.buf.extend_from_slice(&(ty as u16).to_le_bytes());
        self.buf
            .extend_from_slice(&(data.len() as u16).to_le_bytes());
        self.buf.extend_from_slice(&[arg, flags, 0, 0]);
        self.buf.extend_from_slice(data);
        while !self.buf.len().is_multiple_of(8) {
            self.buf.push(0);
        }
        self.n += 1;
        self
    }

    fn done(mut self) -> Vec<u8> {
        let len = self.buf.len() as u32;
        self.buf[16..20].copy_from_slice(&len.to_le_bytes());
        self.buf[32..34].copy_from_slice(&self.n.to_le_bytes());
        self.buf
    }
}

fn decode(rec: &[u8]) -> Result<Event, DecodeError> {
    let mut ev = Event::new(EventType::PROCEXIT);
    Decoder::new().decode(rec, &mut ev).map(|()| ev)
}

fn file_item(ino: u64, dev: u32, flags: u32) -> Vec<u8> {
    let mut v = ino.to_le_bytes().to_vec();
    v.extend_from_slice(&dev.to_le_bytes());
    v.extend_from_slice(&flags.to_le_bytes());
    v
}

fn tuple_item(fam: u16, sport: u16, dport: u16, s: [u8; 4], d: [u8; 4]) -> Vec<u8> {
    let mut v = vec![0u8; std::mem::size_of::<sse_tuple>()];
    v[0..2].copy_from_slice(&fam.to_le_bytes());
    v[2..4].copy_from_slice(&sport.to_le_bytes());
    v[4..6].copy_from_slice(&dport.to_le_bytes());
    v[8..12].copy_from_slice(&s);
    v[24..28].copy_from_slice(&d);
    v
}

#[test]
fn openat_with_file_facts() {
    let rec = B::syscall(257, 5, [(-100i64) as u64, 0x1000, 0o1101, 0o644, 0, 0])
        .item(SSE_I_STR, 1, 0, b"/tmp/x")
        .item(
            SSE_I_FILE,
            SSE_ARG_RES as u8,
            0,
            &file_item(77, 8, SSE_FF_CREATED | SSE_FF_ID),
        )
        .done();
    let ev = decode(&rec).unwrap();
    assert_eq!(ev.event_type(), EventType::OPENAT);
    assert_eq!((ev.tid, ev.pid, ev.res), (42, 40, 5));
    assert_eq!(ev.int("dirfd"), Some(ppm::AT_FDCWD));
    assert_eq!(ev.str("name"), Some("/tmp/x"));
    use ppm::open::*;
    assert_eq!(
        ev.uint("flags"),
        Some((O_WRONLY | O_CREAT | O_TRUNC | O_F_CREATED) as u64)
    );
    assert_eq!(ev.uint("mode"), Some(0o644));
    assert_eq!((ev.uint("ino"), ev.uint("dev")), (Some(77), Some(8)));
    assert!(ev.ts > 1_000);
}

/// Facts the loaded rules cannot read are not collected: a file item without `SSE_FF_ID`
/// (created flag and layer only) or no file item at all leaves `dev`/`ino` unset, unless the
/// decoder is told capture collects them (a failed open then reports 0, as before).
#[test]
fn open_without_some_file_facts() {
    use ppm::open::*;
    let partial = B::syscall(257, 5, [(-100i64) as u64, 0x1000, 0o101, 0o644, 0, 0])
        .item(SSE_I_STR, 1, 0, b"/tmp/x")
        .item(SSE_I_FILE, SSE_ARG_RES as u8, 0, &file_item(0, 0, SSE_FF_CREATED | SSE_FF_UPPER))
        .done();
    let ev = decode(&partial).unwrap();
    assert_eq!(
        ev.uint("flags"),
        Some((O_WRONLY | O_CREAT | O_F_CREATED | FD_UPPER_LAYER) as u64)
    );
    assert_eq!((ev.uint("ino"), ev.uint("dev")), (None, None));

    let bare = B::syscall(2, 5, [0x1000, 0o101, 0o644, 0, 0, 0])
        .item(SSE_I_STR, 0, 0, b"/tmp/x")
        .done();
    for (ids, want) in [(false, None), (true, Some(0))] {
        let mut ev = Event::new(EventType::PROCEXIT);
        let mut d = Decoder::new();
        d.open_ids = ids;
        d.decode(&bare, &mut ev).unwrap();
        assert_eq!(ev.event_type(), EventType::OPEN);
        assert_eq!(ev.uint("flags"), Some((O_WRONLY | O_CREAT) as u64));
        assert_eq!((ev.uint("ino"), ev.uint("dev")), (want, want), "open_ids {ids}");
    }
}

/// An open built in place in its ring-buffer slot: the FILE item first, then the path, and
/// the slot longer than `sse_hdr.len` (the bytes after it are leftovers of earlier records).
#[test]
fn open_built_in_place_with_slack() {
    let mut rec = B::syscall(257, 3, [(-100i64) as u64, 0x1000, 0, 0, 0, 0])
        .item(SSE_I_FILE, SSE_ARG_RES as u8, 0, &file_item(91, 7, SSE_FF_ID))
        .item(SSE_I_STR, 1, 0, b"/etc/hostname")
        .done();
    let used = rec.len();
    rec.resize(376, 0xa5);
    let ev = decode(&rec).unwrap();
    assert_eq!(ev.event_type(), EventType::OPENAT);
    assert_eq!(ev.str("name"), Some("/etc/hostname"));
    assert_eq!((ev.uint("ino"), ev.uint("dev")), (Some(91), Some(7)));
    // A header claiming more than the slot holds is refused.
    rec[16..20].copy_from_slice(&377u32.to_le_bytes());
    assert!(matches!(
        decode(&rec),
        Err(DecodeError::BadLength {
            declared: 377,
            actual: 376
        })
    ));
    assert!(used < 376);
}

#[test]
fn truncated_string_is_marked() {
    let rec = B::syscall(87, 0, [0; 6])
        .item(SSE_I_STR, 0, SSE_IF_TRUNC as u8, b"/very/long")
        .done();
    let mut d = Decoder::new();
    let mut ev = Event::new(EventType::PROCEXIT);
    d.decode(&rec, &mut ev).unwrap();
    assert_eq!(
        ev.str("path"),
        Some(format!("/very/long{TRUNCATION_MARK}").as_str())
    );
    assert_eq!(d.truncated, 1);
    // A faulted read leaves the parameter empty.
    let rec = B::syscall(87, 0, [0; 6])
        .item(SSE_I_STR, 0, SSE_IF_FAULT as u8, b"")
        .done();
    assert_eq!(decode(&rec).unwrap().param_by_name("path"), Param::Empty);
}

#[test]
fn connect_tuple_and_address() {
    let mut sa = vec![2u8, 0];
    sa.extend_from_slice(&8080u16.to_be_bytes());
    sa.extend_from_slice(&[127, 0, 0, 1]);
    sa.extend_from_slice(&[0; 8]);
    let rec = B::syscall(42, 0, [3, 0, 16, 0, 0, 0])
        .item(SSE_I_SOCKADDR, 1, 0, &sa)
        .item(
            SSE_I_TUPLE,
            0,
            0,
            &tuple_item(2, 5555, 8080, [127, 0, 0, 1], [127, 0, 0, 1]),
        )
        .done();
    let ev = decode(&rec).unwrap();
    assert_eq!(ev.int("fd"), Some(3));
    assert_eq!(
        ev.param_by_name("addr"),
        Param::SockAddr(SockAddr::Inet(Ipv4Addr::LOCALHOST, 8080))
    );
    assert_eq!(
        ev.param_by_name("tuple"),
        Param::SockTuple(SockTuple::Inet {
            sip: Ipv4Addr::LOCALHOST,
            sport: 5555,
            dip: Ipv4Addr::LOCALHOST,
            dport: 8080
        })
    );
    // accept reports the peer first.
    let rec = B::syscall(288, 4, [3, 0, 0, 0o2000000, 0, 0])
        .item(
            SSE_I_TUPLE,
            SSE_ARG_RES as u8,
            0,
            &tuple_item(2, 80, 4000, [10, 0, 0, 1], [10, 0, 0, 2]),
        )
        .done();
    let ev = decode(&rec).unwrap();
    assert_eq!(
        ev.param_by_name("tuple"),
        Param::SockTuple(SockTuple::Inet {
            sip: Ipv4Addr::new(10, 0, 0, 2),
            sport: 4000,
            dip: Ipv4Addr::new(10, 0, 0, 1),
            dport: 80
        })
    );
    assert_eq!(ev.int("flags"), Some(ppm::open::O_CLOEXEC as i64));
}

fn proc_item() -> Vec<u8> {
    let mut v = vec![0u8; std::mem::size_of::<sse_proc>()];
    let put32 =
        |v: &mut Vec<u8>, i: usize, x: u32| v[i * 4..i * 4 + 4].copy_from_slice(&x.to_le_bytes());
    put32(&mut v, 0, 7); // ptid
    put32(&mut v, 1, 42); // vtid
    put32(&mut v, 2, 40); // vpid
    put32(&mut v, 8, 1000); // euid
    put32(&mut v, 9, 1001); // egid
    put32(&mut v, 10, 500); // loginuid
    put32(&mut v, 11, 34816); // tty
    v[48 + 16..48 + 24].copy_from_slice(&0x1ffu64.to_le_bytes()); // cap_effective
    v[48 + 24..48 + 32].copy_from_slice(&99u64.to_le_bytes()); // exe_ino
    v[112..116].copy_from_slice(&(SSE_EF_MEMFD | SSE_EF_UPPER).to_le_bytes());
    v[116..120].copy_from_slice(&1u32.to_le_bytes());
    v
}

#[test]
fn exec_record() {
    let rec = B::new(SSE_K_EXEC, 59, 0, 42, 40)
        .item(SSE_I_FILENAME, 0, 0, b"/bin/ls")
        .item(SSE_I_PROC, 0, 0, &proc_item())
        .item(SSE_I_COMM, 0, 0, b"ls")
        .item(SSE_I_ARGS, 0, 0, b"ls\0-l\0/tmp\0")
        .item(SSE_I_CWD, 0, 0, b"user\0home\0")
        .item(SSE_I_EXEPATH, 0, 0, b"ls\0bin\0usr\0")
        .item(SSE_I_CGROUP, 0, 0, b"unified\0x.scope\0sys.slice\0")
        .item(SSE_I_CGROUP, 0, 0, b"cpu,cpuacct\0docker\0")
        .item(SSE_I_CGROUP, 0, 0, b"systemd\0")
        .done();
    let ev = decode(&rec).unwrap();
    assert_eq!(ev.event_type(), EventType::EXECVE);
    assert_eq!(ev.res, 0);
    assert_eq!(ev.str("exe"), Some("ls"));
    assert_eq!(ev.bytes("args"), Some(&b"-l\0/tmp\0"[..]));
    assert_eq!(ev.str("comm"), Some("ls"));
    assert_eq!(ev.str("cwd"), Some("/home/user"));
    assert_eq!(ev.str("trusted_exepath"), Some("/usr/bin/ls"));
    assert_eq!(ev.str("filename"), Some("/bin/ls"));
    assert_eq!(
        ev.bytes("cgroups"),
        Some(&b"unified=/sys.slice/x.scope\0cpu=/docker\0cpuacct=/docker\0systemd=/\0"[..])
    );
    assert_eq!(
        (ev.int("tid"), ev.int("pid"), ev.int("ptid")),
        (Some(42), Some(40), Some(7))
    );
    assert_eq!((ev.uint("uid"), ev.uint("gid")), (Some(1000), Some(1001)));
    assert_eq!(ev.uint("loginuid"), Some(500));
    assert_eq!(ev.uint("tty"), Some(34816));
    assert_eq!(ev.uint("cap_effective"), Some(0x1ff));
    assert_eq!(ev.uint("exe_ino"), Some(99));
    assert_eq!(
        ev.uint("flags"),
        Some((ppm::exe::EXE_FROM_MEMFD | ppm::exe::EXE_UPPER_LAYER) as u64)
    );
    // Truncated argv gets a final marker argument.
    let rec = B::new(SSE_K_EXEC, 59, 0, 42, 40)
        .item(SSE_I_PROC, 0, 0, &proc_item())
        .item(SSE_I_ARGS, 0, SSE_IF_TRUNC as u8, b"sh\0-c\0ech")
        .done();
    let ev = decode(&rec).unwrap();
    assert_eq!(ev.bytes("args"), Some(&b"-c\0ech\0...\0"[..]));
}

#[test]
fn exec_environment_item() {
    let exec = |flags: u32, env: &[u8]| {
        let rec = B::new(SSE_K_EXEC, 59, 0, 42, 40)
            .item(SSE_I_PROC, 0, 0, &proc_item())
            .item(SSE_I_ARGS, 0, 0, b"true\0")
            .item(SSE_I_ENV, 0, flags as u8, env)
            .done();
        let mut d = Decoder::new();
        let mut ev = Event::new(EventType::PROCEXIT);
        d.decode(&rec, &mut ev).unwrap();
        (ev, d.truncated)
    };
    // The env area as the kernel lays it out: each variable NUL-terminated.
    let (ev, cut) = exec(0, b"FOO=bar\0X=y\0");
    assert_eq!(ev.bytes("env"), Some(&b"FOO=bar\0X=y\0"[..]));
    assert_eq!(cut, 0);
    // An empty environment is an empty list, not a missing one.
    let (ev, _) = exec(0, b"");
    assert_eq!(ev.param_by_name("env"), Param::Bytes(&[]));
    // Cut at the byte bound: a final marker entry, counted.
    let (ev, cut) = exec(SSE_IF_TRUNC, b"A=1\0PATH=/us");
    assert_eq!(ev.bytes("env"), Some(&b"A=1\0PATH=/us\0...\0"[..]));
    assert_eq!(cut, 1);
    // More variables than the bound: the first ENV_MAX_VARS, then the marker.
    let many: Vec<u8> = (0..ENV_MAX_VARS + 5)
        .flat_map(|i| format!("V{i}=x\0").into_bytes())
        .collect();
    let (ev, cut) = exec(0, &many);
    let vars: Vec<&[u8]> = ev.bytes("env").unwrap().split(|&c| c == 0).collect();
    assert_eq!(vars.len(), ENV_MAX_VARS + 2); // the marker, then the final NUL's ""
    assert_eq!(
        vars[ENV_MAX_VARS - 1],
        format!("V{}=x", ENV_MAX_VARS - 1).as_bytes()
    );
    assert_eq!(vars[ENV_MAX_VARS], TRUNCATION_MARK.as_bytes());
    assert_eq!(cut, 1);
    // A failed read: an empty list, never the bytes of a half-read area.
    let (ev, _) = exec(SSE_IF_FAULT, b"");
    assert_eq!(ev.param_by_name("env"), Param::Bytes(&[]));
    // No environment item (capture started without environments): no parameter.
    let rec = B::new(SSE_K_EXEC, 59, 0, 42, 40)
        .item(SSE_I_PROC, 0, 0, &proc_item())
        .done();
    assert_eq!(decode(&rec).unwrap().param_by_name("env"), Param::Empty);
    // Environments expected but the item lost to the record bound: a marker, not nothing.
    let mut cut = B::new(SSE_K_EXEC, 59, 0, 42, 40)
        .item(SSE_I_PROC, 0, 0, &proc_item())
        .done();
    cut[34..36].copy_from_slice(&(SSE_RF_TRUNCATED as u16).to_le_bytes());
    let mut d = Decoder::new();
    d.expect_env(true);
    let mut ev = Event::new(EventType::PROCEXIT);
    d.decode(&cut, &mut ev).unwrap();
    assert_eq!(ev.bytes("env"), Some(&b"...\0"[..]));
    assert_eq!(d.truncated, 1);
    // The same record without environments expected: no parameter.
    d.expect_env(false);
    d.decode(&cut, &mut ev).unwrap();
    assert_eq!(ev.param_by_name("env"), Param::Empty);
}

#[test]
fn exec_exepath_as_the_modern_driver_reports_it() {
    // A memfd executable: one pseudo-file component, reported bare (no slash, no suffix).
    let rec = B::new(SSE_K_EXEC, 59, 0, 42, 40)
        .item(SSE_I_PROC, 0, 0, &proc_item())
        .item(SSE_I_EXEPATH, 0, 0, b"memfd:e2e-payload\0")
        .done();
    assert_eq!(
        decode(&rec).unwrap().str("trusted_exepath"),
        Some("memfd:e2e-payload")
    );
    // A deleted (unlinked) regular executable keeps its path, without " (deleted)".
    let mut deleted = proc_item();
    deleted[112..116].copy_from_slice(&SSE_EF_WRITABLE.to_le_bytes());
    deleted[116..120].copy_from_slice(&0u32.to_le_bytes()); // link count 0
    let rec = B::new(SSE_K_EXEC, 59, 0, 42, 40)
        .item(SSE_I_PROC, 0, 0, &deleted)
        .item(SSE_I_EXEPATH, 0, 0, b"x\0tmp\0")
        .done();
    assert_eq!(decode(&rec).unwrap().str("trusted_exepath"), Some("/tmp/x"));
    // A one-component path that is not a memfd is an ordinary path under the root.
    let rec = B::new(SSE_K_EXEC, 59, 0, 42, 40)
        .item(SSE_I_PROC, 0, 0, &deleted)
        .item(SSE_I_EXEPATH, 0, 0, b"init\0")
        .done();
    assert_eq!(decode(&rec).unwrap().str("trusted_exepath"), Some("/init"));
}

#[test]
fn clone_child_and_caller() {
    let rec = B::syscall(56, 0, [0x0001_0000 | 0x100, 0, 0, 0, 0, 0])
        .item(SSE_I_PROC, 0, 0, &proc_item())
        .item(SSE_I_ARGS, 0, 0, b"bash\0")
        .done();
    let ev = decode(&rec).unwrap();
    assert_eq!(ev.event_type(), EventType::CLONE);
    assert_eq!(
        ev.uint("flags"),
        Some((ppm::clone::CLONE_THREAD | ppm::clone::CLONE_VM) as u64)
    );
    assert_eq!((ev.int("vtid"), ev.int("vpid")), (Some(42), Some(40)));
    assert_eq!(ev.str("exe"), Some("bash"));
    // vfork without process facts (failed) still decodes.
    let rec = B::syscall(58, -11, [0; 6]).done();
    let ev = decode(&rec).unwrap();
    assert_eq!(ev.res, -11);
    // A successful clone needs its process facts.
    let rec = B::syscall(57, 100, [0; 6]).done();
    assert!(matches!(decode(&rec), Err(DecodeError::MissingItem { .. })));
}

#[test]
fn procexit_record() {
    let rec = B::new(SSE_K_PROCEXIT, 0, 0, 42, 40)
        .item(SSE_I_EXIT, 0, 0, &[0x89, 0x02, 0, 0, 0, 0, 0, 0])
        .done();
    let ev = decode(&rec).unwrap();
    assert_eq!(ev.event_type(), EventType::PROCEXIT);
    assert_eq!(ev.int("status"), Some(0x289));
    assert_eq!(ev.int("ret"), Some(2));
    assert_eq!(ev.uint("sig"), Some(9));
    assert_eq!(ev.uint("core"), Some(1));
}

#[test]
fn flag_translations_in_records() {
    let rec = B::syscall(101, 0, [16, 1234, 0, 0, 0, 0]).done();
    let ev = decode(&rec).unwrap();
    assert_eq!(ev.uint("request"), Some(ppm::ptrace::PTRACE_ATTACH as u64));
    assert_eq!(ev.int("pid"), Some(1234));
    let rec = B::syscall(72, 9, [3, 1030, 0, 0, 0, 0]).done();
    assert_eq!(
        decode(&rec).unwrap().uint("cmd"),
        Some(ppm::fcntl::F_DUPFD_CLOEXEC as u64)
    );
    let rec = B::syscall(272, 0, [0x4000_0000, 0, 0, 0, 0, 0]).done();
    assert_eq!(
        decode(&rec).unwrap().uint("flags"),
        Some(ppm::clone::CLONE_NEWNET as u64)
    );
    let rec = B::syscall(41, 3, [10, 1 | 0o2000000, 6, 0, 0, 0]).done();
    let ev = decode(&rec).unwrap();
    assert_eq!(
        (ev.uint("domain"), ev.uint("type"), ev.uint("proto")),
        (Some(10), Some(1 | 0o2000000), Some(6))
    );
    assert_eq!(ev.uint("flags"), Some(ppm::open::O_CLOEXEC as u64));
}

#[test]
fn malformed_records_are_errors() {
    assert!(matches!(
        decode(&[0u8; 10]),
        Err(DecodeError::TooShort { .. })
    ));
    let mut r = B::syscall(257, 0, [0; 6]).done();
    r[16..20].copy_from_slice(&4096u32.to_le_bytes());
    assert!(matches!(decode(&r), Err(DecodeError::BadLength { .. })));
    let r = B::new(9, 0, 0, 1, 1).done();
    assert!(matches!(decode(&r), Err(DecodeError::BadKind { kind: 9 })));
    let mut r = B::syscall(257, 0, [0; 6]).done();
    r[32..34].copy_from_slice(&100u16.to_le_bytes());
    assert!(matches!(
        decode(&r),
        Err(DecodeError::TooManyItems { count: 100 })
    ));
    let mut r = B::syscall(257, 0, [0; 6])
        .item(SSE_I_STR, 1, 0, b"abc")
        .done();
    let item_len_at = crate::abi::SYSCALL_HDR_LEN + 2;
    r[item_len_at..item_len_at + 2].copy_from_slice(&500u16.to_le_bytes());
    assert!(matches!(decode(&r), Err(DecodeError::BadItem { .. })));
    let r = B::syscall(39, 0, [0; 6]).done();
    assert!(matches!(
        decode(&r),
        Err(DecodeError::UnknownSyscall { nr: 39 })
    ));
    let r = B::new(SSE_K_PROCEXIT, 0, 0, 1, 1).done();
    assert!(matches!(decode(&r), Err(DecodeError::MissingItem { .. })));
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = decode(&bytes);
    }

    #[test]
    fn random_payloads_never_panic(
        kind in 0u32..5,
        nr in prop_oneof![Just(2u16), Just(42), Just(43), Just(56), Just(59), Just(257), Just(437), any::<u16>()],
        n in 0u16..30,
        payload in proptest::collection::vec(any::<u8>(), 0..800),
    ) {
        let mut b = B::new(kind, nr, 0, 1, 1);
        if kind == SSE_K_SYSCALL {
            b.buf.extend_from_slice(&[0u8; 48]);
        }
        b.buf.extend_from_slice(&payload);
        let mut r = b.done();
        r[32..34].copy_from_slice(&n.to_le_bytes());
        let _ = decode(&r);
    }
}

/// Record times are CLOCK_MONOTONIC ns in the kernel and come out as ns since the epoch; a
/// resync keeps offsets that moved by less than the threshold.
#[test]
fn record_times_follow_the_wall_clock() {
    let now = |id| {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: a valid timespec for clock_gettime to fill.
        assert_eq!(unsafe { libc::clock_gettime(id, &mut ts) }, 0);
        ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
    };
    let mut d = Decoder::new();
    let mut rec = B::syscall(3, 0, [4, 0, 0, 0, 0, 0]).done();
    let real0 = now(libc::CLOCK_REALTIME);
    rec[0..8].copy_from_slice(&now(libc::CLOCK_MONOTONIC).to_le_bytes());
    let real1 = now(libc::CLOCK_REALTIME);
    let mut ev = Event::new(EventType::PROCEXIT);
    d.decode(&rec, &mut ev).unwrap();
    // Within the two wall-clock reads, give or take the offset's own reading error.
    assert!(real0 - 1_000 <= ev.ts && ev.ts <= real1 + 1_000, "{real0} {} {real1}", ev.ts);
    let before = d.mono_offset;
    d.resync_clocks();
    assert!((d.mono_offset - before).abs() <= CLOCK_RESYNC_NS * 100);
    d.mono_offset -= 5_000_000;
    d.resync_clocks();
    assert!((d.mono_offset - before).abs() < 1_000_000, "a 5 ms step is followed");
}

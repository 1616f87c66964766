//! The BPF program's open filter makes the decision its userspace definition makes
//! ([`KernelFilter::open_verdict`]): a real process opens paths at the edges of a hand-made
//! filter's clauses (exact names one byte off, prefixes and suffixes, `..` components, doubled
//! slashes, relative paths through a directory fd, directories, long paths, case, flags), and
//! exactly the opens the definition sends arrive, with the closes of their fds; the others and
//! their closes are counted as filtered. Likewise for `socket` calls by domain
//! ([`KernelFilter::socket_verdict`]): a real process makes sockets of every kind, and exactly the
//! ones the definition sends arrive, with their closes; and failed connects are left out when
//! the filter says so, connections made or under way never. A left-out open's mark, kept with the
//! task or with its fd table, is never made stale by another task that shares the table and reuses
//! the number. Needs root and BPF: without them the test prints
//! `SKIPPED: <why>` (a failure in `scripts/test`).

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use syssentry_capture_bpf::{preflight, Capture, CaptureConfig};
use syssentry_event::kernel_filter::{features, needs, OpenClause, PathPattern};
use syssentry_event::{Event, EventType, EventTypeSet, KernelFilter, OpenVerdict, SocketVerdict};

const O_RDONLY: u64 = 0;
const O_WRONLY: u64 = 1;
const O_RDWR: u64 = 2;
const O_CREAT: u64 = 0o100;
const O_TRUNC: u64 = 0o1000;
const O_DIRECTORY: u64 = 0o200000;

/// One open the child makes: the syscall (`openat` through `dirfd` "D" or the cwd, `open`,
/// `creat`), the path as passed, the raw flags.
struct Op {
    call: &'static str,
    path: String,
    flags: u64,
    via_dir: bool,
}

fn clause(types: u8, path: PathPattern, need: u8) -> OpenClause {
    OpenClause { types, path, needs: need }
}

#[test]
fn the_kernel_sends_exactly_the_opens_the_filter_definition_sends() {
    if let Err(e) = preflight() {
        println!("SKIPPED: capture preflight failed: {e}");
        return;
    }
    let d = std::env::temp_dir().join(format!("sse-kf-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    for sub in ["watched", "plaindir", "x", "a..", "UP"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }
    for f in ["secret", "secretx", "secre", "SECRET", "watched/a", "watchedx", "x/history", "x/historyx", "a../b", "release_agent", "plain"] {
        std::fs::write(d.join(f), b"x").unwrap();
    }
    let ds = d.to_str().unwrap().to_string();
    // paths of 246 bytes (compared) and 247 (the read fills the 248-byte key: sent)
    let long_name = "l".repeat(245 - ds.len());
    std::fs::write(d.join(&long_name), b"x").unwrap();
    let longer_name = "l".repeat(246 - ds.len());
    std::fs::write(d.join(&longer_name), b"x").unwrap();

    let all_open = 0b1011;
    let filter = KernelFilter {
        clauses: vec![
            clause(all_open, PathPattern::exact(format!("{ds}/secret").as_bytes()), needs::READ),
            clause(all_open, PathPattern::prefix(format!("{ds}/watched/").as_bytes()), 0),
            clause(all_open, PathPattern::prefix(format!("{ds}/marker-").as_bytes()), 0),
            clause(
                all_open,
                PathPattern { prefix: ds.as_bytes().to_vec(), exact: false, suffix: b"/history".to_vec(), features: 0 },
                needs::WRITE | needs::TRUNC,
            ),
            clause(all_open, PathPattern::suffix(b"release_agent"), needs::WRITE),
            clause(all_open, PathPattern { features: features::DOTDOT_SLASH, ..PathPattern::prefix(format!("{ds}/").as_bytes()) }, 0),
        ],
        filtered_types: 0b1011,
        forget_files: true,
        close: true,
        fcntl: true,
        dup: true,
        socket_admitted: u64::MAX,
        socket_forget: 0,
        connect_failures: false,
        rule_types: EventTypeSet::all(),
    };

    let p = |s: &str| format!("{ds}/{s}");
    let op = |call: &'static str, path: String, flags: u64, via_dir: bool| Op { call, path, flags, via_dir };
    let ops = vec![
        op("openat", p("secret"), O_RDONLY, false),
        op("openat", p("secret"), O_WRONLY, false),
        op("openat", p("secret"), O_RDWR, false),
        op("openat", p("secretx"), O_RDONLY, false),
        op("openat", p("secre"), O_RDONLY, false),
        op("openat", p("SECRET"), O_RDONLY, false),
        op("openat", p("watched/a"), O_RDONLY, false),
        op("openat", p("watched/nothere"), O_RDONLY, false),
        op("openat", p("nothere"), O_RDONLY, false),
        op("openat", p("watchedx"), O_RDONLY, false),
        op("openat", p("watched"), O_RDONLY | O_DIRECTORY, false),
        op("openat", p("plaindir"), O_RDONLY, false),
        op("openat", p("plain"), O_RDONLY, false),
        op("openat", p("x/history"), O_WRONLY | O_TRUNC, false),
        op("openat", p("x/history"), O_WRONLY, false),
        op("openat", p("x/historyx"), O_WRONLY | O_TRUNC, false),
        op("openat", p("release_agent"), O_WRONLY, false),
        op("openat", p("release_agent"), O_RDONLY, false),
        op("openat", p("a../b"), O_RDONLY, false),
        op("openat", format!("{ds}//secret"), O_RDONLY, false),
        op("openat", format!("{ds}/./plain"), O_RDONLY, false),
        op("openat", format!("{ds}/watched/../plain"), O_RDONLY, false),
        op("openat", format!("{ds}/plaindir/"), O_RDONLY, false),
        op("openat", "plain".into(), O_RDONLY, true),
        op("openat", "secret".into(), O_RDONLY, true),
        op("openat", p(&long_name), O_RDONLY, false),
        op("openat", p(&longer_name), O_RDONLY, false),
        op("open", p("secret"), O_RDONLY, false),
        op("open", p("plain"), O_RDONLY, false),
        op("creat", p("watched/new"), O_WRONLY | O_CREAT | O_TRUNC, false),
        op("creat", p("made"), O_WRONLY | O_CREAT | O_TRUNC, false),
        op("openat", p("UP"), O_RDONLY, false),
    ];

    // The program finds a file's type with plain loads in an fd table's embedded 64 slots, and
    // in a table expanded past them with one probe read and `bpf_rdonly_cast`, or three probe
    // reads when it may not call that kfunc: the ops run in each of the three ways, as
    // (expanded, kfuncs). A process inherits the size of its parent's table (this test's is
    // expanded), and a fork sizes the child's to the fds open, so for an embedded table the
    // child closes every fd above the embedded slots and forks the process that runs the ops;
    // for an expanded one it holds fd 255, as bash does.
    for (expanded, kfuncs) in [(false, true), (true, true), (true, false)] {
        // The child: each op, closing what it opened, then a marker open (always sent) so the
        // events of op i are those between marker i-1 and marker i.
        let table = if expanded {
            ""
        } else {
            "os.closerange(64, 1 << 20)\nif os.fork():\n    sys.exit(os.waitstatus_to_exitcode(os.wait()[1]))\n"
        };
        let mut script = format!(
            "import os, ctypes, sys, fcntl\nlibc = ctypes.CDLL(None, use_errno=True)\n{table}\
             D = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)\nos.chdir(sys.argv[1])\nout = []\n",
        );
        if expanded {
            script.push_str("os.dup2(D, 255)\n");
        }
        for (i, o) in ops.iter().enumerate() {
            let call = match (o.call, o.via_dir) {
                ("openat", true) => format!("os.open({:?}, {}, 0o644, dir_fd=D)", o.path, o.flags),
                ("openat", false) => format!("os.open({:?}, {}, 0o644)", o.path, o.flags),
                ("open", _) => format!("libc.syscall(2, {:?}.encode(), {}, 0o644)", o.path, o.flags),
                _ => format!("libc.syscall(85, {:?}.encode(), 0o644)", o.path),
            };
            script.push_str(&format!(
                "try:\n    fd = {call}\n    if fd < 0: fd = -ctypes.get_errno()\nexcept OSError as e:\n    fd = -e.errno\n\
                 out.append(fd)\n\
                 if fd >= 0:\n    d = os.dup(fd)\n    fcntl.fcntl(fd, fcntl.F_GETFD)\n    os.close(d)\n    os.close(fd)\n\
                 try:\n    os.open({:?}, os.O_RDONLY)\nexcept OSError:\n    pass\n",
                p(&format!("marker-{i}"))
            ));
        }
        script.push_str("print(' '.join(map(str, out)))\n");

        let run = run_child_with(&filter, &["open", "creat", "close", "fcntl", "dup"], &script, &[&ds], kfuncs);
        let (evs, results) = (&run.events, &run.results);
        assert_eq!(results.len(), ops.len());

        // Segments of the child's events between markers.
        let marker = |e: &Event| e.str("name").is_some_and(|n| n.starts_with(&p("marker-")));
        let mut segments: Vec<Vec<&Event>> = vec![Vec::new()];
        let mut started = false;
        for e in evs {
            if marker(e) {
                segments.push(Vec::new());
                started = true;
                continue;
            }
            if !started && e.str("name") == Some(ds.as_str()) {
                // the child opened D: what came before is the interpreter's start-up
                segments[0].clear();
                continue;
            }
            segments.last_mut().unwrap().push(e);
        }
        // Segment 0 also holds the interpreter's own start-up: keep from the last open of D on.
        let mut fd_kinds: HashMap<i64, bool> = HashMap::new();
        let mut mismatches = Vec::new();
        for (i, (o, &res)) in ops.iter().zip(results).enumerate() {
            let ty = EventType::from_name(o.call).unwrap();
            let resolved = if o.via_dir { p(&o.path) } else { o.path.clone() };
            let is_dir = res >= 0 && std::fs::metadata(&resolved).is_ok_and(|m| m.is_dir());
            fd_kinds.insert(res, is_dir);
            let verdict = filter.open_verdict(ty, o.path.as_bytes(), o.flags, res, is_dir);
            let seg = &segments[i];
            let opened = seg
                .iter()
                .any(|e| matches!(e.event_type(), EventType::OPEN | EventType::OPENAT | EventType::CREAT) && e.str("name") == Some(o.path.as_str()));
            // a successful open is followed by a duplicate (fcntl F_DUPFD_CLOEXEC), an fcntl
            // F_GETFD, and the closes of both: of a left-out open none is sent (F_GETFD never is)
            let count = |ty: EventType| seg.iter().filter(|e| e.event_type() == ty).count();
            let (closes, fcntls) = (count(EventType::CLOSE), count(EventType::FCNTL));
            let sent = matches!(verdict, OpenVerdict::Send { .. });
            let want = if res >= 0 && sent { (2, 1) } else { (0, 0) };
            if opened != sent || (closes, fcntls) != want {
                mismatches.push(format!(
                    "{} {:?} flags {:o} -> {res}: definition {verdict:?}, kernel sent the open: {opened}, \
                     closes {closes} and fcntls {fcntls} (expected {want:?})",
                    o.call, o.path, o.flags
                ));
            }
        }
        assert!(mismatches.is_empty(), "the kernel and the definition disagree (fd table expanded: {expanded}, kfuncs: {kfuncs}):\n{}", mismatches.join("\n"));
        let skipped = ops
            .iter()
            .zip(results)
            .filter(|(o, &res)| {
                let resolved = if o.via_dir { p(&o.path) } else { o.path.clone() };
                let is_dir = res >= 0 && std::fs::metadata(&resolved).is_ok_and(|m| m.is_dir());
                filter.open_verdict(EventType::from_name(o.call).unwrap(), o.path.as_bytes(), o.flags, res, is_dir)
                    == OpenVerdict::Skip
            })
            .count();
        assert!(skipped >= 8, "the cases leave only {skipped} opens in the kernel");
        assert!(run.filtered >= skipped as u64, "filtered counter: {}", run.filtered);
    }
    let _ = std::fs::remove_dir_all(&d);
}

/// What a python child did under a capture with `filter` on: its events, the numbers it printed
/// on one line, and how many events the capture counted as filtered meanwhile.
struct ChildRun {
    events: Vec<Event>,
    results: Vec<i64>,
    filtered: u64,
}

/// Runs `script` in python3 (with `args`) under a capture of the event types `types` (and those
/// of process lifecycles and `openat`) with `filter` on; the events are those of the child and of
/// the processes it forks.
fn run_child(filter: &KernelFilter, types: &[&str], script: &str, args: &[&str]) -> ChildRun {
    run_child_with(filter, types, script, args, true)
}

/// [`run_child`], with the programs' kernel-function calls on or off ([`CaptureConfig::kfuncs`]).
fn run_child_with(filter: &KernelFilter, types: &[&str], script: &str, args: &[&str], kfuncs: bool) -> ChildRun {
    let mut wanted = EventTypeSet::empty();
    for n in types.iter().chain(&["openat", "procexit", "execve", "clone", "clone3", "fork", "vfork"]) {
        wanted.insert(EventType::from_name(n).unwrap());
    }
    let mut cfg = CaptureConfig::new(wanted);
    cfg.filter = filter.clone();
    cfg.kfuncs = kfuncs;
    let mut cap = Capture::start(&cfg).expect("capture start");
    cap.set_filter_on(true).unwrap();
    let before = cap.stats().filtered;
    let child = Command::new("/usr/bin/python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn python3");
    let pid = child.id() as i64;
    // the child and the processes it forks
    let mut pids = std::collections::HashSet::from([pid]);
    let forks = [EventType::CLONE, EventType::CLONE3, EventType::FORK, EventType::VFORK];
    let mut events: Vec<Event> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut exited = false;
    while !exited && Instant::now() < deadline {
        cap.poll(Duration::from_millis(20), &mut |ev: &Event| {
            if pids.contains(&ev.pid) {
                if forks.contains(&ev.event_type()) && ev.res > 0 {
                    pids.insert(ev.res);
                }
                events.push(ev.clone());
            }
            exited |= ev.event_type() == EventType::PROCEXIT && ev.tid == pid;
        })
        .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the child failed");
    let results = String::from_utf8_lossy(&out.stdout).split_whitespace().map(|s| s.parse().unwrap()).collect();
    ChildRun { events, results, filtered: cap.stats().filtered - before }
}

/// The events after the child's open of /dev/zero, cut at each of its opens of /dev/null.
fn segments(events: &[Event]) -> Vec<Vec<&Event>> {
    let is_open_of = |e: &Event, path: &str| e.event_type() == EventType::OPENAT && e.str("name") == Some(path);
    let first = events.iter().position(|e| is_open_of(e, "/dev/zero")).expect("the start marker") + 1;
    let mut out: Vec<Vec<&Event>> = vec![Vec::new()];
    for e in &events[first..] {
        if is_open_of(e, "/dev/null") {
            out.push(Vec::new());
        } else {
            out.last_mut().unwrap().push(e);
        }
    }
    out
}

#[test]
fn the_kernel_sends_exactly_the_sockets_the_filter_definition_sends() {
    if let Err(e) = preflight() {
        println!("SKIPPED: capture preflight failed: {e}");
        return;
    }
    // Rules that match packet sockets and read no unix or netlink socket's entry.
    let filter = KernelFilter {
        socket_admitted: 1 << 17,
        socket_forget: 1 << 1 | 1 << 16,
        close: true,
        fcntl: true,
        dup: true,
        ..KernelFilter::none()
    };
    // (domain, type): unix stream and datagram, netlink, IPv4 and IPv6, packet, and a domain
    // the kernel refuses (AF_MAX is below 60).
    let cases: [(u64, u64); 7] = [(1, 1), (1, 2), (16, 3), (2, 1), (10, 2), (17, 3), (60, 1)];
    let mut script = String::from("import os, socket, sys\nout = []\nos.close(os.open('/dev/zero', os.O_RDONLY))\n");
    for (domain, ty) in &cases {
        script.push_str(&format!(
            "try:\n    s = socket.socket({domain}, {ty})\n    fd = s.fileno()\n    d = os.dup(fd)\n    os.close(d)\n    s.close()\n\
             except OSError as e:\n    fd = -e.errno\nout.append(fd)\n\
             os.close(os.open('/dev/null', os.O_RDONLY))\n"
        ));
    }
    script.push_str("print(' '.join(map(str, out)))\n");

    let run = run_child(&filter, &["socket", "close", "fcntl"], &script, &[]);
    let results = &run.results;
    assert_eq!(results.len(), cases.len());
    let segments = segments(&run.events);
    assert_eq!(segments.len(), cases.len() + 1, "one segment per case");
    let mut mismatches = Vec::new();
    let mut skipped = 0;
    for (((domain, _), &res), seg) in cases.iter().zip(results).zip(&segments) {
        let verdict = filter.socket_verdict(*domain, res);
        let count = |ty: EventType| seg.iter().filter(|e| e.event_type() == ty).count();
        let sent = verdict != SocketVerdict::Skip;
        skipped += usize::from(!sent) * if res >= 0 { 3 } else { 1 };
        // a successful socket is followed by a duplicate (os.dup: fcntl F_DUPFD_CLOEXEC) and the
        // closes of both; each segment starts with the close of the marker before it
        let want = match (sent, res >= 0) {
            (true, true) => (1, 1, 3),
            (true, false) => (1, 0, 1),
            (false, _) => (0, 0, 1),
        };
        let got = (count(EventType::SOCKET), count(EventType::FCNTL), count(EventType::CLOSE));
        if got != want {
            mismatches.push(format!(
                "socket({domain}) -> {res}: definition {verdict:?}; kernel sent (socket, fcntl, close) {got:?}, expected {want:?}"
            ));
        }
    }
    assert!(mismatches.is_empty(), "the kernel and the definition disagree:\n{}", mismatches.join("\n"));
    assert!(skipped >= 7, "the cases leave only {skipped} events in the kernel");
    assert!(run.filtered >= skipped as u64, "filtered counter: {}", run.filtered);
}

#[test]
fn the_kernel_leaves_out_failed_connects_when_told_to() {
    if let Err(e) = preflight() {
        println!("SKIPPED: capture preflight failed: {e}");
        return;
    }
    let filter = KernelFilter { connect_failures: true, ..KernelFilter::none() };
    // Each case prints its connect's result; a marker open of /dev/null follows each.
    let script = "import errno, os, socket\n\
        out = []\n\
        def mark():\n    os.close(os.open('/dev/null', os.O_RDONLY))\n\
        def res(f):\n    try:\n        f(); return 0\n    except OSError as e:\n        return -e.errno\n\
        os.close(os.open('/dev/zero', os.O_RDONLY))\n\
        srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(8)\n\
        closed = socket.socket(); closed.bind(('127.0.0.1', 0)); port = closed.getsockname()[1]; closed.close()\n\
        mark()\n\
        s = socket.socket(); out.append(res(lambda: s.connect(('127.0.0.1', port)))); s.close(); mark()\n\
        s = socket.socket(); out.append(res(lambda: s.connect(srv.getsockname()))); s.close(); mark()\n\
        s = socket.socket(); s.setblocking(False); out.append(res(lambda: s.connect(srv.getsockname()))); s.close(); mark()\n\
        u = socket.socket(socket.AF_UNIX); out.append(res(lambda: u.connect('/nonexistent/sock'))); u.close(); mark()\n\
        print(' '.join(map(str, out)))\n";
    let run = run_child(&filter, &["connect"], script, &[]);
    let results = &run.results;
    // refused, made, under way (or made), no such socket
    assert_eq!(results.len(), 4);
    assert_eq!((results[0], results[1], results[3]), (-111, 0, -2), "{results:?}");
    assert!(results[2] == -115 || results[2] == 0, "{results:?}");

    let segments = segments(&run.events);
    // segment 0 is the set-up (the listening socket, the port found closed)
    assert_eq!(segments.len(), results.len() + 2, "one segment per case");
    for (res, seg) in results.iter().zip(&segments[1..]) {
        let sent: Vec<i64> = seg.iter().filter(|e| e.event_type() == EventType::CONNECT).map(|e| e.res).collect();
        let want = if filter.leaves_out_connect(*res) { vec![] } else { vec![*res] };
        assert_eq!(sent, want, "connect returning {res}");
    }
    assert!(run.filtered >= 2, "filtered counter: {}", run.filtered);
}

/// A left-out open's mark lives with the task while no other task uses its fd table, in a map
/// keyed by the table otherwise. Either way, when another task closes that fd and reuses its
/// number for an open that is sent, the close of that number must be sent too (userspace has an
/// entry for it): a thread made after the owner's open (phase 1), and a thread's own open while
/// the table is shared (phase 2). Before any thread, the owner's open and close of an ordinary
/// file are both left out.
#[test]
fn another_task_reusing_a_marked_number_never_makes_the_mark_stale() {
    if let Err(e) = preflight() {
        println!("SKIPPED: capture preflight failed: {e}");
        return;
    }
    let d = std::env::temp_dir().join(format!("sse-kf-threads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("watched")).unwrap();
    std::fs::write(d.join("plain"), b"x").unwrap();
    std::fs::write(d.join("watched/a"), b"x").unwrap();
    let ds = d.to_str().unwrap().to_string();
    let filter = KernelFilter {
        clauses: vec![clause(0b1011, PathPattern::prefix(format!("{ds}/watched/").as_bytes()), 0)],
        filtered_types: 0b1011,
        forget_files: true,
        close: true,
        ..KernelFilter::none()
    };
    // Prints the number of each phase: the owner's left-out fd the thread reuses (phase 1), the
    // thread's left-out fd the owner reuses (phase 2).
    let script = "import os, sys, threading\n\
        d = sys.argv[1]\n\
        a = os.open(d + '/plain', os.O_RDONLY); os.close(a)\n\
        fd = os.open(d + '/plain', os.O_RDONLY)\n\
        got = []\n\
        def t1():\n    os.close(fd)\n    got.append(os.open(d + '/watched/a', os.O_RDONLY))\n\
        th = threading.Thread(target=t1); th.start(); th.join()\n\
        os.close(got[0])\n\
        ready = threading.Event(); go = threading.Event(); mine = []\n\
        def t2():\n    mine.append(os.open(d + '/plain', os.O_RDONLY)); ready.set(); go.wait(); os.close(mine[0])\n\
        th = threading.Thread(target=t2); th.start(); ready.wait()\n\
        os.close(mine[0]); g = os.open(d + '/watched/a', os.O_RDONLY)\n\
        go.set(); th.join()\n\
        print(fd, got[0], mine[0], g)\n";
    let run = run_child(&filter, &["close"], script, &[&ds]);
    let r = &run.results;
    assert!(r.len() == 4 && r[0] == r[1] && r[2] == r[3], "each phase reuses its number: {r:?}");
    let pid = run.events.iter().find(|e| e.event_type() == EventType::PROCEXIT).map(|e| e.pid).unwrap();
    let is_ours = |e: &Event| e.event_type() == EventType::OPENAT && e.str("name").is_some_and(|n| n.starts_with(&ds));
    let opens: Vec<usize> = (0..run.events.len()).filter(|&i| is_ours(&run.events[i])).collect();
    let names: Vec<(&str, bool)> = opens.iter().map(|&i| (run.events[i].str("name").unwrap(), run.events[i].tid == pid)).collect();
    let watched = format!("{ds}/watched/a");
    assert_eq!(names, [(watched.as_str(), false), (watched.as_str(), true)], "only the two opens of the watched file are sent");
    // After each sent open, the first close of that number is the other task's, and sent.
    for (phase, (&at, by_owner)) in opens.iter().zip([true, false]).enumerate() {
        let fd = run.events[at].res;
        let first_close = run.events[at..].iter().find(|e| e.event_type() == EventType::CLOSE && e.int("fd") == Some(fd));
        assert!(
            first_close.is_some_and(|e| (e.tid == pid) == by_owner),
            "phase {}: the {} close of fd {fd} after the other task's sent open was not sent",
            phase + 1,
            if by_owner { "owner's" } else { "thread's" }
        );
    }
    // the owner's first open and its close, and the left-out opens of both phases
    assert!(run.filtered >= 4, "filtered counter: {}", run.filtered);
    let _ = std::fs::remove_dir_all(&d);
}

//! The rule test file reader: every malformed input is refused with a message that names
//! file:line:column of the offending node (golden messages), and well-formed files read into
//! the expected seeds and expectations.

use std::path::Path;
use syssentry_engine::event::{ppm::exe, Param};
use syssentry_engine::rules::Priority;
use syssentry_ruletest::{read_str, split_image, TestFile};
use syssentry_engine::state::FdKind;

fn read(text: &str) -> TestFile {
    read_str(Path::new("t.yaml"), text.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

fn err(text: &str) -> String {
    match read_str(Path::new("t.yaml"), text.as_bytes()) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

/// Compares every message with its golden text and reports all differences at once.
fn check(cases: impl Iterator<Item = (String, &'static str)>) {
    let mut bad = Vec::new();
    for (text, want) in cases {
        let got = err(&text);
        if got != want {
            bad.push(format!("input:\n{text}got:  {got}\nwant: {want}\n"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// A valid header: rules, one container, one process.
const HEAD: &str = "rules: [r.yaml]
containers:
  web: {id: 3ad7a2c1f0e9, image: nginx:1.27}
processes:
  - {pid: 100, exe: /usr/sbin/nginx, container: web}
cases:
";

fn case(events: &str) -> String {
    format!("{HEAD}  - name: c\n    events:\n{events}    expect: []\n")
}

#[test]
fn structure_errors_name_line_and_column() {
    let cases: &[(&str, &str)] = &[
        ("- rule: x\n", "t.yaml:1:1: not a rule test file: the top level must be a mapping with a `cases:` key"),
        ("rules: [r.yaml]\n", "t.yaml:1:1: not a rule test file: the top level must be a mapping with a `cases:` key"),
        ("rules: [r.yaml\ncases: []\n", "t.yaml:2:6: illegal placement of ':' indicator"),
        ("cases:\n  - name: a\n    events: []\n    expect: []\n", "t.yaml:2:5: no rules to load: give `rules:` at the top of the file or in this case"),
        (
            "cases:\n  - {name: a, rules: r.yaml, events: [], expect: []}\n  - {name: b, events: [], expect: []}\n",
            "t.yaml:3:5: no rules to load: give `rules:` at the top of the file or in this case",
        ),
        (
            "rules: r.yaml\ncases:\n  - {name: a, events: [], expect: [{rule: X}], near_miss: [Y, X]}\n",
            "t.yaml:3:63: rule \"X\" is both expected and named a near miss",
        ),
        (
            "rules: r.yaml\ncases:\n  - {name: a, events: [], expect: [], near_miss: {X: 1}}\n",
            "t.yaml:3:50: `near_miss` must be a string or a sequence of strings, found a mapping",
        ),
        (
            "rules: r.yaml\ncases:\n  - {name: a, events: [], expect: [], colour: red}\n",
            "t.yaml:3:39: unknown key `colour` in a case (expected one of: name, rules, host_ips, containers, processes, events, expect, near_miss)",
        ),
        ("rules: [r.yaml]\nsetup: 1\ncases: []\n", "t.yaml:2:1: unknown key `setup` in the test file (expected one of: rules, host_ips, containers, processes, cases)"),
        ("rules: {a: b}\ncases: []\n", "t.yaml:1:8: `rules` must be a string or a sequence of strings, found a mapping"),
        ("rules: [r.yaml]\ncases: []\n", "t.yaml:2:8: the file has no cases"),
        ("rules: [r.yaml]\ncases: {a: 1}\n", "t.yaml:2:8: `cases` must be a sequence, found a mapping"),
        ("rules: [r.yaml]\ncases:\n  - events: []\n    expect: []\n", "t.yaml:3:5: missing key `name` in a case"),
        ("rules: [r.yaml]\ncases:\n  - name: a\n    expect: []\n", "t.yaml:3:5: missing key `events` in a case"),
        ("rules: [r.yaml]\ncases:\n  - name: a\n    events: []\n", "t.yaml:3:5: missing key `expect` in a case"),
        (
            "rules: [r.yaml]\ncases:\n  - {name: a, events: [], expect: []}\n  - {name: a, events: [], expect: []}\n",
            "t.yaml:4:5: case name \"a\" is used twice in this file",
        ),
        ("rules: [r.yaml]\nhost_ips: [10.0.0.300]\ncases: []\n", "t.yaml:2:12: `host_ips`: \"10.0.0.300\" is not an IP address"),
    ];
    check(cases.iter().map(|(t, w)| (t.to_string(), *w)));
}

#[test]
fn seed_errors_name_line_and_column() {
    let cases: &[(&str, &str)] = &[
        (
            "rules: [r.yaml]\ncontainers:\n  web: {id: xyz}\ncases: []\n",
            "t.yaml:3:13: `id`: \"xyz\" is not a container id (12 or 64 hex characters)",
        ),
        ("rules: [r.yaml]\ncontainers:\n  web: {image: x}\ncases: []\n", "t.yaml:3:8: missing key `id` in a container"),
        (
            "rules: [r.yaml]\ncontainers:\n  web: {id: 3ad7a2c1f0e9, colour: red}\ncases: []\n",
            "t.yaml:3:27: unknown key `colour` in a container (expected one of: id, image, name, type, privileged, host_network, host_pid, ip, pod, k8s_ns, pod_uid, labels, pod_labels)",
        ),
        (
            "rules: [r.yaml]\ncontainers:\n  a: {id: 3ad7a2c1f0e9}\n  b: {id: 3ad7a2c1f0e9}\ncases: []\n",
            "t.yaml:4:3: container \"b\" is defined twice",
        ),
        (
            "rules: [r.yaml]\ncontainers:\n  web: {id: 3ad7a2c1f0e9, privileged: maybe}\ncases: []\n",
            "t.yaml:3:39: `privileged`: \"maybe\" is not true or false",
        ),
        ("rules: [r.yaml]\nprocesses:\n  - {pid: 5, exe: /x, container: db}\ncases: []\n", "t.yaml:3:34: unknown container \"db\" (define it under `containers:`)"),
        ("rules: [r.yaml]\nprocesses:\n  - {pid: 5, exe: /x}\n  - {pid: 5, exe: /y}\ncases: []\n", "t.yaml:4:5: pid 5 is defined twice"),
        (
            "rules: [r.yaml]\nprocesses:\n  - {pid: 5, ppid: 4, exe: /x}\ncases: []\n",
            "t.yaml:3:5: process 5: parent 4 is not defined (define it under `processes:`)",
        ),
        ("rules: [r.yaml]\nprocesses:\n  - {pid: -5, exe: /x}\ncases: []\n", "t.yaml:3:11: `pid`: \"-5\" is not a positive process id"),
        ("rules: [r.yaml]\nprocesses:\n  - {pid: 5}\ncases: []\n", "t.yaml:3:5: missing key `exe` in a process"),
        ("rules: [r.yaml]\nprocesses:\n  - {pid: 5, exe: /x, uid: root}\ncases: []\n", "t.yaml:3:28: `uid`: \"root\" is not an unsigned 32-bit integer"),
        (
            "rules: [r.yaml]\nprocesses:\n  - {pid: 5, exe: /x, fds: [{fd: 3, file: /a}, {fd: 3, file: /b}]}\ncases: []\n",
            "t.yaml:3:48: fd 3 is defined twice",
        ),
        (
            "rules: [r.yaml]\nprocesses:\n  - {pid: 5, exe: /x, fds: [{fd: 3, file: /a, tcp: \"1.2.3.4:1->5.6.7.8:2\"}]}\ncases: []\n",
            "t.yaml:3:29: an fd needs exactly one of: file, directory, tcp, udp, listen, unix, memfd",
        ),
        (
            "rules: [r.yaml]\nprocesses:\n  - {pid: 5, exe: /x, fds: [{fd: 3, tcp: \"1.2.3.4:1->5.6.7.8\"}]}\ncases: []\n",
            "t.yaml:3:42: `tcp`: \"1.2.3.4:1->5.6.7.8\" is not a tuple ip:port->ip:port",
        ),
        (
            "rules: [r.yaml]\nprocesses:\n  - {pid: 5, exe: /x, fds: [{fd: 3, file: /a, flags: O_RDONLY|O_SHINY}]}\ncases: []\n",
            "t.yaml:3:54: `flags`: unknown flag \"O_SHINY\" (known: O_LARGEFILE, O_DIRECTORY, O_DIRECT, O_TRUNC, O_SYNC, O_NONBLOCK, O_EXCL, O_DSYNC, O_APPEND, O_CREAT, O_RDWR, O_WRONLY, O_RDONLY, O_CLOEXEC, O_NONE, O_TMPFILE, O_F_CREATED, FD_UPPER_LAYER, FD_LOWER_LAYER)",
        ),
    ];
    check(cases.iter().map(|(t, w)| (t.to_string(), *w)));
}

#[test]
fn event_errors_name_line_and_column() {
    // HEAD has 6 lines, the case header 2 more: the first event is on line 9.
    let cases: &[(&str, &str)] = &[
        ("      - {type: opnat, pid: 100}\n", "t.yaml:9:16: unknown event type \"opnat\""),
        ("      - {pid: 100}\n", "t.yaml:9:9: missing key `type` in an event"),
        ("      - {type: openat}\n", "t.yaml:9:9: missing key `pid` in an event"),
        ("      - {type: openat, pid: 101}\n", "t.yaml:9:29: no process 101 at this point (seed it under `processes:` or create it with a clone/fork event)"),
        (
            "      - {type: openat, pid: 100, args: {nme: /etc/shadow}}\n",
            "t.yaml:9:41: event `openat` has no parameter `nme` (its parameters: fd, dirfd, name, flags, mode, dev, ino)",
        ),
        (
            "      - {type: openat, pid: 100, args: {flags: O_RDONLY|O_WRONGLY}}\n",
            "t.yaml:9:48: `flags`: unknown flag \"O_WRONGLY\" (known: O_LARGEFILE, O_DIRECTORY, O_DIRECT, O_TRUNC, O_SYNC, O_NONBLOCK, O_EXCL, O_DSYNC, O_APPEND, O_CREAT, O_RDWR, O_WRONLY, O_RDONLY, O_CLOEXEC, O_NONE, O_TMPFILE, O_F_CREATED, FD_UPPER_LAYER, FD_LOWER_LAYER)",
        ),
        ("      - {type: openat, pid: 100, fd: 3}\n", "t.yaml:9:38: event `openat` has no `fd` parameter; its return value is `res`"),
        ("      - {type: openat, pid: 100, res: ENOPE}\n", "t.yaml:9:39: `res`: \"ENOPE\" is not an integer or an errno name (EACCES)"),
        ("      - {type: openat, pid: 100, args: {dirfd: cwd}}\n", "t.yaml:9:48: `dirfd`: \"cwd\" is not an fd number or AT_FDCWD"),
        (
            "      - {type: connect, pid: 100, fd: 3, args: {tuple: \"10.0.0.1:5->[::1]:80\"}}\n",
            "t.yaml:9:56: `tuple`: \"10.0.0.1:5->[::1]:80\" is not a tuple ip:port->ip:port ([ipv6]:port) or a unix path",
        ),
        ("      - {type: bind, pid: 100, fd: 3, args: {addr: \"10.0.0.1\"}}\n", "t.yaml:9:52: `addr`: \"10.0.0.1\" is not an address ip:port, [ipv6]:port or /unix/path"),
        ("      - {type: poll, pid: 100, args: {fds: \"3\"}}\n", "t.yaml:9:44: parameter `fds` of `poll` has type FdList, which test files cannot set"),
        ("      - {type: openat, pid: 100, time: yesterday}\n", "t.yaml:9:40: `time`: \"yesterday\" is not an RFC 3339 time (2026-01-02T03:04:05Z)"),
        ("      - {type: openat, pid: 100, child: 5}\n", "t.yaml:9:34: unknown key `child` in an event (expected one of: type, pid, tid, res, fd, args, time, enter)"),
        (
            "      - {type: clone, pid: 100, child: 101, args: {flags: 0}}\n",
            "t.yaml:9:33: `child` belongs to the `clone` convenience form, which cannot be combined with an `args:` mapping",
        ),
        ("      - {type: clone, pid: 100, child: 100}\n", "t.yaml:9:40: `child`: \"100\" is not the pid of a process that does not exist yet"),
        ("      - {type: execve, pid: 100, args: [ls]}\n", "t.yaml:9:9: missing key `exe` in an execve event"),
        (
            "      - {type: execve, pid: 100, exe: /bin/ls, memfd: yes}\n",
            "t.yaml:9:55: `memfd`: \"yes\" is not true or false",
        ),
        (
            "      - {type: exit, pid: 100}\n      - {type: openat, pid: 100}\n",
            "t.yaml:10:29: no process 100 at this point (seed it under `processes:` or create it with a clone/fork event)",
        ),
    ];
    check(cases.iter().map(|(t, w)| (case(t), *w)));
}

#[test]
fn expectation_errors_name_line_and_column() {
    let base = "rules: [r.yaml]\ncases:\n  - name: a\n    events: []\n    expect:\n";
    let cases: &[(&str, &str)] = &[
        ("      - {priority: WARNING}\n", "t.yaml:6:9: missing key `rule` in an expected alert"),
        ("      - {rule: x, priority: LOUD}\n", "t.yaml:6:29: `priority`: \"LOUD\" is not a priority (emergency ... debug)"),
        ("      - {rule: x, output: y}\n", "t.yaml:6:19: unknown key `output` in an expected alert (expected one of: rule, priority, output_contains)"),
        ("      - {rule: x, output_contains: {a: b}}\n", "t.yaml:6:36: `output_contains` must be a string or a sequence of strings, found a mapping"),
        ("      rule: x\n", "t.yaml:6:7: `expect` must be a sequence, found a mapping"),
    ];
    check(cases.iter().map(|(t, w)| (format!("{base}{t}"), *w)));
}

#[test]
fn a_complete_file_reads_into_seeds_and_expectations() {
    let f = read(
        "rules: [../rules, extra.yaml]
host_ips: [192.168.1.20, \"2001:db8::1\"]
containers:
  web:
    id: 3AD7A2C1F0E9b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de4
    image: registry.local:5000/team/nginx:1.27@sha256:abc
    name: web-1
    privileged: true
    pod: web-7d9f
    k8s_ns: edge
    labels: {app: web}
    pod_labels: {tier: front}
processes:
  - pid: 100
    exe: /usr/sbin/nginx
    args: [nginx, -g, daemon off;]
    container: web
    uid: 33
    cwd: /srv
    tty: 34816
    loginuid: 1000
    upper_layer: true
    env: [A=1]
    fds:
      - {fd: 3, file: /var/log/nginx/access.log, flags: O_WRONLY|O_APPEND}
      - {fd: 4, listen: \"[::]:443\"}
      - {fd: 5, tcp: \"10.0.0.5:51000->10.0.0.9:5432\"}
      - {fd: 6, udp: \"10.0.0.5:40000->10.0.0.2:53\", role: client}
      - {fd: 7, unix: /run/app.sock}
      - {fd: 8, memfd: payload}
      - {fd: 9, directory: /srv}
cases:
  - name: one
    processes: [{pid: 200, ppid: 100, exe: /bin/sh}]
    events: []
    expect:
      - {rule: R, priority: info, output_contains: [a, b]}
      - {rule: S, output_contains: c}
  - name: two
    events: []
    expect:
",
    );
    assert_eq!(f.rules, vec![Path::new("../rules"), Path::new("extra.yaml")]);
    assert_eq!(f.seed.host_ips.len(), 2);
    let c = &f.seed.containers[0];
    assert_eq!((c.key.as_str(), c.info.id.as_str(), c.info.full_id.len()), ("web", "3ad7a2c1f0e9", 64));
    assert_eq!(
        (c.info.image_repository.as_str(), c.info.image_tag.as_str(), c.info.image_digest.as_str()),
        ("registry.local:5000/team/nginx", "1.27", "sha256:abc")
    );
    assert!(c.info.privileged);
    assert_eq!(c.info.labels.get("io.kubernetes.pod.name").map(String::as_str), Some("web-7d9f"));
    assert_eq!(c.info.labels.get("io.kubernetes.pod.namespace").map(String::as_str), Some("edge"));
    assert_eq!(c.info.labels.get("app").map(String::as_str), Some("web"));
    assert_eq!(c.info.pod_sandbox_labels.get("tier").map(String::as_str), Some("front"));
    let p = &f.seed.processes[0];
    assert_eq!((p.pid, p.ppid, p.comm.as_str(), p.container_id.as_str()), (100, 1, "nginx", "3ad7a2c1f0e9"));
    assert_eq!(p.args, ["nginx", "-g", "daemon off;"]);
    assert_eq!((p.uid, p.gid, p.loginuid, p.tty, p.cwd.as_str()), (33, 33, 1000, 34816, "/srv/"));
    assert_eq!(p.exe_flags, exe::EXE_UPPER_LAYER);
    let kinds: Vec<(i64, FdKind, &str)> = p.fds.iter().map(|(n, fd)| (*n, fd.kind, &*fd.name)).collect();
    assert_eq!(
        kinds,
        [
            (3, FdKind::File, "/var/log/nginx/access.log"),
            (4, FdKind::Ipv6ServSock, ":::443"),
            (5, FdKind::Ipv4Sock, "10.0.0.5:51000->10.0.0.9:5432"),
            (6, FdKind::Ipv4Sock, "10.0.0.5:40000->10.0.0.2:53"),
            (7, FdKind::Unix, "/run/app.sock"),
            (8, FdKind::Memfd, "payload"),
            (9, FdKind::Directory, "/srv"),
        ]
    );
    assert_eq!(p.fds[0].1.flags, 2 | 8);
    assert_eq!(f.cases[0].seed.processes[0].ppid, 100);
    let e = &f.cases[0].expect;
    assert_eq!((e[0].rule.as_str(), e[0].priority, e[0].output_contains.clone()), ("R", Some(Priority::Informational), vec!["a".to_string(), "b".into()]));
    assert_eq!((e[1].priority, e[1].output_contains.clone()), (None, vec!["c".to_string()]));
    assert!(f.cases[1].expect.is_empty(), "a null expect is no alert at all");
    assert_eq!((f.cases[1].pos.line, f.cases[1].pos.column), (39, 5));
    // Parameters are checked while reading, so a read file holds built events.
    let g = read(&case("      - {type: openat, pid: 100, res: 3, args: {name: /etc/shadow, flags: O_RDONLY}}\n"));
    assert_eq!(g.cases[0].events[0].event.param_by_name("name"), Param::Str("/etc/shadow"));
}

#[test]
fn images_split_into_repository_tag_and_digest() {
    let s = |i: &str| {
        let (r, t, d) = split_image(i);
        format!("{r}|{t}|{d}")
    };
    assert_eq!(s("nginx"), "nginx||");
    assert_eq!(s("docker.io/library/nginx:1.27"), "docker.io/library/nginx|1.27|");
    assert_eq!(s("localhost:5000/app"), "localhost:5000/app||");
    assert_eq!(s("app@sha256:ff"), "app||sha256:ff");
}

mod hostile {
    use proptest::prelude::*;
    use syssentry_ruletest::{read_str, run_test_file};

    const FRAGMENTS: &[&str] = &[
        "{type: clone, pid: 100, child: 101}",
        "{type: execve, pid: 101, exe: /bin/sh, args: [sh]}",
        "{type: exit, pid: 100}",
        "{type: exit, pid: 1}",
        "{type: openat, pid: 100, res: 3, args: {name: /etc/shadow, flags: O_RDONLY}}",
        "{type: connect, pid: 100, fd: 3, args: {tuple: \"[::1]:1->[::2]:2\"}}",
        "{type: close, pid: 100, fd: 3}",
        "{type: vfork, pid: 100, child: 102}",
        "{type: listen, pid: 100, fd: 9}",
        "{type: execve, pid: 100, tid: 100, exe: \"\", args: []}",
        "{type: ptrace, pid: 100, args: {request: 0xffffffffffff, pid: -1}}",
        "{type: openat, pid: 100, time: \"2262-04-11T23:47:16Z\"}",
        "{type: dup2, pid: 100, res: 1, args: {oldfd: 3, newfd: 1}}",
        "[",
        "{type: 7, pid: x}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        /// Any sequence of events, valid or not, is either refused with an error or run: never a
        /// panic.
        #[test]
        fn reading_and_running_never_panics(picks in proptest::collection::vec(0..FRAGMENTS.len(), 0..12)) {
            let dir = std::env::temp_dir().join(format!("ruletest-hostile-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("r.yaml"), "- rule: Any\n  desc: d\n  condition: evt.type in (openat, execve, connect)\n  output: '%proc.name %fd.name'\n  priority: INFO\n").unwrap();
            let mut text = String::from("rules: [r.yaml]\nprocesses: [{pid: 100, exe: /x, fds: [{fd: 9, listen: \"[::]:1\"}]}]\ncases:\n  - name: c\n    events:\n");
            for i in &picks {
                text.push_str(&format!("      - {}\n", FRAGMENTS[*i]));
            }
            text.push_str("    expect: []\n");
            let ran = read_str(&dir.join("t.yaml"), text.as_bytes()).map(|f| run_test_file(&f).unwrap());
            let _ = std::fs::remove_dir_all(&dir);
            if let Ok(r) = ran {
                prop_assert_eq!(r.cases.len(), 1);
            }
        }
    }
}

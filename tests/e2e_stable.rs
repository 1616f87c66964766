//! End to end with the kernel and the upstream stable rules, loaded unchanged: one
//! `syssentry run --rules ../shared/falco-rules/falco_rules.yaml` for the whole file; child
//! processes perform what each rule is about (on the host, in a cgroup named as containerd names
//! a container's, against a network namespace of the test's own with a documentation address);
//! then every expected alert is looked up and its rule, priority and whole output text (after the
//! time prefix) are checked, with patterns only where values cannot be known (ports, pids, times,
//! the test harness's own ancestors).
//!
//! Needs root, BTF and BPF; prints `SKIPPED: ...` and passes when the machine lacks them. Never
//! sends traffic anywhere but to the namespace it creates.



use syssentry_testkit::cli_sensor::*;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The script the Python actions run: `attach` (PTRACE_ATTACH to a child), `traceme`,
/// `memfd` (execute /bin/true from a memfd), `packet` (an AF_PACKET socket).
const ACT_PY: &str = r#"import ctypes, os, socket, subprocess, sys, time
libc = ctypes.CDLL(None, use_errno=True)
what = sys.argv[1]
if what == "attach":
    child = subprocess.Popen(["/bin/sleep", "10"])
    time.sleep(0.05)
    rc = libc.ptrace(16, child.pid, 0, 0)
    child.kill()
    child.wait()
    sys.exit(0 if rc == 0 else 1)
elif what == "traceme":
    sys.exit(0 if libc.ptrace(0, 0, 0, 0) == 0 else 1)
elif what == "memfd":
    fd = os.memfd_create("sse-e2e-payload", 0)
    with open("/bin/true", "rb") as f:
        os.write(fd, f.read())
    os.execv("/proc/self/fd/%d" % fd, ["sse-memfd", sys.argv[2]])
elif what == "packet":
    socket.socket(socket.AF_PACKET, socket.SOCK_RAW).close()
"#;

/// The fixed tail syscall rules' outputs get for a host process.
const HOST: &str = " container_id=host container_name=host container_image_repository= container_image_tag= \
k8s_pod_name=<NA> k8s_ns_name=<NA>";

/// Removes the test's files when dropped.
struct Scratch(PathBuf, Vec<PathBuf>);
impl Drop for Scratch {
    fn drop(&mut self) {
        for f in &self.1 {
            let _ = std::fs::remove_file(f);
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One alert the test expects: the rule, the priority, a text only this test's action puts in
/// the output (to tell it from other activity on the machine), and the output pattern.
struct Expect {
    rule: &'static str,
    priority: &'static str,
    marker: String,
    output: String,
}

fn run_ok(cmd: &mut Command) {
    let st = cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).status();
    assert!(st.is_ok(), "{cmd:?}: {st:?}");
}

fn real(p: &str) -> String {
    std::fs::canonicalize(p).unwrap_or_else(|e| panic!("{p}: {e}")).display().to_string()
}

#[test]
fn stable_rules_alert_on_real_actions() {
    if let Some(why) = skip_reason() {
        println!("SKIPPED: {why}");
        return;
    }
    let tag = std::process::id();
    let rules = syssentry_testkit::paths::upstream_rules("falco_rules.yaml");
    assert!(rules.is_file(), "upstream stable rules at {}", rules.display());
    let (timeout, python, ssh) = (need_program("timeout"), PYTHON, need_program("ssh"));
    assert!(Path::new(python).exists(), "{python} is not installed; scripts/setup installs it");

    // Fixtures, all set up before the sensor starts (so /proc seeding sees the veth address as
    // local, as Falco's interface list at start would).
    let dir = std::env::temp_dir().join(format!("syssentry-e2e-{tag}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let log_file = PathBuf::from(format!("/var/log/syssentry-e2e-{tag}.log"));
    let shm_exe = PathBuf::from(format!("/dev/shm/sse-{tag}"));
    let _scratch = Scratch(dir.clone(), vec![log_file.clone(), shm_exe.clone()]);
    let d = dir.display().to_string();
    let marker = dir.join("marker");
    std::fs::write(&marker, "").unwrap();
    std::fs::write(dir.join("act.py"), ACT_PY).unwrap();
    std::fs::write(&log_file, "old log lines\n").unwrap();
    std::fs::copy("/bin/true", &shm_exe).unwrap();
    // A process named as containerd's shim, parent of the container's processes: a copy of
    // timeout(1), which runs its command as a child.
    let shim = dir.join("containerd-shim");
    std::fs::copy(&timeout, &shim).unwrap();
    let netns = Netns::create(tag).expect("network namespace");
    let _listener = netns.listen(&syssentry_testkit::paths::syssentry(), 4444).expect("listener");
    let cgroup = ContainerCgroup::create(tag).expect("container cgroup");
    let overlay = Overlay::mount(&dir.join("ov")).expect("overlay");
    let dropped = overlay.merged.join("dropped");
    std::fs::copy("/bin/true", &dropped).unwrap();
    let dropped_meta = std::fs::metadata(&dropped).unwrap();
    let ns_of = |s: i64, ns: i64| (s * 1_000_000_000 + ns).to_string();
    let (ctime, mtime) =
        (ns_of(dropped_meta.ctime(), dropped_meta.ctime_nsec()), ns_of(dropped_meta.mtime(), dropped_meta.mtime_nsec()));

    let sensor = match Sensor::start(&["--ring-buffer-bytes", "67108864", "--rules", rules.to_str().unwrap()]) {
        Ok(s) => s,
        Err(why) => {
            println!("SKIPPED: {why}");
            return;
        }
    };

    // Host actions, each started by timeout(1) so that the parent is known.
    let host = |args: &[&str]| {
        run_ok(Command::new(&timeout).arg("20").args(args).current_dir(&dir));
    };
    let m = marker.display().to_string();
    host(&["cat", "/etc/shadow", &m]);
    host(&["cat", "/etc/../etc/../etc/passwd", &m]);
    host(&["grep", "BEGIN PRIVATE", &m]);
    host(&["grep", "aws_access_key_id", &m]);
    host(&["cp", "/dev/null", log_file.to_str().unwrap()]);
    host(&["ln", "-s", "/etc/shadow", &format!("{d}/shadow-link")]);
    host(&["ln", "/etc/shadow", &format!("{d}/shadow-hard")]);
    let act = format!("{d}/act.py");
    host(&[python, &act, "attach"]);
    host(&[python, &act, "traceme"]);
    host(&[shm_exe.to_str().unwrap()]);
    host(&[python, &act, "memfd", &d]);
    let ssh_args = [
        "-F", "/dev/null", "-p", "4444", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-o",
        "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
    ];
    let ssh_s = ssh.display().to_string();
    let mut ssh_cmd: Vec<&str> = vec![&ssh_s];
    ssh_cmd.extend(ssh_args);
    ssh_cmd.extend([netns.ns_ip.as_str(), "true"]);
    host(&ssh_cmd);

    // Container actions: children join the container's cgroup before they execute, under a
    // parent named containerd-shim.
    let procs: std::os::fd::OwnedFd =
        std::fs::OpenOptions::new().write(true).open(cgroup.procs()).expect("cgroup.procs").into();
    let container = |args: &[&str], tty: Option<&std::os::fd::OwnedFd>| {
        let mut cmd = Command::new(&shim);
        cmd.args(["--foreground", "20"]).args(args).current_dir(&dir);
        in_container(&mut cmd, &procs, tty);
        run_ok(&mut cmd);
    };
    let pty = Pty::open().expect("pty");
    container(&["/bin/bash", "-c", &format!(": sse-{tag}")], Some(&pty.slave));
    container(&[dropped.to_str().unwrap()], None);
    container(&[python, &act, "packet"], None);
    container(&["/bin/bash", "-c", &format!("exec 1>/dev/tcp/{}/4444", netns.ns_ip)], None);


    // What every output shows of the user and terminal of the test's children.
    let l = own_loginuid();
    let ln = if l == -1 { "<NA>".to_string() } else { "{*}".to_string() };
    let t = own_tty();
    let user = format!("user=root user_uid=0 user_loginuid={l}");
    let cont = format!(
        " container_id={} container_name=<NA> container_image_repository=<NA> container_image_tag=<NA> \
k8s_pod_name=<NA> k8s_ns_name=<NA>",
        cgroup.short_id()
    );
    let (cat, grep, cp, lnx, py, bash) =
        (real("/usr/bin/cat"), real("/usr/bin/grep"), real("/usr/bin/cp"), real("/usr/bin/ln"), real(python), real("/bin/bash"));
    let sshx = real(&ssh_s);
    let shm = shm_exe.display().to_string();
    let short = format!("sse-{tag}");
    let logf = log_file.display().to_string();
    let anc = "gparent={*} ggparent={*} gggparent={*}";
    let ssh_cmdline = format!("ssh {} {} true", ssh_args.join(" "), netns.ns_ip);
    let merged = overlay.merged.display().to_string();

    let expected = vec![
        Expect {
            rule: "Read sensitive file untrusted",
            priority: "Warning",
            marker: format!("command=cat /etc/shadow {m} "),
            output: format!(
                "Warning Sensitive file opened for reading by non-trusted program | file=/etc/shadow {anc} \
evt_type=openat {user} process=cat proc_exepath={cat} parent=timeout command=cat /etc/shadow {m} terminal={t}{HOST}"
            ),
        },
        Expect {
            rule: "Directory traversal monitored file read",
            priority: "Warning",
            marker: format!("command=cat /etc/../etc/../etc/passwd {m} "),
            output: format!(
                "Warning Read monitored file via directory traversal | file=/etc/passwd \
fileraw=/etc/../etc/../etc/passwd {anc} evt_type=openat {user} process=cat proc_exepath={cat} parent=timeout \
command=cat /etc/../etc/../etc/passwd {m} terminal={t}{HOST}"
            ),
        },
        Expect {
            rule: "Search Private Keys or Passwords",
            priority: "Warning",
            marker: format!("command=grep BEGIN PRIVATE {m} "),
            output: format!(
                "Warning Grep private keys or passwords activities found | evt_type=execve {user} process=grep \
proc_exepath={grep} parent=timeout command=grep BEGIN PRIVATE {m} terminal={t} exe_flags=EXE_WRITABLE{{*}}{HOST}"
            ),
        },
        Expect {
            rule: "Find AWS Credentials",
            priority: "Warning",
            marker: format!("command=grep aws_access_key_id {m} "),
            output: format!(
                "Warning Detected AWS credentials search activity | proc_pcmdline=timeout 20 grep aws_access_key_id {m} \
proc_cwd={d}/ group_gid=0 group_name=root user_loginname={ln} evt_type=execve {user} process=grep \
proc_exepath={grep} parent=timeout command=grep aws_access_key_id {m} terminal={t} exe_flags=EXE_WRITABLE{{*}}{HOST}"
            ),
        },
        Expect {
            rule: "Clear Log Activities",
            priority: "Warning",
            marker: format!("file={logf} "),
            output: format!(
                "Warning Log files were tampered | file={logf} evt_type=openat {user} process=cp proc_exepath={cp} \
parent=timeout command=cp /dev/null {logf} terminal={t}{HOST}"
            ),
        },
        Expect {
            rule: "Create Symlink Over Sensitive Files",
            priority: "Warning",
            marker: format!("linkpath={d}/shadow-link "),
            output: format!(
                "Warning Symlinks created over sensitive files | target=/etc/shadow linkpath={d}/shadow-link \
evt_type=symlinkat {user} process=ln proc_exepath={lnx} parent=timeout command=ln -s /etc/shadow {d}/shadow-link \
terminal={t}{HOST}"
            ),
        },
        Expect {
            rule: "Create Hardlink Over Sensitive Files",
            priority: "Warning",
            marker: format!("linkpath={d}/shadow-hard "),
            output: format!(
                "Warning Hardlinks created over sensitive files | target=/etc/shadow linkpath={d}/shadow-hard \
evt_type=linkat {user} process=ln proc_exepath={lnx} parent=timeout command=ln /etc/shadow {d}/shadow-hard \
terminal={t}{HOST}"
            ),
        },
        Expect {
            rule: "PTRACE attached to process",
            priority: "Warning",
            marker: format!("command=python3 {act} attach "),
            output: format!(
                "Warning Detected ptrace PTRACE_ATTACH attempt | proc_pcmdline=timeout 20 {python} {act} attach \
evt_type=ptrace {user} process=python3 proc_exepath={py} parent=timeout command=python3 {act} attach \
terminal={t}{HOST}"
            ),
        },
        Expect {
            rule: "PTRACE anti-debug attempt",
            priority: "Notice",
            marker: format!("command=python3 {act} traceme "),
            output: format!(
                "Notice Detected potential PTRACE_TRACEME anti-debug attempt | proc_pcmdline=timeout 20 {python} {act} \
traceme evt_type=ptrace {user} process=python3 proc_exepath={py} parent=timeout command=python3 {act} traceme \
terminal={t}{HOST}"
            ),
        },
        Expect {
            rule: "Execution from /dev/shm",
            priority: "Warning",
            marker: format!("proc_exepath={shm} "),
            output: format!(
                "Warning File execution detected from /dev/shm | evt_res=SUCCESS file=<NA> proc_cwd={d}/ \
proc_pcmdline=timeout 20 {shm} user_loginname={ln} group_gid=0 group_name=root evt_type=execve {user} \
process={short} proc_exepath={shm} parent=timeout command={short} terminal={t} exe_flags=EXE_WRITABLE{HOST}"
            ),
        },
        Expect {
            rule: "Fileless execution via memfd_create",
            priority: "Critical",
            marker: format!(" {d} terminal="),
            // The kernel names the process after the file it executed, /proc/self/fd/<n>: comm
            // is the fd number, and proc.cmdline is comm followed by the arguments.
            output: format!(
                "Critical Fileless execution via memfd_create | container_start_ts={{n}} proc_cwd={d}/ evt_res=SUCCESS \
proc_sname={{*}} gparent={{*}} evt_type=execve {user} process={{n}} proc_exepath=memfd:sse-e2e-payload \
parent=timeout command={{n}} {d} terminal={t} exe_flags=EXE_WRITABLE|EXE_FROM_MEMFD{HOST}"
            ),
        },
        Expect {
            rule: "Disallowed SSH Connection Non Standard Port",
            priority: "Notice",
            marker: format!("->{}:4444 ", netns.ns_ip),
            output: format!(
                "Notice Disallowed SSH Connection | connection={}:{{n}}->{}:4444 lport={{n}} rport=4444 fd_type=ipv4 \
fd_proto=tcp evt_type=connect {user} process=ssh proc_exepath={sshx} parent=timeout command={ssh_cmdline} \
terminal={t}{HOST}",
                netns.host_ip, netns.ns_ip
            ),
        },
        Expect {
            rule: "Terminal shell in container",
            priority: "Notice",
            marker: format!("container_id={} ", cgroup.short_id()),
            output: format!(
                "Notice A shell was spawned in a container with an attached terminal | evt_type=execve {user} \
process=bash proc_exepath={bash} parent=containerd-shim command=bash -c : sse-{tag} terminal={} \
exe_flags=EXE_WRITABLE{{*}}{cont}",
                pty.tty_nr
            ),
        },
        Expect {
            rule: "Drop and execute new binary in container",
            priority: "Critical",
            marker: format!("container_id={} ", cgroup.short_id()),
            output: format!(
                "Critical Executing binary not part of base image | proc_exe={merged}/dropped proc_sname={{*}} \
gparent={{*}} proc_exe_ino_ctime={ctime} proc_exe_ino_mtime={mtime} proc_exe_ino_ctime_duration_proc_start={{n}} \
proc_cwd={d}/ container_start_ts={{n}} evt_type=execve {user} process=dropped proc_exepath={merged}/dropped \
parent=containerd-shim command=dropped terminal={t} exe_flags=EXE_WRITABLE|EXE_UPPER_LAYER{cont}"
            ),
        },
        Expect {
            rule: "Packet socket created in container",
            priority: "Notice",
            marker: format!("container_id={} ", cgroup.short_id()),
            // Python asks for SOCK_RAW | SOCK_CLOEXEC: the type is shown as passed (3 | 0x80000).
            output: format!(
                "Notice Packet socket was created in a container | socket_info=fd={{n}}(<o>) domain=17(AF_PACKET) \
type=524291 proto=0 flags=4096(O_CLOEXEC) connection= lport=<NA> rport=<NA> fd_type=<NA> fd_proto=<NA> \
evt_type=socket {user} process=python3 proc_exepath={py} parent=containerd-shim command=python3 {act} packet \
terminal={t}{cont}"
            ),
        },
        Expect {
            rule: "Redirect STDOUT/STDIN to Network Connection in Container",
            priority: "Notice",
            marker: format!("container_id={} ", cgroup.short_id()),
            // The container has no IP known to the sensor (no runtime metadata), so, as in
            // libsinsp, the host's veth address is not "local" for it: lport is the server's port.
            output: format!(
                "Notice Redirect stdout/stdin to network connection | {anc} fd.sip={ns} \
connection={h}:{{n}}->{ns}:4444 lport=4444 rport={{n}} fd_type=ipv4 fd_proto=tcp evt_type=dup2 {user} \
process=bash proc_exepath={bash} parent=containerd-shim command=bash -c exec 1>/dev/tcp/{ns}/4444 \
terminal={t}{cont}",
                ns = netns.ns_ip,
                h = netns.host_ip
            ),
        },
    ];

    // Wait for the alerts (the sensor is a debug build and the machine may be busy), then stop.
    let pending = |lines: &[String]| {
        expected
            .iter()
            .filter(|e| !lines.iter().any(|l| l.contains(&format!("\"rule\":\"{}\"", e.rule)) && l.contains(&e.marker)))
            .count()
    };
    sensor.wait_for(Duration::from_secs(30), |lines| pending(lines) == 0);
    let run = sensor.stop();

    let mut failures = Vec::new();
    for e in &expected {
        let found: Vec<&serde_json::Value> = run
            .alerts
            .iter()
            .filter(|a| a["rule"] == e.rule && a["output"].as_str().is_some_and(|o| o.contains(&e.marker)))
            .collect();
        let Some(alert) = found.first() else {
            failures.push(format!("no alert for {:?} (marker {:?})", e.rule, e.marker));
            continue;
        };
        if found.len() != 1 {
            failures.push(format!("{} alerts for {:?}, expected one", found.len(), e.rule));
        }
        if alert["priority"] != e.priority {
            failures.push(format!("{}: priority {} != {}", e.rule, alert["priority"], e.priority));
        }
        assert_eq!(alert["source"], "syscall");
        let output = alert["output"].as_str().unwrap();
        // Falco's default time prefix: local HH:MM:SS.nnnnnnnnn, then ": ".
        let (prefix, text) = output.split_once(": ").unwrap();
        if !matches("{n}:{n}:{n}.{n}", prefix) || prefix.len() != 18 {
            failures.push(format!("{}: time prefix {prefix:?}", e.rule));
        }
        if !matches(&e.output, text) {
            failures.push(format!("{}:\n  got:  {text}\n  want: {}", e.rule, e.output));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nall alerts:\n{}\nstderr:\n{}",
        failures.join("\n"),
        run.stdout,
        run.stderr
    );
    assert!(run.stderr.contains("syssentry: alerts:"), "statistics at exit:\n{}", run.stderr);
    drop(pty);
}

#[test]
fn pattern_matcher() {
    assert!(matches("a {n} b", "a 123 b"));
    assert!(!matches("a {n} b", "a  b"));
    assert!(matches("x={*} y", "x= y"));
    assert!(matches("x={*} y={n}", "x=a:b y=7"));
    assert!(!matches("x={*} y", "x=a b y"));
    assert!(matches("p={n}:{n}", "p=1:2"));
    assert!(!matches("exact", "exact!"));
}

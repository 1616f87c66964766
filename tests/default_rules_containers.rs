//! The default rules that depend on container metadata, proven live: real actions in real Docker
//! containers (a private daemon, images made from busybox and named as real ones are) fire each
//! of them through `syssentry run` with the default rules and options, and every alert from the
//! containers names the container, its image and tag, its pod and its namespace (the rule's
//! output and the container fields appended to it). Those rules test the image
//! (`container.image.repository`) or the Kubernetes namespace (`k8s.ns.name`, from the
//! `io.kubernetes.pod.*` labels), in their conditions or in the exceptions users tune, so their
//! synthetic tests in `rules/tests/` alone cannot show that the sensor gives them what they
//! test. Near misses show the metadata is really used: the same action does not fire where the
//! rules expect it (an nginx container running nginx or listening on 8080, a controller in
//! `kube-system` calling the API server), and a second sensor, with a local tuning file that
//! trusts the image `ops/toolbox` and watches the namespace `load-balancer`, reports the same
//! actions in the toolbox container no more, and a listener in that namespace it did not.
//! `docs/rules.md` says these rules are proven live here: a second test checks that the rules
//! whose fields `syssentry rules doc` marks as coming from the runtime (†) are exactly those
//! proven here, so a new rule that needs metadata fails it until it is proven live too.
//!
//! Network: every container has no network of its own; they share the network namespace of
//! one of them (`--network container:net`), made with `--network none`, whose loopback device
//! also carries 192.0.2.10 (TEST-NET-1, a documentation address) and 169.254.169.254 (the cloud
//! metadata address), with local listeners: connections to them never leave that namespace.
//!
//! The live test needs root (the daemon) and BPF: without them it prints `SKIPPED: <why>` (a
//! failure in `scripts/test`).

use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::panic::AssertUnwindSafe;
use std::process::Command;
use std::time::{Duration, Instant};
use syssentry_testkit::cli_sensor::{Sensor, SensorRun};
use syssentry_testkit::privileges::skip;
use syssentry_testkit::runtimes::{busybox_rootfs_tar, Dockerd};

/// A container of the test, with the metadata its alerts must carry.
struct Ctr {
    name: &'static str,
    image: &'static str,
    pod: &'static str,
    ns: &'static str,
    /// `docker run` options beyond the name and labels.
    opts: &'static [&'static str],
}

impl Ctr {
    /// `(repository, tag)` of the image.
    fn repo_tag(&self) -> (&'static str, &'static str) {
        self.image.rsplit_once(':').expect("images are named with a tag")
    }
}

/// Holds the network namespace the others share, and the listeners they connect to.
const NET: Ctr = Ctr { name: "net", image: "shop/api:2", pod: "net-0", ns: "shop", opts: &["--network", "none", "--cap-add", "NET_ADMIN"] };
/// An application container where an attacker does everything the image-tunable rules report.
const API: Ctr = Ctr { name: "api", image: "shop/api:2", pod: "api-5d8c9", ns: "shop", opts: &["--network", "container:net", "--cap-add", "SYS_ADMIN"] };
/// The same actions in a toolbox image, which the tuning file trusts.
const TOOLBOX: Ctr = Ctr { name: "toolbox", image: "ops/toolbox:1", pod: "toolbox-0", ns: "shop", opts: &["--network", "container:net", "--cap-add", "SYS_ADMIN"] };
/// An nginx container: its programs, listening ports and destinations are known to the rules.
const WEB: Ctr = Ctr { name: "web", image: "nginx:1.27", pod: "web-7d9f", ns: "default", opts: &["--network", "container:net"] };
/// A controller in `kube-system`, whose calls to the API server and metadata are expected.
const OPERATOR: Ctr = Ctr { name: "operator", image: "shop/api:2", pod: "operator-6b7f", ns: "kube-system", opts: &["--network", "container:net"] };
/// A load balancer in namespace `load-balancer`, watched by the tuning file only.
const LB: Ctr = Ctr { name: "lb", image: "shop/api:2", pod: "haproxy-0", ns: "load-balancer", opts: &["--network", "container:net"] };

const CONTAINERS: [&Ctr; 6] = [&NET, &API, &TOOLBOX, &WEB, &OPERATOR, &LB];

/// The rules with an exception `trusted_images` (with no values in the default rules).
const TRUSTED_IMAGES_RULES: [&str; 8] = [
    "Namespace created with unshare in container",
    "Filesystem mounted in container",
    "Standard stream redirected to network socket in container",
    "Program dropped and run in container",
    "Privilege-changing program run in container",
    "Package manager run in container",
    "Network tool run in container",
    "Raw packet socket opened in container",
];

/// A user's tuning file after the default rules (`/etc/syssentry/rules.d/90-local.yaml`): the
/// toolbox image may do what the rules report elsewhere, and in namespace `load-balancer` only
/// httpd may listen.
fn local_tuning() -> String {
    let mut text = String::from(
        "- list: shell_allowed_images\n  items: [ops/toolbox]\n  override:\n    items: append\n\
         - list: k8s_api_client_images\n  items: [ops/toolbox]\n  override:\n    items: append\n\
         - list: cloud_metadata_client_images\n  items: [ops/toolbox]\n  override:\n    items: append\n\
         - list: listen_allowlisted_namespaces\n  items: [load-balancer]\n  override:\n    items: append\n\
         - rule: Unexpected listening socket in container\n  exceptions:\n    - name: allowed_namespace_programs\n      \
         values:\n        - [load-balancer, [httpd]]\n  override:\n    exceptions: append\n",
    );
    for rule in TRUSTED_IMAGES_RULES {
        text.push_str(&format!(
            "- rule: {rule}\n  exceptions:\n    - name: trusted_images\n      values: [ops/toolbox]\n  override:\n    exceptions: append\n"
        ));
    }
    text
}

/// A start-up script of nginx's image, which its entrypoint lists.
const ENTRYPOINT_SCRIPT: &str = "10-listen-on-ipv6-by-default.sh";

/// The images: the test kit's busybox rootfs with the applets the actions run, an nginx that
/// only checks its configuration, and nginx's entrypoint script, which lists its start-up
/// directory and starts the container's command.
fn import_images(d: &Dockerd, dir: &Path) {
    busybox_rootfs_tar(dir);
    let root = dir.join("rootfs");
    for applet in ["cp", "true", "ip", "httpd", "unshare", "mount", "su", "dpkg", "arping"] {
        let link = root.join("bin").join(applet);
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink("busybox", link).unwrap();
    }
    for sub in ["mnt", "docker-entrypoint.d", "usr/sbin"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
    let script = |rel: &str, text: &str| {
        use std::os::unix::fs::PermissionsExt;
        let p = root.join(rel);
        std::fs::write(&p, text).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    };
    script(&format!("docker-entrypoint.d/{ENTRYPOINT_SCRIPT}"), "#!/bin/sh\n");
    // With its path: busybox's sh runs an applet named without one as /proc/self/exe (whose
    // process name is then `exe`, not `ls`).
    script("docker-entrypoint.sh", "#!/bin/sh\n/bin/ls /docker-entrypoint.d\nexec \"$@\"\n");
    script("usr/sbin/nginx", "#!/bin/sh\necho \"nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\"\n");
    let tar = dir.join("images.tar");
    let out = Command::new("tar").arg("-C").arg(&root).arg("-cf").arg(&tar).arg(".").output().unwrap();
    assert!(out.status.success(), "tar: {}", String::from_utf8_lossy(&out.stderr));
    for image in [API.image, TOOLBOX.image, WEB.image] {
        d.ok(&["import", &tar.to_string_lossy(), image]);
    }
}

/// Starts `c` (labelled as Kubernetes labels a pod's containers) with `cmd`; its full id.
fn run(d: &Dockerd, c: &Ctr, cmd: &[&str]) -> String {
    let pod = format!("io.kubernetes.pod.name={}", c.pod);
    let ns = format!("io.kubernetes.pod.namespace={}", c.ns);
    let mut args = vec!["run", "-d", "--name", c.name, "--label", &pod, "--label", &ns];
    args.extend_from_slice(c.opts);
    args.push(c.image);
    args.extend_from_slice(cmd);
    d.ok(&args)
}

/// `docker exec [flags] CONTAINER args`, which must succeed.
fn exec(d: &Dockerd, flags: &[&str], c: &Ctr, args: &[&str]) {
    let mut all = vec!["exec"];
    all.extend_from_slice(flags);
    all.push(c.name);
    all.extend_from_slice(args);
    d.ok(&all);
}

/// `docker exec CONTAINER args` whose program fails after the event that matters (a package
/// manager without a database, arping on the loopback device).
fn exec_failing(d: &Dockerd, c: &Ctr, args: &[&str]) {
    let mut all = vec!["exec", c.name];
    all.extend_from_slice(args);
    let out = d.cmd(&all);
    assert!(!out.status.success() && out.status.code() != Some(126) && out.status.code() != Some(127), "docker exec {args:?}: {out:?}");
}

/// An alert of `rule` from container `ctr`, told from that container's other alerts of the
/// rule by `fields` (none: any alert of the rule from the container).
struct Want {
    rule: &'static str,
    ctr: &'static Ctr,
    fields: Vec<(&'static str, Value)>,
}

fn want(rule: &'static str, ctr: &'static Ctr, fields: &[(&'static str, Value)]) -> Want {
    Want { rule, ctr, fields: fields.to_vec() }
}

impl Want {
    fn matches(&self, alert: &Value) -> bool {
        let f = &alert["output_fields"];
        alert["rule"] == self.rule && f["container.name"] == self.ctr.name && self.fields.iter().all(|(k, v)| &f[*k] == v)
    }

    fn find<'a>(&self, alerts: &'a [Value]) -> Option<&'a Value> {
        alerts.iter().find(|a| self.matches(a))
    }
}

impl std::fmt::Debug for Want {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} in {} {:?}", self.rule, self.ctr.name, self.fields)
    }
}

/// What `tunable_actions` makes every rule with an image exception report in `c`.
fn tunable_alerts(c: &'static Ctr) -> Vec<Want> {
    vec![
        want("Namespace created with unshare in container", c, &[cmd("unshare -U true")]),
        want("Filesystem mounted in container", c, &[cmd("mount -t tmpfs tmpfs /mnt")]),
        want("Standard stream redirected to network socket in container", c, &[cmd("nc 127.0.0.1 8088 -e /bin/true")]),
        want("Program dropped and run in container", c, &[("proc.exepath", json!("/tmp/busybox")), cmd("busybox true")]),
        want("Privilege-changing program run in container", c, &[cmd("su -c true root")]),
        want("Package manager run in container", c, &[cmd("dpkg -l")]),
        want("Network tool run in container", c, &[cmd("nc -w 2 192.0.2.10 8088")]),
        want("Interactive shell in container", c, &[cmd("sh -c echo interactive")]),
        want("Non-interactive shell in container", c, &[cmd("sh -c echo non-interactive")]),
        want("Raw packet socket opened in container", c, &[cmd("busybox arping -c 1 -w 1 -I lo 127.0.0.1")]),
        want(
            "Kubernetes API server contacted from container",
            c,
            &[cmd("nc -w 2 192.0.2.10 6443"), ("fd.sip", json!("192.0.2.10")), ("fd.sport", json!(6443))],
        ),
        want(
            "Cloud metadata endpoint contacted from container",
            c,
            &[cmd("nc -w 2 169.254.169.254 80"), ("fd.sip", json!("169.254.169.254"))],
        ),
    ]
}

/// What an attacker in `c` does, one action per rule of [`tunable_alerts`], and the near misses
/// that go with them.
fn tunable_actions(d: &Dockerd, c: &Ctr) {
    exec(d, &[], c, &["unshare", "-U", "true"]);
    exec(d, &[], c, &["mount", "-t", "tmpfs", "tmpfs", "/mnt"]);
    // A reverse shell's core: nc puts its connection on the standard streams of what it runs.
    exec(d, &[], c, &["nc", "127.0.0.1", "8088", "-e", "/bin/true"]);
    // A program written into the container's writable layer, then run; the image's own
    // busybox is a near miss.
    exec(d, &[], c, &["cp", "/bin/busybox", "/tmp/busybox"]);
    exec(d, &[], c, &["/tmp/busybox", "true"]);
    exec(d, &[], c, &["/bin/busybox", "true"]);
    exec(d, &[], c, &["su", "-c", "true", "root"]);
    exec_failing(d, c, &["dpkg", "-l"]);
    // Also a near miss: an image whose destinations are not known connects anywhere.
    exec(d, &[], c, &["nc", "-w", "2", "192.0.2.10", "8088"]);
    exec(d, &["-t"], c, &["sh", "-c", "echo interactive"]);
    exec(d, &[], c, &["sh", "-c", "echo non-interactive"]);
    // Under another name, busybox opens the packet socket arping opens: only the latter is
    // one of the programs that need one (a near miss).
    exec_failing(d, c, &["busybox", "arping", "-c", "1", "-w", "1", "-I", "lo", "127.0.0.1"]);
    exec_failing(d, c, &["arping", "-c", "1", "-w", "1", "-I", "lo", "127.0.0.1"]);
    exec(d, &[], c, &["nc", "-w", "2", "192.0.2.10", "6443"]);
    exec(d, &[], c, &["nc", "-w", "2", "169.254.169.254", "80"]);
}

/// The alerts printed so far, parsed.
fn parse(lines: &[String]) -> Vec<Value> {
    lines.iter().filter_map(|l| serde_json::from_str(l).ok()).collect()
}

fn missing<'a>(alerts: &[Value], wants: &'a [Want]) -> Vec<&'a Want> {
    wants.iter().filter(|w| w.find(alerts).is_none()).collect()
}

/// The alerts of the test's containers, one line each, for failure messages.
fn summary(alerts: &[Value]) -> String {
    alerts
        .iter()
        .filter(|a| CONTAINERS.iter().any(|c| a["output_fields"]["container.name"] == c.name))
        .map(|a| {
            let f = &a["output_fields"];
            format!("  {} | {} | {} | {}\n", a["rule"], f["container.name"], f["proc.cmdline"], f["fd.name"])
        })
        .collect()
}

/// Checks what the sensor printed: every wanted alert is there, no unwanted one is, and every
/// alert from one of the containers carries that container's metadata.
fn check(sensor: &str, run: &SensorRun, ids: &HashMap<&str, String>, wanted: &[Want], unwanted: &[Want]) {
    let alerts = &run.alerts;
    let absent = missing(alerts, wanted);
    assert!(absent.is_empty(), "{sensor}: no alert for {absent:#?}\nalerts of the containers:\n{}\n{}", summary(alerts), run.stderr);
    let extra: Vec<Value> = unwanted.iter().filter_map(|w| w.find(alerts)).cloned().collect();
    assert!(extra.is_empty(), "{sensor}: near misses alerted:\n{}", summary(&extra));
    let mut checked = 0;
    for c in CONTAINERS {
        let id = &ids[c.name][..12];
        for a in alerts.iter().filter(|a| a["output_fields"]["container.id"] == id) {
            let f = &a["output_fields"];
            let (repo, tag) = c.repo_tag();
            assert_eq!(f["container.name"], c.name, "{sensor}: {a}");
            assert_eq!(f["container.image.repository"], repo, "{sensor}: {a}");
            assert_eq!(f["container.image.tag"], tag, "{sensor}: {a}");
            assert_eq!(f["k8s.pod.name"], c.pod, "{sensor}: {a}");
            assert_eq!(f["k8s.ns.name"], c.ns, "{sensor}: {a}");
            checked += 1;
        }
    }
    assert!(checked >= wanted.len(), "{sensor}: {checked} alerts from the containers");
    assert!(run.stderr.contains("docker: connected"), "{sensor}: {}", run.stderr);
    assert!(run.stderr.contains("events held for metadata (0 timeouts"), "{sensor}: metadata came late:\n{}", run.stderr);
}

/// Removes its directory when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const LISTEN: &str = "Unexpected listening socket in container";
const PROGRAM: &str = "Unexpected program in container of known image";
const OUTBOUND: &str = "Unexpected outbound connection from container";

fn cmd(s: &str) -> (&'static str, Value) {
    ("proc.cmdline", json!(s))
}

/// What the default rules report of [`act`].
fn default_wanted() -> Vec<Want> {
    let mut w = tunable_alerts(&API);
    w.extend(tunable_alerts(&TOOLBOX));
    w.extend([
        want(LISTEN, &API, &[cmd("nc -l -p 4445"), ("fd.sport", json!(4445))]),
        want(PROGRAM, &WEB, &[cmd("ls /"), ("container.image.repository", json!("nginx"))]),
        want(LISTEN, &WEB, &[cmd("httpd -p 4444"), ("fd.sport", json!(4444))]),
        want(OUTBOUND, &WEB, &[cmd("nc -w 2 192.0.2.10 8088"), ("fd.sport", json!(8088))]),
    ]);
    w
}

/// The near misses of [`act`] for the default rules.
fn default_unwanted() -> Vec<Want> {
    vec![
        want(PROGRAM, &WEB, &[("proc.name", json!("nginx"))]),
        want(PROGRAM, &WEB, &[cmd("ls /docker-entrypoint.d")]),
        // The entrypoint script itself, as the container starts.
        want(PROGRAM, &WEB, &[("proc.name", json!("docker-entrypoi"))]),
        want(LISTEN, &WEB, &[("fd.sport", json!(8080))]),
        want(OUTBOUND, &WEB, &[("fd.sport", json!(53))]),
        want(OUTBOUND, &API, &[]),
        want(PROGRAM, &API, &[]),
        want("Kubernetes API server contacted from container", &OPERATOR, &[]),
        want("Cloud metadata endpoint contacted from container", &OPERATOR, &[]),
        want(LISTEN, &LB, &[]),
        want("Program dropped and run in container", &API, &[("proc.exepath", json!("/bin/busybox"))]),
        want("Raw packet socket opened in container", &API, &[("proc.name", json!("arping"))]),
    ]
}

/// What the default rules and [`local_tuning`] report of [`act`].
fn tuned_wanted() -> Vec<Want> {
    let mut w = tunable_alerts(&API);
    w.push(want(LISTEN, &LB, &[cmd("busybox httpd -p 8444"), ("fd.sport", json!(8444))]));
    w
}

/// The near misses of [`act`] for the default rules and [`local_tuning`].
fn tuned_unwanted() -> Vec<Want> {
    let mut w = tunable_alerts(&TOOLBOX);
    w.push(want(LISTEN, &LB, &[("proc.name", json!("httpd"))]));
    w
}

/// Starts the containers and does everything in them; the containers' full ids.
fn act(d: &Dockerd) -> HashMap<&'static str, String> {
    // The containers start after the sensors: their first events wait for their metadata.
    let mut ids = HashMap::new();
    for c in CONTAINERS {
        let cmd: &[&str] = if c.name == WEB.name { &["/docker-entrypoint.sh", "/bin/sleep", "100000"] } else { &["/bin/sleep", "100000"] };
        ids.insert(c.name, run(d, c, cmd));
        if c.name == NET.name {
            for addr in ["192.0.2.10/32", "169.254.169.254/32"] {
                exec(d, &[], &NET, &["ip", "addr", "add", addr, "dev", "lo"]);
            }
            // httpd listens before it goes to the background.
            for port in ["6443", "80", "53", "8088"] {
                exec(d, &[], &NET, &["httpd", "-p", port]);
            }
        }
    }

    tunable_actions(d, &API);
    tunable_actions(d, &TOOLBOX);
    // A bind shell: a network tool listens, whatever the image.
    exec(d, &["-d"], &API, &["nc", "-l", "-p", "4445"]);
    // The nginx container: ls is not nginx's; nginx itself and what the entrypoint script runs
    // (it listed /docker-entrypoint.d when the container started) are.
    exec(d, &[], &WEB, &["ls", "/"]);
    exec(d, &[], &WEB, &["/usr/sbin/nginx", "-t"]);
    let log = d.ok(&["logs", WEB.name]);
    assert!(log.contains(ENTRYPOINT_SCRIPT), "the entrypoint listed its directory: {log:?}");
    // It listens on 4444, not one of its ports, and on 8080, one of them.
    exec(d, &[], &WEB, &["httpd", "-p", "4444"]);
    exec(d, &[], &WEB, &["httpd", "-p", "8080"]);
    // It connects to port 8088, not to DNS's 53 only.
    exec(d, &[], &WEB, &["nc", "-w", "2", "192.0.2.10", "8088"]);
    exec(d, &[], &WEB, &["nc", "-w", "2", "192.0.2.10", "53"]);
    // A controller in kube-system reaches the API server and the metadata endpoint.
    exec(d, &[], &OPERATOR, &["nc", "-w", "2", "192.0.2.10", "6443"]);
    exec(d, &[], &OPERATOR, &["nc", "-w", "2", "169.254.169.254", "80"]);
    // In namespace load-balancer, httpd listens, and busybox under its own name.
    exec(d, &[], &LB, &["httpd", "-p", "8443"]);
    exec(d, &[], &LB, &["busybox", "httpd", "-p", "8444"]);
    ids
}

#[test]
fn the_default_rules_that_need_container_metadata_fire_in_real_containers() {
    if skip() {
        return;
    }
    let started = Instant::now();
    let scratch = Scratch(syssentry_testkit::paths::scratch("default-rules-containers"));
    let d = Dockerd::start("default-rules");
    import_images(&d, &scratch.0.join("image"));
    let tuning = scratch.0.join("90-local.yaml");
    std::fs::write(&tuning, local_tuning()).unwrap();

    let rules = syssentry_testkit::paths::default_rules().display().to_string();
    let socket = d.socket.display().to_string();
    let tuning = tuning.display().to_string();
    let engine = ["--container-engines", "docker", "--docker-socket", socket.as_str()];
    let default_sensor = Sensor::start(&[&["--rules", rules.as_str()][..], &engine].concat())
        .unwrap_or_else(|why| panic!("syssentry run did not start: {why}"));
    let tuned_sensor = match Sensor::start(&[&["--rules", rules.as_str(), tuning.as_str()][..], &engine].concat()) {
        Ok(s) => s,
        Err(why) => {
            default_sensor.stop();
            panic!("syssentry run did not start with the tuning file: {why}");
        }
    };
    // The sensors are stopped whatever happens to the actions.
    let acted = std::panic::catch_unwind(AssertUnwindSafe(|| act(&d)));
    let ids = match acted {
        Ok(ids) => ids,
        Err(panic) => {
            default_sensor.stop();
            tuned_sensor.stop();
            std::panic::resume_unwind(panic);
        }
    };

    let (default_wanted, default_unwanted) = (default_wanted(), default_unwanted());
    let (tuned_wanted, tuned_unwanted) = (tuned_wanted(), tuned_unwanted());
    let until = Instant::now() + Duration::from_secs(30);
    default_sensor.wait_for(Duration::from_secs(30), |lines| missing(&parse(lines), &default_wanted).is_empty());
    tuned_sensor.wait_for(until.saturating_duration_since(Instant::now()), |lines| missing(&parse(lines), &tuned_wanted).is_empty());
    // Stopping drains what capture still holds: the near misses are evaluated too.
    let default_run = default_sensor.stop();
    let tuned_run = tuned_sensor.stop();
    check("default rules", &default_run, &ids, &default_wanted, &default_unwanted);
    check("default rules and tuning", &tuned_run, &ids, &tuned_wanted, &tuned_unwanted);
    println!("proven live in {:.1} s", started.elapsed().as_secs_f64());
}

/// The default rules with a field `syssentry rules doc` marks as coming from the container
/// runtime (†), in their conditions or in the exceptions users tune.
fn rules_needing_metadata() -> BTreeSet<String> {
    let out = Command::new(syssentry_testkit::paths::syssentry())
        .args(["rules", "doc"])
        .arg(syssentry_testkit::paths::default_rules())
        .output()
        .unwrap();
    assert!(out.status.success(), "rules doc: {}", String::from_utf8_lossy(&out.stderr));
    let page = String::from_utf8(out.stdout).unwrap();
    let mut rule = "";
    let mut marked = BTreeSet::new();
    for line in page.lines() {
        if let Some(name) = line.strip_prefix("### ") {
            rule = name;
        } else if line.starts_with("- **fields:**") && line.contains('†') {
            marked.insert(rule.to_string());
        }
    }
    marked
}

#[test]
fn every_rule_needing_container_metadata_is_proven_here() {
    let marked = rules_needing_metadata();
    let proven: BTreeSet<String> = default_wanted().iter().map(|w| w.rule.to_string()).collect();
    assert!(!marked.is_empty());
    assert_eq!(marked, proven, "rules with runtime fields (†) in docs/rules.md, and those this file proves live");
}

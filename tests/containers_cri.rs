//! Container metadata from a real containerd (a private daemon with its CRI plugin), no mocks:
//! pods and containers made through the CRI as the kubelet makes them, and a container of
//! containerd's own API outside any pod. The containerd engine describes them all (pods through
//! the CRI: namespace, pod name and labels, sandbox, mounts), learns new ones from containerd's
//! events and forgets removed ones; the CRI engine (CRI-O's, pointed at containerd's CRI) does
//! the same through the CRI alone; end to end, the worked example "unexpected listening socket
//! in the load-balancer namespace" fires for a pod's `nc` through `syssentry run` and through the
//! plugin, naming the pod and its namespace, and not for the same program in another namespace.
//! Needs root (the daemon) and, end to end, BPF: without them each test prints `SKIPPED: <why>`
//! (a failure in `scripts/test`).

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use syssentry_engine::state::State;
use syssentry_sensor::engines::config::EngineKind;
use syssentry_sensor::log::MemoryLog;
use syssentry_sensor::service::SideService;
use syssentry_sensor::services::containers::ContainerService;
use syssentry_testkit::cri::{Cri, Spec};
use syssentry_testkit::engines::{apply_until, by_name, engines};
use syssentry_testkit::flb_host::to_json;
use syssentry_testkit::privileges::skip;
use syssentry_testkit::runtimes::Containerd;

/// The daemons' tests take turns.
static TURN: Mutex<()> = Mutex::new(());

fn turn() -> MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

const NGINX: &str = "docker.io/library/nginx:1.27";

/// A private containerd with the `nginx` image in the Kubernetes namespace, and a CRI client.
fn containerd(tag: &str) -> (Containerd, Cri) {
    let c = Containerd::start(tag);
    c.import("k8s.io", NGINX, &["/bin/sh"]);
    let cri = Cri::connect(&c.socket, &c.dir().join("logs"));
    (c, cri)
}

#[test]
fn containerd_describes_pods_through_the_cri_and_other_containers_from_its_own_records() {
    if skip() {
        return;
    }
    let _t = turn();
    let (c, mut cri) = containerd("meta");
    let data = c.dir().join("shared-data");
    std::fs::create_dir_all(&data).unwrap();
    // Running before the sensor starts: a pod with one container, and a container of
    // containerd's own API (as nerdctl makes them) outside any pod.
    // Applied with `kubectl apply`: the pod's spec is in its annotations, probes included.
    let applied = r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-7d4b9","namespace":"load-balancer"},"spec":{"containers":[{"name":"nginx","image":"docker.io/library/nginx:1.27","livenessProbe":{"exec":{"command":["cat","/tmp/healthy"]}},"readinessProbe":{"exec":{"command":["/bin/sh","-c","test -e /tmp/ready"]}}}]}}"#;
    let pod = cri.run_pod("web-7d4b9", "load-balancer", &[("app", "web")], &[("kubectl.kubernetes.io/last-applied-configuration", applied)]);
    let spec = Spec { name: "nginx", image: NGINX, command: &["/bin/sleep", "1000"], volume: Some((&data, "/data")), ..Spec::default() };
    let id = cri.start_container(&pod, &spec);
    c.import("default", "docker.io/library/redis:7", &["/bin/sh"]);
    let plain = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    c.run("default", &["--label", "nerdctl/name=cache"], "docker.io/library/redis:7", plain, &["/bin/sleep", "1000"]);

    let log = Arc::new(MemoryLog::default());
    let mut svc = ContainerService::start(&engines(EngineKind::Containerd, &c.socket), log.clone()).expect("the containerd engine starts");
    let mut state = State::default();
    let all_known = |s: &State| by_name(s, "nginx").is_some() && by_name(s, "cache").is_some() && by_name(s, "web-7d4b9").is_some();
    assert!(apply_until(&mut svc, &mut state, all_known), "not all known: {:?}", log.lines.lock().unwrap());

    let n = by_name(&state, "nginx").unwrap();
    assert_eq!((n.id.as_str(), n.full_id.as_str()), (&id[..12], id.as_str()));
    assert_eq!(n.container_type, "containerd");
    assert_eq!(n.image, NGINX);
    assert_eq!((n.image_repository.as_str(), n.image_tag.as_str()), ("docker.io/library/nginx", "1.27"));
    assert_eq!(n.image_id.len(), 64, "the image id without sha256: {}", n.image_id);
    assert_eq!(n.labels["io.kubernetes.pod.namespace"], "load-balancer");
    assert_eq!(n.labels["io.kubernetes.pod.name"], "web-7d4b9");
    assert_eq!(n.labels["io.kubernetes.pod.uid"], pod.uid);
    assert_eq!(n.pod_sandbox_id, pod.id);
    assert_eq!(n.pod_sandbox_labels.get("app").map(String::as_str), Some("web"));
    assert!(n.host_network && !n.host_pid && !n.privileged);
    assert_eq!(n.liveness_probe.as_deref(), Some("cat /tmp/healthy"));
    assert_eq!(n.readiness_probe.as_deref(), Some("/bin/sh -c test -e /tmp/ready"));
    let m = n.mounts.iter().find(|m| m.dest == "/data").expect("the volume");
    assert_eq!((m.source.as_str(), m.rdwr), (data.to_str().unwrap(), false));

    let sandbox = by_name(&state, "web-7d4b9").unwrap();
    assert_eq!(sandbox.id, pod.id[..12]);
    assert_eq!(sandbox.image_repository, "registry.k8s.io/pause");
    assert_eq!(sandbox.labels["io.kubernetes.pod.namespace"], "load-balancer");

    let own = by_name(&state, "cache").unwrap();
    assert_eq!(own.id, plain[..12]);
    assert_eq!(own.container_type, "containerd");
    assert_eq!((own.image_repository.as_str(), own.image_tag.as_str()), ("docker.io/library/redis", "7"));
    assert!(own.image_digest.starts_with("sha256:"), "the manifest's digest: {}", own.image_digest);
    assert!(!own.labels.contains_key("io.kubernetes.pod.name"));
    let lines = log.lines.lock().unwrap().clone();
    assert!(lines.iter().any(|(_, t)| t.contains("containerd: connected; 3 running containers from")), "{lines:?}");

    // A pod started later is learnt from containerd's events; once removed, it goes.
    let late = cri.run_pod("late-5c6f", "batch", &[], &[]);
    let late_id = cri.start_container(&late, &Spec { name: "worker", image: NGINX, command: &["/bin/sleep", "1000"], ..Spec::default() });
    // containerd's event comes before the CRI knows the container: what containerd's record
    // says first (the pod's labels), then the CRI's full description (its host network).
    let learnt = |s: &State| s.containers.get(&late_id[..12]).is_some_and(|c| c.host_network);
    assert!(apply_until(&mut svc, &mut state, learnt), "a pod started later was not learnt: {:?}", log.lines.lock().unwrap());
    let l = state.containers.get(&late_id[..12]).unwrap();
    assert_eq!((l.name.as_str(), l.labels["io.kubernetes.pod.namespace"].as_str(), l.pod_sandbox_id.as_str()), ("worker", "batch", late.id.as_str()));
    cri.remove_pod(&late);
    assert!(apply_until(&mut svc, &mut state, |s| s.containers.get(&late_id[..12]).is_none()), "a removed pod's container stayed");
    assert!(state.containers.get(&id[..12]).is_some());
    assert_eq!(svc.counters().failures.load(std::sync::atomic::Ordering::Relaxed), 0);
}

#[test]
fn the_cri_engine_follows_a_cri_runtime_without_an_event_stream() {
    if skip() {
        return;
    }
    let _t = turn();
    let (c, mut cri) = containerd("cri");
    let pod = cri.run_pod("api-0", "payments", &[("tier", "backend")], &[]);
    let id = cri.start_container(&pod, &Spec { name: "api", image: NGINX, command: &["/bin/sleep", "1000"], ..Spec::default() });
    // containerd 1.6 has no GetContainerEvents: the engine lists instead.
    let log = Arc::new(MemoryLog::default());
    let mut svc = ContainerService::start(&engines(EngineKind::Cri, &c.socket), log.clone()).expect("the CRI engine starts");
    let mut state = State::default();
    assert!(apply_until(&mut svc, &mut state, |s| by_name(s, "api").is_some()), "{:?}", log.lines.lock().unwrap());
    let a = by_name(&state, "api").unwrap();
    assert_eq!(a.id, id[..12]);
    assert_eq!(a.container_type, "containerd", "the runtime's name, as Falco types it");
    assert_eq!(a.labels["io.kubernetes.pod.namespace"], "payments");
    assert_eq!(a.pod_sandbox_labels["tier"], "backend");
    let late = cri.start_container(&pod, &Spec { name: "sidecar", image: NGINX, command: &["/bin/sleep", "1000"], ..Spec::default() });
    assert!(apply_until(&mut svc, &mut state, |s| s.containers.get(&late[..12]).is_some()), "a container started later was not learnt");
    cri.remove_pod(&pod);
    assert!(apply_until(&mut svc, &mut state, |s| s.containers.is_empty()), "removed containers stayed: {:?}", state.containers.iter().map(|c| &c.name).collect::<Vec<_>>());
    let lines = log.lines.lock().unwrap().clone();
    assert!(lines.iter().any(|(_, t)| t.starts_with("cri: connected; 2 running containers from")), "{lines:?}");
}

#[test]
fn grpc_sockets_that_are_absent_or_silent_hold_nothing_up() {
    let dir = syssentry_testkit::paths::scratch("silent-grpc");
    let log = Arc::new(MemoryLog::default());
    let absent = dir.join("containerd.sock");
    assert!(ContainerService::start(&engines(EngineKind::Containerd, &absent), log.clone()).is_none());
    assert!(ContainerService::start(&engines(EngineKind::Cri, &dir.join("crio.sock")), log.clone()).is_none());
    let lines = log.lines.lock().unwrap().clone();
    assert!(lines.iter().any(|(_, t)| t == &format!("containerd: no API socket at {}; containerd container metadata is off", absent.display())), "{lines:?}");
    assert!(lines.iter().any(|(_, t)| t.starts_with("cri: no API socket at")), "{lines:?}");
    // Sockets that accept connections and never answer.
    for kind in [EngineKind::Containerd, EngineKind::Cri] {
        let silent = dir.join(format!("{}-silent.sock", kind.name()));
        let listener = std::os::unix::net::UnixListener::bind(&silent).unwrap();
        let held = Arc::new(Mutex::new(Vec::new()));
        let keep = held.clone();
        std::thread::spawn(move || {
            for s in listener.incoming().flatten() {
                keep.lock().unwrap().push(s);
            }
        });
        let mut svc = ContainerService::start(&engines(kind, &silent), log.clone()).expect("the socket exists");
        let mut state = State::default();
        for _ in 0..20 {
            let t = Instant::now();
            svc.apply(&mut state);
            assert!(t.elapsed() < Duration::from_millis(50), "apply waited on the runtime");
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(state.containers.is_empty());
        assert!(!held.lock().unwrap().is_empty(), "the {} engine connected", kind.name());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The worked example of docs/writing-rules.md, as shipped.
fn listener_rules() -> std::path::PathBuf {
    syssentry_testkit::paths::in_repo("docs/examples/load-balancer-listeners/rules.yaml")
}

/// A pod in `namespace` whose only container's first process listens (`nc` on `port`).
fn listening_pod(cri: &mut Cri, name: &str, namespace: &str, port: u16) -> String {
    let pod = cri.run_pod(name, namespace, &[("app", "edge")], &[]);
    let port = port.to_string();
    cri.start_container(&pod, &Spec { name: "listener", image: NGINX, command: &["/bin/nc", "-l", "-p", &port], ..Spec::default() })
}

/// Checks an alert of the listening-socket rule for the pod `web-7d4b9`.
fn check_listener_alert(alert: &serde_json::Value, id: &str) {
    let f = &alert["output_fields"];
    assert_eq!(f["k8s.ns.name"], "load-balancer", "{alert}");
    assert_eq!(f["k8s.pod.name"], "web-7d4b9", "{alert}");
    assert_eq!(f["proc.name"], "nc", "{alert}");
    assert_eq!(f["container.id"], id[..12], "{alert}");
    assert_eq!(f["container.name"], "listener", "{alert}");
    assert_eq!(f["container.image.repository"], "docker.io/library/nginx", "{alert}");
    assert_eq!(f["container.image.tag"], "1.27", "{alert}");
}

const LISTENER_RULE: &str = "Unexpected listening socket in load-balancer namespace";

#[test]
fn a_pods_listener_in_the_load_balancer_namespace_alerts_with_its_pod_in_syssentry_run() {
    if skip() {
        return;
    }
    let _t = turn();
    let (c, mut cri) = containerd("e2e-run");
    let socket = c.socket.display().to_string();
    let rules = listener_rules().display().to_string();
    let sensor = syssentry_testkit::cli_sensor::Sensor::start(&[
        "--rules", &rules, "--container-engines", "containerd", "--containerd-socket", &socket,
    ])
    .unwrap_or_else(|why| panic!("syssentry run did not start: {why}"));
    // The same program in another namespace is not the rule's business.
    listening_pod(&mut cri, "tools-1", "tools", 18082);
    let id = listening_pod(&mut cri, "web-7d4b9", "load-balancer", 18081);
    sensor.wait_for(Duration::from_secs(15), |lines| lines.iter().any(|l| l.contains(LISTENER_RULE)));
    let run = sensor.stop();
    let alerts: Vec<_> = run.alerts.iter().filter(|a| a["rule"] == LISTENER_RULE).collect();
    assert_eq!(alerts.len(), 1, "one alert, for the load-balancer pod only:\n{alerts:?}\n{}", run.stderr);
    check_listener_alert(alerts[0], &id);
    assert!(run.stderr.contains("containerd: connected;"), "{}", run.stderr);
}

#[test]
fn a_pods_listener_in_the_load_balancer_namespace_alerts_with_its_pod_in_the_plugin() {
    if skip() {
        return;
    }
    let _t = turn();
    let _g = syssentry_testkit::flb_host::serial();
    let (c, mut cri) = containerd("e2e-plugin");
    let socket = c.socket.display().to_string();
    let rules = listener_rules().display().to_string();
    let mut host = syssentry_testkit::flb_host::Host::load(syssentry_testkit::flb_host::Layout::V41);
    let inst = host
        .start(&[("rules", &rules), ("container_engines", "containerd"), ("containerd_socket", &socket)])
        .unwrap_or_else(|_| panic!("init failed: {:?}", syssentry_testkit::flb_host::logs()));
    listening_pod(&mut cri, "tools-1", "tools", 18084);
    let id = listening_pod(&mut cri, "web-7d4b9", "load-balancer", 18083);
    let fired = |evs: &[syssentry_testkit::flb_host::Event]| evs.iter().any(|e| to_json(&e.body)["rule"] == LISTENER_RULE);
    let mut evs = inst.collect_until(Duration::from_secs(15), Duration::from_millis(300), fired);
    // Whatever else comes in the next moment (the other pod's listener must not).
    evs.extend(inst.collect_until(Duration::from_secs(1), Duration::from_millis(300), |_| false));
    let records: Vec<_> = evs.iter().map(|e| to_json(&e.body)).collect();
    inst.shutdown(false);
    let alerts: Vec<_> = records.iter().filter(|a| a["rule"] == LISTENER_RULE).collect();
    assert_eq!(alerts.len(), 1, "records {records:?}; logs {:?}", syssentry_testkit::flb_host::logs());
    check_listener_alert(alerts[0], &id);
}

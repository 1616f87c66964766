//! Container metadata from real runtimes (a private Docker daemon, podman's service, a private
//! registry), no mocks: the containers running at start and those started later are known with
//! Falco's fields (health check and repository digest included), a rename and a removal are
//! followed, an absent socket turns its engine off and a socket that never answers holds
//! nothing up; the ECS agent's introspection API (a loopback stand-in answering its documented
//! JSON) completes task fields; end to end, an alert of a `docker exec` in a container of an
//! `nginx` image names the container and its image, through `syssentry run` and through the
//! plugin, the very first process of a new container included, and no alert is lost while the
//! daemon restarts or when it never answers. Needs root (the daemons) and, end to end, BPF:
//! without them each test prints `SKIPPED: <why>` (a failure in `scripts/test`).

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use syssentry_engine::state::State;
use syssentry_sensor::engines::config::EngineKind;
use syssentry_sensor::log::MemoryLog;
use syssentry_sensor::service::SideService;
use syssentry_sensor::services::containers::ContainerService;
use syssentry_testkit::engines::{apply_until, by_name, engines};
use syssentry_testkit::privileges::skip;
use syssentry_testkit::runtimes::{Dockerd, Podman, Registry};

/// The daemons' tests take turns (each starts its own daemon, which takes a few seconds).
static TURN: Mutex<()> = Mutex::new(());

fn turn() -> MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

#[test]
fn docker_containers_are_known_with_falcos_fields_and_followed() {
    if skip() {
        return;
    }
    let _t = turn();
    let d = Dockerd::start("meta");
    d.import("nginx:1.27");
    let data = d.dir().join("shared-data");
    std::fs::create_dir_all(&data).unwrap();
    let mount = format!("{}:/data:ro", data.display());
    // One container before the sensor starts (learnt from the list)...
    let id = d.ok(&[
        "run", "-d", "--name", "web1", "--network", "none", "--pid", "host", "--ipc", "host",
        "--label", "io.kubernetes.pod.name=web-pod", "--label", "io.kubernetes.pod.namespace=load-balancer",
        "--label", "team=edge", "-v", &mount, "--health-cmd", "cat /etc/hostname", "--health-interval", "1h",
        "nginx:1.27", "/bin/sleep", "1000",
    ]);
    let log = Arc::new(MemoryLog::default());
    let mut svc = ContainerService::start(&engines(EngineKind::Docker, &d.socket), log.clone()).expect("the docker engine starts");
    let mut state = State::default();
    assert!(apply_until(&mut svc, &mut state, |s| by_name(s, "web1").is_some()), "web1 never known: {:?}", log.lines.lock().unwrap());
    let c = by_name(&state, "web1").unwrap();
    assert_eq!(c.id, id[..12]);
    assert_eq!(c.full_id, id);
    assert_eq!(c.image, "nginx:1.27");
    assert_eq!((c.image_repository.as_str(), c.image_tag.as_str()), ("nginx", "1.27"));
    assert_eq!(c.container_type, "docker");
    // (A privileged container cannot start in this VM: runc is refused some capabilities.)
    assert!(!c.privileged);
    assert!(c.host_pid && c.host_ipc && !c.host_network);
    assert_eq!(c.labels.get("io.kubernetes.pod.namespace").map(String::as_str), Some("load-balancer"));
    assert_eq!(c.labels.get("team").map(String::as_str), Some("edge"));
    let m = c.mounts.iter().find(|m| m.dest == "/data").expect("the bind mount");
    assert_eq!(m.source, data.display().to_string());
    assert!(!m.rdwr);
    assert_eq!(c.image_id.len(), 64, "the image id without sha256: {}", c.image_id);
    assert_eq!(c.healthcheck.as_deref(), Some("/bin/sh -c cat /etc/hostname"));
    // ... one after (learnt from the event stream), a rename, and a removal.
    d.ok(&["run", "-d", "--name", "late", "--network", "none", "nginx:1.27", "/bin/sleep", "1000"]);
    assert!(apply_until(&mut svc, &mut state, |s| by_name(s, "late").is_some()), "a container started later was not learnt");
    d.ok(&["rename", "web1", "web2"]);
    assert!(apply_until(&mut svc, &mut state, |s| by_name(s, "web2").is_some() && by_name(s, "web1").is_none()));
    // A removed container's metadata stays a few seconds for its last events, then goes.
    d.ok(&["rm", "-f", "late"]);
    assert!(apply_until(&mut svc, &mut state, |s| by_name(s, "late").is_none()), "a removed container stayed");
    assert_eq!(svc.counters().failures.load(std::sync::atomic::Ordering::Relaxed), 0);
}

#[test]
fn a_restarted_daemon_is_followed_again() {
    if skip() {
        return;
    }
    let _t = turn();
    let mut d = Dockerd::start("restart");
    d.import("nginx:1.27");
    let log = Arc::new(MemoryLog::default());
    let mut svc = ContainerService::start(&engines(EngineKind::Docker, &d.socket), log.clone()).unwrap();
    let mut state = State::default();
    d.ok(&["run", "-d", "--name", "web1", "--network", "none", "nginx:1.27", "/bin/sleep", "1000"]);
    assert!(apply_until(&mut svc, &mut state, |s| by_name(s, "web1").is_some()));
    // The daemon goes away and comes back on the same socket: the engine says so once, and
    // learns what runs once it answers again.
    d.stop();
    let socket = d.socket.clone();
    let d2 = Dockerd::start("restart");
    assert_eq!(d2.socket, socket);
    d2.import("nginx:1.27");
    d2.ok(&["run", "-d", "--name", "probe", "--network", "none", "nginx:1.27", "/bin/sleep", "1000"]);
    assert!(apply_until(&mut svc, &mut state, |s| by_name(s, "probe").is_some()), "{:?}", log.lines.lock().unwrap());
    let lines = log.lines.lock().unwrap().clone();
    let warnings = lines.iter().filter(|(_, t)| t.contains("is stale until it answers again")).count();
    assert_eq!(warnings, 1, "one warning per episode: {lines:?}");
    assert!(lines.iter().any(|(_, t)| t.contains("answering again")), "{lines:?}");
    assert!(svc.counters().failures.load(std::sync::atomic::Ordering::Relaxed) >= 1);
    drop(d);
}

#[test]
fn podman_containers_are_named() {
    if skip() {
        return;
    }
    let _t = turn();
    let p = Podman::start("meta");
    p.import("localhost/redis:7");
    let log = Arc::new(MemoryLog::default());
    let mut svc = ContainerService::start(&engines(EngineKind::Podman, &p.socket), log.clone()).expect("the podman engine starts");
    p.ok(&["run", "-d", "--name", "cache", "--network", "none", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "localhost/redis:7", "/bin/sleep", "1000"]);
    let mut state = State::default();
    assert!(apply_until(&mut svc, &mut state, |s| by_name(s, "cache").is_some()), "{:?}", log.lines.lock().unwrap());
    let c = by_name(&state, "cache").unwrap();
    assert_eq!(c.container_type, "podman");
    assert_eq!((c.image_repository.as_str(), c.image_tag.as_str()), ("localhost/redis", "7"));
}

#[test]
fn an_absent_socket_turns_its_engine_off_and_a_silent_one_holds_nothing_up() {
    let dir = syssentry_testkit::paths::scratch("silent-socket");
    let log = Arc::new(MemoryLog::default());
    let absent = dir.join("absent.sock");
    assert!(ContainerService::start(&engines(EngineKind::Docker, &absent), log.clone()).is_none());
    let lines = log.lines.lock().unwrap().clone();
    assert!(lines.iter().any(|(_, t)| t.contains("no API socket at") && t.contains("absent.sock")), "{lines:?}");
    // A socket that accepts connections and never answers.
    let silent = dir.join("silent.sock");
    let listener = std::os::unix::net::UnixListener::bind(&silent).unwrap();
    let held = Arc::new(Mutex::new(Vec::new()));
    let keep = held.clone();
    std::thread::spawn(move || {
        for s in listener.incoming().flatten() {
            keep.lock().unwrap().push(s);
        }
    });
    let mut svc = ContainerService::start(&engines(EngineKind::Docker, &silent), log.clone()).expect("the socket exists");
    let mut state = State::default();
    let started = Instant::now();
    for _ in 0..20 {
        let t = Instant::now();
        svc.apply(&mut state);
        assert!(t.elapsed() < Duration::from_millis(50), "apply waited on the runtime");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(state.containers.is_empty());
    assert!(!held.lock().unwrap().is_empty(), "the engine connected");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A rule that needs the image: it can only fire once the container's metadata is known.
const IMAGE_RULE: &str = r#"
- rule: Shadow read in an nginx container
  desc: a process in a container of an nginx image reads /etc/shadow
  condition: evt.type in (open, openat, openat2) and fd.name = /etc/shadow and container.image.repository = nginx
  output: "shadow read in %container.name (image=%container.image.repository:%container.image.tag id=%container.id type=%container.type ns=%k8s.ns.name pod=%k8s.pod.name proc=%proc.name)"
  priority: WARNING
"#;

/// Checks the fields of one alert (JSON) of [`IMAGE_RULE`] for container `id` named `web1`.
fn check_alert(alert: &serde_json::Value, id: Option<&str>) {
    assert_eq!(alert["rule"], "Shadow read in an nginx container");
    let f = &alert["output_fields"];
    assert_eq!(f["container.name"], "web1", "{alert}");
    match id {
        Some(id) => assert_eq!(f["container.id"], id[..12]),
        None => assert_eq!(f["container.id"].as_str().map(str::len), Some(12)),
    }
    assert_eq!(f["container.image.repository"], "nginx");
    assert_eq!(f["container.image.tag"], "1.27");
    assert_eq!(f["container.type"], "docker");
    assert_eq!(f["k8s.ns.name"], "load-balancer");
    assert_eq!(f["k8s.pod.name"], "web-pod");
    assert_eq!(f["proc.name"], "cat");
}

fn web1(d: &Dockerd) -> String {
    d.import("nginx:1.27");
    d.ok(&[
        "run", "-d", "--name", "web1", "--network", "none",
        "--label", "io.kubernetes.pod.name=web-pod", "--label", "io.kubernetes.pod.namespace=load-balancer",
        "nginx:1.27", "/bin/sleep", "1000",
    ])
}

#[test]
fn an_alert_from_a_docker_exec_names_the_container_and_its_image_in_syssentry_run() {
    if skip() {
        return;
    }
    let _t = turn();
    let d = Dockerd::start("e2e-run");
    let id = web1(&d);
    let rules = syssentry_testkit::flb_host::TempRules::new("containers-run", IMAGE_RULE);
    let socket = d.socket.display().to_string();
    let sensor = syssentry_testkit::cli_sensor::Sensor::start(&[
        "--rules", &rules.path(), "--container-engines", "docker", "--docker-socket", &socket, "--no-container-fields",
    ])
    .unwrap_or_else(|why| panic!("syssentry run did not start: {why}"));
    let until = Instant::now() + Duration::from_secs(30);
    while Instant::now() < until && !sensor.lines().iter().any(|l| l.contains("Shadow read in an nginx container")) {
        d.ok(&["exec", "web1", "cat", "/etc/shadow"]);
        std::thread::sleep(Duration::from_millis(500));
    }
    let run = sensor.stop();
    let alert = run.alerts.iter().find(|a| a["rule"] == "Shadow read in an nginx container").unwrap_or_else(|| panic!("no alert:\n{}", run.stderr));
    check_alert(alert, Some(&id));
    assert!(run.stderr.contains("docker: connected; 1 running containers from"), "{}", run.stderr);
}

#[test]
fn an_alert_from_a_docker_exec_names_the_container_and_its_image_in_the_plugin() {
    if skip() {
        return;
    }
    let _t = turn();
    let _g = syssentry_testkit::flb_host::serial();
    let d = Dockerd::start("e2e-plugin");
    let id = web1(&d);
    let rules = syssentry_testkit::flb_host::TempRules::new("containers-plugin", IMAGE_RULE);
    let socket = d.socket.display().to_string();
    let mut host = syssentry_testkit::flb_host::Host::load(syssentry_testkit::flb_host::Layout::V41);
    let inst = host
        .start(&[("rules", rules.path().as_str()), ("container_engines", "docker"), ("docker_socket", &socket), ("suggested_output", "off")])
        .unwrap_or_else(|_| panic!("init failed: {:?}", syssentry_testkit::flb_host::logs()));
    let mut records = Vec::new();
    let until = Instant::now() + Duration::from_secs(30);
    while Instant::now() < until && !records.iter().any(|r: &serde_json::Value| r["rule"] == "Shadow read in an nginx container") {
        d.ok(&["exec", "web1", "cat", "/etc/shadow"]);
        std::thread::sleep(Duration::from_millis(500));
        let (evs, _) = inst.collect();
        records.extend(evs.iter().map(|e| syssentry_testkit::flb_host::to_json(&e.body)));
    }
    inst.shutdown(false);
    let alert = records
        .iter()
        .find(|a| a["rule"] == "Shadow read in an nginx container")
        .unwrap_or_else(|| panic!("no alert; records {records:?}; logs {:?}", syssentry_testkit::flb_host::logs()));
    check_alert(alert, Some(&id));
}

#[test]
fn the_very_first_process_of_a_new_container_alerts_with_its_metadata() {
    if skip() {
        return;
    }
    let _t = turn();
    let d = Dockerd::start("first");
    d.import("nginx:1.27");
    let rules = syssentry_testkit::flb_host::TempRules::new("containers-first", IMAGE_RULE);
    let socket = d.socket.display().to_string();
    let sensor = syssentry_testkit::cli_sensor::Sensor::start(&[
        "--rules", &rules.path(), "--container-engines", "docker", "--docker-socket", &socket, "--no-container-fields",
    ])
    .unwrap_or_else(|why| panic!("syssentry run did not start: {why}"));
    // The container's own command reads /etc/shadow at once: its exec and open happen before
    // the runtime has even reported the container's start, and with --rm the container is gone
    // a moment later.
    d.ok(&[
        "run", "--rm", "--name", "web1", "--network", "none",
        "--label", "io.kubernetes.pod.name=web-pod", "--label", "io.kubernetes.pod.namespace=load-balancer",
        "nginx:1.27", "/bin/cat", "/etc/shadow",
    ]);
    sensor.wait_for(Duration::from_secs(10), |lines| lines.iter().any(|l| l.contains("Shadow read in an nginx container")));
    let run = sensor.stop();
    let alert = run
        .alerts
        .iter()
        .find(|a| a["rule"] == "Shadow read in an nginx container")
        .unwrap_or_else(|| panic!("the first process did not alert with the image:\n{}", run.stderr));
    check_alert(alert, None);
    assert!(run.stderr.contains("events held for metadata (0 timeouts"), "{}", run.stderr);
}

#[test]
fn a_user_that_exists_only_in_the_container_is_named() {
    if skip() {
        return;
    }
    let _t = turn();
    let d = Dockerd::start("users");
    d.import("nginx:1.27");
    // uid 1234 is `appuser` in the image's /etc/passwd and nobody on the host.
    assert!(!std::fs::read_to_string("/etc/passwd").unwrap().lines().any(|l| l.split(':').nth(2) == Some("1234")));
    d.ok(&["run", "-d", "--name", "web1", "--network", "none", "nginx:1.27", "/bin/sleep", "1000"]);
    let rules = syssentry_testkit::flb_host::TempRules::new(
        "containers-users",
        r#"
- rule: Id run in an nginx container
  desc: the test runs id in its container as a user of the image
  condition: evt.type = execve and proc.name = id and container.image.repository = nginx
  output: "id run by %user.name (uid=%user.uid group=%group.name in %container.name)"
  priority: NOTICE
"#,
    );
    let socket = d.socket.display().to_string();
    let sensor = syssentry_testkit::cli_sensor::Sensor::start(&[
        "--rules", &rules.path(), "--container-engines", "docker", "--docker-socket", &socket, "--no-container-fields",
    ])
    .unwrap_or_else(|why| panic!("syssentry run did not start: {why}"));
    let until = Instant::now() + Duration::from_secs(30);
    while Instant::now() < until && !sensor.lines().iter().any(|l| l.contains("Id run in an nginx container")) {
        d.ok(&["exec", "-u", "1234:1234", "web1", "id"]);
        std::thread::sleep(Duration::from_millis(500));
    }
    let run = sensor.stop();
    let alert = run.alerts.iter().find(|a| a["rule"] == "Id run in an nginx container").unwrap_or_else(|| panic!("no alert:\n{}", run.stderr));
    let f = &alert["output_fields"];
    assert_eq!(f["user.name"], "appuser", "{alert}");
    assert_eq!(f["user.uid"], 1234);
    assert_eq!(f["group.name"], "app");
}

#[test]
fn a_container_started_by_the_ecs_agent_names_its_task() {
    if skip() {
        return;
    }
    let _t = turn();
    let d = Dockerd::start("ecs");
    d.import("nginx:1.27");
    // The labels the ECS agent puts on every container it starts.
    let arn = "arn:aws:ecs:us-east-1:123456789012:task/prod/5a1c8e2f7b1d4c0e9e1f0a2b3c4d5e6f";
    d.ok(&[
        "run", "-d", "--name", "ecs-web-1-web-c4f0a1", "--network", "none",
        "--label", "com.amazonaws.ecs.cluster=prod",
        "--label", &format!("com.amazonaws.ecs.task-arn={arn}"),
        "--label", "com.amazonaws.ecs.task-definition-family=web",
        "--label", "com.amazonaws.ecs.task-definition-version=42",
        "--label", "com.amazonaws.ecs.container-name=web",
        "nginx:1.27", "/bin/sleep", "1000",
    ]);
    let rules = syssentry_testkit::flb_host::TempRules::new(
        "containers-ecs",
        r#"
- rule: Shadow read in an ECS task
  desc: a process of a container of an ECS task reads /etc/shadow
  condition: evt.type in (open, openat, openat2) and fd.name = /etc/shadow and ecs.task.family = web
  output: "shadow read in task %ecs.task.family:%ecs.task.revision of cluster %ecs.cluster (task=%ecs.task.arn container=%ecs.container.name)"
  priority: WARNING
"#,
    );
    let socket = d.socket.display().to_string();
    let sensor = syssentry_testkit::cli_sensor::Sensor::start(&[
        "--rules", &rules.path(), "--container-engines", "docker", "--docker-socket", &socket, "--no-container-fields",
    ])
    .unwrap_or_else(|why| panic!("syssentry run did not start: {why}"));
    let until = Instant::now() + Duration::from_secs(30);
    while Instant::now() < until && !sensor.lines().iter().any(|l| l.contains("Shadow read in an ECS task")) {
        d.ok(&["exec", "ecs-web-1-web-c4f0a1", "cat", "/etc/shadow"]);
        std::thread::sleep(Duration::from_millis(500));
    }
    let run = sensor.stop();
    let alert = run.alerts.iter().find(|a| a["rule"] == "Shadow read in an ECS task").unwrap_or_else(|| panic!("no alert:\n{}", run.stderr));
    let f = &alert["output_fields"];
    assert_eq!(f["ecs.cluster"], "prod", "{alert}");
    assert_eq!(f["ecs.task.arn"], arn);
    assert_eq!(f["ecs.task.family"], "web");
    assert_eq!(f["ecs.task.revision"], "42");
    assert_eq!(f["ecs.container.name"], "web");
}

/// A stand-in for the ECS agent's introspection API on loopback (the agent cannot run here):
/// it answers `/v1/metadata` and `/v1/tasks?dockerid=ID` with the JSON the agent's documentation
/// shows, for a task whose one container is `ID`; every path asked is recorded.
fn ecs_agent_on_loopback() -> (String, Arc<Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let asked = Arc::new(Mutex::new(Vec::new()));
    let record = asked.clone();
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten() {
            let mut line = String::new();
            let _ = BufReader::new(&conn).read_line(&mut line);
            let path = line.split_whitespace().nth(1).unwrap_or_default().to_string();
            record.lock().unwrap().push(path.clone());
            let body = match path.split_once("?dockerid=") {
                Some(("/v1/tasks", id)) => serde_json::json!({
                    "Arn": "arn:aws:ecs:us-east-1:123456789012:task/prod/5a1c8e2f7b1d4c0e9e1f0a2b3c4d5e6f",
                    "DesiredStatus": "RUNNING", "KnownStatus": "RUNNING", "Family": "web", "Version": "42",
                    "Containers": [{"DockerId": id, "DockerName": "ecs-web-42-web-c4f0a1", "Name": "web"}]
                }),
                _ if path == "/v1/metadata" => serde_json::json!({
                    "Cluster": "prod",
                    "ContainerInstanceArn": "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/9f8e7d6c5b4a",
                    "Version": "Amazon ECS Agent - v1.89.0 (a1b2c3d4)"
                }),
                _ => serde_json::json!({}),
            }
            .to_string();
            let _ = write!(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
        }
    });
    (url, asked)
}

#[test]
fn the_ecs_agent_completes_the_task_fields_a_containers_labels_leave_out() {
    if skip() {
        return;
    }
    let _t = turn();
    let d = Dockerd::start("ecs-agent");
    d.import("nginx:1.27");
    let (url, asked) = ecs_agent_on_loopback();
    // Only some of the agent's labels (as on containers of older agents).
    let arn = "arn:aws:ecs:us-east-1:123456789012:task/prod/5a1c8e2f7b1d4c0e9e1f0a2b3c4d5e6f";
    let id = d.ok(&[
        "run", "-d", "--name", "ecs-web-42-web-c4f0a1", "--network", "none",
        "--label", &format!("com.amazonaws.ecs.task-arn={arn}"), "nginx:1.27", "/bin/sleep", "1000",
    ]);
    // And one the agent did not start: never looked up.
    d.ok(&["run", "-d", "--name", "plain", "--network", "none", "nginx:1.27", "/bin/sleep", "1000"]);
    let log = Arc::new(MemoryLog::default());
    let mut cfg = engines(EngineKind::Docker, &d.socket);
    cfg.ecs_agent_url = Some(url);
    let mut svc = ContainerService::start(&cfg, log.clone()).unwrap();
    let mut state = State::default();
    let complete = |s: &State| by_name(s, "ecs-web-42-web-c4f0a1").is_some_and(|c| c.labels.len() >= 5) && by_name(s, "plain").is_some();
    assert!(apply_until(&mut svc, &mut state, complete), "{:?} {:?}", log.lines.lock().unwrap(), asked.lock().unwrap());
    let labels = &by_name(&state, "ecs-web-42-web-c4f0a1").unwrap().labels;
    for (key, value) in [
        ("com.amazonaws.ecs.cluster", "prod"),
        ("com.amazonaws.ecs.task-arn", arn),
        ("com.amazonaws.ecs.task-definition-family", "web"),
        ("com.amazonaws.ecs.task-definition-version", "42"),
        ("com.amazonaws.ecs.container-name", "web"),
    ] {
        assert_eq!(labels.get(key).map(String::as_str), Some(value), "{key}");
    }
    let asked = asked.lock().unwrap().clone();
    assert_eq!(asked, vec!["/v1/metadata".to_string(), format!("/v1/tasks?dockerid={id}")], "the plain container was not looked up");
}

#[test]
fn an_image_pulled_from_a_registry_names_its_digest() {
    if skip() {
        return;
    }
    let _t = turn();
    let d = Dockerd::start("digest");
    let registry = Registry::start("digest");
    d.import("nginx:1.27");
    let name = format!("{}/team/nginx:1.27", registry.host);
    d.ok(&["tag", "nginx:1.27", &name]);
    d.ok(&["push", &name]);
    let repo_digest = d.ok(&["image", "inspect", "--format", "{{index .RepoDigests 0}}", &name]);
    let digest = repo_digest.split_once('@').map(|(_, d)| d.to_string()).expect("a repository digest after the push");
    d.ok(&["run", "-d", "--name", "pushed", "--network", "none", &name, "/bin/sleep", "1000"]);
    // The same image under its local name was never pushed as such: no digest.
    d.ok(&["run", "-d", "--name", "local", "--network", "none", "nginx:1.27", "/bin/sleep", "1000"]);
    let log = Arc::new(MemoryLog::default());
    let mut svc = ContainerService::start(&engines(EngineKind::Docker, &d.socket), log.clone()).unwrap();
    let mut state = State::default();
    assert!(apply_until(&mut svc, &mut state, |s| by_name(s, "pushed").is_some() && by_name(s, "local").is_some()));
    let pushed = by_name(&state, "pushed").unwrap();
    assert_eq!((pushed.image_repository.as_str(), pushed.image_tag.as_str()), (format!("{}/team/nginx", registry.host).as_str(), "1.27"));
    assert_eq!(pushed.image_digest, digest);
    assert!(digest.starts_with("sha256:") && digest.len() == 71, "{digest}");
    assert_eq!(by_name(&state, "local").unwrap().image_digest, "");
}

/// A container of an `nginx` image that, after `delay` seconds, reads /etc/shadow `n` times a
/// quarter of a second apart, then sleeps.
fn shadow_reader(d: &Dockerd, name: &str, delay: u32, n: u32) {
    let script = format!("sleep {delay}; i=0; while [ $i -lt {n} ]; do cat /etc/shadow >/dev/null; i=$((i+1)); sleep 0.25; done; sleep 1000");
    d.ok(&["run", "-d", "--name", name, "--network", "none", "nginx:1.27", "/bin/sh", "-c", &script]);
}

/// The alerts of [`IMAGE_RULE`] for container `name`.
fn shadow_alerts<'a>(alerts: &'a [serde_json::Value], name: &str) -> Vec<&'a serde_json::Value> {
    alerts.iter().filter(|a| a["rule"] == "Shadow read in an nginx container" && a["output_fields"]["container.name"] == name).collect()
}

#[test]
fn a_docker_daemon_restarted_mid_run_loses_no_alert() {
    if skip() {
        return;
    }
    let _t = turn();
    let mut d = Dockerd::start("restart-run");
    d.import("nginx:1.27");
    let rules = syssentry_testkit::flb_host::TempRules::new("containers-restart", IMAGE_RULE);
    let socket = d.socket.display().to_string();
    let sensor = syssentry_testkit::cli_sensor::Sensor::start(&[
        "--rules", &rules.path(), "--container-engines", "docker", "--docker-socket", &socket, "--no-container-fields",
    ])
    .unwrap_or_else(|why| panic!("syssentry run did not start: {why}"));
    // 40 reads over 10 s; the daemon is down for 3 s in the middle (its containers run on).
    shadow_reader(&d, "web1", 1, 40);
    std::thread::sleep(Duration::from_secs(3));
    d.restart(Duration::from_secs(3));
    // A container started after the restart is learnt from the new event stream.
    shadow_reader(&d, "web2", 0, 4);
    sensor.wait_for(Duration::from_secs(20), |lines| {
        let n = |name: &str| lines.iter().filter(|l| l.contains("Shadow read in an nginx container") && l.contains(&format!("\"container.name\":\"{name}\""))).count();
        n("web1") >= 40 && n("web2") >= 4
    });
    let run = sensor.stop();
    let web1 = shadow_alerts(&run.alerts, "web1");
    assert_eq!(web1.len(), 40, "every read of the container alerted, with its metadata:\n{}", run.stderr);
    assert_eq!(shadow_alerts(&run.alerts, "web2").len(), 4, "{}", run.stderr);
    assert!(run.stderr.contains("docker: answering again;"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("is stale until it answers again").count(), 1, "one warning for the episode:\n{}", run.stderr);
}

#[test]
fn a_runtime_that_never_answers_holds_alerts_back_no_longer_than_the_wait() {
    if skip() {
        return;
    }
    let _t = turn();
    let d = Dockerd::start("hung-run");
    d.import("nginx:1.27");
    // The sensor is pointed at a socket that accepts connections and never answers.
    let dir = syssentry_testkit::paths::scratch("hung-runtime");
    let silent = dir.join("docker.sock");
    let listener = std::os::unix::net::UnixListener::bind(&silent).unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            held.push(s);
        }
    });
    let rules = syssentry_testkit::flb_host::TempRules::new(
        "containers-hung",
        r#"
- rule: Shadow read in a container
  desc: a process in a container reads /etc/shadow
  condition: evt.type in (open, openat, openat2) and fd.name = /etc/shadow and container.id != host
  output: "shadow read in %container.id (name=%container.name image=%container.image.repository)"
  priority: WARNING
"#,
    );
    let sensor = syssentry_testkit::cli_sensor::Sensor::start(&[
        "--rules", &rules.path(), "--container-engines", "docker", "--docker-socket", &silent.display().to_string(),
        "--no-container-fields", "--metadata-wait", "500ms",
    ])
    .unwrap_or_else(|why| panic!("syssentry run did not start: {why}"));
    shadow_reader(&d, "web1", 0, 8);
    sensor.wait_for(Duration::from_secs(15), |lines| lines.iter().filter(|l| l.contains("Shadow read in a container")).count() >= 8);
    let run = sensor.stop();
    let alerts: Vec<_> = run.alerts.iter().filter(|a| a["rule"] == "Shadow read in a container").collect();
    assert_eq!(alerts.len(), 8, "every read alerted, with what was known:\n{}", run.stderr);
    for a in &alerts {
        assert_eq!(a["output_fields"]["container.id"].as_str().map(str::len), Some(12), "{a}");
        assert!(a["output_fields"]["container.name"].is_null(), "nothing is known of it: {a}");
    }
    assert!(run.stderr.contains("events held for metadata (1 timeouts"), "{}", run.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

/// What the Falco user's first examples must show live, in a container of an `nginx` image: the
/// allow-list of docs/examples/nginx-allowlist fires for `ls` and not for nginx itself, and
/// Falco's own "Terminal shell in container" fires for `docker exec -t ... sh`, each alert
/// naming the container, its image repository and tag (the fields Falco appends). `collect`
/// runs the actions and returns the alerts of the sensor under test.
fn check_first_examples(alerts: &[serde_json::Value], context: &str) {
    let named = |a: &serde_json::Value| {
        let f = &a["output_fields"];
        assert_eq!(f["container.name"], "web1", "{a}");
        assert_eq!(f["container.image.repository"], "nginx", "{a}");
        assert_eq!(f["container.image.tag"], "1.27", "{a}");
    };
    let allow: Vec<_> = alerts.iter().filter(|a| a["rule"] == "Unexpected program in nginx container").collect();
    let ls = allow.iter().find(|a| a["output_fields"]["proc.name"] == "ls").unwrap_or_else(|| panic!("no alert for ls:\n{context}"));
    named(ls);
    assert!(!allow.iter().any(|a| a["output_fields"]["proc.name"] == "nginx"), "nginx itself is allowed: {allow:?}");
    assert!(alerts.iter().any(|a| a["rule"] == NGINX_RAN), "the near miss happened (nginx ran):\n{context}");
    let shell = alerts.iter().find(|a| a["rule"] == "Terminal shell in container").unwrap_or_else(|| panic!("no terminal shell alert:\n{context}"));
    named(shell);
    assert_eq!(shell["output_fields"]["proc.name"], "sh", "{shell}");
}

/// A rule of the test itself, showing that the near miss (nginx running) happened.
const NGINX_RAN: &str = "Program named nginx run in web1";

/// The rules files of [`check_first_examples`]: [`NGINX_RAN`] (first: the first rule that
/// matches fires, and nginx copied into /tmp is also a binary not in its image), Falco's stable
/// rules and the allow-list example (the temporary file kept alive by the returned value).
fn first_examples_rules() -> ([String; 3], syssentry_testkit::flb_host::TempRules) {
    let stable = syssentry_testkit::paths::upstream_rules("falco_rules.yaml");
    let allow = syssentry_testkit::paths::in_repo("docs/examples/nginx-allowlist/rules.yaml");
    let ran = syssentry_testkit::flb_host::TempRules::new(
        "first-examples",
        &format!(
            "- rule: {NGINX_RAN}\n  desc: the test's own check\n  condition: evt.type = execve and evt.rawres = 0 and proc.name = nginx and container.name = web1\n  output: nginx ran (%proc.cmdline)\n  priority: INFO\n"
        ),
    );
    ([ran.path(), stable.display().to_string(), allow.display().to_string()], ran)
}

/// `web1` of an `nginx` image with a program named `nginx` in it; then the actions of
/// [`check_first_examples`], repeated until `done` says the alerts are in (at most 30 s).
fn first_examples_actions(d: &Dockerd, mut done: impl FnMut() -> bool) {
    d.import("nginx:1.27");
    d.ok(&["run", "-d", "--name", "web1", "--network", "none", "nginx:1.27", "/bin/sleep", "1000"]);
    d.ok(&["exec", "web1", "/bin/busybox", "cp", "/bin/busybox", "/tmp/nginx"]);
    let until = Instant::now() + Duration::from_secs(30);
    while Instant::now() < until && !done() {
        d.ok(&["exec", "web1", "ls", "/"]);
        // busybox under the name nginx: it runs (execve succeeds), then says it is no applet.
        let _ = d.cmd(&["exec", "web1", "/tmp/nginx", "-v"]);
        d.ok(&["exec", "-t", "web1", "sh", "-c", ":"]);
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[test]
fn falcos_first_examples_fire_live_with_the_container_named_in_syssentry_run() {
    if skip() {
        return;
    }
    let _t = turn();
    let d = Dockerd::start("first-examples-run");
    let socket = d.socket.display().to_string();
    let ([ran, stable, allow], _keep) = first_examples_rules();
    let sensor = syssentry_testkit::cli_sensor::Sensor::start(&[
        "--rules", &ran, "--rules", &stable, "--rules", &allow, "--container-engines", "docker", "--docker-socket", &socket,
    ])
        .unwrap_or_else(|why| panic!("syssentry run did not start: {why}"));
    let fired = |lines: &[String]| {
        lines.iter().any(|l| l.contains("Terminal shell in container"))
            && lines.iter().any(|l| l.contains("\"proc.name\":\"ls\""))
            && lines.iter().any(|l| l.contains(NGINX_RAN))
    };
    first_examples_actions(&d, || fired(&sensor.lines()));
    let run = sensor.stop();
    check_first_examples(&run.alerts, &run.stderr);
}

#[test]
fn falcos_first_examples_fire_live_with_the_container_named_in_the_plugin() {
    if skip() {
        return;
    }
    let _t = turn();
    let _g = syssentry_testkit::flb_host::serial();
    let d = Dockerd::start("first-examples-plugin");
    let socket = d.socket.display().to_string();
    let (files, _keep) = first_examples_rules();
    let rules = files.join(",");
    let mut host = syssentry_testkit::flb_host::Host::load(syssentry_testkit::flb_host::Layout::V41);
    let inst = host
        .start(&[("rules", rules.as_str()), ("container_engines", "docker"), ("docker_socket", &socket)])
        .unwrap_or_else(|_| panic!("init failed: {:?}", syssentry_testkit::flb_host::logs()));
    let records = std::cell::RefCell::new(Vec::new());
    first_examples_actions(&d, || {
        let (evs, _) = inst.collect();
        let mut r = records.borrow_mut();
        r.extend(evs.iter().map(|e| syssentry_testkit::flb_host::to_json(&e.body)));
        r.iter().any(|a| a["rule"] == "Terminal shell in container")
            && r.iter().any(|a| a["output_fields"]["proc.name"] == "ls")
            && r.iter().any(|a| a["rule"] == NGINX_RAN)
    });
    inst.shutdown(false);
    check_first_examples(&records.into_inner(), &format!("{:?}", syssentry_testkit::flb_host::logs()));
}

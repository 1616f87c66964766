//! What container metadata costs in memory: the sensor's state with 1,000 and 10,000 containers
//! described as a Kubernetes node's are (a pod's labels, the kubelet's labels, volumes, the
//! image's `/etc/passwd` and `/etc/group`), measured as the resident memory the process gains,
//! each count in a fresh child process. Figures in docs/performance.md.
//!
//! `cargo run --release -p syssentry-sensor --example container_memory`

use std::time::Instant;
use syssentry_engine::state::{ContainerInfo, Mount, State, StateConfig};
use syssentry_sensor::engines::update::{ContainerDescription, ContainerUpdate};
use syssentry_sensor::services::container_cache::ContainerCache;

/// Resident memory of this process, in KiB.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Container `n` of a node: one pod's container, as the CRI describes it.
fn description(n: usize) -> ContainerDescription {
    let id = format!("{n:012x}{:052x}", n * 7919);
    let pod = format!("checkout-7d4b9{n:05}");
    let labels = [
        ("io.kubernetes.container.name", "app".to_string()),
        ("io.kubernetes.pod.name", pod.clone()),
        ("io.kubernetes.pod.namespace", "payments".to_string()),
        ("io.kubernetes.pod.uid", format!("6f1d3a52-0c9e-4b8a-9d7e-{n:012x}")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let pod_labels = [("app", "checkout"), ("pod-template-hash", "7d4b9"), ("team", "payments"), ("tier", "backend"), ("version", "v2")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mounts = ["/etc/hosts", "/dev/termination-log", "/var/run/secrets/kubernetes.io/serviceaccount", "/data"]
        .iter()
        .map(|dest| Mount {
            source: format!("/var/lib/kubelet/pods/6f1d3a52-0c9e-4b8a-9d7e-{n:012x}/volumes{dest}"),
            dest: dest.to_string(),
            mode: "rw".into(),
            rdwr: true,
            propagation: "private".into(),
        })
        .collect();
    let info = ContainerInfo {
        id: id[..12].to_string(),
        full_id: id.clone(),
        name: "app".into(),
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout:2.14.1".into(),
        image_id: format!("{:064x}", n * 31),
        image_repository: "123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout".into(),
        image_tag: "2.14.1".into(),
        image_digest: format!("sha256:{:064x}", n * 17),
        container_type: "containerd".into(),
        ip: format!("198.51.100.{}", n % 250),
        mounts,
        labels,
        pod_sandbox_id: format!("{:064x}", n * 13),
        pod_sandbox_labels: pod_labels,
        ..ContainerInfo::default()
    };
    // A Debian-based image's files: 20 users, 40 groups.
    let passwd: String = (0..20).map(|u| format!("user{u}:x:{u}:{u}:User {u}:/home/user{u}:/usr/sbin/nologin\n")).collect();
    let group: String = (0..40).map(|g| format!("group{g}:x:{g}:\n")).collect();
    ContainerDescription { info, passwd: Some(passwd), group: Some(group), partial: false }
}

fn measure(count: usize, with_files: bool) {
    let cfg = StateConfig { max_containers: count, max_users: count * 20, max_groups: count * 40, ..StateConfig::default() };
    let mut state = State::new(cfg);
    let now = Instant::now();
    let mut cache = ContainerCache::new(now);
    let before = rss_kib();
    let start = Instant::now();
    for n in 0..count {
        // Made here, as an engine makes it: the text of its files is freed once parsed.
        let mut d = description(n);
        if !with_files {
            (d.passwd, d.group) = (None, None);
        }
        cache.apply(&mut state, ContainerUpdate::Upsert(Box::new(d)), now);
    }
    let took = start.elapsed();
    let added = rss_kib().saturating_sub(before);
    println!(
        "{count} containers{}: {} in the table, {} users, {} groups; resident memory +{:.1} MiB ({:.1} KiB per container); described and applied in {:.1} ms ({:.1} us each)",
        if with_files { "" } else { " (without their own users and groups)" },
        state.containers.len(),
        state.users.len(),
        state.groups.len(),
        added as f64 / 1024.0,
        added as f64 / count as f64,
        took.as_secs_f64() * 1e3,
        took.as_secs_f64() * 1e6 / count as f64,
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(n) = args.get(1).and_then(|a| a.parse().ok()) {
        measure(n, args.get(2).map(String::as_str) != Some("no-files"));
        return;
    }
    let me = std::env::current_exe().expect("own path");
    for (n, files) in [(1_000usize, "files"), (10_000, "files"), (1_000, "no-files")] {
        let status = std::process::Command::new(&me).args([n.to_string(), files.to_string()]).status().expect("child");
        assert!(status.success());
    }
}

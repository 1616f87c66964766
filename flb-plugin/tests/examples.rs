//! The files users copy: the example Fluent Bit configurations, the ECS task definition, the
//! Kubernetes manifest and the Dockerfile. Every syssentry input section (commented-out keys
//! included) names only the plugin's real properties, the full examples show every property, and
//! the task definition has what ECS and the plugin need.

use std::collections::BTreeSet;
use std::path::PathBuf;
use syssentry::config::PROPERTIES;
use yaml_rust2::{Yaml, YamlLoader};

/// Keys of an input section that Fluent Bit itself consumes.
const GENERIC: &[&str] = &[
    "name",
    "tag",
    "alias",
    "log_level",
    "mem_buf_limit",
    "storage.type",
    "threaded",
];

fn repo(p: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(p)
}

fn read(p: &str) -> String {
    std::fs::read_to_string(repo(p)).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn is_key(tok: &str) -> bool {
    let mut c = tok.chars();
    c.next().is_some_and(|f| f.is_ascii_lowercase())
        && tok
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
}

/// Keys of every `[INPUT]` section named syssentry in classic-format text, commented-out
/// `# key value` lines included.
fn classic_syssentry_keys(text: &str) -> Vec<BTreeSet<String>> {
    let mut sections = Vec::new();
    let mut cur: Option<(bool, BTreeSet<String>)> = None;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            if let Some((true, keys)) = cur.take() {
                sections.push(keys);
            }
            cur = t
                .eq_ignore_ascii_case("[input]")
                .then(|| (false, BTreeSet::new()));
            continue;
        }
        let Some((is_ss, keys)) = cur.as_mut() else {
            continue;
        };
        let (commented, body) = match t.strip_prefix('#') {
            Some(rest) => (true, rest.trim()),
            None => (false, t),
        };
        let mut parts = body.split_whitespace();
        let (Some(k), Some(v)) = (parts.next(), parts.next()) else {
            continue;
        };
        if commented && !is_key(k) {
            continue;
        }
        let k = k.to_ascii_lowercase();
        if k == "name" && v.eq_ignore_ascii_case("syssentry") {
            *is_ss = true;
        }
        keys.insert(k);
    }
    if let Some((true, keys)) = cur {
        sections.push(keys);
    }
    sections
}

fn check_known(file: &str, keys: &BTreeSet<String>) {
    for k in keys {
        assert!(
            PROPERTIES.iter().any(|p| p.name == k) || GENERIC.contains(&k.as_str()),
            "{file}: '{k}' is not a syssentry property"
        );
    }
}

fn check_complete(file: &str, keys: &BTreeSet<String>) {
    for p in PROPERTIES {
        assert!(
            keys.contains(p.name),
            "{file} does not show property '{}'",
            p.name
        );
    }
}

#[test]
fn classic_examples_name_only_real_properties_and_show_all() {
    let text = read("fluent-bit.conf.example");
    let secs = classic_syssentry_keys(&text);
    assert_eq!(secs.len(), 1, "one syssentry input");
    check_known("fluent-bit.conf.example", &secs[0]);
    check_complete("fluent-bit.conf.example", &secs[0]);
    assert!(text.contains("Plugins_File plugins.conf"));
    let plugins = read("plugins.conf.example");
    let path_line = plugins
        .lines()
        .find(|l| l.trim_start().starts_with("Path"))
        .expect("Path line");
    let path = path_line.split_whitespace().nth(1).unwrap();
    assert!(
        path.starts_with('/') && path.ends_with("/libsyssentry.so"),
        "{path}"
    );
    let base = path.rsplit('/').next().unwrap();
    assert!(
        !base.starts_with("flb-"),
        "a flb- prefix routes to the native loader"
    );
    for out in ["cloudwatch_logs", "s3", "es", "kinesis_firehose"] {
        assert!(
            text.contains(&format!("#     Name              {out}"))
                || text.contains(&format!("Name            {out}"))
                || text.contains(&format!("Name                {out}")),
            "output {out} missing"
        );
    }
    for f in ["ecs/syssentry.conf", "k8s/syssentry-stdout.conf"] {
        let secs = classic_syssentry_keys(&read(f));
        assert_eq!(secs.len(), 1, "{f}");
        check_known(f, &secs[0]);
    }
}

fn yaml_syssentry_inputs(doc: &Yaml) -> Vec<BTreeSet<String>> {
    let mut out = Vec::new();
    if let Yaml::Array(inputs) = &doc["pipeline"]["inputs"] {
        for i in inputs {
            if i["name"].as_str() == Some("syssentry") {
                if let Yaml::Hash(h) = i {
                    out.push(
                        h.keys()
                            .filter_map(|k| k.as_str())
                            .map(str::to_ascii_lowercase)
                            .collect(),
                    );
                }
            }
        }
    }
    out
}

#[test]
fn yaml_example_names_only_real_properties_and_show_all() {
    let text = read("fluent-bit.yaml.example");
    let docs = YamlLoader::load_from_str(&text).expect("valid YAML");
    let secs = yaml_syssentry_inputs(&docs[0]);
    assert_eq!(secs.len(), 1);
    let mut keys = secs[0].clone();
    // Commented keys inside the input block.
    let block: String = text
        .lines()
        .skip_while(|l| !l.contains("- name: syssentry"))
        .take_while(|l| !l.trim_start().starts_with("outputs:"))
        .collect::<Vec<_>>()
        .join("\n");
    for l in block.lines() {
        if let Some(rest) = l.trim().strip_prefix('#') {
            if let Some((k, _)) = rest.trim().split_once(':') {
                if is_key(k) {
                    keys.insert(k.to_string());
                }
            }
        }
    }
    check_known("fluent-bit.yaml.example", &keys);
    check_complete("fluent-bit.yaml.example", &keys);
    let plugins = docs[0]["plugins"].as_vec().expect("plugins list");
    assert!(plugins
        .iter()
        .all(|p| p.as_str().is_some_and(|s| s.ends_with("libsyssentry.so"))));
}

#[test]
fn kubernetes_manifest_is_valid_and_its_config_names_real_properties() {
    let text = read("k8s/daemonset.yaml");
    let docs = YamlLoader::load_from_str(&text).expect("valid YAML");
    let ds = docs
        .iter()
        .find(|d| d["kind"].as_str() == Some("DaemonSet"))
        .expect("DaemonSet");
    let spec = &ds["spec"]["template"]["spec"];
    assert_eq!(spec["hostPID"].as_bool(), Some(true));
    let c = &spec["containers"][0];
    assert_eq!(c["securityContext"]["privileged"].as_bool(), Some(true));
    let mounts: Vec<&str> = c["volumeMounts"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(|m| m["name"].as_str())
        .collect();
    let vols: Vec<&str> = spec["volumes"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(|v| v["name"].as_str())
        .collect();
    for m in &mounts {
        assert!(vols.contains(m), "mount {m} has no volume");
    }
    let cm = docs
        .iter()
        .find(|d| d["kind"].as_str() == Some("ConfigMap"))
        .expect("ConfigMap");
    let conf = cm["data"]["fluent-bit.conf"]
        .as_str()
        .expect("fluent-bit.conf");
    let secs = classic_syssentry_keys(conf);
    assert_eq!(secs.len(), 1);
    check_known("k8s/daemonset.yaml", &secs[0]);
    let host_root_used = conf
        .lines()
        .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["host_root", "/host"]);
    assert!(host_root_used);
    let paths: Vec<&str> = c["volumeMounts"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(|m| m["mountPath"].as_str())
        .collect();
    assert!(paths.contains(&"/host/proc") && paths.contains(&"/host/etc"));
}

#[test]
fn ecs_task_definition_has_what_ecs_and_the_plugin_need() {
    let v: serde_json::Value =
        serde_json::from_str(&read("ecs/task-definition.json")).expect("valid JSON");
    assert!(
        v["family"].as_str().is_some_and(|f| !f.is_empty()),
        "family"
    );
    assert!(v["requiresCompatibilities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "EC2"));
    assert_eq!(v["pidMode"], "host", "host PID namespace");
    let cds = v["containerDefinitions"]
        .as_array()
        .expect("containerDefinitions");
    assert!(!cds.is_empty());
    let vols: Vec<&str> = v["volumes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    for vol in v["volumes"].as_array().unwrap() {
        assert!(vol["host"]["sourcePath"]
            .as_str()
            .is_some_and(|p| p.starts_with('/')));
    }
    for c in cds {
        assert!(
            c["name"].as_str().is_some_and(|n| !n.is_empty()),
            "container name"
        );
        assert!(
            c["image"].as_str().is_some_and(|n| !n.is_empty()),
            "container image"
        );
        assert!(
            c["memory"].is_u64() || c["memoryReservation"].is_u64(),
            "EC2 tasks need memory or memoryReservation"
        );
        for m in c["mountPoints"].as_array().into_iter().flatten() {
            let src = m["sourceVolume"].as_str().unwrap();
            assert!(vols.contains(&src), "mountPoint {src} has no volume");
            assert!(m["containerPath"]
                .as_str()
                .is_some_and(|p| p.starts_with('/')));
        }
    }
    assert!(cds.iter().any(|c| c["essential"] == true));
    let routers: Vec<&serde_json::Value> = cds
        .iter()
        .filter(|c| c["firelensConfiguration"].is_object())
        .collect();
    assert_eq!(routers.len(), 1, "one FireLens log router");
    let r = routers[0];
    assert_eq!(r["firelensConfiguration"]["type"], "fluentbit");
    assert_eq!(r["privileged"], true, "BPF needs a privileged container");
    let conf_path = r["firelensConfiguration"]["options"]["config-file-value"]
        .as_str()
        .unwrap();
    assert_eq!(
        r["firelensConfiguration"]["options"]["config-file-type"],
        "file"
    );
    let paths: Vec<&str> = r["mountPoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["containerPath"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"/host/proc") && paths.contains(&"/host/etc"));
    // Container metadata: the Docker socket where the plugin looks for it below host_root.
    assert!(paths.contains(&"/host/var/run/docker.sock"), "{paths:?}");
    let dockerfile = read("Dockerfile");
    assert!(
        dockerfile.contains(&format!("COPY ecs/syssentry.conf {conf_path}")),
        "the image holds the FireLens config at {conf_path}"
    );
    assert!(
        dockerfile.contains("\"-e\", \"/fluent-bit/plugins/libsyssentry.so\""),
        "the entrypoint loads the plugin"
    );
    assert!(
        dockerfile.contains("FROM fluent/fluent-bit:"),
        "built on the official image"
    );
    let conf = read("ecs/syssentry.conf");
    assert!(conf.contains("Name              cloudwatch_logs"));
    assert!(conf
        .lines()
        .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["host_root", "/host"]));
}

#[test]
fn docs_list_every_property() {
    let doc = read("docs/fluent-bit.md");
    for p in PROPERTIES {
        assert!(
            doc.contains(&format!("| `{}` |", p.name)),
            "docs/fluent-bit.md does not document '{}'",
            p.name
        );
    }
}

//! Health checks and Kubernetes probes as Falco renders them: a Docker `HEALTHCHECK` test
//! (`["CMD-SHELL", "cmd"]` runs `/bin/sh -c cmd`, `["CMD", exe, args...]` runs `exe args...`,
//! `["NONE"]` is none) and the exec liveness and readiness probes of a pod's container, read from
//! the pod's last applied configuration (the annotation `kubectl apply` leaves), each as one
//! command line.
//!
//! Place in the data flow: engine → **these commands** in the container's description → the
//! `container.healthcheck`, `container.liveness_probe` and `container.readiness_probe` fields.

use serde_json::Value;

/// The annotation holding the pod as last applied by `kubectl apply`.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// The command line of a Docker health check test; `None` for none.
pub fn healthcheck(test: &[String]) -> Option<String> {
    let (kind, rest) = test.split_first()?;
    let line = match kind.as_str() {
        "CMD-SHELL" => format!("/bin/sh -c {}", rest.join(" ")),
        "CMD" => rest.join(" "),
        _ => return None,
    };
    (!line.trim().is_empty()).then_some(line)
}

/// The (liveness, readiness) exec probe command lines of container `name` in the pod
/// `last_applied` (the annotation's JSON); `None` where there is no such probe.
pub fn probes(last_applied: &str, name: &str) -> (Option<String>, Option<String>) {
    let Ok(pod) = serde_json::from_str::<Value>(last_applied) else { return (None, None) };
    let container = pod
        .pointer("/spec/containers")
        .and_then(Value::as_array)
        .and_then(|cs| cs.iter().find(|c| c.get("name").and_then(Value::as_str) == Some(name)));
    let probe = |key: &str| {
        let command = container?.get(key)?.pointer("/exec/command")?.as_array()?;
        let words: Vec<&str> = command.iter().filter_map(Value::as_str).collect();
        (!words.is_empty()).then(|| words.join(" "))
    };
    (probe("livenessProbe"), probe("readinessProbe"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn health_checks_read_as_the_runtime_runs_them() {
        assert_eq!(healthcheck(&words(&["CMD-SHELL", "curl -f http://localhost/"])).as_deref(), Some("/bin/sh -c curl -f http://localhost/"));
        assert_eq!(healthcheck(&words(&["CMD", "/bin/check", "--fast"])).as_deref(), Some("/bin/check --fast"));
        assert_eq!(healthcheck(&words(&["NONE"])), None);
        assert_eq!(healthcheck(&words(&["CMD"])), None);
        assert_eq!(healthcheck(&[]), None);
    }

    #[test]
    fn probes_are_the_named_containers_exec_probes() {
        let pod = r#"{"apiVersion":"v1","kind":"Pod","spec":{"containers":[
            {"name":"sidecar","livenessProbe":{"exec":{"command":["/bin/true"]}}},
            {"name":"web","livenessProbe":{"exec":{"command":["cat","/tmp/healthy"]}},
             "readinessProbe":{"httpGet":{"path":"/ready","port":8080}}}]}}"#;
        assert_eq!(probes(pod, "web"), (Some("cat /tmp/healthy".into()), None), "an HTTP probe runs no command");
        assert_eq!(probes(pod, "sidecar"), (Some("/bin/true".into()), None));
        assert_eq!(probes(pod, "absent"), (None, None));
        assert_eq!(probes("not json", "web"), (None, None));
    }
}

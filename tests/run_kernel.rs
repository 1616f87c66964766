//! End to end with the kernel: `syssentry run` with a small rules file sees a child process
//! read /etc/shadow and prints the alert line; a rule on `proc.env` fires on the environment a
//! real exec received. Needs root, BTF and BPF; prints `SKIPPED: ...`
//! and passes when the machine lacks them.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RULES: &str = r#"
- rule: Shadow read by cat
  desc: test rule
  condition: evt.type in (open, openat, openat2) and evt.is_open_read=true and fd.name=/etc/shadow and proc.name=cat
  output: shadow read (file=%fd.name proc=%proc.name cmdline=%proc.cmdline)
  priority: WARNING
  tags: [test]
"#;

use syssentry_testkit::privileges::skip_reason;

/// A running `syssentry run --duration 5` on `rules`, its stderr so far, or `None` (after a
/// `SKIPPED:` line) when the host refuses capture.
struct Sensor {
    child: std::process::Child,
    stderr: BufReader<std::process::ChildStderr>,
    log: String,
    dir: std::path::PathBuf,
}

impl Sensor {
    #[expect(
        clippy::zombie_processes,
        reason = "the child is waited for here when the sensor refuses, else by Sensor::finish (it also ends itself after --duration)"
    )]
    fn start(tag: &str, rules_text: &str) -> Option<Sensor> {
        if let Some(why) = skip_reason() {
            println!("SKIPPED: {why}");
            return None;
        }
        let dir = std::env::temp_dir().join(format!("syssentry-e2e-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let rules = dir.join("rules.yaml");
        std::fs::write(&rules, rules_text).unwrap();
        let mut child = Command::new(syssentry_testkit::paths::syssentry())
            .args(["run", "--duration", "5", "--no-container-fields", "--hostname", "e2e-host", "--rules"])
            .arg(&rules)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Wait for the sensor to report it is running (or to refuse).
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut log = String::new();
        let started = Instant::now();
        loop {
            let mut line = String::new();
            if stderr.read_line(&mut line).unwrap_or(0) == 0 || started.elapsed() > Duration::from_secs(30) {
                let _ = child.wait();
                if log.contains("cannot start the kernel capture") || log.contains("needs root") || log.contains("BTF") {
                    println!("SKIPPED: the host refused capture: {log}");
                    return None;
                }
                panic!("sensor ended before running: {log}");
            }
            log.push_str(&line);
            if line.contains("syssentry: running:") {
                return Some(Sensor { child, stderr, log, dir });
            }
        }
    }

    /// Waits for the sensor to end; its alerts (JSON lines) and all of its stderr.
    fn finish(mut self) -> (Vec<serde_json::Value>, String) {
        let out = self.child.wait_with_output().unwrap();
        let _ = std::io::Read::read_to_string(&mut self.stderr, &mut self.log);
        assert!(out.status.success(), "{}", self.log);
        let alerts = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .collect();
        let _ = std::fs::remove_dir_all(&self.dir);
        (alerts, self.log)
    }
}

#[test]
fn cat_etc_shadow_raises_the_alert() {
    let Some(sensor) = Sensor::start("shadow", RULES) else { return };
    let cat = Command::new("cat").arg("/etc/shadow").stdout(Stdio::null()).status().unwrap();
    assert!(cat.success());
    let (alerts, log) = sensor.finish();
    let alert = alerts
        .iter()
        .find(|v| v["rule"] == "Shadow read by cat")
        .unwrap_or_else(|| panic!("no alert in:\n{alerts:#?}\nstderr:\n{log}"));
    assert_eq!(alert["priority"], "Warning");
    assert_eq!(alert["hostname"], "e2e-host");
    assert_eq!(alert["source"], "syscall");
    let output = alert["output"].as_str().unwrap();
    assert!(
        output.ends_with(": Warning shadow read (file=/etc/shadow proc=cat cmdline=cat /etc/shadow)"),
        "{output}"
    );
    assert_eq!(alert["output_fields"]["fd.name"], "/etc/shadow");
    assert!(log.contains("syssentry: alerts:"), "stats at exit: {log}");
}

const ENV_RULES: &str = r#"
- rule: Token in the environment
  desc: test rule on proc.env
  condition: evt.type = execve and proc.name = true and proc.env contains "SSE_E2E_TOKEN="
  output: token exec (token=%proc.env[SSE_E2E_TOKEN] env=%proc.env)
  priority: NOTICE
  tags: [test]
"#;

#[test]
fn proc_env_rule_fires_on_the_environment_an_exec_received() {
    let Some(sensor) = Sensor::start("env", ENV_RULES) else { return };
    let token = format!("fresh-{}", std::process::id());
    // The token only in the environment the final exec receives ...
    let st = Command::new("/usr/bin/env")
        .env_clear()
        .args(["-i", &format!("SSE_E2E_TOKEN={token}"), "X=y", "/bin/true"])
        .status()
        .unwrap();
    assert!(st.success());
    // ... and only in the caller's environment, which the exec'd image does not get.
    let st = Command::new("/usr/bin/env")
        .env_clear()
        .env("SSE_E2E_TOKEN", "outer")
        .args(["-i", "OTHER=1", "/bin/true"])
        .status()
        .unwrap();
    assert!(st.success());
    let (alerts, log) = sensor.finish();
    let hits: Vec<&serde_json::Value> = alerts.iter().filter(|v| v["rule"] == "Token in the environment").collect();
    assert_eq!(hits.len(), 1, "alerts:\n{alerts:#?}\nstderr:\n{log}");
    assert_eq!(hits[0]["output_fields"]["proc.env[SSE_E2E_TOKEN]"], token.as_str());
    assert_eq!(hits[0]["output_fields"]["proc.env"], format!("SSE_E2E_TOKEN={token} X=y"));
}

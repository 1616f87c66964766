//! The plugin inside a host process (the stand-in Fluent Bit, `flb-host`), where what it does to
//! the process shows: `on_failure exit` ends the host with a non-zero status after the failure
//! record has been handed to the host, while the default policy keeps it running and an
//! operator's SIGTERM ends it with status 0. The synthetic source rehearses the failure through
//! the `Source` interface (`synthetic_fail_after`), so no root is needed.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};
use syssentry_sensor::failure::{FAILED_RULE, RECOVERED_RULE};
use syssentry_testkit::flb_host::{TempRules, SHADOW_RULES};
use syssentry_testkit::paths;

/// The host, its stdout lines (records) and stderr collected by threads.
struct HostProcess {
    child: Child,
    records: std::sync::Arc<std::sync::Mutex<Vec<serde_json::Value>>>,
    out: std::thread::JoinHandle<()>,
    err: std::thread::JoinHandle<String>,
}

fn start(props: &[(&str, &str)]) -> HostProcess {
    let mut child = Command::new(paths::flb_host())
        .args(props.iter().map(|(k, v)| format!("{k}={v}")))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start flb-host");
    let records = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = records.clone();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let out = std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            sink.lock().unwrap().push(v);
        }
    });
    let mut stderr = child.stderr.take().unwrap();
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
        s
    });
    HostProcess { child, records, out, err }
}

impl HostProcess {
    /// Waits for the process to end by itself (at most `limit`).
    fn wait(mut self, limit: Duration) -> (ExitStatus, Vec<serde_json::Value>, String) {
        let until = Instant::now() + limit;
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            if Instant::now() > until {
                let _ = self.child.kill();
                let s = self.child.wait().unwrap();
                let err = self.err.join().unwrap_or_default();
                panic!("the host did not end within {limit:?} ({s}):\n{err}");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let _ = self.out.join();
        let err = self.err.join().unwrap_or_default();
        let records = std::mem::take(&mut *self.records.lock().unwrap());
        (status, records, err)
    }

    fn rules_seen(&self) -> Vec<String> {
        self.records.lock().unwrap().iter().filter_map(|r| r["rule"].as_str().map(str::to_string)).collect()
    }
}

fn rules(records: &[serde_json::Value]) -> Vec<&str> {
    records.iter().filter_map(|r| r["rule"].as_str()).collect()
}

#[test]
fn on_failure_exit_ends_the_host_with_a_non_zero_status_after_delivering_the_failure() {
    let rules_file = TempRules::new("exit", SHADOW_RULES);
    let path = rules_file.path();
    let host = start(&[
        ("rules", &path),
        ("event_source", "synthetic"),
        ("synthetic_rate", "50"),
        ("synthetic_fail_after", "15"),
        ("on_failure", "exit"),
        ("hostname", "exit-host"),
    ]);
    let (status, records, err) = host.wait(Duration::from_secs(30));
    assert_eq!(status.code(), Some(syssentry::exit::EXIT_STATUS), "{err}");
    let seen = rules(&records);
    assert!(seen.contains(&"Shadow read"), "alerts before the failure: {seen:?}\n{err}");
    assert_eq!(seen.last(), Some(&FAILED_RULE), "the failure is the last record: {seen:?}\n{err}");
    let failed = records.iter().find(|r| r["rule"] == FAILED_RULE).unwrap();
    assert_eq!(failed["priority"], "Critical");
    assert_eq!(failed["hostname"], "exit-host");
    assert_eq!(failed["output_fields"]["on_failure"], "exit");
    // The host went through its normal shutdown (the plugin asked for it with SIGTERM) before
    // the status was applied at unregister.
    assert!(err.contains("flb-host: stopping"), "{err}");
    assert!(err.contains("on_failure exit: stopping fluent bit"), "{err}");
    assert!(!err.contains("flb-host: stopped"), "the plugin ended the process at unregister:\n{err}");
}

#[test]
fn under_the_default_policy_the_host_runs_on_and_stops_cleanly_on_sigterm() {
    let rules_file = TempRules::new("restart-proc", SHADOW_RULES);
    let path = rules_file.path();
    let host = start(&[
        ("rules", &path),
        ("event_source", "synthetic"),
        ("synthetic_rate", "50"),
        ("synthetic_fail_after", "15"),
    ]);
    let until = Instant::now() + Duration::from_secs(30);
    while !host.rules_seen().iter().any(|r| r == RECOVERED_RULE) && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(100));
    }
    // SAFETY: kill(2) on the pid of a child this process spawned and has not reaped.
    assert_eq!(unsafe { libc::kill(host.child.id() as libc::pid_t, libc::SIGTERM) }, 0);
    let (status, records, err) = host.wait(Duration::from_secs(30));
    assert_eq!(status.code(), Some(0), "{err}");
    let seen = rules(&records);
    let f = seen.iter().position(|r| *r == FAILED_RULE).unwrap_or_else(|| panic!("{seen:?}\n{err}"));
    let r = seen.iter().position(|r| *r == RECOVERED_RULE).unwrap_or_else(|| panic!("{seen:?}\n{err}"));
    assert!(f < r, "{seen:?}");
    assert!(err.contains("flb-host: stopped"), "{err}");
}

#[test]
fn an_init_failure_ends_the_host_as_fluent_bit_does() {
    let host = start(&[("rules", "/nonexistent/rules.yaml"), ("event_source", "synthetic")]);
    let (status, records, err) = host.wait(Duration::from_secs(30));
    assert_eq!(status.code(), Some(255), "{err}");
    assert!(records.is_empty());
    assert!(err.contains("init failed: rules path /nonexistent/rules.yaml cannot be read"), "{err}");
}

//! End to end through the real kernel capture: `libsyssentry.so` loaded by the host harness with
//! `event_source ebpf`, real actions (a file opened, a program executed) and the alert records
//! they must produce, and a rule on a domain name (`fd.sip.name`) that needs the resolver. Needs
//! root and BPF: without them it prints `SKIPPED: <reason>` (which
//! `scripts/test` turns into a failure) and returns.



use syssentry_testkit::flb_host::*;
use std::time::Duration;

#[test]
fn real_actions_produce_alert_records() {
    if syssentry_testkit::privileges::skip() {
        return;
    }
    let _g = serial();
    clear_logs();
    let pid = std::process::id();
    let file = format!("/tmp/syssentry-e2e-{pid}.txt");
    let token = format!("syssentry-e2e-{pid}");
    let rules_text = format!(
        r#"
- rule: E2E file opened
  desc: the test opens its marker file
  condition: evt.type in (open, openat, openat2) and fd.name = {file}
  output: "marker opened (proc=%proc.name pid=%proc.pid file=%fd.name)"
  priority: WARNING
  tags: [e2e]
- rule: E2E program run
  desc: the test runs /bin/echo with its token
  condition: evt.type = execve and proc.name = echo and proc.args contains {token}
  output: "echo run (pid=%proc.pid ppid=%proc.ppid cmdline=%proc.cmdline)"
  priority: NOTICE
  tags: [e2e]
"#
    );
    let rules = TempRules::new("e2e", &rules_text);
    let path = rules.path();
    let mut host = Host::load(Layout::V41);
    let inst = host
        .start(&[("rules", path.as_str()), ("hostname", "e2e-host")])
        .unwrap_or_else(|_| panic!("init failed: {:?}", logs()));
    let mut records = Vec::new();
    for _ in 0..40 {
        let _ = std::fs::write(&file, b"x");
        let _ = std::fs::read(&file);
        let _ = std::process::Command::new("/bin/echo")
            .arg(&token)
            .stdout(std::process::Stdio::null())
            .status();
        std::thread::sleep(Duration::from_millis(250));
        let (evs, _) = inst.collect();
        records.extend(evs);
        let have = |r: &str| records.iter().any(|e| e.str("rule") == r);
        if have("E2E file opened") && have("E2E program run") {
            break;
        }
    }
    let _ = std::fs::remove_file(&file);
    let opened: Vec<&Event> = records
        .iter()
        .filter(|e| e.str("rule") == "E2E file opened")
        .collect();
    let ran: Vec<&Event> = records
        .iter()
        .filter(|e| e.str("rule") == "E2E program run")
        .collect();
    assert!(
        !opened.is_empty(),
        "no alert for the opened file; records: {records:?}; logs: {:?}",
        logs()
    );
    assert!(
        !ran.is_empty(),
        "no alert for the executed program; records: {records:?}"
    );
    let o = opened[0];
    assert_eq!(o.str("hostname"), "e2e-host");
    assert_eq!(o.str("priority"), "Warning");
    let of = o.get("output_fields").unwrap();
    assert_eq!(
        map_get(of, "fd.name").and_then(|v| v.as_str()),
        Some(file.as_str())
    );
    assert_eq!(
        map_get(of, "proc.pid").and_then(|v| v.as_u64()),
        Some(u64::from(pid)),
        "the test process opened it"
    );
    let r = ran[0];
    let rf = r.get("output_fields").unwrap();
    assert_eq!(
        map_get(rf, "proc.ppid").and_then(|v| v.as_u64()),
        Some(u64::from(pid)),
        "child of the test process"
    );
    assert!(map_get(rf, "proc.cmdline")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .contains(&token));
    let took = inst.shutdown(false);
    assert!(took < Duration::from_secs(2), "exit took {took:?}");
}

#[test]
fn a_domain_name_a_rule_needs_is_resolved_inside_the_plugin() {
    if syssentry_testkit::privileges::skip() {
        return;
    }
    let _g = serial();
    clear_logs();
    // `localhost` resolves (through the system resolver, /etc/hosts) to the loopback addresses;
    // the test connects to its own listener there, so the server address is one of them.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listen on loopback");
    let port = listener.local_addr().unwrap().port();
    let pid = std::process::id();
    let rules_text = format!(
        r#"
- rule: Contact with a named server
  desc: the test connects to its own listener, named by a domain name
  condition: evt.type = connect and fd.sip.name = localhost and fd.sport = {port} and proc.pid = {pid}
  output: "connected to %fd.sip.name (server=%fd.sip port=%fd.sport proc=%proc.name)"
  priority: NOTICE
"#
    );
    let rules = TempRules::new("dns", &rules_text);
    let path = rules.path();
    let mut host = Host::load(Layout::V41);
    let inst = host
        .start(&[("rules", path.as_str()), ("hostname", "dns-host")])
        .unwrap_or_else(|_| panic!("init failed: {:?}", logs()));
    let mut records = Vec::new();
    // The resolver thread answers within moments of the start; connect until the alert shows.
    for _ in 0..40 {
        let _ = std::net::TcpStream::connect(("127.0.0.1", port));
        std::thread::sleep(Duration::from_millis(250));
        let (evs, _) = inst.collect();
        records.extend(evs);
        if records.iter().any(|e| e.str("rule") == "Contact with a named server") {
            break;
        }
    }
    let hit = records
        .iter()
        .find(|e| e.str("rule") == "Contact with a named server")
        .unwrap_or_else(|| panic!("no alert: the name was not resolved in the plugin; records: {records:?}; logs: {:?}", logs()));
    let of = hit.get("output_fields").unwrap();
    assert_eq!(map_get(of, "fd.sip.name").and_then(|v| v.as_str()), Some("localhost"));
    assert_eq!(map_get(of, "fd.sip").and_then(|v| v.as_str()), Some("127.0.0.1"));
    assert!(hit.str("output").contains("connected to localhost"), "{}", hit.str("output"));
    inst.shutdown(false);
}

//! One runtime behind both front ends: the same actions, seen at the same time by `syssentry run`
//! (a child process, alerts on stdout) and by the plugin (in the stand-in Fluent Bit host, with
//! real eBPF capture), give the same alerts — rule, priority, tags, source, host name, output
//! text and every output field, a domain name resolved for a rule included. Only the event time
//! differs, by nanoseconds: each capture stamps the syscall when its own program runs. Needs root
//! and BPF: without them the test prints `SKIPPED: <why>` (a failure in `scripts/test`).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use syssentry_testkit::cli_sensor::Sensor;
use syssentry_testkit::flb_host::{logs, serial, to_json, Host, Layout, TempRules};
use syssentry_testkit::privileges::skip;

/// An alert without what depends on when each capture ran: the `time` key, the time prefix of
/// `output`, and time fields.
fn normalized(mut alert: serde_json::Value) -> serde_json::Value {
    let m = alert.as_object_mut().expect("an alert is a map");
    m.remove("time");
    if let Some(out) = m.get("output").and_then(|o| o.as_str()) {
        let (_, rest) = out.split_once(": ").unwrap_or_else(|| panic!("no time prefix in {out}"));
        let rest = rest.to_string();
        m.insert("output".into(), rest.into());
    }
    if let Some(f) = m.get_mut("output_fields").and_then(|f| f.as_object_mut()) {
        f.retain(|k, _| !k.starts_with("evt.time"));
    }
    alert
}

/// The alerts of each rule, as a sorted multiset of their JSON text.
fn by_rule(alerts: Vec<serde_json::Value>) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for a in alerts {
        let rule = a["rule"].as_str().unwrap_or_default().to_string();
        out.entry(rule).or_default().push(normalized(a).to_string());
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

#[test]
fn syssentry_run_and_the_plugin_raise_the_same_alerts_for_the_same_actions() {
    if skip() {
        return;
    }
    let _g = serial();
    let pid = std::process::id();
    let file = format!("/tmp/syssentry-same-{pid}.txt");
    let token = format!("syssentry-same-{pid}");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listen on loopback");
    let port = listener.local_addr().unwrap().port();
    let rules_text = format!(
        r#"
- rule: Same marker opened
  desc: the test opens its marker file
  condition: evt.type in (open, openat, openat2) and fd.name = {file} and proc.pid = {pid}
  output: "marker opened (proc=%proc.name pid=%proc.pid file=%fd.name flags=%evt.arg.flags user=%user.name)"
  priority: WARNING
  tags: [same, filesystem]
- rule: Same program run
  desc: the test runs /bin/echo with its token
  condition: evt.type = execve and proc.name = echo and proc.args contains {token}
  output: "echo run (pid=%proc.pid ppid=%proc.ppid pname=%proc.pname cmdline=%proc.cmdline exe=%proc.exepath)"
  priority: NOTICE
  tags: [same, process]
- rule: Same named server contacted
  desc: the test connects to its listener, named by a domain name
  condition: evt.type = connect and fd.sip.name = localhost and fd.sport = {port} and proc.pid = {pid}
  output: "connected (server=%fd.sip.name port=%fd.sport client=%fd.cip proc=%proc.name)"
  priority: INFORMATIONAL
  tags: [same, network]
"#
    );
    let rules = TempRules::new("same", &rules_text);
    let path = rules.path();

    let cli = Sensor::start(&["--rules", &path, "--hostname", "same-host", "--no-container-fields", "--iso8601"])
        .unwrap_or_else(|why| panic!("syssentry run did not start: {why}"));
    let mut host = Host::load(Layout::V41);
    let plugin = host
        .start(&[("rules", path.as_str()), ("hostname", "same-host"), ("suggested_output", "off"), ("time_iso8601", "on")])
        .unwrap_or_else(|_| panic!("the plugin did not start: {:?}", logs()));

    // The actions, once each: two opens of the marker, one program, one connection.
    std::fs::write(&file, b"same").unwrap();
    let _ = std::fs::read(&file).unwrap();
    let status = std::process::Command::new("/bin/echo").arg(&token).stdout(std::process::Stdio::null()).status();
    assert!(status.unwrap().success());
    let expected = |rules: &BTreeMap<String, Vec<String>>| {
        rules.get("Same marker opened").map_or(0, Vec::len) >= 2
            && rules.get("Same program run").map_or(0, Vec::len) >= 1
            && rules.contains_key("Same named server contacted")
    };
    let mut plugin_alerts = Vec::new();
    let until = Instant::now() + Duration::from_secs(20);
    let mut connected = false;
    while Instant::now() < until {
        if !connected {
            // One connection, once both resolvers have had time for their first round (they
            // start with their sensor), so that both can name the server.
            std::thread::sleep(Duration::from_secs(2));
            let _ = std::net::TcpStream::connect(("127.0.0.1", port));
            connected = true;
        }
        let (evs, _) = plugin.collect();
        plugin_alerts.extend(evs.into_iter().map(|e| to_json(&e.body)));
        let parsed: Vec<serde_json::Value> = cli.lines().iter().filter_map(|l| serde_json::from_str(l).ok()).collect();
        let cli_done = expected(&by_rule(parsed));
        if cli_done && expected(&by_rule(plugin_alerts.clone())) {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    // A moment more for anything late on either side, then stop both.
    std::thread::sleep(Duration::from_millis(500));
    let (evs, _) = plugin.collect();
    plugin_alerts.extend(evs.into_iter().map(|e| to_json(&e.body)));
    plugin.shutdown(false);
    let run = cli.stop();
    let _ = std::fs::remove_file(&file);

    let from_cli = by_rule(run.alerts);
    let from_plugin = by_rule(plugin_alerts);
    assert!(expected(&from_cli), "syssentry run missed an action: {from_cli:#?}\n{}", run.stderr);
    assert!(expected(&from_plugin), "the plugin missed an action: {from_plugin:#?}\n{:?}", logs());
    assert_eq!(from_cli, from_plugin, "the two front ends disagree");
    let contact = &from_cli["Same named server contacted"][0];
    assert!(contact.contains("\"fd.sip.name\":\"localhost\""), "{contact}");
}

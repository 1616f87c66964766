//! Harness for the upstream stable-rules tests: the stable ruleset loaded unchanged, an engine with
//! deterministic output settings, and helpers to seed processes and feed synthetic events through
//! state, evaluation and output exactly as capture will.

use std::sync::Arc;

use super::rules::upstream_rules;
use syssentry_engine::eval::{load_rules, BuildOptions, Engine};
use syssentry_engine::event::Event;
use syssentry_engine::output::{Alert, OutputOptions};
use syssentry_engine::rules::Priority;
use syssentry_engine::state::{ContainerInfo, ProcImage, State, Thread};

/// The time of the first event: 2026-01-02T03:04:05.000000000Z.
pub const T0: u64 = 1_767_323_045_000_000_000;

/// Output settings of these tests: ISO 8601 prefix (no dependence on the host's time zone), Falco's
/// default suggested container fields, a fixed host name.
pub fn output_options() -> OutputOptions {
    OutputOptions {
        hostname: Arc::from("test-host"),
        suggested_output: true,
        time_iso8601: true,
        utc_offset: Some(0),
        ecs_output: false,
    }
}

/// An engine over the stable rules, with every rule's alerts reported (`rule_matching: all`) so a
/// test sees every rule an event fires.
pub struct Harness {
    pub engine: Engine,
    ts: u64,
}

impl Harness {
    /// The stable ruleset, loaded unchanged from `../shared/falco-rules/falco_rules.yaml`.
    pub fn stable() -> Harness {
        let opts = BuildOptions {
            matching: syssentry_engine::eval::RuleMatching::All,
            output: output_options(),
            ..BuildOptions::default()
        };
        let report = load_rules(&[upstream_rules("falco_rules.yaml")], &opts);
        assert!(!report.diagnostics.has_errors(), "{}", report.diagnostics.render(&report.sources));
        assert_eq!(report.summary.enabled_rules, 25);
        let mut state = State::default();
        state.users.load_passwd(
            "",
            "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n\
             www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\n",
        );
        state.groups.load_group("", "root:x:0:\ndaemon:x:1:\nwww-data:x:33:\nalice:x:1000:\n");
        Harness { engine: Engine::new(Arc::new(report.ruleset), state, output_options()), ts: T0 }
    }

    /// The state tables, for seeding.
    pub fn state(&mut self) -> &mut State {
        self.engine.state_mut()
    }

    /// Adds a running process (its main thread) as if seeded from `/proc` at start.
    pub fn process(&mut self, p: Proc<'_>) {
        let mut t = Thread::new(p.pid, p.pid, p.ppid);
        let comm: String = p.exepath.rsplit('/').next().unwrap_or(p.exepath).chars().take(15).collect();
        let args = p.argv.iter().skip(1).map(|s| s.to_string()).collect();
        t.image = Arc::new(ProcImage::new(p.argv.first().copied().unwrap_or(p.exepath), p.exepath, &comm, args, vec![]));
        t.cwd = p.cwd.to_string();
        t.uid = p.uid;
        t.gid = p.uid;
        t.loginuid = p.loginuid;
        t.tty = p.tty;
        t.sid = p.pid;
        t.clone_ts = T0 - 3_600_000_000_000;
        if let Some(id) = p.container {
            t.container_id = Arc::from(id);
        }
        assert!(self.engine.state_mut().add_thread(t), "seeding pid {}", p.pid);
    }

    /// Registers container metadata (what the runtime would report for it).
    pub fn container(&mut self, info: ContainerInfo) {
        self.engine.state_mut().containers.insert(info);
    }

    /// Feeds one event (timestamps advance by 1 ms per event) and returns the alerts it raised.
    pub fn feed(&mut self, mut ev: Event) -> Vec<Alert> {
        self.ts += 1_000_000;
        ev.ts = self.ts;
        let mut alerts = Vec::new();
        self.engine.process(&ev, &mut |a| alerts.push(a));
        alerts
    }

    /// The ISO 8601 prefix of the next event's alert line.
    pub fn next_prefix(&self) -> String {
        let mut s = String::new();
        syssentry_engine::output::write_iso8601(self.ts + 1_000_000, &mut s);
        s
    }
}

/// A process to seed.
#[derive(Clone, Copy)]
pub struct Proc<'a> {
    pub pid: i64,
    pub ppid: i64,
    pub exepath: &'a str,
    pub argv: &'a [&'a str],
    pub cwd: &'a str,
    pub uid: u32,
    pub loginuid: u32,
    pub tty: u32,
    pub container: Option<&'a str>,
}

impl<'a> Proc<'a> {
    /// A host process run by root from `/root`, no terminal, no login uid.
    pub fn new(pid: i64, ppid: i64, exepath: &'a str, argv: &'a [&'a str]) -> Proc<'a> {
        Proc { pid, ppid, exepath, argv, cwd: "/root/", uid: 0, loginuid: u32::MAX, tty: 0, container: None }
    }
}

/// The suggested container fields Falco appends, for a host process (the host's built-in container
/// entry has empty image strings, and no pod).
pub const HOST_SUFFIX: &str = "container_id=host container_name=host container_image_repository= \
container_image_tag= k8s_pod_name=<NA> k8s_ns_name=<NA>";

/// Asserts that `alerts` holds exactly one alert of `rule`, with `priority` and output `output`
/// (the whole line, prefix included), and returns it.
pub fn expect_alert<'a>(alerts: &'a [Alert], rule: &str, priority: Priority, output: &str) -> &'a Alert {
    let hits: Vec<&Alert> = alerts.iter().filter(|a| &*a.rule == rule).collect();
    assert_eq!(hits.len(), 1, "expected one '{rule}' alert, got: {:#?}", alerts.iter().map(|a| &a.output).collect::<Vec<_>>());
    let a = hits[0];
    assert_eq!(a.priority, priority, "priority of '{rule}'");
    assert_eq!(a.output, output, "output of '{rule}'");
    a
}

/// Asserts that no alert of `rule` is in `alerts`.
pub fn expect_no_alert(alerts: &[Alert], rule: &str) {
    assert!(
        alerts.iter().all(|a| &*a.rule != rule),
        "unexpected '{rule}' alert: {:#?}",
        alerts.iter().filter(|a| &*a.rule == rule).map(|a| &a.output).collect::<Vec<_>>()
    );
}

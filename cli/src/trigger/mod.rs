//! `syssentry trigger`: a safe event generator. Each action does, harmlessly and reversibly, what
//! one or more rules exist to catch, in a child process of its own; `--verify` runs the sensor
//! in this process alongside and reports, per action, the expected rules (those loaded and
//! enabled), the alerts seen and pass or fail.
//!
//! Place in the data flow: outside it, as the producer of the system calls capture reports; with
//! `--verify`, also the whole chain capture → event → state → evaluation → output, whose alerts
//! are matched to the actions instead of printed.

pub mod catalog;
pub mod child;
pub mod expect;
pub mod fixtures;
pub mod image;
pub mod lab;
pub mod report;
pub mod runtime;
pub mod verify;

use crate::args::TriggerArgs;
use crate::run::{self, EXIT_FAILED, EXIT_REFUSED, EXIT_USAGE};
use catalog::{Action, ACTIONS};
use clap::ArgMatches;
use std::collections::BTreeSet;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use syssentry_engine::eval::{BuildOptions, RuleMatching};
use syssentry_engine::output::OutputOptions;
use syssentry_sensor::engines::config::EngineConfig;
use syssentry_sensor::failure::OnFailure;
use syssentry_sensor::host::{check_host, HostProbe};
use syssentry_sensor::runtime::{Sensor, SensorOptions};
use syssentry_sensor::sources::ebpf::{self, EbpfOptions};

/// Exit status after an interruption (SIGINT or SIGTERM).
const EXIT_INTERRUPTED: u8 = 130;

/// Runs `syssentry trigger`.
pub fn run(args: &TriggerArgs, matches: Option<&ArgMatches>, stop: Arc<AtomicBool>) -> anyhow::Result<ExitCode> {
    if args.child.child.is_some() {
        return Ok(child::main(&args.child));
    }
    if args.actions.iter().any(|a| a == "list") {
        if args.actions.len() > 1 || args.all || args.verify {
            eprintln!("syssentry trigger: `list` takes no other action or option than --json");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
        print!("{}", report::list(args.json));
        return Ok(ExitCode::SUCCESS);
    }
    let actions: Vec<&'static Action> = if args.all {
        ACTIONS.iter().collect()
    } else {
        let mut v = Vec::new();
        for name in &args.actions {
            match catalog::find(name) {
                Some(a) if !v.iter().any(|b: &&Action| b.name == a.name) => v.push(a),
                Some(_) => {}
                None => {
                    eprintln!("syssentry trigger: unknown action {name:?}; `syssentry trigger list` lists the actions");
                    return Ok(ExitCode::from(EXIT_USAGE));
                }
            }
        }
        v
    };
    if actions.is_empty() {
        eprintln!("syssentry trigger: name the actions to perform, or --all; `syssentry trigger list` lists them");
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    if HostProbe::read().euid != 0 {
        eprintln!(
            "syssentry trigger: needs root: its actions read /etc/shadow, write below /etc and /var/log, trace \
processes and build a network namespace, a cgroup and an overlay mount (all removed afterwards); run it as root, \
e.g. `sudo syssentry trigger ...`"
        );
        return Ok(ExitCode::from(EXIT_REFUSED));
    }
    let missing = lab::required_programs(&actions);
    if !missing.is_empty() {
        eprintln!(
            "syssentry trigger: the chosen actions need {} (not found in /usr/sbin, /usr/bin, /sbin, /bin); install \
them or leave those actions out",
            missing.join(", ")
        );
        return Ok(ExitCode::from(EXIT_REFUSED));
    }
    let exe = std::env::current_exe().map_err(|e| anyhow::anyhow!("cannot locate this program: {e}"))?;
    if args.verify {
        verify_run(args, matches, &actions, exe, &stop)
    } else {
        perform_only(&actions, exe, &args.engines.config(), args.all, &stop)
    }
}

/// Performs the actions and says what each is expected to fire; exit status 1 if any failed.
fn perform_only(
    actions: &[&Action],
    exe: std::path::PathBuf,
    engines: &EngineConfig,
    all: bool,
    stop: &AtomicBool,
) -> anyhow::Result<ExitCode> {
    let lab = match lab::Lab::prepare(actions, exe, engines) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("syssentry trigger: cannot set up the actions: {e}");
            return Ok(ExitCode::from(EXIT_FAILED));
        }
    };
    let mut failed = false;
    let performed = lab.perform_all(actions, stop, |i, p| match p {
        expect::Performed::Ran { .. } | expect::Performed::InContainer(_) => {
            println!("{}", report::performed_line(actions[i], None))
        }
        expect::Performed::Unavailable { why } => {
            // Named on the command line, it had to run; with --all, the host decides.
            failed |= !all;
            println!("{}", report::not_run_line(actions[i], why));
        }
        expect::Performed::Failed { why } => {
            failed = true;
            println!("{}", report::performed_line(actions[i], Some(why)));
        }
        expect::Performed::Skipped => {}
    });
    drop(lab);
    if performed.iter().any(|p| matches!(p, expect::Performed::Skipped)) {
        eprintln!("syssentry trigger: interrupted; everything it created has been removed");
        return Ok(ExitCode::from(EXIT_INTERRUPTED));
    }
    Ok(if failed { ExitCode::from(EXIT_FAILED) } else { ExitCode::SUCCESS })
}

/// `--verify`: load rules, build the test-bed, seed, attach, perform, judge, report.
fn verify_run(
    args: &TriggerArgs,
    matches: Option<&ArgMatches>,
    actions: &[&Action],
    exe: std::path::PathBuf,
    stop: &AtomicBool,
) -> anyhow::Result<ExitCode> {
    let paths = match run::rule_paths(&args.rules) {
        Ok(p) => p,
        Err(why) => {
            eprintln!("{why}");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    let output = OutputOptions { hostname: Arc::from("syssentry-trigger"), ..OutputOptions::default() };
    let opts = BuildOptions {
        selection: args.selection.selection(matches),
        matching: if args.all_matches { RuleMatching::All } else { RuleMatching::First },
        output: output.clone(),
    };
    let Some(report) = run::load_rules(&paths, &opts, "nothing was performed") else {
        return Ok(ExitCode::from(EXIT_FAILED));
    };
    let loaded: BTreeSet<String> = report.rules.iter().filter(|r| r.enabled).map(|r| r.name.clone()).collect();
    if let Err(refusal) = check_host() {
        eprintln!("{refusal}");
        return Ok(ExitCode::from(EXIT_REFUSED));
    }
    // The test-bed first, so that seeding sees its interfaces and processes.
    let engines = args.engines.config();
    let lab = match lab::Lab::prepare(actions, exe, &engines) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("syssentry trigger: cannot set up the actions: {e}");
            return Ok(ExitCode::from(EXIT_FAILED));
        }
    };
    let log: Arc<dyn syssentry_sensor::log::Log> = Arc::new(run::log::StderrLog);
    let mut sensor_opts = SensorOptions::new(log.clone());
    // A verification is over if capture fails: a miss would mean nothing.
    sensor_opts.on_failure = OnFailure::Exit;
    sensor_opts.metadata_wait = args.engines.metadata_wait;
    let source = ebpf::opener(EbpfOptions::for_rules(&report.ruleset, args.ring_buffer_bytes, "/".as_ref()));
    let services = syssentry_sensor::services::start(&report, &engines, log);
    let (summary, files) = (report.summary.enabled_rules, report.summary.files);
    let mut sensor = match Sensor::start(Arc::new(report.ruleset), output, source, services, sensor_opts) {
        Ok((s, _)) => s,
        Err(e) => {
            eprintln!("{}", run::start_refusal(&e));
            return Ok(ExitCode::from(EXIT_REFUSED));
        }
    };
    eprintln!(
        "syssentry trigger: sensor running with {summary} rules from {files} files; performing {} actions; {}",
        actions.len(),
        lab.describe()
    );
    let wait = Duration::from_secs(args.wait);
    let collected = verify::collect(&mut sensor, &lab, actions, &loaded, wait, stop);
    drop(sensor);
    drop(lab);
    let collected = match collected {
        Ok(c) => c,
        Err(e) => {
            eprintln!("syssentry trigger: {e}");
            return Ok(ExitCode::from(EXIT_FAILED));
        }
    };
    let outcomes: Vec<expect::Outcome> = actions
        .iter()
        .zip(&collected.performed)
        .map(|(a, p)| expect::judge(a, &loaded, p, &collected.alerts))
        .collect();
    let failed = expect::run_failed(&outcomes, args.all);
    if args.json {
        print!("{}", report::json(&outcomes, failed));
    } else {
        print!("{}", report::table(&outcomes));
        print!("{}", report::summary(&outcomes));
    }
    eprintln!("syssentry trigger: {} events evaluated, {} alerts", collected.events, collected.alerts.len());
    for rule in &collected.internal {
        eprintln!("syssentry trigger: the sensor raised an internal alert: {rule}");
    }
    if collected.dropped > 0 {
        eprintln!(
            "syssentry trigger: capture dropped {} events (ring buffer full); a miss may be a drop: retry with a \
larger --ring-buffer-bytes",
            collected.dropped
        );
    }
    if stop.load(Ordering::Relaxed) {
        eprintln!("syssentry trigger: interrupted; everything it created has been removed");
        return Ok(ExitCode::from(EXIT_INTERRUPTED));
    }
    Ok(if failed { ExitCode::from(EXIT_FAILED) } else { ExitCode::SUCCESS })
}

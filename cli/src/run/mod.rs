//! `syssentry run`: the sensor standalone. Loads the rules, checks the host, seeds state from
//! /proc, starts the kernel capture with the event types the rules and the state need, starts
//! the DNS resolver, then runs the event loop until SIGINT/SIGTERM or `--duration`, and prints
//! statistics on stderr.
//!
//! Place in the data flow: the whole chain, capture → event → state → evaluation → output →
//! stdout, wired together here.

pub mod config;
pub mod dns;
pub mod event_loop;
pub mod kernel;
pub mod require;
#[cfg(test)]
mod tests;

use crate::args::RunArgs;
use clap::ArgMatches;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use syssentry_capture_bpf::procfs::{seed_state, SeedOptions};
use syssentry_engine::eval::{load_rules, BuildOptions, Engine, RuleMatching};
use syssentry_engine::output::OutputOptions;
use syssentry_engine::state::State;

/// Exit status when the rules have errors or the run failed.
pub const EXIT_FAILED: u8 = 1;
/// Exit status when no rules were given or found.
pub const EXIT_USAGE: u8 = 2;
/// Exit status when the host lacks what capture needs.
pub const EXIT_REFUSED: u8 = 3;

/// Runs the sensor. `stop` is set by the SIGINT/SIGTERM handler.
pub fn run(args: &RunArgs, matches: Option<&ArgMatches>, stop: Arc<AtomicBool>) -> anyhow::Result<ExitCode> {
    let paths = match rule_paths(&args.rules) {
        Ok(p) => p,
        Err(why) => {
            eprintln!("{why}");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };

    let hostname = config::choose_hostname(
        args.hostname.as_deref(),
        std::env::var("SYSSENTRY_HOSTNAME").ok(),
        config::kernel_hostname,
    );
    let output = OutputOptions {
        hostname: Arc::from(hostname.as_str()),
        suggested_output: !args.no_container_fields,
        time_iso8601: args.iso8601,
        utc_offset: None,
    };
    let opts = BuildOptions {
        selection: args.selection.selection(matches),
        matching: if args.all_matches { RuleMatching::All } else { RuleMatching::First },
        output: output.clone(),
    };
    let report = load_rules(&paths, &opts);
    eprint!("{}", report.diagnostics.render(&report.sources));
    if report.diagnostics.has_errors() {
        eprintln!("syssentry: the rules have errors (listed above); nothing was started");
        return Ok(ExitCode::from(EXIT_FAILED));
    }
    if report.summary.enabled_rules == 0 {
        eprintln!("syssentry: no rule is enabled after selection; nothing to detect, nothing was started");
        return Ok(ExitCode::from(EXIT_FAILED));
    }

    if let Err(refusal) = require::check(&require::HostProbe::read()).and_then(|()| preflight()) {
        eprintln!("{refusal}");
        return Ok(ExitCode::from(EXIT_REFUSED));
    }

    // Environments are kept only if a loaded rule reads them (`proc.env`).
    let mut state = State::new(report.ruleset.state_config());
    match seed_state(&mut state, &SeedOptions::default()) {
        Ok(r) => eprintln!(
            "syssentry: state seeded from /proc: {} processes, {} threads, {} fds in {} ms{}",
            r.processes,
            r.threads,
            r.fds,
            r.elapsed.as_millis(),
            if r.deadline_hit { " (stopped at the deadline; the rest is learned from events)" } else { "" }
        ),
        Err(e) => {
            eprintln!("syssentry: cannot seed state: {e}; syssentry run needs the host's /proc mounted at /proc");
            return Ok(ExitCode::from(EXIT_REFUSED));
        }
    }

    capture_and_run(args, report, state, output, hostname, stop)
}

/// The rules paths to load: those given, else the first default location holding rules; the
/// error is the message to print when there are none.
pub fn rule_paths(given: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if !given.is_empty() {
        return Ok(given.to_vec());
    }
    let exe = std::env::current_exe().ok();
    let candidates = config::default_rule_candidates(exe.as_deref());
    config::first_with_rules(&candidates).map(|p| vec![p]).ok_or_else(|| {
        let tried: Vec<String> = candidates.iter().map(|c| c.display().to_string()).collect();
        format!(
            "syssentry: no rules to load: --rules was not given and no default location holds rules \
(tried {}); pass the rules files or directories with --rules PATH, e.g. \
`syssentry run --rules /path/to/falco_rules.yaml`",
            tried.join(", ")
        )
    })
}

/// Capture's own checks (BPF, ring buffers), after [`require::check`].
pub fn preflight() -> Result<(), require::Refusal> {
    kernel::preflight()
}

/// Starts capture and the resolver, runs the loop, detaches and reports.
fn capture_and_run(
    args: &RunArgs,
    report: syssentry_engine::eval::RulesReport,
    state: State,
    output: OutputOptions,
    hostname: String,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<ExitCode> {
    let mut wanted = report.ruleset.event_types();
    wanted.union_with(&kernel::state_event_types());
    let mut source = match kernel::KernelSource::start(args.ring_buffer_bytes, &report.ruleset) {
        Ok(s) => s,
        Err(refusal) => {
            eprintln!("{refusal}");
            return Ok(ExitCode::from(EXIT_REFUSED));
        }
    };

    let (tx, rx) = std::sync::mpsc::channel();
    let dns_stop = Arc::new(AtomicBool::new(false));
    let resolver = dns::spawn_resolver(report.dns_names.clone(), tx, dns_stop.clone());

    eprintln!(
        "syssentry: running: {} rules from {} files, {} event types captured; alerts on stdout",
        report.summary.enabled_rules,
        report.summary.files,
        wanted.len()
    );
    let mut engine = Engine::new(Arc::new(report.ruleset), state, output);
    let loop_opts = event_loop::LoopOptions {
        deadline: args.duration.map(|s| Instant::now() + Duration::from_secs(s)),
        stats_interval: args.stats_interval.filter(|s| *s > 0).map(Duration::from_secs),
        hostname,
        poll_timeout: Duration::from_millis(100),
        clock: event_loop::now_ns,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let stderr = std::io::stderr();
    let (stats, result) =
        event_loop::run_loop(&mut source, &mut engine, Some(&rx), &stop, &loop_opts, &mut out, &mut stderr.lock());
    let _ = out.flush();
    drop(out);
    // Detach from the kernel before reporting.
    drop(source);
    // The resolver notices the flag within 200 ms, or when its lookup in progress returns; it
    // is not waited for, so a slow DNS server cannot delay the exit.
    dns_stop.store(true, Ordering::Relaxed);
    drop((rx, resolver));
    eprint!("{}", stats.render());
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("syssentry: {e}");
            Ok(ExitCode::from(EXIT_FAILED))
        }
    }
}

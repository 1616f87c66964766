//! `syssentry run`: the sensor standalone. Chooses the rules and the host name, loads the rules,
//! starts the sensor runtime with the kernel source and its side services, writes alerts as JSON
//! lines on stdout until SIGINT/SIGTERM or `--duration`, and prints statistics on stderr.
//!
//! Place in the data flow: the front end of the whole chain (capture → event → state →
//! evaluation → output → stdout), which runs in `syssentry_sensor`; this module holds only the
//! command's choices and its sink.

pub mod config;
pub mod log;

use crate::args::RunArgs;
use clap::ArgMatches;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};
use syssentry_engine::eval::{BuildOptions, RuleMatching, RulesReport};
use syssentry_engine::output::OutputOptions;
use syssentry_sensor::error::StartError;
use syssentry_sensor::rules::RulesError;
use syssentry_sensor::runtime::{Sensor, SensorOptions};
use syssentry_sensor::sinks::JsonLines;
use syssentry_sensor::source::SourceError;
use syssentry_sensor::sources::ebpf::{self, EbpfOptions};

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
        syssentry_sensor::host::kernel_hostname,
    );
    let output = OutputOptions {
        hostname: Arc::from(hostname.as_str()),
        suggested_output: !args.no_container_fields,
        time_iso8601: args.iso8601,
        utc_offset: None,
        ecs_output: !args.no_container_fields && syssentry_sensor::host::ecs_instance(&args.engines.config().host_root),
    };
    let opts = BuildOptions {
        selection: args.selection.selection(matches),
        matching: if args.all_matches { RuleMatching::All } else { RuleMatching::First },
        output: output.clone(),
    };
    let Some(report) = load_rules(&paths, &opts, "nothing was started") else {
        return Ok(ExitCode::from(EXIT_FAILED));
    };
    eprintln!("syssentry: {}", syssentry_sensor::about::start_line(&report, &describe(&paths)));

    let log: Arc<dyn syssentry_sensor::log::Log> = Arc::new(log::StderrLog);
    let mut sensor_opts = SensorOptions::new(log.clone());
    sensor_opts.on_failure = args.on_failure;
    sensor_opts.metadata_wait = args.engines.metadata_wait;
    sensor_opts.evaluation_threads = match args.evaluation_threads {
        0 => syssentry_sensor::runtime::all_cores(),
        n => usize::from(n),
    };
    sensor_opts.deadline = args.duration.map(|s| Instant::now() + Duration::from_secs(s));
    sensor_opts.stats_interval = args.stats_interval.filter(|s| *s > 0).map(Duration::from_secs);
    let source = ebpf::opener(EbpfOptions::for_rules(&report.ruleset, args.ring_buffer_bytes, "/".as_ref()));
    let services = syssentry_sensor::services::start(&report, &args.engines.config(), log.clone());
    let (mut sensor, seeded) = match Sensor::start(Arc::new(report.ruleset), output, source, services, sensor_opts) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", start_refusal(&e));
            return Ok(ExitCode::from(EXIT_REFUSED));
        }
    };
    eprintln!("syssentry: {seeded}");
    eprintln!("syssentry: running: alerts on stdout; on failure: {}", args.on_failure.as_str());

    let stdout = std::io::stdout();
    let out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut sink = JsonLines::new(out, "stdout", std::io::stderr(), hostname.into());
    let result = sensor.run(&mut sink, &stop);
    let (mut out, _) = sink.into_inner();
    let _ = out.flush();
    drop(out);
    let stats = sensor.stats().snapshot();
    // Detach from the kernel (and stop the side services) before reporting.
    drop(sensor);
    eprint!("{}", stats.render());
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("syssentry: {e}");
            Ok(ExitCode::from(EXIT_FAILED))
        }
    }
}

/// Loads the rules with the diagnostics on stderr; `None` (after saying why, and that `what`)
/// when they cannot run.
pub fn load_rules(paths: &[PathBuf], opts: &BuildOptions, what: &str) -> Option<RulesReport> {
    match syssentry_sensor::rules::load(paths, opts) {
        Ok(report) => {
            eprint!("{}", report.diagnostics.render(&report.sources));
            Some(report)
        }
        Err(RulesError::Invalid { report, .. }) => {
            eprint!("{}", report.diagnostics.render(&report.sources));
            eprintln!("syssentry: the rules have errors (listed above); {what}");
            None
        }
        Err(e) => {
            eprintln!("syssentry: {e}; {what}");
            None
        }
    }
}

/// What to print when the sensor cannot start.
pub fn start_refusal(e: &StartError) -> String {
    match e {
        StartError::Open(SourceError::Refused(r)) => r.to_string(),
        StartError::Seed(e) => {
            format!("syssentry: {e}; the sensor needs the host's /proc mounted at /proc")
        }
        StartError::Open(e) => format!("syssentry: cannot start the event source: {e}"),
    }
}

/// The rules paths as one line for the log.
pub fn describe(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
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

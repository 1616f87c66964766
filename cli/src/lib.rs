//! The `syssentry` command: check, list, document and test Falco rules, list fields, run the
//! sensor standalone (`run`) and the safe event generator (`trigger`). Alerts and
//! machine-readable listings go to stdout; diagnostics go to stderr.
//!
//! A library with one entry point, [`main`], so that the binary (`src/main.rs`) and the system
//! tests' copy of it run the same code. The sensor itself is `syssentry_sensor`; this crate holds
//! the command's arguments, its output and its sinks.

#![forbid(unsafe_code)]

mod args;
mod fields_cmd;
mod rules_cmd;
mod rules_doc;
mod run;
mod trigger;

/// The test-bed fixtures of `syssentry trigger` (network namespace, container cgroup, overlay,
/// pseudo-terminal), for the system tests that drive `syssentry run` with the same actions.
pub use trigger::fixtures;

use clap::{CommandFactory, FromArgMatches};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Runs the `syssentry` command with the process's arguments.
pub fn main() -> ExitCode {
    // SIGINT and SIGTERM stop `run` cleanly (the loop ends, BPF programs are detached, stats are
    // printed); the handler is installed before anything else so no signal is missed.
    let stop = Arc::new(AtomicBool::new(false));
    let command = std::env::args().nth(1);
    if matches!(command.as_deref(), Some("run" | "trigger")) {
        let flag = stop.clone();
        // A second signal while the first is being handled ends `run` at once; `trigger` always
        // finishes its clean-up (its waits are bounded).
        let exits = command.as_deref() == Some("run");
        let handler = move || {
            if flag.swap(true, Ordering::Relaxed) && exits {
                std::process::exit(130);
            }
        };
        if let Err(e) = ctrlc::set_handler(handler) {
            eprintln!("syssentry: cannot install the SIGINT/SIGTERM handler: {e}");
            return ExitCode::from(2);
        }
    }
    let matches = args::Cli::command().get_matches();
    let cli = match args::Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let result = match &cli.command {
        args::Command::Rules { command } => {
            let sub = matches.subcommand_matches("rules").and_then(|m| m.subcommand().map(|(_, m)| m));
            rules_cmd::run(command, sub)
        }
        args::Command::Fields { json } => fields_cmd::run(*json),
        args::Command::Run(run_args) => run::run(run_args, matches.subcommand_matches("run"), stop),
        args::Command::Trigger(t) => trigger::run(t, matches.subcommand_matches("trigger"), stop),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("syssentry: {e:#}");
            ExitCode::from(2)
        }
    }
}

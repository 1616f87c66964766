//! The `syssentry` command: check and list Falco rules, list fields, and (with the capture crate)
//! run the sensor standalone. Alerts and machine-readable listings go to stdout; diagnostics go to
//! stderr.

mod args;
mod fields_cmd;
mod rules_cmd;

use clap::{CommandFactory, FromArgMatches};
use std::process::ExitCode;

fn main() -> ExitCode {
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
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("syssentry: {e:#}");
            ExitCode::from(2)
        }
    }
}

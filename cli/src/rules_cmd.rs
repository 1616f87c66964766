//! `syssentry rules check|list|doc|test`: load rules like the sensor does and report on them,
//! render their reference page, or run rule test files against them.

use crate::args::{RulesArgs, RulesCommand, TestArgs};
use clap::ArgMatches;
use std::io::Write;
use std::process::ExitCode;
use syssentry_engine::eval::{BuildOptions, RulesReport};

/// Runs a `rules` subcommand.
pub fn run(cmd: &RulesCommand, matches: Option<&ArgMatches>) -> anyhow::Result<ExitCode> {
    match cmd {
        RulesCommand::Check(args) => check(args, matches),
        RulesCommand::List { rules, json } => list(rules, matches, *json),
        RulesCommand::Doc { paths } => doc(paths),
        RulesCommand::Test(args) => test(args),
    }
}

/// Runs every test file the paths stand for: one line per case on stdout (with the diff of a
/// failed case), malformed files on stderr, then the summary line.
fn test(args: &TestArgs) -> anyhow::Result<ExitCode> {
    use syssentry_ruletest::{collect_test_files, render_case, run_file, Totals};
    let mut out = std::io::stdout().lock();
    let mut totals = Totals::default();
    for path in &args.paths {
        let files = match collect_test_files(path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("error: {e}");
                totals.broken_files += 1;
                continue;
            }
        };
        for file in files {
            match run_file(&file) {
                Ok(result) => {
                    for case in &result.cases {
                        out.write_all(render_case(&result, case, args.verbose).as_bytes())?;
                    }
                    totals.add(&result);
                }
                Err(e) => {
                    out.flush()?;
                    eprintln!("error: {e}");
                    totals.broken_files += 1;
                }
            }
        }
    }
    writeln!(out, "{}", totals.summary())?;
    Ok(if totals.broken_files > 0 {
        ExitCode::from(2)
    } else if totals.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn doc(paths: &[std::path::PathBuf]) -> anyhow::Result<ExitCode> {
    let (page, report) = crate::rules_doc::render(paths);
    eprint!("{}", report.diagnostics.render(&report.sources));
    if report.diagnostics.has_errors() {
        return Ok(ExitCode::from(1));
    }
    std::io::stdout().lock().write_all(page.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn load(args: &RulesArgs, matches: Option<&ArgMatches>) -> RulesReport {
    let opts = BuildOptions { selection: args.selection(matches), ..BuildOptions::default() };
    syssentry_engine::eval::load_rules(&args.paths, &opts)
}

fn check(args: &RulesArgs, matches: Option<&ArgMatches>) -> anyhow::Result<ExitCode> {
    let report = load(args, matches);
    eprint!("{}", report.diagnostics.render(&report.sources));
    let s = &report.summary;
    let mut out = std::io::stdout().lock();
    writeln!(out, "files: {}", s.files)?;
    writeln!(out, "rules: {}", s.rules)?;
    writeln!(out, "enabled rules: {}", s.enabled_rules)?;
    writeln!(out, "macros: {}", s.macros)?;
    writeln!(out, "lists: {}", s.lists)?;
    writeln!(out, "warnings: {}", report.diagnostics.warning_count())?;
    writeln!(out, "errors: {}", report.diagnostics.error_count())?;
    write_kernel_filter(&mut out, &report.ruleset)?;
    Ok(if report.diagnostics.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// What the kernel may leave unsent for these rules (docs/capture.md, "Filtering opens by their
/// arguments").
fn write_kernel_filter(out: &mut dyn Write, rules: &syssentry_engine::eval::RuleSet) -> std::io::Result<()> {
    use syssentry_engine::event::kernel_filter::OPEN_TYPES;
    let f = rules.kernel_filter();
    let names = |bits: u8| -> String {
        let v: Vec<&str> = OPEN_TYPES
            .iter()
            .enumerate()
            .filter(|(i, t)| bits & (1 << i) != 0 && rules.wants(**t))
            .map(|(_, t)| t.name())
            .collect();
        if v.is_empty() { "none".into() } else { v.join(", ") }
    };
    writeln!(out, "kernel filter: opens filtered by their arguments: {} ({} clauses)", names(f.filtered_types), f.clauses.len())?;
    writeln!(out, "kernel filter: opens sent whole: {}", names(!f.filtered_types & 0b1111))?;
    let readers: Vec<&str> =
        rules.rules().iter().filter(|r| r.prefilter.reads_file_fds()).map(|r| &*r.output.rule).collect();
    if readers.is_empty() {
        writeln!(out, "kernel filter: successful opens of files no clause admits are left out, with their closes")?;
    } else {
        writeln!(
            out,
            "kernel filter: only failed opens are left out: these rules can read the fd of an open file: {}",
            readers.join(", ")
        )?;
    }
    write_socket_filter(out, rules)
}

/// The `socket` part of the kernel filter (docs/capture.md, "Filtering sockets by their domain").
fn write_socket_filter(out: &mut dyn Write, rules: &syssentry_engine::eval::RuleSet) -> std::io::Result<()> {
    use syssentry_engine::event::kernel_filter::FORGETTABLE_DOMAINS;
    let f = rules.kernel_filter();
    if f.socket_admitted == u64::MAX {
        return writeln!(out, "kernel filter: socket calls sent whole (a rule matches them whatever their domain)");
    }
    let domains = |bits: u64| -> String {
        let v: Vec<String> = (0..64).filter(|d| bits & (1u64 << d) != 0).map(socket_domain_name).collect();
        if v.is_empty() { "none".into() } else { v.join(", ") }
    };
    writeln!(out, "kernel filter: socket calls a rule can match: {}", domains(f.socket_admitted))?;
    writeln!(
        out,
        "kernel filter: successful socket calls left out, with their closes: {}; failed ones of other domains too",
        domains(f.socket_forget)
    )?;
    let kept = FORGETTABLE_DOMAINS & !f.socket_forget & !f.socket_admitted;
    if kept != 0 {
        let readers: Vec<&str> = rules
            .rules()
            .iter()
            .filter(|r| r.prefilter.reads_socket_fds() & kept != 0)
            .map(|r| &*r.output.rule)
            .collect();
        writeln!(out, "kernel filter: {} sockets are sent: these rules can read their fds: {}", domains(kept), readers.join(", "))?;
    }
    if f.connect_failures {
        writeln!(out, "kernel filter: failed connects are left out")
    } else {
        let readers: Vec<&str> =
            rules.rules().iter().filter(|r| r.prefilter.matches_failed_connects()).map(|r| &*r.output.rule).collect();
        writeln!(out, "kernel filter: failed connects are sent: these rules can match one: {}", readers.join(", "))
    }
}

/// A socket domain's names as `evt.arg.domain` shows them (`AF_LOCAL|AF_UNIX`), or its number.
fn socket_domain_name(d: u32) -> String {
    use syssentry_engine::event::{schema_of, EventType};
    let names: Vec<&str> = schema_of(EventType::SOCKET, false)
        .params
        .iter()
        .find(|p| p.name == "domain")
        .and_then(|p| p.table)
        .map(|table| table.iter().filter(|(_, v)| *v == d).map(|(name, _)| *name).collect())
        .unwrap_or_default();
    if names.is_empty() { d.to_string() } else { names.join("|") }
}

fn list(args: &RulesArgs, matches: Option<&ArgMatches>, json: bool) -> anyhow::Result<ExitCode> {
    let report = load(args, matches);
    eprint!("{}", report.diagnostics.render(&report.sources));
    let mut out = std::io::stdout().lock();
    if json {
        let rules: Vec<serde_json::Value> = report
            .rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "name": r.name,
                    "priority": r.priority.as_str(),
                    "enabled": r.enabled,
                    "source": r.source,
                    "tags": r.tags,
                    "event_types": r.event_types,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &rules)?;
        writeln!(out)?;
    } else {
        let width = report.rules.iter().map(|r| r.name.chars().count()).max().unwrap_or(4).max(4);
        writeln!(out, "{:<width$}  {:<13}  {:<7}  {:<40}  EVENT TYPES", "NAME", "PRIORITY", "ENABLED", "TAGS")?;
        for r in &report.rules {
            writeln!(
                out,
                "{:<width$}  {:<13}  {:<7}  {:<40}  {}",
                r.name,
                r.priority.as_str(),
                if r.enabled { "yes" } else { "no" },
                r.tags.join(","),
                r.event_types.join(",")
            )?;
        }
    }
    Ok(if report.diagnostics.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

//! Rendering results as text: one line per case (`ok` / `FAILED` with file:line:column), for
//! failures a diff of expected and actual alerts, and a summary line.
//!
//! Place in the data flow: [`CaseResult`]s → **text** → the `syssentry rules test` command.

use super::run::{CaseResult, DiffLine, Difference, FileResult};
use super::spec::Expected;
use std::fmt::Write as _;

/// One case's report: its status line, then (for failures, or for every case with `verbose`)
/// the alerts. Diff markers: `-` expected but not raised, `+` raised but not expected, `~`
/// raised by the expected rule but different, two spaces: as expected.
pub fn render_case(file: &FileResult, case: &CaseResult, verbose: bool) -> String {
    let mut s = String::new();
    let status = if case.passed() { "ok" } else { "FAILED" };
    let _ = writeln!(
        s,
        "{status:<6} {}:{}:{}: {}",
        file.path.display(),
        case.pos.line,
        case.pos.column,
        case.name
    );
    if case.passed() && !verbose {
        return s;
    }
    for (rule, pos) in &case.unknown_near_misses {
        let _ = writeln!(
            s,
            "  ! near miss {rule:?} (line {}) -- no enabled rule has this name",
            pos.line
        );
    }
    if case.diff.is_empty() {
        let _ = writeln!(s, "    (no alerts, none expected)");
    }
    for line in &case.diff {
        match line {
            DiffLine::Same {
                expected,
                actual,
                problems,
            } => {
                let a = &case.actual[*actual];
                let mark = if problems.is_empty() { ' ' } else { '~' };
                let _ = writeln!(
                    s,
                    "  {mark} {} [{}] from event {} (line {})",
                    a.alert.rule, a.alert.priority, a.event, a.event_pos.line
                );
                for p in problems {
                    match p {
                        Difference::Priority {
                            expected: e,
                            actual: got,
                        } => {
                            let _ = writeln!(
                                s,
                                "        priority is {got}, expected {e} (line {})",
                                case.expected[*expected].pos.line
                            );
                        }
                        Difference::OutputLacks { text } => {
                            let _ = writeln!(
                                s,
                                "        output lacks {text:?} (line {})",
                                case.expected[*expected].pos.line
                            );
                        }
                    }
                }
                if !problems.is_empty() || verbose {
                    let _ = writeln!(s, "        {}", a.alert.output);
                }
            }
            DiffLine::Missing {
                expected,
                rule_loaded,
            } => {
                let e = &case.expected[*expected];
                let _ = write!(s, "  - {} (line {})", describe(e), e.pos.line);
                if !rule_loaded {
                    let _ = write!(s, " -- no enabled rule has this name");
                }
                s.push('\n');
            }
            DiffLine::Unexpected { actual } => {
                let a = &case.actual[*actual];
                let _ = writeln!(
                    s,
                    "  + {} [{}] from event {} (line {})",
                    a.alert.rule, a.alert.priority, a.event, a.event_pos.line
                );
                let _ = writeln!(s, "        {}", a.alert.output);
            }
        }
    }
    s
}

fn describe(e: &Expected) -> String {
    let mut s = e.rule.clone();
    if let Some(p) = e.priority {
        let _ = write!(s, " [{p}]");
    }
    if !e.output_contains.is_empty() {
        let parts: Vec<String> = e.output_contains.iter().map(|t| format!("{t:?}")).collect();
        let _ = write!(s, " with output containing {}", parts.join(", "));
    }
    s
}

/// Counts over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Test files that ran.
    pub files: usize,
    /// Test files that could not run (malformed, or rules that do not load).
    pub broken_files: usize,
    /// Cases that passed.
    pub passed: usize,
    /// Cases that failed.
    pub failed: usize,
}

impl Totals {
    /// Adds a file's cases.
    pub fn add(&mut self, file: &FileResult) {
        self.files += 1;
        for c in &file.cases {
            if c.passed() {
                self.passed += 1;
            } else {
                self.failed += 1;
            }
        }
    }

    /// The summary line.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} passed, {} failed ({} cases in {} file{})",
            self.passed,
            self.failed,
            self.passed + self.failed,
            self.files,
            if self.files == 1 { "" } else { "s" }
        );
        if self.broken_files > 0 {
            let _ = write!(
                s,
                "; {} file{} could not run",
                self.broken_files,
                if self.broken_files == 1 { "" } else { "s" }
            );
        }
        s
    }
}

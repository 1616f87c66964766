//! Running a test file: load its rules once, then for each case seed a fresh state, feed the
//! events through the engine (every matching rule reported, deterministic output settings) and
//! compare the alerts with the expectations.
//!
//! Place in the data flow: spec → seeded state → **engine (state → evaluation → output)** →
//! alerts → comparison → [`CaseResult`].

use super::error::TestFileError;
use super::reader::{read_file, T0};
use super::seed::seeded_state;
use super::spec::{Case, Expected, TestFile};
use syssentry_engine::eval::{load_rules, BuildOptions, Engine, RuleMatching, RuleSet};
use syssentry_engine::output::{Alert, OutputOptions};
use syssentry_engine::rules::yaml::Pos;
use syssentry_engine::rules::Priority;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Largest alignment table [`compare`] builds (expected × actual alerts).
const MAX_ALIGN_CELLS: usize = 1 << 20;

/// The host name alerts of test cases carry.
pub const TEST_HOSTNAME: &str = "test-host";

/// The output settings of test runs: ISO 8601 UTC time prefix, the container and Kubernetes
/// fields appended to syscall rule outputs (as by default), a fixed host name.
pub fn test_output_options() -> OutputOptions {
    OutputOptions {
        hostname: Arc::from(TEST_HOSTNAME),
        suggested_output: true,
        time_iso8601: true,
        utc_offset: Some(0),
        ecs_output: false,
    }
}

/// The outcome of one test file.
#[derive(Debug)]
pub struct FileResult {
    /// The file.
    pub path: PathBuf,
    /// Each case's outcome, in file order.
    pub cases: Vec<CaseResult>,
}

/// The outcome of one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// Where the case is.
    pub pos: Pos,
    /// The expected alerts.
    pub expected: Vec<Expected>,
    /// The alerts raised, in order.
    pub actual: Vec<ActualAlert>,
    /// Expected and actual alerts aligned (by rule name, in order).
    pub diff: Vec<DiffLine>,
    /// Rules named under `near_miss:` that no loaded, enabled rule is called (a typo, or a
    /// rule renamed or disabled since the case was written), with where they are named.
    pub unknown_near_misses: Vec<(String, Pos)>,
}

impl CaseResult {
    /// Whether every expected alert was raised as expected and no other, and every near-miss
    /// rule exists.
    pub fn passed(&self) -> bool {
        self.unknown_near_misses.is_empty()
            && self
                .diff
                .iter()
                .all(|d| matches!(d, DiffLine::Same { problems, .. } if problems.is_empty()))
    }
}

/// An alert raised during a case, with the event that raised it.
#[derive(Debug, Clone)]
pub struct ActualAlert {
    /// The alert.
    pub alert: Alert,
    /// 1-based index of the event in the case.
    pub event: usize,
    /// Where that event is written.
    pub event_pos: Pos,
}

/// One line of the comparison of expected and actual alerts.
#[derive(Debug, Clone, PartialEq)]
pub enum DiffLine {
    /// An expected alert that was raised by the same rule; `problems` lists how it differs.
    Same {
        /// Index into [`CaseResult::expected`].
        expected: usize,
        /// Index into [`CaseResult::actual`].
        actual: usize,
        /// Differences (empty: as expected).
        problems: Vec<Difference>,
    },
    /// An expected alert that was not raised.
    Missing {
        /// Index into [`CaseResult::expected`].
        expected: usize,
        /// Whether any loaded, enabled rule has this name.
        rule_loaded: bool,
    },
    /// An alert nobody expected.
    Unexpected {
        /// Index into [`CaseResult::actual`].
        actual: usize,
    },
}

/// How a raised alert differs from its expectation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Another priority.
    Priority {
        /// Expected.
        expected: Priority,
        /// Raised.
        actual: Priority,
    },
    /// The output lacks an expected substring.
    OutputLacks {
        /// The substring.
        text: String,
    },
}

/// Reads a test file and runs it. `Err` when the file is malformed or its rules do not load.
pub fn run_file(path: &Path) -> Result<FileResult, TestFileError> {
    let file = read_file(path)?;
    run_test_file(&file)
}

/// A compiled ruleset and the names of its enabled rules.
struct Loaded {
    rules: Arc<RuleSet>,
    enabled: BTreeSet<String>,
}

/// Loads `paths` (named at `pos` of `file`) as test runs do: every matching rule reported.
fn load(file: &TestFile, paths: &[PathBuf], pos: Pos) -> Result<Loaded, TestFileError> {
    let opts = BuildOptions {
        matching: RuleMatching::All,
        output: test_output_options(),
        ..BuildOptions::default()
    };
    let report = load_rules(paths, &opts);
    if report.diagnostics.has_errors() || report.summary.files == 0 {
        let mut diagnostics = report.diagnostics.clone();
        diagnostics.retain(|d| d.is_error());
        return Err(TestFileError::Rules {
            path: file.path.clone(),
            line: pos.line,
            column: pos.column,
            diagnostics: if diagnostics.is_empty() {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                format!("no rules file was read from: {}\n", names.join(", "))
            } else {
                diagnostics.render(&report.sources)
            },
        });
    }
    let enabled = report.rules.iter().filter(|r| r.enabled).map(|r| r.name.clone()).collect();
    Ok(Loaded { rules: Arc::new(report.ruleset), enabled })
}

/// Runs a parsed test file. Each distinct list of rules (the file's, or a case's own) is
/// loaded once.
pub fn run_test_file(file: &TestFile) -> Result<FileResult, TestFileError> {
    let mut loaded: Vec<(&[PathBuf], Loaded)> = Vec::new();
    let mut cases = Vec::with_capacity(file.cases.len());
    for case in &file.cases {
        let (paths, pos) = case.rules(file);
        let i = match loaded.iter().position(|(p, _)| *p == paths) {
            Some(i) => i,
            None => {
                loaded.push((paths, load(file, paths, pos)?));
                loaded.len() - 1
            }
        };
        cases.push(run_case(file, case, &loaded[i].1));
    }
    Ok(FileResult {
        path: file.path.clone(),
        cases,
    })
}

fn run_case(file: &TestFile, case: &Case, loaded: &Loaded) -> CaseResult {
    let (rules, loaded) = (&loaded.rules, &loaded.enabled);
    let state = seeded_state(&file.seed, &case.seed);
    let mut engine = Engine::new(rules.clone(), state, test_output_options());
    let mut actual = Vec::new();
    let mut ts = T0;
    for (i, te) in case.events.iter().enumerate() {
        if let Some(t) = te.time {
            ts = t;
        } else if i > 0 {
            ts = ts.saturating_add(1_000_000);
        }
        let mut ev = te.event.clone();
        ev.ts = ts;
        let st = engine.state_mut();
        if let Some(cwd) = &te.cwd {
            if let Some(t) = st.thread_mut(ev.tid) {
                t.cwd = cwd.clone();
            }
        }
        if let Some((n, fd)) = &te.implicit_socket {
            let cap = st.config().max_fds_per_process;
            let owner = st.thread(ev.tid).map(|t| {
                if st.thread(t.pid).is_some() {
                    t.pid
                } else {
                    t.tid
                }
            });
            if let Some(t) = owner.and_then(|o| st.thread_mut(o)) {
                if t.fds.get(*n).is_none() {
                    t.fds.insert(*n, fd.clone(), cap);
                }
            }
        }
        engine.process(&ev, &mut |alert| {
            actual.push(ActualAlert {
                alert,
                event: i + 1,
                event_pos: te.pos,
            })
        });
    }
    let diff = compare(&case.expect, &actual, loaded);
    let unknown_near_misses =
        case.near_miss.iter().filter(|(r, _)| !loaded.contains(r)).cloned().collect();
    CaseResult {
        name: case.name.clone(),
        pos: case.pos,
        expected: case.expect.clone(),
        actual,
        diff,
        unknown_near_misses,
    }
}

/// Aligns expected and actual alerts by rule name (longest common subsequence, so one missing
/// or extra alert does not shift everything after it) and checks priority and output of each
/// aligned pair.
pub fn compare(
    expected: &[Expected],
    actual: &[ActualAlert],
    loaded: &BTreeSet<String>,
) -> Vec<DiffLine> {
    let (n, m) = (expected.len(), actual.len());
    // Beyond any realistic case size, align by position instead of keeping an n×m table.
    if (n + 1).saturating_mul(m + 1) > MAX_ALIGN_CELLS {
        return (0..n.max(m))
            .map(|i| match (i < n, i < m) {
                (true, true) if expected[i].rule == *actual[i].alert.rule => DiffLine::Same {
                    expected: i,
                    actual: i,
                    problems: differences(&expected[i], &actual[i].alert),
                },
                (true, _) => DiffLine::Missing {
                    expected: i,
                    rule_loaded: loaded.contains(&expected[i].rule),
                },
                _ => DiffLine::Unexpected { actual: i },
            })
            .collect();
    }
    let same = |i: usize, j: usize| expected[i].rule == *actual[j].alert.rule;
    // lcs[i][j]: length of the LCS of expected[i..] and actual[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if same(i, j) {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && same(i, j) {
            out.push(DiffLine::Same {
                expected: i,
                actual: j,
                problems: differences(&expected[i], &actual[j].alert),
            });
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(DiffLine::Unexpected { actual: j });
            j += 1;
        } else {
            out.push(DiffLine::Missing {
                expected: i,
                rule_loaded: loaded.contains(&expected[i].rule),
            });
            i += 1;
        }
    }
    out
}

fn differences(e: &Expected, a: &Alert) -> Vec<Difference> {
    let mut d = Vec::new();
    if let Some(p) = e.priority {
        if p != a.priority {
            d.push(Difference::Priority {
                expected: p,
                actual: a.priority,
            });
        }
    }
    for text in &e.output_contains {
        if !a.output.contains(text.as_str()) {
            d.push(Difference::OutputLacks { text: text.clone() });
        }
    }
    d
}

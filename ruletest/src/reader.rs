//! Reading a test file: YAML (with positions) → [`TestFile`]. Every problem is a
//! [`TestFileError`] naming file:line:column of the offending node.
//!
//! Place in the data flow: test file text → **reader** → spec → seeding, events, engine. Events
//! themselves are read by [`super::events`].

use super::doc::Doc;
use super::error::{Problem, TestFileError};
use super::events;
use super::spec::{Case, Expected, Seed, TestFile};
use syssentry_engine::rules::yaml::{self, Node, NodeKind, Pos};
use syssentry_engine::rules::Priority;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The start of every case's clock: 2026-01-02T03:04:05Z, in nanoseconds since the epoch.
pub const T0: u64 = 1_767_323_045_000_000_000;

/// Reads and checks a test file.
pub fn read_file(path: &Path) -> Result<TestFile, TestFileError> {
    let bytes = std::fs::read(path).map_err(|source| TestFileError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    read_str(path, &bytes)
}

/// Whether a file looks like a test file (a mapping with a `cases:` key at the top), for picking
/// test files out of a directory. Unreadable or unparsable files count as test files so that
/// reading them reports the problem.
pub fn is_test_file(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return true;
    };
    let Ok(text) = yaml::decode_text(&bytes) else {
        return true;
    };
    match yaml::parse_documents(text) {
        Ok(docs) => matches!(docs.first(), Some(Some(n)) if n.get("cases").is_some()),
        Err(_) => true,
    }
}

/// Reads a test file from its bytes (`path` names it in errors and anchors relative rule paths).
pub fn read_str(path: &Path, bytes: &[u8]) -> Result<TestFile, TestFileError> {
    let d = Doc { path };
    let yaml_err = |source: yaml::YamlError| {
        let p = source.pos().unwrap_or(Pos {
            line: 1,
            column: 1,
            offset: 0,
        });
        TestFileError::Yaml {
            path: path.to_path_buf(),
            line: p.line,
            column: p.column,
            source,
        }
    };
    let text = yaml::decode_text(bytes).map_err(yaml_err)?;
    let docs = yaml::parse_documents(text).map_err(yaml_err)?;
    let start = Pos {
        line: 1,
        column: 1,
        offset: 0,
    };
    let root = match docs.first() {
        Some(Some(n)) if n.get("cases").is_some() => n,
        Some(Some(n)) => return Err(d.err(n.pos, Problem::NotATestFile)),
        _ => return Err(d.err(start, Problem::NotATestFile)),
    };
    let entries = d.map(root, "the test file")?;
    d.check_keys(
        entries,
        "the test file",
        &["rules", "host_ips", "containers", "processes", "cases"],
        "rules, host_ips, containers, processes, cases",
    )?;

    let dir = path.parent().unwrap_or(Path::new(""));
    let (rules, rules_pos) = match root.get("rules") {
        Some(n) => (d.rules(n, dir)?, n.pos),
        None => (Vec::new(), start),
    };

    let mut containers = BTreeMap::new();
    let mut seed = Seed::default();
    if let Some(n) = root.get("containers") {
        seed.containers = d.containers(n, &mut containers)?;
    }
    if let Some(n) = root.get("host_ips") {
        seed.host_ips = d.host_ips(n)?;
    }
    let mut pids = BTreeSet::from([1i64]);
    if let Some(n) = root.get("processes") {
        seed.processes = d.processes(n, &containers, &mut pids)?;
    }

    let cases_node = d.require(root, "cases", "the test file")?;
    let items = d.seq(cases_node, "cases")?;
    if items.is_empty() {
        return Err(d.err(cases_node.pos, Problem::NoCases));
    }
    let mut cases = Vec::with_capacity(items.len());
    let mut names = BTreeSet::new();
    for item in items {
        let case = d.case(item, dir, &containers, &pids)?;
        if case.rules.is_none() && rules.is_empty() {
            return Err(d.err(item.pos, Problem::NoRules));
        }
        if !names.insert(case.name.clone()) {
            return Err(d.err(item.pos, Problem::DuplicateCase { name: case.name }));
        }
        cases.push(case);
    }
    Ok(TestFile {
        path: path.to_path_buf(),
        rules,
        rules_pos,
        seed,
        cases,
    })
}

impl Doc<'_> {
    /// A `rules:` value: files and directories relative to `dir`.
    fn rules(&self, node: &Node, dir: &Path) -> Result<Vec<PathBuf>, TestFileError> {
        Ok(self.str_list(node, "rules")?.into_iter().map(|r| dir.join(r)).collect())
    }

    fn case(
        &self,
        node: &Node,
        dir: &Path,
        file_containers: &BTreeMap<String, String>,
        file_pids: &BTreeSet<i64>,
    ) -> Result<Case, TestFileError> {
        let entries = self.map(node, "cases")?;
        self.check_keys(
            entries,
            "a case",
            &[
                "name",
                "rules",
                "host_ips",
                "containers",
                "processes",
                "events",
                "expect",
                "near_miss",
            ],
            "name, rules, host_ips, containers, processes, events, expect, near_miss",
        )?;
        let name = self.string(self.require(node, "name", "a case")?, "name")?;
        let rules = match node.get("rules") {
            Some(n) => Some((self.rules(n, dir)?, n.pos)),
            None => None,
        };
        let mut containers = file_containers.clone();
        let mut pids = file_pids.clone();
        let mut seed = Seed::default();
        if let Some(n) = node.get("containers") {
            seed.containers = self.containers(n, &mut containers)?;
        }
        if let Some(n) = node.get("host_ips") {
            seed.host_ips = self.host_ips(n)?;
        }
        if let Some(n) = node.get("processes") {
            seed.processes = self.processes(n, &containers, &mut pids)?;
        }
        let ev_node = self.require(node, "events", "a case")?;
        let mut evs = Vec::new();
        for item in self.seq(ev_node, "events")? {
            evs.push(events::read_event(self, item, &mut pids)?);
        }
        let expect_node = self.require(node, "expect", "a case")?;
        let expect = if expect_node.is_null() {
            Vec::new()
        } else {
            self.seq(expect_node, "expect")?
                .iter()
                .map(|e| self.expected(e))
                .collect::<Result<_, _>>()?
        };
        let mut near_miss = Vec::new();
        if let Some(n) = node.get("near_miss") {
            let items: Vec<&Node> = match &n.kind {
                NodeKind::Seq(items) => items.iter().collect(),
                NodeKind::Scalar { .. } if !n.is_null() => vec![n],
                _ => return Err(self.wrong(n, "near_miss", "a string or a sequence of strings")),
            };
            for item in items {
                let rule = self.string(item, "near_miss")?;
                if expect.iter().any(|e: &Expected| e.rule == rule) {
                    return Err(self.err(item.pos, Problem::NearMissExpected { rule }));
                }
                near_miss.push((rule, item.pos));
            }
        }
        Ok(Case {
            name,
            pos: node.pos,
            seed,
            events: evs,
            expect,
            rules,
            near_miss,
        })
    }

    fn expected(&self, node: &Node) -> Result<Expected, TestFileError> {
        let entries = self.map(node, "expect")?;
        self.check_keys(
            entries,
            "an expected alert",
            &["rule", "priority", "output_contains"],
            "rule, priority, output_contains",
        )?;
        let rule = self.string(self.require(node, "rule", "an expected alert")?, "rule")?;
        let priority =
            match node.get("priority") {
                Some(n) => {
                    let s = self.scalar(n, "priority")?;
                    Some(s.parse::<Priority>().map_err(|_| {
                        self.bad(n, "priority", s, "a priority (emergency ... debug)")
                    })?)
                }
                None => None,
            };
        let output_contains = node
            .get("output_contains")
            .map(|n| self.str_list(n, "output_contains"))
            .transpose()?
            .unwrap_or_default();
        Ok(Expected {
            pos: node.pos,
            rule,
            priority,
            output_contains,
        })
    }
}

/// The test files a path stands for: the file itself, or every test file below a directory
/// (recursively, in path order; files without a top-level `cases:` key are skipped, so rules and
/// tests may share a directory tree).
pub fn collect_test_files(path: &Path) -> Result<Vec<PathBuf>, TestFileError> {
    let meta = std::fs::metadata(path).map_err(|source| TestFileError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let rd = std::fs::read_dir(&dir).map_err(|source| TestFileError::Io {
            path: dir.clone(),
            source,
        })?;
        for entry in rd {
            let entry = entry.map_err(|source| TestFileError::Io {
                path: dir.clone(),
                source,
            })?;
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") && is_test_file(&p) {
                out.push(p);
            }
        }
    }
    if out.is_empty() {
        return Err(TestFileError::NoTests {
            path: path.to_path_buf(),
        });
    }
    out.sort();
    Ok(out)
}

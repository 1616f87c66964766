//! Why a rule test file cannot be run: every problem names the file and, when it is about the
//! file's content, the line and column of the offending YAML node.
//!
//! Place in the data flow: test file → **reader** (these errors) → seeding/events → engine.

use std::path::PathBuf;

/// A test file that cannot be run (malformed, unreadable, or its rules do not load).
#[derive(Debug, thiserror::Error)]
pub enum TestFileError {
    /// The file or directory could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not acceptable YAML.
    #[error("{}:{line}:{column}: {source}", path.display())]
    Yaml {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// The parser's complaint.
        source: syssentry_engine::rules::yaml::YamlError,
    },
    /// The YAML is fine but does not follow the test file format.
    #[error("{}:{line}:{column}: {problem}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What is wrong.
        problem: Problem,
    },
    /// The rules the file names do not load; `diagnostics` is the loader's rendering of every
    /// error (each with its own file:line:column).
    #[error("{}:{line}:{column}: the rules do not load:\n{diagnostics}", path.display())]
    Rules {
        /// The test file.
        path: PathBuf,
        /// Line of its `rules:` key.
        line: u32,
        /// Column of its `rules:` key.
        column: u32,
        /// The loader's diagnostics, rendered.
        diagnostics: String,
    },
    /// A path given to the runner holds no test file.
    #[error("{}: no test files (*.yaml files with a top-level `cases:` key) found", path.display())]
    NoTests {
        /// The directory.
        path: PathBuf,
    },
}

/// What is wrong with the content of a test file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The top level is not a mapping with `cases:`.
    #[error("not a rule test file: the top level must be a mapping with a `cases:` key")]
    NotATestFile,
    /// A required key is missing.
    #[error("missing key `{key}` in {what}")]
    MissingKey {
        /// The key.
        key: &'static str,
        /// The mapping it belongs in.
        what: &'static str,
    },
    /// A key that is not part of the format.
    #[error("unknown key `{key}` in {what} (expected one of: {expected})")]
    UnknownKey {
        /// The key as written.
        key: String,
        /// The mapping it was found in.
        what: &'static str,
        /// The keys allowed there.
        expected: &'static str,
    },
    /// A node of the wrong YAML type.
    #[error("`{key}` must be {expected}, found a {found}")]
    WrongType {
        /// The key (or a description of the node).
        key: String,
        /// What was expected.
        expected: &'static str,
        /// The YAML type found.
        found: &'static str,
    },
    /// A value that does not parse as what the key needs.
    #[error("`{key}`: {value:?} is not {expected}")]
    BadValue {
        /// The key.
        key: String,
        /// The value as written.
        value: String,
        /// What was expected.
        expected: &'static str,
    },
    /// An event type name that is not a Falco event or syscall name.
    #[error("unknown event type {name:?}")]
    UnknownEventType {
        /// The name.
        name: String,
    },
    /// A parameter the event does not have.
    #[error("event `{event}` has no parameter `{param}` (its parameters: {known})")]
    UnknownParam {
        /// The event type.
        event: &'static str,
        /// The parameter as written.
        param: String,
        /// The event's parameter names.
        known: String,
    },
    /// A flag name not in the parameter's flag table.
    #[error("`{param}`: unknown flag {flag:?} (known: {known})")]
    UnknownFlag {
        /// The parameter.
        param: String,
        /// The flag as written.
        flag: String,
        /// The table's names.
        known: String,
    },
    /// A parameter whose type the format cannot express.
    #[error("parameter `{param}` of `{event}` has type {ty}, which test files cannot set")]
    UnsupportedParam {
        /// The event type.
        event: &'static str,
        /// The parameter.
        param: String,
        /// Its type.
        ty: String,
    },
    /// A container name no `containers:` entry defines.
    #[error("unknown container {name:?} (define it under `containers:`)")]
    UnknownContainer {
        /// The name.
        name: String,
    },
    /// An event of a thread that neither `processes:` nor an earlier event created.
    #[error("no process {pid} at this point (seed it under `processes:` or create it with a clone/fork event)")]
    UnknownProcess {
        /// The pid (or tid).
        pid: i64,
    },
    /// Two seeded processes with the same pid.
    #[error("pid {pid} is defined twice")]
    DuplicatePid {
        /// The pid.
        pid: i64,
    },
    /// Two containers with the same name or id.
    #[error("container {name:?} is defined twice")]
    DuplicateContainer {
        /// The name or id.
        name: String,
    },
    /// A seeded process whose parent is neither seeded nor pid 1.
    #[error("process {pid}: parent {ppid} is not defined (define it under `processes:`)")]
    UnknownParent {
        /// The process.
        pid: i64,
        /// Its parent.
        ppid: i64,
    },
    /// Two fds with the same number in one process.
    #[error("fd {fd} is defined twice")]
    DuplicateFd {
        /// The fd number.
        fd: i64,
    },
    /// An fd entry without exactly one kind key.
    #[error("an fd needs exactly one of: file, directory, tcp, udp, listen, unix, memfd")]
    FdKind,
    /// `fd:` on an event that has no fd parameter besides its return value.
    #[error("event `{event}` has no `fd` parameter; its return value is `res`")]
    NoFdParam {
        /// The event type.
        event: &'static str,
    },
    /// A key of a convenience form used with the generic form's `args:` mapping, or vice versa.
    #[error("`{key}` belongs to the `{event}` convenience form, which cannot be combined with an `args:` mapping")]
    MixedForms {
        /// The key.
        key: String,
        /// The event type.
        event: &'static str,
    },
    /// A case name used twice in one file.
    #[error("case name {name:?} is used twice in this file")]
    DuplicateCase {
        /// The name.
        name: String,
    },
    /// A file with `cases: []`.
    #[error("the file has no cases")]
    NoCases,
    /// Neither the file nor the case says which rules to load.
    #[error("no rules to load: give `rules:` at the top of the file or in this case")]
    NoRules,
    /// A case names a rule both under `expect:` and under `near_miss:`.
    #[error("rule {rule:?} is both expected and named a near miss")]
    NearMissExpected {
        /// The rule.
        rule: String,
    },
}

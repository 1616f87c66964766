//! Command-line arguments.

use clap::{ArgMatches, Args, Parser, Subcommand};
use std::path::PathBuf;
use syssentry_sensor::engines::config::{EngineConfig, EngineKind};
use syssentry_sensor::failure::OnFailure;
use syssentry_engine::rules::{Priority, RuleMatcher, RuleSelection, SelectionStep};

/// Runtime threat detection with Falco-compatible rules.
#[derive(Debug, Parser)]
#[command(name = "syssentry", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check, list and explain rules files.
    Rules {
        /// What to do with the rules.
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// List every field conditions and outputs can use.
    Fields {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Run the sensor: capture system calls with eBPF, evaluate the rules, print one JSON alert
    /// per line on stdout and statistics on stderr at exit (needs root).
    Run(RunArgs),
    /// Perform harmless, reversible actions that rules exist to catch (`trigger list` lists
    /// them); with --verify, run the sensor alongside and check that the expected rules alert
    /// (needs root).
    Trigger(TriggerArgs),
}

/// `syssentry trigger ...`
#[derive(Debug, Args)]
pub struct TriggerArgs {
    /// Actions to perform, or `list` to list the actions with the rules each expects.
    #[arg(value_name = "ACTION")]
    pub actions: Vec<String>,
    /// Perform every action.
    #[arg(long, conflicts_with = "actions")]
    pub all: bool,
    /// Run the sensor in this process, perform the actions and report, for each, the expected
    /// rules and the alerts seen; exit status 1 on any miss.
    #[arg(long)]
    pub verify: bool,
    /// With --verify: a rules file or directory, loaded as `syssentry run` loads them (same
    /// default); repeat the option for several, in order.
    #[arg(long = "rules", value_name = "PATH", requires = "verify")]
    pub rules: Vec<PathBuf>,
    /// With --verify: which rules to enable.
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// With --verify: report every matching rule for an event, not only the first.
    #[arg(long = "all-matches", requires = "verify")]
    pub all_matches: bool,
    /// With --verify: seconds to wait for alerts after the last action.
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub wait: u64,
    /// With --verify: size of the kernel ring buffer in bytes (a power of two).
    #[arg(long = "ring-buffer-bytes", value_name = "N", default_value_t = 16 << 20)]
    pub ring_buffer_bytes: usize,
    /// Print JSON instead of text (the list, or the verification).
    #[arg(long)]
    pub json: bool,
    /// Where container metadata comes from (with --verify), and the runtime the container
    /// actions run in (Docker's or podman's socket).
    #[command(flatten)]
    pub engines: EngineArgs,
    /// The options of the trigger's own child processes.
    #[command(flatten)]
    pub child: crate::trigger::child::ChildArgs,
}

/// `syssentry run ...`
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Rules files or directories, in order (repeat the option or list several paths). Default:
    /// /etc/syssentry/rules.d, else the rules/ directory of the source checkout the binary was
    /// built in.
    #[arg(long = "rules", value_name = "PATH", num_args = 1..)]
    pub rules: Vec<PathBuf>,
    /// Which rules to enable.
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Report every matching rule for an event, not only the first (Falco's `rule_matching: all`).
    #[arg(long = "all-matches")]
    pub all_matches: bool,
    /// Size of the kernel ring buffer in bytes (a power of two, at least one page).
    #[arg(long = "ring-buffer-bytes", value_name = "N", default_value_t = 8 << 20)]
    pub ring_buffer_bytes: usize,
    /// Stop after this many seconds (default: run until SIGINT or SIGTERM).
    #[arg(long, value_name = "SECS")]
    pub duration: Option<u64>,
    /// Also print statistics on stderr every SECS seconds.
    #[arg(long = "stats-interval", value_name = "SECS")]
    pub stats_interval: Option<u64>,
    /// The `hostname` of alerts (default: $SYSSENTRY_HOSTNAME, else the kernel's host name).
    #[arg(long, value_name = "NAME")]
    pub hostname: Option<String>,
    /// Do not append Falco's container and Kubernetes fields to syscall rule outputs.
    #[arg(long = "no-container-fields")]
    pub no_container_fields: bool,
    /// Prefix alert lines with ISO 8601 UTC time instead of local time.
    #[arg(long)]
    pub iso8601: bool,
    /// What to do when capture fails while running: exit (with status 1, for a supervisor that
    /// restarts the sensor), restart (open capture again with backoff, keeping the state), or
    /// continue (run on without capture). Each failure and recovery is an alert line.
    #[arg(long = "on-failure", value_name = "POLICY", default_value = "exit", value_parser = parse_on_failure)]
    pub on_failure: OnFailure,
    /// Threads that evaluate events, each with its own copy of the state (0: every core). The
    /// other threads take part while one thread falls behind capture; alerts are the same as
    /// with one thread. On small hosts one thread is faster (docs/performance.md).
    #[arg(long = "evaluation-threads", value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u16).range(0..=256))]
    pub evaluation_threads: u16,
    /// Where container metadata comes from.
    #[command(flatten)]
    pub engines: EngineArgs,
}

/// The container engines the sensor reads metadata from, and how long a new container's events
/// wait for it: the same options for `syssentry run` and `syssentry trigger` (which also runs
/// its container actions through the Docker or podman socket named here).
#[derive(Debug, Clone, Args)]
pub struct EngineArgs {
    /// Container engines to read metadata from (container.name, container.image..., k8s.*,
    /// ecs.*): a comma-separated list of docker, podman, containerd and cri (CRI-O, or any
    /// Kubernetes CRI socket), or none. An engine whose socket is absent is off.
    #[arg(long = "container-engines", value_name = "LIST", default_value = "docker,podman,containerd,cri", value_parser = parse_engines)]
    pub container_engines: Engines,
    /// The Docker API socket (default /var/run/docker.sock).
    #[arg(long = "docker-socket", value_name = "PATH")]
    pub docker_socket: Option<PathBuf>,
    /// The podman API socket (default /run/podman/podman.sock).
    #[arg(long = "podman-socket", value_name = "PATH")]
    pub podman_socket: Option<PathBuf>,
    /// The containerd socket, its own API and its CRI (default /run/containerd/containerd.sock;
    /// k3s: /run/k3s/containerd/containerd.sock).
    #[arg(long = "containerd-socket", value_name = "PATH")]
    pub containerd_socket: Option<PathBuf>,
    /// The socket of another Kubernetes CRI runtime (default /run/crio/crio.sock).
    #[arg(long = "cri-socket", value_name = "PATH")]
    pub cri_socket: Option<PathBuf>,
    /// The Amazon ECS agent's introspection API, asked for the task fields (ecs.*) a container
    /// the agent started does not carry in its labels; none: never asked.
    #[arg(long = "ecs-agent-url", value_name = "URL", default_value = "http://127.0.0.1:51678", value_parser = parse_agent_url)]
    pub ecs_agent_url: AgentUrl,
    /// How long the events of a new container wait for its metadata before they are evaluated
    /// with what is known (e.g. 500ms, 1s; 0: never wait).
    #[arg(long = "metadata-wait", value_name = "DURATION", default_value = "1s", value_parser = parse_metadata_wait)]
    pub metadata_wait: std::time::Duration,
}

fn parse_metadata_wait(s: &str) -> Result<std::time::Duration, String> {
    syssentry_sensor::engines::config::parse_wait(s).map_err(|e| e.to_string())
}

impl EngineArgs {
    /// The container engines these options ask for.
    pub fn config(&self) -> EngineConfig {
        EngineConfig {
            engines: self.container_engines.0.clone(),
            docker_socket: self.docker_socket.clone(),
            podman_socket: self.podman_socket.clone(),
            containerd_socket: self.containerd_socket.clone(),
            cri_socket: self.cri_socket.clone(),
            ecs_agent_url: self.ecs_agent_url.0.clone(),
            ..EngineConfig::default()
        }
    }
}

/// The engines of `--container-engines` (one value holding a list).
#[derive(Debug, Clone)]
pub struct Engines(pub Vec<EngineKind>);

fn parse_engines(s: &str) -> Result<Engines, String> {
    EngineConfig::parse_engines(s).map(Engines).map_err(|e| e.to_string())
}

/// The value of `--ecs-agent-url` (`None`: never asked).
#[derive(Debug, Clone)]
pub struct AgentUrl(pub Option<String>);

fn parse_agent_url(s: &str) -> Result<AgentUrl, String> {
    syssentry_sensor::engines::config::parse_agent_url(s).map(AgentUrl).map_err(|e| e.to_string())
}

fn parse_on_failure(s: &str) -> Result<OnFailure, String> {
    s.parse().map_err(|()| format!("expected {}", OnFailure::VALUES))
}

/// `syssentry rules ...`
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Load rules files and directories and report every problem; exit status 1 on any error.
    Check(RulesArgs),
    /// Print each rule's name, priority, tags and the event types it matches.
    List {
        /// The rules to load.
        #[command(flatten)]
        rules: RulesArgs,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print a Markdown reference of the rules (priority, tags, description, event types, fields
    /// relied on, lists/macros/exceptions that tune each rule); exit status 1 on any error.
    Doc {
        /// Rules files or directories, in order.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Run rule test files (YAML cases of synthetic events and the alerts they must raise); exit
    /// status 1 if a case fails, 2 if a file is malformed or its rules do not load.
    Test(TestArgs),
}

/// `syssentry rules test ...`
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Test files, or directories searched recursively for *.yaml files with a top-level `cases:`
    /// key.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print every alert of every case, not only the diffs of failed cases.
    #[arg(long, short)]
    pub verbose: bool,
}

/// Which rules to load and which of them to enable.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Rules files or directories (a directory loads its *.yaml files in name order), in order.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Which rules to enable.
    #[command(flatten)]
    pub selection: SelectionArgs,
}

impl RulesArgs {
    /// The selection, in the order the options were given on the command line.
    pub fn selection(&self, matches: Option<&ArgMatches>) -> RuleSelection {
        self.selection.selection(matches)
    }
}

/// Rule selection options, applied in command-line order after loading.
#[derive(Debug, Args)]
pub struct SelectionArgs {
    /// Enable rules whose name matches (`*` is a wildcard); applied in command-line order with the
    /// other selection options, after loading, like Falco's `rules:` setting.
    #[arg(long = "enable-rule", value_name = "NAME")]
    pub enable_rule: Vec<String>,
    /// Disable rules whose name matches (`*` is a wildcard).
    #[arg(long = "disable-rule", value_name = "NAME")]
    pub disable_rule: Vec<String>,
    /// Enable every rule with this tag.
    #[arg(long = "enable-tag", value_name = "TAG")]
    pub enable_tag: Vec<String>,
    /// Disable every rule with this tag.
    #[arg(long = "disable-tag", value_name = "TAG")]
    pub disable_tag: Vec<String>,
    /// Drop rules less severe than this priority (emergency ... debug).
    #[arg(long = "min-priority", value_name = "PRIORITY", value_parser = parse_priority)]
    pub min_priority: Option<Priority>,
}

fn parse_priority(s: &str) -> Result<Priority, String> {
    s.parse::<Priority>().map_err(|e| e.to_string())
}

impl SelectionArgs {
    /// The selection, in the order the options were given on the command line.
    pub fn selection(&self, matches: Option<&ArgMatches>) -> RuleSelection {
        let mut steps: Vec<(usize, SelectionStep)> = Vec::new();
        let mut collect = |id: &str, values: &[String], make: fn(RuleMatcher) -> SelectionStep, tag: bool| {
            let indices: Vec<usize> = matches
                .and_then(|m| m.indices_of(id))
                .map(|i| i.collect())
                .unwrap_or_else(|| (0..values.len()).collect());
            for (value, index) in values.iter().zip(indices) {
                let m = if tag { RuleMatcher::Tag(value.clone()) } else { RuleMatcher::Rule(value.clone()) };
                steps.push((index, make(m)));
            }
        };
        collect("enable_rule", &self.enable_rule, SelectionStep::Enable, false);
        collect("disable_rule", &self.disable_rule, SelectionStep::Disable, false);
        collect("enable_tag", &self.enable_tag, SelectionStep::Enable, true);
        collect("disable_tag", &self.disable_tag, SelectionStep::Disable, true);
        steps.sort_by_key(|s| s.0);
        RuleSelection {
            steps: steps.into_iter().map(|(_, s)| s).collect(),
            min_priority: self.min_priority.unwrap_or(Priority::Debug),
        }
    }
}

//! The plugin's properties: every key it accepts, its default, how its value is parsed and
//! validated, and the [`Config`] an instance runs with.
//!
//! Place in the data flow: read once in `FLBPluginInit`, before anything runs; the config then
//! shapes capture (ring size, wanted events), evaluation (rules, selection), the alert queue and
//! the records handed to Fluent Bit (the sink).
//!
//! Fluent Bit gives a plugin no way to list the keys of its section: a property can only be looked
//! up by name (case-insensitively). Misspelt keys are therefore found by looking up every key
//! within one edit (a letter deleted, added, replaced or two letters swapped) of a known key, and
//! every separator variant (`queue-capacity`, `queue.capacity`, `queuecapacity`); any of those
//! that is set fails init. A key that is nothing like a known key cannot be seen at all.

use std::path::PathBuf;
use std::time::Duration;
use syssentry_engine::eval::RuleMatching;
use syssentry_engine::output::OutputOptions;
use syssentry_sensor::engines::config::EngineConfig;
use syssentry_sensor::failure::OnFailure;
use syssentry_sensor::sources::synthetic::SyntheticOptions;
use syssentry_engine::rules::{Priority, RuleMatcher, RuleSelection, SelectionStep};

/// Where rules are read from when `rules` is not set.
pub const DEFAULT_RULES: &str = "/etc/syssentry/rules.d";

/// A property the plugin accepts: its name, what values it allows and its default (for messages
/// and documentation).
#[derive(Debug, Clone, Copy)]
pub struct Property {
    /// The key (lower case, as documented).
    pub name: &'static str,
    /// What values are allowed, for error messages.
    pub allowed: &'static str,
    /// The default, as text.
    pub default: &'static str,
}

/// Every property, in documentation order.
pub const PROPERTIES: &[Property] = &[
    Property { name: "rules", allowed: "comma-separated rules files and directories (directories load their *.yaml files in name order)", default: DEFAULT_RULES },
    Property { name: "disable_rules", allowed: "comma-separated rule names; '*' is a wildcard", default: "" },
    Property { name: "disable_tags", allowed: "comma-separated tags", default: "" },
    Property { name: "enable_rules", allowed: "comma-separated rule names; '*' is a wildcard", default: "" },
    Property { name: "enable_tags", allowed: "comma-separated tags", default: "" },
    Property { name: "min_priority", allowed: "emergency, alert, critical, error, warning, notice, informational (or info), debug", default: "debug" },
    Property { name: "rule_matching", allowed: "first or all", default: "first" },
    Property { name: "event_source", allowed: "ebpf or synthetic", default: "ebpf" },
    Property { name: "synthetic_rate", allowed: "events per second of the synthetic source, 0 (as fast as possible) to 1000000", default: "10" },
    Property { name: "synthetic_count", allowed: "events the synthetic source sends in all, 0 (no end) to 10000000000", default: "0" },
    Property { name: "synthetic_fail_after", allowed: "events after which the synthetic source fails once, to rehearse on_failure: 0 (never) to 10000000000", default: "0" },
    Property { name: "on_failure", allowed: "restart, exit or continue", default: "restart" },
    Property { name: "container_engines", allowed: "comma-separated docker, podman, containerd and cri, or none", default: "docker,podman,containerd,cri" },
    Property { name: "docker_socket", allowed: "an absolute path", default: "/var/run/docker.sock below host_root" },
    Property { name: "podman_socket", allowed: "an absolute path", default: "/run/podman/podman.sock below host_root" },
    Property { name: "containerd_socket", allowed: "an absolute path", default: "/run/containerd/containerd.sock below host_root" },
    Property { name: "cri_socket", allowed: "an absolute path", default: "/run/crio/crio.sock below host_root" },
    Property { name: "ecs_agent_url", allowed: "http://HOST:PORT, or none", default: "http://127.0.0.1:51678" },
    Property { name: "metadata_wait", allowed: "0 to 60s, in ms or s (e.g. 500ms, 1s; 0: never wait)", default: "1s" },
    Property { name: "evaluation_threads", allowed: "1 to 256, or 0 for every core the process may run on", default: "1" },
    Property { name: "ring_buffer_size", allowed: "a power of two from 64K to 1G (suffixes K, M, G)", default: "8M" },
    Property { name: "queue_capacity", allowed: "alerts, 1 to 1000000", default: "10000" },
    Property { name: "queue_overflow", allowed: "drop_newest or drop_oldest", default: "drop_newest" },
    Property { name: "max_records_per_collect", allowed: "records, 1 to 1000000", default: "5000" },
    Property { name: "max_bytes_per_collect", allowed: "64K to 64M (suffixes K, M)", default: "2M" },
    Property { name: "hostname", allowed: "any text", default: "the kernel's host name" },
    Property { name: "host_root", allowed: "an absolute directory holding the host's proc/ and etc/", default: "/" },
    Property { name: "suggested_output", allowed: "on or off (also true/false, yes/no)", default: "on" },
    Property { name: "time_iso8601", allowed: "on or off (also true/false, yes/no)", default: "off" },
    Property { name: "stats", allowed: "on or off (also true/false, yes/no)", default: "off" },
    Property { name: "stats_interval", allowed: "seconds, 1 to 86400", default: "60" },
];

/// What to do with an alert when the queue is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverflowPolicy {
    /// Keep what is queued and drop the new alert (the start of an attack is kept).
    DropNewest,
    /// Drop the oldest queued alert to make room (the latest activity is kept).
    DropOldest,
}

impl OverflowPolicy {
    /// The property value.
    pub fn as_str(self) -> &'static str {
        match self {
            OverflowPolicy::DropNewest => "drop_newest",
            OverflowPolicy::DropOldest => "drop_oldest",
        }
    }
}

/// Where events come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// The kernel, through eBPF (production).
    Ebpf,
    /// A built-in scripted scenario (a shell starting `cat /etc/shadow` over and over), to try
    /// the pipeline and outputs without root or BPF.
    Synthetic(SyntheticOptions),
}

impl Config {
    /// How alerts are written: the host name, Falco's container fields, the time prefix.
    pub fn output_options(&self) -> OutputOptions {
        OutputOptions {
            hostname: std::sync::Arc::from(self.hostname.as_str()),
            suggested_output: self.suggested_output,
            time_iso8601: self.time_iso8601,
            utc_offset: None,
            ecs_output: self.suggested_output && syssentry_sensor::host::ecs_instance(&self.host_root),
        }
    }
}

impl SourceKind {
    /// The `event_source` value.
    pub fn name(&self) -> &'static str {
        match self {
            SourceKind::Ebpf => "ebpf",
            SourceKind::Synthetic(_) => "synthetic",
        }
    }
}

/// An instance's settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Rules files and directories, in load order.
    pub rules: Vec<PathBuf>,
    /// Rule selection: disables first, then enables, then the minimum priority.
    pub selection: RuleSelection,
    /// First matching rule or all.
    pub matching: RuleMatching,
    /// The event source.
    pub source: SourceKind,
    /// What to do when the source fails while running.
    pub on_failure: OnFailure,
    /// Where container metadata comes from.
    pub engines: EngineConfig,
    /// How long a new container's events wait for its metadata.
    pub metadata_wait: Duration,
    /// Threads that evaluate (0: every core).
    pub evaluation_threads: usize,
    /// The kernel ring buffer's size in bytes.
    pub ring_buffer_bytes: usize,
    /// Alerts the queue holds at most.
    pub queue_capacity: usize,
    /// What a full queue drops.
    pub overflow: OverflowPolicy,
    /// Records per collect call at most.
    pub max_records_per_collect: usize,
    /// Bytes per collect call at most (a single larger record is still sent alone).
    pub max_bytes_per_collect: usize,
    /// The `hostname` of every record.
    pub hostname: String,
    /// The directory holding the host's `proc/` and `etc/`.
    pub host_root: PathBuf,
    /// Append Falco's container fields to syscall rules' outputs.
    pub suggested_output: bool,
    /// ISO 8601 UTC time prefix instead of local time.
    pub time_iso8601: bool,
    /// Emit a stats record this often (`None`: no stats records).
    pub stats_interval: Option<Duration>,
}

/// A property problem: init fails with this message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A key that is set but is not one of the plugin's.
    #[error("unknown property '{key}' (did you mean '{suggestion}'?); known properties: {known}")]
    UnknownKey {
        /// The key as found.
        key: String,
        /// The known key it is close to.
        suggestion: &'static str,
        /// Every known key.
        known: String,
    },
    /// A value that does not parse or is out of range.
    #[error("property '{key}': invalid value '{value}': allowed: {allowed}")]
    BadValue {
        /// The key.
        key: &'static str,
        /// The value as given.
        value: String,
        /// What is allowed.
        allowed: &'static str,
    },
    /// A property that only means something together with another setting.
    #[error("property '{key}' = '{value}' needs {needs}")]
    Conflict {
        /// The key.
        key: &'static str,
        /// Its value.
        value: String,
        /// What it needs.
        needs: &'static str,
    },
}

fn property(name: &str) -> &'static Property {
    PROPERTIES
        .iter()
        .find(|p| p.name == name)
        .unwrap_or(&PROPERTIES[0])
}

fn bad(key: &'static str, value: &str) -> ConfigError {
    ConfigError::BadValue {
        key,
        value: value.to_string(),
        allowed: property(key).allowed,
    }
}

/// Reads and validates every property through `get` (Fluent Bit's `input_get_property`: case
/// insensitive, `None` for an absent or empty value). `kernel_hostname` is the default host name.
pub fn read_config(
    get: &mut dyn FnMut(&str) -> Option<String>,
    kernel_hostname: &str,
) -> Result<Config, ConfigError> {
    check_unknown_keys(get)?;
    let mut get_trimmed = |k: &str| {
        get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };

    let rules = match get_trimmed("rules") {
        None => vec![PathBuf::from(DEFAULT_RULES)],
        Some(v) => {
            let items = split_list(&v);
            if items.is_empty() {
                return Err(bad("rules", &v));
            }
            items.into_iter().map(PathBuf::from).collect()
        }
    };

    let mut selection = RuleSelection::default();
    for (key, enable, tag) in [
        ("disable_rules", false, false),
        ("disable_tags", false, true),
        ("enable_rules", true, false),
        ("enable_tags", true, true),
    ] {
        let Some(v) = get_trimmed(key) else { continue };
        let items = split_list(&v);
        if items.is_empty() {
            return Err(bad(static_key(key), &v));
        }
        for item in items {
            let m = if tag {
                RuleMatcher::Tag(item)
            } else {
                RuleMatcher::Rule(item)
            };
            selection.steps.push(if enable {
                SelectionStep::Enable(m)
            } else {
                SelectionStep::Disable(m)
            });
        }
    }
    if let Some(v) = get_trimmed("min_priority") {
        selection.min_priority = v.parse::<Priority>().map_err(|_| bad("min_priority", &v))?;
    }

    let matching = match get_trimmed("rule_matching") {
        None => RuleMatching::First,
        Some(v) if v.eq_ignore_ascii_case("first") => RuleMatching::First,
        Some(v) if v.eq_ignore_ascii_case("all") => RuleMatching::All,
        Some(v) => return Err(bad("rule_matching", &v)),
    };

    let rate = get_trimmed("synthetic_rate");
    let count = get_trimmed("synthetic_count");
    let fail_after = get_trimmed("synthetic_fail_after");
    let source = match get_trimmed("event_source") {
        None => None,
        Some(v) if v.eq_ignore_ascii_case("ebpf") => None,
        Some(v) if v.eq_ignore_ascii_case("synthetic") => Some(()),
        Some(v) => return Err(bad("event_source", &v)),
    };
    let source = match source {
        None => {
            for (key, v) in [("synthetic_rate", &rate), ("synthetic_count", &count), ("synthetic_fail_after", &fail_after)] {
                if let Some(v) = v {
                    return Err(ConfigError::Conflict {
                        key,
                        value: v.clone(),
                        needs: "event_source synthetic",
                    });
                }
            }
            SourceKind::Ebpf
        }
        Some(()) => SourceKind::Synthetic(SyntheticOptions {
            rate: parse_uint("synthetic_rate", rate.as_deref(), 10, 0, 1_000_000)?,
            count: parse_uint("synthetic_count", count.as_deref(), 0, 0, 10_000_000_000)?,
            fail_after: parse_uint("synthetic_fail_after", fail_after.as_deref(), 0, 0, 10_000_000_000)?,
        }),
    };
    let on_failure = match get_trimmed("on_failure") {
        None => OnFailure::Restart,
        Some(v) => v.parse().map_err(|()| bad("on_failure", &v))?,
    };

    let ring_buffer_bytes = parse_size(
        "ring_buffer_size",
        get_trimmed("ring_buffer_size").as_deref(),
        8 << 20,
        64 << 10,
        1 << 30,
    )?;
    if !ring_buffer_bytes.is_power_of_two() {
        return Err(bad(
            "ring_buffer_size",
            &get_trimmed("ring_buffer_size").unwrap_or_default(),
        ));
    }
    let evaluation_threads =
        parse_uint("evaluation_threads", get_trimmed("evaluation_threads").as_deref(), 1, 0, 256)? as usize;
    let queue_capacity = parse_uint(
        "queue_capacity",
        get_trimmed("queue_capacity").as_deref(),
        10_000,
        1,
        1_000_000,
    )? as usize;
    let overflow = match get_trimmed("queue_overflow") {
        None => OverflowPolicy::DropNewest,
        Some(v) if v.eq_ignore_ascii_case("drop_newest") => OverflowPolicy::DropNewest,
        Some(v) if v.eq_ignore_ascii_case("drop_oldest") => OverflowPolicy::DropOldest,
        Some(v) => return Err(bad("queue_overflow", &v)),
    };
    let max_records_per_collect = parse_uint(
        "max_records_per_collect",
        get_trimmed("max_records_per_collect").as_deref(),
        5_000,
        1,
        1_000_000,
    )? as usize;
    let max_bytes_per_collect = parse_size(
        "max_bytes_per_collect",
        get_trimmed("max_bytes_per_collect").as_deref(),
        2 << 20,
        64 << 10,
        64 << 20,
    )?;

    let hostname = get_trimmed("hostname").unwrap_or_else(|| kernel_hostname.to_string());
    let host_root = match get_trimmed("host_root") {
        None => PathBuf::from("/"),
        Some(v) if v.starts_with('/') => PathBuf::from(v),
        Some(v) => return Err(bad("host_root", &v)),
    };
    let metadata_wait = match get_trimmed("metadata_wait") {
        None => Duration::from_secs(1),
        Some(v) => syssentry_sensor::engines::config::parse_wait(&v).map_err(|_| bad("metadata_wait", &v))?,
    };
    let engines = match get_trimmed("container_engines") {
        None => EngineConfig::default().engines,
        Some(v) => EngineConfig::parse_engines(&v).map_err(|_| bad("container_engines", &v))?,
    };
    let mut socket = |key: &'static str| match get_trimmed(key) {
        None => Ok(None),
        Some(v) if v.starts_with('/') => Ok(Some(PathBuf::from(v))),
        Some(v) => Err(bad(key, &v)),
    };
    let engines = EngineConfig {
        engines,
        host_root: host_root.clone(),
        docker_socket: socket("docker_socket")?,
        podman_socket: socket("podman_socket")?,
        containerd_socket: socket("containerd_socket")?,
        cri_socket: socket("cri_socket")?,
        ecs_agent_url: match get_trimmed("ecs_agent_url") {
            None => EngineConfig::default().ecs_agent_url,
            Some(v) => syssentry_sensor::engines::config::parse_agent_url(&v).map_err(|_| bad("ecs_agent_url", &v))?,
        },
    };
    let suggested_output = parse_bool(
        "suggested_output",
        get_trimmed("suggested_output").as_deref(),
        true,
    )?;
    let time_iso8601 = parse_bool(
        "time_iso8601",
        get_trimmed("time_iso8601").as_deref(),
        false,
    )?;
    let stats = parse_bool("stats", get_trimmed("stats").as_deref(), false)?;
    let interval_text = get_trimmed("stats_interval");
    let interval = parse_uint("stats_interval", interval_text.as_deref(), 60, 1, 86_400)?;
    if !stats {
        if let Some(v) = interval_text {
            return Err(ConfigError::Conflict {
                key: "stats_interval",
                value: v,
                needs: "stats on",
            });
        }
    }

    Ok(Config {
        rules,
        selection,
        matching,
        source,
        on_failure,
        engines,
        metadata_wait,
        evaluation_threads,
        ring_buffer_bytes,
        queue_capacity,
        overflow,
        max_records_per_collect,
        max_bytes_per_collect,
        hostname,
        host_root,
        suggested_output,
        time_iso8601,
        stats_interval: stats.then(|| Duration::from_secs(interval)),
    })
}

fn static_key(key: &str) -> &'static str {
    property(key).name
}

/// Splits a comma-separated list, trimming items and dropping empty ones.
fn split_list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_uint(
    key: &'static str,
    v: Option<&str>,
    default: u64,
    min: u64,
    max: u64,
) -> Result<u64, ConfigError> {
    let Some(v) = v else { return Ok(default) };
    match v.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(bad(key, v)),
    }
}

/// Fluent Bit's size syntax: a number with an optional `K`, `KB`, `M`, `MB`, `G` or `GB` suffix
/// (any case, powers of 1024).
fn parse_size(
    key: &'static str,
    v: Option<&str>,
    default: usize,
    min: usize,
    max: usize,
) -> Result<usize, ConfigError> {
    let Some(v) = v else { return Ok(default) };
    let lower = v.to_ascii_lowercase();
    let digits_end = lower
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(lower.len());
    let (num, suffix) = lower.split_at(digits_end);
    let shift = match suffix.trim() {
        "" => 0,
        "k" | "kb" => 10,
        "m" | "mb" => 20,
        "g" | "gb" => 30,
        _ => return Err(bad(key, v)),
    };
    let n = num.parse::<usize>().map_err(|_| bad(key, v))?;
    let bytes = n.checked_mul(1usize << shift).ok_or_else(|| bad(key, v))?;
    if (min..=max).contains(&bytes) {
        Ok(bytes)
    } else {
        Err(bad(key, v))
    }
}

/// Fluent Bit's booleans: `on`/`off`, `true`/`false`, `yes`/`no`, any case.
fn parse_bool(key: &'static str, v: Option<&str>, default: bool) -> Result<bool, ConfigError> {
    let Some(v) = v else { return Ok(default) };
    match v.to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" => Ok(true),
        "off" | "false" | "no" => Ok(false),
        _ => Err(bad(key, v)),
    }
}

/// Looks up every near miss of every known key; the first one that is set is an error.
fn check_unknown_keys(get: &mut dyn FnMut(&str) -> Option<String>) -> Result<(), ConfigError> {
    for p in PROPERTIES {
        for candidate in near_misses(p.name) {
            if PROPERTIES
                .iter()
                .any(|q| q.name.eq_ignore_ascii_case(&candidate))
            {
                continue;
            }
            if get(&candidate).is_some() {
                let known = PROPERTIES
                    .iter()
                    .map(|q| q.name)
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(ConfigError::UnknownKey {
                    key: candidate,
                    suggestion: p.name,
                    known,
                });
            }
        }
    }
    Ok(())
}

/// Every key one edit away from `name`, plus its separator variants. Lower case.
pub fn near_misses(name: &str) -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789_.-";
    let b = name.as_bytes();
    let mut out: Vec<String> = Vec::with_capacity(b.len() * 80);
    let mut push = |v: Vec<u8>| {
        if let Ok(s) = String::from_utf8(v) {
            if !s.is_empty() && s != name {
                out.push(s);
            }
        }
    };
    for i in 0..b.len() {
        let mut v = b.to_vec();
        v.remove(i);
        push(v);
        if i + 1 < b.len() {
            let mut v = b.to_vec();
            v.swap(i, i + 1);
            push(v);
        }
        for &c in ALPHABET {
            if c != b[i] {
                let mut v = b.to_vec();
                v[i] = c;
                push(v);
            }
        }
    }
    for i in 0..=b.len() {
        for &c in ALPHABET {
            let mut v = b.to_vec();
            v.insert(i, c);
            push(v);
        }
    }
    if name.contains('_') {
        for sep in ["-", ".", ""] {
            push(name.replace('_', sep).into_bytes());
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(props: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = props
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect();
        read_config(
            &mut |k| {
                map.get(&k.to_ascii_lowercase())
                    .cloned()
                    .filter(|v| !v.is_empty())
            },
            "kernel-host",
        )
    }

    #[test]
    fn defaults() {
        let c = read(&[]).unwrap();
        assert_eq!(c.rules, vec![PathBuf::from(DEFAULT_RULES)]);
        assert_eq!(c.queue_capacity, 10_000);
        assert_eq!(c.evaluation_threads, 1);
        assert_eq!(read(&[("evaluation_threads", "0")]).unwrap().evaluation_threads, 0, "0: every core");
        assert!(read(&[("evaluation_threads", "257")]).is_err());
        assert_eq!(c.overflow, OverflowPolicy::DropNewest);
        assert_eq!(c.ring_buffer_bytes, 8 << 20);
        assert_eq!(c.hostname, "kernel-host");
        assert_eq!(c.source, SourceKind::Ebpf);
        assert_eq!(c.on_failure, OnFailure::Restart);
        assert_eq!(c.stats_interval, None);
        assert!(c.suggested_output);
    }

    #[test]
    fn sizes_and_lists() {
        let c = read(&[
            ("ring_buffer_size", "16m"),
            ("max_bytes_per_collect", "512KB"),
            ("rules", " a.yaml , /b/ ,"),
        ])
        .unwrap();
        assert_eq!(c.ring_buffer_bytes, 16 << 20);
        assert_eq!(c.max_bytes_per_collect, 512 << 10);
        assert_eq!(c.rules, vec![PathBuf::from("a.yaml"), PathBuf::from("/b/")]);
        assert!(matches!(
            read(&[("ring_buffer_size", "3M")]),
            Err(ConfigError::BadValue {
                key: "ring_buffer_size",
                ..
            })
        ));
    }

    #[test]
    fn near_misses_cover_one_edit_and_separators() {
        let n = near_misses("queue_capacity");
        for k in [
            "queue_capacit",
            "queue_capacty",
            "queue_capaicty",
            "queue-capacity",
            "queue.capacity",
            "queuecapacity",
            "queue_capacityy",
        ] {
            assert!(n.iter().any(|x| x == k), "{k}");
        }
        assert!(!n.iter().any(|x| x == "queue_capacity"));
        let err = read(&[("Queue-Capacity", "5")]).unwrap_err();
        assert!(
            err.to_string()
                .contains("unknown property 'queue-capacity' (did you mean 'queue_capacity'?)"),
            "{err}"
        );
    }
}

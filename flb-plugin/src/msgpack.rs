//! Fluent Bit records: rule alerts, internal alerts and stats, encoded as msgpack log events
//! `[[EventTime, {}], {body}]` (Fluent Bit's v2 event format).
//!
//! Place in the data flow: output (an [`Alert`]) or the sensor's own observations (an
//! [`InternalAlert`]) → **msgpack record** → the alert queue → Fluent Bit.
//!
//! The header's time is an EventTime (msgpack ext type 0, 8 bytes: big-endian seconds and
//! nanoseconds), the event's own time. The body of an alert has Falco's JSON schema keys in
//! Falco's order (`hostname`, `output`, `output_fields`, `priority`, `rule`, `source`, `tags`,
//! `time`) with typed `output_fields` values (numbers stay numbers, missing values are nil).
//! Stats records carry `source` = [`STATS_SOURCE`] so they can be routed apart.

use serde::Serialize;
use std::io::Write;
use syssentry_engine::output::{rfc3339_nanos, Alert};
use syssentry_engine::rules::Priority;
use syssentry_sensor::internal::InternalAlert;

/// The `source` of stats records.
pub const STATS_SOURCE: &str = "syssentry_stats";

/// The rule name of the queue overflow alert.
pub const OVERFLOW_RULE: &str = "syssentry internal: alert queue overflow";

/// An encoding failure (the body could not be serialized).
#[derive(Debug, thiserror::Error)]
#[error("cannot encode a {what} record: {source}")]
pub struct EncodeError {
    /// Which record.
    pub what: &'static str,
    /// Why.
    pub source: rmp_serde::encode::Error,
}

/// Writes the event header `[[EventTime, {}],` (the outer array's first element); the body map
/// must follow.
pub fn write_header(time_ns: u64, out: &mut Vec<u8>) {
    let secs = (time_ns / 1_000_000_000).min(u64::from(u32::MAX - 2)) as u32;
    let nanos = (time_ns % 1_000_000_000) as u32;
    out.push(0x92); // [header, body]
    out.push(0x92); // [time, metadata]
    out.extend_from_slice(&[0xd7, 0x00]); // fixext8, type 0: EventTime
    out.extend_from_slice(&secs.to_be_bytes());
    out.extend_from_slice(&nanos.to_be_bytes());
    out.push(0x80); // {} metadata
}

fn encode<T: Serialize>(
    what: &'static str,
    time_ns: u64,
    body: &T,
) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::with_capacity(512);
    write_header(time_ns, &mut out);
    let mut ser = rmp_serde::Serializer::new(&mut out).with_struct_map();
    body.serialize(&mut ser)
        .map_err(|source| EncodeError { what, source })?;
    Ok(out)
}

/// A rule's alert.
pub fn alert(a: &Alert) -> Result<Vec<u8>, EncodeError> {
    encode("alert", a.time_ns, a)
}

/// An internal alert (kernel drops, the source failing or recovering, the queue overflowing).
pub fn internal(a: &InternalAlert, hostname: &str) -> Result<Vec<u8>, EncodeError> {
    encode("internal alert", a.time_ns, &a.to_json(hostname))
}

/// The queue overflow alert, in Falco's internal-alert shape.
pub fn overflow_alert(now_ns: u64, ep: &crate::queue::OverflowEpisode, capacity: usize, policy: &str) -> InternalAlert {
    let output = format!(
        "{OVERFLOW_RULE}. {} alerts dropped between {} and {} ({} since start); queue capacity {capacity}, policy {policy}",
        ep.dropped,
        rfc3339_nanos(ep.first_drop_ns),
        rfc3339_nanos(ep.last_drop_ns),
        ep.dropped_total,
    );
    let mut f = serde_json::Map::new();
    f.insert("first_drop".into(), rfc3339_nanos(ep.first_drop_ns).into());
    f.insert("last_drop".into(), rfc3339_nanos(ep.last_drop_ns).into());
    f.insert("n_dropped".into(), ep.dropped.into());
    f.insert("n_dropped_total".into(), ep.dropped_total.into());
    f.insert("queue_capacity".into(), (capacity as u64).into());
    f.insert("queue_overflow".into(), policy.into());
    InternalAlert { time_ns: now_ns, rule: OVERFLOW_RULE, priority: Priority::Warning, output, output_fields: f }
}

/// Counters in a stats record.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Stats {
    /// Events the kernel side saw (delivered plus dropped).
    pub events_seen: u64,
    /// Events delivered to the plugin.
    pub events_sent: u64,
    /// Events dropped in the kernel (ring buffer full).
    pub events_dropped: u64,
    /// Of `events_dropped`: events a loaded rule could have matched.
    pub events_dropped_relevant: u64,
    /// Events left in the kernel because no loaded rule can match them and the state does not
    /// need them.
    pub events_filtered: u64,
    /// Events evaluated.
    pub events_processed: u64,
    /// Threads evaluating (`evaluation_threads`).
    pub evaluation_threads: u64,
    /// Events evaluated while the other evaluation threads took part (one thread had fallen
    /// behind capture).
    pub events_shared: u64,
    /// Alerts raised (rules and internal).
    pub alerts_emitted: u64,
    /// Alerts handed to Fluent Bit.
    pub alerts_sent: u64,
    /// Alerts dropped by the full queue.
    pub alerts_dropped: u64,
    /// Alerts queued now.
    pub alerts_queued: u64,
    /// Rules enabled.
    pub rules_loaded: u64,
    /// Threads in the state tables.
    pub threads_tracked: u64,
    /// Times the event source failed while running.
    pub source_failures: u64,
    /// Times a failed event source ran again.
    pub source_recoveries: u64,
    /// 1 while the event source is down (failed, not yet recovered), else 0.
    pub source_down: u64,
    /// State updates the side services applied (resolved domain names, container metadata).
    pub service_updates: u64,
    /// Failures of the side services' outside sources (a container runtime not answering).
    pub service_failures: u64,
    /// Containers with metadata.
    pub containers: u64,
    /// Containers removed without a destroy event (unused for 5 minutes, or making room).
    pub container_evictions: u64,
    /// Events held until their container's metadata arrived.
    pub events_held: u64,
    /// New containers whose metadata did not arrive within `metadata_wait`.
    pub metadata_timeouts: u64,
}

#[derive(Serialize)]
struct StatsBody<'a> {
    hostname: &'a str,
    output: String,
    source: &'static str,
    time: String,
    #[serde(flatten)]
    stats: &'a Stats,
}

/// A stats record.
pub fn stats(hostname: &str, now_ns: u64, s: &Stats) -> Result<Vec<u8>, EncodeError> {
    let body = StatsBody {
        hostname,
        output: format!(
            "syssentry stats: {} events seen, {} dropped in the kernel; {} alerts emitted, {} sent, {} dropped; {} source failures",
            s.events_seen, s.events_dropped, s.alerts_emitted, s.alerts_sent, s.alerts_dropped, s.source_failures
        ),
        source: STATS_SOURCE,
        time: rfc3339_nanos(now_ns),
        stats: s,
    };
    encode("stats", now_ns, &body)
}

/// Appends records to a collect buffer (a plain byte concatenation: Fluent Bit reads a stream of
/// events with no outer array).
pub fn append(buf: &mut Vec<u8>, rec: &[u8]) {
    // Writing to a Vec cannot fail.
    let _ = buf.write_all(rec);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_fixext8_event_time() {
        let mut out = Vec::new();
        write_header(1_700_000_000_123_456_789, &mut out);
        assert_eq!(&out[..4], &[0x92, 0x92, 0xd7, 0x00]);
        assert_eq!(
            u32::from_be_bytes(out[4..8].try_into().unwrap()),
            1_700_000_000
        );
        assert_eq!(
            u32::from_be_bytes(out[8..12].try_into().unwrap()),
            123_456_789
        );
        assert_eq!(out[12], 0x80);
    }

    #[test]
    fn stats_body_is_a_flat_map() {
        let rec = stats(
            "h",
            5_000_000_000,
            &Stats {
                events_seen: 7,
                ..Stats::default()
            },
        )
        .unwrap();
        let v = rmpv::decode::read_value(&mut &rec[..]).unwrap();
        let body = v.as_array().unwrap()[1].as_map().unwrap();
        assert_eq!(body.len(), 27);
        let get = |k: &str| {
            body.iter()
                .find(|(kk, _)| kk.as_str() == Some(k))
                .map(|(_, v)| v.clone())
        };
        assert_eq!(get("source").unwrap().as_str(), Some(STATS_SOURCE));
        assert_eq!(get("events_seen").unwrap().as_u64(), Some(7));
    }
}

//! The [`Decoder`]: clock offsets (kernel times → epoch), scratch buffers, and the primitives the
//! record decoders share (event header, strings with truncation marks).
//!
//! Place in the data flow: capture ring → **decoder** (with [`process`](super::process) and
//! [`syscall`](super::syscall) filling the parameters) → engine event.

use std::borrow::Cow;

use syssentry_event::{Event, EventType as T};

use super::raw_record::{Item, Record};
use crate::abi;

/// Appended to a string or argument list that was cut at its bound.
pub const TRUNCATION_MARK: &str = "...";

/// Environment variables an exec event keeps at most (the byte bound is `abi::SSE_ENV_MAX`);
/// `/proc` seeding uses the same bounds by default.
pub const ENV_MAX_VARS: usize = 256;
/// Decodes records into events. Holds scratch buffers so decoding does not allocate once they
/// have grown.
#[derive(Debug)]
pub struct Decoder {
    /// CLOCK_REALTIME minus CLOCK_MONOTONIC (record timestamps).
    pub(super) mono_offset: i128,
    /// CLOCK_REALTIME minus CLOCK_BOOTTIME (kernel start times such as the pid namespace's).
    pub(super) boot_offset: i128,
    pub(super) text: String,
    pub(super) bytes: Vec<u8>,
    /// Exec records are expected to carry the environment ([`Decoder::expect_env`]).
    pub(super) env: bool,
    /// Strings or lists that arrived truncated.
    pub truncated: u64,
    /// Whether capture collects the device and inode of opened files: then an open without a
    /// file item (failed, or the fd could not be read) reports them as 0, otherwise unset.
    pub open_ids: bool,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new()
    }
}

/// An offset between clocks that moved less than this (ns) is kept.
pub const CLOCK_RESYNC_NS: i128 = 1_000;

/// (realtime − monotonic, realtime − boottime) now; the realtime clock is read around the
/// other two and averaged.
fn clock_offsets() -> (i128, i128) {
    let r0 = clock_ns(libc::CLOCK_REALTIME);
    let mono = clock_ns(libc::CLOCK_MONOTONIC);
    let boot = clock_ns(libc::CLOCK_BOOTTIME);
    let r1 = clock_ns(libc::CLOCK_REALTIME);
    let real = r0 + (r1 - r0) / 2;
    (real - mono, real - boot)
}

fn clock_ns(id: libc::clockid_t) -> i128 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; clock_gettime only writes it.
    let r = unsafe { libc::clock_gettime(id, &mut ts) };
    if r != 0 {
        return 0;
    }
    ts.tv_sec as i128 * 1_000_000_000 + ts.tv_nsec as i128
}

impl Decoder {
    /// A decoder converting kernel timestamps (record times: monotonic clock; process start
    /// times: boot clock) to nanoseconds since the epoch with the clocks as they are now.
    pub fn new() -> Decoder {
        let (mono_offset, boot_offset) = clock_offsets();
        Decoder {
            mono_offset,
            boot_offset,
            text: String::new(),
            bytes: Vec::new(),
            env: false,
            truncated: 0,
            open_ids: true,
        }
    }

    /// Says whether capture sends the environment at exec (`CaptureConfig::env`). When it does,
    /// an exec record that lost its environment item to the record bound (flagged truncated)
    /// decodes with `env` = `["..."]` instead of none, so the state does not fall back to the
    /// caller's environment.
    pub fn expect_env(&mut self, on: bool) {
        self.env = on;
    }

    /// Re-reads the clocks: the wall clock may have been stepped (NTP, an administrator) and
    /// the monotonic clock stops during a suspend. An offset moves only when it changed by more
    /// than [`CLOCK_RESYNC_NS`], so the few nanoseconds between two clock reads do not make
    /// timestamps jitter from one batch to the next.
    pub fn resync_clocks(&mut self) {
        let (mono, boot) = clock_offsets();
        if (mono - self.mono_offset).abs() > CLOCK_RESYNC_NS {
            self.mono_offset = mono;
        }
        if (boot - self.boot_offset).abs() > CLOCK_RESYNC_NS {
            self.boot_offset = boot;
        }
    }

    /// A record timestamp (CLOCK_MONOTONIC ns) as ns since the epoch.
    pub(super) fn epoch(&self, mono_ns: u64) -> u64 {
        (mono_ns as i128 + self.mono_offset).clamp(0, u64::MAX as i128) as u64
    }

    /// A kernel boot-clock time as ns since the epoch.
    pub(super) fn epoch_boot(&self, boot_ns: u64) -> u64 {
        (boot_ns as i128 + self.boot_offset).clamp(0, u64::MAX as i128) as u64
    }

    /// Resets `ev` to an event of type `ty` with the record's time, thread, process and result.
    pub(super) fn header(&self, rec: &Record<'_>, ev: &mut Event, ty: T) {
        ev.reset(ty, false);
        ev.ts = self.epoch(rec.ts);
        ev.tid = rec.tid as i64;
        ev.pid = rec.pid as i64;
        ev.res = rec.res;
    }

    /// Stores a string item at `idx`, marking truncation.
    pub(super) fn put_str(&mut self, ev: &mut Event, idx: usize, item: Option<&Item<'_>>) {
        let Some(it) = item else { return };
        if it.flags & abi::SSE_IF_FAULT as u8 != 0 {
            return;
        }
        if it.truncated() {
            self.truncated += 1;
            self.text.clear();
            self.text.push_str(&String::from_utf8_lossy(it.data));
            self.text.push_str(TRUNCATION_MARK);
            ev.set_str(idx, &self.text);
        } else {
            match String::from_utf8_lossy(it.data) {
                Cow::Borrowed(s) => ev.set_str(idx, s),
                Cow::Owned(s) => ev.set_str(idx, &s),
            }
        }
    }

    pub(super) fn str_arg(&mut self, rec: &Record<'_>, ev: &mut Event, idx: usize, arg: u8) {
        let it = rec.item(abi::SSE_I_STR, Some(arg)).copied();
        self.put_str(ev, idx, it.as_ref());
    }
}

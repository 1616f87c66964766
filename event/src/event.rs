//! [`Event`]: one decoded system event (normally a syscall exit) with its typed parameters.
//!
//! Place in the data flow: capture (or a test) fills an `Event`, `state` applies it, the
//! evaluator reads it through `fields`. An `Event` is meant to be reused: [`Event::reset`] keeps
//! the capacity of its parameter vector and arenas, so a decoder refilling one event per record
//! does not allocate in the steady state.

use crate::{
    event_type::EventType,
    param_id::ParamId,
    schema::{schema_of, EventSchema},
    value::{Param, ParamValue, SockAddr, SockTuple, Span},
};

/// One event: header (type, time, thread, number, return value) and parameters laid out by the
/// schema of its type ([`schema_of`]).
///
/// For syscall exit events parameter 0 is the return value (named `res` or `fd` depending on the
/// event); it is held in [`Event::res`] rather than in the parameter vector, so the two can
/// never disagree.
#[derive(Debug)]
pub struct Event {
    ty: EventType,
    enter: bool,
    /// Timestamp in nanoseconds since the epoch.
    pub ts: u64,
    /// Thread id of the thread that produced the event.
    pub tid: i64,
    /// Process id (thread group id) when the producer knows it, else -1; the state tables are
    /// authoritative.
    pub pid: i64,
    /// Event number, starting at 1 (see `State` in the engine, which can number
    /// events itself).
    pub num: u64,
    /// Return value of the syscall (exit events); meaningless for events without one.
    pub res: i64,
    params: Vec<ParamValue>,
    text: String,
    bytes: Vec<u8>,
    /// Directory-fd arguments capture found not to be open directories ([`Event::is_not_dir`]).
    not_dirs: [i64; 2],
}

/// Marks an empty slot of [`Event::mark_not_dir`].
const NO_FD: i64 = i64::MIN;

/// The fields of an [`Event`] outside its buffers ([`crate::PackedEvents`] stores them apart).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fixed {
    ty: EventType,
    enter: bool,
    ts: u64,
    tid: i64,
    pid: i64,
    num: u64,
    res: i64,
    not_dirs: [i64; 2],
}

impl Event {
    /// The fixed fields and the three buffers.
    pub(crate) fn parts(&self) -> (Fixed, &[ParamValue], &str, &[u8]) {
        let fixed = Fixed {
            ty: self.ty,
            enter: self.enter,
            ts: self.ts,
            tid: self.tid,
            pid: self.pid,
            num: self.num,
            res: self.res,
            not_dirs: self.not_dirs,
        };
        (fixed, &self.params, &self.text, &self.bytes)
    }

    /// Becomes the event of these parts, reusing its buffers.
    pub(crate) fn set_parts(&mut self, f: Fixed, params: &[ParamValue], text: &str, bytes: &[u8]) {
        self.ty = f.ty;
        self.enter = f.enter;
        self.ts = f.ts;
        self.tid = f.tid;
        self.pid = f.pid;
        self.num = f.num;
        self.res = f.res;
        self.not_dirs = f.not_dirs;
        self.params.clear();
        self.params.extend_from_slice(params);
        self.text.clear();
        self.text.push_str(text);
        self.bytes.clear();
        self.bytes.extend_from_slice(bytes);
    }
}

impl Clone for Event {
    fn clone(&self) -> Event {
        let mut ev = Event::new(self.ty);
        ev.clone_from(self);
        ev
    }

    /// Copies `source` into this event's buffers (no allocation once they are large enough).
    fn clone_from(&mut self, source: &Event) {
        let (fixed, params, text, bytes) = source.parts();
        self.set_parts(fixed, params, text, bytes);
    }
}

impl Event {
    /// A new exit (or meta) event of the given type with all parameters empty.
    #[inline]
    pub fn new(ty: EventType) -> Event {
        let mut ev = Event {
            ty,
            enter: false,
            ts: 0,
            tid: 0,
            pid: -1,
            num: 0,
            res: 0,
            params: Vec::new(),
            text: String::new(),
            bytes: Vec::new(),
            not_dirs: [NO_FD; 2],
        };
        ev.reset(ty, false);
        ev
    }

    /// A new enter event (only the TOCTOU-mitigation enter events of `open`, `openat`,
    /// `openat2`, `creat` and `connect` have parameters).
    #[inline]
    pub fn new_enter(ty: EventType) -> Event {
        let mut ev = Event::new(ty);
        ev.reset(ty, true);
        ev
    }

    /// Clears the event for reuse as a new event of type `ty`, keeping allocated capacity.
    #[inline]
    pub fn reset(&mut self, ty: EventType, enter: bool) {
        self.ty = ty;
        self.enter = enter;
        self.ts = 0;
        self.tid = 0;
        self.pid = -1;
        self.num = 0;
        self.res = 0;
        self.text.clear();
        self.bytes.clear();
        self.not_dirs = [NO_FD; 2];
        self.params.clear();
        let n = schema_of(ty, enter).params.len();
        self.params.resize(n, ParamValue::Empty);
    }

    /// Clears the event, keeping its type and capacity.
    #[inline]
    pub fn clear(&mut self) {
        let (ty, enter) = (self.ty, self.enter);
        self.reset(ty, enter);
    }

    /// Records that directory-fd argument `fd` of this event is not an open directory (capture
    /// checked): the state then neither resolves a relative path through it nor renders it from
    /// the fd table. At most two per event (the `*at` syscalls have at most two); more are
    /// ignored.
    #[inline]
    pub fn mark_not_dir(&mut self, fd: i64) {
        if let Some(slot) = self.not_dirs.iter_mut().find(|s| **s == NO_FD) {
            *slot = fd;
        }
    }

    /// Whether directory-fd argument `fd` was marked as not an open directory
    /// ([`Event::mark_not_dir`]).
    #[inline]
    pub fn is_not_dir(&self, fd: i64) -> bool {
        fd != NO_FD && self.not_dirs.contains(&fd)
    }

    /// The event type.
    #[inline]
    pub fn event_type(&self) -> EventType {
        self.ty
    }

    /// Whether this is an enter event (`evt.dir = >`).
    #[inline]
    pub fn is_enter(&self) -> bool {
        self.enter
    }

    /// The parameter schema of this event.
    #[inline]
    pub fn schema(&self) -> &'static EventSchema {
        schema_of(self.ty, self.enter)
    }

    /// Whether the event carries a syscall return value (`evt.res` exists).
    #[inline]
    pub fn has_return_value(&self) -> bool {
        !self.enter && self.schema().has_return_value
    }

    /// Number of parameters of this event's schema.
    #[inline]
    pub fn num_params(&self) -> usize {
        self.params.len()
    }

    /// Parameter at position `idx`, borrowed.
    #[inline]
    pub fn param(&self, idx: usize) -> Param<'_> {
        if idx == 0 && self.has_return_value() {
            return Param::Int(self.res);
        }
        match self.params.get(idx).copied().unwrap_or_default() {
            ParamValue::Empty => Param::Empty,
            ParamValue::Int(v) => Param::Int(v),
            ParamValue::Uint(v) => Param::Uint(v),
            ParamValue::Str(s) => Param::Str(self.text_of(s)),
            ParamValue::Bytes(s) => Param::Bytes(self.bytes_of(s)),
            ParamValue::SockAddr(a) => Param::SockAddr(a.map(|s| self.text_of(s))),
            ParamValue::SockTuple(t) => Param::SockTuple(t.map(|s| self.text_of(s))),
        }
    }

    /// Parameter called `name`, borrowed ([`Param::Empty`] when the event has none).
    #[inline]
    pub fn param_by_name(&self, name: &str) -> Param<'_> {
        match self.schema().position_by_name(name) {
            Some(i) => self.param(i),
            None => Param::Empty,
        }
    }

    /// Position of the parameter with this name id.
    #[inline]
    pub fn position(&self, id: ParamId) -> Option<usize> {
        self.schema().position(id)
    }

    /// Parameter by name id.
    #[inline]
    pub fn param_by_id(&self, id: ParamId) -> Option<Param<'_>> {
        self.position(id).map(|i| self.param(i))
    }

    #[inline]
    fn text_of(&self, s: Span) -> &str {
        let start = s.start as usize;
        self.text.get(start..start + s.len as usize).unwrap_or("")
    }

    #[inline]
    fn bytes_of(&self, s: Span) -> &[u8] {
        let start = s.start as usize;
        self.bytes.get(start..start + s.len as usize).unwrap_or(&[])
    }

    #[inline]
    fn push_text(&mut self, v: &str) -> Span {
        let start = self.text.len() as u32;
        self.text.push_str(v);
        Span {
            start,
            len: v.len() as u32,
        }
    }

    #[inline]
    fn push_bytes(&mut self, v: &[u8]) -> Span {
        let start = self.bytes.len() as u32;
        self.bytes.extend_from_slice(v);
        Span {
            start,
            len: v.len() as u32,
        }
    }

    /// Stores a raw value at `idx` (ignored when out of range). Position 0 of a
    /// return-value event sets [`Event::res`].
    #[inline]
    pub fn set(&mut self, idx: usize, v: ParamValue) {
        if idx == 0 && self.has_return_value() {
            if let ParamValue::Int(r) = v {
                self.res = r;
            } else if let ParamValue::Uint(r) = v {
                self.res = r as i64;
            }
            return;
        }
        if let Some(slot) = self.params.get_mut(idx) {
            *slot = v;
        }
    }

    /// Stores a signed number.
    #[inline]
    pub fn set_int(&mut self, idx: usize, v: i64) {
        self.set(idx, ParamValue::Int(v));
    }

    /// Stores an unsigned number.
    #[inline]
    pub fn set_uint(&mut self, idx: usize, v: u64) {
        self.set(idx, ParamValue::Uint(v));
    }

    /// Stores a string (copied into the arena).
    #[inline]
    pub fn set_str(&mut self, idx: usize, v: &str) {
        if idx < self.params.len() {
            let s = self.push_text(v);
            self.set(idx, ParamValue::Str(s));
        }
    }

    /// Stores a byte buffer (copied into the arena).
    #[inline]
    pub fn set_bytes(&mut self, idx: usize, v: &[u8]) {
        if idx < self.params.len() {
            let s = self.push_bytes(v);
            self.set(idx, ParamValue::Bytes(s));
        }
    }

    /// Stores a list of strings as a NUL-separated buffer (the encoding of `args`, `env`,
    /// `cgroups`).
    #[inline]
    pub fn set_str_list(&mut self, idx: usize, items: &[&str]) {
        if idx < self.params.len() {
            let start = self.bytes.len() as u32;
            for it in items {
                self.bytes.extend_from_slice(it.as_bytes());
                self.bytes.push(0);
            }
            let len = self.bytes.len() as u32 - start;
            self.set(idx, ParamValue::Bytes(Span { start, len }));
        }
    }

    /// Stores a socket address.
    #[inline]
    pub fn set_sockaddr(&mut self, idx: usize, a: SockAddr<&str>) {
        if idx < self.params.len() {
            let v = match a {
                SockAddr::Unix(p) => SockAddr::Unix(self.push_text(p)),
                SockAddr::Inet(x, p) => SockAddr::Inet(x, p),
                SockAddr::Inet6(x, p) => SockAddr::Inet6(x, p),
                SockAddr::Other(f) => SockAddr::Other(f),
            };
            self.set(idx, ParamValue::SockAddr(v));
        }
    }

    /// Stores a socket tuple.
    #[inline]
    pub fn set_socktuple(&mut self, idx: usize, t: SockTuple<&str>) {
        if idx < self.params.len() {
            let v = match t {
                SockTuple::Unix { src, dst, path } => SockTuple::Unix {
                    src,
                    dst,
                    path: self.push_text(path),
                },
                SockTuple::Inet {
                    sip,
                    sport,
                    dip,
                    dport,
                } => SockTuple::Inet {
                    sip,
                    sport,
                    dip,
                    dport,
                },
                SockTuple::Inet6 {
                    sip,
                    sport,
                    dip,
                    dport,
                } => SockTuple::Inet6 {
                    sip,
                    sport,
                    dip,
                    dport,
                },
                SockTuple::Other(f) => SockTuple::Other(f),
            };
            self.set(idx, ParamValue::SockTuple(v));
        }
    }

    /// Convenience: the parameter called `name` as a signed integer.
    #[inline]
    pub fn int(&self, name: &str) -> Option<i64> {
        self.param_by_name(name).as_i64()
    }

    /// Convenience: the parameter called `name` as an unsigned integer.
    #[inline]
    pub fn uint(&self, name: &str) -> Option<u64> {
        self.param_by_name(name).as_u64()
    }

    /// Convenience: the parameter called `name` as a string.
    #[inline]
    pub fn str(&self, name: &str) -> Option<&str> {
        self.param_by_name(name).as_str()
    }

    /// Convenience: the parameter called `name` as bytes.
    #[inline]
    pub fn bytes(&self, name: &str) -> Option<&[u8]> {
        self.param_by_name(name).as_bytes()
    }
}

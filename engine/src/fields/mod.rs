//! Fields: the registry of every field name rules can use (`proc.name`, `fd.name`,
//! `evt.arg.flags`, ...), name resolution, and per-event value extraction and formatting.
//!
//! Place in the data flow: rules compile field names once with [`resolve`] into a
//! [`FieldRef`]; per event the evaluator calls [`extract`] (conditions) and the output
//! formatter [`format_value`] / [`json_value`] (alerts) with an [`EvalCtx`] holding the event
//! and the state as updated by it. Nothing here looks a field up by string per event or
//! allocates per event: text is rendered into the caller's [`Scratch`] buffers.

mod extract;
mod format;
mod needs;
pub mod registry;
mod render;
mod resolve;

use std::net::IpAddr;

pub use extract::{extract, list_present};
pub use format::{format_value, json_value};
pub(crate) use needs::flags_needle_ignores_facts;
pub use needs::open_facts_of;
pub use registry::{
    ARG_ALLOWED, ARG_INDEX, ARG_KEY, ARG_REQUIRED, DEPRECATED, FILTER_ONLY, IS_LIST, NO_RHS,
    NO_TRANSFORMER, READS_ENV, REGISTRY,
};
pub use resolve::{resolve, resolve_full};

use crate::{
    event::{Event, ParamId},
    state::{ContainerInfo, Fd, State, Thread},
};

/// Identifies a field of the registry (index into [`registry()`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldId(pub u16);

impl FieldId {
    /// The field's static description.
    pub fn info(self) -> &'static FieldInfo {
        &REGISTRY[self.0 as usize]
    }

    /// The field's name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub(crate) fn f(self) -> registry::F {
        registry::ALL[self.0 as usize]
    }
}

/// Value type of a field (libsinsp `PT_*` families that matter for comparisons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    /// String (`CHARBUF`).
    Str,
    /// Filesystem path (`FSPATH`), compared as a string.
    Path,
    /// Byte buffer (`BYTEBUF`).
    Bytes,
    /// Boolean.
    Bool,
    /// Unsigned 64-bit integer.
    U64,
    /// Signed 64-bit integer.
    I64,
    /// Unsigned 32-bit integer.
    U32,
    /// Signed 32-bit integer.
    I32,
    /// Unsigned 16-bit integer.
    U16,
    /// Process or thread id.
    Pid,
    /// File descriptor number.
    Fd,
    /// Errno-style return value.
    Errno,
    /// TCP/UDP port (RHS may be a service name).
    Port,
    /// IP address.
    IpAddr,
    /// IP network: the field yields addresses, the RHS is a network (`10.0.0.0/8`).
    IpNet,
    /// Absolute time, ns since the epoch.
    AbsTime,
    /// Relative time, ns.
    RelTime,
    /// Type decided by the event parameter (`evt.rawarg.*`); [`FieldRef::ty`] has the concrete
    /// type.
    Dyn,
}

impl FieldType {
    /// Whether values are numbers.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            FieldType::U64
                | FieldType::I64
                | FieldType::U32
                | FieldType::I32
                | FieldType::U16
                | FieldType::Pid
                | FieldType::Fd
                | FieldType::Errno
                | FieldType::Port
                | FieldType::AbsTime
                | FieldType::RelTime
        )
    }

    /// The type's name as Falco's field listings spell it (`CHARBUF`, `UINT64`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Str => "CHARBUF",
            FieldType::Path => "FSPATH",
            FieldType::Bytes => "BYTEBUF",
            FieldType::Bool => "BOOL",
            FieldType::U64 => "UINT64",
            FieldType::I64 => "INT64",
            FieldType::U32 => "UINT32",
            FieldType::I32 => "INT32",
            FieldType::U16 => "UINT16",
            FieldType::Pid => "PID",
            FieldType::Fd => "FD",
            FieldType::Errno => "ERRNO",
            FieldType::Port => "PORT",
            FieldType::IpAddr => "IPADDR",
            FieldType::IpNet => "IPNET",
            FieldType::AbsTime => "ABSTIME",
            FieldType::RelTime => "RELTIME",
            FieldType::Dyn => "DYNAMIC",
        }
    }

    /// Whether values are strings.
    pub fn is_string(self) -> bool {
        matches!(self, FieldType::Str | FieldType::Path)
    }
}

/// How a value prints in outputs (libsinsp `PF_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrintFormat {
    /// Not applicable (strings, bools, addresses).
    Na,
    /// Decimal.
    Dec,
    /// Upper-case hexadecimal without prefix (`%X`).
    Hex,
    /// Octal without prefix (`%o`).
    Oct,
    /// An id, printed in decimal.
    Id,
    /// Zero-padded decimal.
    PaddedDec,
    /// Event direction.
    Dir,
}

/// How many values a field yields and how comparisons combine them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Multi {
    /// One value (or none).
    Single,
    /// Without an index, one value per ancestor (parent first, the process itself excluded):
    /// a comparison holds if it holds for *any* ancestor (`proc.aname = sshd`, and also
    /// `proc.aname != sshd` ⇔ some ancestor is not sshd). With an index, a single value.
    AncestorsAny,
    /// Two values, client and server endpoint: `=`/`in` hold if either matches, `!=` only if
    /// both differ (`fd.ip`, `fd.net`, `fd.port`).
    EitherEndpoint,
    /// A list (`IS_LIST`): `in` = all values in the set, `intersects` = any.
    List,
}

/// Static description of a field.
#[derive(Debug, Clone, Copy)]
pub struct FieldInfo {
    /// Field name (`proc.name`).
    pub name: &'static str,
    /// Value type.
    pub ty: FieldType,
    /// Flag bits ([`ARG_REQUIRED`], [`NO_RHS`], ...).
    pub flags: u16,
    /// Multi-value semantics.
    pub multi: Multi,
    /// Print format.
    pub print: PrintFormat,
    /// One-line description.
    pub doc: &'static str,
}

impl FieldInfo {
    /// Whether a flag bit is set.
    pub fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    /// What argument the field takes, in words: `"required"`, `"optional"` or `"none"`.
    pub fn arg_usage(&self) -> &'static str {
        if self.has(ARG_REQUIRED) {
            "required"
        } else if self.has(ARG_ALLOWED) {
            "optional"
        } else {
            "none"
        }
    }
}

/// Every field the engine knows, in registry order.
pub fn registry() -> &'static [FieldInfo] {
    REGISTRY
}

/// The argument a field was given.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldArg {
    /// No argument.
    None,
    /// A numeric index (`proc.aname[2]`, `evt.arg[0]`, `proc.args[1]`).
    Index(u32),
    /// A key (`proc.env[HOME]`, `container.label[app]`, `container.mount.dest[/proc*]`).
    Key(Box<str>),
    /// An event parameter name (`evt.arg.flags`, `evt.rawarg.res`).
    Param(ParamId),
}

/// A resolved field: what the evaluator stores per check.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldRef {
    /// The field.
    pub id: FieldId,
    /// Its argument.
    pub arg: FieldArg,
    /// Concrete value type (differs from the registry only for `evt.rawarg.*`).
    pub ty: FieldType,
    /// Concrete print format (differs from the registry only for `evt.rawarg.*`).
    pub print: PrintFormat,
    /// Multi-value semantics for this use (ancestor fields with an index are single).
    pub multi: Multi,
}

impl FieldRef {
    /// The field's static description.
    pub fn info(&self) -> &'static FieldInfo {
        self.id.info()
    }

    /// The canonical text of the field as written in rules (`proc.aname[2]`, `evt.arg.flags`).
    pub fn display_name(&self) -> String {
        let name = self.info().name;
        match &self.arg {
            FieldArg::None => name.to_owned(),
            FieldArg::Index(i) => format!("{name}[{i}]"),
            FieldArg::Key(k) => format!("{name}[{k}]"),
            FieldArg::Param(p) => format!("{name}.{}", p.name()),
        }
    }
}

/// Why a field name does not resolve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FieldError {
    /// No field has this name.
    #[error("filter_check called with nonexistent field {name}")]
    Unknown {
        /// The name as written.
        name: String,
    },
    /// `evt.arg.X` / `evt.rawarg.X` with an X no event has.
    #[error("unknown event argument {arg}")]
    UnknownEventArg {
        /// The argument name.
        arg: String,
    },
    /// The field needs an argument.
    #[error("field {name} requires an argument")]
    ArgRequired {
        /// Field name.
        name: String,
    },
    /// The field takes no argument.
    #[error("field {name} does not accept an argument")]
    ArgNotAllowed {
        /// Field name.
        name: String,
    },
    /// The argument must be a number.
    #[error("invalid argument '{arg}' for field {name}: expected a non-negative index")]
    BadIndex {
        /// Field name.
        name: String,
        /// The argument.
        arg: String,
    },
    /// `evt.rawarg[N]` (raw arguments must be named).
    #[error("evt.rawarg fields must be expressed explicitly")]
    RawArgIndex,
}

/// A field value for one event, borrowed from the event, the state or the scratch buffers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// A string.
    Str(&'a str),
    /// Bytes.
    Bytes(&'a [u8]),
    /// An unsigned number (also times and ports).
    U64(u64),
    /// A signed number (also pids, fds, errnos).
    I64(i64),
    /// A boolean.
    Bool(bool),
    /// An IP address (also for `IpNet` fields: the address to test against the network).
    Ip(IpAddr),
}

/// What extraction reads: the event, the state after applying it, and host settings.
///
/// Built once per event with [`EvalCtx::new`], which also resolves what nearly every field needs
/// (the event's thread, the fd it uses, the thread's container entry), so extraction never
/// repeats those table lookups per field.
#[derive(Debug, Clone, Copy)]
pub struct EvalCtx<'a> {
    pub(crate) event: &'a Event,
    pub(crate) state: &'a State,
    /// Host name (`evt.hostname`).
    pub hostname: &'a str,
    /// Local time zone offset from UTC in seconds, for `evt.time`/`evt.datetime`.
    pub utc_offset_secs: i32,
    thread: Option<&'a Thread>,
    fd: Option<&'a Fd>,
    container: Option<&'a ContainerInfo>,
}

impl<'a> EvalCtx<'a> {
    /// A context for `event` over `state` (already updated with the event), with an empty host
    /// name and UTC as local time.
    pub fn new(event: &'a Event, state: &'a State) -> Self {
        let thread = state.thread(event.tid);
        EvalCtx {
            event,
            state,
            hostname: "",
            utc_offset_secs: 0,
            thread,
            fd: thread.and_then(|t| state.current_fd_info_of(t)),
            container: thread.and_then(|t| state.container_info(&t.container_id)),
        }
    }

    /// The current event.
    pub fn event(&self) -> &'a Event {
        self.event
    }

    /// The state, already updated with the event.
    pub fn state(&self) -> &'a State {
        self.state
    }

    /// The thread of the event, if the state knows it.
    pub fn thread(&self) -> Option<&'a Thread> {
        self.thread
    }

    /// The fd the event used or created (or just closed), if the process has it.
    pub fn fd(&self) -> Option<&'a Fd> {
        self.fd
    }

    /// The container metadata of the event's thread (the built-in `host` entry on the host),
    /// if known.
    pub fn container(&self) -> Option<&'a ContainerInfo> {
        self.container
    }
}

/// Reusable buffers for rendering values; one per evaluating thread.
#[derive(Debug, Default, Clone)]
pub struct Scratch {
    pub(crate) a: String,
    pub(crate) b: String,
    pub(crate) c: String,
}

impl Scratch {
    /// Empty buffers.
    pub fn new() -> Self {
        Scratch::default()
    }
}

//! Parameter schemas: which parameters each event type carries, with their Falco names, types,
//! print formats and flag tables.
//!
//! Place in the data flow: capture fills an [`Event`](super::Event) following the schema of its
//! type; `fields` reads parameters back by position or by [`ParamId`] and renders them the way
//! libsinsp does. The tables themselves are generated data (`tables.rs`).

use super::{flags::FlagTable, tables, EventType};

/// The type of an event parameter (libsinsp `PT_*`), which decides storage and rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum ParamType {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    /// A printable string.
    CharBuf,
    /// A raw byte buffer.
    ByteBuf,
    /// A return value that is an errno when negative.
    Errno,
    /// A socket address.
    SockAddr,
    /// A (source, destination) socket tuple.
    SockTuple,
    /// A file descriptor, rendered with its type and name when known.
    Fd,
    /// A process or thread id, resolved to the thread's command name when known.
    Pid,
    FdList,
    /// A path, absolute or relative to the working directory.
    FsPath,
    SyscallId,
    SigType,
    RelTime,
    AbsTime,
    Port,
    L4Proto,
    SockFamily,
    Bool,
    Ipv4Addr,
    /// A parameter whose type depends on another one (ptrace `addr`/`data`); stored as u64.
    Dyn,
    Flags8,
    Flags16,
    Flags32,
    /// A user id, resolved to the user name.
    Uid,
    /// A group id, resolved to the group name.
    Gid,
    Double,
    SigSet,
    CharBufArray,
    CharBufPairArray,
    Ipv4Net,
    Ipv6Addr,
    Ipv6Net,
    IpAddr,
    IpNet,
    /// File mode bits, resolved with a mode table.
    Mode,
    /// A path relative to the directory fd found in parameter `dirfd`.
    FsRelPath,
    EnumFlags8,
    EnumFlags16,
    EnumFlags32,
}

impl ParamType {
    /// Whether values of this type are stored as strings in the event arena.
    pub fn is_string(self) -> bool {
        matches!(
            self,
            ParamType::CharBuf | ParamType::FsPath | ParamType::FsRelPath
        )
    }

    /// Whether values of this type are stored as raw bytes in the event arena.
    pub fn is_bytes(self) -> bool {
        matches!(
            self,
            ParamType::ByteBuf | ParamType::CharBufArray | ParamType::CharBufPairArray
        )
    }

    /// Whether the type is a flags bitmask or an enumeration rendered through a table.
    pub fn is_flags(self) -> bool {
        matches!(
            self,
            ParamType::Flags8
                | ParamType::Flags16
                | ParamType::Flags32
                | ParamType::EnumFlags8
                | ParamType::EnumFlags16
                | ParamType::EnumFlags32
        )
    }

    /// Whether the type is an enumeration (exact match against the table).
    pub fn is_enum(self) -> bool {
        matches!(
            self,
            ParamType::EnumFlags8 | ParamType::EnumFlags16 | ParamType::EnumFlags32
        )
    }

    /// Whether the raw value is signed.
    pub fn is_signed(self) -> bool {
        matches!(
            self,
            ParamType::I8
                | ParamType::I16
                | ParamType::I32
                | ParamType::I64
                | ParamType::Errno
                | ParamType::Fd
                | ParamType::Pid
        )
    }
}

/// How a numeric parameter prints (libsinsp `PF_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamFormat {
    /// Not applicable (strings, buffers).
    Na,
    /// Decimal.
    Dec,
    /// Upper-case hexadecimal without prefix.
    Hex,
    /// Octal with a leading `0`.
    Oct,
    /// Zero-padded decimal (9 digits).
    PaddedDec,
    /// An identifier, printed in decimal.
    Id,
    /// An event direction.
    Dir,
}

/// Identifies a parameter *name* across all events (`evt.arg.NAME` resolves to one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParamId(pub u16);

impl ParamId {
    /// Looks a parameter name up among the parameter names of every event.
    pub fn from_name(name: &str) -> Option<ParamId> {
        tables::PARAM_NAMES
            .binary_search(&name)
            .ok()
            .map(|i| ParamId(i as u16))
    }

    /// The parameter name.
    pub fn name(self) -> &'static str {
        tables::PARAM_NAMES
            .get(self.0 as usize)
            .copied()
            .unwrap_or("")
    }

    /// The longest parameter name that is a prefix of `text` (libsinsp's lookup for
    /// `evt.arg.NAME`).
    pub fn longest_prefix_of(text: &str) -> Option<ParamId> {
        let mut best: Option<(usize, ParamId)> = None;
        for (i, n) in tables::PARAM_NAMES.iter().enumerate() {
            if text.starts_with(n) && best.is_none_or(|(len, _)| n.len() > len) {
                best = Some((n.len(), ParamId(i as u16)));
            }
        }
        best.map(|(_, id)| id)
    }
}

/// One parameter of an event schema.
#[derive(Debug, Clone, Copy)]
pub struct ParamSpec {
    /// Falco's parameter name (`fd`, `name`, `flags`...).
    pub name: &'static str,
    /// The same name as an id.
    pub id: ParamId,
    /// Storage and rendering type.
    pub ty: ParamType,
    /// Print format of the raw value.
    pub fmt: ParamFormat,
    /// Flag or mode table used to resolve the value, if any.
    pub table: Option<FlagTable>,
    /// For [`ParamType::FsRelPath`]: position of the directory-fd parameter.
    pub dirfd: u8,
}

/// [`EventSchema::fd_role`] bit: the event creates a file descriptor.
pub const FD_CREATES: u8 = 1;
/// [`EventSchema::fd_role`] bit: the event uses a file descriptor.
pub const FD_USES: u8 = 2;
/// [`EventSchema::fd_role`] bit: the event destroys a file descriptor.
pub const FD_DESTROYS: u8 = 4;

/// The parameters of one event type, in order.
#[derive(Debug)]
pub struct EventSchema {
    /// Whether parameter 0 is the syscall return value (syscall exit events).
    pub has_return_value: bool,
    /// How the event relates to file descriptors ([`FD_CREATES`], [`FD_USES`],
    /// [`FD_DESTROYS`]); `fd.*` fields exist only for events with a non-zero role.
    pub fd_role: u8,
    /// Position of the fd parameter of an fd-using exit event, 255 when none.
    pub fd_param: u8,
    /// Parameters in event order.
    pub params: &'static [ParamSpec],
}

impl EventSchema {
    /// Position of the parameter named by `id`, if this event has one.
    pub fn position(&self, id: ParamId) -> Option<usize> {
        self.params.iter().position(|p| p.id == id)
    }

    /// Position of the parameter called `name`, if this event has one.
    pub fn position_by_name(&self, name: &str) -> Option<usize> {
        self.params.iter().position(|p| p.name == name)
    }
}

static EMPTY_SCHEMA: EventSchema = EventSchema {
    has_return_value: false,
    fd_role: 0,
    fd_param: 255,
    params: &[],
};

/// The schema of an event type in the given direction. Event types without a dedicated schema
/// (syscalls Falco only reports as generic events) have no parameters.
pub fn schema_of(ty: EventType, enter: bool) -> &'static EventSchema {
    if enter {
        return tables::enter_schema(ty).unwrap_or(&EMPTY_SCHEMA);
    }
    tables::EXIT_SCHEMAS
        .get(ty.0 as usize)
        .copied()
        .flatten()
        .unwrap_or(&EMPTY_SCHEMA)
}

/// Whether the event type has a dedicated schema (as opposed to a generic syscall event).
pub fn has_schema(ty: EventType) -> bool {
    tables::EXIT_SCHEMAS
        .get(ty.0 as usize)
        .copied()
        .flatten()
        .is_some()
}

impl ParamId {
    /// Type and print format of the first parameter with this name in Falco's event table
    /// (the type `evt.rawarg.NAME` compiles to).
    pub fn first_type(self) -> Option<(ParamType, ParamFormat)> {
        tables::PARAM_FIRST.get(self.0 as usize).copied()
    }
}

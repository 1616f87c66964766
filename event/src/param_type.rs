//! How a parameter is stored and printed: [`ParamType`] (libsinsp `PT_*`) and [`ParamFormat`]
//! (libsinsp `PF_*`).
//!
//! Place in the data flow: capture stores each parameter of an event as its type says; `fields`
//! renders it by type and format. Schemas (`schema`) give each parameter of each event a type and
//! format.

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

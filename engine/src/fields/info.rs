//! What a field is, statically: its value type ([`FieldType`]), print format ([`PrintFormat`]),
//! multi-value semantics ([`Multi`]) and the [`FieldInfo`] the registry holds for every field.
//!
//! Place in the data flow: the [`registry`](mod@super::registry) describes every field with these →
//! resolution, type checks (compile time) and value formatting (per event) read them.

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
    /// Type decided by the event parameter (`evt.rawarg.*`); [`FieldRef::ty`](super::FieldRef::ty) has the concrete
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
    /// Flag bits ([`ARG_REQUIRED`](super::ARG_REQUIRED), [`NO_RHS`](super::NO_RHS), ...).
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
}

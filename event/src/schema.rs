//! Parameter schemas: which parameters each event type carries, with their Falco names, types,
//! print formats and flag tables, and how the event relates to file descriptors.
//!
//! Place in the data flow: capture fills an [`Event`](crate::Event) following the schema of its
//! type; `fields` reads parameters back by position or by [`ParamId`] and renders them the way
//! libsinsp does. The schemas are derived by the build script from `tables/events.txt`; lookups
//! by event type are array indexing.

use crate::{
    event_type::EventType,
    flags::FlagTable,
    param_id::ParamId,
    param_type::{ParamFormat, ParamType},
};

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

/// [`EventSchema::fd_param`] of an event without an fd parameter.
pub const NO_FD_PARAM: u8 = 255;

/// The parameters of one event type, in order.
#[derive(Debug)]
pub struct EventSchema {
    /// Whether parameter 0 is the syscall return value (syscall exit events).
    pub has_return_value: bool,
    /// How the event relates to file descriptors ([`FD_CREATES`], [`FD_USES`],
    /// [`FD_DESTROYS`]); `fd.*` fields exist only for events with a non-zero role.
    pub fd_role: u8,
    /// Position of the fd parameter of an fd-using exit event, [`NO_FD_PARAM`] when none.
    pub fd_param: u8,
    /// Parameters in event order.
    pub params: &'static [ParamSpec],
}

impl EventSchema {
    /// Position of the parameter named by `id`, if this event has one.
    #[inline]
    pub fn position(&self, id: ParamId) -> Option<usize> {
        self.params.iter().position(|p| p.id == id)
    }

    /// Position of the parameter called `name`, if this event has one.
    #[inline]
    pub fn position_by_name(&self, name: &str) -> Option<usize> {
        self.params.iter().position(|p| p.name == name)
    }
}

// The derived schemas: `S_*` (exit or meta events), `E_*` (enter events), `EXIT_SCHEMAS` (by
// event type index) and `enter_schema`.
mod derived {
    // The table need not use every fd role.
    #[allow(unused_imports)]
    use crate::{
        event_type::EventType,
        flags,
        param_id::ParamId,
        param_type::{ParamFormat as F, ParamType as T},
        schema::{EventSchema, ParamSpec as P, FD_CREATES, FD_DESTROYS, FD_USES, NO_FD_PARAM},
    };
    include!(concat!(env!("OUT_DIR"), "/schemas.rs"));
}

const _: () = assert!(derived::EXIT_SCHEMAS.len() == EventType::COUNT);

static EMPTY_SCHEMA: EventSchema = EventSchema {
    has_return_value: false,
    fd_role: 0,
    fd_param: NO_FD_PARAM,
    params: &[],
};

/// The schema of an event type in the given direction. Event types without a dedicated schema
/// (syscalls Falco only reports as generic events) have no parameters.
#[inline]
pub fn schema_of(ty: EventType, enter: bool) -> &'static EventSchema {
    if enter {
        return derived::enter_schema(ty).unwrap_or(&EMPTY_SCHEMA);
    }
    derived::EXIT_SCHEMAS[ty.index()].unwrap_or(&EMPTY_SCHEMA)
}

/// Whether the event type has a dedicated schema (as opposed to a generic syscall event).
#[inline]
pub fn has_schema(ty: EventType) -> bool {
    derived::EXIT_SCHEMAS[ty.index()].is_some()
}

impl EventType {
    /// Whether the engine knows this event's parameters (otherwise it is a generic syscall
    /// event without parameters).
    #[inline]
    pub fn has_schema(self) -> bool {
        has_schema(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_event_types_have_schemas() {
        let rule_types = "connect dup dup2 dup3 execve execveat finit_module init_module link \
            linkat open openat openat2 ptrace sendmsg sendto socket symlink symlinkat accept \
            accept4 bpf chmod creat fchmod fchmodat listen rename renameat renameat2 rmdir setns \
            setuid unlink unlinkat unshare mkdir mkdirat recvfrom recvmsg userfaultfd";
        let mut n = 0;
        for name in rule_types.split_whitespace() {
            let t = EventType::from_name(name).unwrap();
            assert!(t.has_schema(), "{name} has no schema");
            n += 1;
        }
        assert_eq!(n, 41);
    }

    #[test]
    fn openat_schema_matches_falco() {
        let s = schema_of(EventType::OPENAT, false);
        let names: Vec<_> = s.params.iter().map(|p| p.name).collect();
        assert_eq!(
            names,
            ["fd", "dirfd", "name", "flags", "mode", "dev", "ino"]
        );
        assert!(s.has_return_value);
        assert_eq!(s.params[2].ty, ParamType::FsRelPath);
        assert_eq!(s.params[2].dirfd, 1);
        let p = schema_of(EventType::PROCEXIT, false);
        assert!(!p.has_return_value);
    }
}

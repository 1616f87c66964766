//! The x86_64 syscalls capture knows: number ↔ engine event type, and what the BPF program
//! must collect for each (the `specs` map entries).
//!
//! Place in the data flow: `loader` turns a wanted [`EventTypeSet`] into `specs` entries with
//! [`spec_for`]; `decode` maps a record's syscall number back to an [`EventType`].

use syssentry_event::{EventType, EventTypeSet};

use crate::abi::{
    sse_spec, SSE_SP_CLONE, SSE_SP_EXEC, SSE_SP_FILE_RES, SSE_SP_NONE, SSE_SP_TUPLE_RES,
};

/// What to collect for one syscall, in the terms of [`sse_spec`] (argument indices 0-based).
#[derive(Debug, Clone, Copy)]
pub struct Collect {
    /// Arguments that are user C strings.
    pub strs: &'static [u8],
    /// (sockaddr pointer argument, length argument).
    pub sockaddr: Option<(u8, u8)>,
    /// (argument pointing to user memory, bytes to copy).
    pub mem: Option<(u8, u8)>,
    /// Argument holding a socket fd whose tuple is collected.
    pub tuple: Option<u8>,
    /// `SSE_SP_*`.
    pub special: u32,
    /// Argument holding argv (failed exec).
    pub argv: Option<u8>,
}

const fn c() -> Collect {
    Collect {
        strs: &[],
        sockaddr: None,
        mem: None,
        tuple: None,
        special: SSE_SP_NONE,
        argv: None,
    }
}

const fn s(strs: &'static [u8]) -> Collect {
    Collect { strs, ..c() }
}

const fn sp(special: u32) -> Collect {
    Collect { special, ..c() }
}

/// (x86_64 number, syscall name, what to collect) for every syscall capture decodes with
/// parameters.
pub static SYSCALLS: &[(u16, &str, Collect)] = &[
    (
        2,
        "open",
        Collect {
            special: SSE_SP_FILE_RES,
            ..s(&[0])
        },
    ),
    (3, "close", c()),
    (
        22,
        "pipe",
        Collect {
            mem: Some((0, 8)),
            ..c()
        },
    ),
    (32, "dup", c()),
    (33, "dup2", c()),
    (41, "socket", c()),
    (
        42,
        "connect",
        Collect {
            sockaddr: Some((1, 2)),
            tuple: Some(0),
            ..c()
        },
    ),
    (43, "accept", sp(SSE_SP_TUPLE_RES)),
    (
        44,
        "sendto",
        Collect {
            sockaddr: Some((4, 5)),
            tuple: Some(0),
            ..c()
        },
    ),
    (
        45,
        "recvfrom",
        Collect {
            tuple: Some(0),
            ..c()
        },
    ),
    (
        46,
        "sendmsg",
        Collect {
            tuple: Some(0),
            ..c()
        },
    ),
    (
        47,
        "recvmsg",
        Collect {
            tuple: Some(0),
            ..c()
        },
    ),
    (
        49,
        "bind",
        Collect {
            sockaddr: Some((1, 2)),
            ..c()
        },
    ),
    (50, "listen", c()),
    (56, "clone", sp(SSE_SP_CLONE)),
    (57, "fork", sp(SSE_SP_CLONE)),
    (58, "vfork", sp(SSE_SP_CLONE)),
    (
        59,
        "execve",
        Collect {
            special: SSE_SP_EXEC,
            argv: Some(1),
            ..s(&[0])
        },
    ),
    (72, "fcntl", c()),
    (80, "chdir", s(&[0])),
    (81, "fchdir", c()),
    (82, "rename", s(&[0, 1])),
    (83, "mkdir", s(&[0])),
    (84, "rmdir", s(&[0])),
    (
        85,
        "creat",
        Collect {
            special: SSE_SP_FILE_RES,
            ..s(&[0])
        },
    ),
    (86, "link", s(&[0, 1])),
    (87, "unlink", s(&[0])),
    (88, "symlink", s(&[0, 1])),
    (90, "chmod", s(&[0])),
    (91, "fchmod", c()),
    (101, "ptrace", c()),
    (105, "setuid", c()),
    (106, "setgid", c()),
    (113, "setreuid", c()),
    (114, "setregid", c()),
    (117, "setresuid", c()),
    (119, "setresgid", c()),
    (
        126,
        "capset",
        Collect {
            mem: Some((1, 24)),
            ..c()
        },
    ),
    (157, "prctl", c()),
    (165, "mount", s(&[0, 1, 2])),
    (166, "umount2", s(&[0])),
    (175, "init_module", s(&[2])),
    (
        257,
        "openat",
        Collect {
            special: SSE_SP_FILE_RES,
            ..s(&[1])
        },
    ),
    (258, "mkdirat", s(&[1])),
    (263, "unlinkat", s(&[1])),
    (264, "renameat", s(&[1, 3])),
    (265, "linkat", s(&[1, 3])),
    (266, "symlinkat", s(&[0, 2])),
    (268, "fchmodat", s(&[1])),
    (272, "unshare", c()),
    (288, "accept4", sp(SSE_SP_TUPLE_RES)),
    (292, "dup3", c()),
    (
        293,
        "pipe2",
        Collect {
            mem: Some((0, 8)),
            ..c()
        },
    ),
    (308, "setns", c()),
    (313, "finit_module", s(&[1])),
    (316, "renameat2", s(&[1, 3])),
    (319, "memfd_create", s(&[0])),
    (321, "bpf", c()),
    (
        322,
        "execveat",
        Collect {
            special: SSE_SP_EXEC,
            argv: Some(2),
            ..s(&[1])
        },
    ),
    (323, "userfaultfd", c()),
    (
        435,
        "clone3",
        Collect {
            special: SSE_SP_CLONE,
            mem: Some((0, 8)),
            ..c()
        },
    ),
    (436, "close_range", c()),
    (
        437,
        "openat2",
        Collect {
            special: SSE_SP_FILE_RES,
            mem: Some((2, 24)),
            ..s(&[1])
        },
    ),
];

/// The event type of an x86_64 syscall number, when capture decodes it.
pub fn event_type_of(nr: u16) -> Option<EventType> {
    SYSCALLS
        .iter()
        .find(|(n, _, _)| *n == nr)
        .and_then(|(_, name, _)| EventType::from_name(name))
}

/// The x86_64 syscall numbers that produce events of type `ty` (execve also covers successful
/// execveat, which the kernel side reports as execve).
pub fn numbers_of(ty: EventType) -> impl Iterator<Item = u16> {
    SYSCALLS
        .iter()
        .filter(move |(_, name, _)| *name == ty.name())
        .map(|(n, _, _)| *n)
}

/// The `specs` map entry for syscall `nr` when it is wanted.
pub fn spec_for(nr: u16) -> Option<sse_spec> {
    let (_, _, col) = SYSCALLS.iter().find(|(n, _, _)| *n == nr)?;
    let mut spec = sse_spec {
        want: 1,
        special: col.special as u8,
        ..Default::default()
    };
    for a in col.strs {
        spec.str_mask |= 1 << a;
    }
    if let Some((a, l)) = col.sockaddr {
        spec.sa_arg = a + 1;
        spec.sa_len_arg = l + 1;
    }
    if let Some((a, n)) = col.mem {
        spec.mem_arg = a + 1;
        spec.mem_len = n;
    }
    if let Some(a) = col.tuple {
        spec.tuple_arg = a + 1;
    }
    if let Some(a) = col.argv {
        spec.argv_arg = a + 1;
    }
    Some(spec)
}

/// Event types capture can deliver (everything in [`SYSCALLS`] plus `procexit`).
pub fn supported_event_types() -> EventTypeSet {
    let mut set = EventTypeSet::empty();
    for (_, name, _) in SYSCALLS {
        if let Some(t) = EventType::from_name(name) {
            set.insert(t);
        }
    }
    set.insert(EventType::PROCEXIT);
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_an_engine_event_type_with_a_schema() {
        for (nr, name, _) in SYSCALLS {
            let t = EventType::from_name(name).unwrap_or_else(|| panic!("{name} unknown"));
            assert!(t.has_schema(), "{name} has no schema");
            assert_eq!(event_type_of(*nr), Some(t));
        }
        assert_eq!(event_type_of(39), None); // getpid: not decoded
    }

    #[test]
    fn numbers_are_unique_and_in_range() {
        let mut seen = std::collections::HashSet::new();
        for (nr, _, _) in SYSCALLS {
            assert!((*nr as u32) < crate::abi::SSE_NR_PROCEXIT);
            assert!(seen.insert(*nr), "duplicate {nr}");
        }
    }

    #[test]
    fn rule_types_are_covered() {
        let sup = supported_event_types();
        let rule_types = "connect dup dup2 dup3 execve execveat finit_module init_module link \
            linkat open openat openat2 ptrace sendmsg sendto socket symlink symlinkat accept \
            accept4 bpf chmod creat fchmod fchmodat listen rename renameat renameat2 rmdir setns \
            setuid unlink unlinkat unshare mkdir mkdirat recvfrom recvmsg userfaultfd";
        for n in rule_types.split_whitespace() {
            assert!(
                sup.contains(EventType::from_name(n).unwrap()),
                "{n} not capturable"
            );
        }
    }

    #[test]
    fn spec_encoding() {
        let s = spec_for(42).unwrap(); // connect
        assert_eq!((s.want, s.sa_arg, s.sa_len_arg, s.tuple_arg), (1, 2, 3, 1));
        let s = spec_for(264).unwrap(); // renameat
        assert_eq!(s.str_mask, 0b1010);
        assert_eq!(spec_for(39).map(|s| s.want), None);
    }
}

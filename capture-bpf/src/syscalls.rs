//! The x86_64 syscalls capture knows: number ↔ engine event type, and what the BPF program
//! must collect for each (the `specs` map entries).
//!
//! Place in the data flow: `loader` turns a wanted [`EventTypeSet`] into `specs` entries with
//! [`spec_for`]; `decode` maps a record's syscall number back to an [`EventType`]. The table is
//! derived by the build script from `tables/syscalls.txt`, with an index by number so
//! [`event_type_of`] is one array lookup per record.

use syssentry_event::{EventType, EventTypeSet};

use crate::abi::{self, sse_spec};

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
    /// Arguments that are directory fds.
    pub dirfds: &'static [u8],
    /// What a sent record adds to the state's fd table (`SSE_FN_*`, 0 = nothing).
    pub fd_new: u8,
}

/// One syscall capture decodes with parameters.
#[derive(Debug, Clone, Copy)]
pub struct Syscall {
    /// Its x86_64 number.
    pub nr: u16,
    /// The syscall (and event type) name.
    pub name: &'static str,
    /// The event type its records decode into.
    pub ty: EventType,
    /// What the BPF program collects for it.
    pub collect: Collect,
}

/// [`BY_NR`] entry of a syscall capture does not decode.
const NOT_DECODED: u8 = u8::MAX;

include!(concat!(env!("OUT_DIR"), "/syscall_table.rs"));

// Syscall numbers share the `specs` map with the pseudo-number of process exits.
const _: () = assert!((MAX_NR as u32) < abi::SSE_NR_PROCEXIT);
const _: () = assert!(SYSCALLS.len() < NOT_DECODED as usize);

/// The table entry of syscall `nr`.
fn syscall(nr: u16) -> Option<&'static Syscall> {
    let i = *BY_NR.get(usize::from(nr))?;
    SYSCALLS.get(usize::from(i))
}

/// The event type of an x86_64 syscall number, when capture decodes it.
pub fn event_type_of(nr: u16) -> Option<EventType> {
    syscall(nr).map(|s| s.ty)
}

/// The x86_64 syscall numbers that produce events of type `ty` (the loader also asks for
/// execveat when execve is wanted: a successful execveat arrives as execve).
pub fn numbers_of(ty: EventType) -> impl Iterator<Item = u16> {
    numbers_by_type(ty).iter().copied()
}

/// The `specs` map entry for syscall `nr` when it is wanted.
pub fn spec_for(nr: u16) -> Option<sse_spec> {
    let col = &syscall(nr)?.collect;
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
    for a in col.dirfds {
        spec.dirfd_mask |= 1 << a;
    }
    spec.fd_new = col.fd_new;
    Some(spec)
}

/// Event types capture can deliver (everything in [`SYSCALLS`] plus `procexit`).
pub fn supported_event_types() -> EventTypeSet {
    let mut set = EventTypeSet::empty();
    for s in &SYSCALLS {
        set.insert(s.ty);
    }
    set.insert(EventType::PROCEXIT);
    set
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_entry_is_an_event_type_with_a_schema_and_looks_up_to_itself() {
        for s in &SYSCALLS {
            let t = EventType::from_name(s.name).unwrap_or_else(|| panic!("{} unknown", s.name));
            assert_eq!(s.ty, t, "{}: constant of another event type", s.name);
            assert!(t.has_schema(), "{} has no schema", s.name);
            assert_eq!(event_type_of(s.nr), Some(t));
            assert!(numbers_of(t).any(|n| n == s.nr), "{}", s.name);
            assert_eq!(spec_for(s.nr).map(|p| p.want), Some(1));
        }
        assert_eq!(event_type_of(39), None); // getpid: not decoded
    }

    #[test]
    fn numbers_are_unique_and_in_range() {
        let mut seen = BTreeSet::new();
        for s in &SYSCALLS {
            assert!(u32::from(s.nr) < abi::SSE_NR_PROCEXIT);
            assert!(seen.insert(s.nr), "duplicate {}", s.nr);
        }
    }

    #[test]
    fn lookups_by_number_agree_with_the_table_for_every_number() {
        for nr in 0..=u16::MAX {
            let entry = SYSCALLS.iter().find(|s| s.nr == nr);
            assert_eq!(event_type_of(nr), entry.map(|s| s.ty), "{nr}");
            assert_eq!(spec_for(nr).is_some(), entry.is_some(), "{nr}");
        }
    }

    #[test]
    fn numbers_by_type_agree_with_the_table_for_every_event_type() {
        let mut delivered = BTreeSet::new();
        for ty in EventType::all() {
            let want: Vec<u16> = SYSCALLS
                .iter()
                .filter(|s| s.ty == ty)
                .map(|s| s.nr)
                .collect();
            assert_eq!(numbers_of(ty).collect::<Vec<_>>(), want, "{ty}");
            if !want.is_empty() {
                delivered.insert(ty);
            }
        }
        delivered.insert(EventType::PROCEXIT);
        let supported: BTreeSet<_> = supported_event_types().iter().collect();
        assert_eq!(supported, delivered);
    }

    #[test]
    fn every_directory_fd_the_schemas_resolve_paths_through_is_checked() {
        use syssentry_event::{schema_of, ParamType};
        for s in &SYSCALLS {
            let schema = schema_of(s.ty, false);
            let through_dirfd = schema
                .params
                .iter()
                .filter(|p| p.ty == ParamType::FsRelPath && schema.params.get(usize::from(p.dirfd)).is_some_and(|d| d.ty == ParamType::Fd))
                .count();
            assert_eq!(s.collect.dirfds.len(), through_dirfd, "{}: dirfd= in tables/syscalls.txt", s.name);
            let p = spec_for(s.nr).unwrap();
            assert_eq!(u32::from(p.dirfd_mask), s.collect.dirfds.iter().map(|a| 1u32 << a).sum::<u32>(), "{}", s.name);
        }
    }

    #[test]
    fn specs_encode_what_the_table_says() {
        for s in &SYSCALLS {
            let c = &s.collect;
            let p = spec_for(s.nr).unwrap();
            let strs: u32 = c.strs.iter().map(|a| 1u32 << a).sum();
            assert_eq!(u32::from(p.str_mask), strs, "{}: strings repeated", s.name);
            let arg = |a: Option<u8>| a.map_or(0, |a| a + 1);
            assert_eq!(p.sa_arg, arg(c.sockaddr.map(|x| x.0)), "{}", s.name);
            assert_eq!(p.sa_len_arg, arg(c.sockaddr.map(|x| x.1)), "{}", s.name);
            assert_eq!(p.mem_arg, arg(c.mem.map(|x| x.0)), "{}", s.name);
            assert_eq!(p.mem_len, c.mem.map_or(0, |x| x.1), "{}", s.name);
            assert_eq!(p.tuple_arg, arg(c.tuple), "{}", s.name);
            assert_eq!(p.argv_arg, arg(c.argv), "{}", s.name);
            assert_eq!(u32::from(p.special), c.special, "{}", s.name);
            assert!(
                [
                    abi::SSE_SP_NONE,
                    abi::SSE_SP_EXEC,
                    abi::SSE_SP_CLONE,
                    abi::SSE_SP_FILE_RES,
                    abi::SSE_SP_TUPLE_RES
                ]
                .contains(&c.special),
                "{}",
                s.name
            );
            let arg_ok = |a: &u8| *a < 6;
            let args_ok = c.strs.iter().all(arg_ok)
                && c.sockaddr
                    .is_none_or(|(a, l)| arg_ok(&a) && arg_ok(&l) && a != l)
                && c.mem.is_none_or(|(a, n)| arg_ok(&a) && n > 0)
                && [c.tuple, c.argv].iter().flatten().all(arg_ok);
            assert!(args_ok, "{}: argument out of range", s.name);
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

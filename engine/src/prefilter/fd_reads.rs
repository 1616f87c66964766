//! Whether a rule can read what the file descriptor of a successful open, or of a socket of a
//! given domain, adds to the state: the question that decides whether the kernel may leave such
//! opens or sockets (and their closes) unsent.
//!
//! Place in the data flow: expanded condition and output fields (once per rule) → **this
//! analysis** → the rule set's kernel filter. Nothing here runs per event.
//!
//! An open left in the kernel leaves no entry in the fd table where there would have been a
//! regular file's (directories are always sent). A rule sees the difference only through
//! * `fd.*` fields and argument renderings (`evt.args`, `evt.info`, `evt.arg.<fd param>`) of a
//!   later event that uses that descriptor (the schema's `uses` role, or an `Fd` parameter);
//! * `fd.types` and `proc.fdopencount`, which read the whole table.
//!
//! Directory-fd parameters (`dirfd` of openat, the `*at` syscalls) do not count: capture marks
//! one that is not an open directory ([`Event::is_not_dir`](syssentry_event::Event::is_not_dir)),
//! and the state then neither resolves a path through it nor renders it from the table (a
//! relative path through a non-directory fails with `ENOTDIR`; an absolute one ignores it).
//!
//! A rule whose condition cannot be true with a missing entry or one of that kind does not see
//! the difference: one that requires the fd to be of another kind (`fd.type`, `fd.typechar` or
//! an endpoint field tested positively). The same holds for the entry of a unix or netlink
//! socket, which the `socket` call adds whole: later calls only fill in an entry the state has.

use syssentry_event::kernel_filter::OPEN_TYPES;
use syssentry_event::{schema_of, EventType, EventTypeSet, ParamType, FD_CREATES, FD_USES};

use super::checks::{constants, type_decided};
use crate::fields::registry::F;
use crate::fields::{resolve, FieldArg, FieldRef};
use crate::filter::ast::{Expr, ExprKind};

/// A kind of fd-table entry the kernel may leave out of the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A regular file (a successful open).
    File,
    /// A unix socket (`socket(AF_UNIX, ...)`).
    Unix,
    /// A netlink socket (`socket(AF_NETLINK, ...)`).
    Netlink,
}

impl Kind {
    /// `fd.type` and `fd.typechar` of such an entry.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Kind::File => ("file", "f"),
            Kind::Unix => ("unix", "u"),
            Kind::Netlink => ("netlink", "n"),
        }
    }
}

/// Whether a rule with this condition (macro-expanded), event types and output fields can
/// read an fd-table entry of `kind` (made by an event other than the one it reads it on).
pub(crate) fn reads_fds(expr: &Expr, types: &EventTypeSet, output: &[FieldRef], kind: Kind) -> bool {
    let mut fields = Vec::new();
    collect_fields(expr, &mut fields);
    fields.extend(output.iter().cloned());
    types
        .iter()
        .any(|ty| fields.iter().any(|f| depends(f, ty)) && !needs_other_kind(expr, ty, kind))
}

/// Whether `f` can read another descriptor's entry on an event of `ty`.
fn depends(f: &FieldRef, ty: EventType) -> bool {
    let schema = schema_of(ty, false);
    match f.id.f() {
        F::FdTypes | F::ProcFdopencount => true,
        _ if OPEN_TYPES.contains(&ty) && f.id.name().starts_with("fd.") => false,
        _ if f.id.name().starts_with("fd.") => schema.fd_role & FD_USES != 0,
        F::EvtArgs | F::EvtInfo => (0..schema.params.len()).any(|i| param_depends(ty, i)),
        F::EvtArg => match &f.arg {
            FieldArg::Param(p) => schema.position(*p).is_some_and(|i| param_depends(ty, i)),
            FieldArg::Index(i) => param_depends(ty, *i as usize),
            _ => false,
        },
        _ => false,
    }
}

/// Whether rendering parameter `i` of `ty` can read another descriptor's entry: an `Fd`
/// parameter other than a directory fd and other than the descriptor a creating event makes
/// (that one is the event's own entry).
fn param_depends(ty: EventType, i: usize) -> bool {
    let schema = schema_of(ty, false);
    let Some(p) = schema.params.get(i) else {
        return false;
    };
    let creates_only = schema.fd_role & FD_CREATES != 0 && schema.fd_role & FD_USES == 0;
    let is_dirfd = schema
        .params
        .iter()
        .any(|q| q.ty == ParamType::FsRelPath && usize::from(q.dirfd) == i);
    p.ty == ParamType::Fd && !is_dirfd && !(creates_only && (i == 0 || p.id.name() == "fd"))
}

fn collect_fields(e: &Expr, out: &mut Vec<FieldRef>) {
    if let ExprKind::Field { name, arg } = &e.kind {
        if let Ok(f) = resolve(name, arg.as_deref()) {
            out.push(f);
        }
    }
    for c in e.children() {
        collect_fields(c, out);
    }
}

/// Whether `expr` can be true on an event of `ty` only when the event's descriptor exists and
/// is not of `kind`.
fn needs_other_kind(expr: &Expr, ty: EventType, kind: Kind) -> bool {
    let (type_name, typechar) = kind.names();
    required(expr, ty, &|f, op, vals| {
        let positive = matches!(op, "=" | "==" | "in");
        match f.id.f() {
            F::FdType => positive && !vals.contains(&type_name),
            // a missing entry reads as the event's own kind ('o' on the events that use one)
            F::FdTypechar => positive && !vals.iter().any(|v| *v == typechar || *v == "o"),
            F::FdL4proto => positive && !vals.contains(&"<NA>"),
            F::FdCip | F::FdSip | F::FdLip | F::FdRip | F::FdCnet | F::FdSnet | F::FdLnet | F::FdRnet
            | F::FdCport | F::FdSport | F::FdLport | F::FdRport | F::FdCproto | F::FdSproto
            | F::FdLproto | F::FdRproto | F::FdSockfamily => {
                positive || matches!(op, "<" | "<=" | ">" | ">=" | "pmatch" | "intersects" | "startswith")
            }
            _ => false,
        }
    })
}

/// Whether every way `e` can be true on an event of `ty` passes a leaf for which `leaf`
/// holds: `and` needs one such operand, `or` all; a check deciding the event type to be
/// another one counts (the condition cannot be true at all).
fn required(e: &Expr, ty: EventType, leaf: &dyn Fn(&FieldRef, &str, &[&str]) -> bool) -> bool {
    match &e.kind {
        ExprKind::And(c) => c.iter().any(|x| required(x, ty, leaf)),
        ExprKind::Or(c) => c.iter().all(|x| required(x, ty, leaf)),
        ExprKind::Not(x) => type_decided(x, ty) == Some(true),
        ExprKind::BinaryCheck { left, op, right } => {
            if type_decided(e, ty) == Some(false) {
                return true;
            }
            let ExprKind::Field { name, arg } = &left.kind else {
                return false;
            };
            let Some(vals) = constants(right) else {
                return false;
            };
            match resolve(name, arg.as_deref()) {
                Ok(f) => leaf(&f, op, &vals),
                Err(_) => false,
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse::parse;

    fn reads_kind(cond: &str, types: &[EventType], output: &[&str], kind: Kind) -> bool {
        let mut set = EventTypeSet::empty();
        for t in types {
            set.insert(*t);
        }
        let out: Vec<FieldRef> = output.iter().map(|f| resolve(f, None).unwrap()).collect();
        reads_fds(&parse(cond).unwrap(), &set, &out, kind)
    }

    fn reads(cond: &str, types: &[EventType], output: &[&str]) -> bool {
        reads_kind(cond, types, output, Kind::File)
    }

    #[test]
    fn socket_kinds() {
        let dup = "evt.type in (dup, dup2) and evt.rawres in (0, 1, 2) and fd.type in (ipv4, ipv6)";
        for kind in [Kind::Unix, Kind::Netlink] {
            assert!(!reads_kind(dup, &[EventType::DUP, EventType::DUP2], &["fd.name"], kind));
            let outbound = "evt.type = connect and (fd.typechar = 4 or fd.typechar = 6)";
            assert!(!reads_kind(outbound, &[EventType::CONNECT], &["fd.name"], kind));
            assert!(reads_kind("evt.type = connect", &[EventType::CONNECT], &["fd.name"], kind));
        }
        let unix = "evt.type = connect and fd.type = unix and fd.name contains docker.sock";
        assert!(reads_kind(unix, &[EventType::CONNECT], &[], Kind::Unix));
        assert!(!reads_kind(unix, &[EventType::CONNECT], &[], Kind::Netlink));
        assert!(!reads_kind(unix, &[EventType::CONNECT], &[], Kind::File));
        assert!(reads_kind("evt.type = sendto and fd.typechar = u", &[EventType::SENDTO], &[], Kind::Unix));
    }

    #[test]
    fn socket_rules_do_not_read_files() {
        let dup = "evt.type in (dup, dup2) and evt.rawres in (0, 1, 2) and fd.type in (ipv4, ipv6)";
        assert!(!reads(dup, &[EventType::DUP, EventType::DUP2], &["fd.name", "evt.args"]));
        let connect = "evt.type = connect and (fd.typechar = 4 or fd.typechar = 6) and fd.sport = 22";
        assert!(!reads(connect, &[EventType::CONNECT], &["fd.name"]));
        assert!(reads("evt.type = connect and fd.name = x", &[EventType::CONNECT], &[]));
        assert!(reads("evt.type = close", &[EventType::CLOSE], &["fd.name"]));
        assert!(reads("evt.type = dup and fd.typechar = f", &[EventType::DUP], &[]));
        assert!(!reads("evt.type = close", &[EventType::CLOSE], &["proc.name"]));
        assert!(reads("evt.type = execve", &[EventType::EXECVE], &["proc.fdopencount"]));
    }

    #[test]
    fn creating_events_read_their_own_entry() {
        let socket = "evt.type = socket and evt.arg.domain contains AF_PACKET";
        assert!(!reads(socket, &[EventType::SOCKET], &["evt.args", "fd.name", "fd.type"]));
    }

    #[test]
    fn directory_fds_are_not_read() {
        let open_read = "evt.type in (open, openat) and fd.num >= 0 and fd.name startswith /etc";
        let types = [EventType::OPEN, EventType::OPENAT];
        assert!(!reads(open_read, &types, &["fd.name", "evt.arg.flags", "evt.args"]));
        assert!(!reads("evt.type = openat and fd.directory = /dev", &[EventType::OPENAT], &[]));
        let link = "evt.type in (linkat, symlinkat) and evt.arg.target = /etc/shadow";
        assert!(!reads(link, &[EventType::LINKAT, EventType::SYMLINKAT], &["evt.args", "evt.arg.linkpath"]));
        assert!(reads("evt.type = fcntl", &[EventType::FCNTL], &["evt.args"]));
    }
}

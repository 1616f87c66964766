//! Which facts of an opened file (created flag, overlayfs layer, device and inode) the fields
//! need, so that capture collects them only when a loaded rule can read them. This is the one
//! list of "field → kernel data" for opens; [`RuleSet::open_facts`](crate::eval::RuleSet::open_facts)
//! folds it over the enabled rules once at build.
//!
//! Place in the data flow: rules → **compiled rule set** → capture configuration (what the kernel
//! side reads per open). Nothing here runs per event.
//!
//! Where the facts end up, and so which fields read them:
//! * the `flags` parameter of `open`/`openat`/`openat2` carries `O_F_CREATED`,
//!   `FD_UPPER_LAYER` and `FD_LOWER_LAYER`; `creat_flags` of `creat` the layer;
//!   `dev` and `ino` parameters carry the device and inode. Event-argument fields
//!   (`evt.arg.*`, `evt.rawarg.*`, `evt.arg[N]`, `evt.args`, `evt.info`) and
//!   `evt.is_open_create` read them on these event types only.
//! * the state's fd table keeps the layer bits, the device and the inode of the new fd, read
//!   by `fd.is_upper_layer`/`fd.is_lower_layer` and `fd.dev*`/`fd.ino` on any later event.
//!   The state itself uses them for nothing else (fd kind, close-on-exec and names come from
//!   the syscall's arguments). Executable facts of a process (`proc.is_exe_upper_layer`,
//!   memfd, exe inode) come from exec records and are collected regardless.

use super::field_ref::{FieldArg, FieldRef};
use super::registry::F;
use syssentry_event::OpenFacts;

/// The facts a field needs, when used in a rule that can match an open-family event
/// (`on_opens`) or not. Conservative: a field whose value could change with a fact needs it.
pub fn open_facts_of(field: &FieldRef, on_opens: bool) -> OpenFacts {
    match field.id.f() {
        F::FdDev | F::FdDevMajor | F::FdDevMinor | F::FdIno => OpenFacts::ID,
        F::FdIsUpperLayer | F::FdIsLowerLayer => OpenFacts::LAYER,
        _ if !on_opens => OpenFacts::NONE,
        F::EvtIsOpenCreate => OpenFacts::CREATED,
        F::EvtArgs | F::EvtInfo => OpenFacts::ALL,
        F::EvtArg | F::EvtRawarg => match &field.arg {
            FieldArg::Param(p) => match p.name() {
                "flags" => OpenFacts::CREATED | OpenFacts::LAYER,
                "creat_flags" => OpenFacts::LAYER,
                "dev" | "ino" => OpenFacts::ID,
                _ => OpenFacts::NONE,
            },
            // `evt.arg[N]` names a parameter by position, which differs per event type.
            _ => OpenFacts::ALL,
        },
        _ => OpenFacts::NONE,
    }
}

/// Flag names the open facts add to, or remove from (`O_NONE`, only for a value of 0), the
/// rendered `flags` of an open.
const FACT_FLAG_NAMES: [&str; 4] = ["O_F_CREATED", "FD_UPPER_LAYER", "FD_LOWER_LAYER", "O_NONE"];

/// Whether `evt.arg.flags contains|icontains <needle>` has the same result with and without
/// the open facts. The rendered value is flag names joined by `|`, and the facts only add or
/// remove the names in [`FACT_FLAG_NAMES`]; a needle without `|` can only match inside one
/// name, so one that is not part of those names (case folded) matches the other names alike.
pub(crate) fn flags_needle_ignores_facts(needle: &[u8]) -> bool {
    if needle.is_empty() || needle.contains(&b'|') {
        return false;
    }
    let needle = needle.to_ascii_uppercase();
    !FACT_FLAG_NAMES.iter().any(|name| {
        name.as_bytes()
            .windows(needle.len())
            .any(|w| w == needle.as_slice())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles() {
        assert!(flags_needle_ignores_facts(b"O_TRUNC"));
        assert!(flags_needle_ignores_facts(b"o_wronly"));
        assert!(!flags_needle_ignores_facts(b"CREATED"));
        assert!(!flags_needle_ignores_facts(b"o_f_"));
        assert!(!flags_needle_ignores_facts(b"LAYER"));
        assert!(!flags_needle_ignores_facts(b"NONE"));
        assert!(!flags_needle_ignores_facts(b"O_TRUNC|O_F"));
        assert!(!flags_needle_ignores_facts(b""));
        // "O_" is part of O_F_CREATED: the facts could make it match.
        assert!(!flags_needle_ignores_facts(b"O_"));
    }
}

//! The event parameters extractors read by meaning (`flags` of an open, `name` of an openat,
//! ...), as [`ParamId`]s resolved from their Falco names once per process, so extraction compares
//! small ids instead of parameter-name strings per event.

use std::sync::OnceLock;

use syssentry_event::{Event, Param, ParamId};

/// The ids of the parameters extractors read.
pub(super) struct Ids {
    /// `flags`.
    pub flags: Option<ParamId>,
    /// `mode`.
    pub mode: Option<ParamId>,
    /// `name`.
    pub name: Option<ParamId>,
    /// `dirfd`.
    pub dirfd: Option<ParamId>,
    /// `data`.
    pub data: Option<ParamId>,
    /// `path`.
    pub path: Option<ParamId>,
}

/// The ids, resolved on first use.
pub(super) fn ids() -> &'static Ids {
    static IDS: OnceLock<Ids> = OnceLock::new();
    IDS.get_or_init(|| Ids {
        flags: ParamId::from_name("flags"),
        mode: ParamId::from_name("mode"),
        name: ParamId::from_name("name"),
        dirfd: ParamId::from_name("dirfd"),
        data: ParamId::from_name("data"),
        path: ParamId::from_name("path"),
    })
}

/// The event's parameter with this id ([`Param::Empty`] when the event has none).
pub(super) fn get(ev: &Event, id: Option<ParamId>) -> Param<'_> {
    id.and_then(|id| ev.param_by_id(id)).unwrap_or(Param::Empty)
}

#[cfg(test)]
mod tests {
    use super::*;
    use syssentry_event::{mk, ppm::open::O_RDONLY, ppm::AT_FDCWD};

    #[test]
    fn every_id_resolves_and_reads_the_named_parameter() {
        let p = ids();
        for (id, name) in [
            (p.flags, "flags"),
            (p.mode, "mode"),
            (p.name, "name"),
            (p.dirfd, "dirfd"),
            (p.data, "data"),
            (p.path, "path"),
        ] {
            assert_eq!(id.map(ParamId::name), Some(name));
        }
        let ev = mk::openat(7, AT_FDCWD, "/etc/passwd", O_RDONLY, 0o640, 3).build();
        assert_eq!(get(&ev, p.name).as_str(), Some("/etc/passwd"));
        assert_eq!(get(&ev, p.flags).as_u64(), Some(u64::from(O_RDONLY)));
        assert_eq!(get(&ev, p.mode).as_u64(), Some(0o640));
        assert_eq!(get(&ev, p.dirfd).as_i64(), Some(AT_FDCWD));
        assert_eq!(get(&ev, p.data), Param::Empty);
    }
}

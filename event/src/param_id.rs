//! [`ParamId`]: a parameter *name* shared across events (`evt.arg.NAME` resolves to one), with one
//! named constant per name (`ParamId::FLAGS`) and the type `evt.rawarg.NAME` compiles to.
//!
//! Place in the data flow: rules resolve `evt.arg.*`/`evt.rawarg.*` into ids once; `fields` and
//! the engine's extractors then find parameters in an event by id, not by string. The name table
//! is derived by the build script from `tables/params.txt`.

use crate::param_type::{ParamFormat, ParamType};

/// Identifies a parameter *name* across all events (`evt.arg.NAME` resolves to one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParamId(u16);

include!(concat!(env!("OUT_DIR"), "/param_ids.rs"));

impl ParamId {
    /// How many parameter names exist.
    pub const COUNT: usize = PARAM_NAMES.len();

    /// Looks a parameter name up among the parameter names of every event.
    pub fn from_name(name: &str) -> Option<ParamId> {
        PARAM_NAMES
            .binary_search(&name)
            .ok()
            .map(|i| ParamId(i as u16))
    }

    /// The parameter name.
    #[inline]
    pub fn name(self) -> &'static str {
        PARAM_NAMES.get(self.0 as usize).copied().unwrap_or("")
    }

    /// The index, in `0..COUNT`.
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// All parameter names, as ids in name order.
    pub fn all() -> impl Iterator<Item = ParamId> {
        (0..Self::COUNT).map(|i| ParamId(i as u16))
    }

    /// The longest parameter name that is a prefix of `text` (libsinsp's lookup for
    /// `evt.arg.NAME`).
    pub fn longest_prefix_of(text: &str) -> Option<ParamId> {
        let mut best: Option<(usize, ParamId)> = None;
        for (i, n) in PARAM_NAMES.iter().enumerate() {
            if text.starts_with(n) && best.is_none_or(|(len, _)| n.len() > len) {
                best = Some((n.len(), ParamId(i as u16)));
            }
        }
        best.map(|(_, id)| id)
    }

    /// Type and print format of the first parameter with this name in Falco's event table
    /// (the type `evt.rawarg.NAME` compiles to).
    #[inline]
    pub fn first_type(self) -> Option<(ParamType, ParamFormat)> {
        PARAM_FIRST.get(self.0 as usize).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::ParamId;

    #[test]
    fn param_ids() {
        for n in [
            "flags", "request", "domain", "target", "linkpath", "oldpath", "newpath", "uid",
        ] {
            assert_eq!(ParamId::from_name(n).map(|p| p.name()), Some(n));
        }
        assert!(ParamId::from_name("nosuchparam").is_none());
        assert_eq!(
            ParamId::longest_prefix_of("flagsx").map(|p| p.name()),
            Some("flags")
        );
        assert_eq!(ParamId::FLAGS.name(), "flags");
    }
}

//! A resolved field: the [`FieldRef`] the compiler stores per check and output token (field id,
//! its [`FieldArg`], concrete type, print format and multi-value semantics).
//!
//! Place in the data flow: field name → [`resolve`](super::resolve()) (once, at compile time) →
//! **FieldRef** → extraction and formatting per event.

use super::info::{FieldInfo, FieldType, Multi, PrintFormat};
use super::registry::FieldId;
use syssentry_event::ParamId;

/// The argument a field was given.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldArg {
    /// No argument.
    None,
    /// A numeric index (`proc.aname[2]`, `evt.arg[0]`, `proc.args[1]`).
    Index(u32),
    /// A key (`proc.env[HOME]`, `container.label[app]`, `container.mount.dest[/proc*]`).
    Key(Box<str>),
    /// An event parameter name (`evt.arg.flags`, `evt.rawarg.res`).
    Param(ParamId),
}

/// A resolved field: what the evaluator stores per check.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldRef {
    /// The field.
    pub id: FieldId,
    /// Its argument.
    pub arg: FieldArg,
    /// Concrete value type (differs from the registry only for `evt.rawarg.*`).
    pub ty: FieldType,
    /// Concrete print format (differs from the registry only for `evt.rawarg.*`).
    pub print: PrintFormat,
    /// Multi-value semantics for this use (ancestor fields with an index are single).
    pub multi: Multi,
}

impl FieldRef {
    /// The field's static description.
    pub fn info(&self) -> &'static FieldInfo {
        self.id.info()
    }

    /// The canonical text of the field as written in rules (`proc.aname[2]`, `evt.arg.flags`).
    pub fn display_name(&self) -> String {
        let name = self.info().name;
        match &self.arg {
            FieldArg::None => name.to_owned(),
            FieldArg::Index(i) => format!("{name}[{i}]"),
            FieldArg::Key(k) => format!("{name}[{k}]"),
            FieldArg::Param(p) => format!("{name}.{}", p.name()),
        }
    }
}

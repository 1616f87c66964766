//! Name resolution: `proc.aname` + `[2]` → [`FieldRef`], once per rule at compile time.
//!
//! Place in the data flow: rules compiler → **resolve** → evaluator (which only sees ids).

use std::{collections::HashMap, sync::OnceLock};

use super::error::FieldError;
use super::field_ref::{FieldArg, FieldRef};
use super::info::{FieldType, Multi, PrintFormat};
use super::registry::{FieldId, ARG_ALLOWED, ARG_INDEX, ARG_KEY, ARG_REQUIRED, REGISTRY};
use syssentry_event::{ParamFormat, ParamId, ParamType};

fn index() -> &'static HashMap<&'static str, u16> {
    static IDX: OnceLock<HashMap<&'static str, u16>> = OnceLock::new();
    IDX.get_or_init(|| {
        REGISTRY
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name, i as u16))
            .collect()
    })
}

fn id_of(name: &str) -> Option<FieldId> {
    index().get(name).map(|i| FieldId(*i))
}

/// Resolves `name[arg]` written as one string (the form outputs use: `proc.aname[2]`,
/// `evt.arg.flags`, `container.label[app]`).
pub fn resolve_full(text: &str) -> Result<FieldRef, FieldError> {
    match text.find('[') {
        Some(open) if text.ends_with(']') => {
            resolve(&text[..open], Some(&text[open + 1..text.len() - 1]))
        }
        _ => resolve(text, None),
    }
}

/// Resolves a field name and its optional bracket argument.
///
/// Handles the dotted argument forms `evt.arg.NAME`, `evt.rawarg.NAME` (NAME must be a
/// parameter name of some event), `container.label.KEY` and `k8s.pod.label.KEY`.
pub fn resolve(name: &str, arg: Option<&str>) -> Result<FieldRef, FieldError> {
    if let Some(id) = id_of(name) {
        return with_arg(id, name, arg);
    }
    for (prefix, field) in [("evt.arg.", "evt.arg"), ("evt.rawarg.", "evt.rawarg")] {
        if let Some(pname) = name.strip_prefix(prefix) {
            let Some(p) = ParamId::longest_prefix_of(pname) else {
                return Err(FieldError::UnknownEventArg {
                    arg: pname.to_owned(),
                });
            };
            if p.name() != pname || arg.is_some() {
                return Err(unknown(name, arg));
            }
            let id = id_of(field).ok_or_else(|| unknown(name, arg))?;
            let (ty, print) = if field == "evt.rawarg" {
                p.first_type()
                    .map_or((FieldType::Bytes, PrintFormat::Na), |(t, f)| {
                        (raw_type(t), raw_print(f))
                    })
            } else {
                (FieldType::Str, PrintFormat::Na)
            };
            return Ok(FieldRef {
                id,
                arg: FieldArg::Param(p),
                ty,
                print,
                multi: Multi::Single,
            });
        }
    }
    for (prefix, field) in [
        ("container.label.", "container.label"),
        ("k8s.pod.label.", "k8s.pod.label"),
    ] {
        if let Some(key) = name.strip_prefix(prefix) {
            if key.is_empty() || arg.is_some() {
                return Err(unknown(name, arg));
            }
            let id = id_of(field).ok_or_else(|| unknown(name, arg))?;
            return with_arg(id, field, Some(key));
        }
    }
    Err(unknown(name, arg))
}

fn unknown(name: &str, arg: Option<&str>) -> FieldError {
    FieldError::Unknown {
        name: match arg {
            Some(a) => format!("{name}[{a}]"),
            None => name.to_owned(),
        },
    }
}

fn with_arg(id: FieldId, name: &str, arg: Option<&str>) -> Result<FieldRef, FieldError> {
    let info = id.info();
    let mut r = FieldRef {
        id,
        arg: FieldArg::None,
        ty: info.ty,
        print: info.print,
        multi: info.multi,
    };
    let Some(a) = arg else {
        if info.has(ARG_REQUIRED) {
            return Err(FieldError::ArgRequired {
                name: name.to_owned(),
            });
        }
        return Ok(r);
    };
    if !info.has(ARG_REQUIRED | ARG_ALLOWED) {
        return Err(FieldError::ArgNotAllowed {
            name: name.to_owned(),
        });
    }
    if info.name == "evt.rawarg" {
        return Err(FieldError::RawArgIndex);
    }
    let is_index = info.has(ARG_INDEX) || info.name == "evt.arg";
    let is_key = info.has(ARG_KEY);
    let digits = !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit());
    r.arg = if is_index && (digits || !is_key) {
        let n: u32 = a.parse().map_err(|_| FieldError::BadIndex {
            name: name.to_owned(),
            arg: a.to_owned(),
        })?;
        FieldArg::Index(n)
    } else {
        FieldArg::Key(a.into())
    };
    if r.multi == Multi::AncestorsAny
        || (r.multi == Multi::List && matches!(r.arg, FieldArg::Index(_)))
    {
        r.multi = Multi::Single;
    }
    Ok(r)
}

fn raw_type(t: ParamType) -> FieldType {
    use ParamType as P;
    match t {
        P::I8 | P::I16 | P::I32 | P::I64 => FieldType::I64,
        P::Errno => FieldType::Errno,
        P::Fd => FieldType::Fd,
        P::Pid => FieldType::Pid,
        P::U8
        | P::U16
        | P::U32
        | P::U64
        | P::Flags8
        | P::Flags16
        | P::Flags32
        | P::EnumFlags8
        | P::EnumFlags16
        | P::EnumFlags32
        | P::Mode
        | P::Uid
        | P::Gid
        | P::SyscallId
        | P::SigType
        | P::Dyn
        | P::SigSet
        | P::L4Proto
        | P::SockFamily => FieldType::U64,
        P::Port => FieldType::Port,
        P::AbsTime => FieldType::AbsTime,
        P::RelTime => FieldType::RelTime,
        P::Bool => FieldType::Bool,
        P::CharBuf => FieldType::Str,
        P::FsPath | P::FsRelPath => FieldType::Path,
        P::Ipv4Addr | P::Ipv6Addr | P::IpAddr => FieldType::IpAddr,
        P::Ipv4Net | P::Ipv6Net | P::IpNet => FieldType::IpNet,
        _ => FieldType::Bytes,
    }
}

fn raw_print(f: ParamFormat) -> PrintFormat {
    match f {
        ParamFormat::Dec | ParamFormat::Id => PrintFormat::Dec,
        ParamFormat::Hex => PrintFormat::Hex,
        ParamFormat::Oct => PrintFormat::Oct,
        ParamFormat::PaddedDec => PrintFormat::PaddedDec,
        ParamFormat::Na | ParamFormat::Dir => PrintFormat::Na,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_args() {
        assert_eq!(resolve("proc.name", None).unwrap().id.name(), "proc.name");
        let a = resolve("proc.aname", Some("2")).unwrap();
        assert_eq!(a.arg, FieldArg::Index(2));
        assert_eq!(a.multi, Multi::Single);
        assert_eq!(
            resolve("proc.aname", None).unwrap().multi,
            Multi::AncestorsAny
        );
        assert_eq!(
            resolve("proc.env", Some("HOME")).unwrap().arg,
            FieldArg::Key("HOME".into())
        );
        assert_eq!(
            resolve("proc.args", Some("0")).unwrap().arg,
            FieldArg::Index(0)
        );
        assert_eq!(
            resolve("container.mount.dest", Some("/proc*")).unwrap().arg,
            FieldArg::Key("/proc*".into())
        );
        assert_eq!(
            resolve("container.mount.dest", Some("1")).unwrap().arg,
            FieldArg::Index(1)
        );
        assert_eq!(
            resolve_full("proc.aname[3]").unwrap().display_name(),
            "proc.aname[3]"
        );
        assert_eq!(resolve("fd.types", None).unwrap().multi, Multi::List);
        assert_eq!(resolve("fd.ip", None).unwrap().multi, Multi::EitherEndpoint);
    }

    #[test]
    fn dotted_forms() {
        let f = resolve("evt.arg.flags", None).unwrap();
        assert_eq!(f.display_name(), "evt.arg.flags");
        assert_eq!(f.ty, FieldType::Str);
        let r = resolve("evt.rawarg.res", None).unwrap();
        assert_eq!(r.ty, FieldType::Errno);
        assert_eq!(
            resolve("evt.arg", Some("1")).unwrap().arg,
            FieldArg::Index(1)
        );
        assert_eq!(
            resolve("container.label.io.kubernetes.pod.name", None)
                .unwrap()
                .arg,
            FieldArg::Key("io.kubernetes.pod.name".into())
        );
        assert_eq!(
            resolve("k8s.pod.label.app", None).unwrap().arg,
            FieldArg::Key("app".into())
        );
    }

    #[test]
    fn errors() {
        assert_eq!(
            resolve("proc.nme", None).unwrap_err().to_string(),
            "filter_check called with nonexistent field proc.nme"
        );
        assert_eq!(
            resolve("evt.arg.zzz", None).unwrap_err(),
            FieldError::UnknownEventArg { arg: "zzz".into() }
        );
        assert!(matches!(
            resolve("evt.arg.flagsx", None),
            Err(FieldError::Unknown { .. })
        ));
        assert!(matches!(
            resolve("evt.arg", None),
            Err(FieldError::ArgRequired { .. })
        ));
        assert!(matches!(
            resolve("proc.name", Some("1")),
            Err(FieldError::ArgNotAllowed { .. })
        ));
        assert!(matches!(
            resolve("proc.aname", Some("x")),
            Err(FieldError::BadIndex { .. })
        ));
        assert!(matches!(
            resolve("evt.rawarg", Some("1")),
            Err(FieldError::RawArgIndex)
        ));
        assert!(matches!(
            resolve("container.label", None),
            Err(FieldError::ArgRequired { .. })
        ));
    }
}

//! `tables/params.txt`: every parameter name with the type `evt.rawarg.NAME` compiles to,
//! emitted as the sorted name table (the index is the `ParamId`), the types by id and one
//! `ParamId` constant per name.

use std::fmt::Write;

use crate::input::{const_name, lit, File};

/// The `ParamType` variants a table may name.
pub const TYPES: &[&str] = &[
    "I8",
    "I16",
    "I32",
    "I64",
    "U8",
    "U16",
    "U32",
    "U64",
    "CharBuf",
    "ByteBuf",
    "Errno",
    "SockAddr",
    "SockTuple",
    "Fd",
    "Pid",
    "FdList",
    "FsPath",
    "SyscallId",
    "SigType",
    "RelTime",
    "AbsTime",
    "Port",
    "L4Proto",
    "SockFamily",
    "Bool",
    "Ipv4Addr",
    "Dyn",
    "Flags8",
    "Flags16",
    "Flags32",
    "Uid",
    "Gid",
    "Double",
    "SigSet",
    "CharBufArray",
    "CharBufPairArray",
    "Ipv4Net",
    "Ipv6Addr",
    "Ipv6Net",
    "IpAddr",
    "IpNet",
    "Mode",
    "FsRelPath",
    "EnumFlags8",
    "EnumFlags16",
    "EnumFlags32",
];

/// The `ParamFormat` variants a table may name.
pub const FORMATS: &[&str] = &["Na", "Dec", "Hex", "Oct", "PaddedDec", "Id", "Dir"];

/// One parameter name.
pub struct ParamName {
    /// The name (`flags`).
    pub name: String,
    /// The `ParamId` constant (`FLAGS`).
    pub ident: String,
    /// `ParamType` variant of its first occurrence.
    pub ty: String,
    /// `ParamFormat` variant of its first occurrence.
    pub fmt: String,
}

/// Fails unless `ty` and `fmt` are variants of `ParamType` and `ParamFormat`.
pub fn check_type(line: &crate::input::Line<'_>, ty: &str, fmt: &str) {
    if !TYPES.contains(&ty) {
        line.fail(format!("unknown parameter type `{ty}`"));
    }
    if !FORMATS.contains(&fmt) {
        line.fail(format!(
            "unknown print format `{fmt}` (expected one of {FORMATS:?})"
        ));
    }
}

/// Parses the names and sorts them, failing on a repeated name or constant.
pub fn parse(file: &File) -> Vec<ParamName> {
    let mut names: Vec<(ParamName, String)> = Vec::new();
    for line in file.lines() {
        if line.indented || line.words.len() < 3 {
            line.fail("expected `NAME TYPE FORMAT [const=IDENT]` at the start of the line");
        }
        let (name, ty, fmt) = (line.words[0], line.words[1], line.words[2]);
        check_type(&line, ty, fmt);
        let ident = match line.options(3, &["const"]).first() {
            Some((_, Some(c))) => const_name(&line, &c.to_ascii_lowercase()),
            Some((_, None)) => line.fail("`const` needs a value"),
            None => const_name(&line, name),
        };
        if let Some((_, at)) = names.iter().find(|(p, _)| p.name == name) {
            line.fail(format!("`{name}` already declared at {at}"));
        }
        if let Some((p, at)) = names.iter().find(|(p, _)| p.ident == ident) {
            line.fail(format!(
                "constant `{ident}` already names `{}` ({at}); give this one `const=IDENT`",
                p.name
            ));
        }
        let p = ParamName {
            name: name.to_owned(),
            ident,
            ty: ty.to_owned(),
            fmt: fmt.to_owned(),
        };
        names.push((p, line.at.clone()));
    }
    let mut names: Vec<ParamName> = names.into_iter().map(|(p, _)| p).collect();
    names.sort_by(|a, b| a.name.cmp(&b.name));
    names
}

/// `param_ids.rs`.
pub fn emit(names: &[ParamName]) -> String {
    let n = names.len();
    let mut s = String::new();
    writeln!(
        s,
        "/// Every parameter name, sorted; the index is the [`ParamId`]."
    )
    .unwrap();
    writeln!(s, "static PARAM_NAMES: [&str; {n}] = [").unwrap();
    for p in names {
        writeln!(s, "    {},", lit(&p.name)).unwrap();
    }
    writeln!(s, "];\n").unwrap();
    writeln!(
        s,
        "/// Type and format of the first parameter with each name in Falco's event-table order \
         (what\n/// `evt.rawarg.NAME` compiles to), by [`ParamId`]."
    )
    .unwrap();
    writeln!(s, "static PARAM_FIRST: [(ParamType, ParamFormat); {n}] = [").unwrap();
    for p in names {
        writeln!(s, "    (ParamType::{}, ParamFormat::{}),", p.ty, p.fmt).unwrap();
    }
    writeln!(s, "];\n").unwrap();
    writeln!(s, "impl ParamId {{").unwrap();
    for (i, p) in names.iter().enumerate() {
        writeln!(s, "    /// `{}`", p.name).unwrap();
        writeln!(s, "    pub const {}: ParamId = ParamId({i});", p.ident).unwrap();
    }
    writeln!(s, "}}\n").unwrap();
    writeln!(s, "/// Every constant with the name it stands for.").unwrap();
    writeln!(s, "#[cfg(test)]").unwrap();
    writeln!(
        s,
        "pub(crate) static ALL_CONSTANTS: [(ParamId, &str); {n}] = ["
    )
    .unwrap();
    for p in names {
        writeln!(s, "    (ParamId::{}, {}),", p.ident, lit(&p.name)).unwrap();
    }
    writeln!(s, "];").unwrap();
    s
}

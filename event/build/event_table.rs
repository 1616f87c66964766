//! `tables/events.txt`: every event name and the schema of each event decoded with parameters,
//! emitted as the sorted name table with one `EventType` constant per name (`event_types.rs`)
//! and as the schemas, by event type index and for enter events (`schemas.rs`).

use std::fmt::Write;

use crate::{
    flag_tables::Table,
    input::{const_name, lit, File, Line},
    param_names::{check_type, ParamName},
};

/// One parameter of a schema.
pub struct Param {
    /// Its name, declared in params.txt.
    pub name: String,
    /// `ParamType` variant.
    pub ty: String,
    /// `ParamFormat` variant.
    pub fmt: String,
    /// The Rust static of its flag table.
    pub table: Option<String>,
    /// Position of the directory-fd parameter (FsRelPath).
    pub dirfd: Option<usize>,
}

/// The schema of one direction of an event.
pub struct Schema {
    /// Parameter 0 is the return value.
    pub ret: bool,
    /// `FD_*` constants of the fd role.
    pub roles: Vec<&'static str>,
    /// Position of the fd parameter.
    pub fd_param: Option<usize>,
    /// Parameters in event order.
    pub params: Vec<Param>,
}

/// One event type.
pub struct Event {
    /// Its name (`openat`).
    pub name: String,
    /// Its `EventType` constant (`OPENAT`).
    pub ident: String,
    /// Exit (or meta event) schema; `None` for a generic event.
    pub exit: Option<Schema>,
    /// Enter schema (TOCTOU-mitigation events).
    pub enter: Option<Schema>,
}

/// A schema being read: references by name are resolved when the entry ends.
struct Open<'a> {
    event: usize,
    enter: bool,
    schema: Schema,
    fd_param: Option<(&'a str, String)>,
    dirfds: Vec<(usize, &'a str, String)>,
}

/// Parses the event table and sorts it by name, checking every reference against the declared
/// parameter names and flag tables.
pub fn parse(file: &File, names: &[ParamName], tables: &[Table]) -> Vec<Event> {
    let mut events: Vec<(Event, String)> = Vec::new();
    let mut open: Option<Open<'_>> = None;
    for line in file.lines() {
        if line.indented {
            let Some(o) = open.as_mut() else {
                line.fail("parameter line outside an `event` or `enter` entry");
            };
            let pos = o.schema.params.len();
            let (p, dirfd) = param(&line, names, tables);
            if let Some(d) = dirfd {
                o.dirfds.push((pos, d, line.at.clone()));
            }
            if o.schema.params.iter().any(|q| q.name == p.name) {
                line.fail(format!(
                    "parameter `{}` appears twice in this entry",
                    p.name
                ));
            }
            o.schema.params.push(p);
            continue;
        }
        if let Some(o) = open.take() {
            close(o, &mut events);
        }
        let (kw, name) = (line.word(0, "entry"), line.word(1, "event name"));
        let find = |events: &[(Event, String)]| events.iter().position(|(e, _)| e.name == name);
        match kw {
            "generic" | "event" => {
                if let Some(i) = find(&events) {
                    line.fail(format!("`{name}` already has an entry at {}", events[i].1));
                }
                events.push((
                    Event {
                        name: name.to_owned(),
                        ident: const_name(&line, name),
                        exit: None,
                        enter: None,
                    },
                    line.at.clone(),
                ));
                if kw == "generic" {
                    if line.words.len() > 2 {
                        line.fail("`generic NAME` takes nothing else");
                    }
                } else {
                    open = Some(header(&line, events.len() - 1, false));
                }
            }
            "enter" => {
                let Some(i) = find(&events) else {
                    line.fail(format!("`enter {name}` before `event {name}`"));
                };
                if events[i].0.exit.is_none() {
                    line.fail(format!(
                        "`{name}` is generic and cannot have an enter schema"
                    ));
                }
                if events[i].0.enter.is_some() {
                    line.fail(format!("`{name}` already has an enter schema"));
                }
                open = Some(header(&line, i, true));
            }
            other => line.fail(format!(
                "unknown entry `{other}` (expected `generic`, `event` or `enter`; parameter lines \
                 are indented)"
            )),
        }
    }
    if let Some(o) = open.take() {
        close(o, &mut events);
    }
    let mut events: Vec<Event> = events.into_iter().map(|(e, _)| e).collect();
    events.sort_by(|a, b| a.name.cmp(&b.name));
    if events.len() > usize::from(u16::MAX) {
        panic!("{}: more event types than a u16 numbers", file.name);
    }
    events
}

fn header<'a>(line: &Line<'a>, event: usize, enter: bool) -> Open<'a> {
    let allowed: &[&str] = if enter {
        &["fd", "fdparam"]
    } else {
        &["ret", "fd", "fdparam"]
    };
    let mut schema = Schema {
        ret: false,
        roles: Vec::new(),
        fd_param: None,
        params: Vec::new(),
    };
    let mut fd_param = None;
    for (k, v) in line.options(2, allowed) {
        match (k, v) {
            ("ret", None) => schema.ret = true,
            ("fd", Some(roles)) => {
                for r in roles.split(',') {
                    let c = match r {
                        "creates" => "FD_CREATES",
                        "uses" => "FD_USES",
                        "destroys" => "FD_DESTROYS",
                        _ => line.fail(format!("unknown fd role `{r}` (creates, uses, destroys)")),
                    };
                    if schema.roles.contains(&c) {
                        line.fail(format!("fd role `{r}` given twice"));
                    }
                    schema.roles.push(c);
                }
            }
            ("fdparam", Some(p)) => fd_param = Some((p, line.at.clone())),
            (k, _) => line.fail(format!("malformed option `{k}`")),
        }
    }
    Open {
        event,
        enter,
        schema,
        fd_param,
        dirfds: Vec::new(),
    }
}

fn param<'a>(line: &Line<'a>, names: &[ParamName], tables: &[Table]) -> (Param, Option<&'a str>) {
    let name = line.word(0, "parameter name");
    let ty = line.word(1, "parameter type");
    let fmt = line.word(2, "print format");
    check_type(line, ty, fmt);
    if !names.iter().any(|p| p.name == name) {
        line.fail(format!("parameter `{name}` is not declared in params.txt"));
    }
    let mut p = Param {
        name: name.to_owned(),
        ty: ty.to_owned(),
        fmt: fmt.to_owned(),
        table: None,
        dirfd: None,
    };
    let mut dirfd = None;
    for (k, v) in line.options(3, &["table", "dirfd"]) {
        let Some(v) = v else {
            line.fail(format!("`{k}` needs a value"));
        };
        if k == "table" {
            let Some(t) = tables.iter().find(|t| t.name == v) else {
                line.fail(format!("no flag table `{v}` in flags.txt"));
            };
            p.table = Some(t.ident.clone());
        } else {
            if ty != "FsRelPath" {
                line.fail("`dirfd=` belongs to FsRelPath parameters only");
            }
            dirfd = Some(v);
        }
    }
    if ty == "FsRelPath" && dirfd.is_none() {
        line.fail("an FsRelPath parameter needs `dirfd=PARAM`");
    }
    (p, dirfd)
}

/// Resolves the names an entry refers to and stores its schema.
fn close(mut o: Open<'_>, events: &mut [(Event, String)]) {
    let position = |schema: &Schema, name: &str, at: &str| {
        schema
            .params
            .iter()
            .position(|p| p.name == name)
            .unwrap_or_else(|| panic!("{at}: this entry has no parameter `{name}`"))
    };
    if let Some((name, at)) = o.fd_param {
        o.schema.fd_param = Some(position(&o.schema, name, &at));
    }
    for (pos, name, at) in o.dirfds {
        o.schema.params[pos].dirfd = Some(position(&o.schema, name, &at));
    }
    if o.schema.params.len() >= 255 {
        panic!("{}: too many parameters", events[o.event].1);
    }
    let ev = &mut events[o.event].0;
    if o.enter {
        ev.enter = Some(o.schema);
    } else {
        ev.exit = Some(o.schema);
    }
}

/// `event_types.rs`: the sorted names and the `EventType` constants.
pub fn emit_event_types(events: &[Event]) -> String {
    let n = events.len();
    let mut s = String::new();
    writeln!(
        s,
        "/// Every event type name, sorted; the index is the [`EventType`] number."
    )
    .unwrap();
    writeln!(s, "static EVENT_NAMES: [&str; {n}] = [").unwrap();
    for e in events {
        writeln!(s, "    {},", lit(&e.name)).unwrap();
    }
    writeln!(s, "];\n").unwrap();
    writeln!(s, "impl EventType {{").unwrap();
    for (i, e) in events.iter().enumerate() {
        writeln!(s, "    /// `{}`", e.name).unwrap();
        writeln!(s, "    pub const {}: EventType = EventType({i});", e.ident).unwrap();
    }
    writeln!(s, "}}\n").unwrap();
    writeln!(s, "/// Every constant with the name it stands for.").unwrap();
    writeln!(s, "#[cfg(test)]").unwrap();
    writeln!(
        s,
        "pub(crate) static ALL_CONSTANTS: [(EventType, &str); {n}] = ["
    )
    .unwrap();
    for e in events {
        writeln!(s, "    (EventType::{}, {}),", e.ident, lit(&e.name)).unwrap();
    }
    writeln!(s, "];").unwrap();
    s
}

fn emit_schema(s: &mut String, stat: &str, schema: &Schema, names: &[ParamName]) {
    let role = if schema.roles.is_empty() {
        "0".to_owned()
    } else {
        schema.roles.join(" | ")
    };
    let fd_param = schema
        .fd_param
        .map_or("NO_FD_PARAM".to_owned(), |p| p.to_string());
    writeln!(
        s,
        "static {stat}: EventSchema = EventSchema {{ has_return_value: {}, fd_role: {role}, \
         fd_param: {fd_param}, params: &[",
        schema.ret
    )
    .unwrap();
    for p in &schema.params {
        let id = &names
            .iter()
            .find(|n| n.name == p.name)
            .expect("declared")
            .ident;
        let table = p
            .table
            .as_ref()
            .map_or("None".to_owned(), |t| format!("Some(flags::{t})"));
        writeln!(
            s,
            "    P {{ name: {}, id: ParamId::{id}, ty: T::{}, fmt: F::{}, table: {table}, dirfd: {} }},",
            lit(&p.name),
            p.ty,
            p.fmt,
            p.dirfd.unwrap_or(0)
        )
        .unwrap();
    }
    writeln!(s, "]}};").unwrap();
}

/// `schemas.rs`: `S_*` (exit) and `E_*` (enter) statics, `EXIT_SCHEMAS` by event type index and
/// `enter_schema`.
pub fn emit_schemas(events: &[Event], names: &[ParamName]) -> String {
    let mut s = String::new();
    for e in events {
        if let Some(x) = &e.exit {
            emit_schema(&mut s, &format!("S_{}", e.ident), x, names);
        }
        if let Some(x) = &e.enter {
            emit_schema(&mut s, &format!("E_{}", e.ident), x, names);
        }
    }
    writeln!(s, "\n/// Exit (or meta) schema by event type index.").unwrap();
    writeln!(
        s,
        "pub(crate) static EXIT_SCHEMAS: [Option<&EventSchema>; {}] = [",
        events.len()
    )
    .unwrap();
    for e in events {
        match e.exit {
            Some(_) => writeln!(s, "    Some(&S_{}),", e.ident).unwrap(),
            None => writeln!(s, "    None,").unwrap(),
        }
    }
    writeln!(s, "];\n").unwrap();
    writeln!(
        s,
        "/// Enter schemas kept for the TOCTOU-mitigation enter events."
    )
    .unwrap();
    writeln!(
        s,
        "pub(crate) fn enter_schema(ty: EventType) -> Option<&'static EventSchema> {{\n    match ty {{"
    )
    .unwrap();
    for e in events.iter().filter(|e| e.enter.is_some()) {
        writeln!(s, "        EventType::{0} => Some(&E_{0}),", e.ident).unwrap();
    }
    writeln!(s, "        _ => None,\n    }}\n}}").unwrap();
    s
}

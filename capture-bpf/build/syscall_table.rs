//! `tables/syscalls.txt`: the syscalls capture decodes, emitted as `$OUT_DIR/syscall_table.rs`:
//! the entries, an index by syscall number and the numbers of each event type.

use std::{fmt::Write, path::Path};

/// Arguments a syscall has.
const ARGS: u8 = 6;

struct Entry {
    nr: u16,
    name: String,
    strs: Vec<u8>,
    sockaddr: Option<(u8, u8)>,
    mem: Option<(u8, u8)>,
    tuple: Option<u8>,
    argv: Option<u8>,
    special: &'static str,
    dirfds: Vec<u8>,
    fd_new: &'static str,
    at: String,
}

/// Reads `input` and writes the derived table to `output`, stopping the build with
/// `file:line: what is wrong` on a malformed line.
pub fn generate(input: &Path, rel: &str, output: &Path) {
    let text = std::fs::read_to_string(input)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", input.display()));
    let entries = parse(&text, rel);
    std::fs::write(output, emit(&entries))
        .unwrap_or_else(|e| panic!("write {}: {e}", output.display()));
}

fn parse(text: &str, rel: &str) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let at = format!("{rel}:{}", i + 1);
        let fail = |msg: String| -> ! { panic!("{at}: {msg}") };
        let words: Vec<&str> = raw
            .split('#')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        if words.is_empty() {
            continue;
        }
        if words.len() < 2 {
            fail("expected `NR NAME [OPTION...]`".into());
        }
        let nr: u16 = words[0]
            .parse()
            .unwrap_or_else(|_| fail(format!("`{}` is not a syscall number", words[0])));
        if let Some(e) = entries.iter().find(|e| e.nr == nr) {
            fail(format!("syscall {nr} already listed at {}", e.at));
        }
        let name = words[1];
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            fail(format!("`{name}` is not an event name"));
        }
        let mut e = Entry {
            nr,
            name: name.to_owned(),
            strs: Vec::new(),
            sockaddr: None,
            mem: None,
            tuple: None,
            argv: None,
            special: "SSE_SP_NONE",
            dirfds: Vec::new(),
            fd_new: "0_u8",
            at: at.clone(),
        };
        let arg = |s: &str| -> u8 {
            match s.parse::<u8>() {
                Ok(a) if a < ARGS => a,
                _ => fail(format!(
                    "`{s}` is not an argument index (0 to {})",
                    ARGS - 1
                )),
            }
        };
        let mut seen: Vec<&str> = Vec::new();
        for w in &words[2..] {
            let (k, v) = w
                .split_once('=')
                .unwrap_or_else(|| fail(format!("`{w}`: expected `OPTION=VALUE`")));
            if seen.contains(&k) {
                fail(format!("option `{k}` given twice"));
            }
            seen.push(k);
            match k {
                "str" => {
                    for a in v.split(',') {
                        let a = arg(a);
                        if e.strs.contains(&a) {
                            fail(format!("string argument {a} given twice"));
                        }
                        e.strs.push(a);
                    }
                }
                "sockaddr" => {
                    let (a, l) = v
                        .split_once(':')
                        .unwrap_or_else(|| fail(format!("`{v}`: expected `A:L`")));
                    e.sockaddr = Some((arg(a), arg(l)));
                }
                "mem" => {
                    let (a, n) = v
                        .split_once(':')
                        .unwrap_or_else(|| fail(format!("`{v}`: expected `A:N`")));
                    let n = n
                        .parse::<u8>()
                        .ok()
                        .filter(|n| *n > 0)
                        .unwrap_or_else(|| fail(format!("`{n}`: bytes to copy, 1 to 255")));
                    e.mem = Some((arg(a), n));
                }
                "tuple" => e.tuple = Some(arg(v)),
                "dirfd" => {
                    for a in v.split(',') {
                        let a = arg(a);
                        if e.dirfds.contains(&a) {
                            fail(format!("directory fd argument {a} given twice"));
                        }
                        e.dirfds.push(a);
                    }
                }
                "fd_new" => {
                    e.fd_new = match v {
                        "res" => "abi::SSE_FN_RES as u8",
                        "many" => "abi::SSE_FN_MANY as u8",
                        _ => fail(format!("unknown fd_new `{v}` (res, many)")),
                    }
                }
                "argv" => e.argv = Some(arg(v)),
                "special" => {
                    e.special = match v {
                        "exec" => "SSE_SP_EXEC",
                        "clone" => "SSE_SP_CLONE",
                        "file_res" => "SSE_SP_FILE_RES",
                        "tuple_res" => "SSE_SP_TUPLE_RES",
                        _ => fail(format!(
                            "unknown special `{v}` (exec, clone, file_res, tuple_res)"
                        )),
                    }
                }
                _ => fail(format!(
                    "unknown option `{k}` (str, sockaddr, mem, tuple, argv, special, dirfd, fd_new)"
                )),
            }
        }
        entries.push(e);
    }
    if entries.len() >= usize::from(u8::MAX) {
        panic!("{rel}: more syscalls than the u8 index by number holds");
    }
    entries
}

fn opt<T: std::fmt::Debug>(v: Option<T>) -> String {
    v.map_or("None".to_owned(), |v| format!("Some({v:?})"))
}

fn emit(entries: &[Entry]) -> String {
    let mut s = String::new();
    let n = entries.len();
    writeln!(s, "/// Every syscall capture decodes, in table order.").unwrap();
    writeln!(s, "pub static SYSCALLS: [Syscall; {n}] = [").unwrap();
    for e in entries {
        writeln!(
            s,
            "    Syscall {{ nr: {}, name: {:?}, ty: EventType::{}, collect: Collect {{ strs: &{:?}, \
             sockaddr: {}, mem: {}, tuple: {}, special: abi::{}, argv: {}, dirfds: &{:?}, fd_new: {} }} }},",
            e.nr,
            e.name,
            e.name.to_ascii_uppercase(),
            e.strs,
            opt(e.sockaddr),
            opt(e.mem),
            opt(e.tuple),
            e.special,
            opt(e.argv),
            e.dirfds,
            e.fd_new,
        )
        .unwrap();
    }
    writeln!(s, "];\n").unwrap();

    let max = entries.iter().map(|e| e.nr).max().unwrap_or(0);
    writeln!(s, "/// The highest syscall number in the table.").unwrap();
    writeln!(s, "const MAX_NR: u16 = {max};\n").unwrap();
    writeln!(
        s,
        "/// Position in [`SYSCALLS`] by syscall number; `NOT_DECODED` for the others."
    )
    .unwrap();
    writeln!(s, "static BY_NR: [u8; {}] = [", usize::from(max) + 1).unwrap();
    for nr in 0..=max {
        match entries.iter().position(|e| e.nr == nr) {
            Some(i) => writeln!(s, "    {i},").unwrap(),
            None => writeln!(s, "    NOT_DECODED,").unwrap(),
        }
    }
    writeln!(s, "];\n").unwrap();

    writeln!(
        s,
        "/// The syscall numbers that produce events of type `ty`."
    )
    .unwrap();
    writeln!(s, "fn numbers_by_type(ty: EventType) -> &'static [u16] {{").unwrap();
    writeln!(s, "    match ty {{").unwrap();
    let mut names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        let nrs: Vec<u16> = entries
            .iter()
            .filter(|e| e.name == name)
            .map(|e| e.nr)
            .collect();
        writeln!(
            s,
            "        EventType::{} => &{nrs:?},",
            name.to_ascii_uppercase()
        )
        .unwrap();
    }
    writeln!(s, "        _ => &[],\n    }}\n}}").unwrap();
    s
}

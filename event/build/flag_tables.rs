//! `tables/flags.txt`: flag and enum tables, emitted as one `pub static` per table.

use std::fmt::Write;

use crate::input::{const_name, lit, File};

/// One flag table.
pub struct Table {
    /// Its name in the table files (`file_flags`).
    pub name: String,
    /// The Rust static (`FILE_FLAGS`).
    pub ident: String,
    /// (symbol, value) in rendering order.
    pub entries: Vec<(String, u32)>,
}

/// Parses the flag tables, failing on an entry outside a table, a malformed value, a repeated
/// table name, an empty table.
pub fn parse(file: &File) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    let mut last_header = String::new();
    for line in file.lines() {
        if !line.indented {
            if line.words[0] != "table" || line.words.len() != 2 {
                line.fail("expected `table NAME` or an indented `SYMBOL VALUE` line");
            }
            if let Some(t) = tables.last() {
                if t.entries.is_empty() {
                    panic!("{last_header}: table `{}` has no entries", t.name);
                }
            }
            let name = line.words[1];
            if tables.iter().any(|t| t.name == name) {
                line.fail(format!("table `{name}` defined twice"));
            }
            tables.push(Table {
                name: name.to_owned(),
                ident: const_name(&line, name),
                entries: Vec::new(),
            });
            last_header = line.at.clone();
            continue;
        }
        let Some(table) = tables.last_mut() else {
            line.fail("entry before any `table` line");
        };
        if line.words.len() != 2 {
            line.fail("expected `SYMBOL VALUE`");
        }
        let value = parse_u32(line.words[1]).unwrap_or_else(|| {
            line.fail(format!("`{}` is not a u32 (decimal or 0x)", line.words[1]))
        });
        table.entries.push((line.words[0].to_owned(), value));
    }
    if let Some(t) = tables.last() {
        if t.entries.is_empty() {
            panic!("{last_header}: table `{}` has no entries", t.name);
        }
    }
    tables
}

fn parse_u32(s: &str) -> Option<u32> {
    match s.strip_prefix("0x") {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => s.parse().ok(),
    }
}

/// `flag_tables.rs`: the statics, in file order, and (for tests) the list of every table.
pub fn emit(tables: &[Table]) -> String {
    let mut s = String::new();
    for t in tables {
        writeln!(s, "/// The `{}` table.", t.name).unwrap();
        writeln!(s, "pub static {}: FlagTable = &[", t.ident).unwrap();
        for (sym, v) in &t.entries {
            writeln!(s, "    ({}, {v}),", lit(sym)).unwrap();
        }
        writeln!(s, "];\n").unwrap();
    }
    writeln!(s, "/// Every table with its name, in file order.").unwrap();
    writeln!(s, "#[cfg(test)]").unwrap();
    writeln!(
        s,
        "pub(crate) static ALL_TABLES: [(&str, FlagTable); {}] = [",
        tables.len()
    )
    .unwrap();
    for t in tables {
        writeln!(s, "    ({}, {}),", lit(&t.name), t.ident).unwrap();
    }
    writeln!(s, "];").unwrap();
    s
}

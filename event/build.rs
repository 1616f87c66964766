//! Build script: derives the event tables from the declarative files in `tables/` (parameter
//! names, flag tables, the event table) into `$OUT_DIR/*.rs`, which the crate `include!`s:
//!
//! * `event_types.rs`: the sorted event names and one `EventType` constant per name;
//! * `param_ids.rs`: the sorted parameter names, the type of each, one `ParamId` constant per name;
//! * `schemas.rs`: the schema of each event, the schemas by event type index, the enter schemas;
//! * `flag_tables.rs`: one static per flag table.
//!
//! A malformed input file stops the build with `file:line: what is wrong`.

use std::{env, fs, path::PathBuf};

#[path = "build/event_table.rs"]
mod event_table;
#[path = "build/flag_tables.rs"]
mod flag_tables;
#[path = "build/input.rs"]
mod input;
#[path = "build/param_names.rs"]
mod param_names;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-changed=build");

    let read = |name: &str| input::File::read(&manifest, &format!("tables/{name}"));
    let flags = read("flags.txt");
    let params = read("params.txt");
    let events = read("events.txt");

    let tables = flag_tables::parse(&flags);
    let names = param_names::parse(&params);
    let table = event_table::parse(&events, &names, &tables);

    let write = |name: &str, text: String| {
        fs::write(out.join(name), text).unwrap_or_else(|e| panic!("write {name}: {e}"));
    };
    write("flag_tables.rs", flag_tables::emit(&tables));
    write("param_ids.rs", param_names::emit(&names));
    write("event_types.rs", event_table::emit_event_types(&table));
    write("schemas.rs", event_table::emit_schemas(&table, &names));
}

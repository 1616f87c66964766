//! `syssentry fields`: the field registry, as a table or JSON.

use std::io::Write;
use std::process::ExitCode;
use syssentry_engine::fields;

/// Prints every field with its type and one-line description.
pub fn run(json: bool) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let registry = fields::registry();
    if json {
        let list: Vec<serde_json::Value> = registry
            .iter()
            .map(|f| {
                serde_json::json!({
                    "name": f.name,
                    "type": f.ty.as_str(),
                    "arg": f.arg_usage(),
                    "filter_only": f.has(fields::FILTER_ONLY),
                    "list": f.has(fields::IS_LIST),
                    "description": f.doc,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &list)?;
        writeln!(out)?;
    } else {
        let width = registry.iter().map(|f| f.name.len()).max().unwrap_or(4);
        for f in registry {
            writeln!(out, "{:<width$}  {:<8}  {}", f.name, f.ty.as_str(), f.doc)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! [`Loader`]: rules sources (files, directories of `*.yaml`/`*.yml`, in-memory text) read in
//! order into one collector, Falco style, finalized after each file.
//!
//! Place in the data flow: rules files → **loader** ([`yaml`] → [`reader`] →
//! [`collector`](super::collector), then [`finalize`](super::finalize) after each file) →
//! [`LoadOutput`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::collector::Collector;
use super::finalize::{finalize, Finalized};
use super::loaded::LoadOutput;
use super::reader;
use super::select::matches_wildcard;
use super::yaml;
use crate::diag::{Code, Diagnostic, Diagnostics, Location};

#[derive(Debug)]
enum Pending {
    Path(PathBuf),
    Text { name: String, bytes: Vec<u8> },
}

/// Loads rules sources in order into one collector, Falco style.
#[derive(Debug, Default)]
pub struct Loader {
    pending: Vec<Pending>,
}

impl Loader {
    /// An empty loader.
    pub fn new() -> Self {
        Loader::default()
    }

    /// Adds a file, or a directory whose regular `*.yaml`/`*.yml` files are loaded in byte order
    /// of their paths. As in Falco, a single file not named `*.yaml`/`*.yml` is ignored.
    pub fn add_file(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.pending
            .push(Pending::Path(path.as_ref().to_path_buf()));
        self
    }

    /// Adds in-memory rules content under a display name.
    pub fn add_source(&mut self, name: impl Into<String>, text: impl Into<Vec<u8>>) -> &mut Self {
        self.pending.push(Pending::Text {
            name: name.into(),
            bytes: text.into(),
        });
        self
    }

    /// Reads everything, in order, and returns the final state with all diagnostics.
    pub fn load(self) -> LoadOutput {
        let mut out = LoadOutput::default();
        let mut col = Collector::new();
        let mut poisoned = reader::Poisoned::default();
        let mut seen: HashSet<(Code, String, Option<Location>)> = HashSet::new();
        let mut last: Option<(Finalized, Vec<Diagnostic>)> = None;
        for p in self.pending {
            for (name, bytes) in expand(p, &mut out.diagnostics) {
                let name: Arc<str> = name.into();
                let bytes: Arc<[u8]> = bytes.into();
                out.sources.insert(name.clone(), bytes.clone());
                read_one(&name, &bytes, &mut col, &mut out.diagnostics, &mut poisoned);
                // Falco compiles the whole collection after each file: an earlier file must
                // stand on what has been read so far. Report each problem once.
                let (fin, diags, unused) = finalize(&col, &out.sources);
                for d in diags {
                    if seen.insert((d.code, d.message.clone(), d.location.clone())) {
                        out.diagnostics.push(d);
                    }
                }
                last = Some((fin, unused));
            }
        }
        let (fin, unused) = last.unwrap_or_else(|| {
            let (fin, _, unused) = finalize(&col, &out.sources);
            (fin, unused)
        });
        // Like Falco, unused items are reported only for a successful load.
        if !out.diagnostics.has_errors() {
            for d in unused {
                out.diagnostics.push(d);
            }
        }
        out.rules = fin.rules;
        out.macros = fin.macros;
        out.lists = fin.lists;
        out.required_engine_version = col.required_engine_version;
        out.required_plugin_versions = col.required_plugin_versions;
        out
    }
}

fn expand(p: Pending, diags: &mut Diagnostics) -> Vec<(String, Vec<u8>)> {
    match p {
        Pending::Text { name, bytes } => vec![(name, bytes)],
        Pending::Path(path) => {
            let display = path.display().to_string();
            if path.is_dir() {
                let entries = match std::fs::read_dir(&path) {
                    Ok(e) => e,
                    Err(e) => {
                        diags.push(Diagnostic::new(
                            Code::ErrFileRead,
                            format!("could not read directory {display}: {e}"),
                        ));
                        return Vec::new();
                    }
                };
                let mut files: Vec<PathBuf> = entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_file())
                    .collect();
                files.sort_by(|a, b| {
                    a.as_os_str()
                        .as_encoded_bytes()
                        .cmp(b.as_os_str().as_encoded_bytes())
                });
                files
                    .into_iter()
                    .filter(|f| is_yaml_name(&f.display().to_string()))
                    .filter_map(|f| read_path(&f, diags))
                    .collect()
            } else if is_yaml_name(&display) {
                read_path(&path, diags).into_iter().collect()
            } else {
                Vec::new()
            }
        }
    }
}

fn is_yaml_name(s: &str) -> bool {
    matches_wildcard("*.yaml", s) || matches_wildcard("*.yml", s)
}

fn read_path(path: &Path, diags: &mut Diagnostics) -> Option<(String, Vec<u8>)> {
    let display = path.display().to_string();
    match std::fs::metadata(path) {
        Ok(m) if m.len() > yaml::MAX_INPUT_BYTES as u64 => {
            diags.push(Diagnostic::new(
                Code::ErrFileRead,
                format!(
                    "could not read file {display}: {} bytes, more than the {} accepted",
                    m.len(),
                    yaml::MAX_INPUT_BYTES
                ),
            ));
            return None;
        }
        _ => {}
    }
    match std::fs::read(path) {
        Ok(b) => Some((display, b)),
        Err(e) => {
            diags.push(Diagnostic::new(
                Code::ErrFileRead,
                format!("could not read file {display}: {e}"),
            ));
            None
        }
    }
}

fn read_one(
    name: &Arc<str>,
    bytes: &[u8],
    col: &mut Collector,
    diags: &mut Diagnostics,
    poisoned: &mut reader::Poisoned,
) {
    let at = |pos: Option<yaml::Pos>| {
        pos.map(|p| Location {
            file: name.clone(),
            line: p.line,
            column: p.column,
            offset: p.offset,
        })
    };
    let text = match yaml::decode_text(bytes) {
        Ok(t) => t,
        Err(e) => {
            let code = if matches!(e, yaml::YamlError::TooLarge { .. }) {
                Code::ErrFileRead
            } else {
                Code::ErrYamlParse
            };
            diags.push(Diagnostic::new(code, e.to_string()).at(at(e.pos())));
            return;
        }
    };
    let docs = match yaml::parse_documents(text) {
        Ok(d) => d,
        Err(e) => {
            diags.push(Diagnostic::new(Code::ErrYamlParse, e.to_string()).at(at(e.pos())));
            return;
        }
    };
    reader::read_documents(name, &docs, col, diags, poisoned);
}

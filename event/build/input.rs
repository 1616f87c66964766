//! Reading the table files: lines without comments and blank lines, split into words, with the
//! file and line number kept for error messages.

use std::path::Path;

/// One table file.
pub struct File {
    /// The path as the error messages show it (relative to the crate).
    pub name: String,
    text: String,
}

/// One meaningful line of a table file.
pub struct Line<'a> {
    /// `file:line`, for error messages.
    pub at: String,
    /// Whether the line starts with white space (a line inside an entry).
    pub indented: bool,
    /// The words of the line, comment removed.
    pub words: Vec<&'a str>,
}

impl File {
    /// Reads `rel` below the crate directory and asks Cargo to rerun the build when it changes.
    pub fn read(manifest: &Path, rel: &str) -> File {
        let path = manifest.join(rel);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        File {
            name: rel.to_owned(),
            text,
        }
    }

    /// The lines that hold something.
    pub fn lines(&self) -> impl Iterator<Item = Line<'_>> {
        self.text.lines().enumerate().filter_map(|(i, raw)| {
            let text = raw.split('#').next().unwrap_or("");
            let words: Vec<&str> = text.split_whitespace().collect();
            (!words.is_empty()).then(|| Line {
                at: format!("{}:{}", self.name, i + 1),
                indented: raw.starts_with([' ', '\t']),
                words,
            })
        })
    }
}

impl<'a> Line<'a> {
    /// Stops the build with a message naming this line.
    pub fn fail(&self, msg: impl std::fmt::Display) -> ! {
        panic!("{}: {msg}", self.at)
    }

    /// Word `i`, or a failure saying what was expected there.
    pub fn word(&self, i: usize, what: &str) -> &'a str {
        self.words
            .get(i)
            .copied()
            .unwrap_or_else(|| self.fail(format!("{what} missing")))
    }

    /// Splits the words from `from` on as `key=value` (value `None` for a bare word), failing on
    /// a key that is not in `allowed` or that is repeated.
    pub fn options(&self, from: usize, allowed: &[&str]) -> Vec<(&'a str, Option<&'a str>)> {
        let mut seen: Vec<(&'a str, Option<&'a str>)> = Vec::new();
        for w in self.words.iter().skip(from) {
            let w: &'a str = w;
            let (k, v) = match w.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => (w, None),
            };
            if !allowed.contains(&k) {
                self.fail(format!(
                    "unknown option `{k}` (expected one of {allowed:?})"
                ));
            }
            if seen.iter().any(|(s, _)| *s == k) {
                self.fail(format!("option `{k}` given twice"));
            }
            if v == Some("") {
                self.fail(format!("option `{k}=` without a value"));
            }
            seen.push((k, v));
        }
        seen
    }
}

/// The name of the Rust constant for a table name (`openat` → `OPENAT`), failing when the name
/// is not made of lower-case ASCII letters, digits and underscores, or starts with a digit.
pub fn const_name(line: &Line<'_>, name: &str) -> String {
    let ok = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !ok {
        line.fail(format!("`{name}` is not a valid name"));
    }
    name.to_ascii_uppercase()
}

/// A Rust string literal of `s`.
pub fn lit(s: &str) -> String {
    format!("{s:?}")
}

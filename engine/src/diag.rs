//! Diagnostics: errors and warnings with a stable code, a file position and notes.
//!
//! Place in the data flow: produced while rules files are read, collected and compiled
//! (`rules`, `filter`), consumed by the CLI and the Fluent Bit plugin, which print them with
//! [`Diagnostic::render`] before refusing (errors) or accepting (warnings only) a rule set.
//!
//! Codes reuse Falco's `LOAD_*` names so users can search for them in Falco's documentation.

use std::{collections::HashMap, fmt, sync::Arc};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The rules cannot be used.
    Error,
    /// The rules load, but something is probably not what the author meant.
    Warning,
}

impl Severity {
    /// Lower-case name used in rendered output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident => $text:literal, $sev:ident; )*) => {
        /// A stable diagnostic code; the string form is Falco's name where Falco has one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable string form (`LOAD_ERR_YAML_PARSE`, ...).
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $text, )* }
            }

            /// The severity diagnostics with this code normally have.
            pub fn default_severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }
        }
    };
}

codes! {
    /// A file could not be read (missing, unreadable, too large, not UTF-8 text).
    ErrFileRead => "LOAD_ERR_FILE_READ", Error;
    /// The text is not valid YAML.
    ErrYamlParse => "LOAD_ERR_YAML_PARSE", Error;
    /// The YAML has the wrong shape: missing keys, wrong types, empty values.
    ErrYamlValidate => "LOAD_ERR_YAML_VALIDATE", Error;
    /// A condition does not parse or compile.
    ErrCompileCondition => "LOAD_ERR_COMPILE_CONDITION", Error;
    /// An output format does not compile.
    ErrCompileOutput => "LOAD_ERR_COMPILE_OUTPUT", Error;
    /// A rule, macro, list or exception is inconsistent (append without definition, ...).
    ErrValidate => "LOAD_ERR_VALIDATE", Error;
    /// A rule names a source no one provides; the rule is skipped.
    UnknownSource => "LOAD_UNKNOWN_SOURCE", Warning;
    /// A condition compares a field with `<NA>`.
    UnsafeNaCheck => "LOAD_UNSAFE_NA_CHECK", Warning;
    /// A rule matches too many event types.
    NoEvttype => "LOAD_NO_EVTTYPE", Warning;
    /// A rule with `skip-if-unknown-filter` was dropped because of an unknown field.
    UnknownFilter => "LOAD_UNKNOWN_FILTER", Warning;
    /// A macro no rule or macro refers to.
    UnusedMacro => "LOAD_UNUSED_MACRO", Warning;
    /// A list no rule, macro or list refers to.
    UnusedList => "LOAD_UNUSED_LIST", Warning;
    /// A top-level item of unknown kind.
    UnknownItem => "LOAD_UNKNOWN_ITEM", Warning;
    /// A deprecated construct (`append: true`, standalone `enabled`, ...).
    DeprecatedItem => "LOAD_DEPRECATED_ITEM", Warning;
    /// An appended exception without values.
    AppendNoValues => "LOAD_APPEND_NO_VALUES", Warning;
    /// Two exceptions of one rule share a name.
    ExceptionNameNotUnique => "LOAD_EXCEPTION_NAME_NOT_UNIQUE", Warning;
    /// A macro name that can never be referenced.
    InvalidMacroName => "LOAD_INVALID_MACRO_NAME", Warning;
    /// A list name that can never be substituted.
    InvalidListName => "LOAD_INVALID_LIST_NAME", Warning;
    /// A compiler hint about a condition.
    CompileCondition => "LOAD_COMPILE_CONDITION", Warning;
    /// An unknown key inside a known item; the key is ignored.
    UnknownKey => "LOAD_UNKNOWN_KEY", Warning;
    /// A `required_plugin_versions` entry names a plugin syssentry does not provide.
    UnknownPlugin => "LOAD_UNKNOWN_PLUGIN", Warning;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A position in a source file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// Display path of the file (or the name given to an in-memory source).
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// Byte offset in the file.
    pub offset: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// The kind of rules-file item a diagnostic is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    /// `- rule:`
    Rule,
    /// `- macro:`
    Macro,
    /// `- list:`
    List,
    /// `- required_engine_version:`
    RequiredEngineVersion,
    /// `- required_plugin_versions:`
    RequiredPluginVersions,
    /// Anything else.
    Unknown,
}

impl ItemKind {
    /// Lower-case name used in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Rule => "rule",
            ItemKind::Macro => "macro",
            ItemKind::List => "list",
            ItemKind::RequiredEngineVersion => "required_engine_version",
            ItemKind::RequiredPluginVersions => "required_plugin_versions",
            ItemKind::Unknown => "item",
        }
    }
}

/// The item a diagnostic is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemRef {
    /// Its kind.
    pub kind: ItemKind,
    /// Its name (empty when it has none or the name could not be read).
    pub name: String,
}

/// One error or warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code.
    pub code: Code,
    /// What is wrong, in Falco's words where Falco has a message.
    pub message: String,
    /// Where (absent for problems that have no position, e.g. a missing file).
    pub location: Option<Location>,
    /// The item concerned.
    pub item: Option<ItemRef>,
    /// Extra explanations, printed after the snippet.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.default_severity(),
            code,
            message: message.into(),
            location: None,
            item: None,
            notes: Vec::new(),
        }
    }

    /// Sets the location.
    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// Sets the item.
    pub fn item(mut self, kind: ItemKind, name: impl Into<String>) -> Self {
        self.item = Some(ItemRef {
            kind,
            name: name.into(),
        });
        self
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Is this an error?
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// One-line form: `file:line:col: error[CODE]: rule 'x': message`.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        if let Some(loc) = &self.location {
            s.push_str(&format!("{loc}: "));
        }
        s.push_str(&format!(
            "{}[{}]: ",
            self.severity.as_str(),
            self.code.as_str()
        ));
        s.push_str(&self.headline());
        s
    }

    fn headline(&self) -> String {
        match &self.item {
            Some(item) if !item.name.is_empty() => {
                format!("{} '{}': {}", item.kind.as_str(), item.name, self.message)
            }
            _ => self.message.clone(),
        }
    }

    /// Multi-line form with the offending source line and a caret under the column.
    pub fn render(&self, sources: &SourceMap) -> String {
        let mut out = format!(
            "{}[{}]: {}\n",
            self.severity.as_str(),
            self.code.as_str(),
            self.headline()
        );
        if let Some(loc) = &self.location {
            let line_no = loc.line.to_string();
            let pad = " ".repeat(line_no.len());
            out.push_str(&format!("{pad}--> {loc}\n"));
            if let Some(text) = sources.get(&loc.file) {
                if let Some((shown, caret)) = snippet(text, loc.offset) {
                    out.push_str(&format!("{pad} |\n"));
                    out.push_str(&format!("{line_no} | {shown}\n"));
                    out.push_str(&format!("{pad} | {}^\n", " ".repeat(caret)));
                }
            }
            for n in &self.notes {
                out.push_str(&format!("{pad} = note: {n}\n"));
            }
        } else {
            for n in &self.notes {
                out.push_str(&format!(" = note: {n}\n"));
            }
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary())
    }
}

/// Characters of context shown on each side of the column on long lines.
const SNIPPET_HALF_WIDTH: usize = 60;

/// The line containing `offset`, clipped around it, made printable; and the caret column
/// (in characters) within the returned text.
fn snippet(text: &[u8], offset: usize) -> Option<(String, usize)> {
    if text.is_empty() {
        return None;
    }
    // Like Falco, a position on a line break or past the end of file (a dangling `key:` at
    // the end) is moved back to the last character before it.
    let mut pos = offset.min(text.len());
    while pos > 0 && (pos >= text.len() || text[pos] == b'\n') {
        pos -= 1;
    }
    let line_start = text[..pos]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line_end = text[pos..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| pos + i);
    let mut line = &text[line_start..line_end];
    if line.last() == Some(&b'\r') {
        line = &line[..line.len() - 1];
    }
    let col_bytes = (pos - line_start).min(line.len());
    // Clip by bytes first so a 1 MB line costs only the window.
    let window = SNIPPET_HALF_WIDTH * 4;
    let from = col_bytes.saturating_sub(window);
    let to = (col_bytes + window).min(line.len());
    let before = String::from_utf8_lossy(&line[from..col_bytes]);
    let after = String::from_utf8_lossy(&line[col_bytes..to]);
    let clean = |c: char| if c.is_control() { ' ' } else { c };
    let mut before: Vec<char> = before.chars().map(clean).collect();
    let mut after: Vec<char> = after.chars().map(clean).collect();
    let mut clipped_left = from > 0;
    let mut clipped_right = to < line.len();
    if before.len() > SNIPPET_HALF_WIDTH {
        before.drain(..before.len() - SNIPPET_HALF_WIDTH);
        clipped_left = true;
    }
    if after.len() > SNIPPET_HALF_WIDTH {
        after.truncate(SNIPPET_HALF_WIDTH);
        clipped_right = true;
    }
    let mut shown = String::new();
    let mut caret = before.len();
    if clipped_left {
        shown.push_str("...");
        caret += 3;
    }
    shown.extend(before);
    shown.extend(after);
    if clipped_right {
        shown.push_str("...");
    }
    Some((shown, caret))
}

/// The text of every loaded source, by display name, for rendering snippets.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: HashMap<Arc<str>, Arc<[u8]>>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        SourceMap::default()
    }

    /// Records (or replaces) the content of a source.
    pub fn insert(&mut self, name: Arc<str>, content: Arc<[u8]>) {
        self.files.insert(name, content);
    }

    /// The content of a source.
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.files.get(name).map(|c| &c[..])
    }

    /// Number of sources.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Is the map empty?
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// An ordered collection of diagnostics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Diagnostics::default()
    }

    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds all of another collection.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Is there any error?
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// All diagnostics in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// Errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    /// Warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Is the collection empty?
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every diagnostic rendered with [`Diagnostic::render`], separated by blank lines.
    pub fn render(&self, sources: &SourceMap) -> String {
        let mut out = String::new();
        for (i, d) in self.items.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&d.render(sources));
        }
        out
    }

    /// Keeps only the diagnostics for which `keep` returns true.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(file: &str, line: u32, column: u32, offset: usize) -> Option<Location> {
        Some(Location {
            file: file.into(),
            line,
            column,
            offset,
        })
    }

    #[test]
    fn renders_line_and_caret() {
        let text = "- rule: Foo\n  condition: proc.name = x y\n";
        let mut sm = SourceMap::new();
        sm.insert("r.yaml".into(), text.as_bytes().into());
        let off = text.find("x y").unwrap();
        let d = Diagnostic::new(Code::ErrCompileCondition, "unexpected token")
            .item(ItemKind::Rule, "Foo")
            .at(loc("r.yaml", 2, 26, off));
        let r = d.render(&sm);
        assert_eq!(
            r,
            "error[LOAD_ERR_COMPILE_CONDITION]: rule 'Foo': unexpected token\n --> r.yaml:2:26\n  |\n2 |   condition: proc.name = x y\n  |                          ^\n"
        );
    }

    #[test]
    fn clips_long_lines_and_tolerates_binary() {
        let mut text = vec![b'a'; 1_000_000];
        text[500_000] = 0xff;
        text.extend_from_slice(b"\n");
        let mut sm = SourceMap::new();
        sm.insert("big".into(), text.into());
        let d = Diagnostic::new(Code::ErrYamlParse, "bad").at(loc("big", 1, 500_001, 500_000));
        let r = d.render(&sm);
        assert!(r.len() < 600, "{}", r.len());
        let lines: Vec<&str> = r.lines().collect();
        let src = lines[3];
        let caret = lines[4];
        let caret_col = caret.chars().count() - 1;
        assert_eq!(src.chars().nth(caret_col), Some('\u{fffd}'));
    }

    #[test]
    fn offset_past_end_points_at_last_char() {
        let text = "tags:\n";
        let mut sm = SourceMap::new();
        sm.insert("f".into(), text.as_bytes().into());
        let d = Diagnostic::new(Code::ErrYamlValidate, "x").at(loc("f", 2, 1, 6));
        let r = d.render(&sm);
        assert!(r.contains("| tags:"), "{r}");
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(Code::ErrYamlParse.as_str(), "LOAD_ERR_YAML_PARSE");
        assert_eq!(Code::UnknownKey.as_str(), "LOAD_UNKNOWN_KEY");
        assert_eq!(Code::UnknownKey.default_severity(), Severity::Warning);
        let mut d = Diagnostics::new();
        d.push(Diagnostic::new(Code::UnusedList, "u"));
        assert!(!d.has_errors());
        d.push(Diagnostic::new(Code::ErrValidate, "e"));
        assert_eq!((d.error_count(), d.warning_count()), (1, 1));
    }
}

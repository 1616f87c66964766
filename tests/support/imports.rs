//! The file-level import graph of a crate's module tree and its cycles: the Rust port of the
//! `cycles.py` script (same rules, same edges, same report), used by `tests/architecture.rs` to
//! hold every crate to one-way layering inside the crate (a file never depends, directly or
//! through others, on a file that depends on it). The same reading of the sources (comments,
//! literals and test modules left out) serves that test's checks on the front ends' code.
//!
//! Modules are files: `a/b.rs` is `a::b`, `a/mod.rs` is `a`, the `lib.rs` or `main.rs` at the top
//! is the root. Edges (file → file it depends on) come from:
//! * `use` trees, fully expanded (nested braces, `self`, globs `*`, `as` renames,
//!   `pub(crate) use`);
//! * paths in code starting with `crate::`, `super::`, `self::` or the name of a child module;
//! * `mod child;` / `mod child { .. }` declarations: a module depends on its children, so a child
//!   importing from its parent or from any ancestor closes a cycle.
//!
//! `#[cfg(test)]` modules are left out (test code is not part of the layering), and so are
//! comments, string and char literals. A path resolves to the longest prefix that is a module
//! file: `crate::a::T` re-exported by `a/mod.rs` from `a/b.rs` is an edge to `a`, the
//! re-exporting file, not to `a::b`. Cycles are the strongly connected components of more than
//! one file (Tarjan), reported as `cycles.py` prints them.
//!
//! Where this port differs from `cycles.py`: when a directory holds both `lib.rs` and `main.rs`,
//! the root is `lib.rs` (the library; `main.rs` is a binary crate of its own that reaches the
//! library by its crate name), where `cycles.py` keeps whichever file the directory listing
//! names last; and [`ModuleTree::with_root`] takes a root that lives outside the directory (a
//! build script whose modules sit in `build/` behind `#[path]`).

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// A module's path inside its crate (`["a", "b"]` for `a::b`; empty for the root).
pub type ModPath = Vec<String>;

/// How a module is named in reports: `a::b`, or `<root>` for the crate root.
pub fn module_name(m: &[String]) -> String {
    if m.is_empty() {
        "<root>".to_string()
    } else {
        m.join("::")
    }
}

/// The module files of one crate (or of one directory of it).
#[derive(Debug, Clone, Default)]
pub struct ModuleTree {
    files: BTreeMap<ModPath, PathBuf>,
}

impl ModuleTree {
    /// Every `.rs` file under `src`, named by its path relative to `src` (see the module docs).
    /// Of two files that name the same module, `lib.rs` wins over `main.rs`, otherwise the first
    /// in path order (`a.rs` beside `a/mod.rs`, which rustc rejects anyway). Panics when `src`
    /// cannot be read.
    pub fn of_dir(src: &Path) -> ModuleTree {
        let mut found = Vec::new();
        walk(src, &mut found);
        found.sort();
        let mut files: BTreeMap<ModPath, PathBuf> = BTreeMap::new();
        for p in found {
            let rel = p.strip_prefix(src).expect("a file under the walked directory");
            let mut parts: Vec<String> = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
            let last = parts.pop().expect("a file name");
            let stem = last.strip_suffix(".rs").expect("a .rs file").to_string();
            if !matches!(stem.as_str(), "mod" | "lib" | "main") {
                parts.push(stem.clone());
            }
            match files.get(&parts) {
                // `lib.rs` beside `main.rs`: the library is the module tree.
                Some(_) if stem == "main" => {}
                Some(old) if old.file_name().is_some_and(|n| n == "main.rs") => {
                    files.insert(parts, p);
                }
                Some(_) => {}
                None => {
                    files.insert(parts, p);
                }
            }
        }
        ModuleTree { files }
    }

    /// The same tree with `root` (a file outside the directory, such as `build.rs` whose modules
    /// live in `build/` behind `#[path]`) as its crate root.
    pub fn with_root(mut self, root: &Path) -> ModuleTree {
        self.files.insert(Vec::new(), root.to_path_buf());
        self
    }

    /// The module files, by module path.
    pub fn files(&self) -> &BTreeMap<ModPath, PathBuf> {
        &self.files
    }

    /// Modules that only exist in test builds (declared `#[cfg(test)] mod name;` by their parent)
    /// and everything below them.
    pub fn test_only(&self) -> BTreeSet<ModPath> {
        let mut roots = Vec::new();
        for (m, p) in &self.files {
            let code = strip_comments_and_literals(&read(p));
            for c in TEST_MOD_DECL.captures_iter(&code) {
                let mut child = m.clone();
                child.push(c[1].to_string());
                roots.push(child);
            }
        }
        self.files.keys().filter(|m| roots.iter().any(|r| m.starts_with(r))).cloned().collect()
    }

    /// The non-test code of every file that is not [test-only](Self::test_only), as
    /// (file, code without comments, literals and `#[cfg(test)]` modules).
    pub fn non_test_code(&self) -> Vec<(PathBuf, String)> {
        let test_only = self.test_only();
        self.files
            .iter()
            .filter(|(m, _)| !test_only.contains(*m))
            .map(|(_, p)| (p.clone(), drop_test_modules(&strip_comments_and_literals(&read(p)))))
            .collect()
    }

    /// The import graph of these files. Panics when a file cannot be read.
    pub fn graph(&self) -> ImportGraph {
        let mods = &self.files;
        let mut edges: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
        for (m, p) in mods {
            let children: BTreeSet<&str> = mods
                .keys()
                .filter(|k| k.len() == m.len() + 1 && k.starts_with(m))
                .map(|k| k[k.len() - 1].as_str())
                .collect();
            let (paths, declared) = uses(&read(p), &children);
            let out = edges.entry(m.clone()).or_default();
            for c in declared {
                let mut child = m.clone();
                child.push(c);
                if mods.contains_key(&child) {
                    out.insert(child);
                }
            }
            for u in paths {
                let Some(first) = u.first() else { continue };
                let path: ModPath = if first == "crate" {
                    u[1..].to_vec()
                } else if first == "super" || first == "self" {
                    // `self` is this module, `super` its parent (a file module `a/b.rs` is `a::b`).
                    let mut base = m.clone();
                    let mut i = 0;
                    while i < u.len() && (u[i] == "super" || u[i] == "self") {
                        if u[i] == "super" {
                            base.pop();
                        }
                        i += 1;
                    }
                    base.extend_from_slice(&u[i..]);
                    base
                } else if children.contains(first.as_str()) {
                    // Relative to this module (2018 paths): a child module of that name.
                    let mut base = m.clone();
                    base.extend_from_slice(&u);
                    base
                } else {
                    continue; // another crate, the prelude, or a name in scope
                };
                if let Some(t) = resolve(mods, &path) {
                    if t != *m {
                        out.insert(t);
                    }
                }
            }
        }
        ImportGraph { edges }
    }
}

/// File → files it depends on, for every module file of a [`ModuleTree`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportGraph {
    edges: BTreeMap<ModPath, BTreeSet<ModPath>>,
}

impl ImportGraph {
    /// The edges, by module (every module has an entry, possibly empty).
    pub fn edges(&self) -> &BTreeMap<ModPath, BTreeSet<ModPath>> {
        &self.edges
    }

    /// The modules `from` depends on, as names (see [`module_name`]).
    pub fn targets(&self, from: &[&str]) -> Vec<String> {
        let key: ModPath = from.iter().map(|s| s.to_string()).collect();
        self.edges.get(&key).into_iter().flatten().map(|m| module_name(m)).collect()
    }

    /// The edges as `cycles.py --edges` lists them: `EDGE a -> b, c` per module, in order.
    pub fn edges_listing(&self) -> String {
        let mut s = String::new();
        for (v, ws) in &self.edges {
            let ws: Vec<String> = ws.iter().map(|w| module_name(w)).collect();
            let _ = writeln!(s, "EDGE {} -> {}", module_name(v), ws.join(", "));
        }
        s
    }

    /// The cycles: strongly connected components of more than one module, each sorted, in the
    /// order Tarjan's algorithm (visiting modules and their targets in order) completes them.
    pub fn cycles(&self) -> Vec<Vec<ModPath>> {
        let mut t = Tarjan { g: &self.edges, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), on: BTreeSet::new(), next: 0, sccs: Vec::new() };
        for v in self.edges.keys() {
            if !t.index.contains_key(v) {
                t.visit(v);
            }
        }
        t.sccs
    }

    /// The cycles as `cycles.py` prints them (empty when there are none): a line
    /// `CYCLE: a, b` per cycle, then `    a -> b` per member with its edges inside the cycle.
    pub fn cycles_report(&self) -> String {
        let mut s = String::new();
        for comp in self.cycles() {
            let names: Vec<String> = comp.iter().map(|m| module_name(m)).collect();
            let _ = writeln!(s, "CYCLE: {}", names.join(", "));
            let members: BTreeSet<&ModPath> = comp.iter().collect();
            for v in &comp {
                let ws: Vec<String> = self.edges[v].iter().filter(|w| members.contains(w)).map(|w| module_name(w)).collect();
                let _ = writeln!(s, "    {} -> {}", module_name(v), ws.join(", "));
            }
        }
        s
    }
}

struct Tarjan<'g> {
    g: &'g BTreeMap<ModPath, BTreeSet<ModPath>>,
    index: BTreeMap<&'g ModPath, usize>,
    low: BTreeMap<&'g ModPath, usize>,
    stack: Vec<&'g ModPath>,
    on: BTreeSet<&'g ModPath>,
    next: usize,
    sccs: Vec<Vec<ModPath>>,
}

impl<'g> Tarjan<'g> {
    fn visit(&mut self, v: &'g ModPath) {
        self.index.insert(v, self.next);
        self.low.insert(v, self.next);
        self.next += 1;
        self.stack.push(v);
        self.on.insert(v);
        let g = self.g;
        for w in g.get(v).into_iter().flatten() {
            // Every target is a module file, so it has an entry of its own.
            let w = g.get_key_value(w).expect("edge to a module file").0;
            if !self.index.contains_key(w) {
                self.visit(w);
                let lw = self.low[w];
                let lv = self.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if self.on.contains(w) {
                let iw = self.index[w];
                let lv = self.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if self.low[v] == self.index[v] {
            let mut comp = Vec::new();
            loop {
                let w = self.stack.pop().expect("v is on the stack");
                self.on.remove(w);
                comp.push(w.clone());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                self.sccs.push(comp);
            }
        }
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for e in entries {
        let e = e.unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        let p = e.path();
        let ty = e.file_type().unwrap_or_else(|e| panic!("cannot stat {}: {e}", p.display()));
        if ty.is_dir() {
            walk(&p, out);
        } else if p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".rs")) {
            out.push(p);
        }
    }
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// `text` with comments (line, nested block, doc) removed and every string literal (plain, byte,
/// C, raw with any number of `#`) replaced by `""` and every char literal by `' '`; lifetimes
/// stay.
pub fn strip_comments_and_literals(text: &str) -> String {
    // Scans bytes: every delimiter is ASCII, and UTF-8 continuation bytes are never ASCII.
    let t = text.as_bytes();
    let n = t.len();
    let mut out = String::with_capacity(n);
    let mut run = 0; // start of the text not yet copied to `out`
    let mut i = 0;
    while i < n {
        let c = t[i];
        if !matches!(c, b'/' | b'"' | b'\'' | b'b' | b'c' | b'r') {
            i += 1;
            continue;
        }
        let from = i;
        if t[i..].starts_with(b"//") {
            i = memchr(b'\n', t, i).unwrap_or(n);
        } else if t[i..].starts_with(b"/*") {
            let mut depth = 1;
            i += 2;
            while i < n && depth > 0 {
                if t[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if t[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                } else {
                    i += 1;
                }
            }
        } else if let Some((len, hashes)) = raw_string_start(text, i) {
            let mut end = vec![b'"'];
            end.extend(std::iter::repeat_n(b'#', hashes));
            i = (i + len..n).find(|&j| t[j..].starts_with(&end)).map_or(n, |j| j + end.len());
            out.push_str(&text[run..from]);
            out.push_str("\"\"");
            run = i;
            continue;
        } else if c == b'"' {
            let mut j = i + 1;
            while j < n && t[j] != b'"' {
                j += if t[j] == b'\\' { 2 } else { 1 };
            }
            i = (j + 1).min(n);
            out.push_str(&text[run..from]);
            out.push_str("\"\"");
            run = i;
            continue;
        } else if let Some(len) = (c == b'\'').then(|| char_literal(text, i)).flatten() {
            // A char literal ('a', '\n', '\u{1F600}'), not a lifetime ('a).
            i += len;
            out.push_str(&text[run..from]);
            out.push_str("' '");
            run = i;
            continue;
        } else {
            i += 1;
            continue;
        }
        // A comment: dropped.
        out.push_str(&text[run..from]);
        run = i;
    }
    out.push_str(&text[run..]);
    out
}

fn memchr(b: u8, t: &[u8], from: usize) -> Option<usize> {
    t[from..].iter().position(|&x| x == b).map(|k| from + k)
}

/// The char of `text` starting at byte `k`, if any.
fn char_at(text: &str, k: usize) -> Option<char> {
    text.get(k..).and_then(|s| s.chars().next())
}

/// `(?:b|c)?r(#*)"` at byte `i` of `text`, not preceded by an identifier character: the length of
/// the opening and the number of `#`.
fn raw_string_start(text: &str, i: usize) -> Option<(usize, usize)> {
    let t = &text.as_bytes()[i..];
    let prev = text[..i].chars().next_back().unwrap_or(' ');
    if prev.is_alphanumeric() || prev == '_' {
        return None;
    }
    let mut k = usize::from(matches!(t.first(), Some(b'b' | b'c')));
    if t.get(k) != Some(&b'r') {
        return None;
    }
    k += 1;
    let hashes = t[k..].iter().take_while(|&&c| c == b'#').count();
    k += hashes;
    // `cycles.py` looks 300 characters ahead.
    (t.get(k) == Some(&b'"') && k < 300).then_some((k + 1, hashes))
}

/// `'(?:\\u\{[0-9A-Fa-f]+\}|\\x[0-9A-Fa-f]{2}|\\.|[^\\'\n])'` at byte `i` of `text`, within 16
/// characters: its length in bytes.
fn char_literal(text: &str, i: usize) -> Option<usize> {
    let t = &text.as_bytes()[i..];
    let quote_at = |k: usize| (t.get(k) == Some(&b'\'')).then_some(k + 1);
    if t.get(1) == Some(&b'\\') {
        if t.get(2) == Some(&b'u') && t.get(3) == Some(&b'{') {
            let hex = t[4.min(t.len())..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
            // `cycles.py` looks 16 characters ahead (all ASCII here).
            if hex > 0 && t.get(4 + hex) == Some(&b'}') && 6 + hex <= 16 {
                if let Some(len) = quote_at(5 + hex) {
                    return Some(len);
                }
            }
        }
        if t.get(2) == Some(&b'x') && t.get(3).is_some_and(u8::is_ascii_hexdigit) && t.get(4).is_some_and(u8::is_ascii_hexdigit) {
            if let Some(len) = quote_at(5) {
                return Some(len);
            }
        }
        return match char_at(text, i + 2) {
            Some(c) if c != '\n' => quote_at(2 + c.len_utf8()),
            _ => None,
        };
    }
    match char_at(text, i + 1) {
        Some(c) if c != '\\' && c != '\'' && c != '\n' => quote_at(1 + c.len_utf8()),
        _ => None,
    }
}

static TEST_MOD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"#\[cfg\(test\)\]\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*[;{]").expect("regex"));
static TEST_MOD_DECL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"#\[cfg\(test\)\]\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;").expect("regex"));
static USE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\buse\s+(?:::)?([^;]*);").expect("regex"));
static MOD_DECL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bmod\s+([A-Za-z_][A-Za-z_0-9]*)\s*[;{]").expect("regex"));
static SPACES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+").expect("regex"));
static AS_RENAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+as\s+\w+$").expect("regex"));

/// End (exclusive) of the item starting at `start`: after its `;` or its balanced `{...}`.
fn item_end(t: &[u8], start: usize) -> usize {
    let mut j = start;
    while j < t.len() && t[j] != b';' && t[j] != b'{' {
        j += 1;
    }
    if j >= t.len() || t[j] == b';' {
        return (j + 1).min(t.len());
    }
    let mut depth = 0usize;
    while j < t.len() {
        if t[j] == b'{' {
            depth += 1;
        } else if t[j] == b'}' {
            depth -= 1;
            if depth == 0 {
                return j + 1;
            }
        }
        j += 1;
    }
    j
}

/// `code` (already without comments and literals) without its `#[cfg(test)] mod name;` and
/// `#[cfg(test)] mod name { ... }` items (other attributes may stand between).
pub fn drop_test_modules(code: &str) -> String {
    let mut t = code.to_string();
    while let Some(m) = TEST_MOD.find(&t) {
        let end = item_end(t.as_bytes(), m.start());
        t = format!("{} {}", &t[..m.start()], &t[end..]);
    }
    t
}

fn split_top(s: &str) -> Vec<String> {
    let (mut parts, mut depth, mut cur) = (Vec::new(), 0i32, String::new());
    for ch in s.chars() {
        if ch == '{' {
            depth += 1;
        } else if ch == '}' {
            depth -= 1;
        }
        if ch == ',' && depth == 0 {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(ch);
        }
    }
    if !cur.trim().is_empty() {
        parts.push(cur);
    }
    parts
}

/// The paths a `use` tree names, under `prefix`: `a::{b, c::{d as e, *}}` gives `a::b`, `a::c::d`
/// and `a::c` (globs and `self` name the module they stand in).
pub fn expand_use_tree(tree: &str, prefix: &[String]) -> Vec<ModPath> {
    let tree = SPACES.replace_all(tree, " ");
    let tree = AS_RENAME.replace(tree.trim(), "").into_owned();
    let brace = tree.find('{');
    let head = match brace {
        Some(b) => &tree[..b],
        None => &tree[..],
    };
    let mut path: ModPath = prefix.to_vec();
    path.extend(head.split("::").map(str::trim).filter(|x| !x.is_empty() && *x != "*" && *x != "self").map(str::to_string));
    let Some(brace) = brace else { return vec![path] };
    let end = tree.rfind('}').unwrap_or_else(|| tree.char_indices().last().map_or(0, |(i, _)| i));
    let inner = if end > brace { &tree[brace + 1..end] } else { "" };
    let parts = split_top(inner);
    let mut res = if parts.is_empty() { vec![path.clone()] } else { Vec::new() };
    for p in parts {
        res.extend(expand_use_tree(&p, &path));
    }
    res
}

/// The segments of every match of `(?<![A-Za-z0-9_:])(crate|super|self)(\s*::\s*ident)+` (a
/// path from the crate root or relative to this module).
fn anchored_paths(code: &str) -> Vec<ModPath> {
    const HEADS: [&str; 3] = ["crate", "super", "self"];
    let t = code.as_bytes();
    let mut out = Vec::new();
    let mut p = 0;
    while p < t.len() {
        if t[p] != b'c' && t[p] != b's' {
            p += 1;
            continue;
        }
        let prev_ok = p == 0 || !(t[p - 1].is_ascii_alphanumeric() || t[p - 1] == b'_' || t[p - 1] == b':');
        let head = HEADS.iter().find(|h| t[p..].starts_with(h.as_bytes()));
        if let (true, Some(head)) = (prev_ok, head) {
            let mut segs = vec![head.to_string()];
            let mut k = p + head.len();
            while let Some((seg, next)) = path_segment(code, k) {
                segs.push(seg);
                k = next;
            }
            if segs.len() > 1 {
                out.push(segs);
                p = k;
                continue;
            }
        }
        p += 1;
    }
    out
}

/// `\s*` at byte `k`: where it ends.
fn skip_space(code: &str, mut k: usize) -> usize {
    while let Some(c) = char_at(code, k).filter(|c| c.is_whitespace()) {
        k += c.len_utf8();
    }
    k
}

/// `\s*::\s*[A-Za-z_][A-Za-z_0-9]*` at byte `k`: the identifier and where it ends.
fn path_segment(code: &str, k: usize) -> Option<(String, usize)> {
    let t = code.as_bytes();
    let k = skip_space(code, k);
    if !t[k.min(t.len())..].starts_with(b"::") {
        return None;
    }
    let start = skip_space(code, k + 2);
    if !t.get(start).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_') {
        return None;
    }
    let end = start + t[start..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
    Some((code[start..end].to_string(), end))
}

/// Every `(?<![A-Za-z0-9_:.$])([a-z_][a-z_0-9]*)\s*::` whose name is one of `children`.
fn child_paths(code: &str, children: &BTreeSet<&str>) -> Vec<ModPath> {
    let t = code.as_bytes();
    let mut out = Vec::new();
    let mut p = 0;
    while p < t.len() {
        let prev_ok = p == 0 || !(t[p - 1].is_ascii_alphanumeric() || matches!(t[p - 1], b'_' | b':' | b'.' | b'$'));
        if prev_ok && (t[p].is_ascii_lowercase() || t[p] == b'_') {
            let end = p + t[p..].iter().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || **c == b'_').count();
            let k = skip_space(code, end);
            if t[k.min(t.len())..].starts_with(b"::") {
                if children.contains(&code[p..end]) {
                    out.push(vec![code[p..end].to_string()]);
                }
                p = k + 2;
                continue;
            }
        }
        p += 1;
    }
    out
}

/// The paths a file's non-test code names and the modules it declares.
fn uses(text: &str, children: &BTreeSet<&str>) -> (Vec<ModPath>, Vec<String>) {
    let code = drop_test_modules(&strip_comments_and_literals(text));
    let mut paths = Vec::new();
    for c in USE.captures_iter(&code) {
        paths.extend(expand_use_tree(&c[1], &[]));
    }
    paths.extend(anchored_paths(&code));
    paths.extend(child_paths(&code, children));
    let declared = MOD_DECL.captures_iter(&code).map(|c| c[1].to_string()).collect();
    (paths, declared)
}

/// The longest prefix of `path` that is a module file.
fn resolve(mods: &BTreeMap<ModPath, PathBuf>, path: &[String]) -> Option<ModPath> {
    (0..=path.len()).rev().map(|i| path[..i].to_vec()).find(|p| mods.contains_key(p))
}

//! The layering syssentry promises, checked on the source tree. Data flows one way: capture →
//! event → state → evaluation → output → sink; the sensor runtime sits above capture and the
//! engine and wires them together, and the front ends (the `syssentry` command, the Fluent Bit
//! plugin) sit above the sensor. A dependency against that flow (capture reaching into state or
//! evaluation, a front end starting capture itself, a helper importing from the module that
//! declares it) couples what the design keeps apart, so each rule here fails on it:
//!
//! 1. no file-level import cycle inside any crate (`syssentry_testkit::imports`, the Rust port
//!    of the `cycles.py` script), including the build scripts' module trees;
//! 2. path dependencies between workspace members run only along the allowed edges
//!    ([`LAYERS`]), and a dev- or build-dependency only reaches what its crate sits above;
//! 3. no front end wires the pipeline (engine, state, capture, seeding, drop monitoring): that
//!    is the sensor's;
//! 4. capture names nothing of the engine (state, evaluation), anywhere under `capture-bpf/`.
//!
//! Each checker is also run on small synthetic trees with a violation, to show it can fail.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use syssentry_testkit::imports::{expand_use_tree, strip_comments_and_literals, ModuleTree};
use syssentry_testkit::paths;

/// The source directories whose module trees must be free of cycles: every member's library or
/// binary sources (the system tests' shared helpers for `tests/`). Build scripts' module trees
/// (`build.rs` + `build/`) are found by [`build_trees`].
const SOURCE_TREES: &[(&str, &str)] = &[
    ("event", "event/src"),
    ("engine", "engine/src"),
    ("ruletest", "ruletest/src"),
    ("capture-bpf", "capture-bpf/src"),
    ("sensor", "sensor/src"),
    ("flb-plugin", "flb-plugin/src"),
    ("cli", "cli/src"),
    ("tests", "tests/support"),
];

/// Each workspace member and the members it may have path `[dependencies]` on (`None`: any).
const LAYERS: &[(&str, Option<&[&str]>)] = &[
    ("syssentry-event", Some(&[])),
    ("syssentry-engine", Some(&["syssentry-event"])),
    ("syssentry-ruletest", Some(&["syssentry-engine"])),
    // Capture fills the event model and knows nothing of state or evaluation.
    ("syssentry-capture-bpf", Some(&["syssentry-event"])),
    ("syssentry-sensor", Some(&["syssentry-engine", "syssentry-capture-bpf"])),
    // The front ends run the sensor; capture is the sensor's business.
    ("syssentry-cli", Some(&["syssentry-engine", "syssentry-ruletest", "syssentry-sensor"])),
    ("syssentry-flb-plugin", Some(&["syssentry-engine", "syssentry-sensor"])),
    ("syssentry-system-tests", None),
];

/// What only the sensor may do: build the engine and the state, start capture, seed the state
/// from `/proc`, monitor drops, or name the capture crate at all.
const PIPELINE_WIRING: &[(&str, &str)] = &[
    ("Engine::new(", r"\bEngine\s*::\s*new\s*\("),
    ("Capture::start(", r"\bCapture\s*::\s*start\s*\("),
    ("seed_state(", r"\bseed_state\s*\("),
    ("State::new(", r"\bState\s*::\s*new\s*\("),
    ("DropMonitor", r"\bDropMonitor"),
    ("syssentry_capture_bpf", r"\bsyssentry_capture_bpf\b"),
];

/// The front ends' source directories, held to [`PIPELINE_WIRING`].
const FRONT_ENDS: &[&str] = &["cli/src", "flb-plugin/src"];

// ----------------------------------------------------------------------------------------------
// 1. Import cycles
// ----------------------------------------------------------------------------------------------

/// The module trees of the build scripts: a member's `build.rs` as the root and the files of its
/// `build/` directory as the modules it declares with `#[path = "build/<name>.rs"] mod <name>;`
/// (asserted, since the file → module mapping relies on it).
fn build_trees(root: &Path) -> Vec<(String, ModuleTree)> {
    let decl = Regex::new(r#"#\[path\s*=\s*"build/([A-Za-z0-9_]+)\.rs"\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;"#).expect("regex");
    let mut out = Vec::new();
    for (member, _) in SOURCE_TREES {
        let dir = root.join(member).join("build");
        if !dir.is_dir() {
            continue;
        }
        let script = root.join(member).join("build.rs");
        let text = std::fs::read_to_string(&script).unwrap_or_else(|e| panic!("{member}/build/ without a readable build.rs: {e}"));
        let declared: BTreeSet<String> = decl
            .captures_iter(&text)
            .map(|c| {
                assert_eq!(&c[1], &c[2], "{member}/build.rs: build/{}.rs is declared as module `{}`; the check maps files to modules by name", &c[1], &c[2]);
                c[1].to_string()
            })
            .collect();
        let tree = ModuleTree::of_dir(&dir);
        let files: BTreeSet<String> = tree.files().keys().map(|m| m.join("::")).collect();
        assert_eq!(files, declared, "{member}/build/ must be a flat module tree of {member}/build.rs: each file declared there with #[path]");
        out.push((format!("{member}/build (root {member}/build.rs)"), tree.with_root(&script)));
    }
    out
}

#[test]
fn no_import_cycles_in_any_crate() {
    let root = paths::repo();
    let members = workspace_members(&root);
    let listed: BTreeSet<&str> = SOURCE_TREES.iter().map(|(m, _)| *m).collect();
    for m in &members {
        assert!(listed.contains(m.as_str()), "workspace member {m} has no source tree in SOURCE_TREES (tests/architecture.rs)");
    }
    let mut trees = Vec::new();
    for (_, dir) in SOURCE_TREES {
        let tree = ModuleTree::of_dir(&root.join(dir));
        assert!(tree.files().contains_key(&Vec::new()), "{dir}: no lib.rs or main.rs");
        trees.push((dir.to_string(), tree));
    }
    let builds = build_trees(&root);
    for want in ["event/build", "capture-bpf/build"] {
        assert!(builds.iter().any(|(name, _)| name.starts_with(want)), "{want} is no longer a module tree of its build.rs: update this test");
    }
    trees.extend(builds);

    // One thread per tree: the engine's alone takes most of the time.
    let reports: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = trees.iter().map(|(_, tree)| s.spawn(|| tree.graph().cycles_report())).collect();
        handles.into_iter().map(|h| h.join().expect("import graph")).collect()
    });
    let mut failures = String::new();
    for ((name, _), report) in trees.iter().zip(&reports) {
        if !report.is_empty() {
            failures.push_str(&format!("{name}:\n{report}"));
        }
    }
    assert!(
        failures.is_empty(),
        "import cycles (each module of a cycle -> the modules of that cycle it depends on):\n{failures}"
    );
}

/// A scratch crate made of `files` (path relative to the crate's `src/`, contents).
fn mini_crate(tag: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = paths::scratch(&format!("architecture-{tag}"));
    for (rel, text) in files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("scratch directory");
        std::fs::write(&p, text).expect("scratch file");
    }
    dir
}

/// The cycles report of a scratch crate; the crate is removed.
fn cycles_of(tag: &str, files: &[(&str, &str)]) -> String {
    let dir = mini_crate(tag, files);
    let report = ModuleTree::of_dir(&dir).graph().cycles_report();
    std::fs::remove_dir_all(&dir).expect("remove scratch crate");
    report
}

#[test]
fn a_child_importing_what_its_parent_reexports_is_a_cycle() {
    let report = cycles_of(
        "reexport",
        &[
            ("lib.rs", "mod a;\npub use a::Thing;\n"),
            ("a/mod.rs", "mod b;\npub use self::b::Thing;\npub struct Config;\n"),
            ("a/b.rs", "use crate::a::Config;\npub struct Thing(Config);\n"),
        ],
    );
    assert_eq!(report, "CYCLE: a, a::b\n    a -> a::b\n    a::b -> a\n");
}

#[test]
fn super_super_paths_resolve_to_the_grandparent() {
    let report = cycles_of(
        "super-super",
        &[
            ("lib.rs", "mod x;\nmod y;\n"),
            ("x.rs", "use crate::y::z::g;\npub fn f() { g() }\n"),
            ("y/mod.rs", "mod z;\n"),
            ("y/z.rs", "use super::super::x::f;\npub fn g() {}\npub fn h() { f() }\n"),
        ],
    );
    assert_eq!(report, "CYCLE: x, y::z\n    x -> y::z\n    y::z -> x\n");
}

#[test]
fn reexports_from_mod_rs_of_its_children_are_clean() {
    let files = [
        ("lib.rs", "pub mod a;\nmod d;\npub use a::B;\n"),
        ("a/mod.rs", "mod b;\nmod c;\npub use b::B;\npub use self::c::{C, C as Cee};\n"),
        ("a/b.rs", "use super::c::C;\npub struct B(C);\n"),
        ("a/c.rs", "pub struct C;\n"),
        ("d.rs", "use crate::a::{self, B};\npub fn f(_: B) {}\n"),
    ];
    let dir = mini_crate("clean", &files);
    let graph = ModuleTree::of_dir(&dir).graph();
    std::fs::remove_dir_all(&dir).expect("remove scratch crate");
    assert_eq!(graph.cycles_report(), "");
    // The edges are there: the clean result is not for want of seeing them.
    assert_eq!(graph.targets(&[]), ["a", "d"]);
    assert_eq!(graph.targets(&["a"]), ["a::b", "a::c"]);
    assert_eq!(graph.targets(&["a", "b"]), ["a::c"]);
    assert_eq!(graph.targets(&["d"]), ["a"]);
}

#[test]
fn a_cycle_hidden_in_a_nested_use_tree_is_found() {
    let report = cycles_of(
        "nested-use",
        &[
            ("lib.rs", "mod a;\nmod e;\n"),
            ("a/mod.rs", "pub mod b;\n"),
            ("a/b/mod.rs", "pub mod c;\npub mod d;\n"),
            ("a/b/c.rs", "pub fn c() {}\n"),
            ("a/b/d.rs", "use crate::e::E;\npub fn d(_: E) {}\n"),
            ("e.rs", "use crate::{\n    a::{b::{c, d}},\n};\npub struct E;\n"),
        ],
    );
    // Only the expanded paths name modules here: `e` depends on `a::b::c` and `a::b::d` (not on
    // `a`, nor on the root), and `d` closes the cycle.
    assert_eq!(report, "CYCLE: a::b::d, e\n    a::b::d -> e\n    e -> a::b::d\n");
    assert_eq!(expand_use_tree("a::{b::{c, d as dee, *}, self as s, f::{self, g}}", &[]), [
        vec!["a", "b", "c"],
        vec!["a", "b", "d"],
        vec!["a", "b"],
        vec!["a"],
        vec!["a", "f"],
        vec!["a", "f", "g"],
    ]);
}

#[test]
fn crate_paths_in_code_are_edges() {
    let report = cycles_of(
        "code-path",
        &[
            ("lib.rs", "mod x;\nmod z;\n"),
            ("x/mod.rs", "pub mod y;\n"),
            ("x/y.rs", "use crate::z::g;\npub fn f() -> u32 { g() }\n"),
            ("z.rs", "pub fn g() -> u32 { 1 }\npub fn h() -> u32 { crate :: x\n    ::y::f() }\n"),
        ],
    );
    assert_eq!(report, "CYCLE: x::y, z\n    x::y -> z\n    z -> x::y\n");
}

#[test]
fn test_modules_do_not_count() {
    let files = |attr: &str| {
        vec![
            ("lib.rs".to_string(), "mod a;\nmod b;\n".to_string()),
            ("a.rs".to_string(), "use crate::b::B;\npub fn f(_: B) {}\n".to_string()),
            (
                "b/mod.rs".to_string(),
                format!(
                    "pub struct B;\n{attr}\n#[allow(unused)]\nmod tests {{\n    use crate::a::*;\n    fn t() {{ crate::a::f(crate::b::B) }}\n}}\n{attr}\npub(crate) mod helper;\n"
                ),
            ),
            ("b/helper.rs".to_string(), "use crate::a::f;\n".to_string()),
        ]
    };
    let run = |tag: &str, attr: &str| {
        let owned = files(attr);
        let borrowed: Vec<(&str, &str)> = owned.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        cycles_of(tag, &borrowed)
    };
    assert_eq!(run("test-mod", "#[cfg(test)]"), "");
    // The same modules outside of tests close cycles: the `#[cfg(test)]` is what hides them.
    assert_eq!(run("test-mod-control", ""), "CYCLE: a, b, b::helper\n    a -> b\n    b -> a, b::helper\n    b::helper -> a\n");
}

#[test]
fn comments_and_literals_do_not_count() {
    let b = |line: &str| {
        format!(
            "//! Unlike crate::a::f, this module ...\n\
             pub struct B<'a>(&'a str);\n\
             // use crate::a::f;\n\
             /* crate::a::f(); /* nested */ use crate::a; */\n\
             pub const S: &str = \"use crate::a::f; \\\" crate::a::f()\";\n\
             pub const R: &str = r#\"use crate::a::f; \"crate::a\"\"#;\n\
             pub const Q: char = '\"';\n\
             pub const T: &str = \"crate::a::f\";\n\
             {line}\n"
        )
    };
    let run = |tag: &str, line: &str| cycles_of(tag, &[("lib.rs", "mod a;\nmod b;\n"), ("a.rs", "use crate::b::B;\npub fn f(_: B<'_>) {}\n"), ("b.rs", &b(line))]);
    assert_eq!(run("literal", ""), "");
    assert_eq!(run("literal-control", "pub fn g() { crate::a::f(B(S)) }"), "CYCLE: a, b\n    a -> b\n    b -> a\n");
    assert_eq!(strip_comments_and_literals("let c = '\"'; let d = b'\\''; x::<'a>(\"//\", '\\u{1F600}') // c"), "let c = ' '; let d = b' '; x::<'a>(\"\", ' ') ");
}

// ----------------------------------------------------------------------------------------------
// 2. Crate dependencies
// ----------------------------------------------------------------------------------------------

/// What a dependency is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Normal,
    Dev,
    Build,
}

/// One path dependency of a manifest, resolved to the directory it names.
#[derive(Debug)]
struct PathDep {
    kind: Kind,
    /// The table it was found in, as written (`dependencies`,
    /// `target.'cfg(unix)'.dev-dependencies`).
    section: String,
    key: String,
    dir: PathBuf,
}

/// A workspace member: its directory (relative to the root), package name and path dependencies.
#[derive(Debug)]
struct Member {
    rel: String,
    name: String,
    deps: Vec<PathDep>,
}

/// `line` without a trailing `# comment` (outside strings).
fn toml_uncomment(line: &str) -> &str {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') => return &line[..i],
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            _ => {}
        }
    }
    line
}

/// A TOML file as (table header, key, value) entries: a line-based reading that is enough for
/// cargo manifests (arrays may span lines; inline tables are one line, as TOML requires).
fn toml_entries(text: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut header = String::new();
    let mut pending: Option<(String, String)> = None;
    for raw in text.lines() {
        let line = toml_uncomment(raw).trim();
        if let Some((key, value)) = pending.as_mut() {
            value.push(' ');
            value.push_str(line);
            if value.matches('[').count() <= value.matches(']').count() {
                out.push((header.clone(), key.clone(), value.clone()));
                pending = None;
            }
            continue;
        }
        if line.is_empty() {
            continue;
        }
        if line.starts_with('[') {
            header = line.trim_matches(|c| c == '[' || c == ']').trim().to_string();
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        let (key, value) = (key.trim().to_string(), value.trim().to_string());
        if value.matches('[').count() > value.matches(']').count() {
            pending = Some((key, value));
        } else {
            out.push((header.clone(), key, value));
        }
    }
    out
}

/// `s` split at the dots outside quotes, each part unquoted.
fn dotted(s: &str) -> Vec<String> {
    let (mut parts, mut cur, mut quote) = (Vec::new(), String::new(), None);
    for c in s.chars() {
        match (quote, c) {
            (None, '.') => parts.push(std::mem::take(&mut cur).trim().to_string()),
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            _ => cur.push(c),
        }
    }
    parts.push(cur.trim().to_string());
    parts
}

/// The dependency kind of a table header, and the dependency it is about when the header names
/// one (`dependencies.foo`): `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]`, the
/// same under `target.<cfg>.`.
fn dependency_table(header: &str) -> Option<(Kind, Option<String>)> {
    let parts = dotted(header);
    let at = match parts.first().map(String::as_str) {
        Some("target") => 2,
        _ => 0,
    };
    let kind = match parts.get(at).map(String::as_str)? {
        "dependencies" => Kind::Normal,
        "dev-dependencies" | "dev_dependencies" => Kind::Dev,
        "build-dependencies" | "build_dependencies" => Kind::Build,
        _ => return None,
    };
    Some((kind, parts.get(at + 1).cloned()))
}

static PATH_FIELD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?:^|[{,\s])path\s*=\s*["']([^"']*)["']"#).expect("regex"));
static WORKSPACE_FIELD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:^|[{,\s])workspace\s*=\s*true\b").expect("regex"));

/// A dependency's fields gathered from its entries: `path`, `workspace = true`.
#[derive(Default)]
struct DepFields {
    section: String,
    path: Option<String>,
    workspace: bool,
}

/// The dependencies of each kind in a manifest's entries, by (kind, key).
fn dependencies(entries: &[(String, String, String)]) -> BTreeMap<(u8, String), (Kind, DepFields)> {
    let mut deps: BTreeMap<(u8, String), (Kind, DepFields)> = BTreeMap::new();
    for (header, key, value) in entries {
        let Some((kind, table_dep)) = dependency_table(header) else { continue };
        let (name, field) = match table_dep {
            Some(dep) => (dep, Some(key.trim_matches(|c| c == '"' || c == '\'').to_string())),
            None => {
                let k = dotted(key);
                (k[0].clone(), k.get(1).cloned())
            }
        };
        let e = deps.entry((kind as u8, name)).or_insert_with(|| (kind, DepFields { section: header.clone(), ..DepFields::default() }));
        let unquoted = value.trim_matches(|c| c == '"' || c == '\'').to_string();
        match field.as_deref() {
            None => {
                if let Some(c) = PATH_FIELD.captures(value) {
                    e.1.path = Some(c[1].to_string());
                }
                e.1.workspace |= WORKSPACE_FIELD.is_match(value);
            }
            Some("path") => e.1.path = Some(unquoted),
            Some("workspace") => e.1.workspace |= value == "true",
            Some(_) => {}
        }
    }
    deps
}

fn normalized(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

fn workspace_members(root: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(root.join("Cargo.toml")).expect("the workspace manifest");
    let entries = toml_entries(&text);
    let (_, _, members) = entries.iter().find(|(h, k, _)| h == "workspace" && k == "members").expect("[workspace] members");
    let quoted = Regex::new(r#""([^"]*)""#).expect("regex");
    quoted.captures_iter(members).map(|c| c[1].to_string()).collect()
}

/// The workspace under `root`: each member with its path dependencies (`workspace = true` ones
/// through the root's `[workspace.dependencies]`).
fn read_workspace(root: &Path) -> Vec<Member> {
    let text = std::fs::read_to_string(root.join("Cargo.toml")).expect("the workspace manifest");
    let entries = toml_entries(&text);
    let ws_paths: BTreeMap<String, PathBuf> = entries
        .iter()
        .filter(|(h, _, _)| dotted(h).first().is_some_and(|s| s == "workspace") && dotted(h).get(1).is_some_and(|s| s == "dependencies"))
        .filter_map(|(h, k, v)| {
            let parts = dotted(h);
            let (name, path) = match parts.get(2) {
                Some(dep) if k == "path" => (dep.clone(), Some(v.trim_matches('"').to_string())),
                Some(_) => return None,
                None => {
                    let k = dotted(k);
                    match k.get(1).map(String::as_str) {
                        Some("path") => (k[0].clone(), Some(v.trim_matches('"').to_string())),
                        Some(_) => return None,
                        None => (k[0].clone(), PATH_FIELD.captures(v).map(|c| c[1].to_string())),
                    }
                }
            };
            path.map(|p| (name, normalized(&root.join(p))))
        })
        .collect();
    let mut members = Vec::new();
    for rel in workspace_members(root) {
        let dir = root.join(&rel);
        let text = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_else(|e| panic!("{rel}/Cargo.toml: {e}"));
        let entries = toml_entries(&text);
        let name = entries
            .iter()
            .find(|(h, k, _)| h == "package" && k == "name")
            .map(|(_, _, v)| v.trim_matches('"').to_string())
            .unwrap_or_else(|| panic!("{rel}/Cargo.toml: no [package] name"));
        let deps = dependencies(&entries)
            .into_iter()
            .filter_map(|((_, key), (kind, f))| {
                let dir = match (&f.path, f.workspace) {
                    (Some(p), _) => normalized(&dir.join(p)),
                    (None, true) => ws_paths.get(&key)?.clone(),
                    (None, false) => return None,
                };
                Some(PathDep { kind, section: f.section, key, dir })
            })
            .collect();
        members.push(Member { rel, name, deps });
    }
    members
}

/// Every path dependency between members that the layering does not allow, described.
fn layering_violations(root: &Path, layers: &[(&str, Option<&[&str]>)]) -> Vec<String> {
    let members = read_workspace(root);
    let by_dir: BTreeMap<PathBuf, &str> = members.iter().map(|m| (normalized(&root.join(&m.rel)), m.name.as_str())).collect();
    let allowed: BTreeMap<&str, Option<&[&str]>> = layers.iter().copied().collect();
    let mut out = Vec::new();
    for m in &members {
        let Some(&allowed_here) = allowed.get(m.name.as_str()) else {
            out.push(format!("{} ({}) has no place in the layering: add it to LAYERS in tests/architecture.rs", m.name, m.rel));
            continue;
        };
        let Some(direct) = allowed_here else { continue };
        // What this crate sits above: the allowed edges, followed down.
        let mut below: BTreeSet<&str> = BTreeSet::new();
        let mut todo: Vec<&str> = direct.to_vec();
        while let Some(d) = todo.pop() {
            if below.insert(d) {
                todo.extend(allowed.get(d).copied().flatten().unwrap_or(&[]).iter().copied());
            }
        }
        for d in &m.deps {
            let Some(&target) = by_dir.get(&d.dir) else { continue };
            let where_ = format!("{}/Cargo.toml [{}] {}", m.rel, d.section, d.key);
            match d.kind {
                Kind::Normal if !direct.contains(&target) => {
                    out.push(format!("{} depends on {target} ({where_}); it may depend on: {}", m.name, list(direct)));
                }
                Kind::Dev | Kind::Build if !below.contains(target) => {
                    let what = if d.kind == Kind::Dev { "dev-depends" } else { "build-depends" };
                    let below: Vec<&str> = below.iter().copied().collect();
                    out.push(format!("{} {what} on {target} ({where_}), which it does not sit above; it may use: {}", m.name, list(&below)));
                }
                _ => {}
            }
        }
    }
    out
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        "(no workspace member)".to_string()
    } else {
        names.join(", ")
    }
}

#[test]
fn crate_dependencies_run_one_way() {
    let root = paths::repo();
    let names: BTreeSet<String> = read_workspace(&root).into_iter().map(|m| m.name).collect();
    let layered: BTreeSet<String> = LAYERS.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(names, layered, "the workspace members and LAYERS in tests/architecture.rs differ");
    let violations = layering_violations(&root, LAYERS);
    assert!(violations.is_empty(), "dependencies against the layering:\n{}", violations.join("\n"));
}

#[test]
fn the_dependency_check_sees_every_form_of_path_dependency() {
    let dir = paths::scratch("architecture-manifests");
    let write = |rel: &str, text: &str| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("scratch directory");
        std::fs::write(p, text).expect("scratch manifest");
    };
    write(
        "Cargo.toml",
        "[workspace]\nmembers = [\n    \"low\", # the bottom\n    \"mid\",\n    \"top\",\n    \"side\",\n]\n\n[workspace.dependencies]\nlow = { path = \"low\" }\nserde = \"1\"\n",
    );
    write("low/Cargo.toml", "[package]\nname = \"low\"\n\n[dev-dependencies]\n# mid = { path = \"../mid\" }\ntop.path = \"../top\"\n");
    write("mid/Cargo.toml", "[package]\nname = \"mid\"\n\n[dependencies]\nlow.workspace = true\n\n[target.'cfg(unix)'.dependencies]\nside = { version = \"0.1\", path = \"../side\" }\n");
    write("top/Cargo.toml", "[package]\nname = \"top\"\n\n[dependencies]\nmid = { path = \"../mid\" }\n\n[dependencies.renamed]\npackage = \"side\"\npath = \"../side\"\n\n[dev-dependencies]\nlow = { workspace = true }\n");
    write("side/Cargo.toml", "[package]\nname = \"side\"\n\n[build-dependencies]\nmid = { path = \"../mid\" }\n");
    let layers: &[(&str, Option<&[&str]>)] = &[("low", Some(&[])), ("mid", Some(&["low"])), ("top", Some(&["mid"]))];
    let violations = layering_violations(&dir, layers);
    std::fs::remove_dir_all(&dir).expect("remove scratch workspace");
    assert_eq!(violations, [
        "low dev-depends on top (low/Cargo.toml [dev-dependencies] top), which it does not sit above; it may use: (no workspace member)",
        "mid depends on side (mid/Cargo.toml [target.'cfg(unix)'.dependencies] side); it may depend on: low",
        "top depends on side (top/Cargo.toml [dependencies.renamed] renamed); it may depend on: mid",
        "side (side) has no place in the layering: add it to LAYERS in tests/architecture.rs",
    ]);
}

// ----------------------------------------------------------------------------------------------
// 3. Front ends
// ----------------------------------------------------------------------------------------------

/// Where the non-test code under `src` does what [`PIPELINE_WIRING`] reserves for the sensor.
fn pipeline_wiring(repo: &Path, src: &Path) -> Vec<String> {
    let patterns: Vec<(&str, Regex)> = PIPELINE_WIRING.iter().map(|(what, re)| (*what, Regex::new(re).expect("regex"))).collect();
    let mut out = Vec::new();
    for (file, code) in ModuleTree::of_dir(src).non_test_code() {
        for (what, re) in &patterns {
            let n = re.find_iter(&code).count();
            if n > 0 {
                out.push(format!("{}: `{what}` ({n}×)", file.strip_prefix(repo).unwrap_or(&file).display()));
            }
        }
    }
    out
}

#[test]
fn no_front_end_wires_the_pipeline_itself() {
    let root = paths::repo();
    let mut found = Vec::new();
    for dir in FRONT_ENDS {
        found.extend(pipeline_wiring(&root, &root.join(dir)));
    }
    assert!(found.is_empty(), "front ends wiring the pipeline (that belongs to sensor/):\n{}", found.join("\n"));
}

#[test]
fn the_wiring_check_sees_code_only() {
    let dir = mini_crate(
        "wiring",
        &[
            ("lib.rs", "mod run;\n#[cfg(test)]\nmod fixtures;\n/// Unlike [`Engine::new(`], ...\npub const S: &str = \"seed_state(\";\n"),
            (
                "run.rs",
                "use syssentry_engine::Engine;\n\npub fn start() {\n    let engine = Engine :: new (rules);\n    // let state = State::new();\n    state.seed_state(&engine);\n}\n#[cfg(test)]\nmod tests {\n    fn t() { syssentry_capture_bpf::Capture::start(c); }\n}\n",
            ),
            ("fixtures.rs", "pub fn f() { DropMonitor::new(p); State::new(); }\n"),
        ],
    );
    let found = pipeline_wiring(&dir, &dir);
    std::fs::remove_dir_all(&dir).expect("remove scratch crate");
    assert_eq!(found, ["run.rs: `Engine::new(` (1×)", "run.rs: `seed_state(` (1×)"]);
}

// ----------------------------------------------------------------------------------------------
// 4. Capture
// ----------------------------------------------------------------------------------------------

/// Every `.rs` file under `dir` (not `target/`) whose code names `syssentry_engine`.
fn engine_mentions(repo: &Path, dir: &Path) -> Vec<String> {
    let re = Regex::new(r"\bsyssentry_engine\b").expect("regex");
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = e.expect("directory entry").path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "target") {
                    todo.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(!files.is_empty(), "no Rust files under {}", dir.display());
    files
        .into_iter()
        .filter(|p| re.is_match(&strip_comments_and_literals(&std::fs::read_to_string(p).expect("a source file"))))
        .map(|p| p.strip_prefix(repo).unwrap_or(&p).display().to_string())
        .collect()
}

#[test]
fn capture_names_nothing_of_the_engine() {
    let root = paths::repo();
    let mut found = engine_mentions(&root, &root.join("capture-bpf"));
    let capture = read_workspace(&root).into_iter().find(|m| m.name == "syssentry-capture-bpf").expect("the capture member");
    let engine = normalized(&root.join("engine"));
    found.extend(capture.deps.iter().filter(|d| d.dir == engine).map(|d| format!("capture-bpf/Cargo.toml [{}] {}", d.section, d.key)));
    assert!(found.is_empty(), "capture-bpf reaches into the engine (state, evaluation):\n{}", found.join("\n"));
}

#[test]
fn the_capture_check_sees_tests_and_build_scripts() {
    let dir = mini_crate(
        "capture",
        &[
            ("src/lib.rs", "//! Feeds [`syssentry_engine`] ...\npub const S: &str = \"syssentry_engine\";\n"),
            ("tests/decode.rs", "use syssentry_engine::state::State;\n"),
            ("build.rs", "fn main() { syssentry_engine::x(); }\n"),
            ("build/table.rs", "// syssentry_engine\n"),
        ],
    );
    let found = engine_mentions(&dir, &dir);
    std::fs::remove_dir_all(&dir).expect("remove scratch crate");
    let found: BTreeSet<String> = found.into_iter().collect();
    assert_eq!(found, BTreeSet::from(["build.rs".to_string(), "tests/decode.rs".to_string()]));
}

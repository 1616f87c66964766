//! Parsing every macro and rule condition and expanding macros, with Falco's visibility rules.
//!
//! Place in the data flow: `LoadOutput` texts (exceptions applied, lists substituted) →
//! **compile_conditions** ([`filter::parse`](crate::filter::parse), [`filter::macros`]) →
//! fully expanded [`Expr`] per rule → field resolution and compilation (`filter`, `eval`).
//!
//! Follows `compile_macros_infos` / `compile_rule_infos` in Falco's `rule_loader_compiler.cpp`:
//! every macro is parsed, then expanded in definition order seeing only macros whose first
//! definition precedes its own latest modification; rules see every macro. Disabled rules are
//! compiled too; rules of an unknown source are not. Parse and macro errors are located in the
//! rules file by mapping the error offset back through list substitution and exceptions to the
//! condition scalar.

use std::collections::HashSet;

use super::collector::TextOrigin;
use super::exceptions::apply_exceptions;
use super::lists::{substitute_lists_tracked, CompiledList};
use super::loaded::{LoadedList, LoadedMacro, LoadedRule};
use super::locate::locate;
use crate::diag::{Code, Diagnostic, ItemKind, Location, SourceMap};
use crate::filter::ast::Expr;
use crate::filter::macros::{expand_macros_report, MacroError};
use crate::filter::parse::{line_col, parse};

/// Most AST nodes all expanded macro and rule conditions may hold together. Each expansion is
/// bounded by the filter module; this bounds their sum, so many near-limit macros cannot
/// exhaust memory or time.
pub const MAX_TOTAL_EXPANDED_NODES: usize = 8_000_000;

fn node_count(e: &Expr) -> usize {
    let mut n = 0;
    let mut stack = vec![e];
    while let Some(x) = stack.pop() {
        n += 1;
        if let crate::filter::ast::ExprKind::List(v) = &x.kind {
            n += v.len();
        }
        stack.extend(x.children());
    }
    n
}

/// The cost charged to the budget for an expansion result.
fn cost(res: &Result<crate::filter::macros::Expansion, MacroError>, input: &Expr) -> usize {
    match res {
        Ok(x) => node_count(&x.expr),
        Err(MacroError::TooLarge { .. } | MacroError::TooDeep { .. }) => {
            crate::filter::macros::MAX_EXPANDED_NODES
        }
        Err(_) => node_count(input),
    }
}

fn budget_diag(kind: ItemKind, name: &str, loc: &Location) -> Diagnostic {
    Diagnostic::new(
        Code::ErrCompileCondition,
        format!("conditions expand to more than {MAX_TOTAL_EXPANDED_NODES} nodes in total; remaining conditions are not compiled"),
    )
    .at(Some(loc.clone()))
    .item(kind, name)
}

/// Which macros were referenced (for `LOAD_UNUSED_MACRO`).
#[derive(Debug, Default)]
pub(crate) struct MacroUse {
    pub(crate) used: HashSet<String>,
    /// False when some condition failed to parse or expand, so usage is incomplete.
    pub(crate) complete: bool,
}

/// What a condition text was built from, to map parser offsets back to the file.
struct CondSource<'a> {
    /// Text as written (appends joined).
    raw: &'a str,
    /// Where `raw` came from.
    origin: &'a TextOrigin,
    /// For rules with exceptions: `(raw)` + exception text; locations of the exceptions.
    exceptions: Option<(String, Vec<Location>)>,
    /// Fallback location (the item).
    item: &'a Location,
}

fn locate_offset(
    sources: &SourceMap,
    lists: &[CompiledList],
    src: &CondSource,
    parsed: &str,
    off: usize,
) -> (Option<Location>, Vec<String>) {
    let mut notes = Vec::new();
    let (line, column) = line_col(parsed, off.min(parsed.len()));
    let pre = src.exceptions.as_ref().map_or(src.raw, |(t, _)| t.as_str());
    let pre_off = match substitute_lists_tracked(pre, lists) {
        Ok((t, map)) if t == parsed => map.get(off).copied().unwrap_or(pre.len()),
        _ => 0,
    };
    let raw_off = match &src.exceptions {
        None => Some(pre_off),
        Some(_) if pre_off >= 1 && pre_off <= src.raw.len() => Some(pre_off - 1),
        Some(_) => None,
    };
    let loc = match raw_off.and_then(|o| locate(sources, src.origin, src.raw, o)) {
        Some(l) => {
            if !l.exact {
                notes.push(format!("at line {line}, column {column} of the condition"));
            }
            Some(l.location)
        }
        None => {
            notes.push(format!("in the condition text generated from the rule's exceptions, at line {line}, column {column}"));
            src.exceptions
                .as_ref()
                .and_then(|(_, locs)| locs.first().cloned())
                .or_else(|| Some(src.item.clone()))
        }
    };
    if parsed != src.raw {
        notes.push(format!(
            "condition as parsed (lists substituted): {}",
            clip(parsed, off)
        ));
    }
    (loc, notes)
}

fn clip(text: &str, off: usize) -> String {
    const HALF: usize = 40;
    let mut start = off.saturating_sub(HALF).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (off + HALF).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let mut s: String = text[start..end]
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if start > 0 {
        s.insert_str(0, "...");
    }
    if end < text.len() {
        s.push_str("...");
    }
    s
}

/// Where byte `off` of a rule's parsed condition (`rule.condition`) is in the rules files, with
/// notes when that is not exact (for diagnostics found after loading, e.g. by the compiler).
pub(crate) fn locate_in_rule(
    sources: &SourceMap,
    lists: &[LoadedList],
    rule: &LoadedRule,
    off: usize,
) -> (Option<Location>, Vec<String>) {
    let lists = as_compiled(lists);
    let exceptions = if rule.exceptions.is_empty() {
        None
    } else {
        apply_exceptions(&rule.raw_condition, &rule.exceptions)
            .ok()
            .map(|(t, _)| (t, rule.exceptions.iter().map(|e| e.location.clone()).collect()))
    };
    let src = CondSource {
        raw: &rule.raw_condition,
        origin: &rule.condition_origin,
        exceptions,
        item: &rule.location,
    };
    locate_offset(sources, &lists, &src, &rule.condition, off)
}

/// Where byte `off` of a macro's parsed condition (`m.condition`) is in the rules files.
pub(crate) fn locate_in_macro(
    sources: &SourceMap,
    lists: &[LoadedList],
    m: &LoadedMacro,
    off: usize,
) -> (Option<Location>, Vec<String>) {
    let lists = as_compiled(lists);
    let src = CondSource {
        raw: &m.raw_condition,
        origin: &m.condition_origin,
        exceptions: None,
        item: &m.location,
    };
    locate_offset(sources, &lists, &src, &m.condition, off)
}

fn as_compiled(lists: &[LoadedList]) -> Vec<CompiledList> {
    lists
        .iter()
        .map(|l| CompiledList {
            name: l.name.clone(),
            items: l.items.clone(),
            references: Vec::new(),
        })
        .collect()
}

/// What a macro-expansion error is reported against.
struct ErrorSite<'a> {
    kind: ItemKind,
    name: &'a str,
    src: &'a CondSource<'a>,
    text: &'a str,
}

fn macro_error_diag(
    e: &MacroError,
    sources: &SourceMap,
    lists: &[CompiledList],
    site: &ErrorSite,
    macros: &[LoadedMacro],
) -> Diagnostic {
    let (own, own_text, kind, name) = (site.src, site.text, site.kind, site.name);
    let (span, within) = match e {
        MacroError::ReferenceLoop { span, within, .. }
        | MacroError::Undefined { span, within, .. } => (*span, within.clone()),
        MacroError::TooLarge { span, .. } | MacroError::TooDeep { span, .. } => (*span, None),
    };
    let off = span.start as usize;
    let (loc, mut notes) = match within
        .as_deref()
        .and_then(|w| macros.iter().find(|m| m.name == w))
    {
        Some(m) => {
            let src = CondSource {
                raw: &m.raw_condition,
                origin: &m.condition_origin,
                exceptions: None,
                item: &m.location,
            };
            let (l, mut n) = locate_offset(sources, lists, &src, &m.condition, off);
            n.insert(0, format!("in the condition of macro '{}'", m.name));
            (l, n)
        }
        None => locate_offset(sources, lists, own, own_text, off),
    };
    let mut d = Diagnostic::new(Code::ErrValidate, e.to_string())
        .at(loc)
        .item(kind, name);
    d.notes.append(&mut notes);
    d
}

/// Parses and expands all conditions; fills `expr` of macros and rules.
pub(crate) fn compile_conditions(
    sources: &SourceMap,
    lists: &[CompiledList],
    macros: &mut [LoadedMacro],
    rules: &mut [LoadedRule],
) -> (Vec<Diagnostic>, MacroUse) {
    let mut diags = Vec::new();
    let mut usage = MacroUse {
        used: HashSet::new(),
        complete: true,
    };
    // Macros that failed: references to them are not reported again as undefined.
    let mut failed: HashSet<String> = HashSet::new();

    let index: std::collections::HashMap<String, usize> = macros
        .iter()
        .enumerate()
        .map(|(i, m)| (m.name.clone(), i))
        .collect();

    // 1. Parse every macro.
    let mut parsed: Vec<Option<Expr>> = Vec::with_capacity(macros.len());
    for m in macros.iter() {
        if m.condition.is_empty() && !m.raw_condition.is_empty() {
            // List substitution already failed and was reported.
            failed.insert(m.name.clone());
            parsed.push(None);
            continue;
        }
        match parse(&m.condition) {
            Ok(e) => parsed.push(Some(e)),
            Err(e) => {
                let src = CondSource {
                    raw: &m.raw_condition,
                    origin: &m.condition_origin,
                    exceptions: None,
                    item: &m.location,
                };
                let (loc, notes) = locate_offset(sources, lists, &src, &m.condition, e.offset);
                let mut d = Diagnostic::new(Code::ErrCompileCondition, e.to_string())
                    .at(loc)
                    .item(ItemKind::Macro, &m.name);
                d.notes.extend(notes);
                diags.push(d);
                failed.insert(m.name.clone());
                usage.complete = false;
                parsed.push(None);
            }
        }
    }

    let mut budget = MAX_TOTAL_EXPANDED_NODES;
    let mut exhausted = false;

    // 2. Expand macros in definition order with their visibility; earlier ones are already
    //    expanded when later ones use them, as in Falco.
    for i in 0..macros.len() {
        let Some(expr) = parsed[i].clone() else {
            continue;
        };
        let visibility = macros[i].visibility;
        let res = {
            let lookup = |name: &str| -> Option<&Expr> {
                let j = *index.get(name)?;
                if macros[j].index < visibility {
                    parsed[j].as_ref()
                } else {
                    None
                }
            };
            expand_macros_report(&expr, &lookup)
        };
        let c = cost(&res, &expr);
        if c > budget {
            diags.push(budget_diag(
                ItemKind::Macro,
                &macros[i].name,
                &macros[i].location,
            ));
            usage.complete = false;
            exhausted = true;
            for p in parsed.iter_mut().skip(i) {
                *p = None;
            }
            break;
        }
        budget -= c;
        match res {
            Ok(x) => {
                usage.used.extend(x.resolved.into_iter().map(|(n, _)| n));
                parsed[i] = Some(x.expr);
            }
            Err(e) => {
                usage.complete = false;
                if !is_cascade(&e, &failed) {
                    let m = &macros[i];
                    let src = CondSource {
                        raw: &m.raw_condition,
                        origin: &m.condition_origin,
                        exceptions: None,
                        item: &m.location,
                    };
                    let site = ErrorSite {
                        kind: ItemKind::Macro,
                        name: &m.name,
                        src: &src,
                        text: &m.condition,
                    };
                    diags.push(macro_error_diag(&e, sources, lists, &site, macros));
                }
                failed.insert(macros[i].name.clone());
                parsed[i] = None;
            }
        }
    }
    for (m, p) in macros.iter_mut().zip(&parsed) {
        m.expr = p.clone();
    }

    // 3. Rules see every macro.
    for r in rules.iter_mut() {
        r.expr = None;
        if exhausted {
            continue;
        }
        if r.unknown_source || (r.condition.is_empty() && !r.raw_condition.is_empty()) {
            continue;
        }
        let exceptions = if r.exceptions.is_empty() {
            None
        } else {
            apply_exceptions(&r.raw_condition, &r.exceptions)
                .ok()
                .map(|(t, _)| (t, r.exceptions.iter().map(|e| e.location.clone()).collect()))
        };
        let src = CondSource {
            raw: &r.raw_condition,
            origin: &r.condition_origin,
            exceptions,
            item: &r.location,
        };
        let expr = match parse(&r.condition) {
            Ok(e) => e,
            Err(e) => {
                let (loc, notes) = locate_offset(sources, lists, &src, &r.condition, e.offset);
                let mut d = Diagnostic::new(Code::ErrCompileCondition, e.to_string())
                    .at(loc)
                    .item(ItemKind::Rule, &r.name);
                d.notes.extend(notes);
                diags.push(d);
                usage.complete = false;
                continue;
            }
        };
        let lookup = |name: &str| -> Option<&Expr> { parsed[*index.get(name)?].as_ref() };
        let res = expand_macros_report(&expr, &lookup);
        let c = cost(&res, &expr);
        if c > budget {
            diags.push(budget_diag(ItemKind::Rule, &r.name, &r.location));
            usage.complete = false;
            exhausted = true;
            continue;
        }
        budget -= c;
        match res {
            Ok(x) => {
                usage.used.extend(x.resolved.into_iter().map(|(n, _)| n));
                r.expr = Some(x.expr);
            }
            Err(e) => {
                usage.complete = false;
                if !is_cascade(&e, &failed) {
                    let site = ErrorSite {
                        kind: ItemKind::Rule,
                        name: &r.name,
                        src: &src,
                        text: &r.condition,
                    };
                    diags.push(macro_error_diag(&e, sources, lists, &site, macros));
                }
            }
        }
    }
    (diags, usage)
}

fn is_cascade(e: &MacroError, failed: &HashSet<String>) -> bool {
    matches!(e, MacroError::Undefined { name, .. } if failed.contains(name))
}

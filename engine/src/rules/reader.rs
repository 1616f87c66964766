//! The reader: YAML documents → decoded rules-file items fed to the collector.
//!
//! Place in the data flow: file bytes → `yaml` (node tree) → **reader** → `collector`.
//!
//! Follows Falco's `rule_loader::reader` (`read`, `read_item`): item kind by the first present key
//! among `required_engine_version, required_plugin_versions, list, macro, rule`; yaml-cpp-like
//! decoding (values stay strings; booleans only from the yes/no/true/false/on/off/y/n family);
//! Falco's messages for missing keys, empty values and wrong types. Falco stops a file at its
//! first error; this reader records the error, skips that item and goes on, so one run reports
//! every independent problem (the load still fails).

use std::{collections::BTreeSet, sync::Arc};

use super::{
    collector::{
        Collector, ExEntry, ExceptionInfo, ListInfo, MacroInfo, PluginRequirement, PluginRequirementAlternatives,
        RuleInfo, RuleUpdate, ScalarOrigin, TextOrigin,
    },
    priority::Priority,
    version::{Version, FALCO_ENGINE_VERSION},
    yaml::{Node, NodeKind, Pos, ScalarStyle},
};
use crate::diag::{Code, Diagnostic, Diagnostics, ItemKind, Location};

const WARNING_APPEND: &str = "'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";
const WARNING_ENABLED: &str = "The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'replace' entry under the 'override' key (i.e. 'enabled: replace').";
const ERROR_OVERRIDE_APPEND: &str = "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";

/// Plugins whose fields syssentry implements natively.
pub const NATIVE_PLUGINS: &[&str] = &["container"];

/// Per-item decoding context: file, item kind and name, for locations and messages.
struct Ctx<'a> {
    file: &'a Arc<str>,
    kind: ItemKind,
    name: String,
}

impl Ctx<'_> {
    fn loc(&self, pos: Pos) -> Location {
        Location { file: self.file.clone(), line: pos.line, column: pos.column, offset: pos.offset }
    }

    fn err(&self, code: Code, msg: impl Into<String>, pos: Pos) -> Diagnostic {
        Diagnostic::new(code, msg).at(Some(self.loc(pos))).item(self.kind, self.name.clone())
    }

    fn yaml_err(&self, msg: impl Into<String>, pos: Pos) -> Diagnostic {
        self.err(Code::ErrYamlValidate, msg, pos)
    }

    fn warn(&self, code: Code, msg: impl Into<String>, pos: Pos) -> Diagnostic {
        self.err(code, msg, pos)
    }
}

type R<T> = Result<T, Diagnostic>;

/// yaml-cpp's `convert<bool>`.
pub fn parse_yaml_bool(s: &str) -> Option<bool> {
    const T: &[&str] = &["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"];
    const F: &[&str] = &["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"];
    if T.contains(&s) {
        Some(true)
    } else if F.contains(&s) {
        Some(false)
    } else {
        None
    }
}

/// yaml-cpp-like unsigned decoding: decimal digits (optional leading `+`), no overflow.
fn parse_yaml_u32(s: &str) -> Option<u32> {
    let d = s.strip_prefix('+').unwrap_or(s);
    if d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    d.parse().ok()
}

/// Falco's `decode_val_generic`: `Ok(None)` when absent (optional) or empty (allowed).
fn decode_scalar<'n>(ctx: &Ctx, item: &'n Node, key: &str, optional: bool, can_be_empty: bool) -> R<Option<(&'n str, &'n Node)>> {
    let Some(val) = item.get(key) else {
        if optional {
            return Ok(None);
        }
        return Err(ctx.yaml_err(format!("Item has no mapping for key '{key}'"), item.pos));
    };
    if val.is_null() {
        if can_be_empty {
            return Ok(None);
        }
        return Err(ctx.yaml_err(format!("Mapping for key '{key}' is empty"), item.pos));
    }
    let Some(s) = val.as_scalar() else {
        return Err(ctx.yaml_err("Value is not a scalar value", val.pos).note(format!("value for '{key}'")));
    };
    if s.is_empty() {
        if can_be_empty {
            return Ok(None);
        }
        return Err(ctx.yaml_err("Value must be non-empty", val.pos).note(format!("value for '{key}'")));
    }
    Ok(Some((s, val)))
}

fn decode_string(ctx: &Ctx, item: &Node, key: &str) -> R<String> {
    Ok(decode_scalar(ctx, item, key, false, false)?.map(|(s, _)| s.to_string()).unwrap_or_default())
}

fn decode_opt_string(ctx: &Ctx, item: &Node, key: &str) -> R<Option<String>> {
    Ok(decode_scalar(ctx, item, key, true, false)?.map(|(s, _)| s.to_string()))
}

fn decode_bool_val(ctx: &Ctx, item: &Node, key: &str, optional: bool) -> R<Option<bool>> {
    match decode_scalar(ctx, item, key, optional, false)? {
        None => Ok(None),
        Some((s, n)) => parse_yaml_bool(s)
            .map(Some)
            .ok_or_else(|| ctx.yaml_err("Can't decode YAML scalar value", n.pos).note(format!("value for '{key}' must be a boolean"))),
    }
}

fn decode_u32_val(ctx: &Ctx, item: &Node, key: &str, optional: bool) -> R<Option<u32>> {
    match decode_scalar(ctx, item, key, optional, false)? {
        None => Ok(None),
        Some((s, n)) => parse_yaml_u32(s).map(Some).ok_or_else(|| {
            ctx.yaml_err("Can't decode YAML scalar value", n.pos).note(format!("value for '{key}' must be an unsigned integer"))
        }),
    }
}

/// Falco's `decode_seq`: a sequence of scalars, as strings.
fn decode_seq(ctx: &Ctx, item: &Node, key: &str, optional: bool) -> R<Option<Vec<String>>> {
    let Some(val) = item.get(key) else {
        if optional {
            return Ok(None);
        }
        return Err(ctx.yaml_err(format!("Item has no mapping for key '{key}'"), item.pos));
    };
    let Some(seq) = val.as_seq() else {
        return Err(ctx.yaml_err("Value is not a sequence", val.pos).note(format!("value for '{key}'")));
    };
    let mut out = Vec::with_capacity(seq.len());
    for v in seq {
        match v.as_scalar() {
            Some(s) if !v.is_null() => out.push(s.to_string()),
            _ => return Err(ctx.yaml_err("sequence value is not scalar", v.pos).note(format!("list item of '{key}'"))),
        }
    }
    Ok(Some(out))
}

fn decode_tags(ctx: &Ctx, item: &Node) -> R<Option<BTreeSet<String>>> {
    Ok(decode_seq(ctx, item, "tags", true)?.map(|v| v.into_iter().collect()))
}

fn origin_of(ctx: &Ctx, node: &Node) -> TextOrigin {
    let style = match &node.kind {
        NodeKind::Scalar { style, .. } => *style,
        _ => ScalarStyle::Plain,
    };
    TextOrigin::single(ScalarOrigin { location: ctx.loc(node.pos), style })
}

fn decode_condition(ctx: &Ctx, item: &Node) -> R<(String, TextOrigin)> {
    let s = decode_string(ctx, item, "condition")?;
    let node = item.get("condition").unwrap_or(item);
    Ok((s, origin_of(ctx, node)))
}

/// Falco's `decode_overrides`: `(append keys, replace keys)`.
fn decode_overrides(ctx: &Ctx, item: &Node, appendable: &[&str], replaceable: &[&str]) -> R<(BTreeSet<String>, BTreeSet<String>)> {
    let mut app = BTreeSet::new();
    let mut rep = BTreeSet::new();
    let Some(val) = item.get("override") else { return Ok((app, rep)) };
    let entries: &[(Node, Node)] = match &val.kind {
        NodeKind::Map(e) => e,
        // yaml-cpp iterates a scalar as empty.
        NodeKind::Scalar { .. } => &[],
        NodeKind::Seq(s) if s.is_empty() => &[],
        NodeKind::Seq(_) => return Err(ctx.yaml_err("Value of 'override' must be a mapping", val.pos)),
    };
    for (k, v) in entries {
        let (Some(key), Some(op)) = (k.as_scalar(), v.as_scalar()) else {
            return Err(ctx.yaml_err("Override keys and operations must be scalar values", k.pos));
        };
        let is_app = appendable.contains(&key);
        let is_rep = replaceable.contains(&key);
        match op {
            "append" => {
                if !is_app {
                    return Err(ctx.yaml_err(format!("Key '{key}' cannot be appended to, use 'replace' instead"), k.pos));
                }
                app.insert(key.to_string());
            }
            "replace" => {
                if !is_rep {
                    return Err(ctx.yaml_err(format!("Key '{key}' cannot be replaced"), k.pos));
                }
                rep.insert(key.to_string());
            }
            _ => {
                let mut allowed = Vec::new();
                if is_app {
                    allowed.push("append");
                }
                if is_rep {
                    allowed.push("replace");
                }
                return Err(ctx.yaml_err(
                    format!("Invalid override operation for key '{key}': '{op}'. Allowed values are: {}", allowed.join(" ")),
                    v.pos,
                ));
            }
        }
    }
    Ok((app, rep))
}

/// Falco's `decode_exception_info_entry`; depth is bounded by the YAML depth cap.
fn decode_ex_entry(ctx: &Ctx, val: &Node) -> R<ExEntry> {
    let mut out = ExEntry::default();
    match &val.kind {
        NodeKind::Scalar { value, .. } if !val.is_null() => {
            if value.is_empty() {
                return Err(ctx.yaml_err("Value must be non-empty", val.pos));
            }
            out.item = value.clone();
        }
        NodeKind::Seq(items) => {
            out.is_list = true;
            for v in items {
                out.items.push(decode_ex_entry(ctx, v)?);
            }
        }
        // Null and mappings decode to an "invalid" (absent) entry, as in Falco.
        _ => {}
    }
    Ok(out)
}

fn read_exceptions(ctx: &Ctx, item: &Node, append: bool, diags: &mut Diagnostics) -> R<Vec<ExceptionInfo>> {
    let mut out: Vec<ExceptionInfo> = Vec::new();
    let Some(exs) = item.get("exceptions") else { return Ok(out) };
    if exs.is_null() {
        return Ok(out);
    }
    let Some(seq) = exs.as_seq() else {
        return Err(ctx.yaml_err("Rule exceptions must be a sequence", exs.pos));
    };
    for ex in seq {
        if ex.as_map().is_none() {
            return Err(ctx.yaml_err("Rule exception must be a mapping", ex.pos));
        }
        let name = decode_string(ctx, ex, "name")?;
        if out.iter().any(|e| e.name == name) {
            diags.push(ctx.warn(
                Code::ExceptionNameNotUnique,
                format!("Multiple definitions of exception '{name}' in the same rule"),
                ex.pos,
            ));
        }
        let mut info = ExceptionInfo {
            name,
            fields: ExEntry::default(),
            comps: ExEntry::default(),
            values: Vec::new(),
            location: ctx.loc(ex.pos),
        };
        match ex.get("fields") {
            Some(f) => info.fields = decode_ex_entry(ctx, f)?,
            None if append => {}
            None => return Err(ctx.yaml_err("Item has no mapping for key 'fields'", ex.pos)),
        }
        if let Some(c) = ex.get("comps") {
            info.comps = decode_ex_entry(ctx, c)?;
        }
        match ex.get("values") {
            Some(vals) => {
                let Some(vs) = vals.as_seq() else {
                    return Err(ctx.yaml_err("Rule exception values must be a sequence", vals.pos));
                };
                for v in vs {
                    info.values.push(decode_ex_entry(ctx, v)?);
                }
            }
            None if append => {
                diags.push(ctx.warn(Code::AppendNoValues, "Overriding/appending exception with no values", ex.pos));
            }
            None => {}
        }
        out.push(info);
    }
    Ok(out)
}

fn warn_unknown_keys(ctx: &Ctx, item: &Node, expected: &[&str], diags: &mut Diagnostics) -> R<()> {
    for (k, _) in item.as_map().unwrap_or_default() {
        let Some(key) = k.as_scalar() else {
            return Err(ctx.yaml_err("Mapping key is not a scalar value", k.pos));
        };
        if !expected.contains(&key) {
            diags.push(ctx.warn(Code::UnknownKey, format!("Unknown key '{key}'. The key will be ignored."), k.pos));
        }
    }
    Ok(())
}

fn is_identifier(s: &str) -> bool {
    let b = s.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    letters > 0 && b[letters..].iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

fn is_bare_str(s: &str) -> bool {
    // POSIX [:space:] is space, \t, \n, \v, \f, \r.
    !s.is_empty() && !s.bytes().any(|c| matches!(c, b'(' | b')' | b'"' | b'\'' | b'=' | b',' | b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'))
}

/// Names of items whose definition failed, so later "no previous definition" errors about them
/// (which Falco would never reach, having stopped at the first error) are not reported.
#[derive(Debug, Default)]
pub(crate) struct Poisoned {
    pub(crate) rules: BTreeSet<String>,
    pub(crate) macros: BTreeSet<String>,
    pub(crate) lists: BTreeSet<String>,
}

/// Reads one file's documents into the collector. Returns whether the file read without error.
pub(crate) fn read_documents(
    file: &Arc<str>,
    docs: &[Option<Node>],
    col: &mut Collector,
    diags: &mut Diagnostics,
    poisoned: &mut Poisoned,
) -> bool {
    let mut ok = true;
    for doc in docs.iter().flatten() {
        if doc.is_null() {
            continue;
        }
        let ctx = Ctx { file, kind: ItemKind::Unknown, name: String::new() };
        let Some(items) = doc.as_seq() else {
            let msg = if doc.as_map().is_some() { "Rules content is not yaml array of objects" } else { "Rules content is not yaml" };
            diags.push(Diagnostic::new(Code::ErrYamlValidate, msg).at(Some(ctx.loc(doc.pos))));
            ok = false;
            continue;
        };
        for item in items {
            if item.is_null() {
                continue;
            }
            if let Err(d) = read_item(file, item, col, diags) {
                let cascade = is_cascade(&d, poisoned);
                if let Some(it) = &d.item {
                    if !it.name.is_empty() {
                        let set = match it.kind {
                            ItemKind::Rule => Some(&mut poisoned.rules),
                            ItemKind::Macro => Some(&mut poisoned.macros),
                            ItemKind::List => Some(&mut poisoned.lists),
                            _ => None,
                        };
                        if let Some(set) = set {
                            set.insert(it.name.clone());
                        }
                    }
                }
                if !cascade {
                    diags.push(d);
                }
                ok = false;
            }
        }
    }
    ok
}

fn is_cascade(d: &Diagnostic, poisoned: &Poisoned) -> bool {
    let Some(item) = &d.item else { return false };
    let no_prev = d.message.contains("but no ") && d.message.contains("by that name already exists");
    no_prev
        && match item.kind {
            ItemKind::Rule => poisoned.rules.contains(&item.name),
            ItemKind::Macro => poisoned.macros.contains(&item.name),
            ItemKind::List => poisoned.lists.contains(&item.name),
            _ => false,
        }
}

fn read_item(file: &Arc<str>, item: &Node, col: &mut Collector, diags: &mut Diagnostics) -> R<()> {
    let mut ctx = Ctx { file, kind: ItemKind::Unknown, name: String::new() };
    if item.as_map().is_none() {
        return Err(ctx.yaml_err("Unexpected element type. Each element should be a yaml associative array.", item.pos));
    }
    // Warnings are buffered so an item that fails contributes only its error, like in Falco.
    let mut local = Diagnostics::new();
    let res = if item.get("required_engine_version").is_some() {
        ctx.kind = ItemKind::RequiredEngineVersion;
        read_engine_version(&ctx, item, col, &mut local)
    } else if item.get("required_plugin_versions").is_some() {
        ctx.kind = ItemKind::RequiredPluginVersions;
        read_plugin_versions(&ctx, item, col, &mut local)
    } else if item.get("list").is_some() {
        ctx.kind = ItemKind::List;
        read_list(&mut ctx, item, col, &mut local)
    } else if item.get("macro").is_some() {
        ctx.kind = ItemKind::Macro;
        read_macro(&mut ctx, item, col, &mut local)
    } else if item.get("rule").is_some() {
        ctx.kind = ItemKind::Rule;
        read_rule(&mut ctx, item, col, &mut local)
    } else {
        local.push(ctx.warn(Code::UnknownItem, "Unknown top level item", item.pos));
        Ok(())
    };
    match res {
        Ok(()) => {
            diags.extend(local);
            Ok(())
        }
        Err(e) => {
            // Keep warnings that Falco would have emitted before reaching the error.
            diags.extend(local);
            Err(e)
        }
    }
}

fn read_engine_version(ctx: &Ctx, item: &Node, col: &mut Collector, diags: &mut Diagnostics) -> R<()> {
    let (s, node) = decode_scalar(ctx, item, "required_engine_version", false, false)?
        .ok_or_else(|| ctx.yaml_err("Mapping for key 'required_engine_version' is empty", item.pos))?;
    let version = match parse_yaml_u32(s) {
        Some(n) => Version::implicit(n),
        None => Version::parse(s).ok_or_else(|| {
            ctx.yaml_err(format!("Unable to parse engine version '{s}' as a semver string. Expected \"x.y.z\" semver format."), node.pos)
        })?,
    };
    if !FALCO_ENGINE_VERSION.compatible_with(version) {
        return Err(ctx.err(
            Code::ErrValidate,
            format!("Rules require engine version {version}, but engine version is {FALCO_ENGINE_VERSION}"),
            node.pos,
        ));
    }
    col.define_engine_version(version);
    warn_unknown_keys(ctx, item, &["required_engine_version"], diags)
}

fn read_plugin_versions(ctx: &Ctx, item: &Node, col: &mut Collector, diags: &mut Diagnostics) -> R<()> {
    let Some(val) = item.get("required_plugin_versions") else { return Ok(()) };
    let Some(entries) = val.as_seq() else {
        return Err(ctx.yaml_err("Value of required_plugin_versions must be a sequence", val.pos));
    };
    for plugin in entries {
        if plugin.as_map().is_none() {
            return Err(ctx.yaml_err("Plugin version must be a mapping", plugin.pos));
        }
        let name = decode_string(ctx, plugin, "name")?;
        let pctx = Ctx { file: ctx.file, kind: ctx.kind, name: name.clone() };
        let version = decode_string(&pctx, plugin, "version")?;
        let mut req = PluginRequirementAlternatives {
            alternatives: vec![PluginRequirement { name, version }],
            location: ctx.loc(plugin.pos),
        };
        if let Some(alts) = plugin.get("alternatives") {
            let Some(alts) = alts.as_seq() else {
                return Err(pctx.yaml_err("Value of plugin version alternatives must be a sequence", alts.pos));
            };
            for alt in alts {
                if alt.as_map().is_none() {
                    return Err(pctx.yaml_err("Plugin version alternative must be a mapping", alt.pos));
                }
                let name = decode_string(&pctx, alt, "name")?;
                let version = decode_string(&pctx, alt, "version")?;
                req.alternatives.push(PluginRequirement { name, version });
            }
        }
        let satisfied = req.alternatives.iter().any(|a| NATIVE_PLUGINS.contains(&a.name.as_str()));
        let names: Vec<String> = req.alternatives.iter().map(|a| format!("{} (>= {})", a.name, a.version)).collect();
        col.define_plugin_requirement(req)?;
        if !satisfied {
            diags.push(pctx.warn(
                Code::UnknownPlugin,
                format!(
                    "Plugin requirement not satisfied, must load one of: {}; syssentry has no such plugin and implements only the fields of: {}",
                    names.join(", "),
                    NATIVE_PLUGINS.join(", ")
                ),
                plugin.pos,
            ));
        }
    }
    warn_unknown_keys(ctx, item, &["required_plugin_versions"], diags)
}

fn read_list(ctx: &mut Ctx, item: &Node, col: &mut Collector, diags: &mut Diagnostics) -> R<()> {
    let name = decode_string(ctx, item, "list")?;
    ctx.name = name.clone();
    if !is_bare_str(&name) {
        diags.push(ctx.warn(
            Code::InvalidListName,
            "List has an invalid name. List names should match a regular expression: ([^()\"'[:space:]=,]+)",
            item.pos,
        ));
    }
    let items = decode_seq(ctx, item, "items", false)?.unwrap_or_default();
    let mut append = decode_bool_val(ctx, item, "append", true)?.unwrap_or(false);
    if append {
        diags.push(ctx.warn(Code::DeprecatedItem, WARNING_APPEND, item.pos));
    }
    let (oa, or) = decode_overrides(ctx, item, &["items"], &["items"])?;
    if append && (!oa.is_empty() || !or.is_empty()) {
        return Err(ctx.yaml_err(ERROR_OVERRIDE_APPEND, item.pos));
    }
    append |= oa.contains("items");
    let info = ListInfo { name, items, location: ctx.loc(item.pos), index: 0, visibility: 0 };
    if append {
        col.append_list(info)?;
    } else {
        col.define_list(info);
    }
    warn_unknown_keys(ctx, item, &["list", "items", "append", "override"], diags)
}

fn read_macro(ctx: &mut Ctx, item: &Node, col: &mut Collector, diags: &mut Diagnostics) -> R<()> {
    let name = decode_string(ctx, item, "macro")?;
    ctx.name = name.clone();
    if !is_identifier(&name) {
        diags.push(ctx.warn(
            Code::InvalidMacroName,
            "Macro has an invalid name. Macro names should match a regular expression: ([a-zA-Z]+[a-zA-Z0-9_]*)",
            item.pos,
        ));
    }
    let (condition, origin) = decode_condition(ctx, item)?;
    let mut append = decode_bool_val(ctx, item, "append", true)?.unwrap_or(false);
    if append {
        diags.push(ctx.warn(Code::DeprecatedItem, WARNING_APPEND, item.pos));
    }
    let (oa, or) = decode_overrides(ctx, item, &["condition"], &["condition"])?;
    if append && (!oa.is_empty() || !or.is_empty()) {
        return Err(ctx.yaml_err(ERROR_OVERRIDE_APPEND, item.pos));
    }
    append |= oa.contains("condition");
    let info = MacroInfo { name, condition, condition_origin: origin, location: ctx.loc(item.pos), index: 0, visibility: 0 };
    if append {
        col.append_macro(info)?;
    } else {
        col.define_macro(info);
    }
    warn_unknown_keys(ctx, item, &["macro", "condition", "append", "override"], diags)
}

const RULE_APPENDABLE: &[&str] = &["condition", "output", "desc", "tags", "exceptions"];
const RULE_REPLACEABLE: &[&str] = &[
    "condition", "output", "desc", "priority", "capture", "capture_duration", "tags", "exceptions", "enabled",
    "warn_evttypes", "skip-if-unknown-filter",
];
const RULE_KEYS: &[&str] = &[
    "rule", "condition", "output", "desc", "priority", "source", "enabled", "capture", "capture_duration",
    "warn_evttypes", "skip-if-unknown-filter", "tags", "exceptions", "override", "append",
];

fn decode_priority(ctx: &Ctx, item: &Node) -> R<Priority> {
    let s = decode_string(ctx, item, "priority")?;
    let pos = item.get("priority").map_or(item.pos, |n| n.pos);
    s.parse::<Priority>().map_err(|_| ctx.yaml_err("Invalid priority", pos).note(format!("'{s}' is none of Emergency, Alert, Critical, Error, Warning, Notice, Informational (or Info), Debug")))
}

/// Falco's `check_update_expected`: is `key` in `overrides`? If so it must be in the item.
fn check_update_expected(ctx: &Ctx, expected: &mut BTreeSet<String>, overrides: &BTreeSet<String>, kind: &str, key: &str, item: &Node) -> R<bool> {
    if !overrides.contains(key) {
        return Ok(false);
    }
    if !expected.remove(key) {
        return Err(ctx.yaml_err(format!("An {kind} override for '{key}' was specified but '{key}' is not defined"), item.pos));
    }
    Ok(true)
}

fn read_rule(ctx: &mut Ctx, item: &Node, col: &mut Collector, diags: &mut Diagnostics) -> R<()> {
    let name = decode_string(ctx, item, "rule")?;
    ctx.name = name.clone();
    let source = decode_scalar(ctx, item, "source", true, true)?.map(|(s, _)| s.to_string()).unwrap_or_default();
    let has_append_flag = decode_bool_val(ctx, item, "append", true)?.unwrap_or(false);
    if has_append_flag {
        diags.push(ctx.warn(Code::DeprecatedItem, WARNING_APPEND, item.pos));
    }
    let (oa, or) = decode_overrides(ctx, item, RULE_APPENDABLE, RULE_REPLACEABLE)?;
    let has_overrides = !oa.is_empty() || !or.is_empty();
    if has_append_flag && has_overrides {
        return Err(ctx.yaml_err(ERROR_OVERRIDE_APPEND, item.pos));
    }
    let location = ctx.loc(item.pos);
    if has_overrides {
        let mut expected: BTreeSet<String> = RULE_APPENDABLE
            .iter()
            .chain(RULE_REPLACEABLE)
            .filter(|k| item.get(k).is_some())
            .map(|k| k.to_string())
            .collect();
        if !oa.is_empty() {
            let mut v = RuleUpdate { name: name.clone(), location: Some(location.clone()), ..Default::default() };
            if check_update_expected(ctx, &mut expected, &oa, "append", "condition", item)? {
                v.source = source.clone();
                v.condition = Some(decode_condition(ctx, item)?);
            }
            if check_update_expected(ctx, &mut expected, &oa, "append", "exceptions", item)? {
                v.exceptions = Some(read_exceptions(ctx, item, true, diags)?);
            }
            if check_update_expected(ctx, &mut expected, &oa, "append", "output", item)? {
                v.output = Some(decode_string(ctx, item, "output")?);
            }
            if check_update_expected(ctx, &mut expected, &oa, "append", "desc", item)? {
                v.desc = Some(decode_string(ctx, item, "desc")?);
            }
            if check_update_expected(ctx, &mut expected, &oa, "append", "tags", item)? {
                v.tags = decode_tags(ctx, item)?;
            }
            col.append_rule(v)?;
        }
        if !or.is_empty() {
            let mut v = RuleUpdate { name: name.clone(), location: Some(location.clone()), ..Default::default() };
            if check_update_expected(ctx, &mut expected, &or, "replace", "condition", item)? {
                v.source = source.clone();
                v.condition = Some(decode_condition(ctx, item)?);
            }
            if check_update_expected(ctx, &mut expected, &or, "replace", "exceptions", item)? {
                v.exceptions = Some(read_exceptions(ctx, item, false, diags)?);
            }
            if check_update_expected(ctx, &mut expected, &or, "replace", "output", item)? {
                v.output = Some(decode_string(ctx, item, "output")?);
            }
            if check_update_expected(ctx, &mut expected, &or, "replace", "desc", item)? {
                v.desc = Some(decode_string(ctx, item, "desc")?);
            }
            if check_update_expected(ctx, &mut expected, &or, "replace", "tags", item)? {
                v.tags = decode_tags(ctx, item)?;
            }
            if check_update_expected(ctx, &mut expected, &or, "replace", "priority", item)? {
                v.priority = Some(decode_priority(ctx, item)?);
            }
            if check_update_expected(ctx, &mut expected, &or, "replace", "capture", item)? {
                v.capture = decode_bool_val(ctx, item, "capture", false)?;
            }
            if check_update_expected(ctx, &mut expected, &or, "replace", "capture_duration", item)? {
                v.capture_duration = decode_u32_val(ctx, item, "capture_duration", false)?;
            }
            if check_update_expected(ctx, &mut expected, &or, "replace", "enabled", item)? {
                v.enabled = decode_bool_val(ctx, item, "enabled", false)?;
            }
            if check_update_expected(ctx, &mut expected, &or, "replace", "warn_evttypes", item)? {
                v.warn_evttypes = decode_bool_val(ctx, item, "warn_evttypes", false)?;
            }
            if check_update_expected(ctx, &mut expected, &or, "replace", "skip-if-unknown-filter", item)? {
                v.skip_if_unknown_filter = decode_bool_val(ctx, item, "skip-if-unknown-filter", false)?;
            }
            col.replace_rule(v)?;
        }
        if let Some(key) = expected.iter().next() {
            let pos = item.as_map().unwrap_or_default().iter().find(|(k, _)| k.as_scalar() == Some(key)).map_or(item.pos, |(k, _)| k.pos);
            return Err(ctx.yaml_err(format!("Unexpected key '{key}': no corresponding entry under 'override' is defined."), pos));
        }
    } else if has_append_flag {
        let mut v = RuleUpdate { name: name.clone(), source: source.clone(), location: Some(location.clone()), ..Default::default() };
        if item.get("condition").is_some() {
            v.condition = Some(decode_condition(ctx, item)?);
        }
        if item.get("exceptions").is_some() {
            v.exceptions = Some(read_exceptions(ctx, item, true, diags)?);
        }
        col.append_rule(v)?;
    } else if ["condition", "output", "desc", "priority"].iter().all(|k| item.get(k).is_none()) {
        let enabled = decode_bool_val(ctx, item, "enabled", false)?.unwrap_or(true);
        diags.push(ctx.warn(Code::DeprecatedItem, WARNING_ENABLED, item.pos));
        col.enable_rule(&name, enabled, &location)?;
    } else {
        let (condition, condition_origin) = decode_condition(ctx, item)?;
        let output = decode_string(ctx, item, "output")?;
        let output_location = item.get("output").map(|n| ctx.loc(n.pos));
        let desc = decode_string(ctx, item, "desc")?;
        let priority = decode_priority(ctx, item)?;
        let source = decode_opt_string(ctx, item, "source")?.unwrap_or_else(|| "syscall".to_string());
        let enabled = decode_bool_val(ctx, item, "enabled", true)?.unwrap_or(true);
        let capture = decode_bool_val(ctx, item, "capture", true)?.unwrap_or(false);
        let capture_duration = decode_u32_val(ctx, item, "capture_duration", true)?.unwrap_or(0);
        let warn_evttypes = decode_bool_val(ctx, item, "warn_evttypes", true)?.unwrap_or(true);
        let skip_if_unknown_filter = decode_bool_val(ctx, item, "skip-if-unknown-filter", true)?.unwrap_or(false);
        let tags = decode_tags(ctx, item)?.unwrap_or_default();
        let exceptions = read_exceptions(ctx, item, false, diags)?;
        let info = RuleInfo {
            name: name.clone(),
            desc,
            condition,
            condition_origin,
            output: output.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')).to_string(),
            output_location,
            priority,
            source,
            tags,
            exceptions,
            enabled,
            capture,
            capture_duration,
            warn_evttypes,
            skip_if_unknown_filter,
            unknown_source: false,
            location,
            index: 0,
            visibility: 0,
        };
        for w in col.define_rule(info)? {
            diags.push(w);
        }
    }
    warn_unknown_keys(ctx, item, RULE_KEYS, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_identifier("a_1"));
        assert!(!is_identifier("1a"));
        assert!(!is_identifier("test-macro"));
        assert!(!is_identifier(""));
        assert!(is_bare_str("a.b/*"));
        assert!(!is_bare_str("test list"));
        assert!(!is_bare_str("a=b"));
    }

    #[test]
    fn bools() {
        assert_eq!(parse_yaml_bool("Yes"), Some(true));
        assert_eq!(parse_yaml_bool("OFF"), Some(false));
        assert_eq!(parse_yaml_bool("yES"), None);
        assert_eq!(parse_yaml_bool("1"), None);
        assert_eq!(parse_yaml_u32("10000"), Some(10000));
        assert_eq!(parse_yaml_u32("not_a_number"), None);
    }
}

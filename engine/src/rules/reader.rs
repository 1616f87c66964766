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

use super::collector::{
    Collector, ListInfo, MacroInfo, PluginRequirement, PluginRequirementAlternatives, RuleInfo,
    RuleUpdate,
};
use super::decode::{
    decode_bool_val, decode_condition, decode_opt_string, decode_overrides, decode_scalar,
    decode_seq, decode_string, decode_tags, decode_u32_val, is_bare_str, is_identifier,
    parse_yaml_u32, read_exceptions, warn_unknown_keys, Ctx, R,
};
use super::priority::Priority;
use super::version::{Version, FALCO_ENGINE_VERSION};
use super::yaml::Node;
use crate::diag::{Code, Diagnostic, Diagnostics, ItemKind};

const WARNING_APPEND: &str = "'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";
const WARNING_ENABLED: &str = "The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'replace' entry under the 'override' key (i.e. 'enabled: replace').";
const ERROR_OVERRIDE_APPEND: &str = "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";

/// Plugins whose fields syssentry implements natively.
pub const NATIVE_PLUGINS: &[&str] = &["container"];

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
        let ctx = Ctx {
            file,
            kind: ItemKind::Unknown,
            name: String::new(),
        };
        let Some(items) = doc.as_seq() else {
            let msg = if doc.as_map().is_some() {
                "Rules content is not yaml array of objects"
            } else {
                "Rules content is not yaml"
            };
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
    let no_prev =
        d.message.contains("but no ") && d.message.contains("by that name already exists");
    no_prev
        && match item.kind {
            ItemKind::Rule => poisoned.rules.contains(&item.name),
            ItemKind::Macro => poisoned.macros.contains(&item.name),
            ItemKind::List => poisoned.lists.contains(&item.name),
            _ => false,
        }
}

fn read_item(file: &Arc<str>, item: &Node, col: &mut Collector, diags: &mut Diagnostics) -> R<()> {
    let mut ctx = Ctx {
        file,
        kind: ItemKind::Unknown,
        name: String::new(),
    };
    if item.as_map().is_none() {
        return Err(ctx.yaml_err(
            "Unexpected element type. Each element should be a yaml associative array.",
            item.pos,
        ));
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

fn read_engine_version(
    ctx: &Ctx,
    item: &Node,
    col: &mut Collector,
    diags: &mut Diagnostics,
) -> R<()> {
    let (s, node) =
        decode_scalar(ctx, item, "required_engine_version", false, false)?.ok_or_else(|| {
            ctx.yaml_err(
                "Mapping for key 'required_engine_version' is empty",
                item.pos,
            )
        })?;
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

fn read_plugin_versions(
    ctx: &Ctx,
    item: &Node,
    col: &mut Collector,
    diags: &mut Diagnostics,
) -> R<()> {
    let Some(val) = item.get("required_plugin_versions") else {
        return Ok(());
    };
    let Some(entries) = val.as_seq() else {
        return Err(ctx.yaml_err(
            "Value of required_plugin_versions must be a sequence",
            val.pos,
        ));
    };
    for plugin in entries {
        if plugin.as_map().is_none() {
            return Err(ctx.yaml_err("Plugin version must be a mapping", plugin.pos));
        }
        let name = decode_string(ctx, plugin, "name")?;
        let pctx = Ctx {
            file: ctx.file,
            kind: ctx.kind,
            name: name.clone(),
        };
        let version = decode_string(&pctx, plugin, "version")?;
        let mut req = PluginRequirementAlternatives {
            alternatives: vec![PluginRequirement { name, version }],
            location: ctx.loc(plugin.pos),
        };
        if let Some(alts) = plugin.get("alternatives") {
            let Some(alts) = alts.as_seq() else {
                return Err(pctx.yaml_err(
                    "Value of plugin version alternatives must be a sequence",
                    alts.pos,
                ));
            };
            for alt in alts {
                if alt.as_map().is_none() {
                    return Err(
                        pctx.yaml_err("Plugin version alternative must be a mapping", alt.pos)
                    );
                }
                let name = decode_string(&pctx, alt, "name")?;
                let version = decode_string(&pctx, alt, "version")?;
                req.alternatives.push(PluginRequirement { name, version });
            }
        }
        let satisfied = req
            .alternatives
            .iter()
            .any(|a| NATIVE_PLUGINS.contains(&a.name.as_str()));
        let names: Vec<String> = req
            .alternatives
            .iter()
            .map(|a| format!("{} (>= {})", a.name, a.version))
            .collect();
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
    let info = ListInfo {
        name,
        items,
        location: ctx.loc(item.pos),
        index: 0,
        visibility: 0,
    };
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
    let info = MacroInfo {
        name,
        condition,
        condition_origin: origin,
        location: ctx.loc(item.pos),
        index: 0,
        visibility: 0,
    };
    if append {
        col.append_macro(info)?;
    } else {
        col.define_macro(info);
    }
    warn_unknown_keys(
        ctx,
        item,
        &["macro", "condition", "append", "override"],
        diags,
    )
}

const RULE_APPENDABLE: &[&str] = &["condition", "output", "desc", "tags", "exceptions"];
const RULE_REPLACEABLE: &[&str] = &[
    "condition",
    "output",
    "desc",
    "priority",
    "capture",
    "capture_duration",
    "tags",
    "exceptions",
    "enabled",
    "warn_evttypes",
    "skip-if-unknown-filter",
];
const RULE_KEYS: &[&str] = &[
    "rule",
    "condition",
    "output",
    "desc",
    "priority",
    "source",
    "enabled",
    "capture",
    "capture_duration",
    "warn_evttypes",
    "skip-if-unknown-filter",
    "tags",
    "exceptions",
    "override",
    "append",
];

fn decode_priority(ctx: &Ctx, item: &Node) -> R<Priority> {
    let s = decode_string(ctx, item, "priority")?;
    let pos = item.get("priority").map_or(item.pos, |n| n.pos);
    s.parse::<Priority>().map_err(|_| ctx.yaml_err("Invalid priority", pos).note(format!("'{s}' is none of Emergency, Alert, Critical, Error, Warning, Notice, Informational (or Info), Debug")))
}

/// Falco's `check_update_expected`: is `key` in `overrides`? If so it must be in the item.
fn check_update_expected(
    ctx: &Ctx,
    expected: &mut BTreeSet<String>,
    overrides: &BTreeSet<String>,
    kind: &str,
    key: &str,
    item: &Node,
) -> R<bool> {
    if !overrides.contains(key) {
        return Ok(false);
    }
    if !expected.remove(key) {
        return Err(ctx.yaml_err(
            format!("An {kind} override for '{key}' was specified but '{key}' is not defined"),
            item.pos,
        ));
    }
    Ok(true)
}

fn read_rule(ctx: &mut Ctx, item: &Node, col: &mut Collector, diags: &mut Diagnostics) -> R<()> {
    let name = decode_string(ctx, item, "rule")?;
    ctx.name = name.clone();
    let source = decode_scalar(ctx, item, "source", true, true)?
        .map(|(s, _)| s.to_string())
        .unwrap_or_default();
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
            let mut v = RuleUpdate {
                name: name.clone(),
                location: Some(location.clone()),
                ..Default::default()
            };
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
            let mut v = RuleUpdate {
                name: name.clone(),
                location: Some(location.clone()),
                ..Default::default()
            };
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
            if check_update_expected(ctx, &mut expected, &or, "replace", "capture_duration", item)?
            {
                v.capture_duration = decode_u32_val(ctx, item, "capture_duration", false)?;
            }
            if check_update_expected(ctx, &mut expected, &or, "replace", "enabled", item)? {
                v.enabled = decode_bool_val(ctx, item, "enabled", false)?;
            }
            if check_update_expected(ctx, &mut expected, &or, "replace", "warn_evttypes", item)? {
                v.warn_evttypes = decode_bool_val(ctx, item, "warn_evttypes", false)?;
            }
            if check_update_expected(
                ctx,
                &mut expected,
                &or,
                "replace",
                "skip-if-unknown-filter",
                item,
            )? {
                v.skip_if_unknown_filter =
                    decode_bool_val(ctx, item, "skip-if-unknown-filter", false)?;
            }
            col.replace_rule(v)?;
        }
        if let Some(key) = expected.iter().next() {
            let pos = item
                .as_map()
                .unwrap_or_default()
                .iter()
                .find(|(k, _)| k.as_scalar() == Some(key))
                .map_or(item.pos, |(k, _)| k.pos);
            return Err(ctx.yaml_err(
                format!(
                    "Unexpected key '{key}': no corresponding entry under 'override' is defined."
                ),
                pos,
            ));
        }
    } else if has_append_flag {
        let mut v = RuleUpdate {
            name: name.clone(),
            source: source.clone(),
            location: Some(location.clone()),
            ..Default::default()
        };
        if item.get("condition").is_some() {
            v.condition = Some(decode_condition(ctx, item)?);
        }
        if item.get("exceptions").is_some() {
            v.exceptions = Some(read_exceptions(ctx, item, true, diags)?);
        }
        col.append_rule(v)?;
    } else if ["condition", "output", "desc", "priority"]
        .iter()
        .all(|k| item.get(k).is_none())
    {
        let enabled = decode_bool_val(ctx, item, "enabled", false)?.unwrap_or(true);
        diags.push(ctx.warn(Code::DeprecatedItem, WARNING_ENABLED, item.pos));
        col.enable_rule(&name, enabled, &location)?;
    } else {
        let (condition, condition_origin) = decode_condition(ctx, item)?;
        let output = decode_string(ctx, item, "output")?;
        let output_location = item.get("output").map(|n| ctx.loc(n.pos));
        let desc = decode_string(ctx, item, "desc")?;
        let priority = decode_priority(ctx, item)?;
        let source =
            decode_opt_string(ctx, item, "source")?.unwrap_or_else(|| "syscall".to_string());
        let enabled = decode_bool_val(ctx, item, "enabled", true)?.unwrap_or(true);
        let capture = decode_bool_val(ctx, item, "capture", true)?.unwrap_or(false);
        let capture_duration = decode_u32_val(ctx, item, "capture_duration", true)?.unwrap_or(0);
        let warn_evttypes = decode_bool_val(ctx, item, "warn_evttypes", true)?.unwrap_or(true);
        let skip_if_unknown_filter =
            decode_bool_val(ctx, item, "skip-if-unknown-filter", true)?.unwrap_or(false);
        let tags = decode_tags(ctx, item)?.unwrap_or_default();
        let exceptions = read_exceptions(ctx, item, false, diags)?;
        let info = RuleInfo {
            name: name.clone(),
            desc,
            condition,
            condition_origin,
            output: output
                .trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c'))
                .to_string(),
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
    use crate::rules::decode::parse_yaml_bool;

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

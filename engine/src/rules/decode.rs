//! yaml-cpp-like decoding of rules-file values, with Falco's messages.
//!
//! Place in the data flow: `yaml` nodes → **decode** helpers → `reader` (item logic).
//!
//! Scalars are converted only when a key asks for a type, as yaml-cpp's `as<T>` does in Falco:
//! strings stay as written, booleans come only from the yes/no/true/false/on/off/y/n family,
//! numbers are plain decimal. Missing, empty, non-scalar and undecodable values produce
//! Falco's `LOAD_ERR_YAML_VALIDATE` messages.

use std::{collections::BTreeSet, sync::Arc};

use super::collector::{ExEntry, ExceptionInfo, ScalarOrigin, TextOrigin};
use super::yaml::{Node, NodeKind, Pos, ScalarStyle};
use crate::diag::{Code, Diagnostic, Diagnostics, ItemKind, Location};

/// Per-item decoding context: file, item kind and name, for locations and messages.
pub(crate) struct Ctx<'a> {
    pub(crate) file: &'a Arc<str>,
    pub(crate) kind: ItemKind,
    pub(crate) name: String,
}

impl Ctx<'_> {
    pub(crate) fn loc(&self, pos: Pos) -> Location {
        Location {
            file: self.file.clone(),
            line: pos.line,
            column: pos.column,
            offset: pos.offset,
        }
    }

    pub(crate) fn err(&self, code: Code, msg: impl Into<String>, pos: Pos) -> Diagnostic {
        Diagnostic::new(code, msg)
            .at(Some(self.loc(pos)))
            .item(self.kind, self.name.clone())
    }

    pub(crate) fn yaml_err(&self, msg: impl Into<String>, pos: Pos) -> Diagnostic {
        self.err(Code::ErrYamlValidate, msg, pos)
    }

    pub(crate) fn warn(&self, code: Code, msg: impl Into<String>, pos: Pos) -> Diagnostic {
        self.err(code, msg, pos)
    }
}

pub(crate) type R<T> = Result<T, Diagnostic>;

/// yaml-cpp's `convert<bool>`.
pub(crate) fn parse_yaml_bool(s: &str) -> Option<bool> {
    const T: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
    ];
    const F: &[&str] = &[
        "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
    ];
    if T.contains(&s) {
        Some(true)
    } else if F.contains(&s) {
        Some(false)
    } else {
        None
    }
}

/// yaml-cpp-like unsigned decoding: decimal digits (optional leading `+`), no overflow.
pub(crate) fn parse_yaml_u32(s: &str) -> Option<u32> {
    let d = s.strip_prefix('+').unwrap_or(s);
    if d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    d.parse().ok()
}

/// Falco's `decode_val_generic`: `Ok(None)` when absent (optional) or empty (allowed).
pub(crate) fn decode_scalar<'n>(
    ctx: &Ctx,
    item: &'n Node,
    key: &str,
    optional: bool,
    can_be_empty: bool,
) -> R<Option<(&'n str, &'n Node)>> {
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
        return Err(ctx
            .yaml_err("Value is not a scalar value", val.pos)
            .note(format!("value for '{key}'")));
    };
    if s.is_empty() {
        if can_be_empty {
            return Ok(None);
        }
        return Err(ctx
            .yaml_err("Value must be non-empty", val.pos)
            .note(format!("value for '{key}'")));
    }
    Ok(Some((s, val)))
}

pub(crate) fn decode_string(ctx: &Ctx, item: &Node, key: &str) -> R<String> {
    Ok(decode_scalar(ctx, item, key, false, false)?
        .map(|(s, _)| s.to_string())
        .unwrap_or_default())
}

pub(crate) fn decode_opt_string(ctx: &Ctx, item: &Node, key: &str) -> R<Option<String>> {
    Ok(decode_scalar(ctx, item, key, true, false)?.map(|(s, _)| s.to_string()))
}

pub(crate) fn decode_bool_val(
    ctx: &Ctx,
    item: &Node,
    key: &str,
    optional: bool,
) -> R<Option<bool>> {
    match decode_scalar(ctx, item, key, optional, false)? {
        None => Ok(None),
        Some((s, n)) => parse_yaml_bool(s).map(Some).ok_or_else(|| {
            ctx.yaml_err("Can't decode YAML scalar value", n.pos)
                .note(format!("value for '{key}' must be a boolean"))
        }),
    }
}

pub(crate) fn decode_u32_val(ctx: &Ctx, item: &Node, key: &str, optional: bool) -> R<Option<u32>> {
    match decode_scalar(ctx, item, key, optional, false)? {
        None => Ok(None),
        Some((s, n)) => parse_yaml_u32(s).map(Some).ok_or_else(|| {
            ctx.yaml_err("Can't decode YAML scalar value", n.pos)
                .note(format!("value for '{key}' must be an unsigned integer"))
        }),
    }
}

/// Falco's `decode_seq`: a sequence of scalars, as strings.
pub(crate) fn decode_seq(
    ctx: &Ctx,
    item: &Node,
    key: &str,
    optional: bool,
) -> R<Option<Vec<String>>> {
    let Some(val) = item.get(key) else {
        if optional {
            return Ok(None);
        }
        return Err(ctx.yaml_err(format!("Item has no mapping for key '{key}'"), item.pos));
    };
    let Some(seq) = val.as_seq() else {
        return Err(ctx
            .yaml_err("Value is not a sequence", val.pos)
            .note(format!("value for '{key}'")));
    };
    let mut out = Vec::with_capacity(seq.len());
    for v in seq {
        match v.as_scalar() {
            Some(s) if !v.is_null() => out.push(s.to_string()),
            _ => {
                return Err(ctx
                    .yaml_err("sequence value is not scalar", v.pos)
                    .note(format!("list item of '{key}'")))
            }
        }
    }
    Ok(Some(out))
}

pub(crate) fn decode_tags(ctx: &Ctx, item: &Node) -> R<Option<BTreeSet<String>>> {
    Ok(decode_seq(ctx, item, "tags", true)?.map(|v| v.into_iter().collect()))
}

pub(crate) fn origin_of(ctx: &Ctx, node: &Node) -> TextOrigin {
    let style = match &node.kind {
        NodeKind::Scalar { style, .. } => *style,
        _ => ScalarStyle::Plain,
    };
    TextOrigin::single(ScalarOrigin {
        location: ctx.loc(node.pos),
        style,
    })
}

pub(crate) fn decode_condition(ctx: &Ctx, item: &Node) -> R<(String, TextOrigin)> {
    let s = decode_string(ctx, item, "condition")?;
    let node = item.get("condition").unwrap_or(item);
    Ok((s, origin_of(ctx, node)))
}

/// Falco's `decode_overrides`: `(append keys, replace keys)`.
pub(crate) fn decode_overrides(
    ctx: &Ctx,
    item: &Node,
    appendable: &[&str],
    replaceable: &[&str],
) -> R<(BTreeSet<String>, BTreeSet<String>)> {
    let mut app = BTreeSet::new();
    let mut rep = BTreeSet::new();
    let Some(val) = item.get("override") else {
        return Ok((app, rep));
    };
    let entries: &[(Node, Node)] = match &val.kind {
        NodeKind::Map(e) => e,
        // yaml-cpp iterates a scalar as empty.
        NodeKind::Scalar { .. } => &[],
        NodeKind::Seq(s) if s.is_empty() => &[],
        NodeKind::Seq(_) => {
            return Err(ctx.yaml_err("Value of 'override' must be a mapping", val.pos))
        }
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
                    return Err(ctx.yaml_err(
                        format!("Key '{key}' cannot be appended to, use 'replace' instead"),
                        k.pos,
                    ));
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
pub(crate) fn decode_ex_entry(ctx: &Ctx, val: &Node) -> R<ExEntry> {
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

pub(crate) fn read_exceptions(
    ctx: &Ctx,
    item: &Node,
    append: bool,
    diags: &mut Diagnostics,
) -> R<Vec<ExceptionInfo>> {
    let mut out: Vec<ExceptionInfo> = Vec::new();
    let Some(exs) = item.get("exceptions") else {
        return Ok(out);
    };
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
                diags.push(ctx.warn(
                    Code::AppendNoValues,
                    "Overriding/appending exception with no values",
                    ex.pos,
                ));
            }
            None => {}
        }
        out.push(info);
    }
    Ok(out)
}

pub(crate) fn warn_unknown_keys(
    ctx: &Ctx,
    item: &Node,
    expected: &[&str],
    diags: &mut Diagnostics,
) -> R<()> {
    for (k, _) in item.as_map().unwrap_or_default() {
        let Some(key) = k.as_scalar() else {
            return Err(ctx.yaml_err("Mapping key is not a scalar value", k.pos));
        };
        if !expected.contains(&key) {
            diags.push(ctx.warn(
                Code::UnknownKey,
                format!("Unknown key '{key}'. The key will be ignored."),
                k.pos,
            ));
        }
    }
    Ok(())
}

pub(crate) fn is_identifier(s: &str) -> bool {
    let b = s.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    letters > 0
        && b[letters..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

pub(crate) fn is_bare_str(s: &str) -> bool {
    // POSIX [:space:] is space, \t, \n, \v, \f, \r.
    !s.is_empty()
        && !s.bytes().any(|c| {
            matches!(
                c,
                b'(' | b')'
                    | b'"'
                    | b'\''
                    | b'='
                    | b','
                    | b' '
                    | b'\t'
                    | b'\n'
                    | b'\x0b'
                    | b'\x0c'
                    | b'\r'
            )
        })
}

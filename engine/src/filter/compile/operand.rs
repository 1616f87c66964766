//! Operands of checks and output tokens: a field, or transformers over fields, literals and
//! transformer lists (`tolower(proc.name)`, `concat(proc.name, "-", proc.pname)`,
//! `join(",", (fd.name, fd.directory))`, `getopt((proc.args[1], proc.args[2]), "e:")[e]`).
//! Compile stage: names are resolved, argument kinds, counts and types are checked once, as
//! libsinsp's extractor compiler checks them; per-event evaluation is in
//! [`extract`](super::extract).
//!
//! Typing follows libsinsp in two layers. Every operand has an *effective* type (the type of
//! its values after all transformers, used for operators and `val()` comparisons) and a
//! *declared* type (libsinsp's `get_field_info()`: the type of the underlying field before
//! single-value transformers, `CHARBUF` for literals and for `join`/`concat`/`getopt` results,
//! `CHARBUF (list)` for transformer lists). The multi-value transformers check their arguments'
//! declared types, exactly as libsinsp does. On top of that, syssentry refuses arguments whose
//! effective values are numbers, booleans or addresses where libsinsp would splice their raw
//! in-memory bytes into a string (`concat(len(proc.name), "x")`): see [`MultiArgKind`].

use super::error::CompileError;
use super::op::TypeClass;
use crate::fields::{self, FieldRef, FieldType, Multi, PrintFormat};
use crate::filter::ast::{Expr, ExprKind, Span};
use crate::filter::ops::GetoptSpec;

/// Deepest transformer nesting accepted (`tolower(toupper(...))`, `concat(a, join(",", (b)))`).
pub const MAX_TRANSFORM_DEPTH: usize = 32;

/// A single-value transformer applied to an operand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transform {
    /// `tolower(x)`.
    ToLower,
    /// `toupper(x)`.
    ToUpper,
    /// `b64(x)`: base64-decodes.
    B64,
    /// `basename(x)`.
    Basename,
    /// `len(x)`: length in bytes, or number of values of a list.
    Len,
}

impl Transform {
    /// The transformer's name as written (`tolower`).
    pub fn name(self) -> &'static str {
        match self {
            Transform::ToLower => "tolower",
            Transform::ToUpper => "toupper",
            Transform::B64 => "b64",
            Transform::Basename => "basename",
            Transform::Len => "len",
        }
    }

    fn from_name(name: &str) -> Option<Transform> {
        Some(match name {
            "tolower" => Transform::ToLower,
            "toupper" => Transform::ToUpper,
            "b64" => Transform::B64,
            "basename" => Transform::Basename,
            "len" => Transform::Len,
            _ => return None,
        })
    }

    /// The type of the result for an input of type `ty` (`list` for list inputs), or `None`
    /// when the transformer does not accept it (libsinsp's `transform_type`).
    fn output(self, ty: FieldType, list: bool) -> Option<(FieldType, bool)> {
        let is_text = matches!(ty, FieldType::Str | FieldType::Path);
        match self {
            Transform::Len if list => Some((FieldType::U64, false)),
            Transform::Len => {
                (is_text || ty == FieldType::Bytes).then_some((FieldType::U64, false))
            }
            Transform::ToLower | Transform::ToUpper | Transform::Basename => {
                is_text.then_some((ty, list))
            }
            Transform::B64 => matches!(ty, FieldType::Str | FieldType::Bytes).then_some((ty, list)),
        }
    }
}

/// How a numeric element of a transformer list is turned into text (libsinsp converts `PID`,
/// `INT64` and `UINT64` values with the field's print format).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumText {
    /// The element's print format.
    pub print: PrintFormat,
}

/// One element of a transformer list.
#[derive(Debug)]
pub struct ListElement {
    /// The element.
    pub operand: Operand,
    /// Set for numeric elements: only their first value is used, printed as text.
    pub num: Option<NumText>,
}

/// The option string of a `getopt`.
#[derive(Debug)]
pub enum Optstring {
    /// A literal, compiled once.
    Const(Box<GetoptSpec>),
    /// Read from the event each time.
    Dynamic(Box<Operand>),
}

/// The left (or right-hand field) side of a check, or the expression of an output token.
#[derive(Debug)]
pub enum Operand {
    /// A field of the event or its process, fd, user, container.
    Field(FieldRef),
    /// A string or number literal used as a transformer argument (`"-"`, `1`).
    Literal(Box<str>),
    /// A transformer list `(a, "b", tolower(c))`: the values of its elements, in order, as one
    /// list of strings (list elements contribute all their values).
    List(Box<[ListElement]>),
    /// A single-value transformer over another operand.
    Transform {
        /// Which transformer.
        kind: Transform,
        /// Its argument.
        inner: Box<Operand>,
        /// The argument's effective type.
        input: FieldType,
        /// Whether the argument is a list.
        on_list: bool,
    },
    /// `concat(a, b, ...)`: the first value of each argument, each up to its first NUL.
    Concat(Box<[Operand]>),
    /// `join(sep, list)`: the list's values separated by the separator's first value.
    Join {
        /// The separator.
        sep: Box<Operand>,
        /// The list.
        list: Box<Operand>,
    },
    /// `getopt(args, optstring)` and `getopt(args, optstring)[o]`.
    Getopt {
        /// The argument list.
        args: Box<Operand>,
        /// The option string.
        optstring: Optstring,
        /// The selected option character (`[o]`), if any.
        select: Option<u8>,
    },
}

/// The type of a compiled operand.
#[derive(Debug, Clone)]
pub(crate) struct Typed {
    /// Value type after transformers.
    pub ty: FieldType,
    /// Whether the values form a list (`fd.types`, `tolower(fd.types)`, `getopt(...)`).
    pub list: bool,
    /// How the values combine.
    pub multi: Multi,
    /// The operand as written (canonical form).
    pub text: String,
    /// libsinsp's declared type (see the module documentation): type and list-ness.
    pub decl: (FieldType, bool),
}

impl Typed {
    /// The operator class of the effective type.
    pub fn class(&self) -> TypeClass {
        TypeClass::of(self.ty, self.list)
    }
}

fn unsupported(what: impl Into<String>, span: Span) -> CompileError {
    CompileError::Unsupported {
        what: what.into(),
        span,
    }
}

fn is_textual(ty: FieldType) -> bool {
    matches!(ty, FieldType::Str | FieldType::Path | FieldType::Bytes)
}

fn type_text(ty: FieldType, list: bool) -> String {
    format!("{}{}", ty.as_str(), if list { " (list)" } else { "" })
}

/// The positions of arguments a multi-value transformer checks, for error texts.
#[derive(Debug, Clone, Copy)]
enum MultiArgKind {
    /// An argument of `concat`.
    ConcatPart,
    /// The separator of `join`.
    JoinSep,
    /// The list of `join`.
    JoinList,
    /// The argument list of `getopt`.
    GetoptArgs,
    /// The option string of `getopt`.
    GetoptOptstring,
}

impl MultiArgKind {
    fn describe(self) -> &'static str {
        match self {
            MultiArgKind::ConcatPart => "concat() argument",
            MultiArgKind::JoinSep => "join() separator",
            MultiArgKind::JoinList => "join() list argument",
            MultiArgKind::GetoptArgs => "getopt() argument list",
            MultiArgKind::GetoptOptstring => "getopt() option string",
        }
    }

    /// Checks an argument's types; `Err` carries the reason.
    fn check(self, t: &Typed) -> Result<(), String> {
        let (dty, dlist) = t.decl;
        let declared = match self {
            MultiArgKind::ConcatPart => (dty == FieldType::Str && !dlist)
                .then_some(())
                .ok_or("must be a string, not a list or another type"),
            MultiArgKind::JoinSep | MultiArgKind::GetoptOptstring if dlist => {
                Err("must be a single value, not a list")
            }
            MultiArgKind::JoinSep => Ok(()),
            MultiArgKind::GetoptOptstring => (dty == FieldType::Str)
                .then_some(())
                .ok_or("must be a string"),
            MultiArgKind::JoinList if !dlist => Err("must be a list"),
            MultiArgKind::JoinList => Ok(()),
            MultiArgKind::GetoptArgs if !dlist => Err("must be a list"),
            MultiArgKind::GetoptArgs => (dty == FieldType::Str)
                .then_some(())
                .ok_or("must be a list of strings"),
        };
        declared.map_err(|why| {
            format!(
                "{} '{}' {why} (it is {})",
                self.describe(),
                t.text,
                type_text(dty, dlist)
            )
        })?;
        // libsinsp accepts these by their declared type, then splices the raw bytes of
        // non-string values into the result; syssentry refuses them.
        let list_needed = matches!(self, MultiArgKind::JoinList | MultiArgKind::GetoptArgs);
        if !is_textual(t.ty) || (list_needed && !t.list) {
            return Err(format!(
                "{} '{}' has type {} after its transformers: its values are not strings \
                 (libsinsp would use their raw in-memory bytes), which syssentry refuses",
                self.describe(),
                t.text,
                type_text(t.ty, t.list)
            ));
        }
        Ok(())
    }
}

impl Operand {
    /// Calls `visit` for every field the operand reads, transformer arguments included.
    pub fn for_each_field(&self, visit: &mut dyn FnMut(&FieldRef)) {
        match self {
            Operand::Field(f) => visit(f),
            Operand::Literal(_) => {}
            Operand::List(elements) => elements.iter().for_each(|e| e.operand.for_each_field(visit)),
            Operand::Transform { inner, .. } => inner.for_each_field(visit),
            Operand::Concat(parts) => parts.iter().for_each(|p| p.for_each_field(visit)),
            Operand::Join { sep, list } => {
                sep.for_each_field(visit);
                list.for_each_field(visit);
            }
            Operand::Getopt { args, optstring, .. } => {
                args.for_each_field(visit);
                if let Optstring::Dynamic(o) = optstring {
                    o.for_each_field(visit);
                }
            }
        }
    }

    /// Compiles a `Field` or `Transformer` AST node.
    pub(crate) fn compile(expr: &Expr) -> Result<(Operand, Typed), CompileError> {
        match &expr.kind {
            ExprKind::Field { .. } | ExprKind::Transformer { .. } => Self::compile_at(expr, 0),
            _ => Err(unsupported(
                format!("'{expr}' is not a field or transformer"),
                expr.span,
            )),
        }
    }

    fn compile_at(expr: &Expr, depth: usize) -> Result<(Operand, Typed), CompileError> {
        if depth > MAX_TRANSFORM_DEPTH {
            return Err(CompileError::TooDeep {
                limit: MAX_TRANSFORM_DEPTH,
                span: expr.span,
            });
        }
        match &expr.kind {
            ExprKind::Field { name, arg } => {
                let fref = fields::resolve(name, arg.as_deref()).map_err(|e| {
                    CompileError::UnknownField {
                        name: expr.to_string(),
                        reason: e.to_string(),
                        span: expr.span,
                    }
                })?;
                let list = fref.multi == Multi::List;
                let typed = Typed {
                    ty: fref.ty,
                    list,
                    multi: fref.multi,
                    text: expr.to_string(),
                    decl: (fref.ty, list),
                };
                Ok((Operand::Field(fref), typed))
            }
            ExprKind::Value(v) => {
                let typed = Typed {
                    ty: FieldType::Str,
                    list: false,
                    multi: Multi::Single,
                    text: expr.to_string(),
                    decl: (FieldType::Str, false),
                };
                Ok((Operand::Literal(v.as_str().into()), typed))
            }
            ExprKind::TransformerList(children) => Self::compile_list(expr, children, depth),
            ExprKind::Transformer { name, values, arg } => {
                if name == "val" {
                    return Err(unsupported(
                        "val() is only allowed on the right-hand side of a comparison",
                        expr.span,
                    ));
                }
                if values.is_empty() {
                    return Err(unsupported(
                        format!("transformer '{name}' needs arguments"),
                        expr.span,
                    ));
                }
                if values.len() == 1 {
                    return Self::compile_single(expr, name, &values[0], arg.as_deref(), depth);
                }
                let mut args = Vec::with_capacity(values.len());
                for v in values {
                    args.push((Self::compile_at(v, depth + 1)?, v.span));
                }
                Self::compile_multi(expr, name, args, arg.as_deref())
            }
            _ => Err(unsupported(
                format!("'{expr}' is not a field or transformer"),
                expr.span,
            )),
        }
    }

    /// A transformer list: each element is a field, a transformer or a literal.
    fn compile_list(
        expr: &Expr,
        children: &[Expr],
        depth: usize,
    ) -> Result<(Operand, Typed), CompileError> {
        let mut elements = Vec::with_capacity(children.len());
        for child in children {
            let (operand, t) = Self::compile_at(child, depth + 1)?;
            let num = match t.decl.0 {
                _ if is_textual(t.ty) => None,
                FieldType::Pid | FieldType::I64 | FieldType::U64 if t.ty == t.decl.0 => {
                    let print = match &operand {
                        Operand::Field(f) => f.print,
                        _ => PrintFormat::Dec,
                    };
                    Some(NumText { print })
                }
                _ => {
                    return Err(unsupported(
                        format!(
                            "transformer list element '{}' has type {}: libsinsp would use its raw \
                             in-memory bytes as a string, which syssentry refuses",
                            t.text,
                            type_text(t.ty, t.list)
                        ),
                        child.span,
                    ))
                }
            };
            elements.push(ListElement { operand, num });
        }
        let typed = Typed {
            ty: FieldType::Str,
            list: true,
            multi: Multi::List,
            text: expr.to_string(),
            decl: (FieldType::Str, true),
        };
        Ok((Operand::List(elements.into()), typed))
    }

    /// `tolower(x)` and the other single-value transformers.
    fn compile_single(
        expr: &Expr,
        name: &str,
        value: &Expr,
        arg: Option<&str>,
        depth: usize,
    ) -> Result<(Operand, Typed), CompileError> {
        let Some(kind) = Transform::from_name(name) else {
            let what = match name {
                "concat" | "join" | "getopt" => {
                    format!("transformer '{name}' needs at least 2 arguments, got 1")
                }
                _ => format!("unknown transformer '{name}'"),
            };
            return Err(unsupported(what, expr.span));
        };
        if arg.is_some() {
            return Err(unsupported(
                format!("transformer '{name}' does not support field arguments"),
                expr.span,
            ));
        }
        let (inner, t) = Self::compile_at(value, depth + 1)?;
        if let Operand::Field(f) = inner.base() {
            if f.info().has(fields::NO_TRANSFORMER) {
                return Err(unsupported(
                    format!("field '{}' does not support transformers", f.display_name()),
                    value.span,
                ));
            }
        }
        let Some((ty, list)) = kind.output(t.ty, t.list) else {
            let field = inner
                .root()
                .map_or_else(|| t.text.clone(), FieldRef::display_name);
            return Err(unsupported(
                format!(
                    "can't add field transformer: type '{}' is not supported by '{name}' transformer applied on {}field '{field}'",
                    t.ty.as_str(),
                    if t.list { "list " } else { "" },
                ),
                expr.span,
            ));
        };
        let multi = if kind == Transform::Len {
            Multi::Single
        } else {
            t.multi
        };
        let typed = Typed {
            ty,
            list,
            multi,
            text: expr.to_string(),
            decl: t.decl,
        };
        let operand = Operand::Transform {
            kind,
            inner: Box::new(inner),
            input: t.ty,
            on_list: t.list,
        };
        Ok((operand, typed))
    }

    /// `concat`, `join` and `getopt` with their compiled arguments.
    fn compile_multi(
        expr: &Expr,
        name: &str,
        args: Vec<((Operand, Typed), Span)>,
        arg: Option<&str>,
    ) -> Result<(Operand, Typed), CompileError> {
        let check = |kind: MultiArgKind, t: &Typed, span: Span| {
            kind.check(t).map_err(|what| unsupported(what, span))
        };
        let count = args.len();
        let (operand, list) = match name {
            "concat" => {
                let mut parts = Vec::with_capacity(count);
                for ((op, t), span) in args {
                    check(MultiArgKind::ConcatPart, &t, span)?;
                    parts.push(op);
                }
                (Operand::Concat(parts.into()), false)
            }
            "join" => {
                let Ok::<[_; 2], _>([((sep, st), sspan), ((list, lt), lspan)]) = args.try_into()
                else {
                    return Err(unsupported(
                        format!("join() takes exactly 2 arguments (a separator and a list), got {count}"),
                        expr.span,
                    ));
                };
                check(MultiArgKind::JoinSep, &st, sspan)?;
                check(MultiArgKind::JoinList, &lt, lspan)?;
                let op = Operand::Join {
                    sep: Box::new(sep),
                    list: Box::new(list),
                };
                (op, false)
            }
            "getopt" => {
                let Ok::<[_; 2], _>([((args_op, at), aspan), ((opt_op, ot), ospan)]) =
                    args.try_into()
                else {
                    return Err(unsupported(
                        format!("getopt() takes exactly 2 arguments (an argument list and an option string), got {count}"),
                        expr.span,
                    ));
                };
                check(MultiArgKind::GetoptArgs, &at, aspan)?;
                check(MultiArgKind::GetoptOptstring, &ot, ospan)?;
                let optstring = match opt_op {
                    Operand::Literal(s) => {
                        Optstring::Const(Box::new(GetoptSpec::new(s.as_bytes())))
                    }
                    other => Optstring::Dynamic(Box::new(other)),
                };
                let select = match arg {
                    None => None,
                    Some(a) => match a.as_bytes() {
                        [c] => Some(*c),
                        _ => {
                            return Err(unsupported(
                                format!(
                                "getopt() field argument must be one option character, not '{a}'"
                            ),
                                expr.span,
                            ))
                        }
                    },
                };
                let op = Operand::Getopt {
                    args: Box::new(args_op),
                    optstring,
                    select,
                };
                (op, select.is_none())
            }
            "tolower" | "toupper" | "b64" | "basename" | "len" => {
                return Err(unsupported(
                    format!("transformer '{name}' takes exactly one argument, got {count}"),
                    expr.span,
                ))
            }
            other => {
                return Err(unsupported(
                    format!("unknown transformer '{other}'"),
                    expr.span,
                ))
            }
        };
        if arg.is_some() && !matches!(operand, Operand::Getopt { .. }) {
            return Err(unsupported(
                format!("transformer '{name}' does not support field arguments"),
                expr.span,
            ));
        }
        let typed = Typed {
            ty: FieldType::Str,
            list,
            multi: if list { Multi::List } else { Multi::Single },
            text: expr.to_string(),
            // libsinsp reports its placeholder CHARBUF field for every multi-value result.
            decl: (FieldType::Str, false),
        };
        Ok((operand, typed))
    }

    /// The operand under any single-value transformers.
    fn base(&self) -> &Operand {
        match self {
            Operand::Transform { inner, .. } => inner.base(),
            other => other,
        }
    }

    /// The field the operand reads, when it is a field under zero or more single-value
    /// transformers (`None` for literals, transformer lists and multi-value transformers).
    pub fn root(&self) -> Option<&FieldRef> {
        match self.base() {
            Operand::Field(f) => Some(f),
            _ => None,
        }
    }

    /// How many scratch slots evaluating the operand needs (one per transformer node).
    pub(crate) fn slot_count(&self) -> usize {
        match self {
            Operand::Field(_) | Operand::Literal(_) => 0,
            Operand::List(elements) => {
                1 + elements
                    .iter()
                    .map(|e| e.operand.slot_count())
                    .sum::<usize>()
            }
            Operand::Transform { inner, .. } => 1 + inner.slot_count(),
            Operand::Concat(parts) => 1 + parts.iter().map(Operand::slot_count).sum::<usize>(),
            Operand::Join { sep, list } => 1 + sep.slot_count() + list.slot_count(),
            Operand::Getopt {
                args, optstring, ..
            } => {
                let dynamic = match optstring {
                    Optstring::Const(_) => 0,
                    Optstring::Dynamic(o) => o.slot_count(),
                };
                1 + args.slot_count() + dynamic
            }
        }
    }
}

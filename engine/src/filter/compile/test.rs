//! The test a check applies to each value of its operand: typed constants and prebuilt matchers,
//! chosen once at compile time (compile stage, and the per-value test at evaluation).

use super::op::{CmpOp, Modifier, TypeClass};
use super::error::CompileError;
use syssentry_event::{EventType, EventTypeSet};
use crate::fields::{FieldType, Value};
use crate::filter::ast::Span;
use crate::filter::ops::{
    self, text::c_strcmp, ByteList, BytesMatcher, BytesOp, BytesSet, FullRegex, Glob, IntKind,
    IpNet, PathPrefixSet, StrMatcher, StrOp,
};
use std::net::IpAddr;

/// A string or buffer matcher for one right-hand value (or set of values).
#[derive(Debug)]
pub enum StrMatch {
    /// A string comparison (C-string semantics).
    Str(StrMatcher),
    /// A byte-buffer comparison.
    Bytes(BytesMatcher),
    /// fnmatch-style pattern (optionally case-folded).
    Glob(Box<Glob>),
    /// Whole-value regular expression.
    Regex(Box<FullRegex>),
    /// Membership in a set of values.
    In(BytesSet),
    /// Path-prefix membership.
    PMatch(PathPrefixSet),
}

impl StrMatch {
    /// Tests one value; `text` is a reusable buffer for sanitising invalid UTF-8 before a regex.
    fn matches(&self, v: &[u8], text: &mut String) -> bool {
        match self {
            StrMatch::Str(m) => m.matches(v),
            StrMatch::Bytes(m) => m.matches(v),
            StrMatch::Glob(g) => g.matches(v),
            // Values are C strings: a regex sees the value up to its first NUL.
            StrMatch::Regex(r) => r.matches_bytes(ops::text::c_str(v), text),
            StrMatch::In(s) => s.contains(v),
            StrMatch::PMatch(p) => p.matches(v),
        }
    }
}

/// The right-hand value of a field-to-field comparison, captured before the left side is read.
#[derive(Debug, Clone, Copy)]
pub(super) enum RhsValue {
    /// No value (the check is false).
    None,
    /// A number.
    Num(i128),
    /// A boolean.
    Bool(bool),
    /// An address.
    Ip(IpAddr),
    /// Bytes, held in the scratch buffer passed alongside.
    Bytes,
    /// The values of a list, held in the scratch list passed alongside.
    Set,
}

impl RhsValue {
    /// The bytes of a string or buffer value (list values are strings).
    pub(super) fn bytes_of<'a>(v: &Value<'a>) -> Option<&'a [u8]> {
        match *v {
            Value::Str(s) => Some(s.as_bytes()),
            Value::Bytes(b) => Some(b),
            _ => None,
        }
    }

    pub(super) fn capture(v: Value<'_>, buf: &mut Vec<u8>) -> RhsValue {
        match v {
            Value::Bool(b) => RhsValue::Bool(b),
            Value::Ip(ip) => RhsValue::Ip(ip),
            Value::U64(n) => RhsValue::Num(n as i128),
            Value::I64(n) => RhsValue::Num(n as i128),
            Value::Str(s) => {
                buf.clear();
                buf.extend_from_slice(s.as_bytes());
                RhsValue::Bytes
            }
            Value::Bytes(b) => {
                buf.clear();
                buf.extend_from_slice(b);
                RhsValue::Bytes
            }
        }
    }
}

/// What a check tests each value against.
#[derive(Debug)]
pub enum Test {
    /// `exists`: any value passes.
    Exists,
    /// `evt.type` in a set of event types (decided from the event header, no extraction).
    EventType(EventTypeSet),
    /// A numeric comparison.
    Num(CmpOp, i128),
    /// Numeric membership (sorted).
    NumIn(Box<[i128]>),
    /// Boolean (in)equality.
    Bool {
        /// `!=` rather than `=`.
        negate: bool,
        /// The constant.
        rhs: bool,
    },
    /// Boolean membership.
    BoolIn(Box<[bool]>),
    /// Address equality or network containment.
    Ip {
        /// `!=` rather than `=`/`in`.
        negate: bool,
        /// The constants, addresses as single-host networks.
        nets: Box<[IpNet]>,
    },
    /// A string or buffer test (boxed: matchers are large).
    Str(Box<StrMatch>),
    /// An operator with an `oneof`/`anyof`/`allof` modifier: one single-constant test per
    /// right-hand element.
    Modified {
        /// The modifier.
        modifier: Modifier,
        /// One test per constant, in order (duplicates kept).
        each: Box<[Test]>,
    },
    /// A comparison with the value of another field (`val()` or a transformed field).
    Field(CmpOp),
}

fn as_num(v: &Value<'_>) -> Option<i128> {
    match *v {
        Value::U64(n) => Some(n as i128),
        Value::I64(n) => Some(n as i128),
        _ => None,
    }
}

fn as_bytes<'a>(v: &'a Value<'_>) -> Option<&'a [u8]> {
    match v {
        Value::Str(s) => Some(s.as_bytes()),
        Value::Bytes(b) => Some(b),
        _ => None,
    }
}

fn num_cmp(op: CmpOp, a: i128, b: i128) -> bool {
    match op {
        CmpOp::Eq | CmpOp::In | CmpOp::Intersects => a == b,
        CmpOp::Ne => a != b,
        CmpOp::Lt => a < b,
        CmpOp::Le => a <= b,
        CmpOp::Gt => a > b,
        CmpOp::Ge => a >= b,
        _ => false,
    }
}

impl Test {
    /// Evaluates the test on one value; `rhs`/`rhs_buf`/`rhs_set` hold a field right-hand value,
    /// `text` is a reusable buffer (regex on invalid UTF-8).
    pub(super) fn eval(
        &self,
        v: Value<'_>,
        rhs: &RhsValue,
        rhs_buf: &[u8],
        rhs_set: &ByteList,
        text: &mut String,
    ) -> bool {
        match self {
            Test::Exists => true,
            Test::EventType(_) => false,
            Test::Num(op, n) => as_num(&v).is_some_and(|x| num_cmp(*op, x, *n)),
            Test::NumIn(set) => as_num(&v).is_some_and(|x| set.binary_search(&x).is_ok()),
            Test::Bool { negate, rhs } => matches!(v, Value::Bool(b) if (b == *rhs) != *negate),
            Test::BoolIn(set) => matches!(v, Value::Bool(b) if set.contains(&b)),
            Test::Ip { negate, nets } => match v {
                Value::Ip(ip) => nets.iter().any(|n| n.contains(ip)) != *negate,
                _ => false,
            },
            Test::Str(m) => as_bytes(&v).is_some_and(|b| m.matches(b, text)),
            Test::Modified { modifier, each } => {
                modifier.eval(each, |t| t.eval(v, rhs, rhs_buf, rhs_set, text))
            }
            Test::Field(op) => match rhs {
                RhsValue::Num(r) => as_num(&v).is_some_and(|x| num_cmp(*op, x, *r)),
                RhsValue::Bool(r) => match v {
                    Value::Bool(b) => (b == *r) != (*op == CmpOp::Ne),
                    _ => false,
                },
                RhsValue::Ip(r) => match v {
                    Value::Ip(ip) => (ip == *r) != (*op == CmpOp::Ne),
                    _ => false,
                },
                RhsValue::Bytes => as_bytes(&v)
                    .is_some_and(|b| str_cmp(*op, matches!(v, Value::Bytes(_)), b, rhs_buf)),
                // List against list (`in`/`intersects`): exact bytes, as libsinsp's value set.
                RhsValue::Set => as_bytes(&v).is_some_and(|b| rhs_set.iter().any(|r| r == b)),
                RhsValue::None => false,
            },
        }
    }

    /// Builds the test for `op` with constant right-hand `values` on a left side of type `ty`
    /// (class `class`). `evt_type` is set when the left side is the plain `evt.type` field, whose
    /// usual checks are decided from the event header.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn compile(
        op: CmpOp,
        modifier: Option<Modifier>,
        class: TypeClass,
        ty: FieldType,
        evt_type: bool,
        field_text: &str,
        values: &[(String, Span)],
        span: Span,
    ) -> Result<Test, CompileError> {
        if evt_type
            && modifier.is_none()
            && matches!(op, CmpOp::Eq | CmpOp::Ne | CmpOp::In | CmpOp::Intersects)
        {
            let mut set = EventTypeSet::empty();
            for (name, span) in values {
                let ty =
                    EventType::from_name(name).ok_or_else(|| CompileError::UnknownEventType {
                        name: name.clone(),
                        span: *span,
                    })?;
                set.insert(ty);
            }
            return Ok(Test::EventType(if op == CmpOp::Ne {
                set.complement()
            } else {
                set
            }));
        }
        let c = Consts {
            class,
            ty,
            field_text,
        };
        if let Some(modifier) = modifier {
            let each = values
                .iter()
                .map(|(v, vspan)| c.single(op, v, *vspan))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(Test::Modified {
                modifier,
                each: each.into(),
            });
        }
        if !op.takes_list() {
            return match values {
                [(v, vspan)] => c.single(op, v, *vspan),
                _ => Err(CompileError::Unsupported {
                    what: format!("'{op}' takes a single value"),
                    span,
                }),
            };
        }
        Ok(match class {
            TypeClass::Numeric => {
                let mut set = values
                    .iter()
                    .map(|(v, s)| c.num(v, *s))
                    .collect::<Result<Vec<_>, _>>()?;
                set.sort_unstable();
                set.dedup();
                Test::NumIn(set.into())
            }
            TypeClass::Bool => Test::BoolIn(
                values
                    .iter()
                    .map(|(v, s)| c.bool(v, *s))
                    .collect::<Result<Vec<_>, _>>()?
                    .into(),
            ),
            TypeClass::Ip => Test::Ip {
                negate: false,
                nets: values
                    .iter()
                    .map(|(v, s)| c.net(v, *s))
                    .collect::<Result<Vec<_>, _>>()?
                    .into(),
            },
            TypeClass::Str | TypeClass::Bytes | TypeClass::List => {
                for (v, s) in values {
                    c.text(v, *s)?;
                }
                let bytes = values.iter().map(|(v, _)| v.as_bytes());
                if op == CmpOp::PMatch {
                    Test::Str(Box::new(StrMatch::PMatch(PathPrefixSet::from_paths(bytes))))
                } else {
                    Test::Str(Box::new(StrMatch::In(BytesSet::new(bytes))))
                }
            }
        })
    }
}

/// Parses right-hand constants for one left-hand side.
struct Consts<'a> {
    class: TypeClass,
    ty: FieldType,
    field_text: &'a str,
}

impl Consts<'_> {
    fn invalid(
        &self,
        value: &str,
        expected: &'static str,
        reason: String,
        span: Span,
    ) -> CompileError {
        CompileError::InvalidValue {
            value: value.to_string(),
            field: self.field_text.to_string(),
            expected,
            reason,
            span,
        }
    }

    fn num(&self, v: &str, span: Span) -> Result<i128, CompileError> {
        if self.ty == FieldType::Port {
            return ops::net::parse_port(v)
                .map(i128::from)
                .map_err(|e| self.invalid(v, "port", e.to_string(), span));
        }
        let n = ops::value::parse_int(v, int_kind(self.ty))
            .map_err(|e| self.invalid(v, "number", e.to_string(), span))?;
        Ok(match n {
            ops::IntValue::Signed(s) => s as i128,
            ops::IntValue::Unsigned(u) => u as i128,
        })
    }

    fn bool(&self, v: &str, span: Span) -> Result<bool, CompileError> {
        ops::value::parse_bool(v).map_err(|e| self.invalid(v, "boolean", e.to_string(), span))
    }

    fn net(&self, v: &str, span: Span) -> Result<IpNet, CompileError> {
        if self.ty == FieldType::IpNet {
            return IpNet::parse(v).map_err(|e| self.invalid(v, "network", e.to_string(), span));
        }
        let ip = ops::net::parse_ip_addr(v)
            .map_err(|e| self.invalid(v, "ip address", e.to_string(), span))?;
        let bits = if ip.is_ipv4() { 32 } else { 128 };
        IpNet::new(ip, bits)
            .ok_or_else(|| self.invalid(v, "ip address", "invalid prefix".into(), span))
    }

    /// Strings may not hold a NUL byte (buffers may).
    fn text(&self, v: &str, span: Span) -> Result<(), CompileError> {
        if self.class != TypeClass::Bytes {
            ops::value::parse_string(v)
                .map_err(|e| self.invalid(v, "string", e.to_string(), span))?;
        }
        Ok(())
    }

    /// The test of `op` against one constant.
    fn single(&self, op: CmpOp, v: &str, span: Span) -> Result<Test, CompileError> {
        Ok(match self.class {
            TypeClass::Numeric => Test::Num(op, self.num(v, span)?),
            TypeClass::Bool => Test::Bool {
                negate: op == CmpOp::Ne,
                rhs: self.bool(v, span)?,
            },
            TypeClass::Ip => Test::Ip {
                negate: op == CmpOp::Ne,
                nets: vec![self.net(v, span)?].into(),
            },
            TypeClass::Str | TypeClass::Bytes | TypeClass::List => {
                self.text(v, span)?;
                let m =
                    str_match(op, self.class, v).map_err(|r| self.invalid(v, "string", r, span))?;
                Test::Str(Box::new(m))
            }
        })
    }
}

/// The integer kind a numeric field's constants are parsed as.
fn int_kind(ty: FieldType) -> IntKind {
    match ty {
        FieldType::U32 => IntKind::U32,
        FieldType::I32 => IntKind::I32,
        FieldType::U16 => IntKind::U16,
        FieldType::I64 | FieldType::Pid | FieldType::Fd | FieldType::Errno => IntKind::I64,
        _ => IntKind::U64,
    }
}

/// A matcher for one constant under a string or buffer operator.
fn str_match(op: CmpOp, class: TypeClass, v: &str) -> Result<StrMatch, String> {
    if class == TypeClass::Bytes {
        let bop = match op {
            CmpOp::Eq | CmpOp::In | CmpOp::Intersects => BytesOp::Eq,
            CmpOp::Ne => BytesOp::Ne,
            CmpOp::Contains => BytesOp::Contains,
            CmpOp::StartsWith => BytesOp::StartsWith,
            CmpOp::EndsWith => BytesOp::EndsWith,
            CmpOp::BContains => {
                return BytesMatcher::from_hex(BytesOp::Contains, v)
                    .map(StrMatch::Bytes)
                    .map_err(|e| e.to_string())
            }
            CmpOp::BStartsWith => {
                return BytesMatcher::from_hex(BytesOp::StartsWith, v)
                    .map(StrMatch::Bytes)
                    .map_err(|e| e.to_string())
            }
            _ => return Err(format!("'{op}' does not apply to buffers")),
        };
        return Ok(StrMatch::Bytes(BytesMatcher::new(bop, v.as_bytes())));
    }
    let sop = match op {
        CmpOp::Eq | CmpOp::In | CmpOp::Intersects => StrOp::Eq,
        CmpOp::Ne => StrOp::Ne,
        CmpOp::Lt => StrOp::Lt,
        CmpOp::Le => StrOp::Le,
        CmpOp::Gt => StrOp::Gt,
        CmpOp::Ge => StrOp::Ge,
        CmpOp::Contains => StrOp::Contains,
        CmpOp::IContains => StrOp::IContains,
        CmpOp::StartsWith => StrOp::StartsWith,
        CmpOp::EndsWith => StrOp::EndsWith,
        CmpOp::Glob => return Ok(StrMatch::Glob(Box::new(Glob::new(v.as_bytes(), false)))),
        CmpOp::IGlob => return Ok(StrMatch::Glob(Box::new(Glob::new(v.as_bytes(), true)))),
        CmpOp::Regex => {
            return FullRegex::new(v)
                .map(|r| StrMatch::Regex(Box::new(r)))
                .map_err(|e| e.to_string())
        }
        CmpOp::PMatch => return Ok(StrMatch::PMatch(PathPrefixSet::from_paths([v.as_bytes()]))),
        CmpOp::BContains | CmpOp::BStartsWith | CmpOp::Exists => {
            return Err(format!("'{op}' does not apply to strings"))
        }
    };
    Ok(StrMatch::Str(StrMatcher::new(sop, v.as_bytes())))
}

/// A comparison of two runtime values (field on the right): C strings for strings, whole byte
/// sequences for buffers (`raw`), as libsinsp compares them.
fn str_cmp(op: CmpOp, raw: bool, a: &[u8], b: &[u8]) -> bool {
    if raw {
        return match op {
            CmpOp::Eq | CmpOp::In | CmpOp::Intersects => a == b,
            CmpOp::Ne => a != b,
            CmpOp::Contains | CmpOp::BContains => memchr::memmem::find(a, b).is_some(),
            CmpOp::StartsWith | CmpOp::BStartsWith => a.starts_with(b),
            CmpOp::EndsWith => a.ends_with(b),
            _ => false,
        };
    }
    let (ca, cb) = (ops::text::c_str(a), ops::text::c_str(b));
    match op {
        CmpOp::Eq | CmpOp::In | CmpOp::Intersects => c_strcmp(a, b).is_eq(),
        CmpOp::Ne => c_strcmp(a, b).is_ne(),
        CmpOp::Lt => c_strcmp(a, b).is_lt(),
        CmpOp::Le => c_strcmp(a, b).is_le(),
        CmpOp::Gt => c_strcmp(a, b).is_gt(),
        CmpOp::Ge => c_strcmp(a, b).is_ge(),
        CmpOp::Contains => memchr::memmem::find(ca, cb).is_some(),
        CmpOp::IContains => ops::text::ascii_icontains(ca, cb),
        CmpOp::StartsWith => ca.starts_with(cb),
        CmpOp::EndsWith => ca.ends_with(cb),
        _ => false,
    }
}

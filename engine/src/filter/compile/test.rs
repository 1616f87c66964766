//! The test a check applies to each value of its operand: typed constants and prebuilt matchers,
//! chosen once at compile time (compile stage, and the per-value test at evaluation).

use super::op::{CmpOp, Modifier, TypeClass};
use super::CompileError;
use crate::event::{EventType, EventTypeSet};
use crate::fields::{FieldRef, FieldType, Value};
use crate::filter::ast::Span;
use crate::filter::ops::{
    self, text::c_strcmp, BytesMatcher, BytesOp, BytesSet, FullRegex, Glob, IntKind, IpNet, PathPrefixSet, StrMatcher,
    StrOp,
};

/// A string or buffer matcher for one right-hand value (or set of values).
#[derive(Debug)]
pub enum StrMatch {
    /// A string comparison (C-string semantics).
    Str(StrMatcher),
    /// A byte-buffer comparison.
    Bytes(BytesMatcher),
    /// fnmatch-style pattern (optionally case-folded).
    Glob(Glob),
    /// Whole-value regular expression.
    Regex(FullRegex),
    /// Membership in a set of values.
    In(BytesSet),
    /// Path-prefix membership.
    PMatch(PathPrefixSet),
}

impl StrMatch {
    fn matches(&self, v: &[u8]) -> bool {
        match self {
            StrMatch::Str(m) => m.matches(v),
            StrMatch::Bytes(m) => m.matches(v),
            StrMatch::Glob(g) => g.matches(v),
            StrMatch::Regex(r) => r.matches(&String::from_utf8_lossy(v)),
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
    /// Bytes, held in the scratch buffer passed alongside.
    Bytes,
}

impl RhsValue {
    pub(super) fn capture(v: Value<'_>, buf: &mut Vec<u8>) -> RhsValue {
        match v {
            Value::Bool(b) => RhsValue::Bool(b),
            other => match (as_num(&other), as_bytes(&other)) {
                (Some(n), _) => RhsValue::Num(n),
                (None, Some(b)) => {
                    buf.clear();
                    buf.extend_from_slice(b);
                    RhsValue::Bytes
                }
                (None, None) => RhsValue::None,
            },
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
    /// A string or buffer test.
    Str(StrMatch),
    /// A string test with an `oneof`/`anyof`/`allof` modifier over several constants.
    Modified {
        /// The modifier.
        modifier: Modifier,
        /// One matcher per constant.
        each: Box<[StrMatch]>,
    },
    /// A comparison with the value of another field (`val()`).
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
    /// Evaluates the test on one value; `rhs`/`rhs_buf` hold a `val()` right-hand value.
    pub(super) fn eval(&self, v: Value<'_>, rhs: &RhsValue, rhs_buf: &[u8]) -> bool {
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
            Test::Str(m) => as_bytes(&v).is_some_and(|b| m.matches(b)),
            Test::Modified { modifier, each } => as_bytes(&v).is_some_and(|b| modifier.eval(each, |m| m.matches(b))),
            Test::Field(op) => match rhs {
                RhsValue::Num(r) => as_num(&v).is_some_and(|x| num_cmp(*op, x, *r)),
                RhsValue::Bool(r) => match v {
                    Value::Bool(b) if *op == CmpOp::Ne => b != *r,
                    Value::Bool(b) => b == *r,
                    _ => false,
                },
                RhsValue::Bytes => as_bytes(&v).is_some_and(|b| str_cmp(*op, b, rhs_buf)),
                RhsValue::None => false,
            },
        }
    }

    /// Builds the test for `op` with constant right-hand `values` on a left side of type `class`.
    pub(super) fn compile(
        op: CmpOp,
        modifier: Option<Modifier>,
        class: TypeClass,
        field: Option<&FieldRef>,
        field_text: &str,
        values: &[(String, Span)],
        span: Span,
    ) -> Result<Test, CompileError> {
        if let Some(f) = field {
            if f.info().name == "evt.type" && matches!(op, CmpOp::Eq | CmpOp::Ne | CmpOp::In | CmpOp::Intersects) {
                let mut set = EventTypeSet::empty();
                for (name, span) in values {
                    let ty = EventType::from_name(name)
                        .ok_or_else(|| CompileError::UnknownEventType { name: name.clone(), span: *span })?;
                    set.insert(ty);
                }
                return Ok(Test::EventType(if op == CmpOp::Ne { set.complement() } else { set }));
            }
        }
        let invalid = |value: &str, expected: &'static str, reason: String| CompileError::InvalidValue {
            value: value.to_string(),
            field: field_text.to_string(),
            expected,
            reason,
            span,
        };
        if let Some(modifier) = modifier {
            if !matches!(class, TypeClass::Str | TypeClass::Bytes) || op.takes_list() && op != CmpOp::In {
                return Err(CompileError::Unsupported {
                    what: format!("'{op}' with a modifier is not supported on {} field '{field_text}'", class.describe()),
                    span,
                });
            }
            let each = values
                .iter()
                .map(|(v, _)| str_match(op, class, v).map_err(|r| invalid(v, "string", r)))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(Test::Modified { modifier, each: each.into() });
        }
        let single = || -> Result<&str, CompileError> {
            match values {
                [(v, _)] => Ok(v.as_str()),
                _ => Err(CompileError::Unsupported { what: format!("'{op}' takes a single value"), span }),
            }
        };
        let ty = field.map(|f| f.ty);
        Ok(match class {
            TypeClass::Numeric => {
                let parse = |v: &str| -> Result<i128, CompileError> {
                    match ty {
                        Some(FieldType::Port) => {
                            ops::net::parse_port(v).map(i128::from).map_err(|e| invalid(v, "port", e.to_string()))
                        }
                        _ => {
                            let kind = int_kind(ty);
                            let n = ops::value::parse_int(v, kind).map_err(|e| invalid(v, "number", e.to_string()))?;
                            Ok(match n {
                                ops::IntValue::Signed(s) => s as i128,
                                ops::IntValue::Unsigned(u) => u as i128,
                            })
                        }
                    }
                };
                if op.takes_list() {
                    let mut set = values.iter().map(|(v, _)| parse(v)).collect::<Result<Vec<_>, _>>()?;
                    set.sort_unstable();
                    set.dedup();
                    Test::NumIn(set.into())
                } else {
                    Test::Num(op, parse(single()?)?)
                }
            }
            TypeClass::Bool => {
                let parse = |v: &str| ops::value::parse_bool(v).map_err(|e| invalid(v, "boolean", e.to_string()));
                if op.takes_list() {
                    Test::BoolIn(values.iter().map(|(v, _)| parse(v)).collect::<Result<Vec<_>, _>>()?.into())
                } else {
                    Test::Bool { negate: op == CmpOp::Ne, rhs: parse(single()?)? }
                }
            }
            TypeClass::Ip => {
                let as_net = ty == Some(FieldType::IpNet);
                let parse = |v: &str| -> Result<IpNet, CompileError> {
                    if as_net {
                        IpNet::parse(v).map_err(|e| invalid(v, "network", e.to_string()))
                    } else {
                        let ip = ops::net::parse_ip_addr(v).map_err(|e| invalid(v, "ip address", e.to_string()))?;
                        let bits = if ip.is_ipv4() { 32 } else { 128 };
                        Ok(IpNet::new(ip, bits).expect("full-length prefix is valid"))
                    }
                };
                let nets = if op.takes_list() {
                    values.iter().map(|(v, _)| parse(v)).collect::<Result<Vec<_>, _>>()?
                } else {
                    vec![parse(single()?)?]
                };
                Test::Ip { negate: op == CmpOp::Ne, nets: nets.into() }
            }
            TypeClass::Str | TypeClass::Bytes | TypeClass::List => {
                if op == CmpOp::PMatch {
                    Test::Str(StrMatch::PMatch(PathPrefixSet::from_paths(values.iter().map(|(v, _)| v.as_bytes()))))
                } else if op.takes_list() {
                    Test::Str(StrMatch::In(BytesSet::new(values.iter().map(|(v, _)| v.as_bytes()))))
                } else {
                    let v = single()?;
                    Test::Str(str_match(op, class, v).map_err(|r| invalid(v, "string", r))?)
                }
            }
        })
    }
}

/// The integer kind a numeric field's constants are parsed as.
fn int_kind(ty: Option<FieldType>) -> IntKind {
    match ty {
        Some(FieldType::U32) => IntKind::U32,
        Some(FieldType::I32) => IntKind::I32,
        Some(FieldType::U16) => IntKind::U16,
        Some(FieldType::I64 | FieldType::Pid | FieldType::Fd | FieldType::Errno) => IntKind::I64,
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
            CmpOp::BContains => return BytesMatcher::from_hex(BytesOp::Contains, v).map(StrMatch::Bytes).map_err(|e| e.to_string()),
            CmpOp::BStartsWith => {
                return BytesMatcher::from_hex(BytesOp::StartsWith, v).map(StrMatch::Bytes).map_err(|e| e.to_string())
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
        CmpOp::Glob => return Ok(StrMatch::Glob(Glob::new(v.as_bytes(), false))),
        CmpOp::IGlob => return Ok(StrMatch::Glob(Glob::new(v.as_bytes(), true))),
        CmpOp::Regex => return FullRegex::new(v).map(StrMatch::Regex).map_err(|e| e.to_string()),
        CmpOp::PMatch => return Ok(StrMatch::PMatch(PathPrefixSet::from_paths([v.as_bytes()]))),
        CmpOp::BContains | CmpOp::BStartsWith | CmpOp::Exists => {
            return Err(format!("'{op}' does not apply to strings"))
        }
    };
    Ok(StrMatch::Str(StrMatcher::new(sop, v.as_bytes())))
}

/// A comparison of two runtime values (`val()`), with the string operators' semantics.
fn str_cmp(op: CmpOp, a: &[u8], b: &[u8]) -> bool {
    match op {
        CmpOp::Eq | CmpOp::In | CmpOp::Intersects => c_strcmp(a, b).is_eq(),
        CmpOp::Ne => c_strcmp(a, b).is_ne(),
        CmpOp::Lt => c_strcmp(a, b).is_lt(),
        CmpOp::Le => c_strcmp(a, b).is_le(),
        CmpOp::Gt => c_strcmp(a, b).is_gt(),
        CmpOp::Ge => c_strcmp(a, b).is_ge(),
        CmpOp::Contains | CmpOp::BContains => memchr::memmem::find(a, b).is_some(),
        CmpOp::IContains => ops::text::ascii_icontains(a, b),
        CmpOp::StartsWith | CmpOp::BStartsWith => a.starts_with(b),
        CmpOp::EndsWith => a.ends_with(b),
        CmpOp::Glob | CmpOp::IGlob | CmpOp::PMatch | CmpOp::Regex | CmpOp::Exists => false,
    }
}

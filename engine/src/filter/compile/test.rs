//! The test a check applies to each value of its operand: typed constants and prebuilt matchers,
//! chosen once at compile time (compile stage, and the per-value test at evaluation).

use super::op::{CmpOp, Modifier, TypeClass};
use super::CompileError;
use crate::event::{EventType, EventTypeSet};
use crate::fields::{self, FieldRef, FieldType, Value};
use crate::filter::ast::Span;
use crate::filter::ops;

/// A string matcher for one right-hand value (or set of values).
#[derive(Debug)]
pub enum StrMatch {
    /// Byte equality.
    Eq(Box<[u8]>),
    /// `<`, `<=`, `>`, `>=` in byte order.
    Order(CmpOp, Box<[u8]>),
    /// Substring.
    Contains(ops::text::Contains),
    /// ASCII case-insensitive substring.
    IContains(ops::text::IContains),
    /// Prefix.
    StartsWith(Box<[u8]>),
    /// Suffix.
    EndsWith(Box<[u8]>),
    /// fnmatch-style pattern (optionally case-folded).
    Glob(ops::glob::Glob),
    /// Whole-value regular expression.
    Regex(ops::regex::FullMatch),
    /// Membership in a set of values.
    In(ops::set::StrSet),
    /// Path-prefix membership.
    PMatch(ops::pmatch::PathSet),
}

impl StrMatch {
    fn matches(&self, v: &[u8]) -> bool {
        match self {
            StrMatch::Eq(b) => v == &**b,
            StrMatch::Order(op, b) => {
                let ord = v.cmp(b);
                match op {
                    CmpOp::Lt => ord.is_lt(),
                    CmpOp::Le => ord.is_le(),
                    CmpOp::Gt => ord.is_gt(),
                    _ => ord.is_ge(),
                }
            }
            StrMatch::Contains(m) => m.matches(v),
            StrMatch::IContains(m) => m.matches(v),
            StrMatch::StartsWith(b) => v.starts_with(b),
            StrMatch::EndsWith(b) => v.ends_with(b),
            StrMatch::Glob(g) => g.matches(v),
            StrMatch::Regex(r) => r.matches(v),
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
            other => match as_num(&other) {
                Some(n) => RhsValue::Num(n),
                None => match as_bytes(&other) {
                    Some(b) => {
                        buf.clear();
                        buf.extend_from_slice(b);
                        RhsValue::Bytes
                    }
                    None => RhsValue::None,
                },
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
    /// Numeric membership.
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
        nets: Box<[ops::net::IpNet]>,
    },
    /// A string or buffer test.
    Str {
        /// `!=`: the negation of equality (still false when the value is missing).
        negate: bool,
        /// The matcher.
        m: StrMatch,
    },
    /// A string test with an `oneof`/`anyof`/`allof` modifier over several constants.
    Modified {
        /// The modifier.
        modifier: Modifier,
        /// One matcher per constant.
        each: Box<[StrMatch]>,
    },
    /// A comparison with the value of another field (`val()`).
    Field {
        /// The operator.
        op: CmpOp,
        /// The (common) type class.
        class: TypeClass,
    },
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
            Test::Str { negate, m } => as_bytes(&v).is_some_and(|b| m.matches(b) != *negate),
            Test::Modified { modifier, each } => as_bytes(&v).is_some_and(|b| {
                let hits = each.iter().filter(|m| m.matches(b)).count();
                match modifier {
                    Modifier::OneOf => hits == 1,
                    Modifier::AnyOf => hits >= 1,
                    Modifier::AllOf => hits == each.len(),
                }
            }),
            Test::Field { op, class } => match (class, rhs) {
                (_, RhsValue::Num(r)) => as_num(&v).is_some_and(|x| num_cmp(*op, x, *r)),
                (_, RhsValue::Bool(r)) => match (v, op) {
                    (Value::Bool(b), CmpOp::Ne) => b != *r,
                    (Value::Bool(b), _) => b == *r,
                    _ => false,
                },
                (_, RhsValue::Bytes) => as_bytes(&v).is_some_and(|b| str_cmp(*op, b, rhs_buf)),
                (_, RhsValue::None) => false,
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
        let info = field.map(|f| fields::info(f.id));
        if let Some(info) = info {
            if info.name == "evt.type" && matches!(op, CmpOp::Eq | CmpOp::Ne | CmpOp::In | CmpOp::Intersects) {
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
        if modifier.is_some() && !matches!(class, TypeClass::Str | TypeClass::Bytes) {
            return Err(CompileError::Unsupported {
                what: format!("modifiers apply only to string operators, not to {} field '{field_text}'", class.describe()),
                span,
            });
        }
        if let Some(modifier) = modifier {
            let each = values
                .iter()
                .map(|(v, _)| str_match(op, class, v).map_err(|r| invalid(v, "string", r)))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(Test::Modified { modifier, each: each.into() });
        }
        let single = |what: &'static str| -> Result<&str, CompileError> {
            match values {
                [(v, _)] => Ok(v.as_str()),
                _ => Err(invalid(&format!("{values:?}"), what, format!("'{op}' takes a single value"))),
            }
        };
        Ok(match class {
            TypeClass::Numeric => {
                let port = info.is_some_and(|i| i.ty == FieldType::Port);
                let signed = info.is_some_and(|i| i.ty.is_signed());
                let parse = |v: &str| -> Result<i128, CompileError> {
                    if port {
                        ops::net::parse_port(v).map(i128::from).map_err(|e| invalid(v, "port", e.to_string()))
                    } else {
                        ops::value::parse_integer(v, signed).map_err(|e| invalid(v, "number", e.to_string()))
                    }
                };
                if op.takes_list() {
                    let mut set = values.iter().map(|(v, _)| parse(v)).collect::<Result<Vec<_>, _>>()?;
                    set.sort_unstable();
                    set.dedup();
                    Test::NumIn(set.into())
                } else {
                    Test::Num(op, parse(single("number")?)?)
                }
            }
            TypeClass::Bool => {
                let parse = |v: &str| ops::value::parse_bool(v).map_err(|e| invalid(v, "boolean", e.to_string()));
                if op.takes_list() {
                    Test::BoolIn(values.iter().map(|(v, _)| parse(v)).collect::<Result<Vec<_>, _>>()?.into())
                } else {
                    Test::Bool { negate: op == CmpOp::Ne, rhs: parse(single("boolean")?)? }
                }
            }
            TypeClass::Ip => {
                let as_net = info.is_some_and(|i| i.ty == FieldType::IpNet);
                let parse = |v: &str| -> Result<ops::net::IpNet, CompileError> {
                    if as_net {
                        ops::net::IpNet::parse(v).map_err(|e| invalid(v, "network", e.to_string()))
                    } else {
                        ops::net::parse_ip(v)
                            .map(ops::net::IpNet::host)
                            .map_err(|e| invalid(v, "ip address", e.to_string()))
                    }
                };
                let nets = values.iter().map(|(v, _)| parse(v)).collect::<Result<Vec<_>, _>>()?;
                Test::Ip { negate: op == CmpOp::Ne, nets: nets.into() }
            }
            TypeClass::Str | TypeClass::Bytes | TypeClass::List => {
                if op.takes_list() {
                    let m = if op == CmpOp::PMatch {
                        StrMatch::PMatch(ops::pmatch::PathSet::new(values.iter().map(|(v, _)| v.as_str())))
                    } else {
                        StrMatch::In(ops::set::StrSet::new(values.iter().map(|(v, _)| v.as_bytes())))
                    };
                    Test::Str { negate: false, m }
                } else {
                    let v = single("string")?;
                    Test::Str {
                        negate: op == CmpOp::Ne,
                        m: str_match(op, class, v).map_err(|r| invalid(v, "string", r))?,
                    }
                }
            }
        })
    }
}

/// A matcher for one constant under a string operator.
fn str_match(op: CmpOp, class: TypeClass, v: &str) -> Result<StrMatch, String> {
    let bytes = || v.as_bytes().to_vec().into_boxed_slice();
    Ok(match op {
        CmpOp::Eq | CmpOp::Ne | CmpOp::In | CmpOp::Intersects => StrMatch::Eq(bytes()),
        CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => StrMatch::Order(op, bytes()),
        CmpOp::Contains => StrMatch::Contains(ops::text::Contains::new(v.as_bytes())),
        CmpOp::IContains => StrMatch::IContains(ops::text::IContains::new(v.as_bytes())),
        CmpOp::BContains => {
            StrMatch::Contains(ops::text::Contains::new(&ops::text::hex_decode(v).map_err(|e| e.to_string())?))
        }
        CmpOp::StartsWith => StrMatch::StartsWith(bytes()),
        CmpOp::BStartsWith => {
            StrMatch::StartsWith(ops::text::hex_decode(v).map_err(|e| e.to_string())?.into_boxed_slice())
        }
        CmpOp::EndsWith => StrMatch::EndsWith(bytes()),
        CmpOp::Glob => StrMatch::Glob(ops::glob::Glob::new(v.as_bytes(), false)),
        CmpOp::IGlob => StrMatch::Glob(ops::glob::Glob::new(v.as_bytes(), true)),
        CmpOp::Regex => StrMatch::Regex(ops::regex::FullMatch::new(v).map_err(|e| e.to_string())?),
        CmpOp::PMatch => StrMatch::PMatch(ops::pmatch::PathSet::new(std::iter::once(v))),
        CmpOp::Exists => return Err(format!("'exists' takes no value ({} field)", class.describe())),
    })
}

fn str_cmp(op: CmpOp, a: &[u8], b: &[u8]) -> bool {
    match op {
        CmpOp::Eq | CmpOp::In | CmpOp::Intersects => a == b,
        CmpOp::Ne => a != b,
        CmpOp::Lt => a < b,
        CmpOp::Le => a <= b,
        CmpOp::Gt => a > b,
        CmpOp::Ge => a >= b,
        CmpOp::Contains | CmpOp::BContains => ops::text::contains(a, b),
        CmpOp::IContains => ops::text::icontains(a, b),
        CmpOp::StartsWith | CmpOp::BStartsWith => a.starts_with(b),
        CmpOp::EndsWith => a.ends_with(b),
        CmpOp::Glob | CmpOp::IGlob | CmpOp::PMatch | CmpOp::Regex | CmpOp::Exists => false,
    }
}

//! `oneof` / `anyof` / `allof`: the per-element cases of libs
//! `filterchecks/cmp_operator_modifiers.cpp` (field `proc.name = myexe`) and
//! `filter_op_net_compare.ut.cpp` (`net_modifier_ip_compare`, `fd.sip = 142.251.111.147`).

use std::net::IpAddr;
use syssentry_engine::filter::ops::net::parse_ip_addr;
use syssentry_engine::filter::ops::{FullRegex, Glob, Modifier, StrMatcher, StrOp};

const NAME: &str = "myexe";

fn str_mod(op: StrOp, m: Modifier, rhs: &[&str]) -> bool {
    let matchers: Vec<StrMatcher> = rhs
        .iter()
        .map(|r| StrMatcher::new(op, r.as_bytes()))
        .collect();
    m.eval(&matchers, |x| x.matches(NAME.as_bytes()))
}

use Modifier::{AllOf, AnyOf, OneOf};

#[test]
fn eq() {
    assert!(str_mod(StrOp::Eq, OneOf, &["myexe", "bash"]));
    assert!(str_mod(StrOp::Eq, OneOf, &["myexe"]));
    assert!(!str_mod(StrOp::Eq, OneOf, &["bash", "sh"]));
    assert!(!str_mod(StrOp::Eq, OneOf, &["myexe", "myexe"]));
    assert!(str_mod(StrOp::Eq, AnyOf, &["myexe", "bash"]));
    assert!(!str_mod(StrOp::Eq, AnyOf, &["bash", "sh"]));
    assert!(str_mod(StrOp::Eq, AnyOf, &["myexe", "myexe"]));
    assert!(str_mod(StrOp::Eq, AllOf, &["myexe"]));
    assert!(!str_mod(StrOp::Eq, AllOf, &["myexe", "bash"]));
    assert!(!str_mod(StrOp::Eq, AllOf, &["bash", "sh"]));
    assert!(str_mod(StrOp::Eq, AllOf, &["myexe", "myexe"]));
}

#[test]
fn ne() {
    assert!(str_mod(StrOp::Ne, OneOf, &["myexe", "myexe", "bash"]));
    assert!(!str_mod(StrOp::Ne, OneOf, &["myexe", "myexe"]));
    assert!(!str_mod(StrOp::Ne, OneOf, &["bash", "sh"]));
    assert!(str_mod(StrOp::Ne, OneOf, &["myexe", "bash"]));
    assert!(str_mod(StrOp::Ne, AnyOf, &["bash", "sh"]));
    assert!(str_mod(StrOp::Ne, AnyOf, &["myexe", "bash"]));
    assert!(str_mod(StrOp::Ne, AllOf, &["bash", "sh"]));
    assert!(!str_mod(StrOp::Ne, AllOf, &["myexe", "bash"]));
}

#[test]
fn contains_icontains() {
    assert!(str_mod(StrOp::Contains, OneOf, &["myex", "bash"]));
    assert!(str_mod(StrOp::Contains, OneOf, &["exe"]));
    assert!(!str_mod(StrOp::Contains, OneOf, &["bash", "sh"]));
    assert!(!str_mod(StrOp::Contains, OneOf, &["my", "exe"]));
    assert!(str_mod(StrOp::Contains, AnyOf, &["myex", "bash"]));
    assert!(!str_mod(StrOp::Contains, AnyOf, &["bash", "sh"]));
    assert!(str_mod(StrOp::Contains, AnyOf, &["my", "exe"]));
    assert!(str_mod(StrOp::Contains, AllOf, &["my", "exe"]));
    assert!(!str_mod(StrOp::Contains, AllOf, &["myex", "bash"]));
    assert!(!str_mod(StrOp::Contains, AllOf, &["bash", "sh"]));
    assert!(str_mod(StrOp::IContains, OneOf, &["MYEX", "BASH"]));
    assert!(!str_mod(StrOp::IContains, OneOf, &["BASH", "SH"]));
    assert!(!str_mod(StrOp::IContains, OneOf, &["MY", "EXE"]));
    assert!(str_mod(StrOp::IContains, AnyOf, &["MYEX", "BASH"]));
    assert!(!str_mod(StrOp::IContains, AnyOf, &["BASH", "SH"]));
    assert!(str_mod(StrOp::IContains, AnyOf, &["MY", "EXE"]));
    assert!(str_mod(StrOp::IContains, AllOf, &["MY", "EXE"]));
    assert!(!str_mod(StrOp::IContains, AllOf, &["MYEX", "BASH"]));
    assert!(!str_mod(StrOp::IContains, AllOf, &["BASH", "SH"]));
}

#[test]
fn startswith_endswith() {
    assert!(str_mod(StrOp::StartsWith, OneOf, &["my", "bash"]));
    assert!(!str_mod(StrOp::StartsWith, OneOf, &["bash", "sh"]));
    assert!(!str_mod(StrOp::StartsWith, OneOf, &["my", "mye"]));
    assert!(str_mod(StrOp::StartsWith, AnyOf, &["my", "bash"]));
    assert!(!str_mod(StrOp::StartsWith, AnyOf, &["bash", "sh"]));
    assert!(str_mod(StrOp::StartsWith, AnyOf, &["my", "mye"]));
    assert!(str_mod(StrOp::StartsWith, AllOf, &["my", "mye"]));
    assert!(!str_mod(StrOp::StartsWith, AllOf, &["my", "bash"]));
    assert!(!str_mod(StrOp::StartsWith, AllOf, &["bash", "sh"]));
    assert!(str_mod(StrOp::EndsWith, OneOf, &["exe", "sh"]));
    assert!(!str_mod(StrOp::EndsWith, OneOf, &["sh", "bash"]));
    assert!(!str_mod(StrOp::EndsWith, OneOf, &["exe", "yexe"]));
    assert!(str_mod(StrOp::EndsWith, AnyOf, &["exe", "sh"]));
    assert!(!str_mod(StrOp::EndsWith, AnyOf, &["sh", "bash"]));
    assert!(str_mod(StrOp::EndsWith, AnyOf, &["exe", "yexe"]));
    assert!(str_mod(StrOp::EndsWith, AllOf, &["exe", "yexe"]));
    assert!(!str_mod(StrOp::EndsWith, AllOf, &["exe", "sh"]));
    assert!(!str_mod(StrOp::EndsWith, AllOf, &["sh", "bash"]));
}

#[test]
fn glob_iglob() {
    let g = |fold: bool, m: Modifier, rhs: &[&str]| {
        let globs: Vec<Glob> = rhs.iter().map(|r| Glob::new(r.as_bytes(), fold)).collect();
        m.eval(&globs, |x| x.matches(NAME.as_bytes()))
    };
    assert!(g(false, OneOf, &["my*", "bash"]));
    assert!(!g(false, OneOf, &["bash", "sh*"]));
    assert!(!g(false, OneOf, &["my*", "*exe"]));
    assert!(g(false, AnyOf, &["my*", "bash"]));
    assert!(!g(false, AnyOf, &["bash", "sh*"]));
    assert!(g(false, AnyOf, &["my*", "*exe"]));
    assert!(g(false, AllOf, &["my*", "*exe"]));
    assert!(!g(false, AllOf, &["bash", "sh*"]));
    assert!(g(true, OneOf, &["MY*", "BASH"]));
    assert!(!g(true, OneOf, &["BASH", "SH*"]));
    assert!(!g(true, OneOf, &["MY*", "*EXE"]));
    assert!(g(true, AnyOf, &["MY*", "BASH"]));
    assert!(!g(true, AnyOf, &["BASH", "SH*"]));
    assert!(g(true, AnyOf, &["MY*", "*EXE"]));
    assert!(g(true, AllOf, &["MY*", "*EXE"]));
    assert!(!g(true, AllOf, &["BASH", "SH*"]));
}

#[test]
fn regex() {
    let r = |m: Modifier, rhs: &[&str]| {
        let res: Vec<FullRegex> = rhs.iter().map(|p| FullRegex::new(p).unwrap()).collect();
        m.eval(&res, |x| x.matches(NAME))
    };
    assert!(r(OneOf, &["my.*", "b.*"]));
    assert!(!r(OneOf, &["b.*", "sh.*"]));
    assert!(!r(OneOf, &["my.*", ".*exe"]));
    assert!(r(AnyOf, &["my.*", "b.*"]));
    assert!(!r(AnyOf, &["b.*", "sh.*"]));
    assert!(r(AnyOf, &["my.*", ".*exe"]));
    assert!(r(AllOf, &["my.*", ".*exe"]));
    assert!(!r(AllOf, &["my.*", "b.*"]));
    assert!(!r(AllOf, &["b.*", "sh.*"]));
}

#[test]
fn transformed_lhs() {
    let upper = "MYEXE";
    let m = |op: StrOp, md: Modifier, rhs: &[&str]| {
        let ms: Vec<StrMatcher> = rhs
            .iter()
            .map(|r| StrMatcher::new(op, r.as_bytes()))
            .collect();
        md.eval(&ms, |x| x.matches(upper.as_bytes()))
    };
    assert!(m(StrOp::Eq, OneOf, &["MYEXE", "BASH"]));
    assert!(!m(StrOp::Eq, OneOf, &["BASH", "SH"]));
    assert!(m(StrOp::Ne, OneOf, &["MYEXE", "BASH"]));
    assert!(!m(StrOp::Ne, OneOf, &["BASH", "SH"]));
    assert!(m(StrOp::Ne, AllOf, &["BASH", "SH"]));
    assert!(!m(StrOp::Ne, AllOf, &["MYEXE", "BASH"]));
}

#[test]
fn empty_rhs_is_false_for_every_modifier() {
    for md in [OneOf, AnyOf, AllOf] {
        assert!(!str_mod(StrOp::Eq, md, &[]));
        assert!(!str_mod(StrOp::Ne, md, &[]));
    }
}

#[test]
fn keywords() {
    assert_eq!(Modifier::from_keyword("oneof"), Some(OneOf));
    assert_eq!(Modifier::from_keyword("anyof"), Some(AnyOf));
    assert_eq!(Modifier::from_keyword("allof"), Some(AllOf));
    assert_eq!(Modifier::from_keyword("ANYOF"), None);
}

#[test]
fn ip_modifiers() {
    let sip: IpAddr = "142.251.111.147".parse().unwrap();
    let eq = |m: Modifier, rhs: &[&str]| {
        let v: Vec<IpAddr> = rhs.iter().map(|t| parse_ip_addr(t).unwrap()).collect();
        m.eval(&v, |a| *a == sip)
    };
    let ne = |m: Modifier, rhs: &[&str]| {
        let v: Vec<IpAddr> = rhs.iter().map(|t| parse_ip_addr(t).unwrap()).collect();
        m.eval(&v, |a| *a != sip)
    };
    assert!(eq(AnyOf, &["142.251.111.147"]));
    assert!(eq(AnyOf, &["10.0.0.1", "142.251.111.147"]));
    assert!(!eq(AnyOf, &["10.0.0.1", "192.168.0.1"]));
    assert!(eq(AllOf, &["142.251.111.147"]));
    assert!(!eq(AllOf, &["142.251.111.147", "10.0.0.1"]));
    assert!(eq(OneOf, &["142.251.111.147"]));
    assert!(eq(OneOf, &["10.0.0.1", "142.251.111.147"]));
    assert!(!eq(OneOf, &["10.0.0.1", "192.168.0.1"]));
    assert!(ne(AnyOf, &["10.0.0.1"]));
    assert!(!ne(AnyOf, &["142.251.111.147"]));
    assert!(ne(AllOf, &["10.0.0.1", "192.168.0.1"]));
}

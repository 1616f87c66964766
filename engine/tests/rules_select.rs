//! Rule selection: Falco's test_enable_rule.cpp and test_falco_utils.cpp (matches_wildcard),
//! expressed with syssentry's `rules:`-style selection.

use syssentry_engine::rules::{
    matches_wildcard, LoadOutput, LoadedRule, Loader, Priority, RuleMatcher, RuleSelection,
    SelectionStep,
};

const SINGLE_RULE: &str = r#"
- rule: test rule
  desc: A test rule
  condition: evt.type=execve
  output: A test rule matched (evt.type=%evt.type)
  priority: INFO
  source: syscall
  tags: [process]

- rule: disabled rule
  desc: A disabled rule
  condition: evt.type=execve
  output: A disabled rule matched (evt.type=%evt.type)
  priority: INFO
  source: syscall
  enabled: false
  tags: [exec process]
"#;

const MULTI_RULE: &str = r#"
- rule: first actual rule
  desc: A test rule
  condition: evt.type=execve
  output: A test rule matched (evt.type=%evt.type)
  priority: INFO
  source: syscall
  tags: [process]

- rule: second disabled rule
  desc: A disabled rule
  condition: evt.type=execve
  output: A disabled 2 rule matched (evt.type=%evt.type)
  priority: INFO
  source: syscall
  enabled: false
  tags: [exec process]

- rule: third disabled rule
  desc: A disabled rule
  condition: evt.type=execve
  output: A disabled 3 rule matched (evt.type=%evt.type)
  priority: INFO
  source: syscall
  enabled: false
  tags: [exec]
"#;

fn load(text: &str) -> LoadOutput {
    let mut l = Loader::new();
    l.add_source("rules.yaml", text);
    let out = l.load();
    assert!(
        !out.diagnostics.has_errors(),
        "{}",
        out.diagnostics.render(&out.sources)
    );
    out
}

fn sel(steps: Vec<SelectionStep>) -> RuleSelection {
    RuleSelection {
        steps,
        min_priority: Priority::Debug,
    }
}

/// Enabled count of a fresh custom ruleset (Falco's named rulesets start with nothing enabled).
fn custom(rules: &[LoadedRule], steps: Vec<SelectionStep>) -> usize {
    sel(steps)
        .enabled_states(rules, |_| false)
        .into_iter()
        .filter(|&b| b)
        .count()
}

/// Falco's default ruleset: starts from each rule's `enabled`.
fn default(rules: &[LoadedRule], steps: Vec<SelectionStep>) -> usize {
    sel(steps)
        .enabled_states(rules, |r| r.enabled)
        .into_iter()
        .filter(|&b| b)
        .count()
}

fn en_rule(p: &str) -> SelectionStep {
    SelectionStep::Enable(RuleMatcher::Rule(p.into()))
}
fn dis_rule(p: &str) -> SelectionStep {
    SelectionStep::Disable(RuleMatcher::Rule(p.into()))
}
fn en_tag(t: &str) -> SelectionStep {
    SelectionStep::Enable(RuleMatcher::Tag(t.into()))
}
fn dis_tag(t: &str) -> SelectionStep {
    SelectionStep::Disable(RuleMatcher::Tag(t.into()))
}

#[test]
fn enable_rule_name() {
    // Falco's enable_rule(substring) is expressed as the wildcard `*substring*`.
    let out = load(SINGLE_RULE);
    let r = &out.rules;
    assert_eq!(default(r, vec![]), 1);
    assert_eq!(custom(r, vec![]), 0);
    assert_eq!(custom(r, vec![en_rule("*test*")]), 1);
    assert_eq!(custom(r, vec![en_rule("**")]), 2);
    assert_eq!(custom(r, vec![en_rule("*test*"), dis_rule("*test*")]), 0);
}

#[test]
fn enable_rule_tags() {
    let out = load(SINGLE_RULE);
    let r = &out.rules;
    assert_eq!(custom(r, vec![en_tag("process")]), 1);
    assert_eq!(custom(r, vec![en_tag("process"), dis_tag("process")]), 0);
}

#[test]
fn enable_disabled_rule_by_tag() {
    let out = load(SINGLE_RULE);
    assert_eq!(default(&out.rules, vec![]), 1);
    assert_eq!(default(&out.rules, vec![en_tag("exec process")]), 2);
}

#[test]
fn enable_rule_name_exact() {
    let out = load(SINGLE_RULE);
    let r = &out.rules;
    assert_eq!(custom(r, vec![en_rule("test rule")]), 1);
    // A substring is not an exact match.
    assert_eq!(custom(r, vec![en_rule("test")]), 0);
    // Falco's enable_rule_exact("") enables everything; as a wildcard that is "*".
    assert_eq!(custom(r, vec![en_rule("*")]), 2);
    assert_eq!(
        custom(r, vec![en_rule("test rule"), dis_rule("*test rule*")]),
        0
    );
}

#[test]
fn enable_rule_name_wildcard() {
    let out = load(MULTI_RULE);
    let r = &out.rules;
    assert_eq!(default(r, vec![]), 1);
    assert_eq!(custom(r, vec![en_rule("first actual rule")]), 1);
    assert_eq!(custom(r, vec![en_rule("*rule")]), 3);
    assert_eq!(custom(r, vec![en_rule("*second*r*")]), 1);
    assert_eq!(custom(r, vec![en_rule("*")]), 3);
}

#[test]
fn falco_yaml_example_disable_all_then_enable() {
    let out = load(MULTI_RULE);
    let states = sel(vec![dis_rule("*"), en_rule("third disabled rule")])
        .enabled_states(&out.rules, |r| r.enabled);
    assert_eq!(states, [false, false, true]);
}

#[test]
fn apply_sets_flags_and_drops_by_priority() {
    let text = r#"
- rule: a
  desc: d
  condition: evt.type=execve
  output: o
  priority: ERROR
- rule: b
  desc: d
  condition: evt.type=execve
  output: o
  priority: info
  enabled: false
"#;
    let mut rules = load(text).rules;
    RuleSelection {
        steps: vec![en_rule("b")],
        min_priority: Priority::Debug,
    }
    .apply(&mut rules);
    assert!(rules.iter().all(|r| r.enabled));
    RuleSelection {
        steps: vec![],
        min_priority: Priority::Warning,
    }
    .apply(&mut rules);
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].name, "a");
}

#[test]
fn matches_wildcard_falco_utils() {
    assert!(matches_wildcard("*", "anything"));
    assert!(matches_wildcard("**", "anything"));
    assert!(matches_wildcard("*", ""));
    assert!(matches_wildcard("no star", "no star"));
    assert!(matches_wildcard("", ""));
    assert!(matches_wildcard("hello*world", "hello new world"));
    assert!(matches_wildcard("hello*world*", "hello new world yes"));
    assert!(matches_wildcard("*hello*world", "come on hello this world"));
    assert!(matches_wildcard(
        "*hello*****world",
        "come on hello this world"
    ));

    assert!(!matches_wildcard("no star", ""));
    assert!(!matches_wildcard("", "no star"));
    assert!(!matches_wildcard("star", "no star"));
    assert!(!matches_wildcard("hello*world", "hello new thing"));
    assert!(!matches_wildcard("hello*world", "hello new world yes"));
    assert!(!matches_wildcard(
        "*hello*world",
        "come on hello this world yes"
    ));
    assert!(!matches_wildcard("*hello*world*", "come on hello this yes"));
}

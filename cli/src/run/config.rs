//! Choices `syssentry run` makes before it starts: which rules to load when none are given and
//! which host name alerts carry (the kernel's, `syssentry_sensor::host::kernel_hostname`, by
//! default).
//!
//! Place in the data flow: command line and host → **these choices** → rules loading and output
//! options. The functions are pure over what they are handed, so each rule of choice is tested
//! without touching the host.

use std::path::{Path, PathBuf};

/// The system-wide rules directory, tried first when `--rules` is not given.
pub const SYSTEM_RULES_DIR: &str = "/etc/syssentry/rules.d";

/// Where the upstream stable rules sit next to a source checkout (`../shared/falco-rules/`), the
/// last default while the checkout's own `rules/` has none.
pub const UPSTREAM_STABLE_RULES: &str = "../shared/falco-rules/falco_rules.yaml";

/// Where default rules are looked for, in order: [`SYSTEM_RULES_DIR`], then, for a binary built in
/// a source checkout (the first ancestor of the executable's directory holding the workspace's
/// `Cargo.toml` and `engine/`), the checkout's `rules/` directory and then the upstream stable
/// rules beside the checkout ([`UPSTREAM_STABLE_RULES`]).
pub fn default_rule_candidates(exe: Option<&Path>) -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from(SYSTEM_RULES_DIR)];
    if let Some(exe) = exe {
        for dir in exe.ancestors().skip(1) {
            if dir.join("Cargo.toml").is_file() && dir.join("engine").is_dir() {
                out.push(dir.join("rules"));
                out.push(dir.join(UPSTREAM_STABLE_RULES));
                break;
            }
        }
    }
    out
}

/// The first candidate holding rules: a rules file, or a directory with at least one `*.yaml`
/// or `*.yml` file.
pub fn first_with_rules(candidates: &[PathBuf]) -> Option<PathBuf> {
    candidates.iter().find(|c| holds_rules(c)).cloned()
}

fn holds_rules(p: &Path) -> bool {
    if p.is_file() {
        return true;
    }
    let Ok(entries) = std::fs::read_dir(p) else { return false };
    entries.filter_map(|e| e.ok()).any(|e| {
        let path = e.path();
        path.is_file() && matches!(path.extension().and_then(|x| x.to_str()), Some("yaml" | "yml"))
    })
}

/// The host name alerts carry: `--hostname`, else `$SYSSENTRY_HOSTNAME`, else the kernel's
/// (`/proc/sys/kernel/hostname`), else `localhost`. Empty values do not count.
pub fn choose_hostname(flag: Option<&str>, env: Option<String>, kernel: impl FnOnce() -> Option<String>) -> String {
    let pick = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    flag.and_then(pick)
        .or_else(|| env.as_deref().and_then(pick))
        .or_else(|| kernel().as_deref().and_then(pick))
        .unwrap_or_else(|| "localhost".to_string())
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostname_order() {
        let kernel = || Some("kernel-host\n".to_string());
        assert_eq!(choose_hostname(Some("flag"), Some("env".into()), kernel), "flag");
        assert_eq!(choose_hostname(None, Some("env".into()), kernel), "env");
        assert_eq!(choose_hostname(Some(" "), Some(String::new()), kernel), "kernel-host");
        assert_eq!(choose_hostname(None, None, || None), "localhost");
    }

    #[test]
    fn default_rules_are_the_first_candidate_with_yaml() {
        let tmp = std::env::temp_dir().join(format!("syssentry-defaults-{}", std::process::id()));
        let (empty, with_txt, with_yaml) = (tmp.join("empty"), tmp.join("txt"), tmp.join("yaml"));
        for d in [&empty, &with_txt, &with_yaml] {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(with_txt.join("notes.txt"), "x").unwrap();
        std::fs::write(with_yaml.join("local.yaml"), "- list: a\n  items: []\n").unwrap();
        let missing = tmp.join("missing");
        assert_eq!(first_with_rules(&[missing.clone(), empty.clone(), with_txt.clone()]), None);
        assert_eq!(first_with_rules(&[missing, empty, with_txt, with_yaml.clone()]), Some(with_yaml.clone()));
        let file = with_yaml.join("local.yaml");
        assert_eq!(first_with_rules(std::slice::from_ref(&file)), Some(file));

        // The checkout's rules/ is found from the executable's location.
        let checkout = tmp.join("checkout");
        std::fs::create_dir_all(checkout.join("engine")).unwrap();
        std::fs::create_dir_all(checkout.join("target/debug")).unwrap();
        std::fs::write(checkout.join("Cargo.toml"), "[workspace]\n").unwrap();
        let c = default_rule_candidates(Some(&checkout.join("target/debug/syssentry")));
        assert_eq!(
            c,
            [PathBuf::from(SYSTEM_RULES_DIR), checkout.join("rules"), checkout.join(UPSTREAM_STABLE_RULES)]
        );
        assert_eq!(default_rule_candidates(Some(&tmp.join("elsewhere/syssentry"))).len(), 1);
        let _ = std::fs::remove_dir_all(&tmp);
    }
}

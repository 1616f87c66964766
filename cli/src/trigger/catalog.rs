//! The actions `syssentry trigger` can perform: name, what each does, where it runs, which
//! fixtures it needs and the rules expected to fire, per ruleset.
//!
//! Place in the data flow: outside it. An action makes the kernel report what a rule is written
//! for; this table says which rules should then alert.

/// Where an action runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A child of the trigger on the host.
    Host,
    /// A child that joins the container-like cgroup, below a parent named `containerd-shim`.
    Container,
    /// A process a real container runtime (Docker or podman) starts in a container of the
    /// trigger's own image: it passes only when the alert names that container and image.
    Runtime,
}

/// The rules an action is expected to fire, by ruleset. An action's expected set is every name
/// here that is loaded and enabled; adding a ruleset's names is an edit of this one table.
#[derive(Debug, Clone, Copy)]
pub struct Expects {
    /// Names in Falco's stable rules (`falco_rules.yaml`), as upstream spells them.
    pub falco_stable: &'static [&'static str],
    /// Names in syssentry's default rules (`rules/`).
    pub syssentry: &'static [&'static str],
}

impl Expects {
    /// Every expected name, whichever ruleset it belongs to.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        self.falco_stable.iter().chain(self.syssentry.iter()).copied()
    }
}

/// One action.
#[derive(Debug, Clone, Copy)]
pub struct Action {
    /// The name given on the command line.
    pub name: &'static str,
    /// What it does, for `trigger list`.
    pub does: &'static str,
    /// Where it runs.
    pub place: Place,
    /// Needs the network namespace with the test host's listener.
    pub needs_netns: bool,
    /// The rules expected to fire.
    pub expects: Expects,
}

/// The port the test host listens on: one of the non-standard SSH ports of the rules.
pub const TEST_HOST_PORT: u16 = 4444;

/// Expected rules: Falco's stable rules first, then syssentry's.
type Names = &'static [&'static str];

const fn host(name: &'static str, does: &'static str, falco_stable: Names, syssentry: Names) -> Action {
    Action { name, does, place: Place::Host, needs_netns: false, expects: Expects { falco_stable, syssentry } }
}

const fn container(name: &'static str, does: &'static str, falco_stable: Names, syssentry: Names) -> Action {
    Action { name, does, place: Place::Container, needs_netns: false, expects: Expects { falco_stable, syssentry } }
}

const fn runtime(name: &'static str, does: &'static str, falco_stable: Names, syssentry: Names) -> Action {
    Action { name, does, place: Place::Runtime, needs_netns: false, expects: Expects { falco_stable, syssentry } }
}

const fn networked(mut a: Action) -> Action {
    a.needs_netns = true;
    a
}

/// Every action, in the order `--all` performs them. Each lists the rules written for what the
/// action shows, not every rule that happens to match it (`container-redirect-socket` connects
/// to port 4444, a mining-pool port, but is there to prove the reverse-shell rule).
pub static ACTIONS: &[Action] = &[
    host(
        "read-shadow",
        "opens /etc/shadow for reading (reads nothing)",
        &["Read sensitive file untrusted"],
        &["Sensitive file read by untrusted program"],
    ),
    host(
        "read-traversal",
        "opens /etc/passwd for reading through the path /etc/../etc/../etc/passwd",
        &["Directory traversal monitored file read"],
        &["File read through path traversal"],
    ),
    host(
        "write-below-etc",
        "creates a new file /etc/syssentry-trigger-<pid> and removes it",
        &[],
        &["Write below /etc"],
    ),
    host(
        "search-private-keys",
        "runs grep for `BEGIN PRIVATE` over a file of the scratch directory",
        &["Search Private Keys or Passwords"],
        &["Credential search with grep or find"],
    ),
    host(
        "search-aws-credentials",
        "runs grep for `aws_access_key_id` over a file of the scratch directory",
        &["Find AWS Credentials"],
        &["Credential search with grep or find"],
    ),
    host(
        "clear-log",
        "truncates /var/log/syssentry-trigger-<pid>.log, a log file the trigger created (removed afterwards)",
        &["Clear Log Activities"],
        &["Log file truncated or deleted"],
    ),
    host(
        "symlink-sensitive",
        "creates a symbolic link to /etc/shadow in the scratch directory, then removes it",
        &["Create Symlink Over Sensitive Files"],
        &["Link to sensitive file created"],
    ),
    host(
        "hardlink-sensitive",
        "creates a hard link to /etc/shadow in the scratch directory, then removes it",
        &["Create Hardlink Over Sensitive Files"],
        &["Link to sensitive file created"],
    ),
    host(
        "ptrace-attach",
        "starts an idle child, attaches to it with PTRACE_ATTACH, kills it",
        &["PTRACE attached to process"],
        &["Process attached to another with ptrace"],
    ),
    host(
        "ptrace-traceme",
        "asks to be traced by its parent with PTRACE_TRACEME, then exits",
        &["PTRACE anti-debug attempt"],
        &["Anti-debugging ptrace request"],
    ),
    host(
        "exec-dev-shm",
        "executes a copy of /bin/true placed in /dev/shm (removed afterwards)",
        &["Execution from /dev/shm"],
        &["Execution from shared memory directory"],
    ),
    host(
        "memfd-exec",
        "copies /bin/true into a memfd_create file and executes it from there",
        &["Fileless execution via memfd_create"],
        &["Fileless execution from memfd"],
    ),
    host("setns", "rejoins its own network namespace with setns(2)", &[], &["Namespace entered with setns"]),
    host(
        "unshare",
        "runs `unshare --user true` as user nobody (65534): an unprivileged user namespace, gone when it exits",
        &[],
        &["User namespace created by unprivileged process on host"],
    ),
    networked(host(
        "ssh-nonstandard-port",
        "a process named ssh connects to port 4444 of the trigger's test host (198.51.100.0/24 behind a veth pair)",
        &["Disallowed SSH Connection Non Standard Port"],
        &["SSH connection to non-standard port"],
    )),
    container(
        "container-terminal-shell",
        "runs `bash -c :` with a pseudo-terminal in the container-like cgroup, below containerd-shim",
        &["Terminal shell in container"],
        &["Interactive shell in container"],
    ),
    container(
        "container-drop-exec",
        "copies /bin/true into an overlayfs upper layer and executes it in the container-like cgroup",
        &["Drop and execute new binary in container"],
        &["Program dropped and run in container"],
    ),
    container(
        "container-packet-socket",
        "opens and closes an AF_PACKET socket in the container-like cgroup",
        &["Packet socket created in container"],
        &["Raw packet socket opened in container"],
    ),
    networked(container(
        "container-redirect-socket",
        "in the container-like cgroup, connects to the test host and duplicates the socket onto stdout",
        &["Redirect STDOUT/STDIN to Network Connection in Container"],
        &["Standard stream redirected to network socket in container"],
    )),
    runtime(
        "runtime-terminal-shell",
        "in a container the trigger starts through Docker or podman (image syssentry-trigger:<pid>, no network), \
runs a shell with a pseudo-terminal as `docker exec -t -u 4242` does, a user only the image's /etc/passwd names; \
passes only if the alert names the container, the image, its tag and the user",
        &["Terminal shell in container"],
        &["Interactive shell in container"],
    ),
    runtime(
        "runtime-first-process",
        "starts a second container of that image whose very first process, cat, opens the image's decoy \
/etc/shadow; passes only if the alert names that container and the image",
        &["Read sensitive file untrusted"],
        &["Sensitive file read by untrusted program"],
    ),
];

/// The action named `name`.
pub fn find(name: &str) -> Option<&'static Action> {
    ACTIONS.iter().find(|a| a.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_command_line_safe() {
        for (i, a) in ACTIONS.iter().enumerate() {
            assert!(a.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", a.name);
            assert!(ACTIONS[..i].iter().all(|b| b.name != a.name), "duplicate {}", a.name);
            assert!(find(a.name).is_some_and(|f| std::ptr::eq(f, a)));
        }
        assert!(find("list").is_none(), "`list` is the listing keyword");
    }

    #[test]
    fn stable_names_exist_upstream() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/falco-rules/falco_rules.yaml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            panic!("the upstream stable rules at {}", path.display());
        };
        for a in ACTIONS {
            for n in a.expects.falco_stable {
                assert!(text.contains(&format!("- rule: {n}\n")), "{}: {n:?} is not an upstream stable rule", a.name);
            }
        }
    }

    #[test]
    fn syssentry_names_exist_in_the_default_rules() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
        let mut text = String::new();
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("the default rules at {}: {e}", dir.display())) {
            let path = entry.expect("directory entry").path();
            if path.extension().is_some_and(|e| e == "yaml") {
                text.push_str(&std::fs::read_to_string(&path).expect("rules file"));
            }
        }
        for a in ACTIONS {
            assert!(!a.expects.syssentry.is_empty(), "{}: no rule of rules/ expected", a.name);
            for n in a.expects.syssentry {
                assert!(text.contains(&format!("- rule: {n}\n")), "{}: {n:?} is not a rule of rules/", a.name);
            }
        }
    }
}

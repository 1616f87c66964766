//! Engine and plugin versions: parsing and compatibility like libsinsp's `sinsp_version`.
//!
//! Place in the data flow: `reader` checks each `required_engine_version` against
//! [`FALCO_ENGINE_VERSION`]; the collector remembers the highest requirement.

use std::fmt;

/// The Falco rules-engine version syssentry implements (Falco 0.44's engine).
pub const FALCO_ENGINE_VERSION: Version = Version {
    major: 0,
    minor: 62,
    patch: 0,
};

/// A `major.minor.patch` version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Version {
    /// Major.
    pub major: u32,
    /// Minor.
    pub minor: u32,
    /// Patch.
    pub patch: u32,
}

impl Version {
    /// Parses like `sscanf("%u.%u.%u")`: three dot-separated unsigned numbers at the start of
    /// the text (leading blanks allowed before each number); anything after the third number is
    /// ignored, as in Falco.
    pub fn parse(s: &str) -> Option<Version> {
        let mut rest = s;
        let mut parts = [0u32; 3];
        for (i, part) in parts.iter_mut().enumerate() {
            if i > 0 {
                rest = rest.strip_prefix('.')?;
            }
            rest = rest.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
            rest = rest.strip_prefix('+').unwrap_or(rest);
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            *part = rest[..digits].parse().ok()?;
            rest = &rest[digits..];
        }
        Some(Version {
            major: parts[0],
            minor: parts[1],
            patch: parts[2],
        })
    }

    /// The implicit version of an integer `required_engine_version: N`, i.e. `0.N.0`.
    pub fn implicit(n: u32) -> Version {
        Version {
            major: 0,
            minor: n,
            patch: 0,
        }
    }

    /// Can an engine of version `self` load rules requiring `required`? Same major, and
    /// `self >= required`.
    pub fn compatible_with(self, required: Version) -> bool {
        self.major == required.major && self >= required
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_compare() {
        assert_eq!(
            Version::parse("0.26.0"),
            Some(Version {
                major: 0,
                minor: 26,
                patch: 0
            })
        );
        assert_eq!(
            Version::parse("1.2.3-rc1"),
            Some(Version {
                major: 1,
                minor: 2,
                patch: 3
            })
        );
        assert_eq!(Version::parse("seven"), None);
        assert_eq!(Version::parse("1.2"), None);
        assert!(FALCO_ENGINE_VERSION.compatible_with(Version::implicit(26)));
        assert!(FALCO_ENGINE_VERSION.compatible_with(Version::parse("0.62.0").unwrap()));
        assert!(!FALCO_ENGINE_VERSION.compatible_with(Version::parse("0.62.1").unwrap()));
        assert!(!FALCO_ENGINE_VERSION.compatible_with(Version::parse("1.0.0").unwrap()));
    }
}

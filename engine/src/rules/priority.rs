//! Rule priorities (Falco's eight syslog-like severities).
//!
//! Place in the data flow: decoded by the `reader` from a rule's `priority:` key, used by
//! `select` to drop rules below the configured minimum, printed in alerts by `output`.

use std::{fmt, str::FromStr};

/// A rule priority; lower numeric value = more severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Priority {
    /// 0
    Emergency = 0,
    /// 1
    Alert = 1,
    /// 2
    Critical = 2,
    /// 3
    Error = 3,
    /// 4
    Warning = 4,
    /// 5
    Notice = 5,
    /// 6 (`info` is accepted as an alias on input)
    Informational = 6,
    /// 7
    Debug = 7,
}

impl Priority {
    /// All priorities from most to least severe.
    pub const ALL: [Priority; 8] = [
        Priority::Emergency,
        Priority::Alert,
        Priority::Critical,
        Priority::Error,
        Priority::Warning,
        Priority::Notice,
        Priority::Informational,
        Priority::Debug,
    ];

    /// Falco's numeric value (0 = Emergency ... 7 = Debug).
    pub fn as_u8(self) -> u8 {
        self as u8
    }

    /// The canonical capitalised name (`Informational`, not `Info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Emergency => "Emergency",
            Priority::Alert => "Alert",
            Priority::Critical => "Critical",
            Priority::Error => "Error",
            Priority::Warning => "Warning",
            Priority::Notice => "Notice",
            Priority::Informational => "Informational",
            Priority::Debug => "Debug",
        }
    }

    /// Is `self` at least as severe as `min` (numerically lower or equal)?
    pub fn at_least(self, min: Priority) -> bool {
        self <= min
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A priority name that is none of the eight (nor `info`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid priority '{value}'")]
pub struct InvalidPriority {
    /// What was given.
    pub value: String,
}

impl FromStr for Priority {
    type Err = InvalidPriority;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("info") {
            return Ok(Priority::Informational);
        }
        Priority::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| InvalidPriority {
                value: s.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_any_case_and_info() {
        assert_eq!("INFO".parse::<Priority>(), Ok(Priority::Informational));
        assert_eq!(
            "informational".parse::<Priority>(),
            Ok(Priority::Informational)
        );
        assert_eq!("wArNiNg".parse::<Priority>(), Ok(Priority::Warning));
        assert_eq!("EMERGENCY".parse::<Priority>(), Ok(Priority::Emergency));
        assert!("inf".parse::<Priority>().is_err());
        assert!("Warning ".parse::<Priority>().is_err());
        assert_eq!(Priority::Informational.to_string(), "Informational");
        assert_eq!(Priority::Debug.as_u8(), 7);
        assert!(Priority::Error.at_least(Priority::Warning));
        assert!(!Priority::Debug.at_least(Priority::Warning));
    }
}

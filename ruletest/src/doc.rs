//! [`Doc`]: access to the YAML nodes of one test file, with errors that name the file and the
//! node's line and column.
//!
//! Place in the data flow: test file text → YAML nodes → **Doc** → reader, setup and events
//! (which build the spec, the seeded state and the events from it).

use super::error::{Problem, TestFileError};
use super::values;
use syssentry_engine::event::ppm::exe;
use syssentry_engine::rules::yaml::{Node, NodeKind, Pos};
use std::path::Path;

/// Node access with errors that name the file and position.
pub(super) struct Doc<'a> {
    pub(super) path: &'a Path,
}

impl Doc<'_> {
    /// An error at `pos`.
    pub(super) fn err(&self, pos: Pos, problem: Problem) -> TestFileError {
        TestFileError::Format {
            path: self.path.to_path_buf(),
            line: pos.line,
            column: pos.column,
            problem,
        }
    }

    pub(super) fn wrong(&self, node: &Node, key: &str, expected: &'static str) -> TestFileError {
        self.err(
            node.pos,
            Problem::WrongType {
                key: key.to_string(),
                expected,
                found: node.type_name(),
            },
        )
    }

    /// A value that does not parse.
    pub(super) fn bad(
        &self,
        node: &Node,
        key: &str,
        value: &str,
        expected: &'static str,
    ) -> TestFileError {
        self.err(
            node.pos,
            Problem::BadValue {
                key: key.to_string(),
                value: value.to_string(),
                expected,
            },
        )
    }

    /// The entries of a mapping (none for an empty value, as in `args:` followed by nothing).
    pub(super) fn map<'n>(
        &self,
        node: &'n Node,
        key: &str,
    ) -> Result<&'n [(Node, Node)], TestFileError> {
        if node.is_null() {
            return Ok(&[]);
        }
        node.as_map()
            .ok_or_else(|| self.wrong(node, key, "a mapping"))
    }

    /// The items of a sequence (none for an empty value, as in `fds:` followed by a comment).
    pub(super) fn seq<'n>(&self, node: &'n Node, key: &str) -> Result<&'n [Node], TestFileError> {
        if node.is_null() {
            return Ok(&[]);
        }
        node.as_seq()
            .ok_or_else(|| self.wrong(node, key, "a sequence"))
    }

    /// Rejects keys outside `allowed`.
    pub(super) fn check_keys(
        &self,
        entries: &[(Node, Node)],
        what: &'static str,
        allowed: &[&str],
        expected: &'static str,
    ) -> Result<(), TestFileError> {
        for (k, _) in entries {
            let key = k.as_scalar().unwrap_or("");
            if !allowed.contains(&key) {
                return Err(self.err(
                    k.pos,
                    Problem::UnknownKey {
                        key: key.to_string(),
                        what,
                        expected,
                    },
                ));
            }
        }
        Ok(())
    }

    /// A required key of a mapping.
    pub(super) fn require<'n>(
        &self,
        node: &'n Node,
        key: &'static str,
        what: &'static str,
    ) -> Result<&'n Node, TestFileError> {
        node.get(key)
            .ok_or_else(|| self.err(node.pos, Problem::MissingKey { key, what }))
    }

    /// A non-null scalar.
    pub(super) fn scalar<'n>(&self, node: &'n Node, key: &str) -> Result<&'n str, TestFileError> {
        match &node.kind {
            NodeKind::Scalar { value, .. } if !node.is_null() => Ok(value),
            _ => Err(self.wrong(node, key, "a scalar")),
        }
    }

    /// A signed integer.
    pub(super) fn int(&self, node: &Node, key: &str) -> Result<i64, TestFileError> {
        let s = self.scalar(node, key)?;
        values::parse_i64(s).ok_or_else(|| self.bad(node, key, s, "an integer"))
    }

    /// An unsigned 32-bit integer (ids, terminals).
    pub(super) fn u32(&self, node: &Node, key: &str) -> Result<u32, TestFileError> {
        let s = self.scalar(node, key)?;
        values::parse_u64(s, false)
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| self.bad(node, key, s, "an unsigned 32-bit integer"))
    }

    /// A boolean.
    pub(super) fn bool(&self, node: &Node, key: &str) -> Result<bool, TestFileError> {
        let s = self.scalar(node, key)?;
        values::parse_bool(s).ok_or_else(|| self.bad(node, key, s, "true or false"))
    }

    /// A string.
    pub(super) fn string(&self, node: &Node, key: &str) -> Result<String, TestFileError> {
        self.scalar(node, key).map(str::to_string)
    }

    /// A sequence of strings; a single scalar counts as a one-item list.
    pub(super) fn str_list(&self, node: &Node, key: &str) -> Result<Vec<String>, TestFileError> {
        match &node.kind {
            NodeKind::Seq(items) => items.iter().map(|i| self.string(i, key)).collect(),
            NodeKind::Scalar { .. } if !node.is_null() => Ok(vec![self.string(node, key)?]),
            _ => Err(self.wrong(node, key, "a string or a sequence of strings")),
        }
    }

    /// The executable flags of a convenience `execve` or a seeded process: `upper_layer`,
    /// `memfd`, `writable`.
    pub(super) fn exe_flags(&self, node: &Node) -> Result<u32, TestFileError> {
        let mut f = 0;
        for (key, bit) in [
            ("upper_layer", exe::EXE_UPPER_LAYER),
            ("memfd", exe::EXE_FROM_MEMFD),
            ("writable", exe::EXE_WRITABLE),
        ] {
            if let Some(n) = node.get(key) {
                if self.bool(n, key)? {
                    f |= bit;
                }
            }
        }
        Ok(f)
    }
}

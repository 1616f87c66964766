//! A small YAML document tree in which every scalar stays a string with its position and style.
//!
//! Place in the data flow: rules file bytes → **`parse_documents`** → [`Node`] trees →
//! `reader` (item decoding) → `collector`.
//!
//! Falco reads rules with yaml-cpp and converts scalars only when a key asks for a type, so `no`,
//! `on` or `1e3` in a list stay the strings they were written as. yaml-rust2's own document loader
//! resolves scalar types eagerly and recurses on nesting, so this module drives yaml-rust2's
//! event parser itself and builds the tree iteratively with explicit limits: nesting depth,
//! node count (alias expansions included, so a "billion laughs" file is an error, not an OOM)
//! and input size.

use yaml_rust2::{
    parser::{Event, Parser},
    scanner::{Marker, TScalarStyle},
};

/// Deepest allowed nesting of sequences and mappings.
pub const MAX_DEPTH: usize = 64;
/// Most nodes one file may produce, alias expansions included.
pub const MAX_NODES: usize = 2_000_000;
/// Largest accepted file, in bytes.
pub const MAX_INPUT_BYTES: usize = 64 << 20;

/// A position in the parsed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column in characters.
    pub column: u32,
    /// Byte offset.
    pub offset: usize,
}

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    /// Unquoted.
    Plain,
    /// `'...'`
    SingleQuoted,
    /// `"..."`
    DoubleQuoted,
    /// `|` block.
    Literal,
    /// `>` block.
    Folded,
}

/// A YAML node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// What it is.
    pub kind: NodeKind,
    /// Where it starts (for block scalars: at the first content character).
    pub pos: Pos,
}

/// The kinds of YAML nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// A scalar, kept as written (after YAML unescaping/folding).
    Scalar {
        /// The string value.
        value: String,
        /// Its style.
        style: ScalarStyle,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order (duplicate keys are kept; lookups see the first).
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// yaml-cpp's notion of null: a plain `~`, `null`, `Null`, `NULL` or empty scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar { value, style: ScalarStyle::Plain }
            if matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The scalar string, if this is a scalar.
    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Is this a scalar (null included, as in yaml-cpp an empty plain scalar is null, not a
    /// scalar; callers check [`Node::is_null`] first)?
    pub fn is_scalar(&self) -> bool {
        matches!(self.kind, NodeKind::Scalar { .. })
    }

    /// The sequence items, if this is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The mapping entries, if this is a mapping.
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// Looks up a mapping value by scalar key (first match, like yaml-cpp).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_scalar() == Some(key))
            .map(|(_, v)| v)
    }

    /// Short description of the node type for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            _ if self.is_null() => "null",
            NodeKind::Scalar { .. } => "scalar",
            NodeKind::Seq(_) => "sequence",
            NodeKind::Map(_) => "mapping",
        }
    }

    fn count(&self) -> usize {
        // Iterative: the tree may be as deep as MAX_DEPTH, but there is no reason to recurse.
        let mut n = 0;
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            n += 1;
            match &node.kind {
                NodeKind::Scalar { .. } => {}
                NodeKind::Seq(items) => stack.extend(items.iter()),
                NodeKind::Map(entries) => {
                    for (k, v) in entries {
                        stack.push(k);
                        stack.push(v);
                    }
                }
            }
        }
        n
    }
}

/// Why a text is not acceptable YAML.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum YamlError {
    /// The YAML scanner or parser rejected the text.
    #[error("{message}")]
    Syntax {
        /// The parser's message.
        message: String,
        /// Where.
        pos: Pos,
    },
    /// Nesting deeper than [`MAX_DEPTH`].
    #[error("yaml nesting deeper than {max} levels")]
    TooDeep {
        /// The limit.
        max: usize,
        /// Where the limit was crossed.
        pos: Pos,
    },
    /// More than [`MAX_NODES`] nodes (usually through aliases).
    #[error("yaml document expands to more than {max} nodes (alias expansion is bounded)")]
    TooManyNodes {
        /// The limit.
        max: usize,
        /// Where the limit was crossed.
        pos: Pos,
    },
    /// An alias to an anchor that is not defined (yet).
    #[error("alias refers to an unknown anchor")]
    UnknownAnchor {
        /// Where.
        pos: Pos,
    },
    /// The input is larger than [`MAX_INPUT_BYTES`].
    #[error("file is {size} bytes, more than the {max} bytes accepted")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// The input is not UTF-8.
    #[error("invalid utf-8 byte sequence")]
    InvalidUtf8 {
        /// Where the first invalid byte is.
        pos: Pos,
    },
}

impl YamlError {
    /// Where the problem is, when known.
    pub fn pos(&self) -> Option<Pos> {
        match self {
            YamlError::Syntax { pos, .. }
            | YamlError::TooDeep { pos, .. }
            | YamlError::TooManyNodes { pos, .. }
            | YamlError::UnknownAnchor { pos }
            | YamlError::InvalidUtf8 { pos } => Some(*pos),
            YamlError::TooLarge { .. } => None,
        }
    }
}

/// Checks that `bytes` are UTF-8 and not too large; returns the text.
pub fn decode_text(bytes: &[u8]) -> Result<&str, YamlError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(YamlError::TooLarge {
            size: bytes.len(),
            max: MAX_INPUT_BYTES,
        });
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        // The valid prefix is UTF-8 by construction.
        let prefix = std::str::from_utf8(good).unwrap_or_default();
        let line = prefix.matches('\n').count() + 1;
        let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
        let column = prefix[line_start..].chars().count() + 1;
        YamlError::InvalidUtf8 {
            pos: Pos {
                line: clamp_u32(line),
                column: clamp_u32(column),
                offset: e.valid_up_to(),
            },
        }
    })
}

fn clamp_u32(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Converts yaml-rust2 markers (character index, 1-based line, 0-based column) to byte offsets
/// with a cursor that moves from the previous position, so the cost is the distance travelled.
struct OffsetCursor<'a> {
    text: &'a str,
    base: usize,
    chars: usize,
    bytes: usize,
    inserted: &'a [Inserted],
}

impl<'a> OffsetCursor<'a> {
    fn pos(&mut self, m: &Marker) -> Pos {
        let target = m.index();
        while self.chars < target && self.bytes < self.text.len() {
            let c = self.text[self.bytes..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
            self.bytes += c;
            self.chars += 1;
        }
        while self.chars > target && self.bytes > 0 {
            self.bytes -= 1;
            while self.bytes > 0 && !self.text.is_char_boundary(self.bytes) {
                self.bytes -= 1;
            }
            self.chars -= 1;
        }
        let mut offset = self.bytes;
        let mut column = m.col() + 1;
        for i in self.inserted {
            if i.offset < self.bytes {
                offset -= 1;
                if i.line == m.line() {
                    column = column.saturating_sub(1).max(1);
                }
            }
        }
        Pos {
            line: clamp_u32(m.line()),
            column: clamp_u32(column),
            offset: self.base + offset,
        }
    }

    /// Byte offset of a marker in the text given to the parser.
    fn raw(&mut self, m: &Marker) -> usize {
        self.pos(m);
        self.bytes
    }
}

enum Frame {
    Seq {
        items: Vec<Node>,
        pos: Pos,
        anchor: usize,
    },
    Map {
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        pos: Pos,
        anchor: usize,
    },
}

/// Parses every document of a YAML stream. A document with no content is returned as `None`.
pub fn parse_documents(text: &str) -> Result<Vec<Option<Node>>, YamlError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(YamlError::TooLarge {
            size: text.len(),
            max: MAX_INPUT_BYTES,
        });
    }
    // yaml-rust2 does not skip a byte order mark.
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut body = std::borrow::Cow::Borrowed(&text[bom..]);
    let mut inserted: Vec<Inserted> = Vec::new();
    loop {
        match parse_once(&body, bom, &inserted) {
            Ok(docs) => return Ok(docs),
            Err((err, raw)) => {
                // yaml-cpp (Falco) accepts a flow collection closed by `]`/`}` on a line indented
                // no deeper than its parent key, as upstream's sandbox rules do; yaml-rust2 calls
                // that "invalid indentation". Indent such a line by one space and parse again;
                // positions are mapped back to the original text.
                let fixable = matches!(&err, YamlError::Syntax { message, .. } if message == "invalid indentation")
                    && inserted.len() < MAX_INDENT_FIXES
                    && raw < body.len()
                    && matches!(body.as_bytes()[raw], b']' | b'}')
                    && {
                        let line_start = body[..raw].rfind('\n').map_or(0, |i| i + 1);
                        body[line_start..raw].bytes().all(|b| b == b' ')
                    };
                if !fixable {
                    return Err(err);
                }
                let line_start = body[..raw].rfind('\n').map_or(0, |i| i + 1);
                let line = body[..line_start].matches('\n').count() + 1;
                for i in &mut inserted {
                    if i.offset >= line_start {
                        i.offset += 1;
                    }
                }
                inserted.push(Inserted {
                    offset: line_start,
                    line,
                });
                let mut owned = body.into_owned();
                owned.insert(line_start, ' ');
                body = std::borrow::Cow::Owned(owned);
            }
        }
    }
}

/// Most lines [`parse_documents`] re-indents before giving up.
const MAX_INDENT_FIXES: usize = 64;

/// A space inserted into the text given to yaml-rust2: its byte offset there and its line.
#[derive(Debug, Clone, Copy)]
struct Inserted {
    offset: usize,
    line: usize,
}

fn parse_once(
    body: &str,
    bom: usize,
    inserted: &[Inserted],
) -> Result<Vec<Option<Node>>, (YamlError, usize)> {
    let mut cursor = OffsetCursor {
        text: body,
        base: bom,
        chars: 0,
        bytes: 0,
        inserted,
    };
    let mut parser = Parser::new_from_str(body);
    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: Vec<(usize, Node, usize)> = Vec::new();
    let mut nodes: usize = 0;
    let mut root: Option<Node> = None;

    loop {
        let (event, mark) = match parser.next_token() {
            Ok(x) => x,
            Err(e) => {
                let pos = cursor.pos(e.marker());
                let raw = cursor.raw(e.marker());
                return Err((
                    YamlError::Syntax {
                        message: e.info().to_string(),
                        pos,
                    },
                    raw,
                ));
            }
        };
        let pos = cursor.pos(&mark);
        let finished: Option<(Node, usize)> = match event {
            Event::StreamStart | Event::Nothing => None,
            Event::StreamEnd => break,
            Event::DocumentStart => {
                root = None;
                anchors.clear();
                None
            }
            Event::DocumentEnd => {
                docs.push(root.take());
                None
            }
            Event::Scalar(value, style, anchor, _tag) => {
                nodes += 1;
                let style = match style {
                    TScalarStyle::Plain => ScalarStyle::Plain,
                    TScalarStyle::SingleQuoted => ScalarStyle::SingleQuoted,
                    TScalarStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
                    TScalarStyle::Literal => ScalarStyle::Literal,
                    TScalarStyle::Folded => ScalarStyle::Folded,
                };
                Some((
                    Node {
                        kind: NodeKind::Scalar { value, style },
                        pos,
                    },
                    anchor,
                ))
            }
            Event::Alias(id) => {
                let Some((_, node, size)) = anchors.iter().rev().find(|(a, _, _)| *a == id) else {
                    return Err((YamlError::UnknownAnchor { pos }, 0));
                };
                nodes = nodes.saturating_add(*size);
                if nodes > MAX_NODES {
                    return Err((
                        YamlError::TooManyNodes {
                            max: MAX_NODES,
                            pos,
                        },
                        0,
                    ));
                }
                Some((node.clone(), 0))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                nodes += 1;
                if stack.len() >= MAX_DEPTH {
                    return Err((
                        YamlError::TooDeep {
                            max: MAX_DEPTH,
                            pos,
                        },
                        0,
                    ));
                }
                if matches!(event, Event::SequenceStart(..)) {
                    stack.push(Frame::Seq {
                        items: Vec::new(),
                        pos,
                        anchor,
                    });
                } else {
                    stack.push(Frame::Map {
                        entries: Vec::new(),
                        key: None,
                        pos,
                        anchor,
                    });
                }
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq { items, pos, anchor }) => Some((
                    Node {
                        kind: NodeKind::Seq(items),
                        pos,
                    },
                    anchor,
                )),
                Some(Frame::Map {
                    entries,
                    key,
                    pos,
                    anchor,
                }) => {
                    let mut entries = entries;
                    // yaml-rust2 marks a block mapping at its first `:`; the mapping starts at
                    // its first key.
                    let pos = match entries.first() {
                        Some((k, _)) if k.pos.offset < pos.offset => k.pos,
                        _ => pos,
                    };
                    if let Some(k) = key {
                        // Unreachable with a well-behaved parser; keep the key with a null value.
                        let p = k.pos;
                        entries.push((
                            k,
                            Node {
                                kind: NodeKind::Scalar {
                                    value: String::new(),
                                    style: ScalarStyle::Plain,
                                },
                                pos: p,
                            },
                        ));
                    }
                    Some((
                        Node {
                            kind: NodeKind::Map(entries),
                            pos,
                        },
                        anchor,
                    ))
                }
                None => None,
            },
        };
        if nodes > MAX_NODES {
            return Err((
                YamlError::TooManyNodes {
                    max: MAX_NODES,
                    pos,
                },
                0,
            ));
        }
        if let Some((node, anchor)) = finished {
            if anchor != 0 {
                let size = node.count();
                anchors.push((anchor, node.clone(), size));
            }
            match stack.last_mut() {
                Some(Frame::Seq { items, .. }) => items.push(node),
                Some(Frame::Map { entries, key, .. }) => match key.take() {
                    None => *key = Some(node),
                    Some(k) => entries.push((k, node)),
                },
                None => root = Some(node),
            }
        }
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        parse_documents(text)
            .unwrap()
            .into_iter()
            .next()
            .flatten()
            .unwrap()
    }

    #[test]
    fn scalars_stay_strings() {
        let n = one("- items: [no, on, 1e3, 0x10, ~, 'yes', true]\n");
        let items = n.as_seq().unwrap()[0]
            .get("items")
            .unwrap()
            .as_seq()
            .unwrap();
        let v: Vec<&str> = items.iter().map(|i| i.as_scalar().unwrap()).collect();
        assert_eq!(v, ["no", "on", "1e3", "0x10", "~", "yes", "true"]);
        assert!(items[4].is_null());
        assert!(!items[5].is_null());
    }

    #[test]
    fn positions_are_bytes_and_chars() {
        let text = "- list: é\n  items: [ä, b]\n";
        let n = one(text);
        let items = n.as_seq().unwrap()[0]
            .get("items")
            .unwrap()
            .as_seq()
            .unwrap();
        assert_eq!(items[1].pos.line, 2);
        assert_eq!(items[1].pos.column, 14);
        assert_eq!(&text[items[1].pos.offset..items[1].pos.offset + 1], "b");
    }

    #[test]
    fn depth_is_capped() {
        let text = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(matches!(
            parse_documents(&text),
            Err(YamlError::TooDeep { .. })
        ));
        let text = "- a:\n  - b: [{c: [[d]]}]\n";
        assert!(parse_documents(text).is_ok());
        // Unterminated deep nesting is an error, not a stack overflow.
        assert!(parse_documents(&"[".repeat(100_000)).is_err());
        assert!(parse_documents(&"{a: ".repeat(100_000)).is_err());
    }

    #[test]
    fn billion_laughs_is_an_error() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(matches!(
            parse_documents(&text),
            Err(YamlError::TooManyNodes { .. })
        ));
    }

    #[test]
    fn aliases_expand() {
        let n = one("- &x {list: a, items: [b]}\n- *x\n");
        let s = n.as_seq().unwrap();
        assert_eq!(s[0], s[1]);
    }

    #[test]
    fn multi_document_and_empty() {
        let d = parse_documents("- a\n---\n---\n- b\n").unwrap();
        assert_eq!(d.len(), 3);
        assert!(d[1].is_none() || d[1].as_ref().unwrap().is_null());
    }

    #[test]
    fn syntax_error_has_position() {
        let e = parse_documents("- a: [b\n- c: d\n").unwrap_err();
        assert!(e.pos().is_some());
        let e = parse_documents("- a: \"unterminated\n").unwrap_err();
        assert!(matches!(e, YamlError::Syntax { .. }));
    }

    #[test]
    fn flow_closer_at_parent_indentation_is_accepted() {
        let text = "- list: l\n  items: [\n    \"a\",\n    b\n  ]\n\n- list: m\n  items: [c]\n";
        let docs = parse_documents(text).unwrap();
        let seq = docs[0].as_ref().unwrap().as_seq().unwrap().to_vec();
        let items = seq[0].get("items").unwrap().as_seq().unwrap();
        assert_eq!(items.len(), 2);
        // Positions after the re-indented line are those of the original text.
        let c = &seq[1].get("items").unwrap().as_seq().unwrap()[0];
        assert_eq!(&text[c.pos.offset..c.pos.offset + 1], "c");
        assert_eq!((c.pos.line, c.pos.column), (8, 11));
    }

    #[test]
    fn invalid_utf8_has_position() {
        let e = decode_text(b"- a\n- b\xff\n").unwrap_err();
        assert_eq!(
            e.pos(),
            Some(Pos {
                line: 2,
                column: 4,
                offset: 7
            })
        );
    }
}

//! Mapping positions inside condition text back to file line:column.
//!
//! Place in the data flow: condition parse/compile errors (offsets into the text the parser got)
//! → **locate** → [`Diagnostic`](crate::diag::Diagnostic) locations.
//!
//! A condition is made of one YAML scalar per definition/append. The scalar value differs from
//! the file text (indentation and line folding removed, quotes stripped), so the value is aligned
//! with the source line by line: runs of identical text are paired up, and whitespace between
//! runs (folded line breaks, indentation) is skipped on both sides. This is exact for plain,
//! literal (`|`) and folded (`>`) scalars and for quoted scalars without escapes; when alignment
//! fails the scalar's own position is returned with `exact = false`.

use super::collector::{ScalarOrigin, TextOrigin};
use super::yaml::ScalarStyle;
use crate::diag::{Location, SourceMap};

/// A mapped position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The position in the file.
    pub location: Location,
    /// True when `location` is the exact character; false when it is the scalar's start.
    pub exact: bool,
}

/// Most aligned runs per scalar (a scalar has at most one run per source line plus escapes).
const MAX_RUNS: usize = 100_000;

/// Maps `offset` in `text` (a condition built from `origin`'s scalars) to the file.
pub fn locate(
    sources: &SourceMap,
    origin: &TextOrigin,
    text: &str,
    offset: usize,
) -> Option<Located> {
    let (piece_start, scalar) = origin.piece_at(offset)?;
    let piece_end = origin
        .pieces
        .iter()
        .find(|(s, _)| *s > piece_start)
        .map_or(text.len(), |(s, _)| s.saturating_sub(1))
        .min(text.len());
    let piece = text.as_bytes().get(piece_start..piece_end)?;
    let k = offset.saturating_sub(piece_start);
    let inexact = Located {
        location: scalar.location.clone(),
        exact: false,
    };
    let Some(src) = sources.get(&scalar.location.file) else {
        return Some(inexact);
    };
    match align(src, scalar, piece, k) {
        Some(off) => Some(Located {
            location: location_at(src, &scalar.location.file, off),
            exact: true,
        }),
        None => Some(inexact),
    }
}

fn content_start(src: &[u8], scalar: &ScalarOrigin) -> usize {
    let start = scalar.location.offset.min(src.len());
    match scalar.style {
        ScalarStyle::Plain => start,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => (start + 1).min(src.len()),
        // yaml-rust2 marks block scalars at their first content character.
        ScalarStyle::Literal | ScalarStyle::Folded => start,
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Source byte offset of byte `k` of `piece`, or `None` when the value cannot be aligned.
fn align(src: &[u8], scalar: &ScalarOrigin, piece: &[u8], k: usize) -> Option<usize> {
    let mut t = 0;
    let mut s = content_start(src, scalar);
    let mut last: Option<(usize, usize, usize)> = None;
    for _ in 0..MAX_RUNS {
        while t < piece.len() && is_ws(piece[t]) {
            t += 1;
        }
        if t >= piece.len() {
            break;
        }
        while s < src.len() && is_ws(src[s]) {
            s += 1;
        }
        if k < t {
            // `k` is on whitespace the source does not have verbatim: point at the next run.
            return Some(s.min(src.len()));
        }
        let mut run = 0;
        while t + run < piece.len()
            && s + run < src.len()
            && piece[t + run] == src[s + run]
            && src[s + run] != b'\n'
        {
            run += 1;
        }
        if run == 0 {
            return None;
        }
        if k < t + run {
            return Some(s + (k - t));
        }
        last = Some((t, s, run));
        t += run;
        s += run;
        let text_ws = t >= piece.len() || is_ws(piece[t]);
        let src_ws = s >= src.len() || is_ws(src[s]);
        if !text_ws || !src_ws {
            if text_ws && !src_ws && t >= piece.len() {
                break;
            }
            return None;
        }
    }
    let (t0, s0, run) = last?;
    // Past the last run (an error at the end of the text): just after it.
    Some((s0 + run + k.saturating_sub(t0 + run)).min(s0 + run))
}

/// Line/column of a byte offset.
pub fn location_at(src: &[u8], file: &std::sync::Arc<str>, offset: usize) -> Location {
    let offset = offset.min(src.len());
    let before = &src[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&src[line_start..offset])
        .chars()
        .count()
        + 1;
    Location {
        file: file.clone(),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        offset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::yaml::parse_documents;

    fn origin_for(src: &str, key: &str) -> (TextOrigin, String) {
        let doc = parse_documents(src).unwrap().remove(0).unwrap();
        let item = &doc.as_seq().unwrap()[0];
        let node = item.get(key).unwrap();
        let style = match &node.kind {
            crate::rules::yaml::NodeKind::Scalar { style, .. } => *style,
            _ => unreachable!(),
        };
        let loc = Location {
            file: "f".into(),
            line: node.pos.line,
            column: node.pos.column,
            offset: node.pos.offset,
        };
        (
            TextOrigin::single(ScalarOrigin {
                location: loc,
                style,
            }),
            node.as_scalar().unwrap().to_string(),
        )
    }

    fn check(src: &str, needle: &str) -> Location {
        let mut sm = SourceMap::new();
        sm.insert("f".into(), src.as_bytes().into());
        let (o, text) = origin_for(src, "condition");
        let off = text.find(needle).unwrap();
        let l = locate(&sm, &o, &text, off).unwrap();
        assert!(l.exact, "{src}");
        assert_eq!(
            &src[l.location.offset..l.location.offset + needle.len()],
            needle
        );
        l.location
    }

    #[test]
    fn plain_single_line() {
        let l = check("- rule: r\n  condition: proc.name = x y\n", "y");
        assert_eq!((l.line, l.column), (2, 28));
    }

    #[test]
    fn literal_block() {
        let l = check(
            "- macro: m\n  condition: |\n    a and\n      b = c zz\n",
            "zz",
        );
        assert_eq!((l.line, l.column), (4, 13));
    }

    #[test]
    fn folded_block_and_plain_multiline() {
        check(
            "- macro: m\n  condition: >\n    (a and\n    b) or\n    qq\n",
            "qq",
        );
        check("- macro: m\n  condition: a and\n    b or\n    qq\n", "qq");
    }

    #[test]
    fn quoted_without_escapes() {
        check("- macro: m\n  condition: \"a and qq\"\n", "qq");
    }

    #[test]
    fn escapes_fall_back_to_scalar_start() {
        let src = "- macro: m\n  condition: \"a \\t and qq\"\n";
        let mut sm = SourceMap::new();
        sm.insert("f".into(), src.as_bytes().into());
        let (o, text) = origin_for(src, "condition");
        let l = locate(&sm, &o, &text, text.find("qq").unwrap()).unwrap();
        assert!(!l.exact);
        assert_eq!(l.location.line, 2);
    }
}

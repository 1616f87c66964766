//! Lists: one-level splicing of list references and textual substitution into conditions.
//!
//! Place in the data flow: `collector` (raw lists) → **`compile_lists`** → **`substitute_lists`**
//! on every macro and rule condition string → condition parser.
//!
//! Falco substitutes lists as *text* before parsing (`resolve_list` in
//! `rule_loader_compiler.cpp`); the quirks of that algorithm are part of the language and are
//! reproduced exactly: the delimiter set, widening over blanks, quoting of items that contain a
//! space, an empty list swallowing one comma, one blank on each side of the replacement.

use super::collector::{Indexed, ListInfo};

/// A list after splicing referenced lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompiledList {
    /// Name.
    pub name: String,
    /// Items with visible list references replaced by those lists' raw items (one level).
    pub items: Vec<String>,
    /// Names of the lists spliced into this one.
    pub references: Vec<String>,
}

/// Longest condition text substitution may produce; beyond it substitution stops with an error
/// (lists whose items name other lists can otherwise grow text exponentially).
pub const MAX_SUBSTITUTED_LEN: usize = 16 << 20;

/// Compiles every list in definition order: an item naming a list whose first definition comes
/// before this list's latest modification is replaced by that list's raw items.
pub fn compile_lists(lists: &Indexed<ListInfo>) -> Vec<CompiledList> {
    let mut out = Vec::with_capacity(lists.len());
    for list in lists.iter() {
        let mut items = Vec::with_capacity(list.items.len());
        let mut references = Vec::new();
        for item in &list.items {
            match lists.get(item) {
                Some(r) if r.index < list.visibility => {
                    references.push(r.name.clone());
                    items.extend(r.items.iter().cloned());
                }
                _ => items.push(item.clone()),
            }
        }
        out.push(CompiledList {
            name: list.name.clone(),
            items,
            references,
        });
    }
    out
}

/// Substitution grew the text beyond [`MAX_SUBSTITUTED_LEN`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("condition grows beyond {max} bytes after list substitution (at list '{list}')")]
pub struct SubstitutionTooLong {
    /// The list being substituted when the limit was hit.
    pub list: String,
    /// The limit.
    pub max: usize,
}

/// The result of substituting lists into a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substituted {
    /// The new text.
    pub text: String,
    /// Indices (into the slice given) of the lists that were substituted.
    pub used: Vec<usize>,
}

const BLANKS: &[u8] = b" \t\n\r";
const DELIMS: &[u8] = b" \t\n\r(),=";

fn quote_item(item: &str) -> String {
    if item.contains(' ') && !item.starts_with('"') && !item.starts_with('\'') {
        format!("\"{item}\"")
    } else {
        item.to_string()
    }
}

fn find_bytes(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Substitutes every list, in order, into `text` (Falco's `resolve_list` applied for each list).
pub fn substitute_lists(
    text: &str,
    lists: &[CompiledList],
) -> Result<Substituted, SubstitutionTooLong> {
    let mut cur = text.as_bytes().to_vec();
    let mut used = Vec::new();
    for (i, list) in lists.iter().enumerate() {
        if resolve_list(&mut cur, list, None)? {
            used.push(i);
        }
    }
    Ok(Substituted {
        text: bytes_to_string(cur),
        used,
    })
}

/// Like [`substitute_lists`], also returning for every byte of the result the byte offset in
/// `text` it came from (inserted text maps to the start of the list name it replaced).
pub fn substitute_lists_tracked(
    text: &str,
    lists: &[CompiledList],
) -> Result<(String, Vec<usize>), SubstitutionTooLong> {
    let mut cur = text.as_bytes().to_vec();
    let mut origin: Vec<usize> = (0..cur.len()).collect();
    for list in lists {
        resolve_list(&mut cur, list, Some(&mut origin))?;
    }
    Ok((bytes_to_string(cur), origin))
}

fn bytes_to_string(b: Vec<u8>) -> String {
    // Replacements happen at occurrences of a UTF-8 name inside UTF-8 text, which always lie on
    // character boundaries, so this never loses anything.
    String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// One pass of Falco's `resolve_list` for one list, in linear time: the text before the search
/// position lives in `out` (so widening over blanks and swallowing a comma pop from it), the
/// rest is read from `input`. The search positions are exactly Falco's, including its quirk of
/// not looking for the name at the first byte after a replacement made at the very start.
fn resolve_list(
    cnd: &mut Vec<u8>,
    list: &CompiledList,
    origin: Option<&mut Vec<usize>>,
) -> Result<bool, SubstitutionTooLong> {
    let name = list.name.as_bytes();
    let Some(first) = find_bytes(cnd, name, 0) else {
        return Ok(false);
    };
    let input = std::mem::take(cnd);
    let in_origin = origin.as_ref().map(|o| o.to_vec());
    let mut out: Vec<u8> = Vec::with_capacity(input.len());
    let mut out_origin: Vec<usize> = Vec::new();
    let track = in_origin.is_some();
    let mut rest = 0;
    let mut used = false;
    let mut sub: Option<Vec<u8>> = None;
    let mut found = Some(first);
    while let Some(at) = found {
        out.extend_from_slice(&input[rest..at]);
        if let Some(o) = &in_origin {
            out_origin.extend_from_slice(&o[rest..at]);
        }
        rest = at;
        let mut end = at + name.len();
        let before_ok = out.last().is_none_or(|b| DELIMS.contains(b));
        let after_ok = end >= input.len() || DELIMS.contains(&input[end]);
        if !(before_ok && after_ok) {
            // Falco resumes the search one byte further.
            out.push(input[rest]);
            if let Some(o) = &in_origin {
                out_origin.push(o[rest]);
            }
            rest += 1;
            found = find_bytes(&input, name, rest);
            continue;
        }
        while out.last().is_some_and(|b| BLANKS.contains(b)) {
            out.pop();
            out_origin.pop();
        }
        while end < input.len() && BLANKS.contains(&input[end]) {
            end += 1;
        }
        let sub = sub.get_or_insert_with(|| {
            list.items
                .iter()
                .map(|i| quote_item(i))
                .collect::<Vec<_>>()
                .join(", ")
                .into_bytes()
        });
        if sub.is_empty() {
            if out.last() == Some(&b',') {
                out.pop();
                out_origin.pop();
            } else if end < input.len() && input[end] == b',' {
                end += 1;
            }
        }
        let at_start = out.is_empty();
        let new_len = out.len() + sub.len() + 2 + (input.len() - end);
        if new_len > MAX_SUBSTITUTED_LEN {
            return Err(SubstitutionTooLong {
                list: list.name.clone(),
                max: MAX_SUBSTITUTED_LEN,
            });
        }
        let o_at = in_origin
            .as_ref()
            .map_or(0, |o| o.get(at).copied().unwrap_or(0));
        let added = sub.len() + if at_start { 1 } else { 2 };
        if !at_start {
            out.push(b' ');
        }
        out.extend_from_slice(sub);
        out.push(b' ');
        if track {
            out_origin.extend(std::iter::repeat_n(o_at, added));
        }
        used = true;
        rest = end;
        if at_start && rest < input.len() {
            // Falco resumes at `start + sub.len() + 2`, one byte into the remaining text when
            // the replacement was at the very beginning.
            out.push(input[rest]);
            if let Some(o) = &in_origin {
                out_origin.push(o[rest]);
            }
            rest += 1;
        }
        found = find_bytes(&input, name, rest);
    }
    out.extend_from_slice(&input[rest..]);
    if let Some(o) = &in_origin {
        out_origin.extend_from_slice(&o[rest..]);
    }
    *cnd = out;
    if let Some(o) = origin {
        *o = out_origin;
    }
    Ok(used)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(name: &str, items: &[&str]) -> CompiledList {
        CompiledList {
            name: name.into(),
            items: items.iter().map(|s| s.to_string()).collect(),
            references: vec![],
        }
    }

    fn sub(text: &str, lists: &[CompiledList]) -> String {
        substitute_lists(text, lists).unwrap().text
    }

    #[test]
    fn substitutes_in_parentheses() {
        let ls = [l("shell_binaries", &["ash", "bash"])];
        assert_eq!(
            sub("proc.name in (shell_binaries)", &ls),
            "proc.name in ( ash, bash )"
        );
    }

    #[test]
    fn mixes_lists_and_literals() {
        let ls = [l("a", &["x"]), l("b", &["y", "z w"])];
        assert_eq!(
            sub("p in (a, b, sshd)", &ls),
            "p in ( x , y, \"z w\" , sshd)"
        );
    }

    #[test]
    fn empty_list_swallows_a_comma() {
        let ls = [l("e", &[])];
        assert_eq!(sub("p in (e, x)", &ls), "p in (   x)");
        assert_eq!(sub("p in (x, e)", &ls), "p in (x  )");
        assert_eq!(sub("p in (e)", &ls), "p in (  )");
    }

    #[test]
    fn bare_use_and_delimiters() {
        let ls = [l("cat_binaries", &["cat"])];
        assert_eq!(sub("proc.name=cat_binaries", &ls), "proc.name= cat ");
        assert_eq!(
            sub("proc.name=cat_binariesx", &ls),
            "proc.name=cat_binariesx"
        );
        assert_eq!(sub("\"a cat_binaries b\"", &ls), "\"a cat b\"");
        assert_eq!(sub("cat_binaries", &ls), "cat ");
    }

    #[test]
    fn quoted_items_are_not_requoted() {
        let ls = [l("q", &["'a b'", "\"c d\"", "e f"])];
        assert_eq!(sub("x in (q)", &ls), "x in ( 'a b', \"c d\", \"e f\" )");
    }

    #[test]
    fn replacement_at_start_skips_one_byte_like_falco() {
        let ls = [l("x", &["a"])];
        assert_eq!(sub("x x", &ls), "a x");
        assert_eq!(sub("(x x", &ls), "( a a ");
    }

    #[test]
    fn self_reference_terminates() {
        let ls = [l("a", &["a", "a"])];
        assert_eq!(sub("x in (a)", &ls), "x in ( a, a )");
    }

    #[test]
    fn exponential_growth_is_capped() {
        let items: Vec<String> = vec!["b".to_string(); 100];
        let items2: Vec<String> = vec!["c".to_string(); 100];
        let items3: Vec<String> = vec!["d".to_string(); 100];
        let items4: Vec<String> = vec!["e".to_string(); 100];
        let ls = [
            CompiledList {
                name: "a".into(),
                items,
                references: vec![],
            },
            CompiledList {
                name: "b".into(),
                items: items2,
                references: vec![],
            },
            CompiledList {
                name: "c".into(),
                items: items3,
                references: vec![],
            },
            CompiledList {
                name: "d".into(),
                items: items4,
                references: vec![],
            },
        ];
        assert!(substitute_lists("x in (a)", &ls).is_err());
    }

    #[test]
    fn tracking_maps_back() {
        let ls = [l("bins", &["ash", "bash"])];
        let (t, o) = substitute_lists_tracked("p in (bins) and q", &ls).unwrap();
        assert_eq!(t, "p in ( ash, bash ) and q");
        assert_eq!(o.len(), t.len());
        assert_eq!(o[t.find("ash").unwrap()], 6);
        assert_eq!(o[t.find("and").unwrap()], "p in (bins) ".len());
    }

    #[test]
    fn compile_splices_one_level_with_visibility() {
        let mut c = crate::rules::collector::Collector::new();
        let loc = crate::diag::Location {
            file: "f".into(),
            line: 1,
            column: 1,
            offset: 0,
        };
        let mk = |n: &str, items: &[&str]| ListInfo {
            name: n.into(),
            items: items.iter().map(|s| s.to_string()).collect(),
            location: loc.clone(),
            index: 0,
            visibility: 0,
        };
        c.define_list(mk("later_ref", &["b"]));
        c.define_list(mk("a", &["x"]));
        c.define_list(mk("b", &["a", "y"]));
        c.define_list(mk("later_ref", &["b", "z"]));
        let out = compile_lists(&c.lists);
        // 'later_ref' was redefined after 'b' existed: visible; the nested 'a' is not expanded.
        assert_eq!(out[0].items, ["a", "y", "z"]);
        assert_eq!(out[2].items, ["x", "y"]);
    }
}

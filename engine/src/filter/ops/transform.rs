//! Transformer functions applied to extracted values: `tolower`, `toupper`, `b64`, `basename`,
//! `len`, `concat`, `join` and `getopt`.
//!
//! Place in the data flow: the evaluator applies these per event between extraction and
//! comparison. Each writes into a caller-owned buffer (`Vec<u8>` or [`ByteList`]) that is
//! cleared first and reused across events, so nothing allocates once the buffer has grown.
//!
//! Like libsinsp, single-value transformers first drop trailing NUL bytes of their input, and
//! `concat`/`join` take each part as a C string (up to its first NUL).

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

use super::text::c_str;

fn trim_trailing_nuls(mut input: &[u8]) -> &[u8] {
    while let [rest @ .., 0] = input {
        input = rest;
    }
    input
}

/// `tolower`: ASCII letters to lower case, other bytes unchanged.
pub fn to_lower(input: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.extend(trim_trailing_nuls(input).iter().map(u8::to_ascii_lowercase));
}

/// `toupper`: ASCII letters to upper case, other bytes unchanged.
pub fn to_upper(input: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.extend(trim_trailing_nuls(input).iter().map(u8::to_ascii_uppercase));
}

/// Standard alphabet, no padding expected (trailing `=` are stripped before decoding), and
/// non-zero trailing bits refused, as libsinsp's decoder does.
const B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

/// `b64`: decodes standard base64 into `out`. Returns false (the value is then missing) on any
/// invalid input; `out` is left empty in that case.
///
/// Up to two trailing `=` are ignored whatever the length (`QQ`, `QQ=` and `QQ==` all decode to
/// `A`); white space is not allowed; the empty string decodes to the empty value.
pub fn b64_decode(input: &[u8], out: &mut Vec<u8>) -> bool {
    out.clear();
    let mut data = trim_trailing_nuls(input);
    for _ in 0..2 {
        if let [rest @ .., b'='] = data {
            data = rest;
        }
    }
    if data.is_empty() {
        // Only `=`/`==` (invalid) or nothing at all (valid, empty).
        return trim_trailing_nuls(input).is_empty();
    }
    if B64.decode_vec(data, out).is_err() {
        out.clear();
        return false;
    }
    true
}

/// `basename`: the part after the last `/` (the whole value if there is none, empty if the
/// value ends with `/`). Borrowed from the input; see [`basename_into`] for a copy.
pub fn basename(input: &[u8]) -> &[u8] {
    let input = trim_trailing_nuls(input);
    match memchr::memrchr(b'/', input) {
        Some(slash) => &input[slash + 1..],
        None => input,
    }
}

/// [`basename`] copied into `out`.
pub fn basename_into(input: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(basename(input));
}

/// `len` of a string value: bytes before the first NUL (`strnlen`).
pub fn len_str(input: &[u8]) -> u64 {
    c_str(input).len() as u64
}

/// `len` of a byte buffer: its full length.
pub fn len_bytes(input: &[u8]) -> u64 {
    input.len() as u64
}

/// `concat(a, b, ...)`: the parts one after the other, each up to its first NUL.
pub fn concat<'a, I>(parts: I, out: &mut Vec<u8>)
where
    I: IntoIterator<Item = &'a [u8]>,
{
    out.clear();
    for part in parts {
        out.extend_from_slice(c_str(part));
    }
}

/// `join(sep, list)`: the list's elements (each up to its first NUL) separated by `sep`
/// (used as given). An empty list gives the empty string.
pub fn join<'a, I>(sep: &[u8], parts: I, out: &mut Vec<u8>)
where
    I: IntoIterator<Item = &'a [u8]>,
{
    out.clear();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(sep);
        }
        out.extend_from_slice(c_str(part));
    }
}

/// A reusable list of byte strings stored back to back (the output of list transformers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ByteList {
    data: Vec<u8>,
    ends: Vec<usize>,
}

impl ByteList {
    /// An empty list.
    pub fn new() -> ByteList {
        ByteList::default()
    }

    /// Empties the list, keeping its capacity.
    pub fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
    }

    /// Appends one element.
    pub fn push(&mut self, item: &[u8]) {
        self.data.extend_from_slice(item);
        self.ends.push(self.data.len());
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The element at `index`.
    pub fn get(&self, index: usize) -> Option<&[u8]> {
        let end = *self.ends.get(index)?;
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        self.data.get(start..end)
    }

    /// The elements in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// A compiled `getopt(args, "optstring")` option string.
///
/// Scanning follows libsinsp (≥ 0.25): stop at `--` or at the first non-option argument (an
/// empty string, `-`, or anything not starting with `-`); skip long options (`--name`); split
/// short-option clusters (`-nt`); an option taking an argument uses the rest of its token
/// (`-tvalue`) or the next argument (`-t value`); a missing argument yields the empty string.
/// The optstring's leading `:` and `::` (optional argument) get no special meaning beyond
/// marking the option as taking an argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetoptSpec {
    valid: [bool; 256],
    takes_arg: [bool; 256],
}

impl GetoptSpec {
    /// Compiles an optstring such as `"nt:"`.
    pub fn new(optstring: &[u8]) -> GetoptSpec {
        let mut spec = GetoptSpec {
            valid: [false; 256],
            takes_arg: [false; 256],
        };
        let body = optstring.strip_prefix(b":").unwrap_or(optstring);
        let mut i = 0;
        while i < body.len() {
            let opt = body[i];
            if opt != b':' {
                spec.valid[usize::from(opt)] = true;
                if body.get(i + 1) == Some(&b':') {
                    spec.takes_arg[usize::from(opt)] = true;
                    i += 1;
                }
            }
            i += 1;
        }
        spec
    }

    /// Walks `args` and reports every option met, in order.
    fn scan<'a>(&self, args: &[&'a [u8]], mut emit: impl FnMut(OptEvent<'a>)) {
        let mut idx = 0;
        while idx < args.len() {
            let arg = args[idx];
            if arg == b"--" {
                break;
            }
            if arg.len() > 2 && arg.starts_with(b"--") {
                idx += 1;
                continue;
            }
            if arg.len() < 2 || arg[0] != b'-' {
                break;
            }
            for i in 1..arg.len() {
                let opt = arg[i];
                if opt == b':' || !self.valid[usize::from(opt)] {
                    emit(OptEvent::Unknown);
                    continue;
                }
                if !self.takes_arg[usize::from(opt)] {
                    emit(OptEvent::Flag(opt));
                    continue;
                }
                if i + 1 < arg.len() {
                    emit(OptEvent::WithArg(opt, &arg[i + 1..]));
                } else if idx + 1 < args.len() {
                    idx += 1;
                    emit(OptEvent::WithArg(opt, args[idx]));
                } else {
                    emit(OptEvent::MissingArg(opt));
                }
                break;
            }
            idx += 1;
        }
    }

    /// `getopt(args, optstring)`: the option stream as a list: each option character, followed
    /// by its argument for options that take one; `"?"` for an unknown option; a missing
    /// argument gives only `""` (without the option character).
    pub fn options(&self, args: &[&[u8]], out: &mut ByteList) {
        out.clear();
        self.scan(args, |event| match event {
            OptEvent::Unknown => out.push(b"?"),
            OptEvent::Flag(opt) => out.push(&[opt]),
            OptEvent::WithArg(opt, value) => {
                out.push(&[opt]);
                out.push(value);
            }
            OptEvent::MissingArg(_) => out.push(b""),
        });
    }

    /// `getopt(args, optstring)[o]`: the value of the last occurrence of option `opt` (its
    /// argument, or the option character itself for an option without argument, or `""` if the
    /// argument is missing). Returns false (no value) if `opt` does not occur.
    pub fn select(&self, args: &[&[u8]], opt: u8, out: &mut Vec<u8>) -> bool {
        out.clear();
        let mut found = false;
        self.scan(args, |event| {
            let value: &[u8] = match event {
                OptEvent::Flag(o) if o == opt => &[],
                OptEvent::WithArg(o, v) if o == opt => v,
                OptEvent::MissingArg(o) if o == opt => b"",
                _ => return,
            };
            found = true;
            out.clear();
            if value.is_empty() && matches!(event, OptEvent::Flag(_)) {
                out.push(opt);
            } else {
                out.extend_from_slice(value);
            }
        });
        found
    }
}

/// One step of a `getopt` scan.
#[derive(Debug, Clone, Copy)]
enum OptEvent<'a> {
    /// An option character the optstring does not list.
    Unknown,
    /// An option without argument.
    Flag(u8),
    /// An option and its argument.
    WithArg(u8, &'a [u8]),
    /// An option whose argument is missing (end of the argument list).
    MissingArg(u8),
}

//! The description of a cache entry: a line format saying which library holds the code and
//! how to call it, sealed by a SHA-256 of its text (and, with a key, an HMAC-SHA256).

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::trust::{self, Distrust};
use super::{hex, FORMAT};
use crate::call::{DType, Layout, ParamKind, RaiseSite, ResultKind, ScalarKind};

/// The text file of an entry: its library and how to call its code.
pub(super) struct Description {
    pub(super) library: String,
    /// SHA-256 of the library's bytes.
    pub(super) digest: String,
    pub(super) parallel: bool,
    pub(super) params: Vec<ParamKind>,
    pub(super) results: Vec<ResultKind>,
    pub(super) raise_sites: Vec<RaiseSite>,
    pub(super) extra: String,
}

const SCALARS: [(ScalarKind, &str); 11] = [
    (ScalarKind::I64, "i64"),
    (ScalarKind::I32, "i32"),
    (ScalarKind::I16, "i16"),
    (ScalarKind::I8, "i8"),
    (ScalarKind::U8, "u8"),
    (ScalarKind::U16, "u16"),
    (ScalarKind::U32, "u32"),
    (ScalarKind::U64, "u64"),
    (ScalarKind::F64, "f64"),
    (ScalarKind::F32, "f32"),
    (ScalarKind::Bool, "bool"),
];
const DTYPES: [DType; 11] = [
    DType::F64,
    DType::F32,
    DType::I64,
    DType::I32,
    DType::I16,
    DType::I8,
    DType::U8,
    DType::U16,
    DType::U32,
    DType::U64,
    DType::Bool,
];
const LAYOUTS: [(Layout, &str); 3] = [(Layout::C, "C"), (Layout::F, "F"), (Layout::A, "A")];

fn scalar_name(k: ScalarKind) -> &'static str {
    SCALARS.iter().find(|(s, _)| *s == k).expect("listed").1
}
fn layout_name(l: Layout) -> &'static str {
    LAYOUTS.iter().find(|(s, _)| *s == l).expect("listed").1
}

/// `%`, tab and newline percent-encoded: a field fits in a tab-separated line.
fn escape(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\t', "%09")
        .replace('\n', "%0A")
}
fn unescape(s: &str) -> String {
    s.replace("%0A", "\n")
        .replace("%09", "\t")
        .replace("%25", "%")
}

/// One `param` line; a tuple's is followed by its items' lines.
fn print_param(p: &ParamKind, out: &mut String) {
    let _ = match p {
        ParamKind::Scalar(k) => writeln!(out, "param\tscalar\t{}", scalar_name(*k)),
        ParamKind::Array {
            dtype,
            rank,
            layout,
        } => writeln!(
            out,
            "param\tarray\t{}\t{rank}\t{}",
            dtype.name(),
            layout_name(*layout)
        ),
        ParamKind::Tuple(items) => {
            let _ = writeln!(out, "param\ttuple\t{}", items.len());
            items.iter().for_each(|item| print_param(item, out));
            Ok(())
        }
    };
}

/// A `param` line as read: a parameter, or the header of a tuple whose items follow.
enum ParamLine {
    Leaf(ParamKind),
    Tuple(usize),
}

/// The parameter starting at the next line (a tuple takes its items' lines).
fn nest_params(lines: &mut impl Iterator<Item = ParamLine>) -> Option<ParamKind> {
    match lines.next()? {
        ParamLine::Leaf(p) => Some(p),
        ParamLine::Tuple(n) => (0..n)
            .map(|_| nest_params(lines))
            .collect::<Option<Vec<_>>>()
            .map(ParamKind::Tuple),
    }
}

impl Description {
    fn print(&self) -> String {
        let mut out = format!(
            "{FORMAT}\nlibrary\t{}\nsha256\t{}\nparallel\t{}\n",
            self.library, self.digest, self.parallel
        );
        for p in &self.params {
            print_param(p, &mut out);
        }
        for r in &self.results {
            let _ = match r {
                ResultKind::Scalar(k) => writeln!(out, "result\tscalar\t{}", scalar_name(*k)),
                ResultKind::Array { dtype, rank } => {
                    writeln!(out, "result\tarray\t{}\t{rank}", dtype.name())
                }
            };
        }
        for (kind, message, location) in &self.raise_sites {
            let _ = writeln!(
                out,
                "raise\t{}\t{}\t{}",
                escape(kind),
                escape(message),
                escape(location)
            );
        }
        let _ = writeln!(out, "extra\t{}", escape(&self.extra));
        out
    }

    /// The body [`Description::print`] printed; `None` for anything else.
    fn parse(text: &str) -> Option<Self> {
        let mut lines = text.lines();
        if lines.next()? != FORMAT {
            return None;
        }
        let mut d = Description {
            library: String::new(),
            digest: String::new(),
            parallel: false,
            params: vec![],
            results: vec![],
            raise_sites: vec![],
            extra: String::new(),
        };
        let scalar = |name: &str| SCALARS.iter().find(|(_, n)| *n == name).map(|(k, _)| *k);
        let dtype = |name: &str| DTYPES.iter().copied().find(|t| t.name() == name);
        let layout = |name: &str| LAYOUTS.iter().find(|(_, n)| *n == name).map(|(l, _)| *l);
        let mut param_lines = vec![];
        for line in lines {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                ["library", name] => d.library = name.to_string(),
                ["sha256", digest] => d.digest = digest.to_string(),
                ["parallel", flag] => d.parallel = flag.parse().ok()?,
                ["param", "scalar", k] => {
                    param_lines.push(ParamLine::Leaf(ParamKind::Scalar(scalar(k)?)))
                }
                ["param", "array", t, rank, l] => {
                    param_lines.push(ParamLine::Leaf(ParamKind::Array {
                        dtype: dtype(t)?,
                        rank: rank.parse().ok()?,
                        layout: layout(l)?,
                    }))
                }
                ["param", "tuple", n] => param_lines.push(ParamLine::Tuple(n.parse().ok()?)),
                ["result", "scalar", k] => d.results.push(ResultKind::Scalar(scalar(k)?)),
                ["result", "array", t, rank] => d.results.push(ResultKind::Array {
                    dtype: dtype(t)?,
                    rank: rank.parse().ok()?,
                }),
                ["raise", kind, message, location] => {
                    d.raise_sites
                        .push((unescape(kind), unescape(message), unescape(location)))
                }
                ["extra", extra] => d.extra = unescape(extra),
                _ => return None,
            }
        }
        let mut param_lines = param_lines.into_iter().peekable();
        while param_lines.peek().is_some() {
            d.params.push(nest_params(&mut param_lines)?);
        }
        // A library name is a file name in the cache directory, nothing else.
        let plain_name = !d.library.is_empty() && !d.library.contains(['/', '\\']);
        plain_name.then_some(d)
    }

    /// The description as text: its body, a `seal` line (the SHA-256 of the body), with `key`
    /// a `mac` line (the body's HMAC-SHA256 under it), and `end`.
    pub(super) fn seal(&self, key: Option<&[u8]>) -> String {
        let mut text = self.print();
        let seal = hex(&Sha256::digest(text.as_bytes()));
        let mac = key.map(|key| trust::mac(key, text.as_bytes()));
        let _ = writeln!(text, "seal\t{seal}");
        if let Some(mac) = mac {
            let _ = writeln!(text, "mac\t{mac}");
        }
        text.push_str("end\n");
        text
    }

    /// The description sealed in `text`, if intact (its body matches its seal) and, with
    /// `key`, sealed under that key.
    pub(super) fn open(text: &str, key: Option<&[u8]>) -> Result<Self, Distrust> {
        let unreadable = || {
            Distrust::new(
                "format",
                "its description is incomplete or not in this version's format",
            )
        };
        let at = text.find("\nseal\t").ok_or_else(unreadable)? + 1;
        let (body, trailer) = text.split_at(at);
        let mut lines = trailer.split_terminator('\n');
        let seal = lines.next().and_then(|l| l.strip_prefix("seal\t"));
        let mut last = lines.next();
        let mac = last.and_then(|l| l.strip_prefix("mac\t"));
        if mac.is_some() {
            last = lines.next();
        }
        let (Some(seal), Some("end"), None, true) =
            (seal, last, lines.next(), trailer.ends_with('\n'))
        else {
            return Err(unreadable());
        };
        if hex(&Sha256::digest(body.as_bytes())) != seal {
            return Err(Distrust::new(
                "seal",
                "its description does not match its seal (edited or corrupted)",
            ));
        }
        match (key, mac) {
            (Some(_), None) => {
                return Err(Distrust::new(
                    "no mac",
                    "it has no MAC, and BLACKBIRD_CACHE_KEY requires one",
                ))
            }
            (Some(key), Some(mac)) if !trust::mac_matches(key, body.as_bytes(), mac) => {
                return Err(Distrust::new(
                    "mac",
                    "its MAC does not match BLACKBIRD_CACHE_KEY",
                ))
            }
            _ => {}
        }
        Self::parse(body).ok_or_else(unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn description() -> Description {
        Description {
            library: "k.0123.so".into(),
            digest: "ab".repeat(32),
            parallel: true,
            params: vec![
                ParamKind::Scalar(ScalarKind::U8),
                ParamKind::Array {
                    dtype: DType::F32,
                    rank: 2,
                    layout: Layout::F,
                },
                ParamKind::Tuple(vec![
                    ParamKind::Scalar(ScalarKind::F64),
                    ParamKind::Tuple(vec![]),
                    ParamKind::Tuple(vec![ParamKind::Scalar(ScalarKind::I64)]),
                ]),
                ParamKind::Scalar(ScalarKind::Bool),
            ],
            results: vec![
                ResultKind::Array {
                    dtype: DType::Bool,
                    rank: 3,
                },
                ResultKind::Scalar(ScalarKind::I16),
            ],
            raise_sites: vec![(
                "IndexError".into(),
                "100% out of\tbounds\n".into(),
                "f.py:3:4".into(),
            )],
            extra: "(f64, !py.array<f64, 1, C>)\n(i64) -> !py.object".into(),
        }
    }

    #[test]
    fn descriptions_print_and_parse_back() {
        let d = description();
        let text = d.seal(None);
        let back = Description::open(&text, None).expect("opens");
        assert_eq!(back.seal(None), text);
        assert_eq!(back.params, d.params);
        assert_eq!(back.results, d.results);
        assert_eq!(back.raise_sites, d.raise_sites);
        assert_eq!(back.extra, d.extra);
    }

    #[test]
    fn incomplete_or_foreign_descriptions_are_rejected() {
        let text = description().seal(None);
        // Cut anywhere before its last line, it is incomplete.
        let last_line = text.trim_end().rfind('\n').unwrap();
        for cut in [0, 10, text.len() / 2, last_line, text.len() - 2] {
            let cut_short = Description::open(&text[..cut], None);
            assert_eq!(
                cut_short.err().map(|e| e.kind),
                Some("format"),
                "cut at {cut}"
            );
        }
        // Even resealed, a body this version did not print is rejected.
        let body = description().print();
        let reseal = |body: String| {
            let seal = hex(&Sha256::digest(body.as_bytes()));
            Description::open(&format!("{body}seal\t{seal}\nend\n"), None)
        };
        assert!(reseal(body.clone()).is_ok());
        let other_version = body.replace(FORMAT, "blackbird-cache 0");
        assert!(reseal(other_version).is_err());
        let escaping = body.replace("library\tk.0123.so", "library\t../k.so");
        assert!(reseal(escaping).is_err());
        let unknown_dtype = body.replace("float32", "float128");
        assert!(reseal(unknown_dtype).is_err());
    }

    #[test]
    fn edited_descriptions_do_not_match_their_seal() {
        let text = description().seal(None);
        let edited = text.replace("param\tarray\tfloat32\t2", "param\tarray\tfloat32\t3");
        assert_ne!(edited, text);
        let opened = Description::open(&edited, None);
        assert_eq!(opened.err().map(|e| e.kind), Some("seal"));
    }

    #[test]
    fn with_a_key_only_descriptions_sealed_under_it_open() {
        let keyed = description().seal(Some(b"secret"));
        assert!(Description::open(&keyed, Some(b"secret")).is_ok());
        // Without a key, the MAC is not needed.
        assert!(Description::open(&keyed, None).is_ok());
        let wrong = Description::open(&keyed, Some(b"guess"));
        assert_eq!(wrong.err().map(|e| e.kind), Some("mac"));
        let unkeyed = description().seal(None);
        let missing = Description::open(&unkeyed, Some(b"secret"));
        assert_eq!(missing.err().map(|e| e.kind), Some("no mac"));
    }
}

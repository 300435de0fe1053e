//! The on-disk cache of compiled code (`cache=True`).
//!
//! An entry is a shared library of the function's machine code (see [`crate::native`]) and a
//! small text file describing how to call it, both named by a [`CacheKey`]: a SHA-256 over
//! what the code depends on (the caller's parts: source, function, signature, options; and
//! this compiler's version and executable, and the host CPU). A fresh process with the same
//! key loads the library instead of compiling.
//!
//! Entries are written to temporary files and renamed into place, so concurrent writers of
//! one key never expose half a file; the library's name carries its content hash, which the
//! description records and loading checks, so a truncated, corrupted or mismatched entry is a
//! miss (and gets rebuilt), never a crash.

use std::fmt::Write as _;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::call::{Code, DType, Entry, Layout, ParamKind, RaiseSite, ResultKind, ScalarKind};
use crate::engine::EngineError;
use crate::native::{link_shared_library, SharedLibrary};

/// The version of the entries' format; part of every key.
const FORMAT: &str = "blackbird-cache 1";

/// What one cached function's code depends on, hashed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CacheKey(String);

impl CacheKey {
    /// The key of code compiled from `parts` (e.g. source, function name, signature, options)
    /// by this compiler for this CPU.
    pub fn new(parts: &[&str]) -> Self {
        // The same for every key of the process: read once.
        static COMPILER_AND_CPU: OnceLock<(String, String)> = OnceLock::new();
        let (compiler, cpu) = COMPILER_AND_CPU.get_or_init(|| (compiler_identity(), host_cpu()));
        let mut hash = Sha256::new();
        for part in [FORMAT, env!("CARGO_PKG_VERSION"), compiler, cpu]
            .into_iter()
            .chain(parts.iter().copied())
        {
            // Length-prefixed: the parts cannot run into each other.
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part.as_bytes());
        }
        CacheKey(hex(&hash.finalize()))
    }

    /// The key as hexadecimal text (the entry's file name stem).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The executable that compiles (its size and modification time): a rebuilt compiler may
/// generate different code, so it never reads the entries of another build.
fn compiler_identity() -> String {
    let meta = std::env::current_exe().and_then(std::fs::metadata);
    match meta {
        Ok(m) => {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            format!("{} {modified}", m.len())
        }
        Err(_) => "unknown executable".into(),
    }
}

/// The host CPU's model and features (code is generated for them).
fn host_cpu() -> String {
    let mut cpu = std::env::consts::ARCH.to_string();
    if let Ok(file) = std::fs::File::open("/proc/cpuinfo") {
        // The first processor's description ends at the first blank line.
        for line in std::io::BufReader::new(file).lines().map_while(Result::ok) {
            if line.trim().is_empty() {
                break;
            }
            let field = line.split(':').next().unwrap_or("").trim();
            if matches!(field, "model name" | "flags" | "Features" | "CPU part") {
                cpu.push('\n');
                cpu.push_str(&line);
            }
        }
    }
    cpu
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Why an entry could not be stored.
#[derive(thiserror::Error, Debug)]
pub enum CacheError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// An entry loaded from the cache: the callable code and the caller's `extra` text.
pub struct Cached {
    pub entry: Entry,
    pub extra: String,
}

/// A directory of cached compiled functions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskCache {
    dir: PathBuf,
}

impl DiskCache {
    /// The cache in `dir` (created when the first entry is stored).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        DiskCache { dir: dir.into() }
    }

    /// The cache directory: `BLACKBIRD_CACHE_DIR`, else `blackbird` in the user's cache
    /// directory (`XDG_CACHE_HOME`, else `~/.cache`); `None` when neither can be found.
    pub fn from_env() -> Option<Self> {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        if let Some(dir) = var("BLACKBIRD_CACHE_DIR") {
            return Some(DiskCache::at(dir));
        }
        let user_cache = var("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| var("HOME").map(|home| Path::new(&home).join(".cache")))?;
        Some(DiskCache::at(user_cache.join("blackbird")))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn description_path(&self, key: &CacheKey) -> PathBuf {
        self.dir.join(format!("{}.entry", key.as_str()))
    }

    /// The entry of `key`, loaded; `None` when there is none or it is unusable (an unusable
    /// description is removed, so that the rebuilt entry replaces it).
    pub fn load(&self, key: &CacheKey) -> Option<Cached> {
        let path = self.description_path(key);
        let text = std::fs::read_to_string(&path).ok()?;
        let loaded = Description::parse(&text).and_then(|d| d.load(&self.dir));
        if loaded.is_none() {
            let _ = std::fs::remove_file(&path);
        }
        loaded
    }

    /// Store the code of `entry` (compiled keeping its object) under `key`, with `extra` text
    /// for the caller.
    pub fn store(&self, key: &CacheKey, entry: &Entry, extra: &str) -> Result<(), CacheError> {
        let io = |path: &Path| {
            let path = path.display().to_string();
            move |source| CacheError::Io { path, source }
        };
        std::fs::create_dir_all(&self.dir).map_err(io(&self.dir))?;
        let object = self.temporary("o");
        let built = self.temporary("so");
        let result = (|| {
            entry.write_object(&object)?;
            link_shared_library(&object, &built, entry.parallel)?;
            let bytes = std::fs::read(&built).map_err(io(&built))?;
            let digest = hex(&Sha256::digest(&bytes));
            let library = format!("{}.{}.so", key.as_str(), &digest[..16]);
            let library_path = self.dir.join(&library);
            std::fs::rename(&built, &library_path).map_err(io(&library_path))?;
            let description = Description {
                library,
                digest,
                parallel: entry.parallel,
                params: entry.params.clone(),
                results: entry.results.clone(),
                raise_sites: entry.raise_sites.clone(),
                extra: extra.to_string(),
            };
            let written = self.temporary("entry");
            std::fs::write(&written, description.print()).map_err(io(&written))?;
            let path = self.description_path(key);
            std::fs::rename(&written, &path).map_err(io(&path))
        })();
        let _ = std::fs::remove_file(&object);
        let _ = std::fs::remove_file(&built);
        result
    }

    /// A fresh temporary file name in the cache directory.
    fn temporary(&self, extension: &str) -> PathBuf {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        self.dir.join(format!(
            ".tmp-{}-{}-{nanos}.{extension}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ))
    }
}

/// The text file of an entry: its library and how to call its code.
struct Description {
    library: String,
    /// SHA-256 of the library's bytes.
    digest: String,
    parallel: bool,
    params: Vec<ParamKind>,
    results: Vec<ResultKind>,
    raise_sites: Vec<RaiseSite>,
    extra: String,
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
        out.push_str("end\n");
        out
    }

    /// `None` for anything but a complete description this version printed.
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
        let mut complete = false;
        let mut param_lines = vec![];
        for line in lines {
            if complete {
                return None;
            }
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
                // The last line: a description without it was cut short.
                ["end"] => complete = true,
                _ => return None,
            }
        }
        let mut param_lines = param_lines.into_iter().peekable();
        while param_lines.peek().is_some() {
            d.params.push(nest_params(&mut param_lines)?);
        }
        // A library name is a file name in the cache directory, nothing else.
        let plain_name = !d.library.is_empty() && !d.library.contains(['/', '\\']);
        (complete && plain_name).then_some(d)
    }

    /// Load the library if its bytes are the ones described.
    fn load(self, dir: &Path) -> Option<Cached> {
        let path = dir.join(&self.library);
        let bytes = std::fs::read(&path).ok()?;
        if hex(&Sha256::digest(&bytes)) != self.digest {
            let _ = std::fs::remove_file(&path);
            return None;
        }
        let library = SharedLibrary::open(&path).ok()?;
        let entry = Entry::new(
            Code::Library(library),
            self.parallel,
            self.params,
            self.results,
            self.raise_sites,
        )
        .ok()?;
        Some(Cached {
            entry,
            extra: self.extra,
        })
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
        let text = d.print();
        let back = Description::parse(&text).expect("parses");
        assert_eq!(back.print(), text);
        assert_eq!(back.params, d.params);
        assert_eq!(back.results, d.results);
        assert_eq!(back.raise_sites, d.raise_sites);
        assert_eq!(back.extra, d.extra);
    }

    #[test]
    fn incomplete_or_foreign_descriptions_are_rejected() {
        let text = description().print();
        // Cut anywhere before its last line, it is incomplete.
        let last_line = text.trim_end().rfind('\n').unwrap();
        for cut in [0, 10, text.len() / 2, last_line, text.len() - 2] {
            assert!(Description::parse(&text[..cut]).is_none(), "cut at {cut}");
        }
        let other_version = text.replace(FORMAT, "blackbird-cache 0");
        assert!(Description::parse(&other_version).is_none());
        let escaping = text.replace("library\tk.0123.so", "library\t../k.so");
        assert!(Description::parse(&escaping).is_none());
        let unknown_dtype = text.replace("float32", "float128");
        assert!(Description::parse(&unknown_dtype).is_none());
    }

    #[test]
    fn keys_depend_on_every_part() {
        let a = CacheKey::new(&["src", "f", "sig"]);
        assert_eq!(a, CacheKey::new(&["src", "f", "sig"]));
        assert_ne!(a, CacheKey::new(&["src", "f", "sig2"]));
        // Parts are length-prefixed: moving a boundary changes the key.
        assert_ne!(CacheKey::new(&["ab", "c"]), CacheKey::new(&["a", "bc"]));
        assert_eq!(a.as_str().len(), 64);
    }
}

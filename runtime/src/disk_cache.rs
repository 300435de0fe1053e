//! The on-disk cache of compiled code (`cache=True`).
//!
//! An entry is a shared library of the function's machine code (see [`crate::native`]) and a
//! small text file describing how to call it, both named by a [`CacheKey`]: a SHA-256 over
//! what the code depends on (the caller's parts: the program compiled, function, signature,
//! options; and this compiler's version and build — its executable or the shared library it is
//! linked into —, and the host CPU). A fresh process with the same
//! key loads the library instead of compiling.
//!
//! Entries are written to temporary files and renamed into place, so concurrent writers of
//! one key never expose half a file; the library's name carries its content hash, which the
//! description records, and the description is sealed by a hash of its own text (and, with
//! `BLACKBIRD_CACHE_KEY`, an HMAC), so a truncated, corrupted or edited entry is a miss (and
//! gets rebuilt), never a crash nor a wrong result. Before anything is loaded, the directory
//! and the entry's files must be trusted ([`Policy`]): by default, owned by this user (or
//! root) and writable by nobody else. The library is loaded from the bytes that were checked.

mod description;
pub mod shipped;
mod trust;

use std::fmt::Write as _;
use std::fs::Permissions;
use std::io::{BufRead, Write as _};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::call::{Code, Entry};
use crate::engine::EngineError;
use crate::native::{link_shared_library, SharedLibrary};
use description::Description;
pub use trust::Policy;
use trust::{read_trusted, Distrust};

/// The version of the entries' format; part of every key.
const FORMAT: &str = "blackbird-cache 2";

/// What one cached function's code depends on, hashed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CacheKey(String);

impl CacheKey {
    /// The key of code compiled from `parts` (e.g. source, function name, signature, options)
    /// by this compiler for this CPU.
    pub fn new(parts: &[&str]) -> Self {
        let (compiler, cpu) = compiler_and_cpu();
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

    /// The key written as [`CacheKey::as_str`] writes it (e.g. an entry's file name stem).
    pub fn parse(text: &str) -> Option<Self> {
        let hex = text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        hex.then(|| CacheKey(text.to_string()))
    }
}

/// This compiler's executable and the host CPU: the same for every key of the process, read
/// once.
fn compiler_and_cpu() -> &'static (String, String) {
    static COMPILER_AND_CPU: OnceLock<(String, String)> = OnceLock::new();
    COMPILER_AND_CPU.get_or_init(|| (compiler_identity(), host_cpu()))
}

/// The file that holds this compiler's code — the executable, or the shared library it is
/// linked into (the Python extension) — by its size and modification time: a rebuilt
/// compiler may generate different code, so it never reads the entries of another build.
fn compiler_identity() -> String {
    let meta = compiler_file().and_then(|path| std::fs::metadata(path).ok());
    match meta {
        Some(m) => {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            format!("{} {modified}", m.len())
        }
        None => "unknown executable".into(),
    }
}

/// The file this function's code was loaded from: the shared library it is linked into, or
/// else the executable.
fn compiler_file() -> Option<PathBuf> {
    let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
    let address = compiler_file as fn() -> Option<PathBuf> as *const libc::c_void;
    // SAFETY: `dladdr` only reads the loader's tables and writes `info`; `dli_fname`, when
    // set, is a NUL-terminated path the loader keeps for the object's lifetime.
    let found = unsafe { libc::dladdr(address, &mut info) } != 0 && !info.dli_fname.is_null();
    let loaded = found
        .then(|| unsafe { std::ffi::CStr::from_ptr(info.dli_fname) })
        .map(|name| PathBuf::from(std::ffi::OsStr::from_bytes(name.to_bytes())))
        // The executable's own name may be relative (its `argv[0]`): asked for by path.
        .filter(|path| path.is_absolute());
    loaded.or_else(|| std::env::current_exe().ok())
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
    policy: Policy,
}

impl DiskCache {
    /// The cache in `dir` (created when the first entry is stored), trusted as the
    /// environment says (see [`Policy::from_env`]).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        DiskCache {
            dir: dir.into(),
            policy: Policy::from_env(),
        }
    }

    /// This cache, trusting its directory as `policy` says.
    pub fn with_policy(self, policy: Policy) -> Self {
        DiskCache { policy, ..self }
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

    /// The entry of `key`, loaded; `None` when there is none or it is not used: an entry in a
    /// directory or files the policy does not trust, or whose library or description was
    /// changed, is ignored with a warning on stderr (once per directory and reason).
    pub fn load(&self, key: &CacheKey) -> Option<Cached> {
        let (description, library) = self.read(key)?;
        let path = self.dir.join(&description.library);
        // Loaded from memory, the bytes just checked are the ones loaded. A library the policy
        // trusts by owner can also be loaded from its file, which nobody else can write.
        let library = SharedLibrary::from_bytes(&description.library, &library)
            .or_else(|e| match self.policy.shared {
                true => Err(e),
                false => SharedLibrary::open(&path),
            })
            .ok()?;
        cached(description, library).ok()
    }

    /// The description and library bytes of `key`'s entry, checked as [`DiskCache::load`]
    /// says (with a warning for an entry not used).
    fn read(&self, key: &CacheKey) -> Option<(Description, Vec<u8>)> {
        if !self.dir.exists() || !self.trusts_directory() {
            return None;
        }
        let path = self.description_path(key);
        let checked = (|| {
            let Some(text) = read_trusted(&path, &self.policy)? else {
                return Ok(None);
            };
            let text = String::from_utf8(text)
                .map_err(|_| Distrust::new("format", "its description is not text"))?;
            let description = Description::open(&text, self.policy.key.as_deref())?;
            let library_path = self.dir.join(&description.library);
            let Some(library) = read_trusted(&library_path, &self.policy)? else {
                return Ok(None);
            };
            if hex(&Sha256::digest(&library)) != description.digest {
                return Err(Distrust::new(
                    "library digest",
                    "its library does not match the SHA-256 its description records \
                     (replaced or corrupted)",
                ));
            }
            Ok(Some((description, library)))
        })();
        checked.unwrap_or_else(|distrust| {
            trust::warn_once(&self.dir, distrust.kind, || {
                format!(
                    "ignoring the cache entry {}: {}; compiling it again",
                    path.display(),
                    distrust.detail
                )
            });
            None
        })
    }

    /// Whether the policy trusts the cache directory (a warning says why not, once).
    fn trusts_directory(&self) -> bool {
        let Err(distrust) = trust::check_directory(&self.dir, &self.policy) else {
            return true;
        };
        trust::warn_once(&self.dir, distrust.kind, || {
            format!(
                "not using the cache directory {}: {}; compiling instead, and not storing \
                 compiled code there (BLACKBIRD_CACHE_SHARED=1 trusts a shared cache \
                 directory: see docs/SECURITY.md)",
                self.dir.display(),
                distrust.detail
            )
        });
        false
    }

    /// Store the code of `entry` (compiled keeping its object) under `key`, with `extra` text
    /// for the caller. Nothing is stored in a directory the policy does not trust.
    pub fn store(&self, key: &CacheKey, entry: &Entry, extra: &str) -> Result<(), CacheError> {
        self.create_directory()?;
        if !self.trusts_directory() {
            return Ok(());
        }
        let object = self.temporary("o");
        let built = self.temporary("so");
        let result = (|| {
            entry.write_object(&object)?;
            link_shared_library(&object, &built, entry.parallel)?;
            let bytes = std::fs::read(&built).map_err(io_error(&built))?;
            let digest = hex(&Sha256::digest(&bytes));
            let library = format!("{}.{}.so", key.as_str(), &digest[..16]);
            self.write(&library, &bytes)?;
            let description = Description {
                library,
                digest,
                parallel: entry.parallel,
                params: entry.params.clone(),
                results: entry.results.clone(),
                raise_sites: entry.raise_sites.clone(),
                extra: extra.to_string(),
            };
            let text = description.seal(self.policy.key.as_deref());
            self.write(&format!("{}.entry", key.as_str()), text.as_bytes())
        })();
        let _ = std::fs::remove_file(&object);
        let _ = std::fs::remove_file(&built);
        result
    }

    /// Create the cache directory if missing, with the policy's mode (its parents as usual).
    fn create_directory(&self) -> Result<(), CacheError> {
        if self.dir.is_dir() {
            return Ok(());
        }
        if let Some(parent) = self.dir.parent() {
            std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        let mode = self.policy.directory_mode();
        match std::fs::DirBuilder::new().mode(mode).create(&self.dir) {
            // The mode exactly, whatever the umask.
            Ok(()) => std::fs::set_permissions(&self.dir, Permissions::from_mode(mode))
                .map_err(io_error(&self.dir)),
            // Created by a concurrent process meanwhile.
            Err(_) if self.dir.is_dir() => Ok(()),
            Err(e) => Err(io_error(&self.dir)(e)),
        }
    }

    /// Write `bytes` as the file `name` of the cache directory: to a fresh temporary file with
    /// the policy's mode, renamed into place.
    fn write(&self, name: &str, bytes: &[u8]) -> Result<(), CacheError> {
        let temporary = self.temporary("part");
        let mode = self.policy.file_mode();
        let written = (|| {
            let mut file = std::fs::File::options()
                .write(true)
                .create_new(true)
                .mode(mode)
                .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
                .open(&temporary)?;
            file.set_permissions(Permissions::from_mode(mode))?;
            file.write_all(bytes)
        })();
        let path = self.dir.join(name);
        let result = written
            .map_err(io_error(&temporary))
            .and_then(|()| std::fs::rename(&temporary, &path).map_err(io_error(&path)));
        if result.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
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

/// The callable code of `library`, as `description` describes it.
fn cached(description: Description, library: SharedLibrary) -> Result<Cached, EngineError> {
    let entry = Entry::new(
        Code::Library(library),
        description.parallel,
        description.params,
        description.results,
        description.raise_sites,
    )?;
    Ok(Cached {
        entry,
        extra: description.extra,
    })
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> CacheError {
    let path = path.display().to_string();
    move |source| CacheError::Io { path, source }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_depend_on_every_part() {
        let a = CacheKey::new(&["src", "f", "sig"]);
        assert_eq!(a, CacheKey::new(&["src", "f", "sig"]));
        assert_ne!(a, CacheKey::new(&["src", "f", "sig2"]));
        // Parts are length-prefixed: moving a boundary changes the key.
        assert_ne!(CacheKey::new(&["ab", "c"]), CacheKey::new(&["a", "bc"]));
        assert_eq!(a.as_str().len(), 64);
        assert_eq!(CacheKey::parse(a.as_str()), Some(a.clone()));
        assert_eq!(CacheKey::parse("../etc"), None);
        assert_eq!(CacheKey::parse(&a.as_str().to_uppercase()), None);
    }

    #[test]
    fn the_compiler_is_the_file_holding_this_code() {
        // Here the test executable; in the Python extension, its shared library (not the
        // interpreter that loaded it).
        let canonical = |p: PathBuf| p.canonicalize().unwrap();
        assert_eq!(
            canonical(compiler_file().unwrap()),
            canonical(std::env::current_exe().unwrap())
        );
    }
}

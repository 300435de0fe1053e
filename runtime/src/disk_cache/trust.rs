//! What the on-disk cache trusts before it loads code: who owns the cache directory and its
//! files and who may write them (see `docs/SECURITY.md`).
//!
//! By default the directory and every file of an entry must belong to the current user (or
//! root) and be writable by nobody else; an entry's files are opened without following
//! symbolic links and checked on the opened file, whose bytes are then verified and loaded
//! from memory. `BLACKBIRD_CACHE_SHARED=1` drops the ownership and permission checks, for a
//! directory shared on purpose; `BLACKBIRD_CACHE_KEY` then makes only entries sealed with an
//! HMAC under that key load.

use std::fs::{File, Metadata};
use std::io::Read;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::hex;

/// How far the cache trusts its directory (from the environment by default).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    /// `BLACKBIRD_CACHE_SHARED=1`: the directory and its files may belong to, and be writable
    /// by, other users, all of whom are trusted to put code there.
    pub shared: bool,
    /// `BLACKBIRD_CACHE_KEY`: entries are sealed with an HMAC-SHA256 under this key, and only
    /// entries whose HMAC matches load.
    pub key: Option<Vec<u8>>,
}

impl Policy {
    /// The policy the environment sets: `BLACKBIRD_CACHE_SHARED` and `BLACKBIRD_CACHE_KEY`.
    pub fn from_env() -> Self {
        Policy {
            shared: env_flag("BLACKBIRD_CACHE_SHARED"),
            key: env_key(),
        }
    }

    /// The mode of the directories the cache creates.
    pub(super) fn directory_mode(&self) -> u32 {
        if self.shared {
            0o755
        } else {
            0o700
        }
    }

    /// The mode of the files the cache writes.
    pub(super) fn file_mode(&self) -> u32 {
        if self.shared {
            0o644
        } else {
            0o600
        }
    }
}

/// Whether the environment variable `name` is `1`.
pub(super) fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v.trim() == "1")
}

/// `BLACKBIRD_CACHE_KEY`'s bytes, when set and not empty.
pub(super) fn env_key() -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStringExt;
    std::env::var_os("BLACKBIRD_CACHE_KEY")
        .map(OsStringExt::into_vec)
        .filter(|k| !k.is_empty())
}

/// Why a cache directory or entry is not used: `kind` names the reason (warnings are given
/// once per directory and kind), `detail` says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Distrust {
    pub kind: &'static str,
    pub detail: String,
}

impl Distrust {
    pub(super) fn new(kind: &'static str, detail: impl Into<String>) -> Self {
        Distrust {
            kind,
            detail: detail.into(),
        }
    }
}

/// The effective user id of this process.
fn current_user() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// Under the default policy: owned by this user or root, writable by nobody else.
fn check_owner_and_mode(meta: &Metadata, policy: &Policy) -> Result<(), Distrust> {
    if policy.shared {
        return Ok(());
    }
    let me = current_user();
    if meta.uid() != me && meta.uid() != 0 {
        return Err(Distrust::new(
            "owner",
            format!(
                "it is owned by uid {}, not by you (uid {me}) or root",
                meta.uid()
            ),
        ));
    }
    let mode = meta.permissions().mode();
    if mode & 0o022 != 0 {
        return Err(Distrust::new(
            "mode",
            format!(
                "it is writable by its group or by others (mode {:04o})",
                mode & 0o7777
            ),
        ));
    }
    Ok(())
}

/// Whether the cache may use `dir` (which exists): a directory (symbolic links to one are
/// followed) that the policy trusts.
pub(super) fn check_directory(dir: &Path, policy: &Policy) -> Result<(), Distrust> {
    let meta = std::fs::metadata(dir)
        .map_err(|e| Distrust::new("unreadable", format!("it cannot be read ({e})")))?;
    if !meta.is_dir() {
        return Err(Distrust::new("not a directory", "it is not a directory"));
    }
    check_owner_and_mode(&meta, policy)
}

/// The bytes of the file at `path` if the policy trusts it: opened without following a
/// symbolic link (nor waiting, should it be a FIFO), checked on the opened file (a regular
/// file, owned and writable as the policy requires), then read. `Ok(None)` when there is no
/// such file.
pub(super) fn read_trusted(path: &Path, policy: &Policy) -> Result<Option<Vec<u8>>, Distrust> {
    let file = File::options()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return Err(Distrust::new("symlink", "it is a symbolic link"))
        }
        Err(e) => return Err(Distrust::new("unreadable", format!("cannot read it ({e})"))),
    };
    let unreadable =
        |e: std::io::Error| Distrust::new("unreadable", format!("cannot read it ({e})"));
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Distrust::new("not a file", "it is not a regular file"));
    }
    check_owner_and_mode(&meta, policy)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes).map_err(unreadable)?;
    Ok(Some(bytes))
}

type HmacSha256 = Hmac<Sha256>;

fn keyed(key: &[u8], data: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac
}

/// The HMAC-SHA256 of `data` under `key`, in hexadecimal.
pub(super) fn mac(key: &[u8], data: &[u8]) -> String {
    hex(&keyed(key, data).finalize().into_bytes())
}

/// Whether `mac` (hexadecimal) is the HMAC-SHA256 of `data` under `key` (compared in constant
/// time).
pub(super) fn mac_matches(key: &[u8], data: &[u8], mac: &str) -> bool {
    let bytes: Option<Vec<u8>> = (mac.len() == 64 && mac.is_ascii())
        .then(|| {
            (0..32)
                .map(|i| u8::from_str_radix(&mac[2 * i..2 * i + 2], 16).ok())
                .collect()
        })
        .flatten();
    bytes.is_some_and(|b| keyed(key, data).verify_slice(&b).is_ok())
}

/// Print `message` on stderr unless a warning of this kind was given for `dir` already.
pub(super) fn warn_once(dir: &Path, kind: &'static str, message: impl FnOnce() -> String) {
    static WARNED: Mutex<Vec<(PathBuf, &'static str)>> = Mutex::new(Vec::new());
    let mut warned = WARNED.lock().unwrap_or_else(|e| e.into_inner());
    if warned.iter().any(|(d, k)| d == dir && *k == kind) {
        return;
    }
    warned.push((dir.to_path_buf(), kind));
    eprintln!("blackbird: warning: {}", message());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macs_match_only_their_key_and_data() {
        let m = mac(b"key", b"data");
        assert_eq!(m.len(), 64);
        assert!(mac_matches(b"key", b"data", &m));
        assert!(!mac_matches(b"other key", b"data", &m));
        assert!(!mac_matches(b"key", b"datA", &m));
        assert!(!mac_matches(b"key", b"data", &m[..62]));
        assert!(!mac_matches(b"key", b"data", "zz"));
        // RFC 4231, test case 2.
        assert_eq!(
            mac(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}

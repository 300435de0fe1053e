//! Compiled code shipped to another process (e.g. with a pickled function), which loads it
//! instead of compiling from source only when it can trust it.
//!
//! A payload carries a cache entry's sealed description and library, the target it was
//! compiled for and a SHA-256 over all three; optionally an HMAC-SHA256 of that digest under
//! `BLACKBIRD_CACHE_KEY`. The receiver loads it only if the digest matches, the target is its
//! own, and either it opted in (`BLACKBIRD_TRUST_SHIPPED_CODE=1`) or the HMAC matches its
//! key; otherwise it gets the reason and compiles from source. Like any pickle, a payload is
//! trusted input once unpickled: these checks decide whether to run its machine code, they do
//! not make unpickling untrusted data safe.

use sha2::{Digest, Sha256};

use super::description::Description;
use super::trust::{env_flag, env_key, mac, mac_matches};
use super::{cached, compiler_and_cpu, hex, CacheKey, Cached, DiskCache, FORMAT};
use crate::native::SharedLibrary;

/// Compiled code and what loading it needs, as shipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShippedCode {
    /// The target it was compiled for (the sender's [`host_target`]).
    pub target: String,
    /// How to call the code: a cache entry's sealed description (it records the library's
    /// SHA-256).
    pub description: String,
    /// The shared library of the code.
    pub library: Vec<u8>,
    /// The SHA-256 (hexadecimal) over the target, the description and the library.
    pub digest: String,
    /// The HMAC-SHA256 (hexadecimal) of the digest under the sender's `BLACKBIRD_CACHE_KEY`.
    pub mac: Option<String>,
}

/// What the receiving process trusts (from the environment by default).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShippedTrust {
    /// `BLACKBIRD_TRUST_SHIPPED_CODE=1`: any intact payload for this target loads.
    pub opted_in: bool,
    /// `BLACKBIRD_CACHE_KEY`: payloads whose HMAC matches it load.
    pub key: Option<Vec<u8>>,
}

impl ShippedTrust {
    pub fn from_env() -> Self {
        ShippedTrust {
            opted_in: env_flag("BLACKBIRD_TRUST_SHIPPED_CODE"),
            key: env_key(),
        }
    }
}

/// Why shipped code is not loaded (the caller compiles from source instead).
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    #[error("the shipped code does not match its digest (changed or corrupted)")]
    Digest,
    #[error("the shipped code was compiled for another target")]
    Target,
    #[error("the shipped code's MAC does not match BLACKBIRD_CACHE_KEY")]
    Mac,
    #[error(
        "shipped code is not trusted: set BLACKBIRD_TRUST_SHIPPED_CODE=1, or \
         BLACKBIRD_CACHE_KEY to the sender's key"
    )]
    NotTrusted,
    #[error("the shipped code cannot be loaded: {0}")]
    Unusable(String),
}

/// The target this process compiles for: the entries' format, this compiler's version and the
/// host CPU's model and features.
pub fn host_target() -> String {
    let cpu = &compiler_and_cpu().1;
    format!("{FORMAT}\n{}\n{cpu}", env!("CARGO_PKG_VERSION"))
}

fn digest(target: &str, description: &str, library: &[u8]) -> String {
    let mut hash = Sha256::new();
    for part in [target.as_bytes(), description.as_bytes(), library] {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part);
    }
    hex(&hash.finalize())
}

impl ShippedCode {
    /// The payload of `library`, described by `description` (a sealed cache entry
    /// description), compiled for `target`; with `key`, its HMAC under it.
    pub fn new(target: String, description: String, library: Vec<u8>, key: Option<&[u8]>) -> Self {
        let digest = digest(&target, &description, &library);
        let mac = key.map(|key| mac(key, digest.as_bytes()));
        ShippedCode {
            target,
            description,
            library,
            digest,
            mac,
        }
    }

    /// The code of `key`'s entry in `cache`, read with the cache's checks; with `mac_key`,
    /// its HMAC under that key. `None` when the cache has no usable entry.
    pub fn from_cache(cache: &DiskCache, key: &CacheKey, mac_key: Option<&[u8]>) -> Option<Self> {
        let (description, library) = cache.read(key)?;
        Some(Self::new(
            host_target(),
            description.seal(None),
            library,
            mac_key,
        ))
    }

    /// Whether this process may load the code: `Ok` with its description, else why not.
    fn verify(&self, trust: &ShippedTrust) -> Result<Description, Refusal> {
        if digest(&self.target, &self.description, &self.library) != self.digest {
            return Err(Refusal::Digest);
        }
        if self.target != host_target() {
            return Err(Refusal::Target);
        }
        let keyed = trust.key.as_deref().zip(self.mac.as_deref());
        let mac_ok = keyed.is_some_and(|(key, mac)| mac_matches(key, self.digest.as_bytes(), mac));
        if !trust.opted_in && !mac_ok {
            return Err(if keyed.is_some() {
                Refusal::Mac
            } else {
                Refusal::NotTrusted
            });
        }
        let description = Description::open(&self.description, None)
            .map_err(|distrust| Refusal::Unusable(distrust.detail))?;
        if hex(&Sha256::digest(&self.library)) != description.digest {
            return Err(Refusal::Digest);
        }
        Ok(description)
    }

    /// Load the code if [`ShippedTrust`] allows it (see the module's description), from the
    /// bytes checked; else the reason, and the caller compiles from source.
    pub fn verify_and_load(&self, trust: &ShippedTrust) -> Result<Cached, Refusal> {
        let description = self.verify(trust)?;
        let unusable = |e: crate::engine::EngineError| Refusal::Unusable(e.to_string());
        let library =
            SharedLibrary::from_bytes(&description.library, &self.library).map_err(unusable)?;
        cached(description, library).map_err(unusable)
    }
}

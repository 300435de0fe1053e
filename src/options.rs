//! Compilation options, as Numba's decorator keywords set them.

/// Options of one function (from `@jit(...)`/`@njit(...)` keywords or the library API).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `nopython=True` (always the mode Blackbird compiles in; kept for fidelity).
    pub nopython: bool,
    /// `parallel=True`: `prange` loops and array expressions may run on threads.
    pub parallel: bool,
    /// `fastmath=True`: float rewrites that ignore NaN, infinities and signed zeros.
    pub fastmath: bool,
    /// `cache=True`: keep compiled code on disk, where later processes load it instead of
    /// compiling.
    pub cache: bool,
    /// The directory of the on-disk cache; `None`: `BLACKBIRD_CACHE_DIR`, else `blackbird` in
    /// the user's cache directory (`XDG_CACHE_HOME`, else `~/.cache`).
    pub cache_dir: Option<std::path::PathBuf>,
    /// `boundscheck=True`: out-of-range indexing raises IndexError.
    pub boundscheck: bool,
    /// Threads that run each parallel loop; `None`: the `BLACKBIRD_NUM_THREADS` (or Numba's
    /// `NUMBA_NUM_THREADS`) environment variable, else the OpenMP runtime's choice
    /// (`OMP_NUM_THREADS`, else one per core).
    pub num_threads: Option<usize>,
    /// A GPU kernel (`@cuda.jit`, `target='rocm'` for AMD GPUs): compiled for that vendor's
    /// GPUs instead of the CPU.
    pub gpu: Option<crate::runtime::gpu::GpuVendor>,
    /// `error_model=`: what a division by zero does (Numba's default is `'python'` for
    /// `@jit`, `'numpy'` for ufuncs, gufuncs and GPU kernels).
    pub error_model: ErrorModel,
    /// The tensor-level pass pipeline to run instead of the default
    /// (`canonicalize,cse,dce,tensor-fuse,tensor-eqsat{fastmath=…},canonicalize,cse,dce`): an
    /// experiment, e.g. without `tensor-fuse` to measure what fusion buys.
    pub tensor_passes: Option<String>,
    /// `tensor-eqsat` also reports egg's explanation of each rewrite it extracts (the
    /// `tensor-opt` stage shows them; `blackbird dump --explain`).
    pub explain: bool,
}

/// Numba's `error_model` option.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum ErrorModel {
    /// Division by zero raises ZeroDivisionError, as in Python.
    #[default]
    Python,
    /// Division by zero follows NumPy: inf or NaN for floats, 0 for integers.
    Numpy,
}

impl Options {
    /// The on-disk cache these options ask for (`cache=True`), if any.
    pub fn disk_cache(&self) -> Option<crate::runtime::disk_cache::DiskCache> {
        if !self.cache {
            return None;
        }
        match &self.cache_dir {
            Some(dir) => Some(crate::runtime::disk_cache::DiskCache::at(dir)),
            None => crate::runtime::disk_cache::DiskCache::from_env(),
        }
    }

    /// The code generation target for these options on the host CPU (at LLVM -O3); the error
    /// says that the thread count asked for (`num_threads`, `BLACKBIRD_NUM_THREADS` or
    /// `NUMBA_NUM_THREADS`) is not a number from 1 to [`MAX_THREADS`].
    pub fn cpu_target(&self) -> Result<crate::runtime::CpuTarget, crate::Error> {
        let threads = match self.num_threads {
            Some(n) => Some(thread_count(&n.to_string(), "the num_threads option")?),
            None => ["BLACKBIRD_NUM_THREADS", "NUMBA_NUM_THREADS"]
                .iter()
                .find_map(|v| Some((v, std::env::var(v).ok()?)))
                .filter(|(_, value)| !value.trim().is_empty())
                .map(|(v, value)| thread_count(&value, &format!("{v}={value}")))
                .transpose()?,
        };
        Ok(crate::runtime::CpuTarget {
            opt_level: 3,
            threads,
        })
    }
}

/// The most threads a parallel loop may run on (the OpenMP runtime aborts well before it can
/// start hundreds of thousands).
pub const MAX_THREADS: usize = 1024;

/// `text` as a thread count from 1 to [`MAX_THREADS`]; the error names `what` set it.
fn thread_count(text: &str, what: &str) -> Result<usize, crate::Error> {
    match text.trim().parse::<usize>() {
        Ok(n @ 1..=MAX_THREADS) => Ok(n),
        _ => Err(crate::Error::Setting(format!(
            "{what}: the number of threads must be from 1 to {MAX_THREADS}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_num_threads_option_is_checked() {
        for bad in [0, MAX_THREADS + 1, 100_000] {
            let options = Options {
                num_threads: Some(bad),
                ..Default::default()
            };
            let err = options.cpu_target().unwrap_err().to_string();
            assert_eq!(
                err,
                "the num_threads option: the number of threads must be from 1 to 1024"
            );
        }
        let options = Options {
            num_threads: Some(4),
            ..Default::default()
        };
        assert_eq!(options.cpu_target().unwrap().threads, Some(4));
    }
}

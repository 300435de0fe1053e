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
    /// `cache=True`: keep compiled code on disk.
    pub cache: bool,
    /// `boundscheck=True`: out-of-range indexing raises IndexError.
    pub boundscheck: bool,
}

//! Generic transforms that work on any dialect through op traits and folders.

pub mod buffer_deallocation;
pub mod canonicalize;
pub mod cse;
pub mod dce;
pub mod infer_types;
pub mod module_passes;
pub mod parallelize_prange;
pub mod propagate_raises;
pub mod structure_escapes;

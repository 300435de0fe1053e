//! The on-disk cache's side of the driver (`cache=True`): what a specialisation's key covers,
//! and loading and storing its code.
//!
//! A key covers everything the machine code depends on, so that a stale entry is never loaded
//! (Numba keys on the entry function's file alone, and misses edits of the functions it calls):
//!
//! - the `py` stage of the function **and of every function compiled along with it**
//!   (its helpers, transitively, wherever their source came from), printed with the locations
//!   of every op: their bodies, the values of the global constants they read (frozen into the
//!   IR), the imports they resolve to, and the file, line and column that raised exceptions
//!   report — an edit elsewhere in the file that moves none of them keeps the entry;
//! - what is specialised (the signature), the options, and the code generation target;
//! - this compiler's build and the host CPU ([`CacheKey::new`] adds them).

use super::{reachable_functions, CompiledFunction, ModuleIr};
use crate::dialects::ir::{print_op, PrintOptions};
use crate::runtime::disk_cache::{CacheKey, DiskCache};
use crate::{Error, Options};

/// The key of `function`'s code for `request` (what is specialised, e.g. its signature)
/// compiled with `options` from `ir`.
pub(crate) fn cache_key(
    ir: &ModuleIr,
    function: &str,
    request: &str,
    options: &Options,
) -> Result<CacheKey, Error> {
    let program = compiled_along(ir, function)?;
    let target = format!("{options:?} {:?}", options.cpu_target().ok());
    Ok(CacheKey::new(&[&program, function, request, &target]))
}

/// The `py` stage of `function` and of the functions it calls, directly or not, with every
/// op's location.
fn compiled_along(ir: &ModuleIr, function: &str) -> Result<String, Error> {
    let f = ir.declaration(function)?;
    let located = PrintOptions { locations: true };
    Ok(reachable_functions(&ir.ctx, ir.program.module, f.op)
        .into_iter()
        .map(|op| print_op(&ir.ctx, op, located))
        .collect())
}

/// The specialisation stored under `key`, if `cache` has a usable entry.
pub(crate) fn load(cache: &DiskCache, key: &CacheKey) -> Option<CompiledFunction> {
    CompiledFunction::from_cache(cache.load(key)?)
}

/// Keep `compiled` (the code of `function`) under `key`. Failing to is not an error (the code
/// works); it is reported on stderr, as Numba warns.
pub(crate) fn store(
    cache: &DiskCache,
    key: &CacheKey,
    function: &str,
    compiled: &CompiledFunction,
) {
    if let Err(e) = cache.store(key, &compiled.entry, &compiled.cache_extra()) {
        eprintln!(
            "blackbird: warning: cannot cache `{function}` in {}: {e}",
            cache.dir().display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROGRAM: &str = "from numba import njit\n\nK = 2.0\n\n\ndef helper(x):\n    return x * K\n\n\n@njit\ndef f(x):\n    return helper(x) + 1.0\n\n\n@njit\ndef other(x):\n    return x - 1.0\n";

    fn key(source: &str) -> CacheKey {
        let ir = ModuleIr::lower(source, "m.py").unwrap();
        cache_key(&ir, "f", "signature (f64)", &Options::default()).unwrap()
    }

    #[test]
    fn keys_cover_the_helpers_and_globals_compiled_along_and_nothing_else() {
        let base = key(PROGRAM);
        assert_eq!(base, key(PROGRAM));
        let edits = [
            ("x * K", "x * K * K"),
            ("K = 2.0", "K = 3.0"),
            ("return helper(x) + 1.0", "return helper(x) + 2.0"),
        ];
        for (from, to) in edits {
            assert_ne!(base, key(&PROGRAM.replace(from, to)), "{to}");
        }
        // Another function, and functions added after it: the same code.
        let unrelated = PROGRAM.replace("x - 1.0", "x - 2.0") + "\n\ndef more(y):\n    return y\n";
        assert_eq!(base, key(&unrelated));
        // Moved down a line: the locations its exceptions report change.
        assert_ne!(base, key(&PROGRAM.replace("K = 2.0\n", "K = 2.0\n#\n")));
        let ir = ModuleIr::lower(PROGRAM, "m.py").unwrap();
        let other = cache_key(&ir, "f", "signature (i64)", &Options::default()).unwrap();
        assert_ne!(base, other);
        let fast = Options {
            fastmath: true,
            ..Options::default()
        };
        assert_ne!(base, cache_key(&ir, "f", "signature (f64)", &fast).unwrap());
    }
}

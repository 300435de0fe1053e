//! The NumPy prelude: NumPy functions written in the Python subset Blackbird compiles
//! (`prelude/numpy.py`), compiled along with the functions that call them, as Numba writes
//! much of NumPy in Python through `@overload`. A call `np.NAME(...)` that no registry entry
//! declares resolves to the prelude's `def NAME` (the frontend lowers it into the caller's
//! module as the function `np.NAME`); adding such a function touches only that file. The
//! random prelude (`prelude/random.py`) holds `np.random.NAME` alike.

/// The prelude's source.
pub const NUMPY: &str = include_str!("prelude/numpy.py");

/// The file name its locations carry (not in the user's source: no caret is shown).
pub const NUMPY_FILE: &str = "<blackbird prelude numpy.py>";

/// The random prelude's source: `np.random`'s functions on the primitives of
/// [`super::random`].
pub const RANDOM: &str = include_str!("prelude/random.py");

/// The file name of the random prelude's locations.
pub const RANDOM_FILE: &str = "<blackbird prelude random.py>";

/// The NumPy name of the prelude's `def NAME` under `np.`: `roll`, and for the functions of
/// `np.linalg`, written `def linalg_NAME`, `linalg.NAME`.
pub fn numpy_name(def_name: &str) -> String {
    match def_name.strip_prefix("linalg_") {
        Some(name) => format!("linalg.{name}"),
        None => def_name.to_string(),
    }
}

/// The public functions it defines (`def NAME` at the top level, NAME not starting with `_`),
/// by their NumPy names (see [`numpy_name`]).
pub fn numpy_functions() -> Vec<String> {
    functions(NUMPY).into_iter().map(numpy_name).collect()
}

/// The random prelude's public functions (`np.random.NAME`).
pub fn random_functions() -> Vec<&'static str> {
    functions(RANDOM)
}

/// What the random prelude's `def NAME` of a `Generator` method starts with: `rng.NAME(...)`
/// calls `np.random._gen_NAME(rng, ...)`.
pub const GENERATOR_METHOD_PREFIX: &str = "_gen_";

/// The `Generator` methods (`default_rng(seed).NAME`) and their parameters after `self`, as
/// written (`("integers", "low, high=None, size=None, endpoint=False")`).
pub fn generator_methods() -> Vec<(&'static str, &'static str)> {
    RANDOM
        .lines()
        .filter_map(|l| l.strip_prefix("def "))
        .filter_map(|l| l.strip_prefix(GENERATOR_METHOD_PREFIX))
        .filter_map(|l| {
            let (name, rest) = l.split_once('(')?;
            let params = rest.rsplit_once("):")?.0;
            Some((name, params.strip_prefix("self").unwrap_or(params)))
        })
        .map(|(name, params)| (name, params.trim_start_matches(", ")))
        .collect()
}

fn functions(source: &'static str) -> Vec<&'static str> {
    source
        .lines()
        .filter_map(|l| l.strip_prefix("def "))
        .filter_map(|l| l.split('(').next())
        .filter(|name| !name.starts_with('_'))
        .collect()
}

/// Each public function's NumPy name and parameter list as written (`("roll", "a, shift")`).
pub fn numpy_signatures() -> Vec<(String, &'static str)> {
    signatures(NUMPY)
        .into_iter()
        .map(|(name, params)| (numpy_name(name), params))
        .collect()
}

/// The same for the random prelude.
pub fn random_signatures() -> Vec<(&'static str, &'static str)> {
    signatures(RANDOM)
}

fn signatures(source: &'static str) -> Vec<(&'static str, &'static str)> {
    source
        .lines()
        .filter_map(|l| l.strip_prefix("def "))
        .filter_map(|l| {
            let (name, rest) = l.split_once('(')?;
            Some((name, rest.rsplit_once("):")?.0))
        })
        .filter(|(name, _)| !name.starts_with('_'))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_the_public_functions() {
        let names = super::numpy_functions();
        assert!(
            ["roll", "isclose", "linalg.matrix_power"]
                .iter()
                .all(|n| names.iter().any(|m| m == n)),
            "{names:?}"
        );
        assert!(names.iter().all(|n| n
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')));
        assert_eq!(super::numpy_signatures().len(), names.len());
    }
}

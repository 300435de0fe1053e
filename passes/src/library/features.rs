//! The supported-functions table of `docs/FEATURES.md`, generated from the registry.

use super::FAMILIES;

/// The lines around the generated table in `docs/FEATURES.md`.
pub const TABLE_START: &str =
    "<!-- supported functions: generated from passes/src/library by `cargo run --example features` -->";
pub const TABLE_END: &str = "<!-- end of supported functions -->";

/// The supported-functions section of `docs/FEATURES.md`: every callable of every family
/// with its signature and summary, between [`TABLE_START`] and [`TABLE_END`].
/// `cargo run --example features` writes it; `tests/registry.rs` checks the committed file.
pub fn features_markdown() -> String {
    let mut out = format!("{TABLE_START}\n## Supported functions\n\n");
    out.push_str(
        "Compiled code may call these functions (`a` is an array; `np` is NumPy). Parameters \
         with a default are optional; the last column names those that may be passed by \
         keyword. Anything else is refused with a located error.\n",
    );
    for family in FAMILIES {
        if family.callables.iter().all(|c| c.is_private()) {
            continue;
        }
        out.push_str(&format!(
            "\n### {}\n\n| function | | parameters by keyword |\n|---|---|---|\n",
            family.title
        ));
        for c in family.callables.iter().filter(|c| !c.is_private()) {
            let keywords: Vec<String> = c
                .params
                .iter()
                .filter(|p| p.keyword)
                .map(|p| format!("`{}`", p.name))
                .collect();
            out.push_str(&format!(
                "| `{}` | {} | {} |\n",
                c.signature(),
                c.summary,
                keywords.join(", ")
            ));
        }
    }
    out.push_str(
        "\n### NumPy functions of the prelude\n\nWritten in the compiled subset \
         (`passes/src/library/prelude/numpy.py`) and compiled with the code that calls \
         them; parameters with a default may be passed by keyword.\n\n| function |\n|---|\n",
    );
    for (name, params) in super::prelude::numpy_signatures() {
        out.push_str(&format!("| `np.{name}({params})` |\n"));
    }
    out.push_str(
        "\n### Random numbers (`np.random`)\n\nNumPy's legacy `RandomState` streams bit for \
         bit: after `np.random.seed(s)` these give the numbers NumPy gives after the same \
         seed. Compiled code has its own state, one per thread, separate from the \
         interpreter's (as in Numba). Written in the compiled subset \
         (`passes/src/library/prelude/random.py`).\n\n| function |\n|---|\n",
    );
    for (name, params) in super::prelude::random_signatures() {
        out.push_str(&format!("| `np.random.{name}({params})` |\n"));
    }
    out.push_str(
        "\n### `Generator` methods (`rng = np.random.default_rng(seed)`)\n\nNumPy's \
         `Generator` over PCG64 bit for bit: the numbers NumPy's `default_rng(seed)` gives \
         (int64 integers; `size` an int or a tuple). A generator is an object: aliases share \
         it, helpers take it, two are independent.\n\n| method |\n|---|\n",
    );
    for (name, params) in super::prelude::generator_methods() {
        out.push_str(&format!("| `rng.{name}({params})` |\n"));
    }
    out.push_str(TABLE_END);
    out.push('\n');
    out
}

/// `document` (the text of `docs/FEATURES.md`) with its supported-functions section replaced
/// by the registry's (appended when it has none).
pub fn with_features_table(document: &str) -> String {
    let table = features_markdown();
    match (document.find(TABLE_START), document.find(TABLE_END)) {
        (Some(start), Some(end)) if start < end => {
            let end = end + TABLE_END.len();
            let end = end + document[end..].starts_with('\n') as usize;
            format!("{}{table}{}", &document[..start], &document[end..])
        }
        _ => format!(
            "{}\n{table}",
            document.trim_end_matches('\n').to_string() + "\n"
        ),
    }
}

//! Writes the supported-functions table of `docs/FEATURES.md` from the library registry
//! (`passes/src/library`). `tests/registry.rs` fails when the committed table differs.
//!
//! ```sh
//! cargo run --example features
//! ```

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/FEATURES.md");
    let document = std::fs::read_to_string(&path).unwrap_or_default();
    let updated = blackbird::passes::library::with_features_table(&document);
    std::fs::write(&path, updated).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    println!("wrote {}", path.display());
}

//! The files of a test's on-disk cache (`DIR/cache`).

use std::path::{Path, PathBuf};

/// The cache's files ending in `.extension`, sorted.
pub fn cache_files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("cache"))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == extension))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

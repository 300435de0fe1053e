//! The CPython that runs the oracles: `BLACKBIRD_PYTHON`, else the repository's `.venv`, else
//! `python3` on the PATH.

use std::path::{Path, PathBuf};

pub fn python() -> PathBuf {
    if let Ok(p) = std::env::var("BLACKBIRD_PYTHON") {
        return p.into();
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    if venv.exists() {
        venv
    } else {
        "python3".into()
    }
}

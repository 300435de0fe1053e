//! `cache=True`: compiled code kept on disk and loaded by later processes, as Numba's
//! `@njit(cache=True)` does; broken entries are rebuilt, concurrent writers are safe.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use blackbird::{Arg, ArrayArg, Module, PyValue};

const PROGRAM: &str = r#"import numpy as np
from numba import njit, prange, vectorize


@njit(cache=True, boundscheck=True)
def norm_plus(a, i):
    s = 0.0
    for k in range(a.shape[0]):
        s += a[k] * a[k]
    return s ** 0.5 + a[i]


@njit("float64(float64[:])", cache=True, parallel=True)
def inverse_sum(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += 1.0 // a[i]
    return s


@njit(cache=True)
def scaled_and_total(a, k):
    return a * k, a.sum()


@vectorize(["float64(float64, float64)"], cache=True)
def hypot(x, y):
    return (x * x + y * y) ** 0.5


SCALE = 2.0


def helper(x):
    return x * SCALE


@njit(cache=True)
def uses_helper(a):
    return helper(a.sum()) + 1.0


@njit(cache=True)
def unrelated(a):
    return a.max()
"#;

/// A fresh directory for one test: the program, its arguments, the cache in `cache/`.
fn workspace(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "blackbird-disk-cache-{}-{test}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("cached.py"), PROGRAM).unwrap();
    let a = ndarray::Array1::from_vec(vec![1.0f64, 2.0, 4.0, 8.0]);
    ndarray_npy::write_npy(dir.join("a.npy"), &a).unwrap();
    let z = ndarray::Array1::from_vec(vec![1.0f64, 0.0]);
    ndarray_npy::write_npy(dir.join("z.npy"), &z).unwrap();
    dir
}

fn blackbird(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blackbird"))
        .args(args)
        .current_dir(dir)
        .env("BLACKBIRD_CACHE_DIR", dir.join("cache"))
        .output()
        .expect("the blackbird binary runs")
}

/// `blackbird run` in a fresh process: stdout, or the error it printed.
fn run(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = blackbird(dir, &[&["run", "cached.py"], args].concat());
    let text = |b: &[u8]| String::from_utf8_lossy(b).trim().to_string();
    if out.status.success() {
        Ok(text(&out.stdout))
    } else {
        Err(text(&out.stderr))
    }
}

/// Whether a fresh process loaded `function` from the cache (else it compiled it).
fn loads_from_cache(dir: &Path, function: &str, args: &[&str]) -> bool {
    let out = blackbird(
        dir,
        &[
            &[
                "bench",
                "cached.py",
                "-f",
                function,
                "--json",
                "--repeat",
                "1",
            ],
            args,
        ]
        .concat(),
    );
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{json}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json.contains("\"from_disk_cache\": true")
}

#[path = "support/cache_files.rs"]
mod cache_files;
use cache_files::cache_files;

#[test]
fn a_second_process_loads_the_code_and_gets_the_same_results() {
    let dir = workspace("reload");
    // sqrt(1 + 4 + 16 + 64) + a[2]
    let expected = format!("{:?}", 85f64.sqrt() + 4.0);
    assert!(!loads_from_cache(&dir, "norm_plus", &["a.npy", "2"]));
    assert_eq!(cache_files(&dir, "entry").len(), 1);
    assert!(loads_from_cache(&dir, "norm_plus", &["a.npy", "2"]));
    assert_eq!(run(&dir, &["-f", "norm_plus", "a.npy", "2"]), Ok(expected));
    // Tuples of arrays and scalars come back through the cached description of the result.
    let tuple = run(&dir, &["-f", "scaled_and_total", "a.npy", "3"]);
    assert_eq!(
        tuple.as_deref(),
        Ok("(array([3.0, 6.0, 12.0, 24.0]), 15.0)")
    );
    assert!(loads_from_cache(&dir, "scaled_and_total", &["a.npy", "3"]));
    assert_eq!(run(&dir, &["-f", "scaled_and_total", "a.npy", "3"]), tuple);
    // Each argument type is its own entry.
    assert!(!loads_from_cache(
        &dir,
        "scaled_and_total",
        &["a.npy", "3.5"]
    ));
}

#[test]
fn exceptions_raised_by_cached_code_keep_their_message_and_location() {
    let dir = workspace("raise");
    for _ in 0..2 {
        let err = run(&dir, &["-f", "norm_plus", "a.npy", "9"]).unwrap_err();
        assert!(err.contains("cached.py:10:23: error: IndexError"), "{err}");
        // Raised on an OpenMP worker thread of a cached parallel loop.
        let err = run(&dir, &["-f", "inverse_sum", "z.npy"]).unwrap_err();
        assert!(
            err.contains("ZeroDivisionError: float floor division by zero"),
            "{err}"
        );
        assert!(err.contains("cached.py:17:14"), "{err}");
    }
    assert!(loads_from_cache(&dir, "inverse_sum", &["a.npy"]));
    assert_eq!(run(&dir, &["-f", "inverse_sum", "a.npy"]), Ok("1.0".into()));
}

#[test]
fn corrupted_or_truncated_entries_are_rebuilt() {
    let dir = workspace("corrupt");
    let args = ["a.npy", "1"];
    assert!(!loads_from_cache(&dir, "norm_plus", &args));
    let library = cache_files(&dir, "so").pop().unwrap();
    let bytes = std::fs::read(&library).unwrap();
    // A library cut short: its digest no longer matches.
    std::fs::write(&library, &bytes[..bytes.len() / 2]).unwrap();
    assert!(!loads_from_cache(&dir, "norm_plus", &args));
    assert!(loads_from_cache(&dir, "norm_plus", &args));
    // A description that is garbage, then one cut short.
    let entry = cache_files(&dir, "entry").pop().unwrap();
    let description = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, "\u{0}\u{1}garbage").unwrap();
    assert!(!loads_from_cache(&dir, "norm_plus", &args));
    std::fs::write(&entry, &description[..description.len() / 2]).unwrap();
    assert!(!loads_from_cache(&dir, "norm_plus", &args));
    // A library replaced by other bytes of the same length.
    let library = cache_files(&dir, "so").pop().unwrap();
    let len = std::fs::metadata(&library).unwrap().len() as usize;
    std::fs::write(&library, vec![0x7fu8; len]).unwrap();
    assert!(!loads_from_cache(&dir, "norm_plus", &args));
    let expected = format!("{:?}", 85f64.sqrt() + 2.0);
    assert_eq!(run(&dir, &["-f", "norm_plus", "a.npy", "1"]), Ok(expected));
    assert!(loads_from_cache(&dir, "norm_plus", &args));
}

#[test]
fn changed_source_is_compiled_again() {
    let dir = workspace("stale");
    assert!(!loads_from_cache(&dir, "norm_plus", &["a.npy", "0"]));
    let edited = PROGRAM.replace("return s ** 0.5 + a[i]", "return s ** 0.5 - a[i]");
    std::fs::write(dir.join("cached.py"), edited).unwrap();
    assert!(!loads_from_cache(&dir, "norm_plus", &["a.npy", "0"]));
    let expected = format!("{:?}", 85f64.sqrt() - 1.0);
    assert_eq!(run(&dir, &["-f", "norm_plus", "a.npy", "0"]), Ok(expected));
}

/// Edits `cached.py` by replacing `from` with `to`.
fn edit(dir: &Path, from: &str, to: &str) {
    let path = dir.join("cached.py");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

#[test]
fn an_edited_helper_or_global_invalidates_its_callers_entry() {
    let dir = workspace("helper");
    let args = ["a.npy"];
    // 15 * 2 + 1, compiled once, then loaded.
    assert!(!loads_from_cache(&dir, "uses_helper", &args));
    assert!(loads_from_cache(&dir, "uses_helper", &args));
    assert_eq!(
        run(&dir, &["-f", "uses_helper", "a.npy"]),
        Ok("31.0".into())
    );
    // The undecorated helper it calls changes: compiled again (Numba would load stale code).
    edit(&dir, "return x * SCALE", "return x * SCALE - 1.0");
    assert!(!loads_from_cache(&dir, "uses_helper", &args));
    assert_eq!(
        run(&dir, &["-f", "uses_helper", "a.npy"]),
        Ok("30.0".into())
    );
    // The global constant the helper reads changes: compiled again.
    edit(&dir, "SCALE = 2.0", "SCALE = 3.0");
    assert!(!loads_from_cache(&dir, "uses_helper", &args));
    assert_eq!(
        run(&dir, &["-f", "uses_helper", "a.npy"]),
        Ok("45.0".into())
    );
    assert!(loads_from_cache(&dir, "uses_helper", &args));
}

#[test]
fn an_unrelated_edit_keeps_the_entry() {
    let dir = workspace("unrelated");
    let args = ["a.npy"];
    assert!(!loads_from_cache(&dir, "uses_helper", &args));
    // Another function's body, and a new function at the end of the file.
    edit(&dir, "return a.max()", "return a.min()");
    std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join("cached.py"))
        .and_then(|mut f| {
            std::io::Write::write_all(&mut f, b"\n\ndef more(x):\n    return x + 1\n")
        })
        .unwrap();
    assert!(loads_from_cache(&dir, "uses_helper", &args));
    assert_eq!(
        run(&dir, &["-f", "uses_helper", "a.npy"]),
        Ok("31.0".into())
    );
    // A line added above it moves the locations its exceptions report: compiled again.
    edit(&dir, "SCALE = 2.0\n", "SCALE = 2.0\n# a comment\n");
    assert!(!loads_from_cache(&dir, "uses_helper", &args));
}

#[test]
fn concurrent_processes_writing_one_entry_all_succeed() {
    let dir = workspace("concurrent");
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_blackbird"))
                .args(["run", "cached.py", "-f", "inverse_sum", "a.npy"])
                .current_dir(&dir)
                .env("BLACKBIRD_CACHE_DIR", dir.join("cache"))
                .output_async()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "1.0");
    }
    assert!(loads_from_cache(&dir, "inverse_sum", &["a.npy"]));
    assert_eq!(cache_files(&dir, "entry").len(), 1);
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

trait SpawnOutput {
    fn output_async(&mut self) -> std::process::Child;
}

impl SpawnOutput for Command {
    fn output_async(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the blackbird binary runs")
    }
}

#[test]
fn the_library_api_chooses_the_cache_directory_and_loads_from_it() {
    let dir = workspace("library");
    let cache = dir.join("library-cache");
    let mut a = ndarray::Array1::from_vec(vec![3.0f64, 4.0]);
    let mut b = ndarray::Array1::from_vec(vec![4.0f64, 3.0]);
    let source = PROGRAM.replace("cache=True", "cache=False");
    for expect_loaded in [false, true] {
        // A new module each time: nothing is shared in memory.
        let module = Module::from_source(&source, "cached.py").unwrap();
        let hypot = module
            .function_with("hypot", |o| {
                o.cache = true;
                o.cache_dir = Some(cache.clone());
            })
            .unwrap();
        let mut args = [
            Arg::Array(ArrayArg::new(a.view_mut())),
            Arg::Array(ArrayArg::new(b.view_mut())),
        ];
        assert_eq!(
            hypot.specialization(&args).unwrap().from_disk_cache,
            expect_loaded
        );
        match hypot.call(&mut args).unwrap() {
            PyValue::Array(r) => {
                assert_eq!(
                    r.data,
                    blackbird::runtime::ArrayData::F64(vec![5.0, 5.0].into())
                )
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(cache.is_dir());
    assert!(
        !dir.join("cache").exists(),
        "the option wins over the environment"
    );
}

#[test]
fn an_unwritable_cache_warns_and_still_runs() {
    let dir = workspace("unwritable");
    // A file where the cache directory should be.
    std::fs::write(dir.join("cache"), "not a directory").unwrap();
    let out = blackbird(&dir, &["run", "cached.py", "-f", "norm_plus", "a.npy", "3"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("{:?}", 85f64.sqrt() + 8.0)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: cannot cache `norm_plus`"),
        "{stderr}"
    );
}

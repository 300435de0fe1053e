//! Deeply nested and very long programs: each compiles and gives the right result, or stops
//! with a located error (exit code 1). Never a crash: the compiler runs as a subprocess, so a
//! stack overflow fails the test instead of aborting the harness.

use std::process::{Command, Output};

fn blackbird(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blackbird"))
        .args(args)
        .output()
        .expect("the blackbird binary runs")
}

fn write_temp(name: &str, contents: &str) -> String {
    let dir = std::env::temp_dir().join(format!("blackbird-deep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_string_lossy().into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The run failed with exit code 1 and `FILE:LINE:COL: error: {message}`, the source line and
/// a caret.
fn assert_located_error(out: &Output, file: &str, line: usize, message: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let head = format!("{file}:{line}:");
    let first = err.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&head) && first.contains(&format!("error: {message}")),
        "{err}"
    );
    assert!(err.lines().any(|l| l.trim() == "^"), "{err}");
}

#[test]
fn a_sum_of_3000_terms_compiles() {
    let file = write_temp(
        "sum.py",
        &format!("def f(x):\n    return x{}\n", " + 1".repeat(3_000)),
    );
    let out = blackbird(&["run", &file, "-f", "f", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "3001");
}

#[test]
fn deeply_nested_unary_minus_is_a_located_error() {
    let file = write_temp(
        "neg.py",
        &format!("def f(x):\n    return {}x\n", "- ".repeat(5_000)),
    );
    let out = blackbird(&["run", &file, "-f", "f", "1"]);
    assert_located_error(
        &out,
        &file,
        2,
        "expression nested too deeply (more than 1000 levels)",
    );
}

#[test]
fn a_thousand_nested_parentheses_compile() {
    let file = write_temp(
        "parens.py",
        &format!(
            "def f(x):\n    return {}x{}\n",
            "-(".repeat(999),
            ")".repeat(999)
        ),
    );
    let out = blackbird(&["run", &file, "-f", "f", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "-2");
}

/// `if`s nested `depth` deep (one space of indentation per level), each adding one.
fn nested_ifs(depth: usize) -> String {
    let mut s = String::from("def f(x):\n");
    for i in 0..depth {
        s += &format!("{}if x > {}:\n", " ".repeat(i + 1), -(i as i64) - 1);
        s += &format!("{}x = x + 1\n", " ".repeat(i + 2));
    }
    s += " return x\n";
    s
}

#[test]
fn four_thousand_nested_ifs_are_a_located_error() {
    let file = write_temp("ifs.py", &nested_ifs(4_000));
    let out = blackbird(&["run", &file, "-f", "f", "0"]);
    // The 1001st `if`, on line 2 + 2 * 1000.
    assert_located_error(
        &out,
        &file,
        2002,
        "blocks nested too deeply (more than 1000 levels",
    );
}

#[test]
fn a_thousand_nested_ifs_compile() {
    let file = write_temp("ifs1000.py", &nested_ifs(1_000));
    let out = blackbird(&["run", &file, "-f", "f", "0"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "1000");
}

/// `depth` nested `loop.if`s, each yielding the one inside.
fn nested_loop_ifs(depth: usize) -> String {
    let mut s = String::from(
        "func.func {function_type = (f64, i1) -> f64, sym_name = \"deep\"} {\n^bb0(%arg0: f64, %arg1: i1):\n",
    );
    for i in 0..depth {
        s += &format!("%{i} = loop.if %arg1 : (i1) -> f64 {{\n");
    }
    s += "loop.yield %arg0 : f64\n";
    for i in (0..depth).rev() {
        s += "} {\nloop.yield %arg0 : f64\n}\n";
        if i > 0 {
            s += &format!("loop.yield %{i} : f64\n");
        }
    }
    s += "func.return %0 : f64\n}\n";
    s
}

#[test]
fn ten_thousand_nested_regions_in_ir_are_a_located_error() {
    let file = write_temp("deep.ir", &nested_loop_ifs(10_000));
    let out = blackbird(&["opt", &file, "--passes", "canonicalize"]);
    // The region of the 4096th `loop.if`, on line 2 + 4096.
    assert_located_error(
        &out,
        &file,
        4098,
        "regions nested too deeply (more than 4096 levels)",
    );
}

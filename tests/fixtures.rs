//! Per-pass fixtures and invalid-IR fixtures.
//!
//! - `tests/passes/<pass>/<case>.ir`: the first line is `// PIPELINE: <pipeline>`; cases are
//!   split by `// -----`. Each case must parse, verify and round-trip before the pipeline runs
//!   (with verification after every pass); the snapshot shows each case before and after.
//! - `tests/invalid/<case>.ir`: every case must fail to parse or verify; the snapshot shows the
//!   rendered diagnostics (`file:line:col: error: …`, the line, a caret).
//!
//! Fixtures are found in their directories (a new file is a new case) and run on all cores.

use std::path::Path;

use blackbird::dialects::ir::{parse_module, print_op, verify, Context, PrintOptions};
use blackbird::passes::pipeline::PassManager;

#[path = "support/parallel.rs"]
mod parallel;
use parallel::for_each_parallel;

/// Cases of a fixture with their first line number (1-based), padded with blank lines so that
/// locations in diagnostics are those of the fixture file.
fn split_cases(text: &str) -> Vec<(usize, String)> {
    let mut cases = vec![];
    let mut current = String::new();
    let mut start = 1;
    for (i, line) in text.lines().enumerate() {
        if line.trim() == "// -----" {
            cases.push((start, std::mem::take(&mut current)));
            start = i + 2;
            continue;
        }
        if current.is_empty() {
            current.push_str(&"\n".repeat(i));
        }
        current.push_str(line);
        current.push('\n');
    }
    cases.push((start, current));
    cases
        .into_iter()
        .filter(|(_, c)| {
            c.lines()
                .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
        })
        .collect()
}

fn fixture_path(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(rel)
}

fn snapshot_name(rel: &str) -> String {
    rel.trim_end_matches(".ir").replace('/', "__")
}

fn run_pass_fixture(rel: &str) {
    let text = std::fs::read_to_string(fixture_path(rel)).unwrap();
    let first = text.lines().next().unwrap_or_default();
    let pipeline = first
        .strip_prefix("// PIPELINE:")
        .unwrap_or_else(|| panic!("{rel}: first line must be `// PIPELINE: …`"))
        .trim();
    let display = format!("tests/{rel}");
    let mut out = format!("// PIPELINE: {pipeline}\n");
    for (line, case) in split_cases(&text) {
        let mut ctx = Context::new();
        let module = parse_module(&mut ctx, &case, &display)
            .unwrap_or_else(|d| panic!("{}", d.render(Some(&case))));
        verify(&ctx, module)
            .unwrap_or_else(|e| panic!("{display}:{line}: input does not verify: {e:?}"));
        let before = print_op(&ctx, module, PrintOptions::default());
        let mut ctx2 = Context::new();
        let reparsed = parse_module(&mut ctx2, &before, "printed.ir").unwrap();
        assert_eq!(
            before,
            print_op(&ctx2, reparsed, PrintOptions::default()),
            "{display}:{line}: round trip"
        );
        let mut pm = PassManager::parse(&blackbird::passes::default_registry(), pipeline).unwrap();
        let report = pm
            .run(&mut ctx, module)
            .unwrap_or_else(|e| panic!("{display}:{line}: {e}"));
        let after = print_op(&ctx, module, PrintOptions::default());
        let remarks: String = report.remarks.iter().map(|r| format!("// {r}\n")).collect();
        out.push_str(&format!(
            "\n// ----- case at line {line}\n// before:\n{before}// after:\n{remarks}{after}"
        ));
    }
    insta::assert_snapshot!(snapshot_name(rel), out);
}

fn run_invalid_fixture(rel: &str) {
    let text = std::fs::read_to_string(fixture_path(rel)).unwrap();
    let display = format!("tests/{rel}");
    let mut out = String::new();
    for (line, case) in split_cases(&text) {
        let mut ctx = Context::new();
        let rendered = match parse_module(&mut ctx, &case, &display) {
            Err(d) => d.render(Some(&case)),
            Ok(module) => match verify(&ctx, module) {
                Ok(()) => panic!("{display}:{line}: case is valid but should fail"),
                Err(errors) => errors
                    .iter()
                    .map(|e| e.to_diagnostic().render(Some(&case)))
                    .collect(),
            },
        };
        out.push_str(&format!("// ----- case at line {line}\n{rendered}"));
    }
    insta::assert_snapshot!(snapshot_name(rel), out);
}

/// The `.ir` files under `tests/<dir>`, relative to `tests/`, sorted.
fn fixtures_under(dir: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut found = vec![];
    let mut stack = vec![root.join(dir)];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "ir") {
                found.push(
                    p.strip_prefix(&root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    found.sort();
    found
}

/// Run `runner` on every fixture under `tests/<dir>`, on all cores; fail with every fixture
/// that failed.
fn run_all(dir: &str, runner: fn(&str)) {
    let fixtures = fixtures_under(dir);
    assert!(!fixtures.is_empty(), "no fixtures under tests/{dir}");
    let failures = for_each_parallel(&fixtures, |f| f.clone(), |f| runner(f));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn pass_fixtures() {
    run_all("passes", run_pass_fixture);
}

#[test]
fn invalid_fixtures() {
    run_all("invalid", run_invalid_fixture);
}

//! Per-pass fixtures and invalid-IR fixtures.
//!
//! - `tests/passes/<pass>/<case>.ir`: the first line is `// PIPELINE: <pipeline>`; cases are
//!   split by `// -----`. Each case must parse, verify and round-trip before the pipeline runs
//!   (with verification after every pass); the snapshot shows each case before and after.
//! - `tests/invalid/<case>.ir`: every case must fail to parse or verify; the snapshot shows the
//!   rendered diagnostics (`file:line:col: error: …`, the line, a caret).
//!
//! Every fixture file must be listed below (checked by `every_fixture_is_listed`).

use std::path::Path;

use blackbird::dialects::ir::{parse_module, print_op, verify, Context, PrintOptions};
use blackbird::passes::pipeline::PassManager;

const PASS_FIXTURES: &[&str] = &[
    "passes/canonicalize/arith_int.ir",
    "passes/canonicalize/arith_float.ir",
    "passes/canonicalize/control_flow.ir",
    "passes/cse/basic.ir",
    "passes/dce/basic.ir",
    "passes/pipeline/canonicalize_cse_dce.ir",
    "passes/tensor-fuse/chains.ir",
    "passes/tensor-fuse/barriers.ir",
    "passes/convert-tensor-to-loop/sinks.ir",
    "passes/convert-tensor-to-loop/parallel.ir",
    "passes/convert-tensor-to-loop/siblings.ir",
    "passes/convert-tensor-to-loop/epilogues.ir",
    "passes/convert-tensor-to-loop/threaded_products.ir",
    "passes/tensor-eqsat/exact.ir",
    "passes/tensor-eqsat/fastmath.ir",
    "passes/tensor-eqsat/matmul.ir",
    "passes/tensor-eqsat/limits.ir",
    "passes/py-structure-escapes/early_exits.ir",
    "passes/py-parallelize-prange/reductions.ir",
    "passes/py-parallelize-prange/structured.ir",
    "passes/convert-py-to-tensor/early_exits.ir",
];

const INVALID_FIXTURES: &[&str] = &[
    "invalid/parse_errors.ir",
    "invalid/verify_errors.ir",
    "invalid/dialect_errors.ir",
];

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

macro_rules! fixture_tests {
    ($runner:ident: $($name:ident => $path:literal),* $(,)?) => {
        $(#[test] fn $name() { $runner($path); })*
    };
}

fixture_tests!(run_pass_fixture:
    canonicalize_arith_int => "passes/canonicalize/arith_int.ir",
    canonicalize_arith_float => "passes/canonicalize/arith_float.ir",
    canonicalize_control_flow => "passes/canonicalize/control_flow.ir",
    cse_basic => "passes/cse/basic.ir",
    dce_basic => "passes/dce/basic.ir",
    pipeline_canonicalize_cse_dce => "passes/pipeline/canonicalize_cse_dce.ir",
    tensor_fuse_chains => "passes/tensor-fuse/chains.ir",
    tensor_fuse_barriers => "passes/tensor-fuse/barriers.ir",
    convert_tensor_to_loop_sinks => "passes/convert-tensor-to-loop/sinks.ir",
    convert_tensor_to_loop_parallel => "passes/convert-tensor-to-loop/parallel.ir",
    convert_tensor_to_loop_siblings => "passes/convert-tensor-to-loop/siblings.ir",
    convert_tensor_to_loop_epilogues => "passes/convert-tensor-to-loop/epilogues.ir",
    convert_tensor_to_loop_threaded_products => "passes/convert-tensor-to-loop/threaded_products.ir",
    tensor_eqsat_exact => "passes/tensor-eqsat/exact.ir",
    tensor_eqsat_fastmath => "passes/tensor-eqsat/fastmath.ir",
    tensor_eqsat_matmul => "passes/tensor-eqsat/matmul.ir",
    tensor_eqsat_limits => "passes/tensor-eqsat/limits.ir",
    py_structure_escapes_early_exits => "passes/py-structure-escapes/early_exits.ir",
    py_parallelize_prange_reductions => "passes/py-parallelize-prange/reductions.ir",
    py_parallelize_prange_structured => "passes/py-parallelize-prange/structured.ir",
    convert_py_to_tensor_early_exits => "passes/convert-py-to-tensor/early_exits.ir",
);

fixture_tests!(run_invalid_fixture:
    invalid_parse_errors => "invalid/parse_errors.ir",
    invalid_verify_errors => "invalid/verify_errors.ir",
    invalid_dialect_errors => "invalid/dialect_errors.ir",
);

#[test]
fn every_fixture_is_listed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut found = vec![];
    for dir in ["passes", "invalid"] {
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
    }
    for f in &found {
        assert!(
            PASS_FIXTURES.contains(&f.as_str()) || INVALID_FIXTURES.contains(&f.as_str()),
            "fixture {f} is not listed in tests/fixtures.rs"
        );
    }
    assert_eq!(found.len(), PASS_FIXTURES.len() + INVALID_FIXTURES.len());
}

//! Every program run on inputs generated from its signatures, and every `# case:` line.

use std::path::Path;

use std::sync::Mutex;

use crate::harness::*;

/// Inputs for one parameter type: a few values, including non-contiguous views for arrays
/// whose signature allows any layout.
fn inputs_for(
    ctx: &blackbird::dialects::ir::Context,
    t: blackbird::dialects::ir::Type,
    seed: usize,
) -> Vec<In> {
    use blackbird::dialects::ir::{ArrayLayout, TypeKind};
    match ctx.type_kind(t) {
        TypeKind::Int { width: 1, .. } => vec![In::B(seed % 2 == 0), In::B(seed % 2 == 1)],
        // Small non-negative integers stay valid indices of the generated arrays (indexing is
        // unchecked without boundscheck, as in Numba); negative values are tested explicitly.
        TypeKind::Int { .. } => vec![In::I(2), In::I(1), In::I(3)],
        TypeKind::Float(_) => vec![In::F(2.5 + seed as f64), In::F(-1.25), In::F(0.75)],
        TypeKind::PyArray {
            elem, rank, layout, ..
        } => {
            let shape: Vec<usize> = match rank {
                1 => vec![7],
                2 => vec![4, 5],
                _ => vec![2, 3, 4],
            };
            let n: usize = shape.iter().product();
            let values: Vec<f64> = (0..n)
                .map(|i| (((i + seed) * 37 % 11) as f64 - 4.0) * 0.5 + 0.25)
                .collect();
            // Boolean arrays (masks): true where the float pattern is positive.
            if matches!(ctx.type_kind(*elem), TypeKind::Int { width: 1, .. }) {
                let data: Vec<bool> = values.iter().map(|v| *v > 0.0).collect();
                let mut out = vec![crate::oracle::array(&data, &shape)];
                if *layout == ArrayLayout::A {
                    let big: Vec<usize> = shape.iter().map(|d| 2 * d).collect();
                    let m: usize = big.iter().product();
                    let data: Vec<bool> = (0..m).map(|i| i * 13 % 17 > 8).collect();
                    out.push(crate::oracle::view(&data, &big, 2));
                }
                return out;
            }
            if ctx.type_kind(*elem).is_integer() {
                let data: Vec<i64> = values.iter().map(|v| (v * 2.0) as i64).collect();
                return vec![ints(&data, &shape)];
            }
            if *layout == ArrayLayout::F {
                return vec![fortran(&values, &shape)];
            }
            let mut out = vec![arr(&values, &shape)];
            if *layout == ArrayLayout::A {
                let big: Vec<usize> = shape.iter().map(|d| 2 * d).collect();
                let m: usize = big.iter().product();
                let data: Vec<f64> = (0..m)
                    .map(|i| ((i * 13 % 17) as f64 - 8.0) * 0.25 + 0.125)
                    .collect();
                out.push(strided(&data, &big, 2));
            }
            out
        }
        // Tuples of scalars: the items' inputs side by side.
        TypeKind::Tuple(items) => {
            let per_item: Vec<Vec<In>> = items.iter().map(|t| inputs_for(ctx, *t, seed)).collect();
            let literal = |x: &In| matches!(x, In::I(_) | In::F(_) | In::B(_) | In::T(_));
            if per_item
                .iter()
                .any(|v| v.is_empty() || !v.iter().all(literal))
            {
                return vec![];
            }
            let n = per_item.iter().map(Vec::len).max().unwrap_or(1);
            (0..n)
                .map(|j| In::T(per_item.iter().map(|v| v[j % v.len()].clone()).collect()))
                .collect()
        }
        _ => vec![],
    }
}

#[test]
fn every_program_runs_differentially_on_generated_inputs() {
    let checked = Mutex::new((0, vec![]));
    let failures = crate::parallel::for_each_parallel(
        &program_files(),
        |path| path.display().to_string(),
        |path| {
            let (n, skipped) = check_generated_inputs(path);
            let mut all = checked.lock().unwrap();
            all.0 += n;
            all.1.extend(skipped);
        },
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let (checked, mut skipped) = checked.into_inner().unwrap();
    skipped.sort();
    eprintln!("checked {checked} calls; not compiled yet: {skipped:?}");
    assert!(
        checked >= 60 || filtered(),
        "only {checked} differential calls ran"
    );
}

/// Check the functions of the program at `path` with eager signatures or `# sig:` lines on
/// inputs made for their parameter types: the number of checks, and the functions skipped.
fn check_generated_inputs(path: &Path) -> (usize, Vec<String>) {
    use blackbird::dialects::ir::{Context, TypeKind};
    let (mut checked, mut skipped) = (0, vec![]);
    {
        let source = std::fs::read_to_string(path).unwrap();
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let mut ctx = Context::new();
        let program = blackbird::lower_python(&mut ctx, &source, &file).unwrap();
        // (function, signature type, signature text: None for the eager signature)
        let mut requests: Vec<(String, blackbird::dialects::ir::Type, Option<String>)> = vec![];
        for line in source.lines() {
            if let Some(rest) = line.strip_prefix("# sig: ") {
                let (f, sig) = rest.split_once(' ').unwrap();
                requests.push((
                    f.to_string(),
                    blackbird::frontend::parse_signature(&mut ctx, sig).unwrap(),
                    Some(sig.to_string()),
                ));
            }
        }
        for f in &program.functions {
            let njit = f.decorator.as_ref().is_some_and(|d| {
                matches!(
                    d.kind,
                    blackbird::frontend::DecoratorKind::Jit
                        | blackbird::frontend::DecoratorKind::Njit
                )
            });
            if let (true, Some(sig)) = (
                njit,
                f.decorator.as_ref().and_then(|d| d.signatures.first()),
            ) {
                requests.push((f.name.clone(), *sig, None));
            }
        }
        for (function, sig, text) in requests {
            let TypeKind::Function { inputs, .. } = ctx.type_kind(sig).clone() else {
                unreachable!()
            };
            // GPU kernels run in tests/gpu.rs (on a machine with a GPU).
            let kernel = program
                .function(&function)
                .and_then(|f| f.decorator.as_ref())
                .is_some_and(|d| d.options.gpu.is_some());
            if kernel {
                continue;
            }
            if blackbird::dump(&source, &file, &function, "loop", text.as_deref()).is_err() {
                skipped.push(format!("{file}::{function}"));
                continue;
            }
            let f32_involved = inputs
                .iter()
                .any(|t| blackbird::dialects::ir::type_to_string(&ctx, *t).contains("f32"))
                || source.contains("float32");
            let rel = if f32_involved { 1e-5 } else { 1e-9 };
            let choices: Vec<Vec<In>> = inputs
                .iter()
                .enumerate()
                .map(|(i, t)| inputs_for(&ctx, *t, i))
                .collect();
            if choices.iter().any(|c| c.is_empty()) {
                skipped.push(format!("{file}::{function}"));
                continue;
            }
            // Each input position cycles through its choices (a diagonal, not the product).
            let rounds = choices.iter().map(|c| c.len()).max().unwrap_or(1);
            for r in 0..rounds {
                let args: Vec<In> = choices.iter().map(|c| c[r % c.len()].clone()).collect();
                check(&file, &function, &args, rel);
                checked += 1;
            }
        }
    }
    (checked, skipped)
}

/// Every `# case:` line of every program (see docs/TESTING.md), the programs on all cores.
#[test]
fn every_case_of_the_programs_matches_cpython() {
    let files: Vec<String> = crate::generated::program_files()
        .into_iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    let count = std::sync::atomic::AtomicUsize::new(0);
    let failures = crate::parallel::for_each_parallel(
        &files,
        |file| file.clone(),
        |file| {
            let n = check_cases(file, |_| {});
            count.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        },
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let count = count.into_inner();
    eprintln!(
        "{count} checks from the `# case:` lines of {} programs",
        files.len()
    );
    assert!(
        count >= 680 || filtered(),
        "only {count} checks: `# case:` lines lost?"
    );
}

/// Whether `BLACKBIRD_PROGRAMS` restricts the run to some programs (the count checks are off).
fn filtered() -> bool {
    std::env::var_os("BLACKBIRD_PROGRAMS").is_some()
}

/// The programs of `tests/programs`, sorted; with `BLACKBIRD_PROGRAMS=NAME`, only those whose
/// file name contains NAME (to check one program while working on it).
pub fn program_files() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let only = std::env::var("BLACKBIRD_PROGRAMS").unwrap_or_default();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains(&only))
        .collect();
    files.sort();
    files
}

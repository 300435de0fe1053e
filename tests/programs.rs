//! Python programs (`tests/programs/*.py` and `examples/*.py`): each is lowered to the `py`
//! dialect, verified and checked to round-trip through the IR text; each function is pinned by
//! one snapshot (`tests/snapshots/programs/<program>/<function>.snap`) with a section per
//! stage, so that adding a function changes no other snapshot. Invalid programs
//! (`tests/errors/*.py`) must fail with a diagnostic (from the frontend, type inference or
//! code generation), which is snapshotted as users see it (`file:line:col: error: …`, the
//! line, a caret).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use blackbird::dialects::ir::{parse_module, print_op, verify, Context, PrintOptions};
use blackbird::Error;

#[path = "support/parallel.rs"]
mod parallel;
use parallel::for_each_parallel;

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// The snapshots of a program: for each function, its `py` op as printed in the module, then
/// for each typed request of it (see [`typed_requests`]) the typed, tensor, tensor-opt, loop and
/// MLIR stages. The whole module must verify and round-trip through its text first.
fn snapshots_of(source: &str, name: &str) -> BTreeMap<String, String> {
    let mut ctx = Context::new();
    let program = blackbird::lower_python(&mut ctx, source, name)
        .unwrap_or_else(|e| panic!("{}", e.render(Some(source))));
    assert!(!program.functions.is_empty(), "{name}: no functions");
    if let Some(error) = program.first_lowering_error() {
        panic!("{}", error.render(Some(source)));
    }
    for options in [PrintOptions::default(), PrintOptions { locations: true }] {
        let text = print_op(&ctx, program.module, options);
        assert_round_trip(&text, options, name);
    }
    // Every op carries a location inside the Python file (or the prelude's, for the prelude
    // functions it calls).
    use blackbird::passes::library::prelude::{NUMPY_FILE, RANDOM_FILE};
    for op in ctx.walk_preorder(program.module) {
        let loc = ctx.loc(op).to_string();
        assert!(
            loc.starts_with(name) || loc.starts_with(NUMPY_FILE) || loc.starts_with(RANDOM_FILE),
            "{name}: op {} has location {loc}",
            ctx.op_name(op)
        );
    }
    let mut out = BTreeMap::new();
    for f in ctx.body_ops(program.module) {
        let function = blackbird::dialects::func::function_name(&ctx, f)
            .unwrap_or_else(|| panic!("{name}: a top-level op without a name"))
            .to_string();
        // The prelude's functions (`np.roll`) are snapshot where they are used, not once per
        // program that calls them; so are inner functions and lambdas (`outer.inner`) and
        // the specialisations for function arguments (`apply$f$square`), in the typed stages
        // of the functions that call them.
        if function.contains(['.', '$']) {
            continue;
        }
        let printed = print_op(&ctx, f, PrintOptions::default());
        out.insert(function, format!("// ===== stage: py =====\n{printed}"));
    }
    for (function, signature) in typed_requests(source, &program) {
        let text = out
            .get_mut(&function)
            .unwrap_or_else(|| panic!("{name}: no function {function}"));
        text.push_str(&typed_stages(source, name, &function, signature.as_deref()));
    }
    out
}

/// `text` parses, verifies and prints back to itself.
fn assert_round_trip(text: &str, options: PrintOptions, name: &str) {
    let mut ctx = Context::new();
    let again = parse_module(&mut ctx, text, "printed.ir")
        .unwrap_or_else(|d| panic!("{name}: {}", d.render(Some(text))));
    verify(&ctx, again).unwrap();
    assert_eq!(
        text,
        print_op(&ctx, again, options),
        "{name}: print → parse → print"
    );
}

/// The sections of `function` typed for `signature` (`None`: its eager signature): typed, then
/// the tensor stages where whole-array code exists, the loop and MLIR stages, or the reason
/// code generation does not support it yet.
fn typed_stages(source: &str, name: &str, function: &str, signature: Option<&str>) -> String {
    let stage = |s| blackbird::dump(source, name, function, s, signature);
    let label = signature.unwrap_or("eager signature");
    let typed = stage("typed")
        .unwrap_or_else(|e| panic!("{name}: typing {function}: {}", e.render(Some(source))));
    assert_round_trip(&typed, PrintOptions::default(), name);
    let mut out = format!("\n// ===== stage: typed {label} =====\n{typed}");
    match stage("loop") {
        Ok(loop_ir) => {
            let tensor = stage("tensor").unwrap();
            if tensor.contains("tensor.") {
                let fused = stage("tensor-opt").unwrap();
                out.push_str(&format!("\n// ===== stage: tensor {label} =====\n{tensor}"));
                out.push_str(&format!(
                    "\n// ===== stage: tensor-opt {label} =====\n{fused}"
                ));
            }
            let mlir = stage("mlir").unwrap();
            out.push_str(&format!("\n// ===== stage: loop {label} =====\n{loop_ir}"));
            out.push_str(&format!("\n// ===== stage: mlir {label} =====\n{mlir}"));
        }
        Err(e) => out.push_str(&format!(
            "\n// ===== codegen {label}: not yet =====\n{}",
            e.render(Some(source))
        )),
    }
    out
}

/// What to type: every eager signature's function (a `@guvectorize` kernel included), each
/// `# sig: NAME SIGNATURE` line (also run by the differential tests) and each
/// `# snapshot-sig: NAME SIGNATURE` line (pinned here only: e.g. a `@vectorize` function's
/// loop over arrays, which CPython cannot run as written).
fn typed_requests(
    source: &str,
    program: &blackbird::frontend::Program,
) -> Vec<(String, Option<String>)> {
    let mut out = vec![];
    for f in &program.functions {
        let eager = f
            .decorator
            .as_ref()
            .is_some_and(|d| !d.signatures.is_empty());
        let typed_kind = f.decorator.as_ref().is_some_and(|d| {
            matches!(
                d.kind,
                blackbird::frontend::DecoratorKind::Jit
                    | blackbird::frontend::DecoratorKind::Njit
                    | blackbird::frontend::DecoratorKind::CudaJit
                    | blackbird::frontend::DecoratorKind::GuVectorize
            )
        });
        if eager && typed_kind {
            out.push((f.name.clone(), None));
        }
    }
    for line in source.lines() {
        let request = line
            .strip_prefix("# sig: ")
            .or_else(|| line.strip_prefix("# snapshot-sig: "));
        if let Some(rest) = request {
            let (function, signature) = rest.split_once(' ').expect("`# sig: NAME SIGNATURE`");
            out.push((function.to_string(), Some(signature.to_string())));
        }
    }
    out
}

/// The `.py` files of `dir` (relative to the crate), sorted; with `BLACKBIRD_PROGRAMS=NAME`,
/// only those whose file name contains NAME (to snapshot one program while working on it).
fn python_files(dir: &str) -> Vec<PathBuf> {
    let only = std::env::var("BLACKBIRD_PROGRAMS").unwrap_or_default();
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "py"))
            .filter(|p| p.file_name().unwrap().to_string_lossy().contains(&only))
            .collect();
    files.sort();
    files
}

/// Snapshot every function of every program of `dir` as
/// `tests/snapshots/<kind>/<program>/<function>.snap` (`kind`: `programs` or `examples`), on
/// all cores; report every program that fails.
fn snapshot_programs(dir: &str, kind: &str) {
    let failures = for_each_parallel(
        &python_files(dir),
        |p| relative(p),
        |p| snapshot_program(p, kind),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn snapshot_program(path: &Path, kind: &str) {
    let source = std::fs::read_to_string(path).unwrap();
    let stem = path.file_stem().unwrap().to_string_lossy();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(format!("snapshots/{kind}/{stem}"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_input_file(path);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for (function, text) in snapshots_of(&source, &relative(path)) {
            insta::assert_snapshot!(function, text);
        }
    });
}

#[test]
fn programs() {
    snapshot_programs("tests/programs", "programs");
}

#[test]
fn examples() {
    snapshot_programs("examples", "examples");
}

/// Every snapshot under `tests/snapshots/programs` and `…/examples` belongs to a function of
/// a program (none is left behind when a function or program is renamed or removed).
#[test]
fn no_snapshot_without_its_function() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (kind, dir) in [("programs", "tests/programs"), ("examples", "examples")] {
        let snapshots = root.join("tests/snapshots").join(kind);
        for program in std::fs::read_dir(&snapshots).unwrap() {
            let program = program.unwrap().path();
            let source = root.join(dir).join(format!(
                "{}.py",
                program.file_name().unwrap().to_string_lossy()
            ));
            let source = std::fs::read_to_string(&source).unwrap_or_else(|_| {
                panic!("{}: no program {}", program.display(), source.display())
            });
            for snap in std::fs::read_dir(&program).unwrap() {
                let snap = snap.unwrap().path();
                let name = snap.file_name().unwrap().to_string_lossy().to_string();
                let function = name.strip_suffix(".snap").unwrap_or_else(|| {
                    panic!(
                        "{}: not a snapshot (a `.snap.new` left behind?)",
                        snap.display()
                    )
                });
                assert!(
                    source.contains(&format!("def {function}(")),
                    "{}: no function {function} in the program",
                    snap.display()
                );
            }
        }
    }
}

/// Adding a function to a program changes no other function's snapshot: values are numbered
/// per function in every stage (the MLIR one included) and each function has its own snapshot.
#[test]
fn adding_a_function_changes_no_other_snapshot() {
    let added = "@njit(\"float64(float64[:], int64)\")\ndef added_first(a, n):\n    s = 0.0\n    for i in range(n):\n        for x in a[i:]:\n            if x > 0.5:\n                s += x * 2.0\n    return s\n\n\n";
    for file in [
        "mutual_recursion.py",
        "prange_reductions.py",
        "array_control_flow.py",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/programs")
            .join(file);
        let source = std::fs::read_to_string(&path).unwrap();
        // Before every other function: its ops and values come first in the arenas.
        let at = source.find("\n@").expect("a decorated function") + 1;
        let with_added = format!("{}{added}{}", &source[..at], &source[at..]);
        let before = snapshots_of(&source, file);
        let after = snapshots_of(&with_added, file);
        assert!(
            after.contains_key("added_first"),
            "{file}: the function was not added"
        );
        for (function, text) in &before {
            assert_eq!(
                Some(text),
                after.get(function),
                "{file}: adding a function changed the snapshot of {function}"
            );
        }
        assert!(
            after["added_first"].contains("stage: mlir"),
            "{file}: the added function compiles"
        );
    }
}

#[test]
fn errors() {
    insta::glob!("errors/*.py", |path| {
        let source = std::fs::read_to_string(path).unwrap();
        let name = relative(path);
        let mut ctx = Context::new();
        let err: Error = match blackbird::lower_python(&mut ctx, &source, &name) {
            // Rejected by type inference, else by code generation.
            Ok(program) if program.first_lowering_error().is_some() => {
                program.first_lowering_error().unwrap().clone().into()
            }
            Ok(program) => typed_requests(&source, &program)
                .into_iter()
                .find_map(|(function, sig)| {
                    blackbird::infer_types(&mut ctx, &program, &function, sig.as_deref())
                        .err()
                        .or_else(|| {
                            blackbird::dump(&source, &name, &function, "loop", sig.as_deref()).err()
                        })
                })
                .unwrap_or_else(|| panic!("{name} should be rejected")),
            Err(e) => e,
        };
        let rendered = err.render(Some(&source));
        assert!(rendered.starts_with(&format!("{name}:")), "{rendered}");
        assert!(
            rendered.contains(": error: ") && rendered.contains('^'),
            "{rendered}"
        );
        insta::assert_snapshot!(rendered);
    });
}

#[test]
fn there_are_enough_fixtures() {
    let count = |dir: &str| {
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
            .unwrap()
            .count()
    };
    assert!(count("tests/programs") >= 30);
    assert!(count("tests/errors") >= 20);
}

//! Python programs (`tests/programs/*.py` and `examples/*.py`): each is lowered to the `py`
//! dialect, verified, checked to round-trip through the IR text, and pinned by one snapshot with
//! a section per stage. Invalid programs (`tests/errors/*.py`) must fail with a diagnostic (from
//! the frontend, type inference or code generation), which is snapshotted as users see it
//! (`file:line:col: error: …`, the line, a caret).

use std::path::Path;

use blackbird::dialects::ir::{parse_module, print_op, verify, Context, PrintOptions};
use blackbird::Error;

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

fn stages_of(path: &Path) -> String {
    let source = std::fs::read_to_string(path).unwrap();
    let name = relative(path);
    let mut ctx = Context::new();
    let program = blackbird::lower_python(&mut ctx, &source, &name)
        .unwrap_or_else(|e| panic!("{}", e.render(Some(&source))));
    assert!(!program.functions.is_empty(), "{name}: no functions");
    if let Some(error) = program.first_lowering_error() {
        panic!("{}", error.render(Some(&source)));
    }
    let printed = print_op(&ctx, program.module, PrintOptions::default());
    let with_locs = print_op(&ctx, program.module, PrintOptions { locations: true });
    for text in [&printed, &with_locs] {
        let mut ctx2 = Context::new();
        let again = parse_module(&mut ctx2, text, "printed.ir")
            .unwrap_or_else(|d| panic!("{name}: {}", d.render(Some(text))));
        verify(&ctx2, again).unwrap();
        let options = if text == &printed {
            PrintOptions::default()
        } else {
            PrintOptions { locations: true }
        };
        assert_eq!(
            *text,
            print_op(&ctx2, again, options),
            "{name}: print → parse → print"
        );
    }
    // Every op carries a location inside the Python file.
    for op in ctx.walk_preorder(program.module) {
        let loc = ctx.loc(op).to_string();
        assert!(
            loc.starts_with(&name),
            "{name}: op {} has location {loc}",
            ctx.op_name(op)
        );
    }
    let mut out = format!("// ===== stage: py =====\n{printed}");
    for (function, signature) in typed_requests(&source, &program) {
        let text = blackbird::dump(&source, &name, &function, "typed", signature.as_deref())
            .unwrap_or_else(|e| panic!("{name}: typing {function}: {}", e.render(Some(&source))));
        let mut ctx2 = Context::new();
        let again = parse_module(&mut ctx2, &text, "typed.ir")
            .unwrap_or_else(|d| panic!("{name}: {}", d.render(Some(&text))));
        verify(&ctx2, again).unwrap();
        assert_eq!(
            text,
            print_op(&ctx2, again, PrintOptions::default()),
            "{name}: typed round trip"
        );
        let label = signature
            .clone()
            .unwrap_or_else(|| "eager signature".into());
        out.push_str(&format!(
            "\n// ===== stage: typed {function} {label} =====\n{text}"
        ));
        // Code generation: the tensor stages where whole-array code exists, the loop and MLIR
        // stages, or the reason it is not supported yet.
        match blackbird::dump(&source, &name, &function, "loop", signature.as_deref()) {
            Ok(loop_ir) => {
                let stage = |s| blackbird::dump(&source, &name, &function, s, signature.as_deref());
                let tensor = stage("tensor").unwrap();
                if tensor.contains("tensor.") {
                    let fused = stage("tensor-opt").unwrap();
                    out.push_str(&format!(
                        "\n// ===== stage: tensor {function} {label} =====\n{tensor}"
                    ));
                    out.push_str(&format!(
                        "\n// ===== stage: tensor-opt {function} {label} =====\n{fused}"
                    ));
                }
                let mlir = blackbird::dump(&source, &name, &function, "mlir", signature.as_deref())
                    .unwrap();
                out.push_str(&format!(
                    "\n// ===== stage: loop {function} {label} =====\n{loop_ir}"
                ));
                out.push_str(&format!(
                    "\n// ===== stage: mlir {function} {label} =====\n{mlir}"
                ));
            }
            Err(e) => out.push_str(&format!(
                "\n// ===== codegen {function} {label}: not yet =====\n{}",
                e.render(Some(&source))
            )),
        }
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

#[test]
fn programs() {
    insta::glob!("programs/*.py", |path| {
        insta::assert_snapshot!(stages_of(path));
    });
}

#[test]
fn examples() {
    insta::glob!("../examples", "*.py", |path| {
        insta::assert_snapshot!(stages_of(path));
    });
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

//! Python programs (`tests/programs/*.py` and `examples/*.py`): each is lowered to the `py`
//! dialect, verified, checked to round-trip through the IR text, and pinned by one snapshot with
//! a section per stage. Invalid programs (`tests/errors/*.py`) must fail with a diagnostic,
//! which is snapshotted as users see it (`file:line:col: error: …`, the line, a caret).

use std::path::Path;

use blackbird::dialects::ir::{parse_module, print_op, verify, Context, PrintOptions};
use blackbird::Error;

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap().to_string_lossy().replace('\\', "/")
}

fn stages_of(path: &Path) -> String {
    let source = std::fs::read_to_string(path).unwrap();
    let name = relative(path);
    let mut ctx = Context::new();
    let program = blackbird::lower_python(&mut ctx, &source, &name).unwrap_or_else(|e| panic!("{}", e.render(Some(&source))));
    assert!(!program.functions.is_empty(), "{name}: no functions");
    let printed = print_op(&ctx, program.module, PrintOptions::default());
    let with_locs = print_op(&ctx, program.module, PrintOptions { locations: true });
    for text in [&printed, &with_locs] {
        let mut ctx2 = Context::new();
        let again = parse_module(&mut ctx2, text, "printed.ir").unwrap_or_else(|d| panic!("{name}: {}", d.render(Some(text))));
        verify(&ctx2, again).unwrap();
        let options = if text == &printed { PrintOptions::default() } else { PrintOptions { locations: true } };
        assert_eq!(*text, print_op(&ctx2, again, options), "{name}: print → parse → print");
    }
    // Every op carries a location inside the Python file.
    for op in ctx.walk_preorder(program.module) {
        let loc = ctx.loc(op).to_string();
        assert!(loc.starts_with(&name), "{name}: op {} has location {loc}", ctx.op_name(op));
    }
    format!("// ===== stage: py =====\n{printed}")
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
            Ok(_) => panic!("{name} should be rejected"),
            Err(e) => e,
        };
        let rendered = err.render(Some(&source));
        assert!(rendered.starts_with(&format!("{name}:")), "{rendered}");
        assert!(rendered.contains(": error: ") && rendered.contains('^'), "{rendered}");
        insta::assert_snapshot!(rendered);
    });
}

#[test]
fn there_are_enough_fixtures() {
    let count = |dir: &str| std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)).unwrap().count();
    assert!(count("tests/programs") >= 30);
    assert!(count("tests/errors") >= 20);
}

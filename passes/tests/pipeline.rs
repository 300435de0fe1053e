//! Pipeline strings, option checking, the registry and the instrumentation.

use blackbird_dialects::ir::{parse_module, print_op, Context};
use blackbird_passes::default_registry;
use blackbird_passes::pipeline::{parse_pipeline, Change, Instrumentation, PassManager};

fn error_of(pipeline: &str) -> (usize, String) {
    match PassManager::parse(&default_registry(), pipeline) {
        Ok(_) => panic!("pipeline {pipeline:?} should be rejected"),
        Err(e) => (e.column, e.message),
    }
}

#[test]
fn parses_names_and_options() {
    let specs = parse_pipeline(" canonicalize{max-iterations=3} , cse,dce ").unwrap();
    let names: Vec<_> = specs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["canonicalize", "cse", "dce"]);
    assert_eq!(
        specs[0].options,
        vec![("max-iterations".to_string(), "3".to_string(), 14)]
    );
    assert_eq!(specs[1].column, 34);
}

#[test]
fn multiple_options_and_empty_braces() {
    let specs = parse_pipeline("a{x=1,y=two},b{}").unwrap();
    assert_eq!(specs[0].options.len(), 2);
    assert_eq!(specs[0].options[1].1, "two");
    assert!(specs[1].options.is_empty());
}

#[test]
fn quoted_values_hold_commas_braces_and_escapes() {
    let specs =
        parse_pipeline(r#"p{signature="(!py.array<f64, 2, A>) -> ()", note="a \"b\" \\ {c}"},q"#)
            .unwrap();
    assert_eq!(specs[0].options[0].1, "(!py.array<f64, 2, A>) -> ()");
    assert_eq!(specs[0].options[1].1, r#"a "b" \ {c}"#);
    assert_eq!(specs[1].name, "q");
    let e = parse_pipeline(r#"p{signature="(i64}"#).unwrap_err();
    assert_eq!(e.column, 12);
    assert!(
        e.message
            .contains("unterminated quoted value for option 'signature'"),
        "{e:?}"
    );
}

#[test]
fn empty_pipeline_is_an_error() {
    assert_eq!(
        parse_pipeline("   ").unwrap_err().message,
        "the pipeline is empty"
    );
}

#[test]
fn unknown_pass_names_the_known_ones() {
    let (col, msg) = error_of("cse,frobnicate");
    assert_eq!(col, 4);
    assert!(
        msg.contains("unknown pass 'frobnicate'")
            && msg.contains(
                "canonicalize, convert-loop-to-mlir, convert-py-to-tensor, convert-tensor-to-loop, \
                 cse, dce, ownership-based-buffer-deallocation, py-infer-types, py-parallelize-prange, \
                 py-propagate-raises, py-structure-escapes, tensor-eqsat, tensor-fuse"
            ),
        "{msg}"
    );
}

#[test]
fn unknown_option_is_an_error() {
    let (col, msg) = error_of("canonicalize{max-iteration=2}");
    assert_eq!(col, 13);
    assert!(
        msg.contains("unknown option 'max-iteration'")
            && msg.contains("known options: max-iterations"),
        "{msg}"
    );
}

#[test]
fn bad_option_value_is_an_error() {
    let (col, msg) = error_of("canonicalize{max-iterations=-1}");
    assert_eq!(col, 13);
    assert!(
        msg.contains("expects a non-negative integer, found '-1'"),
        "{msg}"
    );
}

#[test]
fn syntax_errors_point_at_the_column() {
    for (pipeline, col, needle) in [
        ("cse,,dce", 4, "expected a pass name"),
        ("cse dce", 4, "expected ',' between passes"),
        (
            "canonicalize{max-iterations}",
            27,
            "expected '=' after option",
        ),
        ("canonicalize{max-iterations=}", 28, "expected a value"),
        ("canonicalize{max-iterations=2", 29, "expected ',' or '}'"),
        ("cse,", 4, "expected a pass name, found end of pipeline"),
    ] {
        let e = parse_pipeline(pipeline).unwrap_err();
        assert_eq!(e.column, col, "{pipeline}: {e:?}");
        assert!(e.message.contains(needle), "{pipeline}: {}", e.message);
    }
}

#[test]
fn render_puts_a_caret_under_the_column() {
    let e = parse_pipeline("cse dce").unwrap_err();
    let text = e.render("cse dce");
    assert!(text.ends_with("  cse dce\n      ^\n"), "{text:?}");
}

const PROGRAM: &str = "func.func {function_type = () -> i64, sym_name = \"f\"} {\n  %0 = arith.constant {value = 2 : i64} : i64\n  %1 = arith.addi %0, %0 : i64\n  func.return %1 : i64\n}\n";

#[test]
fn instrumentation_prints_after_selected_passes_and_times_each() {
    let mut ctx = Context::new();
    let module = parse_module(&mut ctx, PROGRAM, "f.ir").unwrap();
    let mut pm = PassManager::parse(&default_registry(), "canonicalize,cse,dce").unwrap();
    pm.instrumentation = Instrumentation {
        print_after: vec!["cse".into()],
        ..Default::default()
    };
    let report = pm.run(&mut ctx, module).unwrap();
    assert_eq!(report.dumps.matches("IR Dump After").count(), 1);
    assert!(report
        .dumps
        .starts_with("// -----// IR Dump After cse //----- //\n"));
    let changes: Vec<_> = report.timings.iter().map(|t| (t.pass, t.change)).collect();
    assert_eq!(
        changes,
        [
            ("canonicalize", Change::Changed),
            ("cse", Change::Unchanged),
            ("dce", Change::Unchanged)
        ]
    );
    let table = report.timing_table();
    for name in [
        "canonicalize",
        "cse",
        "dce",
        "Total",
        "Execution time report",
    ] {
        assert!(table.contains(name), "{table}");
    }
}

#[test]
fn print_after_change_skips_passes_that_did_nothing() {
    let mut ctx = Context::new();
    let module = parse_module(&mut ctx, PROGRAM, "f.ir").unwrap();
    let mut pm = PassManager::parse(&default_registry(), "canonicalize,cse,dce").unwrap();
    pm.instrumentation = Instrumentation {
        print_after_all: true,
        print_after_change: true,
        ..Default::default()
    };
    let report = pm.run(&mut ctx, module).unwrap();
    assert_eq!(report.dumps.matches("IR Dump After").count(), 1);
    assert!(report.dumps.contains("After canonicalize"));
}

#[test]
fn every_registered_pass_runs_on_an_empty_module() {
    for info in default_registry().list() {
        // The passes that rebuild a module for an entry function need one: they run from
        // Python in tests/cli.rs.
        if info.options.iter().any(|o| o.name == "function") {
            continue;
        }
        let mut ctx = Context::new();
        let module = parse_module(&mut ctx, "builtin.module {\n^bb0:\n}\n", "empty.ir").unwrap();
        let mut pm = PassManager::parse(&default_registry(), info.name).unwrap();
        let report = pm.run(&mut ctx, module).unwrap();
        assert_eq!(report.timings[0].change, Change::Unchanged, "{}", info.name);
    }
}

#[test]
fn the_generic_passes_keep_every_op_example_valid() {
    let examples: Vec<&str> = Context::new()
        .registry()
        .all()
        .iter()
        .map(|d| d.example)
        .collect();
    for example in examples {
        let mut ctx = Context::new();
        let module = parse_module(&mut ctx, example, "example.ir").unwrap();
        let mut pm =
            PassManager::parse(&default_registry(), "canonicalize,cse,dce,canonicalize").unwrap();
        pm.run(&mut ctx, module)
            .unwrap_or_else(|e| panic!("{example}\n{e}"));
    }
}

#[test]
fn convert_loop_to_mlir_ends_the_pipeline_and_its_text_is_the_output() {
    let (col, msg) = error_of("cse,convert-loop-to-mlir{entry=f},dce");
    assert_eq!(col, 4);
    assert!(
        msg.contains("pass 'convert-loop-to-mlir' must end the pipeline")
            && msg.contains("'dce' follows it"),
        "{msg}"
    );
    let mut ctx = Context::new();
    let text = "func.func {function_type = (i64) -> i64, sym_name = \"f\"} {\n^bb0(%arg0: i64):\n  %0 = arith.addi %arg0, %arg0 : i64\n  func.return %0 : i64\n}\n";
    let module = parse_module(&mut ctx, text, "f.ir").unwrap();
    let mut pm =
        PassManager::parse(&default_registry(), "cse,convert-loop-to-mlir{entry=f}").unwrap();
    let report = pm.run(&mut ctx, module).unwrap();
    let mlir = report.output.expect("the pass's text");
    assert!(
        mlir.starts_with("module {")
            && mlir.contains("arith.addi %v0, %v0 : i64")
            && mlir.contains("func.func @blackbird_entry"),
        "{mlir}"
    );
    // The IR itself is left as it was.
    assert!(print_op(&ctx, module, Default::default()).contains("arith.addi %arg0, %arg0"));
}

//! Every op's example parses, verifies, and prints back to text that parses to the same print
//! (print → parse → print is the identity), with and without locations.

use blackbird_dialects::ir::{parse_module, print_op, verify, Context, PrintOptions};

fn round_trip(text: &str, options: PrintOptions) -> Result<String, String> {
    let mut ctx = Context::new();
    let module = parse_module(&mut ctx, text, "example.ir").map_err(|d| d.render(Some(text)))?;
    verify(&ctx, module).map_err(|errs| {
        errs.iter()
            .map(|e| e.to_diagnostic().render(Some(text)))
            .collect::<String>()
    })?;
    let first = print_op(&ctx, module, options);
    let mut ctx2 = Context::new();
    let module2 =
        parse_module(&mut ctx2, &first, "printed.ir").map_err(|d| d.render(Some(&first)))?;
    verify(&ctx2, module2).map_err(|errs| format!("{errs:?}"))?;
    let second = print_op(&ctx2, module2, options);
    if first != second {
        return Err(format!(
            "print → parse → print differs:\n{first}\n---\n{second}"
        ));
    }
    Ok(first)
}

#[test]
fn every_op_example_round_trips() {
    let ctx = Context::new();
    let mut failures = vec![];
    let defs = ctx.registry().all();
    assert!(
        defs.len() >= 100,
        "expected the dialects to declare many ops, found {}",
        defs.len()
    );
    for def in defs {
        assert!(!def.summary.is_empty(), "{} has no summary", def.name);
        if !def.example.contains(def.name) {
            failures.push(format!("{}: example does not use the op", def.name));
            continue;
        }
        for options in [PrintOptions::default(), PrintOptions { locations: true }] {
            match round_trip(def.example, options) {
                Ok(printed) => assert!(printed.contains(def.name)),
                Err(e) => failures.push(format!("{}:\n{e}", def.name)),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn locations_survive_a_round_trip() {
    let text = "%0 = arith.constant {value = 1 : i64} : i64 loc(\"lu.py\":3:9)\n";
    let printed = round_trip(text, PrintOptions { locations: true }).unwrap();
    assert!(printed.contains("loc(\"lu.py\":3:9)"), "{printed}");
}

#[test]
fn attributes_of_every_kind_round_trip() {
    let text = r#"py.func {arg_names = ["a\"b", "c\\d\n", @sym, [1 : i32, 2.5 : f32], array<i64>, array<i64: -1, 2>, true, (i64, f64) -> (f64, i1)], function_type = () -> (), sym_name = "f"} {
  %0 = arith.constant {value = 0x7FF0000000000000 : f64} : f64
  %1 = arith.constant {value = 0x7FF8000000000000 : f64} : f64
  %2 = arith.constant {value = -0.0 : f64} : f64
  %3 = arith.constant {value = 1e-300 : f64} : f64
  %4 = arith.constant {value = -9223372036854775808 : i64} : i64
  py.return
}
"#;
    let printed = round_trip(text, PrintOptions::default()).unwrap();
    for needle in [
        "0x7FF0000000000000",
        "0x7FF8000000000000",
        "-0.0 : f64",
        "1e-300",
        "-9223372036854775808",
        "\"a\\\"b\"",
        "array<i64: -1, 2>",
    ] {
        assert!(printed.contains(needle), "missing {needle} in\n{printed}");
    }
}

#[test]
fn types_of_every_kind_round_trip() {
    let mut ctx = Context::new();
    for text in [
        "i1",
        "i8",
        "i32",
        "i64",
        "ui8",
        "f16",
        "f32",
        "f64",
        "index",
        "none",
        "complex<f64>",
        "tuple<>",
        "tuple<i64, tuple<f64>>",
        "() -> ()",
        "(i64) -> f64",
        "(i64) -> (f64, f64)",
        "(i64) -> ((f64) -> f64)",
        "tensor<f64>",
        "tensor<?x3xf32>",
        "memref<?xf64>",
        "memref<2x?xi64, strided<[?, ?], offset: ?>>",
        "memref<?x?xf64, strided<[?, 1], offset: ?>>",
        "memref<?xf32, strided<[1], offset: ?>>",
        "!py.array<f64, 2, C>",
        "!py.array<i32, 1, A>",
        "!py.array<f64, 2, F, readonly>",
        "!py.list<f64>",
        "!py.object",
        "!py.slice",
        "!py.random_generator",
        "!py.iter<tuple<i64, f64>>",
        "!py.dtype<f32>",
        r#"!py.str<"right">"#,
        r#"!py.str<"say \"hi\"\n">"#,
        r#"!py.str<"">"#,
    ] {
        let t = blackbird_dialects::ir::parse_type(&mut ctx, text)
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(blackbird_dialects::ir::type_to_string(&ctx, t), text);
        let again = blackbird_dialects::ir::parse_type(&mut ctx, text).unwrap();
        assert_eq!(t, again, "types are interned");
    }
}

#[test]
fn multi_result_values_use_hash_syntax() {
    let text = "%a = py.constant {value = 1 : i64} : i64\n%t = py.tuple %a, %a : (i64, i64) -> tuple<i64, i64>\n%0:2 = py.unpack %t : (tuple<i64, i64>) -> (i64, i64)\n%1 = arith.addi %0#0, %0#1 : i64\n";
    let printed = round_trip(text, PrintOptions::default()).unwrap();
    assert!(printed.contains("arith.addi %2#0, %2#1 : i64"), "{printed}");
}

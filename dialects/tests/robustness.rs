//! No input makes the parser, verifier or printer panic: mutated versions of every op example
//! either fail with a diagnostic or parse, verify and print.

use blackbird_dialects::ir::{parse_module, print_op, verify, Context, PrintOptions};

/// A small deterministic generator (xorshift) so failures reproduce.
#[path = "../../tests/support/mutate.rs"]
mod mutate;

use mutate::{mutate, Mutations, Rng};

const SNIPPETS: &[&str] = &[
    "%",
    "%0",
    "#1",
    ":",
    ":2",
    "=",
    "{",
    "}",
    "(",
    ")",
    "<",
    ">",
    "->",
    ",",
    "^bb0",
    "^bb0(%x: i64):",
    "\"",
    "@",
    "[",
    "]",
    "?x",
    "0x",
    "-",
    "1e",
    "loc(",
    "\n",
    " ",
    "\u{a0}",
    "é",
    "i64",
    "f64",
    "index",
    "tensor<",
    "memref<",
    "!py.",
    "array<i64:",
    "arith.addi",
    "loop.yield",
    "func.return",
    "strided<[",
    "9999999999999999999999",
];

const MUTATIONS: Mutations = Mutations {
    snippets: SNIPPETS,
    truncate: true,
    max_delete: 8,
};

#[test]
fn mutated_examples_never_panic() {
    let ctx = Context::new();
    let examples: Vec<&str> = ctx.registry().all().iter().map(|d| d.example).collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut parsed_ok = 0;
    for round in 0..30 {
        for example in &examples {
            let text = mutate(example, &mut rng, &MUTATIONS);
            let result = std::panic::catch_unwind(|| {
                let mut ctx = Context::new();
                match parse_module(&mut ctx, &text, "fuzz.ir") {
                    Err(d) => {
                        let rendered = d.render(Some(&text));
                        assert!(rendered.starts_with("fuzz.ir:"), "{rendered}");
                        false
                    }
                    Ok(module) => {
                        if let Err(errors) = verify(&ctx, module) {
                            for e in errors {
                                let _ = e.to_diagnostic().render(Some(&text));
                            }
                            return false;
                        }
                        let printed = print_op(&ctx, module, PrintOptions::default());
                        let mut ctx2 = Context::new();
                        let again = parse_module(&mut ctx2, &printed, "printed.ir")
                            .expect("printed IR parses");
                        assert_eq!(printed, print_op(&ctx2, again, PrintOptions::default()));
                        true
                    }
                }
            });
            match result {
                Ok(ok) => parsed_ok += ok as usize,
                Err(_) => panic!("round {round}: panic on input:\n{text}"),
            }
        }
    }
    assert!(parsed_ok > 0, "some mutations should still be valid IR");
}

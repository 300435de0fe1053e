//! No Python input makes the frontend panic: mutated versions of every fixture program either
//! lower to verified `py` IR or fail with a located diagnostic.

use std::path::Path;

use blackbird::dialects::ir::Context;

#[path = "support/mutate.rs"]
mod mutate;

use mutate::{mutate, Mutations, Rng};

const SNIPPETS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    ":",
    ",",
    "\n",
    "    ",
    "x",
    "return ",
    "if x:\n",
    "for i in range(3):\n",
    "while 1:\n",
    "break\n",
    "continue\n",
    "np.",
    "math.",
    "A[",
    "[::-1]",
    " and ",
    " or ",
    " not ",
    "<",
    "==",
    "+=",
    "*",
    "**",
    "@njit\n",
    "@njit(",
    "def g(a):\n",
    "lambda",
    "\"s\"",
    "1e9",
    "99999999999999999999999",
    "None",
    "é",
    "\t",
    "else:\n",
    "elif x:\n",
    "yield",
    "await",
    "with ",
    "global x\n",
];

const MUTATIONS: Mutations = Mutations {
    snippets: SNIPPETS,
    truncate: false,
    max_delete: 10,
};

#[test]
fn mutated_programs_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let mut sources: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    sources.sort();
    let mut rng = Rng(0xABCD_EF01_2345_6789);
    let (mut ok, mut rejected) = (0, 0);
    for round in 0..25 {
        for source in &sources {
            let text = mutate(source, &mut rng, &MUTATIONS);
            let outcome = std::panic::catch_unwind(|| {
                let mut ctx = Context::new();
                match blackbird::lower_python(&mut ctx, &text, "fuzz.py") {
                    // Functions whose bodies did not lower keep their errors (the others
                    // compile): each must render as one.
                    Ok(program) => {
                        for (_, error) in &program.unlowered {
                            let rendered = error.render(Some(&text));
                            assert!(rendered.starts_with("fuzz.py:"), "{rendered}");
                        }
                        program.unlowered.is_empty()
                    }
                    Err(e @ blackbird::Error::Verify(_)) => {
                        panic!("the frontend produced invalid IR: {e}")
                    }
                    Err(e) => {
                        let rendered = e.render(Some(&text));
                        assert!(rendered.starts_with("fuzz.py:"), "{rendered}");
                        false
                    }
                }
            });
            match outcome {
                Ok(true) => ok += 1,
                Ok(false) => rejected += 1,
                Err(_) => panic!("round {round}: panic on input:\n{text}"),
            }
        }
    }
    assert!(ok > 0 && rejected > 0, "ok={ok} rejected={rejected}");
}

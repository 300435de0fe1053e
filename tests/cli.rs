//! The `blackbird` command as users run it.

use std::process::{Command, Output};

// The persistent CPython + NumPy oracle (only its "prints" request is used here).
#[allow(dead_code)]
#[path = "support/oracle.rs"]
mod oracle;
use oracle::In;

fn blackbird(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blackbird"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the blackbird binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write_temp(name: &str, contents: &str) -> String {
    let dir = std::env::temp_dir().join(format!("blackbird-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn help_describes_every_subcommand_of_the_contract() {
    let out = blackbird(&["--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for cmd in ["run", "dump", "opt", "bench"] {
        assert!(
            help.contains(&format!("  {cmd} ")),
            "missing {cmd} in\n{help}"
        );
    }
    let dump = text(&blackbird(&["dump", "--help"]).stdout);
    assert!(
        dump.contains("--stage") && dump.contains("--sig") && dump.contains("ptx"),
        "{dump}"
    );
    let opt = text(&blackbird(&["opt", "--help"]).stdout);
    for flag in [
        "--passes",
        "--print-ir-after-all",
        "--print-ir-after",
        "--timing",
    ] {
        assert!(opt.contains(flag), "{opt}");
    }
}

#[test]
fn opt_runs_the_example_pipeline_with_dumps_and_timing() {
    let out = blackbird(&[
        "opt",
        "examples/square.ir",
        "--passes",
        "canonicalize,cse,dce",
        "--print-ir-after-all",
        "--timing",
    ]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let stdout = text(&out.stdout);
    assert!(stdout.contains("%2 = arith.muli %1, %1 : i64"), "{stdout}");
    for pass in ["canonicalize", "cse", "dce"] {
        assert!(
            stderr.contains(&format!("// -----// IR Dump After {pass} //----- //")),
            "{stderr}"
        );
    }
    assert!(
        stderr.contains("Execution time report") && stderr.contains("Total"),
        "{stderr}"
    );
}

#[test]
fn opt_output_parses_back_to_the_same_text() {
    let first = blackbird(&["opt", "examples/square.ir", "--passes", "canonicalize"]);
    let path = write_temp("again.ir", &text(&first.stdout));
    let second = blackbird(&["opt", &path, "--passes", "canonicalize"]);
    assert_eq!(text(&first.stdout), text(&second.stdout));
}

#[test]
fn print_locations_shows_where_ops_came_from() {
    let out = blackbird(&[
        "opt",
        "examples/square.ir",
        "--passes",
        "cse",
        "--print-locations",
    ]);
    assert!(
        text(&out.stdout).contains("loc(\"examples/square.ir\":"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn list_passes_shows_options() {
    let out = blackbird(&["opt", "--list-passes"]);
    let s = text(&out.stdout);
    assert!(
        s.contains("canonicalize")
            && s.contains("max-iterations")
            && s.contains("cse")
            && s.contains("dce")
            && s.contains("convert-loop-to-mlir")
            && s.contains("upstream MLIR"),
        "{s}"
    );
}

#[test]
fn opt_ending_in_convert_loop_to_mlir_prints_what_dump_prints_at_the_mlir_stage() {
    // The pipeline `dump` runs, as passes (`src/driver/pipeline.rs`), then the emission.
    for (file, function, sig, signature) in [
        (
            "tests/programs/fib.py",
            "fib",
            "int64(int64)",
            "(i64) -> !py.object",
        ),
        (
            "tests/programs/numpy_functions.py",
            "normalized",
            "(float64[:, :],)",
            "(!py.array<f64, 2, A>) -> !py.object",
        ),
    ] {
        let pipeline = format!(
            "py-infer-types{{function={function},signature=\"{signature}\"}},\
             convert-py-to-tensor{{function={function}}},ownership-based-buffer-deallocation,\
             canonicalize,cse,dce,tensor-fuse,\
             tensor-eqsat{{fastmath=false}},canonicalize,cse,dce,convert-tensor-to-loop{{\
             parallel=false,threaded-products=true,threaded-sums=true,pairwise-sums=true}},\
             canonicalize,cse,dce,convert-loop-to-mlir{{entry={function}}}"
        );
        let opt = blackbird(&["opt", file, "--passes", &pipeline]);
        assert!(opt.status.success(), "{}", text(&opt.stderr));
        let dump = blackbird(&[
            "dump", file, "-f", function, "--sig", sig, "--stage", "mlir",
        ]);
        assert!(dump.status.success(), "{}", text(&dump.stderr));
        let mlir = text(&opt.stdout);
        assert!(mlir.contains("func.func @blackbird_entry"), "{mlir}");
        assert_eq!(mlir, text(&dump.stdout), "{function}");
    }
}

#[test]
fn convert_loop_to_mlir_must_end_the_pipeline() {
    let out = blackbird(&[
        "opt",
        "examples/square.ir",
        "--passes",
        "cse,convert-loop-to-mlir,dce",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(
        e.contains("pass 'convert-loop-to-mlir' must end the pipeline")
            && e.contains("but 'dce' follows it")
            && e.contains("  cse,convert-loop-to-mlir,dce\n      ^"),
        "{e}"
    );
}

#[test]
fn bad_pipeline_exits_1_with_a_caret() {
    let out = blackbird(&["opt", "examples/square.ir", "--passes", "cse,nope"]);
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(
        e.contains("unknown pass 'nope'") && e.contains("  cse,nope\n      ^"),
        "{e}"
    );
}

#[test]
fn syntax_error_in_ir_is_rendered_with_file_line_col_and_caret() {
    let path = write_temp(
        "bad.ir",
        "%0 = arith.constant {value = 1 : i64} : i64\n%1 = arith.addi %0, %zz : i64\n",
    );
    let out = blackbird(&["opt", &path, "--passes", "cse"]);
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(
        e.contains("bad.ir:2:21: error: use of undefined value %zz"),
        "{e}"
    );
    assert!(
        e.contains("%1 = arith.addi %0, %zz : i64\n                    ^"),
        "{e}"
    );
}

#[test]
fn invalid_ir_is_rejected_before_any_pass() {
    let path = write_temp(
        "invalid.ir",
        "%0 = arith.constant {value = 1.0 : f64} : f64\n%1 = arith.addi %0, %0 : f64\n",
    );
    let out = blackbird(&["opt", &path, "--passes", "canonicalize"]);
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(
        e.contains(
            "invalid.ir:2:1: error: 'arith.addi' op expects integer or index types, found f64"
        ),
        "{e}"
    );
}

#[test]
fn missing_file_is_a_clean_error() {
    let out = blackbird(&["opt", "no/such/file.ir", "--passes", "cse"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("error: no/such/file.ir: "),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn unbuilt_features_say_plainly_that_they_are_not_available_yet() {
    for (args, needle) in [
        (
            vec!["bench", "examples/lu.py", "-f", "lu"],
            "lu() takes 1 argument but 0 were given",
        ),
        (
            vec![
                "dump",
                "tests/programs/fib.py",
                "-f",
                "fib",
                "--stage",
                "ptx",
            ],
            "`fib` is not a GPU kernel (@cuda.jit)",
        ),
        (
            vec!["run", "examples/lu.py", "-f", "lu", "tests/programs/fib.py"],
            "is not an int, float or bool literal, None, a tuple of them nor a .npy file",
        ),
        (
            vec![
                "run",
                "tests/programs/cuda_kernel.py",
                "-f",
                "add_kernel",
                "--launch",
                "0,256",
            ],
            "--launch expects BLOCKS,THREADS",
        ),
        (
            vec![
                "run",
                "tests/programs/cuda_kernel.py",
                "-f",
                "add_kernel",
                "1.0",
            ],
            "is a GPU kernel (@cuda.jit): launch it",
        ),
    ] {
        let out = blackbird(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let e = text(&out.stderr);
        assert!(e.contains(needle), "{args:?}: {e}");
    }
}

#[test]
fn dump_explain_shows_why_tensor_eqsat_changed_an_expression() {
    let dump = |explain: bool| {
        let mut args = vec![
            "dump",
            "benches/peers/fusion_kernels.py",
            "-f",
            "chain",
            "--sig",
            "(float64[:, :], float64[:, :], float64[:])",
            "--stage",
            "tensor-opt",
        ];
        if explain {
            args.push("--explain");
        }
        blackbird(&args)
    };
    let plain = dump(false);
    assert!(plain.status.success(), "{}", text(&plain.stderr));
    let plain = text(&plain.stdout);
    assert!(
        plain.contains("stop: saturated") && !plain.contains("Rewrite=>"),
        "{plain}"
    );
    let explained = dump(true);
    assert!(explained.status.success(), "{}", text(&explained.stderr));
    let explained = text(&explained.stdout);
    // The rewrite, at its source line, and egg's proof step, each line a comment.
    assert!(
        explained.contains(
            "fusion_kernels.py:39:12: (matmul (matmul v0 v1) v2) => (matmul v0 (matmul v1 v2))"
        ) && explained.contains("// (Rewrite=> matmul-associate (matmul v0 (matmul v1 v2)))"),
        "{explained}"
    );
}

#[test]
fn a_function_that_cannot_compile_stops_only_itself_and_its_callers() {
    // As Numba compiles lazily: `fine` runs; `broken` and `caller` (which calls it) report
    // broken's error at its location; the whole-module `opt` reports it too.
    let path = write_temp(
        "partly_supported.py",
        "import numpy as np\nfrom numba import njit\n\n@njit\ndef broken(a):\n    return np.einsum(a)\n\n@njit\ndef caller(a):\n    return broken(a) + 1.0\n\n@njit\ndef fine(x):\n    return x * 2\n",
    );
    let fine = blackbird(&["run", &path, "-f", "fine", "21"]);
    assert!(fine.status.success(), "{}", text(&fine.stderr));
    assert_eq!(text(&fine.stdout).trim(), "42");
    for name in ["broken", "caller"] {
        let out = blackbird(&["dump", &path, "-f", name, "--stage", "py"]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = text(&out.stderr);
        assert!(
            err.contains("partly_supported.py:6:12: error: unsupported function `np.einsum`")
                && err.contains("return np.einsum(a)")
                && err.contains('^'),
            "{name}: {err}"
        );
    }
    let opt = blackbird(&["opt", &path, "--passes", "canonicalize"]);
    assert_eq!(opt.status.code(), Some(1));
    assert!(
        text(&opt.stderr).contains("`np.einsum`"),
        "{}",
        text(&opt.stderr)
    );
    // Not a function of the module: the names listed include the one that does not compile.
    let missing = blackbird(&["run", &path, "-f", "nothing", "1"]);
    assert!(
        text(&missing.stderr).contains("functions: broken, caller, fine"),
        "{}",
        text(&missing.stderr)
    );
}

#[test]
fn gpu_kernels_dump_as_ptx_and_amdgcn_and_launch_where_there_is_a_gpu() {
    let sig = "void(float32[::1], float32[::1], float32[::1])";
    for (stage, needle) in [
        ("mlir", "gpu.func @add_kernel("),
        ("ptx", ".visible .entry add_kernel("),
        ("amdgcn", ".amdhsa_kernel add_kernel"),
    ] {
        let out = blackbird(&[
            "dump",
            "tests/programs/cuda_kernel.py",
            "-f",
            "add_kernel",
            "--sig",
            sig,
            "--stage",
            stage,
        ]);
        assert!(out.status.success(), "{stage}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains(needle), "{stage}");
    }
    let dir = std::env::temp_dir().join(format!("blackbird-launch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let x = dir.join("x.npy");
    let out_npy = dir.join("out.npy");
    ndarray_npy::write_npy(&x, &ndarray::Array1::from_shape_fn(1000, |i| i as f32)).unwrap();
    ndarray_npy::write_npy(&out_npy, &ndarray::Array1::<f32>::zeros(1000)).unwrap();
    let (xs, outs) = (x.to_str().unwrap(), out_npy.to_str().unwrap());
    let result = dir.join("result");
    let out = blackbird(&[
        "run",
        "tests/programs/cuda_kernel.py",
        "-f",
        "add_kernel",
        "--launch",
        "4,256",
        xs,
        xs,
        outs,
        "--out",
        result.to_str().unwrap(),
    ]);
    if out.status.success() {
        let sum: ndarray::Array1<f32> = ndarray_npy::read_npy(result.join("arg2.npy")).unwrap();
        assert_eq!(
            sum,
            ndarray::Array1::from_shape_fn(1000, |i| 2.0 * i as f32)
        );
    } else {
        let e = text(&out.stderr);
        assert!(e.contains("no GPU available"), "{e}");
        eprintln!("run --launch: SKIPPED on this machine: {e}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn run_prints_the_result_and_writes_outputs() {
    let out = blackbird(&["run", "tests/programs/fib.py", "20"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "6765\n");
    let neg = blackbird(&["run", "tests/programs/tuples.py", "-f", "swap", "-3", "1.5"]);
    assert_eq!(text(&neg.stdout), "4.5\n");
    // Tuple literals, nested and with a trailing comma.
    let file = "tests/programs/tuple_arguments.py";
    let nested = blackbird(&["run", file, "-f", "nested", "(1, (2.0, 3))", "4"]);
    assert_eq!(text(&nested.stdout), "3.0\n", "{}", text(&nested.stderr));
    let short = blackbird(&["run", file, "-f", "pair_sum", "(1.5,)"]);
    assert_eq!(text(&short.stdout), "4.5\n", "{}", text(&short.stderr));
    let bad = blackbird(&["run", file, "-f", "pair_sum", "(1, x)"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).contains("argument `x` is not"),
        "{}",
        text(&bad.stderr)
    );
    let dir = std::env::temp_dir().join(format!("blackbird-run-{}", std::process::id()));
    let out = blackbird(&[
        "run",
        "tests/programs/division.py",
        "-f",
        "divmods",
        "-7",
        "2",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(text(&out.stdout), "(-4, 1)\n");
    assert_eq!(
        std::fs::read_to_string(dir.join("return.json")).unwrap(),
        "[-4, 1]\n"
    );
    // A returned array is written as return.npy, with its shape and dtype.
    let out = blackbird(&[
        "run",
        "tests/programs/ranges_and_grids.py",
        "-f",
        "typed_ranges",
        "4",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let returned: ndarray::ArrayD<f64> = ndarray_npy::read_npy(dir.join("return.npy")).unwrap();
    assert_eq!(returned.shape(), &[7]);
    assert_eq!(
        returned.iter().copied().collect::<Vec<_>>(),
        vec![0.0, 0.5, 2.0, 3.5, 4.0, 5.5, 7.0]
    );
}

#[test]
fn run_reads_and_writes_small_integer_arrays() {
    // uint8 and int8 .npy files are arguments; written back with their dtype.
    let dir = std::env::temp_dir().join(format!("blackbird-small-ints-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bytes = dir.join("bytes.npy");
    ndarray_npy::write_npy(&bytes, &ndarray::arr1(&[250u8, 3, 128])).unwrap();
    let signed = dir.join("signed.npy");
    ndarray_npy::write_npy(&signed, &ndarray::arr1(&[-5i8, 127, -128])).unwrap();
    let out = blackbird(&[
        "run",
        "tests/programs/small_ints.py",
        "-f",
        "total",
        bytes.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "(381, 250)\n");
    let out = blackbird(&[
        "run",
        "tests/programs/small_ints.py",
        "-f",
        "total",
        signed.to_str().unwrap(),
    ]);
    assert_eq!(text(&out.stdout), "(-6, -5)\n");
    let out = blackbird(&[
        "run",
        "tests/programs/small_ints.py",
        "-f",
        "scale_in_place",
        bytes.to_str().unwrap(),
        "3",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let scaled: ndarray::Array1<u8> = ndarray_npy::read_npy(dir.join("arg0.npy")).unwrap();
    assert_eq!(scaled, ndarray::arr1(&[238u8, 9, 128]));
    let missing = blackbird(&[
        "run",
        "tests/programs/small_ints.py",
        "-f",
        "total",
        "missing.npy",
    ]);
    assert!(
        text(&missing.stderr).contains("missing.npy: No such file"),
        "{}",
        text(&missing.stderr)
    );
}

#[test]
fn run_reports_exceptions_raised_by_compiled_code_at_their_source_line() {
    let out = blackbird(&[
        "run",
        "tests/programs/division.py",
        "-f",
        "divmods",
        "7",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(e.starts_with("tests/programs/division.py:11:12: error: ZeroDivisionError: integer division or modulo by zero\n"), "{e}");
    assert!(e.contains("    return a // b, a % b\n           ^"), "{e}");
}

#[test]
fn run_reports_a_raise_statement_with_its_class_message_and_line() {
    let out = blackbird(&[
        "run",
        "tests/programs/raising.py",
        "-f",
        "classify",
        "1",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    // Without a message, as CPython shows it: the class alone.
    assert!(
        e.starts_with("tests/programs/raising.py:47:13: error: ZeroDivisionError\n"),
        "{e}"
    );
    let out = blackbird(&[
        "run",
        "tests/programs/raising.py",
        "-f",
        "checked",
        "5",
        "3",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(
        e.starts_with("tests/programs/raising.py:56:9: error: IndexError: index out of range\n"),
        "{e}"
    );
    // From inside a `while` loop.
    let out = blackbird(&[
        "run",
        "tests/programs/raising.py",
        "-f",
        "collatz_steps",
        "27",
        "50",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(
        e.starts_with("tests/programs/raising.py:71:13: error: RuntimeError: too many steps\n"),
        "{e}"
    );
    let ok = blackbird(&[
        "run",
        "tests/programs/raising.py",
        "-f",
        "checked_double",
        "1.5",
    ]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert_eq!(text(&ok.stdout).trim(), "3.0");
}

#[test]
fn dump_py_stage_prints_the_function_and_its_callees() {
    let out = blackbird(&[
        "dump",
        "tests/programs/defaults_and_keywords.py",
        "-f",
        "normalize_all",
        "--stage",
        "py",
    ]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        stdout.contains("sym_name = \"clamp\"") && stdout.contains("sym_name = \"normalize_all\""),
        "{stdout}"
    );
    assert!(stdout.contains("py.call"), "{stdout}");
}

#[test]
fn python_errors_are_rendered_with_a_caret() {
    let out = blackbird(&[
        "dump",
        "tests/errors/unknown_name.py",
        "-f",
        "f",
        "--stage",
        "py",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(e.starts_with("tests/errors/unknown_name.py:"), "{e}");
    assert!(
        e.contains("error: unknown name `totl`") && e.contains("^"),
        "{e}"
    );
}

#[test]
fn dump_typed_stage_uses_the_given_signature() {
    let out = blackbird(&[
        "dump",
        "examples/lu.py",
        "-f",
        "lu",
        "--stage",
        "typed",
        "--sig",
        "void(float64[:, ::1])",
    ]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        stdout.contains("function_type = (!py.array<f64, 2, C>) -> ()"),
        "{stdout}"
    );
    let wrong = blackbird(&[
        "dump",
        "examples/lu.py",
        "-f",
        "lu",
        "--stage",
        "typed",
        "--sig",
        "float64(float64[:, :])",
    ]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        text(&wrong.stderr).contains("returns none but its signature declares float64"),
        "{}",
        text(&wrong.stderr)
    );
    let missing = blackbird(&["dump", "examples/lu.py", "-f", "lu", "--stage", "typed"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).contains("has no eager signature"),
        "{}",
        text(&missing.stderr)
    );
    let bad = blackbird(&[
        "dump",
        "examples/lu.py",
        "-f",
        "lu",
        "--stage",
        "typed",
        "--sig",
        "float64(complex256[:])",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).contains("unknown type `complex256`"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn dump_of_a_ufunc_over_arrays_shows_its_elementwise_loop() {
    let dump = |sig: &str| {
        blackbird(&[
            "dump",
            "tests/programs/vectorize_log10.py",
            "-f",
            "log10_ufunc",
            "--stage",
            "loop",
            "--sig",
            sig,
        ])
    };
    let out = dump("(float32[:, :],)");
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The float32 input runs the first loop it casts to safely (float64), as NumPy picks.
    assert!(
        stdout.contains("sym_name = \"blackbird_vectorized\""),
        "{stdout}"
    );
    assert!(stdout.contains("arith.extf"), "{stdout}");
    assert!(
        stdout.contains("func.call") && stdout.contains("@log10_ufunc"),
        "{stdout}"
    );
    let scalar_out = dump("(float64[:], int64)");
    assert_eq!(scalar_out.status.code(), Some(1));
    assert!(
        text(&scalar_out.stderr)
            .contains("the output argument of ufunc `log10_ufunc` must be an array"),
        "{}",
        text(&scalar_out.stderr)
    );
    // Complex arrays are refused where the signature names them.
    let complex = dump("(complex128[:],)");
    assert_eq!(complex.status.code(), Some(1));
    assert_eq!(
        text(&complex.stderr),
        "<signature>:1:2: error: complex arrays are not supported yet (complex scalars are)\n"
    );
}

#[test]
fn dump_of_a_gpu_ufunc_shows_its_kernel() {
    let dump = |sig: &str, stage: &str| {
        blackbird(&[
            "dump",
            "tests/programs/cuda_ufunc.py",
            "-f",
            "rel_diff",
            "--stage",
            stage,
            "--sig",
            sig,
        ])
    };
    let out = dump("(float32[:, :], float32)", "mlir");
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        stdout.contains("gpu.func @blackbird_vectorized(") && stdout.contains("memref<?xf32>"),
        "{stdout}"
    );
    // Its scalar function alone is not what runs: the error says what to give.
    let scalar = dump("float32(float32, float32)", "loop");
    assert_eq!(scalar.status.code(), Some(1));
    assert!(
        text(&scalar.stderr).contains("is a GPU ufunc") && text(&scalar.stderr).contains("--sig"),
        "{}",
        text(&scalar.stderr)
    );
}

#[test]
fn bench_reports_compile_time_and_per_call_times() {
    let out = blackbird(&[
        "bench",
        "tests/programs/fib.py",
        "-f",
        "fib",
        "15",
        "--repeat",
        "5",
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    for key in ["\"compile_s\"", "\"min_s\"", "\"median_s\"", "\"calls\": 5"] {
        assert!(s.contains(key), "{s}");
    }
}

#[test]
fn compiling_commands_report_the_time_of_each_stage() {
    // Every stage from the frontend to machine code, in pipeline order, with a time in ms.
    let stages = [
        "frontend",
        "typed",
        "tensor",
        "tensor-opt",
        "loop",
        "mlir",
        "llvm",
        "asm",
    ];
    let in_order = |report: &str, names: &[&str]| {
        let positions: Vec<usize> = names
            .iter()
            .map(|n| {
                report
                    .find(&format!("  {n} "))
                    .unwrap_or_else(|| panic!("no `{n}` in {report}"))
            })
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{report}");
        assert!(report.contains("compile time by stage:"), "{report}");
        assert!(report.contains("  total "), "{report}");
    };
    let bench = blackbird(&[
        "bench",
        "tests/programs/fib.py",
        "-f",
        "fib",
        "10",
        "--repeat",
        "2",
    ]);
    assert!(bench.status.success(), "{}", text(&bench.stderr));
    in_order(&text(&bench.stdout), &stages);
    let run = blackbird(&[
        "run",
        "tests/programs/fib.py",
        "-f",
        "fib",
        "10",
        "--timing",
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(text(&run.stdout).trim(), "55");
    in_order(&text(&run.stderr), &stages);
    // `dump` compiles as far as the stage asked for.
    let dump = blackbird(&[
        "dump",
        "tests/programs/fib.py",
        "-f",
        "fib",
        "--sig",
        "int64(int64)",
        "--stage",
        "loop",
        "--timing",
    ]);
    assert!(dump.status.success(), "{}", text(&dump.stderr));
    in_order(&text(&dump.stderr), &stages[..5]);
    assert!(
        !text(&dump.stderr).contains("  asm "),
        "{}",
        text(&dump.stderr)
    );
    // JSON: one number per stage.
    let json = blackbird(&[
        "bench",
        "tests/programs/fib.py",
        "-f",
        "fib",
        "10",
        "--repeat",
        "2",
        "--json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&text(&json.stdout)).unwrap();
    for stage in stages {
        let ms = value["compile_stages_ms"][stage].as_f64();
        assert!(ms.is_some_and(|ms| ms >= 0.0), "{stage}: {value}");
    }
}

#[test]
fn bench_times_calls_until_min_time_has_passed() {
    let bench = |min_time: &str| {
        blackbird(&[
            "bench",
            "tests/programs/fib.py",
            "-f",
            "fib",
            "10",
            "--repeat",
            "3",
            "--min-time",
            min_time,
            "--json",
        ])
    };
    let out = bench("0.05");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    // fib(10) takes microseconds: 50 ms of calls are thousands of them, not the 3 asked for.
    let calls: usize = s
        .split("\"calls\": ")
        .nth(1)
        .and_then(|rest| rest.trim_end().trim_end_matches('}').parse().ok())
        .unwrap_or_else(|| panic!("no call count in {s}"));
    assert!(calls > 100, "{s}");
    let bad = bench("-1");
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("expected a number of seconds >= 0"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn dump_llvm_stage_prints_the_llvm_dialect() {
    let out = blackbird(&[
        "dump",
        "tests/programs/fib.py",
        "-f",
        "fib",
        "--stage",
        "llvm",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(
        s.contains("llvm.func @py.fib(") && s.contains("llvm.call @py.fib(") && !s.contains("scf."),
        "{s}"
    );
}

#[test]
fn dump_asm_stage_prints_host_assembly() {
    let out = blackbird(&[
        "dump",
        "tests/programs/fib.py",
        "-f",
        "fib",
        "--stage",
        "asm",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("fib:") && s.contains("call"), "{s}");
}

#[test]
fn opt_runs_pipelines_on_python_input_from_the_py_dialect() {
    let out = blackbird(&["opt", "tests/programs/fib.py", "--passes", "cse,dce"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(
        s.contains("py.func") && s.contains("sym_name = \"fib\""),
        "{s}"
    );
}

#[test]
fn opt_explains_equality_saturation_rewrites() {
    let out = blackbird(&[
        "opt",
        "tests/passes/tensor-eqsat/matmul.ir",
        "--passes",
        "tensor-eqsat{explain=true,node-limit=500}",
    ]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("remark: tensor-eqsat: @chain: 1 terms rewritten; stop: saturated"),
        "{stderr}"
    );
    assert!(
        stderr.contains("(matmul (matmul v0 v1) v2) => (matmul v0 (matmul v1 v2))")
            && stderr.contains("(Rewrite=> matmul-associate (matmul v0 (matmul v1 v2)))"),
        "{stderr}"
    );
}

#[test]
fn dump_tensor_opt_shows_the_reassociated_chain_and_the_stop_reason() {
    let out = blackbird(&[
        "dump",
        "tests/programs/products.py",
        "-f",
        "chain3",
        "--stage",
        "tensor-opt",
        "--sig",
        "(float64[:, :], float64[:, :], float64[:])",
    ]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        stdout.starts_with("// tensor-eqsat: @chain3: 1 terms rewritten; stop: saturated"),
        "{stdout}"
    );
    assert!(
        stdout.contains("%3 = tensor.matmul %1, %2 : (tensor<?x?xf64>, tensor<?xf64>)")
            && stdout.contains("%4 = tensor.matmul %0, %3"),
        "{stdout}"
    );
}

/// What CPython prints when it runs `function` of `file` (Numba's decorators as identities),
/// asked of the persistent oracle.
fn cpython_prints(file: &str, function: &str, args: &[In]) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let args: Vec<_> = args.iter().map(In::to_json).collect();
    let request = serde_json::json!({
        "prints": {"file": path.to_string_lossy(), "function": function, "args": args}
    });
    let answer = oracle::ask(&request).unwrap_or_else(|e| panic!("{file}::{function}: {e}"));
    answer["prints"].as_str().expect("printed text").to_string()
}

#[test]
fn print_in_compiled_code_writes_what_cpython_writes() {
    let file = "tests/programs/printing.py";
    for (function, args, inputs, result) in [
        (
            "report",
            vec!["2.5", "3"],
            vec![In::F(2.5), In::I(3)],
            "7.5\n",
        ),
        (
            "report",
            vec!["0.1", "-4"],
            vec![In::F(0.1), In::I(-4)],
            "-0.4\n",
        ),
        ("trace_loop", vec!["7"], vec![In::I(7)], "21\n"),
    ] {
        let mut run = vec!["run", file, "-f", function];
        run.extend(&args);
        let out = blackbird(&run);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let expected = cpython_prints(file, function, &inputs) + result;
        assert_eq!(text(&out.stdout), expected, "{function}{args:?}");
    }
}

#[test]
fn opt_runs_the_whole_pipeline_from_python_with_typing_and_conversion_passes() {
    // Quoted option values hold a type text with commas and spaces.
    let pipeline = "py-infer-types{function=normalized,signature=\"(!py.array<f64, 2, A>) -> \
                    !py.object\"},convert-py-to-tensor{function=normalized},tensor-fuse,\
                    convert-tensor-to-loop,canonicalize,cse,dce";
    let out = blackbird(&[
        "opt",
        "tests/programs/numpy_functions.py",
        "--passes",
        pipeline,
        "--timing",
    ]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("sym_name = \"normalized\""), "{stdout}");
    assert!(
        stdout.contains("loop.for") && !stdout.contains("py."),
        "{stdout}"
    );
    assert!(!stdout.contains("tensor."), "{stdout}");
    let timing = text(&out.stderr);
    assert!(
        timing.contains("py-infer-types") && timing.contains("convert-py-to-tensor"),
        "{timing}"
    );
    for (passes, needle) in [
        (
            "py-infer-types{function=fib,signature=\"(!py.array<f64, 1, A>) -> !py.object\"}",
            "the truth value of an array is ambiguous",
        ),
        (
            "py-infer-types{function=fob,signature=\"(i64) -> !py.object\"}",
            "unknown function `fob`",
        ),
        (
            "py-infer-types{signature=\"(i64) -> i64\"}",
            "needs the entry function",
        ),
        (
            "py-infer-types{function=fib,signature=\"(i64}",
            "unterminated quoted value",
        ),
    ] {
        let out = blackbird(&["opt", "tests/programs/fib.py", "--passes", passes]);
        assert_eq!(out.status.code(), Some(1), "{passes}");
        assert!(
            text(&out.stderr).contains(needle),
            "{passes}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn run_reads_and_writes_wide_unsigned_arrays() {
    // uint16/uint32/uint64 .npy files are arguments; results keep their dtype, and a uint64
    // scalar above i64's range prints as Python prints it.
    let dir = std::env::temp_dir().join(format!("blackbird-wide-uints-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = dir.join("a.npy");
    ndarray_npy::write_npy(&a, &ndarray::arr1(&[u64::MAX, 3, 1 << 63])).unwrap();
    let out = blackbird(&[
        "run",
        "tests/programs/wide_uints.py",
        "-f",
        "scalars",
        a.to_str().unwrap(),
        "0",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "(6148914691236517205, 0, True, 3, 18446744073709551615, 1.8446744073709552e+19)\n"
    );
    let halves = dir.join("halves.npy");
    ndarray_npy::write_npy(&halves, &ndarray::arr2(&[[65_000u16, 3], [7, 40_000]])).unwrap();
    let out = blackbird(&[
        "run",
        "tests/programs/wide_uints.py",
        "-f",
        "extremes",
        halves.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "(array([65000, 40000]), array([3, 7]), array([65007, 40003]))\n"
    );
    let scaled = dir.join("scaled.npy");
    ndarray_npy::write_npy(&scaled, &ndarray::arr1(&[65_000u16, 3])).unwrap();
    let out = blackbird(&[
        "run",
        "tests/programs/wide_uints.py",
        "-f",
        "scale_in_place",
        scaled.to_str().unwrap(),
        "3",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let back: ndarray::Array1<u16> = ndarray_npy::read_npy(dir.join("arg0.npy")).unwrap();
    assert_eq!(back, ndarray::arr1(&[63_928u16, 9]));
}

/// `None` is an argument (Numba's `none`), alone or in a tuple: `is None` tests of it are
/// decided while compiling.
#[test]
fn run_takes_none_arguments() {
    let file = "tests/programs/none_arguments.py";
    for (args, printed) in [
        (&["-f", "scaled", "3.0", "None"][..], "6.0\n"),
        (&["-f", "scaled", "3.0", "4.0"][..], "12.0\n"),
        (&["-f", "first_or_sum", "(4, None)"][..], "4\n"),
        (&["-f", "first_or_sum", "(4, 5)"][..], "9\n"),
    ] {
        let mut all = vec!["run", file];
        all.extend(args);
        let out = blackbird(&all);
        assert_eq!(text(&out.stdout), printed, "{}", text(&out.stderr));
    }
}

/// An integer argument outside int64 is refused as Numba refuses it (it does not become a
/// float); the extremes themselves pass.
#[test]
fn run_refuses_integer_arguments_beyond_int64() {
    let file = "tests/programs/division.py";
    for big in [
        "9223372036854775808",
        "-9223372036854775809",
        "100000000000000000000000",
    ] {
        let out = blackbird(&["run", file, "-f", "divmods", big, "2"]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!(
                "argument `{big}`: OverflowError: int too big to convert"
            )),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    let out = blackbird(&["run", file, "-f", "divmods", "9223372036854775807", "2"]);
    assert_eq!(
        text(&out.stdout),
        "(4611686018427387903, 1)\n",
        "{}",
        text(&out.stderr)
    );
    let out = blackbird(&["run", file, "-f", "divmods", "-9223372036854775808", "-3"]);
    assert_eq!(
        text(&out.stdout),
        "(3074457345618258602, -2)\n",
        "{}",
        text(&out.stderr)
    );
    let tuple = blackbird(&[
        "run",
        "tests/programs/tuple_arguments.py",
        "-f",
        "pair_sum",
        "(1, 99999999999999999999)",
    ]);
    assert_eq!(tuple.status.code(), Some(1));
    assert!(
        text(&tuple.stderr).contains("OverflowError"),
        "{}",
        text(&tuple.stderr)
    );
}

/// A reader that went away (`blackbird run … | head -c0`) ends the command quietly with status 1;
/// a full disk is reported; neither panics, nor does a `print` of the compiled code.
#[test]
fn a_closed_or_full_standard_output_is_not_a_panic() {
    use std::process::Stdio;
    for args in [
        &["run", "tests/programs/fib.py", "20"][..],
        &[
            "run",
            "tests/programs/printing.py",
            "-f",
            "report",
            "2.5",
            "3",
        ][..],
        &[
            "dump",
            "tests/programs/fib.py",
            "-f",
            "fib",
            "--stage",
            "py",
        ][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_blackbird"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(text(&out.stderr), "", "{args:?}");
        if std::path::Path::new("/dev/full").exists() {
            let full = std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap();
            let out = Command::new(env!("CARGO_BIN_EXE_blackbird"))
                .args(args)
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .stdout(full)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            assert!(
                text(&out.stderr).starts_with("error: writing the result: No space left on device"),
                "{args:?}: {}",
                text(&out.stderr)
            );
        }
    }
}

/// A thread count the OpenMP runtime cannot start is refused with the variable's name, not an
/// abort inside OpenMP.
#[test]
fn thread_counts_out_of_range_are_refused() {
    let file = write_temp(
        "threads.py",
        "from numba import njit, prange\n\n\n@njit(parallel=True)\ndef tri(n):\n    s = 0\n    \
         for i in prange(n):\n        s += i\n    return s\n",
    );
    let run = |var: &str, value: &str| {
        Command::new(env!("CARGO_BIN_EXE_blackbird"))
            .args(["run", &file, "10"])
            .env_remove("BLACKBIRD_NUM_THREADS")
            .env_remove("NUMBA_NUM_THREADS")
            .env(var, value)
            .output()
            .unwrap()
    };
    for (var, value) in [
        ("BLACKBIRD_NUM_THREADS", "100000"),
        ("BLACKBIRD_NUM_THREADS", "0"),
        ("BLACKBIRD_NUM_THREADS", "four"),
        ("NUMBA_NUM_THREADS", "-2"),
    ] {
        let out = run(var, value);
        assert_eq!(out.status.code(), Some(1), "{var}={value}");
        assert_eq!(
            text(&out.stderr),
            format!("error: {var}={value}: the number of threads must be from 1 to 1024\n")
        );
    }
    let out = run("BLACKBIRD_NUM_THREADS", "3");
    assert_eq!(text(&out.stdout), "45\n", "{}", text(&out.stderr));
}

/// Mistakes in using the command get messages that say what to do.
#[test]
fn misused_options_and_inputs_are_explained() {
    // An unknown pass after which to print.
    let out = blackbird(&[
        "opt",
        "tests/programs/fib.py",
        "--passes",
        "canonicalize",
        "--print-ir-after",
        "NOSUCHPASS",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: --print-ir-after: unknown pass 'NOSUCHPASS' (`blackbird opt --list-passes` \
         lists the passes)\n"
    );
    // Untyped functions into the conversion that needs them typed.
    let out = blackbird(&[
        "opt",
        "tests/programs/fib.py",
        "--passes",
        "convert-py-to-tensor{function=fib}",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("convert-py-to-tensor needs typed functions: run py-infer-types"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    // Arguments that fit none of the signatures: the signatures in Numba's words.
    let out = blackbird(&[
        "run",
        "tests/programs/signatures_list.py",
        "-f",
        "divmod_pair",
        "True",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("  UniTuple(float64 x 2)(float64, float64): expected 2 arguments, got 1"),
        "{err}"
    );
    // A source file that is not UTF-8: located at the byte, its line quoted.
    let path = write_temp("latin1.py", "");
    std::fs::write(
        &path,
        b"from numba import njit\n\n\n@njit\ndef f(x):\n    return x  # caf\xe9\n",
    )
    .unwrap();
    for args in [
        &["run", &path, "-f", "f", "1"][..],
        &["dump", &path, "-f", "f", "--stage", "py"][..],
    ] {
        let out = blackbird(args);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            text(&out.stderr),
            format!(
                "{path}:6:20: error: the file is not valid UTF-8 (byte 0xe9 at offset 60); \
                 Python source must be UTF-8\n    return x  # caf\u{fffd}\n{}^\n",
                " ".repeat(19)
            )
        );
    }
}

/// A `.npy` file whose header lies or is malformed is a clear error naming the problem, never
/// a huge allocation or a crash.
#[test]
fn run_checks_npy_headers_against_the_file() {
    let dir = std::env::temp_dir().join(format!("blackbird-npy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let npy = |name: &str, major: u8, header: &str, data: usize| {
        let mut bytes = b"\x93NUMPY".to_vec();
        bytes.extend([major, 0]);
        match major {
            1 => bytes.extend((header.len() as u16).to_le_bytes()),
            _ => bytes.extend((header.len() as u32).to_le_bytes()),
        }
        bytes.extend(header.as_bytes());
        bytes.extend(vec![0u8; data]);
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_string_lossy().into_owned()
    };
    let header = |descr: &str, shape: &str| {
        format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}\n")
    };
    let cases = [
        (
            npy("huge.npy", 1, &header("<f8", "(1000000000000,)"), 40),
            "huge.npy: the header claims shape (1000000000000,) of float64 (8000000000000 \
             bytes) but the file holds 40 bytes of data",
        ),
        (
            npy("short.npy", 1, &header("<f8", "(2, 3)"), 47),
            "short.npy: the header claims shape (2, 3) of float64 (48 bytes) but the file holds \
             47 bytes of data",
        ),
        (
            npy("v3.npy", 3, &header("<f8", "(3,)"), 24),
            "v3.npy: unsupported .npy version 3.0",
        ),
        (
            npy("shape.npy", 1, &header("<f8", "(-3,)"), 24),
            "shape.npy: malformed header: expected a size",
        ),
        (
            npy("keys.npy", 2, "{'descr': '<f8', 'shape': (3,)}", 24),
            "keys.npy: malformed header: no 'fortran_order'",
        ),
        (
            npy("complex.npy", 1, &header("<c16", "(3,)"), 48),
            "complex.npy: dtype '<c16' (complex128) is not supported yet",
        ),
        (
            npy(
                "overflow.npy",
                1,
                &header("<f8", "(4611686018427387904, 4)"),
                8,
            ),
            "overflow.npy: the header claims shape (4611686018427387904, 4) of float64, too big",
        ),
    ];
    for (path, expected) in cases {
        let out = blackbird(&["run", "tests/programs/sum_loop.py", &path]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    // A well-formed file still runs (version 2.0 headers included).
    let data: Vec<u8> = [1.0f64, 2.0, 3.5]
        .iter()
        .flat_map(|x| x.to_le_bytes())
        .collect();
    let good = npy("good.npy", 2, &header("<f8", "(3,)"), 0);
    let mut bytes = std::fs::read(&good).unwrap();
    bytes.extend(data);
    std::fs::write(&good, bytes).unwrap();
    let out = blackbird(&["run", "tests/programs/sum_loop.py", &good]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), "6.5");
}

#[test]
fn opt_runs_the_py_passes_split_out_of_the_conversion() {
    let out = blackbird(&["opt", "--list-passes"]);
    let listed = text(&out.stdout);
    assert!(
        listed.contains("py-structure-escapes") && listed.contains("py-parallelize-prange"),
        "{listed}"
    );
    // The `return` inside the loop: the body's end moves into the `if`'s else branch.
    let out = blackbird(&[
        "opt",
        "tests/programs/early_return.py",
        "--passes",
        "py-infer-types{function=index_of,signature=\"(!py.array<f32, 1, A>, f64) -> \
         !py.object\"},py-structure-escapes",
    ]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        stdout.contains("py.continue") && stdout.contains("py.unreachable"),
        "{stdout}"
    );
    // A prange loop marked with what its carried variable is, or refused with a located error.
    let marks = |file: &str, function: &str| {
        blackbird(&[
            "opt",
            file,
            "--passes",
            &format!(
                "py-infer-types{{function={function},signature=\"(!py.array<f64, 1, A>) -> \
                 !py.object\"}},py-parallelize-prange"
            ),
        ])
    };
    let out = marks("tests/programs/prange_reductions.py", "sum_of_squares");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("parallel = [\"add in place\"]"),
        "{}",
        text(&out.stdout)
    );
    for (file, function, message) in [
        (
            "tests/errors/prange_not_a_reduction.py",
            "running",
            "tests/errors/prange_not_a_reduction.py:8:5: error: variable 's' is carried from \
             one prange iteration to the next but is not a reduction",
        ),
        (
            "tests/errors/prange_break.py",
            "first_negative",
            "tests/errors/prange_break.py:8:5: error: a prange loop cannot `break` or \
             `return`: its iterations run in parallel",
        ),
    ] {
        let out = marks(file, function);
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(err.contains(message), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn dicts_and_sets_print_as_cpython_and_stay_inside_compiled_code() {
    let file = "tests/programs/dicts.py";
    let out = blackbird(&["run", file, "-f", "printed", "3"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let expected = cpython_prints(file, "printed", &[In::I(3)]) + "3\n";
    assert_eq!(text(&out.stdout), expected);
    // A dict cannot be the called function's argument or result yet: a located error.
    let dir = std::env::temp_dir().join(format!("blackbird_dicts_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("returns_dict.py");
    std::fs::write(
        &path,
        "from numba import njit\n\n\n@njit\ndef f(n):\n    return {n: 1.5}\n",
    )
    .unwrap();
    let out = blackbird(&["run", path.to_str().unwrap(), "-f", "f", "3"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("returns_dict.py:5:5: error: `f` is called from outside compiled code and cannot return a dict (DictType[int64,float64]) yet"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn lists_print_as_cpython_and_stay_inside_compiled_code() {
    let file = "tests/programs/lists.py";
    let out = blackbird(&["run", file, "-f", "printed", "3"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let expected = cpython_prints(file, "printed", &[In::I(3)]) + "3\n";
    assert_eq!(text(&out.stdout), expected);
    // A list cannot be the called function's result yet: a located error.
    let dir = std::env::temp_dir().join(format!("blackbird_lists_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("returns_list.py");
    std::fs::write(
        &path,
        "from numba import njit\n\n\n@njit\ndef f(n):\n    return [i for i in range(n)]\n",
    )
    .unwrap();
    let out = blackbird(&["run", path.to_str().unwrap(), "-f", "f", "3"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("returns_list.py:5:5: error: `f` is called from outside compiled code and cannot return a list (list(int64)) yet"),
        "{err}"
    );
    assert!(
        err.contains("note: lists, dicts and sets can pass between compiled functions"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

//! The `blackbird` command. See `blackbird --help`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use blackbird::dialects::ir::Location;
use blackbird::passes::pipeline::Instrumentation;
use blackbird::runtime::huge_pages::on_huge_pages;
use blackbird::{Arg, ArrayArg, Error, Module, PyValue};
use clap::{Parser, Subcommand};

#[path = "blackbird/npy.rs"]
mod npy;

#[derive(Parser)]
#[command(
    name = "blackbird",
    version,
    about = "JIT-compile numeric Python through MLIR-style dialects"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compile and call a function of FILE.py; print its return value.
    Run {
        file: PathBuf,
        /// Function to call (default: the only or last function of the file).
        #[arg(short = 'f', long = "function")]
        function: Option<String>,
        /// Arguments: int/float/bool literals, tuples of them (`(2, 3.5)`) or paths to .npy
        /// files.
        #[arg(allow_negative_numbers = true)]
        args: Vec<String>,
        /// Write return.npy/return.json and each array argument after the call (arg0.npy, …).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Keep the compiled code in the on-disk cache, as `cache=True` does (directory:
        /// BLACKBIRD_CACHE_DIR, else ~/.cache/blackbird).
        #[arg(long)]
        cache: bool,
        /// Launch a GPU kernel (@cuda.jit) over BLOCKS,THREADS, each `N` or `NxM[xK]`, as
        /// Numba's `kernel[blocks, threads](…)`: e.g. `--launch 64,256` or `--launch 8x8,16x16`.
        #[arg(long, value_name = "BLOCKS,THREADS")]
        launch: Option<String>,
        /// Print how long each stage took to compile (to stderr).
        #[arg(long)]
        timing: bool,
    },
    /// Print the IR of one compilation stage of a function.
    Dump {
        file: PathBuf,
        #[arg(short = 'f', long = "function")]
        function: String,
        /// Signature to compile for, e.g. 'float64(float64[:, :])'. For a @vectorize
        /// function, array arguments ('(float64[:],)', an output array last) show the ufunc's
        /// elementwise loop over them.
        #[arg(long)]
        sig: Option<String>,
        /// py | typed | tensor | tensor-opt | loop | mlir | llvm | asm | ptx | amdgcn
        #[arg(long)]
        stage: String,
        /// With `--stage tensor-opt`: egg's explanation of why each expression changed.
        #[arg(long)]
        explain: bool,
        /// Print how long each stage took to compile (to stderr).
        #[arg(long)]
        timing: bool,
    },
    /// Run a pass pipeline on FILE.ir (or FILE.py) and print the resulting IR.
    Opt {
        /// Input file; omit with --list-passes.
        file: Option<PathBuf>,
        /// Pipeline such as 'canonicalize{max-iterations=4},cse,dce'.
        #[arg(long)]
        passes: Option<String>,
        /// Print the IR after every pass (to stderr).
        #[arg(long)]
        print_ir_after_all: bool,
        /// Print the IR after the named pass (repeatable; to stderr).
        #[arg(long, value_name = "PASS")]
        print_ir_after: Vec<String>,
        /// Print the IR after a pass only when it changed the IR.
        #[arg(long)]
        print_ir_after_change: bool,
        /// Print a per-pass timing report (to stderr).
        #[arg(long)]
        timing: bool,
        /// Do not verify the IR after each pass.
        #[arg(long)]
        no_verify_each: bool,
        /// Print source locations (loc(...)) on every op.
        #[arg(long)]
        print_locations: bool,
        /// List the registered passes and their options.
        #[arg(long)]
        list_passes: bool,
    },
    /// Compile a function, then time calls: compile time and per-call min/median.
    Bench {
        file: PathBuf,
        #[arg(short = 'f', long = "function")]
        function: String,
        /// Arguments as for `run`; arrays are restored from their files before every call.
        #[arg(allow_negative_numbers = true)]
        args: Vec<String>,
        /// Number of timed calls (at least).
        #[arg(long, default_value_t = 50)]
        repeat: usize,
        /// Keep timing calls until they have taken this many seconds in all (at least
        /// `--repeat` calls either way), as `timeit`'s autorange does: the minimum of a short
        /// call is only as good as the number of calls it is taken over.
        #[arg(long, value_name = "SECONDS", default_value = "0", value_parser = parse_seconds)]
        min_time: std::time::Duration,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
        /// Keep the compiled code in the on-disk cache, as `cache=True` does (a second run
        /// times loading it).
        #[arg(long)]
        cache: bool,
        /// Time launches of a GPU kernel over BLOCKS,THREADS (as `run --launch`; each launch
        /// includes copying the arrays to the GPU and back).
        #[arg(long, value_name = "BLOCKS,THREADS")]
        launch: Option<String>,
    },
}

/// The stack the command runs on. Compiling recurses over the program's nesting (expressions,
/// blocks, regions), and upstream MLIR does too; the main thread's 8 MiB are not enough for
/// the deepest programs the frontend accepts. The memory is reserved, not used, until touched.
const STACK_SIZE: usize = 1 << 30;

fn main() -> ExitCode {
    let cli = Cli::parse();
    std::thread::Builder::new()
        .name("blackbird".into())
        .stack_size(STACK_SIZE)
        .spawn(move || command(cli))
        .expect("cannot start the compiler thread")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

fn command(cli: Cli) -> ExitCode {
    let mut source: Option<String> = None;
    let result = match cli.command {
        Command::Run {
            file,
            function,
            args,
            out,
            cache,
            launch,
            timing,
        } => (|| {
            let text = read(&file)?;
            source = Some(text.clone());
            let launch = launch.as_deref().map(parse_launch).transpose()?;
            let options = RunOptions {
                out: out.as_deref(),
                cache,
                launch,
                timing,
            };
            run(&file, &text, function, &args, options)
        })(),
        Command::Bench {
            file,
            function,
            args,
            repeat,
            min_time,
            json,
            cache,
            launch,
        } => (|| {
            let text = read(&file)?;
            source = Some(text.clone());
            let launch = launch.as_deref().map(parse_launch).transpose()?;
            let calls = Calls { repeat, min_time };
            bench(&file, &text, &function, &args, calls, json, cache, launch)
        })(),
        Command::Dump {
            file,
            function,
            sig,
            stage,
            explain,
            timing,
        } => (|| {
            let text = read(&file)?;
            source = Some(text.clone());
            let stage = blackbird::Stage::from_name(&stage)?;
            let start = std::time::Instant::now();
            let module = Module::from_source(&text, &file.display().to_string())?;
            let frontend = start.elapsed();
            let (ir, stages) =
                module.dump_timed(&function, stage, sig.as_deref(), |o| o.explain = explain)?;
            emit(&ir)?;
            if timing {
                eprint!("{}", timing_report(frontend, stages.as_ref()));
            }
            Ok(())
        })(),
        Command::Opt {
            list_passes: true, ..
        } => emit(&list_passes()),
        Command::Opt {
            file,
            passes,
            print_ir_after_all,
            print_ir_after,
            print_ir_after_change,
            timing,
            no_verify_each,
            print_locations,
            list_passes: _,
        } => (|| {
            let file = file.ok_or_else(|| Error::NotAvailable("opt needs an input file".into()))?;
            let pipeline =
                passes.ok_or_else(|| Error::NotAvailable("opt needs --passes PIPELINE".into()))?;
            let text = read(&file)?;
            source = Some(text.clone());
            let mut inst = Instrumentation {
                verify_each: !no_verify_each,
                print_after_all: print_ir_after_all,
                print_after: print_ir_after,
                print_after_change: print_ir_after_change,
                ..Default::default()
            };
            inst.print_options.locations = print_locations;
            let out = blackbird::optimize(&text, &file.display().to_string(), &pipeline, inst)?;
            eprint!("{}", out.report.dumps);
            for remark in &out.report.remarks {
                eprintln!("remark: {remark}");
            }
            emit(&out.ir)?;
            if timing {
                eprint!("{}", out.report.timing_table());
            }
            Ok(())
        })(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of a pipe went away: nothing more to say to it (as `head` expects).
        Err(Error::Io { path, source }) if path == STDOUT => {
            if source.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("error: writing the result: {source}");
            }
            ExitCode::FAILURE
        }
        Err(e) => {
            // A diagnostic in a file that could not be read as text (not UTF-8): quote its
            // line as well as the file reads.
            let source = source.or_else(|| match &e {
                Error::Diagnostic(d) => match &d.loc {
                    Location::FileLineCol { file, .. } => std::fs::read(&**file)
                        .ok()
                        .map(|b| String::from_utf8_lossy(&b).into_owned()),
                    Location::Unknown => None,
                },
                _ => None,
            });
            eprint!("{}", e.render(source.as_deref()));
            ExitCode::FAILURE
        }
    }
}

/// An array argument loaded from a `.npy` file: one variant per dtype compiled code takes.
macro_rules! loaded {
    ($($variant:ident($t:ty) = $dtype:literal),* $(,)?) => {
        #[derive(Clone, PartialEq)]
        enum Loaded {
            $($variant(ndarray::ArrayD<$t>),)*
        }

        impl Loaded {
            fn read(path: &Path) -> Result<Self, Error> {
                use ndarray_npy::ReadNpyExt;
                // Read once; each dtype is then tried on the bytes (its header check fails
                // fast for the others). Large arrays go on huge pages, as NumPy's do.
                let bytes = std::fs::read(path).map_err(|e| Error::Io {
                    path: path.display().to_string(),
                    source: e,
                })?;
                let invalid = |message: String| Error::Io {
                    path: path.display().to_string(),
                    source: std::io::Error::other(message),
                };
                // The header is checked first: a file claiming more data than it holds would
                // otherwise be a huge allocation.
                let header = npy::check(&bytes, &[$($dtype),*]).map_err(invalid)?;
                let mut failure = String::new();
                $(if header.dtype == $dtype {
                    match ndarray::ArrayD::<$t>::read_npy(&bytes[..]) {
                        Ok(a) => return Ok(Loaded::$variant(on_huge_pages(a))),
                        Err(e) => failure = e.to_string(),
                    }
                })*
                Err(invalid(format!("not a .npy array of {}: {failure}", header.dtype)))
            }

            fn arg(&mut self) -> Arg<'_> {
                match self {
                    $(Loaded::$variant(a) => Arg::Array(ArrayArg::new(a.view_mut())),)*
                }
            }

            fn copy_from(&mut self, other: &Loaded) {
                match (self, other) {
                    $((Loaded::$variant(a), Loaded::$variant(b)) => a.assign(b),)*
                    _ => unreachable!("same files, same dtypes"),
                }
            }

            fn write(&self, path: &Path) -> Result<(), Error> {
                use ndarray_npy::write_npy;
                let r = match self {
                    $(Loaded::$variant(a) => write_npy(path, a),)*
                };
                r.map_err(|e| Error::Io {
                    path: path.display().to_string(),
                    source: std::io::Error::other(e.to_string()),
                })
            }
        }
    };
}

loaded!(
    F64(f64) = "float64",
    F32(f32) = "float32",
    I64(i64) = "int64",
    I32(i32) = "int32",
    I16(i16) = "int16",
    I8(i8) = "int8",
    U8(u8) = "uint8",
    U16(u16) = "uint16",
    U32(u32) = "uint32",
    U64(u64) = "uint64",
    Bool(bool) = "bool",
);

/// One command-line argument: a literal (a tuple of literals included) or a `.npy` file.
enum CliArg {
    Scalar(Arg<'static>),
    Array(Loaded),
}

fn parse_arg(text: &str) -> Result<CliArg, Error> {
    if text.ends_with(".npy") {
        return Ok(CliArg::Array(Loaded::read(Path::new(text))?));
    }
    Ok(CliArg::Scalar(parse_literal(text.trim())?))
}

/// An int, float or bool literal, or a tuple of them: `(1, 2.5)`, `(3,)`, `((1, 2), True)`.
fn parse_literal(text: &str) -> Result<Arg<'static>, Error> {
    if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        let (mut items, mut depth, mut start) = (vec![], 0, 0);
        for (i, c) in inner.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(&inner[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        items.push(&inner[start..]);
        // `(3,)` ends with an empty item; `()` is the empty tuple.
        if items.last().is_some_and(|last| last.trim().is_empty()) {
            items.pop();
        }
        return Ok(Arg::Tuple(
            items
                .into_iter()
                .map(|item| parse_literal(item.trim()))
                .collect::<Result<_, _>>()?,
        ));
    }
    // An integer literal out of int64's range is refused, as Numba refuses it, rather than
    // read as a float.
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        return text
            .replace('_', "")
            .parse::<i64>()
            .map(Arg::Int)
            .map_err(|_| {
                Error::NotAvailable(format!(
                    "argument `{text}`: OverflowError: int too big to convert (an int argument \
                 must fit int64, -2**63 to 2**63 - 1; write `{text}.0` for a float)"
                ))
            });
    }
    Ok(match text {
        "True" | "true" => Arg::Bool(true),
        "False" | "false" => Arg::Bool(false),
        "None" => Arg::None,
        _ => match text.parse::<i64>() {
            Ok(i) => Arg::Int(i),
            Err(_) => match text.parse::<f64>() {
                Ok(f) => Arg::Float(f),
                Err(_) => {
                    return Err(Error::NotAvailable(format!(
                        "argument `{text}` is not an int, float or bool literal, None, a \
                         tuple of them nor a .npy file (a string is a compile-time constant in compiled \
                         code: write it as a literal or a default value in the program)"
                    )))
                }
            },
        },
    })
}

fn json(v: &PyValue) -> String {
    match v {
        PyValue::None => "null".into(),
        PyValue::Int(i) => i.to_string(),
        PyValue::UInt(i) => i.to_string(),
        PyValue::Bool(b) => b.to_string(),
        PyValue::Float(f) if f.is_nan() => "NaN".into(),
        PyValue::Float(f) if f.is_infinite() => {
            if *f > 0.0 {
                "Infinity".into()
            } else {
                "-Infinity".into()
            }
        }
        PyValue::Float(f) => format!("{f:?}"),
        // JSON has no complex numbers: an object with both parts.
        PyValue::Complex(re, im) => format!(
            "{{\"real\": {}, \"imag\": {}}}",
            json(&PyValue::Float(*re)),
            json(&PyValue::Float(*im))
        ),
        PyValue::Tuple(items) => format!(
            "[{}]",
            items.iter().map(json).collect::<Vec<_>>().join(", ")
        ),
        PyValue::Array(a) => blackbird::nested_list(a)
            .replace("True", "true")
            .replace("False", "false")
            .replace("nan", "NaN")
            .replace("inf", "Infinity"),
        // `Function::call` copies every array result (only the lending calls give these).
        PyValue::Lent(_) => unreachable!("a lent array from a copying call"),
    }
}

/// How `run` compiles and reports, besides what it calls.
struct RunOptions<'a> {
    /// Where to write the result and the array arguments after the call.
    out: Option<&'a Path>,
    cache: bool,
    /// A GPU kernel's launch configuration (blocks, threads).
    launch: Option<([u32; 3], [u32; 3])>,
    /// Print the compile time of each stage.
    timing: bool,
}

fn run(
    file: &Path,
    text: &str,
    function: Option<String>,
    args: &[String],
    options: RunOptions,
) -> Result<(), Error> {
    let RunOptions {
        out,
        cache,
        launch,
        timing,
    } = options;
    let start = std::time::Instant::now();
    let module = Module::from_source(text, &file.display().to_string())?;
    let frontend = start.elapsed();
    let name = match function {
        Some(f) => f,
        None => module.function_names().last().cloned().ok_or_else(|| {
            Error::NotAvailable(format!("{} defines no function", file.display()))
        })?,
    };
    let mut parsed = args
        .iter()
        .map(|a| parse_arg(a))
        .collect::<Result<Vec<_>, _>>()?;
    let value = match launch {
        Some((blocks, threads)) => {
            let kernel = module.kernel(&name)?;
            let mut call_args: Vec<Arg> = parsed.iter_mut().map(cli_arg).collect();
            kernel.launch(blocks, threads, &mut call_args)?;
            blackbird::PyValue::None
        }
        None => {
            let function = module.function_with(&name, |o| o.cache |= cache)?;
            let mut call_args: Vec<Arg> = parsed.iter_mut().map(cli_arg).collect();
            let value = function.call(&mut call_args)?;
            if timing && !function.runs_on_gpu() {
                let mut call_args: Vec<Arg> = parsed.iter_mut().map(cli_arg).collect();
                let compiled = function.specialization(&call_args)?;
                eprint!("{}", timing_report(frontend, Some(&compiled.stages)));
                drop(call_args.drain(..));
            }
            value
        }
    };
    emit(&format!("{value}\n"))?;
    if let Some(dir) = out {
        std::fs::create_dir_all(dir).map_err(|e| Error::Io {
            path: dir.display().to_string(),
            source: e,
        })?;
        match &value {
            // An array as return.npy, as the arguments.
            blackbird::PyValue::Array(a) => write_owned(a, &dir.join("return.npy"))?,
            _ => {
                let ret = dir.join("return.json");
                std::fs::write(&ret, json(&value) + "\n").map_err(|e| Error::Io {
                    path: ret.display().to_string(),
                    source: e,
                })?;
            }
        }
        for (i, a) in parsed.iter().enumerate() {
            if let CliArg::Array(l) = a {
                l.write(&dir.join(format!("arg{i}.npy")))?;
            }
        }
    }
    Ok(())
}

/// Write an array returned by compiled code as a `.npy` file.
fn write_owned(a: &blackbird::runtime::OwnedArray, path: &Path) -> Result<(), Error> {
    use blackbird::runtime::ArrayData;
    use ndarray_npy::{write_npy, WritableElement};
    fn write<T: WritableElement + Clone>(
        shape: &[usize],
        elements: &[T],
        path: &Path,
    ) -> Result<(), ndarray_npy::WriteNpyError> {
        let array = ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(shape), elements.to_vec())
            .expect("a returned array holds its shape's elements");
        write_npy(path, &array)
    }
    let shape = &a.shape;
    match &a.data {
        ArrayData::F64(e) => write(shape, e, path),
        ArrayData::F32(e) => write(shape, e, path),
        ArrayData::I64(e) => write(shape, e, path),
        ArrayData::I32(e) => write(shape, e, path),
        ArrayData::I16(e) => write(shape, e, path),
        ArrayData::I8(e) => write(shape, e, path),
        ArrayData::U8(e) => write(shape, e, path),
        ArrayData::U16(e) => write(shape, e, path),
        ArrayData::U32(e) => write(shape, e, path),
        ArrayData::U64(e) => write(shape, e, path),
        ArrayData::Bool(e) => write(shape, e, path),
    }
    .map_err(|e| Error::Io {
        path: path.display().to_string(),
        source: std::io::Error::other(e.to_string()),
    })
}

/// `BLOCKS,THREADS` with each `N`, `NxM` or `NxMxK` (missing dimensions are 1).
fn parse_launch(text: &str) -> Result<([u32; 3], [u32; 3]), Error> {
    let bad = || {
        Error::NotAvailable(format!(
            "--launch expects BLOCKS,THREADS such as 64,256 or 8x8,16x16 (each at most three positive dimensions), got '{text}'"
        ))
    };
    let dims = |part: &str| -> Result<[u32; 3], Error> {
        let sizes: Vec<u32> = part
            .split('x')
            .map(|n| n.trim().parse::<u32>().ok().filter(|n| *n > 0))
            .collect::<Option<_>>()
            .ok_or_else(bad)?;
        if sizes.is_empty() || sizes.len() > 3 {
            return Err(bad());
        }
        let mut out = [1; 3];
        out[..sizes.len()].copy_from_slice(&sizes);
        Ok(out)
    };
    let (blocks, threads) = text.split_once(',').ok_or_else(bad)?;
    Ok((dims(blocks)?, dims(threads)?))
}

#[allow(clippy::too_many_arguments)]
fn bench(
    file: &Path,
    text: &str,
    name: &str,
    args: &[String],
    calls: Calls,
    json_out: bool,
    cache: bool,
    launch: Option<([u32; 3], [u32; 3])>,
) -> Result<(), Error> {
    use std::time::{Duration, Instant};
    let mut parsed = args
        .iter()
        .map(|a| parse_arg(a))
        .collect::<Result<Vec<_>, _>>()?;
    // The arrays as read, to restore before every call.
    let originals: Vec<Option<Loaded>> = parsed
        .iter()
        .map(|a| match a {
            CliArg::Array(l) => Some(l.clone()),
            CliArg::Scalar(_) => None,
        })
        .collect();
    let start = Instant::now();
    let module = Module::from_source(text, &file.display().to_string())?;
    let frontend = start.elapsed();
    // A function, or a kernel and its launch configuration.
    let (function, kernel) = match launch {
        None => (
            Some(module.function_with(name, |o| o.cache |= cache)?),
            None,
        ),
        Some(dims) => (None, Some((module.kernel(name)?, dims))),
    };
    let call = |args: &mut [Arg]| -> Result<(), Error> {
        match (&function, &kernel) {
            (Some(f), _) => f.call(args).map(drop),
            (_, Some((k, (blocks, threads)))) => k.launch(*blocks, *threads, args),
            _ => unreachable!("a function or a kernel"),
        }
    };
    // Compile now (or load from the on-disk cache): the first call's arguments choose the
    // specialisation. A kernel compiles for the GPU it runs on: its first launch is counted
    // here.
    let (from_disk_cache, stages) = {
        let mut call_args: Vec<Arg> = parsed.iter_mut().map(cli_arg).collect();
        match &function {
            Some(f) if !f.runs_on_gpu() => {
                let compiled = f.specialization(&call_args)?;
                (compiled.from_disk_cache, Some(compiled.stages.clone()))
            }
            _ => {
                call(&mut call_args)?;
                (false, None)
            }
        }
    };
    let compile = start.elapsed();
    let mut times: Vec<Duration> = vec![];
    // Arrays the first call wrote are restored before every call, so in-place functions see
    // the same input each time; the others are left alone (a restore writes the whole array,
    // which would leave it dirty in one core's cache before every timed call).
    let mut written: Vec<bool> = originals.iter().map(Option::is_some).collect();
    let mut timed = Duration::ZERO;
    for call_index in 0.. {
        if !calls.wants_more(call_index, timed) {
            break;
        }
        for ((p, o), w) in parsed.iter_mut().zip(&originals).zip(&written) {
            if let (CliArg::Array(a), Some(b), true) = (p, o, w) {
                a.copy_from(b);
            }
        }
        let mut call_args: Vec<Arg> = parsed.iter_mut().map(cli_arg).collect();
        let t = Instant::now();
        call(&mut call_args)?;
        let elapsed = t.elapsed();
        times.push(elapsed);
        timed += elapsed;
        if call_index == 0 {
            written = parsed
                .iter()
                .zip(&originals)
                .map(|(p, o)| matches!((p, o), (CliArg::Array(a), Some(b)) if a != b))
                .collect();
        }
    }
    times.sort();
    let (min, median) = (times[0], times[times.len() / 2]);
    if json_out {
        // The frontend, then each stage compiled: `"compile_stages_ms": {"frontend": 0.4, …}`.
        let mut stage_ms = vec![format!("\"frontend\": {:.3}", frontend.as_secs_f64() * 1e3)];
        for (stage, took) in stages.iter().flat_map(|s| s.times()) {
            stage_ms.push(format!(
                "\"{}\": {:.3}",
                stage.name(),
                took.as_secs_f64() * 1e3
            ));
        }
        emit(&format!(
            "{{\"function\": \"{name}\", \"compile_s\": {:.6}, \"compile_stages_ms\": {{{}}}, \"from_disk_cache\": {from_disk_cache}, \"min_s\": {:.9}, \"median_s\": {:.9}, \"calls\": {}}}\n",
            compile.as_secs_f64(),
            stage_ms.join(", "),
            min.as_secs_f64(),
            median.as_secs_f64(),
            times.len()
        ))?;
    } else {
        let how = if from_disk_cache {
            "parse, load from the on-disk cache"
        } else if launch.is_some() {
            "parse, type, generate PTX, load, first launch"
        } else {
            "parse, type, generate, JIT"
        };
        emit(&format!(
            "{name}: compile {:.2} ms ({how})\n{name}: per call over {} calls: min {:.3} µs, \
             median {:.3} µs\n",
            compile.as_secs_f64() * 1e3,
            times.len(),
            min.as_secs_f64() * 1e6,
            median.as_secs_f64() * 1e6
        ))?;
        if !from_disk_cache {
            emit(&timing_report(frontend, stages.as_ref()))?;
        }
    }
    Ok(())
}

/// How long compiling took, by stage: the frontend (parsing the file, lowering it to `py`),
/// then each stage `stages` went through.
fn timing_report(frontend: std::time::Duration, stages: Option<&blackbird::StageDumps>) -> String {
    let mut out = format!(
        "compile time by stage:\n  {:<11}{:>9.2} ms\n",
        "frontend",
        frontend.as_secs_f64() * 1e3
    );
    if let Some(stages) = stages {
        out.push_str(&stages.time_report());
    }
    out
}

/// How many calls `bench` times: at least `repeat` (and one), and more until `min_time` of
/// timed calls has passed.
#[derive(Clone, Copy)]
struct Calls {
    repeat: usize,
    min_time: std::time::Duration,
}

impl Calls {
    fn wants_more(self, done: usize, timed: std::time::Duration) -> bool {
        done < self.repeat.max(1) || timed < self.min_time
    }
}

fn parse_seconds(text: &str) -> Result<std::time::Duration, String> {
    text.parse::<f64>()
        .ok()
        .and_then(|s| std::time::Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| format!("expected a number of seconds >= 0, not `{text}`"))
}

fn cli_arg(a: &mut CliArg) -> Arg<'_> {
    match a {
        CliArg::Scalar(literal) => copy_literal(literal),
        CliArg::Array(l) => l.arg(),
    }
}

fn copy_literal(a: &Arg<'static>) -> Arg<'static> {
    match a {
        Arg::Int(i) => Arg::Int(*i),
        Arg::Float(f) => Arg::Float(*f),
        Arg::Bool(b) => Arg::Bool(*b),
        Arg::NumPyScalar(k, v) => Arg::NumPyScalar(*k, *v),
        Arg::Tuple(items) => Arg::Tuple(items.iter().map(copy_literal).collect()),
        Arg::None => Arg::None,
        Arg::Array(_) => unreachable!("literals hold no arrays"),
    }
}

/// What [`emit`]'s errors name as their path.
const STDOUT: &str = "<stdout>";

/// Write `text` to standard output, flushed: a closed pipe or a full disk is an error (see
/// `main`), not a panic as `print!` makes it.
fn emit(text: &str) -> Result<(), Error> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| Error::Io {
            path: STDOUT.into(),
            source,
        })
}

fn read(path: &Path) -> Result<String, Error> {
    blackbird::frontend::read_source(path)
}

fn list_passes() -> String {
    let mut out = String::from("Registered passes:\n");
    for p in blackbird::passes::default_registry().list() {
        out.push_str(&format!("  {:<24} {}\n", p.name, p.summary));
        for o in p.options {
            out.push_str(&format!(
                "      {}={:<10} {} (default {})\n",
                o.name, "<value>", o.help, o.default
            ));
        }
    }
    out
}

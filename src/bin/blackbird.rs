//! The `blackbird` command. See `blackbird --help`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use blackbird::passes::pipeline::Instrumentation;
use blackbird::Error;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "blackbird", version, about = "JIT-compile numeric Python through MLIR-style dialects")]
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
        /// Arguments: int/float/bool literals or paths to .npy files.
        args: Vec<String>,
        /// Write return.npy/return.json and each array argument after the call (arg0.npy, …).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the IR of one compilation stage of a function.
    Dump {
        file: PathBuf,
        #[arg(short = 'f', long = "function")]
        function: String,
        /// Signature to compile for, e.g. 'float64(float64[:, :])'.
        #[arg(long)]
        sig: Option<String>,
        /// py | typed | tensor | tensor-opt | loop | mlir | llvm | asm | ptx | amdgcn
        #[arg(long)]
        stage: String,
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
        args: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut source: Option<String> = None;
    let result = match cli.command {
        Command::Run { file, .. } | Command::Bench { file, .. } => Err(python_not_available(&file, "running functions")),
        Command::Dump { file, function, sig, stage } => (|| {
            let text = read(&file)?;
            source = Some(text.clone());
            print!("{}", blackbird::dump(&text, &file.display().to_string(), &function, &stage, sig.as_deref())?);
            Ok(())
        })(),
        Command::Opt { list_passes: true, .. } => {
            print!("{}", list_passes());
            Ok(())
        }
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
            let pipeline = passes.ok_or_else(|| Error::NotAvailable("opt needs --passes PIPELINE".into()))?;
            if file.extension().is_some_and(|e| e == "py") {
                return Err(python_not_available(&file, "optimizing Python input"));
            }
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
            print!("{}", out.ir);
            if timing {
                eprint!("{}", out.report.timing_table());
            }
            Ok(())
        })(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprint!("{}", e.render(source.as_deref()));
            ExitCode::FAILURE
        }
    }
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.display().to_string(), source })
}

fn python_not_available(file: &Path, what: &str) -> Error {
    Error::NotAvailable(format!(
        "{}: {what} is not available yet: the Python frontend and the CPU code generator are still being built (issues #3 and #4); `blackbird opt FILE.ir --passes …` works on textual IR today",
        file.display()
    ))
}

fn list_passes() -> String {
    let mut out = String::from("Registered passes:\n");
    for p in blackbird::passes::default_registry().list() {
        out.push_str(&format!("  {:<24} {}\n", p.name, p.summary));
        for o in p.options {
            out.push_str(&format!("      {}={:<10} {} (default {})\n", o.name, "<value>", o.help, o.default));
        }
    }
    out
}

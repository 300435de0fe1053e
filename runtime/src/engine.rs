//! MLIR → LLVM → machine code through MLIR's `ExecutionEngine`.
//!
//! [`JitModule::compile`] parses MLIR text (upstream dialects: func, arith, math, scf, memref),
//! runs the [`CpuTarget`]'s lowering pipeline to reach the LLVM dialect (parallel loops become
//! OpenMP), and JIT-compiles it. Functions marked `llvm.emit_c_interface` can be called through
//! [`JitModule::invoke_packed`] or looked up as C functions (`_mlir_ciface_NAME`) with
//! [`JitModule::lookup`].
//!
//! All `unsafe` FFI of the project's CPU path lives here.

use std::ffi::c_void;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use melior::dialect::DialectRegistry;
use melior::ir::operation::{OperationLike, OperationPrintingFlags};
use melior::ir::Module;
use melior::pass::PassManager;
use melior::utility::{
    parse_pass_pipeline, register_all_dialects, register_all_llvm_translations, register_all_passes,
};
use melior::Context;
use mlir_sys::{
    mlirExecutionEngineCreate, mlirExecutionEngineDestroy, mlirExecutionEngineDumpToObjectFile,
    mlirExecutionEngineInvokePacked, mlirExecutionEngineLookup, MlirExecutionEngine, MlirStringRef,
};

use crate::huge_pages::HUGE_PAGE_BYTES;

/// The pass pipeline from upstream dialects to the LLVM dialect on the CPU; `scf.parallel`
/// loops become OpenMP parallel loops (`{threads}` is `convert-scf-to-openmp`'s options).
/// Heap buffers go through [`HEAP_FUNCTIONS`] (`use-generic-functions`).
const CPU_LOWERING_PIPELINE: &str = "builtin.module(convert-scf-to-openmp{threads},convert-scf-to-cf,convert-math-to-llvm,expand-strided-metadata,lower-affine,finalize-memref-to-llvm{use-generic-functions=true},convert-to-llvm,reconcile-unrealized-casts)";

/// The allocation functions `memref.alloc`/`memref.dealloc` lower to: `malloc` and `free`,
/// and, as NumPy does, large buffers ([`HUGE_PAGE_BYTES`] and more, filled in for
/// `{huge_page_bytes}`) advised to use transparent huge pages
/// (`madvise(MADV_HUGEPAGE)`): touching a fresh 80 MB array then takes 40 page faults instead
/// of 20 000, which is most of the cost of a memory-bound kernel that returns a new array.
const HEAP_FUNCTIONS: &str = r#"
  llvm.func @malloc(i64) -> !llvm.ptr
  llvm.func @free(!llvm.ptr)
  llvm.func @madvise(!llvm.ptr, i64, i32) -> i32
  llvm.func @_mlir_memref_to_llvm_alloc(%size: i64) -> !llvm.ptr {
    %p = llvm.call @malloc(%size) : (i64) -> !llvm.ptr{count_alloc}
    %large = llvm.mlir.constant({huge_page_bytes} : i64) : i64
    %is_large = llvm.icmp "uge" %size, %large : i64
    llvm.cond_br %is_large, ^advise, ^done
  ^advise:
    %address = llvm.ptrtoint %p : !llvm.ptr to i64
    %page_rest = llvm.mlir.constant(4095 : i64) : i64
    %page_mask = llvm.mlir.constant(-4096 : i64) : i64
    %up = llvm.add %address, %page_rest : i64
    %start = llvm.and %up, %page_mask : i64
    %end = llvm.add %address, %size : i64
    %length = llvm.sub %end, %start : i64
    %start_ptr = llvm.inttoptr %start : i64 to !llvm.ptr
    %hugepage = llvm.mlir.constant(14 : i32) : i32
    %ignored = llvm.call @madvise(%start_ptr, %length, %hugepage) : (!llvm.ptr, i64, i32) -> i32
    llvm.br ^done
  ^done:
    llvm.return %p : !llvm.ptr
  }
  llvm.func @_mlir_memref_to_llvm_free(%p: !llvm.ptr) {
    llvm.call @free(%p) : (!llvm.ptr) -> (){count_free}
    llvm.return
  }
"#;

/// The module global counting the heap buffers its code allocated and has not freed, defined
/// (and counted by [`HEAP_FUNCTIONS`]) only in modules compiled while
/// [`count_heap_buffers`] is on: a test's check that compiled code neither leaks nor frees
/// twice (see `Entry`'s buffer balance in `call.rs`).
pub const LIVE_BUFFERS_SYMBOL: &str = "blackbird_live_buffers";

/// The counter's definition and its updates (atomic: OpenMP worker threads allocate too).
const LIVE_BUFFERS_GLOBAL: &str =
    "  llvm.mlir.global external @blackbird_live_buffers(0 : i64) {addr_space = 0 : i32} : i64";
/// A null pointer (a failed `malloc`, which the code reports as MemoryError; `free` of it)
/// counts for nothing.
const COUNT_ALLOC: &str = "
    %live = llvm.mlir.addressof @blackbird_live_buffers : !llvm.ptr
    %null = llvm.mlir.zero : !llvm.ptr
    %allocated = llvm.icmp \"ne\" %p, %null : !llvm.ptr
    %count = llvm.zext %allocated : i1 to i64
    %before = llvm.atomicrmw add %live, %count monotonic : !llvm.ptr, i64";
const COUNT_FREE: &str = "
    %live = llvm.mlir.addressof @blackbird_live_buffers : !llvm.ptr
    %null = llvm.mlir.zero : !llvm.ptr
    %allocated = llvm.icmp \"ne\" %p, %null : !llvm.ptr
    %count = llvm.zext %allocated : i1 to i64
    %before = llvm.atomicrmw sub %live, %count monotonic : !llvm.ptr, i64";

/// Whether modules compiled from now on count their live heap buffers (a testing aid, off by
/// default: the normal path's allocation functions are exactly `malloc` and `free`).
static COUNTING_HEAP_BUFFERS: AtomicBool = AtomicBool::new(false);

/// Make the modules compiled from now on in this process count their live heap buffers in
/// [`LIVE_BUFFERS_SYMBOL`] (or stop). Code already compiled, or loaded from the on-disk
/// cache, is not changed.
pub fn count_heap_buffers(on: bool) {
    COUNTING_HEAP_BUFFERS.store(on, Ordering::SeqCst);
}

/// Whether modules compiled now count their live heap buffers (see [`count_heap_buffers`]).
pub fn counts_heap_buffers() -> bool {
    COUNTING_HEAP_BUFFERS.load(Ordering::SeqCst)
}

/// `mlir` with [`HEAP_FUNCTIONS`] added to its module where it allocates.
fn with_heap_functions(mlir: &str) -> std::borrow::Cow<'_, str> {
    match mlir.rfind('}') {
        Some(end) if mlir.contains("memref.alloc(") || mlir.contains("memref.dealloc") => {
            let counting = counts_heap_buffers();
            let pick = |text: &'static str| if counting { text } else { "" };
            let heap = HEAP_FUNCTIONS
                .replace("{huge_page_bytes}", &HUGE_PAGE_BYTES.to_string())
                .replace("{count_alloc}", pick(COUNT_ALLOC))
                .replace("{count_free}", pick(COUNT_FREE));
            let heap = if counting {
                format!("{heap}{LIVE_BUFFERS_GLOBAL}\n")
            } else {
                heap
            };
            format!("{}{heap}{}", &mlir[..end], &mlir[end..]).into()
        }
        _ => mlir.into(),
    }
}

/// How to compile a module for the host CPU.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CpuTarget {
    /// LLVM optimisation level, 0–3.
    pub opt_level: usize,
    /// Threads that run each parallel loop (`scf.parallel`, lowered to OpenMP); `None` leaves
    /// the choice to the OpenMP runtime (`OMP_NUM_THREADS`, else one per core).
    pub threads: Option<usize>,
}

impl CpuTarget {
    /// Optimisation level `opt_level`, the runtime's choice of threads.
    pub fn at(opt_level: usize) -> Self {
        CpuTarget {
            opt_level,
            threads: None,
        }
    }

    /// The lowering pipeline for this target.
    pub fn lowering_pipeline(&self) -> String {
        let threads = match self.threads {
            Some(n) => format!("{{num-threads={n}}}"),
            None => String::new(),
        };
        CPU_LOWERING_PIPELINE.replace("{threads}", &threads)
    }
}

/// The OpenMP runtime that parallel loops call: `BLACKBIRD_LIBOMP`, else LLVM's `libomp.so`.
pub(crate) fn libomp_path() -> Result<String, EngineError> {
    let path = std::env::var("BLACKBIRD_LIBOMP").unwrap_or_else(|_| {
        let prefix = option_env!("MLIR_SYS_220_PREFIX").unwrap_or("/usr/lib/llvm-22");
        format!("{prefix}/lib/libomp.so")
    });
    if std::path::Path::new(&path).is_file() {
        Ok(path)
    } else {
        Err(EngineError::MissingRuntime(format!(
            "the OpenMP runtime that parallel loops need was not found at {path} (install \
             libomp-22-dev, or set BLACKBIRD_LIBOMP to a libomp.so)"
        )))
    }
}

#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum EngineError {
    #[error("MLIR could not parse the module:{0}")]
    Parse(MlirDiagnostics),
    #[error("lowering to LLVM failed:\n{0}{1}")]
    Lowering(String, MlirDiagnostics),
    #[error("the execution engine could not be created (translation to LLVM IR or code generation failed){0}")]
    Create(MlirDiagnostics),
    #[error("no function `{0}` in the compiled module")]
    UnknownFunction(String),
    #[error("calling `{0}` failed")]
    Invoke(String),
    #[error("{0}")]
    MissingRuntime(String),
    #[error("the compiled code could not be written as an object file to {0}")]
    ObjectFile(String),
    #[error("{0}")]
    Link(String),
    #[error("loading compiled code failed: {0}")]
    Load(String),
}

impl EngineError {
    /// What MLIR reported on the way to this error.
    pub fn diagnostics(&self) -> &[MlirDiagnostic] {
        match self {
            EngineError::Parse(d) | EngineError::Lowering(_, d) | EngineError::Create(d) => &d.0,
            _ => &[],
        }
    }
}

/// The diagnostics MLIR reported while parsing, lowering or translating a module; each
/// printed on a line of its own after the error's headline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MlirDiagnostics(pub Vec<MlirDiagnostic>);

impl std::fmt::Display for MlirDiagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.0 {
            write!(f, "\n{}: {}", d.location, d.message)?;
        }
        Ok(())
    }
}

/// One diagnostic of MLIR's: where (its location, e.g. `loc("-":12:5)`) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MlirDiagnostic {
    pub location: String,
    pub message: String,
}

impl MlirDiagnostic {
    /// The 1-based line and column of the parsed module text the diagnostic points at (the
    /// first file location in it), if any.
    pub fn text_position(&self) -> Option<(usize, usize)> {
        let (_, rest) = self.location.split_once("\":")?;
        let mut numbers = rest.split(|c: char| !c.is_ascii_digit());
        let line = numbers.next()?.parse().ok()?;
        let column = numbers.next()?.parse().ok()?;
        Some((line, column))
    }
}

/// Shared with the context's handler, which a [`JitModule`] keeps (and may drop on another
/// thread).
type DiagnosticSink = Arc<Mutex<Vec<MlirDiagnostic>>>;

/// An MLIR context with every dialect, pass and LLVM translation registered; MLIR diagnostics
/// are collected in `diagnostics` so that errors can carry them.
pub(crate) fn new_context() -> (Context, DiagnosticSink) {
    static PASSES: std::sync::Once = std::sync::Once::new();
    // Passes are registered process-wide, once.
    PASSES.call_once(register_all_passes);
    let registry = DialectRegistry::new();
    register_all_dialects(&registry);
    let context = Context::new();
    context.append_dialect_registry(&registry);
    // Dialects load as the parser and the passes meet them (loading all ~100 of MLIR's
    // dialects took most of a small function's compile time).
    register_all_llvm_translations(&context);
    let diagnostics = Arc::new(Mutex::new(vec![]));
    let sink = diagnostics.clone();
    context.attach_diagnostic_handler(move |d| {
        sink.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(MlirDiagnostic {
                location: d.location().to_string(),
                message: d.to_string(),
            });
        true
    });
    (context, diagnostics)
}

pub(crate) fn take_diagnostics(diagnostics: &DiagnosticSink) -> MlirDiagnostics {
    MlirDiagnostics(std::mem::take(
        &mut *diagnostics.lock().unwrap_or_else(|e| e.into_inner()),
    ))
}

/// How long JIT-compiling one module took, by phase.
#[derive(Clone, Copy, Debug, Default)]
pub struct JitTimes {
    /// Parsing the MLIR text and lowering it to the LLVM dialect (MLIR's passes).
    pub lowering: std::time::Duration,
    /// LLVM: translation to LLVM IR, optimisation and machine code (up to the first lookup).
    pub codegen: std::time::Duration,
}

/// Machine code for one MLIR module.
pub struct JitModule {
    engine: MlirExecutionEngine,
    /// The module has parallel loops (it runs on the OpenMP runtime).
    parallel: bool,
    /// The engine keeps the object code, position independent (see [`JitModule::write_object`]).
    keeps_object: bool,
    /// How long parsing and lowering the module took (see [`JitTimes::lowering`]).
    pub lowering_time: std::time::Duration,
    /// Kept alive for as long as the engine: the engine was created from its module.
    _context: Context,
}

impl JitModule {
    /// Parse, lower and JIT-compile MLIR text for `target`. A module with parallel loops
    /// loads the OpenMP runtime.
    pub fn compile(mlir: &str, target: &CpuTarget) -> Result<Self, EngineError> {
        Self::create(mlir, target, false)
    }

    /// [`JitModule::compile`], generating position-independent code and keeping its object
    /// file, which [`JitModule::write_object`] writes (to link it into a shared library).
    pub fn compile_keeping_object(mlir: &str, target: &CpuTarget) -> Result<Self, EngineError> {
        Self::create(mlir, target, true)
    }

    fn create(mlir: &str, target: &CpuTarget, keep_object: bool) -> Result<Self, EngineError> {
        let parallel = mlir.contains("scf.parallel");
        let libraries = if parallel {
            vec![libomp_path()?]
        } else {
            vec![]
        };
        let start = std::time::Instant::now();
        let (context, diagnostics) = new_context();
        let module = parse_lowered(&context, &diagnostics, mlir, target)?;
        let lowering_time = start.elapsed();
        // MLIR reads these paths as C strings: each ends in NUL, outside the reference's length.
        let libraries: Vec<String> = libraries.into_iter().map(|l| l + "\0").collect();
        let library_refs: Vec<MlirStringRef> = libraries
            .iter()
            .map(|l| string_ref(&l[..l.len() - 1]))
            .collect();
        // SAFETY: `module` is a valid module of `context`; the engine copies what it needs
        // (it translates the module to LLVM IR during creation) and loads the libraries, whose
        // paths live until the call returns. A null result means failure.
        let engine = unsafe {
            mlirExecutionEngineCreate(
                module.to_raw(),
                target.opt_level.min(3) as i32,
                library_refs.len() as i32,
                library_refs.as_ptr(),
                keep_object,
                keep_object,
            )
        };
        if engine.ptr.is_null() {
            return Err(EngineError::Create(take_diagnostics(&diagnostics)));
        }
        drop(module);
        Ok(JitModule {
            engine,
            parallel,
            keeps_object: keep_object,
            lowering_time,
            _context: context,
        })
    }

    /// Write the module's machine code as a relocatable object file (the module must come from
    /// [`JitModule::compile_keeping_object`]; its code is generated by the first lookup).
    pub fn write_object(&self, path: &Path) -> Result<(), EngineError> {
        let failed = || EngineError::ObjectFile(path.display().to_string());
        let path_text = path.to_str().ok_or_else(failed)?;
        if !self.keeps_object {
            return Err(failed());
        }
        // SAFETY: the engine is valid; the path is passed by pointer and length. MLIR reports
        // failure on stderr only, so success is checked by the file's existence below.
        unsafe { mlirExecutionEngineDumpToObjectFile(self.engine, string_ref(path_text)) };
        if path.is_file() {
            Ok(())
        } else {
            Err(failed())
        }
    }

    /// Whether the module has parallel loops (their iterations run on OpenMP worker threads).
    pub fn has_parallel_loops(&self) -> bool {
        self.parallel
    }

    /// Address of a symbol of the compiled module (for `emit_c_interface` functions, the C
    /// wrapper is `_mlir_ciface_NAME`).
    pub fn lookup(&self, name: &str) -> Result<*mut c_void, EngineError> {
        // SAFETY: the engine is valid while `self` lives; the name is passed by pointer and length.
        let ptr = unsafe { mlirExecutionEngineLookup(self.engine, string_ref(name)) };
        if ptr.is_null() {
            Err(EngineError::UnknownFunction(name.to_string()))
        } else {
            Ok(ptr)
        }
    }

    /// Call `name` (marked `llvm.emit_c_interface`) through MLIR's packed wrapper of its C
    /// interface `_mlir_ciface_NAME`: `args` holds one pointer per C-interface argument, then
    /// one pointer to write a single scalar result into. In the C interface a memref argument
    /// is a *pointer to its descriptor* `{allocated, aligned, offset, sizes[r], strides[r]}`, so
    /// its packed pointer points to a slot holding the descriptor's address.
    ///
    /// # Safety
    /// Each pointer must point to a live, aligned value of the type the C interface gives at
    /// that position.
    pub unsafe fn invoke_packed(
        &self,
        name: &str,
        args: &mut [*mut c_void],
    ) -> Result<(), EngineError> {
        self.lookup(&format!("_mlir__mlir_ciface_{name}"))?;
        // SAFETY: the caller guarantees the argument pointers; the wrapper exists (checked above).
        let result = unsafe {
            mlirExecutionEngineInvokePacked(self.engine, string_ref(name), args.as_mut_ptr())
        };
        if result.value == 0 {
            Err(EngineError::Invoke(name.to_string()))
        } else {
            Ok(())
        }
    }
}

/// The packed wrapper of an `llvm.emit_c_interface` function, resolved once: calling it skips
/// the engine's by-name lookup. Valid while its [`JitModule`] lives.
#[derive(Copy, Clone)]
pub struct PackedFn(unsafe extern "C" fn(*mut *mut c_void));

impl PackedFn {
    /// # Safety
    /// `ptr` must be the address of an MLIR packed wrapper (C signature `void(void**)`).
    pub unsafe fn from_raw(ptr: *mut c_void) -> Self {
        // SAFETY: the caller guarantees the signature.
        PackedFn(unsafe {
            std::mem::transmute::<*mut c_void, unsafe extern "C" fn(*mut *mut c_void)>(ptr)
        })
    }

    /// # Safety
    /// As [`JitModule::invoke_packed`]; the module it came from must still be alive.
    pub unsafe fn call(self, args: &mut [*mut c_void]) {
        // SAFETY: the caller guarantees the arguments and the module's lifetime.
        unsafe { (self.0)(args.as_mut_ptr()) }
    }
}

// SAFETY: a `JitModule` is immutable once compiled: its engine is only asked for symbol
// addresses (`mlirExecutionEngineLookup`, which reads the engine's symbol table under LLVM's
// own locking) and the code it holds is called with per-call arguments (raised exceptions are
// recorded per thread, calls of code with parallel loops are serialised, see `call.rs`). The
// MLIR context it keeps is not used again until it is dropped with the engine, by whichever
// thread drops the module, once (its diagnostic handler shares an `Arc<Mutex<…>>`). So the
// module moves between threads and is shared by them as plain immutable data would be. This
// is the one place the compiled code's handles assert thread safety.
unsafe impl Send for JitModule {}
// SAFETY: as above.
unsafe impl Sync for JitModule {}

impl Drop for JitModule {
    fn drop(&mut self) {
        // SAFETY: the engine was created by `mlirExecutionEngineCreate` and is destroyed once.
        unsafe { mlirExecutionEngineDestroy(self.engine) }
    }
}

fn string_ref(s: &str) -> MlirStringRef {
    MlirStringRef {
        data: s.as_ptr() as *const _,
        length: s.len(),
    }
}

/// The module lowered to the LLVM dialect for `target`, as text.
pub fn lower_to_llvm_text(mlir: &str, target: &CpuTarget) -> Result<String, EngineError> {
    let (context, diagnostics) = new_context();
    let module = parse_lowered(&context, &diagnostics, mlir, target)?;
    Ok(module.as_operation().to_string())
}

/// `mlir` (with [`HEAP_FUNCTIONS`] where it allocates) parsed in `context` and lowered to the
/// LLVM dialect for `target`; errors carry the context's `diagnostics`.
fn parse_lowered<'c>(
    context: &'c Context,
    diagnostics: &DiagnosticSink,
    mlir: &str,
    target: &CpuTarget,
) -> Result<Module<'c>, EngineError> {
    let mut module = Module::parse(context, &with_heap_functions(mlir))
        .ok_or_else(|| EngineError::Parse(take_diagnostics(diagnostics)))?;
    lower_to_llvm(context, &mut module, target)
        .map_err(|e| EngineError::Lowering(e.to_string(), take_diagnostics(diagnostics)))?;
    Ok(module)
}

/// Run `target`'s lowering pipeline on a module, then clear the `nuw` flags it sets (see
/// [`without_unsigned_no_wrap`]).
pub fn lower_to_llvm<'c>(
    context: &'c Context,
    module: &mut Module<'c>,
    target: &CpuTarget,
) -> Result<(), melior::Error> {
    let pm = PassManager::new(context);
    parse_pass_pipeline(pm.as_operation_pass_manager(), &target.lowering_pipeline())?;
    pm.run(module)?;
    let flags = OperationPrintingFlags::new().enable_debug_info(true, false);
    let text = module.as_operation().to_string_with_flags(flags)?;
    if let Some(cleared) = without_unsigned_no_wrap(&text) {
        *module = Module::parse(context, &cleared).ok_or(melior::Error::RunPass)?;
    }
    Ok(())
}

/// The lowered module `text` (LLVM dialect) with every `nuw` (no unsigned wrap) flag of its
/// `llvm.getelementptr` and integer ops cleared; `None` when it has none.
///
/// MLIR's memref lowering (LLVM 22) marks the address computation of each
/// `memref.load`/`memref.store` `inbounds|nuw`, and its `index * stride` products and sums
/// `overflow<nsw, nuw>`, whatever the strides' signs. A view with a negative stride (`a[::-1]`)
/// wraps them, the address is poison and LLVM may drop or reorder the access: a store through
/// `a[::-1]` followed by a load of `a[0]` read the old value. Upstream fixed it in
/// llvm/llvm-project#204309 (`nuw` only for strides known non-negative); the C API cannot set
/// the flags (they are properties, not attributes), so the printed module is edited and parsed
/// again (locations kept). Blackbird never asks for `nuw` itself; `inbounds` and `nsw` hold for
/// every access of a view.
fn without_unsigned_no_wrap(text: &str) -> Option<String> {
    text.contains("nuw").then(|| {
        text.replace("|nuw", "")
            .replace("getelementptr nuw ", "getelementptr ")
            .replace("overflow<nsw, nuw>", "overflow<nsw>")
            .replace(" overflow<nuw>", "")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsigned_no_wrap_flags_are_cleared() {
        let text = "%1 = llvm.mul %0, %s overflow<nsw, nuw> : i64\n\
                    %2 = llvm.getelementptr inbounds|nuw %p[%1] : (!llvm.ptr, i64) -> !llvm.ptr, f64\n\
                    %3 = llvm.getelementptr nuw %p[%1] : (!llvm.ptr, i64) -> !llvm.ptr, f64\n\
                    %4 = llvm.add %0, %1 overflow<nuw> : i64";
        let cleared = without_unsigned_no_wrap(text).unwrap();
        assert_eq!(
            cleared,
            "%1 = llvm.mul %0, %s overflow<nsw> : i64\n\
             %2 = llvm.getelementptr inbounds %p[%1] : (!llvm.ptr, i64) -> !llvm.ptr, f64\n\
             %3 = llvm.getelementptr %p[%1] : (!llvm.ptr, i64) -> !llvm.ptr, f64\n\
             %4 = llvm.add %0, %1 : i64"
        );
        assert_eq!(
            without_unsigned_no_wrap("llvm.getelementptr inbounds %p[%1]"),
            None
        );
    }

    #[test]
    fn heap_functions_advise_from_the_huge_page_threshold() {
        let mlir = "module {\n  %0 = memref.alloc() : memref<8xf64>\n}";
        let with = with_heap_functions(mlir);
        let threshold = format!("llvm.mlir.constant({HUGE_PAGE_BYTES} : i64)");
        assert!(
            with.contains(&threshold) && !with.contains("{huge_page_bytes}"),
            "{with}"
        );
        assert!(with.ends_with("}"));
        assert_eq!(with_heap_functions("module {\n}"), "module {\n}");
    }

    #[test]
    fn counting_modules_count_their_live_heap_buffers() {
        count_heap_buffers(true);
        // Each function writes its buffers' addresses out, so that none is optimised away.
        let function = |name: &str, freed: &str| {
            format!(
                "  func.func @{name}(%out: memref<2xindex>) attributes {{llvm.emit_c_interface}} {{
    %kept = memref.alloc() : memref<8xf64>
    %freed = memref.alloc() : memref<4xi64>
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %a = memref.extract_aligned_pointer_as_index %kept : memref<8xf64> -> index
    %b = memref.extract_aligned_pointer_as_index %freed : memref<4xi64> -> index
    memref.store %a, %out[%c0] : memref<2xindex>
    memref.store %b, %out[%c1] : memref<2xindex>
    {freed}
    memref.dealloc %freed : memref<4xi64>
    return
  }}\n"
            )
        };
        let mlir = format!(
            "module {{\n{}{}}}",
            function("leaks", ""),
            function("balanced", "memref.dealloc %kept : memref<8xf64>")
        );
        let jit = JitModule::compile(&mlir, &CpuTarget::at(0)).unwrap();
        let live = jit.lookup(LIVE_BUFFERS_SYMBOL).unwrap() as *const i64;
        let mut addresses = [0usize; 2];
        let mut descriptor = [
            addresses.as_mut_ptr() as usize,
            addresses.as_mut_ptr() as usize,
            0,
            2,
            1,
        ];
        let mut descriptor_address = descriptor.as_mut_ptr();
        let mut args = [&mut descriptor_address as *mut *mut usize as *mut c_void];
        // SAFETY: each function takes one memref<2xindex>, passed as the address of its
        // descriptor, which describes `addresses`; the counter is the module's i64 global,
        // read while no code runs.
        unsafe {
            jit.invoke_packed("leaks", &mut args).unwrap();
            assert_eq!(live.read_volatile(), 1);
            jit.invoke_packed("balanced", &mut args).unwrap();
            assert_eq!(live.read_volatile(), 1);
        }
        let uncounted = "module {\n  %0 = memref.alloc() : memref<8xf64>\n}";
        count_heap_buffers(false);
        assert!(!with_heap_functions(uncounted).contains(LIVE_BUFFERS_SYMBOL));
        count_heap_buffers(true);
        assert!(with_heap_functions(uncounted).contains(LIVE_BUFFERS_SYMBOL));
    }
}

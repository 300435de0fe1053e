//! `convert-loop-to-mlir`: our `func`/`arith`/`math`/`loop` ops → upstream MLIR (`func`,
//! `arith`, `math`, `scf`, `memref`) as text, which the runtime parses with melior. The ops
//! mirror upstream one to one; `loop.raise` becomes a call of `blackbird_raise` with an index
//! into [`MlirModule::raise_sites`]. That function calls the runtime through the pointer in the
//! module's global [`RAISE_HOOK_SYMBOL`], which the runtime sets once the code is loaded: the
//! code then has no undefined symbol of the runtime's, so it also works when loaded from an
//! on-disk cache as a shared library.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use blackbird_dialects::ir::{
    type_to_string, AttrKind, BlockId, Context, Diagnostic, FloatKind, Location, OpId, Type,
    TypeKind, Value, ValueDef,
};
use blackbird_dialects::loops::replace_format_holes;

use super::located_text::{location_of_line, LocatedText};

/// Upstream MLIR text and the exceptions its code may raise.
#[derive(Clone, Debug)]
pub struct MlirModule {
    pub text: String,
    /// `(kind, message, location)` for each `blackbird_raise(i)` call site `i`.
    pub raise_sites: Vec<(String, String, Location)>,
    /// The location of the function the module was emitted for.
    pub location: Location,
    /// For each run of lines of `text`, its first line (1-based) and the location of the ops
    /// they were emitted for (see [`MlirModule::location_of_line`]).
    line_locations: Vec<(usize, Location)>,
}

impl MlirModule {
    /// The source location of the op emitted at 1-based `line` of the text, where known.
    pub fn location_of_line(&self, line: usize) -> Option<&Location> {
        Some(location_of_line(&self.line_locations, line)).filter(|l| **l != Location::Unknown)
    }
}

/// The function compiled code calls to raise an exception (defined in the module).
pub const RAISE_SYMBOL: &str = "blackbird_raise";

/// The module's global holding the runtime's `void(i64)` function that records a raise.
pub const RAISE_HOOK_SYMBOL: &str = "blackbird_raise_hook";

/// The function compiled code calls to print: `void(format, values)` (defined in the module).
pub const PRINT_SYMBOL: &str = "blackbird_print";

/// The OpenMP runtime's thread count (`loop.num_threads`), resolved from libomp, which
/// modules with parallel loops load.
pub const NUM_THREADS_SYMBOL: &str = "omp_get_max_threads";

/// The module's global holding the runtime's `void(ptr, ptr)` function that prints: a
/// NUL-terminated `str.format` text whose holes are typed (`{i}` signed, `{u}` unsigned,
/// `{b}` bool, `{f}` float64, `{g}` float32 or narrower) and the values as 64-bit slots (floats
/// by their `f64` or `f32` bits).
pub const PRINT_HOOK_SYMBOL: &str = "blackbird_print_hook";

/// The ABI wrapper the runtime calls: the entry function's arguments, then a `memref<Kxi64>`
/// receiving each result in 64-bit slots: a scalar in one (floats by their bits, integers
/// sign-extended, booleans zero-extended; an `f32` by its 32 bits), an array in `2 + 2·rank`
/// (its aligned base pointer, offset, sizes, strides; followed by its ownership flag result).
pub const ENTRY_SYMBOL: &str = "blackbird_entry";

/// Emit `module`; with `entry`, also the [`ENTRY_SYMBOL`] wrapper around that function.
pub fn emit_mlir(
    ctx: &Context,
    module: OpId,
    entry: Option<&str>,
) -> Result<MlirModule, Diagnostic> {
    let mut e = Emitter::new(ctx, false);
    e.out.push_str("module {\n");
    for f in ctx.body_ops(module) {
        e.function(f)?;
        for text in std::mem::take(&mut e.outlined) {
            e.out.append(text);
        }
        if blackbird_dialects::func::function_name(ctx, f) == entry {
            e.entry_wrapper(f);
        }
    }
    if !e.raise_sites.is_empty() {
        e.out.push_str(&raise_function());
    }
    if !e.print_formats.is_empty() {
        e.out.push_str(&print_function(&e.print_formats));
    }
    for define in e.inline_math.values() {
        e.out.push_str(&define());
    }
    for (symbol, ty) in &e.c_library {
        e.out
            .push_str(&format!("  func.func private @{symbol}({ty}) -> {ty}\n"));
    }
    if e.asks_num_threads {
        e.out.push_str(&format!(
            "  func.func private @{NUM_THREADS_SYMBOL}() -> i32\n"
        ));
    }
    e.out.push_str("}\n");
    let location = entry_location(ctx, module, entry);
    Ok(e.finish(location))
}

/// The location of the function named `entry` (else unknown).
fn entry_location(ctx: &Context, module: OpId, entry: Option<&str>) -> Location {
    ctx.body_ops(module)
        .into_iter()
        .find(|f| entry.is_some() && blackbird_dialects::func::function_name(ctx, *f) == entry)
        .map(|f| ctx.loc(f).clone())
        .unwrap_or_default()
}

/// The name of the `gpu.module` holding a kernel and its device functions.
pub const GPU_MODULE_SYMBOL: &str = "blackbird_kernels";

/// Emit `module` for a GPU: its functions in a `gpu.module` ([`GPU_MODULE_SYMBOL`]), `kernel`
/// as a `gpu.func … kernel` whose shared arrays are workgroup attributions, the others as
/// device functions. Exceptions are not reported from kernels (as in Numba without
/// `debug=True`): the code that would raise goes on with its safe values.
pub fn emit_gpu_mlir(ctx: &Context, module: OpId, kernel: &str) -> Result<MlirModule, Diagnostic> {
    let mut e = Emitter::new(ctx, true);
    e.out.push_str(&format!(
        "module attributes {{gpu.container_module}} {{\n  gpu.module @{GPU_MODULE_SYMBOL} {{\n"
    ));
    for f in ctx.body_ops(module) {
        if blackbird_dialects::func::function_name(ctx, f) == Some(kernel) {
            e.kernel(f)?;
        } else {
            e.function(f)?;
        }
    }
    e.out.push_str("  }\n}\n");
    let location = entry_location(ctx, module, Some(kernel));
    Ok(e.finish(location))
}

/// [`RAISE_SYMBOL`] and the [`RAISE_HOOK_SYMBOL`] global it calls through. The function is
/// `cold` and never inlined: LLVM then keeps the raising paths out of the way of the hot code
/// (loops whose checks only raise get unswitched instead of spilling around a call).
fn raise_function() -> String {
    format!(
        "  llvm.mlir.global external @{RAISE_HOOK_SYMBOL}() {{addr_space = 0 : i32}} : !llvm.ptr {{
    %0 = llvm.mlir.zero : !llvm.ptr
    llvm.return %0 : !llvm.ptr
  }}
  func.func private @{RAISE_SYMBOL}(%site: i64) attributes {{passthrough = [\"noinline\", \"cold\"]}} {{
    %0 = llvm.mlir.addressof @{RAISE_HOOK_SYMBOL} : !llvm.ptr
    %1 = llvm.load %0 : !llvm.ptr -> !llvm.ptr
    llvm.call %1(%site) : !llvm.ptr, (i64) -> ()
    return
  }}
"
    )
}

/// [`PRINT_SYMBOL`], the [`PRINT_HOOK_SYMBOL`] global it calls through, and the format texts
/// of the module's prints as constant globals `@blackbird_print_format<i>`.
fn print_function(formats: &[String]) -> String {
    let mut out = format!(
        "  llvm.mlir.global external @{PRINT_HOOK_SYMBOL}() {{addr_space = 0 : i32}} : !llvm.ptr {{
    %0 = llvm.mlir.zero : !llvm.ptr
    llvm.return %0 : !llvm.ptr
  }}
  func.func private @{PRINT_SYMBOL}(%format: !llvm.ptr, %values: !llvm.ptr) {{
    %0 = llvm.mlir.addressof @{PRINT_HOOK_SYMBOL} : !llvm.ptr
    %1 = llvm.load %0 : !llvm.ptr -> !llvm.ptr
    llvm.call %1(%format, %values) : !llvm.ptr, (!llvm.ptr, !llvm.ptr) -> ()
    return
  }}
"
    );
    for (i, text) in formats.iter().enumerate() {
        let mut bytes = text.as_bytes().to_vec();
        bytes.push(0);
        let escaped: String = bytes
            .iter()
            .map(|b| match b {
                b' '..=b'~' if !matches!(b, b'"' | b'\\') => (*b as char).to_string(),
                _ => format!("\\{b:02X}"),
            })
            .collect();
        let _ = writeln!(
            out,
            "  llvm.mlir.global internal constant @blackbird_print_format{i}(\"{escaped}\") {{addr_space = 0 : i32}} : !llvm.array<{} x i8>",
            bytes.len()
        );
    }
    out
}

/// A printed type with its unsigned integer types (`ui8`, `ui64`…) made signless (`i8`…).
fn signless(ty: &str) -> String {
    let bytes = ty.as_bytes();
    // A type name starts a word, or follows a shape's `?x`/`4x`.
    let starts_type = |i: usize| match i {
        0 => true,
        _ if bytes[i - 1] == b'x' => {
            i >= 2 && (bytes[i - 2] == b'?' || bytes[i - 2].is_ascii_digit())
        }
        _ => !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'),
    };
    ty.char_indices()
        .filter(|&(i, _)| {
            let unsigned_int = bytes[i..].starts_with(b"ui")
                && bytes.get(i + 2).is_some_and(u8::is_ascii_digit)
                && starts_type(i);
            !unsigned_int // drop the `u`
        })
        .map(|(_, c)| c)
        .collect()
}

/// `format`'s holes `{}` typed by the values they take (see [`PRINT_HOOK_SYMBOL`]).
fn typed_print_format(ctx: &Context, format: &str, values: &[Value]) -> String {
    let typed = replace_format_holes(format, |k| {
        match ctx.type_kind(ctx.value_type(values[k])) {
            TypeKind::Float(FloatKind::F64) => "{f}",
            TypeKind::Float(_) => "{g}",
            TypeKind::Int { width: 1, .. } => "{b}",
            TypeKind::Int {
                signedness: blackbird_dialects::ir::Signedness::Unsigned,
                ..
            } => "{u}",
            _ => "{i}",
        }
        .to_string()
    });
    typed.expect("the verifier checked the format")
}

struct Emitter<'a> {
    ctx: &'a Context,
    out: LocatedText,
    /// The location of the op being emitted (each line remembers it).
    loc: Location,
    names: HashMap<Value, String>,
    raise_sites: Vec<(String, String, Location)>,
    /// The typed format texts of the module's prints (see [`PRINT_HOOK_SYMBOL`]).
    print_formats: Vec<String>,
    /// Whether a `loop.num_threads` needs [`NUM_THREADS_SYMBOL`] declared.
    asks_num_threads: bool,
    /// The inline math functions the module calls (see `vector_math.rs`), by symbol.
    inline_math: std::collections::BTreeMap<&'static str, super::vector_math::Definition>,
    /// The C library functions the module calls (see [`c_library_function`]): symbol, type.
    c_library: std::collections::BTreeSet<(String, String)>,
    /// The number of temporaries (`%tN`) named in the current function.
    next: usize,
    /// The number of values (`%vN`, `%mN`) named in the current function: names restart in
    /// each function, so that one function's text does not depend on the others.
    next_value: usize,
    /// The function being emitted.
    function_name: String,
    /// Functions outlined from parallel loop bodies, emitted after the current function.
    outlined: Vec<LocatedText>,
    /// Emitting GPU code: functions sit one level deeper, inside the `gpu.module`.
    gpu: bool,
    /// Emitting a kernel (`func.return` is `gpu.return`).
    in_kernel: bool,
    /// Buffers in the block's shared memory (their types carry the workgroup address space).
    workgroup: HashSet<Value>,
}

impl<'a> Emitter<'a> {
    fn new(ctx: &'a Context, gpu: bool) -> Self {
        Emitter {
            ctx,
            out: LocatedText::default(),
            loc: Location::Unknown,
            names: HashMap::new(),
            raise_sites: vec![],
            print_formats: vec![],
            asks_num_threads: false,
            inline_math: Default::default(),
            c_library: Default::default(),
            next: 0,
            next_value: 0,
            function_name: String::new(),
            outlined: vec![],
            gpu,
            in_kernel: false,
            workgroup: HashSet::new(),
        }
    }
}

impl Emitter<'_> {
    fn fresh(&mut self) -> String {
        self.next += 1;
        format!("%t{}", self.next)
    }
    /// A new value number in the current function.
    fn number(&mut self) -> usize {
        self.next_value += 1;
        self.next_value - 1
    }
    fn name(&mut self, v: Value) -> String {
        if let Some(name) = self.names.get(&v) {
            return name.clone();
        }
        let name = format!("%v{}", self.number());
        self.names.insert(v, name.clone());
        name
    }
    /// `t` in upstream MLIR: integers are signless there (`ui8` is `i8`; the ops say how
    /// they read the bits).
    fn ty(&self, t: Type) -> String {
        signless(&type_to_string(self.ctx, t))
    }
    fn vty(&self, v: Value) -> String {
        let t = self.ty(self.ctx.value_type(v));
        if self.workgroup.contains(&v) {
            in_workgroup_memory(&t)
        } else {
            t
        }
    }
    fn list(&mut self, values: &[Value]) -> String {
        values
            .iter()
            .map(|v| self.name(*v))
            .collect::<Vec<_>>()
            .join(", ")
    }
    fn types(&self, values: &[Value]) -> String {
        values
            .iter()
            .map(|v| self.vty(*v))
            .collect::<Vec<_>>()
            .join(", ")
    }
    fn line(&mut self, indent: usize, text: &str) {
        let indent = indent + usize::from(self.gpu);
        let line = format!("{}{text}", "  ".repeat(indent));
        self.out.push_line(&line, &self.loc);
    }

    /// A printed value as a 64-bit slot (see [`PRINT_HOOK_SYMBOL`]).
    fn print_slot(&mut self, v: Value, indent: usize) -> String {
        let t = self.ctx.value_type(v);
        let ty = self.ty(t);
        let mut slot = self.name(v);
        let convert = |e: &mut Self, slot: &mut String, text: String| {
            let r = e.fresh();
            e.line(indent, &format!("{r} = {text}"));
            *slot = r;
        };
        match self.ctx.type_kind(t).clone() {
            TypeKind::Float(FloatKind::F64) => {
                let text = format!("arith.bitcast {slot} : f64 to i64");
                convert(self, &mut slot, text);
            }
            TypeKind::Float(kind) => {
                // Shown with float32 precision: the slot holds the f32 bits.
                if kind != FloatKind::F32 {
                    let text = format!("arith.extf {slot} : {ty} to f32");
                    convert(self, &mut slot, text);
                }
                let text = format!("arith.bitcast {slot} : f32 to i32");
                convert(self, &mut slot, text);
                let text = format!("arith.extui {slot} : i32 to i64");
                convert(self, &mut slot, text);
            }
            TypeKind::Int { width, signedness } if width != 64 => {
                let unsigned =
                    width == 1 || signedness == blackbird_dialects::ir::Signedness::Unsigned;
                let ext = if unsigned {
                    "arith.extui"
                } else {
                    "arith.extsi"
                };
                let text = format!("{ext} {slot} : {ty} to i64");
                convert(self, &mut slot, text);
            }
            _ => {}
        }
        slot
    }

    /// The rank of `op`'s first result.
    fn rank_of(&self, op: OpId) -> usize {
        let t = self.ctx.value_type(self.ctx.result(op, 0));
        self.ctx.type_kind(t).rank().unwrap_or(0)
    }

    /// `loop.alloc` of a buffer whose dimensions are all dynamic: `memref.alloc`, and when
    /// `malloc` gave null, MemoryError and an empty buffer instead.
    fn checked_alloc(&mut self, op: OpId, operands: &[Value], indent: usize) {
        let ctx = self.ctx;
        let result = ctx.result(op, 0);
        let ty = self.vty(result);
        let elem = ctx.type_kind(ctx.value_type(result)).element_type();
        let dtype = elem.map_or("?".into(), |e| {
            crate::transforms::infer_types::rules::display(ctx, e)
        });
        let message = format!("Unable to allocate the memory for an array of {dtype}");
        let code = self.raise_sites.len();
        self.raise_sites
            .push(("MemoryError".into(), message, ctx.loc(op).clone()));
        let (buffer, address, zero, null) =
            (self.fresh(), self.fresh(), self.fresh(), self.fresh());
        let sizes = self.list(operands);
        self.line(indent, &format!("{buffer} = memref.alloc({sizes}) : {ty}"));
        self.line(
            indent,
            &format!(
                "{address} = memref.extract_aligned_pointer_as_index {buffer} : {ty} -> index"
            ),
        );
        self.line(indent, &format!("{zero} = arith.constant 0 : index"));
        self.line(
            indent,
            &format!("{null} = arith.cmpi eq, {address}, {zero} : index"),
        );
        let r = self.results(op);
        self.line(indent, &format!("{r}scf.if {null} -> ({ty}) {{"));
        let (site, empty) = (self.fresh(), self.fresh());
        self.line(indent + 1, &format!("{site} = arith.constant {code} : i64"));
        self.line(
            indent + 1,
            &format!("func.call @{RAISE_SYMBOL}({site}) : (i64) -> ()"),
        );
        let zeros = vec![zero; operands.len()].join(", ");
        self.line(
            indent + 1,
            &format!("{empty} = memref.alloc({zeros}) : {ty}"),
        );
        self.line(indent + 1, &format!("scf.yield {empty} : {ty}"));
        self.line(indent, "} else {");
        self.line(indent + 1, &format!("scf.yield {buffer} : {ty}"));
        self.line(indent, "}");
    }

    /// `%r = ` / `%r:n = ` for an op's results (and their names for later uses).
    fn results(&mut self, op: OpId) -> String {
        let results = self.ctx.results(op).to_vec();
        match results.len() {
            0 => String::new(),
            1 => format!("{} = ", self.name(results[0])),
            n => {
                let base = format!("%m{}", self.number());
                for (i, r) in results.iter().enumerate() {
                    self.names.insert(*r, format!("{base}#{i}"));
                }
                format!("{base}:{n} = ")
            }
        }
    }

    /// Start emitting function `f`: its name, entry block and typed parameters.
    fn begin_function(&mut self, f: OpId) -> (String, BlockId, Vec<String>) {
        let ctx = self.ctx;
        let name = blackbird_dialects::func::function_name(ctx, f)
            .unwrap_or_default()
            .to_string();
        self.function_name = name.clone();
        (self.next, self.next_value) = (0, 0);
        let entry = ctx.entry_block(ctx.region(f, 0));
        let params: Vec<String> = ctx
            .block_args(entry)
            .to_vec()
            .into_iter()
            .map(|a| format!("{}: {}", self.name(a), self.vty(a)))
            .collect();
        (name, entry, params)
    }

    /// The symbol of the program's function `name` on the CPU: `py.NAME`, which no C library
    /// function (`sin`, `fmod`, `free`…), no runtime symbol and no outlined loop body
    /// (`py.NAME.parallel0`) can have, as a Python name cannot contain a dot. Without it a
    /// function named `sin` would be called by LLVM for `math.sin` (endless recursion) and one
    /// named `free` by every deallocation. GPU kernels keep their names: the launcher looks
    /// them up by name, and device code calls no C library.
    fn symbol(&self, name: &str) -> String {
        if self.gpu {
            name.to_string()
        } else {
            format!("py.{name}")
        }
    }

    fn function(&mut self, f: OpId) -> Result<(), Diagnostic> {
        let (name, entry, params) = self.begin_function(f);
        let (_, results) = blackbird_dialects::func::function_signature(self.ctx, f)
            .expect("func.func has a type");
        let res: Vec<String> = results.iter().map(|t| self.ty(*t)).collect();
        let attributes = if self.gpu {
            ""
        } else {
            " attributes {llvm.emit_c_interface}"
        };
        let symbol = self.symbol(&name);
        self.line(
            1,
            &format!(
                "func.func @{symbol}({}) -> ({}){attributes} {{",
                params.join(", "),
                res.join(", ")
            ),
        );
        self.block(entry, 2)?;
        self.line(1, "}");
        Ok(())
    }

    /// A kernel as `gpu.func @name(…) workgroup(…) kernel`.
    fn kernel(&mut self, f: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let (name, entry, params) = self.begin_function(f);
        let mut attributions = vec![];
        for op in ctx.walk_preorder(f) {
            if ctx.op_name(op) == "gpu.shared_array" {
                let buffer = ctx.result(op, 0);
                let name = format!("%wg{}", attributions.len());
                self.names.insert(buffer, name.clone());
                self.workgroup.insert(buffer);
                attributions.push(format!("{name}: {}", self.vty(buffer)));
            }
        }
        let workgroup = if attributions.is_empty() {
            String::new()
        } else {
            format!(" workgroup({})", attributions.join(", "))
        };
        self.line(
            1,
            &format!(
                "gpu.func @{name}({}){workgroup} kernel {{",
                params.join(", ")
            ),
        );
        self.in_kernel = true;
        let body = self.block(entry, 2);
        self.in_kernel = false;
        body?;
        self.line(1, "}");
        Ok(())
    }

    fn entry_wrapper(&mut self, f: OpId) {
        let ctx = self.ctx;
        let name = blackbird_dialects::func::function_name(ctx, f)
            .unwrap_or_default()
            .to_string();
        let (inputs, results) =
            blackbird_dialects::func::function_signature(ctx, f).expect("func.func has a type");
        let params: Vec<String> = inputs
            .iter()
            .enumerate()
            .map(|(i, t)| format!("%a{i}: {}", self.ty(*t)))
            .collect();
        let args: Vec<String> = (0..inputs.len()).map(|i| format!("%a{i}")).collect();
        let in_types: Vec<String> = inputs.iter().map(|t| self.ty(*t)).collect();
        let res_types: Vec<String> = results.iter().map(|t| self.ty(*t)).collect();
        let slots: Vec<usize> = results
            .iter()
            .map(|t| match ctx.type_kind(*t) {
                TypeKind::MemRef { shape, .. } => 2 + 2 * shape.len(),
                _ => 1,
            })
            .collect();
        let k = slots.iter().sum::<usize>().max(1);
        let mut sep = if params.is_empty() { "" } else { ", " }.to_string();
        sep.push_str(&format!("%out: memref<{k}xi64>"));
        self.line(
            1,
            &format!(
                "func.func @{ENTRY_SYMBOL}({}{sep}) attributes {{llvm.emit_c_interface}} {{",
                params.join(", ")
            ),
        );
        let call = format!(
            "func.call @{}({}) : ({}) -> ({})",
            self.symbol(&name),
            args.join(", "),
            in_types.join(", "),
            res_types.join(", ")
        );
        match results.len() {
            0 => self.line(2, &call),
            1 => self.line(2, &format!("%r = {call}")),
            n => self.line(2, &format!("%r:{n} = {call}")),
        }
        let mut slot = 0;
        for (i, t) in results.iter().enumerate() {
            let r = if results.len() == 1 {
                "%r".to_string()
            } else {
                format!("%r#{i}")
            };
            let mut words: Vec<String> = vec![];
            match ctx.type_kind(*t).clone() {
                TypeKind::MemRef { shape, elem, .. } => {
                    let rank = shape.len();
                    let ty = self.ty(*t);
                    let meta: Vec<String> =
                        (0..1 + 2 * rank).map(|j| format!("%md{i}_{j}")).collect();
                    let idx = vec!["index"; meta.len()].join(", ");
                    self.line(2, &format!("%mb{i}, {} = memref.extract_strided_metadata {r} : {ty} -> memref<{}>, {idx}", meta.join(", "), self.ty(elem)));
                    self.line(
                        2,
                        &format!(
                            "%mp{i} = memref.extract_aligned_pointer_as_index {r} : {ty} -> index"
                        ),
                    );
                    for (j, v) in std::iter::once(format!("%mp{i}")).chain(meta).enumerate() {
                        self.line(
                            2,
                            &format!("%w{i}_{j} = arith.index_cast {v} : index to i64"),
                        );
                        words.push(format!("%w{i}_{j}"));
                    }
                }
                kind => {
                    let word = match kind {
                        TypeKind::Float(blackbird_dialects::ir::FloatKind::F64) => {
                            format!("arith.bitcast {r} : f64 to i64")
                        }
                        TypeKind::Float(_) => {
                            self.line(
                                2,
                                &format!("%b{i} = arith.bitcast {r} : {} to i32", self.ty(*t)),
                            );
                            format!("arith.extui %b{i} : i32 to i64")
                        }
                        TypeKind::Int { width: 64, .. } => {
                            self.line(2, &format!("%zero{i} = arith.constant 0 : i64"));
                            format!("arith.addi {r}, %zero{i} : i64")
                        }
                        TypeKind::Int { width: 1, .. } => format!("arith.extui {r} : i1 to i64"),
                        TypeKind::Int {
                            signedness: blackbird_dialects::ir::Signedness::Unsigned,
                            ..
                        } => format!("arith.extui {r} : {} to i64", self.ty(*t)),
                        _ => format!("arith.extsi {r} : {} to i64", self.ty(*t)),
                    };
                    self.line(2, &format!("%s{i} = {word}"));
                    words.push(format!("%s{i}"));
                }
            }
            for w in words {
                self.line(2, &format!("%c{slot} = arith.constant {slot} : index"));
                self.line(
                    2,
                    &format!("memref.store {w}, %out[%c{slot}] : memref<{k}xi64>"),
                );
                slot += 1;
            }
        }
        self.line(2, "func.return");
        self.line(1, "}");
    }

    /// `v` as an `index` value (cast from an integer when needed).
    fn as_index(&mut self, v: Value, indent: usize) -> String {
        let t = self.vty(v);
        let name = self.name(v);
        if t == "index" {
            return name;
        }
        let cast = self.fresh();
        self.line(
            indent,
            &format!("{cast} = arith.index_cast {name} : {t} to index"),
        );
        cast
    }

    /// `loop.parallel` as `scf.parallel` whose body calls the loop body outlined into a
    /// function of the induction variable and the values it captures (which returns the
    /// iteration's contributions), then `scf.reduce`s them. Outlining keeps the body's own
    /// loops out of the single-block region `convert-scf-to-openmp` wraps around it; LLVM
    /// inlines the call again.
    fn parallel(&mut self, op: OpId, indent: usize) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let operands = ctx.operands(op).to_vec();
        let r = self.results(op);
        let bounds: Vec<String> = (0..3).map(|i| self.as_index(operands[i], indent)).collect();
        let inits = &operands[3..];
        let init = if inits.is_empty() {
            String::new()
        } else {
            format!(" init ({}) -> ({})", self.list(inits), self.types(inits))
        };
        let body = ctx.entry_block(ctx.region(op, 0));
        let iv = ctx.block_args(body)[0];
        // Captured constants are defined again in the outlined function; other values are
        // passed.
        let (constants, captured): (Vec<Value>, Vec<Value>) =
            captures(ctx, op).into_iter().partition(|v| {
                ctx.defining_op(*v)
                    .is_some_and(|d| ctx.op_name(d) == "arith.constant")
            });
        let mut params = vec![iv];
        params.extend(captured);
        let callee = format!(
            "{}.parallel{}",
            self.symbol(&self.function_name),
            self.outlined.len()
        );
        self.outline(&callee, body, &params, &constants)?;
        let iv_index = self.fresh();
        self.line(
            indent,
            &format!(
                "{r}scf.parallel ({iv_index}) = ({}) to ({}) step ({}){init} {{",
                bounds[0], bounds[1], bounds[2]
            ),
        );
        let iv_type = self.vty(iv);
        let iv_value = if iv_type == "index" {
            iv_index
        } else {
            let v = self.fresh();
            self.line(
                indent + 1,
                &format!("{v} = arith.index_cast {iv_index} : index to {iv_type}"),
            );
            v
        };
        let mut args = vec![iv_value];
        args.extend(params[1..].iter().map(|v| self.name(*v)));
        let mut arg_types = vec![iv_type];
        arg_types.extend(params[1..].iter().map(|v| self.vty(*v)));
        let result_types = self.types(inits);
        let call = format!(
            "func.call @{callee}({}) : ({}) -> ({result_types})",
            args.join(", "),
            arg_types.join(", ")
        );
        let contributions: Vec<String> = match inits.len() {
            0 => {
                self.line(indent + 1, &call);
                vec![]
            }
            1 => {
                let c = self.fresh();
                self.line(indent + 1, &format!("{c} = {call}"));
                vec![c]
            }
            n => {
                let c = self.fresh();
                self.line(indent + 1, &format!("{c}:{n} = {call}"));
                (0..n).map(|i| format!("{c}#{i}")).collect()
            }
        };
        if contributions.is_empty() {
            self.line(indent + 1, "scf.reduce");
        } else {
            let kinds = blackbird_dialects::loops::parallel_reductions(ctx, op);
            self.line(
                indent + 1,
                &format!(
                    "scf.reduce({} : {result_types}) {{",
                    contributions.join(", ")
                ),
            );
            for (i, (kind, v)) in kinds.iter().zip(inits).enumerate() {
                let t = self.vty(*v);
                let (a, b, c) = (self.fresh(), self.fresh(), self.fresh());
                if i > 0 {
                    self.line(indent + 1, "}, {");
                }
                self.line(indent + 1, &format!("^bb0({a}: {t}, {b}: {t}):"));
                // Minimum and maximum as compare + select: the form convert-scf-to-openmp
                // recognises as a reduction.
                let predicate = match kind.as_str() {
                    "minsi" => Some("slt"),
                    "maxsi" => Some("sgt"),
                    "minui" => Some("ult"),
                    "maxui" => Some("ugt"),
                    _ => None,
                };
                if let Some(predicate) = predicate {
                    let p = self.fresh();
                    self.line(
                        indent + 2,
                        &format!("{p} = arith.cmpi {predicate}, {a}, {b} : {t}"),
                    );
                    self.line(
                        indent + 2,
                        &format!("{c} = arith.select {p}, {a}, {b} : {t}"),
                    );
                } else {
                    self.line(indent + 2, &format!("{c} = arith.{kind} {a}, {b} : {t}"));
                }
                self.line(indent + 2, &format!("scf.reduce.return {c} : {t}"));
            }
            self.line(indent + 1, "}");
        }
        self.line(indent, "}");
        Ok(())
    }

    /// Emit `body` (ending in `loop.yield`) as the private function `name` whose parameters are
    /// `params` and which starts by defining the `constants` it uses (all keeping their names:
    /// the function is a scope of its own), into [`Emitter::outlined`].
    fn outline(
        &mut self,
        name: &str,
        body: BlockId,
        params: &[Value],
        constants: &[Value],
    ) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let outer = std::mem::take(&mut self.out);
        // A parameter is named like the value it receives, unless that is one result of
        // several (`%m3#1` is no argument name): then a fresh name inside the function.
        let mut renamed = vec![];
        for v in params {
            let name = self.name(*v);
            if name.contains('#') {
                let fresh = self.fresh();
                renamed.push((*v, std::mem::replace(self.names.get_mut(v).unwrap(), fresh)));
            }
        }
        let typed: Vec<String> = params
            .iter()
            .map(|v| format!("{}: {}", self.name(*v), self.vty(*v)))
            .collect();
        let ops = ctx.block_ops(body).to_vec();
        let (terminator, ops) = ops.split_last().expect("loop.yield ends the body");
        let yielded = ctx.operands(*terminator).to_vec();
        self.line(
            1,
            &format!(
                "func.func private @{name}({}) -> ({}) {{",
                typed.join(", "),
                self.types(&yielded)
            ),
        );
        let mut result = Ok(());
        let constant_ops = constants.iter().filter_map(|c| ctx.defining_op(*c));
        for op in constant_ops.collect::<Vec<_>>().iter().chain(ops) {
            result = self.op(*op, 2);
            if result.is_err() {
                break;
            }
        }
        let ret = if yielded.is_empty() {
            "func.return".to_string()
        } else {
            format!(
                "func.return {} : {}",
                self.list(&yielded),
                self.types(&yielded)
            )
        };
        self.line(2, &ret);
        self.line(1, "}");
        let text = std::mem::replace(&mut self.out, outer);
        self.outlined.push(text);
        self.names.extend(renamed);
        result
    }

    fn block(&mut self, block: BlockId, indent: usize) -> Result<(), Diagnostic> {
        for op in self.ctx.block_ops(block).to_vec() {
            self.op(op, indent)?;
        }
        Ok(())
    }

    /// The module, its lines located.
    fn finish(self, location: Location) -> MlirModule {
        let (text, line_locations) = self.out.finish();
        MlirModule {
            text,
            raise_sites: self.raise_sites,
            location,
            line_locations,
        }
    }

    /// Emit `op`, its lines located at it (those of the ops inside it at theirs).
    fn op(&mut self, op: OpId, indent: usize) -> Result<(), Diagnostic> {
        let outer = std::mem::replace(&mut self.loc, self.ctx.loc(op).clone());
        let r = self.op_here(op, indent);
        self.loc = outer;
        r
    }

    fn op_here(&mut self, op: OpId, indent: usize) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let name = ctx.op_name(op);
        let operands = ctx.operands(op).to_vec();
        let o = |e: &mut Self, i: usize| e.name(operands[i]);
        match name {
            "arith.constant" => {
                let r = self.results(op);
                let t = ctx.value_type(ctx.result(op, 0));
                let lit = match ctx.attr_data(op, "value") {
                    Some(AttrKind::Bool(b)) => b.to_string(),
                    Some(AttrKind::Int(v, _)) => v.to_string(),
                    Some(AttrKind::Float(bits, _)) => match ctx.type_kind(t) {
                        TypeKind::Float(blackbird_dialects::ir::FloatKind::F32) => {
                            format!("0x{:08X}", (f64::from_bits(*bits) as f32).to_bits())
                        }
                        _ => format!("0x{bits:016X}"),
                    },
                    _ => {
                        return Err(Diagnostic::error(
                            ctx.loc(op).clone(),
                            "unsupported constant",
                        ))
                    }
                };
                // `arith.constant true` takes no type; other literals do.
                let suffix = if matches!(ctx.attr_data(op, "value"), Some(AttrKind::Bool(_))) {
                    String::new()
                } else {
                    format!(" : {}", self.ty(t))
                };
                let line = format!("{r}arith.constant {lit}{suffix}");
                self.line(indent, &line);
            }
            "arith.cmpi" | "arith.cmpf" => {
                let r = self.results(op);
                let p = ctx.attr_str(op, "predicate");
                let line = format!(
                    "{r}{name} {p}, {}, {} : {}",
                    o(self, 0),
                    o(self, 1),
                    self.vty(operands[0])
                );
                self.line(indent, &line);
            }
            "arith.select" => {
                let r = self.results(op);
                let line = format!(
                    "{r}arith.select {}, {}, {} : {}",
                    o(self, 0),
                    o(self, 1),
                    o(self, 2),
                    self.vty(operands[1])
                );
                self.line(indent, &line);
            }
            "arith.extsi" | "arith.extui" | "arith.trunci" | "arith.sitofp" | "arith.fptosi"
            | "arith.uitofp" | "arith.fptoui" | "arith.extf" | "arith.truncf"
            | "arith.index_cast" | "arith.index_castui" | "arith.bitcast" => {
                let r = self.results(op);
                let to = self.vty(ctx.result(op, 0));
                let line = format!(
                    "{r}{name} {} : {} to {to}",
                    o(self, 0),
                    self.vty(operands[0])
                );
                self.line(indent, &line);
            }
            // On the CPU, exp/log/log10 of float64 are expanded (see `vector_math.rs`) so
            // that loops vectorize.
            n if !self.gpu
                && super::vector_math::inline_function(n).is_some()
                && matches!(
                    ctx.type_kind(ctx.value_type(ctx.result(op, 0))),
                    TypeKind::Float(FloatKind::F64)
                ) =>
            {
                let (symbol, define) = super::vector_math::inline_function(n).expect("matched");
                self.inline_math.insert(symbol, define);
                let r = self.results(op);
                let line = format!("{r}func.call @{symbol}({}) : (f64) -> f64", o(self, 0));
                self.line(indent, &line);
            }
            // On the CPU, the functions LLVM has no accurate lowering for call the C library.
            n if !self.gpu && c_library_function(n).is_some() => {
                let ty = self.vty(ctx.result(op, 0));
                let base = c_library_function(n).expect("matched");
                let symbol = match ty.as_str() {
                    "f32" => format!("{base}f"),
                    _ => base.to_string(),
                };
                let r = self.results(op);
                let line = format!("{r}func.call @{symbol}({}) : ({ty}) -> {ty}", o(self, 0));
                self.line(indent, &line);
                self.c_library.insert((symbol, ty));
            }
            n if n.starts_with("arith.") || n.starts_with("math.") => {
                let r = self.results(op);
                let args = self.list(&operands);
                let flags = match ctx.attr(op, "fastmath") {
                    Some(_) => format!(" fastmath<{}>", ctx.attr_str(op, "fastmath")),
                    None => String::new(),
                };
                let line = format!("{r}{n} {args}{flags} : {}", self.vty(ctx.result(op, 0)));
                self.line(indent, &line);
            }
            "func.call" => {
                let r = self.results(op);
                let callee = self.symbol(ctx.attr_str(op, "callee"));
                let results = ctx.results(op).to_vec();
                let line = format!(
                    "{r}func.call @{callee}({}) : ({}) -> ({})",
                    self.list(&operands),
                    self.types(&operands),
                    self.types(&results)
                );
                self.line(indent, &line);
            }
            "func.return" | "loop.yield" => {
                let kw = match name {
                    "func.return" if self.in_kernel => "gpu.return",
                    "func.return" => "func.return",
                    _ => "scf.yield",
                };
                let line = if operands.is_empty() {
                    kw.to_string()
                } else {
                    format!("{kw} {} : {}", self.list(&operands), self.types(&operands))
                };
                self.line(indent, &line);
            }
            "loop.condition" => {
                let rest = &operands[1..];
                let tail = if rest.is_empty() {
                    String::new()
                } else {
                    format!(" {} : {}", self.list(rest), self.types(rest))
                };
                let line = format!("scf.condition({}){tail}", o(self, 0));
                self.line(indent, &line);
            }
            "loop.parallel" if self.gpu => {
                return Err(Diagnostic::error(
                    ctx.loc(op).clone(),
                    "parallel loops (prange) inside GPU code are not supported: the kernel's threads are the parallelism",
                ))
            }
            "loop.parallel" => self.parallel(op, indent)?,
            "gpu.thread_id" | "gpu.block_id" | "gpu.block_dim" | "gpu.grid_dim" => {
                let r = self.results(op);
                let line = format!("{r}{name} {}", ctx.attr_str(op, "dimension"));
                self.line(indent, &line);
            }
            "gpu.barrier" => self.line(indent, "gpu.barrier"),
            // A workgroup attribution of the kernel (see `kernel`).
            "gpu.shared_array" if self.in_kernel => {}
            "loop.atomic_rmw" => {
                let r = self.results(op);
                let line = format!(
                    "{r}memref.atomic_rmw {} {}, {}[{}] : ({}, {}) -> {}",
                    ctx.attr_str(op, "kind"),
                    o(self, 0),
                    o(self, 1),
                    self.list(&operands[2..]),
                    self.vty(operands[0]),
                    self.vty(operands[1]),
                    self.vty(operands[0])
                );
                self.line(indent, &line);
            }
            "loop.alloc" | "loop.dealloc" if self.gpu => {
                return Err(Diagnostic::error(
                    ctx.loc(op).clone(),
                    "arrays cannot be allocated in GPU code (whole-array expressions and np.empty/np.zeros need one); use cuda.local.array or cuda.shared.array",
                ))
            }
            "loop.raise" if self.gpu => {}
            "loop.for" => {
                let r = self.results(op);
                let body = ctx.entry_block(ctx.region(op, 0));
                let args = ctx.block_args(body).to_vec();
                let iv = self.name(args[0]);
                let inits = &operands[3..];
                let iter = if inits.is_empty() {
                    String::new()
                } else {
                    let pairs: Vec<String> = args[1..]
                        .iter()
                        .zip(inits)
                        .map(|(a, i)| format!("{} = {}", self.name(*a), self.name(*i)))
                        .collect();
                    format!(
                        " iter_args({}) -> ({})",
                        pairs.join(", "),
                        self.types(inits)
                    )
                };
                let line = format!(
                    "{r}scf.for {iv} = {} to {} step {}{iter} : {} {{",
                    o(self, 0),
                    o(self, 1),
                    o(self, 2),
                    self.vty(operands[0])
                );
                self.line(indent, &line);
                self.block(body, indent + 1)?;
                self.line(indent, "}");
            }
            "loop.if" => {
                let r = self.results(op);
                let results = ctx.results(op).to_vec();
                let ret = if results.is_empty() {
                    String::new()
                } else {
                    format!(" -> ({})", self.types(&results))
                };
                let line = format!("{r}scf.if {}{ret} {{", o(self, 0));
                self.line(indent, &line);
                self.block(ctx.entry_block(ctx.region(op, 0)), indent + 1)?;
                self.line(indent, "} else {");
                self.block(ctx.entry_block(ctx.region(op, 1)), indent + 1)?;
                self.line(indent, "}");
            }
            "loop.alloca_scope" => {
                // The stack pointer saved before the region and restored after it frees the
                // stack buffers made inside (what `memref.alloca_scope` lowers to; that op
                // needs a one-block region until it is lowered, which the `scf` ops inside
                // it lose first).
                let saved = self.fresh();
                self.line(indent, &format!("{saved} = llvm.intr.stacksave : !llvm.ptr"));
                let body = ctx.entry_block(ctx.region(op, 0));
                let (terminator, ops) = ctx.block_ops(body).split_last().expect("a loop.yield");
                for inner in ops {
                    self.op(*inner, indent)?;
                }
                for (r, v) in ctx.results(op).iter().zip(ctx.operands(*terminator)) {
                    let name = self.name(*v);
                    self.names.insert(*r, name);
                }
                self.line(indent, &format!("llvm.intr.stackrestore {saved} : !llvm.ptr"));
            }
            "loop.while" => {
                let r = self.results(op);
                let before = ctx.entry_block(ctx.region(op, 0));
                let after = ctx.entry_block(ctx.region(op, 1));
                let bargs = ctx.block_args(before).to_vec();
                let pairs: Vec<String> = bargs
                    .iter()
                    .zip(&operands)
                    .map(|(a, i)| format!("{} = {}", self.name(*a), self.name(*i)))
                    .collect();
                let results = ctx.results(op).to_vec();
                let line = format!(
                    "{r}scf.while ({}) : ({}) -> ({}) {{",
                    pairs.join(", "),
                    self.types(&operands),
                    self.types(&results)
                );
                self.line(indent, &line);
                self.block(before, indent + 1)?;
                self.line(indent, "} do {");
                let aargs = ctx.block_args(after).to_vec();
                let params: Vec<String> = aargs
                    .iter()
                    .map(|a| format!("{}: {}", self.name(*a), self.vty(*a)))
                    .collect();
                self.line(indent, &format!("^bb0({}):", params.join(", ")));
                self.block(after, indent + 1)?;
                self.line(indent, "}");
            }
            "loop.load" => {
                let r = self.results(op);
                let line = format!(
                    "{r}memref.load {}[{}] : {}",
                    o(self, 0),
                    self.list(&operands[1..]),
                    self.vty(operands[0])
                );
                self.line(indent, &line);
            }
            "loop.prefetch" => {
                let line = format!(
                    "memref.prefetch {}[{}], read, locality<3>, data : {}",
                    o(self, 0),
                    self.list(&operands[1..]),
                    self.vty(operands[0])
                );
                self.line(indent, &line);
            }
            "loop.store" => {
                let line = format!(
                    "memref.store {}, {}[{}] : {}",
                    o(self, 0),
                    o(self, 1),
                    self.list(&operands[2..]),
                    self.vty(operands[1])
                );
                self.line(indent, &line);
            }
            "loop.dim" => {
                let d = ctx
                    .attr_data(op, "dim")
                    .and_then(|a| a.as_int())
                    .unwrap_or(0);
                let c = self.fresh();
                self.line(indent, &format!("{c} = arith.constant {d} : index"));
                let r = self.results(op);
                let line = format!(
                    "{r}memref.dim {}, {c} : {}",
                    o(self, 0),
                    self.vty(operands[0])
                );
                self.line(indent, &line);
            }
            "loop.alloc" if !operands.is_empty() && operands.len() == self.rank_of(op) => {
                self.checked_alloc(op, &operands, indent);
            }
            "loop.alloca" | "loop.alloc" => {
                let r = self.results(op);
                let kw = if name == "loop.alloca" {
                    "memref.alloca"
                } else {
                    "memref.alloc"
                };
                let line = format!(
                    "{r}{kw}({}) : {}",
                    self.list(&operands),
                    self.vty(ctx.result(op, 0))
                );
                self.line(indent, &line);
            }
            "loop.metadata" | "loop.view" => {
                if self.workgroup.contains(&operands[0]) {
                    return Err(Diagnostic::error(
                        ctx.loc(op).clone(),
                        "views of shared arrays are not supported yet: index their elements",
                    ));
                }
                let src = o(self, 0);
                let src_ty = self.vty(operands[0]);
                let rank = ctx
                    .type_kind(ctx.value_type(operands[0]))
                    .rank()
                    .unwrap_or(0);
                let elem = self.ty(ctx
                    .type_kind(ctx.value_type(operands[0]))
                    .element_type()
                    .unwrap());
                let base = self.fresh();
                // Plain names for the metadata values (multi-result `%x#i` cannot be defined here).
                let meta: Vec<String> = if name == "loop.metadata" {
                    ctx.results(op)
                        .to_vec()
                        .into_iter()
                        .map(|r| {
                            let n = self.fresh();
                            self.names.insert(r, n.clone());
                            n
                        })
                        .collect()
                } else {
                    (0..1 + 2 * rank).map(|_| self.fresh()).collect()
                };
                let idx = vec!["index"; meta.len()].join(", ");
                self.line(indent, &format!("{base}, {} = memref.extract_strided_metadata {src} : {src_ty} -> memref<{elem}>, {idx}", meta.join(", ")));
                if name == "loop.view" {
                    let r = self.results(op);
                    let result_rank = (operands.len() - 2) / 2;
                    let sizes = self.list(&operands[2..2 + result_rank]);
                    let strides = self.list(&operands[2 + result_rank..]);
                    let line = format!(
                        "{r}memref.reinterpret_cast {base} to offset: [{}], sizes: [{sizes}], strides: [{strides}] : memref<{elem}> to {}",
                        o(self, 1),
                        self.vty(ctx.result(op, 0))
                    );
                    self.line(indent, &line);
                }
            }
            "loop.cast" => {
                if self.workgroup.contains(&operands[0]) {
                    self.workgroup.insert(ctx.result(op, 0));
                }
                let r = self.results(op);
                let line = format!(
                    "{r}memref.cast {} : {} to {}",
                    o(self, 0),
                    self.vty(operands[0]),
                    self.vty(ctx.result(op, 0))
                );
                self.line(indent, &line);
            }
            "loop.address" => {
                let r = self.results(op);
                let line = format!(
                    "{r}memref.extract_aligned_pointer_as_index {} : {} -> index",
                    o(self, 0),
                    self.vty(operands[0])
                );
                self.line(indent, &line);
            }
            "loop.dealloc" => {
                let line = format!("memref.dealloc {} : {}", o(self, 0), self.vty(operands[0]));
                self.line(indent, &line);
            }
            "loop.num_threads" => {
                if self.gpu {
                    return Err(Diagnostic::error(
                        ctx.loc(op).clone(),
                        "loop.num_threads (a prange loop carrying arrays) is not available in a GPU kernel",
                    ));
                }
                self.asks_num_threads = true;
                let r = self.results(op);
                let count = self.fresh();
                self.line(
                    indent,
                    &format!("{count} = func.call @{NUM_THREADS_SYMBOL}() : () -> i32"),
                );
                self.line(indent, &format!("{r}arith.extsi {count} : i32 to i64"));
            }
            "loop.print" => {
                if self.gpu {
                    return Err(Diagnostic::error(
                        ctx.loc(op).clone(),
                        "print() in a GPU kernel is not supported yet",
                    ));
                }
                let format = typed_print_format(ctx, ctx.attr_str(op, "format"), &operands);
                let global = format!("@blackbird_print_format{}", self.print_formats.len());
                self.print_formats.push(format);
                let slots_ty = format!("memref<{}xi64>", operands.len().max(1));
                let (fmt, slots) = (self.fresh(), self.fresh());
                self.line(indent, &format!("{fmt} = llvm.mlir.addressof {global} : !llvm.ptr"));
                self.line(indent, &format!("{slots} = memref.alloca() : {slots_ty}"));
                for (k, v) in operands.iter().enumerate() {
                    let slot = self.print_slot(*v, indent);
                    let c = self.fresh();
                    self.line(indent, &format!("{c} = arith.constant {k} : index"));
                    self.line(indent, &format!("memref.store {slot}, {slots}[{c}] : {slots_ty}"));
                }
                let (address, word, pointer) = (self.fresh(), self.fresh(), self.fresh());
                self.line(indent, &format!("{address} = memref.extract_aligned_pointer_as_index {slots} : {slots_ty} -> index"));
                self.line(indent, &format!("{word} = arith.index_cast {address} : index to i64"));
                self.line(indent, &format!("{pointer} = llvm.inttoptr {word} : i64 to !llvm.ptr"));
                self.line(
                    indent,
                    &format!("func.call @{PRINT_SYMBOL}({fmt}, {pointer}) : (!llvm.ptr, !llvm.ptr) -> ()"),
                );
            }
            "loop.raise" => {
                let kind = ctx.attr_str(op, "kind").to_string();
                let message = ctx.attr_str(op, "message").to_string();
                let code = self.raise_sites.len();
                self.raise_sites.push((kind, message, ctx.loc(op).clone()));
                let c = self.fresh();
                self.line(indent, &format!("{c} = arith.constant {code} : i64"));
                self.line(
                    indent,
                    &format!("func.call @{RAISE_SYMBOL}({c}) : (i64) -> ()"),
                );
            }
            other => {
                return Err(Diagnostic::error(
                    ctx.loc(op).clone(),
                    format!("`{other}` cannot be emitted as upstream MLIR yet"),
                ))
            }
        }
        Ok(())
    }
}

/// A memref type string in the GPU's workgroup (shared) memory space.
fn in_workgroup_memory(memref: &str) -> String {
    let inner = memref.strip_suffix('>').unwrap_or(memref);
    format!("{inner}, #gpu.address_space<workgroup>>")
}

/// The values used inside `op`'s regions but defined outside them, in order of first use.
fn captures(ctx: &Context, op: OpId) -> Vec<Value> {
    let inside = |v: Value| match ctx.value_def(v) {
        ValueDef::OpResult { op: def, .. } => ctx.is_ancestor(op, def),
        ValueDef::BlockArg { block, .. } => ctx
            .block_parent_op(block)
            .is_some_and(|owner| ctx.is_ancestor(op, owner)),
    };
    let mut out: Vec<Value> = vec![];
    for inner in ctx.walk_preorder(op).into_iter().skip(1) {
        for v in ctx.operands(inner) {
            if !inside(*v) && !out.contains(v) {
                out.push(*v);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::signless;

    #[test]
    fn unsigned_integer_types_print_signless() {
        assert_eq!(signless("ui8"), "i8");
        assert_eq!(
            signless("memref<?x4xui16, strided<[?, 1], offset: ?>>"),
            "memref<?x4xi16, strided<[?, 1], offset: ?>>"
        );
        assert_eq!(signless("(ui64, f64) -> ui32"), "(i64, f64) -> i32");
        // Not a type name: left alone.
        assert_eq!(signless("@fui8"), "@fui8");
        assert_eq!(signless("index"), "index");
    }
}

/// The C library function (`double` version; `float`'s adds `f`) that a CPU `math` op
/// `name` calls: those whose upstream lowering is inaccurate (`log1p` as `log(1 + x)`) or
/// missing, and the gamma functions, which have no upstream op.
fn c_library_function(name: &str) -> Option<&'static str> {
    match name {
        "math.log1p" => Some("log1p"),
        "math.expm1" => Some("expm1"),
        "math.erf" => Some("erf"),
        "math.erfc" => Some("erfc"),
        "math.tgamma" => Some("tgamma"),
        "math.lgamma" => Some("lgamma"),
        _ => None,
    }
}

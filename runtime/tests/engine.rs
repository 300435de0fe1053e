//! MLIR is really linked: modules are lowered to LLVM, JIT-compiled and called.

use std::ffi::c_void;

use blackbird_runtime::{CpuTarget, EngineError, JitModule};

const ADD: &str = r#"
func.func @add(%a: i64, %b: i64) -> i64 attributes { llvm.emit_c_interface } {
  %0 = arith.addi %a, %b : i64
  return %0 : i64
}
"#;

#[test]
fn jit_compiles_and_calls_a_scalar_function() {
    let jit = JitModule::compile(ADD, &CpuTarget::at(3)).unwrap();
    let (mut a, mut b, mut r) = (40i64, 2i64, 0i64);
    let mut args = [
        &mut a as *mut i64 as *mut c_void,
        &mut b as *mut i64 as *mut c_void,
        &mut r as *mut i64 as *mut c_void,
    ];
    unsafe { jit.invoke_packed("add", &mut args).unwrap() };
    assert_eq!(r, 42);
}

/// A strided 1-D memref descriptor as MLIR's C interface lays it out.
#[repr(C)]
struct MemRef1D {
    allocated: *mut f64,
    aligned: *mut f64,
    offset: i64,
    size: i64,
    stride: i64,
}

const SUM: &str = r#"
func.func @sum(%x: memref<?xf64, strided<[?], offset: ?>>) -> f64 attributes { llvm.emit_c_interface } {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %n = memref.dim %x, %c0 : memref<?xf64, strided<[?], offset: ?>>
  %s = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f64) {
    %v = memref.load %x[%i] : memref<?xf64, strided<[?], offset: ?>>
    %sq = math.sqrt %v : f64
    %next = arith.addf %acc, %sq : f64
    scf.yield %next : f64
  }
  return %s : f64
}
"#;

#[test]
fn jit_loops_over_a_strided_buffer_with_math() {
    let jit = JitModule::compile(SUM, &CpuTarget::at(3)).unwrap();
    let f: extern "C" fn(*mut MemRef1D) -> f64 =
        unsafe { std::mem::transmute(jit.lookup("_mlir_ciface_sum").unwrap()) };
    // Every other element of [1, 100, 4, 100, 9, 100, 16]: sqrt(1)+sqrt(4)+sqrt(9)+sqrt(16) = 10.
    let mut data = [1.0, 100.0, 4.0, 100.0, 9.0, 100.0, 16.0];
    let mut desc = MemRef1D {
        allocated: data.as_mut_ptr(),
        aligned: data.as_mut_ptr(),
        offset: 0,
        size: 4,
        stride: 2,
    };
    assert_eq!(f(&mut desc), 10.0);
    // With an offset of 1 the view is [100, 100, 100]: 30.
    desc.offset = 1;
    desc.size = 3;
    assert_eq!(f(&mut desc), 30.0);
}

#[test]
fn invalid_mlir_is_a_parse_error_with_diagnostics() {
    let err = JitModule::compile("func.func @f( {", &CpuTarget::at(0))
        .err()
        .unwrap();
    match err {
        EngineError::Parse(d) => assert!(d.to_string().contains("expected"), "{d}"),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn unknown_functions_are_reported() {
    let jit = JitModule::compile(ADD, &CpuTarget::at(0)).unwrap();
    assert_eq!(
        jit.lookup("nope").err(),
        Some(EngineError::UnknownFunction("nope".into()))
    );
    let err = unsafe { jit.invoke_packed("nope", &mut []) }.err();
    assert_eq!(
        err,
        Some(EngineError::UnknownFunction(
            "_mlir__mlir_ciface_nope".into()
        ))
    );
}

#[test]
fn memref_arguments_are_passed_as_pointers_to_descriptors() {
    let src = "func.func @fill(%out: memref<?xi64, strided<[?], offset: ?>>, %v: i64) attributes { llvm.emit_c_interface } {\n  %c = arith.constant 1 : index\n  memref.store %v, %out[%c] : memref<?xi64, strided<[?], offset: ?>>\n  return\n}";
    let jit = JitModule::compile(src, &CpuTarget::at(2)).unwrap();
    let mut buf = [0i64; 5];
    // A view of every other element starting at buf[1]: element 1 is buf[3].
    let mut desc = [buf.as_mut_ptr() as u64, buf.as_mut_ptr() as u64, 1, 2, 2];
    let mut desc_ptr = desc.as_mut_ptr() as u64;
    let mut v = 42i64;
    let mut args = [
        &mut desc_ptr as *mut u64 as *mut c_void,
        &mut v as *mut i64 as *mut c_void,
    ];
    unsafe { jit.invoke_packed("fill", &mut args).unwrap() };
    assert_eq!(buf, [0, 0, 0, 42, 0]);
}

/// A store through a reversed view (a negative stride) of a fresh buffer, then a load of the
/// buffer itself: `a = np.full(3, 1.0); a[::-1] /= x; return a[0]` as Blackbird emitted it.
/// MLIR's memref lowering marks the `index * stride` products and their GEPs `nuw`, which a
/// negative stride breaks (poison: LLVM returned the old 1.0; llvm/llvm-project#204309).
#[test]
fn stores_through_negative_strides_reach_the_buffer() {
    let mlir = include_str!("fixtures/reversed_store.mlir");
    let jit = JitModule::compile(mlir, &CpuTarget::at(3)).unwrap();
    let f: extern "C" fn(*mut MemRef1D) -> f64 =
        unsafe { std::mem::transmute(jit.lookup("_mlir_ciface_f").unwrap()) };
    let mut data = [2.0, 4.0, 8.0];
    let mut desc = MemRef1D {
        allocated: data.as_mut_ptr(),
        aligned: data.as_mut_ptr(),
        offset: 0,
        size: 3,
        stride: 1,
    };
    // a[0] is the reversed view's last element: 1.0 / x[2].
    assert_eq!(f(&mut desc), 0.125);
    let lowered = blackbird_runtime::lower_to_llvm_text(mlir, &CpuTarget::at(3)).unwrap();
    assert!(!lowered.contains("nuw"), "{lowered}");
}

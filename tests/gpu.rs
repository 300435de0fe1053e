//! GPU kernels (`@cuda.jit`): every kernel of `tests/programs` compiles to PTX (validated with
//! `ptxas` from PyPI's nvidia-cuda-nvcc wheel when it is installed) and to AMDGCN; the NVVM and
//! ROCDL lowerings of two kernels are pinned by snapshots; and where an NVIDIA GPU and driver
//! exist, kernels run and are compared with results computed here. Without a GPU the run tests
//! say that they skip (on stderr) and check nothing else.

use std::path::{Path, PathBuf};
use std::process::Command;

use blackbird::runtime::gpu::{self, GpuError, GpuTarget, GpuVendor};
use blackbird::{Arg, ArrayArg, Error, Module};
use ndarray::{Array1, Array2};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The nvidia-cuda-nvcc wheel of the test environment (libdevice and ptxas), if installed.
fn cuda_toolkit() -> Option<PathBuf> {
    GpuTarget::find_toolkit(GpuVendor::Cuda).or_else(|| {
        let lib = root().join(".venv/lib");
        std::fs::read_dir(lib)
            .ok()?
            .flatten()
            .map(|e| e.path().join("site-packages/nvidia/cuda_nvcc"))
            .find(|p| p.join("nvvm/libdevice/libdevice.10.bc").is_file())
    })
}

fn target(vendor: GpuVendor, chip: &str) -> GpuTarget {
    GpuTarget {
        chip: chip.into(),
        toolkit: match vendor {
            GpuVendor::Cuda => cuda_toolkit(),
            GpuVendor::Rocm => GpuTarget::find_toolkit(vendor),
        },
        ..GpuTarget::default_for(vendor)
    }
}

/// `(file, function, signature, entry)` for every `# sig:` line naming a GPU kernel and every
/// `# snapshot-sig:` line naming a GPU ufunc in tests/programs (`entry`: the kernel's symbol).
fn gpu_fixtures() -> Vec<(String, String, String, String)> {
    let mut out = vec![];
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/programs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        let file = format!(
            "tests/programs/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let module = Module::from_source(&source, &file).unwrap();
        let mut ctx = blackbird::dialects::ir::Context::new();
        let program = blackbird::lower_python(&mut ctx, &source, &file).unwrap();
        let gpu_ufunc = |name: &str| {
            program.function(name).is_some_and(|f| {
                f.decorator.as_ref().is_some_and(|d| {
                    d.kind == blackbird::frontend::DecoratorKind::Vectorize
                        && d.options.gpu.is_some()
                })
            })
        };
        for line in source.lines() {
            let request = line
                .strip_prefix("# sig: ")
                .or_else(|| line.strip_prefix("# snapshot-sig: "));
            let Some((function, sig)) = request.and_then(|rest| rest.split_once(' ')) else {
                continue;
            };
            let entry = if gpu_ufunc(function) {
                "blackbird_vectorized"
            } else if module.kernel(function).is_ok() {
                function
            } else {
                continue;
            };
            out.push((
                file.clone(),
                function.to_string(),
                sig.to_string(),
                entry.to_string(),
            ));
        }
    }
    out
}

fn gpu_module(file: &str, function: &str, sig: &str) -> String {
    let source = std::fs::read_to_string(root().join(file)).unwrap();
    blackbird::dump(&source, file, function, "mlir", Some(sig))
        .unwrap_or_else(|e| panic!("{file}::{function}: {}", e.render(Some(&source))))
}

#[test]
fn every_gpu_fixture_compiles_to_ptx_and_amdgcn() {
    let fixtures = gpu_fixtures();
    assert!(fixtures.len() >= 11, "GPU fixtures: {fixtures:?}");
    let ptxas = cuda_toolkit()
        .map(|t| t.join("bin/ptxas"))
        .filter(|p| p.is_file());
    if ptxas.is_none() {
        eprintln!("ptxas not installed (pip install nvidia-cuda-nvcc-cu12): PTX not validated");
    }
    let scratch = std::env::temp_dir().join(format!("blackbird-ptx-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    for (file, function, sig, entry) in &fixtures {
        let mlir = gpu_module(file, function, sig);
        assert!(mlir.contains(&format!("gpu.func @{entry}(")), "{mlir}");
        for chip in ["sm_80", "sm_90"] {
            let ptx = match gpu::compile_to_assembly(&mlir, &target(GpuVendor::Cuda, chip)) {
                Ok(ptx) => ptx,
                // Math needs libdevice, from the optional nvidia-cuda-nvcc wheel.
                Err(e) if cuda_toolkit().is_none() && e.to_string().contains("__nv_") => {
                    eprintln!("{function}: not compiled for CUDA without libdevice: {e}");
                    continue;
                }
                Err(e) => panic!("{file}::{function} for {chip}: {e}"),
            };
            assert!(ptx.contains(&format!(".target {chip}")), "{ptx}");
            assert!(ptx.contains(&format!(".visible .entry {entry}(")), "{ptx}");
            if let Some(ptxas) = &ptxas {
                let path = scratch.join(format!("{function}_{entry}_{chip}.ptx"));
                std::fs::write(&path, &ptx).unwrap();
                let out = Command::new(ptxas)
                    .args(["-arch", chip, "-o"])
                    .arg(path.with_extension("cubin"))
                    .arg(&path)
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "ptxas rejects {function} for {chip}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
        for chip in ["gfx90a", "gfx942"] {
            let amdgcn = gpu::compile_to_assembly(&mlir, &target(GpuVendor::Rocm, chip))
                .unwrap_or_else(|e| panic!("{file}::{function} for {chip}: {e}"));
            assert!(
                amdgcn.contains(&format!(".amdhsa_kernel {entry}")),
                "{amdgcn}"
            );
            assert!(amdgcn.contains(chip), "{amdgcn}");
        }
    }
    std::fs::remove_dir_all(&scratch).ok();
}

#[test]
fn math_in_kernels_needs_the_device_library() {
    let mlir = gpu_module(
        "tests/programs/cuda_device_functions.py",
        "apply_bump",
        "void(float64[::1], float64[::1])",
    );
    let without = GpuTarget {
        toolkit: None,
        ..target(GpuVendor::Cuda, "sm_90")
    };
    let err = gpu::compile_to_assembly(&mlir, &without)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("__nv_exp") && err.contains("BLACKBIRD_CUDA_TOOLKIT"),
        "{err}"
    );
    if cuda_toolkit().is_some() {
        let ptx = gpu::compile_to_assembly(&mlir, &target(GpuVendor::Cuda, "sm_90")).unwrap();
        assert!(
            !ptx.contains(".extern .func"),
            "libdevice linked in:\n{ptx}"
        );
    }
}

#[test]
fn nvvm_and_rocdl_lowerings_are_pinned() {
    for (file, function, sig) in [
        (
            "tests/programs/cuda_kernel.py",
            "shared_sum",
            "void(float32[::1], float32[::1])",
        ),
        (
            "tests/programs/cuda_stencil.py",
            "stencil",
            "void(float32[:, ::1], float32[:, ::1])",
        ),
    ] {
        let mlir = gpu_module(file, function, sig);
        let nvvm = gpu::lower_to_gpu_llvm(&mlir, &target(GpuVendor::Cuda, "sm_90")).unwrap();
        let rocdl = gpu::lower_to_gpu_llvm(&mlir, &target(GpuVendor::Rocm, "gfx90a")).unwrap();
        assert!(nvvm.contains("nvvm.read.ptx.sreg.tid.x") && nvvm.contains("nvvm.kernel"));
        assert!(rocdl.contains("rocdl.workitem.id.x") && rocdl.contains("rocdl.kernel"));
        insta::assert_snapshot!(
            format!("{function}_lowered"),
            format!("// ===== nvvm (sm_90) =====\n{nvvm}\n// ===== rocdl (gfx90a) =====\n{rocdl}")
        );
    }
}

#[test]
fn kernels_are_launched_not_called() {
    let source =
        std::fs::read_to_string(root().join("tests/programs/cuda_device_functions.py")).unwrap();
    let module = Module::from_source(&source, "cuda_device_functions.py").unwrap();
    let err = module.function("scale").err().unwrap().to_string();
    assert!(
        err.contains("GPU kernel") && err.contains("--launch"),
        "{err}"
    );
    let err = module.kernel("bump").err().unwrap().to_string();
    assert!(err.contains("device function"), "{err}");
    let cpu = Module::from_source(
        "from numba import njit\n\n@njit\ndef f(x):\n    return x\n",
        "f.py",
    )
    .unwrap();
    let err = cpu.kernel("f").err().unwrap().to_string();
    assert!(err.contains("not a GPU kernel"), "{err}");
}

#[test]
fn rocm_launches_say_why_they_cannot_run() {
    let source =
        std::fs::read_to_string(root().join("tests/programs/cuda_device_functions.py")).unwrap();
    let module = Module::from_source(&source, "cuda_device_functions.py").unwrap();
    let kernel = module.kernel("reverse_chunks").unwrap();
    assert_eq!(kernel.vendor(), GpuVendor::Rocm);
    let mut x = Array1::<i32>::zeros(8);
    let mut args = [Arg::Array(ArrayArg::new(x.view_mut()))];
    match kernel.launch([1, 1, 1], [2, 1, 1], &mut args) {
        Err(Error::Gpu(GpuError::NoDevice(why))) => assert!(why.contains("ROCm"), "{why}"),
        Err(Error::Gpu(GpuError::Driver(why))) => assert!(why.contains("AMD"), "{why}"),
        other => panic!("expected a GPU error, got {other:?}"),
    }
}

/// The NVIDIA device, or `None` after saying on stderr why the test skips.
fn nvidia_gpu(test: &str) -> Option<gpu::cuda::Device> {
    match gpu::cuda::Device::open() {
        Ok(d) => {
            eprintln!("{test}: running on {} ({})", d.name, d.arch);
            Some(d)
        }
        Err(e) => {
            eprintln!("{test}: SKIPPED: {e}");
            None
        }
    }
}

fn kernels(file: &str) -> (String, Module) {
    let source = std::fs::read_to_string(root().join(file)).unwrap();
    let module = Module::from_source(&source, file).unwrap();
    (source, module)
}

#[test]
fn gpu_kernels_match_host_results() {
    if nvidia_gpu("gpu_kernels_match_host_results").is_none() {
        return;
    }
    let n = 100_003;
    // add_kernel: one element per thread, a partial last block.
    let (_, module) = kernels("tests/programs/cuda_kernel.py");
    let x = Array1::from_shape_fn(n, |i| (i as f32).sin());
    let y = Array1::from_shape_fn(n, |i| (i as f32) * 0.5);
    let mut out = Array1::<f32>::zeros(n);
    let (mut xa, mut ya) = (x.clone(), y.clone());
    let add = module.kernel("add_kernel").unwrap();
    add.launch(
        [(n as u32).div_ceil(256), 1, 1],
        [256, 1, 1],
        &mut [
            Arg::Array(ArrayArg::new(xa.view_mut())),
            Arg::Array(ArrayArg::new(ya.view_mut())),
            Arg::Array(ArrayArg::new(out.view_mut())),
        ],
    )
    .unwrap();
    assert_eq!(out, &x + &y);

    // shared_sum: per-block sums through shared memory, combined with an atomic add.
    let blocks = 64;
    let mut xs = Array1::from_shape_fn(128 * blocks, |i| (i % 7) as f32);
    let mut total = Array1::<f32>::zeros(1);
    let expected: f32 = xs.sum();
    module
        .kernel("shared_sum")
        .unwrap()
        .launch(
            [blocks as u32, 1, 1],
            [128, 1, 1],
            &mut [
                Arg::Array(ArrayArg::new(xs.view_mut())),
                Arg::Array(ArrayArg::new(total.view_mut())),
            ],
        )
        .unwrap();
    assert_eq!(total[0], expected);

    // A 2-D stencil on a 2-D grid.
    let (_, module) = kernels("tests/programs/cuda_stencil.py");
    let (rows, cols) = (300, 200);
    let mut a = Array2::from_shape_fn((rows, cols), |(i, j)| ((i * 31 + j * 17) % 11) as f32);
    let mut s = Array2::<f32>::zeros((rows, cols));
    module
        .kernel("stencil")
        .unwrap()
        .launch(
            [(rows as u32).div_ceil(16), (cols as u32).div_ceil(16), 1],
            [16, 16, 1],
            &mut [
                Arg::Array(ArrayArg::new(a.view_mut())),
                Arg::Array(ArrayArg::new(s.view_mut())),
            ],
        )
        .unwrap();
    for i in 0..rows {
        for j in 0..cols {
            let want = if i == 0 || j == 0 || i == rows - 1 || j == cols - 1 {
                0.0
            } else {
                0.25 * (a[[i - 1, j]] + a[[i + 1, j]] + a[[i, j - 1]] + a[[i, j + 1]])
            };
            assert_eq!(s[[i, j]], want, "stencil at ({i}, {j})");
        }
    }

    // Tiled transpose through shared memory, of a non-contiguous (strided) view.
    let mut big = Array2::from_shape_fn((2 * 70, 45), |(i, j)| (i * 1000 + j) as f64);
    let mut t = Array2::<f64>::zeros((45, 70));
    {
        let mut view = big.slice_mut(ndarray::s![..;2, ..]);
        module
            .kernel("transpose_tiles")
            .unwrap()
            .launch(
                [70u32.div_ceil(16), 45u32.div_ceil(16), 1],
                [16, 16, 1],
                &mut [
                    Arg::Array(ArrayArg::new(view.view_mut())),
                    Arg::Array(ArrayArg::new(t.view_mut())),
                ],
            )
            .unwrap();
    }
    assert_eq!(t, big.slice(ndarray::s![..;2, ..]).t());

    // Device functions with libdevice math, integer atomics, scalar parameters.
    let (_, module) = kernels("tests/programs/cuda_device_functions.py");
    let mut v = Array1::from_shape_fn(5000, |i| (i as f64 - 2500.0) / 700.0);
    let mut bumped = Array1::<f64>::zeros(5000);
    module
        .kernel("apply_bump")
        .unwrap()
        .launch(
            [20, 1, 1],
            [256, 1, 1],
            &mut [
                Arg::Array(ArrayArg::new(v.view_mut())),
                Arg::Array(ArrayArg::new(bumped.view_mut())),
            ],
        )
        .unwrap();
    for (x, b) in v.iter().zip(&bumped) {
        let want = (-x * x).exp() + x.abs().sqrt();
        assert!(
            (b - want).abs() <= 1e-15 * want.abs().max(1.0),
            "bump({x}) = {b}, want {want}"
        );
    }
    let mut values = Array1::from_shape_fn(100_000, |i| ((i * 7919) % 1000) as i64);
    let mut bins = Array1::<i64>::zeros(10);
    module
        .kernel("histogram")
        .unwrap()
        .launch(
            [8, 1, 1],
            [128, 1, 1],
            &mut [
                Arg::Array(ArrayArg::new(values.view_mut())),
                Arg::Array(ArrayArg::new(bins.view_mut())),
            ],
        )
        .unwrap();
    let mut want = Array1::<i64>::zeros(10);
    for v in &values {
        want[(*v % 10) as usize] += 1;
    }
    assert_eq!(bins, want);
    let mut x = Array1::from_shape_fn(1000, |i| i as f32);
    module
        .kernel("scale")
        .unwrap()
        .launch(
            [4, 1, 1],
            [256, 1, 1],
            &mut [Arg::Array(ArrayArg::new(x.view_mut())), Arg::Float(0.5)],
        )
        .unwrap();
    assert_eq!(x, Array1::from_shape_fn(1000, |i| i as f32 * 0.5));
}

#[test]
fn gpu_launch_errors_are_typed() {
    // Arguments that fit no eager signature: a TypingError, whether or not there is a GPU.
    let src = "from numba import cuda\n\n@cuda.jit(\"void(float32[::1])\")\ndef k(x):\n    x[cuda.grid(1)] = 1.0\n";
    let module = Module::from_source(src, "k.py").unwrap();
    let k = module.kernel("k").unwrap();
    let mut x = Array1::<f64>::zeros(4);
    let err = k
        .launch(
            [1, 1, 1],
            [4, 1, 1],
            &mut [Arg::Array(ArrayArg::new(x.view_mut()))],
        )
        .unwrap_err();
    assert!(
        matches!(&err, Error::Typing(m) if m.contains("float32")),
        "{err}"
    );
    // A lazily typed kernel whose body does not type for the arguments: a located error.
    let (source, module) = kernels("tests/programs/cuda_kernel.py");
    let add = module.kernel("add_kernel").unwrap();
    let err = add
        .launch(
            [1, 1, 1],
            [4, 1, 1],
            &mut [
                Arg::Array(ArrayArg::new(x.view_mut())),
                Arg::Int(1),
                Arg::Int(2),
            ],
        )
        .unwrap_err();
    assert!(
        err.render(Some(&source)).contains("cuda_kernel.py:9:"),
        "{err}"
    );
}

#[test]
fn bounds_checked_atomics_touch_memory_only_in_bounds() {
    let src = "from numba import cuda\n\n@cuda.jit(boundscheck=True)\ndef count(bins, k):\n    cuda.atomic.max(bins, k, cuda.threadIdx.x)\n";
    let sig = "void(int64[::1], int64)";
    let mlir = blackbird::dump(src, "count.py", "count", "mlir", Some(sig)).unwrap();
    let rmw = mlir.find("memref.atomic_rmw maxs").expect("an atomic max");
    let guard = mlir[..rmw]
        .rfind("scf.if")
        .expect("a bounds guard before it");
    assert!(mlir[guard..rmw].lines().count() <= 2, "{mlir}");
    let ptx = gpu::compile_to_assembly(&mlir, &target(GpuVendor::Cuda, "sm_90")).unwrap();
    assert!(ptx.contains("atom.global.max.s64"), "{ptx}");
}

/// `rel_diff` of tests/programs/cuda_ufunc.py computed here, as the float32 loop does it.
fn rel_diff_f32(x: f32, y: f32) -> f32 {
    ((2.0 * (x - y).abs() as f64) / ((x.abs() + y.abs()) as f64)) as f32
}

/// GPU ufuncs check their operands on the host, before any device is needed: what they
/// reject is rejected the same way on every machine; a valid call then needs the GPU.
#[test]
fn gpu_ufuncs_check_operands_before_launching() {
    let (source, module) = kernels("tests/programs/cuda_ufunc.py");
    let rel_diff = module.function("rel_diff").unwrap();
    let mut x = Array2::<f32>::ones((4, 3));
    let mut y = Array1::<f32>::ones(4);
    let err = rel_diff
        .call(&mut [Arg::Float(1.0), Arg::Float(2.0)])
        .unwrap_err();
    assert!(err.to_string().contains("at least one"), "{err}");
    let err = rel_diff
        .call(&mut [
            Arg::Array(ArrayArg::new(x.view_mut())),
            Arg::Array(ArrayArg::new(y.view_mut())),
        ])
        .unwrap_err();
    assert!(
        matches!(&err, Error::Raised { kind, message, .. } if kind == "ValueError"
            && message.contains("shapes (4, 3) (4,)")),
        "{err}"
    );
    let mut small_out = Array1::<f32>::zeros(3);
    let err = rel_diff
        .call(&mut [
            Arg::Array(ArrayArg::new(x.view_mut())),
            Arg::Float(1.0),
            Arg::Array(ArrayArg::new(small_out.view_mut())),
        ])
        .unwrap_err();
    assert!(
        matches!(&err, Error::Raised { message, .. } if message.contains("non-broadcastable output")),
        "{err}"
    );
    // Typing errors are located in the scalar function.
    let mut ints = Array1::<i64>::ones(3);
    let gauss_src = "from numba import vectorize\n\n@vectorize(['float32(float32)'], target='cuda')\ndef half(x):\n    return x / 2\n";
    let half_module = Module::from_source(gauss_src, "half.py").unwrap();
    let half = half_module.function("half").unwrap();
    let err = half
        .call(&mut [Arg::Array(ArrayArg::new(ints.view_mut()))])
        .unwrap_err();
    assert!(
        matches!(&err, Error::Typing(m) if m.contains("no loop for input types (int64)")),
        "{err}"
    );
    let err = rel_diff.specialization(&[Arg::Float(1.0)]).err().unwrap();
    assert!(err.to_string().contains("GPU ufunc"), "{err}");
    let err = module.kernel("rel_diff").err().unwrap();
    assert!(err.to_string().contains("call it with arrays"), "{err}");
    // A valid call: run where a GPU is, else the reason it cannot.
    let mut row = Array1::<f32>::from_vec(vec![1.0, -2.0, 0.5]);
    let result = rel_diff.call(&mut [
        Arg::Array(ArrayArg::new(x.view_mut())),
        Arg::Array(ArrayArg::new(row.view_mut())),
    ]);
    match result {
        Err(Error::Gpu(GpuError::NoDevice(why))) => {
            eprintln!("gpu_ufuncs_check_operands_before_launching: no launch: {why}")
        }
        Ok(value) => eprintln!("{value:?}"),
        Err(e) => panic!("{}", e.render(Some(&source))),
    }
    // A ROCm ufunc says why it cannot run here (no AMD GPU in CI).
    let gauss = module.function("gauss").unwrap();
    let mut v = Array1::<f64>::ones(5);
    match gauss.call(&mut [Arg::Array(ArrayArg::new(v.view_mut()))]) {
        Err(Error::Gpu(GpuError::NoDevice(why))) => assert!(why.contains("ROCm"), "{why}"),
        Err(Error::Gpu(GpuError::Driver(why))) => assert!(why.contains("AMD"), "{why}"),
        other => panic!("expected a GPU error, got {other:?}"),
    }
}

#[test]
fn gpu_ufuncs_match_host_results() {
    if nvidia_gpu("gpu_ufuncs_match_host_results").is_none() {
        return;
    }
    let (_, module) = kernels("tests/programs/cuda_ufunc.py");
    let rel_diff = module.function("rel_diff").unwrap();
    // (1000, 3) with (3,): broadcast on the host, one thread per element.
    let mut x = Array2::from_shape_fn((1000, 3), |(i, j)| (i as f32 - 500.0) * 0.25 + j as f32);
    let mut row = Array1::from_vec(vec![1.0f32, -2.0, 0.0]);
    let expected = Array2::from_shape_fn((1000, 3), |(i, j)| rel_diff_f32(x[[i, j]], row[j]));
    let value = rel_diff
        .call(&mut [
            Arg::Array(ArrayArg::new(x.view_mut())),
            Arg::Array(ArrayArg::new(row.view_mut())),
        ])
        .unwrap();
    let blackbird::PyValue::Array(array) = value else {
        panic!("an array, got {value:?}")
    };
    assert_eq!(array.shape, vec![1000, 3]);
    let blackbird::runtime::ArrayData::F32(values) = &array.data else {
        panic!("float32 results")
    };
    // 0/0 at x == y == 0 is NaN (NumPy's error model), as computed here.
    for (got, want) in values.iter().zip(expected.iter()) {
        assert!(
            got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
            "{got} != {want}"
        );
    }
    // Into a strided output (every other column of a wider array), from a scalar input.
    let mut wide = Array2::<f32>::zeros((1000, 6));
    {
        let mut out = wide.slice_mut(ndarray::s![.., ..;2]);
        rel_diff
            .call(&mut [
                Arg::Array(ArrayArg::new(x.view_mut())),
                Arg::Float(1.5),
                Arg::Array(ArrayArg::new(out.view_mut())),
            ])
            .unwrap();
    }
    for i in 0..1000 {
        for j in 0..3 {
            // The float64 loop (a Python float input), cast to float32 on store.
            let (a, b) = (x[[i, j]] as f64, 1.5f64);
            let want = ((2.0 * (a - b).abs()) / (a.abs() + b.abs())) as f32;
            assert_eq!(wide[[i, 2 * j]], want, "({i}, {j})");
            assert_eq!(
                wide[[i, 2 * j + 1]],
                0.0,
                "columns outside the view untouched"
            );
        }
    }
}

/// ROCm kernels become code objects that the HIP runtime loads: AMDGCN assembled by llvm-mc
/// and linked by ld.lld into an ELF shared object for the chip, holding the kernel and its
/// descriptor.
#[test]
fn rocm_kernels_link_into_code_objects() {
    let mlir = gpu_module(
        "tests/programs/cuda_device_functions.py",
        "reverse_chunks",
        "void(int32[::1])",
    );
    let target = target(GpuVendor::Rocm, "gfx942");
    let assembly = gpu::compile_to_assembly(&mlir, &target).unwrap();
    let code = gpu::hsaco::code_object(&assembly, "gfx942")
        .unwrap_or_else(|e| panic!("{e} (setup.sh installs lld-22)"));
    assert_eq!(&code[..4], b"\x7fELF", "an ELF image");
    let path = std::env::temp_dir().join(format!("blackbird-{}.hsaco", std::process::id()));
    std::fs::write(&path, &code).unwrap();
    let readelf = Command::new("/usr/lib/llvm-22/bin/llvm-readelf")
        .args(["--file-header", "--symbols"])
        .arg(&path)
        .output()
        .unwrap();
    std::fs::remove_file(&path).ok();
    let listing = String::from_utf8_lossy(&readelf.stdout);
    assert!(listing.contains("AMDGPU"), "{listing}");
    assert!(listing.contains("reverse_chunks.kd"), "{listing}");
    // Broken assembly is a driver error naming the tool, not a panic.
    let err = gpu::hsaco::code_object("not assembly", "gfx942").unwrap_err();
    assert!(err.to_string().contains("llvm-mc"), "{err}");
}

//! `@vectorize` and `@guvectorize`: broadcasting, output arrays, casting; gufuncs against Numba.

use std::path::Path;

use blackbird::{Arg, ArrayArg, Error, Module, PyValue};

/// A ufunc's output array takes its results by NumPy's "same_kind" casting: float64 into
/// float32 is converted, float64 into int64 is a TypingError; a scalar is no output array.
#[test]
fn vectorize_output_casting() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/vectorize_log10.py");
    let module = Module::from_file(&path).unwrap();
    let f = module.function("log10_ufunc").unwrap();
    let mut x = ndarray::arr1(&[1.0f64, 20.0, 300.0]);
    let mut narrow = ndarray::Array1::<f32>::zeros(3);
    let result = f
        .call(&mut [
            Arg::Array(ArrayArg::new(x.view_mut())),
            Arg::Array(ArrayArg::new(narrow.view_mut())),
        ])
        .unwrap();
    assert_eq!(result.to_string(), "None");
    let expected: Vec<f32> = [1.0f64, 20.0, 300.0]
        .iter()
        .map(|v| v.log10() as f32)
        .collect();
    assert_eq!(narrow.to_vec(), expected);

    let mut ints = ndarray::Array1::<i64>::zeros(3);
    let err = f
        .call(&mut [
            Arg::Array(ArrayArg::new(x.view_mut())),
            Arg::Array(ArrayArg::new(ints.view_mut())),
        ])
        .unwrap_err();
    assert!(
        matches!(&err, Error::Typing(m) if m.contains("from float64 to int64 with casting rule 'same_kind'")),
        "{err:?}"
    );
    let err = f
        .call(&mut [Arg::Array(ArrayArg::new(x.view_mut())), Arg::Float(0.0)])
        .unwrap_err();
    assert!(
        matches!(&err, Error::Typing(m) if m.contains("output argument of ufunc `log10_ufunc` must be an array")),
        "{err:?}"
    );
    let err = f
        .call(&mut [
            Arg::Array(ArrayArg::new(x.view_mut())),
            Arg::Float(2.0),
            Arg::Float(3.0),
        ])
        .unwrap_err();
    assert!(
        matches!(&err, Error::Typing(m) if m.contains("takes 1 input(s) and an optional output array, got 3")),
        "{err:?}"
    );
}

/// `@guvectorize` against Numba itself (the CPython oracle has no gufunc machinery): the
/// moving average of Numba's documentation over the rows of a matrix (and of a strided view
/// of it), the window given as a Python scalar and as a 1-element array.
#[test]
fn guvectorize_matches_numba() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/guvectorize_moving_average.py");
    let (rows, cols, window) = (6usize, 50usize, 5i64);
    let data: Vec<f64> = (0..rows * cols)
        .map(|i| ((i * 37 % 23) as f64) * 0.5 - 3.0)
        .collect();
    let script = format!(
        "import importlib.util, json, sys\nimport numpy as np\n\
         spec = importlib.util.spec_from_file_location('m', {path:?})\n\
         m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n\
         a = np.array({data:?}).reshape({rows}, {cols})\n\
         full = np.zeros(({rows}, {cols})); m.move_mean(a, {window}, full)\n\
         half = np.zeros(({rows} // 2, {cols})); m.move_mean(a[::2], np.array([{window}]), half)\n\
         print(json.dumps([full.ravel().tolist(), half.ravel().tolist()]))\n"
    );
    let expected = numba_outputs(&script);
    let module = Module::from_file(&path).unwrap();
    let f = module.function("move_mean").unwrap();
    let mut a = ndarray::Array2::from_shape_vec((rows, cols), data).unwrap();
    let mut full = ndarray::Array2::<f64>::zeros((rows, cols));
    let result = f
        .call(&mut [
            Arg::Array(ArrayArg::new(a.view_mut())),
            Arg::Int(window),
            Arg::Array(ArrayArg::new(full.view_mut())),
        ])
        .unwrap();
    assert_eq!(result, PyValue::None);
    assert_eq!(full.iter().copied().collect::<Vec<_>>(), expected[0]);
    let mut half = ndarray::Array2::<f64>::zeros((rows / 2, cols));
    let mut w = ndarray::arr1(&[window]);
    f.call(&mut [
        Arg::Array(ArrayArg::new(a.slice_mut(ndarray::s![..;2, ..]))),
        Arg::Array(ArrayArg::new(w.view_mut())),
        Arg::Array(ArrayArg::new(half.view_mut())),
    ])
    .unwrap();
    assert_eq!(half.iter().copied().collect::<Vec<_>>(), expected[1]);
    // Mismatched outer shapes and missing outputs are errors, not crashes.
    let mut wrong = ndarray::Array2::<f64>::zeros((rows + 1, cols));
    let err = f
        .call(&mut [
            Arg::Array(ArrayArg::new(a.view_mut())),
            Arg::Int(window),
            Arg::Array(ArrayArg::new(wrong.view_mut())),
        ])
        .unwrap_err();
    assert!(err.to_string().contains("outer shape"), "{err}");
    let err = f
        .call(&mut [Arg::Array(ArrayArg::new(a.view_mut())), Arg::Int(window)])
        .unwrap_err();
    assert!(err.to_string().contains("preallocated"), "{err}");
}

/// A `()` core argument typed as a scalar (`int64`, not `int64[:]`): a Python scalar reaches
/// every outer position, an array gives each outer position its own element, as in Numba.
#[test]
fn guvectorize_scalar_core_arguments_match_numba() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/guvectorize_moving_average.py");
    let (rows, cols) = (4usize, 3usize);
    let data: Vec<f64> = (0..rows * cols).map(|i| i as f64 * 0.5 - 2.0).collect();
    let script = format!(
        "import importlib.util, json\nimport numpy as np\n\
         spec = importlib.util.spec_from_file_location('m', {path:?})\n\
         m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n\
         a = np.array({data:?}).reshape({rows}, {cols})\n\
         one = np.zeros(({rows}, {cols})); m.scale(a, 3, one)\n\
         each = np.zeros(({rows}, {cols})); m.scale(a, np.arange({rows}) - 1, each)\n\
         print(json.dumps([one.ravel().tolist(), each.ravel().tolist()]))\n"
    );
    let expected = numba_outputs(&script);
    let module = Module::from_file(&path).unwrap();
    let f = module.function("scale").unwrap();
    let mut a = ndarray::Array2::from_shape_vec((rows, cols), data).unwrap();
    let mut one = ndarray::Array2::<f64>::zeros((rows, cols));
    f.call(&mut [
        Arg::Array(ArrayArg::new(a.view_mut())),
        Arg::Int(3),
        Arg::Array(ArrayArg::new(one.view_mut())),
    ])
    .unwrap();
    assert_eq!(one.iter().copied().collect::<Vec<_>>(), expected[0]);
    let mut k = ndarray::Array1::from_iter((0..rows as i64).map(|i| i - 1));
    let mut each = ndarray::Array2::<f64>::zeros((rows, cols));
    f.call(&mut [
        Arg::Array(ArrayArg::new(a.view_mut())),
        Arg::Array(ArrayArg::new(k.view_mut())),
        Arg::Array(ArrayArg::new(each.view_mut())),
    ])
    .unwrap();
    assert_eq!(each.iter().copied().collect::<Vec<_>>(), expected[1]);
    // A float where the kernel takes an int64 matches no signature.
    let err = f
        .call(&mut [
            Arg::Array(ArrayArg::new(a.view_mut())),
            Arg::Float(1.5),
            Arg::Array(ArrayArg::new(one.view_mut())),
        ])
        .unwrap_err();
    assert!(err.to_string().contains("no signature"), "{err}");
}

/// What `script` (run by CPython with Numba) prints: a JSON list of lists of numbers.
fn numba_outputs(script: &str) -> Vec<Vec<f64>> {
    let out = std::process::Command::new(crate::oracle::python::python())
        .arg("-c")
        .arg(script)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "numba failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a list of lists of numbers")
}

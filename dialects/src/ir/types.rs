//! Interned types. A [`Type`] is a small copyable handle into the [`Context`](super::Context)
//! type table; two structurally equal types always get the same handle.
//!
//! Text forms follow MLIR where MLIR has the type (`i64`, `ui8`, `f32`, `index`, `none`,
//! `complex<f64>`, `tuple<i64, f64>`, `(i64) -> f64`, `tensor<?x3xf64>`, `memref<?xf64>`,
//! `memref<?x?xf64, strided<[?, ?], offset: ?>>`) and use the `!py.` prefix for the Python-level
//! types (`!py.array<f64, 2, C>`, `!py.list<f64>`, `!py.object`).

/// Handle of an interned type.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Type(pub(crate) u32);

/// Signedness of an integer type. Like MLIR, arithmetic on `i64` is signless and the op decides
/// (e.g. `arith.divsi`); `ui8` marks NumPy's unsigned dtypes at the Python level.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum Signedness {
    Signless,
    Unsigned,
}

#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum FloatKind {
    F16,
    F32,
    F64,
}

impl FloatKind {
    pub fn width(self) -> u32 {
        match self {
            FloatKind::F16 => 16,
            FloatKind::F32 => 32,
            FloatKind::F64 => 64,
        }
    }
}

/// Memory layout of a NumPy-style array: C (row-major contiguous), F (column-major contiguous)
/// or A (any strides), as in Numba's array types.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum ArrayLayout {
    C,
    F,
    A,
}

impl ArrayLayout {
    pub fn as_str(self) -> &'static str {
        match self {
            ArrayLayout::C => "C",
            ArrayLayout::F => "F",
            ArrayLayout::A => "A",
        }
    }
}

/// Layout of a buffer (`memref`): identity (row-major, contiguous), fully dynamic strides and
/// offset (MLIR's `strided<[?, ?], offset: ?>`), or dynamic strides except a unit innermost one
/// (`strided<[?, 1], offset: ?>`: rows of contiguous elements, which loops over them can
/// vectorize).
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum MemLayout {
    Identity,
    Strided,
    InnerContiguous,
}

impl MemLayout {
    /// The MLIR layout attribute of a memref of `rank` dimensions (`None` for the identity).
    pub fn attribute(self, rank: usize) -> Option<String> {
        let mut strides = vec!["?"; rank];
        match self {
            MemLayout::Identity => return None,
            MemLayout::Strided => {}
            MemLayout::InnerContiguous => {
                if let Some(last) = strides.last_mut() {
                    *last = "1";
                }
            }
        }
        Some(format!("strided<[{}], offset: ?>", strides.join(", ")))
    }
}

/// One dimension of a shaped type: `None` is dynamic (`?`).
pub type Dim = Option<u64>;

/// The structure of a type.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum TypeKind {
    Int {
        width: u32,
        signedness: Signedness,
    },
    Float(FloatKind),
    Index,
    None,
    Complex(Type),
    Tuple(Vec<Type>),
    Function {
        inputs: Vec<Type>,
        results: Vec<Type>,
    },
    Tensor {
        shape: Vec<Dim>,
        elem: Type,
    },
    MemRef {
        shape: Vec<Dim>,
        elem: Type,
        layout: MemLayout,
    },
    /// `!py.array<f64, 2, C>`: a NumPy array as Numba types it (dtype, ndim, layout);
    /// `!py.array<f64, 2, C, readonly>` one compiled code must not write into (a read-only
    /// NumPy array, or a view of one: Numba's `readonly array(float64, 2d, C)`).
    PyArray {
        elem: Type,
        rank: u32,
        layout: ArrayLayout,
        readonly: bool,
    },
    /// `!py.list<f64>`: a homogeneous Python list (reflected list of scalars).
    PyList(Type),
    /// `!py.dict<i64, f64>`: a typed dictionary (Numba's `DictType[int64,float64]`), keys
    /// numbers, booleans or tuples of them.
    PyDict(Type, Type),
    /// `!py.set<i64>`: a set of numbers, booleans or tuples of them (Numba's `set(int64)`).
    PySet(Type),
    /// `!py.object`: a value whose type is not inferred yet.
    PyObject,
    /// `!py.undefined`: a variable's placeholder before its first assignment (`py.undef`)
    /// where no assignment reaches: it joins any other type as that type.
    PyUndefined,
    /// `!py.iter<T>`: something a `for` loop walks, yielding `T` (`range`, `enumerate`, `zip`).
    PyIter(Type),
    /// `!py.slice`: a slice object `start:stop:step`.
    PySlice,
    /// `!py.random_generator`: a NumPy `Generator` (`np.random.default_rng(seed)`), Numba's
    /// `NumPyRandomGeneratorType`; compiled code holds it as the runtime's handle (an i64).
    PyRandomGenerator,
    /// `!py.dtype<f64>`: a NumPy dtype used as a value (`dtype=np.float32`).
    PyDType(Type),
    /// `!py.str<"right">`: a string known at compile time (Numba's `Literal[str](right)`).
    /// Its value is in the type: it is compared and passed at compile time, and no code
    /// holds it at run time.
    PyStr(String),
}

impl TypeKind {
    /// Whether an integer attribute `v` of this type holds a value of it: any value for a
    /// type other than a narrow integer; for `iN` and `uiN` a value of either reading of its
    /// bits, `-2**(N-1)` to `2**N - 1` (folding keeps them sign-extended).
    pub fn holds_int(&self, v: i64) -> bool {
        match *self {
            TypeKind::Int { width, .. } if width < 64 => {
                let v = i128::from(v);
                -(1i128 << (width - 1)) <= v && v < 1i128 << width
            }
            _ => true,
        }
    }

    pub fn is_integer(&self) -> bool {
        matches!(self, TypeKind::Int { .. })
    }
    pub fn is_float(&self) -> bool {
        matches!(self, TypeKind::Float(_))
    }
    pub fn is_index(&self) -> bool {
        matches!(self, TypeKind::Index)
    }
    /// Integer or index: the types integer arithmetic accepts.
    pub fn is_integer_like(&self) -> bool {
        self.is_integer() || self.is_index()
    }
    pub fn is_shaped(&self) -> bool {
        matches!(
            self,
            TypeKind::Tensor { .. } | TypeKind::MemRef { .. } | TypeKind::PyArray { .. }
        )
    }
    /// Whether a value of this type is a reference to a runtime-made container (a list, dict
    /// or set): a pointer at the machine level, shared by its aliases.
    pub fn is_container(&self) -> bool {
        matches!(
            self,
            TypeKind::PyList(_) | TypeKind::PyDict(..) | TypeKind::PySet(_)
        )
    }
    /// Element type of a tensor, memref, array or list.
    pub fn element_type(&self) -> Option<Type> {
        match self {
            TypeKind::Tensor { elem, .. }
            | TypeKind::MemRef { elem, .. }
            | TypeKind::PyArray { elem, .. }
            | TypeKind::PyList(elem) => Some(*elem),
            _ => None,
        }
    }
    /// Rank of a tensor, memref or array.
    pub fn rank(&self) -> Option<usize> {
        match self {
            TypeKind::Tensor { shape, .. } | TypeKind::MemRef { shape, .. } => Some(shape.len()),
            TypeKind::PyArray { rank, .. } => Some(*rank as usize),
            _ => None,
        }
    }
}

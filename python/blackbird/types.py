"""Numba's type objects: scalar types (``float64``, ``int32``…), array types written by
slicing (``float64[:]``, ``float64[:, ::1]``) and signatures written by calling
(``float64(float64[:])``).

``str()`` of a type is Numba's name (``array(float64, 1d, C)``); ``source()`` is how it is
written in a signature (``float64[::1]``), which is what the compiler reads.
"""

from __future__ import annotations


class Type:
    """A Numba type."""

    def source(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def __repr__(self) -> str:
        return str(self)

    def __eq__(self, other):
        return isinstance(other, Type) and str(self) == str(other)

    def __hash__(self):
        return hash(str(self))

    def __call__(self, *args):
        """A signature returning this type: ``float64(float64[:], int32)``."""
        if len(args) == 1 and isinstance(args[0], (tuple, list)):
            args = tuple(args[0])
        for a in args:
            if not isinstance(a, Type):
                raise TypeError(f"signature argument {a!r} is not a type")
        return Signature(self, tuple(args))


class Scalar(Type):
    """A scalar type (``float64``)."""

    def __init__(self, name: str, dtype: str | None):
        self.name = name
        # The NumPy dtype name, if any.
        self.dtype = dtype

    def __str__(self):
        return self.name

    def source(self):
        return self.name

    def __getitem__(self, dims):
        """An array type: ``float64[:]`` (any layout), ``float64[::1]`` (C), ``float64[:, ::1]``
        (C), ``float64[::1, :]`` (F)."""
        if not isinstance(dims, tuple):
            dims = (dims,)
        contiguous = []
        for d in dims:
            if not isinstance(d, slice) or d.start is not None or d.stop is not None:
                raise TypeError("array dimensions are written `:` or `::1`")
            if d.step not in (None, 1):
                raise TypeError("only a step of 1 (`::1`) marks a contiguous dimension")
            contiguous.append(d.step == 1)
        ndim = len(dims)
        if sum(contiguous) > 1:
            raise TypeError("at most one dimension can be marked contiguous (`::1`)")
        if contiguous[-1]:
            layout = "C"
        elif contiguous[0] and ndim > 1:
            layout = "F"
        elif any(contiguous):
            raise TypeError("`::1` must mark the first (F) or last (C) dimension")
        else:
            layout = "A"
        return Array(self, ndim, layout)


class NoneType(Type):
    """``void``/``none``: the result of a function that returns nothing."""

    def __str__(self):
        return "none"

    def source(self):
        return "void"


class Array(Type):
    """``array(float64, 2d, C)``; ``readonly array(float64, 2d, C)`` for a read-only one
    (compiled code may not write into it: a typing error, as in Numba)."""

    def __init__(self, dtype: Scalar, ndim: int, layout: str = "A", readonly: bool = False):
        if layout not in ("C", "F", "A"):
            raise ValueError("layout must be 'C', 'F' or 'A'")
        self.dtype = dtype
        self.ndim = ndim
        self.layout = layout
        self.readonly = readonly

    @property
    def mutable(self):
        """Numba's name: not read-only."""
        return not self.readonly

    def __str__(self):
        prefix = "readonly " if self.readonly else ""
        return f"{prefix}array({self.dtype}, {self.ndim}d, {self.layout})"

    def source(self):
        dims = [":"] * self.ndim
        if self.ndim and self.layout == "C":
            dims[-1] = "::1"
        elif self.ndim and self.layout == "F":
            dims[0] = "::1"
        return f"{self.dtype.source()}[{', '.join(dims)}]"


class UniTuple(Type):
    """``UniTuple(float64 x 2)``: a homogeneous tuple."""

    def __init__(self, dtype: Type, count: int):
        self.dtype = dtype
        self.count = count

    def __str__(self):
        return f"UniTuple({self.dtype} x {self.count})"

    def source(self):
        return f"UniTuple({self.dtype.source()}, {self.count})"


class Tuple(Type):
    """``Tuple(float64, int64)``: a heterogeneous tuple."""

    def __init__(self, types):
        self.types = tuple(types)

    def __str__(self):
        return f"Tuple({', '.join(str(t) for t in self.types)})"

    def source(self):
        inner = ", ".join(t.source() for t in self.types)
        return f"Tuple(({inner}{',' if len(self.types) == 1 else ''}))"


class Signature:
    """A function signature: ``float64(float64[:])``."""

    def __init__(self, return_type: Type | None, args: tuple):
        self.return_type = return_type
        self.args = tuple(args)

    def __str__(self):
        args = ", ".join(str(a) for a in self.args)
        if self.return_type is None:
            return f"({args}{',' if len(self.args) == 1 else ''})"
        return f"({args}{',' if len(self.args) == 1 else ''}) -> {self.return_type}"

    def __repr__(self):
        return str(self)

    def __eq__(self, other):
        return (
            isinstance(other, Signature)
            and self.args == other.args
            and self.return_type == other.return_type
        )

    def __hash__(self):
        return hash((self.args, self.return_type))

    def source(self) -> str:
        args = ", ".join(a.source() for a in self.args)
        if self.return_type is None:
            return f"({args}{',' if len(self.args) == 1 else ''})"
        return f"{self.return_type.source()}({args})"


float64 = f8 = double = Scalar("float64", "float64")
float32 = f4 = single = Scalar("float32", "float32")
int64 = i8 = intp = int_ = Scalar("int64", "int64")
int32 = i4 = intc = Scalar("int32", "int32")
int16 = i2 = Scalar("int16", "int16")
int8 = i1 = Scalar("int8", "int8")
uint64 = u8 = uintp = Scalar("uint64", "uint64")
uint32 = u4 = Scalar("uint32", "uint32")
uint16 = u2 = Scalar("uint16", "uint16")
uint8 = u1 = byte = Scalar("uint8", "uint8")
boolean = b1 = bool_ = Scalar("bool", "bool")
boolean.source = lambda: "boolean"  # type: ignore[method-assign]
complex128 = c16 = Scalar("complex128", "complex128")
complex64 = c8 = Scalar("complex64", "complex64")
void = none = NoneType()

_BY_DTYPE = {
    t.dtype: t
    for t in (float64, float32, int64, int32, int16, int8, uint64, uint32, uint16, uint8, boolean)
}


def from_dtype(dtype) -> Scalar:
    """The scalar type of a NumPy dtype."""
    import numpy as np

    name = np.dtype(dtype).name
    try:
        return _BY_DTYPE[name]
    except KeyError:
        raise TypeError(f"unsupported dtype {name}") from None


def signature_source(sig) -> str:
    """A signature (a Signature, a string, or a tuple of argument types) as the compiler reads
    it."""
    if isinstance(sig, str):
        return sig
    if isinstance(sig, Signature):
        return sig.source()
    if isinstance(sig, tuple) and all(isinstance(a, Type) for a in sig):
        return Signature(None, sig).source()
    if isinstance(sig, Type):
        raise TypeError(
            f"{sig} is a type, not a signature: write it called, e.g. {sig.source()}(...)"
        )
    raise TypeError(f"invalid signature {sig!r}: expected a string such as 'float64(float64[:])'")


__all__ = [
    "Type", "Scalar", "Array", "UniTuple", "Tuple", "Signature", "NoneType",
    "float64", "f8", "double", "float32", "f4", "single", "int64", "i8", "intp", "int_",
    "int32", "i4", "intc", "int16", "i2", "int8", "i1", "uint64", "u8", "uintp", "uint32",
    "u4", "uint16", "u2", "uint8", "u1", "byte", "boolean", "b1", "bool_", "complex128",
    "c16", "complex64", "c8", "void", "none", "from_dtype",
]

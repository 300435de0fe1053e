# sig: mandel (float64, float64, int64)
# sig: arithmetic (float64, float64)
# sig: divide (float64, float64)
# sig: roots_of_unity (int64,)
import math
from numba import njit


# Complex scalars as CPython computes them: literals, complex(), + - * /, abs, comparisons
# for equality, .real/.imag/.conjugate(), carried through loops and branches.


@njit
def mandel(x, y, max_iters):
    # The escape-time loop of Numba's Mandelbrot example.
    c = complex(x, y)
    z = 0.0j
    for i in range(max_iters):
        z = z * z + c
        if (z.real * z.real + z.imag * z.imag) >= 4:
            return i
    return 255


@njit
def arithmetic(x, y):
    z = complex(x, y)
    w = z * (1.5 - 2j) + 3
    if abs(w) > 2:
        w -= 1j
    return w / (z - 1j), abs(w), w.conjugate(), -z, z == w, z != w.conjugate()


@njit
def divide(x, y):
    # Smith's method picks the larger part of the divisor; a zero divisor raises.
    return complex(1.0, -2.0) / complex(x, y) + complex(y, x) / (2 + 0j)


@njit
def roots_of_unity(n):
    total = 0j
    for k in range(n + 1):
        angle = 2 * math.pi * k / (n + 1)
        total += complex(math.cos(angle), math.sin(angle))
    return total, abs(total) < 1e-9

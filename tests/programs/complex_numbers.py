# sig: mandel (float64, float64, int64)
# sig: arithmetic (float64, float64)
# sig: divide (float64, float64)
# sig: roots_of_unity (int64,)
# sig: magnitude (float64, float64)
# Mandelbrot escape counts over a grid (the loop carries a complex value), division by either
# larger part, by zero (ZeroDivisionError) and with infinite or NaN parts.
# case: mandel(-2.0 + 0.21 * i, -1.0 + 0.27 * j, 100) for i in range(12) for j in range(8)
# let: pairs = [(3.0, 0.5), (0.5, 3.0), (-2.0, -2.0), (0.0, 0.0), (0.0, 1e-300), (inf, 1.0),
#     (1.0, nan), (1e308, 1e308)]
# case rel=1e-15: divide(x, y) for x, y in pairs
# case rel=1e-15: arithmetic(x, y) for x, y in pairs
# case rel=1e-12: roots_of_unity(7)
# case: magnitude(x, y) for x, y in pairs + [(3e200, 4e200), (inf, nan), (nan, -inf), (-0.0, 0.0)]
# case: magnitude(x, y) for x, y in [((k * 0.7391) % 3 - 1.5, (k * 0.3117) % 5 - 2.5) for k in range(300)]
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


@njit
def magnitude(x, y):
    # CPython's abs(complex) is the C library's hypot: exact, infinite when a part is.
    return abs(complex(x, y))

"""Small numba helpers the war game's kernels inline: a point's segment on a sorted axis, interpolation on the
frontier and on B's belief grid (each ``np.interp``'s arithmetic for one point)."""

from __future__ import annotations

from numba import njit

@njit(cache=True, error_model="numpy", inline="always")
def segment(x, xs):
    """(i, fraction) with xs[i] <= x <= xs[i + 1], clipped at the ends (binary search)."""
    n = xs.shape[0]
    if x <= xs[0]:
        return 0, 0.0
    if x >= xs[n - 1]:
        return n - 2, 1.0
    a, b = 0, n - 1
    while b - a > 1:
        m = (a + b) // 2
        if xs[m] <= x:
            a = m
        else:
            b = m
    return a, (x - xs[a]) / (xs[a + 1] - xs[a])


@njit(cache=True, error_model="numpy", inline="always")
def interp_point(x, xs, ys):
    """np.interp for one point (clipped at the ends)."""
    i, f = segment(x, xs)
    return ys[i] + f * (ys[i + 1] - ys[i])


@njit(cache=True, error_model="numpy", inline="always")
def utilities_at(x, fua, fval, out):
    """Every player's utility at frontier point ``x`` (A's utility) into ``out``."""
    i, f = segment(x, fua)
    for p in range(fval.shape[0]):
        out[p] = fval[p, i] + f * (fval[p, i + 1] - fval[p, i])


@njit(cache=True, error_model="numpy", inline="always")
def grid_weights(grid, mu):
    """(lo, w): ``mu`` (clipped to the grid) lies between grid[lo] and grid[lo + 1], with weight ``w`` on the upper."""
    M = grid.shape[0]
    v = min(max(mu, grid[0]), grid[M - 1])
    lo = 0
    while lo < M - 2 and grid[lo + 1] <= v:
        lo += 1
    return lo, (v - grid[lo]) / (grid[lo + 1] - grid[lo])


@njit(cache=True, error_model="numpy", inline="always")
def on_grid(y, grid, mu):
    lo, w = grid_weights(grid, mu)
    return y[lo] * (1 - w) + y[lo + 1] * w

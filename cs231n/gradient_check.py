"""Numerical gradients by centered differences, and the relative error used to
compare them with analytic gradients (CS231n Assignment 1 API).

Centered differences, (f(x + h) - f(x - h)) / 2h, have truncation error O(h^2),
against O(h) for the one-sided (f(x + h) - f(x)) / h.
Every function perturbs ``x`` in place and restores it exactly, even if f raises.
"""
import numpy as np


def _nudged(f, x, ix, h):
    """f evaluated with x[ix] raised by h and lowered by h; x[ix] restored."""
    ### BEGIN SOLUTION
    old = x[ix].copy()
    try:
        x[ix] = old + h
        f_plus = f(x)
        x[ix] = old - h
        f_minus = f(x)
    finally:
        x[ix] = old
    ### END SOLUTION
    return f_plus, f_minus


def eval_numerical_gradient(f, x, verbose=True, h=1e-5):
    """Gradient of a scalar function f at x (any shape); returns an array shaped like x."""
    grad = np.zeros_like(x, dtype=float)
    for ix in np.ndindex(x.shape):
        f_plus, f_minus = _nudged(f, x, ix, h)
        ### BEGIN SOLUTION
        grad[ix] = (f_plus - f_minus) / (2 * h)
        ### END SOLUTION
        if verbose:
            print(ix, grad[ix])
    return grad


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    """Gradient of sum(f(x) * df) at x, for an array-valued f whose upstream
    gradient is df (shaped like f(x)); returns an array shaped like x."""
    grad = np.zeros_like(x, dtype=float)
    for ix in np.ndindex(x.shape):
        f_plus, f_minus = _nudged(f, x, ix, h)
        grad[ix] = np.sum((f_plus - f_minus) * df) / (2 * h)
    return grad


def grad_check_sparse(f, x, analytic_grad, num_checks=10, h=1e-5, rng=None):
    """Compare analytic_grad (shaped like x) with numerical derivatives of the
    scalar f at ``num_checks`` random coordinates; print each and return the
    list of relative errors."""
    rng = np.random.default_rng() if rng is None else rng
    errors = []
    for _ in range(num_checks):
        ix = tuple(int(rng.integers(n)) for n in x.shape)
        f_plus, f_minus = _nudged(f, x, ix, h)
        numerical = (f_plus - f_minus) / (2 * h)
        analytic = analytic_grad[ix]
        error = rel_error(numerical, analytic)
        print(f"numerical: {numerical:f} analytic: {analytic:f}, relative error: {error:e}")
        errors.append(error)
    return errors


def rel_error(x, y):
    """Largest elementwise |x - y| / max(1e-8, |x| + |y|) over same-shaped arrays."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))

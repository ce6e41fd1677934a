"""Numerical gradients by centered differences, and the relative error used to
compare them with analytic gradients (CS231n Assignment 1 API).

Each entry of x is nudged by h both ways and the slope is estimated from the two values of f
(centered differences, whose error shrinks like h^2; a one-sided difference from f(x) and one
nudge errs like h: notebook 3). Every function perturbs ``x`` in place and restores it exactly,
even if f raises.

Bad arguments are refused before anything is evaluated: x must be a float array (an integer
array would round x + h back to x), h a finite step > 0, and array arguments must have the
shapes they are compared with (no silent broadcasting).
"""
import numbers

import numpy as np

from cs231n.checks import check_count, check_positive, check_same_shape


def _check_x(x, name="x"):
    """x must be a numpy array of floats, since it is perturbed in place."""
    if not isinstance(x, np.ndarray):
        raise TypeError(f"{name} must be a numpy array of floats (it is perturbed in place), "
                        f"got {type(x).__name__}; pass np.array({name}, dtype=float)")
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(f"{name} has dtype {x.dtype}, but it is perturbed in place by h, which "
                        f"needs floats; pass {name}.astype(float)")
    if not x.flags.writeable:
        raise ValueError(f"{name} is read-only, but it is perturbed in place; pass {name}.copy()")
    return x


def _check_step(x, h):
    """h must be finite and > 0, and large enough to change every entry of x."""
    check_positive(h, "h")
    bad = ~np.isfinite(x)
    if bad.any():
        raise ValueError(f"x[{_index(bad)}] is {x[np.nonzero(bad)][0]}: the gradient is taken at "
                         "finite points only")
    with np.errstate(over="ignore", invalid="ignore"):
        lost = ((x + h) == x) | ((x - h) == x)
    if lost.any():
        ix = tuple(int(i) for i in np.argwhere(lost)[0])
        wider = ", or x.astype(np.float64)" if x.dtype.itemsize < 8 else ""
        raise ValueError(f"h={h} is too small for x[{_index(lost)}] = {x[ix]} in {x.dtype}: "
                         f"x + h rounds back to x; use a larger h{wider}")
    return h


def _index(mask):
    """The first True position of mask, as "i, j"."""
    return ", ".join(str(int(i)) for i in np.argwhere(mask)[0])


def _check_value(value, ix, sign, scalar=True):
    """f's value at x[ix] + sign*h must be a finite scalar (or, for array functions, finite numbers)."""
    where = f"at x[{', '.join(map(str, ix))}] {sign} h"
    if value is None:
        raise TypeError(f"f returned None {where}; it must return "
                        f"{'a number' if scalar else 'an array'} (is a return statement missing?)")
    if scalar and np.ndim(value) != 0:
        raise ValueError(f"f must return a scalar (the value to differentiate), but {where} it "
                         f"returned shape {np.shape(value)}; use eval_numerical_gradient_array "
                         "for a function with array values")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"f must return {'a number' if scalar else 'numbers'}, but {where} it "
                        f"returned {type(value).__name__}") from None
    if not np.isfinite(array).all():
        shown = float(array) if array.ndim == 0 else "NaN or infinite values"
        raise ValueError(f"f returned {shown} {where}: the numerical gradient needs finite values; "
                         "check f, or use a smaller h if f overflows")
    return value


def _nudged(f, x, ix, h):
    """f evaluated with x[ix] raised by h and lowered by h; x[ix] restored exactly afterwards,
    even if f raises (use try/finally)."""
    # Exercise: f_plus, the value of f with x[ix] raised by h, and f_minus, with it lowered by h;
    #   afterwards x must be exactly as before, even if f raises (try/finally); checked both ways
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


def centered_difference(f_plus, f_minus, h):
    """The slope of f at x along one entry, estimated from f_plus = f with that entry raised by h and
    f_minus = f with it lowered by h (numbers, or arrays of the same shape for an array-valued f)."""
    # Exercise: the slope of the straight line through the two values, which lie 2h apart
    #   (notebook 2, section 1, draws it); checked on functions whose derivative is known
    ### BEGIN SOLUTION
    return (f_plus - f_minus) / (2 * h)
    ### END SOLUTION


def eval_numerical_gradient(f, x, verbose=True, h=1e-5):
    """Gradient of a scalar function f at x (any shape); returns an array shaped like x."""
    _check_x(x)
    _check_step(x, h)
    grad = np.zeros_like(x, dtype=float)
    for ix in np.ndindex(x.shape):
        f_plus, f_minus = _nudged(f, x, ix, h)
        _check_value(f_plus, ix, "+")
        _check_value(f_minus, ix, "-")
        grad[ix] = centered_difference(f_plus, f_minus, h)
        if verbose:
            print(ix, grad[ix])
    return grad


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    """Gradient of sum(f(x) * df) at x, for an array-valued f whose upstream
    gradient is df (shaped like f(x)); returns an array shaped like x."""
    _check_x(x)
    _check_step(x, h)
    df = np.asarray(df)
    if df.dtype == object or not np.issubdtype(df.dtype, np.number):
        raise TypeError(f"df must hold numbers, got dtype {df.dtype}")
    grad = np.zeros_like(x, dtype=float)
    for ix in np.ndindex(x.shape):
        f_plus, f_minus = _nudged(f, x, ix, h)
        for value, sign in ((f_plus, "+"), (f_minus, "-")):
            _check_value(value, ix, sign, scalar=False)
            if np.shape(value) != df.shape:
                raise ValueError(f"df has shape {df.shape} but f(x) has shape {np.shape(value)}: "
                                 "df is the upstream gradient and must be shaped like f(x)")
        grad[ix] = np.sum(centered_difference(f_plus, f_minus, h) * df)
    return grad


def grad_check_sparse(f, x, analytic_grad, num_checks=10, h=1e-5, rng=None):
    """Compare analytic_grad (shaped like x) with numerical derivatives of the
    scalar f at ``num_checks`` random coordinates; print each and return the
    list of relative errors."""
    _check_x(x)
    check_same_shape(analytic_grad, x, "analytic_grad", "x")
    check_count(num_checks, "num_checks")
    _check_step(x, h)
    if x.size == 0:
        raise ValueError(f"x is empty (shape {x.shape}): there is no coordinate to check")
    if rng is None:
        rng = np.random.default_rng()
    elif not isinstance(rng, np.random.Generator):
        hint = f"np.random.default_rng({rng})" if isinstance(rng, numbers.Integral) else "np.random.default_rng(seed)"
        raise TypeError(f"rng must be a numpy Generator or None, got {type(rng).__name__}; pass {hint}")
    analytic_grad = np.asarray(analytic_grad)
    if not np.issubdtype(analytic_grad.dtype, np.number):
        raise TypeError(f"analytic_grad must hold numbers, got dtype {analytic_grad.dtype}")
    errors = []
    for _ in range(num_checks):
        ix = tuple(int(rng.integers(n)) for n in x.shape)
        f_plus, f_minus = _nudged(f, x, ix, h)
        _check_value(f_plus, ix, "+")
        _check_value(f_minus, ix, "-")
        numerical = centered_difference(f_plus, f_minus, h)
        analytic = analytic_grad[ix]
        error = rel_error(numerical, analytic)
        print(f"numerical: {numerical:f} analytic: {analytic:f}, relative error: {error:e}")
        errors.append(error)
    return errors


def rel_error(x, y):
    """Largest elementwise |x - y| / max(1e-8, |x| + |y|) over same-shaped arrays.

    Each entry's ratio lies in [0, 1]; it is 1 when one of the two is 0 (and the other above 1e-8)
    or when their signs differ, so 1.0 says that some entry is badly wrong, not how wrong the
    whole array is (notebook 3, section 1).

    x and y must have the same shape (two scalars are fine): arrays of different shapes
    are refused rather than broadcast against each other.
    """
    x, y = check_same_shape(x, y, "x", "y")
    try:
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"rel_error compares numbers, got dtypes {np.asarray(x).dtype} and "
                        f"{np.asarray(y).dtype}") from None
    if x.size == 0:
        raise ValueError(f"rel_error got empty arrays (shape {x.shape}): there is nothing to compare")
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


def check_gradient(name, analytic, numerical, tolerance=1e-7):
    """Stop with AssertionError when the relative error of ``analytic`` against ``numerical`` (same shape,
    or two numbers) is ``tolerance`` or more; the message says what differs (the shape, a constant factor
    or the sign in every entry, or which entries) without saying how to fix it. Returns the error."""
    analytic, numerical = np.asarray(analytic, dtype=float), np.asarray(numerical, dtype=float)
    if analytic.shape != numerical.shape:
        raise AssertionError(f"{name} has shape {analytic.shape}, the numerical gradient {numerical.shape}")
    error = rel_error(analytic, numerical)
    if error < tolerance:
        return
    message = f"{name} is wrong: relative error {error:.1e} (must be below {tolerance:g}); "
    entries = np.abs(analytic - numerical) / np.maximum(1e-8, np.abs(analytic) + np.abs(numerical))
    bad = entries >= tolerance
    nonzero = np.abs(numerical) > 1e-8
    ratios = analytic[nonzero] / numerical[nonzero]
    if analytic.size > 1 and ratios.size == analytic.size and np.allclose(ratios, ratios[0], rtol=1e-4):
        what = ("it has the opposite sign in every entry" if np.isclose(ratios[0], -1) else
                f"it is {ratios[0]:.4g} times the numerical gradient in every entry")
    elif analytic.size == 1:
        what = f"it is {analytic.item():.6g}, the numerical derivative {numerical.item():.6g}"
    else:
        worst = np.unravel_index(np.argmax(entries), entries.shape)
        zero = bad & (analytic == 0)
        what = (f"{bad.sum()} of its {bad.size} entries differ, the worst at {list(map(int, worst))}: "
                f"{analytic[worst]:.6g} against {numerical[worst]:.6g}")
        if zero.any():
            what += f"; {zero.sum()} of them are 0 where the numerical gradient is not"
    raise AssertionError(message + what)


"""Input checks that turn bad arguments into errors naming the problem.

Each function returns the checked value (as an array where that applies),
so callers can write ``X = check_features(X, D)``.
"""
import numbers

import numpy as np


def check_features(X, num_features, name="X"):
    """X must be a non-empty, finite, real (N, num_features) array."""
    X = _check_real(X, name)
    if X.ndim != 2:
        raise ValueError(f"{name} must be 2-D (N, D), got shape {X.shape}; {_batch_hint(X, name)}")
    if X.shape[0] == 0:
        raise ValueError(f"{name} is an empty batch (0 rows)")
    if X.shape[1] != num_features:
        raise ValueError(f"{name} has {X.shape[1]} features per row but the network "
                         f"expects {num_features} (W1 has shape ({num_features}, H))")
    return _check_finite(X, name)


def check_samples(X, name, sample_shape=None):
    """X must be a non-empty, finite, real array of samples, (N, D) rows or (N, d_1, ..., d_k)
    images, each of sample_shape (a tuple) if that is given."""
    X = _check_real(X, name)
    if X.ndim < 2:
        raise ValueError(f"{name} must hold one sample per entry of its first axis, shape (N, D) or "
                         f"(N, d_1, ..., d_k), got shape {X.shape}; {_batch_hint(X, name)}")
    if X.shape[0] == 0:
        raise ValueError(f"{name} is empty (0 samples)")
    if sample_shape is not None and X.shape[1:] != sample_shape:
        raise ValueError(f"{name} holds samples of shape {X.shape[1:]} but the training samples have "
                         f"shape {sample_shape}")
    return _check_finite(X, name)


def _check_real(X, name):
    """X as an array, which must hold real numbers."""
    X = np.asarray(X)
    if X.dtype == object or not (np.issubdtype(X.dtype, np.floating)
                                 or np.issubdtype(X.dtype, np.integer)):
        raise TypeError(f"{name} must hold real numbers, got dtype {X.dtype}")
    return X


def _check_finite(X, name):
    """X, which must hold no NaN or infinite value."""
    if not np.isfinite(X).all():
        raise ValueError(f"{name} contains NaN or infinite values "
                         f"({np.count_nonzero(~np.isfinite(X))} of {X.size})")
    return X


def check_labels(y, num_samples, num_classes, name="y"):
    """y must be (num_samples,) integers in 0..num_classes-1."""
    y = np.asarray(y)
    if y.dtype == bool or not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"{name} must hold integer class labels, got dtype {y.dtype}")
    if y.shape != (num_samples,):
        raise ValueError(f"{name} must have shape ({num_samples},) to match the "
                         f"{num_samples} rows of the data, got {y.shape}")
    bad = (y < 0) | (y >= num_classes)
    if bad.any():
        raise ValueError(f"{name} has labels outside 0..{num_classes - 1}: "
                         f"{np.unique(y[bad])[:5].tolist()}")
    return y


def check_reg(reg):
    """reg must be a finite real number >= 0."""
    if not isinstance(reg, numbers.Real) or not np.isfinite(reg) or reg < 0:
        raise ValueError(f"reg must be a finite number >= 0, got {reg!r}")
    return reg


def check_positive(value, name):
    """value must be a finite real number > 0."""
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not np.isfinite(value) or value <= 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return value


def check_count(value, name):
    """value must be an integer >= 1 (a count or a layer size), not a float, a string or a bool."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return int(value)


def check_scores(scores):
    """scores must be a real (N, C) array with N, C >= 1. Infinite scores are let through:
    they come from a diverging run, which the training loop reports."""
    scores = np.asarray(scores)
    if scores.dtype == object or not (np.issubdtype(scores.dtype, np.floating)
                                      or np.issubdtype(scores.dtype, np.integer)):
        raise TypeError(f"scores must hold real numbers, got dtype {scores.dtype}")
    if scores.ndim != 2 or 0 in scores.shape:
        raise ValueError(f"scores must be a non-empty 2-D array (N, C), got shape {scores.shape}; "
                         "for one sample use scores.reshape(1, -1)")
    return scores


def _batch_hint(X, name):
    """How to turn a wrongly shaped X into an (N, D) batch."""
    one = f"{name}[None] (or {name}.reshape(1, -1))"
    if X.ndim == 0:
        return "a single number is not a batch of rows"
    if X.ndim == 1:
        return f"for one sample of {X.shape[0]} features pass {one}"
    return (f"flatten images with {name}.reshape(len({name}), -1) "
            f"(a single image: {name}.reshape(1, -1))")


def check_same_shape(a, b, name_a, name_b):
    """a and b must have the same shape (they are compared elementwise, not broadcast);
    returns both as arrays."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        raise ValueError(f"{name_a} has shape {a.shape} but {name_b} has shape {b.shape}; they are "
                         "compared element by element, not broadcast, so pass arrays of one shape "
                         f"(e.g. {name_b}.reshape({name_a}.shape) if that is what you mean)")
    return a, b


def check_float_dtype(dtype, name="dtype"):
    """dtype must name a floating-point type (np.float32, np.float64, "float32", ...);
    returns it as a numpy dtype."""
    try:
        checked = np.dtype(dtype)
    except TypeError:
        checked = None
    if checked is None or not np.issubdtype(checked, np.floating):
        shown = getattr(dtype, "__name__", repr(dtype))
        raise TypeError(f"{name} must be a floating-point type such as np.float32 or np.float64, "
                        f"got {shown}")
    return checked

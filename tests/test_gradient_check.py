import numpy as np
import pytest

from cs231n import (eval_numerical_gradient, eval_numerical_gradient_array, grad_check_sparse,
                    rel_error)

pytestmark = pytest.mark.gradient_check


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = eval_numerical_gradient(lambda v: np.sum(v ** 3), x, verbose=False)
    assert rel_error(grad, 3 * x ** 2) < 1e-9


def test_array_gradient_uses_upstream_derivative():
    rng = np.random.default_rng(0)
    W = rng.normal(size=(3, 4))
    x = rng.normal(size=(2, 3))
    df = rng.normal(size=(2, 4))
    grad = eval_numerical_gradient_array(lambda v: v @ W, x, df)
    assert rel_error(grad, df @ W.T) < 1e-9


def test_x_is_restored_exactly_even_when_f_raises():
    x = np.random.default_rng(1).normal(size=(3, 3))
    original = x.copy()
    eval_numerical_gradient(lambda v: np.sum(np.sin(v)), x, verbose=False)
    moved = np.argwhere(x != original)
    assert not moved.size, (f"x is not restored: {len(moved)} entries differ afterwards, e.g. x{list(moved[0])} is "
                            f"{x[tuple(moved[0])]!r}, was {original[tuple(moved[0])]!r} (it must be exactly as before)")

    def explode(v):
        raise RuntimeError("boom")
    with pytest.raises(RuntimeError):
        eval_numerical_gradient(explode, x, verbose=False)
    assert np.array_equal(x, original), "x is not restored when f raises (restore it in a finally block)"


def test_sparse_check_reports_small_errors_for_right_and_large_for_wrong(capsys):
    x = np.random.default_rng(2).normal(size=(4, 5))
    f = lambda v: np.sum(v ** 2)
    good = grad_check_sparse(f, x, 2 * x, num_checks=5, rng=np.random.default_rng(0))
    bad = grad_check_sparse(f, x, 3 * x, num_checks=5, rng=np.random.default_rng(0))
    assert max(good) < 1e-8 and min(bad) > 0.1
    assert capsys.readouterr().out.count("relative error") == 10


def test_rel_error_is_symmetric_and_scale_free():
    a, b = np.array([1.0, 2.0]), np.array([1.1, 2.0])
    assert rel_error(a, b) == rel_error(b, a) == pytest.approx(0.1 / 2.1)
    assert rel_error(1e6 * a, 1e6 * b) == pytest.approx(rel_error(a, b))

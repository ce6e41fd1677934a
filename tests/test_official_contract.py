"""The contract of Stanford's official CS231n notebooks (spring 2019), stated in the project's words,
so that the notebooks run unmodified beside the package: Assignment 1's two_layer_net.ipynb and the
update-rule and Solver cells of Assignment 2's FullyConnectedNets.ipynb.

Assignment 1's printed checks (the toy scores, loss and gradients, the final toy loss) are in
test_neural_net.py and Assignment 2's update-rule values in test_optim.py; here: the module paths,
visualize_grid, Assignment 2's get_CIFAR10_data and Assignment 2's Solver, driven by a model of
Assignment 2's interface written for the tests (assignment2_model.py).
"""
import numpy as np
import pytest

from cs231n.vis_utils import visualize_grid


@pytest.mark.solver
def test_assignment_1_module_paths():
    """two_layer_net.ipynb imports these; the package's own short import names the same class."""
    import cs231n
    from cs231n.classifiers import LinearSoftmax, TwoLayerNoReLU
    from cs231n.classifiers.neural_net import TwoLayerNet
    from cs231n.data_utils import load_CIFAR10
    from cs231n.gradient_check import eval_numerical_gradient
    assert TwoLayerNet is cs231n.TwoLayerNet
    assert issubclass(TwoLayerNoReLU, TwoLayerNet) and callable(LinearSoftmax)
    assert callable(load_CIFAR10) and callable(eval_numerical_gradient)


@pytest.mark.figures
def test_visualize_grid_tiles_images_row_by_row_each_scaled_to_0_ubound():
    rng = np.random.default_rng(0)
    Xs = rng.normal(size=(5, 4, 3, 2)) * [[[[1.0, 7.0]]]]     # 5 images of 4x3 pixels, 2 channels
    grid = visualize_grid(Xs, ubound=10.0, padding=2)
    assert grid.shape == (3 * 4 + 2 * 2, 3 * 3 + 2 * 2, 2)   # ceil(sqrt(5)) = 3 images to a row
    for i, image in enumerate(Xs):
        top, left = (i // 3) * 6, (i % 3) * 5
        cell = grid[top:top + 4, left:left + 3]
        assert cell.min() == 0 and cell.max() == pytest.approx(10)
        assert np.allclose(cell, 10 * (image - image.min()) / (image.max() - image.min()))
    assert not grid[4:6].any() and not grid[:, 3:5].any()  # padding
    assert not grid[6:10, 10:].any()                         # the sixth cell: no image
    assert visualize_grid(np.ones((4, 2, 2, 3))).max() == 0  # an image of one value: 0, not nan
    assert visualize_grid(np.zeros((9, 2, 2, 1)), padding=0).shape == (6, 6, 1)


@pytest.mark.figures
@pytest.mark.parametrize("Xs, options, message", [
    (np.zeros((3, 32, 32)), {}, r"shape \(N, H, W, C\), got float64 of shape \(3, 32, 32\)"),
    (np.zeros((0, 2, 2, 3)), {}, "non-empty"),
    (np.zeros((2, 2, 2, 3)), {"padding": -1}, "padding must be an integer >= 0"),
    (np.zeros((2, 2, 2, 3)), {"ubound": 0}, "ubound must be a finite number > 0"),
])
def test_visualize_grid_names_bad_arguments(Xs, options, message):
    with pytest.raises(ValueError, match=message):
        visualize_grid(Xs, **options)

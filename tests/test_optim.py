"""The update rules: the official Assignment 2 checks, hand-computed steps, and wrong rules caught."""
import numpy as np
import pytest

from cs231n import optim, rel_error
from rules import rule

N, D = 4, 5


def linspace(low, high):
    return np.linspace(low, high, num=N * D).reshape(N, D)


# The official FullyConnectedNets notebook's inputs and the values it prints for them.
OFFICIAL = {
    "sgd_momentum": dict(
        config={"learning_rate": 1e-3, "velocity": linspace(0.6, 0.9)},
        next_w=[[0.1406, 0.20738947, 0.27417895, 0.34096842, 0.40775789],
                [0.47454737, 0.54133684, 0.60812632, 0.67491579, 0.74170526],
                [0.80849474, 0.87528421, 0.94207368, 1.00886316, 1.07565263],
                [1.14244211, 1.20923158, 1.27602105, 1.34281053, 1.4096]],
        state={"velocity": [[0.5406, 0.55475789, 0.56891579, 0.58307368, 0.59723158],
                            [0.61138947, 0.62554737, 0.63970526, 0.65386316, 0.66802105],
                            [0.68217895, 0.69633684, 0.71049474, 0.72465263, 0.73881053],
                            [0.75296842, 0.76712632, 0.78128421, 0.79544211, 0.8096]]},
        tolerance=1e-8),            # the notebook: "errors should be less than 1e-8"
    "rmsprop": dict(
        config={"learning_rate": 1e-2, "cache": linspace(0.6, 0.9)},
        next_w=[[-0.39223849, -0.34037513, -0.28849239, -0.23659121, -0.18467247],
                [-0.132737, -0.08078555, -0.02881884, 0.02316247, 0.07515774],
                [0.12716641, 0.17918792, 0.23122175, 0.28326742, 0.33532447],
                [0.38739248, 0.43947102, 0.49155973, 0.54365823, 0.59576619]],
        state={"cache": [[0.5976, 0.6126277, 0.6277108, 0.64284931, 0.65804321],
                         [0.67329252, 0.68859723, 0.70395734, 0.71937285, 0.73484377],
                         [0.75037008, 0.7659518, 0.78158892, 0.79728144, 0.81302936],
                         [0.82883269, 0.84469141, 0.86060554, 0.87657507, 0.8926]]},
        tolerance=1e-7),            # "errors around e-7 or less"
    "adam": dict(
        config={"learning_rate": 1e-2, "m": linspace(0.6, 0.9), "v": linspace(0.7, 0.5), "t": 5},
        next_w=[[-0.40094747, -0.34836187, -0.29577703, -0.24319299, -0.19060977],
                [-0.1380274, -0.08544591, -0.03286534, 0.01971428, 0.0722929],
                [0.1248705, 0.17744702, 0.23002243, 0.28259667, 0.33516969],
                [0.38774145, 0.44031188, 0.49288093, 0.54544852, 0.59801459]],
        state={"v": [[0.69966, 0.68908382, 0.67851319, 0.66794809, 0.65738853],
                     [0.64683452, 0.63628604, 0.6257431, 0.61520571, 0.60467385],
                     [0.59414753, 0.58362676, 0.57311152, 0.56260183, 0.55209767],
                     [0.54159906, 0.53110598, 0.52061845, 0.51013645, 0.49966]],
               "m": [[0.48, 0.49947368, 0.51894737, 0.53842105, 0.55789474],
                     [0.57736842, 0.59684211, 0.61631579, 0.63578947, 0.65526316],
                     [0.67473684, 0.69421053, 0.71368421, 0.73315789, 0.75263158],
                     [0.77210526, 0.79157895, 0.81105263, 0.83052632, 0.85]]},
        tolerance=2e-7),            # "around e-7 or less"; the reference solution gives 1.14e-7
}


@pytest.mark.train
def test_sgd_by_hand():
    w, dw = np.array([1.0, -2.0]), np.array([0.5, 0.5])
    next_w, config = optim.sgd(w, dw, {"learning_rate": 0.1})
    assert next_w.tolist() == [0.95, -2.05] and config["learning_rate"] == 0.1
    assert w.tolist() == [0.95, -2.05], "sgd must update w in place (the caller's array), as its docstring says"


@pytest.mark.momentum
def test_momentum_by_hand_over_two_steps():
    """v1 = -lr g, w1 = w0 + v1; v2 = mu v1 - lr g, w2 = w1 + v2 (constant gradient g = 1)."""
    w, config = np.array([0.0]), {"learning_rate": 0.1, "momentum": 0.5}
    w, config = optim.sgd_momentum(w, np.array([1.0]), config)
    assert w[0] == pytest.approx(-0.1) and config["velocity"][0] == pytest.approx(-0.1), (
        f"one step from w = 0 with gradient 1, rate 0.1, momentum 0.5 gives velocity -0.1 and w = -0.1; "
        f"got velocity {config['velocity']} and w {w}")
    w, config = optim.sgd_momentum(w, np.array([1.0]), config)
    assert config["velocity"][0] == pytest.approx(-0.15) and w[0] == pytest.approx(-0.25), (
        f"a second step with gradient 1 gives velocity -0.15 and w = -0.25; got velocity {config['velocity']} and w {w}")


@pytest.mark.adaptive
def test_adam_first_step_is_learning_rate_times_sign():
    """With bias correction, step 1 is m_hat / sqrt(v_hat) = g / |g|: exactly lr per coordinate,
    whatever the gradient's size. Without it, it would be (0.1 / sqrt(0.001)) lr = 3.16 lr."""
    w = np.zeros(3)
    next_w, config = optim.adam(w, np.array([1e-3, -5.0, 200.0]), {"learning_rate": 0.01})
    assert config["t"] == 1, f"config['t'] counts the steps: 1 after the first, got {config['t']}"
    np.testing.assert_allclose(next_w, [-0.01, 0.01, -0.01], rtol=1e-4, err_msg=(
        "Adam's first step, with both averages corrected for their start at zero, is the learning rate times the "
        "gradient's sign in every entry, whatever the gradient's size"))


@pytest.mark.adaptive
def test_rmsprop_first_step_by_hand():
    """cache = 0.01 g^2, so the step is lr g / (0.1 |g|) = 10 lr sign(g)."""
    next_w, config = optim.rmsprop(np.zeros(2), np.array([2.0, -0.5]), {"learning_rate": 1e-3})
    np.testing.assert_allclose(config["cache"], [0.04, 0.0025], err_msg=(
        "after one step with dw = [2, -0.5] and decay_rate 0.99, the cache (the average of squares) is [0.04, 0.0025]"))
    np.testing.assert_allclose(next_w, [-1e-2, 1e-2], rtol=1e-6, err_msg=(
        "one step from [0, 0] with dw = [2, -0.5] and learning rate 1e-3 gives [-0.01, 0.01]"))


@pytest.mark.parametrize("name, defaults", [
    rule("sgd", {"learning_rate": 1e-2}),
    rule("sgd_momentum", {"learning_rate": 1e-2, "momentum": 0.9}),
    rule("rmsprop", {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8}),
    rule("adam", {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "t": 1}),
])
def test_config_none_gives_assignment_2_defaults(name, defaults):
    _, config = optim.RULES[name](np.ones(3), np.ones(3))
    assert {k: config[k] for k in defaults} == defaults


@pytest.mark.parametrize("name", [rule("sgd_momentum"), rule("rmsprop"), rule("adam")])
def test_state_is_kept_and_shaped_like_w(name):
    w = np.ones((2, 3))
    _, config = optim.RULES[name](w, np.ones((2, 3)))
    state = [v for v in config.values() if isinstance(v, np.ndarray)]
    assert state and all(s.shape == w.shape for s in state)


# After the small cases above, whose messages say what differs: Assignment 2's own checks.
@pytest.mark.parametrize("name", [rule(name) for name in OFFICIAL])
def test_official_assignment_2_checks(name):
    case = OFFICIAL[name]
    config = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in case["config"].items()}
    next_w, config = optim.RULES[name](linspace(-0.4, 0.6), linspace(-0.6, 0.4), config=config)
    assert rel_error(next_w, np.array(case["next_w"])) < case["tolerance"]
    for key, expected in case["state"].items():
        assert rel_error(config[key], np.array(expected)) < case["tolerance"], key

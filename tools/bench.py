"""``make bench`` (python -m tools.bench): train the best configuration, then report accuracy and speed.

The last line printed is
    test_acc=0.xxxx train_seconds=NNN.N examples_per_s=NNNNN gemm_fraction=0.xx
where gemm_fraction is the training run's FLOP rate divided by the rate of a float32
matrix product of the first layer's shape, measured in the same process.
"""
import resource
import time

import numpy as np

from cs231n.data_utils import load_data, standardize
from cs231n.neural_net import TwoLayerNet
from cs231n.optim import sgd
from cs231n.recipes import BEST
from cs231n.solver import Solver


def step_flops(batch, inputs, hidden, classes):
    """FLOPs of one training step: forward 2BDH + 2BHC, backward dW2 2BHC, dh 2BCH, dW1 2BDH."""
    return 4 * batch * inputs * hidden + 6 * batch * hidden * classes


def best_time(fn, repeats):
    """Shortest wall time of fn() over ``repeats`` calls, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def gemm_rate(batch, inputs, hidden):
    """FLOP/s of a float32 (batch, inputs) @ (inputs, hidden) product."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((batch, inputs), dtype=np.float32)
    b = rng.standard_normal((inputs, hidden), dtype=np.float32)
    return 2 * batch * inputs * hidden / best_time(lambda: a @ b, 20)


def step_seconds(inputs=3072, hidden=500, classes=10, batch=200):
    """Wall time of one float32 SGD step (loss, gradients, update) of a fresh net, as PyTorch was timed."""
    rng = np.random.default_rng(0)
    np.random.seed(0)
    net = TwoLayerNet(inputs, hidden, classes, std=1e-2)
    net.params = {k: v.astype(np.float32) for k, v in net.params.items()}
    X = rng.standard_normal((batch, inputs), dtype=np.float32)
    y = rng.integers(0, classes, size=batch)

    def step():
        _, grads = net.loss(X, y, reg=1e-3)
        for name, grad in grads.items():
            sgd(net.params[name], grad, {"learning_rate": 1e-3})
    return best_time(step, 50)


def main():
    data = load_data(dtype=np.float32)
    print(data.describe())
    standardize(data)
    batch, inputs, hidden = BEST["solver"]["batch_size"], data.X_train.shape[1], BEST["hidden_size"]
    classes = len(data.class_names)
    small_step = step_seconds()      # before training, in a fresh process, as PyTorch was timed

    np.random.seed(0)
    net = TwoLayerNet(inputs, hidden, classes, std=BEST["std"])
    solver = Solver(net, data, **BEST["solver"])
    start = time.perf_counter()
    solver.train()
    train_seconds = time.perf_counter() - start
    steps = len(solver.loss_history)

    val_acc = np.mean(net.predict(data.X_val) == data.y_val)
    test_acc = np.mean(net.predict(data.X_test) == data.y_test)
    rate = steps * step_flops(batch, inputs, hidden, classes) / train_seconds
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{steps} steps of batch {batch}, hidden size {hidden}; validation accuracy {val_acc:.4f}")
    print(f"one float32 step of a 3072-500-10 net at batch 200: {small_step * 1e3:.2f} ms")
    print(f"peak memory: {peak_mb:.0f} MB")
    print(f"test_acc={test_acc:.4f} train_seconds={train_seconds:.1f} "
          f"examples_per_s={steps * batch / train_seconds:.0f} "
          f"gemm_fraction={rate / gemm_rate(batch, inputs, hidden):.2f}")


if __name__ == "__main__":
    main()

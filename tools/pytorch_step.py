"""This package's training step against PyTorch's on the CPU, in one process, alternately.

PyTorch is not a dependency of the project: install it apart, for instance into a folder of its
own that only this run puts on the path (PyTorch's CPU wheels: https://download.pytorch.org/whl/cpu),

    pip install --target /tmp/torch-only torch --index-url https://download.pytorch.org/whl/cpu
    OPENBLAS_THREAD_TIMEOUT=4 PYTHONPATH=/tmp/torch-only .venv/bin/python -m tools.pytorch_step

(the first variable as `make bench` sets it: see tools/fastloop.py, trick 3).

Two steps are compared, both in float32 on random data, on the same number of threads:

- plain: one SGD step of a fresh 3072-500-10 net on a batch of 200 (loss with L2, gradients,
  update), the package's TwoLayerNet.loss and optim.sgd (what tools.bench.step_seconds times)
  against PyTorch's autograd and the same update;
- bench: one step of the bench's recipe, 3072-1024-10 on batches of 500 drawn from 49,000 rows,
  SGD with momentum 0.9 and L2: tools.fastloop (no augmentation) against PyTorch's autograd and
  torch.optim.SGD, the batch drawn with the same indexing.

Each round times ``STEPS`` steps of each, the order alternating; the table gives the best step of
every round (the fastest of each round is the least disturbed by the rest of the machine).
"""
import time

import numpy as np
import torch

from cs231n.neural_net import TwoLayerNet
from tools.bench import best_time, step_seconds
from tools.fastloop import THREADS, FastTrainer

ROUNDS, STEPS = 5, 50
D, C, N = 3072, 10, 49000


def torch_step(hidden, batch, momentum, reg=1e-3, lr=1e-3, rows=None):
    """A function running one PyTorch training step. With ``rows`` (X, y), each step draws a
    batch from them and the L2 term goes to the optimizer (weight_decay, as one writes it in
    PyTorch); without, the step uses one fixed batch and puts L2 in the loss, as TwoLayerNet.loss."""
    generator = torch.Generator().manual_seed(0)
    W1 = (1e-2 * torch.randn(D, hidden, generator=generator)).requires_grad_()
    b1 = torch.zeros(hidden, requires_grad=True)
    W2 = (1e-2 * torch.randn(hidden, C, generator=generator)).requires_grad_()
    b2 = torch.zeros(C, requires_grad=True)
    if rows is None:
        optimizer = torch.optim.SGD([W1, b1, W2, b2], lr=lr, momentum=momentum)
    else:   # reg * |W|^2 has the gradient 2 reg W: weight decay 2 reg, on the weights only
        optimizer = torch.optim.SGD([{"params": [W1, W2], "weight_decay": 2 * reg}, {"params": [b1, b2]}],
                                    lr=lr, momentum=momentum)
    X = torch.randn(batch, D, generator=generator)
    y = torch.randint(0, C, (batch,), generator=generator)

    def step():
        if rows is None:
            scores = torch.relu(X @ W1 + b1) @ W2 + b2
            loss = torch.nn.functional.cross_entropy(scores, y) + reg * ((W1 * W1).sum() + (W2 * W2).sum())
        else:
            index = torch.randint(0, N, (batch,), generator=generator)
            scores = torch.relu(rows[0][index] @ W1 + b1) @ W2 + b2
            loss = torch.nn.functional.cross_entropy(scores, rows[1][index])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    return step


def fast_loop_step(X_train, y_train):
    """Fastest step of tools.fastloop on the bench's shapes (no augmentation), over STEPS steps."""
    np.random.seed(0)
    net = TwoLayerNet(D, 1024, C, std=1e-2)
    params = {name: p.astype(np.float32) for name, p in net.params.items()}
    times = []
    trainer = FastTrainer(params, X_train, y_train, optim_config={"learning_rate": 1e-3, "momentum": 0.9},
                          reg=1e-3, num_iterations=STEPS + 1, batch_size=500)
    last = [time.perf_counter()]

    def after_step(t):
        now = time.perf_counter()
        if t > 0:                                   # step 0 includes starting the threads
            times.append(now - last[0])
        last[0] = now
    trainer.train(after_step=after_step)
    return min(times)


def main():
    torch.set_num_threads(THREADS)
    rng = np.random.default_rng(0)
    X_train = rng.standard_normal((N, D), dtype=np.float32)
    y_train = rng.integers(0, C, N)
    rows = torch.from_numpy(X_train), torch.from_numpy(y_train)
    results = {name: [] for name in ("plain numpy", "plain torch", "bench numpy", "bench torch")}
    for round_ in range(ROUNDS):
        timers = {"plain numpy": step_seconds,
                  "plain torch": lambda: best_time(torch_step(500, 200, momentum=0.0), STEPS),
                  "bench numpy": lambda: fast_loop_step(X_train, y_train),
                  "bench torch": lambda: best_time(torch_step(1024, 500, momentum=0.9, rows=rows), STEPS)}
        names = list(timers) if round_ % 2 == 0 else list(reversed(timers))
        for name in names:
            results[name].append(timers[name]() * 1e3)
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads; numpy {np.__version__}; "
          f"{ROUNDS} rounds, best of {STEPS} steps each, in ms:")
    for name, times in results.items():
        print(f"  {name:12s} " + " ".join(f"{t:6.2f}" for t in times) +
              f"   (range {min(times):.2f}-{max(times):.2f})")


if __name__ == "__main__":
    main()

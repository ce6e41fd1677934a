"""Training configurations shared by notebook 3 and ``make bench``.

OFFICIAL is the assignment's starting point, for ``TwoLayerNet.train``. BEST came out of
notebook 3's search (learning rate, regularisation and hidden size on the validation set), run
for longer, as keyword arguments of ``cs231n.solver.Solver``. Inputs are mean-centred and divided
by the training set's standard deviation (cs231n.data_utils.standardize) before training with it.
"""
import numpy as np

from cs231n.augment import random_flips

OFFICIAL = {"hidden_size": 50, "std": 1e-4,
            "train": dict(num_iters=1000, batch_size=200, learning_rate=1e-4,
                          learning_rate_decay=0.95, reg=0.25)}

BEST = {"hidden_size": 1024, "std": 1e-2,
        "solver": dict(update_rule="sgd_momentum", optim_config={"learning_rate": 3e-2, "momentum": 0.9},
                       reg=1e-4, lr_schedule="cosine", num_epochs=20, batch_size=200,
                       replacement=False, augment=random_flips, dtype=np.float32)}

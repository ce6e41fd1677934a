"""Training configurations shared by notebooks 6 and 7 and ``make bench``.

OFFICIAL is the assignment's starting point, for ``TwoLayerNet.train``. BEST is the configuration
``make bench`` trains, as keyword arguments of ``cs231n.solver.Solver`` (the bench runs the same
arithmetic through a faster loop, tools/fastloop.py). Inputs are mean-centred, divided by the
training set's standard deviation (cs231n.data_utils.standardize) and ZCA-whitened with
epsilon = ``whiten`` (cs231n.data_utils.whiten) before training with it. Its settings were chosen
on the validation set; ``budget_seconds`` is the time, whitening included, it is meant to fit on
2 CPU cores (about 10% under the 180 s target, for noise).
"""
import numpy as np

from cs231n.augment import random_flips_and_translations

OFFICIAL = {"hidden_size": 50, "std": 1e-4,
            "train": dict(num_iters=1000, batch_size=200, learning_rate=1e-4,
                          learning_rate_decay=0.95, reg=0.25)}

BEST = {"hidden_size": 1024, "std": 1e-2, "standardize": True, "whiten": 1.0, "budget_seconds": 160,
        "solver": dict(update_rule="sgd_momentum", optim_config={"learning_rate": 8e-2, "momentum": 0.9},
                       reg=1e-4, lr_schedule="cosine", num_epochs=18, batch_size=500,
                       replacement=False, augment=random_flips_and_translations, dtype=np.float32)}

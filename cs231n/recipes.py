"""Training configurations shared by notebook 3 and ``make bench``.

OFFICIAL is the assignment's starting point. BEST came out of notebook 3's search
(learning rate, regularisation and hidden size on the validation set), run for longer.
Inputs are mean-centred and divided by the training set's standard deviation
(cs231n.data_utils.standardize) before training with these.
"""
import numpy as np

OFFICIAL = {"hidden_size": 50, "std": 1e-4,
            "train": dict(num_iters=1000, batch_size=200, learning_rate=1e-4,
                          learning_rate_decay=0.95, reg=0.25)}

BEST = {"hidden_size": 1024, "std": 1e-2,
        "train": dict(num_iters=20 * 245, batch_size=200, learning_rate=3e-2, reg=1e-4,
                      momentum=0.9, shuffle=True, lr_schedule="cosine", flip=True,
                      dtype=np.float32)}

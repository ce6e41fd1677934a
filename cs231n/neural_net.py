"""A two-layer fully-connected network: affine - ReLU - affine - softmax.

Shapes used throughout: N samples, D input features, H hidden units, C classes.
The API follows the CS231n Assignment 1 (2017-2019) ``TwoLayerNet``.
"""
import numpy as np

from cs231n.checks import (check_count, check_features, check_labels, check_positive, check_reg,
                           check_scores)
from cs231n.solver import Solver


def log_softmax(scores):
    """Row-wise log of the softmax of scores (N, C) -> (N, C), finite for any finite scores
    (exp of a score of 1000 overflows: notebook 1)."""
    scores = check_scores(scores)
    # Exercise: return the natural log of the softmax of each row of scores, shape (N, C), finite
    #   even for scores of 1000 or more (notebook 1 shows why exp needs care); checked against
    #   the direct formula on small scores and for overflow on large ones
    ### BEGIN SOLUTION
    # log softmax = shifted - log(sum of exp(shifted)), shifted = scores - the row's maximum
    shifted = scores - scores.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    ### END SOLUTION


def softmax(scores):
    """Row-wise softmax of scores (N, C) -> probabilities (N, C), each row summing to 1."""
    return np.exp(log_softmax(scores))


def softmax_loss(scores, y):
    """Mean softmax cross-entropy of scores (N, C) for labels y (N,) in 0..C-1: the mean over the
    rows of -log(softmax(scores)[i, y[i]]), a float; and its gradient with respect to the scores,
    dscores (N, C)."""
    scores = check_scores(scores)
    y = check_labels(y, *scores.shape)
    # Exercise: loss, the mean cross-entropy of the docstring (a float), and dscores, the gradient of
    #   that loss with respect to each score, shape (N, C): derive it in notebook 2 (the softmax
    #   section); checked against a numerical gradient of the loss
    ### BEGIN SOLUTION
    # dscores = (softmax(scores) - onehot(y)) / N
    log_probs = log_softmax(scores)
    rows = np.arange(len(scores))
    loss = -log_probs[rows, y].mean()
    dscores = np.exp(log_probs)
    dscores[rows, y] -= 1
    dscores /= len(scores)
    ### END SOLUTION
    return float(loss), dscores


class TwoLayerNet:
    """input (N, D) -> affine (D, H) -> ReLU -> affine (H, C) -> softmax.

    Trained with softmax cross-entropy plus the L2 penalty
    ``reg * (sum(W1**2) + sum(W2**2))`` (note: no factor 1/2, as in 2017-2019).

    ``params`` holds W1 (D, H), b1 (H,), W2 (H, C), b2 (C,).
    """

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        """Weights are ``std * randn`` from numpy's global generator, biases zero,
        so ``np.random.seed`` reproduces the official notebook's toy model.
        Sizes are integers >= 1; std is a finite number > 0."""
        D = check_count(input_size, "input_size")
        H = check_count(hidden_size, "hidden_size")
        C = check_count(output_size, "output_size")
        std = check_positive(std, "std")
        self.params = {
            "W1": std * np.random.randn(D, H),
            "b1": np.zeros(H),
            "W2": std * np.random.randn(H, C),
            "b2": np.zeros(C),
        }

    def loss(self, X, y=None, reg=0.0):
        """Scores, or loss and gradients.

        X: (N, D) finite floats. y: (N,) integer labels in 0..C-1, or None.
        Returns scores (N, C) when y is None, else (loss, grads) where grads
        has the keys and shapes of ``params``.
        """
        X = check_features(X, self.params["W1"].shape[0])
        reg = check_reg(reg)
        if y is None:
            return self.forward(X)[-1]
        y = check_labels(y, len(X), self.params["W2"].shape[1])
        return self.loss_and_grads(X, y, reg)

    def forward(self, X):
        """The forward pass for X (N, D): h_in (N, H), h_out = ReLU(h_in) (N, H), scores (N, C).
        Unchecked: X must already be a valid input; loss() and predict() check it first."""
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        # Exercise: the forward pass of the class docstring: h_in (N, H), the hidden units' inputs;
        #   h_out (N, H), their outputs after the ReLU; scores (N, C); checked against the official
        #   toy scores
        ### BEGIN SOLUTION
        h_in = X @ W1 + b1                      # (N, H)
        h_out = np.maximum(h_in, 0)             # (N, H): ReLU
        scores = h_out @ W2 + b2                # (N, C)
        ### END SOLUTION
        return h_in, h_out, scores

    def loss_and_grads(self, X, y, reg):
        """Loss and gradients (the keys, shapes and dtype of params: float32 stays float32) for
        X (N, D), y (N,), reg >= 0: the forward pass, the loss, then the backward pass.
        Unchecked: the inputs must already be valid; loss() checks them first."""
        h_in, h_out, scores = self.forward(X)
        loss, dscores = self.penalised_loss(scores, y, reg)
        return loss, self.backward(X, h_in, h_out, dscores, reg)

    def penalised_loss(self, scores, y, reg):
        """The loss for scores (N, C) and labels y (N,): the mean softmax cross-entropy plus the L2
        penalty reg * (sum(W1**2) + sum(W2**2)); returns (loss, a float) and dscores (N, C), the
        gradient of the cross-entropy with respect to the scores. Unchecked, like forward()."""
        W1, W2 = self.params["W1"], self.params["W2"]
        # Exercise: loss, the data loss of softmax_loss plus the class docstring's L2 penalty (a
        #   float), and dscores (N, C), the data loss's gradient with respect to the scores; checked
        #   against the official toy loss
        ### BEGIN SOLUTION
        data_loss, dscores = softmax_loss(scores, y)
        loss = data_loss + reg * (np.vdot(W1, W1) + np.vdot(W2, W2))   # vdot: the sum of squares
        ### END SOLUTION
        return float(loss), dscores

    def backward(self, X, h_in, h_out, dscores, reg):
        """The gradients of the loss, from dscores (N, C) back through the network to W1 and b1.
        X (N, D), h_in and h_out (N, H) come from forward(). Returns a dict with the keys, shapes
        and dtype of params. Unchecked, like forward()."""
        W1, W2 = self.params["W1"], self.params["W2"]
        # Exercise: the gradient of the whole loss, penalty included, with respect to each parameter:
        #   dW1 (D, H), db1 (H,), dW2 (H, C), db2 (C,), from dscores and what forward() kept; derive
        #   them in notebook 2; checked, parameter by parameter, against numerical gradients
        ### BEGIN SOLUTION
        dW2 = h_out.T @ dscores + 2 * reg * W2  # (H, C)
        db2 = dscores.sum(axis=0)               # (C,)
        dh_out = dscores @ W2.T                 # (N, H)
        dh_in = dh_out * (h_in > 0)             # (N, H): the ReLU gate
        dW1 = X.T @ dh_in + 2 * reg * W1        # (D, H)
        db1 = dh_in.sum(axis=0)                 # (H,)
        ### END SOLUTION
        return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}

    def train(self, X, y, X_val, y_val, learning_rate=1e-3, learning_rate_decay=0.95,
              reg=5e-6, num_iters=100, batch_size=200, verbose=False):
        """The official assignment's training: minibatch SGD, run by cs231n.solver.Solver.

        X: (N, D), y: (N,); X_val: (N_val, D), y_val: (N_val,).
        Each step draws ``batch_size`` samples with replacement (numpy's global generator); the
        accuracies are measured on all of X and X_val, so the batches are the only random draws,
        as in the official code. After every epoch (max(N // batch_size, 1) steps) the learning
        rate is multiplied by ``learning_rate_decay`` (the official code also decays after the
        very first step; for the toy problem, one step per epoch, the two agree). The model keeps
        its last parameters, as the official code's does. Returns a dict of lists:
        loss_history (one per step), train_acc_history and val_acc_history (after the first step,
        after every epoch and after the last step, as the Solver checks them) and epoch_history
        (the epoch of each). For momentum, Adam, schedules, augmentation or early stopping,
        use a Solver directly.
        """
        check_positive(learning_rate_decay, "learning_rate_decay")    # the Solver's names differ
        check_count(num_iters, "num_iters")
        data = {"X_train": X, "y_train": y, "X_val": X_val, "y_val": y_val}
        solver = Solver(self, data, update_rule="sgd", optim_config={"learning_rate": learning_rate},
                        reg=reg, lr_decay=learning_rate_decay, num_iterations=num_iters,
                        batch_size=batch_size, num_train_samples=None, restore_best=False,
                        verbose=verbose, print_every=100)
        solver.train()
        return {"loss_history": solver.loss_history, "train_acc_history": solver.train_acc_history,
                "val_acc_history": solver.val_acc_history, "epoch_history": solver.epoch_history}

    def predict(self, X):
        """Predicted labels (N,) for X (N, D): the class with the highest score."""
        X = check_features(X, self.params["W1"].shape[0])
        # Exercise: the predicted class of each row of X, shape (N,); checked on the toy net
        ### BEGIN SOLUTION
        return np.argmax(self.forward(X)[-1], axis=1)
        ### END SOLUTION

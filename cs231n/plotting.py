"""Figures used by the notebooks: the network diagram, image grids, training curves."""
import matplotlib.pyplot as plt
import numpy as np

GAP = 6.0  # horizontal distance between layers in draw_network


def draw_network(layer_sizes=(4, 10, 3), layer_names=("input x", "hidden h (ReLU)", "output o (softmax)"),
                 weight_names=("W1", "W2"), ax=None):
    """Draw a fully-connected network, one column of circles per layer.

    layer_sizes: units per layer; layer_names: a title per column;
    weight_names: a label per gap between columns. Returns the Axes.
    """
    if ax is None:
        ax = plt.figure(figsize=(8, 5)).add_subplot()
    tallest = max(layer_sizes)
    columns = []
    for col, size in enumerate(layer_sizes):
        ys = (size - 1) / 2 - np.arange(size)   # centred on y = 0
        columns.append([(col * GAP, y) for y in ys])
    for left, right in zip(columns, columns[1:]):
        for x0, y0 in left:
            for x1, y1 in right:
                ax.plot([x0, x1], [y0, y1], color="0.8", lw=0.6, zorder=1)
    for col, (units, name) in enumerate(zip(columns, layer_names)):
        for unit, (x, y) in enumerate(units, start=1):
            ax.add_patch(plt.Circle((x, y), 0.32, facecolor=f"C{col}", edgecolor="k", zorder=2))
            ax.text(x, y, str(unit), ha="center", va="center", color="w", fontsize=8, zorder=3)
        ax.text(col * GAP, (tallest + 1) / 2, f"{name}\n[1×{len(units)}]", ha="center", va="bottom")
    for gap, name in enumerate(weight_names):
        ax.text((gap + 0.5) * GAP, -(tallest + 1) / 2, f"{name} [{layer_sizes[gap]}×{layer_sizes[gap + 1]}]",
                ha="center", va="top")
    ax.set_xlim(-1, (len(layer_sizes) - 1) * GAP + 1)
    ax.set_ylim(-(tallest + 3) / 2, (tallest + 3) / 2)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("A " + "-".join(map(str, layer_sizes)) + " fully-connected network", pad=14)
    return ax


def show_image_grid(images, labels, class_names, per_class=8, title="Sample images", seed=0):
    """One row per class with ``per_class`` random examples of it.

    images: (N, 32, 32, 3) values in 0..255; labels: (N,) ints. Returns the Figure.
    """
    rng = np.random.default_rng(seed)
    picks = np.concatenate([rng.choice(np.flatnonzero(labels == k), per_class, replace=False)
                            for k in range(len(class_names))])
    return show_images(images[picks], [class_names[labels[i]] for i in picks], per_class, title)


def show_images(images, captions, ncols=8, title=""):
    """Images (N, 32, 32, 3) in 0..255 with a caption each, ``ncols`` per row. Returns the Figure."""
    nrows = -(-len(images) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * 1.1, nrows * 1.3), squeeze=False, dpi=72)
    for ax in axes.flat:
        ax.axis("off")
    for ax, image, caption in zip(axes.flat, images, captions):
        ax.imshow(np.clip(image, 0, 255).astype(np.uint8), interpolation="nearest")
        ax.set_title(caption, fontsize=7)
    fig.suptitle(title)
    return fig


def plot_history(history, title):
    """Loss per step and train/validation accuracy per epoch, from a Solver after training or
    the dict TwoLayerNet.train returns. Returns the Figure."""
    get = history.get if isinstance(history, dict) else lambda key: getattr(history, key)
    epochs = get("epoch_history")
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
    left.plot(get("loss_history"), lw=0.6)
    left.set(title="Training loss", xlabel="iteration", ylabel="loss")
    right.plot(epochs, get("train_acc_history"), "o-", label="train")
    right.plot(epochs, get("val_acc_history"), "s-", label="validation")
    right.set(title="Accuracy after each epoch", xlabel="epoch", ylabel="accuracy")
    right.legend()
    fig.suptitle(title)
    return fig


def show_weight_images(W1, title, ncols=10, count=50):
    """The first ``count`` columns of W1 (3072, H) as 32x32 colour images, each stretched
    to the full colour range. Returns the Figure."""
    images = W1[:, :count].T.reshape(-1, 32, 32, 3)
    low = images.min(axis=(1, 2, 3), keepdims=True)
    high = images.max(axis=(1, 2, 3), keepdims=True)
    return show_images(255 * (images - low) / (high - low), [""] * len(images), ncols, title)


def plot_confusion_matrix(y_true, y_pred, class_names, title):
    """Counts of (true class, predicted class) as a heat map. Returns the Axes."""
    k = len(class_names)
    counts = np.bincount(y_true * k + y_pred, minlength=k * k).reshape(k, k)
    ax = plt.figure(figsize=(7, 6)).add_subplot()
    image = ax.imshow(counts, cmap="Blues")
    for i in range(k):
        for j in range(k):
            ax.text(j, i, counts[i, j], ha="center", va="center", fontsize=7,
                    color="w" if counts[i, j] > counts.max() / 2 else "k")
    ax.set_xticks(range(k), class_names, rotation=45, ha="right")
    ax.set_yticks(range(k), class_names)
    ax.set(xlabel="predicted class", ylabel="true class", title=title)
    plt.colorbar(image, ax=ax, label="test images")
    return ax


def draw_chain_graph(nodes, ops, params, title, ax=None):
    """A computational graph that is a chain of values joined by operations.

    nodes: [(name, forward text, gradient text)] for the values along the chain;
    ops: one label per operation between consecutive nodes;
    params: {op index: (name, forward text, gradient text)} for parameters fed into an operation.
    Forward values are written in black above, gradients in red below. Returns the Axes.
    """
    if ax is None:
        ax = plt.figure(figsize=(3.2 * len(nodes), 4.2)).add_subplot()
    box = dict(boxstyle="round,pad=0.4", facecolor="white", edgecolor="k")
    step = 3.2
    for i, (name, forward, gradient) in enumerate(nodes):
        ax.text(i * step, 0, name, ha="center", va="center", fontsize=13, bbox=box)
        ax.text(i * step, -0.55, forward, ha="center", va="top", fontsize=8.5)
        ax.text(i * step, -1.35, gradient, ha="center", va="top", fontsize=8.5, color="C3")
    for i, label in enumerate(ops):
        left, right = i * step + 0.55, (i + 1) * step - 0.55
        ax.annotate("", (right, 0.12), (left, 0.12), arrowprops=dict(arrowstyle="->"))
        ax.annotate("", (left, -0.12), (right, -0.12), arrowprops=dict(arrowstyle="->", color="C3"))
        ax.text((i + 0.5) * step, 0.25, label, ha="center", va="bottom", fontsize=9)
    for i, (name, forward, gradient) in params.items():
        x = (i + 0.5) * step
        ax.text(x, 1.9, name, ha="center", va="center", fontsize=12, bbox=box)
        ax.text(x, 2.35, forward, ha="center", va="bottom", fontsize=8.5)
        ax.annotate("", (x - 0.1, 0.7), (x - 0.1, 1.6), arrowprops=dict(arrowstyle="->"))
        ax.annotate("", (x + 0.1, 1.6), (x + 0.1, 0.7), arrowprops=dict(arrowstyle="->", color="C3"))
        ax.text(x + 0.2, 1.15, gradient, ha="left", va="center", fontsize=8.5, color="C3")
    ax.set_xlim(-1.4, (len(nodes) - 1) * step + 1.4)
    ax.set_ylim(-2.6, 3.0)
    ax.axis("off")
    ax.set_title(title + "\n(black: forward values; red: gradients flowing back)")
    return ax

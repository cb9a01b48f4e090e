"""The seeds' worked examples as ready objects.

The cheat sheets (seeds 000 and 001) walk one 2-3-1 network through training:

* the dataset of four rows ``i0, i1 → z0``;
* the initial weights from a configuration file (shipped with mlpviz as
  ``mlpviz/resources/seed-231-initial-weights.json`` in the Go ``mlp`` package's
  format);
* the forward pass with inputs (1, 1) (seed 000) and (0.5, 0.5) (seed 001,
  a single normalised row), the target 0.91 and the learning rate 0.1.

Seed 003 works a 3-2-2-1 ReLU network for a house price (inputs 1200, 3 and
10; target 1; rate 0.1) through one step in matrix form:
:func:`house_price_network` and :func:`house_price_sample`. Seed 004 trains a
single sigmoid neuron: :func:`and_dataset`, :func:`or_dataset` and
:func:`xor_dataset` are the classic truth tables for it.

Only inputs live here; every number derived from them is computed by the
engine, never copied from the seeds.
"""
from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:  # hints only; the network is imported when it is built
    from importlib.resources.abc import Traversable

    from .network import MLP

__all__ = [
    "SEED_DATASET", "SEED_COLUMNS", "SEED_X_000", "SEED_X_001", "SEED_TARGET", "SEED_LR",
    "SEED_LOSS_ITERATIONS", "SEED_DESCENT_START", "SEED_DESCENT_LR",
    "seed_weights_path", "seed_network", "seed_dataset", "xor_dataset", "go_classification_files",
    "digits_dataset", "circles_dataset", "moons_dataset",
    "HOUSE_PRICE_WEIGHTS", "HOUSE_PRICE_BIASES", "HOUSE_PRICE_X", "HOUSE_PRICE_TARGET", "HOUSE_PRICE_LR",
    "HOUSE_PRICE_ACTIVATION", "HOUSE_PRICE_DROPOUT_DRAWS", "HOUSE_PRICE_DROPOUT_RATE",
    "house_price_network", "house_price_sample", "and_dataset", "or_dataset",
]

#: The training dataset of seed 001 (and of seed 000's normalization section).
SEED_DATASET = np.array([[70, 98, 91],
                         [50, 85, 82],
                         [65, 67, 80],
                         [25, 95, 68]], dtype=float)
SEED_COLUMNS = ("i0", "i1", "z0")
#: Inputs of seed 000's forward pass.
SEED_X_000 = np.array([1.0, 1.0])
#: Inputs of seed 001's forward pass (a single row normalizes to 0.5, 0.5).
SEED_X_001 = np.array([0.5, 0.5])
#: The normalized target seed 001 trains towards.
SEED_TARGET = np.array([0.91])
#: The learning rate η of the seeds.
SEED_LR = 0.1
#: The iterations listed in seed 001's loss table.
SEED_LOSS_ITERATIONS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100, 1000)
#: Gradient descent on f(x, y) = x² + y²: start point and rate of seeds 000/001.
SEED_DESCENT_START = (3.0, 4.0)
SEED_DESCENT_LR = 0.1

# --------------------------------------------------------------- seed 003: the house price
#: Seed 003's weights W[1], W[2], W[3] (engine layers 0, 1, 2), each of shape (n_out, n_in).
HOUSE_PRICE_WEIGHTS = (((0.01, -0.02, 0.03), (0.04, 0.05, -0.06)),
                       ((0.1, -0.1), (0.1, 0.1)),
                       ((0.1, 0.1),))
#: Seed 003's biases b[1], b[2], b[3].
HOUSE_PRICE_BIASES = ((0.001, -0.001), (0.01, 0.01), (0.01,))
#: Seed 003's input a[0]: size (square feet), bedrooms, age of the house (years).
HOUSE_PRICE_X = (1200.0, 3.0, 10.0)
#: The target ("assuming the actual value is 1").
HOUSE_PRICE_TARGET = (1.0,)
#: The learning rate α of seed 003's updates.
HOUSE_PRICE_LR = 0.1
#: Seed 003 applies ReLU in both hidden layers and again at the output (to keep a price ≥ 0).
HOUSE_PRICE_ACTIVATION = ("relu", "relu", "relu")
#: Seed 003's dropout example on a[1]: the uniform draws of the mask and the dropout rate.
HOUSE_PRICE_DROPOUT_DRAWS = (0.38298, 0.78923)
HOUSE_PRICE_DROPOUT_RATE = 0.5


def seed_weights_path() -> Traversable:
    """Path of the shipped initial weights file (Go ``mlp`` format).

    Returns
    -------
    importlib.resources.abc.Traversable
        A path-like resource; ``mlpviz.io.load_go_weights(seed_weights_path())``
        or :func:`seed_network` reads it.
    """
    return resources.files("mlpviz") / "resources" / "seed-231-initial-weights.json"


def go_classification_files() -> dict[str, Traversable]:
    """Paths of the Go ``mlp`` package's real output, shipped with mlpviz.

    A 2-15-15-1 sigmoid network trained 1000 epochs (η = 0.1, per-sample SGD)
    by the seed's Go package: keys ``"weights"`` (trained-weights-biases.json),
    ``"minmax"`` (minmax.json) and ``"dataset"`` (training-dataset.csv).
    Read them with :func:`mlpviz.io.load_go_weights`,
    :func:`mlpviz.io.load_go_minmax` and :func:`mlpviz.data.load_csv`.

    Returns
    -------
    dict of str to importlib.resources.abc.Traversable
    """
    folder = resources.files("mlpviz") / "resources" / "go-mlp-classification"
    return {"weights": folder / "trained-weights-biases.json",
            "minmax": folder / "minmax.json",
            "dataset": folder / "training-dataset.csv"}


def seed_network(activation: str | Sequence[str] = "sigmoid") -> MLP:
    """The seeds' 2-3-1 network with its initial weights, loaded from the shipped file.

    Parameters
    ----------
    activation : str or list of str, default "sigmoid"
        The seeds work the example for "sigmoid" and for "tanh".

    Returns
    -------
    MLP
        The 2-3-1 network, a new copy on every call.
    """
    from .io import load_go_weights

    with resources.as_file(seed_weights_path()) as path:
        return load_go_weights(path, activation=activation)


def seed_dataset() -> tuple[np.ndarray, np.ndarray]:
    """The seed's dataset as ``(X, Z)``: inputs (4, 2) and targets (4, 1), in original units.

    Returns
    -------
    X : ndarray, shape (4, 2)
    Z : ndarray, shape (4, 1)
    """
    return SEED_DATASET[:, :2].copy(), SEED_DATASET[:, 2:].copy()


def xor_dataset() -> tuple[np.ndarray, np.ndarray]:
    """The XOR truth table as ``(X, Z)``: the classic problem no single neuron can solve.

    Returns
    -------
    X : ndarray, shape (4, 2)
    Z : ndarray, shape (4, 1)
    """
    return _truth_table([0, 1, 1, 0])


def house_price_network() -> MLP:
    """Seed 003's 3-2-2-1 network with its weights and biases.

    ReLU in every layer, the output included: the seed applies ReLU after
    the output sum "to ensure the non-negativity of the price" (equation 15).
    The loss is the seeds' ½ (y − z)².

    Returns
    -------
    MLP
        A new copy on every call; ``weights[l]`` is the seed's W^[l+1].
    """
    from .network import MLP

    return MLP.from_weights([np.array(W) for W in HOUSE_PRICE_WEIGHTS],
                            [np.array(b) for b in HOUSE_PRICE_BIASES], list(HOUSE_PRICE_ACTIVATION))


def house_price_sample() -> tuple[np.ndarray, np.ndarray]:
    """Seed 003's one training sample as ``(x, z)``.

    Returns
    -------
    x : ndarray, shape (3,)
        Size 1200, 3 bedrooms, 10 years old (raw, not scaled: as the seed feeds them).
    z : ndarray, shape (1,)
        The target, 1.
    """
    return np.array(HOUSE_PRICE_X), np.array(HOUSE_PRICE_TARGET)


def _truth_table(outputs) -> tuple[np.ndarray, np.ndarray]:
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return X, np.array(outputs, dtype=float)[:, None]


def and_dataset() -> tuple[np.ndarray, np.ndarray]:
    """The AND truth table as ``(X, Z)``: 1 only for (1, 1); a line separates it.

    Returns
    -------
    X : ndarray, shape (4, 2)
    Z : ndarray, shape (4, 1)
    """
    return _truth_table([0, 0, 0, 1])


def or_dataset() -> tuple[np.ndarray, np.ndarray]:
    """The OR truth table as ``(X, Z)``: 0 only for (0, 0); a line separates it.

    Returns
    -------
    X : ndarray, shape (4, 2)
    Z : ndarray, shape (4, 1)
    """
    return _truth_table([0, 1, 1, 1])


# ------------------------------------------------------------- bundled and generated data sets
def _labels_and_one_hot(y: np.ndarray, n_classes: int) -> np.ndarray:
    return np.eye(n_classes)[np.asarray(y, dtype=int)]


def digits_dataset() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's bundled copy of the UCI handwritten digits as ``(X, Z)``.

    Each row is an 8×8 image of a digit 0–9 read row by row (values 0–16,
    the number of pixels set in each 4×4 block of the original 32×32 scan);
    nothing is downloaded.

    Returns
    -------
    X : ndarray, shape (1797, 64)
        Pixel values from 0 to 16.
    Z : ndarray, shape (1797, 10)
        One-hot targets: ``Z[i, k] = 1`` when image ``i`` shows the digit ``k``.

    References
    ----------
    Alpaydin & Kaynak (1998), UCI Machine Learning Repository, via
    :func:`sklearn.datasets.load_digits`.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    return digits.data.astype(float), _labels_and_one_hot(digits.target, 10)


def circles_dataset(n_samples: int = 200, noise: float = 0.1, factor: float = 0.5,
                    seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric rings of points, class 1 inside (:func:`sklearn.datasets.make_circles`).

    No straight line separates them: a network needs a hidden layer with a
    non-linear activation (a TensorFlow Playground classic).

    Parameters
    ----------
    n_samples : int, default 200
        Points in all (half on each ring).
    noise : float, default 0.1
        Standard deviation of the Gaussian noise added to each point.
    factor : float, default 0.5
        Radius of the inner ring relative to the outer one (0 < factor < 1).
    seed : int, default 0
        Seed of the random draws.

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
    Z : ndarray, shape (n_samples, 1)
        1.0 for the inner ring, 0.0 for the outer.
    """
    from sklearn.datasets import make_circles

    from .validation import check_count, check_number, check_seed

    X, y = make_circles(n_samples=check_count(n_samples, "n_samples", low=2),
                        noise=check_number(noise, "noise", low=0.0),
                        factor=check_number(factor, "factor", low=0.0, high=1.0),
                        random_state=check_seed(seed, allow_none=False))
    return X.astype(float), y.astype(float)[:, None]


def moons_dataset(n_samples: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (:func:`sklearn.datasets.make_moons`).

    Parameters
    ----------
    n_samples : int, default 200
        Points in all (half on each moon).
    noise : float, default 0.1
        Standard deviation of the Gaussian noise added to each point.
    seed : int, default 0
        Seed of the random draws.

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
    Z : ndarray, shape (n_samples, 1)
        1.0 for the lower moon, 0.0 for the upper.
    """
    from sklearn.datasets import make_moons

    from .validation import check_count, check_number, check_seed

    X, y = make_moons(n_samples=check_count(n_samples, "n_samples", low=2),
                      noise=check_number(noise, "noise", low=0.0),
                      random_state=check_seed(seed, allow_none=False))
    return X.astype(float), y.astype(float)[:, None]

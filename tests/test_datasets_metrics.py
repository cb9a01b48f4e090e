"""Bundled and generated data sets (scikit-learn) and the classification metrics."""
from __future__ import annotations

import numpy as np
import pytest

from mlpviz import examples as ex
from mlpviz.metrics import accuracy, confusion_matrix, labels


def test_digits_are_1797_images_of_64_pixels_with_one_hot_targets():
    X, Z = ex.digits_dataset()
    assert X.shape == (1797, 64) and Z.shape == (1797, 10)
    assert X.min() == 0 and X.max() == 16 and np.array_equal(X, np.round(X))
    assert np.array_equal(Z.sum(axis=1), np.ones(1797)) and set(np.unique(Z)) == {0.0, 1.0}
    assert np.bincount(Z.argmax(axis=1)).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


@pytest.mark.parametrize("make", [ex.circles_dataset, ex.moons_dataset])
def test_generated_sets_are_seeded_and_balanced(make):
    X, Z = make(n_samples=100, noise=0.05, seed=3)
    assert X.shape == (100, 2) and Z.shape == (100, 1) and Z.sum() == 50
    X2, _ = make(n_samples=100, noise=0.05, seed=3)
    np.testing.assert_array_equal(X, X2)
    assert not np.array_equal(X, make(n_samples=100, noise=0.05, seed=4)[0])


def test_circles_inner_ring_is_class_1():
    X, Z = ex.circles_dataset(n_samples=200, noise=0.0, factor=0.5)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[Z[:, 0] == 1], 0.5)
    np.testing.assert_allclose(r[Z[:, 0] == 0], 1.0)


@pytest.mark.parametrize("kwargs, match", [(dict(n_samples=1), "n_samples"), (dict(noise=-1), "noise"),
                                           (dict(seed=-2), "seed"), (dict(factor=2.0), "factor")])
def test_generator_arguments_are_checked(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ex.circles_dataset(**kwargs)


def test_accuracy_and_confusion_by_hand():
    Y = np.array([[0.9, 0.1, 0.0], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1]])
    Z = np.array([[1, 0, 0], [0, 0, 1], [0, 0, 1], [0, 1, 0]], dtype=float)
    assert labels(Y).tolist() == [0, 1, 2, 0]
    assert accuracy(Y, Z) == 0.5                        # rows 0 and 2 right
    assert confusion_matrix(Y, Z).tolist() == [[1, 0, 0], [1, 0, 0], [0, 1, 1]]
    one = np.array([[0.7], [0.2], [0.5]])
    assert labels(one).tolist() == [1, 0, 1] and accuracy(one, [[1], [1], [0]]) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="Z: expected the shape of the outputs"):
        accuracy(Y, Z[:, :2])

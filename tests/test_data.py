"""mlpviz.data: CSV datasets with a header row, validated with file/line/column errors."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from mlpviz import MLP
from mlpviz.data import Dataset, load_csv
from mlpviz.examples import SEED_COLUMNS, SEED_DATASET

GO_CSV = Path(__file__).parent / "data" / "go-mlp-classification" / "training-dataset.csv"


def write(tmp_path: Path, text: str, name: str = "d.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_load_the_go_training_csv():
    ds = load_csv(GO_CSV)
    # an independent reader: numpy's loadtxt
    table = np.loadtxt(GO_CSV, delimiter=",", skiprows=1)
    assert isinstance(ds, Dataset)
    assert ds.input_names == ["i0", "i1"] and ds.target_names == ["z0"]
    assert np.array_equal(ds.X, table[:, :2]) and np.array_equal(ds.Z, table[:, 2:])
    assert ds.X.shape == (5, 2) and ds.Z.shape == (5, 1)
    assert (ds.n_samples, ds.n_inputs, ds.n_targets) == (5, 2, 1)
    assert ds.path == str(GO_CSV)


def test_seed_layout_round_trip(tmp_path):
    lines = [", ".join(SEED_COLUMNS)] + [", ".join(f"{v:g}" for v in row) for row in SEED_DATASET]
    ds = load_csv(write(tmp_path, "\n".join(lines) + "\n"))
    assert ds.input_names == list(SEED_COLUMNS[:2]) and ds.target_names == [SEED_COLUMNS[2]]
    assert np.array_equal(np.hstack([ds.X, ds.Z]), SEED_DATASET)


def test_whitespace_blank_lines_crlf_bom_and_quotes(tmp_path):
    path = tmp_path / "d.csv"
    path.write_bytes(b"\xef\xbb\xbf  a ,b,  Z1 \r\n\r\n 1.5 , -2 ,\"3e2\"\r\n   \r\n4,5,6\r\n\r\n")
    ds = load_csv(path)
    assert ds.input_names == ["a", "b"] and ds.target_names == ["Z1"]  # capital Z is a target too
    assert ds.X.tolist() == [[1.5, -2.0], [4.0, 5.0]]
    assert ds.Z.tolist() == [[300.0], [6.0]]


def test_no_target_columns_gives_Z_none(tmp_path):
    ds = load_csv(write(tmp_path, "i0,i1\n1,2\n3,4\n"))
    assert ds.Z is None and ds.target_names == [] and ds.n_targets == 0
    assert ds.X.tolist() == [[1.0, 2.0], [3.0, 4.0]]


def test_n_inputs_splits_by_position(tmp_path):
    path = write(tmp_path, "a,b,c\n1,2,3\n")
    ds = load_csv(path, n_inputs=1)
    assert ds.input_names == ["a"] and ds.target_names == ["b", "c"]
    assert ds.X.tolist() == [[1.0]] and ds.Z.tolist() == [[2.0, 3.0]]
    assert load_csv(path, n_inputs=3).Z is None
    # n_inputs overrides the z rule, even for a z column among the inputs
    ds = load_csv(write(tmp_path, "z0,i1,i2\n1,2,3\n", "z.csv"), n_inputs=2)
    assert ds.input_names == ["z0", "i1"] and ds.target_names == ["i2"]


@pytest.mark.parametrize("n", [0, 4, -1, 1.5, True, "2"])
def test_bad_n_inputs(tmp_path, n):
    with pytest.raises(ValueError, match=r"n_inputs: (expected|must be) a whole number from 1 to 3"):
        load_csv(write(tmp_path, "a,b,c\n1,2,3\n"), n_inputs=n)


CSV_ERRORS = [
    # (file text, what the message says after "<path>: ")
    ("", r"the file is empty; expected a CSV file with a header row"),
    ("\n  \n\n", r"the file is empty"),
    ("i0,i1,z0\n", r"has a header \(i0, i1, z0\) but no data rows"),
    ("i0,i1,z0\n\n\n", r"has a header \(i0, i1, z0\) but no data rows"),
    ("i0,i1,z0\n1,2,3\n\n4,5\n", r"line 4: has 2 cells but the header has 3 columns \(i0, i1, z0\)"),
    ("i0,i1,z0\n1,2,3,4\n", r"line 2: has 4 cells but the header has 3 columns"),
    ("i0,i1,z0\n1,2,3\n4,abc,6\n", r"line 3, column 'i1': 'abc' is not a number"),
    ("i0,i1,z0\n1,,3\n", r"line 2, column 'i1': the cell is empty; expected a number"),
    ("i0,i1,z0\n1,2,nan\n", r"line 2, column 'z0': 'nan' is not a finite number"),
    ("i0,i1,z0\n1,-inf,3\n", r"line 2, column 'i1': '-inf' is not a finite number"),
    ("i0,i1,z0\n1e999,2,3\n", r"line 2, column 'i0': '1e999' is not a finite number"),
    ("i0,i1,i0\n1,2,3\n", r"line 1: the column name 'i0' appears twice \(columns 1 and 3\)"),
    ("\n\ni0,,z0\n1,2,3\n", r"line 3: column 2 of the header has no name"),
    ("i0,z0,i1\n1,2,3\n", r"line 1: target column 'z0' comes before input column 'i1'; expected the input "
                          r"columns first"),
    ("z0,z1\n1,2\n", r"line 1: every column \(z0, z1\) is a target"),
    ('i0,z0\n1,2\n"3,4\n', r"line 3: has 1 cell but the header has 2 columns \(i0, z0\)"),
]


@pytest.mark.parametrize("text, message", CSV_ERRORS)
def test_csv_errors(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ValueError) as info:
        load_csv(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: "), msg
    assert re.search(message, msg), msg


def test_missing_file_folder_and_binary(tmp_path):
    with pytest.raises(ValueError, match=r"nope\.csv: no such file; expected a CSV file"):
        load_csv(tmp_path / "nope.csv")
    with pytest.raises(ValueError, match=r"is a folder, not a file"):
        load_csv(tmp_path)
    (tmp_path / "b.csv").write_bytes(b"i0,z0\n1,\xff\n")
    with pytest.raises(ValueError, match=r"b\.csv: not UTF-8 text \(bad byte at offset 8\)"):
        load_csv(tmp_path / "b.csv")


def test_check_network(tmp_path):
    ds = load_csv(write(tmp_path, "a,b,c,z0\n1,2,3,4\n"))
    ds.check_network(MLP([3, 2, 1], seed=0))  # fits: no error
    with pytest.raises(ValueError, match=rf"^file {re.escape(str(tmp_path / 'd.csv'))} has 3 input columns "
                                         r"\(a, b, c\) but the network takes 2 inputs$"):
        ds.check_network(MLP([2, 2, 1], seed=0))
    with pytest.raises(ValueError, match=r"has 1 target column \(z0\) but the network has 2 outputs"):
        ds.check_network(MLP([3, 2, 2], seed=0))
    ds.check_network(MLP([3, 2, 2], seed=0), targets=False)  # inputs only
    # no targets: only the inputs are checked
    Dataset(X=np.zeros((2, 3)), Z=None, input_names=["a", "b", "c"]).check_network(MLP([3, 1, 5], seed=0))
    with pytest.raises(ValueError, match=r"^the dataset has 1 input column \(a\) but the network takes 3 inputs"):
        Dataset(X=np.zeros((2, 1)), Z=None, input_names=["a"]).check_network(MLP([3, 1], seed=0))


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list('iz01.,-e "\n\r\tnaf\x00é')), max_size=40),
       n_inputs=st.none() | st.integers(-1, 4))
def test_only_value_errors_escape(tmp_path_factory, text, n_inputs):
    path = tmp_path_factory.mktemp("fuzz") / "f.csv"
    path.write_text(text, encoding="utf-8")
    try:
        ds = load_csv(path, n_inputs=n_inputs)
    except ValueError as exc:
        assert str(exc).startswith((f"{path}: ", "n_inputs: "))
    else:
        assert ds.X.ndim == 2 and ds.X.shape[0] >= 1 and np.all(np.isfinite(ds.X))
        assert ds.Z is None or (ds.Z.shape[0] == ds.X.shape[0] and np.all(np.isfinite(ds.Z)))

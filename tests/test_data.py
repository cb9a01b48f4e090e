"""mlpviz.data: CSV datasets with a header row, validated with file/line/column errors."""
from __future__ import annotations

import os
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
    ('i0,z0\n1,2\n"3,4\n', r"line 3: unclosed quote: a cell opens a quote \(\"\) that does not close on its "
                         r"line"),
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


# ----------------------------------------------------------------- issue 10: bad files, answered in one line
MORE_CSV_ERRORS = [
    # a first row of numbers is data, not a header: predict would lose it
    ("70,98\n50,85\n", r"line 1: the first row \(70, 98\) holds numbers, not column names; expected a header row"),
    ("\n 1e3 , -2 \n5,6\n", r"line 2: the first row \(1e3, -2\) holds numbers"),
    # quotes
    ('"i0,z0\n1,2\n', r"line 1: unclosed quote: a column name opens a quote"),
    ('i0,z0\n1,"2\n3",4\n5,6\n', r"line 2: unclosed quote: a cell opens a quote \(\"\) that does not close on "
                               r"its line"),
    # other separators and decimal commas
    ("i0;i1;z0\n1;2;3\n", r"line 2, column 'i0;i1;z0': '1;2;3' is not a number; the cells seem to be separated by "
                          r"';': mlpviz reads comma-separated values, with a decimal point \(1\.5, not 1,5\)"),
    ("i0;z0\n0,5;1,5\n", r"line 2: has 3 cells but the header has 1 column \(i0;z0\); the cells seem to be "
                         r"separated by ';'"),
    ("i0\tz0\n1\t2\n", r"'1\\t2' is not a number; the cells seem to be separated by tabs"),
    ("i0,z0\n0,5,1,5\n", r"line 2: has 4 cells but the header has 2 columns \(i0, z0\); if the numbers have "
                         r"decimal commas, write them with a point \(1\.5, not 1,5\)"),
    # NUL bytes and other control characters are escaped, never echoed raw
    ("i0,z0\n1,2\x00\n", r"line 2, column 'z0': '2\\x00' is not a number$"),
    ("i\x000,z0\n1,2\n1,2,3\n", r"has 3 cells but the header has 2 columns \('i\\x000', z0\)"),
    ("i0,z0\n1,\x1b[31mred\n", r"'\\x1b\[31mred' is not a number"),
]


@pytest.mark.parametrize("text, message", MORE_CSV_ERRORS)
def test_more_csv_errors(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ValueError) as info:
        load_csv(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: ") and "\n" not in msg and "\x00" not in msg and "\x1b" not in msg, msg
    assert re.search(message, msg), msg


def test_a_hundred_thousand_columns_give_a_short_message(tmp_path):
    names = [f"i{j}" for j in range(100_000)] + ["z0"]
    path = write(tmp_path, ",".join(names) + "\n" + ",".join(["1"] * 100_001) + "\n1,2\n")
    with pytest.raises(ValueError) as info:
        load_csv(path)
    msg = str(info.value)
    assert re.search(r"line 3: has 2 cells but the header has 100001 columns \(i0, i1, i2, i3, i4, i5, …, z0 "
                     r"\(100,001 columns\)\)$", msg), msg
    assert len(msg) < 300 + len(str(path))
    # a long cell is cut too
    path = write(tmp_path, "i0,z0\n1," + "x" * 100_000 + "\n", "long.csv")
    with pytest.raises(ValueError, match=r"column 'z0': 'xxxx.* …xx' is not a number$") as info:
        load_csv(path)
    assert len(str(info.value)) < 200 + len(str(path))
    ds = load_csv(write(tmp_path, ",".join(names) + "\n" + ",".join(["1"] * 100_001) + "\n", "wide.csv"))
    assert ds.X.shape == (1, 100_000) and ds.Z.tolist() == [[1.0]]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_devices_and_pipes_are_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)                       # reading it would wait for a writer forever
    for path in ("/dev/zero", fifo):
        with pytest.raises(ValueError, match=rf"^{re.escape(str(path))}: is not a regular file \(a device, a "
                                             r"pipe or a socket\), which could be endless"):
            load_csv(path)


def test_a_line_too_long_is_refused_without_reading_it_whole(tmp_path, monkeypatch):
    import mlpviz.data as md

    monkeypatch.setattr(md, "_LINE_LIMIT", 1000)
    path = write(tmp_path, "i0,z0\n" + "1," * 600 + "\n")
    with pytest.raises(ValueError, match=r"line 2 is longer than 1,000 characters; expected a CSV file"):
        load_csv(path)
    path = write(tmp_path, "\x00" * 5000, "nul.csv")          # a binary file without a line end
    with pytest.raises(ValueError, match=r"line 1 is longer than 1,000 characters"):
        load_csv(path)


def test_none_and_other_arguments_name_the_argument(tmp_path):
    for bad in (None, b"d.csv", 3, ""):
        with pytest.raises(ValueError, match=r"^path: expected a file name \(a str or pathlib\.Path\)"):
            load_csv(bad)
    path = write(tmp_path, "a,b\n1,2\n")
    for n in (None, 1, 2):
        assert load_csv(path, n_inputs=n).n_inputs == (2 if n is None else n)
    with pytest.raises(ValueError, match=r"^n_inputs: expected a whole number from 1 to 2, got '1'"):
        load_csv(path, n_inputs="1")


# Both readers: numpy's C parser, and the csv module line by line when numpy refuses.
def _csv_module_only(monkeypatch):
    import mlpviz.data as md

    monkeypatch.setattr(md, "_numpy_table", lambda lines, n_columns: None)


def test_numpy_and_the_csv_module_read_the_same_numbers(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    table = rng.normal(scale=1e3, size=(500, 3))
    text = "i0, i1 ,z0\r\n" + "".join(f"{a!r},{b!r} , {c!r}\r\n" for a, b, c in table.tolist())
    path = write(tmp_path, text)
    fast = load_csv(path)
    _csv_module_only(monkeypatch)
    slow = load_csv(path)
    assert np.array_equal(fast.X, table[:, :2]) and np.array_equal(fast.Z, table[:, 2:])  # repr reads back exactly
    assert np.array_equal(slow.X, fast.X) and np.array_equal(slow.Z, fast.Z)


_CSV_ALPHABET = st.sampled_from(list('iz01.,-e "\n\r\t;naf\x00é') + ["1_0", "inf", "1e999", " \n", '"1"', "\ufeff"])


_GOOD = st.sampled_from(["1", " 2", "3 ", '"4"', "1e3", "-0", "+1", ".5", "5.", "\xa07", "-12.5e-3"])
_BAD = st.sampled_from([' "5"', '"6" ', "1_0", "\u0661", "nan", "-inf", "1e999", "0x1", "", "x", "1;2", '"1,5"',
                        '"1\n2"'])
_CELLS = _GOOD | _GOOD | _GOOD | _GOOD | _BAD
_ROWS = st.lists(st.lists(_CELLS, min_size=2, max_size=2).map(",".join)
                 | st.lists(_CELLS, min_size=1, max_size=3).map(",".join) | st.sampled_from(["", "  "]),
                 min_size=1, max_size=4)
_TABLES = st.tuples(st.sampled_from(["a,z0", " a , z0 ", "1,2"]), _ROWS,
                    st.sampled_from(["\n", "\r\n", "\r"]), st.booleans()).map(
    lambda t: t[2].join([t[0], *t[1]]) + (t[2] if t[3] else ""))


@settings(max_examples=300, deadline=None)
@given(text=st.lists(_CSV_ALPHABET, max_size=40).map("".join) | _TABLES)
def test_both_readers_agree(tmp_path_factory, text):
    """What numpy's parser reads, the csv module reads the same; what one refuses, the same message says why."""
    import mlpviz.data as md

    path = tmp_path_factory.mktemp("agree") / "f.csv"
    path.write_text(text, encoding="utf-8")

    def read(numpy: bool):
        real = md._numpy_table
        md._numpy_table = real if numpy else (lambda lines, n_columns: None)
        try:
            ds = load_csv(path)
            return ds.X.tolist(), None if ds.Z is None else ds.Z.tolist()
        except ValueError as exc:
            return str(exc)
        finally:
            md._numpy_table = real

    assert read(True) == read(False)


@settings(max_examples=300, deadline=5000)   # each example within 5 s, even on a loaded machine
@given(data=st.binary(max_size=3000))
def test_random_bytes_only_value_errors(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "f.csv"
    path.write_bytes(data)
    try:
        ds = load_csv(path)
    except ValueError as exc:
        msg = str(exc)
        assert msg.startswith(f"{path}: ") and "\n" not in msg and "\x00" not in msg, msg
    else:
        assert ds.X.ndim == 2 and ds.X.shape[0] >= 1 and np.all(np.isfinite(ds.X))


def test_memory_is_a_few_bytes_a_cell(tmp_path, monkeypatch):
    """2 M rows took 1.1 GB with a Python float and str per cell; the table is 8 bytes a cell."""
    import tracemalloc

    rows = 50_000
    table = np.random.default_rng(1).uniform(0, 100, size=(rows, 3))
    path = tmp_path / "big.csv"
    np.savetxt(path, table, delimiter=",", header="i0,i1,z0", comments="", fmt="%.6g")
    (tmp_path / "slow.csv").write_text(path.read_text() + "   \n")   # a line of blanks: the csv module reads it
    for name in ("big.csv", "slow.csv"):
        tracemalloc.start()
        try:
            ds = load_csv(tmp_path / name)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert ds.n_samples == rows
        assert peak < 3 * table.nbytes + 2**20, (name, peak / table.size)   # measured: 9–12 bytes a cell

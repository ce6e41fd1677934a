"""make bench: its last line has the promised format (a tiny run on the built-in data)."""
import re

import tools.bench as bench


def test_bench_prints_the_summary_line_last(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("CS231N_DATA_DIR", str(tmp_path))          # no CIFAR-10: built-in data
    tiny = {"hidden_size": 16, "std": 1e-2,
            "solver": dict(bench.BEST["solver"], num_iterations=20)}
    monkeypatch.setattr(bench, "BEST", tiny)
    bench.main()
    lines = capsys.readouterr().out.strip().splitlines()
    assert "built-in" in lines[0]
    assert re.fullmatch(r"test_acc=0\.\d{4} train_seconds=\d+\.\d examples_per_s=\d+ gemm_fraction=\d+\.\d\d",
                        lines[-1]), lines[-1]


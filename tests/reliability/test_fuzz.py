"""A short, bounded run of bench/fuzz_extract.py: no input crashes the reader or the extractor."""

import pytest

from bench.fuzz_extract import run


def test_reader_fuzz_finds_no_crash():
    report = run(400, extract=False, seed=1)
    assert report.tried == 400
    assert not report.crashes, report.crashes[:3]


@pytest.mark.slow
def test_reader_and_extractor_fuzz_finds_no_crash():
    report = run(150, seconds=45, seed=2)
    assert report.tried > 20 and report.articles > 0
    assert not report.crashes, report.crashes[:3]

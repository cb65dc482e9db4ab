"""The labelled quality corpus (benchmarks/corpus/generate.py), small and offline: secret-hooks
finds at least 98% of the planted secrets in every category and flags no hard negative."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from hooks.config import Config
from hooks.scan import scanner as scan

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / 'benchmarks' / 'corpus'))
import generate  # noqa: E402

MIN_RECALL = 0.98


def scan_corpus(out: Path, labels: list[generate.Label]) -> set[tuple[str, int]]:
    files = sorted({label.path for label in labels})
    cwd = os.getcwd()
    os.chdir(out)
    try:
        result = scan.scan_files(files, Config())
    finally:
        os.chdir(cwd)
    assert result.errors == []
    return {(f.filename, f.line_number) for f in result.findings}


@pytest.fixture(scope='module', params=[0, 1, 2], ids=lambda seed: f'seed{seed}')
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp(f'corpus-{request.param}')
    labels = generate.generate(str(out), seed=request.param, scale=1)
    return labels, scan_corpus(out, labels)


def test_recall_per_category(corpus):
    labels, hits = corpus
    categories = {label.category for label in labels if label.kind == 'positive'}
    assert {'db_url', 'jwt_token', 'signing_key', 'b2b_key', 'private_key', 'cloud_key',
            'keyword_password'} <= categories
    for category in sorted(categories):
        planted = [(label.path, label.line) for label in labels
                   if label.category == category and label.kind == 'positive']
        missed = [where for where in planted if where not in hits]
        assert 1 - len(missed) / len(planted) >= MIN_RECALL, (category, missed)


def test_no_hard_negative_flagged(corpus):
    labels, hits = corpus
    negatives = {(label.path, label.line): label.category for label in labels if label.kind == 'negative'}
    assert len(negatives) > 50
    assert {where: cat for where, cat in negatives.items() if where in hits} == {}


def test_nothing_flagged_off_the_labels(corpus):
    labels, hits = corpus
    assert hits - {(label.path, label.line) for label in labels} == set()


def test_corpus_is_reproducible_and_labels_match_lines(tmp_path):
    first = generate.generate(str(tmp_path / 'a'), seed=7, scale=1)
    second = generate.generate(str(tmp_path / 'b'), seed=7, scale=1)
    assert first == second
    for label in first:
        lines = (tmp_path / 'a' / label.path).read_text(encoding='utf-8').split('\n')
        assert 0 < label.line <= len(lines) and lines[label.line - 1].strip()


# ---------------------------------------------------------------------------------------------
# The labelled development corpus (`../shared/quality/peer-corpus-dev.jsonl` beside the
# repository, or $SECRET_HOOKS_DEV_CORPUS): a ratchet.  These figures may only improve: raise
# them when a change does better, never lower them to make a change pass.
# ---------------------------------------------------------------------------------------------

sys.path.insert(0, str(ROOT / 'benchmarks'))
import quality  # noqa: E402

DEV_CORPUS = Path(os.environ.get('SECRET_HOOKS_DEV_CORPUS', quality.DEV_CORPUS))
# (label, records reported at least / at most)
MIN_SECRETS_FOUND = 87      # of 90 `secret` records (96.7%)
MAX_NOT_SECRETS_FLAGGED = 1  # of 81 `not_secret` records (1.2%)
MAX_SAMPLES_FLAGGED = 1     # of 100 `sample` records (1.0%)


@pytest.fixture(scope='module')
def dev_scores():
    if not DEV_CORPUS.is_file():
        pytest.skip(f'development corpus not present ({DEV_CORPUS.name})')
    return quality.score_ours_on_dev_corpus(str(DEV_CORPUS))


def test_dev_corpus_recall_ratchet(dev_scores):
    found, total = dev_scores['secret']['all']
    assert total > 0
    assert found >= MIN_SECRETS_FOUND


def test_dev_corpus_false_positive_ratchet(dev_scores):
    flagged, total = dev_scores['not_secret']['all']
    assert total > 0
    assert flagged <= MAX_NOT_SECRETS_FLAGGED


def test_dev_corpus_samples_ratchet(dev_scores):
    flagged, total = dev_scores['sample']['all']
    assert total > 0
    assert flagged <= MAX_SAMPLES_FLAGGED

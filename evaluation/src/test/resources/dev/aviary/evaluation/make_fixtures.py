#!/usr/bin/python3
"""Writes evaluation-fixtures.json: seeded labels and scores and the values scikit-learn and scipy
give for them.

The Java tests only read the JSON (the build has no Python). Regenerate with Debian's
python3-sklearn (1.2.1) and python3-scipy:
    /usr/bin/python3 make_fixtures.py > evaluation-fixtures.json

scikit-learn has no DeLong test, so delong() below is a plain numpy implementation of DeLong,
DeLong and Clarke-Pearson (1988) written from the paper's definitions (structural components
V10/V01 by direct pairwise comparison, O(m*n)), independent of the mid-rank algorithm the Java
code uses.
"""
import json

import numpy as np
import sklearn
from scipy import stats
from sklearn import metrics


def delong(y, a, b):
    pos_a, neg_a = a[y == 1], a[y == 0]
    pos_b, neg_b = b[y == 1], b[y == 0]

    def psi(x, z):
        return (x[:, None] > z[None, :]) + 0.5 * (x[:, None] == z[None, :])

    pa, pb = psi(pos_a, neg_a), psi(pos_b, neg_b)
    v10 = np.vstack([pa.mean(axis=1), pb.mean(axis=1)])
    v01 = np.vstack([pa.mean(axis=0), pb.mean(axis=0)])
    auc = v10.mean(axis=1)
    s = np.cov(v10) / v10.shape[1] + np.cov(v01) / v01.shape[1]
    var = s[0, 0] + s[1, 1] - 2 * s[0, 1]
    z = (auc[0] - auc[1]) / np.sqrt(var)
    return float(auc[0]), float(auc[1]), float(z), float(2 * stats.norm.sf(abs(z)))


def mcnemar(y, a, b, t):
    ca, cb = (a >= t).astype(int) == y, (b >= t).astype(int) == y
    n01 = int(np.sum(ca & ~cb))
    n10 = int(np.sum(~ca & cb))
    n = n01 + n10
    exact = min(1.0, float(2 * stats.binom.cdf(min(n01, n10), n, 0.5)))
    chi2 = max(abs(n01 - n10) - 1, 0) ** 2 / n
    return n01, n10, exact, float(stats.chi2.sf(chi2, 1))


def binary(y, p, t):
    pred = (p >= t).astype(int)
    return {
        "accuracy": metrics.accuracy_score(y, pred),
        "precision": metrics.precision_score(y, pred, zero_division=0),
        "recall": metrics.recall_score(y, pred, zero_division=0),
        "f1": metrics.f1_score(y, pred, zero_division=0),
        "auc": metrics.roc_auc_score(y, p),
        "prAuc": metrics.average_precision_score(y, p),
        "logLoss": metrics.log_loss(y, p),
        "brier": metrics.brier_score_loss(y, p),
    }


def case(name, rng, n, rate, decimals, threshold):
    y = (rng.random(n) < rate).astype(int)
    noise = rng.normal(size=n)
    a = 1 / (1 + np.exp(-(2.0 * y - 1.5 + noise)))
    b = 1 / (1 + np.exp(-(1.2 * y - 1.0 + rng.normal(size=n) + 0.5 * noise)))
    if decimals is not None:  # ties, as a model with coarse outputs gives
        a, b = np.round(a, decimals), np.round(b, decimals)
    a, b = np.clip(a, 0.001, 0.999), np.clip(b, 0.001, 0.999)
    auc_a, auc_b, z, p = delong(y, a, b)
    n01, n10, exact, corrected = mcnemar(y, a, b, threshold)
    return {
        "name": name,
        "threshold": threshold,
        "labels": y.tolist(),
        "candidate": a.tolist(),
        "champion": b.tolist(),
        "candidateMetrics": binary(y, a, threshold),
        "championMetrics": binary(y, b, threshold),
        "delong": {"candidateAuc": auc_a, "championAuc": auc_b, "z": z, "p": p},
        "mcnemar": {"candidateOnly": n01, "championOnly": n10, "exactP": exact,
                    "correctedP": corrected},
    }


def multiclass(rng, n, k):
    y = rng.integers(0, k, n)
    pred = np.where(rng.random(n) < 0.6, y, rng.integers(0, k, n))
    return {
        "classes": k,
        "labels": y.tolist(),
        "predicted": pred.tolist(),
        "accuracy": metrics.accuracy_score(y, pred),
        "macroF1": metrics.f1_score(y, pred, average="macro", zero_division=0),
    }


def main():
    rng = np.random.default_rng(20261207)
    out = {
        "generator": "make_fixtures.py, scikit-learn " + sklearn.__version__,
        "binary": [
            case("continuous", rng, 400, 0.2, None, 0.5),
            case("ties", rng, 300, 0.3, 1, 0.5),
            case("rare-positives", rng, 1000, 0.03, 3, 0.3),
        ],
        "multiclass": [multiclass(rng, 500, 4)],
    }
    print(json.dumps(out, indent=1))


main()

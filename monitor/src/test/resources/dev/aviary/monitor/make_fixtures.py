#!/usr/bin/python3
"""Writes drift-fixtures.json: seeded samples and the values scipy gives for them.

The Java tests only read the JSON (the build has no scipy). Regenerate with Debian's python3-scipy:
    /usr/bin/python3 make_fixtures.py > drift-fixtures.json
"""
import json
import sys

import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon


def decile_bins(reference, current):
    """Counts over the 10 reference-decile bins as docs/monitoring.md defines them."""
    edges = np.quantile(reference, np.linspace(0, 1, 11))  # linear interpolation, numpy's default
    inner = np.unique(edges[1:-1])  # repeated edges merged; outer bins open
    # side='right': a value equal to an inner edge falls in the bin to its right
    ref = np.bincount(np.searchsorted(inner, reference, side="right"), minlength=len(inner) + 1)
    cur = np.bincount(np.searchsorted(inner, current, side="right"), minlength=len(inner) + 1)
    return inner, ref, cur


def psi(ref_counts, cur_counts, floor=1e-4):
    p = np.maximum(ref_counts / ref_counts.sum(), floor)
    q = np.maximum(cur_counts / cur_counts.sum(), floor)
    return float(np.sum((q - p) * np.log(q / p)))


def numerical(name, reference, current):
    # six decimals keep the file small; the few ties this makes are data like any other
    reference = np.round(np.asarray(reference, dtype=float), 6)
    current = np.round(np.asarray(current, dtype=float), 6)
    ks = stats.ks_2samp(reference, current)  # mode='auto'
    w = stats.wasserstein_distance(reference, current)
    inner, ref_counts, cur_counts = decile_bins(reference, current)
    return {
        "name": name,
        "reference": reference.tolist(),
        "current": current.tolist(),
        "ks_statistic": float(ks.statistic),
        "ks_pvalue": float(ks.pvalue),
        "wasserstein": float(w),
        "wasserstein_normed": float(w / np.std(reference)),
        "bin_edges": inner.tolist(),
        "reference_bins": ref_counts.tolist(),
        "current_bins": cur_counts.tolist(),
        "psi": psi(ref_counts, cur_counts),
        "js_distance": float(jensenshannon(ref_counts, cur_counts)),
    }


def categorical(name, reference, current):
    keys = sorted(set(reference) | set(current))
    ref_counts = np.array([reference.count(k) for k in keys], dtype=float)
    cur_counts = np.array([current.count(k) for k in keys], dtype=float)
    expected = ref_counts / ref_counts.sum() * cur_counts.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        gof = stats.chisquare(cur_counts, expected)
    cont = stats.chi2_contingency(np.array([ref_counts, cur_counts]))  # Yates for 2x2 by default
    return {
        "name": name,
        "reference": reference,
        "current": current,
        "chi2_gof_statistic": float(gof.statistic) if np.isfinite(gof.statistic) else "Infinity",
        "chi2_gof_pvalue": float(gof.pvalue),
        "chi2_contingency_statistic": float(cont[0]),
        "chi2_contingency_pvalue": float(cont[1]),
        "js_distance": float(jensenshannon(ref_counts, cur_counts)),
    }


def main():
    rng = np.random.default_rng(20261207)
    num = [
        numerical("small_exact_equal_sizes", rng.normal(0, 1, 40), rng.normal(0.5, 1, 40)),
        numerical("small_exact_unequal_sizes", rng.normal(0, 1, 60), rng.normal(0.3, 1.2, 45)),
        numerical("small_same_distribution", rng.normal(0, 1, 200), rng.normal(0, 1, 150)),
        numerical("ties_integers", rng.integers(0, 6, 300).astype(float),
                  rng.integers(1, 7, 250).astype(float)),
        numerical("medium_exact_lognormal", rng.lognormal(3, 1, 1000), rng.lognormal(3.1, 1, 800)),
        numerical("large_asymptotic", rng.normal(10, 3, 12000), rng.normal(10.1, 3, 10500)),
        numerical("large_asymptotic_no_drift", rng.normal(0, 1, 10001), rng.normal(0, 1, 10200)),
        numerical("many_repeated_deciles", np.concatenate([np.zeros(700), rng.exponential(5, 300)]),
                  np.concatenate([np.zeros(400), rng.exponential(5, 600)])),
        numerical("empty_current_bin", rng.uniform(0, 100, 500), rng.uniform(0, 35, 400)),
    ]
    merchants = ["grocery", "online", "travel", "fuel", "electronics"]
    cat = [
        categorical("two_categories_yates",
                    list(rng.choice(["0", "1"], 500, p=[0.9, 0.1])),
                    list(rng.choice(["0", "1"], 400, p=[0.85, 0.15]))),
        categorical("five_categories",
                    list(rng.choice(merchants, 2000, p=[0.4, 0.3, 0.1, 0.1, 0.1])),
                    list(rng.choice(merchants, 1500, p=[0.2, 0.4, 0.2, 0.1, 0.1]))),
        categorical("five_categories_no_drift",
                    list(rng.choice(merchants, 3000, p=[0.4, 0.3, 0.1, 0.1, 0.1])),
                    list(rng.choice(merchants, 3000, p=[0.4, 0.3, 0.1, 0.1, 0.1]))),
        categorical("unseen_category",
                    list(rng.choice(merchants[:3], 600, p=[0.5, 0.3, 0.2])),
                    list(rng.choice(merchants[:4], 500, p=[0.4, 0.3, 0.2, 0.1]))),
        categorical("category_gone",
                    list(rng.choice(merchants[:3], 600, p=[0.5, 0.3, 0.2])),
                    list(rng.choice(merchants[:2], 500, p=[0.6, 0.4]))),
    ]
    json.dump({"scipy": scipy.__version__, "numpy": np.__version__,
               "numerical": num, "categorical": [{k: (list(map(str, v)) if k in ("reference", "current") else v)
                                                   for k, v in c.items()} for c in cat]},
              sys.stdout, indent=None, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

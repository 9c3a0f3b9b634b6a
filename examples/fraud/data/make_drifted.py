#!/usr/bin/env python3
"""Writes drifted.csv: traffic that has moved away from the training sample (sample.csv).

Rows are drawn (seeded) from sample.csv, then the merchant mix shifts towards online categories
and amounts grow by about 60 %, as after a change of customer base. Standard library only:
    python3 examples/fraud/data/make_drifted.py
"""
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(18)

with open(os.path.join(HERE, "sample.csv"), newline="") as f:
    reader = csv.DictReader(f)
    fields = reader.fieldnames
    rows = list(reader)

# merchant categories 4 and 5 become three times as frequent as in the training sample
weights = [3.0 if r["merchant_category"] in ("4", "5") else 1.0 for r in rows]
out = []
for r in rng.choices(rows, weights=weights, k=2000):
    r = dict(r)
    factor = rng.lognormvariate(0.47, 0.2)
    r["amount"] = "%.2f" % (float(r["amount"]) * factor)
    r["amount_to_user_mean"] = "%.3f" % (float(r["amount_to_user_mean"]) * factor)
    out.append(r)

with open(os.path.join(HERE, "drifted.csv"), "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(out)

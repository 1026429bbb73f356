#!/usr/bin/python3
"""Cross-check of Hashiya's Cohen's kappa over code points against scikit-learn's
cohen_kappa_score, a reference implementation (Debian: apt-get install python3-sklearn).

Writes test/fixtures/agreement/kappa-sklearn.json: random cases (two annotators' spans of several
labels, overlapping and nested, on texts of 1..300 code points) with the kappa scikit-learn gives
for the per-code-point categories, and per label for "this label" against "not this label" (the labels covering a code point, sorted and joined with '+',
or 'none': the categories src/core/agreement/cohenKappa.ts uses). The unit test
test/unit/core/agreement/cohenKappa.test.ts reads the file; this script is run by hand, never by
the tests (they must not need Python). Usage: /usr/bin/python3 scripts/crossCheck/kappaSklearn.py
"""
import json
import math
import os
import random

import sklearn
from sklearn.metrics import cohen_kappa_score

LABELS = ['claim', 'actor', 'date']


def random_spans(rng, length):
    spans = []
    for _ in range(rng.randint(0, 6)):
        start = rng.randint(0, length - 1)
        end = rng.randint(start + 1, min(length, start + 1 + rng.randint(1, 40)))
        spans.append([start, end, rng.choice(LABELS)])
    return spans


def categories(spans, length):
    cats = []
    for i in range(length):
        labels = sorted({label for start, end, label in spans if start <= i < end})
        cats.append('+'.join(labels) if labels else 'none')
    return cats


def main():
    rng = random.Random(20261203)
    cases = []
    while len(cases) < 200:
        length = rng.randint(1, 300)
        a = random_spans(rng, length)
        b = a if rng.random() < 0.05 else random_spans(rng, length)
        ca, cb = categories(a, length), categories(b, length)
        with_warnings = cohen_kappa_score(ca, cb)
        kappa = None if math.isnan(with_warnings) else float(with_warnings)
        per_label = {}
        for label in LABELS:
            la = ['x' if c != 'none' and label in c.split('+') else 'none' for c in ca]
            lb = ['x' if c != 'none' and label in c.split('+') else 'none' for c in cb]
            k = cohen_kappa_score(la, lb)
            per_label[label] = None if math.isnan(k) else float(k)
        cases.append({'length': length, 'a': a, 'b': b, 'kappa': kappa, 'perLabel': per_label})
    out = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'agreement', 'kappa-sklearn.json')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, 'w', encoding='utf-8') as f:
        json.dump({'source': f'scikit-learn {sklearn.__version__} cohen_kappa_score, '
                             'by scripts/crossCheck/kappaSklearn.py (seed 20261203)',
                   'cases': cases}, f, indent=0)
        f.write('\n')


if __name__ == '__main__':
    main()

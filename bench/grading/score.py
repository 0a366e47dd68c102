#!/usr/bin/env python3
"""Pearson r and RMSE of spar's reference-mode grades against human scores.

Usage: score.py INPUT.jsonl SPAR_OUTPUT.jsonl

Reports, overall and per split:
- spar: the score spar prints (its calibration constants were fitted on all of
  SAF, so this number is in-sample);
- cv: the same linear calibration refitted with 5-fold cross-validation grouped
  by question (no question's answers are in both the fit and the test), from
  the raw features spar prints: this is the honest held-out number;
- baseline: plain word coverage (share of the reference's distinct content
  words present in the answer).
"""
import json
import math
import random
import re
import sys

STOP = set("""a an the is are was were be been to of in on for it its that this these those we
you i they if when so and or but with by as at then can will would should could do does did have
has had which what there from your our their them into than only just also how why any all each
such very more most some other about over up out not no""".split())


def pearson(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sx = math.sqrt(sum((x - mx) ** 2 for x in xs))
    sy = math.sqrt(sum((y - my) ** 2 for y in ys))
    return sxy / (sx * sy) if sx and sy else 0.0


def rmse(xs, ys):
    return math.sqrt(sum((x - y) ** 2 for x, y in zip(xs, ys)) / len(xs))


def words(s):
    return {w for w in re.findall(r"[a-z0-9]+", s.lower()) if w not in STOP}


def baseline(item):
    best = 0.0
    ans = words(item["answer"])
    for ref in item["reference"]:
        r = words(ref)
        if r:
            best = max(best, len(r & ans) / len(r))
    return best


def features(out):
    """The features spar's C++ calibration uses (src/assess/reference.cpp)."""
    cov = out["coverage"]
    n = out["clarity"]["words"]
    reasoning = sum(d["score"] for d in out["reasoning"].values()) / 18.0
    return [cov, math.sqrt(cov), math.log1p(n), reasoning, 1.0 if n < 3 else 0.0, 1.0]


def least_squares(rows, ys):
    n = len(rows[0])
    m = [[sum(r[i] * r[j] for r in rows) + (1e-6 if i == j else 0.0) for j in range(n)]
         for i in range(n)]
    v = [sum(r[i] * y for r, y in zip(rows, ys)) for i in range(n)]
    for i in range(n):
        p = max(range(i, n), key=lambda k: abs(m[k][i]))
        m[i], m[p] = m[p], m[i]
        v[i], v[p] = v[p], v[i]
        for k in range(n):
            if k != i:
                f = m[k][i] / m[i][i]
                m[k] = [a - f * b for a, b in zip(m[k], m[i])]
                v[k] -= f * v[i]
    return [v[i] / m[i][i] for i in range(n)]


def main():
    items = [json.loads(line) for line in open(sys.argv[1])]
    outs = [json.loads(line) for line in open(sys.argv[2])]
    assert len(items) == len(outs), "one output line per input line"
    keep = [(it, out) for it, out in zip(items, outs) if "error" not in out]
    for it, out in zip(items, outs):
        if "error" in out:
            print("error:", out["error"], file=sys.stderr)
    xs = [features(o) for _, o in keep]
    hs = [it["human"] for it, _ in keep]
    qids = [it["question_id"] for it, _ in keep]
    questions = sorted(set(qids))
    random.Random(1).shuffle(questions)
    cv = [0.0] * len(keep)
    for k in range(5):
        test = set(questions[k::5])
        train = [j for j in range(len(keep)) if qids[j] not in test]
        w = least_squares([xs[j] for j in train], [hs[j] for j in train])
        for j in range(len(keep)):
            if qids[j] in test:
                cv[j] = min(1.0, max(0.0, sum(a * b for a, b in zip(w, xs[j]))))
    full = least_squares(xs, hs)
    print("calibration fitted on all data:", " ".join(f"{w:+.4f}" for w in full))
    rows = [(it["split"], it["human"], o["score"] / 100.0, c, baseline(it))
            for (it, o), c in zip(keep, cv)]

    def report(name, sel):
        h = [r[1] for r in sel]
        s = [r[2] for r in sel]
        c = [r[3] for r in sel]
        b = [r[4] for r in sel]
        print(f"{name:17s} n={len(sel):5d}  cv r={pearson(c, h):.3f} rmse={rmse(c, h):.3f}"
              f"   spar r={pearson(s, h):.3f} rmse={rmse(s, h):.3f}"
              f"   baseline r={pearson(b, h):.3f}")

    report("all", rows)
    for split in ("training", "unseen_answers", "unseen_questions"):
        report(split, [r for r in rows if r[0] == split])


if __name__ == "__main__":
    main()

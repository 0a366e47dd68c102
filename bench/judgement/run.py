#!/usr/bin/env python3
"""Judgement benchmark: is a sentence called wrong exactly when it is wrong?

Reads bench/judgement/sentences.tsv (question, label, text; label `ok` for a
correct sentence, often using a misconception's words, `wrong` for a wrong
claim worded freely), grades each sentence alone against its question with
`spar grade --batch`, and counts a "wrong" verdict when the grade lists a
misconception (a red flag or a wrong claim) that was not taken back.

Every second sentence of each question and label (the 2nd, 4th, ... correct
one and the 2nd, 4th, ... wrong one) is held out: it was
written with the rest before any tuning and is scored only when asked for
(--split held or all). Mistakes are printed for the dev half only.

Usage: bench/judgement/run.py [--split dev|held|all] [--show] [--spar PATH]
"""
import argparse, collections, json, os, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", ".."))


def load():
    rows, seen = [], collections.Counter()
    with open(os.path.join(here, "sentences.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            q, label, text = line.split("\t")
            assert label in ("ok", "wrong"), line
            seen[q, label] += 1
            rows.append({"question": q, "label": label, "text": text,
                         "split": "held" if seen[q, label] % 2 == 0 else "dev"})
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=["dev", "held", "all"], default="dev")
    ap.add_argument("--show", action="store_true", help="print dev mistakes")
    ap.add_argument("--spar", default=os.path.join(root, "build", "spar"))
    args = ap.parse_args()
    rows = load()
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as tmp:
        for i, r in enumerate(rows):
            tmp.write(json.dumps({"id": i, "question": r["question"], "answer": r["text"]}) + "\n")
    out = subprocess.run([args.spar, "--bank", os.path.join(root, "bank"), "grade", "--batch",
                          tmp.name, "--format", "jsonl"], capture_output=True, text=True)
    os.unlink(tmp.name)
    results = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
    if len(results) != len(rows):
        sys.exit("spar returned %d results for %d sentences: %s" % (len(results), len(rows), out.stderr[:500]))
    for r, g in zip(rows, results):
        if "error" in g:
            sys.exit("sentence %r: %s" % (r["text"], g["error"]))
        flags = [f for f in g.get("red_flags", []) if not f.get("retracted")]
        r["called_wrong"] = bool(flags)
        r["flags"] = [f["id"] for f in flags]
    splits = ["dev", "held"] if args.split == "all" else [args.split]
    total = collections.Counter()
    for split in splits + (["all"] if args.split == "all" else []):
        sel = [r for r in rows if split == "all" or r["split"] == split]
        ok = [r for r in sel if r["label"] == "ok"]
        wrong = [r for r in sel if r["label"] == "wrong"]
        fp = sum(r["called_wrong"] for r in ok)
        tp = sum(r["called_wrong"] for r in wrong)
        called = fp + tp
        qs = len({r["question"] for r in sel})
        print("%-5s %3d sentences over %2d questions: correct called wrong %d/%d (%.1f %%), "
              "wrong claims caught %d/%d (%.1f %%), precision of 'wrong' %.1f %%"
              % (split, len(sel), qs, fp, len(ok), 100.0 * fp / max(1, len(ok)), tp, len(wrong),
                 100.0 * tp / max(1, len(wrong)), 100.0 * tp / max(1, called)))
    if args.show:
        for r in rows:
            if r["split"] != "dev":
                continue
            if r["label"] == "ok" and r["called_wrong"]:
                print("FALSE ALARM %s: %s  %s" % (r["question"], r["text"], r["flags"]))
            if r["label"] == "wrong" and not r["called_wrong"]:
                print("MISSED      %s: %s" % (r["question"], r["text"]))


if __name__ == "__main__":
    main()

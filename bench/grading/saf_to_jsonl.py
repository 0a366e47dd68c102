#!/usr/bin/env python3
"""Converts the SAF corpus (English XML) into spar's batch-grading JSONL.

One line per student answer: {"id", "question_id", "split", "reference",
"question_text", "answer", "human"}. Usage: saf_to_jsonl.py SAF_DIR > out.jsonl
"""
import json
import pathlib
import sys
import xml.etree.ElementTree as ET


def main():
    root = pathlib.Path(sys.argv[1])
    for split in ("training", "unseen_answers", "unseen_questions"):
        for path in sorted((root / split / "english").glob("*.xml")):
            q = ET.parse(path).getroot()
            qid = q.get("id")
            qtext = " ".join((q.findtext("questionText") or "").split())
            refs = [" ".join((r.text or "").split()) for r in q.iter("referenceAnswer")]
            for sa in q.iter("studentAnswer"):
                answer = (sa.findtext("response") or "").strip()
                score = sa.findtext("score")
                if score is None:
                    continue
                print(json.dumps({
                    "id": f"{split}/{sa.get('id')}",
                    "question_id": qid,
                    "split": split,
                    "question_text": qtext,
                    "reference": refs,
                    "answer": answer,
                    "human": float(score),
                }))


if __name__ == "__main__":
    main()

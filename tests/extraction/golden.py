"""The reduced view of an extraction that golden files hold (what a reviewer checks by eye)."""

from __future__ import annotations

from typing import Any

from planwatch.extraction.model import Extraction


def reduced(extraction: Extraction) -> dict[str, Any]:
    documents = []
    for document in extraction.to_json()["documents"]:
        documents.append(
            {
                "doc_id": document["doc_id"],
                "number": document["number"],
                "kind": document["kind"],
                "issued": document["issued"],
                "implements": document["implements"],
                "targets": [
                    [
                        t["indicator"],
                        t["comparator"],
                        t["value"],
                        t["unit"],
                        t["target_year"],
                        t["scope"],
                        t["responsible"],
                    ]
                    for t in document["targets"]
                ],
                "baselines": [[b["value"], b["unit"], b["year"]] for b in document["baselines"]],
                "reporting": [
                    [r["frequency"], r["deadline"], r["to"], r["via"]] for r in document["reporting"]
                ],
                "lead_agencies": [[a["agency"], a["role"]] for a in document["lead_agencies"]],
            }
        )
    return {"source_file": extraction.source_file, "documents": documents}


def dump(data: Any) -> str:
    """JSON with one item per line: arrays of plain values stay on one line, for readable diffs."""
    import json
    import re

    text = json.dumps(data, ensure_ascii=False, indent=1)
    flat = re.compile(r"\[\n\s*((?:[^\[\]{}\n]*,\n\s*)*[^\[\]{}\n]*)\n\s*\]")
    return (
        flat.sub(lambda m: "[" + " ".join(line.strip() for line in m.group(1).split("\n")) + "]", text) + "\n"
    )

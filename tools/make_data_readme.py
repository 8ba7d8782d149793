#!/usr/bin/env python3
"""Regenerate the generated parts of data/README.md from data/datapackage.json and the CSVs.

data/README.md is hand-written prose with generated blocks between marker comments:

    <!-- BEGIN GENERATED columns:NAME -->  ...  <!-- END GENERATED columns:NAME -->
    <!-- BEGIN GENERATED locators -->      ...  <!-- END GENERATED locators -->

`columns:NAME` becomes the column table of resource NAME (name, type, meaning), its keys and an
"Example" line filled from the first row of its CSV when the CSV exists and has rows.
`locators` becomes the table of source texts and notices with their paragraph counts from sources.csv.
`codes` becomes the coding rules for the claims' `type` and `implication` from claim_codes.csv, one table per
column in the order that settles ties.
Everything outside the markers is left as it is.

Usage:
    python tools/make_data_readme.py           # rewrite data/README.md in place
    python tools/make_data_readme.py --check   # exit 1 if data/README.md is out of date
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
README = DATA / "README.md"
BLOCK = re.compile(
    r"(<!-- BEGIN GENERATED (?P<key>[a-z_:]+) -->\n).*?(\n?<!-- END GENERATED (?P=key) -->)",
    re.S,
)
MAX_EXAMPLE_CHARS = 90


def cell(text: str) -> str:
    """Make text safe for one Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def type_of(field: dict) -> str:
    c = field.get("constraints") or {}
    parts = [field.get("type", "string")]
    if c.get("required"):
        parts.append("required")
    if "minimum" in c and "maximum" in c:
        parts.append(f"{c['minimum']}–{c['maximum']}")
    elif "minimum" in c:
        parts.append(f"≥ {c['minimum']}")
    elif "maximum" in c:
        parts.append(f"≤ {c['maximum']}")
    return ", ".join(parts)


def meaning_of(field: dict) -> str:
    c = field.get("constraints") or {}
    text = field.get("description", "")
    enum = c.get("enum")
    if enum and not all(f"`{v}`" in text for v in enum):
        text += " Allowed values: " + ", ".join(f"`{v}`" for v in enum) + "."
    if "pattern" in c:
        text += f" Pattern: `{c['pattern']}`."
    return text


def first_row(resource: dict) -> dict | None:
    path = DATA / resource["path"]
    if not path.exists():
        return None
    with path.open(encoding="utf-8", newline="") as f:
        return next(csv.DictReader(f), None)


def example_line(resource: dict) -> str:
    row = first_row(resource)
    if not row:
        return f"Example: none yet (`{resource['path']}` has no rows)."
    parts = []
    for field in resource["schema"]["fields"]:
        value = row.get(field["name"], "")
        if value == "":
            continue
        if len(value) > MAX_EXAMPLE_CHARS:
            value = value[: MAX_EXAMPLE_CHARS - 1].rstrip() + "…"
        parts.append(f"`{field['name']}` = {value.replace('`', chr(39))}")
    return f"Example (first row of `{resource['path']}`): " + "; ".join(parts) + "."


def columns_block(resource: dict) -> str:
    schema = resource["schema"]
    lines = ["| column | type | meaning |", "|---|---|---|"]
    for field in schema["fields"]:
        lines.append(f"| `{field['name']}` | {cell(type_of(field))} | {cell(meaning_of(field))} |")
    lines.append("")
    pk = schema.get("primaryKey")
    if pk:
        pk = [pk] if isinstance(pk, str) else pk
        lines.append("Primary key (unique per row): " + ", ".join(f"`{k}`" for k in pk) + ".")
    for fk in schema.get("foreignKeys", []):
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        lines.append(
            "Links: "
            + ", ".join(f"`{f}`" for f in fields)
            + f" must name a row of `{ref['resource'] or resource['name']}` (its "
            + ", ".join(f"`{f}`" for f in ref_fields)
            + ")."
        )
    lines.append("")
    lines.append(example_line(resource))
    return "\n".join(lines)


def locators_block() -> str:
    path = DATA / "sources.csv"
    lines = ["| id | kind | numbered paragraphs or posts | locator form |", "|---|---|---|---|"]
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row.get("kind") not in ("source-text", "notice"):
                continue
            n = row.get("paragraphs", "")
            if not n:
                form, n = "cite one of its versions (rows whose `work` is this id)", "—"
            elif row["id"] == "gabuev-2019-thread":
                form = f"`{row['id']} post 1` … `post {n}`"
            else:
                form = f"`{row['id']} ¶1` … `¶{n}`"
            lines.append(f"| `{row['id']}` | {row['kind']} | {n} | {form} |")
    return "\n".join(lines)


def codes_block() -> str:
    """The coding rules of claim_codes.csv: one table per coded column, in tie-breaking order."""
    with (DATA / "claim_codes.csv").open(encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: (r["column"] != "type", int(r["order"])))
    lines = []
    for column in dict.fromkeys(r["column"] for r in rows):
        lines += [
            f"**`{column}`** (a claim that fits two codes gets the one higher in this table):",
            "",
            "| code | meaning | how to decide |",
            "|---|---|---|",
        ]
        lines += [
            f"| `{r['code']}` | {cell(r['meaning'])} | {cell(r['rule'])} |" for r in rows if r["column"] == column
        ]
        lines.append("")
    return "\n".join(lines).rstrip()


def render(text: str, package: dict) -> str:
    resources = {r["name"]: r for r in package["resources"]}

    def replace(m: re.Match) -> str:
        key = m.group("key")
        if key == "locators":
            body = locators_block()
        elif key == "codes":
            body = codes_block()
        elif key.startswith("columns:") and key.split(":", 1)[1] in resources:
            body = columns_block(resources[key.split(":", 1)[1]])
        else:
            raise SystemExit(f"data/README.md: unknown generated block {key!r}")
        return m.group(1) + body + "\n" + m.group(3).lstrip("\n")

    out = BLOCK.sub(replace, text)
    missing = [n for n in resources if f"<!-- BEGIN GENERATED columns:{n} -->" not in out]
    if missing:
        raise SystemExit("data/README.md has no column block for: " + ", ".join(missing))
    return out


def main(argv: list[str]) -> int:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    current = README.read_text(encoding="utf-8")
    new = render(current, package)
    if "--check" in argv:
        if new != current:
            print("data/README.md is out of date: run python tools/make_data_readme.py")
            return 1
        print("data/README.md is up to date")
        return 0
    if new != current:
        README.write_text(new, encoding="utf-8")
        print("data/README.md regenerated")
    else:
        print("data/README.md already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

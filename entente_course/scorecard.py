"""The forecast scorecard: every forecast in the texts beside its verdict and the dated events that decide it.

The verdicts are data (``data/forecast_verdicts.csv``), so a lesson shows them with one call and a student
who disagrees can point to the row and the evidence. The rules a verdict must obey (an undated or hedged
forecast is never a miss; a decided verdict names its evidence) are checked here and in the tests.
"""

from __future__ import annotations

import pandas as pd

from . import data

__all__ = ["DATE_COLUMNS", "evidence", "problems", "scorecard", "summary"]

VERDICTS = ("hit", "partly", "miss", "open")
# The column that dates each table a verdict may cite.
DATE_COLUMNS = {"events": "date", "exercises": "start_date", "mechanisms": "date", "arms_transfers": "delivery_start"}
_DESCRIBE = {"events": "event", "exercises": "name", "mechanisms": "name", "arms_transfers": "system"}
_FORMAT = {"day": "%d %b %Y", "month": "%b %Y", "year": "%Y"}


def _refs(text) -> list[tuple[str, str]]:
    if text is None or pd.isna(text):
        return []
    return [(table, row) for table, _, row in (ref.partition(":") for ref in str(text).split())]


def evidence(claim_id: str | None = None) -> pd.DataFrame:
    """The rows each verdict cites: claim, table, id, date, what, source (one row per citation)."""
    verdicts = data.load("forecast_verdicts")
    if claim_id is not None:
        verdicts = verdicts[verdicts["claim"] == claim_id]
    out = []
    for row in verdicts.itertuples(index=False):
        for table, row_id in _refs(row.evidence):
            cited = data.load(table).set_index("id").loc[row_id]
            if table == "arms_transfers":
                when = str(int(cited["delivery_start"])) if pd.notna(cited["delivery_start"]) else ""
            else:
                precision = cited.get("date_precision", "day")
                date = pd.Timestamp(cited[DATE_COLUMNS[table]])
                when = date.strftime(_FORMAT.get(precision if pd.notna(precision) else "day", "%d %b %Y"))
            out.append(
                {
                    "claim": row.claim,
                    "table": table,
                    "id": row_id,
                    "date": when,
                    "what": cited[_DESCRIBE[table]],
                    "source": cited["source"],
                }
            )
    return pd.DataFrame(out, columns=["claim", "table", "id", "date", "what", "source"])


def scorecard() -> pd.DataFrame:
    """Every forecast claim with its author, locator, horizon, hedge, verdict, reason and cited evidence."""
    claims = data.load("claims")
    forecasts = claims[claims["type"] == "forecast"][["id", "author", "source", "locator", "claim"]]
    verdicts = data.load("forecast_verdicts").rename(columns={"claim": "id"})
    table = forecasts.merge(verdicts, on="id", how="left")
    table = table.rename(columns={"claim": "forecast"})
    return table[
        ["id", "author", "source", "locator", "forecast", "horizon", "hedged", "verdict", "reason", "evidence"]
    ].reset_index(drop=True)


def summary() -> pd.DataFrame:
    """How many forecasts of each text got each verdict (a count, not a grade of the authors)."""
    table = scorecard()
    counts = table.groupby(["source", "verdict"]).size().unstack(fill_value=0)
    return counts.reindex(columns=[v for v in VERDICTS if v in counts.columns])


def problems() -> list[str]:
    """Every way the verdicts break the scorecard's rules (an empty list when they keep them)."""
    found = []
    claims = data.load("claims")
    verdicts = data.load("forecast_verdicts")
    forecast_ids = set(claims.loc[claims["type"] == "forecast", "id"])
    judged = set(verdicts["claim"])
    found += [f"{c}: a forecast without a verdict" for c in sorted(forecast_ids - judged)]
    found += [f"{c}: a verdict for a claim that is not a forecast" for c in sorted(judged - forecast_ids)]
    for row in verdicts.itertuples(index=False):
        checked = pd.Timestamp(row.checked_to)
        if row.verdict == "miss" and (bool(row.hedged) or pd.isna(row.horizon) or pd.Timestamp(row.horizon) > checked):
            found.append(f"{row.claim}: a miss must be unhedged with a horizon that has passed; make it open")
        if row.verdict in ("hit", "partly", "miss") and not _refs(row.evidence):
            found.append(f"{row.claim}: a {row.verdict} must name the rows that decide it")
        for table, row_id in _refs(row.evidence):
            if table not in DATE_COLUMNS:
                found.append(f"{row.claim}: cites {table}:{row_id}, but only {', '.join(DATE_COLUMNS)} can decide")
                continue
            rows = data.load(table).set_index("id")
            if row_id not in rows.index:
                found.append(f"{row.claim}: cites {table}:{row_id}, which does not exist")
            elif pd.isna(rows.loc[row_id, DATE_COLUMNS[table]]) or pd.isna(rows.loc[row_id, "source"]):
                found.append(f"{row.claim}: cites {table}:{row_id}, which has no date or no source")
            elif (
                pd.Timestamp(rows.loc[row_id, DATE_COLUMNS[table]]) > checked
                if table != "arms_transfers"
                else int(rows.loc[row_id, DATE_COLUMNS[table]]) > checked.year
            ):
                found.append(f"{row.claim}: cites {table}:{row_id}, dated after {row.checked_to:%Y-%m-%d}")
    return found

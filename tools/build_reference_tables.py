"""Build the course's reference tables from the extracts in ``../shared/reference/``.

Writes five tables to ``data/``: ``arms_tiv.csv``, ``milex.csv``, ``vetoes.csv``,
``alliance_coding.csv`` and ``trade.csv``, each shaped to its resource in
``data/datapackage.json``. The extracts are selected and reshaped, never copied.

Usage (from the repository root)::

    python tools/build_reference_tables.py [--reference DIR] [--out DIR]

The source rows the tables cite (ids in ``SOURCE_*`` below) live in
``data/sources.csv``; this script does not write that file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPO_ROOT.parent / "shared" / "reference"
DEFAULT_OUT = REPO_ROOT / "data"

ARMS_FILE = "sipri-arms-transfers-2000-2023-china-india-vietnam.csv"
MILEX_FILE = "sipri-milex-selected-1949-2023.csv"
VETO_FILE = "unsc-vetoes-1946-2022.csv"
ALLIANCE_FILE = "alliance-coding-china-russia.csv"
TRADE_FILE = "cow-trade-china-russia.csv"

SOURCE_ARMS = "sipri-arms-transfers-2025"
SOURCE_MILEX = "sipri-milex-2024"
SOURCE_VETOES = "un-dhl-vetoes"
SOURCE_ATOP = "atop-v5"
SOURCE_COW_ALLIANCE = "cow-alliance-v4.1"
SOURCE_COW_TRADE = "cow-trade-v4"

ARMS_YEARS = range(2000, 2024)
# Dyads the register extract holds completely for 2000-2023 (see the reference README),
# so years without deliveries are true zeros.
ZERO_FILL_DYADS = [("Russia", "China"), ("Russia", "India"), ("Russia", "Viet Nam")]

MILEX_YEARS = range(1988, 2024)
MILEX_COUNTRIES = {  # SIPRI name -> course name; USSR rows are left out on purpose
    "China": "China",
    "Russia": "Russia",
    "United States of America": "United States",
    "India": "India",
    "Japan": "Japan",
}

# Trade after COW's last year (2014): only figures a named public source gives.
# (year, total in current US$ millions, qualifier, source id, note)
TRADE_LATER: list[tuple[int, float, str, str, str]] = [
    (
        2018,
        100_000.0,
        "more than",
        "rt-2019-01-10-china-russia-trade",
        "China's Ministry of Commerce (spokesman Gao Feng): trade passed US$100 billion in "
        "mid-December 2018, the first time. Direction flows not given; not comparable with COW.",
    ),
    (
        2021,
        146_900.0,
        "exact",
        "cnbc-2022-02-25-china-russia-trade",
        "US$146.9 billion, a record, citing China's customs agency. Direction flows not "
        "given; Chinese customs data, not comparable with COW.",
    ),
    (
        2022,
        190_000.0,
        "about",
        "reuters-2023-01-13-china-russia-trade",
        "Reuters reporting China's General Administration of Customs: 1.28 trillion yuan, "
        "about US$190 billion, a record. Direction flows not given; not comparable with COW.",
    ),
]


def read_extract(path: Path, **kwargs: object) -> pd.DataFrame:
    """Read a reference CSV whose first line is a ``#`` comment."""
    return pd.read_csv(path, skiprows=1, **kwargs)


def build_arms_tiv(ref: Path) -> pd.DataFrame:
    """Sum SIPRI TIV deliveries per supplier, recipient and year.

    Keeps Russia to China, India and Viet Nam and every supplier to China; fills zero
    rows for the Russian dyads in years without deliveries.
    """
    a = read_extract(ref / ARMS_FILE)
    # 'TIV delivery values' is numbers delivered x TIV deal unit for that delivery year.
    check = a["Numbers delivered"] * a["TIV deal unit"] - a["TIV delivery values"]
    assert (check.abs() < 1e-6).all(), "TIV delivery values != numbers x unit TIV"
    a = a[(a["Recipient"] == "China") | (a["Supplier"] == "Russia")]
    a = a[a["Delivery year"].between(ARMS_YEARS.start, ARMS_YEARS.stop - 1)]
    out = (
        a.groupby(["Supplier", "Recipient", "Delivery year"], as_index=False)["TIV delivery values"]
        .sum()
        .rename(
            columns={
                "Supplier": "supplier",
                "Recipient": "recipient",
                "Delivery year": "year",
                "TIV delivery values": "tiv",
            }
        )
    )
    full = pd.DataFrame(
        [(s, r, y) for s, r in ZERO_FILL_DYADS for y in ARMS_YEARS],
        columns=["supplier", "recipient", "year"],
    )
    out = out.merge(full, on=["supplier", "recipient", "year"], how="outer")
    out["tiv"] = out["tiv"].fillna(0.0).round(4)
    out["source"] = SOURCE_ARMS
    return out.sort_values(["supplier", "recipient", "year"]).reset_index(drop=True)


def build_milex(ref: Path) -> pd.DataFrame:
    """Military spending (constant 2022 US$ m, share of GDP) of five countries, 1988-2023."""
    m = read_extract(ref / MILEX_FILE)
    m = m[m["country"].isin(MILEX_COUNTRIES.keys())].copy()
    m["country"] = m["country"].map(MILEX_COUNTRIES)
    sheets = {"Constant (2022) US$": "usd_constant_2022_m", "Share of GDP": "share_of_gdp"}
    unknown = set(m["sheet"]) - set(sheets)
    assert not unknown, f"unexpected sheets: {unknown}"
    m["measure"] = m["sheet"].map(sheets)
    wide = m.pivot_table(index=["country", "year"], columns="measure", values="value", aggfunc="first")
    grid = pd.MultiIndex.from_product([list(MILEX_COUNTRIES.values()), list(MILEX_YEARS)], names=["country", "year"])
    out = wide.reindex(grid).reset_index()
    out = out[["country", "year", "usd_constant_2022_m", "share_of_gdp"]]
    out["usd_constant_2022_m"] = out["usd_constant_2022_m"].round(3)
    out["share_of_gdp"] = out["share_of_gdp"].round(6)
    out["source"] = SOURCE_MILEX
    return out


def _members(row: pd.Series) -> list[str]:
    """The permanent members that cast the veto, in the file's order."""
    return [row[c].strip() for c in ("member_veto1", "member_veto2", "member_veto3") if row[c].strip()]


def build_vetoes(ref: Path) -> tuple[pd.DataFrame, dict[str, int]]:
    """Vetoes cast by China or Russia/USSR, flags recomputed from member_veto1-3.

    Returns the table and counts of the file's wrong flags among the kept rows.
    """
    v = read_extract(ref / VETO_FILE, dtype=str, keep_default_na=False)
    v["members"] = v.apply(_members, axis=1)
    v["china"] = v["members"].apply(lambda ms: "China" in ms)
    v["russia"] = v["members"].apply(lambda ms: "Russia" in ms or "USSR" in ms)
    v["joint"] = v["china"] & v["russia"]
    v = v[v["china"] | v["russia"]].copy()

    file_china = v["China"] == "1"
    file_russia = (v["Russia"] == "1") | (v["USSR"] == "1")
    file_joint = v["russia_china"] == "1"
    wrong = {
        "china": int((file_china != v["china"]).sum()),
        "russia": int((file_russia != v["russia"]).sum()),
        "joint": int((file_joint != v["joint"]).sum()),
    }
    wrong["rows"] = int(((file_china != v["china"]) | (file_russia != v["russia"]) | (file_joint != v["joint"])).sum())

    date = pd.to_datetime(v["date"], format="%m/%d/%Y")
    assert (date.dt.year == v["year"].astype(int)).all(), "year disagrees with date"
    meeting = v["meeting_record"].str.split().str.join(" ")
    draft = v["draft"].str.split().str.join(" ")
    base = meeting + " " + draft
    n = base.groupby(base).cumcount() + 1
    vid = base.where(n == 1, base + " #" + n.astype(str))
    out = pd.DataFrame(
        {
            "id": vid,
            "date": date.dt.strftime("%Y-%m-%d"),
            "year": v["year"].astype(int),
            "draft": draft,
            "topic": v["crisis_topic"].str.strip().replace({"Malasyia": "Malaysia"}),
            "region": v["region"].str.strip(),
            "vetoed_by": v["members"].str.join("; "),
            "china": v["china"].map({True: "true", False: "false"}),
            "russia": v["russia"].map({True: "true", False: "false"}),
            "joint": v["joint"].map({True: "true", False: "false"}),
            "source": SOURCE_VETOES,
        }
    )
    assert out["id"].is_unique
    return out.reset_index(drop=True), wrong


def _bool(series: pd.Series) -> pd.Series:
    """0/1 flags as 'true'/'false' strings."""
    return series.astype(int).map({1: "true", 0: "false"})


def build_alliance_coding(ref: Path) -> pd.DataFrame:
    """One row per dataset and year in which ATOP v5 or COW v4.1 codes an obligation."""
    a = read_extract(ref / ALLIANCE_FILE)
    atop_cols = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    cow_cols = ["cow_defense", "cow_neutral", "cow_nonagg", "cow_entente"]

    atop = a[a[atop_cols].fillna(0).sum(axis=1) > 0]
    atop_out = pd.DataFrame(
        {
            "dataset": "ATOP v5",
            "year": atop["year"],
            "defense": _bool(atop["atop_defense"]),
            "offense": _bool(atop["atop_offense"]),
            "neutrality": _bool(atop["atop_neutral"]),
            "nonaggression": _bool(atop["atop_nonagg"]),
            "consultation": _bool(atop["atop_consul"]),
            "entente": "",
            "source": SOURCE_ATOP,
        }
    )
    cow = a[a[cow_cols].notna().all(axis=1) & (a[cow_cols].fillna(0).sum(axis=1) > 0)]
    cow_out = pd.DataFrame(
        {
            "dataset": "COW v4.1",
            "year": cow["year"],
            "defense": _bool(cow["cow_defense"]),
            "offense": "",
            "neutrality": _bool(cow["cow_neutral"]),
            "nonaggression": _bool(cow["cow_nonagg"]),
            "consultation": "",
            "entente": _bool(cow["cow_entente"]),
            "source": SOURCE_COW_ALLIANCE,
        }
    )
    return pd.concat([atop_out, cow_out], ignore_index=True)


def build_trade(ref: Path) -> pd.DataFrame:
    """China-Russia trade: COW Trade v4 to 2014, later years from named sources."""
    t = read_extract(ref / TRADE_FILE)
    assert ((t["ccode1"] == 365) & (t["ccode2"] == 710)).all(), "unexpected dyad order"
    flow1 = t["flow1"].where(t["flow1"] >= 0)  # Russia's imports from China
    flow2 = t["flow2"].where(t["flow2"] >= 0)  # China's imports from Russia
    zero = (flow1 == 0) & (flow2 == 0)
    cow = pd.DataFrame(
        {
            "year": t["year"].astype(int),
            "russia_imports_from_china_m": flow1,
            "china_imports_from_russia_m": flow2,
            "total_m": flow1 + flow2,  # NaN unless both flows are known
            "qualifier": "exact",
            "source": SOURCE_COW_TRADE,
            "note": "",
        }
    )
    cow.loc[zero & (t["year"] >= 1950).values, "note"] = (
        "COW records zero trade in both directions. The course has no second source for these "
        "years, so treat the zeros with caution: they may be gaps in COW's sources."
    )
    later = pd.DataFrame(
        [
            {
                "year": y,
                "russia_imports_from_china_m": float("nan"),
                "china_imports_from_russia_m": float("nan"),
                "total_m": total,
                "qualifier": q,
                "source": src,
                "note": note,
            }
            for y, total, q, src, note in TRADE_LATER
        ]
    )
    out = pd.concat([cow, later], ignore_index=True)
    assert out["year"].is_unique
    return out.sort_values("year").reset_index(drop=True)


def write(df: pd.DataFrame, path: Path) -> None:
    """Write a table as UTF-8 CSV with blanks for missing values."""
    df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n", float_format="%.10g")


def main(argv: list[str] | None = None) -> None:
    """Build and write the five tables; print row counts and the veto-flag check."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE, help="reference folder")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (data/)")
    args = p.parse_args(argv)
    ref: Path = args.reference
    out: Path = args.out

    vetoes, wrong = build_vetoes(ref)
    tables = {
        "arms_tiv": build_arms_tiv(ref),
        "milex": build_milex(ref),
        "vetoes": vetoes,
        "alliance_coding": build_alliance_coding(ref),
        "trade": build_trade(ref),
    }
    for name, df in tables.items():
        write(df, out / f"{name}.csv")
        print(f"{name}: {len(df)} rows")
    print(f"veto flags wrong in the file (kept rows): {wrong}")


if __name__ == "__main__":
    main()

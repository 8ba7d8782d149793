"""Exercises of lesson 00 (start here)."""
from .. import data
from ..checks import exercise


@exercise("00.1", "How many tables does the course's data package have? (a number)",
          hint="data.tables() gives a list of the table names; len(...) counts the items of a list.")
def _number_of_tables():
    return len(data.tables())


@exercise("00.2", "How many rows of the sources table have the kind 'source-text'? (a number)",
          hint="Load the table with data.load(\"sources\"), compare the kind column with \"source-text\", "
               "then add up the True values with .sum().")
def _number_of_source_texts():
    sources = data.load("sources")
    return int((sources["kind"] == "source-text").sum())


@exercise("00.3", "In which year did the earliest event of the events table happen? (a number)",
          hint="The events table has a year column; .min() gives its smallest value. Wrap it in int(...).")
def _earliest_event_year():
    events = data.load("events")
    return int(events["year"].min())

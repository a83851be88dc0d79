"""Statistics for funders and decision-makers: exact counts from public columns, protected
against disclosure of small counts (control.py) for every caller without the right to exact
counts, and served as `statistics` (queries/statistics.py)."""

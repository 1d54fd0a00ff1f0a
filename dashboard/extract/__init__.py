"""Report files -> tables, one module per stage. The stages, in the order a build runs them:

Each report alone (report.py; cached per report by cache.py):
1. ingest      decode the bytes, refuse what is not a report, blank HTML markup (offsets kept)
2. furniture   blank page furniture: bylines' neighbours, share buttons, banners, captions
3. articles    headline, outlet, publication date from the report's own evidence
4. places      place names, through the gazetteer (gazetteer.py; vocab/)
5. dates       date expressions and the direction of their tense
6. figures     numbers that count something, with subject, qualifier, outcome, claimant, place
7. movements   where people leave from and go to

The corpus (corpus.py):
8. publication dates inferred from the dated reports of the same episode, where a report gives none (episodes.py)
9. events      date expressions resolved against each report's publication date
10. claims     figures of different reports that measure the same thing, grouped
11. the places, warnings and other tables, counted over the corpus

pipeline.py runs them in order (build, and add_reports for the app's uploads); sources.py reads
an analyst's sources.csv; text.py and numbers.py are shared by the stages; vocab/ holds the cited
word lists. The tables are written by dashboard/tables.py.
"""

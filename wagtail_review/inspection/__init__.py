"""Self-inspection (自查, Art. 11; the national inspection's single-veto indicators).

Every day the site asks itself what a national spot-check would ask: is the
homepage fresh, are the news, notice and policy columns updated within their
limits, are columns empty, are consultations unanswered for three months, are
there serious wording errors, dead links, pages without a publish date. Each
indicator has its threshold (``WAGTAIL_REVIEW_INSPECTION_THRESHOLDS``), and each
red item names the unit and the people who must act, with a link to where they
act (``indicators``). The information centre registers which pages are columns
and of what kind (``models.Column``); each unit keeps its release catalogue with
its time limits (``catalogue``); the daily result is kept and whoever must act is
told (``daily``).
"""

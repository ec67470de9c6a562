"""Indicator codes: the stable name of an indicator within its plan (`Indicator.code`, the
`code` of indicators.yaml). A name can be reworded by the secretariat; the code stays, so the
program finds an indicator by its code, never by its name (docs/plan-package.md).

The codes below are the ones the program itself relies on. A plan package that wants an
indicator counted by the program gives it the code named here."""

import re

# Lower-case ASCII letters, digits and underscores, starting with a letter (anchored: the
# model's RegexValidator searches).
PATTERN = re.compile(r"\A[a-z][a-z0-9_]{0,49}\Z")
MAX_LENGTH = 50

# 参考指標 of 第4章第3節: counted from the issues of the job magazine (employment.magazine.services).
JOB_MAGAZINE_POSTINGS = "job_magazine_postings"


def is_valid(code: str) -> bool:
    return isinstance(code, str) and bool(PATTERN.match(code))


# 参考指標 of 第4章第1節: counted from the campaign events (campaigns.events.indicator).
CAMPAIGN_EVENT_PARTICIPANTS = "brighter_society_event_participants"
CAMPAIGN_RALLY_PARTICIPANTS = "brighter_society_rally_participants"
# 参考指標 of 第4章第1節: a survey figure (campaigns.AwarenessSurvey), typed with its source.
CAMPAIGN_AWARENESS = "brighter_society_awareness"
# 参考指標 of 第4章第1節: read from the statistics series of 保護司数 (表5).
PROBATION_OFFICERS = "volunteer_probation_officers"
# 参考指標 of 第4章第2節: a city survey figure; the housing outcomes of cases appear beside it.
HOUSING_SATISFACTION = "housing_satisfaction"

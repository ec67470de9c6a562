"""The fixed choice sets of employment (industries, offences, employment types, legal status)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Industry(models.TextChoices):
    """The seed's ten industries (表4 熊本市協力雇用主数), in its order."""

    CONSTRUCTION = "construction", _("建設業")
    MANUFACTURING = "manufacturing", _("製造業")
    FOOD_SERVICE = "food_service", _("飲食業")
    MEDICAL_WELFARE = "medical_welfare", _("医療福祉業")
    OTHER_SERVICES = "other_services", _("その他サービス業")
    WHOLESALE_RETAIL = "wholesale_retail", _("卸小売業")
    TRANSPORT = "transport", _("運送業")
    UTILITIES_WORK = "utilities_work", _("電気・ガス・水道工事")
    AGRICULTURE = "agriculture", _("農林漁業")
    OTHER = "other", _("その他")


class Offence(models.TextChoices):
    """Offence categories an employer may decline and a seeker's record may hold."""

    THEFT = "theft", _("窃盗")
    FRAUD = "fraud", _("詐欺・横領")
    DRUGS = "drugs", _("薬物")
    VIOLENCE = "violence", _("暴行・傷害")
    SEXUAL = "sexual", _("性犯罪")
    TRAFFIC = "traffic", _("交通事犯")
    ROBBERY = "robbery", _("強盗")
    HOMICIDE = "homicide", _("殺人")
    ARSON = "arson", _("放火")
    OTHER = "other", _("その他")


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", _("正社員")
    CONTRACT = "contract", _("契約社員")
    PART_TIME = "part_time", _("パート・アルバイト")
    DISPATCH = "dispatch", _("派遣")
    OTHER = "other", _("その他")


class LegalStatus(models.TextChoices):
    """A seeker's status; decides the employer's "probation / juveniles welcome" rules."""

    PROBATION = "probation", _("保護観察中")
    PAROLE = "parole", _("仮釈放中")
    RELEASED = "released", _("満期釈放")
    SUSPENDED = "suspended", _("執行猶予中")
    NOT_PROSECUTED = "not_prosecuted", _("起訴猶予")
    JUVENILE = "juvenile", _("少年（保護観察・少年院出院）")
    OTHER = "other", _("その他")

"""The workforce headcount table (ESR extract): counts of staff employed, by month, staff
group and NHS Data Dictionary ethnic category; nothing anyone answered.

Registered on storage.models.Base, which imports this module at its end."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base


class WorkforceHeadcount(Base):
    __tablename__ = "workforce_headcounts"
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    staff_group: Mapped[str] = mapped_column(String(32), primary_key=True)
    ethnic_category: Mapped[str] = mapped_column(String(1), primary_key=True)
    headcount: Mapped[int] = mapped_column(Integer)

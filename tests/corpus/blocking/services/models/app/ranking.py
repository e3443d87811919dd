"""A ranking model loaded lazily and scores kept in SQL, as ML services often write them."""

from functools import cached_property
from typing import Annotated

import joblib
from fastapi import APIRouter, Depends
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, sessionmaker

SessionLocal = sessionmaker()
router = APIRouter()


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


DbDep = Annotated[Session, Depends(get_db)]


class Ranker:
    def __init__(self, path):
        self.path = path

    @cached_property
    def model(self):
        return joblib.load(self.path)

    @property
    def name(self):
        return self.path.rsplit("/", 1)[-1]

    async def explain(self, rows):
        return {"model": self.name, "weights": self.model.coef_}  # expect: SC202


ranker = Ranker("/models/ranker.joblib")


@router.post("/rank")
async def rank(rows: list[float], db: DbDep):
    seen = db.execute(text("select id from ranked")).all()  # expect: SC201
    top = ranker.model.predict(rows)  # expect: SC202
    return {"model": ranker.name, "top": top.tolist(), "seen": len(seen)}


@router.post("/rank/plain")
def rank_in_a_thread(rows: list[float], db: DbDep):
    db.execute(text("insert into ranked values (1)"))
    db.commit()
    return ranker.model.predict(rows).tolist()


@router.get("/rank/history")
async def history(session: AsyncSession = Depends()):
    query = session.query(select(1))  # building a query runs nothing
    rows = (await session.execute(select(1))).all()
    return {"rows": len(rows), "query": str(query)}

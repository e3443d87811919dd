"""Infrastructure clients: sync drivers on async paths, and their async twins."""

import os
from urllib.request import urlopen

import boto3
import psycopg2
import redis
import redis.asyncio as aioredis
import requests


class Repository:
    @classmethod
    def _connect(cls):
        return psycopg2.connect("dbname=models")

    @classmethod
    async def count(cls) -> int:
        conn = psycopg2.connect("dbname=models")  # expect: SC201
        cur = conn.cursor()
        cur.execute("select count(*) from models")  # expect: SC201
        return cur.fetchone()[0]  # expect: SC201

    @classmethod
    async def reconnect(cls):
        return cls._connect()  # expect: SC202


async def ops(bucket: str) -> None:
    os.system("sync")  # expect: SC201
    urlopen("http://metadata/")  # expect: SC201
    s3 = boto3.client("s3")
    s3.get_object(Bucket=bucket, Key="model.bin")  # expect: SC201
    cache = redis.Redis()
    cache.get("model")  # expect: SC201
    acache = aioredis.Redis()
    await acache.get("model")
    answer = input("continue? ")  # expect: SC201
    return answer


async def parse_only(url: str) -> dict:
    # Not blocking: the response object's methods, once the (awaited, offloaded) call is done.
    import asyncio

    response = await asyncio.to_thread(requests.get, url)
    return response.json()

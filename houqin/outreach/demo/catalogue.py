"""Plausible catalogue records for the science-popularisation library: Chinese titles built
from subject words of the Chinese Library Classification class they belong to, authors,
publishers and valid ISBN-13s. Shared by the demo compound and the benchmark."""

from __future__ import annotations

import random

from houqin.core.demo import person_name

# class → (weight in a popular-science collection, subject words)
SUBJECTS = {
    "R": (
        18,
        [
            "高血压",
            "糖尿病",
            "颈椎病",
            "家庭急救",
            "合理用药",
            "中医养生",
            "心理健康",
            "儿童保健",
            "老年保健",
            "营养膳食",
            "睡眠",
            "慢性病",
            "传染病预防",
            "口腔保健",
        ],
    ),
    "S": (6, ["家庭园艺", "花卉栽培", "果树修剪", "蔬菜种植", "食用菌", "绿色农业"]),
    "T": (8, ["家用电器", "节能技术", "计算机", "网络安全", "智能手机", "电工常识", "汽车"]),
    "X": (7, ["环境保护", "垃圾分类", "节能减排", "防震减灾", "消防安全", "安全生产", "低碳生活"]),
    "Q": (6, ["昆虫", "鸟类", "植物", "遗传", "微生物", "恐龙", "海洋生物"]),
    "P": (5, ["天文", "气象", "地震", "地球", "星空", "气候变化"]),
    "O": (5, ["数学", "物理", "化学", "趣味数学", "光学", "电学"]),
    "N": (5, ["十万个为什么", "科学发现", "科学家", "科技发明", "自然科学"]),
    "I": (12, ["散文", "诗词", "小说", "科幻小说", "寓言", "传记"]),
    "K": (7, ["中国历史", "世界历史", "郴州地方史", "湖湘文化", "地理", "名胜古迹"]),
    "G": (7, ["家庭教育", "青少年科普", "体育锻炼", "太极拳", "读书方法", "科普活动"]),
    "D": (5, ["法律常识", "禁毒", "消费者权益", "劳动法", "婚姻家庭法", "廉政建设"]),
    "F": (4, ["家庭理财", "农村经济", "市场营销", "创业"]),
    "J": (3, ["书法", "国画", "摄影", "音乐欣赏"]),
    "H": (2, ["普通话", "英语口语", "汉字"]),
    "B": (2, ["哲学", "心理学", "伦理"]),
    "Z": (3, ["百科全书", "知识问答", "年鉴"]),
}
PATTERNS = [
    "{s}知识读本", "{s}百问百答", "图说{s}", "{s}入门", "{s}常识", "走近{s}", "{s}实用手册",
    "{s}科普丛书", "漫话{s}", "{s}与生活", "{s}指南", "家庭{s}全书", "{s}趣谈", "{s}小百科",
    "我们身边的{s}", "{s}基础", "{s}图解", "{s}新编", "{s}300问", "怎样学{s}",
]  # fmt: skip
SERIES = ["", "", "", "（修订版）", "（第二版）", "（上册）", "（下册）", "（插图本）"]
# (publisher, ISBN group-publisher digits after 978-7: three digits leave room for 100,000)
PUBLISHERS = [
    ("科学普及出版社", "110"), ("人民卫生出版社", "117"), ("人民文学出版社", "020"),
    ("商务印书馆", "100"), ("中国农业出版社", "109"), ("人民教育出版社", "107"),
    ("中华书局", "101"), ("清华大学出版社", "302"), ("电子工业出版社", "121"),
    ("化学工业出版社", "122"),
]  # fmt: skip
CLASSES = list(SUBJECTS)
WEIGHTS = [SUBJECTS[c][0] for c in CLASSES]


def isbn13(publisher: str, serial: int) -> str:
    """A valid ISBN-13 of a Chinese publisher (978-7-…) with its check digit."""
    body = f"9787{publisher}{serial % 100_000:05d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def author(rng: random.Random) -> str:
    """One author, or an editor with 主编, or two authors."""
    roll = rng.random()
    if roll < 0.55:
        return f"{person_name(rng)}著"
    if roll < 0.85:
        return f"{person_name(rng)}主编"
    return f"{person_name(rng)}，{person_name(rng)}编著"


def title(rng: random.Random, clc: str) -> str:
    """A title of class ``clc``."""
    subject = rng.choice(SUBJECTS[clc][1])
    return rng.choice(PATTERNS).format(s=subject) + rng.choice(SERIES)


def record(rng: random.Random, serial: int) -> dict:
    """The fields of one catalogue record; ``serial`` makes its ISBN unique."""
    clc = rng.choices(CLASSES, WEIGHTS)[0]
    publisher, code = PUBLISHERS[serial % len(PUBLISHERS)]
    return {
        "isbn": isbn13(code, serial // len(PUBLISHERS)),
        "title": title(rng, clc),
        "author": author(rng),
        "publisher": publisher,
        "published_year": rng.randint(1995, 2006),
        "clc_class": clc,
        "call_number": f"{clc}{rng.randint(1, 999)}/{serial % 97 + 1}",
    }

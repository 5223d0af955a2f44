"""Benchmark of `import_archive`: N generated Vietnamese archive records into a fresh database.

    python bench/import_archive.py --records 10000
    DATABASE_URL=postgres://site_lak@127.0.0.1:5433/site_lak_bench python bench/import_archive.py

Without DATABASE_URL it uses a new SQLite file in a temporary directory; with it, that database is
migrated and bootstrapped (use a database of your own: the import adds pages to it). The records
are generated from a small Vietnamese word list with a fixed seed, so every run imports the same
file. It prints its inputs, the machine, the total time, records per second and the median time of
each block of 1,000 records (docs/archive-import.md quotes its output).
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from machine import describe

PROJECT_DIR = Path(__file__).resolve().parent.parent

WORDS = (
    "học sinh giáo viên nhà trường phụ huynh lớp năm học kỳ thi tốt nghiệp tuyển sinh đoàn thanh niên hoạt động "
    "phong trào thi đua khen thưởng gương sáng vượt khó học tập rèn luyện đạo đức kết quả xuất sắc giỏi tỉnh "
    "huyện Lắk Đắk Lắk buôn làng dân tộc Ê Đê M'nông truyền thống văn hóa thể thao văn nghệ hội thao ngoại khóa "
    "chuyển đổi số cải cách hành chính kế hoạch thông báo quyết định hướng dẫn tổ chức triển khai thực hiện "
    "chương trình giáo dục phổ thông đổi mới sáng tạo thư viện phòng học bộ môn cơ sở vật chất an toàn trường học "
    "mùa hè tình nguyện hiến máu khuyến học học bổng hỗ trợ khó khăn cộng đồng tuyên truyền pháp luật giao thông "
    "sức khỏe tâm lý tư vấn hướng nghiệp đại học cao đẳng nghề nghiệp tương lai ước mơ nỗ lực cố gắng chăm chỉ "
    "tháng chín khai giảng bế giảng tổng kết sơ kết hội nghị cán bộ công chức viên chức chi bộ công đoàn"
).split()
CATEGORIES = ["policy", "traditions", "results", "competitions", "summer", "digital-transformation", "other"]
TYPE_SHARE = [("news", 0.6), ("policy", 0.15), ("person", 0.15), ("exam", 0.1)]
DOC_TYPES = [("Quyết định", "QĐ"), ("Kế hoạch", "KH"), ("Thông báo", "TB"), ("Công văn", "CV")]


def words(rng, low, high):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def sentence(rng, low=8, high=16):
    text = words(rng, low, high)
    return text[0].upper() + text[1:] + "."


def body(rng):
    return "".join(
        f"<p>{' '.join(sentence(rng) for _ in range(rng.randint(3, 6)))}</p>" for _ in range(rng.randint(3, 6))
    )


def generate(count, seed, types):
    """`count` records of the available types, deterministic for a seed."""
    rng = random.Random(seed)
    shares = [(kind, share) for kind, share in TYPE_SHARE if kind in types]
    kinds, weights = zip(*shares, strict=True)
    for number in range(count):
        kind = rng.choices(kinds, weights)[0]
        day = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(3650))
        title = sentence(rng, 8, 14).rstrip(".")
        record = {
            "type": kind,
            "slug": f"{kind}-{number:06d}",
            "title": title,
            "summary": sentence(rng, 20, 30),
            "body": body(rng),
        }
        if rng.random() < 0.03:
            record["locale"] = "en"
        if kind == "news":
            record.update(date=day.isoformat(), category=rng.choice(CATEGORIES), tags=[rng.choice(WORDS) for _ in "ab"])
        elif kind == "policy":
            type_name, code = rng.choice(DOC_TYPES)
            record.update(
                document_number=f"{number + 1}/{day.year}/{code}-THPTL",
                document_type=type_name,
                issuer="Trường THPT Lắk",
                issued_date=day.isoformat(),
                signer="Lê Văn Trị",
            )
        elif kind == "person":
            year = rng.randint(2015, 2024)
            record.update(
                role=rng.choice(["student", "teacher", "staff"]),
                school_year=f"{year}-{year + 1}",
                achievement=words(rng, 3, 6),
            )
        elif kind == "exam":
            year = rng.randint(2015, 2024)
            record.update(
                exam_date=day.isoformat(),
                registration_start=(day - datetime.timedelta(days=30)).isoformat(),
                registration_deadline=(day - datetime.timedelta(days=10)).isoformat(),
                school_year=f"{year}-{year + 1}",
            )
        yield record


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--chunk", type=int, default=1000, help="records per timed block (default 1000)")
    args = parser.parse_args()

    workdir = tempfile.TemporaryDirectory(prefix="bench-import-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_lak.settings.dev")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir.name}/bench.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", os.path.join(workdir.name, "media"))
    os.environ.setdefault("AUDIT_LOG_PATH", os.path.join(workdir.name, "audit.jsonl"))  # not the project's log
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DEBUG"] = "0"  # no per-query bookkeeping
    sys.path.insert(0, str(PROJECT_DIR))

    import django

    django.setup()
    import wagtail
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from core.archive.importer import ArchiveImporter
    from core.archive.records import archive_page_types
    from core.bootstrap import bootstrap

    call_command("migrate", verbosity=0)
    bootstrap()
    types = sorted(archive_page_types())
    path = Path(workdir.name) / "archive.jsonl"
    counts = {}
    with path.open("w", encoding="utf-8") as out:
        for record in generate(args.records, args.seed, types):
            counts[record["type"]] = counts.get(record["type"], 0) + 1
            out.write(json.dumps(record, ensure_ascii=False) + "\n")

    print("inputs:")
    mix = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
    print(f"  records: {args.records} ({mix}), seed {args.seed}")
    print(f"  file: {path.stat().st_size / 1e6:.1f} MB")
    print(f"  database: {connection.vendor}; search backend: {settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND']}")
    print(f"  Django {django.get_version()}, Wagtail {wagtail.__version__}")
    print(f"machine: {describe()}")

    started, cpu_started = time.perf_counter(), time.process_time()
    result = ArchiveImporter(checkpoint_every=args.chunk).run(path)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    loop = total - result.index_seconds
    blocks = [b - a for a, b in zip([0.0] + result.checkpoints, result.checkpoints, strict=False)]

    print("results:")
    print(f"  load average after the run: {', '.join(f'{value:.1f}' for value in os.getloadavg())}")
    print(f"  created {result.created}, updated {result.updated}, rejected {len(result.rejected)}")
    for number, reason in result.rejected[:5]:
        print(f"    line {number}: {reason}")
    if blocks:
        median, low, high = statistics.median(blocks), min(blocks), max(blocks)
        print(
            f"  chunks: {len(blocks)} of {args.chunk} records, median {median:.1f} s "
            f"(min {low:.1f}, max {high:.1f}) = {args.chunk / median:.1f} records/s"
        )
    print(f"  import loop: {loop:.1f} s ({result.lines / loop:.1f} records/s)")
    print(f"  search and reference indexing at the end: {result.index_seconds:.1f} s for {result.indexed} pages")
    print(f"  total: {total:.1f} s ({result.lines / total:.1f} records/s); CPU time of this process {cpu:.1f} s")
    workdir.cleanup()
    return 1 if result.rejected else 0


if __name__ == "__main__":
    sys.exit(main())

"""Scale benchmark of search: indexing throughput and query latency at 1k, 10k and 50k archived pages.

    python bench/search_scale.py                               # 1k, 10k, 50k on every backend
    python bench/search_scale.py --sizes 1000,10000 --backends opensearch --keep

Backends (each a database + search backend pair):
  sqlite      SQLite file, Wagtail's database backend (search_backends.DatabaseSearchBackend)
  postgres    PostgreSQL database `site_lak_scale`, the database backend
  opensearch  the same PostgreSQL database, OpenSearch at SEARCH_URL (default opensearch://127.0.0.1:9200),
              indexes prefixed `scale_`

The pages are generated Vietnamese archive records (news, policies with document numbers, exam notices,
people across school years and categories), deterministic for a seed, imported through
`core.archive.importer.ArchiveImporter`. Sizes grow incrementally (1k, then +9k, then +40k) in the same database.
At each size and for each backend: a full reindex (`update_index`, timed: objects per second), then
every query of QUERIES run through `search.query.run_search` as an anonymous visitor, sequentially,
after a warm-up, `--repeat` times (default 50): median and p95. It prints its inputs, the machine
(CPU count, load average beside every figure: the machine is shared), and the growth from the smallest
to the largest size, with the targets of issue #5 flagged PASS/FAIL.

Without `--keep` the generated databases and indexes are created afresh and dropped at the end; with
`--keep` they are reused (only the missing pages are generated) and kept. Each backend and size runs in
a child process of its own (Django is configured once per process); the one that finds its database
short of the size generates the missing pages.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from machine import describe, load_average

PROJECT_DIR = Path(__file__).resolve().parent.parent
WORK_DIR = Path(tempfile.gettempdir()) / "site_lak_search_scale"
POSTGRES_URL = os.environ.get("SCALE_DATABASE_URL", "postgres://site_lak@127.0.0.1:5433/site_lak_scale")
SEARCH_URL = os.environ.get("SCALE_SEARCH_URL", "opensearch://127.0.0.1:9200")
INDEX_PREFIX = "scale_"
SLUG_PREFIX = "scale-"
BACKENDS = ("sqlite", "postgres", "opensearch")
DEFAULT_SIZES = (1_000, 10_000, 50_000)
TARGET_QUERY = "two words, facets"
TARGETS = {"p95_ms": 50.0, "reindex_per_s": 300.0, "size": 50_000}

# --- generated Vietnamese archive -------------------------------------------------------------------

PLACES = ["buôn Ako Dhông", "xã Ea Kao", "huyện Lắk", "thị trấn Liên Sơn", "hồ Lắk", "buôn Jun", "xã Bông Krang"]
EVENTS = [
    "lễ khai giảng",
    "hội thao truyền thống",
    "ngày hội đọc sách",
    "tuần lễ hướng nghiệp",
    "chương trình hiến máu tình nguyện",
    "hội nghị cán bộ, viên chức",
    "lễ tri ân thầy cô nhân ngày Nhà giáo Việt Nam",
    "giải bóng đá học sinh",
    "hoạt động trải nghiệm",
    "tập huấn chuyển đổi số",
    "tuyên truyền an toàn giao thông",
    "lớp dạy bơi phòng chống đuối nước",
    "hội thi văn nghệ chào mừng ngày thành lập Đoàn",
    "buổi tư vấn tuyển sinh đại học",
    "lễ tổng kết năm học",
]
ACTIONS = [
    "Nhà trường đã phối hợp với Đoàn thanh niên tổ chức",
    "Ban giám hiệu chỉ đạo các tổ chuyên môn triển khai",
    "Học sinh các khối lớp 10, 11 và 12 tích cực tham gia",
    "Phụ huynh học sinh được mời dự và góp ý về",
    "Giáo viên chủ nhiệm thông báo tới từng lớp kế hoạch",
    "Ban truyền thông cập nhật trên trang thông tin điện tử",
]
DETAILS = [
    "nhằm nâng cao chất lượng giáo dục toàn diện cho học sinh",
    "theo đúng kế hoạch năm học đã được phê duyệt",
    "với sự tham gia của đông đảo học sinh dân tộc thiểu số",
    "góp phần xây dựng môi trường học đường an toàn, thân thiện",
    "thực hiện chương trình giáo dục phổ thông 2018",
    "trong không khí phấn khởi, đoàn kết",
    "bảo đảm an toàn tuyệt đối cho học sinh và giáo viên",
    "đáp ứng yêu cầu cải cách hành chính và chuyển đổi số",
]
SUBJECTS = ["Toán", "Ngữ văn", "Tiếng Anh", "Vật lí", "Hóa học", "Sinh học", "Lịch sử", "Địa lí", "Tin học"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "H'", "Y", "Ksor", "Niê"]
MIDDLE = ["Thị", "Văn", "Minh", "Ngọc", "Hữu", "Thanh", "Đức", "Thu"]
GIVEN = ["An", "Bình", "Hoa", "Khánh", "Linh", "Nhi", "Phúc", "Quân", "Thảo", "Trí", "Vy", "Blăk", "Hen", "Dung"]
CATEGORIES = ["policy", "traditions", "results", "competitions", "summer", "digital-transformation", "other"]
DOC_TYPES = [
    ("Quyết định", "QĐ"),
    ("Kế hoạch", "KH"),
    ("Thông báo", "TB"),
    ("Công văn", "CV"),
    ("Hướng dẫn", "HD"),
    ("Báo cáo", "BC"),
]
POLICY_TOPICS = [
    "tuyển sinh vào lớp 10",
    "thu học phí và các khoản thu",
    "công tác thi đua khen thưởng",
    "kiểm tra đánh giá học sinh",
    "phòng chống bạo lực học đường",
    "ứng dụng công nghệ thông tin trong dạy học",
    "dạy thêm học thêm",
    "chế độ chính sách cho học sinh dân tộc thiểu số",
    "công tác truyền thông giáo dục",
]
ISSUERS = ["Trường THPT Lắk", "Sở Giáo dục và Đào tạo Đắk Lắk", "UBND huyện Lắk"]
EXAMS = [
    "Thông báo lịch thi tốt nghiệp THPT",
    "Kế hoạch tuyển sinh vào lớp 10",
    "Lịch thi chọn học sinh giỏi cấp tỉnh",
    "Lịch kiểm tra cuối học kỳ I",
    "Lịch thi thử tốt nghiệp",
]
ACHIEVEMENTS = [
    "giải Nhất học sinh giỏi cấp tỉnh môn {subject}",
    "vượt khó học giỏi, đạt học bổng khuyến học",
    "giáo viên dạy giỏi cấp tỉnh môn {subject}",
    "tấm gương người tốt việc tốt trả lại của rơi",
    "thủ khoa khối A kỳ thi tốt nghiệp",
]
TYPE_SHARE = (("news", 0.55), ("policy", 0.2), ("person", 0.12), ("exam", 0.13))


def _school_year(rng):
    start = rng.randint(2014, 2025)
    return start, f"{start}-{start + 1}"


def _paragraphs(rng, topic, count):
    sentences = [
        f"{rng.choice(ACTIONS)} {topic} tại {rng.choice(PLACES)}, {rng.choice(DETAILS)}." for _ in range(count * 3)
    ]
    return "".join(f"<p>{' '.join(sentences[i : i + 3])}</p>" for i in range(0, len(sentences), 3))


def _person_name(rng):
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def generate_record(number, seed):
    """The archive record number `number`; the same for a seed whatever the sizes asked for."""
    rng = random.Random(f"{seed}:{number}")
    kinds, weights = zip(*TYPE_SHARE, strict=True)
    kind = rng.choices(kinds, weights)[0]
    start, school_year = _school_year(rng)
    day = datetime.date(start, 8, 15) + datetime.timedelta(days=rng.randrange(330))
    slug = f"{SLUG_PREFIX}{kind}-{number:06d}"
    if kind == "news":
        event = rng.choice(EVENTS)
        title = f"Trường THPT Lắk tổ chức {event} năm học {school_year}"
        return {
            "type": kind,
            "slug": slug,
            "title": title,
            "summary": f"{event.capitalize()} tại {rng.choice(PLACES)}, {rng.choice(DETAILS)}.",
            "body": _paragraphs(rng, event, rng.randint(2, 5)),
            "date": day.isoformat(),
            "category": rng.choice(CATEGORIES),
            "tags": [rng.choice(SUBJECTS)],
        }
    if kind == "policy":
        type_name, code = rng.choice(DOC_TYPES)
        topic = rng.choice(POLICY_TOPICS)
        issuer = rng.choice(ISSUERS)
        return {
            "type": kind,
            "slug": slug,
            "title": f"{type_name} về {topic} năm học {school_year}",
            "summary": f"{type_name} của {issuer} về {topic}.",
            "body": _paragraphs(rng, topic, rng.randint(2, 4)),
            "document_number": document_number(number, day.year, code),
            "document_type": type_name,
            "issuer": issuer,
            "issued_date": day.isoformat(),
            "signer": _person_name(rng),
        }
    if kind == "person":
        achievement = rng.choice(ACHIEVEMENTS).format(subject=rng.choice(SUBJECTS))
        name = _person_name(rng)
        return {
            "type": kind,
            "slug": slug,
            "title": f"{name}: {achievement}",
            "summary": f"Gương sáng năm học {school_year}: {achievement}.",
            "body": _paragraphs(rng, achievement, rng.randint(1, 3)),
            "role": rng.choice(["student", "teacher", "staff"]),
            "school_year": school_year,
            "achievement": achievement,
        }
    exam = rng.choice(EXAMS)
    return {
        "type": "exam",
        "slug": slug,
        "title": f"{exam} năm học {school_year}",
        "summary": f"{exam}: học sinh theo dõi lịch và đăng ký đúng hạn.",
        "body": _paragraphs(rng, exam.lower(), rng.randint(1, 3)),
        "exam_date": day.isoformat(),
        "registration_start": (day - datetime.timedelta(days=30)).isoformat(),
        "registration_deadline": (day - datetime.timedelta(days=10)).isoformat(),
        "school_year": school_year,
        "venue": f"Điểm thi Trường THPT Lắk, {rng.choice(PLACES)}",
    }


def document_number(number, year, code):
    return f"{number + 1}/{year}/{code}-THPTL"


def sample_document_number(seed):
    """The số ký hiệu of the first generated policy (present at every size)."""
    for number in range(1_000):
        record = generate_record(number, seed)
        if record["type"] == "policy":
            return record["document_number"]
    raise RuntimeError("no policy among the first 1,000 records")


def queries(seed):
    """(label, parameters) run at every size; the first one carries the issue's latency target."""
    number = sample_document_number(seed)
    separated = " ".join(number.replace("/", " ").replace("-", " ").split()).lower()
    return [
        (TARGET_QUERY, {"q": "tuyển sinh"}),
        ("two words unaccented", {"q": "tuyen sinh"}),
        ("phrase, 4 words", {"q": "hiến máu tình nguyện"}),
        ("document number", {"q": number}),
        ("document number, plain", {"q": separated.replace("đ", "d")}),
        ("type + year filter", {"q": "học sinh giỏi", "type": "person", "year": "2023-2024"}),
        ("category + date range", {"q": "khai giảng", "category": "traditions", "from": "2019-01-01"}),
        ("issuer + doc_type", {"q": "học phí", "issuer": "Trường THPT Lắk", "doc_type": "quyet-dinh"}),
        ("sort newest", {"q": "thi tốt nghiệp", "sort": "newest"}),
    ]


# --- the machine -------------------------------------------------------------------------------------


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


# --- one backend, in a child process -------------------------------------------------------------------


def backend_environment(backend):
    environment = dict(os.environ)
    environment.update(DJANGO_SETTINGS_MODULE="site_lak.settings.dev", DEBUG="0", LOG_LEVEL="ERROR")
    environment["MEDIA_ROOT"] = str(WORK_DIR / "media")
    for name in ("SEARCH_URL", "SEARCH_INDEX_PREFIX", "CACHE_URL"):
        environment.pop(name, None)
    if backend == "sqlite":
        environment["DATABASE_URL"] = f"sqlite:///{WORK_DIR / 'scale.sqlite3'}"
    else:
        environment["DATABASE_URL"] = POSTGRES_URL
    if backend == "opensearch":
        environment.update(SEARCH_URL=SEARCH_URL, SEARCH_INDEX_PREFIX=INDEX_PREFIX)
    return environment


def ensure_postgres_database(url, fresh):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def grow(size, seed):
    """Import generated records until the database holds `size` of them; returns (added, seconds)."""
    from django.conf import settings
    from django.core.management import call_command
    from wagtail.models import Page

    from core.archive.importer import ArchiveImporter
    from core.bootstrap import bootstrap

    call_command("migrate", verbosity=0)
    bootstrap()
    have = Page.objects.filter(slug__startswith=SLUG_PREFIX).count()
    if have >= size:
        return 0, 0.0
    # The timed full reindex follows; the importer's own bulk indexing at the end is switched off.
    for config in settings.WAGTAILSEARCH_BACKENDS.values():
        config["AUTO_UPDATE"] = False
    path = WORK_DIR / f"records-{have}-{size}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(have, size):
            out.write(json.dumps(generate_record(number, seed), ensure_ascii=False) + "\n")
    started = time.perf_counter()
    result = ArchiveImporter(checkpoint_every=0, batch_size=500).run(path)
    seconds = time.perf_counter() - started
    path.unlink()
    if result.rejected:
        raise SystemExit(f"generated records rejected: {result.rejected[:3]}")
    return result.created, seconds


def reindex():
    """`update_index` of the configured default backend; (objects indexed, seconds)."""
    import io
    import re

    from django.core.management import call_command

    output = io.StringIO()
    started = time.perf_counter()
    call_command("update_index", backend_name="default", stdout=output, verbosity=1)
    seconds = time.perf_counter() - started
    indexed = sum(int(count) for count in re.findall(r"indexed (\d+) objects", output.getvalue()))
    return indexed, seconds


def time_queries(seed, repeat, warmup=3):
    from django.contrib.auth.models import AnonymousUser
    from wagtail.models import Locale

    from search.query import run_search

    locale = Locale.objects.get(language_code="vi")
    user = AnonymousUser()
    rows = []
    for label, params in queries(seed):
        outcome = None
        for _ in range(warmup):
            outcome = run_search(params, user, locale, record=False)
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            run_search(params, user, locale, record=False)
            timings.append((time.perf_counter() - started) * 1000)
        rows.append(
            {
                "label": label,
                "params": params,
                "count": outcome.count,
                "answered_by": outcome.backend,
                "p50": statistics.median(timings),
                "p95": percentile(timings, 0.95),
                "load": load_average(),
            }
        )
    return rows


def child(args):
    """Runs inside the backend's own process; prints one JSON line per size."""
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ["SEARCH_CACHE_TIMEOUT"] = "0"  # every timed run searches: no answer from search.cache
    import django

    django.setup()
    from django.db import connection
    from wagtail.models import Page

    for size in args.sizes:
        added, import_seconds = grow(size, args.seed)
        pages = Page.objects.filter(slug__startswith=SLUG_PREFIX).count()
        load_before = load_average()
        indexed, index_seconds = reindex()
        row = {
            "backend": args.backend,
            "vendor": connection.vendor,
            "size": size,
            "pages": pages,
            "added": added,
            "import_seconds": import_seconds,
            "indexed": indexed,
            "index_seconds": index_seconds,
            "index_load": f"{load_before} → {load_average()}",
            "queries": time_queries(args.seed, args.repeat),
        }
        print("RESULT " + json.dumps(row, ensure_ascii=False), flush=True)


def run_child(backend, sizes, args):
    command = [sys.executable, __file__, "--child", backend, "--seed", str(args.seed), "--repeat", str(args.repeat)]
    command += ["--sizes", ",".join(str(size) for size in sizes)]
    process = subprocess.Popen(
        command, cwd=PROJECT_DIR, env=backend_environment(backend), stdout=subprocess.PIPE, text=True
    )
    for line in process.stdout:
        if line.startswith("RESULT "):
            row = json.loads(line[7:])
            print_size(row)
            yield row
        else:
            print(line, end="", flush=True)
    if process.wait():
        raise SystemExit(f"{backend}: the benchmark process failed (exit status {process.returncode})")


# --- the report ------------------------------------------------------------------------------------


def print_size(row):
    rate = row["indexed"] / row["index_seconds"] if row["index_seconds"] else 0
    imported = (
        f"; generated +{row['added']} pages in {row['import_seconds']:.0f} s "
        f"({row['added'] / row['import_seconds']:.1f} pages/s through ArchiveImporter)"
        if row["added"]
        else ""
    )
    print(f"\n{row['backend']} ({row['vendor']}) at {row['pages']} generated pages{imported}")
    print(
        f"  full reindex: {row['indexed']} objects in {row['index_seconds']:.1f} s = {rate:.0f} objects/s "
        f"(load {row['index_load']})"
    )
    print(f"  {'query':<26}{'results':>8}{'p50 ms':>9}{'p95 ms':>9}  answered by / load")
    for query in row["queries"]:
        print(
            f"  {query['label']:<26}{query['count']:>8}{query['p50']:>9.1f}{query['p95']:>9.1f}"
            f"  {query['answered_by']} / {query['load']}"
        )
    sys.stdout.flush()


def print_summary(rows):
    print("\nsummary (p50/p95 in ms; growth = value at the largest size ÷ value at the smallest)")
    by_backend = {}
    for row in rows:
        by_backend.setdefault(row["backend"], []).append(row)
    verdicts = []
    for backend, sized in by_backend.items():
        sized.sort(key=lambda row: row["size"])
        first, last = sized[0], sized[-1]
        print(f"  {backend}")
        header = "".join(f"{row['size']:>16}" for row in sized)
        print(f"    {'':<26}{header}{'growth':>9}")
        rates = [row["indexed"] / row["index_seconds"] for row in sized]
        cells = "".join(f"{rate:>16.0f}" for rate in rates)
        print(f"    {'reindex objects/s':<26}{cells}{rates[-1] / rates[0]:>9.2f}")
        for index, query in enumerate(first["queries"]):
            cells = "".join(
                f"{row['queries'][index]['p50']:>8.1f}/{row['queries'][index]['p95']:<7.1f}" for row in sized
            )
            growth = last["queries"][index]["p50"] / query["p50"]
            print(f"    {query['label']:<26}{cells}{growth:>9.2f}")
        if backend == "opensearch":
            for row in sized:
                if row["size"] >= TARGETS["size"]:
                    p95 = row["queries"][0]["p95"]
                    rate = row["indexed"] / row["index_seconds"]
                    verdicts.append(
                        f"p95 of “{TARGET_QUERY}” at {row['size']} pages {p95:.1f} ms "
                        f"(target < {TARGETS['p95_ms']:.0f}): {'PASS' if p95 < TARGETS['p95_ms'] else 'FAIL'}"
                    )
                    verdicts.append(
                        f"full reindex at {row['size']} pages {rate:.0f} objects/s "
                        f"(target ≥ {TARGETS['reindex_per_s']:.0f}): "
                        f"{'PASS' if rate >= TARGETS['reindex_per_s'] else 'FAIL'}"
                    )
    print("targets (issue #5, OpenSearch at 50k pages):")
    for verdict in verdicts or ["not measured: run with --backends opensearch and a size of 50000"]:
        print(f"  {verdict}")


def drop_generated(backends):
    if "sqlite" in backends:
        (WORK_DIR / "scale.sqlite3").unlink(missing_ok=True)
    if {"postgres", "opensearch"} & set(backends):
        ensure_postgres_database(POSTGRES_URL, fresh=True)
    if "opensearch" in backends:
        environment = backend_environment("opensearch")
        script = (
            "from wagtail.search.backends import get_search_backend\n"
            "backend = get_search_backend('default')\n"
            f"backend.es.indices.delete(index='{INDEX_PREFIX}*', ignore_unavailable=True)\n"
        )
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script], cwd=PROJECT_DIR, env=environment, check=False
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="page counts, ascending")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="any of sqlite,postgres,opensearch")
    parser.add_argument("--keep", action="store_true", help="reuse and keep the generated databases")
    parser.add_argument("--repeat", type=int, default=50, help="timed runs of each query (default 50)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--child", choices=BACKENDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.sizes = sorted(int(size) for size in args.sizes.split(","))
    if args.child:
        args.backend = args.child
        return child(args)

    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    unknown = set(backends) - set(BACKENDS)
    if unknown:
        parser.error(f"unknown backends: {', '.join(sorted(unknown))}")
    backends.sort(key=BACKENDS.index)
    WORK_DIR.mkdir(exist_ok=True)
    if not args.keep:
        drop_generated(backends)
    elif {"postgres", "opensearch"} & set(backends):
        ensure_postgres_database(POSTGRES_URL, fresh=False)

    print("inputs:")
    print(f"  sizes {args.sizes} (grown incrementally), backends {backends}, seed {args.seed}")
    print(
        f"  {args.repeat} timed runs per query after 3 warm-up runs, sequential, anonymous visitor, "
        "via run_search, results cache off"
    )
    print(f"  generated records: {', '.join(f'{kind} {share:.0%}' for kind, share in TYPE_SHARE)}")
    print(f"  PostgreSQL {POSTGRES_URL}; OpenSearch {SEARCH_URL}, index prefix {INDEX_PREFIX}; SQLite in {WORK_DIR}")
    print(f"machine: {describe()}")
    rows = []
    for size in args.sizes:  # postgres and opensearch measure the same database at each size
        for backend in backends:
            rows.extend(run_child(backend, [size], args))
    print_summary(rows)
    if not args.keep:
        drop_generated(backends)
    return 0


if __name__ == "__main__":
    sys.exit(main())

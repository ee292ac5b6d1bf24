"""The Ray engine: same stories as the local engine, order and back-pressure, a killed worker retried, clear errors.

One local Ray (2 CPUs, loopback) serves the whole session; it is started by the engine's own ``connect``, the code that
``--engine ray`` runs, and shut down at the end. The error-path tests need no Ray and run without the extra.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from benchmark_modules import load_benchmark
from storyweave import pipeline
from storyweave.cli import app
from storyweave.config import CleanOptions, EngineOptions, Settings
from storyweave.engines import load_ray, open_engine
from storyweave.errors import ConfigError
from storyweave.group import GroupOptions
from storyweave.pipeline import Models, _prepare_task, cluster, ingest, prepare_all
from storyweave.store import Store, open_store
from storyweave.types import Article, Problem, RawDocument, article_id

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
SEEDS = ROOT.parent / "shared" / "seeds"
HAVE_RAY = importlib.util.find_spec("ray") is not None
needs_ray = pytest.mark.skipif(not HAVE_RAY, reason="Ray is not installed: pip install 'storyweave[ray]'")
#: CPUs of the session's Ray: this machine's two cores.
RAY_CPUS = 2

runner = CliRunner()


@pytest.fixture(scope="session")
def ray_engine() -> Iterator[ModuleType]:
    module = load_ray(local=True)  # before Ray is first imported: the loopback setting is read at import
    module.connect(None, RAY_CPUS)
    yield module
    import ray

    ray.shutdown()


def _documents(count: int) -> list[RawDocument | Problem]:
    """Distinct made-up short reports (the prepare stage reads any prose), one Problem among them."""
    towns = ["Arden", "Belmora", "Caldris", "Dunhallow", "Esterby", "Fenwick", "Galloway", "Harrowgate"]
    items: list[RawDocument | Problem] = []
    for i in range(count):
        town = towns[i % len(towns)]
        text = (
            f"The council of {town} voted on Monday to repair bridge number {i} before the winter. "
            f"Engineers said the work on bridge {i} would take {i % 9 + 2} weeks and cost {i * 13 % 97 + 5} thousand. "
            f"Residents of {town} had asked for the repair since the spring floods."
        )
        items.append(RawDocument(origin=f"doc-{i}", title=f"{town} repairs bridge {i}", text=text))
    items.insert(count // 2, Problem("broken.bin", "not an article"))
    return items


def _assignments(store: Store) -> dict[str, str]:
    grouped = store.grouped_ids()
    return dict(zip(grouped.article_ids, grouped.story_ids, strict=True))


def _run(sources: list[Path], db: Path, engine: EngineOptions) -> tuple[dict[str, str], dict[str, int]]:
    """Ingest + cluster as ``run`` does: (article -> story, article -> number of stored entity mentions)."""
    settings = Settings(db=db, workers=RAY_CPUS, engine=engine)
    with open_store(db) as store:
        ingest([str(s) for s in sources], settings, store)
        report = cluster(store, Models(), GroupOptions(), workers=RAY_CPUS, engine=engine)
        assert report.embedded == report.annotated == store.count_articles()
        assignments = _assignments(store)
        mentions = {aid: len(found) for aid, found in store.mentions_of(list(assignments)).items()}
    return assignments, mentions


# -- without Ray ---------------------------------------------------------------------------------------------------


def test_missing_ray_is_one_line_naming_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # what Python does for a package that is not installed
    monkeypatch.delitem(sys.modules, "storyweave.engines.ray", raising=False)
    with pytest.raises(ConfigError, match=r"pip install 'storyweave\[ray\]'"):
        open_engine(CleanOptions(), 2, EngineOptions(kind="ray", ray_address=None))
    result = runner.invoke(app, ["run", str(EXAMPLES), "--db", str(tmp_path / "x.db"), "--engine", "ray"])
    assert result.exit_code == 2
    assert "pip install 'storyweave[ray]'" in result.output and "Traceback" not in result.output


def test_bad_engine_options_are_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    result = runner.invoke(app, ["run", str(EXAMPLES), "--db", db, "--engine", "spark"])
    assert result.exit_code == 2 and "unknown engine 'spark'" in result.output
    result = runner.invoke(app, ["cluster", "--db", db, "--ray-address", "127.0.0.1:6379"])
    assert result.exit_code == 2 and "--ray-address needs --engine ray" in result.output
    with pytest.raises(ConfigError):
        EngineOptions(kind="dask")


def test_ray_address_defaults_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAY_ADDRESS", "10.1.2.3:6379")
    assert EngineOptions(kind="ray").ray_address == "10.1.2.3:6379"
    monkeypatch.delenv("RAY_ADDRESS")
    assert EngineOptions(kind="ray").ray_address is None


# -- on the session's Ray --------------------------------------------------------------------------------------------


@needs_ray
@pytest.mark.slow
def test_local_ray_listens_on_loopback_only(ray_engine: ModuleType) -> None:
    import ray

    assert [node["NodeManagerAddress"] for node in ray.nodes()] == ["127.0.0.1"]
    assert ray.cluster_resources()["CPU"] == RAY_CPUS


@needs_ray
@pytest.mark.slow
def test_batches_in_order_with_bounded_read_ahead(ray_engine: ModuleType) -> None:
    items = _documents(90)
    expected = list(prepare_all(items, CleanOptions()))
    read: list[int] = []
    sizes = [0, 25, 1, 0, 40, 25]  # empty batches, a one-item batch, batches of several chunks
    assert sum(sizes) == len(items)

    def batches() -> Iterator[list[RawDocument | Problem]]:
        start = 0
        for number, size in enumerate(sizes):
            read.append(number)
            yield items[start : start + size]
            start += size

    got: list[list[Article | Problem]] = []
    with ray_engine.RayEngine(CleanOptions(), workers=RAY_CPUS, address=None, chunk=4) as engine:
        bound = RAY_CPUS * ray_engine.QUEUED_PER_ACTOR  # chunks held at once
        for results in engine.map_batches(_prepare_task, batches()):
            # the driver reads no further ahead than the chunks it may hold
            assert sum(-(-s // 4) for s in sizes[: len(read)]) - sum(-(-len(g) // 4) for g in got) <= bound + 10
            got.append(results)
        assert len(engine.actor_pids()) == RAY_CPUS
    assert [len(g) for g in got] == sizes
    assert [r for g in got for r in g] == expected


def _die_once(context: tuple[CleanOptions, str, str], item: RawDocument | Problem) -> Article | Problem:
    """The prepare stage, except that the worker holding ``victim`` kills its own process the first time."""
    options, marker, victim = context
    if isinstance(item, RawDocument) and item.origin == victim and not os.path.exists(marker):
        Path(marker).touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return _prepare_task(options, item)


@needs_ray
@pytest.mark.slow
def test_worker_killed_mid_chunk_is_restarted_and_its_chunk_retried(ray_engine: ModuleType, tmp_path: Path) -> None:
    import ray.cloudpickle

    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import this test module
    items = _documents(60)
    marker = tmp_path / "killed"
    context = (CleanOptions(), str(marker), "doc-33")  # mid-chunk: the fourth item of chunk 9 of 15
    with ray_engine.RayEngine(context, workers=RAY_CPUS, address=None, chunk=4) as engine:
        got = [r for batch in engine.map_batches(_die_once, [items[:30], items[30:]]) for r in batch]
    assert marker.exists()  # a worker did die
    assert got == list(prepare_all(items, CleanOptions()))  # every item once, in order


def _write_dump(path: Path, count: int) -> list[RawDocument]:
    """``count`` made-up reports as a news-please dump (JSON lines); the documents written, in order."""
    documents = [d for d in _documents(count) if isinstance(d, RawDocument)]
    path.write_text(
        "".join(
            f'{{"title": "{d.title}", "maintext": "{d.text}", "url": "https://x.example/{d.origin}"}}\n'
            for d in documents
        )
    )
    return documents


def _actor_processes() -> list[int]:
    """Live processes of this session's Ray whose title names our actor class (Ray titles them ``ray::Class``)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if "_StageActor" in title and state != "Z" and _descends_from_us(int(entry.name)):
            found.append(int(entry.name))
    return found


def _descends_from_us(pid: int) -> bool:
    while pid > 1:
        if pid == os.getpid():
            return True
        try:
            pid = int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            return False
    return False


@needs_ray
@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the actor processes through /proc (Linux)")
def test_killed_actor_during_ingest_stores_every_article_once(ray_engine: ModuleType, tmp_path: Path) -> None:
    killed: list[int] = []

    def kill_an_actor(_article: Article) -> None:
        if not killed:
            actors = _actor_processes()
            assert actors, "no actor process found"
            os.kill(actors[0], signal.SIGKILL)
            killed.append(actors[0])

    dump = tmp_path / "dump.jsonl"
    documents = _write_dump(dump, 450)
    settings = Settings(db=tmp_path / "ray.db", workers=RAY_CPUS, engine=EngineOptions(kind="ray", ray_address=None))
    with open_store(settings.db) as store:
        # the first article arrives after the first batch of 200: the actors are then busy with the next ones
        report = ingest([str(dump)], settings, store, on_article=kill_an_actor)
        assert killed and killed[0] not in _actor_processes()
        assert (report.read, report.inserted, report.already_present) == (450, 450, 0)
        assert store.count_articles() == 450
        expected = [article_id(f"https://x.example/{d.origin}", "") for d in documents]
        assert len({a.id for a in store.get_articles(expected)}) == 450


#: Ray's notices of a lost worker and a retried task (the words of Ray 2.x), and how long to wait for them: the driver
#: receives them from Ray's pubsub in the background, typically within a second of the loss, sometimes after the
#: command has returned.
RAY_NOTICES = ("will be retried", "worker died")
NOTICE_WAIT_S = 30.0


@needs_ray
@pytest.mark.slow
def test_json_output_of_a_run_with_a_killed_actor_is_only_json(
    ray_engine: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ray prints what it does about a lost worker from a driver thread; that goes to stderr, never into --json."""
    marker = tmp_path / "killed"
    prepare = pipeline._prepare_task

    def die_once(options: CleanOptions, item: RawDocument | Problem) -> Article | Problem:
        # runs in an actor (pickled by value, being local): the first item seen kills its worker, mid-task
        if not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return prepare(options, item)

    monkeypatch.setattr(pipeline, "_prepare_task", die_once)
    # Ray holds back a notice like one printed in the last seconds (the earlier kill tests'): this one must show
    monkeypatch.setattr("ray._private.ray_logging.RAY_DEDUP_LOGS", False)
    dump = tmp_path / "dump.jsonl"
    _write_dump(dump, 12)
    result = runner.invoke(app, ["run", str(dump), "--db", str(tmp_path / "x.db"), "--engine", "ray", "--json"])
    assert result.exit_code == 0, result.output
    assert marker.exists()  # a worker did die
    stdout, stderr = result.stdout, result.stderr
    deadline = time.monotonic() + NOTICE_WAIT_S
    while not any(n in (stdout + stderr).lower() for n in RAY_NOTICES) and time.monotonic() < deadline:
        time.sleep(0.2)
        late = capsys.readouterr()  # what the driver thread printed after the command returned
        stdout, stderr = stdout + late.out, stderr + late.err
    assert any(n in stderr.lower() for n in RAY_NOTICES), stderr  # the warning is shown, on stderr
    stories = [json.loads(line) for line in stdout.splitlines()]  # stdout is the stories and nothing else
    assert sum(story["size"] for story in stories) == 12


@needs_ray
@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent (the shared benchmark data)")
def test_seeds_give_the_same_stories_on_ray(ray_engine: ModuleType, tmp_path: Path) -> None:
    local = _run([SEEDS], tmp_path / "local.db", EngineOptions(kind="local"))
    assert _run([SEEDS], tmp_path / "ray.db", EngineOptions(kind="ray", ray_address=None)) == local


@needs_ray
@pytest.mark.slow
def test_run_engine_ray_gives_the_sample_corpus_the_same_stories(ray_engine: ModuleType, tmp_path: Path) -> None:
    db = tmp_path / "ray.db"
    result = runner.invoke(app, ["run", str(EXAMPLES), "--db", str(db), "--engine", "ray", "--json"])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        assignments = _assignments(store)
        mentions = {aid: len(found) for aid, found in store.mentions_of(list(assignments)).items()}
    assert len(assignments) >= 40
    # the local side as benchmarks/engines.py runs it
    local = load_benchmark("engines").one_run("local", EXAMPLES, tmp_path, RAY_CPUS, EngineOptions(kind="local"), False)
    assert assignments == local.assignments  # same story per article
    with open_store(tmp_path / "local.db") as store:
        assert mentions == {aid: len(found) for aid, found in store.mentions_of(list(assignments)).items()}
    # nothing new: a second run starts no actors and changes nothing
    again = runner.invoke(app, ["cluster", "--db", str(db), "--engine", "ray"])
    assert again.exit_code == 0 and "grouped 0 new articles" in again.output


@needs_ray
@pytest.mark.slow
def test_unreachable_cluster_is_one_line(tmp_path: Path) -> None:
    import subprocess

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "storyweave",
            "run",
            str(EXAMPLES),
            "--db",
            str(tmp_path / "x.db"),
            "--engine",
            "ray",
            "--ray-address",
            "127.0.0.1:1",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert result.returncode == 2, result.stderr
    assert "cannot reach the Ray cluster at 127.0.0.1:1" in result.stderr
    assert "Traceback" not in result.stderr

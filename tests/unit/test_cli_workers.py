"""`lianchuang serve`'s worker count: one process per core the server may run on in production
(the CPUs of its affinity where the platform tells them, else os.cpu_count()), one otherwise."""
import os

import pytest

from lianchuang import cli
from server.settings import Settings


def test_production_gets_one_worker_per_core_of_the_affinity_and_anything_else_one(monkeypatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 2, 5}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)  # the machine's, not what the process may use
    assert cli.default_workers(True) == 3
    assert cli.default_workers(False) == 1


def test_without_an_affinity_the_core_count_decides(monkeypatch) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert (cli.default_workers(True), cli.default_workers(False)) == (6, 1)
    monkeypatch.setattr(os, "cpu_count", lambda: None)  # undeterminable: one
    assert (cli.default_workers(True), cli.default_workers(False)) == (1, 1)


@pytest.mark.parametrize(("environment", "argv", "workers"), [
    ("production", [], 4), ("development", [], 1), ("production", ["--workers", "2"], 2),
    ("test", ["--workers", "3"], 3),
])
def test_serve_starts_the_default_or_the_given_number_of_workers(monkeypatch, tmp_path, environment, argv,
                                                                  workers) -> None:
    import uvicorn

    import lianchuang.app

    runs: list[tuple[object, dict]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: runs.append((app, options)))
    monkeypatch.setattr(lianchuang.app, "create_app", lambda settings: ("app of", settings.environment))
    monkeypatch.setattr(cli, "get_settings", lambda: Settings(environment=environment, pwa_dist=tmp_path))
    monkeypatch.setattr(cli, "default_workers", lambda production: 4 if production else 1)
    cli.main(["serve", *argv])
    [(app, options)] = runs
    if workers == 1:  # one process: the app built here, no workers option
        assert app == ("app of", environment) and "workers" not in options
    else:  # several: each builds its own app from the import string
        assert app == "lianchuang.asgi:app" and options["workers"] == workers


def test_serve_help_names_the_workers_option(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["serve", "--help"])
    assert done.value.code == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps to the terminal's width
    assert "--workers WORKERS" in out and "one per core when ENVIRONMENT=production" in out

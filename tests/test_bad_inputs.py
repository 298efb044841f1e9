"""Every bad input a cron job will meet, in one folder, in one run: nothing crashes,
nothing hangs, each file gets the outcome a user would expect, the rest are briefed."""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarize.cli import app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GOLD = Path(__file__).resolve().parent / "gold"
ARTICLE = (SEEDS / "001_bd3492a82530cc41.txt").read_text(encoding="utf-8")
TITLE = ARTICLE.splitlines()[0]

ENGLISH = """Heatwave grips southern Europe as temperatures pass 40 degrees

Authorities in Spain, Italy and Greece have issued red alerts as a heatwave pushes temperatures
above 40 degrees Celsius for the third day in a row.

The health ministry said that hospitals had seen a rise in admissions for heatstroke, and it asked
people to avoid going out during the hottest hours of the day and to check on elderly neighbours.

Forecasters expect the heat to ease at the weekend, when a band of storms is due to cross the
region from the west, bringing some relief but also the risk of flash floods in the mountains.
"""

GERMAN = """Hitzewelle in Südeuropa: Temperaturen über 40 Grad

Die Behörden in Spanien, Italien und Griechenland haben die höchste Warnstufe ausgerufen, weil
die Temperaturen den dritten Tag in Folge über 40 Grad Celsius steigen.

Das Gesundheitsministerium teilte mit, dass die Krankenhäuser mehr Patienten mit Hitzschlag
aufnehmen, und bat die Menschen, in den heißesten Stunden des Tages nicht aus dem Haus zu gehen.

Die Meteorologen erwarten, dass die Hitze am Wochenende nachlässt, wenn eine Gewitterfront aus
dem Westen über die Region zieht und Abkühlung, aber auch die Gefahr von Sturzfluten bringt.
"""

BOILERPLATE = """Home » Cronaca
Accedi
Abbonati
Cookie policy
Privacy
Seguici su Facebook
Seguici su Instagram
Newsletter
Tutti i diritti riservati
"""

# Hostile markup around words of the article's body, so the title model (which weighs the
# words a title shares with its body) still takes it as the title.
EVIL_TITLE = (
    "../../Usa e Russia <script>alert(1)</script> [cessate il fuoco](http://x.example) 🔥 "
    "# *ministri della Difesa* / ../"
)


def _retitled(title: str, base: str | None = None) -> str:
    """An article under a new title. Each case gets its own ``base`` article (tests/gold):
    retitled copies of one article are near-duplicates, which brief merges into one."""
    if base is None:
        return ARTICLE.replace(TITLE, title, 1)
    lines = (GOLD / f"{base}.gold.txt").read_text(encoding="utf-8").splitlines()
    return "\n".join([title, *lines[1:]]) + "\n"  # a paragraph a line, as the seeds


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, object]:  # type: ignore[type-arg]
    root = tmp_path_factory.mktemp("bad")
    inputs = root / "in"
    inputs.mkdir()
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace.txt": b"  \n\n\t \r\n   ",
        "binary.txt": bytes(range(256)) * 64,
        "cp1252.txt": _retitled("Perché la città è già in crisi", "agency_wire_heat").encode(
            "cp1252"
        ),
        "latin1.txt": _retitled("Più tasse per la società di Forlì", "business_paper_budget")
        .translate(str.maketrans("’“”", '\'""'))
        .encode("latin-1"),
        "utf16.txt": _retitled(
            "Il sindaco di Bari presenta il nuovo piano per il porto", "culture_magazine_interview"
        ).encode("utf-16"),
        "mixed-endings.txt": _retitled(
            "Sciopero dei treni, il governo convoca i sindacati per domani", "gossip_site_wedding"
        )
        .replace("\n", "\r\n", 5)
        .replace("\n", "\r", 3)
        .encode("utf-8"),
        "one-line.txt": (" ".join(_retitled(TITLE, "heldout_ansa_agenzia").split()) * 8)[
            :20000
        ].encode("utf-8"),
        "boilerplate.txt": BOILERPLATE.encode("utf-8"),
        "english.txt": ENGLISH.encode("utf-8"),
        "german.txt": GERMAN.encode("utf-8"),
        "evil-title.txt": _retitled(EVIL_TITLE).encode("utf-8"),
        "control.txt": _retitled(
            "Caratteri\x07 di\x1b[31m controllo\x00 nel titolo di un articolo di cronaca",
            "national_daily_politics",
        ).encode("utf-8"),
    }
    for name, data in files.items():
        (inputs / name).write_bytes(data)
    spaced = inputs / "cartella con spazi è"
    spaced.mkdir()
    (spaced / "articolo è più.txt").write_text(
        _retitled(
            "Neve sulle Alpi, chiusi tre passi e strade in Valtellina", "regional_paper_court"
        ),
        encoding="utf-8",
    )
    with (inputs / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (inputs / "loop").symlink_to(inputs, target_is_directory=True)
    (inputs / "dangling.txt").symlink_to(inputs / "gone.txt")
    out = root / "out"
    (out).mkdir()
    (out / "digest.md").write_text("previous digest")
    result = CliRunner().invoke(app, [str(inputs), "--lang", "it", "--out", str(out)])
    data = json.loads((out / "digest.json").read_text())
    return out, data, result


def _errors(data: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {Path(e["source"]).name: e["error"] for e in data["errors"]}


def _articles(data: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {Path(a["source"]).name: a for a in data["articles"]}


def test_the_run_finishes_with_exit_1_and_a_new_digest(run) -> None:  # type: ignore[no-untyped-def]
    out, _, result = run
    assert result.exit_code == 1, result.output + result.stderr
    assert (out / "digest.md").read_text() != "previous digest"
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("empty.txt", "file is empty"),
        ("whitespace.txt", "file is empty"),
        ("binary.txt", "binary file"),
        ("huge.txt", "file is 50.0 MiB, over the 5 MiB limit"),
        ("boilerplate.txt", "no article text found"),
        ("dangling.txt", "cannot read"),
    ],
)
def test_refused_files_are_listed_with_a_reason(run, name: str, problem: str) -> None:  # type: ignore[no-untyped-def]
    out, data, result = run
    assert problem in _errors(data)[name]
    assert name in (out / "digest.md").read_text()
    assert name in result.stderr


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("cp1252.txt", "Perché la città è già in crisi"),
        ("latin1.txt", "Più tasse per la società di Forlì"),
        ("utf16.txt", "Il sindaco di Bari presenta il nuovo piano per il porto"),
        ("mixed-endings.txt", "Sciopero dei treni, il governo convoca i sindacati per domani"),
        ("articolo è più.txt", "Neve sulle Alpi, chiusi tre passi e strade in Valtellina"),
    ],
)
def test_encodings_and_odd_paths_are_briefed(run, name: str, title: str) -> None:  # type: ignore[no-untyped-def]
    out, data, _ = run
    article = _articles(data)[name]
    assert article["title"]["it"] == title
    assert "\r" not in article["text"]
    assert (out / article["briefing"]).is_file()


def test_the_path_is_reported_as_given(run) -> None:  # type: ignore[no-untyped-def]
    _, data, _ = run
    assert any(
        a["source"].endswith("cartella con spazi è/articolo è più.txt") for a in data["articles"]
    )


def test_one_long_line_does_not_hang_and_gets_an_outcome(run) -> None:  # type: ignore[no-untyped-def]
    _, data, _ = run
    assert "one-line.txt" in _articles(data) or "one-line.txt" in _errors(data)


@pytest.mark.parametrize(
    ("name", "language"), [("english.txt", "English"), ("german.txt", "German")]
)
def test_foreign_articles_pass_with_a_warning(run, name: str, language: str) -> None:  # type: ignore[no-untyped-def]
    out, data, _ = run
    article = _articles(data)[name]
    assert any(f"looks {language}, not Italian" in w for w in article["warnings"])
    assert f"looks {language}" in (out / article["briefing"]).read_text()


def test_hostile_title_stays_inside_out_and_inert(run) -> None:  # type: ignore[no-untyped-def]
    out, data, _ = run
    article = _articles(data)["evil-title.txt"]
    path = (out / article["briefing"]).resolve()
    assert path.parent == (out / "briefings").resolve()
    assert re.fullmatch(r"briefings/[a-z0-9-]+\.md", article["briefing"])
    text = path.read_text()
    assert "<script>" not in text
    assert "](http" not in text
    heading = text.splitlines()[0]
    assert heading.startswith("# ") and "\\<script\\>" in heading


def test_control_characters_never_reach_the_output(run) -> None:  # type: ignore[no-untyped-def]
    out, data, _ = run
    article = _articles(data)["control.txt"]
    for text in (article["title"]["it"], (out / article["briefing"]).read_text()):
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)


def test_every_input_has_exactly_one_outcome(run) -> None:  # type: ignore[no-untyped-def]
    _, data, _ = run
    names = list(_articles(data)) + list(_errors(data))
    assert len(names) == len(set(names))
    assert len(names) == 16


# --- Faults found by trying to break it --------------------------------------------
# Each drives the real CLI in a subprocess under a timeout: a regression that hangs (a
# FIFO, /dev/zero) fails the test instead of hanging CI.

TIMEOUT = 120
BASES = ("agency_wire_heat", "business_paper_budget", "tv_news_flu", "sports_daily_football")


def brief(
    *args: str | bytes | Path, preexec: object = None, timeout: float = TIMEOUT
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args],
        capture_output=True,
        encoding="utf-8",  # strict: anything brief prints must be valid UTF-8
        env=env,
        timeout=timeout,
        preexec_fn=preexec,  # type: ignore[arg-type]
        check=False,
    )


def article(base: str, title: str | None = None) -> str:
    lines = (GOLD / f"{base}.gold.txt").read_text(encoding="utf-8").splitlines()
    return "\n".join([title or lines[0], *lines[1:]]) + "\n"


def articles_folder(folder: Path, count: int = 2) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for base in BASES[:count]:
        (folder / f"{base}.txt").write_text(article(base), encoding="utf-8")
    return folder


def digest_of(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / "digest.json").read_text(encoding="utf-8"))


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("brief: error: ") and "Traceback" not in proc.stderr
    return lines[0]


def test_fifo_socket_and_devices_in_a_folder_are_reported_and_never_opened(
    tmp_path: Path,
) -> None:
    inputs = articles_folder(tmp_path / "in", 1)
    os.mkfifo(inputs / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(inputs / "sock.txt"))
    (inputs / "zero.txt").symlink_to("/dev/zero")
    (inputs / "random.md").symlink_to("/dev/urandom")
    try:
        proc = brief(inputs, "--lang", "it", "--out", tmp_path / "out")
    finally:
        server.close()
    assert proc.returncode == 1, proc.stderr
    data = digest_of(tmp_path / "out")
    assert [Path(a["source"]).name for a in data["articles"]] == ["agency_wire_heat.txt"]
    assert _errors(data) == {
        "pipe.txt": "a named pipe (FIFO), not a regular file; skipped",
        "random.md": "a device, not a regular file; skipped",
        "sock.txt": "a socket, not a regular file; skipped",
        "zero.txt": "a device, not a regular file; skipped",
    }


def test_a_fifo_or_device_given_by_name_never_blocks(tmp_path: Path) -> None:
    inputs = articles_folder(tmp_path / "in", 1)
    os.mkfifo(tmp_path / "pipe.txt")
    proc = brief(
        tmp_path / "pipe.txt", "/dev/zero", inputs, "--lang", "it", "--out", tmp_path / "out"
    )
    assert proc.returncode in (1, 2), proc.stderr
    assert "pipe.txt: not a regular file" in proc.stderr
    assert "/dev/zero: not a regular file" in proc.stderr


@pytest.mark.skipif(not Path("/proc/self/maps").is_file(), reason="needs Linux /proc")
def test_reads_stop_at_max_size_whatever_stat_says(tmp_path: Path) -> None:
    # /proc/self/maps stats as 0 bytes and holds several KiB (the libraries Python loaded).
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "maps.txt").symlink_to("/proc/self/maps")
    assert (inputs / "maps.txt").stat().st_size == 0
    proc = brief(inputs, "--lang", "it", "--out", tmp_path / "out", "--max-size", "0.001")
    assert proc.returncode == 1, proc.stderr
    assert _errors(digest_of(tmp_path / "out")) == {
        "maps.txt": "file is larger than the 0.001 MiB limit; "
        "raise it with --max-size if this really is one article"
    }


def test_file_names_that_are_not_utf8_or_hold_escapes_are_briefed_and_printed_safely(
    tmp_path: Path,
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    raw = os.fsencode(inputs)
    Path(os.fsdecode(raw + b"/bad\xff\xfename.txt")).write_text(article(BASES[0]))
    Path(os.fsdecode(raw + b"/empty\xff.txt")).write_bytes(b"")
    forged = "evil\nbrief: 9 briefed, 0 failed\x1b]0;owned\x07\x1b[2J\u202e.txt"
    (inputs / forged).write_bytes(b"")
    out = tmp_path / "out"
    proc = brief(inputs, "--lang", "it", "--out", out)
    assert proc.returncode == 1, proc.stderr
    for stream in (proc.stderr, proc.stdout):
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f\u202e]", stream), stream
        assert all(line.startswith("brief: ") for line in stream.splitlines())
    assert "bad\\xff\\xfename.txt" not in proc.stderr  # briefed, so not a failure line
    assert "empty\\xff.txt: file is empty" in proc.stderr
    assert "evil\\nbrief: 9 briefed, 0 failed\\x1b]0;owned\\x07\\x1b[2J\\u202e.txt" in proc.stderr
    data = digest_of(out)
    (briefed,) = data["articles"]
    assert briefed["source"].endswith("/bad\\xff\\xfename.txt")
    assert "bad\\xff\\xfename.txt" in (out / briefed["briefing"]).read_text(encoding="utf-8")
    assert sorted(_errors(data)) == ["empty\\xff.txt", forged]
    assert "\x1b" not in (out / "digest.md").read_text(encoding="utf-8")
    alone = brief(raw + b"/bad\xff\xfename.txt", "--lang", "it", "--out", tmp_path / "o2")
    assert alone.returncode == 0, alone.stderr


def test_a_folder_nested_1000_deep_is_walked(tmp_path: Path) -> None:
    deep = tmp_path / "in"
    folders = [deep]
    deep.mkdir()
    for _ in range(1000):  # os.makedirs itself recurses: build it one level at a time
        folders.append(folders[-1] / "d")
        folders[-1].mkdir()
    (folders[-1] / "a.txt").write_text(article(BASES[0]), encoding="utf-8")
    try:
        proc = brief(deep, "--lang", "it", "--out", tmp_path / "out")
        assert proc.returncode == 0, proc.stderr
        (briefed,) = digest_of(tmp_path / "out")["articles"]
        assert briefed["source"].endswith("/d/d/a.txt")
    finally:
        (folders[-1] / "a.txt").unlink()
        for folder in reversed(folders):  # shutil.rmtree recurses too
            folder.rmdir()


@pytest.mark.parametrize("size", ["inf", "-inf", "nan", "1e999"])
def test_max_size_that_is_not_a_size_is_one_usage_error(size: str, tmp_path: Path) -> None:
    proc = brief(SEEDS, "--lang", "it", "--out", tmp_path, "--max-size", size)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "Error" in proc.stderr
    assert "--max-size" in proc.stderr


def test_max_size_beyond_any_file_means_no_limit(tmp_path: Path) -> None:
    proc = brief(SEEDS, "--lang", "it", "--out", tmp_path, "--max-size", "1e308")
    assert proc.returncode == 0, proc.stderr
    assert len(digest_of(tmp_path)["articles"]) == 2


def test_out_equal_to_the_input_says_why_nothing_is_read(tmp_path: Path) -> None:
    inputs = articles_folder(tmp_path / "in")
    before = sorted(p.name for p in inputs.iterdir())
    line = one_error_line(brief(inputs, "--lang", "it", "--out", inputs))
    assert f"files found outside brief's own output (skipped {inputs}:" in line
    assert "which brief never reads" in line
    assert not (inputs / "digest.json").exists()
    left = [p.name for p in inputs.iterdir() if p.name != "briefings" and p.name[0] != "."]
    assert sorted(left) == before  # nothing but brief's empty folder and hidden state


def test_out_parent_of_the_input_says_why_nothing_is_read(tmp_path: Path) -> None:
    inputs = articles_folder(tmp_path / "data" / "in")
    proc = brief(inputs, "--lang", "it", "--out", tmp_path / "data")
    assert proc.returncode == 2
    assert "brief's own output" in one_error_line(proc)


def test_earlier_dated_outputs_inside_the_input_are_never_briefed(tmp_path: Path) -> None:
    inputs = articles_folder(tmp_path / "in")
    for day in ("day1", "day2"):
        proc = brief(inputs, "--lang", "it", "--out", inputs / "out" / day)
        assert proc.returncode == 0, proc.stderr
    sources = [a["source"] for a in digest_of(inputs / "out" / "day2")["articles"]]
    assert sorted(Path(s).name for s in sources) == [f"{b}.txt" for b in sorted(BASES[:2])]
    # a briefing of an earlier run given by name is not read back either
    old = next((inputs / "out" / "day1" / "briefings").glob("*.md"))
    proc = brief(old, inputs / f"{BASES[0]}.txt", "--lang", "it", "--out", tmp_path / "o3")
    assert proc.returncode == 0, proc.stderr
    assert [Path(a["source"]).name for a in digest_of(tmp_path / "o3")["articles"]] == [
        f"{BASES[0]}.txt"
    ]


def test_a_folder_in_the_way_of_the_digest_is_named(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "digest.md").mkdir(parents=True)
    proc = brief(articles_folder(tmp_path / "in"), "--lang", "it", "--out", out)
    assert proc.returncode == 2
    assert one_error_line(proc) == (
        f"brief: error: {out / 'digest.md'}: cannot write (a folder is in the way; move it)"
    )


def _small_files() -> None:
    """In the child: files may not grow past 2 KB, and the kernel says so with EFBIG
    instead of killing the process with SIGXFSZ."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))


def test_a_write_that_fails_names_the_file_and_keeps_the_previous_digest(
    tmp_path: Path,
) -> None:
    inputs = articles_folder(tmp_path / "in")
    out = tmp_path / "out"
    assert brief(inputs, "--lang", "it", "--out", out).returncode == 0
    previous = (out / "digest.json").read_bytes()
    (inputs / "more.txt").write_text(article(BASES[2]), encoding="utf-8")
    proc = brief(inputs, "--lang", "it", "--out", out, preexec=_small_files)
    assert proc.returncode == 2
    errors = [e for e in proc.stderr.splitlines() if e.startswith("brief: error:")]
    assert len(errors) == 1 and "Traceback" not in proc.stderr, proc.stderr
    line = errors[0]
    assert re.fullmatch(rf"brief: error: {re.escape(str(out))}/\S+: cannot write \(.+\)", line)
    assert "unexpected" not in line
    assert (out / "digest.json").read_bytes() == previous


@pytest.fixture
def full_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A 64 KiB tmpfs, almost full; skipped where mounting is not allowed (not root, no
    CAP_SYS_ADMIN), as on most CI runners."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        (mount / "out").mkdir()
        (mount / "filler").write_bytes(os.urandom(40 * 1024))
        yield mount / "out"
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_disk_full_names_the_file(full_disk: Path, tmp_path: Path) -> None:
    proc = brief(articles_folder(tmp_path / "in"), "--lang", "it", "--out", full_disk)
    assert proc.returncode == 2
    line = proc.stderr.strip().splitlines()[-1]
    assert line.startswith(f"brief: error: {full_disk}/")
    assert line.endswith(": cannot write (no space left on the device; free some space)")


def test_sigterm_ends_like_sigint_with_one_line_and_exit_143(tmp_path: Path) -> None:
    out = tmp_path / "out"
    inputs = articles_folder(tmp_path / "in")
    assert brief(inputs, "--lang", "it", "--out", out).returncode == 0
    previous = (out / "digest.json").read_bytes()
    for n in range(400):
        base = BASES[n % len(BASES)]
        (inputs / f"{n:03d}-{base}.txt").write_text(article(base, f"Titolo {n} di {base}"))
    (out / ".brief.lock").unlink()  # it reappears when the next run takes the lock
    proc = subprocess.Popen(
        [sys.executable, "-m", "summarize", inputs, "--lang", "it", "--out", out],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while not (out / ".brief.lock").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, "the run ended before it could be terminated"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143, err
    assert err.strip().splitlines()[-1] == (
        "brief: error: terminated (SIGTERM); the previous digest is untouched"
    )
    assert "Traceback" not in err
    assert (out / "digest.json").read_bytes() == previous
    assert not list(out.rglob("*.tmp"))
    again = brief(SEEDS, "--lang", "it", "--out", out, "--wait", "0")
    assert again.returncode == 0, "the lock died with the terminated run"


def test_an_empty_summarizer_folder_names_the_summarizer_flag(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    proc = brief(
        SEEDS, "--lang", "it", "--out", tmp_path / "out", "--summarizer", tmp_path / "empty"
    )
    line = one_error_line(proc)
    assert proc.returncode == 2
    assert "--summarizer" in line and "--model" not in line


def test_a_cron_run_prints_no_progress_noise(tmp_path: Path) -> None:
    proc = brief(articles_folder(tmp_path / "in"), "--lang", "it", "--out", tmp_path / "out")
    assert proc.returncode == 0
    assert proc.stderr == ""
    assert proc.stdout.startswith("brief: 2 briefed, 0 failed")


def test_explain_and_verbose_count_the_same_thing_in_the_same_words(tmp_path: Path) -> None:
    inputs = articles_folder(tmp_path / "in")
    proc = brief(inputs, "--lang", "it", "--out", tmp_path / "out", "--explain", "--verbose")
    assert proc.returncode == 0, proc.stderr
    counts = r"kept (\d+) blocks, dropped (\d+) lines"
    for base in BASES[:2]:
        source = re.escape(str(inputs / f"{base}.txt"))
        explained = re.search(rf"^{source}: {counts}$", proc.stdout, re.MULTILINE)
        logged = re.search(rf"^brief: DEBUG: {source}: {counts}$", proc.stderr, re.MULTILINE)
        assert explained and logged, proc.stdout + proc.stderr
        assert explained.groups() == logged.groups()


def _umask(mask: int) -> Callable[[], None]:
    return lambda: os.umask(mask)  # type: ignore[return-value]


def test_outputs_honour_the_umask_and_keep_an_existing_mode(tmp_path: Path) -> None:
    inputs = articles_folder(tmp_path / "in")
    out = tmp_path / "out"
    assert brief(inputs, "--lang", "it", "--out", out, preexec=_umask(0o022)).returncode == 0
    written = [out / "digest.md", out / "digest.json", *(out / "briefings").iterdir()]
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {"0o644"}
    private = tmp_path / "private"
    assert brief(inputs, "--lang", "it", "--out", private, preexec=_umask(0o077)).returncode == 0
    assert stat.S_IMODE((private / "digest.json").stat().st_mode) == 0o600
    (out / "digest.json").chmod(0o640)
    assert brief(inputs, "--lang", "it", "--out", out, preexec=_umask(0o077)).returncode == 0
    assert stat.S_IMODE((out / "digest.json").stat().st_mode) == 0o640
    assert stat.S_IMODE((out / "digest.md").stat().st_mode) == 0o644


def test_briefings_of_inputs_no_longer_given_are_tidied(tmp_path: Path) -> None:
    inputs = articles_folder(tmp_path / "in", 4)
    out = tmp_path / "out"
    assert brief(inputs, "--lang", "it", "--out", out).returncode == 0
    first = {Path(a["source"]).name: a["briefing"] for a in digest_of(out)["articles"]}
    (out / "briefings" / "my-notes.md").write_text("mine")  # never written by brief
    (inputs / f"{BASES[0]}.txt").unlink()  # no longer given
    (inputs / f"{BASES[1]}.txt").write_bytes(b"")  # still given, fails this time
    proc = brief(inputs, "--lang", "it", "--out", out)
    assert proc.returncode == 1, proc.stderr
    gone = out / first[f"{BASES[0]}.txt"]
    assert not gone.exists() and not gone.with_suffix(".html").exists()
    assert (out / first[f"{BASES[1]}.txt"]).is_file(), "a passing failure keeps its briefing"
    assert (out / "briefings" / "my-notes.md").read_text() == "mine"
    for a in digest_of(out)["articles"]:
        assert (out / a["briefing"]).is_file()

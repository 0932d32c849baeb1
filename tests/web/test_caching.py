"""web.caching.computed_once: one server process computes, the others take its result."""

from collections.abc import Callable

import pytest
from django.core.cache import cache, caches

from planwatch.web import caching

pytestmark = pytest.mark.django_db


class Counting:
    """A computation that counts its runs."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.runs = 0

    def __call__(self) -> object:
        self.runs += 1
        return self.value


def test_computed_once_then_read_from_memory_then_from_the_shared_cache() -> None:
    compute = Counting(["hàng 1", "hàng 2"])

    first = caching.computed_once("thử:1", compute, timeout=60)
    second = caching.computed_once("thử:1", compute, timeout=60)
    cache.clear()  # another process: none of this one's memory, the same database
    third = caching.computed_once("thử:1", compute, timeout=60)

    assert first == second == third == ["hàng 1", "hàng 2"]
    assert compute.runs == 1
    assert caches["shared"].get("thử:1:computing") is None


def test_a_process_waits_for_the_one_computing(monkeypatch: pytest.MonkeyPatch) -> None:
    shared = caches["shared"]
    shared.add("thử:2:computing", 1, timeout=30)  # another process has started
    polls: list[float] = []

    def other_process_finishes(seconds: float) -> None:
        polls.append(seconds)
        if len(polls) == 3:
            shared.set("thử:2", "kết quả của tiến trình kia", timeout=60)

    monkeypatch.setattr(caching.time, "sleep", other_process_finishes)
    compute = Counting("tự tính")

    found = caching.computed_once("thử:2", compute, timeout=60)

    assert found == "kết quả của tiến trình kia"
    assert compute.runs == 0
    assert len(polls) == 3


def test_a_process_computes_itself_when_the_other_stops_without_a_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shared = caches["shared"]
    shared.add("thử:3:computing", 1, timeout=30)
    monkeypatch.setattr(caching.time, "sleep", lambda seconds: shared.delete("thử:3:computing"))
    compute = Counting("tự tính")

    found = caching.computed_once("thử:3", compute, timeout=60)

    assert found == "tự tính"
    assert compute.runs == 1


def test_a_failed_computation_leaves_no_claim_behind() -> None:
    def broken() -> object:
        raise RuntimeError("hỏng")

    with pytest.raises(RuntimeError):
        caching.computed_once("thử:4", broken, timeout=60)
    compute: Callable[[], object] = Counting("lần sau")

    assert caches["shared"].get("thử:4:computing") is None
    assert caching.computed_once("thử:4", compute, timeout=60) == "lần sau"

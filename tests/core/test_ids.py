"""Ids from names: readable, unique, and linear to hand out (meshdesk.core.ids)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from meshdesk.core.ids import IdAllocator, id_base
from meshdesk.core.workbook import ID_PATTERN, make_id


class CountingSet(set[str]):
    """A set that counts the membership tests made of it: the work of handing out ids."""

    probes = 0

    def __contains__(self, item: object) -> bool:
        CountingSet.probes += 1
        return super().__contains__(item)


def counting(allocator: IdAllocator) -> IdAllocator:
    allocator._taken = CountingSet(allocator._taken)
    return allocator


def first_free(name: str, taken: list[str]) -> str:
    """The id rule stated naively: the base, else base-2, base-3 ... whichever is free first."""
    base, n = id_base(name), 2
    candidate = base
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def test_ids_are_readable_and_unique():
    ids = IdAllocator(["mesh"])
    assert [ids.take("Mesh"), ids.take("mesh!"), ids.take("Other"), ids.take("Über")] == [
        "mesh-2",
        "mesh-3",
        "other",
        "ber",
    ]
    assert ids.take("日本") == "item" and ids.take("中文") == "item-2"
    assert "mesh-3" in ids and "mesh-4" not in ids


def test_an_added_id_is_never_handed_out():
    ids = IdAllocator()
    ids.add("core-2")
    assert [ids.take("Core"), ids.take("Core"), ids.take("Core")] == ["core", "core-3", "core-4"]


def test_make_id_keeps_working_for_its_callers():
    assert make_id("Ease of use") == "ease-of-use"
    assert make_id("Ease of use", ["ease-of-use"]) == "ease-of-use-2"
    assert make_id("Ease of use", {"ease-of-use", "ease-of-use-2"}) == "ease-of-use-3"
    taken = IdAllocator(["ease-of-use"])
    assert make_id("Ease of use", taken) == "ease-of-use-2"
    assert make_id("Ease of use", taken) == "ease-of-use-3"  # taken from the allocator
    assert make_id("x" * 300) == "x" * 56


def test_twenty_thousand_names_of_one_base_cost_linear_work():
    """Before: each id asked base, base-2, ... base-n in turn: 200 million lookups here."""
    CountingSet.probes = 0
    ids = counting(IdAllocator())
    names = [f"Mesh {chr(0x4E00 + i)}" for i in range(20_000)]  # all of them "mesh"
    handed = [ids.take(name) for name in names]
    assert handed[:3] == ["mesh", "mesh-2", "mesh-3"] and handed[-1] == "mesh-20000"
    assert len(set(handed)) == 20_000
    assert CountingSet.probes <= 2 * len(names)


def test_taken_ids_of_the_form_base_n_are_skipped_once():
    CountingSet.probes = 0
    ids = counting(IdAllocator([f"mesh-{n}" for n in range(2, 5_002)] + ["mesh"]))
    handed = [ids.take("Mesh") for _ in range(5_000)]
    assert handed[0] == "mesh-5002" and handed[-1] == "mesh-10001"
    assert CountingSet.probes <= 5_001 + 2 * 5_000


names = st.lists(
    st.sampled_from(["a", "B", "-", " ", "2", "é", "日", "!", "mesh", "mesh-2", "-3"]), max_size=6
).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "a-2", "mesh", "mesh-3", "item"]), max_size=5, unique=True),
    st.lists(names, max_size=30),
)
def test_allocator_gives_what_the_naive_rule_gives(initial, sequence):
    """Same ids as asking make_id's rule each time of everything taken so far, only linear."""
    ids = IdAllocator(initial)
    taken = list(initial)
    for name in sequence:
        expected = first_free(name, taken)
        assert ids.take(name) == expected
        assert ID_PATTERN.match(expected)
        taken.append(expected)
    assert len(set(taken)) == len(taken)

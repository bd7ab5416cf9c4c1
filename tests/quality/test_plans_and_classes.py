"""Plans for a lot, 100 % inspection, bad input, and the lot verdict over defect classes (D4-11)."""

import subprocess
import sys

import pytest

from gendan.quality.sampling import (
    SamplingInputError,
    class_plans,
    lot_verdict,
    sampling_plan,
)


def test_final_inspection_of_3200_pieces_at_level_ii_aql_2_5_asks_125_samples_ac7_re8():
    """D4-11: the issue's scenario — 3,200 pcs, level II, AQL 2.5, normal."""
    plan = sampling_plan(lot_size=3200, level="II", aql="2.5")
    assert plan.as_dict() == {
        "standard": "gb2828", "severity": "normal", "level": "II", "aql": "2.5",
        "lot_size": 3200, "code_letter": "K", "plan_code_letter": "K",
        "table_sample_size": 125, "sample_size": 125, "full_inspection": False,
        "ac": 7, "re": 8, "arrow": "",
    }  # fmt: skip


def test_eight_major_defects_fail_the_3200_piece_lot_and_seven_pass():
    """D4-11: 8 major defects reach Re 8 → the lot is rejected; 7 are still accepted."""
    plans = class_plans(lot_size=3200, level="II")
    failed = lot_verdict(plans, {"critical": 0, "major": 8, "minor": 0})
    passed = lot_verdict(plans, {"critical": 0, "major": 7, "minor": 10})
    assert (failed.is_accepted, failed.rejected_classes) == (False, ("major",))
    assert (passed.is_accepted, passed.rejected_classes) == (True, ())


def test_company_default_classes_critical_zero_major_2_5_minor_4_0():
    plans = class_plans(lot_size=3200, level="II")
    summary = {name: (p.aql, p.sample_size, p.ac, p.re) for name, p in plans.items()}
    assert summary == {
        "critical": ("0", 125, 0, 1),
        "major": ("2.5", 125, 7, 8),
        "minor": ("4.0", 125, 10, 11),
    }


def test_one_critical_defect_rejects_the_lot_whatever_the_other_classes_say():
    plans = class_plans(lot_size=3200, level="II")
    verdict = lot_verdict(plans, {"critical": 1, "major": 0, "minor": 0})
    assert verdict.is_accepted is False
    assert [(r.defect_class, r.is_accepted) for r in verdict.results] == [
        ("critical", False), ("major", True), ("minor", True),
    ]  # fmt: skip


def test_two_classes_rejected_are_both_named():
    plans = class_plans(lot_size=3200, level="II")
    verdict = lot_verdict(plans, {"major": 9, "minor": 11})
    assert verdict.rejected_classes == ("major", "minor")


def test_small_lot_is_inspected_in_full_when_the_sample_is_at_least_the_lot():
    """Arrow footnote: n ≥ lot size → 100 % inspection (lot 5, II, AQL 0.65 → ↓ to n = 20)."""
    plan = sampling_plan(lot_size=5, level="II", aql="0.65")
    assert (plan.code_letter, plan.plan_code_letter, plan.arrow) == ("A", "F", "↓")
    assert (plan.table_sample_size, plan.sample_size, plan.full_inspection) == (20, 5, True)
    assert (plan.ac, plan.re) == (0, 1)


def test_sample_equal_to_lot_is_full_inspection():
    plan = sampling_plan(lot_size=8, level="II", aql="1.5")  # A, ↓ to D: n = 8 = lot
    assert (plan.plan_code_letter, plan.table_sample_size) == ("D", 8)
    assert (plan.sample_size, plan.full_inspection) == (8, True)


def test_arrow_up_uses_the_plan_above_and_its_letter():
    plan = sampling_plan(lot_size=3200, level="II", aql="0.15")  # K → ↑ to J, 80, 0/1
    assert (plan.plan_code_letter, plan.table_sample_size, plan.ac, plan.re, plan.arrow) == (
        "J", 80, 0, 1, "↑",
    )  # fmt: skip


def test_tightened_and_reduced_plans_for_the_same_lot():
    tightened = sampling_plan(lot_size=3200, level="II", aql="2.5", severity="tightened")
    reduced_gb = sampling_plan(lot_size=3200, level="II", aql="2.5", severity="reduced")
    reduced_z14 = sampling_plan(
        lot_size=3200, level="II", aql="2.5", severity="reduced", standard="z14"
    )
    assert (tightened.table_sample_size, tightened.ac, tightened.re) == (125, 5, 6)
    assert (reduced_gb.table_sample_size, reduced_gb.ac, reduced_gb.re) == (50, 5, 6)
    assert (reduced_z14.table_sample_size, reduced_z14.ac, reduced_z14.re) == (50, 3, 6)


@pytest.mark.parametrize("aql", [2.5, "2.50", " 2.5 ", "2.5"])
def test_aql_spellings_are_read_as_the_series_value(aql):
    assert sampling_plan(lot_size=3200, aql=aql).aql == "2.5"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"lot_size": 0}, "lot_size"),
        ({"lot_size": -3}, "lot_size"),
        ({"lot_size": 100, "aql": "3.0"}, "aql"),
        ({"lot_size": 100, "aql": "abc"}, "aql"),
        ({"lot_size": 100, "aql": "sNaN"}, "aql"),
        ({"lot_size": 100, "aql": "Infinity"}, "aql"),
        ({"lot_size": True}, "lot_size"),
        ({"lot_size": 100, "level": "IV"}, "level"),
        ({"lot_size": 100, "severity": "strict"}, "severity"),
        ({"lot_size": 100, "standard": "iso9001"}, "standard"),
    ],
)
def test_bad_input_is_refused_naming_the_field(kwargs, code):
    with pytest.raises(SamplingInputError) as caught:
        sampling_plan(**kwargs)
    assert caught.value.code == code
    assert caught.value.allowed


def test_unknown_defect_class_is_refused():
    with pytest.raises(SamplingInputError):
        class_plans(lot_size=100, aqls={"cosmetic": "4.0"})


def test_only_zero_acceptance_classes_use_the_code_letters_own_sample():
    plans = class_plans(lot_size=3200, aqls={"critical": "0"})
    critical = plans["critical"]
    assert list(plans) == ["critical"]
    assert (critical.code_letter, critical.sample_size, critical.ac, critical.re) == (
        "K",
        125,
        0,
        1,
    )


def test_zero_acceptance_class_uses_the_largest_sample_of_the_other_classes():
    """Major 0.25 on K follows ↓ to L (200); the critical class is judged on those 200."""
    plans = class_plans(lot_size=3200, aqls={"critical": "0", "major": "0.25", "minor": "4.0"})
    assert plans["major"].sample_size == 200
    assert (plans["critical"].sample_size, plans["critical"].ac) == (200, 0)


def test_the_engine_is_pure_python_without_django():
    """DESIGN.md: pure engines stay pure — importing the engine loads no Django."""
    code = (
        "import sys; import gendan.quality.sampling, gendan.quality.sampling.switching, "
        "gendan.quality.sampling.command; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

"""Whatever a user types into a section form, the answer is a save or a list of messages:
never a server error, and nothing invalid is stored."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evalcenter.applications.models import Application
from evalcenter.extensions import db
from evalcenter.rounds.rulesets import ruleset_for_round
from evalcenter.scoring import Source
from tests.applications.helpers import post_section
from tests.conftest import client_for

TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "-1",
            "0",
            "1e309",
            "NaN",
            "Infinity",
            "１２３",
            "1,000.5",
            "7.0",
            "true",
            "",
            " ",
            "99999999999999999999999",
            "0.001",
            "<script>",
            "{{7*7}}",
        ]
    ),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    finance=st.fixed_dictionaries(
        {"main_revenue": TEXT, "total_profit": TEXT, "new_product_revenue": TEXT}
    ),
    talent=st.fixed_dictionaries(
        {"employees": TEXT, "rd_staff": TEXT, "external_expert_person_months": TEXT}
    ),
)
def test_random_answers_never_break_or_store_invalid_data(app, people, draft, finance, talent):
    # One login for all examples (the fixtures live as long as the whole test).
    client = getattr(people, "fuzz_client", None) or client_for(app, people.applicant)
    people.fuzz_client = client
    for section_id, answers in (("finance", finance), ("talent", talent)):
        response = post_section(client, draft, section_id, answers)
        if any("\x00" in value for value in answers.values()):
            assert response.status_code == 400  # no field accepts NUL (see core.security)
        else:
            assert response.status_code in (200, 302)
    stored = db.session.get(Application, draft.id).data
    ruleset = ruleset_for_round(draft.round)
    present = [s for s in ruleset.inputs if s.key in stored]
    from evalcenter.scoring.inputs import validate_application

    assert validate_application(stored, present, Source.APPLICANT)[1] == []

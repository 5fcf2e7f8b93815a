"""Labels from a rule file (written by administrators) reach the company's form as text,
never as markup: in a field's label and in a select's options."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField

from evalcenter.applications.forms import _text
from evalcenter.scoring.messages import Label


def test_rule_labels_are_escaped_in_labels_and_options(app):
    hostile = Label(zh="<b>研发</b>&投入", en="<b>R&D</b>")

    class Form(FlaskForm):
        level = SelectField(_text(hostile), choices=[("", "—"), ("x", _text(hostile))])

    with app.test_request_context("/"):
        form = Form(meta={"csrf": False})
        rendered = form.level() + form.level.label()
    assert "<b>" not in rendered
    assert "&lt;b&gt;研发&lt;/b&gt;&amp;投入" in rendered

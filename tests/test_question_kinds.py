"""A kind of question is one class and its schema entry: every other part of the course (the bank
loader and checks, the quiz widget, the book edition, the answer key, the class summary and
the progress record's words) asks the question itself."""

from __future__ import annotations

import copy
import json
import shutil
from dataclasses import dataclass
from typing import Any

import pytest

from course import answer_key, banks, classroom
from course.paths import REPO_DIR
from course.quiz import KIND_CLASSES, InvalidResponse, Question
from course.quiz_widget import QuestionView, QuizWidget

SCHEMA = REPO_DIR / "data" / "schema" / "quiz.schema.json"
#: The methods that differ from kind to kind; Question's own only raise or give a default.
KIND_METHODS = ("from_bank", "make_input", "parse", "_judge", "answer_text", "static_html")


def test_every_kind_has_a_class_and_a_schema_entry():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    named = schema["$defs"]["question"]["properties"]["kind"]["enum"]
    assert sorted(named) == sorted(KIND_CLASSES)
    branches = {b["if"]["properties"]["kind"]["const"]: b["then"]["$ref"]
                for b in schema["$defs"]["question"]["allOf"]}
    for kind, cls in KIND_CLASSES.items():
        assert kind in cls.kinds
        assert branches[kind] == f"#/$defs/{cls.schema_name or kind}", kind
        for name in KIND_METHODS:
            assert getattr(cls, name) is not getattr(Question, name), f"{cls.__name__} lacks {name}"


# --- a kind the course does not have: "yes or no" ----------------------------------------------


def _toy_schema() -> dict:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    question = schema["$defs"]["question"]
    question["properties"]["kind"]["enum"].append("yes_no")
    branch = copy.deepcopy(question["allOf"][0])
    branch["if"]["properties"]["kind"]["const"] = "yes_no"
    branch["then"]["$ref"] = "#/$defs/yes_no"
    question["allOf"].append(branch)
    schema["$defs"]["yes_no"] = {"required": ["answer", "feedback_wrong"],
                                 "properties": {"answer": {"type": "boolean"},
                                                "feedback_wrong": {"$ref": "#/$defs/markdown"}}}
    return schema


TOY_BANK = """\
lesson: 98_toy_lesson
title: Toy lesson
quizzes:
  "1.1":
    - id: rest-helps
      kind: yes_no
      prompt: Does bed rest speed recovery from acute back pain?
      answer: false
      feedback_wrong: Staying active does better than bed rest.
"""


@pytest.fixture
def toy_kind(tmp_path, monkeypatch):
    """The class of a new kind, 'yes_no', and a copy of the course data whose schema and banks
    know it (the class leaves the registry again after the test)."""
    monkeypatch.setitem(KIND_CLASSES, "yes_no", None)  # removed again when the test ends

    @dataclass(frozen=True, kw_only=True)
    class YesNoQuestion(Question, kinds="yes_no"):
        answer: bool
        feedback_wrong: str

        @classmethod
        def from_bank(cls, raw, common):
            return cls(**common, answer=raw["answer"], feedback_wrong=raw["feedback_wrong"])

        def parse(self, response: Any) -> bool:
            if response not in ("yes", "no"):
                raise InvalidResponse("Answer yes or no.")
            return response == "yes"

        def _judge(self, value, reveal):
            right = value == self.answer
            return right, "Right." if right else self.feedback_wrong, ()

        def answer_text(self):
            return "yes" if self.answer else "no"

        def make_input(self, ui, explorer=None):
            return ui.widgets.ToggleButtons(options=["yes", "no"], value=None)

        def static_html(self):
            return "<p><i>Answer yes or no.</i></p>"

        def key_html(self):
            return f"<p>Wrong answer: {self.feedback_wrong}</p>"

        def response_text(self, response):
            return f"said {response}"

        def response_from_text(self, text):
            return text.removeprefix("said ")

    data = tmp_path / "data"
    (data / "schema").mkdir(parents=True)
    (data / "schema" / "quiz.schema.json").write_text(json.dumps(_toy_schema()), encoding="utf-8")
    for name in ("references.yml", "claims.csv"):
        shutil.copy(REPO_DIR / "data" / name, data / name)
    (data / "quizzes").mkdir()
    (data / "quizzes" / "98_toy_lesson.yml").write_text(TOY_BANK, encoding="utf-8")
    monkeypatch.setenv("COURSE_DATA_DIR", str(data))
    return YesNoQuestion


def test_a_new_kind_is_one_class_and_its_schema_entry(toy_kind):
    assert banks.validate_bank(banks.bank_path("98")) == []
    q = banks.load_bank("98").question("rest-helps")
    assert isinstance(q, toy_kind) and q.kind == "yes_no"

    view = QuestionView(q)  # the quiz widget: its input, Check and Try again
    view.input.value = "yes"
    assert not view.check().correct and "Staying active" in view.feedback.value
    view.reset_button.click()
    assert view.input.value is None and view.feedback.value == ""

    assert "Answer yes or no." in QuizWidget("98", "1.1").static_html()  # the book edition
    key = answer_key._question_key_html(q)  # the answer key
    assert "<b>Answer:</b> no" in key and "Wrong answer: Staying active" in key
    assert banks.response_text(q.full_id, "yes") == "said yes"  # the progress record's words
    assert classroom._feedback_for(q, "said yes") == "Staying active does better than bed rest."


def test_a_bank_entry_of_the_new_kind_is_checked_against_its_schema_entry(toy_kind):
    path = banks.bank_path("98")
    path.write_text(TOY_BANK.replace("answer: false", "answer: maybe\n      items: [a, b]"), encoding="utf-8")
    problems = [m.split(": ", 1)[1] for m in banks.validate_bank(path)]
    assert sorted(problems) == ["question 'rest-helps': field 'answer' must be true or false, got 'maybe'",
                                "question 'rest-helps': unknown field 'items' (it belongs to kind order, and "
                                "this question is yes_no)"]

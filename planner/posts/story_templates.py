"""Story templates: named fields with a hint each, that structure the writing of a post.

Every field's text is kept on the post under the field's name, so switching template never loses
what was written; the body is composed from the current template's fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class TemplateField:
    name: str
    label: LazyString
    hint: LazyString


@dataclass(frozen=True)
class StoryTemplate:
    key: str
    label: LazyString
    description: LazyString
    fields: tuple[TemplateField, ...]


FREE = "free"

STORY_TEMPLATES: dict[str, StoryTemplate] = {
    template.key: template
    for template in (
        StoryTemplate(
            "car",
            _l("Challenge – action – result"),
            _l("The classic result story: what was wrong, what was done, what it led to."),
            (
                TemplateField(
                    "car_challenge",
                    _l("Challenge"),
                    _l("What was the problem, and who felt it? Use a person or a number."),
                ),
                TemplateField(
                    "car_action",
                    _l("Action"),
                    _l("What did the municipality and the employees do about it, together?"),
                ),
                TemplateField(
                    "car_result",
                    _l("Result"),
                    _l("What changed? Cite the measured result and what it means for people."),
                ),
            ),
        ),
        StoryTemplate(
            "star",
            _l("STAR"),
            _l("Situation, task, action and result: good for stories about one team."),
            (
                TemplateField(
                    "star_situation", _l("Situation"), _l("Where and when? Set the scene briefly.")
                ),
                TemplateField("star_task", _l("Task"), _l("What had to be solved, and by whom?")),
                TemplateField(
                    "star_action", _l("Action"), _l("What did they do? Concrete steps, not plans.")
                ),
                TemplateField(
                    "star_result",
                    _l("Result"),
                    _l("What came of it? Numbers, quotes, what is different now."),
                ),
            ),
        ),
        StoryTemplate(
            "before_after",
            _l("Before – after – bridge"),
            _l("Show the old situation, the new one, and what got us from one to the other."),
            (
                TemplateField("bab_before", _l("Before"), _l("How was it before? Be concrete.")),
                TemplateField("bab_after", _l("After"), _l("How is it now? Cite the result.")),
                TemplateField(
                    "bab_bridge", _l("Bridge"), _l("What made the difference, and who did it?")
                ),
            ),
        ),
        StoryTemplate(
            "spine",
            _l("Story spine"),
            _l("The storyteller's spine: once upon a time … and ever since then."),
            (
                TemplateField(
                    "spine_once",
                    _l("Once upon a time …"),
                    _l("Introduce the people and the place."),
                ),
                TemplateField("spine_every_day", _l("Every day …"), _l("What was normal then?")),
                TemplateField(
                    "spine_one_day", _l("Until one day …"), _l("What happened that changed things?")
                ),
                TemplateField(
                    "spine_because",
                    _l("Because of that …"),
                    _l("What followed? One step after another."),
                ),
                TemplateField(
                    "spine_finally", _l("Until finally …"), _l("The turning point, the result.")
                ),
                TemplateField(
                    "spine_ever_since", _l("And ever since then …"), _l("How is it now?")
                ),
            ),
        ),
        StoryTemplate(
            FREE,
            _l("Free"),
            _l("Write freely, without a fixed structure."),
            (TemplateField("body", _l("Text"), _l("Markdown: **bold**, *italic*, lists, links.")),),
        ),
    )
}

#: Every field of every template, in order.
ALL_FIELDS: tuple[TemplateField, ...] = tuple(
    field for template in STORY_TEMPLATES.values() for field in template.fields
)


def template_of(key: str) -> StoryTemplate:
    return STORY_TEMPLATES.get(key, STORY_TEMPLATES[FREE])


def compose_body(template_key: str, sections: dict[str, str]) -> str:
    """The Markdown body: the current template's non-empty fields, as paragraphs in order."""
    texts = (sections.get(field.name, "").strip() for field in template_of(template_key).fields)
    return "\n\n".join(text for text in texts if text)


def texts_kept_from_other_templates(template_key: str, sections: dict[str, str]) -> list:
    """Fields of other templates that hold text: kept, and shown so the writer can reuse them."""
    current = {field.name for field in template_of(template_key).fields}
    return [
        (field, sections[field.name])
        for field in ALL_FIELDS
        if field.name not in current and (sections.get(field.name) or "").strip()
    ]

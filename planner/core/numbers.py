"""Numbers as Norwegians type them: "7,5" and "7.5", "1 234,5", and a real minus sign."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import ValidationError

#: Numbers are kept as NUMERIC(16, 4) (`core.db.types.ExactDecimal`): twelve digits before the
#: decimal mark, four after it.
WHOLE_DIGITS = 12
LIMIT = Decimal(10) ** WHOLE_DIGITS

_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_local_decimal(text: str) -> Decimal:
    """Read a decimal written with a comma or a point; raise ValueError if it is not one."""
    cleaned = _SPACES.sub("", text or "").replace("\u2212", "-")
    if not cleaned:
        raise ValueError("empty")
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        whole = cleaned[: cleaned.rfind(decimal_mark)]
        if not re.fullmatch(rf"[-+]?\d{{1,3}}(\{thousands}\d{{3}})+", whole):
            raise ValueError(f"not a number: {text!r}")
        cleaned = cleaned.replace(thousands, "").replace(decimal_mark, ".")
    elif cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    elif cleaned.count(".") > 1 or cleaned.count(",") > 1:
        if not re.fullmatch(r"[-+]?\d{1,3}([.,]\d{3})+", cleaned):
            raise ValueError(f"not a number: {text!r}")
        cleaned = cleaned.replace(".", "").replace(",", "")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise ValueError(f"not a number: {text!r}")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None


def format_number(
    value: Decimal | int | float | None, *, places: int | None = None, grouping: bool = True
) -> str:
    """A number for people, in the current locale; as many decimals as it has unless `places`.

    Without grouping it is fit for an input field: "1500,5", never "1 500,5" or "1,500.5", which
    would read back as another number.
    """
    if value is None:
        return "–"
    if places is None:
        exponent = Decimal(value).normalize().as_tuple().exponent
        if not isinstance(exponent, int):  # "n", "N" or "F": NaN or infinity
            raise ValueError(f"not a finite number: {value!r}")
        places = max(0, -exponent)
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern)


class LocalDecimalField(StringField):
    """A decimal input that accepts a decimal comma or point and shows the stored value back."""

    #: No number the field accepts is written with more characters (12 digits, the mark, 4
    #: decimals, a sign and group spaces): a longer text is refused before it is parsed.
    max_length = 32

    def __init__(self, label=None, validators=None, *, required: bool = True, **kwargs):
        # Phones then offer a keyboard with a decimal separator.
        render_kw = {"inputmode": "decimal", **(kwargs.pop("render_kw", None) or {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.required = required
        self.number: Decimal | None = None

    def process_data(self, value) -> None:
        self.data = None if value is None else format_number(value, grouping=False)
        self.number = value

    def process_formdata(self, valuelist) -> None:
        self.data = valuelist[0].strip() if valuelist else ""

    def pre_validate(self, form) -> None:
        self.number = None
        if not self.data:
            if self.required:
                raise ValidationError(_l("Enter a number."))
            return
        try:
            if len(self.data) > self.max_length:
                raise ValueError(self.data[:40])
            number = parse_local_decimal(self.data)
        except ValueError:
            raise ValidationError(_l("Enter a number, like 7,5 or 14.")) from None
        if abs(number) >= LIMIT:
            raise ValidationError(
                _l(
                    "Enter a number with at most %(digits)d digits before the decimal mark.",
                    digits=WHOLE_DIGITS,
                )
            )
        self.number = number

    def populate_obj(self, obj, name) -> None:
        setattr(obj, name, self.number)

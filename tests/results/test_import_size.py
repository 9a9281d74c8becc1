"""A CSV file over the upload limit comes back to the import form, the error at the file field;
every other page keeps the generic 413 page."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from planner.core.extensions import db
from planner.results.models import Measurement
from tests.conftest import TEST_PASSWORD
from tests.posts.helpers import Page

LIMIT = 2 * 1024 * 1024
GOOD_LINE = b"31.12.2013;19;Etter f\xc3\xb8rste halv\xc3\xa5r\n"


@pytest.fixture
def indicator(two_municipalities, make_indicator):
    return make_indicator(two_municipalities["a"], "Sykefravær", unit="%", baseline_value=11)


def csv_of(size: int) -> bytes:
    """A well-formed CSV file of about `size` bytes (importable, were it small enough)."""
    return b"dato;verdi;merknad\n" + GOOD_LINE * (size // len(GOOD_LINE) + 1)


def upload(client, indicator, data: bytes, **fields):
    """Post the file as a browser does. The body is made here, in memory: the test client would
    spool a large one to a temporary file that nobody closes when the app never reads it."""
    boundary, body = encode_multipart(
        MultiDict({"file": FileStorage(io.BytesIO(data), "sykefravaer.csv"), **fields})
    )
    return client.post(
        f"/m/alfa/results/indicators/{indicator.id}/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def measurement_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Measurement.id)))


def file_error(html: str) -> str:
    match = re.search(
        r'<div class="ds-validation-message"[^>]*id="file-error">(.*?)</div>', html, re.S
    )
    assert match, "no error at the file field"
    return " ".join(Page.of(match.group(1)).text.split())


def test_a_file_over_2_mb_comes_back_to_the_form_with_the_error_at_the_file_field(
    client, auth, indicator
):
    auth.login("editor@alfa.kommune.no")
    response = upload(client, indicator, csv_of(LIMIT))
    assert response.status_code == 413
    html = response.text
    assert "Import measurements to Sykefravær" in html  # the import form, not the bare 413 page
    assert 'enctype="multipart/form-data"' in html
    error = file_error(html)
    assert "The file is larger than 2 MB" in error and "nothing was imported" in error
    # The field points at its error; the summary leads to the field.
    field = re.search(r'<input[^>]*name="file"[^>]*>', html).group()
    assert 'aria-invalid="true"' in field and "file-error" in field
    assert 'href="#file"' in html and "Nothing was imported" in html
    assert measurement_count() == 0


def test_a_file_just_under_the_limit_is_imported(client, auth, indicator):
    auth.login("editor@alfa.kommune.no")
    response = upload(client, indicator, b"dato;verdi;merknad\n" + GOOD_LINE)
    assert response.status_code == 302
    assert measurement_count() == 1


class TestSmallLimit:
    """A limit from the configuration: the message gives it, in the person's language."""

    @pytest.fixture
    def app_settings(self):
        return {"MAX_CONTENT_LENGTH": 1536 * 1024}  # 1.5 MB

    def test_the_limit_is_formatted_for_the_language(self, client, auth, indicator):
        auth.login("editor@alfa.kommune.no")
        assert "larger than 1.5 MB" in file_error(upload(client, indicator, csv_of(LIMIT)).text)
        client.post("/language", data={"locale": "nb", "next": "/"})
        response = upload(client, indicator, csv_of(LIMIT))
        assert response.status_code == 413
        assert "1,5 MB" in file_error(response.text)
        assert measurement_count() == 0


class TestWithCsrf:
    """As in production: the CSRF check reads the body before the view, and that is where the
    limit is hit; the page comes back all the same, with a fresh token that works."""

    @pytest.fixture
    def app_settings(self):
        return {"WTF_CSRF_ENABLED": True, "MAX_CONTENT_LENGTH": 64 * 1024}

    def token(self, html: str) -> str:
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)

    def test_the_form_comes_back_and_takes_a_smaller_file(
        self, client, two_municipalities, indicator
    ):
        token = self.token(client.get("/login").text)
        client.post(
            "/login",
            data={
                "email": "editor@alfa.kommune.no",
                "password": TEST_PASSWORD,
                "csrf_token": token,
            },
        )
        url = f"/m/alfa/results/indicators/{indicator.id}/import"
        token = self.token(client.get(url).text)
        response = upload(client, indicator, csv_of(100 * 1024), csrf_token=token)
        assert response.status_code == 413
        assert "The file is larger than 64 kB" in file_error(response.text)
        token = self.token(response.text)
        small = upload(client, indicator, b"dato;verdi\n" + b"31.12.2013;19\n", csrf_token=token)
        assert small.status_code == 302
        assert measurement_count() == 1

    def test_someone_who_may_not_import_gets_no_form(self, client, two_municipalities, indicator):
        token = self.token(client.get("/login").text)
        client.post(
            "/login",
            data={
                "email": "viewer@alfa.kommune.no",
                "password": TEST_PASSWORD,
                "csrf_token": token,
            },
        )
        response = upload(client, indicator, csv_of(100 * 1024))
        assert response.status_code == 403
        assert 'name="file"' not in response.text


class TestOtherPages:
    @pytest.fixture
    def app_settings(self):
        return {"MAX_CONTENT_LENGTH": 1024}

    @pytest.mark.parametrize(
        "url",
        [
            "/m/alfa/strategy/channels/new",  # another blueprint
            "/m/alfa/results/projects/new",  # another page of the results
        ],
    )
    def test_keep_the_generic_413_page(self, client, auth, indicator, url):
        auth.login("admin@alfa.kommune.no")
        response = client.post(url, data={"name": "x" * 4096})
        assert response.status_code == 413
        assert 'id="file-error"' not in response.text
        assert "Import measurements" not in response.text

    def test_an_archived_indicator_sends_the_person_back(self, client, auth, indicator):
        indicator.archived = True
        db.session.commit()
        auth.login("editor@alfa.kommune.no")
        response = upload(client, indicator, csv_of(4096))
        assert response.status_code == 302
        assert response.location.endswith(f"/results/indicators/{indicator.id}")

import pytest

from tests.problems import assert_problem


@pytest.mark.django_db
def test_api_root_links_to_the_docs(api_client):
    response = api_client.get("/api/v1/")
    assert response.status_code == 200
    links = response.json()["links"]
    assert links["docs"].endswith("/api/v1/docs/")
    assert links["schema"].endswith("/api/v1/schema/")


@pytest.mark.django_db
def test_unknown_api_path_is_a_problem_json_404(api_client):
    response = api_client.get("/api/v1/no-such-thing/")
    assert_problem(response, 404)
    assert response.json()["status"] == 404


@pytest.mark.django_db
def test_docs_are_served_without_a_cdn(api_client):
    for path in ("/api/v1/docs/", "/api/v1/redoc/"):
        response = api_client.get(path)
        assert response.status_code == 200
        html = response.content.decode()
        assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
        assert "/static/drf_spectacular_sidecar/" in html


@pytest.mark.django_db
def test_admin_login_page_is_served(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_docs_pages_fetch_nothing_from_another_origin(api_client):
    for path in ("/api/v1/docs/", "/api/v1/redoc/"):
        response = api_client.get(path)
        html = response.content.decode()
        # No web fonts (Redoc's template linked Google Fonts)...
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        assert "https://" not in html.replace("https://www.w3.org", "")
        # ... and a policy that keeps the browser on this origin (Redoc's
        # bundle renders Redocly's logo from their CDN otherwise).
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "img-src 'self' data:" in policy
        assert "http" not in policy

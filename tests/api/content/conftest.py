def by_path(client, path, **params):
    response = client.get("/api/v1/pages/resolve/", {"path": path, **params})
    assert response.status_code == 200, response.content
    return response.json()

"""Every requested rendition set gives a usable srcset."""

from core.demo import demo_image


def test_crops_only_give_the_first_crops_srcset_not_an_empty_one(anon):
    image = demo_image(title="Wide photo", colour=(40, 80, 120), size=(1600, 900))
    data = anon.get(
        f"/api/v1/images/{image.pk}/", {"renditions": "square,social"}
    ).json()
    square = data["renditions"]["square"]
    assert data["srcset"] == f"{square['url']} {square['width']}w"


def test_width_renditions_keep_the_width_srcset_beside_crops(anon):
    image = demo_image(title="Wide photo 2", colour=(40, 80, 20), size=(1600, 900))
    data = anon.get(
        f"/api/v1/images/{image.pk}/", {"renditions": "square,small,medium"}
    ).json()
    assert data["srcset"] == ", ".join(
        f"{data['renditions'][n]['url']} {data['renditions'][n]['width']}w"
        for n in ("small", "medium")
    )

"""Submit admin forms the way a browser does: every field as the page rendered it."""

from bs4 import BeautifulSoup


def form_fields(response):
    """The values the change form would submit unchanged (files left out)."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", id=lambda value: value and value.endswith("_form"))
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("file", "submit", "button"):
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = [option.get("value", "") for option in field.find_all("option", selected=True)]
            if field.has_attr("multiple"):
                data[name] = chosen
            elif chosen:
                data[name] = chosen[0]
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


def submit(client, url, **changes):
    """GET the admin form at `url`, apply `changes`, POST it back; returns the response."""
    data = form_fields(client.get(url))
    data.update(changes)
    return client.post(url, data)

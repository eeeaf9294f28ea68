"""The class summary's per-learner table in a real browser (Debian's chromium): a header button sorts
the rows by that column, from the keyboard too, and pressing it again reverses the order."""

from __future__ import annotations

from course.classroom import class_summary_html, example_report, summarise_reports


def _report(name, lessons_completed, created):
    r = example_report(name)
    r["learner_id"] = f"{name.lower():0<8}"[:8]
    r["created"] = created
    r["lessons"] = [{"number": f"{k:02d}", "opened": True, "completed": True} for k in range(lessons_completed)]
    return r


def test_the_learner_table_sorts_by_a_column_from_the_keyboard(browser, tmp_path):
    reports = [(f"{n}.json", _report(n, k, d)) for n, k, d in
               [("Cem", 2, "2025-03-01"), ("Ana", 5, "2025-01-01"), ("Ben", 0, "2025-02-01")]]
    page_file = tmp_path / "class.html"
    page_file.write_text(class_summary_html(summarise_reports(reports), []), encoding="utf-8")
    context = browser.new_context(offline=True)
    page = context.new_page()
    try:
        page.goto(page_file.as_uri())
        table = page.locator("table.course-learners")

        def first_column():
            return [t.split(" ")[0] for t in table.locator("tbody tr td:first-child").all_inner_texts()]

        assert first_column() == ["Cem", "Ana", "Ben"]   # the order of the files
        completed = table.locator("thead th").nth(2)
        completed.locator("button").focus()
        page.keyboard.press("Enter")
        assert first_column() == ["Ben", "Cem", "Ana"]   # 0, 2, 5 lessons completed
        assert completed.get_attribute("aria-sort") == "ascending"
        page.keyboard.press("Enter")
        assert first_column() == ["Ana", "Cem", "Ben"]
        assert completed.get_attribute("aria-sort") == "descending"
        table.locator("thead th").nth(0).locator("button").click()
        assert first_column() == ["Ana", "Ben", "Cem"]   # names, alphabetically
    finally:
        context.close()

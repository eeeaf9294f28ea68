"""The widget of Lesson 00 that keeps progress across temporary sessions: download the record,
or import a copy downloaded earlier (the reading and merging are in :mod:`course.progress_transfer`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as widgets

from .progress import ProgressError, default_store
from .progress_transfer import ImportRefused, MergeReport, download_link_html, ephemeral_host, import_progress
from .text import strip_html

class ProgressTransfer:
    """Download the progress record, or import one downloaded earlier.

    Attributes
    ----------
    download : ipywidgets.HTML
        The download link (refreshed by the Refresh button and after an import).
    upload : ipywidgets.FileUpload
        Choose a ``.json`` file saved with the download link.
    import_button : ipywidgets.Button
    status : ipywidgets.HTML
        What happened, in words (class ``course-readout``).
    """

    def __init__(self, store=None):
        self.store = store or default_store()
        host = ephemeral_host()
        note = (f"<p><b>You are on {host}:</b> download your progress before you leave.</p>" if host else "")
        self.download = widgets.HTML()
        self.refresh_button = widgets.Button(description="Refresh link", icon="refresh",
                                             tooltip="Put your latest answers into the download link")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.upload = widgets.FileUpload(accept=".json,application/json", multiple=False,
                                         description="Choose file")
        self.import_button = widgets.Button(description="Import", button_style="primary",
                                            tooltip="Merge the chosen file into your progress")
        self.import_button.add_class("course-import")
        self.import_button.on_click(lambda _b: self.import_uploaded())
        self.status = widgets.HTML()
        self.status.add_class("course-readout")
        self.widget = widgets.VBox([
            widgets.HTML(f"{note}<p><b>Keep a copy of your progress:</b></p>"),
            widgets.HBox([self.download, self.refresh_button]),
            widgets.HTML("<p><b>Carry on from a copy:</b> choose a file you downloaded earlier, then press "
                         "Import. Your answers here and in the file are both kept.</p>"),
            widgets.HBox([self.upload, self.import_button]),
            self.status,
        ])
        self.widget.add_class("course-progress-transfer")
        self.refresh()

    def refresh(self) -> None:
        try:
            record = self.store.load()
        except ProgressError as exc:
            self.download.value = ""
            self._say(f"⚠ {exc}", alert=True)
            return
        self.download.value = download_link_html(record)

    def _say(self, text: str, alert: bool = False) -> None:
        role = "alert" if alert else "status"
        self.status.value = f'<span role="{role}">{html.escape(text)}</span>'

    def import_bytes(self, content: bytes) -> MergeReport | None:
        """Merge the bytes of a downloaded record; the status line says what happened."""
        try:
            report = import_progress(content, self.store)
        except (ImportRefused, ProgressError) as exc:
            self._say(f"⚠ Not imported: {exc}", alert=True)
            return None
        self._say(f"✔ {report.text}")
        self.refresh()
        return report

    def import_uploaded(self) -> MergeReport | None:
        """Import the file chosen in the upload box."""
        files = self.upload.value
        if not files:
            self._say("Choose a file first (the button on the left), then press Import.", alert=True)
            return None
        item = files[0] if isinstance(files, (list, tuple)) else next(iter(files.values()))
        content = item["content"] if isinstance(item, Mapping) else item.content
        return self.import_bytes(bytes(content))

    @property
    def status_text(self) -> str:
        return strip_html(self.status.value)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def show_progress_transfer() -> ProgressTransfer:
    """Show the download link of your progress and the box to import a copy (Lesson 00)."""
    return ProgressTransfer()

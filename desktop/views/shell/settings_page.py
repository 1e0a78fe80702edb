"""Settings: the UI language (applies at the next start) and the station's facts."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop.context import AppContext
from desktop.messages import LANGUAGES
from desktop.models.core.labels import STATION_LEVEL_LABELS
from desktop.views.shared.forms import plain_label
from desktop.views.shared.labels import label


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        ui = QGroupBox(self.tr("Display"))
        ui_form = QFormLayout(ui)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(ctx.language)))
        self.language.currentIndexChanged.connect(self._language_changed)
        ui_form.addRow(self.tr("Language"), self.language)
        self.language_note = QLabel()
        self.language_note.setWordWrap(True)
        ui_form.addRow(self.language_note)
        layout.addWidget(ui)

        st = ctx.station
        box = QGroupBox(self.tr("Station"))
        form = QFormLayout(box)
        if st is not None:
            for name, value in (
                (self.tr("Station code"), st.code), (self.tr("Station name"), st.name),
                (self.tr("Level"), label(STATION_LEVEL_LABELS, st.level)), (self.tr("District"), st.district),
                (self.tr("Address"), st.address), (self.tr("Complaint phone"), st.complaint_phone),
                (self.tr("Complaint e-mail"), st.complaint_email), (self.tr("Device ID"), st.device_uuid),
            ):
                form.addRow(name, plain_label(value))
        layout.addWidget(box)
        layout.addStretch(1)

    def _language_changed(self) -> None:
        self.ctx.set_language(self.language.currentData())
        self.language_note.setText(self.tr("The new language applies the next time the app starts."))

"""Settings: the UI language (applies at the next start), the station's facts and its time zone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.messages import LANGUAGES
from desktop.models.core import station
from desktop.models.core.clock import DEFAULT_TIME_ZONE, zone_names
from desktop.models.core.labels import STATION_LEVEL_LABELS
from desktop.views.shared.forms import Form, apply_change_in_background, line_edit, plain_label
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
            self._add_time_zone(form, st.time_zone)
        layout.addWidget(box)
        layout.addStretch(1)

    def _add_time_zone(self, layout: QFormLayout, zone: str) -> None:
        """The zone the station's times are shown, printed and exported in: an admin may change it."""
        if self.ctx.user is None or not self.ctx.user.is_admin:
            layout.addRow(self.tr("Time zone"), plain_label(zone))
            return
        self.zone_form = Form(layout)
        self.time_zone = self.zone_form.add("time_zone", self.tr("Time zone"), line_edit(64, DEFAULT_TIME_ZONE))
        self.time_zone.setText(zone)
        self.time_zone.setMaximumWidth(self.time_zone.fontMetrics().horizontalAdvance("America/Argentina/Buenos_Aires"
                                                                                      ) + 40)
        completer = QCompleter(sorted(zone_names()), self.time_zone)  # type "shang": Asia/Shanghai
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.time_zone.setCompleter(completer)
        self.time_zone.setToolTip(self.tr("The IANA name of the zone, for example Asia/Shanghai. Times on screen, "
                                          "in printed documents and in exports are shown in it."))
        self.zone_button = QPushButton(self.tr("Change time zone"))
        self.zone_button.clicked.connect(self.save_time_zone)
        self.time_zone.returnPressed.connect(self.save_time_zone)
        row = QHBoxLayout()
        row.addWidget(self.zone_button)
        row.addStretch(1)
        layout.addRow("", row)

    def save_time_zone(self) -> None:
        db, actor, name = self.ctx.db, self.ctx.user_id, self.time_zone.text()
        apply_change_in_background(self, self.ctx, lambda: station.set_time_zone(db, actor, name), self.zone_form,
                                   lambda _changes: self._zone_saved(), busy=[self.zone_button])

    def _zone_saved(self) -> None:
        self.ctx.refresh_station()
        self.zone_form.show_errors({})

    def _language_changed(self) -> None:
        self.ctx.set_language(self.language.currentData())
        self.language_note.setText(self.tr("The new language applies the next time the app starts."))

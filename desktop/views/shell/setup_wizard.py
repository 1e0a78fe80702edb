"""First run: the station's facts (§7.5.2 complaint channels included) and the first admin account."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWizard, QWizardPage

from desktop.context import AppContext
from desktop.messages import QT_TRANSLATE_NOOP
from desktop.models.accounts.passwords import check_new_password
from desktop.models.core import station
from desktop.models.core.errors import Invalid, Refused
from desktop.models.core.labels import STATION_LEVEL_LABELS
from desktop.models.core.standard import DISTRICTS
from desktop.models.core.tables import STATION_LEVELS
from desktop.models.core.validators import check_login, check_required
from desktop.views.shared.forms import Form, line_edit
from desktop.views.shared.labels import label


class _Page(QWizardPage):
    """A page whose fields show their messages once touched; Next is enabled only when all are good."""

    def __init__(self) -> None:
        super().__init__()
        self.form = Form(QFormLayout(self))
        self.touched: set[str] = set()

    def touch(self, key: str) -> None:
        self.touched.add(key)
        self.refresh()

    def errors(self) -> dict[str, str]:
        raise NotImplementedError

    def refresh(self) -> None:
        self.form.show_errors(self.errors(), only=self.touched)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.errors()


class StationPage(_Page):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Station"))
        self.setSubTitle(self.tr("The facts of this station, printed on its documents and sent to the city platform."))
        f = self.form
        self.code = f.add("code", self.tr("Station code"), line_edit(20, "LZ-YF01", lambda: self.touch("code")))
        example = self.tr("e.g. Yufeng District Quality Service Station")
        self.name = f.add("name", self.tr("Station name"), line_edit(100, example,
                                                                     lambda: self.touch("name")))
        self.level = QComboBox()
        for level in STATION_LEVELS:
            self.level.addItem(label(STATION_LEVEL_LABELS, level), level)
        self.level.setCurrentIndex(STATION_LEVELS.index("district"))
        f.add("level", self.tr("Level"), self.level)
        self.district = QComboBox()
        self.district.addItem(self.tr("(choose)"), "")
        for d in DISTRICTS:
            self.district.addItem(d, d)
        self.district.currentIndexChanged.connect(lambda: self.touch("district"))
        f.add("district", self.tr("District"), self.district)
        self.address = f.add("address", self.tr("Address"), line_edit(200, "", lambda: self.touch("address")))
        self.phone = f.add("complaint_phone", self.tr("Complaint phone"),
                           line_edit(20, "0772-1234567", lambda: self.touch("complaint_phone")))
        self.email = f.add("complaint_email", self.tr("Complaint e-mail"),
                           line_edit(100, "zlfw@example.cn", lambda: self.touch("complaint_email")))
        hint = QLabel(self.tr("The complaint phone and e-mail are published at the window (§7.5.2)."))
        hint.setWordWrap(True)
        f.layout.addRow(hint)

    def value(self) -> station.StationInput:
        return station.StationInput(
            code=self.code.text().strip().upper(), name=self.name.text(),
            level=self.level.currentData(), district=self.district.currentData(),
            address=self.address.text(), complaint_phone=self.phone.text(),
            complaint_email=self.email.text(),
        )

    def errors(self) -> dict[str, str]:
        return station.validate_station(self.value())


class AdminPage(_Page):
    def __init__(self, station_page: StationPage | None = None) -> None:
        super().__init__()
        self.station_page = station_page  # its name and code: a password must not be made of them
        self.setTitle(self.tr("First admin account"))
        self.setSubTitle(self.tr("The station admin manages accounts, the service catalogue and settings."))
        f = self.form
        self.login = f.add("admin_login", self.tr("User name"),
                           line_edit(32, "admin", lambda: self.touch("admin_login")))
        self.full_name = f.add("admin_name", self.tr("Full name"), line_edit(50, "", lambda: self.touch("admin_name")))
        self.password = f.add("admin_password", self.tr("Password"),
                              line_edit(128, "", lambda: self.touch("admin_password")))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = f.add("confirm", self.tr("Repeat password"), line_edit(128, "", lambda: self.touch("confirm")))
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)

    def errors(self) -> dict[str, str]:
        pw = self.password.text()
        differ = QT_TRANSLATE_NOOP("messages", "The two passwords differ.")
        errors = {
            "admin_login": check_login(self.login.text()),
            "admin_name": check_required(self.full_name.text(), 50),
            "admin_password": check_new_password(
                pw, (self.login.text(), self.full_name.text(), *self._station_words())),
            "confirm": None if self.confirm.text() == pw else differ,
        }
        return {k: v for k, v in errors.items() if v}

    def _station_words(self) -> tuple[str, ...]:
        page = self.station_page
        return (page.name.text(), page.code.text()) if page is not None else ()


class SetupWizard(QWizard):
    """Creates the station, this device and the first admin; emits ``set_up`` with the admin's login."""

    set_up = Signal(str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(self.tr("Quality Station set-up"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.station_page = StationPage()
        self.admin_page = AdminPage(self.station_page)
        self.addPage(self.station_page)
        self.addPage(self.admin_page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Set up station"))
        self.resize(560, 480)

    def validateCurrentPage(self) -> bool:
        page = self.currentPage()
        if isinstance(page, _Page):
            page.touched.update(page.form.errors)
            page.refresh()
            if page.errors():
                return False
        if page is self.admin_page:
            return self._create()
        return True

    def _create(self) -> bool:
        a = self.admin_page
        try:
            station.setup(self.ctx.db, self.station_page.value(), a.login.text().strip(),
                          a.full_name.text(), a.password.text())
        except Invalid as exc:
            for page in (self.station_page, self.admin_page):
                page.form.show_errors(exc.errors, only=set(exc.errors) & set(page.form.errors))
            return False
        except Refused:
            pass  # set up meanwhile (another window): go on to the login
        self.ctx.refresh_station()
        self.set_up.emit(a.login.text().strip())
        return True
